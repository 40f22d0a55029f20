//! `POST /api/v2/uploads` (raw bytes) and `DELETE /api/v2/uploads/{token}`.
//!
//! Limits: a blocked extension is 422; a file over `max_attachment_bytes` is 422
//! (`AttachmentTooLarge`, with CORS, so the widget can explain it); a body so large that the
//! "edge" refuses to read it (more than 1 MiB past the limit) is 413 with an HTML body and no
//! CORS, as a proxy in front of Zendesk would answer.

use super::Shared;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, Detail};
use crate::png;
use crate::state::{Attachment, Upload};
use crate::time::iso;
use crate::views;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use bytes::Bytes;
use serde_json::{json, Value};

/// How long an upload token stays usable: "valid for 60 minutes" (Zendesk's OpenAPI document,
/// Upload `token`).
pub const UPLOAD_TTL_SECS: i64 = 60 * 60;

fn guess_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "zip" => "application/zip",
        _ => "application/binary",
    }
}

/// `POST /api/v2/uploads?filename=NAME[&token=T]`: stores the raw body. The 201 response is
/// JSON labelled `text/plain`, as Zendesk sends it.
pub async fn create(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let now = ctx.now;
    let mut guard = sh.lock();
    let sim = &mut *guard;
    if sim.settings.uploads_require_auth && ctx.caller.user().is_none() {
        return Err(ApiError::Unauthenticated);
    }
    let name = ctx
        .q("filename")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let Some(name) = name else {
        return Err(ApiError::Plain(
            StatusCode::BAD_REQUEST,
            "InvalidAttachment",
            "filename is required".into(),
        ));
    };
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if sim
        .settings
        .blocked_file_extensions
        .iter()
        .any(|b| b.eq_ignore_ascii_case(&ext))
    {
        return Err(ApiError::Invalid(vec![Detail::new(
            "base",
            "InvalidValue",
            format!("Upload: the file type .{ext} is not allowed"),
        )]));
    }
    if body.is_empty() {
        return Err(ApiError::Invalid(vec![Detail::new(
            "base",
            "BlankValue",
            "Upload: file cannot be empty",
        )]));
    }
    let max = sim.settings.max_attachment_bytes;
    if body.len() as u64 > max {
        return Err(ApiError::Invalid(vec![Detail::new(
            "base",
            "AttachmentTooLarge",
            format!(
                "Upload: the file is larger than the maximum of {} MB",
                max / 1_048_576
            ),
        )]));
    }
    let with_expiry = sim.settings.upload_expires_at;
    let store = &mut sim.store;
    let upload_token = match ctx.q("token").filter(|t| !t.is_empty()) {
        Some(t) => match store.uploads.get(t) {
            Some(u) if u.expires_at > now => t.to_string(),
            _ => return Err(ApiError::NotFound),
        },
        None => store.secret(25),
    };
    let sent_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|t| {
            !t.is_empty()
                && t != "application/octet-stream"
                && t != "application/x-www-form-urlencoded"
        });
    let content_type = sent_type.unwrap_or_else(|| guess_type(&name).to_string());
    let dims = content_type
        .starts_with("image/")
        .then(|| png::image_size(&body))
        .flatten();
    let (width, height) = match dims {
        // Uploaded images report their size as digit strings, like real responses.
        Some((w, h)) => (json!(w.to_string()), json!(h.to_string())),
        None => (Value::Null, Value::Null),
    };
    let id = store.attachment_id();
    let thumbnail_id = if let Some((w, h)) = dims {
        // The "thumbnail" serves the same bytes; its reported size is scaled to 80 px wide.
        let tid = store.attachment_id();
        let tname = match name.rsplit_once('.') {
            Some((stem, e)) => format!("{stem}_thumb.{e}"),
            None => format!("{name}_thumb"),
        };
        let th = (u64::from(h) * 80 / u64::from(w.max(1))).max(1);
        let token = store.secret(24);
        store.attachments.insert(
            tid,
            Attachment {
                id: tid,
                token,
                file_name: tname,
                content_type: content_type.clone(),
                data: body.clone(),
                width: json!("80"),
                height: json!(th.to_string()),
                inline: false,
                thumbnail_id: None,
            },
        );
        Some(tid)
    } else {
        None
    };
    let token = store.secret(24);
    store.attachments.insert(
        id,
        Attachment {
            id,
            token,
            file_name: name,
            content_type,
            data: body,
            width,
            height,
            inline: false,
            thumbnail_id,
        },
    );
    let uploader = ctx.caller.user();
    let upload = store.uploads.entry(upload_token.clone()).or_insert(Upload {
        attachment_ids: vec![],
        expires_at: now + UPLOAD_TTL_SECS,
        uploader_id: uploader,
    });
    upload.attachment_ids.push(id);
    let expires_at = upload.expires_at;
    let ids = upload.attachment_ids.clone();
    let attachments: Vec<Value> = ids
        .iter()
        .filter_map(|a| store.attachments.get(a))
        .map(|a| views::attachment(&ctx, store, a))
        .collect();
    let attachment = store
        .attachments
        .get(&id)
        .map(|a| views::attachment(&ctx, store, a))
        .unwrap_or(Value::Null);
    drop(guard);
    sh.changed();
    let mut body = json!({"upload": {"token": upload_token, "attachment": attachment, "attachments": attachments}});
    if with_expiry {
        body["upload"]["expires_at"] = json!(iso(expires_at));
    }
    let mut resp: Response = (StatusCode::CREATED, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    Ok(resp)
}

/// `DELETE /api/v2/uploads/{token}`: an end user removes their upload → 204.
pub async fn delete(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    Path(token): Path<String>,
) -> ApiResult {
    let user = ctx.caller.require()?;
    let mut sim = sh.lock();
    let store = &mut sim.store;
    let up = store.uploads.get(&token).ok_or(ApiError::NotFound)?;
    if up.uploader_id.is_some_and(|u| u != user) {
        return Err(ApiError::NotFound);
    }
    if let Some(up) = store.uploads.remove(&token) {
        for id in up.attachment_ids {
            if let Some(a) = store.attachments.remove(&id) {
                if let Some(t) = a.thumbnail_id {
                    store.attachments.remove(&t);
                }
            }
        }
    }
    drop(sim);
    sh.changed();
    Ok(StatusCode::NO_CONTENT.into_response())
}
