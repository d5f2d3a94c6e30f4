//! The tables of a run, each built from the sorted article results.
//!
//! Each table's row is a `#[derive(Serialize)]` struct whose field names, in
//! order, are the table's header (see [`super::Columns`]); the `*_HEADER`
//! consts are those headers. Only `frames_wide.csv`, whose columns are the
//! outlets of the run, is written cell by cell.

use std::io::Write;

use serde::Serialize;

use super::{Columns, CsvStyle, Fixed, Number, Table, float};
use crate::aggregate::{Aggregate, actors};
use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::keyness::keyness;
use crate::model::{AnyFound, ArticleResult, Id};

/// A row of `articles.csv`: one per article.
#[derive(Debug, Default, Serialize)]
pub struct ArticleRow<'a> {
    article_id: &'a str,
    file: &'a str,
    outlet: &'a str,
    date: Option<&'a str>,
    title: Option<&'a str>,
    tokens: usize,
    sentences: usize,
    boilerplate_chars: usize,
    entity_mentions: usize,
    frame_hits: usize,
    chars: usize,
    language: &'a str,
    authors: Option<&'a str>,
    url: Option<&'a str>,
}

impl<'a> ArticleRow<'a> {
    /// The row of an article.
    pub fn new(r: &'a ArticleResult) -> ArticleRow<'a> {
        let m = &r.meta;
        ArticleRow {
            article_id: &m.id,
            file: &m.file,
            outlet: &m.outlet,
            date: m.date.as_deref(),
            title: m.title.as_deref(),
            tokens: r.tokens,
            sentences: r.sentences,
            boilerplate_chars: r.boilerplate_chars(),
            entity_mentions: r.mentions.len(),
            frame_hits: r.frame_hits.len(),
            chars: r.chars,
            language: &m.language,
            authors: m.authors.as_deref(),
            url: m.url.as_deref(),
        }
    }
}

/// Header of `articles.csv`.
pub const ARTICLES_HEADER: Columns<ArticleRow<'static>> = Columns::new();

/// The cells of an article's row of `articles.csv` (the row is not ended).
pub fn article_row<W: Write>(t: &mut Table<W>, r: &ArticleResult) {
    t.cells(&ArticleRow::new(r));
}

/// A row of `boilerplate.csv`: one per stretch cut.
#[derive(Debug, Default, Serialize)]
pub struct BoilerplateRow<'a> {
    article_id: &'a str,
    outlet: &'a str,
    rule: &'a str,
    start: usize,
    end: usize,
    chars: usize,
    text: &'a str,
}

/// Header of `boilerplate.csv`.
pub const BOILERPLATE_HEADER: Columns<BoilerplateRow<'static>> = Columns::new();

/// The rows of `boilerplate.csv` for one article: every stretch cut, with
/// its text, so a scholar can check that nothing of the article was lost.
///
/// # Errors
/// Writing fails.
pub fn boilerplate_rows<W: Write>(t: &mut Table<W>, r: &ArticleResult) -> std::io::Result<()> {
    for cut in &r.cuts {
        t.try_row(&BoilerplateRow {
            article_id: &r.meta.id,
            outlet: &r.meta.outlet,
            rule: &cut.rule,
            start: cut.span.start,
            end: cut.span.end,
            chars: cut.chars,
            text: &cut.text,
        })?;
    }
    Ok(())
}

/// A rate per 1,000 tokens, or NaN when there are no tokens.
pub fn per_1k(count: u64, tokens: u64) -> f64 {
    if tokens == 0 { f64::NAN } else { count as f64 * 1000.0 / tokens as f64 }
}

/// A p-value cell: six decimals, or scientific notation below 0.000001.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PValue(pub f64);

impl std::fmt::Display for PValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self.0;
        if p > 0.0 && p < 1e-6 { write!(f, "{p:.3e}") } else { f.write_str(&float(p, 6)) }
    }
}

impl Serialize for PValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Number(self).serialize(s)
    }
}

/// A row of `outlet_entities.csv`: one per outlet × entity.
#[derive(Debug, Default, Serialize)]
pub struct OutletEntityRow<'a> {
    outlet: &'a str,
    entity: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    actor: Option<&'a str>,
    mentions: u64,
    articles_with_entity: u64,
    per_1k: Fixed<4>,
    g2: Fixed<4>,
    log_ratio: Fixed<4>,
    p_value: PValue,
    name: &'a str,
    articles: u64,
    tokens: u64,
    mentions_own: u64,
    mentions_quote: u64,
    mentions_scare: u64,
}

/// Header of `outlet_entities.csv`.
pub const OUTLET_ENTITIES_HEADER: Columns<OutletEntityRow<'static>> = Columns::new();

/// `outlet_entities.csv`: every outlet × entity, zeros included, with
/// keyness of the outlet against all other outlets together.
pub fn outlet_entities(agg: &Aggregate, gazetteer: &Gazetteer, style: CsvStyle) -> Vec<u8> {
    let mut t = Table::new(OUTLET_ENTITIES_HEADER, style);
    let total = agg.outlets.total_tokens();
    for (o, outlet) in agg.outlets.names.iter().enumerate() {
        let tokens = agg.outlets.tokens[o];
        for (e, entity) in gazetteer.entities().iter().enumerate() {
            let a = agg.entities.hits[o][e];
            let all: u64 = agg.entities.hits.iter().map(|row| row[e]).sum();
            let k = keyness(a, tokens, all - a, total - tokens);
            let v = agg.entities.by_voice[o][e];
            t.row(&OutletEntityRow {
                outlet,
                entity: &entity.id,
                kind: &entity.kind,
                actor: entity.actor.as_deref(),
                mentions: a,
                articles_with_entity: agg.entities.articles[o][e],
                per_1k: Fixed(per_1k(a, tokens)),
                g2: Fixed(k.g2),
                log_ratio: Fixed(k.log_ratio),
                p_value: PValue(k.p_value),
                name: &entity.name,
                articles: agg.outlets.articles[o],
                tokens,
                mentions_own: v[0],
                mentions_quote: v[1],
                mentions_scare: v[2],
            });
        }
    }
    t.into_bytes()
}

/// A row of `entity_variants.csv`: one per outlet × entity × alias seen.
#[derive(Debug, Default, Serialize)]
pub struct EntityVariantRow<'a> {
    outlet: &'a str,
    entity: &'a str,
    variant: &'a str,
    mentions: u64,
}

/// Header of `entity_variants.csv`.
pub const ENTITY_VARIANTS_HEADER: Columns<EntityVariantRow<'static>> = Columns::new();

/// `entity_variants.csv`: which alias each outlet used for each entity
/// (`Karabakh` vs `Nagorno-Karabakh` vs `Artsakh`); only variants seen.
pub fn entity_variants(agg: &Aggregate, gazetteer: &Gazetteer, style: CsvStyle) -> Vec<u8> {
    let mut t = Table::new(ENTITY_VARIANTS_HEADER, style);
    for (&(o, e, alias), &n) in &agg.entities.patterns {
        t.row(&EntityVariantRow {
            outlet: &agg.outlets.names[o],
            entity: &gazetteer.entity(e).id,
            variant: &gazetteer.alias(alias).text,
            mentions: n,
        });
    }
    t.into_bytes()
}

/// A row of `outlet_actors.csv`: one per outlet × actor.
#[derive(Debug, Default, Serialize)]
pub struct OutletActorRow<'a> {
    outlet: &'a str,
    actor: &'a str,
    mentions: u64,
    per_1k: Fixed<4>,
}

/// Header of `outlet_actors.csv`.
pub const OUTLET_ACTORS_HEADER: Columns<OutletActorRow<'static>> = Columns::new();

/// `outlet_actors.csv`: mentions rolled up to actors (Putin, Peskov, the
/// Kremlin, Moscow → russia), every outlet × actor.
pub fn outlet_actors(agg: &Aggregate, gazetteer: &Gazetteer, style: CsvStyle) -> Vec<u8> {
    let (names, of) = actors(gazetteer);
    let mut t = Table::new(OUTLET_ACTORS_HEADER, style);
    for (o, outlet) in agg.outlets.names.iter().enumerate() {
        let mut sums = vec![0u64; names.len()];
        for (e, actor) in of.iter().enumerate() {
            if let Some(a) = actor {
                sums[*a] += agg.entities.hits[o][e];
            }
        }
        for (a, name) in names.iter().enumerate() {
            t.row(&OutletActorRow {
                outlet,
                actor: name,
                mentions: sums[a],
                per_1k: Fixed(per_1k(sums[a], agg.outlets.tokens[o])),
            });
        }
    }
    t.into_bytes()
}

/// A row of `hits.csv` (and of `kwic --csv`): one per entity mention or
/// frame hit, in context. `match` is the original text at bytes
/// `start..end`; `sentence_no` counts from 1. A hit without its context (see
/// [`crate::analyze::add_context`]) has empty `left`, `match` and `right`.
#[derive(Debug, Default, Serialize)]
pub struct HitRow<'a> {
    article_id: &'a str,
    outlet: &'a str,
    kind: &'a str,
    name: &'a str,
    pattern: &'a str,
    voice: &'a str,
    left: &'a str,
    #[serde(rename = "match")]
    matched: &'a str,
    right: &'a str,
    sentence_no: u32,
    start: usize,
    end: usize,
}

impl<'a> HitRow<'a> {
    /// The row of `h`, a mention or hit of the article `r`, found by
    /// `pattern` of `name` (as [`names`] gives them for a run).
    pub fn new(
        r: &'a ArticleResult,
        h: AnyFound<'a>,
        name: &'a str,
        pattern: &'a str,
    ) -> HitRow<'a> {
        let k = h.kwic();
        HitRow {
            article_id: &r.meta.id,
            outlet: &r.meta.outlet,
            kind: h.kind(),
            name,
            pattern,
            voice: h.voice().as_str(),
            left: &k.left,
            matched: &k.matched,
            right: &k.right,
            sentence_no: h.sentence() + 1,
            start: h.span().start,
            end: h.span().end,
        }
    }
}

/// Header of `hits.csv`.
pub const HITS_HEADER: Columns<HitRow<'static>> = Columns::new();

/// The rows of `hits.csv` for one article: every entity mention and frame
/// hit in context, by position (see [`HitRow`]).
///
/// # Errors
/// Writing fails.
pub fn hit_rows<W: Write>(
    t: &mut Table<W>,
    r: &ArticleResult,
    gazetteer: &Gazetteer,
    frames: &FrameSet,
) -> std::io::Result<()> {
    for h in r.in_text_order() {
        let (name, pattern) = names(h, gazetteer, frames);
        t.try_row(&HitRow::new(r, h, name, pattern))?;
    }
    Ok(())
}

/// The id of what was found (the entity or frame) and the text of what
/// found it (the alias or pattern), as the lexicons give them.
pub fn names<'a>(
    h: AnyFound,
    gazetteer: &'a Gazetteer,
    frames: &'a FrameSet,
) -> (&'a str, &'a str) {
    match h {
        AnyFound::Entity(m) => (
            gazetteer.entity(m.item.get()).id.as_str(),
            gazetteer.alias(m.pattern.get()).text.as_str(),
        ),
        AnyFound::Frame(f) => {
            let frame = &frames.frames()[f.item.index()];
            (frame.id.as_str(), frame.patterns[f.pattern.index()].as_str())
        }
    }
}

/// A row of `outlet_frames.csv`: one per outlet × frame.
#[derive(Debug, Default, Serialize)]
pub struct OutletFrameRow<'a> {
    outlet: &'a str,
    frame: &'a str,
    articles: u64,
    articles_with_frame: u64,
    share_articles: Fixed<4>,
    hits: u64,
    hits_own: u64,
    hits_quote: u64,
    hits_scare: u64,
    tokens: u64,
    per_1k: Fixed<4>,
    per_1k_own: Fixed<4>,
    g2: Fixed<4>,
    log_ratio: Fixed<4>,
    p_value: PValue,
    label: &'a str,
}

/// Header of `outlet_frames.csv`.
pub const OUTLET_FRAMES_HEADER: Columns<OutletFrameRow<'static>> = Columns::new();

/// `outlet_frames.csv`: every outlet × frame, zeros included: presence
/// (articles with the frame, and their share), hits by voice, rate (of all
/// hits per 1,000 tokens, and of own-voice hits per 1,000 own-voice tokens)
/// and keyness against all other outlets together.
pub fn outlet_frames(agg: &Aggregate, frames: &FrameSet, style: CsvStyle) -> Vec<u8> {
    let mut t = Table::new(OUTLET_FRAMES_HEADER, style);
    let total = agg.outlets.total_tokens();
    for (o, outlet) in agg.outlets.names.iter().enumerate() {
        let (articles, tokens) = (agg.outlets.articles[o], agg.outlets.tokens[o]);
        for (f, frame) in frames.frames().iter().enumerate() {
            let a = agg.frames.hits[o][f];
            let all: u64 = agg.frames.hits.iter().map(|row| row[f]).sum();
            let k = keyness(a, tokens, all - a, total - tokens);
            let with = agg.frames.articles[o][f];
            let share = if articles == 0 { f64::NAN } else { with as f64 / articles as f64 };
            let v = agg.frames.by_voice[o][f];
            t.row(&OutletFrameRow {
                outlet,
                frame: &frame.id,
                articles,
                articles_with_frame: with,
                share_articles: Fixed(share),
                hits: a,
                hits_own: v[0],
                hits_quote: v[1],
                hits_scare: v[2],
                tokens,
                per_1k: Fixed(per_1k(a, tokens)),
                per_1k_own: Fixed(per_1k(v[0], agg.outlets.tokens_own[o])),
                g2: Fixed(k.g2),
                log_ratio: Fixed(k.log_ratio),
                p_value: PValue(k.p_value),
                label: &frame.label,
            });
        }
    }
    t.into_bytes()
}

/// A row of `article_frames.csv`: one per article × frame with hits.
#[derive(Debug, Default, Serialize)]
pub struct ArticleFrameRow<'a> {
    article_id: &'a str,
    outlet: &'a str,
    frame: &'a str,
    hits: u64,
}

/// Header of `article_frames.csv`.
pub const ARTICLE_FRAMES_HEADER: Columns<ArticleFrameRow<'static>> = Columns::new();

/// The rows of `article_frames.csv` for one article: each frame with at
/// least one hit.
///
/// # Errors
/// Writing fails.
pub fn article_frame_rows<W: Write>(
    t: &mut Table<W>,
    r: &ArticleResult,
    frames: &FrameSet,
) -> std::io::Result<()> {
    let mut counts = vec![0u64; frames.frames().len()];
    for h in &r.frame_hits {
        counts[h.item.index()] += 1;
    }
    for (f, &n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        t.try_row(&ArticleFrameRow {
            article_id: &r.meta.id,
            outlet: &r.meta.outlet,
            frame: &frames.frames()[f].id,
            hits: n,
        })?;
    }
    Ok(())
}

/// What `frames_wide.csv` holds in its outlet columns (`--wide-rate`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum WideRate {
    /// Hits per 1,000 word tokens (the default).
    #[default]
    #[value(name = "per_1k")]
    Per1k,
    /// Own-voice hits per 1,000 own-voice tokens (tokens inside no quotation).
    #[value(name = "per_1k_own")]
    Per1kOwn,
    /// The share of the outlet's articles with at least one hit.
    #[value(name = "share_articles")]
    ShareArticles,
}

impl WideRate {
    /// The name given on the command line and written in `run.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            WideRate::Per1k => "per_1k",
            WideRate::Per1kOwn => "per_1k_own",
            WideRate::ShareArticles => "share_articles",
        }
    }
}

/// `frames_wide.csv`: one row per frame (its id, then its label), one
/// column per outlet (named by the outlet id) holding `rate`: the table a
/// spreadsheet user charts.
///
/// Its columns are known only at run time (one per outlet), which a row
/// struct cannot express: it is written cell by cell, its header built here.
pub fn frames_wide(agg: &Aggregate, frames: &FrameSet, rate: WideRate, style: CsvStyle) -> Vec<u8> {
    let mut header: Vec<&str> = vec!["frame", "label"];
    header.extend(agg.outlets.names.iter().map(String::as_str));
    let mut t = Table::new(header, style);
    for (f, frame) in frames.frames().iter().enumerate() {
        t.text(&frame.id);
        t.text(&frame.label);
        for o in 0..agg.outlets.names.len() {
            let value = match rate {
                WideRate::Per1k => per_1k(agg.frames.hits[o][f], agg.outlets.tokens[o]),
                WideRate::Per1kOwn => {
                    per_1k(agg.frames.by_voice[o][f][0], agg.outlets.tokens_own[o])
                }
                WideRate::ShareArticles => {
                    let articles = agg.outlets.articles[o];
                    if articles == 0 {
                        f64::NAN
                    } else {
                        agg.frames.articles[o][f] as f64 / articles as f64
                    }
                }
            };
            t.num(Fixed::<4>(value));
        }
        t.end_row();
    }
    t.into_bytes()
}

/// A row of `frame_entities.csv`: one per outlet × frame × entity that
/// stand together in at least one sentence.
#[derive(Debug, Default, Serialize)]
pub struct FrameEntityRow<'a> {
    outlet: &'a str,
    frame: &'a str,
    entity: &'a str,
    sentences: u64,
}

/// Header of `frame_entities.csv`.
pub const FRAME_ENTITIES_HEADER: Columns<FrameEntityRow<'static>> = Columns::new();

/// `frame_entities.csv`: for each outlet, frame and entity that stand
/// together in at least one sentence, the number of such sentences.
pub fn frame_entities(
    agg: &Aggregate,
    gazetteer: &Gazetteer,
    frames: &FrameSet,
    style: CsvStyle,
) -> Vec<u8> {
    let mut t = Table::new(FRAME_ENTITIES_HEADER, style);
    for (&(o, f, e), &n) in &agg.frame_entities {
        t.row(&FrameEntityRow {
            outlet: &agg.outlets.names[o],
            frame: &frames.frames()[f as usize].id,
            entity: &gazetteer.entity(e).id,
            sentences: n,
        });
    }
    t.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Header, columns};

    /// Each row struct's header is SPEC §7's key columns for its table
    /// (typed here from the SPEC, not from the code), then the columns the
    /// README adds; tables the SPEC does not list have the README's columns.
    #[test]
    fn each_header_is_the_spec_columns_then_the_readme_ones() {
        // table, its header, SPEC §7's key columns, the README's further ones
        type Case =
            (&'static str, Vec<&'static str>, &'static [&'static str], &'static [&'static str]);
        let tables: &[Case] = &[
            (
                "articles.csv",
                columns::<ArticleRow>(),
                &[
                    "article_id",
                    "file",
                    "outlet",
                    "date",
                    "title",
                    "tokens",
                    "sentences",
                    "boilerplate_chars",
                    "entity_mentions",
                    "frame_hits",
                ],
                &["chars", "language", "authors", "url"],
            ),
            (
                "boilerplate.csv",
                columns::<BoilerplateRow>(),
                &[],
                &["article_id", "outlet", "rule", "start", "end", "chars", "text"],
            ),
            (
                "outlet_frames.csv",
                columns::<OutletFrameRow>(),
                &[
                    "outlet",
                    "frame",
                    "articles",
                    "articles_with_frame",
                    "share_articles",
                    "hits",
                    "hits_own",
                    "hits_quote",
                    "hits_scare",
                    "tokens",
                    "per_1k",
                    // SPEC §11 (issue 20: "beside per_1k")
                    "per_1k_own",
                    "g2",
                    "log_ratio",
                    "p_value",
                ],
                &["label"],
            ),
            (
                "outlet_entities.csv",
                columns::<OutletEntityRow>(),
                &[
                    "outlet",
                    "entity",
                    "type",
                    "actor",
                    "mentions",
                    "articles_with_entity",
                    "per_1k",
                    "g2",
                    "log_ratio",
                    "p_value",
                ],
                &["name", "articles", "tokens", "mentions_own", "mentions_quote", "mentions_scare"],
            ),
            (
                "entity_variants.csv",
                columns::<EntityVariantRow>(),
                &["outlet", "entity", "variant", "mentions"],
                &[],
            ),
            (
                "article_frames.csv",
                columns::<ArticleFrameRow>(),
                &["article_id", "outlet", "frame", "hits"],
                &[],
            ),
            (
                "hits.csv",
                columns::<HitRow>(),
                &[
                    "article_id",
                    "outlet",
                    "kind",
                    "name",
                    "pattern",
                    "voice",
                    "left",
                    "match",
                    "right",
                    "sentence_no",
                    "start",
                    "end",
                ],
                &[],
            ),
            (
                "frame_entities.csv",
                columns::<FrameEntityRow>(),
                &["outlet", "frame", "entity", "sentences"],
                &[],
            ),
            (
                "outlet_actors.csv",
                columns::<OutletActorRow>(),
                &[],
                &["outlet", "actor", "mentions", "per_1k"],
            ),
        ];
        for (table, header, spec, readme) in tables {
            let want: Vec<&str> = spec.iter().chain(readme.iter()).copied().collect();
            assert_eq!(*header, want, "{table}");
        }
        // the consts run.rs and kwic write are the same headers
        assert_eq!(ARTICLES_HEADER.names(), columns::<ArticleRow>());
        assert_eq!(BOILERPLATE_HEADER.names(), columns::<BoilerplateRow>());
        assert_eq!(ARTICLE_FRAMES_HEADER.names(), columns::<ArticleFrameRow>());
        assert_eq!(HITS_HEADER.names(), columns::<HitRow>());
    }

    /// An empty table is its header row; every row has the header's width
    /// (the csv crate refuses a ragged row).
    #[test]
    fn a_table_without_rows_is_its_header() {
        let t = Table::new(HITS_HEADER, CsvStyle::default());
        let want =
            "article_id,outlet,kind,name,pattern,voice,left,match,right,sentence_no,start,end\n";
        assert_eq!(String::from_utf8(t.into_bytes()).unwrap(), want);
        let mut t = Table::new(OUTLET_ACTORS_HEADER, CsvStyle { excel: true });
        t.row(&OutletActorRow {
            outlet: "-south",
            actor: "russia",
            mentions: 2,
            per_1k: Fixed(-0.00001),
        });
        let want = "\u{feff}outlet,actor,mentions,per_1k\n'-south,russia,2,0.0000\n";
        assert_eq!(String::from_utf8(t.into_bytes()).unwrap(), want);
    }

    #[test]
    fn p_values_below_a_millionth_are_scientific() {
        assert_eq!(PValue(0.5).to_string(), "0.500000");
        assert_eq!(PValue(1.5e-9).to_string(), "1.500e-9");
        assert_eq!(PValue(0.0).to_string(), "0.000000");
        assert_eq!(PValue(f64::NAN).to_string(), "");
    }
}
