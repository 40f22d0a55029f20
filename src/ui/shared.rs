//! What the screens share, so that none of them imports the shell or another screen: the
//! [`Navigator`] (move between tabs, tell the host) and the interface texts, both provided
//! by the shell through context, and the few pieces of view and wording every screen uses.

use leptos::prelude::*;

use super::intl::{iso_at, relative_time};
use crate::api::error::ApiError;
use crate::api::models::Request;
use crate::host::View;
use crate::i18n::{fill, Messages};
use crate::model::tickets::LoadProblem;

/// What the panel tells the embed layer, which turns it into a `support-widget:*` DOM event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The panel opened.
    Open,
    /// The panel closed.
    Close,
    /// A request was filed (or found after a send whose outcome was unknown).
    RequestCreated(u64),
    /// The user replied to the request with this id.
    CommentAdded(u64),
    /// Something the host should act on, e.g. `signed_out` (get a fresh token) or
    /// `unverified_email`: a stable code and an English message for the console.
    Error {
        /// Stable, machine-readable code.
        code: &'static str,
        /// What happened, for developers.
        message: String,
    },
}

/// How a screen moves the panel and talks to the host, without knowing the shell: which tab
/// is shown, "View request", "Create a follow-up", and the host's events. `Copy`; the shell
/// provides it, screens take it with [`use_navigator`].
#[derive(Clone, Copy)]
pub struct Navigator {
    open: RwSignal<bool>,
    view: RwSignal<View>,
    shown_request: RwSignal<Option<u64>>,
    followup_of: RwSignal<Option<u64>>,
    on_event: Callback<WidgetEvent>,
}

impl Navigator {
    /// A navigator over the shell's signals: whether the panel is open, the selected tab, the
    /// request "My tickets" should show, the request the contact form follows up, and where
    /// the host's events go.
    pub fn new(
        open: RwSignal<bool>,
        view: RwSignal<View>,
        shown_request: RwSignal<Option<u64>>,
        followup_of: RwSignal<Option<u64>>,
        on_event: Callback<WidgetEvent>,
    ) -> Navigator {
        Navigator {
            open,
            view,
            shown_request,
            followup_of,
            on_event,
        }
    }

    /// Whether the panel is open on `view` (tracked).
    pub fn showing(self, view: View) -> bool {
        self.open.get() && self.view.get() == view
    }

    /// The selected tab (tracked), open or not.
    pub fn view(self) -> View {
        self.view.get()
    }

    /// Shows the request with this id in "My tickets".
    pub fn view_request(self, id: u64) {
        self.shown_request.set(Some(id));
        self.view.set(View::Tickets);
    }

    /// The request another screen asked "My tickets" to show; "My tickets" takes it.
    pub fn shown_request(self) -> RwSignal<Option<u64>> {
        self.shown_request
    }

    /// Opens the contact form as a follow-up of the closed request with this id.
    pub fn follow_up(self, id: u64) {
        self.followup_of.set(Some(id));
        self.view.set(View::Contact);
    }

    /// The closed request the contact form follows up, if any.
    pub fn followup_of(self) -> RwSignal<Option<u64>> {
        self.followup_of
    }

    /// Tells the host.
    pub fn emit(self, event: WidgetEvent) {
        self.on_event.run(event);
    }

    /// Tells the host about a problem it can fix (sign the user in again, verify the email);
    /// other problems are the user's to see, not the host's.
    pub fn report(self, problem: LoadProblem, error: &ApiError) {
        if let Some(code) = problem.event_code() {
            self.emit(WidgetEvent::Error {
                code,
                message: error.to_string(),
            });
        }
    }
}

/// The screens' [`Navigator`], as the shell provided it.
pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}

/// The interface texts in the language shown, as the shell provides them. They don't change
/// while the panel is mounted (`setLocale` mounts it again), so views write `t().send`
/// directly: a `move || t().send` closure would cost a reactive node and wasm for nothing.
#[derive(Clone, Copy)]
pub struct Texts(pub ReadSignal<&'static Messages>);

impl Texts {
    /// The texts now, without subscribing (for event handlers and tasks).
    pub fn untracked(self) -> &'static Messages {
        self.0.get_untracked()
    }

    /// The texts now, without subscribing (for event handlers); `None` once the panel is gone.
    pub fn try_untracked(self) -> Option<&'static Messages> {
        self.0.try_get_untracked()
    }
}

/// The interface texts: `let t = use_messages();` then `t().send` in a view.
pub fn use_messages() -> impl Fn() -> &'static Messages + Copy + Send + Sync + 'static {
    let texts = expect_context::<Texts>();
    move || texts.0.get()
}

/// The interface texts for code that must not subscribe (event handlers, tasks).
pub fn use_texts() -> Texts {
    expect_context::<Texts>()
}

/// A request opened from the "My tickets" list: which, and how its conversation goes back
/// and updates the list's row.
#[derive(Clone, Copy)]
pub struct OpenedRequest {
    /// The request's id.
    pub id: u64,
    /// Back to the list.
    pub on_back: Callback<()>,
    /// The request as last read (seen, replied, solved), for the list's row.
    pub on_changed: Callback<Request>,
}

/// How "My tickets" draws an opened request. The shell passes the conversation screen, so
/// the list never imports it.
pub type ConversationView = fn(OpenedRequest) -> AnyView;

/// The message for a failed send; what the user can do is in the message.
pub fn error_text(t: &'static Messages, error: &ApiError, anonymous: bool) -> &'static str {
    match error {
        ApiError::Offline => t.error_offline,
        ApiError::OpaqueNetwork => t.error_network,
        ApiError::Unauthorized if anonymous => t.error_anonymous_off,
        ApiError::Unauthorized | ApiError::SignedOut => t.error_signed_out,
        ApiError::Server { .. } => t.error_server,
        _ => t.error_generic,
    }
}

/// Above data read from the device instead of Zendesk: why Zendesk couldn't answer, how old
/// the copy is, that replies wait, and a way to try again (which also happens by itself when
/// the browser comes back online).
#[component]
pub fn SavedNotice(
    problem: LoadProblem,
    saved_at_ms: u64,
    on_retry: Callback<()>,
) -> impl IntoView {
    let t = use_messages();
    let saved_at = iso_at(saved_at_ms as f64);
    let when = {
        let saved_at = saved_at.clone();
        move || {
            fill(
                t().saved_copy,
                &[("when", &relative_time(&saved_at, t().tag))],
            )
        }
    };
    view! {
        <div class="sw-warning-box sw-saved" role="status">
            <p class="sw-strong">{move || problem.text(t())}</p>
            <p>{when}</p>
            <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| on_retry.run(()))>{t().retry}</button>
        </div>
    }
}

/// `handler` as the one handler type of its event: `on:click=boxed(move |_| …)`.
///
/// Leptos compiles a listener's attribute code once per handler type, and each closure is a
/// type of its own; behind a `Box<dyn FnMut>` all handlers of an event share one, which made
/// the widget 3.8 KB brotli smaller (docs/size.md).
pub fn boxed<E: 'static>(handler: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(handler)
}

/// A value an async task reads once: `None` until it is in, then what the task gave, until
/// [`reset`](Self::reset). `Copy`, like a signal.
///
/// Leptos's `LocalResource` does the same through its async-derived machinery (transitions,
/// suspense, wakers), which the first screen would carry for its two reads (the ticket forms,
/// the "My tickets" chunk); this is a signal and a task (docs/size.md).
///
/// ```no_run
/// use support_widget::ui::shared::Loaded;
///
/// let greeting = Loaded::<String>::new();
/// greeting.load(async { "hello".to_owned() });
/// // Ready at once, so `greeting.get()` is `Some("hello")` already; a task that waits gives
/// // `None` until it is done.
/// ```
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    /// Counts the loads, so that an answer a later load (after `reset`) overtook is dropped.
    loads: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Send + Sync + 'static> Loaded<T> {
    /// Nothing loaded yet.
    pub fn new() -> Self {
        Loaded {
            value: RwSignal::new(None),
            loads: StoredValue::new(0),
        }
    }

    /// Starts `task`; its output becomes the value (unless a later load started meanwhile, or
    /// the owner was disposed: then it is dropped). A task that is ready at once (a chunk
    /// already fetched, an answer already in) gives its value before this returns, as Leptos's
    /// resources do, so what shows it is drawn complete in the same step.
    pub fn load(self, task: impl std::future::Future<Output = T> + 'static) {
        let Some(load) = self.loads.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let mut task = Box::pin(task);
        // Polled once here with a waker that does nothing: the spawned task polls it again at
        // once with its own, which is the one a pending future then wakes.
        let mut now = std::task::Context::from_waker(std::task::Waker::noop());
        if let std::task::Poll::Ready(value) = task.as_mut().poll(&mut now) {
            self.value.try_set(Some(value));
            return;
        }
        leptos::task::spawn_local(async move {
            let value = task.await;
            if self.loads.try_get_value() == Some(load) {
                self.value.try_set(Some(value));
            }
        });
    }

    /// Back to nothing loaded, for a load to start over ("Try again"); the answer of a load
    /// still out is dropped.
    pub fn reset(self) {
        self.loads.try_update_value(|n| *n += 1);
        self.value.try_set(None);
    }

    /// The value, once loaded (tracked, like a signal's `get`).
    pub fn get(self) -> Option<T>
    where
        T: Clone,
    {
        self.value.try_get().flatten()
    }

    /// `read` of the value, once loaded (tracked), without cloning it; `None` before.
    pub fn with<R>(self, read: impl FnOnce(&T) -> R) -> Option<R> {
        self.value
            .try_with(|value| value.as_ref().map(read))
            .flatten()
    }
}

impl<T: Send + Sync + 'static> Default for Loaded<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// An effect (Leptos's `Effect::new`: it runs after the view is drawn and again whenever what
/// it reads changes) with `run` behind one boxed type per value type: `effect(move |_| …)`.
///
/// As with [`boxed`], Leptos compiles an effect's task (an async loop that waits for changes)
/// once per function type, and each closure is a type of its own; boxed, all effects of one
/// value type share it (docs/size.md).
pub fn effect<T: 'static>(run: impl FnMut(Option<T>) -> T + 'static) -> Effect<LocalStorage> {
    let run: Box<dyn FnMut(Option<T>) -> T> = Box::new(run);
    Effect::new(run)
}
