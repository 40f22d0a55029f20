//! [`Client`]: one plain `async fn` per endpoint, each returning `Result<T, ApiError>`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use serde_json::Value;

use super::body::{NewRequest, NewSatisfactionRating, RequestUpdate};
use super::classify::classify;
use super::error::{ApiError, ValidationProblem};
use super::identity::{BearerSession, Identity, IssuedToken};
use super::lenient::Decode;
use super::models::{
    join_authors, join_form_fields, Article, Comment, FormWithFields, HelpCenterSession, Request,
    RequestWithUsers, SatisfactionRating, TicketField, TicketForm, Upload, User,
};
use super::origin::ZendeskOrigin;
use super::page::{decode_page, segment, Page, PageRequest, Query};
use super::retry::{CallKind, CreateThrottle, RetryBudget, RetryDecision, RetryPolicy};
use super::saved::{ReadCache, Saved};
use super::transport::{
    file_size, Cookies, FileData, HttpBody, HttpRequest, Method, ProgressCallback, Transport,
};

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
        }
    }
}

/// Which of the user's requests to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestFilter {
    /// All of them.
    #[default]
    All,
    /// Open ones (`/requests/open`).
    Open,
    /// Solved ones (`/requests/solved`).
    Solved,
    /// Those the user is CC'd on (`/requests/ccd`).
    Ccd,
}

/// Sort key of request lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// `updated_at`.
    UpdatedAt,
    /// `created_at`.
    CreatedAt,
}

/// A list order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSort {
    /// The key.
    pub by: SortBy,
    /// Newest first when true.
    pub descending: bool,
}

/// A request search (`/requests/search`; offset pagination only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestSearch {
    /// Free text.
    pub query: String,
    /// Statuses, e.g. `["open", "hold"]`.
    pub statuses: Vec<String>,
    /// Restrict to an organization.
    pub organization_id: Option<u64>,
    /// Only requests the user is CC'd on.
    pub cc_only: bool,
}

/// Who wrote the comments to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentRole {
    /// Agents only.
    Agent,
    /// End users only.
    EndUser,
}

/// Options of a comment listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommentQuery {
    /// Only comments created at or after this ISO-8601 time (for polling).
    pub since: Option<String>,
    /// Only comments by this role.
    pub role: Option<CommentRole>,
    /// Newest first (default: oldest first, as Zendesk returns them).
    pub newest_first: bool,
}

/// A file to upload.
#[derive(Debug, Clone)]
pub struct FileToUpload {
    /// The name Zendesk will show.
    pub file_name: String,
    /// The real MIME type (`application/octet-stream` when unknown).
    pub content_type: String,
    /// The contents.
    pub data: FileData,
}

/// Progress across a multi-file upload: `(file index, bytes sent, file size)`.
pub type UploadProgress = Rc<dyn Fn(usize, u64, u64)>;

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
    pub fn in_browser(config: ClientConfig, identity: Identity) -> Self {
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

/// What one call sends, before credentials are added.
struct Call {
    method: Method,
    path_and_query: String,
    body: HttpBody,
    progress: Option<ProgressCallback>,
    timeout_ms: u32,
    /// Save a successful answer in the read cache (reads of the user's own data).
    keep: bool,
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

    // ----- requests -----

    /// `GET /api/v2/requests[/open|/solved|/ccd]`: the user's requests, one page.
    pub async fn list_requests(
        &self,
        filter: RequestFilter,
        sort: Option<RequestSort>,
        page: &PageRequest,
    ) -> Result<Page<Request>, ApiError> {
        let path = requests_path(filter, sort, page);
        // Only first pages are read back offline; later ones would push them out.
        let mut answer = if page.is_first() {
            self.get_kept(path).await?
        } else {
            self.get(path).await?
        };
        Ok(decode_page(&mut answer.body, "requests", page))
    }

    /// The last [`list_requests`](Self::list_requests) answer kept for the same arguments.
    pub fn saved_requests(
        &self,
        filter: RequestFilter,
        sort: Option<RequestSort>,
        page: &PageRequest,
    ) -> Option<Saved<Page<Request>>> {
        self.saved(&requests_path(filter, sort, page), |answer| {
            Some(decode_page(&mut answer.body, "requests", page))
        })
    }

    /// `GET /api/v2/requests/search`: offset pages only (a cursor request starts at page 1).
    pub async fn search_requests(
        &self,
        search: &RequestSearch,
        page: &PageRequest,
    ) -> Result<Page<Request>, ApiError> {
        let page = match page {
            PageRequest::Cursor { size, .. } => PageRequest::first_offset(*size),
            offset => offset.clone(),
        };
        let mut query = Query::new();
        query.push("query", &search.query);
        if !search.statuses.is_empty() {
            query.push("status", &search.statuses.join(","));
        }
        if let Some(organization_id) = search.organization_id {
            query.push("organization_id", &organization_id.to_string());
        }
        if search.cc_only {
            query.push("cc_id", "true");
        }
        page.append_to(&mut query);
        let mut answer = self
            .get(format!("/api/v2/requests/search.json{}", query.as_str()))
            .await?;
        Ok(decode_page(&mut answer.body, "requests", &page))
    }

    /// `GET /api/v2/requests/{id}?include=users`.
    pub async fn show_request(&self, id: u64) -> Result<RequestWithUsers, ApiError> {
        let mut answer = self.get_kept(request_path(id)).await?;
        decode_request(&mut answer)
    }

    /// The last [`show_request`](Self::show_request) answer kept for `id`.
    pub fn saved_request(&self, id: u64) -> Option<Saved<RequestWithUsers>> {
        self.saved(&request_path(id), |answer| decode_request(answer).ok())
    }

    /// `POST /api/v2/requests`. Checked before sending (comment, anonymous requester) and
    /// throttled to 3 a minute. **Never re-sent** once it may have reached Zendesk: a failure
    /// after sending started is [`ApiError::OutcomeUnknown`].
    pub async fn create_request(&self, request: &NewRequest) -> Result<Request, ApiError> {
        request.validate(self.is_anonymous())?;
        let now = self.inner.transport.now_ms();
        self.inner.throttle.borrow_mut().check(now)?;
        self.inner.throttle.borrow_mut().record(now);
        let mut answer = self
            .send(Call::json(
                Method::Post,
                "/api/v2/requests.json".into(),
                request.to_json(),
            ))
            .await?;
        take(&mut answer, "request")
    }

    /// `PUT /api/v2/requests/{id}`: reply, solve, CCs. Never re-sent once it may have
    /// reached Zendesk. After `solved`, check the returned status: Zendesk ignores it when
    /// the user may not solve the request.
    pub async fn update_request(
        &self,
        id: u64,
        update: &RequestUpdate,
    ) -> Result<Request, ApiError> {
        update.validate()?;
        let mut answer = self
            .send(Call::json(
                Method::Put,
                format!("/api/v2/requests/{id}.json"),
                update.to_json(),
            ))
            .await?;
        take(&mut answer, "request")
    }

    // ----- comments -----

    /// `GET /api/v2/requests/{id}/comments?include=users`: one page, authors joined.
    pub async fn list_comments(
        &self,
        request_id: u64,
        options: &CommentQuery,
        page: &PageRequest,
    ) -> Result<Page<Comment>, ApiError> {
        let path = comments_path(request_id, options, page);
        // Polls (`since`) and older pages are not what a user reads offline.
        let mut answer = if options.since.is_none() && page.is_first() {
            self.get_kept(path).await?
        } else {
            self.get(path).await?
        };
        Ok(decode_comments(&mut answer.body, page))
    }

    /// The last [`list_comments`](Self::list_comments) answer kept for the same arguments.
    pub fn saved_comments(
        &self,
        request_id: u64,
        options: &CommentQuery,
        page: &PageRequest,
    ) -> Option<Saved<Page<Comment>>> {
        self.saved(&comments_path(request_id, options, page), |answer| {
            Some(decode_comments(&mut answer.body, page))
        })
    }

    /// `GET /api/v2/requests/{id}/comments/{comment_id}`.
    pub async fn show_comment(
        &self,
        request_id: u64,
        comment_id: u64,
    ) -> Result<Comment, ApiError> {
        let mut answer = self
            .get(format!(
                "/api/v2/requests/{request_id}/comments/{comment_id}.json?include=users"
            ))
            .await?;
        let users: Vec<User> = take_list(&mut answer.body, "users");
        let mut comment: Comment = take(&mut answer, "comment")?;
        join_authors(std::slice::from_mut(&mut comment), &users);
        Ok(comment)
    }

    // ----- uploads -----

    /// `POST /api/v2/uploads?filename=…[&token=…]`: one file, added to `token` when given.
    /// Empty and oversized files are refused before sending; a blocked file type comes back
    /// as [`ApiError::FileRejected`]. Never re-sent once it may have reached Zendesk.
    pub async fn upload_file(
        &self,
        file: &FileToUpload,
        token: Option<&str>,
        progress: Option<ProgressCallback>,
    ) -> Result<Upload, ApiError> {
        self.check_file(file)?;
        let mut query = Query::new();
        query
            .push("filename", &file.file_name)
            .push_opt("token", token);
        let content_type = if file.content_type.is_empty() {
            "application/octet-stream".to_string()
        } else {
            file.content_type.clone()
        };
        let call = Call {
            method: Method::Post,
            path_and_query: format!("/api/v2/uploads.json{}", query.as_str()),
            body: HttpBody::File {
                content_type,
                data: file.data.clone(),
            },
            progress,
            timeout_ms: self.inner.config.upload_timeout_ms,
            keep: false,
        };
        let mut answer = self.send(call).await.map_err(|error| match error {
            ApiError::Invalid {
                description,
                details,
            } => ApiError::FileRejected {
                reason: details
                    .into_iter()
                    .find_map(|detail| detail.description)
                    .or(description)
                    .unwrap_or_else(|| "the file type is not allowed".to_string()),
            },
            other => other,
        })?;
        take(&mut answer, "upload")
    }

    /// Uploads several files under one token, one after another. All files are checked
    /// before the first is sent. On failure the files already uploaded stay under the token
    /// the caller never got; they expire on their own.
    pub async fn upload_files(
        &self,
        files: &[FileToUpload],
        progress: Option<UploadProgress>,
    ) -> Result<Upload, ApiError> {
        if files.is_empty() {
            return Err(ApiError::Validation(ValidationProblem::NoFiles));
        }
        for file in files {
            self.check_file(file)?;
        }
        let mut upload: Option<Upload> = None;
        for (index, file) in files.iter().enumerate() {
            let per_file: Option<ProgressCallback> = progress.clone().map(|progress| {
                Rc::new(move |sent: u64, total: u64| progress(index, sent, total))
                    as ProgressCallback
            });
            let token = upload.as_ref().map(|upload| upload.token.clone());
            upload = Some(self.upload_file(file, token.as_deref(), per_file).await?);
        }
        upload.ok_or(ApiError::Validation(ValidationProblem::NoFiles))
    }

    /// `DELETE /api/v2/uploads/{token}`.
    pub async fn delete_upload(&self, token: &str) -> Result<(), ApiError> {
        let call = Call::empty(
            Method::Delete,
            format!("/api/v2/uploads/{}.json", segment(token)),
        );
        self.send(call).await.map(|_| ())
    }

    // ----- forms, fields, articles -----

    /// `GET /api/v2/ticket_forms?active=true&end_user_visible=true`.
    pub async fn list_ticket_forms(&self) -> Result<Vec<TicketForm>, ApiError> {
        let mut answer = self
            .get("/api/v2/ticket_forms.json?active=true&end_user_visible=true".into())
            .await?;
        Ok(take_list(&mut answer.body, "ticket_forms"))
    }

    /// `GET /api/v2/ticket_forms/show_many?ids=…&include=ticket_fields`: forms with their
    /// fields in one call, each form's fields in its order.
    pub async fn ticket_forms_with_fields(
        &self,
        ids: &[u64],
        locale: Option<&str>,
    ) -> Result<Vec<FormWithFields>, ApiError> {
        let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
        let mut query = Query::new();
        query
            .push("ids", &ids.join(","))
            .push("include", "ticket_fields")
            .push("active", "true")
            .push("end_user_visible", "true")
            .push_opt("locale", locale);
        let mut answer = self
            .get(format!(
                "/api/v2/ticket_forms/show_many.json{}",
                query.as_str()
            ))
            .await?;
        let fields: Vec<TicketField> = take_list(&mut answer.body, "ticket_fields");
        let forms: Vec<TicketForm> = take_list(&mut answer.body, "ticket_forms");
        Ok(join_form_fields(forms, &fields))
    }

    /// `GET /api/v2/ticket_fields?locale=…`, following `next_page` (at most 10 pages) and
    /// keeping the fields visible to end users.
    pub async fn ticket_fields(&self, locale: Option<&str>) -> Result<Vec<TicketField>, ApiError> {
        const MAX_PAGES: u32 = 10;
        let mut fields = Vec::new();
        let mut page = PageRequest::first_offset(100);
        for _ in 0..MAX_PAGES {
            let mut query = Query::new();
            query.push_opt("locale", locale);
            page.append_to(&mut query);
            let mut answer = self
                .get(format!("/api/v2/ticket_fields.json{}", query.as_str()))
                .await?;
            let decoded = decode_page::<TicketField>(&mut answer.body, "ticket_fields", &page);
            fields.extend(
                decoded
                    .items
                    .into_iter()
                    .filter(|field| field.visible_in_portal),
            );
            match decoded.next {
                Some(next) => page = next,
                None => break,
            }
        }
        Ok(fields)
    }

    /// `GET /api/v2/help_center/articles/search?query=…`: suggestions while the user types.
    pub async fn search_articles(
        &self,
        text: &str,
        locale: Option<&str>,
        per_page: u32,
    ) -> Result<Vec<Article>, ApiError> {
        let mut query = Query::new();
        query
            .push("query", text)
            .push_opt("locale", locale)
            .push("per_page", &per_page.clamp(1, 100).to_string());
        let mut answer = self
            .get(format!(
                "/api/v2/help_center/articles/search.json{}",
                query.as_str()
            ))
            .await?;
        Ok(take_list(&mut answer.body, "results"))
    }

    /// `POST /api/v2/tickets/{id}/satisfaction_rating` (verified requesters only).
    pub async fn rate_satisfaction(
        &self,
        request_id: u64,
        rating: &NewSatisfactionRating,
    ) -> Result<SatisfactionRating, ApiError> {
        let path = format!("/api/v2/tickets/{request_id}/satisfaction_rating.json");
        let mut answer = self
            .send(Call::json(Method::Post, path, rating.to_json()))
            .await?;
        take(&mut answer, "satisfaction_rating")
    }

    /// `GET /api/v2/help_center/sessions.json`: the Help Center session and its CSRF token.
    pub async fn help_center_session(&self) -> Result<HelpCenterSession, ApiError> {
        let mut answer = self.get("/api/v2/help_center/sessions.json".into()).await?;
        take(&mut answer, "current_session")
    }

    // ----- the machinery -----

    fn check_file(&self, file: &FileToUpload) -> Result<(), ApiError> {
        let size = file_size(&file.data);
        if size == 0 {
            return Err(ApiError::Validation(ValidationProblem::EmptyFile {
                file_name: file.file_name.clone(),
            }));
        }
        if size > self.inner.config.max_attachment_bytes {
            return Err(ApiError::Validation(ValidationProblem::FileTooLarge {
                file_name: file.file_name.clone(),
                max_bytes: self.inner.config.max_attachment_bytes,
            }));
        }
        Ok(())
    }

    async fn get(&self, path_and_query: String) -> Result<Answer, ApiError> {
        self.send(Call::empty(Method::Get, path_and_query)).await
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
            body: serde_json::from_str(&text).ok()?,
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

    /// Sends a call with credentials, the 401 re-fetch and the retry policy.
    async fn send(&self, mut call: Call) -> Result<Answer, ApiError> {
        if call.timeout_ms == 0 {
            call.timeout_ms = self.inner.config.timeout_ms;
        }
        let inner = &self.inner;
        let kind = call.method.kind();
        let url = inner.config.origin.url(&call.path_and_query);
        let credentialed = !matches!(inner.auth, Auth::Anonymous);
        if credentialed {
            inner.config.origin.guard(&url)?;
        }
        let mut token: Option<IssuedToken> = None;
        let mut refreshed = false;
        let mut retries_done = 0;
        loop {
            let mut headers = vec![("Accept", "application/json".to_string())];
            if matches!(call.body, HttpBody::Json(_)) {
                headers.push(("Content-Type", "application/json".to_string()));
            }
            let cookies = match &inner.auth {
                Auth::Anonymous => Cookies::Omit,
                Auth::Bearer(session) => {
                    let issued = match token.take() {
                        Some(issued) => issued,
                        None => session.token().await?,
                    };
                    headers.push(("Authorization", format!("Bearer {}", issued.token)));
                    token = Some(issued);
                    Cookies::Omit
                }
                Auth::HelpCenter { .. } => {
                    if kind == CallKind::Write {
                        headers.push(("X-CSRF-Token", self.csrf_token().await?));
                    }
                    Cookies::SameOrigin
                }
            };
            let request = HttpRequest {
                method: call.method,
                url: url.clone(),
                headers,
                body: call.body.clone(),
                cookies,
                credentialed,
                timeout_ms: call.timeout_ms,
                progress: call.progress.clone(),
            };
            let outcome = if inner.transport.is_online() {
                match inner.transport.send(request).await {
                    Ok(response) => classify(&response).map(|body| {
                        if let Some(id) = response.user_id {
                            self.learn_user(id);
                        }
                        if call.keep {
                            let cache = inner.read_cache.borrow().clone();
                            if let Some(cache) = cache {
                                let now = inner.transport.now_ms();
                                cache.save(&call.path_and_query, &response.body, now);
                            }
                        }
                        Answer {
                            status: response.status,
                            body,
                        }
                    }),
                    Err(failure) => Err(failure.into_api_error(kind)),
                }
            } else {
                Err(ApiError::Offline)
            };
            let error = match outcome {
                Ok(answer) => {
                    inner.budget.borrow_mut().record_success();
                    return Ok(answer);
                }
                Err(error) => error,
            };
            match (&inner.auth, &error) {
                (Auth::Bearer(session), ApiError::Unauthorized) => {
                    // A 401 means Zendesk did not act on the call, so even a write may be
                    // sent again, once, with a fresh token.
                    if refreshed {
                        return Err(ApiError::SignedOut);
                    }
                    refreshed = true;
                    let rejected = token.take().ok_or(ApiError::Unauthorized)?;
                    token = Some(session.refresh(&rejected).await?);
                    continue;
                }
                (Auth::HelpCenter { csrf }, ApiError::Unauthorized | ApiError::Forbidden) => {
                    // The session may have changed; fetch a fresh CSRF token next time.
                    *csrf.borrow_mut() = None;
                    return Err(error);
                }
                _ => {}
            }
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
        }
    }
}

/// The path of a request listing.
fn requests_path(filter: RequestFilter, sort: Option<RequestSort>, page: &PageRequest) -> String {
    let path = match filter {
        RequestFilter::All => "/api/v2/requests.json",
        RequestFilter::Open => "/api/v2/requests/open.json",
        RequestFilter::Solved => "/api/v2/requests/solved.json",
        RequestFilter::Ccd => "/api/v2/requests/ccd.json",
    };
    let mut query = Query::new();
    page.append_to(&mut query);
    if let Some(sort) = sort {
        query.push(
            "sort_by",
            match sort.by {
                SortBy::UpdatedAt => "updated_at",
                SortBy::CreatedAt => "created_at",
            },
        );
        query.push("sort_order", if sort.descending { "desc" } else { "asc" });
    }
    format!("{path}{}", query.as_str())
}

/// The path of one request with its users.
fn request_path(id: u64) -> String {
    format!("/api/v2/requests/{id}.json?include=users")
}

fn decode_request(answer: &mut Answer) -> Result<RequestWithUsers, ApiError> {
    let users = take_list(&mut answer.body, "users");
    let request = take(answer, "request")?;
    Ok(RequestWithUsers { request, users })
}

/// The path of a comment listing.
fn comments_path(request_id: u64, options: &CommentQuery, page: &PageRequest) -> String {
    let mut query = Query::new();
    query.push("include", "users");
    page.append_to(&mut query);
    match page {
        PageRequest::Cursor { .. } if options.newest_first => {
            query.push("sort", "-created_at");
        }
        PageRequest::Offset { .. } if options.newest_first => {
            query
                .push("sort_by", "created_at")
                .push("sort_order", "desc");
        }
        _ => {}
    }
    query.push_opt("since", options.since.as_deref());
    query.push_opt(
        "role",
        options.role.map(|role| match role {
            CommentRole::Agent => "agent",
            CommentRole::EndUser => "end_user",
        }),
    );
    format!(
        "/api/v2/requests/{request_id}/comments.json{}",
        query.as_str()
    )
}

fn decode_comments(body: &mut Value, page: &PageRequest) -> Page<Comment> {
    let users: Vec<User> = take_list(body, "users");
    let mut page = decode_page::<Comment>(body, "comments", page);
    join_authors(&mut page.items, &users);
    page
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
#[path = "client_tests.rs"]
mod tests;
