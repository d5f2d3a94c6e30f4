//! Voice (SPEC §6): whose words a hit is in, the author's own (`own`), a
//! quotation's (`quote`) or scare quotes' (`scare`).
//!
//! One rule for every hit, entity or frame, whatever its pattern's shape:
//! a hit any of whose words stands in scare quotes (a quotation of at most
//! [`SCARE_MAX_WORDS`] words) is `scare`; otherwise the innermost quotation
//! that contains its whole stretch decides, `scare` or `quote` by its
//! words, and none means `own`. The quotations are the tokenizer's
//! ([`TokenizedText::quotes`]).

use crate::model::{NONE, Span, Token, Voice};
use crate::tokenize::TokenizedText;

/// The most words a quotation may hold and still be a scare quote (SPEC §6).
pub const SCARE_MAX_WORDS: u32 = 3;

impl TokenizedText<'_> {
    /// The voice of a hit over tokens `first..=last` (SPEC §6): `scare` when
    /// any of its words stands in scare quotes (`Russian ‘peacekeepers’`), else
    /// decided by the innermost quotation that contains the whole hit.
    pub fn voice_of(&self, first: usize, last: usize, span: Span) -> Voice {
        let scare = self.tokens[first..=last]
            .iter()
            .any(|t| t.quote != NONE && self.quotes[t.quote as usize].words <= SCARE_MAX_WORDS);
        if scare { Voice::Scare } else { self.voice(&self.tokens[first], span) }
    }

    /// The voice of a hit whose words are the tokens of the ranges `words`
    /// (`[start, end)` each; an empty range is skipped) and whose whole
    /// stretch is `span` (SPEC §6): `scare` when any of those words stands in
    /// scare quotes, else decided by the innermost quotation that contains
    /// the whole stretch. The words between the two terms of a NEAR/BEFORE
    /// hit are not its words: only the ranges given count.
    pub fn voice_of_words(&self, words: &[(usize, usize)], span: Span) -> Voice {
        let scare = words
            .iter()
            .flat_map(|&(a, b)| &self.tokens[a..b])
            .any(|t| t.quote != NONE && self.quotes[t.quote as usize].words <= SCARE_MAX_WORDS);
        let Some(&(first, _)) = words.iter().filter(|r| r.0 < r.1).min() else {
            return Voice::Own;
        };
        if scare { Voice::Scare } else { self.voice(&self.tokens[first], span) }
    }

    /// The voice of the text `span`: decided by the innermost quotation that
    /// contains the whole span, starting from the quotation around `token`.
    pub fn voice(&self, token: &Token, span: Span) -> Voice {
        let mut q = token.quote;
        while q != NONE {
            let quote = &self.quotes[q as usize];
            if quote.span.contains(span) {
                return if quote.words <= SCARE_MAX_WORDS { Voice::Scare } else { Voice::Quote };
            }
            q = quote.parent;
        }
        Voice::Own
    }
}
