//! Reading CSV lexicons and manifests: one way to open them, one way to find
//! a column.

use std::path::Path;

use crate::error::{Error, Location};

/// A CSV file's reader (a UTF-8 byte-order mark skipped) and its header row;
/// a header that cannot be read is an error at line 1.
pub fn open<'a>(
    bytes: &'a [u8],
    path: &Path,
    flexible: bool,
) -> Result<(csv::Reader<&'a [u8]>, csv::StringRecord), Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(flexible).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| {
            Error::at(Location::line(path, 1), format!("cannot read the header row: {e}"))
        })?
        .clone();
    Ok((reader, headers))
}

/// The index of a column, by name, ignoring case and surrounding spaces.
pub fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name))
}
