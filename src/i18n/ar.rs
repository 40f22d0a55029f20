//! Arabic interface messages.
use super::Messages;

/// Arabic messages.
pub const MESSAGES: Messages = Messages {
    tag: "ar",
    rtl: true,
    support: "الدعم",
    close: "إغلاق",
    contact_tab: "اتصل بالدعم",
    tickets_tab: "طلباتي",
    contact_lead: "أرسل إلينا رسالة وسنرد عليك عبر البريد الإلكتروني.",
    tickets_lead: "تظهر طلباتك والردود عليها هنا.",
};
