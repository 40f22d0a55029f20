//! The simulator's data: the persisted [`Store`] (users, requests, comments, attachments,
//! tokens…), the run-time [`Sim`] around it (settings, faults, call log, rate-limit windows)
//! and the shared [`App`] handed to every handler.

use crate::config::{AccountSettings, SimConfig};
use crate::faults::Fault;
use crate::seed::Catalog;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// Request statuses, in Zendesk's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not yet looked at.
    New,
    /// Being worked on.
    Open,
    /// Waiting for the requester.
    Pending,
    /// Waiting for a third party.
    Hold,
    /// Solved; a reply reopens it.
    Solved,
    /// Closed; rejects comments, needs a follow-up.
    Closed,
}

impl Status {
    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Hold => "hold",
            Status::Solved => "solved",
            Status::Closed => "closed",
        }
    }
    /// Parses an API name.
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s.trim() {
            "new" => Status::New,
            "open" => Status::Open,
            "pending" => Status::Pending,
            "hold" => Status::Hold,
            "solved" => Status::Solved,
            "closed" => Status::Closed,
            _ => return None,
        })
    }
    /// Not solved or closed.
    pub fn is_unsolved(self) -> bool {
        self < Status::Solved
    }
}

/// A user of the account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    /// Zendesk id.
    pub id: u64,
    /// Display name.
    pub name: String,
    /// Primary email.
    pub email: String,
    /// Agent (true) or end user.
    pub agent: bool,
    /// Whether the email identity is verified (unverified end users get 403 on listing).
    pub verified: bool,
    /// BCP-47 locale.
    pub locale: String,
    /// Attachment id of the profile photo.
    pub photo: Option<u64>,
    /// Creation time (epoch seconds).
    pub created_at: i64,
}

/// A ticket as its requester sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Ticket id.
    pub id: u64,
    /// Subject line.
    pub subject: String,
    /// First comment's body.
    pub description: String,
    /// Current status.
    pub status: Status,
    /// Who asked.
    pub requester_id: u64,
    /// Assigned agent.
    pub assignee_id: Option<u64>,
    /// Assigned group.
    pub group_id: Option<u64>,
    /// Organization.
    pub organization_id: Option<u64>,
    /// CC'd users (legacy collaborators).
    pub collaborator_ids: Vec<u64>,
    /// Email CCs.
    pub email_cc_ids: Vec<u64>,
    /// Form the ticket uses.
    pub ticket_form_id: u64,
    /// Custom field values, `(field id, value)`.
    pub custom_fields: Vec<(u64, Value)>,
    /// The closed ticket this one follows up.
    pub followup_source_id: Option<u64>,
    /// Agent-set priority (end users cannot set it).
    pub priority: Option<String>,
    /// Agent-set type (end users cannot set it).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Whether the requester may mark it solved (Zendesk needs an assignee for that).
    pub solvable: bool,
    /// `via.channel`.
    pub via: String,
    /// Creation time.
    pub created_at: i64,
    /// Last update time.
    pub updated_at: i64,
}

/// A public or private comment on a request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comment {
    /// Comment id.
    pub id: u64,
    /// Author user id.
    pub author_id: u64,
    /// Markdown-ish plain body.
    pub body: String,
    /// Server-rendered HTML (untrusted; may contain `%CONTENT_ORIGIN%`, replaced when rendered).
    pub html_body: String,
    /// Plain text version.
    pub plain_body: String,
    /// Visible to the requester.
    pub public: bool,
    /// Attached files.
    pub attachment_ids: Vec<u64>,
    /// Creation time.
    pub created_at: i64,
}

/// A stored file: uploaded, seeded, a thumbnail or a user photo.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attachment {
    /// Attachment id.
    pub id: u64,
    /// Secret part of the content URL.
    pub token: String,
    /// File name.
    pub file_name: String,
    /// MIME type.
    pub content_type: String,
    /// The bytes.
    #[serde(with = "b64")]
    pub data: Bytes,
    /// `width` exactly as rendered: null, a number or a string of digits (all occur in real responses).
    pub width: Value,
    /// `height`, same as `width`.
    pub height: Value,
    /// Inline image (referenced from `html_body`).
    pub inline: bool,
    /// Thumbnail attachment id.
    pub thumbnail_id: Option<u64>,
}

/// An upload token grouping attachments until a comment consumes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Upload {
    /// Attachments in upload order.
    pub attachment_ids: Vec<u64>,
    /// Token expiry.
    pub expires_at: i64,
    /// Who uploaded (None: anonymous).
    pub uploader_id: Option<u64>,
}

/// A bearer access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Token {
    /// Whose token.
    pub user_id: u64,
    /// Expiry; seeded demo tokens never expire.
    pub expires_at: Option<i64>,
}

/// An OAuth refresh token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshToken {
    /// Whose token.
    pub user_id: u64,
    /// Client it was issued to.
    pub client_id: String,
    /// Expiry.
    pub expires_at: i64,
}

/// A pending OAuth authorization code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthCode {
    /// Who signed in.
    pub user_id: u64,
    /// Client id.
    pub client_id: String,
    /// Redirect URI it was issued for (must match at exchange).
    pub redirect_uri: String,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// Expiry.
    pub expires_at: i64,
}

/// A Help Center cookie session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HcSession {
    /// Signed-in user.
    pub user_id: u64,
    /// Required as `X-CSRF-Token` on writes.
    pub csrf_token: String,
    /// Expiry.
    pub expires_at: i64,
}

/// A customer satisfaction rating.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rating {
    /// Rating id.
    pub id: u64,
    /// `good` or `bad`.
    pub score: String,
    /// Optional comment.
    pub comment: Option<String>,
    /// Creation time.
    pub created_at: i64,
    /// Last update.
    pub updated_at: i64,
}

/// Everything that `--data` persists.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Store {
    /// Users by id.
    pub users: BTreeMap<u64, User>,
    /// Requests by id.
    pub requests: BTreeMap<u64, Request>,
    /// Comments by request id, oldest first.
    pub comments: BTreeMap<u64, Vec<Comment>>,
    /// Files by id.
    pub attachments: BTreeMap<u64, Attachment>,
    /// Upload tokens.
    pub uploads: BTreeMap<String, Upload>,
    /// Access tokens.
    pub tokens: BTreeMap<String, Token>,
    /// Refresh tokens.
    pub refresh_tokens: BTreeMap<String, RefreshToken>,
    /// OAuth authorization codes.
    pub auth_codes: BTreeMap<String, AuthCode>,
    /// Help Center sessions by cookie value.
    pub sessions: BTreeMap<String, HcSession>,
    /// Satisfaction ratings by request id.
    pub ratings: BTreeMap<u64, Rating>,
    /// Requests held as suspended tickets: invisible to everyone until recovered.
    #[serde(default)]
    pub suspended: std::collections::BTreeSet<u64>,
    /// Next ids.
    pub next_request_id: u64,
    /// Next comment id.
    pub next_comment_id: u64,
    /// Next attachment id.
    pub next_attachment_id: u64,
    /// Next user id.
    pub next_user_id: u64,
    /// Counter feeding secret generation.
    pub serial: u64,
    /// Per-process salt so secrets differ between runs.
    pub salt: u64,
}

impl Store {
    /// A fresh unguessable-enough secret (hex). Not cryptographic randomness, but salted per run.
    pub fn secret(&mut self, len: usize) -> String {
        self.serial += 1;
        let digest = Sha256::digest(format!("{}:{}", self.salt, self.serial));
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        hex[..len.min(hex.len())].to_string()
    }

    /// Allocates a comment id.
    pub fn comment_id(&mut self) -> u64 {
        self.next_comment_id += 1;
        self.next_comment_id
    }

    /// Allocates an attachment id.
    pub fn attachment_id(&mut self) -> u64 {
        self.next_attachment_id += 1;
        self.next_attachment_id
    }

    /// Whether `user` may see `req`: requester or CC'd, once it isn't held as suspended.
    pub fn can_view(&self, req: &Request, user: u64) -> bool {
        !self.suspended.contains(&req.id)
            && (req.requester_id == user
                || req.collaborator_ids.contains(&user)
                || req.email_cc_ids.contains(&user))
    }

    /// User by email (case-insensitive).
    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users
            .values()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }

    /// Finds or creates an end user for an email address.
    pub fn ensure_user(&mut self, email: &str, name: Option<&str>, now: i64) -> u64 {
        if let Some(u) = self.user_by_email(email) {
            return u.id;
        }
        self.next_user_id += 1;
        let id = self.next_user_id;
        let name = name
            .filter(|n| !n.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
        self.users.insert(
            id,
            User {
                id,
                name,
                email: email.to_string(),
                agent: false,
                verified: false,
                locale: "en-US".into(),
                photo: None,
                created_at: now,
            },
        );
        id
    }
}

/// Serde helper storing bytes as base64 in the `--data` file.
mod b64 {
    use base64::Engine;
    use bytes::Bytes;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(b: &Bytes, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(b))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map(Bytes::from)
            .map_err(serde::de::Error::custom)
    }
}

/// One logged call (`GET /__sim/calls`).
#[derive(Debug, Clone, Serialize)]
pub struct CallRecord {
    /// HTTP method.
    pub method: String,
    /// Path as received (with `.json` if it had it).
    pub path: String,
    /// Raw query string or null.
    pub query: Option<String>,
    /// `Origin` header.
    pub origin: Option<String>,
    /// `bearer`, `basic`, `other` or null.
    pub authorization: Option<&'static str>,
    /// Whether an `X-CSRF-Token` header came.
    pub csrf_token: bool,
    /// `Content-Type` header.
    pub content_type: Option<String>,
    /// Body, UTF-8 lossy, at most 64 KiB.
    pub body: String,
    /// Status answered; null when the connection was dropped or is hanging.
    pub status: Option<u16>,
}

/// Fixed one-minute windows of the account rate limit.
#[derive(Debug, Default)]
pub struct RateWindow {
    /// Start of the current window (epoch seconds, multiple of 60).
    pub window_start: i64,
    /// Calls counted in it.
    pub used: u32,
}

impl RateWindow {
    /// Counts one call at `now` against `limit` calls a minute: `Ok((remaining, reset))` or,
    /// when the minute's calls are used up, `Err(reset)`; `reset` is the seconds until the
    /// next window.
    pub fn take(&mut self, now: i64, limit: u32) -> Result<(u32, i64), i64> {
        let window = now - now.rem_euclid(60);
        if self.window_start != window {
            self.window_start = window;
            self.used = 0;
        }
        let reset = window + 60 - now;
        if self.used >= limit {
            return Err(reset);
        }
        self.used += 1;
        Ok((limit - self.used, reset))
    }
}

/// A sliding window of event times (epoch seconds): at most `limit` events in any `span`
/// seconds, as Zendesk's per-endpoint limits (anonymous creates on trial accounts, updates
/// per user and ticket).
#[derive(Debug, Default, Clone)]
pub struct SlidingWindow(VecDeque<i64>);

impl SlidingWindow {
    /// Whether one more event may happen at `now`; otherwise `Err(seconds)` until the oldest
    /// counted event leaves the window (at least 1, a `Retry-After`).
    pub fn check(&mut self, now: i64, limit: usize, span: i64) -> Result<(), u64> {
        while self.0.front().is_some_and(|t| *t <= now - span) {
            self.0.pop_front();
        }
        if self.0.len() < limit {
            return Ok(());
        }
        let retry = self.0.front().map_or(span, |t| t + span - now).max(1);
        Err(u64::try_from(retry).unwrap_or(1))
    }

    /// Counts an event at `now`.
    pub fn record(&mut self, now: i64) {
        self.0.push_back(now);
    }

    /// [`check`](Self::check), then [`record`](Self::record) when allowed.
    pub fn admit(&mut self, now: i64, limit: usize, span: i64) -> Result<(), u64> {
        self.check(now, limit, span)?;
        self.record(now);
        Ok(())
    }
}

/// Mutable run-time state behind one mutex (never held across an `.await`).
pub struct Sim {
    /// Persisted data.
    pub store: Store,
    /// Current account settings.
    pub settings: AccountSettings,
    /// Armed faults, in the order they were added.
    pub faults: Vec<Fault>,
    /// Call log, oldest first.
    pub calls: Vec<CallRecord>,
    /// Calls removed from the front of the log so far (keeps in-flight entries addressable).
    pub calls_dropped: usize,
    /// Account rate-limit window.
    pub rate: RateWindow,
    /// Times of recent anonymous creates (trial limit).
    pub anon_creates: SlidingWindow,
    /// Times of recent updates per (user, request) (30 per 10 minutes).
    pub ticket_updates: HashMap<(u64, u64), SlidingWindow>,
}

/// Shared application state.
pub struct App {
    sim: Mutex<Sim>,
    /// Static catalog: ticket forms, fields, articles.
    pub catalog: Catalog,
    /// Start-up configuration.
    pub config: SimConfig,
    /// Port the API origin listens on.
    pub api_port: u16,
    /// Port the content origin listens on.
    pub content_port: u16,
    persist: Option<(PathBuf, Arc<Notify>)>,
}

impl Sim {
    /// Empties the call log.
    pub fn clear_calls(&mut self) {
        self.calls_dropped += self.calls.len();
        self.calls.clear();
    }
}

impl App {
    /// Builds the app around an initial store.
    pub fn new(config: SimConfig, store: Store, api_port: u16, content_port: u16) -> App {
        let sim = Sim {
            store,
            settings: config.settings.clone(),
            faults: Vec::new(),
            calls: Vec::new(),
            calls_dropped: 0,
            rate: RateWindow::default(),
            anon_creates: SlidingWindow::default(),
            ticket_updates: HashMap::new(),
        };
        App {
            sim: Mutex::new(sim),
            catalog: Catalog::build(),
            persist: config.data.clone().map(|p| (p, Arc::new(Notify::new()))),
            config,
            api_port,
            content_port,
        }
    }

    /// Locks the state. A panic while locked must not wedge every later call, so poisoning is
    /// ignored (the data is plain values, never left half-updated across a panic point we own).
    pub fn lock(&self) -> MutexGuard<'_, Sim> {
        self.sim.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Marks the store changed: the `--data` writer saves it soon.
    pub fn changed(&self) {
        if let Some((_, n)) = &self.persist {
            n.notify_one();
        }
    }

    /// The persistence target and its change signal, if `--data` was given.
    pub fn persist(&self) -> Option<(PathBuf, Arc<Notify>)> {
        self.persist.clone()
    }

    /// Serializes the store (for `--data`).
    pub fn snapshot(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(&self.lock().store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_window_counts_within_its_span() {
        let mut window = SlidingWindow::default();
        for at in [0, 10, 20] {
            assert_eq!(window.admit(at, 3, 600), Ok(()));
        }
        // Full: the oldest (t=0) leaves at 600, so 570 s to wait at t=30.
        assert_eq!(window.admit(30, 3, 600), Err(570));
        assert_eq!(window.check(599, 3, 600), Err(1));
        assert_eq!(window.admit(600, 3, 600), Ok(()));
        // A check alone counts nothing.
        let mut window = SlidingWindow::default();
        for _ in 0..10 {
            assert_eq!(window.check(5, 1, 3600), Ok(()));
        }
        window.record(5);
        assert_eq!(window.check(6, 1, 3600), Err(3599));
    }

    #[test]
    fn rate_window_is_a_fixed_minute() {
        let mut rate = RateWindow::default();
        assert_eq!(rate.take(120, 2), Ok((1, 60)));
        assert_eq!(rate.take(150, 2), Ok((0, 30)));
        assert_eq!(rate.take(179, 2), Err(1));
        // The next minute starts afresh.
        assert_eq!(rate.take(180, 2), Ok((1, 60)));
    }
}
