//! `cargo xtask bench`: the project's benchmarks, each a report rather than a timed test (timed
//! tests would be flaky; a ratio against a reference build measured in the same run is not).
//!
//! The parts, in [`PARTS`]:
//!
//! * `first-use`: this tree's `dist/` next to a reference build (by default [`BASELINE_REV`],
//!   the last build before the first-use work), each served from its own page server as a CDN
//!   would (brotli), against the simulator, in real Chromium: tests/bench/first-use.mjs;
//! * `calls`: the Zendesk calls a visitor costs per kind of session ([`bench_calls`]).
//!
//! ```text
//! cargo xtask bench [--part first-use|calls] [--runs N] [--baseline REV | --baseline-dist DIR]
//!                   [--uncompressed-baseline] [--profiles slow-4g,loopback]
//! ```
//!
//! [`bench_calls`]: crate::bench_calls

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::util::{command, root, run, step, Result};
use crate::{dist, serve};

/// The reference build: `main` before the split build (2026-12-07), the whole widget in one
/// wasm. Figures in docs/size.md are ratios against it.
pub const BASELINE_REV: &str = "899f3bc";

/// One part of the bench: its name (for `--part`), a heading, and what it runs.
pub type Part = (&'static str, &'static str, fn(&Options) -> Result);

/// The parts, run in this order (all of them unless `--part` names one). Add one by writing
/// `fn(&Options) -> Result` in its own module and listing it here.
pub const PARTS: &[Part] = &[
    (
        "first-use",
        "first use (tap → form, tap → My tickets), next to the reference build",
        first_use,
    ),
    ("calls", "Zendesk calls per visitor session", |_| {
        crate::bench_calls::bench()
    }),
];

/// What the bench was asked for on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Only this part (`None`: every part).
    pub part: Option<String>,
    /// Cold runs per build and profile (at least 5 for a median worth reading).
    pub runs: u32,
    /// Where the reference build comes from.
    pub baseline: Baseline,
    /// Serve the reference build uncompressed, as the demo did before `dist/` had `.br` files.
    pub uncompressed_baseline: bool,
    /// Profiles to run (empty: all of those in tests/bench/first-use.mjs).
    pub profiles: Vec<String>,
    /// Where to write a CPU profile of each tap (`None`: none written).
    pub cpu_profile: Option<PathBuf>,
    /// Where to write a Chromium trace of each tap instead (`None`: none written).
    pub trace: Option<PathBuf>,
}

/// The reference build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// A commit, built into `target/bench/baseline-REV/` once and kept.
    Rev(String),
    /// A `dist/` directory built earlier.
    Dist(PathBuf),
}

impl Options {
    /// Reads `--part`, `--runs`, `--baseline`, `--baseline-dist`, `--uncompressed-baseline`,
    /// `--profiles`, `--cpu-profile`, `--trace`.
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options {
            part: None,
            runs: 5,
            baseline: Baseline::Rev(BASELINE_REV.into()),
            uncompressed_baseline: false,
            profiles: Vec::new(),
            cpu_profile: None,
            trace: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{arg} needs a value"))
            };
            match arg.as_str() {
                "--part" => {
                    let part = value()?;
                    if !PARTS.iter().any(|(name, _, _)| *name == part) {
                        let known: Vec<&str> = PARTS.iter().map(|(name, _, _)| *name).collect();
                        return Err(format!("bench: no part {part:?}; parts: {known:?}").into());
                    }
                    options.part = Some(part);
                }
                "--runs" => {
                    options.runs = value()?
                        .parse()
                        .map_err(|_| "--runs takes a whole number")?;
                    if options.runs == 0 {
                        return Err("--runs must be at least 1".into());
                    }
                }
                "--baseline" => options.baseline = Baseline::Rev(value()?),
                "--baseline-dist" => options.baseline = Baseline::Dist(value()?.into()),
                "--uncompressed-baseline" => options.uncompressed_baseline = true,
                "--cpu-profile" => options.cpu_profile = Some(value()?.into()),
                "--trace" => options.trace = Some(value()?.into()),
                "--profiles" => {
                    options.profiles = value()?.split(',').map(str::to_owned).collect();
                }
                other => return Err(format!("bench: unknown option {other:?}").into()),
            }
        }
        Ok(options)
    }
}

/// Runs the chosen parts; fails when one fails (or misses its own target).
pub fn bench(options: Options) -> Result {
    let mut failed = Vec::new();
    for (name, heading, part) in PARTS {
        if options.part.as_deref().is_some_and(|only| only != *name) {
            continue;
        }
        step(&format!("bench: {heading}"));
        if let Err(error) = part(&options) {
            eprintln!("bench part {name}: {error}");
            failed.push(*name);
        }
    }
    match failed.as_slice() {
        [] => Ok(()),
        failed => Err(format!("bench parts failed: {}", failed.join(", ")).into()),
    }
}

/// One build under measurement, served on its own origin.
struct Build {
    /// `before (ce34b9f)` or `this tree`.
    name: String,
    /// Its page server, e.g. `http://localhost:41234`.
    url: String,
}

/// The reference build's `dist/`: built once from a detached worktree of `rev` (its `target`
/// a link to this tree's, so only the workspace's own crates compile), then kept in
/// `target/bench/`.
fn baseline_dist(rev: &str) -> Result<PathBuf> {
    let kept = root().join(format!("target/bench/baseline-{rev}"));
    if kept.join("size-report.json").is_file() {
        step(&format!("reference build {rev}: {}", kept.display()));
        return Ok(kept);
    }
    step(&format!("reference build {rev}: building it (once)"));
    let source = root().join(format!("target/bench/src-{rev}"));
    if source.exists() {
        run(command("git")
            .args(["worktree", "remove", "--force"])
            .arg(&source))?;
    }
    run(command("git")
        .args(["worktree", "add", "--detach"])
        .arg(&source)
        .arg(rev))?;
    let built = (|| -> Result {
        // Its own `node_modules` (its setup runs `npm ci`, which empties a linked one), but
        // this tree's `target`: its xtask finds the build where it looks (`<root>/target/…`),
        // which `CARGO_TARGET_DIR` alone would not tell it.
        std::os::unix::fs::symlink(root().join("target"), source.join("target"))?;
        run(command("cargo")
            .args(["run", "--quiet", "--package", "xtask", "--", "dist"])
            .current_dir(&source))?;
        copy_dir(&source.join("dist"), &kept)
    })();
    run(command("git")
        .args(["worktree", "remove", "--force"])
        .arg(&source))?;
    built.map(|()| kept)
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Writes `FILE.br` and `FILE.gz` beside each widget file of a reference `dist/` built before
/// `dist/` had them, so both builds are served alike.
fn add_encodings(dir: &Path) -> Result {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_asset = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("js" | "wasm" | "css")
        );
        let br = PathBuf::from(format!("{}.br", path.display()));
        if is_asset && !br.exists() {
            let data = std::fs::read(&path)?;
            std::fs::write(&br, crate::size::brotli(&data))?;
            std::fs::write(format!("{}.gz", path.display()), crate::size::gzip(&data))?;
        }
    }
    Ok(())
}

/// The samples tests/bench/first-use.mjs writes.
#[derive(Deserialize)]
struct FirstUseSamples {
    /// profile → build → metric → one value per run.
    samples: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<f64>>>,
    >,
}

/// The metrics, in print order, with their units.
const FIRST_USE_METRICS: [(&str, &str); 7] = [
    (
        "bytes_before_tap",
        "bytes on the wire before the tap (reading only)",
    ),
    (
        "tap_after_reading_to_form_ms",
        "tap after reading (widget loaded ahead) → form, ms",
    ),
    ("bytes_at_first_use", "bytes from the tap to a usable form"),
    ("tap_to_form_ms", "tap → form interactive, ms"),
    ("tap_to_tickets_ms", "tap → \"My tickets\" list shown, ms"),
    (
        "tap_to_tickets_first_ms",
        "tap → list, \"My tickets\" the first screen, ms",
    ),
    ("script_ms", "main-thread script time to the list, ms"),
];

/// Real Chromium, both profiles, cold runs: tests/bench/first-use.mjs against both builds.
fn first_use(options: &Options) -> Result {
    let (reference, reference_name) = match &options.baseline {
        Baseline::Rev(rev) => (baseline_dist(rev)?, format!("before ({rev})")),
        Baseline::Dist(dir) => (dir.clone(), format!("reference ({})", dir.display())),
    };
    add_encodings(&reference)?;
    dist::dist()?;
    let runtime = tokio::runtime::Runtime::new()?;
    let sim = runtime.block_on(zendesk_sim::start(zendesk_sim::SimConfig {
        control: true,
        ..Default::default()
    }))?;
    let mut builds = Vec::new();
    for (name, dir, compressed) in [
        (reference_name, reference, !options.uncompressed_baseline),
        ("this tree".to_owned(), root().join("dist"), true),
    ] {
        let site = serve::Site {
            mounts: vec![("/bench/", root().join("tests/bench/pages")), ("/", dir)],
            replacements: vec![("{{SIM_URL}}", sim.api_url.clone())],
            backend: None,
            compressed,
        };
        let addr = runtime.block_on(serve::start(site, SocketAddr::from(([127, 0, 0, 1], 0))))?;
        builds.push(Build {
            name,
            // `localhost`, not the IP: Chromium offers brotli on https and localhost only.
            url: format!("http://localhost:{}", addr.port()),
        });
    }
    let measured = measure_first_use(&builds, &sim.api_url, options);
    runtime.block_on(sim.shutdown());
    measured
}

fn measure_first_use(builds: &[Build], sim_url: &str, options: &Options) -> Result {
    let out = root().join("target/bench/first-use.json");
    std::fs::create_dir_all(out.parent().expect("a file in a directory"))?;
    let listed: Vec<serde_json::Value> = builds
        .iter()
        .map(|b| serde_json::json!({ "name": b.name, "url": b.url }))
        .collect();
    let mut node = command("node");
    for (dir, variable) in [
        (&options.cpu_profile, "SW_BENCH_CPU_PROFILE"),
        (&options.trace, "SW_BENCH_TRACE"),
    ] {
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir)?;
            node.env(variable, dir.join("first-use"));
        }
    }
    run(node
        .arg("tests/bench/first-use.mjs")
        .env("SW_BENCH_BUILDS", serde_json::to_string(&listed)?)
        .env("SW_SIM_URL", sim_url)
        .env("SW_BENCH_RUNS", options.runs.to_string())
        .env("SW_BENCH_PROFILES", options.profiles.join(","))
        .env("SW_BENCH_OUT", &out))?;
    let samples: FirstUseSamples = serde_json::from_str(&std::fs::read_to_string(&out)?)?;
    let names: Vec<&str> = builds.iter().map(|b| b.name.as_str()).collect();
    for (profile, by_build) in &samples.samples {
        println!(
            "\n{profile} ({} cold runs each; median (min–max); ratio = last / first)",
            options.runs
        );
        println!("{}", first_use_table(&names, by_build));
    }
    println!("samples: {}", out.display());
    Ok(())
}

/// One profile's table: a row per metric, a column per build, the last build's median as a
/// ratio of the first's.
fn first_use_table(
    names: &[&str],
    by_build: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<f64>>>,
) -> String {
    let mut out = format!("{:<50}", "");
    for name in names {
        out.push_str(&format!(" {name:>24}"));
    }
    out.push_str("   ratio\n");
    for (metric, label) in FIRST_USE_METRICS {
        out.push_str(&format!("{label:<50}"));
        let mut medians = Vec::new();
        for name in names {
            let values = by_build
                .get(*name)
                .and_then(|m| m.get(metric))
                .cloned()
                .unwrap_or_default();
            match Spread::of(&values) {
                Some(spread) => {
                    medians.push(spread.median);
                    out.push_str(&format!(" {:>24}", spread.to_string()));
                }
                None => out.push_str(&format!(" {:>24}", "—")),
            }
        }
        match (medians.first(), medians.last()) {
            (Some(first), Some(last)) if medians.len() > 1 && *first > 0.0 => {
                out.push_str(&format!("   {:.2}×", last / first));
            }
            _ => out.push_str("   —"),
        }
        out.push('\n');
    }
    out
}

/// Median and range of a set of samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The middle value (the mean of the two middle ones for an even count).
    pub median: f64,
    /// Smallest sample.
    pub min: f64,
    /// Largest sample.
    pub max: f64,
}

impl Spread {
    /// `None` for no samples; NaN samples (a metric the browser didn't report) are left out.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[middle - 1] + sorted[middle]) / 2.0
        } else {
            sorted[middle]
        };
        Some(Spread {
            median,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        })
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.0} ({:.0}–{:.0})", self.median, self.min, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_median_and_range() {
        let odd = Spread::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((odd.median, odd.min, odd.max), (3.0, 1.0, 5.0));
        let even = Spread::of(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(even.median, 2.5);
        assert_eq!(Spread::of(&[f64::NAN, 7.0]).unwrap().median, 7.0);
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(odd.to_string(), "3 (1–5)");
    }

    #[test]
    fn table_shows_each_build_and_the_ratio() {
        let mut by_build = std::collections::BTreeMap::new();
        for (name, ms) in [("before", 200.0), ("after", 100.0)] {
            let mut metrics = std::collections::BTreeMap::new();
            metrics.insert("tap_to_form_ms".to_owned(), vec![ms, ms + 10.0, ms - 10.0]);
            by_build.insert(name.to_owned(), metrics);
        }
        let table = first_use_table(&["before", "after"], &by_build);
        let row = table.lines().find(|l| l.starts_with("tap → form")).unwrap();
        assert!(row.contains("200 (190–210)"), "{row}");
        assert!(row.contains("100 (90–110)"), "{row}");
        assert!(row.ends_with("0.50×"), "{row}");
        // A metric nobody measured reads as a dash, not as zero.
        assert!(table
            .lines()
            .any(|l| l.starts_with("bytes on the wire") && l.contains('—')));
    }

    #[test]
    fn options_parse_and_refuse_nonsense() {
        let args = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let defaults = Options::parse(&[]).unwrap();
        assert_eq!(defaults.runs, 5);
        assert_eq!(defaults.part, None);
        assert_eq!(
            Options::parse(&args("--part calls"))
                .unwrap()
                .part
                .as_deref(),
            Some("calls")
        );
        assert!(Options::parse(&args("--part everything")).is_err());
        assert_eq!(defaults.baseline, Baseline::Rev(BASELINE_REV.into()));
        let chosen = Options::parse(&args(
            "--runs 7 --baseline-dist /tmp/d --uncompressed-baseline --profiles loopback --cpu-profile /tmp/p --trace /tmp/t",
        ))
        .unwrap();
        assert_eq!(defaults.cpu_profile, None);
        assert_eq!(chosen.cpu_profile, Some("/tmp/p".into()));
        assert_eq!(chosen.trace, Some("/tmp/t".into()));
        assert_eq!(chosen.runs, 7);
        assert_eq!(chosen.baseline, Baseline::Dist("/tmp/d".into()));
        assert!(chosen.uncompressed_baseline);
        assert_eq!(chosen.profiles, vec!["loopback"]);
        assert!(Options::parse(&args("--runs")).is_err());
        assert!(Options::parse(&args("--runs 0")).is_err());
        assert!(Options::parse(&args("--fast")).is_err());
    }
}
