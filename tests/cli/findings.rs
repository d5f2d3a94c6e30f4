//! From counts to findings (issue 20): `outlet_periods.csv`,
//! `article_matrix.csv`, `--period`, `--denominator`.
//!
//! The fixture `tests/fixtures/periods` (frames `occupation` = `occup*`,
//! `peace` = `peacekeep*`; entities `russia`, `armenia`), worked out by
//! reading its texts:
//!
//! | file | outlet | date | text | tokens | own-voice tokens | hits |
//! |---|---|---|---|---|---|---|
//! | e1 | east | 2024-01-10 | Russia ended the occupation. Peacekeepers left. | 6 | 6 | occupation, peace, russia (own) |
//! | e2 | east | 2024-01-25 | “The occupation is over,” Russia said. | 6 | 2 (4 quoted) | occupation (quote), russia (own) |
//! | e3 | east | 2024-03-05 | Armenia and Russia talked. | 4 | 4 | armenia, russia |
//! | e4 | east | 2024-03 | An occupation, Armenia said. | 4 | 4 | occupation, armenia |
//! | w1 | west | 2024-02-14 | The ‘occupation’ continues in Armenia. | 5 | 4 (1 scare-quoted) | occupation (scare), armenia (own) |
//! | w2 | west | none | Peacekeepers and peacekeeping. | 3 | 3 | peace ×2 |
//! | w3 | west | 2024-04-02 | Russia occupied it. | 3 | 3 | occupation, russia |
//! | w4 | west | 2024 | Peacekeepers stayed. | 2 | 2 | peace |
//!
//! By month, east spans January to March (February empty), west February to
//! April (March empty); w2 is undated and w4 dated only to a year.

use crate::util::{Workdir, repo};

const FIXTURE: &str = "tests/fixtures/periods";

fn run(w: &Workdir, args: &[&str]) -> String {
    let out = w.command().args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

fn with_counts() -> Workdir {
    let w = Workdir::with(FIXTURE);
    std::fs::copy(repo().join(FIXTURE).join("counts.csv"), w.path().join("counts.csv")).unwrap();
    w
}

/// Every row of outlet_periods.csv by month, worked out from the table above.
/// east 2024-01 (e1, e2): 2 articles, 12 tokens, 6 + 2 = 8 own-voice;
/// occupation 2 hits (e1 own, e2 quoted), 1 own: per_1k 2/12 × 1000 = 166.6667,
/// per_1k_own 1/8 × 1000 = 125.0000; peace 1 of 12 = 83.3333, own 1/8 = 125;
/// russia 2 own: 166.6667 and 2/8 = 250. east 2024-02: no article, so
/// shares and rates are empty. east 2024-03 (e3, e4): 8 tokens, all own;
/// occupation 1 (e4): 125; armenia 2 in 2 articles: 250, share 1.
/// west 2024-02 (w1): 5 tokens, 4 own; occupation is scare-quoted: 1 hit,
/// 0 own: 200 and 0; armenia 1 own: 200 and 1/4 × 1000 = 250.
/// west 2024-04 (w3): 3 tokens; occupation and russia 1 each: 333.3333.
/// archive_total (counts.csv): January 1000 + 500 = 1500, February 800,
/// March 700, April no day given (empty).
#[test]
fn outlet_periods_by_month_by_hand() {
    let w = with_counts();
    let err = run(&w, &["run", "--denominator", "counts.csv"]);
    let want = "\
outlet,period,kind,item,articles,articles_with_item,share_articles,hits,hits_own,tokens,tokens_own,per_1k,per_1k_own,archive_total
east,2024-01,frame,occupation,2,2,1.0000,2,1,12,8,166.6667,125.0000,1500
east,2024-01,frame,peace,2,1,0.5000,1,1,12,8,83.3333,125.0000,1500
east,2024-01,entity,russia,2,2,1.0000,2,2,12,8,166.6667,250.0000,1500
east,2024-01,entity,armenia,2,0,0.0000,0,0,12,8,0.0000,0.0000,1500
east,2024-02,frame,occupation,0,0,,0,0,0,0,,,800
east,2024-02,frame,peace,0,0,,0,0,0,0,,,800
east,2024-02,entity,russia,0,0,,0,0,0,0,,,800
east,2024-02,entity,armenia,0,0,,0,0,0,0,,,800
east,2024-03,frame,occupation,2,1,0.5000,1,1,8,8,125.0000,125.0000,700
east,2024-03,frame,peace,2,0,0.0000,0,0,8,8,0.0000,0.0000,700
east,2024-03,entity,russia,2,1,0.5000,1,1,8,8,125.0000,125.0000,700
east,2024-03,entity,armenia,2,2,1.0000,2,2,8,8,250.0000,250.0000,700
west,2024-02,frame,occupation,1,1,1.0000,1,0,5,4,200.0000,0.0000,800
west,2024-02,frame,peace,1,0,0.0000,0,0,5,4,0.0000,0.0000,800
west,2024-02,entity,russia,1,0,0.0000,0,0,5,4,0.0000,0.0000,800
west,2024-02,entity,armenia,1,1,1.0000,1,1,5,4,200.0000,250.0000,800
west,2024-03,frame,occupation,0,0,,0,0,0,0,,,700
west,2024-03,frame,peace,0,0,,0,0,0,0,,,700
west,2024-03,entity,russia,0,0,,0,0,0,0,,,700
west,2024-03,entity,armenia,0,0,,0,0,0,0,,,700
west,2024-04,frame,occupation,1,1,1.0000,1,1,3,3,333.3333,333.3333,
west,2024-04,frame,peace,1,0,0.0000,0,0,3,3,0.0000,0.0000,
west,2024-04,entity,russia,1,1,1.0000,1,1,3,3,333.3333,333.3333,
west,2024-04,entity,armenia,1,0,0.0000,0,0,3,3,0.0000,0.0000,
";
    assert_eq!(w.read("output/outlet_periods.csv"), want);
    // the summary and run.json count the undated (w2) and the too coarse (w4)
    assert!(
        err.contains("1 undated article and 1 dated less precisely than --period month"),
        "{err}"
    );
    let j: serde_json::Value = serde_json::from_str(&w.read("output/run.json")).unwrap();
    assert_eq!(j["summary"]["undated"], 1);
    assert_eq!(j["summary"]["undated_at_period"], 1);
    assert_eq!(j["options"]["period"], "month");
    assert_eq!(j["options"]["denominator"], "counts.csv");
    assert_eq!(j["options"]["denominator_sha256"].as_str().unwrap().len(), 64);
    // without a denominator there is no archive_total column
    run(&w, &[]);
    let plain = w.read("output/outlet_periods.csv");
    let cut: String =
        want.lines().map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n").collect();
    assert_eq!(plain, cut);
}

/// Coarser and finer periods. By quarter, east's four articles are all in
/// 2024-Q1 (e4, dated 2024-03, too): 20 tokens, 6 + 2 + 4 + 4 = 16 own;
/// occupation in e1, e2, e4: share 3/4 = 0.7500, 3 hits of 20 = 150.0000,
/// 2 own of 16 = 125.0000. By year, west's w1, w3 and w4 (dated 2024) count:
/// 5 + 3 + 2 = 10 tokens, 4 + 3 + 2 = 9 own-voice (w1's ‘occupation’ is
/// quoted); peace only in w4 (w2 is undated): 1/10 × 1000 = 100.0000 and
/// 1/9 × 1000 = 111.1111.
/// By week (ISO weeks from Python's `date.isocalendar()`): e1 2024-W02, e2
/// W04, e3 W10; w1 W07, w3 W14; e4 and w4 are too coarse for a week, so
/// east spans W02..W10 (9 weeks) and west W07..W14 (8), 4 items each.
#[test]
fn quarter_year_and_week_by_hand() {
    let w = Workdir::with(FIXTURE);
    run(&w, &["run", "--period", "quarter"]);
    let rows = w.csv("output/outlet_periods.csv");
    let occupation = rows.iter().find(|r| r[0] == "east" && r[3] == "occupation").unwrap();
    assert_eq!(
        occupation[1..],
        [
            "2024-Q1",
            "frame",
            "occupation",
            "4",
            "3",
            "0.7500",
            "3",
            "2",
            "20",
            "16",
            "150.0000",
            "125.0000"
        ]
    );
    assert_eq!(rows.len(), 1 + 4 + 2 * 4, "east Q1; west Q1 and Q2");
    let err = run(&w, &["run", "--period", "year"]);
    assert!(err.contains("1 undated article and 0 dated less precisely"), "{err}");
    let rows = w.csv("output/outlet_periods.csv");
    let peace = rows.iter().find(|r| r[0] == "west" && r[3] == "peace").unwrap();
    assert_eq!(
        peace[1..],
        ["2024", "frame", "peace", "3", "1", "0.3333", "1", "1", "10", "9", "100.0000", "111.1111"]
    );
    let err = run(&w, &["run", "--period", "week"]);
    assert!(
        err.contains("1 undated article and 2 dated less precisely than --period week"),
        "{err}"
    );
    let rows = w.csv("output/outlet_periods.csv");
    assert_eq!(rows.len(), 1 + (9 + 8) * 4);
    let east: Vec<&str> = rows.iter().filter(|r| r[0] == "east").map(|r| r[1].as_str()).collect();
    assert_eq!(east.first(), Some(&"2024-W02"));
    assert_eq!(east.last(), Some(&"2024-W10"));
    assert!(east.contains(&"2024-W03"), "an empty week is a row");
    let matrix = w.csv("output/article_matrix.csv");
    let periods: Vec<&str> = matrix[1..].iter().map(|r| r[4].as_str()).collect();
    assert_eq!(periods, ["2024-W02", "2024-W04", "2024-W10", "", "2024-W07", "", "2024-W14", ""]);
}

/// One row per article, in articles.csv's order, zeros included; the period
/// is empty where the article is undated at the granularity (w2 has no date,
/// w4 only a year).
#[test]
fn article_matrix_by_hand() {
    let w = Workdir::with(FIXTURE);
    run(&w, &[]);
    let want = "\
article_id,outlet,group,date,period,tokens,tokens_own,frame_occupation,frame_peace,entity_russia,entity_armenia
e1.txt,east,,2024-01-10,2024-01,6,6,1,1,1,0
e2.txt,east,,2024-01-25,2024-01,6,2,1,0,1,0
e3.txt,east,,2024-03-05,2024-03,4,4,0,0,1,1
e4.txt,east,,2024-03,2024-03,4,4,1,0,0,1
w1.txt,west,,2024-02-14,2024-02,5,4,1,0,0,1
w2.txt,west,,,,3,3,0,2,0,0
w3.txt,west,,2024-04-02,2024-04,3,3,1,0,1,0
w4.txt,west,,2024,,2,2,0,1,0,0
";
    assert_eq!(w.read("output/article_matrix.csv"), want);
    let ids: Vec<String> = w.csv("output/articles.csv")[1..].iter().map(|r| r[0].clone()).collect();
    let matrix: Vec<String> =
        w.csv("output/article_matrix.csv")[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, matrix);
}

#[test]
fn bad_period_or_denominator_stops_the_run() {
    let w = Workdir::with(FIXTURE);
    let out = w.command().args(["run", "--period", "fortnight"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--period") && err.contains("quarter"), "{err}");
    w.write(
        "counts.csv",
        "date,count,total_count,ratio\n2024-01-01,1,10,0.1\n2024-02-30,1,10,0.1\n",
    );
    let out = w.command().args(["run", "--denominator", "counts.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("counts.csv:3: unparseable date '2024-02-30'"), "{err}");
    assert!(!w.path().join("output").exists(), "nothing written");
    let out = w.command().args(["run", "--denominator", "missing.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.csv"));
}

fn row<'a>(rows: &'a [Vec<String>], outlet: &str, item: &str) -> Vec<(&'a str, &'a str)> {
    let r = rows.iter().find(|r| r[0] == outlet && r[2] == item).unwrap();
    rows[0].iter().map(String::as_str).zip(r.iter().map(String::as_str)).collect()
}

/// outlet_tests.csv on the fixture, by hand and from SciPy/statsmodels.
/// east occupation: in e1, e2, e4 (3 of 4 articles); west in w1, w3 (2 of 4).
/// Wilson 95% for 3/4: statsmodels `proportion_confint(3, 4, method="wilson")`
/// = (0.300642, 0.954413). The 2×2 [[3, 1], [2, 2]] has expected cells
/// 4·5/8 = 2.5 and 4·3/8 = 1.5, below 5: Fisher, SciPy `fisher_exact` p = 1.0.
/// Hits 3 of 20 tokens against 2 of 13 (west: 5 + 3 + 3 + 2): per_1k
/// 150.0000; log-odds with α_w = 5, α₀ = 33: ln(8/45) − ln(7/39), that is
/// −1.727221 plus 1.717651 = −0.009569, σ = √(1/8 + 1/7) = 0.517549,
/// z = −0.018490.
/// east russia: in e1, e2, e3 against w3: [[3, 1], [1, 3]], Fisher p = 34/70
/// = 0.485714 (SciPy: 0.48571428571428565). Benjamini–Hochberg over the 8
/// rows: the two 0.485714 at ranks 1 and 2 of 8 give 0.485714 · 8/2 =
/// 1.94, above the 1.0 of the larger p-values: every q is 1.
#[test]
fn outlet_tests_by_hand() {
    let w = Workdir::with(FIXTURE);
    run(&w, &[]);
    let rows = w.csv("output/outlet_tests.csv");
    assert_eq!(rows.len(), 1 + 2 * 4);
    let want = [
        ("outlet", "east"),
        ("kind", "frame"),
        ("item", "occupation"),
        ("articles", "4"),
        ("articles_with_item", "3"),
        ("share_articles", "0.7500"),
        ("share_lo", "0.3006"),
        ("share_hi", "0.9544"),
        ("reference_articles", "4"),
        ("reference_articles_with_item", "2"),
        ("test", "fisher"),
        ("p_value", "1.000000"),
        ("q_value", "1.000000"),
        ("target_count", "3"),
        ("target_total", "20"),
        ("reference_count", "2"),
        ("reference_total", "13"),
        ("per_1k", "150.0000"),
    ];
    let got = row(&rows, "east", "occupation");
    assert_eq!(got[..want.len()], want);
    let get = |r: &[(&str, &str)], k: &str| r.iter().find(|(h, _)| *h == k).unwrap().1.to_string();
    assert_eq!(get(&got, "log_odds"), "-0.0096");
    assert_eq!(get(&got, "log_odds_z"), "-0.0185");
    let russia = row(&rows, "east", "russia");
    assert_eq!(
        (get(&russia, "test"), get(&russia, "p_value")),
        ("fisher".into(), "0.485714".into())
    );
    // west's side of the same table: the sign of the log-odds flips
    assert_eq!(get(&row(&rows, "west", "occupation"), "log_odds"), "0.0096");
    for r in &rows[1..] {
        let cell = |k: &str| {
            get(
                &rows[0]
                    .iter()
                    .map(String::as_str)
                    .zip(r.iter().map(String::as_str))
                    .collect::<Vec<_>>(),
                k,
            )
        };
        assert_eq!(cell("q_value"), "1.000000");
        // the bootstrap interval holds the outlet's own rate
        let f = |k: &str| cell(k).parse::<f64>().unwrap();
        assert!(f("per_1k_lo") <= f("per_1k") && f("per_1k") <= f("per_1k_hi"), "{r:?}");
    }
    let j: serde_json::Value = serde_json::from_str(&w.read("output/run.json")).unwrap();
    assert_eq!(j["options"]["bootstrap"]["resamples"], 2000);
    assert!(j["options"]["bootstrap"]["seed"].is_u64());
}

/// One outlet: nothing to compare it with, so no test, no q-value and no
/// log-odds; the intervals are still there.
#[test]
fn outlet_tests_of_one_outlet() {
    let w = Workdir::with(FIXTURE);
    let manifest = w.read("corpus/manifest.csv").replace(",west,", ",east,");
    w.write("corpus/manifest.csv", manifest);
    run(&w, &[]);
    let rows = w.csv("output/outlet_tests.csv");
    let r = row(&rows, "east", "occupation");
    let get = |k: &str| r.iter().find(|(h, _)| *h == k).unwrap().1;
    // occupation in e1, e2, e4, w1, w3: 5 of 8; Wilson (statsmodels): 0.3057, 0.8632
    assert_eq!((get("share_lo"), get("share_hi")), ("0.3057", "0.8632"));
    for k in ["test", "p_value", "q_value", "log_odds", "log_odds_z", "g2"] {
        assert_eq!(get(k), "", "{k}");
    }
    assert_eq!((get("reference_articles"), get("reference_total")), ("0", "0"));
}

/// `--by group`: the outlet tables per group. Groups: east's four articles,
/// w2 and w4 are `state`; w1 and w3 `independent`.
/// independent: 2 articles, 5 + 3 = 8 tokens, 4 + 3 = 7 own-voice;
/// occupation in both (w1 scare-quoted, w3 own): share 1, per_1k 2/8 = 250,
/// per_1k_own 1/7 = 142.8571. state: 6 articles, 20 + 3 + 2 = 25 tokens,
/// 16 + 3 + 2 = 21 own; occupation in e1, e2 (quoted), e4: 3 hits, 2 own,
/// share 3/6 = 0.5, per_1k 3/25 = 120, per_1k_own 2/21 = 95.2381; peace in
/// e1, w2 (twice), w4: 4 hits, share 0.5, 160 and 4/21 = 190.4762.
#[test]
fn by_group_by_hand() {
    let w = Workdir::with(FIXTURE);
    let groups = [
        ("e1", "state"),
        ("e2", "state"),
        ("e3", "state"),
        ("e4", "state"),
        ("w1", "independent"),
        ("w2", "state"),
        ("w3", "independent"),
        ("w4", "state"),
    ];
    let mut manifest = String::from("file,outlet,date,title,group\n");
    for (line, (file, group)) in w.read("corpus/manifest.csv").lines().skip(1).zip(groups) {
        assert!(line.starts_with(file));
        manifest += &format!("{line},{group}\n");
    }
    w.write("corpus/manifest.csv", &manifest);
    run(&w, &["run", "--by", "group"]);
    let rows = w.csv("output/outlet_frames.csv");
    let pick = |r: &Vec<String>| {
        let h = &rows[0];
        let get = |k: &str| r[h.iter().position(|c| c == k).unwrap()].clone();
        [
            "outlet",
            "frame",
            "articles",
            "articles_with_frame",
            "share_articles",
            "hits",
            "hits_own",
            "hits_quote",
            "hits_scare",
            "tokens",
            "per_1k",
            "per_1k_own",
        ]
        .map(get)
    };
    let got: Vec<[String; 12]> = rows[1..].iter().map(pick).collect();
    let want = [
        [
            "independent",
            "occupation",
            "2",
            "2",
            "1.0000",
            "2",
            "1",
            "0",
            "1",
            "8",
            "250.0000",
            "142.8571",
        ],
        ["independent", "peace", "2", "0", "0.0000", "0", "0", "0", "0", "8", "0.0000", "0.0000"],
        [
            "state",
            "occupation",
            "6",
            "3",
            "0.5000",
            "3",
            "2",
            "1",
            "0",
            "25",
            "120.0000",
            "95.2381",
        ],
        ["state", "peace", "6", "3", "0.5000", "4", "4", "0", "0", "25", "160.0000", "190.4762"],
    ];
    assert_eq!(got, want.map(|r| r.map(String::from)));
    // every outlet table is per group; the article tables keep the outlet
    let wide = w.csv("output/frames_wide.csv");
    assert_eq!(wide[0], ["frame", "label", "independent", "state"]);
    let periods = w.csv("output/outlet_periods.csv");
    assert!(periods[1..].iter().all(|r| r[0] == "independent" || r[0] == "state"));
    let tests = w.csv("output/outlet_tests.csv");
    assert_eq!(tests.len(), 1 + 2 * 4);
    let matrix = w.csv("output/article_matrix.csv");
    assert_eq!((matrix[1][1].as_str(), matrix[1][2].as_str()), ("east", "state"));
    let j: serde_json::Value = serde_json::from_str(&w.read("output/run.json")).unwrap();
    assert_eq!(j["options"]["by"], "group");
    // an article without a group is counted in the group "(no group)", with a warning
    w.write(
        "corpus/manifest.csv",
        manifest.replace(
            "w4.txt,west,2024,only the year is known,state",
            "w4.txt,west,2024,only the year is known,",
        ),
    );
    let err = run(&w, &["run", "--by", "group"]);
    assert!(err.contains("1 articles of the corpus folder have no 'group' cell"), "{err}");
    let rows = w.csv("output/outlet_frames.csv");
    let none = rows.iter().find(|r| r[0] == "(no group)").expect("a (no group) row");
    assert_eq!(none[2], "1");
}

/// A collection's `group` column (CSV, or the `group` key of JSON Lines),
/// or the one `--group-col` names.
#[test]
fn collections_carry_the_group() {
    let w = Workdir::with(FIXTURE);
    w.write(
        "news.csv",
        "text,outlet,bloc\nRussia occupied it.,a,state\nPeacekeepers stayed.,b,state\n",
    );
    run(&w, &["run", "--collection", "news.csv", "--group-col", "bloc", "--by", "group"]);
    let rows = w.csv("output/outlet_frames.csv");
    // one group of both articles: 3 + 2 = 5 tokens, one occupation hit
    assert_eq!(rows[1][..6], ["state", "occupation", "2", "1", "0.5000", "1"]);
    w.write(
        "news.jsonl",
        "{\"text\": \"Russia occupied it.\", \"outlet\": \"a\", \"group\": \"g1\"}\n",
    );
    run(&w, &["run", "--collection", "news.jsonl", "--by", "group"]);
    assert_eq!(w.csv("output/outlet_frames.csv")[1][0], "g1");
    assert_eq!(w.csv("output/article_matrix.csv")[1][..3], ["news.jsonl:1", "a", "g1"]);
}

/// The new tables are the same bytes for one thread and for four, and a
/// cached rerun gives a fresh run's tables.
#[test]
fn new_tables_are_identical_across_jobs_and_cache() {
    let w = with_counts();
    let d = ["--denominator", "counts.csv"];
    run(&w, &[&["run", "--jobs", "1", "--out", "one"][..], &d].concat());
    run(&w, &[&["run", "--jobs", "4", "--out", "four"][..], &d].concat());
    let cached = run(&w, &[&["run", "--jobs", "4", "--out", "four"][..], &d].concat());
    assert!(cached.contains("(8 from the cache)"), "{cached}");
    for t in [
        "article_matrix.csv",
        "outlet_periods.csv",
        "outlet_tests.csv",
        "outlet_frames.csv",
        "frames_wide.csv",
    ] {
        assert_eq!(w.read(&format!("one/{t}")), w.read(&format!("four/{t}")), "{t}");
    }
}

/// On the shipped corpus by year (every article is dated at least to a
/// year), each article is in exactly one period, so summing an outlet's
/// periods gives outlet_frames.csv and outlet_entities.csv back: hits,
/// own-voice hits, articles with the item, articles and tokens.
#[test]
fn periods_add_up_to_the_outlet_tables() {
    use std::collections::HashMap;
    let w = Workdir::with(".");
    let err = run(&w, &["run", "--period", "year"]);
    assert!(!err.contains("leaves out"), "{err}");
    let mut sums: HashMap<(String, String), [u64; 5]> = HashMap::new();
    let periods = w.csv("output/outlet_periods.csv");
    let h = &periods[0];
    let c = |k: &str| h.iter().position(|x| x == k).unwrap();
    for r in &periods[1..] {
        let s = sums.entry((r[c("outlet")].clone(), r[c("item")].clone())).or_default();
        for (i, k) in
            ["hits", "hits_own", "articles_with_item", "articles", "tokens"].iter().enumerate()
        {
            s[i] += r[c(k)].parse::<u64>().unwrap();
        }
    }
    let mut checked = 0;
    for (table, item, with, hits, own) in [
        ("outlet_frames.csv", "frame", "articles_with_frame", "hits", "hits_own"),
        ("outlet_entities.csv", "entity", "articles_with_entity", "mentions", "mentions_own"),
    ] {
        let t = w.csv(&format!("output/{table}"));
        let h = &t[0];
        let c = |k: &str| h.iter().position(|x| x == k).unwrap();
        for r in &t[1..] {
            let got = sums[&(r[c("outlet")].clone(), r[c(item)].clone())];
            let want =
                [hits, own, with, "articles", "tokens"].map(|k| r[c(k)].parse::<u64>().unwrap());
            assert_eq!(got, want, "{table} {r:?}");
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}
