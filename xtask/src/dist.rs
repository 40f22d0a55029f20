//! `cargo xtask dist`: the distributable in `dist/`.
//!
//! ```text
//! dist/support-widget.js                 loader (the only file a host page loads up front)
//! dist/support-widget-core.<hash>.js     wasm-bindgen glue with wasm-split-cli's chunk
//!                                        loader written in, minified
//! dist/support-widget-core.<hash>.wasm   the main module: what a first tap needs
//! dist/support-widget-<chunk>.<hash>.wasm  a chunk, fetched when its screen is wanted
//!                                        (today `tickets`: My tickets and the conversation)
//! dist/support-widget.css                the stylesheet (also compiled into the wasm)
//! dist/*.br, dist/*.gz                   each file above, brotli- and gzip-compressed, for
//!                                        servers and CDNs that send them as they are
//! dist/index.html, help-center.html,     the demo pages (a shop, a Help Center article, a
//!   spa.html, demo.css, demo.js          single-page app), against the local simulator
//! dist/npm/                              the npm package: package.json, types, files
//! dist/size-report.json                  raw/gzip/brotli bytes, checked by the budget test
//! ```

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::size::{self, Artifact, Bytes, Fetched, SizeReport};
use crate::util::{command, package_field, root, run, step, Result};
use crate::{import_names, split, unused_exports};

/// The loader's file name: stable, so hosts can link it.
pub const LOADER: &str = "support-widget.js";
/// The simulator URL baked into the sample page (the demo's fixed API port).
pub const DEMO_SIM_URL: &str = "http://127.0.0.1:4010";

/// The release wasm's compiler flags, `\x1f`-separated as `CARGO_ENCODED_RUSTFLAGS` wants
/// them: the workspace's own from `.cargo/config.toml` (which this variable replaces, so keep
/// the two alike), and every source path cut to what follows the registry or the repository.
/// Panic locations carry those paths into the wasm: cut, the same sources give the same bytes
/// on any machine, whatever its home directory (and 1 KB less brotli; docs/size.md).
fn release_rustflags(root: &Path) -> String {
    // rustc applies the last remapping that matches: the repository first, so that a cargo
    // home inside it is still cut at its registry.
    let mut flags = vec![
        "--cfg".to_owned(),
        "erase_components".to_owned(),
        format!("--remap-path-prefix={}/=", root.display()),
    ];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|home| fs::canonicalize(&home).unwrap_or(home));
    if let Some(cargo_home) = cargo_home {
        // One directory per registry index (`index.crates.io-<hash>`), each holding the crates.
        let indexes = fs::read_dir(cargo_home.join("registry/src"))
            .into_iter()
            .flatten();
        for index in indexes.flatten() {
            flags.push(format!("--remap-path-prefix={}/=", index.path().display()));
        }
    }
    flags.join("\x1f")
}

/// Builds `dist/` and returns its size report (also printed and written as JSON).
pub fn dist() -> Result<SizeReport> {
    let root = root();
    let build = root.join("target/split");
    let dist = root.join("dist");

    let split = build_split(&root, &build)?;
    let languages = language_files();
    let plain_language_names: Vec<(&str, String)> = languages
        .iter()
        .map(|(tag, plain, _)| (*tag, plain.clone()))
        .collect();
    fs::write(
        &split.glue,
        split::register_language_files(&fs::read_to_string(&split.glue)?, &plain_language_names)?,
    )?;

    step("bundling and minifying the JS glue, and the loader, with esbuild");
    let (main, chunks) = split.modules.split_first().ok_or("no main module")?;
    let glue = String::from_utf8(minify(
        &split.glue,
        &["--bundle", "--format=esm", "--target=es2021"],
    )?)?;
    let (main_wasm, glue) =
        import_names::shorten(&main.wasm, &glue, "./support-widget-core_bg.js")?;
    let wasm_name = format!("support-widget-core.{}.wasm", short_hash(&main_wasm));
    let chunk_files: Vec<(String, String)> = chunks
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                split::chunk_file(&c.name, &short_hash(&c.wasm)),
            )
        })
        .collect();
    let language_names: Vec<(String, String)> = languages
        .iter()
        .map(|(tag, plain, text)| (plain.clone(), language_file(tag, &short_hash(text))))
        .collect();
    let hashed_glue =
        split::rename_files(&split::name_chunks(&glue, &chunk_files)?, &language_names)?;
    let glue_name = format!(
        "support-widget-core.{}.js",
        short_hash(hashed_glue.as_bytes())
    );
    let loader = build_loader(&glue_name, &wasm_name)?;
    let css = fs::read(root.join("style/support-widget.css"))?;

    step("writing dist/");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::create_dir_all(dist.join("npm"))?;
    let mut artifacts = vec![
        asset(&dist, LOADER, "loader", Fetched::UpFront, &loader)?,
        asset(
            &dist,
            &glue_name,
            "wasm-bindgen glue with the chunk loader",
            Fetched::AtFirstUse,
            hashed_glue.as_bytes(),
        )?,
        asset(
            &dist,
            &wasm_name,
            "widget, main module (wasm)",
            Fetched::AtFirstUse,
            &main_wasm,
        )?,
    ];
    for (chunk, (name, file)) in chunks.iter().zip(&chunk_files) {
        let role = chunk_role(name);
        artifacts.push(asset(&dist, file, role, Fetched::Later, &chunk.wasm)?);
    }
    for ((_, _, text), (_, hashed)) in languages.iter().zip(&language_names) {
        let role = "language file (English is in the main module)";
        artifacts.push(asset(&dist, hashed, role, Fetched::InOneLanguage, text)?);
    }
    artifacts.push(asset(
        &dist,
        "support-widget.css",
        "stylesheet (reference copy; the wasm carries its own)",
        Fetched::NotByTheWidget,
        &css,
    )?);
    copy_demo(&root.join("demo"), &dist)?;
    let npm = NpmFiles {
        wasm: &main_wasm,
        glue: &glue,
        chunks: chunks
            .iter()
            .zip(&chunk_files)
            .map(|(c, (name, _))| (name.as_str(), c.wasm.as_slice()))
            .collect(),
        languages: languages
            .iter()
            .map(|(_, plain, text)| (plain.as_str(), text.as_slice()))
            .collect(),
        css: &css,
    };
    write_npm_package(&dist.join("npm"), &build, &npm)?;

    report(&root, &dist, artifacts)
}

/// The size report of `artifacts`: written to `dist/size-report.json` and docs/size.md's
/// table, and printed with the budgets.
fn report(root: &Path, dist: &Path, artifacts: Vec<Artifact>) -> Result<SizeReport> {
    let report = SizeReport::new(artifacts);
    fs::write(
        dist.join("size-report.json"),
        serde_json::to_string_pretty(&report)? + "\n",
    )?;
    if keep_names() {
        println!("SW_KEEP_NAMES: a build with function names, larger than what ships; docs/size.md left as it is");
    } else if crate::size_docs::update(&root.join("docs/size.md"), &report)? {
        println!("docs/size.md: the current size table was updated from the size report");
    }
    println!("\n{}", report.table());
    for (name, ok, detail) in report.budget_checks() {
        println!(
            "budget {name}: {} ({detail})",
            if ok { "ok" } else { "OVER" }
        );
    }
    println!("{}", report.first_use_note());
    Ok(report)
}

/// The release wasm built with its split points on, cut into modules, bound and optimised;
/// refused when a module holds static HTML.
fn build_split(root: &Path, build: &Path) -> Result<split::SplitBuild> {
    // `cargo rustc` rather than wasm-pack: wasm-pack binds the module as soon as it is linked,
    // leaving no step for the splitter, and builds every crate type of Cargo.toml; the cdylib
    // alone is 18 KB brotli smaller than when built beside the rlib the tests link against
    // (docs/size.md). `--emit-relocs` keeps what the splitter needs to move code between
    // modules; both flags go to this crate only, so no dependency is rebuilt for them.
    step("building the widget (release, wasm32, split points on) with cargo");
    run(command("cargo")
        .env("CARGO_ENCODED_RUSTFLAGS", release_rustflags(root))
        .args(["rustc", "--release", "--lib", "--crate-type", "cdylib"])
        .args(["--target", "wasm32-unknown-unknown", "--"])
        .args(["--cfg", "sw_split", "-Clink-arg=--emit-relocs"]))?;
    let linked = root.join("target/wasm32-unknown-unknown/release/support_widget.wasm");
    let split = split::split(&linked, build, &optimise)?;
    for module in &split.modules {
        if let Some(markup) = static_markup(&module.wasm) {
            return Err(format!(
                "the wasm holds static HTML ({markup:?}): Leptos builds a wholly literal \
                 element from an HTML string through innerHTML, which pages enforcing Trusted \
                 Types refuse; give it a non-literal attribute or child (see Skeleton in \
                 src/ui/tickets.rs)"
            )
            .into());
        }
    }
    Ok(split)
}

/// The demo site (`demo/`) into `dist/`, its pages pointed at the demo's simulator.
fn copy_demo(demo: &Path, dist: &Path) -> Result {
    for entry in fs::read_dir(demo)? {
        let path = entry?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "html") {
            let page = fs::read_to_string(&path)?;
            fs::write(dist.join(name), page.replace("{{SIM_URL}}", DEMO_SIM_URL))?;
        } else {
            fs::copy(&path, dist.join(name))?;
        }
    }
    Ok(())
}

/// The first piece of HTML markup in `data`: a closing tag (`</span>`) or an opening tag with
/// an attribute (`<input type="`). Leptos keeps the HTML of its "inert" elements as such
/// strings; nothing else in the widget spells out markup.
fn static_markup(data: &[u8]) -> Option<String> {
    let is_name = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    (0..data.len()).find_map(|start| {
        let rest = &data[start..];
        let tag = rest.strip_prefix(b"<")?;
        let (closing, tag) = match tag.strip_prefix(b"/") {
            Some(tag) => (true, tag),
            None => (false, tag),
        };
        if !tag.first()?.is_ascii_lowercase() {
            return None;
        }
        let name_len = tag.iter().take_while(|b| is_name(b)).count();
        let after = &tag[name_len..];
        let markup = if closing {
            after.starts_with(b">")
        } else {
            let attribute = after.strip_prefix(b" ")?;
            let attribute_len = attribute.iter().take_while(|b| is_name(b)).count();
            attribute_len > 0 && attribute[attribute_len..].starts_with(b"=\"")
        };
        markup.then(|| String::from_utf8_lossy(&rest[..rest.len().min(60)]).into_owned())
    })
}

/// Writes `dist/NAME` with `NAME.br` and `NAME.gz` beside it (the bytes a server sends for
/// `Content-Encoding: br` or `gzip`), and returns its line of the size report, counted from
/// those very files.
fn asset(
    dist: &Path,
    name: &str,
    role: &'static str,
    fetched: Fetched,
    data: &[u8],
) -> Result<Artifact> {
    let gzip = size::gzip(data);
    let brotli = size::brotli(data);
    fs::write(dist.join(name), data)?;
    fs::write(dist.join(format!("{name}.gz")), &gzip)?;
    fs::write(dist.join(format!("{name}.br")), &brotli)?;
    Ok(Artifact {
        file: name.to_owned(),
        role,
        fetched,
        bytes: Bytes::of_encoded(data, &gzip, &brotli),
    })
}

/// First 10 hex digits of the SHA-256: content-addressed names let a CDN cache forever.
fn short_hash(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `input` minified by esbuild, with `options` (format, target) added.
fn minify(input: &Path, options: &[&str]) -> Result<Vec<u8>> {
    let output = input.with_extension("min.js");
    run(command("esbuild")
        .arg(input)
        .args(["--minify", "--legal-comments=none", "--log-level=warning"])
        .args(options)
        .arg(format!("--outfile={}", output.display())))?;
    Ok(fs::read(output)?)
}

/// The loader with the hashed names of this build filled in, minified.
fn build_loader(glue_name: &str, wasm_name: &str) -> Result<Vec<u8>> {
    let source = fs::read_to_string(root().join("loader/support-widget.js"))?;
    for placeholder in ["__SW_GLUE__", "__SW_WASM__"] {
        if !source.contains(placeholder) {
            return Err(
                format!("loader/support-widget.js lost its {placeholder} placeholder").into(),
            );
        }
    }
    let filled = source
        .replace("__SW_GLUE__", glue_name)
        .replace("__SW_WASM__", wasm_name);
    let staged = root().join("target/split/loader.js");
    fs::write(&staged, filled)?;
    // No `--format`: the loader is already an IIFE (a classic script), which esbuild keeps as
    // it is; `--format=iife` would wrap it in a second one. ES2022 for its class fields and
    // private members, which every browser with `Object.hasOwn` (the loader needs it) has.
    minify(&staged, &["--target=es2022"])
}

/// What the npm package holds besides the loader: unhashed names, since a bundler names
/// (and hashes) what it bundles itself.
struct NpmFiles<'a> {
    wasm: &'a [u8],
    /// Minified, with the chunk loader, its chunks not yet named (`./split_NAME.wasm`).
    glue: &'a str,
    /// Each chunk's name and bytes.
    chunks: Vec<(&'a str, &'a [u8])>,
    /// Each language file's plain name (the one the glue holds) and text.
    languages: Vec<(&'a str, &'a [u8])>,
    css: &'a [u8],
}

/// The npm package: package.json and wasm-bindgen's TypeScript types, with the optimised modules,
/// the minified glue (holding the chunk loader), a loader that points at them, and the
/// stylesheet.
fn write_npm_package(npm: &Path, build: &Path, files: &NpmFiles) -> Result {
    let mut package = package_json()?;
    package["main"] = "support-widget-core.js".into();
    package["types"] = "support-widget-core.d.ts".into();
    let mut listed = vec![
        "support-widget.js".to_owned(),
        "support-widget.d.ts".to_owned(),
        "support-widget-core.js".to_owned(),
        "support-widget-core.d.ts".to_owned(),
        "support-widget-core_bg.wasm".to_owned(),
    ];
    let mut plain_names = Vec::new();
    for (name, wasm) in &files.chunks {
        let plain = format!("support-widget-{name}.wasm");
        fs::write(npm.join(&plain), wasm)?;
        plain_names.push((name.to_string(), plain.clone()));
        listed.push(plain);
    }
    // The language files keep their plain names, the ones the glue already holds.
    for (plain, text) in &files.languages {
        fs::write(npm.join(plain), text)?;
        listed.push(plain.to_string());
    }
    listed.push("support-widget.css".to_owned());
    package["files"] = serde_json::json!(listed);
    // Plain targets: TypeScript finds each file's types beside it (support-widget.d.ts for the
    // loader), with no condition objects, whose meaning hangs on the order of their keys.
    package["exports"] = serde_json::json!({
        ".": "./support-widget-core.js",
        "./loader": "./support-widget.js",
        "./support-widget.css": "./support-widget.css"
    });
    // Importing the loader defines `SupportWidget` and the element: a bundler must keep it.
    package["sideEffects"] = serde_json::json!(["./support-widget.js", "./snippets/*"]);
    fs::write(
        npm.join("package.json"),
        serde_json::to_string_pretty(&package)? + "\n",
    )?;
    fs::write(
        npm.join("support-widget-core.d.ts"),
        unused_exports::drop_classes(&fs::read_to_string(
            build.join("bound/support-widget-core.d.ts"),
        )?)?,
    )?;
    fs::write(npm.join("support-widget-core_bg.wasm"), files.wasm)?;
    fs::write(
        npm.join("support-widget-core.js"),
        split::name_chunks(files.glue, &plain_names)?,
    )?;
    fs::write(
        npm.join(LOADER),
        build_loader("support-widget-core.js", "support-widget-core_bg.wasm")?,
    )?;
    fs::write(npm.join("support-widget.css"), files.css)?;
    fs::copy(
        root().join("loader/support-widget.d.ts"),
        npm.join("support-widget.d.ts"),
    )?;
    Ok(())
}

/// The package.json fields that come from Cargo.toml (what wasm-pack used to write).
fn package_json() -> Result<serde_json::Value> {
    let manifest = fs::read_to_string(root().join("Cargo.toml"))?;
    let field = |name: &str| -> Result<String> {
        package_field(&manifest, name)
            .ok_or_else(|| format!("Cargo.toml's [package] has no {name}").into())
    };
    Ok(serde_json::json!({
        "name": "support-widget",
        "type": "module",
        "description": field("description")?,
        "version": field("version")?,
        "license": field("license")?,
        "repository": { "type": "git", "url": field("repository")? },
    }))
}

/// wasm-opt on one module: -Os to a fixed point rather than -Oz, a larger module raw but 2–4 KB
/// smaller brotli, which is what travels (measured in docs/size.md). `--low-memory-unused`:
/// Rust lays the stack out first, in the lowest megabyte, growing down from it, so the lowest
/// 1 KB is only ever reached by a stack overflow; knowing that, wasm-opt folds constant offsets
/// into loads and stores (0.9 KB brotli). The chunks share the main module's memory, so the
/// same holds in them.
///
/// First, the exports no widget calls go ([`unused_exports`]), so the optimisation drops what
/// only they reached.
///
/// With `SW_KEEP_NAMES` set, the modules keep their function names (`-g`), so a CPU profile
/// of the build (`cargo xtask bench --cpu-profile`) names Rust functions; such a build is
/// larger than what ships, so its sizes are not written into docs/size.md.
fn optimise(input: &Path, output: &Path) -> Result {
    run(command("wasm-opt")
        .args(unused_exports::wasm_opt_args())
        .args(["-Os", "--converge", "--low-memory-unused"])
        .arg("--strip-producers")
        .args(keep_names().then_some("-g"))
        .arg(input)
        .arg("-o")
        .arg(output))
}

/// Whether this build keeps the wasm's function names, for profiling (`SW_KEEP_NAMES`).
fn keep_names() -> bool {
    std::env::var_os("SW_KEEP_NAMES").is_some()
}

/// The languages the split build carries apart (every one but English, which the main module
/// holds): (tag, the file's plain name, its text as `Messages::to_file` writes it).
fn language_files() -> Vec<(&'static str, String, Vec<u8>)> {
    support_widget::i18n::LANGUAGES
        .iter()
        .filter(|table| table.tag != support_widget::i18n::TAGS[0])
        .map(|table| {
            let plain = format!("support-widget-{}.txt", table.tag);
            (table.tag, plain, table.to_file().into_bytes())
        })
        .collect()
}

/// The content-hashed name of `tag`'s language file.
fn language_file(tag: &str, hash: &str) -> String {
    format!("support-widget-{tag}.{hash}.txt")
}

/// The size report's words for a chunk.
fn chunk_role(name: &str) -> &'static str {
    match name {
        "tickets" => "chunk: My tickets, the conversation, the reply box",
        shared if shared.starts_with("chunk_") => {
            "chunk: code two split points share, fetched with either"
        }
        _ => "chunk",
    }
}

#[cfg(test)]
mod tests {
    use super::static_markup;

    #[test]
    fn finds_static_markup() {
        assert!(static_markup(b"sw-row<span class=\"sw-bone\"></span>").is_some());
        assert!(static_markup(b"xx</li>yy").is_some());
        assert!(static_markup(b"<input type=\"checkbox\">").is_some());
        assert_eq!(static_markup(b"a < b, x<y> and <{tag}> or </ span>"), None);
        assert_eq!(static_markup(b"sw-bone sw-bone-wide"), None);
    }
}
