//! Nexis (LexisNexis Academic) legacy exports, as plain text or RTF.
//!
//! Each article starts with a line `1 of 3 DOCUMENTS` (localised: `1 von 3
//! DOKUMENTEN`, `1 de 3 DOCUMENTOS`, `1 из 3 ДОКУМЕНТОВ`), then, in blocks
//! separated by blank lines: the outlet, the date line (`July 1, 2019
//! Monday`), perhaps an edition, the headline, labelled fields (`BYLINE:`,
//! `SECTION:`, `LENGTH:`, localised `RUBRIK:`, `LÄNGE:`, …), the body, and
//! trailing fields (`LOAD-DATE:`, `LANGUAGE:`/`SPRACHE:`,
//! `PUBLICATION-TYPE:`) with a copyright line.
//!
//! The `M` of `N of M` is what the file announces; a number skipped in the
//! sequence `1 … M` names the article that is missing. An RTF export is
//! read as text first ([`super::rtf`]); its lines are then those of the
//! text.

use std::path::Path;

use regex::Regex;

use super::nexis_docx::label;
use super::{Imported, Outcome, Source, date_line, non_empty, set_language};
use crate::error::{Error, Location};

/// Reads a legacy Nexis export (`.txt`, or RTF by content).
///
/// # Errors
/// The file cannot be read or decoded, or its RTF is broken.
pub fn read_path(path: &Path) -> Result<Vec<Source>, Error> {
    let mut source = Source::new(path.display().to_string());
    let text = super::read_text(path, &mut source)?;
    let text = if text.trim_start().starts_with("{\\rtf") {
        super::rtf::to_text(&text)
            .map_err(|m| Error::at(Location::file(path), format!("unreadable RTF: {m}")))?
    } else {
        text
    };
    parse(&mut source, &text);
    Ok(vec![source])
}

fn marker() -> Regex {
    Regex::new(r"(?i)^\s*(\d+)\s+(?:of|von|de|sur|из)\s+(\d+)\s+(?:documents?|dokumente?n?|documentos?|документ\w*)\s*$")
        .expect("valid regex")
}

/// Blocks of non-blank lines: (first line number, lines joined by a space).
fn blocks(lines: &[(u64, &str)]) -> Vec<(u64, String)> {
    let mut out: Vec<(u64, String)> = Vec::new();
    let mut open = false;
    for (n, l) in lines {
        let t = l.trim();
        if t.is_empty() {
            open = false;
            continue;
        }
        if open {
            let last = out.last_mut().expect("open block");
            last.1.push(' ');
            last.1.push_str(t);
        } else {
            out.push((*n, t.to_string()));
            open = true;
        }
    }
    out
}

/// Reads the text of a legacy export into `source`.
pub fn parse(source: &mut Source, text: &str) {
    let re = marker();
    let lines: Vec<(u64, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.trim_end_matches('\u{c}')))
        .collect();
    let marks: Vec<(usize, usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, (_, l))| {
            let c = re.captures(l.trim_matches('\u{c}'))?;
            Some((i, c[1].parse().ok()?, c[2].parse().ok()?))
        })
        .collect();
    if let Some(&(first, _, _)) = marks.first() {
        let before = lines[..first].iter().filter(|(_, l)| !l.trim().is_empty()).count();
        if before > 0 {
            source.note(
                "skipped_text",
                Outcome::Note,
                format!(
                    "{before} lines before the first 'N of M DOCUMENTS' line (a cover) not read"
                ),
            );
        }
    }
    let mut expected = 1;
    for (k, &(at, n, m)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(lines.len(), |x| x.0);
        let line = lines[at].0;
        if n != expected {
            let what = if n == expected + 1 {
                format!("document {expected} is missing before it")
            } else if n > expected {
                format!("documents {expected}–{} are missing before it", n - 1)
            } else {
                "the count went back".to_string()
            };
            source.findings.push(
                super::Finding::file(
                    &source.name,
                    "sequence",
                    Outcome::Error,
                    format!("'{n} of {m} DOCUMENTS' where {expected} was due: {what}"),
                )
                .at_line(line),
            );
        }
        expected = n + 1;
        let mut a = article(&lines[at + 1..end]);
        a.position = source.articles.len() + 1;
        a.line = Some(line);
        source.articles.push(a);
    }
    if let Some(&(_, _, m)) = marks.first() {
        source.announced = Some((m, format!("'1 of {m} DOCUMENTS' announces {m}")));
        if let Some(other) = marks.iter().find(|x| x.2 != m) {
            source.note(
                "count",
                Outcome::Warning,
                format!("the total changes from {m} to {} at line {}", other.2, lines[other.0].0),
            );
        }
    }
}

const TRAILER: &[&str] = &["load-date", "language", "publication-type", "subject", "notes"];

/// The lines of the block that starts at line `from`.
fn lines_of<'a>(lines: &'a [(u64, &'a str)], from: u64) -> impl Iterator<Item = &'a str> + 'a {
    lines
        .iter()
        .skip_while(move |(n, _)| *n < from)
        .map(|(_, l)| l.trim())
        .take_while(|l| !l.is_empty())
}

fn article(lines: &[(u64, &str)]) -> Imported {
    let mut a = Imported::default();
    let blocks = blocks(lines);
    if blocks.is_empty() {
        return a;
    }
    a.outlet = non_empty(&blocks[0].1);
    // the date line may share its block with an edition line
    let date_of = |b: usize| lines_of(lines, blocks[b].0).find_map(date_line);
    let date_at = (1..blocks.len().min(4)).find(|&b| date_of(b).is_some());
    if let Some(d) = date_at {
        a.date = date_of(d);
    }
    let after_date = date_at.map_or(1, |d| d + 1);
    let first_label = blocks.iter().position(|(_, b)| label(b).is_some());
    let is_trailer =
        |b: &str| label(b).is_some_and(|(k, _)| TRAILER.contains(&k)) || b.starts_with("Copyright");
    // header fields: the run of labels that starts at the first one
    let (headline_at, body_from) = match first_label {
        Some(f) if f > after_date.min(blocks.len()) && !is_trailer(&blocks[f].1) => {
            let mut e = f;
            while e < blocks.len() && label(&blocks[e].1).is_some() && !is_trailer(&blocks[e].1) {
                e += 1;
            }
            (Some(f - 1), e)
        }
        _ => (blocks.get(after_date).map(|_| after_date), after_date + 1),
    };
    if let Some(h) = headline_at {
        a.title = non_empty(&blocks[h].1);
    }
    let mut body = Vec::new();
    let mut in_trailer = false;
    for (_, b) in blocks.iter().skip(body_from) {
        if is_trailer(b) {
            in_trailer = true;
        }
        if in_trailer {
            if let Some((k, v)) = label(b) {
                field(&mut a, k, &v);
            }
        } else {
            body.push(b.as_str());
        }
    }
    if let Some(h) = headline_at {
        for (_, b) in &blocks[h + 1..body_from.min(blocks.len())] {
            if let Some((k, v)) = label(b) {
                field(&mut a, k, &v);
            }
        }
    }
    a.body = body.join("\n\n");
    a
}

fn field(a: &mut Imported, key: &str, value: &str) {
    match key {
        "section" => a.section = non_empty(value),
        "byline" => a.authors = non_empty(value),
        "language" => set_language(a, value),
        _ => {}
    }
}
