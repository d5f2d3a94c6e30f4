//! The pattern language of SPEC §5, parsed into a small AST.
//!
//! | pattern | matches |
//! |---|---|
//! | `occupation` | that word, any case |
//! | `=US` | that word in exactly this case |
//! | `occup*`, `*keeping`, `neutral?` | a glob on one token |
//! | `~occupy` | a token whose stem equals the stem of `occupy` |
//! | `illegally occupied` | a phrase: consecutive tokens of one sentence |
//! | `@pashinyan` | a mention of a gazetteer entity |
//! | `A NEAR/10 B` | A and B in one sentence, either order, ≤ 10 tokens between |
//! | `A BEFORE/5 B` | A before B in one sentence, ≤ 5 tokens between |
//! | `/^occup(y\|ied)$/` | a regular expression over one case-folded token |
//!
//! Each side of `NEAR`/`BEFORE` is a phrase of one or more elements.
//! `PRE/n` (LexisNexis) is read as `BEFORE/n` and `W/n` (Nexis: "within n
//! words", either order) as `NEAR/n`; operators may be written in any case,
//! and a pattern has at most one of them.
//!
//! `AND`, `OR` and `NOT` written in capitals as words of their own are
//! refused, with what to write instead: framelens has no boolean operators
//! (`NEAR/n` for two terms in one sentence, one pattern per alternative, the
//! frame's `exclude` list for what must not count). In lower or mixed case
//! they are ordinary words (`law and order`); `=AND` matches the word AND in
//! capitals.
//!
//! Refused too, since they are surely mistakes: a term that matches every
//! word (the glob `*`, the regexes `//`, `/.*/`, `/\w/`, …) and a term that
//! can never match (a possessive `'s`, which tokenization cuts off words).

use std::fmt;

use crate::gazetteer::Gazetteer;
use crate::model::NONE;
use crate::tokenize::Analyzer;

/// One element of a phrase: what a single position must match.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Element {
    /// A word, case-folded (or exact when `exact`).
    Word {
        /// The word.
        text: String,
        /// Compare the surface, not the folded word.
        exact: bool,
    },
    /// A glob over one token: `*` any run, `?` one character.
    Glob {
        /// The glob as written (hyphens and apostrophes normalised).
        glob: String,
        /// Compare the surface, not the folded word.
        exact: bool,
    },
    /// A token whose stem equals the stem of this word.
    Stem(String),
    /// A regular expression over one case-folded token.
    Regex(String),
    /// A mention of a gazetteer entity, by index.
    Entity(u32),
}

/// A phrase with its alternative spellings: a hyphenated word in a pattern
/// (`peace-keeping`) also matches its joined form (`peacekeeping`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// Each alternative is a sequence of elements; the first is as written.
    pub alternatives: Vec<Vec<Element>>,
}

/// The proximity operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    /// Either order.
    Near,
    /// The first before the second.
    Before,
}

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// A phrase (one element or more).
    Phrase(Phrase),
    /// `A NEAR/n B` or `A BEFORE/n B`.
    Proximity {
        /// NEAR or BEFORE.
        op: Operator,
        /// At most this many tokens between the two.
        window: u32,
        /// The first term: one hit per occurrence of it.
        first: Phrase,
        /// The second term.
        second: Phrase,
    },
}

/// A pattern that cannot be parsed: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// The pattern as written.
    pub pattern: String,
    /// Byte offset of the fault in the pattern.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let col = self.pattern[..self.at.min(self.pattern.len())].chars().count();
        write!(f, "{}\n    {}\n    {}^", self.message, self.pattern, " ".repeat(col))
    }
}

/// Parses a pattern. Entity names are checked against `gazetteer`; words
/// are tokenized with `analyzer`, as the text is.
///
/// # Errors
/// An empty pattern, an unknown entity, a bad regex, a glob with no letter, an
/// operator without a number or without a term on each side, or two operators.
///
/// # Examples
/// ```
/// use framelens::frames::pattern::{parse, Pattern, Operator};
/// use framelens::gazetteer::Gazetteer;
/// use framelens::tokenize::Analyzer;
/// let p = parse("punish* NEAR/10 occup*", &Gazetteer::empty(), &Analyzer::new("en")).unwrap();
/// assert!(matches!(p, Pattern::Proximity { op: Operator::Near, window: 10, .. }));
/// let err = parse("punish* NEAR/ x", &Gazetteer::empty(), &Analyzer::new("en")).unwrap_err();
/// assert_eq!(err.at, 8);
/// ```
pub fn parse(
    pattern: &str,
    gazetteer: &Gazetteer,
    analyzer: &Analyzer,
) -> Result<Pattern, PatternError> {
    let err =
        |at: usize, message: String| PatternError { pattern: pattern.to_string(), at, message };
    let pieces: Vec<(usize, &str)> = split_whitespace_indices(pattern);
    if pieces.is_empty() {
        return Err(err(0, "empty pattern".into()));
    }
    let mut operator: Option<(usize, Operator, u32)> = None;
    for (i, &(at, piece)) in pieces.iter().enumerate() {
        if let Some(message) = boolean_operator(piece) {
            return Err(err(at, message));
        }
        if let Some((op, window)) = operator_of(piece).transpose().map_err(|m| err(at, m))? {
            if operator.is_some() {
                return Err(err(
                    at,
                    "only one NEAR or BEFORE per pattern; write two patterns".into(),
                ));
            }
            operator = Some((i, op, window));
        }
    }
    match operator {
        None => Ok(Pattern::Phrase(phrase(&pieces, pattern, gazetteer, analyzer)?)),
        Some((i, op, window)) => {
            let at = pieces[i].0;
            if i == 0 || i == pieces.len() - 1 {
                let side = if i == 0 { "before" } else { "after" };
                return Err(err(at, format!("{} needs a term {side} it", pieces[i].1)));
            }
            let first = phrase(&pieces[..i], pattern, gazetteer, analyzer)?;
            let second = phrase(&pieces[i + 1..], pattern, gazetteer, analyzer)?;
            Ok(Pattern::Proximity { op, window, first, second })
        }
    }
}

/// What to write instead of a boolean operator typed in capitals (`AND`,
/// `OR`, `NOT`), or `None` for any other piece.
fn boolean_operator(piece: &str) -> Option<String> {
    let instead = match piece {
        "AND" => "for two terms in one sentence write NEAR/n, as in 'Baku NEAR/10 Moscow'",
        "OR" => "write one pattern per alternative, as in patterns = [\"Baku\", \"Moscow\"]",
        "NOT" => "list what must not count in the frame's exclude patterns",
        _ => return None,
    };
    Some(format!(
        "{piece} is not an operator in framelens: {instead} \
         (in lower case, '{}' is matched as a word; =AND matches it in capitals)",
        piece.to_lowercase()
    ))
}

/// `Some(Ok(..))` for a valid operator, `Some(Err)` for a malformed one,
/// `None` for an ordinary piece.
fn operator_of(piece: &str) -> Option<Result<(Operator, u32), String>> {
    let (name, rest) = piece.split_once('/')?;
    let op = match name.to_ascii_uppercase().as_str() {
        "NEAR" | "W" => Operator::Near,
        "BEFORE" | "PRE" => Operator::Before,
        _ => return None,
    };
    Some(match rest.parse::<u32>() {
        Ok(n) if n <= 1000 => Ok((op, n)),
        _ => Err(format!(
            "{} needs a number of tokens, as in {}/10",
            name.to_ascii_uppercase(),
            name.to_ascii_uppercase()
        )),
    })
}

fn split_whitespace_indices(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

fn phrase(
    pieces: &[(usize, &str)],
    pattern: &str,
    gazetteer: &Gazetteer,
    analyzer: &Analyzer,
) -> Result<Phrase, PatternError> {
    let err =
        |at: usize, message: String| PatternError { pattern: pattern.to_string(), at, message };
    // each piece gives one or more alternatives of one or more elements
    let mut alternatives: Vec<Vec<Element>> = vec![Vec::new()];
    for &(at, piece) in pieces {
        let options = element(piece, gazetteer, analyzer).map_err(|m| err(at, m))?;
        let mut next = Vec::new();
        for prefix in &alternatives {
            for option in &options {
                let mut seq = prefix.clone();
                seq.extend(option.iter().cloned());
                next.push(seq);
            }
        }
        alternatives = next;
        if alternatives.len() > 64 {
            return Err(err(at, "too many hyphenated words in one phrase".into()));
        }
    }
    Ok(Phrase { alternatives })
}

/// One piece of a pattern: its alternative element sequences.
fn element(
    piece: &str,
    gazetteer: &Gazetteer,
    analyzer: &Analyzer,
) -> Result<Vec<Vec<Element>>, String> {
    if let Some(id) = piece.strip_prefix('@') {
        return match gazetteer.entity_index(id) {
            Some(e) => Ok(vec![vec![Element::Entity(e)]]),
            // the gazetteer's own errors say what is wrong: no alternative,
            // so the pattern matches nothing (and the lexicons do not load)
            None if gazetteer.is_failed() => Ok(Vec::new()),
            None if gazetteer.entities().is_empty() => Err(format!(
                "unknown entity '@{id}': there is no gazetteer (entities.toml or entities.csv in the lexicons folder)"
            )),
            None => Err(format!("unknown entity '@{id}': no entity with that id in the gazetteer")),
        };
    }
    if piece.len() >= 2 && piece.starts_with('/') && piece.ends_with('/') {
        let re = &piece[1..piece.len() - 1];
        // Parsed here to report syntax errors with the pattern; compiled once,
        // with the whole lexicon's, by the frame set.
        regex_syntax::parse(re)
            .map_err(|e| format!("bad regular expression: {}", first_line(&e.to_string())))?;
        if matches_every_word(re) {
            return Err(format!(
                "the regular expression {piece} matches every word, as '*' would: \
                 name what it should match, as in /^occup/"
            ));
        }
        return Ok(vec![vec![Element::Regex(re.to_string())]]);
    }
    if piece.starts_with('/') {
        return Err("a regular expression must end with '/', as in /^occup(y|ied)$/".into());
    }
    if let Some(word) = piece.strip_prefix('~') {
        let t = analyzer.tokenize(word);
        if word.contains(['*', '?']) || t.tokens.len() != 1 {
            return Err(format!("'~' takes one plain word, as in ~occupy (got '{word}')"));
        }
        return Ok(vec![vec![Element::Stem(t.words[0].folded.clone())]]);
    }
    let (exact, body) = match piece.strip_prefix('=') {
        Some(b) => (true, b),
        None => (false, piece),
    };
    if let Some(message) = never_matches(body) {
        return Err(message);
    }
    if body.contains(['*', '?']) {
        let mut glob = String::new();
        crate::normalize::normalize_word(body, &mut glob);
        glob.retain(|c| !crate::normalize::is_hyphen(c));
        if !glob.chars().any(char::is_alphanumeric) {
            return Err(format!(
                "the glob '{body}' holds no letter or digit: it would match every word"
            ));
        }
        if !exact {
            glob = glob.to_lowercase();
        }
        return Ok(vec![vec![Element::Glob { glob, exact }]]);
    }
    let t = analyzer.tokenize(body);
    if t.tokens.is_empty() {
        return Err(format!("'{piece}' holds no word"));
    }
    let word = |w: u32| {
        let w = &t.words[w as usize];
        Element::Word { text: if exact { w.surface.clone() } else { w.folded.clone() }, exact }
    };
    let parts: Vec<Element> = t.tokens.iter().map(|tok| word(tok.word)).collect();
    let mut options = vec![parts];
    if !t.compounds.is_empty() {
        let mut joined = Vec::new();
        let mut i = 0;
        while i < t.tokens.len() {
            let tok = &t.tokens[i];
            if tok.compound != NONE {
                let c = &t.compounds[tok.compound as usize];
                joined.push(word(c.word));
                i = c.last as usize + 1;
            } else {
                joined.push(word(tok.word));
                i += 1;
            }
        }
        options.push(joined);
    }
    Ok(options)
}

/// Words of every kind a text holds: a regular expression that matches all
/// of them is taken to match every word (`//`, `/.*/`, `/^.+$/`, `/\w/`).
const EVERY_KIND_OF_WORD: &[&str] =
    &["a", "z", "q", "x7", "7", "1984", "occupation", "пашинян", "փաշինյան", "ß", "中", "i'm"];

/// Whether a (valid) regular expression matches every word: it matches
/// each of [`EVERY_KIND_OF_WORD`]. A regex anchored at the start with
/// literal prefixes (`/^occup/`, most of a lexicon's) cannot, and is not
/// compiled here; the rest are compiled to their forward NFA only, as the
/// frame set does.
fn matches_every_word(re: &str) -> bool {
    use regex_automata::meta::Regex;
    use regex_syntax::hir::Look;
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(re) else { return false };
    if hir.properties().look_set_prefix().contains(Look::Start) {
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        if seq.literals().is_some_and(|l| !l.is_empty() && l.iter().all(|l| !l.is_empty())) {
            return false;
        }
    }
    let config =
        Regex::config().hybrid(false).dfa(false).onepass(false).nfa_size_limit(Some(1 << 20));
    // a regex too large is reported when the frame set compiles it
    let Ok(compiled) = Regex::builder().configure(config).build(re) else { return false };
    EVERY_KIND_OF_WORD.iter().all(|w| compiled.is_match(w))
}

/// Why a word or glob (without its `=`) can never match a token, if it
/// cannot: a possessive `'s` is cut off every word before matching.
fn never_matches(body: &str) -> Option<String> {
    let mut chars = body.chars().rev();
    let (last, before) = (chars.next()?, chars.next()?);
    if !(matches!(last, 's' | 'S') && crate::normalize::is_apostrophe(before)) {
        return None;
    }
    let rest: String = chars.collect();
    let stem = rest.chars().rev().collect::<String>();
    if stem.is_empty() {
        Some(format!(
            "'{body}' can never match: a possessive 's is cut off the word it ends \
             (Russia's is read as Russia), so it is never a word of its own"
        ))
    } else if stem.contains(['*', '?']) {
        Some(format!(
            "'{body}' can never match: a possessive 's is cut off every word before \
             matching; write '{stem}', which matches the word with or without it"
        ))
    } else {
        None
    }
}

fn first_line(s: &str) -> String {
    s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(s).trim().to_string()
}

/// Whether a whole word matches a glob: `*` stands for any run of
/// characters (none included), `?` for exactly one, and any other character
/// for itself; neither wildcard stands for a line feed. The same words as
/// the regular expression [`glob_to_regex`] gives, without compiling one.
///
/// The usual walk with one point to return to: each `*` first takes
/// nothing, and when the rest fails to match, the last `*` takes one more
/// character.
pub fn glob_matches(glob: &str, word: &str) -> bool {
    let (g, w) = (glob.as_bytes(), word.as_bytes());
    let char_len = |s: &str, i: usize| s[i..].chars().next().map_or(1, char::len_utf8);
    let (mut gi, mut wi) = (0, 0);
    // after the last `*` seen: where the glob goes on, and where the word
    // goes on once the `*` has taken what it took so far
    let mut star: Option<(usize, usize)> = None;
    while wi < w.len() {
        if gi < g.len() {
            match g[gi] {
                b'*' => {
                    star = Some((gi + 1, wi));
                    gi += 1;
                    continue;
                }
                b'?' => {
                    if w[wi] != b'\n' {
                        gi += 1;
                        wi += char_len(word, wi);
                        continue;
                    }
                }
                _ => {
                    let n = char_len(glob, gi);
                    if w[wi..].starts_with(&g[gi..gi + n]) {
                        gi += n;
                        wi += n;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((after, taken)) if w[taken] != b'\n' => {
                let taken = taken + char_len(word, taken);
                star = Some((after, taken));
                (gi, wi) = (after, taken);
            }
            _ => return false,
        }
    }
    g[gi..].iter().all(|&b| b == b'*')
}

/// Translates a glob to an anchored regular expression.
pub fn glob_to_regex(glob: &str) -> String {
    let mut re = String::from("^");
    for c in glob.chars() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    re
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Pattern, PatternError> {
        parse(s, &Gazetteer::empty(), &Analyzer::new("en"))
    }

    fn words(list: &[&str]) -> Vec<Element> {
        list.iter().map(|w| Element::Word { text: w.to_string(), exact: false }).collect()
    }

    #[test]
    fn elements() {
        assert_eq!(
            p("Occupation").unwrap(),
            Pattern::Phrase(Phrase { alternatives: vec![words(&["occupation"])] })
        );
        assert_eq!(
            p("illegally occupied").unwrap(),
            Pattern::Phrase(Phrase { alternatives: vec![words(&["illegally", "occupied"])] })
        );
        assert_eq!(
            p("peace-keeping").unwrap(),
            Pattern::Phrase(Phrase {
                alternatives: vec![words(&["peace", "keeping"]), words(&["peacekeeping"])]
            })
        );
        let Pattern::Phrase(ph) = p("Occup* ~Occupied =US /^x$/").unwrap() else { panic!() };
        assert_eq!(
            ph.alternatives[0],
            [
                Element::Glob { glob: "occup*".into(), exact: false },
                Element::Stem("occupied".into()),
                Element::Word { text: "US".into(), exact: true },
                Element::Regex("^x$".into()),
            ]
        );
    }

    #[test]
    fn operators() {
        let Pattern::Proximity { op, window, first, second } =
            p("russia* before/5 occup* forces").unwrap()
        else {
            panic!()
        };
        assert_eq!((op, window), (Operator::Before, 5));
        assert_eq!(first.alternatives[0].len(), 1);
        assert_eq!(second.alternatives[0].len(), 2);
        assert!(matches!(
            p("a PRE/2 b").unwrap(),
            Pattern::Proximity { op: Operator::Before, window: 2, .. }
        ));
        // "near" without a slash is a word
        assert!(matches!(p("near the border").unwrap(), Pattern::Phrase(_)));
    }

    /// Nexis `W/n` ("within n words", either order) is NEAR/n, in any case.
    #[test]
    fn nexis_w_is_near() {
        for text in ["Baku W/5 Moscow", "Baku w/5 Moscow"] {
            let Pattern::Proximity { op, window, first, second } = p(text).unwrap() else {
                panic!("{text}")
            };
            assert_eq!((op, window), (Operator::Near, 5), "{text}");
            assert_eq!(first.alternatives, [words(&["baku"])]);
            assert_eq!(second.alternatives, [words(&["moscow"])]);
        }
        assert!(p("Baku W/x Moscow").unwrap_err().message.starts_with("W needs a number"));
        // a W without a slash is a word
        assert_eq!(
            p("George W Bush").unwrap(),
            Pattern::Phrase(Phrase { alternatives: vec![words(&["george", "w", "bush"])] })
        );
    }

    /// AND, OR, NOT in capitals are refused with what to write instead; in
    /// lower case they are words of a phrase.
    #[test]
    fn boolean_operators_are_refused_with_advice() {
        let cases: &[(&str, usize, &str)] = &[
            ("Baku AND Moscow", 5, "NEAR/n"),
            ("Baku OR Moscow", 5, "one pattern per alternative"),
            ("occup* NOT occupational", 7, "exclude"),
        ];
        for &(pattern, at, advice) in cases {
            let e = p(pattern).unwrap_err();
            assert_eq!(e.at, at, "{pattern}");
            assert!(e.message.contains("is not an operator"), "{pattern}: {}", e.message);
            assert!(e.message.contains(advice), "{pattern}: {}", e.message);
        }
        assert_eq!(
            p("law and order").unwrap(),
            Pattern::Phrase(Phrase { alternatives: vec![words(&["law", "and", "order"])] })
        );
        assert_eq!(
            p("or not").unwrap(),
            Pattern::Phrase(Phrase { alternatives: vec![words(&["or", "not"])] })
        );
        assert_eq!(
            p("=AND").unwrap(),
            Pattern::Phrase(Phrase {
                alternatives: vec![vec![Element::Word { text: "AND".into(), exact: true }]]
            })
        );
    }

    /// Terms that match every word are refused as `*` is; terms that can
    /// never match (a possessive, cut off every word) are refused too.
    #[test]
    fn terms_that_match_everything_or_nothing_are_refused() {
        for pattern in ["//", "/.*/", "/^.*$/", "/.+/", "/\\w/", "occup* //", "x NEAR/2 /.*/"] {
            let e = p(pattern).unwrap_err();
            assert!(e.message.contains("matches every word"), "{pattern}: {}", e.message);
        }
        for pattern in ["'s", "’s", "'S", "=’s", "Russia *'s", "occup*’s"] {
            let e = p(pattern).unwrap_err();
            assert!(e.message.contains("can never match"), "{pattern}: {}", e.message);
        }
        // what stays: a possessive on a word (read as the word), ordinary regexes
        assert_eq!(
            p("Russia's").unwrap(),
            Pattern::Phrase(Phrase { alternatives: vec![words(&["russia"])] })
        );
        for pattern in ["/^occup/", "/^\\d{4}$/", "/s$/", "/^(a|b)$/"] {
            assert!(p(pattern).is_ok(), "{pattern}");
        }
    }

    #[test]
    fn errors_point_at_the_fault() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "empty pattern"),
            ("punish* NEAR/ x", 8, "NEAR needs a number of tokens"),
            ("NEAR/3 x", 0, "NEAR/3 needs a term before it"),
            ("x BEFORE/3", 2, "BEFORE/3 needs a term after it"),
            ("a NEAR/2 b NEAR/2 c", 11, "only one NEAR or BEFORE"),
            ("a @nobody", 2, "unknown entity '@nobody'"),
            ("/occup(/", 0, "bad regular expression"),
            ("/occup", 0, "a regular expression must end with '/'"),
            ("x *", 2, "the glob '*' holds no letter or digit"),
            ("~occup*", 0, "'~' takes one plain word"),
            ("a -- b", 2, "'--' holds no word"),
        ];
        for (pattern, at, msg) in cases {
            let e = p(pattern).unwrap_err();
            assert_eq!(e.at, *at, "{pattern:?}: {e}");
            assert!(e.message.starts_with(msg), "{pattern:?}: {}", e.message);
        }
        let shown = p("punish* NEAR/ x").unwrap_err().to_string();
        assert_eq!(shown.lines().last().unwrap(), "            ^");
    }

    #[test]
    fn globs_match_whole_words() {
        let cases: &[(&str, &str, bool)] = &[
            ("occup*", "occup", true),
            ("occup*", "occupation", true),
            ("occup*", "preoccupation", false),
            ("neutral?", "neutrals", true),
            ("neutral?", "neutral", false),
            ("neutral?", "neutralis", false),
            ("*ation", "occupation", true),
            ("*ation", "nations", false),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("a*bc", "abcbc", true),
            ("a.b*", "a.bc", true),
            ("a.b*", "axbc", false),
            ("пашинян*", "пашиняна", true),
            ("?ашинян", "пашинян", true),
            ("??", "пa", true),
            ("??", "п", false),
            ("*", "", true),
            ("?", "", false),
            ("a*", "a\nb", false),
            ("", "", true),
        ];
        for &(glob, word, want) in cases {
            assert_eq!(glob_matches(glob, word), want, "{glob:?} on {word:?}");
            let re = regex::Regex::new(&glob_to_regex(glob)).unwrap();
            assert_eq!(re.is_match(word), want, "{glob:?} on {word:?} as a regex");
        }
    }

    #[test]
    fn globs_become_anchored_regexes() {
        assert_eq!(glob_to_regex("occup*"), "^occup.*$");
        assert_eq!(glob_to_regex("neutral?"), "^neutral.$");
        assert_eq!(glob_to_regex("a.b*"), "^a\\.b.*$");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn globs_match_what_their_regexes_match(
            glob in "[ab*?.\u{e9}\u{43f}\n]{0,8}",
            word in "[ab.\u{e9}\u{43f}\n]{0,10}",
        ) {
            let re = regex::Regex::new(&glob_to_regex(&glob)).unwrap();
            prop_assert_eq!(glob_matches(&glob, &word), re.is_match(&word));
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,60}") {
            let _ = parse(&s, &Gazetteer::empty(), &Analyzer::new("en"));
        }

        #[test]
        fn parser_never_panics_on_pattern_like_text(
            parts in prop::collection::vec(prop::sample::select(vec![
                "occup*", "NEAR/3", "BEFORE/", "near/x", "@x", "~", "~stem", "/^a$/", "/(/", "=US", "*", "?",
                "peace-keeping", "’s", "", "PRE/0", "\u{AD}", "Пашинян*",
            ]), 0..8)
        ) {
            let _ = parse(&parts.join(" "), &Gazetteer::empty(), &Analyzer::new("en"));
        }
    }
}
