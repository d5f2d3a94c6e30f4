//! Reading TOML lexicons with errors that name file and line.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location};

/// The 1-based line of a byte offset in `source`. For many lookups in one
/// file, build a [`LineIndex`] once instead.
pub fn line_of(source: &str, offset: usize) -> u64 {
    LineIndex::new(source).line(offset)
}

/// Where each line of a text starts, to turn byte offsets into line numbers
/// in O(log n) (a lexicon of 20,000 aliases has 20,000 of them to look up).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `source`.
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(source.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u64 {
        self.starts.partition_point(|&s| s <= offset) as u64
    }
}

/// Parses TOML into `T`; a syntax or shape error names the file and line.
pub fn parse<T: DeserializeOwned>(source: &str, path: &Path) -> Result<T, Error> {
    toml::from_str(source).map_err(|e| {
        let line = e.span().map(|s| line_of(source, s.start)).unwrap_or(1);
        let message = e.message().trim().to_string();
        Error::at(Location::line(path, line), message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_counting() {
        let s = "ab\n\ncd\nef";
        let index = LineIndex::new(s);
        for offset in 0..=s.len() + 2 {
            let counted =
                s.as_bytes()[..offset.min(s.len())].iter().filter(|&&b| b == b'\n').count() as u64
                    + 1;
            assert_eq!(index.line(offset), counted, "offset {offset}");
        }
    }

    #[test]
    fn lines_are_one_based() {
        let s = "a\nb\nc";
        assert_eq!(line_of(s, 0), 1);
        assert_eq!(line_of(s, 2), 2);
        assert_eq!(line_of(s, 4), 3);
        assert_eq!(line_of(s, 99), 3);
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let err = parse::<T>("\n\na = 'x'\n", Path::new("f.toml")).unwrap_err();
        assert!(err.to_string().starts_with("f.toml:3: "), "{err}");
    }
}
