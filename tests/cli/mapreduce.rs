//! `framelens map` and `framelens reduce` (issue 24): a collection split
//! into random partitions, each partition's rows in random order, mapped by
//! separate processes and reduced, gives `framelens run --collection`'s
//! tables byte for byte. The reference is `run` on the whole file: nothing
//! here is copied from the output of map or reduce.

use std::path::{Path, PathBuf};

use crate::util::{TABLES, Workdir, repo};

/// A small seeded generator (SplitMix64): the same articles on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator with a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Shuffles a list (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// The sentences of the shipped corpus: the material of generated articles,
/// so that they hold the lexicons' entities and frames in real prose.
fn sentences() -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for para in text.split("\n\n") {
            let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
            for s in para.split_inclusive(". ") {
                let s = s.trim();
                if s.len() > 30 {
                    out.push(s.to_string());
                }
            }
        }
    }
    out
}

/// `n` BBC-like articles as JSON Lines, in id order: the five sections of
/// the BBC News dataset as outlets, a title line and paragraphs as in its
/// files, dates over 2004–2005 (some only a month, some none), a group per
/// outlet, quoted speech and scare quotes. Every `bad_every`-th line is a
/// bad row (not JSON, or an empty text), as real exports have.
pub fn bbc_like(n: usize, seed: u64, bad_every: usize) -> String {
    let material = sentences();
    let outlets = ["business", "entertainment", "politics", "sport", "tech"];
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    for i in 0..n {
        if bad_every > 0 && i % bad_every == bad_every - 1 {
            if i % 2 == 0 {
                out.push_str("{\"id\": \"broken\n");
            } else {
                out.push_str(&format!(
                    "{{\"id\":\"{i:05}-empty\",\"outlet\":\"tech\",\"text\":\"  \"}}\n"
                ));
            }
            continue;
        }
        let outlet = outlets[rng.below(outlets.len())];
        let mut text = String::new();
        let title: Vec<&str> = material[rng.below(material.len())].split(' ').take(6).collect();
        text.push_str(&title.join(" "));
        text.push_str("\n\n");
        for p in 0..1 + rng.below(6) {
            if p > 0 {
                text.push_str("\n\n");
            }
            for s in 0..1 + rng.below(4) {
                if s > 0 {
                    text.push(' ');
                }
                let sentence = &material[rng.below(material.len())];
                match rng.below(6) {
                    0 => text.push_str(&format!("“{sentence}” a spokesman said.")),
                    1 => text.push_str(&format!("Critics call it an ‘occupation’. {sentence}")),
                    _ => text.push_str(sentence),
                }
            }
        }
        let date = match rng.below(10) {
            0 => serde_json::Value::Null,
            1 => format!("{}-{:02}", 2004 + rng.below(2), 1 + rng.below(12)).into(),
            _ => {
                format!("{}-{:02}-{:02}", 2004 + rng.below(2), 1 + rng.below(12), 1 + rng.below(28))
                    .into()
            }
        };
        let row = serde_json::json!({
            "id": format!("{i:05}"),
            "outlet": outlet,
            "group": if outlet == "sport" || outlet == "entertainment" { "soft" } else { "hard" },
            "date": date,
            "title": title.join(" "),
            "text": text,
        });
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out
}

/// The bytes of every file `run` writes that reduce must write the same:
/// every table, and report.html without its `input` row (it names the
/// collection file, or the parts) and without the places of its messages
/// (a line of the collection, or a line of a partition); their number is
/// compared.
pub fn same_tables(a: &Path, b: &Path) {
    for t in TABLES {
        let (x, y) = (std::fs::read(a.join(t)).unwrap(), std::fs::read(b.join(t)).unwrap());
        assert!(x == y, "{t} differs between {} and {}", a.display(), b.display());
    }
    let page = |p: &Path| -> String {
        let html = std::fs::read_to_string(p.join("report.html")).unwrap();
        html.lines()
            .filter(|l| !l.starts_with("<tr><th>input</th>") && !l.starts_with("<li><code>"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(page(a) == page(b), "report.html differs beyond its input row");
}

/// `map` on one partition file, its part written to `part`.
fn map(w: &Workdir, partition: &Path, part: &Path, extra: &[&str]) -> std::process::Output {
    let out = w
        .command()
        .args(["map", "--source", "news.jsonl", "--jobs", "2"])
        .args(extra)
        .pipe_stdin(partition)
        .unwrap()
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(part, &out.stdout).unwrap();
    out
}

/// Splits `jsonl`'s lines into `k` random partitions, each in random order.
fn split(jsonl: &str, k: usize, rng: &mut Rng) -> Vec<String> {
    let mut lines: Vec<&str> = jsonl.lines().collect();
    rng.shuffle(&mut lines);
    let mut parts = vec![String::new(); k];
    for (i, line) in lines.into_iter().enumerate() {
        // every partition gets a line first, then lines go anywhere
        let p = if i < k { i } else { rng.below(k) };
        parts[p].push_str(line);
        parts[p].push('\n');
    }
    parts
}

#[test]
fn random_partitions_in_random_order_reduce_to_runs_tables() {
    let w = Workdir::with(".");
    let jsonl = bbc_like(240, 24, 97);
    w.write("news.jsonl", &jsonl);
    let run = w
        .command()
        .args(["run", "--collection", "news.jsonl", "--out", "run", "--jobs", "2"])
        .output()
        .unwrap();
    // the bad rows make run exit 1, and so reduce
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
    let mut rng = Rng::new(2024);
    for k in [1, 2, 4, 16] {
        let dir = w.path().join(format!("split{k}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (i, rows) in split(&jsonl, k, &mut rng).iter().enumerate() {
            let partition = dir.join(format!("rows-{i:05}"));
            std::fs::write(&partition, rows).unwrap();
            map(&w, &partition, &dir.join(format!("part-{i:05}")), &[]);
        }
        let out = format!("reduced{k}");
        let reduce = w
            .command()
            .args(["reduce", dir.to_str().unwrap(), "--out", &out, "--jobs", "2"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&reduce.stderr);
        assert_eq!(reduce.status.code(), Some(1), "{stderr}");
        // each bad row is reported once, at its line within its partition
        assert_eq!(stderr.matches("row skipped: empty article text").count(), 1, "{stderr}");
        assert_eq!(stderr.matches("line skipped: not a JSON object").count(), 1, "{stderr}");
        assert!(stderr.contains("part-0") && stderr.contains("(news.jsonl):"), "{stderr}");
        same_tables(&w.path().join("run"), &w.path().join(&out));
    }
    // the table options of run pass through reduce: groups, weeks, Excel
    let opts = ["--by", "group", "--period", "week", "--excel", "--wide-rate", "share_articles"];
    let run = w
        .command()
        .args(["run", "--collection", "news.jsonl", "--out", "run-opts"])
        .args(opts)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    w.command().args(["reduce", "split4", "--out", "reduced-opts"]).args(opts).assert().code(1);
    same_tables(&w.path().join("run-opts"), &w.path().join("reduced-opts"));
    // the outlet records, summed over the parts, are the counts of run's
    // outlet tables (the reference is run's CSV, not map's own arithmetic)
    outlet_records_match_runs_tables(&w, &w.path().join("split4"));
    // Hadoop Streaming's text output ends a line with a tab
    let tabbed = w.path().join("tabbed");
    std::fs::create_dir_all(&tabbed).unwrap();
    for i in 0..2 {
        let part = w.read(&format!("split2/part-{i:05}"));
        let lines: String = part.lines().map(|l| format!("{l}\t\n")).collect();
        w.write(&format!("tabbed/part-{i:05}"), lines);
    }
    w.command().args(["reduce", "tabbed", "--out", "untabbed"]).assert().code(1);
    same_tables(&w.path().join("run"), &w.path().join("untabbed"));
    // the combiner: parts merged two by two with --partial, then reduced
    let dir = w.path().join("split4");
    let part = |i: usize| dir.join(format!("part-{i:05}")).to_string_lossy().into_owned();
    for (a, b, into) in [(0, 1, "ab.part"), (2, 3, "cd.part")] {
        w.command()
            .args(["reduce", &part(a), &part(b), "--partial", "--out", into])
            .assert()
            .success();
    }
    w.command().args(["reduce", "ab.part", "cd.part", "--out", "combined"]).assert().code(1);
    same_tables(&w.path().join("run"), &w.path().join("combined"));
    // a glob pattern names the same parts as the folder
    let pattern = dir.join("part-*").to_string_lossy().into_owned();
    w.command().args(["reduce", &pattern, "--out", "globbed"]).assert().code(1);
    same_tables(&w.path().join("run"), &w.path().join("globbed"));
}

/// Sums the `outlet` records of the parts in `dir` per outlet and compares
/// them with `run`'s `outlet_frames.csv`, `outlet_entities.csv`,
/// `entity_variants.csv` and `frame_entities.csv`.
fn outlet_records_match_runs_tables(w: &Workdir, dir: &Path) {
    use std::collections::BTreeMap;
    let mut sums: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    let mut add = |outlet: &str, what: &str, key: String, n: u64| {
        *sums.entry((outlet.to_string(), what.to_string(), key)).or_default() += n;
    };
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("part-") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["kind"] != "outlet" {
                continue;
            }
            let o = v["outlet"].as_str().unwrap();
            for field in ["articles", "tokens"] {
                add(o, field, String::new(), v[field].as_u64().unwrap());
            }
            for (kind, map) in [("frame", &v["frames"]), ("entity", &v["entities"])] {
                for (id, c) in map.as_object().unwrap() {
                    for (i, name) in ["articles_with", "own", "quote", "scare"].iter().enumerate() {
                        add(o, &format!("{kind} {name}"), id.clone(), c[i].as_u64().unwrap());
                    }
                }
            }
            for (entity, variants) in v["variants"].as_object().unwrap() {
                for (variant, n) in variants.as_object().unwrap() {
                    add(o, "variant", format!("{entity} {variant}"), n.as_u64().unwrap());
                }
            }
            for (frame, entities) in v["frame_entities"].as_object().unwrap() {
                for (entity, n) in entities.as_object().unwrap() {
                    add(o, "pair", format!("{frame} {entity}"), n.as_u64().unwrap());
                }
            }
        }
    }
    let mut want: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    let mut put = |outlet: &str, what: &str, key: &str, n: &str| {
        let n: u64 = n.parse().unwrap();
        if n > 0 {
            want.insert((outlet.to_string(), what.to_string(), key.to_string()), n);
        }
    };
    let table = |name: &str| {
        let rows = w.csv(&format!("run/{name}"));
        let h = rows[0].clone();
        rows[1..]
            .iter()
            .map(|r| h.iter().cloned().zip(r.iter().cloned()).collect::<BTreeMap<_, _>>())
            .collect::<Vec<_>>()
    };
    for r in table("outlet_frames.csv") {
        let (o, f) = (&r["outlet"], &r["frame"]);
        put(o, "articles", "", &r["articles"]);
        put(o, "tokens", "", &r["tokens"]);
        for (name, col) in [
            ("articles_with", "articles_with_frame"),
            ("own", "hits_own"),
            ("quote", "hits_quote"),
            ("scare", "hits_scare"),
        ] {
            put(o, &format!("frame {name}"), f, &r[col]);
        }
    }
    for r in table("outlet_entities.csv") {
        let (o, e) = (&r["outlet"], &r["entity"]);
        for (name, col) in [
            ("articles_with", "articles_with_entity"),
            ("own", "mentions_own"),
            ("quote", "mentions_quote"),
            ("scare", "mentions_scare"),
        ] {
            put(o, &format!("entity {name}"), e, &r[col]);
        }
    }
    for r in table("entity_variants.csv") {
        put(&r["outlet"], "variant", &format!("{} {}", r["entity"], r["variant"]), &r["mentions"]);
    }
    for r in table("frame_entities.csv") {
        put(&r["outlet"], "pair", &format!("{} {}", r["frame"], r["entity"]), &r["sentences"]);
    }
    sums.retain(|_, n| *n > 0);
    assert_eq!(sums, want);
}

#[test]
fn parts_that_do_not_belong_together_are_refused() {
    let w = Workdir::with(".");
    let jsonl = bbc_like(12, 7, 0);
    w.write("news.jsonl", &jsonl);
    let mut rng = Rng::new(1);
    let rows = split(&jsonl, 2, &mut rng);
    w.write("a.jsonl", &rows[0]);
    w.write("b.jsonl", &rows[1]);
    let p = |name: &str| w.path().join(name);
    map(&w, &p("a.jsonl"), &p("a.part"), &[]);
    map(&w, &p("b.jsonl"), &p("b.part"), &[]);
    map(&w, &p("b.jsonl"), &p("b-none.part"), &["--hits", "none"]);
    let refused = |args: &[&str], says: &[&str]| {
        let out = w.command().arg("reduce").args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        for s in says {
            assert!(stderr.contains(s), "{args:?}: {stderr}");
        }
        assert!(!p("output").exists(), "nothing written");
    };
    // other options: the header's options hash differs; both files named
    refused(&["a.part", "b-none.part"], &["b-none.part", "a.part", "made with other options"]);
    // a partition mapped twice repeats its ids
    std::fs::copy(p("b.part"), p("b2.part")).unwrap();
    refused(&["a.part", "b.part", "b2.part"], &["stands in 'b.part' and in 'b2.part'"]);
    // other lexicons than map's
    std::fs::create_dir_all(p("other")).unwrap();
    for f in ["entities.toml", "frames.toml"] {
        std::fs::copy(p("lexicons").join(f), p("other").join(f)).unwrap();
    }
    refused(&["a.part", "--lexicons", "other"], &["other lexicons"]);
    // a part cut short: its last records are missing
    let whole = std::fs::read_to_string(p("a.part")).unwrap();
    let lines: Vec<&str> = whole.lines().collect();
    let outlets = lines.iter().position(|l| l.starts_with("{\"kind\":\"outlet\"")).unwrap();
    let mut cut: Vec<&str> = lines[..outlets].to_vec();
    cut.remove(1);
    cut.extend(&lines[outlets..]);
    w.write("cut.part", cut.join("\n") + "\n");
    refused(&["cut.part"], &["cut.part", "do not add up"]);
    // the output folder would replace the parts it holds
    std::fs::create_dir_all(p("spark-out")).unwrap();
    std::fs::copy(p("a.part"), p("spark-out/part-00000")).unwrap();
    refused(
        &["spark-out", "--out", "spark-out"],
        &["holds 'spark-out/part-00000', which reduce reads"],
    );
    assert!(p("spark-out/part-00000").is_file());
    // not a part at all
    refused(&["news.jsonl"], &["news.jsonl:1", "not a part"]);
    // --hits all needs the hits' contexts
    map(&w, &p("a.jsonl"), &p("a-none.part"), &["--hits", "none"]);
    refused(&["a-none.part", "b-none.part"], &["--hits none"]);
    w.command().args(["reduce", "a-none.part", "b-none.part", "--hits", "none"]).assert().success();
    assert!(!p("output/hits.csv").exists());
}

#[test]
fn run_writes_the_collection_name_when_rows_have_ids_and_the_line_when_ids_come_from_it() {
    let w = Workdir::with(".");
    w.write(
        "c.jsonl",
        "{\"id\":\"x\",\"outlet\":\"a\",\"text\":\"Russia and Armenia.\"}\n{\"outlet\":\"a\",\"text\":\"Armenia.\"}\n",
    );
    w.command().args(["run", "--collection", "c.jsonl"]).assert().success();
    let rows = w.csv("output/articles.csv");
    let got: Vec<[&str; 2]> = rows[1..].iter().map(|r| [r[0].as_str(), r[1].as_str()]).collect();
    assert_eq!(got, [["x", "c.jsonl"], ["c.jsonl:2", "c.jsonl:2"]]);
}
