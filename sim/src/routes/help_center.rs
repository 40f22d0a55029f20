//! Help Center: article search (anonymous, CORS) and the session endpoint (same origin).

use super::{ok, Shared};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::routes::paging::{self, Paging};
use crate::seed::users::id::SAM;
use crate::seed::{escape_html, Article};
use crate::time::iso;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Extension;
use serde_json::{json, Value};

/// URL slug of an article title.
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_matches('-').to_string()
}

/// Visible text of an HTML fragment.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A word matches a term by prefix ("pass" finds "password"), like Zendesk's stemming-ish search.
fn hit(word: &str, terms: &[String]) -> bool {
    let w = word.to_lowercase();
    terms.iter().any(|t| w.starts_with(t.as_str()))
}

fn score(a: &Article, terms: &[String]) -> usize {
    let title = words(a.title).filter(|w| hit(w, terms)).count();
    let text = strip_tags(&a.body);
    title * 5 + words(&text).filter(|w| hit(w, terms)).count()
}

/// A snippet of the body around the first hit, with hits wrapped in `<em>` (the rest escaped).
fn snippet(a: &Article, terms: &[String]) -> String {
    let text = strip_tags(&a.body);
    let all: Vec<&str> = text.split(' ').collect();
    let first = all
        .iter()
        .position(|w| words(w).any(|x| hit(x, terms)))
        .unwrap_or(0);
    let start = first.saturating_sub(8);
    let end = (start + 30).min(all.len());
    let mut out: Vec<String> = Vec::new();
    for w in &all[start..end] {
        if words(w).any(|x| hit(x, terms)) {
            out.push(format!("<em>{}</em>", escape_html(w)));
        } else {
            out.push(escape_html(w));
        }
    }
    let mut s = out.join(" ");
    if start > 0 {
        s = format!("…{s}");
    }
    if end < all.len() {
        s.push('…');
    }
    s
}

/// The Help Center's default locale, the only one with articles.
pub const HC_DEFAULT_LOCALE: &str = "en-us";

fn run_search(sh: &Shared, ctx: &Ctx, locale: Option<&str>) -> ApiResult {
    let query = ctx.q("query").unwrap_or("").trim();
    if query.is_empty() {
        return Err(ApiError::Plain(
            StatusCode::BAD_REQUEST,
            "InvalidParameter",
            "query, category, section or label_names is required".into(),
        ));
    }
    let locale = locale
        .or(ctx.q("locale"))
        .unwrap_or(HC_DEFAULT_LOCALE)
        .to_ascii_lowercase();
    let t = terms(query);
    // Help Center locales are full codes (`en-us`, `pt-br`); articles exist in `en-us` only, so
    // any other locale, `en` and `en-gb` included, finds nothing (Zendesk's Web Widget then
    // searches again without a locale).
    let mut hits: Vec<(&Article, usize)> = if locale == HC_DEFAULT_LOCALE {
        sh.catalog
            .articles
            .iter()
            .map(|a| (a, score(a, &t)))
            .filter(|(_, s)| *s > 0)
            .collect()
    } else {
        Vec::new()
    };
    hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    let Paging::Offset { page, per_page } = paging::offset(ctx, 25, 100) else {
        return Err(ApiError::bad_request("offset pagination only"));
    };
    let (rows, meta) = paging::page(
        ctx,
        &hits,
        &Paging::Offset { page, per_page },
        false,
        |(a, _)| (0, a.id),
    );
    let results: Vec<Value> = rows
        .iter()
        .map(|(a, _)| {
            json!({
                "id": a.id,
                "url": format!("{}/api/v2/help_center/en-us/articles/{}.json", ctx.api, a.id),
                "html_url": format!("{}/hc/en-us/articles/{}-{}", ctx.api, a.id, slug(a.title)),
                "author_id": SAM,
                "comments_disabled": false,
                "draft": false,
                "promoted": false,
                "position": 0,
                "vote_sum": a.vote_sum,
                "vote_count": a.vote_sum.unsigned_abs() + 2,
                "section_id": a.section_id,
                "created_at": iso(a.created_at),
                "updated_at": iso(a.updated_at),
                "edited_at": iso(a.updated_at),
                "name": a.title,
                "title": a.title,
                "source_locale": "en-us",
                "locale": "en-us",
                "outdated": false,
                "outdated_locales": [],
                "user_segment_id": null,
                "permission_group_id": 1,
                "content_tag_ids": [],
                "label_names": [],
                "body": a.body,
                "snippet": snippet(a, &t),
                "result_type": "article",
            })
        })
        .collect();
    let count = hits.len();
    let mut body = json!({
        "results": results,
        "page": page,
        "per_page": per_page,
        "page_count": count.div_ceil(per_page),
        "sort_by": "relevance",
        "sort_order": "desc",
    });
    for (k, v) in meta {
        body[k] = v;
    }
    Ok(ok(&body))
}

/// `GET /api/v2/help_center/articles/search?query=…&locale=…`.
pub async fn search(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    run_search(&sh, &ctx, None)
}

/// `GET /api/v2/help_center/{locale}/articles/search?query=…`.
pub async fn search_locale(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    Path(locale): Path<String>,
) -> ApiResult {
    run_search(&sh, &ctx, Some(&locale))
}

/// `GET /api/v2/help_center/sessions.json`: `current_session.csrf_token` of the cookie session
/// (null for a visitor without one).
pub async fn session(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    let sim = sh.lock();
    let token = ctx
        .cookie_session()
        .and_then(|sid| sim.store.sessions.get(sid))
        .map(|s| s.csrf_token.clone());
    if token.is_none() && sim.settings.signed_out_session_null {
        return Ok(ok(&json!({"current_session": null})));
    }
    Ok(ok(&json!({"current_session": {"csrf_token": token}})))
}
