//! Matching: [`FrameSet::find`] gives the hits of every frame in one article
//! ([`FrameHit`]), on per-article machinery: each word's terms (the run
//! vocabulary's answers, [`crate::vocab`]), the tokens where each frame can start, and the leftmost-longest scan of a
//! frame's patterns ([`Matcher`]).

use super::FrameSet;
use super::compile::{CPattern, CPhrase, ENTITY_KEY, Step, signature};
use super::pattern::Operator;
use super::terms::TermId;
use crate::model::{Compound, Mention, NONE, Span, Voice};
use crate::tokenize::{Analyzer, TokenizedText};

/// A frame hit found in an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameHit {
    /// Index of the frame.
    pub frame: u32,
    /// Index of the pattern within the frame.
    pub pattern: u32,
    /// The stretch reported: the match, or A to B for NEAR/BEFORE.
    pub span: Span,
    /// Whose words it is in (see the module's notes on voice).
    pub voice: Voice,
    /// Index of the sentence.
    pub sentence: u32,
}

/// Start positions a [`Scratch`] keeps room for, at most, per list.
pub(super) const KEPT_STARTS: usize = 1 << 14;

/// Buffers [`FrameSet::find_with`] reuses from one article to the next:
/// per frame, the tokens where one of its patterns or excludes can start.
/// Each analysing thread keeps one and passes it in (the pipeline makes
/// one per task); nothing of one article is left in it for the next.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) starts: Vec<[Vec<usize>; 2]>,
    /// The positions a phrase has reached so far, and those its next step
    /// reaches ([`Matcher::phrase_end`]).
    frontier: (Vec<usize>, Vec<usize>),
}

/// The two position lists of [`Matcher::phrase_end`].
type Frontier = (Vec<usize>, Vec<usize>);

impl FrameSet {
    /// Finds every frame's hits in a tokenized article, given its entity
    /// mentions. The words' terms are the run vocabulary's answers when it
    /// was built for this set's terms ([`TokenizedText::keys`]); else they
    /// are worked out for this text, `analyzer` (the article's language)
    /// stemming the `~stem` terms. Hits are ordered by frame, then
    /// position. A convenience that makes new buffers:
    /// [`FrameSet::find_with`] reuses them.
    pub fn find(
        &self,
        text: &TokenizedText,
        mentions: &[Mention],
        analyzer: &Analyzer,
    ) -> Vec<FrameHit> {
        self.find_with(&mut Scratch::default(), text, mentions, analyzer)
    }

    /// [`FrameSet::find`], in the buffers of `scratch`.
    pub fn find_with(
        &self,
        scratch: &mut Scratch,
        text: &TokenizedText,
        mentions: &[Mention],
        analyzer: &Analyzer,
    ) -> Vec<FrameHit> {
        if self.frames.is_empty() || text.tokens.is_empty() {
            return Vec::new();
        }
        let starts = &mut scratch.starts;
        starts.truncate(self.compiled.len());
        starts.iter_mut().flatten().for_each(Vec::clear);
        starts.resize_with(self.compiled.len(), Default::default);
        let hits = self.find_from(starts, &mut scratch.frontier, text, mentions, analyzer);
        // what a book-length text made room for is not kept
        for list in starts.iter_mut().flatten().filter(|l| l.capacity() > KEPT_STARTS) {
            *list = Vec::new();
        }
        hits
    }

    /// [`FrameSet::find`], with `starts`: an empty pair of lists per frame.
    fn find_from(
        &self,
        starts: &mut [[Vec<usize>; 2]],
        frontier: &mut Frontier,
        text: &TokenizedText,
        mentions: &[Mention],
        analyzer: &Analyzer,
    ) -> Vec<FrameHit> {
        let mut m = Matcher::new(self, text, mentions, analyzer);
        // per frame, the tokens where one of its patterns (0) or excludes (1)
        // can start: each frame is scanned only there
        m.sign_tokens(|i, key| {
            for &(f, which) in self.key_index.get(key) {
                let list = &mut starts[f as usize][which as usize];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        });
        let mut hits = Vec::new();
        for (f, frame) in self.compiled.iter().enumerate() {
            if starts[f][0].is_empty() {
                continue;
            }
            let found = m.scan(&frame.patterns, &starts[f][0], frontier);
            if found.is_empty() {
                continue;
            }
            let excluded = if frame.exclude.is_empty() {
                Vec::new()
            } else {
                m.scan(&frame.exclude, &starts[f][1], frontier)
            };
            for c in found {
                if excluded.iter().any(|x| x.full.0 <= c.full.0 && c.full.1 <= x.full.1) {
                    continue;
                }
                let first = &text.tokens[c.full.0];
                let span = Span::new(first.start as usize, text.tokens[c.full.1 - 1].end as usize);
                // the hit's words are the tokens its terms matched: A's and B's
                let words = [(c.anchor.0, c.anchor.1), (c.other.0, c.other.1)];
                hits.push(FrameHit {
                    frame: f as u32,
                    pattern: c.pattern,
                    span,
                    voice: text.voice_of_words(&words, span),
                    sentence: first.sentence,
                });
            }
        }
        hits
    }
}

/// A match: token ranges `[start, end)` of the anchor (A), of the other
/// term (B; empty for a phrase) and of the whole stretch.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    anchor: (usize, usize),
    other: (usize, usize),
    full: (usize, usize),
    pattern: u32,
}

/// Per-article state: each distinct word's terms, mentions by first token,
/// and each sentence's token range.
pub(super) struct Matcher<'a> {
    text: &'a TokenizedText<'a>,
    /// Each distinct word's terms, sorted, when the run vocabulary's
    /// answers are not this set's (`None`: they are).
    here: Option<Vec<Box<[TermId]>>>,
    /// Mentions as (first token, entity, last token), by first token and
    /// then in the gazetteer's order.
    mentions: Vec<(u32, u32, u32)>,
    sentence_ranges: Vec<(usize, usize)>,
    /// Per token, the [`signature`] of the keys it carries (made by
    /// [`Matcher::sign_tokens`]).
    sigs: Vec<u64>,
}

impl<'a> Matcher<'a> {
    pub(super) fn new(
        set: &FrameSet,
        text: &'a TokenizedText<'a>,
        mentions: &[Mention],
        analyzer: &Analyzer,
    ) -> Matcher<'a> {
        // the words' terms are the vocabulary's answers when it was built
        // for these terms; else (a text tokenized without the run's
        // lexicons) they are worked out here
        let here = (text.keys().terms != set.terms.key()).then(|| {
            let stems = set.terms.stem_terms(|w| analyzer.stem(w));
            text.words.iter().map(|w| set.terms.of_word(w, &stems)).collect()
        });
        let mut by_first: Vec<(u32, u32, u32)> =
            mentions.iter().map(|m| (m.first, m.entity, m.last)).collect();
        by_first.sort_by_key(|m| m.0); // stable: the gazetteer's order within a token
        let mut sentence_ranges = vec![(0, 0); text.sentences.len()];
        for (i, tok) in text.tokens.iter().enumerate() {
            let r = &mut sentence_ranges[tok.sentence as usize];
            if r.1 == 0 {
                r.0 = i;
            }
            r.1 = i + 1;
        }
        Matcher { text, here, mentions: by_first, sentence_ranges, sigs: Vec::new() }
    }

    /// The terms of distinct word `word`, sorted.
    #[inline]
    fn word_terms(&self, word: u32) -> &[TermId] {
        match &self.here {
            None => self.text.frame_terms(word),
            Some(here) => &here[word as usize],
        }
    }

    fn has(&self, word: u32, term: TermId) -> bool {
        self.word_terms(word).binary_search(&term).is_ok()
    }

    /// The compound whose first part is token `i`, if any.
    fn compound_at(&self, i: usize) -> Option<&Compound> {
        let tok = &self.text.tokens[i];
        (tok.compound != NONE)
            .then(|| &self.text.compounds[tok.compound as usize])
            .filter(|c| c.first as usize == i)
    }

    /// True when token `i` carries start key `key`: a term of its word, a
    /// term of the compound it starts, or an entity mentioned from it.
    fn carries(&self, i: usize, key: u32) -> bool {
        if key >= ENTITY_KEY {
            return self.entity_ends(i, key - ENTITY_KEY).next().is_some();
        }
        self.has(self.text.tokens[i].word, key)
            || self.compound_at(i).is_some_and(|c| self.has(c.word, key))
    }

    /// Calls `on_key(i, key)` for each start key each token `i` carries (see
    /// [`Matcher::carries`]), in token order, a key perhaps more than once,
    /// and keeps each token's [`signature`] of them for [`Matcher::may_start`].
    fn sign_tokens(&mut self, mut on_key: impl FnMut(usize, u32)) {
        let mut sigs = vec![0u64; self.text.tokens.len()];
        let mut next_mention = 0;
        for (i, (tok, sig)) in self.text.tokens.iter().zip(&mut sigs).enumerate() {
            let mut carried = |key: u32| {
                *sig |= signature([key]);
                on_key(i, key);
            };
            self.word_terms(tok.word).iter().for_each(|&key| carried(key));
            if let Some(c) = self.compound_at(i) {
                self.word_terms(c.word).iter().for_each(|&key| carried(key));
            }
            while self.mentions.get(next_mention).is_some_and(|x| x.0 as usize == i) {
                carried(ENTITY_KEY + self.mentions[next_mention].1);
                next_mention += 1;
            }
        }
        self.sigs = sigs;
    }

    /// Appends to `out` the ends (exclusive) reachable by one step from token `p`.
    pub(super) fn step_ends(&self, step: &Step, p: usize, out: &mut Vec<usize>) {
        match step {
            Step::Term(t) => {
                if self.has(self.text.tokens[p].word, *t) {
                    out.push(p + 1);
                }
                if let Some(c) = self.compound_at(p).filter(|c| self.has(c.word, *t)) {
                    out.push(c.last as usize + 1);
                }
            }
            Step::Entity(e) => out.extend(self.entity_ends(p, *e)),
        }
    }

    /// The furthest end (exclusive) reachable by one step from token `p`:
    /// the largest of [`Matcher::step_ends`].
    pub(super) fn step_max_end(&self, step: &Step, p: usize) -> Option<usize> {
        match step {
            Step::Term(t) => {
                // a compound has two parts or more: it ends after p + 1
                if let Some(c) = self.compound_at(p).filter(|c| self.has(c.word, *t)) {
                    return Some(c.last as usize + 1);
                }
                self.has(self.text.tokens[p].word, *t).then_some(p + 1)
            }
            Step::Entity(e) => self.entity_ends(p, *e).max(),
        }
    }

    /// The ends (exclusive) of the mentions of entity `e` that start at token `p`.
    fn entity_ends(&self, p: usize, e: u32) -> impl Iterator<Item = usize> + '_ {
        let from = self.mentions.partition_point(|m| (m.0 as usize) < p);
        self.mentions[from..]
            .iter()
            .take_while(move |m| m.0 as usize == p)
            .filter(move |m| m.1 == e)
            .map(|m| m.2 as usize + 1)
    }

    /// Whether token `i` carries one of the phrase's keys, without which the
    /// phrase cannot start there: first by their signatures, then key by key.
    fn may_start(&self, ph: &CPhrase, i: usize) -> bool {
        self.sigs[i] & ph.sig != 0 && ph.keys.iter().any(|&key| self.carries(i, key))
    }

    /// [`Matcher::phrase_end`], after [`Matcher::may_start`].
    fn phrase_end_keyed(&self, ph: &CPhrase, start: usize, f: &mut Frontier) -> Option<usize> {
        if self.may_start(ph, start) { self.phrase_end(ph, start, f) } else { None }
    }

    /// The longest end of a phrase starting at token `start`, within its sentence.
    fn phrase_end(&self, ph: &CPhrase, start: usize, f: &mut Frontier) -> Option<usize> {
        let tokens = &self.text.tokens;
        let sentence = tokens[start].sentence;
        let mut best: Option<usize> = None;
        // the positions reached so far, and those the next step reaches:
        // two lists kept from one call to the next
        let (frontier, next) = f;
        for alt in &ph.alternatives {
            if let [step] = &alt[..] {
                // one step (most alternatives): its furthest end, no lists
                if let Some(end) = self.step_max_end(step, start) {
                    best = Some(best.map_or(end, |b: usize| b.max(end)));
                }
                continue;
            }
            // an alternative whose first step fails here needs no walk
            if alt.first().is_some_and(|first| self.step_max_end(first, start).is_none()) {
                continue;
            }
            // breadth over positions
            frontier.clear();
            frontier.push(start);
            for step in alt {
                next.clear();
                for &p in frontier.iter() {
                    if p >= tokens.len() || tokens[p].sentence != sentence {
                        continue;
                    }
                    self.step_ends(step, p, next);
                }
                next.sort_unstable();
                next.dedup();
                std::mem::swap(frontier, next);
                if frontier.is_empty() {
                    break;
                }
            }
            if let Some(&end) = frontier.iter().max() {
                best = Some(best.map_or(end, |b: usize| b.max(end)));
            }
        }
        best
    }

    /// The match of one pattern whose first term starts at `start`, if any;
    /// a B before A may not start before `floor` (the end of the last hit).
    fn candidate(
        &self,
        p: &CPattern,
        start: usize,
        index: u32,
        floor: usize,
        f: &mut Frontier,
    ) -> Option<Candidate> {
        match p {
            CPattern::Phrase(ph) => {
                let end = self.phrase_end(ph, start, f)?;
                Some(Candidate {
                    anchor: (start, end),
                    other: (end, end),
                    full: (start, end),
                    pattern: index,
                })
            }
            CPattern::Proximity { op, window, first, second } => {
                let end = self.phrase_end(first, start, f)?;
                let (lo, hi) = self.sentence_tokens(start);
                let w = *window as usize;
                // (tokens between, B's range, the whole stretch)
                type Range = (usize, usize);
                let mut best: Option<(usize, Range, Range)> = None;
                // after A: B starts at j, with j - end tokens between
                // (B can start only at a token that carries one of its keys)
                for j in end..hi.min(end + w + 1) {
                    if let Some(e2) = self.phrase_end_keyed(second, j, f) {
                        best = Some((j - end, (j, e2), (start, e2)));
                        break;
                    }
                }
                if *op == Operator::Near {
                    // before A: B ends at e2 <= start, with start - e2 tokens between;
                    // B may start up to MAX_OPERAND tokens before its end
                    const MAX_OPERAND: usize = 16;
                    for j in lo.max(floor).max(start.saturating_sub(w + MAX_OPERAND))..start {
                        if let Some(e2) = self.phrase_end_keyed(second, j, f)
                            && e2 <= start
                            && start - e2 <= w
                            && best.is_none_or(|(g, _, _)| start - e2 < g)
                        {
                            best = Some((start - e2, (j, e2), (j, end)));
                        }
                    }
                }
                best.map(|(_, other, full)| Candidate {
                    anchor: (start, end),
                    other,
                    full,
                    pattern: index,
                })
            }
        }
    }

    /// Token range `[lo, hi)` of the sentence of token `i`.
    fn sentence_tokens(&self, i: usize) -> (usize, usize) {
        self.sentence_ranges[self.text.tokens[i].sentence as usize]
    }

    /// Leftmost-longest, non-overlapping matches of a list of patterns: at
    /// each position, the pattern whose match reaches furthest wins (the
    /// first listed on a tie), and no two matches share a token.
    /// `positions` (sorted) are the only tokens where one of the patterns
    /// can start; no other token can begin a match.
    fn scan(&self, patterns: &[CPattern], positions: &[usize], f: &mut Frontier) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut next = 0;
        let mut floor = 0;
        for &i in positions {
            if i < next {
                continue;
            }
            let mut best: Option<Candidate> = None;
            for (k, p) in patterns.iter().enumerate() {
                if !self.may_start(p.first(), i) {
                    continue;
                }
                if let Some(c) = self.candidate(p, i, k as u32, floor, f)
                    && best.is_none_or(|b| c.full.1 > b.full.1)
                {
                    best = Some(c);
                }
            }
            if let Some(c) = best {
                out.push(c);
                floor = c.full.1;
                next = c.full.1;
            }
        }
        out
    }
}
