//! One behaviour for every command (issue 18): `explain`, `kwic` and `check`
//! read the corpus, the collection and the lexicons as `run` does, and give
//! its numbers.

use crate::util::{Workdir, col};

/// `explain` of every shipped article, by id and by file, reports the
/// tokens, sentences, boilerplate, mentions and hits that `run` writes in
/// articles.csv (it ignored the manifest before: 814 tokens where run
/// counted 804, since the outlet's boilerplate was not cut).
#[test]
fn explain_gives_the_numbers_of_run_for_every_shipped_article() {
    let w = Workdir::with(".");
    w.command().args(["run"]).assert().success();
    let rows = w.csv("output/articles.csv");
    let h = &rows[0];
    assert_eq!(rows.len(), 6);
    for row in &rows[1..] {
        let cell = |name: &str| row[col(h, name)].clone();
        let want = format!(
            "{}: outlet {}, {} tokens, {} sentences, {} boilerplate chars cut, {} entity mentions, {} frame hits",
            cell("article_id"),
            cell("outlet"),
            cell("tokens"),
            cell("sentences"),
            cell("boilerplate_chars"),
            cell("entity_mentions"),
            cell("frame_hits")
        );
        let by_file = format!("corpus/{}", cell("file"));
        for arg in [cell("article_id"), by_file] {
            let out = w.command().args(["explain", &arg]).output().unwrap();
            assert!(out.status.success(), "{out:?}");
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert_eq!(stdout.lines().next().unwrap(), want, "explain {arg}");
            // one line per hit after the cuts, as many as run counted
            let hits = stdout.lines().filter(|l| l.starts_with('s')).count();
            let total: usize = cell("entity_mentions").parse::<usize>().unwrap()
                + cell("frame_hits").parse::<usize>().unwrap();
            assert_eq!(hits, total, "explain {arg}");
        }
    }
}

/// `explain` and `kwic` read a collection, as `run` does; an id that is not
/// there is a clear error.
#[test]
fn explain_and_kwic_read_a_collection() {
    let w = Workdir::new();
    w.write(
        "news.csv",
        "id,outlet,text\nr1,north,Peacekeepers left Karabakh.\nr2,south,The peacekeeping mission ended.\n",
    );
    w.write("lexicons/boilerplate.toml", "");
    let out = w.command().args(["explain", "r2", "--collection", "news.csv"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    // "The peacekeeping mission ended." : 4 words, one sentence
    assert!(
        stdout.starts_with("r2: outlet south, 4 tokens, 1 sentences, 0 boilerplate chars cut"),
        "{stdout}"
    );
    let out = w.command().args(["explain", "r9", "--collection", "news.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no article with the id or file 'r9' in news.csv"), "{stderr}");
    let out =
        w.command().args(["kwic", "peacekeep*", "--collection", "news.csv"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let places: Vec<&str> = stdout.lines().map(|l| l.split(' ').next().unwrap()).collect();
    // the location names the sentence as a sentence, not as a line
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.lines().all(|l| l.contains(":sentence 1 ")), "{stdout}");
    assert_eq!(places, ["r1:sentence", "r2:sentence"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("2 hits in 2 of 2 articles"), "{stderr}");
}

/// A problem reading a file says "error" once.
#[test]
fn explain_of_an_unreadable_file_says_error_once() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("draft.txt", [0u8, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
    let out = w.command().args(["explain", "draft.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("error").count(), 1, "{stderr}");
}
