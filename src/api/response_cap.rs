//! How much of a response body the widget is willing to read.
//!
//! A misbehaving proxy, a captive portal or a broken server can answer with a body of any size,
//! or with one that never ends. Reading it all would fill the host page's memory, so every
//! transport checks the body twice with a [`BodyCap`]:
//!
//! 1. **Before reading**, from `Content-Length` (a CORS-safelisted header, so readable on every
//!    answer): a declared length over the cap is refused without reading a byte.
//! 2. **While reading**, per chunk: the running total is checked as the bytes arrive, so an
//!    answer without `Content-Length` (chunked, or a compressed body that inflates) is cut off
//!    as soon as it passes the cap.
//!
//! The cap depends on the status: a successful answer may be large (a page of 100 comments with
//! HTML is well under [`MAX_BODY_BYTES`]); an error answer is only read for its details, so a
//! large one is not read at all and the status alone decides.

/// The most a successful answer's body may hold.
pub const MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;
/// The most an error answer's body may hold (beyond it, only the status counts).
pub const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// The body was (or would have been) larger than the cap; reading stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// The running check of one response body against its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyCap {
    limit: u64,
    received: u64,
}

impl BodyCap {
    /// A cap of `limit` bytes.
    pub fn new(limit: u64) -> Self {
        Self { limit, received: 0 }
    }

    /// The cap for an answer with this status: [`MAX_BODY_BYTES`] for 2xx (and the opaque
    /// status 0), [`MAX_ERROR_BODY_BYTES`] otherwise.
    pub fn for_status(status: u16) -> Self {
        Self::new(match status {
            0 | 200..=299 => MAX_BODY_BYTES,
            _ => MAX_ERROR_BODY_BYTES,
        })
    }

    /// The cap in bytes.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Bytes counted so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Before reading: refuses a body whose declared `Content-Length` is over the cap. A
    /// missing or unparsable length (chunked answers) is left to [`take`](Self::take).
    pub fn check_declared(&self, content_length: Option<&str>) -> Result<(), TooLarge> {
        let declared = content_length.and_then(|value| value.trim().parse::<u64>().ok());
        match declared {
            Some(length) if length > self.limit => Err(TooLarge),
            _ => Ok(()),
        }
    }

    /// While reading: counts a chunk of `len` bytes; refuses once the total passes the cap.
    pub fn take(&mut self, len: usize) -> Result<(), TooLarge> {
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        self.received = self.received.saturating_add(len);
        if self.received > self.limit {
            Err(TooLarge)
        } else {
            Ok(())
        }
    }

    /// While reading, when the reader reports a running total (`XMLHttpRequest` progress
    /// events) rather than chunks: refuses once `total` passes the cap.
    pub fn reached(&mut self, total: u64) -> Result<(), TooLarge> {
        self.received = self.received.max(total);
        if self.received > self.limit {
            Err(TooLarge)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_follows_the_status() {
        assert_eq!(BodyCap::for_status(200).limit(), MAX_BODY_BYTES);
        assert_eq!(BodyCap::for_status(201).limit(), MAX_BODY_BYTES);
        assert_eq!(BodyCap::for_status(0).limit(), MAX_BODY_BYTES);
        for status in [301, 400, 401, 404, 422, 429, 500, 503] {
            assert_eq!(
                BodyCap::for_status(status).limit(),
                MAX_ERROR_BODY_BYTES,
                "{status}"
            );
        }
    }

    #[test]
    fn a_declared_length_over_the_cap_is_refused_before_reading() {
        let cap = BodyCap::new(100);
        assert_eq!(cap.check_declared(Some("100")), Ok(()));
        assert_eq!(cap.check_declared(Some(" 99 ")), Ok(()));
        assert_eq!(cap.check_declared(Some("101")), Err(TooLarge));
        assert_eq!(
            cap.check_declared(Some("1099511627776")),
            Err(TooLarge),
            "a terabyte"
        );
        assert_eq!(
            cap.check_declared(Some("99999999999999999999999")),
            Ok(()),
            "unparsable: left to the running count"
        );
        assert_eq!(cap.check_declared(None), Ok(()));
        assert_eq!(cap.check_declared(Some("")), Ok(()));
        assert_eq!(cap.check_declared(Some("-5")), Ok(()));
        assert_eq!(cap.received(), 0, "nothing was read");
    }

    #[test]
    fn the_running_total_is_cut_off_as_soon_as_it_passes_the_cap() {
        let mut cap = BodyCap::new(100);
        assert_eq!(cap.take(60), Ok(()));
        assert_eq!(cap.take(40), Ok(()), "exactly the cap is fine");
        assert_eq!(cap.take(1), Err(TooLarge));
        assert_eq!(cap.received(), 101);
        // An endless stream of chunks never gets past one chunk beyond the cap.
        let mut endless = BodyCap::new(MAX_BODY_BYTES);
        let chunk = 64 * 1024;
        let chunks = (0..)
            .take_while(|_| endless.take(chunk).is_ok())
            .take(1_000_000)
            .count();
        assert_eq!(chunks as u64, MAX_BODY_BYTES / chunk as u64);
        assert!(endless.received() <= MAX_BODY_BYTES + chunk as u64);
        // Huge chunks can't overflow the count.
        let mut cap = BodyCap::new(1);
        assert_eq!(cap.take(usize::MAX), Err(TooLarge));
        assert_eq!(cap.take(usize::MAX), Err(TooLarge));
        assert_eq!(cap.received(), u64::MAX);
    }

    #[test]
    fn a_running_total_from_progress_events() {
        let mut cap = BodyCap::new(100);
        assert_eq!(cap.reached(50), Ok(()));
        assert_eq!(cap.reached(40), Ok(()), "totals never go backwards");
        assert_eq!(cap.received(), 50);
        assert_eq!(cap.reached(100), Ok(()));
        assert_eq!(cap.reached(101), Err(TooLarge));
    }
}
