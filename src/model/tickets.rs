//! "My tickets" as data: which list a tab shows, how a status is labelled and coloured, when a
//! request counts as updated since the user last looked, how a thread merges newly fetched
//! comments, how often a conversation polls, and which media URLs may be shown. No DOM here;
//! the screens in `ui::tickets` and `ui::conversation` render what this decides.

use crate::api::client::{RequestFilter, RequestSearch};
use crate::api::error::ApiError;
use crate::api::models::{Comment, RequestStatus};
use crate::i18n::Messages;
use crate::model::text::looks_like_email;

/// The list tabs, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Not yet solved (new, open, pending, on hold).
    #[default]
    Open,
    /// Solved or closed.
    Solved,
    /// Everything the user asked.
    All,
    /// Requests of others the user is copied on.
    Ccd,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 4] = [Tab::Open, Tab::Solved, Tab::All, Tab::Ccd];

    /// The listing endpoint behind the tab.
    pub fn filter(self) -> RequestFilter {
        match self {
            Tab::Open => RequestFilter::Open,
            Tab::Solved => RequestFilter::Solved,
            Tab::All => RequestFilter::All,
            Tab::Ccd => RequestFilter::Ccd,
        }
    }

    /// A search within the tab: searching keeps the tab's meaning, so "Solved" + "printer"
    /// finds solved printer requests.
    pub fn search(self, query: &str) -> RequestSearch {
        let statuses = match self {
            Tab::Open => vec!["new", "open", "pending", "hold"],
            Tab::Solved => vec!["solved", "closed"],
            Tab::All | Tab::Ccd => Vec::new(),
        };
        RequestSearch {
            query: query.trim().to_owned(),
            statuses: statuses.into_iter().map(str::to_owned).collect(),
            organization_id: None,
            cc_only: self == Tab::Ccd,
        }
    }

    /// The tab's label.
    pub fn label(self, t: &Messages) -> &'static str {
        match self {
            Tab::Open => t.tab_open,
            Tab::Solved => t.tab_solved,
            Tab::All => t.tab_all,
            Tab::Ccd => t.tab_ccd,
        }
    }

    /// A stable name for ids and test hooks.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Open => "open",
            Tab::Solved => "solved",
            Tab::All => "all",
            Tab::Ccd => "ccd",
        }
    }
}

/// A status badge: its label and the class that colours it. The colour is never the only
/// signal: the label always says the status in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    /// The label, in the widget's language.
    pub label: &'static str,
    /// `sw-badge sw-badge-{status}`.
    pub class: &'static str,
}

/// The badge of a status. "Pending" is what the user must act on, so it reads "Awaiting your
/// reply" rather than Zendesk's internal word.
pub fn badge(status: RequestStatus, t: &Messages) -> Badge {
    let (label, class) = match status {
        RequestStatus::New => (t.status_new, "sw-badge sw-badge-new"),
        RequestStatus::Open => (t.status_open, "sw-badge sw-badge-open"),
        RequestStatus::Pending => (t.status_pending, "sw-badge sw-badge-pending"),
        RequestStatus::Hold => (t.status_hold, "sw-badge sw-badge-hold"),
        RequestStatus::Solved => (t.status_solved, "sw-badge sw-badge-solved"),
        RequestStatus::Closed => (t.status_closed, "sw-badge sw-badge-closed"),
        RequestStatus::Other => (t.status_open, "sw-badge sw-badge-open"),
    };
    Badge { label, class }
}

/// Seconds since the Unix epoch of an ISO-8601 time as Zendesk writes it
/// (`2026-11-23T10:15:00Z`, optionally with fractions or a `±hh:mm` offset). `None` when it
/// doesn't parse: such a time never marks anything unread.
pub fn iso_seconds(iso: &str) -> Option<i64> {
    let iso = iso.trim();
    let (date, time) = iso.split_once(['T', 't', ' '])?;
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Split off the zone: `Z`, `+hh:mm` or `-hh:mm`.
    let (clock, offset) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let (clock, zone) = time.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = zone[1..].split_once(':').unwrap_or((&zone[1..], "0"));
        let hours: i64 = hours.parse().ok()?;
        let minutes: i64 = minutes.parse().ok()?;
        (clock, sign * (hours * 3600 + minutes * 60))
    } else {
        (time, 0)
    };
    let clock = clock.split('.').next()?;
    let mut hms = clock.splitn(3, ':');
    let hour: i64 = hms.next()?.parse().ok()?;
    let minute: i64 = hms.next()?.parse().ok()?;
    let second: i64 = hms.next().unwrap_or("0").parse().ok()?;
    // Days from civil (Howard Hinnant's algorithm): exact for the proleptic Gregorian calendar.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// The later of two ISO-8601 times (either may be absent or unreadable).
pub fn later(a: Option<&str>, b: Option<&str>) -> Option<String> {
    match (a.and_then(iso_seconds), b.and_then(iso_seconds)) {
        (Some(x), Some(y)) if y > x => b.map(str::to_owned),
        (Some(_), _) => a.map(str::to_owned),
        (None, Some(_)) => b.map(str::to_owned),
        (None, None) => None,
    }
}

/// Whether a request shows the "updated" dot.
///
/// `last_seen` is the request's `updated_at` (Zendesk's time) when the user last opened it. A
/// request never opened on this device is compared with `horizon`, when this device first
/// showed the list, so the first visit doesn't light up every old request.
pub fn is_unread(updated_at: Option<&str>, last_seen: Option<&str>, horizon: Option<&str>) -> bool {
    let Some(updated) = updated_at.and_then(iso_seconds) else {
        return false;
    };
    match last_seen.or(horizon).and_then(iso_seconds) {
        Some(seen) => updated > seen,
        None => false,
    }
}

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
    // Ids are unique in the thread, so the order is total and an unstable sort (less code
    // than the stable one) gives the same result.
    let key = |c: &Comment| (c.created_at.as_deref().and_then(iso_seconds), c.id);
    thread.sort_unstable_by_key(key);
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
    /// The conversation's schedule: 10 s, 20 s, 40 s … at most 5 minutes.
    pub fn conversation() -> Backoff {
        Backoff::new(10_000, 300_000)
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

/// What went wrong loading a list or a conversation, as the user needs it told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProblem {
    /// An opaque failure on a user's first listing: most often an unverified email
    /// (Zendesk's 403 is invisible to a web page), sometimes a rate limit.
    Unverified,
    /// An opaque failure where the user has read requests before (so their email is
    /// verified): a rate limit (429, as invisible as a 403) or the network.
    Unreachable,
    /// The host's token was refused even after asking again: sign in again.
    SignedOut,
    /// The browser is offline.
    Offline,
    /// Not there, or not the user's.
    NotFound,
    /// Anything else: try again.
    Other,
}

impl LoadProblem {
    /// Classifies an error from a read, knowing whether the user has read their requests
    /// before (this session or, per a saved read, on this device): an opaque failure can
    /// then no longer mean an unverified email.
    pub fn of_read(error: &ApiError, read_before: bool) -> LoadProblem {
        match LoadProblem::of(error) {
            LoadProblem::Unverified if read_before => LoadProblem::Unreachable,
            problem => problem,
        }
    }

    /// Classifies an error from a user's first read.
    pub fn of(error: &ApiError) -> LoadProblem {
        match error {
            ApiError::OpaqueNetwork | ApiError::Forbidden => LoadProblem::Unverified,
            ApiError::SignedOut | ApiError::Unauthorized | ApiError::TokenUnavailable { .. } => {
                LoadProblem::SignedOut
            }
            ApiError::Offline => LoadProblem::Offline,
            ApiError::NotFound => LoadProblem::NotFound,
            _ => LoadProblem::Other,
        }
    }

    /// What to tell the user, including what to do.
    pub fn text(self, t: &Messages) -> &'static str {
        match self {
            LoadProblem::Unverified => t.tickets_unverified,
            LoadProblem::Unreachable => t.tickets_unreachable,
            LoadProblem::SignedOut => t.error_signed_out,
            LoadProblem::Offline => t.tickets_offline,
            LoadProblem::NotFound => t.request_not_found,
            LoadProblem::Other => t.tickets_failed,
        }
    }

    /// The stable code of the `support-widget:error` event the host should act on, if any.
    pub fn event_code(self) -> Option<&'static str> {
        match self {
            LoadProblem::SignedOut => Some("signed_out"),
            LoadProblem::Unverified => Some("unverified_email"),
            _ => None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    use crate::i18n::negotiate;

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
    fn tabs_map_to_endpoints_and_searches() {
        assert_eq!(Tab::Open.filter(), RequestFilter::Open);
        assert_eq!(Tab::Solved.filter(), RequestFilter::Solved);
        assert_eq!(Tab::All.filter(), RequestFilter::All);
        assert_eq!(Tab::Ccd.filter(), RequestFilter::Ccd);
        let open = Tab::Open.search("  printer jam ");
        assert_eq!(open.query, "printer jam");
        assert_eq!(open.statuses, ["new", "open", "pending", "hold"]);
        assert!(!open.cc_only);
        assert_eq!(Tab::Solved.search("x").statuses, ["solved", "closed"]);
        assert!(Tab::All.search("x").statuses.is_empty());
        let ccd = Tab::Ccd.search("x");
        assert!(ccd.cc_only && ccd.statuses.is_empty());
        let slugs: Vec<_> = Tab::ALL.iter().map(|t| t.slug()).collect();
        assert_eq!(slugs, ["open", "solved", "all", "ccd"]);
    }

    #[test]
    fn every_status_has_a_label_and_its_own_colour() {
        let t = negotiate(["en"]);
        let statuses = [
            RequestStatus::New,
            RequestStatus::Open,
            RequestStatus::Pending,
            RequestStatus::Hold,
            RequestStatus::Solved,
            RequestStatus::Closed,
        ];
        let badges: Vec<Badge> = statuses.iter().map(|s| badge(*s, t)).collect();
        let labels: Vec<_> = badges.iter().map(|b| b.label).collect();
        assert_eq!(
            labels,
            [
                "New",
                "Open",
                "Awaiting your reply",
                "On hold",
                "Solved",
                "Closed"
            ]
        );
        let mut classes: Vec<_> = badges.iter().map(|b| b.class).collect();
        classes.dedup();
        assert_eq!(classes.len(), 6);
        assert_eq!(badge(RequestStatus::Other, t).label, "Open");
        for language in crate::i18n::LANGUAGES {
            for status in statuses {
                assert!(
                    !badge(status, language).label.is_empty(),
                    "{}",
                    language.tag
                );
            }
        }
    }

    #[test]
    fn iso_times_parse_with_zones_and_fractions() {
        assert_eq!(iso_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(iso_seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(iso_seconds("2026-11-23T10:15:00Z"), Some(1_795_428_900));
        assert_eq!(
            iso_seconds("2026-11-23T10:15:00.123Z"),
            iso_seconds("2026-11-23T10:15:00Z")
        );
        assert_eq!(
            iso_seconds("2026-11-23T11:15:00+01:00"),
            iso_seconds("2026-11-23T10:15:00Z")
        );
        assert_eq!(
            iso_seconds("2026-11-23T05:15:00-05:00"),
            iso_seconds("2026-11-23T10:15:00Z")
        );
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-23",
            "2026-11-23Tab:cd",
        ] {
            assert_eq!(iso_seconds(bad), None, "{bad}");
        }
        assert_eq!(
            later(Some("2026-01-01T00:00:00Z"), Some("2026-01-02T00:00:00Z")).as_deref(),
            Some("2026-01-02T00:00:00Z")
        );
        assert_eq!(
            later(Some("2026-01-03T00:00:00Z"), Some("junk")).as_deref(),
            Some("2026-01-03T00:00:00Z")
        );
        assert_eq!(later(None, None), None);
    }

    #[test]
    fn the_dot_shows_updates_since_last_seen_or_since_the_first_visit() {
        let old = Some("2026-10-01T10:00:00Z");
        let new = Some("2026-11-20T10:00:00Z");
        // Opened after the last update: read.
        assert!(!is_unread(old, new, None));
        // Updated after it was opened: unread, whatever the horizon says.
        assert!(is_unread(new, old, Some("2026-12-01T00:00:00Z")));
        // Never opened: compared with the first list this device showed.
        assert!(!is_unread(old, None, new));
        assert!(is_unread(new, None, old));
        // Nothing to compare with, or no readable time: no dot.
        assert!(!is_unread(new, None, None));
        assert!(!is_unread(None, old, old));
        assert!(!is_unread(Some("junk"), old, old));
        // Same second: read.
        assert!(!is_unread(new, new, None));
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
            [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]
        );
        backoff.reset();
        assert_eq!(backoff.delay_ms(), 10_000);
        let mut long = Backoff::new(1, 10);
        for _ in 0..100 {
            long.quiet();
        }
        assert_eq!(long.delay_ms(), 10);
    }

    #[test]
    fn load_problems_say_what_to_do_and_which_event_to_fire() {
        assert_eq!(
            LoadProblem::of(&ApiError::OpaqueNetwork),
            LoadProblem::Unverified
        );
        assert_eq!(
            LoadProblem::of(&ApiError::SignedOut),
            LoadProblem::SignedOut
        );
        assert_eq!(LoadProblem::of(&ApiError::Offline), LoadProblem::Offline);
        assert_eq!(LoadProblem::of(&ApiError::NotFound), LoadProblem::NotFound);
        assert_eq!(
            LoadProblem::of(&ApiError::Server { status: 500 }),
            LoadProblem::Other
        );
        assert_eq!(LoadProblem::SignedOut.event_code(), Some("signed_out"));
        assert_eq!(
            LoadProblem::Unverified.event_code(),
            Some("unverified_email")
        );
        assert_eq!(LoadProblem::Offline.event_code(), None);
        let t = negotiate(["en"]);
        assert!(LoadProblem::Unverified
            .text(t)
            .contains("confirm your email"));
    }

    #[test]
    fn an_opaque_failure_after_reading_before_is_not_an_unverified_email() {
        let opaque = ApiError::OpaqueNetwork;
        assert_eq!(
            LoadProblem::of_read(&opaque, false),
            LoadProblem::Unverified
        );
        assert_eq!(
            LoadProblem::of_read(&opaque, true),
            LoadProblem::Unreachable
        );
        assert_eq!(
            LoadProblem::Unreachable.event_code(),
            None,
            "nothing for the host to fix"
        );
        assert_eq!(
            LoadProblem::of_read(&ApiError::SignedOut, true),
            LoadProblem::SignedOut
        );
        assert!(LoadProblem::Unreachable
            .text(negotiate(["en"]))
            .contains("too many requests"));
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
}
