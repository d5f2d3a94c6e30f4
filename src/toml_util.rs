//! Reading TOML lexicons with errors that name file and line.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location};

/// The 1-based line of a byte offset in `source`.
pub fn line_of(source: &str, offset: usize) -> u64 {
    let end = offset.min(source.len());
    source.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
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
