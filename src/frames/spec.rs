//! The frames of a lexicon as written: a [`FrameSpec`] is a frame as read
//! from a file, each part with its line (from `frames.toml` by
//! [`parse_toml`], or from a dictionary by [`crate::dictionary`]); a
//! [`Frame`] is a frame as a compiled set keeps it. What needs the whole
//! lexicon (unique ids, patterns that parse) is checked when the specs are
//! compiled ([`FrameSet::build`](super::FrameSet::build)).

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location};
use crate::toml_util;

/// A frame as written in the lexicon.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Unique id.
    pub id: String,
    /// Short label.
    pub label: String,
    /// What counts and what does not.
    pub description: String,
    /// Patterns, as written.
    pub patterns: Vec<String>,
    /// Exclude patterns, as written.
    pub exclude: Vec<String>,
    /// Weights of the patterns, when the source dictionary had them.
    pub weights: Option<Vec<f64>>,
}

/// A frame as read from a lexicon file, with the line of each part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameSpec {
    /// Unique id.
    pub id: String,
    /// Short label (the id when absent).
    pub label: Option<String>,
    /// What counts and what does not.
    pub description: String,
    /// Patterns with their lines.
    pub patterns: Vec<(String, u64)>,
    /// Exclude patterns with their lines.
    pub exclude: Vec<(String, u64)>,
    /// Weights of the patterns, when the source dictionary has them (kept
    /// and reported; counts are not weighted).
    pub weights: Option<Vec<f64>>,
    /// Line where the frame starts.
    pub line: u64,
}

/// Parses `frames.toml` into frame specs.
///
/// # Errors
/// TOML syntax or shape, with its line.
pub fn parse_toml(source: &str, path: &Path) -> Result<Vec<FrameSpec>, Error> {
    let file: FileToml = toml_util::parse(source, path)?;
    let lines = toml_util::LineIndex::new(source);
    let spanned = |list: Vec<toml::Spanned<String>>| -> Vec<(String, u64)> {
        list.into_iter()
            .map(|p| {
                let line = lines.line(p.span().start);
                (p.into_inner(), line)
            })
            .collect()
    };
    let mut out = Vec::new();
    for f in file.frame {
        let line = lines.line(f.span().start);
        let f = f.into_inner();
        if let Some(w) = &f.weights
            && w.len() != f.patterns.len()
        {
            return Err(Error::at(
                Location::line(path, line),
                format!("frame '{}': {} weights for {} patterns", f.id, w.len(), f.patterns.len()),
            ));
        }
        out.push(FrameSpec {
            id: f.id,
            label: f.label,
            description: f.description,
            patterns: spanned(f.patterns),
            exclude: spanned(f.exclude),
            weights: f.weights,
            line,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    frame: Vec<toml::Spanned<FrameToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameToml {
    id: String,
    label: Option<String>,
    #[serde(default)]
    description: String,
    patterns: Vec<toml::Spanned<String>>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
    #[serde(default)]
    weights: Option<Vec<f64>>,
}
