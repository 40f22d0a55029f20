//! Objects Zendesk returns, decoded tolerantly.
//!
//! Every field but the id is optional or defaulted, a field of an unexpected type counts as
//! absent, unknown fields are ignored, and list items that can't be decoded (no id) are
//! skipped. Timestamps stay ISO-8601 strings: the UI formats them with the browser's `Intl`
//! rather than shipping a date crate.

use serde::Serialize;
use serde_json::Value;

use super::lenient::{deserialize_by_decode, Decode, Fields};

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
}

/// A file attached to a comment or an upload.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The attachment id.
    pub id: u64,
    /// The file name (older responses call it `name`).
    pub file_name: Option<String>,
    /// Where to download it. Often on **another host** than the API: never send credentials.
    pub content_url: Option<String>,
    /// The same on a host-mapped domain.
    pub mapped_content_url: Option<String>,
    /// The server's guess of the type; can be odd.
    pub content_type: Option<String>,
    /// Size in bytes.
    pub size: Option<u64>,
    /// Image width in pixels (number or digit string in JSON).
    pub width: Option<u64>,
    /// Image height in pixels.
    pub height: Option<u64>,
    /// Whether it is shown inline in the comment.
    pub inline: bool,
    /// Whether it was deleted (redacted).
    pub deleted: bool,
    /// e.g. `"malware_not_found"`, `"malware_found"`.
    pub malware_scan_result: Option<String>,
    /// Smaller versions of an image.
    pub thumbnails: Vec<Attachment>,
}

/// A user as sideloaded with requests and comments.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// The user id.
    pub id: u64,
    /// Display name.
    pub name: Option<String>,
    /// Profile photo (an attachment with thumbnails), when set.
    pub photo: Option<Attachment>,
    /// Whether this is an agent (present on comment sideloads).
    pub agent: bool,
    /// The user's locale, e.g. `"en-US"`.
    pub locale: Option<String>,
}

/// A comment on a request, with its author joined from the sideloaded users.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// The comment id.
    pub id: u64,
    /// `"Comment"` or `"VoiceComment"`.
    pub kind: Option<String>,
    /// The request it belongs to.
    pub request_id: Option<u64>,
    /// The body as written (may be Markdown-ish text).
    pub body: Option<String>,
    /// Server-rendered HTML. **Untrusted markup**: sanitise before showing.
    pub html_body: Option<String>,
    /// Plain text version.
    pub plain_body: Option<String>,
    /// End users only ever see public comments; defaults to true when absent.
    pub public: bool,
    /// Who wrote it.
    pub author_id: Option<u64>,
    /// Attached files.
    pub attachments: Vec<Attachment>,
    /// Creation time (ISO-8601).
    pub created_at: Option<String>,
    /// The author from the `users` sideload, when Zendesk sent it.
    pub author: Option<User>,
}

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

/// A Help Center article suggested while the user types.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The article id.
    pub id: u64,
    /// Title.
    pub title: Option<String>,
    /// Link to the article page.
    pub html_url: Option<String>,
    /// Search snippet; **untrusted markup** (contains `<em>` highlights).
    pub snippet: Option<String>,
    /// Locale of the article.
    pub locale: Option<String>,
}

/// The result of uploading one or more files under one token.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    /// Pass this in `comment.uploads` to attach the files.
    pub token: String,
    /// When the token expires (ISO-8601).
    pub expires_at: Option<String>,
    /// The file just uploaded.
    pub attachment: Option<Attachment>,
    /// Every file under this token so far.
    pub attachments: Vec<Attachment>,
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

/// The signed-in Help Center session (same-origin only).
#[derive(Debug, Clone, PartialEq)]
pub struct HelpCenterSession {
    /// Sent as `X-CSRF-Token` on writes made with the session cookie; `None` for a visitor
    /// who isn't signed in to the Help Center.
    pub csrf_token: Option<String>,
    /// The signed-in user, when Zendesk says.
    pub user_id: Option<u64>,
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
        })
    }
}

impl Decode for Attachment {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            // `name` is the legacy spelling of `file_name`.
            file_name: f.text("file_name").or_else(|| f.text("name")),
            content_url: f.text("content_url"),
            mapped_content_url: f.text("mapped_content_url"),
            content_type: f.text("content_type"),
            size: f.number("size"),
            width: f.number("width"),
            height: f.number("height"),
            inline: f.flag("inline"),
            deleted: f.flag("deleted"),
            malware_scan_result: f.text("malware_scan_result"),
            thumbnails: f.list("thumbnails"),
        })
    }
}

impl Decode for User {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            name: f.text("name"),
            photo: f.object("photo"),
            agent: f.flag("agent"),
            locale: f.text("locale"),
        })
    }
}

impl Decode for Comment {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            kind: f.text("type"),
            request_id: f.number("request_id"),
            body: f.text("body"),
            html_body: f.text("html_body"),
            plain_body: f.text("plain_body"),
            public: f.flag_unless_false("public"),
            author_id: f.number("author_id"),
            attachments: f.list("attachments"),
            created_at: f.text("created_at"),
            author: None,
        })
    }
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

impl Decode for Article {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id")?,
            title: f.text("title"),
            html_url: f.text("html_url"),
            snippet: f.text("snippet"),
            locale: f.text("locale"),
        })
    }
}

impl Decode for Upload {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            // Without its token an upload is of no use.
            token: f.text("token")?,
            expires_at: f.text("expires_at"),
            attachment: f.object("attachment"),
            attachments: f.list("attachments"),
        })
    }
}

impl Decode for SatisfactionRating {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            id: f.number("id"),
            score: f.text("score"),
            comment: f.text("comment"),
        })
    }
}

impl Decode for HelpCenterSession {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            csrf_token: f.text("csrf_token"),
            user_id: f.number("user_id"),
        })
    }
}

deserialize_by_decode!(
    RequestStatus,
    CustomFieldValue,
    Via,
    Request,
    Attachment,
    User,
    Comment,
    EndUserCondition,
    ConditionalChildField,
    TicketForm,
    FieldOption,
    TicketField,
    Article,
    Upload,
    SatisfactionRating,
    HelpCenterSession,
);

/// A request with the users it mentions (`include=users`).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestWithUsers {
    /// The request.
    pub request: Request,
    /// Sideloaded users (requester, assignee, collaborators).
    pub users: Vec<User>,
}

/// A ticket form with its fields resolved (from `show_many?include=ticket_fields`).
#[derive(Debug, Clone, PartialEq)]
pub struct FormWithFields {
    /// The form.
    pub form: TicketForm,
    /// The form's fields in the form's order; ids Zendesk didn't include are skipped.
    pub fields: Vec<TicketField>,
}

/// Joins sideloaded users to comments by `author_id`.
pub(crate) fn join_authors(comments: &mut [Comment], users: &[User]) {
    for comment in comments {
        comment.author = comment
            .author_id
            .and_then(|author_id| users.iter().find(|user| user.id == author_id).cloned());
    }
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
