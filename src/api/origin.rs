//! The configured Zendesk origin and the guard that decides which URLs may carry credentials.
//!
//! A small hand-written parser instead of the `url` crate: we only need scheme, host and port
//! of absolute http(s) URLs, and the widget has a tight byte budget. Anything unusual
//! (user info, backslashes, dot segments, odd schemes) is simply refused: refusing to attach a
//! credential is always safe, attaching it to the wrong place never is.

use super::error::{ApiError, ConfigProblem};

/// The one origin (scheme, host, port) the widget sends credentials to, e.g.
/// `https://acme.zendesk.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZendeskOrigin {
    /// `"https"` or (local development only) `"http"`.
    scheme: &'static str,
    /// Lower-case host name or IPv4 address.
    host: String,
    /// The port, when not the scheme's default.
    port: Option<u16>,
}

/// Scheme, host and port of an absolute URL, plus where its path starts.
struct ParsedUrl<'a> {
    scheme: &'static str,
    host: String,
    port: Option<u16>,
    /// Path, query and fragment, starting with `/`, or empty.
    rest: &'a str,
}

impl ZendeskOrigin {
    /// `https://{subdomain}.zendesk.com`. The subdomain must be a DNS label.
    ///
    /// ```
    /// use support_widget::api::origin::ZendeskOrigin;
    ///
    /// let acme = ZendeskOrigin::from_subdomain("acme").unwrap();
    /// assert_eq!(acme.as_string(), "https://acme.zendesk.com");
    /// assert!(ZendeskOrigin::from_subdomain("acme.evil.com").is_err());
    /// ```
    pub fn from_subdomain(subdomain: &str) -> Result<Self, ApiError> {
        let subdomain = subdomain.trim();
        if subdomain.is_empty() {
            return Err(ApiError::Config(ConfigProblem::MissingOrigin));
        }
        let is_label = subdomain.len() <= 63
            && subdomain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !subdomain.starts_with('-')
            && !subdomain.ends_with('-');
        if !is_label {
            return Err(ApiError::Config(ConfigProblem::BadSubdomain));
        }
        Ok(Self {
            scheme: "https",
            host: format!("{}.zendesk.com", subdomain.to_ascii_lowercase()),
            port: None,
        })
    }

    /// A host-mapped domain such as `https://support.example.com` (a trailing `/` is fine).
    /// Plain http is accepted only for `localhost` and `127.0.0.1`, for development and tests.
    ///
    /// ```
    /// use support_widget::api::origin::ZendeskOrigin;
    ///
    /// let mapped = ZendeskOrigin::from_base_url("https://support.example.com/").unwrap();
    /// assert_eq!(mapped.as_string(), "https://support.example.com");
    /// assert!(ZendeskOrigin::from_base_url("http://support.example.com").is_err());
    /// ```
    pub fn from_base_url(base_url: &str) -> Result<Self, ApiError> {
        let base_url = base_url.trim();
        if base_url.is_empty() {
            return Err(ApiError::Config(ConfigProblem::MissingOrigin));
        }
        let parsed = parse_absolute(base_url).map_err(ApiError::Config)?;
        if !(parsed.rest.is_empty() || parsed.rest == "/") {
            return Err(ApiError::Config(ConfigProblem::BaseUrlNotAnOrigin));
        }
        if parsed.scheme == "http" && !is_loopback(&parsed.host) {
            return Err(ApiError::Config(ConfigProblem::InsecureBaseUrl));
        }
        Ok(Self {
            scheme: parsed.scheme,
            host: parsed.host,
            port: parsed.port,
        })
    }

    /// The origin as a string without trailing slash, e.g. `https://acme.zendesk.com`.
    pub fn as_string(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{}", self.scheme, self.host, port),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// The absolute URL for an API path (which must start with `/`).
    pub fn url(&self, path_and_query: &str) -> String {
        let mut url = self.as_string();
        url.push_str(path_and_query);
        url
    }

    /// Whether `url` may carry the `Authorization` header, session cookie or CSRF token:
    /// only when it is on exactly this origin and its path is under `/api/v2/`.
    ///
    /// Refuses `content_url`s on the attachment host, foreign `links.next`/`next_page`
    /// links, relative URLs, user info (`https://acme.zendesk.com@evil.test/`), backslashes
    /// and dot segments (which a browser would normalise out of `/api/v2/`).
    pub fn may_carry_credentials(&self, url: &str) -> bool {
        let Ok(parsed) = parse_absolute(url) else {
            return false;
        };
        if parsed.scheme != self.scheme || parsed.host != self.host || parsed.port != self.port {
            return false;
        }
        let path = parsed.rest.split(['?', '#']).next().unwrap_or("");
        if !path.starts_with("/api/v2/") {
            return false;
        }
        let lowered = path.to_ascii_lowercase();
        let has_dot_segment = path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
            || lowered.contains("%2e")
            || lowered.contains("%2f")
            || lowered.contains("%5c");
        !has_dot_segment
    }

    /// Checks a URL before a credentialed call; see [`ZendeskOrigin::may_carry_credentials`].
    pub fn guard(&self, url: &str) -> Result<(), ApiError> {
        if self.may_carry_credentials(url) {
            Ok(())
        } else {
            Err(ApiError::ForeignUrl)
        }
    }
}

fn is_loopback(host: &str) -> bool {
    // `*.localhost` is loopback too (RFC 6761): a second brand's host in development.
    host == "localhost" || host == "127.0.0.1" || host.ends_with(".localhost")
}

/// Parses `scheme://host[:port][rest]` for http and https only.
fn parse_absolute(url: &str) -> Result<ParsedUrl<'_>, ConfigProblem> {
    if url.bytes().any(|b| b <= b' ' || b == b'\\' || b == 0x7f) {
        return Err(ConfigProblem::BadBaseUrl);
    }
    let (scheme, after_scheme) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
        ("https", rest)
    } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
        ("http", rest)
    } else {
        return Err(ConfigProblem::BadBaseUrl);
    };
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let (authority, rest) = after_scheme.split_at(authority_end);
    if authority.contains('@') {
        return Err(ConfigProblem::BaseUrlNotAnOrigin);
    }
    if !rest.is_empty() && !rest.starts_with('/') {
        // `https://host?x` or `https://host#x`: not an origin, and odd enough to refuse.
        return Err(ConfigProblem::BaseUrlNotAnOrigin);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port_text)) => {
            let port: u16 = port_text.parse().map_err(|_| ConfigProblem::BadBaseUrl)?;
            let default_port = if scheme == "https" { 443 } else { 80 };
            (host, (port != default_port).then_some(port))
        }
        None => (authority, None),
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !host.starts_with('.')
        && !host.contains("..");
    if !host_ok {
        return Err(ConfigProblem::BadBaseUrl);
    }
    Ok(ParsedUrl {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
        rest,
    })
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> ZendeskOrigin {
        ZendeskOrigin::from_subdomain("acme").unwrap()
    }

    #[test]
    fn subdomain_builds_zendesk_origin() {
        assert_eq!(acme().as_string(), "https://acme.zendesk.com");
        assert_eq!(
            ZendeskOrigin::from_subdomain(" Acme-EU ")
                .unwrap()
                .as_string(),
            "https://acme-eu.zendesk.com"
        );
        for bad in ["acme.evil", "a/b", "-acme", "acme-", "ac me", "acme@x"] {
            assert_eq!(
                ZendeskOrigin::from_subdomain(bad),
                Err(ApiError::Config(ConfigProblem::BadSubdomain)),
                "{bad}"
            );
        }
        assert_eq!(
            ZendeskOrigin::from_subdomain(""),
            Err(ApiError::Config(ConfigProblem::MissingOrigin))
        );
    }

    #[test]
    fn base_url_accepts_origins_and_normalises() {
        let origin = ZendeskOrigin::from_base_url("HTTPS://Support.Example.com:443/").unwrap();
        assert_eq!(origin.as_string(), "https://support.example.com");
        let local = ZendeskOrigin::from_base_url("http://127.0.0.1:4010").unwrap();
        assert_eq!(local.as_string(), "http://127.0.0.1:4010");
        assert_eq!(
            local.url("/api/v2/requests.json"),
            "http://127.0.0.1:4010/api/v2/requests.json"
        );
        assert!(ZendeskOrigin::from_base_url("http://localhost:8080").is_ok());
    }

    #[test]
    fn base_url_refuses_insecure_and_non_origins() {
        let problem = |url: &str| match ZendeskOrigin::from_base_url(url) {
            Err(ApiError::Config(problem)) => problem,
            other => panic!("{url}: {other:?}"),
        };
        assert_eq!(
            problem("http://support.example.com"),
            ConfigProblem::InsecureBaseUrl
        );
        assert_eq!(problem("http://127.0.0.2"), ConfigProblem::InsecureBaseUrl);
        assert_eq!(
            problem("https://example.com/hc"),
            ConfigProblem::BaseUrlNotAnOrigin
        );
        assert_eq!(
            problem("https://user:pw@example.com"),
            ConfigProblem::BaseUrlNotAnOrigin
        );
        assert_eq!(
            problem("https://example.com?x=1"),
            ConfigProblem::BaseUrlNotAnOrigin
        );
        assert_eq!(problem("ftp://example.com"), ConfigProblem::BadBaseUrl);
        assert_eq!(problem("javascript:alert(1)"), ConfigProblem::BadBaseUrl);
        assert_eq!(problem("//example.com"), ConfigProblem::BadBaseUrl);
        assert_eq!(problem("https://exa mple.com"), ConfigProblem::BadBaseUrl);
        assert_eq!(
            problem("https://example.com:99999"),
            ConfigProblem::BadBaseUrl
        );
        assert_eq!(problem(""), ConfigProblem::MissingOrigin);
    }

    #[test]
    fn credentials_only_to_api_v2_on_the_same_origin() {
        let origin = acme();
        assert!(origin.may_carry_credentials("https://acme.zendesk.com/api/v2/requests.json"));
        assert!(origin
            .may_carry_credentials("https://ACME.zendesk.com:443/api/v2/requests?page[after]=x"));
        // Attachment content lives on another host.
        assert!(!origin.may_carry_credentials(
            "https://acme.zendesk.com.example-cdn.test/attachments/token/abc/?name=a.png"
        ));
        assert!(!origin.may_carry_credentials("https://p13.zdusercontent.com/attachment/1/x.png"));
        // Same origin, outside the API.
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com/attachments/token/abc"));
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com/api/v2"));
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com/hc/en-us"));
        // A foreign links.next / next_page.
        assert!(!origin.may_carry_credentials("https://evil.test/api/v2/requests.json?page=2"));
        // Scheme or port differ.
        assert!(!origin.may_carry_credentials("http://acme.zendesk.com/api/v2/requests.json"));
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com:8443/api/v2/requests"));
        // Tricks.
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com@evil.test/api/v2/x"));
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com/api/v2/../../redirect"));
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com/api/v2/%2e%2e/x"));
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com\\@evil.test/api/v2/x"));
        assert!(!origin.may_carry_credentials("/api/v2/requests.json"));
        assert!(!origin.may_carry_credentials("https://acme.zendesk.com.evil.test/api/v2/x"));
        assert_eq!(
            origin.guard("https://evil.test/api/v2/x"),
            Err(ApiError::ForeignUrl)
        );
    }

    #[test]
    fn local_simulator_origins_are_distinct() {
        let api = ZendeskOrigin::from_base_url("http://127.0.0.1:4010").unwrap();
        assert!(api.may_carry_credentials("http://127.0.0.1:4010/api/v2/uploads?filename=a"));
        assert!(!api.may_carry_credentials("http://127.0.0.1:4011/api/v2/uploads"));
        assert!(!api.may_carry_credentials("http://localhost:4010/api/v2/uploads"));
    }
}
