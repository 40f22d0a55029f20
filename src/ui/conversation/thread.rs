//! The shared state of one open conversation and how it loads, pages, catches up and polls.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::error::ApiError;
use crate::api::models::{Comment, Request, RequestStatus, User};
use crate::api::page::PageRequest;
use crate::host::View;
use crate::model::conversation::{merge_comments, newest_time, Backoff};
use crate::model::tickets::{later, LoadProblem};
use crate::ui::services::Services;
use crate::ui::shared::{effect, use_navigator, use_texts, Navigator, Texts};

/// Where loading the conversation stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Load {
    Loading,
    Ready,
    Failed(LoadProblem),
    /// Zendesk couldn't answer; the copy saved on this device when it last did (ms since the
    /// epoch) is shown, read-only.
    Saved(LoadProblem, u64),
}

/// The shared state of one open conversation; `Copy` so handlers, timers and tasks hold it.
#[derive(Clone, Copy)]
pub(super) struct Thread {
    pub(super) id: u64,
    pub(super) services: Services,
    pub(super) request: RwSignal<Option<Request>>,
    pub(super) users: RwSignal<Vec<User>>,
    pub(super) comments: RwSignal<Vec<Comment>>,
    pub(super) older: RwSignal<Option<PageRequest>>,
    pub(super) loading_older: RwSignal<bool>,
    pub(super) load: RwSignal<Load>,
    /// Polite announcements (new messages, reply sent).
    pub(super) announce: RwSignal<String>,
    pub(super) backoff: StoredValue<Backoff>,
    /// Bumped whenever polling (re)starts or stops; a timer or poll of an older one quits.
    pub(super) poll_generation: StoredValue<u32>,
    /// The page came back into view: the next (re)start reads at once, not after a delay.
    pub(super) poll_now: StoredValue<bool>,
    pub(super) timer: StoredValue<Option<TimeoutHandle>>,
    pub(super) on_changed: Callback<Request>,
    pub(super) navigator: Navigator,
    pub(super) texts: Texts,
}

impl Thread {
    /// The state of the conversation with request `id`, empty until [`Thread::load`].
    pub(super) fn new(id: u64, services: Services, on_changed: Callback<Request>) -> Thread {
        Thread {
            id,
            services,
            request: RwSignal::new(None),
            users: RwSignal::new(Vec::new()),
            comments: RwSignal::new(Vec::new()),
            older: RwSignal::new(None),
            loading_older: RwSignal::new(false),
            load: RwSignal::new(Load::Loading),
            announce: RwSignal::new(String::new()),
            backoff: StoredValue::new(Backoff::conversation()),
            poll_generation: StoredValue::new(0),
            poll_now: StoredValue::new(false),
            timer: StoredValue::new(None),
            on_changed,
            navigator: use_navigator(),
            texts: use_texts(),
        }
    }

    /// Live updates, only while someone can see them (panel open on "My tickets", page
    /// visible, request not closed), and a fresh read when the browser comes back online
    /// after a saved copy or an offline failure. Stops when the conversation goes.
    pub(super) fn keep_live(self) {
        let visible = RwSignal::new(page_visible());
        // Back in view after being hidden: what the user expects is what happened meanwhile,
        // so polling starts again with a read at once (then backs off as usual).
        let visibility = window_event_listener_untyped("visibilitychange", move |_| {
            let now_visible = page_visible();
            if now_visible && !visible.get_untracked() {
                self.poll_now.set_value(true);
            }
            visible.set(now_visible);
        });
        let may_poll = Memo::new(move |_| {
            self.navigator.showing(View::Tickets)
                && visible.get()
                && self.load.get() == Load::Ready
                && self.request.with(|r| {
                    r.as_ref()
                        .is_some_and(|r| r.status != RequestStatus::Closed)
                })
        });
        effect(move |_| self.restart_polling(may_poll.get()));
        let online = window_event_listener_untyped("online", move |_| {
            if matches!(
                self.load.get_untracked(),
                Load::Saved(..) | Load::Failed(LoadProblem::Offline)
            ) {
                self.load();
            }
        });
        on_cleanup(move || {
            visibility.remove();
            online.remove();
            self.restart_polling(false);
        });
    }

    /// Loads the request and the newest page of comments together.
    pub(super) fn load(self) {
        self.load.set(Load::Loading);
        spawn_local(async move {
            let (request, page) = futures::join!(
                self.services.request(self.id),
                self.services.comments_page(self.id, None)
            );
            if self.load.try_get_untracked().is_none() {
                return;
            }
            match (request, page) {
                (Ok(found), Ok(page)) => {
                    self.comments.set({
                        let mut thread = Vec::new();
                        merge_comments(&mut thread, page.items);
                        thread
                    });
                    self.older.set(page.next);
                    self.users.set(found.users);
                    self.show(found.request);
                    self.load.set(Load::Ready);
                }
                (Err(error), _) | (_, Err(error)) => {
                    // The user got here from their list, so their email is verified: an
                    // opaque failure is a rate limit, the network, or not their request.
                    let problem = LoadProblem::of_read(&error, true);
                    self.navigator.report(problem, &error);
                    let readable_offline = matches!(
                        problem,
                        LoadProblem::Offline | LoadProblem::Unreachable | LoadProblem::Other
                    );
                    match self.services.saved_conversation(self.id) {
                        Some(saved) if readable_offline => {
                            let (found, comments) = saved.value;
                            self.comments.set({
                                let mut thread = Vec::new();
                                merge_comments(&mut thread, comments);
                                thread
                            });
                            self.older.set(None);
                            self.users.set(found.users);
                            self.request.set(Some(found.request));
                            self.load.set(Load::Saved(problem, saved.saved_at_ms));
                        }
                        _ => self.load.set(Load::Failed(problem)),
                    }
                }
            }
        });
    }

    /// Shows `request` as current, remembers it as seen, and tells the list.
    pub(super) fn show(self, request: Request) {
        let newest = newest_time(&self.comments.get_untracked());
        if let Some(seen) = later(request.updated_at.as_deref(), newest.as_deref()) {
            self.services.mark_seen(self.id, &seen);
        }
        self.on_changed.run(request.clone());
        self.request.set(Some(request));
    }

    /// Pages in the next older comments.
    pub(super) fn load_older(self) {
        let Some(page) = self.older.get_untracked() else {
            return;
        };
        if self.loading_older.get_untracked() {
            return;
        }
        self.loading_older.set(true);
        spawn_local(async move {
            let outcome = self.services.comments_page(self.id, Some(page)).await;
            if self.loading_older.try_get_untracked().is_none() {
                return;
            }
            if let Ok(page) = outcome {
                self.comments.update(|thread| {
                    merge_comments(thread, page.items);
                });
                self.older.set(page.next);
            }
            self.loading_older.set(false);
        });
    }

    /// Fetches comments newer than the newest shown; returns how many were new. When some
    /// arrived, the request is re-read too (an agent reply changes its status).
    pub(super) async fn catch_up(self) -> Result<usize, ApiError> {
        let since = self
            .comments
            .try_with_untracked(|thread| newest_time(thread))
            .flatten()
            .or_else(|| {
                self.request
                    .try_with_untracked(|r| r.as_ref().and_then(|r| r.created_at.clone()))
                    .flatten()
            })
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
        let fetched = self.services.comments_since(self.id, &since).await?;
        let added = self
            .comments
            .try_update(|thread| merge_comments(thread, fetched))
            .unwrap_or(0);
        if added > 0 {
            if let Ok(found) = self.services.request(self.id).await {
                if self.request.try_get_untracked().is_some() {
                    self.users.set(found.users);
                    self.show(found.request);
                }
            }
        }
        Ok(added)
    }

    // ----- live updates ------------------------------------------------------------------

    /// Stops any timer and, when `allowed`, starts polling again from the shortest delay.
    fn restart_polling(self, allowed: bool) {
        let generation = self.poll_generation.get_value().wrapping_add(1);
        self.poll_generation.set_value(generation);
        if let Some(timer) = self.timer.get_value() {
            timer.clear();
        }
        self.timer.set_value(None);
        if allowed {
            self.backoff.update_value(Backoff::reset);
            if std::mem::take(&mut *self.poll_now.write_value()) {
                spawn_local(self.poll(generation));
            } else {
                self.schedule(generation);
            }
        }
    }

    fn schedule(self, generation: u32) {
        let Some(delay) = self.backoff.try_with_value(Backoff::delay_ms) else {
            return;
        };
        let handle = set_timeout_with_handle(
            move || spawn_local(self.poll(generation)),
            Duration::from_millis(u64::from(delay)),
        )
        .ok();
        self.timer.try_update_value(|timer| *timer = handle);
    }

    async fn poll(self, generation: u32) {
        if self.poll_generation.try_get_value() != Some(generation) {
            return;
        }
        let outcome = self.catch_up().await;
        if self.poll_generation.try_get_value() != Some(generation) {
            return;
        }
        match outcome {
            Ok(added) if added > 0 => {
                self.backoff.update_value(Backoff::reset);
                if let Some(t) = self.texts.try_untracked() {
                    self.announce.set(t.new_comments.to_owned());
                }
            }
            // Nothing new, or a failure (maybe a rate limit): wait longer.
            _ => self.backoff.update_value(Backoff::quiet),
        }
        self.schedule(generation);
    }
}

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}
