//! The Zendesk Requests API client: the widget's only way to Zendesk.
//!
//! Contract: `docs/zendesk-api.md` (every call and assumption, with Zendesk's documentation);
//! `docs/simulator.md` has the local Zendesk's behaviours with their sources and
//! `docs/architecture.md` how to add an endpoint. No Leptos types here. Everything but the
//! network call itself is plain Rust and tested natively:
//!
//! * [`origin`]: the configured Zendesk origin and the credential guard (credentials go only
//!   to that origin's `/api/v2/`).
//! * [`models`]: tolerant response types; [`body`]: request bodies and pre-send checks.
//! * [`json`]: JSON text in and out (in the browser, the engine's own parser and writer).
//! * [`page`]: cursor and offset pagination; [`classify`]: response → body or [`ApiError`].
//! * [`response_cap`]: how much of an answer is read ([`BodyCap`]: `Content-Length` first, then
//!   a running total); [`warnings`]: `X-Zendesk-API-Warn`, passed on to the console once.
//! * [`retry`]: retry, backoff and create-throttle policy (and `Retry-After` in both forms);
//!   [`identity`]: anonymous, bearer
//!   (host callback, re-fetched once on 401) and Help Center session.
//! * [`transport`]: the [`Transport`] seam; `browser` (wasm only) implements it with
//!   gloo-net's fetch and XMLHttpRequest (uploads with progress).
//! * [`client`]: [`Client`], one `async fn` per endpoint, one file per resource.
//!
//! In the browser the client is `Client::in_browser(config, identity)`; any [`Transport`]
//! works the same way:
//!
//! ```no_run
//! use support_widget::api::{
//!     ApiError, Client, ClientConfig, Identity, PageRequest, RequestFilter, Transport,
//!     ZendeskOrigin,
//! };
//!
//! async fn open_subjects<T: Transport + 'static>(transport: T) -> Result<Vec<String>, ApiError> {
//!     let origin = ZendeskOrigin::from_subdomain("acme")?;
//!     let client = Client::new(ClientConfig::new(origin), Identity::Anonymous, transport);
//!     let page = client
//!         .list_requests(RequestFilter::Open, None, &PageRequest::first(25))
//!         .await?;
//!     Ok(page.items.into_iter().filter_map(|request| request.subject).collect())
//! }
//! ```

pub mod body;
pub mod classify;
pub mod client;
pub mod error;
pub mod identity;
pub mod json;
mod lenient;
pub mod models;
pub mod origin;
pub mod page;
pub mod response_cap;
pub mod retry;
pub mod saved;
pub mod transport;
pub mod warnings;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod capped_read;

// proptest is a native-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fixture_tests;

pub use body::{
    CcAction, Collaborator, EmailCc, FieldValue, NewComment, NewRequest, NewSatisfactionRating,
    RequestUpdate, Requester, Score, MAX_COMMENT_CHARS,
};
pub use client::{
    Client, ClientConfig, CommentQuery, CommentRole, FileToUpload, RequestFilter, RequestSearch,
    RequestSort, SortBy, UploadProgress,
};
pub use error::{ApiError, ConfigProblem, CredentialProblem, FieldError, ValidationProblem};
pub use identity::{check_token, Identity, TokenSource};
pub use models::{
    Article, Attachment, Comment, FormWithFields, HelpCenterSession, Request, RequestStatus,
    RequestWithUsers, SatisfactionRating, TicketField, TicketForm, Upload, User,
};
pub use origin::ZendeskOrigin;
pub use page::{Page, PageRequest};
pub use response_cap::BodyCap;
pub use transport::{FileData, Transport};

#[cfg(target_arch = "wasm32")]
pub use browser::BrowserTransport;

/// The client the widget uses in the browser (the same as plain `Client` there).
#[cfg(target_arch = "wasm32")]
pub type BrowserClient = Client<BrowserTransport>;
