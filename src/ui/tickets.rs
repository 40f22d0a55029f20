//! "My tickets": the signed-in user's requests by tab (Open, Solved, All, CC'd) or by search,
//! newest activity first, a page at a time; each row opens its conversation. Anonymous users
//! see the requests they sent from this device instead, and nothing is asked of Zendesk.
//!
//! The list loads only when the tab is shown (never for a visitor who only uses the contact
//! form), reloads its first page each time the tab is shown again, and stays mounted under an
//! open conversation so that coming back keeps the pages already loaded.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::intl::{date_time, relative_time};
use super::services::{use_services, Services, Who};
use super::shared::{
    boxed, effect, use_messages, use_navigator, ConversationView, Navigator, OpenedRequest,
    SavedNotice,
};
use crate::api::models::Request;
use crate::api::page::PageRequest;
use crate::host::View;
use crate::i18n::fill;
use crate::model::tickets::{badge, is_unread, LoadProblem, Tab};

/// Where the list stands.
#[derive(Clone, Debug, PartialEq)]
enum ListState {
    /// Nothing asked yet (the tab was never shown).
    Idle,
    /// The first page is on its way: a skeleton shows.
    Loading,
    /// Rows are shown; more pages may follow.
    Ready,
    /// The first page failed; the message says what to do.
    Failed(LoadProblem),
    /// The first page failed, and the rows shown are the copy saved on this device when
    /// Zendesk last answered (ms since the epoch): readable, not fresh.
    Saved(LoadProblem, u64),
}

/// The "My tickets" tab.
#[component]
pub fn TicketsScreen(
    /// Draws an opened request (the shell passes the conversation screen).
    conversation: ConversationView,
) -> impl IntoView {
    let services = use_services();
    if services.who() == Who::Anonymous {
        return view! { <Receipts/> }.into_any();
    }
    let navigator = use_navigator();
    let opened = RwSignal::new(None::<u64>);
    // Another screen asked to show a request ("View request" after sending).
    effect(move |_| {
        let shown = navigator.shown_request();
        if let Some(id) = shown.get() {
            opened.set(Some(id));
            shown.set(None);
        }
    });
    let list = ListModel::new(services, navigator);
    let on_back = Callback::new(move |()| opened.set(None));
    let on_changed = Callback::new(move |request: Request| list.replace(request));
    let on_open = Callback::new(move |id: u64| opened.set(Some(id)));

    view! {
        <div class="sw-tickets">
            <div hidden=move || opened.get().is_some()>
                <TicketList list=list on_open=on_open/>
            </div>
            {move || opened.get().map(|id| conversation(OpenedRequest { id, on_back, on_changed }))}
        </div>
    }
    .into_any()
}

/// The list's data and how it loads; `Copy` so every handler can hold it.
#[derive(Clone, Copy)]
struct ListModel {
    services: Services,
    navigator: Navigator,
    tab: RwSignal<Tab>,
    /// The search being shown (empty: the tab's list).
    query: RwSignal<String>,
    items: RwSignal<Vec<Request>>,
    next: RwSignal<Option<PageRequest>>,
    state: RwSignal<ListState>,
    loading_more: RwSignal<bool>,
    more_failed: RwSignal<Option<LoadProblem>>,
    /// Bumped when a request is marked seen, so the dots are re-read.
    seen: RwSignal<u32>,
    /// Bumped by each new load; an answer for an older one (another tab) is dropped.
    generation: StoredValue<u32>,
    /// Whether Zendesk has listed the user's requests this session: an opaque failure
    /// after that is not an unverified email.
    listed: StoredValue<bool>,
}

impl ListModel {
    fn new(services: Services, navigator: Navigator) -> ListModel {
        ListModel {
            services,
            navigator,
            tab: RwSignal::new(Tab::default()),
            query: RwSignal::new(String::new()),
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            state: RwSignal::new(ListState::Idle),
            loading_more: RwSignal::new(false),
            more_failed: RwSignal::new(None),
            seen: RwSignal::new(0),
            generation: StoredValue::new(0),
            listed: StoredValue::new(false),
        }
    }

    /// Loads the first page of the current tab or search, replacing what is shown.
    fn reload(self) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.state.set(ListState::Loading);
        self.loading_more.set(false);
        self.more_failed.set(None);
        let (tab, query) = (self.tab.get_untracked(), self.query.get_untracked());
        spawn_local(async move {
            let outcome = self.services.list_page(tab, &query, None).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match outcome {
                Ok(page) => {
                    self.listed.set_value(true);
                    self.services.init_seen_horizon();
                    self.items.set(page.items);
                    self.next.set(page.next);
                    self.state.set(ListState::Ready);
                }
                Err(error) => {
                    // Searches aren't saved; a tab's first page is, when it was last read.
                    let saved = query
                        .is_empty()
                        .then(|| self.services.saved_list_page(tab))
                        .flatten();
                    let read_before = self.listed.get_value() || saved.is_some();
                    let problem = LoadProblem::of_read(&error, read_before);
                    self.navigator.report(problem, &error);
                    self.next.set(None);
                    match saved {
                        // Signed out may mean someone else now: show nothing of the last user.
                        Some(saved) if problem != LoadProblem::SignedOut => {
                            self.items.set(saved.value.items);
                            self.state.set(ListState::Saved(problem, saved.saved_at_ms));
                        }
                        _ => {
                            self.items.set(Vec::new());
                            self.state.set(ListState::Failed(problem));
                        }
                    }
                }
            }
        });
    }

    /// Appends the next page.
    fn load_more(self) {
        let Some(page) = self.next.get_untracked() else {
            return;
        };
        if self.loading_more.get_untracked() {
            return;
        }
        let generation = self.generation.get_value();
        self.loading_more.set(true);
        self.more_failed.set(None);
        let (tab, query) = (self.tab.get_untracked(), self.query.get_untracked());
        spawn_local(async move {
            let outcome = self.services.list_page(tab, &query, Some(page)).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match outcome {
                Ok(page) => {
                    self.items.update(|items| {
                        // A request updated between two pages moves up and could come twice.
                        for request in page.items {
                            if !items.iter().any(|r| r.id == request.id) {
                                items.push(request);
                            }
                        }
                    });
                    self.next.set(page.next);
                }
                Err(error) => {
                    let problem = LoadProblem::of_read(&error, true);
                    self.navigator.report(problem, &error);
                    self.more_failed.set(Some(problem));
                }
            }
            self.loading_more.set(false);
        });
    }

    /// A request changed in its conversation (seen, replied, solved): update its row.
    fn replace(self, request: Request) {
        self.items.update(|items| {
            if let Some(row) = items.iter_mut().find(|r| r.id == request.id) {
                *row = request;
            }
        });
        self.seen.update(|n| *n += 1);
    }
}

/// Tabs, search, rows and paging.
#[component]
fn TicketList(list: ListModel, on_open: Callback<u64>) -> impl IntoView {
    let t = use_messages();

    // Load when the tab is shown, and again each time it is shown anew, so replies that
    // arrived meanwhile appear; nothing loads for a visitor who never looks.
    effect(move |was_shown: Option<bool>| {
        let shown = list.navigator.showing(View::Tickets);
        if shown && was_shown != Some(true) {
            list.reload();
        }
        shown
    });
    // Back online after an offline failure: try again on our own.
    let online = window_event_listener_untyped("online", move |_| {
        if matches!(
            list.state.get_untracked(),
            ListState::Failed(LoadProblem::Offline) | ListState::Saved(..)
        ) {
            list.reload();
        }
    });
    on_cleanup(move || online.remove());

    let choose_tab = move |tab: Tab| {
        if list.tab.get_untracked() != tab {
            list.tab.set(tab);
            list.reload();
        }
    };
    // Keyed rows: "Load more" adds rows without redrawing the ones shown; a request whose
    // status or activity changed is redrawn.
    let rows = move || {
        view! {
            <For
                each=move || list.items.get()
                key=|r| (r.id, r.updated_at.clone(), format!("{:?}", r.status))
                let(request)
            >
                <TicketRow request=request seen=list.seen on_open=on_open/>
            </For>
        }
    };

    view! {
        <div class="sw-ticket-list">
            <SearchBar list=list/>
            <div class="sw-ticket-tabs" role="tablist" aria-label=t().tickets_filter>
                {Tab::ALL
                    .into_iter()
                    .map(|tab| {
                        let selected = move || list.tab.get() == tab;
                        view! {
                            <button
                                type="button"
                                role="tab"
                                class="sw-ticket-tab"
                                part="button tab filter"
                                data-tab=tab.slug()
                                aria-selected=move || selected().to_string()
                                aria-controls="sw-ticket-rows"
                                on:click=boxed(move |_| choose_tab(tab))
                            >
                                {move || tab.label(t())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div id="sw-ticket-rows" role="tabpanel" aria-busy=move || (list.state.get() == ListState::Loading).to_string()>
                {move || match list.state.get() {
                    ListState::Idle => ().into_any(),
                    ListState::Loading => view! { <Skeleton/> }.into_any(),
                    ListState::Failed(problem) => view! {
                        <div class="sw-error sw-list-error" role="alert">
                            <p>{move || problem.text(t())}</p>
                            <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| list.reload())>{t().retry}</button>
                        </div>
                    }
                    .into_any(),
                    ListState::Ready if list.items.with(Vec::is_empty) => view! {
                        <p class="sw-empty" role="status">
                            {move || if list.query.get().is_empty() { t().tickets_empty } else { t().tickets_no_results }}
                        </p>
                    }
                    .into_any(),
                    ListState::Ready => view! { <ul class="sw-rows">{rows}</ul> }.into_any(),
                    ListState::Saved(problem, saved_at_ms) => view! {
                        <SavedNotice problem=problem saved_at_ms=saved_at_ms on_retry=Callback::new(move |()| list.reload())/>
                        <ul class="sw-rows">{rows}</ul>
                    }
                    .into_any(),
                }}
            </div>
            {move || list.more_failed.get().map(|problem| view! {
                <p class="sw-error" role="alert">{move || problem.text(t())}</p>
            })}
            {move || (list.state.get() == ListState::Ready && list.next.with(Option::is_some)).then(|| view! {
                <button
                    type="button"
                    class="sw-secondary sw-load-more"
                    part="button"
                    disabled=move || list.loading_more.get()
                    on:click=boxed(move |_| list.load_more())
                >
                    {move || if list.loading_more.get() { t().loading } else { t().load_more }}
                </button>
            })}
        </div>
    }
}

/// The search form over the list, and "Clear search" while a search is shown.
#[component]
fn SearchBar(list: ListModel) -> impl IntoView {
    let t = use_messages();
    let typed = RwSignal::new(String::new());
    let search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let wanted = typed.get_untracked().trim().to_owned();
        if wanted != list.query.get_untracked() {
            list.query.set(wanted);
            list.reload();
        }
    };
    let clear_search = move |_| {
        typed.set(String::new());
        list.query.set(String::new());
        list.reload();
    };

    view! {
            <form class="sw-ticket-search" role="search" on:submit=boxed(search)>
                <label for="sw-ticket-search" class="sw-visually-hidden">{t().search_requests}</label>
                <input
                    id="sw-ticket-search"
                    type="search"
                    part="input"
                    autocomplete="off"
                    placeholder=t().search_requests
                    prop:value=move || typed.get()
                    on:input=boxed(move |event: web_sys::Event| {
                        if let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            typed.set(input.value());
                        }
                    })
                />
                <button type="submit" class="sw-secondary" part="button">{t().search}</button>
            </form>
            {move || (!list.query.get().is_empty()).then(|| view! {
                <button type="button" class="sw-link sw-clear-search" part="button" on:click=boxed(clear_search)>{t().clear_search}</button>
            })}
    }
}

/// One request in the list: a button that opens its conversation.
#[component]
fn TicketRow(request: Request, seen: RwSignal<u32>, on_open: Callback<u64>) -> impl IntoView {
    let t = use_messages();
    let services = use_services();
    let id = request.id;
    let updated_at = request.updated_at.clone().unwrap_or_default();
    let unread = {
        let updated_at = updated_at.clone();
        move || {
            seen.track();
            is_unread(
                Some(&updated_at),
                services.last_seen(id).as_deref(),
                services.seen_horizon().as_deref(),
            )
        }
    };
    let subject = request
        .subject
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| request.description.clone())
        .unwrap_or_default();
    let status = request.status;
    let when = {
        let updated_at = updated_at.clone();
        move || {
            fill(
                t().last_activity,
                &[("time", &relative_time(&updated_at, t().tag))],
            )
        }
    };
    let title = {
        let updated_at = updated_at.clone();
        move || date_time(&updated_at, t().tag)
    };
    view! {
        <li class="sw-row" data-id=id.to_string()>
            <button type="button" class="sw-row-button" part="row" on:click=boxed(move |_| on_open.run(id))>
                <span class="sw-row-top">
                    <span class="sw-row-subject">{subject}</span>
                    {move || unread().then(|| view! {
                        <span class="sw-dot" role="img" aria-label=t().updated_marker></span>
                    })}
                </span>
                <span class="sw-row-meta">
                    <span class=move || badge(status, t()).class>{move || badge(status, t()).label}</span>
                    <span class="sw-muted">{move || fill(t().request_number, &[("id", &id.to_string())])}</span>
                    <time class="sw-muted" datetime=updated_at title=title>{when}</time>
                </span>
            </button>
        </li>
    }
}

/// Placeholder rows while the first page loads; the status text is for screen readers.
#[component]
fn Skeleton() -> impl IntoView {
    let t = use_messages();
    // Constants, not literals: Leptos builds a wholly literal element from an HTML string
    // through `innerHTML`, which a page enforcing Trusted Types refuses.
    const BONE: &str = "sw-bone";
    const WIDE_BONE: &str = "sw-bone sw-bone-wide";
    view! {
        <div class="sw-skeleton">
            <p class="sw-visually-hidden" role="status">{t().loading}</p>
            <ul class="sw-rows" aria-hidden="true">
                {(0..4).map(|_| view! {
                    <li class="sw-row sw-row-skeleton">
                        <span class=WIDE_BONE></span>
                        <span class=BONE></span>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Anonymous users: the requests they sent from this device, from local receipts. Zendesk
/// would refuse to list or show them (anonymous users can never read a request back).
#[component]
fn Receipts() -> impl IntoView {
    let t = use_messages();
    let services = use_services();
    let navigator = use_navigator();
    view! {
        <div class="sw-tickets sw-receipts">
            <p class="sw-note">{t().anonymous_note}</p>
            {move || {
            // Re-read whenever the tab is shown: a request sent a moment ago is listed.
            navigator.view();
            let receipts = services.receipts().0;
            if receipts.is_empty() {
                view! { <p class="sw-empty">{t().anonymous_empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="sw-rows">
                        {receipts.into_iter().map(|receipt| {
                            let id = receipt.id.to_string();
                            let created_at = receipt.created_at.clone();
                            let title = {
                                let created_at = created_at.clone();
                                move || date_time(&created_at, t().tag)
                            };
                            let when = {
                                let created_at = created_at.clone();
                                move || relative_time(&created_at, t().tag)
                            };
                            view! {
                                <li class="sw-row sw-receipt" data-id=receipt.id.to_string()>
                                    <span class="sw-row-subject">{receipt.subject}</span>
                                    <span class="sw-row-meta">
                                        <span class="sw-muted">{move || fill(t().request_number, &[("id", &id)])}</span>
                                        <time class="sw-muted" datetime=created_at title=title>{when}</time>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }
            }}
        </div>
    }
}
