//! The lexicon linter: what each pattern and alias actually catches in a
//! corpus (`framelens check` writes it to `output/lexicon_report.csv`).
//!
//! No tool in the field tells a scholar which words each wildcard matched,
//! which entries never match, or which entries another entry hides. For every
//! frame pattern, exclude pattern and gazetteer alias the report gives its
//! hits, the articles it hit, the distinct texts it matched with their counts
//! (`occup*` → `occupation 3; occupied 2`), and flags:
//!
//! * `no_hits` — nothing in this corpus;
//! * `never_wins` — the pattern matches when run alone (`solo_hits`), but
//!   another pattern of its frame always takes the text first;
//! * `shadowed_by=P` — an earlier pattern of the same frame matches every word
//!   this one can (the LIWC trie case: `abandon*` before `abandoned`), so it
//!   can never count;
//! * `also_in=F` — the same pattern stands in another frame too (allowed:
//!   one stretch may count for several frames — but often a slip).

use std::collections::{BTreeMap, HashMap};

use crate::analyze::Piece;
use crate::frames::pattern::{self, Element, Pattern};
use crate::frames::{FrameSet, FrameSpec};
use crate::lexicon::Lexicons;
use crate::model::{ArticleResult, Found, Id};
use crate::output::{Columns, CsvStyle, Number, Table};
use crate::pipeline::Worker;

/// The linter's fixed part: each pattern as a frame of its own, and the
/// flags that need no corpus.
pub struct Lint {
    solo: FrameSet,
    /// solo frame index → (frame, pattern)
    solo_of: Vec<(u32, u32)>,
    /// (frame, pattern) → static flags
    flags: HashMap<(u32, u32), Vec<String>>,
}

/// What the corpus showed, per pattern and alias.
#[derive(Default)]
pub struct LintCounts {
    /// (frame, pattern) → hits, articles, matched texts
    frames: HashMap<(u32, u32), Seen>,
    /// (entity, alias) → hits, articles, matched texts
    entities: HashMap<(u32, u32), Seen>,
    solo: HashMap<(u32, u32), u64>,
}

#[derive(Default)]
struct Seen {
    hits: u64,
    articles: u64,
    matched: BTreeMap<String, u64>,
}

impl Lint {
    /// Prepares the linter for a set of lexicons.
    pub fn new(lexicons: &Lexicons) -> Lint {
        let frames = lexicons.frames.frames();
        let mut specs = Vec::new();
        let mut solo_of = Vec::new();
        for (f, frame) in frames.iter().enumerate() {
            for (p, text) in frame.patterns.iter().enumerate() {
                specs.push(FrameSpec {
                    id: format!("{f}:{p}"),
                    patterns: vec![(text.clone(), 0)],
                    ..Default::default()
                });
                solo_of.push((f as u32, p as u32));
            }
        }
        // on the frames' own terms, so that the run vocabulary's answers
        // for them serve the patterns alone too
        let solo =
            FrameSet::build_on(&lexicons.frames, specs, "lint".as_ref(), &lexicons.gazetteer)
                .expect("patterns that compiled in their frames compile alone");
        let mut flags: HashMap<(u32, u32), Vec<String>> = HashMap::new();
        let analyzer = crate::tokenize::Analyzer::new("en");
        // the same pattern in two frames
        let mut by_text: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (f, frame) in frames.iter().enumerate() {
            for p in &frame.patterns {
                by_text.entry(p.trim().to_lowercase()).or_default().push(f as u32);
            }
        }
        for (f, frame) in frames.iter().enumerate() {
            let parsed: Vec<Option<Pattern>> = frame
                .patterns
                .iter()
                .map(|p| pattern::parse(p, &lexicons.gazetteer, &analyzer).ok())
                .collect();
            // each single-token pattern once, its regex compiled at most once
            let singles: Vec<Option<Single>> = parsed
                .iter()
                .map(|p| p.as_ref().and_then(single_element).map(Single::new))
                .collect();
            for (p, text) in frame.patterns.iter().enumerate() {
                let key = (f as u32, p as u32);
                for other in &by_text[&text.trim().to_lowercase()] {
                    if *other != f as u32 {
                        flags
                            .entry(key)
                            .or_default()
                            .push(format!("also_in={}", frames[*other as usize].id));
                    }
                }
                // a single plain word hidden by an earlier single-token pattern
                if let Some(word) = parsed[p].as_ref().and_then(single_word) {
                    for (q, earlier) in singles[..p].iter().enumerate() {
                        if earlier.as_ref().is_some_and(|el| el.matches(&word)) {
                            flags
                                .entry(key)
                                .or_default()
                                .push(format!("shadowed_by={}", frame.patterns[q]));
                            break;
                        }
                    }
                }
            }
        }
        Lint { solo, solo_of, flags }
    }

    /// The key of the terms the patterns alone are matched on.
    #[cfg(test)]
    pub(crate) fn solo_terms_key(&self) -> crate::vocab::LexiconKey {
        self.solo.terms().key()
    }

    /// Adds to `solo` the (frame, pattern) of every hit each pattern has
    /// alone in one piece of an article, from the tokens and mentions the
    /// analysis found (see [`crate::pipeline`]).
    pub fn solo_hits(&self, piece: &Piece, solo: &mut Vec<(u32, u32)>) {
        if self.solo_of.is_empty() {
            return;
        }
        let hits = self.solo.find(piece.text, piece.mentions, piece.analyzer);
        solo.extend(hits.iter().map(|h| self.solo_of[h.frame as usize]));
    }

    /// The report: one row per frame pattern, exclude pattern and alias.
    pub fn report(&self, counts: &LintCounts, lexicons: &Lexicons, style: CsvStyle) -> Vec<u8> {
        let mut t = Table::new(REPORT_HEADER, style);
        let empty = Seen::default();
        for (f, frame) in lexicons.frames.frames().iter().enumerate() {
            for (p, text) in frame.patterns.iter().enumerate() {
                let key = (f as u32, p as u32);
                let seen = counts.frames.get(&key).unwrap_or(&empty);
                let solo = counts.solo.get(&key).copied().unwrap_or(0);
                let mut flags: Vec<String> = Vec::new();
                if seen.hits == 0 && solo == 0 {
                    flags.push("no_hits".into());
                }
                if seen.hits == 0 && solo > 0 {
                    flags.push("never_wins".into());
                }
                flags.extend(self.flags.get(&key).cloned().unwrap_or_default());
                let weight = frame.weights.as_ref().and_then(|w| w.get(p)).copied();
                row(&mut t, "pattern", &frame.id, text, seen, &solo.to_string(), &flags, weight);
            }
            for text in &frame.exclude {
                row(&mut t, "exclude", &frame.id, text, &empty, "", &[], None);
            }
        }
        let g = &lexicons.gazetteer;
        for (a, alias) in g.aliases().iter().enumerate() {
            let entity = &g.entity(alias.entity).id;
            let seen = counts.entities.get(&(alias.entity, a as u32)).unwrap_or(&empty);
            let flags: Vec<String> =
                if seen.hits == 0 { vec!["no_hits".into()] } else { Vec::new() };
            row(&mut t, "alias", entity, &alias.text, seen, "", &flags, None);
        }
        t.into_bytes()
    }
}

/// The linter over one corpus: the counts so far (the sink half of `check`,
/// see [`crate::run::check`]).
pub struct Linter<'a> {
    lint: &'a Lint,
    counts: LintCounts,
}

impl<'a> Linter<'a> {
    /// A linter with nothing counted yet.
    pub fn new(lint: &'a Lint) -> Linter<'a> {
        Linter { lint, counts: LintCounts::default() }
    }

    /// Its part on the analysing threads.
    pub fn lint(&self) -> &'a Lint {
        self.lint
    }

    /// Adds an article's hits, in context, and its patterns' solo hits.
    pub fn add(&mut self, r: &ArticleResult, solo: &[(u32, u32)]) {
        self.counts.add(r, solo);
    }

    /// The report: one row per frame pattern, exclude pattern and alias.
    pub fn report(&self, lexicons: &Lexicons, style: CsvStyle) -> Vec<u8> {
        self.lint.report(&self.counts, lexicons, style)
    }
}

/// On the analysing threads, the linter runs each pattern alone over the
/// tokens and mentions the analysis found: no article is tokenized twice.
impl Worker for &Lint {
    type Extra = Vec<(u32, u32)>;

    fn context(&self) -> bool {
        // the report lists the texts each pattern matched
        true
    }

    fn tokens(&self) -> bool {
        true
    }

    fn piece(&self, piece: &Piece, solo: &mut Vec<(u32, u32)>) {
        self.solo_hits(piece, solo);
    }
}

/// Adds one article's hits of one kind to `seen`, by (item, pattern).
fn count<I: Id, P: Id>(seen: &mut HashMap<(u32, u32), Seen>, found: &[Found<I, P>]) {
    let mut counted: Vec<(u32, u32)> = Vec::new();
    for h in found {
        let key = (h.item.get(), h.pattern.get());
        let seen = seen.entry(key).or_default();
        seen.hits += 1;
        // the linter's worker puts hits in context
        let text = h.kwic().matched.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        *seen.matched.entry(text).or_default() += 1;
        if !counted.contains(&key) {
            counted.push(key);
            seen.articles += 1;
        }
    }
}

impl LintCounts {
    /// Adds an article's hits and its patterns' solo hits.
    pub fn add(&mut self, r: &ArticleResult, solo: &[(u32, u32)]) {
        count(&mut self.frames, &r.frame_hits);
        count(&mut self.entities, &r.mentions);
        for key in solo {
            *self.solo.entry(*key).or_default() += 1;
        }
    }
}

/// A row of `lexicon_report.csv`: one per frame pattern, exclude pattern
/// and alias.
#[derive(Debug, Default, serde::Serialize)]
pub struct ReportRow<'a> {
    kind: &'a str,
    name: &'a str,
    pattern: &'a str,
    hits: u64,
    articles: u64,
    solo_hits: &'a str,
    matched: &'a str,
    flags: &'a str,
    weight: Option<Number<f64>>,
}

/// Header of `lexicon_report.csv`.
pub const REPORT_HEADER: Columns<ReportRow<'static>> = Columns::new();

#[allow(clippy::too_many_arguments)]
fn row(
    t: &mut Table,
    kind: &str,
    name: &str,
    pattern: &str,
    seen: &Seen,
    solo: &str,
    flags: &[String],
    weight: Option<f64>,
) {
    let mut matched: Vec<(&String, &u64)> = seen.matched.iter().collect();
    matched.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let matched: Vec<String> = matched.iter().map(|(w, n)| format!("{w} {n}")).collect();
    t.row(&ReportRow {
        kind,
        name,
        pattern,
        hits: seen.hits,
        articles: seen.articles,
        solo_hits: solo,
        matched: &matched.join("; "),
        flags: &flags.join(" "),
        // a number, never guarded: a negative weight is not a formula
        weight: weight.map(Number),
    });
}

/// The folded word of a pattern that is one plain word.
fn single_word(p: &Pattern) -> Option<String> {
    match single_element(p)? {
        Element::Word { text, exact: false } => Some(text.clone()),
        _ => None,
    }
}

fn single_element(p: &Pattern) -> Option<&Element> {
    match p {
        Pattern::Phrase(ph) if ph.alternatives.len() == 1 && ph.alternatives[0].len() == 1 => {
            ph.alternatives[0].first()
        }
        _ => None,
    }
}

/// A single-token element of an earlier pattern, as the shadowing check
/// tries it against the later patterns' words. A regex is compiled the first
/// time it is tried and kept, not once per word it is tried on.
struct Single<'a> {
    element: &'a Element,
    /// The compiled regex of an [`Element::Regex`] (`None` inside: it does
    /// not compile, and so matches nothing).
    regex: std::cell::OnceCell<Option<regex::Regex>>,
}

impl<'a> Single<'a> {
    fn new(element: &'a Element) -> Single<'a> {
        Single { element, regex: std::cell::OnceCell::new() }
    }

    /// Whether the element matches a folded word.
    fn matches(&self, word: &str) -> bool {
        match self.element {
            Element::Word { text, exact: false } => text == word,
            Element::Glob { glob, exact: false } => pattern::glob_matches(glob, word),
            Element::Regex(re) => self
                .regex
                .get_or_init(|| {
                    #[cfg(test)]
                    tests::REGEX_COMPILES.with(|n| n.set(n.get() + 1));
                    regex::Regex::new(re).ok()
                })
                .as_ref()
                .is_some_and(|re| re.is_match(word)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Regexes compiled by [`Single::matches`] on this thread.
        pub(super) static REGEX_COMPILES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A frame of many regex patterns among plain words and a glob: each
    /// plain word is flagged with the first earlier single-token pattern
    /// that matches it (regexes unanchored unless they say `^`/`$`), and
    /// each regex is compiled at most once, however many words it is tried
    /// on.
    #[test]
    fn shadowing_among_many_regexes() {
        let patterns = [
            "/^occup/",     // 0
            "/ation$/",     // 1
            "/^b[ae]d$/",   // 2
            "/^x{2,}/",     // 3
            "occupied",     // 4: /^occup/
            "nation",       // 5: /ation$/
            "bed",          // 6: /^b[ae]d$/
            "bid",          // 7: nothing earlier matches
            "/ccupa/",      // 8: not a plain word, never flagged
            "occupation",   // 9: /^occup/ (the first of /^occup/, /ation$/, /ccupa/)
            "xxl",          // 10: /^x{2,}/
            "tax*",         // 11: a glob, never flagged
            "taxes",        // 12: tax*
            "preoccupancy", // 13: /ccupa/ (/^occup/ is anchored)
            "/^bid/",       // 14: after bid, so it shadows nothing
        ];
        let spec = FrameSpec {
            id: "f".into(),
            patterns: patterns.iter().map(|p| (p.to_string(), 1)).collect(),
            ..Default::default()
        };
        let lexicons = Lexicons {
            frames: FrameSet::build(vec![spec], "f.toml".as_ref(), &Default::default()).unwrap(),
            ..Default::default()
        };
        REGEX_COMPILES.with(|n| n.set(0));
        let lint = Lint::new(&lexicons);
        let compiled = REGEX_COMPILES.with(std::cell::Cell::get);
        let mut flagged: Vec<((u32, u32), Vec<String>)> =
            lint.flags.iter().map(|(k, v)| (*k, v.clone())).collect();
        flagged.sort();
        let want: Vec<((u32, u32), Vec<String>)> = [
            (4, "/^occup/"),
            (5, "/ation$/"),
            (6, "/^b[ae]d$/"),
            (9, "/^occup/"),
            (10, "/^x{2,}/"),
            (12, "tax*"),
            (13, "/ccupa/"),
        ]
        .iter()
        .map(|(p, by)| ((0, *p), vec![format!("shadowed_by={by}")]))
        .collect();
        assert_eq!(flagged, want);
        // five of the six regexes are tried (25 times in all), each compiled
        // once; /^bid/ is last, so no word is tried against it
        assert_eq!(compiled, 5);
    }

    /// The report's header is the columns the README gives for
    /// `lexicon_report.csv` (typed here, not from the code); a row's text is
    /// guarded, its counts are not.
    #[test]
    fn report_header_and_row() {
        let want = [
            "kind",
            "name",
            "pattern",
            "hits",
            "articles",
            "solo_hits",
            "matched",
            "flags",
            "weight",
        ];
        assert_eq!(crate::output::columns::<ReportRow>(), want);
        let mut t = Table::new(REPORT_HEADER, CsvStyle::default());
        let mut seen = Seen { hits: 3, articles: 2, matched: BTreeMap::new() };
        seen.matched.insert("occupied".into(), 1);
        seen.matched.insert("occupation".into(), 2);
        row(&mut t, "pattern", "occupation", "-occup*", &seen, "3", &["no_hits".into()], None);
        let csv = String::from_utf8(t.into_bytes()).unwrap();
        let want = format!(
            "{}\npattern,occupation,'-occup*,3,2,3,occupation 2; occupied 1,no_hits,\n",
            want.join(",")
        );
        assert_eq!(csv, want);
    }
}
