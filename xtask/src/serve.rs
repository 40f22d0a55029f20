//! A small static file server for the demo and the end-to-end tests: `dist/` and test host
//! pages on their own origin, apart from the simulator's, so CORS is real.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::util::Result;

/// What to serve: URL prefix → directory, and text substitutions made in HTML pages (such as
/// `{{SIM_URL}}` → the simulator's URL on this run).
///
/// A page may ask for response headers in a file beside it, `PAGE.html.headers`: one
/// `Name: value` per line, with the same substitutions. Test pages use it to run under a real
/// `Content-Security-Policy` header, which, unlike a `<meta>` policy, covers the whole page.
#[derive(Clone)]
pub struct Site {
    /// `("/", dist)`, `("/pages/", tests/e2e/pages)`, longest prefix first.
    pub mounts: Vec<(&'static str, PathBuf)>,
    /// Placeholder → value, applied to `.html` files.
    pub replacements: Vec<(&'static str, String)>,
    /// Routes answered before any file (the demo's sign-in backend), when there are some.
    pub backend: Option<axum::Router>,
}

/// Starts serving `site` on `addr` (port 0 picks a free one); returns the bound address.
pub async fn start(site: Site, addr: SocketAddr) -> Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr()?;
    let backend = site.backend.clone().unwrap_or_default();
    let files = axum::Router::new()
        .fallback(serve_file)
        .with_state(Arc::new(site));
    let app = backend.fallback_service(files);
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("static server stopped: {error}");
        }
    });
    Ok(bound)
}

async fn serve_file(State(site): State<Arc<Site>>, request: Request) -> Response {
    let path = request.uri().path();
    let Some(file) = resolve(&site, path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let Ok(bytes) = tokio::fs::read(&file).await else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let kind = content_type(&file);
    let is_page = kind.starts_with("text/html");
    let declared = if is_page {
        match declared_headers(&site, &file).await {
            Ok(headers) => headers,
            // A broken header file must fail the test that relies on it, not pass unprotected.
            Err(error) => return (StatusCode::INTERNAL_SERVER_ERROR, error).into_response(),
        }
    } else {
        Vec::new()
    };
    let body = if is_page {
        Body::from(fill_in(&site, String::from_utf8_lossy(&bytes).into_owned()))
    } else {
        Body::from(bytes)
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // As a CDN serves it: the loader imports the glue and fetches the wasm from its own
    // origin, which a host page on another origin (a Help Center) may only do with CORS.
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    for (name, value) in declared {
        headers.append(name, value);
    }
    response
}

fn fill_in(site: &Site, mut text: String) -> String {
    for (placeholder, value) in &site.replacements {
        text = text.replace(placeholder, value);
    }
    text
}

/// The headers `page` declares in `PAGE.html.headers` (none when there is no such file).
async fn declared_headers(
    site: &Site,
    page: &Path,
) -> std::result::Result<Vec<(HeaderName, HeaderValue)>, String> {
    let mut sidecar = page.as_os_str().to_owned();
    sidecar.push(".headers");
    let Ok(text) = tokio::fs::read_to_string(&sidecar).await else {
        return Ok(Vec::new());
    };
    parse_headers(&fill_in(site, text)).map_err(|line| {
        format!(
            "{}: bad header line {line:?}",
            Path::new(&sidecar).display()
        )
    })
}

/// `Name: value` lines; blank lines are skipped. Fails with the first line that isn't one.
fn parse_headers(text: &str) -> std::result::Result<Vec<(HeaderName, HeaderValue)>, String> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (name, value) = line.split_once(':').ok_or_else(|| line.to_owned())?;
            Ok((
                HeaderName::try_from(name.trim()).map_err(|_| line.to_owned())?,
                HeaderValue::try_from(value.trim()).map_err(|_| line.to_owned())?,
            ))
        })
        .collect()
}

/// Maps a URL path to a file under one of the mounts; refuses `..` and other escapes.
fn resolve(site: &Site, url_path: &str) -> Option<PathBuf> {
    let (prefix, dir) = site
        .mounts
        .iter()
        .find(|(prefix, _)| url_path.starts_with(prefix))?;
    let relative = Path::new(&url_path[prefix.len()..]);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dir.join(relative);
    if url_path.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_mounts_only() {
        let root = crate::util::root();
        let site = Site {
            mounts: vec![("/style/", root.join("style")), ("/", root.join("demo"))],
            replacements: vec![],
            backend: None,
        };
        assert_eq!(
            resolve(&site, "/style/support-widget.css"),
            Some(root.join("style/support-widget.css"))
        );
        assert_eq!(resolve(&site, "/"), Some(root.join("demo/index.html")));
        assert_eq!(resolve(&site, "/style/../Cargo.toml"), None);
        assert_eq!(resolve(&site, "/missing.js"), None);
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
    }

    #[test]
    fn reads_declared_headers() {
        let headers = parse_headers(
            "Content-Security-Policy: default-src 'self'; img-src data:\n\nX-Test: 1\n",
        )
        .unwrap();
        assert_eq!(headers.len(), 2);
        assert_eq!(headers[0].0, "content-security-policy");
        assert_eq!(headers[0].1, "default-src 'self'; img-src data:");
        assert_eq!(headers[1].0, "x-test");
        assert!(parse_headers("no colon here").is_err());
        assert!(parse_headers("Bad Name: x").is_err());
    }
}
