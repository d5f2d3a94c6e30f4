//! The run's tables parsed back into per outlet × item grids, the shape the
//! charts draw.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::Tables;
use crate::periods::{Granularity, days_from_civil, label};

/// One outlet (or group): its name, size and colour.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Outlet {
    /// Its id, as in the tables.
    pub name: String,
    /// Its articles.
    pub articles: u64,
    /// Its word tokens.
    pub tokens: u64,
    /// Its colour in every chart (see [`colour`]).
    pub colour: &'static str,
}

/// An item of a chart: a frame or an entity, with the name shown for it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Item {
    /// Its id, as in the tables.
    pub id: String,
    /// What the report shows: a frame's label, an entity's name.
    pub label: String,
}

/// One outlet × frame: `outlet_frames.csv` and the frame's row of
/// `outlet_tests.csv`. `None` stands for an empty cell (no articles, no
/// interval).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameCell {
    /// Articles with a hit of the frame.
    pub articles_with: u64,
    /// Their share of the outlet's articles.
    pub share: Option<f64>,
    /// The share's Wilson 95% interval.
    pub share_ci: Option<(f64, f64)>,
    /// Hits.
    pub hits: u64,
    /// Hits per 1,000 tokens.
    pub per_1k: Option<f64>,
    /// Its bootstrap 95% interval.
    pub per_1k_ci: Option<(f64, f64)>,
    /// Signed G2 against all other outlets.
    pub g2: Option<f64>,
}

/// Everything the report draws, outlets in table order (sorted by id),
/// frames in lexicon order, entities in gazetteer order.
#[derive(Clone, Debug, Default)]
pub struct Data {
    /// The outlets.
    pub outlets: Vec<Outlet>,
    /// The frames.
    pub frames: Vec<Item>,
    /// `[outlet][frame]`.
    pub frame_cells: Vec<Vec<FrameCell>>,
    /// The entities.
    pub entities: Vec<Item>,
    /// `[outlet][entity]`: mentions and signed G2.
    pub entity_cells: Vec<Vec<(u64, Option<f64>)>>,
    /// The periods of `outlet_periods.csv`, sorted.
    pub periods: Vec<String>,
    /// `[frame][outlet][period]`: share of the outlet's articles of the
    /// period with the frame (`None`: no article in that period).
    pub frame_periods: Vec<Vec<Vec<Option<f64>>>>,
    /// `(outlet, frame, entity)` → sentences, from `frame_entities.csv`.
    pub frame_entities: BTreeMap<(usize, usize, usize), u64>,
    /// `(outlet, entity)` → variants with their mentions, in table order.
    pub variants: BTreeMap<(usize, usize), Vec<(String, u64)>>,
}

/// The Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour
/// blindnesses, without its black (kept for text): one colour per outlet in
/// id order. Outlets 8 to 14 get them darker; past 14 they repeat.
pub const OKABE_ITO: [&str; 7] =
    ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];

/// The colours of outlets 8 to 14: Okabe–Ito's, darkened, so they stay
/// apart from the first seven.
const OKABE_ITO_DARK: [&str; 7] =
    ["#8A5F00", "#2A6F96", "#005C45", "#8F8700", "#00446B", "#803800", "#8A4F70"];

/// The colour of outlet number `i` (id order): the same in every chart.
pub fn colour(i: usize) -> &'static str {
    let n = OKABE_ITO.len();
    if (i / n).is_multiple_of(2) { OKABE_ITO[i % n] } else { OKABE_ITO_DARK[i % n] }
}

#[derive(Deserialize)]
struct OutletFrameRow {
    outlet: String,
    frame: String,
    articles: u64,
    articles_with_frame: u64,
    share_articles: Option<f64>,
    hits: u64,
    tokens: u64,
    per_1k: Option<f64>,
    g2: Option<f64>,
    label: String,
}

#[derive(Deserialize)]
struct OutletTestRow {
    outlet: String,
    kind: String,
    item: String,
    share_lo: Option<f64>,
    share_hi: Option<f64>,
    per_1k_lo: Option<f64>,
    per_1k_hi: Option<f64>,
}

#[derive(Deserialize)]
struct OutletEntityRow {
    outlet: String,
    entity: String,
    mentions: u64,
    g2: Option<f64>,
    name: String,
    articles: u64,
    tokens: u64,
}

#[derive(Deserialize)]
struct OutletPeriodRow {
    outlet: String,
    period: String,
    kind: String,
    item: String,
    share_articles: Option<f64>,
}

#[derive(Deserialize)]
struct FrameEntityRow {
    outlet: String,
    frame: String,
    entity: String,
    sentences: u64,
}

#[derive(Deserialize)]
struct VariantRow {
    outlet: String,
    entity: String,
    variant: String,
    mentions: u64,
}

fn rows<T: for<'de> Deserialize<'de>>(name: &str, bytes: &[u8]) -> Result<Vec<T>, String> {
    kind_rows(name, bytes, false)
}

/// The rows of a table; with `frames_only`, only those whose `kind` is
/// `frame` are parsed (outlet_periods.csv has a row per entity too: over
/// years of months, hundreds of thousands the charts do not draw).
fn kind_rows<T: for<'de> Deserialize<'de>>(
    name: &str,
    bytes: &[u8],
    frames_only: bool,
) -> Result<Vec<T>, String> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.byte_headers().map_err(|e| format!("{name}: {e}"))?.clone();
    let kind = headers.iter().position(|h| h == b"kind");
    let mut out = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(|e| format!("{name}: {e}"))?;
        if frames_only && kind.and_then(|k| record.get(k)) != Some(b"frame") {
            continue;
        }
        out.push(record.deserialize(Some(&headers)).map_err(|e| format!("{name}: {e}"))?);
    }
    Ok(out)
}

/// The period of a label of `outlet_periods.csv` and its granularity: the
/// inverse of [`crate::periods::label`].
pub fn parse_period(s: &str) -> Option<(i64, Granularity)> {
    let num = |t: &str| t.parse::<i64>().ok().filter(|_| t.bytes().all(|b| b.is_ascii_digit()));
    let parts: Vec<&str> = s.split('-').collect();
    match parts[..] {
        [y] if y.len() == 4 => Some((num(y)?, Granularity::Year)),
        [y, q] if q.starts_with('Q') => {
            let q = num(&q[1..]).filter(|q| (1..=4).contains(q))?;
            Some((num(y)? * 4 + q - 1, Granularity::Quarter))
        }
        [y, w] if w.starts_with('W') => {
            // weeks are counted by their Thursday, day 0 (1970-01-01) being one
            let w = num(&w[1..]).filter(|w| (1..=53).contains(w))?;
            let jan1 = days_from_civil(num(y)?, 1, 1);
            let first_thursday = jan1 + (-jan1).rem_euclid(7);
            Some(((first_thursday + (w - 1) * 7).div_euclid(7), Granularity::Week))
        }
        [y, m] => {
            let m = num(m).filter(|m| (1..=12).contains(m))?;
            Some((num(y)? * 12 + m - 1, Granularity::Month))
        }
        [y, m, d] => {
            let (m, d) = (num(m)?, num(d)?);
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return None;
            }
            Some((days_from_civil(num(y)?, m as u32, d as u32), Granularity::Day))
        }
        _ => None,
    }
}

/// Every period from the first of `labels` to the last, gaps filled, so
/// that a chart's x axis runs evenly through time; `labels` as they are
/// (sorted) when one does not parse or they mix granularities.
fn every_period(labels: Vec<String>) -> Vec<String> {
    let parsed: Option<Vec<(i64, Granularity)>> = labels.iter().map(|l| parse_period(l)).collect();
    let Some(parsed) = parsed else { return labels };
    let (Some(first), Some(last)) = (parsed.iter().min(), parsed.iter().max()) else {
        return labels;
    };
    if parsed.iter().any(|p| p.1 != first.1) {
        return labels;
    }
    (first.0..=last.0).map(|p| label(p, first.1)).collect()
}

fn both(lo: Option<f64>, hi: Option<f64>) -> Option<(f64, f64)> {
    lo.zip(hi)
}

/// Position of each name in a list.
fn index(names: impl Iterator<Item = String>) -> HashMap<String, usize> {
    names.enumerate().map(|(i, n)| (n, i)).collect()
}

impl Data {
    /// Parses the tables.
    ///
    /// # Errors
    /// A table does not parse, or names an outlet, frame or entity that
    /// `outlet_frames.csv` or `outlet_entities.csv` does not list.
    pub fn parse(t: &Tables) -> Result<Data, String> {
        let mut d = Data::default();
        let frame_rows: Vec<OutletFrameRow> = rows("outlet_frames.csv", t.outlet_frames)?;
        for r in &frame_rows {
            if d.outlets.last().is_none_or(|o| o.name != r.outlet) {
                let i = d.outlets.len();
                d.outlets.push(Outlet {
                    name: r.outlet.clone(),
                    articles: r.articles,
                    tokens: r.tokens,
                    colour: colour(i),
                });
                d.frame_cells.push(Vec::new());
            }
            if d.outlets.len() == 1 {
                d.frames.push(Item { id: r.frame.clone(), label: r.label.clone() });
            }
            d.frame_cells.last_mut().expect("pushed above").push(FrameCell {
                articles_with: r.articles_with_frame,
                share: r.share_articles,
                share_ci: None,
                hits: r.hits,
                per_1k: r.per_1k,
                per_1k_ci: None,
                g2: r.g2,
            });
        }
        let entity_rows: Vec<OutletEntityRow> = rows("outlet_entities.csv", t.outlet_entities)?;
        if d.frames.is_empty() {
            // no frame lexicon rows: the outlets are the entity table's
            for r in &entity_rows {
                if d.outlets.last().is_none_or(|o| o.name != r.outlet) {
                    let i = d.outlets.len();
                    let (name, articles, tokens) = (r.outlet.clone(), r.articles, r.tokens);
                    d.outlets.push(Outlet { name, articles, tokens, colour: colour(i) });
                    d.frame_cells.push(Vec::new());
                }
            }
        }
        let outlet_at = index(d.outlets.iter().map(|o| o.name.clone()));
        let frame_at = index(d.frames.iter().map(|f| f.id.clone()));
        let find = |map: &HashMap<String, usize>, what: &str, name: &str| {
            map.get(name).copied().ok_or_else(|| format!("unknown {what} '{name}'"))
        };
        if d.frame_cells.iter().any(|row| row.len() != d.frames.len()) {
            return Err("outlet_frames.csv: outlets with different frames".to_string());
        }
        for r in kind_rows::<OutletTestRow>("outlet_tests.csv", t.outlet_tests, true)? {
            if r.kind == "frame" {
                let (o, f) =
                    (find(&outlet_at, "outlet", &r.outlet)?, find(&frame_at, "frame", &r.item)?);
                let cell = &mut d.frame_cells[o][f];
                cell.share_ci = both(r.share_lo, r.share_hi);
                cell.per_1k_ci = both(r.per_1k_lo, r.per_1k_hi);
            }
        }
        let mut entity_at = HashMap::new();
        for r in &entity_rows {
            let o = find(&outlet_at, "outlet", &r.outlet)?;
            let e = *entity_at.entry(r.entity.clone()).or_insert_with(|| {
                d.entities.push(Item { id: r.entity.clone(), label: r.name.clone() });
                d.entities.len() - 1
            });
            if d.entity_cells.len() <= o {
                d.entity_cells.resize(o + 1, Vec::new());
            }
            let row = &mut d.entity_cells[o];
            if row.len() <= e {
                row.resize(e + 1, (0, None));
            }
            row[e] = (r.mentions, r.g2);
        }
        d.entity_cells.resize(d.outlets.len(), Vec::new());
        for row in &mut d.entity_cells {
            row.resize(d.entities.len(), (0, None));
        }
        let period_rows: Vec<OutletPeriodRow> =
            kind_rows("outlet_periods.csv", t.outlet_periods, true)?;
        let periods: std::collections::BTreeSet<&str> =
            period_rows.iter().map(|r| r.period.as_str()).collect();
        d.periods = every_period(periods.into_iter().map(str::to_string).collect());
        let period_at = index(d.periods.iter().cloned());
        d.frame_periods = vec![vec![vec![None; d.periods.len()]; d.outlets.len()]; d.frames.len()];
        for r in period_rows.iter().filter(|r| r.kind == "frame") {
            let (o, f) =
                (find(&outlet_at, "outlet", &r.outlet)?, find(&frame_at, "frame", &r.item)?);
            d.frame_periods[f][o][period_at[&r.period]] = r.share_articles;
        }
        for r in rows::<FrameEntityRow>("frame_entities.csv", t.frame_entities)? {
            let key = (
                find(&outlet_at, "outlet", &r.outlet)?,
                find(&frame_at, "frame", &r.frame)?,
                find(&entity_at, "entity", &r.entity)?,
            );
            d.frame_entities.insert(key, r.sentences);
        }
        for r in rows::<VariantRow>("entity_variants.csv", t.entity_variants)? {
            let key =
                (find(&outlet_at, "outlet", &r.outlet)?, find(&entity_at, "entity", &r.entity)?);
            d.variants.entry(key).or_default().push((r.variant, r.mentions));
        }
        Ok(d)
    }
}
