//! support-widget: an embeddable Zendesk "Contact support" and "My tickets" widget.
//!
//! * [`api`]: the typed Requests API client (no Leptos types; its pure logic tests natively).
//! * `ui`: the Leptos screens (browser only).
//! * [`host`]: what the host asked for that the screens need too (mode, first view, prefill).
//! * [`embed`]: the only `#[wasm_bindgen]` surface, the public contract with the host page.

pub mod api;
pub mod embed;
pub mod host;
pub mod i18n;
pub mod model;
#[cfg(target_arch = "wasm32")]
pub mod ui;
