//! The exports the loader calls: `mount` returns a [`Widget`] handle whose methods back the
//! `SupportWidget(...)` commands.

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};

use super::config::{Config, View};
use crate::ui::shell::{Shell, ShellState};

/// The widget's own stylesheet, adopted into its shadow root. Compiled into the wasm so it
/// arrives with the code that needs it and needs no extra CSP allowance.
const STYLESHEET: &str = include_str!("../../style/support-widget.css");

/// A mounted widget. Dropping it (or calling [`Widget::destroy`]) unmounts the panel and
/// disposes of every signal, listener and effect it owned.
#[wasm_bindgen]
pub struct Widget {
    state: ShellState,
    host: HtmlElement,
    // Kept alive for as long as the widget lives: dropping it unmounts the view.
    _mounted: Box<dyn Any>,
    _owner: Owner,
}

/// Mounts the widget's panel into `root` (the shadow root the loader attached to `host`).
///
/// `config_json` is the host configuration without functions. Fails with a message that
/// names the bad option; the loader logs it once and fires `support-widget:error`.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, root: ShadowRoot, config_json: &str) -> Result<Widget, JsError> {
    let (config, unknown_keys) =
        Config::from_json(config_json).map_err(|e| JsError::new(&e.to_string()))?;
    for key in unknown_keys {
        web_sys::console::warn_1(&format!("support-widget: unknown option `{key}` ignored").into());
    }
    adopt_stylesheet(&root)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("no document"))?;
    let container: HtmlElement = document
        .create_element("div")
        .map_err(|_| JsError::new("cannot create the panel container"))?
        .unchecked_into();
    container.set_class_name("sw-root");
    root.append_child(&container)
        .map_err(|_| JsError::new("cannot attach the panel"))?;

    let owner = Owner::new();
    let (state, mounted) = owner.with(|| {
        let state = ShellState::new(&config);
        let events_host = host.clone();
        let on_change = move |event: &'static str| dispatch(&events_host, event);
        let mounted = leptos::mount::mount_to(container, move || {
            view! { <Shell state=state on_change=on_change/> }
        });
        (state, mounted)
    });
    Ok(Widget {
        state,
        host,
        _mounted: Box::new(mounted),
        _owner: owner,
    })
}

#[wasm_bindgen]
impl Widget {
    /// Opens the panel, on `view` ("contact" or "tickets") when given.
    pub fn open(&self, view: Option<String>) -> Result<(), JsError> {
        if let Some(view) = view {
            let view = match view.as_str() {
                "contact" => View::Contact,
                "tickets" => View::Tickets,
                other => {
                    return Err(JsError::new(&format!(
                        "open: view must be \"contact\" or \"tickets\", not {other:?}"
                    )))
                }
            };
            self.state.view.set(view);
        }
        self.state.set_open(true);
        Ok(())
    }

    /// Closes the panel.
    pub fn close(&self) {
        self.state.set_open(false);
    }

    /// Opens the panel when closed, closes it when open.
    pub fn toggle(&self) {
        self.state.set_open(!self.state.open.get_untracked());
    }

    /// Whether the panel is open.
    #[wasm_bindgen(getter, js_name = isOpen)]
    pub fn is_open(&self) -> bool {
        self.state.open.get_untracked()
    }

    /// Unmounts the widget and releases everything it held.
    pub fn destroy(self) {
        if self.state.open.get_untracked() {
            dispatch(&self.host, "close");
        }
        drop(self);
    }
}

fn adopt_stylesheet(root: &ShadowRoot) -> Result<(), JsError> {
    let sheet =
        CssStyleSheet::new().map_err(|_| JsError::new("constructable stylesheets unsupported"))?;
    sheet
        .replace_sync(STYLESHEET)
        .map_err(|_| JsError::new("stylesheet rejected"))?;
    let sheets = root.adopted_style_sheets();
    sheets.push(&sheet);
    root.set_adopted_style_sheets(&sheets);
    Ok(())
}

/// Fires `support-widget:{name}` on the host element, bubbling and composed so listeners on
/// `document` see it too.
fn dispatch(host: &HtmlElement, name: &str) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) =
        CustomEvent::new_with_event_init_dict(&format!("support-widget:{name}"), &init)
    {
        let _ = host.dispatch_event(&event);
    }
}
