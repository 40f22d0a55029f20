//! The contact form's send as data: the checks of the fields every request has, where the
//! problems of a refused request (HTTP 422) go, and which of the user's requests is the one a
//! send of unknown outcome created. No DOM here; `ui::contact` renders what this decides.

use crate::api::error::FieldError;
use crate::api::models::Request;
use crate::model::contact::FieldProblem;
use crate::model::field_map::FieldMap;
use crate::model::text::looks_like_email;

/// The fields every request has, by pseudo field id, so that their problems sit in the same
/// map as the custom fields' (Zendesk field ids never come near `u64::MAX`).
pub mod basic {
    /// "Your name" (anonymous only).
    pub const NAME: u64 = u64::MAX;
    /// "Email" (anonymous only).
    pub const EMAIL: u64 = u64::MAX - 1;
    /// Subject.
    pub const SUBJECT: u64 = u64::MAX - 2;
    /// "How can we help?".
    pub const DESCRIPTION: u64 = u64::MAX - 3;

    /// Whether `id` is one of these rather than a custom field.
    pub fn is_basic(id: u64) -> bool {
        id >= DESCRIPTION
    }
}

/// What the user typed into the fields every request has.
#[derive(Debug, Clone, Copy)]
pub struct BasicAnswers<'a> {
    /// Whether name and email are asked (anonymous users).
    pub anonymous: bool,
    /// "Your name".
    pub name: &'a str,
    /// "Email".
    pub email: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// "How can we help?".
    pub description: &'a str,
}

impl BasicAnswers<'_> {
    /// The problems found before sending, by pseudo field id (see [`basic`]).
    pub fn problems(&self) -> FieldMap<FieldProblem> {
        let mut found = FieldMap::new();
        if self.anonymous {
            if self.name.trim().is_empty() {
                found.insert(basic::NAME, FieldProblem::Missing);
            }
            if !looks_like_email(self.email) {
                found.insert(basic::EMAIL, FieldProblem::NotEmail);
            }
        }
        if self.subject.trim().is_empty() {
            found.insert(basic::SUBJECT, FieldProblem::Missing);
        }
        if self.description.trim().is_empty() {
            found.insert(basic::DESCRIPTION, FieldProblem::Missing);
        }
        found
    }
}

/// Zendesk's problems with a refused request, placed for the screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlacedProblems {
    /// Messages under fields on screen, by field id (several for one field are joined).
    pub by_field: FieldMap<String>,
    /// Messages with no field on screen to go under (a hidden or prefilled field, the whole
    /// record): they go into the announced summary, in order.
    pub unplaced: Vec<String>,
}

/// Places the details of a 422: under the custom field Zendesk names (`ticket_field_id`) or the
/// basic field its name means, when that field is `shown`; otherwise in the summary. A
/// detail without a description says `fallback`.
pub fn place_problems(
    details: Vec<FieldError>,
    shown: impl Fn(u64) -> bool,
    fallback: &str,
) -> PlacedProblems {
    let mut placed = PlacedProblems::default();
    for detail in details {
        let key = detail.ticket_field_id.or(match detail.field.as_str() {
            "subject" => Some(basic::SUBJECT),
            "description" | "comment" | "body" => Some(basic::DESCRIPTION),
            "name" => Some(basic::NAME),
            "email" | "requester" => Some(basic::EMAIL),
            _ => None,
        });
        let message = detail.description.unwrap_or_else(|| fallback.to_owned());
        match key.filter(|key| shown(*key)) {
            Some(key) => match placed.by_field.get_mut(&key) {
                Some(earlier) => {
                    earlier.push(' ');
                    earlier.push_str(&message);
                }
                None => {
                    placed.by_field.insert(key, message);
                }
            },
            None => placed.unplaced.push(message),
        }
    }
    placed
}

/// What a send filed, to find it (or a copy of it) among the user's newest requests.
#[derive(Debug, Clone, Copy)]
pub struct TwinQuery<'a> {
    /// The subject sent.
    pub subject: &'a str,
    /// The description sent, when a match must have it too; `None` matches on the subject.
    pub description: Option<&'a str>,
    /// ISO-8601 UTC taken before sending, minus clock skew: older requests are not it.
    pub since: &'a str,
    /// The request Zendesk answered with, which is not its own twin.
    pub besides: Option<u64>,
}

/// The request among `requests` that a send created, if any: the one with the same subject
/// (and description, when asked) created at or after `since`, other than `besides`.
///
/// After a send whose outcome is unknown it is the request the send created. After a send
/// that succeeded it is a copy: the browser re-sent the create by itself (see
/// troubleshooting), so Zendesk filed it twice.
pub fn find_twin(requests: &[Request], query: TwinQuery) -> Option<u64> {
    let subject = query.subject.trim();
    requests
        .iter()
        .filter(|r| r.created_at.as_deref().is_some_and(|at| at >= query.since))
        .filter(|r| Some(r.id) != query.besides)
        .filter(|r| {
            query
                .description
                .is_none_or(|d| same_text(r.description.as_deref(), d))
        })
        .find(|r| r.subject.as_deref().map(str::trim) == Some(subject))
        .map(|r| r.id)
}

/// Whether Zendesk's copy of a text is the text sent: the same words, however the white space
/// between them came back.
pub fn same_text(stored: Option<&str>, sent: &str) -> bool {
    stored.is_some_and(|stored| stored.split_whitespace().eq(sent.split_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(field: &str, ticket_field_id: Option<u64>, description: Option<&str>) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: None,
            description: description.map(str::to_owned),
            ticket_field_id,
        }
    }

    #[test]
    fn basic_fields_are_checked_and_name_and_email_only_when_anonymous() {
        let empty = BasicAnswers {
            anonymous: true,
            name: " ",
            email: "not an address",
            subject: "",
            description: "\n",
        };
        assert_eq!(
            empty.problems(),
            FieldMap::from([
                (basic::NAME, FieldProblem::Missing),
                (basic::EMAIL, FieldProblem::NotEmail),
                (basic::SUBJECT, FieldProblem::Missing),
                (basic::DESCRIPTION, FieldProblem::Missing),
            ])
        );
        let signed_in = BasicAnswers {
            anonymous: false,
            ..empty
        };
        assert_eq!(signed_in.problems().len(), 2);
        let filled = BasicAnswers {
            anonymous: true,
            name: "Ada",
            email: "ada@example.com",
            subject: "Printer",
            description: "It jams.",
        };
        assert!(filled.problems().is_empty());
        assert!(basic::is_basic(basic::NAME) && basic::is_basic(basic::DESCRIPTION));
        assert!(!basic::is_basic(360_000_001));
    }

    #[test]
    fn refused_fields_go_under_the_field_on_screen_or_into_the_summary() {
        let shown = |key: u64| key == basic::SUBJECT || key == 42;
        let placed = place_problems(
            vec![
                detail("subject", None, Some("Subject: cannot be blank")),
                detail("base", Some(42), Some("Size: is required")),
                detail("base", Some(42), None),
                detail("base", Some(43), Some("Hidden: is required")),
                detail("email", None, Some("Email: is invalid")),
                detail("base", None, Some("The record is invalid")),
            ],
            shown,
            "Check the format.",
        );
        assert_eq!(
            placed.by_field,
            FieldMap::from([
                (basic::SUBJECT, "Subject: cannot be blank".to_owned()),
                (42, "Size: is required Check the format.".to_owned()),
            ])
        );
        assert_eq!(
            placed.unplaced,
            vec![
                "Hidden: is required".to_owned(),
                "Email: is invalid".to_owned(),
                "The record is invalid".to_owned()
            ]
        );
        for field in ["description", "comment", "body"] {
            let placed = place_problems(
                vec![detail(field, None, Some("x"))],
                |key| key == basic::DESCRIPTION,
                "",
            );
            assert_eq!(
                placed.by_field.get(&basic::DESCRIPTION).map(String::as_str),
                Some("x")
            );
        }
    }

    #[test]
    fn the_twin_is_the_newest_request_with_the_subject_since_the_send() {
        let request = |id: u64, subject: &str, at: &str| -> Request {
            serde_json::from_value(serde_json::json!({
                "id": id, "subject": subject, "created_at": at
            }))
            .expect("a request")
        };
        let since = "2026-11-23T10:00:00Z";
        let requests = [
            request(3, "Other", "2026-11-23T10:01:00Z"),
            request(2, " Printer ", "2026-11-23T10:00:30Z"),
            request(1, "Printer", "2026-11-23T09:00:00Z"),
        ];
        let query = |subject| TwinQuery {
            subject,
            description: None,
            since,
            besides: None,
        };
        assert_eq!(find_twin(&requests, query("Printer")), Some(2));
        assert_eq!(
            find_twin(&requests[2..], query("Printer")),
            None,
            "older is not it"
        );
        assert_eq!(find_twin(&requests, query("Scanner")), None);
    }

    #[test]
    fn a_copy_after_a_success_has_the_same_subject_and_description_and_another_id() {
        let request = |id: u64, description: &str| -> Request {
            serde_json::from_value(serde_json::json!({
                "id": id, "subject": "Printer", "description": description,
                "created_at": "2026-11-23T10:00:30Z"
            }))
            .expect("a request")
        };
        let requests = [
            request(8, "It jams."),
            request(7, "It jams\n on every page."),
            request(6, "It jams on every page."),
        ];
        let copy_of = |besides| TwinQuery {
            subject: "Printer",
            description: Some("It jams on every page.\n"),
            since: "2026-11-23T10:00:00Z",
            besides: Some(besides),
        };
        assert_eq!(
            find_twin(&requests, copy_of(6)),
            Some(7),
            "white space aside"
        );
        assert_eq!(find_twin(&requests, copy_of(7)), Some(6));
        assert_eq!(find_twin(&requests[..1], copy_of(8)), None, "not itself");
        assert!(!same_text(None, "It jams."));
    }
}
