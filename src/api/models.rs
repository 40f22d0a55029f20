//! Objects Zendesk returns, decoded tolerantly.
//!
//! Every field but the id is optional or defaulted, a field of an unexpected type counts as
//! absent, unknown fields are ignored, and list items that can't be decoded (no id) are
//! skipped. Timestamps stay ISO-8601 strings: the UI formats them with the browser's `Intl`
//! rather than shipping a date crate.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::lenient;

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

impl<'de> Deserialize<'de> for RequestStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::String(text) => Self::from_text(&text),
            _ => Self::Other,
        })
    }
}

/// A custom field's value: text, number, checkbox, multiselect list, or null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomFieldValue {
    /// The ticket field's id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// The value as Zendesk sends it (string, number, bool, list of tags, or null).
    #[serde(default)]
    pub value: Value,
}

/// How a request arrived (`via {channel, source}`); kept loosely typed.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Via {
    /// e.g. `"web"`, `"api"`, `"email"`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub channel: Option<String>,
    /// Channel-specific details.
    #[serde(default)]
    pub source: Value,
}

/// An end user's view of a ticket.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "RawRequest")]
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

#[derive(Deserialize)]
struct RawRequest {
    #[serde(deserialize_with = "lenient::id")]
    id: u64,
    #[serde(default, deserialize_with = "lenient::opt")]
    url: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    subject: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    description: Option<String>,
    #[serde(default)]
    status: RequestStatus,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    custom_status_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt")]
    priority: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    requester_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    organization_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    assignee_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    group_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::ids")]
    collaborator_ids: Vec<u64>,
    #[serde(default, deserialize_with = "lenient::ids")]
    email_cc_ids: Vec<u64>,
    #[serde(default, deserialize_with = "lenient::opt")]
    is_public: Option<bool>,
    #[serde(default, deserialize_with = "lenient::flag")]
    can_be_solved_by_me: bool,
    #[serde(default, deserialize_with = "lenient::opt")]
    solved: Option<bool>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    ticket_form_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::vec")]
    custom_fields: Vec<CustomFieldValue>,
    #[serde(default, deserialize_with = "lenient::vec")]
    fields: Vec<CustomFieldValue>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    followup_source_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt")]
    recipient: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    via: Option<Via>,
    #[serde(default, deserialize_with = "lenient::opt")]
    due_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    updated_at: Option<String>,
}

impl From<RawRequest> for Request {
    fn from(raw: RawRequest) -> Self {
        // Zendesk sends the same values as both `custom_fields` and `fields`; older responses
        // only one of them.
        let custom_fields = if raw.custom_fields.is_empty() {
            raw.fields
        } else {
            raw.custom_fields
        };
        Self {
            id: raw.id,
            url: raw.url,
            subject: raw.subject,
            description: raw.description,
            status: raw.status,
            custom_status_id: raw.custom_status_id,
            priority: raw.priority,
            kind: raw.kind,
            requester_id: raw.requester_id,
            organization_id: raw.organization_id,
            assignee_id: raw.assignee_id,
            group_id: raw.group_id,
            collaborator_ids: raw.collaborator_ids,
            email_cc_ids: raw.email_cc_ids,
            is_public: raw.is_public,
            can_be_solved_by_me: raw.can_be_solved_by_me,
            solved: raw.solved,
            ticket_form_id: raw.ticket_form_id,
            custom_fields,
            followup_source_id: raw.followup_source_id,
            recipient: raw.recipient,
            via: raw.via,
            due_at: raw.due_at,
            created_at: raw.created_at,
            updated_at: raw.updated_at,
        }
    }
}

/// A file attached to a comment or an upload.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "RawAttachment")]
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

#[derive(Deserialize)]
struct RawAttachment {
    #[serde(deserialize_with = "lenient::id")]
    id: u64,
    #[serde(default, deserialize_with = "lenient::opt")]
    file_name: Option<String>,
    /// The legacy spelling of `file_name`.
    #[serde(default, deserialize_with = "lenient::opt")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    content_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    mapped_content_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    content_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    width: Option<u64>,
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    height: Option<u64>,
    #[serde(default, deserialize_with = "lenient::flag")]
    inline: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    deleted: bool,
    #[serde(default, deserialize_with = "lenient::opt")]
    malware_scan_result: Option<String>,
    #[serde(default, deserialize_with = "lenient::vec")]
    thumbnails: Vec<Attachment>,
}

impl From<RawAttachment> for Attachment {
    fn from(raw: RawAttachment) -> Self {
        Self {
            id: raw.id,
            file_name: raw.file_name.or(raw.name),
            content_url: raw.content_url,
            mapped_content_url: raw.mapped_content_url,
            content_type: raw.content_type,
            size: raw.size,
            width: raw.width,
            height: raw.height,
            inline: raw.inline,
            deleted: raw.deleted,
            malware_scan_result: raw.malware_scan_result,
            thumbnails: raw.thumbnails,
        }
    }
}

/// A user as sideloaded with requests and comments.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct User {
    /// The user id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// Display name.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub name: Option<String>,
    /// Profile photo (an attachment with thumbnails), when set.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub photo: Option<Attachment>,
    /// Whether this is an agent (present on comment sideloads).
    #[serde(default, deserialize_with = "lenient::flag")]
    pub agent: bool,
    /// The user's locale, e.g. `"en-US"`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub locale: Option<String>,
}

/// A comment on a request, with its author joined from the sideloaded users.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Comment {
    /// The comment id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// `"Comment"` or `"VoiceComment"`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt")]
    pub kind: Option<String>,
    /// The request it belongs to.
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    pub request_id: Option<u64>,
    /// The body as written (may be Markdown-ish text).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub body: Option<String>,
    /// Server-rendered HTML. **Untrusted markup**: sanitise before showing.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub html_body: Option<String>,
    /// Plain text version.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub plain_body: Option<String>,
    /// End users only ever see public comments; defaults to true when absent.
    #[serde(default = "default_true", deserialize_with = "lenient_true")]
    pub public: bool,
    /// Who wrote it.
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    pub author_id: Option<u64>,
    /// Attached files.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub attachments: Vec<Attachment>,
    /// Creation time (ISO-8601).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub created_at: Option<String>,
    /// The author from the `users` sideload, when Zendesk sent it.
    #[serde(skip)]
    pub author: Option<User>,
}

fn default_true() -> bool {
    true
}

fn lenient_true<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(!matches!(
        Value::deserialize(deserializer)?,
        Value::Bool(false)
    ))
}

/// A condition on a ticket form: when `parent_field_id` has `value`, show `child_fields`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EndUserCondition {
    /// The controlling field.
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    pub parent_field_id: Option<u64>,
    /// The value that triggers the condition.
    #[serde(default)]
    pub value: Value,
    /// The fields shown when it holds.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub child_fields: Vec<ConditionalChildField>,
}

/// A field shown by an [`EndUserCondition`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ConditionalChildField {
    /// The field id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// Whether it is then required.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_required: bool,
}

/// A ticket form an end user may pick.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TicketForm {
    /// The form id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// Internal name.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub name: Option<String>,
    /// Name shown to end users.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub display_name: Option<String>,
    /// Whether end users may pick it.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub end_user_visible: bool,
    /// Whether it is active.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub active: bool,
    /// Whether it is the default form.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub default: bool,
    /// Ordering position.
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    pub position: Option<u64>,
    /// Its fields, in order.
    #[serde(default, deserialize_with = "lenient::ids")]
    pub ticket_field_ids: Vec<u64>,
    /// Conditional fields for end users.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub end_user_conditions: Vec<EndUserCondition>,
}

/// An option of a dropdown (`tagger`) or multiselect field.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FieldOption {
    /// The option id (absent on some older responses, then 0).
    #[serde(default, deserialize_with = "lenient_zero")]
    pub id: u64,
    /// Label shown to the user.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub name: Option<String>,
    /// The tag value sent back.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub value: Option<String>,
    /// Whether it is preselected.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub default: bool,
}

fn lenient_zero<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    Ok(lenient::number_or_digits(deserializer)?.unwrap_or(0))
}

/// A ticket field (system or custom).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TicketField {
    /// The field id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// `subject`, `description`, `text`, `textarea`, `checkbox`, `date`, `integer`, `decimal`,
    /// `regexp`, `tagger`, `multiselect`, ... (`type` in JSON).
    #[serde(default, rename = "type", deserialize_with = "lenient::opt")]
    pub kind: Option<String>,
    /// Agent-facing title.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub title: Option<String>,
    /// Title shown to end users.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub title_in_portal: Option<String>,
    /// Help text.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub description: Option<String>,
    /// Required for end users.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub required_in_portal: bool,
    /// Shown to end users.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub visible_in_portal: bool,
    /// Editable by end users.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub editable_in_portal: bool,
    /// Whether the field is active (absent means active).
    #[serde(default = "default_true", deserialize_with = "lenient_true")]
    pub active: bool,
    /// A regular expression the value must match (`regexp` fields).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub regexp_for_validation: Option<String>,
    /// Options of dropdowns and multiselects.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub custom_field_options: Vec<FieldOption>,
}

/// A Help Center article suggested while the user types.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Article {
    /// The article id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// Title.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub title: Option<String>,
    /// Link to the article page.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub html_url: Option<String>,
    /// Search snippet; **untrusted markup** (contains `<em>` highlights).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub snippet: Option<String>,
    /// Locale of the article.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub locale: Option<String>,
}

/// The result of uploading one or more files under one token.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Upload {
    /// Pass this in `comment.uploads` to attach the files.
    pub token: String,
    /// When the token expires (ISO-8601).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub expires_at: Option<String>,
    /// The file just uploaded.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub attachment: Option<Attachment>,
    /// Every file under this token so far.
    #[serde(default, deserialize_with = "lenient::vec")]
    pub attachments: Vec<Attachment>,
}

/// A satisfaction rating as Zendesk returns it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SatisfactionRating {
    /// The rating id, when given.
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    pub id: Option<u64>,
    /// `"good"`, `"bad"`, `"offered"`, `"unoffered"`.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub score: Option<String>,
    /// The user's comment.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub comment: Option<String>,
}

/// The signed-in Help Center session (same-origin only).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HelpCenterSession {
    /// Sent as `X-CSRF-Token` on writes made with the session cookie; `None` for a visitor
    /// who isn't signed in to the Help Center.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub csrf_token: Option<String>,
    /// The signed-in user, when Zendesk says.
    #[serde(default, deserialize_with = "lenient::number_or_digits")]
    pub user_id: Option<u64>,
}

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
