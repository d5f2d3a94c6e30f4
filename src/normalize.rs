//! Normalisation (SPEC §3): the same text whatever the typography.
//!
//! framelens never rewrites an article's text. Normalisation happens in two
//! places, and both keep a way back to the original bytes:
//!
//! * each word token's surface is normalised on its own ([`normalize_word`]):
//!   Unicode NFC, curly apostrophes folded to `'`, invisible characters
//!   removed; its offsets stay those of the original text;
//! * boilerplate patterns run over a [`FoldedText`], a folded copy of the whole
//!   text (quotes and apostrophes to ASCII, no-break spaces to spaces,
//!   invisible characters removed) that maps every position back to the
//!   original.
//!
//! Invisible characters ([`is_invisible`]: the soft hyphen, zero-width
//! characters, bidi controls, the word joiner, U+FEFF) are ignored wherever
//! text is matched: they are dropped from word surfaces here, word boundaries
//! are found as if they were absent ([`crate::tokenize::words::word_pieces`]), and the
//! tokenizer passes over them between the parts of a compound. They stay in
//! the original text, so a token or hit that has one inside spans it.

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// Soft hyphen: invisible, removed before matching (see [`is_invisible`]).
pub const SOFT_HYPHEN: char = '\u{00AD}';

/// Characters that are ignored when matching (SPEC §3; issue 17): invisible
/// in print, they must neither hide a word (`Kara\u{FEFF}bakh` is
/// `Karabakh`) nor split one (`Kara\u{200B}bakh` is one token). The one list:
///
/// * U+00AD soft hyphen;
/// * U+200B zero-width space, U+200C zero-width non-joiner, U+200D zero-width
///   joiner, U+200E left-to-right mark, U+200F right-to-left mark;
/// * U+202A–U+202E bidi embeddings and overrides, U+2066–U+2069 bidi isolates;
/// * U+2060 word joiner;
/// * U+FEFF zero-width no-break space (a byte-order mark inside the text).
///
/// ZWNJ and ZWJ shape the letters around them in Persian and Indic scripts,
/// but never change which word it is: they are ignored like the others, and
/// as UAX #29 already keeps them inside a word, they never split one.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        SOFT_HYPHEN
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Characters read as an apostrophe (or a single quotation mark).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' | '\u{201B}')
}

/// Characters read as a hyphen that joins a compound (`peace-keeping`).
/// Dashes (en, em) are not hyphens: `19–20` is two tokens.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// No-break and other fixed spaces, read as a plain space.
pub fn is_space_like(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// What a character becomes in folded text: `None` drops it.
fn fold_char(c: char) -> Option<char> {
    match c {
        c if is_invisible(c) => None,
        c if is_apostrophe(c) => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        c if is_space_like(c) => Some(' '),
        c => Some(c),
    }
}

/// Normalises a word's surface into `out` (cleared first): NFC, apostrophes
/// folded to `'`, invisible characters ([`is_invisible`]) removed. Case is
/// kept.
///
/// # Examples
/// ```
/// let mut s = String::new();
/// framelens::normalize::normalize_word("Russia\u{2019}s", &mut s);
/// assert_eq!(s, "Russia's");
/// framelens::normalize::normalize_word("peace\u{AD}keeping", &mut s);
/// assert_eq!(s, "peacekeeping");
/// ```
pub fn normalize_word(surface: &str, out: &mut String) {
    out.clear();
    if is_normal_ascii(surface) {
        out.push_str(surface);
        return;
    }
    let folded = surface.chars().filter_map(fold_char);
    if is_nfc_quick(surface.chars()) == unicode_normalization::IsNormalized::Yes {
        out.extend(folded);
    } else {
        out.extend(folded.nfc());
    }
}

/// True when a word is its own normal form: ASCII without an apostrophe
/// (most words of English text).
pub(crate) fn is_normal_ascii(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii() && b != b'\'')
}

/// Case-folds a normalised word (full Unicode lowercase).
pub fn fold_case(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The number of bytes at the end of an original word that form a possessive
/// `'s` / `’s` (0 when there is none). `Russia’s` → 4 (`’` is 3 bytes, `s` 1).
/// Invisible characters ([`is_invisible`]) are passed over.
///
/// The word must keep at least one letter before the apostrophe.
pub fn possessive_len(original: &str) -> usize {
    let mut rev = original.char_indices().rev().filter(|&(_, c)| !is_invisible(c));
    let Some((_, last)) = rev.next() else { return 0 };
    if last != 's' && last != 'S' {
        return 0;
    }
    match rev.next() {
        Some((i, c)) if is_apostrophe(c) && i > 0 => original.len() - i,
        _ => 0,
    }
}

/// A folded copy of a text with a map back to the original offsets.
///
/// Only positions where the two texts drift apart are stored, so the map is
/// small: most articles need a few dozen entries.
#[derive(Clone, Debug)]
pub struct FoldedText<'a> {
    text: std::borrow::Cow<'a, str>,
    /// `(folded offset, original offset)`, ascending; the first is `(0, 0)`.
    anchors: Vec<(usize, usize)>,
    original_len: usize,
}

impl<'a> FoldedText<'a> {
    /// Folds `original`; a text with nothing to fold (all ASCII, most often)
    /// is borrowed, not copied.
    pub fn new(original: &'a str) -> FoldedText<'a> {
        if original.is_ascii() || original.chars().all(|c| fold_char(c) == Some(c)) {
            return FoldedText {
                text: std::borrow::Cow::Borrowed(original),
                anchors: vec![(0, 0)],
                original_len: original.len(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut anchors = vec![(0, 0)];
        for (i, c) in original.char_indices() {
            let folded = fold_char(c);
            let in_len = c.len_utf8();
            let out_len = folded.map_or(0, char::len_utf8);
            if let Some(f) = folded {
                text.push(f);
            }
            if in_len != out_len {
                anchors.push((text.len(), i + in_len));
            }
        }
        FoldedText { text: std::borrow::Cow::Owned(text), anchors, original_len: original.len() }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps an offset of the folded text back to the original text.
    pub fn to_original(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.original_len;
        }
        let i = self.anchors.partition_point(|&(f, _)| f <= pos) - 1;
        let (f, o) = self.anchors[i];
        o + (pos - f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_apostrophes_and_soft_hyphens() {
        let mut out = String::new();
        let cases = [
            ("Russia\u{2019}s", "Russia's"),
            ("don't", "don't"),
            ("peace\u{AD}keepers", "peacekeepers"),
            ("Erdog\u{306}an", "Erdoğan"),
            ("Пашинян", "Пашинян"),
        ];
        for (input, want) in cases {
            normalize_word(input, &mut out);
            assert_eq!(out, want, "input {input:?}");
        }
    }

    #[test]
    fn invisible_characters_vanish_from_words() {
        // issue 17, item 6: format characters hide nothing
        let mut out = String::new();
        let cases = [
            ("Kara\u{FEFF}bakh", "Karabakh"),
            ("Pashin\u{2060}yan", "Pashinyan"),
            ("\u{202B}Karabakh\u{202C}", "Karabakh"),
            ("Kara\u{200B}bakh", "Karabakh"),
            ("\u{200E}Baku\u{200F}", "Baku"),
            ("\u{2066}Putin\u{2069}", "Putin"),
            ("\u{202A}a\u{202D}b\u{202E}c\u{2067}d\u{2068}", "abcd"),
            // ZWNJ and ZWJ inside a Persian or Indic word are ignored too
            (
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
                "\u{645}\u{6CC}\u{62E}\u{648}\u{627}\u{647}\u{645}",
            ),
            ("\u{915}\u{94D}\u{200D}\u{937}", "\u{915}\u{94D}\u{937}"),
        ];
        for (input, want) in cases {
            normalize_word(input, &mut out);
            assert_eq!(out, want, "input {input:?}");
        }
        // one list for words and for the text boilerplate rules read
        let f = FoldedText::new("Pashin\u{2060}yan \u{FEFF}x");
        assert_eq!(f.as_str(), "Pashinyan x");
        assert_eq!(f.to_original(6), 9, "yan starts after the word joiner");
    }

    #[test]
    fn case_folding_is_unicode() {
        let mut out = String::new();
        fold_case("ПАШИНЯН", &mut out);
        assert_eq!(out, "пашинян");
        fold_case("NATO", &mut out);
        assert_eq!(out, "nato");
    }

    #[test]
    fn possessives_are_measured_in_original_bytes() {
        assert_eq!(possessive_len("Russia\u{2019}s"), 4);
        assert_eq!(possessive_len("Putin's"), 2);
        assert_eq!(possessive_len("its"), 0);
        assert_eq!(possessive_len("'s"), 0);
        assert_eq!(possessive_len("BAKU'S"), 2);
    }

    #[test]
    fn folded_text_maps_back_to_original() {
        let original = "a\u{2019}s \u{201C}x\u{201D}\u{A0}y\u{AD}z";
        let f = FoldedText::new(original);
        assert_eq!(f.as_str(), "a's \"x\" yz");
        for (folded_pos, want) in
            [(0, 0), (1, 1), (2, 4), (3, 5), (4, 6), (5, 9), (6, 10), (7, 13), (8, 15), (9, 18)]
        {
            assert_eq!(f.to_original(folded_pos), want, "folded offset {folded_pos}");
        }
        assert_eq!(&original[f.to_original(5)..f.to_original(6)], "x");
        assert_eq!(f.to_original(f.as_str().len()), original.len());
    }
}
