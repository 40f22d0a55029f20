//! Ticket forms and ticket fields, as end users (and anonymous visitors) see them.

use super::{ok, RecordId, Shared};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::seed::forms::brand_of;
use crate::seed::TicketForm;
use crate::views;
use axum::extract::State;
use axum::Extension;
use serde_json::{json, Value};

/// Filters of `active=true`, `end_user_visible=true` and `associated_to_brand=true`. Forms
/// hidden from end users are never shown to them; inactive forms are listed unless
/// `active=true`; without `associated_to_brand=true` every brand's forms are listed, with it
/// only those `in_all_brands` or naming this host's brand in `restricted_brand_ids`
/// (developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/, List Ticket Forms).
fn form_filter(ctx: &Ctx) -> impl Fn(&&TicketForm) -> bool + '_ {
    let brand = (ctx.q("associated_to_brand") == Some("true")).then(|| brand_of(&ctx.api));
    move |f: &&TicketForm| {
        f.end_user_visible
            && (ctx.q("active") != Some("true") || f.active)
            && (ctx.q("active") != Some("false") || !f.active)
            && brand.is_none_or(|b| f.in_brand(b))
    }
}

/// `GET /api/v2/ticket_forms`.
pub async fn list(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    let forms: Vec<Value> = sh
        .catalog
        .forms
        .iter()
        .filter(form_filter(&ctx))
        .map(|f| views::form(&ctx, f))
        .collect();
    let count = forms.len();
    Ok(ok(
        &json!({"ticket_forms": forms, "next_page": null, "previous_page": null, "count": count}),
    ))
}

/// `{key: view}` of one catalog record end users may see; 404 when there is none.
fn one<T>(visible: Option<&T>, key: &str, view: impl FnOnce(&T) -> Value) -> ApiResult {
    let record = visible.ok_or(ApiError::NotFound)?;
    Ok(ok(&json!({ key: view(record) })))
}

/// `GET /api/v2/ticket_forms/{id}` (404 for forms end users can't see).
pub async fn show(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
) -> ApiResult {
    let form = sh.catalog.form(id).filter(|f| f.end_user_visible);
    one(form, "ticket_form", |f| views::form(&ctx, f))
}

/// `GET /api/v2/ticket_forms/show_many?ids=…[&include=ticket_fields]`: what Zendesk's own
/// widget calls; the sideloaded fields are only the portal-visible ones.
pub async fn show_many(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    let ids: Vec<u64> = ctx
        .q("ids")
        .unwrap_or("")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    if ids.is_empty() {
        return Err(ApiError::bad_request("ids is required"));
    }
    let forms: Vec<&TicketForm> = sh
        .catalog
        .forms
        .iter()
        .filter(|f| ids.contains(&f.id))
        .filter(form_filter(&ctx))
        .collect();
    let mut body =
        json!({"ticket_forms": forms.iter().map(|f| views::form(&ctx, f)).collect::<Vec<_>>()});
    if ctx
        .q("include")
        .is_some_and(|i| i.split(',').any(|s| s.trim() == "ticket_fields"))
    {
        let fields: Vec<Value> = sh
            .catalog
            .fields
            .iter()
            .filter(|f| {
                f.visible_in_portal
                    && forms
                        .iter()
                        .any(|form| form.ticket_field_ids.contains(&f.id))
            })
            .map(|f| views::field(&ctx, f))
            .collect();
        body["ticket_fields"] = json!(fields);
    }
    Ok(ok(&body))
}

/// `GET /api/v2/ticket_fields?locale=…`: only `visible_in_portal` fields. `count` counts every
/// field, hidden ones included ("count is unreliable", as the contract warns).
pub async fn fields(State(sh): State<Shared>, Extension(ctx): Extension<Ctx>) -> ApiResult {
    let fields: Vec<Value> = sh
        .catalog
        .fields
        .iter()
        .filter(|f| f.visible_in_portal)
        .map(|f| views::field(&ctx, f))
        .collect();
    Ok(ok(
        &json!({"ticket_fields": fields, "next_page": null, "previous_page": null, "count": sh.catalog.fields.len()}),
    ))
}

/// `GET /api/v2/ticket_fields/{id}` (404 for fields end users can't see).
pub async fn field(
    State(sh): State<Shared>,
    Extension(ctx): Extension<Ctx>,
    RecordId(id): RecordId,
) -> ApiResult {
    let field = sh.catalog.field(id).filter(|f| f.visible_in_portal);
    one(field, "ticket_field", |f| views::field(&ctx, f))
}
