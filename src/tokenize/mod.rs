//! Text to tokens (SPEC §3), and quotation spans for voice (SPEC §6).
//!
//! An [`Analyzer`] is built once per language and shared by all threads. It
//! turns an article's text (minus what boilerplate rules cut) into a
//! [`TokenizedText`]:
//!
//! * **words** follow Unicode word boundaries (UAX #29); a word is a token when
//!   it holds a letter or a digit, so `1,960` and `U.S` are one token each and
//!   punctuation is never a token;
//! * a **possessive** `'s` / `’s` is cut off the token (`Russia’s` → `Russia`);
//! * a **hyphenated compound** (`peace-keeping`) is its parts as tokens, plus a
//!   [`Compound`] whose joined word (`peacekeeping`) matchers also try;
//! * **sentences** follow UAX #29 sentence boundaries, except that no sentence
//!   ends after a title or common abbreviation (`Gen.`, `U.S.`, `Sept.`) or a
//!   single initial (`J.`); a line break always ends a sentence;
//! * each distinct word is normalised once, and case-folded, **stemmed** and
//!   answered by the lexicons once per run ([`crate::vocab`]);
//! * **quotations** are found from their marks, nested, per line.
//!
//! The parts that stand alone have files of their own: [`words`] (word
//! boundaries), [`sentences`] (sentence boundaries and abbreviations) and
//! `quotes` (quotation spans). This file holds the [`Analyzer`] with its
//! run vocabulary, [`Analyzer::tokenize`] and [`pieces`].

mod quotes;
pub mod sentences;
pub mod words;

use rust_stemmers::Algorithm;

use crate::model::{Compound, NONE, Quotation, Span, Token, Word, WordRef};
use crate::normalize::{is_hyphen, is_invisible, is_normal_ascii, normalize_word, possessive_len};
use crate::vocab::{Annotate, Answered, LexiconKeys, SurfaceKey, Vocabulary};
use quotes::{find_quotes, is_quote_mark, nest_quotes};

/// The languages with a Snowball stemmer, by ISO 639-1 code.
pub fn stemmer_algorithm(language: &str) -> Option<Algorithm> {
    Some(match language {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Turns text into tokens for one language. Built once, shared by threads.
///
/// # Examples
/// ```
/// use framelens::tokenize::Analyzer;
/// let analyzer = Analyzer::new("en");
/// let t = analyzer.tokenize("Russia’s peace-keepers left. Gen. Ivanov stayed.");
/// let words: Vec<&str> = t.tokens.iter().map(|tok| t.word(tok).folded.as_str()).collect();
/// assert_eq!(words, ["russia", "peace", "keepers", "left", "gen", "ivanov", "stayed"]);
/// assert_eq!(t.sentences.len(), 2);
/// assert_eq!(t.words()[t.compounds[0].word as usize].folded, "peacekeepers");
/// ```
pub struct Analyzer {
    language: String,
    /// The run's words in this language, each folded, stemmed and answered
    /// by the lexicons once.
    vocabulary: Vocabulary,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("language", &self.language)
            .field("vocabulary", &self.vocabulary)
            .finish()
    }
}

impl Analyzer {
    /// An analyzer for an ISO 639-1 language, whose words carry no answers
    /// of any lexicon. Without a Snowball stemmer for it, a word's stem is
    /// the case-folded word itself (see [`Analyzer::stems`]).
    pub fn new(language: &str) -> Analyzer {
        Analyzer {
            language: language.to_string(),
            vocabulary: Vocabulary::new(stemmer_algorithm(language), None),
        }
    }

    /// An analyzer whose vocabulary asks `annotate` about each new word
    /// (what [`crate::analyze::Context`] builds for the run's lexicons).
    pub fn with_annotator(language: &str, annotate: Box<dyn Annotate>) -> Analyzer {
        Analyzer {
            language: language.to_string(),
            vocabulary: Vocabulary::new(stemmer_algorithm(language), Some(annotate)),
        }
    }

    /// The same analyzer, keeping at most `limit` words (for tests).
    #[cfg(test)]
    pub(crate) fn with_limit(self, limit: usize) -> Analyzer {
        Analyzer { vocabulary: self.vocabulary.with_limit(limit), ..self }
    }

    /// The run's words in this language.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The language code.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// True when this language has a Snowball stemmer.
    pub fn stems(&self) -> bool {
        self.vocabulary.stems()
    }

    /// The stem of a case-folded word.
    pub fn stem(&self, folded: &str) -> String {
        self.vocabulary.stem(folded)
    }

    /// Tokenizes a whole text.
    pub fn tokenize(&self, text: &str) -> TokenizedText<'_> {
        self.tokenize_kept(text, &[Span::new(0, text.len())])
    }

    /// Tokenizes the `kept` parts of a text (what boilerplate rules left),
    /// with offsets into the whole text. `kept` must be sorted and disjoint,
    /// and each bound must fall on a character boundary.
    pub fn tokenize_kept(&self, text: &str, kept: &[Span]) -> TokenizedText<'_> {
        // about one distinct word per 10 bytes of a news article; a text
        // the size of a book has far fewer, and its tables grow as they need
        let distinct = (text.len() / 8).min(1 << 16);
        let ids = SurfaceTable::with_capacity(distinct);
        let mut out = TokenizedText::default();
        // about a token per 6 bytes, rarely one per 4; a long text's list
        // grows as it needs
        out.tokens.reserve((text.len() / 4).min(1 << 16));
        let mut b = Builder {
            analyzer: self,
            out,
            ids,
            keys: Vec::with_capacity(distinct),
            surfaces: String::with_capacity(distinct * 8),
        };
        let mut quote_spans = Vec::new();
        for span in kept {
            let segment = &text[span.start..span.end];
            b.segment(segment, span.start);
            find_quotes(segment, span.start, &mut quote_spans);
        }
        b.out.quotes = nest_quotes(quote_spans, &mut b.out.tokens);
        b.words();
        b.out.keys = self.vocabulary.keys();
        b.out
    }
}

/// Cuts a long text into pieces of at least `min_len` bytes (the last may
/// be shorter) that tokenize alone exactly as they do inside the whole text,
/// so that a huge article can be analysed a piece at a time in bounded
/// memory (SPEC §9; see [`crate::analyze::analyze_in_pieces`]). Returns the
/// pieces' spans, in order, covering the text; one piece for a text of at
/// most `min_len` bytes.
///
/// A piece ends right after a line feed, where nothing of the tokenizer
/// reaches across:
///
/// * no word crosses a line feed (UAX #29 WB3a), nor does a compound, whose
///   parts are joined by a hyphen alone;
/// * a sentence always ends there (UAX #29 SB4; no abbreviation holds a
///   sentence across a line break), so a sentence is never cut, and with it
///   nothing that matches: aliases, phrases, `NEAR` and `BEFORE` all stay
///   within a sentence;
/// * every quotation is closed or dropped at a line break; the only look
///   across is whether the next line opens a quotation of the same kind (a
///   quotation of several paragraphs), so a piece never ends before a line
///   whose first visible character is a quotation mark.
///
/// Boilerplate is cut from the whole text before (its rules may span lines).
pub fn pieces(text: &str, min_len: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = start + min_len.max(1);
    while from < text.len() {
        let Some(lf) = memchr::memchr(b'\n', &text.as_bytes()[from - 1..]) else { break };
        let end = from + lf;
        if end >= text.len() {
            break;
        }
        let next = text[end..].trim_start_matches(|c: char| c.is_whitespace() || is_invisible(c));
        if next.starts_with(|c: char| is_quote_mark(c) || c == '\u{2019}') {
            // a quotation may run on into that line: cut after it
            from = end + 1;
            continue;
        }
        out.push(Span::new(start, end));
        start = end;
        from = start + min_len.max(1);
    }
    out.push(Span::new(start, text.len()));
    out
}

/// An article's text after tokenizing: the input of every matcher.
#[derive(Clone, Debug, Default)]
pub struct TokenizedText<'a> {
    /// Word tokens, in text order (compound parts included).
    pub tokens: Vec<Token>,
    /// Distinct words (see [`TokenizedText::words`]), each with what the
    /// run's lexicons say of it.
    pub(crate) words: Vec<WordRef<'a>>,
    /// Per distinct word, which of its answers are not empty: side by side,
    /// so that a matcher passes over the words the lexicons say nothing of
    /// (most of them) without reaching for their entries.
    answered: Vec<Answered>,
    /// Hyphenated compounds.
    pub compounds: Vec<Compound>,
    /// Sentences, in text order (boilerplate excluded).
    pub sentences: Vec<Span>,
    /// Quotations, ordered by start.
    pub quotes: Vec<Quotation>,
    /// The lexicons whose answers the words carry ([`crate::vocab`]).
    pub(crate) keys: LexiconKeys,
}

impl<'a> TokenizedText<'a> {
    /// The distinct words, by the index tokens and compounds give, each
    /// normalised and stemmed once. A word is shared (not copied) between the
    /// articles of a run that use it: they borrow it from the run's
    /// [`Vocabulary`].
    pub fn words(&self) -> &[WordRef<'a>] {
        &self.words
    }

    /// The word of a token.
    pub fn word(&self, token: &Token) -> &Word {
        &self.words[token.word as usize]
    }

    /// The lexicons whose answers the words carry: a matcher reads a word's
    /// answers ([`crate::model::Entry`]) only when they are its own.
    pub fn keys(&self) -> LexiconKeys {
        self.keys
    }

    /// The gazetteer symbols of distinct word `word`, as the run vocabulary
    /// answered (see [`TokenizedText::keys`]).
    #[inline]
    pub fn alias_symbols(&self, word: u32) -> &[u32] {
        match self.answered[word as usize].aliases() {
            false => &[],
            true => &self.words[word as usize].entry().alias_symbols,
        }
    }

    /// The frame terms of distinct word `word`, as the run vocabulary
    /// answered (see [`TokenizedText::keys`]).
    #[inline]
    pub fn frame_terms(&self, word: u32) -> &[u32] {
        match self.answered[word as usize].terms() {
            false => &[],
            true => &self.words[word as usize].entry().frame_terms,
        }
    }
}

struct Builder<'a> {
    analyzer: &'a Analyzer,
    out: TokenizedText<'a>,
    /// The article's words by surface: their index in `keys`, and later in
    /// `out.words`.
    ids: SurfaceTable<u32>,
    /// Each word's key, its surface in `surfaces`.
    keys: Vec<LocalKey>,
    surfaces: String,
}

/// A [`SurfaceKey`] whose surface is kept in the builder's `surfaces`
/// (`short` is 0 when the surface is longer than 16 bytes).
struct LocalKey {
    hash: u64,
    short: u128,
    start: u32,
    end: u32,
}

/// A table by normalised surface. A surface of up to 16 bytes (most words)
/// is kept in the slot itself, so finding it again compares two registers
/// instead of following a pointer to its text and calling `memcmp`.
struct SurfaceTable<V> {
    slots: hashbrown::HashTable<Slot<V>>,
}

struct Slot<V> {
    hash: u64,
    /// The surface, zero-padded, when it is at most 16 bytes.
    short: u128,
    len: u32,
    value: V,
}

impl<V> SurfaceTable<V> {
    fn with_capacity(n: usize) -> SurfaceTable<V> {
        SurfaceTable { slots: hashbrown::HashTable::with_capacity(n) }
    }

    /// The value of a surface; `is_long` tells whether a value's surface is
    /// the key's when that is longer than 16 bytes.
    fn get(&self, key: &SurfaceKey, is_long: impl Fn(&V) -> bool) -> Option<&V> {
        self.slots
            .find(key.hash, |s| key.is(s.short, s.len, || is_long(&s.value)))
            .map(|s| &s.value)
    }

    /// Adds a surface that is not in the table.
    fn insert(&mut self, key: &SurfaceKey, value: V) {
        let len = key.surface.len() as u32;
        let slot = Slot { hash: key.hash, short: key.short.unwrap_or(0), len, value };
        self.slots.insert_unique(key.hash, slot, |s| s.hash);
    }
}

impl<'a> Builder<'a> {
    /// The surface of an article's word.
    fn surface(&self, id: u32) -> &str {
        let key = &self.keys[id as usize];
        &self.surfaces[key.start as usize..key.end as usize]
    }

    /// The article's id of a normalised surface.
    fn intern(&mut self, surface: &str) -> u32 {
        let key = self.analyzer.vocabulary.key(surface);
        if let Some(&id) = self.ids.get(&key, |&id| self.surface(id) == surface) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(&key, id);
        let start = self.surfaces.len() as u32;
        self.surfaces.push_str(surface);
        let end = self.surfaces.len() as u32;
        self.keys.push(LocalKey { hash: key.hash, short: key.short.unwrap_or(0), start, end });
        id
    }

    /// The article's words, by id, from the run's vocabulary.
    fn words(&mut self) {
        let keys = self.keys.iter().map(|k| SurfaceKey {
            surface: &self.surfaces[k.start as usize..k.end as usize],
            hash: k.hash,
            short: (k.end - k.start <= 16).then_some(k.short),
        });
        let (words, answered) = (&mut self.out.words, &mut self.out.answered);
        self.analyzer.vocabulary.entries(keys, words, answered);
    }

    fn segment(&mut self, segment: &str, base: usize) {
        let bounds = sentences::sentence_bounds(segment);
        let mut next_bound = 0;
        // Whether the sentence the current token stands in has been added to
        // `out.sentences`: a sentence is added at its first token, so one
        // without a token (a line of punctuation alone) is never added.
        let mut sentence_open = false;
        let mut surface = String::new();
        // Compound tracking: the token index where the current run starts,
        // and whether the previous token may continue into a compound.
        let mut run_start: Option<usize> = None;
        let mut prev_end_full: Option<usize> = None;
        // the word pieces that hold a letter or digit: the tokens
        words::word_pieces(segment, |offset, end, plain| {
            let piece = &segment[offset..end];
            while next_bound < bounds.len() && bounds[next_bound] <= offset {
                next_bound += 1;
                sentence_open = false;
            }
            // a possessive needs an apostrophe, which a plain piece lacks
            let plen = if plain { 0 } else { possessive_len(piece) };
            // an invisible character before a possessive is not the word's
            // (a piece never ends with one)
            let core = match plen {
                0 => piece,
                _ => piece[..piece.len() - plen].trim_end_matches(is_invisible),
            };
            let word = if plain || is_normal_ascii(core) {
                self.intern(core)
            } else {
                normalize_word(core, &mut surface);
                self.intern(&surface)
            };
            if !sentence_open {
                let start = if next_bound == 0 { 0 } else { bounds[next_bound - 1] };
                let end = bounds.get(next_bound).copied().unwrap_or(segment.len());
                self.out.sentences.push(Span::new(base + start, base + end));
                sentence_open = true;
            }
            let index = self.out.tokens.len();
            // A compound continues when exactly one hyphen separates this word
            // from a previous word that had no possessive (invisible
            // characters aside).
            let joined = prev_end_full.is_some_and(|prev_end| {
                let gap = &segment[prev_end..offset];
                if gap.is_ascii() {
                    return gap == "-";
                }
                let mut chars = gap.chars().filter(|&c| !is_invisible(c));
                matches!((chars.next(), chars.next()), (Some(c), None) if is_hyphen(c))
            });
            if !joined {
                self.close_compound(run_start.take());
                run_start = Some(index);
            }
            self.out.tokens.push(Token {
                start: (base + offset) as u32,
                end: (base + offset + core.len()) as u32,
                word,
                sentence: (self.out.sentences.len() - 1) as u32,
                quote: NONE,
                compound: NONE,
            });
            prev_end_full = if plen == 0 { Some(offset + piece.len()) } else { None };
        });
        self.close_compound(run_start);
    }

    /// Records tokens `first..` (to the last token) as a compound if they are
    /// two or more.
    fn close_compound(&mut self, first: Option<usize>) {
        let Some(first) = first else { return };
        let last = self.out.tokens.len().saturating_sub(1);
        if self.out.tokens.is_empty() || last <= first {
            return;
        }
        let mut joined = String::new();
        for t in &self.out.tokens[first..=last] {
            joined.push_str(self.surface(t.word));
        }
        let word = self.intern(&joined);
        let id = self.out.compounds.len() as u32;
        self.out.compounds.push(Compound { first: first as u32, last: last as u32, word });
        for t in &mut self.out.tokens[first..=last] {
            t.compound = id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Voice;

    /// Folded words of the tokens.
    fn words(text: &str) -> Vec<String> {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize(text);
        t.tokens.iter().map(|tok| t.word(tok).folded.clone()).collect()
    }

    /// Original text of each token.
    fn surfaces(text: &str) -> Vec<String> {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize(text);
        t.tokens.iter().map(|tok| text[tok.span().start..tok.span().end].to_string()).collect()
    }

    #[test]
    fn token_table() {
        // (input, folded tokens): worked out by reading the text.
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   \n\n ", &[]),
            ("Russia’s troops", &["russia", "troops"]),
            ("Putin's aides", &["putin", "aides"]),
            ("the peacekeepers’ exit", &["the", "peacekeepers", "exit"]),
            ("peace-keeping force", &["peace", "keeping", "force"]),
            ("ethnic-Armenia militia", &["ethnic", "armenia", "militia"]),
            ("a pro-Russian figure", &["a", "pro", "russian", "figure"]),
            ("1,960 personnel", &["1,960", "personnel"]),
            ("former U.S. Ambassador", &["former", "u.s", "ambassador"]),
            ("Gen. Ivanov", &["gen", "ivanov"]),
            ("peace\u{AD}keepers left", &["peacekeepers", "left"]),
            ("Пашиняна и Путина", &["пашиняна", "и", "путина"]),
            ("Փաշինյանի կառավարություն", &["փաշինյանի", "կառավարություն"]),
            ("don’t stop", &["don't", "stop"]),
            ("on 19–20 September", &["on", "19", "20", "september"]),
            ("“occupation”", &["occupation"]),
        ];
        for (input, want) in cases {
            assert_eq!(words(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn articles_share_each_word_of_the_analyzer() {
        let analyzer = Analyzer::new("en");
        let long = "internationalisation"; // 20 bytes: not kept inline
        let first = analyzer.tokenize(&format!("Troops left {long} behind."));
        let second = analyzer.tokenize(&format!("{long}: troops and Troops."));
        let word = |t: &TokenizedText, surface: &str| -> *const Word {
            &**t.words.iter().find(|w| w.surface == surface).expect(surface)
        };
        for surface in ["Troops", long] {
            assert_eq!(word(&first, surface), word(&second, surface), "{surface}");
        }
        // same fold and stem, yet another surface: a word of its own
        assert_ne!(word(&second, "troops"), word(&second, "Troops"));
        assert_eq!(second.words.len(), 4, "internationalisation, troops, and, Troops");
    }

    #[test]
    fn words_past_the_vocabulary_limit_are_the_articles_own() {
        let analyzer = Analyzer::new("en").with_limit(3);
        let first = analyzer.tokenize("Troops left the troops");
        // Troops, left, the are kept; troops is the fourth
        let shared: Vec<bool> =
            first.words.iter().map(|w| matches!(w, WordRef::Shared(_))).collect();
        assert_eq!(shared, [true, true, true, false]);
        let own = &first.words[3];
        assert_eq!(
            (own.surface.as_str(), own.folded.as_str(), own.stem.as_str()),
            ("troops", "troops", "troop")
        );
        let second = analyzer.tokenize("troops left");
        assert!(matches!(second.words[0], WordRef::Own(_)), "still not kept");
        assert!(std::ptr::eq(&*second.words[1], &*first.words[1]), "left is shared");
    }

    #[test]
    fn words_in_later_chunks_are_shared_and_stay_right() {
        // 5,000 distinct words fill chunks 0, 1 and part of 2
        let analyzer = Analyzer::new("en");
        let text: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
        let first = analyzer.tokenize(&text.join(" "));
        let second = analyzer.tokenize(&text.iter().rev().cloned().collect::<Vec<_>>().join(" "));
        assert_eq!(first.words.len(), 5000);
        for (i, w) in first.words.iter().enumerate() {
            assert_eq!(w.surface, format!("w{i}x"));
            let again = &second.words[4999 - i];
            assert!(std::ptr::eq(&**w, &**again), "w{i}x");
            assert!(matches!(w, WordRef::Shared(_)));
        }
    }

    #[test]
    fn possessive_is_outside_the_token_span() {
        assert_eq!(surfaces("Nagorno-Karabakh’s future"), ["Nagorno", "Karabakh", "future"]);
        assert_eq!(surfaces("Putin's"), ["Putin"]);
    }

    #[test]
    fn invisible_characters_neither_split_nor_hide_words() {
        // issue 17, item 6: (text, folded tokens, each token's original text)
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("Kara\u{FEFF}bakh", &["karabakh"], &["Kara\u{FEFF}bakh"]),
            ("Pashin\u{2060}yan said", &["pashinyan", "said"], &["Pashin\u{2060}yan", "said"]),
            ("\u{202B}Karabakh\u{202C} now", &["karabakh", "now"], &["Karabakh", "now"]),
            ("Kara\u{200B}bakh", &["karabakh"], &["Kara\u{200B}bakh"]),
            ("\u{FEFF}Karabakh", &["karabakh"], &["Karabakh"]),
            ("x \u{200E}Baku\u{200F}.", &["x", "baku"], &["x", "Baku"]),
            ("\u{2066}Pashinyan\u{2069}\u{2019}s", &["pashinyan"], &["Pashinyan"]),
            ("Russia\u{200B}'s", &["russia"], &["Russia"]),
            ("Nagorno\u{200B}-Karabakh", &["nagorno", "karabakh"], &["Nagorno", "Karabakh"]),
            ("a\u{200D}b a\u{200C}b", &["ab", "ab"], &["a\u{200D}b", "a\u{200C}b"]),
            // Persian "mi-khaham" (I want): one word with its ZWNJ
            (
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
                &["\u{645}\u{6CC}\u{62E}\u{648}\u{627}\u{647}\u{645}"],
                &["\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}"],
            ),
        ];
        for (text, want_words, want_surfaces) in cases {
            assert_eq!(words(text), *want_words, "words of {text:?}");
            assert_eq!(surfaces(text), *want_surfaces, "spans of {text:?}");
        }
        // the hyphen after a zero-width space still joins a compound
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize("Nagorno\u{200B}-Karabakh");
        assert_eq!(t.compounds.len(), 1);
        assert_eq!(t.words[t.compounds[0].word as usize].folded, "nagornokarabakh");
    }

    #[test]
    fn compounds_join_their_parts() {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize("the peace-keeping and Russian-Armenian-led force");
        let joined: Vec<&str> =
            t.compounds.iter().map(|c| t.words[c.word as usize].folded.as_str()).collect();
        assert_eq!(joined, ["peacekeeping", "russianarmenianled"]);
        assert_eq!((t.compounds[0].first, t.compounds[0].last), (1, 2));
        assert_eq!((t.compounds[1].first, t.compounds[1].last), (4, 6));
        assert_eq!(t.tokens[0].compound, NONE);
        assert_eq!(t.tokens[5].compound, 1);
    }

    #[test]
    fn spaced_dash_and_possessive_do_not_join() {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize("Baku - Moscow and Russia's-backed");
        assert!(t.compounds.is_empty());
    }

    #[test]
    fn stems_are_snowball_english() {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize("occupied occupation occupying");
        let stems: Vec<&str> = t.tokens.iter().map(|tok| t.word(tok).stem.as_str()).collect();
        assert_eq!(stems, ["occupi", "occup", "occupi"]);
        // stemmed once per distinct word
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize("troops troops Troops");
        assert_eq!(t.words.len(), 2);
    }

    #[test]
    fn russian_stems_and_unknown_language() {
        let analyzer = Analyzer::new("ru");
        let t = analyzer.tokenize("Карабаха");
        assert_eq!(t.words[0].stem, "карабах");
        let hy = Analyzer::new("hy");
        assert!(!hy.stems());
        assert_eq!(hy.tokenize("Փաշինյանի").words[0].stem, "փաշինյանի");
    }

    #[test]
    fn sentences_do_not_end_after_abbreviations() {
        let count = |s: &str| Analyzer::new("en").tokenize(s).sentences.len();
        assert_eq!(count("Gen. Ivanov arrived. He left."), 2);
        assert_eq!(count("Mr. Pashinyan said no. Then he went."), 2);
        assert_eq!(count("The former U.S. Ambassador spoke."), 1);
        assert_eq!(count("On Sept. 19, 2023, Baku struck. It was quick."), 2);
        assert_eq!(count("John F. Kennedy spoke."), 1);
        assert_eq!(count("Headline\nBody text here."), 2);
        assert_eq!(count("It is over. No. 1 is gone."), 2);
        assert_eq!(count("Gen.\u{200B} Ivanov arrived.\u{202C} He left."), 2);
        assert_eq!(count(""), 0);
    }

    #[test]
    fn tokens_know_their_sentence() {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize("A b. C d.");
        let s: Vec<u32> = t.tokens.iter().map(|tok| tok.sentence).collect();
        assert_eq!(s, [0, 0, 1, 1]);
        assert_eq!(t.sentences[1], Span::new(5, 9));
    }

    fn voices(text: &str) -> Vec<(String, Voice)> {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize(text);
        t.tokens.iter().map(|tok| (t.word(tok).folded.clone(), t.voice(tok, tok.span()))).collect()
    }

    fn voice_of(text: &str, word: &str) -> Voice {
        voices(text).into_iter().find(|(w, _)| w == word).expect("word in text").1
    }

    #[test]
    fn voice_table() {
        use Voice::*;
        let cases: &[(&str, &str, Voice)] = &[
            ("a Russian “occupation” began", "occupation", Scare),
            ("a Russian “occupation” began", "russian", Own),
            ("Russian ‘peacekeepers’ left", "peacekeepers", Scare),
            ("Russia’s troops", "russia", Own),
            ("viewed as a “traitor”; even", "traitor", Scare),
            ("he said “the troops will stay until 2025” today", "troops", Quote),
            (
                "he said “the reported 2,000 Russian ‘peacekeepers’ to remain”",
                "peacekeepers",
                Scare,
            ),
            ("he said “the reported 2,000 Russian ‘peacekeepers’ to remain”", "reported", Quote),
            ("\"There is no need for the 'peacekeepers' here,\" he said", "peacekeepers", Scare),
            ("\"There is no need for the 'peacekeepers' here,\" he said", "need", Quote),
            ("the peacekeepers’ control, and ‘top echelons of power’", "control", Own),
            ("the peacekeepers’ control, and ‘top echelons of power’", "echelons", Quote),
            ("« occupation » ici", "occupation", Scare),
            ("„Besatzung“ sagte er", "besatzung", Scare),
            ("an unclosed “quote runs on\nto the next line", "line", Own),
            ("an unclosed “quote runs on\nto the next line", "quote", Own),
            ("“first paragraph of a long quote\n“second part of it.”", "paragraph", Quote),
            ("don't 'worry' now", "worry", Scare),
            ("don't 'worry' now", "don't", Own),
            // a bidi control before or after a mark changes nothing (issue 17)
            ("don't \u{202B}'worry'\u{202C} now", "worry", Scare),
        ];
        for (text, word, want) in cases {
            assert_eq!(voice_of(text, word), *want, "{word} in {text:?}");
        }
    }

    #[test]
    fn quotations_nest_with_word_counts() {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize("He said “the ‘peacekeepers’ must go now” today");
        assert_eq!(t.quotes.len(), 2);
        assert_eq!(t.quotes[0].words, 5);
        assert_eq!(t.quotes[1].words, 1);
        assert_eq!(t.quotes[1].parent, 0);
        assert_eq!(t.quotes[0].parent, NONE);
    }

    #[test]
    fn kept_spans_exclude_cut_text() {
        let text = "Keep this. DROP THAT. Keep more.";
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize_kept(text, &[Span::new(0, 10), Span::new(21, 32)]);
        let w: Vec<&str> = t.tokens.iter().map(|tok| t.word(tok).folded.as_str()).collect();
        assert_eq!(w, ["keep", "this", "keep", "more"]);
        assert_eq!(t.sentences.len(), 2);
    }
}

#[cfg(test)]
mod proptests {
    use super::quotes::quote_step;
    use super::*;
    use proptest::prelude::*;

    fn texty() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Russia",
            "’s",
            "'s",
            "peace",
            "-",
            "keeping",
            " ",
            "  ",
            ".",
            "Gen.",
            "U.S.",
            "“",
            "”",
            "‘",
            "’",
            "\"",
            "'",
            "\n",
            "\u{AD}",
            "\u{A0}",
            "1,960",
            "Пашинян",
            "Փաշինյան",
            "e\u{301}",
            "—",
            "(",
            ")",
            "«",
            "»",
            "„",
            "x",
            "\u{2028}",
            "\r\n",
            "\u{85}",
            "‚",
            "\u{2019}s",
            "\u{200B}",
            "\u{202B}",
            "\u{FEFF}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    /// The quotation scan without the jump: every character visited.
    fn find_quotes_every_char(segment: &str, base: usize) -> Vec<Span> {
        let (mut stack, mut spans) = (Vec::new(), Vec::new());
        let mut prev = None;
        for (i, c) in segment.char_indices() {
            let next = segment[i + c.len_utf8()..].chars().find(|&n| !is_invisible(n));
            quote_step(segment, base, (i, c), prev, next, &mut stack, &mut spans);
            if !is_invisible(c) {
                prev = Some(c);
            }
        }
        spans
    }

    fn quotes_of(segment: &str, base: usize) -> Vec<Span> {
        let mut spans = Vec::new();
        find_quotes(segment, base, &mut spans);
        spans
    }

    proptest! {
        #[test]
        fn quote_scan_jumps_only_over_characters_that_do_nothing(text in texty(), any in ".{0,120}") {
            prop_assert_eq!(quotes_of(&text, 7), find_quotes_every_char(&text, 7));
            prop_assert_eq!(quotes_of(&any, 0), find_quotes_every_char(&any, 0));
        }

        #[test]
        fn offsets_slice_the_original(text in texty()) {
            let analyzer = Analyzer::new("en");
            let t = analyzer.tokenize(&text);
            let mut surface = String::new();
            for tok in &t.tokens {
                let original = &text[tok.start as usize..tok.end as usize];
                normalize_word(original, &mut surface);
                prop_assert_eq!(&surface, &t.word(tok).surface);
                prop_assert!(t.sentences[tok.sentence as usize].contains(tok.span()));
            }
            for q in &t.quotes {
                prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            }
        }

        #[test]
        fn one_word_per_distinct_surface(
            words in proptest::collection::vec("[aAbé]{1,3}x{0,18}[aAbé]{0,2}", 1..60)
        ) {
            // lengths from 1 to 26 bytes: on both sides of the 16 bytes kept inline
            let analyzer = Analyzer::new("en");
            let t = analyzer.tokenize(&words.join(" "));
            prop_assert_eq!(t.tokens.len(), words.len());
            let mut distinct = std::collections::HashSet::new();
            for w in &t.words {
                prop_assert!(distinct.insert(w.surface.as_str()), "{} twice", w.surface);
            }
            for (tok, word) in t.tokens.iter().zip(&words) {
                prop_assert_eq!(&t.word(tok).surface, word);
            }
        }

        #[test]
        fn never_panics_on_any_text(text in ".{0,200}") {
            let analyzer = Analyzer::new("en");
            let t = analyzer.tokenize(&text);
            for tok in &t.tokens {
                prop_assert!(tok.start < tok.end);
                prop_assert!(text.get(tok.start as usize..tok.end as usize).is_some());
            }
        }
    }
}
