//! What is kept on the device: drafts (so nothing the user typed is lost), anonymous
//! receipts, and when each request was last seen (how long each stays: [`super::retention`]). Stored as JSON in `localStorage` under keys
//! scoped by Zendesk origin and identity, so two accounts or two users never see each other's
//! drafts. Never a token.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::json::{self, JsonError};

use super::contact::Answer;
use super::field_map::FieldMap;

/// Bumped when a stored shape changes incompatibly; old entries are then ignored.
const VERSION: &str = "v1";

/// The storage key for `what` (e.g. `draft:contact`, `draft:reply:123`, `receipts`), scoped by
/// Zendesk origin and identity (`anonymous`, `user:1001`, `hc:1001`).
///
/// ```
/// use support_widget::model::draft::storage_key;
///
/// let key = storage_key("https://acme.zendesk.com", "anonymous", "draft:contact");
/// assert!(key.ends_with("anonymous:draft:contact"), "{key}");
/// ```
pub fn storage_key(origin: &str, identity: &str, what: &str) -> String {
    format!("support-widget:{VERSION}:{origin}:{identity}:{what}")
}

/// The prefix of every key for one Zendesk account (all identities), for the retention sweep.
pub fn account_prefix(origin: &str) -> String {
    format!("support-widget:{VERSION}:{origin}:")
}

/// The prefix of every key for one origin and identity, to clear them all on `logout`.
pub fn identity_prefix(origin: &str, identity: &str) -> String {
    format!("support-widget:{VERSION}:{origin}:{identity}:")
}

/// How long an upload token stays usable: "valid for 60 minutes" (Zendesk's OpenAPI document).
pub const UPLOAD_TOKEN_MINUTES: u32 = 60;

/// When a token uploaded now stops working: Zendesk's `expires_at` when it sent one that is
/// sooner, else [`UPLOAD_TOKEN_MINUTES`] from now (`in_an_hour`, ISO-8601 UTC); real upload
/// answers may carry no `expires_at`.
pub fn upload_expiry(zendesk_expires_at: Option<String>, in_an_hour: String) -> String {
    match zendesk_expires_at {
        Some(at) if at < in_an_hour => at,
        _ => in_an_hour,
    }
}

/// A file uploaded to Zendesk and waiting to be attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftUpload {
    /// The upload token sent with the comment.
    pub token: String,
    /// File name shown to the user.
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// When Zendesk forgets the upload (ISO-8601 UTC): see [`upload_expiry`]; absent in
    /// drafts stored by older versions.
    pub expires_at: Option<String>,
}

/// A contact form or reply in progress.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Draft {
    /// "Your name" (anonymous only).
    pub name: String,
    /// "Email" (anonymous only).
    pub email: String,
    /// Subject (contact form).
    pub subject: String,
    /// "How can we help?" or the reply text.
    pub body: String,
    /// The chosen ticket form.
    pub form_id: Option<u64>,
    /// Custom field answers by field id.
    pub answers: FieldMap<Answer>,
    /// Uploaded attachments.
    pub uploads: Vec<DraftUpload>,
    /// The closed request this is a follow-up to.
    pub followup_of: Option<u64>,
    /// When it was last saved (ISO-8601 UTC): drafts expire a set time after it. Empty in
    /// drafts saved before it existed.
    pub saved_at: String,
}

impl Draft {
    /// Whether there is nothing worth keeping.
    pub fn is_empty(&self) -> bool {
        self.subject.trim().is_empty()
            && self.body.trim().is_empty()
            && self.answers.is_empty()
            && self.uploads.is_empty()
    }

    /// Removes uploads that expired by `now` (ISO-8601 UTC, same format as Zendesk's, so the
    /// strings compare in time order) and returns their file names, for a note to the user.
    pub fn drop_expired_uploads(&mut self, now: &str) -> Vec<String> {
        let (expired, kept) = std::mem::take(&mut self.uploads)
            .into_iter()
            .partition(|u| u.expires_at.as_deref().is_some_and(|at| at <= now));
        self.uploads = kept;
        expired
            .into_iter()
            .map(|u: DraftUpload| u.file_name)
            .collect()
    }

    /// Parses a stored draft; a corrupt or foreign entry is treated as no draft rather than
    /// breaking the form.
    pub fn from_stored(text: &str) -> Option<Draft> {
        let mut stored = Stored::of(json::parse(text).ok()?)?;
        Some(Draft {
            name: stored.or_default("name", string)?,
            email: stored.or_default("email", string)?,
            subject: stored.or_default("subject", string)?,
            body: stored.or_default("body", string)?,
            form_id: stored.or_default("form_id", maybe_number)?,
            answers: stored.or_default("answers", answers)?,
            uploads: stored.or_default("uploads", |value| list(value, DraftUpload::from_stored))?,
            followup_of: stored.or_default("followup_of", maybe_number)?,
            saved_at: stored.or_default("saved_at", string)?,
        })
    }

    /// The JSON to store (refused only for a number beyond 2^53, which no form or field has).
    pub fn to_stored(&self) -> Result<String, JsonError> {
        json::to_text(self)
    }
}

/// A request filed anonymously, remembered on this device so "My tickets" can list it. Not
/// the email address: the list doesn't show it, so the device doesn't keep it (receipts
/// written before read without it, and are written again without it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The request number.
    pub id: u64,
    /// Its subject.
    pub subject: String,
    /// When it was filed (ISO-8601 UTC).
    pub created_at: String,
}

/// Receipts, newest first, at most [`Receipts::LIMIT`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Receipts(pub Vec<Receipt>);

impl Receipts {
    /// Old receipts beyond this are forgotten; localStorage is small and shared with the host.
    pub const LIMIT: usize = 50;

    /// Adds a receipt at the front, replacing one with the same id.
    pub fn add(&mut self, receipt: Receipt) {
        self.0.retain(|r| r.id != receipt.id);
        self.0.insert(0, receipt);
        self.0.truncate(Self::LIMIT);
    }

    /// Parses stored receipts; corrupt data reads as none.
    pub fn from_stored(text: &str) -> Receipts {
        json::parse(text)
            .ok()
            .and_then(|value| list(value, Receipt::from_stored))
            .map(Receipts)
            .unwrap_or_default()
    }

    /// The JSON to store (refused only for an id beyond 2^53, which no request has).
    pub fn to_stored(&self) -> Result<String, JsonError> {
        json::to_text(self)
    }
}

impl DraftUpload {
    fn from_stored(value: Value) -> Option<DraftUpload> {
        let mut stored = Stored::of(value)?;
        Some(DraftUpload {
            token: stored.required("token", string)?,
            file_name: stored.required("file_name", string)?,
            size: stored.required("size", number)?,
            expires_at: stored.or_default("expires_at", maybe_string)?,
        })
    }
}

impl Receipt {
    fn from_stored(value: Value) -> Option<Receipt> {
        let mut stored = Stored::of(value)?;
        Some(Receipt {
            id: stored.required("id", number)?,
            subject: stored.required("subject", string)?,
            created_at: stored.required("created_at", string)?,
        })
    }
}

/// A stored JSON object read back strictly, as written: a field may be absent (it takes its
/// default, so entries from before a field existed still read), but one of another type
/// spoils the whole entry. Decoded by hand rather than by serde's derives: smaller wasm.
struct Stored(Map<String, Value>);

impl Stored {
    fn of(value: Value) -> Option<Stored> {
        match value {
            Value::Object(fields) => Some(Stored(fields)),
            _ => None,
        }
    }

    /// The field read by `read`; `None` when it is absent or of another type.
    fn required<T>(&mut self, key: &str, read: fn(Value) -> Option<T>) -> Option<T> {
        read(self.0.remove(key)?)
    }

    /// The field read by `read`, or the default when absent; `None` when of another type.
    fn or_default<T: Default>(&mut self, key: &str, read: fn(Value) -> Option<T>) -> Option<T> {
        self.0.remove(key).map_or(Some(T::default()), read)
    }
}

fn string(value: Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text),
        _ => None,
    }
}

fn number(value: Value) -> Option<u64> {
    value.as_u64()
}

/// Null or a string.
fn maybe_string(value: Value) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        value => string(value).map(Some),
    }
}

/// Null or a non-negative integer.
fn maybe_number(value: Value) -> Option<Option<u64>> {
    match value {
        Value::Null => Some(None),
        value => number(value).map(Some),
    }
}

/// An array whose every item reads by `read`.
fn list<T>(value: Value, read: fn(Value) -> Option<T>) -> Option<Vec<T>> {
    match value {
        Value::Array(items) => items.into_iter().map(read).collect(),
        _ => None,
    }
}

/// Answers by field id: `{"<id>": true | "text" | ["tag", …]}`.
fn answers(value: Value) -> Option<FieldMap<Answer>> {
    let Value::Object(answers) = value else {
        return None;
    };
    // Inserted one by one (a map collected from an iterator sorts its input first).
    let mut read = FieldMap::new();
    for (id, answer) in answers {
        read.insert(id.parse().ok()?, Answer::from_stored(answer)?);
    }
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(name: &str, expires_at: Option<&str>) -> DraftUpload {
        DraftUpload {
            token: format!("tok-{name}"),
            file_name: name.into(),
            size: 10,
            expires_at: expires_at.map(Into::into),
        }
    }

    #[test]
    fn keys_are_scoped_by_origin_and_identity() {
        let a = storage_key("https://acme.zendesk.com", "user:1", "draft:contact");
        let b = storage_key("https://acme.zendesk.com", "user:2", "draft:contact");
        let c = storage_key("https://other.zendesk.com", "user:1", "draft:contact");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with(&identity_prefix("https://acme.zendesk.com", "user:1")));
        assert!(!b.starts_with(&identity_prefix("https://acme.zendesk.com", "user:1")));
    }

    #[test]
    fn drafts_round_trip_and_survive_corruption() {
        let mut draft = Draft {
            subject: "Late order".into(),
            body: "Ordered on the 3rd".into(),
            form_id: Some(500),
            uploads: vec![upload("a.png", Some("2026-11-23T10:00:00Z"))],
            ..Draft::default()
        };
        draft.answers.insert(10, Answer::Text("late".into()));
        draft.answers.insert(12, Answer::Flag(true));
        draft.answers.insert(17, Answer::Tags(vec!["phone".into()]));
        assert_eq!(Draft::from_stored(&draft.to_stored().unwrap()), Some(draft));
        assert_eq!(Draft::from_stored("{not json"), None);
        assert_eq!(Draft::from_stored("{}"), Some(Draft::default()));
        assert!(Draft::default().is_empty());
    }

    #[test]
    fn stored_entries_are_read_strictly() {
        // Absent fields take their defaults (entries from before a field existed still read);
        // a field of another type spoils the whole entry.
        assert_eq!(
            Draft::from_stored(r#"{"subject":"Hi","form_id":null,"unknown":1}"#),
            Some(Draft {
                subject: "Hi".into(),
                ..Draft::default()
            })
        );
        for bad in [
            r#"{"subject":null}"#,
            r#"{"form_id":-1}"#,
            r#"{"answers":{"x":"a"}}"#,
            r#"{"answers":{"10":["a",1]}}"#,
            r#"{"answers":{"10":5}}"#,
            r#"{"uploads":[{"token":"t","file_name":"f"}]}"#,
            "[]",
        ] {
            assert_eq!(Draft::from_stored(bad), None, "{bad}");
        }
        let old = Receipts::from_stored(
            r#"[{"id":1,"subject":"s","created_at":"c","email":"ada@example.com"}]"#,
        );
        assert_eq!(old.0[0].id, 1);
        assert!(!old.to_stored().unwrap().contains("ada@example.com"));
        let bad = Receipts::from_stored(r#"[{"id":"1","subject":"s","created_at":"c"}]"#);
        assert_eq!(bad, Receipts::default());
    }

    #[test]
    fn expired_uploads_are_dropped_and_named() {
        let mut draft = Draft {
            uploads: vec![
                upload("old.png", Some("2026-11-20T10:00:00Z")),
                upload("new.png", Some("2026-11-30T10:00:00Z")),
                upload("unknown.pdf", None),
            ],
            ..Draft::default()
        };
        assert_eq!(
            draft.drop_expired_uploads("2026-11-23T09:00:00Z"),
            ["old.png"]
        );
        let kept: Vec<_> = draft.uploads.iter().map(|u| u.file_name.as_str()).collect();
        assert_eq!(kept, ["new.png", "unknown.pdf"]);
    }

    #[test]
    fn receipts_are_newest_first_unique_and_bounded() {
        let mut receipts = Receipts::default();
        for id in 0..60 {
            receipts.add(Receipt {
                id,
                subject: format!("#{id}"),
                created_at: "2026-11-23T09:00:00Z".into(),
            });
        }
        receipts.add(receipts.0[10].clone());
        assert_eq!(receipts.0.len(), Receipts::LIMIT);
        assert_eq!(receipts.0[0].id, 49);
        assert_eq!(receipts.0[1].id, 59);
        assert_eq!(
            Receipts::from_stored(&receipts.to_stored().unwrap()),
            receipts
        );
        assert_eq!(Receipts::from_stored("[1,2"), Receipts::default());
    }

    #[test]
    fn upload_tokens_expire_within_the_hour() {
        let hour = "2026-11-23T10:00:00Z".to_string();
        assert_eq!(upload_expiry(None, hour.clone()), hour);
        assert_eq!(
            upload_expiry(Some("2026-11-26T09:00:00Z".into()), hour.clone()),
            hour,
            "a later expires_at is not trusted past the documented hour"
        );
        assert_eq!(
            upload_expiry(Some("2026-11-23T09:30:00Z".into()), hour),
            "2026-11-23T09:30:00Z"
        );
    }
}
