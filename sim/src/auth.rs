//! Who is calling: anonymous, a bearer token, Basic (API token), or a Help Center cookie
//! session; plus the per-call [`Ctx`] handed to handlers.

use crate::cors::AuthKind;
use crate::error::ApiError;
use crate::seed::API_TOKEN;
use crate::state::Sim;
use axum::http::{header, HeaderMap};
use base64::Engine;

/// Name of the Help Center session cookie.
pub const SESSION_COOKIE: &str = "_help_center_session";

/// How an authenticated caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// OAuth bearer token.
    Bearer,
    /// Basic with an API token (`{email}/token:{token}`).
    Basic,
    /// Help Center cookie session.
    Session,
}

/// The caller of one API call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Nobody signed in.
    Anonymous,
    /// A user.
    User {
        /// User id.
        id: u64,
        /// How.
        via: Via,
    },
}

impl Caller {
    /// The user id, if any.
    pub fn user(&self) -> Option<u64> {
        match self {
            Caller::User { id, .. } => Some(*id),
            Caller::Anonymous => None,
        }
    }
    /// Whether a user signed in with a Help Center cookie session.
    pub fn by_session(&self) -> bool {
        matches!(
            self,
            Caller::User {
                via: Via::Session,
                ..
            }
        )
    }
    /// The user id, or 401 `Couldn't authenticate you`.
    pub fn require(&self) -> Result<u64, ApiError> {
        self.user().ok_or(ApiError::Unauthenticated)
    }
}

/// Per-call context, inserted into request extensions by the server loop.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Who calls.
    pub caller: Caller,
    /// API origin as the client addressed it, e.g. `http://127.0.0.1:4010`.
    pub api: String,
    /// Content origin (attachments), e.g. `http://127.0.0.1:4011`.
    pub content: String,
    /// Normalized path (no `.json`).
    pub path: String,
    /// Decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// Call time (epoch seconds).
    pub now: i64,
    /// Raw `Cookie` session id, when present and valid.
    pub session: Option<String>,
}

impl Ctx {
    /// First value of a query parameter.
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The session id when the caller signed in with a Help Center cookie session.
    pub fn cookie_session(&self) -> Option<&str> {
        self.session.as_deref().filter(|_| self.caller.by_session())
    }
    /// Requested locale (`?locale=`).
    pub fn locale(&self) -> Option<&str> {
        self.q("locale").filter(|l| !l.is_empty())
    }
}

/// Classifies the `Authorization` header (and cookie) without touching state.
pub fn auth_kind(headers: &HeaderMap, sim: &Sim, now: i64) -> AuthKind {
    match headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        Some(v) if scheme(v, "bearer").is_some() => AuthKind::Bearer,
        Some(v) if scheme(v, "basic").is_some() => AuthKind::Basic,
        Some(_) => AuthKind::Other,
        None if headers.contains_key(header::AUTHORIZATION) => AuthKind::Other,
        None => match session_id(headers) {
            Some(sid) if valid_session(sim, &sid, now) => AuthKind::Session,
            _ => AuthKind::Anonymous,
        },
    }
}

fn scheme<'a>(value: &'a str, name: &str) -> Option<&'a str> {
    let (s, rest) = value.trim().split_once(' ')?;
    s.eq_ignore_ascii_case(name).then_some(rest.trim())
}

/// The session cookie's value.
pub fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_string())
}

fn valid_session(sim: &Sim, sid: &str, now: i64) -> bool {
    sim.store
        .sessions
        .get(sid)
        .is_some_and(|s| s.expires_at > now)
}

/// Resolves the caller. A bad bearer token is 401 `invalid_token`; bad Basic credentials or an
/// unknown scheme are 401 `Couldn't authenticate you` (Zendesk never falls back to anonymous).
pub fn resolve(
    headers: &HeaderMap,
    sim: &Sim,
    now: i64,
) -> Result<(Caller, Option<String>), ApiError> {
    let auth = headers.get(header::AUTHORIZATION);
    if let Some(v) = auth {
        let v = v.to_str().map_err(|_| ApiError::Unauthenticated)?;
        if let Some(tok) = scheme(v, "bearer") {
            let t = sim.store.tokens.get(tok).ok_or(ApiError::InvalidToken)?;
            if t.expires_at.is_some_and(|e| e <= now) || !sim.store.users.contains_key(&t.user_id) {
                return Err(ApiError::InvalidToken);
            }
            return Ok((
                Caller::User {
                    id: t.user_id,
                    via: Via::Bearer,
                },
                None,
            ));
        }
        if let Some(b64) = scheme(v, "basic") {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|_| ApiError::Unauthenticated)?;
            let raw = String::from_utf8(raw).map_err(|_| ApiError::Unauthenticated)?;
            let (user, secret) = raw.split_once(':').ok_or(ApiError::Unauthenticated)?;
            // Only API tokens: password access to the API is off, as on current accounts.
            let email = user
                .strip_suffix("/token")
                .ok_or(ApiError::Unauthenticated)?;
            if secret != API_TOKEN {
                return Err(ApiError::Unauthenticated);
            }
            let u = sim
                .store
                .user_by_email(email)
                .ok_or(ApiError::Unauthenticated)?;
            return Ok((
                Caller::User {
                    id: u.id,
                    via: Via::Basic,
                },
                None,
            ));
        }
        return Err(ApiError::Unauthenticated);
    }
    if let Some(sid) = session_id(headers) {
        if let Some(s) = sim.store.sessions.get(&sid).filter(|s| s.expires_at > now) {
            return Ok((
                Caller::User {
                    id: s.user_id,
                    via: Via::Session,
                },
                Some(sid),
            ));
        }
    }
    Ok((Caller::Anonymous, None))
}

/// Whether the `X-CSRF-Token` header matches the session's token.
pub fn csrf_ok(headers: &HeaderMap, sim: &Sim, sid: &str) -> bool {
    let sent = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    match (sent, sim.store.sessions.get(sid)) {
        (Some(sent), Some(s)) => sent == s.csrf_token,
        _ => false,
    }
}
