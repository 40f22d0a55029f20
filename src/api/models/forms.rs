//! Ticket forms, their conditions and the ticket fields they show.

use serde_json::Value;

use crate::api::lenient::{deserialize_by_decode, Decode, Fields};

/// A condition on a ticket form: when `parent_field_id` has `value`, show `child_fields`.
#[derive(Debug, Clone, PartialEq)]
pub struct EndUserCondition {
    /// The controlling field.
    pub parent_field_id: Option<u64>,
    /// The value that triggers the condition.
    pub value: Value,
    /// The fields shown when it holds.
    pub child_fields: Vec<ConditionalChildField>,
}

/// A field shown by an [`EndUserCondition`].
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionalChildField {
    /// The field id.
    pub id: u64,
    /// Whether it is then required.
    pub is_required: bool,
}

/// A ticket form an end user may pick.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketForm {
    /// The form id.
    pub id: u64,
    /// Internal name.
    pub name: Option<String>,
    /// Name shown to end users.
    pub display_name: Option<String>,
    /// Whether end users may pick it.
    pub end_user_visible: bool,
    /// Whether it is active.
    pub active: bool,
    /// Whether it is the default form.
    pub default: bool,
    /// Ordering position.
    pub position: Option<u64>,
    /// Its fields, in order.
    pub ticket_field_ids: Vec<u64>,
    /// Conditional fields for end users.
    pub end_user_conditions: Vec<EndUserCondition>,
}

/// An option of a dropdown (`tagger`) or multiselect field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldOption {
    /// The option id (absent on some older responses, then 0).
    pub id: u64,
    /// Label shown to the user.
    pub name: Option<String>,
    /// The tag value sent back.
    pub value: Option<String>,
    /// Whether it is preselected.
    pub default: bool,
}

/// A ticket field (system or custom).
#[derive(Debug, Clone, PartialEq)]
pub struct TicketField {
    /// The field id.
    pub id: u64,
    /// `subject`, `description`, `text`, `textarea`, `checkbox`, `date`, `integer`, `decimal`,
    /// `regexp`, `tagger`, `multiselect`, ... (`type` in JSON).
    pub kind: Option<String>,
    /// Agent-facing title.
    pub title: Option<String>,
    /// Title shown to end users.
    pub title_in_portal: Option<String>,
    /// Help text.
    pub description: Option<String>,
    /// Required for end users.
    pub required_in_portal: bool,
    /// Shown to end users.
    pub visible_in_portal: bool,
    /// Editable by end users.
    pub editable_in_portal: bool,
    /// Whether the field is active (absent means active).
    pub active: bool,
    /// A regular expression the value must match (`regexp` fields).
    pub regexp_for_validation: Option<String>,
    /// Options of dropdowns and multiselects.
    pub custom_field_options: Vec<FieldOption>,
}

/// A ticket form with its fields resolved (from `show_many?include=ticket_fields`).
#[derive(Debug, Clone, PartialEq)]
pub struct FormWithFields {
    /// The form.
    pub form: TicketForm,
    /// The form's fields in the form's order; ids Zendesk didn't include are skipped.
    pub fields: Vec<TicketField>,
}

/// Orders each form's fields by its `ticket_field_ids`.
pub(crate) fn join_form_fields(
    forms: Vec<TicketForm>,
    fields: &[TicketField],
) -> Vec<FormWithFields> {
    forms
        .into_iter()
        .map(|form| {
            let fields = form
                .ticket_field_ids
                .iter()
                .filter_map(|id| fields.iter().find(|field| field.id == *id).cloned())
                .collect();
            FormWithFields { form, fields }
        })
        .collect()
}

impl Decode for EndUserCondition {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            parent_field_id: f.number("parent_field_id"),
            value: f.value("value"),
            child_fields: f.list("child_fields"),
        })
    }
}

impl Decode for ConditionalChildField {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            is_required: f.flag("is_required"),
        })
    }
}

impl Decode for TicketForm {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            name: f.text("name"),
            display_name: f.text("display_name"),
            end_user_visible: f.flag("end_user_visible"),
            active: f.flag("active"),
            default: f.flag("default"),
            position: f.number("position"),
            ticket_field_ids: f.ids("ticket_field_ids"),
            end_user_conditions: f.list("end_user_conditions"),
        })
    }
}

impl Decode for FieldOption {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id").unwrap_or(0),
            name: f.text("name"),
            value: f.text("value"),
            default: f.flag("default"),
        })
    }
}

impl Decode for TicketField {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            kind: f.text("type"),
            title: f.text("title"),
            title_in_portal: f.text("title_in_portal"),
            description: f.text("description"),
            required_in_portal: f.flag("required_in_portal"),
            visible_in_portal: f.flag("visible_in_portal"),
            editable_in_portal: f.flag("editable_in_portal"),
            active: f.flag_unless_false("active"),
            regexp_for_validation: f.text("regexp_for_validation"),
            custom_field_options: f.list("custom_field_options"),
        })
    }
}

deserialize_by_decode!(
    EndUserCondition,
    ConditionalChildField,
    TicketForm,
    FieldOption,
    TicketField
);
