//! The tables of issue 20, from counts to findings: `article_matrix.csv`
//! (one row per article, one column per frame and entity),
//! `outlet_periods.csv` (outlet × period × item) and `outlet_tests.csv`
//! (outlet × item: intervals, tests, log-odds). Rows are `#[derive(Serialize)]` structs, as in
//! [`super::tables`]; the columns known only at run time (one per frame and
//! entity, `archive_total` with `--denominator`) follow the struct's cells.

use std::io::Write;

use serde::Serialize;

use super::tables::{PValue, per_1k};
use super::{Columns, CsvStyle, Fixed, Header, Table, columns};
use crate::aggregate::{Aggregate, ItemCounts};
use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::keyness::keyness;
use crate::model::{ArticleResult, Id};
use crate::periods::{Dating, Denominator, Granularity, PeriodAccumulator, label, period_of};
#[cfg(doc)]
use crate::stats::Bootstrap;
use crate::stats::{Z_95, benjamini_hochberg, presence_test, wilson};

/// The fixed first columns of a row of `article_matrix.csv`; a count per
/// frame and per entity follows.
#[derive(Debug, Default, Serialize)]
pub struct ArticleMatrixRow<'a> {
    article_id: &'a str,
    outlet: &'a str,
    group: Option<&'a str>,
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

/// The row of `article_matrix.csv` for one article: its id, outlet, group,
/// date,
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
        group: r.meta.group.as_deref(),
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

/// A row of `outlet_tests.csv`: one per outlet × item, each outlet against
/// all other outlets together (see [`crate::stats`]).
#[derive(Debug, Default, Serialize)]
pub struct OutletTestRow<'a> {
    outlet: &'a str,
    kind: &'a str,
    item: &'a str,
    articles: u64,
    articles_with_item: u64,
    share_articles: Fixed<4>,
    share_lo: Fixed<4>,
    share_hi: Fixed<4>,
    reference_articles: u64,
    reference_articles_with_item: u64,
    test: &'a str,
    p_value: PValue,
    q_value: PValue,
    target_count: u64,
    target_total: u64,
    reference_count: u64,
    reference_total: u64,
    per_1k: Fixed<4>,
    per_1k_lo: Fixed<4>,
    per_1k_hi: Fixed<4>,
    g2: Fixed<4>,
    log_odds: Fixed<4>,
    log_odds_z: Fixed<4>,
}

/// Header of `outlet_tests.csv`.
pub const OUTLET_TESTS_HEADER: Columns<OutletTestRow<'static>> = Columns::new();

/// `outlet_tests.csv`: for each outlet (by id), every frame then every
/// entity: the Wilson interval of `share_articles`, the test of article
/// presence against the rest with its Benjamini–Hochberg q-value over the
/// whole table, the counts of the keyness measures, the bootstrap interval
/// of `per_1k` (`intervals`, from [`Bootstrap::intervals`]), G2 and the
/// weighted log-odds with its z-score.
pub fn outlet_tests(
    agg: &Aggregate,
    frames: &FrameSet,
    gazetteer: &Gazetteer,
    intervals: &[Vec<(f64, f64)>],
    style: CsvStyle,
) -> Vec<u8> {
    let items: Vec<(&str, &str, &ItemCounts, usize)> = frames
        .frames()
        .iter()
        .enumerate()
        .map(|(i, f)| ("frame", f.id.as_str(), &agg.frames, i))
        .chain(
            gazetteer
                .entities()
                .iter()
                .enumerate()
                .map(|(i, e)| ("entity", e.id.as_str(), &agg.entities, i)),
        )
        .collect();
    let o = &agg.outlets;
    let (all_articles, all_tokens): (u64, u64) = (o.articles.iter().sum(), o.total_tokens());
    let mut rows = Vec::new();
    for (oi, outlet) in o.names.iter().enumerate() {
        let (articles, tokens) = (o.articles[oi], o.tokens[oi]);
        for (ii, &(kind, item, counts, i)) in items.iter().enumerate() {
            let with = counts.articles[oi][i];
            let all_with: u64 = counts.articles.iter().map(|row| row[i]).sum();
            let hits = counts.hits[oi][i];
            let all_hits: u64 = counts.hits.iter().map(|row| row[i]).sum();
            let (rest_articles, rest_with) = (all_articles - articles, all_with - with);
            let (rest_hits, rest_tokens) = (all_hits - hits, all_tokens - tokens);
            let share = if articles == 0 { f64::NAN } else { with as f64 / articles as f64 };
            let (share_lo, share_hi) = wilson(with, articles, Z_95);
            let test = presence_test(with, articles, rest_with, rest_articles);
            let (per_1k_lo, per_1k_hi) =
                intervals.get(oi).and_then(|v| v.get(ii)).copied().unwrap_or((f64::NAN, f64::NAN));
            let (log_odds, log_odds_z) = if rest_tokens == 0 {
                (f64::NAN, f64::NAN)
            } else {
                crate::stats::log_odds(hits, tokens, rest_hits, rest_tokens, all_hits, all_tokens)
            };
            let g2 = if rest_tokens == 0 {
                f64::NAN
            } else {
                keyness(hits, tokens, rest_hits, rest_tokens).g2
            };
            rows.push(OutletTestRow {
                outlet,
                kind,
                item,
                articles,
                articles_with_item: with,
                share_articles: Fixed(share),
                share_lo: Fixed(share_lo),
                share_hi: Fixed(share_hi),
                reference_articles: rest_articles,
                reference_articles_with_item: rest_with,
                test: test.map_or("", |(_, t)| t.as_str()),
                p_value: PValue(test.map_or(f64::NAN, |(p, _)| p)),
                q_value: PValue(f64::NAN),
                target_count: hits,
                target_total: tokens,
                reference_count: rest_hits,
                reference_total: rest_tokens,
                per_1k: Fixed(per_1k(hits, tokens)),
                per_1k_lo: Fixed(per_1k_lo),
                per_1k_hi: Fixed(per_1k_hi),
                g2: Fixed(g2),
                log_odds: Fixed(log_odds),
                log_odds_z: Fixed(log_odds_z),
            });
        }
    }
    let p: Vec<f64> = rows.iter().map(|r| r.p_value.0).collect();
    let mut t = Table::new(OUTLET_TESTS_HEADER, style);
    for (mut row, q) in rows.into_iter().zip(benjamini_hochberg(&p)) {
        row.q_value = PValue(q);
        t.row(&row);
    }
    t.into_bytes()
}
