//! `/api/v2/requests/{id}/comments` and one comment.

use super::{ok, requests::visible, sideload_users, RecordId, RecordIds, Shared};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::routes::paging;
use crate::state::Comment;
use crate::{time, views};
use axum::extract::State;
use axum::Extension;
use serde_json::{json, Map, Value};

/// `GET /api/v2/requests/{id}/comments`: public comments, oldest first by default. Cursor
/// pagination with `sort=created_at|-created_at` and `page[size]`; offset pagination with
/// `sort_by=created_at` and `sort_order`; `since` (ISO-8601) and `role=agent|end_user`
/// filters. Users are always sideloaded, with their `agent` flag.
pub async fn list(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
) -> ApiResult {
    let sim = sh.lock();
    let store = &sim.store;
    visible(&ctx, store, id)?;
    let since = match ctx.q("since") {
        None | Some("") => None,
        Some(s) => Some(
            time::parse_iso(s)
                .ok_or_else(|| ApiError::bad_request("since must be an ISO-8601 timestamp"))?,
        ),
    };
    let role = ctx.q("role");
    if role.is_some_and(|r| r != "agent" && r != "end_user") {
        return Err(ApiError::bad_request("role must be agent or end_user"));
    }
    let desc = match ctx.q("sort") {
        None => ctx.q("sort_order") == Some("desc"),
        Some("created_at") => false,
        Some("-created_at") => true,
        Some(_) => {
            return Err(ApiError::pagination(
                "sort must be created_at or -created_at",
            ))
        }
    };
    let mut items: Vec<&Comment> = store
        .comments
        .get(&id)
        .map(|cs| cs.iter().filter(|c| c.public).collect())
        .unwrap_or_default();
    items.retain(|c| since.is_none_or(|s| c.created_at >= s));
    if let Some(role) = role {
        let want_agent = role == "agent";
        items.retain(|c| {
            store
                .users
                .get(&c.author_id)
                .is_some_and(|u| u.agent == want_agent)
        });
    }
    items.sort_by_key(|c| (c.created_at, c.id));
    if desc {
        items.reverse();
    }
    let paging = paging::parse(&ctx, 100, ctx.q("sort").is_some())?;
    let (page, meta) = paging::page(&ctx, &items, &paging, desc, |c| (c.created_at, c.id));
    let mut body = Map::new();
    body.insert(
        "comments".into(),
        json!(page
            .iter()
            .map(|c| views::comment(&ctx, store, id, c))
            .collect::<Vec<_>>()),
    );
    body.insert(
        "users".into(),
        sideload_users(&ctx, store, page.iter().map(|c| c.author_id)),
    );
    body.insert("organizations".into(), json!([]));
    body.extend(meta);
    Ok(ok(&Value::Object(body)))
}

/// `GET /api/v2/requests/{id}/comments/{comment_id}`.
pub async fn show(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordIds(id, cid): RecordIds,
) -> ApiResult {
    let sim = sh.lock();
    let store = &sim.store;
    visible(&ctx, store, id)?;
    let c = store
        .comments
        .get(&id)
        .and_then(|cs| cs.iter().find(|c| c.id == cid && c.public))
        .ok_or(ApiError::NotFound)?;
    Ok(ok(&json!({"comment": views::comment(&ctx, store, id, c)})))
}
