//! `X-Zendesk-API-Warn`: Zendesk's REST API is permissive, it ignores attributes outside its
//! allowlist and processes the rest, saying so in a response header such as
//! `X-Zendesk-Api-Warn: Removed restricted keys ["ticket.non_existent_field"] from parameters
//! according to allowlist` (Zendesk support article 4418443326106, "REST API gives 200
//! response but the request didn't work"; a recorded 2016 response has the same sentence
//! ending "according to whitelist"). The header is in Zendesk's CORS
//! `Access-Control-Expose-Headers`, so a page can read it.
//!
//! The simulator says so for the Requests API writes: keys under `request` that the create or
//! update endpoint doesn't take. The routes themselves only ever read the allowed keys, so
//! the rest is dropped, as on Zendesk.

use axum::http::{HeaderValue, Method};
use serde_json::Value;

/// What `POST /api/v2/requests` takes under `request` (the Requests API reference and the
/// OpenAPI document's request properties an end user may write).
pub const CREATE_KEYS: &[&str] = &[
    "subject",
    "comment",
    "requester",
    "ticket_form_id",
    "custom_fields",
    "fields",
    "email_ccs",
    "collaborators",
    "via_followup_source_id",
    "priority",
    "type",
    "recipient",
    "due_at",
];

/// What `PUT /api/v2/requests/{id}` takes under `request`.
pub const UPDATE_KEYS: &[&str] = &["comment", "solved", "additional_collaborators", "email_ccs"];

/// The `X-Zendesk-API-Warn` value for a call, when it sent keys the endpoint drops. `path` is
/// normalised (no `.json`).
pub fn for_call(method: &Method, path: &str, body: &[u8]) -> Option<HeaderValue> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let allowed = match (method, segments.as_slice()) {
        (&Method::POST, ["", "api", "v2", "requests"]) => CREATE_KEYS,
        (&Method::PUT, ["", "api", "v2", "requests", id]) if id.parse::<u64>().is_ok() => {
            UPDATE_KEYS
        }
        _ => return None,
    };
    let value: Value = serde_json::from_slice(body).ok()?;
    let request = value.get("request")?.as_object()?;
    let removed: Vec<String> = request
        .keys()
        .filter(|key| !allowed.contains(&key.as_str()))
        .map(|key| format!("{:?}", format!("request.{key}")))
        .collect();
    if removed.is_empty() {
        return None;
    }
    let text = format!(
        "Removed restricted keys [{}] from parameters according to allowlist",
        removed.join(", ")
    );
    HeaderValue::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warn(method: Method, path: &str, body: &str) -> Option<String> {
        for_call(&method, path, body.as_bytes()).map(|v| v.to_str().expect("ascii").to_owned())
    }

    #[test]
    fn unknown_keys_are_named() {
        assert_eq!(
            warn(
                Method::POST,
                "/api/v2/requests",
                r#"{"request":{"subject":"s","comment":{"body":"b"},"non_existent_field":"42"}}"#
            )
            .as_deref(),
            Some(
                r#"Removed restricted keys ["request.non_existent_field"] from parameters according to allowlist"#
            )
        );
        assert_eq!(
            warn(
                Method::PUT,
                "/api/v2/requests/101",
                r#"{"request":{"comment":{"body":"b"},"status":"solved","subject":"x"}}"#
            )
            .as_deref(),
            Some(
                r#"Removed restricted keys ["request.status", "request.subject"] from parameters according to allowlist"#
            )
        );
    }

    #[test]
    fn allowed_bodies_and_other_calls_have_no_warning() {
        let create = r#"{"request":{"subject":"s","comment":{"body":"b","uploads":["t"]},"requester":{"name":"A","email":"a@example.com"},"ticket_form_id":10,"custom_fields":[],"email_ccs":[],"via_followup_source_id":104}}"#;
        assert_eq!(warn(Method::POST, "/api/v2/requests", create), None);
        let update = r#"{"request":{"comment":{"body":"b"},"solved":true,"additional_collaborators":["c@example.com"],"email_ccs":[]}}"#;
        assert_eq!(warn(Method::PUT, "/api/v2/requests/101", update), None);
        let stray = r#"{"request":{"x":1}}"#;
        assert_eq!(warn(Method::GET, "/api/v2/requests", stray), None);
        assert_eq!(warn(Method::PUT, "/api/v2/requests/abc", stray), None);
        assert_eq!(warn(Method::POST, "/api/v2/uploads", stray), None);
        assert_eq!(warn(Method::POST, "/api/v2/requests", "not json"), None);
        assert_eq!(
            warn(Method::POST, "/api/v2/requests", r#"{"other":{}}"#),
            None
        );
    }
}
