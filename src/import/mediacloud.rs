//! Media Cloud story lists: a CSV with `id, indexed_date, language,
//! media_name, media_url, publish_date, title, url` (and `text` when the
//! export has it), the texts supplied separately with `--text`:
//!
//! * a folder of files named by story id (`<id>.txt`), or
//! * a CSV with an `id` or a `url` column and a `text` column.
//!
//! A story is joined to its text by id first, then by url. The outlet is
//! `media_name`; the date `publish_date` (its time dropped). Each row of the
//! story list is announced; a story whose text is not found is reported.

use std::collections::HashMap;
use std::path::Path;

use super::{Imported, Outcome, Source, non_empty, set_date, set_language};
use crate::error::{Error, Location};

/// Where the texts come from.
enum Texts {
    None,
    Folder(std::path::PathBuf),
    Table { by_id: HashMap<String, String>, by_url: HashMap<String, String> },
}

/// Reads a story CSV, with texts from `text` (a folder or a CSV).
///
/// # Errors
/// A file cannot be read, or a CSV has no usable header.
pub fn read_path(path: &Path, text: Option<&Path>) -> Result<Vec<Source>, Error> {
    let mut source = Source::new(path.display().to_string());
    let texts = match text {
        None => Texts::None,
        Some(t) if t.is_dir() => Texts::Folder(t.to_path_buf()),
        Some(t) => text_table(t, &mut source)?,
    };
    let csv_text = super::read_text(path, &mut source)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv_text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::at(Location::line(path, 1), format!("unreadable header: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (id_c, media_c, date_c, title_c, url_c, lang_c, text_c) = (
        col("id").or_else(|| col("stories_id")),
        col("media_name"),
        col("publish_date"),
        col("title"),
        col("url"),
        col("language"),
        col("text"),
    );
    if id_c.is_none() && url_c.is_none() {
        return Err(Error::at(
            Location::line(path, 1),
            "the header has neither an 'id' nor a 'url' column: is this a Media Cloud story list?",
        ));
    }
    let mut rows = 0;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                source.findings.push(
                    super::Finding::file(
                        &source.name,
                        "unreadable",
                        Outcome::Error,
                        format!("row skipped: {e}"),
                    )
                    .at_line(line),
                );
                rows += 1;
                continue;
            }
        };
        rows += 1;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |c: Option<usize>| c.and_then(|i| record.get(i)).and_then(non_empty);
        let mut a = Imported {
            position: source.articles.len() + 1,
            line: Some(line),
            id: cell(id_c),
            outlet: cell(media_c),
            title: cell(title_c),
            url: cell(url_c),
            ..Imported::default()
        };
        if let Some(d) = cell(date_c) {
            set_date(&mut a, &d);
        }
        if let Some(l) = cell(lang_c) {
            set_language(&mut a, &l);
        }
        let own = cell(text_c);
        let (body, how) = match (&own, &texts) {
            (Some(t), _) => (Some(t.clone()), String::new()),
            (None, Texts::None) => (None, "no 'text' column and no --text given".to_string()),
            (None, Texts::Folder(dir)) => match &a.id {
                Some(id) => {
                    let file = dir.join(format!("{id}.txt"));
                    match std::fs::read(&file) {
                        Ok(bytes) => {
                            (Some(super::decode_text(&bytes, &file, &mut source)?), String::new())
                        }
                        Err(e) => (None, format!("{}: {e}", file.display())),
                    }
                }
                None => (None, "no id to find its text file by".to_string()),
            },
            (None, Texts::Table { by_id, by_url }) => {
                let found =
                    a.id.as_ref()
                        .and_then(|id| by_id.get(id))
                        .or_else(|| a.url.as_ref().and_then(|u| by_url.get(u)));
                match found {
                    Some(t) => (Some(t.clone()), String::new()),
                    None => (None, "neither its id nor its url is in the --text table".to_string()),
                }
            }
        };
        a.body = body.unwrap_or_default().trim().to_string();
        source.articles.push(a);
        if !how.is_empty() {
            let n = source.articles.len() - 1;
            source.note_article(n, "text_join", Outcome::Note, format!("text not found: {how}"));
        }
    }
    source.announced = Some((rows, format!("the story list has {rows} rows")));
    Ok(vec![source])
}

fn text_table(path: &Path, source: &mut Source) -> Result<Texts, Error> {
    let text = super::read_text(path, source)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::at(Location::line(path, 1), format!("unreadable header: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (id_c, url_c) = (col("id").or_else(|| col("stories_id")), col("url"));
    let text_c = col("text").ok_or_else(|| {
        Error::at(Location::line(path, 1), "the --text table has no 'text' column")
    })?;
    if id_c.is_none() && url_c.is_none() {
        return Err(Error::at(
            Location::line(path, 1),
            "the --text table has neither an 'id' nor a 'url' column to join by",
        ));
    }
    let mut by_id = HashMap::new();
    let mut by_url = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::at(Location::line(path, line), format!("unreadable row: {e}"))
        })?;
        let Some(t) = record.get(text_c) else { continue };
        if let Some(id) = id_c.and_then(|i| record.get(i)).and_then(non_empty) {
            by_id.insert(id, t.to_string());
        }
        if let Some(url) = url_c.and_then(|i| record.get(i)).and_then(non_empty) {
            by_url.insert(url, t.to_string());
        }
    }
    Ok(Texts::Table { by_id, by_url })
}
