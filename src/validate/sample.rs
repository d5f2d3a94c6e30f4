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
//! **Extending a draw** (`--extend coding_sheet.json`). A later round r
//! (the first draw is round 1) draws `--n` more units per stratum among
//! the units no earlier round drew (known by their ids, which every sidecar
//! lists), stratum `s` from stream `(r − 1)·2³² + s`, with the first
//! draw's seed, unit, strata and coders. Round 1's streams are those of a
//! plain draw, so a chain of rounds is reproducible from its sidecars.
//! Round r writes `coding_sheet_r.csv` and `coding_sheet_r.json` and never
//! touches an earlier sheet, which may be coded already.
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
    /// The sidecar of the draw to extend: its seed, unit, strata and coders
    /// replace the four above, and its units are not drawn again.
    pub extend: Option<std::path::PathBuf>,
}

/// What a sidecar (`coding_sheet.json`) says of the draw it records, as far
/// as extending it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Previous {
    /// The sidecar's file.
    pub path: std::path::PathBuf,
    /// Its round (1 for a first draw).
    pub round: u64,
    /// Its seed, unit, strata and coders.
    pub seed: u64,
    /// Article or sentence.
    pub unit: Unit,
    /// Outlet or frame.
    pub by: Strata,
    /// The coders' names.
    pub coders: Vec<String>,
    /// The ids of every unit drawn in this round and the ones before it.
    pub ids: Vec<String>,
    /// The frames of its sheet's columns, when it lists them.
    pub frames: Option<Vec<String>>,
    /// Each lexicon file's role and SHA-256 when it was drawn.
    pub lexicons: Vec<(String, String)>,
}

impl Previous {
    /// Reads a sidecar written by `sample`.
    ///
    /// # Errors
    /// It cannot be read, is not JSON, or lacks what an extension needs
    /// (named in the message).
    pub fn read(path: &std::path::Path) -> Result<Previous, Error> {
        use crate::error::Location;
        let at = || Location::file(path);
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            Error::at(
                Location::line(path, e.line() as u64),
                format!("not the JSON of a coding sheet's sidecar: {e}"),
            )
        })?;
        let field = |k: &str| {
            v.get(k).ok_or_else(|| {
                Error::at(at(), format!("no '{k}': not a sidecar written by `framelens sample`"))
            })
        };
        let text = |k: &str| -> Result<String, Error> {
            field(k)?
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| Error::at(at(), format!("'{k}' is not a text")))
        };
        let texts = |k: &str| -> Result<Vec<String>, Error> {
            field(k)?
                .as_array()
                .and_then(|a| {
                    a.iter().map(|x| x.as_str().map(str::to_string)).collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| Error::at(at(), format!("'{k}' is not a list of texts")))
        };
        if text("command")? != "sample" {
            return Err(Error::at(at(), "not a sidecar written by `framelens sample`"));
        }
        let unit = match text("unit")?.as_str() {
            "article" => Unit::Article,
            "sentence" => Unit::Sentence,
            other => {
                return Err(Error::at(at(), format!("unit '{other}' is not article or sentence")));
            }
        };
        let by = match text("by")?.as_str() {
            "outlet" => Strata::Outlet,
            "frame" => Strata::Frame,
            other => {
                return Err(Error::at(at(), format!("strata '{other}' are not outlet or frame")));
            }
        };
        let seed = field("seed")?
            .as_u64()
            .ok_or_else(|| Error::at(at(), "'seed' is not a whole number"))?;
        let round = match v.get("round") {
            None => 1,
            Some(r) => r.as_u64().filter(|&r| r >= 1).ok_or_else(|| {
                Error::at(at(), "'round' is not a whole number from 1 to 2^32 - 1")
            })?,
        };
        let lexicons = field("lexicons")?
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| {
                        Some((
                            l.get("role")?.as_str()?.to_string(),
                            l.get("sha256")?.as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Previous {
            path: path.to_path_buf(),
            round,
            seed,
            unit,
            by,
            coders: texts("coders")?,
            ids: texts("ids")?,
            frames: if v.get("frames").is_some() { Some(texts("frames")?) } else { None },
            lexicons,
        })
    }
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
    /// Of them, drawn already: in an earlier round, or for an earlier
    /// stratum of this one (`--by frame`).
    pub drawn_before: usize,
    /// Drawn for it.
    pub drawn: usize,
}

/// What `sample` drew and wrote.
#[derive(Debug, Default)]
pub struct Sampled {
    /// Units in the corpus.
    pub units: usize,
    /// The round of the draw: 1, or the extended draw's round + 1.
    pub round: u64,
    /// The seed and unit drawn with (an extension's are its first draw's).
    pub seed: u64,
    /// Article or sentence.
    pub unit: Unit,
    /// The strata.
    pub strata: Vec<Stratum>,
    /// The units drawn in this round, in the sheet's order.
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

/// Draws `n` units per stratum (see the module's documentation) in round
/// `round` (from 1), among the units not `taken` in earlier rounds: the
/// strata, and the units drawn in this round, as indexes in corpus order.
pub fn draw(
    units: &[SampleUnit],
    by: Strata,
    frame_ids: &[&str],
    n: usize,
    seed: u64,
    round: u64,
    mut taken: Vec<bool>,
) -> (Vec<Stratum>, Vec<usize>) {
    assert!((1..=1 << 32).contains(&round), "a round is from 1 to 2^32");
    assert_eq!(taken.len(), units.len());
    let before = taken.clone();
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
    let mut out = Vec::new();
    for (s, (name, members)) in strata.iter_mut().enumerate() {
        let total = members.len();
        members.retain(|&i| !taken[i]);
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(((round - 1) << 32) | s as u64);
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
    let drawn = (0..units.len()).filter(|&i| taken[i] && !before[i]).collect();
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
    let previous = opts.extend.as_deref().map(Previous::read).transpose()?;
    let (seed, unit, by, coders) = match &previous {
        Some(p) => (p.seed, p.unit, p.by, p.coders.clone()),
        None => (opts.seed, opts.unit, opts.by, opts.coders.clone()),
    };
    let round = previous.as_ref().map_or(1, |p| p.round + 1);
    if opts.n == 0 {
        return Err(Error::Usage("--n must be at least 1".into()));
    }
    for c in &coders {
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
    let all = units(&articles, unit, frames.len());
    let mut taken = vec![false; all.len()];
    let mut earlier: Vec<String> = Vec::new();
    if let Some(p) = &previous {
        check_previous(p, &ctx, &frame_ids, &all, &mut taken, &mut diagnostics);
        earlier = p.ids.clone();
    }
    let (strata, drawn) = draw(&all, by, &frame_ids, opts.n, seed, round, taken);
    for s in &strata {
        if s.units - s.drawn_before < opts.n {
            diagnostics.warning(
                super::place(&opts.input),
                format!(
                    "stratum '{}' has {} {}s left to draw ({} in all), fewer than --n {}: all of them are in the sheet",
                    s.name,
                    s.units - s.drawn_before,
                    unit.as_str(),
                    s.units,
                    opts.n
                ),
            );
        }
    }
    let wanted: HashSet<String> = drawn.iter().map(|&i| articles[all[i].at.0].id.clone()).collect();
    let (texts, _) = read_units(&opts.input, &ctx, Some(wanted), true)?;
    let texts: HashMap<&str, &ArticleUnits> = texts.iter().map(|a| (a.id.as_str(), a)).collect();
    let header = sheet_header(unit, &frame_ids, &coders);
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
    let ids: Vec<String> = drawn.iter().map(|&i| all[i].id.clone()).collect();
    earlier.extend(ids.iter().cloned());
    let json = json!({
        "command": "sample",
        "round": round,
        "extends": previous.as_ref().map(|p| p.path.to_string_lossy()),
        "unit": unit.as_str(),
        "by": by.as_str(),
        "n_per_stratum": opts.n,
        "seed": seed,
        "generator": "ChaCha8 (rand 0.10) seeded with `seed`; in round r (from 1), stratum s (from 0, in the order listed) draws from stream (r-1)*2^32 + s by a partial Fisher-Yates shuffle of its units not drawn yet (in this round or an earlier one), in corpus order",
        "coders": coders,
        "frames": frame_ids,
        "corpus": if input.collection.is_some() { None } else { Some(input.corpus.to_string_lossy()) },
        "collection": path(&input.collection),
        "lexicons": ctx.lexicons.files.iter().map(|f| json!({
            "role": f.role, "path": f.path.to_string_lossy(), "sha256": f.sha256,
        })).collect::<Vec<_>>(),
        "units_in_corpus": all.len(),
        "units_drawn": drawn.len(),
        "strata": strata,
        "ids": earlier,
    });
    let json = serde_json::to_vec_pretty(&json).expect("JSON of plain values");
    let stem = sheet_stem(round);
    let written = write_files(
        &opts.input.out,
        &[(&format!("{stem}.csv"), sheet), (&format!("{stem}.json"), json)],
    )?;
    diagnostics.sort();
    Ok(Sampled { units: all.len(), strata, round, seed, unit, ids, diagnostics, written })
}

/// The name of round `round`'s files without extension: `coding_sheet`,
/// then `coding_sheet_2`, `coding_sheet_3`, ….
pub fn sheet_stem(round: u64) -> String {
    if round == 1 { "coding_sheet".to_string() } else { format!("coding_sheet_{round}") }
}

/// Marks the units an earlier round drew as taken, and says what changed
/// since: lexicon files, frames, units gone from the corpus.
fn check_previous(
    p: &Previous,
    ctx: &crate::analyze::Context,
    frame_ids: &[&str],
    all: &[SampleUnit],
    taken: &mut [bool],
    diagnostics: &mut Diagnostics,
) {
    let at = crate::error::Location::file(&p.path);
    let index: HashMap<&str, usize> =
        all.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
    let mut gone = 0;
    for id in &p.ids {
        match index.get(id.as_str()) {
            Some(&i) => taken[i] = true,
            None => gone += 1,
        }
    }
    if gone > 0 {
        diagnostics.warning(
            at.clone(),
            format!("{gone} of the {} units drawn before are no longer in the corpus", p.ids.len()),
        );
    }
    for f in &ctx.lexicons.files {
        let before = p.lexicons.iter().find(|(role, _)| *role == f.role);
        if before.is_some_and(|(_, sha)| *sha != f.sha256) {
            diagnostics.warning(
                at.clone(),
                format!(
                    "{} ({}) has changed since the earlier draw: the frames framelens finds, and so its strata, may differ",
                    f.path.display(),
                    f.role
                ),
            );
        }
    }
    if let Some(frames) = &p.frames
        && frames.iter().map(String::as_str).ne(frame_ids.iter().copied())
    {
        diagnostics.warning(
            at,
            format!(
                "the frame columns differ from the earlier sheet's (then: {}; now: {}): code both sheets with the same frames before validating them together",
                frames.join(", "),
                frame_ids.join(", ")
            ),
        );
    }
}
