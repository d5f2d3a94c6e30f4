//! The commands as library functions: `run`, `check`, `kwic`, `explain`.
//!
//! `run` reads the lexicons (a problem there stops everything, exit 2), then
//! streams the corpus in batches: each batch is read and analysed in parallel
//! (or taken from the cache), then — in corpus order — its rows are written
//! to the per-article tables and its counts added to the per-outlet sums.
//! Memory therefore holds one batch and the sums, never the whole corpus.
//! Corpus order is article-id order for a corpus folder and row order for a
//! collection, so the tables are byte-identical whatever the thread count.
//! Every table is written to a temporary file and renamed into place only
//! when the run has succeeded.

use std::collections::{BTreeSet, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::aggregate::Accumulator;
use crate::analyze::{Context, add_context, analyze, analyze_without_context};
use crate::cache::{self, CacheReader, CacheWriter, Key, Opened};
use crate::error::{Diagnostic, Diagnostics, Error, Location, Status};
use crate::ingest::table::{CollectionReader, Columns, Row};
use crate::ingest::{self, Entry, hex};
use crate::lexicon::Lexicons;
use crate::lint::{Lint, LintCounts};
use crate::model::{ArticleResult, HitKind};
use crate::output::folder::OutputFolder;
use crate::output::{CsvStyle, FileTable, Pending, run_json, tables};

/// Articles read and analysed together, between two writes of rows.
const BATCH: usize = 256;

/// Options of a run (SPEC §10), after defaults.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// A collection file (CSV or JSON Lines) to read instead of the folder.
    pub collection: Option<PathBuf>,
    /// The collection's columns.
    pub columns: Columns,
    /// The lexicons folder.
    pub lexicons: PathBuf,
    /// Where tables are written.
    pub out: PathBuf,
    /// Worker threads; `None` for all cores.
    pub jobs: Option<usize>,
    /// Write tables with a UTF-8 byte-order mark for Excel.
    pub excel: bool,
    /// A gazetteer file to use instead of the lexicons folder's.
    pub entities: Option<PathBuf>,
    /// A frame lexicon to use instead of the lexicons folder's.
    pub frames: Option<PathBuf>,
    /// Ignore what earlier runs computed.
    pub no_cache: bool,
    /// Write `hits.csv`.
    pub hits: bool,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            corpus: "corpus".into(),
            collection: None,
            columns: Columns::default(),
            lexicons: "lexicons".into(),
            out: "output".into(),
            jobs: None,
            excel: false,
            entities: None,
            frames: None,
            no_cache: false,
            hits: true,
            progress: true,
        }
    }
}

impl RunOptions {
    fn lexicons(&self) -> Result<Lexicons, Error> {
        Lexicons::load(&self.lexicons, self.entities.as_deref(), self.frames.as_deref())
    }
}

/// What a run did, for the summary and the exit status.
#[derive(Debug, Default)]
pub struct Report {
    /// Articles analysed (or taken from the cache).
    pub articles: usize,
    /// Of which taken from the cache.
    pub cached: usize,
    /// Distinct outlets among them.
    pub outlets: usize,
    /// Word tokens analysed.
    pub tokens: usize,
    /// Characters cut as boilerplate.
    pub boilerplate_chars: usize,
    /// Entity mentions found.
    pub entity_mentions: usize,
    /// Frame hits found.
    pub frame_hits: usize,
    /// Problems met, sorted.
    pub diagnostics: Diagnostics,
    /// A note about the cache, e.g. that the lexicons changed.
    pub cache_note: Option<String>,
    /// Wall time.
    pub elapsed: Duration,
    /// Tables written (empty for `check`).
    pub written: Vec<PathBuf>,
}

impl Report {
    /// The exit status: 1 when any data error was reported.
    pub fn status(&self) -> Status {
        Status::from_diagnostics(&self.diagnostics)
    }

    fn count(&mut self, r: &ArticleResult, cached: bool) {
        self.articles += 1;
        self.cached += usize::from(cached);
        self.tokens += r.tokens;
        self.boilerplate_chars += r.boilerplate_chars();
        self.entity_mentions += r.count(HitKind::Entity);
        self.frame_hits += r.count(HitKind::Frame);
    }
}

/// Where articles come from.
enum Source {
    Folder(ingest::IntoEntries),
    Collection(Box<CollectionReader>),
}

/// One article to read and analyse.
enum Work {
    File(Entry),
    Row(Row),
}

impl Source {
    fn open(
        opts: &RunOptions,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Source, Option<usize>, Option<PathBuf>), Error> {
        match &opts.collection {
            Some(path) => Ok((
                Source::Collection(Box::new(CollectionReader::open(path, &opts.columns)?)),
                None,
                Some(path.clone()),
            )),
            None => {
                let mut corpus = ingest::discover(&opts.corpus)?;
                diagnostics.extend(std::mem::take(&mut corpus.diagnostics));
                let (n, manifest) = (corpus.len(), corpus.manifest.take());
                Ok((Source::Folder(corpus.into_entries()), Some(n), manifest))
            }
        }
    }

    fn next_batch(&mut self, diagnostics: &mut Diagnostics) -> Result<Vec<Work>, Error> {
        match self {
            Source::Folder(it) => Ok(it.by_ref().take(BATCH).map(Work::File).collect()),
            Source::Collection(r) => {
                Ok(r.next_batch(BATCH, diagnostics)?.into_iter().map(Work::Row).collect())
            }
        }
    }
}

/// The result of reading and analysing one article.
enum Outcome {
    Done {
        solo: Vec<(u32, u32)>,
        result: Box<ArticleResult>,
        key: Key,
        cached: bool,
        origin: Location,
        warning: Option<Diagnostic>,
    },
    Failed(Diagnostic),
}

/// Reads and analyses one article, or takes its analysis from the cache;
/// with `context`, puts its hits in context for `hits.csv`.
fn process(
    work: Work,
    ctx: &Context,
    cache: Option<&CacheReader>,
    stamp: &str,
    lint: Option<&Lint>,
    context: bool,
) -> Outcome {
    let (article, sha256, origin, warning) = match work {
        Work::File(entry) => match ingest::load(&entry) {
            Ok(l) => (l.article, l.sha256, entry.origin, l.warning),
            Err(d) => return Outcome::Failed(d),
        },
        Work::Row(row) => {
            let sha = hex(&Sha256::digest(row.article.text.as_bytes()));
            (row.article, sha, row.origin, None)
        }
    };
    let key = cache::key(stamp, &article.meta, &sha256);
    let solo = lint.map(|l| l.solo_hits(ctx, &article)).unwrap_or_default();
    let (mut result, cached) = match cache.and_then(|c| c.get(&key)) {
        Some(result) => (result, true),
        None => (analyze_without_context(&article, ctx), false),
    };
    if context {
        add_context(&mut result.hits, &article.text);
    }
    result.meta = article.meta;
    result.sha256 = sha256;
    Outcome::Done { solo, result: Box::new(result), key, cached, origin, warning }
}

/// The streamed per-article tables and the new cache.
struct Writers {
    articles: FileTable,
    boilerplate: FileTable,
    article_frames: FileTable,
    hits: Option<FileTable>,
    cache: CacheWriter,
    /// `run.json`'s list of articles.
    inputs: run_json::Inputs,
}

impl Writers {
    fn create(opts: &RunOptions, out: &Path, stamp: &str) -> Result<Writers, Error> {
        let style = CsvStyle { excel: opts.excel };
        Ok(Writers {
            articles: FileTable::create(out, "articles.csv", tables::ARTICLES_HEADER, style)?,
            boilerplate: FileTable::create(
                out,
                "boilerplate.csv",
                tables::BOILERPLATE_HEADER,
                style,
            )?,
            article_frames: FileTable::create(
                out,
                "article_frames.csv",
                tables::ARTICLE_FRAMES_HEADER,
                style,
            )?,
            hits: if opts.hits {
                Some(FileTable::create(out, "hits.csv", tables::HITS_HEADER, style)?)
            } else {
                None
            },
            cache: CacheWriter::create(&out.join(cache::DIR), stamp)?,
            inputs: run_json::Inputs::create(&out.join("run.json"))?,
        })
    }

    fn add(&mut self, r: &ArticleResult, key: &Key, ctx: &Context) -> Result<(), Error> {
        let (g, f) = (&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
        tables::article_row(self.articles.table(), r);
        self.articles.end_row()?;
        let io =
            |t: &FileTable, e: std::io::Error| Error::Usage(format!("{}: {e}", t.tmp().display()));
        tables::boilerplate_rows(self.boilerplate.table(), r)
            .map_err(|e| io(&self.boilerplate, e))?;
        tables::article_frame_rows(self.article_frames.table(), r, f)
            .map_err(|e| io(&self.article_frames, e))?;
        if let Some(h) = &mut self.hits {
            tables::hit_rows(h.table(), r, g, f).map_err(|e| io(h, e))?;
        }
        self.cache.add(key, r)
    }

    fn finish(self) -> Result<(Vec<Pending>, run_json::Inputs), Error> {
        let mut p = vec![
            self.articles.finish()?,
            self.boilerplate.finish()?,
            self.article_frames.finish()?,
        ];
        if let Some(h) = self.hits {
            p.push(h.finish()?);
        }
        p.push(self.cache.finish()?);
        Ok((p, self.inputs))
    }
}

/// Analyses the corpus and writes the tables.
///
/// # Errors
/// Unusable lexicons, corpus folder or collection (nothing is written), or a
/// table that cannot be written (the previous tables stay).
pub fn run(opts: &RunOptions) -> Result<Report, Error> {
    stream(opts, true, false).map(|(r, _)| r)
}

/// Validates lexicons and corpus without writing anything: every article is
/// read, decoded and analysed, and every problem is reported.
///
/// # Errors
/// As for [`run`].
pub fn check(opts: &RunOptions) -> Result<Report, Error> {
    let opts = RunOptions { no_cache: true, ..opts.clone() };
    stream(&opts, false, false).map(|(r, _)| r)
}

/// [`check`], and the lexicon report: what every pattern and alias matched
/// in the corpus (`lexicon_report.csv`, see [`crate::lint`]).
///
/// # Errors
/// As for [`run`].
pub fn check_and_lint(opts: &RunOptions) -> Result<(Report, Vec<u8>), Error> {
    let opts = RunOptions { no_cache: true, ..opts.clone() };
    let (report, lint) = stream(&opts, false, true)?;
    Ok((report, lint.unwrap_or_default()))
}

fn stream(opts: &RunOptions, write: bool, lint: bool) -> Result<(Report, Option<Vec<u8>>), Error> {
    let started = Instant::now();
    // taken first: a second run into the same folder stops before any work
    let folder = if write { Some(OutputFolder::open(&opts.out)?) } else { None };
    if let Some(f) = &folder {
        inputs_outside(opts, f.target())?;
    }
    // the corpus is listed while the lexicons are compiled: both are serial
    let (lexicons, listed) = std::thread::scope(|scope| {
        let lister = scope.spawn(|| {
            let mut found = Diagnostics::new();
            Source::open(opts, &mut found).map(|opened| (opened, found))
        });
        (opts.lexicons(), lister.join().expect("the listing thread panicked"))
    });
    let ctx = Context::new(lexicons?);
    let mut report = Report::default();
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend_from(&ctx.lexicons.notes);
    let ((mut source, total, manifest), found) = listed?;
    diagnostics.extend(found);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {:?} threads: {e}", opts.jobs)))?;
    let hashes: Vec<(&str, &str)> =
        ctx.lexicons.files.iter().map(|f| (f.role, f.sha256.as_str())).collect();
    let stamp = cache::stamp(&hashes);
    let cache_dir = opts.out.join(cache::DIR);
    let cache = if opts.no_cache || !write {
        None
    } else {
        match CacheReader::open(&cache_dir, &stamp, &mut diagnostics) {
            Opened::Cache(c) => Some(c),
            Opened::None(note) => {
                report.cache_note = note;
                None
            }
        }
    };
    let mut writers = match &folder {
        Some(f) => Some(Writers::create(opts, f.staging(), &stamp)?),
        None => None,
    };
    let (gazetteer, frames) = (&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
    let mut acc = Accumulator::new(gazetteer, frames);
    // ids seen, as 128-bit digests: duplicate detection in bounded memory
    let mut seen: HashSet<[u8; 16]> = HashSet::new();
    let mut outlets: BTreeSet<String> = BTreeSet::new();
    // articles found but not counted: they fail, or repeat an id
    let mut failed = 0usize;
    let progress = progress_bar(opts.progress, total);
    let linter = if lint { Some(Lint::new(&ctx.lexicons)) } else { None };
    let mut lint_counts = LintCounts::default();
    // One thread reads the articles a batch at a time and has the pool
    // analyse them, while this one takes the results in order: writing rows
    // and counting overlap the analysis of the next batch. One analysed batch
    // waits at most, so memory stays bounded.
    let (ctx, cache_ref, stamp_ref, linter_ref) = (&ctx, cache.as_ref(), &stamp, linter.as_ref());
    // what shows hits needs their context: hits.csv, and the lexicon report
    let context = (write && opts.hits) || lint;
    let read_problems = std::thread::scope(|scope| -> Result<Diagnostics, Error> {
        let (ready, analysed) = std::sync::mpsc::sync_channel::<Result<Vec<Outcome>, Error>>(1);
        let analyser = scope.spawn(move || {
            let mut found = Diagnostics::new();
            loop {
                let outcomes = source.next_batch(&mut found).map(|batch| {
                    pool.install(|| {
                        batch
                            .into_par_iter()
                            .map(|w| process(w, ctx, cache_ref, stamp_ref, linter_ref, context))
                            .collect::<Vec<Outcome>>()
                    })
                });
                let done = outcomes.as_ref().map_or(true, Vec::is_empty);
                // a send fails when the taker has stopped on an error
                if ready.send(outcomes).is_err() || done {
                    return found;
                }
            }
        });
        for outcomes in &analysed {
            let outcomes = outcomes?;
            if outcomes.is_empty() {
                break;
            }
            for outcome in outcomes {
                progress.inc(1);
                let (mut result, key, cached, origin, warning) = match outcome {
                    Outcome::Done { solo, result, key, cached, origin, warning } => {
                        if linter_ref.is_some() {
                            lint_counts.add(&result, &solo);
                        }
                        (result, key, cached, origin, warning)
                    }
                    Outcome::Failed(d) => {
                        failed += 1;
                        diagnostics.push_diagnostic(d);
                        continue;
                    }
                };
                if let Some(w) = warning {
                    diagnostics.push_diagnostic(w);
                }
                let digest: [u8; 16] =
                    Sha256::digest(result.meta.id.as_bytes())[..16].try_into().expect("16 bytes");
                if !seen.insert(digest) {
                    failed += 1;
                    diagnostics.error(
                        origin,
                        format!("duplicate article id '{}'; this one is skipped", result.meta.id),
                    );
                    continue;
                }
                acc.add(&result);
                report.count(&result, cached);
                outlets.insert(result.meta.outlet.clone());
                if let Some(w) = &mut writers {
                    w.add(&result, &key, ctx)?;
                    // a collection is one input file, hashed once; a folder lists each file
                    if opts.collection.is_none() {
                        w.inputs.add(&run_json::Input {
                            article_id: std::mem::take(&mut result.meta.id),
                            file: std::mem::take(&mut result.meta.file),
                            sha256: std::mem::take(&mut result.sha256),
                        })?;
                    }
                }
            }
        }
        Ok(analyser.join().expect("the analysing thread panicked"))
    })?;
    diagnostics.extend(read_problems);
    progress.finish_and_clear();
    if let Some(c) = &cache {
        c.report(&mut diagnostics);
    }
    diagnostics.sort();
    report.outlets = outlets.len();
    report.diagnostics = diagnostics;
    let (Some(writers), Some(folder)) = (writers, folder) else {
        report.elapsed = started.elapsed();
        let style = CsvStyle { excel: opts.excel };
        let lint = linter.map(|l| l.report(&lint_counts, &ctx.lexicons, style));
        return Ok((report, lint));
    };
    let (mut pending, inputs) = writers.finish()?;
    if report.articles == 0 {
        // nothing replaces something: the previous tables stay
        let why = match (failed, &opts.collection) {
            (0, None) => "the corpus folder holds no article".to_string(),
            (0, Some(_)) => "the collection holds no article".to_string(),
            (n, _) => format!("none of the {n} articles found could be analysed (see the errors)"),
        };
        report.diagnostics.error(
            Location::file(&opts.out),
            format!("{why}; the tables in this folder were left as they were"),
        );
        report.elapsed = started.elapsed();
        return Ok((report, None));
    }
    let agg = acc.finish();
    let style = CsvStyle { excel: opts.excel };
    let out = folder.staging();
    let info = run_info(opts, ctx, manifest.as_deref(), &report)?;
    for (name, bytes) in [
        ("outlet_frames.csv", tables::outlet_frames(&agg, frames, style)),
        ("frames_wide.csv", tables::frames_wide(&agg, frames, style)),
        ("frame_entities.csv", tables::frame_entities(&agg, gazetteer, frames, style)),
        ("outlet_entities.csv", tables::outlet_entities(&agg, gazetteer, style)),
        ("entity_variants.csv", tables::entity_variants(&agg, gazetteer, style)),
        ("outlet_actors.csv", tables::outlet_actors(&agg, gazetteer, style)),
    ] {
        pending.push(Pending::write(&out.join(name), &bytes)?);
    }
    pending.push(inputs.finish(&out.join("run.json"), &info)?);
    report.written = folder.commit(pending)?;
    report.elapsed = started.elapsed();
    Ok((report, None))
}

/// Each run replaces the output folder as a whole, so it must not hold
/// what the run reads (`--out .` beside `corpus/` would carry the corpus
/// into every new output folder, and `--out corpus` would swap it away).
fn inputs_outside(opts: &RunOptions, out: &Path) -> Result<(), Error> {
    let inputs = [
        Some(&opts.corpus),
        opts.collection.as_ref(),
        Some(&opts.lexicons),
        opts.entities.as_ref(),
        opts.frames.as_ref(),
    ];
    for input in inputs.into_iter().flatten() {
        if let Ok(real) = input.canonicalize()
            && real.starts_with(out)
        {
            return Err(Error::Usage(format!(
                "the output folder '{}' holds '{}', which the run reads; each run replaces the output folder, so give one apart with --out DIR",
                opts.out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

fn run_info<'a>(
    opts: &RunOptions,
    ctx: &'a Context,
    manifest: Option<&Path>,
    report: &Report,
) -> Result<run_json::RunInfo<'a>, Error> {
    let manifest = match manifest {
        Some(path) => Some((path.to_string_lossy().into_owned(), hash_file(path)?)),
        None => None,
    };
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.to_string_lossy().into_owned());
    Ok(run_json::RunInfo {
        options: json!({
            "corpus": if opts.collection.is_some() { None } else { Some(opts.corpus.to_string_lossy()) },
            "collection": path(&opts.collection),
            "lexicons": opts.lexicons.to_string_lossy(),
            "out": opts.out.to_string_lossy(),
            "excel": opts.excel,
            "entities": path(&opts.entities),
            "frames": path(&opts.frames),
            "hits": if opts.hits { "all" } else { "none" },
            "no_cache": opts.no_cache,
        }),
        lexicons: &ctx.lexicons.files,
        manifest,
        summary: json!({
            "articles": report.articles,
            "from_cache": report.cached,
            "outlets": report.outlets,
            "tokens": report.tokens,
            "entity_mentions": report.entity_mentions,
            "frame_hits": report.frame_hits,
            "errors": report.diagnostics.errors(),
            "warnings": report.diagnostics.warnings(),
        }),
    })
}

/// SHA-256 of a file, read in a stream (a collection may be gigabytes).
fn hash_file(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// A progress bar on a terminal; hidden otherwise (SPEC §8).
fn progress_bar(wanted: bool, total: Option<usize>) -> indicatif::ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = match total {
        Some(n) => indicatif::ProgressBar::new(n as u64).with_style(
            indicatif::ProgressStyle::with_template(
                " {spinner} {pos}/{len} articles {wide_bar} ETA {eta} ",
            )
            .expect("valid template"),
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template(" {spinner} {pos} articles, {per_sec} ")
                .expect("valid template"),
        ),
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Reads and analyses the articles of the corpus folder or collection that
/// `wanted` keeps, with `run`'s own steps (the manifest's metadata, the
/// outlet's boilerplate rules, duplicate ids skipped), and hands each result,
/// its hits in context, to `each` in corpus order; `each` returns false to
/// stop. What `kwic` and `explain` read, so that they give `run`'s numbers.
fn for_each_article(
    opts: &RunOptions,
    ctx: &Context,
    wanted: impl Fn(&Work) -> bool + Sync,
    mut each: impl FnMut(ArticleResult) -> bool,
) -> Result<(Diagnostics, usize), Error> {
    let mut diagnostics = Diagnostics::new();
    let (mut source, _, _) = Source::open(opts, &mut diagnostics)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {:?} threads: {e}", opts.jobs)))?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut found = 0;
    loop {
        let batch = source.next_batch(&mut diagnostics)?;
        if batch.is_empty() {
            break;
        }
        found += batch.len();
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .into_par_iter()
                .filter(|w| wanted(w))
                .map(|w| process(w, ctx, None, "", None, true))
                .collect()
        });
        for outcome in outcomes {
            match outcome {
                Outcome::Failed(d) => diagnostics.push_diagnostic(d),
                Outcome::Done { result, origin, warning, .. } => {
                    if let Some(w) = warning {
                        diagnostics.push_diagnostic(w);
                    }
                    if !seen.insert(result.meta.id.clone()) {
                        diagnostics.error(
                            origin,
                            format!(
                                "duplicate article id '{}'; this one is skipped",
                                result.meta.id
                            ),
                        );
                        continue;
                    }
                    if !each(*result) {
                        return Ok((diagnostics, found));
                    }
                }
            }
        }
    }
    Ok((diagnostics, found))
}

/// Runs one pattern of the pattern language over the corpus or collection
/// (the `kwic` command): returns the articles with the pattern's hits (and
/// only them), in corpus order, the number of articles searched, and the
/// problems met.
///
/// # Errors
/// The pattern does not parse (the message points at the fault), or the
/// lexicons or corpus are unusable.
pub fn kwic(opts: &RunOptions, pattern: &str) -> Result<Concordance, Error> {
    let mut lexicons = opts.lexicons()?;
    lexicons.frames = crate::frames::FrameSet::single(pattern, &lexicons.gazetteer)
        .map_err(|e| Error::Usage(format!("pattern {pattern:?}: {e}")))?;
    let ctx = Context::new(lexicons);
    let mut results = Vec::new();
    let mut searched = 0;
    let (mut diagnostics, found) = for_each_article(
        opts,
        &ctx,
        |_| true,
        |mut r| {
            searched += 1;
            r.hits.retain(|h| h.kind == HitKind::Frame);
            if !r.hits.is_empty() {
                results.push(r);
            }
            true
        },
    )?;
    if found == 0 {
        let (place, what) = match &opts.collection {
            Some(c) => (c, "the collection"),
            None => (&opts.corpus, "the corpus folder"),
        };
        diagnostics
            .error(Location::file(place), format!("{what} holds no article: nothing to search"));
    }
    diagnostics.sort();
    Ok(Concordance { results, searched, diagnostics })
}

/// What `kwic` found.
#[derive(Debug)]
pub struct Concordance {
    /// The articles with hits of the pattern (only those hits), in corpus
    /// order.
    pub results: Vec<ArticleResult>,
    /// The articles searched.
    pub searched: usize,
    /// The problems met.
    pub diagnostics: Diagnostics,
}

/// Analyses one article with `run`'s steps (the `explain` command): the
/// article of the corpus or collection whose id is `article`, or whose file
/// is the file `article` names; a file outside the corpus is read on its own,
/// with `outlet` and `language`.
///
/// # Errors
/// No such article or file, or the file cannot be read or is not text, or
/// the lexicons are unusable.
pub fn explain(
    opts: &RunOptions,
    article: &str,
    outlet: &str,
    language: &str,
) -> Result<(ArticleResult, Context, Diagnostics), Error> {
    let ctx = Context::new(opts.lexicons()?);
    let as_path = Path::new(article).canonicalize().ok();
    let is_it = |w: &Work| match w {
        Work::File(entry) => {
            entry.meta.id == article
                || as_path.is_some() && entry.path.canonicalize().ok() == as_path
        }
        Work::Row(row) => row.article.meta.id == article,
    };
    let mut found = None;
    let listed = if opts.collection.is_some() || opts.corpus.is_dir() {
        Some(for_each_article(opts, &ctx, is_it, |r| {
            found = Some(r);
            false
        })?)
    } else {
        None
    };
    let diagnostics = listed.map(|(d, _)| d).unwrap_or_default();
    if let Some(result) = found {
        return Ok((result, ctx, diagnostics));
    }
    let file = Path::new(article);
    if opts.collection.is_some() || !file.is_file() {
        let place = opts.collection.as_ref().unwrap_or(&opts.corpus);
        return Err(Error::Usage(format!(
            "no article with the id or file '{article}' in {}",
            place.display()
        )));
    }
    let entry = Entry {
        meta: crate::model::ArticleMeta {
            id: file.to_string_lossy().into_owned(),
            file: file.to_string_lossy().into_owned(),
            outlet: outlet.to_string(),
            language: language.to_string(),
            ..Default::default()
        },
        path: file.to_path_buf(),
        origin: Location::file(file),
    };
    let loaded = ingest::load(&entry).map_err(|d| Error::at(d.location, d.message))?;
    let result = analyze(&loaded.article, &ctx);
    Ok((result, ctx, diagnostics))
}
