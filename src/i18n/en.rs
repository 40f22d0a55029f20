//! English interface messages.
use super::Messages;

/// English messages.
pub const MESSAGES: Messages = Messages {
    tag: "en",
    rtl: false,
    support: "Support",
    close: "Close",
    contact_tab: "Contact support",
    tickets_tab: "My tickets",
    contact_lead: "Send us a message and we'll get back to you by email.",
    tickets_lead: "Your requests and their replies appear here.",
};
