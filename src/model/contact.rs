//! The contact form as data: which fields a ticket form shows, which are required as the user
//! answers (`end_user_conditions`), what each value must look like, and the custom fields sent.
//! No DOM here, so all of it is unit-tested natively; the screen renders what this decides.

use serde::Serialize;
use serde_json::Value;

use crate::api::body::FieldValue;
use crate::api::models::{TicketField, TicketForm};
use crate::model::field_map::FieldMap;

/// How a field is rendered and validated.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    Textarea,
    /// A checkbox.
    Checkbox,
    /// A calendar date, sent as `YYYY-MM-DD`.
    Date,
    /// A whole number.
    Integer,
    /// A decimal number, sent with a `.` separator.
    Decimal,
    /// Text that must match a regular expression.
    Regexp(String),
    /// Pick one option; `nested` when option names are `::`-separated paths.
    Dropdown {
        /// The options, in order.
        options: Vec<Choice>,
        /// Whether names are paths such as `Hardware::Printer`.
        nested: bool,
    },
    /// Pick any number of options.
    Multiselect(Vec<Choice>),
}

/// An option of a dropdown or multiselect.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The label, with `::` path separators shown as ` › `.
    pub label: String,
    /// The tag sent to Zendesk.
    pub value: String,
}

/// A field the end user can fill in.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// The ticket field id.
    pub id: u64,
    /// Rendering and validation.
    pub kind: FieldKind,
    /// The portal title.
    pub title: String,
    /// Help text, if any.
    pub description: Option<String>,
    /// Required regardless of conditions.
    pub required: bool,
}

/// A value the user entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// Checkbox.
    Flag(bool),
    /// Text, number, date, dropdown tag.
    Text(String),
    /// Multiselect tags.
    Tags(Vec<String>),
}

impl Answer {
    /// An answer as [`Answer`]'s `Serialize` writes it: a boolean, a string or an array of
    /// strings.
    pub(crate) fn from_stored(value: Value) -> Option<Answer> {
        match value {
            Value::Bool(checked) => Some(Answer::Flag(checked)),
            Value::String(text) => Some(Answer::Text(text)),
            Value::Array(tags) => tags
                .into_iter()
                .map(|tag| match tag {
                    Value::String(tag) => Some(tag),
                    _ => None,
                })
                .collect::<Option<_>>()
                .map(Answer::Tags),
            _ => None,
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Answer::Flag(checked) => !checked,
            Answer::Text(text) => text.trim().is_empty(),
            Answer::Tags(tags) => tags.is_empty(),
        }
    }

    /// Whether this answer satisfies a condition's `value` (a tag, or `true`/`false`).
    fn meets(&self, wanted: &Value) -> bool {
        match (self, wanted) {
            (Answer::Flag(checked), Value::Bool(wanted)) => checked == wanted,
            (Answer::Flag(checked), Value::String(wanted)) => wanted == &checked.to_string(),
            (Answer::Text(text), Value::String(wanted)) => text == wanted,
            (Answer::Tags(tags), Value::String(wanted)) => tags.contains(wanted),
            _ => false,
        }
    }
}

/// Why a value is refused before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// Required and empty.
    Missing,
    /// Not an email address (the anonymous requester's).
    NotEmail,
    /// Not a whole number.
    NotInteger,
    /// Not a decimal number.
    NotDecimal,
    /// Not a `YYYY-MM-DD` date.
    NotDate,
    /// Does not match the field's pattern.
    NoMatch,
    /// Not one of the field's options.
    UnknownOption,
}

/// A ticket form made ready for the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactForm {
    /// The ticket form id (`None` when the account has no forms: then only the basics).
    pub form_id: Option<u64>,
    /// Name shown in the picker.
    pub name: String,
    /// The custom fields in form order (subject and description are always shown apart).
    pub fields: Vec<FieldSpec>,
    conditions: Vec<Condition>,
}

/// When `parent` is answered `value`, show `children` (id, required).
type Condition = (u64, Value, Vec<(u64, bool)>);

impl ContactForm {
    /// Builds the form from Zendesk's form and field definitions, keeping only what end users
    /// may see and edit.
    pub fn new(form: &TicketForm, all_fields: &[TicketField]) -> ContactForm {
        let fields = form
            .ticket_field_ids
            .iter()
            .filter_map(|id| all_fields.iter().find(|f| f.id == *id))
            .filter_map(field_spec)
            .collect();
        let conditions = form
            .end_user_conditions
            .iter()
            .filter_map(|c| {
                let children = c
                    .child_fields
                    .iter()
                    .map(|f| (f.id, f.is_required))
                    .collect();
                Some((c.parent_field_id?, c.value.clone(), children))
            })
            .collect();
        ContactForm {
            form_id: Some(form.id),
            name: form
                .display_name
                .clone()
                .or_else(|| form.name.clone())
                .unwrap_or_default(),
            fields,
            conditions,
        }
    }

    /// The form of an account without ticket forms: every custom field end users may edit,
    /// in Zendesk's order, with no conditions.
    pub fn without_form(all_fields: &[TicketField]) -> ContactForm {
        ContactForm {
            form_id: None,
            name: String::new(),
            fields: all_fields.iter().filter_map(field_spec).collect(),
            conditions: Vec::new(),
        }
    }

    /// The fields to show for `answers`, each with whether it is required now. A field that is
    /// the child of a condition shows only while a visible parent's answer meets it.
    pub fn visible(&self, answers: &FieldMap<Answer>) -> Vec<(&FieldSpec, bool)> {
        let is_child = |id: u64| {
            self.conditions
                .iter()
                .any(|(_, _, children)| children.iter().any(|(child, _)| *child == id))
        };
        let mut shown: Vec<(&FieldSpec, bool)> = Vec::new();
        for field in &self.fields {
            if !is_child(field.id) {
                shown.push((field, field.required));
                continue;
            }
            // Fields come in form order and parents precede their children, so a parent's
            // visibility is already decided when its child is reached.
            let required_by = self
                .conditions
                .iter()
                .filter(|(parent, wanted, _)| {
                    shown.iter().any(|(f, _)| f.id == *parent)
                        && answers.get(parent).is_some_and(|a| a.meets(wanted))
                })
                .find_map(|(_, _, children)| children.iter().find(|(child, _)| *child == field.id));
            if let Some((_, required)) = required_by {
                shown.push((field, field.required || *required));
            }
        }
        shown
    }

    /// Problems with the visible fields' answers; `matches(pattern, text)` evaluates a
    /// regexp field (the browser's `RegExp` in the widget).
    pub fn problems(
        &self,
        answers: &FieldMap<Answer>,
        matches: impl Fn(&str, &str) -> bool,
    ) -> Vec<(u64, FieldProblem)> {
        self.visible(answers)
            .into_iter()
            .filter_map(|(field, required)| {
                let problem = match answers.get(&field.id).filter(|a| !a.is_blank()) {
                    None if required => Some(FieldProblem::Missing),
                    None => None,
                    Some(answer) => check(&field.kind, answer, &matches),
                };
                problem.map(|p| (field.id, p))
            })
            .collect()
    }

    /// The `custom_fields` to send: visible, answered fields only, in Zendesk's value shapes.
    pub fn custom_fields(&self, answers: &FieldMap<Answer>) -> Vec<FieldValue> {
        self.visible(answers)
            .into_iter()
            .filter_map(|(field, _)| {
                let answer = answers.get(&field.id)?;
                let value = match (&field.kind, answer) {
                    (FieldKind::Checkbox, Answer::Flag(checked)) => Value::Bool(*checked),
                    (_, Answer::Text(text)) if text.trim().is_empty() => return None,
                    (FieldKind::Decimal, Answer::Text(text)) => {
                        Value::String(text.trim().replace(',', "."))
                    }
                    (_, Answer::Text(text)) => Value::String(text.trim().to_owned()),
                    (_, Answer::Tags(tags)) if tags.is_empty() => return None,
                    (_, Answer::Tags(tags)) => {
                        Value::Array(tags.iter().cloned().map(Value::String).collect())
                    }
                    (_, Answer::Flag(_)) => return None,
                };
                Some(FieldValue {
                    id: field.id,
                    value,
                })
            })
            .collect()
    }
}

/// The portal view of one field, or `None` for fields end users don't fill in here (system
/// fields, hidden, read-only, inactive, or types the portal doesn't offer).
fn field_spec(field: &TicketField) -> Option<FieldSpec> {
    if !field.visible_in_portal || !field.editable_in_portal || !field.active {
        return None;
    }
    let choices = || {
        field
            .custom_field_options
            .iter()
            .filter_map(|o| {
                Some(Choice {
                    label: o.name.clone()?.replace("::", " › "),
                    value: o.value.clone()?,
                })
            })
            .collect::<Vec<_>>()
    };
    let kind = match field.kind.as_deref()? {
        "text" => FieldKind::Text,
        "textarea" => FieldKind::Textarea,
        "checkbox" => FieldKind::Checkbox,
        "date" => FieldKind::Date,
        "integer" => FieldKind::Integer,
        "decimal" => FieldKind::Decimal,
        "regexp" => FieldKind::Regexp(field.regexp_for_validation.clone().unwrap_or_default()),
        "tagger" => FieldKind::Dropdown {
            nested: field
                .custom_field_options
                .iter()
                .any(|o| o.name.as_deref().is_some_and(|n| n.contains("::"))),
            options: choices(),
        },
        "multiselect" => FieldKind::Multiselect(choices()),
        _ => return None,
    };
    Some(FieldSpec {
        id: field.id,
        kind,
        title: field
            .title_in_portal
            .clone()
            .or_else(|| field.title.clone())
            .unwrap_or_default(),
        description: field.description.clone().filter(|d| !d.trim().is_empty()),
        required: field.required_in_portal,
    })
}

fn check(
    kind: &FieldKind,
    answer: &Answer,
    matches: &impl Fn(&str, &str) -> bool,
) -> Option<FieldProblem> {
    let Answer::Text(text) = answer else {
        return match (kind, answer) {
            (FieldKind::Multiselect(options), Answer::Tags(tags))
                if !tags.iter().all(|t| options.iter().any(|o| &o.value == t)) =>
            {
                Some(FieldProblem::UnknownOption)
            }
            _ => None,
        };
    };
    let text = text.trim();
    match kind {
        FieldKind::Integer if !is_integer(text) => Some(FieldProblem::NotInteger),
        FieldKind::Decimal if !is_decimal(text) => Some(FieldProblem::NotDecimal),
        FieldKind::Date if !is_date(text) => Some(FieldProblem::NotDate),
        FieldKind::Regexp(pattern) if !pattern.is_empty() && !matches(pattern, text) => {
            Some(FieldProblem::NoMatch)
        }
        FieldKind::Dropdown { options, .. } if !options.iter().any(|o| o.value == text) => {
            Some(FieldProblem::UnknownOption)
        }
        _ => None,
    }
}

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut parts = unsigned.splitn(2, ['.', ',']);
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match fraction {
        None => !whole.is_empty() && digits(whole),
        Some(fraction) => {
            !(whole.is_empty() && fraction.is_empty())
                && digits(whole)
                && digits(fraction)
                && !fraction.is_empty()
        }
    }
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1000 && (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> Vec<TicketField> {
        serde_json::from_value(json!([
            {"id": 1, "type": "subject", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 10, "type": "tagger", "title_in_portal": "Topic", "visible_in_portal": true, "editable_in_portal": true, "required_in_portal": true,
             "custom_field_options": [{"id": 1, "name": "Orders::Late delivery", "value": "late"}, {"id": 2, "name": "Billing", "value": "billing"}]},
            {"id": 11, "type": "text", "title_in_portal": "Order number", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 12, "type": "checkbox", "title_in_portal": "Gift?", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 13, "type": "integer", "title_in_portal": "Items", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 14, "type": "decimal", "title_in_portal": "Amount", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 15, "type": "date", "title_in_portal": "Ordered on", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 16, "type": "regexp", "title_in_portal": "Serial", "regexp_for_validation": "^SN-\\d+$", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 17, "type": "multiselect", "title_in_portal": "Devices", "visible_in_portal": true, "editable_in_portal": true,
             "custom_field_options": [{"name": "Phone", "value": "phone"}, {"name": "Laptop", "value": "laptop"}]},
            {"id": 18, "type": "textarea", "title_in_portal": "Gift note", "visible_in_portal": true, "editable_in_portal": true},
            {"id": 19, "type": "text", "title_in_portal": "Agents only", "visible_in_portal": false, "editable_in_portal": false},
            {"id": 20, "type": "partialcreditcard", "title_in_portal": "Card", "visible_in_portal": true, "editable_in_portal": true}
        ]))
        .unwrap()
    }

    fn form() -> ContactForm {
        let form: TicketForm = serde_json::from_value(json!({
            "id": 500, "display_name": "Orders", "ticket_field_ids": [1, 10, 11, 12, 18, 13, 14, 15, 16, 17, 19, 20],
            "end_user_conditions": [
                {"parent_field_id": 10, "value": "late", "child_fields": [{"id": 11, "is_required": true}]},
                {"parent_field_id": 12, "value": true, "child_fields": [{"id": 18, "is_required": false}]}
            ]
        }))
        .unwrap();
        ContactForm::new(&form, &fields())
    }

    fn ids(shown: &[(&FieldSpec, bool)]) -> Vec<(u64, bool)> {
        shown.iter().map(|(f, r)| (f.id, *r)).collect()
    }

    #[test]
    fn keeps_only_portal_fields_with_kinds_and_paths() {
        let form = form();
        let field_ids: Vec<u64> = form.fields.iter().map(|f| f.id).collect();
        assert_eq!(field_ids, [10, 11, 12, 18, 13, 14, 15, 16, 17]);
        assert_eq!(form.name, "Orders");
        let FieldKind::Dropdown { options, nested } = &form.fields[0].kind else {
            panic!("tagger is a dropdown")
        };
        assert!(nested);
        assert_eq!(options[0].label, "Orders › Late delivery");
        assert_eq!(options[0].value, "late");
    }

    #[test]
    fn conditions_show_and_require_children_as_the_user_answers() {
        let form = form();
        let mut answers = FieldMap::new();
        assert_eq!(
            ids(&form.visible(&answers)),
            [
                (10, true),
                (12, false),
                (13, false),
                (14, false),
                (15, false),
                (16, false),
                (17, false)
            ]
        );
        answers.insert(10, Answer::Text("late".into()));
        answers.insert(12, Answer::Flag(true));
        let shown = ids(&form.visible(&answers));
        assert!(
            shown.contains(&(11, true)),
            "order number required when late"
        );
        assert!(shown.contains(&(18, false)), "gift note shown when gift");
        answers.insert(10, Answer::Text("billing".into()));
        assert!(!ids(&form.visible(&answers)).iter().any(|(id, _)| *id == 11));
    }

    #[test]
    fn problems_cover_every_type() {
        let form = form();
        let regexp = |pattern: &str, text: &str| pattern == "^SN-\\d+$" && text.starts_with("SN-");
        let mut answers = FieldMap::new();
        assert_eq!(
            form.problems(&answers, regexp),
            [(10, FieldProblem::Missing)]
        );
        answers.insert(10, Answer::Text("late".into()));
        answers.insert(13, Answer::Text("3.5".into()));
        answers.insert(14, Answer::Text("12,50".into()));
        answers.insert(15, Answer::Text("2026-02-30".into()));
        answers.insert(16, Answer::Text("XX-1".into()));
        answers.insert(17, Answer::Tags(vec!["tablet".into()]));
        assert_eq!(
            form.problems(&answers, regexp),
            [
                (11, FieldProblem::Missing),
                (13, FieldProblem::NotInteger),
                (15, FieldProblem::NotDate),
                (16, FieldProblem::NoMatch),
                (17, FieldProblem::UnknownOption),
            ]
        );
        answers.insert(10, Answer::Text("nonsense".into()));
        assert_eq!(
            form.problems(&answers, regexp)[0],
            (10, FieldProblem::UnknownOption)
        );
    }

    #[test]
    fn custom_fields_are_sent_in_zendesk_shapes_for_visible_answers_only() {
        let form = form();
        let mut answers = FieldMap::new();
        answers.insert(10, Answer::Text("billing".into()));
        answers.insert(11, Answer::Text("A-1".into())); // hidden: topic is not "late"
        answers.insert(12, Answer::Flag(false));
        answers.insert(14, Answer::Text(" 12,50 ".into()));
        answers.insert(16, Answer::Text("".into()));
        answers.insert(17, Answer::Tags(vec!["phone".into(), "laptop".into()]));
        let sent = serde_json::to_value(form.custom_fields(&answers)).unwrap();
        assert_eq!(
            sent,
            json!([
                {"id": 10, "value": "billing"},
                {"id": 12, "value": false},
                {"id": 14, "value": "12.50"},
                {"id": 17, "value": ["phone", "laptop"]}
            ])
        );
    }

    #[test]
    fn number_and_date_checks() {
        for good in ["0", "-12", "+7", "123456789012345678"] {
            assert!(is_integer(good), "{good}");
        }
        for bad in ["", "-", "1.0", "1e3", "1234567890123456789", "١٢"] {
            assert!(!is_integer(bad), "{bad}");
        }
        for good in ["1", "1.5", "-0,25", ".5"] {
            assert!(is_decimal(good), "{good}");
        }
        for bad in ["", ".", "1.", "1.2.3", "abc", "1,2,3"] {
            assert!(!is_decimal(bad), "{bad}");
        }
        for good in ["2024-02-29", "2026-12-31"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "20260101",
            "0999-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn an_account_without_forms_offers_its_editable_fields() {
        let form = ContactForm::without_form(&fields());
        assert_eq!(form.form_id, None);
        let shown: Vec<u64> = form.fields.iter().map(|f| f.id).collect();
        assert_eq!(shown, vec![10, 11, 12, 13, 14, 15, 16, 17, 18]);
        assert!(form
            .visible(&FieldMap::new())
            .iter()
            .all(|(f, _)| f.id != 19));
    }
}
