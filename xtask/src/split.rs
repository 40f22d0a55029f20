//! The release wasm cut into a main module and lazily loaded chunks, named by content.
//!
//! The crate marks its split points with Leptos's `wasm_split` (under `--cfg sw_split`, see
//! `src/ui/shell.rs`). Linked with `--emit-relocs`, the wasm keeps what `wasm-split-cli`
//! (crate `wasm_split_cli_support`) needs to move each split point's code, and what only it
//! reaches, into a chunk of its own. Then wasm-bindgen writes the glue for the main module
//! (`--keep-lld-exports`: the chunks import the main module's memory, table and functions by
//! their linker names), and every module is optimised on its own.
//!
//! The splitter's loader for the chunks (`__wasm_split.js`) is written into the glue, so the
//! browser fetches one script before the wasm, not two in a row ([`merge_chunk_loader`]).
//! Every file is named by its content; the glue names the chunks, so its hash covers theirs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::import_names::is_identifier_char;
use crate::unused_exports;
use crate::util::{command, run, step, Result};

/// The splitter's JS loader for the chunks, as `wasm-split-cli` names it.
const SPLIT_LOADER: &str = "__wasm_split.js";

/// One module of the split build, optimised.
pub struct Module {
    /// The chunk's name (`tickets`, or `chunk_3` for code several split points share), or
    /// `core` for the main module.
    pub name: String,
    /// Its optimised bytes.
    pub wasm: Vec<u8>,
}

/// What the split step leaves for `dist`: the modules and the glue, not yet named.
pub struct SplitBuild {
    /// The main module first, then each chunk by name.
    pub modules: Vec<Module>,
    /// wasm-bindgen's glue for the main module with the splitter's chunk loader inside it,
    /// unminified; it still names each chunk `./split_NAME.wasm` (see [`name_chunks`]).
    pub glue: PathBuf,
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
        if let Some(chunk) = chunk_name(file) {
            inputs.push((chunk.to_owned(), path.clone()));
        }
    }
    // Chunks in a fixed order, so the report's lines don't move between builds.
    inputs[1..].sort();
    if let Some(pair) = inputs.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(format!(
            "two chunks named {:?}: a split point may not be named like the splitter's shared \
             chunks (chunk_N)",
            pair[0].0
        )
        .into());
    }
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
    let glue = merge_chunk_loader(
        &unused_exports::drop_classes(&fs::read_to_string(bound.join("support-widget-core.js"))?)?,
        &fs::read_to_string(cut.join(SPLIT_LOADER))?,
    )?;
    let glue = fetch_chunks_through_early(&export_early_read(&glue)?)?;
    let merged = bound.join("support-widget-core.merged.js");
    fs::write(&merged, glue)?;
    Ok(SplitBuild {
        modules,
        glue: merged,
    })
}

/// The glue re-exporting `early` from `loader/early.js`, which wasm-bindgen copied beside it
/// as a snippet (the transport imports its `take`): the loader calls `early` at the tap, before
/// the wasm is there. esbuild then bundles the snippet into the glue, so it is no extra file.
pub fn export_early_read(glue: &str) -> Result<String> {
    let path = early_module(glue)?;
    Ok(format!("{glue}export {{ early }} from \"{path}\";\n"))
}

/// The chunk loader fetching each chunk through `loader/early.js`'s `takeChunk`, which hands
/// over a download started at the tap (a first screen in a chunk: `view: "tickets"`) or
/// starts one; `knowChunks` tells it each chunk's URL, spelled as the chunk loader spelled it
/// (`new URL("./split_NAME.wasm", import.meta.url)`, which `name_chunks` renames and bundlers
/// find). Fails when the chunk loader fetches no chunk that way.
pub fn fetch_chunks_through_early(glue: &str) -> Result<String> {
    let path = early_module(glue)?.to_owned();
    let (start, end) = ("fetch(new URL(\"./", "\", import.meta.url))");
    let mut routed = String::new();
    let mut names = Vec::new();
    let mut rest = glue;
    while let Some(at) = rest.find(start) {
        let after = &rest[at + start.len()..];
        let file_len = after
            .find(end)
            .ok_or("a chunk fetch the splitter didn't write")?;
        let file = &after[..file_len];
        let name = chunk_name(file)
            .filter(|name| !name.is_empty() && name.chars().all(is_identifier_char))
            .ok_or_else(|| format!("odd chunk file {file:?} in the chunk loader"))?;
        routed.push_str(&rest[..at]);
        routed.push_str(&format!("takeChunk({name:?})"));
        names.push(name.to_owned());
        rest = &after[file_len + end.len()..];
    }
    if names.is_empty() {
        return Err("the chunk loader fetches no chunk".into());
    }
    routed.push_str(rest);
    let listed: Vec<String> = names
        .iter()
        .map(|name| {
            let file = splitter_file(name);
            format!("{name}: new URL(\"./{file}\", import.meta.url).href")
        })
        .collect();
    Ok(format!(
        "{routed}import {{ knowChunks, takeChunk }} from \"{path}\";\nknowChunks({{ {} }});\n",
        listed.join(", ")
    ))
}

/// Where the glue imports `loader/early.js` from (wasm-bindgen's snippet copy).
fn early_module(glue: &str) -> Result<&str> {
    glue.lines()
        .filter(|line| line.starts_with("import "))
        .find_map(|line| {
            let (_, from) = line.split_once(" from ")?;
            let path = from.trim_end_matches(';').trim_matches(['\'', '"']);
            (path.starts_with("./snippets/") && path.ends_with("/loader/early.js")).then_some(path)
        })
        .ok_or_else(|| "the glue doesn't import loader/early.js".into())
}

/// The glue naming the language files the split build carries apart (`knowTexts` in
/// `loader/early.js`): `files` are (language tag, file name beside the glue). Each is spelled
/// `new URL("./FILE", import.meta.url)`, the form Vite and webpack find and emit.
pub fn register_language_files(glue: &str, files: &[(&str, String)]) -> Result<String> {
    let path = early_module(glue)?;
    let listed: Vec<String> = files
        .iter()
        .map(|(tag, file)| format!("{tag:?}: new URL(\"./{file}\", import.meta.url).href"))
        .collect();
    Ok(format!(
        "{glue}import {{ knowTexts }} from \"{path}\";\nknowTexts({{ {} }});\n",
        listed.join(", ")
    ))
}

/// `text` with each file name of `renames` (`"./FROM"`, quoted as esbuild writes it) replaced
/// by its new name; fails when one isn't there exactly once.
pub fn rename_files(text: &str, renames: &[(String, String)]) -> Result<String> {
    let mut renamed = text.to_owned();
    for (from, to) in renames {
        renamed = replace_once(&renamed, &format!("\"./{from}\""), &format!("\"./{to}\""))?;
    }
    Ok(renamed)
}

/// The glue with the chunk loader written into it, as one module. Apart, the glue imports the
/// loader statically, so the browser could only start on the wasm once a second script had
/// come back: one more round trip before the download (150 ms on slow 4G). Together they
/// are also one file to compress. The loader's `import { initSync }` of the glue becomes the
/// glue's own `initSync`, and the glue's `import * as NAME` of the loader an object of the
/// loader's functions (the wasm's imports object keeps the module name the wasm asks for).
pub fn merge_chunk_loader(glue: &str, chunk_loader: &str) -> Result<String> {
    // wasm-bindgen imports the loader once per group of functions the wasm takes from it: with
    // two split points or more, several times under several names.
    let import_lines: Vec<&str> = glue
        .lines()
        .filter(|line| {
            line.starts_with("import * as ") && line.contains(&format!("\"./{SPLIT_LOADER}\""))
        })
        .collect();
    let namespaces = import_lines
        .iter()
        .map(|line| {
            line.trim_start_matches("import * as ")
                .split_whitespace()
                .next()
                .ok_or("the glue's import of the chunk loader has no name")
        })
        .collect::<std::result::Result<Vec<&str>, _>>()?;
    let Some((namespace, aliases)) = namespaces.split_first() else {
        return Err("the glue doesn't import the chunk loader".into());
    };
    if !glue.contains("\nfunction initSync(") {
        return Err("the glue has no initSync for the chunk loader".into());
    }
    let mut loader = String::new();
    let mut exported = Vec::new();
    let mut own_names = Vec::new();
    for line in chunk_loader.lines() {
        if line.starts_with("import ") {
            if line.trim_end_matches(';') != "import { initSync } from \"./support-widget-core.js\""
            {
                return Err(format!("the chunk loader imports something else: {line}").into());
            }
            continue;
        }
        let line = match line.strip_prefix("export const ") {
            Some(rest) => {
                exported.push(identifier(rest).to_owned());
                format!("const {rest}")
            }
            None => line.to_owned(),
        };
        for keyword in ["let ", "const ", "function "] {
            if let Some(rest) = line.strip_prefix(keyword) {
                own_names.push(identifier(rest).to_owned());
            }
        }
        loader.push_str(&line);
        loader.push('\n');
    }
    if exported.is_empty() {
        return Err("the chunk loader exports no loader".into());
    }
    // Both live in one scope now: a name of the loader's must be new to the glue.
    if let Some(clash) = own_names.iter().find(|name| holds_identifier(glue, name)) {
        return Err(
            format!("the glue already has a `{clash}`; the chunk loader can't join it").into(),
        );
    }
    let mut glue = glue.to_owned();
    for line in &import_lines {
        glue = glue.replacen(&format!("{line}\n"), "", 1);
    }
    let aliases: String = aliases
        .iter()
        .map(|alias| format!("const {alias} = {namespace};\n"))
        .collect();
    Ok(format!(
        "{glue}\n// wasm-split-cli's chunk loader\n{loader}const {namespace} = {{ {} }};\n{aliases}",
        exported.join(", ")
    ))
}

/// The identifier `text` starts with.
fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !is_identifier_char(c))
        .unwrap_or(text.len());
    &text[..end]
}

/// Whether `name` occurs in `text` as a whole identifier.
fn holds_identifier(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        !text[..at].ends_with(is_identifier_char)
            && !text[at + name.len()..].starts_with(is_identifier_char)
    })
}

/// The file name of chunk `name` whose content hashes to `hash`.
pub fn chunk_file(name: &str, hash: &str) -> String {
    format!("support-widget-{name}.{hash}.wasm")
}

/// The glue (holding the chunk loader) with the chunks' file names put in: the splitter's
/// name for each chunk ([`splitter_file`]) becomes `files`' name for it. Fails when a chunk
/// isn't named there exactly once.
pub fn name_chunks(glue: &str, files: &[(String, String)]) -> Result<String> {
    let renames: Vec<(String, String)> = files
        .iter()
        .map(|(chunk, file)| (splitter_file(chunk), file.clone()))
        .collect();
    rename_files(glue, &renames)
}

/// The chunk a file of wasm-split-cli's holds: `split_NAME.wasm` is split point NAME's own
/// code, `chunk_N.wasm` code that several split points share (named `chunk_N` here too).
fn chunk_name(file: &str) -> Option<&str> {
    let stem = file.strip_suffix(".wasm")?;
    match stem.strip_prefix("split_") {
        Some(name) => Some(name),
        None => stem
            .strip_prefix("chunk_")
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .map(|_| stem),
    }
}

/// The file name wasm-split-cli gave chunk `name`: `chunk_N.wasm` for a shared chunk's name,
/// else the split point's `split_NAME.wasm` (what [`chunk_name`] reads back).
fn splitter_file(name: &str) -> String {
    match chunk_name(&format!("{name}.wasm")) {
        Some(shared) if shared == name => format!("{name}.wasm"),
        _ => format!("split_{name}.wasm"),
    }
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

    const GLUE: &str = "import * as import1 from \"./__wasm_split.js\"\n\nfunction f() {\n    return { \"./__wasm_split.js\": import1 };\n}\nfunction initSync(module) {}\nexport { initSync };\n";
    const LOADER: &str = "import { initSync } from \"./support-widget-core.js\";\n\nlet sharedImports = undefined;\nfunction getSharedImports() { return initSync(undefined, undefined); }\nexport const __wasm_split_load_tickets = () => fetch(new URL(\"./split_tickets.wasm\", import.meta.url));\n";

    #[test]
    fn the_glue_re_exports_the_early_read() {
        let glue = "import { take } from './snippets/support-widget-0123/loader/early.js';\nexport { initSync };\n";
        let exported = export_early_read(glue).unwrap();
        assert!(exported.starts_with(glue));
        assert!(exported.ends_with(
            "export { early } from \"./snippets/support-widget-0123/loader/early.js\";\n"
        ));
        assert!(export_early_read("export { initSync };\n").is_err());
        assert!(export_early_read("import { take } from './snippets/x/other.js';\n").is_err());
    }

    #[test]
    fn chunks_are_fetched_through_the_early_module() {
        let glue = "import { take } from './snippets/sw-1/loader/early.js';\nconst src = fetch(new URL(\"./split_tickets.wasm\", import.meta.url));\n";
        let routed = fetch_chunks_through_early(glue).unwrap();
        assert!(
            routed.contains("const src = takeChunk(\"tickets\");\n"),
            "{routed}"
        );
        assert!(routed.ends_with(
            "import { knowChunks, takeChunk } from \"./snippets/sw-1/loader/early.js\";\nknowChunks({ tickets: new URL(\"./split_tickets.wasm\", import.meta.url).href });\n"
        ), "{routed}");
        // Named once, so the chunk's hashed name goes in at one place.
        let named = name_chunks(
            &routed,
            &[("tickets".into(), "support-widget-tickets.0a.wasm".into())],
        )
        .unwrap();
        assert!(
            named.contains("new URL(\"./support-widget-tickets.0a.wasm\""),
            "{named}"
        );
        assert!(fetch_chunks_through_early(
            "import { take } from './snippets/sw-1/loader/early.js';\n"
        )
        .is_err());
    }

    #[test]
    fn the_glue_names_the_language_files_and_they_get_their_hashed_names() {
        let glue = "import { take } from './snippets/sw-1/loader/early.js';\n";
        let files = [
            ("de", "support-widget-de.txt".to_owned()),
            ("pt-BR", "support-widget-pt-BR.txt".to_owned()),
        ];
        let registered = register_language_files(glue, &files).unwrap();
        assert!(registered.ends_with(
            "import { knowTexts } from \"./snippets/sw-1/loader/early.js\";\nknowTexts({ \"de\": new URL(\"./support-widget-de.txt\", import.meta.url).href, \"pt-BR\": new URL(\"./support-widget-pt-BR.txt\", import.meta.url).href });\n"
        ), "{registered}");
        let renames = [(
            "support-widget-de.txt".to_owned(),
            "support-widget-de.0a1b.txt".to_owned(),
        )];
        let renamed = rename_files(&registered, &renames).unwrap();
        assert!(
            renamed.contains("\"./support-widget-de.0a1b.txt\""),
            "{renamed}"
        );
        assert!(
            rename_files(glue, &renames).is_err(),
            "a name that isn't there is an error"
        );
    }

    #[test]
    fn the_chunk_loader_joins_the_glue_as_one_module() {
        let merged = merge_chunk_loader(GLUE, LOADER).unwrap();
        assert!(!merged.contains("import "), "no import is left: {merged}");
        assert!(!merged.contains("export const"), "{merged}");
        // The wasm's imports object still names the module the wasm asks for.
        assert!(merged.contains("{ \"./__wasm_split.js\": import1 }"));
        assert!(
            merged.ends_with("const import1 = { __wasm_split_load_tickets };\n"),
            "{merged}"
        );
        assert!(merged.contains("return initSync(undefined, undefined);"));

        let files = [("tickets".to_owned(), chunk_file("tickets", "abc"))];
        let named = name_chunks(&merged, &files).unwrap();
        assert!(
            named.contains("\"./support-widget-tickets.abc.wasm\""),
            "{named}"
        );
    }

    #[test]
    fn a_clash_or_an_unexpected_import_is_refused() {
        let clashing = GLUE.replace("function f()", "let sharedImports; function f()");
        assert!(merge_chunk_loader(&clashing, LOADER).is_err());
        let other_import = LOADER.replace("\"./support-widget-core.js\"", "\"./elsewhere.js\"");
        assert!(merge_chunk_loader(GLUE, &other_import).is_err());
        assert!(merge_chunk_loader("function initSync(){}", LOADER).is_err());
        assert!(holds_identifier("a sharedImports b", "sharedImports"));
        assert!(!holds_identifier("my_sharedImports2", "sharedImports"));
    }

    #[test]
    fn shared_chunks_keep_the_splitters_name() {
        assert_eq!(chunk_name("split_tickets.wasm"), Some("tickets"));
        assert_eq!(chunk_name("chunk_3.wasm"), Some("chunk_3"));
        assert_eq!(chunk_name("chunk_.wasm"), None);
        assert_eq!(chunk_name("support-widget-core.wasm"), None);
        assert_eq!(splitter_file("tickets"), "split_tickets.wasm");
        assert_eq!(splitter_file("chunk_3"), "chunk_3.wasm");

        let glue = "import { take } from './snippets/sw-1/loader/early.js';\nconst a = fetch(new URL(\"./chunk_3.wasm\", import.meta.url));\nconst b = fetch(new URL(\"./split_tickets.wasm\", import.meta.url));\n";
        let routed = fetch_chunks_through_early(glue).unwrap();
        assert!(
            routed.contains("const a = takeChunk(\"chunk_3\");"),
            "{routed}"
        );
        assert!(
            routed.contains("knowChunks({ chunk_3: new URL(\"./chunk_3.wasm\", import.meta.url).href, tickets: new URL(\"./split_tickets.wasm\", import.meta.url).href });"),
            "{routed}"
        );
        let files = [
            ("chunk_3".to_owned(), chunk_file("chunk_3", "c3")),
            ("tickets".to_owned(), chunk_file("tickets", "t1")),
        ];
        let named = name_chunks(&routed, &files).unwrap();
        assert!(
            named.contains("\"./support-widget-chunk_3.c3.wasm\""),
            "{named}"
        );
        assert!(
            named.contains("\"./support-widget-tickets.t1.wasm\""),
            "{named}"
        );
        assert!(fetch_chunks_through_early(&glue.replace("chunk_3", "other")).is_err());
    }

    #[test]
    fn a_loader_imported_twice_is_one_object() {
        let glue = GLUE.replace(
            "\n\nfunction f()",
            "\nimport * as import2 from \"./__wasm_split.js\"\n\nfunction f()",
        );
        let merged = merge_chunk_loader(&glue, LOADER).unwrap();
        assert!(!merged.contains("import "), "{merged}");
        assert!(
            merged.ends_with(
                "const import1 = { __wasm_split_load_tickets };\nconst import2 = import1;\n"
            ),
            "{merged}"
        );
    }

    #[test]
    fn a_name_missing_or_twice_is_an_error() {
        let files = [("other".to_owned(), chunk_file("other", "abc"))];
        assert!(name_chunks(r#""./split_tickets.wasm""#, &files).is_err());
        assert!(replace_once(r#""a" "a""#, r#""a""#, "b").is_err());
    }
}
