//! `/api/v2/requests…`: list, open/solved/ccd, search, show, create, update.

use super::{body_json, id_param, ok, sideload_users, Shared};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, Detail};
use crate::routes::paging::{self, Paging};
use crate::seed::{Catalog, DEFAULT_FORM};
use crate::state::{Comment, Request, Sim, Status, Store};
use crate::{seed, time, views};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Extension;
use bytes::Bytes;
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

fn sort_key(ctx: &Ctx) -> (bool, bool) {
    let by_updated = ctx.q("sort_by") == Some("updated_at");
    let desc = ctx.q("sort_order") == Some("desc");
    (by_updated, desc)
}

fn list_scope(ctx: Ctx, sh: Shared, scope: Scope) -> ApiResult {
    let sim = sh.lock();
    let user = lister(&ctx, &sim)?;
    let statuses = status_filter(&ctx);
    let (by_updated, desc) = sort_key(&ctx);
    let key = |r: &&Request| {
        (
            if by_updated {
                r.updated_at
            } else {
                r.created_at
            },
            r.id,
        )
    };
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
        .collect();
    items.sort_by_key(key);
    if desc {
        items.reverse();
    }
    let paging = paging::parse(&ctx, 100, false)?;
    let (page, meta) = paging::page(&ctx, &items, &paging, desc, |r| key(r));
    let mut body = Map::new();
    body.insert(
        "requests".into(),
        json!(page
            .iter()
            .map(|r| views::request(&ctx, &sh.catalog, r, Some(user)))
            .collect::<Vec<_>>()),
    );
    body.extend(meta);
    if includes_users(&ctx) {
        body.insert(
            "users".into(),
            sideload_users(
                &ctx,
                &sim.store,
                page.iter().flat_map(|r| request_user_ids(r)),
            ),
        );
    }
    Ok(ok(&Value::Object(body)))
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
    let mut body = Map::new();
    body.insert(
        "requests".into(),
        json!(rows
            .iter()
            .map(|r| views::request(&ctx, &sh.catalog, r, Some(user)))
            .collect::<Vec<_>>()),
    );
    body.extend(meta);
    if includes_users(&ctx) {
        body.insert(
            "users".into(),
            sideload_users(&ctx, store, rows.iter().flat_map(|r| request_user_ids(r))),
        );
    }
    Ok(ok(&Value::Object(body)))
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
    Path(id): Path<String>,
) -> ApiResult {
    let id = id_param(&id)?;
    let sim = sh.lock();
    let (user, r) = visible(&ctx, &sim.store, id)?;
    let mut body = json!({"request": views::request(&ctx, &sh.catalog, r, Some(user))});
    if includes_users(&ctx) {
        body["users"] = sideload_users(&ctx, &sim.store, request_user_ids(r));
    }
    Ok(ok(&body))
}

fn str_field<'a>(o: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

fn as_id(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A plausible email address (what Zendesk's validation roughly accepts).
pub fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == '<' || c == '>')
}

/// A comment body from `body` or `html_body` (tags stripped).
fn comment_body(c: &Map<String, Value>) -> String {
    if let Some(b) = str_field(c, "body") {
        return b.to_string();
    }
    let html = str_field(c, "html_body").unwrap_or("");
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

fn check_body(body: &str) -> Result<(), ApiError> {
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(ApiError::invalid(
            "comment",
            "TooLong",
            format!("Comment: Body is too long (maximum is {MAX_BODY_CHARS} characters)"),
        ));
    }
    Ok(())
}

/// Takes the attachments of upload tokens (unknown or expired tokens are ignored, as Zendesk does).
fn take_uploads(store: &mut Store, c: &Map<String, Value>, now: i64) -> Vec<u64> {
    let tokens: Vec<String> = c
        .get("uploads")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut ids = Vec::new();
    for t in tokens {
        if let Some(u) = store.uploads.remove(&t) {
            if u.expires_at > now {
                ids.extend(u.attachment_ids);
            }
        }
    }
    ids
}

/// Resolves collaborator entries: ids, emails or `{name, email}`.
fn collaborators(store: &mut Store, list: &[Value], now: i64) -> Vec<u64> {
    let mut ids = Vec::new();
    for v in list {
        let id = if let Some(id) = v.as_u64() {
            store.users.contains_key(&id).then_some(id)
        } else if let Some(email) = v.as_str() {
            valid_email(email).then(|| store.ensure_user(email, None, now))
        } else if let Some(o) = v.as_object() {
            str_field(o, "email")
                .filter(|e| valid_email(e))
                .map(|e| store.ensure_user(e, str_field(o, "name"), now))
        } else {
            None
        };
        ids.extend(id);
    }
    ids
}

fn push_unique(v: &mut Vec<u64>, ids: impl IntoIterator<Item = u64>) {
    for id in ids {
        if !v.contains(&id) {
            v.push(id);
        }
    }
}

/// Applies `email_ccs` entries (`put`/`delete`) to a request.
fn apply_email_ccs(store: &mut Store, r: &mut Request, list: &[Value], now: i64) {
    for e in list {
        let Some(o) = e.as_object() else { continue };
        let user = if let Some(id) = o.get("user_id").and_then(as_id) {
            store.users.contains_key(&id).then_some(id)
        } else {
            str_field(o, "user_email")
                .filter(|e| valid_email(e))
                .map(|e| store.ensure_user(e, str_field(o, "user_name"), now))
        };
        let Some(user) = user else { continue };
        if user == r.requester_id {
            continue;
        }
        if str_field(o, "action") == Some("delete") {
            r.email_cc_ids.retain(|x| *x != user);
            r.collaborator_ids.retain(|x| *x != user);
        } else {
            push_unique(&mut r.email_cc_ids, [user]);
            push_unique(&mut r.collaborator_ids, [user]);
        }
    }
}

/// Validates custom field values against the form: unknown fields and unknown options are
/// dropped; malformed dates, numbers and regexp mismatches are 422; then `required_in_portal`
/// and `end_user_conditions` requirements are enforced.
fn custom_fields(
    catalog: &Catalog,
    form_id: u64,
    input: &[Value],
) -> Result<Vec<(u64, Value)>, ApiError> {
    let form = catalog.form(form_id).ok_or(ApiError::NotFound)?;
    let mut values: Vec<(u64, Value)> = Vec::new();
    let mut errors = Vec::new();
    for entry in input {
        let Some(o) = entry.as_object() else { continue };
        let Some(id) = o.get("id").and_then(as_id) else {
            continue;
        };
        let Some(f) = catalog.field(id) else { continue };
        if f.is_system()
            || !f.visible_in_portal
            || !f.editable_in_portal
            || !form.ticket_field_ids.contains(&id)
        {
            continue;
        }
        let v = o.get("value").cloned().unwrap_or(Value::Null);
        let title = f.title_in_portal.en;
        let bad = |what: &str| Detail {
            key: "base".into(),
            description: format!("{title}: {what}"),
            error: "InvalidValue",
            field_key: Some(id),
        };
        let text = match &v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let normalized = match f.kind {
            "text" | "textarea" => text.filter(|s| !s.is_empty()).map(Value::String),
            "checkbox" => match &v {
                Value::Bool(b) => Some(Value::Bool(*b)),
                Value::String(s) if s == "true" || s == "1" => Some(Value::Bool(true)),
                Value::String(s) if s == "false" || s == "0" || s.is_empty() => {
                    Some(Value::Bool(false))
                }
                _ => None,
            },
            "date" => match text.filter(|s| !s.is_empty()) {
                None => None,
                Some(s) if time::parse_date(&s).is_some() => Some(Value::String(s)),
                Some(_) => {
                    errors.push(bad("is not a valid date (YYYY-MM-DD)"));
                    None
                }
            },
            "integer" => match text.filter(|s| !s.is_empty()) {
                None => None,
                Some(s) if s.parse::<i64>().is_ok() => Some(Value::String(s)),
                Some(_) => {
                    errors.push(bad("is not a number"));
                    None
                }
            },
            "decimal" => match text.filter(|s| !s.is_empty()) {
                None => None,
                Some(s) if s.parse::<f64>().is_ok_and(f64::is_finite) => Some(Value::String(s)),
                Some(_) => {
                    errors.push(bad("is not a number"));
                    None
                }
            },
            "regexp" => match text.filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => {
                    let re = f.regexp.and_then(|p| regex_lite::Regex::new(p).ok());
                    if re.is_none_or(|re| re.is_match(&s)) {
                        Some(Value::String(s))
                    } else {
                        errors.push(bad("is invalid"));
                        None
                    }
                }
            },
            "tagger" => text
                .filter(|s| f.options.iter().any(|o| o.value == s))
                .map(Value::String),
            "multiselect" => {
                let picked: Vec<Value> = match &v {
                    Value::Array(a) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect::<Vec<_>>(),
                    Value::String(s) => vec![s.clone()],
                    _ => vec![],
                }
                .into_iter()
                .filter(|s| f.options.iter().any(|o| o.value == s))
                .map(Value::String)
                .collect();
                (!picked.is_empty()).then_some(Value::Array(picked))
            }
            _ => None,
        };
        if let Some(n) = normalized {
            values.retain(|(i, _)| *i != id);
            values.push((id, n));
        }
    }
    // Requirements: conditional children are required per their condition, only when shown.
    for &fid in &form.ticket_field_ids {
        let Some(f) = catalog.field(fid) else {
            continue;
        };
        if f.is_system() || !f.visible_in_portal {
            continue;
        }
        let conds: Vec<_> = form
            .end_user_conditions
            .iter()
            .filter_map(|c| {
                c.child_fields
                    .iter()
                    .find(|(id, _)| *id == fid)
                    .map(|(_, req)| (c, *req))
            })
            .collect();
        let required = if conds.is_empty() {
            f.required_in_portal
        } else {
            conds.iter().any(|(c, req)| {
                *req && values.iter().any(|(id, v)| {
                    *id == c.parent_field_id
                        && (v == &c.value || v.as_array().is_some_and(|a| a.contains(&c.value)))
                })
            })
        };
        let present = values
            .iter()
            .any(|(id, v)| *id == fid && v != &Value::Bool(false));
        if required && !present {
            errors.push(Detail {
                key: "base".into(),
                description: format!("{}: cannot be blank", f.title_in_portal.en),
                error: "BlankValue",
                field_key: Some(fid),
            });
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(ApiError::Invalid(errors))
    }
}

fn new_comment(
    store: &mut Store,
    author: u64,
    body: &str,
    attachments: Vec<u64>,
    now: i64,
) -> Comment {
    Comment {
        id: store.comment_id(),
        author_id: author,
        body: body.to_string(),
        html_body: seed::render_plain(body),
        plain_body: body.to_string(),
        public: true,
        attachment_ids: attachments,
        created_at: now,
    }
}

/// `POST /api/v2/requests`: an end user, or anonymous with `requester` when the account allows.
pub async fn create(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    body: Bytes,
) -> ApiResult {
    let v = body_json(&body)?;
    let req = v.get("request").and_then(Value::as_object).ok_or_else(|| {
        ApiError::Plain(
            StatusCode::BAD_REQUEST,
            "ParameterMissing",
            "param is missing or the value is empty: request".into(),
        )
    })?;
    let now = ctx.now;
    let mut guard = sh.lock();
    let sim = &mut *guard;

    // Requester.
    let requester = match ctx.caller.user() {
        Some(u) => u,
        None => {
            if !sim.settings.anonymous_requests {
                return Err(ApiError::Unauthenticated);
            }
            let r = req.get("requester").and_then(Value::as_object);
            let name = r
                .and_then(|r| str_field(r, "name"))
                .map(str::trim)
                .unwrap_or("");
            let email = r
                .and_then(|r| str_field(r, "email"))
                .map(str::trim)
                .unwrap_or("");
            let mut errs = Vec::new();
            if name.is_empty() {
                errs.push(Detail::new(
                    "requester",
                    "BlankValue",
                    "Requester Name:  is too short (minimum one character)",
                ));
            }
            if !valid_email(email) {
                errs.push(Detail::new(
                    "requester",
                    "InvalidValue",
                    format!("Requester Email: {email} is not properly formatted"),
                ));
            }
            if !errs.is_empty() {
                return Err(ApiError::Invalid(errs));
            }
            if sim.settings.trial_anonymous_limit {
                while sim.anon_creates.front().is_some_and(|t| *t <= now - 3600) {
                    sim.anon_creates.pop_front();
                }
                if sim.anon_creates.len() >= 5 {
                    let retry = sim
                        .anon_creates
                        .front()
                        .map(|t| t + 3600 - now)
                        .unwrap_or(3600)
                        .max(1);
                    return Err(ApiError::RateLimited(retry as u64));
                }
            }
            let id = sim.store.ensure_user(email, Some(name), now);
            let locale = r.and_then(|r| str_field(r, "locale")).map(str::to_string);
            if let (Some(l), Some(u)) = (locale, sim.store.users.get_mut(&id)) {
                if u.created_at == now {
                    u.locale = l;
                }
            }
            id
        }
    };

    // Subject and first comment.
    let subject = str_field(req, "subject")
        .map(str::trim)
        .unwrap_or("")
        .to_string();
    let comment = req
        .get("comment")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let text = comment_body(&comment);
    let mut errs = Vec::new();
    if subject.is_empty() {
        errs.push(Detail::new(
            "subject",
            "BlankValue",
            "Subject: cannot be blank",
        ));
    }
    if text.trim().is_empty() {
        errs.push(Detail::new(
            "base",
            "BlankValue",
            "Description: cannot be blank",
        ));
    }
    if !errs.is_empty() {
        return Err(ApiError::Invalid(errs));
    }
    check_body(&text)?;

    // Form: unknown, inactive or hidden forms fall back to the default one.
    let form_id = req
        .get("ticket_form_id")
        .and_then(as_id)
        .filter(|id| {
            sh.catalog
                .form(*id)
                .is_some_and(|f| f.active && f.end_user_visible)
        })
        .unwrap_or(DEFAULT_FORM);
    let input = req
        .get("custom_fields")
        .or_else(|| req.get("fields"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let fields = custom_fields(&sh.catalog, form_id, &input)?;

    // Follow-up of a closed request.
    let followup = match req.get("via_followup_source_id") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let src = as_id(v).and_then(|id| sim.store.requests.get(&id));
            match src {
                Some(s) if s.status == Status::Closed && sim.store.can_view(s, requester) => {
                    Some(s.id)
                }
                Some(s) if sim.store.can_view(s, requester) => {
                    return Err(ApiError::invalid(
                        "via_followup_source_id",
                        "InvalidValue",
                        "Follow-up source: the source ticket must be closed",
                    ))
                }
                _ => {
                    return Err(ApiError::invalid(
                        "via_followup_source_id",
                        "InvalidValue",
                        "Follow-up source: is invalid",
                    ))
                }
            }
        }
    };

    let store = &mut sim.store;
    let attachments = take_uploads(store, &comment, now);
    let mut collab = req
        .get("collaborators")
        .and_then(Value::as_array)
        .map(|l| collaborators(store, l, now))
        .unwrap_or_default();
    collab.retain(|c| *c != requester);
    store.next_request_id += 1;
    let id = store.next_request_id;
    let mut r = Request {
        id,
        subject,
        description: text.clone(),
        status: Status::New,
        requester_id: requester,
        assignee_id: None,
        group_id: None,
        organization_id: None,
        collaborator_ids: collab,
        email_cc_ids: vec![],
        ticket_form_id: form_id,
        custom_fields: fields,
        followup_source_id: followup,
        // End users can't set priority or type: whatever they sent is dropped.
        priority: None,
        kind: None,
        solvable: false,
        via: if ctx.caller.user().is_some() {
            "api".into()
        } else {
            "web".into()
        },
        created_at: now,
        updated_at: now,
    };
    if sim.settings.email_ccs {
        if let Some(l) = req.get("email_ccs").and_then(Value::as_array) {
            apply_email_ccs(store, &mut r, l, now);
        }
    }
    let c = new_comment(store, requester, &text, attachments, now);
    store.comments.insert(id, vec![c]);
    let rendered = views::request(&ctx, &sh.catalog, &r, Some(requester));
    store.requests.insert(id, r);
    if ctx.caller.user().is_none() && sim.settings.trial_anonymous_limit {
        sim.anon_creates.push_back(now);
    }
    drop(guard);
    sh.changed();
    let mut resp = (StatusCode::CREATED, ok(&json!({"request": rendered}))).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("{}/api/v2/requests/{id}.json", ctx.api)) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

/// `PUT /api/v2/requests/{id}`: only `comment`, `solved`, `additional_collaborators` and
/// `email_ccs` are honoured; anything else is ignored.
pub async fn update(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let id = id_param(&id)?;
    let v = body_json(&body)?;
    let now = ctx.now;
    let mut guard = sh.lock();
    let sim = &mut *guard;
    let (user, _) = visible(&ctx, &sim.store, id)?;
    let req = v.get("request").and_then(Value::as_object).ok_or_else(|| {
        ApiError::Plain(
            StatusCode::BAD_REQUEST,
            "ParameterMissing",
            "param is missing or the value is empty: request".into(),
        )
    })?;

    // Zendesk: 30 updates per 10 minutes per user per ticket.
    let window = sim.ticket_updates.entry((user, id)).or_default();
    while window.front().is_some_and(|t| *t <= now - 600) {
        window.pop_front();
    }
    if window.len() >= 30 {
        let retry = window.front().map(|t| t + 600 - now).unwrap_or(600).max(1);
        return Err(ApiError::RateLimited(retry as u64));
    }
    window.push_back(now);

    let store = &mut sim.store;
    let mut r = store.requests.get(&id).cloned().ok_or(ApiError::NotFound)?;
    let comment = req.get("comment").and_then(Value::as_object).cloned();
    let wants_solved = req
        .get("solved")
        .is_some_and(|s| s == &json!(true) || s == &json!("true"));
    let add_collab = req
        .get("additional_collaborators")
        .and_then(Value::as_array)
        .cloned();
    let ccs = req.get("email_ccs").and_then(Value::as_array).cloned();
    let changes = comment.is_some() || add_collab.is_some() || ccs.is_some();
    if r.status == Status::Closed && changes {
        return Err(ApiError::invalid(
            "status",
            "ClosedPreventsUpdate",
            "Status: closed prevents ticket update",
        ));
    }
    let mut changed = false;
    if let Some(c) = &comment {
        let text = comment_body(c);
        let has_uploads = c
            .get("uploads")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty());
        if text.trim().is_empty() && !has_uploads {
            return Err(ApiError::invalid(
                "comment",
                "BlankValue",
                "Comment: cannot be blank",
            ));
        }
        check_body(&text)?;
        if store.comments.get(&id).map_or(0, Vec::len) >= MAX_COMMENTS {
            return Err(ApiError::invalid(
                "base",
                "TooManyComments",
                format!("Ticket has reached the maximum of {MAX_COMMENTS} comments"),
            ));
        }
        let attachments = take_uploads(store, c, now);
        let c = new_comment(store, user, &text, attachments, now);
        store.comments.entry(id).or_default().push(c);
        // A requester's reply re-opens solved (and answers pending) requests.
        if matches!(r.status, Status::Solved | Status::Pending) {
            r.status = Status::Open;
        }
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
    let rendered = views::request(&ctx, &sh.catalog, &r, Some(user));
    store.requests.insert(id, r);
    drop(guard);
    if changed {
        sh.changed();
    }
    Ok(ok(&json!({"request": rendered})))
}
