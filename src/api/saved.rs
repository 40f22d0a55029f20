//! Reads kept for offline use. When the embedder gives the client a [`ReadCache`], the raw
//! body of each successful read of the user's own data (request lists, a request, the newest
//! comments) is saved under its path; when the network is gone, the same decoding code turns
//! the saved body back into values, marked with when Zendesk said so. Only the embedder knows
//! where to keep them (and whose they are), so the storage is a trait.

/// Where a client keeps the bodies of reads. Best effort: saving may silently fail (full or
/// blocked storage), and a cache may drop old entries at any time.
pub trait ReadCache {
    /// The body saved under `key`, with when it was saved (ms since the Unix epoch).
    fn load(&self, key: &str) -> Option<(String, u64)>;
    /// Saves `body` under `key`, replacing what was there.
    fn save(&self, key: &str, body: &str, saved_at_ms: u64);
}

/// A value decoded from a saved read: what Zendesk answered at `saved_at_ms`.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved<T> {
    /// The decoded answer.
    pub value: T,
    /// When it was read from Zendesk (ms since the Unix epoch).
    pub saved_at_ms: u64,
}
