//! Boilerplate: text an outlet's pages carry that is not the article (SPEC §3).
//!
//! Rules live in `lexicons/boilerplate.toml`. Each is a regular expression,
//! global or for one outlet, matched against a folded copy of the text
//! (curly quotes and apostrophes as ASCII, no-break spaces as spaces, soft
//! hyphens removed), so a rule written with `'` also cuts `’`. Patterns are in
//! multi-line mode: `^` and `$` match at line starts and ends; `\A` and `\z`
//! are the text's start and end. What matches is cut before tokenizing and
//! reported per article.
//!
//! Each rule's syntax is read for where its matches can begin and what they
//! must contain, so that a rule runs only where it can match:
//!
//! * a rule that begins with `\A` is tried only at the start of the text,
//!   and one that begins with `^` and never crosses a line break (most do)
//!   only at the start of each line whose first byte can begin a match, so
//!   each try ends within its line;
//! * any other rule needs one of a few strings that are rare in article text
//!   (`cookies`, `Related`: [`required_literals`]); a rule runs only on an
//!   article where a search for its strings, fast because they are few and
//!   rare, finds one.
//!
//! ```toml
//! [[rule]]
//! id = "mei-disclaimer"
//! outlet = "mei"            # omit for a rule that applies to every outlet
//! description = "MEI's independence and donor statement"
//! pattern = '''The Middle East Institute \(MEI\) is an independent(?s:.*?)please click here\.'''
//! ```

use std::path::Path;

use aho_corasick::AhoCorasick;
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use serde::Deserialize;

use crate::error::{Error, Location};
use crate::model::{Cut, Span};
use crate::normalize::FoldedText;
use crate::toml_util;

/// One compiled boilerplate rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Its id, reported with what it cut.
    pub id: String,
    /// The outlet it applies to; `None` for all outlets.
    pub outlet: Option<String>,
    /// What it removes, in words.
    pub description: String,
    regex: Regex,
    /// Where its matches can begin.
    starts: Starts,
    /// The bytes a non-empty match can begin with.
    first_bytes: Box<[bool; 256]>,
}

/// Where a rule is tried, read from its syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Starts {
    /// Over the whole text.
    Anywhere,
    /// At the start of each line: its matches begin there (`^`, in
    /// multi-line mode) and hold no line break, so that a try that fails
    /// reads no further than its line.
    Lines,
    /// At the start of the text only (`\A`).
    Text,
}

impl Starts {
    fn of(hir: &Hir) -> Starts {
        let prefix = hir.properties().look_set_prefix();
        if prefix.contains(Look::Start) {
            Starts::Text
        } else if prefix.contains(Look::StartLF) && !may_hold(hir, b'\n') {
            Starts::Lines
        } else {
            Starts::Anywhere
        }
    }
}

/// False when no match of `hir` can hold the ASCII byte `byte`.
fn may_hold(hir: &Hir, byte: u8) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&byte),
        HirKind::Class(Class::Unicode(class)) => {
            class.iter().any(|r| (r.start()..=r.end()).contains(&char::from(byte)))
        }
        HirKind::Class(Class::Bytes(class)) => {
            class.iter().any(|r| (r.start()..=r.end()).contains(&byte))
        }
        HirKind::Repetition(rep) => may_hold(&rep.sub, byte),
        HirKind::Capture(cap) => may_hold(&cap.sub, byte),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().any(|part| may_hold(part, byte))
        }
    }
}

/// The bytes a non-empty match of `hir` can begin with (a few more, for a
/// class: the lead bytes of its ranges' ends and all between).
fn first_bytes(hir: &Hir) -> Box<[bool; 256]> {
    let mut set = Box::new([false; 256]);
    add_first_bytes(hir, &mut set);
    set
}

/// Adds the bytes a match of `hir` can begin with to `set`; true when `hir`
/// can match the empty string, so that what follows it can begin a match too.
fn add_first_bytes(hir: &Hir, set: &mut [bool; 256]) -> bool {
    let mut lead = |first: u8, last: u8| set[first as usize..=last as usize].fill(true);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => {
            lead(lit.0[0], lit.0[0]);
            false
        }
        HirKind::Class(Class::Unicode(class)) => {
            let utf8 = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            class.iter().for_each(|r| lead(utf8(r.start()), utf8(r.end())));
            false
        }
        HirKind::Class(Class::Bytes(class)) => {
            class.iter().for_each(|r| lead(r.start(), r.end()));
            false
        }
        HirKind::Repetition(rep) => add_first_bytes(&rep.sub, set) || rep.min == 0,
        HirKind::Capture(cap) => add_first_bytes(&cap.sub, set),
        HirKind::Concat(parts) => parts.iter().all(|part| add_first_bytes(part, set)),
        HirKind::Alternation(alts) => {
            // every branch adds its bytes: no short cut
            let mut empty = false;
            for alt in alts {
                empty |= add_first_bytes(alt, set);
            }
            empty
        }
    }
}

impl Rule {
    /// Calls `found` with each match that cuts something, in order, as
    /// [`Regex::find_iter`] would find them, trying only the starts of lines
    /// (or of the text) whose first byte can begin one. For a rule whose
    /// `starts` is not [`Starts::Anywhere`]: the text has one start, and a
    /// line rule's match holds no line break, so it ends before the next
    /// line begins and no two tries overlap.
    fn find_at_starts(&self, hay: &str, mut found: impl FnMut(usize, usize)) {
        let bytes = hay.as_bytes();
        let lines = memchr::memchr_iter(b'\n', bytes).map(|i| i + 1);
        let starts = std::iter::once(0).chain(lines.filter(|_| self.starts == Starts::Lines));
        // a match at the very end is empty, and empty matches cut nothing;
        // nor can one begin with a byte outside the rule's first bytes
        for at in starts.filter(|&at| at < bytes.len() && self.first_bytes[bytes[at] as usize]) {
            let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
            if let Some(m) = self.regex.search(&input) {
                found(m.start(), m.end());
            }
        }
    }
}

/// A set of boilerplate rules, compiled once and shared by threads.
#[derive(Clone, Debug, Default)]
pub struct Boilerplate {
    rules: Vec<Rule>,
    gate: Gate,
}

/// Which rules can match a text: per rule, a search for the strings one of
/// which each of its matches contains. A search for a few strings that are
/// rare in article text runs at memory speed (a packed or `memmem` search),
/// and stops at the first.
#[derive(Clone, Debug, Default)]
struct Gate {
    /// Per rule: the search it needs to pass; `None` when it always runs.
    searchers: Vec<Option<AhoCorasick>>,
}

/// Required strings shorter than this (in bytes) are too common to be worth
/// a search: such a rule always runs.
const GATE_MIN_BYTES: usize = 3;
/// At most this many required strings per rule.
const GATE_MAX_STRINGS: usize = 64;

impl Gate {
    /// A gate for rules with these syntax trees; rules that are `false` in
    /// `anywhere` are never gated.
    fn new(hirs: &[Hir], anywhere: &[bool]) -> Gate {
        let searchers = hirs
            .iter()
            .zip(anywhere)
            .map(|(hir, &anywhere)| {
                let required = Some(hir)
                    .filter(|_| anywhere)
                    .and_then(required_literals)
                    .filter(|set| set.iter().all(|s| s.len() >= GATE_MIN_BYTES))?;
                Some(AhoCorasick::new(&required).expect("a few short strings build"))
            })
            .collect();
        Gate { searchers }
    }

    /// True when rule `rule` is gated.
    #[cfg(test)]
    fn gated(&self, rule: usize) -> bool {
        self.searchers[rule].is_some()
    }

    /// Whether rule `rule` may match `text`.
    fn may_match(&self, rule: usize, text: &str) -> bool {
        self.searchers[rule].as_ref().is_none_or(|s| s.is_match(text))
    }
}

/// A class's members as strings, or `None` when it has more than
/// [`GATE_MAX_STRINGS`] (only that many are ever expanded).
fn class_members(members: impl Iterator<Item = Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    let set: Vec<Vec<u8>> = members.take(GATE_MAX_STRINGS + 1).collect();
    (set.len() <= GATE_MAX_STRINGS).then_some(set)
}

/// Strings one of which every match of `hir` contains, or `None` when the
/// syntax promises none (a part that may be empty, a large class, a look-
/// around only). Read from a concatenation's part with the longest shortest
/// string, so `(?:Our|This) site uses cookies` requires `cookies`.
pub fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let set = match hir.kind() {
        HirKind::Literal(lit) => vec![lit.0.to_vec()],
        HirKind::Class(Class::Unicode(class)) => class_members(
            class.iter().flat_map(|r| r.start()..=r.end()).map(|c| c.to_string().into_bytes()),
        )?,
        HirKind::Class(Class::Bytes(class)) => {
            class_members(class.iter().flat_map(|r| r.start()..=r.end()).map(|b| vec![b]))?
        }
        HirKind::Repetition(rep) if rep.min >= 1 => return required_literals(&rep.sub),
        HirKind::Capture(cap) => return required_literals(&cap.sub),
        HirKind::Concat(parts) => {
            let shortest = |set: &Vec<Vec<u8>>| set.iter().map(Vec::len).min().unwrap_or(0);
            return parts
                .iter()
                .filter_map(required_literals)
                .max_by(|a, b| shortest(a).cmp(&shortest(b)).then(b.len().cmp(&a.len())));
        }
        HirKind::Alternation(alts) => {
            let mut set = Vec::new();
            for alt in alts {
                set.extend(required_literals(alt)?);
                if set.len() > GATE_MAX_STRINGS {
                    return None;
                }
            }
            set
        }
        _ => return None,
    };
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then_some(set)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    rule: Vec<toml::Spanned<RuleToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleToml {
    id: String,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    description: String,
    pattern: toml::Spanned<String>,
}

impl Boilerplate {
    /// No rules: nothing is cut.
    pub fn empty() -> Boilerplate {
        Boilerplate::default()
    }

    /// Loads `boilerplate.toml`.
    ///
    /// # Errors
    /// Every problem of the file — TOML syntax, an unknown field, a duplicate
    /// id, a bad regular expression — each with file and line.
    pub fn load(path: &Path) -> Result<Boilerplate, Error> {
        let source = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Boilerplate::parse(&source, path)
    }

    /// Parses rules from TOML text; `path` is used in messages.
    pub fn parse(source: &str, path: &Path) -> Result<Boilerplate, Error> {
        let file: FileToml = toml_util::parse(source, path)?;
        let lines = toml_util::LineIndex::new(source);
        let mut errors = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut hirs = Vec::new();
        for spanned in file.rule {
            let line = lines.line(spanned.span().start);
            let raw = spanned.into_inner();
            let at = Location::line(path, line);
            if raw.id.trim().is_empty() {
                errors.push(Error::at(at.clone(), "boilerplate rule with an empty id"));
            }
            if rules.iter().any(|r| r.id == raw.id) {
                errors.push(Error::at(
                    at.clone(),
                    format!("duplicate boilerplate rule id '{}'", raw.id),
                ));
            }
            let pattern_line = lines.line(raw.pattern.span().start);
            let pattern = raw.pattern.into_inner();
            let bad = |e: &dyn std::fmt::Display| {
                Error::at(
                    Location::line(path, pattern_line),
                    format!("rule '{}': bad regular expression {pattern:?}: {e}", raw.id),
                )
            };
            // parsed once: the syntax tells where the rule can match, and
            // the regex crate's engine, without its wrapper, can start a
            // search at a line
            let hir =
                match regex_syntax::ParserBuilder::new().multi_line(true).build().parse(&pattern) {
                    Ok(hir) => hir,
                    Err(e) => {
                        errors.push(bad(&e));
                        continue;
                    }
                };
            match Regex::builder().build_from_hir(&hir) {
                Ok(regex) => {
                    rules.push(Rule {
                        id: raw.id,
                        outlet: raw.outlet.filter(|o| !o.trim().is_empty()),
                        description: raw.description,
                        regex,
                        starts: Starts::of(&hir),
                        first_bytes: first_bytes(&hir),
                    });
                    hirs.push(hir);
                }
                Err(e) => errors.push(bad(&e)),
            }
        }
        Error::from_list(errors)?;
        let anywhere: Vec<bool> = rules.iter().map(|r| r.starts == Starts::Anywhere).collect();
        let gate = Gate::new(&hirs, &anywhere);
        Ok(Boilerplate { rules, gate })
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// True when there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// What the rules cut from an article of `outlet`: sorted, disjoint spans
    /// of the original text. Overlapping cuts merge, keeping every rule id.
    pub fn cut(&self, outlet: &str, text: &str) -> Vec<Cut> {
        self.cut_fast(outlet, text, true)
    }

    /// [`Boilerplate::cut`]; with `fast` off, every rule that applies runs
    /// over the whole text (for tests).
    fn cut_fast(&self, outlet: &str, text: &str, fast: bool) -> Vec<Cut> {
        let applies = |r: &Rule| r.outlet.as_deref().is_none_or(|o| o == outlet);
        if !self.rules.iter().any(applies) {
            return Vec::new();
        }
        let folded = FoldedText::new(text);
        let hay = folded.as_str();
        let mut raw: Vec<(Span, &str)> = Vec::new();
        let runs = |(i, r): &(usize, &Rule)| applies(r) && (!fast || self.gate.may_match(*i, hay));
        for (_, rule) in self.rules.iter().enumerate().filter(runs) {
            let mut found = |start: usize, end: usize| {
                let span = Span::new(folded.to_original(start), folded.to_original(end));
                if !span.is_empty() {
                    raw.push((span, &rule.id));
                }
            };
            if fast && rule.starts != Starts::Anywhere {
                rule.find_at_starts(hay, &mut found);
            } else {
                rule.regex.find_iter(hay).for_each(|m| found(m.start(), m.end()));
            }
        }
        raw.sort();
        let mut cuts: Vec<Cut> = Vec::new();
        for (span, id) in raw {
            match cuts.last_mut() {
                Some(last) if span.start <= last.span.end => {
                    last.span.end = last.span.end.max(span.end);
                    if !last.rule.split('+').any(|r| r == id) {
                        last.rule.push('+');
                        last.rule.push_str(id);
                    }
                }
                _ => cuts.push(Cut { rule: id.to_string(), span, chars: 0, text: String::new() }),
            }
        }
        for cut in &mut cuts {
            cut.text = text[cut.span.start..cut.span.end].to_string();
            cut.chars = cut.text.chars().count();
        }
        cuts
    }
}

/// The parts of a text of `len` bytes that remain after `cuts` (sorted,
/// disjoint).
pub fn kept_spans(len: usize, cuts: &[Cut]) -> Vec<Span> {
    let mut kept = Vec::with_capacity(cuts.len() + 1);
    let mut pos = 0;
    for cut in cuts {
        if cut.span.start > pos {
            kept.push(Span::new(pos, cut.span.start));
        }
        pos = pos.max(cut.span.end);
    }
    if pos < len {
        kept.push(Span::new(pos, len));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(src: &str) -> Boilerplate {
        Boilerplate::parse(src, Path::new("boilerplate.toml")).expect("valid rules")
    }

    #[test]
    fn global_and_outlet_rules() {
        let b = rules(
            r#"
[[rule]]
id = "cookies"
pattern = '^Our website uses cookies.*$'

[[rule]]
id = "mei"
outlet = "mei"
pattern = 'MEI welcomes donations\.'
"#,
        );
        let text = "Text.\nOur website uses cookies. Accept?\nMEI welcomes donations.";
        let cut = b.cut("mei", text);
        assert_eq!(cut.len(), 2);
        assert_eq!(&text[cut[0].span.start..cut[0].span.end], "Our website uses cookies. Accept?");
        assert_eq!(cut[1].rule, "mei");
        assert_eq!(b.cut("osw", text).len(), 1);
    }

    #[test]
    fn straight_quotes_in_rules_cut_curly_quotes() {
        let b =
            rules("[[rule]]\nid = \"d\"\npattern = \"scholars' opinions are their own\\\\.\"\n");
        let text = "Its scholars\u{2019} opinions are their own. Next.";
        let cut = b.cut("any", text);
        assert_eq!(cut.len(), 1);
        assert_eq!(
            &text[cut[0].span.start..cut[0].span.end],
            "scholars\u{2019} opinions are their own."
        );
        assert_eq!(cut[0].chars, "scholars’ opinions are their own.".chars().count());
    }

    #[test]
    fn overlapping_cuts_merge() {
        let b =
            rules("[[rule]]\nid = \"a\"\npattern = 'abc'\n[[rule]]\nid = \"b\"\npattern = 'bcd'\n");
        let cut = b.cut("x", "xxabcdxx");
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].span, Span::new(2, 6));
        assert_eq!(cut[0].rule, "a+b");
        assert_eq!(kept_spans(8, &cut), [Span::new(0, 2), Span::new(6, 8)]);
    }

    fn required(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new().multi_line(true).build().parse(pattern);
        required_literals(&hir.expect("parses"))
            .map(|set| set.into_iter().map(|s| String::from_utf8(s).expect("utf-8")).collect())
    }

    #[test]
    fn required_strings_of_a_rule() {
        // worked out from each pattern: what every match must contain
        let cookie =
            r"^[ \t]*(?:Our|This)[ \t]+(?:web[ \t]?site|site)[ \t]+uses[ \t]+cookies[^\n]*$";
        assert_eq!(required(cookie).unwrap(), ["cookies"]);
        assert_eq!(required("a?bcd").unwrap(), ["bcd"]);
        assert_eq!(required("(?:Photo|Image)(?: by)?:").unwrap(), ["Photo", "Image"]);
        // a class gives its characters in code point order: U+BB, U+2022, U+203A
        assert_eq!(required("[•›»]x").unwrap(), ["»", "•", "›"]);
        assert_eq!(required("(?:abc)+").unwrap(), ["abc"]);
        assert_eq!(required("(?:abc|)"), None, "a branch may be empty");
        assert_eq!(required("(?:abc)*"), None, "may repeat zero times");
        assert_eq!(required(r"^\z"), None, "look-arounds only");
        assert_eq!(required(r"\w+"), None, "too large a class");
    }

    #[test]
    fn gate_skips_only_rules_that_cannot_match() {
        let b = rules(
            "[[rule]]\nid = \"c\"\npattern = 'cookies[^\\n]*'\n\
             [[rule]]\nid = \"i\"\npattern = '(?i)photo'\n",
        );
        // the case-insensitive rule requires only 1-byte strings: never gated
        assert_eq!((b.gate.gated(0), b.gate.gated(1)), (true, false));
        let may = |text: &str| [0, 1].map(|rule| b.gate.may_match(rule, text));
        assert_eq!(may("no such word here"), [false, true]);
        assert_eq!(may("we use cookies"), [true, true]);
        let cut = b.cut("x", "PHOTO and cookies here");
        assert_eq!(cut.len(), 2);
    }

    /// Where a pattern's matches begin, and the ASCII bytes and how many
    /// other bytes they can begin with.
    fn starts(pattern: &str) -> (Starts, String, usize) {
        let hir = regex_syntax::ParserBuilder::new().multi_line(true).build().parse(pattern);
        let hir = hir.expect("parses");
        let set = first_bytes(&hir);
        let ascii = (0..=127u8).filter(|&b| set[b as usize]).map(char::from).collect();
        (Starts::of(&hir), ascii, (128..=255).filter(|&b| set[b]).count())
    }

    #[test]
    fn where_matches_can_begin() {
        // worked out from each pattern; \d is Unicode, so it begins with
        // lead bytes of other scripts' digits too
        let date = r"^[ \t]*(?:\d{1,2}[ \t]+)?(?:Jan|Feb)[a-z]*\.?[ \t]+\d{4}$";
        let (where_, ascii, _) = starts(date);
        assert_eq!((where_, ascii.as_str()), (Starts::Lines, "\t 0123456789FJ"));
        // • U+2022 and › U+203A lead with E2, » U+BB with C2
        assert_eq!(starts(r"\A(?:[•›»][^\n]*\n)+"), (Starts::Text, String::new(), 2));
        assert_eq!(starts("(?:^|x)a"), (Starts::Anywhere, "ax".into(), 0), "x or a line start");
        assert_eq!(starts("a^").0, Starts::Anywhere);
        assert_eq!(starts("^(?:|ab)cd"), (Starts::Lines, "ac".into(), 0));
        assert_eq!(starts("^x*"), (Starts::Lines, "x".into(), 0));
        assert_eq!(starts("^(?i)may").1, "Mm");
        // anything but a line feed: the ranges U+0..U+9 and U+B..U+10FFFF,
        // whose lead bytes run 00..=09 and 0B..=F4
        let (_, ascii, other) = starts(r"^[^\n]x");
        assert_eq!((ascii.len(), ascii.contains('\n'), other), (127, false, 0xF4 - 0x80 + 1));
        // a rule that can cross a line break runs over the whole text: a try
        // at each line could read to the end of the text and fail
        assert_eq!(starts(r"^ab(?:\nab)?").0, Starts::Anywhere);
        assert_eq!(starts(r"^Related(?s:.*?)cd").0, Starts::Anywhere, ". with s matches \\n");
        assert_eq!(starts(r"^a\sb").0, Starts::Anywhere, "\\s matches \\n");
        assert_eq!(starts(r"^a[^x]b").0, Starts::Anywhere);
        assert_eq!(starts(r"^a.b$").0, Starts::Lines, ". without s does not");
        assert_eq!(starts(r"\A(?s:.*)").0, Starts::Text, "one try only");
    }

    #[test]
    fn line_rules_are_tried_at_line_starts() {
        let b = rules(
            "[[rule]]\nid = \"d\"\npattern = '^May 2024$'\n\
             [[rule]]\nid = \"t\"\npattern = '\\AMay'\n",
        );
        assert!(!b.gate.gated(0) && !b.gate.gated(1), "anchored rules need no gate");
        let text = "May 2024\nIn May 2024\nMay 2024";
        let cuts = b.cut("x", text);
        let cut: Vec<(&str, &str)> =
            cuts.iter().map(|c| (c.rule.as_str(), &text[c.span.start..c.span.end])).collect();
        // the text-start rule's shorter cut sorts first, and the line rule's
        // merges into it
        assert_eq!(cut, [("t+d", "May 2024"), ("d", "May 2024")]);
        assert_eq!(cuts[1].span.start, 21);
        // a match that takes two lines (found over the whole text): the second
        // line begins no match of its own
        let b = rules("[[rule]]\nid = \"ab\"\npattern = '^ab(?:\\nab)?'\n");
        let spans: Vec<Span> = b.cut("x", "ab\nab\nab").iter().map(|c| c.span).collect();
        assert_eq!(spans, [Span::new(0, 5), Span::new(6, 8)]);
    }

    #[test]
    fn errors_name_the_line() {
        let src =
            "[[rule]]\nid = \"ok\"\npattern = 'a'\n\n[[rule]]\nid = \"bad\"\npattern = 'a(b'\n";
        let err = Boilerplate::parse(src, Path::new("lexicons/boilerplate.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("lexicons/boilerplate.toml:7: rule 'bad': bad regular expression"),
            "{msg}"
        );
    }

    #[test]
    fn duplicate_ids_and_unknown_fields_are_errors() {
        let src = "[[rule]]\nid = \"a\"\npattern = 'x'\n[[rule]]\nid = \"a\"\npattern = 'y'\n";
        let msg = Boilerplate::parse(src, Path::new("b.toml")).unwrap_err().to_string();
        assert!(msg.contains("b.toml:4: duplicate boilerplate rule id 'a'"), "{msg}");
        let src = "[[rule]]\nid = \"a\"\npatern = 'x'\n";
        let msg = Boilerplate::parse(src, Path::new("b.toml")).unwrap_err().to_string();
        assert!(msg.starts_with("b.toml:"), "{msg}");
        assert!(msg.contains("patern"), "{msg}");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    /// The shipped rules and some whose required strings are unusual.
    fn all_rules() -> &'static Boilerplate {
        static RULES: std::sync::OnceLock<Boilerplate> = std::sync::OnceLock::new();
        RULES.get_or_init(load_all_rules)
    }

    fn load_all_rules() -> Boilerplate {
        let mut src = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons/boilerplate.toml"),
        )
        .expect("shipped rules");
        src.push_str(
            r#"
[[rule]]
id = "t-alt"
pattern = '(?:Image|Foto)(?: source)?: [^\n]+'
[[rule]]
id = "t-rep"
pattern = '(?:ab|cd){2,}x'
[[rule]]
id = "t-case"
pattern = '(?i)related stories'
[[rule]]
id = "t-class"
pattern = '[«»]{2}'
[[rule]]
id = "t-empty-first"
pattern = '^(?:|ab)cd'
[[rule]]
id = "t-maybe-empty"
pattern = '^x*'
[[rule]]
id = "t-across-lines"
pattern = '^Related(?s:.*?)cd'
[[rule]]
id = "t-text-start"
pattern = '\A(?:word|ab)+'
[[rule]]
id = "t-two-lines"
pattern = '^ab(?:\nab)?'
[[rule]]
id = "t-any-first"
pattern = '^[^\n]{2}x'
"#,
        );
        Boilerplate::parse(&src, Path::new("boilerplate.toml")).expect("valid rules")
    }

    fn texty() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Photo",
            "Image",
            "Foto",
            " by ",
            ": ",
            "source",
            "credit",
            " ",
            "\t",
            "\n",
            "Our",
            "This",
            "website",
            "site",
            " uses ",
            "cookies",
            "Related ",
            "Stories",
            "Articles",
            "RELATED STORIES",
            "See also",
            "Author:",
            "Written by",
            "12 ",
            "May",
            "Apr",
            " 2024",
            "•",
            "›",
            "»",
            "«",
            "ab",
            "cd",
            "x",
            "The Middle East Institute (MEI) is an independent",
            "please click here.",
            "CPC - Caspian Policy Center",
            "Caucasus Watch",
            " seeks",
            "’",
            "“",
            "\u{A0}",
            "word",
            ".",
            "\r",
            "Mar",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn the_fast_paths_never_change_what_is_cut(text in texty(), outlet in prop::sample::select(vec!["mei", "cpc", "caucasuswatch", "other"])) {
            let b = all_rules();
            prop_assert_eq!(b.cut_fast(outlet, &text, true), b.cut_fast(outlet, &text, false));
        }
    }
}
