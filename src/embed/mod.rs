//! The one place that talks to the host page: configuration, the `#[wasm_bindgen]` exports
//! the loader calls, the shadow root's stylesheet and the DOM events. Read this folder and
//! you know the whole public contract (see `docs/embedding.md`).

pub mod config;
pub mod options;

#[cfg(target_arch = "wasm32")]
mod language;
#[cfg(target_arch = "wasm32")]
mod viewport;
#[cfg(target_arch = "wasm32")]
mod widget;

#[cfg(target_arch = "wasm32")]
pub use widget::{mount, Widget};
