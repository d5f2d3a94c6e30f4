//! One article through every stage: boilerplate, tokens, entities, frames.

use std::collections::HashMap;
use std::sync::Arc;

use crate::boilerplate::kept_spans;
use crate::frames::{Scratch, StemTerms, Terms};
use crate::gazetteer::AliasWords;
use crate::lexicon::Lexicons;
use crate::model::{
    AliasId, Article, ArticleResult, Cut, EntityId, Entry, Found, FrameId, Kwic, Mention,
    PatternId, Span, Word,
};
use crate::tokenize::{Analyzer, TokenizedText, stemmer_algorithm};
use crate::vocab::{Annotate, LexiconKeys};

/// Characters of context on each side of a hit in `hits.csv`.
pub const CONTEXT_CHARS: usize = 60;

/// One [`Analyzer`] per language, built once (tantivy's tokenizer manager).
#[derive(Debug)]
pub struct Analyzers {
    by_language: HashMap<String, Analyzer>,
    fallback: Analyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers::new()
    }
}

/// The languages with a Snowball stemmer.
const STEMMED: [&str; 20] = [
    "ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "no", "nb", "nn", "pt", "ro", "ru",
    "es", "sv", "ta", "tr",
];

impl Analyzers {
    /// Analyzers for every language with a Snowball stemmer, and one without
    /// stemming for the rest; their words carry no lexicon's answers.
    pub fn new() -> Analyzers {
        let by_language = STEMMED
            .iter()
            .filter(|c| stemmer_algorithm(c).is_some())
            .map(|c| (c.to_string(), Analyzer::new(c)))
            .collect();
        Analyzers { by_language, fallback: Analyzer::new("") }
    }

    /// The same, each with a run vocabulary that asks `lexicons` about each
    /// new word once (its alias symbols and frame terms).
    pub fn for_lexicons(lexicons: &Lexicons) -> Analyzers {
        let make = |code: &str| {
            // the stem terms of the language, each pattern word stemmed once
            let stemmer = Analyzer::new(code);
            let terms = lexicons.frames.terms();
            let words = LexiconWords {
                aliases: Arc::clone(lexicons.gazetteer.words()),
                terms: Arc::clone(terms),
                stems: terms.stem_terms(|w| stemmer.stem(w)),
            };
            Analyzer::with_annotator(code, Box::new(words))
        };
        let by_language = STEMMED
            .iter()
            .filter(|c| stemmer_algorithm(c).is_some())
            .map(|c| (c.to_string(), make(c)))
            .collect();
        Analyzers { by_language, fallback: make("") }
    }

    /// The analyzer of a language; the non-stemming one when it has none.
    pub fn get(&self, language: &str) -> &Analyzer {
        self.by_language.get(language).unwrap_or(&self.fallback)
    }
}

/// What a run vocabulary asks the lexicons about each new word, in one
/// language.
struct LexiconWords {
    aliases: Arc<AliasWords>,
    terms: Arc<Terms>,
    stems: StemTerms,
}

impl Annotate for LexiconWords {
    fn keys(&self) -> LexiconKeys {
        LexiconKeys { aliases: self.aliases.key(), terms: self.terms.key() }
    }

    fn annotate(&self, word: Word) -> Entry {
        Entry {
            alias_symbols: self.aliases.symbols(&word),
            frame_terms: self.terms.of_word(&word, &self.stems),
            word,
        }
    }
}

/// Everything built once and shared by all threads of a run.
#[derive(Debug)]
pub struct Context {
    /// The lexicons.
    pub lexicons: Lexicons,
    /// Tokenizers by language.
    pub analyzers: Analyzers,
    /// Pieces tokenized so far, for tests that each is tokenized once.
    #[cfg(test)]
    pub(crate) pieces_tokenized: std::sync::atomic::AtomicUsize,
}

impl Context {
    /// Builds the context for a set of lexicons.
    pub fn new(lexicons: Lexicons) -> Context {
        Context {
            analyzers: Analyzers::for_lexicons(&lexicons),
            lexicons,
            #[cfg(test)]
            pieces_tokenized: Default::default(),
        }
    }

    /// Cuts boilerplate and tokenizes an article.
    pub fn tokenize(&self, article: &Article) -> (Vec<Cut>, TokenizedText<'_>) {
        let cuts = self.lexicons.boilerplate.cut(&article.meta.outlet, &article.text);
        let kept = kept_spans(article.text.len(), &cuts);
        let tokens = self.analyzers.get(&article.meta.language).tokenize_kept(&article.text, &kept);
        (cuts, tokens)
    }

    /// Cuts boilerplate from the whole article, then tokenizes it a piece
    /// of at least `piece_bytes` bytes at a time ([`crate::tokenize::pieces`])
    /// and calls `f` with each piece's tokens, in text order, offsets into the
    /// whole text. Returns the cuts. Only one piece's tokens are held at once.
    pub fn tokenize_in_pieces(
        &self,
        article: &Article,
        piece_bytes: usize,
        mut f: impl FnMut(&TokenizedText),
    ) -> Vec<Cut> {
        let text = &article.text;
        let cuts = self.lexicons.boilerplate.cut(&article.meta.outlet, text);
        let kept = kept_spans(text.len(), &cuts);
        let analyzer = self.analyzers.get(&article.meta.language);
        let mut kept_here = Vec::new();
        for piece in crate::tokenize::pieces(text, piece_bytes) {
            kept_here.clear();
            kept_here.extend(kept.iter().filter_map(|k| {
                let clipped = Span::new(k.start.max(piece.start), k.end.min(piece.end));
                (!clipped.is_empty()).then_some(clipped)
            }));
            #[cfg(test)]
            self.pieces_tokenized.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            f(&analyzer.tokenize_kept(text, &kept_here));
        }
        cuts
    }

    /// The entity mentions and frame hits of one tokenized piece, each in
    /// text order, without their context (see [`add_context`]); their
    /// sentence numbers shifted by `shift`, the sentences of the pieces
    /// before.
    fn found(
        &self,
        analyzer: &Analyzer,
        text: &TokenizedText,
        mentions: &[Mention],
        shift: u32,
        scratch: &mut Scratch,
        out: &mut ArticleResult,
    ) {
        let frame_hits = self.lexicons.frames.find_with(scratch, text, mentions, analyzer);
        let (m0, f0) = (out.mentions.len(), out.frame_hits.len());
        out.mentions.extend(mentions.iter().map(|m| Found {
            item: EntityId(m.entity),
            pattern: AliasId(m.alias),
            voice: m.voice,
            sentence: m.sentence + shift,
            span: m.span,
            context: None,
        }));
        out.frame_hits.extend(frame_hits.iter().map(|h| Found {
            item: FrameId(h.frame),
            pattern: PatternId(h.pattern),
            voice: h.voice,
            sentence: h.sentence + shift,
            span: h.span,
            context: None,
        }));
        // pieces follow one another, so sorting each piece's own keeps the
        // article's in order
        out.mentions[m0..].sort_by_key(|h| (h.span.start, h.item, h.span.end));
        out.frame_hits[f0..].sort_by_key(|h| (h.span.start, h.item, h.span.end));
    }
}

/// One piece of an article as the analysis saw it: its tokens and entity
/// mentions, for whoever wants more from them than the hits (the lexicon
/// linter), so that nothing is tokenized twice.
pub struct Piece<'a> {
    /// The article.
    pub article: &'a Article,
    /// The piece's tokens; offsets into the whole text.
    pub text: &'a TokenizedText<'a>,
    /// The piece's entity mentions.
    pub mentions: &'a [Mention],
    /// The analyzer of the article's language.
    pub analyzer: &'a Analyzer,
}

/// Puts each mention and hit of `result` in its context in `text`, the
/// article's original text: [`CONTEXT_CHARS`] characters on each side (see
/// [`kwic`]). Only what shows hits (`hits.csv`, `kwic`, `explain`) needs it,
/// so the analysis leaves it out.
pub fn add_context(result: &mut ArticleResult, text: &str) {
    let context = |span| {
        let (left, matched, right) = kwic(text, span, CONTEXT_CHARS);
        Some(Box::new(Kwic { left, matched, right }))
    };
    for m in &mut result.mentions {
        m.context = context(m.span);
    }
    for h in &mut result.frame_hits {
        h.context = context(h.span);
    }
}

/// Analyses one article, its hits in context.
pub fn analyze(article: &Article, ctx: &Context) -> ArticleResult {
    let mut result = analyze_without_context(article, ctx);
    add_context(&mut result, &article.text);
    result
}

/// Analyses one article, its hits without their context: what a run does
/// when nothing will show them (`--hits none`), and what the cache keeps.
/// [`add_context`] puts them in context later.
///
/// An article longer than [`PIECE_BYTES`] is analysed a piece at a time
/// ([`analyze_in_pieces`]), in bounded memory, with the same result.
pub fn analyze_without_context(article: &Article, ctx: &Context) -> ArticleResult {
    analyze_in_pieces(article, ctx, PIECE_BYTES)
}

/// Text tokenized and matched at once, at most about: a longer article is
/// analysed in pieces of about this size (SPEC §9, "very large articles").
/// The tokens and matching tables of a piece take about 10 to 14 times its
/// size, so a piece of 4 MiB keeps them near 50 MiB whatever the article's
/// size, and an article of news-story size is one piece.
pub const PIECE_BYTES: usize = 4 << 20;

/// [`analyze_without_context`], in pieces of at least `piece_bytes` bytes
/// cut where nothing of the analysis reaches across ([`crate::tokenize::pieces`]:
/// after a line feed, never inside a sentence or a quotation). Boilerplate
/// is cut from the whole text first; then each piece is tokenized and
/// matched alone and its hits join the article's, their sentence numbers
/// shifted by the sentences of the pieces before. Offsets are always into
/// the whole text, so the result is the same for any `piece_bytes`.
pub fn analyze_in_pieces(article: &Article, ctx: &Context, piece_bytes: usize) -> ArticleResult {
    analyze_pieces_with(article, ctx, piece_bytes, &mut Scratch::default(), |_| {})
}

/// [`analyze_in_pieces`] in the buffers of `scratch`, handing each piece's
/// tokens and mentions to `each_piece` once the piece is matched.
pub fn analyze_pieces_with(
    article: &Article,
    ctx: &Context,
    piece_bytes: usize,
    scratch: &mut Scratch,
    mut each_piece: impl FnMut(&Piece),
) -> ArticleResult {
    let mut result = ArticleResult {
        meta: article.meta.clone(),
        chars: article.text.chars().count(),
        tokens: 0,
        tokens_own: 0,
        sentences: 0,
        cuts: Vec::new(),
        sha256: String::new(),
        mentions: Vec::new(),
        frame_hits: Vec::new(),
    };
    let analyzer = ctx.analyzers.get(&article.meta.language);
    result.cuts = ctx.tokenize_in_pieces(article, piece_bytes, |tokenized| {
        let mentions = ctx.lexicons.gazetteer.find(tokenized);
        let shift = result.sentences as u32;
        ctx.found(analyzer, tokenized, &mentions, shift, scratch, &mut result);
        each_piece(&Piece { article, text: tokenized, mentions: &mentions, analyzer });
        result.tokens += tokenized.tokens.len();
        // own-voice tokens: inside no quotation at all (scare quotes included)
        result.tokens_own +=
            tokenized.tokens.iter().filter(|t| t.quote == crate::model::NONE).count();
        result.sentences += tokenized.sentences.len();
    });
    result
}

/// Keyword in context: up to `width` characters on each side of `span`, with
/// runs of whitespace (line breaks included) collapsed to one space, and the
/// matched text as it stands.
///
/// # Examples
/// ```
/// let text = "The Kremlin said:\n\nRussia’s troops would leave.";
/// let (l, m, r) = framelens::analyze::kwic(text, framelens::model::Span::new(19, 25), 20);
/// assert_eq!((l.as_str(), m.as_str(), r.as_str()), ("The Kremlin said: ", "Russia", "’s troops would leav"));
/// ```
pub fn kwic(text: &str, span: Span, width: usize) -> (String, String, String) {
    let before = &text[..span.start];
    let start = before.char_indices().rev().nth(width.saturating_sub(1)).map_or(0, |(i, _)| i);
    let after = &text[span.end..];
    let end = after.char_indices().nth(width).map_or(after.len(), |(i, _)| i);
    // runs of whitespace become one space, and none is left at either end
    let collapse = |s: &str, out: &mut String| {
        for (i, word) in s.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    let mut left = String::with_capacity(before.len() - start + 1);
    collapse(&before[start..], &mut left);
    if before[start..].ends_with(char::is_whitespace) && !left.is_empty() {
        left.push(' ');
    }
    let mut right = String::with_capacity(end + 1);
    collapse(&after[..end], &mut right);
    if after.starts_with(char::is_whitespace) && !right.is_empty() {
        right.insert(0, ' ');
    }
    (left, text[span.start..span.end].to_string(), right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first version: collapse each side to words joined by one space,
    /// then put back the space that touched the match.
    fn kwic_by_words(text: &str, span: Span, width: usize) -> (String, String, String) {
        let before = &text[..span.start];
        let start = before.char_indices().rev().nth(width.saturating_sub(1)).map_or(0, |(i, _)| i);
        let after = &text[span.end..];
        let end = after.char_indices().nth(width).map_or(after.len(), |(i, _)| i);
        let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut left = collapse(&before[start..]);
        if before[start..].ends_with(char::is_whitespace) && !left.is_empty() {
            left.push(' ');
        }
        let mut right = collapse(&after[..end]);
        if after.starts_with(char::is_whitespace) && !right.is_empty() {
            right.insert(0, ' ');
        }
        (
            left.trim_start().to_string(),
            text[span.start..span.end].to_string(),
            right.trim_end().to_string(),
        )
    }

    #[test]
    fn kwic_collapses_line_breaks_and_keeps_the_touching_space() {
        let text = "Troops  left\n\nKarabakh \t after  talks.";
        // "Karabakh" is bytes 14..22; the 8 characters before it are two
        // spaces, "left" and two line breaks, and after it " \t after"
        let (l, m, r) = kwic(text, Span::new(14, 22), 8);
        assert_eq!((l.as_str(), m.as_str(), r.as_str()), ("left ", "Karabakh", " after"));
        // the width counts characters before the collapse: "  lef"
        let (l, _, r) = kwic(text, Span::new(0, 6), 5);
        assert_eq!((l.as_str(), r.as_str()), ("", " lef"));
    }

    #[test]
    fn analyze_puts_hits_in_context_and_the_bare_analysis_does_not() {
        let lexicons = Lexicons::load(std::path::Path::new("lexicons"), None, None).unwrap();
        let ctx = Context::new(lexicons);
        let text = "Yesterday Pashinyan met Putin in\n\nMoscow.".to_string();
        let article = Article {
            meta: crate::model::ArticleMeta { language: "en".into(), ..Default::default() },
            text,
        };
        let full = analyze(&article, &ctx);
        let bare = analyze_without_context(&article, &ctx);
        let places =
            |r: &ArticleResult| -> Vec<Span> { r.in_text_order().map(|h| h.span()).collect() };
        assert_eq!(places(&full), places(&bare));
        assert!(bare.mentions.iter().all(|h| h.context.is_none()));
        assert!(bare.frame_hits.iter().all(|h| h.context.is_none()));
        // Moscow, after the line breaks: its left context collapses them
        let moscow =
            full.mentions.iter().find(|h| &article.text[h.span.start..h.span.end] == "Moscow");
        let k = moscow.expect("Moscow is an entity").context.clone().expect("in context");
        assert_eq!(
            (k.left.as_str(), k.matched.as_str(), k.right.as_str()),
            ("Yesterday Pashinyan met Putin in ", "Moscow", ".")
        );
    }

    #[test]
    fn invisible_characters_hide_no_mention() {
        // issue 17, item 6. Bytes: "Kara" FEFF "bakh" 0..11, " and " 11..16,
        // "Pashin" 2060 "yan" 16..28, ". " 28..30, RLE 30..33, "Karabakh"
        // 33..41, PDF 41..44, " is " 44..48, "Nagorno" 48..55, ZWSP 55..58,
        // "-" 58..59, "Karabakh" 59..67, "." 67..68.
        let lexicons = Lexicons::load(std::path::Path::new("lexicons"), None, None).unwrap();
        let ctx = Context::new(lexicons);
        let text = "Kara\u{FEFF}bakh and Pashin\u{2060}yan. \u{202B}Karabakh\u{202C} is \
                    Nagorno\u{200B}-Karabakh."
            .to_string();
        let article = Article {
            meta: crate::model::ArticleMeta { language: "en".into(), ..Default::default() },
            text,
        };
        let r = analyze(&article, &ctx);
        let g = &ctx.lexicons.gazetteer;
        let mentions: Vec<(&str, usize, usize, u32)> = r
            .mentions
            .iter()
            .map(|h| (g.entity(h.item.0).id.as_str(), h.span.start, h.span.end, h.sentence))
            .collect();
        assert_eq!(
            mentions,
            [
                ("karabakh", 0, 11, 0),
                ("pashinyan", 16, 28, 0),
                ("karabakh", 33, 41, 1),
                ("karabakh", 48, 67, 1)
            ]
        );
        // Karabakh and Pashinyan, Karabakh is Nagorno Karabakh
        assert_eq!((r.tokens, r.sentences), (7, 2));
        let matched: Vec<&str> = r.in_text_order().map(|h| h.kwic().matched.as_str()).collect();
        assert_eq!(matched[0], "Kara\u{FEFF}bakh");
    }

    #[test]
    fn own_voice_tokens_are_those_inside_no_quotation() {
        // issue 20: He said “the occupation must end now” and called it an
        // ‘occupation’. — 12 word tokens: He said | the occupation must end
        // now (5, a quotation) | and called it an | occupation (1, scare
        // quotes): 12 − 5 − 1 = 6 own-voice tokens
        let lexicons = Lexicons::load(std::path::Path::new("lexicons"), None, None).unwrap();
        let ctx = Context::new(lexicons);
        let text = "He said \u{201C}the occupation must end now\u{201D} and called it an \
                    \u{2018}occupation\u{2019}."
            .to_string();
        let article = Article {
            meta: crate::model::ArticleMeta { language: "en".into(), ..Default::default() },
            text,
        };
        let r = analyze(&article, &ctx);
        assert_eq!((r.tokens, r.tokens_own), (12, 6));
    }

    #[test]
    fn pieces_end_after_a_line_feed_and_never_before_a_quotation() {
        // "He said:\n" 0..9, "“One.\n" 9..17, "“Two.”\n" 17..28, "End" 28..31:
        // the lines at 9 and 17 open a quotation, which may continue the one
        // before, so the only cut is at 28
        let text = "He said:\n\u{201C}One.\n\u{201C}Two.\u{201D}\nEnd";
        assert_eq!(crate::tokenize::pieces(text, 1), [Span::new(0, 28), Span::new(28, 31)]);
        // "ab\n" 0..3, "cd\n" 3..6, "\n" 6..7, "e" 7..8: at least 4 bytes a piece
        assert_eq!(crate::tokenize::pieces("ab\ncd\n\ne", 4), [Span::new(0, 6), Span::new(6, 8)]);
        assert_eq!(crate::tokenize::pieces("ab\ncd\n\ne", 1).len(), 4);
        assert_eq!(crate::tokenize::pieces("ab\ncd\n", 1), [Span::new(0, 3), Span::new(3, 6)]);
        assert_eq!(crate::tokenize::pieces("", 1), [Span::new(0, 0)]);
        assert_eq!(crate::tokenize::pieces("ab\ncd", 100), [Span::new(0, 5)]);
    }

    /// The shipped articles, as a run reads them (with their outlets, for
    /// the boilerplate rules).
    fn shipped_articles() -> Vec<Article> {
        let corpus = crate::ingest::discover(std::path::Path::new("corpus")).unwrap();
        corpus
            .entries()
            .map(|e| crate::ingest::load(&e).expect("a shipped article").article)
            .collect()
    }

    #[test]
    fn the_vocabularys_answers_find_what_each_matcher_finds_alone() {
        // Issue 19, item 2: the run's analyzers ask the lexicons about each
        // word once and the matchers read the answers; a plain analyzer's
        // words carry none, and the matchers work them out per text. Both
        // must find the same mentions and hits on real articles.
        let ctx = shipped_context();
        let keys = crate::vocab::LexiconKeys {
            aliases: ctx.lexicons.gazetteer.words().key(),
            terms: ctx.lexicons.frames.terms().key(),
        };
        let (mut mentions, mut hits) = (0, 0);
        for article in &shipped_articles() {
            let id = &article.meta.id;
            let (_, run) = ctx.tokenize(article);
            assert_eq!(run.keys(), keys, "{id}: the run's answers");
            let cuts = ctx.lexicons.boilerplate.cut(&article.meta.outlet, &article.text);
            let kept = kept_spans(article.text.len(), &cuts);
            let plain_analyzer = Analyzer::new(&article.meta.language);
            let plain = plain_analyzer.tokenize_kept(&article.text, &kept);
            assert_eq!(plain.keys(), crate::vocab::LexiconKeys::default(), "{id}");
            assert_eq!(plain.tokens, run.tokens, "{id}");
            let (g, f) = (&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
            let m = g.find(&run);
            assert_eq!(m, g.find(&plain), "{id}: mentions");
            let analyzer = ctx.analyzers.get(&article.meta.language);
            let h = f.find(&run, &m, analyzer);
            assert_eq!(h, f.find(&plain, &m, &plain_analyzer), "{id}: frame hits");
            (mentions, hits) = (mentions + m.len(), hits + h.len());
        }
        assert!(mentions > 100 && hits > 100, "{mentions} mentions, {hits} hits compared");
    }

    #[test]
    fn the_linters_patterns_alone_share_the_frames_terms() {
        // the shipped frames have excludes, whose terms come between those
        // of the patterns: the linter's set must still number every term as
        // the frames do, or the vocabulary's answers would not serve it
        let ctx = shipped_context();
        assert!(ctx.lexicons.frames.frames().iter().any(|f| !f.exclude.is_empty()));
        let lint = crate::lint::Lint::new(&ctx.lexicons);
        assert_eq!(lint.solo_terms_key(), ctx.lexicons.frames.terms().key());
    }

    #[test]
    fn analysis_in_pieces_is_the_analysis_of_the_whole_article() {
        // issue 17, item 2: the tables come from these results, so equal
        // results give byte-identical tables
        let lexicons = Lexicons::load(std::path::Path::new("lexicons"), None, None).unwrap();
        let ctx = Context::new(lexicons);
        let articles = shipped_articles();
        assert_eq!(articles.len(), 5);
        let (mut cut, mut quoted) = (0, 0);
        for article in &articles {
            let id = &article.meta.id;
            let whole = analyze_in_pieces(article, &ctx, usize::MAX);
            assert!(
                whole.mentions.len() + whole.frame_hits.len() > 10,
                "{id}: something to compare"
            );
            cut += whole.cuts.len();
            quoted +=
                whole.in_text_order().filter(|h| h.voice() != crate::model::Voice::Own).count();
            for piece_bytes in [1, 300, article.text.len() / 2] {
                let pieces = crate::tokenize::pieces(&article.text, piece_bytes).len();
                assert!(pieces > 1, "{id}: {piece_bytes} bytes a piece gives {pieces}");
                let r = analyze_in_pieces(article, &ctx, piece_bytes);
                let at = format!("{id}, pieces of {piece_bytes} bytes");
                assert_eq!(
                    (r.chars, r.tokens, r.tokens_own, r.sentences),
                    (whole.chars, whole.tokens, whole.tokens_own, whole.sentences),
                    "{at}"
                );
                assert_eq!(r.cuts, whole.cuts, "{at}");
                assert_eq!(r.mentions, whole.mentions, "{at}");
                assert_eq!(r.frame_hits, whole.frame_hits, "{at}");
            }
        }
        assert!(cut > 0 && quoted > 0, "boilerplate and quotations are compared too");
    }

    fn texty() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Russia",
            "Pashinyan",
            "Karabakh",
            "occupation",
            "peacekeepers",
            "withdrew",
            "said",
            "peace",
            "-",
            "keeping",
            " ",
            " ",
            " ",
            ".",
            ". ",
            "Gen.",
            "\u{201C}",
            "\u{201D}",
            "\u{2018}",
            "\u{2019}",
            "\"",
            "'",
            "\n",
            "\n",
            "\n\n",
            "\r\n",
            " \n",
            "\u{200B}",
            "(",
            "Russia\u{2019}s",
            "Nagorno-Karabakh",
            "ethnic",
            "Armenians",
            "left",
            "the",
        ]);
        prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
    }

    fn shipped_context() -> &'static Context {
        static CTX: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
        CTX.get_or_init(|| {
            Context::new(Lexicons::load(std::path::Path::new("lexicons"), None, None).unwrap())
        })
    }

    proptest! {
        #[test]
        fn any_pieces_give_the_whole_analysis(text in texty(), piece_bytes in 1usize..40) {
            let ctx = shipped_context();
            let article = Article {
                meta: crate::model::ArticleMeta { language: "en".into(), ..Default::default() },
                text,
            };
            let whole = analyze_in_pieces(&article, ctx, usize::MAX);
            let r = analyze_in_pieces(&article, ctx, piece_bytes);
            prop_assert_eq!(
                (r.tokens, r.tokens_own, r.sentences),
                (whole.tokens, whole.tokens_own, whole.sentences)
            );
            prop_assert_eq!(r.mentions, whole.mentions);
            prop_assert_eq!(r.frame_hits, whole.frame_hits);
        }

        #[test]
        fn kwic_agrees_with_the_word_by_word_version(
            text in "[ab \\n\\t\u{A0}\u{2003}é’.]{0,40}",
            a in 0usize..40,
            b in 0usize..40,
            width in 0usize..12,
        ) {
            let bounds: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let (x, y) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let span = Span::new(x.min(y), x.max(y));
            prop_assert_eq!(kwic(&text, span, width), kwic_by_words(&text, span, width));
        }
    }
}
