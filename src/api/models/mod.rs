//! Objects Zendesk returns, decoded tolerantly.
//!
//! Every field but the id is optional or defaulted, a field of an unexpected type counts as
//! absent, unknown fields are ignored, and list items that can't be decoded (no id) are
//! skipped. Timestamps stay ISO-8601 strings: the UI formats them with the browser's `Intl`
//! rather than shipping a date crate.
//!
//! One file per resource: [`requests`], [`comments`] (with their authors and attachments),
//! [`forms`] (forms and fields) and [`help_center`].

pub mod comments;
pub mod forms;
pub mod help_center;
pub mod requests;

pub use comments::{Attachment, Comment, Upload, User};
pub use forms::{
    ConditionalChildField, EndUserCondition, FieldOption, FormWithFields, TicketField, TicketForm,
};
pub use help_center::{Article, HelpCenterSession};
pub use requests::{
    CustomFieldValue, Request, RequestStatus, RequestWithUsers, SatisfactionRating, Via,
};

pub(crate) use comments::join_authors;
pub(crate) use forms::join_form_fields;
