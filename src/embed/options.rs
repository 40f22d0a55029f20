//! The host's option object as it arrives, before anything is validated.
//!
//! The loader hands over the host's option object itself (everything but `getAccessToken`,
//! which travels separately as a `js_sys::Function`). serde-wasm-bindgen turns each option's
//! value into a `serde_json::Value`, and the readers here take one option at a time out of
//! them, each a plain function over `Value` as in `api::lenient`: no serde visitor of our own
//! (a typed visitor links serde's `Unexpected` message, and with it core's float formatting,
//! into the wasm; see docs/size.md).

use serde_json::Value;

use super::config::ConfigError;

/// The options as given, each taken out as it is read.
#[derive(Debug, Default)]
pub struct Options {
    entries: Vec<(String, Given)>,
}

/// One option's value as given.
#[derive(Debug)]
enum Given {
    /// From JSON text (the native tests' way in).
    #[cfg(any(test, not(target_arch = "wasm32")))]
    Data(Value),
    /// From the host's object, converted only when its option is read: an unknown key is
    /// never converted, so whatever it holds (a DOM node, a cycle) can't fail the mount.
    #[cfg(target_arch = "wasm32")]
    Js(wasm_bindgen::JsValue),
}

impl Options {
    /// Reads the host's option object: an object, or [`ConfigError::NotAnObject`]. Only its
    /// own keys are listed now; each value is read and converted by serde-wasm-bindgen when
    /// its option is read, and one that isn't data is refused then by name.
    #[cfg(target_arch = "wasm32")]
    pub fn from_js(options: &wasm_bindgen::JsValue) -> Result<Options, ConfigError> {
        if !options.is_object() || js_sys::Array::is_array(options) {
            return Err(ConfigError::NotAnObject);
        }
        use wasm_bindgen::JsCast;
        let entries = js_sys::Object::entries(options.unchecked_ref())
            .iter()
            .map(|entry| {
                let entry: js_sys::Array = entry.unchecked_into();
                let key = entry.get(0).as_string().unwrap_or_default();
                (key, Given::Js(entry.get(1)))
            })
            .collect();
        Ok(Options { entries })
    }

    /// Reads options written as JSON text (the native tests' way in): an object, or
    /// [`ConfigError::NotAnObject`].
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn from_json(json: &str) -> Result<Options, ConfigError> {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(options)) => Ok(Options {
                entries: options
                    .into_iter()
                    .map(|(key, value)| (key, Given::Data(value)))
                    .collect(),
            }),
            _ => Err(ConfigError::NotAnObject),
        }
    }

    /// Takes the option `key` out; null (and `undefined`) count as not given.
    pub fn value(&mut self, key: &'static str) -> Result<Option<Value>, ConfigError> {
        let Some(index) = self.entries.iter().position(|(name, _)| name == key) else {
            return Ok(None);
        };
        match self.entries.remove(index).1.into_data() {
            None => Err(ConfigError::NotData { key }),
            Some(Value::Null) => Ok(None),
            Some(value) => Ok(Some(value)),
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

    /// The keys no option took, in the order given.
    pub fn into_unknown(self) -> Vec<String> {
        self.entries.into_iter().map(|(key, _)| key).collect()
    }
}

impl Given {
    /// The value as data; `None` when it isn't (a function, a symbol, a cycle, a `BigInt`).
    fn into_data(self) -> Option<Value> {
        match self {
            #[cfg(any(test, not(target_arch = "wasm32")))]
            Given::Data(value) => Some(value),
            #[cfg(target_arch = "wasm32")]
            Given::Js(value) => {
                // `JSON.stringify` refuses cycles and `BigInt`s (which serde-wasm-bindgen
                // would recurse into, or read past), and its refusal is caught.
                js_sys::JSON::stringify(&value).ok()?;
                serde_wasm_bindgen::from_value(value).ok()
            }
        }
    }
}

/// A value for an error message, as serde words it.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => format!("number `{}`", crate::api::json::number_text(n)),
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
        assert_eq!(options.into_unknown(), vec!["zeta", "alpha"]);
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
