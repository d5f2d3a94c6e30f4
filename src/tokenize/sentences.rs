//! Sentence boundaries (UAX #29), fast for ASCII text, and the tokenizer's
//! sentences: those boundaries less the ones after an abbreviation.
//!
//! [`sentence_ends`] gives exactly the sentence ends of unicode-segmentation's
//! `split_sentence_bound_indices`, but runs the sentence-boundary rules itself
//! on lines that are pure ASCII, which is most lines of an English text.
//!
//! Why the text can be cut into lines: a sentence always ends after a
//! paragraph separator (CR, LF, CR LF as one, U+0085, U+2028, U+2029; rule
//! SB4), and no rule looks across one. The rules that look back (SB6 to SB11)
//! need a terminator followed only by closing punctuation and spaces, and the
//! look-ahead of SB8 stops at a paragraph separator. So each line, with its
//! separator, has the same boundaries on its own as inside the whole text. An
//! ASCII line runs through the rules below; any other line runs through
//! unicode-segmentation.
//!
//! ASCII sentence-break categories (UAX #29, table 4): CR, LF, Sp (tab, VT,
//! FF, space), Lower (`a`–`z`), Upper (`A`–`Z`), Numeric (`0`–`9`), ATerm
//! (`.`), STerm (`!` `?`), Close (`"` `'` `(` `)` `[` `]` `{` `}`), SContinue
//! (`,` `-` `:` `;`) and Other. No ASCII character is OLetter, Extend, Format
//! or Sep.
//!
//! Within a line, a sentence can only end after a terminator (`.`, `!`, `?`)
//! and the closing punctuation and spaces that follow it (SB9, SB10). It ends
//! before the next character (SB11) unless that character is SContinue or
//! another terminator (SB8a), a digit right after `.` (SB6, `3.5`), an upper
//! case letter right after letter-`.` (SB7, `U.S.`), or, after `.`, the next
//! letter or terminator is a lower case letter (SB8, `etc. and`).
//!
//! The tokenizer's sentences (`sentence_bounds`, SPEC §3) do not end after a
//! title or common abbreviation (`Gen.`, `U.S.`, `Sept.`) or a single
//! initial (`J.`); a line break always ends one.

use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::is_invisible;

/// Byte offsets where UAX #29 sentences end: the end offset of every sentence
/// that `s.split_sentence_bound_indices()` yields, in order, INCLUDING the last
/// one (which is s.len() when s is non-empty). Empty for an empty string.
pub fn sentence_ends(s: &str, out: &mut Vec<usize>) {
    let bytes = s.as_bytes();
    let mut line = 0;
    while line < bytes.len() {
        let mark = out.len();
        line = match ascii_line(bytes, line, out) {
            Ok(next) => next,
            Err(non_ascii) => {
                out.truncate(mark);
                match stand_in_line(s, line, out) {
                    Some(next) => next,
                    None => other_line(s, line, non_ascii, out),
                }
            }
        };
    }
}

// ASCII sentence-break categories, one byte each.
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const NUMERIC: u8 = 3;
const SP: u8 = 4;
const CLOSE: u8 = 5;
const SCONTINUE: u8 = 6;
const ATERM: u8 = 7;
const STERM: u8 = 8;
const CR: u8 = 9;
const LF: u8 = 10;
const NON_ASCII: u8 = 11;

/// Category of every byte; bytes of non-ASCII characters are [`NON_ASCII`].
static CAT: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = match b as u8 {
            b'\r' => CR,
            b'\n' => LF,
            b'\t' | 0x0B | 0x0C | b' ' => SP,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => NUMERIC,
            b'.' => ATERM,
            b'!' | b'?' => STERM,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => CLOSE,
            b',' | b'-' | b':' | b';' => SCONTINUE,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// True for the bytes a line scan stops at: terminators, CR, LF, non-ASCII.
static STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(CAT[b], ATERM | STERM | CR | LF | NON_ASCII);
        b += 1;
    }
    t
};

fn cat(b: u8) -> u8 {
    CAT[b as usize]
}

/// Pushes the sentence ends of the line starting at `start`, its last end
/// included, and returns that end (where the next line starts). Fails with
/// the offset of a non-ASCII byte if the line has one; the bytes from `start`
/// up to that offset are then ASCII and hold no CR or LF. Some ends may have
/// been pushed by then.
fn ascii_line(bytes: &[u8], start: usize, out: &mut Vec<usize>) -> Result<usize, usize> {
    let n = bytes.len();
    let mut i = start;
    loop {
        while i < n && !STOP[bytes[i] as usize] {
            i += 1;
        }
        if i == n {
            out.push(n);
            return Ok(n);
        }
        match cat(bytes[i]) {
            CR | LF => return Ok(line_end(bytes, i, out)),
            NON_ASCII => return Err(i),
            _ => i = after_terminator(bytes, start, i, out)?,
        }
    }
}

/// Pushes and returns the end of a line whose separator (CR, LF or CR LF)
/// starts at `i`.
fn line_end(bytes: &[u8], i: usize, out: &mut Vec<usize>) -> usize {
    let end = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
    out.push(end);
    end
}

/// Handles the terminator at `t` (`.`, `!` or `?`) of the ASCII line starting
/// at `start`: pushes the sentence end that follows it, if any, and returns
/// where the line scan goes on.
fn after_terminator(
    bytes: &[u8],
    start: usize,
    mut t: usize,
    out: &mut Vec<usize>,
) -> Result<usize, usize> {
    let n = bytes.len();
    loop {
        // SATerm Close* Sp*: no break inside (SB9, SB10).
        let mut j = t + 1;
        while j < n && cat(bytes[j]) == CLOSE {
            j += 1;
        }
        while j < n && cat(bytes[j]) == SP {
            j += 1;
        }
        if j == n {
            return Ok(n);
        }
        let aterm = bytes[t] == b'.';
        match cat(bytes[j]) {
            // SB9, SB10: no break before the separator; SB4 after it, which
            // the line scan pushes.
            CR | LF => return Ok(j),
            NON_ASCII => return Err(j),
            // SB8a: another terminator continues the sentence and starts a
            // new terminator run.
            ATERM | STERM => t = j,
            // SB8a
            SCONTINUE => return Ok(j + 1),
            // SB6
            NUMERIC if aterm && j == t + 1 => return Ok(j + 1),
            // SB7
            UPPER
                if aterm
                    && j == t + 1
                    && t > start
                    && matches!(cat(bytes[t - 1]), UPPER | LOWER) =>
            {
                return Ok(j + 1);
            }
            _ => {
                if aterm {
                    // SB8: skip anything but letters, terminators and
                    // separators; a lower case letter there joins.
                    let mut k = j;
                    loop {
                        match bytes.get(k).map(|&b| cat(b)) {
                            None => break,
                            Some(LOWER) => return Ok(k + 1),
                            Some(NON_ASCII) => return Err(k),
                            Some(UPPER | ATERM | STERM | CR | LF) => break,
                            Some(_) => k += 1,
                        }
                    }
                    // SB11; nothing in j..k stops the line scan.
                    out.push(j);
                    return Ok(k);
                }
                // SB11
                out.push(j);
                return Ok(j + 1);
            }
        }
    }
}

/// Runs the ASCII rules on a line whose only non-ASCII characters are
/// common in news text, each read as an ASCII character of the same
/// sentence-break category: curly quotes U+2018–U+201F as `'` (Close), en
/// and em dashes as `-` (SContinue), the no-break space as a space (Sp),
/// the currency signs ¢ £ ¤ ¥ € as `$` (Other), and the letters of Latin-1
/// and Latin Extended-A (`é`, `Ş`, `ğ`; U+00C0–U+017F but `×` and `÷`),
/// each cased, as `a` (Lower) or `A` (Upper).
/// Pushes the line's sentence ends and returns its end; `None`, with nothing
/// pushed, when the line has another non-ASCII character.
fn stand_in_line(s: &str, start: usize, out: &mut Vec<usize>) -> Option<usize> {
    let mut stand_in: Vec<u8> = Vec::new();
    // the offset in `s` of each byte of `stand_in`, and of its end
    let mut at: Vec<usize> = Vec::new();
    let mut end = s.len();
    let mut prev_cr = false;
    for (i, c) in s[start..].char_indices() {
        if prev_cr && c != '\n' {
            end = start + i;
            break;
        }
        let b = match c {
            c if c.is_ascii() => c as u8,
            '\u{2018}'..='\u{201F}' => b'\'',
            '\u{2013}' | '\u{2014}' => b'-',
            '\u{A0}' => b' ',
            '\u{A2}'..='\u{A5}' | '\u{20AC}' => b'$',
            '\u{C0}'..='\u{17F}' if c != '\u{D7}' && c != '\u{F7}' => {
                if c.is_lowercase() {
                    b'a'
                } else {
                    b'A'
                }
            }
            _ => return None,
        };
        stand_in.push(b);
        at.push(start + i);
        if c == '\n' {
            end = start + i + 1;
            break;
        }
        prev_cr = c == '\r';
    }
    at.push(end);
    let mark = out.len();
    let mut next = 0;
    while next < stand_in.len() {
        next = ascii_line(&stand_in, next, out).ok()?;
    }
    for e in &mut out[mark..] {
        *e = at[*e];
    }
    Some(end)
}

/// Pushes the sentence ends of the line starting at `start` through
/// unicode-segmentation and returns its end. The line's first non-ASCII byte
/// is at `non_ascii`; there is no separator before it.
fn other_line(s: &str, start: usize, non_ascii: usize, out: &mut Vec<usize>) -> usize {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    let mut i = non_ascii;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                end = i + 1;
                break;
            }
            b'\r' => {
                end = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                break;
            }
            // U+0085 is C2 85; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            0xC2 if bytes.get(i + 1) == Some(&0x85) => {
                end = i + 2;
                break;
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                end = i + 3;
                break;
            }
            _ => i += 1,
        }
    }
    for (offset, sentence) in s[start..end].split_sentence_bound_indices() {
        out.push(start + offset + sentence.len());
    }
    end
}

/// Titles and abbreviations after which no sentence ends (SPEC §3).
/// Compared with the word before the final period, case as written.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Maj", "Capt", "Cpt", "Sgt", "Cpl", "Adm",
    "Cmdr", "Brig", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb", "St", "Mt", "Ft", "Jr", "Sr",
    "No", "Nos", "Vol", "Art", "Fig", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "vs", "approx", "cf", "ca", "e.g", "i.e", "U.S", "U.K", "U.N",
    "E.U", "U.S.S.R", "U.S.A",
];

/// Byte offsets (within `segment`) where sentences end, after merging the
/// UAX #29 breaks that follow abbreviations.
pub(super) fn sentence_bounds(segment: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    sentence_ends(segment, &mut ends);
    let mut bounds = Vec::new();
    let mut start = 0;
    for end in ends {
        if end == segment.len() {
            break;
        }
        let sentence = &segment[start..end];
        start = end;
        if ends_with_abbreviation(sentence) {
            continue;
        }
        bounds.push(end);
    }
    bounds
}

/// True when a UAX #29 sentence ends in an abbreviation that does not end a
/// sentence, such as `Gen.` or `U.S.`, and not in a line break.
fn ends_with_abbreviation(sentence: &str) -> bool {
    if sentence.ends_with(['\n', '\r', '\u{2029}', '\u{2028}', '\u{85}']) {
        return false;
    }
    let trimmed = sentence.trim_end_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let Some(before_dot) = trimmed.strip_suffix('.') else { return false };
    let word = before_dot
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '‘' | '\''))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let single_initial =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_initial || ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(s: &str) -> Vec<usize> {
        let mut out = Vec::new();
        sentence_ends(s, &mut out);
        out
    }

    fn theirs(s: &str) -> Vec<usize> {
        s.split_sentence_bound_indices().map(|(offset, sentence)| offset + sentence.len()).collect()
    }

    #[test]
    fn ends_worked_by_hand() {
        let cases: &[(&str, &[usize])] = &[
            ("", &[]),
            ("Hello. World", &[7, 12]),
            // SB7: letter-period before an upper case letter joins
            ("U.S. forces", &[11]),
            ("U.S. Forces", &[5, 11]),
            // SB8: the next letter is lower case
            ("etc. and then", &[13]),
            ("Gen. Ivanov", &[5, 11]),
            ("He said (\"no.\") Then", &[16, 20]),
            ("He said (\"no.\") then", &[20]),
            ("3.5 million", &[11]),
            ("Wait!! Really?", &[7, 14]),
            ("Wait! really", &[6, 12]),
            ("a.\n\nb", &[3, 4, 5]),
            ("x\r\ny", &[3, 4]),
            ("x\n\ry\r", &[2, 3, 5]),
            ("Yes. 12 more. Then", &[14, 18]),
            ("No.1 and no. 2", &[13, 14]),
            ("Stop. - ok. \"So", &[12, 15]),
            ("Stop?, he said.", &[15]),
            ("Well... OK", &[8, 10]),
            ("e.g. (see below) Yes", &[20]),
            ("a. .b", &[5]),
            ("Hi.\u{2029}Yo", &[6, 8]),
            ("Hi. Yo\u{85}“No.” Yes", &[4, 8, 18, 21]),
        ];
        for (text, want) in cases {
            assert_eq!(ours(text), *want, "{text:?}");
            assert_eq!(ours(text), theirs(text), "{text:?}");
        }
    }

    #[test]
    fn appends_to_out() {
        let mut out = vec![99];
        sentence_ends("A. B", &mut out);
        assert_eq!(out, [99, 3, 4]);
    }

    /// Every ASCII character, in all short strings with characters of each
    /// category: checks the category table above against unicode-segmentation.
    #[test]
    fn each_ascii_character_has_the_right_category() {
        let alphabet = ['a', 'A', '1', '.', '!', ' ', ')', ',', '_', '\n'];
        let mut s = String::new();
        for c in (0..0x80u8).map(char::from) {
            let chars: Vec<char> = std::iter::once(c).chain(alphabet).collect();
            let k = chars.len();
            for len in 1..=4 {
                for mut code in 0..k.pow(len) {
                    s.clear();
                    for _ in 0..len {
                        s.push(chars[code % k]);
                        code /= k;
                    }
                    if s.contains(c) {
                        assert_eq!(ours(&s), theirs(&s), "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn agrees_with_unicode_segmentation_on_the_corpus() {
        let texts = crate::shipped_texts();
        assert_eq!(texts.len(), 5);
        for (path, text) in texts {
            assert_eq!(ours(&text), theirs(&text), "{}", path.display());
            // and the same text with one kind of line separator only
            let ascii: String = text.chars().filter(char::is_ascii).collect();
            assert_eq!(ours(&ascii), theirs(&ascii), "{}", path.display());
            let crlf = ascii.replace('\n', "\r\n");
            assert_eq!(ours(&crlf), theirs(&crlf), "{}", path.display());
        }
    }

    #[test]
    fn every_stand_in_character_agrees() {
        let stand_ins = ('\u{A2}'..='\u{A5}')
            .chain(['\u{20AC}', '\u{D7}', '\u{F7}'])
            .chain('\u{C0}'..='\u{17F}');
        for c in stand_ins {
            for text in [
                format!("x. {c}b."),
                format!("X.{c} The end."),
                format!("A {c}. b? {c}"),
                format!("{c}.\n{c}! \"{c}\" Z"),
            ] {
                assert_eq!(ours(&text), theirs(&text), "{text:?}");
            }
        }
    }

    /// Pieces of text around abbreviations, numbers and quotations.
    const WORDS: [&str; 19] = [
        "Dr", "Mr", "e.g", "U.S", "etc", "The", "a", "I", "3", ".", "...", "!", "?", "\"", ")",
        ",", " ", "\n", "\r\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn agrees_on_sentence_punctuation(
            s in "[abZY12.!? \t\n\r\"'()\\[\\],\\-:;_#]{0,60}"
        ) {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        #[test]
        fn agrees_on_sentence_words(
            words in prop::collection::vec(prop::sample::select(&WORDS[..]), 0..30)
        ) {
            let s = words.concat();
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        #[test]
        fn agrees_on_any_ascii(s in "[\\x00-\\x7F]{0,80}") {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        #[test]
        fn agrees_on_mixed_text(
            s in "[aZ1.!? \n\r\"()’“”éЯ\u{2029}\u{2028}\u{85}。\u{A0}\u{AD}\u{301}\u{2013}]{0,60}"
        ) {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        /// Lines with only the stand-in characters take the ASCII rules.
        #[test]
        fn agrees_on_typographic_text(
            s in "[aZ1.!?,; \n\r\"()\u{2018}-\u{201F}\u{2013}\u{2014}\u{A0}\u{2012}\u{2015}\u{9F}\u{A1}]{0,60}"
        ) {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        /// Currency signs and Latin letters next to sentence punctuation, and
        /// the characters just outside the ranges read as stand-ins.
        #[test]
        fn agrees_on_latin_letters_and_currency(
            s in "[aZ1.!? \n\"()\u{A1}-\u{A6}\u{20AC}\u{20AB}\u{BF}-\u{FF}\u{100}-\u{180}\u{2019}]{0,60}"
        ) {
            prop_assert_eq!(ours(&s), theirs(&s));
        }

        #[test]
        fn agrees_on_any_text(s in "\\PC{0,60}") {
            prop_assert_eq!(ours(&s), theirs(&s));
        }
    }
}
