//! The `run` and `check` commands as library functions.
//!
//! `run` reads the lexicons (a problem there stops everything, exit 2),
//! lists the corpus, analyses articles in parallel, sorts the results by
//! article id — so the tables are byte-identical whatever the thread count —
//! and writes each table atomically.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::aggregate::aggregate;
use crate::analyze::{Context, analyze};
use crate::error::{Diagnostic, Diagnostics, Error, Status};
use crate::ingest::{self, Corpus, hex};
use crate::lexicon::Lexicons;
use crate::model::{ArticleResult, HitKind};
use crate::output::{self, CsvStyle, run_json, tables};

/// Options of a run (SPEC §10), after defaults.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The corpus folder.
    pub corpus: PathBuf,
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
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            corpus: "corpus".into(),
            lexicons: "lexicons".into(),
            out: "output".into(),
            jobs: None,
            excel: false,
            entities: None,
            frames: None,
        }
    }
}

/// What a run did, for the summary and the exit status.
#[derive(Debug)]
pub struct Report {
    /// Articles analysed.
    pub articles: usize,
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
}

/// Analyses the corpus and writes the tables.
///
/// # Errors
/// Unusable lexicons or corpus folder (nothing is written), or a table that
/// cannot be written.
pub fn run(opts: &RunOptions) -> Result<Report, Error> {
    let started = Instant::now();
    let lexicons =
        Lexicons::load(&opts.lexicons, opts.entities.as_deref(), opts.frames.as_deref())?;
    let corpus = ingest::discover(&opts.corpus)?;
    let ctx = Context::new(lexicons);
    let (results, mut diagnostics) = analyze_corpus(&corpus, &ctx, opts.jobs)?;
    diagnostics.extend(corpus.diagnostics.clone());
    diagnostics.sort();

    let style = CsvStyle { excel: opts.excel };
    let mut report = summarize(&results, diagnostics);
    let manifest = match &corpus.manifest {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            Some((path.to_string_lossy().into_owned(), hex(&Sha256::digest(&bytes))))
        }
        None => None,
    };
    let info = run_json::RunInfo {
        options: json!({
            "corpus": opts.corpus.to_string_lossy(),
            "lexicons": opts.lexicons.to_string_lossy(),
            "out": opts.out.to_string_lossy(),
            "excel": opts.excel,
            "entities": opts.entities.as_ref().map(|p| p.to_string_lossy()),
            "frames": opts.frames.as_ref().map(|p| p.to_string_lossy()),
        }),
        lexicons: &ctx.lexicons.files,
        manifest,
        summary: json!({
            "articles": report.articles,
            "outlets": report.outlets,
            "tokens": report.tokens,
            "entity_mentions": report.entity_mentions,
            "frame_hits": report.frame_hits,
            "errors": report.diagnostics.errors(),
            "warnings": report.diagnostics.warnings(),
        }),
    };
    let (gazetteer, frames) = (&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
    let agg = aggregate(&results, gazetteer, frames);
    let files: [(&str, Vec<u8>); 11] = [
        ("articles.csv", tables::articles(&results, style)),
        ("boilerplate.csv", tables::boilerplate(&results, style)),
        ("outlet_frames.csv", tables::outlet_frames(&agg, frames, style)),
        ("article_frames.csv", tables::article_frames(&results, frames, style)),
        ("frames_wide.csv", tables::frames_wide(&agg, frames, style)),
        ("frame_entities.csv", tables::frame_entities(&agg, gazetteer, frames, style)),
        ("outlet_entities.csv", tables::outlet_entities(&agg, gazetteer, style)),
        ("entity_variants.csv", tables::entity_variants(&agg, gazetteer, style)),
        ("outlet_actors.csv", tables::outlet_actors(&agg, gazetteer, style)),
        ("hits.csv", tables::hits(&results, gazetteer, frames, style)),
        ("run.json", run_json::render(&info, &results)),
    ];
    for (name, bytes) in files {
        let path = opts.out.join(name);
        output::write_atomic(&path, &bytes)?;
        report.written.push(path);
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Validates lexicons and corpus without writing anything: every article is
/// read, decoded and analysed, and every problem is reported.
///
/// # Errors
/// As for [`run`].
pub fn check(opts: &RunOptions) -> Result<Report, Error> {
    let started = Instant::now();
    let lexicons =
        Lexicons::load(&opts.lexicons, opts.entities.as_deref(), opts.frames.as_deref())?;
    let corpus = ingest::discover(&opts.corpus)?;
    let ctx = Context::new(lexicons);
    let (results, mut diagnostics) = analyze_corpus(&corpus, &ctx, opts.jobs)?;
    diagnostics.extend(corpus.diagnostics.clone());
    diagnostics.sort();
    let mut report = summarize(&results, diagnostics);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Reads and analyses every entry in parallel; results in article-id order.
fn analyze_corpus(
    corpus: &Corpus,
    ctx: &Context,
    jobs: Option<usize>,
) -> Result<(Vec<ArticleResult>, Diagnostics), Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs:?} threads: {e}")))?;
    let outcomes: Vec<Result<(ArticleResult, Option<Diagnostic>), Diagnostic>> =
        pool.install(|| {
            corpus
                .entries
                .par_iter()
                .map(|entry| {
                    let loaded = ingest::load(entry)?;
                    let mut result = analyze(&loaded.article, ctx);
                    result.sha256 = loaded.sha256;
                    Ok((result, loaded.warning))
                })
                .collect()
        });
    let mut diagnostics = Diagnostics::new();
    let mut results = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Ok((result, warning)) => {
                if let Some(w) = warning {
                    diagnostics.push_diagnostic(w);
                }
                results.push(result);
            }
            Err(d) => diagnostics.push_diagnostic(d),
        }
    }
    results.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    Ok((results, diagnostics))
}

fn summarize(results: &[ArticleResult], diagnostics: Diagnostics) -> Report {
    let outlets: BTreeSet<&str> = results.iter().map(|r| r.meta.outlet.as_str()).collect();
    Report {
        articles: results.len(),
        outlets: outlets.len(),
        tokens: results.iter().map(|r| r.tokens).sum(),
        boilerplate_chars: results.iter().map(|r| r.boilerplate_chars()).sum(),
        entity_mentions: results.iter().map(|r| r.count(HitKind::Entity)).sum(),
        frame_hits: results.iter().map(|r| r.count(HitKind::Frame)).sum(),
        diagnostics,
        elapsed: Duration::ZERO,
        written: Vec::new(),
    }
}

/// Runs one pattern of the pattern language over the corpus (the `kwic`
/// command): returns the articles with the pattern's hits (and only them),
/// sorted by id, and the problems met.
///
/// # Errors
/// The pattern does not parse (the message points at the fault), or the
/// lexicons or corpus are unusable.
pub fn kwic(opts: &RunOptions, pattern: &str) -> Result<(Vec<ArticleResult>, Diagnostics), Error> {
    let mut lexicons =
        Lexicons::load(&opts.lexicons, opts.entities.as_deref(), opts.frames.as_deref())?;
    lexicons.frames = crate::frames::FrameSet::single(pattern, &lexicons.gazetteer)
        .map_err(|e| Error::Usage(format!("pattern {pattern:?}: {e}")))?;
    let corpus = ingest::discover(&opts.corpus)?;
    let ctx = Context::new(lexicons);
    let (mut results, mut diagnostics) = analyze_corpus(&corpus, &ctx, opts.jobs)?;
    diagnostics.extend(corpus.diagnostics.clone());
    diagnostics.sort();
    for r in &mut results {
        r.hits.retain(|h| h.kind == HitKind::Frame);
    }
    Ok((results, diagnostics))
}

/// Analyses one file with the lexicons (the `explain` command).
///
/// # Errors
/// The file cannot be read or is not text, or the lexicons are unusable.
pub fn explain(
    opts: &RunOptions,
    file: &std::path::Path,
    outlet: &str,
    language: &str,
) -> Result<(ArticleResult, Context), Error> {
    let lexicons =
        Lexicons::load(&opts.lexicons, opts.entities.as_deref(), opts.frames.as_deref())?;
    let ctx = Context::new(lexicons);
    let entry = ingest::Entry {
        meta: crate::model::ArticleMeta {
            id: file.to_string_lossy().into_owned(),
            file: file.to_string_lossy().into_owned(),
            outlet: outlet.to_string(),
            language: language.to_string(),
            ..Default::default()
        },
        path: file.to_path_buf(),
        origin: crate::error::Location::file(file),
    };
    let loaded = ingest::load(&entry).map_err(|d| Error::Usage(d.to_string()))?;
    let result = analyze(&loaded.article, &ctx);
    Ok((result, ctx))
}
