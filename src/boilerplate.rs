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
//! Most rules need a word that is rare in article text (`cookies`,
//! `Related`). Each rule's syntax is read for the strings one of which every
//! match must contain ([`required_literals`]); one Aho-Corasick pass over an
//! article finds which of them occur, and a rule none of whose strings occurs
//! is not run, since it cannot match.
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
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};
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
}

/// A set of boilerplate rules, compiled once and shared by threads.
#[derive(Clone, Debug, Default)]
pub struct Boilerplate {
    rules: Vec<Rule>,
    gate: Gate,
}

/// Which rules can match a text: the strings each rule requires, searched
/// for all at once.
#[derive(Clone, Debug, Default)]
struct Gate {
    /// Over every gated rule's required strings; `None` when no rule is gated.
    searcher: Option<AhoCorasick>,
    /// The rule of each string of `searcher`.
    rule_of: Vec<usize>,
    /// Per rule: true when it runs only if one of its strings occurs.
    gated: Vec<bool>,
}

/// Required strings shorter than this (in bytes) are too common to be worth
/// a search: such a rule always runs.
const GATE_MIN_BYTES: usize = 3;
/// At most this many required strings per rule.
const GATE_MAX_STRINGS: usize = 64;

impl Gate {
    fn new(patterns: &[&str]) -> Gate {
        let mut strings: Vec<Vec<u8>> = Vec::new();
        let mut rule_of = Vec::new();
        let mut gated = Vec::new();
        for (rule, pattern) in patterns.iter().enumerate() {
            let required = regex_syntax::ParserBuilder::new()
                .multi_line(true)
                .build()
                .parse(pattern)
                .ok()
                .and_then(|hir| required_literals(&hir))
                .filter(|set| set.iter().all(|s| s.len() >= GATE_MIN_BYTES));
            gated.push(required.is_some());
            for s in required.into_iter().flatten() {
                strings.push(s);
                rule_of.push(rule);
            }
        }
        let searcher = if strings.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&strings).expect("a few short strings build"))
        };
        Gate { searcher, rule_of, gated }
    }

    /// Per rule: whether it may match `text`.
    fn may_match(&self, text: &str) -> Vec<bool> {
        let mut may: Vec<bool> = self.gated.iter().map(|g| !g).collect();
        if let Some(searcher) = &self.searcher {
            for m in searcher.find_overlapping_iter(text) {
                may[self.rule_of[m.pattern().as_usize()]] = true;
            }
        }
        may
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
            match RegexBuilder::new(&pattern).multi_line(true).build() {
                Ok(regex) => rules.push(Rule {
                    id: raw.id,
                    outlet: raw.outlet.filter(|o| !o.trim().is_empty()),
                    description: raw.description,
                    regex,
                }),
                Err(e) => errors.push(Error::at(
                    Location::line(path, pattern_line),
                    format!("rule '{}': bad regular expression {pattern:?}: {e}", raw.id),
                )),
            }
        }
        Error::from_list(errors)?;
        let patterns: Vec<&str> = rules.iter().map(|r| r.regex.as_str()).collect();
        let gate = Gate::new(&patterns);
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
        self.cut_gated(outlet, text, true)
    }

    /// [`Boilerplate::cut`], with the gate on or off (for tests).
    fn cut_gated(&self, outlet: &str, text: &str, gate: bool) -> Vec<Cut> {
        let applies = |r: &Rule| r.outlet.as_deref().is_none_or(|o| o == outlet);
        if !self.rules.iter().any(applies) {
            return Vec::new();
        }
        let folded = FoldedText::new(text);
        let may =
            if gate { self.gate.may_match(folded.as_str()) } else { vec![true; self.rules.len()] };
        let mut raw: Vec<(Span, &str)> = Vec::new();
        for (rule, _) in self.rules.iter().zip(may).filter(|(r, may)| *may && applies(r)) {
            for m in rule.regex.find_iter(folded.as_str()) {
                let span = Span::new(folded.to_original(m.start()), folded.to_original(m.end()));
                if !span.is_empty() {
                    raw.push((span, &rule.id));
                }
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
        assert_eq!(b.gate.gated, [true, false]);
        assert_eq!(b.gate.may_match("no such word here"), [false, true]);
        assert_eq!(b.gate.may_match("we use cookies"), [true, true]);
        let cut = b.cut("x", "PHOTO and cookies here");
        assert_eq!(cut.len(), 2);
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
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn the_gate_never_changes_what_is_cut(text in texty(), outlet in prop::sample::select(vec!["mei", "cpc", "caucasuswatch", "other"])) {
            let b = all_rules();
            prop_assert_eq!(b.cut_gated(outlet, &text, true), b.cut_gated(outlet, &text, false));
        }
    }
}
