//! The types of the static [`Catalog`]: ticket forms, ticket fields and Help Center articles,
//! built from the tables in [`super::fields`], [`super::forms`] and [`super::articles`].

use serde_json::Value;

/// Text in English with optional German and French translations (`?locale=`).
#[derive(Debug, Clone, Copy)]
pub struct L10n {
    /// English.
    pub en: &'static str,
    /// German.
    pub de: Option<&'static str>,
    /// French.
    pub fr: Option<&'static str>,
}

impl L10n {
    /// English, German and French.
    pub const fn new(en: &'static str, de: &'static str, fr: &'static str) -> L10n {
        L10n {
            en,
            de: Some(de),
            fr: Some(fr),
        }
    }

    /// English and German only (French falls back to English).
    pub const fn en_de(en: &'static str, de: &'static str) -> L10n {
        L10n {
            en,
            de: Some(de),
            fr: None,
        }
    }

    /// No text in any language.
    pub const NONE: L10n = L10n {
        en: "",
        de: None,
        fr: None,
    };

    /// The text for a locale such as `de`, `de-CH` or `fr-fr`; English otherwise.
    pub fn get(&self, locale: Option<&str>) -> &'static str {
        let lang = locale
            .map(|l| {
                l.split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        match lang.as_str() {
            "de" => self.de.unwrap_or(self.en),
            "fr" => self.fr.unwrap_or(self.en),
            _ => self.en,
        }
    }
}

/// A drop-down option.
#[derive(Debug, Clone, Copy)]
pub struct FieldOption {
    /// Option id.
    pub id: u64,
    /// Shown name (`::` separates levels of a nested drop-down).
    pub name: L10n,
    /// Tag value stored on the ticket.
    pub value: &'static str,
    /// Preselected.
    pub default: bool,
}

impl FieldOption {
    /// An option named in English and German, not preselected.
    pub const fn new(id: u64, en: &'static str, de: &'static str, value: &'static str) -> Self {
        FieldOption {
            id,
            name: L10n::en_de(en, de),
            value,
            default: false,
        }
    }
}

/// A ticket field.
#[derive(Debug, Clone, Copy)]
pub struct TicketField {
    /// Field id.
    pub id: u64,
    /// Zendesk type (`subject`, `description`, `text`, `tagger`, …).
    pub kind: &'static str,
    /// Agent-facing title.
    pub title: &'static str,
    /// End-user title.
    pub title_in_portal: L10n,
    /// Help text.
    pub description: L10n,
    /// Required for end users.
    pub required_in_portal: bool,
    /// Shown to end users.
    pub visible_in_portal: bool,
    /// Editable by end users.
    pub editable_in_portal: bool,
    /// Active.
    pub active: bool,
    /// Ruby-style regexp of `regexp` fields.
    pub regexp: Option<&'static str>,
    /// Options of `tagger`/`multiselect` fields.
    pub options: &'static [FieldOption],
    /// Sort position.
    pub position: u32,
}

impl TicketField {
    /// `subject`/`description` are system fields, never in `custom_fields`.
    pub fn is_system(&self) -> bool {
        matches!(self.kind, "subject" | "description")
    }

    /// The Zendesk type name of `ticket_field_type` in 422 details (`FieldTagger`, …).
    pub fn error_type(&self) -> &'static str {
        match self.kind {
            "text" => "FieldText",
            "textarea" => "FieldTextarea",
            "checkbox" => "FieldCheckbox",
            "date" => "FieldDate",
            "integer" => "FieldInteger",
            "decimal" => "FieldDecimal",
            "regexp" => "FieldRegexp",
            "tagger" => "FieldTagger",
            "multiselect" => "FieldMultiselect",
            _ => "FieldText",
        }
    }
}

/// The value of a condition's parent field that shows its children.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConditionValue {
    /// A drop-down (or multiselect) option value.
    Tag(&'static str),
    /// A checkbox state.
    Checked(bool),
}

impl ConditionValue {
    /// As JSON (`"shipping"`, `true`).
    pub fn json(self) -> Value {
        match self {
            ConditionValue::Tag(t) => Value::String(t.into()),
            ConditionValue::Checked(b) => Value::Bool(b),
        }
    }
}

/// An `end_user_conditions` entry.
#[derive(Debug, Clone, Copy)]
pub struct Condition {
    /// Field whose value triggers the condition.
    pub parent_field_id: u64,
    /// Value that shows the children.
    pub value: ConditionValue,
    /// `(child field id, is_required)`.
    pub child_fields: &'static [(u64, bool)],
}

/// A ticket form.
#[derive(Debug, Clone, Copy)]
pub struct TicketForm {
    /// Form id.
    pub id: u64,
    /// Agent-facing name.
    pub name: &'static str,
    /// End-user name.
    pub display_name: L10n,
    /// Shown to end users.
    pub end_user_visible: bool,
    /// Active.
    pub active: bool,
    /// The account's default form.
    pub default: bool,
    /// Sort position.
    pub position: u32,
    /// Fields, in order (may include fields end users can't see).
    pub ticket_field_ids: &'static [u64],
    /// Conditional fields for end users.
    pub end_user_conditions: &'static [Condition],
    /// Offered in every brand (`in_all_brands`).
    pub in_all_brands: bool,
    /// The brands it is offered in when not in all of them (`restricted_brand_ids`).
    pub restricted_brand_ids: &'static [u64],
}

impl TicketForm {
    /// Whether the form is offered in `brand`.
    pub fn in_brand(&self, brand: u64) -> bool {
        self.in_all_brands || self.restricted_brand_ids.contains(&brand)
    }
}

/// A Help Center article.
#[derive(Debug, Clone)]
pub struct Article {
    /// Article id.
    pub id: u64,
    /// Title.
    pub title: &'static str,
    /// HTML body.
    pub body: String,
    /// Section.
    pub section_id: u64,
    /// Creation time.
    pub created_at: i64,
    /// Last edit.
    pub updated_at: i64,
    /// Votes.
    pub vote_sum: i64,
}

/// Forms, fields and articles: fixed, never persisted.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Ticket forms by position.
    pub forms: Vec<TicketForm>,
    /// Ticket fields by position.
    pub fields: Vec<TicketField>,
    /// Help Center articles.
    pub articles: Vec<Article>,
}

impl Catalog {
    /// Builds the catalog from the seed tables.
    pub fn build() -> Catalog {
        Catalog {
            forms: super::forms::FORMS.to_vec(),
            fields: super::fields::FIELDS.to_vec(),
            articles: super::articles::articles(),
        }
    }

    /// Field by id.
    pub fn field(&self, id: u64) -> Option<&TicketField> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// Form by id.
    pub fn form(&self, id: u64) -> Option<&TicketForm> {
        self.forms.iter().find(|f| f.id == id)
    }
}
