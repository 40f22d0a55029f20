//! Request bodies, serialised exactly in the documented shapes with unset fields omitted,
//! and the checks made before anything is sent.

use serde::Serialize;
use serde_json::Value;

use super::error::{ApiError, ValidationProblem};
use super::json;
use super::models::TicketField;

/// Zendesk limits a comment body to about 65,000 characters.
pub const MAX_COMMENT_CHARS: usize = 65_000;

/// The requester of an anonymous request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requester {
    /// Required by Zendesk.
    pub name: String,
    /// Where replies go.
    pub email: String,
    /// BCP-47 locale, e.g. `"fr"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// A comment to add: text plus upload tokens.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct NewComment {
    /// The text.
    pub body: String,
    /// Tokens from [`crate::api::Client::upload_files`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uploads: Vec<String>,
}

/// A custom field value to set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldValue {
    /// The ticket field id.
    pub id: u64,
    /// A string, number, bool, or list of tags (multiselect).
    pub value: Value,
}

/// Whether an email CC is added or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CcAction {
    /// Add the address.
    Put,
    /// Remove the address.
    Delete,
}

/// An email CC change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmailCc {
    /// The address.
    pub user_email: String,
    /// Add or remove.
    pub action: CcAction,
}

impl EmailCc {
    /// Each address copied (`"action": "put"`), in order.
    ///
    /// ```
    /// use support_widget::api::body::{CcAction, EmailCc};
    ///
    /// let ccs = EmailCc::put_all(vec!["ada@example.com".into()]);
    /// assert_eq!(ccs[0].user_email, "ada@example.com");
    /// assert_eq!(ccs[0].action, CcAction::Put);
    /// ```
    pub fn put_all(addresses: Vec<String>) -> Vec<EmailCc> {
        addresses
            .into_iter()
            .map(|user_email| EmailCc {
                user_email,
                action: CcAction::Put,
            })
            .collect()
    }
}

/// A collaborator on create: a user id, an email, or a name and email.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Collaborator {
    /// An existing user.
    Id(u64),
    /// An email address.
    Email(String),
    /// A new person.
    Person {
        /// Their name.
        name: String,
        /// Their email address.
        email: String,
    },
}

/// A new request (`POST /api/v2/requests`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct NewRequest {
    /// Required for anonymous requests; signed-in users have one already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requester: Option<Requester>,
    /// The subject line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The first comment.
    pub comment: NewComment,
    /// The chosen form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_form_id: Option<u64>,
    /// Custom field values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_fields: Vec<FieldValue>,
    /// Email CCs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_ccs: Vec<EmailCc>,
    /// Collaborators (the response carries `collaborator_ids` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub collaborators: Vec<Collaborator>,
    /// The closed request this one follows up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_followup_source_id: Option<u64>,
}

/// Changes to a request (`PUT /api/v2/requests/{id}`); each part alone or together.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RequestUpdate {
    /// A reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<NewComment>,
    /// Mark solved (only honoured when `can_be_solved_by_me`; re-read the status after).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solved: Option<bool>,
    /// Add CCs by email.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub additional_collaborators: Vec<String>,
    /// Add or remove email CCs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_ccs: Vec<EmailCc>,
}

/// A satisfaction score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Score {
    /// Satisfied.
    Good,
    /// Not satisfied.
    Bad,
}

/// A satisfaction rating to give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewSatisfactionRating {
    /// Good or bad.
    pub score: Score,
    /// Optional remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Serialize)]
struct RequestEnvelope<'a, T> {
    request: &'a T,
}

#[derive(Serialize)]
struct RatingEnvelope<'a> {
    satisfaction_rating: &'a NewSatisfactionRating,
}

impl NewComment {
    /// A comment with just text.
    pub fn text(body: impl Into<String>) -> Self {
        Self {
            body: body.into(),
            uploads: Vec::new(),
        }
    }

    /// Refuses an empty or over-long body before sending.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.body.trim().is_empty() {
            return Err(ApiError::Validation(ValidationProblem::EmptyComment));
        }
        if self.body.chars().count() > MAX_COMMENT_CHARS {
            return Err(ApiError::Validation(ValidationProblem::CommentTooLong {
                max: MAX_COMMENT_CHARS,
            }));
        }
        Ok(())
    }
}

impl NewRequest {
    /// Checks what Zendesk would reject, before sending: the comment, and for anonymous
    /// requests the requester's name and a plausible email.
    pub fn validate(&self, anonymous: bool) -> Result<(), ApiError> {
        self.comment.validate()?;
        if anonymous {
            let Some(requester) = &self.requester else {
                return Err(ApiError::Validation(ValidationProblem::MissingName));
            };
            if requester.name.trim().is_empty() {
                return Err(ApiError::Validation(ValidationProblem::MissingName));
            }
            if !looks_like_email(&requester.email) {
                return Err(ApiError::Validation(ValidationProblem::InvalidEmail));
            }
        }
        Ok(())
    }

    /// Checks that every field `required_in_portal` among `fields` has a non-empty value.
    /// The `subject` and `description` system fields are checked against the subject and
    /// comment.
    pub fn check_required_fields(&self, fields: &[TicketField]) -> Result<(), ApiError> {
        for field in fields.iter().filter(|f| f.required_in_portal && f.active) {
            let present = match field.kind.as_deref() {
                Some("subject") => self
                    .subject
                    .as_deref()
                    .is_some_and(|s| !s.trim().is_empty()),
                Some("description") => !self.comment.body.trim().is_empty(),
                _ => self
                    .custom_fields
                    .iter()
                    .find(|value| value.id == field.id)
                    .is_some_and(|value| has_value(&value.value)),
            };
            if !present {
                return Err(ApiError::Validation(
                    ValidationProblem::MissingRequiredField { field_id: field.id },
                ));
            }
        }
        Ok(())
    }

    /// `{"request": {…}}`.
    pub fn to_json(&self) -> Result<String, ApiError> {
        encode(&RequestEnvelope { request: self })
    }
}

impl RequestUpdate {
    /// A reply.
    pub fn reply(comment: NewComment) -> Self {
        Self {
            comment: Some(comment),
            ..Self::default()
        }
    }

    /// Mark solved.
    pub fn solve() -> Self {
        Self {
            solved: Some(true),
            ..Self::default()
        }
    }

    /// Checks the reply, if any.
    pub fn validate(&self) -> Result<(), ApiError> {
        match &self.comment {
            Some(comment) => comment.validate(),
            None => Ok(()),
        }
    }

    /// `{"request": {…}}`.
    pub fn to_json(&self) -> Result<String, ApiError> {
        encode(&RequestEnvelope { request: self })
    }
}

impl NewSatisfactionRating {
    /// `{"satisfaction_rating": {…}}`.
    pub fn to_json(&self) -> Result<String, ApiError> {
        encode(&RatingEnvelope {
            satisfaction_rating: self,
        })
    }
}

/// The body's JSON text. These types hold only strings, integers, bools and JSON values, so
/// only an integer beyond 2^53 (which no Zendesk id is) can't be written.
fn encode<T: Serialize>(value: &T) -> Result<String, ApiError> {
    json::to_text(value).map_err(|_| ApiError::Validation(ValidationProblem::NumberTooLarge))
}

fn has_value(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.trim().is_empty(),
        Value::Array(items) => !items.is_empty(),
        // An unchecked checkbox is a value too, but a required checkbox must be ticked.
        Value::Bool(checked) => *checked,
        _ => true,
    }
}

/// Something@something.something, no spaces: enough to catch typos; Zendesk decides the rest.
pub(crate) fn looks_like_email(email: &str) -> bool {
    let email = email.trim();
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn create_signed_in_matches_contract_example() {
        let request = NewRequest {
            subject: Some("Order 1234 never arrived".into()),
            comment: NewComment {
                body: "Ordered on the 3rd, still nothing.".into(),
                uploads: vec!["<upload token>".into()],
            },
            ticket_form_id: Some(10),
            custom_fields: vec![FieldValue {
                id: 21,
                value: json!("shipping"),
            }],
            email_ccs: vec![EmailCc {
                user_email: "partner@example.com".into(),
                action: CcAction::Put,
            }],
            ..NewRequest::default()
        };
        let expected = json!({"request": {"subject": "Order 1234 never arrived",
          "comment": {"body": "Ordered on the 3rd, still nothing.", "uploads": ["<upload token>"]},
          "ticket_form_id": 10, "custom_fields": [{"id": 21, "value": "shipping"}],
          "email_ccs": [{"user_email": "partner@example.com", "action": "put"}]}});
        assert_eq!(parsed(&request.to_json().unwrap()), expected);
    }

    #[test]
    fn create_anonymous_minimal_omits_unset_fields() {
        let request = NewRequest {
            requester: Some(Requester {
                name: "Ada".into(),
                email: "ada@example.com".into(),
                locale: Some("fr".into()),
            }),
            comment: NewComment::text("Hi"),
            ..NewRequest::default()
        };
        assert_eq!(
            request.to_json().unwrap(),
            r#"{"request":{"requester":{"name":"Ada","email":"ada@example.com","locale":"fr"},"comment":{"body":"Hi"}}}"#
        );
        assert!(request.validate(true).is_ok());
    }

    #[test]
    fn followup_and_collaborators() {
        let request = NewRequest {
            comment: NewComment::text("Still broken"),
            via_followup_source_id: Some(104),
            collaborators: vec![
                Collaborator::Id(562),
                Collaborator::Email("a@example.com".into()),
                Collaborator::Person {
                    name: "B".into(),
                    email: "b@example.com".into(),
                },
            ],
            ..NewRequest::default()
        };
        assert_eq!(
            parsed(&request.to_json().unwrap()),
            json!({"request": {"comment": {"body": "Still broken"},
                "collaborators": [562, "a@example.com", {"name": "B", "email": "b@example.com"}],
                "via_followup_source_id": 104}})
        );
    }

    #[test]
    fn update_shapes_match_contract() {
        let reply = RequestUpdate::reply(NewComment {
            body: "…".into(),
            uploads: vec!["tok".into()],
        });
        assert_eq!(
            reply.to_json().unwrap(),
            r#"{"request":{"comment":{"body":"…","uploads":["tok"]}}}"#
        );
        assert_eq!(
            RequestUpdate::solve().to_json().unwrap(),
            r#"{"request":{"solved":true}}"#
        );
        let add = RequestUpdate {
            additional_collaborators: vec!["c@example.com".into()],
            ..RequestUpdate::default()
        };
        assert_eq!(
            add.to_json().unwrap(),
            r#"{"request":{"additional_collaborators":["c@example.com"]}}"#
        );
        let ccs = RequestUpdate {
            email_ccs: vec![EmailCc {
                user_email: "c@example.com".into(),
                action: CcAction::Delete,
            }],
            ..RequestUpdate::default()
        };
        assert_eq!(
            ccs.to_json().unwrap(),
            r#"{"request":{"email_ccs":[{"user_email":"c@example.com","action":"delete"}]}}"#
        );
    }

    #[test]
    fn satisfaction_rating_shape() {
        let rating = NewSatisfactionRating {
            score: Score::Good,
            comment: Some("Thanks".into()),
        };
        assert_eq!(
            rating.to_json().unwrap(),
            r#"{"satisfaction_rating":{"score":"good","comment":"Thanks"}}"#
        );
        let bare = NewSatisfactionRating {
            score: Score::Bad,
            comment: None,
        };
        assert_eq!(
            bare.to_json().unwrap(),
            r#"{"satisfaction_rating":{"score":"bad"}}"#
        );
    }

    #[test]
    fn client_side_limits() {
        let problem = |result: Result<(), ApiError>| match result {
            Err(ApiError::Validation(problem)) => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            problem(NewComment::text("  \n").validate()),
            ValidationProblem::EmptyComment
        );
        let long = NewComment::text("é".repeat(MAX_COMMENT_CHARS + 1));
        assert_eq!(
            problem(long.validate()),
            ValidationProblem::CommentTooLong {
                max: MAX_COMMENT_CHARS
            }
        );
        assert!(NewComment::text("é".repeat(MAX_COMMENT_CHARS))
            .validate()
            .is_ok());

        let mut anonymous = NewRequest {
            comment: NewComment::text("Hi"),
            ..NewRequest::default()
        };
        assert_eq!(
            problem(anonymous.validate(true)),
            ValidationProblem::MissingName
        );
        assert!(anonymous.validate(false).is_ok());
        anonymous.requester = Some(Requester {
            name: "Ada".into(),
            email: "ada@".into(),
            locale: None,
        });
        assert_eq!(
            problem(anonymous.validate(true)),
            ValidationProblem::InvalidEmail
        );
        for bad in [
            "ada",
            "ada@example",
            "a da@example.com",
            "@example.com",
            "a@b@c.com",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
        assert!(looks_like_email("ada.lovelace+help@example.co.uk"));
    }

    #[test]
    fn required_fields_checked() {
        let fields: Vec<TicketField> = serde_json::from_value(json!([
            {"id": 1, "type": "subject", "required_in_portal": true},
            {"id": 2, "type": "description", "required_in_portal": true},
            {"id": 21, "type": "tagger", "required_in_portal": true},
            {"id": 22, "type": "text", "required_in_portal": false},
            {"id": 23, "type": "text", "required_in_portal": true, "active": false}
        ]))
        .unwrap();
        let mut request = NewRequest {
            subject: Some("Where is it".into()),
            comment: NewComment::text("Body"),
            ..NewRequest::default()
        };
        assert_eq!(
            request.check_required_fields(&fields),
            Err(ApiError::Validation(
                ValidationProblem::MissingRequiredField { field_id: 21 }
            ))
        );
        request.custom_fields.push(FieldValue {
            id: 21,
            value: json!(""),
        });
        assert!(request.check_required_fields(&fields).is_err());
        request.custom_fields[0].value = json!("shipping");
        assert!(request.check_required_fields(&fields).is_ok());
        request.subject = None;
        assert_eq!(
            request.check_required_fields(&fields),
            Err(ApiError::Validation(
                ValidationProblem::MissingRequiredField { field_id: 1 }
            ))
        );
    }
}
