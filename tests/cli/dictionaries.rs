//! Bring your own dictionary (issue 7): every format counted on the frames
//! fixture, round trips through `lexicon convert`, ANCHORS b3's overlap cases,
//! and the lexicon report.
//!
//! Each test dictionary (tests/fixtures/dictionaries/frames.*) has two
//! categories: occupation = `occup*`, `illegally occupied`; betrayal =
//! `traitor*`, `betray*`. On the frames fixture corpus, counted by hand:
//! * n1 (north): "The occupation …" → occupation 1; "… a traitor." → betrayal 1
//! * n2 (north): "They illegally occupied … betrayed … Occupational therapy" →
//!   occupation 2 ("illegally occupied" is one hit, the longest at its start;
//!   "Occupational" matches occup* — no exclude here), betrayal 1
//! * s1 (south): "Traitors and traitors." → betrayal 2

use std::collections::BTreeMap;

use predicates::prelude::*;

use crate::util::{Workdir, col, repo};

fn frame_hits(w: &Workdir, out: &str) -> BTreeMap<(String, String), String> {
    let rows = w.csv(&format!("{out}/outlet_frames.csv"));
    let h = &rows[0];
    rows[1..]
        .iter()
        .map(|r| {
            (
                (r[col(h, "outlet")].clone(), r[col(h, "frame")].to_lowercase()),
                r[col(h, "hits")].clone(),
            )
        })
        .collect()
}

fn expected() -> BTreeMap<(String, String), String> {
    [
        (("north", "occupation"), "3"),
        (("north", "betrayal"), "2"),
        (("south", "occupation"), "0"),
        (("south", "betrayal"), "2"),
    ]
    .iter()
    .map(|((o, f), n)| ((o.to_string(), f.to_string()), n.to_string()))
    .collect()
}

#[test]
fn every_format_counts_the_same_by_hand() {
    let w = Workdir::with("tests/fixtures/frames");
    for ext in ["yml", "dic", "dicx", "cat", "lc3", "ykd"] {
        let dict = repo().join(format!("tests/fixtures/dictionaries/frames.{ext}"));
        let out = format!("out_{ext}");
        w.command()
            .args(["run", "--no-cache", "--out", &out, "--frames"])
            .arg(&dict)
            .assert()
            .success();
        assert_eq!(frame_hits(&w, &out), expected(), "{ext}");
    }
}

#[test]
fn untranslatable_entries_are_reported_with_their_line() {
    let w = Workdir::with("tests/fixtures/frames");
    let dict = repo().join("tests/fixtures/dictionaries/frames.dic");
    w.command().args(["run", "--frames"]).arg(&dict).assert().success().stderr(
        predicate::str::contains("frames.dic:9: warning: entry \":-(\" of 'betrayal' skipped"),
    );
}

#[test]
fn convert_round_trips_to_the_same_counts() {
    let w = Workdir::with("tests/fixtures/frames");
    for ext in ["yml", "dic", "dicx", "cat", "lc3", "ykd"] {
        let dict = repo().join(format!("tests/fixtures/dictionaries/frames.{ext}"));
        let toml = format!("converted_{ext}.toml");
        w.command().args(["lexicon", "convert"]).arg(&dict).arg(&toml).assert().success();
        w.command()
            .args(["run", "--no-cache", "--out", "direct", "--frames"])
            .arg(&dict)
            .assert()
            .success();
        w.command()
            .args(["run", "--no-cache", "--out", "via_toml", "--frames", &toml])
            .assert()
            .success();
        for t in ["outlet_frames.csv", "article_frames.csv", "hits.csv"] {
            assert_eq!(
                w.read(&format!("direct/{t}")),
                w.read(&format!("via_toml/{t}")),
                "{ext}: {t}"
            );
        }
    }
    // the weighted .dicx keeps its weights in the TOML
    assert!(w.read("converted_dicx.toml").contains("weights = [1.0, 2.0]"));
}

#[test]
fn a_dictionary_in_the_lexicons_folder_is_used() {
    let w = Workdir::with("tests/fixtures/frames");
    std::fs::remove_file(w.path().join("lexicons/frames.toml")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/dictionaries/frames.yml"),
        w.path().join("lexicons/mine.yml"),
    )
    .unwrap();
    w.command().args(["run", "--no-cache"]).assert().success();
    assert_eq!(frame_hits(&w, "output"), expected());
    std::fs::copy(
        repo().join("tests/fixtures/dictionaries/frames.lc3"),
        w.path().join("lexicons/other.lc3"),
    )
    .unwrap();
    w.command().assert().code(2).stderr(predicate::str::contains("holds several dictionaries"));
}

/// ANCHORS b3's worked cases with framelens's documented results: frames are
/// independent (like quanteda's `key` scope); within one frame the leftmost
/// match wins, then the longest.
#[test]
fn overlap_cases_of_the_anchors() {
    let w = Workdir::new();
    w.write("corpus/o/a.txt", "The New York Times wrote.\na b c d\n");
    std::fs::create_dir(w.path().join("lexicons")).unwrap();
    let dict = repo().join("tests/fixtures/dictionaries/overlap.yml");
    w.command().args(["run", "--frames"]).arg(&dict).assert().success();
    let hits = frame_hits(&w, "output");
    let get = |f: &str| hits[&("o".to_string(), f.to_string())].clone();
    // "The New York Times": paper 1 and city 1 (different frames both count)
    assert_eq!((get("paper"), get("city")), ("1".into(), "1".into()));
    // a b c d, X = "a b", Y = "b c d" in different frames: both count
    assert_eq!((get("x"), get("y")), ("1".into(), "1".into()));
    // both in one frame: leftmost-longest keeps "a b" (quanteda keeps "b c d")
    assert_eq!(get("xy"), "1");
    let rows = w.csv("output/hits.csv");
    let xy: Vec<&str> = rows[1..]
        .iter()
        .filter(|r| r[col(&rows[0], "name")] == "xy")
        .map(|r| r[col(&rows[0], "match")].as_str())
        .collect();
    assert_eq!(xy, ["a b"]);
}

#[test]
fn lexicon_report_lists_what_each_pattern_matched() {
    let w = Workdir::with("tests/fixtures/frames");
    let dict = repo().join("tests/fixtures/dictionaries/frames.yml");
    w.command().args(["check", "--frames"]).arg(&dict).assert().success();
    let rows = w.csv("output/lexicon_report.csv");
    let h = &rows[0];
    let find = |kind: &str, pattern: &str| {
        rows.iter()
            .find(|r| r[col(h, "kind")] == kind && r[col(h, "pattern")] == pattern)
            .unwrap_or_else(|| panic!("{pattern}"))
    };
    // occup* matched "occupation" (n1) and "occupational" (n2): "illegally occupied" is the
    // other pattern's longer match at its start
    let occ = find("pattern", "occup*");
    assert_eq!(occ[col(h, "hits")], "2");
    assert_eq!(occ[col(h, "matched")], "occupation 1; occupational 1");
    let traitor = find("pattern", "traitor*");
    assert_eq!(traitor[col(h, "matched")], "traitors 2; traitor 1");
    assert_eq!(traitor[col(h, "articles")], "2");
    // aliases that never matched are listed
    let usa = find("alias", "United States");
    assert_eq!(usa[col(h, "flags")], "no_hits");
}

/// On the shipped corpus, the report names patterns without hits, patterns
/// another pattern of their frame always beats, and the patterns listed in
/// two frames.
#[test]
fn shipped_lexicon_report() {
    let w = Workdir::with(".");
    w.command().arg("check").assert().success();
    let rows = w.csv("output/lexicon_report.csv");
    let h = &rows[0];
    let flagged = |flag: &str| rows.iter().filter(|r| r[col(h, "flags")].contains(flag)).count();
    assert!(flagged("no_hits") > 0 && flagged("never_wins") > 0 && flagged("also_in=") > 0);
    // "war crimes" stands in both detentions_prosecution and atrocity_violence
    let war: Vec<&str> = rows
        .iter()
        .filter(|r| r[col(h, "pattern")] == "war crimes")
        .map(|r| r[col(h, "flags")].as_str())
        .collect();
    assert_eq!(war, ["also_in=atrocity_violence", "also_in=detentions_prosecution"]);
}
