//! The test-control API under `/__sim/` (only with `--control`): reset, faults, call log,
//! settings, agent actions and tokens. Never a Zendesk path; answers any origin with
//! `Access-Control-Allow-Origin: *` and any preflight, so browser tests can drive it.

use crate::auth::Ctx;
use crate::config::AccountSettings;
use crate::cors;
use crate::error::{json_response, ApiError, ApiResult};
use crate::faults::Fault;
use crate::routes::{ok, JsonBody, RecordId, Shared};
use crate::seed;
use crate::seed::users::id::SAM;
use crate::state::{Comment, RateWindow, SlidingWindow, Status, Token};
use crate::views;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use axum::{Extension, Router};
use bytes::Bytes;
use serde_json::{json, Value};

/// The control routes.
pub fn router(app: Shared) -> Router {
    Router::new()
        .route("/__sim/reset", post(reset))
        .route("/__sim/calls", get(calls).delete(clear_calls))
        .route(
            "/__sim/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__sim/settings", get(get_settings).patch(patch_settings))
        .route("/__sim/requests/{id}/agent_comment", post(agent_comment))
        .route("/__sim/requests/{id}", patch(patch_request))
        .route("/__sim/tokens", post(mint_token))
        .route("/__sim/tokens/{token}", delete(revoke_token))
        .fallback(|| async { ApiError::InvalidEndpoint.into_response() })
        .with_state(app)
}

/// Adds the permissive CORS of the control API; answers preflights itself.
pub fn preflight_or_none(method: &Method, headers: &HeaderMap) -> Option<Response> {
    if method != Method::OPTIONS {
        return None;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    let asked = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("*"));
    cors::allow_preflight(
        r.headers_mut(),
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
        asked,
    );
    Some(r)
}

/// Adds `Access-Control-Allow-Origin: *` to a control response.
pub fn allow_any(mut r: Response) -> Response {
    cors::allow_any_origin(r.headers_mut());
    r
}

fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

async fn reset(State(sh): State<Shared>) -> Response {
    {
        let mut sim = sh.lock();
        let salt = sim.store.salt;
        sim.store = seed::store(salt.wrapping_add(1));
        sim.settings = sh.config.settings.clone();
        sim.faults.clear();
        sim.clear_calls();
        sim.rate = RateWindow::default();
        sim.anon_creates = SlidingWindow::default();
        sim.ticket_updates.clear();
    }
    sh.changed();
    no_content()
}

async fn calls(State(sh): State<Shared>) -> Response {
    ok(&json!({"calls": sh.lock().calls}))
}

async fn clear_calls(State(sh): State<Shared>) -> Response {
    sh.lock().clear_calls();
    no_content()
}

async fn list_faults(State(sh): State<Shared>) -> Response {
    ok(&json!({"faults": sh.lock().faults}))
}

async fn add_fault(State(sh): State<Shared>, body: Bytes) -> ApiResult {
    let f: Fault = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid fault: {e}")))?;
    f.validate().map_err(ApiError::bad_request)?;
    sh.lock().faults.push(f.clone());
    Ok(json_response(StatusCode::CREATED, &json!({"fault": f})))
}

async fn clear_faults(State(sh): State<Shared>) -> Response {
    sh.lock().faults.clear();
    no_content()
}

async fn get_settings(State(sh): State<Shared>) -> Response {
    ok(&json!(sh.lock().settings))
}

async fn patch_settings(State(sh): State<Shared>, JsonBody(patch): JsonBody) -> ApiResult {
    let Value::Object(patch) = patch else {
        return Err(ApiError::bad_request("settings must be a JSON object"));
    };
    let mut sim = sh.lock();
    let mut current =
        serde_json::to_value(&sim.settings).map_err(|e| ApiError::bad_request(e.to_string()))?;
    for (k, v) in patch {
        if current.get(&k).is_none() {
            return Err(ApiError::bad_request(format!("unknown setting `{k}`")));
        }
        current[k] = v;
    }
    let next: AccountSettings = serde_json::from_value(current)
        .map_err(|e| ApiError::bad_request(format!("invalid settings: {e}")))?;
    sim.settings = next;
    Ok(ok(&json!(sim.settings)))
}

async fn agent_comment(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
    JsonBody(v): JsonBody,
) -> ApiResult {
    let text = v
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if text.trim().is_empty() {
        return Err(ApiError::invalid("body", "BlankValue", "body is required"));
    }
    let author = v.get("author_id").and_then(Value::as_u64).unwrap_or(SAM);
    let now = ctx.now;
    let mut guard = sh.lock();
    let store = &mut guard.store;
    if !store.users.get(&author).is_some_and(|u| u.agent) {
        return Err(ApiError::invalid(
            "author_id",
            "InvalidValue",
            "author must be an agent",
        ));
    }
    let status = store
        .requests
        .get(&id)
        .map(|r| r.status)
        .ok_or(ApiError::NotFound)?;
    if status == Status::Closed {
        return Err(ApiError::closed_prevents_update());
    }
    let html = v
        .get("html_body")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| seed::render_plain(&text));
    let c = Comment {
        id: store.comment_id(),
        author_id: author,
        body: text.clone(),
        html_body: html,
        plain_body: text,
        public: true,
        attachment_ids: vec![],
        created_at: now,
    };
    store.comments.entry(id).or_default().push(c.clone());
    if let Some(r) = store.requests.get_mut(&id) {
        r.status = Status::Pending;
        r.assignee_id = r.assignee_id.or(Some(author));
        r.updated_at = now;
    }
    let rendered = views::comment(&ctx, store, id, &c);
    drop(guard);
    sh.changed();
    Ok(json_response(
        StatusCode::CREATED,
        &json!({"comment": rendered}),
    ))
}

async fn patch_request(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
    JsonBody(v): JsonBody,
) -> ApiResult {
    let mut guard = sh.lock();
    let store = &mut guard.store;
    let r = store.requests.get_mut(&id).ok_or(ApiError::NotFound)?;
    if let Some(s) = v.get("status").and_then(Value::as_str) {
        r.status = Status::parse(s)
            .ok_or_else(|| ApiError::bad_request(format!("unknown status `{s}`")))?;
    }
    if let Some(a) = v.get("assignee_id") {
        r.assignee_id = a.as_u64();
    }
    if let Some(b) = v.get("can_be_solved_by_me").and_then(Value::as_bool) {
        r.solvable = b;
        if b && r.assignee_id.is_none() {
            r.assignee_id = Some(SAM);
        }
    }
    if let Some(s) = v.get("subject").and_then(Value::as_str) {
        r.subject = s.into();
    }
    if let Some(p) = v.get("priority") {
        r.priority = p.as_str().map(str::to_string);
    }
    if let Some(t) = v.get("type") {
        r.kind = t.as_str().map(str::to_string);
    }
    r.updated_at = ctx.now;
    // An agent recovering a suspended request (or holding one back for a test).
    match v.get("suspended").and_then(Value::as_bool) {
        Some(true) => _ = store.suspended.insert(id),
        Some(false) => _ = store.suspended.remove(&id),
        None => {}
    }
    let suspended = store.suspended.contains(&id);
    let r = &store.requests[&id];
    let requester = r.requester_id;
    let r = r.clone();
    let rendered = views::request(&ctx, &sh.catalog, &guard, &r, Some(requester));
    drop(guard);
    sh.changed();
    // `suspended` beside the request (Zendesk's view of it doesn't say): tests read it back.
    Ok(ok(&json!({"request": rendered, "suspended": suspended})))
}

async fn mint_token(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    JsonBody(v): JsonBody,
) -> ApiResult {
    let user_id = v
        .get("user_id")
        .and_then(Value::as_u64)
        .ok_or_else(|| ApiError::bad_request("user_id is required"))?;
    let mut sim = sh.lock();
    if !sim.store.users.contains_key(&user_id) {
        return Err(ApiError::invalid("user_id", "InvalidValue", "unknown user"));
    }
    let ttl = v
        .get("expires_in")
        .and_then(Value::as_i64)
        .unwrap_or(sim.settings.access_token_ttl_secs as i64);
    let token = sim.store.secret(48);
    sim.store.tokens.insert(
        token.clone(),
        Token {
            user_id,
            expires_at: Some(ctx.now + ttl),
        },
    );
    drop(sim);
    sh.changed();
    Ok(json_response(
        StatusCode::CREATED,
        &json!({"access_token": token, "token_type": "bearer", "expires_in": ttl}),
    ))
}

async fn revoke_token(State(sh): State<Shared>, Path(token): Path<String>) -> ApiResult {
    let removed = sh.lock().store.tokens.remove(&token).is_some();
    if !removed {
        return Err(ApiError::NotFound);
    }
    sh.changed();
    Ok(no_content())
}
