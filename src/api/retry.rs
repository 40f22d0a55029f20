//! Retry and throttle policy as pure state machines, so they test natively without timers.
//!
//! * Reads retry on opaque network failures, timeouts, 5xx and visible 429/503, with
//!   full-jitter exponential backoff and a per-session budget, honouring a visible
//!   `Retry-After`.
//! * Writes (create, reply, upload, delete, rating) are retried only when nothing was sent:
//!   the browser was offline before the call. A write that may have reached Zendesk is never
//!   re-sent; the transport reports it as [`ApiError::OutcomeUnknown`].
//! * Creates are throttled client-side like Zendesk's own widget: at most 3 a minute, then a
//!   pause that doubles each time the limit is hit again.

use super::error::ApiError;

/// Whether a call only reads, or changes something on Zendesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// GET: safe to repeat.
    Read,
    /// POST/PUT/DELETE: must not be repeated once it may have reached the server.
    Write,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Try again after this many milliseconds.
    RetryAfter {
        /// Delay before the next attempt.
        delay_ms: u64,
    },
    /// Nothing was sent because the browser is offline: wait for `online`, then try again.
    WaitForOnline,
    /// Return the error to the caller.
    GiveUp,
}

/// Backoff parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The backoff ceiling for the first retry, in ms (doubles per retry).
    pub base_ms: u64,
    /// The largest backoff ceiling, in ms.
    pub cap_ms: u64,
    /// Retries after the first attempt, per call.
    pub max_retries: u32,
    /// A visible `Retry-After` longer than this is not waited for: the error goes to the UI.
    pub max_retry_after_secs: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_ms: 1_000,
            cap_ms: 30_000,
            max_retries: 3,
            max_retry_after_secs: 60,
        }
    }
}

impl RetryPolicy {
    /// Decides whether the call that just failed with `error` is tried again.
    ///
    /// `retries_done` counts retries already made for this call; `random` is uniform in
    /// `[0, 1)` (e.g. `Math.random()`); `budget` is shared by every call of a session.
    pub fn decide(
        &self,
        kind: CallKind,
        retries_done: u32,
        error: &ApiError,
        random: f64,
        budget: &mut RetryBudget,
    ) -> RetryDecision {
        if retries_done >= self.max_retries {
            return RetryDecision::GiveUp;
        }
        if *error == ApiError::Offline {
            // Offline is detected before sending, so even a write is safe to send later.
            return RetryDecision::WaitForOnline;
        }
        if kind == CallKind::Write {
            return RetryDecision::GiveUp;
        }
        let delay_ms = match error {
            ApiError::RateLimited {
                retry_after_secs: Some(secs),
            } => {
                if *secs > self.max_retry_after_secs {
                    return RetryDecision::GiveUp;
                }
                u64::from(*secs) * 1_000
            }
            ApiError::RateLimited {
                retry_after_secs: None,
            }
            | ApiError::OpaqueNetwork
            | ApiError::Timeout
            | ApiError::Server {
                status: 500 | 502 | 503 | 504,
            } => self.jitter_ms(retries_done, random),
            _ => return RetryDecision::GiveUp,
        };
        if budget.try_spend() {
            RetryDecision::RetryAfter { delay_ms }
        } else {
            RetryDecision::GiveUp
        }
    }

    /// Full jitter: uniform in `[0, min(cap, base · 2^retries_done))`.
    pub fn jitter_ms(&self, retries_done: u32, random: f64) -> u64 {
        let ceiling = self
            .base_ms
            .saturating_mul(1u64 << retries_done.min(32))
            .min(self.cap_ms);
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((ceiling as f64) * random) as u64
    }
}

/// Retries a session may still spend. Each success earns one back, up to the maximum, so a
/// flaky minute doesn't turn every later call into a retry storm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBudget {
    remaining: u32,
    max: u32,
}

impl RetryBudget {
    /// A budget of `max` retries.
    pub fn new(max: u32) -> Self {
        Self {
            remaining: max,
            max,
        }
    }

    /// Takes one retry from the budget, if any is left.
    pub fn try_spend(&mut self) -> bool {
        if self.remaining == 0 {
            return false;
        }
        self.remaining -= 1;
        true
    }

    /// A call succeeded: earn one retry back.
    pub fn record_success(&mut self) {
        self.remaining = (self.remaining + 1).min(self.max);
    }

    /// Retries left.
    pub fn remaining(&self) -> u32 {
        self.remaining
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(20)
    }
}

/// Client-side limit on creates: at most [`CreateThrottle::PER_MINUTE`] in any minute; after
/// that, a pause of one minute that doubles each time the limit is hit again (up to 16 min),
/// reset once the user has been quiet for a full pause.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreateThrottle {
    recent_ms: Vec<u64>,
    blocked_until_ms: u64,
    pause_ms: u64,
}

impl CreateThrottle {
    /// Creates allowed in a rolling minute.
    pub const PER_MINUTE: usize = 3;
    const WINDOW_MS: u64 = 60_000;
    const MAX_PAUSE_MS: u64 = 16 * 60_000;

    /// Whether a create may be sent at `now_ms`; otherwise [`ApiError::Throttled`].
    pub fn check(&mut self, now_ms: u64) -> Result<(), ApiError> {
        if now_ms < self.blocked_until_ms {
            return Err(ApiError::Throttled {
                retry_in_ms: self.blocked_until_ms - now_ms,
            });
        }
        if self.pause_ms > 0 && now_ms >= self.blocked_until_ms.saturating_add(self.pause_ms) {
            self.pause_ms = 0;
        }
        self.recent_ms
            .retain(|&sent| now_ms.saturating_sub(sent) < Self::WINDOW_MS);
        if self.recent_ms.len() >= Self::PER_MINUTE {
            self.pause_ms = if self.pause_ms == 0 {
                Self::WINDOW_MS
            } else {
                (self.pause_ms * 2).min(Self::MAX_PAUSE_MS)
            };
            self.blocked_until_ms = now_ms + self.pause_ms;
            self.recent_ms.clear();
            return Err(ApiError::Throttled {
                retry_in_ms: self.pause_ms,
            });
        }
        Ok(())
    }

    /// Records a create sent at `now_ms` (whatever its outcome: it may have been counted).
    pub fn record(&mut self, now_ms: u64) {
        self.recent_ms.push(now_ms);
    }
}

/// The wait a visible `Retry-After` asks for, in whole seconds (RFC 9110 §10.2.3): either
/// delta-seconds (`"120"`) or an HTTP-date, counted from `now_secs` (seconds since the epoch).
/// For a date, `now_secs` is best the answer's own `Date` header (the server's clock, so a
/// wrong clock on the user's device doesn't matter), else the local clock. A date already
/// past asks for no wait (0). Anything else is not a `Retry-After` and gives `None`.
pub fn retry_after_secs(value: &str, now_secs: u64) -> Option<u32> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().unwrap_or(u32::MAX));
    }
    let at = parse_http_date(value)?;
    Some(u32::try_from(at.saturating_sub(now_secs)).unwrap_or(u32::MAX))
}

/// An HTTP-date as seconds since the epoch, in any of the three forms a recipient must accept
/// (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850 form
/// `Sunday, 06-Nov-94 08:49:37 GMT` and ANSI C's asctime `Sun Nov  6 08:49:37 1994`.
/// The weekday is not checked (the date says which day it is).
pub fn parse_http_date(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text
        .split([' ', ','])
        .filter(|part| !part.is_empty())
        .collect();
    let (day, month, year, time) = match parts.as_slice() {
        [_, day, month, year, time, "GMT"] if year.len() == 4 => {
            (*day, *month, number(year)?, *time)
        }
        [_, date, time, "GMT"] => {
            let mut pieces = date.split('-');
            let (day, month, year) = (pieces.next()?, pieces.next()?, pieces.next()?);
            if pieces.next().is_some() || year.len() != 2 {
                return None;
            }
            // Two-digit years: 70–99 are 19xx, the rest 20xx (RFC 9110 asks for the most
            // recent past year with those digits; no Retry-After is dated before 1970).
            let year = number(year)?;
            (
                day,
                month,
                if year >= 70 { 1900 + year } else { 2000 + year },
                *time,
            )
        }
        [_, month, day, time, year] if year.len() == 4 => (*day, *month, number(year)?, *time),
        _ => return None,
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|name| *name == month)? as u64 + 1;
    let day = number(day).filter(|day| (1..=days_in_month(year, month)).contains(day))?;
    let mut clock = time.split(':');
    let (hour, minute, second) = (clock.next()?, clock.next()?, clock.next()?);
    if clock.next().is_some() || [hour, minute, second].iter().any(|p| p.len() != 2) {
        return None;
    }
    let (hour, minute, second) = (number(hour)?, number(minute)?, number(second)?);
    if hour > 23 || minute > 59 || second > 60 || year < 1970 {
        return None;
    }
    Some(days_since_epoch(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Plain ASCII digits only (no sign, no spaces), as the date grammar has them.
fn number(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date (proleptic Gregorian, year ≥ 1970).
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    // Howard Hinnant's days_from_civil, with March as the first month of the year.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
#[path = "retry_tests.rs"]
mod tests;
