//! Start-up configuration: [`SimConfig`] (library), [`AccountSettings`] (switchable at run time
//! through `/__sim/settings`) and the hand-rolled command-line parser of the binary.
//!
//! Hand-rolled rather than clap: a dozen flags do not justify clap's compile time on a 2-core
//! machine that rebuilds the workspace all day.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::path::PathBuf;

/// Account settings of the simulated `acme` account. JSON names are part of the agreed
/// interface (docs/simulator.md); `PATCH /__sim/settings` accepts any subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountSettings {
    /// "Anybody can submit tickets": anonymous `POST /api/v2/requests` allowed.
    pub anonymous_requests: bool,
    /// "Require authentication for request and uploads APIs" for uploads.
    pub uploads_require_auth: bool,
    /// File extensions (lower case, no dot) rejected by `POST /api/v2/uploads` with 422.
    pub blocked_file_extensions: Vec<String>,
    /// Largest accepted attachment, in bytes (Zendesk: 50 MB).
    pub max_attachment_bytes: u64,
    /// Trial account: at most 5 anonymous requests per hour (then 429).
    pub trial_anonymous_limit: bool,
    /// Anonymous requests are held as suspended until the requester verifies their email
    /// ("Ask users to register", or Zendesk's verification of anonymous Help Center requests):
    /// created, but seen by no one until recovered (`PATCH /__sim/requests/{id}` with
    /// `"suspended": false`).
    pub suspend_anonymous_requests: bool,
    /// Account-wide API calls per minute before 429.
    pub rate_limit_per_minute: u32,
    /// CCs on requests (`email_ccs`) enabled.
    pub email_ccs: bool,
    /// Customer satisfaction ratings enabled.
    pub satisfaction_ratings: bool,
    /// Lifetime of OAuth access tokens issued by `/oauth/tokens` and `/__sim/tokens`.
    pub access_token_ttl_secs: u64,
    /// Whether `POST /oauth/tokens` answers cross-origin (CORS). Off by default: Zendesk's CORS
    /// guide lists OAuth-token API calls and the anonymous endpoints, not the token endpoint,
    /// so a page must not count on exchanging a code from the browser (docs/simulator.md).
    pub token_endpoint_cors: bool,
    /// The demo OAuth client behaves as one created before Zendesk's token expiry: its access
    /// tokens don't expire, and the token answer has `expires_in: null` and no refresh token
    /// (docs/simulator.md cites Zendesk's announcement).
    pub legacy_oauth_client: bool,
    /// The account is on the legacy CSAT, the only one `POST …/satisfaction_rating` serves;
    /// false: the newer CSAT, which refuses it and never offers a rating on requests.
    pub csat_legacy: bool,
    /// `POST …/satisfaction_rating` answers `{"satisfaction_rating":[{…}]}` (the OpenAPI
    /// document's shape) when true, `{"satisfaction_rating":{…}}` when false.
    pub csat_answer_array: bool,
    /// Upload answers carry `expires_at` (real answers may not; the token lives 60 minutes).
    pub upload_expires_at: bool,
    /// 401 and 422 answers carry CORS headers (unsourced: false makes them opaque).
    pub cors_on_401_422: bool,
    /// `X-Zendesk-User-Id` is listed in `Access-Control-Expose-Headers` (unsourced).
    pub expose_user_id: bool,
    /// `help_center/sessions.json` for a visitor without a session: `{"current_session":null}`
    /// when true, `{"current_session":{"csrf_token":null}}` when false (both unsourced).
    pub signed_out_session_null: bool,
    /// An anonymous request's `requester.locale` (a tag such as `fr`) sets the new requester's
    /// language when true; when false Zendesk is taken to read only the Users API's numeric
    /// `locale_id` there, and the tag is ignored (which one it reads is unsourced).
    pub requester_locale_tag: bool,
}

impl Default for AccountSettings {
    fn default() -> Self {
        AccountSettings {
            anonymous_requests: true,
            uploads_require_auth: false,
            blocked_file_extensions: vec!["exe".into(), "bat".into(), "js".into()],
            max_attachment_bytes: 52_428_800,
            trial_anonymous_limit: false,
            suspend_anonymous_requests: false,
            rate_limit_per_minute: 700,
            email_ccs: true,
            satisfaction_ratings: true,
            access_token_ttl_secs: 1800,
            token_endpoint_cors: false,
            legacy_oauth_client: false,
            csat_legacy: true,
            csat_answer_array: true,
            upload_expires_at: false,
            cors_on_401_422: true,
            expose_user_id: true,
            signed_out_session_null: false,
            requester_locale_tag: true,
        }
    }
}

/// How to start the simulator. `SimConfig::default()` binds both listeners to free ports on
/// 127.0.0.1, seeds the demo data, enables no control API and logs nothing.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Interface both listeners bind to.
    pub host: IpAddr,
    /// Port of the API origin (0 = a free port).
    pub api_port: u16,
    /// Port of the content origin serving attachments (0 = a free port).
    pub content_port: u16,
    /// Enables the `/__sim/` control API.
    pub control: bool,
    /// State file: loaded at start when it exists, written back after every change.
    pub data: Option<PathBuf>,
    /// Initial account settings (also what `/__sim/reset` returns to).
    pub settings: AccountSettings,
    /// One log line per call on stdout.
    pub log: bool,
    /// Raw HTML appended to the Help Center pages' `<body>` (`/hc/{locale}`), e.g. a
    /// `<script src>` that embeds the widget so it runs same-origin with the API.
    pub help_center_html: Option<String>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            host: IpAddr::from([127, 0, 0, 1]),
            api_port: 0,
            content_port: 0,
            control: false,
            data: None,
            settings: AccountSettings::default(),
            log: false,
            help_center_html: None,
        }
    }
}

/// Usage text of the binary.
pub const USAGE: &str = "\
usage: zendesk-sim [--api-port 4010] [--content-port 4011] [--host 127.0.0.1]
                   [--control] [--data FILE] [--no-anonymous] [--uploads-require-auth]
                   [--rate-limit N] [--trial] [--max-attachment-bytes N] [--quiet]
                   [--hc-html FILE] [--token-cors]";

/// What the command line asked for.
#[derive(Debug)]
pub enum Cli {
    /// Run with this configuration.
    Run(Box<SimConfig>),
    /// `--help`: print usage and exit 0.
    Help,
}

/// Parses the binary's arguments (without the program name). Defaults: ports 4010/4011,
/// logging on, no control API.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Cli, String> {
    let mut cfg = SimConfig {
        api_port: 4010,
        content_port: 4011,
        log: true,
        ..SimConfig::default()
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Cli::Help),
            "--api-port" => cfg.api_port = parse_num(&flag, &value(&flag)?)?,
            "--content-port" => cfg.content_port = parse_num(&flag, &value(&flag)?)?,
            "--host" => {
                let v = value(&flag)?;
                cfg.host = v
                    .parse()
                    .map_err(|_| format!("--host: `{v}` is not an IP address"))?;
            }
            "--data" => cfg.data = Some(PathBuf::from(value(&flag)?)),
            "--hc-html" => {
                let path = value(&flag)?;
                let html = std::fs::read_to_string(&path)
                    .map_err(|e| format!("--hc-html: cannot read {path}: {e}"))?;
                cfg.help_center_html = Some(html);
            }
            "--rate-limit" => {
                cfg.settings.rate_limit_per_minute = parse_num(&flag, &value(&flag)?)?
            }
            "--max-attachment-bytes" => {
                cfg.settings.max_attachment_bytes = parse_num(&flag, &value(&flag)?)?
            }
            "--control"
            | "--no-anonymous"
            | "--uploads-require-auth"
            | "--trial"
            | "--quiet"
            | "--token-cors"
                if inline.is_some() =>
            {
                return Err(format!("{flag} takes no value"))
            }
            "--control" => cfg.control = true,
            "--no-anonymous" => cfg.settings.anonymous_requests = false,
            "--uploads-require-auth" => cfg.settings.uploads_require_auth = true,
            "--trial" => cfg.settings.trial_anonymous_limit = true,
            "--quiet" => cfg.log = false,
            "--token-cors" => cfg.settings.token_endpoint_cors = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if cfg.api_port != 0 && cfg.api_port == cfg.content_port {
        return Err("--api-port and --content-port must differ".into());
    }
    Ok(Cli::Run(Box::new(cfg)))
}

fn parse_num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag}: `{v}` is not a valid number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Cli, String> {
        parse_args(s.split_whitespace().map(String::from))
    }

    #[test]
    fn flags() {
        let Ok(Cli::Run(c)) = parse("--api-port 0 --content-port=9 --control --no-anonymous --rate-limit 5 --trial --quiet --data x.json")
        else {
            panic!("should parse")
        };
        assert_eq!((c.api_port, c.content_port), (0, 9));
        assert!(c.control && !c.log && c.settings.trial_anonymous_limit);
        assert!(!c.settings.anonymous_requests);
        assert_eq!(c.settings.rate_limit_per_minute, 5);
        assert!(parse("--bogus").is_err());
        assert!(parse("--api-port abc").is_err());
        assert!(parse("--api-port").is_err());
        assert!(parse("--control=1").is_err());
        assert!(matches!(parse("--help"), Ok(Cli::Help)));
        let Ok(Cli::Run(c)) = parse("--token-cors") else {
            panic!("should parse")
        };
        assert!(c.settings.token_endpoint_cors);
        assert!(!SimConfig::default().settings.token_endpoint_cors);
    }
}
