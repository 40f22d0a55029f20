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
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Shared state as handlers receive it.
pub type Shared = Arc<App>;

/// 200 with a JSON body.
pub fn ok(v: &Value) -> Response {
    json_response(StatusCode::OK, v)
}

/// A numeric record id from the path (`{id}`). Anything else is 404 `InvalidEndpoint`:
/// Zendesk's routes only match digits.
pub struct RecordId(pub u64);

/// Two numeric ids from the path (`{id}` and a nested one, e.g. `{comment_id}`), each
/// refused as [`RecordId`] refuses one.
pub struct RecordIds(pub u64, pub u64);

fn numeric(s: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| ApiError::InvalidEndpoint)
}

/// The path's segments as strings, or axum's own refusal (e.g. a segment that is no UTF-8).
async fn path_segments<T, S>(parts: &mut Parts, state: &S) -> Result<T, ApiError>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    Path::<T>::from_request_parts(parts, state)
        .await
        .map(|Path(segments)| segments)
        .map_err(|e| ApiError::Rejected(e.status(), e.body_text()))
}

impl<S: Send + Sync> FromRequestParts<S> for RecordId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let id: String = path_segments(parts, state).await?;
        Ok(RecordId(numeric(&id)?))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RecordIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let (id, nested): (String, String) = path_segments(parts, state).await?;
        Ok(RecordIds(numeric(&id)?, numeric(&nested)?))
    }
}

/// A JSON request body. An empty (or all-whitespace) body reads as `{}`; malformed JSON is
/// 400, as on Zendesk.
pub struct JsonBody(pub Value);

impl JsonBody {
    /// Parses `body` by the same rule, for a handler that must check something else before
    /// it looks at the body.
    pub fn parse(body: &[u8]) -> Result<Value, ApiError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Default::default()));
        }
        serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON: {e}")))
    }
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::Rejected(e.status(), e.body_text()))?;
        Ok(JsonBody(JsonBody::parse(&body)?))
    }
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
