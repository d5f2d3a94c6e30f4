//! A work folder per test and a command to run framelens in it (ripgrep's
//! `Dir`/`TestCommand`, xsv's `Workdir`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Every table a run writes (SPEC §7, plus boilerplate.csv).
pub const TABLES: &[&str] = &[
    "articles.csv",
    "boilerplate.csv",
    "outlet_frames.csv",
    "article_frames.csv",
    "frames_wide.csv",
    "frame_entities.csv",
    "outlet_entities.csv",
    "entity_variants.csv",
    "outlet_actors.csv",
    "hits.csv",
    "article_matrix.csv",
    "outlet_periods.csv",
    "outlet_tests.csv",
];

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder that holds copies of fixture folders.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// An empty work folder.
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A work folder holding `corpus/` and `lexicons/` copied from `from`
    /// (a folder relative to the repository root).
    pub fn with(from: &str) -> Workdir {
        let w = Workdir::new();
        let src = repo().join(from);
        copy_dir(&src.join("corpus"), &w.path().join("corpus"));
        copy_dir(&src.join("lexicons"), &w.path().join("lexicons"));
        w
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (folders created).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Adds `n` copies of the corpus's own articles as `corpus/copies/NNNN.txt`
    /// (each with a line of its own, so no two are the same): a corpus large
    /// enough that a run is still going a moment after it starts.
    pub fn add_copies(&self, n: usize) {
        let seeds: Vec<String> = std::fs::read_dir(self.path().join("corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        for i in 0..n {
            self.write(
                &format!("corpus/copies/{i:04}.txt"),
                format!("{}\nCopy {i}.", seeds[i % seeds.len()]),
            );
        }
    }

    /// Reads a file as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Reads a CSV table into rows of cells, header first.
    pub fn csv(&self, rel: &str) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(self.path().join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
    }

    /// `framelens` with the work folder as current directory.
    pub fn command(&self) -> Command {
        let mut cmd = Command::cargo_bin("framelens").expect("binary built");
        cmd.current_dir(self.path());
        cmd
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The column of `name` in a header row.
pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}
