//! Integrity of a run under real conditions (issue 17): cost linear in an
//! article's hits, one run's tables in the output folder at every instant,
//! one run at a time per output folder, nothing replaced by nothing, sane
//! limits on arguments.

use crate::util::Workdir;

/// A lexicon of one entity (`Pashinyan`) and one frame (`occupation`).
fn tiny_lexicons(w: &Workdir) {
    w.write(
        "lexicons/entities.toml",
        "[[entity]]\nid = \"pashinyan\"\nname = \"Nikol Pashinyan\"\ntype = \"PERSON\"\naliases = [\"Pashinyan\"]\n",
    );
    w.write(
        "lexicons/frames.toml",
        "[[frame]]\nid = \"occupation\"\nlabel = \"Occupation\"\ndescription = \"x\"\npatterns = [\"occupation\"]\n",
    );
}

/// An article of one sentence with 10,000 frame hits and 10,000 mentions
/// runs in bounded memory: frame × entity pairs are formed per sentence, not
/// per article (which took 2 GB for this 210 KB article). The limit on the
/// address space makes the old behaviour fail instead of merely slow.
#[cfg(target_os = "linux")]
#[test]
fn one_sentence_of_many_hits_runs_in_bounded_memory() {
    let w = Workdir::new();
    tiny_lexicons(&w);
    w.write("corpus/x/a.txt", "occupation Pashinyan ".repeat(10_000));
    let bin = assert_cmd::cargo::cargo_bin("framelens");
    let status = std::process::Command::new("sh")
        .current_dir(w.path())
        .arg("-c")
        .arg(format!("ulimit -v 1000000 && exec '{}' run --jobs 2", bin.display()))
        .status()
        .unwrap();
    assert!(status.success(), "{status:?}");
    // one sentence holds both: one sentence for the pair
    let rows = w.csv("output/frame_entities.csv");
    assert_eq!(rows[1], ["x", "occupation", "pashinyan", "1"]);
    let rows = w.csv("output/outlet_frames.csv");
    assert_eq!(rows[1][5], "10000", "{rows:?}");
}

/// The CSV tables of a folder and `run.json`'s article count.
fn snapshot(dir: &std::path::Path) -> (Vec<(String, String)>, u64) {
    let mut tables: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .filter(|p| !p.ends_with("lexicon_report.csv")) // check's, not a run's
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    tables.sort();
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    (tables, run["summary"]["articles"].as_u64().unwrap())
}

/// Names beside the output folder (the lock file, staging folders).
fn beside_output(w: &Workdir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(w.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output"))
        .collect();
    names.sort();
    names
}

/// A run killed after each file operation of its commit leaves one complete
/// run in `output/`: every table and run.json of the old run, or every one
/// of the new run, never some of each; a file of the user's own stays.
#[test]
fn a_run_killed_at_any_step_of_its_commit_leaves_one_runs_tables() {
    let w = Workdir::with("tests/fixtures/small");
    w.command().args(["run"]).assert().success();
    w.write("output/my_notes.txt", "notes of mine");
    let old = snapshot(&w.path().join("output"));
    // the new run has one more article, in a new outlet
    w.write("corpus/gamma/g1.txt", "Moscow and Baku spoke of peace.");
    w.command().args(["run", "--out", "reference"]).assert().success();
    let new = snapshot(&w.path().join("reference"));
    assert_eq!(new.1, old.1 + 1);
    assert_ne!(old.0, new.0);
    let backup = w.path().join("backup");
    crate::util::copy_dir(&w.path().join("output"), &backup);
    // both ways of swapping: the exchange, and the fallback of other systems
    for fallback in [false, true] {
        let aborted = kill_at_every_step(&w, &backup, fallback, &old, &new);
        // every table is renamed, then the folders are swapped and the old removed
        assert!(aborted >= 12, "the commit had only {aborted} steps to kill");
    }
    // what the killed runs left beside the output folder is gone
    assert_eq!(beside_output(&w), [".output.framelens.lock"]);
}

type Snapshot = (Vec<(String, String)>, u64);

fn kill_at_every_step(
    w: &Workdir,
    backup: &std::path::Path,
    fallback: bool,
    old: &Snapshot,
    new: &Snapshot,
) -> usize {
    let mut aborted = 0;
    for after in 0.. {
        // each try starts from the old run's folder
        let _ = std::fs::remove_dir_all(w.path().join("output"));
        crate::util::copy_dir(backup, &w.path().join("output"));
        let mut cmd = w.command();
        if fallback {
            cmd.env("FRAMELENS_TEST_NO_EXCHANGE", "1");
        }
        let out = cmd
            .env("FRAMELENS_TEST_ABORT_AFTER_COMMIT_OPS", after.to_string())
            .args(["run", "--no-cache"])
            .output()
            .unwrap();
        if !w.path().join("output").exists() {
            // killed between the fallback's two renames: the old folder
            // waits aside, whole, and the next run puts it back
            assert!(fallback, "no output folder after {after} operations");
            let aside: Vec<_> = std::fs::read_dir(w.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name().unwrap().to_string_lossy().starts_with(".output.framelens-old-")
                })
                .collect();
            assert_eq!(aside.len(), 1, "{aside:?}");
            assert_eq!(&snapshot(&aside[0]), old);
            // the next command that takes the folder puts it back
            w.command().args(["check"]).assert().success();
            assert_eq!(&snapshot(&w.path().join("output")), old);
            w.command().args(["run", "--no-cache"]).assert().success();
            assert_eq!(&snapshot(&w.path().join("output")), new);
            aborted += 1;
            continue;
        }
        let now = snapshot(&w.path().join("output"));
        assert!(&now == old || &now == new, "after {after} operations: a mix of two runs");
        assert_eq!(w.read("output/my_notes.txt"), "notes of mine");
        if out.status.success() {
            assert_eq!(&now, new, "a finished run shows its own tables");
            return aborted;
        }
        // aborted: a signal, no exit code
        assert_eq!(out.status.code(), None, "{out:?}");
        aborted += 1;
    }
    unreachable!()
}
