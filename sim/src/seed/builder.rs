//! Small builders the seed tables are turned into a [`Store`] with.

use super::html::render_plain;
use crate::png;
use crate::state::{Attachment, Comment, Request, Status, Store, Token, User};
use bytes::Bytes;
use serde_json::{json, Value};

/// What a seeded request starts as; its description becomes its first comment.
pub struct RequestSeed<'a> {
    /// Request id.
    pub id: u64,
    /// Requester.
    pub requester: u64,
    /// Subject line.
    pub subject: &'a str,
    /// First comment.
    pub description: &'a str,
    /// Status.
    pub status: Status,
    /// Assigned agent (also puts the request in the support group).
    pub assignee: Option<u64>,
    /// Creation time.
    pub created: i64,
    /// Ticket form.
    pub form: u64,
}

/// Builds the seeded [`Store`] one user, file, comment and request at a time.
pub struct Seeder {
    /// The store being filled.
    pub s: Store,
}

impl Seeder {
    /// An end user with a never-expiring demo access token.
    pub fn end_user(&mut self, user: User, token: &str) {
        self.s.tokens.insert(
            token.into(),
            Token {
                user_id: user.id,
                expires_at: None,
            },
        );
        self.s.users.insert(user.id, user);
    }

    /// A stored file; returns its attachment id.
    pub fn file(
        &mut self,
        name: &str,
        ctype: &str,
        data: Vec<u8>,
        dims: (Value, Value),
        inline: bool,
    ) -> u64 {
        let id = self.s.attachment_id();
        let token = self.s.secret(24);
        self.s.attachments.insert(
            id,
            Attachment {
                id,
                token,
                file_name: name.into(),
                content_type: ctype.into(),
                data: Bytes::from(data),
                width: dims.0,
                height: dims.1,
                inline,
                thumbnail_id: None,
            },
        );
        id
    }

    /// A PNG screenshot with an 80×45 thumbnail; `int_dims` picks number vs digit-string sizes
    /// (real responses have both).
    pub fn screenshot(&mut self, name: &str, accent: [u8; 3], inline: bool, int_dims: bool) -> u64 {
        let dims = if int_dims {
            (json!(320), json!(180))
        } else {
            (json!("320"), json!("180"))
        };
        let id = self.file(
            name,
            "image/png",
            png::mock_screenshot(320, 180, accent),
            dims,
            inline,
        );
        let thumb_name = name.replace(".png", "_thumb.png");
        let thumb = self.file(
            &thumb_name,
            "image/png",
            png::mock_screenshot(80, 45, accent),
            (json!("80"), json!("45")),
            false,
        );
        if let Some(a) = self.s.attachments.get_mut(&id) {
            a.thumbnail_id = Some(thumb);
        }
        id
    }

    /// A public comment; `html` defaults to Zendesk's rendering of `body`.
    pub fn comment(
        &mut self,
        req: u64,
        author: u64,
        body: &str,
        html: Option<&str>,
        attachments: Vec<u64>,
        at: i64,
    ) {
        let id = self.s.comment_id();
        let html_body = html
            .map(str::to_string)
            .unwrap_or_else(|| render_plain(body));
        self.s.comments.entry(req).or_default().push(Comment {
            id,
            author_id: author,
            body: body.into(),
            html_body,
            plain_body: body.into(),
            public: true,
            attachment_ids: attachments,
            created_at: at,
        });
    }

    /// A request and its first comment.
    pub fn request(&mut self, seed: RequestSeed<'_>) -> &mut Request {
        let RequestSeed {
            id,
            requester,
            subject,
            description,
            status,
            assignee,
            created,
            form,
        } = seed;
        self.comment(id, requester, description, None, vec![], created);
        self.s.requests.entry(id).or_insert(Request {
            id,
            subject: subject.into(),
            description: description.into(),
            status,
            requester_id: requester,
            assignee_id: assignee,
            group_id: assignee.map(|_| 360_000_001),
            organization_id: None,
            collaborator_ids: vec![],
            email_cc_ids: vec![],
            ticket_form_id: form,
            custom_fields: vec![],
            followup_source_id: None,
            priority: None,
            kind: None,
            solvable: false,
            via: "web".into(),
            created_at: created,
            updated_at: created,
        })
    }

    /// Creation time of a seeded request (`fallback` when it does not exist).
    pub fn created_at(&self, id: u64, fallback: i64) -> i64 {
        self.s.requests.get(&id).map_or(fallback, |r| r.created_at)
    }

    /// Moves a request's `updated_at` up to its last comment.
    pub fn touch(&mut self, id: u64) {
        let last = self
            .s
            .comments
            .get(&id)
            .and_then(|c| c.last())
            .map(|c| c.created_at);
        if let (Some(r), Some(t)) = (self.s.requests.get_mut(&id), last) {
            r.updated_at = r.updated_at.max(t);
        }
    }
}
