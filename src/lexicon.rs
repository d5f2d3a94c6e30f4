//! The lexicons folder: everything a run matches against, loaded once.
//!
//! `lexicons/` holds `boilerplate.toml` (optional) and, as later stages land,
//! the gazetteer and the frame lexicon. Loading collects every problem of every
//! file before failing, so a user fixes them in one go (SPEC §9: a malformed
//! lexicon stops the run before any output is replaced).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::boilerplate::Boilerplate;
use crate::error::Error;
use crate::frames::FrameSet;
use crate::gazetteer::Gazetteer;
use crate::ingest::hex;

/// The boilerplate file's name in the lexicons folder.
pub const BOILERPLATE: &str = "boilerplate.toml";

/// The gazetteer's file names in the lexicons folder, in order of preference.
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
    pub notes: Vec<crate::error::Diagnostic>,
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
        let path = dir.join(BOILERPLATE);
        if path.is_file() {
            match read_hashed(&path) {
                Ok(source) => {
                    lexicons.files.push(LexiconFile {
                        role: "boilerplate",
                        path: path.clone(),
                        sha256: source.1,
                    });
                    match Boilerplate::parse(&source.0, &path) {
                        Ok(b) => lexicons.boilerplate = b,
                        Err(e) => errors.push(e),
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        let entities_path = match entities {
            Some(p) if !p.is_file() => {
                errors.push(Error::Usage(format!("entities file '{}' not found", p.display())));
                None
            }
            Some(p) => Some(p.to_path_buf()),
            None => ENTITIES.iter().map(|n| dir.join(n)).find(|p| p.is_file()),
        };
        if let Some(path) = entities_path {
            match read_hashed(&path) {
                Ok((_, sha256)) => {
                    lexicons.files.push(LexiconFile {
                        role: "entities",
                        path: path.clone(),
                        sha256,
                    });
                    match Gazetteer::load(&path) {
                        Ok(g) => lexicons.gazetteer = g,
                        Err(e) => errors.push(e),
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        let frames_path = match frames {
            Some(p) if !p.is_file() => {
                errors.push(Error::Usage(format!("frames file '{}' not found", p.display())));
                None
            }
            Some(p) => Some(p.to_path_buf()),
            None => match frames_in(dir) {
                Ok(p) => p,
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
        };
        if let Some(path) = frames_path {
            match read_hashed_bytes(&path) {
                Ok(sha256) => {
                    lexicons.files.push(LexiconFile { role: "frames", path: path.clone(), sha256 });
                    let built = if crate::dictionary::is_dictionary(&path) {
                        crate::dictionary::read(&path).and_then(|imported| {
                            for (line, note) in imported.notes {
                                lexicons.notes.push(crate::error::Diagnostic {
                                    location: crate::error::Location::line(&path, line),
                                    severity: crate::error::Severity::Warning,
                                    message: note,
                                });
                            }
                            FrameSet::build(imported.frames, &path, &lexicons.gazetteer)
                        })
                    } else {
                        read_hashed(&path).and_then(|(source, _)| {
                            FrameSet::parse(&source, &path, &lexicons.gazetteer)
                        })
                    };
                    match built {
                        Ok(f) => lexicons.frames = f,
                        Err(e) => errors.push(e),
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        Ok(lexicons)
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

/// Hashes a file's bytes.
fn read_hashed_bytes(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(hex(&Sha256::digest(&bytes)))
}

/// Reads a text file and hashes its bytes.
fn read_hashed(path: &Path) -> Result<(String, String), Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let sha = hex(&Sha256::digest(&bytes));
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::at(crate::error::Location::file(path), "not valid UTF-8: save the lexicon as UTF-8")
    })?;
    Ok((text, sha))
}
