//! JSON renderings of stored objects, shaped like real Zendesk responses: full URLs on the
//! origin the client used, `fields` mirroring `custom_fields`, nulls where real responses have
//! them, and a few extra fields clients must ignore.

use crate::auth::Ctx;
use crate::seed::{Catalog, TicketField, TicketForm};
use crate::state::{Attachment, Comment, Request, Sim, Status, Store, User};
use crate::time::iso;
use serde_json::{json, Value};

/// Percent-encodes a query or path component (RFC 3986 unreserved kept).
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Content-origin URL of an attachment.
pub fn content_url(ctx: &Ctx, a: &Attachment) -> String {
    format!(
        "{}/attachments/token/{}/?name={}",
        ctx.content,
        a.token,
        pct(&a.file_name)
    )
}

/// An attachment with its thumbnails.
pub fn attachment(ctx: &Ctx, store: &Store, a: &Attachment) -> Value {
    let url = content_url(ctx, a);
    let thumbnails: Vec<Value> = a
        .thumbnail_id
        .and_then(|t| store.attachments.get(&t))
        .map(|t| {
            let mut v = attachment_flat(ctx, t);
            v["thumbnails"] = json!([]);
            vec![v]
        })
        .unwrap_or_default();
    let mut v = attachment_flat(ctx, a);
    v["content_url"] = json!(url);
    v["thumbnails"] = json!(thumbnails);
    v
}

fn attachment_flat(ctx: &Ctx, a: &Attachment) -> Value {
    let url = content_url(ctx, a);
    json!({
        "url": format!("{}/api/v2/attachments/{}.json", ctx.api, a.id),
        "id": a.id,
        "file_name": a.file_name,
        "content_url": url,
        "mapped_content_url": url,
        "content_type": a.content_type,
        "size": a.data.len(),
        "width": a.width,
        "height": a.height,
        "inline": a.inline,
        "deleted": false,
        "malware_access_override": false,
        "malware_scan_result": "malware_not_found",
    })
}

/// A comment as the requests API renders it.
pub fn comment(ctx: &Ctx, store: &Store, request_id: u64, c: &Comment) -> Value {
    let attachments: Vec<Value> = c
        .attachment_ids
        .iter()
        .filter_map(|id| store.attachments.get(id))
        .map(|a| attachment(ctx, store, a))
        .collect();
    json!({
        "url": format!("{}/api/v2/requests/{}/comments/{}.json", ctx.api, request_id, c.id),
        "id": c.id,
        "type": "Comment",
        "request_id": request_id,
        "body": c.body,
        "html_body": c.html_body.replace("%CONTENT_ORIGIN%", &ctx.content).replace("%API_ORIGIN%", &ctx.api),
        "plain_body": c.plain_body,
        "public": c.public,
        "author_id": c.author_id,
        "attachments": attachments,
        "created_at": iso(c.created_at),
        "audit_id": c.id + 7_000_000,
    })
}

/// A sideloaded user (`agent` flag included, as in comment sideloads).
pub fn user(ctx: &Ctx, store: &Store, u: &User) -> Value {
    let photo = u
        .photo
        .and_then(|p| store.attachments.get(&p))
        .map(|a| attachment(ctx, store, a))
        .unwrap_or(Value::Null);
    json!({
        "id": u.id,
        "url": format!("{}/api/v2/users/{}.json", ctx.api, u.id),
        "name": u.name,
        "photo": photo,
        "agent": u.agent,
        "organization_id": null,
        "locale": u.locale,
    })
}

/// Whether `viewer` may mark `r` solved.
pub fn can_be_solved_by(r: &Request, viewer: Option<u64>) -> bool {
    viewer == Some(r.requester_id)
        && r.solvable
        && r.assignee_id.is_some()
        && matches!(r.status, Status::Open | Status::Pending | Status::Hold)
}

/// Custom fields of a request, every portal-visible custom field of its form, null when unset.
fn custom_fields(catalog: &Catalog, r: &Request) -> Vec<Value> {
    let ids: Vec<u64> = match catalog.form(r.ticket_form_id) {
        Some(form) => form
            .ticket_field_ids
            .iter()
            .copied()
            .filter(|id| {
                catalog
                    .field(*id)
                    .is_some_and(|f| !f.is_system() && f.visible_in_portal)
            })
            .collect(),
        None => r.custom_fields.iter().map(|(id, _)| *id).collect(),
    };
    ids.iter()
        .map(|id| {
            let v = r
                .custom_fields
                .iter()
                .find(|(f, _)| f == id)
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Null);
            json!({"id": id, "value": v})
        })
        .collect()
}

/// The request's `satisfaction_rating` as its requester sees it: present only when the
/// account runs the legacy CSAT with ratings on and the request is solved or closed (`offered`
/// until rated, then the rating's id, score and comment).
fn satisfaction(sim: &Sim, r: &Request, viewer: Option<u64>) -> Option<Value> {
    let offered = sim.settings.satisfaction_ratings
        && sim.settings.csat_legacy
        && viewer == Some(r.requester_id)
        && matches!(r.status, Status::Solved | Status::Closed);
    offered.then(|| match sim.store.ratings.get(&r.id) {
        Some(rating) => json!({"id": rating.id, "score": rating.score, "comment": rating.comment}),
        None => json!({"score": "offered"}),
    })
}

/// A request as `viewer` sees it.
pub fn request(ctx: &Ctx, catalog: &Catalog, sim: &Sim, r: &Request, viewer: Option<u64>) -> Value {
    let cf = custom_fields(catalog, r);
    let mut v = json!({
        "url": format!("{}/api/v2/requests/{}.json", ctx.api, r.id),
        "id": r.id,
        "status": r.status.as_str(),
        "priority": r.priority,
        "type": r.kind,
        "subject": r.subject,
        "description": r.description,
        "organization_id": r.organization_id,
        "via": {"channel": r.via, "source": {"from": {}, "to": {}, "rel": null}},
        "custom_fields": cf,
        "fields": cf,
        "requester_id": r.requester_id,
        "collaborator_ids": r.collaborator_ids,
        "email_cc_ids": r.email_cc_ids,
        "is_public": true,
        "due_at": null,
        "can_be_solved_by_me": can_be_solved_by(r, viewer),
        "created_at": iso(r.created_at),
        "updated_at": iso(r.updated_at),
        "recipient": null,
        "followup_source_id": r.followup_source_id,
        "assignee_id": r.assignee_id,
        "ticket_form_id": r.ticket_form_id,
        "group_id": r.group_id,
        "custom_status_id": 360_000_000 + r.status as u64,
        "solved": matches!(r.status, Status::Solved | Status::Closed),
        "brand_id": crate::seed::forms::brand_of(&ctx.api),
        "encoded_id": format!("{}-{}", encoded(r.id), "K9Q2"),
        "from_messaging_channel": false,
    });
    if let Some(rating) = satisfaction(sim, r, viewer) {
        v["satisfaction_rating"] = rating;
    }
    v
}

fn encoded(id: u64) -> String {
    const A: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut n = id * 7919 + 17;
    let mut s = String::new();
    for _ in 0..6 {
        s.push(A[(n % A.len() as u64) as usize] as char);
        n /= A.len() as u64;
    }
    s
}

/// A ticket field in a locale.
pub fn field(ctx: &Ctx, f: &TicketField) -> Value {
    let loc = ctx.locale();
    let options: Vec<Value> = f
        .options
        .iter()
        .map(|o| {
            json!({
                "id": o.id,
                "name": o.name.get(loc),
                "raw_name": o.name.en,
                "value": o.value,
                "default": o.default,
                "url": format!("{}/api/v2/ticket_fields/{}/options/{}.json", ctx.api, f.id, o.id),
            })
        })
        .collect();
    let mut v = json!({
        "url": format!("{}/api/v2/ticket_fields/{}.json", ctx.api, f.id),
        "id": f.id,
        "type": f.kind,
        "title": f.title,
        "raw_title": f.title,
        "description": f.description.get(loc),
        "raw_description": f.description.en,
        "position": f.position,
        "active": f.active,
        "required": false,
        "collapsed_for_agents": false,
        "regexp_for_validation": f.regexp,
        "title_in_portal": f.title_in_portal.get(loc),
        "raw_title_in_portal": f.title_in_portal.en,
        "visible_in_portal": f.visible_in_portal,
        "editable_in_portal": f.editable_in_portal,
        "required_in_portal": f.required_in_portal,
        "agent_can_edit": true,
        "tag": null,
        "created_at": "2025-01-10T08:00:00Z",
        "updated_at": "2026-02-01T08:00:00Z",
        "removable": !f.is_system(),
        "key": null,
        "agent_description": null,
    });
    if matches!(f.kind, "tagger" | "multiselect") {
        v["custom_field_options"] = json!(options);
    }
    v
}

/// A ticket form in a locale.
pub fn form(ctx: &Ctx, f: &TicketForm) -> Value {
    let loc = ctx.locale();
    let conditions: Vec<Value> = f
        .end_user_conditions
        .iter()
        .map(|c| {
            json!({
                "parent_field_id": c.parent_field_id,
                "parent_field_type": if c.value.json().is_boolean() { "checkbox" } else { "tagger" },
                "value": c.value.json(),
                "child_fields": c.child_fields.iter().map(|(id, req)| json!({"id": id, "is_required": req})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "url": format!("{}/api/v2/ticket_forms/{}.json", ctx.api, f.id),
        "id": f.id,
        "name": f.name,
        "raw_name": f.name,
        "display_name": f.display_name.get(loc),
        "raw_display_name": f.display_name.en,
        "end_user_visible": f.end_user_visible,
        "position": f.position,
        "ticket_field_ids": f.ticket_field_ids,
        "active": f.active,
        "default": f.default,
        "in_all_brands": f.in_all_brands,
        "restricted_brand_ids": f.restricted_brand_ids,
        "end_user_conditions": conditions,
        "agent_conditions": [],
        "created_at": "2025-01-10T08:00:00Z",
        "updated_at": "2026-02-01T08:00:00Z",
    })
}
