//! Table-driven gazetteer tests in the style of aho-corasick's: each case is
//! a gazetteer, a text, and the mentions expected, worked out by hand.

use super::*;

/// (entity id, aliases, exact-case aliases)
type Spec<'a> = (&'a str, &'a [&'a str], &'a [&'a str]);

fn build(specs: &[Spec<'_>]) -> Gazetteer {
    let specs = specs
        .iter()
        .map(|(id, aliases, exact)| EntitySpec {
            id: id.to_string(),
            name: id.to_string(),
            kind: "GPE".into(),
            actor: None,
            aliases: aliases.iter().map(|a| (a.to_string(), 1)).collect(),
            exact_case: exact.iter().map(|a| a.to_string()).collect(),
            line: 1,
        })
        .collect();
    Gazetteer::build(specs, Path::new("t.toml")).expect("valid gazetteer")
}

/// (entity id, matched original text, alias that matched)
fn found(g: &Gazetteer, text: &str) -> Vec<(String, String, String)> {
    let analyzer = Analyzer::new("en");
    let t = analyzer.tokenize(text);
    g.find(&t)
        .iter()
        .map(|m| {
            (
                g.entity(m.entity).id.clone(),
                text[m.span.start..m.span.end].to_string(),
                g.alias(m.alias).text.clone(),
            )
        })
        .collect()
}

struct Case {
    name: &'static str,
    gazetteer: &'static [Spec<'static>],
    text: &'static str,
    want: &'static [(&'static str, &'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        name: "leftmost-longest: a b c d with 'a b' and 'b c d' keeps 'a b'",
        gazetteer: &[("ab", &["a b"], &[]), ("bcd", &["b c d"], &[])],
        text: "a b c d",
        want: &[("ab", "a b", "a b")],
    },
    Case {
        name: "longest at the same start: Vladimir Putin is one mention",
        gazetteer: &[("putin", &["Putin", "Vladimir Putin"], &[])],
        text: "President Vladimir Putin said. Putin left.",
        want: &[("putin", "Vladimir Putin", "Vladimir Putin"), ("putin", "Putin", "Putin")],
    },
    Case {
        name: "possessives, straight and curly",
        gazetteer: &[("putin", &["Putin"], &[]), ("russia", &["Russia"], &[])],
        text: "Putin's plan and Russia’s army",
        want: &[("putin", "Putin", "Putin"), ("russia", "Russia", "Russia")],
    },
    Case {
        name: "Nagorno-Karabakh's is one mention of Karabakh, not two",
        gazetteer: &[("karabakh", &["Karabakh", "Nagorno-Karabakh"], &[])],
        text: "Nagorno-Karabakh's people left Karabakh",
        want: &[
            ("karabakh", "Nagorno-Karabakh", "Nagorno-Karabakh"),
            ("karabakh", "Karabakh", "Karabakh"),
        ],
    },
    Case {
        name: "hyphenated alias matches spaced and joined spellings",
        gazetteer: &[("karabakh", &["Nagorno-Karabakh"], &[])],
        text: "Nagorno Karabakh and NagornoKarabakh",
        want: &[
            ("karabakh", "Nagorno Karabakh", "Nagorno-Karabakh"),
            ("karabakh", "NagornoKarabakh", "Nagorno-Karabakh"),
        ],
    },
    Case {
        name: "a part of a hyphenated word: ethnic-Armenia, pro-Russian",
        gazetteer: &[("armenia", &["Armenia"], &[]), ("russians", &["Russian"], &[])],
        text: "ethnic-Armenia militia and pro-Russian figures",
        want: &[("armenia", "Armenia", "Armenia"), ("russians", "Russian", "Russian")],
    },
    Case {
        name: "one-word alias matches a hyphenated spelling through the joined form",
        gazetteer: &[("pk", &["peacekeepers"], &[])],
        text: "the peace-keepers left",
        want: &[("pk", "peace-keepers", "peacekeepers")],
    },
    Case {
        name: "exact-case US next to the word us",
        gazetteer: &[("usa", &["US", "United States"], &["US"])],
        text: "The US told us so. Us? The United States too.",
        want: &[("usa", "US", "US"), ("usa", "United States", "United States")],
    },
    Case {
        name: "Cyrillic aliases with a trailing *",
        gazetteer: &[("karabakh", &["Карабах*"], &[]), ("pashinyan", &["Никол Пашинян*"], &[])],
        text: "В Карабахе и Карабаха нет. Никол Пашиняна встретили.",
        want: &[
            ("karabakh", "Карабахе", "Карабах*"),
            ("karabakh", "Карабаха", "Карабах*"),
            ("pashinyan", "Никол Пашиняна", "Никол Пашинян*"),
        ],
    },
    Case {
        name: "case-insensitive Cyrillic",
        gazetteer: &[("putin", &["Путин*"], &[])],
        text: "ПУТИН и путина",
        want: &[("putin", "ПУТИН", "Путин*"), ("putin", "путина", "Путин*")],
    },
    Case {
        name: "a mention never crosses a sentence end",
        gazetteer: &[("nk", &["Nagorno Karabakh"], &[]), ("k", &["Karabakh"], &[])],
        text: "Nagorno. Karabakh",
        want: &[("k", "Karabakh", "Karabakh")],
    },
    Case {
        name: "Gen. does not end the sentence, so the two-word alias still matches",
        gazetteer: &[("ivanov", &["Gen. Ivanov", "Ivanov"], &[])],
        text: "Gen. Ivanov arrived",
        want: &[("ivanov", "Gen. Ivanov", "Gen. Ivanov")],
    },
    Case {
        name: "Armenian script",
        gazetteer: &[("pashinyan", &["Փաշինյան*"], &[])],
        text: "Փաշինյանի կառավարություն",
        want: &[("pashinyan", "Փաշինյանի", "Փաշինյան*")],
    },
];

#[test]
fn gazetteer_cases() {
    for case in CASES {
        let g = build(case.gazetteer);
        let got = found(&g, case.text);
        let want: Vec<(String, String, String)> = case
            .want
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, want, "case: {}", case.name);
    }
}

#[test]
fn voice_of_mentions() {
    let g = build(&[("russia", &["Russia"], &[]), ("pk", &["peacekeepers"], &[])]);
    let analyzer = Analyzer::new("en");
    let t =
        analyzer.tokenize("Russia’s ‘peacekeepers’ and “Russia will stay here for years,” he said");
    let voices: Vec<_> = g.find(&t).iter().map(|m| m.voice).collect();
    use crate::model::Voice::*;
    assert_eq!(voices, [Own, Scare, Quote]);
}

fn errors(src: &str) -> String {
    let specs = parse_toml(src, Path::new("lexicons/entities.toml")).unwrap();
    Gazetteer::build(specs, Path::new("lexicons/entities.toml")).unwrap_err().to_string()
}

#[test]
fn load_errors_name_file_and_line() {
    let e = errors(
        "[[entity]]\nid = \"a\"\ntype = \"GPE\"\naliases = [\"A\"]\n\n[[entity]]\nid = \"a\"\ntype = \"GPE\"\naliases = [\"B\"]\n",
    );
    assert_eq!(e, "lexicons/entities.toml:6: duplicate entity id 'a' (first at line 1)");
    let e = errors(
        "[[entity]]\nid = \"a\"\ntype = \"GPE\"\naliases = [\"Baku\"]\n[[entity]]\nid = \"b\"\ntype = \"GPE\"\naliases = [\n \"BAKU\"]\n",
    );
    assert_eq!(
        e,
        "lexicons/entities.toml:9: alias 'BAKU' of 'b' is already an alias of 'a' (line 4)"
    );
    let e = errors("[[entity]]\nid = \"a\"\ntype = \"GPE\"\naliases = [\"A\", \" -- \"]\n");
    assert_eq!(e, "lexicons/entities.toml:4: entity 'a': alias ' -- ' has no word in it");
    let e = errors(
        "[[entity]]\nid = \"us\"\ntype = \"GPE\"\naliases = [\"USA\"]\nexact_case = [\"US\"]\n",
    );
    assert_eq!(
        e,
        "lexicons/entities.toml:1: entity 'us': exact_case entry 'US' is not one of its aliases"
    );
    let e = errors("[[entity]]\nid = \"k\"\ntype = \"LOC\"\naliases = [\"Кара*бах\"]\n");
    assert_eq!(
        e,
        "lexicons/entities.toml:4: entity 'k': alias 'Кара*бах': a '*' may only end the last word"
    );
}

#[test]
fn all_problems_are_reported_together() {
    let e = errors("[[entity]]\nid = \"a\"\ntype = \"GPE\"\naliases = [\"\", \"x*y\"]\n");
    assert_eq!(e.lines().count(), 2, "{e}");
}

#[test]
fn words_keep_symbols_per_gazetteer() {
    // One tokenized text, read by two gazetteers in turn: each word keeps
    // the first gazetteer's symbols, and the second must not use them.
    let a = build(&[("pashinyan", &["Pashinyan"], &[])]);
    let b = build(&[("putin", &["Putin"], &[]), ("kremlin", &["Kremlin"], &[])]);
    let text = "Pashinyan called Putin, then the Kremlin.";
    let analyzer = Analyzer::new("en");
    let t = analyzer.tokenize(text);
    let ids = |g: &Gazetteer| -> Vec<String> {
        g.find(&t).iter().map(|m| g.entity(m.entity).id.clone()).collect()
    };
    for _ in 0..2 {
        assert_eq!(ids(&a), ["pashinyan"]);
        assert_eq!(ids(&b), ["putin", "kremlin"]);
    }
    // a clone has the same aliases, so it shares what the words kept
    assert_eq!(ids(&b.clone()), ["putin", "kremlin"]);
}

#[test]
fn a_text_of_one_gazetteers_vocabulary_is_read_right_by_another() {
    // The run vocabulary keeps each word's symbols for the gazetteer it was
    // built for: "moscow" is symbol 0 of `a`, and symbol 0 of `b` is
    // "baku". Were `b` to read `a`'s answers, "Moscow" would be taken for
    // Baku and "Baku" for nothing.
    let a = build(&[("moscow", &["Moscow"], &[])]);
    let b = build(&[("baku", &["Baku"], &[]), ("moscow", &["Moscow"], &[])]);
    let lexicons = crate::lexicon::Lexicons { gazetteer: a.clone(), ..Default::default() };
    let analyzers = crate::analyze::Analyzers::for_lexicons(&lexicons);
    let t = analyzers.get("en").tokenize("Baku and Moscow agreed.");
    assert_eq!(t.keys().aliases, a.words().key());
    assert_ne!(a.words().key(), b.words().key());
    let ids = |g: &Gazetteer| -> Vec<String> {
        g.find(&t).iter().map(|m| g.entity(m.entity).id.clone()).collect()
    };
    assert_eq!(ids(&a), ["moscow"]);
    assert_eq!(ids(&b), ["baku", "moscow"]);
    // a clone has the same aliases, and reads the same answers
    assert_eq!(a.clone().words().key(), a.words().key());
    assert_eq!(ids(&a.clone()), ["moscow"]);
}

/// Aliases of one entity that are the same once normalised are merged into
/// the first, with a note each (SPEC §4): the spellings that lexicons written
/// for case-sensitive tools list. Mentions count under the first alias.
#[test]
fn variants_of_one_entity_are_merged_with_a_note() {
    let src = "[[entity]]\nid = \"uefa\"\ntype = \"ORG\"\naliases = [\"Uefa\", \"UEFA\"]\n\n\
               [[entity]]\nid = \"karabakh\"\ntype = \"LOC\"\naliases = [\n  \"Nagorno Karabakh\",\n  \"Nagorno-Karabakh\",\n]\n\n\
               [[entity]]\nid = \"russia\"\ntype = \"GPE\"\naliases = [\"Russia\", \"Russia's\"]\n";
    let path = Path::new("lexicons/entities.toml");
    let g = Gazetteer::build(parse_toml(src, path).unwrap(), path).expect("loads");
    let notes: Vec<String> = g.notes().iter().map(|(l, n)| format!("{l}: {n}")).collect();
    assert_eq!(
        notes,
        [
            "4: entity 'uefa': alias 'UEFA' is the same as 'Uefa' (line 4) once normalised; merged, its mentions count as 'Uefa'",
            "11: entity 'karabakh': alias 'Nagorno-Karabakh' is the same as 'Nagorno Karabakh' (line 10) once normalised; merged, its mentions count as 'Nagorno Karabakh'",
            "17: entity 'russia': alias 'Russia's' is the same as 'Russia' (line 17) once normalised; merged, its mentions count as 'Russia'",
        ]
    );
    assert_eq!(g.aliases().len(), 3);
    // the merged alias's joined spelling still matches (Nagornokarabakh)
    let got = found(&g, "UEFA, Uefa. Nagorno-Karabakh, Nagornokarabakh and Russia’s.");
    let want = [
        ("uefa", "UEFA", "Uefa"),
        ("uefa", "Uefa", "Uefa"),
        ("karabakh", "Nagorno-Karabakh", "Nagorno Karabakh"),
        ("karabakh", "Nagornokarabakh", "Nagorno Karabakh"),
        ("russia", "Russia", "Russia"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, want);
}

/// Exact-case aliases are compared in their exact case: an exact-case `US`
/// of one entity and an ordinary `us` of another are not the same alias.
/// Where both match (the token `US`), the exact-case alias wins, whatever
/// the order of the entities; `us` and `Us` go to the ordinary alias.
#[test]
fn exact_case_aliases_are_compared_in_exact_case() {
    for order in [false, true] {
        let mut specs: Vec<Spec<'_>> = vec![("usa", &["US"], &["US"]), ("we", &["us"], &[])];
        if order {
            specs.reverse();
        }
        let g = build(&specs);
        let got: Vec<(String, String)> =
            found(&g, "The US told us. Us too.").into_iter().map(|(e, m, _)| (e, m)).collect();
        assert_eq!(
            got,
            [("usa".into(), "US".into()), ("we".into(), "us".into()), ("we".into(), "Us".into())],
            "order reversed: {order}"
        );
    }
    // two exact-case US in two entities, or `us` and `US` ordinary: errors
    let e = errors(
        "[[entity]]\nid = \"a\"\ntype = \"GPE\"\naliases = [\"US\"]\nexact_case = [\"US\"]\n\
         [[entity]]\nid = \"b\"\ntype = \"GPE\"\naliases = [\"US\"]\nexact_case = [\"US\"]\n",
    );
    assert_eq!(
        e,
        "lexicons/entities.toml:9: alias 'US' of 'b' is already an alias of 'a' (line 4)"
    );
    let e = errors(
        "[[entity]]\nid = \"a\"\ntype = \"GPE\"\naliases = [\"us\"]\n\
         [[entity]]\nid = \"b\"\ntype = \"GPE\"\naliases = [\"US\"]\n",
    );
    assert_eq!(
        e,
        "lexicons/entities.toml:8: alias 'US' of 'b' is already an alias of 'a' (line 4)"
    );
}

/// Mentions follow the one voice rule of hits (SPEC §6): a multi-word
/// mention with one word in scare quotes is `scare`; one that runs from
/// outside into a long quotation is `own`; one wholly inside it, `quote`.
#[test]
fn voice_of_multi_word_mentions() {
    let g = build(&[("pashinyan", &["Nikol Pashinyan"], &[])]);
    let analyzer = Analyzer::new("en");
    let voice = |text: &str| {
        let t = analyzer.tokenize(text);
        g.find(&t).iter().map(|m| m.voice).collect::<Vec<_>>()
    };
    use crate::model::Voice::*;
    assert_eq!(voice("So Nikol “Pashinyan” spoke."), [Scare]);
    assert_eq!(voice("So Nikol “Pashinyan will never sign that deal” he said."), [Own]);
    assert_eq!(voice("He said “Nikol Pashinyan will never sign that deal”."), [Quote]);
}
