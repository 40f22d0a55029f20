//! The size report: raw, gzip and brotli bytes of every artifact, of what the host page pays
//! before first use (the loader) and of the whole widget, checked against the byte budget.
//! Deterministic: the same bytes always give the same report.

use std::io::Write;

use serde::Serialize;

/// The loader is all a host page pays until the widget is used.
pub const LOADER_GZIP_BUDGET: u64 = 3 * 1024;
/// Loader + wasm + glue + stylesheet, brotli-compressed as a CDN would serve them.
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

impl Bytes {
    /// Measures `data`.
    pub fn of(data: &[u8]) -> Bytes {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(data).expect("writing to memory");
        let gzip = gzip.finish().expect("writing to memory").len() as u64;
        let mut brotli = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
            writer.write_all(data).expect("writing to memory");
        }
        Bytes {
            raw: data.len() as u64,
            gzip,
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

/// One file of `dist/`.
#[derive(Debug, Clone, Serialize)]
pub struct Artifact {
    /// File name inside `dist/`.
    pub file: String,
    /// What it is.
    pub role: &'static str,
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
    /// Loader + wasm + glue + stylesheet.
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
    /// Builds the report; `loader` is the file the host page loads up front.
    pub fn new(artifacts: Vec<Artifact>, loader: &str) -> SizeReport {
        let host_page_before_first_use = artifacts
            .iter()
            .filter(|a| a.file == loader)
            .fold(Bytes::default(), |sum, a| sum.add(a.bytes));
        let whole_widget = artifacts
            .iter()
            .fold(Bytes::default(), |sum, a| sum.add(a.bytes));
        SizeReport {
            artifacts,
            host_page_before_first_use,
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
        line("= whole widget", self.whole_widget);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(file: &str, gzip: u64, brotli: u64) -> Artifact {
        Artifact {
            file: file.into(),
            role: "test",
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
    fn totals_separate_the_loader_from_the_whole() {
        let report = SizeReport::new(
            vec![
                artifact("loader.js", 1000, 900),
                artifact("w.wasm", 50_000, 40_000),
            ],
            "loader.js",
        );
        assert_eq!(report.host_page_before_first_use.gzip, 1000);
        assert_eq!(report.whole_widget.brotli, 40_900);
        assert!(report.budget_checks().iter().all(|(_, ok, _)| *ok));
    }

    #[test]
    fn budget_fails_when_over() {
        let report = SizeReport::new(
            vec![
                artifact("loader.js", 3073, 100),
                artifact("w.wasm", 1, WHOLE_BROTLI_BUDGET),
            ],
            "loader.js",
        );
        let checks = report.budget_checks();
        assert!(!checks[0].1, "loader over 3 KB gzip must fail");
        assert!(!checks[1].1, "whole over its brotli budget must fail");
    }
}
