//! What the screens need from the outside world, in one `Copy` handle: the API client, the
//! device storage (drafts, receipts, last-seen), the identity and the host's prefill. The shell
//! provides it as a context ([`use_services`]); it keeps the API's types and the browser's
//! storage out of the screens' code.
//!
//! One concern per file: the handle and the identity here, what the contact form asks of
//! Zendesk in `contact.rs`, what "My tickets" asks in `tickets.rs`, and what is kept on the
//! device in `device.rs`.

mod contact;
mod device;
pub mod tickets;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::{BrowserTransport, Client, ClientConfig, Identity, Transport};
use crate::host::Prefill;
use crate::model::draft::{identity_prefix, storage_key};
use crate::model::retention::Retention;
use device::{sweep, StoredReads};

/// Zendesk's default attachment limit; accounts may lower it (the server then says so).
const DEFAULT_MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;

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
    /// The owner mark written for what this mount keeps before Zendesk has named the user
    /// (`unconfirmed:` and a random number): when Zendesk names them, a mark of this mount's
    /// is theirs, any other unconfirmed mark someone else's (see `adopt_user`). Per mount, not
    /// per page, because a host may sign another user in on the same page (`identify`): what
    /// an earlier mount kept unconfirmed is given up (a draft typed in the moment before a
    /// re-mount, before Zendesk answered) rather than shown to someone it may not belong to.
    pub unconfirmed_owner: String,
    /// Whether this mount has asked Zendesk who the user is ([`Services::name_the_user`]):
    /// once, so typing into a draft doesn't ask again after a failure.
    pub asked_who: std::cell::Cell<bool>,
}

impl ServicesInner {
    /// The current client (a cheap handle).
    pub fn client(&self) -> Client {
        self.client.borrow().clone()
    }

    fn locale(&self) -> String {
        self.locale.borrow().clone()
    }
}

/// The screens' handle on the outside world. `Copy`, so it moves into any closure.
#[derive(Clone, Copy)]
pub struct Services(StoredValue<Rc<ServicesInner>, LocalStorage>);

/// The services the shell provides to every screen below it (see [`Services::provide`]).
///
/// Panics outside the panel, like every Leptos `expect_context`: a screen is only ever
/// mounted by the shell.
pub fn use_services() -> Services {
    expect_context::<Services>()
}

impl Services {
    /// Makes these services the ones [`use_services`] returns below the current owner.
    pub fn provide(self) {
        provide_context(self);
    }

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

    /// Signed in, not yet named by Zendesk, and this device keeps something for the signed-in
    /// user: asks who the user is, in the background, so that
    /// [`watch_identity`](Self::watch_identity) can tell whether that is theirs before the
    /// screen has been on show for long (a device with nothing kept has nothing to show, and
    /// the user's next signed-in call names them: no call is spent). For a screen whose reads
    /// don't name the user (the contact form's go without credentials), and whenever something
    /// is kept for the user (a draft).
    pub fn name_the_user(&self) {
        let client = self.client();
        let inner = self.inner();
        if self.who() != Who::SignedIn
            || client.user_id().is_some()
            || inner.asked_who.get()
            || !inner.keeps_anything()
        {
            return;
        }
        inner.asked_who.set(true);
        leptos::task::spawn_local(async move {
            // Best effort, once per mount: if Zendesk can't be asked now, the user's next
            // signed-in call (a send, "My tickets") names them, and a switch is handled then.
            let _ = client.name_the_user().await;
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
        owner: (
            storage_key(&inner.origin, &inner.scope.borrow(), "owner"),
            inner.unconfirmed_owner.clone(),
        ),
    }));
    // Weak: the client holding a strong reference to its owner would never be freed.
    let weak = Rc::downgrade(inner);
    inner.client().on_user(Rc::new(move |id| {
        if weak.upgrade().is_some_and(|inner| inner.adopt_user(id)) {
            on_switched();
        }
    }));
}
