//! Nexis Uni `.docx` exports: one Word file holding many articles, or a zip
//! of single-article Word files.
//!
//! A `.docx` is a zip whose `word/document.xml` holds the paragraphs
//! (`w:p`, text in `w:t`). Read as paragraphs, a Nexis Uni export is:
//!
//! ```text
//! (cover page)  User Name: …   Date and Time: …   Job Number: …
//!               Documents (3)  1. Headline …   Client/Matter: …
//!               Search Terms: …   Search Type: …   Narrowed by …
//! Headline
//! Outlet
//! July 1, 2019 Monday 9:20 AM GMT         (the date line)
//! Copyright 2019 …
//! Section: WORLD; Pg. 5                  (label, a no-break space, value)
//! Length: 523 words
//! Byline: Jane Doe
//! Body
//! paragraphs …
//! Classification
//! Language: ENGLISH
//! Load-Date: July 2, 2019
//! End of Document
//! (the next article)
//! ```
//!
//! Articles are split at `End of Document`. In each piece the header is
//! found backwards from `Body`: the labelled fields just before it, then the
//! date line, the outlet and the headline. So the cover page, which stands
//! before the first article's headline in the first piece, is skipped
//! without losing that first article (the failure other tools have), and
//! anything else before a headline is reported. The count the cover page
//! announces (`Documents (N)`) and the number of `End of Document` markers
//! are both checked against the articles found.

use std::io::Read;
use std::path::Path;

use super::{Imported, Outcome, Source, date_line, non_empty, set_language};
use crate::error::{Error, Location};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// `End of Document` in the languages of the Nexis interface.
const END_MARKERS: &[&str] = &[
    "End of Document",
    "Ende des Dokuments",
    "Fin du document",
    "Fin del documento",
    "Конец документа",
];

/// Lines of the cover page.
const COVER_MARKERS: &[&str] = &[
    "Documents (",
    "Search Terms:",
    "Narrowed by",
    "User Name:",
    "Date and Time:",
    "Job Number:",
    "Client/Matter:",
    "Search Type:",
    "Dokumente (",
    "Suchbegriffe:",
];

/// Labelled fields, with the name they are kept under (Nexis writes the
/// label, a no-break space or a space, then the value).
const LABELS: &[(&str, &str)] = &[
    ("section", "section"),
    ("length", "length"),
    ("byline", "byline"),
    ("load-date", "load-date"),
    ("language", "language"),
    ("dateline", "dateline"),
    ("highlight", "highlight"),
    ("edition", "edition"),
    ("series", "series"),
    ("graphic", "graphic"),
    ("correction", "correction"),
    ("correction-date", "correction-date"),
    ("publication-type", "publication-type"),
    ("subject", "subject"),
    ("geographic", "geographic"),
    ("organization", "organization"),
    ("person", "person"),
    ("industry", "industry"),
    ("company", "company"),
    ("ticker", "ticker"),
    ("journal-code", "journal-code"),
    ("document-type", "document-type"),
    ("notes", "notes"),
    ("rubrik", "section"),
    ("länge", "length"),
    ("autor", "byline"),
    ("sprache", "language"),
    ("rubrique", "section"),
    ("longueur", "length"),
    ("auteur", "byline"),
    ("langue", "language"),
    ("sección", "section"),
    ("longitud", "length"),
    ("idioma", "language"),
    ("раздел", "section"),
    ("длина", "length"),
    ("автор", "byline"),
    ("язык", "language"),
];

/// A labelled field: `Section: WORLD` → `("section", "WORLD")`.
pub fn label(line: &str) -> Option<(&'static str, String)> {
    let (name, rest) = line.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\u{a0}', '\t'])) {
        return None;
    }
    let lower = name.trim().to_lowercase();
    let (_, key) = LABELS.iter().find(|(l, _)| *l == lower)?;
    Some((key, rest.trim_matches(|c: char| c.is_whitespace()).to_string()))
}

fn is_copyright(line: &str) -> bool {
    line.starts_with("Copyright") || line.starts_with('©')
}

/// Reads a `.docx` export, or a zip of them; one [`Source`] per Word file.
///
/// # Errors
/// The file cannot be read or is not a zip.
pub fn read_path(path: &Path) -> Result<Vec<Source>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(&path.display().to_string(), &bytes).map_err(|m| Error::at(Location::file(path), m))
}

/// [`read_path`] on bytes; `name` names the input in findings.
///
/// # Errors
/// Not a zip, or a `.docx` without `word/document.xml`.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Vec<Source>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "not a .docx or .zip file ({e}); Nexis Uni's 'Download' as Microsoft Word gives one"
        )
    })?;
    if zip.by_name("word/document.xml").is_ok() {
        return Ok(vec![read_docx_zip(name, &mut zip)?]);
    }
    // a zip of single-article .docx files, read in the zip's order
    let mut sources = Vec::new();
    let mut skipped = Source::new(name);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| format!("entry {}: {e}", i + 1))?;
        if entry.is_dir() {
            continue;
        }
        let entry_name = entry.name().map_err(|e| format!("entry {}: {e}", i + 1))?.to_string();
        let member = format!("{name}!{entry_name}");
        let base = entry_name.rsplit('/').next().unwrap_or(&entry_name);
        if base.starts_with("~$") {
            skipped.findings.push(super::Finding::file(
                &member,
                "lock_file",
                Outcome::Note,
                "skipped: a '~$' file is Word's lock file of an open document, not an export"
                    .into(),
            ));
            continue;
        }
        if !base.to_lowercase().ends_with(".docx") {
            skipped.findings.push(super::Finding::file(
                &member,
                "skipped_file",
                Outcome::Warning,
                "skipped: not a .docx file".into(),
            ));
            continue;
        }
        let mut inner = Vec::new();
        entry.read_to_end(&mut inner).map_err(|e| format!("{entry_name}: {e}"))?;
        drop(entry);
        match zip::ZipArchive::new(std::io::Cursor::new(&inner[..]))
            .map_err(|e| e.to_string())
            .and_then(|mut z| read_docx_zip(&member, &mut z))
        {
            Ok(source) => sources.push(source),
            Err(e) => skipped.findings.push(super::Finding::file(
                &member,
                "unreadable",
                Outcome::Error,
                format!("not a readable .docx: {e}"),
            )),
        }
    }
    if sources.is_empty() && skipped.findings.is_empty() {
        return Err("a zip with neither word/document.xml nor .docx files in it".into());
    }
    skipped.no_count = true;
    let n = sources.len();
    skipped.note(
        "zip",
        Outcome::Note,
        format!("a zip of {n} readable .docx files, read in the zip's order"),
    );
    let mut all = vec![skipped];
    all.extend(sources);
    Ok(all)
}

fn read_docx_zip<R: std::io::Read + std::io::Seek>(
    name: &str,
    zip: &mut zip::ZipArchive<R>,
) -> Result<Source, String> {
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| format!("no word/document.xml ({e}): not a Word file"))?
        .read_to_string(&mut xml)
        .map_err(|e| format!("word/document.xml: {e}"))?;
    let paragraphs = paragraphs(&xml).map_err(|e| format!("word/document.xml: {e}"))?;
    Ok(split(name, &paragraphs))
}

/// The text of each paragraph (`w:p`) of `word/document.xml`, in order:
/// `w:t` text, `w:tab` as a tab, `w:br`/`w:cr` as a line break (a page
/// break as nothing), deleted text and field codes left out.
///
/// # Errors
/// The XML is not well formed.
pub fn paragraphs(xml: &str) -> Result<Vec<String>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for node in doc.descendants() {
        if node.is_element()
            && node.tag_name().namespace() == Some(W)
            && node.tag_name().name() == "p"
        {
            let mut text = String::new();
            collect(node, &mut text);
            out.push(text);
        }
    }
    Ok(out)
}

fn collect(node: roxmltree::Node<'_, '_>, out: &mut String) {
    for child in node.children().filter(roxmltree::Node::is_element) {
        let tag = child.tag_name();
        match (tag.namespace(), tag.name()) {
            (Some(W), "t") => out.push_str(child.text().unwrap_or("")),
            (Some(W), "tab") => out.push('\t'),
            (Some(W), "br") if child.attribute((W, "type")) == Some("page") => {}
            (Some(W), "br" | "cr") => out.push('\n'),
            (Some(W), "noBreakHyphen") => out.push('-'),
            // a nested paragraph (a text box) is a paragraph of its own
            (Some(W), "p" | "delText" | "instrText" | "del") => {}
            // the fallback repeats the choice's content for older readers
            (Some(MC), "Fallback") => {}
            _ => collect(child, out),
        }
    }
}

/// Splits a Nexis Uni export, given as its paragraphs, into articles.
pub fn split(name: &str, paragraphs: &[String]) -> Source {
    let mut source = Source::new(name);
    // non-empty paragraphs with their 1-based number
    let items: Vec<(u64, String)> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u64 + 1, p.trim_matches(|c: char| c.is_whitespace()).to_string()))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let mut chunks: Vec<&[(u64, String)]> = Vec::new();
    let mut start = 0;
    let mut markers = 0;
    for (i, (_, p)) in items.iter().enumerate() {
        if END_MARKERS.contains(&p.as_str()) {
            chunks.push(&items[start..i]);
            start = i + 1;
            markers += 1;
        }
    }
    let tail = &items[start..];
    let tail_is_article = tail.iter().any(|(_, p)| p == "Body");
    if tail_is_article {
        chunks.push(tail);
    } else if let (Some(first), Some(last)) = (tail.first(), tail.last()) {
        source.note(
            "trailing_text",
            Outcome::Error,
            format!(
                "{} paragraphs after the last 'End of Document' (paragraphs {}–{}) are not an article and were not read",
                tail.len(),
                first.0,
                last.0
            ),
        );
    }
    for (c, chunk) in chunks.iter().enumerate() {
        let position = source.articles.len() + 1;
        let Some(article) = article(&mut source, chunk, c == 0, position) else {
            continue;
        };
        source.articles.push(article);
    }
    if tail_is_article {
        let i = source.articles.len() - 1;
        source.note_article(
            i,
            "no_end",
            Outcome::Warning,
            "has no 'End of Document' marker: is the file cut short?",
        );
    }
    // what the file says about its size
    let announced = items.iter().take_while(|(_, p)| !p.eq("Body")).find_map(|(n, p)| {
        let rest = p.strip_prefix("Documents (").or_else(|| p.strip_prefix("Dokumente ("))?;
        let count: usize = rest.strip_suffix(')')?.trim().parse().ok()?;
        Some((count, *n))
    });
    match announced {
        Some((n, para)) => {
            source.announced =
                Some((n, format!("the cover page announces {n} (paragraph {para})")));
            if markers != n {
                source.note(
                    "markers",
                    Outcome::Error,
                    format!(
                        "{markers} 'End of Document' markers, but the cover page announces {n}"
                    ),
                );
            }
        }
        None if markers > 0 => {
            source.announced = Some((markers, format!("{markers} 'End of Document' markers")));
        }
        None => {}
    }
    source
}

/// One article from the paragraphs between two `End of Document` markers.
fn article(
    source: &mut Source,
    chunk: &[(u64, String)],
    first: bool,
    position: usize,
) -> Option<Imported> {
    let (chunk_start, chunk_end) = (chunk.first()?.0, chunk.last()?.0);
    let body_at = chunk.iter().position(|(_, p)| p == "Body");
    // the header ends at `Body`, or without one at the first labelled field
    let header_end = body_at
        .or_else(|| chunk.iter().position(|(_, p)| label(p).is_some()))
        .unwrap_or(chunk.len());
    let mut fields_at = header_end;
    while fields_at > 0 && {
        let p = &chunk[fields_at - 1].1;
        label(p).is_some() || is_copyright(p)
    } {
        fields_at -= 1;
    }
    let mut a = Imported { position, line: Some(chunk_start), ..Imported::default() };
    // (headline, outlet, date), counted back from the fields
    let date_at = fields_at.checked_sub(1).filter(|&i| date_line(&chunk[i].1).is_some());
    let named = date_at.unwrap_or(fields_at);
    let (headline_at, outlet_at) = match named {
        0 => (None, None),
        1 => (Some(0), None),
        n => (Some(n - 2), Some(n - 1)),
    };
    if let Some(i) = date_at {
        a.date = date_line(&chunk[i].1);
    }
    if let Some(h) = headline_at {
        a.line = Some(chunk[h].0);
        a.title = non_empty(&chunk[h].1);
    }
    if let Some(o) = outlet_at {
        a.outlet = non_empty(&chunk[o].1);
    }
    if headline_at.is_none() && body_at.is_none() {
        source.note(
            "unreadable",
            Outcome::Error,
            format!(
                "paragraphs {chunk_start}–{chunk_end}: neither a headline nor a 'Body' paragraph; not read as an article"
            ),
        );
        return None;
    }
    let headline_at = headline_at.unwrap_or(0);
    // header fields
    for (_, p) in &chunk[fields_at..header_end] {
        if let Some((key, value)) = label(p) {
            field(&mut a, key, &value);
        }
    }
    // the body, minus a trailing Classification block
    if let Some(b) = body_at {
        let rest = &chunk[b + 1..];
        let class_at = rest.iter().rposition(|(_, p)| p == "Classification");
        let (body, trailer) = match class_at {
            Some(c) => (&rest[..c], &rest[c + 1..]),
            None => {
                // labelled fields at the very end (Load-Date: …) without the heading
                let mut t = rest.len();
                while t > 0 && label(&rest[t - 1].1).is_some() {
                    t -= 1;
                }
                (&rest[..t], &rest[t..])
            }
        };
        a.body = body.iter().map(|(_, p)| p.as_str()).collect::<Vec<_>>().join("\n\n");
        for (_, p) in trailer {
            if let Some((key, value)) = label(p) {
                field(&mut a, key, &value);
            }
        }
    }
    // what stands before the headline
    if headline_at > 0 {
        let (from, to) = (chunk[0].0, chunk[headline_at - 1].0);
        let cover = chunk[..headline_at]
            .iter()
            .any(|(_, p)| COVER_MARKERS.iter().any(|m| p.starts_with(m)));
        if first && cover {
            source.note(
                "cover",
                Outcome::Note,
                format!("cover page skipped (paragraphs {from}–{to})"),
            );
        } else {
            source.findings.push(super::Finding::article(
                &source.name,
                &a,
                "skipped_text",
                Outcome::Warning,
                format!(
                    "{headline_at} paragraphs before the headline (paragraphs {from}–{to}) were not read; is the headline '{}' right?",
                    a.title.as_deref().unwrap_or("")
                ),
            ));
        }
    }
    if body_at.is_none() {
        source.findings.push(super::Finding::article(
            &source.name,
            &a,
            "no_body_marker",
            Outcome::Warning,
            format!("no 'Body' paragraph between paragraphs {chunk_start} and {chunk_end}"),
        ));
    }
    Some(a)
}

fn field(a: &mut Imported, key: &str, value: &str) {
    match key {
        "section" => a.section = non_empty(value),
        "byline" => a.authors = non_empty(value),
        "language" => set_language(a, value),
        // the load date is when Nexis received the article, not its date
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_take_a_no_break_space() {
        assert_eq!(label("Section:\u{a0}WORLD; Pg. 5"), Some(("section", "WORLD; Pg. 5".into())));
        assert_eq!(label("Länge: 300 Wörter"), Some(("length", "300 Wörter".into())));
        assert_eq!(label("Breaking: news"), None);
        assert_eq!(label("Section:WORLD"), None);
    }

    #[test]
    fn paragraphs_of_word_xml() {
        let xml = format!(
            r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t xml:space="preserve">Section:</w:t><w:t>&#xA0;World</w:t></w:r></w:p><w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p><w:p/></w:body></w:document>"#
        );
        assert_eq!(paragraphs(&xml).unwrap(), ["Section:\u{a0}World", "a\tb\nc", ""]);
    }
}
