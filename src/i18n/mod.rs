//! Interface languages. Each language is one file holding a [`Messages`] value; the compiler
//! makes sure every language has every message. Dates, relative times, numbers, file sizes
//! and plurals come from the browser's `Intl`, not from these tables.
//!
//! Adding a language: copy `en.rs`, translate it, add `#[cfg(not(sw_split))] mod <tag>;`,
//! list it in [`TAGS`] and the full [`LANGUAGES`], and in `LANGUAGES` of `loader/early.js`
//! (docs/architecture.md, "Add a language").
//!
//! The split build (`cfg(sw_split)`, what `cargo xtask dist` ships) carries English only: a
//! visitor needs one language, so each other one is a file of its own
//! ([`Messages::to_file`]), fetched at mount and read with [`Messages::from_file`].

#[cfg(not(sw_split))]
mod ar;
#[cfg(not(sw_split))]
mod de;
mod en;
#[cfg(not(sw_split))]
mod es;
#[cfg(not(sw_split))]
mod fr;
#[cfg(not(sw_split))]
mod he;
#[cfg(not(sw_split))]
mod ja;
#[cfg(not(sw_split))]
mod pt_br;

/// What ends each text in a language file: the ASCII record separator, which no message holds
/// (a test checks).
pub const FILE_SEPARATOR: char = '\u{1e}';

/// A language file that can't be this build's table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageFileError {
    /// It holds more or fewer texts than this build's [`Messages`], or is cut short: another
    /// release's file, or a broken one.
    #[error("the language file doesn't match this build of the widget")]
    WrongLength,
    /// It is another language's file.
    #[error("the language file is another language's")]
    OtherLanguage,
    /// Its direction is neither `1` (right to left) nor empty.
    #[error("the language file's direction is unreadable")]
    BadDirection,
}

/// Declares [`Messages`] from its list of texts, with the positional file form of a table
/// ([`Messages::to_file`], [`Messages::from_file`]) kept in the same order by construction.
macro_rules! messages {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// Every string the widget shows, in one language.
        #[derive(Debug)]
        pub struct Messages {
            /// BCP-47 tag of this table, e.g. `pt-BR`.
            pub tag: &'static str,
            /// Right-to-left script.
            pub rtl: bool,
            $($(#[doc = $doc])* pub $name: &'static str,)*
        }

        impl Messages {
            /// The table as a language file: its tag, `rtl` (`1` or empty) and every text, in
            /// declaration order, each ended by [`FILE_SEPARATOR`]. `cargo xtask dist` writes one
            /// per language the split build doesn't carry.
            #[cfg(any(test, not(target_arch = "wasm32")))]
            pub fn to_file(&self) -> String {
                let rtl = if self.rtl { "1" } else { "" };
                let mut file = String::new();
                for text in [self.tag, rtl, $(self.$name),*] {
                    file.push_str(text);
                    file.push(FILE_SEPARATOR);
                }
                file
            }

            /// The number of texts in a language file: the tag, the direction and each message.
            pub const FILE_TEXTS: usize = 2 $(+ { let _ = stringify!($name); 1 })*;

            /// `tag`'s table read back from [`Messages::to_file`]'s form, kept for the page's
            /// life (a visitor's language, read once). Refused before anything is kept: a
            /// file of another release (another count of texts, no final separator), of
            /// another language, or with a direction other than `1` or empty.
            pub fn from_file(mut file: String, tag: &str) -> Result<&'static Messages, LanguageFileError> {
                if !file.ends_with(FILE_SEPARATOR) || file.matches(FILE_SEPARATOR).count() != Self::FILE_TEXTS {
                    return Err(LanguageFileError::WrongLength);
                }
                file.pop();
                let mut texts = file.split(FILE_SEPARATOR);
                if texts.next() != Some(tag) {
                    return Err(LanguageFileError::OtherLanguage);
                }
                let rtl = match texts.next() {
                    Some("1") => true,
                    Some("") => false,
                    _ => return Err(LanguageFileError::BadDirection),
                };
                let file: &'static str = Box::leak(file.into_boxed_str());
                let mut texts = file.split(FILE_SEPARATOR).skip(2);
                // The count was checked: every `next` below has its text.
                let mut next = || texts.next().unwrap_or_default();
                Ok(Box::leak(Box::new(Messages {
                    tag: &file[..tag.len()],
                    rtl,
                    $($name: next(),)*
                })))
            }
        }
    };
}

messages! {
    /// Launcher button and panel title.
    support,
    /// Close button of the panel.
    close,
    /// Tab with the request form.
    contact_tab,
    /// Tab with the user's requests.
    tickets_tab,
    /// Lead text of the contact screen.
    contact_lead,
    /// Lead text of the tickets screen.
    tickets_lead,
    /// Anonymous requester's name field.
    your_name,
    /// Anonymous requester's email field.
    email,
    /// Subject field.
    subject,
    /// Description field.
    how_can_we_help,
    /// Attachments field.
    attachments,
    /// Button that opens the file picker.
    add_files,
    /// Hint next to the file button.
    drop_files,
    /// Remove button of an attachment; {name} is the file.
    remove_file,
    /// Submit button.
    send,
    /// Submit button while sending.
    sending,
    /// Label of the ticket form picker.
    choose_form,
    /// Empty choice of a drop-down.
    choose_option,
    /// Marker after an optional field's label.
    optional,
    /// A required field is empty.
    problem_missing,
    /// The email is not valid.
    problem_email,
    /// Not a whole number.
    problem_integer,
    /// Not a number.
    problem_decimal,
    /// Not a date.
    problem_date,
    /// Does not match the field's pattern.
    problem_format,
    /// Not one of the options.
    problem_option,
    /// Announced when sending is blocked by field problems.
    problem_summary,
    /// Success heading; {id} is the request number.
    sent_title,
    /// What happens next, anonymous; {email}.
    sent_anonymous,
    /// What happens next, signed in.
    sent_signed_in,
    /// After a success, signed in: Zendesk filed the request twice; {id} the one answered,
    /// {copy} the other.
    copy_found,
    /// Button that adds a note to the copy; {copy}.
    mark_copy,
    /// The note added to the copy (agents read it); {id} the request to keep.
    copy_note,
    /// The note was added; {copy}.
    copy_marked,
    /// Link from success to the request.
    view_request,
    /// Start over after success.
    another_request,
    /// Sending failed in a way that may have reached Zendesk.
    maybe_sent,
    /// Anonymous advice after maybe_sent; {email}.
    maybe_sent_email,
    /// Signed in: checking the newest requests.
    maybe_sent_checking,
    /// Signed in: the request was found; {id}.
    maybe_sent_found,
    /// Signed in: not found among the newest requests.
    maybe_sent_missing,
    /// The check for a maybe-sent request failed.
    maybe_sent_unchecked,
    /// Deliberate resend after maybe_sent.
    send_anyway,
    /// Heading of article suggestions.
    suggestions,
    /// The user's question was answered by an article.
    answered,
    /// Shown after 'answered'.
    glad,
    /// Suffix for links that open a new tab (screen readers).
    opens_new_tab,
    /// Status of an upload in progress.
    uploading,
    /// A file over the size limit; {max} is a size.
    file_too_big,
    /// An empty file.
    file_empty,
    /// A file type Zendesk refuses.
    file_blocked,
    /// An upload failed.
    file_failed,
    /// Restored draft lost expired uploads; {names}.
    uploads_expired,
    /// Offline.
    error_offline,
    /// Opaque network failure (may be 403/429).
    error_network,
    /// Anonymous requests are disabled on the account.
    error_anonymous_off,
    /// Zendesk failed.
    error_server,
    /// The host's sign-in expired.
    error_signed_out,
    /// Anything else.
    error_generic,
    /// Retry a failed load.
    retry,
    /// Something is loading.
    loading,
    /// A saved draft was restored.
    draft_restored,
    /// The contact form is a follow-up to a closed request; `{id}`.
    followup_note,
    /// Tab of unsolved requests.
    tab_open,
    /// Tab of solved and closed requests.
    tab_solved,
    /// Tab of all the user's requests.
    tab_all,
    /// Tab of requests the user is copied on.
    tab_ccd,
    /// Accessible name of the list's tabs.
    tickets_filter,
    /// Status badge: new.
    status_new,
    /// Status badge: open.
    status_open,
    /// Status badge: pending (the agent waits for the user).
    status_pending,
    /// Status badge: on hold.
    status_hold,
    /// Status badge: solved.
    status_solved,
    /// Status badge: closed.
    status_closed,
    /// Label of the request search box.
    search_requests,
    /// Search button.
    search,
    /// Button that leaves search results.
    clear_search,
    /// No requests in this tab.
    tickets_empty,
    /// A search found nothing.
    tickets_no_results,
    /// Loads the next page of requests.
    load_more,
    /// Listing failed opaquely: usually an unverified email.
    tickets_unverified,
    /// Offline while loading.
    tickets_offline,
    /// Loading failed for another reason.
    tickets_failed,
    /// A request that is gone or someone else's.
    request_not_found,
    /// Screen-reader text of the unread dot.
    updated_marker,
    /// A request's number; {id}.
    request_number,
    /// Last activity of a request; {time} is relative ("3 hours ago").
    last_activity,
    /// Anonymous list: what it is and that sign-in shows replies.
    anonymous_note,
    /// Anonymous list with nothing sent from this device.
    anonymous_empty,
    /// Back button of the conversation.
    back_to_list,
    /// Marker next to an agent's name.
    agent_marker,
    /// Loads older comments.
    show_older,
    /// Accessible name of the comment list.
    conversation,
    /// Reply box label.
    reply,
    /// Sends the reply.
    send_reply,
    /// A reply to a solved request reopens it.
    reply_reopens,
    /// Announced when a reply was sent.
    reply_sent,
    /// A reply that is in the thread twice (the browser re-sent it by itself).
    reply_twice,
    /// A reply whose outcome is unknown.
    reply_maybe_sent,
    /// After checking: the reply is in the conversation.
    reply_arrived,
    /// After checking: the reply is not there.
    reply_missing,
    /// Marks the request solved.
    mark_solved,
    /// Confirmation before solving.
    confirm_solve,
    /// Confirms solving.
    confirm_solve_yes,
    /// Cancels a confirmation.
    cancel,
    /// Zendesk ignored the solve.
    solve_refused,
    /// Announced after solving.
    solved_done,
    /// A closed request takes no replies.
    closed_note,
    /// Opens the contact form as a follow-up.
    create_followup,
    /// Heading of the people copied on a request.
    ccs,
    /// Zendesk couldn't be reached: an opaque failure after listing worked before (a rate limit or the network).
    tickets_unreachable,
    /// Over data saved on the device when Zendesk can't be reached; `{when}` is a relative time.
    saved_copy,
    /// Button revealing the CC box on a reply.
    cc_add,
    /// Label of the CC box.
    cc_label,
    /// Help under the CC box.
    cc_hint,
    /// A CC address that isn't one; `{address}` is what was typed.
    cc_invalid,
    /// After a request or reply with CCs that Zendesk didn't apply (beside the sent request
    /// or reply, so it needn't say that it was sent).
    cc_not_added,
    /// Satisfaction question.
    rate_title,
    /// Good rating.
    rate_good,
    /// Bad rating.
    rate_bad,
    /// Optional rating comment.
    rate_comment,
    /// Sends the rating.
    rate_send,
    /// After rating.
    rate_thanks,
    /// Shown instead of the rating when the account refuses it (e.g. on the newer CSAT).
    rate_unavailable,
    /// Announced when polling finds new comments.
    new_comments,
    /// Accessible name of an attachment link; {name} {size}.
    open_attachment,
}

/// The languages shipped, English first (the fallback), by BCP-47 tag.
pub const TAGS: [&str; 8] = ["en", "de", "fr", "es", "pt-BR", "ja", "ar", "he"];

/// The tables this build carries, in [`TAGS`] order: English alone in the split build.
#[cfg(sw_split)]
pub const LANGUAGES: &[&Messages] = &[&en::MESSAGES];

/// The tables this build carries, in [`TAGS`] order: every one outside the split build.
#[cfg(not(sw_split))]
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
/// primary language (`pt-PT` → `pt-BR`, `de-AT` → `de`), else English. One of [`TAGS`].
///
/// ```
/// use support_widget::i18n::negotiate_tag;
///
/// assert_eq!(negotiate_tag(["de-AT", "fr"]), "de");
/// assert_eq!(negotiate_tag(["tlh"]), "en");
/// ```
pub fn negotiate_tag<'a>(preferred: impl IntoIterator<Item = &'a str>) -> &'static str {
    for wanted in preferred {
        let wanted = wanted.trim().replace('_', "-");
        if let Some(exact) = TAGS.iter().find(|tag| tag.eq_ignore_ascii_case(&wanted)) {
            return exact;
        }
        let primary = wanted.split('-').next().unwrap_or_default();
        if let Some(same) = TAGS.iter().find(|tag| {
            tag.split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        }) {
            return same;
        }
    }
    TAGS[0]
}

/// The table for `tag` when this build carries it (always for English).
pub fn built_in(tag: &str) -> Option<&'static Messages> {
    LANGUAGES.iter().copied().find(|m| m.tag == tag)
}

/// The table [`negotiate_tag`] picks, when this build carries it, else English.
pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> &'static Messages {
    built_in(negotiate_tag(preferred)).unwrap_or(LANGUAGES[0])
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
mod tests;
