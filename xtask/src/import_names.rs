//! Short names for the functions the wasm imports from its glue.
//!
//! wasm-bindgen names each JS function the wasm calls after the Rust item and a 16-digit hash
//! (`__wbg_get_d7176cfb76d71114`), and writes each name twice: in the wasm's import section
//! and as a key of the glue's imports object. Hash digits don't compress: the main module's
//! 250-odd imports carried several KB of them, in two files compressed apart. Nothing else
//! reads these names (the glue's own code refers to its exports, never its imports), so both
//! files get the same short names instead: `a`, `b`, … `ba`, ….

use crate::util::Result;

/// The wasm with every function imported from `module` renamed, and the glue with the same
/// names as its imports object's keys. A name the glue doesn't hold exactly once as such a key
/// keeps its long name (renaming it could break the link between the two).
pub fn shorten(wasm: &[u8], glue: &str, module: &str) -> Result<(Vec<u8>, String)> {
    let mut glue = glue.to_owned();
    let mut next = 0usize;
    // A function imported twice under one name gets one short name (its key is renamed once).
    let mut given = std::collections::HashMap::<String, Option<String>>::new();
    let wasm = rename_imports(wasm, module, &mut |name| {
        if let Some(short) = given.get(name) {
            return short.clone();
        }
        let key = format!("{name}:");
        let at: Vec<usize> = glue
            .match_indices(&key)
            .map(|(at, _)| at)
            .filter(|&at| !glue[..at].ends_with(is_identifier_char))
            .collect();
        let short = match at[..] {
            [at] => {
                let short = short_name(next);
                next += 1;
                glue.replace_range(at..at + name.len(), &short);
                Some(short)
            }
            _ => None,
        };
        given.insert(name.to_owned(), short.clone());
        short
    })?;
    Ok((wasm, glue))
}

/// Whether `c` can be part of a JS identifier (the ASCII ones: what esbuild and wasm-bindgen
/// write).
pub fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// `a`…`z`, then `ba`, `bb`, …: letters only, so every name is a plain JS key, and no two
/// indices give the same name (`a` plays zero only after the first letter).
fn short_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'a' + (index % 26) as u8);
        index /= 26;
        if index == 0 {
            break;
        }
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// The wasm with the field name of each import from `module` replaced by what `rename` says
/// (`None` keeps it). Every other byte is copied as it is.
fn rename_imports(
    wasm: &[u8],
    module: &str,
    rename: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<Vec<u8>> {
    let mut reader = Reader { data: wasm, at: 8 };
    if wasm.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".into());
    }
    let mut out = wasm[..8].to_vec();
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let payload = reader.take(size)?;
        if id != 2 {
            out.push(id);
            write_leb(&mut out, size as u64);
            out.extend_from_slice(payload);
            continue;
        }
        let mut section = Reader {
            data: payload,
            at: 0,
        };
        let mut renamed = Vec::new();
        let count = section.leb()?;
        write_leb(&mut renamed, count);
        for _ in 0..count {
            let from = section.name()?;
            let field = section.name()?;
            let start = section.at;
            section.skip_import_description()?;
            let new_field = (from == module).then(|| rename(field)).flatten();
            write_name(&mut renamed, from);
            write_name(&mut renamed, new_field.as_deref().unwrap_or(field));
            renamed.extend_from_slice(&payload[start..section.at]);
        }
        out.push(id);
        write_leb(&mut out, renamed.len() as u64);
        out.extend_from_slice(&renamed);
    }
    Ok(out)
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let byte = *self.data.get(self.at).ok_or("wasm ends early")?;
        self.at += 1;
        Ok(byte)
    }

    fn leb(&mut self) -> Result<u64> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
            if shift > 63 {
                return Err("LEB128 number too long".into());
            }
        }
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        let bytes = self
            .data
            .get(self.at..self.at + len)
            .ok_or("wasm ends early")?;
        self.at += len;
        Ok(bytes)
    }

    fn name(&mut self) -> Result<&'a str> {
        let len = self.leb()? as usize;
        Ok(std::str::from_utf8(self.take(len)?)?)
    }

    fn limits(&mut self) -> Result {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 == 1 {
            self.leb()?;
        }
        Ok(())
    }

    /// Past one import's kind and type (the binary format's `importdesc`).
    fn skip_import_description(&mut self) -> Result {
        match self.byte()? {
            0x00 => self.leb().map(drop),
            0x01 => {
                self.value_type()?;
                self.limits()
            }
            0x02 => self.limits(),
            0x03 => {
                self.value_type()?;
                self.byte().map(drop)
            }
            0x04 => {
                self.byte()?;
                self.leb().map(drop)
            }
            kind => Err(format!("unknown import kind {kind:#x}").into()),
        }
    }

    /// A value or reference type: one byte, or `ref`/`ref null` and a heap type.
    fn value_type(&mut self) -> Result {
        if matches!(self.byte()?, 0x63 | 0x64) {
            self.leb()?;
        }
        Ok(())
    }
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from "g" and a memory from "env", and exporting one.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 3);
        for (from, field, description) in [
            ("g", "__wbg_log_0123456789abcdef", &[0x00, 0x00][..]),
            ("env", "memory", &[0x02, 0x00, 0x01][..]),
            ("g", "__wbg_now_fedcba9876543210", &[0x00, 0x00][..]),
        ] {
            write_name(&mut imports, from);
            write_name(&mut imports, field);
            imports.extend_from_slice(description);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // type section: one `() -> ()`
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
        wasm.push(0x02);
        write_leb(&mut wasm, imports.len() as u64);
        wasm.extend_from_slice(&imports);
        wasm
    }

    #[test]
    fn imports_and_glue_keys_get_the_same_short_names() {
        let glue = "const i={__proto__:null,__wbg_log_0123456789abcdef:function(){},\
                    __wbg_now_fedcba9876543210:()=>1};";
        let (wasm, glue) = shorten(&module(), glue, "g").unwrap();
        assert_eq!(glue, "const i={__proto__:null,a:function(){},b:()=>1};");
        let imports = WasmImports::of(&wasm);
        assert_eq!(imports, [("g", "a"), ("env", "memory"), ("g", "b")]);
        // Nothing else moved: the type section is still first, byte for byte.
        assert_eq!(&wasm[..14], &module()[..14]);
    }

    #[test]
    fn a_name_the_glue_does_not_hold_once_as_a_key_is_kept() {
        let glue = "x={__wbg_log_0123456789abcdef:1};y.__wbg_now_fedcba9876543210(1)";
        let (wasm, glue) = shorten(&module(), glue, "g").unwrap();
        assert_eq!(glue, "x={a:1};y.__wbg_now_fedcba9876543210(1)");
        let imports = WasmImports::of(&wasm);
        assert_eq!(imports[2], ("g", "__wbg_now_fedcba9876543210"));
    }

    #[test]
    fn a_function_imported_twice_keeps_one_name() {
        let mut wasm = module();
        // The third import, renamed in place to the first's name (same length).
        let second = wasm
            .windows(26)
            .position(|w| w == b"__wbg_now_fedcba9876543210")
            .unwrap();
        wasm[second..second + 26].copy_from_slice(b"__wbg_log_0123456789abcdef");
        let (wasm, glue) = shorten(&wasm, "{__wbg_log_0123456789abcdef:1}", "g").unwrap();
        assert_eq!(glue, "{a:1}");
        assert_eq!(
            WasmImports::of(&wasm),
            [("g", "a"), ("env", "memory"), ("g", "a")]
        );
    }

    #[test]
    fn short_names_are_distinct_letters() {
        let names: Vec<String> = (0..26 * 27).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[26], "ba");
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase())));
    }

    /// The (module, field) pairs of a module's import section, read back for the tests.
    struct WasmImports;

    impl WasmImports {
        fn of(wasm: &[u8]) -> Vec<(&str, &str)> {
            let mut reader = Reader { data: wasm, at: 8 };
            loop {
                let id = reader.byte().unwrap();
                let size = reader.leb().unwrap() as usize;
                let payload = reader.take(size).unwrap();
                if id == 2 {
                    let mut section = Reader {
                        data: payload,
                        at: 0,
                    };
                    let count = section.leb().unwrap();
                    return (0..count)
                        .map(|_| {
                            let pair = (section.name().unwrap(), section.name().unwrap());
                            section.skip_import_description().unwrap();
                            pair
                        })
                        .collect();
                }
            }
        }
    }
}
