//! Stage 5: frames — patterns counted per article (SPEC §5).
//!
//! A [`FrameSet`] is compiled once from the lexicon and shared by threads.
//! Every single-token test of every pattern (words, globs, stems, regexes) is
//! a *term*. Each distinct word of a run is tested against all terms once
//! (hash lookups for words and stems; globs and regexes through their
//! literals first, see `TokenRegexes`) and the result is remembered, so
//! per article matching compares term ids.
//!
//! # Counting
//!
//! * Per frame, hits are **leftmost-longest and do not overlap**: reading from
//!   the start, the first position where any of the frame's patterns matches
//!   wins, and there the longest match. One stretch of text may count for
//!   several *different* frames.
//! * A phrase is consecutive tokens of one sentence (punctuation is not a
//!   token, so a phrase matches across a comma but never across a sentence end).
//! * `A NEAR/n B` and `A BEFORE/n B` count **once per occurrence of A** that
//!   has a B in the same sentence with at most n tokens between them — never
//!   once per pair of A and B. The hit is the stretch from A to the nearest B
//!   (so it never overlaps another hit of the frame).
//! * Voice (SPEC §6), one rule for every hit whatever its pattern's shape:
//!   a hit whose *words* stand in scare quotes, any of them, is `scare`;
//!   otherwise the innermost quotation that contains the whole stretch
//!   decides (`quote`), and none means `own`. A hit's words are the tokens
//!   its terms matched: every token of a phrase; for `A NEAR/n B` and
//!   `A BEFORE/n B` the tokens of A and of B, **not** the tokens between them
//!   (a scare-quoted word between A and B that the pattern did not ask for
//!   does not make the hit `scare`). So `A NEAR/n B` and `B NEAR/n A` give
//!   the same voice for the same stretch.
//! * A hit that lies inside a match of one of the frame's `exclude` patterns
//!   does not count.

pub mod pattern;
mod spec;
mod terms;

pub use spec::{Frame, FrameSpec, parse_toml};

use foldhash::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use crate::error::{Error, Location};
use crate::gazetteer::Gazetteer;
use crate::memo::PerAnalyzer;
use crate::model::{Compound, Mention, NONE, Span, TokenizedText, Voice};
use crate::tokenize::Analyzer;
use pattern::{Element, Operator, Pattern, Phrase};
use terms::{ForAnalyzer, Memo, TermId, TokenPattern, TokenRegexes};

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

#[derive(Clone, Debug)]
enum Step {
    Term(TermId),
    Entity(u32),
}

#[derive(Clone, Debug)]
struct CPhrase {
    alternatives: Vec<Vec<Step>>,
    /// The keys a token must carry for the phrase to start there, sorted.
    keys: Vec<u32>,
    /// [`signature`] of `keys`.
    sig: u64,
}

/// One bit per key of a set, out of 64: a token whose keys' signature
/// shares no bit with a phrase's cannot start it. Terms are numbered from 0,
/// so consecutive terms take different bits.
fn signature(keys: impl IntoIterator<Item = u32>) -> u64 {
    keys.into_iter().fold(0, |sig, key| sig | 1 << (key.wrapping_add(key >> 6) % 64))
}

#[derive(Clone, Debug)]
enum CPattern {
    Phrase(CPhrase),
    Proximity { op: Operator, window: u32, first: CPhrase, second: CPhrase },
}

#[derive(Clone, Debug)]
struct CFrame {
    patterns: Vec<CPattern>,
    exclude: Vec<CPattern>,
}

/// The first non-blank line of a message (the regex compiler's run on).
fn first_line(s: &str) -> &str {
    s.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or(s)
}

/// A start key: what the first element of a pattern can be. Terms are their
/// ids; an entity `e` is `ENTITY_KEY + e`.
const ENTITY_KEY: u32 = 1 << 31;

impl CPhrase {
    fn new(alternatives: Vec<Vec<Step>>) -> CPhrase {
        let mut keys: Vec<u32> = alternatives
            .iter()
            .filter_map(|alt| match alt.first()? {
                Step::Term(t) => Some(*t),
                Step::Entity(e) => Some(ENTITY_KEY + e),
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let sig = signature(keys.iter().copied());
        CPhrase { alternatives, keys, sig }
    }
}

impl CPattern {
    /// The phrase the pattern starts with: a token must carry one of its
    /// keys for the pattern to start there.
    fn first(&self) -> &CPhrase {
        match self {
            CPattern::Phrase(ph) => ph,
            CPattern::Proximity { first, .. } => first,
        }
    }
}

/// Start positions a thread keeps room for, at most, per list.
const KEPT_STARTS: usize = 1 << 14;

thread_local! {
    /// [`FrameSet::find`]'s lists of the tokens where each frame can start,
    /// kept on each thread from one article to the next.
    static STARTS: std::cell::RefCell<Vec<[Vec<usize>; 2]>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A compiled frame lexicon: immutable, shared by threads.
#[derive(Clone, Debug)]
pub struct FrameSet {
    frames: Vec<Frame>,
    compiled: Vec<CFrame>,
    terms: HashMap<Element, TermId>,
    folded_words: HashMap<String, Vec<TermId>>,
    exact_words: HashMap<String, Vec<TermId>>,
    stems: Vec<(String, TermId)>,
    folded_set: TokenRegexes,
    exact_set: TokenRegexes,
    /// Start key → the frames with a pattern (0) or exclude (1) that can start there.
    key_index: KeyIndex,
    /// Terms by word, shared by threads and articles: a word's lookups,
    /// globs and regexes are evaluated once per run, not once per article.
    memo: Arc<RwLock<Memo>>,
    /// Stem terms by the stems of their words, and each word's terms, per
    /// analyzer.
    per_analyzer: Arc<PerAnalyzer<ForAnalyzer>>,
}

impl Default for FrameSet {
    fn default() -> Self {
        FrameSet::empty()
    }
}

impl FrameSet {
    /// No frames.
    pub fn empty() -> FrameSet {
        FrameSet {
            frames: Vec::new(),
            compiled: Vec::new(),
            terms: HashMap::default(),
            folded_words: HashMap::default(),
            exact_words: HashMap::default(),
            stems: Vec::new(),
            folded_set: TokenRegexes::default(),
            exact_set: TokenRegexes::default(),
            memo: Arc::default(),
            per_analyzer: Arc::default(),
            key_index: KeyIndex::default(),
        }
    }

    /// Indexes every frame's patterns by their start keys.
    fn index_keys(&mut self) {
        let mut entries = Vec::new();
        for (f, frame) in self.compiled.iter().enumerate() {
            for (which, patterns) in [(0u8, &frame.patterns), (1u8, &frame.exclude)] {
                for key in patterns.iter().flat_map(|p| &p.first().keys) {
                    entries.push((*key, f as u32, which));
                }
            }
        }
        self.key_index = KeyIndex::new(entries);
    }

    /// Loads `frames.toml`.
    ///
    /// # Errors
    /// Every problem — TOML, duplicate ids, each pattern that does not parse
    /// — with file, line and the pattern.
    pub fn load(path: &Path, gazetteer: &Gazetteer) -> Result<FrameSet, Error> {
        let source = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        FrameSet::parse(&source, path, gazetteer)
    }

    /// Parses a frame lexicon from TOML text; `path` is used in messages.
    ///
    /// # Errors
    /// As for [`FrameSet::load`].
    pub fn parse(source: &str, path: &Path, gazetteer: &Gazetteer) -> Result<FrameSet, Error> {
        FrameSet::build(parse_toml(source, path)?, path, gazetteer)
    }

    /// Compiles frame specs (from `frames.toml` or an imported dictionary);
    /// `path` and the specs' lines are used in messages.
    ///
    /// # Errors
    /// Duplicate ids, frames without patterns, patterns that do not parse —
    /// all of them.
    pub fn build(
        specs: Vec<FrameSpec>,
        path: &Path,
        gazetteer: &Gazetteer,
    ) -> Result<FrameSet, Error> {
        let analyzer = Analyzer::new("en");
        let mut set = FrameSet::empty();
        let mut errors = Vec::new();
        let mut folded_regexes: Vec<(TokenPattern, TermId)> = Vec::new();
        let mut exact_regexes: Vec<(TokenPattern, TermId)> = Vec::new();
        // each term's first pattern: (frame id, pattern, line), for messages
        let mut origins: Vec<(String, String, u64)> = Vec::new();
        for f in specs {
            let at = Location::line(path, f.line);
            if f.id.trim().is_empty() {
                errors.push(Error::at(
                    at,
                    format!("a frame has an empty id ({:?}): give every frame an id", f.id),
                ));
                continue;
            }
            if let Some(other) = set.frames.iter().find(|x| x.id == f.id) {
                errors.push(Error::at(at, format!("duplicate frame id '{}'", other.id)));
                continue;
            }
            if f.patterns.is_empty() {
                errors.push(Error::at(at, format!("frame '{}' has no patterns", f.id)));
            }
            let mut compile = |list: &[(String, u64)], set: &mut FrameSet| -> Vec<CPattern> {
                let mut out = Vec::new();
                for (p, pline) in list {
                    match pattern::parse(p, gazetteer, &analyzer) {
                        Ok(parsed) => {
                            out.push(set.compile(&parsed, &mut folded_regexes, &mut exact_regexes));
                            let new_terms = set.terms.len() - origins.len();
                            origins.extend(std::iter::repeat_n(
                                (f.id.clone(), p.clone(), *pline),
                                new_terms,
                            ));
                        }
                        Err(e) => errors.push(Error::at(
                            Location::line(path, *pline),
                            format!("frame '{}': pattern {p:?}: {e}", f.id),
                        )),
                    }
                }
                out
            };
            let patterns = compile(&f.patterns, &mut set);
            let exclude = compile(&f.exclude, &mut set);
            set.compiled.push(CFrame { patterns, exclude });
            set.frames.push(Frame {
                label: f.label.unwrap_or_else(|| f.id.clone()),
                id: f.id,
                description: f.description,
                patterns: f.patterns.into_iter().map(|p| p.0).collect(),
                exclude: f.exclude.into_iter().map(|p| p.0).collect(),
                weights: f.weights,
            });
        }
        Error::from_list(errors)?;
        let build = |res: Vec<(TokenPattern, TermId)>| {
            TokenRegexes::build(res).map_err(|(term, e)| {
                let (frame, pattern, line) = &origins[term as usize];
                Error::at(
                    Location::line(path, *line),
                    format!(
                        "frame '{frame}': pattern {pattern:?}: a regular expression is too large: {}",
                        first_line(&e)
                    ),
                )
            })
        };
        set.folded_set = build(folded_regexes)?;
        set.exact_set = build(exact_regexes)?;
        set.index_keys();
        Ok(set)
    }

    /// Compiles one parsed pattern alone (for `kwic`): a set with one frame.
    ///
    /// # Errors
    /// The pattern does not parse, or a regular expression in it is too large
    /// to compile.
    pub fn single(
        pattern_text: &str,
        gazetteer: &Gazetteer,
    ) -> Result<FrameSet, pattern::PatternError> {
        let analyzer = Analyzer::new("en");
        let parsed = pattern::parse(pattern_text, gazetteer, &analyzer)?;
        let mut set = FrameSet::empty();
        let (mut f, mut e) = (Vec::new(), Vec::new());
        let c = set.compile(&parsed, &mut f, &mut e);
        set.compiled.push(CFrame { patterns: vec![c], exclude: Vec::new() });
        set.frames.push(Frame {
            id: "pattern".into(),
            label: "pattern".into(),
            description: String::new(),
            patterns: vec![pattern_text.to_string()],
            exclude: Vec::new(),
            weights: None,
        });
        // the syntax was checked when the pattern was parsed; what is left
        // is a regex too large to compile
        let too_large = |(_, e): (TermId, String)| pattern::PatternError {
            pattern: pattern_text.to_string(),
            at: 0,
            message: format!("a regular expression is too large: {e}"),
        };
        set.folded_set = TokenRegexes::build(f).map_err(too_large)?;
        set.exact_set = TokenRegexes::build(e).map_err(too_large)?;
        set.index_keys();
        Ok(set)
    }

    fn compile(
        &mut self,
        p: &Pattern,
        folded: &mut Vec<(TokenPattern, TermId)>,
        exact: &mut Vec<(TokenPattern, TermId)>,
    ) -> CPattern {
        match p {
            Pattern::Phrase(ph) => CPattern::Phrase(self.compile_phrase(ph, folded, exact)),
            Pattern::Proximity { op, window, first, second } => CPattern::Proximity {
                op: *op,
                window: *window,
                first: self.compile_phrase(first, folded, exact),
                second: self.compile_phrase(second, folded, exact),
            },
        }
    }

    fn compile_phrase(
        &mut self,
        ph: &Phrase,
        folded: &mut Vec<(TokenPattern, TermId)>,
        exact: &mut Vec<(TokenPattern, TermId)>,
    ) -> CPhrase {
        let alternatives = ph
            .alternatives
            .iter()
            .map(|alt| alt.iter().map(|el| self.step(el, folded, exact)).collect())
            .collect();
        CPhrase::new(alternatives)
    }

    fn step(
        &mut self,
        el: &Element,
        folded: &mut Vec<(TokenPattern, TermId)>,
        exact: &mut Vec<(TokenPattern, TermId)>,
    ) -> Step {
        if let Element::Entity(e) = el {
            return Step::Entity(*e);
        }
        if let Some(&t) = self.terms.get(el) {
            return Step::Term(t);
        }
        let t = self.terms.len() as TermId;
        self.terms.insert(el.clone(), t);
        match el {
            Element::Word { text, exact: false } => {
                self.folded_words.entry(text.clone()).or_default().push(t)
            }
            Element::Word { text, exact: true } => {
                self.exact_words.entry(text.clone()).or_default().push(t)
            }
            Element::Stem(word) => self.stems.push((word.clone(), t)),
            Element::Glob { glob, exact: false } => {
                folded.push((TokenPattern::Glob(glob.clone()), t))
            }
            Element::Glob { glob, exact: true } => {
                exact.push((TokenPattern::Glob(glob.clone()), t))
            }
            Element::Regex(re) => folded.push((TokenPattern::Regex(re.clone()), t)),
            Element::Entity(_) => unreachable!("handled above"),
        }
        Step::Term(t)
    }

    /// The frames, in lexicon order.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// True when there is no frame.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// Finds every frame's hits in a tokenized article, given its entity
    /// mentions; `analyzer` is the article's (for `~stem` terms). Hits are
    /// ordered by frame, then position.
    pub fn find(
        &self,
        text: &TokenizedText,
        mentions: &[Mention],
        analyzer: &Analyzer,
    ) -> Vec<FrameHit> {
        if self.frames.is_empty() || text.tokens.is_empty() {
            return Vec::new();
        }
        STARTS.with_borrow_mut(|starts| {
            starts.truncate(self.compiled.len());
            starts.iter_mut().flatten().for_each(Vec::clear);
            starts.resize_with(self.compiled.len(), Default::default);
            let hits = self.find_from(starts, text, mentions, analyzer);
            // what a book-length text made room for is not kept
            for list in starts.iter_mut().flatten().filter(|l| l.capacity() > KEPT_STARTS) {
                *list = Vec::new();
            }
            hits
        })
    }

    /// [`FrameSet::find`], with `starts`: an empty pair of lists per frame.
    fn find_from(
        &self,
        starts: &mut [[Vec<usize>; 2]],
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
            let found = m.scan(&frame.patterns, &starts[f][0]);
            if found.is_empty() {
                continue;
            }
            let excluded = if frame.exclude.is_empty() {
                Vec::new()
            } else {
                m.scan(&frame.exclude, &starts[f][1])
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

/// Start keys → the frames whose patterns (0) or excludes (1) can start at
/// a token that carries the key: a list per key, found by indexing rather
/// than hashing, since it is asked for every key of every token.
#[derive(Clone, Debug, Default)]
struct KeyIndex {
    /// `(frame, which)` pairs, grouped by key: terms first, then entities.
    items: Vec<(u32, u8)>,
    /// Where the list of term `t` ends in `items`; `terms.len()` is one
    /// past the largest term with a list.
    terms: Vec<u32>,
    /// Where the list of entity `e` ends in `items`, after the terms'.
    entities: Vec<u32>,
}

impl KeyIndex {
    /// An index of `(key, frame, which)` entries, in any order, repeats allowed.
    fn new(mut entries: Vec<(u32, u32, u8)>) -> KeyIndex {
        entries.sort_unstable();
        entries.dedup();
        let mut index = KeyIndex::default();
        for (key, frame, which) in entries {
            let (ends, k) = if key >= ENTITY_KEY {
                (&mut index.entities, key - ENTITY_KEY)
            } else {
                (&mut index.terms, key)
            };
            let end = index.items.len() as u32;
            ends.resize((k as usize + 1).max(ends.len()), end);
            index.items.push((frame, which));
            *ends.last_mut().expect("just sized") = end + 1;
        }
        index
    }

    /// The `(frame, which)` pairs of a key, sorted.
    fn get(&self, key: u32) -> &[(u32, u8)] {
        let (ends, k, floor) = if key >= ENTITY_KEY {
            (&self.entities, (key - ENTITY_KEY) as usize, self.terms.last().copied().unwrap_or(0))
        } else {
            (&self.terms, key as usize, 0)
        };
        let Some(&end) = ends.get(k) else { return &[] };
        let start = if k == 0 { floor } else { ends[k - 1] };
        &self.items[start as usize..end as usize]
    }
}

/// Sorted, deduplicated lists of ids, one after another in one buffer: the
/// terms of each word, without an allocation each.
struct Lists {
    items: Vec<u32>,
    /// `ends[i]` is where list `i` ends in `items`.
    ends: Vec<u32>,
}

impl Lists {
    fn with_capacity(lists: usize) -> Lists {
        Lists { items: Vec::with_capacity(lists * 2), ends: Vec::with_capacity(lists) }
    }

    /// Starts the next list: push its items onto the returned vector.
    fn open(&mut self) -> &mut Vec<u32> {
        &mut self.items
    }

    /// Ends the list that was opened: sorts and deduplicates its items.
    fn close(&mut self) {
        let start = self.ends.last().map_or(0, |&e| e as usize);
        self.items[start..].sort_unstable();
        let mut len = start;
        for i in start..self.items.len() {
            if len == start || self.items[i] != self.items[len - 1] {
                self.items[len] = self.items[i];
                len += 1;
            }
        }
        self.items.truncate(len);
        self.ends.push(len as u32);
    }

    fn get(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.items[start..self.ends[i] as usize]
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
struct Matcher<'a> {
    text: &'a TokenizedText<'a>,
    /// Each distinct word's terms, sorted: `word_terms.get(w)`.
    word_terms: Lists,
    /// Mentions as (first token, entity, last token), by first token and
    /// then in the gazetteer's order.
    mentions: Vec<(u32, u32, u32)>,
    sentence_ranges: Vec<(usize, usize)>,
    /// Per token, the [`signature`] of the keys it carries (made by
    /// [`Matcher::sign_tokens`]).
    sigs: Vec<u64>,
    /// The two position lists of [`Matcher::phrase_end`], kept from one
    /// call to the next.
    lists: std::cell::RefCell<(Vec<usize>, Vec<usize>)>,
}

impl<'a> Matcher<'a> {
    fn new(
        set: &FrameSet,
        text: &'a TokenizedText<'a>,
        mentions: &[Mention],
        analyzer: &Analyzer,
    ) -> Matcher<'a> {
        let stems = set.for_analyzer(analyzer);
        // the words' numbers are the analyzer's that tokenized the text
        let numbered = text.analyzer.is_some_and(|a| a.id() == analyzer.id());
        let mut word_terms = Lists::with_capacity(text.words.len());
        for (i, w) in text.words.iter().enumerate() {
            let terms = word_terms.open();
            let id = if numbered { text.ids.get(i).copied().unwrap_or(NONE) } else { NONE };
            stems.answers.get_or(
                id,
                || {
                    let mut terms = Vec::new();
                    set.word_terms(&w.folded, false, &mut terms);
                    set.word_terms(&w.surface, true, &mut terms);
                    if let Some(ts) = stems.by_stem.get(&w.stem) {
                        terms.extend(ts);
                    }
                    terms.sort_unstable();
                    terms.dedup();
                    terms
                },
                terms,
            );
            word_terms.close();
        }
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
        Matcher {
            text,
            word_terms,
            mentions: by_first,
            sentence_ranges,
            sigs: Vec::new(),
            lists: Default::default(),
        }
    }

    fn has(&self, word: u32, term: TermId) -> bool {
        self.word_terms.get(word as usize).binary_search(&term).is_ok()
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
            self.word_terms.get(tok.word as usize).iter().for_each(|&key| carried(key));
            if let Some(c) = self.compound_at(i) {
                self.word_terms.get(c.word as usize).iter().for_each(|&key| carried(key));
            }
            while self.mentions.get(next_mention).is_some_and(|x| x.0 as usize == i) {
                carried(ENTITY_KEY + self.mentions[next_mention].1);
                next_mention += 1;
            }
        }
        self.sigs = sigs;
    }

    /// Appends to `out` the ends (exclusive) reachable by one step from token `p`.
    fn step_ends(&self, step: &Step, p: usize, out: &mut Vec<usize>) {
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
    fn step_max_end(&self, step: &Step, p: usize) -> Option<usize> {
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
    fn phrase_end_keyed(&self, ph: &CPhrase, start: usize) -> Option<usize> {
        self.may_start(ph, start).then(|| self.phrase_end(ph, start)).flatten()
    }

    /// The longest end of a phrase starting at token `start`, within its sentence.
    fn phrase_end(&self, ph: &CPhrase, start: usize) -> Option<usize> {
        let tokens = &self.text.tokens;
        let sentence = tokens[start].sentence;
        let mut best: Option<usize> = None;
        // the positions reached so far, and those the next step reaches:
        // two lists for the whole article (phrase_end never calls itself)
        let mut lists = self.lists.borrow_mut();
        let (frontier, next) = &mut *lists;
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
    fn candidate(&self, p: &CPattern, start: usize, index: u32, floor: usize) -> Option<Candidate> {
        match p {
            CPattern::Phrase(ph) => {
                let end = self.phrase_end(ph, start)?;
                Some(Candidate {
                    anchor: (start, end),
                    other: (end, end),
                    full: (start, end),
                    pattern: index,
                })
            }
            CPattern::Proximity { op, window, first, second } => {
                let end = self.phrase_end(first, start)?;
                let (lo, hi) = self.sentence_tokens(start);
                let w = *window as usize;
                // (tokens between, B's range, the whole stretch)
                type Range = (usize, usize);
                let mut best: Option<(usize, Range, Range)> = None;
                // after A: B starts at j, with j - end tokens between
                // (B can start only at a token that carries one of its keys)
                for j in end..hi.min(end + w + 1) {
                    if let Some(e2) = self.phrase_end_keyed(second, j) {
                        best = Some((j - end, (j, e2), (start, e2)));
                        break;
                    }
                }
                if *op == Operator::Near {
                    // before A: B ends at e2 <= start, with start - e2 tokens between;
                    // B may start up to MAX_OPERAND tokens before its end
                    const MAX_OPERAND: usize = 16;
                    for j in lo.max(floor).max(start.saturating_sub(w + MAX_OPERAND))..start {
                        if let Some(e2) = self.phrase_end_keyed(second, j)
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
    fn scan(&self, patterns: &[CPattern], positions: &[usize]) -> Vec<Candidate> {
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
                if let Some(c) = self.candidate(p, i, k as u32, floor)
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

#[cfg(test)]
mod tests;
