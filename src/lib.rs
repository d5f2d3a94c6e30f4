//! framelens compares how news outlets frame one story.
//!
//! It reads a corpus of articles tagged by outlet, cuts boilerplate, splits
//! the text into tokens, and writes per-outlet tables as CSV. The pipeline is
//! one module per stage:
//!
//! | stage | module |
//! |---|---|
//! | 1. find and decode articles | [`ingest`] |
//! | 2. cut boilerplate | [`boilerplate`] |
//! | 2, 3. normalise: a folded copy for boilerplate rules, each word's surface | [`normalize`] |
//! | 3. tokens, sentences, stems, quotations | [`tokenize`] ([`tokenize::words`], [`tokenize::sentences`], `quotes`) |
//! | 3, 4, 5. each word of a run once: its fold, stem, alias symbols, frame terms | [`vocab`] |
//! | 4. named entities | [`gazetteer`] |
//! | 5. frames | [`frames`] (`spec`, [`frames::pattern`], `terms`, `compile`, `matcher`) |
//! | 4, 5. the voice of each mention and hit | [`voice`] |
//! | 2 to 5 for one article | [`analyze`] |
//! | every article of a corpus, in order, to a sink (a command) | [`pipeline`] |
//! | 6. per-outlet sums | [`aggregate`] |
//! | 6. per outlet × period sums; dates as periods | [`periods`] |
//! | 6. article-level statistics: intervals, tests, log-odds | [`stats`] |
//! | 7. tables, keyness | [`output`], [`keyness`] |
//! | 7. `report.html`: the tables as charts | [`report`] |
//!
//! Around the stages:
//!
//! | what | module |
//! |---|---|
//! | the data the stages pass on | [`model`] |
//! | the lexicons folder, loaded once | [`lexicon`] |
//! | dictionaries read as frame lexicons | [`dictionary`] |
//! | reading TOML and CSV files | `toml_util`, `csv_util` |
//! | the article cache of batch runs | [`cache`] |
//! | news-archive exports (Nexis, Factiva, Media Cloud, Telegram) to a corpus folder | [`import`] |
//! | errors and diagnostics | [`error`] |
//! | the commands as library functions | [`run`] |
//! | `map` and `reduce`: a run split over many machines | [`part`] |
//! | what each pattern and alias catches (`check`) | [`lint`] |
//! | the lexicon against hand coding (`sample`, `validate`) | [`validate`] |
//! | the command line | [`cli`] |
//!
//! # Examples
//! ```
//! use framelens::tokenize::Analyzer;
//! use framelens::model::Voice;
//!
//! let text = "Russia’s ‘peacekeepers’ left Nagorno-Karabakh.";
//! let analyzer = Analyzer::new("en");
//! let t = analyzer.tokenize(text); // borrows the run vocabulary's words
//! let folded: Vec<&str> = t.tokens.iter().map(|tok| t.word(tok).folded.as_str()).collect();
//! assert_eq!(folded, ["russia", "peacekeepers", "left", "nagorno", "karabakh"]);
//! // every token points back into the original text
//! let tok = &t.tokens[0];
//! assert_eq!(&text[tok.start as usize..tok.end as usize], "Russia");
//! // ‘peacekeepers’ stands in scare quotes
//! let tok = &t.tokens[1];
//! assert_eq!(t.voice(tok, tok.span()), Voice::Scare);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod aggregate;
pub mod analyze;
pub mod boilerplate;
pub mod cache;
pub mod cli;
mod csv_util;
pub mod dictionary;
pub mod error;
pub mod frames;
pub mod gazetteer;
pub mod import;
pub mod ingest;
pub mod keyness;
pub mod lexicon;
pub mod lint;
pub mod model;
pub mod normalize;
pub mod output;
pub mod part;
pub mod periods;
pub mod pipeline;
pub mod report;
pub mod run;
pub mod stats;
pub mod tokenize;
mod toml_util;
pub mod validate;
pub mod vocab;
pub mod voice;

/// The shipped corpus's article texts, by path, for tests that check a
/// shortcut against the general path on real text.
#[cfg(test)]
pub(crate) fn shipped_texts() -> Vec<(std::path::PathBuf, String)> {
    let mut texts: Vec<_> = std::fs::read_dir("corpus")
        .expect("corpus/ next to Cargo.toml")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a UTF-8 article");
            (path, text)
        })
        .collect();
    texts.sort();
    texts
}
