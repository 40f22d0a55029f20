//! API errors in Zendesk's shapes.
//!
//! Two shapes, as on Zendesk: `{"error","description"[,"details"]}` for most errors (what real
//! responses carry), and `{"errors":[{"code","title","detail"}]}` (the published schema) for
//! 400 pagination errors and 406 search errors. OAuth errors use RFC 6749's
//! `{"error","error_description"}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// One entry of a 422's `details`.
#[derive(Debug, Clone)]
pub struct Detail {
    /// Key in `details` (`base`, `requester`, `status`, …).
    pub key: String,
    /// Human-readable message.
    pub description: String,
    /// Machine code (`BlankValue`, `InvalidValue`, …).
    pub error: &'static str,
    /// For custom-field errors: the field's id and Zendesk type name (`FieldTagger`, …),
    /// rendered as `ticket_field_id` and `ticket_field_type` as in recorded real bodies.
    pub ticket_field: Option<(u64, &'static str)>,
}

impl Detail {
    /// A detail without a field key.
    pub fn new(key: &str, error: &'static str, description: impl Into<String>) -> Detail {
        Detail {
            key: key.into(),
            description: description.into(),
            error,
            ticket_field: None,
        }
    }
}

/// Everything a handler can fail with.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// 401 `{"error":"Couldn't authenticate you"}`.
    Unauthenticated,
    /// 401 for a bad, expired or revoked bearer token (OAuth shape).
    InvalidToken,
    /// 403 (sent without CORS by the server loop).
    Forbidden(&'static str),
    /// 404 `RecordNotFound`.
    NotFound,
    /// 404 for an unknown endpoint.
    InvalidEndpoint,
    /// 422 `RecordInvalid` with details.
    Invalid(Vec<Detail>),
    /// Any status with `{"error","description"}`.
    Plain(StatusCode, &'static str, String),
    /// Any status with `{"errors":[{code,title,detail}]}`.
    Errors(StatusCode, &'static str, &'static str, String),
    /// 429 with `Retry-After` (plain-text body, like Zendesk's edge).
    RateLimited(u64),
    /// 413 from the "edge" (HTML body) for bodies beyond what is read at all.
    TooLarge,
    /// OAuth token endpoint error (400/401).
    OAuth(StatusCode, &'static str, String),
    /// An extractor's own refusal (a path segment that is no UTF-8, a body that can't be
    /// read), answered as axum words it: this status with a plain-text body.
    Rejected(StatusCode, String),
}

/// A JSON response with Zendesk's content type.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

impl ApiError {
    /// 400 with the `{error, description}` shape.
    pub fn bad_request(description: impl Into<String>) -> ApiError {
        ApiError::Plain(StatusCode::BAD_REQUEST, "BadRequest", description.into())
    }
    /// 400 `InvalidPaginationParameter` in the `errors` shape.
    pub fn pagination(detail: impl Into<String>) -> ApiError {
        ApiError::Errors(
            StatusCode::BAD_REQUEST,
            "InvalidPaginationParameter",
            "Invalid Pagination Parameter",
            detail.into(),
        )
    }
    /// 422: a closed request takes no more changes.
    pub fn closed_prevents_update() -> ApiError {
        ApiError::invalid(
            "status",
            "ClosedPreventsUpdate",
            "Status: closed prevents ticket update",
        )
    }
    /// 422 with one detail.
    pub fn invalid(key: &str, error: &'static str, description: impl Into<String>) -> ApiError {
        ApiError::Invalid(vec![Detail::new(key, error, description)])
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Unauthenticated => json_response(
                StatusCode::UNAUTHORIZED,
                &json!({"error": "Couldn't authenticate you"}),
            ),
            ApiError::InvalidToken => {
                let mut r = json_response(
                    StatusCode::UNAUTHORIZED,
                    &json!({"error": "invalid_token", "error_description": "The access token provided is expired, revoked, malformed or invalid for other reasons."}),
                );
                r.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"Web\", error=\"invalid_token\""),
                );
                r
            }
            ApiError::Forbidden(why) => json_response(
                StatusCode::FORBIDDEN,
                &json!({"error": "Forbidden", "description": why}),
            ),
            ApiError::NotFound => json_response(
                StatusCode::NOT_FOUND,
                &json!({"error": "RecordNotFound", "description": "Not found"}),
            ),
            ApiError::InvalidEndpoint => json_response(
                StatusCode::NOT_FOUND,
                &json!({"error": "InvalidEndpoint", "description": "Not found"}),
            ),
            ApiError::Invalid(details) => {
                let mut map = serde_json::Map::new();
                for d in details {
                    let mut entry = json!({"description": d.description, "error": d.error});
                    if let Some((id, kind)) = d.ticket_field {
                        entry["ticket_field_id"] = json!(id);
                        entry["ticket_field_type"] = json!(kind);
                    }
                    match map.get_mut(&d.key).and_then(Value::as_array_mut) {
                        Some(list) => list.push(entry),
                        None => {
                            map.insert(d.key, json!([entry]));
                        }
                    }
                }
                json_response(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &json!({"error": "RecordInvalid", "description": "Record validation errors", "details": map}),
                )
            }
            ApiError::Plain(status, error, description) => {
                json_response(status, &json!({"error": error, "description": description}))
            }
            ApiError::Errors(status, code, title, detail) => json_response(
                status,
                &json!({"errors": [{"code": code, "title": title, "detail": detail}]}),
            ),
            ApiError::RateLimited(secs) => {
                let mut r = (
                    StatusCode::TOO_MANY_REQUESTS,
                    format!("Rate limit exceeded. Retry after {secs} seconds.\n"),
                )
                    .into_response();
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
                r
            }
            ApiError::TooLarge => {
                let mut r = (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center></body></html>\n",
                )
                    .into_response();
                r.headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
                r
            }
            ApiError::OAuth(status, error, description) => json_response(
                status,
                &json!({"error": error, "error_description": description}),
            ),
            ApiError::Rejected(status, text) => (status, text).into_response(),
        }
    }
}

/// Handler result.
pub type ApiResult = Result<Response, ApiError>;
