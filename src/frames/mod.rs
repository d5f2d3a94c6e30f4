//! Stage 5: frames — patterns counted per article (SPEC §5).
//!
//! A [`FrameSet`] is compiled once from the lexicon and shared by threads.
//! Every single-token test of every pattern (words, globs, stems, regexes) is
//! a *term*. Each distinct word of a run is tested against all terms once
//! (hash lookups for words and stems; globs and regexes through their
//! literals first, see `TokenRegexes`), when the run's vocabulary
//! ([`crate::vocab`]) first meets it, and the answer is kept with the word,
//! so per article matching compares term ids.
//!
//! One file a step: `spec` (frames as written, and the `frames.toml`
//! reader), [`pattern`] (the pattern language), `terms` (what a word can
//! match), `compile` (specs to a [`FrameSet`]) and `matcher`
//! ([`FrameSet::find`], giving [`FrameHit`]s).
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

mod compile;
mod matcher;
pub mod pattern;
mod spec;
mod terms;

pub use compile::FrameSet;
pub use matcher::{FrameHit, Scratch};
pub use spec::{Frame, FrameSpec, parse_toml};
pub use terms::{StemTerms, Terms};

#[cfg(test)]
mod tests;
