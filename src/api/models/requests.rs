//! A request as an end user sees it: status, custom field values, channel, rating.

use serde::Serialize;
use serde_json::Value;

use super::User;
use crate::api::lenient::{deserialize_by_decode, Decode, Fields};

/// Where a request stands. Unknown values (new Zendesk statuses) are [`RequestStatus::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestStatus {
    /// Just filed, no agent has looked at it.
    New,
    /// An agent is working on it.
    Open,
    /// Waiting for the end user's reply.
    Pending,
    /// Waiting on a third party.
    Hold,
    /// Solved; a reply reopens it.
    Solved,
    /// Closed; it accepts no comments, only a follow-up request.
    Closed,
    /// Absent or not one of the above.
    #[default]
    Other,
}

impl RequestStatus {
    fn from_text(text: &str) -> Self {
        match text {
            "new" => Self::New,
            "open" => Self::Open,
            "pending" => Self::Pending,
            "hold" => Self::Hold,
            "solved" => Self::Solved,
            "closed" => Self::Closed,
            _ => Self::Other,
        }
    }
}

impl Decode for RequestStatus {
    /// Any value; what isn't a known status word is [`RequestStatus::Other`].
    fn decode(value: Value) -> Option<Self> {
        Some(value.as_str().map_or(Self::Other, Self::from_text))
    }
}

/// A custom field's value: text, number, checkbox, multiselect list, or null.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomFieldValue {
    /// The ticket field's id.
    pub id: u64,
    /// The value as Zendesk sends it (string, number, bool, list of tags, or null).
    pub value: Value,
}

/// How a request arrived (`via {channel, source}`); kept loosely typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Via {
    /// e.g. `"web"`, `"api"`, `"email"`.
    pub channel: Option<String>,
    /// Channel-specific details.
    pub source: Value,
}

/// An end user's view of a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The request id (same as the ticket id).
    pub id: u64,
    /// The API URL of this request.
    pub url: Option<String>,
    /// The subject line.
    pub subject: Option<String>,
    /// The first comment, read-only.
    pub description: Option<String>,
    /// The status.
    pub status: RequestStatus,
    /// A custom status id, when the account uses custom statuses.
    pub custom_status_id: Option<u64>,
    /// `"low" | "normal" | "high" | "urgent"` or absent.
    pub priority: Option<String>,
    /// `"question" | "incident" | "problem" | "task"` or absent (`type` in JSON).
    pub kind: Option<String>,
    /// Who asked.
    pub requester_id: Option<u64>,
    /// The requester's organization.
    pub organization_id: Option<u64>,
    /// The assigned agent.
    pub assignee_id: Option<u64>,
    /// The assigned group.
    pub group_id: Option<u64>,
    /// Users copied on the request.
    pub collaborator_ids: Vec<u64>,
    /// Users on email CC.
    pub email_cc_ids: Vec<u64>,
    /// Whether the request has public comments.
    pub is_public: Option<bool>,
    /// Whether this user may mark it solved.
    pub can_be_solved_by_me: bool,
    /// Whether it is solved.
    pub solved: Option<bool>,
    /// The form used.
    pub ticket_form_id: Option<u64>,
    /// Custom field values (from `custom_fields`, or the older `fields`).
    pub custom_fields: Vec<CustomFieldValue>,
    /// The closed request this one follows up.
    pub followup_source_id: Option<u64>,
    /// The support address it was sent to.
    pub recipient: Option<String>,
    /// How it arrived.
    pub via: Option<Via>,
    /// Due date (tasks).
    pub due_at: Option<String>,
    /// Creation time (ISO-8601).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601).
    pub updated_at: Option<String>,
    /// The request's satisfaction rating: present when the account offers the (legacy) rating
    /// on it, `score` `"offered"` until the requester rates.
    pub satisfaction_rating: Option<SatisfactionRating>,
}

impl Request {
    /// Whether the requester may rate it now: solved, with a rating on offer or given.
    pub fn can_be_rated(&self) -> bool {
        self.status == RequestStatus::Solved && self.satisfaction_rating.is_some()
    }
}

/// A request with the users it mentions (`include=users`).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestWithUsers {
    /// The request.
    pub request: Request,
    /// Sideloaded users (requester, assignee, collaborators).
    pub users: Vec<User>,
}

/// A satisfaction rating as Zendesk returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct SatisfactionRating {
    /// The rating id, when given.
    pub id: Option<u64>,
    /// `"good"`, `"bad"`, `"offered"`, `"unoffered"`.
    pub score: Option<String>,
    /// The user's comment.
    pub comment: Option<String>,
}

// Decoding: the rules of `lenient` (a field of an unexpected type counts as absent), one
// line per field. Only an id is required.

impl Decode for CustomFieldValue {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            value: f.value("value"),
        })
    }
}

impl Decode for Via {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            channel: f.text("channel"),
            source: f.value("source"),
        })
    }
}

impl Decode for Request {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        // Zendesk sends the same values as both `custom_fields` and `fields`; older responses
        // only one of them.
        let custom_fields = match f.list("custom_fields") {
            none if none.is_empty() => f.list("fields"),
            some => some,
        };
        Some(Self {
            id: f.number("id")?,
            url: f.text("url"),
            subject: f.text("subject"),
            description: f.text("description"),
            status: f
                .value("status")
                .as_str()
                .map_or(RequestStatus::Other, RequestStatus::from_text),
            custom_status_id: f.number("custom_status_id"),
            priority: f.text("priority"),
            kind: f.text("type"),
            requester_id: f.number("requester_id"),
            organization_id: f.number("organization_id"),
            assignee_id: f.number("assignee_id"),
            group_id: f.number("group_id"),
            collaborator_ids: f.ids("collaborator_ids"),
            email_cc_ids: f.ids("email_cc_ids"),
            is_public: f.boolean("is_public"),
            can_be_solved_by_me: f.flag("can_be_solved_by_me"),
            solved: f.boolean("solved"),
            ticket_form_id: f.number("ticket_form_id"),
            custom_fields,
            followup_source_id: f.number("followup_source_id"),
            recipient: f.text("recipient"),
            via: f.object("via"),
            due_at: f.text("due_at"),
            created_at: f.text("created_at"),
            updated_at: f.text("updated_at"),
            satisfaction_rating: f.object("satisfaction_rating"),
        })
    }
}

impl Decode for SatisfactionRating {
    /// A rating object, or the first of an array of them: the OpenAPI document shows
    /// `POST …/satisfaction_rating` answering `{"satisfaction_rating":[{…}]}`, older examples
    /// an object.
    fn decode(value: Value) -> Option<Self> {
        let value = match value {
            Value::Array(list) => list.into_iter().next()?,
            other => other,
        };
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id"),
            score: f.text("score"),
            comment: f.text("comment"),
        })
    }
}

deserialize_by_decode!(
    RequestStatus,
    CustomFieldValue,
    Via,
    Request,
    SatisfactionRating
);
