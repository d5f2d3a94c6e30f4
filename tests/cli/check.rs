//! `framelens check`: validate everything, write nothing.

use predicates::prelude::*;

use crate::util::Workdir;

#[test]
fn shipped_corpus_and_lexicons_are_clean() {
    let w = Workdir::with(".");
    w.command().arg("check").assert().success().stderr(
        predicate::str::contains("5 articles from 5 outlets")
            .and(predicate::str::contains("0 errors, 0 warnings")),
    );
    // check writes no table, only the lexicon report
    let written: Vec<String> = std::fs::read_dir(w.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["lexicon_report.csv"]);
}

#[test]
fn every_problem_is_listed() {
    let w = Workdir::with("tests/fixtures/small");
    let manifest =
        w.read("corpus/manifest.csv").replace("2024-05", "2024-13") + "gone.txt,alpha,,,\n";
    w.write("corpus/manifest.csv", manifest);
    w.write("corpus/stray.txt", "No outlet folder and no manifest row.");
    w.write("corpus/beta/empty.txt", "");
    w.command().arg("check").assert().code(1).stderr(
        predicate::str::contains("corpus/manifest.csv:3: error: unparseable date '2024-13'")
            .and(predicate::str::contains(
                "corpus/manifest.csv:4: error: file 'gone.txt' not found",
            ))
            .and(predicate::str::contains("stray.txt: error: unknown outlet"))
            .and(predicate::str::contains("beta/empty.txt: error: empty article"))
            .and(predicate::str::contains("4 errors")),
    );
}

#[test]
fn a_negative_weight_is_a_number_in_the_lexicon_report() {
    // a weight is a number, never guarded as a formula: `-0.5`, not `'-0.5`
    let w = Workdir::with("tests/fixtures/frames");
    let frames = w.read("lexicons/frames.toml").replace(
        "patterns = [\"traitor*\", \"~betray\"]",
        "patterns = [\"traitor*\", \"~betray\"]\nweights = [-0.5, 2.0]",
    );
    w.write("lexicons/frames.toml", frames);
    w.command().arg("check").assert().success();
    let report = w.read("output/lexicon_report.csv");
    let weights: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("pattern,betrayal,"))
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(weights, ["-0.5", "2"], "{report}");
}
