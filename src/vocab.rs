//! The run vocabulary: each distinct word of a run, in one language,
//! interned once with everything the lexicons say about it.
//!
//! The tokenizer ([`crate::tokenize::Analyzer`]) asks the vocabulary for
//! the words of each article all at once (`Vocabulary::entries`). A word
//! met for the first time in the run is case-folded and stemmed, and the
//! run's lexicons are asked about it (its gazetteer symbols and its frame
//! terms, through an [`Annotate`]); the answer ([`Entry`]) is kept for the
//! rest of the run and lent to every article that uses the word. So a word's
//! fold, stem, regexes and lookups cost once per run, not once per article,
//! and the matchers read an article's words' answers where the words are.
//!
//! Like aho-corasick's automaton, the vocabulary's questions are fixed when
//! it is built: an [`Annotate`] made from the lexicons, never changed after.
//! Only the set of words grows, shared by threads: an append-only store
//! (`Slots`) and a table by surface (`MemoTable`) behind a lock that
//! is read once per article and written once per new word.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};

use rust_stemmers::{Algorithm, Stemmer};

use crate::model::{Entry, NONE, Word, WordRef};
use crate::normalize::fold_case;

/// Words a [`Vocabulary`] keeps at most; an article's words past it are
/// worked out for that article alone.
pub const VOCABULARY_LIMIT: usize = 200_000;
const _: () = assert!(SLOTS >= VOCABULARY_LIMIT);

/// What a vocabulary asks the lexicons of a run about each new word. Made
/// once per run and language from the lexicons (see
/// [`crate::analyze::Context`]).
pub trait Annotate: Send + Sync {
    /// The [`LexiconKey`]s of the gazetteer and of the frame set whose
    /// answers [`Annotate::annotate`] gives, so that a matcher can tell
    /// whether an article's answers are its own.
    fn keys(&self) -> LexiconKeys;

    /// The word with its answers.
    fn annotate(&self, word: Word) -> Entry;
}

/// Names one state of a lexicon's word tables, unique in the process: a
/// gazetteer or frame set takes a new key whenever its tables change, so a
/// key names the exact answers a word gets. 0 names no lexicon.
pub type LexiconKey = u64;

/// The keys of the gazetteer and of the frame set whose answers an
/// article's words carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LexiconKeys {
    /// The gazetteer's.
    pub aliases: LexiconKey,
    /// The frame set's.
    pub terms: LexiconKey,
}

/// A new [`LexiconKey`]: never 0, never given twice.
pub(crate) fn new_key() -> LexiconKey {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A run's words in one language. Built once, shared by threads.
pub struct Vocabulary {
    stemmer: Option<Stemmer>,
    annotate: Option<Box<dyn Annotate>>,
    /// The run's words, each interned once and kept until the vocabulary is
    /// dropped; articles borrow them.
    store: Slots<OnceLock<Box<Entry>>>,
    /// Where each word of `store` is, by normalised surface.
    memo: RwLock<MemoTable>,
    /// Words kept at most: [`VOCABULARY_LIMIT`], fewer in tests.
    limit: usize,
    /// Hashes surfaces for the memo and each article's table alike, with a
    /// seed of its own, so that no text can be made to collide on purpose.
    hasher: foldhash::fast::RandomState,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("stems", &self.stemmer.is_some())
            .field("keys", &self.keys())
            .finish()
    }
}

impl Vocabulary {
    /// A vocabulary that stems with `algorithm` (none: a word's stem is
    /// its folded form) and asks `annotate` about each new word (none: the
    /// words' answers are empty).
    pub fn new(algorithm: Option<Algorithm>, annotate: Option<Box<dyn Annotate>>) -> Vocabulary {
        Vocabulary {
            stemmer: algorithm.map(Stemmer::create),
            annotate,
            store: Slots::default(),
            memo: RwLock::new(MemoTable::default()),
            limit: VOCABULARY_LIMIT,
            hasher: Default::default(),
        }
    }

    /// The same, keeping at most `limit` words (for tests of the limit).
    #[cfg(test)]
    pub(crate) fn with_limit(mut self, limit: usize) -> Vocabulary {
        self.limit = limit;
        self
    }

    /// The keys of the lexicons whose answers the words carry.
    pub fn keys(&self) -> LexiconKeys {
        self.annotate.as_ref().map(|a| a.keys()).unwrap_or_default()
    }

    /// True when words are stemmed.
    pub fn stems(&self) -> bool {
        self.stemmer.is_some()
    }

    /// The stem of a case-folded word.
    pub fn stem(&self, folded: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(folded).into_owned(),
            None => folded.to_string(),
        }
    }

    /// The hasher of the keys [`Vocabulary::entries`] takes.
    pub(crate) fn key<'s>(&self, surface: &'s str) -> SurfaceKey<'s> {
        SurfaceKey::new(surface, &self.hasher)
    }

    /// A surface's word: folded, stemmed and annotated.
    fn make(&self, surface: &str, scratch: &mut String) -> Entry {
        fold_case(surface, scratch);
        let word = Word {
            surface: surface.to_string(),
            folded: scratch.clone(),
            stem: self.stem(scratch),
        };
        match &self.annotate {
            Some(annotate) => annotate.annotate(word),
            None => Entry { word, alias_symbols: Box::default(), frame_terms: Box::default() },
        }
    }

    /// The entries of the distinct surfaces `keys` (each made by
    /// [`Vocabulary::key`]), in their order, appended to `words`, and which
    /// of their answers are not empty to `answered`. They are found all at
    /// once under one read of the lock, with nothing in between, so that
    /// the memory they wait on is fetched side by side; the ones the
    /// vocabulary lacks are made after, and kept if there is room.
    pub(crate) fn entries<'v, 'k, I>(
        &'v self,
        keys: I,
        words: &mut Vec<WordRef<'v>>,
        answered: &mut Vec<Answered>,
    ) where
        I: ExactSizeIterator<Item = SurfaceKey<'k>> + Clone,
    {
        let (found, full): (Vec<u32>, bool) = {
            let memo = self.memo.read().expect("vocabulary lock");
            // first ask for every word's slot, which costs a wait on memory
            // for most rare words, with nothing waiting on the answers: the
            // waits overlap, and the lookups after find the slots at hand
            let touched = keys.clone().fold(0u32, |acc, k| acc ^ memo.touch(k.hash));
            std::hint::black_box(touched);
            let found = keys
                .clone()
                .map(|key| {
                    let is_long = |&v: &u32| self.entry_at(v).word.surface == key.surface;
                    memo.get(&key, is_long).unwrap_or(NONE)
                })
                .collect();
            (found, memo.len() >= self.limit)
        };
        let mut scratch = String::new();
        words.reserve(found.len());
        answered.reserve(found.len());
        for (value, key) in found.into_iter().zip(keys) {
            let word = match value {
                NONE => self.add(&key, full, &mut scratch),
                value => {
                    answered.push(Answered::of_value(value));
                    words.push(WordRef::Shared(self.entry_at(value)));
                    continue;
                }
            };
            answered.push(Answered::of(word.entry()));
            words.push(word);
        }
    }

    /// The entry of a surface that the memo lacked when it was read
    /// (`full`: and had no room for): made, and kept for the rest of the
    /// run if there is room.
    fn add(&self, key: &SurfaceKey, full: bool, scratch: &mut String) -> WordRef<'_> {
        // made before the lock is taken: the regexes of the frame terms may
        // take a while, and other threads need not wait for them
        let entry = self.make(key.surface, scratch);
        if full {
            // no lock to wait for: the memo only grows
            return WordRef::Own(Box::new(entry));
        }
        let is_long = |&v: &u32| self.entry_at(v).word.surface == key.surface;
        let mut memo = self.memo.write().expect("vocabulary lock");
        // another thread may have added it since the read
        if let Some(value) = memo.get(key, is_long) {
            return WordRef::Shared(self.entry_at(value));
        }
        if memo.len() >= self.limit {
            return WordRef::Own(Box::new(entry));
        }
        // the memo's words are the store's, in the same order
        let at = memo.len() as u32;
        memo.insert(key, at | Answered::of(&entry).in_value());
        let slot = self.store.slot(at).expect("the vocabulary limit is below the store's");
        let _ = slot.set(Box::new(entry));
        WordRef::Shared(self.entry_at(at))
    }

    /// The entry of a memo value (see [`MemoSlot::value`]), which
    /// [`Vocabulary::add`] has put in the store.
    fn entry_at(&self, value: u32) -> &Entry {
        self.store.get(value & AT).and_then(OnceLock::get).expect("stored word")
    }
}

/// Which answers of a word are not empty: kept beside each word of the
/// memo and of an article, so that the matchers pass over the words the
/// lexicons say nothing of (most of them) without reaching for their entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Answered(u8);

/// The bits of a memo value that hold the word's place in the store; the
/// two above hold its [`Answered`].
const AT: u32 = (1 << 30) - 1;
const _: () = assert!(SLOTS as u32 <= AT);

impl Answered {
    const ALIASES: u8 = 1;
    const TERMS: u8 = 2;

    fn of(entry: &Entry) -> Answered {
        let aliases = if entry.alias_symbols.is_empty() { 0 } else { Answered::ALIASES };
        let terms = if entry.frame_terms.is_empty() { 0 } else { Answered::TERMS };
        Answered(aliases | terms)
    }

    fn of_value(value: u32) -> Answered {
        Answered((value >> 30) as u8)
    }

    fn in_value(self) -> u32 {
        u32::from(self.0) << 30
    }

    /// The word has gazetteer symbols.
    #[inline]
    pub(crate) fn aliases(self) -> bool {
        self.0 & Answered::ALIASES != 0
    }

    /// The word has frame terms.
    #[inline]
    pub(crate) fn terms(self) -> bool {
        self.0 & Answered::TERMS != 0
    }
}

/// A surface with its hash, worked out once for an article's table and the
/// vocabulary's.
#[derive(Clone, Copy)]
pub(crate) struct SurfaceKey<'s> {
    pub(crate) surface: &'s str,
    pub(crate) hash: u64,
    /// The zero-padded bytes, when the surface is at most 16 bytes.
    pub(crate) short: Option<u128>,
}

impl<'s> SurfaceKey<'s> {
    pub(crate) fn new(surface: &'s str, hasher: &foldhash::fast::RandomState) -> SurfaceKey<'s> {
        use std::hash::BuildHasher;
        let hash = hasher.hash_one(surface.as_bytes());
        let short = (surface.len() <= 16).then(|| {
            let mut bytes = [0u8; 16];
            bytes[..surface.len()].copy_from_slice(surface.as_bytes());
            u128::from_ne_bytes(bytes)
        });
        SurfaceKey { surface, hash, short }
    }

    /// Whether a kept surface of `len` bytes, with `short` its padded bytes
    /// when they are at most 16, is this key's; `is_long` tells for longer
    /// ones.
    #[inline]
    pub(crate) fn is(&self, short: u128, len: u32, is_long: impl FnOnce() -> bool) -> bool {
        len == self.surface.len() as u32
            && match self.short {
                Some(bytes) => short == bytes,
                None => is_long(),
            }
    }
}

/// The vocabulary's memo: where each word of the store is, by normalised
/// surface. An open-addressing table of its own rather than a hash map, for
/// one thing a map does not offer: [`MemoTable::touch`], which fetches a
/// key's first slot without waiting for it, so that an article's lookups
/// wait on memory side by side instead of one after another. A surface of up
/// to 16 bytes (most words) is kept in the slot itself, so finding it
/// compares two registers instead of following a pointer to its text.
///
/// Slots are probed in turn from the key's hash; the table doubles when it
/// is half full, so that a word is nearly always in its first slot.
struct MemoTable {
    slots: Vec<MemoSlot>,
    len: usize,
}

#[derive(Clone, Copy)]
struct MemoSlot {
    /// The surface, zero-padded, when it is at most 16 bytes.
    short: u128,
    hash: u64,
    len: u32,
    /// The word's place in the store (the bits of [`AT`]) and its
    /// [`Answered`] (the two above); [`NONE`] for an empty slot.
    value: u32,
}

const EMPTY_SLOT: MemoSlot = MemoSlot { short: 0, hash: 0, len: 0, value: NONE };

impl Default for MemoTable {
    fn default() -> Self {
        MemoTable { slots: vec![EMPTY_SLOT; 16], len: 0 }
    }
}

impl MemoTable {
    fn len(&self) -> usize {
        self.len
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Reads the first slot of a hash, for [`Vocabulary::entries`]: the value
    /// is of no use, the read brings the slot near.
    #[inline]
    fn touch(&self, hash: u64) -> u32 {
        self.slots[hash as usize & self.mask()].len
    }

    /// The number of a surface's word; `is_long` tells whether a word's
    /// surface is the key's when that is longer than 16 bytes.
    fn get(&self, key: &SurfaceKey, is_long: impl Fn(&u32) -> bool) -> Option<u32> {
        let mask = self.mask();
        let mut i = key.hash as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.value == NONE {
                return None;
            }
            if slot.hash == key.hash && key.is(slot.short, slot.len, || is_long(&slot.value)) {
                return Some(slot.value);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds a surface that is not in the table, with its word's number.
    fn insert(&mut self, key: &SurfaceKey, value: u32) {
        debug_assert!(value != NONE);
        if (self.len + 1) * 2 > self.slots.len() {
            let doubled = vec![EMPTY_SLOT; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, doubled);
            for slot in old.into_iter().filter(|s| s.value != NONE) {
                self.put(slot);
            }
        }
        let slot = MemoSlot {
            short: key.short.unwrap_or(0),
            hash: key.hash,
            len: key.surface.len() as u32,
            value,
        };
        self.put(slot);
        self.len += 1;
    }

    fn put(&mut self, slot: MemoSlot) {
        let mask = self.mask();
        let mut i = slot.hash as usize & mask;
        while self.slots[i].value != NONE {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }
}

/// Slots numbered from 0 that stay where they are while other threads add
/// more: slot `at` is in chunk `k` when
/// `FIRST_CHUNK << k <= at + FIRST_CHUNK < FIRST_CHUNK << (k + 1)`. Chunks
/// double in size, are made when first needed and are never moved, so an
/// article may borrow a word while another thread adds one.
struct Slots<T> {
    chunks: [OnceLock<Box<[T]>>; CHUNKS],
}

const FIRST_CHUNK: usize = 1024;
const CHUNKS: usize = 8;

/// Slots a [`Slots`] holds at most.
const SLOTS: usize = FIRST_CHUNK * ((1 << CHUNKS) - 1);

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
    fn get(&self, at: u32) -> Option<&T> {
        let (k, i) = Slots::<T>::place(at);
        self.chunks.get(k)?.get().map(|chunk| &chunk[i])
    }

    /// Slot `at`, making its chunk if need be; `None` past [`SLOTS`].
    fn slot(&self, at: u32) -> Option<&T> {
        let (k, i) = Slots::<T>::place(at);
        let chunk = self
            .chunks
            .get(k)?
            .get_or_init(|| std::iter::repeat_with(T::default).take(FIRST_CHUNK << k).collect());
        Some(&chunk[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

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
    fn memo_table_finds_what_it_holds_through_growth_and_collisions() {
        let hasher = foldhash::fast::RandomState::default();
        // 600 surfaces: short, exactly 16 bytes, and long ones that share
        // their first 16 bytes and their length
        let surfaces: Vec<String> = (0..200)
            .flat_map(|i| [format!("w{i}"), format!("{i:0>16}"), format!("{:x>20}{i:0>4}", "")])
            .collect();
        let mut table = MemoTable::default();
        let lookup = |table: &MemoTable, s: &str| {
            let k = SurfaceKey::new(s, &hasher);
            table.get(&k, |&v| surfaces[v as usize] == s)
        };
        for (n, s) in surfaces.iter().enumerate() {
            assert_eq!(lookup(&table, s), None, "{s} before it is added");
            table.insert(&SurfaceKey::new(s, &hasher), n as u32);
        }
        assert_eq!(table.len(), 600);
        assert!(table.slots.len() >= 1200, "doubled when half full: {}", table.slots.len());
        for (n, s) in surfaces.iter().enumerate() {
            assert_eq!(lookup(&table, s), Some(n as u32), "{s}");
        }
        for absent in ["w200", "x", "0000000000000200", "xxxxxxxxxxxxxxxxxxxx0200"] {
            assert_eq!(lookup(&table, absent), None, "{absent}");
        }
        // three surfaces on one hash: each is found past the others
        let mut table = MemoTable::default();
        let same = |s: &'static str| SurfaceKey { hash: 7, ..SurfaceKey::new(s, &hasher) };
        for (n, s) in ["ab", "ba", "abc"].into_iter().enumerate() {
            table.insert(&same(s), n as u32);
        }
        assert_eq!(table.get(&same("abc"), |_| false), Some(2));
        assert_eq!(table.get(&same("ba"), |_| false), Some(1));
        assert_eq!(table.get(&same("bb"), |_| false), None);
        assert_eq!(table.touch(7), 2, "the hash's first slot holds the first surface");
        // two long surfaces of one length on one hash: told apart by `is_long`
        let long = ["xxxxxxxxxxxxxxxxxxxxA", "xxxxxxxxxxxxxxxxxxxxB"];
        table.insert(&same(long[0]), 3);
        table.insert(&same(long[1]), 4);
        let of = |v: &u32| long[*v as usize - 3];
        assert_eq!(table.get(&same(long[1]), |v| of(v) == long[1]), Some(4));
        assert_eq!(table.get(&same(long[0]), |v| of(v) == long[0]), Some(3));
    }

    /// Counts the words it is asked about; answers each word's length.
    struct Counting(std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl Annotate for Counting {
        fn keys(&self) -> LexiconKeys {
            LexiconKeys { aliases: 7, terms: 8 }
        }
        fn annotate(&self, word: Word) -> Entry {
            self.0.fetch_add(1, Ordering::Relaxed);
            let n = word.surface.len() as u32;
            Entry { word, alias_symbols: vec![n].into(), frame_terms: vec![n, n + 1].into() }
        }
    }

    #[test]
    fn each_word_is_annotated_once_per_run_whatever_the_threads() {
        let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counting = Box::new(Counting(asked.clone()));
        let v = Vocabulary::new(Some(Algorithm::English), Some(counting));
        assert_eq!(v.keys(), LexiconKeys { aliases: 7, terms: 8 });
        let surfaces: Vec<String> = (0..3000).map(|i| format!("Word{i}")).collect();
        std::thread::scope(|scope| {
            for t in 0..4 {
                let (v, surfaces) = (&v, &surfaces);
                scope.spawn(move || {
                    // each thread goes its own way through the words, a
                    // hundred at a time, as articles do
                    let mut order: Vec<&String> = surfaces.iter().collect();
                    if t % 2 == 1 {
                        order.reverse();
                    }
                    for chunk in order.chunks(100) {
                        let (mut words, mut answered) = (Vec::new(), Vec::new());
                        v.entries(chunk.iter().map(|s| v.key(s)), &mut words, &mut answered);
                        assert_eq!(answered, vec![Answered(3); chunk.len()]);
                        for (s, e) in chunk.iter().zip(words) {
                            let n = s.len() as u32;
                            assert_eq!(e.folded, s.to_lowercase());
                            assert_eq!(e.entry().alias_symbols[..], [n]);
                            assert_eq!(e.entry().frame_terms[..], [n, n + 1]);
                            assert!(matches!(e, WordRef::Shared(_)));
                        }
                    }
                });
            }
        });
        let asked = asked.load(Ordering::Relaxed);
        // a word two threads meet at once may be worked out twice, and kept once
        assert!((3000..=3000 * 4).contains(&asked), "{asked}");
        assert_eq!(v.memo.read().unwrap().len(), 3000);
    }

    #[test]
    fn past_the_limit_an_article_keeps_its_own_words() {
        let v = Vocabulary::new(None, None).with_limit(2);
        let entries = |surfaces: &[&'static str]| {
            let (mut words, mut answered) = (Vec::new(), Vec::new());
            v.entries(surfaces.iter().map(|s| v.key(s)), &mut words, &mut answered);
            assert_eq!(answered, vec![Answered(0); surfaces.len()], "no lexicon, no answers");
            words
        };
        let first = entries(&["a", "b", "c"]);
        let kinds = |e: &[WordRef]| -> Vec<bool> {
            e.iter().map(|e| matches!(e, WordRef::Shared(_))).collect()
        };
        assert_eq!(kinds(&first), [true, true, false]);
        let second = entries(&["c", "b"]);
        assert_eq!(kinds(&second), [false, true]);
        assert_eq!(second[0].surface, "c");
        assert!(std::ptr::eq(first[1].entry(), second[1].entry()), "b is shared");
    }
}
