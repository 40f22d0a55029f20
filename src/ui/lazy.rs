//! A part of the panel whose code arrives later: in the release build, "My tickets" and the
//! conversation are a wasm chunk of their own (Leptos's `wasm_split`, cut by `wasm-split-cli`
//! in `cargo xtask dist`), fetched the first time they are wanted. While it downloads the
//! panel says so; when it can't be fetched it says that, with "Try again", and the rest of the
//! panel (a half-typed message included) is untouched.

use std::future::Future;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::model::prefetch::Connection;

use super::shared::{boxed, use_messages, Loaded};

/// Why a chunk's view could not be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkError {
    /// The chunk's file could not be fetched or instantiated (offline, a 404, a CSP refusal).
    /// Nothing is cached: the next attempt fetches it again.
    NotLoaded,
}

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError::NotLoaded
    }
}

/// How a chunk draws its view: a function in the chunk, called once the chunk is loaded.
pub type Draw = fn() -> AnyView;

/// Draws the view whose drawing function `load` gives: "Loading…" until it resolves, and on
/// [`ChunkError::NotLoaded`] a clear message with "Try again", which calls `load` anew.
///
/// `load` hands back a function rather than a view so that the view is drawn where a screen
/// is always drawn, in the panel's own reactive scope (a view built inside the loading task
/// would belong to the task). Outside a split build, or once the chunk is fetched, `load`
/// resolves at once and the screen is drawn straight away, without "Loading…".
#[component]
pub fn Chunk<L, F>(load: L) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = Result<Draw, ChunkError>> + 'static,
{
    let t = use_messages();
    let chunk = Loaded::new();
    chunk.load(load());
    move || match chunk.get() {
        None => view! { <p class="sw-muted" role="status">{t().loading}</p> }.into_any(),
        Some(Ok(draw)) => draw(),
        Some(Err(ChunkError::NotLoaded)) => view! {
            <div class="sw-error sw-chunk-error" role="alert">
                <p>{t().tickets_failed}</p>
                <button
                    type="button"
                    class="sw-secondary"
                    part="button"
                    on:click=boxed(move |_| {
                        chunk.reset();
                        chunk.load(load());
                    })
                >
                    {t().retry}
                </button>
            </div>
        }
        .into_any(),
    }
}

/// What this browser says of its connection; nothing said where it has no
/// `navigator.connection` (Firefox, Safari), which allows fetching ahead.
pub fn connection() -> Connection {
    let read = |target: &JsValue, key: &str| js_sys::Reflect::get(target, &key.into()).ok();
    let connection = read(&window().navigator().into(), "connection").filter(JsValue::is_object);
    let Some(connection) = connection else {
        return Connection::default();
    };
    Connection {
        save_data: read(&connection, "saveData").and_then(|v| v.as_bool()) == Some(true),
        effective_type: read(&connection, "effectiveType").and_then(|v| v.as_string()),
    }
}

/// Runs `task` once the page is idle (`requestIdleCallback`, at the latest after 3 s), or
/// after a second where the browser has no such call (Safari): work fetched ahead never
/// competes with drawing the screen the visitor is looking at.
pub fn when_idle(task: fn()) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(task);
    let window = window();
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let scheduled = match idle {
        Some(idle) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &3000.into());
            idle.call2(&window, &callback, &options).map(drop)
        }
        None => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 1000)
            .map(drop),
    };
    if scheduled.is_err() {
        task();
    }
}
