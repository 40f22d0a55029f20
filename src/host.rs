//! What the host page asked for that the screens need too: where the widget is drawn, the
//! screen it opens on, and the values the host filled in. These sit below both `ui` and
//! `embed`, so the screens never reach up into the embedding layer; `embed::config` parses
//! them from the host's configuration and re-exports them.

use crate::model::contact::Answer;
use crate::model::field_map::FieldMap;

/// Where the widget is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A floating launcher button that opens a panel.
    #[default]
    Launcher,
    /// Rendered in the page flow, no launcher (help-center pages).
    Inline,
}

/// The screen shown when the panel opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// "Contact support": the request form.
    #[default]
    Contact,
    /// "My tickets": the user's requests.
    Tickets,
}

/// Values the host supplied with `prefill` (in `init` or the `prefill` command).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prefill {
    /// "Your name".
    pub name: Option<String>,
    /// "Email".
    pub email: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// "How can we help?".
    pub description: Option<String>,
    /// Custom field answers by field id.
    pub fields: FieldMap<Answer>,
    /// The name can't be edited (the host knows it).
    pub lock_name: bool,
    /// The email can't be edited.
    pub lock_email: bool,
    /// Prefilled custom fields are sent but not shown.
    pub hide_prefilled_fields: bool,
}
