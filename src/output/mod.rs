//! Stage 7: tables as CSV, written atomically (SPEC §7).
//!
//! Each table is built in memory as bytes (hyperfine's exporters do the same),
//! then written to a temporary file in the output folder and renamed over the
//! old table, so an interrupted run never leaves a half-written table.

pub mod run_json;
pub mod tables;

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// How tables are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvStyle {
    /// Start each file with a UTF-8 byte-order mark, for Excel (`--excel`).
    pub excel: bool,
}

/// Guards a text cell against spreadsheet formula injection: a cell that
/// begins with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`,
/// which spreadsheets show as text and never run (OWASP's advice).
///
/// # Examples
/// ```
/// use framelens::output::guard;
/// assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(guard("Karabakh"), "Karabakh");
/// ```
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A CSV table under construction: text cells are guarded, numbers are not.
pub struct Table {
    writer: csv::Writer<Vec<u8>>,
    row: Vec<String>,
}

impl Table {
    /// A table with a header row.
    pub fn new(header: &[&str], style: CsvStyle) -> Table {
        let mut buffer = Vec::new();
        if style.excel {
            buffer.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let mut writer = csv::WriterBuilder::new().from_writer(buffer);
        writer.write_record(header).expect("writing to memory");
        Table { writer, row: Vec::with_capacity(header.len()) }
    }

    /// Adds a text cell (guarded).
    pub fn text(&mut self, cell: &str) -> &mut Table {
        self.row.push(guard(cell).into_owned());
        self
    }

    /// Adds an optional text cell: empty when `None`.
    pub fn opt(&mut self, cell: Option<&str>) -> &mut Table {
        self.text(cell.unwrap_or(""))
    }

    /// Adds a number cell.
    pub fn num(&mut self, n: impl std::fmt::Display) -> &mut Table {
        self.row.push(n.to_string());
        self
    }

    /// Ends the current row.
    pub fn end_row(&mut self) {
        self.writer.write_record(&self.row).expect("writing to memory");
        self.row.clear();
    }

    /// The table's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer.into_inner().expect("flushing to memory")
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// synced, then renamed over `path`.
///
/// # Errors
/// The folder cannot be written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("table");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// Formats a float for a table: fixed decimals, no `-0`, `NaN` as empty.
pub fn float(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return String::new();
    }
    let s = format!("{x:.decimals$}");
    if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_covers_every_formula_start() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(guard(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(guard(""), "");
        assert_eq!(guard("2024-05"), "2024-05");
    }

    #[test]
    fn table_guards_text_but_not_numbers() {
        let mut t = Table::new(&["a", "b"], CsvStyle::default());
        t.text("=cmd").num(-1.5).end_row();
        assert_eq!(String::from_utf8(t.into_bytes()).unwrap(), "a,b\n'=cmd,-1.5\n");
        let t = Table::new(&["a"], CsvStyle { excel: true });
        assert!(t.into_bytes().starts_with(b"\xEF\xBB\xBFa"));
    }

    #[test]
    fn floats_are_fixed_and_never_negative_zero() {
        assert_eq!(float(-0.00001, 3), "0.000");
        assert_eq!(float(1.23456, 3), "1.235");
        assert_eq!(float(f64::NAN, 3), "");
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out/t.csv");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
