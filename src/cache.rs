//! The article cache of batch runs (SPEC §8).
//!
//! `output/.cache/articles.cache` holds, for every article of the last run,
//! its analysis keyed by a hash of everything that decides it: the tool's
//! version, the lexicons, the article's metadata and the bytes of its text.
//! A rerun reuses what matches and analyses only what is new or changed, and
//! the tables are the same as a run from scratch. A cache from another
//! version, or one that cannot be read, is ignored with a warning and
//! rebuilt; so is a cache written by another build of framelens (the
//! executable's digest is in the header). Deleting the folder is always safe.
//!
//! The file is text: a header line, then one line per article,
//! `<64 hex digits of the key>\t<the analysis as JSON>`. Only an index of
//! keys to line offsets is held in memory.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use crate::error::{Diagnostics, Error, Location};
use crate::model::{ArticleMeta, ArticleResult};
use crate::output::Pending;

/// The cache folder inside the output folder.
pub const DIR: &str = ".cache";
/// The cache file inside the cache folder.
pub const FILE: &str = "articles.cache";
// 4: an article's result carries its own-voice tokens (`tokens_own`)
const MAGIC: &str = "framelens-cache-4";

/// An identity of the running framelens executable (its path, size and
/// modification time, digested): a rebuilt binary — a new version, or the
/// same version built from changed code — never trusts what another build
/// computed.
pub fn build_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let identity = std::env::current_exe().and_then(|exe| {
            let meta = std::fs::metadata(&exe)?;
            let modified =
                meta.modified()?.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            Ok(format!("{}\0{}\0{}", exe.display(), meta.len(), modified.as_nanos()))
        });
        match identity {
            Ok(id) => crate::ingest::hex(&Sha256::digest(id.as_bytes())[..12]),
            Err(_) => "unknown".to_string(),
        }
    })
}

/// A cache key: SHA-256 of what decides an article's analysis.
pub type Key = [u8; 32];

/// The stamp of a run: the tool's version and the lexicons' hashes.
pub fn stamp(lexicon_hashes: &[(&str, &str)]) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    for (role, sha) in lexicon_hashes {
        h.update([0]);
        h.update(role);
        h.update([0]);
        h.update(sha);
    }
    crate::ingest::hex(&h.finalize())
}

/// The key of an article: the run's stamp, its metadata, its text's hash.
pub fn key(stamp: &str, meta: &ArticleMeta, text_sha256: &str) -> Key {
    let mut h = Sha256::new();
    let none = String::new();
    for field in [
        stamp,
        &meta.id,
        &meta.file,
        &meta.outlet,
        meta.date.as_ref().unwrap_or(&none),
        meta.title.as_ref().unwrap_or(&none),
        meta.url.as_ref().unwrap_or(&none),
        meta.authors.as_ref().unwrap_or(&none),
        &meta.language,
        meta.group.as_ref().unwrap_or(&none),
        text_sha256,
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field);
    }
    h.finalize().into()
}

/// A cache opened for reading: an index of keys, and the file.
pub struct CacheReader {
    path: PathBuf,
    index: HashMap<Key, u64>,
    file: Mutex<BufReader<File>>,
    unreadable: AtomicUsize,
}

/// What opening the cache found.
pub enum Opened {
    /// A usable cache.
    Cache(CacheReader),
    /// No cache, or one that cannot be used; the message says why (if not
    /// simply absent).
    None(Option<String>),
}

impl CacheReader {
    /// Opens `dir/articles.cache` for a run with `stamp`. A cache of another
    /// version or a damaged one is reported as a warning in `diagnostics`.
    pub fn open(dir: &Path, stamp: &str, diagnostics: &mut Diagnostics) -> Opened {
        let path = dir.join(FILE);
        let Ok(file) = File::open(&path) else { return Opened::None(None) };
        let mut reader = BufReader::new(file);
        let mut header = String::new();
        let corrupt = |d: &mut Diagnostics, why: &str| {
            d.warning(Location::file(&path), format!("cache ignored and rebuilt: {why}"));
            Opened::None(None)
        };
        if reader.read_line(&mut header).is_err() {
            return corrupt(diagnostics, "it cannot be read");
        }
        let parts: Vec<&str> = header.trim_end().split('\t').collect();
        if parts.first() != Some(&MAGIC) || parts.len() != 4 {
            return match parts.get(1) {
                Some(v) if parts[0].starts_with("framelens-cache") => {
                    corrupt(diagnostics, &format!("it was written by framelens {v}"))
                }
                _ => corrupt(diagnostics, "it is not a framelens cache"),
            };
        }
        if parts[1] != env!("CARGO_PKG_VERSION") {
            return corrupt(diagnostics, &format!("it was written by framelens {}", parts[1]));
        }
        if parts[2] != build_id() || build_id() == "unknown" {
            return Opened::None(Some(
                "framelens was rebuilt since the last run: every article is analysed again".into(),
            ));
        }
        if parts[3] != stamp {
            return Opened::None(Some(
                "the lexicons changed since the last run: every article is analysed again".into(),
            ));
        }
        let mut index = HashMap::new();
        let mut offset = header.len() as u64;
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(n) => {
                    let key = line
                        .get(..64)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(parse_hex);
                    match (key, line.get(64)) {
                        (Some(k), Some(b'\t')) if line.ends_with(b"\n") => {
                            index.insert(k, offset);
                        }
                        _ => return corrupt(diagnostics, "a line of it is damaged"),
                    }
                    offset += n as u64;
                }
                Err(_) => return corrupt(diagnostics, "it cannot be read"),
            }
        }
        Opened::Cache(CacheReader {
            path,
            index,
            file: Mutex::new(reader),
            unreadable: AtomicUsize::new(0),
        })
    }

    /// Articles in the cache.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the cache holds no article.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The cached analysis of `key`, if any and readable.
    pub fn get(&self, key: &Key) -> Option<ArticleResult> {
        let &offset = self.index.get(key)?;
        let mut line = String::new();
        {
            let mut file = self.file.lock().expect("cache lock");
            file.seek(SeekFrom::Start(offset)).ok()?;
            file.read_line(&mut line).ok()?;
        }
        match line.get(65..).map(|json| serde_json::from_str::<ArticleResult>(json.trim_end())) {
            Some(Ok(r)) => Some(r),
            _ => {
                self.unreadable.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Reports entries that could not be read (they were analysed anew).
    pub fn report(&self, diagnostics: &mut Diagnostics) {
        let n = self.unreadable.load(Ordering::Relaxed);
        if n > 0 {
            diagnostics.warning(
                Location::file(&self.path),
                format!("{n} cached articles could not be read and were analysed again"),
            );
        }
    }
}

fn parse_hex(s: &str) -> Option<Key> {
    let mut k = [0u8; 32];
    for (i, byte) in k.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(k)
}

/// A new cache being written next to the old one.
pub struct CacheWriter {
    out: BufWriter<File>,
    pending: Pending,
}

impl CacheWriter {
    /// Starts a new cache in `dir` for a run with `stamp`.
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn create(dir: &Path, stamp: &str) -> Result<CacheWriter, Error> {
        let pending = Pending::write(
            &dir.join(FILE),
            format!("{MAGIC}\t{}\t{}\t{stamp}\n", env!("CARGO_PKG_VERSION"), build_id()).as_bytes(),
        )?;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(pending.tmp())
            .map_err(|e| Error::io(pending.tmp(), e))?;
        Ok(CacheWriter { out: BufWriter::with_capacity(1 << 16, file), pending })
    }

    /// Adds an article.
    ///
    /// # Errors
    /// Writing fails.
    pub fn add(&mut self, key: &Key, result: &ArticleResult) -> Result<(), Error> {
        // written straight to the file: a huge article's line is never held
        // whole in memory (compact JSON escapes line breaks, so it stays one line)
        let io = |e: std::io::Error| Error::io(self.pending.tmp(), e);
        write!(self.out, "{}\t", crate::ingest::hex(key)).map_err(io)?;
        serde_json::to_writer(&mut self.out, result).map_err(|e| io(e.into()))?;
        self.out.write_all(b"\n").map_err(io)
    }

    /// Flushes; the rename waits for the tables' commit.
    ///
    /// # Errors
    /// Writing fails.
    pub fn finish(self) -> Result<Pending, Error> {
        let tmp = self.pending.tmp().to_path_buf();
        let file = self.out.into_inner().map_err(|e| Error::io(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&tmp, e))?;
        Ok(self.pending)
    }
}
