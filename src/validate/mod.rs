//! Validating the frame lexicon against hand coding (SPEC §13, issue 22):
//! `sample` draws a seeded, stratified, blinded sample of articles or
//! sentences as a coding sheet ([`sample`]); `validate` reads the sheet once
//! coded ([`gold`]) and compares the coders' majority with framelens's own
//! codes ([`measure`], [`report`]).
//!
//! Both read the corpus through the one [`Pipeline`], as sinks of it
//! ([`Units`]), so a unit's text and hits are exactly those `run` finds.
//!
//! **Presence.** A frame is present in an *article* when the article has at
//! least one hit of it; in a *sentence* when a hit of it *begins* in that
//! sentence (its first token stands there: the `sentence_no` of
//! `hits.csv`). Sentences are numbered from 1 in the article, after
//! boilerplate is cut, as `kwic` and `hits.csv` number them; a sentence's
//! id is `ARTICLE_ID:sentence N`.

pub mod gold;
pub mod measure;
pub mod report;
pub mod sample;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::path::Path;

use crate::analyze::{Context, Piece};
use crate::error::{Error, Location};
use crate::lexicon::Lexicons;
use crate::model::{ArticleMeta, FrameFound, Id, Span};
use crate::pipeline::{Analysed, Pipeline, Sink, Source, Summary, Worker};
use crate::run::RunOptions;

/// What is sampled and coded: whole articles or their sentences.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Unit {
    /// Each article (the default).
    #[default]
    Article,
    /// Each sentence of each article.
    Sentence,
}

impl Unit {
    /// The name on the command line and in `coding_sheet.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Article => "article",
            Unit::Sentence => "sentence",
        }
    }

    /// The coding sheet's text column: `text` or `sentence`.
    pub fn text_column(self) -> &'static str {
        match self {
            Unit::Article => "text",
            Unit::Sentence => "sentence",
        }
    }
}

/// The id of sentence `n` (from 1) of an article: `ARTICLE_ID:sentence N`.
pub fn sentence_id(article: &str, n: usize) -> String {
    format!("{article}:sentence {n}")
}

/// An article as `sample` and `validate` keep it: its text, sentences and
/// frame hits (in context); without the text and the context when they
/// were not asked for ([`read_units`]).
#[derive(Clone, Debug)]
pub struct ArticleUnits {
    /// The article's id.
    pub id: String,
    /// Its outlet.
    pub outlet: String,
    /// Its text, as read.
    pub text: String,
    /// Its sentences, after boilerplate is cut, in text order.
    pub sentences: Vec<Span>,
    /// Its frame hits, in text order, in context.
    pub hits: Vec<FrameFound>,
}

impl ArticleUnits {
    /// Whether frame `frame` is present in the whole article, or in its
    /// sentence `sentence` (from 0): a hit whose first token is there.
    pub fn present(&self, frame: usize, sentence: Option<usize>) -> bool {
        self.hits_in(frame, sentence).next().is_some()
    }

    /// The hits of frame `frame` in the article, or in sentence `sentence`.
    pub fn hits_in(
        &self,
        frame: usize,
        sentence: Option<usize>,
    ) -> impl Iterator<Item = &FrameFound> {
        self.hits.iter().filter(move |h| {
            h.item.index() == frame && sentence.is_none_or(|s| h.sentence as usize == s)
        })
    }

    /// The text of the article, or of its sentence `sentence` (from 0,
    /// without the space after it).
    pub fn unit_text(&self, sentence: Option<usize>) -> &str {
        match sentence {
            None => &self.text,
            Some(s) => {
                // the span runs to the next sentence: its trailing space is left out
                let span = self.sentences[s];
                self.text[span.start..span.end].trim_end()
            }
        }
    }
}

/// The worker of [`Units`]: the wanted articles (all, or those whose ids are
/// listed), each piece's sentences, and, when `text` is set, the article's
/// text and its hits in context.
pub struct UnitWorker {
    wanted: Option<HashSet<String>>,
    text: bool,
}

/// What the worker takes from an article's pieces: its sentences, and the
/// article's text.
#[derive(Default)]
pub struct Taken {
    sentences: Vec<Span>,
    text: Option<String>,
}

impl Worker for &UnitWorker {
    type Extra = Taken;

    fn wants(&self, meta: &ArticleMeta, _path: Option<&Path>) -> bool {
        self.wanted.as_ref().is_none_or(|w| w.contains(&meta.id))
    }

    fn context(&self) -> bool {
        self.text
    }

    fn tokens(&self) -> bool {
        true
    }

    fn piece(&self, piece: &Piece, extra: &mut Taken) {
        // pieces come in text order, and the hits' sentence numbers are
        // shifted by the sentences of the pieces before: the same numbering
        extra.sentences.extend_from_slice(&piece.text.sentences);
        if self.text && extra.text.is_none() {
            extra.text = Some(piece.article.text.clone());
        }
    }
}

/// The sink of `sample` and `validate`: every wanted article, in corpus
/// order.
pub struct Units<'w> {
    worker: &'w UnitWorker,
    /// The articles, in corpus order.
    pub articles: Vec<ArticleUnits>,
}

impl<'w> Sink for Units<'w> {
    type Worker = &'w UnitWorker;

    fn worker(&self) -> &'w UnitWorker {
        self.worker
    }

    fn article(&mut self, a: Analysed<Taken>) -> Result<bool, Error> {
        let r = *a.result;
        self.articles.push(ArticleUnits {
            id: r.meta.id,
            outlet: r.meta.outlet,
            text: a.extra.text.unwrap_or_default(),
            sentences: a.extra.sentences,
            hits: r.frame_hits,
        });
        Ok(true)
    }
}

/// The lexicons of `opts`, loaded as `run` loads them.
///
/// # Errors
/// As [`Lexicons::load`].
pub fn context(opts: &RunOptions) -> Result<Context, Error> {
    Ok(Context::new(Lexicons::load(
        &opts.lexicons,
        opts.entities.as_deref(),
        opts.frames.as_deref(),
    )?))
}

/// Reads and analyses the articles of `opts`'s corpus or collection (all,
/// or those whose ids are in `wanted`) as `run` does, and keeps them: with
/// their text and hits in context when `text` is set, else only their
/// sentences' spans and their hits (what a draw needs, in little memory).
///
/// # Errors
/// The source cannot be read.
pub fn read_units(
    opts: &RunOptions,
    ctx: &Context,
    wanted: Option<HashSet<String>>,
    text: bool,
) -> Result<(Vec<ArticleUnits>, Summary), Error> {
    let source = match &opts.collection {
        Some(path) => Source::collection(path, &opts.columns)?,
        None => Source::folder(&opts.corpus)?,
    };
    let worker = UnitWorker { wanted, text };
    let mut sink = Units { worker: &worker, articles: Vec::new() };
    let summary = Pipeline::new(ctx, opts.jobs)?.progress(opts.progress).run(source, &mut sink)?;
    Ok((sink.articles, summary))
}

/// Writes `files` into the output folder `out`, locked while they are
/// written (as `check` writes its report), beside whatever it holds.
///
/// # Errors
/// The folder is in use or cannot be written.
pub fn write_files(
    out: &Path,
    files: &[(&str, Vec<u8>)],
) -> Result<Vec<std::path::PathBuf>, Error> {
    let lock = crate::output::folder::OutputLock::acquire(out)?;
    std::fs::create_dir_all(lock.target()).map_err(|e| Error::io(lock.target(), e))?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        crate::output::write_atomic(&lock.target().join(name), bytes)?;
        written.push(out.join(name));
    }
    Ok(written)
}

/// Where the articles come from, for messages.
pub(crate) fn place(opts: &RunOptions) -> Location {
    Location::file(opts.collection.as_ref().unwrap_or(&opts.corpus))
}
