//! The widget's stylesheet: one constructed sheet, shared by the shadow root of every widget
//! on the page. The rules of "My tickets" join it only when that screen is first drawn
//! ([`add_tickets_rules`]), so in the split build they travel in its chunk, not in the main
//! module (`build.rs` cuts `style/support-widget.css` in two; docs/size.md).

use std::cell::{Cell, OnceCell};

use web_sys::{CssStyleSheet, ShadowRoot};

/// Every rule but those of "My tickets", without comments.
const BASE: &str = include_str!(concat!(env!("OUT_DIR"), "/support-widget.css"));
/// The rules of "My tickets" (list, conversation, reply), without comments.
const TICKETS: &str = include_str!(concat!(env!("OUT_DIR"), "/support-widget-tickets.css"));

/// Why the stylesheet couldn't be given to a shadow root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StyleError {
    /// The browser has no constructable stylesheets.
    #[error("constructable stylesheets unsupported")]
    Unsupported,
    /// The browser refused the rules.
    #[error("stylesheet rejected")]
    Rejected,
}

thread_local! {
    static SHEET: OnceCell<CssStyleSheet> = const { OnceCell::new() };
    /// Whether the sheet holds the rules of "My tickets" too.
    static WITH_TICKETS: Cell<bool> = const { Cell::new(false) };
}

/// The shared sheet, made on first use.
fn shared_sheet() -> Result<CssStyleSheet, StyleError> {
    SHEET.with(|cell| {
        if let Some(sheet) = cell.get() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new().map_err(|_| StyleError::Unsupported)?;
        sheet.replace_sync(BASE).map_err(|_| StyleError::Rejected)?;
        Ok(cell.get_or_init(|| sheet).clone())
    })
}

/// Adds the shared sheet to `root` once (a re-mount finds it already there).
pub fn adopt(root: &ShadowRoot) -> Result<(), StyleError> {
    let sheet = shared_sheet()?;
    let sheets = root.adopted_style_sheets();
    if !sheets.includes(&sheet, 0) {
        sheets.push(&sheet);
        root.set_adopted_style_sheets(&sheets);
    }
    Ok(())
}

/// Puts the rules of "My tickets" after the others in the shared sheet, once: every widget's
/// shadow root sees them at once, in the order the stylesheet gives them.
pub fn add_tickets_rules() -> Result<(), StyleError> {
    if WITH_TICKETS.get() {
        return Ok(());
    }
    shared_sheet()?
        .replace_sync(&[BASE, TICKETS].concat())
        .map_err(|_| StyleError::Rejected)?;
    WITH_TICKETS.set(true);
    Ok(())
}
