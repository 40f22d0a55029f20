//! Leptos screens, one file per screen, and the small parts they share.

pub mod shell;
