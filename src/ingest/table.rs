//! Collections: one CSV or JSON Lines file with one article per row, as
//! exported by news archives and scrapers (SPEC §2). Read as a stream, a
//! batch of rows at a time, so memory does not grow with the file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::csv_util::{Tracked, Tracker, sniff_delimiter};
use crate::error::{Diagnostics, Error, Location};
use crate::ingest::decode::{self, Decoded};
use crate::ingest::manifest::parse_date;
use crate::model::{Article, ArticleMeta};

/// Which columns (CSV) or keys (JSON) hold what. `None` means: the first of
/// the usual names that the file has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// The article text (default: `text`, `body`, `content`, `full_text`).
    pub text: Option<String>,
    /// The outlet (default: `outlet`, `source`, `media_name`, `publication`).
    pub outlet: Option<String>,
    /// The date (default: `date`, `publish_date`, `published`, `pub_date`).
    pub date: Option<String>,
    /// The headline (default: `title`, `headline`).
    pub title: Option<String>,
    /// The id (default: `id`, `article_id`, `stories_id`, `guid`).
    pub id: Option<String>,
    /// The outlet's group, for `--by group` (default: `group`, `outlet_group`).
    pub group: Option<String>,
}

pub(crate) const TEXT: &[&str] = &["text", "body", "content", "full_text", "article"];
pub(crate) const OUTLET: &[&str] =
    &["outlet", "source", "media_name", "publication", "media", "publisher"];
pub(crate) const DATE: &[&str] =
    &["date", "publish_date", "published", "pub_date", "publication_date"];
pub(crate) const TITLE: &[&str] = &["title", "headline"];
pub(crate) const ID: &[&str] = &["id", "article_id", "stories_id", "guid", "doc_id"];
const URL: &[&str] = &["url", "link"];
const AUTHORS: &[&str] = &["authors", "author", "byline"];
const LANGUAGE: &[&str] = &["language", "lang"];
pub(crate) const GROUP: &[&str] = &["group", "outlet_group"];

/// One readable row.
#[derive(Clone, Debug)]
pub struct Row {
    /// The article.
    pub article: Article,
    /// Where the row is.
    pub origin: Location,
}

enum Format {
    Csv {
        reader: csv::Reader<Tracked<File>>,
        cols: [Option<usize>; 9],
        tracker: Tracker,
        fields: usize,
    },
    Jsonl {
        lines: std::io::Lines<Box<dyn BufRead + Send>>,
        line: u64,
        keys: [String; 9],
    },
}

/// A collection file opened for streaming.
pub struct CollectionReader {
    path: PathBuf,
    name: String,
    format: Format,
}

fn pick(given: &Option<String>, usual: &[&str], have: &dyn Fn(&str) -> bool) -> Option<String> {
    match given {
        Some(g) => Some(g.clone()),
        None => usual.iter().find(|u| have(u)).map(|u| u.to_string()),
    }
}

impl CollectionReader {
    /// Opens a `.csv` (or `.tsv`) or `.jsonl` / `.ndjson` file.
    ///
    /// # Errors
    /// The file cannot be read, its kind is unknown, or it has no text or no
    /// outlet column (name them with `--text-col` / `--outlet-col`).
    pub fn open(path: &Path, columns: &Columns) -> Result<CollectionReader, Error> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("collection").to_string();
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let missing = |what: &str, flag: &str, usual: &[&str]| {
            Error::at(
                Location::line(path, 1),
                format!(
                    "no {what} column: none of {} is there; name it with {flag}",
                    usual.join(", ")
                ),
            )
        };
        let format = match ext.as_str() {
            "csv" | "tsv" => {
                let delimiter = if ext == "tsv" {
                    b'\t'
                } else {
                    // semicolons (Excel in many locales) or tabs, from the header
                    let mut head = Vec::with_capacity(1 << 16);
                    std::io::Read::take(&file, 1 << 16)
                        .read_to_end(&mut head)
                        .map_err(|e| Error::io(path, e))?;
                    std::io::Seek::rewind(&mut &file).map_err(|e| Error::io(path, e))?;
                    sniff_delimiter(&head, b',')
                };
                let (input, tracker) = Tracker::wrap(file, delimiter);
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .flexible(false)
                    .from_reader(input);
                let headers = reader
                    .headers()
                    .map_err(|e| {
                        Error::at(Location::line(path, 1), format!("cannot read the header: {e}"))
                    })?
                    .clone();
                tracker.check_header(path)?;
                let fields = headers.len();
                let find = |name: &str| {
                    headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name)
                };
                let has = |name: &str| find(name).is_some();
                let names = [
                    pick(&columns.text, TEXT, &has),
                    pick(&columns.outlet, OUTLET, &has),
                    pick(&columns.date, DATE, &has),
                    pick(&columns.title, TITLE, &has),
                    pick(&columns.id, ID, &has),
                    pick(&None, URL, &has),
                    pick(&None, AUTHORS, &has),
                    pick(&None, LANGUAGE, &has),
                    pick(&columns.group, GROUP, &has),
                ];
                let cols = names.clone().map(|n| n.and_then(|n| find(&n)));
                if cols[0].is_none() {
                    return Err(missing("text", "--text-col", TEXT));
                }
                if cols[1].is_none() {
                    return Err(missing("outlet", "--outlet-col", OUTLET));
                }
                for (given, i) in
                    [(&columns.date, 2), (&columns.title, 3), (&columns.id, 4), (&columns.group, 8)]
                {
                    if let Some(g) = given
                        && cols[i].is_none()
                    {
                        return Err(Error::at(
                            Location::line(path, 1),
                            format!("no column named '{g}'"),
                        ));
                    }
                }
                Format::Csv { reader, cols, tracker, fields }
            }
            "jsonl" | "ndjson" | "json" => {
                jsonl(Box::new(BufReader::with_capacity(1 << 16, file)), columns)
            }
            _ => {
                return Err(Error::Usage(format!(
                    "collection '{}': use a .csv, .tsv, .jsonl or .ndjson file",
                    path.display()
                )));
            }
        };
        Ok(CollectionReader { path: path.to_path_buf(), name, format })
    }

    /// JSON Lines read from a stream (`framelens map` reads standard
    /// input), with the keys of a `.jsonl` collection. `name` stands for the
    /// stream in messages (`stdin:3: …`) and in the `file` column.
    pub fn jsonl_stream(
        input: Box<dyn BufRead + Send>,
        name: &str,
        columns: &Columns,
    ) -> CollectionReader {
        CollectionReader {
            path: PathBuf::from(name),
            name: name.to_string(),
            format: jsonl(input, columns),
        }
    }

    /// Reads up to `n` usable rows; bad rows are reported and skipped.
    ///
    /// # Errors
    /// The file cannot be read any more (an I/O error, not a bad row).
    pub fn next_batch(
        &mut self,
        n: usize,
        diagnostics: &mut Diagnostics,
    ) -> Result<Vec<Row>, Error> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let row = match &mut self.format {
                Format::Csv { reader, cols, tracker, fields } => {
                    let mut record = csv::ByteRecord::new();
                    let start = reader.position().byte();
                    match reader.read_byte_record(&mut record) {
                        Ok(false) => break,
                        Ok(true) => {
                            let end = reader.position().byte();
                            let check = tracker.record(start, end, record.iter(), *fields);
                            let line = check.line;
                            let at = Location::line(&self.path, line);
                            if let Some((open, message)) = check.unterminated {
                                diagnostics.error(Location::line(&self.path, open), message);
                                continue;
                            }
                            if let Some(message) = check.malformed {
                                diagnostics.error(at.clone(), message);
                            } else if let Some(message) = check.merged {
                                diagnostics.warning(at.clone(), message);
                            }
                            let mut notes: Vec<String> = Vec::new();
                            let cells: [Option<String>; 9] = cols.map(|c| {
                                c.and_then(|i| record.get(i)).map(|b| {
                                    match std::str::from_utf8(b) {
                                        Ok(s) => s.to_string(),
                                        Err(_) => {
                                            let (text, note) = decode_cell(b);
                                            if !notes.contains(&note) {
                                                notes.push(note);
                                            }
                                            text
                                        }
                                    }
                                })
                            });
                            if !notes.is_empty() {
                                diagnostics.warning(
                                    at.clone(),
                                    format!("row is not valid UTF-8; {}", notes.join("; ")),
                                );
                            }
                            Some((at, line, cells))
                        }
                        Err(e) => {
                            // csv's own line is one too low after CRLF line ends
                            let end = reader.position().byte();
                            let check = tracker.record(start, end, std::iter::empty(), 0);
                            let line = check.line;
                            let message = match e.kind() {
                                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                                    format!(
                                        "row skipped: it has {len} fields where the header has {expected_len}"
                                    )
                                }
                                _ => format!("row skipped: {e}"),
                            };
                            let message = match check.hint() {
                                Some(m) => format!("{message}; {m}"),
                                None => message,
                            };
                            diagnostics.error(Location::line(&self.path, line), message);
                            if !matches!(
                                e.kind(),
                                csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                            ) {
                                break;
                            }
                            None
                        }
                    }
                }
                Format::Jsonl { lines, line, keys } => {
                    let Some(text) = lines.next() else { break };
                    *line += 1;
                    let at = Location::line(&self.path, *line);
                    let text = match text {
                        Ok(t) => t,
                        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                            diagnostics.error(at, "line skipped: not valid UTF-8");
                            continue;
                        }
                        Err(e) => return Err(Error::io(&self.path, e)),
                    };
                    // a byte-order mark (Windows editors write one) is not text
                    let text = match text.strip_prefix('\u{feff}') {
                        Some(rest) if *line == 1 => rest.to_string(),
                        _ => text,
                    };
                    if text.trim().is_empty() {
                        continue;
                    }
                    match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text)
                    {
                        Ok(obj) => {
                            let get = |key: &str, usual: &[&str]| -> Option<String> {
                                let k = if key.is_empty() {
                                    usual.iter().find(|u| obj.contains_key(**u)).copied()
                                } else {
                                    Some(key)
                                };
                                match k.and_then(|k| obj.get(k)) {
                                    Some(serde_json::Value::String(s)) => Some(s.clone()),
                                    Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                                    Some(serde_json::Value::Array(a)) => Some(
                                        a.iter()
                                            .filter_map(|v| v.as_str())
                                            .collect::<Vec<_>>()
                                            .join("; "),
                                    ),
                                    _ => None,
                                }
                            };
                            let cells = [
                                get(&keys[0], TEXT),
                                get(&keys[1], OUTLET),
                                get(&keys[2], DATE),
                                get(&keys[3], TITLE),
                                get(&keys[4], ID),
                                get(&keys[5], URL),
                                get(&keys[6], AUTHORS),
                                get(&keys[7], LANGUAGE),
                                get(&keys[8], GROUP),
                            ];
                            Some((at, *line, cells))
                        }
                        Err(e) => {
                            diagnostics.error(at, format!("line skipped: not a JSON object: {e}"));
                            None
                        }
                    }
                }
            };
            let Some((at, line, cells)) = row else { continue };
            if let Some(row) = self.row(at, line, cells, diagnostics) {
                out.push(row);
            }
        }
        Ok(out)
    }

    fn row(
        &self,
        at: Location,
        line: u64,
        mut cells: [Option<String>; 9],
        diagnostics: &mut Diagnostics,
    ) -> Option<Row> {
        // NUL characters never reach a table: spaces keep offsets in place
        let nuls: usize = cells
            .iter_mut()
            .flatten()
            .map(|c| {
                let n = memchr::memchr_iter(0, c.as_bytes()).count();
                if n > 0 {
                    *c = c.replace('\0', " ");
                }
                n
            })
            .sum();
        if nuls > 0 {
            diagnostics.warning(
                at.clone(),
                format!(
                    "{nuls} NUL character{} replaced by space{}",
                    if nuls == 1 { "" } else { "s" },
                    if nuls == 1 { "" } else { "s" }
                ),
            );
        }
        let clean = |c: &Option<String>| {
            c.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
        };
        let [text, outlet, date, title, id, url, authors, language, group] = &cells;
        let text = text.clone().unwrap_or_default();
        if text.trim().is_empty() {
            diagnostics.error(at, "row skipped: empty article text");
            return None;
        }
        let Some(outlet) = clean(outlet) else {
            diagnostics.error(at, "row skipped: unknown outlet (the outlet cell is empty)");
            return None;
        };
        let date = match clean(date).as_deref().map(parse_date) {
            Some(Ok(d)) => Some(d),
            Some(Err(m)) => {
                // exports often carry a time: keep the date part when it parses
                match clean(date)
                    .and_then(|d| d.get(..10).map(str::to_string))
                    .filter(|d| parse_date(d).is_ok())
                {
                    Some(d) => Some(d),
                    None => {
                        diagnostics.error(at.clone(), m);
                        None
                    }
                }
            }
            None => None,
        };
        // a row's line is kept where the id is made from it; a row with an
        // id of its own names only the collection, so that a part of the
        // file (`framelens map`, issue 24) writes the same `file` cell
        let (id, file) = match clean(id) {
            Some(id) => (id, self.name.clone()),
            None => (format!("{}:{line}", self.name), format!("{}:{line}", self.name)),
        };
        let meta = ArticleMeta {
            id,
            file,
            outlet,
            date,
            title: clean(title),
            url: clean(url),
            authors: clean(authors),
            language: clean(language)
                .map(|l| l.to_ascii_lowercase())
                .unwrap_or_else(|| "en".into()),
            group: clean(group),
        };
        Some(Row { article: Article { meta, text }, origin: at })
    }
}

/// The JSON Lines format over `input`, with the keys `columns` names.
fn jsonl(input: Box<dyn BufRead + Send>, columns: &Columns) -> Format {
    let or = |given: &Option<String>, usual: &[&str]| {
        given.clone().unwrap_or_else(|| usual[0].to_string())
    };
    let keys = [
        columns.text.clone().unwrap_or_default(),
        columns.outlet.clone().unwrap_or_default(),
        or(&columns.date, DATE),
        or(&columns.title, TITLE),
        or(&columns.id, ID),
        URL[0].to_string(),
        AUTHORS[0].to_string(),
        LANGUAGE[0].to_string(),
        or(&columns.group, GROUP),
    ];
    Format::Jsonl { lines: input.lines(), line: 0, keys }
}

/// A cell that is not valid UTF-8, decoded by the rule for files
/// ([`decode::decode`]): UTF-8 with a few bad bytes stays UTF-8, else the
/// detected encoding; and what was done.
fn decode_cell(bytes: &[u8]) -> (String, String) {
    match decode::decode(bytes) {
        Decoded::Utf8(text) => (text, String::new()),
        Decoded::Reencoded { text, encoding } => (text, format!("decoded as {encoding}")),
        Decoded::Repaired { text, encoding, notes } => {
            let mut note = notes.join("; ").replace("not valid UTF-8; ", "");
            if encoding != "UTF-8" && !note.contains(encoding) {
                note = format!("decoded as {encoding}; {note}");
            }
            (text, note)
        }
        Decoded::Binary => (
            String::from_utf8_lossy(bytes).replace('\0', " "),
            "a cell holds binary data; its invalid bytes are replaced by U+FFFD".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(name: &str, content: &str, columns: &Columns) -> (Vec<Row>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        let mut r = CollectionReader::open(&p, columns).unwrap();
        let mut d = Diagnostics::new();
        let mut rows = Vec::new();
        loop {
            let batch = r.next_batch(2, &mut d).unwrap();
            if batch.is_empty() {
                break;
            }
            rows.extend(batch);
        }
        let msgs = d
            .iter()
            .map(|x| x.to_string().replace(&dir.path().display().to_string(), ""))
            .collect();
        (rows, msgs)
    }

    #[test]
    fn csv_with_usual_names_and_bad_rows() {
        let csv = "stories_id,media_name,publish_date,title,text\n\
                   1,bbc,2024-04-17 10:00:00,A,Russia left.\n\
                   2,bbc,2024-04-18\n\
                   3,,2024-04-18,C,No outlet here.\n\
                   4,tass,yesterday,D,Moscow said so.\n\
                   5,tass,,E,   \n";
        let (rows, msgs) = read_all("c.csv", csv, &Columns::default());
        let ids: Vec<&str> = rows.iter().map(|r| r.article.meta.id.as_str()).collect();
        assert_eq!(ids, ["1", "4"]);
        assert_eq!(rows[0].article.meta.date.as_deref(), Some("2024-04-17"));
        assert_eq!(rows[0].article.meta.outlet, "bbc");
        assert_eq!(rows[1].article.meta.date, None);
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(
            msgs[0]
                .ends_with("c.csv:3: error: row skipped: it has 3 fields where the header has 5"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].ends_with(
                "c.csv:4: error: row skipped: unknown outlet (the outlet cell is empty)"
            ),
            "{msgs:?}"
        );
        assert!(msgs[2].ends_with("c.csv:5: error: unparseable date 'yesterday' (expected YYYY-MM-DD, YYYY-MM or YYYY)"), "{msgs:?}");
        assert!(msgs[3].ends_with("c.csv:6: error: row skipped: empty article text"), "{msgs:?}");
    }

    #[test]
    fn jsonl_with_bad_lines_and_named_keys() {
        let jsonl = "{\"body\": \"Baku agreed.\", \"source\": \"apa\", \"id\": 7}\n\
                     {not json}\n\
                     \n\
                     {\"body\": \"Yerevan objected.\", \"source\": \"armenpress\", \"authors\": [\"A\", \"B\"]}\n";
        let (rows, msgs) = read_all("c.jsonl", jsonl, &Columns::default());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].article.meta.id, "7");
        assert_eq!(rows[1].article.meta.id, "c.jsonl:4");
        assert_eq!(rows[1].article.meta.authors.as_deref(), Some("A; B"));
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].ends_with("c.jsonl:2: error: line skipped: not a JSON object: key must be a string at line 1 column 2"), "{msgs:?}");
        let named = Columns {
            text: Some("story".into()),
            outlet: Some("paper".into()),
            ..Default::default()
        };
        let (rows, _) = read_all("n.ndjson", "{\"story\": \"x y\", \"paper\": \"p\"}\n", &named);
        assert_eq!(rows[0].article.text, "x y");
    }

    #[test]
    fn nul_characters_in_cells_become_spaces_with_a_warning() {
        let (rows, msgs) = read_all(
            "c.jsonl",
            "{\"text\": \"Baku\\u0000agreed.\", \"outlet\": \"apa\"}\n",
            &Columns::default(),
        );
        assert_eq!(rows[0].article.text, "Baku agreed.");
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0].ends_with("c.jsonl:1: warning: 1 NUL character replaced by space"),
            "{msgs:?}"
        );
        let (rows, msgs) =
            read_all("c.csv", "outlet,text\nbbc,Russia\0left.\0\n", &Columns::default());
        assert_eq!(rows[0].article.text, "Russia left. ");
        assert!(
            msgs[0].ends_with("c.csv:2: warning: 2 NUL characters replaced by spaces"),
            "{msgs:?}"
        );
    }

    #[test]
    fn missing_text_column_is_fatal_and_names_the_flag() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(&p, "headline,source\nA,b\n").unwrap();
        let err = CollectionReader::open(&p, &Columns::default()).err().unwrap().to_string();
        assert!(err.ends_with("c.csv:1: no text column: none of text, body, content, full_text, article is there; name it with --text-col"), "{err}");
    }
}
