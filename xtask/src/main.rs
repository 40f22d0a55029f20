//! `cargo xtask …`: the project's build, demo, test and size tooling, in Rust rather than
//! long shell scripts. Every command installs what it needs first (see [`setup`]).

mod bench;
mod bench_calls;
mod demo;
mod demo_backend;
mod dist;
mod import_names;
#[cfg(test)]
mod links;
mod release;
mod screenshots;
mod serve;
mod setup;
mod size;
mod size_docs;
mod split;
mod test;
mod unused_exports;
mod util;
mod zendesk_oauth;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

  demo    build the widget, start the Zendesk simulator and a sample host page; runs until Ctrl-C
  test    install what is missing, then lint, unit, browser, budget and end-to-end tests
          (`test e2e [FILES]`: only the distributable and the end-to-end tests;
           `test browser [TARGETS]`: only the wasm-bindgen browser tests, e.g. contact_browser)
  bench   benchmarks as reports: first use in real Chromium (slow 4G and loopback, 4× CPU) next to
          the build before the first-use work; the Zendesk calls per kind of visitor session
          (writes docs/api-budget.md). `bench --part first-use|calls --runs N --baseline REV`
  dist    build the distributable into dist/ and print the size report
  screenshots
          the pictures in docs/screenshots/ from a fresh dist/ (regenerate after UI changes)
  release build dist/ and pack release/support-widget-VERSION.tar.gz (the files to host) and
          the npm tarball, with the CHANGELOG section of VERSION (`release --snapshot`: the
          Unreleased section, as VERSION-snapshot)
  setup   install the toolchain pieces (wasm target, wasm-bindgen, wasm-split-cli, trunk, Chromium, npm)
  help    this text
";

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_else(|| "help".into());
    let outcome = match command.as_str() {
        "setup" => setup::setup(),
        "dist" => setup::setup().and_then(|()| dist::dist().map(drop)),
        "demo" => setup::setup().and_then(|()| demo::demo()),
        "screenshots" => setup::setup().and_then(|()| screenshots::screenshots()),
        "release" => match std::env::args().nth(2).as_deref() {
            None => release::release(false),
            Some("--snapshot") => release::release(true),
            Some(other) => Err(format!("release: unknown argument {other:?}\n\n{HELP}").into()),
        },
        "bench" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            bench::Options::parse(&args)
                .and_then(|options| setup::setup().and_then(|()| bench::bench(options)))
        }
        "test" => {
            let named: Vec<String> = std::env::args().skip(3).collect();
            test::test(match std::env::args().nth(2).as_deref() {
                Some("e2e") if named.is_empty() => {
                    test::Selection::EndToEnd(vec!["tests/e2e/".into()])
                }
                Some("e2e") => test::Selection::EndToEnd(named),
                Some("browser") => test::Selection::Browser(named),
                _ => test::Selection::Everything,
            })
        }
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{HELP}").into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
