//! Users of the `acme` account: end users with their demo access tokens, and agents.

/// Seeded user ids by name, for the tables below and for tests.
pub mod id {
    /// Ada Lovelace: verified end user with ~40 requests.
    pub const ADA: u64 = 1001;
    /// Grace Hopper: **unverified** end user (listing → 403).
    pub const GRACE: u64 = 1002;
    /// Bulk Buyer: 2,000 requests.
    pub const BULK: u64 = 1003;
    /// Charles Babbage: owns requests that CC Ada.
    pub const CHARLES: u64 = 1004;
    /// Sam Rivera, agent.
    pub const SAM: u64 = 2001;
    /// Priya Natarajan, agent.
    pub const PRIYA: u64 = 2002;
}

use id::*;

/// Seeded end users: `(id, name, email, access token)`.
pub const END_USERS: [(u64, &str, &str, &str); 4] = [
    (ADA, "Ada Lovelace", "ada@example.com", "ada-token"),
    (GRACE, "Grace Hopper", "grace@example.com", "grace-token"),
    (BULK, "Bulk Buyer", "bulk@example.com", "bulk-token"),
    (
        CHARLES,
        "Charles Babbage",
        "charles@example.com",
        "charles-token",
    ),
];

/// End users whose email identity is not verified.
pub const UNVERIFIED: [u64; 1] = [GRACE];

/// Seeded agents: `(id, name, email)`.
pub const AGENTS: [(u64, &str, &str); 2] = [
    (SAM, "Sam Rivera", "sam@acme.example"),
    (PRIYA, "Priya Natarajan", "priya@acme.example"),
];

/// Accent colour of each agent's generated profile photo, in [`AGENTS`] order.
pub const AGENT_PHOTO_COLORS: [[u8; 3]; 2] = [[3, 99, 204], [17, 125, 73]];

/// The account's API token (for `{email}/token:{API_TOKEN}` Basic auth, never CORS-enabled).
pub const API_TOKEN: &str = "acme-api-token";
