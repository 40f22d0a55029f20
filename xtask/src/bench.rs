//! `cargo xtask bench`: the project's benchmarks, each a report rather than a timed test.
//! Today one part: the Zendesk calls a visitor costs per kind of session ([`bench_calls`]).
//!
//! [`bench_calls`]: crate::bench_calls

use crate::util::Result;

/// Runs every benchmark part; fails when one misses its target.
pub fn bench() -> Result {
    crate::bench_calls::bench()
}
