//! Portuguese (Brazil) interface messages.
use super::Messages;

/// Portuguese (Brazil) messages.
pub const MESSAGES: Messages = Messages {
    tag: "pt-BR",
    rtl: false,
    support: "Suporte",
    close: "Fechar",
    contact_tab: "Falar com o suporte",
    tickets_tab: "Minhas solicitações",
    contact_lead: "Envie uma mensagem e responderemos por e-mail.",
    tickets_lead: "Suas solicitações e as respostas aparecem aqui.",
};
