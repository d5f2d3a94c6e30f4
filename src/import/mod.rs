//! `framelens import`: articles straight from news-archive exports, written
//! as a corpus folder that `run` reads unchanged (SPEC §14, issue 23).
//!
//! One reader per format turns an export into [`Imported`] articles, in file
//! order, together with what the export itself says about its size (a
//! [`Source`]). This module then checks that nothing was lost, finds
//! near-duplicates, and writes the corpus folder in one step:
//!
//! * `NNNNN.txt`, one file per article (its body; paragraphs separated by a
//!   blank line), numbered in import order;
//! * `manifest.csv` with the columns `run` reads (`file, id, outlet, date,
//!   title, authors, url, language`) and, ignored by `run`, `section`,
//!   `archive_id`, `source`, `position`;
//! * `import_report.csv`: every check and its result ([`REPORT_HEADER`]).
//!
//! The folder is built beside its final place and renamed into it, so it
//! appears complete or not at all; a folder that is not empty is replaced
//! only with `--force`.
//!
//! | format | module |
//! |---|---|
//! | Nexis Uni `.docx` (and zips of them) | [`nexis_docx`] |
//! | Nexis legacy TXT / RTF (`N of M DOCUMENTS`) | [`nexis_text`] |
//! | Factiva HTML / RTF | [`factiva`] |
//! | Media Cloud story CSV + texts | [`mediacloud`] |
//! | Telegram Desktop `result.json` | [`telegram`] |
//! | plain files, metadata in their names | [`names`] |
//! | RTF to text, for the RTF variants | [`rtf`] |

pub mod factiva;
pub mod mediacloud;
pub mod names;
pub mod nexis_docx;
pub mod nexis_text;
pub mod rtf;
pub mod telegram;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Status};

/// The export formats `framelens import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Nexis Uni `.docx` files (one file, many articles), or zips of them.
    NexisDocx,
    /// Nexis legacy text exports (`1 of 20 DOCUMENTS`), as `.txt` or `.rtf`.
    NexisText,
    /// Factiva exports saved as HTML (`div.article`) or RTF, with field codes.
    Factiva,
    /// A Media Cloud story CSV; texts from `--text` (a folder or a CSV).
    Mediacloud,
    /// A Telegram Desktop channel export (`result.json`).
    Telegram,
    /// Plain text files whose names carry the metadata (`--name-pattern`).
    Files,
}

/// One article read from an export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// 1-based position of the article in its source.
    pub position: usize,
    /// 1-based line (text formats) or paragraph (`.docx`) where it starts.
    pub line: Option<u64>,
    /// The archive's own id (Factiva `AN`, Media Cloud `id`, …).
    pub id: Option<String>,
    /// The outlet, as the export names it.
    pub outlet: Option<String>,
    /// The date, `YYYY-MM-DD` (or `YYYY-MM` / `YYYY`).
    pub date: Option<String>,
    /// The date as written, when it could not be read.
    pub raw_date: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The byline.
    pub authors: Option<String>,
    /// The article's address.
    pub url: Option<String>,
    /// ISO 639-1 code.
    pub language: Option<String>,
    /// The language as written, when it has no known ISO 639-1 code.
    pub raw_language: Option<String>,
    /// The section of the paper.
    pub section: Option<String>,
    /// The text; paragraphs separated by a blank line.
    pub body: String,
}

/// How a finding turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Checked, nothing wrong.
    Ok,
    /// Expected and handled (a cover page, a lock file): said, not wrong.
    Note,
    /// Suspicious; the article is written.
    Warning,
    /// Something was lost or is unusable; the exit status becomes 1.
    Error,
    /// A near-duplicate left out on `--dedupe`.
    Dropped,
}

impl Outcome {
    /// The word in `import_report.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Note => "note",
            Outcome::Warning => "warning",
            Outcome::Error => "error",
            Outcome::Dropped => "dropped",
        }
    }
}

/// One check and its result: a row of `import_report.csv`, a line of the
/// summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The input (`export.zip!one.docx` for a member of a zip).
    pub source: String,
    /// The article's 1-based position in its source, for article checks.
    pub position: Option<usize>,
    /// The line (or `.docx` paragraph) the finding is at, when known.
    pub line: Option<u64>,
    /// The corpus file the article was written to, if it was.
    pub file: Option<String>,
    /// What was checked: `count`, `cover`, `no_body`, `no_date`, ….
    pub check: &'static str,
    /// How it turned out.
    pub outcome: Outcome,
    /// What was found, in words.
    pub detail: String,
}

impl Finding {
    /// A finding about a whole source.
    pub fn file(source: &str, check: &'static str, outcome: Outcome, detail: String) -> Finding {
        Finding {
            source: source.to_string(),
            position: None,
            line: None,
            file: None,
            check,
            outcome,
            detail,
        }
    }

    /// A finding about one article of a source.
    pub fn article(
        source: &str,
        a: &Imported,
        check: &'static str,
        outcome: Outcome,
        detail: String,
    ) -> Finding {
        Finding {
            source: source.to_string(),
            position: Some(a.position),
            line: a.line,
            file: None,
            check,
            outcome,
            detail,
        }
    }

    /// At a line of a source.
    pub fn at_line(mut self, line: u64) -> Finding {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}: ", self.outcome.as_str())?;
        if let Some(p) = self.position {
            write!(f, "article {p}: ")?;
        }
        write!(f, "{}", self.detail)
    }
}

/// One input read by a reader: its articles in order, and what it says
/// about how many it holds.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// The input's name as shown to the user.
    pub name: String,
    /// The articles, in file order.
    pub articles: Vec<Imported>,
    /// The count the export announces, and where it says so.
    pub announced: Option<(usize, String)>,
    /// What the reader noticed on the way.
    pub findings: Vec<Finding>,
    /// Not an export of its own (a zip of exports, a file that could not
    /// be read): its findings are reported, no count is checked.
    pub no_count: bool,
}

impl Source {
    /// An empty source named `name`.
    pub fn new(name: impl Into<String>) -> Source {
        Source { name: name.into(), ..Source::default() }
    }

    /// Records a finding about the whole source.
    pub fn note(&mut self, check: &'static str, outcome: Outcome, detail: impl Into<String>) {
        let f = Finding::file(&self.name, check, outcome, detail.into());
        self.findings.push(f);
    }

    /// Records a finding about the article at `index` of `articles`.
    pub fn note_article(
        &mut self,
        index: usize,
        check: &'static str,
        outcome: Outcome,
        detail: impl Into<String>,
    ) {
        let f = Finding::article(&self.name, &self.articles[index], check, outcome, detail.into());
        self.findings.push(f);
    }
}

/// What `framelens import` is asked to do.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The export format.
    pub format: Format,
    /// The export files (folders are read file by file, in name order).
    pub inputs: Vec<PathBuf>,
    /// The corpus folder to write.
    pub out: PathBuf,
    /// Replace `out` when it is not empty.
    pub force: bool,
    /// Leave near-duplicates out (they are always reported).
    pub dedupe: bool,
    /// Shingled Jaccard similarity from which two articles of one outlet and
    /// day are near-duplicates.
    pub similarity: f64,
    /// `--name-pattern`: metadata from file names, e.g.
    /// `{outlet}_{date}_{id}.txt` (format `files`, and any reader's files).
    pub name_pattern: Option<String>,
    /// Media Cloud: the texts, a folder of `<id>.txt` files or a CSV with
    /// `id` or `url` and `text` columns.
    pub text: Option<PathBuf>,
    /// The ISO 639-1 language of articles whose export names none.
    pub language: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            format: Format::NexisDocx,
            inputs: Vec::new(),
            out: PathBuf::from("corpus"),
            force: false,
            dedupe: false,
            similarity: DEFAULT_SIMILARITY,
            name_pattern: None,
            text: None,
            language: None,
        }
    }
}

/// The default near-duplicate threshold (shingled Jaccard).
pub const DEFAULT_SIMILARITY: f64 = 0.9;

/// Words per shingle for near-duplicates.
pub const SHINGLE_WORDS: usize = 5;

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// Export files read (each member of a zip counts; a zip itself and a
    /// file that could not be read do not).
    pub sources: usize,
    /// Articles found in them.
    pub found: usize,
    /// Articles written to the corpus.
    pub written: usize,
    /// Distinct outlets written.
    pub outlets: usize,
    /// Every check, in order: per source, then per article.
    pub findings: Vec<Finding>,
}

impl ImportReport {
    /// Findings that are errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.outcome == Outcome::Error).count()
    }

    /// Findings that are warnings.
    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.outcome == Outcome::Warning).count()
    }

    /// 1 when anything was lost or unusable, else 0.
    pub fn status(&self) -> Status {
        if self.errors() > 0 { Status::DataErrors } else { Status::Success }
    }
}

/// The columns of `import_report.csv`.
pub const REPORT_HEADER: [&str; 7] =
    ["source", "position", "line", "file", "check", "result", "detail"];

/// The columns of the manifest an import writes.
pub const MANIFEST_HEADER: [&str; 12] = [
    "file",
    "id",
    "outlet",
    "date",
    "title",
    "authors",
    "url",
    "language",
    "section",
    "archive_id",
    "source",
    "position",
];

/// Reads the inputs, checks them, and writes the corpus folder.
///
/// # Errors
/// Unusable options, an input that cannot be read at all, or an output
/// folder that cannot be written or is not empty (without `force`).
pub fn import(opts: &ImportOptions) -> Result<ImportReport, Error> {
    if opts.inputs.is_empty() {
        return Err(Error::Usage("no export file given to import".into()));
    }
    if !(0.0..=1.0).contains(&opts.similarity) {
        return Err(Error::Usage(format!(
            "--similarity {} is not between 0 and 1",
            opts.similarity
        )));
    }
    if let Some(l) = &opts.language
        && !(l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return Err(Error::Usage(format!(
            "--language '{l}' is not an ISO 639-1 code such as 'en' or 'ru'"
        )));
    }
    check_out(opts)?;
    let pattern = opts.name_pattern.as_deref().map(names::NamePattern::parse).transpose()?;
    if opts.format == Format::Files && pattern.is_none() {
        return Err(Error::Usage(
            "format 'files' needs --name-pattern, e.g. --name-pattern '{outlet}_{date}_{id}.txt'"
                .into(),
        ));
    }
    let mut sources = Vec::new();
    let mut early = Vec::new();
    for input in &opts.inputs {
        let files = expand(input, &mut early)?;
        for path in files {
            let name = path.display().to_string();
            if is_lock_file(&path) {
                early.push(Finding::file(
                    &name,
                    "lock_file",
                    Outcome::Note,
                    "skipped: a '~$' file is Word's lock file of an open document, not an export"
                        .into(),
                ));
                continue;
            }
            let read = match opts.format {
                Format::NexisDocx => nexis_docx::read_path(&path),
                Format::NexisText => nexis_text::read_path(&path),
                Format::Factiva => factiva::read_path(&path),
                Format::Mediacloud => mediacloud::read_path(&path, opts.text.as_deref()),
                Format::Telegram => telegram::read_path(&path),
                Format::Files => names::read_path(&path, pattern.as_ref().expect("checked")),
            };
            // a bad file is reported and the others imported
            match read {
                Ok(read) => sources.extend(read),
                Err(e) => {
                    let mut s = Source::new(name.clone());
                    s.no_count = true;
                    let detail = e.to_string();
                    let detail = detail.strip_prefix(&format!("{name}: ")).unwrap_or(&detail);
                    s.note("unreadable", Outcome::Error, format!("not imported: {detail}"));
                    sources.push(s);
                }
            }
        }
    }
    let mut findings = early;
    let mut articles: Vec<(usize, Imported)> = Vec::new();
    for (s, source) in sources.iter_mut().enumerate() {
        if opts.format != Format::Files
            && let Some(p) = &pattern
        {
            names::fill_from_name(source, p);
        }
        if !source.no_count {
            count_check(source);
        }
        for a in &source.articles {
            article_checks(&source.name, a, opts.format, &mut source.findings);
        }
        articles.extend(source.articles.drain(..).map(|a| (s, a)));
    }
    let found = articles.len();
    let duplicates = near_duplicates(&articles, opts.similarity);
    let original: Vec<(usize, usize)> = articles.iter().map(|(s, a)| (*s, a.position)).collect();
    // file names and ids, in import order
    let mut used_ids: HashMap<String, (usize, usize)> = HashMap::new();
    let mut written: Vec<(usize, Imported, String, Option<String>)> = Vec::new();
    let mut per_article: BTreeMap<(usize, usize), Vec<Finding>> = BTreeMap::new();
    let mut assigned: HashMap<usize, String> = HashMap::new();
    let mut n = 0;
    for (i, (s, a)) in articles.into_iter().enumerate() {
        let key = (s, a.position);
        let name = &sources[s].name;
        if a.body.trim().is_empty() {
            continue; // reported by article_checks
        }
        if let Some(&(first, sim)) = duplicates.get(&i) {
            let (fs, fpos) = original[first];
            let first_name = &sources[fs].name;
            let other = match assigned.get(&first) {
                Some(f) => format!("{first_name} article {fpos} ({f})"),
                None => format!("{first_name} article {fpos}"),
            };
            let outcome = if opts.dedupe { Outcome::Dropped } else { Outcome::Warning };
            let what = if opts.dedupe { "left out" } else { "kept (--dedupe leaves it out)" };
            per_article.entry(key).or_default().push(Finding::article(
                name,
                &a,
                "near_duplicate",
                outcome,
                format!(
                    "same outlet and day as {other}, text similarity {sim:.2} (shingled Jaccard, threshold {:.2}); {what}",
                    opts.similarity
                ),
            ));
            if opts.dedupe {
                continue;
            }
        }
        n += 1;
        let file = format!("{n:05}.txt");
        let id = a.id.as_ref().map(|id| {
            let mut candidate = id.clone();
            let mut k = 1;
            while used_ids.contains_key(&candidate) {
                k += 1;
                candidate = format!("{id}~{k}");
            }
            if let Some((ps, ppos)) = used_ids.get(id).filter(|_| k > 1) {
                per_article.entry(key).or_default().push(Finding::article(
                    name,
                    &a,
                    "duplicate_id",
                    Outcome::Warning,
                    format!(
                        "the archive id '{id}' is also that of {} article {ppos}; written with id '{candidate}'",
                        sources[*ps].name
                    ),
                ));
            }
            used_ids.insert(candidate.clone(), key);
            candidate
        });
        assigned.insert(i, file.clone());
        written.push((s, a, file, id));
    }
    // article findings carry their corpus file
    let files: HashMap<(usize, usize), String> =
        written.iter().map(|(s, a, f, _)| ((*s, a.position), f.clone())).collect();
    for (s, source) in sources.iter().enumerate() {
        for mut f in source.findings.iter().cloned() {
            if let Some(p) = f.position {
                f.file = files.get(&(s, p)).cloned();
            }
            findings.push(f);
        }
        let keys: Vec<(usize, usize)> =
            per_article.range((s, 0)..(s + 1, 0)).map(|(k, _)| *k).collect();
        for k in keys {
            for mut f in per_article.remove(&k).unwrap_or_default() {
                f.file = files.get(&k).cloned();
                findings.push(f);
            }
        }
    }
    let outlets: std::collections::BTreeSet<&str> =
        written.iter().filter_map(|(_, a, _, _)| a.outlet.as_deref()).collect();
    let report = ImportReport {
        sources: sources.iter().filter(|s| !s.no_count).count(),
        found,
        written: written.len(),
        outlets: outlets.len(),
        findings,
    };
    let mut files_out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut manifest = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| Error::Usage(format!("writing the manifest: {e}"));
    manifest.write_record(MANIFEST_HEADER).map_err(csv_err)?;
    for (s, a, file, id) in &written {
        let mut body = a.body.trim_end().to_string();
        body.push('\n');
        files_out.push((file.clone(), body.into_bytes()));
        let o = |x: &Option<String>| x.clone().unwrap_or_default();
        // a metadata cell is one line: runs of white space become one space
        let line = |x: &Option<String>| {
            x.as_deref()
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        let language = a.language.clone().or_else(|| opts.language.clone()).unwrap_or_default();
        manifest
            .write_record([
                file.clone(),
                o(id),
                line(&a.outlet),
                o(&a.date),
                line(&a.title),
                line(&a.authors),
                o(&a.url),
                language,
                line(&a.section),
                o(&a.id),
                sources[*s].name.clone(),
                a.position.to_string(),
            ])
            .map_err(csv_err)?;
    }
    let manifest = manifest.into_inner().map_err(|e| Error::Usage(e.to_string()))?;
    files_out.push((crate::ingest::MANIFEST.to_string(), manifest));
    files_out.push((REPORT_FILE.to_string(), report_csv(&report.findings)));
    write_folder(&opts.out, opts.force, &files_out)?;
    Ok(report)
}

/// The report's file name inside the corpus folder.
pub const REPORT_FILE: &str = "import_report.csv";

/// `import_report.csv` from the findings.
pub fn report_csv(findings: &[Finding]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(REPORT_HEADER).expect("writing to memory");
    for f in findings {
        let num = |x: Option<u64>| x.map(|n| n.to_string()).unwrap_or_default();
        w.write_record([
            crate::output::guard(&f.source).into_owned(),
            num(f.position.map(|p| p as u64)),
            num(f.line),
            f.file.clone().unwrap_or_default(),
            f.check.to_string(),
            f.outcome.as_str().to_string(),
            crate::output::guard(&f.detail).into_owned(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

fn is_lock_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$"))
}

/// A folder's files in name order (hidden files left out, with a note);
/// a file as itself.
fn expand(input: &Path, findings: &mut Vec<Finding>) -> Result<Vec<PathBuf>, Error> {
    let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
    if !meta.is_dir() {
        return Ok(vec![input.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(input).map_err(|e| Error::io(input, e))? {
        let entry = entry.map_err(|e| Error::io(input, e))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if path.is_dir() || hidden {
            findings.push(Finding::file(
                &path.display().to_string(),
                "skipped_file",
                Outcome::Note,
                if hidden {
                    "a hidden file: not read"
                } else {
                    "a folder inside a folder: not read"
                }
                .into(),
            ));
            continue;
        }
        files.push(path);
    }
    files.sort();
    Ok(files)
}

/// Found against announced, for one source.
fn count_check(source: &mut Source) {
    let found = source.articles.len();
    match source.announced.clone() {
        Some((n, said)) if n == found => {
            source.note("count", Outcome::Ok, format!("{found} articles found; {said}"));
        }
        Some((n, said)) => {
            let what = if n > found {
                format!("{} missing", n - found)
            } else {
                format!("{} more than announced", found - n)
            };
            source.note(
                "count",
                Outcome::Error,
                format!("{found} articles found, but {said}: {what}"),
            );
        }
        None => source.note(
            "count",
            if found == 0 { Outcome::Error } else { Outcome::Ok },
            format!("{found} articles found; the export announces no count"),
        ),
    }
}

/// No body, no date, no outlet; a date or language that could not be read.
fn article_checks(source: &str, a: &Imported, format: Format, out: &mut Vec<Finding>) {
    // the article named by its headline, else by its id
    let title = match (&a.title, &a.id) {
        (Some(t), _) => format!(" ('{}')", shorten(t)),
        (None, Some(id)) => format!(" (id {id})"),
        (None, None) => String::new(),
    };
    if a.body.trim().is_empty() {
        // a Telegram post without text is a photo or a file: expected
        let outcome = if format == Format::Telegram { Outcome::Warning } else { Outcome::Error };
        out.push(Finding::article(
            source,
            a,
            "no_body",
            outcome,
            format!("no text{title}; not written to the corpus"),
        ));
    }
    if a.outlet.as_deref().is_none_or(|o| o.trim().is_empty()) {
        out.push(Finding::article(
            source,
            a,
            "no_outlet",
            Outcome::Error,
            format!("no outlet{title}; run will report it until the manifest names one"),
        ));
    }
    if a.date.is_none() {
        let detail = match &a.raw_date {
            Some(raw) => format!("date '{raw}' could not be read{title}; the date is left empty"),
            None => format!("no date{title}"),
        };
        out.push(Finding::article(source, a, "no_date", Outcome::Warning, detail));
    }
    if let Some(raw) = &a.raw_language {
        out.push(Finding::article(
            source,
            a,
            "language",
            Outcome::Warning,
            format!(
                "language '{raw}' has no known ISO 639-1 code; left empty (run reads it as English)"
            ),
        ));
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Near-duplicates: for each article that is at least `threshold` similar
/// to an earlier one of the same outlet and day (and not itself a
/// duplicate), its index, the earlier one's index and the similarity.
fn near_duplicates(articles: &[(usize, Imported)], threshold: f64) -> HashMap<usize, (usize, f64)> {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, (_, a)) in articles.iter().enumerate() {
        if let (Some(o), Some(d)) = (a.outlet.as_deref(), a.date.as_deref())
            && d.len() == 10
            && !a.body.trim().is_empty()
        {
            groups.entry((o, d)).or_default().push(i);
        }
    }
    let mut found = HashMap::new();
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let sets: Vec<Vec<u64>> = members.iter().map(|&i| shingles(&articles[i].1.body)).collect();
        for j in 1..members.len() {
            for k in 0..j {
                if found.contains_key(&members[k]) {
                    continue; // compare with originals only
                }
                let sim = jaccard(&sets[k], &sets[j]);
                if sim >= threshold {
                    found.insert(members[j], (members[k], sim));
                    break;
                }
            }
        }
    }
    found
}

/// The sorted, distinct hashes of a text's [`SHINGLE_WORDS`]-word shingles
/// (words lower-cased, punctuation ignored); a shorter text is one shingle.
pub fn shingles(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let hash = |ws: &[String]| {
        // SipHash with fixed keys: the same hashes on every run
        let mut h = std::hash::DefaultHasher::new();
        ws.hash(&mut h);
        h.finish()
    };
    let mut out: Vec<u64> = if words.len() <= SHINGLE_WORDS {
        vec![hash(&words)]
    } else {
        words.windows(SHINGLE_WORDS).map(hash).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted, distinct lists.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 { 1.0 } else { common as f64 / union as f64 }
}

/// Refuses an output folder that would destroy inputs or a user's files.
fn check_out(opts: &ImportOptions) -> Result<(), Error> {
    let out = &opts.out;
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::Usage(format!(
                "'{}' is a file, not a folder; give a new or empty folder with --out DIR",
                out.display()
            )));
        }
        let real = out.canonicalize().map_err(|e| Error::io(out, e))?;
        for input in opts.inputs.iter().chain(opts.text.iter()) {
            if let Ok(i) = input.canonicalize()
                && (i.starts_with(&real) || real.starts_with(&i))
            {
                return Err(Error::Usage(format!(
                    "the output folder '{}' holds the input '{}' (or lies inside it); write the corpus elsewhere with --out DIR",
                    out.display(),
                    input.display()
                )));
            }
        }
        let empty = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?.next().is_none();
        if !empty && !opts.force {
            return Err(Error::Usage(format!(
                "the output folder '{}' is not empty; give a new or empty folder with --out DIR, or replace it with --force",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Writes `files` into a new folder beside `out`, then puts it in `out`'s
/// place in one rename: the corpus appears complete or not at all. An
/// existing `out` (empty, or any with `force`) is renamed aside first and
/// removed after.
fn write_folder(out: &Path, force: bool, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
    let name = out.file_name().ok_or_else(|| {
        Error::Usage(format!(
            "output folder '{}' has no name; give one with --out DIR",
            out.display()
        ))
    })?;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{}.framelens-import-", name.to_string_lossy()))
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    for (file, bytes) in files {
        let path = staging.path().join(file);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    }
    let aside = if out.exists() {
        let empty = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?.next().is_none();
        if !empty && !force {
            return Err(Error::Usage(format!(
                "the output folder '{}' is not empty; give a new or empty folder with --out DIR, or replace it with --force",
                out.display()
            )));
        }
        let aside = parent.join(format!(
            ".{}.framelens-old-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        std::fs::rename(out, &aside).map_err(|e| Error::io(out, e))?;
        Some(aside)
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, out) {
        if let Some(aside) = &aside {
            let _ = std::fs::rename(aside, out);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(out, e));
    }
    if let Some(aside) = aside {
        std::fs::remove_dir_all(&aside).map_err(|e| Error::io(&aside, e))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Dates and languages, as archives write them

/// Month names (full and abbreviated, lower case) in English, German,
/// French, Spanish and Russian (nominative and genitive), with their number.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("ene", 1),
    ("январь", 1),
    ("января", 1),
    ("янв", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("febrero", 2),
    ("февраль", 2),
    ("февраля", 2),
    ("фев", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("март", 3),
    ("марта", 3),
    ("мар", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("abr", 4),
    ("апрель", 4),
    ("апреля", 4),
    ("апр", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("май", 5),
    ("мая", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("июнь", 6),
    ("июня", 6),
    ("июн", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("июль", 7),
    ("июля", 7),
    ("июл", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("ago", 8),
    ("август", 8),
    ("августа", 8),
    ("авг", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("сентябрь", 9),
    ("сентября", 9),
    ("сен", 9),
    ("сент", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("октябрь", 10),
    ("октября", 10),
    ("окт", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("ноябрь", 11),
    ("ноября", 11),
    ("ноя", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("diciembre", 12),
    ("dic", 12),
    ("декабрь", 12),
    ("декабря", 12),
    ("дек", 12),
];

/// Weekday names a date line may carry.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
];

/// Little words of date lines: `1 de julio de 2019`, `1 июля 2019 г.`.
const DATE_WORDS: &[&str] =
    &["de", "del", "г", "года", "le", "um", "uhr", "à", "a", "h", "am", "pm", "a.m", "p.m"];

fn month_of(token: &str) -> Option<u32> {
    let t = token.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == t).map(|&(_, m)| m)
}

fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect()
}

fn number(token: &str) -> Option<u32> {
    let t = token.trim_end_matches('.');
    if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

fn iso(year: u32, month: u32, day: u32) -> Option<String> {
    crate::ingest::manifest::parse_date(&format!("{year:04}-{month:02}-{day:02}")).ok()
}

/// Reads a date as archives write it: `2019-07-01` (a time after it is
/// ignored), `01.07.2019`, `July 1, 2019 Monday 9:20 AM GMT`,
/// `1 July 2019`, `1. Juli 2019`, `1 de julio de 2019`, `1 июля 2019 г.`.
/// Month names in English, German, French, Spanish and Russian.
///
/// # Examples
/// ```
/// use framelens::import::parse_date;
/// assert_eq!(parse_date("July 1, 2019 Monday 9:20 AM GMT").as_deref(), Some("2019-07-01"));
/// assert_eq!(parse_date("3. März 2020 Dienstag").as_deref(), Some("2020-03-03"));
/// assert_eq!(parse_date("17 апреля 2024 г.").as_deref(), Some("2024-04-17"));
/// assert_eq!(parse_date("2024-04-17T10:00:00").as_deref(), Some("2024-04-17"));
/// assert_eq!(parse_date("Copyright 2019"), None);
/// ```
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone()).is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    // 2019-07-01, 2019/07/01
    if digits(0..4)
        && matches!(b.get(4), Some(b'-' | b'/'))
        && digits(5..7)
        && b.get(7) == b.get(4)
        && digits(8..10)
        && b.get(10).is_none_or(|c| !c.is_ascii_digit())
    {
        return iso(s[0..4].parse().ok()?, s[5..7].parse().ok()?, s[8..10].parse().ok()?);
    }
    // 01.07.2019
    if let Some(first) = tokens(s).first() {
        let parts: Vec<&str> = first.split('.').collect();
        if parts.len() == 3
            && parts[2].len() == 4
            && parts.iter().all(|p| number(p).is_some() && !p.is_empty())
        {
            return iso(number(parts[2])?, number(parts[1])?, number(parts[0])?);
        }
    }
    let toks = tokens(s);
    let m = toks.iter().position(|t| month_of(t).is_some())?;
    let month = month_of(toks[m])?;
    let year = toks.iter().filter_map(|t| number(t)).find(|&n| (1000..=2999).contains(&n))?;
    let day_at = |i: usize| toks.get(i).and_then(|t| number(t)).filter(|d| (1..=31).contains(d));
    let mut after = m + 1;
    while toks.get(after).is_some_and(|t| t.eq_ignore_ascii_case("de")) {
        after += 1;
    }
    let mut before = m.checked_sub(1);
    while let Some(b) = before
        && toks[b].eq_ignore_ascii_case("de")
    {
        before = b.checked_sub(1);
    }
    let day = before.and_then(day_at).or_else(|| day_at(after))?;
    iso(year, month, day)
}

/// A line that is a date and nothing else (a Nexis date line), read as
/// [`parse_date`]; `None` for a headline that merely mentions a date.
pub fn date_line(s: &str) -> Option<String> {
    let toks = tokens(s);
    if toks.is_empty() || toks.len() > 12 {
        return None;
    }
    let first = toks[0];
    let first_ok = month_of(first).is_some()
        || number(first).is_some()
        || parse_date(first).is_some()
        || WEEKDAYS.contains(&first.to_lowercase().trim_end_matches('.'));
    if !first_ok {
        return None;
    }
    for t in &toks {
        let l = t.to_lowercase();
        let l = l.trim_end_matches('.');
        let time = l
            .split(':')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            && l.contains(':');
        let zone = t.len() <= 9
            && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && t.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "+-:".contains(c));
        let ok = month_of(t).is_some()
            || number(t).is_some()
            || parse_date(t).is_some()
            || WEEKDAYS.contains(&l)
            || DATE_WORDS.contains(&l)
            || time
            || zone;
        if !ok {
            return None;
        }
    }
    parse_date(s)
}

/// ISO 639-1 codes of language names as archives write them (`ENGLISH`,
/// `German; Deutsch`, `Français`, `ru`).
const LANGUAGES: &[(&str, &str)] = &[
    ("english", "en"),
    ("englisch", "en"),
    ("anglais", "en"),
    ("inglés", "en"),
    ("ingles", "en"),
    ("английский", "en"),
    ("german", "de"),
    ("deutsch", "de"),
    ("allemand", "de"),
    ("alemán", "de"),
    ("aleman", "de"),
    ("немецкий", "de"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("französisch", "fr"),
    ("francés", "fr"),
    ("frances", "fr"),
    ("французский", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("castellano", "es"),
    ("spanisch", "es"),
    ("espagnol", "es"),
    ("испанский", "es"),
    ("russian", "ru"),
    ("русский", "ru"),
    ("russisch", "ru"),
    ("russe", "ru"),
    ("ruso", "ru"),
    ("armenian", "hy"),
    ("azerbaijani", "az"),
    ("azeri", "az"),
    ("turkish", "tr"),
    ("italian", "it"),
    ("italiano", "it"),
    ("portuguese", "pt"),
    ("dutch", "nl"),
    ("ukrainian", "uk"),
    ("polish", "pl"),
    ("arabic", "ar"),
    ("chinese", "zh"),
    ("persian", "fa"),
    ("georgian", "ka"),
    ("swedish", "sv"),
    ("danish", "da"),
    ("norwegian", "no"),
    ("finnish", "fi"),
    ("greek", "el"),
    ("hungarian", "hu"),
    ("romanian", "ro"),
    ("czech", "cs"),
    ("japanese", "ja"),
    ("korean", "ko"),
];

/// An ISO 639-1 code for a language as written: a two-letter code, or a
/// name (English or its own; the first of `German; Deutsch`). `Err` holds
/// the text when no code is known.
pub fn language_code(s: &str) -> Result<String, String> {
    let t = s.trim();
    let lower = t.to_lowercase();
    if lower.len() == 2 && lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return Ok(lower);
    }
    // en-GB, en_US
    if lower.len() == 5
        && matches!(lower.as_bytes()[2], b'-' | b'_')
        && lower[..2].bytes().all(|b| b.is_ascii_lowercase())
    {
        return Ok(lower[..2].to_string());
    }
    for part in lower.split([';', ',', '/', '(', ')']) {
        let p = part.trim();
        if let Some((_, code)) = LANGUAGES.iter().find(|(name, _)| *name == p) {
            return Ok((*code).to_string());
        }
    }
    Err(t.to_string())
}

/// Sets `language`/`raw_language` from an archive's language field.
pub fn set_language(a: &mut Imported, value: &str) {
    if value.trim().is_empty() {
        return;
    }
    match language_code(value) {
        Ok(code) => a.language = Some(code),
        Err(raw) => a.raw_language = Some(raw),
    }
}

/// Sets `date`/`raw_date` from a date as written.
pub fn set_date(a: &mut Imported, value: &str) {
    if value.trim().is_empty() {
        return;
    }
    match parse_date(value) {
        Some(d) => a.date = Some(d),
        None => a.raw_date = Some(value.trim().to_string()),
    }
}

/// Some(trimmed) when not empty.
pub fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Text read from an export file, decoded like an article ([`crate::ingest::decode`]);
/// a re-encoded file is noted in `source`.
pub fn read_text(path: &Path, source: &mut Source) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode_text(&bytes, path, source)
}

/// [`read_text`] on bytes already read.
pub fn decode_text(bytes: &[u8], path: &Path, source: &mut Source) -> Result<String, Error> {
    use crate::ingest::decode::{Decoded, decode};
    match decode(bytes) {
        Decoded::Utf8(t) => Ok(t),
        Decoded::Reencoded { text, encoding } => {
            source.note("encoding", Outcome::Note, format!("not UTF-8: read as {encoding}"));
            Ok(text)
        }
        Decoded::Repaired { text, encoding, notes } => {
            source.note(
                "encoding",
                Outcome::Warning,
                format!("read as {encoding}, mended: {}", notes.join("; ")),
            );
            Ok(text)
        }
        Decoded::Binary => Err(Error::at(
            crate::error::Location::file(path),
            "not a text file (is it the right format?)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_five_languages() {
        let cases = [
            ("July 1, 2019 Monday 9:20 AM GMT", "2019-07-01"),
            ("1. Juli 2019 Montag", "2019-07-01"),
            ("1 juillet 2019 lundi", "2019-07-01"),
            ("1 de julio de 2019 lunes", "2019-07-01"),
            ("1 июля 2019 г. понедельник", "2019-07-01"),
            ("17 April 2024", "2024-04-17"),
            ("17.04.2024", "2024-04-17"),
            ("2024-04-17 10:00:00", "2024-04-17"),
            ("Dec 31, 2023", "2023-12-31"),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date(s).as_deref(), Some(want), "{s}");
            assert_eq!(date_line(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(parse_date("February 30, 2024"), None);
        assert_eq!(date_line("Peacekeepers leave on July 1, 2019"), None);
        assert_eq!(date_line("1. Russian troops July 2019"), None);
    }

    #[test]
    fn languages() {
        assert_eq!(language_code("ENGLISH").unwrap(), "en");
        assert_eq!(language_code("German; Deutsch").unwrap(), "de");
        assert_eq!(language_code("Русский").unwrap(), "ru");
        assert_eq!(language_code("en-GB").unwrap(), "en");
        assert_eq!(language_code("Klingon").unwrap_err(), "Klingon");
    }

    #[test]
    fn jaccard_of_shingles() {
        let a = shingles("one two three four five six seven");
        let b = shingles("One two three four five six seven!");
        assert_eq!(jaccard(&a, &b), 1.0);
        let c = shingles("one two three four five six eight");
        // shingles: a = {12345, 23456, 34567}, c = {12345, 23456, 34568}
        assert!((jaccard(&a, &c) - 0.5).abs() < 1e-9);
    }
}
