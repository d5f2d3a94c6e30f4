//! Stage 6: per-outlet sums of the article results, taken in any order.
//!
//! Everything here is additive counting over the article results, so the
//! order in which threads finished never matters: outlets are sorted by id,
//! entities keep gazetteer order.

use std::collections::BTreeMap;

use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::model::{ArticleResult, EntityFound, Found, FrameFound, Id, Voice};

/// Counts per outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outlets {
    /// Outlet ids, sorted.
    pub names: Vec<String>,
    /// Articles per outlet.
    pub articles: Vec<u64>,
    /// Word tokens per outlet.
    pub tokens: Vec<u64>,
    /// Own-voice word tokens (inside no quotation) per outlet.
    pub tokens_own: Vec<u64>,
}

impl Outlets {
    /// Total tokens of all outlets.
    pub fn total_tokens(&self) -> u64 {
        self.tokens.iter().sum()
    }
}

/// Per outlet × item counts (items are entities or frames).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemCounts {
    /// `[outlet][item]`: hits.
    pub hits: Vec<Vec<u64>>,
    /// `[outlet][item]`: hits by voice: own, quote, scare.
    pub by_voice: Vec<Vec<[u64; 3]>>,
    /// `[outlet][item]`: articles with at least one hit.
    pub articles: Vec<Vec<u64>>,
    /// `(outlet, item, pattern)` → hits: which alias or pattern matched.
    pub patterns: BTreeMap<(usize, u32, u32), u64>,
}

/// Everything the outlet tables need.
#[derive(Clone, Debug, Default)]
pub struct Aggregate {
    /// Outlets with their sizes.
    pub outlets: Outlets,
    /// Entity mentions per outlet.
    pub entities: ItemCounts,
    /// Frame hits per outlet.
    pub frames: ItemCounts,
    /// `(outlet, frame, entity)` → sentences in which a hit of the frame and
    /// a mention of the entity stand together.
    pub frame_entities: BTreeMap<(usize, u32, u32), u64>,
}

fn voice_slot(v: Voice) -> usize {
    match v {
        Voice::Own => 0,
        Voice::Quote => 1,
        Voice::Scare => 2,
    }
}

/// Counts of one outlet, while articles stream in.
#[derive(Clone, Debug)]
struct OutletAcc {
    articles: u64,
    tokens: u64,
    tokens_own: u64,
    entities: ItemAcc,
    frames: ItemAcc,
    frame_entities: BTreeMap<(u32, u32), u64>,
}

#[derive(Clone, Debug)]
struct ItemAcc {
    hits: Vec<u64>,
    by_voice: Vec<[u64; 3]>,
    articles: Vec<u64>,
    patterns: BTreeMap<(u32, u32), u64>,
}

impl ItemAcc {
    fn new(items: usize) -> ItemAcc {
        ItemAcc {
            hits: vec![0; items],
            by_voice: vec![[0; 3]; items],
            articles: vec![0; items],
            patterns: BTreeMap::new(),
        }
    }

    fn add<I: Id, P: Id>(&mut self, found: &[Found<I, P>]) {
        let mut seen = vec![false; self.hits.len()];
        for h in found {
            let i = h.item.index();
            self.hits[i] += 1;
            self.by_voice[i][voice_slot(h.voice)] += 1;
            *self.patterns.entry((h.item.get(), h.pattern.get())).or_default() += 1;
            if !seen[i] {
                seen[i] = true;
                self.articles[i] += 1;
            }
        }
    }
}

/// Sums article results as they stream in, in any order: every count is
/// additive, so the totals do not depend on the order or the thread count.
#[derive(Clone, Debug)]
pub struct Accumulator {
    entities: usize,
    frames: usize,
    outlets: BTreeMap<String, OutletAcc>,
}

impl Accumulator {
    /// An empty accumulator for a gazetteer and a frame lexicon.
    pub fn new(gazetteer: &Gazetteer, frames: &FrameSet) -> Accumulator {
        Accumulator {
            entities: gazetteer.entities().len(),
            frames: frames.frames().len(),
            outlets: BTreeMap::new(),
        }
    }

    /// Adds one article.
    pub fn add(&mut self, r: &ArticleResult) {
        let (ne, nf) = (self.entities, self.frames);
        let o = self.outlets.entry(r.meta.outlet.clone()).or_insert_with(|| OutletAcc {
            articles: 0,
            tokens: 0,
            tokens_own: 0,
            entities: ItemAcc::new(ne),
            frames: ItemAcc::new(nf),
            frame_entities: BTreeMap::new(),
        });
        o.articles += 1;
        o.tokens += r.tokens as u64;
        o.tokens_own += r.tokens_own as u64;
        o.entities.add(&r.mentions);
        o.frames.add(&r.frame_hits);
        for (f, e) in sentence_pairs(&r.frame_hits, &r.mentions) {
            *o.frame_entities.entry((f, e)).or_default() += 1;
        }
    }

    /// The per-outlet tables' numbers, outlets sorted by id.
    pub fn finish(self) -> Aggregate {
        let mut agg = Aggregate::default();
        for (o, (name, acc)) in self.outlets.into_iter().enumerate() {
            agg.outlets.names.push(name);
            agg.outlets.articles.push(acc.articles);
            agg.outlets.tokens.push(acc.tokens);
            agg.outlets.tokens_own.push(acc.tokens_own);
            for (from, to) in [(acc.entities, &mut agg.entities), (acc.frames, &mut agg.frames)] {
                to.hits.push(from.hits);
                to.by_voice.push(from.by_voice);
                to.articles.push(from.articles);
                to.patterns.extend(from.patterns.into_iter().map(|((i, p), n)| ((o, i, p), n)));
            }
            agg.frame_entities
                .extend(acc.frame_entities.into_iter().map(|((f, e), n)| ((o, f, e), n)));
        }
        agg
    }
}

/// The `(frame, entity)` pairs of an article's sentences: one pair for each
/// sentence in which a hit of the frame and a mention of the entity stand
/// together (so a pair is repeated once per such sentence).
///
/// The frames and the entities of each sentence are listed once each, then
/// paired within their sentence: the cost follows the hits and the distinct
/// items of a sentence, never hits × mentions of the whole article (an
/// article of one sentence with 10,000 hits and 10,000 mentions pairs one
/// frame with one entity, not 10⁸ times).
fn sentence_pairs(frame_hits: &[FrameFound], mentions: &[EntityFound]) -> Vec<(u32, u32)> {
    fn listed<I: Id, P>(found: &[Found<I, P>]) -> Vec<(u32, u32)> {
        let mut v: Vec<(u32, u32)> = found.iter().map(|h| (h.sentence, h.item.get())).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    let (frames, entities) = (listed(frame_hits), listed(mentions));
    let mut pairs = Vec::new();
    let (mut fi, mut ei) = (0, 0);
    while fi < frames.len() && ei < entities.len() {
        let (fs, es) = (frames[fi].0, entities[ei].0);
        if fs < es {
            fi += 1;
        } else if es < fs {
            ei += 1;
        } else {
            let f_end = fi + frames[fi..].iter().take_while(|(s, _)| *s == fs).count();
            let e_end = ei + entities[ei..].iter().take_while(|(s, _)| *s == fs).count();
            for &(_, f) in &frames[fi..f_end] {
                pairs.extend(entities[ei..e_end].iter().map(|&(_, e)| (f, e)));
            }
            (fi, ei) = (f_end, e_end);
        }
    }
    pairs
}

/// Sums article results per outlet.
pub fn aggregate(results: &[ArticleResult], gazetteer: &Gazetteer, frames: &FrameSet) -> Aggregate {
    let mut acc = Accumulator::new(gazetteer, frames);
    for r in results {
        acc.add(r);
    }
    acc.finish()
}

/// The actors of a gazetteer, sorted, and for each entity the index of its
/// actor (or `None`).
pub fn actors(gazetteer: &Gazetteer) -> (Vec<String>, Vec<Option<usize>>) {
    let mut names: Vec<String> =
        gazetteer.entities().iter().filter_map(|e| e.actor.clone()).collect();
    names.sort();
    names.dedup();
    let of = gazetteer
        .entities()
        .iter()
        .map(|e| e.actor.as_ref().map(|a| names.binary_search(a).expect("actor listed")))
        .collect();
    (names, of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AliasId, EntityId, FrameId, PatternId, Span};

    fn found<I, P>(item: I, pattern: P, sentence: u32) -> Found<I, P> {
        Found { item, pattern, voice: Voice::Own, sentence, span: Span::new(0, 1), context: None }
    }

    fn frame(item: u32, sentence: u32) -> FrameFound {
        found(FrameId(item), PatternId(0), sentence)
    }

    fn entity(item: u32, sentence: u32) -> EntityFound {
        found(EntityId(item), AliasId(0), sentence)
    }

    #[test]
    fn pairs_are_per_sentence_and_distinct() {
        // sentence 0: frames 0, 0, 1 and entities 5, 6; sentence 1: frame 0
        // alone; sentence 2: entity 5 then frame 1; sentence 3: entity 6 alone
        let frames = [frame(0, 0), frame(0, 0), frame(1, 0), frame(0, 1), frame(1, 2)];
        let entities = [entity(5, 0), entity(6, 0), entity(5, 2), entity(6, 3)];
        let mut got = sentence_pairs(&frames, &entities);
        got.sort_unstable();
        // worked out by hand: four pairs in sentence 0, one in sentence 2
        assert_eq!(got, [(0, 5), (0, 6), (1, 5), (1, 5), (1, 6)]);
    }

    #[test]
    fn one_sentence_of_many_hits_is_one_pair() {
        // "occupation Pashinyan " × 20,000 with no sentence end: one frame and
        // one entity share the one sentence, so the table has one sentence
        let frames: Vec<FrameFound> = (0..20_000).map(|_| frame(0, 0)).collect();
        let entities: Vec<EntityFound> = (0..20_000).map(|_| entity(0, 0)).collect();
        assert_eq!(sentence_pairs(&frames, &entities), [(0, 0)]);
    }
}
