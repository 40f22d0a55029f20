//! Tiny Help Center pages on the API origin: sign-in (sets the session cookie), sign-out,
//! a home page and article pages (the `html_url`s of search results point here).

use super::Shared;
use crate::auth::{session_id, SESSION_COOKIE};
use crate::auth::{Caller, Ctx};
use crate::routes::help_center::slug;
use crate::seed::{escape_html, END_USERS};
use crate::state::HcSession;
use crate::views::pct;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;

/// Lifetime of a Help Center session.
pub const SESSION_TTL_SECS: i64 = 8 * 3600;

fn page(title: &str, body: &str) -> Response {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} – Acme Help Center</title>\
<style>body{{font:16px system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#2f3941}}a{{color:#1f73b7}}\
button{{font:inherit;padding:.4rem .9rem;margin:.2rem}}</style></head><body><p><a href=\"/hc/en-us\">Acme Help Center</a></p>{body}</body></html>",
        escape_html(title)
    ))
    .into_response()
}

/// A same-site relative path to return to (`/…` but not `//…`), else the home page.
fn safe_return(ret: Option<&str>) -> String {
    match ret {
        Some(r) if r.starts_with('/') && !r.starts_with("//") && !r.contains('\\') => r.to_string(),
        _ => "/hc/en-us".to_string(),
    }
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// `GET /hc/signin[?user_id=…&return_to=/path]`: lists the seeded users, or signs one in with a
/// session cookie and redirects to `return_to`.
pub async fn signin(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> Response {
    let ret = safe_return(ctx.q("return_to"));
    let Some(user) = ctx.q("user_id").and_then(|u| u.parse::<u64>().ok()) else {
        let links: String = END_USERS
            .iter()
            .map(|(id, name, email, _)| {
                format!(
                    "<li><a href=\"/hc/signin?user_id={id}&amp;return_to={}\">{}</a> ({})</li>",
                    pct(&ret),
                    escape_html(name),
                    escape_html(email)
                )
            })
            .collect();
        return page(
            "Sign in",
            &format!("<h1>Sign in</h1><p>Pick a demo user:</p><ul>{links}</ul>"),
        );
    };
    let mut sim = sh.lock();
    if sim.store.users.get(&user).is_none_or(|u| u.agent) {
        return (
            StatusCode::NOT_FOUND,
            page("Sign in", "<h1>Unknown user</h1>"),
        )
            .into_response();
    }
    let sid = sim.store.secret(32);
    let csrf = sim.store.secret(40);
    sim.store.sessions.insert(
        sid.clone(),
        HcSession {
            user_id: user,
            csrf_token: csrf,
            expires_at: ctx.now + SESSION_TTL_SECS,
        },
    );
    drop(sim);
    sh.changed();
    let mut r = redirect(&ret);
    if let Ok(c) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax"
    )) {
        r.headers_mut().insert(header::SET_COOKIE, c);
    }
    r
}

/// `GET /hc/signout`: ends the session.
pub async fn signout(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Response {
    if let Some(sid) = session_id(&headers) {
        sh.lock().store.sessions.remove(&sid);
        sh.changed();
    }
    let mut r = redirect(&safe_return(ctx.q("return_to")));
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "_help_center_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
        ),
    );
    r
}

/// `GET /hc/{locale}`: the home page (who is signed in, the articles).
pub async fn home(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> Response {
    let who = match ctx.caller {
        Caller::User { id, .. } => {
            let name = sh
                .lock()
                .store
                .users
                .get(&id)
                .map(|u| u.name.clone())
                .unwrap_or_default();
            format!(
                "<p>Signed in as <strong>{}</strong> · <a href=\"/hc/signout\">Sign out</a></p>",
                escape_html(&name)
            )
        }
        Caller::Anonymous => "<p><a href=\"/hc/signin\">Sign in</a></p>".to_string(),
    };
    let list: String = sh
        .catalog
        .articles
        .iter()
        .map(|a| {
            format!(
                "<li><a href=\"/hc/en-us/articles/{}-{}\">{}</a></li>",
                a.id,
                slug(a.title),
                escape_html(a.title)
            )
        })
        .collect();
    let extra = sh.config.help_center_html.as_deref().unwrap_or("");
    page("Home", &format!("<h1>How can we help?</h1>{who}<div id=\"support-widget\"></div><h2>Articles</h2><ul>{list}</ul>{extra}"))
}

/// `GET /hc/{locale}/articles/{id}-{slug}`.
pub async fn article(
    State(sh): State<Shared>,
    Path((_, slug)): Path<(String, String)>,
) -> Response {
    let id: Option<u64> = slug.split('-').next().and_then(|s| s.parse().ok());
    match id.and_then(|id| sh.catalog.articles.iter().find(|a| a.id == id)) {
        Some(a) => page(
            a.title,
            &format!("<h1>{}</h1>{}", escape_html(a.title), a.body),
        ),
        None => (
            StatusCode::NOT_FOUND,
            page("Not found", "<h1>Page not found</h1>"),
        )
            .into_response(),
    }
}
