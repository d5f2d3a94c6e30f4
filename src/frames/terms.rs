//! Terms: what a word can match.
//!
//! Every single-token test of a pattern (a word, a `~stem`, a glob, a
//! regex) is a term, numbered by a [`TermId`]. Words and stems are found by
//! hash lookups, globs and regexes through their literals first
//! ([`TokenRegexes`]). A frame set's [`Terms`] are asked about each distinct
//! word of a run once, by the run's vocabulary ([`crate::vocab`]), which
//! keeps the answer with the word.

use foldhash::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use regex_automata::meta::Regex;

use super::pattern::{Element, glob_matches, glob_to_regex};
use crate::model::Word;
use crate::vocab::LexiconKey;

pub(super) type TermId = u32;

/// Every term of a frame set, filed by kind for the lookups that tell a
/// word's terms ([`Terms::of_word`]). Built with the set; a run's vocabulary
/// shares it.
#[derive(Clone, Debug, Default)]
pub struct Terms {
    /// Names these terms (see [`LexiconKey`]): a new key whenever a term is
    /// added.
    pub(super) key: LexiconKey,
    /// Each term's element, and its number.
    pub(super) by_element: HashMap<Element, TermId>,
    pub(super) folded_words: HashMap<String, Vec<TermId>>,
    pub(super) exact_words: HashMap<String, Vec<TermId>>,
    /// `~stem` terms with their word as written.
    pub(super) stems: Vec<(String, TermId)>,
    pub(super) folded_set: TokenRegexes,
    pub(super) exact_set: TokenRegexes,
}

/// The `~stem` terms of a [`Terms`] by the stem of their word in one
/// language: made once per run and language.
#[derive(Clone, Debug, Default)]
pub struct StemTerms {
    by_stem: HashMap<String, Vec<TermId>>,
}

impl Terms {
    /// Names these terms.
    pub fn key(&self) -> LexiconKey {
        self.key
    }

    /// The number of terms.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.by_element.len()
    }

    /// The `~stem` terms by the stem, by `stem`, of their word.
    pub fn stem_terms(&self, stem: impl Fn(&str) -> String) -> StemTerms {
        let mut by_stem: HashMap<String, Vec<TermId>> = HashMap::default();
        for (word, t) in &self.stems {
            by_stem.entry(stem(word)).or_default().push(*t);
        }
        StemTerms { by_stem }
    }

    /// The terms a word matches, sorted, without repeats: word, glob and
    /// regex terms of its folded form and of its surface, and the `~stem`
    /// terms of its stem (`stems`, made by [`Terms::stem_terms`] for the
    /// word's language).
    pub fn of_word(&self, word: &Word, stems: &StemTerms) -> Box<[TermId]> {
        let mut terms = Vec::new();
        self.word_terms(&word.folded, false, &mut terms);
        self.word_terms(&word.surface, true, &mut terms);
        if let Some(ts) = stems.by_stem.get(&word.stem) {
            terms.extend(ts);
        }
        terms.sort_unstable();
        terms.dedup();
        terms.into()
    }

    /// The word, glob and regex terms a word matches: of its folded form, or
    /// (`exact`) of its surface.
    fn word_terms(&self, word: &str, exact: bool, out: &mut Vec<TermId>) {
        let (words, set) = if exact {
            (&self.exact_words, &self.exact_set)
        } else {
            (&self.folded_words, &self.folded_set)
        };
        if let Some(ts) = words.get(word) {
            out.extend(ts);
        }
        if !set.is_empty() {
            set.matches(word, out);
        }
    }
}

/// The glob and regex terms of a lexicon. Most regexes in a frame lexicon
/// are anchored lists of words (`/^(troops|forces?)$/`) or anchored prefixes
/// (`/^refus\w*$/`), so each regex is first analysed for its literals:
///
/// * a regex that is `^…$` around a finite set of exact literals matches a
///   word exactly when the word is one of them: a hash lookup, no regex run;
/// * otherwise, if every match must start with one of a few known prefixes,
///   the regex runs only on words that start with one of them;
/// * the rest run on every word.
///
/// Each distinct word of a run goes through this once (see
/// [`crate::vocab`]).
#[derive(Clone, Debug, Default)]
pub(super) struct TokenRegexes {
    pub(super) regexes: Vec<TokenMatcher>,
    terms: Vec<TermId>,
    /// Word → terms of the regexes that are exactly a set of words.
    pub(super) literal: HashMap<Box<[u8]>, Vec<TermId>>,
    /// By first byte: (prefixes, regex index) of the prefix-filtered regexes.
    by_first_byte: Vec<Vec<Prefixed>>,
    /// Regexes with no known prefix.
    any_start: Vec<u32>,
}

/// A regex (by index) and the prefixes one of which its matches start with.
type Prefixed = (Vec<Box<[u8]>>, u32);

/// A glob or regex term as written in a pattern.
#[derive(Clone, Debug)]
pub(super) enum TokenPattern {
    Regex(String),
    Glob(String),
}

impl TokenPattern {
    /// The regex that matches the words the term matches.
    pub(super) fn regex(&self) -> std::borrow::Cow<'_, str> {
        match self {
            TokenPattern::Regex(re) => re.into(),
            TokenPattern::Glob(glob) => glob_to_regex(glob).into(),
        }
    }
}

/// A term that is run on words: a glob is matched by [`glob_matches`]
/// rather than compiled into a regex (its `.*` compiles all of Unicode).
#[derive(Clone, Debug)]
pub(super) enum TokenMatcher {
    Regex(Arc<WordRegex>),
    Glob(Box<str>),
}

/// Words longer than this (in bytes) are matched by a regex's lazy DFA.
const LONG_WORD: usize = 256;

/// A regex term. Short words (nearly all) run on the forward NFA alone,
/// which is the cheapest to compile. A long word (a run of letters with no
/// space, a base64 blob) would take the NFA time proportional to its length
/// times the regex's size — 35 s for `/a.{0,1000}c/` on a 1 MB word — so
/// words longer than [`LONG_WORD`] bytes go to a lazy DFA, linear in the
/// word, compiled the first time such a word comes.
#[derive(Debug)]
pub(super) struct WordRegex {
    source: String,
    nfa: Regex,
    dfa: std::sync::OnceLock<Option<Regex>>,
}

impl WordRegex {
    fn is_match(&self, word: &str) -> bool {
        if word.len() <= LONG_WORD {
            return self.nfa.is_match(word);
        }
        let dfa = self.dfa.get_or_init(|| {
            let config = Regex::config()
                .onepass(false)
                .backtrack(false)
                .nfa_size_limit(Some(16 << 20))
                .hybrid_cache_capacity(32 << 20);
            Regex::builder().configure(config).build(&self.source).ok()
        });
        dfa.as_ref().unwrap_or(&self.nfa).is_match(word)
    }
}

impl TokenMatcher {
    fn is_match(&self, word: &str) -> bool {
        match self {
            TokenMatcher::Regex(re) => re.is_match(word),
            TokenMatcher::Glob(glob) => glob_matches(glob, word),
        }
    }
}

/// What the literals of a regex tell about the words it can match.
enum Literals {
    /// Matches exactly these words.
    Exact(Vec<Vec<u8>>),
    /// Every match starts with one of these.
    Prefixes(Vec<Vec<u8>>),
    /// Nothing known.
    Unknown,
}

impl TokenRegexes {
    /// Compiles the regexes, in parallel. Each is matched against one short
    /// word, once per distinct word of a run, so only the forward NFA is built
    /// (no lazy DFA, no reverse NFA): compiling, not matching, is what costs.
    /// The error is the term whose regex failed and the compiler's message (a
    /// regex too large, in practice: syntax was checked when the pattern was
    /// parsed).
    pub(super) fn build(
        list: Vec<(TokenPattern, TermId)>,
    ) -> Result<TokenRegexes, (TermId, String)> {
        let config =
            Regex::config().hybrid(false).dfa(false).onepass(false).nfa_size_limit(Some(16 << 20));
        // a regex that is exactly a set of words is never run: not compiled
        let compiled = list
            .par_iter()
            .map(|(source, term)| {
                let found = literals(&source.regex());
                let regex = match source {
                    _ if matches!(found, Literals::Exact(_)) => return Ok((found, None)),
                    TokenPattern::Glob(glob) => TokenMatcher::Glob(glob.as_str().into()),
                    TokenPattern::Regex(re) => TokenMatcher::Regex(Arc::new(WordRegex {
                        source: re.clone(),
                        nfa: Regex::builder()
                            .configure(config.clone())
                            .build(re)
                            .map_err(|e| (*term, error_chain(&e)))?,
                        dfa: std::sync::OnceLock::new(),
                    })),
                };
                Ok((found, Some(regex)))
            })
            .collect::<Result<Vec<(Literals, Option<TokenMatcher>)>, (TermId, String)>>()?;
        let mut set = TokenRegexes { by_first_byte: vec![Vec::new(); 256], ..Default::default() };
        for ((_, term), (found, regex)) in list.into_iter().zip(compiled) {
            let i = set.regexes.len() as u32;
            match found {
                Literals::Exact(words) => {
                    for w in words {
                        set.literal.entry(w.into()).or_default().push(term);
                    }
                    continue;
                }
                Literals::Prefixes(prefixes) => {
                    let mut by_byte: HashMap<u8, Vec<Box<[u8]>>> = HashMap::default();
                    for p in prefixes {
                        by_byte.entry(p[0]).or_default().push(p.into());
                    }
                    let mut by_byte: Vec<_> = by_byte.into_iter().collect();
                    by_byte.sort();
                    for (b, list) in by_byte {
                        set.by_first_byte[b as usize].push((list, i));
                    }
                }
                Literals::Unknown => set.any_start.push(i),
            }
            set.regexes.push(regex.expect("a regex that is not an exact set is compiled"));
            set.terms.push(term);
        }
        Ok(set)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.literal.is_empty()
    }

    /// Adds the regexes of `other`, whose terms are new.
    pub(super) fn extend(&mut self, other: TokenRegexes) {
        let offset = self.regexes.len() as u32;
        self.regexes.extend(other.regexes);
        self.terms.extend(other.terms);
        for (word, terms) in other.literal {
            self.literal.entry(word).or_default().extend(terms);
        }
        self.by_first_byte.resize(256, Vec::new());
        for (byte, list) in other.by_first_byte.into_iter().enumerate() {
            let moved = list.into_iter().map(|(prefixes, i)| (prefixes, i + offset));
            self.by_first_byte[byte].extend(moved);
        }
        self.any_start.extend(other.any_start.into_iter().map(|i| i + offset));
    }

    /// Appends the terms whose regex matches `word`.
    pub(super) fn matches(&self, word: &str, out: &mut Vec<TermId>) {
        let bytes = word.as_bytes();
        let Some(&b) = bytes.first() else { return };
        if let Some(terms) = self.literal.get(bytes) {
            out.extend(terms);
        }
        for (prefixes, i) in &self.by_first_byte[b as usize] {
            if prefixes.iter().any(|p| bytes.starts_with(p))
                && self.regexes[*i as usize].is_match(word)
            {
                out.push(self.terms[*i as usize]);
            }
        }
        for &i in &self.any_start {
            if self.regexes[i as usize].is_match(word) {
                out.push(self.terms[i as usize]);
            }
        }
    }
}

/// Reads what the literals of a regex say about the words it matches. Only a
/// regex anchored at the start (`^`) has known prefixes, and only one also
/// anchored at the end (`$`) can be exactly a set of words.
fn literals(source: &str) -> Literals {
    use regex_syntax::hir::Look;
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(source) else { return Literals::Unknown };
    let props = hir.properties();
    if !props.look_set_prefix().contains(Look::Start) {
        return Literals::Unknown;
    }
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let Some(lits) = seq.literals() else { return Literals::Unknown };
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return Literals::Unknown;
    }
    let words: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
    // Exact literals of a regex that also must end at the end of the word,
    // and has no other look-around inside, are the whole words it matches.
    let only_anchors = props.look_set().iter().all(|l| matches!(l, Look::Start | Look::End));
    if seq.is_exact() && props.look_set_suffix().contains(Look::End) && only_anchors {
        Literals::Exact(words)
    } else {
        Literals::Prefixes(words)
    }
}

/// An error and its sources, joined by ": " (the regex builder says "error
/// building NFA" and only its source says why).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
