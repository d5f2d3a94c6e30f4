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
