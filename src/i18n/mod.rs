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
    /// Anonymous requester's name field.
    pub your_name: &'static str,
    /// Anonymous requester's email field.
    pub email: &'static str,
    /// Subject field.
    pub subject: &'static str,
    /// Description field.
    pub how_can_we_help: &'static str,
    /// Attachments field.
    pub attachments: &'static str,
    /// Button that opens the file picker.
    pub add_files: &'static str,
    /// Hint next to the file button.
    pub drop_files: &'static str,
    /// Remove button of an attachment; {name} is the file.
    pub remove_file: &'static str,
    /// Submit button.
    pub send: &'static str,
    /// Submit button while sending.
    pub sending: &'static str,
    /// Label of the ticket form picker.
    pub choose_form: &'static str,
    /// Empty choice of a drop-down.
    pub choose_option: &'static str,
    /// Marker after an optional field's label.
    pub optional: &'static str,
    /// A required field is empty.
    pub problem_missing: &'static str,
    /// The email is not valid.
    pub problem_email: &'static str,
    /// Not a whole number.
    pub problem_integer: &'static str,
    /// Not a number.
    pub problem_decimal: &'static str,
    /// Not a date.
    pub problem_date: &'static str,
    /// Does not match the field's pattern.
    pub problem_format: &'static str,
    /// Not one of the options.
    pub problem_option: &'static str,
    /// Announced when sending is blocked by field problems.
    pub problem_summary: &'static str,
    /// Success heading; {id} is the request number.
    pub sent_title: &'static str,
    /// What happens next, anonymous; {email}.
    pub sent_anonymous: &'static str,
    /// What happens next, signed in.
    pub sent_signed_in: &'static str,
    /// After a success, signed in: Zendesk filed the request twice; {id} the one answered,
    /// {copy} the other.
    pub copy_found: &'static str,
    /// Button that adds a note to the copy; {copy}.
    pub mark_copy: &'static str,
    /// The note added to the copy (agents read it); {id} the request to keep.
    pub copy_note: &'static str,
    /// The note was added; {copy}.
    pub copy_marked: &'static str,
    /// Link from success to the request.
    pub view_request: &'static str,
    /// Start over after success.
    pub another_request: &'static str,
    /// Sending failed in a way that may have reached Zendesk.
    pub maybe_sent: &'static str,
    /// Anonymous advice after maybe_sent; {email}.
    pub maybe_sent_email: &'static str,
    /// Signed in: checking the newest requests.
    pub maybe_sent_checking: &'static str,
    /// Signed in: the request was found; {id}.
    pub maybe_sent_found: &'static str,
    /// Signed in: not found among the newest requests.
    pub maybe_sent_missing: &'static str,
    /// The check for a maybe-sent request failed.
    pub maybe_sent_unchecked: &'static str,
    /// Deliberate resend after maybe_sent.
    pub send_anyway: &'static str,
    /// Heading of article suggestions.
    pub suggestions: &'static str,
    /// The user's question was answered by an article.
    pub answered: &'static str,
    /// Shown after 'answered'.
    pub glad: &'static str,
    /// Suffix for links that open a new tab (screen readers).
    pub opens_new_tab: &'static str,
    /// Status of an upload in progress.
    pub uploading: &'static str,
    /// A file over the size limit; {max} is a size.
    pub file_too_big: &'static str,
    /// An empty file.
    pub file_empty: &'static str,
    /// A file type Zendesk refuses.
    pub file_blocked: &'static str,
    /// An upload failed.
    pub file_failed: &'static str,
    /// Restored draft lost expired uploads; {names}.
    pub uploads_expired: &'static str,
    /// Offline.
    pub error_offline: &'static str,
    /// Opaque network failure (may be 403/429).
    pub error_network: &'static str,
    /// Anonymous requests are disabled on the account.
    pub error_anonymous_off: &'static str,
    /// Zendesk failed.
    pub error_server: &'static str,
    /// The host's sign-in expired.
    pub error_signed_out: &'static str,
    /// Anything else.
    pub error_generic: &'static str,
    /// Retry a failed load.
    pub retry: &'static str,
    /// Something is loading.
    pub loading: &'static str,
    /// A saved draft was restored.
    pub draft_restored: &'static str,
    /// The contact form is a follow-up to a closed request; `{id}`.
    pub followup_note: &'static str,
    /// Tab of unsolved requests.
    pub tab_open: &'static str,
    /// Tab of solved and closed requests.
    pub tab_solved: &'static str,
    /// Tab of all the user's requests.
    pub tab_all: &'static str,
    /// Tab of requests the user is copied on.
    pub tab_ccd: &'static str,
    /// Accessible name of the list's tabs.
    pub tickets_filter: &'static str,
    /// Status badge: new.
    pub status_new: &'static str,
    /// Status badge: open.
    pub status_open: &'static str,
    /// Status badge: pending (the agent waits for the user).
    pub status_pending: &'static str,
    /// Status badge: on hold.
    pub status_hold: &'static str,
    /// Status badge: solved.
    pub status_solved: &'static str,
    /// Status badge: closed.
    pub status_closed: &'static str,
    /// Label of the request search box.
    pub search_requests: &'static str,
    /// Search button.
    pub search: &'static str,
    /// Button that leaves search results.
    pub clear_search: &'static str,
    /// No requests in this tab.
    pub tickets_empty: &'static str,
    /// A search found nothing.
    pub tickets_no_results: &'static str,
    /// Loads the next page of requests.
    pub load_more: &'static str,
    /// Listing failed opaquely: usually an unverified email.
    pub tickets_unverified: &'static str,
    /// Offline while loading.
    pub tickets_offline: &'static str,
    /// Loading failed for another reason.
    pub tickets_failed: &'static str,
    /// A request that is gone or someone else's.
    pub request_not_found: &'static str,
    /// Screen-reader text of the unread dot.
    pub updated_marker: &'static str,
    /// A request's number; {id}.
    pub request_number: &'static str,
    /// Last activity of a request; {time} is relative ("3 hours ago").
    pub last_activity: &'static str,
    /// Anonymous list: what it is and that sign-in shows replies.
    pub anonymous_note: &'static str,
    /// Anonymous list with nothing sent from this device.
    pub anonymous_empty: &'static str,
    /// Back button of the conversation.
    pub back_to_list: &'static str,
    /// Marker next to an agent's name.
    pub agent_marker: &'static str,
    /// Loads older comments.
    pub show_older: &'static str,
    /// Accessible name of the comment list.
    pub conversation: &'static str,
    /// Reply box label.
    pub reply: &'static str,
    /// Sends the reply.
    pub send_reply: &'static str,
    /// A reply to a solved request reopens it.
    pub reply_reopens: &'static str,
    /// Announced when a reply was sent.
    pub reply_sent: &'static str,
    /// A reply that is in the thread twice (the browser re-sent it by itself).
    pub reply_twice: &'static str,
    /// A reply whose outcome is unknown.
    pub reply_maybe_sent: &'static str,
    /// After checking: the reply is in the conversation.
    pub reply_arrived: &'static str,
    /// After checking: the reply is not there.
    pub reply_missing: &'static str,
    /// Marks the request solved.
    pub mark_solved: &'static str,
    /// Confirmation before solving.
    pub confirm_solve: &'static str,
    /// Confirms solving.
    pub confirm_solve_yes: &'static str,
    /// Cancels a confirmation.
    pub cancel: &'static str,
    /// Zendesk ignored the solve.
    pub solve_refused: &'static str,
    /// Announced after solving.
    pub solved_done: &'static str,
    /// A closed request takes no replies.
    pub closed_note: &'static str,
    /// Opens the contact form as a follow-up.
    pub create_followup: &'static str,
    /// Heading of the people copied on a request.
    pub ccs: &'static str,
    /// Zendesk couldn't be reached: an opaque failure after listing worked before (a rate limit or the network).
    pub tickets_unreachable: &'static str,
    /// Over data saved on the device when Zendesk can't be reached; `{when}` is a relative time.
    pub saved_copy: &'static str,
    /// Button revealing the CC box on a reply.
    pub cc_add: &'static str,
    /// Label of the CC box.
    pub cc_label: &'static str,
    /// Help under the CC box.
    pub cc_hint: &'static str,
    /// A CC address that isn't one; `{address}` is what was typed.
    pub cc_invalid: &'static str,
    /// After a request or reply with CCs that Zendesk didn't apply (beside the sent request
    /// or reply, so it needn't say that it was sent).
    pub cc_not_added: &'static str,
    /// Satisfaction question.
    pub rate_title: &'static str,
    /// Good rating.
    pub rate_good: &'static str,
    /// Bad rating.
    pub rate_bad: &'static str,
    /// Optional rating comment.
    pub rate_comment: &'static str,
    /// Sends the rating.
    pub rate_send: &'static str,
    /// After rating.
    pub rate_thanks: &'static str,
    /// Shown instead of the rating when the account refuses it (e.g. on the newer CSAT).
    pub rate_unavailable: &'static str,
    /// Announced when polling finds new comments.
    pub new_comments: &'static str,
    /// Accessible name of an attachment link; {name} {size}.
    pub open_attachment: &'static str,
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

/// Fills `{name}` placeholders in a message.
///
/// ```
/// use support_widget::i18n::fill;
///
/// assert_eq!(fill("Request #{id} sent", &[("id", "42")]), "Request #42 sent");
/// ```
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
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
        let tags: Vec<&str> = LANGUAGES.iter().map(|m| m.tag).collect();
        let listed = format!("const LANGUAGES = ['{}'];", tags.join("', '"));
        assert_eq!(line, listed);
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
}
