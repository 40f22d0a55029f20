//! The one error type every API call returns.
//!
//! Variants are precise so the UI can localise by variant; the English `Display` text is a
//! sensible default a UI may show as is.

use thiserror::Error;

/// Everything that can go wrong talking to Zendesk, as a UI needs to tell it apart.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ApiError {
    /// Zendesk rejected the input (422), with the reasons per field when it gave them.
    #[error("Please check the highlighted fields.")]
    Invalid {
        /// Zendesk's summary, e.g. "Record validation errors".
        description: Option<String>,
        /// Per-field reasons; the field is `"base"` when the error is about the whole record.
        details: Vec<FieldError>,
    },
    /// Zendesk refused the request as malformed (400) or too complex (406, e.g. a search
    /// with too many words).
    #[error("Zendesk could not process this request.")]
    Rejected {
        /// The HTTP status: 400, 406, or another 4xx with no variant of its own.
        status: u16,
        /// Zendesk's error code or description, when the body had one.
        description: Option<String>,
    },
    /// The credential was not accepted (401) and no fresh one could be tried.
    #[error("You need to sign in to do this.")]
    Unauthorized,
    /// A fresh token from the host page was rejected too: the user is signed out.
    /// The client never asks the host for a token more than once per failed call.
    #[error("Your session has ended. Please sign in again.")]
    SignedOut,
    /// The request, comment or upload does not exist or is not visible to this user (404).
    #[error("We couldn't find that.")]
    NotFound,
    /// Zendesk refused access (403). Only seen on the same origin: cross-origin, Zendesk
    /// sends 403 without CORS headers and it arrives as [`ApiError::OpaqueNetwork`].
    #[error(
        "You don't have access to this. If you just signed up, verify your email address first."
    )]
    Forbidden,
    /// Too many requests (429 or a 503 with `Retry-After`), when the browser could see it.
    #[error("Zendesk is busy. Please try again in a moment.")]
    RateLimited {
        /// Seconds Zendesk asked us to wait, when it said.
        retry_after_secs: Option<u32>,
    },
    /// Zendesk failed (5xx).
    #[error("Zendesk is having trouble right now. Please try again later.")]
    Server {
        /// The HTTP status.
        status: u16,
    },
    /// The browser reported a network failure and nothing more. Zendesk sends 403 and 429
    /// without CORS headers, so "forbidden", "rate limited" and "connection dropped" all
    /// look exactly like this from a web page.
    #[error(
        "We couldn't reach Zendesk. You may be offline, rate limited, or not allowed to do this."
    )]
    OpaqueNetwork,
    /// The browser is offline; nothing was sent.
    #[error("You appear to be offline.")]
    Offline,
    /// No answer before the deadline.
    #[error("Zendesk took too long to answer.")]
    Timeout,
    /// A create, reply or upload failed after its body may have reached Zendesk. It was
    /// **not** re-sent, so the user doesn't end up with two tickets; check before sending again.
    #[error("Your message may have been sent. Please check before sending it again.")]
    OutcomeUnknown,
    /// The call was cancelled because its caller went away.
    #[error("The request was cancelled.")]
    Cancelled,
    /// The answer could not be understood (truncated, HTML, too large, wrong shape).
    #[error("Zendesk sent an answer we couldn't read.")]
    Undecodable {
        /// The HTTP status of the unreadable answer.
        status: u16,
        /// What was wrong, for logs.
        reason: &'static str,
    },
    /// The answer was larger than the widget reads (a misbehaving proxy or server): refused
    /// from its `Content-Length`, or cut off while it streamed, so it never filled memory.
    #[error("Zendesk's answer was too large to read.")]
    ResponseTooLarge {
        /// The HTTP status of the refused answer.
        status: u16,
    },
    /// Zendesk answered with a redirect to a credentialed call. Redirects are not followed so
    /// that the credential cannot leave the Zendesk origin.
    #[error("Zendesk answered with an unexpected redirect.")]
    RedirectRefused,
    /// A URL outside the configured Zendesk origin's `/api/v2/` would have received the
    /// credential; the call was not made.
    #[error("Refused to send your credentials to an address outside Zendesk.")]
    ForeignUrl,
    /// The configured credential must never be used in a browser.
    #[error("{0}")]
    CredentialRefused(CredentialProblem),
    /// The host page's token callback failed or returned nothing usable.
    #[error("Couldn't get a sign-in token from this page.")]
    TokenUnavailable {
        /// What went wrong, for logs.
        reason: String,
    },
    /// The widget configuration is wrong (e.g. a bad `subdomain` or `baseUrl`).
    #[error("The support widget is misconfigured: {0}")]
    Config(ConfigProblem),
    /// Input checked before sending and refused; nothing was sent.
    #[error("{0}")]
    Validation(ValidationProblem),
    /// Too many tickets created in a short time; the client held this one back.
    #[error("You've sent several requests in a short time. Please wait a moment before sending another.")]
    Throttled {
        /// Milliseconds until another create will be allowed.
        retry_in_ms: u64,
    },
    /// An upload was refused by Zendesk, typically because its file type is blocked (422).
    #[error("This file can't be attached: {reason}")]
    FileRejected {
        /// Zendesk's reason, or a generic one.
        reason: String,
    },
}

/// One field's validation error from a 422 body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field name as Zendesk gave it (`"base"` for the whole record).
    pub field: String,
    /// Zendesk's code, e.g. `"BlankValue"`.
    pub code: Option<String>,
    /// A human-readable description, e.g. "Subject: cannot be blank".
    pub description: Option<String>,
    /// The custom ticket field the error is about: `ticket_field_id` of a `details.base[]`
    /// entry, as recorded real 422 bodies carry it (with `ticket_field_type`).
    pub ticket_field_id: Option<u64>,
}

/// Why a configured credential is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CredentialProblem {
    /// An API token (`email/token:…`) grants access to the whole account; anyone who opens
    /// the page could read it.
    #[error("An API token can't be used in a web page: anyone could read it and act as an agent on the whole account. Provide the end user's OAuth access token instead.")]
    ApiToken,
    /// Basic credentials (password or API token) would be readable by every visitor.
    #[error("Basic (password) authentication can't be used in a web page: every visitor could read it. Provide the end user's OAuth access token instead.")]
    Basic,
    /// The token contains characters no HTTP header may carry.
    #[error("The access token contains characters that aren't allowed.")]
    MalformedToken,
}

/// What is wrong with the configured Zendesk origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ConfigProblem {
    /// Neither a usable subdomain nor base URL.
    #[error("set a Zendesk subdomain (like \"acme\") or a baseUrl.")]
    MissingOrigin,
    /// The subdomain has characters a DNS label can't have.
    #[error("the subdomain must contain only letters, digits and hyphens.")]
    BadSubdomain,
    /// The base URL is not an absolute http(s) URL with a host.
    #[error("baseUrl must be an absolute URL like https://support.example.com.")]
    BadBaseUrl,
    /// Plain http is only allowed for local development.
    #[error("baseUrl must use https (http is allowed only for localhost and 127.0.0.1).")]
    InsecureBaseUrl,
    /// The base URL has a path, query, fragment or user info.
    #[error("baseUrl must be just an origin, without a path, query or user name.")]
    BaseUrlNotAnOrigin,
}

/// Input refused before sending.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ValidationProblem {
    /// The message is empty.
    #[error("Please write a message.")]
    EmptyComment,
    /// The message is longer than Zendesk accepts.
    #[error("Your message is too long (at most {max} characters).")]
    CommentTooLong {
        /// The limit in characters.
        max: usize,
    },
    /// An anonymous request needs the requester's name.
    #[error("Please enter your name.")]
    MissingName,
    /// An anonymous request needs a plausible email address.
    #[error("Please enter a valid email address.")]
    InvalidEmail,
    /// A field the form requires has no value.
    #[error("Please fill in all required fields.")]
    MissingRequiredField {
        /// The ticket field's id.
        field_id: u64,
    },
    /// An attachment is empty.
    #[error("The file \"{file_name}\" is empty.")]
    EmptyFile {
        /// The file's name.
        file_name: String,
    },
    /// An attachment is over the size limit.
    #[error("The file \"{file_name}\" is too large.")]
    FileTooLarge {
        /// The file's name.
        file_name: String,
        /// The limit in bytes.
        max_bytes: u64,
    },
    /// No file was given to upload.
    #[error("Choose a file to attach.")]
    NoFiles,
    /// A number in the request is beyond what JSON carries exactly in a browser (2^53); no
    /// Zendesk id is.
    #[error("A number in this request is too large to send.")]
    NumberTooLarge,
}

impl ApiError {
    /// Whether an optional feature's call (the satisfaction rating) was refused by the account
    /// rather than failed: Zendesk's 403 reaches a page as an opaque failure (for a write, an
    /// outcome the page can't know), and accounts on the newer CSAT don't take the legacy
    /// rating. The widget then hides the control with a quiet note instead of an error.
    pub fn refuses_feature(&self) -> bool {
        matches!(
            self,
            Self::Forbidden
                | Self::OpaqueNetwork
                | Self::OutcomeUnknown
                | Self::NotFound
                | Self::Invalid { .. }
        )
    }

    /// Whether trying the same call again later could succeed without the user changing
    /// anything (used by the UI to offer "Try again").
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Server { .. }
                | ApiError::OpaqueNetwork
                | ApiError::Offline
                | ApiError::Timeout
                | ApiError::Throttled { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_user_facing_sentences() {
        assert_eq!(ApiError::Offline.to_string(), "You appear to be offline.");
        assert!(ApiError::OpaqueNetwork.to_string().contains("rate limited"));
        assert!(ApiError::CredentialRefused(CredentialProblem::ApiToken)
            .to_string()
            .contains("API token"));
        assert_eq!(
            ApiError::Validation(ValidationProblem::CommentTooLong { max: 65000 }).to_string(),
            "Your message is too long (at most 65000 characters)."
        );
        assert!(ApiError::Config(ConfigProblem::InsecureBaseUrl)
            .to_string()
            .starts_with("The support widget is misconfigured: baseUrl must use https"));
    }

    #[test]
    fn transient_errors() {
        assert!(ApiError::Timeout.is_transient());
        assert!(!ApiError::OutcomeUnknown.is_transient());
        assert!(!ApiError::NotFound.is_transient());
    }
}
