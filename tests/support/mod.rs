//! What the browser tests (`api_browser`, `contact_browser`, `tickets_browser`) share: the simulator's control
//! API, a widget mounted into its own shadow root, and a user's hands on it (typing, choosing,
//! clicking, picking files, waiting for the DOM to catch up). Each test file adds the helpers
//! of its own screen in its own `impl Mounted` block.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Value};
use support_widget::embed::{mount, Widget};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, Event, EventInit, File, FilePropertyBag, HtmlElement, HtmlInputElement,
    RequestInit, Response, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

/// The simulator, set at compile time by `cargo xtask test`.
pub const SIM: &str = match option_env!("SW_SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:4010",
};
/// The simulator's content host (attachments), set the same way.
pub const CONTENT: &str = match option_env!("SW_SIM_CONTENT_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:4011",
};

/// The seeded account's users, tokens and requests, named as in the simulator's seed
/// (`sim/src/seed/users.rs`, `sim/src/seed/requests.rs`), so a test says which one it uses.
pub mod seeded {
    /// Ada Lovelace, the signed-in end user of most tests.
    pub const ADA: u64 = 1001;
    /// Ada's access token.
    pub const ADA_TOKEN: &str = "ada-token";
    /// Grace Hopper, copied on some of Ada's requests.
    pub const GRACE: u64 = 1002;
    /// Grace's access token.
    pub const GRACE_TOKEN: &str = "grace-token";
    /// The user with two thousand requests.
    pub const BULK: u64 = 1003;
    /// The bulk user's access token.
    pub const BULK_TOKEN: &str = "bulk-token";
    /// Charles Babbage, a second user on the same device.
    pub const CHARLES: u64 = 1004;
    /// Charles's access token.
    pub const CHARLES_TOKEN: &str = "charles-token";

    /// Ada's open request with a rich agent reply, an inline image and attachments.
    pub const RICH: u64 = 101;
    /// Ada's pending request.
    pub const PENDING: u64 = 102;
    /// Ada's solved request (rated by her).
    pub const SOLVED: u64 = 103;
    /// Ada's closed request (follow-ups only).
    pub const CLOSED: u64 = 104;
    /// Ada's open request she may solve.
    pub const SOLVABLE: u64 = 105;
    /// The request whose agent comment is hostile HTML.
    pub const HOSTILE: u64 = 108;
    /// The request with a thousand comments.
    pub const LONG: u64 = 120;
    /// The bulk user's first request id.
    pub const BULK_FIRST: u64 = 10_000;
}

// ----- the simulator's control API -----

/// A raw fetch to the simulator (no client, no retries): status and body text.
pub async fn raw(
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let init = RequestInit::new();
    init.set_method(method);
    let header_map = web_sys::Headers::new().unwrap();
    for (name, value) in headers {
        header_map.set(name, value).unwrap();
    }
    if let Some(body) = body {
        header_map.set("Content-Type", "application/json").unwrap();
        init.set_body(&body.into());
    }
    init.set_headers(&header_map);
    let response: Response = JsFuture::from(
        web_sys::window()
            .unwrap()
            .fetch_with_str_and_init(&format!("{SIM}{path}"), &init),
    )
    .await
    .unwrap_or_else(|_| {
        panic!("simulator unreachable at {SIM}{path}: is it running with --control?")
    })
    .unchecked_into();
    let text = JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap_or_default();
    (response.status(), text)
}

/// A call to the simulator's control API; panics unless it answers 2xx.
pub async fn control(method: &str, path: &str, body: Option<Value>) -> String {
    let body = body.map(|body| body.to_string());
    let (status, text) = raw(method, path, body.as_deref(), &[]).await;
    assert!(
        (200..300).contains(&status),
        "{method} {path} → {status} {text}"
    );
    text
}

/// A host's option object with the contents of `options`, as a page would write it.
pub fn js_options(options: &Value) -> JsValue {
    js_sys::JSON::parse(&options.to_string()).unwrap()
}

/// The simulator back to its seed, and this browser's storage empty.
pub async fn reset() {
    control("POST", "/__sim/reset", None).await;
    storage().clear().unwrap();
    // Each test starts a fresh record of what loaded (the browser keeps 250 at most).
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let clear: js_sys::Function =
        js_sys::Reflect::get(&performance, &"clearResourceTimings".into())
            .unwrap()
            .unchecked_into();
    clear.call0(&performance).unwrap();
}

/// The page's `localStorage`.
pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Arms a simulator fault (see docs/simulator.md).
pub async fn fault(fault: Value) {
    control("POST", "/__sim/faults", Some(fault)).await;
}

/// The simulator's call log, oldest first.
pub async fn all_calls() -> Vec<Value> {
    let body: Value = serde_json::from_str(&control("GET", "/__sim/calls", None).await).unwrap();
    body["calls"].as_array().cloned().unwrap_or_default()
}

/// Calls the simulator received with `method` whose path starts with `path_prefix`.
pub async fn calls(method: &str, path_prefix: &str) -> Vec<Value> {
    all_calls()
        .await
        .into_iter()
        .filter(|c| c["method"] == method && c["path"].as_str().unwrap().starts_with(path_prefix))
        .collect()
}

/// Empties the simulator's call log.
pub async fn clear_calls() {
    control("DELETE", "/__sim/calls", None).await;
}

/// The JSON bodies of the calls with `method` under `path_prefix`.
pub async fn bodies(method: &str, path_prefix: &str) -> Vec<Value> {
    calls(method, path_prefix)
        .await
        .iter()
        .map(|c| serde_json::from_str(c["body"].as_str().unwrap()).unwrap())
        .collect()
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// The names (URLs) of the resources this page has finished loading, from the browser's
/// resource timing: an entry appears once the whole answer has arrived.
fn loaded_resources() -> Vec<String> {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let by_type: js_sys::Function = js_sys::Reflect::get(&performance, &"getEntriesByType".into())
        .unwrap()
        .unchecked_into();
    let entries: js_sys::Array = by_type
        .call1(&performance, &"resource".into())
        .unwrap()
        .unchecked_into();
    entries
        .iter()
        .filter_map(|e| js_sys::Reflect::get(&e, &"name".into()).ok()?.as_string())
        .collect()
}

/// The next animation frame, or 100 ms, whichever comes first (a hidden or throttled page
/// draws no frames).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().unwrap();
        window.request_animation_frame(&resolve).unwrap();
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until an answer from a URL containing `path` has arrived in full and then nothing
/// else loads for two animation frames: the widget has acted on that answer. For "nothing
/// else happened" checks, instead of a fixed sleep.
pub async fn settled_after(path: &str) {
    for _ in 0..1000 {
        let before = loaded_resources();
        if before.iter().any(|name| name.contains(path)) {
            next_frame().await;
            next_frame().await;
            if loaded_resources().len() == before.len() {
                return;
            }
        } else {
            sleep(20).await;
        }
    }
    panic!("timed out waiting for an answer from {path} and a quiet page");
}

// ----- a widget, and a user's hands -----

/// A widget mounted inline against the simulator; unmounted and removed when dropped.
pub struct Mounted {
    pub host: HtmlElement,
    pub root: ShadowRoot,
    pub widget: Option<Widget>,
    /// `(event name, detail)` of every `support-widget:*` event the host heard.
    pub events: Rc<RefCell<Vec<(String, Value)>>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(widget) = self.widget.take() {
            widget.destroy();
        }
        self.host.remove();
    }
}

impl Mounted {
    /// Mounts an inline English widget with `extra` options, signed in with `token` or
    /// anonymous.
    pub fn new(extra: Value, token: Option<&'static str>) -> Mounted {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        let root = host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .unwrap();
        let mut config = json!({"baseUrl": SIM, "mode": "inline", "locale": "en"});
        for (key, value) in extra.as_object().unwrap() {
            config[key] = value.clone();
        }
        let get_access_token = match token {
            Some(token) => {
                Closure::<dyn Fn() -> JsValue>::new(move || token.into()).into_js_value()
            }
            None => JsValue::UNDEFINED,
        };
        let events = Rc::new(RefCell::new(Vec::new()));
        for name in ["request-created", "comment-added", "error"] {
            let seen = events.clone();
            let listener =
                Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
                    let detail = js_sys::JSON::stringify(&event.detail())
                        .ok()
                        .and_then(|s| s.as_string())
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .unwrap_or(Value::Null);
                    seen.borrow_mut().push((name.to_owned(), detail));
                });
            host.add_event_listener_with_callback(
                &format!("support-widget:{name}"),
                listener.as_ref().unchecked_ref(),
            )
            .unwrap();
            listener.forget();
        }
        let widget = mount(
            host.clone(),
            root.clone(),
            js_options(&config),
            get_access_token,
        )
        .unwrap();
        Mounted {
            host,
            root,
            widget: Some(widget),
            events,
        }
    }

    /// The details of the `support-widget:{name}` events heard so far.
    pub fn events_named(&self, name: &str) -> Vec<Value> {
        self.events
            .borrow()
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, detail)| detail.clone())
            .collect()
    }

    /// The widget handle.
    pub fn widget(&self) -> &Widget {
        self.widget.as_ref().unwrap()
    }

    /// Unmounts, as a reload or closing the tab does.
    pub fn unmount(mut self) {
        if let Some(widget) = self.widget.take() {
            widget.destroy();
        }
    }

    pub fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(selector)
            .unwrap()
            .map(|e| e.unchecked_into())
    }

    pub fn get(&self, selector: &str) -> HtmlElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("{selector} not found in: {}", self.text()))
    }

    pub fn all(&self, selector: &str) -> Vec<HtmlElement> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into())
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.root.query_selector_all(selector).unwrap().length() as usize
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    /// The trimmed texts of the elements matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        self.all(selector)
            .iter()
            .map(|e| e.text_content().unwrap_or_default().trim().to_owned())
            .collect()
    }

    /// The `value` of an input, textarea or select.
    pub fn value(&self, selector: &str) -> String {
        js_sys::Reflect::get(&self.get(selector), &"value".into())
            .unwrap()
            .as_string()
            .unwrap()
    }

    /// Polls until `done` (DOM updates are asynchronous); panics after 20 s.
    pub async fn until(&self, what: &str, done: impl Fn(&Mounted) -> bool) {
        for _ in 0..1000 {
            if done(self) {
                return;
            }
            sleep(20).await;
        }
        panic!(
            "timed out waiting for {what}; the widget shows: {}",
            self.text()
        );
    }

    pub async fn wait_for(&self, what: &str, selector: &str) -> HtmlElement {
        self.until(what, |m| m.find(selector).is_some()).await;
        self.get(selector)
    }

    pub async fn wait_for_text(&self, text: &str) {
        self.until(text, |m| m.text().contains(text)).await;
    }

    /// Dispatches a bubbling, composed event of `kind` on `target`.
    pub fn fire(&self, target: &HtmlElement, kind: &str) {
        let init = EventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        let event = Event::new_with_event_init_dict(kind, &init).unwrap();
        target.dispatch_event(&event).unwrap();
    }

    /// Types `text` into an input or textarea, as one input event.
    pub fn type_into(&self, selector: &str, text: &str) {
        let field = self.get(selector);
        js_sys::Reflect::set(&field, &"value".into(), &text.into()).unwrap();
        self.fire(&field, "input");
    }

    /// Chooses an option of a select by its value.
    pub fn choose(&self, selector: &str, value: &str) {
        let select = self.get(selector);
        js_sys::Reflect::set(&select, &"value".into(), &value.into()).unwrap();
        self.fire(&select, "change");
    }

    pub fn click(&self, selector: &str) {
        self.get(selector).click();
    }

    /// Clicks the button whose text contains `label`.
    pub fn click_button(&self, label: &str) {
        self.all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().contains(label))
            .unwrap_or_else(|| panic!("no button {label:?} in: {}", self.text()))
            .click();
    }

    /// Puts files into the file input matching `selector`, as choosing them in the file
    /// dialog does.
    pub fn pick_into(&self, selector: &str, files: &[File]) {
        let input: HtmlInputElement = self.get(selector).unchecked_into();
        input.set_files(Some(&transfer(files).files().unwrap()));
        self.fire(&input, "change");
    }
}

/// A file with `contents` and MIME type `kind`.
pub fn file(name: &str, contents: &str, kind: &str) -> File {
    let options = FilePropertyBag::new();
    options.set_type(kind);
    File::new_with_str_sequence_and_options(&js_sys::Array::of1(&contents.into()), name, &options)
        .unwrap()
}

/// A `DataTransfer` holding `files` (for pickers, drops and pastes).
pub fn transfer(files: &[File]) -> DataTransfer {
    let transfer = DataTransfer::new().unwrap();
    for file in files {
        transfer.items().add_with_file(file).unwrap();
    }
    transfer
}
