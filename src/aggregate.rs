//! Stage 6: per-outlet sums, from article results sorted by id.
//!
//! Everything here is additive counting over the article results, so the
//! order in which threads finished never matters: outlets are sorted by id,
//! entities keep gazetteer order.

use std::collections::BTreeMap;

use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::model::{ArticleResult, HitKind, Voice};

/// Counts per outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outlets {
    /// Outlet ids, sorted.
    pub names: Vec<String>,
    /// Articles per outlet.
    pub articles: Vec<u64>,
    /// Word tokens per outlet.
    pub tokens: Vec<u64>,
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

impl ItemCounts {
    fn new(outlets: usize, items: usize) -> ItemCounts {
        ItemCounts {
            hits: vec![vec![0; items]; outlets],
            by_voice: vec![vec![[0; 3]; items]; outlets],
            articles: vec![vec![0; items]; outlets],
            patterns: BTreeMap::new(),
        }
    }
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

/// Sums article results per outlet.
pub fn aggregate(results: &[ArticleResult], gazetteer: &Gazetteer, frames: &FrameSet) -> Aggregate {
    let mut by_outlet: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for r in results {
        let e = by_outlet.entry(r.meta.outlet.as_str()).or_default();
        e.0 += 1;
        e.1 += r.tokens as u64;
    }
    let outlets = Outlets {
        names: by_outlet.keys().map(|s| s.to_string()).collect(),
        articles: by_outlet.values().map(|v| v.0).collect(),
        tokens: by_outlet.values().map(|v| v.1).collect(),
    };
    let index: BTreeMap<&str, usize> = by_outlet.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut entities = ItemCounts::new(outlets.names.len(), gazetteer.entities().len());
    let mut frame_counts = ItemCounts::new(outlets.names.len(), frames.frames().len());
    let mut frame_entities: BTreeMap<(usize, u32, u32), u64> = BTreeMap::new();
    for r in results {
        let o = index[r.meta.outlet.as_str()];
        for (kind, counts) in
            [(HitKind::Entity, &mut entities), (HitKind::Frame, &mut frame_counts)]
        {
            let mut seen = vec![false; counts.hits.first().map_or(0, Vec::len)];
            for h in r.hits.iter().filter(|h| h.kind == kind) {
                let i = h.item as usize;
                counts.hits[o][i] += 1;
                counts.by_voice[o][i][voice_slot(h.voice)] += 1;
                *counts.patterns.entry((o, h.item, h.pattern)).or_default() += 1;
                if !seen[i] {
                    seen[i] = true;
                    counts.articles[o][i] += 1;
                }
            }
        }
        // frame × entity × sentence, each counted once per article
        let mut pairs: Vec<(u32, u32, u32)> = Vec::new();
        for f in r.hits.iter().filter(|h| h.kind == HitKind::Frame) {
            for e in r.hits.iter().filter(|h| h.kind == HitKind::Entity && h.sentence == f.sentence)
            {
                pairs.push((f.item, e.item, f.sentence));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (f, e, _) in pairs {
            *frame_entities.entry((o, f, e)).or_default() += 1;
        }
    }
    Aggregate { outlets, entities, frames: frame_counts, frame_entities }
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
