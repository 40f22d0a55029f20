//! OAuth 2.0 authorization code grant with PKCE (S256 only), as Zendesk requires for public
//! clients. Implicit and password grants are refused.
//!
//! Client `support-widget-demo`; redirect URIs must be on `localhost`, `127.0.0.1` or `[::1]`.

use super::Shared;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::seed::{escape_html, END_USERS};
use crate::state::{AuthCode, RefreshToken, Sim, Token};
use crate::views::pct;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use base64::Engine;
use bytes::Bytes;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The demo OAuth client id.
pub const CLIENT_ID: &str = "support-widget-demo";
/// Authorization code lifetime.
pub const CODE_TTL_SECS: i64 = 600;
/// Refresh token lifetime.
pub const REFRESH_TTL_SECS: i64 = 30 * 86_400;

/// Whether a redirect URI is acceptable for the demo client (http(s) on a loopback host).
pub fn redirect_ok(uri: &str) -> bool {
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"));
    let Some(rest) = rest else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let host = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or("").to_string()
    };
    matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

fn with_params(uri: &str, params: &[(&str, &str)]) -> String {
    let sep = if uri.contains('?') { '&' } else { '?' };
    let qs: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", pct(v)))
        .collect();
    format!("{uri}{sep}{}", qs.join("&"))
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn error_page(msg: &str) -> Response {
    (StatusCode::BAD_REQUEST, Html(format!("<!doctype html><meta charset=utf-8><title>OAuth error</title><h1>Invalid authorization request</h1><p>{}</p>", escape_html(msg)))).into_response()
}

type Params = Vec<(String, String)>;

fn get<'a>(p: &'a Params, k: &str) -> Option<&'a str> {
    p.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str())
}

/// Outcome of checking an authorization request.
enum Check {
    /// Valid; the redirect URI to use.
    Valid(String),
    /// An error reported to the client by redirect (the redirect URI itself is fine).
    Redirect(String),
    /// An error that must not redirect (unknown client or redirect URI): shown as a page.
    Page(&'static str),
}

fn check(p: &Params) -> Check {
    if get(p, "client_id") != Some(CLIENT_ID) {
        return Check::Page("Unknown client_id.");
    }
    let redirect_uri = get(p, "redirect_uri").unwrap_or("");
    if !redirect_ok(redirect_uri) {
        return Check::Page("redirect_uri is not registered for this client.");
    }
    let state = get(p, "state").unwrap_or("");
    let fail = |error: &str, desc: &str| {
        let mut ps = vec![("error", error), ("error_description", desc)];
        if !state.is_empty() {
            ps.push(("state", state));
        }
        Check::Redirect(with_params(redirect_uri, &ps))
    };
    if get(p, "response_type") != Some("code") {
        return fail(
            "unsupported_response_type",
            "Only the authorization code grant is supported",
        );
    }
    let challenge = get(p, "code_challenge").unwrap_or("");
    if challenge.len() < 43 || get(p, "code_challenge_method") != Some("S256") {
        return fail(
            "invalid_request",
            "PKCE with code_challenge_method=S256 is required",
        );
    }
    Check::Valid(redirect_uri.to_string())
}

/// `GET /oauth/authorizations/new?response_type=code&client_id&redirect_uri&scope&state&code_challenge&code_challenge_method=S256`:
/// a small sign-in page listing the seeded end users.
pub async fn authorize_page(Extension(ctx): Extension<Ctx>) -> Response {
    let p = ctx.query.clone();
    match check(&p) {
        Check::Page(msg) => error_page(msg),
        Check::Redirect(url) => redirect(&url),
        Check::Valid(_) => {
            let hidden: String = p
                .iter()
                .map(|(k, v)| {
                    format!(
                        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                        escape_html(k),
                        escape_html(v)
                    )
                })
                .collect();
            let buttons: String = END_USERS
                .iter()
                .map(|(id, name, email, _)| format!("<p><button name=\"user_id\" value=\"{id}\">Sign in as {} &lt;{}&gt;</button></p>", escape_html(name), escape_html(email)))
                .collect();
            Html(format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in to Acme</title>\
<style>body{{font:16px system-ui,sans-serif;max-width:30rem;margin:3rem auto}}button{{font:inherit;padding:.5rem 1rem}}</style></head>\
<body><h1>Sign in to Acme Support</h1><p><strong>{CLIENT_ID}</strong> wants to read and update your support requests.</p>\
<form method=\"post\" action=\"/oauth/authorizations\">{hidden}{buttons}<p><button name=\"deny\" value=\"1\">Deny</button></p></form></body></html>"
            ))
            .into_response()
        }
    }
}

/// `POST /oauth/authorizations` (the sign-in form): redirects back with `code` and `state`, or
/// `error=access_denied`.
pub async fn authorize_submit(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    body: Bytes,
) -> Response {
    let p: Params = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let redirect_uri = match check(&p) {
        Check::Page(msg) => return error_page(msg),
        Check::Redirect(url) => return redirect(&url),
        Check::Valid(u) => u,
    };
    let state = get(&p, "state").unwrap_or("").to_string();
    let mut params: Vec<(&str, String)> = Vec::new();
    let user = get(&p, "user_id").and_then(|u| u.parse::<u64>().ok());
    let mut sim = sh.lock();
    match user
        .filter(|u| get(&p, "deny").is_none() && sim.store.users.get(u).is_some_and(|x| !x.agent))
    {
        Some(user_id) => {
            let code = sim.store.secret(32);
            sim.store.auth_codes.insert(
                code.clone(),
                AuthCode {
                    user_id,
                    client_id: CLIENT_ID.into(),
                    redirect_uri: redirect_uri.clone(),
                    code_challenge: get(&p, "code_challenge").unwrap_or("").to_string(),
                    expires_at: ctx.now + CODE_TTL_SECS,
                },
            );
            params.push(("code", code));
        }
        None => {
            params.push(("error", "access_denied".into()));
            params.push((
                "error_description",
                "The end-user or authorization server denied the request.".into(),
            ));
        }
    }
    drop(sim);
    sh.changed();
    if !state.is_empty() {
        params.push(("state", state));
    }
    let ps: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    redirect(&with_params(&redirect_uri, &ps))
}

fn oauth_err(status: StatusCode, error: &'static str, desc: &str) -> ApiError {
    ApiError::OAuth(status, error, desc.into())
}

/// PKCE S256: BASE64URL(SHA256(verifier)) without padding.
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// `POST /oauth/tokens` (JSON or form body): `authorization_code` with `code_verifier`, or
/// `refresh_token` (rotated). Access tokens expire after `access_token_ttl_secs`, except with
/// `legacy_oauth_client`: then they never expire and come without a refresh token.
pub async fn token(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let p: Params = if is_json {
        let v: Value = serde_json::from_slice(&body)
            .map_err(|_| oauth_err(StatusCode::BAD_REQUEST, "invalid_request", "Malformed JSON"))?;
        v.as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| v.to_string()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        serde_urlencoded::from_bytes(&body)
            .map_err(|_| oauth_err(StatusCode::BAD_REQUEST, "invalid_request", "Malformed body"))?
    };
    if get(&p, "client_id") != Some(CLIENT_ID) {
        return Err(oauth_err(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed due to unknown client.",
        ));
    }
    let now = ctx.now;
    let mut guard = sh.lock();
    let sim = &mut *guard;
    let user_id = match get(&p, "grant_type") {
        Some("authorization_code") => {
            let code = get(&p, "code").unwrap_or("");
            let c = sim
                .store
                .auth_codes
                .remove(code)
                .filter(|c| c.expires_at > now);
            let Some(c) = c else {
                return Err(oauth_err(StatusCode::BAD_REQUEST, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, or was issued to another client."));
            };
            if get(&p, "redirect_uri").is_some_and(|r| r != c.redirect_uri) {
                return Err(oauth_err(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "redirect_uri does not match the authorization request.",
                ));
            }
            let verifier = get(&p, "code_verifier").unwrap_or("");
            if verifier.len() < 43 || s256(verifier) != c.code_challenge {
                return Err(oauth_err(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The code_verifier does not match the code_challenge.",
                ));
            }
            c.user_id
        }
        Some("refresh_token") => {
            let rt = get(&p, "refresh_token").unwrap_or("");
            match sim
                .store
                .refresh_tokens
                .remove(rt)
                .filter(|r| r.expires_at > now && r.client_id == CLIENT_ID)
            {
                Some(r) => r.user_id,
                None => {
                    return Err(oauth_err(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The refresh token is invalid, expired or revoked.",
                    ))
                }
            }
        }
        _ => {
            return Err(oauth_err(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            ))
        }
    };
    let answer = issue(sim, user_id, now, get(&p, "scope").unwrap_or("read write"));
    drop(guard);
    sh.changed();
    Ok(super::ok(&answer))
}

/// Stores a new access token (and refresh token) for `user_id`; returns the token answer.
fn issue(sim: &mut Sim, user_id: u64, now: i64, scope: &str) -> Value {
    let access = sim.store.secret(48);
    if sim.settings.legacy_oauth_client {
        // Clients from before token expiry: a token for good, nothing to refresh it with.
        let token = Token {
            user_id,
            expires_at: None,
        };
        sim.store.tokens.insert(access.clone(), token);
        return json!({
            "access_token": access,
            "token_type": "bearer",
            "scope": scope,
            "expires_in": null,
        });
    }
    let ttl = sim.settings.access_token_ttl_secs as i64;
    let refresh = sim.store.secret(48);
    let token = Token {
        user_id,
        expires_at: Some(now + ttl),
    };
    sim.store.tokens.insert(access.clone(), token);
    let refresh_token = RefreshToken {
        user_id,
        client_id: CLIENT_ID.into(),
        expires_at: now + REFRESH_TTL_SECS,
    };
    sim.store
        .refresh_tokens
        .insert(refresh.clone(), refresh_token);
    json!({
        "access_token": access,
        "token_type": "bearer",
        "scope": scope,
        "expires_in": ttl,
        "refresh_token": refresh,
        "refresh_token_expires_in": REFRESH_TTL_SECS,
    })
}
