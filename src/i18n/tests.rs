//! The language tables' own rules: every language has every placeholder, the lists agree,
//! and the language files read back as the tables.

use super::*;

/// `loader/early.js` picks the language of its early reads as [`negotiate`] does, from a
/// copy of the shipped tags: the copy must stay the same list, in the same order.
#[test]
fn the_early_reads_know_the_shipped_languages() {
    let early = include_str!("../../loader/early.js");
    let line = early
        .lines()
        .find(|line| line.starts_with("const LANGUAGES = ["))
        .expect("loader/early.js lists the languages");
    let listed = format!("const LANGUAGES = ['{}'];", TAGS.join("', '"));
    assert_eq!(line, listed);
}

/// The tags are the tables' own, in the same order (English first, the fallback).
#[test]
fn the_tags_name_the_tables() {
    let tables: Vec<&str> = LANGUAGES.iter().map(|m| m.tag).collect();
    assert_eq!(tables, TAGS);
}

/// Each table comes back whole from its language file; a file of another build's length
/// (one text more or fewer, or cut inside its last text), of another language, or with an
/// unreadable direction is refused rather than read out of place.
#[test]
fn language_files_read_back_as_the_tables() {
    for language in LANGUAGES {
        let file = language.to_file();
        let back = Messages::from_file(file.clone(), language.tag).unwrap();
        assert_eq!(back.to_file(), file, "{}", language.tag);
        assert_eq!(
            (back.tag, back.rtl, back.send),
            (language.tag, language.rtl, language.send)
        );
        let refused = |file: String, tag: &str| Messages::from_file(file, tag).err();
        let shorter = file.strip_suffix(&format!("{}{FILE_SEPARATOR}", language.open_attachment));
        assert_eq!(
            refused(shorter.unwrap().to_owned(), language.tag),
            Some(LanguageFileError::WrongLength)
        );
        let longer = format!("{file}one more{FILE_SEPARATOR}");
        assert_eq!(
            refused(longer, language.tag),
            Some(LanguageFileError::WrongLength)
        );
        let cut = file.trim_end_matches(FILE_SEPARATOR).to_owned();
        assert_eq!(
            refused(cut, language.tag),
            Some(LanguageFileError::WrongLength)
        );
        assert_eq!(
            refused(file.clone(), "xx"),
            Some(LanguageFileError::OtherLanguage)
        );
        let sideways = file.replacen(
            &format!(
                "{FILE_SEPARATOR}{}{FILE_SEPARATOR}",
                if language.rtl { "1" } else { "" }
            ),
            &format!("{FILE_SEPARATOR}no{FILE_SEPARATOR}"),
            1,
        );
        assert_eq!(
            refused(sideways, language.tag),
            Some(LanguageFileError::BadDirection)
        );
    }
}

/// Empty texts, the last one included, come back as they were (the direction of a
/// left-to-right table is an empty text too).
#[test]
fn empty_texts_survive_the_file() {
    let english = LANGUAGES[0];
    let file = english.to_file();
    let without_last = file
        .strip_suffix(&format!("{}{FILE_SEPARATOR}", english.open_attachment))
        .unwrap();
    let emptied = format!("{without_last}{FILE_SEPARATOR}").replacen(
        &format!("{FILE_SEPARATOR}{}{FILE_SEPARATOR}", english.support),
        &format!("{FILE_SEPARATOR}{FILE_SEPARATOR}"),
        1,
    );
    let back = Messages::from_file(emptied, "en").unwrap();
    assert_eq!(
        (back.rtl, back.support, back.open_attachment, back.close),
        (false, "", "", english.close)
    );
}

/// The separator can't be mistaken for text: every file holds exactly one per text.
#[test]
fn no_message_holds_the_file_separator() {
    for language in LANGUAGES {
        let count = language.to_file().matches(FILE_SEPARATOR).count();
        assert_eq!(count, Messages::FILE_TEXTS, "{}", language.tag);
    }
}

/// Messages with placeholders, which every translation must keep.
fn templated(m: &Messages) -> [(&'static str, &'static str); 15] {
    [
        ("followup_note", m.followup_note),
        ("request_number", m.request_number),
        ("last_activity", m.last_activity),
        ("open_attachment", m.open_attachment),
        ("remove_file", m.remove_file),
        ("sent_title", m.sent_title),
        ("sent_anonymous", m.sent_anonymous),
        ("copy_found", m.copy_found),
        ("mark_copy", m.mark_copy),
        ("copy_note", m.copy_note),
        ("copy_marked", m.copy_marked),
        ("maybe_sent_email", m.maybe_sent_email),
        ("maybe_sent_found", m.maybe_sent_found),
        ("file_too_big", m.file_too_big),
        ("uploads_expired", m.uploads_expired),
    ]
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    found.sort_unstable();
    found
}

#[test]
fn translations_keep_the_placeholders() {
    let english = templated(LANGUAGES[0]);
    for language in LANGUAGES {
        for ((key, text), (_, original)) in templated(language).into_iter().zip(english) {
            assert_eq!(
                placeholders(text),
                placeholders(original),
                "{} {key}",
                language.tag
            );
            assert!(!placeholders(original).is_empty(), "{key} is templated");
        }
    }
}

#[test]
fn fill_replaces_every_placeholder() {
    assert_eq!(
        fill("Request #{id} sent", &[("id", "42")]),
        "Request #42 sent"
    );
    assert_eq!(fill("{a}{b}{a}", &[("a", "x"), ("b", "y")]), "xyx");
}

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
