//! A small static file server for the demo and the end-to-end tests: `dist/` and test host
//! pages on their own origin, apart from the simulator's, so CORS is real.
//!
//! Like a CDN, it sends the `FILE.br` or `FILE.gz` that `dist/` carries beside a file, with
//! `Content-Encoding`, when the request's `Accept-Encoding` allows it, and says
//! `Vary: Accept-Encoding` on every file that has them.

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
    /// Whether stored `.br`/`.gz` copies are sent (as a CDN does); off, every file goes out as
    /// it is (as the demo served the widget before `dist/` had them), for before/after
    /// measurements.
    pub compressed: bool,
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
    let kind = content_type(&file);
    let is_page = kind.starts_with("text/html");
    // Pages get this run's URLs filled in, so they always go out as they are.
    let stored = if is_page || !site.compressed {
        Vec::new()
    } else {
        stored_encodings(&file).await
    };
    let accepted = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let encoding = negotiate(accepted, &stored);
    let source = match encoding {
        Some(encoding) => encoding.file(&file),
        None => file.clone(),
    };
    let Ok(bytes) = tokio::fs::read(&source).await else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
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
    if let Some(encoding) = encoding {
        headers.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(encoding.token()),
        );
    }
    if !stored.is_empty() {
        // The answer depends on the request's Accept-Encoding: caches must keep one per value.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
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

/// A compressed copy of a file that `dist/` keeps beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    /// Preferred first: brotli is about a fifth smaller than gzip on the wasm.
    const ALL: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// The `Content-Encoding` / `Accept-Encoding` token.
    fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// `FILE.br` or `FILE.gz` beside `file`.
    fn file(self, file: &Path) -> PathBuf {
        let mut name = file.as_os_str().to_owned();
        name.push(match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
        });
        PathBuf::from(name)
    }
}

/// The compressed copies present beside `file`, preferred first.
async fn stored_encodings(file: &Path) -> Vec<Encoding> {
    let mut stored = Vec::new();
    for encoding in Encoding::ALL {
        if tokio::fs::metadata(encoding.file(file))
            .await
            .is_ok_and(|m| m.is_file())
        {
            stored.push(encoding);
        }
    }
    stored
}

/// The encoding to send, from those `available` (preferred first), for a request's
/// `Accept-Encoding` value (RFC 9110 §12.5.3): the highest q-value wins, the preferred one on a
/// tie; `*` stands for any coding not named; `q=0` refuses; `x-gzip` means `gzip`. `None`:
/// send the file as it is (no header, an empty one, or nothing acceptable on disk).
fn negotiate(accept: &str, available: &[Encoding]) -> Option<Encoding> {
    let mut named: Vec<(String, u32)> = Vec::new();
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if coding.is_empty() {
            continue;
        }
        // Parameter names are case-insensitive; only `q` means anything here.
        let quality = parts
            .map(str::trim)
            .find(|p| p.get(..2).is_some_and(|k| k.eq_ignore_ascii_case("q=")))
            .map_or(Some(1000), |p| parse_quality(&p[2..]));
        let Some(quality) = quality else { continue };
        let coding = if coding == "x-gzip" {
            "gzip".to_owned()
        } else {
            coding
        };
        named.push((coding, quality));
    }
    let quality_of = |token: &str| {
        named
            .iter()
            .find(|(coding, _)| coding == token)
            .or_else(|| named.iter().find(|(coding, _)| coding == "*"))
            .map_or(0, |(_, q)| *q)
    };
    let mut best: Option<(Encoding, u32)> = None;
    for &encoding in available {
        let quality = quality_of(encoding.token());
        if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
            best = Some((encoding, quality));
        }
    }
    best.map(|(encoding, _)| encoding)
}

/// A q-value (`0`, `0.5`, `1.000`) in thousandths; `None` when it isn't one.
fn parse_quality(text: &str) -> Option<u32> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u32>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
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
        Some("txt") => "text/plain; charset=utf-8",
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
            compressed: true,
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
    fn negotiates_the_content_encoding() {
        use Encoding::{Brotli, Gzip};
        let both = [Brotli, Gzip];
        // What Chromium sends on https and localhost, and on plain http elsewhere.
        assert_eq!(negotiate("gzip, deflate, br, zstd", &both), Some(Brotli));
        assert_eq!(negotiate("gzip, deflate", &both), Some(Gzip));
        assert_eq!(negotiate("", &both), None);
        assert_eq!(negotiate("identity", &both), None);
        assert_eq!(negotiate("br;q=0, gzip", &both), Some(Gzip));
        assert_eq!(negotiate("br;q=0.5, gzip;q=0.8", &both), Some(Gzip));
        assert_eq!(negotiate("BR;Q=1.0, GZIP;q=1", &both), Some(Brotli));
        assert_eq!(negotiate("*", &both), Some(Brotli));
        assert_eq!(negotiate("*;q=0", &both), None);
        assert_eq!(negotiate("br;q=0, *", &both), Some(Gzip));
        assert_eq!(negotiate("x-gzip", &both), Some(Gzip));
        assert_eq!(negotiate("br", &[Gzip]), None);
        assert_eq!(negotiate("gzip, br", &[]), None);
        // A malformed q-value drops that entry rather than guessing.
        assert_eq!(negotiate("br;q=2, gzip", &both), Some(Gzip));
        assert_eq!(negotiate("br;q=0.5555", &both), None);
        assert_eq!(parse_quality("0.25"), Some(250));
        assert_eq!(parse_quality("1.000"), Some(1000));
        assert_eq!(parse_quality("1.5"), None);
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
