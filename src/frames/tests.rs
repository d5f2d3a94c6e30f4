//! Table-driven pattern tests (aho-corasick style): a lexicon, a text, and
//! the hits expected, worked out by reading the text.

use std::path::Path;

use super::compile::{ENTITY_KEY, KeyIndex, Step, signature};
use super::matcher::{KEPT_STARTS, Matcher, Scratch};
use super::terms::{TermId, TokenMatcher, TokenPattern, TokenRegexes};
use super::*;
use crate::gazetteer::{EntitySpec, Gazetteer};
use crate::model::Voice::{self, *};
use crate::tokenize::{Analyzer, TokenizedText};

fn gazetteer() -> Gazetteer {
    let spec = |id: &str, aliases: &[&str]| EntitySpec {
        id: id.into(),
        name: id.into(),
        kind: "PERSON".into(),
        actor: None,
        aliases: aliases.iter().map(|a| (a.to_string(), 1)).collect(),
        exact_case: vec![],
        line: 1,
    };
    Gazetteer::build(
        vec![spec("pashinyan", &["Pashinyan", "Nikol Pashinyan"]), spec("russia", &["Russia"])],
        Path::new("g.toml"),
    )
    .unwrap()
}

/// (frame id, patterns, exclude)
type F<'a> = (&'a str, &'a [&'a str], &'a [&'a str]);

fn lexicon(frames: &[F<'_>]) -> FrameSet {
    let mut toml = String::new();
    for (id, patterns, exclude) in frames {
        let list = |l: &[&str]| l.iter().map(|p| format!("'{p}'")).collect::<Vec<_>>().join(", ");
        toml.push_str(&format!(
            "[[frame]]\nid = \"{id}\"\npatterns = [{}]\nexclude = [{}]\n",
            list(patterns),
            list(exclude)
        ));
    }
    FrameSet::parse(&toml, Path::new("f.toml"), &gazetteer()).expect("valid lexicon")
}

/// (frame id, matched text, voice)
fn hits(frames: &[F<'_>], text: &str) -> Vec<(String, String, Voice)> {
    let set = lexicon(frames);
    let analyzer = Analyzer::new("en");
    let t = analyzer.tokenize(text);
    let mentions = gazetteer().find(&t);
    set.find(&t, &mentions, &analyzer)
        .iter()
        .map(|h| {
            (
                set.frames()[h.frame as usize].id.clone(),
                text[h.span.start..h.span.end].to_string(),
                h.voice,
            )
        })
        .collect()
}

struct Case {
    name: &'static str,
    frames: &'static [F<'static>],
    text: &'static str,
    want: &'static [(&'static str, &'static str, Voice)],
}

const CASES: &[Case] = &[
    Case {
        name: "word, any case",
        frames: &[("o", &["occupation"], &[])],
        text: "The occupation began. OCCUPATION ended; occupations stay.",
        want: &[("o", "occupation", Own), ("o", "OCCUPATION", Own)],
    },
    Case {
        name: "glob on surface forms",
        frames: &[("o", &["occup*"], &[])],
        text: "occupied occupation preoccupied",
        want: &[("o", "occupied", Own), ("o", "occupation", Own)],
    },
    Case {
        name: "? is exactly one character",
        frames: &[("n", &["neutral?"], &[])],
        text: "neutral neutrals neutrality",
        want: &[("n", "neutrals", Own)],
    },
    Case {
        name: "stem: occupied and occupying share occupy's stem, occupation does not",
        frames: &[("o", &["~occupy"], &[])],
        text: "occupied occupation occupying",
        want: &[("o", "occupied", Own), ("o", "occupying", Own)],
    },
    Case {
        name: "regex over one case-folded token",
        frames: &[("o", &["/^occup(y|ied|ation)$/"], &[])],
        text: "Occupy occupied occupation occupying",
        want: &[("o", "Occupy", Own), ("o", "occupied", Own), ("o", "occupation", Own)],
    },
    Case {
        name: "phrase: consecutive tokens, not across a sentence end",
        frames: &[("o", &["illegally occupied"], &[])],
        text: "They illegally occupied it. It was done illegally. Occupied later.",
        want: &[("o", "illegally occupied", Own)],
    },
    Case {
        name: "hyphenated compounds: glob on the joined form, phrase on the parts",
        frames: &[("g", &["peacekeep*"], &[]), ("p", &["peace keeping"], &[])],
        text: "peace-keeping and peacekeeping",
        want: &[
            ("g", "peace-keeping", Own),
            ("g", "peacekeeping", Own),
            ("p", "peace-keeping", Own),
        ],
    },
    Case {
        name: "entity mention inside a phrase",
        frames: &[("c", &["criticised @pashinyan"], &[])],
        text: "Moscow criticised Nikol Pashinyan. Moscow criticised Russia.",
        want: &[("c", "criticised Nikol Pashinyan", Own)],
    },
    Case {
        name: "NEAR: scare-quoted punish, three tokens from Pashinyan: scare",
        frames: &[("p", &["punish* NEAR/3 @pashinyan"], &[])],
        text: "a desire to “punish” Armenian Prime Minister Nikol Pashinyan for it",
        want: &[("p", "punish” Armenian Prime Minister Nikol Pashinyan", Scare)],
    },
    Case {
        name: "NEAR window too small",
        frames: &[("p", &["punish* NEAR/2 @pashinyan"], &[])],
        text: "a desire to “punish” Armenian Prime Minister Nikol Pashinyan for it",
        want: &[],
    },
    Case {
        name: "NEAR either order",
        frames: &[("p", &["punish* NEAR/4 @pashinyan"], &[])],
        text: "Pashinyan, Moscow hopes, will be punished.",
        want: &[("p", "Pashinyan, Moscow hopes, will be punished", Own)],
    },
    Case {
        name: "NEAR never crosses a sentence end",
        frames: &[("p", &["punish* NEAR/10 @pashinyan"], &[])],
        text: "Moscow wants to punish someone. Pashinyan knows it.",
        want: &[],
    },
    Case {
        name: "Gen. does not end the sentence",
        frames: &[("p", &["punish* NEAR/3 ivanov"], &[])],
        text: "They will punish Gen. Ivanov soon.",
        want: &[("p", "punish Gen. Ivanov", Own)],
    },
    Case {
        name: "NEAR counts once per occurrence of A, not per pair, and hits never overlap",
        frames: &[("p", &["punish* NEAR/5 @pashinyan"], &[])],
        text: "punish Pashinyan and Nikol Pashinyan. Punish him, punish Pashinyan.",
        // sentence 1: one A, two Bs → one hit; sentence 2: the first A's hit reaches
        // Pashinyan, so the second A, inside it, does not count again
        want: &[("p", "punish Pashinyan", Own), ("p", "Punish him, punish Pashinyan", Own)],
    },
    Case {
        name: "a frame's hits do not overlap even across patterns",
        frames: &[("s", &["regain* BEFORE/2 control", "full control"], &[])],
        text: "Baku regained full control.",
        want: &[("s", "regained full control", Own)],
    },
    Case {
        name: "NEAR finds a B that is a hyphenated compound, after A and before it",
        frames: &[("c", &["troops NEAR/3 peacekeeping"], &[])],
        // troops(0) and(1) peace(2) keeping(3): B starts at the compound's first
        // token, 1 token after A; then Peace(4) keeping(5) units(6) and(7)
        // troops(8): B ends 2 tokens before A
        text: "troops and peace-keeping. Peace-keeping units and troops.",
        want: &[
            ("c", "troops and peace-keeping", Own),
            ("c", "Peace-keeping units and troops", Own),
        ],
    },
    Case {
        name: "BEFORE keeps the order",
        frames: &[("o", &["@russia BEFORE/2 occup*"], &[])],
        text: "Russia’s brutal occupation. The occupation by Russia.",
        want: &[("o", "Russia’s brutal occupation", Own)],
    },
    Case {
        name: "within a frame: longest at the same start, no overlap",
        frames: &[("f", &["peace", "peace talks", "talks stalled"], &[])],
        text: "peace talks stalled",
        want: &[("f", "peace talks", Own)],
    },
    Case {
        name: "within a frame: leftmost wins over longer later",
        frames: &[("f", &["a b", "b c d"], &[])],
        text: "a b c d",
        want: &[("f", "a b", Own)],
    },
    Case {
        name: "one stretch may count for several frames",
        frames: &[("a", &["peace talks"], &[]), ("b", &["talks"], &[])],
        text: "peace talks",
        want: &[("a", "peace talks", Own), ("b", "talks", Own)],
    },
    Case {
        name: "exclude cancels hits inside its matches",
        frames: &[("o", &["occup*"], &["occupational hazard*", "occupied seats"])],
        text: "an occupational hazard, the occupied seats, the occupation",
        want: &[("o", "occupation", Own)],
    },
    Case {
        name: "exact case",
        frames: &[("u", &["=US"], &[])],
        text: "The US told us",
        want: &[("u", "US", Own)],
    },
    Case {
        name: "voice: quote and scare",
        frames: &[("t", &["traitor*"], &[]), ("p", &["peacekeep*"], &[])],
        text: "Armenia sees it as a “traitor”. He said “the ‘peacekeepers’ are traitors to us all.”",
        want: &[("t", "traitor", Scare), ("t", "traitors", Quote), ("p", "peacekeepers", Scare)],
    },
];

#[test]
fn pattern_cases() {
    for case in CASES {
        let got = hits(case.frames, case.text);
        let want: Vec<(String, String, Voice)> =
            case.want.iter().map(|(f, m, v)| (f.to_string(), m.to_string(), *v)).collect();
        assert_eq!(got, want, "case: {}", case.name);
    }
}

/// SPEC §6: one voice rule for every hit, whatever the pattern's shape, so
/// `A NEAR/n B` and `B NEAR/n A` give the same voice for the same stretch.
/// Expected voices read from the texts: a hit with a matched word in scare
/// quotes is `scare`; else the innermost quotation holding the whole stretch.
#[test]
fn voice_does_not_depend_on_the_side_of_near() {
    let cases: &[(&str, &str, &str, Voice)] = &[
        // “occupation” is scare-quoted (one word) and is one of the hit's words
        ("Russian NEAR/3 occupation", "a Russian “occupation” of it", "Russian “occupation", Scare),
        ("occupation NEAR/3 Russian", "a Russian “occupation” of it", "Russian “occupation", Scare),
        (
            "Russian BEFORE/3 occupation",
            "a Russian “occupation” of it",
            "Russian “occupation",
            Scare,
        ),
        // from outside into a long quotation: no quotation holds the whole stretch
        (
            "warned NEAR/3 occupation",
            "He warned “the occupation will never be accepted by anyone”.",
            "warned “the occupation",
            Own,
        ),
        (
            "occupation NEAR/3 warned",
            "He warned “the occupation will never be accepted by anyone”.",
            "warned “the occupation",
            Own,
        ),
        // wholly inside a quotation of seven words: quote, either order
        (
            "Russian NEAR/3 occupation",
            "He said “Russian troops continue the occupation of land”.",
            "Russian troops continue the occupation",
            Quote,
        ),
        (
            "occupation NEAR/3 Russian",
            "He said “Russian troops continue the occupation of land”.",
            "Russian troops continue the occupation",
            Quote,
        ),
        // a scare-quoted word between A and B is not one of the hit's words
        (
            "Russian NEAR/4 occupation",
            "Russian “peacekeepers” end the occupation.",
            "Russian “peacekeepers” end the occupation",
            Own,
        ),
        (
            "occupation NEAR/4 Russian",
            "Russian “peacekeepers” end the occupation.",
            "Russian “peacekeepers” end the occupation",
            Own,
        ),
        // a phrase with one of its words scare-quoted
        ("illegal occupation", "an illegal “occupation”", "illegal “occupation", Scare),
    ];
    for &(pattern, text, want_match, want_voice) in cases {
        let got = hits(&[("v", &[pattern], &[])], text);
        assert_eq!(
            got,
            [("v".to_string(), want_match.to_string(), want_voice)],
            "{pattern:?} in {text:?}"
        );
    }
}

/// A regex term over a 1 MB word completes (the NFA alone took 35 s in a
/// release build for `/a.{0,1000}c/`; long words now go to the lazy DFA).
/// No timing is asserted: that it finishes, and finds what it should.
#[test]
fn regex_terms_run_on_a_one_megabyte_word() {
    let set = lexicon(&[("r", &["/a.{0,1000}c/"], &[])]);
    let analyzer = Analyzer::new("en");
    let long = "a".repeat(1 << 20);
    for (text, want) in [
        (format!("Start {long} end."), 0),
        (format!("Start {long}c end."), 1),
        (format!("Start {long}b{} end.", "b".repeat(1000)), 0),
        (format!("Start {long}{}c end.", "b".repeat(999)), 1),
    ] {
        let started = std::time::Instant::now();
        let t = analyzer.tokenize(&text);
        let found = set.find(&t, &[], &analyzer);
        eprintln!("1 MB word: {} hit(s) in {:?}", found.len(), started.elapsed());
        assert_eq!(found.len(), want);
    }
}

/// Messages name the file, the line, the frame and the pattern.
#[test]
fn more_lexicon_errors_with_file_and_line() {
    let one = |src: &str| -> Vec<String> {
        match FrameSet::parse(src, Path::new("lexicons/frames.toml"), &gazetteer()) {
            Ok(_) => vec![],
            Err(e) => e.flatten().iter().map(|e| e.to_string()).collect(),
        }
    };
    // an empty or blank id
    let all =
        one("[[frame]]\nid = \"\"\npatterns = ['x']\n\n[[frame]]\nid = \"  \"\npatterns = ['y']\n");
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(all[0].starts_with("lexicons/frames.toml:1: a frame has an empty id"), "{all:#?}");
    assert!(all[1].starts_with("lexicons/frames.toml:5: a frame has an empty id"), "{all:#?}");
    // a regex too large: file, line, frame and pattern
    let all = one("[[frame]]\nid = \"big\"\npatterns = [\n  'ok',\n  '/^(\\w{100}){200}$/',\n]\n");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].starts_with(
            "lexicons/frames.toml:5: frame 'big': pattern \"/^(\\\\w{100}){200}$/\": a regular expression is too large"
        ),
        "{all:#?}"
    );
    // W/n, AND, //, 's reach the lexicon's messages with their lines
    let all = one(
        "[[frame]]\nid = \"ops\"\npatterns = [\n  'Baku W/3 Moscow',\n  'Baku AND Moscow',\n  '/.*/',\n  \"'s\",\n]\n",
    );
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(all[0].starts_with("lexicons/frames.toml:5: frame 'ops': pattern \"Baku AND Moscow\": AND is not an operator"), "{all:#?}");
    assert!(all[1].starts_with("lexicons/frames.toml:6: frame 'ops': pattern \"/.*/\": the regular expression /.*/ matches every word"), "{all:#?}");
    assert!(
        all[2].starts_with(
            "lexicons/frames.toml:7: frame 'ops': pattern \"'s\": ''s' can never match"
        ),
        "{all:#?}"
    );
}

#[test]
fn lexicon_errors_name_file_line_and_pattern() {
    let src = "[[frame]]\nid = \"a\"\npatterns = [\n  'ok',\n  'punish* NEAR/ @pashinyan',\n  '@nobody',\n]\n\n[[frame]]\nid = \"a\"\npatterns = ['x']\n";
    let err = FrameSet::parse(src, Path::new("lexicons/frames.toml"), &gazetteer()).unwrap_err();
    let all: Vec<String> = err.flatten().iter().map(|e| e.to_string()).collect();
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(all[0].starts_with("lexicons/frames.toml:5: frame 'a': pattern \"punish* NEAR/ @pashinyan\": NEAR needs a number"), "{}", all[0]);
    assert!(all[0].ends_with("\n    punish* NEAR/ @pashinyan\n            ^"), "{}", all[0]);
    assert!(
        all[1].starts_with(
            "lexicons/frames.toml:6: frame 'a': pattern \"@nobody\": unknown entity '@nobody'"
        ),
        "{}",
        all[1]
    );
    assert_eq!(all[2], "lexicons/frames.toml:9: duplicate frame id 'a'");
}

/// The literal shortcuts of `TokenRegexes` (a word set, a prefix filter) must
/// give the same terms as running every regex on every word.
#[test]
fn regex_shortcuts_agree_with_running_each_regex() {
    let sources = [
        r"^(troops|forces?)$",             // a word set
        r"^occupations?$",                 // a word set
        r"^(?i)Rus$",                      // case-insensitive: a word set of 8
        r"^(refus\w*|declin\w*)$",         // prefixes
        r"^territor\w*$",                  // a prefix
        r"^(wasn.t|didn.t)$",              // `.`: a word set or prefixes
        r"^a\b",                           // a prefix, a word boundary
        r"peace",                          // unanchored: runs on every word
        r"^(ab|a)(c|cd)$",                 // a word set of 4
        r"^x*$",                           // may match the empty word: no literal
        r"^(?:[a-z]{2,3})$",               // too many literals
        r"^(de|re)occupation$|^occupier$", // both branches anchored
        r"^un|ism$",                       // one branch anchored at the start
    ];
    // globs: matched without a regex, prefix-filtered, or a word set
    let globs = ["occup*", "neutral?", "*ism", "terr*r*", "a.b", "?"];
    let list: Vec<(TokenPattern, TermId)> = sources
        .iter()
        .map(|s| TokenPattern::Regex(s.to_string()))
        .chain(globs.iter().map(|g| TokenPattern::Glob(g.to_string())))
        .enumerate()
        .map(|(i, p)| (p, i as TermId))
        .collect();
    let naive: Vec<regex::Regex> =
        list.iter().map(|(p, _)| regex::Regex::new(&p.regex()).unwrap()).collect();
    let set = TokenRegexes::build(list).unwrap();
    assert!(set.literal.contains_key(&b"troops"[..]), "a word set is a hash lookup");
    assert!(set.literal.contains_key(&b"rUs"[..]), "(?i) expands to every case");
    assert!(set.literal.contains_key(&b"a.b"[..]), "a glob without a wildcard is a word");
    let glob_matchers = set.regexes.iter().filter(|m| matches!(m, TokenMatcher::Glob(_))).count();
    assert_eq!(glob_matchers, 5, "the other globs are run without a regex");
    let mut words: Vec<String> = [
        "troops",
        "troop",
        "forces",
        "force",
        "forcesx",
        "occupation",
        "occupations",
        "refused",
        "refus",
        "declining",
        "territory",
        "territorial",
        "wasn't",
        "wasnxt",
        "a",
        "ab",
        "abc",
        "abcd",
        "acd",
        "ac",
        "peacekeeping",
        "deoccupation",
        "reoccupation",
        "occupier",
        "unism",
        "undo",
        "fascism",
        "rus",
        "RUS",
        "rUs",
        "russ",
        "xxx",
        "x",
        "ru",
        "abcdefgh",
        "zz",
        "ä",
        "ab-c",
        "occup",
        "preoccupied",
        "neutrals",
        "neutral",
        "terror",
        "terr",
        "ism",
        "axb",
        "é",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // and every word of the shipped corpus
    for (_, text) in crate::shipped_texts() {
        let analyzer = Analyzer::new("en");
        let t = analyzer.tokenize(&text);
        words.extend(t.words.iter().map(|w| w.folded.clone()));
    }
    assert!(words.len() > 2000, "the corpus was read");
    for word in &words {
        let mut got = Vec::new();
        set.matches(word, &mut got);
        got.sort_unstable();
        let want: Vec<TermId> =
            (0..naive.len() as TermId).filter(|&i| naive[i as usize].is_match(word)).collect();
        assert_eq!(got, want, "word {word:?}");
    }
}

#[test]
fn words_keep_terms_per_frame_set_and_language() {
    // One tokenized text, matched by two frame sets and, for the stems, with
    // two languages: each must find what it finds on a fresh text.
    let a = lexicon(&[("occupation", &["occup*"], &[])]);
    let b = lexicon(&[("withdrawal", &["~withdrawing"], &[]), ("troops", &["troops"], &[])]);
    let text = "The occupation ended when the troops withdrew; withdrawals followed.";
    let en = Analyzer::new("en");
    let hy = Analyzer::new("hy");
    let t = en.tokenize(text);
    let ids = |set: &FrameSet, t: &TokenizedText, analyzer: &Analyzer| -> Vec<String> {
        let hits = set.find(t, &[], analyzer);
        hits.iter().map(|h| text[h.span.start..h.span.end].to_string()).collect()
    };
    for _ in 0..2 {
        assert_eq!(ids(&a, &t, &en), ["occupation"]);
        // "withdrew" stems to "withdrew", "withdrawals" to "withdraw": the
        // stem of ~withdrawing
        assert_eq!(ids(&b, &t, &en), ["withdrawals", "troops"]);
    }
    // without a stemmer the pattern word stays "withdrawing", and no word of
    // the text has that stem, whatever the English run kept
    assert_eq!(ids(&b, &t, &hy), ["troops"]);
    assert_eq!(ids(&b, &en.tokenize(text), &hy), ["troops"]);
}

#[test]
fn words_of_two_analyzers_keep_their_terms_apart() {
    // word 0 is "troops" for one analyzer and "occupation" for the other
    let set = lexicon(&[("occupation", &["occupation"], &[]), ("troops", &["troops"], &[])]);
    let (one, two) = (Analyzer::new("en"), Analyzer::new("en"));
    let a = one.tokenize("troops left");
    let b = two.tokenize("occupation ended");
    let frames = |t: &TokenizedText, analyzer: &Analyzer| -> Vec<u32> {
        set.find(t, &[], analyzer).iter().map(|h| h.frame).collect()
    };
    for _ in 0..2 {
        assert_eq!(frames(&a, &one), [1]);
        assert_eq!(frames(&b, &two), [0]);
        // with another analyzer than the one that tokenized the text, the
        // words' numbers are not used
        assert_eq!(frames(&a, &two), [1]);
        assert_eq!(frames(&b, &one), [0]);
    }
}

#[test]
fn one_step_ends_as_far_as_the_general_walk() {
    // words, a compound (peace-keeping), and mentions of one and two tokens
    let set = lexicon(&[(
        "x",
        &["peace", "peacekeeping", "@pashinyan", "@russia", "nikol", "keeping"],
        &[],
    )]);
    let analyzer = Analyzer::new("en");
    let t = analyzer.tokenize("Nikol Pashinyan met Russia's peace-keeping force and Pashinyan.");
    let mentions = gazetteer().find(&t);
    let m = Matcher::new(&set, &t, &mentions, &analyzer);
    let steps: Vec<Step> =
        (0..set.terms.len() as u32).map(Step::Term).chain((0..2).map(Step::Entity)).collect();
    let mut reached = 0;
    for step in &steps {
        for p in 0..t.tokens.len() {
            let mut ends = Vec::new();
            m.step_ends(step, p, &mut ends);
            assert_eq!(m.step_max_end(step, p), ends.iter().copied().max(), "{step:?} at {p}");
            reached += usize::from(!ends.is_empty());
        }
    }
    // tokens: Nikol0 Pashinyan1 met2 Russia3 peace4 keeping5 force6 and7
    // Pashinyan8. Reached: peace at 4, peacekeeping at 4 (the compound, to
    // 6), keeping at 5, nikol at 0; @pashinyan at 0 (to 2) and 8; @russia at 3
    assert_eq!(reached, 7);
}

#[test]
fn key_index_lists_each_keys_frames_once() {
    let e = |k: u32| ENTITY_KEY + k;
    // given in no order, with a repeat; term 1, entity 0 and entity 2 have none
    let index = KeyIndex::new(vec![
        (e(3), 0, 1),
        (2, 4, 0),
        (0, 1, 0),
        (e(1), 2, 0),
        (2, 0, 1),
        (0, 1, 0),
        (2, 0, 0),
    ]);
    assert_eq!(index.get(0), [(1, 0)]);
    assert_eq!(index.get(1), []);
    assert_eq!(index.get(2), [(0, 0), (0, 1), (4, 0)]);
    assert_eq!(index.get(3), []);
    assert_eq!(index.get(e(0)), []);
    assert_eq!(index.get(e(1)), [(2, 0)]);
    assert_eq!(index.get(e(2)), []);
    assert_eq!(index.get(e(3)), [(0, 1)]);
    assert_eq!(index.get(e(4)), []);
    assert!(KeyIndex::new(vec![]).get(e(0)).is_empty());
    // only entities
    let only = KeyIndex::new(vec![(e(1), 7, 0)]);
    assert_eq!(only.get(0), []);
    assert_eq!(only.get(e(0)), []);
    assert_eq!(only.get(e(1)), [(7, 0)]);
}

mod signatures {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn consecutive_terms_and_entities_take_bits_of_their_own() {
        assert_eq!(signature([0]), 1);
        assert_eq!(signature([1, 2]), 0b110);
        assert_eq!(signature([]), 0);
        // 64 consecutive terms fill the 64 bits
        assert_eq!(signature(0..64), u64::MAX);
        assert_ne!(signature([ENTITY_KEY]), 0);
    }

    proptest! {
        /// A token that carries one of a phrase's keys always passes the
        /// signature test: the filter never drops a match.
        #[test]
        fn a_shared_key_shares_a_bit(
            phrase in prop::collection::vec(prop_oneof![0u32..5000, ENTITY_KEY..ENTITY_KEY + 500], 0..12),
            token in prop::collection::vec(prop_oneof![0u32..5000, ENTITY_KEY..ENTITY_KEY + 500], 0..6),
            shared in prop_oneof![0u32..5000, ENTITY_KEY..ENTITY_KEY + 500],
        ) {
            let with = |mut keys: Vec<u32>| { keys.push(shared); signature(keys) };
            prop_assert_ne!(with(phrase) & with(token), 0);
        }
    }
}

/// One [`Scratch`] serves one call after another, as on an analysing
/// thread: a frame set with fewer frames, or another text, must not see what
/// the last call left in it.
#[test]
fn a_scratch_passed_from_call_to_call_leaks_nothing() {
    let text = "Troops left. The occupation of Shusha ended. Troops stayed in Shusha.";
    let three = lexicon(&[
        ("t", &["troops"], &[]),
        ("o", &["occupation"], &[]),
        ("s", &["shusha"], &["stayed in shusha"]),
    ]);
    let one = lexicon(&[("s", &["shusha"], &[])]);
    let analyzer = Analyzer::new("en");
    let mut scratch = Scratch::default();
    let mut found = |set: &FrameSet, text: &str| -> Vec<(String, String)> {
        let t = analyzer.tokenize(text);
        let mentions = gazetteer().find(&t);
        let hits = set.find_with(&mut scratch, &t, &mentions, &analyzer);
        let id = |h: &FrameHit| set.frames()[h.frame as usize].id.clone();
        hits.iter().map(|h| (id(h), text[h.span.start..h.span.end].to_string())).collect()
    };
    let first = found(&three, text);
    // troops twice; occupation once; Shusha twice, the second excluded
    let frames: Vec<&str> = first.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(frames, ["t", "t", "o", "s"]);
    // one frame after three: its lists must be the first frame's, emptied
    let alone: Vec<String> = found(&one, text).into_iter().map(|h| h.1).collect();
    assert_eq!(alone, ["Shusha", "Shusha"]);
    // a text without the words after one with them
    assert!(found(&three, "Nothing here.").is_empty());
    assert_eq!(found(&three, text), first);
}

/// The start lists a scratch keeps do not keep the room a long text needed.
#[test]
fn start_lists_let_go_of_a_long_texts_room() {
    let text = "troops ".repeat(20_000);
    let set = lexicon(&[("t", &["troops"], &[])]);
    let analyzer = Analyzer::new("en");
    let tokenized = analyzer.tokenize(&text);
    let mut scratch = Scratch::default();
    // one sentence of 20,000 tokens, each one hit of the one-word pattern
    let hits = set.find_with(&mut scratch, &tokenized, &[], &analyzer);
    assert_eq!(hits.len(), 20_000);
    assert_eq!(scratch.starts.len(), 1);
    assert!(scratch.starts.iter().flatten().all(|l| l.capacity() <= KEPT_STARTS));
}

/// The linter's way: a set built on another's terms numbers them alike and
/// shares them; a term the base lacks goes to a copy, never to the base.
#[test]
fn a_set_built_on_another_shares_its_terms_and_copies_them_to_add_one() {
    let base = lexicon(&[("a", &["troops", "occup*"], &["/^x+y/"])]);
    let key = base.terms().key();
    let spec =
        |p: &str| FrameSpec { id: p.into(), patterns: vec![(p.into(), 1)], ..Default::default() };
    let build = |patterns: &[&str]| {
        let specs = patterns.iter().map(|p| spec(p)).collect();
        FrameSet::build_on(&base, specs, Path::new("lint"), &gazetteer()).unwrap()
    };
    let same = build(&["occup*", "troops"]);
    assert!(std::sync::Arc::ptr_eq(same.terms(), base.terms()));
    // a regex the base lacks, after the base's own regex: numbered after it
    let more = build(&["troops", "/^withdr/"]);
    assert_ne!(more.terms().key(), key);
    assert_eq!(base.terms().key(), key, "the base is unchanged");
    let text = "Troops withdrew from xxy.";
    let analyzer = Analyzer::new("en");
    let t = analyzer.tokenize(text);
    let found = |set: &FrameSet| -> Vec<(String, String)> {
        let hits = set.find(&t, &[], &analyzer);
        let id = |h: &FrameHit| set.frames()[h.frame as usize].id.clone();
        hits.iter().map(|h| (id(h), text[h.span.start..h.span.end].to_string())).collect()
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(found(&more), [pair("troops", "Troops"), pair("/^withdr/", "withdrew")]);
    assert_eq!(found(&same), [pair("troops", "Troops")]);
    assert_eq!(found(&base), [pair("a", "Troops")]);
}
