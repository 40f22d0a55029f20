//! Idempotent installation of everything the project needs on a machine that has only the
//! Rust toolchain, Node and the package registries. Each step says what it checks and skips
//! what is already there.

use std::path::Path;

use crate::util::{command, probe, root, run, step, Result};

/// Pinned tool versions. trunk 0.22 needs a newer rustc than this machine's 1.95.
const TRUNK_VERSION: &str = "0.21.14";
/// The module splitter `cargo xtask dist` runs (crate `wasm_split_cli_support`, binary
/// `wasm-split-cli`); its runtime half, `wasm_split_helpers`, comes with Leptos.
const WASM_SPLIT_VERSION: &str = "0.2.4";

/// Installs whatever is missing.
pub fn setup() -> Result {
    wasm_target()?;
    wasm_bindgen_cli()?;
    wasm_split_cli()?;
    cargo_tool("trunk", TRUNK_VERSION)?;
    chromium()?;
    npm_tools()
}

fn wasm_target() -> Result {
    let installed =
        probe(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        step("wasm32-unknown-unknown target: present");
        return Ok(());
    }
    step("wasm32-unknown-unknown target: installing");
    run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The CLI must equal the `wasm-bindgen` crate in Cargo.lock exactly.
fn wasm_bindgen_cli() -> Result {
    let version = locked_version("wasm-bindgen")?;
    let found = probe(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(version.as_str()) {
        step(&format!("wasm-bindgen-cli {version}: present"));
        return Ok(());
    }
    step(&format!(
        "wasm-bindgen-cli {version}: installing (a few minutes)"
    ));
    // Not `--locked`: the CLI's own lockfile names a webpki-roots release the registry lacks.
    run(command("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))
}

fn cargo_tool(name: &str, version: &str) -> Result {
    let found = probe(command(name).arg("--version")).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(version) {
        step(&format!("{name} {version}: present"));
        return Ok(());
    }
    step(&format!("{name} {version}: installing (a few minutes)"));
    run(command("cargo").args(["install", name, "--version", version, "--locked"]))
}

/// `wasm-split-cli` has no `--version`: cargo's own list of installed crates says which.
fn wasm_split_cli() -> Result {
    let crate_name = "wasm_split_cli_support";
    let listed = probe(command("cargo").args(["install", "--list"])).unwrap_or_default();
    let wanted = format!("{crate_name} v{WASM_SPLIT_VERSION}:");
    if listed.lines().any(|line| line.starts_with(&wanted)) {
        step(&format!("wasm-split-cli {WASM_SPLIT_VERSION}: present"));
        return Ok(());
    }
    step(&format!(
        "wasm-split-cli {WASM_SPLIT_VERSION}: installing (a minute or two)"
    ));
    run(command("cargo")
        .args(["install", crate_name, "--version", WASM_SPLIT_VERSION])
        .args(["--features", "build-binary", "--locked"]))
}

fn chromium() -> Result {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        step("Chromium and ChromeDriver: present");
        return Ok(());
    }
    let apt = "apt-get update && apt-get install -y chromium chromium-driver";
    let uid = probe(std::process::Command::new("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        return Err(format!(
            "Chromium is needed for the browser tests. As root, run:\n    {apt}\nthen run this command again."
        )
        .into());
    }
    step("Chromium and ChromeDriver: installing from Debian");
    run(command("apt-get").arg("update"))?;
    run(command("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// `npm ci` when node_modules is missing or older than the lockfile.
fn npm_tools() -> Result {
    let lock = root().join("package-lock.json");
    let installed = root().join("node_modules/.package-lock.json");
    let fresh = match (installed.metadata(), lock.metadata()) {
        (Ok(installed), Ok(lock)) => installed.modified()? >= lock.modified()?,
        _ => false,
    };
    if fresh && root().join("node_modules/.bin/wasm-opt").exists() {
        step("npm tools (binaryen, esbuild, playwright-core, axe-core): present");
        return Ok(());
    }
    step("npm tools (binaryen, esbuild, playwright-core, axe-core): npm ci");
    run(command("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// The version of `package` recorded in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + end].to_owned())
}
