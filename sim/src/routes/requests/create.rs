//! `POST /api/v2/requests`, in Zendesk's order: [`parse`] the body (400), [`validate`] it
//! against the caller, the account and the form (401, 422, 429), then [`apply`] it to the store.

use super::fields::custom_fields;
use super::input::{
    apply_email_ccs, as_id, check_body, collaborators, comment_body, list_field, new_comment,
    request_object, str_field, take_uploads, upload_tokens, valid_email, warn_dropped,
};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, Detail};
use crate::routes::{ok, JsonBody, Shared};
use crate::seed::{Catalog, DEFAULT_FORM};
use crate::state::{Request, Sim, Status};
use crate::views;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Extension;
use serde_json::{json, Value};

/// An anonymous visitor's `requester` object.
#[derive(Debug, Default)]
struct RequesterInput {
    name: String,
    email: String,
    locale: Option<String>,
}

/// What a create body asks for, before anything is checked against the account.
#[derive(Debug, Default)]
struct CreateInput {
    subject: String,
    text: String,
    uploads: Vec<String>,
    requester: RequesterInput,
    ticket_form_id: Option<u64>,
    custom_fields: Vec<Value>,
    /// `via_followup_source_id` when given and not null; `Some(None)` when it is no id.
    followup: Option<Option<u64>>,
    collaborators: Vec<Value>,
    email_ccs: Vec<Value>,
    /// Whether `email_ccs` was sent (dropped, with a warning, when the account has no CCs).
    sent_email_ccs: bool,
    /// Whether `tags` was sent: the Requests API has no `tags`, so Zendesk drops them.
    sent_tags: bool,
}

/// A create that passed validation: who files it and what it becomes.
struct ValidCreate {
    /// The signed-in user, or `None` for an anonymous requester (created on apply).
    user: Option<u64>,
    input: CreateInput,
    form_id: u64,
    fields: Vec<(u64, Value)>,
    followup: Option<u64>,
}

/// Reads the body (already JSON): 400 for a missing `request`.
fn parse(v: &Value) -> Result<CreateInput, ApiError> {
    let req = request_object(v)?;
    let comment = req
        .get("comment")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let requester = req.get("requester").and_then(Value::as_object);
    let text = |k: &str| {
        requester
            .and_then(|r| str_field(r, k))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let custom = if req.contains_key("custom_fields") {
        list_field(req, "custom_fields")
    } else {
        list_field(req, "fields")
    };
    Ok(CreateInput {
        subject: str_field(req, "subject")
            .map(str::trim)
            .unwrap_or("")
            .to_string(),
        text: comment_body(&comment),
        uploads: upload_tokens(&comment),
        requester: RequesterInput {
            name: text("name"),
            email: text("email"),
            locale: requester
                .and_then(|r| str_field(r, "locale"))
                .map(str::to_string),
        },
        ticket_form_id: req.get("ticket_form_id").and_then(as_id),
        custom_fields: custom,
        followup: match req.get("via_followup_source_id") {
            None | Some(Value::Null) => None,
            Some(v) => Some(as_id(v)),
        },
        collaborators: list_field(req, "collaborators"),
        email_ccs: list_field(req, "email_ccs"),
        sent_email_ccs: req.contains_key("email_ccs"),
        sent_tags: req.contains_key("tags"),
    })
}

/// The anonymous requester's checks: allowed at all (401), name and email (422), the trial
/// account's 5 an hour (429).
fn validate_anonymous(sim: &mut Sim, r: &RequesterInput, now: i64) -> Result<(), ApiError> {
    if !sim.settings.anonymous_requests {
        return Err(ApiError::Unauthenticated);
    }
    let mut errs = Vec::new();
    if r.name.is_empty() {
        errs.push(Detail::new(
            "requester",
            "BlankValue",
            "Requester Name:  is too short (minimum one character)",
        ));
    }
    if !valid_email(&r.email) {
        errs.push(Detail::new(
            "requester",
            "InvalidValue",
            format!("Requester Email: {} is not properly formatted", r.email),
        ));
    }
    if !errs.is_empty() {
        return Err(ApiError::Invalid(errs));
    }
    if sim.settings.trial_anonymous_limit {
        // Trial accounts: 5 anonymous requests an hour.
        sim.anon_creates
            .check(now, 5, 3600)
            .map_err(ApiError::RateLimited)?;
    }
    Ok(())
}

/// Subject and description present (422 naming each), body not too long.
fn validate_text(input: &CreateInput) -> Result<(), ApiError> {
    let mut errs = Vec::new();
    if input.subject.is_empty() {
        errs.push(Detail::new(
            "subject",
            "BlankValue",
            "Subject: cannot be blank",
        ));
    }
    if input.text.trim().is_empty() {
        errs.push(Detail::new(
            "description",
            "BlankValue",
            "Description: cannot be blank",
        ));
    }
    if !errs.is_empty() {
        return Err(ApiError::Invalid(errs));
    }
    check_body(&input.text)
}

/// A follow-up must name a closed request the requester can see (422 otherwise).
fn validate_followup(sim: &Sim, user: Option<u64>, source: Option<u64>) -> Result<u64, ApiError> {
    let visible = |s: &Request| user.is_some_and(|u| sim.store.can_view(s, u));
    match source.and_then(|id| sim.store.requests.get(&id)) {
        Some(s) if s.status == Status::Closed && visible(s) => Ok(s.id),
        Some(s) if visible(s) => Err(ApiError::invalid(
            "via_followup_source_id",
            "InvalidValue",
            "Follow-up source: the source ticket must be closed",
        )),
        _ => Err(ApiError::invalid(
            "via_followup_source_id",
            "InvalidValue",
            "Follow-up source: is invalid",
        )),
    }
}

/// Checks the create against the caller, the account and the form.
fn validate(
    sim: &mut Sim,
    catalog: &Catalog,
    ctx: &Ctx,
    input: CreateInput,
) -> Result<ValidCreate, ApiError> {
    let user = ctx.caller.user();
    if user.is_none() {
        validate_anonymous(sim, &input.requester, ctx.now)?;
    }
    validate_text(&input)?;
    // Unknown, inactive or hidden forms fall back to the default one.
    let form_id = input
        .ticket_form_id
        .filter(|id| {
            catalog
                .form(*id)
                .is_some_and(|f| f.active && f.end_user_visible)
        })
        .unwrap_or(DEFAULT_FORM);
    let fields = custom_fields(catalog, form_id, &input.custom_fields)?;
    // An anonymous requester with a known email follows up as that user.
    let filer = user.or_else(|| {
        let email = input.requester.email.as_str();
        sim.store.user_by_email(email).map(|u| u.id)
    });
    let followup = match input.followup {
        None => None,
        Some(source) => Some(validate_followup(sim, filer, source)?),
    };
    Ok(ValidCreate {
        user,
        input,
        form_id,
        fields,
        followup,
    })
}

/// Files the request: the anonymous requester's user, uploads, collaborators and email CCs,
/// the first comment.
fn apply(sim: &mut Sim, v: ValidCreate, now: i64) -> Request {
    let locale_tag = sim.settings.requester_locale_tag;
    let store = &mut sim.store;
    let requester = match v.user {
        Some(u) => u,
        None => {
            let r = &v.input.requester;
            let id = store.ensure_user(&r.email, Some(&r.name), now);
            if let (Some(l), Some(u)) = (&r.locale, store.users.get_mut(&id)) {
                if locale_tag && u.created_at == now {
                    u.locale = l.clone();
                }
            }
            id
        }
    };
    let attachments = take_uploads(store, &v.input.uploads, now);
    let mut collab = collaborators(store, &v.input.collaborators, now);
    collab.retain(|c| *c != requester);
    store.next_request_id += 1;
    let id = store.next_request_id;
    let mut r = Request {
        id,
        subject: v.input.subject,
        description: v.input.text.clone(),
        status: Status::New,
        requester_id: requester,
        assignee_id: None,
        group_id: None,
        organization_id: None,
        collaborator_ids: collab,
        email_cc_ids: vec![],
        ticket_form_id: v.form_id,
        custom_fields: v.fields,
        followup_source_id: v.followup,
        // End users can't set priority or type: whatever they sent is dropped.
        priority: None,
        kind: None,
        solvable: false,
        via: if v.user.is_some() { "api" } else { "web" }.into(),
        created_at: now,
        updated_at: now,
    };
    if sim.settings.email_ccs {
        apply_email_ccs(store, &mut r, &v.input.email_ccs, now);
    }
    let c = new_comment(store, requester, &v.input.text, attachments, now);
    store.comments.insert(id, vec![c]);
    if v.user.is_none() && sim.settings.trial_anonymous_limit {
        sim.anon_creates.record(now);
    }
    r
}

/// `POST /api/v2/requests`: an end user, or anonymous with `requester` when the account allows.
pub async fn create(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    JsonBody(v): JsonBody,
) -> ApiResult {
    let input = parse(&v)?;
    let mut guard = sh.lock();
    let valid = validate(&mut guard, &sh.catalog, &ctx, input)?;
    let (valid_tags, valid_ccs) = (valid.input.sent_tags, valid.input.sent_email_ccs);
    let r = apply(&mut guard, valid, ctx.now);
    let rendered = views::request(&ctx, &sh.catalog, &guard, &r, Some(r.requester_id));
    let id = r.id;
    let mut dropped = Vec::new();
    if valid_tags {
        dropped.push("tags".to_string());
    }
    if valid_ccs && !guard.settings.email_ccs {
        dropped.push("email_ccs".to_string());
    }
    guard.store.requests.insert(id, r);
    // Held for review: the create answers as any other (what Zendesk's answer looks like then
    // is undocumented; see docs/simulator.md), and no one sees the request until recovered.
    if ctx.caller.user().is_none() && guard.settings.suspend_anonymous_requests {
        guard.store.suspended.insert(id);
    }
    drop(guard);
    sh.changed();
    let mut resp = (StatusCode::CREATED, ok(&json!({"request": rendered}))).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("{}/api/v2/requests/{id}.json", ctx.api)) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    warn_dropped(&mut resp, &dropped);
    Ok(resp)
}
