//! Tests of `sample` and `validate` on a hand-made fixture
//! (`tests/fixtures/validate/`): a collection of three articles, `a1` (10
//! sentences) and `a2` (5) of outlet `alpha`, `b1` (15) of outlet `beta`,
//! 30 sentences in all, and a lexicon of two one-word frames, `occupation`
//! and `withdrawal`. `coded.csv` is the same 30 sentences coded for
//! `occupation` by two coders (saved with CRLF line ends, as spreadsheets
//! save). Every expected value below is worked out by hand from this
//! table, written before the program ran.
//!
//! ```text
//! sentence  framelens  c1 c2   gold   outcome
//! a1:1      1          1  1    1      tp
//! a1:2      0          0  0    0      tn    (withdrawal)
//! a1:3      1          1  1    1      tp
//! a1:4      1          0  0    0      fp    "occupation of the hall by delegates"
//! a1:5      0          0  0    0      tn    (withdrawal)
//! a1:6      1          1  1    1      tp
//! a1:7      0          1  1    1      fn    "Foreign troops held the land"
//! a1:8      0          0  0    0      tn
//! a1:9      1          1  0    tie    not scored
//! a1:10     0          0  0    0      tn
//! a2:1      1          1  1    1      tp
//! a2:2      1          0  0    0      fp    "Her occupation is listed as teacher"
//! a2:3      0          0  0    0      tn    (withdrawal)
//! a2:4      1          1  1    1      tp
//! a2:5      0          0  0    0      tn
//! b1:1      1          1  1    1      tp
//! b1:2      0          0  0    0      tn    (withdrawal)
//! b1:3      1          0  0    0      fp    "state their occupation on the form"
//! b1:4      0          0  0    0      tn    (withdrawal)
//! b1:5      0          1  1    1      fn
//! b1:6      1          1  1    1      tp
//! b1:7      0          0  0    0      tn
//! b1:8      0          0  1    tie    not scored
//! b1:9      1          1  -    1      tp    (c2 left it blank: the majority of one)
//! b1:10     0          0  0    0      tn
//! b1:11     0          1  1    1      fn
//! b1:12     1          1  1    1      tp
//! b1:13-15  0          0  0    0      tn ×3
//! ```

use std::path::{Path, PathBuf};

use super::Unit;
use super::report::{ValidateOptions, ValidationRow, compute};
use super::sample::{SampleOptions, Strata, sample};
use crate::run::RunOptions;

const FIXTURE: &str = "tests/fixtures/validate";

fn input(out: &Path, jobs: Option<usize>) -> RunOptions {
    RunOptions {
        collection: Some(PathBuf::from(FIXTURE).join("collection.csv")),
        lexicons: PathBuf::from(FIXTURE).join("lexicons"),
        out: out.to_path_buf(),
        jobs,
        progress: false,
        ..RunOptions::default()
    }
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() < 1e-9
}

fn validate(gold: &Path, coders: &[&str]) -> Result<super::report::Validated, crate::error::Error> {
    let dir = tempfile::tempdir().unwrap();
    compute(&ValidateOptions {
        input: input(dir.path(), Some(2)),
        gold: vec![gold.to_path_buf()],
        coders: coders.iter().map(|c| c.to_string()).collect(),
        seed: 22,
    })
}

#[test]
fn validation_figures_equal_the_hand_worked_ones() {
    let v = validate(&Path::new(FIXTURE).join("coded.csv"), &["c1", "c2"]).unwrap();
    let header = std::str::from_utf8(&v.table).unwrap().lines().next().unwrap();
    // the columns of issue 22, in its order
    assert_eq!(
        header,
        "frame,outlet,units,gold,framelens,tp,fp,fn,ties,precision,precision_lo,precision_hi,\
         recall,recall_lo,recall_hi,f1,f1_lo,f1_hi,alpha_coders,alpha_majority_framelens"
    );
    // only the coded frame has rows: alpha, beta, all
    let rows: Vec<&ValidationRow> = v.rows.iter().collect();
    let names: Vec<(&str, &str)> =
        rows.iter().map(|r| (r.frame.as_str(), r.outlet.as_str())).collect();
    assert_eq!(names, [("occupation", "alpha"), ("occupation", "beta"), ("occupation", "all")]);
    struct Want {
        counts: [u64; 7], // units, gold, framelens, tp, fp, fn, ties
        p: f64,
        r: f64,
        f1: f64,
        alpha_coders: f64,
        alpha_mf: f64,
    }
    let want = [
        // alpha: 15 sentences, 1 tie (a1:9): 14 scored; tp 5 (a1:1,3,6, a2:1,4),
        // fp 2 (a1:4, a2:2), fn 1 (a1:7), tn 6. P = 5/7, R = 5/6,
        // F1 = 2·5/(2·5 + 2 + 1) = 10/13.
        // alpha among coders: 15 units with two values; (1,1) ×6 (the 5 tp and
        // the fn), (0,0) ×8, (1,0) ×1. o11 = 12, o00 = 16, o01 = o10 = 1;
        // n1 = 13, n0 = 17, n = 30. alpha = 1 − (n−1)·(o01+o10)/(2·n0·n1)
        // = 1 − 29·2/(2·13·17) = 1 − 58/442.
        // majority vs framelens: 14 units; agree (1,1) ×5, (0,0) ×6,
        // disagree ×3: o11 = 10, o00 = 12, o01 = o10 = 3; n1 = 13, n0 = 15,
        // n = 28: 1 − 27·6/(2·13·15) = 1 − 162/390.
        Want {
            counts: [14, 6, 7, 5, 2, 1, 1],
            p: 5.0 / 7.0,
            r: 5.0 / 6.0,
            f1: 10.0 / 13.0,
            alpha_coders: 1.0 - 58.0 / 442.0,
            alpha_mf: 1.0 - 162.0 / 390.0,
        },
        // beta: 15 sentences, 1 tie (b1:8): 14 scored; tp 4 (b1:1,6,9,12),
        // fp 1 (b1:3), fn 2 (b1:5,11), tn 7. P = 4/5, R = 4/6, F1 = 8/11.
        // coders: b1:9 has one value, not pairable: 14 units; (1,1) ×5,
        // (0,0) ×8, (0,1) ×1: o11 = 10, o00 = 16, o01 = o10 = 1; n1 = 11,
        // n0 = 17, n = 28: 1 − 27·2/(2·11·17) = 1 − 54/374.
        // majority vs framelens: 14 units; (1,1) ×4, (0,0) ×7, disagree ×3:
        // o11 = 8, o00 = 14, o01 = o10 = 3; n1 = 11, n0 = 17, n = 28:
        // 1 − 27·6/(2·11·17) = 1 − 162/374.
        Want {
            counts: [14, 6, 5, 4, 1, 2, 1],
            p: 4.0 / 5.0,
            r: 4.0 / 6.0,
            f1: 8.0 / 11.0,
            alpha_coders: 1.0 - 54.0 / 374.0,
            alpha_mf: 1.0 - 162.0 / 374.0,
        },
        // all: 28 scored, 2 ties; tp 9, fp 3, fn 3, tn 13. P = R = F1 = 9/12.
        // coders: 29 pairable units; (1,1) ×11, (0,0) ×16, disagree ×2:
        // o11 = 22, o00 = 32, o01 = o10 = 2; n1 = 24, n0 = 34, n = 58:
        // 1 − 57·4/(2·24·34) = 1 − 228/1632.
        // majority vs framelens: (1,1) ×9, (0,0) ×13, disagree ×6: o11 = 18,
        // o00 = 26, o01 = o10 = 6; n1 = 24, n0 = 32, n = 56:
        // 1 − 55·12/(2·24·32) = 1 − 660/1536.
        Want {
            counts: [28, 12, 12, 9, 3, 3, 2],
            p: 0.75,
            r: 0.75,
            f1: 0.75,
            alpha_coders: 1.0 - 228.0 / 1632.0,
            alpha_mf: 1.0 - 660.0 / 1536.0,
        },
    ];
    for (r, w) in rows.iter().zip(&want) {
        let counts = [r.units, r.gold, r.framelens, r.tp, r.fp, r.fn_, r.ties];
        assert_eq!(counts, w.counts, "{}", r.outlet);
        for (got, want) in [
            (r.precision.0, w.p),
            (r.recall.0, w.r),
            (r.f1.0, w.f1),
            (r.alpha_coders.0, w.alpha_coders),
            (r.alpha_majority_framelens.0, w.alpha_mf),
        ] {
            assert!(close(got, want), "{}: {got} != {want}", r.outlet);
        }
        // the bootstrap's bounds cannot be worked out by hand: they hold
        // the estimate and stay in [0, 1]
        for (lo, x, hi) in [
            (r.precision_lo.0, r.precision.0, r.precision_hi.0),
            (r.recall_lo.0, r.recall.0, r.recall_hi.0),
            (r.f1_lo.0, r.f1.0, r.f1_hi.0),
        ] {
            assert!(0.0 <= lo && lo <= x && x <= hi && hi <= 1.0, "{}: {lo} {x} {hi}", r.outlet);
        }
    }
    // the table as written: 4 decimals; 10/13 = 0.76923…
    let text = std::str::from_utf8(&v.table).unwrap();
    assert!(text.lines().nth(1).unwrap().starts_with("occupation,alpha,14,6,7,5,2,1,1,0.7143,"));
    // one coded frame, b1:9 has a blank but is coded by c1: every unit has a code
    assert_eq!(v.diagnostics.warnings(), 0);
}

#[test]
fn every_disagreement_is_a_case_with_its_pattern_or_text() {
    let v = validate(&Path::new(FIXTURE).join("coded.csv"), &["c1", "c2"]).unwrap();
    let mut r = csv::Reader::from_reader(v.cases.as_slice());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["frame", "outlet", "id", "error", "codes", "pattern", "left", "match", "right", "text"]
    );
    let got: Vec<Vec<String>> =
        r.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let short: Vec<(&str, &str, &str, &str, &str)> = got
        .iter()
        .map(|c| (c[2].as_str(), c[3].as_str(), c[4].as_str(), c[5].as_str(), c[7].as_str()))
        .collect();
    // the table's fp and fn, in sheet order
    assert_eq!(
        short,
        [
            ("a1:sentence 4", "fp", "c1=0 c2=0", "occupation", "occupation"),
            ("a1:sentence 7", "fn", "c1=1 c2=1", "", ""),
            ("a2:sentence 2", "fp", "c1=0 c2=0", "occupation", "occupation"),
            ("b1:sentence 3", "fp", "c1=0 c2=0", "occupation", "occupation"),
            ("b1:sentence 5", "fn", "c1=1 c2=1", "", ""),
            ("b1:sentence 11", "fn", "c1=1 c2=1", "", ""),
        ]
    );
    // a false positive in context (60 characters each side, as hits.csv):
    // before a1:4's "occupation" stand a1:3 (58 characters) and " The " (5):
    // the first 3 characters of a1:3 are cut
    assert_eq!(got[0][6], "idents described the long occupation of their villages. The ");
    assert_eq!(got[1][9], "Foreign troops held the land against the will of its people.");
}

#[test]
fn one_coder_is_the_gold_and_alpha_among_coders_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    // c1's codes alone: b1:9 is 1 and the ties are c1's codes (a1:9 → 1, b1:8 → 0)
    let sheet = dir.path().join("one.csv");
    let coded = std::fs::read_to_string(Path::new(FIXTURE).join("coded.csv")).unwrap();
    let one: String = coded
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let name = if cells[0] == "id" { "occupation" } else { cells[3] };
            format!("{},{},{},{name}\n", cells[0], cells[1], cells[2])
        })
        .collect();
    std::fs::write(&sheet, one).unwrap();
    let v = validate(&sheet, &[]).unwrap();
    let all = &v.rows[2];
    // the table with a1:9 (framelens 1, c1 1: tp) and b1:8 (framelens 0, c1 0:
    // tn) scored: 30 units, tp 10, fp 3, fn 3; P = R = F1 = 10/13
    assert_eq!([all.units, all.tp, all.fp, all.fn_, all.ties], [30, 10, 3, 3, 0]);
    assert!(close(all.precision.0, 10.0 / 13.0) && close(all.f1.0, 10.0 / 13.0));
    assert!(all.alpha_coders.0.is_nan());
}

/// The error message of a sheet, read with `coders`.
fn sheet_error(name: &str, text: &str, coders: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let err = validate(&path, coders).unwrap_err().to_string();
    err.replace(&path.display().to_string(), name)
}

#[test]
fn errors_in_the_coded_sheet_name_line_and_column() {
    let head = "id,outlet,sentence,occupation:c1,occupation:c2\n";
    // unknown article, and a sentence the article does not have
    let e = sheet_error(
        "s.csv",
        &format!(
            "{head}a1:sentence 1,alpha,,1,1\na9:sentence 1,alpha,,1,1\na2:sentence 6,alpha,,0,0\n"
        ),
        &["c1", "c2"],
    );
    assert_eq!(
        e,
        "s.csv:3: column 1 ('id'): no article 'a9' in tests/fixtures/validate/collection.csv\n\
         s.csv:4: column 1 ('id'): article 'a2' has 5 sentences, not 6"
    );
    // values other than 0, 1 or blank: every one of them
    let e = sheet_error(
        "s.csv",
        &format!("{head}a1:sentence 1,alpha,,yes,1\na1:sentence 2,alpha,,0,2\n"),
        &["c1", "c2"],
    );
    assert_eq!(
        e,
        "s.csv:2: column 4 ('occupation:c1'): value 'yes' is not 0, 1 or blank\n\
         s.csv:3: column 5 ('occupation:c2'): value '2' is not 0, 1 or blank"
    );
    // a frame the lexicon does not have
    let e = sheet_error(
        "s.csv",
        "id,outlet,sentence,invasion:c1,invasion:c2\na1:sentence 1,alpha,,1,1\n",
        &["c1", "c2"],
    );
    assert_eq!(
        e,
        "s.csv:1: column 4 ('invasion:c1'): the lexicon has no frame 'invasion' (its frames: occupation, withdrawal)\n\
         s.csv:1: column 5 ('invasion:c2'): the lexicon has no frame 'invasion' (its frames: occupation, withdrawal)"
    );
    // a coder's column missing
    let e = sheet_error(
        "s.csv",
        "id,outlet,sentence,occupation:c1\na1:sentence 1,alpha,,1\n",
        &["c1", "c2"],
    );
    assert_eq!(
        e,
        "s.csv:1: frame 'occupation' has no column for coder 'c2': add 'occupation:c2' (every coder codes every frame of the sheet)"
    );
    // coder columns without --coders: not guessed
    let e = sheet_error("s.csv", &format!("{head}a1:sentence 1,alpha,,1,1\n"), &[]);
    assert!(
        e.starts_with(
            "s.csv:1: column 4 ('occupation:c1') names a coder: give the coders with --coders"
        ),
        "{e}"
    );
    // an outlet that is not the article's
    let e = sheet_error("s.csv", &format!("{head}b1:sentence 1,alpha,,1,1\n"), &["c1", "c2"]);
    assert_eq!(e, "s.csv:2: column 2 ('outlet'): 'alpha', but the article is of outlet 'beta'");
}

fn sample_of(
    by: Strata,
    unit: Unit,
    n: usize,
    seed: u64,
    jobs: usize,
) -> (super::sample::Sampled, String) {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(&SampleOptions {
        input: input(&dir.path().join("out"), Some(jobs)),
        n,
        by,
        unit,
        seed,
        coders: Vec::new(),
        extend: None,
    })
    .unwrap();
    let sheet = std::fs::read_to_string(dir.path().join("out/coding_sheet.csv")).unwrap();
    let json = std::fs::read_to_string(dir.path().join("out/coding_sheet.json")).unwrap();
    assert!(json.contains(&format!("\"seed\": {seed}")) && json.contains("\"sha256\""));
    (s, sheet)
}

#[test]
fn a_sample_is_reproducible_from_its_seed_whatever_the_threads() {
    let (a, sheet_a) = sample_of(Strata::Outlet, Unit::Sentence, 4, 7, 1);
    let (b, sheet_b) = sample_of(Strata::Outlet, Unit::Sentence, 4, 7, 3);
    assert_eq!((&a.ids, &sheet_a), (&b.ids, &sheet_b));
    let (c, _) = sample_of(Strata::Outlet, Unit::Sentence, 4, 8, 1);
    assert_ne!(a.ids, c.ids);
}

#[test]
fn a_sample_is_stratified_as_asked() {
    // by outlet: 15 sentences of alpha (a1, a2), 15 of beta (b1); 4 of each
    let (s, _) = sample_of(Strata::Outlet, Unit::Sentence, 4, 7, 2);
    let per: Vec<(&str, usize, usize)> =
        s.strata.iter().map(|t| (t.name.as_str(), t.units, t.drawn)).collect();
    assert_eq!(per, [("alpha", 15, 4), ("beta", 15, 4)]);
    let alpha = s.ids.iter().filter(|i| i.starts_with('a')).count();
    assert_eq!((alpha, s.ids.len() - alpha), (4, 4));
    // by frame (from the table in this file): occupation in 13 sentences
    // (a1:1,3,4,6,9 a2:1,2,4 b1:1,3,6,9,12), withdrawal in 5 (a1:2,5 a2:3
    // b1:2,4), none in 30 − 13 − 5 = 12; no sentence has both
    let (s, _) = sample_of(Strata::Frame, Unit::Sentence, 3, 7, 2);
    let per: Vec<(&str, usize, usize, usize)> =
        s.strata.iter().map(|t| (t.name.as_str(), t.units, t.drawn_before, t.drawn)).collect();
    assert_eq!(per, [("occupation", 13, 0, 3), ("withdrawal", 5, 0, 3), ("(no frame)", 12, 0, 3)]);
    let occupation = [
        "a1:sentence 1",
        "a1:sentence 3",
        "a1:sentence 4",
        "a1:sentence 6",
        "a1:sentence 9",
        "a2:sentence 1",
        "a2:sentence 2",
        "a2:sentence 4",
        "b1:sentence 1",
        "b1:sentence 3",
        "b1:sentence 6",
        "b1:sentence 9",
        "b1:sentence 12",
    ];
    let withdrawal =
        ["a1:sentence 2", "a1:sentence 5", "a2:sentence 3", "b1:sentence 2", "b1:sentence 4"];
    let o = s.ids.iter().filter(|i| occupation.contains(&i.as_str())).count();
    let w = s.ids.iter().filter(|i| withdrawal.contains(&i.as_str())).count();
    assert_eq!((o, w, s.ids.len() - o - w), (3, 3, 3));
    // articles by outlet: alpha has 2, beta 1; asking 2 of each gives beta's
    // only article and a warning
    let (s, _) = sample_of(Strata::Outlet, Unit::Article, 2, 7, 2);
    let per: Vec<(&str, usize, usize)> =
        s.strata.iter().map(|t| (t.name.as_str(), t.units, t.drawn)).collect();
    assert_eq!(per, [("alpha", 2, 2), ("beta", 1, 1)]);
    assert_eq!(s.ids, ["a1", "a2", "b1"]);
    assert_eq!(s.diagnostics.warnings(), 1);
}

#[test]
fn a_coding_sheet_is_blinded() {
    let (s, sheet) = sample_of(Strata::Frame, Unit::Sentence, 3, 7, 2);
    let mut r = csv::Reader::from_reader(sheet.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["id", "outlet", "sentence", "occupation", "withdrawal"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), s.ids.len());
    for row in &rows {
        // no framelens code, and the stratum is not told: rows in corpus order
        assert_eq!((&row[3], &row[4]), ("", ""));
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(ids, s.ids);
    let mut sorted = s.ids.clone();
    sorted.sort_by_key(|i| {
        let (a, n) = i.split_once(":sentence ").unwrap();
        (a.to_string(), n.parse::<usize>().unwrap())
    });
    assert_eq!(s.ids, sorted);
}

#[test]
fn at_article_level_a_frame_is_present_with_any_hit_in_the_article() {
    // framelens finds occupation in all three articles (a1:1, a2:1, b1:1)
    // and withdrawal in all three (a1:2, a2:3, b1:2). One coder: occupation
    // a1 1, a2 0, b1 1 → tp 2 (a1, b1), fp 1 (a2); P = 2/3, R = 2/2,
    // F1 = 4/5. withdrawal a1 1, a2 1, b1 blank → b1 not scored (a
    // warning), tp 2; P = R = F1 = 1. Majority vs framelens on withdrawal:
    // both always 1, no variation: alpha undefined (empty).
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("articles.csv");
    std::fs::write(
        &sheet,
        "id;outlet;text;occupation;withdrawal\na1;alpha;;1;1\na2;alpha;;0;1\nb1;beta;;1;\n",
    )
    .unwrap();
    let v = validate(&sheet, &[]).unwrap();
    let all: Vec<&ValidationRow> = v.rows.iter().filter(|r| r.outlet == "all").collect();
    let (o, w) = (all[0], all[1]);
    assert_eq!((o.frame.as_str(), [o.units, o.tp, o.fp, o.fn_]), ("occupation", [3, 2, 1, 0]));
    assert!(close(o.precision.0, 2.0 / 3.0) && close(o.recall.0, 1.0) && close(o.f1.0, 0.8));
    assert_eq!((w.frame.as_str(), [w.units, w.tp, w.fp, w.fn_]), ("withdrawal", [2, 2, 0, 0]));
    assert!(close(w.f1.0, 1.0) && w.alpha_majority_framelens.0.is_nan());
    assert_eq!(v.diagnostics.warnings(), 1);
    // the false positive a2 is a row per hit of occupation in it, each with
    // its pattern: a2:1, a2:2 and a2:4 (header + 3 lines)
    let cases = String::from_utf8(v.cases).unwrap();
    assert_eq!(cases.lines().count(), 4);
    for line in cases.lines().skip(1) {
        assert!(line.starts_with("occupation,alpha,a2,fp,0,occupation,"), "{line}");
    }
}

#[test]
fn a_unit_drawn_for_one_frame_is_not_drawn_again() {
    use super::sample::{SampleUnit, draw};
    let unit = |i: usize, frames: &[usize]| SampleUnit {
        id: format!("u{i}"),
        outlet: "x".into(),
        at: (i, None),
        frames: frames.to_vec(),
    };
    // u0 has both frames, u1 frame 0, u2 frame 1, u3 none; --n 10 takes all
    let units = [unit(0, &[0, 1]), unit(1, &[0]), unit(2, &[1]), unit(3, &[])];
    let (strata, drawn) = draw(&units, Strata::Frame, &["f0", "f1"], 10, 1, 1, vec![false; 4]);
    let got: Vec<(&str, usize, usize, usize)> =
        strata.iter().map(|s| (s.name.as_str(), s.units, s.drawn_before, s.drawn)).collect();
    // f0: u0, u1; f1: u0 (drawn for f0 already), u2; none: u3
    assert_eq!(got, [("f0", 2, 0, 2), ("f1", 2, 1, 1), ("(no frame)", 1, 0, 1)]);
    assert_eq!(drawn, [0, 1, 2, 3]);
}

#[test]
fn an_extension_draws_more_units_none_drawn_before_and_repeats_itself() {
    // round 1: 4 sentences of each outlet; round 2 (--n 5) draws 5 more of
    // each among the 11 left; round 3 (--n 20) finds 6 left in each, takes
    // them all and warns; nothing is drawn twice, and 30 are drawn in all
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let opts = |n: usize, extend: Option<&str>| SampleOptions {
        input: input(&out, Some(2)),
        n,
        by: Strata::Outlet,
        unit: Unit::Sentence,
        seed: 7,
        coders: vec!["c1".into(), "c2".into()],
        extend: extend.map(|e| out.join(e)),
    };
    let first = sample(&opts(4, None)).unwrap();
    let second = sample(&opts(5, Some("coding_sheet.json"))).unwrap();
    assert_eq!((first.round, second.round), (1, 2));
    let per: Vec<(&str, usize, usize, usize)> =
        second.strata.iter().map(|t| (t.name.as_str(), t.units, t.drawn_before, t.drawn)).collect();
    assert_eq!(per, [("alpha", 15, 4, 5), ("beta", 15, 4, 5)]);
    assert!(second.ids.iter().all(|i| !first.ids.contains(i)), "{:?}", second.ids);
    // the round's own files; the first sheet, perhaps coded already, is untouched
    let sheet1 = std::fs::read_to_string(out.join("coding_sheet.csv")).unwrap();
    let sheet2 = std::fs::read_to_string(out.join("coding_sheet_2.csv")).unwrap();
    assert_eq!(sheet1.lines().count(), 1 + 8);
    assert_eq!(sheet2.lines().count(), 1 + 10);
    // the first draw's coders, though this call names none of its own
    assert_eq!(sheet1.lines().next(), sheet2.lines().next());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("coding_sheet_2.json")).unwrap()).unwrap();
    assert_eq!((json["round"].as_u64(), json["seed"].as_u64()), (Some(2), Some(7)));
    assert_eq!(json["ids"].as_array().unwrap().len(), 18);
    // the same extension of the same draw gives the same sheet
    let again = sample(&opts(5, Some("coding_sheet.json"))).unwrap();
    assert_eq!(again.ids, second.ids);
    assert_eq!(std::fs::read_to_string(out.join("coding_sheet_2.csv")).unwrap(), sheet2);
    let third = sample(&opts(20, Some("coding_sheet_2.json"))).unwrap();
    assert_eq!(third.round, 3);
    assert_eq!(third.ids.len(), 12);
    assert_eq!(third.diagnostics.warnings(), 2);
    let mut all: Vec<&String> = first.ids.iter().chain(&second.ids).chain(&third.ids).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 30);
}

#[test]
fn a_second_round_draws_from_its_own_streams() {
    use super::sample::{SampleUnit, draw};
    // 20 units of one outlet, the first 5 taken: round 2 never draws them,
    // and a draw of round 1 with the same units taken differs from it
    // (stream 2^32 against stream 0), though both are reproducible
    let units: Vec<SampleUnit> = (0..20)
        .map(|i| SampleUnit {
            id: format!("u{i}"),
            outlet: "x".into(),
            at: (i, None),
            frames: vec![],
        })
        .collect();
    let taken: Vec<bool> = (0..20).map(|i| i < 5).collect();
    let (strata, r2) = draw(&units, Strata::Outlet, &[], 5, 3, 2, taken.clone());
    assert_eq!((strata[0].units, strata[0].drawn_before, strata[0].drawn), (20, 5, 5));
    assert!(r2.iter().all(|&i| i >= 5), "{r2:?}");
    let (_, r1) = draw(&units, Strata::Outlet, &[], 5, 3, 1, taken.clone());
    assert_ne!(r1, r2);
    assert_eq!(draw(&units, Strata::Outlet, &[], 5, 3, 2, taken).1, r2);
}

#[test]
fn a_sidecar_without_what_an_extension_needs_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("coding_sheet.json");
    std::fs::write(&bad, r#"{"command": "sample", "unit": "sentence", "by": "outlet", "seed": 1, "coders": [], "lexicons": []}"#).unwrap();
    let err = super::sample::Previous::read(&bad).unwrap_err().to_string();
    assert!(err.contains("coding_sheet.json") && err.contains("'ids'"), "{err}");
    std::fs::write(&bad, "{ not json").unwrap();
    let err = super::sample::Previous::read(&bad).unwrap_err().to_string();
    assert!(err.contains("coding_sheet.json:1"), "{err}");
}

fn validate_all(
    gold: &[PathBuf],
    coders: &[&str],
) -> Result<super::report::Validated, crate::error::Error> {
    let dir = tempfile::tempdir().unwrap();
    compute(&ValidateOptions {
        input: input(dir.path(), Some(2)),
        gold: gold.to_vec(),
        coders: coders.iter().map(|c| c.to_string()).collect(),
        seed: 22,
    })
}

#[test]
fn the_rounds_of_an_extended_draw_validate_as_one_sheet() {
    // the fixture's 30 coded sentences split in two sheets (the second with
    // its coder columns swapped and semicolons, as another spreadsheet may
    // save it) give the very figures of the one sheet
    let text = std::fs::read_to_string(Path::new(FIXTURE).join("coded.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("round1.csv"), dir.path().join("round2.csv"));
    std::fs::write(&first, lines[..13].join("\n")).unwrap();
    let swapped: Vec<String> = lines[13..]
        .iter()
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            [c[0], c[1], c[2], c[4], c[3]].join(";")
        })
        .collect();
    std::fs::write(
        &second,
        format!("id;outlet;sentence;occupation:c2;occupation:c1\n{}", swapped.join("\n")),
    )
    .unwrap();
    let one = validate(&Path::new(FIXTURE).join("coded.csv"), &["c1", "c2"]).unwrap();
    let two = validate_all(&[first.clone(), second.clone()], &["c1", "c2"]).unwrap();
    assert_eq!(String::from_utf8(two.table).unwrap(), String::from_utf8(one.table).unwrap());
    assert_eq!(two.provenance["gold"].as_array().unwrap().len(), 2);
    // a unit coded in both rounds is refused, with both places named
    std::fs::write(&second, format!("{}\n{}", lines[0], lines[12])).unwrap();
    let err = validate_all(&[first, second], &["c1", "c2"]).unwrap_err().to_string();
    assert!(err.contains("round2.csv:2") && err.contains("round1.csv:13 already"), "{err}");
}
