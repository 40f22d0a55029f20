//! Injected faults (`POST /__sim/faults`) and the connection-level machinery to play them.
//!
//! Connection faults can't be expressed as an HTTP response, so every connection carries a
//! [`ConnKill`] in its request extensions: firing it makes the server loop drop the connection
//! (the TCP socket closes with no response bytes), which a browser `fetch` sees as a rejection.
//! Faults met before the route (delays, hangs, drops and the answers given in the route's
//! place) are played by [`ahead_of_route`]; faults that act on the routed answer (truncation,
//! drops after commit, endless bodies) by [`act_on_answer`].

use crate::error::ApiError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::Notify;

/// What happens to a matching call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer normally after `ms` milliseconds.
    Delay {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Never answer (the connection stays open until the client gives up).
    Hang,
    /// Answer with this status (429/403 without CORS, as Zendesk), optional `Retry-After`.
    Status {
        /// HTTP status, 400–599.
        status: u16,
        /// `Retry-After` seconds.
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// Apply the call (commit the write), then let the connection die: inside the response
    /// (`"response":"headers"`, the default) or before any byte of it (`"response":"none"`).
    DropAfterCommit {
        /// How much of the answer leaves before the connection dies.
        #[serde(default)]
        response: DropPoint,
    },
    /// Close the connection before anything is applied.
    Drop,
    /// Send the headers (full `Content-Length`) and half the body, then close the connection.
    Truncate,
    /// 500 with an HTML error page.
    HtmlError,
    /// `302 Found` to `location`, as a proxy, a mapped domain or a moved account answers
    /// (with CORS headers, so only the client's redirect policy stops it).
    Redirect {
        /// The `Location` header.
        location: String,
    },
    /// The normal answer, but labelled `Content-Type: text/plain`.
    TextPlain,
    /// The normal status and headers, then a body that never ends: announced with a huge
    /// `Content-Length` (`"framing":"content_length"`) or chunked without one
    /// (`"framing":"chunked"`).
    Oversize {
        /// How the endless body is framed.
        framing: Framing,
    },
}

/// Where a [`FaultKind::DropAfterCommit`] connection dies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropPoint {
    /// After the status line and headers, inside the body (a `fetch` resolves, reading the
    /// body rejects).
    #[default]
    Headers,
    /// Before any response byte. On a reused keep-alive connection Chromium then re-sends
    /// the request by itself (`HttpNetworkTransaction::ShouldResendRequest`): the write is
    /// applied twice and the page sees only the second answer.
    None,
}

/// How a [`FaultKind::Oversize`] body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Framing {
    /// `Content-Length: 1099511627776` (1 TiB), so a client can refuse it before reading.
    ContentLength,
    /// `Transfer-Encoding: chunked`, no length: only counting while reading can stop it.
    Chunked,
}

/// The `Content-Length` an [`Framing::ContentLength`] oversize answer announces: 1 TiB.
pub const OVERSIZE_DECLARED: u64 = 1 << 40;

/// An armed fault.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fault {
    /// Method to match (any but OPTIONS when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Path prefix to match, with or without `.json` (any when absent).
    #[serde(default)]
    pub path: Option<String>,
    /// How many more calls get it.
    #[serde(default = "one")]
    pub count: u32,
    /// The fault.
    #[serde(flatten)]
    pub kind: FaultKind,
}

fn one() -> u32 {
    1
}

fn strip_json(p: &str) -> &str {
    p.strip_suffix(".json").unwrap_or(p)
}

impl Fault {
    /// Whether a call matches. Preflights (OPTIONS) match only when the fault names OPTIONS
    /// explicitly, so a browser's preflight never consumes a fault meant for the real call.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = match &self.method {
            Some(m) => m.eq_ignore_ascii_case(method),
            None => !method.eq_ignore_ascii_case("OPTIONS"),
        };
        let path_ok = match &self.path {
            None => true,
            Some(p) => {
                let (want, got) = (strip_json(p), strip_json(path));
                got.starts_with(want)
            }
        };
        method_ok && path_ok
    }

    /// Validates a fault posted to the control API.
    pub fn validate(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count must be at least 1".into());
        }
        if let FaultKind::Status { status, .. } = self.kind {
            if !(400..=599).contains(&status) {
                return Err("status must be 400–599".into());
            }
        }
        Ok(())
    }
}

/// Takes the first armed fault matching the call, decrementing its count.
pub fn take(faults: &mut Vec<Fault>, method: &str, path: &str) -> Option<FaultKind> {
    let i = faults.iter().position(|f| f.matches(method, path))?;
    let kind = faults[i].kind.clone();
    faults[i].count -= 1;
    if faults[i].count == 0 {
        faults.remove(i);
    }
    Some(kind)
}

/// Per-connection kill switch, inserted into every request's extensions by the server loop.
#[derive(Clone, Default)]
pub struct ConnKill(Arc<Notify>);

impl ConnKill {
    /// Asks the server loop to drop this connection now.
    pub fn fire(&self) {
        self.0.notify_one();
    }
    /// Resolves when [`fire`](Self::fire) was called.
    pub async fn fired(&self) {
        self.0.notified().await
    }
}

/// What a fault does before the call reaches its route.
pub enum Ahead {
    /// The call goes on to its route; `then` (if any) acts on the routed answer.
    Route {
        /// The fault for [`act_on_answer`].
        then: Option<FaultKind>,
    },
    /// An answer in the route's place (it still gets the route's CORS headers).
    Answered {
        /// The answer.
        response: Response,
        /// The log note, e.g. `" [fault: status]"`.
        note: &'static str,
    },
    /// No answer ever: the connection stays open (`close` false) or closes now.
    Silent {
        /// The log note.
        note: &'static str,
        /// Whether the connection closes (a drop) rather than hangs.
        close: bool,
    },
}

/// Plays the part of `fault` that comes before the route: waits out a delay, stops a hung or
/// dropped call, or builds the answer a status, HTML error or redirect fault gives instead.
pub async fn ahead_of_route(fault: Option<FaultKind>) -> Ahead {
    match fault {
        Some(FaultKind::Delay { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Ahead::Route { then: None }
        }
        Some(FaultKind::Hang) => Ahead::Silent {
            note: " [fault: hang]",
            close: false,
        },
        Some(FaultKind::Drop) => Ahead::Silent {
            note: " [fault: drop]",
            close: true,
        },
        Some(kind) => match answer_in_place(&kind) {
            Some((response, note)) => Ahead::Answered { response, note },
            None => Ahead::Route { then: Some(kind) },
        },
        None => Ahead::Route { then: None },
    }
}

/// The answer a fault gives in the route's place, with its log note; `None` for faults that
/// don't answer by themselves.
pub fn answer_in_place(kind: &FaultKind) -> Option<(Response, &'static str)> {
    match kind {
        FaultKind::Status {
            status,
            retry_after,
        } => {
            let code = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut resp = match code {
                StatusCode::TOO_MANY_REQUESTS => {
                    ApiError::RateLimited(retry_after.unwrap_or(60)).into_response()
                }
                StatusCode::SERVICE_UNAVAILABLE => {
                    (code, "Service Unavailable: maintenance in progress\n").into_response()
                }
                _ => ApiError::Plain(code, "InjectedFault", format!("Injected {status}"))
                    .into_response(),
            };
            if let Some(s) = retry_after {
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*s));
            }
            Some((resp, " [fault: status]"))
        }
        FaultKind::HtmlError => {
            let mut resp = (
                StatusCode::INTERNAL_SERVER_ERROR,
                "<!DOCTYPE html><html><head><title>Internal Server Error</title></head><body><h1>We're sorry, but something went wrong.</h1></body></html>\n",
            )
                .into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            Some((resp, " [fault: html_error]"))
        }
        FaultKind::Redirect { location } => {
            let mut resp = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(location) {
                resp.headers_mut().insert(header::LOCATION, value);
            }
            Some((resp, " [fault: redirect]"))
        }
        _ => None,
    }
}

/// A body that yields its first half, waits a moment (so hyper flushes it), then fails, which
/// makes hyper abort the connection short of the announced `Content-Length`.
pub struct TruncatedBody {
    first: Option<Bytes>,
    full_len: u64,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl TruncatedBody {
    /// Truncates `full` to half.
    pub fn new(full: Bytes) -> TruncatedBody {
        let full_len = full.len() as u64;
        TruncatedBody {
            first: Some(full.slice(..full.len() / 2)),
            full_len,
            sleep: Box::pin(tokio::time::sleep(Duration::from_millis(50))),
        }
    }
}

impl Body for TruncatedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(b) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(b))));
        }
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                Poll::Ready(Some(Err(std::io::Error::other("simulated truncated body"))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.full_len)
    }
}

/// What a fault that acts on the answer made of it.
pub enum Acted {
    /// An answer goes out (possibly reshaped); `note` is for the log line.
    Answered {
        /// The answer.
        response: Response,
        /// The log note, e.g. `" [fault: truncate]"`.
        note: &'static str,
    },
    /// The write was applied; status and headers go out, the body is cut short.
    Cut {
        /// The answer with its cut body.
        response: Response,
    },
    /// The write was applied; the connection must close before any byte of the answer.
    Closed,
}

/// Applies the fault (if any) that acts on the routed answer `response`.
pub async fn act_on_answer(fault: Option<FaultKind>, response: Response) -> Acted {
    let answered = |response, note| Acted::Answered { response, note };
    match fault {
        Some(FaultKind::TextPlain) => {
            let mut response = response;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            answered(response, " [fault: text_plain]")
        }
        Some(FaultKind::Truncate) => {
            let (mut parts, full) = whole(response).await;
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
            let body = axum::body::Body::new(TruncatedBody::new(full));
            answered(Response::from_parts(parts, body), " [fault: truncate]")
        }
        Some(FaultKind::DropAfterCommit {
            response: DropPoint::Headers,
        }) => {
            let (mut parts, full) = whole(response).await;
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len().max(2)));
            let body = axum::body::Body::new(TruncatedBody::new(full));
            Acted::Cut {
                response: Response::from_parts(parts, body),
            }
        }
        Some(FaultKind::DropAfterCommit {
            response: DropPoint::None,
        }) => Acted::Closed,
        Some(FaultKind::Oversize { framing }) => {
            let (mut parts, _) = response.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            if framing == Framing::ContentLength {
                parts
                    .headers
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(OVERSIZE_DECLARED));
            }
            let body = axum::body::Body::new(EndlessBody::new());
            answered(Response::from_parts(parts, body), " [fault: oversize]")
        }
        _ => answered(response, ""),
    }
}

/// The answer's head and its whole body.
async fn whole(response: Response) -> (axum::http::response::Parts, Bytes) {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    (parts, bytes)
}

/// An endless body: `{"requests":[` and then `{"id":1},` over and over, 64 KiB per frame,
/// until the client goes away.
pub struct EndlessBody {
    started: bool,
    chunk: Bytes,
}

impl EndlessBody {
    /// A new endless body.
    pub fn new() -> EndlessBody {
        EndlessBody {
            started: false,
            chunk: Bytes::from(r#"{"id":1},"#.repeat(64 * 1024 / 9)),
        }
    }
}

impl Default for EndlessBody {
    fn default() -> Self {
        Self::new()
    }
}

impl Body for EndlessBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if !self.started {
            self.started = true;
            return Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
                br#"{"requests":["#,
            )))));
        }
        Poll::Ready(Some(Ok(Frame::data(self.chunk.clone()))))
    }

    fn is_end_stream(&self) -> bool {
        false
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        let f: Fault = serde_json::from_str(
            r#"{"method":"post","path":"/api/v2/requests.json","kind":"drop"}"#,
        )
        .expect("parse");
        assert!(f.matches("POST", "/api/v2/requests"));
        assert!(f.matches("POST", "/api/v2/requests.json"));
        assert!(f.matches("POST", "/api/v2/requests/101/comments"));
        assert!(!f.matches("GET", "/api/v2/requests"));
        let any: Fault = serde_json::from_str(r#"{"kind":"hang","count":2}"#).expect("parse");
        assert!(!any.matches("OPTIONS", "/api/v2/requests"));
        let mut v = vec![any];
        assert_eq!(take(&mut v, "GET", "/x"), Some(FaultKind::Hang));
        assert_eq!(take(&mut v, "GET", "/x"), Some(FaultKind::Hang));
        assert_eq!(take(&mut v, "GET", "/x"), None);
        assert!(
            serde_json::from_str::<Fault>(r#"{"kind":"status","status":429,"retry_after":3}"#)
                .is_ok()
        );
        assert!(serde_json::from_str::<Fault>(r#"{"kind":"nope"}"#).is_err());
        let parse = |json: &str| serde_json::from_str::<Fault>(json).map(|f| f.kind);
        assert_eq!(
            parse(r#"{"kind":"drop_after_commit"}"#).expect("parse"),
            FaultKind::DropAfterCommit {
                response: DropPoint::Headers
            }
        );
        assert_eq!(
            parse(r#"{"kind":"drop_after_commit","response":"none"}"#).expect("parse"),
            FaultKind::DropAfterCommit {
                response: DropPoint::None
            }
        );
        assert!(parse(r#"{"kind":"drop_after_commit","response":"half"}"#).is_err());
        assert_eq!(
            parse(r#"{"kind":"oversize","framing":"chunked"}"#).expect("parse"),
            FaultKind::Oversize {
                framing: Framing::Chunked
            }
        );
        assert!(
            parse(r#"{"kind":"oversize"}"#).is_err(),
            "framing is required"
        );
    }
}
