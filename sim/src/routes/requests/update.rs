//! `PUT /api/v2/requests/{id}`: only `comment`, `solved`, `additional_collaborators` and
//! `email_ccs` are honoured; anything else is dropped and named in `X-Zendesk-API-Warn`.

use super::input::{
    apply_email_ccs, check_body, collaborators, comment_body, list_field, new_comment, push_unique,
    request_object, take_uploads, upload_tokens, warn_dropped,
};
use super::{visible, MAX_COMMENTS};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::routes::{ok, JsonBody, RecordId, Shared};
use crate::state::{Request, Sim, Status, Store};
use crate::views;
use axum::extract::State;
use axum::Extension;
use serde_json::{json, Map, Value};

/// What an end user may write on update: "comment", "solved", "additional_collaborators"
/// (the Update Request reference) and "email_ccs" ("When creating or updating a request, you
/// can set email CCs", Creating and managing requests).
const WRITABLE: [&str; 4] = ["comment", "solved", "additional_collaborators", "email_ccs"];

/// Zendesk: 30 updates per 10 minutes per user per ticket (then 429).
fn count_update(sim: &mut Sim, user: u64, id: u64, now: i64) -> Result<(), ApiError> {
    sim.ticket_updates
        .entry((user, id))
        .or_default()
        .admit(now, 30, 600)
        .map_err(ApiError::RateLimited)?;
    Ok(())
}

/// Adds a reply (422 when blank, too long or past the comment limit); a requester's reply
/// re-opens solved (and answers pending) requests.
fn add_reply(
    store: &mut Store,
    r: &mut Request,
    user: u64,
    c: &Map<String, Value>,
    now: i64,
) -> Result<(), ApiError> {
    let text = comment_body(c);
    let tokens = upload_tokens(c);
    if text.trim().is_empty() && tokens.is_empty() {
        return Err(ApiError::invalid(
            "comment",
            "BlankValue",
            "Comment: cannot be blank",
        ));
    }
    check_body(&text)?;
    if store.comments.get(&r.id).map_or(0, Vec::len) >= MAX_COMMENTS {
        return Err(ApiError::invalid(
            "base",
            "TooManyComments",
            format!("Ticket has reached the maximum of {MAX_COMMENTS} comments"),
        ));
    }
    let attachments = take_uploads(store, &tokens, now);
    let c = new_comment(store, user, &text, attachments, now);
    store.comments.entry(r.id).or_default().push(c);
    if matches!(r.status, Status::Solved | Status::Pending) {
        r.status = Status::Open;
    }
    Ok(())
}

/// `PUT /api/v2/requests/{id}`.
pub async fn update(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
    JsonBody(v): JsonBody,
) -> ApiResult {
    let now = ctx.now;
    let mut guard = sh.lock();
    let sim = &mut *guard;
    let (user, _) = visible(&ctx, &sim.store, id)?;
    let req = request_object(&v)?;
    count_update(sim, user, id, now)?;

    let store = &mut sim.store;
    let mut r = store.requests.get(&id).cloned().ok_or(ApiError::NotFound)?;
    let comment = req.get("comment").and_then(Value::as_object);
    let wants_solved = req
        .get("solved")
        .is_some_and(|s| s == &json!(true) || s == &json!("true"));
    let add_collab = req
        .get("additional_collaborators")
        .is_some_and(Value::is_array)
        .then(|| list_field(req, "additional_collaborators"));
    let ccs = req
        .get("email_ccs")
        .is_some_and(Value::is_array)
        .then(|| list_field(req, "email_ccs"));
    // Anything else is not writable on a request and is dropped, with a warning; so are
    // `email_ccs` on an account without CCs.
    let mut dropped: Vec<String> = req
        .keys()
        .filter(|k| !WRITABLE.contains(&k.as_str()))
        .cloned()
        .collect();
    if ccs.is_some() && !sim.settings.email_ccs {
        dropped.push("email_ccs".into());
    }
    let changes = comment.is_some() || add_collab.is_some() || ccs.is_some();
    if r.status == Status::Closed && changes {
        return Err(ApiError::closed_prevents_update());
    }
    let mut changed = false;
    if let Some(c) = comment {
        add_reply(store, &mut r, user, c, now)?;
        changed = true;
    }
    if wants_solved && views::can_be_solved_by(&r, Some(user)) {
        r.status = Status::Solved;
        changed = true;
    }
    if let Some(l) = add_collab {
        let mut ids = collaborators(store, &l, now);
        ids.retain(|c| *c != r.requester_id);
        push_unique(&mut r.collaborator_ids, ids);
        changed = true;
    }
    if let (Some(l), true) = (ccs, sim.settings.email_ccs) {
        apply_email_ccs(store, &mut r, &l, now);
        changed = true;
    }
    if changed {
        r.updated_at = now;
    }
    let rendered = views::request(&ctx, &sh.catalog, sim, &r, Some(user));
    sim.store.requests.insert(id, r);
    drop(guard);
    if changed {
        sh.changed();
    }
    let mut resp = ok(&json!({"request": rendered}));
    warn_dropped(&mut resp, &dropped);
    Ok(resp)
}
