//! The tables of a run, each built from the sorted article results.

use std::io::Write;

use super::{CsvStyle, Table, float};
use crate::aggregate::{Aggregate, actors};
use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::keyness::keyness;
use crate::model::{AnyFound, ArticleResult, Id};

/// Header of `articles.csv`.
pub const ARTICLES_HEADER: &[&str] = &[
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
    "chars",
    "language",
    "authors",
    "url",
];

/// A row of `articles.csv`.
pub fn article_row<W: Write>(t: &mut Table<W>, r: &ArticleResult) {
    let m = &r.meta;
    t.text(&m.id).text(&m.file).text(&m.outlet).opt(m.date.as_deref()).opt(m.title.as_deref());
    t.num(r.tokens).num(r.sentences).num(r.boilerplate_chars());
    t.num(r.mentions.len()).num(r.frame_hits.len()).num(r.chars);
    t.text(&m.language).opt(m.authors.as_deref()).opt(m.url.as_deref());
}

/// Header of `boilerplate.csv`.
pub const BOILERPLATE_HEADER: &[&str] =
    &["article_id", "outlet", "rule", "start", "end", "chars", "text"];

/// The rows of `boilerplate.csv` for one article: every stretch cut, with
/// its text, so a scholar can check that nothing of the article was lost.
///
/// # Errors
/// Writing fails.
pub fn boilerplate_rows<W: Write>(t: &mut Table<W>, r: &ArticleResult) -> std::io::Result<()> {
    for cut in &r.cuts {
        t.text(&r.meta.id).text(&r.meta.outlet).text(&cut.rule);
        t.num(cut.span.start).num(cut.span.end).num(cut.chars).text(&cut.text);
        t.try_end_row()?;
    }
    Ok(())
}

/// A rate per 1,000 tokens, or NaN when there are no tokens.
fn per_1k(count: u64, tokens: u64) -> f64 {
    if tokens == 0 { f64::NAN } else { count as f64 * 1000.0 / tokens as f64 }
}

/// A p-value: six decimals, or scientific notation below 0.000001.
fn p_value(p: f64) -> String {
    if p > 0.0 && p < 1e-6 { format!("{p:.3e}") } else { float(p, 6) }
}

/// Header of `outlet_entities.csv`.
pub const OUTLET_ENTITIES_HEADER: &[&str] = &[
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
    "name",
    "articles",
    "tokens",
    "mentions_own",
    "mentions_quote",
    "mentions_scare",
];

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
            t.text(outlet).text(&entity.id).text(&entity.kind).opt(entity.actor.as_deref());
            t.num(a).num(agg.entities.articles[o][e]).num(float(per_1k(a, tokens), 4));
            t.num(float(k.g2, 4)).num(float(k.log_ratio, 4)).num(p_value(k.p_value));
            t.text(&entity.name).num(agg.outlets.articles[o]).num(tokens);
            t.num(v[0]).num(v[1]).num(v[2]);
            t.end_row();
        }
    }
    t.into_bytes()
}

/// Header of `entity_variants.csv`.
pub const ENTITY_VARIANTS_HEADER: &[&str] = &["outlet", "entity", "variant", "mentions"];

/// `entity_variants.csv`: which alias each outlet used for each entity
/// (`Karabakh` vs `Nagorno-Karabakh` vs `Artsakh`); only variants seen.
pub fn entity_variants(agg: &Aggregate, gazetteer: &Gazetteer, style: CsvStyle) -> Vec<u8> {
    let mut t = Table::new(ENTITY_VARIANTS_HEADER, style);
    for (&(o, e, alias), &n) in &agg.entities.patterns {
        t.text(&agg.outlets.names[o])
            .text(&gazetteer.entity(e).id)
            .text(&gazetteer.alias(alias).text);
        t.num(n).end_row();
    }
    t.into_bytes()
}

/// Header of `outlet_actors.csv`.
pub const OUTLET_ACTORS_HEADER: &[&str] = &["outlet", "actor", "mentions", "per_1k"];

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
            t.text(outlet)
                .text(name)
                .num(sums[a])
                .num(float(per_1k(sums[a], agg.outlets.tokens[o]), 4));
            t.end_row();
        }
    }
    t.into_bytes()
}

/// Header of `hits.csv`.
pub const HITS_HEADER: &[&str] = &[
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
];

/// The rows of `hits.csv` for one article: every entity mention and frame
/// hit in context, by position. `match` is the original text at bytes
/// `start..end`; `sentence_no` counts from 1. A hit without its context (see
/// [`crate::analyze::add_context`]) has empty `left`, `match` and `right`.
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
        t.text(&r.meta.id).text(&r.meta.outlet).text(h.kind()).text(name).text(pattern);
        let k = h.kwic();
        t.text(h.voice().as_str()).text(&k.left).text(&k.matched).text(&k.right);
        t.num(h.sentence() + 1).num(h.span().start).num(h.span().end);
        t.try_end_row()?;
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

/// Header of `outlet_frames.csv`.
pub const OUTLET_FRAMES_HEADER: &[&str] = &[
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
    "g2",
    "log_ratio",
    "p_value",
    "label",
];

/// `outlet_frames.csv`: every outlet × frame, zeros included: presence
/// (articles with the frame, and their share), hits by voice, rate and
/// keyness against all other outlets together.
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
            t.text(outlet).text(&frame.id).num(articles).num(with).num(float(share, 4));
            t.num(a).num(v[0]).num(v[1]).num(v[2]).num(tokens).num(float(per_1k(a, tokens), 4));
            t.num(float(k.g2, 4))
                .num(float(k.log_ratio, 4))
                .num(p_value(k.p_value))
                .text(&frame.label);
            t.end_row();
        }
    }
    t.into_bytes()
}

/// Header of `article_frames.csv`.
pub const ARTICLE_FRAMES_HEADER: &[&str] = &["article_id", "outlet", "frame", "hits"];

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
        t.text(&r.meta.id).text(&r.meta.outlet).text(&frames.frames()[f].id).num(n);
        t.try_end_row()?;
    }
    Ok(())
}

/// `frames_wide.csv`: one row per frame, one `per_1k` column per outlet
/// (named by the outlet id): the table a spreadsheet user charts.
pub fn frames_wide(agg: &Aggregate, frames: &FrameSet, style: CsvStyle) -> Vec<u8> {
    let mut header: Vec<&str> = vec!["frame"];
    header.extend(agg.outlets.names.iter().map(String::as_str));
    let mut t = Table::new(&header, style);
    for (f, frame) in frames.frames().iter().enumerate() {
        t.text(&frame.id);
        for o in 0..agg.outlets.names.len() {
            t.num(float(per_1k(agg.frames.hits[o][f], agg.outlets.tokens[o]), 4));
        }
        t.end_row();
    }
    t.into_bytes()
}

/// Header of `frame_entities.csv`.
pub const FRAME_ENTITIES_HEADER: &[&str] = &["outlet", "frame", "entity", "sentences"];

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
        t.text(&agg.outlets.names[o])
            .text(&frames.frames()[f as usize].id)
            .text(&gazetteer.entity(e).id);
        t.num(n).end_row();
    }
    t.into_bytes()
}
