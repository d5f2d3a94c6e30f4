//! `framelens validate`: the coders' majority against framelens, unit by
//! unit, written as `validation.csv` (the figures),
//! `validation_cases.csv` (every disagreement, in context) and
//! `validation.json` (what produced them).
//!
//! For each frame of the sheet and each unit, the **gold** code is the
//! majority of the coders who coded the unit (0 or 1); a tie (as many 1s as
//! 0s) is not scored and is counted in `ties`; a unit no coder coded is not
//! scored either (a warning counts them). framelens's code is the frame's
//! presence in the unit (see [`super`]). Over the scored units of an outlet
//! (and of all outlets, the `all` row): tp, fp, fn, precision, recall, F1
//! and their bootstrap intervals ([`super::measure`]); Krippendorff's alpha
//! among the coders, over every unit of the outlet that two coders or more
//! coded (ties included), and between the majority and framelens, over the
//! scored units.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;
use sha2::Digest;

use super::gold;
use super::measure::{Counts, Pair, RESAMPLES, bootstrap, krippendorff_nominal};
use super::{ArticleUnits, read_units, write_files};
use crate::error::{Diagnostics, Error, Location};
use crate::model::Id;
use crate::output::{Columns, CsvStyle, Fixed, Table};
use crate::run::RunOptions;

/// The seed of the bootstrap when none is given.
pub const DEFAULT_SEED: u64 = 22;

/// The outlet of the rows over every outlet.
pub const ALL: &str = "all";

/// Options of `validate`.
#[derive(Clone, Debug)]
pub struct ValidateOptions {
    /// Input, lexicons, `--out`, `--jobs`, `--excel`.
    pub input: RunOptions,
    /// The coded sheets (one, or the rounds of an extended draw).
    pub gold: Vec<PathBuf>,
    /// The coders (`--coders`); empty: one coder, a column per frame.
    pub coders: Vec<String>,
    /// The seed of the bootstrap.
    pub seed: u64,
}

/// A row of `validation.csv`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ValidationRow {
    /// The frame's id.
    pub frame: String,
    /// The outlet, or [`ALL`].
    pub outlet: String,
    /// Units scored: coded, and not a tie.
    pub units: u64,
    /// Of them, with the frame by the coders' majority.
    pub gold: u64,
    /// Of them, with the frame by framelens.
    pub framelens: u64,
    /// Both.
    pub tp: u64,
    /// framelens only.
    pub fp: u64,
    /// The majority only.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Units whose coders tied, not scored.
    pub ties: u64,
    /// tp / (tp + fp).
    pub precision: Fixed<4>,
    /// Its 95% bootstrap interval.
    pub precision_lo: Fixed<4>,
    /// See `precision_lo`.
    pub precision_hi: Fixed<4>,
    /// tp / (tp + fn).
    pub recall: Fixed<4>,
    /// Its 95% bootstrap interval.
    pub recall_lo: Fixed<4>,
    /// See `recall_lo`.
    pub recall_hi: Fixed<4>,
    /// 2tp / (2tp + fp + fn).
    pub f1: Fixed<4>,
    /// Its 95% bootstrap interval.
    pub f1_lo: Fixed<4>,
    /// See `f1_lo`.
    pub f1_hi: Fixed<4>,
    /// Krippendorff's alpha (nominal) among the coders; empty for one coder.
    pub alpha_coders: Fixed<4>,
    /// Krippendorff's alpha (nominal) between the majority and framelens.
    pub alpha_majority_framelens: Fixed<4>,
}

/// A row of `validation_cases.csv`: a false positive (one row per hit of
/// the frame in the unit) or a false negative (the unit's text).
#[derive(Clone, Debug, Default, Serialize)]
pub struct CaseRow<'a> {
    /// The frame's id.
    pub frame: &'a str,
    /// The outlet.
    pub outlet: &'a str,
    /// The unit's id.
    pub id: &'a str,
    /// `fp` (framelens only) or `fn` (the coders' majority only).
    pub error: &'static str,
    /// The coders' codes: `c1=1 c2=1`, or `1` for one coder.
    pub codes: String,
    /// The pattern that fired (false positives).
    pub pattern: &'a str,
    /// Text before the hit.
    pub left: &'a str,
    /// The hit.
    #[serde(rename = "match")]
    pub matched: &'a str,
    /// Text after the hit.
    pub right: &'a str,
    /// The unit's text (false negatives).
    pub text: &'a str,
}

/// What `validate` computed and wrote.
#[derive(Debug, Default)]
pub struct Validated {
    /// The rows of `validation.csv`.
    pub rows: Vec<ValidationRow>,
    /// `validation.csv`.
    pub table: Vec<u8>,
    /// `validation_cases.csv`.
    pub cases: Vec<u8>,
    /// Problems met.
    pub diagnostics: Diagnostics,
    /// `validation.json`: the options, the coded sheet's and the lexicons'
    /// SHA-256, so the figures can be traced and repeated.
    pub provenance: serde_json::Value,
    /// Files written.
    pub written: Vec<PathBuf>,
}

/// A sheet row matched to its unit.
struct Coded<'s> {
    row: &'s gold::SheetRow,
    article: usize,
    sentence: Option<usize>,
}

/// The coders' majority: `Some(Some(code))`, `Some(None)` for a tie, `None`
/// when nobody coded.
fn majority(codes: &[Option<bool>]) -> Option<Option<bool>> {
    let ones = codes.iter().filter(|c| **c == Some(true)).count();
    let zeros = codes.iter().filter(|c| **c == Some(false)).count();
    match (ones + zeros, ones.cmp(&zeros)) {
        (0, _) => None,
        (_, std::cmp::Ordering::Greater) => Some(Some(true)),
        (_, std::cmp::Ordering::Less) => Some(Some(false)),
        (_, std::cmp::Ordering::Equal) => Some(None),
    }
}

/// Runs `validate`: reads the sheet, the corpus's coded articles, computes
/// and writes `validation.csv` and `validation_cases.csv` into `--out`.
///
/// # Errors
/// Unusable lexicons, corpus or sheet (every problem of the sheet with its
/// line and column), or the files cannot be written.
pub fn validate(opts: &ValidateOptions) -> Result<Validated, Error> {
    let mut v = compute(opts)?;
    let json = serde_json::to_vec_pretty(&v.provenance).expect("JSON of plain values");
    v.written = write_files(
        &opts.input.out,
        &[
            ("validation.csv", v.table.clone()),
            ("validation_cases.csv", v.cases.clone()),
            ("validation.json", json),
        ],
    )?;
    Ok(v)
}

/// [`validate`] without writing.
///
/// # Errors
/// As [`validate`].
pub fn compute(opts: &ValidateOptions) -> Result<Validated, Error> {
    let ctx = super::context(&opts.input)?;
    let frames = ctx.lexicons.frames.frames();
    let frame_ids: Vec<&str> = frames.iter().map(|f| f.id.as_str()).collect();
    let sheet = gold::read_all(&opts.gold, &frame_ids, &opts.coders)?;
    let at = |row: &gold::SheetRow, message: String| Error::at(sheet.location(row), message);
    // the article and sentence each id names
    let mut errors = Vec::new();
    let mut named: Vec<(usize, String, Option<usize>)> = Vec::new();
    for (i, row) in sheet.rows.iter().enumerate() {
        match sheet.unit {
            super::Unit::Article => named.push((i, row.id.clone(), None)),
            super::Unit::Sentence => {
                let parsed = row
                    .id
                    .rsplit_once(":sentence ")
                    .and_then(|(a, n)| Some((a, n.trim().parse::<usize>().ok()?)))
                    .filter(|&(_, n)| n >= 1);
                match parsed {
                    Some((a, n)) => named.push((i, a.to_string(), Some(n - 1))),
                    None => errors.push(at(row, format!("column {} ('id'): '{}' is not a sentence id ARTICLE_ID:sentence N (the sheet has a 'sentence' column)", sheet.id_columns[row.file], row.id))),
                }
            }
        }
    }
    let wanted: HashSet<String> = named.iter().map(|(_, a, _)| a.clone()).collect();
    let (articles, summary) = read_units(&opts.input, &ctx, Some(wanted), true)?;
    let failed_reads = summary.failed;
    let mut diagnostics = summary.diagnostics;
    let by_id: HashMap<&str, usize> =
        articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let place = super::place(&opts.input);
    let mut coded: Vec<Coded> = Vec::new();
    for (i, article_id, sentence) in named {
        let row = &sheet.rows[i];
        let Some(&a) = by_id.get(article_id.as_str()) else {
            // an article that failed to read is missing too: say so
            let failed = match failed_reads {
                0 => String::new(),
                n => format!(
                    " ({n} of its articles could not be read: `framelens check` names them)"
                ),
            };
            errors.push(at(
                row,
                format!(
                    "column {} ('id'): no article '{article_id}' in {}{failed}",
                    sheet.id_columns[row.file],
                    place.path.display()
                ),
            ));
            continue;
        };
        let art: &ArticleUnits = &articles[a];
        if let Some(s) = sentence
            && s >= art.sentences.len()
        {
            errors.push(at(
                row,
                format!(
                    "column {} ('id'): article '{article_id}' has {} sentences, not {}",
                    sheet.id_columns[row.file],
                    art.sentences.len(),
                    s + 1
                ),
            ));
            continue;
        }
        if !row.outlet.is_empty() && row.outlet != art.outlet {
            errors.push(at(
                row,
                format!(
                    "column {} ('outlet'): '{}', but the article is of outlet '{}'",
                    sheet.outlet_columns[row.file], row.outlet, art.outlet
                ),
            ));
            continue;
        }
        coded.push(Coded { row, article: a, sentence });
    }
    Error::from_list(errors)?;
    let outlets: BTreeSet<&str> =
        coded.iter().map(|c| articles[c.article].outlet.as_str()).collect();
    if outlets.contains(ALL) {
        diagnostics.warning(
            place.clone(),
            format!("an outlet is named '{ALL}': its rows and the rows of every outlet together both have '{ALL}' in the outlet column (the latter come last for each frame)"),
        );
    }
    let style = CsvStyle { excel: opts.input.excel };
    let mut table = Table::new(Columns::<ValidationRow>::new(), style);
    let mut cases = Table::new(Columns::<CaseRow>::new(), style);
    let mut rows = Vec::new();
    let mut order: Vec<usize> = (0..sheet.frames.len()).collect();
    order.sort_by_key(|&p| sheet.frames[p]);
    let several = sheet.coders.len() > 1;
    for &p in &order {
        let f = sheet.frames[p];
        let frame = frame_ids[f];
        let uncoded = coded.iter().filter(|c| majority(&c.row.codes[p]).is_none()).count();
        if uncoded > 0 {
            diagnostics.warning(
                Location::file(&sheet.paths[0]),
                format!("{uncoded} units have no code for frame '{frame}': they are not scored"),
            );
        }
        for outlet in outlets.iter().copied().chain([ALL]) {
            let subset: Vec<&Coded> = coded
                .iter()
                .filter(|c| outlet == ALL || articles[c.article].outlet == outlet)
                .collect();
            let mut pairs = Vec::new();
            let mut ties = 0;
            for c in &subset {
                match majority(&c.row.codes[p]) {
                    Some(Some(gold)) => pairs
                        .push(Pair { gold, framelens: articles[c.article].present(f, c.sentence) }),
                    Some(None) => ties += 1,
                    None => {}
                }
            }
            let counts = Counts::of(pairs.iter().copied());
            let stream = rows.len() as u64;
            let [(p_lo, p_hi), (r_lo, r_hi), (f_lo, f_hi)] =
                bootstrap(&pairs, RESAMPLES, opts.seed, stream);
            let coder_units: Vec<Vec<Option<u32>>> = subset
                .iter()
                .map(|c| c.row.codes[p].iter().map(|v| v.map(u32::from)).collect())
                .collect();
            let pair_units: Vec<Vec<Option<u32>>> = pairs
                .iter()
                .map(|q| vec![Some(u32::from(q.gold)), Some(u32::from(q.framelens))])
                .collect();
            let row = ValidationRow {
                frame: frame.to_string(),
                outlet: outlet.to_string(),
                units: pairs.len() as u64,
                gold: counts.tp + counts.fn_,
                framelens: counts.tp + counts.fp,
                tp: counts.tp,
                fp: counts.fp,
                fn_: counts.fn_,
                ties,
                precision: Fixed(counts.precision()),
                precision_lo: Fixed(p_lo),
                precision_hi: Fixed(p_hi),
                recall: Fixed(counts.recall()),
                recall_lo: Fixed(r_lo),
                recall_hi: Fixed(r_hi),
                f1: Fixed(counts.f1()),
                f1_lo: Fixed(f_lo),
                f1_hi: Fixed(f_hi),
                alpha_coders: Fixed(if several {
                    krippendorff_nominal(&coder_units)
                } else {
                    f64::NAN
                }),
                alpha_majority_framelens: Fixed(krippendorff_nominal(&pair_units)),
            };
            table.row(&row);
            rows.push(row);
        }
        // every disagreement, in sheet order
        for c in &coded {
            let Some(Some(gold)) = majority(&c.row.codes[p]) else { continue };
            let art = &articles[c.article];
            let found = art.present(f, c.sentence);
            if gold == found {
                continue;
            }
            let codes = if several {
                let each =
                    sheet.coders.iter().zip(&c.row.codes[p]).map(|(k, v)| {
                        format!("{k}={}", v.map_or("", |b| if b { "1" } else { "0" }))
                    });
                each.collect::<Vec<_>>().join(" ")
            } else {
                u8::from(gold).to_string()
            };
            let base =
                CaseRow { frame, outlet: &art.outlet, id: &c.row.id, codes, ..CaseRow::default() };
            if found {
                for h in art.hits_in(f, c.sentence) {
                    let k = h.kwic();
                    cases.row(&CaseRow {
                        error: "fp",
                        pattern: frames[f].patterns[h.pattern.index()].as_str(),
                        left: &k.left,
                        matched: &k.matched,
                        right: &k.right,
                        ..base.clone()
                    });
                }
            } else {
                cases.row(&CaseRow { error: "fn", text: art.unit_text(c.sentence), ..base });
            }
        }
    }
    diagnostics.sort();
    let input = &opts.input;
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.to_string_lossy().into_owned());
    let mut gold = Vec::new();
    for p in &opts.gold {
        let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
        gold.push(serde_json::json!({
            "path": p.to_string_lossy(),
            "sha256": crate::ingest::hex(&sha2::Sha256::digest(&bytes)),
        }));
    }
    let provenance = serde_json::json!({
        "command": "validate",
        "gold": gold,
        "unit": sheet.unit.as_str(),
        "coders": opts.coders,
        "units_in_sheet": sheet.rows.len(),
        "bootstrap": {
            "resamples": RESAMPLES,
            "seed": opts.seed,
            "generator": "ChaCha8 (rand 0.10) seeded with `seed`, stream = the row's index in validation.csv (from 0)",
        },
        "corpus": if input.collection.is_some() { None } else { Some(input.corpus.to_string_lossy()) },
        "collection": path(&input.collection),
        "lexicons": ctx.lexicons.files.iter().map(|f| serde_json::json!({
            "role": f.role, "path": f.path.to_string_lossy(), "sha256": f.sha256,
        })).collect::<Vec<_>>(),
        "errors": diagnostics.errors(),
        "warnings": diagnostics.warnings(),
    });
    Ok(Validated {
        rows,
        table: table.into_bytes(),
        cases: cases.into_bytes(),
        diagnostics,
        provenance,
        written: Vec::new(),
    })
}
