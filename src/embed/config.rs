//! The host's configuration: what each option means, validated once.
//!
//! [`Options`] holds the object as given (the loader's JSON text, parsed into a `Value`);
//! [`Config::from_options`] decodes it by hand, one plain function per kind of option, and
//! is unit-tested natively. Unknown keys are not an error (a newer host snippet must not
//! break an older widget) but are reported back so the embedder can log them.

use serde_json::Value;

use super::options::Options;
use crate::api::origin::ZendeskOrigin;
pub use crate::host::{Mode, Prefill, View};
use crate::model::contact::Answer;
use crate::model::field_map::FieldMap;
use crate::model::retention::Retention;

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
    /// Values the host filled in for the user.
    pub prefill: Prefill,
    /// Whether anonymous requests are remembered on the device for "My tickets".
    pub anonymous_receipts: bool,
    /// Whether users may copy others on a reply (turn off when the account has CCs off:
    /// Zendesk then drops them without an error).
    pub email_ccs: bool,
    /// Whether solved requests offer a Good/Bad rating (turn off when the account doesn't
    /// use satisfaction ratings: Zendesk then refuses with a 403 the browser can't read).
    pub satisfaction_ratings: bool,
    /// How long each kind of entry stays on the device (`retention`, in days).
    pub retention: Retention,
}

impl Prefill {
    /// Parses the `prefill` object: `{name, email, subject, description, fields: {"<id>":
    /// value}, lockName, lockEmail, hidePrefilledFields}`. Field values may be strings,
    /// numbers, booleans (checkboxes) or arrays of tags (multi-select).
    pub fn from_value(value: &Value) -> Result<Prefill, ConfigError> {
        let Some(object) = value.as_object() else {
            return Err(ConfigError::BadPrefill("it must be an object".into()));
        };
        let text = |key: &str| -> Result<Option<String>, ConfigError> {
            match object.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(text)) => Ok(non_empty(Some(text.clone()))),
                Some(_) => Err(ConfigError::BadPrefill(format!("`{key}` must be a string"))),
            }
        };
        let flag = |key: &str| object.get(key).and_then(Value::as_bool).unwrap_or(false);
        let mut fields = FieldMap::new();
        match object.get("fields") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (id, value) in map {
                    let id = id.parse::<u64>().map_err(|_| {
                        ConfigError::BadPrefill(format!("field id {id:?} is not a number"))
                    })?;
                    let answer = match value {
                        // Not given, as for the options themselves (`undefined` in a host's
                        // object arrives as null).
                        Value::Null => continue,
                        Value::Bool(on) => Answer::Flag(*on),
                        Value::String(text) => Answer::Text(text.clone()),
                        Value::Number(number) => Answer::Text(number.to_string()),
                        Value::Array(tags) => Answer::Tags(
                            tags.iter()
                                .filter_map(|t| t.as_str().map(str::to_owned))
                                .collect(),
                        ),
                        _ => {
                            return Err(ConfigError::BadPrefill(format!(
                                "field {id} must be a string, number, boolean or array"
                            )))
                        }
                    };
                    fields.insert(id, answer);
                }
            }
            Some(_) => {
                return Err(ConfigError::BadPrefill(
                    "`fields` must be an object of field id to value".into(),
                ))
            }
        }
        Ok(Prefill {
            name: text("name")?,
            email: text("email")?,
            subject: text("subject")?,
            description: text("description")?,
            fields,
            lock_name: flag("lockName"),
            lock_email: flag("lockEmail"),
            hide_prefilled_fields: flag("hidePrefilledFields"),
        })
    }
}

/// Why a configuration was refused. Each message tells the embedder what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The options are not an object (a bug in the loader, or a hand-written call).
    #[error("the options must be an object such as {{subdomain: \"acme\"}}")]
    NotAnObject,
    /// An option that must be text has a value of another kind.
    #[error("`{key}` must be a string, not {found}")]
    NotText {
        /// The option's name.
        key: &'static str,
        /// What the host passed, described.
        found: String,
    },
    /// An option's value is a function or a symbol (only `getAccessToken` is a function).
    #[error(
        "`{key}` must be data (text, a number, true or false, a list or an object), not a function"
    )]
    NotData {
        /// The option's name.
        key: &'static str,
    },
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
    /// `prefill` is not the documented shape.
    #[error("`prefill`: {0}")]
    BadPrefill(String),
    /// `retention` is not `{kind: days}`.
    #[error("`retention`: {0}")]
    BadRetention(String),
}

/// Keys the host may pass that are handled outside the Rust config (by the loader).
const LOADER_KEYS: &[&str] = &["getAccessToken"];

impl Config {
    /// Validates the host's options. Returns the config and the unknown keys (worth a
    /// console warning: usually a typo such as `subDomain`).
    pub fn from_options(mut options: Options) -> Result<(Config, Vec<String>), ConfigError> {
        let (subdomain, base_url) = (options.text("subdomain")?, options.text("baseUrl")?);
        let zendesk_origin = match (non_empty(subdomain), non_empty(base_url)) {
            (None, None) => return Err(ConfigError::MissingAccount),
            (Some(_), Some(_)) => return Err(ConfigError::BothAccountKeys),
            (Some(subdomain), None) => ZendeskOrigin::from_subdomain(&subdomain)
                .map_err(|_| ConfigError::InvalidSubdomain(subdomain))?,
            (None, Some(base_url)) => ZendeskOrigin::from_base_url(&base_url)
                .map_err(|_| ConfigError::InvalidBaseUrl(base_url))?,
        };
        let config = Config {
            zendesk_origin,
            locale: non_empty(options.text("locale")?),
            mode: pick(
                &mut options,
                "mode",
                &[("launcher", Mode::Launcher), ("inline", Mode::Inline)],
                "\"launcher\" or \"inline\"",
            )?,
            view: pick(
                &mut options,
                "view",
                &[("contact", View::Contact), ("tickets", View::Tickets)],
                "\"contact\" or \"tickets\"",
            )?,
            theme: pick(
                &mut options,
                "theme",
                &[
                    ("auto", Theme::Auto),
                    ("light", Theme::Light),
                    ("dark", Theme::Dark),
                ],
                "\"auto\", \"light\" or \"dark\"",
            )?,
            position: pick(
                &mut options,
                "position",
                &[
                    ("bottom-right", Position::BottomRight),
                    ("bottom-left", Position::BottomLeft),
                ],
                "\"bottom-right\" or \"bottom-left\"",
            )?,
            ticket_form_ids: form_ids(options.value("ticketFormIds")?)?,
            prefill: match options.value("prefill")? {
                None => Prefill::default(),
                Some(Value::String(json)) => {
                    Prefill::from_value(&serde_json::from_str(&json).map_err(|_| {
                        ConfigError::BadPrefill(
                            "it must be an object (in an attribute: JSON text)".into(),
                        )
                    })?)?
                }
                Some(value) => Prefill::from_value(&value)?,
            },
            anonymous_receipts: yes_or_no(&mut options, "anonymousReceipts")?,
            email_ccs: yes_or_no(&mut options, "emailCcs")?,
            satisfaction_ratings: yes_or_no(&mut options, "satisfactionRatings")?,
            retention: options
                .value("retention")?
                .as_ref()
                .map_or(Ok(Retention::default()), Retention::from_option)
                .map_err(ConfigError::BadRetention)?,
        };
        let unknown = options
            .into_unknown()
            .into_iter()
            .filter(|key| !LOADER_KEYS.contains(&key.as_str()))
            .collect();
        Ok((config, unknown))
    }
}

/// An on/off option, on unless turned off: `true`/`false`, or the same as text.
fn yes_or_no(options: &mut Options, key: &'static str) -> Result<bool, ConfigError> {
    match options.value(key)? {
        None => Ok(true),
        Some(Value::Bool(on)) => Ok(on),
        Some(Value::String(text)) if text.trim() == "true" => Ok(true),
        Some(Value::String(text)) if text.trim() == "false" => Ok(false),
        Some(other) => Err(ConfigError::UnknownValue {
            key,
            value: other.to_string(),
            allowed: "true or false",
        }),
    }
}

/// `ticketFormIds`: an array of numbers, or the same as text (`"10, 12"` or `"[10,12]"`).
fn form_ids(value: Option<Value>) -> Result<Vec<u64>, ConfigError> {
    let bad = |value: &Value| ConfigError::UnknownValue {
        key: "ticketFormIds",
        value: value.to_string(),
        allowed: "a list of ticket form ids such as [10, 12]",
    };
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_u64().ok_or_else(|| bad(item)))
            .collect(),
        Some(Value::String(text)) => text
            .trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| id.parse().map_err(|_| bad(&Value::String(text.clone()))))
            .collect(),
        Some(other) => Err(bad(&other)),
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// An option with a few allowed words, each standing for a `T`; not given means the default.
fn pick<T: Copy + Default>(
    options: &mut Options,
    key: &'static str,
    choices: &[(&str, T)],
    allowed: &'static str,
) -> Result<T, ConfigError> {
    let Some(value) = non_empty(options.text(key)?) else {
        return Ok(T::default());
    };
    choices
        .iter()
        // Exact, as the loader and the stylesheet match them: "Dark" would be half applied.
        .find(|(name, _)| *name == value)
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

    fn from_json(json: &str) -> Result<(Config, Vec<String>), ConfigError> {
        Config::from_options(Options::from_json(json)?)
    }

    fn parse(json: &str) -> Result<Config, ConfigError> {
        from_json(json).map(|(config, _)| config)
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
    fn enumerated_options_are_checked_exactly() {
        // The loader and the stylesheet match the exact words: "Dark" would be half applied.
        let err = parse(r#"{"subdomain":"acme","mode":"INLINE"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`mode` must be one of \"launcher\" or \"inline\", not \"INLINE\""
        );
        let config = parse(
            r#"{"subdomain":"acme","mode":"inline","view":"tickets","theme":"dark","position":"bottom-left","ticketFormIds":[1,2]}"#,
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
        let (_, unknown) =
            from_json(r#"{"subdomain":"acme","subDomian":"x","getAccessToken":null,"prefill":{}}"#)
                .unwrap();
        assert_eq!(unknown, vec!["subDomian".to_owned()]);
    }

    #[test]
    fn absent_attributes_arrive_as_null_and_mean_not_set() {
        // The loader sends every attribute it watches, null when the element lacks it.
        let (config, unknown) = from_json(
            r#"{"subdomain":null,"baseUrl":"https://support.example.com","locale":null,
                "mode":null,"view":null,"theme":null,"position":null}"#,
        )
        .unwrap();
        assert_eq!(unknown, Vec::<String>::new());
        assert_eq!(config.locale, None);
        assert_eq!(config.mode, Mode::Launcher);
        assert_eq!(config.view, View::Contact);
        assert_eq!(config.theme, Theme::Auto);
        assert_eq!(config.position, Position::BottomRight);
    }

    #[test]
    fn retention_days_are_an_option() {
        let config = parse(r#"{"subdomain":"acme","retention":{"receipts":7}}"#).unwrap();
        assert_eq!(config.retention.receipts_days, 7);
        assert_eq!(
            config.retention.drafts_days,
            Retention::default().drafts_days
        );
        let error = parse(r#"{"subdomain":"acme","retention":{"receipt":7}}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("`retention`: unknown kind"),
            "{error}"
        );
    }

    #[test]
    fn options_of_the_wrong_shape_are_a_clear_error() {
        assert_eq!(parse("[]"), Err(ConfigError::NotAnObject));
        let err = parse(r#"{"subdomain":"acme","locale":5}"#).unwrap_err();
        assert_eq!(err.to_string(), "`locale` must be a string, not number `5`");
    }

    #[test]
    fn options_given_as_attribute_text_are_understood() {
        let (config, _) = from_json(
            r#"{"subdomain":"acme","ticketFormIds":" 10, 12 ","anonymousReceipts":"false",
                "emailCcs":"true","satisfactionRatings":"false",
                "prefill":"{\"name\":\"Ada\",\"lockName\":true}"}"#,
        )
        .unwrap();
        assert_eq!(config.ticket_form_ids, vec![10, 12]);
        assert!(!config.anonymous_receipts && config.email_ccs && !config.satisfaction_ratings);
        assert_eq!(config.prefill.name.as_deref(), Some("Ada"));
        assert!(config.prefill.lock_name);
        let (config, _) = from_json(r#"{"subdomain":"acme","ticketFormIds":"[10,12]"}"#).unwrap();
        assert_eq!(config.ticket_form_ids, vec![10, 12]);
        for (json, needle) in [
            (
                r#"{"subdomain":"acme","ticketFormIds":"10, x"}"#,
                "ticketFormIds",
            ),
            (
                r#"{"subdomain":"acme","ticketFormIds":[10,"x"]}"#,
                "ticketFormIds",
            ),
            (r#"{"subdomain":"acme","emailCcs":"no"}"#, "true or false"),
            (r#"{"subdomain":"acme","prefill":"{oops"}"#, "JSON text"),
        ] {
            let error = parse(json).unwrap_err().to_string();
            assert!(error.contains(needle), "{json}: {error}");
        }
    }

    #[test]
    fn prefill_is_parsed_with_field_values_of_every_shape() {
        let (config, unknown) = from_json(
            r#"{"subdomain":"acme","prefill":{"name":" Ada ","email":"ada@example.com",
                "fields":{"21":"late","22":true,"23":["phone","laptop"],"24":12,"25":null},
                "lockEmail":true,"hidePrefilledFields":true}}"#,
        )
        .unwrap();
        assert!(unknown.is_empty());
        let prefill = config.prefill;
        assert_eq!(prefill.name.as_deref(), Some("Ada"));
        assert!(prefill.lock_email && !prefill.lock_name && prefill.hide_prefilled_fields);
        assert_eq!(prefill.fields[&21], Answer::Text("late".into()));
        assert_eq!(prefill.fields[&22], Answer::Flag(true));
        assert_eq!(
            prefill.fields[&23],
            Answer::Tags(vec!["phone".into(), "laptop".into()])
        );
        assert_eq!(prefill.fields[&24], Answer::Text("12".into()));
        assert!(
            prefill.fields.get(&25).is_none(),
            "null (a host's undefined) is not given"
        );
        assert!(config.anonymous_receipts);
        assert!(
            config.email_ccs && config.satisfaction_ratings,
            "on unless turned off"
        );
    }

    #[test]
    fn ccs_and_ratings_can_be_turned_off() {
        let (config, unknown) =
            from_json(r#"{"subdomain":"acme","emailCcs":false,"satisfactionRatings":false}"#)
                .unwrap();
        assert!(unknown.is_empty());
        assert!(!config.email_ccs && !config.satisfaction_ratings);
        assert!(matches!(
            from_json(r#"{"subdomain":"acme","emailCcs":"no"}"#),
            Err(ConfigError::UnknownValue {
                key: "emailCcs",
                ..
            })
        ));
    }

    #[test]
    fn bad_prefill_says_what_is_wrong() {
        for (json, needle) in [
            (
                r#"{"subdomain":"acme","prefill":"Ada"}"#,
                "must be an object",
            ),
            (
                r#"{"subdomain":"acme","prefill":{"name":3}}"#,
                "`name` must be a string",
            ),
            (
                r#"{"subdomain":"acme","prefill":{"fields":{"x":"1"}}}"#,
                "not a number",
            ),
            (
                r#"{"subdomain":"acme","prefill":{"fields":[1]}}"#,
                "`fields` must be an object",
            ),
        ] {
            let error = from_json(json).unwrap_err().to_string();
            assert!(error.contains(needle), "{json}: {error}");
        }
    }
}
