//! Word boundaries (UAX #29), fast for ASCII text.
//!
//! [`word_bounds`] gives exactly the pieces of unicode-segmentation's
//! `split_word_bound_indices`, but runs the word-boundary rules itself on
//! ASCII text, which is most of any English news corpus. [`word_pieces`]
//! gives only the pieces that become tokens, and passes over the spaces and
//! punctuation between them without cutting them out; it reads the text as
//! if its invisible characters ([`is_invisible`]) were absent, which only
//! changes the rare chunks that hold one (ASCII holds none).
//!
//! Why the text can be cut into chunks: a boundary always falls between a
//! space (U+0020) and a following ASCII character that is not a space. No
//! rule joins across it: WB3d joins only spaces, and the rules that look back
//! (WB6/7, WB11/12, the regional-indicator and emoji rules) never look past a
//! space; WB4 only attaches a following Extend, Format or ZWJ character,
//! which is never ASCII. A boundary also always follows a line feed (WB3a).
//! So the text is cut into lines; a line that is all ASCII runs through the
//! rules below as a whole, and any other line is cut after its spaces, its
//! ASCII chunks run through the rules and the others through
//! unicode-segmentation.
//!
//! ASCII word-break categories (UAX #29, table 3): CR, LF, Newline (VT, FF),
//! WSegSpace (space), ALetter (A–Z, a–z), Numeric (0–9), ExtendNumLet (`_`),
//! MidLetter (`:`), MidNumLet (`.`), Single_Quote (`'`), MidNum (`,` `;`),
//! Double_Quote (`"`, which only matters after Hebrew letters) and Other.

use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::is_invisible;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNumLetQ,
    MidNum,
    Other,
}

const fn cat_of(b: u8) -> Cat {
    match b {
        b'\r' => Cat::Cr,
        b'\n' => Cat::Lf,
        0x0B | 0x0C => Cat::Newline,
        b' ' => Cat::Space,
        b'A'..=b'Z' | b'a'..=b'z' => Cat::Letter,
        b'0'..=b'9' => Cat::Numeric,
        b'_' => Cat::ExtendNumLet,
        b':' => Cat::MidLetter,
        b'.' | b'\'' => Cat::MidNumLetQ,
        b',' | b';' => Cat::MidNum,
        _ => Cat::Other,
    }
}

/// The category of each ASCII byte.
const CATS: [Cat; 128] = {
    let mut table = [Cat::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = cat_of(b as u8);
        b += 1;
    }
    table
};

#[inline]
fn cat(b: u8) -> Cat {
    CATS[usize::from(b & 0x7F)]
}

/// Calls `f(offset, piece)` for each UAX #29 word-boundary piece of `s`, in
/// order: the same pieces as `s.split_word_bound_indices()`.
pub fn word_bounds(s: &str, mut f: impl FnMut(usize, &str)) {
    chunks(s, |start, end, ascii| chunk(s, start, end, ascii, &mut f));
}

/// Calls `f(start, end, plain)` for each piece of [`word_bounds`] that holds a
/// letter or a digit (an ASCII one, or any character that is alphabetic or
/// numeric), in order; `plain` tells that the piece is ASCII without an
/// apostrophe. These are the pieces that become tokens: the others (spaces,
/// punctuation) are passed over without being cut out one by one.
///
/// Invisible characters ([`is_invisible`]) are ignored: the pieces are those
/// of the text without them (`Kara\u{200B}bakh` is one piece, not two), with
/// offsets into `s`. A piece never starts or ends with one, and holds those
/// that stand between its characters.
pub fn word_pieces(s: &str, mut f: impl FnMut(usize, usize, bool)) {
    chunks(s, |start, end, ascii| {
        if ascii {
            ascii_word_pieces(s.as_bytes(), start, end, &mut f);
        } else if s[start..end].contains(is_invisible) {
            visible_word_pieces(s, start, end, &mut f);
        } else {
            for (offset, piece) in s[start..end].split_word_bound_indices() {
                if is_word(piece) {
                    let plain = piece.is_ascii() && !piece.contains('\'');
                    f(start + offset, start + offset + piece.len(), plain);
                }
            }
        }
    });
}

/// True when a piece holds a letter or a digit.
fn is_word(piece: &str) -> bool {
    piece.bytes().any(|b| b.is_ascii_alphanumeric())
        || (!piece.is_ascii() && piece.chars().any(char::is_alphanumeric))
}

/// [`word_pieces`] of the chunk `start..end` of `s`, which holds invisible
/// characters: the pieces of the chunk without them, mapped back to `s`.
/// Rare, and a chunk is short (a line cut after its spaces), so the copy
/// stays small.
#[cold]
fn visible_word_pieces(s: &str, start: usize, end: usize, f: &mut impl FnMut(usize, usize, bool)) {
    let mut visible = String::with_capacity(end - start);
    // the offset in `s` of each byte of `visible`
    let mut at = Vec::with_capacity(end - start);
    for (i, c) in s[start..end].char_indices().filter(|&(_, c)| !is_invisible(c)) {
        visible.push(c);
        at.extend((0..c.len_utf8()).map(|k| start + i + k));
    }
    for (offset, piece) in visible.split_word_bound_indices() {
        if is_word(piece) {
            let (a, b) = (at[offset], at[offset + piece.len() - 1] + 1);
            let original = &s[a..b];
            f(a, b, original.is_ascii() && !original.contains('\''));
        }
    }
}

/// Cuts `s` into chunks that no word-boundary rule joins across (see the
/// module's notes) and calls `f(start, end, ascii)` for each, in order.
fn chunks(s: &str, mut f: impl FnMut(usize, usize, bool)) {
    let bytes = s.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        if bytes[start..end].is_ascii() {
            f(start, end, true);
        } else {
            chunks_of_line(bytes, start, end, &mut f);
        }
        start = end;
    }
}

/// [`chunks`] of the line `start..end`, which is not all ASCII: cut after
/// each run of spaces, so that only the chunks that hold other characters go
/// through unicode-segmentation.
fn chunks_of_line(bytes: &[u8], start: usize, end: usize, f: &mut impl FnMut(usize, usize, bool)) {
    let mut chunk_start = start;
    let mut ascii = true;
    for i in start..end {
        let b = bytes[i];
        if b >= 0x80 {
            ascii = false;
        } else if i > chunk_start && b != b' ' && bytes[i - 1] == b' ' {
            f(chunk_start, i, ascii);
            chunk_start = i;
            ascii = true;
        }
    }
    if chunk_start < end {
        f(chunk_start, end, ascii);
    }
}

fn chunk(s: &str, start: usize, end: usize, ascii: bool, f: &mut impl FnMut(usize, &str)) {
    let text = &s[start..end];
    if !ascii {
        for (offset, piece) in text.split_word_bound_indices() {
            f(start + offset, piece);
        }
        return;
    }
    let bytes = text.as_bytes();
    let mut piece_start = 0;
    let mut prev = cat(bytes[0]);
    for i in 1..bytes.len() {
        let here = cat(bytes[i]);
        // letters run on: the common case, decided without the rules
        if !(prev == Cat::Letter && here == Cat::Letter) && breaks(bytes, i, prev, here) {
            f(start + piece_start, &text[piece_start..i]);
            piece_start = i;
        }
        prev = here;
    }
    if piece_start < bytes.len() {
        f(start + piece_start, &text[piece_start..]);
    }
}

/// [`word_pieces`] of the ASCII chunk `start..end` of `bytes`, by the rules
/// of [`breaks`] as they apply inside a piece that holds a letter or digit.
/// Such a piece starts with a letter, digit or `_` (WB6/7 and WB11/12 never
/// join a character before it; spaces, line breaks and other characters
/// break before one). Letters, digits and `_` join each other (WB5, WB8–10,
/// WB13a/b); a MidLetter, MidNumLet or single quote joins two letters
/// (WB6/7), and a MidNum, MidNumLet or single quote two digits (WB11/12).
/// Every other pair breaks.
#[inline]
fn ascii_word_pieces(
    bytes: &[u8],
    start: usize,
    end: usize,
    f: &mut impl FnMut(usize, usize, bool),
) {
    use Cat::*;
    let mut i = start;
    while i < end {
        let first = cat(bytes[i]);
        if !matches!(first, Letter | Numeric | ExtendNumLet) {
            i += 1;
            continue;
        }
        let piece_start = i;
        let mut alnum = first != ExtendNumLet;
        let mut quote = false;
        let mut prev = first;
        i += 1;
        while i < end {
            let here = cat(bytes[i]);
            match here {
                Letter | Numeric => alnum = true,
                ExtendNumLet => {}
                MidLetter | MidNumLetQ | MidNum => {
                    let next = if i + 1 < end { cat(bytes[i + 1]) } else { Other };
                    let joins = match (prev, next) {
                        (Letter, Letter) => here != MidNum,
                        (Numeric, Numeric) => here != MidLetter,
                        _ => false,
                    };
                    if !joins {
                        break;
                    }
                    quote |= bytes[i] == b'\'';
                    i += 1;
                    prev = next;
                    i += 1;
                    continue;
                }
                _ => break,
            }
            prev = here;
            i += 1;
        }
        if alnum {
            f(piece_start, i, !quote);
        }
    }
}

/// True when ASCII `bytes` have a word boundary before index `i` (0 < i < len),
/// between categories `a` and `b`.
#[inline]
fn breaks(bytes: &[u8], i: usize, a: Cat, b: Cat) -> bool {
    use Cat::*;
    let before = if i >= 2 { Some(cat(bytes[i - 2])) } else { None };
    let after = bytes.get(i + 1).map(|&x| cat(x));
    match (a, b) {
        (Cr, Lf) => false,                                                   // WB3
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => true,             // WB3a, WB3b
        (Space, Space) => false,                                             // WB3d
        (Letter, Letter) => false,                                           // WB5
        (Letter, MidLetter | MidNumLetQ) => after != Some(Letter),           // WB6
        (MidLetter | MidNumLetQ, Letter) => before != Some(Letter),          // WB7
        (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => false, // WB8–10
        (MidNum | MidNumLetQ, Numeric) => before != Some(Numeric),           // WB11
        (Numeric, MidNum | MidNumLetQ) => after != Some(Numeric),            // WB12
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => false,            // WB13a
        (ExtendNumLet, Letter | Numeric) => false,                           // WB13b
        _ => true,                                                           // WB999
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(s: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        word_bounds(s, |o, p| out.push((o, p.to_string())));
        out
    }

    fn theirs(s: &str) -> Vec<(usize, String)> {
        s.split_word_bound_indices().map(|(o, p)| (o, p.to_string())).collect()
    }

    #[test]
    fn pieces_worked_by_hand() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("Russia's troops", &["Russia's", " ", "troops"]),
            ("1,960.5 km", &["1,960.5", " ", "km"]),
            ("U.S. forces", &["U.S", ".", " ", "forces"]),
            ("peace-keeping", &["peace", "-", "keeping"]),
            ("a  b\r\nc", &["a", "  ", "b", "\r\n", "c"]),
            ("e.g. x:y", &["e.g", ".", " ", "x:y"]),
            ("snake_case 42nd", &["snake_case", " ", "42nd"]),
            ("'no,' 3,", &["'", "no", ",", "'", " ", "3", ","]),
            ("tab\there", &["tab", "\t", "here"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = ours(text).into_iter().map(|(_, p)| p).collect();
            assert_eq!(got, *want, "{text:?}");
            assert_eq!(ours(text), theirs(text), "{text:?}");
        }
    }

    #[test]
    fn agrees_with_unicode_segmentation_on_the_corpus() {
        let texts = crate::shipped_texts();
        assert_eq!(texts.len(), 5);
        for (path, text) in texts {
            assert_eq!(ours(&text), theirs(&text), "{}", path.display());
        }
    }

    /// The pieces that hold a letter or digit, by unicode-segmentation on the
    /// whole text without its invisible characters, mapped back to `s`, and
    /// whether each is ASCII without an apostrophe.
    fn word_pieces_theirs(s: &str) -> Vec<(usize, usize, bool)> {
        let (mut visible, mut at) = (String::new(), Vec::new());
        for (i, c) in s.char_indices().filter(|&(_, c)| !is_invisible(c)) {
            visible.push(c);
            at.extend((0..c.len_utf8()).map(|k| i + k));
        }
        visible
            .split_word_bound_indices()
            .filter(|(_, p)| p.chars().any(char::is_alphanumeric))
            .map(|(o, p)| {
                let (a, b) = (at[o], at[o + p.len() - 1] + 1);
                (a, b, s[a..b].is_ascii() && !s[a..b].contains('\''))
            })
            .collect()
    }

    fn word_pieces_ours(s: &str) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        word_pieces(s, |start, end, plain| out.push((start, end, plain)));
        out
    }

    #[test]
    fn word_pieces_worked_by_hand() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("Russia's troops, 1,960.5 km.", &["Russia's", "troops", "1,960.5", "km"]),
            ("U.S. e.g. x:y a.1 1.a", &["U.S", "e.g", "x:y", "a", "1", "1", "a"]),
            ("__ _a b_ 'no,' 3,;4 a''b", &["_a", "b_", "no", "3", "4", "a", "b"]),
            ("peace-keeping\r\nx", &["peace", "keeping", "x"]),
            ("Кремль’s 日本 x", &["Кремль’s", "日", "本", "x"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> =
                word_pieces_ours(text).iter().map(|&(a, b, _)| &text[a..b]).collect();
            assert_eq!(got, *want, "{text:?}");
            assert_eq!(word_pieces_ours(text), word_pieces_theirs(text), "{text:?}");
        }
        // plain: ASCII and no apostrophe
        let plain: Vec<bool> = word_pieces_ours("it's U.S. Кремль").iter().map(|p| p.2).collect();
        assert_eq!(plain, [false, true, false]);
    }

    #[test]
    fn word_pieces_agree_on_the_corpus() {
        for (path, text) in crate::shipped_texts() {
            assert_eq!(word_pieces_ours(&text), word_pieces_theirs(&text), "{}", path.display());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_on_ascii_made_of_boundary_characters(
            s in "[aZ19 \t\r\n\x0B\x0C.,;:'\"_!?()-]{0,40}"
        ) {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        #[test]
        fn agrees_on_mixed_text(
            s in "[aZ1 .,:'\"_\n\u{301}\u{200D}\u{AD}\u{2019}\u{201C}é日カ\u{1F1E6}\u{1F600}א]{0,30}"
        ) {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        #[test]
        fn agrees_on_any_text(s in "\\PC{0,40}") {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        #[test]
        fn word_pieces_agree_on_ascii(s in "[aZ19 \t\r\n\x0B\x0C.,;:'\"_!?()-]{0,40}") {
            prop_assert_eq!(word_pieces_ours(&s), word_pieces_theirs(&s));
        }

        #[test]
        fn word_pieces_agree_on_mixed_text(
            s in "[aZ1 .,:'\"_\n\u{301}\u{200B}\u{200C}\u{200D}\u{AD}\u{202B}\u{2060}\u{FEFF}\u{2019}\u{201C}é日カ\u{1F1E6}\u{1F600}א]{0,30}"
        ) {
            prop_assert_eq!(word_pieces_ours(&s), word_pieces_theirs(&s));
        }

        #[test]
        fn word_pieces_agree_on_any_text(s in "\\PC{0,40}") {
            prop_assert_eq!(word_pieces_ours(&s), word_pieces_theirs(&s));
        }
    }
}
