//! French interface messages.
use super::Messages;

/// French messages.
pub const MESSAGES: Messages = Messages {
    tag: "fr",
    rtl: false,
    support: "Assistance",
    close: "Fermer",
    contact_tab: "Contacter l’assistance",
    tickets_tab: "Mes demandes",
    contact_lead: "Écrivez-nous, nous vous répondrons par e-mail.",
    tickets_lead: "Vos demandes et leurs réponses s’affichent ici.",
};
