//! One request's conversation: the public comments (newest page first, older ones paged in),
//! agent HTML through the safe renderer, attachments as plain links, the reply box with its
//! own draft and attachments, "Mark as solved", the follow-up offer on closed requests, CCs,
//! the satisfaction rating, and live updates while the user is looking.
//!
//! Live updates poll `comments?since=` only while the panel is open on this tab, the
//! conversation is shown and the page is visible; the delay doubles while nothing happens
//! (30 s up to 5 min) and starts over on activity, or with a read at once when the page comes
//! back into view. Leaving stops the timer.
//!
//! [`thread`] holds the state and how it loads and polls; [`comments`] draws the thread,
//! [`reply`] the reply box, [`actions`] what else the user can do (solve, rate, follow up).

use leptos::prelude::*;

mod actions;
mod comments;
mod reply;
mod thread;

use actions::Actions;
use comments::{Ccs, CommentItem};
use thread::{Load, Thread};

use crate::api::models::Request;
use crate::i18n::fill;
use crate::model::tickets::badge;
use crate::ui::services::use_services;
use crate::ui::shared::{boxed, effect, use_messages, SavedNotice};

/// One request's conversation.
#[component]
pub fn Conversation(
    id: u64,
    /// Back to the list.
    on_back: Callback<()>,
    /// The request as last read (seen, replied, solved), for the list's row.
    on_changed: Callback<Request>,
) -> impl IntoView {
    let t = use_messages();
    let services = use_services();
    let thread = Thread::new(id, services, on_changed);
    thread.load();
    thread.keep_live();

    let heading = NodeRef::<leptos::html::H3>::new();
    // Screen-reader and keyboard users land on the conversation they opened.
    effect(move |_| {
        if matches!(thread.load.get(), Load::Ready | Load::Saved(..)) {
            if let Some(heading) = heading.get_untracked() {
                let _ = heading.focus();
            }
        }
    });

    let image_hosts = services.image_hosts();
    view! {
        <article class="sw-conversation" data-request=id.to_string()>
            <button type="button" class="sw-link sw-back" part="button" on:click=boxed(move |_| on_back.run(()))>
                {t().back_to_list}
            </button>
            <p class="sw-visually-hidden" role="status" aria-live="polite">{move || thread.announce.get()}</p>
            {move || match thread.load.get() {
                Load::Loading => view! {
                    <p class="sw-muted" role="status">{t().loading}</p>
                }
                .into_any(),
                Load::Failed(problem) => view! {
                    <div class="sw-error" role="alert">
                        <p>{move || problem.text(t())}</p>
                        <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| thread.load())>{t().retry}</button>
                    </div>
                }
                .into_any(),
                load @ (Load::Ready | Load::Saved(..)) => {
                    let image_hosts = image_hosts.clone();
                    let saved = match load {
                        Load::Saved(problem, saved_at_ms) => Some((problem, saved_at_ms)),
                        _ => None,
                    };
                    view! {
                        {saved.map(|(problem, saved_at_ms)| view! {
                            <SavedNotice problem=problem saved_at_ms=saved_at_ms on_retry=Callback::new(move |()| thread.load())/>
                        })}
                        <Header thread=thread heading=heading/>
                        {move || thread.older.with(Option::is_some).then(|| view! {
                            <button
                                type="button"
                                class="sw-secondary sw-older"
                                part="button"
                                disabled=move || thread.loading_older.get()
                                on:click=boxed(move |_| thread.load_older())
                            >
                                {move || if thread.loading_older.get() { t().loading } else { t().show_older }}
                            </button>
                        })}
                        <ol class="sw-thread" aria-label=t().conversation>
                            <For each=move || thread.comments.get() key=|c| c.id let(comment)>
                                <CommentItem comment=comment image_hosts=image_hosts.clone()/>
                            </For>
                        </ol>
                        {saved.is_none().then(|| view! { <Actions thread=thread/> })}
                    }
                    .into_any()
                }
            }}
        </article>
    }
}

/// The request's subject (focused when the conversation opens), status, number and CCs.
#[component]
fn Header(thread: Thread, heading: NodeRef<leptos::html::H3>) -> impl IntoView {
    let t = use_messages();
    let id = thread.id;
    move || {
        thread.request.get().map(|request| {
            let status = request.status;
            let subject = request
                .subject
                .clone()
                .unwrap_or_else(|| fill(t().request_number, &[("id", &id.to_string())]));
            view! {
                <h3 class="sw-conversation-title" tabindex="-1" node_ref=heading>{subject}</h3>
                <p class="sw-row-meta">
                    <span class=move || badge(status, t()).class>{move || badge(status, t()).label}</span>
                    <span class="sw-muted">{move || fill(t().request_number, &[("id", &id.to_string())])}</span>
                </p>
                <Ccs request=request users=thread.users/>
            }
        })
    }
}
