//! Stage 4: named entities by gazetteer (SPEC §4).
//!
//! A [`Gazetteer`] is compiled once from the entity list and shared by all
//! threads. Aliases are tokenized with the same tokenizer as the text, and
//! stored in a trie whose edges are alias *words*, not characters: finding
//! the mentions of an article costs a few hash lookups per distinct word and
//! a short walk per token, however many aliases there are.
//!
//! # Match semantics
//!
//! Matches are **leftmost-longest and non-overlapping across the whole
//! gazetteer**: scanning from the start of the text, the first position where
//! some alias matches wins, and there the longest alias wins. With aliases
//! `a b` and `b c d` over the tokens `a b c d`, framelens finds `a b` (and
//! then nothing, since `c d` matches no alias). quanteda and spaCy's
//! EntityRuler prefer the *longest* match anywhere and would find `b c d`.
//!
//! An alias matches case-insensitively unless it is listed in `exact_case`; a
//! possessive `'s` never hides a name; a hyphenated alias (`Nagorno-Karabakh`)
//! matches the hyphenated, the spaced and the joined spelling; an alias matches
//! one part of a hyphenated word (`Armenia` in `ethnic-Armenia`); a trailing
//! `*` on the last word matches any word it begins (`Карабах*` matches
//! Карабаха). A mention never crosses a sentence end.
//!
//! # Examples
//! ```
//! use framelens::gazetteer::{Gazetteer, EntitySpec};
//! use framelens::tokenize::Analyzer;
//!
//! let spec = |id: &str, aliases: &[&str]| EntitySpec {
//!     id: id.into(), name: id.into(), kind: "GPE".into(), actor: None,
//!     aliases: aliases.iter().map(|a| (a.to_string(), 1)).collect(),
//!     exact_case: vec![], line: 1,
//! };
//! let g = Gazetteer::build(vec![spec("karabakh", &["Karabakh", "Nagorno-Karabakh"])], "e.toml".as_ref())?;
//! let text = "Nagorno-Karabakh’s future";
//! let mentions = g.find(&Analyzer::new("en").tokenize(text));
//! assert_eq!(mentions.len(), 1);
//! assert_eq!(&text[mentions[0].span.start..mentions[0].span.end], "Nagorno-Karabakh");
//! assert_eq!(g.alias(mentions[0].alias).text, "Nagorno-Karabakh");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod load;

pub use load::{EntitySpec, parse_csv, parse_toml};

use foldhash::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Location};
use crate::model::{Mention, NONE, Span, Word};
use crate::tokenize::{Analyzer, TokenizedText};
use crate::vocab::{LexiconKey, new_key};

/// An entity of the gazetteer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, …
    pub kind: String,
    /// The actor it rolls up to.
    pub actor: Option<String>,
}

/// One alias, as written in the gazetteer: the "variant" of a mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// Index of its entity.
    pub entity: u32,
    /// The alias as written (`Nagorno-Karabakh`, `Пашинян*`).
    pub text: String,
}

/// What an edge of the trie compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Folded = 0,
    Exact = 1,
    PrefixFolded = 2,
    PrefixExact = 3,
}

/// A compiled gazetteer: immutable, `Send + Sync`, cheap to share.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    aliases: Vec<Alias>,
    /// The alias words, which a run's vocabulary asks for each new word's
    /// symbols; shared with it, and new whenever an alias is added.
    words: Arc<AliasWords>,
    /// `(node, symbol)` → child node; node 0 is the root.
    edges: HashMap<(u32, u32), u32>,
    /// Per node: the alias that ends there, or `NONE`.
    terminal: Vec<u32>,
    /// Per alias: whether it matches only in its exact case.
    alias_exact: Vec<bool>,
    /// Aliases merged into another of their entity, as `(line, note)`.
    notes: Vec<(u64, String)>,
    /// The gazetteer file failed to load: this one stands in for it, so the
    /// frame lexicon can still be checked (its `@entity` references are not).
    failed: bool,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::empty()
    }
}

impl Gazetteer {
    /// An empty gazetteer: finds nothing.
    pub fn empty() -> Gazetteer {
        Gazetteer {
            entities: Vec::new(),
            aliases: Vec::new(),
            words: Arc::new(AliasWords {
                key: new_key(),
                by_kind: Default::default(),
                prefix_bytes: (usize::MAX, 0),
            }),
            edges: HashMap::default(),
            terminal: vec![NONE],
            alias_exact: Vec::new(),
            notes: Vec::new(),
            failed: false,
        }
    }

    /// An empty gazetteer standing in for one that failed to load (its
    /// errors are reported on their own): patterns that name an entity are
    /// accepted unchecked, and match nothing.
    pub fn failed() -> Gazetteer {
        Gazetteer { failed: true, ..Gazetteer::empty() }
    }

    /// True for the stand-in of a gazetteer that failed to load.
    pub fn is_failed(&self) -> bool {
        self.failed
    }

    /// What loading merged, as `(line, note)`: aliases of one entity that are
    /// the same once normalised (`Uefa`/`UEFA`, `Nagorno-Karabakh`/`Nagorno
    /// Karabakh`, `Russia`/`Russia's`). `check` and `run` show them as warnings.
    pub fn notes(&self) -> &[(u64, String)] {
        &self.notes
    }

    /// Loads `entities.toml` or, by extension, `entities.csv`.
    ///
    /// # Errors
    /// Every problem of the file, each with its line.
    pub fn load(path: &Path) -> Result<Gazetteer, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Gazetteer::from_bytes(&bytes, path)
    }

    /// Compiles a gazetteer file's bytes: CSV when `path` ends in `.csv`,
    /// TOML otherwise.
    ///
    /// # Errors
    /// As for [`Gazetteer::load`].
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Gazetteer, Error> {
        let specs = if path.extension().and_then(|e| e.to_str()) == Some("csv") {
            parse_csv(bytes, path)?
        } else {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                Error::at(Location::file(path), "not valid UTF-8: save it as UTF-8")
            })?;
            parse_toml(text, path)?
        };
        Gazetteer::build(specs, path)
    }

    /// Compiles entity specs; `path` is used in messages.
    ///
    /// Two aliases are *the same* when they give the same words once
    /// normalised: case-folded for ordinary aliases, in their exact case for
    /// exact-case ones (an exact-case `US` and an ordinary `us` are not the
    /// same; where both match a token, the exact-case alias wins). The same
    /// alias twice in one entity is merged into the first, with a note
    /// ([`Gazetteer::notes`]): lexicons written for case-sensitive tools
    /// list such variants. The same alias in two entities is an error.
    ///
    /// # Errors
    /// Duplicate ids, an alias claimed by two entities, an empty alias, an
    /// exact-case entry missing from the aliases, a misplaced `*`: all of them.
    pub fn build(specs: Vec<EntitySpec>, path: &Path) -> Result<Gazetteer, Error> {
        let analyzer = Analyzer::new("en");
        let mut g = Gazetteer::empty();
        let mut errors = Vec::new();
        let mut ids: HashMap<String, u64> = HashMap::default();
        // an alias's words (folded, or exact for exact-case aliases) →
        // (entity id, line, alias index), to find aliases claimed twice
        type Key = Vec<(String, bool, bool)>;
        let mut claimed: HashMap<Key, (String, u64, u32)> = HashMap::default();
        for spec in specs {
            let at = Location::line(path, spec.line);
            if spec.id.trim().is_empty() {
                errors.push(Error::at(at.clone(), "entity with an empty id"));
            }
            if let Some(first) = ids.get(&spec.id) {
                errors.push(Error::at(
                    at.clone(),
                    format!("duplicate entity id '{}' (first at line {first})", spec.id),
                ));
                continue;
            }
            ids.insert(spec.id.clone(), spec.line);
            if spec.aliases.is_empty() {
                errors.push(Error::at(at.clone(), format!("entity '{}' has no aliases", spec.id)));
            }
            for exact in &spec.exact_case {
                if !spec.aliases.iter().any(|(a, _)| a == exact) {
                    errors.push(Error::at(
                        at.clone(),
                        format!(
                            "entity '{}': exact_case entry '{exact}' is not one of its aliases",
                            spec.id
                        ),
                    ));
                }
            }
            let entity = g.entities.len() as u32;
            for (text, line) in &spec.aliases {
                let at = Location::line(path, *line);
                let exact = spec.exact_case.contains(text);
                let steps = match alias_steps(&analyzer, text, exact) {
                    Ok(s) => s,
                    Err(message) => {
                        errors.push(Error::at(at, format!("entity '{}': {message}", spec.id)));
                        continue;
                    }
                };
                let key: Key = steps.iter().map(|s| (s.word.clone(), s.prefix, s.exact)).collect();
                if let Some((other, other_line, kept)) = claimed.get(&key) {
                    if *other != spec.id {
                        errors.push(Error::at(
                            at,
                            format!(
                                "alias '{text}' of '{}' is already an alias of '{other}' (line {other_line})",
                                spec.id
                            ),
                        ));
                        continue;
                    }
                    let kept = *kept;
                    g.notes.push((
                        *line,
                        format!(
                            "entity '{}': alias '{text}' is the same as '{}' (line {other_line}) once normalised; merged, its mentions count as '{}'",
                            spec.id, g.aliases[kept as usize].text, g.aliases[kept as usize].text
                        ),
                    ));
                    // its joined spelling, if it has one, is the kept alias's too
                    if let Some(joined) = joined_steps(&analyzer, text, exact, &steps) {
                        g.insert(&joined, kept);
                    }
                    continue;
                }
                let alias = g.aliases.len() as u32;
                claimed.insert(key, (spec.id.clone(), *line, alias));
                g.aliases.push(Alias { entity, text: text.clone() });
                g.alias_exact.push(exact);
                g.insert(&steps, alias);
                // a hyphenated alias also matches its joined spelling
                if let Some(joined) = joined_steps(&analyzer, text, exact, &steps) {
                    g.insert(&joined, alias);
                }
            }
            g.entities.push(Entity {
                id: spec.id,
                name: spec.name,
                kind: spec.kind,
                actor: spec.actor,
            });
        }
        Error::from_list(errors)?;
        Ok(g)
    }

    fn insert(&mut self, steps: &[Step], alias: u32) {
        let words = Arc::make_mut(&mut self.words);
        words.key = new_key();
        let mut node = 0u32;
        for step in steps {
            let kind = match (step.prefix, step.exact) {
                (false, false) => Kind::Folded,
                (false, true) => Kind::Exact,
                (true, false) => Kind::PrefixFolded,
                (true, true) => Kind::PrefixExact,
            };
            if step.prefix {
                words.prefix_bytes.0 = words.prefix_bytes.0.min(step.word.len());
                words.prefix_bytes.1 = words.prefix_bytes.1.max(step.word.len());
            }
            let next_symbol = words.by_kind.iter().map(HashMap::len).sum::<usize>() as u32;
            let symbol = *words.by_kind[kind as usize]
                .entry(step.word.clone().into())
                .or_insert(next_symbol);
            let next_node = self.terminal.len() as u32;
            node = *self.edges.entry((node, symbol)).or_insert(next_node);
            if node == next_node {
                self.terminal.push(NONE);
            }
        }
        // the first alias to claim a token sequence keeps it
        if self.terminal[node as usize] == NONE {
            self.terminal[node as usize] = alias;
        }
    }

    /// The entities, in gazetteer order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The aliases, in gazetteer order.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// One alias.
    pub fn alias(&self, index: u32) -> &Alias {
        &self.aliases[index as usize]
    }

    /// One entity.
    pub fn entity(&self, index: u32) -> &Entity {
        &self.entities[index as usize]
    }

    /// The index of an entity id.
    pub fn entity_index(&self, id: &str) -> Option<u32> {
        self.entities.iter().position(|e| e.id == id).map(|i| i as u32)
    }

    /// The alias words, for a run's vocabulary ([`crate::vocab`]).
    pub fn words(&self) -> &Arc<AliasWords> {
        &self.words
    }

    /// Finds the mentions in a tokenized text: leftmost-longest, without
    /// overlap, in text order. Voice and sentence are filled in.
    pub fn find(&self, text: &TokenizedText) -> Vec<Mention> {
        let mut mentions = Vec::new();
        if self.aliases.is_empty() || text.tokens.is_empty() {
            return mentions;
        }
        // each distinct word's symbols: the run vocabulary's answers when
        // they are this gazetteer's, else worked out here for this text
        let own = text.keys().aliases == self.words.key;
        let here: Vec<Box<[u32]>> = match own {
            true => Vec::new(),
            false => text.words.iter().map(|w| self.words.symbols(w)).collect(),
        };
        let word_symbols = |word: u32| match own {
            true => text.alias_symbols(word),
            false => &here[word as usize][..],
        };
        let tokens = &text.tokens;
        let mut stack: Vec<(u32, usize)> = Vec::new();
        let mut i = 0;
        // whether an alias can start at token `i`: its word, or the compound
        // it begins, has symbols (most tokens have none)
        let may_start = |i: usize| {
            let tok = &tokens[i];
            !word_symbols(tok.word).is_empty()
                || (tok.compound != NONE && {
                    let c = &text.compounds[tok.compound as usize];
                    c.first as usize == i && !word_symbols(c.word).is_empty()
                })
        };
        while i < tokens.len() {
            if !may_start(i) {
                i += 1;
                continue;
            }
            let sentence = tokens[i].sentence;
            // best = (end token exclusive, alias)
            let mut best: Option<(usize, u32)> = None;
            stack.clear();
            stack.push((0, i));
            while let Some((node, pos)) = stack.pop() {
                if pos >= tokens.len() || tokens[pos].sentence != sentence {
                    continue;
                }
                let tok = &tokens[pos];
                let mut step = |symbols: &[u32], next: usize, stack: &mut Vec<(u32, usize)>| {
                    for &sym in symbols {
                        if let Some(&child) = self.edges.get(&(node, sym)) {
                            let alias = self.terminal[child as usize];
                            if alias != NONE {
                                // the longest; on a tie, an exact-case alias
                                // before a case-insensitive one, then the first
                                let rank = |a: u32| (!self.alias_exact[a as usize], a);
                                let better = match best {
                                    None => true,
                                    Some((end, a)) => {
                                        next > end || (next == end && rank(alias) < rank(a))
                                    }
                                };
                                if better {
                                    best = Some((next, alias));
                                }
                            }
                            stack.push((child, next));
                        }
                    }
                };
                step(word_symbols(tok.word), pos + 1, &mut stack);
                if tok.compound != NONE {
                    let c = &text.compounds[tok.compound as usize];
                    if c.first as usize == pos {
                        step(word_symbols(c.word), c.last as usize + 1, &mut stack);
                    }
                }
            }
            match best {
                Some((end, alias)) => {
                    let first = &tokens[i];
                    let last = &tokens[end - 1];
                    let span = Span::new(first.start as usize, last.end as usize);
                    mentions.push(Mention {
                        entity: self.aliases[alias as usize].entity,
                        alias,
                        first: i as u32,
                        last: (end - 1) as u32,
                        span,
                        voice: text.voice_of(i, end - 1, span),
                        sentence,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        mentions
    }
}

/// One word of a compiled alias.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    /// The folded word, or the exact surface for exact-case aliases.
    word: String,
    exact: bool,
    prefix: bool,
}

/// Tokenizes an alias into trie steps.
fn alias_steps(analyzer: &Analyzer, alias: &str, exact: bool) -> Result<Vec<Step>, String> {
    let trimmed = alias.trim();
    let (body, prefix) = match trimmed.strip_suffix('*') {
        Some(b) => (b, true),
        None => (trimmed, false),
    };
    if body.contains('*') {
        return Err(format!("alias '{alias}': a '*' may only end the last word"));
    }
    if prefix && body.ends_with(char::is_whitespace) {
        return Err(format!("alias '{alias}': a '*' must follow a word, as in 'Карабах*'"));
    }
    let t = analyzer.tokenize(body);
    if t.tokens.is_empty() {
        return Err(format!("alias '{alias}' has no word in it"));
    }
    let n = t.tokens.len();
    Ok(t.tokens
        .iter()
        .enumerate()
        .map(|(i, tok)| {
            let w = t.word(tok);
            Step {
                word: if exact { w.surface.clone() } else { w.folded.clone() },
                exact,
                prefix: prefix && i == n - 1,
            }
        })
        .collect())
}

/// The steps of a hyphenated alias with each compound joined into one word,
/// or `None` when the alias has no compound.
fn joined_steps(
    analyzer: &Analyzer,
    alias: &str,
    exact: bool,
    steps: &[Step],
) -> Option<Vec<Step>> {
    let body = alias.trim().trim_end_matches('*');
    let t = analyzer.tokenize(body);
    if t.compounds.is_empty() || t.tokens.len() != steps.len() {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.tokens.len() {
        let tok = &t.tokens[i];
        if tok.compound != NONE {
            let c = &t.compounds[tok.compound as usize];
            let w = &t.words[c.word as usize];
            let last = c.last as usize;
            out.push(Step {
                word: if exact { w.surface.clone() } else { w.folded.clone() },
                exact,
                prefix: steps[last].prefix,
            });
            i = last + 1;
        } else {
            out.push(steps[i].clone());
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;

/// The alias words of a gazetteer, by kind, each with its trie symbol: what
/// a run's vocabulary asks about each new word ([`AliasWords::symbols`]).
#[derive(Clone, Debug)]
pub struct AliasWords {
    /// Names these words (see [`LexiconKey`]).
    key: LexiconKey,
    /// Alias words by kind → symbol id.
    by_kind: [HashMap<Box<str>, u32>; 4],
    /// Shortest and longest prefix, in bytes (prefix kinds only).
    prefix_bytes: (usize, usize),
}

impl AliasWords {
    /// Names these words: a new key whenever an alias is added.
    pub fn key(&self) -> LexiconKey {
        self.key
    }

    /// The trie symbols a word can take, sorted: its folded form, its exact
    /// surface, and the alias prefixes it begins with.
    pub fn symbols(&self, word: &Word) -> Box<[u32]> {
        let (surface, folded) = (word.surface.as_str(), word.folded.as_str());
        let mut out = Vec::new();
        if let Some(&s) = self.by_kind[Kind::Folded as usize].get(folded) {
            out.push(s);
        }
        if let Some(&s) = self.by_kind[Kind::Exact as usize].get(surface) {
            out.push(s);
        }
        let (lo, hi) = self.prefix_bytes;
        if lo <= hi {
            for (kind, word) in [(Kind::PrefixFolded, folded), (Kind::PrefixExact, surface)] {
                let map = &self.by_kind[kind as usize];
                if map.is_empty() {
                    continue;
                }
                for (i, _) in word.char_indices().skip(1).chain([(word.len(), ' ')]) {
                    if (lo..=hi).contains(&i)
                        && let Some(&s) = map.get(&word[..i])
                    {
                        out.push(s);
                    }
                }
            }
        }
        // each kind's symbols are its own, and a prefix is met once
        out.sort_unstable();
        out.into()
    }
}
