//! The stylesheet compiled into the wasm, without its comments and indentation: the
//! comments document theming for people who read `style/support-widget.css` (it ships in
//! `dist/` as it is), and in the wasm they would only cost bytes. It is cut in two at
//! [`TICKETS_MARKER`]: the rules before it are adopted at mount, the rules after it ("My
//! tickets") are added when that screen is first drawn, so in the split build they travel in
//! its chunk (`src/ui/style.rs`).

use std::path::Path;
use std::{env, fs};

const SOURCE: &str = "style/support-widget.css";
/// Where the "My tickets" rules begin: a top-level comment of the stylesheet.
const TICKETS_MARKER: &str = "/* ===== \"My tickets\"";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    let css = fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let at = css
        .find(TICKETS_MARKER)
        .unwrap_or_else(|| panic!("{SOURCE}: no `{TICKETS_MARKER}` comment"));
    let (base, tickets) = css.split_at(at);
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).to_owned();
    for (name, part) in [
        ("support-widget.css", base),
        ("support-widget-tickets.css", tickets),
    ] {
        let file = out.join(name);
        fs::write(&file, compact(part)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

/// `css` without `/* … */` comments, every run of white space made one space. The stylesheet
/// has no comment markers or repeated spaces inside strings, so nothing else changes.
fn compact(css: &str) -> String {
    let mut kept = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        kept.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    kept.push_str(rest);
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}
