//! The host's configuration: what each option means, validated once.
//!
//! [`Options`] holds the object as given (the loader's JSON text, parsed into a `Value`);
//! [`Config::from_options`] decodes it by hand, one plain function per kind of option, and
//! is unit-tested natively. Unknown keys are not an error (a newer host snippet must not
//! break an older widget) but are reported back so the embedder can log them.

use serde_json::Value;

use super::options::Options;
use crate::api::json;
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
                        Value::Number(number) => Answer::Text(json::number_text(number)),
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
    /// An option's value isn't data: a function, a symbol, an object that refers to itself
    /// (only `getAccessToken` is a function).
    #[error("`{key}` must be data: text, a number, true or false, a list or a plain object")]
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
                    Prefill::from_value(&json::parse(&json).map_err(|_| {
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
            value: json::shown(&other),
            allowed: "true or false",
        }),
    }
}

/// `ticketFormIds`: an array of numbers, or the same as text (`"10, 12"` or `"[10,12]"`).
fn form_ids(value: Option<Value>) -> Result<Vec<u64>, ConfigError> {
    let bad = |value: &Value| ConfigError::UnknownValue {
        key: "ticketFormIds",
        value: json::shown(value),
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
#[path = "config_tests.rs"]
mod tests;
