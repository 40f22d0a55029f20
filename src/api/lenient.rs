//! Deserialisers that accept what real Zendesk responses contain instead of failing the whole
//! response: a field with an unexpected type becomes "absent", not an error.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// Any value that doesn't fit `T` (including `null`) becomes `None`.
pub(crate) fn opt<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    Ok(crate::json::from_value(value).ok())
}

/// A list whose items that don't fit `T` are skipped; anything but an array is empty.
pub(crate) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(items(Value::deserialize(deserializer)?))
}

/// Items of a JSON array that fit `T`; anything else is dropped.
pub(crate) fn items<T: DeserializeOwned>(value: Value) -> Vec<T> {
    match value {
        Value::Array(values) => values
            .into_iter()
            .filter_map(|item| crate::json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    }
}

/// `true`/`false`; anything else (null, strings, numbers) is `false`.
pub(crate) fn flag<'de, D>(deserializer: D) -> Result<bool, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(matches!(
        Value::deserialize(deserializer)?,
        Value::Bool(true)
    ))
}

/// A non-negative integer given as a number or a string of digits (`"480"`); else `None`.
/// Attachment `width`/`height` come both ways.
pub(crate) fn number_or_digits<'de, D>(deserializer: D) -> Result<Option<u64>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(u64_of(&Value::deserialize(deserializer)?))
}

/// A required id: a number or a digit string. Ids are the one thing we can't do without.
pub(crate) fn id<'de, D>(deserializer: D) -> Result<u64, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    u64_of(&value).ok_or_else(|| serde::de::Error::custom("id is not a non-negative integer"))
}

/// Ids in a list, dropping whatever isn't one.
pub(crate) fn ids<'de, D>(deserializer: D) -> Result<Vec<u64>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(values) => values.iter().filter_map(u64_of).collect(),
        _ => Vec::new(),
    })
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
