//! The size report: raw, gzip and brotli bytes of every artifact, of what the host page pays
//! before first use (the loader), of what a tap on the launcher downloads (first use) and of
//! the whole widget, checked against the byte budget. Deterministic: the same bytes always give
//! the same report.

use std::io::Write;

use serde::Serialize;

/// The loader is all a host page pays until the widget is used.
pub const LOADER_GZIP_BUDGET: u64 = 3 * 1024;
/// Loader + glue + every wasm module + stylesheet, brotli-compressed as a CDN would serve them.
///
/// A ratchet, not a goal: the goal of 120 KB held for the shell and API client (92 KB) but not
/// for the two screens built with Leptos views (306 KB measured when they landed; see
/// docs/size.md), lowered from 320 to 305 KB when hand-written decoders took it to 296 KB.
/// Lower it whenever the widget gets smaller; never raise it without a reason written there.
pub const WHOLE_BROTLI_BUDGET: u64 = 305 * 1024;

/// Byte counts of one payload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Bytes {
    /// Uncompressed.
    pub raw: u64,
    /// gzip at level 9.
    pub gzip: u64,
    /// brotli at quality 11.
    pub brotli: u64,
}

/// gzip at level 9: what `dist/` ships as `FILE.gz` and the report counts.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    // No file name and a zero modification time in the header: the same bytes every build.
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(data).expect("writing to memory");
    gzip.finish().expect("writing to memory")
}

/// brotli at quality 11 with a 4 MB window: what `dist/` ships as `FILE.br` and the report
/// counts.
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(data).expect("writing to memory");
    }
    out
}

impl Bytes {
    /// Measures `data`.
    #[cfg(test)]
    pub fn of(data: &[u8]) -> Bytes {
        Bytes::of_encoded(data, &gzip(data), &brotli(data))
    }

    /// Counts `data` and its two encodings, already made (`dist/` writes them beside it).
    pub fn of_encoded(data: &[u8], gzip: &[u8], brotli: &[u8]) -> Bytes {
        Bytes {
            raw: data.len() as u64,
            gzip: gzip.len() as u64,
            brotli: brotli.len() as u64,
        }
    }

    fn add(self, other: Bytes) -> Bytes {
        Bytes {
            raw: self.raw + other.raw,
            gzip: self.gzip + other.gzip,
            brotli: self.brotli + other.brotli,
        }
    }
}

/// The goal for first use, brotli (issue: "first use in under a second on a phone"). Not a
/// budget yet: the split build's main module alone is more than twice as big. It becomes a
/// check in [`SizeReport::budget_checks`] the day a build meets it (see docs/size.md).
pub const FIRST_USE_BROTLI_GOAL: u64 = 100 * 1024;

/// When the browser downloads a file of `dist/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fetched {
    /// With the host page (the loader).
    UpFront,
    /// When the visitor first uses the widget (a tap, hover or `open`): the glue and the
    /// module the first screen needs.
    AtFirstUse,
    /// A chunk: after the first screen is drawn, when its screen is wanted or fetched ahead
    /// (see docs/size.md). Counted in the whole widget, not in first use.
    Later,
    /// A language file: when the widget mounts (at the tap, or when it loads ahead), by
    /// visitors in that language only (English is in the main module); another one after
    /// `setLocale`. First use counts the largest one, by brotli bytes (its raw and gzip
    /// sizes come with it): a first tap fetches one.
    InOneLanguage,
    /// Never by the widget: a copy for reference (the stylesheet is compiled into the wasm).
    NotByTheWidget,
}

/// One file of `dist/`.
#[derive(Debug, Clone, Serialize)]
pub struct Artifact {
    /// File name inside `dist/`.
    pub file: String,
    /// What it is.
    pub role: &'static str,
    /// When a visitor's browser downloads it.
    pub fetched: Fetched,
    /// Its sizes.
    #[serde(flatten)]
    pub bytes: Bytes,
}

/// The report written to `dist/size-report.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SizeReport {
    /// Every shipped file.
    pub artifacts: Vec<Artifact>,
    /// The loader alone.
    pub host_page_before_first_use: Bytes,
    /// What a first tap downloads: the loader, every file fetched at first use (the glue and
    /// the main module; chunks come later) and the largest language file.
    pub first_use: Bytes,
    /// Every file, the reference stylesheet included.
    pub whole_widget: Bytes,
    /// The limits checked by the budget test.
    pub budgets: Budgets,
}

/// The byte budget, recorded in the report so readers know what was enforced.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Budgets {
    /// Maximum gzip bytes of the loader.
    pub loader_gzip_max: u64,
    /// Maximum brotli bytes of the whole widget.
    pub whole_widget_brotli_max: u64,
}

impl SizeReport {
    /// Builds the report from every shipped file.
    pub fn new(artifacts: Vec<Artifact>) -> SizeReport {
        let sum = |include: &dyn Fn(Fetched) -> bool| {
            artifacts
                .iter()
                .filter(|a| include(a.fetched))
                .fold(Bytes::default(), |sum, a| sum.add(a.bytes))
        };
        let host_page_before_first_use = sum(&|f| f == Fetched::UpFront);
        let largest_language = artifacts
            .iter()
            .filter(|a| a.fetched == Fetched::InOneLanguage)
            .map(|a| a.bytes)
            // The largest by what is sent (brotli); its other sizes come with it.
            .max_by_key(|bytes| bytes.brotli)
            .unwrap_or_default();
        let first_use =
            sum(&|f| matches!(f, Fetched::UpFront | Fetched::AtFirstUse)).add(largest_language);
        let whole_widget = sum(&|_| true);
        SizeReport {
            artifacts,
            host_page_before_first_use,
            first_use,
            whole_widget,
            budgets: Budgets {
                loader_gzip_max: LOADER_GZIP_BUDGET,
                whole_widget_brotli_max: WHOLE_BROTLI_BUDGET,
            },
        }
    }

    /// Each budget as (name, passed, explanation).
    pub fn budget_checks(&self) -> [(&'static str, bool, String); 2] {
        let loader = self.host_page_before_first_use.gzip;
        let whole = self.whole_widget.brotli;
        [
            (
                "loader ≤ 3 KB gzip",
                loader <= self.budgets.loader_gzip_max,
                format!("{loader} of {} bytes", self.budgets.loader_gzip_max),
            ),
            (
                "whole widget ≤ 305 KB brotli",
                whole <= self.budgets.whole_widget_brotli_max,
                format!("{whole} of {} bytes", self.budgets.whole_widget_brotli_max),
            ),
        ]
    }

    /// A table for the terminal.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<44} {:>10} {:>10} {:>10}\n",
            "artifact", "raw", "gzip", "brotli"
        );
        let mut line = |name: &str, b: Bytes| {
            out.push_str(&format!(
                "{name:<44} {:>10} {:>10} {:>10}\n",
                b.raw, b.gzip, b.brotli
            ));
        };
        for artifact in &self.artifacts {
            line(&artifact.file, artifact.bytes);
        }
        line(
            "= host page before first use (loader)",
            self.host_page_before_first_use,
        );
        line("= first use (what a tap downloads)", self.first_use);
        line("= whole widget", self.whole_widget);
        out
    }

    /// How first use compares with its goal, for the terminal (a note, not a check).
    pub fn first_use_note(&self) -> String {
        let measured = self.first_use.brotli;
        if measured <= FIRST_USE_BROTLI_GOAL {
            format!("first use {measured} bytes brotli: within the {FIRST_USE_BROTLI_GOAL}-byte goal; make it a budget (docs/size.md)")
        } else {
            format!(
                "first use {measured} bytes brotli: {:.1}× the {FIRST_USE_BROTLI_GOAL}-byte goal (not a budget until a build meets it; docs/size.md)",
                measured as f64 / FIRST_USE_BROTLI_GOAL as f64
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(file: &str, fetched: Fetched, gzip: u64, brotli: u64) -> Artifact {
        Artifact {
            file: file.into(),
            role: "test",
            fetched,
            bytes: Bytes {
                raw: gzip * 3,
                gzip,
                brotli,
            },
        }
    }

    #[test]
    fn compression_is_measured_and_deterministic() {
        let data = "support-widget ".repeat(1000);
        let first = Bytes::of(data.as_bytes());
        assert_eq!(first.raw, 15_000);
        assert!(first.gzip < 200 && first.brotli < first.gzip, "{first:?}");
        assert_eq!(first, Bytes::of(data.as_bytes()));
    }

    #[test]
    fn totals_separate_the_loader_first_use_and_the_whole() {
        let report = SizeReport::new(vec![
            artifact("loader.js", Fetched::UpFront, 1000, 900),
            artifact("glue.js", Fetched::AtFirstUse, 4000, 3000),
            artifact("w.wasm", Fetched::AtFirstUse, 50_000, 40_000),
            artifact("w.css", Fetched::NotByTheWidget, 2000, 1500),
            artifact("de.txt", Fetched::InOneLanguage, 700, 600),
            artifact("ja.txt", Fetched::InOneLanguage, 900, 800),
        ]);
        assert_eq!(report.host_page_before_first_use.gzip, 1000);
        // One language file, the largest: a visitor reads the widget in one language.
        assert_eq!(report.first_use.brotli, 43_900 + 800);
        assert_eq!(report.first_use.gzip, 55_000 + 900);
        assert_eq!(report.whole_widget.brotli, 45_400 + 600 + 800);
        assert!(report.budget_checks().iter().all(|(_, ok, _)| *ok));
        assert!(
            report.first_use_note().contains("within"),
            "{}",
            report.first_use_note()
        );
    }

    #[test]
    fn first_use_over_its_goal_is_said_but_not_failed() {
        let report = SizeReport::new(vec![
            artifact("loader.js", Fetched::UpFront, 1000, 900),
            artifact("w.wasm", Fetched::AtFirstUse, 1, FIRST_USE_BROTLI_GOAL * 2),
        ]);
        assert!(
            report.first_use_note().contains("2.0× the"),
            "{}",
            report.first_use_note()
        );
        assert!(report.budget_checks().iter().all(|(_, ok, _)| *ok));
    }

    #[test]
    fn encodings_round_trip() {
        use std::io::Read;
        let data = b"(module (func $support_widget))".repeat(50);
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&data)[..])
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, data);
        let mut unbrotlied = Vec::new();
        brotli::Decompressor::new(&brotli(&data)[..], 4096)
            .read_to_end(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, data);
        assert_eq!(
            gzip(&data),
            gzip(&data),
            "gzip output must not carry a timestamp"
        );
    }

    #[test]
    fn budget_fails_when_over() {
        let report = SizeReport::new(vec![
            artifact("loader.js", Fetched::UpFront, 3073, 100),
            artifact("w.wasm", Fetched::AtFirstUse, 1, WHOLE_BROTLI_BUDGET),
        ]);
        let checks = report.budget_checks();
        assert!(!checks[0].1, "loader over 3 KB gzip must fail");
        assert!(!checks[1].1, "whole over its brotli budget must fail");
    }
}
