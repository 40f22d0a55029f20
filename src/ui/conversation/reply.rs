//! The reply box: text and attachments, a draft per request, CCs, never sent twice on its own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::thread::Thread;
use crate::api::error::ApiError;
use crate::api::models::{Request, RequestStatus};
use crate::i18n::Messages;
use crate::model::conversation::{copied, reply_arrived, reply_copies, Backoff};
use crate::model::draft::Draft;
use crate::model::tickets::LoadProblem;
use crate::ui::attachments::{pasted_files, AttachmentList, Uploads};
use crate::ui::cc::{CcBox, CcEditor};
use crate::ui::shared::{boxed, effect, error_text, use_messages, WidgetEvent};

/// Where a reply stands; one enum, so each state says what the user sees.
#[derive(Clone, Debug, PartialEq)]
enum Replying {
    Idle,
    /// In flight: clicks and Enter repeats are ignored.
    InFlight,
    /// Sent and shown in the thread.
    Sent,
    /// Sent, and in the thread twice: the browser re-sent it by itself (a reused connection
    /// closed before any answer), so Zendesk added it twice.
    SentTwice,
    /// Refused or failed before reaching Zendesk; the draft is intact.
    Failed(String),
    /// May have reached Zendesk: never re-sent on its own.
    MaybeSent(Check),
}

/// What re-reading the thread after a reply of unknown outcome found.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Check {
    Checking,
    Arrived,
    Missing,
}

/// The reply being written and how it is sent; `Copy` so every handler and task holds it.
#[derive(Clone, Copy)]
struct Reply {
    thread: Thread,
    draft_key: StoredValue<String>,
    body: RwSignal<String>,
    uploads: Uploads,
    replying: RwSignal<Replying>,
    problem: RwSignal<Option<&'static str>>,
    /// Copying others (when the host allows it): the box opens on request; addresses go
    /// with the reply in one update.
    cc: CcBox,
    /// Zendesk accepted the reply but copied no one new (CCs turned off for the account).
    ccs_ignored: RwSignal<bool>,
}

/// What one send carries, taken before its awaits.
struct Outgoing {
    text: String,
    wants_ccs: bool,
    copied_before: Option<Vec<u64>>,
    /// Comments created from this time on (minus clock skew) may be this reply.
    since: String,
}

impl Reply {
    /// The reply box's state for `thread`, restored from its draft.
    fn restore(thread: Thread) -> Reply {
        let services = thread.services;
        let draft_key = services.draft_key(&format!("draft:reply:{}", thread.id));
        let mut restored = services.load_draft(&draft_key).unwrap_or_default();
        restored.drop_expired_uploads(&services.now_iso());
        Reply {
            thread,
            draft_key: StoredValue::new(draft_key),
            body: RwSignal::new(restored.body.clone()),
            uploads: Uploads::restore(std::mem::take(&mut restored.uploads)),
            replying: RwSignal::new(Replying::Idle),
            problem: RwSignal::new(None),
            cc: CcBox::new(services.email_ccs()),
            ccs_ignored: RwSignal::new(false),
        }
    }

    /// The interface texts now, without subscribing.
    fn now_t(self) -> &'static Messages {
        self.thread.texts.untracked()
    }

    /// Keeps the draft (text and finished uploads) as the user types.
    fn save_draft_as_typed(self) {
        effect(move |_| {
            let draft = Draft {
                body: self.body.get(),
                uploads: self.uploads.done(),
                ..Draft::default()
            };
            self.thread
                .services
                .save_draft(&self.draft_key.get_value(), &draft);
        });
    }

    /// The reply reached Zendesk: empty the box (unless the user typed on meanwhile).
    fn delivered(self, sent: &str) {
        // What the user typed while it was sending stays in the box.
        if self.body.get_untracked() == sent {
            self.body.set(String::new());
            self.thread
                .services
                .clear_draft(&self.draft_key.get_value());
        }
        self.cc.clear();
        self.uploads.clear();
        self.thread
            .navigator
            .emit(WidgetEvent::CommentAdded(self.thread.id));
    }

    /// Checks and sends the reply; `deliberate` is "Send anyway" after an unknown outcome.
    fn send(self, deliberate: bool) {
        match self.replying.get_untracked() {
            Replying::InFlight | Replying::MaybeSent(Check::Checking) => return,
            Replying::MaybeSent(_) if !deliberate => return,
            _ => {}
        }
        let text = self.body.get_untracked();
        if self.uploads.busy() {
            self.problem.set(Some(self.now_t().uploading));
            return;
        }
        if text.trim().is_empty() {
            self.problem.set(Some(self.now_t().problem_missing));
            return;
        }
        let Some(ccs) = self.cc.typed(self.now_t()) else {
            return;
        };
        let outgoing = Outgoing {
            text,
            wants_ccs: !ccs.is_empty(),
            copied_before: self
                .thread
                .request
                .with_untracked(|r| r.as_ref().map(copied)),
            since: crate::ui::intl::minutes_ago(5),
        };
        self.problem.set(None);
        self.ccs_ignored.set(false);
        self.replying.set(Replying::InFlight);
        spawn_local(async move {
            let outcome = self
                .thread
                .services
                .reply(
                    self.thread.id,
                    outgoing.text.clone(),
                    self.uploads.tokens(),
                    ccs,
                )
                .await;
            if self.replying.try_get_untracked().is_some() {
                self.finish(outgoing, outcome).await;
            }
        });
    }

    /// What Zendesk's answer means for the box and the thread.
    async fn finish(self, outgoing: Outgoing, outcome: Result<Request, ApiError>) {
        let thread = self.thread;
        let text = outgoing.text;
        match outcome {
            Ok(request) => {
                // Zendesk drops CCs silently when the account doesn't allow them.
                if outgoing.wants_ccs && outgoing.copied_before.as_ref() == Some(&copied(&request))
                {
                    self.ccs_ignored.set(true);
                }
                self.delivered(&text);
                thread.show(request);
                let _ = thread.catch_up().await;
                if self.replying.try_get_untracked().is_none() {
                    return;
                }
                thread.backoff.update_value(Backoff::reset);
                thread.announce.set(self.now_t().reply_sent.to_owned());
                let copies = thread
                    .comments
                    .with_untracked(|comments| reply_copies(comments, &outgoing.since, &text));
                self.replying.set(if copies > 1 {
                    Replying::SentTwice
                } else {
                    Replying::Sent
                });
            }
            Err(ApiError::OutcomeUnknown | ApiError::Timeout) => {
                self.replying.set(Replying::MaybeSent(Check::Checking));
                let _ = thread.catch_up().await;
                if self.replying.try_get_untracked().is_none() {
                    return;
                }
                let arrived = thread
                    .comments
                    .with_untracked(|comments| reply_arrived(comments, &outgoing.since, &text));
                if arrived {
                    self.delivered(&text);
                }
                self.replying.set(Replying::MaybeSent(if arrived {
                    Check::Arrived
                } else {
                    Check::Missing
                }));
            }
            Err(error) => {
                if matches!(error, ApiError::SignedOut) {
                    thread.navigator.report(LoadProblem::SignedOut, &error);
                }
                if matches!(error, ApiError::Invalid { .. }) {
                    // Most often the request was closed meanwhile: show it as it is now.
                    if let Ok(found) = thread.services.request(thread.id).await {
                        if self.replying.try_get_untracked().is_none() {
                            return;
                        }
                        thread.show(found.request);
                    }
                }
                self.replying.set(Replying::Failed(
                    error_text(self.now_t(), &error, false).to_owned(),
                ));
            }
        }
    }
}

/// The reply box: text and attachments, a draft per request, never sent twice on its own.
#[component]
pub(super) fn ReplyBox(thread: Thread) -> impl IntoView {
    let t = use_messages();
    let reply = Reply::restore(thread);
    let (body, problem, replying, uploads) =
        (reply.body, reply.problem, reply.replying, reply.uploads);
    let services = thread.services;
    reply.save_draft_as_typed();
    let solved = move || {
        thread.request.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.status == RequestStatus::Solved)
        })
    };

    view! {
        <form
            class="sw-form sw-reply"
            novalidate
            on:submit=boxed(move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                reply.send(false);
            })
            on:paste=boxed(move |event: web_sys::ClipboardEvent| {
                let files = pasted_files(&event);
                if !files.is_empty() {
                    event.prevent_default();
                    uploads.add(services, files);
                }
            })
            aria-busy=move || (replying.get() == Replying::InFlight).to_string()
        >
            {move || solved().then(|| view! { <p class="sw-note sw-warning" role="note">{t().reply_reopens}</p> })}
            <div class="sw-field">
                <label for="sw-reply">{t().reply}</label>
                <textarea
                    id="sw-reply"
                    part="input"
                    rows="4"
                    aria-invalid=move || problem.get().is_some().to_string()
                    aria-describedby=move || problem.get().map(|_| "sw-reply-problem")
                    prop:value=move || body.get()
                    on:input=boxed(move |event: web_sys::Event| {
                        if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                            body.set(area.value());
                            problem.set(None);
                            reply.ccs_ignored.set(false);
                            if matches!(replying.get_untracked(), Replying::Sent | Replying::SentTwice | Replying::MaybeSent(Check::Arrived)) {
                                replying.set(Replying::Idle);
                            }
                        }
                    })
                ></textarea>
                <p id="sw-reply-problem" class="sw-problem" role="alert">{move || problem.get()}</p>
            </div>
            {reply.cc.enabled().then(|| view! { <CcEditor cc=reply.cc id="sw-reply-ccs"/> })}
            {move || reply.ccs_ignored.get().then(|| view! {
                <p class="sw-note sw-warning sw-cc-ignored" role="status">{t().cc_not_added}</p>
            })}
            <AttachmentList id_prefix="sw-reply" uploads=uploads/>
            <div class="sw-actions">
                <button
                    type="submit"
                    class="sw-primary"
                    part="button send"
                    disabled=move || matches!(replying.get(), Replying::InFlight | Replying::MaybeSent(Check::Checking))
                >
                    {move || if replying.get() == Replying::InFlight { t().sending } else { t().send_reply }}
                </button>
            </div>
            <Outcome reply=reply/>
        </form>
    }
}

/// Under the send button: why a reply failed, or what is known after an unknown outcome.
#[component]
fn Outcome(reply: Reply) -> impl IntoView {
    let t = use_messages();
    move || {
        match reply.replying.get() {
        Replying::Failed(message) => Some(view! { <p class="sw-error" role="alert">{message}</p> }.into_any()),
        Replying::SentTwice => Some(view! { <p class="sw-warning-box" role="status">{t().reply_twice}</p> }.into_any()),
        Replying::MaybeSent(check) => Some(view! {
            <div class="sw-warning-box" role="alert">
                <p class="sw-strong">{t().reply_maybe_sent}</p>
                {match check {
                    Check::Checking => view! { <p>{t().maybe_sent_checking}</p> }.into_any(),
                    Check::Arrived => view! { <p>{t().reply_arrived}</p> }.into_any(),
                    Check::Missing => view! {
                        <p>{t().reply_missing}</p>
                        <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| reply.send(true))>{t().send_anyway}</button>
                    }
                    .into_any(),
                }}
            </div>
        }
        .into_any()),
        _ => None,
    }
    }
}
