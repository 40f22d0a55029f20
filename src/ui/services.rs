//! What the screens need from the outside world, in one `Copy` handle: the API client, the
//! device storage (drafts, receipts, last-seen), the identity and the host's prefill. Screens
//! get it as a prop; it keeps the API's types and the browser's storage out of their code.
//! The methods "My tickets" needs are in `tickets_services.rs`; both use the storage helpers
//! here.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::body::NewRequest;
use crate::api::client::{passes_before, FileToUpload, RequestFilter, RequestSort, SortBy};
use crate::api::error::ApiError;
use crate::api::models::{Article, Request};
use crate::api::page::PageRequest;
use crate::api::saved::ReadCache;
use crate::api::transport::ProgressCallback;
use crate::api::{BrowserTransport, Client, ClientConfig, Identity, Transport};
use crate::host::Prefill;
use crate::model::contact::ContactForm;
use crate::model::draft::{
    account_prefix, identity_prefix, storage_key, upload_expiry, Draft, DraftUpload, Receipt,
    Receipts, UPLOAD_TOKEN_MINUTES,
};
use crate::model::order::sort_by_rank;
use crate::model::retention::{Retention, Verdict};
use crate::model::sending::{find_twin, TwinQuery};

/// Zendesk's default attachment limit; accounts may lower it (the server then says so).
const DEFAULT_MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;
/// Calls looking for a send whose outcome is unknown, when the listing does not come back
/// newest first (a sorted one settles on its first page): the first 10, then up to 2,000
/// requests in pages of [`LIST_PAGE_MAX`].
const TWIN_SEARCH_PAGES: usize = 21;
/// Zendesk's largest page.
const LIST_PAGE_MAX: u32 = 100;
/// How many of the user's newest requests are searched for a send whose outcome is unknown.
const RECENT_REQUESTS_CHECKED: u32 = 10;
/// Article suggestions asked for.
const SUGGESTIONS: u32 = 3;

/// Who the widget acts as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// No sign-in: name and email are asked.
    Anonymous,
    /// An end user (OAuth token or Help Center session).
    SignedIn,
}

/// Everything behind the handle.
pub struct ServicesInner {
    /// The Requests API client (replaced when a Help Center session turns out signed in).
    pub client: RefCell<Client>,
    /// The Zendesk origin, for storage scoping.
    pub origin: String,
    /// Storage scope of the current identity (`anonymous`, `user:1001`).
    pub scope: RefCell<String>,
    /// Who the widget acts as.
    pub who: RefCell<Who>,
    /// The host's prefill.
    pub prefill: RefCell<Prefill>,
    /// The language tag passed to Zendesk.
    pub locale: RefCell<String>,
    /// Forms the host allows (`ticketFormIds`); empty = all end-user-visible ones.
    pub ticket_form_ids: Vec<u64>,
    /// Whether anonymous receipts are kept on the device.
    pub keep_receipts: bool,
    /// Whether a reply may copy others (`emailCcs`).
    pub email_ccs: bool,
    /// Whether solved requests offer a rating (`satisfactionRatings`).
    pub satisfaction_ratings: bool,
    /// How long each kind of entry stays on the device (`retention`).
    pub retention: Retention,
}

impl ServicesInner {
    /// The current client (a cheap handle).
    pub fn client(&self) -> Client {
        self.client.borrow().clone()
    }

    fn locale(&self) -> String {
        self.locale.borrow().clone()
    }

    /// Removes everything stored for the current identity.
    fn forget_identity(&self) {
        let prefix = identity_prefix(&self.origin, &self.scope.borrow());
        let Some(storage) = storage() else { return };
        for key in keys(&storage)
            .into_iter()
            .filter(|k| k.starts_with(&prefix))
        {
            let _ = storage.remove_item(&key);
        }
    }

    /// Zendesk named the signed-in user. This device's user-scoped storage belongs to the
    /// user last named here: when that was someone else (a host that switched users without
    /// `logout`), their drafts, receipts and saved reads are forgotten before this user can
    /// see them. Returns whether it was someone else.
    fn adopt_user(&self, id: u64) -> bool {
        let key = storage_key(&self.origin, &self.scope.borrow(), "owner");
        let owner = storage().and_then(|s| s.get_item(&key).ok().flatten());
        let switched = owner
            .as_deref()
            .is_some_and(|owner| owner != id.to_string());
        if switched {
            self.forget_identity();
        }
        if switched || owner.is_none() {
            store(&key, Some(&id.to_string()));
        }
        switched
    }

    /// Remembers an anonymous request on this device (unless the host opted out). On the
    /// inner value, so a send that finishes after the panel was unmounted still records it.
    pub fn remember_receipt(&self, id: u64, request: &NewRequest) {
        if !self.keep_receipts {
            return;
        }
        let key = storage_key(&self.origin, &self.scope.borrow(), "receipts");
        let mut receipts = storage()
            .and_then(|s| s.get_item(&key).ok().flatten())
            .map(|json| Receipts::from_stored(&json))
            .unwrap_or_default();
        receipts.add(Receipt {
            id,
            subject: request.subject.clone().unwrap_or_default(),
            created_at: super::intl::now_iso(),
        });
        store(&key, Some(&receipts.to_stored()));
    }
}

/// The screens' handle on the outside world. `Copy`, so it moves into any closure.
#[derive(Clone, Copy)]
pub struct Services(StoredValue<Rc<ServicesInner>, LocalStorage>);

impl Services {
    /// Wraps the services for the current reactive owner, first removing what this account's
    /// entries on the device have outlived (storage only: no Zendesk call).
    pub fn new(inner: ServicesInner) -> Services {
        sweep(&inner.origin, &inner.retention);
        Services(StoredValue::new_local(Rc::new(inner)))
    }

    pub(crate) fn inner(&self) -> Rc<ServicesInner> {
        self.0.get_value()
    }

    /// Who the widget acts as.
    pub fn who(&self) -> Who {
        self.inner().who.borrow().clone()
    }

    /// Signed in: keeps the user's reads on the device for offline use, and watches who
    /// Zendesk says the user is. When that is not whom this device's storage belongs to, the
    /// other user's data is forgotten and `on_switched` runs, so the screens start over.
    pub fn watch_identity(&self, on_switched: impl Fn() + 'static) {
        watch_identity(&self.inner(), on_switched);
    }

    /// The current client (a cheap handle).
    pub fn client(&self) -> Client {
        self.inner().client()
    }

    /// On the Help Center's own origin without a token: when the visitor is signed in to the
    /// Help Center, the widget acts as them through the session cookie (and its CSRF token on
    /// writes) instead of anonymously. `on_signed_in` runs so the screens start over signed in.
    pub fn adopt_help_center_session(&self, on_signed_in: impl Fn() + Clone + 'static) {
        let inner = self.inner();
        let session_client = Client::in_browser(
            ClientConfig::new(inner.client().origin().clone()),
            Identity::HelpCenterSession,
        );
        let weak = Rc::downgrade(&inner);
        leptos::task::spawn_local(async move {
            let Ok(session) = session_client.help_center_session().await else {
                return;
            };
            // Signed in: a CSRF token for writes, and Zendesk naming the user (the session
            // answer's `user_id`, or `X-Zendesk-User-Id`, readable on the same origin).
            let named = session.user_id.is_some() || session_client.user_id().is_some();
            let signed_in = named && session.csrf_token.as_deref().is_some_and(|t| !t.is_empty());
            let Some(inner) = weak.upgrade() else { return };
            if !signed_in {
                return;
            }
            *inner.client.borrow_mut() = session_client;
            *inner.who.borrow_mut() = Who::SignedIn;
            *inner.scope.borrow_mut() = "user".to_owned();
            watch_identity(&inner, on_signed_in.clone());
            on_signed_in();
        });
    }

    /// The signed-in user's id, once Zendesk has named them.
    pub fn user_id(&self) -> Option<u64> {
        self.client().user_id()
    }

    /// Whether a reply may copy others by email.
    pub fn email_ccs(&self) -> bool {
        self.inner().email_ccs
    }

    /// Whether solved requests offer a satisfaction rating.
    pub fn satisfaction_ratings(&self) -> bool {
        self.inner().satisfaction_ratings
    }

    /// The host's prefill.
    pub fn prefill(&self) -> Prefill {
        self.inner().prefill.borrow().clone()
    }

    /// The account's attachment size limit.
    pub fn max_attachment_bytes(&self) -> u64 {
        DEFAULT_MAX_ATTACHMENT_BYTES
    }

    /// Now, as Zendesk writes times.
    pub fn now_iso(&self) -> String {
        super::intl::now_iso()
    }

    /// Waits `ms` milliseconds (a pause between two looks at Zendesk), on the API's clock.
    pub async fn wait_ms(&self, ms: u64) {
        BrowserTransport::new().sleep(ms).await;
    }

    // ----- Zendesk -----------------------------------------------------------------------

    /// The ticket forms to offer, each with its end-user fields, in the host's order (or
    /// Zendesk's `position`). An account without forms gets one form of its editable fields.
    pub async fn contact_forms(&self) -> Result<Vec<ContactForm>, ApiError> {
        let inner = self.inner();
        let locale = inner.locale();
        let ids = if inner.ticket_form_ids.is_empty() {
            let mut forms = inner.client().list_ticket_forms().await?;
            forms.retain(|f| f.active && f.end_user_visible);
            // The default form first, then Zendesk's order (ids are unique: a total order).
            sort_by_rank(&mut forms, |f| {
                [u64::from(!f.default), f.position.unwrap_or(u64::MAX), f.id]
            });
            forms.iter().map(|f| f.id).collect::<Vec<_>>()
        } else {
            inner.ticket_form_ids.clone()
        };
        if ids.is_empty() {
            let fields = inner.client().ticket_fields(Some(&locale)).await?;
            return Ok(vec![ContactForm::without_form(&fields)]);
        }
        let loaded = inner
            .client()
            .ticket_forms_with_fields(&ids, Some(&locale))
            .await?;
        Ok(ids
            .iter()
            .filter_map(|id| loaded.iter().find(|f| f.form.id == *id))
            .map(|f| ContactForm::new(&f.form, &f.fields))
            .collect())
    }

    /// Files a request.
    pub async fn create_request(&self, request: &NewRequest) -> Result<Request, ApiError> {
        self.client().create_request(request).await
    }

    /// The user's request that `query` describes (see [`find_twin`]), if Zendesk has one:
    /// after a send whose outcome is unknown, the request it created; after a success, a copy.
    pub async fn find_recent_request(&self, query: TwinQuery<'_>) -> Result<Option<u64>, ApiError> {
        let since = query.since;
        let sort = RequestSort {
            by: SortBy::CreatedAt,
            descending: true,
        };
        let client = self.client();
        let mut page = PageRequest::first(RECENT_REQUESTS_CHECKED);
        for _ in 0..TWIN_SEARCH_PAGES {
            let found = client
                .list_requests(RequestFilter::All, Some(sort), &page)
                .await?;
            if let Some(twin) = find_twin(&found.items, query) {
                return Ok(Some(twin));
            }
            if passes_before(&found.items, since) {
                break;
            }
            // Not newest first after all: look through everything, a full page at a time.
            page = match (&page, found.next) {
                (PageRequest::Offset { per_page, .. }, _) if *per_page < LIST_PAGE_MAX => {
                    PageRequest::first_offset(LIST_PAGE_MAX)
                }
                (_, Some(next)) => next,
                (_, None) => break,
            };
        }
        Ok(None)
    }

    /// Help Center articles that may answer `query`, in the widget's language.
    pub async fn search_articles(&self, query: &str) -> Result<Vec<Article>, ApiError> {
        let inner = self.inner();
        let locale = inner.locale();
        inner
            .client()
            .suggest_articles(query, Some(&locale), SUGGESTIONS)
            .await
    }

    /// Uploads one file under its own token; `progress` gets whole percents.
    pub async fn upload(
        &self,
        file: &web_sys::File,
        progress: impl Fn(u32) + 'static,
    ) -> Result<DraftUpload, ApiError> {
        let to_upload = FileToUpload {
            file_name: file.name(),
            content_type: file.type_(),
            data: file.clone().into(),
        };
        let on_progress: ProgressCallback = Rc::new(move |sent: u64, total: u64| {
            if let Some(percent) = (sent.min(total) * 100).checked_div(total) {
                progress(percent as u32);
            }
        });
        let upload = self
            .client()
            .upload_file(&to_upload, None, Some(on_progress))
            .await?;
        Ok(DraftUpload {
            token: upload.token,
            file_name: file.name(),
            size: file.size() as u64,
            expires_at: Some(upload_expiry(
                upload.expires_at,
                super::intl::iso_at(
                    js_sys::Date::now() + f64::from(UPLOAD_TOKEN_MINUTES) * 60_000.0,
                ),
            )),
        })
    }

    /// Deletes an upload the user removed before sending.
    pub async fn delete_upload(&self, token: &str) -> Result<(), ApiError> {
        self.client().delete_upload(token).await
    }

    // ----- device storage ---------------------------------------------------------------

    /// The storage key of `what` for this origin and identity.
    pub fn draft_key(&self, what: &str) -> String {
        let inner = self.inner();
        let scope = inner.scope.borrow();
        storage_key(&inner.origin, &scope, what)
    }

    /// The saved draft under `key`, if any.
    pub fn load_draft(&self, key: &str) -> Option<Draft> {
        Draft::from_stored(&storage()?.get_item(key).ok()??)
    }

    /// Saves a draft, or forgets it when nothing worth keeping is left. Storage can be full
    /// or disabled (private modes, sandboxed frames): the form keeps working, and the console
    /// says why drafts won't survive a reload.
    pub fn save_draft(&self, key: &str, draft: &Draft) {
        if draft.is_empty() {
            store(key, None);
        } else {
            // Stamped, so the draft expires a set time after its last edit.
            let draft = Draft {
                saved_at: self.now_iso(),
                ..draft.clone()
            };
            store(key, Some(&draft.to_stored()));
        }
    }

    /// Forgets a draft.
    pub fn clear_draft(&self, key: &str) {
        store(key, None);
    }

    /// Remembers an anonymous request on this device (unless the host opted out).
    pub fn remember_receipt(&self, id: u64, request: &NewRequest) {
        self.inner().remember_receipt(id, request);
    }

    /// The receipts kept on this device, newest first.
    pub fn receipts(&self) -> Receipts {
        storage()
            .and_then(|s| s.get_item(&self.draft_key("receipts")).ok().flatten())
            .map(|json| Receipts::from_stored(&json))
            .unwrap_or_default()
    }

    /// Removes everything stored for the current identity (on `logout`).
    pub fn forget_identity(&self) {
        self.inner().forget_identity();
    }
}

/// See [`Services::watch_identity`].
fn watch_identity(inner: &Rc<ServicesInner>, on_switched: impl Fn() + 'static) {
    if *inner.who.borrow() == Who::Anonymous {
        return;
    }
    let prefix = identity_prefix(&inner.origin, &inner.scope.borrow());
    inner.client().keep_reads_in(Rc::new(StoredReads {
        prefix,
        retention: inner.retention,
    }));
    // Weak: the client holding a strong reference to its owner would never be freed.
    let weak = Rc::downgrade(inner);
    inner.client().on_user(Rc::new(move |id| {
        if weak.upgrade().is_some_and(|inner| inner.adopt_user(id)) {
            on_switched();
        }
    }));
}

/// Saved reads kept at most (the newest list pages, requests and comment pages).
const SAVED_READS: usize = 12;
/// Longer answers are not saved: the host's origin shares its few megabytes of storage.
const SAVED_READ_MAX_CHARS: usize = 200_000;

/// The signed-in user's saved reads in local storage: at most [`SAVED_READS`] answers, the
/// least recently saved dropped first (also when storage is full). Each is stored as
/// `"<saved at ms>\n<body>"`; an index key keeps their order.
struct StoredReads {
    /// The identity's key prefix: `logout` and a user switch clear these with the rest.
    prefix: String,
    /// How long a saved read may be shown.
    retention: Retention,
}

impl StoredReads {
    fn item_key(&self, path: &str) -> String {
        format!("{}read:{path}", self.prefix)
    }

    fn index_key(&self) -> String {
        format!("{}reads", self.prefix)
    }
}

impl ReadCache for StoredReads {
    fn load(&self, key: &str) -> Option<(String, u64)> {
        let stored = storage()?.get_item(&self.item_key(key)).ok()??;
        let (saved_at, body) = stored.split_once('\n')?;
        let saved_at: u64 = saved_at.parse().ok()?;
        // Past its time (the page stayed open since the widget started): never shown.
        self.retention
            .saved_read_is_fresh(saved_at, js_sys::Date::now() as u64)
            .then(|| (body.to_owned(), saved_at))
    }

    fn save(&self, key: &str, body: &str, saved_at_ms: u64) {
        let Some(storage) = storage() else { return };
        let item = self.item_key(key);
        let index_key = self.index_key();
        let mut index: Vec<String> = storage
            .get_item(&index_key)
            .ok()
            .flatten()
            .map(|list| list.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        index.retain(|k| *k != item);
        let _ = storage.remove_item(&item);
        if body.len() <= SAVED_READ_MAX_CHARS {
            let value = format!("{saved_at_ms}\n{body}");
            loop {
                while index.len() >= SAVED_READS {
                    let _ = storage.remove_item(&index.remove(0));
                }
                if storage.set_item(&item, &value).is_ok() {
                    index.push(item);
                    break;
                }
                // Full: make room by dropping the oldest, or give up when none is left.
                if index.is_empty() {
                    break;
                }
                let _ = storage.remove_item(&index.remove(0));
            }
        }
        let _ = storage.set_item(&index_key, &index.join("\n"));
    }
}

/// The page's `localStorage`, when the browser gives one (not in some private modes and
/// sandboxed frames). The one accessor for both halves of `impl Services`.
pub(super) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Every key in local storage (read first: removing while iterating shifts the indices).
fn keys(storage: &web_sys::Storage) -> Vec<String> {
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

/// Applies the retention rules to the entries of the Zendesk account at `origin` (every
/// identity): what has outlived its time goes, an identity left with only its owner mark
/// loses that too. Best effort, like all storage here.
fn sweep(origin: &str, retention: &Retention) {
    let Some(storage) = storage() else { return };
    let account = account_prefix(origin);
    let now = js_sys::Date::now() as u64;
    let mut owners = Vec::new();
    // A handful of identities at most: a list is enough (a set type would add its own code).
    let mut identities_left: Vec<String> = Vec::new();
    for key in keys(&storage) {
        // `{identity}:{what}`, the identity being one segment (`anonymous`, `user`).
        let Some((identity, what)) = key.strip_prefix(&account).and_then(|r| r.split_once(':'))
        else {
            continue;
        };
        if what == "owner" {
            owners.push((identity.to_owned(), key.clone()));
            continue;
        }
        let Ok(Some(value)) = storage.get_item(&key) else {
            continue;
        };
        match retention.judge(what, &value, now) {
            Verdict::Keep => {}
            Verdict::Remove => {
                let _ = storage.remove_item(&key);
                continue;
            }
            Verdict::Rewrite(value) => {
                let _ = storage.set_item(&key, &value);
            }
        }
        if !identities_left.iter().any(|left| left == identity) {
            identities_left.push(identity.to_owned());
        }
    }
    for (identity, key) in owners {
        if !identities_left.contains(&identity) {
            let _ = storage.remove_item(&key);
        }
    }
}

/// The stored value under `key`, if any.
pub(super) fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn store(key: &str, value: Option<&str>) {
    let outcome = match (storage(), value) {
        (Some(storage), Some(value)) => storage.set_item(key, value),
        (Some(storage), None) => storage.remove_item(key),
        (None, _) => Ok(()),
    };
    if outcome.is_err() {
        web_sys::console::warn_1(
            &"support-widget: local storage is full or blocked; drafts won't survive a reload"
                .into(),
        );
    }
}
