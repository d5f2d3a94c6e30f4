//! Frames: hand-worked counts, snapshots of every table, kwic, explain,
//! determinism across thread counts, and the shipped corpus (issue 4).
//!
//! The fixture `tests/fixtures/frames`:
//!
//! * north/n1 "Moscow wants to “punish” Pashinyan. The occupation of Karabakh was illegal,
//!   said Gen. Ivanov. He called the Kremlin a traitor." — 5 + 9 + 6 = 20 tokens, 3 sentences;
//!   punish ×1 (scare-quoted, 0 tokens from Pashinyan), occupation ×1, betrayal ×1 (traitor).
//! * north/n2 "They illegally occupied the land and betrayed the peace-keepers. Occupational
//!   therapy is different." — 10 + 4 = 14 tokens; occupation ×1 ("illegally occupied", one hit:
//!   the longest at its start), betrayal ×1 (betrayed, stem of betray); "Occupational" is
//!   cancelled by the exclude pattern "occupational therap*".
//! * south/s1 "Traitors and traitors." — 3 tokens; betrayal ×2.

use crate::util::{Workdir, col};

fn rows(w: &Workdir, table: &str) -> Vec<std::collections::HashMap<String, String>> {
    let r = w.csv(&format!("output/{table}"));
    r[1..].iter().map(|row| r[0].iter().cloned().zip(row.iter().cloned()).collect()).collect()
}

#[test]
fn outlet_frames_by_hand() {
    let w = Workdir::with("tests/fixtures/frames");
    w.command().assert().success();
    let got: Vec<Vec<String>> = rows(&w, "outlet_frames.csv")
        .iter()
        .map(|r| {
            [
                "outlet",
                "frame",
                "articles",
                "articles_with_frame",
                "share_articles",
                "hits",
                "hits_own",
                "hits_scare",
                "tokens",
            ]
            .iter()
            .map(|k| r[*k].clone())
            .collect()
        })
        .collect();
    let want = [
        ["north", "punish", "2", "1", "0.5000", "1", "0", "1", "34"],
        ["north", "occupation", "2", "2", "1.0000", "2", "2", "0", "34"],
        ["north", "betrayal", "2", "2", "1.0000", "2", "2", "0", "34"],
        ["south", "punish", "1", "0", "0.0000", "0", "0", "0", "3"],
        ["south", "occupation", "1", "0", "0.0000", "0", "0", "0", "3"],
        ["south", "betrayal", "1", "1", "1.0000", "2", "2", "0", "3"],
    ];
    let want: Vec<Vec<String>> =
        want.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    assert_eq!(got, want);
    // north betrayal: 2 of 34 tokens against south's 2 of 3:
    // log2((2/34) / (2/3)) = log2(3/34) = -3.5025; 2/34 per 1,000 = 58.8235
    let r = rows(&w, "outlet_frames.csv");
    assert_eq!((r[2]["per_1k"].as_str(), r[2]["log_ratio"].as_str()), ("58.8235", "-3.5025"));
    assert!(r[2]["g2"].starts_with('-'));
    // per_1k_own (issue 20): n1 has 1 token in quotation marks (“punish”), so
    // north has 20 − 1 + 14 = 33 own-voice tokens and south 3. north occupation:
    // 2 own hits / 33 × 1,000 = 60.6061; north punish: its one hit is scare-quoted,
    // 0 / 33 = 0; south betrayal: 2 / 3 × 1,000 = 666.6667
    let own: Vec<&str> = r.iter().map(|row| row["per_1k_own"].as_str()).collect();
    assert_eq!(own, ["0.0000", "60.6061", "60.6061", "0.0000", "0.0000", "666.6667"]);
    let wide = w.csv("output/frames_wide.csv");
    assert_eq!(wide[0], ["frame", "label", "north", "south"]);
    assert_eq!(wide[1], ["punish", "Punishing Pashinyan", "29.4118", "0.0000"]);
    assert_eq!(wide[3], ["betrayal", "Betrayal", "58.8235", "666.6667"]);
    let fe: Vec<Vec<String>> = w.csv("output/frame_entities.csv");
    let fe: Vec<String> = fe[1..].iter().map(|r| r.join(",")).collect();
    // punish stands with Moscow and Pashinyan (sentence 1 of n1), occupation with
    // Karabakh (sentence 2), betrayal with the Kremlin (sentence 3)
    assert_eq!(
        fe,
        [
            "north,punish,pashinyan,1",
            "north,punish,moscow,1",
            "north,occupation,karabakh,1",
            "north,betrayal,kremlin,1"
        ]
    );
    let af = w.csv("output/article_frames.csv");
    let af: Vec<String> = af[1..].iter().map(|r| r.join(",")).collect();
    assert_eq!(
        af,
        [
            "n1.txt,north,punish,1",
            "n1.txt,north,occupation,1",
            "n1.txt,north,betrayal,1",
            "n2.txt,north,occupation,1",
            "n2.txt,north,betrayal,1",
            "s1.txt,south,betrayal,2"
        ]
    );
}

/// `--wide-rate` (issue 20): the rate frames_wide.csv holds, worked out from
/// the texts at the top of this file (north: 34 tokens, 33 own-voice; south: 3).
#[test]
fn wide_rate_chooses_what_frames_wide_holds() {
    let w = Workdir::with("tests/fixtures/frames");
    w.command().args(["run", "--wide-rate", "per_1k_own"]).assert().success();
    let wide = w.csv("output/frames_wide.csv");
    // own-voice hits per 1,000 own-voice tokens: punish 0 (its hit is scare-quoted);
    // occupation 2/33 = 60.6061 and 0/3; betrayal 2/33 and 2/3 = 666.6667
    assert_eq!(wide[1], ["punish", "Punishing Pashinyan", "0.0000", "0.0000"]);
    assert_eq!(wide[2], ["occupation", "Occupation", "60.6061", "0.0000"]);
    assert_eq!(wide[3], ["betrayal", "Betrayal", "60.6061", "666.6667"]);
    w.command().args(["run", "--wide-rate", "share_articles"]).assert().success();
    let wide = w.csv("output/frames_wide.csv");
    // punish in n1 of north's 2 articles; occupation in both, none of south's 1
    assert_eq!(wide[1], ["punish", "Punishing Pashinyan", "0.5000", "0.0000"]);
    assert_eq!(wide[2], ["occupation", "Occupation", "1.0000", "0.0000"]);
    assert_eq!(wide[3], ["betrayal", "Betrayal", "1.0000", "1.0000"]);
    let out = w.command().args(["run", "--wide-rate", "per_1000"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--wide-rate") && err.contains("per_1k_own"), "{err}");
}

/// Snapshots of every table: reviewed by hand against the three texts above.
#[test]
fn every_table_snapshot() {
    let w = Workdir::with("tests/fixtures/frames");
    w.command().assert().success();
    for table in crate::util::TABLES {
        insta::assert_snapshot!(*table, w.read(&format!("output/{table}")));
    }
}

#[test]
fn tables_are_byte_identical_for_any_jobs() {
    let w = Workdir::with(".");
    w.command().args(["run", "--jobs", "1", "--out", "one"]).assert().success();
    w.command().args(["run", "--jobs", "2", "--out", "two"]).assert().success();
    w.command().args(["run", "--jobs", "4", "--out", "four"]).assert().success();
    let names: Vec<String> = std::fs::read_dir(w.path().join("one"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert_eq!(names.len(), 13);
    for n in &names {
        let one = w.read(&format!("one/{n}"));
        assert_eq!(one, w.read(&format!("two/{n}")), "{n}");
        assert_eq!(one, w.read(&format!("four/{n}")), "{n}");
    }
}

#[test]
fn kwic_shows_a_pattern_in_context() {
    let w = Workdir::with("tests/fixtures/frames");
    let out = w.command().args(["kwic", "traitor*"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with("n1.txt:sentence 3 own") && lines[0].ends_with("[traitor]."),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("[Traitors] and traitors."), "{}", lines[1]);
    let csv = w.command().args(["kwic", "punish* NEAR/3 @pashinyan", "--csv"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",scare,"), "{csv}");
}

#[test]
fn kwic_rejects_a_bad_pattern_with_a_caret() {
    let w = Workdir::with("tests/fixtures/frames");
    let out = w.command().args(["kwic", "punish* BEFORE/x @pashinyan"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("BEFORE needs a number of tokens"), "{stderr}");
    assert!(stderr.contains("\n            ^"), "{stderr}");
}

#[test]
fn kwic_rejects_a_regex_too_large_to_compile_without_a_panic() {
    let w = Workdir::with("tests/fixtures/frames");
    let out = w.command().args(["kwic", r"/^(\w{100}){200}$/"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("a regular expression is too large"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn explain_lists_hits_with_voice() {
    let w = Workdir::with("tests/fixtures/frames");
    let out = w.command().args(["explain", "corpus/n1.txt"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    // the article of the corpus, with its manifest row: id n1.txt, outlet north
    assert!(stdout.starts_with("n1.txt: outlet north, 20 tokens, 3 sentences, 0 boilerplate chars cut, 4 entity mentions, 3 frame hits"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.contains("frame  punish") && l.contains(" scare ")),
        "{stdout}"
    );
}

#[test]
fn malformed_frame_lexicon_is_reported_with_line_and_pattern() {
    let w = Workdir::with("tests/fixtures/frames");
    let bad =
        w.read("lexicons/frames.toml").replace("\"~betray\"", "\"~betray\", \"@nobody NEAR/2 x\"");
    w.write("lexicons/frames.toml", bad);
    w.write("output/frames_wide.csv", "old\n");
    let out = w.command().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("lexicons/frames.toml:19: frame 'betrayal': pattern \"@nobody NEAR/2 x\": unknown entity '@nobody'"),
        "{stderr}"
    );
    assert_eq!(w.read("output/frames_wide.csv"), "old\n");
}

/// The shipped corpus and lexicons (issue 4's checks, each verifiable by reading the seeds).
#[test]
fn shipped_frames() {
    let w = Workdir::with(".");
    w.command().assert().success();
    let hits = rows(&w, "hits.csv");
    let frame = |name: &str| -> Vec<(String, String, String)> {
        hits.iter()
            .filter(|h| h["kind"] == "frame" && h["name"] == name)
            .map(|h| (h["outlet"].clone(), h["match"].clone(), h["voice"].clone()))
            .collect()
    };
    // MEI: 'a desire to “punish” Armenian Prime Minister Nikol Pashinyan' — the only one
    let punish = frame("punish_pashinyan");
    assert_eq!(punish.len(), 1, "{punish:?}");
    assert_eq!(punish[0].0, "mei");
    assert_eq!(punish[0].2, "scare");
    let occupation = frame("occupation");
    for (outlet, text) in [
        ("mei", "occupation"),
        ("unattributed", "occupation"),
        ("cpc", "previously occupied"),
        ("unattributed", "illegally occupied"),
    ] {
        assert!(
            occupation.iter().any(|(o, m, _)| o == outlet && m == text),
            "{outlet} {text}: {occupation:?}"
        );
    }
    // the scare-quoted words of the seeds
    let scare =
        |text: &str| hits.iter().any(|h| h["match"].contains(text) && h["voice"] == "scare");
    assert!(scare("occupation") && scare("traitor") && scare("‘peacekeepers"));
    let articles = w.csv("output/articles.csv");
    let fh: usize = articles[1..]
        .iter()
        .map(|r| r[col(&articles[0], "frame_hits")].parse::<usize>().unwrap())
        .sum();
    assert_eq!(fh, hits.iter().filter(|h| h["kind"] == "frame").count());
}
