//! Factiva exports with field codes ("Full Article/Report plus Indexing"),
//! saved as HTML or as RTF.
//!
//! **HTML**: one `div.article` per article; in it, a table row per field,
//! the code in the first cell and the value in the second
//! (`<tr><td><b>HD</b></td><td>…</td></tr>`). The paragraphs of `LP` (lead)
//! and `TD` (text) are `p` elements.
//!
//! **RTF**: articles separated by page breaks (form feeds once the RTF is
//! read as text, [`super::rtf`]); in each, a line holding only a field code
//! starts that field, its value on the lines after it (or after a tab on the
//! same line).
//!
//! Codes read: `HD` headline, `PD` date, `SN` source (the outlet), `BY`
//! byline, `WC` word count, `LA` language, `AN` accession number (the id,
//! `Document ` dropped), `SE` section, `LP` + `TD` the body. The number of
//! `div.article` (HTML) or of pages (RTF) is what the file announces.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use super::{Imported, Outcome, Source, non_empty, set_date, set_language};
use crate::error::Error;

/// The field codes of a Factiva article (a line holding one of them starts
/// a field in the RTF form).
pub const CODES: &[&str] = &[
    "HD", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "LP", "TD", "CT", "RF", "CO",
    "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "BY", "SE", "CLM", "ART", "NGC", "RST",
];

/// Reads a Factiva HTML or RTF export (chosen by content: RTF starts with
/// `{\rtf`).
///
/// # Errors
/// The file cannot be read or decoded.
pub fn read_path(path: &Path) -> Result<Vec<Source>, Error> {
    let mut source = Source::new(path.display().to_string());
    let text = super::read_text(path, &mut source)?;
    if text.trim_start().starts_with("{\\rtf") {
        let plain = super::rtf::to_text(&text).map_err(|m| {
            Error::at(crate::error::Location::file(path), format!("unreadable RTF: {m}"))
        })?;
        parse_rtf_text(&mut source, &plain);
    } else {
        parse_html(&mut source, &text);
    }
    Ok(vec![source])
}

/// Collapses runs of white space to one space, trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(e: ElementRef<'_>) -> String {
    squash(&e.text().collect::<String>())
}

/// Reads the articles of a Factiva HTML page into `source`.
pub fn parse_html(source: &mut Source, html: &str) {
    let doc = Html::parse_document(html);
    let article_sel = Selector::parse("div.article").expect("valid selector");
    let row_sel = Selector::parse("tr").expect("valid selector");
    let cell_sel = Selector::parse("td").expect("valid selector");
    let p_sel = Selector::parse("p").expect("valid selector");
    let divs: Vec<ElementRef<'_>> = doc.select(&article_sel).collect();
    let announced = divs.len();
    for (i, div) in divs.into_iter().enumerate() {
        let mut fields: Vec<(String, String)> = Vec::new();
        for row in div.select(&row_sel) {
            let cells: Vec<ElementRef<'_>> = row.select(&cell_sel).collect();
            let [code, value, ..] = cells[..] else { continue };
            let code = text_of(code);
            if !CODES.contains(&code.as_str()) {
                continue;
            }
            let value = if matches!(code.as_str(), "LP" | "TD") {
                let paras: Vec<String> =
                    value.select(&p_sel).map(text_of).filter(|p| !p.is_empty()).collect();
                if paras.is_empty() { text_of(value) } else { paras.join("\n\n") }
            } else {
                text_of(value)
            };
            fields.push((code, value));
        }
        if fields.is_empty() {
            source.note(
                "unreadable",
                Outcome::Error,
                format!(
                    "article div {} has no field codes (HD, PD, SN, …): save from Factiva with Display Options 'Full Article/Report plus Indexing'",
                    i + 1
                ),
            );
            continue;
        }
        let position = source.articles.len() + 1;
        source.articles.push(from_fields(position, None, &fields));
    }
    source.announced = Some((announced, format!("the page holds {announced} article divs")));
}

/// Reads the articles of a Factiva RTF export, already turned into text
/// (pages separated by form feeds), into `source`.
pub fn parse_rtf_text(source: &mut Source, text: &str) {
    let mut line_no = 1u64;
    let mut pages = 0;
    for page in text.split('\u{c}') {
        let start_line = line_no;
        line_no += page.matches('\n').count() as u64;
        if page.trim().is_empty() {
            continue;
        }
        pages += 1;
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut before = 0;
        for line in page.lines() {
            let trimmed = line.trim();
            let (head, rest) = trimmed.split_once(['\t', ' ']).unwrap_or((trimmed, ""));
            if CODES.contains(&head) && (rest.is_empty() || line.contains('\t')) {
                fields.push((head.to_string(), rest.trim().to_string()));
                continue;
            }
            match fields.last_mut() {
                Some((_, value)) => {
                    if trimmed.is_empty() {
                        if !value.is_empty() && !value.ends_with("\n\n") {
                            value.push_str("\n\n");
                        }
                    } else {
                        if !value.is_empty() && !value.ends_with("\n\n") {
                            value.push(' ');
                        }
                        value.push_str(trimmed);
                    }
                }
                None if !trimmed.is_empty() => before += 1,
                None => {}
            }
        }
        if fields.is_empty() {
            source.note(
                "unreadable",
                Outcome::Error,
                format!(
                    "page {pages} (from line {start_line}) has no field codes (HD, PD, SN, …): export from Factiva with 'Full Article/Report plus Indexing'"
                ),
            );
            continue;
        }
        for (_, v) in &mut fields {
            *v = v.trim().to_string();
        }
        let position = source.articles.len() + 1;
        source.articles.push(from_fields(position, Some(start_line), &fields));
        if before > 0 {
            source.note_article(
                position - 1,
                "skipped_text",
                Outcome::Warning,
                format!("{before} lines before the first field code were not read"),
            );
        }
    }
    source.announced = Some((pages, format!("the file holds {pages} pages")));
}

fn from_fields(position: usize, line: Option<u64>, fields: &[(String, String)]) -> Imported {
    let mut a = Imported { position, line, ..Imported::default() };
    let mut body: Vec<&str> = Vec::new();
    for (code, value) in fields {
        match code.as_str() {
            "HD" => a.title = non_empty(value),
            "PD" => set_date(&mut a, value),
            "SN" => a.outlet = non_empty(value),
            "BY" => a.authors = non_empty(value.trim_start_matches("By ")),
            "LA" => set_language(&mut a, value),
            "AN" => a.id = non_empty(value.trim().trim_start_matches("Document ")),
            "SE" => a.section = non_empty(value),
            "LP" | "TD" if !value.trim().is_empty() => body.push(value),
            _ => {}
        }
    }
    a.body = body.join("\n\n");
    a
}
