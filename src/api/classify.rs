//! Turning an HTTP response into a decoded JSON body or an [`ApiError`].
//!
//! The status decides; the body is parsed when it parses (JSON is accepted whatever the
//! `Content-Type` says, since Zendesk sends some JSON as `text/plain`), and an unreadable body
//! (HTML error page, truncated JSON, too large) is an error, never a panic.

use serde_json::Value;

use super::error::{ApiError, FieldError};
use super::json;
use super::response_cap::{MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES};
use super::retry::{parse_http_date, retry_after_secs};

/// What the transport saw: status, the headers we care about, and the body text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// HTTP status. 0 for an opaque redirect.
    pub status: u16,
    /// `Content-Type`, when readable.
    pub content_type: Option<String>,
    /// `Retry-After`, when readable (same-origin only: Zendesk doesn't expose it via CORS).
    pub retry_after: Option<String>,
    /// `Date`, when readable (same-origin only): the server's clock, which a `Retry-After`
    /// date is measured against.
    pub date: Option<String>,
    /// `X-Zendesk-User-Id`: who Zendesk took the caller for (CORS exposes it).
    pub user_id: Option<u64>,
    /// `X-Zendesk-API-Warn`: Zendesk ignored or removed something the call sent (CORS
    /// exposes it).
    pub api_warn: Option<String>,
    /// The body as text (empty for 204).
    pub body: String,
    /// The body was over its [`BodyCap`](super::response_cap::BodyCap) and was not read (or
    /// not to the end); `body` is then empty.
    pub body_too_large: bool,
}

/// Decides the outcome of a response: the parsed JSON body (`Null` when empty) or an error.
/// `now_ms` is the local clock, for a `Retry-After` date when the answer's `Date` is unreadable.
pub fn classify(response: &HttpResponse, now_ms: u64) -> Result<Value, ApiError> {
    let status = response.status;
    match status {
        200..=299 => decode_success(response),
        0 | 300..=399 => Err(ApiError::RedirectRefused),
        401 => Err(ApiError::Unauthorized),
        403 => Err(ApiError::Forbidden),
        404 => Err(ApiError::NotFound),
        422 => Err(invalid(&parse_error_body(response))),
        429 => Err(ApiError::RateLimited {
            retry_after_secs: retry_after(response, now_ms),
        }),
        503 if response.retry_after.is_some() => Err(ApiError::RateLimited {
            retry_after_secs: retry_after(response, now_ms),
        }),
        400..=499 => Err(ApiError::Rejected {
            status,
            description: error_description(&parse_error_body(response)),
        }),
        500..=599 => Err(ApiError::Server { status }),
        _ => Err(ApiError::Undecodable {
            status,
            reason: "unexpected status",
        }),
    }
}

fn decode_success(response: &HttpResponse) -> Result<Value, ApiError> {
    let status = response.status;
    if response.body_too_large || response.body.len() as u64 > MAX_BODY_BYTES {
        return Err(ApiError::ResponseTooLarge { status });
    }
    let text = response.body.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    json::parse(text).map_err(|_| {
        let is_html = response
            .content_type
            .as_deref()
            .is_some_and(|content_type| content_type.to_ascii_lowercase().contains("html"))
            || text.starts_with('<');
        ApiError::Undecodable {
            status,
            reason: if is_html {
                "HTML instead of JSON"
            } else {
                "invalid JSON"
            },
        }
    })
}

/// `Retry-After` in seconds, in either form; a date is measured against the answer's own `Date`
/// when readable, else against the local clock.
fn retry_after(response: &HttpResponse, now_ms: u64) -> Option<u32> {
    let now_secs = response
        .date
        .as_deref()
        .and_then(parse_http_date)
        .unwrap_or(now_ms / 1000);
    retry_after_secs(response.retry_after.as_deref()?, now_secs)
}

fn parse_error_body(response: &HttpResponse) -> Value {
    if response.body_too_large || response.body.len() as u64 > MAX_ERROR_BODY_BYTES {
        return Value::Null;
    }
    json::parse(response.body.trim()).unwrap_or(Value::Null)
}

/// The summary of either error shape: `{error, description}` or `{errors:[{title, detail}]}`.
fn error_description(body: &Value) -> Option<String> {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_string);
    text(body.get("description"))
        .or_else(|| match body.get("error") {
            Some(Value::Object(error)) => {
                text(error.get("message")).or_else(|| text(error.get("title")))
            }
            other => text(other),
        })
        .or_else(|| {
            let first = body.get("errors")?.as_array()?.first()?;
            text(first.get("detail")).or_else(|| text(first.get("title")))
        })
}

fn invalid(body: &Value) -> ApiError {
    let mut details = Vec::new();
    // Real responses: "details": {"subject": [{"description": "…", "error": "BlankValue"}]}.
    if let Some(Value::Object(fields)) = body.get("details") {
        for (field, reasons) in fields {
            let reasons = match reasons {
                Value::Array(reasons) => reasons.as_slice(),
                other => std::slice::from_ref(other),
            };
            for reason in reasons {
                details.push(field_error(field.clone(), reason, "error", "description"));
            }
        }
    }
    // The published schema: "errors": [{"code": "…", "title": "…", "detail": "…"}].
    if let Some(Value::Array(errors)) = body.get("errors") {
        for error in errors {
            let field = error
                .get("source")
                .and_then(|source| source.get("pointer").or_else(|| source.get("parameter")))
                .and_then(Value::as_str)
                .map(|pointer| pointer.rsplit('/').next().unwrap_or(pointer).to_string())
                .unwrap_or_else(|| "base".to_string());
            let mut detail = field_error(field, error, "code", "detail");
            if detail.description.is_none() {
                detail.description = error
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            details.push(detail);
        }
    }
    ApiError::Invalid {
        description: error_description(body),
        details,
    }
}

fn field_error(field: String, reason: &Value, code_key: &str, description_key: &str) -> FieldError {
    let text = |key: &str| reason.get(key).and_then(Value::as_str).map(str::to_string);
    FieldError {
        field,
        code: text(code_key),
        description: text(description_key).or_else(|| reason.as_str().map(str::to_string)),
        ticket_field_id: reason.get("ticket_field_id").and_then(|key| {
            key.as_u64()
                .or_else(|| key.as_str().and_then(|s| s.parse().ok()))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn classify_now(response: &HttpResponse) -> Result<Value, ApiError> {
        classify(response, 0)
    }

    /// The description and details of a 422 answered with `body`.
    fn invalid(body: &str) -> (Option<String>, Vec<crate::api::error::FieldError>) {
        match classify_now(&response(422, body)) {
            Err(ApiError::Invalid {
                description,
                details,
            }) => (description, details),
            other => panic!("not Invalid: {other:?}"),
        }
    }

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            body: body.to_string(),
            ..HttpResponse::default()
        }
    }

    #[test]
    fn every_status_class() {
        let rejected = |status| ApiError::Rejected {
            status,
            description: None,
        };
        let undecodable = |status| ApiError::Undecodable {
            status,
            reason: "unexpected status",
        };
        let invalid = ApiError::Invalid {
            description: None,
            details: vec![],
        };
        let throttled = ApiError::RateLimited {
            retry_after_secs: None,
        };
        let cases: &[(u16, ApiError)] = &[
            (0, ApiError::RedirectRefused),
            (301, ApiError::RedirectRefused),
            (302, ApiError::RedirectRefused),
            (400, rejected(400)),
            (401, ApiError::Unauthorized),
            (403, ApiError::Forbidden),
            (404, ApiError::NotFound),
            (405, rejected(405)),
            (406, rejected(406)),
            (409, rejected(409)),
            (413, rejected(413)),
            (422, invalid),
            (429, throttled),
            (500, ApiError::Server { status: 500 }),
            (502, ApiError::Server { status: 502 }),
            (503, ApiError::Server { status: 503 }),
            (504, ApiError::Server { status: 504 }),
            (100, undecodable(100)),
            (600, undecodable(600)),
        ];
        for (status, expected) in cases {
            assert_eq!(
                classify_now(&response(*status, "")),
                Err(expected.clone()),
                "{status}"
            );
        }
        for status in 200..=299 {
            assert_eq!(
                classify_now(&response(status, "")),
                Ok(Value::Null),
                "{status}"
            );
        }
    }

    #[test]
    fn success_bodies() {
        assert_eq!(
            classify_now(&response(200, " {\"a\":1}\n")),
            Ok(json!({"a": 1}))
        );
        let text_plain = HttpResponse {
            content_type: Some("text/plain; charset=utf-8".into()),
            ..response(201, r#"{"upload":{"token":"t"}}"#)
        };
        assert_eq!(
            classify_now(&text_plain),
            Ok(json!({"upload": {"token": "t"}}))
        );
        assert_eq!(
            classify_now(&response(200, r#"{"requests":[{"id":1},{"id":"#)),
            Err(ApiError::Undecodable {
                status: 200,
                reason: "invalid JSON"
            })
        );
        let html = HttpResponse {
            content_type: Some("text/html".into()),
            ..response(200, "<!doctype html><title>Help Center</title>")
        };
        assert_eq!(
            classify_now(&html),
            Err(ApiError::Undecodable {
                status: 200,
                reason: "HTML instead of JSON"
            })
        );
        let huge = response(
            200,
            &" ".repeat(MAX_BODY_BYTES as usize + 1)
                .replacen(' ', "{", 1),
        );
        assert_eq!(
            classify_now(&huge),
            Err(ApiError::ResponseTooLarge { status: 200 })
        );
        // The transport stopped reading: a success is refused whatever it had; an error
        // answer too large to read is decided by its status alone.
        let invalid = ApiError::Invalid {
            description: None,
            details: vec![],
        };
        for (status, expected) in [
            (201, ApiError::ResponseTooLarge { status: 201 }),
            (422, invalid),
        ] {
            let refused = HttpResponse {
                body_too_large: true,
                ..response(status, "")
            };
            assert_eq!(classify_now(&refused), Err(expected), "{status}");
        }
    }

    #[test]
    fn retry_after_visible_or_not() {
        let answer = |status, retry_after: &str, date: Option<&str>| HttpResponse {
            retry_after: Some(retry_after.into()),
            date: date.map(str::to_owned),
            ..response(status, "")
        };
        let retry_at = "Wed, 21 Oct 2026 07:28:00 GMT";
        let retry_at_ms = 1_792_567_680_000;
        let cases = [
            (answer(429, "42", None), 0, Some(42), "seconds"),
            (
                answer(429, retry_at, Some("Wed, 21 Oct 2026 07:27:15 GMT")),
                0,
                Some(45),
                "a date counts from the answer's own Date (the server's clock)",
            ),
            (
                answer(429, retry_at, None),
                retry_at_ms - 20_000,
                Some(20),
                "or from the local clock when there is no readable Date",
            ),
            (
                answer(429, retry_at, None),
                retry_at_ms + 5_000,
                Some(0),
                "a date already past: retry now",
            ),
            (answer(429, "in a while", None), 0, None, "garbled"),
            (answer(503, "10", None), 0, Some(10), "503 with Retry-After"),
        ];
        for (response, now_ms, retry_after_secs, what) in cases {
            assert_eq!(
                classify(&response, now_ms),
                Err(ApiError::RateLimited { retry_after_secs }),
                "{what}"
            );
        }
    }

    #[test]
    fn invalid_real_shape() {
        let body = r#"{"error":"RecordInvalid","description":"Record validation errors","details":{
            "subject":[{"description":"Subject: cannot be blank","error":"BlankValue"}],
            "base":[{"description":"Requester email is invalid","error":"InvalidValue"}, "odd",
                    {"description":"Serial: is invalid","error":"InvalidValue","ticket_field_id":28,
                     "ticket_field_type":"FieldRegexp"},
                    {"description":"Topic: cannot be blank","error":null,"field_key":21}],
            "description":[{"description":"Description: cannot be blank","error":"BlankValue"}]}}"#;
        let (description, details) = invalid(body);
        assert_eq!(description.as_deref(), Some("Record validation errors"));
        assert_eq!(details.len(), 6);
        let serial = details
            .iter()
            .find(|d| d.ticket_field_id == Some(28))
            .unwrap();
        // `field_key` is in no documented or recorded body: it names no field.
        assert!(details
            .iter()
            .all(|d| d.ticket_field_id.is_none() || d.ticket_field_id == Some(28)));
        let description = details.iter().find(|d| d.field == "description").unwrap();
        assert_eq!(description.code.as_deref(), Some("BlankValue"));
        assert_eq!(serial.description.as_deref(), Some("Serial: is invalid"));
        let subject = details.iter().find(|d| d.field == "subject").unwrap();
        assert_eq!(subject.code.as_deref(), Some("BlankValue"));
        assert_eq!(
            subject.description.as_deref(),
            Some("Subject: cannot be blank")
        );
        assert!(details
            .iter()
            .any(|d| d.field == "base" && d.description.as_deref() == Some("odd")));
    }

    #[test]
    fn invalid_schema_shape() {
        let body = r#"{"errors":[{"code":"InvalidValue","title":"Invalid value","detail":"Email is invalid","source":{"pointer":"/request/requester/email"}},{"code":"X","title":"Only title"}]}"#;
        let (description, details) = invalid(body);
        assert_eq!(description.as_deref(), Some("Email is invalid"));
        assert_eq!(details[0].field, "email");
        assert_eq!(details[0].code.as_deref(), Some("InvalidValue"));
        assert_eq!(details[1].field, "base");
        assert_eq!(details[1].description.as_deref(), Some("Only title"));
    }

    #[test]
    fn error_bodies_that_dont_parse() {
        assert_eq!(
            classify_now(&response(422, "<html>oops</html>")),
            Err(ApiError::Invalid {
                description: None,
                details: vec![]
            })
        );
        assert_eq!(
            classify_now(&response(
                500,
                "<html><body><h1>500 Internal Server Error</h1></body></html>"
            )),
            Err(ApiError::Server { status: 500 })
        );
        assert_eq!(
            classify_now(&response(
                400,
                r#"{"error":"TooManyValues","description":"Too many ids"}"#
            )),
            Err(ApiError::Rejected {
                status: 400,
                description: Some("Too many ids".into())
            })
        );
        assert_eq!(
            classify_now(&response(
                400,
                r#"{"error":{"title":"Bad","message":"Bad cursor"}}"#
            )),
            Err(ApiError::Rejected {
                status: 400,
                description: Some("Bad cursor".into())
            })
        );
        let huge = format!(
            r#"{{"error":"x","description":"{}"}}"#,
            "y".repeat(MAX_ERROR_BODY_BYTES as usize)
        );
        assert_eq!(
            classify_now(&response(406, &huge)),
            Err(ApiError::Rejected {
                status: 406,
                description: None
            })
        );
    }
}
