//! `/api/v2/requests…`: list, open/solved/ccd, search and show here; [`create`] and
//! [`update`] in their own files, the body parts they share in [`input`] and the custom-field
//! rules in [`fields`].

mod create;
mod fields;
mod input;
mod update;

pub use create::create;
pub use input::valid_email;
pub use update::update;

use super::{ok, sideload_users, RecordId, Shared};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::routes::paging::{self, Paging};
use crate::state::{Request, Sim, Status, Store};
use crate::views;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Extension;
use serde_json::{json, Map, Value};

/// Zendesk's comment body limit (characters).
pub const MAX_BODY_CHARS: usize = 65_000;
/// Most comments a ticket can hold.
pub const MAX_COMMENTS: usize = 5000;
/// Most words in a requests search query before 406.
pub const MAX_SEARCH_TERMS: usize = 20;

#[derive(Clone, Copy)]
enum Scope {
    Mine,
    Open,
    Solved,
    Ccd,
}

fn is_ccd(r: &Request, user: u64) -> bool {
    r.requester_id != user && (r.collaborator_ids.contains(&user) || r.email_cc_ids.contains(&user))
}

/// Listing needs a verified end user (unverified → 403, anonymous → 401).
fn lister(ctx: &Ctx, sim: &Sim) -> Result<u64, ApiError> {
    let user = ctx.caller.require()?;
    match sim.store.users.get(&user) {
        Some(u) if u.verified || u.agent => Ok(user),
        _ => Err(ApiError::Forbidden("You do not have access to this page. Please contact the account owner of this help desk for further help.")),
    }
}

fn status_filter(ctx: &Ctx) -> Option<Vec<Status>> {
    ctx.q("status")
        .map(|s| s.split(',').filter_map(Status::parse).collect())
}

/// The sort key of a listing. Offset pages honour `sort_by` (`updated_at`/`created_at`) and
/// `sort_order`; cursor pages ignore both and come back in Zendesk's own order, as reported on
/// Zendesk's community forum ("Lists Requests API with Cursor Pagination not sorting",
/// support.zendesk.com/hc/en-us/community/posts/8403358233882). The simulator's own order is
/// a fixed scramble of the ids, so nothing can pass by accident of insertion order.
fn list_key(ctx: &Ctx, cursor: bool) -> (impl Fn(&&Request) -> (i64, u64), bool) {
    let by_updated = ctx.q("sort_by") == Some("updated_at");
    let desc = !cursor && ctx.q("sort_order") == Some("desc");
    let key = move |r: &&Request| {
        let k = if cursor {
            own_order(r.id)
        } else if by_updated {
            r.updated_at
        } else {
            r.created_at
        };
        (k, r.id)
    };
    (key, desc)
}

/// Zendesk's own order of cursor pages, as far as a client can tell: unrelated to any date.
pub fn own_order(id: u64) -> i64 {
    (id.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) as i64
}

fn list_scope(ctx: Ctx, sh: Shared, scope: Scope) -> ApiResult {
    let sim = sh.lock();
    let user = lister(&ctx, &sim)?;
    let statuses = status_filter(&ctx);
    let paging = paging::parse(&ctx, 100, false)?;
    let (key, desc) = list_key(&ctx, matches!(paging, Paging::Cursor { .. }));
    let mut items: Vec<&Request> = sim
        .store
        .requests
        .values()
        .filter(|r| match scope {
            Scope::Mine => r.requester_id == user,
            Scope::Open => r.requester_id == user && r.status.is_unsolved(),
            Scope::Solved => r.requester_id == user && !r.status.is_unsolved(),
            Scope::Ccd => is_ccd(r, user),
        })
        .filter(|r| statuses.as_ref().is_none_or(|s| s.contains(&r.status)))
        .filter(|r| !sim.store.suspended.contains(&r.id))
        .collect();
    items.sort_by_key(&key);
    if desc {
        items.reverse();
    }
    let (page, meta) = paging::page(&ctx, &items, &paging, desc, |r| key(r));
    Ok(ok(&requests_body(&ctx, &sh, &sim, user, &page, meta)))
}

/// A page of requests as the list and search endpoints answer it: the requests as `user`
/// sees them, the paging `meta`, and the people on them with `include=users`.
fn requests_body(
    ctx: &Ctx,
    sh: &Shared,
    sim: &Sim,
    user: u64,
    rows: &[&Request],
    meta: Map<String, Value>,
) -> Value {
    let mut body = Map::new();
    body.insert(
        "requests".into(),
        json!(rows
            .iter()
            .map(|r| views::request(ctx, &sh.catalog, sim, r, Some(user)))
            .collect::<Vec<_>>()),
    );
    body.extend(meta);
    if includes_users(ctx) {
        body.insert(
            "users".into(),
            sideload_users(
                ctx,
                &sim.store,
                rows.iter().flat_map(|r| request_user_ids(r)),
            ),
        );
    }
    Value::Object(body)
}

fn includes_users(ctx: &Ctx) -> bool {
    ctx.q("include")
        .is_some_and(|i| i.split(',').any(|s| s.trim() == "users"))
}

fn request_user_ids(r: &Request) -> Vec<u64> {
    let mut ids = vec![r.requester_id];
    ids.extend(r.assignee_id);
    ids.extend(&r.collaborator_ids);
    ids.extend(&r.email_cc_ids);
    ids
}

/// `GET /api/v2/requests`.
pub async fn list(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    list_scope(ctx, sh, Scope::Mine)
}
/// `GET /api/v2/requests/open`.
pub async fn list_open(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    list_scope(ctx, sh, Scope::Open)
}
/// `GET /api/v2/requests/solved`.
pub async fn list_solved(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    list_scope(ctx, sh, Scope::Solved)
}
/// `GET /api/v2/requests/ccd`.
pub async fn list_ccd(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    list_scope(ctx, sh, Scope::Ccd)
}

/// `GET /api/v2/requests/search?query=…`: offset only (15 per page, at most 100), terms must
/// all match subject, description or a public comment; past 1,000 results → 422; more than
/// [`MAX_SEARCH_TERMS`] words → 406.
pub async fn search(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    let sim = sh.lock();
    let user = lister(&ctx, &sim)?;
    let query = ctx.q("query").unwrap_or("");
    let terms: Vec<String> = query
        .split_whitespace()
        .map(|t| t.trim_matches('"').to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    if terms.len() > MAX_SEARCH_TERMS {
        return Err(ApiError::Errors(
            StatusCode::NOT_ACCEPTABLE,
            "QueryTooComplex",
            "Query too complex",
            format!("Search queries are limited to {MAX_SEARCH_TERMS} terms"),
        ));
    }
    let Paging::Offset { page, per_page } = paging::offset(&ctx, 15, 100) else {
        return Err(ApiError::bad_request(
            "search supports offset pagination only",
        ));
    };
    if page.saturating_mul(per_page) > 1000 {
        return Err(ApiError::Plain(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "Invalid search: Requested response size was greater than Search Response Limits"
                .into(),
        ));
    }
    let statuses = status_filter(&ctx);
    let cc_only = ctx.q("cc_id") == Some("true");
    let org: Option<Option<u64>> = ctx.q("organization_id").map(|o| o.parse().ok());
    let store = &sim.store;
    let mut items: Vec<&Request> = store
        .requests
        .values()
        .filter(|r| {
            if cc_only {
                is_ccd(r, user)
            } else {
                store.can_view(r, user)
            }
        })
        .filter(|r| statuses.as_ref().is_none_or(|s| s.contains(&r.status)))
        .filter(|r| org.is_none_or(|o| o == r.organization_id))
        .filter(|r| terms.is_empty() || matches_terms(store, r, &terms))
        .collect();
    // Relevance is approximated by recency, as Zendesk's default for requests search.
    items.sort_by_key(|r| std::cmp::Reverse((r.updated_at, r.id)));
    let (rows, meta) = paging::page(
        &ctx,
        &items,
        &Paging::Offset { page, per_page },
        true,
        |r| (r.updated_at, r.id),
    );
    Ok(ok(&requests_body(&ctx, &sh, &sim, user, &rows, meta)))
}

fn matches_terms(store: &Store, r: &Request, terms: &[String]) -> bool {
    let subject = r.subject.to_lowercase();
    let desc = r.description.to_lowercase();
    terms.iter().all(|t| {
        subject.contains(t.as_str())
            || desc.contains(t.as_str())
            || store.comments.get(&r.id).is_some_and(|cs| {
                cs.iter()
                    .any(|c| c.public && c.body.to_lowercase().contains(t.as_str()))
            })
    })
}

/// The request `id` if the caller may see it (401 anonymous, 404 unknown, 403 someone else's).
pub fn visible<'a>(ctx: &Ctx, store: &'a Store, id: u64) -> Result<(u64, &'a Request), ApiError> {
    let user = ctx.caller.require()?;
    let r = store.requests.get(&id).ok_or(ApiError::NotFound)?;
    if !store.can_view(r, user) {
        return Err(ApiError::Forbidden(
            "You do not have access to this request.",
        ));
    }
    Ok((user, r))
}

/// `GET /api/v2/requests/{id}` (`include=users`).
pub async fn show(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
) -> ApiResult {
    let sim = sh.lock();
    let (user, r) = visible(&ctx, &sim.store, id)?;
    let mut body = json!({"request": views::request(&ctx, &sh.catalog, &sim, r, Some(user))});
    if includes_users(&ctx) {
        body["users"] = sideload_users(&ctx, &sim.store, request_user_ids(r));
    }
    Ok(ok(&body))
}
