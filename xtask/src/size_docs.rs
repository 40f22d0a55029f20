//! The widget's size as the docs quote it: one generated table in `docs/size.md`, between two
//! markers, rewritten from the size report by every `cargo xtask dist`. Other pages link to it
//! instead of quoting numbers that drift.

use std::fs;
use std::path::Path;

use crate::size::{Bytes, SizeReport};

/// Where the generated table starts; everything up to [`END`] is replaced.
const BEGIN: &str = "<!-- size-report:begin (written by `cargo xtask dist`; don't edit) -->";
/// Where the generated table ends.
const END: &str = "<!-- size-report:end -->";

/// Rewrites the generated part of `doc` from `report`. Returns whether the file changed; a
/// file without the markers is an error (someone removed them), not silently skipped.
pub fn update(doc: &Path, report: &SizeReport) -> Result<bool, String> {
    let text = fs::read_to_string(doc).map_err(|e| format!("{}: {e}", doc.display()))?;
    let updated = replace_block(&text, &markdown(report)).ok_or_else(|| {
        format!(
            "{}: the markers {BEGIN:?} … {END:?} are missing",
            doc.display()
        )
    })?;
    if updated == text {
        return Ok(false);
    }
    fs::write(doc, updated).map_err(|e| format!("{}: {e}", doc.display()))?;
    Ok(true)
}

/// `text` with what lies between the markers replaced by `block`, or `None` without them.
fn replace_block(text: &str, block: &str) -> Option<String> {
    let start = text.find(BEGIN)? + BEGIN.len();
    let end = start + text[start..].find(END)?;
    Some(format!("{}\n{block}{}", &text[..start], &text[end..]))
}

/// The table: each shipped file, what the host page pays before first use, the whole widget.
fn markdown(report: &SizeReport) -> String {
    let mut out = String::from("| file | what | raw | gzip | brotli |\n|---|---|---|---|---|\n");
    let row = |out: &mut String, file: &str, role: &str, b: Bytes| {
        out.push_str(&format!(
            "| {file} | {role} | {} | {} | {} |\n",
            kb(b.raw),
            kb(b.gzip),
            kb(b.brotli)
        ));
    };
    for artifact in &report.artifacts {
        row(
            &mut out,
            &shown_name(&artifact.file),
            artifact.role,
            artifact.bytes,
        );
    }
    row(
        &mut out,
        "**host page before first use**",
        "the loader",
        report.host_page_before_first_use,
    );
    row(
        &mut out,
        "**first use**",
        "what a tap downloads (files fetched up front or at first use, and the largest language file)",
        report.first_use,
    );
    row(
        &mut out,
        "**whole widget**",
        "all of the above",
        report.whole_widget,
    );
    out
}

/// A file name without its content hash (`name.<hash>.wasm` → `name….wasm`): hashes change
/// with every build, and the table would change with them.
fn shown_name(file: &str) -> String {
    let parts: Vec<&str> = file.split('.').collect();
    match parts.as_slice() {
        [name, _hash, ext] => format!("`{name}….{ext}`"),
        _ => format!("`{file}`"),
    }
}

/// Bytes as KB with one decimal (1 KB = 1,024 bytes, as the budgets count).
fn kb(bytes: u64) -> String {
    format!("{}.{} KB", bytes / 1024, (bytes % 1024) * 10 / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::size::{Artifact, Fetched};

    fn report() -> SizeReport {
        let bytes = |raw, gzip, brotli| Bytes { raw, gzip, brotli };
        SizeReport::new(vec![
            Artifact {
                file: "support-widget.js".into(),
                role: "loader",
                fetched: Fetched::UpFront,
                bytes: bytes(8000, 2937, 2600),
            },
            Artifact {
                file: "support-widget-core.0123abcd.wasm".into(),
                role: "widget (wasm)",
                fetched: Fetched::AtFirstUse,
                bytes: bytes(1_000_000, 350_000, 288_482),
            },
        ])
    }

    #[test]
    fn the_block_between_the_markers_is_replaced_and_the_rest_kept() {
        let doc = format!("# Size\n\nintro\n\n{BEGIN}\nold table\n{END}\n\n## More\n");
        let updated = replace_block(&doc, &markdown(&report())).unwrap();
        assert!(updated.starts_with("# Size\n\nintro\n\n"));
        assert!(updated.ends_with(&format!("{END}\n\n## More\n")));
        assert!(!updated.contains("old table"));
        assert!(updated.contains(
            "| `support-widget-core….wasm` | widget (wasm) | 976.5 KB | 341.7 KB | 281.7 KB |"
        ));
        assert!(updated.contains("| `support-widget.js` | loader |"));
        assert!(updated.contains(
            "| **host page before first use** | the loader | 7.8 KB | 2.8 KB | 2.5 KB |"
        ));
        assert!(updated.contains("| **first use** | what a tap downloads"));
        // Idempotent: the same report gives the same file.
        assert_eq!(
            replace_block(&updated, &markdown(&report())).unwrap(),
            updated
        );
    }

    #[test]
    fn missing_markers_are_reported() {
        assert_eq!(replace_block("# Size\n", "table"), None);
        assert_eq!(replace_block(&format!("{BEGIN}\nno end"), "table"), None);
    }

    #[test]
    fn kilobytes_are_rounded_down_to_a_tenth() {
        assert_eq!(kb(0), "0.0 KB");
        assert_eq!(kb(1024), "1.0 KB");
        assert_eq!(kb(302_731), "295.6 KB");
    }
}
