//! Hebrew interface messages.
use super::Messages;

/// Hebrew messages.
pub const MESSAGES: Messages = Messages {
    tag: "he",
    rtl: true,
    support: "תמיכה",
    close: "סגירה",
    contact_tab: "פנייה לתמיכה",
    tickets_tab: "הפניות שלי",
    contact_lead: "שלחו לנו הודעה ונחזור אליכם בדוא״ל.",
    tickets_lead: "הפניות שלכם והתשובות אליהן מופיעות כאן.",
};
