//! The host's option object as it arrives, before anything is validated.
//!
//! The loader hands over the options as JSON text (everything but `getAccessToken`, which
//! travels separately as a `js_sys::Function`). serde_json parses it into a `Value`, and the
//! readers here take one option at a time out of it, each a plain function over `Value` as in
//! `api::lenient`: no serde visitor of our own (a typed visitor links serde's `Unexpected`
//! message, and with it core's float formatting, into the wasm; see docs/size.md).

use serde_json::Value;

use super::config::ConfigError;

/// The options as given: each option's value.
#[derive(Debug, Default)]
pub struct Options {
    entries: Vec<(String, Value)>,
}

impl Options {
    /// Reads the loader's JSON text: an object, or [`ConfigError::NotAnObject`].
    pub fn from_json(json: &str) -> Result<Options, ConfigError> {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(options)) => Ok(Options {
                entries: options.into_iter().collect(),
            }),
            _ => Err(ConfigError::NotAnObject),
        }
    }

    /// Takes the option `key` out; null counts as not given.
    pub fn value(&mut self, key: &'static str) -> Result<Option<Value>, ConfigError> {
        let Some(index) = self.entries.iter().position(|(name, _)| name == key) else {
            return Ok(None);
        };
        match self.entries.remove(index).1 {
            Value::Null => Ok(None),
            value => Ok(Some(value)),
        }
    }

    /// Takes out an option that must be a string (or not given).
    pub fn text(&mut self, key: &'static str) -> Result<Option<String>, ConfigError> {
        match self.value(key)? {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(ConfigError::NotText {
                key,
                found: describe(&other),
            }),
        }
    }

    /// The keys no option took, in alphabetical order.
    pub fn into_unknown(self) -> Vec<String> {
        self.entries.into_iter().map(|(key, _)| key).collect()
    }
}

/// A value for an error message, as serde words it.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => format!("number `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_means_not_given_and_what_no_option_takes_is_unknown() {
        let mut options =
            Options::from_json(r#"{"zeta":1,"locale":null,"alpha":true,"mode":"inline"}"#).unwrap();
        assert_eq!(options.text("locale"), Ok(None));
        assert_eq!(options.text("mode"), Ok(Some("inline".into())));
        assert_eq!(options.text("absent"), Ok(None));
        assert_eq!(options.into_unknown(), vec!["alpha", "zeta"]);
    }

    #[test]
    fn a_value_of_the_wrong_kind_names_its_option() {
        let mut options = Options::from_json(r#"{"locale":5,"view":["tickets"]}"#).unwrap();
        assert_eq!(
            options.text("locale").unwrap_err().to_string(),
            "`locale` must be a string, not number `5`"
        );
        assert_eq!(
            options.text("view").unwrap_err().to_string(),
            "`view` must be a string, not a list"
        );
    }

    #[test]
    fn anything_but_an_object_is_refused() {
        for json in ["[]", "\"acme\"", "3", "{"] {
            assert_eq!(
                Options::from_json(json).unwrap_err(),
                ConfigError::NotAnObject,
                "{json}"
            );
        }
    }
}
