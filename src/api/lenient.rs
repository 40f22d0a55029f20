//! Decoding that accepts what real Zendesk responses contain instead of failing the whole
//! response: a field with an unexpected type becomes "absent", not an error.
//!
//! Models decode by hand from a [`Value`] ([`Decode`]) rather than through serde derives: one
//! non-generic call per field instead of a visitor per type and a deserializer per field,
//! about 12 KB brotli less wasm for the same rules.

use serde_json::{Map, Value};

/// A model decoded tolerantly from JSON.
pub(crate) trait Decode: Sized {
    /// `None` when `value` can't be one: not an object, or without a required field (an id).
    fn decode(value: Value) -> Option<Self>;
}

/// Items of a JSON array that decode as `T`; anything else is dropped (and anything but an
/// array is empty).
pub(crate) fn items<T: Decode>(value: Value) -> Vec<T> {
    match value {
        Value::Array(values) => values.into_iter().filter_map(T::decode).collect(),
        _ => Vec::new(),
    }
}

/// The fields of a JSON object, each taken out once by the rule for its type.
pub(crate) struct Fields(Map<String, Value>);

impl Fields {
    /// The fields of `value`, when it is an object.
    pub(crate) fn of(value: Value) -> Option<Fields> {
        match value {
            Value::Object(fields) => Some(Fields(fields)),
            _ => None,
        }
    }

    /// The field as it is; null when absent.
    pub(crate) fn value(&mut self, key: &str) -> Value {
        self.0.remove(key).unwrap_or(Value::Null)
    }

    /// A string; anything else is `None`.
    pub(crate) fn text(&mut self, key: &str) -> Option<String> {
        match self.value(key) {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// `true` or `false`; anything else is `None`.
    pub(crate) fn boolean(&mut self, key: &str) -> Option<bool> {
        self.value(key).as_bool()
    }

    /// `true`; anything else (absent, null, strings, numbers) is `false`.
    pub(crate) fn flag(&mut self, key: &str) -> bool {
        self.boolean(key) == Some(true)
    }

    /// `false`; anything else (absent included) is `true`.
    pub(crate) fn flag_unless_false(&mut self, key: &str) -> bool {
        self.boolean(key) != Some(false)
    }

    /// A non-negative integer given as a number or a string of digits (`"480"`); else `None`.
    /// Ids, and attachment `width`/`height`, come both ways.
    pub(crate) fn number(&mut self, key: &str) -> Option<u64> {
        u64_of(&self.value(key))
    }

    /// Ids in a list, dropping whatever isn't one.
    pub(crate) fn ids(&mut self, key: &str) -> Vec<u64> {
        match self.value(key) {
            Value::Array(values) => values.iter().filter_map(u64_of).collect(),
            _ => Vec::new(),
        }
    }

    /// An object that decodes as `T`; else `None`.
    pub(crate) fn object<T: Decode>(&mut self, key: &str) -> Option<T> {
        T::decode(self.value(key))
    }

    /// A list whose items that don't decode as `T` are skipped; anything but an array is empty.
    pub(crate) fn list<T: Decode>(&mut self, key: &str) -> Vec<T> {
        items(self.value(key))
    }
}

fn u64_of(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().ok()
        }
        _ => None,
    }
}

/// `Deserialize` for models that [`Decode`], so serde users (tests, the fixtures) read them
/// by the same rules. The widget itself decodes with [`Decode`] and never links these.
macro_rules! deserialize_by_decode {
    ($($model:ty),* $(,)?) => {
        $(
            impl<'de> serde::Deserialize<'de> for $model {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    <$model as $crate::api::lenient::Decode>::decode(value).ok_or_else(|| {
                        <D::Error as serde::de::Error>::custom(concat!(
                            "not a ",
                            stringify!($model),
                            " (an object with its id)"
                        ))
                    })
                }
            }
        )*
    };
}
pub(crate) use deserialize_by_decode;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_rule_takes_its_type_and_nothing_else() {
        let mut f = Fields::of(json!({
            "text": "a", "not_text": 5, "yes": true, "no": false, "other": "true",
            "digits": "480", "negative": -1, "float": 1.5, "ids": [1, "2", "x", -3, 4.0]
        }))
        .unwrap();
        assert_eq!(f.text("text"), Some("a".into()));
        assert_eq!(f.text("not_text"), None);
        assert!(f.flag("yes") && !f.flag("other") && !f.flag("absent"));
        assert_eq!(f.boolean("no"), Some(false));
        assert!(f.flag_unless_false("absent"));
        assert_eq!(f.number("digits"), Some(480));
        assert_eq!(f.number("negative"), None);
        assert_eq!(f.number("float"), None);
        assert_eq!(f.ids("ids"), vec![1, 2]);
        // Taken once: a field read twice is absent the second time.
        assert_eq!(f.text("text"), None);
    }

    #[test]
    fn only_objects_have_fields() {
        // serde's derives would read an array as a struct by position; Zendesk never sends
        // one, so an array where an object belongs counts as absent like any other type.
        for value in [json!([1, "a"]), json!("x"), json!(null), json!(1)] {
            assert!(Fields::of(value).is_none());
        }
    }
}
