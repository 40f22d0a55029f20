//! Ticket forms of the `acme` account, one row per form (position = row order).
//!
//! | form | id | brand | what |
//! |---|---|---|---|
//! | General question | 10 | all | the default form |
//! | Problem with an order | 11 | all | |
//! | Technical issue | 12 | all | |
//! | Returns (retired) | 13 | all | inactive |
//! | Agent escalation | 14 | all | not end-user visible |
//! | Trail report | 15 | Acme Outdoor only | `restricted_brand_ids: [BRAND_OUTDOOR]` |

use super::catalog::{Condition, ConditionValue, L10n, TicketForm};
use super::fields::id::*;

/// The default ticket form.
pub const DEFAULT_FORM: u64 = 10;
/// "Problem with an order".
pub const ORDER_FORM: u64 = 11;
/// "Technical issue".
pub const TECHNICAL_FORM: u64 = 12;
/// "Returns", inactive.
pub const RETIRED_FORM: u64 = 13;
/// "Agent escalation", hidden from end users.
pub const AGENT_FORM: u64 = 14;

/// "Trail report", offered in the outdoor brand only.
pub const OUTDOOR_FORM: u64 = 15;

/// The account's main brand (`acme`): every host but the outdoor brand's.
pub const BRAND_ACME: u64 = 360_000_100;
/// The second brand, "Acme Outdoor", reached on a host whose first label is `outdoor`
/// (e.g. `outdoor.localhost`), as a brand's own subdomain is on Zendesk.
pub const BRAND_OUTDOOR: u64 = 360_000_200;

/// The brand an API origin such as `http://outdoor.localhost:4010` belongs to.
pub fn brand_of(api_origin: &str) -> u64 {
    let host = api_origin.split("://").nth(1).unwrap_or(api_origin);
    if host.split(['.', ':']).next() == Some("outdoor") {
        BRAND_OUTDOOR
    } else {
        BRAND_ACME
    }
}

/// An active, end-user visible form in all brands without conditions.
const fn form(
    id: u64,
    name: &'static str,
    display_name: L10n,
    position: u32,
    fields: &'static [u64],
) -> TicketForm {
    TicketForm {
        id,
        name,
        display_name,
        end_user_visible: true,
        active: true,
        default: false,
        position,
        ticket_field_ids: fields,
        end_user_conditions: &[],
        in_all_brands: true,
        restricted_brand_ids: &[],
    }
}

impl TicketForm {
    const fn account_default(mut self) -> Self {
        self.default = true;
        self
    }
    const fn conditions(mut self, conditions: &'static [Condition]) -> Self {
        self.end_user_conditions = conditions;
        self
    }
    const fn retired(mut self) -> Self {
        self.active = false;
        self
    }
    const fn agents_only(mut self) -> Self {
        self.end_user_visible = false;
        self
    }
    const fn only_in(mut self, brands: &'static [u64]) -> Self {
        self.in_all_brands = false;
        self.restricted_brand_ids = brands;
        self
    }
}

const fn when(parent: u64, value: ConditionValue, children: &'static [(u64, bool)]) -> Condition {
    Condition {
        parent_field_id: parent,
        value,
        child_fields: children,
    }
}

use ConditionValue::{Checked, Tag};

/// Every ticket form, in position order.
pub const FORMS: [TicketForm; 6] = [
    form(
        DEFAULT_FORM,
        "General question",
        L10n::new("General question", "Allgemeine Frage", "Question générale"),
        1,
        &[
            SUBJECT,
            DESCRIPTION,
            TOPIC,
            ORDER_NUMBER,
            PURCHASE_DATE,
            BLOCKING,
            INTERNAL_NOTE,
        ],
    )
    .account_default()
    .conditions(&[when(
        TOPIC,
        Tag("shipping"),
        &[(ORDER_NUMBER, true), (PURCHASE_DATE, false)],
    )]),
    form(
        ORDER_FORM,
        "Order problem",
        L10n::new(
            "Problem with an order",
            "Problem mit einer Bestellung",
            "Problème de commande",
        ),
        2,
        &[
            SUBJECT,
            DESCRIPTION,
            ORDER_NUMBER,
            PURCHASE_DATE,
            QUANTITY,
            AMOUNT,
            PRODUCT,
            SERIAL,
        ],
    )
    .conditions(&[when(PRODUCT, Tag("hardware__laptop"), &[(SERIAL, true)])]),
    form(
        TECHNICAL_FORM,
        "Technical issue",
        L10n::new(
            "Technical issue",
            "Technisches Problem",
            "Problème technique",
        ),
        3,
        &[
            SUBJECT,
            DESCRIPTION,
            PRODUCT,
            PLATFORMS,
            BLOCKING,
            STEPS,
            SERIAL,
        ],
    )
    .conditions(&[
        when(BLOCKING, Checked(true), &[(STEPS, true)]),
        when(PRODUCT, Tag("software__mobile_app"), &[(PLATFORMS, false)]),
    ]),
    form(
        RETIRED_FORM,
        "Returns (retired)",
        L10n::new("Returns", "Rücksendungen", "Retours"),
        4,
        &[SUBJECT, DESCRIPTION, ORDER_NUMBER],
    )
    .retired(),
    form(
        AGENT_FORM,
        "Agent escalation",
        L10n::new("Escalation", "Eskalation", "Escalade"),
        5,
        &[SUBJECT, DESCRIPTION, INTERNAL_NOTE],
    )
    .agents_only(),
    form(
        OUTDOOR_FORM,
        "Trail report",
        L10n::new("Trail report", "Wegmeldung", "Signalement de sentier"),
        6,
        &[SUBJECT, DESCRIPTION, TRAIL],
    )
    .only_in(&[BRAND_OUTDOOR]),
];
