//! What the widget keeps on the device, in the page's `localStorage`: drafts, anonymous
//! receipts, when each request was last seen, the signed-in user's saved reads, and the
//! retention sweep. Best effort throughout: without storage (private modes, sandboxed frames)
//! the widget keeps working and keeps less.

use super::{Services, ServicesInner, Who};
use crate::api::body::NewRequest;
use crate::api::saved::ReadCache;
use crate::model::draft::{account_prefix, identity_prefix, storage_key, Draft, Receipt, Receipts};
use crate::model::retention::{Retention, Verdict};
use crate::model::tickets::later;

impl Services {
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
            // Only a number beyond 2^53 can't be written (no form or field has one): the
            // draft then stays in the form, and the one stored before stays stored.
            if let Ok(text) = draft.to_stored() {
                store(key, Some(&text));
            }
            // Kept for a user Zendesk hasn't named yet: marked as this mount's until Zendesk
            // says whose it is (asked now).
            if self.who() == Who::SignedIn && self.user_id().is_none() {
                self.inner().mark_unconfirmed_owner();
                self.name_the_user();
            }
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

    // ----- last seen ---------------------------------------------------------------------

    /// The request's `updated_at` when the user last opened it on this device.
    pub fn last_seen(&self, id: u64) -> Option<String> {
        read(&self.draft_key(&format!("seen:{id}")))
    }

    /// Remembers that the user saw the request as of `updated_at` (Zendesk's time, so the
    /// device clock doesn't matter); never moves backwards.
    pub fn mark_seen(&self, id: u64, updated_at: &str) {
        let key = self.draft_key(&format!("seen:{id}"));
        if let Some(newest) = later(read(&key).as_deref(), Some(updated_at)) {
            store(&key, Some(&newest));
        }
    }

    /// When the list was first shown on this device: requests never opened here count as
    /// updated only when they changed after it, so a first visit doesn't light up every old
    /// request.
    pub fn seen_horizon(&self) -> Option<String> {
        read(&self.draft_key("seen:horizon"))
    }

    /// Sets the horizon to now, once (the device clock: only a request updated within its
    /// skew around that first visit can be marked wrongly).
    pub fn init_seen_horizon(&self) {
        let key = self.draft_key("seen:horizon");
        if read(&key).is_none() {
            store(&key, Some(&self.now_iso()));
        }
    }
}

impl ServicesInner {
    /// Removes everything stored for the current identity.
    pub(super) fn forget_identity(&self) {
        let prefix = identity_prefix(&self.origin, &self.scope.borrow());
        let Some(storage) = storage() else { return };
        for key in keys(&storage)
            .into_iter()
            .filter(|k| k.starts_with(&prefix))
        {
            let _ = storage.remove_item(&key);
        }
    }

    /// Whether this device keeps anything for the current identity (a draft, saved reads,
    /// last-seen marks, an owner mark): only then can it matter whose it is before Zendesk
    /// has named the user.
    pub(super) fn keeps_anything(&self) -> bool {
        let prefix = identity_prefix(&self.origin, &self.scope.borrow());
        storage().is_some_and(|storage| keys(&storage).iter().any(|k| k.starts_with(&prefix)))
    }

    /// Marks what this device keeps for the signed-in user as this mount's, when nobody's
    /// mark is there yet: Zendesk hasn't named the user.
    pub(super) fn mark_unconfirmed_owner(&self) {
        let key = storage_key(&self.origin, &self.scope.borrow(), "owner");
        mark_unowned(&key, &self.unconfirmed_owner);
    }

    /// Zendesk named the signed-in user. This device's user-scoped storage belongs to the
    /// user last named here: when that was someone else (a host that switched users without
    /// `logout`), their drafts, receipts and saved reads are forgotten before this user can
    /// see them. What was kept before anyone was named is this user's only when this mount
    /// kept it (its own unconfirmed mark); another mount's unconfirmed mark, or entries
    /// without any mark, may be anyone's and go too. Returns whether anything went.
    pub(super) fn adopt_user(&self, id: u64) -> bool {
        let key = storage_key(&self.origin, &self.scope.borrow(), "owner");
        let owner = storage().and_then(|s| s.get_item(&key).ok().flatten());
        let switched = match owner.as_deref() {
            Some(owner) => owner != id.to_string() && owner != self.unconfirmed_owner,
            None => self.keeps_anything(),
        };
        if switched {
            self.forget_identity();
        }
        if switched || owner.as_deref() != Some(&id.to_string()) {
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
            created_at: crate::ui::intl::now_iso(),
        });
        // Only an id beyond 2^53 can't be written, and no request has one.
        if let Ok(text) = receipts.to_stored() {
            store(&key, Some(&text));
        }
    }
}

/// Saved reads kept at most (the newest list pages, requests and comment pages).
const SAVED_READS: usize = 12;
/// Longer answers are not saved: the host's origin shares its few megabytes of storage.
const SAVED_READ_MAX_CHARS: usize = 200_000;

/// The signed-in user's saved reads in local storage: at most [`SAVED_READS`] answers, the
/// least recently saved dropped first (also when storage is full). Each is stored as
/// `"<saved at ms>\n<body>"`; an index key keeps their order.
pub(super) struct StoredReads {
    /// The identity's key prefix: `logout` and a user switch clear these with the rest.
    pub(super) prefix: String,
    /// How long a saved read may be shown.
    pub(super) retention: Retention,
    /// The identity's owner mark, and the mark a save writes there when nobody's is (Zendesk
    /// hasn't named the user yet): see [`ServicesInner::adopt_user`].
    pub(super) owner: (String, String),
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
        let (owner_key, unconfirmed) = &self.owner;
        mark_unowned(owner_key, unconfirmed);
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
fn storage() -> Option<web_sys::Storage> {
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
pub(super) fn sweep(origin: &str, retention: &Retention) {
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
/// Writes `mark` as the owner mark at `owner_key` when nobody's mark is there (see
/// [`ServicesInner::adopt_user`]).
fn mark_unowned(owner_key: &str, mark: &str) {
    if read(owner_key).is_none() {
        store(owner_key, Some(mark));
    }
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn store(key: &str, value: Option<&str>) {
    let outcome = match (storage(), value) {
        (Some(storage), Some(value)) => storage.set_item(key, value),
        (Some(storage), None) => storage.remove_item(key),
        (None, _) => Ok(()),
    };
    // Said once a page: every keystroke of a draft and every opened request writes.
    if outcome.is_err() && !STORAGE_WARNED.replace(true) {
        web_sys::console::warn_1(
            &"support-widget: local storage is full or blocked; drafts and read marks won't survive a reload"
                .into(),
        );
    }
}

thread_local! {
    static STORAGE_WARNED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
