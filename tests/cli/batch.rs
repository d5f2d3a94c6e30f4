//! Batch runs: the cache, collections, and what an interrupted run leaves
//! (issue 5, SPEC §8, §2).

use predicates::prelude::*;

use crate::util::{TABLES, Workdir, col};

fn summary(w: &Workdir, args: &[&str]) -> String {
    let out = w.command().args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn rerun_reuses_the_cache_and_gives_the_same_tables() {
    let w = Workdir::with("tests/fixtures/frames");
    assert!(summary(&w, &[]).contains("3 articles (0 from the cache)"));
    // the cache keeps no context: hits are put in context from the text
    let cache = w.read("output/.cache/articles.cache");
    assert!(cache.contains("\"span\"") && !cache.contains("\"left\""), "{cache}");
    assert!(summary(&w, &[]).contains("3 articles (3 from the cache)"));
    // one new article: only it is analysed
    w.write("corpus/south/s2.txt", "Moscow called Pashinyan a traitor.");
    assert!(summary(&w, &[]).contains("4 articles (3 from the cache)"));
    // an edited article is analysed again
    w.write("corpus/s1.txt", "Traitors and traitors, again.");
    assert!(summary(&w, &[]).contains("4 articles (3 from the cache)"));
    // the tables equal a run from scratch
    assert!(summary(&w, &["run", "--no-cache", "--out", "scratch"]).contains("(0 from the cache)"));
    for t in TABLES {
        assert_eq!(w.read(&format!("output/{t}")), w.read(&format!("scratch/{t}")), "{t}");
    }
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    // issue 19, item 5: `--no-cache` wrote a new cache all the same
    let w = Workdir::with("tests/fixtures/frames");
    assert!(summary(&w, &[]).contains("3 articles (0 from the cache)"));
    assert!(w.path().join("output/.cache").is_dir());
    assert!(summary(&w, &["run", "--no-cache"]).contains("3 articles (0 from the cache)"));
    assert!(!w.path().join("output/.cache").exists(), "no cache after --no-cache");
    // so the next run analyses everything again, and writes a cache
    assert!(summary(&w, &[]).contains("3 articles (0 from the cache)"));
    assert!(w.path().join("output/.cache").is_dir());
}

#[test]
fn changed_lexicons_invalidate_the_cache() {
    let w = Workdir::with("tests/fixtures/frames");
    summary(&w, &[]);
    let frames =
        w.read("lexicons/frames.toml").replace("\"traitor*\"", "\"traitor*\", \"betrayed\"");
    w.write("lexicons/frames.toml", frames);
    let s = summary(&w, &[]);
    assert!(s.contains("(0 from the cache)") && s.contains("the lexicons changed"), "{s}");
}

#[test]
fn corrupt_or_foreign_cache_is_ignored_with_a_warning() {
    let w = Workdir::with("tests/fixtures/frames");
    summary(&w, &[]);
    w.write("output/.cache/articles.cache", "framelens-cache-3\t0.0.1\tbuild\tabc\n");
    let s = summary(&w, &[]);
    assert!(s.contains("cache ignored and rebuilt: it was written by framelens 0.0.1"), "{s}");
    assert!(s.contains("(0 from the cache)"), "{s}");
    // the rebuilt cache is used next time
    assert!(summary(&w, &[]).contains("(3 from the cache)"));
    // a cache written by another build of the same version is not trusted
    let cache = w.read("output/.cache/articles.cache");
    let mut header: Vec<&str> = cache.lines().next().unwrap().split('\t').collect();
    header[2] = "otherbuild";
    let rebuilt = cache.replacen(cache.lines().next().unwrap(), &header.join("\t"), 1);
    w.write("output/.cache/articles.cache", rebuilt);
    let s = summary(&w, &[]);
    assert!(
        s.contains("framelens was rebuilt since the last run") && s.contains("(0 from the cache)"),
        "{s}"
    );
    let cache = w.read("output/.cache/articles.cache");
    let mut lines: Vec<&str> = cache.lines().collect();
    lines[2] = "not a cache line";
    w.write("output/.cache/articles.cache", lines.join("\n") + "\n");
    let s = summary(&w, &[]);
    assert!(s.contains("cache ignored and rebuilt: a line of it is damaged"), "{s}");
}

#[test]
fn collection_csv_and_jsonl_run_like_a_folder() {
    let w = Workdir::with("tests/fixtures/frames");
    // the fixture's three articles as a CSV collection, with export-style column names
    let mut csv = String::from("stories_id,media_name,publish_date,title,text\n");
    for (id, outlet, date, file) in [
        ("n1.txt", "north", "2024-02-01", "n1.txt"),
        ("n2.txt", "north", "2024-02", "n2.txt"),
        ("s1.txt", "south", "2024", "s1.txt"),
    ] {
        let text = w.read(&format!("corpus/{file}")).trim_end().replace('"', "\"\"");
        csv.push_str(&format!("{id},{outlet},{date},,\"{text}\"\n"));
    }
    csv.push_str("bad,row\n");
    w.write("news.csv", &csv);
    let out = w
        .command()
        .args(["run", "--collection", "news.csv", "--out", "from_csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the ragged row is an error");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("news.csv:5: error: row skipped: it has 2 fields where the header has 5"),
        "{stderr}"
    );
    w.command().args(["run", "--out", "from_folder", "--no-cache"]).assert().success();
    for t in ["outlet_frames.csv", "outlet_entities.csv", "frames_wide.csv", "frame_entities.csv"] {
        assert_eq!(w.read(&format!("from_csv/{t}")), w.read(&format!("from_folder/{t}")), "{t}");
    }
    let jsonl =
        "{\"body\": \"Traitors and traitors.\", \"source\": \"south\", \"id\": \"j1\"}\n{oops\n";
    w.write("news.jsonl", jsonl);
    w.command()
        .args(["run", "--collection", "news.jsonl", "--text-col", "body", "--out", "from_jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("news.jsonl:2: error: line skipped: not a JSON object"));
    let rows = w.csv("from_jsonl/articles.csv");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][col(&rows[0], "frame_hits")], "2");
}

#[test]
fn duplicate_ids_in_a_collection() {
    let w = Workdir::with("tests/fixtures/frames");
    w.write("dup.csv", "id,outlet,text\na,x,One text.\na,y,Another text.\n");
    w.command().args(["run", "--collection", "dup.csv"]).assert().code(1).stderr(
        predicate::str::contains("dup.csv:3: error: duplicate article id 'a'; this one is skipped"),
    );
    assert_eq!(w.csv("output/articles.csv").len(), 2);
}

#[test]
fn hits_none_skips_hits_csv_only() {
    let w = Workdir::with("tests/fixtures/frames");
    w.command().args(["run", "--hits", "none"]).assert().success();
    assert!(!w.path().join("output/hits.csv").exists());
    assert!(w.path().join("output/outlet_frames.csv").exists());
}

/// Every table read back with the csv crate has exactly the header SPEC §7 gives.
#[test]
fn every_table_has_the_spec_header() {
    let w = Workdir::with("tests/fixtures/frames");
    w.command().assert().success();
    let spec: &[(&str, &[&str])] = &[
        (
            "articles.csv",
            &[
                "article_id",
                "file",
                "outlet",
                "date",
                "title",
                "tokens",
                "sentences",
                "boilerplate_chars",
                "entity_mentions",
                "frame_hits",
            ],
        ),
        (
            "outlet_frames.csv",
            &[
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
                "g2",
                "log_ratio",
                "p_value",
            ],
        ),
        (
            "outlet_entities.csv",
            &[
                "outlet",
                "entity",
                "type",
                "actor",
                "mentions",
                "articles_with_entity",
                "per_1k",
                "g2",
                "log_ratio",
                "p_value",
            ],
        ),
        ("entity_variants.csv", &["outlet", "entity", "variant", "mentions"]),
        ("article_frames.csv", &["article_id", "outlet", "frame", "hits"]),
        (
            "hits.csv",
            &[
                "article_id",
                "outlet",
                "kind",
                "name",
                "pattern",
                "voice",
                "left",
                "match",
                "right",
                "sentence_no",
                "start",
                "end",
            ],
        ),
        ("frames_wide.csv", &["frame", "label", "north", "south"]),
        ("frame_entities.csv", &["outlet", "frame", "entity", "sentences"]),
    ];
    for (table, want) in spec {
        let rows = w.csv(&format!("output/{table}"));
        assert_eq!(&rows[0][..want.len()], *want, "{table}");
        for r in &rows {
            assert_eq!(r.len(), rows[0].len(), "{table}: ragged row {r:?}");
        }
    }
}
