//! German interface messages.
use super::Messages;

/// German messages.
pub const MESSAGES: Messages = Messages {
    tag: "de",
    rtl: false,
    support: "Support",
    close: "Schließen",
    contact_tab: "Support kontaktieren",
    tickets_tab: "Meine Anfragen",
    contact_lead: "Schreiben Sie uns, wir antworten Ihnen per E-Mail.",
    tickets_lead: "Hier sehen Sie Ihre Anfragen und die Antworten darauf.",
};
