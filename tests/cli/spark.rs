//! The Spark example on a real Spark (issue 24): `examples/spark/
//! framelens_spark.py` run by `spark-submit --master local[2]` on the
//! shipped corpus and on generated BBC-like articles in at least four
//! partitions; every table it writes is compared byte for byte with
//! `framelens run --collection` on the same file.
//!
//! Spark is found as `FRAMELENS_SPARK_SUBMIT` (a `spark-submit`; `.ci/run`
//! installs PySpark in a virtual environment and names it), else
//! `spark-submit` on PATH. Without it the test is skipped and says so on
//! stderr; with `FRAMELENS_REQUIRE_SPARK=1` (as `.ci/run` sets it) a missing
//! Spark fails it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::mapreduce::{bbc_like, same_tables};
use crate::util::{Workdir, repo};

/// `spark-submit`, or why there is none.
fn spark_submit() -> Option<PathBuf> {
    let named = std::env::var_os("FRAMELENS_SPARK_SUBMIT").map(PathBuf::from);
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|p| p.join("spark-submit")).find(|p| p.is_file())
    });
    if let Some(s) = named.or(on_path).filter(|p| p.is_file()) {
        return Some(s);
    }
    let why = "no Spark found (FRAMELENS_SPARK_SUBMIT, or spark-submit on PATH)";
    if std::env::var("FRAMELENS_REQUIRE_SPARK").is_ok_and(|v| v == "1") {
        panic!("{why}, and FRAMELENS_REQUIRE_SPARK=1: run .ci/run, or pip install pyspark");
    }
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED spark_example_equals_run: {why}; `bash .ci/run` installs it (Java and PySpark in a venv), or set FRAMELENS_REQUIRE_SPARK=1 to make this a failure"
    );
    None
}

/// The shipped corpus as a JSON Lines collection, rows in id order.
fn shipped_jsonl() -> String {
    let mut r = csv::Reader::from_path(repo().join("corpus/manifest.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let get = |row: &csv::StringRecord, name: &str| {
        row.get(h.iter().position(|c| c == name).unwrap()).unwrap().to_string()
    };
    let mut rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    rows.sort_by_key(|row| get(row, "file"));
    let mut out = String::new();
    for row in rows {
        let file = get(&row, "file");
        let text = std::fs::read_to_string(repo().join("corpus").join(&file)).unwrap();
        let json = serde_json::json!({
            "id": file, "outlet": get(&row, "outlet"), "date": get(&row, "date"),
            "title": get(&row, "title"), "authors": get(&row, "authors"), "text": text,
        });
        out.push_str(&json.to_string());
        out.push('\n');
    }
    out
}

/// Runs the example under `spark-submit --master local[2]`; returns its
/// exit code and output.
fn spark(
    submit: &Path,
    w: &Workdir,
    jsonl: &str,
    out: &str,
    partitions: usize,
    ship: bool,
) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("framelens");
    let dir = submit.parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(dir.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let mut cmd = Command::new(submit);
    cmd.current_dir(w.path())
        .env("PATH", path)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .args(["--master", "local[2]", "--conf", "spark.ui.enabled=false"])
        .arg(repo().join("examples/spark/framelens_spark.py"))
        .args([jsonl, out, "--source", jsonl, "--partitions", &partitions.to_string()])
        .arg("--framelens")
        .arg(&bin)
        .args(["--map-args", "--jobs 1", "--reduce-args", "--jobs 2"]);
    if ship {
        cmd.arg("--ship-framelens");
    }
    // the venv's Python, where PySpark is, for the driver and the workers
    let python = dir.join("python");
    if python.is_file() {
        cmd.env("PYSPARK_PYTHON", &python).env("PYSPARK_DRIVER_PYTHON", &python);
    }
    let o = cmd.output().expect("spark-submit starts");
    let text =
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    (o.status.code().unwrap_or(-1), text)
}

#[test]
fn spark_example_equals_run() {
    let Some(submit) = spark_submit() else { return };
    let w = Workdir::with(".");
    let cases = [
        // the shipped corpus: five articles in four partitions, framelens
        // shipped with the job as the lexicons are
        ("corpus.jsonl", shipped_jsonl(), 4, 0, true),
        // generated BBC-like articles, with a few bad rows, in six partitions
        ("bbc.jsonl", bbc_like(3000, 2225, 499), 6, 1, false),
    ];
    for (name, jsonl, partitions, status, ship) in cases {
        w.write(name, &jsonl);
        let stem = name.trim_end_matches(".jsonl");
        let run = w
            .command()
            .args(["run", "--collection", name, "--out", &format!("{stem}-run"), "--jobs", "2"])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(status), "{}", String::from_utf8_lossy(&run.stderr));
        let out = format!("{stem}-spark");
        let (code, log) = spark(&submit, &w, name, &out, partitions, ship);
        assert_eq!(code, status, "spark-submit:\n{log}");
        let parts = std::fs::read_dir(w.path().join(&out).join("parts"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("part-"))
            .count();
        assert!(parts >= partitions, "{parts} parts:\n{log}");
        same_tables(&w.path().join(format!("{stem}-run")), &w.path().join(&out).join("tables"));
    }
}
