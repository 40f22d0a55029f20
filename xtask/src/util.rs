//! Small helpers shared by the commands: paths, running tools, the tool PATH.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Every xtask error is a message for the person at the terminal.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The workspace root (the widget crate's directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Prints a step heading, so a long run reads as a list of what happened.
pub fn step(message: &str) {
    println!("==> {message}");
}

/// `PATH` with the npm tools (the good wasm-opt) and cargo's bin directory first: Debian's
/// binaryen is broken for Leptos modules and must never win.
pub fn tool_path() -> OsString {
    let mut dirs = vec![root().join("node_modules/.bin"), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// A command run from the workspace root with the tool PATH.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root()).env("PATH", tool_path());
    command
}

/// A TCP port free on loopback right now, for a server started next.
pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind(("127.0.0.1", 0))?
        .local_addr()?
        .port())
}

/// Runs a command to completion, failing with its command line when it fails.
pub fn run(command: &mut Command) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("cannot start {}: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(command)).into())
    }
}

/// Runs a command and returns its stdout, or `None` when it can't start or fails (used to
/// probe whether a tool is installed).
pub fn probe(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The command line, for messages.
pub fn describe(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// The value of `key` in the `[package]` table of a Cargo.toml (a plain string value).
pub fn package_field(manifest: &str, key: &str) -> Option<String> {
    let package = manifest.split("\n[").find(|table| {
        table.starts_with("[package]") || table.trim_start().starts_with("package]")
    })?;
    package.lines().find_map(|line| {
        let value = line.trim().strip_prefix(key)?.trim_start();
        let value = value.strip_prefix('=')?.trim();
        Some(value.trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::{package_field, root};

    #[test]
    fn reads_the_crate_version() {
        let manifest = "[workspace]\nmembers = [\"sim\"]\n\n[package]\nname = \"support-widget\"\n\
                        version = \"0.1.0\"\n\n[dependencies]\nversion-x = \"9\"\n";
        assert_eq!(package_field(manifest, "version").as_deref(), Some("0.1.0"));
        let real = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
        assert!(package_field(&real, "version").is_some_and(|v| v.split('.').count() == 3));
    }
}
