//! Bad input: reported with file and line, nothing else lost (SPEC §9).

use predicates::prelude::*;

use crate::util::{Workdir, col};

#[test]
fn manifest_row_with_missing_file() {
    let w = Workdir::with("tests/fixtures/small");
    let manifest = w.read("corpus/manifest.csv") + "gone.txt,alpha,2024-01-01,Gone,\n";
    w.write("corpus/manifest.csv", manifest);
    w.command().assert().code(1).stderr(predicate::str::contains(
        "corpus/manifest.csv:4: error: file 'gone.txt' not found",
    ));
    let rows = w.csv("output/articles.csv");
    let ids: Vec<&str> =
        rows[1..].iter().map(|r| r[col(&rows[0], "article_id")].as_str()).collect();
    assert_eq!(ids, ["a1.txt", "a2.txt", "beta/b1.txt"]);
}

#[test]
fn malformed_lexicon_stops_before_output_is_replaced() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("output/articles.csv", "previous complete table\n");
    w.write("lexicons/boilerplate.toml", "[[rule]]\nid = \"x\"\npattern = 'a(b'\n");
    w.command().assert().code(2).stderr(predicate::str::contains(
        "lexicons/boilerplate.toml:3: rule 'x': bad regular expression",
    ));
    assert_eq!(w.read("output/articles.csv"), "previous complete table\n");
}

#[test]
fn missing_corpus_folder_is_unusable() {
    let w = Workdir::new();
    std::fs::create_dir(w.path().join("lexicons")).unwrap();
    w.command()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("corpus folder 'corpus' not found"));
}

#[test]
fn windows_1252_file_is_decoded_with_a_warning() {
    let w = Workdir::with("tests/fixtures/small");
    w.write(
        "corpus/gamma/old.txt",
        b"Russia\x92s \x93occupation\x94 was discussed at some length here.\n",
    );
    w.command().assert().success().stderr(predicate::str::contains(
        "gamma/old.txt: warning: not valid UTF-8; decoded as windows-1252",
    ));
    let rows = w.csv("output/articles.csv");
    let row =
        rows.iter().find(|r| r[0] == "gamma/old.txt").expect("decoded article is in the table");
    // Russia occupation was discussed at some length here → 8 tokens
    assert_eq!(row[col(&rows[0], "tokens")], "8");
}

#[test]
fn unparseable_date_keeps_the_article() {
    let w = Workdir::with("tests/fixtures/small");
    let manifest = w.read("corpus/manifest.csv").replace("2024-05", "May 2024");
    w.write("corpus/manifest.csv", manifest);
    w.command().assert().code(1).stderr(predicate::str::contains(
        "corpus/manifest.csv:3: error: unparseable date 'May 2024'",
    ));
    let rows = w.csv("output/articles.csv");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2][col(&rows[0], "date")], "");
}
