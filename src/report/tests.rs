//! The charts' numbers against hand-made tables: every expected value below
//! is worked out from the CSV rows written here, never from the program.
//!
//! Two outlets, `west` and `восток` (Cyrillic sorts after Latin, so `west`
//! is outlet 0: orange `#E69F00`; `восток` outlet 1: sky blue `#56B4E9`);
//! two frames, `occ` labelled in Armenian and `peace` whose label needs
//! escaping; two entities.

use super::charts::{self, Measure};
use super::data::{Data, colour};
use super::{HitSample, RunFacts, Tables};

const OUTLET_FRAMES: &str = "\
outlet,frame,articles,articles_with_frame,share_articles,hits,tokens,per_1k,g2,label
west,occ,4,2,0.5000,3,1000,3.0000,1.5000,Օկուպացիա
west,peace,4,1,0.2500,1,1000,1.0000,-2.0000,Peace & <calm>
восток,occ,2,2,1.0000,4,500,8.0000,-1.5000,Օկուպացիա
восток,peace,2,0,0.0000,0,500,0.0000,2.0000,Peace & <calm>
";

const OUTLET_TESTS: &str = "\
outlet,kind,item,share_lo,share_hi,per_1k_lo,per_1k_hi
west,frame,occ,0.1500,0.8500,1.0000,5.0000
west,frame,peace,0.0456,0.6994,0.0000,3.0000
west,entity,russia,0.1,0.2,0.1,0.2
восток,frame,occ,0.3424,1.0000,6.0000,9.5000
восток,frame,peace,0.0000,0.6576,0.0000,0.0000
";

const OUTLET_ENTITIES: &str = "\
outlet,entity,mentions,g2,name,articles,tokens
west,russia,5,4.0000,Россия,4,1000
west,armenia,4,0.0000,Հայաստան,4,1000
восток,russia,0,-4.0000,Россия,2,500
восток,armenia,2,0.0000,Հայաստան,2,500
";

// west has no article in 2024-02: its shares are empty there
const OUTLET_PERIODS: &str = "\
outlet,period,kind,item,share_articles
west,2024-01,frame,occ,0.5000
west,2024-01,frame,peace,0.2500
west,2024-01,entity,russia,0.5000
west,2024-02,frame,occ,
west,2024-02,frame,peace,
west,2024-03,frame,occ,1.0000
west,2024-03,frame,peace,0.0000
восток,2024-02,frame,occ,1.0000
восток,2024-02,frame,peace,0.0000
восток,2024-03,frame,occ,0.5000
восток,2024-03,frame,peace,0.0000
";

const FRAME_ENTITIES: &str = "\
outlet,frame,entity,sentences
west,occ,russia,3
west,occ,armenia,2
west,peace,russia,1
восток,occ,russia,5
";

const ENTITY_VARIANTS: &str = "\
outlet,entity,variant,mentions
west,russia,Russia,5
west,armenia,Armenia,3
west,armenia,Հայաստան,1
восток,armenia,Armenia,2
";

const WEST: &str = "#E69F00";
const EAST: &str = "#56B4E9";

fn tables() -> Tables<'static> {
    Tables {
        outlet_frames: OUTLET_FRAMES.as_bytes(),
        outlet_tests: OUTLET_TESTS.as_bytes(),
        outlet_periods: OUTLET_PERIODS.as_bytes(),
        outlet_entities: OUTLET_ENTITIES.as_bytes(),
        frame_entities: FRAME_ENTITIES.as_bytes(),
        entity_variants: ENTITY_VARIANTS.as_bytes(),
    }
}

fn data() -> Data {
    Data::parse(&tables()).expect("the tables parse")
}

/// A rectangle of an SVG: x, y, width, height, fill.
#[derive(Debug)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    fill: String,
}

fn num(n: roxmltree::Node, a: &str) -> f64 {
    n.attribute(a).unwrap_or_else(|| panic!("no {a}")).parse().expect("a number")
}

/// The rectangles filled with one of `fills`, in document order.
fn rects(svg: &str, fills: &[&str]) -> Vec<Rect> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| fills.contains(&n.attribute("fill").unwrap_or("")))
        .map(|n| Rect {
            x: num(n, "x"),
            y: num(n, "y"),
            w: num(n, "width"),
            h: num(n, "height"),
            fill: n.attribute("fill").unwrap().to_string(),
        })
        .collect()
}

/// The text of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// `got` is `want` scaled by one factor, within a pixel (plotters rounds
/// to whole pixels): each width is its value times the width of the
/// largest value over that value.
fn assert_proportional(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    let (k, _) =
        want.iter().enumerate().fold((0, 0.0), |a, (i, v)| if *v > a.1 { (i, *v) } else { a });
    let scale = got[k] / want[k];
    assert!(got[k] > 50.0, "the largest bar is {} px", got[k]);
    for (g, w) in got.iter().zip(want) {
        assert!((g - w * scale).abs() <= 1.0, "{got:?} is not proportional to {want:?}");
    }
}

#[test]
fn outlets_frames_and_colours_come_from_the_tables() {
    let d = data();
    let names: Vec<&str> = d.outlets.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["west", "восток"]);
    assert_eq!((d.outlets[0].articles, d.outlets[1].tokens), (4, 500));
    assert_eq!([d.outlets[0].colour, d.outlets[1].colour], [WEST, EAST]);
    assert_eq!(d.frames[1].label, "Peace & <calm>");
    assert_eq!(d.frame_cells[1][0].share_ci, Some((0.3424, 1.0)));
    assert_eq!(d.frame_periods[0][0], [Some(0.5), None, Some(1.0)]);
    assert_eq!(d.frame_periods[0][1], [None, Some(1.0), Some(0.5)]);
    // Okabe–Ito without black, then darker: no two of 14 outlets alike
    let all: std::collections::BTreeSet<_> = (0..14).map(colour).collect();
    assert_eq!(all.len(), 14);
}

#[test]
fn a_share_bar_is_as_long_as_its_share() {
    let d = data();
    let svg = charts::frame_bars(&d, Measure::Share).unwrap().unwrap();
    let bars = rects(&svg, &[WEST, EAST]);
    // frame by frame, outlet by outlet: one bar per outlet × frame
    let fills: Vec<&str> = bars.iter().map(|b| b.fill.as_str()).collect();
    assert_eq!(fills, [WEST, EAST, WEST, EAST]);
    let widths: Vec<f64> = bars.iter().map(|b| b.w).collect();
    assert_proportional(&widths, &[0.5, 1.0, 0.25, 0.0]);
    assert_eq!(widths[3], 0.0);
    // every bar starts at zero, the first frame above the second
    assert!(bars.iter().all(|b| b.x == bars[0].x));
    assert!(bars[1].y + bars[1].h <= bars[2].y);
    assert!(bars.iter().all(|b| b.h >= 5.0));
}

#[test]
fn a_rate_bar_is_as_long_as_its_rate() {
    let d = data();
    let svg = charts::frame_bars(&d, Measure::Per1k).unwrap().unwrap();
    let widths: Vec<f64> = rects(&svg, &[WEST, EAST]).iter().map(|b| b.w).collect();
    assert_proportional(&widths, &[3.0, 8.0, 1.0, 0.0]);
}

#[test]
fn the_share_chart_has_whiskers_titles_and_axis_units() {
    let d = data();
    let svg = charts::frame_bars(&d, Measure::Share).unwrap().unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // one whisker per outlet × frame (all four have an interval), black
    let whiskers = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some("#000000"))
        .count();
    assert!(whiskers >= 4, "{whiskers} black lines");
    let t = texts(&svg);
    assert!(t.iter().any(|s| s.starts_with("Frames per outlet")), "{t:?}");
    assert!(t.iter().any(|s| s.contains("% of the outlet's articles")), "{t:?}");
    assert!(t.iter().any(|s| s == "Օկուպացիա"), "labels, not ids: {t:?}");
    assert!(t.iter().any(|s| s == "Peace & <calm>"), "{t:?}");
    assert!(!t.iter().any(|s| s == "occ"), "{t:?}");
    // the escaped label is in the SVG's text as entities
    assert!(svg.contains("Peace &amp; &lt;calm&gt;"));
}

#[test]
fn keyness_bars_diverge_by_g2() {
    let d = data();
    // west: Россия 4, occ 1.5, peace −2; armenia's 0 is left out
    let items = charts::keyness_items(&d, 0);
    let want = [("Россия", 4.0), ("Օկուպացիա (frame)", 1.5), ("Peace & <calm> (frame)", -2.0)];
    let got: Vec<(&str, f64)> = items.iter().map(|(l, g)| (l.as_str(), *g)).collect();
    assert_eq!(got, want);
    let svg = charts::keyness(&d, 0).unwrap().expect("a chart");
    let bars = rects(&svg, &[WEST, "#999999"]);
    let fills: Vec<&str> = bars.iter().map(|b| b.fill.as_str()).collect();
    assert_eq!(fills, [WEST, WEST, "#999999"]);
    assert_proportional(&bars.iter().map(|b| b.w).collect::<Vec<_>>(), &[4.0, 1.5, 2.0]);
    // positive bars start where the negative one ends: at zero
    let zero = bars[0].x;
    assert_eq!(bars[1].x, zero);
    assert!((bars[2].x + bars[2].w - zero).abs() <= 1.0);
    // with one outlet there is nothing to compare: none of its G2 is drawn
    let one = "outlet,frame,articles,articles_with_frame,share_articles,hits,tokens,per_1k,g2,label\n\
               a,f,1,0,0.0000,0,10,0.0000,,F\n";
    let d = Data::parse(&Tables { outlet_frames: one.as_bytes(), ..Tables::default() }).unwrap();
    assert!(charts::keyness(&d, 0).unwrap().is_none());
}

#[test]
fn heat_map_cells_are_the_sentences() {
    let d = data();
    // west: russia with 3 + 1 sentences before armenia with 2; frames in
    // lexicon order
    assert_eq!(charts::heat_axes(&d, 0), (vec![0, 1], vec![0, 1]));
    let svg = charts::heat_map(&d, 0).unwrap().expect("a chart");
    let mut numbers: Vec<u64> = texts(&svg).iter().filter_map(|t| t.parse().ok()).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3]);
    // the largest count is the scale's dark end; no cell for peace × armenia
    let cells = rects(&svg, &["#08306B", "#DEEBF7"]);
    assert_eq!(cells.iter().filter(|c| c.fill == "#08306B").count(), 1);
    assert_eq!(cells.len(), 1, "only the largest and no cell is at an end: {cells:?}");
    // восток: one cell, its largest; an outlet without any: no chart
    let svg = charts::heat_map(&d, 1).unwrap().expect("a chart");
    assert!(texts(&svg).contains(&"5".to_string()));
}

#[test]
fn variant_segments_are_the_shares_of_mentions() {
    let d = data();
    // armenia: Armenia 5, Հայաստան 1 over both outlets; russia has one name
    let varied = charts::varied_entities(&d);
    assert_eq!(varied, [(1, vec!["Armenia".to_string(), "Հայաստան".to_string()])]);
    let svg = charts::variants(&d, 1, &varied[0].1).unwrap();
    let (a, b) = (charts::TOL_MUTED[0], charts::TOL_MUTED[1]);
    let segs = rects(&svg, &[a, b]);
    // west 3 and 1 of 4, then восток 2 of 2; the last two are the legend
    let widths: Vec<f64> = segs[..3].iter().map(|r| r.w).collect();
    assert_proportional(&widths, &[75.0, 25.0, 100.0]);
    assert_eq!(segs[1].x, segs[0].x + segs[0].w);
    assert!(texts(&svg).contains(&"Հայաստան".to_string()));
}

#[test]
fn time_lines_break_where_an_outlet_has_no_article() {
    let d = data();
    let svg = charts::frames_over_time(&d, &[0, 1], "month").unwrap().expect("a chart");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let count = |tag: &str, colour: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name(tag))
            .filter(|n| {
                n.attribute("fill") == Some(colour) || n.attribute("stroke") == Some(colour)
            })
            .count()
    };
    // west: 2024-01 and 2024-03 around an empty 2024-02: points, no line;
    // восток: 2024-02 and 2024-03 joined by a line; in each of two panels
    assert_eq!(count("circle", WEST), 4);
    assert_eq!(count("polyline", WEST), 0);
    assert_eq!(count("circle", EAST), 4);
    assert_eq!(count("polyline", EAST), 2);
    // no dated article: no chart
    let mut undated = d.clone();
    undated.periods.clear();
    assert!(charts::frames_over_time(&undated, &[0], "month").unwrap().is_none());
}

#[test]
fn the_page_has_every_section_escapes_text_and_loads_nothing() {
    let facts = RunFacts {
        version: "0.1.0".into(),
        source: "folder corpus".into(),
        diagnostics: vec!["a.txt: warning: <odd>".into()],
        diagnostics_total: 1,
        ..RunFacts::default()
    };
    let html = super::render(&tables(), &facts, &HitSample::new(true)).unwrap();
    for id in ["run", "frames", "time", "keyness", "frame-entity", "variants", "hits"] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert!(html.contains("<td>Peace &amp; &lt;calm&gt;</td>"));
    assert!(!html.contains("<calm>"));
    assert!(html.contains("a.txt: warning: &lt;odd&gt;"));
    assert!(html.contains("Օկուպացիա") && html.contains("восток"));
    // one file: nothing fetched from anywhere (the only URL is SVG's
    // namespace name, which is never fetched)
    let urls = html.matches("http").count();
    assert_eq!(urls, html.matches("http://www.w3.org/2000/svg").count());
    assert!(!html.contains(" src="));
    // no frame has a sampled hit: each frame with hits says so
    // occ: 3 hits in west and 4 in восток; peace: 1 in west
    assert!(html.contains("Օկուպացիա: 0 of 7 hits shown"));
    assert!(html.contains("Peace &amp; &lt;calm&gt;: 0 of 1 hit shown"));
}

#[test]
fn a_run_without_frames_has_a_report_of_its_entities() {
    // a gazetteer alone: outlet_frames.csv has its header only
    let t = Tables {
        outlet_frames: b"outlet,frame,articles,articles_with_frame,share_articles,hits,tokens,per_1k,g2,label\n",
        outlet_entities: "outlet,entity,mentions,g2,name,articles,tokens\n\
                          north,russia,2,1.0000,Россия,1,10\nsouth,russia,0,-1.0000,Россия,2,20\n"
            .as_bytes(),
        ..Tables::default()
    };
    let d = Data::parse(&t).unwrap();
    assert_eq!(
        d.outlets.iter().map(|o| (o.name.as_str(), o.tokens)).collect::<Vec<_>>(),
        [("north", 10), ("south", 20)]
    );
    assert!(charts::frame_bars(&d, Measure::Share).unwrap().is_none());
    let html = super::render(&t, &RunFacts::default(), &HitSample::new(true)).unwrap();
    assert!(html.contains("The frame lexicon has no frame"));
    assert_eq!(html.matches("<figure class=\"keyness\"").count(), 2);
}

#[test]
fn the_hit_browser_shows_about_sixty_hits_per_frame() {
    // worked out from HITS_PER_FRAME = 60 and HIT_CAP = 10
    let got: Vec<usize> = [1, 5, 6, 7, 12, 30, 31, 100].map(super::hits_per_outlet).to_vec();
    assert_eq!(got, [10, 10, 10, 8, 5, 2, 1, 1]);
}

#[test]
fn many_periods_mark_only_the_points_no_line_reaches() {
    let mut d = data();
    // 40 months: west has values in all but months 19 and 21, so month 20
    // stands alone; восток has none
    d.periods = (0..40).map(|m| format!("m{m:02}")).collect();
    let west: Vec<Option<f64>> =
        (0..40).map(|m| if m == 19 || m == 21 { None } else { Some(0.5) }).collect();
    d.frame_periods = vec![vec![west, vec![None; 40]]];
    let svg = charts::frames_over_time(&d, &[0], "month").unwrap().unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some(WEST))
        .count();
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(WEST))
        .count();
    // lines over months 0–18 and 22–39; month 20 a point of its own
    assert_eq!((lines, circles), (2, 1));
}

#[test]
fn period_labels_parse_back_and_gaps_between_outlets_are_filled() {
    use super::data::parse_period;
    use crate::periods::{Granularity, label};
    // by hand: 2024-03 is month 2024 × 12 + 2; 2024-Q2 quarter 2024 × 4 + 1;
    // 1970-01-01 (a Thursday) is day 0 and in week 0, 1970-W01
    assert_eq!(parse_period("2024-03"), Some((24290, Granularity::Month)));
    assert_eq!(parse_period("2024-Q2"), Some((8097, Granularity::Quarter)));
    assert_eq!(parse_period("1970-01-01"), Some((0, Granularity::Day)));
    assert_eq!(parse_period("1970-W01"), Some((0, Granularity::Week)));
    assert_eq!(parse_period("2024"), Some((2024, Granularity::Year)));
    assert_eq!(parse_period("2024-13"), None);
    // every label the tables write parses back to its period
    // (years before 1970 for days and weeks; months and quarters from year 0)
    let cases: [(Granularity, &[i64]); 4] = [
        (Granularity::Day, &[-800, -1, 0, 1, 2, 2799, 2800, 19_800]),
        (Granularity::Week, &[-800, -1, 0, 1, 2, 52, 53, 2807]),
        (Granularity::Month, &[0, 11, 12, 24_290]),
        (Granularity::Quarter, &[0, 3, 4, 8097]),
    ];
    for (g, periods) in cases {
        for &p in periods {
            assert_eq!(parse_period(&label(p, g)), Some((p, g)), "{g:?} {p}");
        }
    }
    // west spans 2024-01 to 2024-03; a third outlet only 2024-06: the axis
    // runs through the three months none of them has
    let periods =
        format!("{OUTLET_PERIODS}west,2024-06,frame,occ,1.0000\nwest,2024-06,frame,peace,0.0000\n");
    let d = Data::parse(&Tables { outlet_periods: periods.as_bytes(), ..tables() }).unwrap();
    assert_eq!(d.periods, ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]);
    assert_eq!(d.frame_periods[0][0], [Some(0.5), None, Some(1.0), None, None, Some(1.0)]);
}
