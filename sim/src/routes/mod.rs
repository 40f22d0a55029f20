//! The API origin's routes (`/api/v2`, `/oauth`, `/hc`) and the content origin's.

pub mod comments;
pub mod content;
pub mod forms;
pub mod hc;
pub mod help_center;
pub mod oauth;
pub mod paging;
pub mod requests;
pub mod uploads;
pub mod users;

use crate::auth::Ctx;
use crate::error::{json_response, ApiError, ApiResult};
use crate::state::{App, Store};
use crate::views;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Shared state as handlers receive it.
pub type Shared = Arc<App>;

/// 200 with a JSON body.
pub fn ok(v: &Value) -> Response {
    json_response(StatusCode::OK, v)
}

/// Parses a JSON request body; malformed JSON is 400, as on Zendesk.
pub fn body_json(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("Invalid JSON: {e}")))
}

/// A numeric path id; anything else is 404 (Zendesk routes only match digits).
pub fn id_param(s: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| ApiError::InvalidEndpoint)
}

/// Sideloaded `users` for the given ids (deduplicated, in id order).
pub fn sideload_users(ctx: &Ctx, store: &Store, ids: impl IntoIterator<Item = u64>) -> Value {
    let ids: BTreeSet<u64> = ids.into_iter().collect();
    Value::Array(
        ids.iter()
            .filter_map(|id| store.users.get(id))
            .map(|u| views::user(ctx, store, u))
            .collect(),
    )
}

async fn fallback() -> ApiResult {
    Err(ApiError::InvalidEndpoint)
}

/// Routes of the API origin. Paths are matched without `.json` (the server loop strips it).
pub fn api_router(app: Shared) -> Router {
    Router::new()
        .route(
            "/api/v2/requests",
            get(requests::list).post(requests::create),
        )
        .route("/api/v2/requests/open", get(requests::list_open))
        .route("/api/v2/requests/solved", get(requests::list_solved))
        .route("/api/v2/requests/ccd", get(requests::list_ccd))
        .route("/api/v2/requests/search", get(requests::search))
        .route(
            "/api/v2/requests/{id}",
            get(requests::show).put(requests::update),
        )
        .route("/api/v2/requests/{id}/comments", get(comments::list))
        .route(
            "/api/v2/requests/{id}/comments/{comment_id}",
            get(comments::show),
        )
        .route("/api/v2/uploads", post(uploads::create))
        .route("/api/v2/uploads/{token}", delete(uploads::delete))
        .route("/api/v2/ticket_forms", get(forms::list))
        .route("/api/v2/ticket_forms/show_many", get(forms::show_many))
        .route("/api/v2/ticket_forms/{id}", get(forms::show))
        .route("/api/v2/ticket_fields", get(forms::fields))
        .route("/api/v2/ticket_fields/{id}", get(forms::field))
        .route(
            "/api/v2/help_center/articles/search",
            get(help_center::search),
        )
        .route(
            "/api/v2/help_center/{locale}/articles/search",
            get(help_center::search_locale),
        )
        .route("/api/v2/help_center/sessions", get(help_center::session))
        .route("/api/v2/users/me", get(users::me))
        .route(
            "/api/v2/tickets/{id}/satisfaction_rating",
            post(users::satisfaction),
        )
        .route("/oauth/authorizations/new", get(oauth::authorize_page))
        .route("/oauth/authorizations", post(oauth::authorize_submit))
        .route("/oauth/tokens", post(oauth::token))
        .route("/hc/signin", get(hc::signin))
        .route("/hc/signout", get(hc::signout))
        .route("/hc/{locale}/articles/{slug}", get(hc::article))
        .route("/hc", get(hc::home))
        .route("/hc/{locale}", get(hc::home))
        .route("/", get(hc::home))
        .fallback(fallback)
        .with_state(app)
}

/// Routes of the content origin.
pub fn content_router(app: Shared) -> Router {
    Router::new()
        .route("/attachments/token/{token}", get(content::file))
        .route("/attachments/token/{token}/", get(content::file))
        .fallback(content::not_found)
        .with_state(app)
}
