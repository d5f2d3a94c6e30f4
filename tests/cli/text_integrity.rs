//! Nothing lost, nothing doubled, nothing mixed (issue 17).
//!
//! Item 6: invisible characters (bidi controls, zero-width characters, the
//! word joiner, an inner U+FEFF) neither split nor hide a word, and offsets
//! still point into the original text.

use crate::util::{Workdir, col, copy_dir, repo};

/// The article of both tests, after its leading byte-order mark. Bytes:
/// "Kara" FEFF "bakh" 0..11, " and " 11..16, "Pashin" 2060 "yan" 16..28,
/// ". " 28..30, RLE 30..33, "Karabakh" 33..41, PDF 41..44, " is " 44..48,
/// "Nagorno" 48..55, ZWSP 55..58, "-" 58..59, "Karabakh" 59..67, ".\n".
const TEXT: &str = "Kara\u{FEFF}bakh and Pashin\u{2060}yan. \u{202B}Karabakh\u{202C} is \
                    Nagorno\u{200B}-Karabakh.\n";

/// The mentions worked out by hand: (entity, match, sentence_no, start, end).
const MENTIONS: &[(&str, &str, &str, &str, &str)] = &[
    ("karabakh", "Kara\u{FEFF}bakh", "1", "0", "11"),
    ("pashinyan", "Pashin\u{2060}yan", "1", "16", "28"),
    ("karabakh", "Karabakh", "2", "33", "41"),
    ("karabakh", "Nagorno\u{200B}-Karabakh", "2", "48", "67"),
];

/// A work folder with the entities fixture's gazetteer.
fn workdir() -> Workdir {
    let w = Workdir::new();
    copy_dir(&repo().join("tests/fixtures/entities/lexicons"), &w.path().join("lexicons"));
    w
}

/// The mentions of `hits.csv` and the tokens of `articles.csv` in `out`.
fn mentions_and_tokens(w: &Workdir, out: &str) -> (Vec<Vec<String>>, String) {
    let hits = w.csv(&format!("{out}/hits.csv"));
    let keys = ["name", "match", "sentence_no", "start", "end"];
    let cols: Vec<usize> = keys.iter().map(|k| col(&hits[0], k)).collect();
    let mentions = hits[1..].iter().map(|r| cols.iter().map(|&c| r[c].clone()).collect()).collect();
    let articles = w.csv(&format!("{out}/articles.csv"));
    (mentions, articles[1][col(&articles[0], "tokens")].clone())
}

fn want() -> Vec<Vec<String>> {
    MENTIONS
        .iter()
        .map(|(e, m, s, a, b)| [e, m, s, a, b].iter().map(|x| x.to_string()).collect())
        .collect()
}

#[test]
fn invisible_characters_hide_no_mention_and_offsets_stay_original() {
    let w = workdir();
    // a file that begins with a byte-order mark: it is dropped on reading
    w.write("corpus/north/a.txt", format!("\u{FEFF}{TEXT}"));
    // a collection row whose text begins with U+FEFF: it is kept, and only
    // shifts the offsets by its 3 bytes
    let row = serde_json::json!({"id": "b", "outlet": "north", "text": format!("\u{FEFF}{TEXT}")});
    w.write("news.jsonl", format!("{row}\n"));
    w.command().args(["run", "--out", "folder"]).assert().success();
    w.command().args(["run", "--collection", "news.jsonl", "--out", "rows"]).assert().success();

    let (mentions, tokens) = mentions_and_tokens(&w, "folder");
    assert_eq!(mentions, want());
    // Karabakh and Pashinyan, Karabakh is Nagorno Karabakh: as if the
    // invisible characters were absent
    assert_eq!(tokens, "7");

    let (mentions, tokens) = mentions_and_tokens(&w, "rows");
    let shifted: Vec<Vec<String>> = want()
        .into_iter()
        .map(|mut r| {
            for offset in &mut r[3..5] {
                *offset = (offset.parse::<usize>().unwrap() + 3).to_string();
            }
            r
        })
        .collect();
    assert_eq!(mentions, shifted);
    assert_eq!(tokens, "7");
}
