//! `framelens sample`: a seeded, stratified random sample of articles or
//! sentences, written as a blinded coding sheet (`coding_sheet.csv`) with a
//! sidecar (`coding_sheet.json`) from which the draw can be repeated.
//!
//! **The draw.** Every unit of the corpus (article or sentence), in corpus
//! order, falls in strata: its outlet (`--by outlet`), or each frame
//! framelens finds in it plus `(no frame)` for units without any
//! (`--by frame`). Strata are drawn one after the other, outlets by name,
//! frames in lexicon order and `(no frame)` last: stratum `s` (from 0)
//! draws `--n` of its units not drawn yet, by a partial Fisher–Yates
//! shuffle (for k = 0, 1, …: swap place k with a place drawn uniformly from
//! k to the end) on stream `s` of ChaCha8 seeded with `--seed`. A stratum
//! with fewer units gives all of them, and a warning says so. The sheet
//! lists the drawn units in corpus order, so nothing in it tells a coder
//! which stratum (which framelens code) a unit came from.
//!
//! The corpus is read twice: once for the draw, keeping only each unit's
//! place and frames, then again for the drawn articles' texts.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::json;

use rand::{RngExt, SeedableRng};

use super::{ArticleUnits, Unit, read_units, sentence_id, write_files};
use crate::error::{Diagnostics, Error};
use crate::output::{CsvStyle, Table};
use crate::run::RunOptions;

/// How the sample is stratified (`--by`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Strata {
    /// One stratum per outlet (the default).
    #[default]
    Outlet,
    /// One stratum per frame that framelens finds, and one for no frame.
    Frame,
}

impl Strata {
    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Strata::Outlet => "outlet",
            Strata::Frame => "frame",
        }
    }
}

/// The stratum of units in which framelens finds no frame (`--by frame`).
pub const NO_FRAME: &str = "(no frame)";

/// The seed when none is given.
pub const DEFAULT_SEED: u64 = 22;

/// Options of `sample`.
#[derive(Clone, Debug)]
pub struct SampleOptions {
    /// Input, lexicons, `--out`, `--jobs`, `--excel`.
    pub input: RunOptions,
    /// Units drawn per stratum.
    pub n: usize,
    /// The strata.
    pub by: Strata,
    /// Articles or sentences.
    pub unit: Unit,
    /// The seed of the draw.
    pub seed: u64,
    /// The coders: a column per frame and coder (`FRAME:CODER`); none: a
    /// column per frame.
    pub coders: Vec<String>,
}

/// One unit of the corpus, as the draw sees it.
#[derive(Clone, Debug)]
pub struct SampleUnit {
    /// `ARTICLE_ID` or `ARTICLE_ID:sentence N`.
    pub id: String,
    /// The outlet.
    pub outlet: String,
    /// The article, and the sentence (from 0).
    pub at: (usize, Option<usize>),
    /// The frames framelens finds in it.
    pub frames: Vec<usize>,
}

/// One stratum and what was drawn from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stratum {
    /// The outlet, frame id or [`NO_FRAME`].
    pub name: String,
    /// Its units in the corpus.
    pub units: usize,
    /// Of them, drawn already for an earlier stratum (`--by frame`).
    pub drawn_before: usize,
    /// Drawn for it.
    pub drawn: usize,
}

/// What `sample` drew and wrote.
#[derive(Debug, Default)]
pub struct Sampled {
    /// Units in the corpus.
    pub units: usize,
    /// The strata.
    pub strata: Vec<Stratum>,
    /// The drawn units' ids, in the sheet's order.
    pub ids: Vec<String>,
    /// Problems met.
    pub diagnostics: Diagnostics,
    /// Files written.
    pub written: Vec<std::path::PathBuf>,
}

/// Every unit of the articles, in corpus order.
pub fn units(articles: &[ArticleUnits], unit: Unit, frames: usize) -> Vec<SampleUnit> {
    let mut out = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        let at: Vec<Option<usize>> = match unit {
            Unit::Article => vec![None],
            Unit::Sentence => (0..art.sentences.len()).map(Some).collect(),
        };
        for s in at {
            out.push(SampleUnit {
                id: s.map_or_else(|| art.id.clone(), |s| sentence_id(&art.id, s + 1)),
                outlet: art.outlet.clone(),
                at: (a, s),
                frames: (0..frames).filter(|&f| art.present(f, s)).collect(),
            });
        }
    }
    out
}

/// Draws `n` units per stratum (see the module's documentation): the
/// strata, and the drawn units' indexes in corpus order.
pub fn draw(
    units: &[SampleUnit],
    by: Strata,
    frame_ids: &[&str],
    n: usize,
    seed: u64,
) -> (Vec<Stratum>, Vec<usize>) {
    let mut strata: Vec<(String, Vec<usize>)> = match by {
        Strata::Outlet => {
            let mut by_outlet: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
            for (i, u) in units.iter().enumerate() {
                by_outlet.entry(&u.outlet).or_default().push(i);
            }
            by_outlet.into_iter().map(|(o, v)| (o.to_string(), v)).collect()
        }
        Strata::Frame => {
            let mut s: Vec<(String, Vec<usize>)> =
                frame_ids.iter().map(|f| (f.to_string(), Vec::new())).collect();
            let mut none = Vec::new();
            for (i, u) in units.iter().enumerate() {
                for &f in &u.frames {
                    s[f].1.push(i);
                }
                if u.frames.is_empty() {
                    none.push(i);
                }
            }
            s.push((NO_FRAME.to_string(), none));
            s
        }
    };
    let mut taken = vec![false; units.len()];
    let mut out = Vec::new();
    for (s, (name, members)) in strata.iter_mut().enumerate() {
        let total = members.len();
        members.retain(|&i| !taken[i]);
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(s as u64);
        let k = n.min(members.len());
        for i in 0..k {
            let j = rng.random_range(i..members.len());
            members.swap(i, j);
        }
        for &i in &members[..k] {
            taken[i] = true;
        }
        out.push(Stratum {
            name: name.clone(),
            units: total,
            drawn_before: total - members.len(),
            drawn: k,
        });
    }
    let drawn = (0..units.len()).filter(|&i| taken[i]).collect();
    (out, drawn)
}

/// The coding sheet's header: `id`, `outlet`, `text` or `sentence`, then a
/// column per frame (`FRAME:CODER` per coder when there are coders).
pub fn sheet_header(unit: Unit, frame_ids: &[&str], coders: &[String]) -> Vec<String> {
    let mut h = vec!["id".to_string(), "outlet".to_string(), unit.text_column().to_string()];
    for f in frame_ids {
        if coders.is_empty() {
            h.push(f.to_string());
        } else {
            h.extend(coders.iter().map(|c| format!("{f}:{c}")));
        }
    }
    h
}

/// Runs `sample`: reads the corpus, draws, writes `coding_sheet.csv` and
/// `coding_sheet.json` into `--out`.
///
/// # Errors
/// Unusable lexicons or corpus, `--n 0`, no frame in the lexicon, or the
/// files cannot be written.
pub fn sample(opts: &SampleOptions) -> Result<Sampled, Error> {
    if opts.n == 0 {
        return Err(Error::Usage("--n must be at least 1".into()));
    }
    for c in &opts.coders {
        if c.is_empty() || c.contains(':') || c.contains(',') {
            return Err(Error::Usage(format!(
                "coder name '{c}': give names without ':' or ',' (e.g. --coders c1,c2)"
            )));
        }
    }
    let ctx = super::context(&opts.input)?;
    let frames = ctx.lexicons.frames.frames();
    if frames.is_empty() {
        return Err(Error::Usage("the lexicon has no frame: there is nothing to code".into()));
    }
    let frame_ids: Vec<&str> = frames.iter().map(|f| f.id.as_str()).collect();
    // two passes: the draw needs only each unit's place and frames; the
    // drawn articles' texts are read again afterwards, so that memory never
    // holds the corpus's text
    let (articles, summary) = read_units(&opts.input, &ctx, None, false)?;
    let mut diagnostics = summary.diagnostics;
    let all = units(&articles, opts.unit, frames.len());
    let (strata, drawn) = draw(&all, opts.by, &frame_ids, opts.n, opts.seed);
    for s in &strata {
        if s.units - s.drawn_before < opts.n {
            diagnostics.warning(
                super::place(&opts.input),
                format!(
                    "stratum '{}' has {} {}s left to draw ({} in all), fewer than --n {}: all of them are in the sheet",
                    s.name,
                    s.units - s.drawn_before,
                    opts.unit.as_str(),
                    s.units,
                    opts.n
                ),
            );
        }
    }
    let wanted: HashSet<String> = drawn.iter().map(|&i| articles[all[i].at.0].id.clone()).collect();
    let (texts, _) = read_units(&opts.input, &ctx, Some(wanted), true)?;
    let texts: HashMap<&str, &ArticleUnits> = texts.iter().map(|a| (a.id.as_str(), a)).collect();
    let header = sheet_header(opts.unit, &frame_ids, &opts.coders);
    let style = CsvStyle { excel: opts.input.excel };
    let mut t = Table::new(header.iter().map(String::as_str).collect::<Vec<_>>(), style);
    let blanks = header.len() - 3;
    for &i in &drawn {
        let u = &all[i];
        let (a, s) = u.at;
        let Some(article) = texts.get(articles[a].id.as_str()) else {
            return Err(Error::Usage(format!(
                "article '{}' was read for the draw but not when its text was read again: did the corpus change meanwhile?",
                articles[a].id
            )));
        };
        t.text(&u.id).text(&u.outlet).text(article.unit_text(s));
        for _ in 0..blanks {
            t.text("");
        }
        t.end_row();
    }
    let sheet = t.into_bytes();
    let input = &opts.input;
    let path =
        |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| p.to_string_lossy().into_owned());
    let json = json!({
        "command": "sample",
        "unit": opts.unit.as_str(),
        "by": opts.by.as_str(),
        "n_per_stratum": opts.n,
        "seed": opts.seed,
        "generator": "ChaCha8 (rand 0.10) seeded with `seed`; stratum s (from 0, in the order listed) draws from stream s by a partial Fisher-Yates shuffle of its undrawn units in corpus order",
        "coders": opts.coders,
        "corpus": if input.collection.is_some() { None } else { Some(input.corpus.to_string_lossy()) },
        "collection": path(&input.collection),
        "lexicons": ctx.lexicons.files.iter().map(|f| json!({
            "role": f.role, "path": f.path.to_string_lossy(), "sha256": f.sha256,
        })).collect::<Vec<_>>(),
        "units_in_corpus": all.len(),
        "units_drawn": drawn.len(),
        "strata": strata,
    });
    let json = serde_json::to_vec_pretty(&json).expect("JSON of plain values");
    let written =
        write_files(&opts.input.out, &[("coding_sheet.csv", sheet), ("coding_sheet.json", json)])?;
    diagnostics.sort();
    Ok(Sampled {
        units: all.len(),
        strata,
        ids: drawn.iter().map(|&i| all[i].id.clone()).collect(),
        diagnostics,
        written,
    })
}
