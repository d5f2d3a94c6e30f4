//! Building a [`FrameSet`] from frame specs ([`FrameSet::build`], with
//! `load`, `parse` and `single` around it): each pattern compiled to steps
//! over terms and entities ([`CPattern`]), each new term numbered and filed
//! by kind (word, stem, glob or regex) for the lookups of [`super::terms`],
//! and the frames indexed by the keys their patterns can start with
//! ([`KeyIndex`]).

use std::path::Path;
use std::sync::Arc;

use super::pattern::{self, Element, Operator, Pattern, Phrase};
use super::spec::{Frame, FrameSpec, parse_toml};
use super::terms::{TermId, Terms, TokenPattern, TokenRegexes};
use crate::error::{Error, Location};
use crate::gazetteer::Gazetteer;
use crate::tokenize::Analyzer;
use crate::vocab::new_key;

#[derive(Clone, Debug)]
pub(super) enum Step {
    Term(TermId),
    Entity(u32),
}

#[derive(Clone, Debug)]
pub(super) struct CPhrase {
    pub(super) alternatives: Vec<Vec<Step>>,
    /// The keys a token must carry for the phrase to start there, sorted.
    pub(super) keys: Vec<u32>,
    /// [`signature`] of `keys`.
    pub(super) sig: u64,
}

/// One bit per key of a set, out of 64: a token whose keys' signature
/// shares no bit with a phrase's cannot start it. Terms are numbered from 0,
/// so consecutive terms take different bits.
pub(super) fn signature(keys: impl IntoIterator<Item = u32>) -> u64 {
    keys.into_iter().fold(0, |sig, key| sig | 1 << (key.wrapping_add(key >> 6) % 64))
}

#[derive(Clone, Debug)]
pub(super) enum CPattern {
    Phrase(CPhrase),
    Proximity { op: Operator, window: u32, first: CPhrase, second: CPhrase },
}

#[derive(Clone, Debug)]
pub(super) struct CFrame {
    pub(super) patterns: Vec<CPattern>,
    pub(super) exclude: Vec<CPattern>,
}

/// The first non-blank line of a message (the regex compiler's run on).
fn first_line(s: &str) -> &str {
    s.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or(s)
}

/// A start key: what the first element of a pattern can be. Terms are their
/// ids; an entity `e` is `ENTITY_KEY + e`.
pub(super) const ENTITY_KEY: u32 = 1 << 31;

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
    pub(super) fn first(&self) -> &CPhrase {
        match self {
            CPattern::Phrase(ph) => ph,
            CPattern::Proximity { first, .. } => first,
        }
    }
}

/// A compiled frame lexicon: immutable, shared by threads.
#[derive(Clone, Debug)]
pub struct FrameSet {
    pub(super) frames: Vec<Frame>,
    pub(super) compiled: Vec<CFrame>,
    /// Every term, and how a word is tested against them: shared with the
    /// run vocabulary, which asks it about each new word, and with the sets
    /// built on this one ([`FrameSet::build_on`]).
    pub(super) terms: Arc<Terms>,
    /// Start key → the frames with a pattern (0) or exclude (1) that can start there.
    pub(super) key_index: KeyIndex,
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
            terms: Arc::new(Terms { key: new_key(), ..Terms::default() }),
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
        FrameSet::build_from(FrameSet::empty(), specs, path, gazetteer)
    }

    /// Compiles frame specs whose patterns are all patterns of `base`
    /// (the linter's set of each pattern alone), on `base`'s terms: a term
    /// keeps its number, and a run vocabulary's answers for `base` are this
    /// set's too. A term `base` lacks is added to a copy of its terms.
    ///
    /// # Errors
    /// As for [`FrameSet::build`].
    pub fn build_on(
        base: &FrameSet,
        specs: Vec<FrameSpec>,
        path: &Path,
        gazetteer: &Gazetteer,
    ) -> Result<FrameSet, Error> {
        let set = FrameSet { terms: Arc::clone(&base.terms), ..FrameSet::empty() };
        FrameSet::build_from(set, specs, path, gazetteer)
    }

    fn build_from(
        mut set: FrameSet,
        specs: Vec<FrameSpec>,
        path: &Path,
        gazetteer: &Gazetteer,
    ) -> Result<FrameSet, Error> {
        let analyzer = Analyzer::new("en");
        let mut errors = Vec::new();
        let mut folded_regexes: Vec<(TokenPattern, TermId)> = Vec::new();
        let mut exact_regexes: Vec<(TokenPattern, TermId)> = Vec::new();
        // each term's first pattern: (frame id, pattern, line), for messages
        let mut origins: Vec<(String, String, u64)> =
            vec![Default::default(); set.terms.by_element.len()];
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
                            let new_terms = set.terms.by_element.len() - origins.len();
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
        set.add_regexes(build(folded_regexes)?, build(exact_regexes)?);
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
        let (f, e) = (TokenRegexes::build(f), TokenRegexes::build(e));
        set.add_regexes(f.map_err(too_large)?, e.map_err(too_large)?);
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
        if let Some(&t) = self.terms.by_element.get(el) {
            return Step::Term(t);
        }
        let terms = Arc::make_mut(&mut self.terms);
        terms.key = new_key();
        let t = terms.by_element.len() as TermId;
        terms.by_element.insert(el.clone(), t);
        match el {
            Element::Word { text, exact: false } => {
                terms.folded_words.entry(text.clone()).or_default().push(t)
            }
            Element::Word { text, exact: true } => {
                terms.exact_words.entry(text.clone()).or_default().push(t)
            }
            Element::Stem(word) => terms.stems.push((word.clone(), t)),
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

    /// Adds the regex sets of the terms just compiled (none: nothing changes).
    fn add_regexes(&mut self, folded: TokenRegexes, exact: TokenRegexes) {
        if folded.is_empty() && exact.is_empty() {
            return;
        }
        let terms = Arc::make_mut(&mut self.terms);
        terms.key = new_key();
        terms.folded_set.extend(folded);
        terms.exact_set.extend(exact);
    }

    /// The terms, for a run's vocabulary ([`crate::vocab`]).
    pub fn terms(&self) -> &Arc<Terms> {
        &self.terms
    }

    /// The frames, in lexicon order.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// True when there is no frame.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }
}

/// Start keys → the frames whose patterns (0) or excludes (1) can start at
/// a token that carries the key: a list per key, found by indexing rather
/// than hashing, since it is asked for every key of every token.
#[derive(Clone, Debug, Default)]
pub(super) struct KeyIndex {
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
    pub(super) fn new(mut entries: Vec<(u32, u32, u8)>) -> KeyIndex {
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
    pub(super) fn get(&self, key: u32) -> &[(u32, u8)] {
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
