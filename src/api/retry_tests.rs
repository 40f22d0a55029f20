//! Tests of the retry policy and of `Retry-After` in both its forms.

use super::*;

const READ: CallKind = CallKind::Read;
const WRITE: CallKind = CallKind::Write;

fn decide(kind: CallKind, retries_done: u32, error: ApiError) -> RetryDecision {
    RetryPolicy::default().decide(kind, retries_done, &error, 0.5, &mut RetryBudget::default())
}

#[test]
fn reads_retry_on_transient_failures() {
    for error in [
        ApiError::OpaqueNetwork,
        ApiError::Timeout,
        ApiError::Server { status: 500 },
        ApiError::Server { status: 502 },
        ApiError::Server { status: 503 },
        ApiError::Server { status: 504 },
        ApiError::RateLimited {
            retry_after_secs: None,
        },
    ] {
        assert!(
            matches!(
                decide(READ, 0, error.clone()),
                RetryDecision::RetryAfter { .. }
            ),
            "{error:?}"
        );
    }
    assert_eq!(
        decide(
            READ,
            0,
            ApiError::RateLimited {
                retry_after_secs: Some(7)
            }
        ),
        RetryDecision::RetryAfter { delay_ms: 7_000 }
    );
    assert_eq!(
        decide(
            READ,
            0,
            ApiError::RateLimited {
                retry_after_secs: Some(3600)
            }
        ),
        RetryDecision::GiveUp
    );
    assert_eq!(
        decide(READ, 1, ApiError::Offline),
        RetryDecision::WaitForOnline
    );
}

#[test]
fn reads_do_not_retry_on_definite_answers() {
    for error in [
        ApiError::NotFound,
        ApiError::Forbidden,
        ApiError::Unauthorized,
        ApiError::SignedOut,
        ApiError::Server { status: 501 },
        ApiError::Invalid {
            description: None,
            details: vec![],
        },
        ApiError::Rejected {
            status: 400,
            description: None,
        },
        ApiError::Undecodable {
            status: 200,
            reason: "invalid JSON",
        },
        ApiError::RedirectRefused,
        ApiError::ForeignUrl,
        ApiError::Cancelled,
    ] {
        assert_eq!(
            decide(READ, 0, error.clone()),
            RetryDecision::GiveUp,
            "{error:?}"
        );
    }
}

#[test]
fn writes_only_retry_when_nothing_was_sent() {
    assert_eq!(
        decide(WRITE, 0, ApiError::Offline),
        RetryDecision::WaitForOnline
    );
    for error in [
        ApiError::OutcomeUnknown,
        ApiError::OpaqueNetwork,
        ApiError::Timeout,
        ApiError::Server { status: 503 },
        ApiError::RateLimited {
            retry_after_secs: Some(1),
        },
    ] {
        assert_eq!(
            decide(WRITE, 0, error.clone()),
            RetryDecision::GiveUp,
            "{error:?}"
        );
    }
}

#[test]
fn stops_after_max_retries_and_when_budget_is_spent() {
    assert!(matches!(
        decide(READ, 2, ApiError::Timeout),
        RetryDecision::RetryAfter { .. }
    ));
    assert_eq!(decide(READ, 3, ApiError::Timeout), RetryDecision::GiveUp);
    assert_eq!(decide(READ, 3, ApiError::Offline), RetryDecision::GiveUp);

    let policy = RetryPolicy::default();
    let mut budget = RetryBudget::new(2);
    let retry = |budget: &mut RetryBudget| policy.decide(READ, 0, &ApiError::Timeout, 0.1, budget);
    assert!(matches!(
        retry(&mut budget),
        RetryDecision::RetryAfter { .. }
    ));
    assert!(matches!(
        retry(&mut budget),
        RetryDecision::RetryAfter { .. }
    ));
    assert_eq!(retry(&mut budget), RetryDecision::GiveUp);
    budget.record_success();
    assert_eq!(budget.remaining(), 1);
    assert!(matches!(
        retry(&mut budget),
        RetryDecision::RetryAfter { .. }
    ));
    budget.record_success();
    budget.record_success();
    budget.record_success();
    assert_eq!(budget.remaining(), 2);
}

#[test]
fn full_jitter_bounds() {
    let policy = RetryPolicy::default();
    for retries_done in 0..40 {
        let ceiling = (1_000u64 << retries_done.min(20)).min(30_000);
        assert_eq!(policy.jitter_ms(retries_done, 0.0), 0);
        assert!(policy.jitter_ms(retries_done, 0.999_999) < ceiling.max(1));
        assert!(policy.jitter_ms(retries_done, 0.999_999) >= ceiling * 99 / 100);
        assert_eq!(policy.jitter_ms(retries_done, 0.5), ceiling / 2);
    }
    assert_eq!(policy.jitter_ms(0, 0.25), 250);
    assert_eq!(policy.jitter_ms(2, 0.25), 1_000);
    assert_eq!(policy.jitter_ms(10, 1.0), 30_000);
    // Garbage randomness can't produce a negative or unbounded delay.
    assert_eq!(policy.jitter_ms(1, f64::NAN), 0);
    assert_eq!(policy.jitter_ms(1, -3.0), 0);
    assert_eq!(policy.jitter_ms(1, 7.0), 2_000);
}

#[test]
fn create_throttle_three_per_minute_then_doubling_pause() {
    let mut throttle = CreateThrottle::default();
    for at in [0, 10_000, 20_000] {
        assert_eq!(throttle.check(at), Ok(()));
        throttle.record(at);
    }
    assert_eq!(
        throttle.check(30_000),
        Err(ApiError::Throttled {
            retry_in_ms: 60_000
        })
    );
    assert_eq!(
        throttle.check(50_000),
        Err(ApiError::Throttled {
            retry_in_ms: 40_000
        })
    );
    // The pause is over: three more are allowed, then the pause doubles.
    for at in [90_000, 91_000, 92_000] {
        assert_eq!(throttle.check(at), Ok(()));
        throttle.record(at);
    }
    assert_eq!(
        throttle.check(93_000),
        Err(ApiError::Throttled {
            retry_in_ms: 120_000
        })
    );
    // Quiet for a full pause after it ends: back to the one-minute pause.
    let later = 93_000 + 120_000 + 120_000;
    for at in [later, later + 1, later + 2] {
        assert_eq!(throttle.check(at), Ok(()));
        throttle.record(at);
    }
    assert_eq!(
        throttle.check(later + 3),
        Err(ApiError::Throttled {
            retry_in_ms: 60_000
        })
    );
}

#[test]
fn create_throttle_rolling_window() {
    let mut throttle = CreateThrottle::default();
    for at in [0, 1_000, 2_000] {
        throttle.check(at).unwrap();
        throttle.record(at);
    }
    assert_eq!(
        throttle.check(60_000),
        Ok(()),
        "the first create left the window"
    );
}

#[test]
fn retry_after_in_seconds_or_as_a_date() {
    // 1994-11-06T08:49:37Z, the RFC's example.
    let sent = 784_111_777;
    assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(sent));
    assert_eq!(
        parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
        Some(sent)
    );
    assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(sent));
    assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
    assert_eq!(
        parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT"),
        Some(1_792_567_680)
    );
    assert_eq!(
        parse_http_date("Tuesday, 29-Feb-28 23:59:60 GMT"),
        Some(1_835_481_600),
        "a leap day and a leap second in the two-digit-year form"
    );

    assert_eq!(retry_after_secs("120", 0), Some(120));
    assert_eq!(retry_after_secs(" 7 ", 0), Some(7));
    assert_eq!(retry_after_secs("99999999999", 0), Some(u32::MAX));
    assert_eq!(
        retry_after_secs("Sun, 06 Nov 1994 08:50:07 GMT", sent),
        Some(30)
    );
    assert_eq!(
        retry_after_secs("Sun, 06 Nov 1994 08:49:00 GMT", sent),
        Some(0),
        "already past: no wait"
    );
    assert_eq!(
        retry_after_secs("Sun Nov  6 09:49:37 1994", sent),
        Some(3_600)
    );
}

#[test]
fn what_is_not_a_retry_after() {
    for bad in [
        "",
        "   ",
        "-1",
        "+5",
        "1.5",
        "soon",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 00:00:00 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Nov 1969 23:59:59 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sunday, 06-Nov-94-1 08:49:37 GMT",
        "Sun Nov  6 08:49:37 94",
        "2026-10-21T07:28:00Z",
    ] {
        assert_eq!(retry_after_secs(bad, 0), None, "{bad:?}");
    }
}
