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
//! ```toml
//! [[rule]]
//! id = "mei-disclaimer"
//! outlet = "mei"            # omit for a rule that applies to every outlet
//! description = "MEI's independence and donor statement"
//! pattern = '''The Middle East Institute \(MEI\) is an independent(?s:.*?)please click here\.'''
//! ```

use std::path::Path;

use regex::{Regex, RegexBuilder};
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
        Ok(Boilerplate { rules })
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
        let applicable: Vec<&Rule> =
            self.rules.iter().filter(|r| r.outlet.as_deref().is_none_or(|o| o == outlet)).collect();
        if applicable.is_empty() {
            return Vec::new();
        }
        let folded = FoldedText::new(text);
        let mut raw: Vec<(Span, &str)> = Vec::new();
        for rule in applicable {
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
