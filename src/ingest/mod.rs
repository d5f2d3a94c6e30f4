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
}

impl Listed {
    fn id(&self) -> &str {
        match self {
            Listed::Row(entry) => &entry.meta.id,
            Listed::File(rel) => rel,
        }
    }

    fn origin(&self, root: &Path) -> Location {
        match self {
            Listed::Row(entry) => entry.origin.clone(),
            Listed::File(rel) => Location::file(root.join(&**rel)),
        }
    }

    fn into_entry(self, root: &Path) -> Entry {
        match self {
            Listed::Row(entry) => *entry,
            Listed::File(rel) => {
                let path = root.join(&*rel);
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
        }
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
    let mut files = Vec::new();
    walk(root, "", &mut files)?;
    let manifest_path = root.join(MANIFEST);
    let mut listed: HashSet<String> = HashSet::new();
    let mut candidates: Vec<Listed> = Vec::new();
    if manifest_path.is_file() {
        let rows = manifest::read(&manifest_path, &mut corpus.diagnostics)?;
        corpus.manifest = Some(manifest_path.clone());
        for row in rows {
            let at = Location::line(&manifest_path, row.line);
            let path = root.join(&row.file);
            if !path.is_file() {
                corpus
                    .diagnostics
                    .error(at, format!("file '{}' not found in {}", row.file, root.display()));
                continue;
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
            };
            candidates.push(Listed::Row(Box::new(Entry { meta, path, origin: at })));
        }
    }
    for rel in files {
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
        candidates.push(Listed::File(rel.into_boxed_str()));
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

/// The outlet of a path relative to the corpus: its parent folder's name.
fn folder_outlet(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    parts.last().map(|s| s.to_string()).filter(|s| !s.is_empty())
}

/// Collects article files under `dir`, as `/`-separated paths relative to
/// the corpus folder (`prefix` is `dir`'s own, empty or ending in `/`),
/// sorted. Hidden files and folders are skipped.
///
/// The file type comes from the directory listing, so only symbolic links
/// cost a `stat`: a listing of tens of thousands of files stays cheap.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), Error> {
    let mut children: Vec<std::fs::DirEntry> =
        std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.filter_map(Result::ok).collect();
    // siblings: ordering by name is ordering by path
    children.sort_by_cached_key(std::fs::DirEntry::file_name);
    for child in children {
        let name = child.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = child.path();
        let is_dir = match child.file_type() {
            Ok(t) if !t.is_symlink() => t.is_dir(),
            _ => path.is_dir(),
        };
        let name = name.to_string_lossy();
        if is_dir {
            walk(&path, &format!("{prefix}{name}/"), out)?;
        } else if path.extension().and_then(|e| e.to_str()) == Some(ARTICLE_EXTENSION) {
            out.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
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
    let bytes = std::fs::read(&entry.path)
        .map_err(|e| problem(Severity::Error, format!("cannot read: {e}")))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let (text, warning) = match decode::decode(&bytes) {
        Decoded::Utf8(text) => (text, None),
        Decoded::Reencoded { text, encoding } => {
            let w = problem(Severity::Warning, format!("not valid UTF-8; decoded as {encoding}"));
            (text, Some(w))
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
        let root = dir.path();
        write(root, "mei/a.txt", b"Alpha.");
        write(root, "mei/.draft.txt", b"hidden file");
        write(root, ".trash/mei/b.txt", b"hidden folder");
        write(root, "cpc/sub/c.txt", b"Gamma.");
        write(root, "cpc/sub.txt", b"Delta.");
        write(root, "elsewhere/d.txt", b"Epsilon.");
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("osw")).unwrap();
        let corpus = discover(root).unwrap();
        let entries: Vec<Entry> = corpus.entries().collect();
        let got: Vec<(&str, &str)> =
            entries.iter().map(|e| (e.meta.id.as_str(), e.meta.outlet.as_str())).collect();
        let mut want = vec![
            ("cpc/sub.txt", "cpc"),
            ("cpc/sub/c.txt", "sub"),
            ("elsewhere/d.txt", "elsewhere"),
            ("mei/a.txt", "mei"),
        ];
        if cfg!(unix) {
            want.push(("osw/d.txt", "osw"));
        }
        assert_eq!(got, want);
        assert!(corpus.diagnostics.is_empty(), "{:?}", corpus.diagnostics);
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
