//! What the user can do next on a request, by status: reply (+ solve), rate, or follow up.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::reply::ReplyBox;
use super::thread::Thread;
use crate::api::body::Score;
use crate::api::models::RequestStatus;
use crate::i18n::Messages;
use crate::ui::shared::{boxed, error_text, use_messages};

/// Where "Mark as solved" stands.
#[derive(Clone, Debug, PartialEq)]
enum Solving {
    Idle,
    Confirming,
    InFlight,
    Done,
    /// Zendesk answered but didn't solve it (the user may not).
    Refused,
    Failed(String),
}

/// What the user can do next, by status: reply (+ solve), rate, or follow up.
#[component]
pub(super) fn Actions(thread: Thread) -> impl IntoView {
    let t = use_messages();
    let status = Memo::new(move |_| thread.request.with(|r| r.as_ref().map(|r| r.status)));
    // Rebuilt only when the request closes: a reply changes the status (pending → open),
    // and rebuilding the reply box then would lose its state mid-send.
    let closed = Memo::new(move |_| status.get().map(|s| s == RequestStatus::Closed));
    // Zendesk lets only the requester rate (someone CC'd gets a 403 the browser can't
    // read), and only where the account uses ratings.
    let services = thread.services;
    let may_rate = move || {
        services.satisfaction_ratings()
            && status.get() == Some(RequestStatus::Solved)
            && thread.request.with(|r| {
                r.as_ref().is_some_and(|r| {
                    r.can_be_rated()
                        && r.requester_id.is_some()
                        && r.requester_id == services.user_id()
                })
            })
    };
    move || match closed.get() {
        Some(true) => view! {
            <div class="sw-closed">
                <p class="sw-note">{t().closed_note}</p>
                <button
                    type="button"
                    class="sw-primary"
                    part="button"
                    on:click=boxed(move |_| thread.navigator.follow_up(thread.id))
                >
                    {t().create_followup}
                </button>
            </div>
        }
        .into_any(),
        Some(false) => view! {
            <ReplyBox thread=thread/>
            <SolveControl thread=thread/>
            {move || may_rate().then(|| view! { <Rating thread=thread/> })}
        }
        .into_any(),
        None => ().into_any(),
    }
}

/// "Mark as solved", with a confirmation; the status is re-read afterwards because Zendesk
/// answers 200 without solving when the user may not solve the request.
#[component]
fn SolveControl(thread: Thread) -> impl IntoView {
    let t = use_messages();
    let solving = RwSignal::new(Solving::Idle);
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let solvable = move || {
        thread.request.with(|r| {
            r.as_ref().is_some_and(|r| {
                r.can_be_solved_by_me
                    && !matches!(r.status, RequestStatus::Solved | RequestStatus::Closed)
            })
        })
    };
    let ask = move |_| {
        solving.set(Solving::Confirming);
        request_animation_frame(move || {
            // `try_`: the conversation may be gone by the next frame.
            if let Some(button) = confirm_ref.try_get_untracked().flatten() {
                let _ = button.focus();
            }
        });
    };
    let confirm = move |_| {
        if solving.get_untracked() == Solving::InFlight {
            return;
        }
        solving.set(Solving::InFlight);
        spawn_local(async move {
            let outcome = thread.services.solve(thread.id).await;
            if solving.try_get_untracked().is_none() {
                return;
            }
            match outcome {
                Ok(request) => {
                    let solved = matches!(
                        request.status,
                        RequestStatus::Solved | RequestStatus::Closed
                    );
                    thread.show(request);
                    solving.set(if solved {
                        Solving::Done
                    } else {
                        Solving::Refused
                    });
                }
                Err(error) => solving.set(Solving::Failed(
                    error_text(untrack(t), &error, false).to_owned(),
                )),
            }
        });
    };
    view! {
        <div class="sw-solve" role="status">
            {move || match solving.get() {
                Solving::Confirming | Solving::InFlight => view! {
                    <div class="sw-confirm" role="group" aria-labelledby="sw-confirm-solve">
                        <p id="sw-confirm-solve">{t().confirm_solve}</p>
                        <div class="sw-actions">
                            <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| solving.set(Solving::Idle))>{t().cancel}</button>
                            <button
                                type="button"
                                class="sw-primary"
                                part="button"
                                node_ref=confirm_ref
                                disabled=move || solving.get() == Solving::InFlight
                                on:click=boxed(confirm)
                            >
                                {t().confirm_solve_yes}
                            </button>
                        </div>
                    </div>
                }
                .into_any(),
                Solving::Done => view! { <p class="sw-note">{t().solved_done}</p> }.into_any(),
                Solving::Refused => view! { <p class="sw-note sw-warning">{t().solve_refused}</p> }.into_any(),
                Solving::Failed(message) => view! { <p class="sw-error">{message}</p> }.into_any(),
                Solving::Idle => ().into_any(),
            }}
            {move || (solvable() && matches!(solving.get(), Solving::Idle | Solving::Failed(_))).then(|| view! {
                <button type="button" class="sw-secondary sw-solve-button" part="button" on:click=boxed(ask)>{t().mark_solved}</button>
            })}
        </div>
    }
}

/// Where a rating stands.
#[derive(Clone, Debug, PartialEq)]
enum RatingState {
    Idle,
    InFlight,
    Done,
    /// The account refused the rating: the control goes, a quiet note stays.
    Unavailable,
    Failed(String),
}

/// Good/Bad with an optional comment, on solved requests.
#[component]
fn Rating(thread: Thread) -> impl IntoView {
    let t = use_messages();
    let score = RwSignal::new(None::<Score>);
    let comment = RwSignal::new(String::new());
    let rating = RwSignal::new(RatingState::Idle);
    let send = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(chosen) = score.get_untracked() else {
            return;
        };
        if rating.get_untracked() == RatingState::InFlight {
            return;
        }
        rating.set(RatingState::InFlight);
        spawn_local(async move {
            let outcome = thread
                .services
                .rate(thread.id, chosen, comment.get_untracked())
                .await;
            if rating.try_get_untracked().is_none() {
                return;
            }
            rating.set(match outcome {
                Ok(_) => RatingState::Done,
                Err(error) if error.refuses_feature() => RatingState::Unavailable,
                Err(error) => RatingState::Failed(error_text(untrack(t), &error, false).to_owned()),
            });
        });
    };
    let choice = move |value: Score, label: fn(&Messages) -> &'static str| {
        view! {
            <button
                type="button"
                class="sw-secondary sw-score"
                part="button"
                aria-pressed=move || (score.get() == Some(value)).to_string()
                on:click=boxed(move |_| score.set(Some(value)))
            >
                {move || label(t())}
            </button>
        }
    };
    move || {
        if rating.get() == RatingState::Done {
            return view! { <p class="sw-note sw-rating" role="status">{t().rate_thanks}</p> }
                .into_any();
        }
        if rating.get() == RatingState::Unavailable {
            return view! { <p class="sw-note sw-rating" role="status">{t().rate_unavailable}</p> }
                .into_any();
        }
        view! {
            <form class="sw-form sw-rating" on:submit=boxed(send)>
                <fieldset class="sw-field">
                    <legend>{t().rate_title}</legend>
                    <div class="sw-scores">
                        {choice(Score::Good, |m| m.rate_good)}
                        {choice(Score::Bad, |m| m.rate_bad)}
                    </div>
                </fieldset>
                {move || score.get().is_some().then(|| view! {
                    <div class="sw-field">
                        <label for="sw-rating-comment">{t().rate_comment}</label>
                        <textarea
                            id="sw-rating-comment"
                            part="input"
                            rows="2"
                            prop:value=move || comment.get()
                            on:input=boxed(move |event: web_sys::Event| {
                                if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                                    comment.set(area.value());
                                }
                            })
                        ></textarea>
                    </div>
                    <div class="sw-actions">
                        <button type="submit" class="sw-primary" part="button" disabled=move || rating.get() == RatingState::InFlight>{t().rate_send}</button>
                    </div>
                })}
                {move || match rating.get() {
                    RatingState::Failed(message) => Some(view! { <p class="sw-error" role="alert">{message}</p> }),
                    _ => None,
                }}
            </form>
        }
        .into_any()
    }
}
