//! The commands that read a corpus, as library functions: `run`, `check`,
//! `kwic`, `explain` (`lexicon convert` reads only a dictionary: see
//! [`crate::dictionary`]).
//!
//! Each reads its articles through the one [`Pipeline`] and is a [`Sink`]
//! of it: `run` streams the per-article tables and sums the per-outlet
//! counts (`Tables`), `check` lints the lexicons ([`crate::lint::Linter`]),
//! `kwic` keeps one pattern's hits, `explain` keeps one article. So they give
//! the same numbers for the same article.
//!
//! `run` reads the lexicons first (a problem there stops everything, exit
//! 2). Memory holds two batches of articles and the sums, never the whole
//! corpus. Every table is written into a new folder that replaces the output
//! folder only when the run has succeeded ([`OutputFolder`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::aggregate::Accumulator;
use crate::analyze::{Context, analyze};
use crate::cache::{self, CacheReader, CacheWriter, Key, Opened};
use crate::error::{Diagnostics, Error, Location, Status};
use crate::ingest::table::Columns;
use crate::ingest::{self, Entry, hex};
use crate::lexicon::Lexicons;
use crate::lint::Linter;
use crate::model::ArticleResult;
use crate::output::findings;
use crate::output::folder::OutputFolder;
use crate::output::tables::WideRate;
use crate::output::{CsvStyle, FileTable, Pending, run_json, tables};
use crate::periods::{Denominator, Granularity, PeriodAccumulator};
use crate::pipeline::{Analysed, Pipeline, Plain, Sink, Source, Summary};
use crate::report::{self, HitSample, RunFacts};
use crate::stats::{BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, Bootstrap};

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
    /// What `frames_wide.csv` holds per outlet (`--wide-rate`).
    pub wide_rate: WideRate,
    /// The length of the periods of `outlet_periods.csv` and
    /// `article_matrix.csv` (`--period`).
    pub period: Granularity,
    /// Media Cloud's counts-over-time CSV, for `archive_total`
    /// (`--denominator`).
    pub denominator: Option<PathBuf>,
    /// What the outlet tables are computed per (`--by`).
    pub by: By,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Write `report.html` (`--report html`, the default).
    pub report: bool,
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
            wide_rate: WideRate::default(),
            period: Granularity::default(),
            denominator: None,
            by: By::Outlet,
            progress: true,
            report: true,
        }
    }
}

impl RunOptions {
    pub(crate) fn lexicons(&self) -> Result<Lexicons, Error> {
        Lexicons::load(&self.lexicons, self.entities.as_deref(), self.frames.as_deref())
    }

    /// The corpus folder, or the collection when one is given.
    fn source(&self) -> Result<Source, Error> {
        match &self.collection {
            Some(path) => Source::collection(path, &self.columns),
            None => Source::folder(&self.corpus),
        }
    }

    /// The lexicons and the source, made at once: both are serial.
    fn open(&self) -> Result<(Context, Source), Error> {
        let (lexicons, source) = std::thread::scope(|scope| {
            let lister = scope.spawn(|| self.source());
            (self.lexicons(), lister.join().expect("the listing thread panicked"))
        });
        Ok((Context::new(lexicons?), source?))
    }

    /// What the input is, for messages.
    fn place(&self) -> (&Path, &'static str) {
        match &self.collection {
            Some(c) => (c, "the collection"),
            None => (&self.corpus, "the corpus folder"),
        }
    }
}

/// What the outlet tables are computed per (`--by`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Each outlet (the default).
    #[default]
    Outlet,
    /// Each group of outlets: the articles' `group` cell (manifest or
    /// collection); articles without one form the group [`NO_GROUP`].
    Group,
}

impl By {
    /// The name given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Outlet => "outlet",
            By::Group => "group",
        }
    }
}

/// The group of the articles without a `group` cell under `--by group`.
pub const NO_GROUP: &str = "(no group)";

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
    /// The granularity of the periods (`--period`).
    pub period: Granularity,
    /// Articles without a date.
    pub undated: u64,
    /// Articles dated less precisely than `--period` needs (`2024-05` by
    /// week): undated at this granularity only.
    pub undated_at_period: u64,
    /// Under `--by group`, articles without a group.
    pub without_group: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Tables written (empty for `check`).
    pub written: Vec<PathBuf>,
    /// The outlets' names, for `outlets`.
    outlet_names: BTreeSet<String>,
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
        self.entity_mentions += r.mentions.len();
        self.frame_hits += r.frame_hits.len();
        if !self.outlet_names.contains(&r.meta.outlet) {
            self.outlet_names.insert(r.meta.outlet.clone());
            self.outlets = self.outlet_names.len();
        }
    }
}

/// The streamed per-article tables and the new cache (none under
/// `--no-cache`).
struct Writers {
    articles: FileTable,
    boilerplate: FileTable,
    article_frames: FileTable,
    article_matrix: FileTable,
    hits: Option<FileTable>,
    cache: Option<CacheWriter>,
    /// `run.json`'s list of articles.
    inputs: run_json::Inputs,
}

impl Writers {
    fn create(opts: &RunOptions, out: &Path, stamp: &str, ctx: &Context) -> Result<Writers, Error> {
        let style = CsvStyle { excel: opts.excel };
        let matrix = findings::article_matrix_header(&ctx.lexicons.frames, &ctx.lexicons.gazetteer);
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
            article_matrix: FileTable::create(
                out,
                "article_matrix.csv",
                findings::Names(&matrix),
                style,
            )?,
            hits: if opts.hits {
                Some(FileTable::create(out, "hits.csv", tables::HITS_HEADER, style)?)
            } else {
                None
            },
            cache: if opts.no_cache {
                None
            } else {
                Some(CacheWriter::create(&out.join(cache::DIR), stamp)?)
            },
            inputs: run_json::Inputs::create(&out.join("run.json"))?,
        })
    }

    fn add(
        &mut self,
        r: &ArticleResult,
        key: &Key,
        ctx: &Context,
        period: Granularity,
    ) -> Result<(), Error> {
        let (g, f) = (&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
        tables::article_row(self.articles.table(), r);
        self.articles.end_row()?;
        let io =
            |t: &FileTable, e: std::io::Error| Error::Usage(format!("{}: {e}", t.tmp().display()));
        tables::boilerplate_rows(self.boilerplate.table(), r)
            .map_err(|e| io(&self.boilerplate, e))?;
        tables::article_frame_rows(self.article_frames.table(), r, f)
            .map_err(|e| io(&self.article_frames, e))?;
        let (nf, ne) = (f.frames().len(), g.entities().len());
        findings::article_matrix_row(self.article_matrix.table(), r, nf, ne, period)
            .map_err(|e| io(&self.article_matrix, e))?;
        if let Some(h) = &mut self.hits {
            tables::hit_rows(h.table(), r, g, f).map_err(|e| io(h, e))?;
        }
        match &mut self.cache {
            Some(c) => c.add(key, r),
            None => Ok(()),
        }
    }

    fn finish(self) -> Result<(Vec<Pending>, run_json::Inputs), Error> {
        let mut p = vec![
            self.articles.finish()?,
            self.boilerplate.finish()?,
            self.article_frames.finish()?,
            self.article_matrix.finish()?,
        ];
        if let Some(h) = self.hits {
            p.push(h.finish()?);
        }
        if let Some(c) = self.cache {
            p.push(c.finish()?);
        }
        Ok((p, self.inputs))
    }
}

/// `run`'s sink: the per-article tables streamed to the new output folder,
/// the per-outlet sums, the cache and `run.json`'s list of inputs.
pub(crate) struct Tables<'a> {
    ctx: &'a Context,
    writers: Writers,
    acc: Accumulator,
    periods: PeriodAccumulator,
    bootstrap: Bootstrap,
    /// The hits of `report.html`'s hit browser.
    sample: HitSample,
    report: Report,
    /// A collection is one input file, hashed once; a folder lists each file.
    list_inputs: bool,
    context: bool,
    by: By,
}

impl Sink for Tables<'_> {
    type Worker = Plain;

    fn worker(&self) -> Plain {
        Plain { context: self.context }
    }

    fn article(&mut self, a: Analysed<()>) -> Result<bool, Error> {
        let mut result = a.result;
        // under --by group the outlet sums are kept per group: the group
        // stands in the outlet's place while they are counted
        let outlet = match self.by {
            By::Outlet => None,
            By::Group => {
                let group = result.meta.group.clone().unwrap_or_else(|| {
                    self.report.without_group += 1;
                    NO_GROUP.to_string()
                });
                Some(std::mem::replace(&mut result.meta.outlet, group))
            }
        };
        self.acc.add(&result);
        self.periods.add(&result);
        self.bootstrap.add(&result);
        if self.sample.with_context {
            self.sample.add(&result, &result.meta.outlet, &self.ctx.lexicons.frames);
        }
        if let Some(outlet) = outlet {
            result.meta.outlet = outlet;
        }
        self.report.count(&result, a.cached);
        self.writers.add(&result, &a.key, self.ctx, self.periods.granularity())?;
        if self.list_inputs {
            self.writers.inputs.add(&run_json::Input {
                article_id: std::mem::take(&mut result.meta.id),
                file: std::mem::take(&mut result.meta.file),
                sha256: std::mem::take(&mut result.sha256),
            })?;
        }
        Ok(true)
    }
}

/// Analyses the corpus and writes the tables.
///
/// # Errors
/// Unusable lexicons, corpus folder or collection (nothing is written), or a
/// table that cannot be written (the previous tables stay).
pub fn run(opts: &RunOptions) -> Result<Report, Error> {
    let started = Instant::now();
    // taken first: a second run into the same folder stops before any work
    let folder = OutputFolder::open(&opts.out)?;
    inputs_outside(opts, folder.target())?;
    let (ctx, source) = opts.open()?;
    let manifest = source.manifest().map(Path::to_path_buf);
    let feed = |tables: &mut Tables, stamp: String, cache: Option<&CacheReader>| {
        Pipeline::new(&ctx, opts.jobs)?
            .stamp(stamp)
            .cache(cache)
            .progress(opts.progress)
            .run(source, tables)
    };
    tabulate(opts, &ctx, folder, manifest.as_deref(), None, started, feed)
}

/// Where `tabulate`'s articles came from, besides `opts`: `reduce`'s part
/// files, for `run.json`.
pub(crate) type Provenance = Option<serde_json::Value>;

/// Writes the tables of `run` into `folder` from the articles `feed` hands
/// to the [`Tables`] sink: the pipeline's (`run`) or the part files'
/// (`reduce`, [`crate::part`]). One code path for both, so that their
/// tables are the same bytes for the same articles.
pub(crate) fn tabulate<F>(
    opts: &RunOptions,
    ctx: &Context,
    folder: OutputFolder,
    manifest: Option<&Path>,
    provenance: Provenance,
    started: Instant,
    feed: F,
) -> Result<Report, Error>
where
    F: for<'t, 'c> FnOnce(
        &mut Tables<'t>,
        String,
        Option<&'c CacheReader>,
    ) -> Result<Summary, Error>,
{
    // read before any article: a bad file stops the run (exit 2)
    let denominator = opts.denominator.as_deref().map(Denominator::load).transpose()?;
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend_from(&ctx.lexicons.notes);
    let stamp = lexicon_stamp(ctx);
    let mut cache_note = None;
    let cache = if opts.no_cache {
        None
    } else {
        match CacheReader::open(&opts.out.join(cache::DIR), &stamp, &mut diagnostics) {
            Opened::Cache(c) => Some(c),
            Opened::None(note) => {
                cache_note = note;
                None
            }
        }
    };
    let (gazetteer, frames) = (&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
    let mut tables = Tables {
        ctx,
        writers: Writers::create(opts, folder.staging(), &stamp, ctx)?,
        acc: Accumulator::new(gazetteer, frames),
        periods: PeriodAccumulator::new(
            opts.period,
            frames.frames().len(),
            gazetteer.entities().len(),
        ),
        bootstrap: Bootstrap::new(frames.frames().len(), gazetteer.entities().len()),
        sample: HitSample::new(opts.report && opts.hits),
        report: Report { cache_note, period: opts.period, ..Report::default() },
        list_inputs: opts.collection.is_none() && provenance.is_none(),
        context: opts.hits,
        by: opts.by,
    };
    let summary = feed(&mut tables, stamp, cache.as_ref())?;
    let Tables { writers, acc, periods, bootstrap, sample, mut report, .. } = tables;
    report.undated = periods.undated();
    report.undated_at_period = periods.too_coarse();
    diagnostics.extend(summary.diagnostics);
    if report.without_group > 0 {
        let (place, what) = match provenance {
            // reduce: the articles came from map's parts
            Some(_) => (opts.out.as_path(), "the parts"),
            None => opts.place(),
        };
        diagnostics.warning(
            Location::file(place),
            format!(
                "{} articles of {what} have no 'group' cell: under --by group they are counted as the group '{NO_GROUP}'",
                report.without_group
            ),
        );
    }
    diagnostics.sort();
    report.diagnostics = diagnostics;
    let (mut pending, inputs) = writers.finish()?;
    if report.articles == 0 {
        // nothing replaces something: the previous tables stay
        let why = match (summary.failed, &opts.collection) {
            (0, None) => "the corpus folder holds no article".to_string(),
            (0, Some(_)) => "the collection holds no article".to_string(),
            (n, _) => format!("none of the {n} articles found could be analysed (see the errors)"),
        };
        report.diagnostics.error(
            Location::file(&opts.out),
            format!("{why}; the tables in this folder were left as they were"),
        );
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    let agg = acc.finish();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let jobs = opts.jobs.unwrap_or(cores);
    let intervals = bootstrap.intervals(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, jobs);
    let out = folder.staging();
    let info = run_info(opts, ctx, manifest, provenance, &report)?;
    let outlet_tables = |style: CsvStyle| -> [(&'static str, Vec<u8>); 8] {
        [
            ("outlet_frames.csv", tables::outlet_frames(&agg, frames, style)),
            ("frames_wide.csv", tables::frames_wide(&agg, frames, opts.wide_rate, style)),
            ("frame_entities.csv", tables::frame_entities(&agg, gazetteer, frames, style)),
            ("outlet_entities.csv", tables::outlet_entities(&agg, gazetteer, style)),
            ("entity_variants.csv", tables::entity_variants(&agg, gazetteer, style)),
            ("outlet_actors.csv", tables::outlet_actors(&agg, gazetteer, style)),
            (
                "outlet_periods.csv",
                findings::outlet_periods(&periods, frames, gazetteer, denominator.as_ref(), style),
            ),
            (
                "outlet_tests.csv",
                findings::outlet_tests(&agg, frames, gazetteer, &intervals, style),
            ),
        ]
    };
    let written = outlet_tables(CsvStyle { excel: opts.excel });
    for (name, bytes) in &written {
        pending.push(Pending::write(&out.join(name), bytes)?);
    }
    if opts.report {
        // the report reads the tables back: plain CSV, without Excel's marks
        let plain = if opts.excel { outlet_tables(CsvStyle::default()) } else { written };
        let html = report_page(&plain, &RunFacts::new(&info, &report.diagnostics), &sample)?;
        pending.push(Pending::write(&out.join("report.html"), html.as_bytes())?);
    }
    pending.push(inputs.finish(&out.join("run.json"), &info)?);
    report.written = folder.commit(pending)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// `report.html` from the outlet tables (`(name, bytes)`, plain CSV).
fn report_page(
    tables: &[(&str, Vec<u8>)],
    facts: &RunFacts,
    sample: &HitSample,
) -> Result<String, Error> {
    let get =
        |name: &str| tables.iter().find(|(n, _)| *n == name).map_or(&[][..], |(_, b)| b.as_slice());
    let t = report::Tables {
        outlet_frames: get("outlet_frames.csv"),
        outlet_tests: get("outlet_tests.csv"),
        outlet_periods: get("outlet_periods.csv"),
        outlet_entities: get("outlet_entities.csv"),
        frame_entities: get("frame_entities.csv"),
        entity_variants: get("entity_variants.csv"),
    };
    report::render(&t, facts, sample)
}

/// `check`'s sink: the counts of the summary, and the linter's.
struct Checker<'a> {
    linter: Linter<'a>,
    report: Report,
}

impl<'a> Sink for Checker<'a> {
    type Worker = &'a crate::lint::Lint;

    fn worker(&self) -> Self::Worker {
        self.linter.lint()
    }

    fn article(&mut self, a: Analysed<Vec<(u32, u32)>>) -> Result<bool, Error> {
        self.report.count(&a.result, a.cached);
        self.linter.add(&a.result, &a.extra);
        Ok(true)
    }
}

/// Validates lexicons and corpus without writing any table: every article
/// is read, decoded and analysed, and every problem is reported. Returns the
/// report and the lexicon report, what every pattern and alias matched in
/// the corpus (`lexicon_report.csv`, see [`crate::lint`]).
///
/// # Errors
/// As for [`run`].
pub fn check(opts: &RunOptions) -> Result<(Report, Vec<u8>), Error> {
    let started = Instant::now();
    let (ctx, source) = opts.open()?;
    let lint = crate::lint::Lint::new(&ctx.lexicons);
    let mut checker = Checker { linter: Linter::new(&lint), report: Report::default() };
    let summary =
        Pipeline::new(&ctx, opts.jobs)?.progress(opts.progress).run(source, &mut checker)?;
    let Checker { linter, mut report } = checker;
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend_from(&ctx.lexicons.notes);
    diagnostics.extend(summary.diagnostics);
    diagnostics.sort();
    report.diagnostics = diagnostics;
    report.elapsed = started.elapsed();
    let lint = linter.report(&ctx.lexicons, CsvStyle { excel: opts.excel });
    Ok((report, lint))
}

/// `kwic`'s sink: the articles with hits of the pattern, only those hits.
struct Kwic {
    results: Vec<ArticleResult>,
    searched: usize,
}

impl Sink for Kwic {
    type Worker = Plain;

    fn worker(&self) -> Plain {
        Plain { context: true }
    }

    fn article(&mut self, a: Analysed<()>) -> Result<bool, Error> {
        self.searched += 1;
        let mut r = *a.result;
        r.mentions.clear();
        if !r.frame_hits.is_empty() {
            self.results.push(r);
        }
        Ok(true)
    }
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
    let (ctx, source) = opts.open()?;
    let mut lexicons = ctx.lexicons;
    lexicons.frames = crate::frames::FrameSet::single(pattern, &lexicons.gazetteer)
        .map_err(|e| Error::Usage(format!("pattern {pattern:?}: {e}")))?;
    // a context of its own, whose vocabulary asks about the pattern's terms
    let ctx = Context::new(lexicons);
    let mut sink = Kwic { results: Vec::new(), searched: 0 };
    let Summary { listed, mut diagnostics, .. } =
        Pipeline::new(&ctx, opts.jobs)?.run(source, &mut sink)?;
    if listed == 0 {
        let (place, what) = opts.place();
        diagnostics
            .error(Location::file(place), format!("{what} holds no article: nothing to search"));
        diagnostics.sort();
    }
    Ok(Concordance { results: sink.results, searched: sink.searched, diagnostics })
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

/// `explain`'s worker and sink: the one article whose id is `id`, or whose
/// file is `path`.
struct Explain {
    id: String,
    path: Option<PathBuf>,
}

impl crate::pipeline::Worker for &Explain {
    type Extra = ();

    fn wants(&self, meta: &crate::model::ArticleMeta, path: Option<&Path>) -> bool {
        meta.id == self.id
            || self.path.is_some() && path.and_then(|p| p.canonicalize().ok()) == self.path
    }

    fn context(&self) -> bool {
        true
    }
}

/// The sink half of [`Explain`]: it stops at the article.
struct ExplainSink<'a> {
    explain: &'a Explain,
    found: Option<ArticleResult>,
}

impl<'a> Sink for ExplainSink<'a> {
    type Worker = &'a Explain;

    fn worker(&self) -> &'a Explain {
        self.explain
    }

    fn article(&mut self, a: Analysed<()>) -> Result<bool, Error> {
        self.found = Some(*a.result);
        Ok(false)
    }
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
    let listed = opts.collection.is_some() || opts.corpus.is_dir();
    let (ctx, source) = if listed {
        let (ctx, source) = opts.open()?;
        (ctx, Some(source))
    } else {
        (Context::new(opts.lexicons()?), None)
    };
    let wanted = Explain { id: article.to_string(), path: Path::new(article).canonicalize().ok() };
    let mut diagnostics = Diagnostics::new();
    if let Some(source) = source {
        let mut sink = ExplainSink { explain: &wanted, found: None };
        diagnostics = Pipeline::new(&ctx, opts.jobs)?.run(source, &mut sink)?.diagnostics;
        if let Some(result) = sink.found {
            return Ok((result, ctx, diagnostics));
        }
    }
    let file = Path::new(article);
    if opts.collection.is_some() || !file.is_file() {
        let (place, _) = opts.place();
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
    let mut result = analyze(&loaded.article, &ctx);
    result.sha256 = loaded.sha256;
    Ok((result, ctx, diagnostics))
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
        opts.denominator.as_ref(),
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
    provenance: Provenance,
    report: &Report,
) -> Result<run_json::RunInfo<'a>, Error> {
    let manifest = match manifest {
        Some(path) => Some((path.to_string_lossy().into_owned(), hash_file(path)?)),
        None => None,
    };
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.to_string_lossy().into_owned());
    let denominator_sha256 = opts.denominator.as_deref().map(hash_file).transpose()?;
    let mut options = json!({
            "corpus": if opts.collection.is_some() { None } else { Some(opts.corpus.to_string_lossy()) },
            "collection": path(&opts.collection),
            "lexicons": opts.lexicons.to_string_lossy(),
            "out": opts.out.to_string_lossy(),
            "excel": opts.excel,
            "entities": path(&opts.entities),
            "frames": path(&opts.frames),
            "hits": if opts.hits { "all" } else { "none" },
            "wide_rate": opts.wide_rate.as_str(),
            "period": opts.period.as_str(),
            "by": opts.by.as_str(),
            "denominator": path(&opts.denominator),
            "denominator_sha256": denominator_sha256,
            "bootstrap": {
                "resamples": BOOTSTRAP_RESAMPLES,
                "seed": BOOTSTRAP_SEED,
                "generator": "ChaCha8 (rand 0.10), stream = the outlet's index in id order",
            },
            "no_cache": opts.no_cache,
    });
    if let Some(parts) = provenance {
        // reduce: no corpus folder and no collection file, but part files
        options["corpus"] = serde_json::Value::Null;
        options["parts"] = parts;
    }
    Ok(run_json::RunInfo {
        options,
        lexicons: &ctx.lexicons.files,
        manifest,
        summary: json!({
            "articles": report.articles,
            "from_cache": report.cached,
            "outlets": report.outlets,
            "tokens": report.tokens,
            "entity_mentions": report.entity_mentions,
            "frame_hits": report.frame_hits,
            "undated": report.undated,
            "undated_at_period": report.undated_at_period,
            "without_group": report.without_group,
            "errors": report.diagnostics.errors(),
            "warnings": report.diagnostics.warnings(),
        }),
    })
}

/// The fingerprint of the lexicons: the cache's stamp.
pub(crate) fn lexicon_stamp(ctx: &Context) -> String {
    let hashes: Vec<(&str, &str)> =
        ctx.lexicons.files.iter().map(|f| (f.role, f.sha256.as_str())).collect();
    cache::stamp(&hashes)
}

/// SHA-256 of a file, read in a stream (a collection may be gigabytes).
pub(crate) fn hash_file(path: &Path) -> Result<String, Error> {
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
