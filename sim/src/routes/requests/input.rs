//! Parts of create and update bodies: the `request` object, comment bodies and uploads,
//! collaborators and email CCs.

use super::MAX_BODY_CHARS;
use crate::error::ApiError;
use crate::seed;
use crate::state::{Comment, Request, Store};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

/// Says which keys of the body were dropped, in Zendesk's words: `X-Zendesk-API-Warn:
/// Removed restricted keys ["school", "order_id"] from parameters according to whitelist`
/// (recorded in zendesk/zendesk_api_client_rb issue #153).
pub fn warn_dropped(resp: &mut Response, dropped: &[String]) {
    if dropped.is_empty() {
        return;
    }
    let list = Value::from(dropped.to_vec()).to_string();
    let text = format!("Removed restricted keys {list} from parameters according to whitelist");
    if let Ok(v) = HeaderValue::from_str(&text) {
        resp.headers_mut().insert("x-zendesk-api-warn", v);
    }
}

/// The body's `request` object (400 `ParameterMissing` without one, as on Zendesk).
pub fn request_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.get("request")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            ApiError::Plain(
                StatusCode::BAD_REQUEST,
                "ParameterMissing",
                "param is missing or the value is empty: request".into(),
            )
        })
}

/// A string member.
pub fn str_field<'a>(o: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

/// An array member, empty when absent or not an array.
pub fn list_field(o: &Map<String, Value>, k: &str) -> Vec<Value> {
    o.get(k)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// An id given as a number or a string of digits.
pub fn as_id(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A plausible email address (what Zendesk's validation roughly accepts).
pub fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == '<' || c == '>')
}

/// A comment body from `body` or `html_body` (tags stripped).
pub fn comment_body(c: &Map<String, Value>) -> String {
    if let Some(b) = str_field(c, "body") {
        return b.to_string();
    }
    let html = str_field(c, "html_body").unwrap_or("");
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// The upload tokens of a comment's `uploads`.
pub fn upload_tokens(c: &Map<String, Value>) -> Vec<String> {
    list_field(c, "uploads")
        .iter()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect()
}

/// 422 when a comment body is longer than Zendesk takes.
pub fn check_body(body: &str) -> Result<(), ApiError> {
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(ApiError::invalid(
            "comment",
            "TooLong",
            format!("Comment: Body is too long (maximum is {MAX_BODY_CHARS} characters)"),
        ));
    }
    Ok(())
}

/// Takes the attachments of upload tokens (unknown or expired tokens are ignored, as Zendesk does).
pub fn take_uploads(store: &mut Store, tokens: &[String], now: i64) -> Vec<u64> {
    let mut ids = Vec::new();
    for t in tokens {
        if let Some(u) = store.uploads.remove(t) {
            if u.expires_at > now {
                ids.extend(u.attachment_ids);
            }
        }
    }
    ids
}

/// Resolves collaborator entries: ids, emails or `{name, email}`.
pub fn collaborators(store: &mut Store, list: &[Value], now: i64) -> Vec<u64> {
    let mut ids = Vec::new();
    for v in list {
        let id = if let Some(id) = v.as_u64() {
            store.users.contains_key(&id).then_some(id)
        } else if let Some(email) = v.as_str() {
            valid_email(email).then(|| store.ensure_user(email, None, now))
        } else if let Some(o) = v.as_object() {
            str_field(o, "email")
                .filter(|e| valid_email(e))
                .map(|e| store.ensure_user(e, str_field(o, "name"), now))
        } else {
            None
        };
        ids.extend(id);
    }
    ids
}

/// Appends the ids not yet in `v`.
pub fn push_unique(v: &mut Vec<u64>, ids: impl IntoIterator<Item = u64>) {
    for id in ids {
        if !v.contains(&id) {
            v.push(id);
        }
    }
}

/// Applies `email_ccs` entries (`put`/`delete`) to a request.
pub fn apply_email_ccs(store: &mut Store, r: &mut Request, list: &[Value], now: i64) {
    for e in list {
        let Some(o) = e.as_object() else { continue };
        let user = if let Some(id) = o.get("user_id").and_then(as_id) {
            store.users.contains_key(&id).then_some(id)
        } else {
            str_field(o, "user_email")
                .filter(|e| valid_email(e))
                .map(|e| store.ensure_user(e, str_field(o, "user_name"), now))
        };
        let Some(user) = user else { continue };
        if user == r.requester_id {
            continue;
        }
        if str_field(o, "action") == Some("delete") {
            r.email_cc_ids.retain(|x| *x != user);
            r.collaborator_ids.retain(|x| *x != user);
        } else {
            push_unique(&mut r.email_cc_ids, [user]);
            push_unique(&mut r.collaborator_ids, [user]);
        }
    }
}

/// A new public comment rendered as Zendesk renders plain bodies.
pub fn new_comment(
    store: &mut Store,
    author: u64,
    body: &str,
    attachments: Vec<u64>,
    now: i64,
) -> Comment {
    Comment {
        id: store.comment_id(),
        author_id: author,
        body: body.to_string(),
        html_body: seed::render_plain(body),
        plain_body: body.to_string(),
        public: true,
        attachment_ids: attachments,
        created_at: now,
    }
}
