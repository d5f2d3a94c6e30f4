//! The output folder as one unit: one run's tables at every instant, and one
//! run at a time.
//!
//! A run writes its tables into a staging folder next to the output folder
//! (`.output.framelens-new-<pid>` beside `output/`), then swaps the two
//! folders in one step (Linux `renameat2(RENAME_EXCHANGE)`) and removes the
//! old one. Whoever opens `output/` — a spreadsheet, R, a second look at
//! `run.json` — sees the previous run's complete set of tables or the new
//! run's, never a mix, whenever the run is killed or fails. Files in
//! `output/` that a run does not write (a README, a script, `check`'s
//! lexicon report) are carried into the new folder as hard links before the
//! swap.
//!
//! Where the exchange is not available (other systems, file systems without
//! it), the old folder is renamed aside and the new one renamed into place:
//! for an instant there is no `output/` at all, but never one of two runs,
//! and a run killed in that instant has its previous folder put back by the
//! next run.
//!
//! A lock file next to the output folder (`.output.framelens.lock`) holds one
//! run at a time; a second run into the same folder stops with a message
//! naming the holder. Staging folders of runs that died are removed by the
//! next run, which holds the lock.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::Pending;

/// Every file and folder a run writes into the output folder, whatever its
/// options: none of them is carried from one run to the next, so that a
/// table a run does not write this time (`hits.csv` under `--hits none`)
/// never stands beside another run's tables.
pub const RUN_FILES: &[&str] = &[
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
    "run.json",
    "report.html",
    crate::cache::DIR,
];

/// The environment variable that makes a run abort right after the given
/// number of file operations of its commit (0: before the first): how the
/// tests kill a run at every step of the swap.
pub const ABORT_AFTER_ENV: &str = "FRAMELENS_TEST_ABORT_AFTER_COMMIT_OPS";

/// A sibling of `target` named `.<name>.framelens<suffix>`.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.framelens{suffix}"))
}

/// The output folder as a path with a parent and a name, its symbolic
/// links resolved, so that the swap replaces the real folder.
fn resolve(out: &Path) -> Result<PathBuf, Error> {
    if out.exists() {
        let real = out.canonicalize().map_err(|e| Error::io(out, e))?;
        if !real.is_dir() {
            return Err(Error::Usage(format!(
                "output folder '{}' is a file, not a folder (give another with --out DIR)",
                out.display()
            )));
        }
        if real.parent().is_none() {
            return Err(Error::Usage(format!(
                "output folder '{}' is the root folder; give a folder of its own with --out DIR",
                out.display()
            )));
        }
        return Ok(real);
    }
    let name = out.file_name().ok_or_else(|| {
        Error::Usage(format!(
            "output folder '{}' has no name (give one with --out DIR)",
            out.display()
        ))
    })?;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let parent = parent.canonicalize().map_err(|e| Error::io(parent, e))?;
    Ok(parent.join(name))
}

/// The output folder, locked for one framelens command at a time; the lock
/// ends when this is dropped.
#[derive(Debug)]
pub struct OutputLock {
    /// The output folder (symbolic links resolved).
    target: PathBuf,
    _file: File,
}

impl OutputLock {
    /// Locks the output folder `out` (which need not exist), puts back a
    /// folder that a killed run left aside, and removes what dead runs left
    /// beside it.
    ///
    /// # Errors
    /// Another command holds the folder; `out` is a file; a folder cannot be
    /// written.
    pub fn acquire(out: &Path) -> Result<OutputLock, Error> {
        let target = resolve(out)?;
        let lock_path = sibling(&target, ".lock");
        let mut lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                // the holder writes its name right after it takes the lock
                let mut holder = String::new();
                for _ in 0..20 {
                    holder.clear();
                    let _ = lock.rewind().and_then(|()| lock.read_to_string(&mut holder));
                    if !holder.trim().is_empty() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                let holder = holder.trim();
                let holder = if holder.is_empty() { "another framelens run" } else { holder };
                return Err(Error::Usage(format!(
                    "output folder '{}' is in use by {holder} (lock file {}); wait until it ends, or write elsewhere with --out DIR",
                    out.display(),
                    lock_path.display()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&lock_path, e)),
        }
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let holder = format!(
            "framelens {} (pid {}, started at Unix time {started})",
            std::env::args().nth(1).filter(|a| !a.starts_with('-')).unwrap_or("run".into()),
            std::process::id()
        );
        let _ = lock
            .set_len(0)
            .and_then(|()| lock.rewind())
            .and_then(|()| lock.write_all(holder.as_bytes()));
        restore_and_clean(&target)?;
        Ok(OutputLock { target, _file: lock })
    }

    /// The output folder (symbolic links resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// The output folder of a run, locked, with the staging folder the run
/// writes into.
#[derive(Debug)]
pub struct OutputFolder {
    lock: OutputLock,
    /// Where this run's tables are written.
    staging: PathBuf,
    committed: bool,
}

impl OutputFolder {
    /// Locks the output folder `out` and starts an empty staging folder.
    ///
    /// # Errors
    /// As [`OutputLock::acquire`], and: a table's name in the folder is
    /// taken by a folder (which the swap would remove).
    pub fn open(out: &Path) -> Result<OutputFolder, Error> {
        let lock = OutputLock::acquire(out)?;
        let target = lock.target.clone();
        for name in RUN_FILES {
            let path = target.join(name);
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            let ours = if *name == crate::cache::DIR { meta.is_dir() } else { meta.is_file() };
            if !ours {
                return Err(Error::Usage(format!(
                    "'{}' is not what framelens writes there ({}); move it out of the output folder, which each run replaces",
                    path.display(),
                    if meta.is_dir() { "a folder" } else { "not a plain file" }
                )));
            }
        }
        let staging = sibling(&target, &format!("-new-{}", std::process::id()));
        std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(OutputFolder { lock, staging, committed: false })
    }

    /// The folder this run writes its tables into.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The output folder (symbolic links resolved).
    pub fn target(&self) -> &Path {
        &self.lock.target
    }

    /// Puts the new tables in place as one: renames the pending files to
    /// their names inside the staging folder, carries the user's own files
    /// over, and swaps the staging folder with the output folder. Returns
    /// the tables' paths in the output folder.
    ///
    /// # Errors
    /// A file operation fails; the output folder then holds the previous
    /// run's tables as they were.
    pub fn commit(mut self, pending: Vec<Pending>) -> Result<Vec<PathBuf>, Error> {
        let mut ops = Ops::from_env();
        let target = self.lock.target.clone();
        let mut renamed = Vec::with_capacity(pending.len());
        for p in pending {
            ops.step();
            renamed.push(p.persist()?);
        }
        // the tables' names are on disk before the folder that holds them
        // is swapped in
        crate::output::sync_parents(&renamed)?;
        let written = renamed
            .iter()
            .map(|p| target.join(p.strip_prefix(&self.staging).unwrap_or(p)))
            .collect();
        let parent = target.parent().expect("resolved output folder has a parent");
        if target.exists() {
            carry_over(&target, &self.staging, &mut ops)?;
            ops.step();
            match exchange(&self.staging, &target) {
                Ok(()) => {}
                Err(e) if exchange_unsupported(&e) => {
                    // the closest step elsewhere: aside, then into place
                    let aside = sibling(&target, &format!("-old-{}", std::process::id()));
                    std::fs::rename(&target, &aside).map_err(|e| Error::io(&target, e))?;
                    ops.step();
                    std::fs::rename(&self.staging, &target).map_err(|e| Error::io(&target, e))?;
                    ops.step();
                    std::fs::rename(&aside, &self.staging)
                        .map_err(|e| Error::io(&self.staging, e))?;
                }
                Err(e) => return Err(Error::io(&target, e)),
            }
            crate::output::sync_dir(parent)?;
            // the staging path now holds the previous run's folder
            ops.step();
            std::fs::remove_dir_all(&self.staging).map_err(|e| Error::io(&self.staging, e))?;
        } else {
            ops.step();
            std::fs::rename(&self.staging, &target).map_err(|e| Error::io(&target, e))?;
            crate::output::sync_dir(parent)?;
        }
        self.committed = true;
        Ok(written)
    }
}

impl Drop for OutputFolder {
    /// A run that does not commit leaves the output folder as it was and
    /// removes what it staged.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Counts the file operations of a commit, and aborts the process after the
/// number given in [`ABORT_AFTER_ENV`] (for the tests that kill a run at
/// every step).
struct Ops {
    done: usize,
    abort_after: Option<usize>,
}

impl Ops {
    fn from_env() -> Ops {
        let abort_after = std::env::var(ABORT_AFTER_ENV).ok().and_then(|v| v.parse().ok());
        Ops { done: 0, abort_after }
    }

    /// Called before each file operation.
    fn step(&mut self) {
        if self.abort_after == Some(self.done) {
            std::process::abort();
        }
        self.done += 1;
    }
}

/// Under the lock, before a run: a folder left aside by a run killed in the
/// middle of the fallback swap is put back when the output folder is
/// missing, and every other leftover of a dead run is removed.
fn restore_and_clean(target: &Path) -> Result<(), Error> {
    let parent = target.parent().expect("resolved output folder has a parent");
    let prefix = sibling(target, "-").file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(prefix) = prefix else { return Ok(()) };
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(()) };
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    if !target.exists()
        && let Some(old) = leftovers.iter().position(|p| {
            p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{prefix}old-")))
        })
    {
        let old = leftovers.remove(old);
        std::fs::rename(&old, target).map_err(|e| Error::io(target, e))?;
    }
    for p in leftovers {
        let _ = std::fs::remove_dir_all(&p);
    }
    Ok(())
}

/// Links every entry of `from` that a run does not write into `to`:
/// files as hard links (copies where links are refused), folders
/// recreated with their contents linked, symbolic links recreated.
fn carry_over(from: &Path, to: &Path, ops: &mut Ops) -> Result<(), Error> {
    for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let name = entry.file_name();
        if let Some(n) = name.to_str()
            && (RUN_FILES.contains(&n) || (n.starts_with('.') && n.ends_with(".tmp")))
        {
            continue;
        }
        link_tree(&entry.path(), &to.join(&name), ops)?;
    }
    Ok(())
}

fn link_tree(from: &Path, to: &Path, ops: &mut Ops) -> Result<(), Error> {
    let meta = std::fs::symlink_metadata(from).map_err(|e| Error::io(from, e))?;
    ops.step();
    if meta.is_dir() {
        std::fs::create_dir(to).map_err(|e| Error::io(to, e))?;
        for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
            let entry = entry.map_err(|e| Error::io(from, e))?;
            link_tree(&entry.path(), &to.join(entry.file_name()), ops)?;
        }
    } else if meta.is_symlink() {
        let dest = std::fs::read_link(from).map_err(|e| Error::io(from, e))?;
        symlink(&dest, to).map_err(|e| Error::io(to, e))?;
    } else if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).map_err(|e| Error::io(to, e))?;
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(dest: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(dest, link)
}

#[cfg(not(unix))]
fn symlink(_dest: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "symbolic links are not carried over"))
}

/// The environment variable that makes a run take the fallback swap (how the
/// tests reach the path of systems without the exchange).
pub const NO_EXCHANGE_ENV: &str = "FRAMELENS_TEST_NO_EXCHANGE";

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    if std::env::var_os(NO_EXCHANGE_ENV).is_some() {
        return Err(std::io::Error::new(std::io::ErrorKind::Unsupported, NO_EXCHANGE_ENV));
    }
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange here"))
}

/// The exchange is not offered by this system or file system.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported
        || matches!(e.raw_os_error(), Some(code) if code == 22 || code == 38 || code == 95)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| {
                (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    }

    fn one_run(out: &Path, text: &str) -> Vec<PathBuf> {
        let folder = OutputFolder::open(out).unwrap();
        let pending = ["articles.csv", "run.json"]
            .iter()
            .map(|n| Pending::write(&folder.staging().join(n), text.as_bytes()).unwrap())
            .collect();
        folder.commit(pending).unwrap()
    }

    #[test]
    fn commit_swaps_the_whole_folder_and_keeps_the_users_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        one_run(&out, "one");
        std::fs::write(out.join("README.md"), "mine").unwrap();
        std::fs::write(out.join("hits.csv"), "a table of an older run").unwrap();
        std::fs::create_dir(out.join("notes")).unwrap();
        std::fs::write(out.join("notes/n.txt"), "my notes").unwrap();
        let written = one_run(&out, "two");
        assert_eq!(
            written,
            [
                out.canonicalize().unwrap().join("articles.csv"),
                out.canonicalize().unwrap().join("run.json")
            ]
        );
        // hits.csv is a run's table: the new run did not write one, so none
        let want: Vec<(String, Vec<u8>)> = vec![
            ("README.md".into(), b"mine".to_vec()),
            ("articles.csv".into(), b"two".to_vec()),
            ("run.json".into(), b"two".to_vec()),
        ];
        assert_eq!(tables(&out), want);
        assert_eq!(std::fs::read(out.join("notes/n.txt")).unwrap(), b"my notes");
        // nothing left beside it but the lock file
        let mut beside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(beside, [".output.framelens.lock", "output"]);
    }

    #[test]
    fn a_second_run_is_refused_while_the_first_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = OutputFolder::open(&out).unwrap();
        let err = OutputFolder::open(&out).unwrap_err().to_string();
        assert!(err.contains("is in use by framelens"), "{err}");
        assert!(err.contains(&format!("pid {}", std::process::id())), "{err}");
        drop(first);
        // its staging folder is gone, and the folder is free again
        assert!(OutputFolder::open(&out).is_ok());
    }

    #[test]
    fn a_folder_where_a_table_goes_is_refused_before_anything_runs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(out.join("articles.csv")).unwrap();
        std::fs::write(out.join("articles.csv/keep.txt"), "precious").unwrap();
        let err = OutputFolder::open(&out).unwrap_err().to_string();
        assert!(
            err.contains("articles.csv' is not what framelens writes there (a folder)"),
            "{err}"
        );
        assert_eq!(std::fs::read(out.join("articles.csv/keep.txt")).unwrap(), b"precious");
    }

    #[test]
    fn a_folder_left_aside_by_a_killed_swap_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        one_run(&out, "one");
        // as if killed between the two renames of the fallback swap
        let aside = dir.path().join(".output.framelens-old-99999");
        std::fs::rename(&out, &aside).unwrap();
        std::fs::create_dir(dir.path().join(".output.framelens-new-99999")).unwrap();
        let folder = OutputFolder::open(&out).unwrap();
        assert_eq!(tables(&out)[0], ("articles.csv".into(), b"one".to_vec()));
        assert!(!aside.exists());
        assert!(!dir.path().join(".output.framelens-new-99999").exists());
        drop(folder);
    }
}
