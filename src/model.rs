//! Plain data shared by the stages of the pipeline: articles and their
//! metadata, spans, tokens and words, quotations, mentions, hits and an
//! article's result. No stage's code lives here, and nothing is imported
//! from the rest of the crate, so every stage can use these types without a
//! cycle. What belongs to one stage lives with it instead: an article's
//! tokens ([`TokenizedText`](crate::tokenize::TokenizedText)) with the
//! tokenizer that makes them, the voice rule read from them in
//! [`crate::voice`], a frame hit ([`FrameHit`](crate::frames::FrameHit))
//! with the frames.
//!
//! Offsets are byte offsets into an article's decoded original text
//! ([`Article::text`]): normalisation never changes them, so every count can be
//! traced back to the exact characters it came from (SPEC §3, §7 `hits.csv`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An article's metadata (SPEC §2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// Stable id: the manifest's or row's `id`, else the file path relative to
    /// the corpus folder (with `/` separators).
    pub id: String,
    /// Where the text came from: the path relative to the corpus folder.
    pub file: String,
    /// The outlet id, e.g. `mei`.
    pub outlet: String,
    /// ISO 8601 date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// The headline, reported but not counted.
    pub title: Option<String>,
    /// Where the article was published.
    pub url: Option<String>,
    /// Authors, as given.
    pub authors: Option<String>,
    /// ISO 639-1 language code; `en` when not given.
    pub language: String,
    /// The outlet's group (state media, independent, …): the manifest's or
    /// collection's `group` cell, for `--by group`; `None` when not given.
    #[serde(default)]
    pub group: Option<String>,
}

/// An article: its metadata and its decoded original text.
#[derive(Clone, Debug)]
pub struct Article {
    /// Metadata.
    pub meta: ArticleMeta,
    /// The decoded text, exactly as read (after decoding to UTF-8).
    pub text: String,
}

/// A half-open byte range `start..end` of an article's original text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span holds no byte.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies within this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A stretch of text removed as boilerplate before tokenizing (SPEC §3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cut {
    /// The id of the boilerplate rule that matched.
    pub rule: String,
    /// What was cut, in the original text.
    pub span: Span,
    /// Number of characters (Unicode scalar values) cut.
    pub chars: usize,
    /// The text cut, as in the original.
    pub text: String,
}

/// Sentinel for "none" in the compact `u32` links of [`Token`].
pub const NONE: u32 = u32::MAX;

/// One word token (SPEC §3): a Unicode word that holds a letter or a digit.
///
/// A hyphenated compound such as `peace-keeping` is two tokens (`peace`,
/// `keeping`) that share a [`Compound`], whose joined form `peacekeeping` is
/// matched as well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Start byte in the original text.
    pub start: u32,
    /// End byte in the original text; a possessive `'s` is not included.
    pub end: u32,
    /// Index of the token's word in
    /// [`TokenizedText::words`](crate::tokenize::TokenizedText::words).
    pub word: u32,
    /// Index of its sentence in
    /// [`TokenizedText::sentences`](crate::tokenize::TokenizedText::sentences).
    pub sentence: u32,
    /// Index of the innermost quotation around it in
    /// [`TokenizedText::quotes`](crate::tokenize::TokenizedText::quotes), or [`NONE`].
    pub quote: u32,
    /// Index of the hyphenated compound it is part of in
    /// [`TokenizedText::compounds`](crate::tokenize::TokenizedText::compounds), or [`NONE`].
    pub compound: u32,
}

impl Token {
    /// The token's span in the original text.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// A distinct word of an article, normalised once and stemmed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The normalised surface: NFC, apostrophes folded to `'`, invisible
    /// characters ([`is_invisible`](crate::normalize::is_invisible)) removed, possessive `'s` stripped, case kept (for exact-case aliases).
    pub surface: String,
    /// The case-folded surface: what matching compares.
    pub folded: String,
    /// The Snowball stem of `folded`, in the article's language.
    pub stem: String,
}

/// A word of a run with what the run's lexicons say of it, worked out
/// once, when the run's vocabulary first meets the word
/// ([`crate::vocab`]): the gazetteer's symbols for it (the alias words it
/// is, or begins) and the frame terms it matches. Both lists are sorted and
/// hold no repeats; both are empty for a vocabulary without lexicons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The word.
    pub word: Word,
    /// The gazetteer's symbols for the word.
    pub alias_symbols: Box<[u32]>,
    /// The frame terms the word matches.
    pub frame_terms: Box<[u32]>,
}

/// A word of an article: borrowed from the run's vocabulary, or the
/// article's own when the vocabulary keeps no more (see
/// [`VOCABULARY_LIMIT`](crate::vocab::VOCABULARY_LIMIT)).
#[derive(Clone, Debug)]
pub enum WordRef<'a> {
    /// A word shared by the articles of a run.
    Shared(&'a Entry),
    /// A word of this article alone.
    Own(Box<Entry>),
}

impl WordRef<'_> {
    /// The word and what the lexicons say of it.
    #[inline]
    pub fn entry(&self) -> &Entry {
        match self {
            WordRef::Shared(entry) => entry,
            WordRef::Own(entry) => entry,
        }
    }
}

impl std::ops::Deref for WordRef<'_> {
    type Target = Word;

    fn deref(&self) -> &Word {
        &self.entry().word
    }
}

/// A hyphenated compound: tokens `first..=last` joined by hyphens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compound {
    /// Index of the first part token.
    pub first: u32,
    /// Index of the last part token.
    pub last: u32,
    /// Index of the joined word (`peacekeeping`) in
    /// [`TokenizedText::words`](crate::tokenize::TokenizedText::words).
    pub word: u32,
}

/// A quotation: from its opening mark to its closing mark, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// The span, marks included.
    pub span: Span,
    /// Word tokens inside.
    pub words: u32,
    /// Index of the quotation that encloses this one, or [`NONE`].
    pub parent: u32,
}

/// Whose words a hit is in (SPEC §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Voice {
    /// The author's own words.
    Own,
    /// Inside a quotation of more than three words: attributed speech.
    Quote,
    /// Inside quotation marks around at most three words: scare quotes.
    Scare,
}

impl Voice {
    /// The name written in the tables: `own`, `quote` or `scare`.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Quote => "quote",
            Voice::Scare => "scare",
        }
    }
}

impl fmt::Display for Voice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mention of a gazetteer entity (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Index of the entity in the gazetteer.
    pub entity: u32,
    /// Index of the alias that matched: the naming variant.
    pub alias: u32,
    /// First token of the mention.
    pub first: u32,
    /// Last token of the mention (inclusive).
    pub last: u32,
    /// The mention in the original text.
    pub span: Span,
    /// Whose words it is in.
    pub voice: Voice,
    /// Index of its sentence.
    pub sentence: u32,
}

/// What a hit counts: an entity mention or a frame hit.
/// The typed index of an entity in the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub u32);

/// The typed index of an alias in the gazetteer (its naming variant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AliasId(pub u32);

/// The typed index of a frame in the frame lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FrameId(pub u32);

/// The typed index of a pattern within its frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PatternId(pub u32);

/// What the typed indexes share: the number inside.
pub trait Id: Copy {
    /// The index as stored.
    fn get(self) -> u32;

    /// The index, for a table of the lexicon.
    fn index(self) -> usize {
        self.get() as usize
    }
}

macro_rules! index {
    ($($id:ident),*) => {$(
        impl Id for $id {
            fn get(self) -> u32 {
                self.0
            }
        }
    )*};
}
index!(EntityId, AliasId, FrameId, PatternId);

/// One counted stretch of an article (a row of `hits.csv`): the `item`
/// found (an entity or a frame) by its `pattern` (the alias or the frame's
/// pattern that matched). See [`EntityFound`] and [`FrameFound`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found<I, P> {
    /// The entity or frame.
    pub item: I,
    /// The alias or pattern that matched.
    pub pattern: P,
    /// Whose words it is in.
    pub voice: Voice,
    /// Index of the sentence it stands in (0-based).
    pub sentence: u32,
    /// Where it is in the original text.
    pub span: Span,
    /// The hit in its context, for `hits.csv`, `kwic` and `explain`: worked
    /// out from the article's text by `analyze::add_context` only when
    /// something shows it, and never kept in the cache. Boxed, so that a hit
    /// without it (all of them during the analysis) takes 40 bytes, not 104:
    /// a huge article may have millions (issue 17).
    #[serde(skip)]
    pub context: Option<Box<Kwic>>,
}

/// An entity mention of an article: the entity and the alias that named it.
pub type EntityFound = Found<EntityId, AliasId>;

/// A frame hit of an article: the frame and its pattern that matched.
pub type FrameFound = Found<FrameId, PatternId>;

impl<I, P> Found<I, P> {
    /// The hit in its context, or an empty one when it was not put in
    /// context (see `analyze::add_context`).
    pub fn kwic(&self) -> &Kwic {
        const NO_CONTEXT: &Kwic =
            &Kwic { left: String::new(), matched: String::new(), right: String::new() };
        self.context.as_deref().unwrap_or(NO_CONTEXT)
    }
}

/// A mention or a frame hit: what shows both in one list, in text order
/// ([`ArticleResult::in_text_order`]).
#[derive(Clone, Copy, Debug)]
pub enum AnyFound<'a> {
    /// An entity mention.
    Entity(&'a EntityFound),
    /// A frame hit.
    Frame(&'a FrameFound),
}

impl<'a> AnyFound<'a> {
    /// `entity` or `frame`, as written in `hits.csv`.
    pub fn kind(&self) -> &'static str {
        match self {
            AnyFound::Entity(_) => "entity",
            AnyFound::Frame(_) => "frame",
        }
    }

    /// Where it is in the original text.
    pub fn span(&self) -> Span {
        match self {
            AnyFound::Entity(m) => m.span,
            AnyFound::Frame(h) => h.span,
        }
    }

    /// Index of its sentence (0-based).
    pub fn sentence(&self) -> u32 {
        match self {
            AnyFound::Entity(m) => m.sentence,
            AnyFound::Frame(h) => h.sentence,
        }
    }

    /// Whose words it is in.
    pub fn voice(&self) -> Voice {
        match self {
            AnyFound::Entity(m) => m.voice,
            AnyFound::Frame(h) => h.voice,
        }
    }

    /// It in its context (empty when it was not put in context).
    pub fn kwic(&self) -> &'a Kwic {
        match self {
            AnyFound::Entity(m) => m.kwic(),
            AnyFound::Frame(h) => h.kwic(),
        }
    }

    /// Where it stands, and the order of the list: by start, then
    /// mentions before frame hits, then by entity or frame, then by end.
    fn order(&self) -> (usize, u8, u32, usize) {
        match self {
            AnyFound::Entity(m) => (m.span.start, 0, m.item.0, m.span.end),
            AnyFound::Frame(h) => (h.span.start, 1, h.item.0, h.span.end),
        }
    }
}

/// A hit in its context (keyword in context).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kwic {
    /// Text before the hit (whitespace collapsed).
    pub left: String,
    /// The original text of the hit.
    pub matched: String,
    /// Text after the hit (whitespace collapsed).
    pub right: String,
}

/// What the analysis of one article yields, ready to aggregate.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArticleResult {
    /// The article's metadata.
    pub meta: ArticleMeta,
    /// Characters of the original text.
    pub chars: usize,
    /// Word tokens after boilerplate was cut (the base of every rate).
    pub tokens: usize,
    /// Of `tokens`, those inside no quotation: the author's own words, the
    /// base of `per_1k_own` (SPEC §11).
    pub tokens_own: usize,
    /// Sentences after boilerplate was cut.
    pub sentences: usize,
    /// What was cut as boilerplate.
    pub cuts: Vec<Cut>,
    /// SHA-256 of the source file's bytes (hex), for `run.json`.
    pub sha256: String,
    /// Entity mentions, in text order (by start, entity, end).
    pub mentions: Vec<EntityFound>,
    /// Frame hits, in text order (by start, frame, end).
    pub frame_hits: Vec<FrameFound>,
}

impl ArticleResult {
    /// Characters cut as boilerplate.
    pub fn boilerplate_chars(&self) -> usize {
        self.cuts.iter().map(|c| c.chars).sum()
    }

    /// Mentions and frame hits in one list, in text order: by start, then
    /// mentions before frame hits, then by entity or frame, then by end.
    pub fn in_text_order(&self) -> impl Iterator<Item = AnyFound<'_>> {
        let mut mentions = self.mentions.iter().map(AnyFound::Entity).peekable();
        let mut frames = self.frame_hits.iter().map(AnyFound::Frame).peekable();
        std::iter::from_fn(move || match (mentions.peek(), frames.peek()) {
            (Some(m), Some(f)) if f.order() < m.order() => frames.next(),
            (Some(_), _) => mentions.next(),
            (None, _) => frames.next(),
        })
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;

    #[test]
    fn mentions_and_frame_hits_merge_by_start_then_mentions_first() {
        let f = |item, start, end| Found {
            item: FrameId(item),
            pattern: PatternId(0),
            voice: Voice::Own,
            sentence: 0,
            span: Span::new(start, end),
            context: None,
        };
        let e = |item, start, end| Found {
            item: EntityId(item),
            pattern: AliasId(0),
            voice: Voice::Own,
            sentence: 0,
            span: Span::new(start, end),
            context: None,
        };
        let r = ArticleResult {
            meta: ArticleMeta::default(),
            chars: 0,
            tokens: 0,
            tokens_own: 0,
            sentences: 0,
            cuts: Vec::new(),
            sha256: String::new(),
            // each list in its own order: by start, item, end
            mentions: vec![e(3, 0, 6), e(1, 10, 16), e(2, 10, 20), e(0, 40, 45)],
            frame_hits: vec![f(0, 2, 8), f(1, 10, 12), f(0, 30, 35), f(5, 50, 55)],
        };
        let got: Vec<(&str, usize)> =
            r.in_text_order().map(|h| (h.kind(), h.span().start)).collect();
        // at start 10 both mentions come before the frame hit
        assert_eq!(
            got,
            [
                ("entity", 0),
                ("frame", 2),
                ("entity", 10),
                ("entity", 10),
                ("frame", 10),
                ("frame", 30),
                ("entity", 40),
                ("frame", 50)
            ]
        );
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    #[test]
    fn a_hit_without_its_context_is_small() {
        // span 16, context pointer 8, three u32 12, voice 1: 37, padded
        assert_eq!(std::mem::size_of::<super::EntityFound>(), 40);
        assert_eq!(std::mem::size_of::<super::FrameFound>(), 40);
    }
}
