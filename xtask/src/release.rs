//! `cargo xtask release [--snapshot]`: what a host takes, in `release/`:
//!
//! ```text
//! release/support-widget-<version>.tar.gz   the files to host: loader, hashed glue and wasm files,
//!                                           stylesheet, size report, CHANGELOG section, licence
//! release/support-widget-<version>.tgz      the npm package (`npm pack` of dist/npm)
//! ```
//!
//! The version is the widget crate's (`Cargo.toml`); its CHANGELOG section (`## <version>`) goes
//! into both. Cutting a release means renaming "Unreleased" to the version first. `--snapshot`
//! packs the "Unreleased" section as `<version>-snapshot`, to try the artifacts before that.

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::{command, package_field, root, run, step, Result};
use crate::{dist, setup};

/// What the archive's README says: how to host the files.
const HOSTING: &str = "\
# support-widget {VERSION}

Host these files together, in one folder of your site or CDN:

- `support-widget.js`: the loader, the only file your pages link. Its name never changes:
  serve it with a short cache lifetime (e.g. `Cache-Control: max-age=300`).
- `support-widget-core.<hash>.js` and `support-widget-core.<hash>.wasm`: loaded by the loader from its own folder when the widget
  is first used; `support-widget-tickets.<hash>.wasm`: \"My tickets\", fetched after the panel
  opens. Their names change with their content: cache them forever
  (`Cache-Control: max-age=31536000, immutable`).
- `support-widget.css`: the stylesheet (already inside the wasm; only for reading the custom
  properties).

Serve `.wasm` as `application/wasm` (for streaming compilation) and, when the folder is on
another origin than your pages, with `Access-Control-Allow-Origin` (the loader imports the glue
and fetches the wasm files cross-origin). The `.br` and `.gz` copies beside each file are the
same bytes compressed: send them with `Content-Encoding` and `Vary: Accept-Encoding`.

Then, on your pages:

    <script async src=\"https://YOUR-CDN/support-widget/support-widget.js\"
            data-subdomain=\"YOUR-SUBDOMAIN\"></script>

What changed in this version: CHANGELOG.md. Sizes: size-report.json.
";

/// Builds `dist/` and packs the release archive and the npm tarball into `release/`.
pub fn release(snapshot: bool) -> Result {
    let root = root();
    let version = package_field(&fs::read_to_string(root.join("Cargo.toml"))?, "version")
        .ok_or("Cargo.toml has no package version")?;
    let changelog = fs::read_to_string(root.join("CHANGELOG.md"))?;
    let (label, notes) = if snapshot {
        let notes = changelog_section(&changelog, "Unreleased")
            .ok_or("CHANGELOG.md has no \"Unreleased\" section to pack as a snapshot")?;
        (format!("{version}-snapshot"), notes)
    } else {
        let notes = changelog_section(&changelog, &version).ok_or_else(|| {
            format!(
                "CHANGELOG.md has no section for {version}: rename \"## Unreleased\" to \
                 \"## {version}\" (with the date) to cut the release, or try the artifacts with \
                 `cargo xtask release --snapshot`"
            )
        })?;
        (version.clone(), notes)
    };
    setup::setup()?;
    let report = dist::dist()?;
    if let Some((name, _, detail)) = report.budget_checks().into_iter().find(|(_, ok, _)| !ok) {
        return Err(format!("not releasing over budget: {name} ({detail})").into());
    }

    let dist = root.join("dist");
    let stage = root.join("target/release-stage");
    let out = root.join("release");
    if stage.exists() {
        fs::remove_dir_all(&stage)?;
    }
    fs::create_dir_all(&out)?;
    let name = format!("support-widget-{label}");
    let files = stage.join(&name);
    fs::create_dir_all(&files)?;
    step(&format!("packing {name}"));
    for entry in fs::read_dir(&dist)? {
        let path = entry?.path();
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let hosted = file.starts_with("support-widget") || file == "size-report.json";
        if path.is_file() && hosted {
            fs::copy(&path, files.join(file))?;
        }
    }
    let notes = format!("# Changelog\n\n{notes}");
    fs::write(files.join("CHANGELOG.md"), &notes)?;
    fs::write(
        files.join("README.md"),
        HOSTING.replace("{VERSION}", &label),
    )?;
    fs::copy(root.join("LICENSE-MIT"), files.join("LICENSE-MIT"))?;
    let archive = out.join(format!("{name}.tar.gz"));
    // Sorted, with fixed times and owners: the same build packs to the same bytes.
    run(command("tar")
        .args([
            "--sort=name",
            "--mtime=@0",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
        ])
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(&stage)
        .arg(&name))?;

    step("npm pack");
    let npm = stage.join("npm");
    copy_dir(&dist.join("npm"), &npm)?;
    let mut package: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(npm.join("package.json"))?)?;
    package["version"] = label.clone().into();
    package["license"] = "MIT".into();
    if let Some(files) = package["files"].as_array_mut() {
        for extra in ["CHANGELOG.md", "README.md", "LICENSE-MIT"] {
            files.push(extra.into());
        }
    }
    fs::write(
        npm.join("package.json"),
        serde_json::to_string_pretty(&package)? + "\n",
    )?;
    fs::write(npm.join("CHANGELOG.md"), &notes)?;
    fs::write(npm.join("README.md"), HOSTING.replace("{VERSION}", &label))?;
    fs::copy(root.join("LICENSE-MIT"), npm.join("LICENSE-MIT"))?;
    run(command("npm")
        .args(["pack", "--silent", "--pack-destination"])
        .arg(&out)
        .current_dir(&npm))?;
    let tarball = out.join(format!("{name}.tgz"));
    if !tarball.is_file() {
        return Err(format!("npm pack wrote no {}", tarball.display()).into());
    }

    println!();
    for artifact in [&archive, &tarball] {
        let bytes = fs::read(artifact)?;
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        println!(
            "  {}  {} bytes  sha256 {digest}",
            artifact.strip_prefix(&root).unwrap_or(artifact).display(),
            bytes.len()
        );
    }
    Ok(())
}

/// The body of the `## <name>` section of a changelog (`## 1.2.0`, `## [1.2.0] - 2026-12-01`,
/// `## Unreleased`), up to the next `## ` heading; None when there is no such section.
fn changelog_section(changelog: &str, name: &str) -> Option<String> {
    let mut lines = changelog.lines();
    let heading = lines.find(|line| {
        line.strip_prefix("## ").is_some_and(|title| {
            let title = title.trim_start_matches('[');
            title
                .strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([']', ' ']))
        })
    })?;
    let body: Vec<&str> = lines.take_while(|line| !line.starts_with("## ")).collect();
    Some(format!("{heading}\n\n{}\n", body.join("\n").trim()))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().ok_or("a file without a name")?);
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHANGELOG: &str = "# Changelog\n\nIntro.\n\n## Unreleased\n\n### Added\n- New thing.\n\n\
                             ## [0.2.0] - 2026-11-30\n\n### Fixed\n- Old bug.\n\n## 0.1.0\n\n- First.\n";

    #[test]
    fn finds_the_section_of_a_version() {
        assert_eq!(
            changelog_section(CHANGELOG, "0.2.0").as_deref(),
            Some("## [0.2.0] - 2026-11-30\n\n### Fixed\n- Old bug.\n")
        );
        assert_eq!(
            changelog_section(CHANGELOG, "Unreleased").as_deref(),
            Some("## Unreleased\n\n### Added\n- New thing.\n")
        );
        assert_eq!(
            changelog_section(CHANGELOG, "0.1.0").as_deref(),
            Some("## 0.1.0\n\n- First.\n")
        );
        // 0.1 is not 0.1.0, 0.2.0 is not 0.2.0-beta.
        assert_eq!(changelog_section(CHANGELOG, "0.1"), None);
        assert_eq!(changelog_section(CHANGELOG, "3.0.0"), None);
        assert_eq!(changelog_section("## 0.2.0-beta\n- x\n", "0.2.0"), None);
    }
}
