//! `cargo xtask test`: every layer, one command, one closing line `N passed, M failed`.
//!
//! 1. lints: `cargo fmt --check`, clippy for the native and the wasm32 targets (and the split
//!    build's `--cfg sw_split`);
//! 2. native `cargo test` (api, config, simulator, xtask);
//! 3. `dist/` and its byte budget;
//! 4. `wasm-bindgen-test` files (`tests/*_browser.rs`) in headless Chromium against the simulator;
//! 5. the Trunk playground builds offline;
//! 6. Playwright end-to-end (`tests/e2e/*.test.mjs`): `dist/` served from one origin, the
//!    simulator on another, screenshots in `artifacts/e2e/`.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::util::{command, describe, root, run, step, Result};
use crate::{dist, serve, setup};

/// Passed and failed counts, per layer and overall.
#[derive(Default)]
struct Tally {
    layers: Vec<(String, u64, u64)>,
}

impl Tally {
    fn record(&mut self, layer: &str, passed: u64, failed: u64) {
        self.layers.push((layer.to_owned(), passed, failed));
    }

    /// One check that passes or fails as a whole (a lint, a build).
    fn check(&mut self, layer: &str, outcome: Result) {
        match outcome {
            Ok(()) => self.record(layer, 1, 0),
            Err(error) => {
                eprintln!("FAILED {layer}: {error}");
                self.record(layer, 0, 1);
            }
        }
    }

    fn totals(&self) -> (u64, u64) {
        self.layers
            .iter()
            .fold((0, 0), |(p, f), (_, lp, lf)| (p + lp, f + lf))
    }
}

/// Which layers `cargo xtask test` runs.
pub enum Selection {
    /// Every layer (the README's test command and CI).
    Everything,
    /// Only the distributable and these end-to-end files or folders (a quick loop on the UI:
    /// `cargo xtask test e2e tests/e2e/contact.test.mjs`).
    EndToEnd(Vec<String>),
    /// Only these `tests/*_browser.rs` targets in headless Chromium, every one when empty
    /// (`cargo xtask test browser contact_browser`).
    Browser(Vec<String>),
}

/// Runs the selected layers and prints one closing line `N passed, M failed`; fails when
/// anything failed.
pub fn test(selection: Selection) -> Result {
    let started = Instant::now();
    setup::setup()?;
    let mut tally = Tally::default();
    let everything = matches!(selection, Selection::Everything);
    let (e2e_files, browser_targets) = match selection {
        Selection::Everything => (None, None),
        Selection::EndToEnd(files) => (Some(files), None),
        Selection::Browser(targets) => (None, Some(targets)),
    };

    if everything {
        lints_and_native_tests(&mut tally);
    }

    if browser_targets.is_none() {
        step("distributable and byte budget");
        budgets(&mut tally);
    }

    let runtime = tokio::runtime::Runtime::new()?;
    // The page server's port is chosen first, so the simulator's Help Center home page can
    // embed the widget from it, cross-origin as from a CDN (tests/e2e/help-center.test.mjs).
    let page_port = crate::util::free_port()?;
    let sim = runtime.block_on(zendesk_sim::start(zendesk_sim::SimConfig {
        control: true,
        help_center_html: Some(help_center_embed(page_port)),
        ..Default::default()
    }))?;
    println!(
        "simulator: API {} · content {}",
        sim.api_url, sim.content_url
    );

    if everything || browser_targets.is_some() {
        browser_tests(&mut tally, &sim, browser_targets.as_deref())?;
    }

    if everything {
        step("Trunk playground (trunk build --release --offline)");
        tally.check(
            "trunk build --release --offline",
            run(command("trunk").args([
                "build",
                "--release",
                "--offline",
                "--dist",
                "target/trunk-dist",
            ])),
        );
    }

    if browser_targets.is_none() {
        end_to_end(&mut tally, &runtime, page_port, &sim, e2e_files)?;
    }
    runtime.block_on(sim.shutdown());

    println!();
    for (layer, passed, failed) in &tally.layers {
        println!("  {layer:<40} {passed:>5} passed {failed:>3} failed");
    }
    println!("  (took {} s)", started.elapsed().as_secs());
    let (passed, failed) = tally.totals();
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        return Err(format!("{failed} failed").into());
    }
    Ok(())
}

/// `cargo fmt --check`, both clippys and the native tests.
fn lints_and_native_tests(tally: &mut Tally) {
    step("lints");
    tally.check(
        "cargo fmt --check",
        run(command("cargo").args(["fmt", "--all", "--", "--check"])),
    );
    tally.check(
        "clippy (native)",
        run(command("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    // The wasm32 build as the tests compile it, then the split points' own code (`--cfg
    // sw_split`, as `cargo xtask dist` builds it; the flag after `--` reaches this crate only).
    let wasm_clippy = |targets: &str, rustc: &[&str]| {
        let mut clippy = command("cargo");
        clippy
            .args([
                "clippy",
                "-p",
                "support-widget",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args([targets, "--", "-D", "warnings"])
            .args(rustc);
        run(&mut clippy)
    };
    tally.check("clippy (wasm32)", wasm_clippy("--all-targets", &[]));
    tally.check(
        "clippy (wasm32, split build)",
        wasm_clippy("--lib", &["--cfg", "sw_split"]),
    );

    step("native tests");
    counted(
        tally,
        "native cargo test",
        command("cargo").args(["test", "--workspace"]),
    );
}

/// The `tests/*_browser.rs` targets (`named`, or every one) in headless Chromium against `sim`.
fn browser_tests(
    tally: &mut Tally,
    sim: &zendesk_sim::RunningSim,
    named: Option<&[String]>,
) -> Result {
    step("browser tests (wasm-bindgen-test in headless Chromium)");
    let mut wasm_tests = command("cargo");
    wasm_tests
        .args([
            "test",
            "-p",
            "support-widget",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "300")
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("SW_SIM_URL", &sim.api_url)
        .env("SW_SIM_CONTENT_URL", &sim.content_url);
    let targets = match named {
        Some(named) if !named.is_empty() => named.to_vec(),
        _ => browser_test_targets()?,
    };
    for test in targets {
        wasm_tests.args(["--test", &test]);
    }
    counted(tally, "browser tests", &mut wasm_tests);
    Ok(())
}

/// Builds `dist/` and checks each byte budget.
fn budgets(tally: &mut Tally) {
    match dist::dist() {
        Ok(report) => {
            for (name, ok, detail) in report.budget_checks() {
                let outcome = if ok {
                    Ok(())
                } else {
                    Err(format!("over budget: {detail}").into())
                };
                tally.check(&format!("budget: {name}"), outcome);
            }
        }
        Err(error) => tally.check("dist", Err(error)),
    }
}

/// Playwright end to end: `dist/` and the test pages served from one origin, the simulator on
/// another, screenshots in `artifacts/e2e/`.
fn end_to_end(
    tally: &mut Tally,
    runtime: &tokio::runtime::Runtime,
    page_port: u16,
    sim: &zendesk_sim::RunningSim,
    e2e_files: Option<Vec<String>>,
) -> Result {
    step("end-to-end tests (Playwright, Chromium)");
    let site = pages_site(sim, page_port);
    let page_addr = runtime.block_on(serve::start(
        site,
        SocketAddr::from(([127, 0, 0, 1], page_port)),
    ))?;
    let artifacts = root().join("artifacts/e2e");
    std::fs::create_dir_all(&artifacts)?;
    counted(
        tally,
        "end-to-end tests",
        command("node")
            .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
            .args(e2e_files.unwrap_or_else(|| vec!["tests/e2e/".into()]))
            .env(
                "SW_PAGE_URL",
                format!("http://localhost:{}", page_addr.port()),
            )
            .env("SW_SIM_URL", &sim.api_url)
            .env("SW_SIM_CONTENT_URL", &sim.content_url)
            .env("SW_ARTIFACTS", &artifacts),
    );
    Ok(())
}

/// What the end-to-end tests (and `cargo xtask screenshots`) browse: `dist/` with the demo
/// pages and their sign-in backend, and the test pages under `/pages/`, all pointed at `sim`.
pub fn pages_site(sim: &zendesk_sim::RunningSim, page_port: u16) -> serve::Site {
    serve::Site {
        mounts: vec![
            ("/pages/", root().join("tests/e2e/pages")),
            ("/", root().join("dist")),
        ],
        replacements: vec![
            ("{{SIM_URL}}", sim.api_url.clone()),
            ("{{SIM_CONTENT_URL}}", sim.content_url.clone()),
            // dist/index.html is the demo page, built for the demo's fixed simulator port; the
            // end-to-end tests use it as it ships, pointed at this run's simulator.
            (crate::dist::DEMO_SIM_URL, sim.api_url.clone()),
        ],
        // The demo pages' sign-in runs against this run's simulator (tests/e2e/demo.test.mjs).
        backend: Some(crate::demo_backend::router(
            &format!("http://localhost:{page_port}"),
            &sim.api_url,
        )),
        compressed: true,
    }
}

/// What a Help Center theme adds to embed the widget: the queue, `init` with the Help Center's
/// own origin as the account (so its session signs the visitor in), and the loader.
pub(crate) fn help_center_embed(page_port: u16) -> String {
    format!(
        "<script>window.SupportWidget=window.SupportWidget||function(){{\
         (SupportWidget.q=SupportWidget.q||[]).push(arguments)}};\
         SupportWidget('init',{{baseUrl:location.origin}});</script>\
         <script async src=\"http://localhost:{page_port}/support-widget.js\"></script>"
    )
}

/// Names of the `tests/*_browser.rs` targets: the only ones that run in the browser.
fn browser_test_targets() -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root().join("tests"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("_browser.rs") {
            names.push(format!("{stem}_browser"));
        }
    }
    names.sort();
    Ok(names)
}

/// Runs a test command, echoing its output and adding up the runner's own counts. A run that
/// fails without reporting a failed test (a compile error, a crash) counts as one failure.
fn counted(tally: &mut Tally, layer: &str, command: &mut Command) {
    let (mut passed, mut failed) = (0, 0);
    let outcome = (|| -> Result<bool> {
        let mut child = command.stdout(Stdio::piped()).spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            println!("{line}");
            if let Some((p, f)) = parse_counts(&line) {
                passed += p;
                failed += f;
            }
        }
        Ok(child.wait()?.success())
    })();
    match outcome {
        Ok(true) => {}
        Ok(false) if failed > 0 => {}
        Ok(false) => {
            eprintln!("FAILED {layer}: {} exited with an error", describe(command));
            failed += 1;
        }
        Err(error) => {
            eprintln!("FAILED {layer}: {error}");
            failed += 1;
        }
    }
    tally.record(layer, passed, failed);
}

/// Reads the counts out of a runner's summary line: libtest's `test result: ok. 3 passed;
/// 0 failed; …` or node's `ℹ pass 3` / `ℹ fail 0`.
fn parse_counts(line: &str) -> Option<(u64, u64)> {
    let number_before = |text: &str, word: &str| -> Option<u64> {
        let end = text.find(word)?;
        text[..end].trim_end().rsplit(' ').next()?.parse().ok()
    };
    if let Some(rest) = line.trim_start().strip_prefix("test result: ") {
        return Some((
            number_before(rest, " passed")?,
            number_before(rest, " failed")?,
        ));
    }
    let node = line
        .trim_start()
        .trim_start_matches(['ℹ', '#'])
        .trim_start();
    if let Some(n) = node.strip_prefix("pass ") {
        return Some((n.trim().parse().ok()?, 0));
    }
    if let Some(n) = node.strip_prefix("fail ") {
        return Some((0, n.trim().parse().ok()?));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse_counts;

    #[test]
    fn reads_libtest_and_node_summaries() {
        assert_eq!(
            parse_counts("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"),
            Some((12, 0))
        );
        assert_eq!(
            parse_counts("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some((3, 2))
        );
        assert_eq!(parse_counts("ℹ pass 7"), Some((7, 0)));
        assert_eq!(parse_counts("ℹ fail 1"), Some((0, 1)));
        assert_eq!(parse_counts("# pass 4"), Some((4, 0)));
        assert_eq!(parse_counts("running 3 tests"), None);
        assert_eq!(parse_counts("ℹ passes are fun"), None);
    }
}
