//! [`Client`]: one plain `async fn` per endpoint, each returning `Result<T, ApiError>`.
//!
//! This file holds the client itself and the machinery every call goes through (credentials,
//! the 401 re-fetch, retries, the read cache); the endpoints live one resource per file:
//! [`requests`], [`comments`], [`uploads`], [`forms`] and [`help_center`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use serde_json::Value;

use super::classify::{classify, HttpResponse};
use super::error::ApiError;
use super::identity::{BearerSession, Identity, IssuedToken};
use super::json;
use super::lenient::Decode;
use super::origin::ZendeskOrigin;
use super::retry::{CallKind, CreateThrottle, RetryBudget, RetryDecision, RetryPolicy};
use super::saved::{ReadCache, Saved};
use super::transport::{Cookies, HttpBody, HttpRequest, Method, ProgressCallback, Transport};
use super::warnings::first_in_page;

pub mod comments;
pub mod forms;
pub mod help_center;
pub mod requests;
pub mod uploads;

pub use comments::{CommentQuery, CommentRole};
pub use help_center::help_center_locale;
pub use requests::{passes_before, RequestFilter, RequestSearch, RequestSort, SortBy};
pub use uploads::{FileToUpload, UploadProgress};

/// Settings of a [`Client`]; [`ClientConfig::new`] gives sensible defaults.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The Zendesk origin every call goes to.
    pub origin: ZendeskOrigin,
    /// Deadline of one JSON call, in ms.
    pub timeout_ms: u32,
    /// Deadline of one file upload, in ms.
    pub upload_timeout_ms: u32,
    /// Backoff for reads.
    pub retry: RetryPolicy,
    /// Retries one session may spend.
    pub retry_budget: u32,
    /// How long a call waits for the browser to come back online, in ms.
    pub offline_wait_ms: u64,
    /// Files larger than this are refused before sending (Zendesk's default is 50 MB).
    pub max_attachment_bytes: u64,
    /// When a signed-in answer doesn't name the user (`X-Zendesk-User-Id` unreadable: that
    /// Zendesk exposes it cross-origin is unsourced), ask `users/me` once.
    pub ask_who_when_unnamed: bool,
}

impl ClientConfig {
    /// Defaults: 30 s per call, 2 min per upload, 20 retries per session, 50 MB files.
    pub fn new(origin: ZendeskOrigin) -> Self {
        Self {
            origin,
            timeout_ms: 30_000,
            upload_timeout_ms: 120_000,
            retry: RetryPolicy::default(),
            retry_budget: 20,
            offline_wait_ms: 60_000,
            max_attachment_bytes: 50 * 1024 * 1024,
            ask_who_when_unnamed: false,
        }
    }
}

/// A Zendesk Requests API client. Cheap to clone; clones share the token, CSRF token, retry
/// budget and create throttle. In the browser the transport defaults to
/// [`BrowserTransport`](super::browser::BrowserTransport), so `Client` names the widget's
/// client; native tests use a scripted transport.
#[cfg(target_arch = "wasm32")]
pub struct Client<T: Transport = super::browser::BrowserTransport> {
    inner: Rc<Inner<T>>,
}

/// A Zendesk Requests API client. Cheap to clone; clones share the token, CSRF token, retry
/// budget and create throttle.
#[cfg(not(target_arch = "wasm32"))]
pub struct Client<T: Transport> {
    inner: Rc<Inner<T>>,
}

#[cfg(target_arch = "wasm32")]
impl Client {
    /// A client using the page's `fetch`/`XMLHttpRequest`.
    pub fn in_browser(mut config: ClientConfig, identity: Identity) -> Self {
        config.ask_who_when_unnamed = true;
        Self::new(config, identity, super::browser::BrowserTransport::new())
    }
}

impl<T: Transport> Clone for Client<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Rc::clone(&self.inner),
        }
    }
}

/// Told the user's id when Zendesk first names the caller or names someone else.
pub type UserListener = Rc<dyn Fn(u64)>;

type SharedCsrf = Shared<LocalBoxFuture<'static, Result<String, ApiError>>>;

enum Auth {
    Anonymous,
    Bearer(BearerSession),
    HelpCenter { csrf: RefCell<Option<SharedCsrf>> },
}

struct Inner<T> {
    config: ClientConfig,
    transport: T,
    auth: Auth,
    budget: RefCell<RetryBudget>,
    throttle: RefCell<CreateThrottle>,
    /// Who Zendesk last said the caller is (`X-Zendesk-User-Id`).
    user_id: Cell<Option<u64>>,
    /// Whether `users/me` was asked because answers don't name the user.
    asked_who: Cell<bool>,
    /// Told when `user_id` is learned or changes.
    on_user: RefCell<Option<UserListener>>,
    /// Where reads of the user's own data are kept for offline use.
    read_cache: RefCell<Option<Rc<dyn ReadCache>>>,
}

/// A decoded JSON body and the status it came with.
struct Answer {
    status: u16,
    body: Value,
}

/// What the credentials make of a failed attempt (see `Client::recover`).
enum Recovery {
    /// Send the call again now (with a fresh token); `as_retry` counts it as one of the
    /// call's retries.
    Resend { as_retry: bool },
    /// Not the credentials' business: the retry policy decides about this error.
    Decide(ApiError),
}

/// What one call sends, before credentials are added.
struct Call {
    method: Method,
    path_and_query: String,
    body: HttpBody,
    progress: Option<ProgressCallback>,
    timeout_ms: u32,
    /// Save a successful answer in the read cache (reads of the user's own data).
    keep: bool,
    /// Sent without the caller's credentials (see `Client::get_public`).
    anonymous: bool,
}

impl<T: Transport + 'static> Client<T> {
    /// A client for `config.origin`, calling as `identity`, over `transport`.
    pub fn new(config: ClientConfig, identity: Identity, transport: T) -> Self {
        let auth = match identity {
            Identity::Anonymous => Auth::Anonymous,
            Identity::Bearer(source) => Auth::Bearer(BearerSession::new(source)),
            Identity::HelpCenterSession => Auth::HelpCenter {
                csrf: RefCell::new(None),
            },
        };
        Self {
            inner: Rc::new(Inner {
                budget: RefCell::new(RetryBudget::new(config.retry_budget)),
                throttle: RefCell::default(),
                user_id: Cell::new(None),
                asked_who: Cell::new(false),
                on_user: RefCell::new(None),
                read_cache: RefCell::new(None),
                config,
                transport,
                auth,
            }),
        }
    }

    /// The configured origin.
    pub fn origin(&self) -> &ZendeskOrigin {
        &self.inner.config.origin
    }

    /// Whether this client calls anonymously.
    pub fn is_anonymous(&self) -> bool {
        matches!(self.inner.auth, Auth::Anonymous)
    }

    /// The id of the signed-in user, once any answer has named them (`X-Zendesk-User-Id`).
    pub fn user_id(&self) -> Option<u64> {
        self.inner.user_id.get()
    }

    /// Calls `listener` when Zendesk first names the user, and whenever that changes.
    pub fn on_user(&self, listener: UserListener) {
        *self.inner.on_user.borrow_mut() = Some(listener);
    }

    /// Keeps the user's request lists, requests and newest comments in `cache`, for the
    /// `saved_*` reads when Zendesk can't be reached.
    pub fn keep_reads_in(&self, cache: Rc<dyn ReadCache>) {
        *self.inner.read_cache.borrow_mut() = Some(cache);
    }

    /// Forgets the cached token or CSRF token (the next call asks again).
    pub fn forget_credentials(&self) {
        match &self.inner.auth {
            Auth::Anonymous => {}
            Auth::Bearer(session) => session.forget(),
            Auth::HelpCenter { csrf } => *csrf.borrow_mut() = None,
        }
    }

    async fn get(&self, path_and_query: String) -> Result<Answer, ApiError> {
        self.send(Call::empty(Method::Get, path_and_query)).await
    }

    /// A read Zendesk answers alike for anyone who may make it (the ticket forms and their
    /// fields): a caller signed in with a token sends it without credentials, because a
    /// cross-origin read with an `Authorization` header waits for a CORS preflight, one round
    /// trip more. When that is refused (an account that showed its forms to signed-in users
    /// only would answer 403 or 401, and a 403 arrives as a network error), the read is sent
    /// again at once with the token; any other failure (a timeout, a 5xx, a 429) goes to the
    /// retry policy as it would for any read. The answer doesn't name the user.
    async fn get_public(&self, path_and_query: String) -> Result<Answer, ApiError> {
        let mut call = Call::empty(Method::Get, path_and_query);
        call.anonymous = matches!(self.inner.auth, Auth::Bearer(_));
        self.send(call).await
    }

    /// Asks Zendesk who a caller signed in with a token is (`GET /api/v2/users/me`) when no
    /// answer has said so yet and no such question is out, telling the listener as for any
    /// answer naming the user; the id, once known (`None` for any other caller). For screens
    /// whose own reads don't name the user ([`get_public`](Self::get_public)), so that what
    /// the device keeps goes with its user. A failed question may be asked again.
    pub async fn name_the_user(&self) -> Result<Option<u64>, ApiError> {
        if !matches!(self.inner.auth, Auth::Bearer(_))
            || self.inner.user_id.get().is_some()
            || self.inner.asked_who.replace(true)
        {
            return Ok(self.inner.user_id.get());
        }
        let me = Call::empty(Method::Get, "/api/v2/users/me.json".into());
        let answer = self.send_once(me).await.inspect_err(|_| {
            // Not answered: the next question (this, or `ask_who` after an unnamed answer)
            // goes out again.
            self.inner.asked_who.set(false);
        })?;
        if let Some(id) = answer.body.pointer("/user/id").and_then(Value::as_u64) {
            self.learn_user(id);
        }
        Ok(self.inner.user_id.get())
    }

    /// A read of the user's own data, kept in the read cache when it succeeds.
    async fn get_kept(&self, path_and_query: String) -> Result<Answer, ApiError> {
        let mut call = Call::empty(Method::Get, path_and_query);
        call.keep = true;
        self.send(call).await
    }

    /// Decodes the body kept for `path_and_query`, if any.
    fn saved<V>(
        &self,
        path_and_query: &str,
        decode: impl FnOnce(&mut Answer) -> Option<V>,
    ) -> Option<Saved<V>> {
        let cache = self.inner.read_cache.borrow().clone()?;
        let (text, saved_at_ms) = cache.load(path_and_query)?;
        let mut answer = Answer {
            status: 200,
            body: json::parse(&text).ok()?,
        };
        Some(Saved {
            value: decode(&mut answer)?,
            saved_at_ms,
        })
    }

    /// Remembers who Zendesk says the caller is, telling the listener when that changes.
    fn learn_user(&self, id: u64) {
        if self.inner.user_id.replace(Some(id)) != Some(id) {
            let listener = self.inner.on_user.borrow().clone();
            if let Some(listener) = listener {
                listener(id);
            }
        }
    }

    /// Classifies an answer, first writing its `X-Zendesk-API-Warn` to the console (once per
    /// page for each distinct warning).
    fn read_answer(
        &self,
        method: Method,
        path_and_query: &str,
        response: &HttpResponse,
    ) -> Result<Value, ApiError> {
        let line = response
            .api_warn
            .as_deref()
            .and_then(|warning| first_in_page(method.as_str(), path_and_query, warning));
        if let Some(line) = line {
            self.inner.transport.warn(&line);
        }
        classify(response, self.inner.transport.now_ms())
    }

    /// After a signed-in answer that didn't name the user: `GET /api/v2/users/me`, once, for
    /// the id (who may rate, whose saved data this is).
    async fn ask_who(&self) {
        let inner = &self.inner;
        if !inner.config.ask_who_when_unnamed
            || matches!(inner.auth, Auth::Anonymous)
            || inner.user_id.get().is_some()
            || inner.asked_who.replace(true)
        {
            return;
        }
        let client = self.clone();
        let me = async move { client.get("/api/v2/users/me.json".into()).await }.boxed_local();
        if let Ok(answer) = me.await {
            if let Some(id) = answer.body.pointer("/user/id").and_then(Value::as_u64) {
                self.learn_user(id);
            }
        }
    }

    /// Sends a call with credentials, the 401 re-fetch and the retry policy.
    async fn send(&self, call: Call) -> Result<Answer, ApiError> {
        // A read sent without credentials can't name the user: no `users/me` for it.
        let names_the_user = !call.anonymous;
        let answer = self.send_once(call).await?;
        if names_the_user && self.inner.user_id.get().is_none() {
            self.ask_who().await;
        }
        Ok(answer)
    }

    /// [`send`](Self::send) without the `users/me` fallback: attempts until one succeeds, the
    /// credentials give up, or the retry policy does.
    async fn send_once(&self, mut call: Call) -> Result<Answer, ApiError> {
        if call.timeout_ms == 0 {
            call.timeout_ms = self.inner.config.timeout_ms;
        }
        let inner = &self.inner;
        let kind = call.method.kind();
        let url = inner.config.origin.url(&call.path_and_query);
        if !matches!(inner.auth, Auth::Anonymous) {
            inner.config.origin.guard(&url)?;
        }
        let mut token: Option<IssuedToken> = None;
        let mut refreshed = false;
        let mut retries_done = 0;
        loop {
            // The outer `?`: the credentials' own failures (no token, no CSRF token) end the
            // call as they are; they have already waited or asked whatever they could.
            let failed = match self.attempt(&call, &url, &mut token).await? {
                Ok(answer) => {
                    inner.budget.borrow_mut().record_success();
                    return Ok(answer);
                }
                Err(error) => error,
            };
            // Refused without credentials (see `get_public`): again at once, with them.
            if call.anonymous
                && matches!(
                    failed,
                    ApiError::OpaqueNetwork | ApiError::Forbidden | ApiError::Unauthorized
                )
            {
                call.anonymous = false;
                continue;
            }
            let error = match self.recover(failed, &mut token, &mut refreshed).await? {
                Recovery::Resend { as_retry } => {
                    retries_done += u32::from(as_retry);
                    continue;
                }
                Recovery::Decide(error) => error,
            };
            let decision = inner.config.retry.decide(
                kind,
                retries_done,
                &error,
                inner.transport.random(),
                &mut inner.budget.borrow_mut(),
            );
            match decision {
                RetryDecision::RetryAfter { delay_ms } => inner.transport.sleep(delay_ms).await,
                RetryDecision::WaitForOnline => {
                    if !inner
                        .transport
                        .wait_for_online(inner.config.offline_wait_ms)
                        .await
                    {
                        return Err(ApiError::Offline);
                    }
                }
                RetryDecision::GiveUp => return Err(error),
            }
            retries_done += 1;
        }
    }

    /// One attempt at `call`: its credentials (the outer error: none to be had), then the
    /// request and its answer read (the inner result). `token` is the bearer token this call
    /// uses (fetched on the first attempt).
    async fn attempt(
        &self,
        call: &Call,
        url: &str,
        token: &mut Option<IssuedToken>,
    ) -> Result<Result<Answer, ApiError>, ApiError> {
        let inner = &self.inner;
        let kind = call.method.kind();
        let mut headers = vec![("Accept", "application/json".to_string())];
        if matches!(call.body, HttpBody::Json(_)) {
            headers.push(("Content-Type", "application/json".to_string()));
        }
        let auth = if call.anonymous {
            &Auth::Anonymous
        } else {
            &inner.auth
        };
        let cookies = match auth {
            Auth::Anonymous => Cookies::Omit,
            Auth::Bearer(session) => {
                let issued = match token.take() {
                    Some(issued) => issued,
                    None => session.token().await?,
                };
                headers.push(("Authorization", format!("Bearer {}", issued.token)));
                *token = Some(issued);
                Cookies::Omit
            }
            Auth::HelpCenter { .. } => {
                if kind == CallKind::Write {
                    headers.push(("X-CSRF-Token", self.csrf_token().await?));
                }
                Cookies::SameOrigin
            }
        };
        if !inner.transport.is_online() {
            return Ok(Err(ApiError::Offline));
        }
        let request = HttpRequest {
            method: call.method,
            url: url.to_owned(),
            headers,
            body: call.body.clone(),
            cookies,
            credentialed: !matches!(auth, Auth::Anonymous),
            timeout_ms: call.timeout_ms,
            progress: call.progress.clone(),
        };
        Ok(match inner.transport.send(request).await {
            Ok(response) => self.accept(call, &response),
            Err(failure) => Err(failure.into_api_error(kind)),
        })
    }

    /// An answer to `call` read: its body decoded, the user it names learnt, and a read of
    /// the user's own data kept for offline use.
    fn accept(&self, call: &Call, response: &HttpResponse) -> Result<Answer, ApiError> {
        let inner = &self.inner;
        let body = self.read_answer(call.method, &call.path_and_query, response)?;
        if let Some(id) = response.user_id {
            self.learn_user(id);
        }
        if call.keep {
            let cache = inner.read_cache.borrow().clone();
            if let Some(cache) = cache {
                cache.save(
                    &call.path_and_query,
                    &response.body,
                    inner.transport.now_ms(),
                );
            }
        }
        Ok(Answer {
            status: response.status,
            body,
        })
    }

    /// What the credentials make of a failed attempt: send again with a fresh token or CSRF
    /// token, give up (`Err`), or leave it to the retry policy.
    async fn recover(
        &self,
        error: ApiError,
        token: &mut Option<IssuedToken>,
        refreshed: &mut bool,
    ) -> Result<Recovery, ApiError> {
        match (&self.inner.auth, &error) {
            (Auth::Bearer(session), ApiError::OpaqueNetwork) if !*refreshed => {
                // A 401 without CORS would arrive like this (that Zendesk's carry CORS is
                // unsourced): right after a token was used, try a fresh one, once, as one of
                // the call's retries. The host handing back the same token (or none) means
                // it was no 401: the call goes on as any opaque failure.
                *refreshed = true;
                if let Some(rejected) = token.take() {
                    match session.refresh(&rejected).await {
                        Ok(fresh) => {
                            *token = Some(fresh);
                            return Ok(Recovery::Resend { as_retry: true });
                        }
                        Err(_) => *token = Some(rejected),
                    }
                }
                Ok(Recovery::Decide(error))
            }
            (Auth::Bearer(session), ApiError::Unauthorized) => {
                // A 401 means Zendesk did not act on the call, so even a write may be sent
                // again, once, with a fresh token.
                if *refreshed {
                    return Err(ApiError::SignedOut);
                }
                *refreshed = true;
                let rejected = token.take().ok_or(ApiError::Unauthorized)?;
                *token = Some(session.refresh(&rejected).await?);
                Ok(Recovery::Resend { as_retry: false })
            }
            (Auth::HelpCenter { csrf }, ApiError::Unauthorized | ApiError::Forbidden) => {
                // The session may have changed; fetch a fresh CSRF token next time.
                *csrf.borrow_mut() = None;
                Err(error)
            }
            _ => Ok(Recovery::Decide(error)),
        }
    }

    /// The Help Center CSRF token, fetched once and shared by concurrent writes.
    async fn csrf_token(&self) -> Result<String, ApiError> {
        let Auth::HelpCenter { csrf } = &self.inner.auth else {
            return Err(ApiError::Unauthorized);
        };
        let existing = csrf.borrow().clone();
        let shared = match existing {
            Some(shared) => shared,
            None => {
                let client = self.clone();
                let shared = async move {
                    client
                        .help_center_session()
                        .await?
                        .csrf_token
                        .filter(|token| !token.is_empty())
                        // No token: the visitor isn't signed in to the Help Center.
                        .ok_or(ApiError::Unauthorized)
                }
                .boxed_local()
                .shared();
                *csrf.borrow_mut() = Some(shared.clone());
                shared
            }
        };
        let result = shared.await;
        if result.is_err() {
            // Don't cache a failure: the next write asks again.
            *csrf.borrow_mut() = None;
        }
        result
    }
}

impl Call {
    fn empty(method: Method, path_and_query: String) -> Self {
        Self {
            method,
            path_and_query,
            body: HttpBody::Empty,
            progress: None,
            timeout_ms: 0,
            keep: false,
            anonymous: false,
        }
    }

    fn json(method: Method, path_and_query: String, json: String) -> Self {
        Self {
            method,
            path_and_query,
            body: HttpBody::Json(json),
            progress: None,
            timeout_ms: 0,
            keep: false,
            anonymous: false,
        }
    }
}

/// Takes and decodes `body[key]`; a missing or malformed object is [`ApiError::Undecodable`].
fn take<T: Decode>(answer: &mut Answer, key: &str) -> Result<T, ApiError> {
    let value = answer
        .body
        .get_mut(key)
        .map(Value::take)
        .unwrap_or(Value::Null);
    T::decode(value).ok_or(ApiError::Undecodable {
        status: answer.status,
        reason: "unexpected JSON shape",
    })
}

/// Takes `body[key]` as a list, skipping items that don't decode.
fn take_list<T: Decode>(body: &mut Value, key: &str) -> Vec<T> {
    super::lenient::items(body.get_mut(key).map(Value::take).unwrap_or(Value::Null))
}

// Driven natively with byte-vector files; the browser side is tests/api_browser.rs.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
