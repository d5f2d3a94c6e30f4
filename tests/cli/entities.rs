//! Entities: the hand-worked fixture and the shipped corpus (issue 3).
//!
//! The fixture `tests/fixtures/entities` has two outlets:
//!
//! * north/n1: "President Vladimir Putin met Pashinyan. Putin's aides and
//!   Nagorno-Karabakh's leaders spoke." — 12 tokens; putin ×2 (Vladimir Putin,
//!   Putin), pashinyan ×1, karabakh ×1 (Nagorno-Karabakh).
//! * north/n2: "The US told us that “Karabakh” is calm. Ethnic-Armenian families left
//!   Artsakh." — 13 tokens; usa ×1 (US, not us), karabakh ×2 (“Karabakh” in scare
//!   quotes, Artsakh), armenians ×1 (a part of Ethnic-Armenian).
//! * south/s1: "Путин и Пашиняна обсудили Карабах. Moscow and the Kremlin agreed." —
//!   10 tokens; putin, pashinyan, karabakh (Cyrillic prefixes), moscow, kremlin ×1 each.

use crate::util::{Workdir, col};

/// Rows of a table as maps from column name to cell.
fn table(w: &Workdir, name: &str) -> Vec<std::collections::HashMap<String, String>> {
    let rows = w.csv(&format!("output/{name}"));
    rows[1..].iter().map(|r| rows[0].iter().cloned().zip(r.iter().cloned()).collect()).collect()
}

fn cells(rows: &[std::collections::HashMap<String, String>], keys: &[&str]) -> Vec<Vec<String>> {
    rows.iter().map(|r| keys.iter().map(|k| r[*k].clone()).collect()).collect()
}

#[test]
fn outlet_entities_by_hand() {
    let w = Workdir::with("tests/fixtures/entities");
    w.command().assert().success();
    let rows = table(&w, "outlet_entities.csv");
    assert_eq!(rows.len(), 16, "every outlet × entity, zeros included");
    let got = cells(&rows, &["outlet", "entity", "mentions", "articles_with_entity"]);
    let want: Vec<Vec<String>> = [
        ("north", "russia", 0, 0),
        ("north", "putin", 2, 1),
        ("north", "pashinyan", 1, 1),
        ("north", "karabakh", 3, 2),
        ("north", "usa", 1, 1),
        ("north", "armenians", 1, 1),
        ("north", "moscow", 0, 0),
        ("north", "kremlin", 0, 0),
        ("south", "russia", 0, 0),
        ("south", "putin", 1, 1),
        ("south", "pashinyan", 1, 1),
        ("south", "karabakh", 1, 1),
        ("south", "usa", 0, 0),
        ("south", "armenians", 0, 0),
        ("south", "moscow", 1, 1),
        ("south", "kremlin", 1, 1),
    ]
    .iter()
    .map(|(o, e, m, a)| vec![o.to_string(), e.to_string(), m.to_string(), a.to_string()])
    .collect();
    assert_eq!(got, want);
    // north has 12 + 13 = 25 tokens: putin 2/25 per 1,000 = 80; against south's 1 in 10,
    // log ratio = log2((2/25)/(1/10)) = log2(0.8) = -0.3219, so G2 is negative.
    let putin = &rows[1];
    assert_eq!((putin["tokens"].as_str(), putin["per_1k"].as_str()), ("25", "80.0000"));
    assert_eq!(putin["log_ratio"], "-0.3219");
    assert!(putin["g2"].starts_with('-'), "{}", putin["g2"]);
    // karabakh in north: Nagorno-Karabakh and Artsakh in the author's words, “Karabakh” scare-quoted
    let k = &rows[3];
    let voices =
        (k["mentions_own"].as_str(), k["mentions_quote"].as_str(), k["mentions_scare"].as_str());
    assert_eq!(voices, ("2", "0", "1"));
}

#[test]
fn variants_actors_and_hits_by_hand() {
    let w = Workdir::with("tests/fixtures/entities");
    w.command().assert().success();
    let variants =
        cells(&table(&w, "entity_variants.csv"), &["outlet", "entity", "variant", "mentions"]);
    let want: Vec<[&str; 4]> = vec![
        ["north", "putin", "Putin", "1"],
        ["north", "putin", "Vladimir Putin", "1"],
        ["north", "pashinyan", "Pashinyan", "1"],
        ["north", "karabakh", "Karabakh", "1"],
        ["north", "karabakh", "Nagorno-Karabakh", "1"],
        ["north", "karabakh", "Artsakh", "1"],
        ["north", "usa", "US", "1"],
        ["north", "armenians", "Armenian", "1"],
        ["south", "putin", "Путин*", "1"],
        ["south", "pashinyan", "Пашинян*", "1"],
        ["south", "karabakh", "Карабах*", "1"],
        ["south", "moscow", "Moscow", "1"],
        ["south", "kremlin", "Kremlin", "1"],
    ];
    let want: Vec<Vec<String>> =
        want.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    assert_eq!(variants, want);
    // actors, sorted: armenia (pashinyan, armenians), russia (putin, moscow, kremlin), usa
    let actors = cells(&table(&w, "outlet_actors.csv"), &["outlet", "actor", "mentions"]);
    let want: Vec<Vec<String>> = [
        ("north", "armenia", 2),
        ("north", "russia", 2),
        ("north", "usa", 1),
        ("south", "armenia", 1),
        ("south", "russia", 3),
        ("south", "usa", 0),
    ]
    .iter()
    .map(|(o, a, m)| vec![o.to_string(), a.to_string(), m.to_string()])
    .collect();
    assert_eq!(actors, want);
    let hits = table(&w, "hits.csv");
    assert_eq!(hits.len(), 4 + 4 + 5);
    let n2: Vec<(String, String, String)> = hits
        .iter()
        .filter(|h| h["article_id"] == "n2.txt")
        .map(|h| (h["name"].clone(), h["match"].clone(), h["voice"].clone()))
        .collect();
    let own = |e: &str, m: &str| (e.to_string(), m.to_string(), "own".to_string());
    assert_eq!(
        n2,
        [
            own("usa", "US"),
            ("karabakh".into(), "Karabakh".into(), "scare".into()),
            own("armenians", "Armenian"),
            own("karabakh", "Artsakh")
        ]
    );
    assert_eq!(hits[3]["sentence_no"], "2", "Nagorno-Karabakh stands in n1's second sentence");
    let articles = w.csv("output/articles.csv");
    let m: Vec<&str> =
        articles[1..].iter().map(|r| r[col(&articles[0], "entity_mentions")].as_str()).collect();
    assert_eq!(m, ["4", "4", "5"]);
}

#[test]
fn spreadsheet_gazetteer_gives_the_same_tables() {
    let w = Workdir::with("tests/fixtures/entities");
    w.command().assert().success();
    let csv_path = crate::util::repo().join("tests/fixtures/entities/entities.csv");
    w.command().args(["run", "--out", "from_csv", "--entities"]).arg(&csv_path).assert().success();
    for t in ["outlet_entities.csv", "entity_variants.csv", "outlet_actors.csv", "hits.csv"] {
        assert_eq!(w.read(&format!("output/{t}")), w.read(&format!("from_csv/{t}")), "{t}");
    }
}

/// Every row of hits.csv on the shipped corpus quotes the original text exactly.
#[test]
fn shipped_hits_match_the_original_text() {
    let w = Workdir::with(".");
    w.command().assert().success();
    let hits = table(&w, "hits.csv");
    assert!(hits.len() > 500);
    for h in &hits {
        let text = std::fs::read(w.path().join("corpus").join(&h["article_id"])).unwrap();
        let (s, e): (usize, usize) = (h["start"].parse().unwrap(), h["end"].parse().unwrap());
        assert_eq!(std::str::from_utf8(&text[s..e]).unwrap(), h["match"], "{h:?}");
    }
}

/// Counts anyone can check with a text search of the seeds (issue 3).
#[test]
fn shipped_counts_checkable_by_hand() {
    let w = Workdir::with(".");
    w.command().assert().success();
    let rows = table(&w, "outlet_entities.csv");
    let mentions = |outlet: &str, entity: &str| {
        rows.iter().find(|r| r["outlet"] == outlet && r["entity"] == entity).unwrap()["mentions"]
            .clone()
    };
    // "Pashinyan" stands 4 times in the MEI piece, once in Caucasus Watch's
    assert_eq!(mentions("mei", "pashinyan"), "4");
    assert_eq!(mentions("caucasuswatch", "pashinyan"), "1");
    // OSW writes "Nagorno-Karabakh" 11 times and Karabakh otherwise only inside
    // "Second Karabakh War" and "Karabakh Armenians", which are other entities
    assert_eq!(mentions("osw", "karabakh"), "11");
    let variants = table(&w, "entity_variants.csv");
    let osw: Vec<(&str, &str)> = variants
        .iter()
        .filter(|r| r["outlet"] == "osw" && r["entity"] == "karabakh")
        .map(|r| (r["variant"].as_str(), r["mentions"].as_str()))
        .collect();
    assert_eq!(osw, [("Nagorno-Karabakh", "11")]);
}
