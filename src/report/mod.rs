//! `report.html`: the run's tables as one self-contained page to look at
//! (SPEC §12, issue 21).
//!
//! The report is drawn from the tables the run has just written, parsed back
//! from their bytes ([`Tables`]), so every number it shows is a number of a
//! CSV file: a scholar who checks a bar against `outlet_frames.csv` finds the
//! same value. Only two things come from elsewhere: what `run.json` records
//! ([`RunFacts`]) and a capped sample of the frame hits in context
//! ([`HitSample`]), kept while the articles stream by, because `hits.csv` may
//! be gigabytes.
//!
//! The page is one file: charts are inline SVG drawn with `plotters`' SVG
//! backend ([`charts`]), the page is a `minijinja` template ([`page`]), there
//! is no network access and no script is needed to see anything (a few lines
//! of script filter the hit browser). Its bytes depend only on the tables,
//! the run's inputs and the sample, never on the time or the thread count.
//!
//! | part | module |
//! |---|---|
//! | the tables parsed back, per outlet × item | [`data`] |
//! | the charts, as SVG | [`charts`] |
//! | the page | [`page`] |

pub mod charts;
pub mod data;
pub mod page;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::error::{Diagnostics, Error};
use crate::frames::FrameSet;
use crate::model::ArticleResult;
use crate::output::run_json::RunInfo;

pub use data::Data;

/// At most this many hits of each frame are kept for each outlet: the first
/// ones in corpus order.
pub const HIT_CAP: usize = 10;

/// About this many hits of each frame are shown over all outlets: each
/// outlet shows `HITS_PER_FRAME / outlets` of its kept hits, at least one and
/// at most [`HIT_CAP`] (10 each for up to 6 outlets, 1 each past 30). So a
/// run of a million articles still gives a small page: about frames × 60
/// rows (frames × outlets past 60 outlets).
pub const HITS_PER_FRAME: usize = 60;

/// The hits shown per outlet for each frame when there are `outlets`.
pub fn hits_per_outlet(outlets: usize) -> usize {
    (HITS_PER_FRAME / outlets.max(1)).clamp(1, HIT_CAP)
}

/// At most this many of the run's warnings and errors are listed.
pub const DIAGNOSTICS_CAP: usize = 100;

/// The run's tables as written (CSV bytes, without a byte-order mark).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tables<'a> {
    /// `outlet_frames.csv`.
    pub outlet_frames: &'a [u8],
    /// `outlet_tests.csv`.
    pub outlet_tests: &'a [u8],
    /// `outlet_periods.csv`.
    pub outlet_periods: &'a [u8],
    /// `outlet_entities.csv`.
    pub outlet_entities: &'a [u8],
    /// `frame_entities.csv`.
    pub frame_entities: &'a [u8],
    /// `entity_variants.csv`.
    pub entity_variants: &'a [u8],
}

/// What `run.json` records about the run, for the report's first section.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct RunFacts {
    /// The tool's version.
    pub version: String,
    /// The corpus folder or the collection file.
    pub source: String,
    /// The manifest or collection file and its SHA-256, if any.
    pub manifest: Option<(String, String)>,
    /// The lexicon files: role, path, SHA-256.
    pub lexicons: Vec<(String, String, String)>,
    /// The options that shape the tables: (name, value).
    pub options: Vec<(String, String)>,
    /// The summary's counts: (name, value), in `run.json`'s order, without
    /// `from_cache` (the same tables, the same report).
    pub summary: Vec<(String, String)>,
    /// The first [`DIAGNOSTICS_CAP`] warnings and errors, as printed.
    pub diagnostics: Vec<String>,
    /// How many warnings and errors there were in all.
    pub diagnostics_total: usize,
}

impl RunFacts {
    /// The facts of `run.json` (`info`) and the run's messages.
    pub fn new(info: &RunInfo, diagnostics: &Diagnostics) -> RunFacts {
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => "—".to_string(),
            other => other.to_string(),
        };
        let opts = &info.options;
        let source = match (&opts["collection"], &opts["corpus"]) {
            (serde_json::Value::String(c), _) => format!("collection {c}"),
            // `reduce`: the part files `map` wrote
            _ if opts["parts"].is_array() => {
                let n = opts["parts"].as_array().map_or(0, Vec::len);
                format!("{n} part file{} of framelens map", if n == 1 { "" } else { "s" })
            }
            (_, corpus) => format!("folder {}", text(corpus)),
        };
        let options = ["period", "by", "hits", "wide_rate", "excel", "denominator"]
            .iter()
            .map(|k| (k.to_string(), text(&opts[*k])))
            .collect();
        let summary = match &info.summary {
            serde_json::Value::Object(map) => {
                // from_cache is left out: a cached rerun writes the same report
                map.iter()
                    .filter(|(k, _)| *k != "from_cache")
                    .map(|(k, v)| (k.clone(), text(v)))
                    .collect()
            }
            _ => Vec::new(),
        };
        RunFacts {
            version: env!("CARGO_PKG_VERSION").to_string(),
            source,
            manifest: info.manifest.clone(),
            lexicons: info
                .lexicons
                .iter()
                .map(|l| {
                    (l.role.to_string(), l.path.to_string_lossy().into_owned(), l.sha256.clone())
                })
                .collect(),
            options,
            summary,
            diagnostics: diagnostics.iter().take(DIAGNOSTICS_CAP).map(|d| d.to_string()).collect(),
            diagnostics_total: diagnostics.iter().count(),
        }
    }
}

/// One frame hit of the hit browser.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SampleHit {
    /// The article's id.
    pub article_id: String,
    /// `own`, `quote` or `scare`.
    pub voice: String,
    /// Text before the hit.
    pub left: String,
    /// The hit's text.
    pub matched: String,
    /// Text after the hit.
    pub right: String,
    /// The pattern that found it.
    pub pattern: String,
}

/// The first [`HIT_CAP`] hits of each frame in each outlet, in corpus order,
/// kept as articles stream by.
#[derive(Clone, Debug, Default)]
pub struct HitSample {
    /// outlet → frame → hits.
    kept: BTreeMap<String, Vec<Vec<SampleHit>>>,
    /// Whether the hits had their context (not under `--hits none`).
    pub with_context: bool,
}

impl HitSample {
    /// An empty sample; `with_context` is false when the run computes no
    /// context (`--hits none`), and then nothing is kept.
    pub fn new(with_context: bool) -> HitSample {
        HitSample { kept: BTreeMap::new(), with_context }
    }

    /// Keeps the hits of `r` (counted for `outlet`, its outlet or group)
    /// while its frames have fewer than [`HIT_CAP`] in that outlet.
    pub fn add(&mut self, r: &ArticleResult, outlet: &str, frames: &FrameSet) {
        if !self.with_context || r.frame_hits.is_empty() {
            return;
        }
        if !self.kept.contains_key(outlet) {
            self.kept.insert(outlet.to_string(), vec![Vec::new(); frames.frames().len()]);
        }
        let kept = self.kept.get_mut(outlet).expect("inserted above");
        for h in &r.frame_hits {
            let slot = &mut kept[h.item.0 as usize];
            if slot.len() >= HIT_CAP {
                continue;
            }
            let k = h.kwic();
            let frame = &frames.frames()[h.item.0 as usize];
            slot.push(SampleHit {
                article_id: r.meta.id.clone(),
                voice: h.voice.as_str().to_string(),
                left: k.left.clone(),
                matched: k.matched.clone(),
                right: k.right.clone(),
                pattern: frame.patterns[h.pattern.0 as usize].clone(),
            });
        }
    }

    /// The hits kept of frame number `frame` (lexicon order) in `outlet`.
    pub fn of(&self, outlet: &str, frame: usize) -> &[SampleHit] {
        self.kept.get(outlet).and_then(|v| v.get(frame)).map_or(&[], Vec::as_slice)
    }
}

/// The report page of a run.
///
/// # Errors
/// A table does not parse (a bug: the run has just written it) or a chart
/// cannot be drawn.
pub fn render(tables: &Tables, facts: &RunFacts, hits: &HitSample) -> Result<String, Error> {
    let data = Data::parse(tables)
        .map_err(|e| Error::Usage(format!("report.html: reading the tables back: {e}")))?;
    page::render(&data, facts, hits)
        .map_err(|e| Error::Usage(format!("report.html: drawing the report: {e}")))
}
