//! The seam between the client's logic and the network.
//!
//! [`Transport`] is implemented by [`crate::api::browser::BrowserTransport`] (gloo-net's
//! fetch, XMLHttpRequest for uploads with progress; wasm only) and by scripted fakes in native
//! tests, so the 401 re-fetch, retries and "outcome unknown" logic run natively.

use std::rc::Rc;

use super::classify::HttpResponse;
use super::error::ApiError;
use super::retry::CallKind;

/// File contents to upload: a `Blob`/`File` in the browser, bytes in native tests.
#[cfg(target_arch = "wasm32")]
pub type FileData = web_sys::Blob;
/// File contents to upload: a `Blob`/`File` in the browser, bytes in native tests.
#[cfg(not(target_arch = "wasm32"))]
pub type FileData = Vec<u8>;

/// The size of file contents in bytes.
pub fn file_size(data: &FileData) -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        data.size() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        data.len() as u64
    }
}

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create.
    Post,
    /// Update.
    Put,
    /// Delete.
    Delete,
}

impl Method {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    /// Whether the call changes something.
    pub fn kind(self) -> CallKind {
        match self {
            Self::Get => CallKind::Read,
            _ => CallKind::Write,
        }
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub enum HttpBody {
    /// No body.
    Empty,
    /// A JSON document (`Content-Type: application/json`).
    Json(String),
    /// Raw file bytes with their real type.
    File {
        /// The file's MIME type.
        content_type: String,
        /// The contents.
        data: FileData,
    },
}

/// Whether the browser sends cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookies {
    /// Never (anonymous and bearer calls: Zendesk's CORS answers don't allow credentials).
    Omit,
    /// Only to the page's own origin (Help Center session).
    SameOrigin,
}

/// Upload progress: bytes sent so far of the total.
pub type ProgressCallback = Rc<dyn Fn(u64, u64)>;

/// One HTTP exchange for the transport to perform.
#[derive(Clone)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Extra headers (`Accept`, `Authorization`, `X-CSRF-Token`, …).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: HttpBody,
    /// Cookie policy.
    pub cookies: Cookies,
    /// Whether a credential (header or cookie) rides on this call. Credentialed calls never
    /// follow redirects, so the credential can't be forwarded elsewhere.
    pub credentialed: bool,
    /// Deadline for the whole exchange.
    pub timeout_ms: u32,
    /// Upload progress, for file bodies.
    pub progress: Option<ProgressCallback>,
}

impl HttpRequest {
    /// The value of a header we set, if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the browser takes every header value as it is, the file's type included: a
    /// Fetch header value is a byte string without NUL, CR or LF, so a code point above U+00FF
    /// or a line break is refused (a CSRF token from a hostile answer could hold one).
    pub fn headers_are_sendable(&self) -> bool {
        let file_type = match &self.body {
            HttpBody::File { content_type, .. } => Some(content_type.as_str()),
            _ => None,
        };
        let sendable = |value: &str| {
            value
                .chars()
                .all(|c| c <= '\u{ff}' && !matches!(c, '\0' | '\r' | '\n'))
        };
        self.headers.iter().all(|(_, value)| sendable(value)) && file_type.is_none_or(sendable)
    }
}

/// Why no response arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportError {
    /// The browser is offline and nothing was sent.
    Offline,
    /// The browser reports a network error: a dropped connection, a refused connection, or a
    /// response without CORS headers (Zendesk's 403 and 429). The request may have arrived.
    Network,
    /// The deadline passed; the request may have arrived.
    Timeout,
    /// The caller went away and the call was aborted.
    Cancelled,
}

impl TransportError {
    /// The error a caller sees. For a write, anything after sending started is
    /// [`ApiError::OutcomeUnknown`]: the body may have reached Zendesk.
    pub fn into_api_error(self, kind: CallKind) -> ApiError {
        match (self, kind) {
            (Self::Offline, _) => ApiError::Offline,
            (Self::Cancelled, _) => ApiError::Cancelled,
            (Self::Network | Self::Timeout, CallKind::Write) => ApiError::OutcomeUnknown,
            (Self::Network, CallKind::Read) => ApiError::OpaqueNetwork,
            (Self::Timeout, CallKind::Read) => ApiError::Timeout,
        }
    }
}

/// The network and clock, as the client needs them. Single-threaded (the browser's event
/// loop), hence no `Send` bounds on the futures.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Performs one exchange. Must honour `timeout_ms` and abort when the future is dropped.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
    /// Waits `ms` milliseconds.
    async fn sleep(&self, ms: u64);
    /// Whether the browser believes it is online (`navigator.onLine`).
    fn is_online(&self) -> bool;
    /// Waits for the `online` event, at most `max_ms`; returns whether online again.
    async fn wait_for_online(&self, max_ms: u64) -> bool;
    /// Milliseconds since the epoch.
    fn now_ms(&self) -> u64;
    /// Uniform random in `[0, 1)`, for backoff jitter.
    fn random(&self) -> f64;
    /// Writes a warning for the host page's developer (the browser console).
    fn warn(&self, message: &str);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_header(value: &str) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            url: "https://acme.zendesk.com/api/v2/requests.json".into(),
            headers: vec![
                ("Accept", "application/json".into()),
                ("X-CSRF-Token", value.into()),
            ],
            body: HttpBody::Empty,
            cookies: Cookies::SameOrigin,
            credentialed: true,
            timeout_ms: 1000,
            progress: None,
        }
    }

    #[test]
    fn header_values_the_browser_refuses_are_caught_before_sending() {
        for good in ["abc123", "", "a b\tc", "caf\u{e9}", "~!@#$%^&*()"] {
            assert!(with_header(good).headers_are_sendable(), "{good:?}");
        }
        for bad in [
            "a\nb",
            "a\rb",
            "a\0b",
            "\u{100}",
            "token\u{2028}",
            "\u{1f600}",
        ] {
            assert!(!with_header(bad).headers_are_sendable(), "{bad:?}");
        }
    }

    // File contents are bytes natively (a `Blob` in the browser).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_file_type_the_browser_refuses_is_caught_too() {
        let mut upload = with_header("abc");
        upload.body = HttpBody::File {
            content_type: "image/png\r\nX-Evil: 1".into(),
            data: vec![1, 2, 3],
        };
        assert!(
            !upload.headers_are_sendable(),
            "the file's type is a header too"
        );
    }

    #[test]
    fn transport_errors_for_reads_and_writes() {
        use CallKind::{Read, Write};
        let cases = [
            (TransportError::Offline, Write, ApiError::Offline),
            (TransportError::Network, Read, ApiError::OpaqueNetwork),
            (TransportError::Network, Write, ApiError::OutcomeUnknown),
            (TransportError::Timeout, Read, ApiError::Timeout),
            (TransportError::Timeout, Write, ApiError::OutcomeUnknown),
            (TransportError::Cancelled, Write, ApiError::Cancelled),
        ];
        for (failure, kind, expected) in cases {
            assert_eq!(
                failure.into_api_error(kind),
                expected,
                "{failure:?} {kind:?}"
            );
        }
    }
}
