//! Reading CSV lexicons, manifests and collections: one way to open them
//! ([`open_checked`]: delimiter from the header, byte-order mark skipped),
//! one way to find a column, and a [`Tracker`] that gives each record its
//! real line (CRLF included) and reports quotes that never close or that
//! merged rows.

use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::error::{Error, Location};

/// A CSV file opened by [`open_checked`].
pub struct Checked<'a> {
    /// Its reader, past the header.
    pub reader: csv::Reader<Tracked<&'a [u8]>>,
    /// The header row.
    pub headers: csv::StringRecord,
    /// What watches its bytes.
    pub tracker: Tracker,
    /// Its delimiter.
    pub delimiter: u8,
}

/// A CSV file's reader, watched by a [`Tracker`], with its header row and
/// its delimiter ([`sniff_delimiter`]); a UTF-8 byte-order mark is skipped.
///
/// # Errors
/// The header cannot be read (an error at line 1).
pub fn open_checked<'a>(
    bytes: &'a [u8],
    path: &Path,
    flexible: bool,
) -> Result<Checked<'a>, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = sniff_delimiter(bytes, b',');
    let (input, tracker) = Tracker::wrap(bytes, delimiter);
    let mut reader =
        csv::ReaderBuilder::new().flexible(flexible).delimiter(delimiter).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| {
            Error::at(Location::line(path, 1), format!("cannot read the header row: {e}"))
        })?
        .clone();
    tracker.check_header(path)?;
    Ok(Checked { reader, headers, tracker, delimiter })
}

/// The index of a column, by name, ignoring case and surrounding spaces.
pub fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name))
}

/// The delimiter of a CSV file, from its header line: a comma, unless the
/// header has no comma and has semicolons (what Excel writes in German,
/// French and other locales whose decimal mark is a comma), or tabs.
/// `default` is kept when the header has none of these (a one-column file).
pub fn sniff_delimiter(bytes: &[u8], default: u8) -> u8 {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header = &bytes[..memchr::memchr(b'\n', bytes).unwrap_or(bytes.len())];
    let count = |d: u8| memchr::memchr_iter(d, header).count();
    match (count(b','), count(b';'), count(b'\t')) {
        (0, s, t) if s > 0 && s >= t => b';',
        (0, _, t) if t > 0 => b'\t',
        (c, _, _) if c > 0 => b',',
        _ => default,
    }
}

/// The delimiter's name, for messages.
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "delimiter",
    }
}

/// A CSV reader's input, watched: the lines of records, and quotes that
/// open and never close. Shared between the [`Tracked`] input that the csv
/// reader consumes and the code that reads the records.
///
/// Why not `csv::Position::line()`: csv ends a record at the `\r` of a
/// `\r\n` and counts the `\n` only while reading the next record, so with
/// CRLF line ends (what Excel and Python's csv module write) every record's
/// line is one too low. Here a record's line is counted from its first byte:
/// the number of `\n` before it, plus one.
#[derive(Clone, Debug)]
pub struct Tracker(Arc<Mutex<Scan>>);

/// A reader that feeds what it reads to a [`Tracker`].
#[derive(Debug)]
pub struct Tracked<R> {
    inner: R,
    scan: Arc<Mutex<Scan>>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut scan = self.scan.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if n == 0 && !buf.is_empty() {
            scan.finish();
        } else {
            scan.feed(&buf[..n]);
        }
        Ok(n)
    }
}

/// The quoting state of the bytes read so far (RFC 4180, read leniently the
/// way the csv crate reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    InField,
    InQuoted,
    /// A quote inside a quoted field: the end of the field, or the first
    /// half of `""`.
    QuoteInQuoted,
}

#[derive(Debug)]
struct Scan {
    delimiter: u8,
    /// Bytes seen.
    pos: u64,
    /// The line at `pos`, from 1.
    line: u64,
    /// Offsets of the `\r` and `\n` bytes not yet passed (`true`: `\n`).
    ends: VecDeque<(u64, bool)>,
    /// `\n` bytes before `ends`' first.
    newlines_passed: u64,
    state: QuoteState,
    /// Where the last quoted field opened: byte and line.
    open: (u64, u64),
    /// Quoted fields that span lines and whose closing quote is followed by
    /// text, not by a delimiter or a line end: (opening byte, opening line,
    /// closing line).
    odd_closes: VecDeque<(u64, u64, u64)>,
    /// The end of the input was reached.
    eof: bool,
    /// The input ended inside a quoted field that opened here (byte, line).
    unterminated: Option<(u64, u64)>,
    /// The last byte seen.
    last: u8,
}

impl Scan {
    fn feed(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            // inside a field, only a few bytes can change anything: skip to
            // the next of them (memchr), so watching costs little
            let next = match self.state {
                QuoteState::InQuoted => memchr::memchr3(b'"', b'\n', b'\r', &bytes[i..]),
                QuoteState::InField => memchr::memchr3(self.delimiter, b'\n', b'\r', &bytes[i..]),
                _ => Some(0),
            };
            let Some(skip) = next else {
                self.pos += (bytes.len() - i) as u64;
                break;
            };
            i += skip;
            self.pos += skip as u64;
            let b = bytes[i];
            i += 1;
            let end = b == b'\n' || b == b'\r';
            if end {
                self.ends.push_back((self.pos, b == b'\n'));
            }
            self.state = match (self.state, b) {
                (QuoteState::FieldStart, b'"') => {
                    self.open = (self.pos, self.line);
                    QuoteState::InQuoted
                }
                (QuoteState::InQuoted, b'"') => QuoteState::QuoteInQuoted,
                (QuoteState::InQuoted, _) => QuoteState::InQuoted,
                (QuoteState::QuoteInQuoted, b'"') => QuoteState::InQuoted,
                (QuoteState::QuoteInQuoted, _) if end || b == self.delimiter => {
                    QuoteState::FieldStart
                }
                (QuoteState::QuoteInQuoted, _) => {
                    if self.line > self.open.1 {
                        self.odd_closes.push_back((self.open.0, self.open.1, self.line));
                    }
                    QuoteState::InField
                }
                (_, _) if end || b == self.delimiter => QuoteState::FieldStart,
                (_, _) => QuoteState::InField,
            };
            self.line += u64::from(b == b'\n');
            self.pos += 1;
        }
        if let Some(&b) = bytes.last() {
            self.last = b;
        }
    }

    fn finish(&mut self) {
        if !self.eof && self.state == QuoteState::InQuoted {
            self.unterminated = Some(self.open);
        }
        self.eof = true;
    }

    /// The line of the record whose reading started at byte `at` (csv's
    /// position: the end of the record before, line ends included).
    fn line_at(&mut self, at: u64) -> u64 {
        let mut start = at;
        while let Some(&(offset, newline)) = self.ends.front() {
            // line ends before the record, then those that lead it
            if offset < at || offset == start {
                if offset == start {
                    start += 1;
                }
                self.newlines_passed += u64::from(newline);
                self.ends.pop_front();
            } else {
                break;
            }
        }
        self.newlines_passed + 1
    }
}

/// What [`Tracker::record`] found about one record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordCheck {
    /// The line the record starts on, from 1.
    pub line: u64,
    /// An error: the record holds a quote that never closes, so the rest of
    /// the file was read as one cell: (the quote's line, the message).
    pub unterminated: Option<(u64, String)>,
    /// An error: a quote in the record closes on a later line and text
    /// follows it: rows were merged into this one by a quote left open.
    pub malformed: Option<String>,
    /// A warning: a cell holds lines shaped like rows of the file.
    pub merged: Option<String>,
}

impl RecordCheck {
    /// For a record that could not be read: why, when a quote explains it.
    pub fn hint(&self) -> Option<&str> {
        self.unterminated.as_ref().map(|(_, m)| m.as_str()).or(self.malformed.as_deref())
    }
}

impl Tracker {
    /// After the header is read: an error when the file ended inside a
    /// quote that the header opened (the whole file was read as the header).
    ///
    /// # Errors
    /// The quote's line and a message.
    pub fn check_header(&self, path: &Path) -> Result<(), Error> {
        let scan = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match scan.unterminated {
            Some((_, open)) if scan.eof => Err(Error::at(
                Location::line(path, open),
                format!(
                    "a quote opened on line {open} is never closed: the whole file was read as its header row"
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Wraps a reader for a CSV file with this delimiter.
    pub fn wrap<R: Read>(inner: R, delimiter: u8) -> (Tracked<R>, Tracker) {
        let scan = Arc::new(Mutex::new(Scan {
            delimiter,
            pos: 0,
            line: 1,
            ends: VecDeque::new(),
            newlines_passed: 0,
            state: QuoteState::FieldStart,
            open: (0, 1),
            odd_closes: VecDeque::new(),
            eof: false,
            unterminated: None,
            last: 0,
        }));
        (Tracked { inner, scan: Arc::clone(&scan) }, Tracker(scan))
    }

    /// Checks the record read from byte `start` (its position) up to byte
    /// `end` (the reader's position after it); `cells` are its cells and
    /// `fields` the header's field count. Call once per record, in order.
    ///
    /// Two signs that an unclosed quote merged rows into one cell:
    /// * (an error, `malformed`) the quote closes on a later line and text
    ///   follows the closing quote (`"…⏎…"text`): in well-formed CSV a
    ///   closing quote is followed by a delimiter or a line end, and a quote
    ///   left open is closed, as a rule, by the opening quote of a later cell;
    /// * (a warning, `merged`) a cell holds two or more lines that are each shaped like a row of
    ///   the file — at least as many delimiters as the header has, less
    ///   one (for a header of three or more fields) — and such lines are at
    ///   least half of the cell's lines after its first.
    pub fn record<'c>(
        &self,
        start: u64,
        end: u64,
        cells: impl Iterator<Item = &'c [u8]>,
        fields: usize,
    ) -> RecordCheck {
        let mut scan = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let line = scan.line_at(start);
        let mut check = RecordCheck { line, ..Default::default() };
        let mut odd = None;
        while let Some(&(byte, open, close)) = scan.odd_closes.front() {
            if byte >= end {
                break;
            }
            scan.odd_closes.pop_front();
            odd.get_or_insert((open, close));
        }
        if scan.eof
            && let Some((byte, open)) = scan.unterminated
            && byte >= start
            && byte < end.max(start + 1)
        {
            let last = scan.line - u64::from(scan.last == b'\n');
            let rest =
                if last > open { format!("lines {open}–{last}") } else { format!("line {open}") };
            check.unterminated = Some((
                open,
                format!(
                    "a quote opened on line {open} is never closed: the rest of the file ({rest}) was read as one cell; the row is skipped"
                ),
            ));
            return check;
        }
        if let Some((open, close)) = odd {
            check.malformed = Some(format!(
                "a quote opened on line {open} closes only on line {close}, followed by text: lines {open}–{close} were read as one row (an unclosed quote?); check this row"
            ));
            return check;
        }
        let delimiter = scan.delimiter;
        drop(scan);
        if fields >= 3 {
            for cell in cells {
                let lines: Vec<&[u8]> = cell.split(|&b| b == b'\n').skip(1).collect();
                let shaped = lines
                    .iter()
                    .filter(|l| memchr::memchr_iter(delimiter, l).count() + 1 >= fields)
                    .count();
                if shaped >= 2 && shaped * 2 >= lines.len() {
                    check.merged = Some(format!(
                        "a cell holds {shaped} lines shaped like rows of this file ({} or more {}s each): rows may have been merged by an unclosed quote; check this row",
                        fields - 1,
                        delimiter_name(delimiter)
                    ));
                    break;
                }
            }
        }
        check
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"file;outlet;date\r\na.txt;x;2024\r\n", b','), b';');
        assert_eq!(sniff_delimiter(b"\xEF\xBB\xBFfile;outlet\n", b','), b';');
        assert_eq!(sniff_delimiter(b"file,outlet;notes\n", b','), b',');
        assert_eq!(sniff_delimiter(b"file\toutlet\n", b','), b'\t');
        assert_eq!(sniff_delimiter(b"file\n", b'\t'), b'\t');
    }

    /// Reads every record: (line, cells, check).
    fn read(text: &str) -> Vec<(u64, Vec<String>, RecordCheck)> {
        let Checked { mut reader, headers, tracker, .. } =
            open_checked(text.as_bytes(), Path::new("t.csv"), true).unwrap();
        let mut out = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            let start = reader.position().byte();
            if !reader.read_byte_record(&mut record).unwrap() {
                break;
            }
            let check =
                tracker.record(start, reader.position().byte(), record.iter(), headers.len());
            let cells = record.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect();
            out.push((check.line, cells, check));
        }
        out
    }

    #[test]
    fn lines_with_lf_crlf_blank_lines_and_multi_line_cells() {
        let lf = "a,b\n1,x\n\n2,\"two\nlines\"\n3,y\n";
        let crlf = lf.replace('\n', "\r\n");
        for text in [lf.to_string(), crlf] {
            let lines: Vec<u64> = read(&text).iter().map(|r| r.0).collect();
            // 1,x on line 2; a blank line 3; the two-line cell on 4–5; 3,y on 6
            assert_eq!(lines, [2, 4, 6], "{text:?}");
        }
    }

    #[test]
    fn a_header_that_never_closes_its_quote_is_an_error() {
        let err = open_checked(b"file,\"outlet\na.txt,x\n", Path::new("m.csv"), false)
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("m.csv:1: a quote opened on line 1 is never closed"), "{err}");
    }

    #[test]
    fn unterminated_quote_at_the_end_is_reported_at_its_line() {
        let rows = read("a,b,c\r\n1,x,ok\r\n2,y,\"never closed\r\n3,z,lost\r\n");
        assert_eq!(rows.len(), 2);
        let (line, _, check) = &rows[1];
        assert_eq!(*line, 3);
        let (at, message) = check.unterminated.clone().unwrap();
        assert_eq!(at, 3);
        assert!(message.starts_with("a quote opened on line 3 is never closed"), "{message}");
        assert_eq!(rows[0].2, RecordCheck { line: 2, ..Default::default() });
    }

    #[test]
    fn a_quote_closed_rows_later_by_another_quote_is_a_merge() {
        // line 3's quote is closed by line 5's opening quote
        let text =
            "id,outlet,text\n1,a,fine\n2,b,\"open\n3,c,swallowed\n4,d,\"quoted\"\n5,e,after\n";
        let rows = read(text);
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 3, 6]);
        let merged = rows[1].2.malformed.clone().unwrap();
        assert!(merged.starts_with("a quote opened on line 3 closes only on line 5"), "{merged}");
        assert_eq!(rows[2].2.malformed, None);
    }

    #[test]
    fn a_cell_of_row_shaped_lines_is_a_merge_but_prose_is_not() {
        let merged = "id,outlet,text\n1,a,\"x\n2,b,y\n3,c,z\"\n";
        assert!(read(merged)[0].2.merged.as_deref().unwrap().starts_with("a cell holds 2 lines"));
        let prose =
            "id,outlet,text\n1,a,\"First paragraph.\nSecond, with a comma.\nThird.\nFourth.\"\n";
        assert_eq!(read(prose)[0].2.merged, None);
    }
}
