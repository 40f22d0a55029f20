//! Comments, their authors (sideloaded users) and their attachments; uploads.

use serde_json::Value;

use crate::api::lenient::{deserialize_by_decode, Decode, Fields};

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

/// Joins sideloaded users to comments by `author_id`.
pub(crate) fn join_authors(comments: &mut [Comment], users: &[User]) {
    for comment in comments {
        comment.author = comment
            .author_id
            .and_then(|author_id| users.iter().find(|user| user.id == author_id).cloned());
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

deserialize_by_decode!(Attachment, User, Comment, Upload);
