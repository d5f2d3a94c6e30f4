//! The report's charts: SVG drawn with `plotters`' SVG backend.
//!
//! No font file is read: the SVG backend writes text as `<text>` elements
//! that the browser sets in its own sans-serif, in any script; plotters only
//! estimates text sizes to lay out the axes (its "naive" font metrics), so
//! the label areas are sized here, generously, and long labels are cut.
//!
//! The outlets' colours are [`super::data::colour`]'s, the same in every
//! chart; the page shows their legend once. Inside a chart, the only
//! rectangles filled with an outlet's colour are that outlet's bars (the
//! tests count them).

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::Data;

/// A chart's error: what plotters reported.
pub type ChartError = String;

const FONT: &str = "sans-serif";
/// Grey of the reference side of the keyness chart and of zero cells.
const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// The grid lines at the axis labels (plotters' finer lines are not drawn:
/// they would double the size of the page).
const MESH: RGBColor = RGBColor(0xE0, 0xE0, 0xE0);
/// The background of the heat map's cells: a cell without a sentence.
const EMPTY_CELL: RGBColor = RGBColor(0xF6, 0xF6, 0xF6);
/// Paul Tol's "muted" palette (colour-blind safe), for the naming variants,
/// apart from the outlets' Okabe–Ito colours.
pub const TOL_MUTED: [&str; 9] = [
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499",
];
/// The end colours of the heat map: ColorBrewer's "Blues" (single hue,
/// colour-blind safe), light to dark.
const BLUES: [(u8, u8, u8); 2] = [(0xDE, 0xEB, 0xF7), (0x08, 0x30, 0x6B)];

/// At most this many characters of a label are shown; a longer one ends in
/// "…".
pub const LABEL_CHARS: usize = 38;

/// The colour of `#RRGGBB`.
pub fn rgb(hex: &str) -> RGBColor {
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    RGBColor(byte(1), byte(3), byte(5))
}

/// `text`, cut to `max` characters with "…".
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// A round number at or above `v` (1, 2 or 5 times a power of ten), at
/// least `floor`.
pub fn nice_ceiling(v: f64, floor: f64) -> f64 {
    if v.is_nan() || v <= floor {
        return floor;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * p).find(|c| *c >= v - 1e-12).unwrap_or(10.0 * p)
}

fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    format!("{e:?}")
}

/// The grid and axes of a chart of horizontal bars: vertical grid lines
/// only, no y tick labels (the bars' labels are drawn beside them), the
/// axis descriptions given.
fn bar_mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    y_desc: &str,
    x_desc: &str,
) -> Result<(), ChartError> {
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(MESH)
        .disable_y_mesh()
        .y_labels(0)
        .y_desc(y_desc)
        .x_desc(x_desc)
        .x_label_formatter(&|v| format!("{v}"))
        .axis_desc_style((FONT, 13))
        .draw()
        .map_err(err)
}

/// An SVG of `size` drawn by `draw` on a white background.
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

fn text_style(size: u32, anchor: (HPos, VPos)) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).pos(Pos::new(anchor.0, anchor.1))
}

/// Row labels left of a chart's plotting area, one per band of height 1
/// counted from the top (`labels[0]` in the top band).
fn row_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: impl Fn(f64) -> (i32, i32),
    labels: &[String],
) -> Result<(), ChartError> {
    let n = labels.len() as f64;
    for (i, label) in labels.iter().enumerate() {
        let (x, y) = at(n - i as f64 - 0.5);
        root.draw(&Text::new(
            cut(label, LABEL_CHARS),
            (x - 6, y),
            text_style(12, (HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// What the grouped bars of the frames show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// `share_articles` in percent, with its Wilson interval.
    Share,
    /// `per_1k`, with its bootstrap interval.
    Per1k,
}

/// Grouped horizontal bars: one group per frame (top to bottom in lexicon
/// order), one bar per outlet in it (in outlet order), its length the
/// frame's `share_articles` (in %) or `per_1k`, a black whisker for the 95%
/// interval. Every outlet × frame has its rectangle, zero-length for zero.
/// `None` without frames or outlets.
pub fn frame_bars(d: &Data, measure: Measure) -> Result<Option<String>, ChartError> {
    let (nf, no) = (d.frames.len(), d.outlets.len());
    if nf == 0 || no == 0 {
        return Ok(None);
    }
    let value = |o: usize, f: usize| {
        let c = &d.frame_cells[o][f];
        match measure {
            Measure::Share => {
                (c.share.unwrap_or(0.0) * 100.0, c.share_ci.map(|(l, h)| (l * 100.0, h * 100.0)))
            }
            Measure::Per1k => (c.per_1k.unwrap_or(0.0), c.per_1k_ci),
        }
    };
    let mut top = 0f64;
    for o in 0..d.outlets.len() {
        for f in 0..nf {
            let (v, ci) = value(o, f);
            top = top.max(v).max(ci.map_or(0.0, |c| c.1));
        }
    }
    let (top, title, x_desc) = match measure {
        Measure::Share => (
            nice_ceiling(top, 10.0).min(100.0),
            "Frames per outlet: share of articles with the frame",
            "articles with at least one hit of the frame (% of the outlet's articles; whisker: Wilson 95% interval)",
        ),
        Measure::Per1k => (
            nice_ceiling(top, 1.0),
            "Frames per outlet: hits per 1,000 word tokens",
            "hits per 1,000 word tokens (whisker: bootstrap 95% interval over articles)",
        ),
    };
    let band = 4 + 9 * no as u32;
    let height = 110 + band * nf as u32;
    let chart = svg((960, height), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 17))
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(270)
            .build_cartesian_2d(0f64..top, 0f64..nf as f64)
            .map_err(err)?;
        bar_mesh(&mut chart, "frame", x_desc)?;
        let bh = 0.84 / no as f64;
        for f in 0..nf {
            let band_top = (nf - f) as f64 - 0.08;
            for (o, outlet) in d.outlets.iter().enumerate() {
                let (v, ci) = value(o, f);
                let (y0, y1) = (band_top - o as f64 * bh, band_top - (o + 1) as f64 * bh);
                let colour = rgb(outlet.colour);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (v.min(top), y1)],
                        colour.filled(),
                    )))
                    .map_err(err)?;
                if let Some((lo, hi)) = ci {
                    let ym = (y0 + y1) / 2.0;
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(lo, ym), (hi.min(top), ym)],
                            BLACK.stroke_width(1),
                        )))
                        .map_err(err)?;
                }
            }
        }
        let labels: Vec<String> = d.frames.iter().map(|f| f.label.clone()).collect();
        row_labels(root, |y| chart.backend_coord(&(0.0, y)), &labels)
    })?;
    Ok(Some(chart))
}

/// Up to this many periods every value of the time chart has its point.
pub const MARKED_PERIODS: usize = 36;

/// Small multiples of the frames over time: one panel per frame with any
/// article in any period, one line per outlet of `share_articles` (in %) by
/// period, on one y scale for all panels; a gap where an outlet has no
/// article in a period. `None` when no article is dated.
pub fn frames_over_time(
    d: &Data,
    frames: &[usize],
    period: &str,
) -> Result<Option<String>, ChartError> {
    let np = d.periods.len();
    if np == 0 || frames.is_empty() {
        return Ok(None);
    }
    let mut top = 0f64;
    for &f in frames {
        for row in &d.frame_periods[f] {
            top = top.max(row.iter().flatten().fold(0f64, |a, b| a.max(*b)) * 100.0);
        }
    }
    let top = nice_ceiling(top, 10.0).min(100.0);
    let cols = 3usize;
    let rows = frames.len().div_ceil(cols);
    let (pw, ph) = (320u32, 210u32);
    let chart = svg((pw * cols as u32, ph * rows as u32 + 40), |root| {
        root.draw(&Text::new(
            format!(
                "Frames over time: share of each outlet's articles with the frame, by {period}"
            ),
            (10, 8),
            text_style(17, (HPos::Left, VPos::Top)),
        ))
        .map_err(err)?;
        let body = root.clone().margin(40, 0, 0, 0);
        let panels = body.split_evenly((rows, cols));
        for (&f, panel) in frames.iter().zip(panels.iter()) {
            let mut chart = ChartBuilder::on(panel)
                .caption(cut(&d.frames[f].label, 34), (FONT, 13))
                .margin(8)
                .x_label_area_size(34)
                .y_label_area_size(40)
                .build_cartesian_2d(-0.5f64..np as f64 - 0.5, 0f64..top)
                .map_err(err)?;
            let last = np - 1;
            chart
                .configure_mesh()
                .light_line_style(TRANSPARENT)
                .bold_line_style(MESH)
                .x_labels(np.min(4))
                .x_label_formatter(&|v| {
                    let i = v.round();
                    if (v - i).abs() < 1e-9 && i >= 0.0 && (i as usize) <= last {
                        d.periods[i as usize].clone()
                    } else {
                        String::new()
                    }
                })
                .y_labels(5)
                .y_label_formatter(&|v| format!("{v}"))
                .y_desc("% of articles")
                .x_desc(period)
                .label_style((FONT, 10))
                .axis_desc_style((FONT, 11))
                .draw()
                .map_err(err)?;
            for (o, outlet) in d.outlets.iter().enumerate() {
                let colour = rgb(outlet.colour);
                let values = &d.frame_periods[f][o];
                let mut run: Vec<(f64, f64)> = Vec::new();
                for (p, v) in values.iter().enumerate() {
                    match v {
                        Some(v) => run.push((p as f64, v * 100.0)),
                        None => {
                            if run.len() > 1 {
                                chart
                                    .draw_series(LineSeries::new(
                                        run.clone(),
                                        colour.stroke_width(2),
                                    ))
                                    .map_err(err)?;
                            }
                            run.clear();
                        }
                    }
                }
                if run.len() > 1 {
                    chart.draw_series(LineSeries::new(run, colour.stroke_width(2))).map_err(err)?;
                }
                // a point for every value while there are few periods; past
                // that only for the values no line reaches (the page stays
                // small over years of days or weeks)
                let alone = |p: usize| {
                    let some = |q: Option<usize>| {
                        q.and_then(|q| values.get(q)).is_some_and(Option::is_some)
                    };
                    !some(p.checked_sub(1)) && !some(Some(p + 1))
                };
                chart
                    .draw_series(values.iter().enumerate().filter_map(|(p, v)| {
                        let shown = np <= MARKED_PERIODS || alone(p);
                        v.filter(|_| shown)
                            .map(|v| Circle::new((p as f64, v * 100.0), 3, colour.filled()))
                    }))
                    .map_err(err)?;
            }
        }
        Ok(())
    })?;
    Ok(Some(chart))
}

/// How many items each side of the keyness chart shows.
pub const KEYNESS_TOP: usize = 10;

/// The items of an outlet's keyness chart, top to bottom: its
/// [`KEYNESS_TOP`] frames or entities of largest positive G2 (descending),
/// then the [`KEYNESS_TOP`] of most negative G2 (the most negative last):
/// quanteda's textplot_keyness order. Items of G2 0 or empty are left out.
/// Each is (label, G2).
pub fn keyness_items(d: &Data, o: usize) -> Vec<(String, f64)> {
    let mut all: Vec<(String, f64)> = d
        .frames
        .iter()
        .zip(&d.frame_cells[o])
        .filter_map(|(f, c)| c.g2.map(|g| (format!("{} (frame)", f.label), g)))
        .chain(
            d.entities
                .iter()
                .zip(&d.entity_cells[o])
                .filter_map(|(e, c)| c.1.map(|g| (e.label.clone(), g))),
        )
        .filter(|(_, g)| *g != 0.0 && g.is_finite())
        .collect();
    // stable: ties keep lexicon order, frames before entities
    all.sort_by(|a, b| b.1.total_cmp(&a.1));
    let positive = all.iter().filter(|x| x.1 > 0.0).take(KEYNESS_TOP).cloned();
    let negatives: Vec<_> = all.iter().filter(|x| x.1 < 0.0).collect();
    let skip = negatives.len().saturating_sub(KEYNESS_TOP);
    positive.chain(negatives.into_iter().skip(skip).cloned()).collect()
}

/// Diverging bars of keyness for outlet `o` against all other outlets
/// together (quanteda's textplot_keyness layout): bars to the right in the
/// outlet's colour where it uses an item more than the others, grey to the
/// left where less. `None` when no item has a non-zero G2.
pub fn keyness(d: &Data, o: usize) -> Result<Option<String>, ChartError> {
    let items = keyness_items(d, o);
    if items.is_empty() {
        return Ok(None);
    }
    let n = items.len();
    let m = nice_ceiling(items.iter().fold(0f64, |a, x| a.max(x.1.abs())), 1.0);
    let outlet = &d.outlets[o];
    let chart = svg((960, 110 + 20 * n as u32), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                format!("Keyness: {} against all other outlets", cut(&outlet.name, 40)),
                (FONT, 17),
            )
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(270)
            .build_cartesian_2d(-m..m, 0f64..n as f64)
            .map_err(err)?;
        bar_mesh(
            &mut chart,
            "frame or entity",
            "signed G2 (log-likelihood; right: more than the other outlets, left: less)",
        )?;
        let colour = rgb(outlet.colour);
        for (i, (_, g)) in items.iter().enumerate() {
            let y0 = (n - i) as f64 - 0.15;
            let fill = if *g > 0.0 { colour.filled() } else { GREY.filled() };
            chart
                .draw_series(std::iter::once(Rectangle::new([(0.0, y0), (*g, y0 - 0.7)], fill)))
                .map_err(err)?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n as f64)],
                BLACK.stroke_width(1),
            )))
            .map_err(err)?;
        let labels: Vec<String> = items.iter().map(|x| x.0.clone()).collect();
        row_labels(root, |y| chart.backend_coord(&(-m, y)), &labels)
    })?;
    Ok(Some(chart))
}

/// At most this many entities (columns) in a heat map: those of most
/// sentences with a frame in the outlet.
pub const HEAT_ENTITIES: usize = 12;

/// The rows (frames) and columns (entities) of outlet `o`'s heat map: frames
/// in lexicon order that share a sentence with any of the columns; the
/// [`HEAT_ENTITIES`] entities of most such sentences (ties: gazetteer
/// order), in that order.
pub fn heat_axes(d: &Data, o: usize) -> (Vec<usize>, Vec<usize>) {
    let mut per_entity = vec![0u64; d.entities.len()];
    for (&(oo, _, e), &n) in &d.frame_entities {
        if oo == o {
            per_entity[e] += n;
        }
    }
    let mut entities: Vec<usize> = (0..d.entities.len()).filter(|&e| per_entity[e] > 0).collect();
    entities.sort_by(|a, b| per_entity[*b].cmp(&per_entity[*a]).then(a.cmp(b)));
    entities.truncate(HEAT_ENTITIES);
    let frames = (0..d.frames.len())
        .filter(|&f| entities.iter().any(|&e| d.frame_entities.contains_key(&(o, f, e))))
        .collect();
    (frames, entities)
}

/// The heat map of outlet `o`: frames (rows) × entities (columns), each
/// cell's colour and number the sentences in which a hit of the frame and a
/// mention of the entity stand together. `None` when there are none.
pub fn heat_map(d: &Data, o: usize) -> Result<Option<String>, ChartError> {
    let (frames, entities) = heat_axes(d, o);
    if frames.is_empty() {
        return Ok(None);
    }
    let (nr, nc) = (frames.len(), entities.len());
    let max = frames
        .iter()
        .flat_map(|&f| entities.iter().map(move |&e| (f, e)))
        .filter_map(|(f, e)| d.frame_entities.get(&(o, f, e)))
        .max()
        .copied()
        .unwrap_or(1);
    let (cw, rh) = (52u32, 22u32);
    let outlet = &d.outlets[o];
    let chart = svg((300 + cw * nc as u32 + 40, 230 + rh * nr as u32), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                format!("Frame × entity in {}: sentences with both", cut(&outlet.name, 40)),
                (FONT, 17),
            )
            .margin(12)
            .x_label_area_size(150)
            .y_label_area_size(270)
            .build_cartesian_2d(0f64..nc as f64, 0f64..nr as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(MESH)
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc("entity (the outlet's most frequent with a frame)")
            .y_desc("frame")
            .axis_desc_style((FONT, 13))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, 0.0), (nc as f64, nr as f64)],
                EMPTY_CELL.filled(),
            )))
            .map_err(err)?;
        for (r, &f) in frames.iter().enumerate() {
            let y0 = (nr - r) as f64;
            for (c, &e) in entities.iter().enumerate() {
                // only cells with a sentence are drawn, a gap around each
                let Some(&n) = d.frame_entities.get(&(o, f, e)) else { continue };
                let t = n as f64 / max as f64;
                let mix = |i: usize| {
                    let (a, b) = (
                        [BLUES[0].0, BLUES[0].1, BLUES[0].2][i] as f64,
                        [BLUES[1].0, BLUES[1].1, BLUES[1].2][i] as f64,
                    );
                    (a + (b - a) * t).round() as u8
                };
                let x0 = c as f64;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0 + 0.03, y0 - 0.05), (x0 + 0.97, y0 - 0.95)],
                        RGBColor(mix(0), mix(1), mix(2)).filled(),
                    )))
                    .map_err(err)?;
                let (x, y) = chart.backend_coord(&(x0 + 0.5, y0 - 0.5));
                let ink = if t > 0.5 { WHITE } else { BLACK };
                root.draw(&Text::new(
                    n.to_string(),
                    (x, y),
                    text_style(11, (HPos::Center, VPos::Center)).color(&ink),
                ))
                .map_err(err)?;
            }
        }
        let labels: Vec<String> = frames.iter().map(|&f| d.frames[f].label.clone()).collect();
        row_labels(root, |y| chart.backend_coord(&(0.0, y)), &labels)?;
        for (c, &e) in entities.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            root.draw(&Text::new(
                cut(&d.entities[e].label, 22),
                (x, y + 6),
                TextStyle::from((FONT, 11).into_font().transform(FontTransform::Rotate90))
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
        }
        Ok(())
    })?;
    Ok(Some(chart))
}

/// At most this many entities get a naming-variants chart: those with two
/// variants or more, by mentions.
pub const VARIANT_ENTITIES: usize = 12;

/// The entities whose names vary, by their mentions (most first; ties:
/// gazetteer order), at most [`VARIANT_ENTITIES`]; with their variants by
/// mentions over all outlets (ties: first seen).
pub fn varied_entities(d: &Data) -> Vec<(usize, Vec<String>)> {
    let mut per: Vec<(u64, Vec<(String, u64)>)> = vec![(0, Vec::new()); d.entities.len()];
    for (&(_, e), vs) in &d.variants {
        for (v, n) in vs {
            per[e].0 += n;
            match per[e].1.iter_mut().find(|(name, _)| name == v) {
                Some(slot) => slot.1 += n,
                None => per[e].1.push((v.clone(), *n)),
            }
        }
    }
    let mut varied: Vec<usize> = (0..d.entities.len()).filter(|&e| per[e].1.len() > 1).collect();
    varied.sort_by(|a, b| per[*b].0.cmp(&per[*a].0).then(a.cmp(b)));
    varied.truncate(VARIANT_ENTITIES);
    varied
        .into_iter()
        .map(|e| {
            let mut vs = per[e].1.clone();
            vs.sort_by_key(|v| std::cmp::Reverse(v.1));
            (e, vs.into_iter().map(|(v, _)| v).collect())
        })
        .collect()
}

/// 100% stacked bars of entity `e`'s names: one bar per outlet that
/// mentions it, each segment a variant's share of the outlet's mentions (in
/// the order of `variants`), coloured from [`TOL_MUTED`] (the tenth variant
/// on in grey).
pub fn variants(d: &Data, e: usize, variants: &[String]) -> Result<String, ChartError> {
    let outlets: Vec<usize> =
        (0..d.outlets.len()).filter(|&o| d.variants.contains_key(&(o, e))).collect();
    let n = outlets.len();
    let legend_rows = variants.len().div_ceil(3) as u32;
    let colour_of = |i: usize| TOL_MUTED.get(i).map_or(GREY, |c| rgb(c));
    svg((960, 110 + 26 * n as u32 + 20 * legend_rows), |root| {
        let (plot, legend) = root.split_vertically(90 + 26 * n as u32);
        let mut chart = ChartBuilder::on(&plot)
            .caption(format!("Naming variants: {}", cut(&d.entities[e].label, 50)), (FONT, 17))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(270)
            .build_cartesian_2d(0f64..100.0, 0f64..n as f64)
            .map_err(err)?;
        bar_mesh(&mut chart, "outlet", "share of the outlet's mentions of the entity (%)")?;
        for (i, &o) in outlets.iter().enumerate() {
            let counts = &d.variants[&(o, e)];
            let total: u64 = counts.iter().map(|c| c.1).sum();
            let y0 = (n - i) as f64 - 0.15;
            let mut x = 0.0;
            for (vi, v) in variants.iter().enumerate() {
                let Some((_, k)) = counts.iter().find(|(name, _)| name == v) else { continue };
                let w = *k as f64 * 100.0 / total as f64;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x, y0), (x + w, y0 - 0.7)],
                        colour_of(vi).filled(),
                    )))
                    .map_err(err)?;
                x += w;
            }
        }
        let labels: Vec<String> = outlets.iter().map(|&o| d.outlets[o].name.clone()).collect();
        row_labels(&plot, |y| chart.backend_coord(&(0.0, y)), &labels)?;
        for (vi, v) in variants.iter().enumerate() {
            let (x, y) = (290 + 220 * (vi % 3) as i32, 6 + 20 * (vi / 3) as i32);
            legend
                .draw(&Rectangle::new([(x, y), (x + 14, y + 14)], colour_of(vi).filled()))
                .map_err(err)?;
            legend
                .draw(&Text::new(
                    cut(v, 26),
                    (x + 20, y + 7),
                    text_style(12, (HPos::Left, VPos::Center)),
                ))
                .map_err(err)?;
        }
        Ok(())
    })
}
