//! The widget shell in headless Chromium: mounting into a shadow root, opening and closing,
//! tabs, Escape, DOM events, and refusing bad configuration. Each test mounts into its own
//! host element.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use support_widget::embed::mount;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{
    HtmlElement, KeyboardEvent, KeyboardEventInit, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh host element with an open shadow root, as the loader makes them.
fn host() -> (HtmlElement, ShadowRoot) {
    let host: HtmlElement = document()
        .create_element("support-widget-test")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    (host, root)
}

/// Lets Leptos' scheduled effects run.
async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

fn panel(root: &ShadowRoot) -> HtmlElement {
    root.query_selector("[part~=panel]")
        .unwrap()
        .expect("panel rendered")
        .unchecked_into()
}

fn count_events(host: &HtmlElement, name: &str) -> Rc<Cell<u32>> {
    let count = Rc::new(Cell::new(0));
    let seen = count.clone();
    let listener = Closure::<dyn Fn()>::new(move || seen.set(seen.get() + 1));
    host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();
    count
}

#[wasm_bindgen_test]
async fn launcher_panel_starts_closed_and_opens_on_command() {
    let (host, root) = host();
    let opened = count_events(&host, "support-widget:open");
    let closed = count_events(&host, "support-widget:close");
    let widget = mount(
        host.clone(),
        root.clone(),
        options(r#"{"subdomain":"acme"}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    settle().await;
    let panel = panel(&root);
    assert!(panel.hidden(), "a launcher widget starts closed");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("dialog"));
    // The shared stylesheet, and the widget's own one that keeps a phone's full-screen panel
    // above the on-screen keyboard.
    assert_eq!(
        root.adopted_style_sheets().length(),
        2,
        "stylesheets adopted into the shadow root"
    );

    widget.open(Some("tickets".into())).unwrap();
    settle().await;
    assert!(!panel.hidden());
    assert_eq!(opened.get(), 1);
    let selected = root
        .query_selector("[role=tab][aria-selected=true]")
        .unwrap()
        .unwrap();
    assert_eq!(selected.text_content().as_deref(), Some("My tickets"));

    widget.toggle();
    settle().await;
    assert!(panel.hidden());
    assert_eq!(closed.get(), 1);
    assert!(
        widget.open(Some("elsewhere".into())).is_err(),
        "unknown view refused"
    );
    widget.destroy();
    assert!(
        root.query_selector("[part~=panel]").unwrap().is_none(),
        "destroy unmounts"
    );
    assert_eq!(
        root.adopted_style_sheets().length(),
        1,
        "destroy takes the widget's own stylesheet away (a re-mount brings a new one)"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn escape_closes_and_tabs_switch() {
    let (host, root) = host();
    let widget = mount(
        host.clone(),
        root.clone(),
        options(r#"{"subdomain":"acme"}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    widget.open(None).unwrap();
    settle().await;
    let tickets: HtmlElement = root
        .query_selector("#sw-tab-tickets")
        .unwrap()
        .unwrap()
        .unchecked_into();
    tickets.click();
    settle().await;
    assert_eq!(
        tickets.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    let contact_panel: HtmlElement = root
        .query_selector("#sw-tabpanel-contact")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(contact_panel.hidden());

    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    tickets
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    settle().await;
    assert!(panel(&root).hidden(), "Escape closes the panel");
    assert!(!widget.is_open());
    widget.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn inline_mode_is_open_and_cannot_close() {
    let (host, root) = host();
    let widget = mount(
        host.clone(),
        root.clone(),
        options(r#"{"baseUrl":"http://127.0.0.1:4010","mode":"inline"}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    settle().await;
    let panel = panel(&root);
    assert!(!panel.hidden());
    assert_eq!(panel.get_attribute("role").as_deref(), Some("region"));
    assert!(
        root.query_selector(".sw-close").unwrap().is_none(),
        "no close button inline"
    );
    widget.close();
    settle().await;
    assert!(!panel.hidden());
    widget.destroy();
    host.remove();
}

/// An option object as a host page writes one (the test gives it as JSON text).
fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// What `mount` refuses `options` with.
fn refusal(options: JsValue) -> String {
    let (host, root) = host();
    let error = match mount(host.clone(), root, options, JsValue::UNDEFINED) {
        Ok(_) => panic!("bad options accepted"),
        Err(error) => JsValue::from(error),
    };
    host.remove();
    js_sys::Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn options_that_are_not_data_or_not_an_object_are_refused_by_name() {
    // A function where data belongs (only `getAccessToken` is a function, and it travels
    // apart): named, never silently dropped.
    let with_function = options(r#"{"subdomain":"acme"}"#);
    let function = js_sys::Function::new_no_args("return 'en'");
    js_sys::Reflect::set(&with_function, &"locale".into(), &function).unwrap();
    let message = refusal(with_function);
    assert!(message.contains("`locale` must be data"), "{message}");
    // An object that refers to itself, where data belongs: refused by name. Under a key no
    // option reads (a DOM node, a framework's object): only warned about, never read.
    let cyclic = js_sys::Object::new();
    js_sys::Reflect::set(&cyclic, &"me".into(), &cyclic).unwrap();
    let with_cycle = options(r#"{"subdomain":"acme"}"#);
    js_sys::Reflect::set(&with_cycle, &"prefill".into(), &cyclic).unwrap();
    let message = refusal(with_cycle);
    assert!(message.contains("`prefill` must be data"), "{message}");
    let (stray_host, stray_root) = host();
    let stray = options(r#"{"subdomain":"acme","mode":"inline"}"#);
    js_sys::Reflect::set(&stray, &"appState".into(), &cyclic).unwrap();
    let widget = mount(stray_host.clone(), stray_root, stray, JsValue::UNDEFINED).unwrap();
    widget.destroy();
    stray_host.remove();
    for not_an_object in [options("[]"), options(r#""acme""#), JsValue::NULL] {
        let message = refusal(not_an_object);
        assert!(message.contains("must be an object"), "{message}");
    }
    // `undefined` counts as not given, as `null` does; numbers and nested objects arrive as
    // they were written.
    let (host, root) = host();
    let given =
        options(r#"{"subdomain":"acme","ticketFormIds":[10,12],"prefill":{"fields":{"21":"x"}}}"#);
    js_sys::Reflect::set(&given, &"locale".into(), &JsValue::UNDEFINED).unwrap();
    let widget = mount(host.clone(), root, given, JsValue::UNDEFINED).unwrap();
    widget.destroy();
    host.remove();
}

#[wasm_bindgen_test]
fn bad_config_is_refused_with_a_clear_message() {
    let (host, root) = host();
    let error = match mount(
        host.clone(),
        root,
        options(r#"{"subdomain":"acme","theme":"purple"}"#),
        JsValue::UNDEFINED,
    ) {
        Ok(_) => panic!("bad theme accepted"),
        Err(error) => JsValue::from(error),
    };
    let message = js_sys::Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("`theme` must be one of"), "{message}");
    host.remove();
}

#[wasm_bindgen_test]
async fn locale_sets_language_and_direction() {
    let (host, root) = host();
    let widget = mount(
        host.clone(),
        root.clone(),
        options(r#"{"subdomain":"acme","locale":"ar","mode":"inline"}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    settle().await;
    let panel = panel(&root);
    assert_eq!(panel.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(panel.get_attribute("lang").as_deref(), Some("ar"));
    let title = root.query_selector("#sw-title").unwrap().unwrap();
    assert_eq!(title.text_content().as_deref(), Some("الدعم"));
    widget.destroy();
    host.remove();
}

/// Resolves a [`pending`] promise and lets what waits on it run.
async fn resolve_now(resolve: &js_sys::Function) {
    resolve.call0(&JsValue::NULL).unwrap();
    settle().await;
}

/// `value`, once `promise` is resolved.
async fn answer_when(promise: js_sys::Promise, value: u32) -> u32 {
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    value
}

/// A promise and its `resolve`, so a test decides when a load's answer comes.
fn pending() -> (js_sys::Promise, js_sys::Function) {
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
    (promise, resolve.unwrap())
}

/// What the ticket forms read and the "My tickets" chunk are drawn from: nothing until the
/// task answers, then its answer; an answer that a later load overtook is dropped; `reset`
/// goes back to nothing and drops an answer still out; a task ready at once gives its value
/// at once; an answer that comes after the owner is gone is dropped quietly. It runs alone
/// too (with a test-name filter): it sets up Leptos's task runner itself.
#[wasm_bindgen_test]
async fn a_loaded_value_takes_only_the_latest_loads_answer() {
    use leptos::prelude::*;
    use support_widget::ui::shared::Loaded;

    // Leptos's task runner, which a mount sets up (the widget's own mount, in the others).
    let parent: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    let _runner = leptos::mount::mount_to(parent, || ());
    let owner = Owner::new();
    let (loaded, first, second) = owner.with(|| {
        let loaded = Loaded::<u32>::new();
        let (first, resolve_first) = pending();
        loaded.load(answer_when(first, 1));
        let (second, resolve_second) = pending();
        (loaded, resolve_first, (second, resolve_second))
    });
    settle().await;
    assert_eq!(
        owner.with(|| loaded.get()),
        None,
        "nothing before the answer"
    );

    // "Try again" while the first load is still out: only the second load's answer counts.
    let (second, resolve_second) = second;
    owner.with(|| {
        loaded.reset();
        loaded.load(answer_when(second, 2));
    });
    resolve_now(&first).await;
    assert_eq!(
        owner.with(|| loaded.get()),
        None,
        "the overtaken answer is dropped"
    );
    resolve_now(&resolve_second).await;
    assert_eq!(owner.with(|| loaded.get()), Some(2));

    owner.with(|| loaded.reset());
    assert_eq!(owner.with(|| loaded.get()), None, "reset: nothing loaded");

    // Reset while a load is out: its answer is dropped too.
    let (late, resolve_late) = pending();
    owner.with(|| {
        loaded.load(answer_when(late, 4));
        loaded.reset();
    });
    resolve_now(&resolve_late).await;
    assert_eq!(
        owner.with(|| loaded.get()),
        None,
        "reset drops the answer still out"
    );

    // A task that is ready at once gives its value before `load` returns.
    owner.with(|| loaded.load(async { 5 }));
    assert_eq!(
        owner.with(|| loaded.get()),
        Some(5),
        "ready at once: no step without it"
    );

    // Loading again, then the owner (the panel) goes before the answer.
    let (third, resolve_third) = pending();
    owner.with(|| loaded.load(answer_when(third, 3)));
    drop(owner);
    resolve_now(&resolve_third).await;
    assert_eq!(loaded.get(), None, "disposed: nothing, and no panic");
}
