//! The host's configuration: parsed from the JSON the loader hands over, validated once.
//!
//! The loader serialises everything but functions (`getAccessToken` travels separately as a
//! `js_sys::Function`), so parsing is plain serde and unit-tested natively. Unknown keys are
//! not an error (a newer host snippet must not break an older widget) but are reported back
//! so the embedder can log them.

use serde::Deserialize;

use crate::api::origin::ZendeskOrigin;

/// Where the widget is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A floating launcher button that opens a panel.
    #[default]
    Launcher,
    /// Rendered in the page flow, no launcher (help-center pages).
    Inline,
}

/// The screen shown when the panel opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// "Contact support": the request form.
    #[default]
    Contact,
    /// "My tickets": the user's requests.
    Tickets,
}

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Corner of the viewport the launcher floats in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Position {
    /// Bottom right (bottom left in right-to-left locales is the host's choice, not ours).
    #[default]
    BottomRight,
    /// Bottom left.
    BottomLeft,
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The Zendesk origin, e.g. `https://acme.zendesk.com`.
    pub zendesk_origin: ZendeskOrigin,
    /// BCP-47 locale asked for by the host, if any.
    pub locale: Option<String>,
    /// Launcher or inline.
    pub mode: Mode,
    /// Screen shown first.
    pub view: View,
    /// Colour scheme.
    pub theme: Theme,
    /// Launcher corner.
    pub position: Position,
    /// Ticket forms offered in the picker; empty means "every end-user-visible form".
    pub ticket_form_ids: Vec<u64>,
}

/// Why a configuration was refused. Each message tells the embedder what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The loader's JSON did not parse (a bug in the loader, or a hand-written call).
    #[error("configuration is not valid JSON: {0}")]
    NotJson(String),
    /// Neither `subdomain` nor `baseUrl` was given.
    #[error("set `subdomain` (e.g. \"acme\" for acme.zendesk.com) or `baseUrl`")]
    MissingAccount,
    /// Both were given; which one wins would be a guess.
    #[error("set either `subdomain` or `baseUrl`, not both")]
    BothAccountKeys,
    /// Not a Zendesk subdomain (letters, digits and hyphens).
    #[error("`subdomain` {0:?} is not a Zendesk subdomain (letters, digits and hyphens only)")]
    InvalidSubdomain(String),
    /// `baseUrl` is not an `https://host[:port]` origin (or `http://` on localhost).
    #[error("`baseUrl` {0:?} must be an origin like https://support.example.com (plain http only for localhost and 127.0.0.1)")]
    InvalidBaseUrl(String),
    /// An enumerated option has a value outside its set.
    #[error("`{key}` must be one of {allowed}, not {value:?}")]
    UnknownValue {
        /// The option's name.
        key: &'static str,
        /// What the host passed.
        value: String,
        /// The accepted values, for the message.
        allowed: &'static str,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    subdomain: Option<String>,
    base_url: Option<String>,
    locale: Option<String>,
    mode: Option<String>,
    view: Option<String>,
    theme: Option<String>,
    position: Option<String>,
    #[serde(default)]
    ticket_form_ids: Vec<u64>,
    #[serde(flatten)]
    unknown: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// Keys the host may pass that are handled outside the Rust config (by the loader).
const LOADER_KEYS: &[&str] = &["getAccessToken", "prefill", "zIndex"];

impl Config {
    /// Parses and validates the loader's JSON. Returns the config and the unknown keys
    /// (worth a console warning: usually a typo such as `subDomain`).
    pub fn from_json(json: &str) -> Result<(Config, Vec<String>), ConfigError> {
        let raw: RawConfig =
            serde_json::from_str(json).map_err(|e| ConfigError::NotJson(e.to_string()))?;
        let zendesk_origin = match (non_empty(raw.subdomain), non_empty(raw.base_url)) {
            (None, None) => return Err(ConfigError::MissingAccount),
            (Some(_), Some(_)) => return Err(ConfigError::BothAccountKeys),
            (Some(subdomain), None) => ZendeskOrigin::from_subdomain(&subdomain)
                .map_err(|_| ConfigError::InvalidSubdomain(subdomain))?,
            (None, Some(base_url)) => ZendeskOrigin::from_base_url(&base_url)
                .map_err(|_| ConfigError::InvalidBaseUrl(base_url))?,
        };
        let config = Config {
            zendesk_origin,
            locale: non_empty(raw.locale),
            mode: pick(
                "mode",
                raw.mode,
                &[("launcher", Mode::Launcher), ("inline", Mode::Inline)],
                "\"launcher\" or \"inline\"",
            )?,
            view: pick(
                "view",
                raw.view,
                &[("contact", View::Contact), ("tickets", View::Tickets)],
                "\"contact\" or \"tickets\"",
            )?,
            theme: pick(
                "theme",
                raw.theme,
                &[
                    ("auto", Theme::Auto),
                    ("light", Theme::Light),
                    ("dark", Theme::Dark),
                ],
                "\"auto\", \"light\" or \"dark\"",
            )?,
            position: pick(
                "position",
                raw.position,
                &[
                    ("bottom-right", Position::BottomRight),
                    ("bottom-left", Position::BottomLeft),
                ],
                "\"bottom-right\" or \"bottom-left\"",
            )?,
            ticket_form_ids: raw.ticket_form_ids,
        };
        let unknown = raw
            .unknown
            .into_keys()
            .filter(|key| !LOADER_KEYS.contains(&key.as_str()))
            .collect();
        Ok((config, unknown))
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn pick<T: Copy + Default>(
    key: &'static str,
    value: Option<String>,
    choices: &[(&str, T)],
    allowed: &'static str,
) -> Result<T, ConfigError> {
    let Some(value) = non_empty(value) else {
        return Ok(T::default());
    };
    choices
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(&value))
        .map(|(_, choice)| *choice)
        .ok_or(ConfigError::UnknownValue {
            key,
            value,
            allowed,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Config, ConfigError> {
        Config::from_json(json).map(|(config, _)| config)
    }

    #[test]
    fn subdomain_becomes_zendesk_origin_with_defaults() {
        let config = parse(r#"{"subdomain":"Acme"}"#).unwrap();
        assert_eq!(
            config.zendesk_origin.as_string(),
            "https://acme.zendesk.com"
        );
        assert_eq!(config.mode, Mode::Launcher);
        assert_eq!(config.view, View::Contact);
        assert_eq!(config.theme, Theme::Auto);
        assert_eq!(config.position, Position::BottomRight);
        assert!(config.ticket_form_ids.is_empty());
    }

    #[test]
    fn base_url_accepts_https_and_local_http_only() {
        assert_eq!(
            parse(r#"{"baseUrl":"https://help.example.com/"}"#)
                .unwrap()
                .zendesk_origin
                .as_string(),
            "https://help.example.com"
        );
        assert_eq!(
            parse(r#"{"baseUrl":"http://127.0.0.1:4010"}"#)
                .unwrap()
                .zendesk_origin
                .as_string(),
            "http://127.0.0.1:4010"
        );
        assert_eq!(
            parse(r#"{"baseUrl":"http://localhost:4010"}"#)
                .unwrap()
                .zendesk_origin
                .as_string(),
            "http://localhost:4010"
        );
        for bad in [
            "http://help.example.com",
            "ftp://help.example.com",
            "https://help.example.com/hc/en-us",
            "https://user@help.example.com",
            "https://help.example.com:port",
            "help.example.com",
            "https://",
        ] {
            let json = format!(r#"{{"baseUrl":"{bad}"}}"#);
            assert_eq!(
                parse(&json),
                Err(ConfigError::InvalidBaseUrl(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn account_must_be_given_exactly_once() {
        assert_eq!(parse("{}"), Err(ConfigError::MissingAccount));
        assert_eq!(
            parse(r#"{"subdomain":"  "}"#),
            Err(ConfigError::MissingAccount)
        );
        assert_eq!(
            parse(r#"{"subdomain":"acme","baseUrl":"https://a.example"}"#),
            Err(ConfigError::BothAccountKeys)
        );
    }

    #[test]
    fn subdomain_rejects_hosts_and_urls() {
        for bad in [
            "acme.zendesk.com",
            "https://acme",
            "-acme",
            "acme_1",
            "ac me",
        ] {
            let json = format!(r#"{{"subdomain":"{bad}"}}"#);
            assert_eq!(
                parse(&json),
                Err(ConfigError::InvalidSubdomain(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn enumerated_options_are_checked_case_insensitively() {
        let config = parse(
            r#"{"subdomain":"acme","mode":"INLINE","view":"tickets","theme":"dark","position":"bottom-left","ticketFormIds":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(config.mode, Mode::Inline);
        assert_eq!(config.view, View::Tickets);
        assert_eq!(config.theme, Theme::Dark);
        assert_eq!(config.position, Position::BottomLeft);
        assert_eq!(config.ticket_form_ids, vec![1, 2]);
        let err = parse(r#"{"subdomain":"acme","theme":"purple"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`theme` must be one of \"auto\", \"light\" or \"dark\", not \"purple\""
        );
    }

    #[test]
    fn unknown_keys_are_reported_not_fatal() {
        let (_, unknown) = Config::from_json(
            r#"{"subdomain":"acme","subDomian":"x","getAccessToken":null,"prefill":{}}"#,
        )
        .unwrap();
        assert_eq!(unknown, vec!["subDomian".to_owned()]);
    }

    #[test]
    fn malformed_json_is_a_clear_error() {
        assert!(matches!(parse("{"), Err(ConfigError::NotJson(_))));
        assert!(matches!(
            parse(r#"{"subdomain":"acme","ticketFormIds":"1,2"}"#),
            Err(ConfigError::NotJson(_))
        ));
    }
}
