//! Interface languages. Each language is one file holding a [`Messages`] value; the compiler
//! makes sure every language has every message. Dates, relative times, numbers, file sizes
//! and plurals come from the browser's `Intl`, not from these tables.
//!
//! Adding a language: copy `en.rs`, translate it, and list it in [`LANGUAGES`].

mod ar;
mod de;
mod en;
mod es;
mod fr;
mod he;
mod ja;
mod pt_br;

/// Every string the widget shows, in one language.
#[derive(Debug)]
pub struct Messages {
    /// BCP-47 tag of this table, e.g. `pt-BR`.
    pub tag: &'static str,
    /// Right-to-left script.
    pub rtl: bool,
    /// Launcher button and panel title.
    pub support: &'static str,
    /// Close button of the panel.
    pub close: &'static str,
    /// Tab with the request form.
    pub contact_tab: &'static str,
    /// Tab with the user's requests.
    pub tickets_tab: &'static str,
    /// Lead text of the contact screen.
    pub contact_lead: &'static str,
    /// Lead text of the tickets screen.
    pub tickets_lead: &'static str,
}

/// The languages shipped, English first (the fallback).
pub const LANGUAGES: &[&Messages] = &[
    &en::MESSAGES,
    &de::MESSAGES,
    &fr::MESSAGES,
    &es::MESSAGES,
    &pt_br::MESSAGES,
    &ja::MESSAGES,
    &ar::MESSAGES,
    &he::MESSAGES,
];

/// Picks the best language for a list of preferred BCP-47 tags (the host's `locale` first,
/// then the browser's `navigator.languages`): an exact match (case-insensitive), then the same
/// primary language (`pt-PT` → `pt-BR`, `de-AT` → `de`), else English.
pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> &'static Messages {
    for wanted in preferred {
        let wanted = wanted.trim().replace('_', "-");
        if let Some(exact) = LANGUAGES
            .iter()
            .find(|m| m.tag.eq_ignore_ascii_case(&wanted))
        {
            return exact;
        }
        let primary = wanted.split('-').next().unwrap_or_default();
        if let Some(same) = LANGUAGES.iter().find(|m| {
            m.tag
                .split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        }) {
            return same;
        }
    }
    LANGUAGES[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_then_primary_language_then_english() {
        assert_eq!(negotiate(["de"]).tag, "de");
        assert_eq!(negotiate(["PT-br"]).tag, "pt-BR");
        assert_eq!(negotiate(["pt-PT"]).tag, "pt-BR");
        assert_eq!(negotiate(["de_AT"]).tag, "de");
        assert_eq!(negotiate(["xx", "fr-CA"]).tag, "fr");
        assert_eq!(negotiate(["tlh"]).tag, "en");
        assert_eq!(negotiate([]).tag, "en");
    }

    #[test]
    fn right_to_left_languages_are_marked() {
        let rtl: Vec<_> = LANGUAGES.iter().filter(|m| m.rtl).map(|m| m.tag).collect();
        assert_eq!(rtl, ["ar", "he"]);
    }

    #[test]
    fn every_language_translates_every_message() {
        let english = LANGUAGES[0];
        for language in &LANGUAGES[1..] {
            assert_ne!(language.support, "", "{}", language.tag);
            assert_ne!(
                language.contact_tab, english.contact_tab,
                "{} contact_tab",
                language.tag
            );
            assert_ne!(
                language.tickets_tab, english.tickets_tab,
                "{} tickets_tab",
                language.tag
            );
        }
    }
}
