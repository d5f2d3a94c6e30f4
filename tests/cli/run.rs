//! `framelens run`, the default command.

use crate::util::{Workdir, col};

/// The shipped corpus, run as a new user would: no arguments.
#[test]
fn default_run_on_shipped_corpus() {
    let w = Workdir::with(".");
    w.command().assert().success();
    let rows = w.csv("output/articles.csv");
    let h = &rows[0];
    assert_eq!(rows.len(), 6, "header + five seeds");
    let get = |row: &Vec<String>, name: &str| row[col(h, name)].clone();
    let outlets: Vec<String> = rows[1..].iter().map(|r| get(r, "outlet")).collect();
    assert_eq!(outlets, ["mei", "cpc", "unattributed", "osw", "caucasuswatch"]);
    let dates: Vec<String> = rows[1..].iter().map(|r| get(r, "date")).collect();
    assert_eq!(dates, ["2024-05", "2024-04-25", "2024-04-18", "2024-04-18", "2023-11"]);
    assert_eq!(get(&rows[2], "title"), "Russia’s Premature Withdrawal, Withered Force");
    assert_eq!(get(&rows[1], "title"), "", "MEI's piece has no headline");
    for row in &rows[1..] {
        let cut: usize = get(row, "boilerplate_chars").parse().unwrap();
        let outlet = get(row, "outlet");
        match outlet.as_str() {
            "mei" | "cpc" | "caucasuswatch" | "unattributed" => assert!(cut > 0, "{outlet}"),
            _ => assert_eq!(cut, 0, "{outlet}"),
        }
        assert!(get(row, "tokens").parse::<usize>().unwrap() > 500, "{outlet}");
        assert!(get(row, "sentences").parse::<usize>().unwrap() > 20, "{outlet}");
    }
    let run: serde_json::Value = serde_json::from_str(&w.read("output/run.json")).unwrap();
    assert_eq!(run["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["inputs"].as_array().unwrap().len(), 5);
    let sha = run["inputs"][0]["sha256"].as_str().unwrap();
    let bytes = std::fs::read(w.path().join("corpus/000_541dd8482db94a32.txt")).unwrap();
    assert_eq!(sha, framelens::ingest::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes)));
}

/// Counts on the small fixture, worked out by reading its three files.
#[test]
fn small_fixture_counts_by_hand() {
    let w = Workdir::with("tests/fixtures/small");
    w.command().arg("run").assert().success();
    let rows = w.csv("output/articles.csv");
    let h = &rows[0];
    let pick = |names: &[&str]| -> Vec<Vec<String>> {
        rows[1..].iter().map(|r| names.iter().map(|n| r[col(h, n)].clone()).collect()).collect()
    };
    // a1: Gen Ivanov said Russia peace keepers would stay | The U.S disagreed → 11 tokens,
    //     2 sentences ("Gen." and "U.S." end none); "Subscribe to our newsletter!" cut: 28 chars.
    // a2: Occupation is a 1,960 word essay | A second line → 9 tokens, 2 sentences (line break).
    // beta/b1: Пашинян встретился с Путиным (4) | Переговоры шли долго (3) → 7 tokens, 2 sentences;
    //     outlet from its folder.
    assert_eq!(
        pick(&["article_id", "outlet", "date", "tokens", "sentences", "boilerplate_chars"]),
        [
            ["a1.txt", "alpha", "2024-04-18", "11", "2", "28"],
            ["a2.txt", "alpha", "2024-05", "9", "2", "0"],
            ["beta/b1.txt", "beta", "", "7", "2", "0"],
        ]
    );
    let cuts = w.csv("output/boilerplate.csv");
    assert_eq!(cuts.len(), 2);
    assert_eq!(cuts[1][col(&cuts[0], "text")], "Subscribe to our newsletter!");
    assert_eq!(cuts[1][col(&cuts[0], "rule")], "newsletter");
}

#[test]
fn tables_are_identical_whatever_the_thread_count() {
    let w = Workdir::with(".");
    w.command().args(["run", "--jobs", "1", "--out", "one"]).assert().success();
    w.command().args(["run", "--jobs", "2", "--out", "two"]).assert().success();
    for table in ["articles.csv", "boilerplate.csv"] {
        assert_eq!(w.read(&format!("one/{table}")), w.read(&format!("two/{table}")), "{table}");
    }
}

#[test]
fn excel_option_writes_a_byte_order_mark() {
    let w = Workdir::with("tests/fixtures/small");
    w.command().args(["--excel"]).assert().success();
    let bytes = std::fs::read(w.path().join("output/articles.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFarticle_id,"));
}

#[test]
fn summary_names_what_was_done() {
    let w = Workdir::with("tests/fixtures/small");
    let out = w.command().output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("3 articles (0 from the cache) from 2 outlets, 27 tokens"), "{stderr}");
}

/// 1,005 articles, four batches of at most 256: the tables must come out in
/// id order and the same whatever the thread count.
#[test]
fn many_articles_come_out_in_id_order_whatever_the_thread_count() {
    let w = Workdir::with(".");
    for i in 0..1000 {
        let text = if i % 4 == 0 {
            format!("Wire item {i}. Karabakh was calm, and Karabakh stayed calm.\n")
        } else {
            format!("Wire item {i}. Nothing happened.\n")
        };
        w.write(&format!("corpus/wire/{i:04}.txt"), text);
    }
    for (jobs, out) in [("1", "one"), ("3", "three")] {
        w.command().args(["run", "--no-cache", "--jobs", jobs, "--out", out]).assert().success();
    }
    for table in ["articles.csv", "article_frames.csv", "hits.csv", "outlet_entities.csv"] {
        assert!(w.read(&format!("one/{table}")) == w.read(&format!("three/{table}")), "{table}");
    }
    let rows = w.csv("three/articles.csv");
    assert_eq!(rows.len(), 1 + 5 + 1000);
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    let wire: Vec<&Vec<String>> = rows[1..].iter().filter(|r| r[0].starts_with("wire/")).collect();
    assert_eq!(wire.len(), 1000);
    assert_eq!(wire[0][0], "wire/0000.txt");
    assert_eq!(wire[999][0], "wire/0999.txt");
    // every fourth article names Karabakh twice: 250 × 2
    let mentions = col(&rows[0], "entity_mentions");
    let total: u32 = wire.iter().map(|r| r[mentions].parse::<u32>().unwrap()).sum();
    assert_eq!(total, 500);
    assert_eq!(wire[4][mentions], "2");
    assert_eq!(wire[5][mentions], "0");
}
