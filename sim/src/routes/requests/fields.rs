//! Custom field values of a create, checked against the form as Zendesk checks them for end
//! users: unknown fields and unknown options are dropped; malformed dates, numbers and regexp
//! mismatches are 422; then `required_in_portal` and `end_user_conditions` requirements.

use super::input::as_id;
use crate::error::{ApiError, Detail};
use crate::seed::{Catalog, TicketField, TicketForm};
use crate::time;
use serde_json::Value;

/// The accepted `(field id, value)` pairs, or 422 with every problem found.
pub fn custom_fields(
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
        match normalize(f, &v) {
            Ok(Some(n)) => {
                values.retain(|(i, _)| *i != id);
                values.push((id, n));
            }
            Ok(None) => {}
            Err(what) => errors.push(field_error(f, "InvalidValue", what)),
        }
    }
    errors.extend(missing_required(catalog, form, &values));
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// A `details.base[]` entry about field `f`.
fn field_error(f: &TicketField, error: &'static str, what: &str) -> Detail {
    Detail {
        key: "base".into(),
        description: format!("{}: {what}", f.title_in_portal.en),
        error,
        ticket_field: Some((f.id, f.error_type())),
    }
}

/// The stored value of `v` for field `f`: `Ok(None)` when empty or dropped (unknown option),
/// `Err(reason)` when malformed.
fn normalize(f: &TicketField, v: &Value) -> Result<Option<Value>, &'static str> {
    let text = match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty());
    let checked = |ok: bool, why| {
        if ok {
            Ok(text.clone().map(Value::String))
        } else {
            Err(why)
        }
    };
    match f.kind {
        "text" | "textarea" => Ok(text.map(Value::String)),
        "checkbox" => Ok(match v {
            Value::Bool(b) => Some(Value::Bool(*b)),
            Value::String(s) if s == "true" || s == "1" => Some(Value::Bool(true)),
            Value::String(s) if s == "false" || s == "0" || s.is_empty() => {
                Some(Value::Bool(false))
            }
            _ => None,
        }),
        _ if text.is_none() && f.kind != "multiselect" => Ok(None),
        "date" => checked(
            text.as_deref().and_then(time::parse_date).is_some(),
            "is not a valid date (YYYY-MM-DD)",
        ),
        "integer" => checked(
            text.as_deref().is_some_and(|s| s.parse::<i64>().is_ok()),
            "is not a number",
        ),
        "decimal" => checked(
            text.as_deref()
                .is_some_and(|s| s.parse::<f64>().is_ok_and(f64::is_finite)),
            "is not a number",
        ),
        "regexp" => {
            let re = f.regexp.and_then(|p| regex_lite::Regex::new(p).ok());
            checked(
                re.is_none_or(|re| text.as_deref().is_some_and(|s| re.is_match(s))),
                "is invalid",
            )
        }
        "tagger" => Ok(text
            .filter(|s| f.options.iter().any(|o| o.value == s))
            .map(Value::String)),
        "multiselect" => {
            let picked: Vec<Value> = match v {
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                Value::String(s) => vec![s.clone()],
                _ => vec![],
            }
            .into_iter()
            .filter(|s| f.options.iter().any(|o| o.value == s))
            .map(Value::String)
            .collect();
            Ok((!picked.is_empty()).then_some(Value::Array(picked)))
        }
        _ => Ok(None),
    }
}

/// Required fields without a value: conditional children are required per their condition,
/// and only when shown; others per `required_in_portal`.
fn missing_required(catalog: &Catalog, form: &TicketForm, values: &[(u64, Value)]) -> Vec<Detail> {
    let mut errors = Vec::new();
    for &fid in form.ticket_field_ids {
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
                let shown_by = c.value.json();
                *req && values.iter().any(|(id, v)| {
                    *id == c.parent_field_id
                        && (v == &shown_by || v.as_array().is_some_and(|a| a.contains(&shown_by)))
                })
            })
        };
        let present = values
            .iter()
            .any(|(id, v)| *id == fid && v != &Value::Bool(false));
        if required && !present {
            errors.push(field_error(f, "BlankValue", "cannot be blank"));
        }
    }
    errors
}
