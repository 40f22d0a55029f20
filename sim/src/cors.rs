//! CORS exactly as Zendesk does it (contract §1): `Access-Control-Allow-Origin: *` only on
//! bearer-token responses and on the anonymous endpoints; never on 403 or 429; never for Basic
//! auth or a Help Center cookie session. `/oauth/tokens` answers cross-origin only when the
//! `token_endpoint_cors` switch is on: Zendesk's CORS guide does not list it. Only three headers are exposed;
//! the rate-limit headers are present but not readable cross-origin.

use crate::config::AccountSettings;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// `Access-Control-Expose-Headers` value.
pub const EXPOSED: &str =
    "X-Zendesk-API-Warn, X-Zendesk-User-Id, X-Zendesk-User-Session-Expires-At";
/// Headers a preflight may ask for.
pub const ALLOWED_HEADERS: &str = "Authorization, Content-Type, Accept";

/// What kind of credentials a call carried (decided from headers alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// No `Authorization` header and no valid Help Center cookie.
    Anonymous,
    /// `Authorization: Bearer …` (valid or not).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
    /// Any other `Authorization` scheme.
    Other,
    /// A Help Center session cookie and no `Authorization` header.
    Session,
}

/// Strips a trailing `.json`.
pub fn normalize(path: &str) -> &str {
    path.strip_suffix(".json").unwrap_or(path)
}

/// The endpoints an anonymous browser may call cross-origin (contract §1, first row).
pub fn anonymous_endpoint(method: &Method, path: &str) -> bool {
    let p = normalize(path);
    if method == Method::POST {
        return p == "/api/v2/requests" || p == "/api/v2/uploads";
    }
    if method == Method::GET || method == Method::HEAD {
        return p == "/api/v2/ticket_forms"
            || p.starts_with("/api/v2/ticket_forms/")
            || p == "/api/v2/ticket_fields"
            || p.starts_with("/api/v2/ticket_fields/")
            || is_article_search(p);
    }
    false
}

fn is_article_search(p: &str) -> bool {
    // `/api/v2/help_center/articles/search` and `/api/v2/help_center/{locale}/articles/search`.
    p.starts_with("/api/v2/help_center/") && p.ends_with("/articles/search")
}

/// The OAuth token endpoint (code exchange and refresh).
pub const TOKEN_ENDPOINT: &str = "/oauth/tokens";

/// Whether a response gets `Access-Control-Allow-Origin: *`; `token_cors` is the account's
/// `token_endpoint_cors` switch.
pub fn allows(
    kind: AuthKind,
    method: &Method,
    path: &str,
    status: StatusCode,
    token_cors: bool,
) -> bool {
    if status == StatusCode::FORBIDDEN || status == StatusCode::TOO_MANY_REQUESTS {
        return false;
    }
    let p = normalize(path);
    if p == TOKEN_ENDPOINT {
        return token_cors;
    }
    if !p.starts_with("/api/") {
        return false;
    }
    match kind {
        AuthKind::Bearer => true,
        AuthKind::Anonymous => anonymous_endpoint(method, p),
        AuthKind::Basic | AuthKind::Other | AuthKind::Session => false,
    }
}

/// Adds `Access-Control-Allow-Origin: *`.
pub fn allow_any_origin(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
}

/// Adds the CORS response headers.
pub fn add(headers: &mut HeaderMap) {
    allow_any_origin(headers);
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED),
    );
}

/// Adds the headers of an allowed preflight: any origin, these `methods` and request
/// `headers`, cached for 600 seconds.
pub fn allow_preflight(h: &mut HeaderMap, methods: HeaderValue, headers: HeaderValue) {
    allow_any_origin(h);
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, methods);
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, headers);
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
}

/// The account switches of things the contract leaves unsourced: CORS on 401/422 answers
/// (`cors_on_401_422`) and the exposure of `X-Zendesk-User-Id` (`expose_user_id`).
pub fn account_quirks(mut resp: Response, settings: &AccountSettings) -> Response {
    let status = resp.status();
    let h = resp.headers_mut();
    if !h.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        return resp;
    }
    let auth_or_validation =
        status == StatusCode::UNAUTHORIZED || status == StatusCode::UNPROCESSABLE_ENTITY;
    if auth_or_validation && !settings.cors_on_401_422 {
        h.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
        h.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
    } else if !settings.expose_user_id {
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("X-Zendesk-API-Warn, X-Zendesk-User-Session-Expires-At"),
        );
    }
    resp
}

/// Answers a preflight. Allowed when the real call would get CORS: it announces
/// `Authorization` (a bearer call; any API path), or it targets an anonymous endpoint, or
/// `POST /oauth/tokens` while `token_cors` is on. Otherwise 200 without any CORS header, so the
/// browser blocks it.
pub fn preflight(headers: &HeaderMap, path: &str, token_cors: bool) -> Response {
    let method = headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|v| v.to_str().ok())
        .and_then(|m| Method::from_bytes(m.trim().as_bytes()).ok());
    let asked: Vec<String> = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
        .map(|s| {
            s.split(',')
                .map(|h| h.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let p = normalize(path);
    let mut resp = StatusCode::OK.into_response();
    let Some(method) = method else {
        return resp;
    };
    let bearer = asked.iter().any(|h| h == "authorization");
    let (ok, methods) = if p == TOKEN_ENDPOINT {
        (token_cors && method == Method::POST, "POST, OPTIONS")
    } else if p.starts_with("/api/") && bearer {
        (
            matches!(method.as_str(), "GET" | "POST" | "PUT" | "DELETE" | "PATCH"),
            "GET, POST, PUT, PATCH, DELETE, OPTIONS",
        )
    } else if anonymous_endpoint(&method, p) {
        (
            true,
            if method == Method::POST {
                "POST, OPTIONS"
            } else {
                "GET, OPTIONS"
            },
        )
    } else {
        (false, "")
    };
    if ok {
        allow_preflight(
            resp.headers_mut(),
            HeaderValue::from_static(methods),
            HeaderValue::from_static(ALLOWED_HEADERS),
        );
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        let ok = StatusCode::OK;
        assert!(allows(
            AuthKind::Bearer,
            &Method::GET,
            "/api/v2/requests.json",
            ok,
            false
        ));
        assert!(!allows(
            AuthKind::Bearer,
            &Method::GET,
            "/api/v2/requests/1",
            StatusCode::FORBIDDEN,
            false
        ));
        assert!(!allows(
            AuthKind::Bearer,
            &Method::GET,
            "/api/v2/requests",
            StatusCode::TOO_MANY_REQUESTS,
            false
        ));
        // The token endpoint: only with the switch on, and never on 403/429.
        assert!(!allows(
            AuthKind::Anonymous,
            &Method::POST,
            "/oauth/tokens",
            ok,
            false
        ));
        assert!(allows(
            AuthKind::Anonymous,
            &Method::POST,
            "/oauth/tokens",
            ok,
            true
        ));
        assert!(!allows(
            AuthKind::Anonymous,
            &Method::POST,
            "/oauth/tokens",
            StatusCode::TOO_MANY_REQUESTS,
            true
        ));
        assert!(allows(
            AuthKind::Anonymous,
            &Method::POST,
            "/api/v2/requests.json",
            ok,
            false
        ));
        assert!(!allows(
            AuthKind::Anonymous,
            &Method::GET,
            "/api/v2/requests.json",
            ok,
            false
        ));
        assert!(allows(
            AuthKind::Anonymous,
            &Method::GET,
            "/api/v2/help_center/en-us/articles/search.json",
            ok,
            false
        ));
        assert!(!allows(
            AuthKind::Session,
            &Method::GET,
            "/api/v2/requests",
            ok,
            false
        ));
        assert!(!allows(
            AuthKind::Basic,
            &Method::GET,
            "/api/v2/requests",
            ok,
            false
        ));
    }
}
