//! Screen state as data, without the DOM: what the screens decide (which fields show, what is
//! valid, what a draft holds) lives here and is unit-tested natively.

pub mod contact;
pub mod conversation;
pub mod draft;
pub mod field_map;
pub mod order;
pub mod prefetch;
pub mod retention;
pub mod rich_text;
pub mod sending;
pub mod text;
pub mod tickets;
