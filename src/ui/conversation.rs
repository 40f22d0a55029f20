//! One request's conversation: the public comments (newest page first, older ones paged in),
//! agent HTML through the safe renderer, attachments as plain links, the reply box with its
//! own draft and attachments, "Mark as solved", the follow-up offer on closed requests, CCs,
//! the satisfaction rating, and live updates while the user is looking.
//!
//! Live updates poll `comments?since=` only while the panel is open on this tab, the
//! conversation is shown and the page is visible; the delay doubles while nothing happens
//! (30 s up to 5 min) and starts over on activity, or with a read at once when the page comes
//! back into view. Leaving stops the timer.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::attachments::{pasted_files, AttachmentList, Uploads};
use super::intl::{date_time, format_size, relative_time};
use super::rich_text::RichText;
use super::services::Services;
use super::shared::{
    error_text, use_messages, use_navigator, use_texts, Navigator, SavedNotice, Texts, WidgetEvent,
};
use crate::api::body::Score;
use crate::api::error::ApiError;
use crate::api::models::{Attachment, Comment, Request, RequestStatus, User};
use crate::api::page::PageRequest;
use crate::host::View;
use crate::i18n::{fill, Messages};
use crate::model::conversation::{
    file_kind, initials, is_image, media_url_allowed, merge_comments, newest_time, parse_cc_list,
    Backoff,
};
use crate::model::draft::Draft;
use crate::model::tickets::{badge, later, LoadProblem};

/// Where loading the conversation stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(LoadProblem),
    /// Zendesk couldn't answer; the copy saved on this device when it last did (ms since the
    /// epoch) is shown, read-only.
    Saved(LoadProblem, u64),
}

/// Where a reply stands; one enum, so each state says what the user sees.
#[derive(Clone, Debug, PartialEq)]
enum Replying {
    Idle,
    /// In flight: clicks and Enter repeats are ignored.
    InFlight,
    /// Sent and shown in the thread.
    Sent,
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

/// The shared state of one open conversation; `Copy` so handlers, timers and tasks hold it.
#[derive(Clone, Copy)]
struct Thread {
    id: u64,
    services: Services,
    request: RwSignal<Option<Request>>,
    users: RwSignal<Vec<User>>,
    comments: RwSignal<Vec<Comment>>,
    older: RwSignal<Option<PageRequest>>,
    loading_older: RwSignal<bool>,
    load: RwSignal<Load>,
    /// Polite announcements (new messages, reply sent).
    announce: RwSignal<String>,
    backoff: StoredValue<Backoff>,
    /// Bumped whenever polling (re)starts or stops; a timer or poll of an older one quits.
    poll_generation: StoredValue<u32>,
    /// The page came back into view: the next (re)start reads at once, not after a delay.
    poll_now: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    on_changed: Callback<Request>,
    navigator: Navigator,
    texts: Texts,
}

impl Thread {
    /// Loads the request and the newest page of comments together.
    fn load(self) {
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
    fn show(self, request: Request) {
        let newest = newest_time(&self.comments.get_untracked());
        if let Some(seen) = later(request.updated_at.as_deref(), newest.as_deref()) {
            self.services.mark_seen(self.id, &seen);
        }
        self.on_changed.run(request.clone());
        self.request.set(Some(request));
    }

    /// Pages in the next older comments.
    fn load_older(self) {
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
    async fn catch_up(self) -> Result<usize, ApiError> {
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

/// One request's conversation.
#[component]
pub fn Conversation(
    id: u64,
    services: Services,
    /// Back to the list.
    on_back: Callback<()>,
    /// The request as last read (seen, replied, solved), for the list's row.
    on_changed: Callback<Request>,
) -> impl IntoView {
    let t = use_messages();
    let navigator = use_navigator();
    let thread = Thread {
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
        navigator,
        texts: use_texts(),
    };
    thread.load();

    // Live updates: only while someone can see them.
    let visible = RwSignal::new(page_visible());
    // Back in view after being hidden: what the user expects is what happened meanwhile, so
    // polling starts again with a read at once (then backs off as usual).
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        let now_visible = page_visible();
        if now_visible && !visible.get_untracked() {
            thread.poll_now.set_value(true);
        }
        visible.set(now_visible);
    });
    let may_poll = Memo::new(move |_| {
        navigator.showing(View::Tickets)
            && visible.get()
            && thread.load.get() == Load::Ready
            && thread.request.with(|r| {
                r.as_ref()
                    .is_some_and(|r| r.status != RequestStatus::Closed)
            })
    });
    Effect::new(move |_| thread.restart_polling(may_poll.get()));
    // Back online after showing a saved copy or an offline failure: read it afresh.
    let online = window_event_listener_untyped("online", move |_| {
        if matches!(
            thread.load.get_untracked(),
            Load::Saved(..) | Load::Failed(LoadProblem::Offline)
        ) {
            thread.load();
        }
    });
    on_cleanup(move || {
        visibility.remove();
        online.remove();
        thread.restart_polling(false);
    });

    let heading = NodeRef::<leptos::html::H3>::new();
    // Screen-reader and keyboard users land on the conversation they opened.
    Effect::new(move |_| {
        if matches!(thread.load.get(), Load::Ready | Load::Saved(..)) {
            if let Some(heading) = heading.get_untracked() {
                let _ = heading.focus();
            }
        }
    });

    let image_hosts = services.image_hosts();
    let header = move || {
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
    };

    view! {
        <article class="sw-conversation" data-request=id.to_string()>
            <button type="button" class="sw-link sw-back" part="button" on:click=move |_| on_back.run(())>
                {move || t().back_to_list}
            </button>
            <p class="sw-visually-hidden" role="status" aria-live="polite">{move || thread.announce.get()}</p>
            {move || match thread.load.get() {
                Load::Loading => view! {
                    <p class="sw-muted" role="status">{move || t().loading}</p>
                }
                .into_any(),
                Load::Failed(problem) => view! {
                    <div class="sw-error" role="alert">
                        <p>{move || problem.text(t())}</p>
                        <button type="button" class="sw-secondary" part="button" on:click=move |_| thread.load()>{move || t().retry}</button>
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
                        {header}
                        {move || thread.older.with(Option::is_some).then(|| view! {
                            <button
                                type="button"
                                class="sw-secondary sw-older"
                                part="button"
                                disabled=move || thread.loading_older.get()
                                on:click=move |_| thread.load_older()
                            >
                                {move || if thread.loading_older.get() { t().loading } else { t().show_older }}
                            </button>
                        })}
                        <ol class="sw-thread" aria-label=move || t().conversation>
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

/// What the user can do next, by status: reply (+ solve), rate, or follow up.
#[component]
fn Actions(thread: Thread) -> impl IntoView {
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
                    r.requester_id.is_some() && r.requester_id == services.user_id()
                })
            })
    };
    move || match closed.get() {
        Some(true) => view! {
            <div class="sw-closed">
                <p class="sw-note">{move || t().closed_note}</p>
                <button
                    type="button"
                    class="sw-primary"
                    part="button"
                    on:click=move |_| thread.navigator.follow_up(thread.id)
                >
                    {move || t().create_followup}
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

/// The people copied on the request, by name.
#[component]
fn Ccs(request: Request, users: RwSignal<Vec<User>>) -> impl IntoView {
    let t = use_messages();
    let ids = copied(&request);
    let names = move || {
        let mut names: Vec<String> = users.with(|users| {
            users
                .iter()
                .filter(|u| ids.contains(&u.id))
                .filter_map(|u| u.name.clone())
                .collect()
        });
        names.dedup();
        names
    };
    move || {
        let names = names();
        (!names.is_empty()).then(|| view! {
            <p class="sw-ccs"><span class="sw-strong">{move || t().ccs}": "</span>{names.join(", ")}</p>
        })
    }
}

/// One comment: avatar, author, agent marker, time, body, attachments.
#[component]
fn CommentItem(comment: Comment, image_hosts: Vec<String>) -> impl IntoView {
    let t = use_messages();
    let name = comment
        .author
        .as_ref()
        .and_then(|a| a.name.clone())
        .unwrap_or_default();
    let agent = comment.author.as_ref().is_some_and(|a| a.agent);
    let photo = comment
        .author
        .as_ref()
        .and_then(|a| a.photo.as_ref())
        .and_then(|photo| {
            photo
                .thumbnails
                .iter()
                .chain(std::iter::once(photo))
                .filter_map(|p| p.content_url.clone())
                .find(|url| media_url_allowed(url))
        });
    let avatar = match photo {
        // Never fetched with credentials, and the host page's address isn't sent along.
        Some(src) => view! { <img class="sw-avatar" src=src alt="" referrerpolicy="no-referrer" loading="lazy"/> }.into_any(),
        None => view! { <span class="sw-avatar sw-initials" aria-hidden="true">{initials(&name)}</span> }.into_any(),
    };
    let created_at = comment.created_at.clone().unwrap_or_default();
    let when = {
        let created_at = created_at.clone();
        move || relative_time(&created_at, t().tag)
    };
    let title = {
        let created_at = created_at.clone();
        move || date_time(&created_at, t().tag)
    };
    let plain = comment
        .plain_body
        .clone()
        .or_else(|| comment.body.clone())
        .unwrap_or_default();
    let files: Vec<Attachment> = comment
        .attachments
        .iter()
        .filter(|a| !a.deleted && a.malware_scan_result.as_deref() != Some("malware_found"))
        .cloned()
        .collect();
    view! {
        <li class="sw-comment" class:sw-comment-agent=agent data-comment=comment.id.to_string()>
            {avatar}
            <div class="sw-comment-main">
                <p class="sw-comment-head">
                    <span class="sw-author">{name}</span>
                    {agent.then(|| view! { <span class="sw-agent">{move || t().agent_marker}</span> })}
                    <time class="sw-muted" datetime=created_at title=title>{when}</time>
                </p>
                <RichText html=comment.html_body.clone() plain=plain image_hosts=image_hosts/>
                {(!files.is_empty()).then(|| view! {
                    <ul class="sw-comment-files">
                        {files.into_iter().map(|file| view! { <AttachmentLink file=file/> }).collect_view()}
                    </ul>
                })}
            </div>
        </li>
    }
}

/// An attachment as a link that opens in a new tab: a thumbnail for images, a type label
/// otherwise. A plain link: the browser fetches it without the widget's credentials.
#[component]
fn AttachmentLink(file: Attachment) -> impl IntoView {
    let t = use_messages();
    let name = file
        .file_name
        .clone()
        .unwrap_or_else(|| file.id.to_string());
    let size = file.size;
    let href = file
        .content_url
        .clone()
        .or_else(|| file.mapped_content_url.clone())
        .filter(|url| media_url_allowed(url));
    let thumbnail = is_image(file.content_type.as_deref(), file.file_name.as_deref())
        .then(|| {
            file.thumbnails
                .iter()
                .filter_map(|t| t.content_url.clone())
                .find(|url| media_url_allowed(url))
        })
        .flatten();
    let icon = match thumbnail {
        Some(src) => view! { <img class="sw-thumb" src=src alt="" referrerpolicy="no-referrer" loading="lazy"/> }.into_any(),
        None => view! { <span class="sw-file-kind" aria-hidden="true">{file_kind(&name)}</span> }.into_any(),
    };
    let size_text = move || size.map(|s| format_size(s, t().tag)).unwrap_or_default();
    let label = {
        let name = name.clone();
        move || {
            fill(
                t().open_attachment,
                &[("name", &name), ("size", &size_text())],
            )
        }
    };
    match href {
        Some(href) => view! {
            <li class="sw-comment-file">
                <a href=href target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer" aria-label=label>
                    {icon}
                    <span class="sw-file-name">{name}</span>
                    <span class="sw-muted">{size_text}</span>
                </a>
            </li>
        }
        .into_any(),
        None => view! {
            <li class="sw-comment-file">
                {icon}
                <span class="sw-file-name">{name}</span>
                <span class="sw-muted">{size_text}</span>
            </li>
        }
        .into_any(),
    }
}

/// The reply box: text and attachments, a draft per request, never sent twice on its own.
#[component]
fn ReplyBox(thread: Thread) -> impl IntoView {
    let t = use_messages();
    let now_t = move || untrack(t);
    let services = thread.services;
    let id = thread.id;
    let draft_key = services.draft_key(&format!("draft:reply:{id}"));
    let mut restored = services.load_draft(&draft_key).unwrap_or_default();
    restored.drop_expired_uploads(&services.now_iso());
    let body = RwSignal::new(restored.body.clone());
    let uploads = Uploads::restore(std::mem::take(&mut restored.uploads));
    let replying = RwSignal::new(Replying::Idle);
    let problem = RwSignal::new(None::<&'static str>);
    // Copying others: the box opens on request; addresses go with the reply in one update.
    let may_cc = services.email_ccs();
    let ccs_open = RwSignal::new(false);
    let cc_text = RwSignal::new(String::new());
    let cc_problem = RwSignal::new(None::<String>);
    // Zendesk accepted the reply but copied no one new (CCs turned off for the account).
    let ccs_ignored = RwSignal::new(false);
    let cc_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = cc_input.get() {
            let _ = input.focus();
        }
    });

    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| {
            let draft = Draft {
                body: body.get(),
                uploads: uploads.done(),
                ..Draft::default()
            };
            services.save_draft(&draft_key, &draft);
        });
    }

    let delivered = {
        let draft_key = draft_key.clone();
        move |sent: &str| {
            // What the user typed while it was sending stays in the box.
            if body.get_untracked() == sent {
                body.set(String::new());
                services.clear_draft(&draft_key);
            }
            cc_text.set(String::new());
            ccs_open.set(false);
            uploads.clear();
            thread.navigator.emit(WidgetEvent::CommentAdded(id));
        }
    };

    let send = Callback::new(move |deliberate: bool| {
        match replying.get_untracked() {
            Replying::InFlight | Replying::MaybeSent(Check::Checking) => return,
            Replying::MaybeSent(_) if !deliberate => return,
            _ => {}
        }
        let text = body.get_untracked();
        if uploads.busy() {
            problem.set(Some(now_t().uploading));
            return;
        }
        if text.trim().is_empty() {
            problem.set(Some(now_t().problem_missing));
            return;
        }
        let ccs = if may_cc {
            match parse_cc_list(&cc_text.get_untracked()) {
                Ok(ccs) => ccs,
                Err(address) => {
                    cc_problem.set(Some(fill(now_t().cc_invalid, &[("address", &address)])));
                    if let Some(input) = cc_input.get_untracked() {
                        let _ = input.focus();
                    }
                    return;
                }
            }
        } else {
            Vec::new()
        };
        let copied_before = thread.request.with_untracked(|r| r.as_ref().map(copied));
        problem.set(None);
        cc_problem.set(None);
        ccs_ignored.set(false);
        replying.set(Replying::InFlight);
        let delivered = delivered.clone();
        // Comments created from now on (minus clock skew) may be this reply.
        let since = super::intl::minutes_ago(5);
        spawn_local(async move {
            let wants_ccs = !ccs.is_empty();
            let outcome = services
                .reply(id, text.clone(), uploads.tokens(), ccs)
                .await;
            if replying.try_get_untracked().is_none() {
                return;
            }
            match outcome {
                Ok(request) => {
                    // Zendesk drops CCs silently when the account doesn't allow them.
                    if wants_ccs && copied_before.as_ref() == Some(&copied(&request)) {
                        ccs_ignored.set(true);
                    }
                    delivered(&text);
                    thread.show(request);
                    let _ = thread.catch_up().await;
                    if replying.try_get_untracked().is_none() {
                        return;
                    }
                    thread.backoff.update_value(Backoff::reset);
                    thread.announce.set(now_t().reply_sent.to_owned());
                    replying.set(Replying::Sent);
                }
                Err(ApiError::OutcomeUnknown | ApiError::Timeout) => {
                    replying.set(Replying::MaybeSent(Check::Checking));
                    let _ = thread.catch_up().await;
                    if replying.try_get_untracked().is_none() {
                        return;
                    }
                    let wanted = text.trim();
                    // Only a comment written since this send started counts: an earlier
                    // "Thanks!" is not this one.
                    let arrived = thread.comments.with_untracked(|thread| {
                        thread.iter().rev().take(20).any(|c| {
                            c.created_at
                                .as_deref()
                                .is_some_and(|at| at >= since.as_str())
                                && (c.body.as_deref().map(str::trim) == Some(wanted)
                                    || c.plain_body.as_deref().map(str::trim) == Some(wanted))
                        })
                    });
                    if arrived {
                        delivered(&text);
                    }
                    replying.set(Replying::MaybeSent(if arrived {
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
                        if let Ok(found) = services.request(id).await {
                            if replying.try_get_untracked().is_none() {
                                return;
                            }
                            thread.show(found.request);
                        }
                    }
                    replying.set(Replying::Failed(
                        error_text(now_t(), &error, false).to_owned(),
                    ));
                }
            }
        });
    });

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
            on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                send.run(false);
            }
            on:paste=move |event: web_sys::ClipboardEvent| {
                let files = pasted_files(&event);
                if !files.is_empty() {
                    event.prevent_default();
                    uploads.add(services, files);
                }
            }
            aria-busy=move || (replying.get() == Replying::InFlight).to_string()
        >
            {move || solved().then(|| view! { <p class="sw-note sw-warning" role="note">{move || t().reply_reopens}</p> })}
            <div class="sw-field">
                <label for="sw-reply">{move || t().reply}</label>
                <textarea
                    id="sw-reply"
                    part="input"
                    rows="4"
                    aria-invalid=move || problem.get().is_some().to_string()
                    aria-describedby=move || problem.get().map(|_| "sw-reply-problem")
                    prop:value=move || body.get()
                    on:input=move |event| {
                        if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                            body.set(area.value());
                            problem.set(None);
                            ccs_ignored.set(false);
                            if matches!(replying.get_untracked(), Replying::Sent | Replying::MaybeSent(Check::Arrived)) {
                                replying.set(Replying::Idle);
                            }
                        }
                    }
                ></textarea>
                <p id="sw-reply-problem" class="sw-problem" role="alert">{move || problem.get()}</p>
            </div>
            {may_cc.then(|| view! {
                <div class="sw-cc-edit">
                    {move || (!ccs_open.get()).then(|| view! {
                        <button type="button" class="sw-link sw-cc-add" part="button" aria-expanded="false" on:click=move |_| ccs_open.set(true)>
                            {move || t().cc_add}
                        </button>
                    })}
                    {move || ccs_open.get().then(|| view! {
                        <div class="sw-field">
                            <label for="sw-reply-ccs">{move || t().cc_label}</label>
                            <input
                                id="sw-reply-ccs"
                                type="email"
                                multiple
                                part="input"
                                autocomplete="off"
                                node_ref=cc_input
                                aria-describedby="sw-reply-ccs-hint sw-reply-ccs-problem"
                                aria-invalid=move || cc_problem.get().is_some().to_string()
                                prop:value=move || cc_text.get()
                                on:input=move |event| {
                                    if let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                        cc_text.set(input.value());
                                        cc_problem.set(None);
                                    }
                                }
                            />
                            <p id="sw-reply-ccs-hint" class="sw-help">{move || t().cc_hint}</p>
                            <p id="sw-reply-ccs-problem" class="sw-problem" role="alert">{move || cc_problem.get()}</p>
                        </div>
                    })}
                </div>
            })}
            {move || ccs_ignored.get().then(|| view! {
                <p class="sw-note sw-warning sw-cc-ignored" role="status">{move || t().cc_not_added}</p>
            })}
            <AttachmentList id_prefix="sw-reply" services=services uploads=uploads/>
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
            {move || match replying.get() {
                Replying::Failed(message) => Some(view! { <p class="sw-error" role="alert">{message}</p> }.into_any()),
                Replying::MaybeSent(check) => Some(view! {
                    <div class="sw-warning-box" role="alert">
                        <p class="sw-strong">{move || t().reply_maybe_sent}</p>
                        {match check {
                            Check::Checking => view! { <p>{move || t().maybe_sent_checking}</p> }.into_any(),
                            Check::Arrived => view! { <p>{move || t().reply_arrived}</p> }.into_any(),
                            Check::Missing => view! {
                                <p>{move || t().reply_missing}</p>
                                <button type="button" class="sw-secondary" part="button" on:click=move |_| send.run(true)>{move || t().send_anyway}</button>
                            }
                            .into_any(),
                        }}
                    </div>
                }
                .into_any()),
                _ => None,
            }}
        </form>
    }
}

/// Who is copied on a request, in a fixed order, to see whether an update added anyone.
fn copied(request: &Request) -> Vec<u64> {
    let mut ids: Vec<u64> = request
        .email_cc_ids
        .iter()
        .chain(&request.collaborator_ids)
        .copied()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
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
            if let Some(button) = confirm_ref.get_untracked() {
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
                        <p id="sw-confirm-solve">{move || t().confirm_solve}</p>
                        <div class="sw-actions">
                            <button type="button" class="sw-secondary" part="button" on:click=move |_| solving.set(Solving::Idle)>{move || t().cancel}</button>
                            <button
                                type="button"
                                class="sw-primary"
                                part="button"
                                node_ref=confirm_ref
                                disabled=move || solving.get() == Solving::InFlight
                                on:click=confirm
                            >
                                {move || t().confirm_solve_yes}
                            </button>
                        </div>
                    </div>
                }
                .into_any(),
                Solving::Done => view! { <p class="sw-note">{move || t().solved_done}</p> }.into_any(),
                Solving::Refused => view! { <p class="sw-note sw-warning">{move || t().solve_refused}</p> }.into_any(),
                Solving::Failed(message) => view! { <p class="sw-error">{message}</p> }.into_any(),
                Solving::Idle => ().into_any(),
            }}
            {move || (solvable() && matches!(solving.get(), Solving::Idle | Solving::Failed(_))).then(|| view! {
                <button type="button" class="sw-secondary sw-solve-button" part="button" on:click=ask>{move || t().mark_solved}</button>
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
                on:click=move |_| score.set(Some(value))
            >
                {move || label(t())}
            </button>
        }
    };
    move || {
        if rating.get() == RatingState::Done {
            return view! { <p class="sw-note sw-rating" role="status">{move || t().rate_thanks}</p> }.into_any();
        }
        view! {
            <form class="sw-form sw-rating" on:submit=send>
                <fieldset class="sw-field">
                    <legend>{move || t().rate_title}</legend>
                    <div class="sw-scores">
                        {choice(Score::Good, |m| m.rate_good)}
                        {choice(Score::Bad, |m| m.rate_bad)}
                    </div>
                </fieldset>
                {move || score.get().is_some().then(|| view! {
                    <div class="sw-field">
                        <label for="sw-rating-comment">{move || t().rate_comment}</label>
                        <textarea
                            id="sw-rating-comment"
                            part="input"
                            rows="2"
                            prop:value=move || comment.get()
                            on:input=move |event| {
                                if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                                    comment.set(area.value());
                                }
                            }
                        ></textarea>
                    </div>
                    <div class="sw-actions">
                        <button type="submit" class="sw-primary" part="button" disabled=move || rating.get() == RatingState::InFlight>{move || t().rate_send}</button>
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
