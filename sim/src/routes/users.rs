//! `GET /api/v2/users/me` and `POST /api/v2/tickets/{id}/satisfaction_rating`.

use super::{ok, JsonBody, RecordId, Shared};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::state::{Rating, Status};
use crate::time::iso;
use crate::views;
use axum::extract::State;
use axum::Extension;
use bytes::Bytes;
use serde_json::{json, Value};

/// `GET /api/v2/users/me`: the signed-in user, or 200 with "Anonymous user" (id null) for a
/// visitor: never 401, so its status is no sign-in check.
pub async fn me(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    let sim = sh.lock();
    let store = &sim.store;
    let Some(u) = ctx.caller.user().and_then(|id| store.users.get(&id)) else {
        return Ok(ok(&json!({"user": {
            "id": null, "url": null, "name": "Anonymous user", "email": "invalid@example.com",
            "role": "anonymous", "locale": "en-US", "locale_id": 1, "verified": false, "photo": null,
            "time_zone": "London", "iana_time_zone": "Europe/London", "authenticity_token": null,
        }})));
    };
    let photo = u
        .photo
        .and_then(|p| store.attachments.get(&p))
        .map(|a| views::attachment(&ctx, store, a))
        .unwrap_or(Value::Null);
    let mut user = json!({
        "id": u.id,
        "url": format!("{}/api/v2/users/{}.json", ctx.api, u.id),
        "name": u.name,
        "email": u.email,
        "created_at": iso(u.created_at),
        "updated_at": iso(u.created_at),
        "time_zone": "London",
        "iana_time_zone": "Europe/London",
        "phone": null,
        "shared_phone_number": null,
        "photo": photo,
        "locale_id": 1,
        "locale": u.locale,
        "organization_id": null,
        "role": if u.agent { "agent" } else { "end-user" },
        "verified": u.verified,
        "active": true,
        "user_fields": {},
        "tags": [],
    });
    if let Some(sid) = ctx.cookie_session() {
        user["authenticity_token"] = json!(store.sessions.get(sid).map(|s| s.csrf_token.clone()));
    }
    Ok(ok(&json!({"user": user})))
}

/// `POST /api/v2/tickets/{id}/satisfaction_rating`: the verified requester rates a solved or
/// closed request `good` or `bad`; rating again updates the same rating.
pub async fn satisfaction(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
    body: Bytes,
) -> ApiResult {
    let user = ctx.caller.require()?;
    // Read only once the caller is known: an anonymous call is 401 whatever its body.
    let v = JsonBody::parse(&body)?;
    let mut guard = sh.lock();
    let sim = &mut *guard;
    if !sim.settings.satisfaction_ratings {
        return Err(ApiError::Forbidden("Satisfaction ratings are not enabled"));
    }
    // The endpoint serves the legacy CSAT only; accounts on the newer CSAT refuse it.
    if !sim.settings.csat_legacy {
        return Err(ApiError::Forbidden(
            "This account uses the new customer satisfaction survey",
        ));
    }
    let r = sim.store.requests.get(&id).ok_or(ApiError::NotFound)?;
    let verified = sim.store.users.get(&user).is_some_and(|u| u.verified);
    if r.requester_id != user || !verified {
        return Err(ApiError::Forbidden(
            "Only the verified requester can rate this ticket",
        ));
    }
    if !matches!(r.status, Status::Solved | Status::Closed) {
        return Err(ApiError::invalid(
            "base",
            "InvalidValue",
            "Satisfaction rating: the ticket must be solved",
        ));
    }
    let (requester, assignee, group) = (r.requester_id, r.assignee_id, r.group_id);
    let sr = v.get("satisfaction_rating").cloned().unwrap_or(Value::Null);
    let score = sr.get("score").and_then(Value::as_str).unwrap_or("");
    if score != "good" && score != "bad" {
        return Err(ApiError::invalid(
            "score",
            "InvalidValue",
            "Score: is not included in the list",
        ));
    }
    let comment = sr
        .get("comment")
        .and_then(Value::as_str)
        .map(str::to_string);
    let now = ctx.now;
    let store = &mut sim.store;
    let next_id = 8_000_000 + store.ratings.len() as u64 + 1;
    let rating = store.ratings.entry(id).or_insert(Rating {
        id: next_id,
        score: score.into(),
        comment: None,
        created_at: now,
        updated_at: now,
    });
    rating.score = score.into();
    rating.comment = comment;
    rating.updated_at = now;
    let as_array = sim.settings.csat_answer_array;
    let rating = json!({
        "url": format!("{}/api/v2/satisfaction_ratings/{}.json", ctx.api, rating.id),
        "id": rating.id,
        "assignee_id": assignee,
        "group_id": group,
        "requester_id": requester,
        "ticket_id": id,
        "score": rating.score,
        "comment": rating.comment,
        "reason_id": null,
        "created_at": iso(rating.created_at),
        "updated_at": iso(rating.updated_at),
    });
    // The OpenAPI document shows the answer as an array of one rating.
    let body = if as_array {
        json!({"satisfaction_rating": [rating]})
    } else {
        json!({"satisfaction_rating": rating})
    };
    drop(guard);
    sh.changed();
    Ok(ok(&body))
}
