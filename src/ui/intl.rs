//! Numbers, sizes and times formatted by the browser's `Intl`, in the widget's language: no
//! locale data ships in the wasm.

use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// A plain JS object of `pairs`: the options of an `Intl` formatter.
pub(crate) fn options(pairs: &[(&str, JsValue)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), value);
    }
    options
}

fn locales(tag: &str) -> Array {
    Array::of1(&tag.into())
}

/// A file size such as "1.2 MB" or "1,2 Mo", in the unit that keeps the number small.
pub fn format_size(bytes: u64, tag: &str) -> String {
    const KB: u64 = 1000;
    let (value, unit) = match bytes {
        b if b < KB => (b as f64, "byte"),
        b if b < KB * KB => (b as f64 / KB as f64, "kilobyte"),
        b if b < KB * KB * KB => (b as f64 / (KB * KB) as f64, "megabyte"),
        b => (b as f64 / (KB * KB * KB) as f64, "gigabyte"),
    };
    let format = Intl::NumberFormat::new(
        &locales(tag),
        &options(&[
            ("style", "unit".into()),
            ("unit", unit.into()),
            // "6 bytes", but "1.2 kB": the short form of byte doesn't take a plural.
            (
                "unitDisplay",
                if unit == "byte" { "long" } else { "short" }.into(),
            ),
            ("maximumFractionDigits", 1.into()),
        ]),
    );
    format
        .format()
        .call1(&JsValue::UNDEFINED, &value.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// "3 hours ago", "yesterday", "in 2 days" for an ISO-8601 time, relative to now.
pub fn relative_time(iso: &str, tag: &str) -> String {
    let then = js_sys::Date::parse(iso);
    if then.is_nan() {
        return String::new();
    }
    let seconds = (then - js_sys::Date::now()) / 1000.0;
    let (value, unit) = [
        (60.0, "second"),
        (3600.0, "minute"),
        (86_400.0, "hour"),
        (604_800.0, "day"),
        (2_629_800.0, "week"),
        (31_557_600.0, "month"),
        (f64::INFINITY, "year"),
    ]
    .iter()
    .zip([
        1.0,
        60.0,
        3600.0,
        86_400.0,
        604_800.0,
        2_629_800.0,
        31_557_600.0,
    ])
    .find(|((limit, _), _)| seconds.abs() < *limit)
    .map(|((_, unit), size)| ((seconds / size).round(), *unit))
    .unwrap_or((0.0, "second"));
    let format =
        Intl::RelativeTimeFormat::new(&locales(tag), &options(&[("numeric", "auto".into())]));
    format.format(value, unit).into()
}

/// A date and time such as "23 Nov 2026, 10:15", for titles and screen readers.
pub fn date_time(iso: &str, tag: &str) -> String {
    let date = js_sys::Date::new(&iso.into());
    if date.get_time().is_nan() {
        return String::new();
    }
    date.to_locale_string(
        tag,
        &options(&[
            ("dateStyle", "medium".into()),
            ("timeStyle", "short".into()),
        ]),
    )
    .into()
}

/// Now as ISO-8601 UTC without milliseconds, Zendesk's format.
pub fn now_iso() -> String {
    minutes_ago(0)
}

/// ISO-8601 UTC `minutes` ago, in Zendesk's format (comparable as text with its times).
pub fn minutes_ago(minutes: u32) -> String {
    iso_at(js_sys::Date::now() - f64::from(minutes) * 60_000.0)
}

/// ISO-8601 UTC of a time in ms since the Unix epoch, in Zendesk's format.
pub fn iso_at(ms: f64) -> String {
    let iso: String = js_sys::Date::new(&ms.into()).to_iso_string().into();
    match iso.split_once('.') {
        Some((seconds, _)) => format!("{seconds}Z"),
        None => iso,
    }
}
