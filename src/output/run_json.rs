//! `run.json`: what produced the tables (SPEC §7).
//!
//! It records the tool's version, the options, and the SHA-256 of every input
//! file and lexicon, so any table can be traced to exactly what produced it
//! (`sha256sum corpus/*.txt` checks the hashes by hand).

use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::lexicon::LexiconFile;
use crate::output::Pending;

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

/// The `inputs` of `run.json`, written to a temporary file in the output
/// folder as the run goes, so that a run over a million articles does not
/// hold a million entries in memory. The temporary list goes when this is
/// dropped, whether `run.json` was written or the run stopped on an error.
pub struct Inputs {
    // declared before `tmp`: the file is closed before it is removed
    out: Option<BufWriter<std::fs::File>>,
    tmp: tempfile::TempPath,
    count: usize,
}

impl Inputs {
    /// Starts the list next to `run_json` (the path `run.json` will have).
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn create(run_json: &Path) -> Result<Inputs, Error> {
        // `.run.json.inputs.<random>.tmp`, like the tables' own
        let (file, tmp) = crate::output::temp_file(&run_json.with_file_name("run.json.inputs"))?;
        Ok(Inputs { out: Some(BufWriter::with_capacity(1 << 16, file)), tmp, count: 0 })
    }

    /// Adds an article, formatted as it stands in the `inputs` array.
    ///
    /// # Errors
    /// Writing fails.
    pub fn add(&mut self, input: &Input) -> Result<(), Error> {
        let json = serde_json::to_string_pretty(input).expect("JSON of plain values");
        let mut element = String::with_capacity(json.len() + 32);
        if self.count > 0 {
            element.push_str(",\n");
        }
        // pretty-printed JSON strings never hold a raw line break
        for (i, line) in json.lines().enumerate() {
            if i > 0 {
                element.push('\n');
            }
            element.push_str("    ");
            element.push_str(line);
        }
        self.count += 1;
        let out = self.out.as_mut().expect("an unfinished list");
        out.write_all(element.as_bytes()).map_err(|e| Error::io(&self.tmp, e))
    }

    /// Writes `run.json` to a temporary file next to `path`: the document of
    /// [`render`], with these inputs, byte for byte.
    ///
    /// # Errors
    /// Writing fails.
    pub fn finish(mut self, path: &Path, info: &RunInfo<'_>) -> Result<Pending, Error> {
        let out = self.out.take().expect("an unfinished list");
        out.into_inner().map_err(|e| Error::io(&self.tmp, e.into_error()))?;
        let mut head = render(info, &[]);
        let empty_end = b"[]\n}\n";
        assert!(head.ends_with(empty_end), "run.json ends with its empty list of inputs");
        if self.count > 0 {
            head.truncate(head.len() - empty_end.len());
            head.extend_from_slice(b"[\n");
        }
        Pending::create(path, |w| {
            w.write_all(&head)?;
            if self.count > 0 {
                std::io::copy(&mut std::fs::File::open(&self.tmp)?, w)?;
                w.write_all(b"\n  ]\n}\n")?;
            }
            Ok(())
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> RunInfo<'static> {
        RunInfo {
            options: serde_json::json!({"corpus": "corpus", "jobs": 2}),
            lexicons: &[],
            manifest: None,
            summary: serde_json::json!({"articles": 3}),
        }
    }

    /// Streamed through the temporary file, `run.json` is byte for byte the
    /// document rendered in memory: no article, one, and three with quotes,
    /// a line break, a backslash and non-ASCII text in their cells.
    #[test]
    fn streamed_inputs_equal_the_rendered_document() {
        let dir = tempfile::tempdir().unwrap();
        let input = |id: &str| Input {
            article_id: id.to_string(),
            file: format!("mei/{id}.txt"),
            sha256: "ab".repeat(32),
        };
        let lists = [
            vec![],
            vec![input("a")],
            vec![input("say \"no\""), input("line\nbreak\\"), input("Карабах’s")],
        ];
        for inputs in lists {
            let path = dir.path().join("run.json");
            let mut streamed = Inputs::create(&path).unwrap();
            for i in &inputs {
                streamed.add(i).unwrap();
            }
            let pending = streamed.finish(&path, &info()).unwrap();
            let written = std::fs::read(pending.tmp()).unwrap();
            let rendered = render(&info(), &inputs);
            assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(rendered).unwrap());
            crate::output::commit(vec![pending]).unwrap();
            // the temporary list is gone
            let left: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(left, ["run.json"]);
        }
    }

    #[test]
    fn a_run_that_stops_leaves_no_temporary_list() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Inputs::create(&dir.path().join("run.json")).unwrap();
        let input = Input { article_id: "a".into(), file: "a.txt".into(), sha256: "00".into() };
        inputs.add(&input).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the list is on disk");
        drop(inputs); // as when a table cannot be written
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
