//! The call log of the API origin: every call is recorded as it arrives (what
//! `GET /__sim/calls` lists), its status filled in when it is answered, and with `--log` one
//! console line printed per call.

use crate::cors::AuthKind;
use crate::routes::Shared;
use crate::state::{CallRecord, Sim};
use axum::http::{header, HeaderMap};
use std::time::Instant;

/// Most calls kept in the call log (oldest dropped first).
pub const MAX_CALLS: usize = 20_000;
/// Most body bytes kept per logged call.
pub const MAX_LOGGED_BODY: usize = 64 * 1024;

/// A body as the log keeps it: at most [`MAX_LOGGED_BODY`] bytes, UTF-8 lossy.
pub fn lossy_body(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(MAX_LOGGED_BODY)]).into_owned()
}

/// A header's value when it is visible ASCII.
pub fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The call log's `authorization` field: the scheme of the `Authorization` header, if any.
pub fn authorization_label(kind: AuthKind) -> Option<&'static str> {
    match kind {
        AuthKind::Bearer => Some("bearer"),
        AuthKind::Basic => Some("basic"),
        AuthKind::Other => Some("other"),
        AuthKind::Anonymous | AuthKind::Session => None,
    }
}

/// Who called, as the console line says it.
fn caller_label(kind: AuthKind) -> &'static str {
    match kind {
        AuthKind::Anonymous => "anon",
        AuthKind::Bearer => "bearer",
        AuthKind::Basic => "basic",
        AuthKind::Other => "other-auth",
        AuthKind::Session => "session",
    }
}

/// Where a call's log line and call-log entry stand.
pub struct CallInfo {
    seq: usize,
    started: Instant,
    line: String,
    log: bool,
}

impl CallInfo {
    /// Appends `record` to the log (dropping the oldest past [`MAX_CALLS`]) and prepares its
    /// console line, `METHOD /path?query [who]`.
    pub fn record(
        sim: &mut Sim,
        record: CallRecord,
        kind: AuthKind,
        started: Instant,
        log: bool,
    ) -> CallInfo {
        let q = record
            .query
            .as_deref()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let line = format!(
            "{} {}{q} [{}]",
            record.method,
            record.path,
            caller_label(kind)
        );
        sim.calls.push(record);
        if sim.calls.len() > MAX_CALLS {
            sim.calls.remove(0);
            sim.calls_dropped += 1;
        }
        CallInfo {
            seq: sim.calls_dropped + sim.calls.len() - 1,
            started,
            line,
            log,
        }
    }

    /// Sets the call's status (`None`: no answer, the connection dropped or hangs) and prints
    /// its console line with `note`.
    pub fn finish(&self, app: &Shared, status: Option<u16>, note: &str) {
        {
            let mut sim = app.lock();
            let base = sim.calls_dropped;
            if let Some(c) = self
                .seq
                .checked_sub(base)
                .and_then(|i| sim.calls.get_mut(i))
            {
                c.status = status;
            }
        }
        if self.log {
            let st = status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "---".into());
            println!(
                "{} → {st} {:.1}ms{note}",
                self.line,
                self.started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
