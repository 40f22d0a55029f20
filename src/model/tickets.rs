//! "My tickets" as data: which list a tab shows, how a status is labelled and coloured, when a
//! request counts as updated since the user last looked, and what a failed read tells the
//! user. No DOM here; the screen in `ui::tickets` renders what this decides (one request's
//! conversation is `model::conversation`).

use crate::api::client::{RequestFilter, RequestSearch};
use crate::api::error::ApiError;
use crate::api::models::RequestStatus;
use crate::i18n::Messages;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::negotiate;

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
}
