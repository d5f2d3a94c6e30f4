//! What matchers work out for each word of a run, kept by the word's number.
//!
//! An [`Analyzer`] numbers the distinct words of
//! a run from 0 ([`TokenizedText::ids`](crate::tokenize::TokenizedText)), and
//! the gazetteer and the frames work out each word's symbols or terms once
//! per analyzer, not once per article. The answers are kept in [`Answers`]:
//! four bytes per word, side by side, so that the answers of the words of an
//! article are found without reading the words themselves.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock, Weak};

use foldhash::HashMap;

use crate::model::NONE;
use crate::tokenize::Analyzer;

/// Slots numbered from 0 that stay where they are while other threads add
/// more: slot `at` is in chunk `k` when
/// `FIRST_CHUNK << k <= at + FIRST_CHUNK < FIRST_CHUNK << (k + 1)`. Chunks
/// double in size, are made when first needed and are never moved.
pub(crate) struct Slots<T> {
    chunks: [OnceLock<Box<[T]>>; CHUNKS],
}

const FIRST_CHUNK: usize = 1024;
const CHUNKS: usize = 8;

/// Slots a [`Slots`] holds at most.
pub(crate) const SLOTS: usize = FIRST_CHUNK * ((1 << CHUNKS) - 1);

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Slots { chunks: Default::default() }
    }
}

impl<T: Default> Slots<T> {
    /// The chunk and the place in it of slot `at`.
    fn place(at: u32) -> (usize, usize) {
        let p = at as usize + FIRST_CHUNK;
        let k = (p.ilog2() - FIRST_CHUNK.ilog2()) as usize;
        (k, p - (FIRST_CHUNK << k))
    }

    /// Slot `at`, if its chunk has been made.
    pub(crate) fn get(&self, at: u32) -> Option<&T> {
        let (k, i) = Slots::<T>::place(at);
        self.chunks.get(k)?.get().map(|chunk| &chunk[i])
    }

    /// Slot `at`, making its chunk if need be; `None` past [`SLOTS`].
    pub(crate) fn slot(&self, at: u32) -> Option<&T> {
        let (k, i) = Slots::<T>::place(at);
        let chunk = self
            .chunks
            .get(k)?
            .get_or_init(|| std::iter::repeat_with(T::default).take(FIRST_CHUNK << k).collect());
        Some(&chunk[i])
    }
}

/// One matcher's answers (lists of ids, each below 2³¹) for the words of one
/// analyzer, by word number. Shared by threads.
#[derive(Default)]
pub(crate) struct Answers {
    /// Per word: 0 when not yet worked out, [`EMPTY`], one id with [`ONE`]
    /// set, or 2 + the place of a longer list in `lists`.
    by_word: Slots<AtomicU32>,
    lists: Slots<OnceLock<Box<[u32]>>>,
    next_list: AtomicU32,
}

const EMPTY: u32 = 1;
const ONE: u32 = 1 << 31;

impl Answers {
    /// Appends the answer for word `word` (a number from
    /// [`TokenizedText::ids`](crate::tokenize::TokenizedText), or [`NONE`] for a
    /// word the analyzer keeps no number for) to `out`: the kept one, or
    /// `compute`'s, which is then kept.
    pub(crate) fn get_or(&self, word: u32, compute: impl FnOnce() -> Vec<u32>, out: &mut Vec<u32>) {
        let Some(slot) = (word != NONE).then(|| self.by_word.slot(word)).flatten() else {
            out.extend(compute());
            return;
        };
        match slot.load(Ordering::Acquire) {
            0 => {}
            EMPTY => return,
            v if v & ONE != 0 => {
                out.push(v & !ONE);
                return;
            }
            v => {
                let list = self.lists.get(v - 2).and_then(OnceLock::get);
                out.extend_from_slice(list.expect("a list is kept before its place"));
                return;
            }
        }
        let answer = compute();
        out.extend_from_slice(&answer);
        let kept = match answer[..] {
            [] => EMPTY,
            [id] if id & ONE == 0 => id | ONE,
            _ => {
                // another thread working out the same word may take a place
                // too: one of the two lists is never read
                let at = self.next_list.fetch_add(1, Ordering::Relaxed);
                let Some(list) = self.lists.slot(at) else {
                    // full: the word's answer is worked out each time
                    self.next_list.store(SLOTS as u32, Ordering::Relaxed);
                    return;
                };
                let _ = list.set(answer.into_boxed_slice());
                at + 2
            }
        };
        slot.store(kept, Ordering::Release);
    }
}

/// One value per analyzer (by [`analyzer_id`]), made when first asked for
/// and dropped once the analyzer is gone: each value is kept with a weak
/// handle on its analyzer, and values whose analyzer has been dropped are
/// cleared whenever a new one is made, so that a matcher used with one
/// short-lived analyzer after another holds only the live ones' values.
pub(crate) struct PerAnalyzer<T> {
    by_analyzer: RwLock<HashMap<u64, Kept<T>>>,
}

/// A value, and a weak handle on the analyzer it was made for.
type Kept<T> = (Weak<()>, Arc<T>);

impl<T> Default for PerAnalyzer<T> {
    fn default() -> Self {
        PerAnalyzer { by_analyzer: RwLock::default() }
    }
}

impl<T> PerAnalyzer<T> {
    /// The value for `analyzer`, made by `make` the first time.
    pub(crate) fn get_or(&self, analyzer: &Analyzer, make: impl FnOnce() -> T) -> Arc<T> {
        let id = analyzer.id();
        if let Some((_, value)) = self.by_analyzer.read().expect("per-analyzer lock").get(&id) {
            return Arc::clone(value);
        }
        let mut map = self.by_analyzer.write().expect("per-analyzer lock");
        map.retain(|_, (alive, _)| alive.strong_count() > 0);
        let kept = map.entry(id).or_insert_with(|| (analyzer.alive(), Arc::new(make())));
        Arc::clone(&kept.1)
    }

    /// How many analyzers' values are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.by_analyzer.read().expect("per-analyzer lock").len()
    }
}

impl<T> std::fmt::Debug for PerAnalyzer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PerAnalyzer")
    }
}

/// A new analyzer id: unique for the life of the process, never 0.
pub(crate) fn analyzer_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_has_its_own_place_up_to_the_limit() {
        let slots: Slots<AtomicU32> = Slots::default();
        // chunks of 1024, 2048, 4096, …: slot 1023 ends the first, 1024
        // starts the second, 3071 ends it
        assert_eq!(Slots::<AtomicU32>::place(0), (0, 0));
        assert_eq!(Slots::<AtomicU32>::place(1023), (0, 1023));
        assert_eq!(Slots::<AtomicU32>::place(1024), (1, 0));
        assert_eq!(Slots::<AtomicU32>::place(3071), (1, 2047));
        assert_eq!(Slots::<AtomicU32>::place(3072), (2, 0));
        for at in 0..SLOTS as u32 {
            slots.slot(at).unwrap().store(at + 1, Ordering::Relaxed);
        }
        for at in 0..SLOTS as u32 {
            assert_eq!(slots.get(at).unwrap().load(Ordering::Relaxed), at + 1);
        }
        assert!(slots.slot(SLOTS as u32).is_none() && slots.get(SLOTS as u32).is_none());
    }

    #[test]
    fn answers_are_worked_out_once_per_word() {
        let answers = Answers::default();
        let calls = std::cell::Cell::new(0);
        let lookup = |word: u32, answer: &[u32]| {
            let mut out = vec![99];
            answers.get_or(
                word,
                || {
                    calls.set(calls.get() + 1);
                    answer.to_vec()
                },
                &mut out,
            );
            out
        };
        // an empty answer, one id, a list, and an id too large to keep inline
        let cases: [(u32, &[u32]); 4] = [(0, &[]), (1, &[7]), (5000, &[3, 4, 9]), (2, &[1 << 31])];
        for (word, answer) in cases {
            assert_eq!(lookup(word, answer)[1..], *answer);
        }
        assert_eq!(calls.get(), 4);
        // again: the same answers, none worked out
        for (word, answer) in cases {
            assert_eq!(lookup(word, &[42])[1..], *answer);
        }
        assert_eq!(calls.get(), 4);
        // a word without a number is worked out every time
        assert_eq!(lookup(NONE, &[5]), [99, 5]);
        assert_eq!(lookup(NONE, &[6]), [99, 6]);
        assert_eq!(calls.get(), 6);
    }

    #[test]
    fn threads_racing_on_the_same_words_read_the_right_answers() {
        let answers = Answers::default();
        // word w's answer: w % 3 ids from w (none, one, or a list of two)
        let answer = |w: u32| (w..w + w % 3).collect::<Vec<u32>>();
        std::thread::scope(|scope| {
            for t in 0..4u32 {
                let answers = &answers;
                scope.spawn(move || {
                    for round in 0..2 {
                        for i in 0..6000u32 {
                            // each thread goes its own way through the words
                            let w = if (t + round) % 2 == 0 { i } else { 5999 - i };
                            let mut out = Vec::new();
                            answers.get_or(w, || answer(w), &mut out);
                            assert_eq!(out, answer(w), "word {w}");
                        }
                    }
                });
            }
        });
    }
}
