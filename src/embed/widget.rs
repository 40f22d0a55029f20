//! The exports the loader calls: `mount` returns a [`Widget`] handle whose methods back the
//! `SupportWidget(...)` commands.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};

use super::config::{Config, Mode, View};
use super::language::{self, browser_languages};
use super::options::Options;
use super::viewport::VisibleArea;
use crate::api::identity::forget_tap_credentials;
use crate::api::{Client, ClientConfig, Identity};
use crate::i18n;
use crate::ui::services::{Services, ServicesInner, Who};
use crate::ui::shared::{effect, WidgetEvent};
use crate::ui::shell::{Shell, ShellState};
use crate::ui::style;

/// `detail` of `support-widget:request-created`.
#[derive(Serialize)]
struct RequestCreated {
    id: u64,
}

/// `detail` of `support-widget:comment-added`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CommentAdded {
    request_id: u64,
}

/// `detail` of `support-widget:error`.
#[derive(Serialize)]
struct Failure<'a> {
    code: &'a str,
    message: &'a str,
}

/// An event's `detail` object, built by serde-wasm-bindgen (ids are far below 2^53, so they
/// are plain JavaScript numbers).
fn detail_of(detail: &impl Serialize) -> Option<JsValue> {
    serde_wasm_bindgen::to_value(detail).ok()
}

/// A mounted widget. Dropping it (or calling [`Widget::destroy`]) unmounts the panel and
/// disposes of every signal, listener and effect it owned.
#[wasm_bindgen]
pub struct Widget {
    state: ShellState,
    services: Services,
    host: HtmlElement,
    container: HtmlElement,
    // Keeps a full-screen launcher panel above the on-screen keyboard; dropping it stops.
    _visible_area: Option<VisibleArea>,
    // Kept alive for as long as the widget lives: dropping it unmounts the view. Empty while
    // the visitor's language file is on its way.
    mounted: Rc<RefCell<Option<Box<dyn Any>>>>,
    /// Draws the panel (again), in the state's language.
    draw: Rc<dyn Fn() -> Box<dyn Any>>,
    /// A language whose file couldn't be fetched while the widget loaded ahead, so the
    /// closed panel was drawn in English: the first open fetches it once more.
    language_retry: LanguageRetry,
    /// Whether the host was last told `open` (not `close`): a panel opened while its language
    /// file was on its way hasn't said `open` yet, so removing it then says no `close`.
    announced_open: StoredValue<bool, LocalStorage>,
    owner: Owner,
}

/// See [`Widget`]'s `language_retry`.
type LanguageRetry = Rc<Cell<Option<&'static str>>>;

/// How long the first open waits for a language file fetched again (see [`Attempt::Again`]):
/// the visitor tapped and sees nothing meanwhile, so not the first mount's 10 s.
const LANGUAGE_AGAIN_MS: u32 = 2_000;

/// Which attempt at the panel's language a drawing is.
enum Attempt {
    /// The mount's: a file that can't be fetched while the panel is closed (the widget
    /// loading ahead) is noted here, for the first open to try again.
    First(LanguageRetry),
    /// The first open's, after that: at most [`LANGUAGE_AGAIN_MS`], then English.
    Again,
}

/// Mounts the widget's panel into `root` (the shadow root the loader attached to `host`).
///
/// `options` is the host's option object without `getAccessToken`; `get_access_token` is the
/// host's `getAccessToken` function, if any (the widget is anonymous without it). Fails with
/// a message that names the bad option; the loader logs it once and fires
/// `support-widget:error`.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    root: ShadowRoot,
    options: JsValue,
    get_access_token: JsValue,
) -> Result<Widget, JsError> {
    let (config, unknown_keys) = Options::from_js(&options)
        .and_then(Config::from_options)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let identity = if get_access_token.is_undefined() || get_access_token.is_null() {
        Identity::Anonymous
    } else {
        let function = get_access_token
            .dyn_into::<js_sys::Function>()
            .map_err(|_| {
                JsError::new(
                    "`getAccessToken` must be a function returning a token or a Promise of one",
                )
            })?;
        Identity::from_js_token_callback(function)
    };
    // Without a token, on the Help Center's own origin, the visitor's Help Center session may
    // sign them in (checked after mounting; until then the widget is anonymous).
    let bearer = matches!(identity, Identity::Bearer(_));
    let on_help_center = identity.is_anonymous()
        && web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .is_some_and(|page| page == config.zendesk_origin.as_string());
    for key in unknown_keys {
        web_sys::console::warn_1(&format!("support-widget: unknown option `{key}` ignored").into());
    }
    // Compiled into the wasm, so it arrives with the code that needs it and needs no CSP
    // allowance.
    style::adopt(&root).map_err(|e| JsError::new(&e.to_string()))?;
    let visible_area = match config.mode {
        Mode::Launcher => VisibleArea::follow(&root),
        Mode::Inline => None,
    };
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("no document"))?;
    let container: HtmlElement = document
        .create_element("div")
        .map_err(|_| JsError::new("cannot create the panel container"))?
        .unchecked_into();
    container.set_class_name("sw-root");
    let panel_container = container.clone();
    root.append_child(&container)
        .map_err(|_| JsError::new("cannot attach the panel"))?;

    let preferred = browser_languages();
    let tag = i18n::negotiate_tag(
        config
            .locale
            .as_deref()
            .into_iter()
            .chain(preferred.iter().map(String::as_str)),
    );
    let carried = language::known(tag);
    let owner = Owner::new();
    let language_retry = LanguageRetry::default();
    let (state, services, mounted, draw, announced_open) = owner.with(|| {
        let english = i18n::LANGUAGES[0];
        let state = ShellState::new(config.mode, config.view, carried.unwrap_or(english));
        // Zendesk's texts (form names, fields) come in the visitor's language at once, even
        // while the widget's own are on their way.
        let services = services_for(&config, identity, tag);
        let user_switches = state.user_switches;
        let start_over = move || {
            user_switches.try_update(|n| *n += 1);
        };
        services.watch_identity(start_over);
        // The host element is not `Send`; the reactive callbacks reach it through the owner.
        let events_host = StoredValue::new_local(host.clone());
        let announced_open = StoredValue::new_local(false);
        let on_event = Callback::new(move |event: WidgetEvent| {
            events_host.with_value(|host| match event {
                WidgetEvent::Open | WidgetEvent::Close => {
                    let open = matches!(event, WidgetEvent::Open);
                    announced_open.set_value(open);
                    announce_open(host, open);
                }
                WidgetEvent::RequestCreated(id) => {
                    dispatch(host, "request-created", detail_of(&RequestCreated { id }))
                }
                WidgetEvent::CommentAdded(id) => dispatch(
                    host,
                    "comment-added",
                    detail_of(&CommentAdded { request_id: id }),
                ),
                WidgetEvent::Error { code, message } => {
                    web_sys::console::error_1(&format!("support-widget: {message}").into());
                    dispatch(
                        host,
                        "error",
                        detail_of(&Failure {
                            code,
                            message: &message,
                        }),
                    )
                }
            })
        });
        let draw: Rc<dyn Fn() -> Box<dyn Any>> = Rc::new(move || {
            Box::new(leptos::mount::mount_to(
                panel_container.clone(),
                move || {
                    view! { <Shell state=state services=services on_event=on_event/> }
                },
            ))
        });
        let mounted = Rc::new(RefCell::new(None));
        if carried.is_some() {
            *mounted.borrow_mut() = Some(draw());
        } else {
            let ready = host.clone();
            let first_draw = draw.clone();
            draw_in_language(
                tag,
                state,
                Rc::downgrade(&mounted),
                move || first_draw(),
                move || dispatch(&ready, "ready", None),
                Attempt::First(language_retry.clone()),
            );
        }
        // The session check is a Zendesk call, so it waits for first use: the panel opening
        // (an inline panel is open, and mounted, once it scrolls into view). Loading the widget
        // ahead at idle time on every Help Center page view costs the account nothing.
        if on_help_center {
            let open = state.open;
            effect(move |checked: Option<bool>| {
                if checked == Some(true) || !open.get() {
                    return checked.unwrap_or(false);
                }
                services.adopt_help_center_session(start_over);
                true
            });
        }
        (state, services, mounted, draw, announced_open)
    });
    // Signed in, the tap's token answer and reads are the wasm's; anyone else's go.
    if !bearer {
        forget_tap_credentials();
    }
    // Drawn: commands act at once from here on (fired again after each re-mount). A panel
    // waiting for its language file says so once it is drawn.
    if carried.is_some() {
        dispatch(&host, "ready", None);
    }
    Ok(Widget {
        state,
        services,
        host,
        container,
        _visible_area: visible_area,
        mounted,
        draw,
        language_retry,
        announced_open,
        owner,
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
        self.open_panel();
        Ok(())
    }

    /// Closes the panel.
    pub fn close(&self) {
        self.state.set_open(false);
    }

    /// Opens the panel when closed, closes it when open.
    pub fn toggle(&self) {
        if self.state.open.get_untracked() {
            self.state.set_open(false);
        } else {
            self.open_panel();
        }
    }

    /// Whether the panel is open.
    #[wasm_bindgen(getter, js_name = isOpen)]
    pub fn is_open(&self) -> bool {
        self.state.open.get_untracked()
    }

    /// The tab shown: "contact" or "tickets" (the loader keeps it across a re-mount).
    #[wasm_bindgen(getter)]
    pub fn view(&self) -> String {
        match self.state.view.get_untracked() {
            View::Contact => "contact",
            View::Tickets => "tickets",
        }
        .to_owned()
    }

    /// Forgets everything stored on this device for the current user (drafts, receipts,
    /// last-seen marks): `logout` calls it before the widget is mounted for the next user.
    #[wasm_bindgen(js_name = forgetUser)]
    pub fn forget_user(&self) {
        forget_tap_credentials();
        self.services.forget_identity();
    }

    /// Unmounts the widget and releases everything it held.
    pub fn destroy(self) {
        // Only a panel the host was told is open is announced closed: an inline widget never
        // fired `open`, nor did a launcher opened while its language file was on its way.
        if self.announced_open.try_get_value().unwrap_or(false) {
            announce_open(&self.host, false);
        }
        forget_tap_credentials();
        self.container.remove();
        drop(self);
    }
}

impl Widget {
    /// Opens the panel. A launcher drawn in English because its language file failed while
    /// it loaded ahead is drawn again first, once that file comes (or in English again when
    /// it still can't be had within [`LANGUAGE_AGAIN_MS`]): the visitor waits for it as one
    /// who taps before the widget has loaded does, and nothing was typed into the closed
    /// panel. Commands already act, so `ready` isn't fired again.
    fn open_panel(&self) {
        let retry = self.state.mode == Mode::Launcher && !self.state.open.get_untracked();
        let Some(tag) = retry.then(|| self.language_retry.take()).flatten() else {
            self.state.set_open(true);
            return;
        };
        *self.mounted.borrow_mut() = None;
        self.state.open.set(true);
        let draw = self.draw.clone();
        self.owner.with(|| {
            draw_in_language(
                tag,
                self.state,
                Rc::downgrade(&self.mounted),
                move || draw(),
                || {},
                Attempt::Again,
            )
        });
    }
}

/// Fires `support-widget:open` or `:close`, and mirrors it on the loader's launcher button
/// (`aria-expanded`), which the loader draws before the wasm is there and leaves to it after.
fn announce_open(host: &HtmlElement, open: bool) {
    let launcher = host
        .shadow_root()
        .and_then(|root| root.query_selector(".sw-launcher").ok().flatten());
    if let Some(launcher) = launcher {
        let _ = launcher.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
    dispatch(host, if open { "open" } else { "close" }, None);
}

/// Fires `support-widget:{name}` on the host element, bubbling and composed so listeners on
/// `document` see it too.
fn dispatch(host: &HtmlElement, name: &str, detail: Option<JsValue>) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Some(detail) = detail {
        init.set_detail(&detail);
    }
    if let Ok(event) =
        CustomEvent::new_with_event_init_dict(&format!("support-widget:{name}"), &init)
    {
        let _ = host.dispatch_event(&event);
    }
}

/// Draws the panel once `tag`'s language file has arrived, in English when it can't (with a
/// console warning saying why): a visitor can still ask for help. Then `drawn` runs (the
/// `ready` event). Nothing is drawn when the widget was destroyed meanwhile; the wait holds
/// the widget's owner only weakly, so `destroy` disposes of it at once. With
/// `Attempt::First`, a file that couldn't be fetched while the panel is closed (the widget
/// loading ahead) is noted there, for the first open to try again.
fn draw_in_language(
    tag: &'static str,
    state: ShellState,
    slot: Weak<RefCell<Option<Box<dyn Any>>>>,
    draw: impl FnOnce() -> Box<dyn Any> + 'static,
    drawn: impl FnOnce() + 'static,
    attempt: Attempt,
) {
    let owner = Owner::current().map(|owner| owner.downgrade());
    wasm_bindgen_futures::spawn_local(async move {
        let within = matches!(attempt, Attempt::Again).then_some(LANGUAGE_AGAIN_MS);
        let loaded = language::load(tag, within).await;
        let (Some(slot), Some(owner)) = (slot.upgrade(), owner.and_then(|o| o.upgrade())) else {
            return;
        };
        match loaded {
            Ok(table) => state.messages.set(table),
            Err(problem) => {
                web_sys::console::warn_1(
                    &format!("support-widget: {problem}; showing English").into(),
                );
                let unreachable = matches!(problem, language::LanguageError::Unreachable(_));
                if let Attempt::First(retry) = attempt {
                    if unreachable && !state.open.get_untracked() {
                        retry.set(Some(tag));
                    }
                }
            }
        }
        // A launcher opened while the file was on its way opens now, in the drawn panel's
        // eyes too: its effects (the `open` event, `aria-expanded`, focus) see it happen, as
        // they do when the panel is drawn at once. An inline panel is simply open.
        let reopen = state.mode == Mode::Launcher && state.open.get_untracked();
        if reopen {
            state.open.set(false);
        }
        *slot.borrow_mut() = Some(owner.with(draw));
        if reopen {
            // After the panel's effects have first run (a microtask), before the next frame.
            request_animation_frame(move || {
                state.open.try_set(true);
            });
        }
        drawn();
    });
}

/// The screens' services for `config`, calling Zendesk as `identity`, in `locale`.
fn services_for(config: &Config, identity: Identity, locale: &str) -> Services {
    Services::new(ServicesInner {
        who: std::cell::RefCell::new(if identity.is_anonymous() {
            Who::Anonymous
        } else {
            Who::SignedIn
        }),
        scope: std::cell::RefCell::new(
            if identity.is_anonymous() {
                "anonymous"
            } else {
                "user"
            }
            .to_owned(),
        ),
        origin: config.zendesk_origin.as_string(),
        client: std::cell::RefCell::new(Client::in_browser(
            ClientConfig::new(config.zendesk_origin.clone()),
            identity,
        )),
        prefill: std::cell::RefCell::new(config.prefill.clone()),
        locale: std::cell::RefCell::new(locale.to_owned()),
        ticket_form_ids: config.ticket_form_ids.clone(),
        keep_receipts: config.anonymous_receipts,
        email_ccs: config.email_ccs,
        satisfaction_ratings: config.satisfaction_ratings,
        retention: config.retention,
        unconfirmed_owner: format!("unconfirmed:{}", js_sys::Math::random().to_bits()),
        asked_who: std::cell::Cell::new(false),
    })
}
