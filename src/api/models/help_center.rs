//! Help Center articles (suggestions) and the visitor's Help Center session.

use serde_json::Value;

use crate::api::lenient::{deserialize_by_decode, Decode, Fields};

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

/// The signed-in Help Center session (same-origin only).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HelpCenterSession {
    /// Sent as `X-CSRF-Token` on writes made with the session cookie; `None` for a visitor
    /// who isn't signed in to the Help Center.
    pub csrf_token: Option<String>,
    /// The signed-in user, when Zendesk says.
    pub user_id: Option<u64>,
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

impl Decode for HelpCenterSession {
    fn decode(value: Value) -> Option<Self> {
        let mut f = Fields::of(value)?;
        Some(Self {
            csrf_token: f.text("csrf_token"),
            user_id: f.number("user_id"),
        })
    }
}

deserialize_by_decode!(Article, HelpCenterSession);
