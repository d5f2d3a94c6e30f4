//! Stage 1: finding articles and reading them (SPEC §2, §9).
//!
//! A corpus folder holds article files (`.txt`) and, optionally,
//! `manifest.csv`. A file listed in the manifest takes its metadata from its
//! row; a file not listed takes its outlet from its parent folder
//! (`corpus/<outlet>/<name>.txt`). Problems — a row whose file is missing, a
//! file with no outlet, a duplicate id, an unparseable date — are reported
//! with file and line, and every other article still runs.

pub mod decode;
pub mod manifest;
pub mod table;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Diagnostics, Error, Location, Severity};
use crate::model::{Article, ArticleMeta};
use crate::tokenize::stemmer_algorithm;
use decode::Decoded;

/// The manifest's file name inside a corpus folder.
pub const MANIFEST: &str = "manifest.csv";

/// The extension of article files.
pub const ARTICLE_EXTENSION: &str = "txt";

/// An article found in the corpus, not yet read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its metadata.
    pub meta: ArticleMeta,
    /// The file to read.
    pub path: PathBuf,
    /// Where its metadata came from (a manifest line, or the file itself).
    pub origin: Location,
}

/// The articles of a corpus folder, sorted by id, and the problems met.
///
/// A file of an outlet folder is kept as its path alone until it is read, so
/// that listing a million files takes tens of megabytes, not gigabytes.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    root: PathBuf,
    listed: Vec<Listed>,
    /// Problems found while listing them.
    pub diagnostics: Diagnostics,
    /// The manifest, when there is one.
    pub manifest: Option<PathBuf>,
}

/// An article of a corpus, not yet read.
#[derive(Clone, Debug)]
enum Listed {
    /// A manifest row, with its metadata.
    Row(Box<Entry>),
    /// A file in an outlet folder, by its path relative to the corpus folder,
    /// which is also its id; its outlet is its folder's name.
    File(Box<str>),
    /// The same, for a file whose path is not UTF-8: its id is the lossy
    /// form of its path; the real path is kept for reading it.
    Renamed(Box<(Box<str>, PathBuf)>),
}

impl Listed {
    fn id(&self) -> &str {
        match self {
            Listed::Row(entry) => &entry.meta.id,
            Listed::File(rel) => rel,
            Listed::Renamed(r) => &r.0,
        }
    }

    fn origin(&self, root: &Path) -> Location {
        match self {
            Listed::Row(entry) => entry.origin.clone(),
            Listed::File(rel) => Location::file(root.join(&**rel)),
            Listed::Renamed(r) => Location::file(&r.1),
        }
    }

    fn into_entry(self, root: &Path) -> Entry {
        match self {
            Listed::Row(entry) => *entry,
            Listed::File(rel) => {
                let path = root.join(&*rel);
                folder_entry(rel, path)
            }
            Listed::Renamed(r) => {
                let (rel, path) = *r;
                folder_entry(rel, path)
            }
        }
    }
}

/// The entry of a file in an outlet folder.
fn folder_entry(rel: Box<str>, path: PathBuf) -> Entry {
    Entry {
        meta: ArticleMeta {
            outlet: folder_outlet(&rel).unwrap_or_default(),
            id: rel.to_string(),
            file: rel.into(),
            language: "en".into(),
            ..Default::default()
        },
        origin: Location::file(&path),
        path,
    }
}

impl Corpus {
    /// The number of articles.
    pub fn len(&self) -> usize {
        self.listed.len()
    }

    /// True when there is no article.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The articles, sorted by id.
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.listed.iter().map(|l| l.clone().into_entry(&self.root))
    }

    /// The articles, sorted by id, each made whole only when it is reached.
    pub fn into_entries(self) -> IntoEntries {
        IntoEntries { root: self.root, listed: self.listed.into_iter() }
    }
}

/// The articles of a [`Corpus`], in order.
#[derive(Debug)]
pub struct IntoEntries {
    root: PathBuf,
    listed: std::vec::IntoIter<Listed>,
}

impl Iterator for IntoEntries {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        self.listed.next().map(|l| l.into_entry(&self.root))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.listed.size_hint()
    }
}

/// Lists the articles of a corpus folder.
///
/// # Errors
/// The folder does not exist or cannot be read, or the manifest cannot be
/// read at all (a bad row is only a diagnostic).
pub fn discover(root: &Path) -> Result<Corpus, Error> {
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "corpus folder '{}' not found (give another with --corpus DIR)",
            root.display()
        )));
    }
    let mut corpus = Corpus { root: root.to_path_buf(), ..Default::default() };
    let files = {
        let mut walk = Walk {
            root,
            files: Vec::new(),
            visited: HashMap::new(),
            links: Default::default(),
            diagnostics: &mut corpus.diagnostics,
        };
        walk.run()?;
        walk.files
    };
    let manifest_path = root.join(MANIFEST);
    let mut listed: HashSet<String> = HashSet::new();
    let mut candidates: Vec<Listed> = Vec::new();
    if manifest_path.is_file() {
        let rows = manifest::read(&manifest_path, &mut corpus.diagnostics)?;
        corpus.manifest = Some(manifest_path.clone());
        for mut row in rows {
            let at = Location::line(&manifest_path, row.line);
            row.file = match normalize_relative(&row.file) {
                Ok(f) => f,
                Err(why) => {
                    corpus.diagnostics.error(at, format!("row skipped: file '{}' {why}", row.file));
                    continue;
                }
            };
            let path = root.join(&row.file);
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => {}
                Ok(m) => {
                    let what = if m.is_dir() { "a folder" } else { special_name(m.file_type()) };
                    corpus.diagnostics.error(
                        at,
                        format!("file '{}' is {what}, not an article file; row skipped", row.file),
                    );
                    continue;
                }
                Err(_) => {
                    corpus
                        .diagnostics
                        .error(at, format!("file '{}' not found in {}", row.file, root.display()));
                    continue;
                }
            }
            if !listed.insert(row.file.clone()) {
                corpus
                    .diagnostics
                    .error(at, format!("file '{}' is listed twice; this row is skipped", row.file));
                continue;
            }
            let outlet = row.outlet.clone().or_else(|| folder_outlet(&row.file));
            let Some(outlet) = outlet else {
                corpus.diagnostics.error(
                    at,
                    format!("unknown outlet for '{}': the 'outlet' cell is empty", row.file),
                );
                continue;
            };
            let language = row.language.clone().unwrap_or_else(|| "en".to_string());
            let meta = ArticleMeta {
                id: row.id.clone().unwrap_or_else(|| row.file.clone()),
                file: row.file.clone(),
                outlet,
                date: row.date,
                title: row.title,
                url: row.url,
                authors: row.authors,
                language,
                group: row.group,
            };
            candidates.push(Listed::Row(Box::new(Entry { meta, path, origin: at })));
        }
    }
    for Found { rel, real } in files {
        if listed.contains(&rel) || rel == MANIFEST {
            continue;
        }
        if folder_outlet(&rel).is_none() {
            corpus.diagnostics.error(
                Location::file(root.join(&rel)),
                format!("unknown outlet: '{rel}' is neither in {MANIFEST} nor in an outlet folder (corpus/<outlet>/<file>.txt)"),
            );
            continue;
        }
        candidates.push(match real {
            None => Listed::File(rel.into_boxed_str()),
            Some(path) => Listed::Renamed(Box::new((rel.into_boxed_str(), path))),
        });
    }
    // the first article with an id stays; the others are reported
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(candidates.len());
    let mut keep = vec![true; candidates.len()];
    for (i, c) in candidates.iter().enumerate() {
        if let Some(&f) = first.get(c.id()) {
            keep[i] = false;
            corpus.diagnostics.error(
                c.origin(root),
                format!(
                    "duplicate article id '{}' (first at {}); this one is skipped",
                    c.id(),
                    candidates[f].origin(root)
                ),
            );
            continue;
        }
        first.insert(c.id(), i);
        if let Listed::Row(entry) = c {
            let language = &entry.meta.language;
            if stemmer_algorithm(language).is_none() {
                corpus.diagnostics.warning(
                    entry.origin.clone(),
                    format!(
                        "no Snowball stemmer for language '{language}': stems are the words themselves"
                    ),
                );
            }
        }
    }
    drop(first);
    corpus.listed = candidates.into_iter().zip(keep).filter(|(_, k)| *k).map(|(c, _)| c).collect();
    corpus.listed.sort_by(|a, b| a.id().cmp(b.id()));
    Ok(corpus)
}

/// A manifest's `file` cell made a plain relative path inside the corpus
/// folder, lexically: `\\` and `/` both separate, `.` parts are dropped and
/// `a/../b` becomes `b`, so `./a.txt` and `a.txt` are one article.
///
/// # Errors
/// The path is absolute, or leaves the corpus folder (`../x.txt`,
/// `a/../../x.txt`), or names no file.
fn normalize_relative(file: &str) -> Result<String, String> {
    let file = file.replace('\\', "/");
    let absolute = file.starts_with('/')
        || (file.len() >= 2
            && file.as_bytes()[1] == b':'
            && file.as_bytes()[0].is_ascii_alphabetic());
    if absolute {
        return Err("is an absolute path; manifest paths are relative to the corpus folder".into());
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in file.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("is outside the corpus folder".into());
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err("names no file".into());
    }
    Ok(parts.join("/"))
}

/// The outlet of a path relative to the corpus: its parent folder's name.
fn folder_outlet(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    parts.last().map(|s| s.to_string()).filter(|s| !s.is_empty())
}

/// A folder's identity, so that each real folder is listed once however many
/// links lead to it: (device, inode) on unix, the canonical path elsewhere.
#[cfg(unix)]
type FolderKey = (u64, u64);
#[cfg(not(unix))]
type FolderKey = PathBuf;

#[cfg(unix)]
fn folder_key(path: &Path) -> std::io::Result<FolderKey> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path)?;
    Ok((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_key(path: &Path) -> std::io::Result<FolderKey> {
    std::fs::canonicalize(path)
}

/// An article file found by [`Walk`]: its id (the `/`-separated path relative
/// to the corpus folder, lossy where a name is not UTF-8) and, when a name on
/// the way is not UTF-8, the real path to read.
#[derive(Debug)]
struct Found {
    rel: String,
    real: Option<PathBuf>,
}

/// The state of a corpus walk.
struct Walk<'a> {
    root: &'a Path,
    files: Vec<Found>,
    /// Folders listed so far, with their relative path (`""` for the root,
    /// else ending in `/`).
    visited: HashMap<FolderKey, String>,
    /// Linked folders met, to be listed after every real folder.
    links: std::collections::VecDeque<(PathBuf, String, bool)>,
    diagnostics: &'a mut Diagnostics,
}

/// What kind of thing a name in a folder is, links followed.
enum Kind {
    Folder,
    File,
    /// A FIFO, socket or device: never opened.
    Special(&'static str),
    /// A link whose target does not exist.
    Broken(std::io::Error),
}

fn kind_of(t: std::fs::FileType) -> Kind {
    if t.is_dir() {
        Kind::Folder
    } else if t.is_file() {
        Kind::File
    } else {
        Kind::Special(special_name(t))
    }
}

#[cfg(unix)]
fn special_name(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_name(_: std::fs::FileType) -> &'static str {
    "not a regular file"
}

impl Walk<'_> {
    /// Lists the corpus folder: every real folder first (so that a folder is
    /// listed under its own path), then the linked folders, each real folder
    /// once. A link to a folder already listed is reported (a loop, or a
    /// second way to the same articles) and not followed.
    fn run(&mut self) -> Result<(), Error> {
        let key = folder_key(self.root).map_err(|e| Error::io(self.root, e))?;
        self.visited.insert(key, String::new());
        let children = std::fs::read_dir(self.root).map_err(|e| Error::io(self.root, e))?;
        self.list(self.root, "", false, children);
        while let Some((path, prefix, lossy)) = self.links.pop_front() {
            self.enter(&path, prefix, lossy);
        }
        Ok(())
    }

    /// Lists a folder unless it was listed already.
    fn enter(&mut self, path: &Path, prefix: String, lossy: bool) {
        let at = Location::file(path);
        let unreadable = |e: std::io::Error| {
            format!("cannot read the folder: {e}; the articles in it are not counted")
        };
        let key = match folder_key(path) {
            Ok(k) => k,
            Err(e) => {
                self.diagnostics.error(at, unreadable(e));
                return;
            }
        };
        if let Some(seen) = self.visited.get(&key) {
            let here = prefix.trim_end_matches('/');
            let message = if seen.is_empty() {
                format!(
                    "symbolic link loop: '{here}' leads back to the corpus folder; not followed"
                )
            } else if prefix.starts_with(seen.as_str()) {
                let seen = seen.trim_end_matches('/');
                format!("symbolic link loop: '{here}' leads back to '{seen}'; not followed")
            } else {
                let seen = seen.trim_end_matches('/');
                format!(
                    "'{here}' is the folder '{seen}', already listed; not followed, so that its articles are not counted twice"
                )
            };
            self.diagnostics.warning(at, message);
            return;
        }
        self.visited.insert(key, prefix.clone());
        match std::fs::read_dir(path) {
            Ok(children) => self.list(path, &prefix, lossy, children),
            Err(e) => self.diagnostics.error(at, unreadable(e)),
        }
    }

    /// Lists one real folder's children; real subfolders are listed at once,
    /// linked ones are queued.
    fn list(&mut self, dir: &Path, prefix: &str, lossy: bool, children: std::fs::ReadDir) {
        let mut entries: Vec<std::fs::DirEntry> = Vec::new();
        for child in children {
            match child {
                Ok(c) => entries.push(c),
                Err(e) => self
                    .diagnostics
                    .error(Location::file(dir), format!("cannot list an entry of the folder: {e}")),
            }
        }
        // siblings: ordering by name is ordering by path
        entries.sort_by_cached_key(std::fs::DirEntry::file_name);
        for child in entries {
            let name = child.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = child.path();
            let (shown, name_lossy) = match name.to_str() {
                Some(s) => (std::borrow::Cow::Borrowed(s), false),
                None => (name.to_string_lossy(), true),
            };
            let is_txt = path.extension().and_then(|e| e.to_str()) == Some(ARTICLE_EXTENSION);
            // the listing's own file type is free; only links cost a stat
            let (kind, linked) = match child.file_type() {
                Ok(t) if !t.is_symlink() => (kind_of(t), false),
                _ => match std::fs::metadata(&path) {
                    Ok(m) => (kind_of(m.file_type()), true),
                    Err(e) => (Kind::Broken(e), true),
                },
            };
            let rel = format!("{prefix}{shown}");
            let lossy = lossy || name_lossy;
            match kind {
                Kind::Folder => {
                    if name_lossy {
                        self.diagnostics.warning(
                            Location::file(&path),
                            format!(
                                "folder name is not valid UTF-8; its articles are listed under '{rel}/'"
                            ),
                        );
                    }
                    let prefix = format!("{rel}/");
                    if linked {
                        self.links.push_back((path, prefix, lossy));
                    } else {
                        self.enter(&path, prefix, lossy);
                    }
                }
                _ if !is_txt => {}
                Kind::File => {
                    if name_lossy {
                        self.diagnostics.warning(
                            Location::file(&path),
                            format!("file name is not valid UTF-8; the article's id is '{rel}'"),
                        );
                    }
                    self.files.push(Found { rel, real: lossy.then_some(path) });
                }
                Kind::Special(what) => self.diagnostics.warning(
                    Location::file(&path),
                    format!(
                        "skipped: {what}{}, not an article file",
                        if linked { " (through a symbolic link)" } else { "" }
                    ),
                ),
                Kind::Broken(e) => self
                    .diagnostics
                    .error(Location::file(&path), format!("broken symbolic link: {e}")),
            }
        }
    }
}

/// An article read from disk, with what reading it revealed.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The article.
    pub article: Article,
    /// SHA-256 of the file's bytes, in hex.
    pub sha256: String,
    /// A warning, e.g. that the file was re-encoded.
    pub warning: Option<Diagnostic>,
}

/// Reads and decodes one article.
///
/// # Errors
/// A diagnostic when the file cannot be read, is binary (a warning: skipped),
/// or is empty (an error).
pub fn load(entry: &Entry) -> Result<Loaded, Diagnostic> {
    let at = Location::file(&entry.path);
    let problem =
        |severity, message: String| Diagnostic { location: at.clone(), severity, message };
    // never open what is not a regular file: a FIFO blocks, a device never ends
    let meta = std::fs::metadata(&entry.path)
        .map_err(|e| problem(Severity::Error, format!("cannot read: {e}")))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { special_name(meta.file_type()) };
        return Err(problem(Severity::Warning, format!("skipped: {what}, not an article file")));
    }
    let bytes = std::fs::read(&entry.path)
        .map_err(|e| problem(Severity::Error, format!("cannot read: {e}")))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let (text, warning) = match decode::decode(&bytes) {
        Decoded::Utf8(text) => (text, None),
        Decoded::Reencoded { text, encoding } => {
            let w = problem(Severity::Warning, format!("not valid UTF-8; decoded as {encoding}"));
            (text, Some(w))
        }
        Decoded::Repaired { text, encoding, notes } => {
            let mut message = notes.join("; ");
            if encoding != "UTF-8" && !message.contains(encoding) {
                message = format!("not valid UTF-8; decoded as {encoding}; {message}");
            }
            (text, Some(problem(Severity::Warning, message)))
        }
        Decoded::Binary => {
            return Err(problem(Severity::Warning, "binary file skipped".to_string()));
        }
    };
    if text.trim().is_empty() {
        return Err(problem(Severity::Error, "empty article: the file holds no text".to_string()));
    }
    Ok(Loaded { article: Article { meta: entry.meta.clone(), text }, sha256, warning })
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &[u8]) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn manifest_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "manifest.csv",
            b"file,outlet,date,title\na.txt,mei,2024-05,A\nmissing.txt,cpc,,\nb.txt,osw,2024,B\n",
        );
        write(root, "a.txt", b"Alpha.");
        write(root, "b.txt", b"Beta.");
        write(root, "bbc/c.txt", b"Gamma.");
        write(root, "stray.txt", b"Delta.");
        write(root, "notes.md", b"not an article");
        let corpus = discover(root).unwrap();
        let entries: Vec<Entry> = corpus.entries().collect();
        let got: Vec<(&str, &str)> =
            entries.iter().map(|e| (e.meta.id.as_str(), e.meta.outlet.as_str())).collect();
        assert_eq!(got, [("a.txt", "mei"), ("b.txt", "osw"), ("bbc/c.txt", "bbc")]);
        let msgs: Vec<String> = corpus.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].contains("manifest.csv:3: error: file 'missing.txt' not found"),
            "{msgs:?}"
        );
        assert!(msgs[1].contains("stray.txt: error: unknown outlet"), "{msgs:?}");
    }

    #[test]
    fn listing_skips_hidden_and_follows_linked_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = &dir.path().join("corpus");
        write(root, "mei/a.txt", b"Alpha.");
        write(root, "mei/.draft.txt", b"hidden file");
        write(root, ".trash/mei/b.txt", b"hidden folder");
        write(root, "cpc/sub/c.txt", b"Gamma.");
        write(root, "cpc/sub.txt", b"Delta.");
        // a folder outside the corpus, linked into it: followed
        write(dir.path(), "elsewhere/d.txt", b"Epsilon.");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), root.join("osw")).unwrap();
        let corpus = discover(root).unwrap();
        let entries: Vec<Entry> = corpus.entries().collect();
        let got: Vec<(&str, &str)> =
            entries.iter().map(|e| (e.meta.id.as_str(), e.meta.outlet.as_str())).collect();
        let mut want = vec![("cpc/sub.txt", "cpc"), ("cpc/sub/c.txt", "sub"), ("mei/a.txt", "mei")];
        if cfg!(unix) {
            want.push(("osw/d.txt", "osw"));
        }
        assert_eq!(got, want);
        assert!(corpus.diagnostics.is_empty(), "{:?}", corpus.diagnostics);
    }

    /// Issue 17 item 3: a folder reached by a link and by its own path is
    /// listed once, under its own path, even when the link sorts first.
    #[cfg(unix)]
    #[test]
    fn a_folder_reached_twice_is_listed_once_under_its_own_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "zeta/z.txt", b"Zeta.");
        std::os::unix::fs::symlink(root.join("zeta"), root.join("alpha")).unwrap();
        std::os::unix::fs::symlink("..", root.join("zeta/up")).unwrap();
        let corpus = discover(root).unwrap();
        let ids: Vec<String> = corpus.entries().map(|e| e.meta.id).collect();
        assert_eq!(ids, ["zeta/z.txt"]);
        let msgs: Vec<String> = corpus.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].ends_with("alpha: warning: 'alpha' is the folder 'zeta', already listed; not followed, so that its articles are not counted twice"), "{msgs:?}");
        assert!(
            msgs[1].ends_with(
                "zeta/up: warning: symbolic link loop: 'zeta/up' leads back to the corpus folder; not followed"
            ),
            "{msgs:?}"
        );
    }

    #[test]
    fn relative_paths_are_normalised_and_kept_inside() {
        assert_eq!(normalize_relative("./a.txt").unwrap(), "a.txt");
        assert_eq!(normalize_relative("a/./b/../c.txt").unwrap(), "a/c.txt");
        assert_eq!(normalize_relative("a\\b.txt").unwrap(), "a/b.txt");
        assert_eq!(normalize_relative("a//b.txt").unwrap(), "a/b.txt");
        for outside in ["../x.txt", "a/../../x.txt", "/etc/hostname", "C:\\x.txt", ".", "a/.."] {
            assert!(normalize_relative(outside).is_err(), "{outside}");
        }
    }

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xf0, 0xff, 0x5a]), "000ff0ff5a");
        // the SHA-256 of "abc" in FIPS 180-2's worked example
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn duplicate_ids_keep_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "manifest.csv", b"file,id,outlet\na.txt,x,mei\nb.txt,x,cpc\n");
        write(root, "a.txt", b"Alpha.");
        write(root, "b.txt", b"Beta.");
        let corpus = discover(root).unwrap();
        let entries: Vec<Entry> = corpus.entries().collect();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].meta.file, "a.txt");
        let msg = corpus.diagnostics.iter().next().unwrap().to_string();
        assert!(msg.contains("manifest.csv:3: error: duplicate article id 'x'"), "{msg}");
    }

    #[test]
    fn load_reports_empty_and_binary() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "o/empty.txt", b"  \n");
        write(dir.path(), "o/bin.txt", b"\0\0\x01PK");
        write(
            dir.path(),
            "o/latin.txt",
            b"Erdo\xF0an said the caf\xE9 was closed for the holiday.",
        );
        let corpus = discover(dir.path()).unwrap();
        let results: Vec<_> = corpus.entries().map(|e| load(&e)).collect();
        assert_eq!(results[0].as_ref().unwrap_err().severity, Severity::Warning); // bin
        assert_eq!(results[1].as_ref().unwrap_err().severity, Severity::Error); // empty
        let latin = results[2].as_ref().unwrap();
        assert!(latin.article.text.contains("café"));
        let warning = latin.warning.as_ref().unwrap();
        assert_eq!(warning.severity, Severity::Warning);
        assert!(
            warning.message.starts_with("not valid UTF-8; decoded as windows-125"),
            "{}",
            warning.message
        );
    }
}
