//! More than one machine: `framelens map` and `framelens reduce` (issue 24,
//! SPEC §15).
//!
//! `map` is one more [`Sink`] of the [`Pipeline`]: it reads JSON Lines
//! articles from a stream (a partition of a collection: standard input under
//! Spark's `RDD.pipe`, Hadoop Streaming or GNU parallel) and writes a *part*:
//! one JSON object per line,
//!
//! 1. a `header`: the format, framelens's version, the SHA-256 of each
//!    lexicon and of all of them together (`lexicons_sha256`), and the
//!    options that decide what the records hold, with their SHA-256
//!    (`options_sha256`);
//! 2. one `article` record per article read: its whole analysis (the
//!    per-article result that `run` aggregates, as the cache keeps it) and,
//!    unless `--hits none`, each hit's context (the cells of `hits.csv`);
//! 3. `outlet` records: integers that add up, per outlet × group × period
//!    (articles, tokens, sentences, hits by voice, articles with each item,
//!    naming variants, frame × entity sentences);
//! 4. one `rows` record: rows read, analysed and skipped, with the problems
//!    reported on standard error (lines are lines of the partition).
//!
//! `reduce` reads any number of parts, refuses parts whose headers differ or
//! that repeat an article id, checks each part's `outlet` records against its
//! `article` records (a part cut short or edited is refused, never summed),
//! and replays the article records, in article-id order, into the very code
//! that writes `run`'s tables ([`crate::run`]'s `tabulate`): the tables are
//! `run`'s, byte for byte, by construction. `reduce --partial` writes a part
//! again (the merge is associative: a combiner).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::analyze::Context;
use crate::error::{Diagnostic, Diagnostics, Error, Location, Severity};
use crate::ingest::hex;
use crate::ingest::table::{CollectionReader, Columns};
use crate::lexicon::Lexicons;
use crate::model::{AnyFound, ArticleResult, Id, Kwic, Voice};
use crate::output::folder::OutputFolder;
use crate::periods::{Dating, Granularity, label, period_of};
use crate::pipeline::{Analysed, Pipeline, Plain, Sink, Source, Summary};
use crate::run::{self, Report, RunOptions};

/// The format of a part, the first field of its header.
pub const FORMAT: &str = "framelens-part-1";

/// The first line of a part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always `"header"`.
    pub kind: String,
    /// [`FORMAT`].
    pub format: String,
    /// framelens's version.
    pub version: String,
    /// Each lexicon file: role and SHA-256 of its bytes.
    pub lexicons: BTreeMap<String, String>,
    /// SHA-256 over the version and the lexicons (the cache's stamp).
    pub lexicons_sha256: String,
    /// The options that decide what the records hold.
    pub options: serde_json::Value,
    /// SHA-256 of `options` as written.
    pub options_sha256: String,
}

impl Header {
    fn new(ctx: &Context, options: serde_json::Value) -> Header {
        let options_sha256 = hex(&Sha256::digest(options.to_string().as_bytes()));
        Header {
            kind: "header".into(),
            format: FORMAT.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            lexicons: ctx
                .lexicons
                .files
                .iter()
                .map(|f| (f.role.to_string(), f.sha256.clone()))
                .collect(),
            lexicons_sha256: run::lexicon_stamp(ctx),
            options,
            options_sha256,
        }
    }

    /// Why `other` cannot be merged with this header, if it cannot.
    fn differs(&self, other: &Header) -> Option<String> {
        if self.format != other.format || self.version != other.version {
            return Some(format!(
                "written by {} {} and {} {}",
                self.format, self.version, other.format, other.version
            ));
        }
        if self.lexicons_sha256 != other.lexicons_sha256 {
            return Some(format!(
                "made with other lexicons ({} and {})",
                json!(self.lexicons),
                json!(other.lexicons)
            ));
        }
        if self.options_sha256 != other.options_sha256 {
            return Some(format!(
                "made with other options ({} and {})",
                self.options, other.options
            ));
        }
        None
    }

    fn hits(&self) -> bool {
        self.options["hits"] == "all"
    }

    fn period(&self) -> Granularity {
        match self.options["period"].as_str() {
            Some("day") => Granularity::Day,
            Some("week") => Granularity::Week,
            Some("quarter") => Granularity::Quarter,
            Some("year") => Granularity::Year,
            _ => Granularity::Month,
        }
    }
}

/// Counts of one item (frame or entity) in an [`OutletCounts`]: articles
/// with it, then hits in own words, in quotations, in scare quotes.
pub type ItemCounts = [u64; 4];

/// The additive counts of one outlet × group × period of a part: every
/// field is a sum over articles, so two records with one key add up field
/// by field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletCounts {
    /// Always `"outlet"`.
    pub kind: String,
    /// The outlet.
    pub outlet: String,
    /// The articles' group (`None`: no group cell).
    pub group: Option<String>,
    /// The period of the articles' date at the header's `period`; `None`
    /// for undated articles and those dated less precisely.
    pub period: Option<String>,
    /// Articles.
    pub articles: u64,
    /// Word tokens.
    pub tokens: u64,
    /// Word tokens in the author's own words.
    pub tokens_own: u64,
    /// Sentences.
    pub sentences: u64,
    /// Characters cut as boilerplate.
    pub boilerplate_chars: u64,
    /// Per frame id (only frames with hits): [`ItemCounts`].
    pub frames: BTreeMap<String, ItemCounts>,
    /// Per entity id (only entities with mentions): [`ItemCounts`].
    pub entities: BTreeMap<String, ItemCounts>,
    /// Mentions per entity id and naming variant (the alias that matched).
    pub variants: BTreeMap<String, BTreeMap<String, u64>>,
    /// Sentences in which a hit of the frame and a mention of the entity
    /// stand together, per frame id and entity id.
    pub frame_entities: BTreeMap<String, BTreeMap<String, u64>>,
}

impl OutletCounts {
    fn add(&mut self, o: &OutletCounts) {
        self.articles += o.articles;
        self.tokens += o.tokens;
        self.tokens_own += o.tokens_own;
        self.sentences += o.sentences;
        self.boilerplate_chars += o.boilerplate_chars;
        for (mine, theirs) in [(&mut self.frames, &o.frames), (&mut self.entities, &o.entities)] {
            for (k, v) in theirs {
                let c = mine.entry(k.clone()).or_default();
                for i in 0..4 {
                    c[i] += v[i];
                }
            }
        }
        for (mine, theirs) in
            [(&mut self.variants, &o.variants), (&mut self.frame_entities, &o.frame_entities)]
        {
            for (k, inner) in theirs {
                let m = mine.entry(k.clone()).or_default();
                for (v, n) in inner {
                    *m.entry(v.clone()).or_default() += n;
                }
            }
        }
    }
}

/// The [`OutletCounts`] of many articles, by outlet, group and period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    counts: BTreeMap<(String, Option<String>, Option<String>), OutletCounts>,
}

fn slot(v: Voice) -> usize {
    match v {
        Voice::Own => 1,
        Voice::Quote => 2,
        Voice::Scare => 3,
    }
}

impl Tally {
    /// Counts one article.
    pub fn article(&mut self, r: &ArticleResult, lexicons: &Lexicons, period: Granularity) {
        let (g, f) = (&lexicons.gazetteer, &lexicons.frames);
        let period = match period_of(r.meta.date.as_deref(), period) {
            Dating::At(p) => Some(label(p, period)),
            _ => None,
        };
        let mut one = OutletCounts {
            kind: "outlet".into(),
            outlet: r.meta.outlet.clone(),
            group: r.meta.group.clone(),
            period,
            articles: 1,
            tokens: r.tokens as u64,
            tokens_own: r.tokens_own as u64,
            sentences: r.sentences as u64,
            boilerplate_chars: r.boilerplate_chars() as u64,
            ..OutletCounts::default()
        };
        for h in r.in_text_order() {
            let (map, id) = match h {
                AnyFound::Entity(m) => {
                    let entity = &g.entity(m.item.get()).id;
                    let variant = &g.alias(m.pattern.get()).text;
                    *one.variants
                        .entry(entity.clone())
                        .or_default()
                        .entry(variant.clone())
                        .or_default() += 1;
                    (&mut one.entities, entity)
                }
                AnyFound::Frame(h) => (&mut one.frames, &f.frames()[h.item.index()].id),
            };
            let c = map.entry(id.clone()).or_default();
            c[0] = 1;
            c[slot(h.voice())] += 1;
        }
        // the pairs of frame_entities.csv: distinct (frame, entity) per sentence
        let mut pairs: Vec<(u32, u32, u32)> = Vec::new();
        let mut frames: Vec<(u32, u32)> =
            r.frame_hits.iter().map(|h| (h.sentence, h.item.get())).collect();
        let mut entities: Vec<(u32, u32)> =
            r.mentions.iter().map(|m| (m.sentence, m.item.get())).collect();
        for v in [&mut frames, &mut entities] {
            v.sort_unstable();
            v.dedup();
        }
        for &(s, fr) in &frames {
            let start = entities.partition_point(|&(es, _)| es < s);
            for &(_, e) in entities[start..].iter().take_while(|(es, _)| *es == s) {
                pairs.push((s, fr, e));
            }
        }
        for (_, fr, e) in pairs {
            let frame = &f.frames()[fr as usize].id;
            let entity = &g.entity(e).id;
            *one.frame_entities
                .entry(frame.clone())
                .or_default()
                .entry(entity.clone())
                .or_default() += 1;
        }
        self.add(one);
    }

    /// Adds a record (summed into the record of its key).
    pub fn add(&mut self, o: OutletCounts) {
        let key = (o.outlet.clone(), o.group.clone(), o.period.clone());
        match self.counts.get_mut(&key) {
            Some(c) => c.add(&o),
            None => {
                self.counts.insert(key, o);
            }
        }
    }

    /// The records, by outlet, group, period.
    pub fn records(&self) -> impl Iterator<Item = &OutletCounts> {
        self.counts.values()
    }
}

/// A problem `map` met, as a part keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: String,
    /// The line within the partition, when on one.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
}

/// The last record of a part: what became of the partition's rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rows {
    /// Always `"rows"`.
    pub kind: String,
    /// The name the rows stood under (`--source`).
    pub source: String,
    /// Articles written as `article` records.
    pub articles: u64,
    /// Rows read but not analysed: unusable, or repeating an id of the
    /// partition.
    pub skipped: u64,
    /// Errors reported.
    pub errors: u64,
    /// Warnings reported.
    pub warnings: u64,
    /// The problems reported, with their line in the partition.
    pub problems: Vec<Problem>,
}

/// An article record: the article's analysis, and its hits' contexts.
#[derive(Serialize, Deserialize)]
struct ArticleRecord {
    kind: String,
    result: ArticleResult,
    /// `[left, match, right]` of each mention, then of each frame hit;
    /// empty under `--hits none`.
    #[serde(default)]
    context: Vec<[String; 3]>,
}

impl ArticleRecord {
    fn new(mut result: ArticleResult, with_context: bool) -> ArticleRecord {
        let mut context = Vec::new();
        if with_context {
            for m in &mut result.mentions {
                let k = m.context.take().map(|k| *k).unwrap_or_default();
                context.push([k.left, k.matched, k.right]);
            }
            for h in &mut result.frame_hits {
                let k = h.context.take().map(|k| *k).unwrap_or_default();
                context.push([k.left, k.matched, k.right]);
            }
        }
        ArticleRecord { kind: "article".into(), result, context }
    }

    /// The result, its hits in context again.
    fn into_result(self) -> Result<ArticleResult, String> {
        let mut r = self.result;
        if self.context.is_empty() {
            return Ok(r);
        }
        if self.context.len() != r.mentions.len() + r.frame_hits.len() {
            return Err(format!(
                "article '{}' has {} contexts for {} hits",
                r.meta.id,
                self.context.len(),
                r.mentions.len() + r.frame_hits.len()
            ));
        }
        let mut ctx = self.context.into_iter();
        let mut next = || {
            let [left, matched, right] = ctx.next().expect("counted above");
            Some(Box::new(Kwic { left, matched, right }))
        };
        for m in &mut r.mentions {
            m.context = next();
        }
        for h in &mut r.frame_hits {
            h.context = next();
        }
        Ok(r)
    }
}

/// Options of `map`.
#[derive(Clone, Debug)]
pub struct MapOptions {
    /// The lexicons folder.
    pub lexicons: PathBuf,
    /// A gazetteer file instead of the folder's.
    pub entities: Option<PathBuf>,
    /// A frame lexicon instead of the folder's.
    pub frames: Option<PathBuf>,
    /// The JSON keys.
    pub columns: Columns,
    /// The collection's name: the `file` cell of articles.csv, and the
    /// file of messages.
    pub source: String,
    /// Keep each hit's context, for `hits.csv` and the report.
    pub hits: bool,
    /// The periods of the `outlet` records.
    pub period: Granularity,
    /// Worker threads; `None` for all cores.
    pub jobs: Option<usize>,
}

/// What `map` did.
#[derive(Debug, Default)]
pub struct MapReport {
    /// Articles written.
    pub articles: u64,
    /// Rows skipped.
    pub skipped: u64,
    /// The problems met (also in the part's `rows` record).
    pub diagnostics: Diagnostics,
}

/// `map`'s sink: each article as a record, its counts into the tally.
struct MapSink<'a, W: Write> {
    out: W,
    ctx: &'a Context,
    tally: Tally,
    period: Granularity,
    hits: bool,
    articles: u64,
}

impl<W: Write> MapSink<'_, W> {
    fn line<T: Serialize>(&mut self, record: &T) -> Result<(), Error> {
        let io = |e: std::io::Error| Error::io("standard output", e);
        serde_json::to_writer(&mut self.out, record).map_err(|e| io(e.into()))?;
        self.out.write_all(b"\n").map_err(io)
    }
}

impl<W: Write> Sink for MapSink<'_, W> {
    type Worker = Plain;

    fn worker(&self) -> Plain {
        Plain { context: self.hits }
    }

    fn article(&mut self, a: Analysed<()>) -> Result<bool, Error> {
        self.tally.article(&a.result, &self.ctx.lexicons, self.period);
        self.articles += 1;
        let record = ArticleRecord::new(*a.result, self.hits);
        self.line(&record)?;
        Ok(true)
    }
}

fn map_options_json(opts: &MapOptions) -> serde_json::Value {
    let c = &opts.columns;
    json!({
        "hits": if opts.hits { "all" } else { "none" },
        "period": opts.period.as_str(),
        "columns": {
            "text": c.text, "outlet": c.outlet, "date": c.date,
            "title": c.title, "id": c.id, "group": c.group,
        },
    })
}

/// Reads JSON Lines articles from `input` and writes a part to `out` (see
/// the module's documentation).
///
/// # Errors
/// Unusable lexicons (nothing is written), or the input or output fails.
pub fn map(
    opts: &MapOptions,
    input: Box<dyn BufRead + Send>,
    out: impl Write,
) -> Result<MapReport, Error> {
    let lexicons =
        Lexicons::load(&opts.lexicons, opts.entities.as_deref(), opts.frames.as_deref())?;
    let ctx = Context::new(lexicons);
    let header = Header::new(&ctx, map_options_json(opts));
    let source = Source::reader(CollectionReader::jsonl_stream(input, &opts.source, &opts.columns));
    let mut sink = MapSink {
        out,
        ctx: &ctx,
        tally: Tally::default(),
        period: opts.period,
        hits: opts.hits,
        articles: 0,
    };
    sink.line(&header)?;
    let summary = Pipeline::new(&ctx, opts.jobs)?.run(source, &mut sink)?;
    let tally = std::mem::take(&mut sink.tally);
    for record in tally.records() {
        sink.line(record)?;
    }
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend_from(&ctx.lexicons.notes);
    diagnostics.extend(summary.diagnostics);
    let rows = Rows {
        kind: "rows".into(),
        source: opts.source.clone(),
        articles: sink.articles,
        skipped: summary.failed as u64,
        errors: diagnostics.errors() as u64,
        warnings: diagnostics.warnings() as u64,
        problems: diagnostics
            .iter()
            .map(|d| Problem {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                }
                .into(),
                line: d.location.line,
                message: if d.location.path == Path::new(&opts.source) {
                    d.message.clone()
                } else {
                    // a lexicon note names its own file
                    format!("{}: {}", d.location, d.message)
                },
            })
            .collect(),
    };
    sink.line(&rows)?;
    sink.out.flush().map_err(|e| Error::io("standard output", e))?;
    Ok(MapReport { articles: sink.articles, skipped: rows.skipped, diagnostics })
}

/// Options of `reduce`.
#[derive(Clone, Debug)]
pub struct ReduceOptions {
    /// The tables' options, as for `run` (the lexicons, `--out`, `--hits`,
    /// `--period`, `--by`, …).
    pub run: RunOptions,
    /// Part files, folders of `part-*` files, or glob patterns.
    pub parts: Vec<PathBuf>,
    /// Write one part (to `run.out`, `-` for standard output) instead of
    /// the tables.
    pub partial: bool,
}

/// The part files the arguments name: a file; a folder's `part-*` files
/// (as Spark and Hadoop write them), in name order; a glob pattern's
/// matches (`*` and `?` in the file name), in name order.
///
/// # Errors
/// An argument names nothing.
pub fn part_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(arg)
                .map_err(|e| Error::io(arg, e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("part-"))
                        && p.is_file()
                })
                .collect();
            if found.is_empty() {
                return Err(Error::Usage(format!(
                    "'{}' holds no part-* file: give the folder map's output was saved to",
                    arg.display()
                )));
            }
            found.sort();
            files.extend(found);
        } else if arg.is_file() {
            files.push(arg.clone());
        } else {
            let name = arg.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.contains(['*', '?']) {
                return Err(Error::Usage(format!("part file '{}' not found", arg.display())));
            }
            let dir = match arg.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|e| Error::io(&dir, e))?
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_str().is_some_and(|n| glob(name, n)))
                .map(|e| arg.with_file_name(e.file_name()))
                .filter(|p| p.is_file())
                .collect();
            if found.is_empty() {
                return Err(Error::Usage(format!("no part file matches '{}'", arg.display())));
            }
            found.sort();
            files.extend(found);
        }
    }
    Ok(files)
}

/// Whether `name` matches `pattern` (`*` any run, `?` one character).
fn glob(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Where an article record is: part index and byte offset of its line.
struct Place {
    id: String,
    part: u32,
    offset: u64,
}

/// What the first pass over the parts found.
struct Scan {
    header: Header,
    places: Vec<Place>,
    /// The sum of the parts' `outlet` records.
    tally: Tally,
    rows: Vec<(PathBuf, Rows)>,
    hashes: Vec<String>,
}

/// Reads every part once: headers, article places, and the check of the
/// `outlet` records against the article records.
fn scan(files: &[PathBuf], ctx: &Context) -> Result<Scan, Error> {
    let lexicons = &ctx.lexicons;
    let mut first: Option<(Header, &Path)> = None;
    let mut places = Vec::new();
    let mut total = Tally::default();
    let mut rows = Vec::new();
    let mut hashes = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut hasher = Sha256::new();
        let (mut stated, mut counted) = (Tally::default(), Tally::default());
        let (mut line, mut offset, mut number) = (String::new(), 0u64, 0u64);
        let mut header_seen = false;
        loop {
            line.clear();
            let n = reader.read_line(&mut line).map_err(|e| Error::io(path, e))?;
            if n == 0 {
                break;
            }
            hasher.update(line.as_bytes());
            number += 1;
            let at = || Location::line(path, number);
            let bad = |what: String| Error::at(at(), what);
            let text = line.trim_end();
            if text.is_empty() {
                offset += n as u64;
                continue;
            }
            let kind = record_kind(text);
            if !header_seen && kind != Some("header") {
                return Err(bad(
                    "not a part of framelens map: its first line is not a header".to_string()
                ));
            }
            match kind {
                Some("header") => {
                    let h: Header = serde_json::from_str(text)
                        .map_err(|e| bad(format!("unreadable header: {e}")))?;
                    if h.format != FORMAT {
                        return Err(bad(format!(
                            "a part of format '{}'; this framelens reads {FORMAT}",
                            h.format
                        )));
                    }
                    match &first {
                        None => {
                            // the lexicons given here must be map's before
                            // any record is counted with them
                            let here = Header::new(ctx, h.options.clone());
                            if let Some(why) = here.differs(&h) {
                                return Err(bad(format!(
                                    "the parts were {why} than the lexicons given here (the first are reduce's): give reduce the lexicons map used"
                                )));
                            }
                            first = Some((h, path));
                        }
                        Some((f, fpath)) => {
                            if let Some(why) = f.differs(&h) {
                                return Err(bad(format!(
                                    "its header differs from that of '{}': the parts were {why}; map every partition with the same framelens, lexicons and options",
                                    fpath.display()
                                )));
                            }
                        }
                    }
                    header_seen = true;
                }
                Some("article") => {
                    let record: ArticleRecord = serde_json::from_str(text)
                        .map_err(|e| bad(format!("unreadable article record: {e}")))?;
                    let period = first.as_ref().expect("a header first").0.period();
                    counted.article(&record.result, lexicons, period);
                    places.push(Place {
                        id: record.result.meta.id,
                        part: u32::try_from(i).expect("fewer than 2^32 parts"),
                        offset,
                    });
                }
                Some("outlet") => {
                    let o: OutletCounts = serde_json::from_str(text)
                        .map_err(|e| bad(format!("unreadable outlet record: {e}")))?;
                    stated.add(o);
                }
                Some("rows") => {
                    let r: Rows = serde_json::from_str(text)
                        .map_err(|e| bad(format!("unreadable rows record: {e}")))?;
                    rows.push((path.clone(), r));
                }
                _ => return Err(bad("not a record of framelens map".to_string())),
            }
            offset += n as u64;
        }
        if !header_seen {
            return Err(Error::at(
                Location::file(path),
                "an empty file, not a part of framelens map (a part begins with its header)",
            ));
        }
        if stated != counted {
            return Err(Error::at(
                Location::file(path),
                "its outlet records do not add up to its article records: the part is incomplete or was edited; map its partition again",
            ));
        }
        for o in stated.counts.into_values() {
            total.add(o);
        }
        hashes.push(hex(&hasher.finalize()));
    }
    let (header, _) = first.ok_or_else(|| Error::Usage("no part file given".into()))?;
    Ok(Scan { header, places, tally: total, rows, hashes })
}

/// The `kind` of a record line: records are written with `kind` first.
fn record_kind(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("{\"kind\":\"")?;
    rest.split('"').next()
}

/// Merges parts: the tables of `run` (see the module's documentation), or
/// under `--partial` one part.
///
/// # Errors
/// Unusable lexicons or part files, parts that differ in their headers or
/// repeat an article id, or a table that cannot be written.
pub fn reduce(opts: &ReduceOptions) -> Result<Report, Error> {
    let started = Instant::now();
    let files = part_files(&opts.parts)?;
    let ctx = Context::new(opts.run.lexicons()?);
    let mut scan = scan(&files, &ctx)?;
    if opts.run.hits && !opts.partial && !scan.header.hits() {
        return Err(Error::Usage(
            "the parts were mapped with --hits none, so they hold no hit in context: give reduce --hits none too".into(),
        ));
    }
    // article-id order; a repeated id is refused, naming both parts
    scan.places.sort_unstable_by(|a, b| a.id.cmp(&b.id).then(a.part.cmp(&b.part)));
    for w in scan.places.windows(2) {
        if w[0].id == w[1].id {
            let (a, b) = (&files[w[0].part as usize], &files[w[1].part as usize]);
            let whr = if a == b {
                format!("twice in '{}'", a.display())
            } else {
                format!("in '{}' and in '{}'", a.display(), b.display())
            };
            return Err(Error::Usage(format!(
                "article id '{}' stands {whr}: each article must be mapped once (was a partition mapped twice?)",
                w[0].id
            )));
        }
    }
    let mut diagnostics = Diagnostics::new();
    for (path, rows) in &scan.rows {
        let place = format!("{} ({})", path.display(), rows.source);
        for p in &rows.problems {
            let location = Location { path: PathBuf::from(&place), line: p.line };
            let severity = if p.severity == "error" { Severity::Error } else { Severity::Warning };
            diagnostics.push_diagnostic(Diagnostic {
                location,
                severity,
                message: p.message.clone(),
            });
        }
    }
    let skipped: u64 = scan.rows.iter().map(|(_, r)| r.skipped).sum();
    let mut reader = Replay::new(&files);
    if opts.partial {
        return partial(opts, &scan, &mut reader, diagnostics, started);
    }
    let folder = OutputFolder::open(&opts.run.out)?;
    // each reduce replaces the output folder as a whole, as run does: it
    // must not hold what reduce reads
    let lexicons = [Some(&opts.run.lexicons), opts.run.entities.as_ref(), opts.run.frames.as_ref()];
    let denominator = opts.run.denominator.as_ref();
    for input in files.iter().chain(lexicons.into_iter().flatten()).chain(denominator) {
        if input.canonicalize().is_ok_and(|real| real.starts_with(folder.target())) {
            return Err(Error::Usage(format!(
                "the output folder '{}' holds '{}', which reduce reads; each reduce replaces the output folder, so give one apart with --out DIR",
                opts.run.out.display(),
                input.display()
            )));
        }
    }
    let provenance = json!(
        files
            .iter()
            .zip(&scan.hashes)
            .map(|(f, h)| json!({"path": f.to_string_lossy(), "sha256": h}))
            .collect::<Vec<_>>()
    );
    let mut run_opts = opts.run.clone();
    run_opts.no_cache = true;
    run_opts.collection = None;
    let places = std::mem::take(&mut scan.places);
    let feed =
        |tables: &mut run::Tables, _stamp: String, _cache: Option<&crate::cache::CacheReader>| {
            for place in &places {
                let result = reader.get(place)?;
                let analysed =
                    Analysed { result: Box::new(result), key: [0; 32], cached: false, extra: () };
                tables.article(analysed)?;
            }
            Ok(Summary { listed: places.len(), failed: skipped as usize, diagnostics })
        };
    run::tabulate(&run_opts, &ctx, folder, None, Some(provenance), started, feed)
}

/// Part files held open at once while records are read back: a Spark job
/// of thousands of partitions must not run out of file descriptors.
const OPEN_PARTS: usize = 128;

/// A part file open for reading back, and where its reader stands.
struct OpenPart {
    part: u32,
    reader: BufReader<File>,
    pos: u64,
    used: u64,
}

/// Reads article records back by their place, with at most `limit` part
/// files open (the least recently used is closed first). Reading on from
/// where the last record ended needs no seek, so parts that list their
/// articles in id order (Spark's partitions of an id-ordered file) are read
/// sequentially.
struct Replay<'a> {
    files: &'a [PathBuf],
    open: Vec<OpenPart>,
    limit: usize,
    clock: u64,
    line: String,
}

impl<'a> Replay<'a> {
    fn new(files: &'a [PathBuf]) -> Replay<'a> {
        Replay::with_limit(files, OPEN_PARTS)
    }

    fn with_limit(files: &'a [PathBuf], limit: usize) -> Replay<'a> {
        Replay { files, open: Vec::new(), limit: limit.max(1), clock: 0, line: String::new() }
    }

    fn record(&mut self, place: &Place) -> Result<ArticleRecord, Error> {
        let path = &self.files[place.part as usize];
        self.clock += 1;
        let i = match self.open.iter().position(|o| o.part == place.part) {
            Some(i) => i,
            None => {
                if self.open.len() >= self.limit {
                    let lru =
                        (0..self.open.len()).min_by_key(|&i| self.open[i].used).expect("open");
                    self.open.swap_remove(lru);
                }
                let f = File::open(path).map_err(|e| Error::io(path, e))?;
                let reader = BufReader::with_capacity(1 << 16, f);
                self.open.push(OpenPart { part: place.part, reader, pos: 0, used: 0 });
                self.open.len() - 1
            }
        };
        let o = &mut self.open[i];
        o.used = self.clock;
        if o.pos != place.offset {
            o.reader.seek(SeekFrom::Start(place.offset)).map_err(|e| Error::io(path, e))?;
        }
        self.line.clear();
        let n = o.reader.read_line(&mut self.line).map_err(|e| Error::io(path, e))?;
        o.pos = place.offset + n as u64;
        serde_json::from_str(self.line.trim_end()).map_err(|e| {
            Error::at(Location::file(path), format!("the part changed while it was read: {e}"))
        })
    }

    fn get(&mut self, place: &Place) -> Result<ArticleResult, Error> {
        let path = &self.files[place.part as usize];
        self.record(place)?.into_result().map_err(|m| Error::at(Location::file(path), m))
    }
}

/// `reduce --partial`: the parts as one part, article records in id order.
fn partial(
    opts: &ReduceOptions,
    scan: &Scan,
    reader: &mut Replay,
    diagnostics: Diagnostics,
    started: Instant,
) -> Result<Report, Error> {
    let write = |w: &mut dyn Write, reader: &mut Replay| -> Result<(), Error> {
        json_line(w, &scan.header)?;
        for place in &scan.places {
            json_line(w, &reader.record(place)?)?;
        }
        for o in scan.tally.records() {
            json_line(w, o)?;
        }
        let mut rows = Rows { kind: "rows".into(), ..Rows::default() };
        let mut sources: Vec<&str> = scan.rows.iter().map(|(_, r)| r.source.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        rows.source = sources.join(", ");
        for (_, r) in &scan.rows {
            rows.articles += r.articles;
            rows.skipped += r.skipped;
            rows.errors += r.errors;
            rows.warnings += r.warnings;
            rows.problems.extend(r.problems.iter().cloned());
        }
        json_line(w, &rows)
    };
    let mut report = Report::default();
    report.articles = scan.places.len();
    report.diagnostics = diagnostics;
    if opts.run.out == Path::new("-") {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write(&mut out, reader)?;
        out.flush().map_err(|e| Error::io("standard output", e))?;
    } else {
        let mut failed = None;
        let pending = crate::output::Pending::create(&opts.run.out, |w| {
            write(w, reader).map_err(|e| {
                let m = e.to_string();
                failed = Some(e);
                std::io::Error::other(m)
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        report.written = crate::output::commit(vec![pending?])?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Writes one record as a line of JSON.
fn json_line<T: Serialize>(w: &mut dyn Write, record: &T) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::io("the part", e);
    serde_json::to_writer(&mut *w, record).map_err(|e| io(e.into()))?;
    w.write_all(b"\n").map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_spark_part_names() {
        assert!(glob("part-*", "part-00000"));
        assert!(glob("part-0000?", "part-00003"));
        assert!(!glob("part-*", "_SUCCESS"));
        assert!(!glob("part-*", ".part-00000.crc"));
        assert!(glob("*.jsonl", "a.b.jsonl"));
        assert!(!glob("a*b", "a"));
    }

    #[test]
    fn the_kind_is_read_from_the_start_of_a_line() {
        assert_eq!(record_kind(r#"{"kind":"article","result":{}}"#), Some("article"));
        assert_eq!(record_kind(r#"{"result":{},"kind":"article"}"#), None);
    }

    /// Records read back in any order, with fewer files open than parts,
    /// are the records written.
    #[test]
    fn records_are_read_back_by_place_with_few_files_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        let mut places = Vec::new();
        for part in 0..5u32 {
            let path = dir.path().join(format!("part-{part}"));
            let mut text = String::new();
            for k in 0..4 {
                let mut result: ArticleResult = serde_json::from_value(json!({
                    "meta": {"id": "", "file": "f", "outlet": "o", "date": null, "title": null,
                             "url": null, "authors": null, "language": "en"},
                    "chars": 0, "tokens": k, "tokens_own": 0, "sentences": 0, "cuts": [],
                    "sha256": "", "mentions": [], "frame_hits": []
                }))
                .unwrap();
                result.meta.id = format!("{part}-{k}");
                places.push(Place { id: result.meta.id.clone(), part, offset: text.len() as u64 });
                let record = ArticleRecord::new(result, false);
                text.push_str(&serde_json::to_string(&record).unwrap());
                text.push('\n');
            }
            std::fs::write(&path, text).unwrap();
            files.push(path);
        }
        // in order, then backwards, then interleaved across parts
        let mut order: Vec<usize> = (0..places.len()).collect();
        order.extend((0..places.len()).rev());
        order.extend((0..4).flat_map(|k| (0..5).map(move |p| p * 4 + k)));
        let mut replay = Replay::with_limit(&files, 2);
        for i in order {
            let got = replay.get(&places[i]).unwrap();
            assert_eq!(got.meta.id, places[i].id);
            assert!(replay.open.len() <= 2);
        }
    }

    #[test]
    fn outlet_counts_add_field_by_field() {
        let mut a =
            OutletCounts { kind: "outlet".into(), articles: 2, tokens: 10, ..Default::default() };
        a.frames.insert("f".into(), [1, 2, 0, 0]);
        a.variants.insert("e".into(), BTreeMap::from([("E".to_string(), 3)]));
        let mut b = a.clone();
        b.frames.insert("g".into(), [1, 0, 1, 0]);
        a.add(&b);
        assert_eq!((a.articles, a.tokens), (4, 20));
        assert_eq!(a.frames["f"], [2, 4, 0, 0]);
        assert_eq!(a.frames["g"], [1, 0, 1, 0]);
        assert_eq!(a.variants["e"]["E"], 6);
    }
}
