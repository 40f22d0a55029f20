//! The call-count part of `cargo xtask bench`: how many Zendesk API calls one visitor costs
//! per kind of session, counted by the simulator while `tests/bench/calls.mjs` drives the built
//! widget in Chromium, ten minutes of fake clock per session. The table goes to the terminal
//! and into `docs/api-budget.md` (between two markers), with what it means against each
//! plan's per-minute limit.

use std::fs;
use std::net::SocketAddr;
use std::path::Path;

use serde::Deserialize;

use crate::util::{command, root, step, Result};
use crate::{dist, serve, test};

/// Where the generated table starts in `docs/api-budget.md`; everything up to [`END`] is
/// replaced.
const BEGIN: &str = "<!-- bench-calls:begin (written by `cargo xtask bench`; don't edit) -->";
/// Where it ends.
const END: &str = "<!-- bench-calls:end -->";

/// The budget the issue set: averaged over an open panel's first ten minutes.
pub const MAX_CALLS_PER_MINUTE: f64 = 1.0;

/// Zendesk's per-minute API limits by plan (developer.zendesk.com/api-reference/introduction/
/// rate-limits, support.zendesk.com/hc/en-us/articles/4408836402074).
const PLAN_LIMITS: [(&str, u32); 4] = [
    ("Team", 200),
    ("Growth / Professional", 400),
    ("Enterprise", 700),
    ("High Volume API add-on", 2500),
];

/// One session as the script reports it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Session {
    /// What the visitor does.
    pub kind: String,
    /// How long the panel was open (or the page shown).
    pub minutes: u32,
    /// Calls that count against the account's Support API limit.
    pub support_api: u32,
    /// Help Center API calls (their own limit).
    pub help_center_api: u32,
    /// CORS preflights (`OPTIONS`), for the record.
    pub preflights: u32,
    /// Calls by endpoint (`GET /api/v2/requests/{id}`).
    pub endpoints: std::collections::BTreeMap<String, u32>,
}

impl Session {
    /// Zendesk calls of either limit, per minute of the session.
    pub fn per_minute(&self) -> f64 {
        f64::from(self.support_api + self.help_center_api) / f64::from(self.minutes.max(1))
    }
}

/// Runs the sessions against a fresh simulator and the built `dist/`, prints the table and
/// writes it into the docs. Fails when a session is over [`MAX_CALLS_PER_MINUTE`].
pub fn bench() -> Result {
    dist::dist()?;
    step("call counts per session (Chromium, fake clock, the simulator's call log)");
    let runtime = tokio::runtime::Runtime::new()?;
    let page_port = crate::util::free_port()?;
    let sim = runtime.block_on(zendesk_sim::start(zendesk_sim::SimConfig {
        control: true,
        help_center_html: Some(test::help_center_embed(page_port)),
        ..Default::default()
    }))?;
    let site = serve::Site {
        mounts: vec![
            ("/pages/", root().join("tests/e2e/pages")),
            ("/", root().join("dist")),
        ],
        replacements: vec![("{{SIM_URL}}", sim.api_url.clone())],
        backend: None,
        compressed: true,
    };
    let page = runtime.block_on(serve::start(
        site,
        SocketAddr::from(([127, 0, 0, 1], page_port)),
    ))?;
    let output = command("node")
        .arg("tests/bench/calls.mjs")
        .env("SW_PAGE_URL", format!("http://localhost:{}", page.port()))
        .env("SW_SIM_URL", &sim.api_url)
        .env("SW_SIM_CONTENT_URL", &sim.content_url)
        .env("SW_ARTIFACTS", root().join("artifacts/bench"))
        .output()?;
    runtime.block_on(sim.shutdown());
    if !output.status.success() {
        return Err(format!(
            "tests/bench/calls.mjs failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let sessions = parse(&String::from_utf8_lossy(&output.stdout))?;
    let table = markdown(&sessions);
    println!("\n{table}");
    if update_doc(&root().join("docs/api-budget.md"), &table)? {
        println!("docs/api-budget.md: the table was updated");
    }
    let over: Vec<&Session> = sessions
        .iter()
        .filter(|s| s.per_minute() > MAX_CALLS_PER_MINUTE)
        .collect();
    match over.as_slice() {
        [] => Ok(()),
        over => Err(format!(
            "over {MAX_CALLS_PER_MINUTE} call a minute: {}",
            over.iter()
                .map(|s| format!("{} ({:.1}/min)", s.kind, s.per_minute()))
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into()),
    }
}

/// One JSON object per line; anything else the script printed is an error.
fn parse(stdout: &str) -> Result<Vec<Session>> {
    let sessions = stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<std::result::Result<Vec<Session>, _>>()?;
    if sessions.is_empty() {
        return Err("tests/bench/calls.mjs reported no session".into());
    }
    Ok(sessions)
}

/// The sessions' table, then what a plan's limit sustains at that rate.
fn markdown(sessions: &[Session]) -> String {
    let mut out = String::from(
        "| session | Support API calls | Help Center API calls | per minute | preflights | by endpoint |\n\
         |---|---|---|---|---|---|\n",
    );
    for s in sessions {
        let endpoints: Vec<String> = s
            .endpoints
            .iter()
            .map(|(endpoint, n)| format!("`{endpoint}` ×{n}"))
            .collect();
        out.push_str(&format!(
            "| {} ({} min) | {} | {} | {:.1} | {} | {} |\n",
            s.kind,
            s.minutes,
            s.support_api,
            s.help_center_api,
            s.per_minute(),
            s.preflights,
            if endpoints.is_empty() {
                "none".to_owned()
            } else {
                endpoints.join(", ")
            }
        ));
    }
    out.push_str("\nVisitors in such a session at the same moment that use up a plan's per-minute limit:\n\n");
    out.push_str("| session |");
    for (plan, limit) in PLAN_LIMITS {
        out.push_str(&format!(" {plan} ({limit}/min) |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(PLAN_LIMITS.len()));
    out.push('\n');
    for s in sessions {
        let rate = f64::from(s.support_api) / f64::from(s.minutes.max(1));
        out.push_str(&format!("| {} |", s.kind));
        for (_, limit) in PLAN_LIMITS {
            if rate == 0.0 {
                out.push_str(" no limit |");
            } else {
                out.push_str(&format!(" {} |", (f64::from(limit) / rate).floor() as u64));
            }
        }
        out.push('\n');
    }
    out
}

/// Replaces the table between the markers; `Ok(false)` when it was already current.
fn update_doc(doc: &Path, table: &str) -> Result<bool> {
    let text = fs::read_to_string(doc)?;
    let start = text
        .find(BEGIN)
        .map(|at| at + BEGIN.len())
        .ok_or_else(|| format!("{}: missing {BEGIN:?}", doc.display()))?;
    let end = start
        + text[start..]
            .find(END)
            .ok_or_else(|| format!("{}: missing {END:?}", doc.display()))?;
    let updated = format!("{}\n{table}{}", &text[..start], &text[end..]);
    if updated == text {
        return Ok(false);
    }
    fs::write(doc, updated)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"kind":"signed in","minutes":10,"support_api":8,"help_center_api":1,"preflights":5,"endpoints":{"GET /api/v2/requests":1}}"#;

    #[test]
    fn sessions_are_read_one_per_line() {
        let sessions = parse(&format!("{LINE}\n\n{LINE}\n")).unwrap();
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions[0].support_api, 8);
        assert!((sessions[0].per_minute() - 0.9).abs() < 1e-9);
        assert!(parse("").is_err(), "no session is an error");
        assert!(parse("Error: boom").is_err(), "stray output is an error");
    }

    #[test]
    fn the_table_counts_per_minute_and_what_each_plan_sustains() {
        let mut idle = parse(LINE).unwrap().remove(0);
        idle.kind = "page view".into();
        idle.support_api = 0;
        idle.help_center_api = 0;
        idle.endpoints.clear();
        let table = markdown(&[parse(LINE).unwrap().remove(0), idle]);
        assert!(
            table.contains("| signed in (10 min) | 8 | 1 | 0.9 | 5 | `GET /api/v2/requests` ×1 |"),
            "{table}"
        );
        // 8 Support calls in 10 minutes: Team's 200 a minute carry 250 such visitors at once.
        assert!(
            table.contains("| signed in | 250 | 500 | 875 | 3125 |"),
            "{table}"
        );
        assert!(
            table.contains("| page view (10 min) | 0 | 0 | 0.0 | 5 | none |"),
            "{table}"
        );
        assert!(
            table.contains("| page view | no limit | no limit | no limit | no limit |"),
            "{table}"
        );
    }

    #[test]
    fn the_doc_table_is_replaced_between_the_markers() {
        let dir = std::env::temp_dir().join(format!("bench-calls-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let doc = dir.join("api-budget.md");
        fs::write(&doc, format!("# Budget\n{BEGIN}\nold\n{END}\nafter\n")).unwrap();
        assert!(update_doc(&doc, "new\n").unwrap());
        assert_eq!(
            fs::read_to_string(&doc).unwrap(),
            format!("# Budget\n{BEGIN}\nnew\n{END}\nafter\n")
        );
        assert!(
            !update_doc(&doc, "new\n").unwrap(),
            "unchanged the second time"
        );
        fs::write(&doc, "# no markers\n").unwrap();
        assert!(update_doc(&doc, "new\n").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
