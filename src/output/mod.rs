//! Stage 7: tables as CSV, written atomically (SPEC §7).
//!
//! Each table is built in memory as bytes (hyperfine's exporters do the same)
//! or streamed, written to a temporary file and renamed to its name once
//! complete, so no table is ever half-written. A run's tables are written
//! into a staging folder that replaces the output folder as one
//! ([`folder`]), so the output folder never holds tables of two runs.

pub mod findings;
pub mod folder;
mod row;
pub mod run_json;
pub mod tables;

pub use row::{Columns, Fixed, Header, Number, RowError, columns};

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

/// A CSV table under construction, in memory or streamed to a file: text
/// cells are guarded, numbers are not. A row is a struct
/// ([`Table::row`]), its header the struct's field names ([`Columns`]); or,
/// where the columns are known only at run time, cells one by one
/// ([`Table::text`], [`Table::num`]).
pub struct Table<W: Write = Vec<u8>> {
    writer: csv::Writer<W>,
    number: String,
    error: Option<std::io::Error>,
}

impl Table<Vec<u8>> {
    /// A table in memory, with a header row.
    pub fn new(header: impl Header, style: CsvStyle) -> Table<Vec<u8>> {
        Table::to_writer(Vec::new(), header, style).expect("writing to memory")
    }

    /// The table's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer.into_inner().expect("flushing to memory")
    }
}

impl<W: Write> Table<W> {
    /// A table written to `out`, with a header row (and a byte-order mark
    /// first for Excel).
    ///
    /// # Errors
    /// Writing fails.
    pub fn to_writer(
        mut out: W,
        header: impl Header,
        style: CsvStyle,
    ) -> std::io::Result<Table<W>> {
        if style.excel {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let writer = csv::WriterBuilder::new().from_writer(out);
        let mut t = Table { writer, number: String::new(), error: None };
        for h in header.names() {
            t.text(h);
        }
        t.try_end_row()?;
        Ok(t)
    }

    fn field(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(e) = self.writer.write_field(bytes)
        {
            self.error = Some(std::io::Error::other(e));
        }
    }

    /// Adds a text cell (guarded).
    pub fn text(&mut self, cell: &str) -> &mut Self {
        match guard(cell) {
            std::borrow::Cow::Borrowed(s) => self.field(s.as_bytes()),
            std::borrow::Cow::Owned(s) => self.field(s.as_bytes()),
        }
        self
    }

    /// Adds an optional text cell: empty when `None`.
    pub fn opt(&mut self, cell: Option<&str>) -> &mut Self {
        self.text(cell.unwrap_or(""))
    }

    /// Adds a number cell.
    pub fn num(&mut self, n: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write as _;
        let mut number = std::mem::take(&mut self.number);
        number.clear();
        let _ = write!(number, "{n}");
        self.field(number.as_bytes());
        self.number = number;
        self
    }

    /// Adds the fields of `row`, a `#[derive(Serialize)]` struct, as cells,
    /// in order (see [`Columns`] for its header); the row is not ended. A
    /// field that cannot be a cell is an error at the end of the row.
    pub fn cells<R: serde::Serialize + ?Sized>(&mut self, row: &R) -> &mut Self {
        if self.error.is_none()
            && let Err(e) = row::write_cells(self, row)
        {
            self.error = Some(std::io::Error::other(e));
        }
        self
    }

    /// Adds a row: the fields of `row` as cells ([`Table::cells`]).
    ///
    /// # Panics
    /// When the underlying writer fails or a field cannot be a cell; use
    /// [`Table::try_row`] for files.
    pub fn row<R: serde::Serialize + ?Sized>(&mut self, row: &R) {
        self.try_row(row).expect("writing a table row");
    }

    /// Adds a row: the fields of `row` as cells ([`Table::cells`]),
    /// reporting a write error.
    ///
    /// # Errors
    /// Writing fails, or a field cannot be a cell.
    pub fn try_row<R: serde::Serialize + ?Sized>(&mut self, row: &R) -> std::io::Result<()> {
        self.cells(row).try_end_row()
    }

    /// Ends the current row.
    ///
    /// # Panics
    /// When the underlying writer fails; use [`Table::try_end_row`] for files.
    pub fn end_row(&mut self) {
        self.try_end_row().expect("writing a table row");
    }

    /// Ends the current row, reporting a write error.
    ///
    /// # Errors
    /// Writing fails.
    pub fn try_end_row(&mut self) -> std::io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.writer.write_record(None::<&[u8]>).map_err(std::io::Error::other)
    }

    /// Flushes and returns the writer.
    ///
    /// # Errors
    /// Flushing fails.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// A table streamed to a temporary file in the output folder, renamed into
/// place by [`commit`] once the whole run has succeeded. Dropped before
/// that (the run stopped on an error), its temporary file is removed.
pub struct FileTable {
    table: Table<std::io::BufWriter<std::fs::File>>,
    tmp: tempfile::TempPath,
    path: std::path::PathBuf,
}

impl FileTable {
    /// Starts `dir/name` as a temporary file `dir/.name.<random>.tmp`.
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn create(
        dir: &Path,
        name: &str,
        header: impl Header,
        style: CsvStyle,
    ) -> Result<FileTable, Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(name);
        let (file, tmp) = temp_file(&path)?;
        let table =
            Table::to_writer(std::io::BufWriter::with_capacity(1 << 16, file), header, style)
                .map_err(|e| Error::io(&tmp, e))?;
        Ok(FileTable { table, tmp, path })
    }

    /// The temporary file being written.
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// The table, to add rows.
    pub fn table(&mut self) -> &mut Table<std::io::BufWriter<std::fs::File>> {
        &mut self.table
    }

    /// Ends a row.
    ///
    /// # Errors
    /// Writing fails.
    pub fn end_row(&mut self) -> Result<(), Error> {
        self.table.try_end_row().map_err(|e| Error::io(&self.tmp, e))
    }

    /// Flushes and syncs the temporary file; the rename waits for [`commit`].
    ///
    /// # Errors
    /// Writing fails.
    pub fn finish(self) -> Result<Pending, Error> {
        let FileTable { table, tmp, path } = self;
        let buf = table.finish().map_err(|e| Error::io(&tmp, e))?;
        let file = buf.into_inner().map_err(|e| Error::io(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&tmp, e))?;
        Ok(Pending { tmp, path })
    }
}

/// A complete table in a temporary file, waiting to be renamed into place.
/// Dropped without being renamed, its temporary file is removed.
#[derive(Debug)]
pub struct Pending {
    tmp: tempfile::TempPath,
    path: std::path::PathBuf,
}

impl Pending {
    /// Writes bytes to a temporary file next to `path`.
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn write(path: &Path, bytes: &[u8]) -> Result<Pending, Error> {
        Pending::create(path, |w| w.write_all(bytes))
    }

    /// Writes what `fill` writes to a temporary file next to `path`.
    ///
    /// # Errors
    /// The folder cannot be written, or `fill` fails.
    pub fn create(
        path: &Path,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Pending, Error> {
        let dir = parent(path);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (file, tmp) = temp_file(path)?;
        // on an error `tmp` is dropped, which removes the file
        let mut f = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut f)
            .and_then(|()| f.into_inner().map_err(std::io::IntoInnerError::into_error))
            .and_then(|file| file.sync_all())
            .map_err(|e| Error::io(path, e))?;
        Ok(Pending { tmp, path: path.to_path_buf() })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary path.
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Renames the temporary file to the final path (atomic: whoever opens
    /// the path sees the old file or the new one). On an error the
    /// temporary file is removed. The folder is not synced: see
    /// [`sync_dir`].
    ///
    /// # Errors
    /// The rename fails.
    pub fn persist(self) -> Result<std::path::PathBuf, Error> {
        let Pending { tmp, path } = self;
        // a failed persist hands the TempPath back; dropping it removes the file
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        Ok(path)
    }
}

/// Renames every pending table into place, then syncs the folders they are
/// in so that the renames survive a crash. Each rename is atomic, so every
/// table is either the old complete one or the new complete one.
///
/// # Errors
/// A rename fails (the pending files not yet renamed are removed), or a
/// folder cannot be synced.
pub fn commit(pending: Vec<Pending>) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut done = Vec::with_capacity(pending.len());
    for p in pending {
        done.push(p.persist()?);
    }
    sync_parents(&done)?;
    Ok(done)
}

/// The folder `path` is in (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A new temporary file `.<name>.<random>.tmp` next to `path`: its open
/// file, and its path, which removes the file when dropped. On Unix it is
/// created with the permissions `File::create` gives (0o666 less the
/// umask), not tempfile's 0o600, since it becomes the table itself.
pub(crate) fn temp_file(path: &Path) -> Result<(std::fs::File, tempfile::TempPath), Error> {
    let dir = parent(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("table");
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let file = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    Ok(file.into_parts())
}

/// Syncs the folder of each path (each folder once), so that renames into
/// them are on disk.
pub(crate) fn sync_parents(paths: &[std::path::PathBuf]) -> Result<(), Error> {
    let mut dirs: Vec<&Path> = paths.iter().map(|p| parent(p)).collect();
    dirs.sort();
    dirs.dedup();
    dirs.into_iter().try_for_each(sync_dir)
}

/// Syncs a folder (fsync of the folder itself), which makes the renames and
/// removals of entries in it durable; a synced file alone does not make its
/// new name durable.
///
/// # Errors
/// The folder cannot be opened or synced.
pub fn sync_dir(dir: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        let folder = std::fs::File::open(dir).map_err(|e| Error::io(dir, e))?;
        match folder.sync_all() {
            Ok(()) => Ok(()),
            // a file system that cannot sync a folder says so with EINVAL
            // (fsync(2): "does not support synchronization") or an
            // unsupported-operation error; nothing more can be made durable
            // there, so that alone is not an error
            Err(e)
                if e.kind() == std::io::ErrorKind::Unsupported
                    || e.kind() == std::io::ErrorKind::InvalidInput =>
            {
                Ok(())
            }
            Err(e) => Err(Error::io(dir, e)),
        }
    }
    #[cfg(not(unix))]
    {
        // other systems (Windows) cannot open a folder as a file with the
        // standard library, and have no folder fsync to ask for
        let _ = dir;
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// synced, then renamed over `path`, and the folder synced.
///
/// # Errors
/// The folder cannot be written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    commit(vec![Pending::write(path, bytes)?]).map(drop)
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
        let mut t = Table::new(["a", "b"], CsvStyle::default());
        t.text("=cmd").num(-1.5).end_row();
        assert_eq!(String::from_utf8(t.into_bytes()).unwrap(), "a,b\n'=cmd,-1.5\n");
        let t = Table::new(["a"], CsvStyle { excel: true });
        assert!(t.into_bytes().starts_with(b"\xEF\xBB\xBFa"));
    }

    #[test]
    fn floats_are_fixed_and_never_negative_zero() {
        assert_eq!(float(-0.00001, 3), "0.000");
        assert_eq!(float(1.23456, 3), "1.235");
        assert_eq!(float(f64::NAN, 3), "");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// A table or pending file dropped before the commit (a run that stops
    /// on an error) leaves no temporary file behind; a fill that fails
    /// leaves none either.
    #[test]
    fn temporary_files_go_when_dropped_before_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut table = FileTable::create(dir.path(), "t.csv", ["a"], CsvStyle::default()).unwrap();
        table.table().text("x");
        table.end_row().unwrap();
        let name = table.tmp().file_name().unwrap().to_string_lossy().into_owned();
        // `.<name>.….tmp`: what folder.rs leaves out when it carries files over
        assert!(name.starts_with(".t.csv.") && name.ends_with(".tmp"), "{name}");
        let pending = Pending::write(&dir.path().join("u.csv"), b"u").unwrap();
        assert_eq!(names(dir.path()).len(), 2);
        drop(table);
        drop(pending);
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        let finished = FileTable::create(dir.path(), "t.csv", ["a"], CsvStyle::default())
            .unwrap()
            .finish()
            .unwrap();
        drop(finished);
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        let err = Pending::create(&dir.path().join("v.csv"), |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    /// Committed tables are renamed into place whole, with the permissions
    /// a plain `File::create` gives (tempfile's own default is owner-only).
    #[test]
    fn committed_tables_are_in_place_with_the_usual_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let mut table = FileTable::create(dir.path(), "t.csv", ["a"], CsvStyle::default()).unwrap();
        table.table().text("x");
        table.end_row().unwrap();
        let pending = vec![
            table.finish().unwrap(),
            Pending::write(&dir.path().join("sub/u.csv"), b"u").unwrap(),
        ];
        let done = commit(pending).unwrap();
        assert_eq!(done, [dir.path().join("t.csv"), dir.path().join("sub/u.csv")]);
        assert_eq!(std::fs::read(dir.path().join("t.csv")).unwrap(), b"a\nx\n");
        assert_eq!(names(dir.path()), ["sub", "t.csv"]);
        assert_eq!(names(&dir.path().join("sub")), ["u.csv"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let plain = dir.path().join("plain");
            std::fs::File::create(&plain).unwrap();
            assert_eq!(mode(&dir.path().join("t.csv")), mode(&plain));
            assert_eq!(mode(&dir.path().join("sub/u.csv")), mode(&plain));
        }
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
