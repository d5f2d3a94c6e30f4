//! One article through every stage: boilerplate, tokens, counts.

use std::collections::HashMap;

use crate::boilerplate::kept_spans;
use crate::lexicon::Lexicons;
use crate::model::{Article, ArticleResult, TokenizedText};
use crate::tokenize::{Analyzer, stemmer_algorithm};

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

impl Analyzers {
    /// Analyzers for every language with a Snowball stemmer, and one without
    /// stemming for the rest.
    pub fn new() -> Analyzers {
        let codes = [
            "ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "no", "nb", "nn", "pt",
            "ro", "ru", "es", "sv", "ta", "tr",
        ];
        let by_language = codes
            .iter()
            .filter(|c| stemmer_algorithm(c).is_some())
            .map(|c| (c.to_string(), Analyzer::new(c)))
            .collect();
        Analyzers { by_language, fallback: Analyzer::new("") }
    }

    /// The analyzer of a language; the non-stemming one when it has none.
    pub fn get(&self, language: &str) -> &Analyzer {
        self.by_language.get(language).unwrap_or(&self.fallback)
    }
}

/// Everything built once and shared by all threads of a run.
#[derive(Debug)]
pub struct Context {
    /// The lexicons.
    pub lexicons: Lexicons,
    /// Tokenizers by language.
    pub analyzers: Analyzers,
}

impl Context {
    /// Builds the context for a set of lexicons.
    pub fn new(lexicons: Lexicons) -> Context {
        Context { lexicons, analyzers: Analyzers::new() }
    }

    /// Cuts boilerplate and tokenizes an article.
    pub fn tokenize(&self, article: &Article) -> (Vec<crate::model::Cut>, TokenizedText) {
        let cuts = self.lexicons.boilerplate.cut(&article.meta.outlet, &article.text);
        let kept = kept_spans(article.text.len(), &cuts);
        let tokens = self.analyzers.get(&article.meta.language).tokenize_kept(&article.text, &kept);
        (cuts, tokens)
    }
}

/// Analyses one article.
pub fn analyze(article: &Article, ctx: &Context) -> ArticleResult {
    let (cuts, text) = ctx.tokenize(article);
    ArticleResult {
        meta: article.meta.clone(),
        chars: article.text.chars().count(),
        tokens: text.tokens.len(),
        sentences: text.sentences.len(),
        cuts,
        sha256: String::new(),
    }
}
