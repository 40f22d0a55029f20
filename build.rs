//! The stylesheet compiled into the wasm, without its comments and indentation: the
//! comments document theming for people who read `style/support-widget.css` (it ships in
//! `dist/` as it is), and in the wasm they would only cost bytes.

use std::path::Path;
use std::{env, fs};

const SOURCE: &str = "style/support-widget.css";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    let css = fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("support-widget.css");
    fs::write(&out, compact(&css)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
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
