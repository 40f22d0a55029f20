//! One request's conversation as data: how a thread merges newly fetched comments, how
//! often it polls, which media URLs may be shown, how attachments and avatars are labelled,
//! and the CC list a reply may carry. No DOM here; `ui::conversation` renders what this
//! decides.

use crate::api::models::{Comment, Request};
use crate::model::order::{signed_rank, sort_by_rank};
use crate::model::text::looks_like_email;
use crate::model::tickets::{iso_seconds, later};

/// Adds `fetched` comments to `thread` (oldest first), skipping ones already there: polling
/// with `since` returns the comment at that second again, and an older page may overlap.
/// Returns how many were new.
pub fn merge_comments(thread: &mut Vec<Comment>, fetched: Vec<Comment>) -> usize {
    let before = thread.len();
    for comment in fetched {
        if !thread.iter().any(|c| c.id == comment.id) {
            thread.push(comment);
        }
    }
    // Oldest first, comments without a readable time before the rest (as Zendesk lists them);
    // ids are unique in the thread, so the order is total.
    sort_by_rank(thread, |c| {
        let seconds = c.created_at.as_deref().and_then(iso_seconds);
        [
            u64::from(seconds.is_some()),
            seconds.map_or(0, signed_rank),
            c.id,
        ]
    });
    thread.len() - before
}

/// The newest `created_at` of a thread: the `since` of the next poll.
pub fn newest_time(thread: &[Comment]) -> Option<String> {
    thread
        .iter()
        .filter_map(|c| c.created_at.as_deref())
        .fold(None, |newest, at| later(newest.as_deref(), Some(at)))
}

/// Polling delays: start at `base_ms`, double after each poll that found nothing or failed,
/// never above `cap_ms`; activity (a new comment, the user replying) starts over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    base_ms: u32,
    cap_ms: u32,
    quiet_polls: u32,
}

impl Backoff {
    /// The conversation's schedule: 30 s, 1 min, 2 min, 4 min, then every 5 minutes. Each poll
    /// is one call on the account's shared per-minute limit; this keeps an open thread to 4
    /// calls in its first 10 minutes (docs/api-budget.md), and a reply, a new comment or the
    /// page coming back into view starts it over.
    pub fn conversation() -> Backoff {
        Backoff::new(30_000, 300_000)
    }

    /// A schedule from `base_ms` doubling up to `cap_ms`.
    pub fn new(base_ms: u32, cap_ms: u32) -> Backoff {
        Backoff {
            base_ms,
            cap_ms: cap_ms.max(base_ms),
            quiet_polls: 0,
        }
    }

    /// The delay before the next poll.
    pub fn delay_ms(&self) -> u32 {
        let factor = 1u64 << self.quiet_polls.min(20);
        (u64::from(self.base_ms) * factor).min(u64::from(self.cap_ms)) as u32
    }

    /// A poll found nothing new, or failed: wait longer next time.
    pub fn quiet(&mut self) {
        self.quiet_polls = self.quiet_polls.saturating_add(1);
    }

    /// Something happened: poll soon again.
    pub fn reset(&mut self) {
        self.quiet_polls = 0;
    }
}

/// Up to two initials of a name, for an avatar without a photo ("Ada Lovelace" → "AL").
pub fn initials(name: &str) -> String {
    let letters: Vec<char> = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .collect();
    let picked = match letters.as_slice() {
        [] => return "?".to_owned(),
        [only] => vec![*only],
        [first, .., last] => vec![*first, *last],
    };
    picked.into_iter().flat_map(char::to_uppercase).collect()
}

/// Whether a photo, thumbnail or attachment URL may be loaded into the page: https anywhere,
/// plain http only on the loopback host (the local simulator). Anything else (`javascript:`,
/// `data:`, relative paths, http on the open internet) is shown as a plain name instead.
pub fn media_url_allowed(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    if let Some(rest) = lower.strip_prefix("https://") {
        return !rest.is_empty() && !rest.starts_with('/');
    }
    let Some(rest) = lower.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// Whether an attachment is an image worth a thumbnail.
pub fn is_image(content_type: Option<&str>, file_name: Option<&str>) -> bool {
    if content_type.is_some_and(|t| t.to_ascii_lowercase().starts_with("image/")) {
        return true;
    }
    let name = file_name.unwrap_or_default().to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A short type label for an attachment's icon ("PDF", "PNG", "ZIP"), from its name.
pub fn file_kind(file_name: &str) -> String {
    match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && (1..=4).contains(&ext.len()) => {
            ext.to_ascii_uppercase()
        }
        _ => "FILE".to_owned(),
    }
}

/// The addresses typed into a reply's CC box: separated by commas, semicolons, spaces or
/// new lines; repeats (in any letter case) once; the first that isn't an email address is
/// the error, so the user sees which one to fix.
///
/// ```
/// use support_widget::model::conversation::parse_cc_list;
///
/// assert_eq!(
///     parse_cc_list("lin@example.com; Lin@example.com bob@example.com"),
///     Ok(vec!["lin@example.com".to_string(), "bob@example.com".to_string()])
/// );
/// assert_eq!(parse_cc_list("lin@example.com, bob"), Err("bob".to_string()));
/// ```
pub fn parse_cc_list(typed: &str) -> Result<Vec<String>, String> {
    let mut addresses: Vec<String> = Vec::new();
    for address in typed
        .split([',', ';', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        if !looks_like_email(address) {
            return Err(address.to_owned());
        }
        if !addresses.iter().any(|a| a.eq_ignore_ascii_case(address)) {
            addresses.push(address.to_owned());
        }
    }
    Ok(addresses)
}

/// Who is copied on a request, in a fixed order, to see whether an update added anyone.
pub fn copied(request: &Request) -> Vec<u64> {
    let mut ids: Vec<u64> = request
        .email_cc_ids
        .iter()
        .chain(&request.collaborator_ids)
        .copied()
        .collect();
    sort_by_rank(&mut ids, |&id| [id, 0, 0]);
    ids.dedup();
    ids
}

/// After a reply whose outcome is unknown and a fresh read of the thread: whether the reply
/// is there (see [`reply_copies`]).
pub fn reply_arrived(thread: &[Comment], since: &str, text: &str) -> bool {
    reply_copies(thread, since, text) > 0
}

/// How many times a reply is in the thread after a fresh read: more than once when the
/// browser re-sent it by itself (see troubleshooting). Only comments written since the send
/// started (`since`, minus clock skew) with the same text count: an earlier "Thanks!" is not
/// this one. The newest 20 are looked at.
pub fn reply_copies(thread: &[Comment], since: &str, text: &str) -> usize {
    let wanted = text.trim();
    thread
        .iter()
        .rev()
        .take(20)
        .filter(|c| {
            c.created_at.as_deref().is_some_and(|at| at >= since)
                && (c.body.as_deref().map(str::trim) == Some(wanted)
                    || c.plain_body.as_deref().map(str::trim) == Some(wanted))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: u64, at: &str) -> Comment {
        Comment {
            id,
            kind: None,
            request_id: Some(1),
            body: None,
            html_body: None,
            plain_body: Some(format!("#{id}")),
            public: true,
            author_id: None,
            attachments: Vec::new(),
            created_at: Some(at.to_owned()),
            author: None,
        }
    }

    #[test]
    fn cc_lists_split_dedupe_and_name_the_bad_address() {
        assert_eq!(
            parse_cc_list(" a@example.com, b@example.com;A@EXAMPLE.com\nc@example.org "),
            Ok(vec![
                "a@example.com".to_owned(),
                "b@example.com".to_owned(),
                "c@example.org".to_owned()
            ])
        );
        assert_eq!(parse_cc_list("  ,; "), Ok(vec![]));
        assert_eq!(
            parse_cc_list("a@example.com, bob, c@example.com"),
            Err("bob".to_owned())
        );
    }

    #[test]
    fn merging_skips_duplicates_and_keeps_time_order() {
        let mut thread = vec![
            comment(2, "2026-11-01T10:00:00Z"),
            comment(3, "2026-11-01T11:00:00Z"),
        ];
        let fresh = vec![
            comment(3, "2026-11-01T11:00:00Z"),
            comment(4, "2026-11-01T12:00:00Z"),
        ];
        assert_eq!(merge_comments(&mut thread, fresh), 1);
        // An older page lands in front.
        assert_eq!(
            merge_comments(&mut thread, vec![comment(1, "2026-11-01T09:00:00Z")]),
            1
        );
        let ids: Vec<_> = thread.iter().map(|c| c.id).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(
            newest_time(&thread).as_deref(),
            Some("2026-11-01T12:00:00Z")
        );
        assert_eq!(newest_time(&[]), None);
    }

    #[test]
    fn polling_backs_off_to_a_cap_and_starts_over_on_activity() {
        let mut backoff = Backoff::conversation();
        let mut delays = Vec::new();
        for _ in 0..8 {
            delays.push(backoff.delay_ms());
            backoff.quiet();
        }
        assert_eq!(
            delays,
            [30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000, 300_000]
        );
        // Polls at 30 s, 1.5, 3.5 and 7.5 minutes: 4 calls in a thread's first 10 minutes.
        let first_ten_minutes = delays
            .iter()
            .scan(0, |at, delay| {
                *at += delay;
                Some(*at)
            })
            .take_while(|at| *at <= 600_000)
            .count();
        assert_eq!(first_ten_minutes, 4);
        backoff.reset();
        assert_eq!(backoff.delay_ms(), 30_000);
        let mut long = Backoff::new(1, 10);
        for _ in 0..100 {
            long.quiet();
        }
        assert_eq!(long.delay_ms(), 10);
    }

    #[test]
    fn initials_come_from_the_first_and_last_word() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("  grace  brewster murray hopper "), "GH");
        assert_eq!(initials("Priya"), "P");
        assert_eq!(initials("élodie durand"), "ÉD");
        assert_eq!(initials(""), "?");
        assert_eq!(initials("  -- "), "?");
    }

    #[test]
    fn media_loads_only_over_https_or_from_the_local_simulator() {
        for ok in [
            "https://acme.zendesk.com/attachments/token/x/?name=a.png",
            "https://p13.zdusercontent.com/x",
            "http://127.0.0.1:4011/attachments/token/x/?name=a.png",
            "http://localhost:4011/a.png",
            "http://[::1]:4011/a.png",
        ] {
            assert!(media_url_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "http://evil.example/a.png",
            "http://127.0.0.1.evil.example/a.png",
            "http://user@127.0.0.1/a.png",
            "//evil.example/a.png",
            "/relative.png",
            "https:///nohost",
            "https://a b.example/x",
            "",
        ] {
            assert!(!media_url_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn attachments_are_typed_by_type_or_name() {
        assert!(is_image(Some("image/png"), None));
        assert!(is_image(Some("application/octet-stream"), Some("a.JPG")));
        assert!(!is_image(Some("application/pdf"), Some("invoice.pdf")));
        assert_eq!(file_kind("invoice-2026-10.pdf"), "PDF");
        assert_eq!(file_kind("archive.tar.gz"), "GZ");
        assert_eq!(file_kind("README"), "FILE");
        assert_eq!(file_kind(".bashrc"), "FILE");
    }

    #[test]
    fn a_reply_arrived_only_when_written_since_the_send_with_the_same_text() {
        let mut thanks = comment(1, "2026-11-23T10:00:00Z");
        thanks.plain_body = Some("Thanks!".into());
        let mut again = comment(2, "2026-11-23T10:06:00Z");
        again.body = Some("  Thanks!\n".into());
        let since = "2026-11-23T10:05:00Z";
        assert!(
            !reply_arrived(&[thanks.clone()], since, "Thanks!"),
            "an earlier one"
        );
        assert!(reply_arrived(
            &[thanks.clone(), again.clone()],
            since,
            " Thanks! "
        ));
        assert!(
            !reply_arrived(&[thanks, again], since, "Thank you"),
            "another text"
        );
        let older: Vec<Comment> = (10..40)
            .map(|id| comment(id, "2026-11-23T10:07:00Z"))
            .collect();
        let mut buried = vec![comment(3, "2026-11-23T10:06:00Z")];
        buried[0].plain_body = Some("Thanks!".into());
        buried.extend(older);
        assert!(
            !reply_arrived(&buried, since, "Thanks!"),
            "only the newest 20 count"
        );
    }

    #[test]
    fn a_reply_sent_twice_by_the_browser_is_counted_twice() {
        let mut first = comment(1, "2026-11-23T10:06:00Z");
        first.plain_body = Some("Thanks!".into());
        let mut second = comment(2, "2026-11-23T10:06:01Z");
        second.body = Some("Thanks!\n".into());
        let since = "2026-11-23T10:05:00Z";
        let thread = [first.clone(), second];
        assert_eq!(reply_copies(&thread, since, "Thanks!"), 2);
        assert_eq!(reply_copies(&[first], since, "Thanks!"), 1);
        assert_eq!(reply_copies(&thread, "2026-11-23T10:07:00Z", "Thanks!"), 0);
    }

    #[test]
    fn who_is_copied_is_sorted_and_counted_once() {
        let request: Request = serde_json::from_value(serde_json::json!({
            "id": 1, "email_cc_ids": [7, 3], "collaborator_ids": [3, 5]
        }))
        .expect("a request");
        assert_eq!(copied(&request), vec![3, 5, 7]);
    }
}
