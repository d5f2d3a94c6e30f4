//! The floor under any tool that reads a corpus and counts its words: read
//! every file under a folder, split the bytes into words (runs of ASCII
//! letters and digits, and of non-ASCII bytes), lower-case them and count
//! each distinct word, on all cores (`RAYON_NUM_THREADS` sets how many).
//! Nothing else: no Unicode rules, no sentences, no matching, no tables.
//!
//! `benches/throughput.sh` times it beside framelens and `cat | wc -w`, to
//! show how much of framelens's time is the reading and counting any such
//! tool must do.
//!
//!     cargo run --release --example floor -- DIR

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

type Counts = HashMap<Vec<u8>, u32, foldhash::fast::RandomState>;

/// Counts the words of `bytes` into `counts`; returns how many there were.
fn count(bytes: &[u8], counts: &mut Counts, lower: &mut Vec<u8>) -> usize {
    let mut n = 0;
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b >= 0x80;
    for word in bytes.split(|b| !is_word(b)).filter(|w| !w.is_empty()) {
        n += 1;
        lower.clear();
        lower.extend(word.iter().map(u8::to_ascii_lowercase));
        match counts.get_mut(lower.as_slice()) {
            Some(c) => *c += 1,
            None => {
                counts.insert(lower.clone(), 1);
            }
        }
    }
    n
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths)?;
    paths.sort();
    // each batch of 256 files counts its words in a table of its own
    let words: usize = paths
        .par_chunks(256)
        .map(|chunk| {
            let (mut counts, mut lower) = (Counts::default(), Vec::new());
            let mut n = 0;
            for path in chunk {
                n += count(&std::fs::read(path)?, &mut counts, &mut lower);
            }
            std::hint::black_box(&counts);
            Ok(n)
        })
        .collect::<std::io::Result<Vec<_>>>()?
        .into_iter()
        .sum();
    println!("{} files, {words} words", paths.len());
    Ok(())
}
