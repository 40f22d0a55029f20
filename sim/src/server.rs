//! Serving connections ourselves (hyper + a per-connection kill switch) and the per-call
//! pipeline of the API origin: call log → preflight → faults → rate limit → authentication →
//! CSRF → route → CORS and rate-limit headers → connection-level fault effects.

use crate::auth::{self, Caller, Ctx, Via};
use crate::control;
use crate::cors::{self, AuthKind};
use crate::error::ApiError;
use crate::faults::{self, Acted, ConnKill, FaultKind};
use crate::routes::Shared;
use crate::state::CallRecord;
use crate::time;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};
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

/// Most calls kept in the call log (oldest dropped first).
pub const MAX_CALLS: usize = 20_000;
/// Most body bytes kept per logged call.
pub const MAX_LOGGED_BODY: usize = 64 * 1024;

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

fn lossy_body(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(MAX_LOGGED_BODY)]).into_owned()
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Where a call's log line and call-log entry stand.
struct CallInfo {
    seq: usize,
    started: Instant,
    line: String,
    log: bool,
}

impl CallInfo {
    fn finish(&self, app: &Shared, status: Option<u16>, note: &str) {
        {
            let mut sim = app.lock();
            let base = sim.calls_dropped;
            if let Some(c) = self
                .seq
                .checked_sub(base)
                .and_then(|i| sim.calls.get_mut(i))
            {
                c.status = status;
            }
        }
        if self.log {
            let st = status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "---".into());
            println!(
                "{} → {st} {:.1}ms{note}",
                self.line,
                self.started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
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
            let resp = match router.oneshot(req.map(Body::new)).await {
                Ok(r) => r,
                Err(e) => match e {},
            };
            if log {
                println!("{line} → {}", resp.status().as_u16());
            }
            resp
        })
    })
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
    let (mut parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().map(str::to_string);
    let query: Vec<(String, String)> = raw_query
        .as_deref()
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let (api_origin, content_origin) = origins(&parts.headers, &app);
    let norm = cors::normalize(&path).to_string();
    let mut ctx = Ctx {
        caller: Caller::Anonymous,
        api: api_origin,
        content: content_origin,
        path: norm.clone(),
        query,
        now,
        session: None,
    };

    // --- Control API: its own permissive CORS, never logged, faulted or rate limited.
    if app.config.control && (path == "/__sim" || path.starts_with("/__sim/")) {
        if let Some(r) = control::preflight_or_none(&parts.method, &parts.headers) {
            return r;
        }
        let bytes = match axum::body::to_bytes(Body::new(body), 64 * 1024 * 1024).await {
            Ok(b) => b,
            Err(_) => return control::allow_any(ApiError::TooLarge.into_response()),
        };
        parts.extensions.insert(ctx);
        let req = Request::from_parts(parts, Body::from(bytes));
        let resp = match control.oneshot(req).await {
            Ok(r) => r,
            Err(e) => match e {},
        };
        return control::allow_any(resp);
    }

    // --- Body, bounded a little above the attachment limit (beyond: the "edge" says 413).
    let limit = app
        .lock()
        .settings
        .max_attachment_bytes
        .saturating_add(1 << 20);
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let bytes = if declared.is_some_and(|d| d > limit) {
        None
    } else {
        axum::body::to_bytes(
            Body::new(body),
            usize::try_from(limit).unwrap_or(usize::MAX),
        )
        .await
        .ok()
    };

    let method = parts.method.clone();
    let kind;
    let token_cors;
    let info = {
        let mut sim = app.lock();
        kind = auth::auth_kind(&parts.headers, &sim, now);
        token_cors = sim.settings.token_endpoint_cors;
        let authorization = match kind {
            AuthKind::Bearer => Some("bearer"),
            AuthKind::Basic => Some("basic"),
            AuthKind::Other => Some("other"),
            AuthKind::Anonymous | AuthKind::Session => None,
        };
        sim.calls.push(CallRecord {
            method: method.to_string(),
            path: path.clone(),
            query: raw_query.clone(),
            origin: header_str(&parts.headers, header::ORIGIN),
            authorization,
            csrf_token: parts.headers.contains_key("x-csrf-token"),
            content_type: header_str(&parts.headers, header::CONTENT_TYPE),
            body: bytes.as_deref().map(lossy_body).unwrap_or_default(),
            status: None,
        });
        if sim.calls.len() > MAX_CALLS {
            sim.calls.remove(0);
            sim.calls_dropped += 1;
        }
        let seq = sim.calls_dropped + sim.calls.len() - 1;
        let q = raw_query
            .as_deref()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let who = match kind {
            AuthKind::Anonymous => "anon",
            AuthKind::Bearer => "bearer",
            AuthKind::Basic => "basic",
            AuthKind::Other => "other-auth",
            AuthKind::Session => "session",
        };
        CallInfo {
            seq,
            started,
            line: format!("{method} {path}{q} [{who}]"),
            log: app.config.log,
        }
    };

    let Some(bytes) = bytes else {
        let resp = ApiError::TooLarge.into_response();
        info.finish(&app, Some(413), "");
        return resp;
    };

    // --- Preflight.
    if method == Method::OPTIONS
        && parts
            .headers
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let resp = cors::preflight(&parts.headers, &path, token_cors);
        let note = if resp
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        {
            " preflight ok"
        } else {
            " preflight refused"
        };
        info.finish(&app, Some(resp.status().as_u16()), note);
        return resp;
    }

    // --- Faults.
    let fault = faults::take(&mut app.lock().faults, method.as_str(), &path);
    let mut after: Option<FaultKind> = None;
    // Faults that answer in the route's place: each builds its answer, which is then given the
    // route's CORS headers and logged the same way.
    let injected = match fault {
        Some(FaultKind::Delay { ms }) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            None
        }
        Some(FaultKind::Hang) => {
            info.finish(&app, None, " [fault: hang]");
            std::future::pending::<()>().await;
            None
        }
        Some(FaultKind::Drop) => {
            info.finish(&app, None, " [fault: drop]");
            kill.fire();
            std::future::pending::<()>().await;
            None
        }
        Some(FaultKind::Status {
            status,
            retry_after,
        }) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut resp = match code {
                StatusCode::TOO_MANY_REQUESTS => {
                    ApiError::RateLimited(retry_after.unwrap_or(60)).into_response()
                }
                StatusCode::SERVICE_UNAVAILABLE => {
                    (code, "Service Unavailable: maintenance in progress\n").into_response()
                }
                _ => ApiError::Plain(code, "InjectedFault", format!("Injected {status}"))
                    .into_response(),
            };
            if let Some(s) = retry_after {
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(s));
            }
            Some((resp, " [fault: status]"))
        }
        Some(FaultKind::HtmlError) => {
            let mut resp = (
                StatusCode::INTERNAL_SERVER_ERROR,
                "<!DOCTYPE html><html><head><title>Internal Server Error</title></head><body><h1>We're sorry, but something went wrong.</h1></body></html>\n",
            )
                .into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            Some((resp, " [fault: html_error]"))
        }
        Some(FaultKind::Redirect { location }) => {
            let mut resp = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, value);
            }
            Some((resp, " [fault: redirect]"))
        }
        other => {
            after = other;
            None
        }
    };
    if let Some((resp, note)) = injected {
        let status = resp.status().as_u16();
        let resp = decorate(
            resp,
            (kind, token_cors),
            &method,
            &path,
            None,
            &Caller::Anonymous,
        );
        info.finish(&app, Some(status), note);
        return resp;
    }

    // --- Account rate limit (API paths only).
    let rate = if norm.starts_with("/api/") {
        let mut sim = app.lock();
        let limit = sim.settings.rate_limit_per_minute;
        match sim.rate.take(now, limit) {
            Ok((remaining, reset)) => Some((limit, remaining, reset)),
            Err(reset) => {
                drop(sim);
                let resp = decorate(
                    ApiError::RateLimited(reset.max(1) as u64).into_response(),
                    (kind, token_cors),
                    &method,
                    &path,
                    Some((limit, 0, reset)),
                    &Caller::Anonymous,
                );
                info.finish(&app, Some(429), " [rate limited]");
                return resp;
            }
        }
    } else {
        None
    };

    // --- Authentication and CSRF.
    let resolved = {
        let sim = app.lock();
        auth::resolve(&parts.headers, &sim, now).map(|(caller, sid)| {
            let csrf = sid
                .as_deref()
                .is_some_and(|s| auth::csrf_ok(&parts.headers, &sim, s));
            (caller, sid, csrf)
        })
    };
    let early: Option<Response> = match resolved {
        Ok((caller, sid, csrf)) => {
            ctx.caller = caller;
            ctx.session = sid;
            let write = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
            (matches!(
                caller,
                Caller::User {
                    via: Via::Session,
                    ..
                }
            ) && write
                && norm.starts_with("/api/")
                && !csrf)
                .then(|| ApiError::Forbidden("Invalid or missing CSRF token").into_response())
        }
        // Pages (`/hc`, `/oauth`) ignore bad credentials; the API answers 401.
        Err(_) if !norm.starts_with("/api/") => None,
        Err(e) => Some(e.into_response()),
    };
    let caller = ctx.caller;

    let warning = early
        .is_none()
        .then(|| crate::api_warn::for_call(&method, &norm, &bytes))
        .flatten();
    let resp = match early {
        Some(r) => r,
        None => {
            // Route without `.json`.
            let uri = match raw_query.as_deref() {
                Some(q) => format!("{norm}?{q}"),
                None => norm.clone(),
            };
            match uri.parse::<Uri>() {
                Ok(u) => {
                    parts.uri = u;
                    parts.extensions.insert(ctx);
                    match api
                        .oneshot(Request::from_parts(parts, Body::from(bytes)))
                        .await
                    {
                        Ok(r) => r,
                        Err(e) => match e {},
                    }
                }
                Err(_) => ApiError::bad_request("Malformed URL").into_response(),
            }
        }
    };
    let resp = decorate(resp, (kind, token_cors), &method, &path, rate, &caller);
    let mut resp = cors::account_quirks(resp, &app.lock().settings);
    if let Some(warning) = warning {
        resp.headers_mut().insert("x-zendesk-api-warn", warning);
    }
    if caller != Caller::Anonymous {
        if let (
            Caller::User {
                via: Via::Session, ..
            },
            Ok(v),
        ) = (
            caller,
            HeaderValue::from_str(&time::iso(now + crate::routes::hc::SESSION_TTL_SECS)),
        ) {
            resp.headers_mut()
                .insert("x-zendesk-user-session-expires-at", v);
        }
    }
    let status = resp.status().as_u16();

    // --- Faults that act on the answer.
    match faults::act_on_answer(after, resp).await {
        Acted::Answered { response, note } => {
            info.finish(&app, Some(status), note);
            response
        }
        Acted::Cut { response } => {
            info.finish(
                &app,
                None,
                &format!(" [fault: drop_after_commit, would have been {status}]"),
            );
            response
        }
        Acted::Closed => {
            // The write is applied and the socket closes before any byte of the answer.
            info.finish(
                &app,
                None,
                &format!(" [fault: drop_after_commit (no response), would have been {status}]"),
            );
            kill.fire();
            std::future::pending::<Response>().await
        }
    }
}

/// Adds CORS (per the contract; `cors` is the caller's kind and the token endpoint switch),
/// rate-limit headers (never exposed) and `X-Zendesk-User-Id`.
fn decorate(
    mut resp: Response,
    (kind, token_cors): (AuthKind, bool),
    method: &Method,
    path: &str,
    rate: Option<(u32, u32, i64)>,
    caller: &Caller,
) -> Response {
    let status = resp.status();
    let h = resp.headers_mut();
    if cors::allows(kind, method, path, status, token_cors) {
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
