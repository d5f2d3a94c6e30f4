//! `report.html` (issue 21): the report of the shipped corpus read back and
//! checked against the tables written beside it, its bytes across `--jobs`
//! and the cache, `--report none`, and (in [`browser`]) the page as headless
//! Chromium draws it.

use std::collections::BTreeMap;

use scraper::{Html, Selector};

use crate::util::{TABLES, Workdir, col};

/// The outlets' colours (Okabe–Ito without black), in outlet order.
pub const COLOURS: [&str; 7] =
    ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];

/// The hits of a frame shown per outlet (README: "the first 10").
const HIT_CAP: usize = 10;

/// The sections of the page, by id (SPEC §12).
pub const SECTIONS: [&str; 7] =
    ["run", "frames", "time", "keyness", "frame-entity", "variants", "hits"];

/// The shipped corpus, run into `out`.
pub fn shipped(args: &[&str]) -> Workdir {
    let w = Workdir::with(".");
    run(&w, args);
    w
}

pub fn run(w: &Workdir, args: &[&str]) {
    let out = w.command().arg("run").args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The bars of the share chart: (width, fill) in document order.
pub fn share_bars(html: &Html) -> Vec<(f64, String)> {
    html.select(&sel("#chart-share svg rect"))
        .filter_map(|r| {
            let fill = r.value().attr("fill")?.to_string();
            COLOURS
                .contains(&fill.as_str())
                .then(|| (r.value().attr("width").unwrap().parse::<f64>().unwrap(), fill))
        })
        .collect()
}

/// outlet_frames.csv's rows: (outlet, frame, share_articles, hits, label).
fn outlet_frames(w: &Workdir) -> Vec<(String, String, f64, u64, String)> {
    let rows = w.csv("output/outlet_frames.csv");
    let h = &rows[0];
    let (o, f, s, n, l) = (
        col(h, "outlet"),
        col(h, "frame"),
        col(h, "share_articles"),
        col(h, "hits"),
        col(h, "label"),
    );
    rows[1..]
        .iter()
        .map(|r| {
            (r[o].clone(), r[f].clone(), r[s].parse().unwrap(), r[n].parse().unwrap(), r[l].clone())
        })
        .collect()
}

#[test]
fn the_report_shows_the_tables_numbers() {
    let w = shipped(&[]);
    let page = w.read("output/report.html");
    let html = Html::parse_document(&page);
    for id in SECTIONS {
        assert_eq!(html.select(&sel(&format!("section#{id}"))).count(), 1, "{id}");
    }
    let rows = outlet_frames(&w);
    let mut outlets: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    outlets.dedup();
    let frames = rows.len() / outlets.len();
    // the legend: every outlet of the table in its order and colour
    let legend: Vec<String> =
        html.select(&sel("#legend li")).map(|li| li.text().collect::<String>()).collect();
    assert_eq!(legend, outlets);
    // one bar per outlet × frame, frame by frame, each in its outlet's colour
    let bars = share_bars(&html);
    assert_eq!(bars.len(), rows.len());
    for (f, chunk) in bars.chunks(outlets.len()).enumerate() {
        for (o, (_, fill)) in chunk.iter().enumerate() {
            assert_eq!(fill, COLOURS[o], "frame {f}, outlet {o}");
        }
    }
    // the table is outlet by outlet; the chart frame by frame: a bar is as
    // long as its share (proportional within a pixel)
    let share = |o: usize, f: usize| rows[o * frames + f].2;
    let scale =
        bars.iter().map(|b| b.0).fold(0.0, f64::max) / rows.iter().map(|r| r.2).fold(0.0, f64::max);
    assert!(scale > 100.0);
    for f in 0..frames {
        for o in 0..outlets.len() {
            let got = bars[f * outlets.len() + o].0;
            assert!((got - share(o, f) * scale).abs() <= 1.0, "frame {f} outlet {o}: {got}");
        }
    }
    // the numbers beside the chart: share in % with one decimal
    let numbers: Vec<Vec<String>> = html
        .select(&sel("#frame-numbers tr"))
        .skip(1)
        .map(|tr| tr.select(&sel("td")).map(|td| td.text().collect()).collect())
        .collect();
    assert_eq!(numbers.len(), frames);
    for (f, row) in numbers.iter().enumerate() {
        assert_eq!(row[0], rows[f].4, "labels, not ids");
        for o in 0..outlets.len() {
            let want = format!("{:.1}%", share(o, f) * 100.0);
            assert!(row[o + 1].starts_with(&want), "{} vs {want}", row[o + 1]);
        }
    }
    // keyness and heat map: one figure per outlet (the shipped outlets
    // each tie some frame to some entity)
    assert_eq!(html.select(&sel("figure.keyness")).count(), outlets.len());
    assert_eq!(html.select(&sel("figure.heat")).count(), outlets.len());
    assert!(html.select(&sel("#chart-time svg")).count() == 1);
    assert!(html.select(&sel("figure.variants svg")).count() >= 1);
}

#[test]
fn the_hit_browser_shows_the_first_hits_of_hits_csv() {
    let w = shipped(&[]);
    let html = Html::parse_document(&w.read("output/report.html"));
    let rows = w.csv("output/hits.csv");
    let h = &rows[0];
    let (id, outlet, kind, name, voice, matched) = (
        col(h, "article_id"),
        col(h, "outlet"),
        col(h, "kind"),
        col(h, "name"),
        col(h, "voice"),
        col(h, "match"),
    );
    // frame → outlet → its hits in hits.csv's order (corpus order)
    let mut want: BTreeMap<&str, BTreeMap<&str, Vec<[&str; 3]>>> = BTreeMap::new();
    for r in rows[1..].iter().filter(|r| r[kind] == "frame") {
        want.entry(&r[name]).or_default().entry(&r[outlet]).or_default().push([
            &r[id],
            &r[voice],
            &r[matched],
        ]);
    }
    let frames = html.select(&sel("details.hit-frame")).collect::<Vec<_>>();
    assert_eq!(frames.len(), want.len(), "one list per frame with hits");
    let mut shown = 0;
    for d in frames {
        let frame = d.value().attr("data-frame").unwrap();
        let by_outlet = &want[frame];
        let tables: Vec<_> = d.select(&sel("table.kwic")).collect();
        assert_eq!(tables.len(), by_outlet.len(), "{frame}");
        for (table, (_, hits)) in tables.iter().zip(by_outlet) {
            let got: Vec<Vec<String>> = table
                .select(&sel("tr.hit"))
                .map(|tr| tr.select(&sel("td")).map(|td| td.text().collect()).collect())
                .collect();
            let expected = &hits[..hits.len().min(HIT_CAP)];
            assert_eq!(got.len(), expected.len(), "{frame}");
            for (g, e) in got.iter().zip(expected) {
                assert_eq!([g[0].as_str(), g[1].as_str(), g[3].as_str()], *e, "{frame}");
            }
            shown += got.len();
        }
    }
    assert!(shown > 20, "{shown} hits shown");
}

#[test]
fn the_report_is_the_same_whatever_jobs_or_cache() {
    let w = Workdir::with(".");
    run(&w, &["--jobs", "1", "--out", "a"]);
    let first = std::fs::read(w.path().join("a/report.html")).unwrap();
    run(&w, &["--jobs", "4", "--out", "b", "--no-cache"]);
    let other = std::fs::read(w.path().join("b/report.html")).unwrap();
    // a second run into `a` takes every article from its cache
    run(&w, &["--jobs", "3", "--out", "a"]);
    let cached = std::fs::read(w.path().join("a/report.html")).unwrap();
    assert!(first == cached, "a cached rerun changed the report");
    // the report shows the options that shape the tables, not --out,
    // --jobs or --no-cache
    assert!(first == other, "--jobs changed the report");
}

#[test]
fn report_none_writes_no_report_and_the_tables_stay_the_same() {
    let w = Workdir::with(".");
    run(&w, &["--out", "with"]);
    run(&w, &["--out", "without", "--report", "none"]);
    assert!(w.path().join("with/report.html").is_file());
    assert!(!w.path().join("without/report.html").exists());
    for t in TABLES {
        let a = std::fs::read(w.path().join("with").join(t)).unwrap();
        let b = std::fs::read(w.path().join("without").join(t)).unwrap();
        assert!(a == b, "{t} differs with the report");
    }
    // an Excel run's report reads its tables the same: the same bars
    run(&w, &["--out", "excel", "--excel"]);
    let plain = Html::parse_document(&w.read("with/report.html"));
    let excel = Html::parse_document(&w.read("excel/report.html"));
    assert_eq!(share_bars(&plain), share_bars(&excel));
}
