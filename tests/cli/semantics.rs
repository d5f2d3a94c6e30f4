//! Issue 18, items 1–5: voice on either side of NEAR, operators scholars
//! type, lexicon mistakes refused with file and line, real gazetteers load.
//! Expected values are read from the texts written here and the fixture
//! `tests/fixtures/frames` (n1: "Moscow wants to “punish” Pashinyan. …").

use crate::util::Workdir;

fn run(w: &Workdir, args: &[&str]) -> (Option<i32>, String, String) {
    let out = w.command().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The fixture with one more north article: "They fear a Russian
/// “occupation” of the region." — `occupation` alone in quotation marks is
/// a scare quote.
fn with_scare_quoted_occupation() -> Workdir {
    let w = Workdir::with("tests/fixtures/frames");
    w.write("corpus/n3.txt", "They fear a Russian “occupation” of the region.");
    let manifest = w.read("corpus/manifest.csv") + "n3.txt,north,2024-03-01,Fear\n";
    w.write("corpus/manifest.csv", manifest);
    w
}

/// Item 1: `Russian NEAR/3 occupation` and `occupation NEAR/3 Russian` find
/// the same stretch `Russian “occupation` and both call it `scare` (today
/// the first said `own`: the voice was its first term's).
#[test]
fn kwic_gives_one_voice_whichever_side_of_near() {
    let w = with_scare_quoted_occupation();
    for pattern in
        ["Russian NEAR/3 occupation", "occupation NEAR/3 Russian", "Russian W/3 occupation"]
    {
        let (code, out, err) = run(&w, &["kwic", pattern]);
        assert_eq!(code, Some(0), "{pattern}: {err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{pattern}: {out}");
        assert!(lines[0].starts_with("n3.txt:sentence 1 scare"), "{pattern}: {}", lines[0]);
        assert!(lines[0].contains("[Russian “occupation]”"), "{pattern}: {}", lines[0]);
    }
}

/// Item 5: `W/n` is NEAR/n; `AND`, `OR`, `NOT` in capitals are refused with
/// what to write instead; in lower case they are words.
#[test]
fn nexis_and_boolean_operators() {
    let w = Workdir::with("tests/fixtures/frames");
    // n1: Moscow(0) wants(1) to(2) punish(3): two tokens between
    let (code, out, _) = run(&w, &["kwic", "punish W/2 Moscow"]);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("[Moscow wants to “punish]”"), "{out}");
    for (pattern, advice) in [
        ("Moscow AND Pashinyan", "write NEAR/n"),
        ("Moscow OR Kremlin", "one pattern per alternative"),
        ("occup* NOT therapy", "exclude"),
    ] {
        let (code, _, err) = run(&w, &["kwic", pattern]);
        assert_eq!(code, Some(2), "{pattern}: {err}");
        assert!(err.contains("is not an operator in framelens"), "{pattern}: {err}");
        assert!(err.contains(advice), "{pattern}: {err}");
    }
    // lower case: the phrase "called the Kremlin" is three words
    let (code, out, _) = run(&w, &["kwic", "he called the kremlin"]);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 1, "{out}");
    let (code, _, _) = run(&w, &["kwic", "wants and punish"]);
    assert_eq!(code, Some(0));
}

/// Item 4: a blank frame id, `//`, `/.*/`, a possessive `'s`, `OR`: each
/// refused with file and line; nothing is written.
#[test]
fn lexicon_mistakes_are_refused_with_file_and_line() {
    let w = Workdir::with("tests/fixtures/frames");
    w.write(
        "lexicons/frames.toml",
        "[[frame]]\n\
         id = \" \"\n\
         patterns = [\"occup*\"]\n\
         \n\
         [[frame]]\n\
         id = \"everything\"\n\
         patterns = [\n\
         \x20 \"//\",\n\
         \x20 \"/.*/\",\n\
         \x20 \"'s\",\n\
         \x20 \"traitor OR betrayal\",\n\
         ]\n",
    );
    let (code, _, err) = run(&w, &["run"]);
    assert_eq!(code, Some(2), "{err}");
    for want in [
        "lexicons/frames.toml:1: a frame has an empty id",
        "lexicons/frames.toml:8: frame 'everything': pattern \"//\": the regular expression // matches every word",
        "lexicons/frames.toml:9: frame 'everything': pattern \"/.*/\": the regular expression /.*/ matches every word",
        "lexicons/frames.toml:10: frame 'everything': pattern \"'s\": ''s' can never match",
        "lexicons/frames.toml:11: frame 'everything': pattern \"traitor OR betrayal\": OR is not an operator",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    assert!(!w.path().join("output/hits.csv").exists());
}

/// Item 3: `["Moscow", "MOSCOW", "Moscow's"]` in one entity load, merged
/// with a note each from `check`; mentions are counted as before (n1 has
/// one Moscow).
#[test]
fn case_variants_of_one_entity_load_with_a_note() {
    let w = Workdir::with("tests/fixtures/frames");
    let g = w
        .read("lexicons/entities.toml")
        .replace("aliases = [\"Moscow\"]", "aliases = [\"Moscow\", \"MOSCOW\", \"Moscow's\"]");
    w.write("lexicons/entities.toml", g);
    let (code, _, err) = run(&w, &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("entity 'moscow': alias 'MOSCOW' is the same as 'Moscow'"), "{err}");
    assert!(err.contains("entity 'moscow': alias 'Moscow's' is the same as 'Moscow'"), "{err}");
    let (code, _, err) = run(&w, &["run"]);
    assert_eq!(code, Some(0), "{err}");
    let variants = w.read("output/entity_variants.csv");
    assert!(variants.lines().any(|l| l == "north,moscow,Moscow,1"), "{variants}");
}

/// Item 3: an ordinary `us` of one entity and the exact-case `US` of another
/// are different aliases: the fixture's `usa` has exact-case `US`.
#[test]
fn exact_case_alias_and_ordinary_alias_of_two_entities_load() {
    let w = Workdir::with("tests/fixtures/frames");
    let g = w.read("lexicons/entities.toml")
        + "\n[[entity]]\nid = \"we\"\nname = \"We\"\ntype = \"NORP\"\naliases = [\"us\"]\n";
    w.write("lexicons/entities.toml", g);
    let (code, _, err) = run(&w, &["check"]);
    assert_eq!(code, Some(0), "{err}");
}

/// Item 3: a broken entities.csv is reported as entities.csv, and the frames
/// that name an entity are not blamed on a missing gazetteer.
#[test]
fn a_broken_spreadsheet_gazetteer_is_named() {
    let w = Workdir::with("tests/fixtures/frames");
    std::fs::remove_file(w.path().join("lexicons/entities.toml")).unwrap();
    w.write("lexicons/entities.csv", "id,name,type,actor,alias,exact_case\nputin,Putin\n");
    let (code, _, err) = run(&w, &["run"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("lexicons/entities.csv:"), "{err}");
    assert!(!err.contains("no gazetteer"), "{err}");
    assert!(!err.contains("entities.toml"), "{err}");
    assert!(!err.contains("@pashinyan"), "{err}");
}

/// Item 3: entities.toml and entities.csv both in the lexicons folder is an
/// error, not a silent choice; `--entities FILE` names the one meant.
#[test]
fn two_gazetteers_in_one_folder_are_an_error() {
    let w = Workdir::with("tests/fixtures/frames");
    w.write(
        "lexicons/entities.csv",
        "id,name,type,actor,alias,exact_case\npashinyan,Nikol Pashinyan,PERSON,,Pashinyan,\n",
    );
    let (code, _, err) = run(&w, &["run"]);
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("holds both entities.toml and entities.csv"), "{err}");
    let (code, _, err) = run(&w, &["run", "--entities", "lexicons/entities.csv"]);
    assert_eq!(code, Some(0), "{err}");
}
