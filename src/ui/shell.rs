//! The panel: a labelled dialog with a header and two real tabs, "Contact support" and
//! "My tickets". The screens themselves live beside this file; this is the only file that
//! composes them. It gives them what they share through context (see `shared`), so no
//! screen imports this file or another screen.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::contact::ContactScreen;
use super::conversation::Conversation;
use super::lazy::{connection, when_idle, Chunk, ChunkError, Draw};
use super::services::Services;
use super::shared::{boxed, effect, use_messages, Navigator, OpenedRequest, Texts, WidgetEvent};
use super::style;
use super::tickets::TicketsScreen;
use crate::host::{Mode, View};
use crate::i18n::Messages;

/// The panel's state, shared by the embed handle (JS commands) and the view.
#[derive(Clone, Copy)]
pub struct ShellState {
    /// Whether the panel is shown. Always true inline.
    pub open: RwSignal<bool>,
    /// The selected tab.
    pub view: RwSignal<View>,
    /// Launcher or inline.
    pub mode: Mode,
    /// The interface language, fixed for the panel's life (`setLocale` mounts the panel
    /// again in the new one).
    pub messages: RwSignal<&'static Messages>,
    /// The request "My tickets" should show, when another screen links to one.
    pub shown_request: RwSignal<Option<u64>>,
    /// The closed request the contact form follows up, when "Create a follow-up" was chosen.
    pub followup_of: RwSignal<Option<u64>>,
    /// Bumped when Zendesk names a different user than the one this device's storage
    /// belonged to: the screens are rebuilt, so nothing of the other user stays on screen.
    pub user_switches: RwSignal<u32>,
}

impl ShellState {
    /// The initial state for the host's `mode`, first `view` and language: inline widgets
    /// start open.
    pub fn new(mode: Mode, view: View, messages: &'static Messages) -> Self {
        ShellState {
            open: RwSignal::new(mode == Mode::Inline),
            view: RwSignal::new(view),
            mode,
            messages: RwSignal::new(messages),
            shown_request: RwSignal::new(None),
            followup_of: RwSignal::new(None),
            user_switches: RwSignal::new(0),
        }
    }

    /// Opens or closes the panel; inline widgets never close.
    pub fn set_open(&self, open: bool) {
        if self.mode == Mode::Launcher {
            self.open.set(open);
        }
    }
}

/// The panel. `on_event` is told when it opens, closes or files a request, so the embed
/// layer can fire the host's DOM events.
#[component]
pub fn Shell(
    state: ShellState,
    services: Services,
    on_event: Callback<WidgetEvent>,
) -> impl IntoView {
    effect(move |was_open: Option<bool>| {
        let is_open = state.open.get();
        if was_open.is_some_and(|was| was != is_open) {
            on_event.run(if is_open {
                WidgetEvent::Open
            } else {
                WidgetEvent::Close
            });
        }
        is_open
    });
    services.provide();
    provide_context(Texts(state.messages.read_only()));
    provide_context(Navigator::new(
        state.open,
        state.view,
        state.shown_request,
        state.followup_of,
        on_event,
    ));
    let panel_ref = NodeRef::<leptos::html::Section>::new();
    focus_follows_the_dialog(state, panel_ref);
    prefetch_when_idle(state);
    let on_keydown = move |event: KeyboardEvent| {
        // Escape while an input method is composing belongs to the input method.
        if event.key() == "Escape" && !event.is_composing() {
            state.set_open(false);
        }
    };
    let on_tab_key = move_between_tabs(state, panel_ref);
    let launcher = state.mode == Mode::Launcher;
    let t = use_messages();

    view! {
        <section
            class="sw-panel"
            class:sw-inline=!launcher
            part="panel"
            role=if launcher { "dialog" } else { "region" }
            aria-labelledby="sw-title"
            lang=t().tag
            dir=move || if t().rtl { "rtl" } else { "ltr" }
            hidden=move || !state.open.get()
            on:keydown=boxed(on_keydown)
            node_ref=panel_ref
        >
            <div class="sw-header" part="header">
                <h2 id="sw-title" class="sw-title">{t().support}</h2>
                {launcher
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="sw-close"
                                part="button close"
                                aria-label=t().close
                                on:click=boxed(move |_| state.set_open(false))
                            >
                                "×"
                            </button>
                        }
                    })}
            </div>
            <div class="sw-tabs" role="tablist" on:keydown=boxed(on_tab_key) aria-label=t().support>
                <Tab state=state view=View::Contact id="sw-tab-contact" panel="sw-tabpanel-contact" label=t().contact_tab prefetch=|| ()/>
                <Tab state=state view=View::Tickets id="sw-tab-tickets" panel="sw-tabpanel-tickets" label=t().tickets_tab prefetch=preload_tickets/>
            </div>
            <TabPanel state=state view=View::Contact id="sw-tabpanel-contact" tab="sw-tab-contact" screen=contact_screen/>
            <TabPanel state=state view=View::Tickets id="sw-tabpanel-tickets" tab="sw-tab-tickets" screen=tickets_screen/>
        </section>
    }
}

/// Arrow keys, Home and End move between the tabs (the WAI-ARIA tabs pattern), and focus
/// goes with the selection.
fn move_between_tabs(
    state: ShellState,
    panel_ref: NodeRef<leptos::html::Section>,
) -> impl Fn(KeyboardEvent) + Copy {
    move |event: KeyboardEvent| {
        let rtl = state.messages.get_untracked().rtl;
        let next = match (event.key().as_str(), rtl) {
            ("ArrowRight", false) | ("ArrowLeft", true) | ("End", _) => View::Tickets,
            ("ArrowLeft", false) | ("ArrowRight", true) | ("Home", _) => View::Contact,
            _ => return,
        };
        event.prevent_default();
        state.view.set(next);
        let id = match next {
            View::Contact => "#sw-tab-contact",
            View::Tickets => "#sw-tab-tickets",
        };
        let tab = panel_ref
            .get_untracked()
            .and_then(|panel| panel.query_selector(id).ok().flatten())
            .and_then(|tab| tab.dyn_into::<HtmlElement>().ok());
        if let Some(tab) = tab {
            let _ = tab.focus();
        }
    }
}

/// One tab's panel: the screen, drawn once the tab has been selected (so a screen whose code
/// is a chunk is fetched only when wanted) and anew when the signed-in user changes.
#[component]
fn TabPanel(
    state: ShellState,
    view: View,
    id: &'static str,
    /// The id of the tab that labels it.
    tab: &'static str,
    screen: fn() -> AnyView,
) -> impl IntoView {
    let selected = move || state.view.get() == view;
    // A latch: true from the first time the tab is selected. The screen's closure reads only
    // the latch, so switching tabs doesn't draw it again. (A `Memo` would do, and bring
    // Leptos's memo code into the first screen for this one use: docs/size.md.)
    let drawn = RwSignal::new(state.view.get_untracked() == view);
    effect(move |_| {
        // Once latched, it reads nothing, so it no longer runs on every tab switch.
        if !drawn.get_untracked() && selected() {
            drawn.set(true);
        }
    });
    view! {
        <div class="sw-body" role="tabpanel" id=id aria-labelledby=tab hidden=move || !selected()>
            {move || {
                state.user_switches.track();
                drawn.get().then(screen)
            }}
        </div>
    }
}

fn contact_screen() -> AnyView {
    view! { <ContactScreen/> }.into_any()
}

fn tickets_screen() -> AnyView {
    view! { <Chunk load=load_tickets/> }.into_any()
}

/// "My tickets" and the conversation, from their chunk in a split build (`--cfg sw_split`,
/// which `cargo xtask dist` sets); the same view, with nothing to fetch, in any other build.
async fn load_tickets() -> Result<Draw, ChunkError> {
    #[cfg(sw_split)]
    return tickets_chunk().await;
    #[cfg(not(sw_split))]
    return tickets_chunk();
}

/// Fetches the "My tickets" chunk without drawing it (nothing to fetch outside a split
/// build). A failure is not kept: drawing the screen fetches it again, and says so if it fails.
fn preload_tickets() {
    #[cfg(sw_split)]
    leptos::task::spawn_local(async {
        let _ = preload_tickets_chunk().await;
    });
}

// What the chunk holds is what this function reaches and the first screen doesn't: the
// list, the conversation, the reply box, the rich-text renderer. docs/size.md weighs it.
#[cfg_attr(
    sw_split,
    leptos::wasm_split::wasm_split(
        tickets,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_tickets_chunk)
    )
)]
fn tickets_chunk() -> Result<Draw, ChunkError> {
    Ok(tickets_view)
}

fn tickets_view() -> AnyView {
    // Its rules come with it; drawn without them it would still work, unstyled.
    if let Err(problem) = style::add_tickets_rules() {
        web_sys::console::warn_1(&format!("support-widget: {problem}").into());
    }
    view! { <TicketsScreen conversation=conversation/> }.into_any()
}

/// Once the panel is open and the page idle, "My tickets" is fetched while the visitor reads
/// the form (the second screen they are likely to want), unless they asked to save data or
/// are on 2G: then it is fetched when they point at the tab or choose it.
fn prefetch_when_idle(state: ShellState) {
    effect(move |fetched: Option<bool>| {
        if fetched == Some(true) || !state.open.get() {
            return fetched == Some(true);
        }
        if connection().may_prefetch() {
            when_idle(preload_tickets);
        }
        true
    });
}

/// Focus follows the dialog: into the selected tab when it opens, back to the launcher when
/// it closes, so keyboard and screen-reader users never land on the page's body.
fn focus_follows_the_dialog(state: ShellState, panel_ref: NodeRef<leptos::html::Section>) {
    effect(move |was_open: Option<bool>| {
        let is_open = state.open.get();
        if state.mode == Mode::Launcher && was_open.is_some_and(|was| was != is_open) {
            request_animation_frame(move || {
                // `try_`: the widget may be gone by the next frame (destroyed as it closed).
                let Some(panel) = panel_ref.try_get_untracked().flatten() else {
                    return;
                };
                let target = if is_open {
                    panel
                        .query_selector("[role=tab][aria-selected=true]")
                        .ok()
                        .flatten()
                } else {
                    panel
                        .get_root_node()
                        .dyn_into::<web_sys::ShadowRoot>()
                        .ok()
                        .and_then(|root| root.query_selector(".sw-launcher").ok().flatten())
                };
                if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                    let _ = target.focus();
                }
            });
        }
        is_open
    });
}

/// One tab of the tablist (arrow keys are handled by the tablist).
#[component]
fn Tab(
    state: ShellState,
    view: View,
    id: &'static str,
    panel: &'static str,
    label: &'static str,
    /// Fetches the tab's code ahead, when the pointer or the focus comes near the tab.
    prefetch: fn(),
) -> impl IntoView {
    let selected = move || state.view.get() == view;
    view! {
        <button
            type="button"
            role="tab"
            class="sw-tab"
            part="button tab"
            id=id
            aria-controls=panel
            aria-selected=move || if selected() { "true" } else { "false" }
            tabindex=move || if selected() { "0" } else { "-1" }
            on:click=boxed(move |_| state.view.set(view))
            on:pointerenter=boxed(move |_| prefetch())
            on:focus=boxed(move |_| prefetch())
        >
            {label}
        </button>
    }
}

/// The conversation "My tickets" shows for an opened request.
fn conversation(opened: OpenedRequest) -> AnyView {
    view! {
        <Conversation id=opened.id on_back=opened.on_back on_changed=opened.on_changed/>
    }
    .into_any()
}
