//! Timestamps as Zendesk writes them: ISO-8601 UTC with whole seconds (`2026-11-20T10:00:00Z`).
//!
//! Hand-rolled (civil-from-days) rather than pulling in a date crate: the simulator only needs
//! formatting, parsing of the same shape, and `YYYY-MM-DD` dates for date fields.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats epoch seconds as `2026-11-20T10:00:00Z`.
pub fn iso(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Epoch seconds of a UTC date and time.
pub fn at(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
    days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s
}

/// Parses `YYYY-MM-DD` strictly (used for date custom fields).
pub fn parse_date(s: &str) -> Option<(i64, i64, i64)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let month_len = days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1);
    (d <= month_len).then_some((y, m, d))
}

/// Parses an ISO-8601 timestamp: a date, or date and time with optional fraction and `Z` or
/// `±HH:MM` offset (what clients send in `since`).
pub fn parse_iso(s: &str) -> Option<i64> {
    let (y, m, d) = parse_date(s.get(0..10)?)?;
    let base = days_from_civil(y, m, d) * 86_400;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(base);
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let hms = rest.get(0..8)?;
    let p: Vec<&str> = hms.split(':').collect();
    if p.len() != 3 {
        return None;
    }
    let h: i64 = p[0].parse().ok()?;
    let mi: i64 = p[1].parse().ok()?;
    let sec: i64 = p[2].parse().ok()?;
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut tail = &rest[8..];
    if let Some(frac) = tail.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        tail = &frac[n..];
    }
    let offset = match tail {
        "" | "Z" | "z" => 0,
        t if t.len() == 6 && (t.starts_with('+') || t.starts_with('-')) => {
            let oh: i64 = t.get(1..3)?.parse().ok()?;
            let om: i64 = t.get(4..6)?.parse().ok()?;
            let v = oh * 3600 + om * 60;
            if t.starts_with('+') {
                v
            } else {
                -v
            }
        }
        _ => return None,
    };
    Some(base + h * 3600 + mi * 60 + sec - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t = at(2026, 11, 20, 10, 0, 0);
        assert_eq!(iso(t), "2026-11-20T10:00:00Z");
        assert_eq!(parse_iso("2026-11-20T10:00:00Z"), Some(t));
        assert_eq!(parse_iso("2026-11-20T11:00:00.123+01:00"), Some(t));
        assert_eq!(parse_iso("2024-02-29"), Some(at(2024, 2, 29, 0, 0, 0)));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
    }
}
