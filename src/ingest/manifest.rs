//! `corpus/manifest.csv`: one row of metadata per article file (SPEC §2).
//!
//! Columns (a header row is required; order is free; unknown columns such as
//! `outlet_name` or `notes` are kept out of the analysis but allowed):
//! `file` (required, relative to the corpus folder), `id`, `outlet`, `date`,
//! `title`, `url`, `authors`, `language`, `group`.

use std::path::Path;

use crate::error::{Diagnostics, Error, Location};

/// One usable manifest row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// 1-based line of the row in the manifest.
    pub line: u64,
    /// The `file` cell, with `/` separators.
    pub file: String,
    /// The `id` cell, if any.
    pub id: Option<String>,
    /// The `outlet` cell, if any.
    pub outlet: Option<String>,
    /// The `date` cell, validated; `None` when empty or unparseable.
    pub date: Option<String>,
    /// The `title` cell.
    pub title: Option<String>,
    /// The `url` cell.
    pub url: Option<String>,
    /// The `authors` cell.
    pub authors: Option<String>,
    /// The `language` cell, lower-cased.
    pub language: Option<String>,
    /// The `group` cell: the outlet's group, for `--by group`.
    pub group: Option<String>,
}

/// Reads a manifest. Rows that cannot be read are reported in `diagnostics`
/// with their line and left out; an unparseable date is reported and the row
/// kept without a date.
///
/// # Errors
/// The file cannot be read, or it has no `file` column.
pub fn read(path: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<Row>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse(&bytes, path, diagnostics)
}

/// Parses manifest bytes; `path` is used in messages.
pub fn parse(bytes: &[u8], path: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<Row>, Error> {
    let crate::csv_util::Checked { mut reader, headers, tracker, delimiter } =
        crate::csv_util::open_checked(bytes, path, false)?;
    let column = |name: &str| crate::csv_util::column(&headers, name);
    let Some(file_col) = column("file") else {
        return Err(Error::at(
            Location::line(path, 1),
            format!(
                "the header has no 'file' column (expected columns: file, outlet, date, title, url, authors, language, id, group; separated by commas, or by semicolons or tabs throughout; this header was read as {}-separated)",
                crate::csv_util::delimiter_name(delimiter)
            ),
        ));
    };
    let cols = [
        column("id"),
        column("outlet"),
        column("date"),
        column("title"),
        column("url"),
        column("authors"),
        column("language"),
        column("group"),
    ];
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        let result = reader.read_record(&mut record);
        let end = reader.position().byte();
        if let Err(e) = result {
            // csv's own line is one too low after CRLF line ends
            let check = tracker.record(start, end, std::iter::empty(), 0);
            let mut message = format!("row skipped: {}", csv_message(&e));
            if let Some(m) = check.hint() {
                message = format!("{message}; {m}");
            }
            diagnostics.error(Location::line(path, check.line), message);
            if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                break;
            }
            continue;
        }
        if matches!(result, Ok(false)) {
            break;
        }
        let check = tracker.record(start, end, record.iter().map(str::as_bytes), headers.len());
        let line = check.line;
        if let Some((open, message)) = check.unterminated {
            diagnostics.error(Location::line(path, open), message);
            continue;
        }
        if let Some(message) = check.malformed {
            diagnostics.error(Location::line(path, line), message);
        } else if let Some(message) = check.merged {
            diagnostics.warning(Location::line(path, line), message);
        }
        let cell = |c: Option<usize>| {
            c.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let at = Location::line(path, line);
        let Some(file) = cell(Some(file_col)) else {
            diagnostics.error(at, "row skipped: the 'file' cell is empty");
            continue;
        };
        let [id, outlet, date, title, url, authors, language, group] = cols.map(cell);
        let date = match date.as_deref().map(parse_date) {
            Some(Err(message)) => {
                diagnostics.error(at.clone(), message);
                None
            }
            Some(Ok(d)) => Some(d),
            None => None,
        };
        let language = language.map(|l| l.to_ascii_lowercase());
        if let Some(l) = &language
            && !(l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()))
        {
            diagnostics.error(
                at.clone(),
                format!("language '{l}' is not an ISO 639-1 code such as 'en' or 'ru'"),
            );
        }
        rows.push(Row {
            line,
            file: file.replace('\\', "/"),
            id,
            outlet,
            date,
            title,
            url,
            authors,
            language,
            group,
        });
    }
    Ok(rows)
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("it has {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "it is not valid UTF-8".to_string(),
        _ => e.to_string(),
    }
}

/// Validates an ISO 8601 date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
///
/// # Examples
/// ```
/// use framelens::ingest::manifest::parse_date;
/// assert_eq!(parse_date("2024-04-18").unwrap(), "2024-04-18");
/// assert_eq!(parse_date("2024-05").unwrap(), "2024-05");
/// assert!(parse_date("2024-02-30").is_err());
/// assert!(parse_date("18/04/2024").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<String, String> {
    let bad = || format!("unparseable date '{s}' (expected YYYY-MM-DD, YYYY-MM or YYYY)");
    let parts: Vec<&str> = s.split('-').collect();
    let widths = [4, 2, 2];
    if parts.is_empty() || parts.len() > 3 {
        return Err(bad());
    }
    let mut nums = Vec::new();
    for (p, w) in parts.iter().zip(widths) {
        if p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        nums.push(p.parse::<u32>().map_err(|_| bad())?);
    }
    if let Some(&month) = nums.get(1)
        && !(1..=12).contains(&month)
    {
        return Err(bad());
    }
    if let Some(&day) = nums.get(2) {
        let (year, month) = (nums[0], nums[1]);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&day) {
            return Err(bad());
        }
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in ["2024", "2024-05", "2024-02-29", "2023-11-30"] {
            assert_eq!(parse_date(ok).as_deref(), Ok(ok));
        }
        for bad in [
            "",
            "24",
            "2024-13",
            "2023-02-29",
            "2024-04-31",
            "2024-4-1",
            "April 2024",
            "2024-05-01T00",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rows_and_problems_with_lines() {
        let csv = "file,outlet,date,title,notes\n\
                   a.txt,mei,2024-05,,x\n\
                   b.txt,cpc,2024-13-01,T,y\n\
                   ,cpc,,,\n\
                   c.txt,osw\n\
                   d.txt,osw,2024,\"Title, with comma\",z\n";
        let mut d = Diagnostics::new();
        let rows = parse(csv.as_bytes(), Path::new("corpus/manifest.csv"), &mut d).unwrap();
        let files: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
        assert_eq!(files, ["a.txt", "b.txt", "d.txt"]);
        assert_eq!(rows[1].date, None);
        assert_eq!(rows[2].title.as_deref(), Some("Title, with comma"));
        assert_eq!(rows[2].line, 6);
        let msgs: Vec<String> = d.iter().map(|x| x.to_string()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs[0].starts_with("corpus/manifest.csv:3: error: unparseable date '2024-13-01'"),
            "{msgs:?}"
        );
        assert!(
            msgs[1]
                .starts_with("corpus/manifest.csv:4: error: row skipped: the 'file' cell is empty"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].starts_with(
                "corpus/manifest.csv:5: error: row skipped: it has 2 fields where the header has 5"
            ),
            "{msgs:?}"
        );
    }

    /// Issue 17 item 4: a quote never closed is an error at its line, also
    /// when the merged row then has too few fields.
    #[test]
    fn unclosed_quote_is_reported_at_its_line() {
        let mut d = Diagnostics::new();
        let csv = "file,outlet,title\na.txt,mei,A\nb.txt,cpc,\"Open\nc.txt,osw,C\n";
        let rows = parse(csv.as_bytes(), Path::new("m.csv"), &mut d).unwrap();
        assert_eq!(rows.iter().map(|r| r.file.as_str()).collect::<Vec<_>>(), ["a.txt"]);
        let msgs: Vec<String> = d.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "m.csv:3: error: a quote opened on line 3 is never closed: the rest of the file (lines 3–4) was read as one cell; the row is skipped"
            ]
        );
        let mut d = Diagnostics::new();
        let csv = "file,outlet,title,notes\na.txt,mei,\"Open\nc.txt,osw,C,x\n";
        parse(csv.as_bytes(), Path::new("m.csv"), &mut d).unwrap();
        let msgs: Vec<String> = d.iter().map(|x| x.to_string()).collect();
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].starts_with("m.csv:2: error: row skipped: it has 3 fields where the header has 4; a quote opened on line 2 is never closed"), "{msgs:?}");
    }

    #[test]
    fn semicolons_and_crlf() {
        let mut d = Diagnostics::new();
        let csv = "file;outlet;title\r\na.txt;mei;A, with a comma\r\nb.txt;cpc\r\n";
        let rows = parse(csv.as_bytes(), Path::new("m.csv"), &mut d).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].line, rows[0].title.as_deref()), (2, Some("A, with a comma")));
        let msgs: Vec<String> = d.iter().map(|x| x.to_string()).collect();
        assert_eq!(msgs, ["m.csv:3: error: row skipped: it has 2 fields where the header has 3"]);
    }

    #[test]
    fn missing_file_column_is_fatal() {
        let mut d = Diagnostics::new();
        let err = parse(b"path,outlet\na,b\n", Path::new("m.csv"), &mut d).unwrap_err();
        assert!(err.to_string().starts_with("m.csv:1: the header has no 'file' column"));
    }
}
