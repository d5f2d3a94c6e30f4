//! One pipeline, several sinks (ripgrep's Searcher and Sink).
//!
//! [`Pipeline::run`] reads the articles of a [`Source`] (a corpus folder or a
//! collection file) a batch at a time, analyses each batch on a thread pool
//! (or takes an article's analysis from the cache), and hands every analysed
//! article to a [`Sink`] in corpus order: article-id order for a folder, row
//! order for a collection. Every command is a sink: `run` writes the tables,
//! `check` lints the lexicons, `kwic` keeps one pattern's hits, `explain`
//! keeps one article. So every command reads and analyses an article the same
//! way, and gives the same numbers for it.
//!
//! What is done on the analysing threads is the sink's [`Worker`]: whether
//! an article is wanted at all, whether its hits need their context, and what
//! more it takes from each piece's tokens while they exist (the linter's solo
//! hits), so that no article is tokenized twice.
//!
//! Reading and analysing overlap with the sink: one thread reads the next
//! batch and has the pool analyse it while the sink takes the previous one.
//! One analysed batch waits at most, so memory holds two batches, never the
//! corpus. The sink sees the same articles in the same order whatever the
//! thread count, so its output is byte-identical.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::analyze::{Context, PIECE_BYTES, Piece, add_context, analyze_pieces_with};
use crate::cache::{self, CacheReader, Key};
use crate::error::{Diagnostic, Diagnostics, Error, Location};
use crate::frames::Scratch;
use crate::ingest::table::{CollectionReader, Columns, Row};
use crate::ingest::{self, Entry, hex};
use crate::model::{ArticleMeta, ArticleResult};

/// Articles read and analysed together, between two hand-overs to the sink.
const BATCH: usize = 256;

/// Where articles come from: a corpus folder or a collection file.
pub struct Source {
    kind: SourceKind,
    /// Articles listed, when known before reading (a folder).
    total: Option<usize>,
    /// The corpus's manifest, if any.
    manifest: Option<PathBuf>,
    /// Problems met while listing.
    diagnostics: Diagnostics,
}

enum SourceKind {
    Folder(ingest::IntoEntries),
    Collection(Box<CollectionReader>),
}

/// One article to read and analyse.
enum Work {
    File(Entry),
    Row(Row),
}

impl Work {
    fn meta(&self) -> &ArticleMeta {
        match self {
            Work::File(entry) => &entry.meta,
            Work::Row(row) => &row.article.meta,
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            Work::File(entry) => Some(&entry.path),
            Work::Row(_) => None,
        }
    }
}

impl Source {
    /// The articles of a corpus folder (its manifest, or its outlet
    /// folders), in id order.
    ///
    /// # Errors
    /// The folder cannot be listed.
    pub fn folder(corpus: &Path) -> Result<Source, Error> {
        let mut corpus = ingest::discover(corpus)?;
        let diagnostics = std::mem::take(&mut corpus.diagnostics);
        let (total, manifest) = (Some(corpus.len()), corpus.manifest.take());
        Ok(Source { kind: SourceKind::Folder(corpus.into_entries()), total, manifest, diagnostics })
    }

    /// The rows of a collection file (CSV or JSON Lines), in order.
    ///
    /// # Errors
    /// The file cannot be opened or its header is unusable.
    pub fn collection(path: &Path, columns: &Columns) -> Result<Source, Error> {
        Ok(Source {
            kind: SourceKind::Collection(Box::new(CollectionReader::open(path, columns)?)),
            total: None,
            manifest: None,
            diagnostics: Diagnostics::new(),
        })
    }

    /// The rows of a collection already opened (JSON Lines on standard
    /// input, for `map`).
    pub fn reader(reader: CollectionReader) -> Source {
        Source {
            kind: SourceKind::Collection(Box::new(reader)),
            total: None,
            manifest: None,
            diagnostics: Diagnostics::new(),
        }
    }

    /// The corpus's manifest, if it has one.
    pub fn manifest(&self) -> Option<&Path> {
        self.manifest.as_deref()
    }

    fn next_batch(&mut self, diagnostics: &mut Diagnostics) -> Result<Vec<Work>, Error> {
        match &mut self.kind {
            SourceKind::Folder(it) => Ok(it.by_ref().take(BATCH).map(Work::File).collect()),
            SourceKind::Collection(r) => {
                Ok(r.next_batch(BATCH, diagnostics)?.into_iter().map(Work::Row).collect())
            }
        }
    }
}

/// The part of a sink that works on the analysing threads, shared by all of
/// them for the whole run. Every method has a default: every article, no
/// context, nothing more from the tokens.
pub trait Worker: Sync {
    /// What the worker takes from one article's tokens.
    type Extra: Send + Default;

    /// Whether to read and analyse an article at all (`explain` wants one).
    fn wants(&self, _meta: &ArticleMeta, _path: Option<&Path>) -> bool {
        true
    }

    /// Whether each hit needs its context ([`add_context`]): what shows
    /// hits does.
    fn context(&self) -> bool {
        false
    }

    /// Whether [`Worker::piece`] must see the tokens of every article. An
    /// analysis from the cache has none, so then the cache is not read.
    fn tokens(&self) -> bool {
        false
    }

    /// Takes what it needs from one piece of an article, while its tokens
    /// exist (see [`crate::analyze::analyze_pieces_with`]).
    fn piece(&self, _piece: &Piece, _extra: &mut Self::Extra) {}
}

/// The default worker: every article, nothing more.
#[derive(Clone, Copy, Debug, Default)]
pub struct Plain {
    /// Whether hits need their context.
    pub context: bool,
}

impl Worker for Plain {
    type Extra = ();

    fn context(&self) -> bool {
        self.context
    }
}

/// What a command does with the analysed articles, one at a time, in corpus
/// order.
pub trait Sink {
    /// Its part on the analysing threads.
    type Worker: Worker;

    /// The worker for this run. It is made once, before the first article.
    fn worker(&self) -> Self::Worker;

    /// Takes one analysed article; returns `false` to stop the run there.
    ///
    /// # Errors
    /// The sink cannot go on (e.g. a table cannot be written); the run stops.
    fn article(
        &mut self,
        article: Analysed<<Self::Worker as Worker>::Extra>,
    ) -> Result<bool, Error>;
}

/// One analysed article, as a sink receives it.
pub struct Analysed<E> {
    /// The analysis; its hits in context when the worker asked for it.
    pub result: Box<ArticleResult>,
    /// Its key in the cache.
    pub key: Key,
    /// Whether it came from the cache.
    pub cached: bool,
    /// What the worker took from its tokens.
    pub extra: E,
}

/// What a pipeline run met besides the articles it handed over.
#[derive(Debug, Default)]
pub struct Summary {
    /// Articles listed by the source (before [`Worker::wants`]).
    pub listed: usize,
    /// Articles read but not handed over: they failed, or repeated an id.
    pub failed: usize,
    /// Every problem met: listing, reading, duplicate ids, the cache.
    pub diagnostics: Diagnostics,
}

/// Reads, analyses and hands over articles; built once per run.
pub struct Pipeline<'a> {
    ctx: &'a Context,
    pool: rayon::ThreadPool,
    cache: Option<&'a CacheReader>,
    stamp: String,
    progress: bool,
}

impl<'a> Pipeline<'a> {
    /// A pipeline over `ctx`'s lexicons, on `jobs` threads (`None`: all
    /// cores), without cache or progress bar.
    ///
    /// # Errors
    /// The threads cannot be started.
    pub fn new(ctx: &'a Context, jobs: Option<usize>) -> Result<Pipeline<'a>, Error> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start {jobs:?} threads: {e}")))?;
        Ok(Pipeline { ctx, pool, cache: None, stamp: String::new(), progress: false })
    }

    /// Cache keys made with `stamp`, the lexicons' fingerprint
    /// ([`cache::stamp`]).
    pub fn stamp(mut self, stamp: String) -> Self {
        self.stamp = stamp;
        self
    }

    /// Takes an article's analysis from `cache` when it holds it.
    pub fn cache(mut self, cache: Option<&'a CacheReader>) -> Self {
        self.cache = cache;
        self
    }

    /// Shows a progress bar on a terminal (never when stderr is not one).
    pub fn progress(mut self, progress: bool) -> Self {
        self.progress = progress;
        self
    }

    /// Runs every article of `source` through the analysis and into `sink`.
    ///
    /// An article that cannot be read, or repeats an earlier article's id,
    /// is reported and skipped; the others still run.
    ///
    /// # Errors
    /// The source cannot be read any more, or the sink failed.
    pub fn run<S: Sink>(&self, mut source: Source, sink: &mut S) -> Result<Summary, Error> {
        let mut summary =
            Summary { diagnostics: std::mem::take(&mut source.diagnostics), ..Summary::default() };
        let progress = progress_bar(self.progress, source.total);
        let worker = sink.worker();
        // ids seen, as 128-bit digests: duplicate detection in bounded memory
        let mut seen: HashSet<[u8; 16]> = HashSet::new();
        let (this, worker_ref) = (self, &worker);
        let (read, listed) = std::thread::scope(|scope| -> Result<(Diagnostics, usize), Error> {
            let (ready, analysed) =
                std::sync::mpsc::sync_channel::<Result<Vec<Outcome<_>>, Error>>(1);
            let reader = scope.spawn(move || {
                let (mut found, mut listed) = (Diagnostics::new(), 0);
                loop {
                    let batch = match source.next_batch(&mut found) {
                        Ok(batch) if batch.is_empty() => break,
                        Ok(batch) => batch,
                        Err(e) => {
                            let _ = ready.send(Err(e));
                            break;
                        }
                    };
                    listed += batch.len();
                    let outcomes: Vec<Outcome<_>> = this.pool.install(|| {
                        batch
                            .into_par_iter()
                            .filter(|w| worker_ref.wants(w.meta(), w.path()))
                            // the matching buffers, reused from one article to the next
                            .map_init(Scratch::default, |scratch, w| {
                                this.process(w, worker_ref, scratch)
                            })
                            .collect()
                    });
                    // a send fails when the sink has stopped
                    if ready.send(Ok(outcomes)).is_err() {
                        break;
                    }
                }
                // dropping `ready` here ends the sink's loop
                (found, listed)
            });
            let mut stopped = false;
            for outcomes in &analysed {
                for outcome in outcomes? {
                    progress.inc(1);
                    let (analysed, origin, warning) = match outcome {
                        Outcome::Done { analysed, origin, warning } => (analysed, origin, warning),
                        Outcome::Failed(d) => {
                            summary.failed += 1;
                            summary.diagnostics.push_diagnostic(d);
                            continue;
                        }
                    };
                    if let Some(w) = warning {
                        summary.diagnostics.push_diagnostic(w);
                    }
                    let id = &analysed.result.meta.id;
                    let digest: [u8; 16] =
                        Sha256::digest(id.as_bytes())[..16].try_into().expect("16 bytes");
                    if !seen.insert(digest) {
                        summary.failed += 1;
                        summary.diagnostics.error(
                            origin,
                            format!("duplicate article id '{id}'; this one is skipped"),
                        );
                        continue;
                    }
                    if !sink.article(analysed)? {
                        stopped = true;
                        break;
                    }
                }
                if stopped {
                    break;
                }
            }
            // the reader's next send fails once this end is gone
            drop(analysed);
            Ok(reader.join().expect("the reading thread panicked"))
        })?;
        progress.finish_and_clear();
        summary.diagnostics.extend(read);
        summary.listed = listed;
        if let Some(c) = self.cache {
            c.report(&mut summary.diagnostics);
        }
        summary.diagnostics.sort();
        Ok(summary)
    }

    /// Reads and analyses one article, or takes its analysis from the cache.
    fn process<W: Worker>(
        &self,
        work: Work,
        worker: &W,
        scratch: &mut Scratch,
    ) -> Outcome<W::Extra> {
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
        let key = cache::key(&self.stamp, &article.meta, &sha256);
        let mut extra = W::Extra::default();
        let from_cache = if worker.tokens() { None } else { self.cache.and_then(|c| c.get(&key)) };
        let cached = from_cache.is_some();
        let mut result = from_cache.unwrap_or_else(|| {
            analyze_pieces_with(&article, self.ctx, PIECE_BYTES, scratch, |piece| {
                worker.piece(piece, &mut extra);
            })
        });
        if worker.context() {
            add_context(&mut result, &article.text);
        }
        result.meta = article.meta;
        result.sha256 = sha256;
        Outcome::Done {
            analysed: Analysed { result: Box::new(result), key, cached, extra },
            origin,
            warning,
        }
    }
}

/// The result of reading and analysing one article.
enum Outcome<E> {
    Done { analysed: Analysed<E>, origin: Location, warning: Option<Diagnostic> },
    Failed(Diagnostic),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicons;
    use crate::lint::{Lint, Linter};
    use std::sync::atomic::Ordering;

    /// Keeps what it is given, and stops after `stop_after` articles.
    struct Keep<W> {
        worker: W,
        got: Vec<Analysed<Vec<(u32, u32)>>>,
        stop_after: usize,
    }

    impl<W: Worker<Extra = Vec<(u32, u32)>> + Clone> Sink for Keep<W> {
        type Worker = W;

        fn worker(&self) -> W {
            self.worker.clone()
        }

        fn article(&mut self, a: Analysed<Vec<(u32, u32)>>) -> Result<bool, Error> {
            self.got.push(a);
            Ok(self.got.len() < self.stop_after)
        }
    }

    fn shipped() -> Context {
        Context::new(Lexicons::load(Path::new("lexicons"), None, None).unwrap())
    }

    #[test]
    fn the_linter_reads_the_analysis_tokens_and_tokenizes_nothing_again() {
        // issue 18, item 6: `check` tokenized each article twice, once for
        // the analysis and once for the linter's solo hits
        let ctx = shipped();
        let lint = Lint::new(&ctx.lexicons);
        let mut sink = Keep { worker: &lint, got: Vec::new(), stop_after: usize::MAX };
        let summary = Pipeline::new(&ctx, Some(2))
            .unwrap()
            .run(Source::folder(Path::new("corpus")).unwrap(), &mut sink)
            .unwrap();
        // five shipped articles, each of them one piece
        assert_eq!((summary.listed, sink.got.len()), (5, 5));
        assert_eq!(ctx.pieces_tokenized.load(Ordering::Relaxed), 5);
        // and the linter saw them: every frame hit is also a solo hit of
        // its own pattern, so each article has at least as many solo hits
        for a in &sink.got {
            let frame_hits = a.result.frame_hits.len();
            assert!(a.extra.len() >= frame_hits, "{}", a.result.meta.id);
            assert!(a.result.in_text_order().all(|h| !h.kwic().matched.is_empty()));
        }
        let mut linter = Linter::new(&lint);
        for a in &sink.got {
            linter.add(&a.result, &a.extra);
        }
        assert!(!linter.report(&ctx.lexicons, crate::output::CsvStyle::default()).is_empty());
    }

    #[test]
    fn a_sink_that_stops_gets_no_more_articles_and_the_reader_ends() {
        let ctx = shipped();
        let lint = Lint::new(&ctx.lexicons);
        let mut sink = Keep { worker: &lint, got: Vec::new(), stop_after: 2 };
        Pipeline::new(&ctx, Some(2))
            .unwrap()
            .run(Source::folder(Path::new("corpus")).unwrap(), &mut sink)
            .unwrap();
        assert_eq!(sink.got.len(), 2);
        // in corpus order: article ids ascending
        assert!(sink.got[0].result.meta.id < sink.got[1].result.meta.id);
    }
}
