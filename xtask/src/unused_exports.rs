//! Exports the widget links in but never calls: wasm-streams' three JS classes.
//!
//! Leptos depends on `server_fn` with its `browser` feature, which brings `wasm-streams`. That
//! crate's `IntoUnderlyingSink`, `IntoUnderlyingSource` and `IntoUnderlyingByteSource` are
//! `#[wasm_bindgen]` structs, so every method is an export of the wasm, which keeps the
//! methods (and what they call: future-to-promise glue, stream controllers) alive, and
//! wasm-bindgen writes a JS class for each. The widget has no server functions and never
//! makes such a stream: nothing constructs them (the glue has no `__wrap` for them). So
//! `cargo xtask dist` takes them out of both sides: wasm-opt removes the exports
//! ([`wasm_opt_args`], before its optimisation, which then drops the code only they reached),
//! and [`drop_classes`] removes the classes from the glue.

use crate::util::Result;

/// What every one of the classes' export names contains, in lower case
/// (`intounderlyingsink_write`, `__wbg_intounderlyingsource_free`, …).
const EXPORT_CORE: &str = "intounderlying";

/// wasm-opt's arguments that remove the exports, to come before `-Os`: the pass, and its
/// argument, a wildcard over export names.
pub fn wasm_opt_args() -> [String; 2] {
    [
        "--remove-exports".to_owned(),
        format!("--pass-arg=remove-exports@*{EXPORT_CORE}*"),
    ]
}

/// The JS classes wasm-bindgen writes for the structs.
const CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// `glue` (wasm-bindgen's `--target web` output, or its TypeScript declarations) without the
/// classes: each `export class` block, its `Symbol.dispose` line and its
/// `FinalizationRegistry` in the JS, the class declarations and the exports' lines of
/// `InitOutput` in the `.d.ts`. A file without them is returned as it is; one that still
/// names them afterwards (wasm-bindgen wrote them some other way) is an error, since the wasm
/// no longer has their exports.
pub fn drop_classes(glue: &str) -> Result<String> {
    let mut kept = Vec::new();
    let mut lines = glue.lines();
    while let Some(line) = lines.next() {
        let class = CLASSES.iter().find(|class| {
            line == format!("export class {class} {{")
                || line.starts_with(&format!("const {class}Finalization = "))
        });
        if let Some(class) = class {
            // The block ends at a closing brace at the start of a line; the registry's
            // statement at its `);`.
            let ends_block = |l: &str| {
                if line.starts_with("export class") {
                    l == "}"
                } else {
                    l.ends_with(");")
                }
            };
            if !ends_block(line) {
                lines
                    .by_ref()
                    .find(|l| ends_block(l))
                    .ok_or_else(|| format!("the glue's {class} never ends"))?;
            }
            continue;
        }
        if CLASSES.iter().any(|class| {
            line == format!(
                "if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;"
            )
        }) {
            continue;
        }
        // `InitOutput` in the `.d.ts`: `    readonly intounderlyingsink_write: (…) => any;`.
        if line.starts_with("    readonly ") && line.to_ascii_lowercase().contains(EXPORT_CORE) {
            continue;
        }
        kept.push(line);
    }
    let mut out = kept.join("\n");
    if glue.ends_with('\n') {
        out.push('\n');
    }
    if out.to_ascii_lowercase().contains(EXPORT_CORE) {
        return Err(format!(
            "the glue still names wasm-streams' classes after dropping them \
             (wasm-bindgen's output changed?); their exports (*{EXPORT_CORE}*) are gone"
        )
        .into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = r#"import * as import1 from "./x.js"

export class IntoUnderlyingSink {
    close() {
        const ret = wasm.intounderlyingsink_close(ptr);
        return ret;
    }
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;

export class Widget {
    open() {
    }
}
const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));
const WidgetFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_widget_free(ptr, 1));
"#;

    #[test]
    fn the_stream_classes_go_and_everything_else_stays() {
        let out = drop_classes(GLUE).unwrap();
        assert!(!out.contains("IntoUnderlying"), "{out}");
        assert!(!out.contains("intounderlying"), "{out}");
        assert!(
            out.contains("export class Widget {\n    open() {\n    }\n}\n"),
            "{out}"
        );
        assert!(out.contains("const WidgetFinalization = "), "{out}");
        assert!(out.contains("wasm.__wbg_widget_free(ptr, 1));\n"), "{out}");
        assert!(out.starts_with("import * as import1"), "{out}");
    }

    const DECLARATIONS: &str = r#"export type ReadableStreamType = "bytes";

export class IntoUnderlyingSink {
    private constructor();
    free(): void;
    write(chunk: any): Promise<any>;
}

export class Widget {
    private constructor();
    free(): void;
}

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_intounderlyingsink_free: (a: number, b: number) => void;
    readonly intounderlyingsink_write: (a: number, b: any) => any;
    readonly mount: (a: any, b: any, c: any, d: any) => [number, number, number];
}
"#;

    #[test]
    fn the_type_declarations_lose_them_too() {
        let out = drop_classes(DECLARATIONS).unwrap();
        assert!(
            !out.to_ascii_lowercase().contains("intounderlying"),
            "{out}"
        );
        assert!(
            out.contains("export class Widget {\n    private constructor();"),
            "{out}"
        );
        assert!(
            out.contains("    readonly memory: WebAssembly.Memory;\n    readonly mount:"),
            "{out}"
        );
    }

    #[test]
    fn a_glue_without_them_is_unchanged() {
        let glue = "export class Widget {\n}\nconst x = 1;\n";
        assert_eq!(drop_classes(glue).unwrap(), glue);
    }

    #[test]
    fn a_class_written_another_way_is_an_error() {
        let glue = "export class IntoUnderlyingSink extends Base {\n}\n";
        assert!(drop_classes(glue).is_err());
    }

    #[test]
    fn the_wasm_opt_wildcard_is_the_one_checked() {
        assert_eq!(
            wasm_opt_args()[1],
            "--pass-arg=remove-exports@*intounderlying*"
        );
    }
}
