//! Leptos screens, one file per screen, and the small parts they share.

pub mod attachments;
pub mod cc;
pub mod contact;
pub mod conversation;
pub mod fields;
pub mod intl;
pub mod lazy;
pub mod rich_text;
pub mod services;
pub mod shared;
pub mod shell;
pub mod style;
pub mod suggestions;
pub mod tickets;
