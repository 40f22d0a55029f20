//! `POST /api/v2/uploads` (raw bytes) and `DELETE /api/v2/uploads/{token}`. A create runs in
//! Zendesk's order: [`parse`] the call (400), [`validate`] it against the account (422, 404),
//! [`apply`] it to the store, then [`answer`] with the upload.
//!
//! Limits: a blocked extension is 422; a file over `max_attachment_bytes` is 422
//! (`AttachmentTooLarge`, with CORS, so the widget can explain it); a body so large that the
//! "edge" refuses to read it (more than 1 MiB past the limit) is 413 with an HTML body and no
//! CORS, as a proxy in front of Zendesk would answer.

use super::Shared;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, Detail};
use crate::png;
use crate::state::{Attachment, Sim, Store, Upload};
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

/// A file name's extension, lower-cased (empty without one).
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn guess_type(name: &str) -> &'static str {
    match extension(name).as_str() {
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

/// What an upload call asks for, read from its query and headers.
struct UploadInput {
    /// `?filename=`, trimmed.
    name: String,
    /// `?token=`: the existing upload the file joins.
    token: Option<String>,
    /// The type sent, unless missing or generic; otherwise guessed from the name.
    content_type: String,
    data: Bytes,
}

/// Reads the call: 400 without a `filename`.
fn parse(ctx: &Ctx, headers: &HeaderMap, data: Bytes) -> Result<UploadInput, ApiError> {
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
    Ok(UploadInput {
        content_type: sent_type.unwrap_or_else(|| guess_type(&name).to_string()),
        token: ctx.q("token").filter(|t| !t.is_empty()).map(str::to_string),
        name,
        data,
    })
}

/// The account's checks, in Zendesk's order: a blocked extension, an empty file, a file over
/// the limit (422), then a `token` naming no live upload (404).
fn validate(sim: &Sim, input: &UploadInput, now: i64) -> Result<(), ApiError> {
    let ext = extension(&input.name);
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
    if input.data.is_empty() {
        return Err(ApiError::Invalid(vec![Detail::new(
            "base",
            "BlankValue",
            "Upload: file cannot be empty",
        )]));
    }
    let max = sim.settings.max_attachment_bytes;
    if input.data.len() as u64 > max {
        return Err(ApiError::Invalid(vec![Detail::new(
            "base",
            "AttachmentTooLarge",
            format!(
                "Upload: the file is larger than the maximum of {} MB",
                max / 1_048_576
            ),
        )]));
    }
    let live = |t: &String| sim.store.uploads.get(t).is_some_and(|u| u.expires_at > now);
    if input.token.as_ref().is_some_and(|t| !live(t)) {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// Stores an image's "thumbnail": the same bytes, its reported size scaled to 80 px wide.
fn store_thumbnail(store: &mut Store, input: &UploadInput, (w, h): (u32, u32)) -> u64 {
    let tid = store.attachment_id();
    let tname = match input.name.rsplit_once('.') {
        Some((stem, e)) => format!("{stem}_thumb.{e}"),
        None => format!("{}_thumb", input.name),
    };
    let th = (u64::from(h) * 80 / u64::from(w.max(1))).max(1);
    let token = store.secret(24);
    store.attachments.insert(
        tid,
        Attachment {
            id: tid,
            token,
            file_name: tname,
            content_type: input.content_type.clone(),
            data: input.data.clone(),
            width: json!("80"),
            height: json!(th.to_string()),
            inline: false,
            thumbnail_id: None,
        },
    );
    tid
}

/// Stores the file (an image with its thumbnail) and adds it to its upload, new or named by
/// `token`: returns the upload's token and the file's attachment id.
fn apply(store: &mut Store, input: UploadInput, uploader: Option<u64>, now: i64) -> (String, u64) {
    let upload_token = input.token.clone().unwrap_or_else(|| store.secret(25));
    let dims = input
        .content_type
        .starts_with("image/")
        .then(|| png::image_size(&input.data))
        .flatten();
    let (width, height) = match dims {
        // Uploaded images report their size as digit strings, like real responses.
        Some((w, h)) => (json!(w.to_string()), json!(h.to_string())),
        None => (Value::Null, Value::Null),
    };
    let id = store.attachment_id();
    let thumbnail_id = dims.map(|d| store_thumbnail(store, &input, d));
    let token = store.secret(24);
    store.attachments.insert(
        id,
        Attachment {
            id,
            token,
            file_name: input.name,
            content_type: input.content_type,
            data: input.data,
            width,
            height,
            inline: false,
            thumbnail_id,
        },
    );
    store
        .uploads
        .entry(upload_token.clone())
        .or_insert(Upload {
            attachment_ids: vec![],
            expires_at: now + UPLOAD_TTL_SECS,
            uploader_id: uploader,
        })
        .attachment_ids
        .push(id);
    (upload_token, id)
}

/// The 201: the upload with the new file and all of its files, JSON labelled `text/plain`.
fn answer(ctx: &Ctx, sim: &Sim, upload_token: &str, id: u64) -> Response {
    let store = &sim.store;
    let upload = &store.uploads[upload_token];
    let attachments: Vec<Value> = upload
        .attachment_ids
        .iter()
        .filter_map(|a| store.attachments.get(a))
        .map(|a| views::attachment(ctx, store, a))
        .collect();
    let attachment = store
        .attachments
        .get(&id)
        .map(|a| views::attachment(ctx, store, a))
        .unwrap_or(Value::Null);
    let mut body = json!({"upload": {"token": upload_token, "attachment": attachment, "attachments": attachments}});
    if sim.settings.upload_expires_at {
        body["upload"]["expires_at"] = json!(iso(upload.expires_at));
    }
    let mut resp: Response = (StatusCode::CREATED, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

/// `POST /api/v2/uploads?filename=NAME[&token=T]`: stores the raw body. The 201 response is
/// JSON labelled `text/plain`, as Zendesk sends it.
pub async fn create(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let mut sim = sh.lock();
    if sim.settings.uploads_require_auth && ctx.caller.user().is_none() {
        return Err(ApiError::Unauthenticated);
    }
    let input = parse(&ctx, &headers, body)?;
    validate(&sim, &input, ctx.now)?;
    let (upload_token, id) = apply(&mut sim.store, input, ctx.caller.user(), ctx.now);
    let resp = answer(&ctx, &sim, &upload_token, id);
    drop(sim);
    sh.changed();
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
