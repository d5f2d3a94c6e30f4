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

#[test]
fn utf16_file_with_bom_is_decoded_with_a_warning() {
    let w = Workdir::with("tests/fixtures/small");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Pashinyan spoke in Yerevan today.".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    w.write("corpus/gamma/utf16.txt", bytes);
    w.command().assert().success().stderr(predicate::str::contains(
        "gamma/utf16.txt: warning: not valid UTF-8; decoded as UTF-16LE",
    ));
    let rows = w.csv("output/articles.csv");
    let row =
        rows.iter().find(|r| r[0] == "gamma/utf16.txt").expect("decoded article is in the table");
    // Pashinyan spoke in Yerevan today → 5 tokens
    assert_eq!(row[col(&rows[0], "tokens")], "5");
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("corpus/gamma/photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    w.command()
        .assert()
        .success()
        .stderr(predicate::str::contains("gamma/photo.txt: warning: binary file skipped"));
    assert_eq!(w.csv("output/articles.csv").len(), 4, "header + the three good articles");
}

#[test]
fn empty_file_is_an_error_and_the_rest_runs() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("corpus/gamma/empty.txt", "\n  \n");
    w.command()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gamma/empty.txt: error: empty article"));
    assert_eq!(w.csv("output/articles.csv").len(), 4);
}

#[test]
fn duplicate_id_in_the_manifest() {
    let w = Workdir::with("tests/fixtures/small");
    let manifest = "file,id,outlet\na1.txt,same,alpha\na2.txt,same,alpha\n";
    w.write("corpus/manifest.csv", manifest);
    w.command().assert().code(1).stderr(predicate::str::contains(
        "corpus/manifest.csv:3: error: duplicate article id 'same'",
    ));
    let rows = w.csv("output/articles.csv");
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["beta/b1.txt", "same"]);
}

/// A run killed at any moment leaves every table complete: each is the
/// previous run's table or the new one, never a half-written file.
#[test]
fn interrupted_run_leaves_complete_tables() {
    let w = Workdir::with(".");
    // enough articles that the run is still going when it is killed
    w.add_copies(400);
    w.command().args(["run", "--no-cache"]).assert().success();
    let before: Vec<(String, String)> = std::fs::read_dir(w.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .map(|n| {
            let text = w.read(&format!("output/{n}"));
            (n, text)
        })
        .collect();
    assert_eq!(before.len(), 13);
    for delay_ms in [20, 150, 400] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("framelens"))
            .current_dir(w.path())
            .args(["run", "--no-cache"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for (name, text) in &before {
            assert_eq!(
                &w.read(&format!("output/{name}")),
                text,
                "{name} after a kill at {delay_ms} ms"
            );
        }
    }
    // the next run clears what the killed runs left behind
    w.command().args(["run"]).assert().success();
    let leftovers: Vec<String> = std::fs::read_dir(w.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
