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
    let out = std::process::Command::new("sh")
        .current_dir(w.path())
        .arg("-c")
        .arg(format!("ulimit -v 1000000 && exec '{}' run --jobs 2", bin.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
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

/// Two runs into one output folder at once: the second stops with exit 2
/// and names the first (which holds the lock), or runs after it; either
/// way the folder ends with one complete run, and no run fails on files the
/// other removed (8 of 9 trials did).
#[test]
fn two_runs_into_one_folder_never_break_each_other() {
    let w = Workdir::with(".");
    w.add_copies(200);
    w.command().args(["run", "--no-cache", "--out", "reference"]).assert().success();
    let reference = snapshot(&w.path().join("reference"));
    let bin = assert_cmd::cargo::cargo_bin("framelens");
    let mut refused = 0;
    for _ in 0..4 {
        let start = || {
            std::process::Command::new(&bin)
                .current_dir(w.path())
                .args(["run", "--no-cache", "--jobs", "1"])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start(), start());
        for out in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => {}
                Some(2) => {
                    assert!(
                        stderr.contains("is in use by framelens run (pid "),
                        "the message names the holder: {stderr}"
                    );
                    refused += 1;
                }
                other => panic!("{other:?}: {stderr}"),
            }
        }
        assert_eq!(snapshot(&w.path().join("output")), reference);
    }
    // with 200 articles to analyse, the two runs overlap at least once
    assert!(refused > 0, "the runs never overlapped; make the corpus larger");
    assert_eq!(beside_output(&w), [".output.framelens.lock"]);
}

/// A held lock is named in the message, whoever holds it.
#[test]
fn a_locked_output_folder_is_refused_with_exit_2() {
    let w = Workdir::with("tests/fixtures/small");
    std::fs::write(w.path().join(".output.framelens.lock"), "framelens run (pid 4242, test)")
        .unwrap();
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(w.path().join(".output.framelens.lock"))
        .unwrap();
    lock.lock().unwrap();
    w.command()
        .args(["run"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("'output' is in use by framelens run (pid 4242, test)"));
    assert!(!w.path().join("output").exists());
    drop(lock);
    w.command().args(["run"]).assert().success();
}

/// A run that counts no article keeps the previous tables (exit 1, and
/// says why), whether every article failed or the corpus holds none.
#[test]
fn nothing_replaces_good_tables() {
    let w = Workdir::with("tests/fixtures/small");
    w.command().args(["run"]).assert().success();
    let good = snapshot(&w.path().join("output"));
    assert_eq!(good.1, 3);
    // every article fails: each file is empty
    for entry in walk_txt(&w.path().join("corpus")) {
        std::fs::write(entry, "  \n").unwrap();
    }
    w.command()
        .args(["run"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "none of the 3 articles found could be analysed (see the errors); the tables in this folder were left as they were",
        ))
        .stderr(predicates::str::contains("no tables written"));
    assert_eq!(snapshot(&w.path().join("output")), good);
    // a corpus folder that holds no article at all
    std::fs::remove_dir_all(w.path().join("corpus")).unwrap();
    std::fs::create_dir(w.path().join("corpus")).unwrap();
    w.command()
        .args(["run"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("the corpus folder holds no article"));
    assert_eq!(snapshot(&w.path().join("output")), good);
    w.command()
        .args(["kwic", "peace*"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("the corpus folder holds no article: nothing to search"));
}

fn walk_txt(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_txt(&p));
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
    out
}

/// `--jobs 65535` is capped at four threads a core, with a note.
#[test]
fn absurd_jobs_are_capped_with_a_note() {
    let w = Workdir::with("tests/fixtures/small");
    let cores = std::thread::available_parallelism().unwrap().get();
    w.command()
        .args(["run", "--jobs", "65535"])
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "--jobs 65535 is more than 4 threads for each of this machine's {cores} cores; using {}",
            cores * 4
        )));
}

/// An output folder that holds the corpus or the lexicons is refused: each
/// run replaces the output folder as a whole.
#[test]
fn an_output_folder_holding_the_inputs_is_refused() {
    let w = Workdir::with("tests/fixtures/small");
    for out in [".", "corpus", "lexicons"] {
        w.command().args(["run", "--out", out]).assert().code(2).stderr(predicates::str::contains(
            "which the run reads; each run replaces the output folder",
        ));
    }
    // nothing was staged or written beside them
    assert!(!w.path().join("output").exists());
    assert!(w.path().join("corpus/manifest.csv").is_file());
}
