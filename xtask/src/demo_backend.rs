//! The demo site's own small backend, standing in for a host's: its sign-in routes run the
//! Zendesk OAuth grant server to server ([`crate::zendesk_oauth`]) and keep each visitor's
//! tokens in memory, next to a session cookie; the page only ever sees access tokens.
//!
//! ```text
//! GET  /auth/signin?return_to=/path  → 302 to Zendesk's authorize page (code + PKCE)
//! GET  /auth/callback?code&state     → exchanges the code, 302 back to return_to
//! GET  /auth/session                 → {"user": {"name", "email"}} or {"user": null}
//! POST /auth/token                   → {"access_token"} (refreshed when due), or 401
//! POST /auth/signout                 → forgets the visitor's tokens, 204
//! ```

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::zendesk_oauth::{random_string, ZendeskOAuth, ZendeskTokens};

/// The session cookie of the demo site (HttpOnly: page scripts never read it).
const COOKIE: &str = "demo_session";

/// One visitor's state on the demo site.
enum Visit {
    /// Sent to Zendesk, not back yet: what the callback checks.
    SigningIn {
        state: String,
        verifier: String,
        return_to: String,
    },
    /// Signed in: who, and the tokens (only the access token leaves the server).
    SignedIn {
        name: String,
        email: String,
        tokens: ZendeskTokens,
    },
}

/// Sessions by cookie value; each behind its own async lock, so one visitor's token calls run
/// one at a time (refresh tokens rotate).
type Sessions = Mutex<HashMap<String, Arc<tokio::sync::Mutex<Visit>>>>;

struct Backend {
    oauth: ZendeskOAuth,
    sessions: Sessions,
}

/// The sign-in routes for a site on `site_origin` (e.g. `http://localhost:8080`) whose Zendesk
/// (here, the simulator) is at `zendesk_url`, with the simulator's demo OAuth client.
pub fn router(site_origin: &str, zendesk_url: &str) -> Router {
    let backend = Backend {
        oauth: ZendeskOAuth {
            http: reqwest::Client::new(),
            base_url: zendesk_url.trim_end_matches('/').to_owned(),
            client_id: zendesk_sim::routes::oauth::CLIENT_ID.to_owned(),
            client_secret: None,
            redirect_uri: format!("{}/auth/callback", site_origin.trim_end_matches('/')),
        },
        sessions: Mutex::default(),
    };
    Router::new()
        .route("/auth/signin", get(sign_in))
        .route("/auth/callback", get(callback))
        .route("/auth/session", get(session))
        .route("/auth/token", post(token))
        .route("/auth/signout", post(sign_out))
        .with_state(Arc::new(backend))
}

#[derive(Deserialize)]
struct SignInQuery {
    return_to: Option<String>,
}

async fn sign_in(State(backend): State<Arc<Backend>>, query: Query<SignInQuery>) -> Response {
    let state = random_string(16);
    let verifier = random_string(32);
    let url = backend.oauth.authorize_url(&state, &verifier);
    let id = random_string(24);
    let visit = Visit::SigningIn {
        state,
        verifier,
        return_to: local_path(query.return_to.as_deref()),
    };
    lock(&backend.sessions).insert(id.clone(), Arc::new(tokio::sync::Mutex::new(visit)));
    let mut response = redirect(&url);
    let cookie = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(backend): State<Arc<Backend>>,
    headers: HeaderMap,
    query: Query<CallbackQuery>,
) -> Response {
    let Some(visit) = visit_of(&backend, &headers) else {
        return redirect("/?signin_error=no_session");
    };
    let mut visit = visit.lock().await;
    let Visit::SigningIn {
        state,
        verifier,
        return_to,
    } = &*visit
    else {
        return redirect("/");
    };
    let back = return_to.clone();
    let fail = |why: &str| redirect(&with_error(&back, why));
    if let Some(error) = &query.error {
        return fail(error);
    }
    let (Some(code), Some(returned_state)) = (&query.code, &query.state) else {
        return fail("invalid_request");
    };
    if returned_state != state {
        return fail("state_mismatch");
    }
    let tokens = match backend.oauth.exchange_code(code, verifier).await {
        Ok(tokens) => tokens,
        Err(error) => {
            eprintln!("demo sign-in: {error}");
            return fail("exchange_failed");
        }
    };
    let Some((name, email)) = who(&backend, &tokens).await else {
        return fail("profile_unreadable");
    };
    *visit = Visit::SignedIn {
        name,
        email,
        tokens,
    };
    redirect(&back)
}

/// The signed-in user's name and email, from Zendesk's `users/me` with their new token.
async fn who(backend: &Backend, tokens: &ZendeskTokens) -> Option<(String, String)> {
    let response = backend
        .oauth
        .http
        .get(format!("{}/api/v2/users/me.json", backend.oauth.base_url))
        .bearer_auth(tokens.access())
        .send()
        .await
        .ok()?;
    let me: serde_json::Value = response.error_for_status().ok()?.json().await.ok()?;
    let user = &me["user"];
    Some((
        user["name"].as_str()?.to_owned(),
        user["email"].as_str()?.to_owned(),
    ))
}

async fn session(State(backend): State<Arc<Backend>>, headers: HeaderMap) -> Response {
    let user = match visit_of(&backend, &headers) {
        Some(visit) => match &*visit.lock().await {
            Visit::SignedIn { name, email, .. } => json!({"name": name, "email": email}),
            Visit::SigningIn { .. } => serde_json::Value::Null,
        },
        None => serde_json::Value::Null,
    };
    no_store(Json(json!({ "user": user })).into_response())
}

async fn token(State(backend): State<Arc<Backend>>, headers: HeaderMap) -> Response {
    let signed_out = || {
        no_store(
            (
                StatusCode::UNAUTHORIZED,
                Json(json!({"error": "signed_out"})),
            )
                .into_response(),
        )
    };
    let Some(visit) = visit_of(&backend, &headers) else {
        return signed_out();
    };
    let mut visit = visit.lock().await;
    let Visit::SignedIn { tokens, .. } = &mut *visit else {
        return signed_out();
    };
    match backend.oauth.fresh_access_token(tokens).await {
        Ok(access) => no_store(Json(json!({ "access_token": access })).into_response()),
        Err(error) => {
            // A spent refresh token: this visitor must sign in again.
            eprintln!("demo token refresh: {error}");
            drop(visit);
            forget(&backend, &headers);
            signed_out()
        }
    }
}

async fn sign_out(State(backend): State<Arc<Backend>>, headers: HeaderMap) -> Response {
    forget(&backend, &headers);
    let mut response = StatusCode::NO_CONTENT.into_response();
    let expired = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

fn lock(
    sessions: &Sessions,
) -> std::sync::MutexGuard<'_, HashMap<String, Arc<tokio::sync::Mutex<Visit>>>> {
    sessions
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn visit_of(backend: &Backend, headers: &HeaderMap) -> Option<Arc<tokio::sync::Mutex<Visit>>> {
    let id = session_cookie(headers)?;
    lock(&backend.sessions).get(&id).cloned()
}

fn forget(backend: &Backend, headers: &HeaderMap) {
    if let Some(id) = session_cookie(headers) {
        lock(&backend.sessions).remove(&id);
    }
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// `return_to` when it is a path on this site, else `/` (no open redirect to other sites).
fn local_path(return_to: Option<&str>) -> String {
    match return_to {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn with_error(path: &str, error: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    let error: String = error
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    format!("{path}{separator}signin_error={error}")
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    no_store(response)
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_only_to_paths_on_this_site() {
        assert_eq!(local_path(Some("/help-center.html")), "/help-center.html");
        assert_eq!(local_path(Some("/spa.html#/support")), "/spa.html#/support");
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
        assert_eq!(
            with_error("/", "access_denied"),
            "/?signin_error=access_denied"
        );
        assert_eq!(with_error("/a?b=1", "x<y>"), "/a?b=1&signin_error=xy");
    }

    #[test]
    fn reads_the_session_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("other=1; demo_session=abc; last=2"),
        );
        assert_eq!(session_cookie(&headers).as_deref(), Some("abc"));
        assert_eq!(session_cookie(&HeaderMap::new()), None);
    }
}
