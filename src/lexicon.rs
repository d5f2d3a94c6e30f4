//! The lexicons folder: everything a run matches against, loaded once.
//!
//! `lexicons/` holds `boilerplate.toml` (optional) and, as later stages land,
//! the gazetteer and the frame lexicon. Loading collects every problem of every
//! file before failing, so a user fixes them in one go (SPEC §9: a malformed
//! lexicon stops the run before any output is replaced).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::boilerplate::Boilerplate;
use crate::error::{Diagnostic, Error, Location, Severity};
use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::ingest::hex;

/// The boilerplate file's name in the lexicons folder.
pub const BOILERPLATE: &str = "boilerplate.toml";

/// The gazetteer's file names in the lexicons folder (one of them, not both).
pub const ENTITIES: [&str; 2] = ["entities.toml", "entities.csv"];

/// The frame lexicon's file name in the lexicons folder.
pub const FRAMES: &str = "frames.toml";

/// A lexicon file that was read, for `run.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconFile {
    /// What it is: `boilerplate`, `entities`, `frames`.
    pub role: &'static str,
    /// Its path.
    pub path: PathBuf,
    /// SHA-256 of its bytes, in hex.
    pub sha256: String,
}

/// The loaded lexicons.
#[derive(Clone, Debug, Default)]
pub struct Lexicons {
    /// Boilerplate rules (empty when the folder has no `boilerplate.toml`).
    pub boilerplate: Boilerplate,
    /// The gazetteer (empty when there is none).
    pub gazetteer: Gazetteer,
    /// The frame lexicon (empty when there is none).
    pub frames: FrameSet,
    /// What an imported dictionary could not carry over, as warnings.
    pub notes: Vec<Diagnostic>,
    /// The files read, with their hashes.
    pub files: Vec<LexiconFile>,
}

impl Lexicons {
    /// Loads the lexicons of a folder; `entities` names a gazetteer file to
    /// use instead of the folder's.
    ///
    /// # Errors
    /// The folder or a named file is missing, or any file is malformed: all
    /// problems are returned together.
    pub fn load(
        dir: &Path,
        entities: Option<&Path>,
        frames: Option<&Path>,
    ) -> Result<Lexicons, Error> {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "lexicons folder '{}' not found (give another with --lexicons DIR)",
                dir.display()
            )));
        }
        let mut lexicons = Lexicons::default();
        let mut errors = Vec::new();
        let boilerplate = Some(dir.join(BOILERPLATE)).filter(|p| p.is_file());
        if let Some(path) = boilerplate {
            let parsed = lexicons
                .read("boilerplate", &path)
                .and_then(|bytes| Boilerplate::parse(&utf8(&bytes, &path)?, &path));
            match parsed {
                Ok(b) => lexicons.boilerplate = b,
                Err(e) => errors.push(e),
            }
        }
        let entities = chosen(entities, "entities", || gazetteer_in(dir));
        match entities.and_then(|path| path.map(|p| lexicons.load_gazetteer(&p)).transpose()) {
            Ok(Some(g)) => lexicons.gazetteer = g,
            Ok(None) => {}
            Err(e) => {
                errors.push(e);
                // the frames are still checked, but not their `@entity`
                // references: the gazetteer's errors are the ones to fix
                lexicons.gazetteer = Gazetteer::failed();
            }
        }
        let frames = chosen(frames, "frames", || frames_in(dir));
        match frames.and_then(|path| path.map(|p| lexicons.load_frames(&p)).transpose()) {
            Ok(Some(f)) => lexicons.frames = f,
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
        Error::from_list(errors)?;
        Ok(lexicons)
    }

    /// Reads a lexicon file once, recording its hash for `run.json`.
    fn read(&mut self, role: &'static str, path: &Path) -> Result<Vec<u8>, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.files.push(LexiconFile {
            role,
            path: path.to_path_buf(),
            sha256: hex(&Sha256::digest(&bytes)),
        });
        Ok(bytes)
    }

    fn load_gazetteer(&mut self, path: &Path) -> Result<Gazetteer, Error> {
        let bytes = self.read("entities", path)?;
        let g = Gazetteer::from_bytes(&bytes, path)?;
        for (line, note) in g.notes() {
            self.notes.push(Diagnostic {
                location: Location::line(path, *line),
                severity: Severity::Warning,
                message: note.clone(),
            });
        }
        Ok(g)
    }

    /// Frames from `frames.toml` or from a dictionary in another format,
    /// whose untranslatable entries become warnings.
    fn load_frames(&mut self, path: &Path) -> Result<FrameSet, Error> {
        let bytes = self.read("frames", path)?;
        if !crate::dictionary::is_dictionary(path) {
            return FrameSet::parse(&utf8(&bytes, path)?, path, &self.gazetteer);
        }
        let imported = crate::dictionary::from_bytes(&bytes, path)?;
        for (line, note) in imported.notes {
            self.notes.push(Diagnostic {
                location: Location::line(path, line),
                severity: Severity::Warning,
                message: note,
            });
        }
        FrameSet::build(imported.frames, path, &self.gazetteer)
    }
}

/// The file named on the command line (which must exist), else what `found`
/// finds in the lexicons folder.
fn chosen(
    named: Option<&Path>,
    what: &str,
    found: impl FnOnce() -> Result<Option<PathBuf>, Error>,
) -> Result<Option<PathBuf>, Error> {
    match named {
        Some(p) if !p.is_file() => {
            Err(Error::Usage(format!("{what} file '{}' not found", p.display())))
        }
        Some(p) => Ok(Some(p.to_path_buf())),
        None => found(),
    }
}

fn utf8(bytes: &[u8], path: &Path) -> Result<String, Error> {
    String::from_utf8(bytes.to_vec())
        .map_err(|_| Error::at(Location::file(path), "not valid UTF-8: save the lexicon as UTF-8"))
}

/// The gazetteer of a folder: `entities.toml` or `entities.csv`; `None` when
/// there is neither.
///
/// # Errors
/// Both are there: which one is meant is unclear (give one with --entities).
pub fn gazetteer_in(dir: &Path) -> Result<Option<PathBuf>, Error> {
    let found: Vec<PathBuf> =
        ENTITIES.iter().map(|n| dir.join(n)).filter(|p| p.is_file()).collect();
    match &found[..] {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        _ => Err(Error::Usage(format!(
            "{} holds both {} and {}: keep one, or name one with --entities FILE",
            dir.display(),
            ENTITIES[0],
            ENTITIES[1]
        ))),
    }
}

/// The frame lexicon of a folder: `frames.toml`, else the one dictionary file
/// in a format framelens reads (quanteda YAML, LIWC, WordStat, Lexicoder,
/// Yoshikoder); `None` when there is neither.
///
/// # Errors
/// Several dictionaries and no `frames.toml`: which one is meant is unclear.
pub fn frames_in(dir: &Path) -> Result<Option<PathBuf>, Error> {
    let toml = dir.join(FRAMES);
    if toml.is_file() {
        return Ok(Some(toml));
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && crate::dictionary::is_dictionary(p))
        .collect();
    found.sort();
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => Err(Error::Usage(format!(
            "{} holds several dictionaries ({}); name one with --frames FILE",
            dir.display(),
            found
                .iter()
                .map(|p| p.file_name().unwrap_or_default().to_string_lossy())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
