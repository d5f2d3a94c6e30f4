//! `framelens import` (issue 23): each archive format read into a corpus
//! folder, checked field by field against fixtures written for these tests
//! (never copied from a real export), the loss checks, and `run` on an
//! imported corpus.
//!
//! The Nexis Uni `.docx` fixtures are built here from paragraph lists with
//! the `zip` crate, as Word would store them (`word/document.xml` with one
//! `w:p` per paragraph); the other fixtures are in `tests/fixtures/import/`.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use framelens::import::{self, Finding, Format, ImportOptions, Outcome, Source};

const NBSP: &str = "\u{a0}";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A `.docx` whose body is the given paragraphs; `|` splits a paragraph
/// into runs (Word splits text into runs wherever formatting changes).
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>");
        for run in p.split('|') {
            body.push_str(&format!(
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_escape(run)
            ));
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    zip_of(&[
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The cover page of a Nexis Uni download announcing `n` documents.
fn cover(n: usize) -> Vec<String> {
    let mut v = vec![
        "User Name: =Test User".to_string(),
        "Date and Time: Tuesday, July 2, 2019 10:00:00 AM EDT".into(),
        "Job Number: 123456".into(),
        format!("Documents ({n})"),
    ];
    let titles = [
        "Peacekeepers arrive in Stepanakert",
        "Friedenstruppen im Latschin-Korridor",
        "Миротворцы покидают Карабах",
    ];
    for (i, t) in titles.iter().take(n).enumerate() {
        v.push(format!("{}. {t}", i + 1));
    }
    v.extend(
        [
            "Client/Matter: -None-",
            "Search Terms: peacekeepers",
            "Search Type: Terms and Connectors",
            "Narrowed by",
            "Content Type\tNarrowed by",
            "News\tLanguage: English, German, Russian",
        ]
        .map(String::from),
    );
    v
}

fn article_1() -> Vec<String> {
    [
        "Peacekeepers arrive |in Stepanakert",
        "The Guardian (London)",
        "July 1, 2019 Monday 9:20 AM GMT",
        "Copyright 2019 Guardian News & Media Ltd",
        &format!("Section:{NBSP}WORLD NEWS; Pg. 5"),
        &format!("Length:{NBSP}14 words"),
        &format!("Byline:{NBSP}Jane Doe"),
        "Body",
        "Russian peacekeepers arrived in Stepanakert on Monday.",
        "",
        "Residents watched the convoy from balconies.",
        "Classification",
        &format!("Language:{NBSP}ENGLISH"),
        &format!("Publication-Type:{NBSP}Newspaper"),
        &format!("Subject:{NBSP}PEACEKEEPING (90%)"),
        &format!("Load-Date:{NBSP}July 2, 2019"),
        "End of Document",
    ]
    .map(String::from)
    .to_vec()
}

fn article_2() -> Vec<String> {
    [
        "Friedenstruppen im Latschin-Korridor",
        "Süddeutsche Zeitung",
        "3. März 2020 Dienstag",
        &format!("Rubrik:{NBSP}Politik; S. 7"),
        "Länge: 6 Wörter",
        "Body",
        "Die Friedenstruppen kontrollieren den Korridor.",
        "Classification",
        &format!("Sprache:{NBSP}GERMAN; Deutsch"),
        "End of Document",
    ]
    .map(String::from)
    .to_vec()
}

fn article_3() -> Vec<String> {
    [
        "Миротворцы покидают Карабах",
        "Коммерсантъ",
        "17 апреля 2024 г. среда",
        "Body",
        "Российские миротворцы начали вывод.",
        "End of Document",
    ]
    .map(String::from)
    .to_vec()
}

fn nexis_docx(parts: &[Vec<String>]) -> Vec<u8> {
    let all: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    docx(&all)
}

fn read_docx(name: &str, bytes: &[u8]) -> Vec<Source> {
    import::nexis_docx::read_bytes(name, bytes).unwrap()
}

fn checks<'a>(findings: &'a [Finding], check: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.check == check).collect()
}

/// Imports `inputs` into `dir/corpus` with the library.
fn import_to(dir: &Path, format: Format, inputs: Vec<PathBuf>) -> import::ImportReport {
    import::import(&ImportOptions {
        format,
        inputs,
        out: dir.join("corpus"),
        ..ImportOptions::default()
    })
    .unwrap()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

/// The manifest as (column → cell) maps, one per row.
fn manifest(dir: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let rows = csv_rows(&dir.join("corpus/manifest.csv"));
    let header = rows[0].clone();
    rows[1..].iter().map(|r| header.iter().cloned().zip(r.iter().cloned()).collect()).collect()
}

fn cell<'a>(row: &'a std::collections::BTreeMap<String, String>, col: &str) -> &'a str {
    row.get(col).unwrap_or_else(|| panic!("no column {col}"))
}

// ---------------------------------------------------------------------------
// Nexis Uni .docx

#[test]
fn nexis_docx_reads_every_field_and_keeps_the_first_article() {
    let bytes = nexis_docx(&[cover(3), article_1(), article_2(), article_3()]);
    let sources = read_docx("export.docx", &bytes);
    assert_eq!(sources.len(), 1);
    let s = &sources[0];
    assert_eq!(s.articles.len(), 3, "{:#?}", s.findings);
    let a = &s.articles[0];
    // the first article, in the same piece as the cover page, is kept
    assert_eq!(a.position, 1);
    assert_eq!(a.title.as_deref(), Some("Peacekeepers arrive in Stepanakert"));
    assert_eq!(a.outlet.as_deref(), Some("The Guardian (London)"));
    assert_eq!(a.date.as_deref(), Some("2019-07-01"));
    assert_eq!(a.section.as_deref(), Some("WORLD NEWS; Pg. 5"));
    assert_eq!(a.authors.as_deref(), Some("Jane Doe"));
    assert_eq!(a.language.as_deref(), Some("en"));
    // the body stops before Classification, and the empty paragraph is gone
    assert_eq!(
        a.body,
        "Russian peacekeepers arrived in Stepanakert on Monday.\n\nResidents watched the convoy from balconies."
    );
    // the cover page is 4 + 3 + 6 = 13 paragraphs: the headline is the 14th
    assert_eq!(a.line, Some(14));
    let b = &s.articles[1];
    assert_eq!(b.title.as_deref(), Some("Friedenstruppen im Latschin-Korridor"));
    assert_eq!(b.outlet.as_deref(), Some("Süddeutsche Zeitung"));
    assert_eq!(b.date.as_deref(), Some("2020-03-03"));
    assert_eq!(b.section.as_deref(), Some("Politik; S. 7"));
    assert_eq!(b.authors, None);
    assert_eq!(b.language.as_deref(), Some("de"));
    assert_eq!(b.body, "Die Friedenstruppen kontrollieren den Korridor.");
    let c = &s.articles[2];
    assert_eq!(c.title.as_deref(), Some("Миротворцы покидают Карабах"));
    assert_eq!(c.outlet.as_deref(), Some("Коммерсантъ"));
    assert_eq!(c.date.as_deref(), Some("2024-04-17"));
    assert_eq!(c.language, None);
    assert_eq!(c.body, "Российские миротворцы начали вывод.");
    // the cover is skipped and said to be
    let cover = checks(&s.findings, "cover");
    assert_eq!(cover.len(), 1);
    assert_eq!(cover[0].detail, "cover page skipped (paragraphs 1–13)");
    assert_eq!(s.announced.as_ref().map(|x| x.0), Some(3));
    assert!(checks(&s.findings, "skipped_text").is_empty(), "{:#?}", s.findings);
}

#[test]
fn nexis_docx_without_a_cover_keeps_its_only_article() {
    let bytes = nexis_docx(&[article_3()]);
    let s = &read_docx("one.docx", &bytes)[0];
    assert_eq!(s.articles.len(), 1);
    assert_eq!(s.articles[0].title.as_deref(), Some("Миротворцы покидают Карабах"));
    assert_eq!(s.articles[0].line, Some(1));
    assert!(checks(&s.findings, "cover").is_empty());
    // without a cover, the End of Document markers are the announced count
    assert_eq!(s.announced.as_ref().map(|x| x.0), Some(1));
}

#[test]
fn nexis_docx_announcing_three_but_holding_two_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.docx");
    std::fs::write(&path, nexis_docx(&[cover(3), article_1(), article_2()])).unwrap();
    let report = import_to(dir.path(), Format::NexisDocx, vec![path.clone()]);
    assert_eq!((report.found, report.written), (2, 2));
    assert_eq!(report.status(), framelens::error::Status::DataErrors);
    let count = checks(&report.findings, "count");
    assert_eq!(count.len(), 1);
    assert_eq!(count[0].outcome, Outcome::Error);
    assert_eq!(
        count[0].detail,
        "2 articles found, but the cover page announces 3 (paragraph 4): 1 missing"
    );
    let markers = checks(&report.findings, "markers");
    assert_eq!(markers[0].detail, "2 'End of Document' markers, but the cover page announces 3");
    // and the report file says so too
    let rows = csv_rows(&dir.path().join("corpus/import_report.csv"));
    assert_eq!(rows[0], ["source", "position", "line", "file", "check", "result", "detail"]);
    let row = rows.iter().find(|r| r[4] == "count").unwrap();
    assert_eq!(row[0], path.display().to_string());
    assert_eq!(row[5], "error");
}

#[test]
fn nexis_docx_text_before_a_later_headline_is_reported() {
    let mut second = vec!["A stray line".to_string()];
    second.extend(article_2());
    let s = &read_docx("x.docx", &nexis_docx(&[article_1(), second]))[0];
    assert_eq!(s.articles.len(), 2);
    assert_eq!(s.articles[1].title.as_deref(), Some("Friedenstruppen im Latschin-Korridor"));
    let skipped = checks(&s.findings, "skipped_text");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].position, Some(2));
    assert_eq!(skipped[0].outcome, Outcome::Warning);
    assert!(skipped[0].detail.starts_with("1 paragraphs before the headline (paragraphs 18–18)"));
}

#[test]
fn nexis_docx_a_cut_file_and_an_article_without_a_body() {
    // the second article lost its body and its End of Document
    let mut cut = article_2();
    cut.truncate(5);
    let s = &read_docx("cut.docx", &nexis_docx(&[article_1(), cut]))[0];
    assert_eq!(s.articles.len(), 1);
    let trailing = checks(&s.findings, "trailing_text");
    assert_eq!(trailing.len(), 1);
    assert_eq!(
        trailing[0].detail,
        "5 paragraphs after the last 'End of Document' (paragraphs 18–22) are not an article and were not read"
    );
    // an article with a Body line but no text is reported as having no body
    let mut empty = article_3();
    empty.remove(4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.docx");
    std::fs::write(&path, nexis_docx(&[article_1(), empty])).unwrap();
    let report = import_to(dir.path(), Format::NexisDocx, vec![path]);
    assert_eq!((report.found, report.written), (2, 1));
    let no_body = checks(&report.findings, "no_body");
    assert_eq!(no_body.len(), 1);
    assert_eq!(no_body[0].position, Some(2));
    assert_eq!(no_body[0].outcome, Outcome::Error);
    assert_eq!(
        no_body[0].detail,
        "no text ('Миротворцы покидают Карабах'); not written to the corpus"
    );
}

#[test]
fn nexis_zip_of_single_docx_files_skips_the_lock_file() {
    let a = nexis_docx(&[article_1()]);
    let b = nexis_docx(&[article_3()]);
    let zip = zip_of(&[
        ("download/01_peacekeepers.docx", &a),
        ("download/~$01_peacekeepers.docx", b"lock"),
        ("download/readme.txt", b"not an article"),
        ("download/02_mirotvortsy.docx", &b),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("download.zip");
    std::fs::write(&path, &zip).unwrap();
    let report = import_to(dir.path(), Format::NexisDocx, vec![path.clone()]);
    assert_eq!((report.found, report.written), (2, 2));
    let lock = checks(&report.findings, "lock_file");
    assert_eq!(lock.len(), 1);
    assert_eq!(lock[0].source, format!("{}!download/~$01_peacekeepers.docx", path.display()));
    assert_eq!(lock[0].outcome, Outcome::Note);
    let other = checks(&report.findings, "skipped_file");
    assert_eq!(other[0].source, format!("{}!download/readme.txt", path.display()));
    let m = manifest(dir.path());
    assert_eq!(m.len(), 2);
    assert_eq!(cell(&m[0], "title"), "Peacekeepers arrive in Stepanakert");
    assert_eq!(cell(&m[0], "source"), format!("{}!download/01_peacekeepers.docx", path.display()));
    assert_eq!(cell(&m[1], "outlet"), "Коммерсантъ");
    assert_eq!(report.status(), framelens::error::Status::Success);
}

#[test]
fn an_unreadable_export_is_an_error_and_the_others_are_imported() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("a_broken.docx");
    let good = dir.path().join("b_good.docx");
    std::fs::write(&bad, b"this is not a zip").unwrap();
    std::fs::write(&good, nexis_docx(&[article_1()])).unwrap();
    let report = import_to(dir.path(), Format::NexisDocx, vec![dir.path().to_path_buf()]);
    assert_eq!(report.written, 1);
    let f = checks(&report.findings, "unreadable");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].source, bad.display().to_string());
    assert_eq!(f[0].outcome, Outcome::Error);
    assert!(f[0].detail.starts_with("not imported: not a .docx or .zip file"), "{}", f[0].detail);
    assert_eq!(report.status(), framelens::error::Status::DataErrors);
}

#[test]
fn a_lock_file_given_as_input_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("export.docx");
    let lock = dir.path().join("~$export.docx");
    std::fs::write(&good, nexis_docx(&[article_1()])).unwrap();
    std::fs::write(&lock, b"\x00lock").unwrap();
    let report = import_to(dir.path(), Format::NexisDocx, vec![lock.clone(), good]);
    assert_eq!(report.written, 1);
    let f = checks(&report.findings, "lock_file");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].source, lock.display().to_string());
}

#[test]
fn nexis_import_writes_manifest_and_texts_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.docx");
    std::fs::write(&path, nexis_docx(&[cover(3), article_1(), article_2(), article_3()])).unwrap();
    let report = import_to(dir.path(), Format::NexisDocx, vec![path.clone()]);
    assert_eq!((report.found, report.written, report.outlets), (3, 3, 3));
    let m = manifest(dir.path());
    let header = &csv_rows(&dir.path().join("corpus/manifest.csv"))[0];
    assert_eq!(
        header,
        &[
            "file",
            "id",
            "outlet",
            "date",
            "title",
            "authors",
            "url",
            "language",
            "section",
            "archive_id",
            "source",
            "position"
        ]
    );
    let expect = [
        (
            "00001.txt",
            "The Guardian (London)",
            "2019-07-01",
            "Peacekeepers arrive in Stepanakert",
            "Jane Doe",
            "en",
        ),
        (
            "00002.txt",
            "Süddeutsche Zeitung",
            "2020-03-03",
            "Friedenstruppen im Latschin-Korridor",
            "",
            "de",
        ),
        ("00003.txt", "Коммерсантъ", "2024-04-17", "Миротворцы покидают Карабах", "", ""),
    ];
    for (row, (file, outlet, date, title, authors, language)) in m.iter().zip(expect) {
        assert_eq!(cell(row, "file"), file);
        assert_eq!(cell(row, "id"), "");
        assert_eq!(cell(row, "outlet"), outlet);
        assert_eq!(cell(row, "date"), date);
        assert_eq!(cell(row, "title"), title);
        assert_eq!(cell(row, "authors"), authors);
        assert_eq!(cell(row, "language"), language);
        assert_eq!(cell(row, "source"), path.display().to_string());
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00001.txt")).unwrap(),
        "Russian peacekeepers arrived in Stepanakert on Monday.\n\nResidents watched the convoy from balconies.\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00003.txt")).unwrap(),
        "Российские миротворцы начали вывод.\n"
    );
    // no staging folder is left beside the corpus
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("framelens-import")), "{names:?}");
}

// ---------------------------------------------------------------------------
// Factiva

#[test]
fn factiva_html_fields_and_lp_plus_td() {
    let dir = tempfile::tempdir().unwrap();
    let report = import_to(dir.path(), Format::Factiva, vec![fixture("factiva.html")]);
    assert_eq!((report.found, report.written), (3, 3));
    assert_eq!(report.status(), framelens::error::Status::Success, "{:#?}", report.findings);
    let m = manifest(dir.path());
    assert_eq!(cell(&m[0], "id"), "FTCOM00020190701ef710000a");
    assert_eq!(cell(&m[0], "archive_id"), "FTCOM00020190701ef710000a");
    assert_eq!(cell(&m[0], "title"), "Peacekeepers arrive in Stepanakert");
    assert_eq!(cell(&m[0], "outlet"), "Financial Times");
    assert_eq!(cell(&m[0], "date"), "2019-07-01");
    assert_eq!(cell(&m[0], "authors"), "Jane Doe");
    assert_eq!(cell(&m[0], "language"), "en");
    assert_eq!(cell(&m[0], "section"), "World");
    // LP's two paragraphs, then TD's
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00001.txt")).unwrap(),
        "Russian peacekeepers arrived in Stepanakert on Monday.\n\nResidents watched from balconies.\n\nThe convoy crossed the Lachin corridor & stopped at the airport.\n"
    );
    assert_eq!(cell(&m[1], "outlet"), "Kommersant");
    assert_eq!(cell(&m[1], "date"), "2024-04-17");
    assert_eq!(cell(&m[1], "language"), "ru");
    assert_eq!(cell(&m[1], "authors"), "");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00002.txt")).unwrap(),
        "Российские миротворцы начали вывод.\n"
    );
    assert_eq!(cell(&m[2], "title"), "Retour à Chouchi");
    assert_eq!(cell(&m[2], "language"), "fr");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00003.txt")).unwrap(),
        "Les habitants reviennent.\n\nLa ville est calme.\n\nLes écoles rouvrent.\n"
    );
    let count = checks(&report.findings, "count");
    assert_eq!(count[0].detail, "3 articles found; the page holds 3 article divs");
}

#[test]
fn factiva_html_an_article_div_without_codes_is_counted_missing() {
    let html = r#"<html><body>
<div class="article"><table><tr><td><b>HD</b></td><td>One</td></tr><tr><td><b>SN</b></td><td>Paper</td></tr><tr><td><b>PD</b></td><td>5 May 2024</td></tr><tr><td><b>TD</b></td><td><p>Text.</p></td></tr></table></div>
<div class="article"><p>Only text, no codes.</p></div>
</body></html>"#;
    let mut s = Source::new("f.html");
    import::factiva::parse_html(&mut s, html);
    assert_eq!(s.articles.len(), 1);
    assert_eq!(s.announced.as_ref().map(|x| x.0), Some(2));
    let bad = checks(&s.findings, "unreadable");
    assert!(bad[0].detail.starts_with("article div 2 has no field codes"), "{bad:?}");
}

#[test]
fn factiva_rtf_pages_are_articles() {
    let dir = tempfile::tempdir().unwrap();
    let report = import_to(dir.path(), Format::Factiva, vec![fixture("factiva.rtf")]);
    assert_eq!((report.found, report.written), (2, 2), "{:#?}", report.findings);
    let m = manifest(dir.path());
    assert_eq!(cell(&m[0], "title"), "Café owners return to Shusha");
    assert_eq!(cell(&m[0], "authors"), "Anna Müller");
    assert_eq!(cell(&m[0], "date"), "2023-11-02");
    assert_eq!(cell(&m[0], "outlet"), "Le Monde");
    assert_eq!(cell(&m[0], "id"), "LEMOND0020231102ejb20000c");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00001.txt")).unwrap(),
        "The first lead paragraph.\n\nA text paragraph with “quotes” and a\ttab.\n\nA second text paragraph.\n"
    );
    assert_eq!(cell(&m[1], "title"), "Мир в Карабахе");
    assert_eq!(cell(&m[1], "outlet"), "Izvestia");
    assert_eq!(cell(&m[1], "language"), "ru");
    assert_eq!(std::fs::read_to_string(dir.path().join("corpus/00002.txt")).unwrap(), "Текст.\n");
    assert_eq!(
        checks(&report.findings, "count")[0].detail,
        "2 articles found; the file holds 2 pages"
    );
}

// ---------------------------------------------------------------------------
// Telegram

#[test]
fn telegram_messages_with_text_pieces() {
    let dir = tempfile::tempdir().unwrap();
    let report = import_to(dir.path(), Format::Telegram, vec![fixture("telegram_result.json")]);
    // four messages (the service message is not one), the photo has no text
    assert_eq!((report.found, report.written), (4, 3));
    let m = manifest(dir.path());
    assert_eq!(m.len(), 3);
    for row in &m {
        assert_eq!(cell(row, "outlet"), "Karabakh Today");
    }
    assert_eq!(cell(&m[0], "id"), "1234567890/2");
    assert_eq!(cell(&m[0], "date"), "2024-04-17");
    assert_eq!(cell(&m[1], "id"), "1234567890/3");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00002.txt")).unwrap(),
        "Breaking: a convoy was seen near https://example.org/lachin.\n"
    );
    assert_eq!(cell(&m[2], "id"), "1234567890/5");
    assert_eq!(cell(&m[2], "date"), "2024-04-18");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00003.txt")).unwrap(),
        "Миротворцы ушли\nиз Лачина.\n"
    );
    let service = checks(&report.findings, "service");
    assert_eq!(service[0].detail, "1 service messages (joins, pins, …) skipped: not articles");
    let no_body = checks(&report.findings, "no_body");
    assert_eq!(no_body.len(), 1);
    assert_eq!(no_body[0].position, Some(3));
    assert_eq!(no_body[0].outcome, Outcome::Warning);
    assert_eq!(report.status(), framelens::error::Status::Success);
}

// ---------------------------------------------------------------------------
// Media Cloud

#[test]
fn mediacloud_joined_by_id_from_a_folder_and_by_url_from_a_csv() {
    for text in ["mediacloud/texts", "mediacloud/texts.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let report = import::import(&ImportOptions {
            format: Format::Mediacloud,
            inputs: vec![fixture("mediacloud/stories.csv")],
            out: dir.path().join("corpus"),
            text: Some(fixture(text)),
            ..ImportOptions::default()
        })
        .unwrap();
        assert_eq!((report.found, report.written), (3, 2), "{text}");
        let m = manifest(dir.path());
        assert_eq!(cell(&m[0], "id"), "1001");
        assert_eq!(cell(&m[0], "outlet"), "nytimes.com");
        assert_eq!(cell(&m[0], "date"), "2024-04-17");
        assert_eq!(cell(&m[0], "title"), "Peacekeepers leave Karabakh");
        assert_eq!(cell(&m[0], "url"), "https://www.nytimes.com/2024/04/17/world/karabakh.html");
        assert_eq!(cell(&m[0], "language"), "en");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("corpus/00001.txt")).unwrap(),
            "Russian peacekeepers have begun to leave Nagorno-Karabakh.\n\nThe withdrawal was announced on Wednesday.\n"
        );
        assert_eq!(cell(&m[1], "title"), "Миротворцы уходят, город ждёт");
        assert_eq!(cell(&m[1], "language"), "ru");
        // story 1003 has no text: an error naming it
        let no_body = checks(&report.findings, "no_body");
        assert_eq!(no_body.len(), 1, "{text}");
        assert_eq!(no_body[0].position, Some(3));
        assert_eq!(no_body[0].line, Some(4));
        assert_eq!(report.status(), framelens::error::Status::DataErrors);
    }
}

// ---------------------------------------------------------------------------
// File names

#[test]
fn name_pattern_fills_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("raw");
    std::fs::create_dir(&raw).unwrap();
    std::fs::write(raw.join("new_york_times_20240417_a12.txt"), "First text.\n").unwrap();
    std::fs::write(raw.join("bbc_2024-04-18_b7.txt"), "Second text.\n").unwrap();
    std::fs::write(raw.join("notes.txt"), "Not named by the pattern.\n").unwrap();
    let report = import::import(&ImportOptions {
        format: Format::Files,
        inputs: vec![raw.clone()],
        out: dir.path().join("corpus"),
        name_pattern: Some("{outlet}_{date}_{id}.txt".into()),
        ..ImportOptions::default()
    })
    .unwrap();
    assert_eq!(report.written, 3);
    let m = manifest(dir.path());
    // files in name order
    assert_eq!(
        (cell(&m[0], "outlet"), cell(&m[0], "date"), cell(&m[0], "id")),
        ("bbc", "2024-04-18", "b7")
    );
    assert_eq!(
        (cell(&m[1], "outlet"), cell(&m[1], "date"), cell(&m[1], "id")),
        ("new_york_times", "2024-04-17", "a12")
    );
    assert_eq!(cell(&m[2], "outlet"), "");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00002.txt")).unwrap(),
        "First text.\n"
    );
    let miss = checks(&report.findings, "name_pattern");
    assert_eq!(miss.len(), 1);
    assert_eq!(miss[0].source, raw.join("notes.txt").display().to_string());
    assert_eq!(checks(&report.findings, "no_outlet").len(), 1);
}

// ---------------------------------------------------------------------------
// Nexis legacy text

#[test]
fn nexis_legacy_text_fields_and_localised_labels() {
    let dir = tempfile::tempdir().unwrap();
    let report = import_to(dir.path(), Format::NexisText, vec![fixture("nexis_legacy.txt")]);
    assert_eq!((report.found, report.written), (3, 3), "{:#?}", report.findings);
    let m = manifest(dir.path());
    assert_eq!(cell(&m[0], "outlet"), "The Guardian (London)");
    assert_eq!(cell(&m[0], "date"), "2019-07-01");
    assert_eq!(cell(&m[0], "title"), "Peacekeepers arrive in Stepanakert");
    assert_eq!(cell(&m[0], "authors"), "Jane Doe");
    assert_eq!(cell(&m[0], "section"), "WORLD NEWS; Pg. 5");
    assert_eq!(cell(&m[0], "language"), "en");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00001.txt")).unwrap(),
        "Russian peacekeepers arrived in Stepanakert on Monday.\n\nResidents watched the convoy.\n"
    );
    assert_eq!(cell(&m[1], "outlet"), "Süddeutsche Zeitung");
    assert_eq!(cell(&m[1], "date"), "2020-03-03");
    assert_eq!(cell(&m[1], "authors"), "Max Mustermann");
    assert_eq!(cell(&m[1], "section"), "Politik; S. 7");
    assert_eq!(cell(&m[1], "language"), "de");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00002.txt")).unwrap(),
        "Die Friedenstruppen kontrollieren den Korridor.\n"
    );
    assert_eq!(cell(&m[2], "date"), "2024-04-17");
    assert_eq!(cell(&m[2], "language"), "ru");
    assert_eq!(checks(&report.findings, "count")[0].outcome, Outcome::Ok);
}

#[test]
fn nexis_legacy_rtf_reads_as_its_text() {
    // the text fixture as RTF: each line a \par, non-ASCII as \uN? escapes
    let text = std::fs::read_to_string(fixture("nexis_legacy.txt")).unwrap();
    let mut rtf = String::from("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Courier New;}}\n\\f0 ");
    for line in text.lines() {
        for c in line.chars() {
            match c {
                '\\' | '{' | '}' => rtf.push_str(&format!("\\{c}")),
                c if c.is_ascii() => rtf.push(c),
                c => rtf.push_str(&format!("\\u{}?", c as u32)),
            }
        }
        rtf.push_str("\\par\n");
    }
    rtf.push('}');
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.rtf");
    std::fs::write(&path, rtf).unwrap();
    let report = import_to(dir.path(), Format::NexisText, vec![path]);
    assert_eq!((report.found, report.written), (3, 3), "{:#?}", report.findings);
    let m = manifest(dir.path());
    assert_eq!(cell(&m[1], "outlet"), "Süddeutsche Zeitung");
    assert_eq!(cell(&m[1], "date"), "2020-03-03");
    assert_eq!(cell(&m[2], "title"), "Миротворцы покидают Карабах");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/00001.txt")).unwrap(),
        "Russian peacekeepers arrived in Stepanakert on Monday.\n\nResidents watched the convoy.\n"
    );
}

#[test]
fn nexis_legacy_text_missing_document_is_named() {
    let text = std::fs::read_to_string(fixture("nexis_legacy.txt")).unwrap();
    // cut document 2 out
    let line_start = |needle: &str| text[..text.find(needle).unwrap()].rfind('\n').unwrap() + 1;
    let (start, end) = (line_start("2 of 3 DOCUMENTS"), line_start("3 of 3 DOCUMENTS"));
    let cut = format!("{}{}", &text[..start], &text[end..]);
    let mut s = Source::new("cut.txt");
    import::nexis_text::parse(&mut s, &cut);
    assert_eq!(s.articles.len(), 2);
    assert_eq!(s.announced.as_ref().map(|x| x.0), Some(3));
    let seq = checks(&s.findings, "sequence");
    assert_eq!(seq.len(), 1);
    assert_eq!(
        seq[0].detail,
        "'3 of 3 DOCUMENTS' where 2 was due: document 2 is missing before it"
    );
    assert_eq!(
        seq[0].line,
        Some(cut[..cut.find("3 of 3").unwrap()].matches('\n').count() as u64 + 1)
    );
}

// ---------------------------------------------------------------------------
// Near-duplicates

fn telegram_json(texts: &[(&str, &str)]) -> String {
    let messages: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, (date, text))| {
            format!(
                r#"{{"id": {}, "type": "message", "date": "{date}T10:00:00", "text": {}}}"#,
                i + 1,
                serde_json::to_string(text).unwrap()
            )
        })
        .collect();
    format!(r#"{{"name": "Chan", "id": 7, "messages": [{}]}}"#, messages.join(","))
}

#[test]
fn near_duplicates_are_flagged_and_dropped_on_dedupe() {
    let words: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
    let base = words.join(" ");
    // the same text with its last word changed: 55 of 57 shingles shared
    let near = format!("{} changed", words[..59].join(" "));
    let json = telegram_json(&[
        ("2024-04-17", &base),
        ("2024-04-17", &near),
        ("2024-04-18", &base), // another day: not a duplicate
        ("2024-04-17", "Something else entirely, short."),
    ]);
    for dedupe in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("result.json");
        std::fs::write(&path, &json).unwrap();
        let report = import::import(&ImportOptions {
            format: Format::Telegram,
            inputs: vec![path.clone()],
            out: dir.path().join("corpus"),
            dedupe,
            ..ImportOptions::default()
        })
        .unwrap();
        let dups = checks(&report.findings, "near_duplicate");
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].position, Some(2));
        assert!(
            dups[0].detail.starts_with(&format!(
                "same outlet and day as {} article 1 (00001.txt), text similarity 0.96",
                path.display()
            )),
            "{}",
            dups[0].detail
        );
        if dedupe {
            assert_eq!(dups[0].outcome, Outcome::Dropped);
            assert_eq!(dups[0].file, None);
            assert_eq!(report.written, 3);
        } else {
            assert_eq!(dups[0].outcome, Outcome::Warning);
            assert_eq!(dups[0].file.as_deref(), Some("00002.txt"));
            assert_eq!(report.written, 4);
        }
    }
}

// ---------------------------------------------------------------------------
// The output folder, the command line, and run on the imported corpus

#[test]
fn a_non_empty_output_folder_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "keep me").unwrap();
    let opts = ImportOptions {
        format: Format::Factiva,
        inputs: vec![fixture("factiva.html")],
        out: out.clone(),
        ..ImportOptions::default()
    };
    let err = import::import(&opts).unwrap_err().to_string();
    assert!(err.contains("is not empty") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("mine.txt")).unwrap(), "keep me");
    import::import(&ImportOptions { force: true, ..opts }).unwrap();
    assert!(!out.join("mine.txt").exists());
    assert!(out.join("manifest.csv").is_file());
}

#[test]
fn the_same_import_writes_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        import_to(d.path(), Format::Factiva, vec![fixture("factiva.html"), fixture("factiva.rtf")]);
    }
    for f in ["manifest.csv", "import_report.csv", "00001.txt", "00005.txt"] {
        let x = std::fs::read(a.path().join("corpus").join(f)).unwrap();
        let y = std::fs::read(b.path().join("corpus").join(f)).unwrap();
        // the report names the fixtures by the same absolute path
        assert_eq!(x, y, "{f}");
    }
}

#[test]
fn cli_import_then_run_sees_every_article_and_outlet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.docx"),
        nexis_docx(&[cover(3), article_1(), article_2(), article_3()]),
    )
    .unwrap();
    let lexicons = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let out = Command::cargo_bin("framelens")
        .unwrap()
        .current_dir(dir.path())
        .args(["import", "nexis-docx", "export.docx", "--out", "imported"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("export.docx: note: cover page skipped (paragraphs 1–13)"), "{stderr}");
    assert!(
        stderr.contains(
            "framelens import: 3 articles found in 1 file, 3 written from 3 outlets to imported"
        ),
        "{stderr}"
    );
    let run = Command::cargo_bin("framelens")
        .unwrap()
        .current_dir(dir.path())
        .args(["run", "--corpus", "imported", "--out", "tables", "--lexicons"])
        .arg(&lexicons)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("framelens: 3 articles (0 from the cache) from 3 outlets"), "{stderr}");
    let rows = csv_rows(&dir.path().join("tables/articles.csv"));
    let h = &rows[0];
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let mut seen: Vec<(String, String, String, String)> = rows[1..]
        .iter()
        .map(|r| {
            (
                r[col("file")].clone(),
                r[col("outlet")].clone(),
                r[col("date")].clone(),
                r[col("language")].clone(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("00001.txt".into(), "The Guardian (London)".into(), "2019-07-01".into(), "en".into()),
            ("00002.txt".into(), "Süddeutsche Zeitung".into(), "2020-03-03".into(), "de".into()),
            ("00003.txt".into(), "Коммерсантъ".into(), "2024-04-17".into(), "en".into()),
        ]
    );
}

#[test]
fn cli_refuses_a_non_empty_folder_and_reports_a_missing_article() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("short.docx"),
        nexis_docx(&[cover(3), article_1(), article_2()]),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("busy")).unwrap();
    std::fs::write(dir.path().join("busy/x.txt"), "x").unwrap();
    let mut cmd = Command::cargo_bin("framelens").unwrap();
    cmd.current_dir(dir.path()).args(["import", "nexis-docx", "short.docx", "--out", "busy"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let out = Command::cargo_bin("framelens")
        .unwrap()
        .current_dir(dir.path())
        .args(["import", "nexis-docx", "short.docx", "--out", "c"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "short.docx: error: 2 articles found, but the cover page announces 3 (paragraph 4): 1 missing"
        ),
        "{stderr}"
    );
}

#[test]
fn an_export_given_twice_repeats_ids_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let html = fixture("factiva.html");
    let report = import_to(dir.path(), Format::Factiva, vec![html.clone(), html.clone()]);
    assert_eq!((report.found, report.written), (6, 6));
    let ids = checks(&report.findings, "duplicate_id");
    assert_eq!(ids.len(), 3);
    assert_eq!(
        ids[0].detail,
        format!(
            "the archive id 'FTCOM00020190701ef710000a' is also that of {} article 1; written with id 'FTCOM00020190701ef710000a~2'",
            html.display()
        )
    );
    let dups = checks(&report.findings, "near_duplicate");
    assert_eq!(dups.len(), 3);
    assert!(dups.iter().all(|d| d.detail.contains("text similarity 1.00")));
    let m = manifest(dir.path());
    assert_eq!(cell(&m[3], "id"), "FTCOM00020190701ef710000a~2");
    assert_eq!(cell(&m[3], "archive_id"), "FTCOM00020190701ef710000a");
}

#[test]
fn language_option_fills_only_what_the_export_leaves_empty() {
    let dir = tempfile::tempdir().unwrap();
    import::import(&ImportOptions {
        format: Format::Telegram,
        inputs: vec![fixture("telegram_result.json")],
        out: dir.path().join("corpus"),
        language: Some("ru".into()),
        ..ImportOptions::default()
    })
    .unwrap();
    assert!(manifest(dir.path()).iter().all(|r| cell(r, "language") == "ru"));
    let err = import::import(&ImportOptions {
        format: Format::Telegram,
        inputs: vec![fixture("telegram_result.json")],
        out: dir.path().join("other"),
        language: Some("Russian".into()),
        ..ImportOptions::default()
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "--language 'Russian' is not an ISO 639-1 code such as 'en' or 'ru'"
    );
    let dir = tempfile::tempdir().unwrap();
    import::import(&ImportOptions {
        format: Format::Factiva,
        inputs: vec![fixture("factiva.html")],
        out: dir.path().join("corpus"),
        language: Some("de".into()),
        ..ImportOptions::default()
    })
    .unwrap();
    let langs: Vec<String> =
        manifest(dir.path()).iter().map(|r| cell(r, "language").to_string()).collect();
    assert_eq!(langs, ["en", "ru", "fr"]);
}
