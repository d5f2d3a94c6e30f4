//! The tables of issue 20, from counts to findings: `article_matrix.csv`
//! (one row per article, one column per frame and entity) and
//! `outlet_periods.csv` (outlet × period × item). Rows are `#[derive(Serialize)]` structs, as in
//! [`super::tables`]; the columns known only at run time (one per frame and
//! entity, `archive_total` with `--denominator`) follow the struct's cells.

use std::io::Write;

use serde::Serialize;

use super::tables::per_1k;
use super::{Columns, CsvStyle, Fixed, Header, Table, columns};
use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::model::{ArticleResult, Id};
use crate::periods::{Dating, Denominator, Granularity, PeriodAccumulator, label, period_of};

/// The fixed first columns of a row of `article_matrix.csv`; a count per
/// frame and per entity follows.
#[derive(Debug, Default, Serialize)]
pub struct ArticleMatrixRow<'a> {
    article_id: &'a str,
    outlet: &'a str,
    date: Option<&'a str>,
    period: Option<String>,
    tokens: usize,
    tokens_own: usize,
}

/// The header of `article_matrix.csv`: [`ArticleMatrixRow`]'s columns, then
/// `frame_<id>` for each frame in lexicon order and `entity_<id>` for each
/// entity in gazetteer order (the prefixes keep a frame and an entity of
/// one id apart).
pub fn article_matrix_header(frames: &FrameSet, gazetteer: &Gazetteer) -> Vec<String> {
    let mut names: Vec<String> =
        columns::<ArticleMatrixRow>().into_iter().map(str::to_string).collect();
    names.extend(frames.frames().iter().map(|f| format!("frame_{}", f.id)));
    names.extend(gazetteer.entities().iter().map(|e| format!("entity_{}", e.id)));
    names
}

/// A header of owned names.
pub struct Names<'a>(pub &'a [String]);

impl Header for Names<'_> {
    fn names(&self) -> Vec<&str> {
        self.0.iter().map(String::as_str).collect()
    }
}

/// The row of `article_matrix.csv` for one article: its id, outlet, date,
/// period at `granularity` (empty when undated at it), tokens, own-voice
/// tokens, then its hits of each frame and mentions of each entity, zeros
/// included.
///
/// # Errors
/// Writing fails.
pub fn article_matrix_row<W: Write>(
    t: &mut Table<W>,
    r: &ArticleResult,
    frames: usize,
    entities: usize,
    granularity: Granularity,
) -> std::io::Result<()> {
    let period = match period_of(r.meta.date.as_deref(), granularity) {
        Dating::At(p) => Some(label(p, granularity)),
        Dating::TooCoarse | Dating::Undated => None,
    };
    t.cells(&ArticleMatrixRow {
        article_id: &r.meta.id,
        outlet: &r.meta.outlet,
        date: r.meta.date.as_deref(),
        period,
        tokens: r.tokens,
        tokens_own: r.tokens_own,
    });
    let mut counts = vec![0u64; frames + entities];
    for h in &r.frame_hits {
        counts[h.item.index()] += 1;
    }
    for m in &r.mentions {
        counts[frames + m.item.index()] += 1;
    }
    for n in counts {
        t.num(n);
    }
    t.try_end_row()
}

/// A row of `outlet_periods.csv`: one per outlet × period × item.
#[derive(Debug, Default, Serialize)]
pub struct OutletPeriodRow<'a> {
    outlet: &'a str,
    period: String,
    kind: &'a str,
    item: &'a str,
    articles: u64,
    articles_with_item: u64,
    share_articles: Fixed<4>,
    hits: u64,
    hits_own: u64,
    tokens: u64,
    tokens_own: u64,
    per_1k: Fixed<4>,
    per_1k_own: Fixed<4>,
}

/// Header of `outlet_periods.csv` (without `archive_total`).
pub const OUTLET_PERIODS_HEADER: Columns<OutletPeriodRow<'static>> = Columns::new();

/// `outlet_periods.csv`: for each outlet, every period from its first dated
/// article to its last (periods without an article included, with zeros),
/// and in each period every frame (`kind` = `frame`, lexicon order) then
/// every entity (`entity`, gazetteer order). With a denominator, a last
/// column `archive_total`: the archive's articles over the period's days
/// (empty where the file gives none of them).
pub fn outlet_periods(
    acc: &PeriodAccumulator,
    frames: &FrameSet,
    gazetteer: &Gazetteer,
    denominator: Option<&Denominator>,
    style: CsvStyle,
) -> Vec<u8> {
    let mut header = columns::<OutletPeriodRow>();
    if denominator.is_some() {
        header.push("archive_total");
    }
    let mut t = Table::new(header, style);
    let g = acc.granularity();
    let items: Vec<(&str, &str)> = frames
        .frames()
        .iter()
        .map(|f| ("frame", f.id.as_str()))
        .chain(gazetteer.entities().iter().map(|e| ("entity", e.id.as_str())))
        .collect();
    for (outlet, period, cell) in acc.spans() {
        let name = label(period, g);
        let archive = denominator.map(|d| d.total(period, g));
        let (articles, tokens, tokens_own) =
            cell.map_or((0, 0, 0), |c| (c.articles, c.tokens, c.tokens_own));
        for (i, &(kind, item)) in items.iter().enumerate() {
            let counts = cell.map(|c| c.items[i]).unwrap_or_default();
            let share =
                if articles == 0 { f64::NAN } else { counts.articles as f64 / articles as f64 };
            t.cells(&OutletPeriodRow {
                outlet,
                period: name.clone(),
                kind,
                item,
                articles,
                articles_with_item: counts.articles,
                share_articles: Fixed(share),
                hits: counts.hits,
                hits_own: counts.hits_own,
                tokens,
                tokens_own,
                per_1k: Fixed(per_1k(counts.hits, tokens)),
                per_1k_own: Fixed(per_1k(counts.hits_own, tokens_own)),
            });
            match archive {
                Some(Some(n)) => {
                    t.num(n);
                }
                Some(None) => {
                    t.text("");
                }
                None => {}
            }
            t.end_row();
        }
    }
    t.into_bytes()
}
