//! The content origin: attachment bytes by token, no credentials needed, readable from any
//! origin (`Access-Control-Allow-Origin: *`).

use super::Shared;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

fn cors(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r
}

/// `GET /attachments/token/{token}/?name=…`.
pub async fn file(State(sh): State<Shared>, Path(token): Path<String>) -> Response {
    let sim = sh.lock();
    let Some(a) = sim.store.attachments.values().find(|a| a.token == token) else {
        return missing();
    };
    let mut r = (StatusCode::OK, a.data.clone()).into_response();
    let h = r.headers_mut();
    if let Ok(ct) = HeaderValue::from_str(&a.content_type) {
        h.insert(header::CONTENT_TYPE, ct);
    }
    // Images and PDFs open inline; anything else downloads, as on Zendesk.
    let inline = a.content_type.starts_with("image/") || a.content_type == "application/pdf";
    let name: String = a
        .file_name
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| *c != '"')
        .collect();
    let disp = format!(
        "{}; filename=\"{name}\"",
        if inline { "inline" } else { "attachment" }
    );
    if let Ok(d) = HeaderValue::from_str(&disp) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    cors(r)
}

fn missing() -> Response {
    cors((StatusCode::NOT_FOUND, "Not found\n").into_response())
}

/// 404 on the content origin.
pub async fn not_found() -> Response {
    missing()
}
