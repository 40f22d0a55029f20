//! The visitor's language at mount: the table this build carries, or its language file.
//!
//! The split build carries English only (`i18n`'s module documentation says why); any other
//! language is a file `cargo xtask dist` writes beside the wasm, named in the glue and fetched
//! by `loader/early.js` (at the tap, while the wasm downloads, or here when the wasm asks).

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{self, LanguageFileError, Messages};

#[wasm_bindgen(module = "/loader/early.js")]
extern "C" {
    /// The text of `tag`'s language file, read once per page (again after a failure), or
    /// `undefined` when `within` milliseconds pass first; `None` when this build names no
    /// file for it.
    #[wasm_bindgen(js_name = texts, catch)]
    fn language_file(tag: &str, within: Option<u32>) -> Result<Option<Promise>, JsValue>;
}

thread_local! {
    /// The tables read from language files on this page: a re-mount in the same language
    /// (identify, setLocale back, an SPA's remount) draws at once, and nothing is kept twice.
    static LOADED: std::cell::RefCell<Vec<&'static Messages>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Why a language's table isn't there. The widget then shows English and says why in the
/// console: a visitor can still ask for help.
#[derive(Debug, thiserror::Error)]
pub enum LanguageError {
    /// This build names no file for the language.
    #[error("no language file for `{0}` in this build")]
    NotShipped(&'static str),
    /// The file didn't arrive (offline, blocked, 404).
    #[error("the `{0}` language file could not be loaded")]
    Unreachable(&'static str),
    /// It arrived but is not this build's.
    #[error("the `{tag}` language file is unusable: {problem}")]
    Unusable {
        /// The language.
        tag: &'static str,
        /// What is wrong with it.
        problem: LanguageFileError,
    },
}

/// The table for `tag` when it is here already: carried in this build, or read on this page.
pub fn known(tag: &str) -> Option<&'static Messages> {
    i18n::built_in(tag)
        .or_else(|| LOADED.with(|loaded| loaded.borrow().iter().copied().find(|m| m.tag == tag)))
}

/// The table for `tag`: [`known`], else read from its language file, waiting for it as long
/// as `loader/early.js` does (10 s) or, with `within`, at most that many milliseconds.
pub async fn load(
    tag: &'static str,
    within: Option<u32>,
) -> Result<&'static Messages, LanguageError> {
    if let Some(table) = known(tag) {
        return Ok(table);
    }
    let read = language_file(tag, within)
        .map_err(|_| LanguageError::Unreachable(tag))?
        .ok_or(LanguageError::NotShipped(tag))?;
    let text = JsFuture::from(read)
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or(LanguageError::Unreachable(tag))?;
    let table = Messages::from_file(text, tag)
        .map_err(|problem| LanguageError::Unusable { tag, problem })?;
    LOADED.with(|loaded| loaded.borrow_mut().push(table));
    Ok(table)
}

/// The browser's preferred languages, best first.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default()
}
