//! Serving connections ourselves (hyper + a per-connection kill switch) and the per-call
//! pipeline of the API origin: call log → faults → preflight → rate limit → authentication →
//! CSRF → route → CORS and rate-limit headers → connection-level fault effects.

use crate::auth::{self, Caller, Ctx};
use crate::call_log::{self, header_str, lossy_body, CallInfo};
use crate::control;
use crate::cors::{self, AuthKind};
use crate::error::ApiError;
use crate::faults::{self, Acted, Ahead, ConnKill, FaultKind};
use crate::routes::Shared;
use crate::state::CallRecord;
use crate::time;
use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// A boxed response future.
pub type RespFuture = Pin<Box<dyn Future<Output = Response> + Send>>;
/// A connection-aware request handler.
pub type Handler = Arc<dyn Fn(ConnKill, Request<Incoming>) -> RespFuture + Send + Sync>;

/// Resolves once shutdown was requested. If the [`crate::RunningSim`] was dropped without
/// `shutdown()`, the simulator keeps running (as documented), so a closed channel never resolves.
pub async fn stopped(rx: &mut watch::Receiver<bool>) {
    loop {
        if *rx.borrow_and_update() {
            return;
        }
        if rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Accepts connections until `shutdown` flips, serving each with HTTP/1.1. A connection ends
/// when the client closes it, when a handler fires its [`ConnKill`] (the socket is dropped with
/// no response) or at shutdown (hanging calls included).
pub async fn accept_loop(
    listener: TcpListener,
    mut shutdown: watch::Receiver<bool>,
    handler: Handler,
) {
    loop {
        let (stream, _) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                // Out of file descriptors and similar: back off briefly instead of spinning.
                Err(_) => { tokio::time::sleep(std::time::Duration::from_millis(20)).await; continue; }
            },
            _ = stopped(&mut shutdown) => break,
        };
        // Small JSON answers must not wait for delayed ACKs (40 ms each on Linux).
        let _ = stream.set_nodelay(true);
        let handler = handler.clone();
        let mut stop = shutdown.clone();
        tokio::spawn(async move {
            let kill = ConnKill::default();
            let k = kill.clone();
            let svc = hyper::service::service_fn(move |req| {
                let fut = handler(k.clone(), req);
                async move { Ok::<_, Infallible>(fut.await) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), svc);
            tokio::select! {
                _ = conn => {}
                _ = kill.fired() => {}
                _ = stopped(&mut stop) => {}
            }
        });
    }
}

/// `(api origin, content origin)` as the client addressed us (its `Host` header), so URLs in
/// responses stay on the host the page used (`localhost` vs `127.0.0.1` matters to browsers).
pub fn origins(headers: &HeaderMap, app: &Shared) -> (String, String) {
    let fallback = match app.config.host {
        h if h.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        h => h.to_string(),
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        });
    let hostname = match host {
        Some(h) if h.starts_with('[') => h
            .split(']')
            .next()
            .map(|x| format!("{x}]"))
            .unwrap_or_else(|| fallback.clone()),
        Some(h) => h.split(':').next().unwrap_or(&fallback).to_string(),
        None => fallback,
    };
    (
        format!("http://{hostname}:{}", app.api_port),
        format!("http://{hostname}:{}", app.content_port),
    )
}

/// The API origin's handler (including `/oauth`, `/hc` and, with `--control`, `/__sim`).
pub fn api_handler(app: Shared) -> Handler {
    let api = crate::routes::api_router(app.clone());
    let control = control::router(app.clone());
    Arc::new(move |kill, req| {
        Box::pin(handle(app.clone(), api.clone(), control.clone(), kill, req))
    })
}

/// The content origin's handler: attachments by token, no authentication, no faults.
pub fn content_handler(app: Shared) -> Handler {
    let router = crate::routes::content_router(app.clone());
    Arc::new(move |_kill, req: Request<Incoming>| {
        let router = router.clone();
        let log = app.config.log;
        Box::pin(async move {
            let line = format!("content {} {}", req.method(), req.uri().path());
            let resp = serve(router, req.map(Body::new)).await;
            if log {
                println!("{line} → {}", resp.status().as_u16());
            }
            resp
        })
    })
}

/// Answers `req` with `router` (axum routers never fail).
async fn serve(router: Router, req: Request<Body>) -> Response {
    match router.oneshot(req).await {
        Ok(r) => r,
        Err(e) => match e {},
    }
}

/// What the pipeline knows of an API-origin call once it is recorded.
struct Call {
    method: Method,
    /// The path as sent (`.json` included).
    path: String,
    /// The path without `.json`, as the routes match it.
    norm: String,
    raw_query: Option<String>,
    /// Call time (epoch seconds).
    now: i64,
    /// The kind of credentials it carried (for CORS).
    kind: AuthKind,
    /// The account's `token_endpoint_cors` switch at the time of the call.
    token_cors: bool,
}

/// Who the call turned out to be from and, when it must not reach its route, the refusal.
struct Resolved {
    caller: Caller,
    session: Option<String>,
    refusal: Option<Response>,
}

async fn handle(
    app: Shared,
    api: Router,
    control: Router,
    kill: ConnKill,
    req: Request<Incoming>,
) -> Response {
    let started = Instant::now();
    let now = time::now();
    let (parts, body) = req.into_parts();
    let mut ctx = call_context(&app, &parts, now);
    let path = parts.uri.path();
    if app.config.control && (path == "/__sim" || path.starts_with("/__sim/")) {
        return serve_control(control, parts, body, ctx).await;
    }
    let bytes = read_bounded_body(&app, &parts.headers, body).await;
    let (call, info) = record_call(&app, &parts, bytes.as_deref(), started, now);
    let answered = |resp: Response, note: &str| {
        info.finish(&app, Some(resp.status().as_u16()), note);
        resp
    };
    let Some(bytes) = bytes else {
        return answered(ApiError::TooLarge.into_response(), "");
    };
    // Faults come before the preflight's answer, so a fault naming `OPTIONS` reaches the
    // browser's preflight; one without a method never matches a preflight.
    let fault = faults::take(&mut app.lock().faults, call.method.as_str(), &call.path);
    let after = match faults::ahead_of_route(fault).await {
        Ahead::Route { then } => then,
        Ahead::Answered { response, note } => {
            return answered(decorate(response, &call, None, &Caller::Anonymous), note);
        }
        Ahead::Silent { note, close } => {
            info.finish(&app, None, note);
            if close {
                kill.fire();
            }
            return std::future::pending::<Response>().await;
        }
    };
    if let Some((resp, note)) = preflight(&call, &parts.headers) {
        // A fault that acts on the answer (truncated, dropped, relabelled) acts on this one.
        if after.is_some() {
            return answer_faults(&app, &info, &kill, after, resp).await;
        }
        return answered(resp, note);
    }
    let rate = match rate_limit(&app, &call) {
        Ok(rate) => rate,
        Err(over) => return answered(over.answer(&call), " [rate limited]"),
    };

    let resolved = authenticate(&app, &parts.headers, &call);
    ctx.caller = resolved.caller;
    ctx.session = resolved.session;
    let caller = ctx.caller;
    let (resp, warning) = match resolved.refusal {
        Some(refusal) => (refusal, None),
        None => {
            let warning = crate::api_warn::for_call(&call.method, &call.norm, &bytes);
            (route(api, parts, ctx, &call, bytes).await, warning)
        }
    };
    let resp = finish_headers(&app, &call, resp, rate, caller, warning);
    answer_faults(&app, &info, &kill, after, resp).await
}

/// The handlers' [`Ctx`], still anonymous: origins as addressed, the path without `.json` and
/// the decoded query.
fn call_context(app: &Shared, parts: &Parts, now: i64) -> Ctx {
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let (api, content) = origins(&parts.headers, app);
    Ctx {
        caller: Caller::Anonymous,
        api,
        content,
        path: cors::normalize(parts.uri.path()).to_string(),
        query,
        now,
        session: None,
    }
}

/// The control API: its own permissive CORS, never logged, faulted or rate limited.
async fn serve_control(control: Router, mut parts: Parts, body: Incoming, ctx: Ctx) -> Response {
    if let Some(r) = control::preflight_or_none(&parts.method, &parts.headers) {
        return r;
    }
    let bytes = match axum::body::to_bytes(Body::new(body), 64 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => return control::allow_any(ApiError::TooLarge.into_response()),
    };
    parts.extensions.insert(ctx);
    control::allow_any(serve(control, Request::from_parts(parts, Body::from(bytes))).await)
}

/// The body, read up to a little above the attachment limit; `None` beyond it (declared or
/// sent), where the "edge" answers 413.
async fn read_bounded_body(app: &Shared, headers: &HeaderMap, body: Incoming) -> Option<Bytes> {
    let limit = app
        .lock()
        .settings
        .max_attachment_bytes
        .saturating_add(1 << 20);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|d| d > limit) {
        return None;
    }
    axum::body::to_bytes(
        Body::new(body),
        usize::try_from(limit).unwrap_or(usize::MAX),
    )
    .await
    .ok()
}

/// Records the call in the call log (before anything can refuse it) and gathers what the
/// later stages need.
fn record_call(
    app: &Shared,
    parts: &Parts,
    body: Option<&[u8]>,
    started: Instant,
    now: i64,
) -> (Call, CallInfo) {
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().map(str::to_string);
    let mut sim = app.lock();
    let kind = auth::auth_kind(&parts.headers, &sim, now);
    let record = CallRecord {
        method: parts.method.to_string(),
        path: path.clone(),
        query: raw_query.clone(),
        origin: header_str(&parts.headers, header::ORIGIN),
        authorization: call_log::authorization_label(kind),
        csrf_token: parts.headers.contains_key("x-csrf-token"),
        content_type: header_str(&parts.headers, header::CONTENT_TYPE),
        body: body.map(lossy_body).unwrap_or_default(),
        status: None,
    };
    let info = CallInfo::record(&mut sim, record, kind, started, app.config.log);
    let call = Call {
        method: parts.method.clone(),
        norm: cors::normalize(&path).to_string(),
        path,
        raw_query,
        now,
        kind,
        token_cors: sim.settings.token_endpoint_cors,
    };
    (call, info)
}

/// A CORS preflight's answer and log note; `None` for any other call.
fn preflight(call: &Call, headers: &HeaderMap) -> Option<(Response, &'static str)> {
    if call.method != Method::OPTIONS
        || !headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        return None;
    }
    let resp = cors::preflight(headers, &call.path, call.token_cors);
    let note = if resp
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        " preflight ok"
    } else {
        " preflight refused"
    };
    Some((resp, note))
}

/// A call over the account rate limit: the minute's limit and the seconds until it resets.
struct OverLimit {
    limit: u32,
    reset: i64,
}

impl OverLimit {
    /// The 429, decorated as the route's answer would be, with the minute's headers.
    fn answer(&self, call: &Call) -> Response {
        decorate(
            ApiError::RateLimited(self.reset.max(1) as u64).into_response(),
            call,
            Some((self.limit, 0, self.reset)),
            &Caller::Anonymous,
        )
    }
}

/// The account rate limit (API paths only): the minute's `(limit, remaining, reset)` for the
/// headers, or [`OverLimit`] once the minute's calls are used up.
fn rate_limit(app: &Shared, call: &Call) -> Result<Option<(u32, u32, i64)>, OverLimit> {
    if !call.norm.starts_with("/api/") {
        return Ok(None);
    }
    let mut sim = app.lock();
    let limit = sim.settings.rate_limit_per_minute;
    match sim.rate.take(call.now, limit) {
        Ok((remaining, reset)) => Ok(Some((limit, remaining, reset))),
        Err(reset) => Err(OverLimit { limit, reset }),
    }
}

/// Authentication and CSRF: bad credentials are 401 on the API (pages, `/hc` and `/oauth`,
/// ignore them); a write on the API by a cookie session needs the session's CSRF token (403).
fn authenticate(app: &Shared, headers: &HeaderMap, call: &Call) -> Resolved {
    let resolved = {
        let sim = app.lock();
        auth::resolve(headers, &sim, call.now).map(|(caller, sid)| {
            let csrf = sid
                .as_deref()
                .is_some_and(|s| auth::csrf_ok(headers, &sim, s));
            (caller, sid, csrf)
        })
    };
    let api = call.norm.starts_with("/api/");
    match resolved {
        Ok((caller, session, csrf)) => {
            let write = !matches!(call.method, Method::GET | Method::HEAD | Method::OPTIONS);
            let refusal = (caller.by_session() && write && api && !csrf)
                .then(|| ApiError::Forbidden("Invalid or missing CSRF token").into_response());
            Resolved {
                caller,
                session,
                refusal,
            }
        }
        Err(e) => Resolved {
            caller: Caller::Anonymous,
            session: None,
            refusal: api.then(|| e.into_response()),
        },
    }
}

/// Routes the call by its path without `.json` (a query that makes no URL is 400).
async fn route(api: Router, mut parts: Parts, ctx: Ctx, call: &Call, body: Bytes) -> Response {
    let uri = match call.raw_query.as_deref() {
        Some(q) => format!("{}?{q}", call.norm),
        None => call.norm.clone(),
    };
    match uri.parse::<Uri>() {
        Ok(u) => {
            parts.uri = u;
            parts.extensions.insert(ctx);
            serve(api, Request::from_parts(parts, Body::from(body))).await
        }
        Err(_) => ApiError::bad_request("Malformed URL").into_response(),
    }
}

/// The headers every routed answer gets: CORS, rate limit and user id ([`decorate`]), the
/// account's CORS quirks, `X-Zendesk-API-Warn`, and a cookie session's expiry.
fn finish_headers(
    app: &Shared,
    call: &Call,
    resp: Response,
    rate: Option<(u32, u32, i64)>,
    caller: Caller,
    warning: Option<HeaderValue>,
) -> Response {
    let resp = decorate(resp, call, rate, &caller);
    let mut resp = cors::account_quirks(resp, &app.lock().settings);
    if let Some(warning) = warning {
        resp.headers_mut().insert("x-zendesk-api-warn", warning);
    }
    if caller.by_session() {
        let expires = time::iso(call.now + crate::routes::hc::SESSION_TTL_SECS);
        if let Ok(v) = HeaderValue::from_str(&expires) {
            resp.headers_mut()
                .insert("x-zendesk-user-session-expires-at", v);
        }
    }
    resp
}

/// Plays the fault (if any) that acts on the routed answer and logs the call.
async fn answer_faults(
    app: &Shared,
    info: &CallInfo,
    kill: &ConnKill,
    fault: Option<FaultKind>,
    resp: Response,
) -> Response {
    let status = resp.status().as_u16();
    match faults::act_on_answer(fault, resp).await {
        Acted::Answered { response, note } => {
            info.finish(app, Some(status), note);
            response
        }
        Acted::Cut { response } => {
            info.finish(
                app,
                None,
                &format!(" [fault: drop_after_commit, would have been {status}]"),
            );
            response
        }
        Acted::Closed => {
            // The write is applied and the socket closes before any byte of the answer.
            info.finish(
                app,
                None,
                &format!(" [fault: drop_after_commit (no response), would have been {status}]"),
            );
            kill.fire();
            std::future::pending::<Response>().await
        }
    }
}

/// Adds CORS (per the contract, from the call's credentials and the token endpoint switch),
/// rate-limit headers (never exposed) and `X-Zendesk-User-Id`.
fn decorate(
    mut resp: Response,
    call: &Call,
    rate: Option<(u32, u32, i64)>,
    caller: &Caller,
) -> Response {
    let status = resp.status();
    let h = resp.headers_mut();
    if cors::allows(call.kind, &call.method, &call.path, status, call.token_cors) {
        cors::add(h);
    }
    if let Some((limit, remaining, reset)) = rate {
        h.insert("x-rate-limit", HeaderValue::from(limit));
        h.insert("x-rate-limit-remaining", HeaderValue::from(remaining));
        h.insert("ratelimit-limit", HeaderValue::from(limit));
        h.insert("ratelimit-remaining", HeaderValue::from(remaining));
        h.insert("ratelimit-reset", HeaderValue::from(reset.max(0)));
    }
    if let Some(id) = caller.user() {
        h.insert("x-zendesk-user-id", HeaderValue::from(id));
    }
    resp
}
