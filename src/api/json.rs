//! JSON text in and out: Zendesk's answers, request bodies, what the device keeps.
//!
//! In the browser the engine's own `JSON.parse` and `JSON.stringify` do the text work and
//! serde-wasm-bindgen (already there for the host's options and the events' details) carries
//! the values across, so the wasm holds no JSON parser, no string escaper and no float
//! printer of its own (serde_json's, with their number tables: `docs/size.md` has the
//! bytes). Natively, serde_json does the same work. Both give the same [`Value`] for any
//! JSON the widget meets, with one difference a JavaScript client of Zendesk shares:
//! integers beyond 2^53 arrive rounded, as `f64` (Zendesk's own web clients read its ids the
//! same way, so ids stay below that), and encoding one fails with [`JsonError::NotEncodable`]
//! rather than sending a rounded number. (A number beyond `f64`'s range, `1e400`, which no
//! answer holds, reads as null in the wasm, where serde_json refuses the text.)
//!
//! ```
//! use support_widget::api::json;
//!
//! let value = json::parse(r#"{"request": {"id": 7}}"#).unwrap();
//! assert_eq!(value["request"]["id"], 7);
//! assert_eq!(json::to_text(&value).unwrap(), r#"{"request":{"id":7}}"#);
//! assert!(json::parse("{oops").is_err());
//! ```

use serde::Serialize;
use serde_json::{Number, Value};

/// Why a text couldn't be read as JSON, or a value written as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// The text is not JSON (RFC 8259).
    #[error("not JSON text")]
    NotJson,
    /// The value has no JSON form the browser can write exactly (an integer beyond 2^53).
    #[error("a value JSON can't carry exactly")]
    NotEncodable,
}

/// Reads JSON text into a [`Value`].
pub fn parse(text: &str) -> Result<Value, JsonError> {
    #[cfg(target_arch = "wasm32")]
    {
        let parsed = js_sys::JSON::parse(text).map_err(|_| JsonError::NotJson)?;
        serde_wasm_bindgen::from_value(parsed).map_err(|_| JsonError::NotJson)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|_| JsonError::NotJson)
    }
}

/// Writes `value` as compact JSON text (no spaces, keys in the order serde gives them).
pub fn to_text<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    #[cfg(target_arch = "wasm32")]
    {
        // Plain objects, not ES `Map`s, and `None` as null, as serde_json writes them.
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let js = value
            .serialize(&serializer)
            .map_err(|_| JsonError::NotEncodable)?;
        js_sys::JSON::stringify(&js)
            .ok()
            .and_then(|text| text.as_string())
            .ok_or(JsonError::NotEncodable)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Integers beyond 2^53 are refused here too, so that both builds agree (checked on a
        // `Value`; the text is written from `value` itself, in serde's order).
        let checked = serde_json::to_value(value).map_err(|_| JsonError::NotEncodable)?;
        if holds_inexact_integer(&checked) {
            return Err(JsonError::NotEncodable);
        }
        serde_json::to_string(value).map_err(|_| JsonError::NotEncodable)
    }
}

/// `value` as JSON text, for a message: what [`to_text`] writes, or "a number beyond 2^53"
/// for what it refuses.
pub fn shown(value: &Value) -> String {
    to_text(value).unwrap_or_else(|_| "a number beyond 2^53".to_owned())
}

/// A number as JSON text writes it: an integer in digits, any other number as the browser
/// (or natively, serde_json) prints it.
pub fn number_text(number: &Number) -> String {
    if let Some(integer) = number.as_i64() {
        return integer.to_string();
    }
    if let Some(integer) = number.as_u64() {
        return integer.to_string();
    }
    #[cfg(target_arch = "wasm32")]
    {
        let float = number.as_f64().unwrap_or(f64::NAN);
        js_sys::Number::from(float)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        number.to_string()
    }
}

/// Whether `value` holds an integer a JavaScript number can't hold exactly.
#[cfg(not(target_arch = "wasm32"))]
fn holds_inexact_integer(value: &Value) -> bool {
    const MAX_SAFE: u64 = (1 << 53) - 1;
    match value {
        Value::Number(number) => {
            number.as_u64().is_some_and(|n| n > MAX_SAFE)
                || number.as_i64().is_some_and(|n| n.unsigned_abs() > MAX_SAFE)
        }
        Value::Array(items) => items.iter().any(holds_inexact_integer),
        Value::Object(entries) => entries.values().any(holds_inexact_integer),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_writes_what_the_widget_meets() {
        let text = r#"{"a":[1,-2,1.5,"é\n\"",true,null],"b":{}}"#;
        let value = parse(text).unwrap();
        assert_eq!(
            value,
            json!({"a": [1, -2, 1.5, "é\n\"", true, null], "b": {}})
        );
        assert_eq!(to_text(&value).unwrap(), text);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in ["", "{oops", "{\"a\":1} x", "'a'", "NaN", "[1,]"] {
            assert_eq!(parse(text), Err(JsonError::NotJson), "{text:?}");
        }
    }

    #[test]
    fn refuses_to_round_an_integer_beyond_2_pow_53() {
        assert_eq!(
            to_text(&json!({"id": 1u64 << 53})),
            Err(JsonError::NotEncodable)
        );
        assert_eq!(
            to_text(&json!([-(1i64 << 53)])),
            Err(JsonError::NotEncodable)
        );
        assert_eq!(
            to_text(&json!((1u64 << 53) - 1)).unwrap(),
            "9007199254740991"
        );
        assert_eq!(shown(&json!([1u64 << 60])), "a number beyond 2^53");
    }

    #[test]
    fn numbers_read_as_written() {
        for (value, text) in [(json!(-3), "-3"), (json!(u64::MAX), "18446744073709551615")] {
            assert_eq!(number_text(value.as_number().unwrap()), text);
        }
        assert_eq!(number_text(json!(1.5).as_number().unwrap()), "1.5");
        assert_eq!(shown(&json!({"a": [true, "x"]})), r#"{"a":[true,"x"]}"#);
    }
}
