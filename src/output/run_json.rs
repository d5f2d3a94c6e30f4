//! `run.json`: what produced the tables (SPEC §7).
//!
//! It records the tool's version, the options, and the SHA-256 of every input
//! file and lexicon, so any table can be traced to exactly what produced it
//! (`sha256sum corpus/*.txt` checks the hashes by hand).

use serde::Serialize;
use serde_json::Value;

use crate::lexicon::LexiconFile;

/// One analysed article in `run.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Input {
    /// Its id.
    pub article_id: String,
    /// Its file (or collection file and line).
    pub file: String,
    /// SHA-256 of its bytes (of its text, for a collection row), in hex.
    pub sha256: String,
}

/// What `run.json` records besides the articles.
pub struct RunInfo<'a> {
    /// The options, as the user gave them after defaults were applied.
    pub options: Value,
    /// The lexicon files read.
    pub lexicons: &'a [LexiconFile],
    /// The manifest or collection file, with its hash, when there is one.
    pub manifest: Option<(String, String)>,
    /// Totals for the summary.
    pub summary: Value,
}

#[derive(Serialize)]
struct Lexicon<'a> {
    role: &'a str,
    path: String,
    sha256: &'a str,
}

#[derive(Serialize)]
struct File {
    path: String,
    sha256: String,
}

#[derive(Serialize)]
struct Doc<'a> {
    tool: &'static str,
    version: &'static str,
    options: &'a Value,
    lexicons: Vec<Lexicon<'a>>,
    source: Option<File>,
    summary: &'a Value,
    inputs: &'a [Input],
}

/// The bytes of `run.json` (pretty-printed, newline at the end).
pub fn render(info: &RunInfo<'_>, inputs: &[Input]) -> Vec<u8> {
    let doc = Doc {
        tool: "framelens",
        version: env!("CARGO_PKG_VERSION"),
        options: &info.options,
        lexicons: info
            .lexicons
            .iter()
            .map(|l| Lexicon {
                role: l.role,
                path: l.path.to_string_lossy().into_owned(),
                sha256: &l.sha256,
            })
            .collect(),
        source: info.manifest.clone().map(|(path, sha256)| File { path, sha256 }),
        summary: &info.summary,
        inputs,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).expect("JSON of plain values");
    bytes.push(b'\n');
    bytes
}
