//! Reading a coded sheet (`validate --gold FILE`): the `coding_sheet.csv`
//! that `sample` wrote, with its frame columns filled in by hand.
//!
//! The sheet has the columns `id`, `outlet`, `text` (articles) or
//! `sentence` (sentences), then the codes. One coder fills a column per
//! frame, named by the frame's id; several coders (`--coders c1,c2`) each
//! fill a column per frame named `FRAME:CODER` (`occupation:c1`). A cell is
//! `1` (the frame is there), `0` (it is not) or blank (not coded); spaces
//! around are ignored. The delimiter may be a comma, a semicolon or a tab
//! (what spreadsheets write in various locales), and a UTF-8 byte-order
//! mark is skipped.
//!
//! Every problem is reported with its line and column, all of them at once,
//! and nothing is guessed: a column that names no frame of the lexicon, a
//! coder not listed, a coder column missing, a value other than 0, 1 or
//! blank, a repeated id. (Ids and outlets are checked against the corpus
//! in [`super::report`].)
//!
//! Several sheets (`--gold coding_sheet.csv coding_sheet_2.csv`, the rounds
//! of an extended draw) are read as one ([`read_all`]): of one unit, with
//! the same coders; a frame that a sheet lacks is not coded for its rows;
//! an id in two sheets is an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Unit;
use crate::error::{Error, Location};

/// A coded sheet (or several, read as one).
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The files; a row's `file` is its place here.
    pub paths: Vec<PathBuf>,
    /// Articles or sentences, from the header (`text` or `sentence`).
    pub unit: Unit,
    /// The frames coded (indexes into the lexicon), in the sheet's order.
    pub frames: Vec<usize>,
    /// The coders; one unnamed coder (`""`) when the sheet has a column
    /// per frame.
    pub coders: Vec<String>,
    /// The coded rows, in the sheets' order.
    pub rows: Vec<SheetRow>,
    /// Per file, the 1-based column of `id`.
    pub id_columns: Vec<usize>,
    /// Per file, the 1-based column of `outlet`.
    pub outlet_columns: Vec<usize>,
}

impl Sheet {
    /// Where a row is: its file and line.
    pub fn location(&self, row: &SheetRow) -> Location {
        Location::line(&self.paths[row.file], row.line)
    }
}

/// One row of a coded sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    /// Its file, as a place in [`Sheet::paths`].
    pub file: usize,
    /// Its line in the file (from 1; the header is line 1).
    pub line: u64,
    /// The unit's id.
    pub id: String,
    /// The outlet, as written in the sheet.
    pub outlet: String,
    /// `codes[f][c]`: coder `c`'s code of frame `frames[f]`; `None` blank.
    pub codes: Vec<Vec<Option<bool>>>,
}

/// Reads a coded sheet against the lexicon's frame ids and the coders
/// given by `--coders` (empty: one coder, a column per frame).
///
/// # Errors
/// The file cannot be read, or has any of the problems listed in the
/// module's documentation: all of them, each with its line and column.
pub fn read(path: &Path, frame_ids: &[&str], coders: &[String]) -> Result<Sheet, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // csv counts the `\n` of a `\r\n` only with the next record, so with
    // the CRLF line ends spreadsheets write every record's line would be one
    // too low: line ends are made `\n` first (inside a quoted text cell too,
    // which is not read)
    let mut text = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        text.push(bytes[i]);
        i += 1;
    }
    let delimiter = crate::csv_util::sniff_delimiter(&text, b',');
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_slice());
    let at = |line: u64, message: String| Error::at(Location::line(path, line), message);
    let header = reader
        .headers()
        .map_err(|e| at(1, format!("the header cannot be read as CSV: {e}")))?
        .clone();
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let mut errors = Vec::new();
    let find = |name: &str| names.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (id_col, outlet_col) = (find("id"), find("outlet"));
    let (text_col, sentence_col) = (find("text"), find("sentence"));
    for (col, name) in [(id_col, "id"), (outlet_col, "outlet")] {
        if col.is_none() {
            errors.push(at(1, format!("the sheet has no '{name}' column (the coding sheet that `framelens sample` writes has id, outlet, text or sentence, then the frames)")));
        }
    }
    let unit = match (text_col, sentence_col) {
        (Some(_), None) => Unit::Article,
        (None, Some(_)) => Unit::Sentence,
        (Some(_), Some(_)) => {
            errors.push(at(1, "the sheet has both a 'text' and a 'sentence' column: keep 'text' for articles or 'sentence' for sentences".into()));
            Unit::Article
        }
        (None, None) => {
            errors.push(at(1, "the sheet has neither a 'text' column (articles) nor a 'sentence' column (sentences): the unit cannot be told".into()));
            Unit::Article
        }
    };
    let fixed = [id_col, outlet_col, text_col, sentence_col];
    let several = !coders.is_empty();
    let coders: Vec<String> = if several { coders.to_vec() } else { vec![String::new()] };
    // column -> (frame's place in `frames`, coder)
    let mut frames: Vec<usize> = Vec::new();
    let mut columns: Vec<(usize, usize, usize)> = Vec::new();
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let known = |f: &str| frame_ids.iter().position(|id| *id == f);
    let frame_list = frame_ids.join(", ");
    for (c, name) in names.iter().enumerate() {
        if fixed.contains(&Some(c)) {
            continue;
        }
        let col = c + 1;
        let (frame, coder) = match (several, name.rsplit_once(':')) {
            (true, Some((f, k))) => (f.trim(), Some(k.trim())),
            (true, None) => {
                errors.push(at(1, format!("column {col} ('{name}'): with --coders each code column is named FRAME:CODER (e.g. '{}:{}')", frame_ids.first().copied().unwrap_or("frame"), coders[0])));
                continue;
            }
            (false, Some((f, _))) if known(f.trim()).is_some() => {
                errors.push(at(1, format!("column {col} ('{name}') names a coder: give the coders with --coders (e.g. --coders c1,c2)")));
                continue;
            }
            (false, _) => (*name, None),
        };
        let Some(f) = known(frame) else {
            errors.push(at(1, format!("column {col} ('{name}'): the lexicon has no frame '{frame}' (its frames: {frame_list})")));
            continue;
        };
        let k = match coder {
            None => 0,
            Some(k) => match coders.iter().position(|c| c == k) {
                Some(k) => k,
                None => {
                    errors.push(at(
                        1,
                        format!(
                            "column {col} ('{name}'): coder '{k}' is not one of --coders {}",
                            coders.join(",")
                        ),
                    ));
                    continue;
                }
            },
        };
        let place = match frames.iter().position(|&x| x == f) {
            Some(p) => p,
            None => {
                frames.push(f);
                frames.len() - 1
            }
        };
        if let Some(first) = seen.insert((place, k), col) {
            errors.push(at(1, format!("column {col} ('{name}') repeats column {first}")));
            continue;
        }
        columns.push((c, place, k));
    }
    if several {
        for (p, &f) in frames.iter().enumerate() {
            for (k, coder) in coders.iter().enumerate() {
                if !seen.contains_key(&(p, k)) {
                    errors.push(at(1, format!("frame '{}' has no column for coder '{coder}': add '{}:{coder}' (every coder codes every frame of the sheet)", frame_ids[f], frame_ids[f])));
                }
            }
        }
    }
    if frames.is_empty() && errors.is_empty() {
        errors.push(at(
            1,
            format!("the sheet has no frame column to read (the lexicon's frames: {frame_list})"),
        ));
    }
    let mut rows = Vec::new();
    let mut ids: HashMap<String, u64> = HashMap::new();
    if errors.is_empty() {
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    errors.push(at(line, format!("not readable as CSV: {e}")));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
            let id = cell(id_col).to_string();
            if id.is_empty() {
                errors.push(at(
                    line,
                    format!("column {} ('id'): the id is empty", id_col.map_or(0, |c| c + 1)),
                ));
                continue;
            }
            if let Some(first) = ids.insert(id.clone(), line) {
                errors.push(at(
                    line,
                    format!(
                        "column {} ('id'): id '{id}' is on line {first} already",
                        id_col.map_or(0, |c| c + 1)
                    ),
                ));
                continue;
            }
            let mut codes = vec![vec![None; coders.len()]; frames.len()];
            for &(c, place, k) in &columns {
                let v = record.get(c).unwrap_or("").trim();
                codes[place][k] = match v {
                    "" => None,
                    "0" => Some(false),
                    "1" => Some(true),
                    other => {
                        errors.push(at(
                            line,
                            format!(
                                "column {} ('{}'): value '{other}' is not 0, 1 or blank",
                                c + 1,
                                names[c]
                            ),
                        ));
                        None
                    }
                };
            }
            rows.push(SheetRow { file: 0, line, id, outlet: cell(outlet_col).to_string(), codes });
        }
    }
    Error::from_list(errors)?;
    Ok(Sheet {
        paths: vec![path.to_path_buf()],
        unit,
        frames,
        coders,
        rows,
        id_columns: vec![id_col.map_or(0, |c| c + 1)],
        outlet_columns: vec![outlet_col.map_or(0, |c| c + 1)],
    })
}

/// Reads several coded sheets as one (see the module's documentation):
/// every problem of every sheet at once.
///
/// # Errors
/// As [`read`], for any of them; sheets of different units; an id in two
/// sheets.
pub fn read_all(paths: &[PathBuf], frame_ids: &[&str], coders: &[String]) -> Result<Sheet, Error> {
    let mut errors = Vec::new();
    let mut sheets = Vec::new();
    for path in paths {
        match read(path, frame_ids, coders) {
            Ok(sheet) => sheets.push(sheet),
            Err(e) => errors.push(e),
        }
    }
    Error::from_list(std::mem::take(&mut errors))?;
    let mut sheets = sheets.into_iter();
    let Some(mut all) = sheets.next() else {
        return Err(Error::Usage("no coded sheet given (--gold FILE…)".into()));
    };
    let mut first_of: HashMap<String, (usize, u64)> =
        all.rows.iter().map(|r| (r.id.clone(), (0, r.line))).collect();
    for sheet in sheets {
        let file = all.paths.len();
        let path = sheet.paths[0].clone();
        if sheet.unit != all.unit {
            errors.push(Error::at(
                Location::line(&path, 1),
                format!(
                    "a sheet of {}s, but {} is a sheet of {}s: validate sheets of one unit together",
                    sheet.unit.as_str(),
                    all.paths[0].display(),
                    all.unit.as_str()
                ),
            ));
            continue;
        }
        // its frames' places among all the frames read so far
        let place: Vec<usize> = sheet
            .frames
            .iter()
            .map(|f| match all.frames.iter().position(|x| x == f) {
                Some(p) => p,
                None => {
                    all.frames.push(*f);
                    all.frames.len() - 1
                }
            })
            .collect();
        for row in &mut all.rows {
            row.codes.resize(all.frames.len(), vec![None; all.coders.len()]);
        }
        for row in sheet.rows {
            if let Some((f, line)) = first_of.get(&row.id) {
                errors.push(Error::at(
                    Location::line(&path, row.line),
                    format!(
                        "column {} ('id'): id '{}' is coded in {}:{line} already",
                        sheet.id_columns[0],
                        row.id,
                        all.paths[*f].display()
                    ),
                ));
                continue;
            }
            first_of.insert(row.id.clone(), (file, row.line));
            let mut codes = vec![vec![None; all.coders.len()]; all.frames.len()];
            for (p, c) in row.codes.into_iter().enumerate() {
                codes[place[p]] = c;
            }
            all.rows.push(SheetRow { file, codes, ..row });
        }
        all.paths.push(path);
        all.id_columns.push(sheet.id_columns[0]);
        all.outlet_columns.push(sheet.outlet_columns[0]);
    }
    Error::from_list(errors)?;
    Ok(all)
}
