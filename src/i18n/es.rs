//! Spanish interface messages.
use super::Messages;

/// Spanish messages.
pub const MESSAGES: Messages = Messages {
    tag: "es",
    rtl: false,
    support: "Soporte",
    close: "Cerrar",
    contact_tab: "Contactar con soporte",
    tickets_tab: "Mis solicitudes",
    contact_lead: "Escríbenos y te responderemos por correo electrónico.",
    tickets_lead: "Aquí aparecen tus solicitudes y sus respuestas.",
};
