//! The report page: a `minijinja` template (`report.html.j2`, compiled into
//! the binary) filled with the charts and the few tables around them.
//!
//! The template escapes every text it is given (auto-escaping for `.html`),
//! so article text, outlet names and labels in any script or with `<` or `&`
//! are shown as written; only the charts' SVG, which plotters has escaped
//! itself, is inserted as it is.

use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::charts::{self, Measure};
use super::data::Data;
use super::{DIAGNOSTICS_CAP, HitSample, RunFacts, SampleHit};

const TEMPLATE: &str = include_str!("report.html.j2");

/// What the template is given.
#[derive(Serialize)]
struct Page<'a> {
    facts: &'a RunFacts,
    outlets: &'a [super::data::Outlet],
    frames: usize,
    entities: usize,
    share_svg: Option<String>,
    per_1k_svg: Option<String>,
    numbers: Vec<NumberRow>,
    period: String,
    periods: usize,
    time_svg: Option<String>,
    without_hits: Vec<&'a str>,
    keyness: Vec<Chart>,
    keyness_top: usize,
    heat: Vec<Chart>,
    heat_entities: usize,
    variants: Vec<String>,
    variant_entities: usize,
    hit_frames: Vec<HitFrame<'a>>,
    hit_cap: usize,
    with_context: bool,
    diagnostics_cap: usize,
}

#[derive(Serialize)]
struct Chart {
    outlet: String,
    colour: &'static str,
    svg: Option<String>,
}

#[derive(Serialize)]
struct HitOutlet<'a> {
    name: &'a str,
    colour: &'static str,
    total: u64,
    hits: &'a [SampleHit],
}

#[derive(Serialize)]
struct HitFrame<'a> {
    id: &'a str,
    label: &'a str,
    shown: usize,
    total: u64,
    outlets: Vec<HitOutlet<'a>>,
}

#[derive(Serialize)]
struct NumberRow {
    label: String,
    cells: Vec<String>,
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.1}", v * 100.0))
}

/// The page of `d`.
///
/// # Errors
/// A chart cannot be drawn or the template fails (both bugs).
pub fn render(d: &Data, facts: &RunFacts, hits: &HitSample) -> Result<String, String> {
    let period = facts
        .options
        .iter()
        .find(|(k, _)| k == "period")
        .map_or_else(|| "period".to_string(), |(_, v)| v.clone());
    let with_hits: Vec<usize> = (0..d.frames.len())
        .filter(|&f| d.frame_cells.iter().any(|row| row[f].articles_with > 0))
        .collect();
    let without_hits: Vec<&str> = (0..d.frames.len())
        .filter(|f| !with_hits.contains(f))
        .map(|f| d.frames[f].label.as_str())
        .collect();
    let per_outlet = |draw: &dyn Fn(usize) -> Result<Option<String>, String>| {
        d.outlets
            .iter()
            .enumerate()
            .map(|(o, outlet)| {
                Ok(Chart { outlet: outlet.name.clone(), colour: outlet.colour, svg: draw(o)? })
            })
            .collect::<Result<Vec<_>, String>>()
    };
    let keyness =
        if d.outlets.len() > 1 { per_outlet(&|o| charts::keyness(d, o))? } else { Vec::new() };
    let heat = per_outlet(&|o| charts::heat_map(d, o))?;
    let variants = charts::varied_entities(d)
        .into_iter()
        .map(|(e, vs)| charts::variants(d, e, &vs))
        .collect::<Result<Vec<_>, _>>()?;
    let numbers: Vec<NumberRow> = d
        .frames
        .iter()
        .enumerate()
        .map(|(f, frame)| NumberRow {
            label: frame.label.clone(),
            cells: d
                .frame_cells
                .iter()
                .map(|row| {
                    let c = &row[f];
                    let ci = c.share_ci.map_or_else(String::new, |(lo, hi)| {
                        format!(" [{}–{}]", pct(Some(lo)), pct(Some(hi)))
                    });
                    let rate = c.per_1k.map_or_else(|| "—".to_string(), |r| format!("{r:.2}"));
                    format!("{}%{ci} · {rate}", pct(c.share))
                })
                .collect(),
        })
        .collect();
    let shown = super::hits_per_outlet(d.outlets.len());
    let hit_frames: Vec<HitFrame> = d
        .frames
        .iter()
        .enumerate()
        .filter(|(f, _)| with_hits.contains(f))
        .map(|(f, frame)| {
            let outlets: Vec<HitOutlet> = d
                .outlets
                .iter()
                .enumerate()
                .filter(|(o, _)| d.frame_cells[*o][f].hits > 0)
                .map(|(o, outlet)| HitOutlet {
                    name: &outlet.name,
                    colour: outlet.colour,
                    total: d.frame_cells[o][f].hits,
                    hits: &hits.of(&outlet.name, f)[..hits.of(&outlet.name, f).len().min(shown)],
                })
                .collect();
            HitFrame {
                id: &frame.id,
                label: &frame.label,
                shown: outlets.iter().map(|o| o.hits.len()).sum(),
                total: outlets.iter().map(|o| o.total).sum(),
                outlets,
            }
        })
        .collect();
    let page = Page {
        facts,
        outlets: &d.outlets,
        frames: d.frames.len(),
        entities: d.entities.len(),
        share_svg: charts::frame_bars(d, Measure::Share)?,
        per_1k_svg: charts::frame_bars(d, Measure::Per1k)?,
        numbers,
        time_svg: charts::frames_over_time(d, &with_hits, &period)?,
        period,
        periods: d.periods.len(),
        without_hits,
        keyness,
        keyness_top: charts::KEYNESS_TOP,
        heat,
        heat_entities: charts::HEAT_ENTITIES,
        variants,
        variant_entities: charts::VARIANT_ENTITIES,
        hit_frames,
        hit_cap: shown,
        with_context: hits.with_context,
        diagnostics_cap: DIAGNOSTICS_CAP,
    };
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE).map_err(|e| e.to_string())?;
    let template = env.get_template("report.html").map_err(|e| e.to_string())?;
    template.render(Value::from(Serde(&page))).map_err(|e| e.to_string())
}
