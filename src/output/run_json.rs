//! `run.json`: what produced the tables (SPEC §7).
//!
//! It records the tool's version, the options, and the SHA-256 of every input
//! file and lexicon, so any table can be traced to exactly what produced it
//! (`sha256sum corpus/*.txt` checks the hashes by hand).

use serde_json::{Value, json};

use crate::lexicon::LexiconFile;

/// What `run.json` records besides the articles.
pub struct RunInfo<'a> {
    /// The options, as the user gave them after defaults were applied.
    pub options: Value,
    /// The lexicon files read.
    pub lexicons: &'a [LexiconFile],
    /// The manifest, with its hash, when there is one.
    pub manifest: Option<(String, String)>,
    /// Totals for the summary.
    pub summary: Value,
}

/// The bytes of `run.json` (pretty-printed, keys sorted, newline at the end);
/// `inputs` lists each article's id, file and SHA-256.
pub fn render(info: &RunInfo<'_>, inputs: &[Value]) -> Vec<u8> {
    let lexicons: Vec<Value> = info
        .lexicons
        .iter()
        .map(|l| json!({"role": l.role, "path": l.path.to_string_lossy(), "sha256": l.sha256}))
        .collect();
    let manifest = info.manifest.as_ref().map(|(p, h)| json!({"path": p, "sha256": h}));
    let doc = json!({
        "tool": "framelens",
        "version": env!("CARGO_PKG_VERSION"),
        "options": info.options,
        "lexicons": lexicons,
        "manifest": manifest,
        "inputs": inputs,
        "summary": info.summary,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).expect("JSON of plain values");
    bytes.push(b'\n');
    bytes
}
