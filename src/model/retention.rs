//! How long what the widget keeps on the device may stay there, and which stored entries are
//! past it. Every key the widget writes starts with [`KEY_PREFIX`]; after it come the storage
//! version, the Zendesk origin, the identity scope (`anonymous`, `user`) and what the entry is
//! (see [`super::draft::storage_key`]). Each kind has its own rule:
//!
//! | what | key ends in | gone when |
//! |---|---|---|
//! | drafts | `draft:contact`, `draft:reply:{id}` | sent, or [`Retention::drafts_days`] after the last edit |
//! | receipts | `receipts` | each [`Retention::receipts_days`] after the request was sent |
//! | saved reads | `read:{path}`, `reads` | each [`Retention::saved_reads_days`] after it was read |
//! | last-seen marks | `seen:{id}`, `seen:horizon` | [`Retention::last_seen_days`] after the time they record |
//! | the owner mark | `owner` | when nothing else of that identity is left |
//!
//! Pure: the embedder lists the keys, reads the values and applies the verdicts.

use super::draft::{Draft, Receipts};
use super::tickets::iso_seconds;

/// What every key the widget stores starts with: a host's "delete my data" flow may remove
/// every key with it, which is what the `forget` command does.
pub const KEY_PREFIX: &str = "support-widget:";

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Days each kind of entry is kept (configurable by the host: the `retention` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Drafts not sent: days after their last edit.
    pub drafts_days: u32,
    /// Anonymous receipts: days after the request was sent.
    pub receipts_days: u32,
    /// Saved copies of the user's reads (offline reading): days after they were read.
    pub saved_reads_days: u32,
    /// When each request was last seen on this device: days after the time they record.
    pub last_seen_days: u32,
}

impl Default for Retention {
    /// A week for drafts and saved reads (after that a draft is stale and a saved copy too old
    /// to act on), a month for receipts (what a visitor needs to find a recent request again),
    /// three months for last-seen marks (an unread dot on an older request is noise).
    fn default() -> Retention {
        Retention {
            drafts_days: 7,
            receipts_days: 30,
            saved_reads_days: 7,
            last_seen_days: 90,
        }
    }
}

/// What to do with one stored entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Still within its time.
    Keep,
    /// Past its time, unreadable, or from an older storage version: remove it.
    Remove,
    /// Partly past its time (some receipts), or written in an older shape: store this instead.
    Rewrite(String),
}

impl Retention {
    /// The verdict on the entry `what` (the key after the identity scope) holding `value`, at
    /// `now_ms` (ms since the Unix epoch). Kinds the widget doesn't write are kept: a newer
    /// version of the widget on the same site may have written them.
    pub fn judge(&self, what: &str, value: &str, now_ms: u64) -> Verdict {
        let within = |at_ms: Option<u64>, days: u32| {
            at_ms.is_some_and(|at| now_ms.saturating_sub(at) <= u64::from(days) * DAY_MS)
        };
        if what.starts_with("draft:") {
            return match Draft::from_stored(value) {
                Some(draft) if within(iso_ms(&draft.saved_at), self.drafts_days) => Verdict::Keep,
                // A draft from before drafts recorded when they were saved: it starts its
                // time now, rather than being lost on upgrade.
                Some(mut draft) if draft.saved_at.is_empty() => {
                    draft.saved_at = iso_from_ms(now_ms);
                    match draft.to_stored() {
                        Ok(text) => Verdict::Rewrite(text),
                        Err(_) => Verdict::Keep,
                    }
                }
                _ => Verdict::Remove,
            };
        }
        if what == "receipts" {
            let mut receipts = Receipts::from_stored(value);
            receipts
                .0
                .retain(|r| within(iso_ms(&r.created_at), self.receipts_days));
            return match receipts.to_stored() {
                _ if receipts.0.is_empty() => Verdict::Remove,
                Ok(same) if same == value => Verdict::Keep,
                // Expired receipts dropped, or an older shape (receipts used to keep the email
                // address) written again without it.
                Ok(changed) => Verdict::Rewrite(changed),
                // Only an id beyond 2^53 can't be written: kept as it is.
                Err(_) => Verdict::Keep,
            };
        }
        if what.starts_with("read:") {
            let saved_at = value.split_once('\n').and_then(|(at, _)| at.parse().ok());
            return keep_if(within(saved_at, self.saved_reads_days));
        }
        if what.starts_with("seen:") {
            return keep_if(within(iso_ms(value), self.last_seen_days));
        }
        Verdict::Keep
    }

    /// The host's `retention` option: `{drafts, receipts, savedReads, lastSeen}` in whole days
    /// (numbers, or digits as text from an attribute: the whole object may be JSON text too);
    /// a kind left out keeps its default. The error names what is wrong, for the console.
    pub fn from_option(value: &serde_json::Value) -> Result<Retention, String> {
        use serde_json::Value;
        let parsed;
        let value = match value {
            Value::String(json) => {
                parsed = crate::api::json::parse(json)
                    .map_err(|_| "it must be an object (in an attribute: JSON text)".to_owned())?;
                &parsed
            }
            value => value,
        };
        let Value::Object(days) = value else {
            return Err("it must be an object such as {\"receipts\": 30}".into());
        };
        let mut rule = Retention::default();
        for (key, days) in days {
            // Not given (`undefined` in a host's object arrives as null): the default stays.
            if days.is_null() {
                continue;
            }
            let slot = match key.as_str() {
                "drafts" => &mut rule.drafts_days,
                "receipts" => &mut rule.receipts_days,
                "savedReads" => &mut rule.saved_reads_days,
                "lastSeen" => &mut rule.last_seen_days,
                other => {
                    return Err(format!(
                        "unknown kind `{other}` (drafts, receipts, savedReads, lastSeen)"
                    ))
                }
            };
            let number = match days {
                Value::Number(n) => n.as_u64(),
                Value::String(text) => text.trim().parse().ok(),
                _ => None,
            };
            *slot = number
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| format!("`{key}` must be a whole number of days"))?;
        }
        Ok(rule)
    }

    /// Whether a saved read from `saved_at_ms` may still be shown at `now_ms`.
    pub fn saved_read_is_fresh(&self, saved_at_ms: u64, now_ms: u64) -> bool {
        now_ms.saturating_sub(saved_at_ms) <= u64::from(self.saved_reads_days) * DAY_MS
    }
}

fn keep_if(keep: bool) -> Verdict {
    if keep {
        Verdict::Keep
    } else {
        Verdict::Remove
    }
}

/// Whether `key` is one the widget wrote (any version, any account, any identity).
pub fn is_widget_key(key: &str) -> bool {
    key.starts_with(KEY_PREFIX)
}

/// ms since the Unix epoch of an ISO-8601 time; `None` when it doesn't parse (or is empty).
fn iso_ms(iso: &str) -> Option<u64> {
    u64::try_from(iso_seconds(iso)?).ok().map(|s| s * 1000)
}

/// `2026-11-23T10:15:00Z` for a time in ms since the Unix epoch (whole seconds, UTC).
pub fn iso_from_ms(ms: u64) -> String {
    let seconds = ms / 1000;
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's civil-from-days, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::draft::Receipt;

    /// 2026-12-01T00:00:00Z.
    const NOW: u64 = 1_796_083_200_000;

    fn days_ago(days: u64) -> String {
        iso_from_ms(NOW - days * DAY_MS)
    }

    #[test]
    fn iso_times_round_trip() {
        assert_eq!(iso_from_ms(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_from_ms(NOW), "2026-12-01T00:00:00Z");
        assert_eq!(
            iso_from_ms(951_782_400_000 + 3_723_000),
            "2000-02-29T01:02:03Z"
        );
        assert_eq!(iso_ms("2026-12-01T00:00:00Z"), Some(NOW));
        assert_eq!(iso_ms(&iso_from_ms(NOW + 59_000)), Some(NOW + 59_000));
        assert_eq!(iso_ms(""), None);
    }

    #[test]
    fn drafts_live_a_set_time_after_their_last_edit() {
        let rule = Retention::default();
        let draft = |saved_at: String| {
            Draft {
                subject: "Late order".into(),
                saved_at,
                ..Draft::default()
            }
            .to_stored()
            .unwrap()
        };
        assert_eq!(
            rule.judge("draft:contact", &draft(days_ago(6)), NOW),
            Verdict::Keep
        );
        assert_eq!(
            rule.judge("draft:reply:7", &draft(days_ago(8)), NOW),
            Verdict::Remove
        );
        assert_eq!(
            rule.judge("draft:contact", "{corrupt", NOW),
            Verdict::Remove
        );
        // Written before drafts had a time: kept, and its time starts now.
        let Verdict::Rewrite(stamped) = rule.judge("draft:contact", r#"{"subject":"Hi"}"#, NOW)
        else {
            panic!("an unstamped draft is stamped");
        };
        assert_eq!(
            Draft::from_stored(&stamped).unwrap().saved_at,
            iso_from_ms(NOW)
        );
        let short = Retention {
            drafts_days: 1,
            ..rule
        };
        assert_eq!(
            short.judge("draft:contact", &draft(days_ago(2)), NOW),
            Verdict::Remove
        );
    }

    #[test]
    fn receipts_expire_one_by_one_and_lose_the_email_of_older_versions() {
        let rule = Retention::default();
        let receipt = |id, days| Receipt {
            id,
            subject: format!("#{id}"),
            created_at: days_ago(days),
        };
        let fresh = Receipts(vec![receipt(2, 3), receipt(1, 29)]);
        assert_eq!(
            rule.judge("receipts", &fresh.to_stored().unwrap(), NOW),
            Verdict::Keep
        );
        let mixed = Receipts(vec![receipt(2, 3), receipt(1, 31)]);
        assert_eq!(
            rule.judge("receipts", &mixed.to_stored().unwrap(), NOW),
            Verdict::Rewrite(Receipts(vec![receipt(2, 3)]).to_stored().unwrap())
        );
        let old = Receipts(vec![receipt(1, 31)]);
        assert_eq!(
            rule.judge("receipts", &old.to_stored().unwrap(), NOW),
            Verdict::Remove
        );
        let with_email = format!(
            r#"[{{"id":2,"subject":"s","created_at":"{}","email":"ada@example.com"}}]"#,
            days_ago(1)
        );
        let Verdict::Rewrite(rewritten) = rule.judge("receipts", &with_email, NOW) else {
            panic!("an older receipt is written again");
        };
        assert!(!rewritten.contains("ada@example.com"), "{rewritten}");
    }

    #[test]
    fn saved_reads_and_last_seen_marks_expire() {
        let rule = Retention::default();
        let read = |days: u64| format!("{}\n{{\"requests\":[]}}", NOW - days * DAY_MS);
        assert_eq!(
            rule.judge("read:/api/v2/requests/1", &read(6), NOW),
            Verdict::Keep
        );
        assert_eq!(
            rule.judge("read:/api/v2/requests/1", &read(8), NOW),
            Verdict::Remove
        );
        assert_eq!(rule.judge("read:/x", "no time", NOW), Verdict::Remove);
        assert!(rule.saved_read_is_fresh(NOW - 6 * DAY_MS, NOW));
        assert!(!rule.saved_read_is_fresh(NOW - 8 * DAY_MS, NOW));
        assert_eq!(rule.judge("seen:105", &days_ago(89), NOW), Verdict::Keep);
        assert_eq!(
            rule.judge("seen:horizon", &days_ago(91), NOW),
            Verdict::Remove
        );
        // What a newer widget may have written is left alone; so is the owner mark here.
        assert_eq!(rule.judge("owner", "1001", NOW), Verdict::Keep);
        assert_eq!(rule.judge("reads", "a\nb", NOW), Verdict::Keep);
        assert_eq!(rule.judge("something-new", "x", NOW), Verdict::Keep);
    }

    #[test]
    fn the_host_sets_days_per_kind() {
        use serde_json::json;
        let rule =
            Retention::from_option(&json!({"receipts": 7, "savedReads": "0", "drafts": null}))
                .unwrap();
        assert_eq!(
            rule,
            Retention {
                receipts_days: 7,
                saved_reads_days: 0,
                ..Retention::default()
            }
        );
        let text = Retention::from_option(&json!(r#"{"drafts":1,"lastSeen":30}"#)).unwrap();
        assert_eq!((text.drafts_days, text.last_seen_days), (1, 30));
        for (bad, says) in [
            (json!({"receipt": 7}), "unknown kind `receipt`"),
            (json!({"drafts": -1}), "`drafts` must be a whole number"),
            (json!({"drafts": 1.5}), "`drafts` must be a whole number"),
            (json!({"drafts": true}), "`drafts` must be a whole number"),
            (json!(30), "must be an object"),
            (json!("{oops"), "JSON text"),
        ] {
            let error = Retention::from_option(&bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
        // 0 days: gone at the next start.
        let none = Retention {
            receipts_days: 0,
            ..Retention::default()
        };
        let receipts = Receipts(vec![Receipt {
            id: 1,
            subject: "s".into(),
            created_at: days_ago(0),
        }]);
        assert_eq!(
            none.judge("receipts", &receipts.to_stored().unwrap(), NOW + 1000),
            Verdict::Remove
        );
    }

    #[test]
    fn widget_keys_share_one_prefix() {
        let key = crate::model::draft::storage_key("https://acme.zendesk.com", "user", "receipts");
        assert!(is_widget_key(&key));
        assert!(!is_widget_key("support-widget-other"));
        assert!(!is_widget_key("my-app:support-widget:x"));
    }
}
