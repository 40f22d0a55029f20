//! The release wasm cut into a main module and lazily loaded chunks, named by content.
//!
//! The crate marks its split points with Leptos's `wasm_split` (under `--cfg sw_split`, see
//! `src/ui/shell.rs`). Linked with `--emit-relocs`, the wasm keeps what `wasm-split-cli`
//! (crate `wasm_split_cli_support`) needs to move each split point's code, and what only it
//! reaches, into a chunk of its own. Then wasm-bindgen writes the glue for the main module
//! (`--keep-lld-exports`: the chunks import the main module's memory, table and functions by
//! their linker names), and every module is optimised on its own.
//!
//! The names: `__wasm_split.js` (the splitter's loader for the chunks) and the glue import
//! each other, so neither can be named by its own content alone. Both carry one hash of both
//! files' content (with the chunks' hashed names already in it): any change to either renames
//! both, and a CDN may cache every file for ever.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{command, run, step, Result};

/// The splitter's JS loader for the chunks, as `wasm-split-cli` names it.
const SPLIT_LOADER: &str = "__wasm_split.js";

/// One module of the split build, optimised.
pub struct Module {
    /// The chunk's name (`tickets`), or `core` for the main module.
    pub name: String,
    /// Its optimised bytes.
    pub wasm: Vec<u8>,
}

/// What the split step leaves for `dist`: the modules and the two JS files, not yet named.
pub struct SplitBuild {
    /// The main module first, then each chunk by name.
    pub modules: Vec<Module>,
    /// wasm-bindgen's glue for the main module, unminified.
    pub glue: PathBuf,
    /// The splitter's loader for the chunks, unminified.
    pub chunk_loader: PathBuf,
}

/// Splits `linked` (the wasm as the linker wrote it, with relocations) in `work`, writes the
/// glue, and optimises every module with `optimise`.
pub fn split(
    linked: &Path,
    work: &Path,
    optimise: &(dyn Fn(&Path, &Path) -> Result + Sync),
) -> Result<SplitBuild> {
    let cut = work.join("cut");
    let bound = work.join("bound");
    if work.exists() {
        fs::remove_dir_all(work)?;
    }
    fs::create_dir_all(&cut)?;
    step("cutting the wasm into a main module and chunks with wasm-split-cli");
    run(command("wasm-split-cli")
        .args(["--target", "web", "--out-name", "support-widget-core"])
        .arg(linked)
        .arg(&cut))?;
    step("writing the main module's glue with wasm-bindgen");
    run(command("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle"])
        .args(["--out-name", "support-widget-core", "--out-dir"])
        .arg(&bound)
        .arg(cut.join("support-widget-core.wasm")))?;

    let mut inputs = vec![("core".to_owned(), bound.join("support-widget-core_bg.wasm"))];
    for entry in fs::read_dir(&cut)? {
        let path = entry?.path();
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some(chunk) = file
            .strip_prefix("split_")
            .and_then(|f| f.strip_suffix(".wasm"))
        {
            inputs.push((chunk.to_owned(), path.clone()));
        }
    }
    // Chunks in a fixed order, so the report's lines don't move between builds.
    inputs[1..].sort();
    if inputs.len() < 2 {
        return Err(
            "wasm-split-cli wrote no chunk: was the wasm built with --cfg sw_split?".into(),
        );
    }

    step(&format!(
        "optimising {} modules with wasm-opt (in parallel)",
        inputs.len()
    ));
    // Errors as text: they cross threads.
    let optimised: Vec<std::result::Result<Module, String>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = inputs
            .iter()
            .map(|(name, input)| {
                scope.spawn(move || {
                    let output = work.join(format!("{name}.opt.wasm"));
                    optimise(input, &output).map_err(|e| e.to_string())?;
                    let wasm = fs::read(&output).map_err(|e| e.to_string())?;
                    Ok(Module {
                        name: name.clone(),
                        wasm,
                    })
                })
            })
            .collect();
        jobs.into_iter()
            .map(|job| {
                job.join()
                    .unwrap_or_else(|_| Err("wasm-opt thread panicked".into()))
            })
            .collect()
    });
    let modules = optimised
        .into_iter()
        .collect::<std::result::Result<_, String>>()?;
    Ok(SplitBuild {
        modules,
        glue: bound.join("support-widget-core.js"),
        chunk_loader: cut.join(SPLIT_LOADER),
    })
}

/// The file name of chunk `name` whose content hashes to `hash`.
pub fn chunk_file(name: &str, hash: &str) -> String {
    format!("support-widget-{name}.{hash}.wasm")
}

/// The chunk loader with the chunks' file names put in: `./split_NAME.wasm` becomes `files`'
/// name for NAME. Fails when a chunk isn't named there exactly once.
pub fn name_chunks(chunk_loader: &str, files: &[(String, String)]) -> Result<String> {
    let mut named = chunk_loader.to_owned();
    for (chunk, file) in files {
        named = replace_once(
            &named,
            &format!("\"./split_{chunk}.wasm\""),
            &format!("\"./{file}\""),
        )?;
    }
    Ok(named)
}

/// The glue and the chunk loader, each pointed at the other's final name.
pub fn link_glue_and_loader(
    glue: &str,
    chunk_loader: &str,
    glue_file: &str,
    chunk_loader_file: &str,
) -> Result<(String, String)> {
    // Only the import's specifier: the glue also names the module in the wasm's imports
    // object, a key that must stay what the wasm asks for.
    let glue = replace_once(
        glue,
        &format!("from\"./{SPLIT_LOADER}\""),
        &format!("from\"./{chunk_loader_file}\""),
    )?;
    let chunk_loader = replace_once(
        chunk_loader,
        "from\"./support-widget-core.js\"",
        &format!("from\"./{glue_file}\""),
    )?;
    Ok((glue, chunk_loader))
}

/// `text` with its one `from` replaced by `to`; an error when `from` appears other than once
/// (the splitter's or wasm-bindgen's output changed shape, and a wrong name would 404).
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => {
            Err(format!("expected {from} once in the split build's JS, found it {n} times").into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_and_glue_names_are_put_in_exactly_once() {
        let loader = r#"import{initSync as a}from"./support-widget-core.js";fetch(new URL("./split_tickets.wasm",import.meta.url))"#;
        let files = [("tickets".to_owned(), chunk_file("tickets", "abc"))];
        let named = name_chunks(loader, &files).unwrap();
        assert!(
            named.contains(r#""./support-widget-tickets.abc.wasm""#),
            "{named}"
        );
        let glue = r#"import*as i from"./__wasm_split.js";x={"./__wasm_split.js":i}"#;
        let (glue, named) = link_glue_and_loader(
            glue,
            &named,
            "support-widget-core.h.js",
            "support-widget-split.h.js",
        )
        .unwrap();
        assert_eq!(
            glue,
            r#"import*as i from"./support-widget-split.h.js";x={"./__wasm_split.js":i}"#
        );
        assert!(named.starts_with(r#"import{initSync as a}from"./support-widget-core.h.js""#));
    }

    #[test]
    fn a_name_missing_or_twice_is_an_error() {
        let files = [("other".to_owned(), chunk_file("other", "abc"))];
        assert!(name_chunks(r#""./split_tickets.wasm""#, &files).is_err());
        assert!(replace_once(r#""a" "a""#, r#""a""#, "b").is_err());
    }
}
