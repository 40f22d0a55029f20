//! `X-Zendesk-API-Warn`: Zendesk's note that it ignored or removed part of a call, e.g.
//! `Removed restricted keys ["request.foo"] from parameters according to allowlist`.
//!
//! The call still succeeds, so nothing in the widget changes, but the host's developer should
//! hear of it (a Zendesk change, an account setting, a widget bug): each distinct warning is
//! written to the console once per page, not once per call.

use std::cell::RefCell;

thread_local! {
    /// The page's warnings: every client (each widget, each identity) shares them.
    static PAGE: RefCell<ApiWarnings> = RefCell::default();
}

/// [`ApiWarnings::first_time`] against the warnings already written in this page.
pub fn first_in_page(method: &str, path_and_query: &str, warning: &str) -> Option<String> {
    PAGE.with(|page| {
        page.borrow_mut()
            .first_time(method, path_and_query, warning)
    })
}

/// The warnings already written.
#[derive(Debug, Default)]
pub struct ApiWarnings {
    seen: Vec<String>,
}

impl ApiWarnings {
    /// Distinct warnings remembered; later new ones are still written (a page that keeps
    /// meeting new warnings has a problem worth a noisy console), just not remembered.
    const REMEMBERED: usize = 32;
    /// Longest warning text written (Zendesk lists every removed key; the list can be long).
    const MAX_CHARS: usize = 500;

    /// The console line for `warning` on a `method` call to `path_and_query`, the first time
    /// this warning is seen; `None` when it was written before or is blank. The query is left
    /// out of the line (it can hold what the user searched for).
    pub fn first_time(
        &mut self,
        method: &str,
        path_and_query: &str,
        warning: &str,
    ) -> Option<String> {
        let warning = warning.trim();
        if warning.is_empty() || self.seen.iter().any(|seen| seen == warning) {
            return None;
        }
        if self.seen.len() < Self::REMEMBERED {
            self.seen.push(warning.to_owned());
        }
        let path = path_and_query.split('?').next().unwrap_or_default();
        let mut shown: String = warning.chars().take(Self::MAX_CHARS).collect();
        if shown.len() < warning.len() {
            shown.push('…');
        }
        Some(format!(
            "support-widget: Zendesk answered {method} {path} with X-Zendesk-API-Warn: {shown}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REMOVED: &str =
        r#"Removed restricted keys ["request.foo"] from parameters according to allowlist"#;

    #[test]
    fn each_warning_is_written_once() {
        let mut warnings = ApiWarnings::default();
        assert_eq!(
            warnings.first_time("PUT", "/api/v2/requests/101.json", REMOVED),
            Some(format!(
                "support-widget: Zendesk answered PUT /api/v2/requests/101.json with X-Zendesk-API-Warn: {REMOVED}"
            ))
        );
        assert_eq!(
            warnings.first_time("PUT", "/api/v2/requests/102.json", REMOVED),
            None
        );
        assert_eq!(
            warnings.first_time("POST", "/api/v2/requests.json", &format!(" {REMOVED}\n")),
            None,
            "the same text, padded"
        );
        assert!(warnings
            .first_time("POST", "/api/v2/requests.json", "something else")
            .is_some());
        assert_eq!(warnings.first_time("GET", "/x", "   "), None);
    }

    #[test]
    fn the_line_leaves_out_the_query_and_stays_short() {
        let mut warnings = ApiWarnings::default();
        let line = warnings
            .first_time("GET", "/api/v2/requests/search.json?query=my+secret", "w")
            .unwrap();
        assert!(line.ends_with("GET /api/v2/requests/search.json with X-Zendesk-API-Warn: w"));
        assert!(!line.contains("secret"));
        let long = "k".repeat(5_000);
        let line = warnings.first_time("GET", "/x", &long).unwrap();
        assert!(line.ends_with(&format!("{}…", "k".repeat(500))));
    }

    #[test]
    fn memory_is_bounded() {
        let mut warnings = ApiWarnings::default();
        for i in 0..1_000 {
            assert!(warnings.first_time("GET", "/x", &format!("w{i}")).is_some());
        }
        assert_eq!(warnings.seen.len(), ApiWarnings::REMEMBERED);
        assert_eq!(warnings.first_time("GET", "/x", "w0"), None);
    }
}
