//! Periods (SPEC §11): an article's date as a day, an ISO week, a month, a
//! quarter or a year, and the per outlet × period × item sums of
//! `outlet_periods.csv`, taken in any order like [`crate::aggregate`]'s.
//!
//! A period is an integer ordinal at its [`Granularity`] (days since
//! 1970-01-01, Monday-based weeks since then, months, quarters, years), so
//! that the periods between two are a range and zero-filling a span is a
//! loop. Dates are proleptic Gregorian, with Howard Hinnant's
//! `days_from_civil` arithmetic; ISO weeks start on Monday and belong to the
//! year of their Thursday (`2021-01-01` is in `2020-W53`).
//!
//! An article dated only to a month (`2024-05`) or a year (`2024`) counts
//! in periods at least that coarse (`2024-05` in `month`, `quarter` and
//! `year`) and is *undated at this granularity* in finer ones; an article
//! with no date is undated at every granularity. Both are counted
//! ([`PeriodAccumulator::undated`], [`PeriodAccumulator::too_coarse`]).

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Location};
use crate::model::{ArticleResult, Id, Voice};

/// How long a period is (`--period`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Granularity {
    /// A calendar day, `2024-04-18`.
    Day,
    /// An ISO 8601 week, `2024-W16`: Monday to Sunday, in the year of its Thursday.
    Week,
    /// A calendar month, `2024-04` (the default).
    #[default]
    Month,
    /// A calendar quarter, `2024-Q2` (April to June).
    Quarter,
    /// A calendar year, `2024`.
    Year,
}

impl Granularity {
    /// The name given on the command line: `day`, `week`, `month`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
        }
    }

    /// The finest granularity a date of this precision can be counted in:
    /// a full date in any, a month in `month` and coarser, a year in `year`.
    fn needs(self) -> Precision {
        match self {
            Granularity::Day | Granularity::Week => Precision::Day,
            Granularity::Month | Granularity::Quarter => Precision::Month,
            Granularity::Year => Precision::Year,
        }
    }
}

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Precision {
    Year,
    Month,
    Day,
}

/// Where an article falls at a granularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dating {
    /// In this period (an ordinal: see [`label`]).
    At(i64),
    /// Dated, but less precisely than the granularity needs (`2024-05` by week).
    TooCoarse,
    /// No date.
    Undated,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01 (Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// The Monday-based week of a day: weeks since the one of 1970-01-01 (a
/// Thursday, so week 0 starts on Monday 1969-12-29).
fn week_of_day(day: i64) -> i64 {
    (day + 3).div_euclid(7)
}

/// A date as framelens stores it (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`,
/// validated when read): its parts and how precise it is.
fn parts(date: &str) -> Option<(i64, u32, u32, Precision)> {
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let Some(m) = it.next() else { return Some((y, 1, 1, Precision::Year)) };
    let m: u32 = m.parse().ok()?;
    let Some(d) = it.next() else { return Some((y, m, 1, Precision::Month)) };
    Some((y, m, d.parse().ok()?, Precision::Day))
}

/// The period of a date at a granularity.
///
/// # Examples
/// ```
/// use framelens::periods::{Dating, Granularity, label, period_of};
/// let week = period_of(Some("2024-02-15"), Granularity::Week);
/// let Dating::At(p) = week else { panic!() };
/// assert_eq!(label(p, Granularity::Week), "2024-W07");
/// assert_eq!(period_of(Some("2024-05"), Granularity::Week), Dating::TooCoarse);
/// assert_eq!(period_of(None, Granularity::Year), Dating::Undated);
/// ```
pub fn period_of(date: Option<&str>, g: Granularity) -> Dating {
    let Some((y, m, d, precision)) = date.and_then(parts) else { return Dating::Undated };
    if precision < g.needs() {
        return Dating::TooCoarse;
    }
    Dating::At(match g {
        Granularity::Day => days_from_civil(y, m, d),
        Granularity::Week => week_of_day(days_from_civil(y, m, d)),
        Granularity::Month => y * 12 + i64::from(m) - 1,
        Granularity::Quarter => y * 4 + i64::from(m - 1) / 3,
        Granularity::Year => y,
    })
}

/// The name of a period: `2024-04-18`, `2024-W16`, `2024-04`, `2024-Q2`, `2024`.
pub fn label(period: i64, g: Granularity) -> String {
    match g {
        Granularity::Day => {
            let (y, m, d) = civil_from_days(period);
            format!("{y:04}-{m:02}-{d:02}")
        }
        Granularity::Week => {
            // the week's Thursday decides its ISO year; its number counts
            // the Thursdays of that year up to it
            let thursday = period * 7;
            let (y, _, _) = civil_from_days(thursday);
            let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
            format!("{y:04}-W{week:02}")
        }
        Granularity::Month => {
            format!("{:04}-{:02}", period.div_euclid(12), period.rem_euclid(12) + 1)
        }
        Granularity::Quarter => {
            format!("{:04}-Q{}", period.div_euclid(4), period.rem_euclid(4) + 1)
        }
        Granularity::Year => format!("{period:04}"),
    }
}

/// The days of a period: `first..end` in days since 1970-01-01.
pub fn days(period: i64, g: Granularity) -> (i64, i64) {
    let month_start = |m: i64| days_from_civil(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1);
    match g {
        Granularity::Day => (period, period + 1),
        Granularity::Week => (period * 7 - 3, period * 7 + 4),
        Granularity::Month => (month_start(period), month_start(period + 1)),
        Granularity::Quarter => (month_start(period * 3), month_start(period * 3 + 3)),
        Granularity::Year => (days_from_civil(period, 1, 1), days_from_civil(period + 1, 1, 1)),
    }
}

/// The counts of one item (a frame or an entity) in one outlet and period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ItemCell {
    /// Hits (of a frame) or mentions (of an entity).
    pub hits: u64,
    /// Of which in the author's own words.
    pub hits_own: u64,
    /// Articles with at least one.
    pub articles: u64,
}

/// The counts of one outlet in one period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// Articles.
    pub articles: u64,
    /// Word tokens.
    pub tokens: u64,
    /// Own-voice word tokens (inside no quotation).
    pub tokens_own: u64,
    /// The frames, in lexicon order, then the entities, in gazetteer order.
    pub items: Vec<ItemCell>,
}

/// Sums article results per outlet and period, in any order.
#[derive(Clone, Debug)]
pub struct PeriodAccumulator {
    granularity: Granularity,
    frames: usize,
    entities: usize,
    cells: BTreeMap<(String, i64), Cell>,
    undated: u64,
    too_coarse: u64,
}

impl PeriodAccumulator {
    /// An empty accumulator for `frames` frames and `entities` entities.
    pub fn new(granularity: Granularity, frames: usize, entities: usize) -> PeriodAccumulator {
        PeriodAccumulator {
            granularity,
            frames,
            entities,
            cells: BTreeMap::new(),
            undated: 0,
            too_coarse: 0,
        }
    }

    /// Adds one article to its outlet and period (or to the undated counts).
    pub fn add(&mut self, r: &ArticleResult) {
        let period = match period_of(r.meta.date.as_deref(), self.granularity) {
            Dating::At(p) => p,
            Dating::TooCoarse => {
                self.too_coarse += 1;
                return;
            }
            Dating::Undated => {
                self.undated += 1;
                return;
            }
        };
        let n = self.frames + self.entities;
        let cell = self
            .cells
            .entry((r.meta.outlet.clone(), period))
            .or_insert_with(|| Cell { items: vec![ItemCell::default(); n], ..Cell::default() });
        cell.articles += 1;
        cell.tokens += r.tokens as u64;
        cell.tokens_own += r.tokens_own as u64;
        let mut seen = vec![false; n];
        let found = r
            .frame_hits
            .iter()
            .map(|h| (h.item.index(), h.voice))
            .chain(r.mentions.iter().map(|m| (self.frames + m.item.index(), m.voice)));
        for (i, voice) in found {
            let item = &mut cell.items[i];
            item.hits += 1;
            item.hits_own += u64::from(voice == Voice::Own);
            if !seen[i] {
                seen[i] = true;
                item.articles += 1;
            }
        }
    }

    /// The granularity.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// Articles without a date.
    pub fn undated(&self) -> u64 {
        self.undated
    }

    /// Articles dated less precisely than the granularity needs (`2024-05`
    /// by week): undated at this granularity only.
    pub fn too_coarse(&self) -> u64 {
        self.too_coarse
    }

    /// Every outlet × period of each outlet's dated span, in order (outlets
    /// by id, periods in time): the periods between an outlet's first and
    /// last with no article come with an empty cell, so the table is
    /// zero-filled. Outlets with no article dated at this granularity have
    /// no row.
    pub fn spans(&self) -> Vec<(&str, i64, Option<&Cell>)> {
        let mut out = Vec::new();
        let mut i = self.cells.iter().peekable();
        while let Some(((outlet, first), _)) = i.peek() {
            let (outlet, first) = (outlet.as_str(), *first);
            let mine: Vec<(i64, &Cell)> = std::iter::from_fn(|| {
                i.next_if(|((o, _), _)| o == outlet).map(|((_, p), c)| (*p, c))
            })
            .collect();
            let last = mine.last().map_or(first, |(p, _)| *p);
            let mut cells = mine.into_iter().peekable();
            for p in first..=last {
                let cell = cells.next_if(|(q, _)| *q == p).map(|(_, c)| c);
                out.push((outlet, p, cell));
            }
        }
        out
    }
}

/// An archive's article counts per day, read from Media Cloud's
/// counts-over-time CSV (`date,count,total_count,ratio`): the denominator
/// of `archive_total` in `outlet_periods.csv`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Denominator {
    /// `total_count` by day (days since 1970-01-01).
    by_day: BTreeMap<i64, u64>,
}

impl Denominator {
    /// Reads a counts CSV: a header with `date` and `total_count` (other
    /// columns are ignored), then one row per day, `YYYY-MM-DD` (a time after
    /// it, `2024-04-18 00:00:00` or `2024-04-18T00:00:00Z`, is allowed and
    /// ignored) and a whole number.
    ///
    /// # Errors
    /// The file cannot be read, lacks a column, or a row has an unparseable
    /// date, a count that is not a whole number, or a day already given:
    /// each error names the file and line.
    pub fn load(path: &Path) -> Result<Denominator, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
        let at = |line: u64, msg: String| Error::at(Location::line(path, line), msg);
        let headers = reader.headers().map_err(|e| at(1, e.to_string()))?.clone();
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let (Some(date_col), Some(total_col)) = (col("date"), col("total_count")) else {
            return Err(at(
                1,
                "a denominator file needs the columns 'date' and 'total_count' (Media Cloud's counts-over-time CSV: date,count,total_count,ratio)".to_string(),
            ));
        };
        let mut by_day = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                at(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let date = record.get(date_col).unwrap_or("").trim();
            let day = date
                .get(..10)
                .filter(|_| date.len() == 10 || matches!(date.as_bytes()[10], b' ' | b'T'))
                .filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-')
                .filter(|d| crate::ingest::manifest::parse_date(d).is_ok())
                .and_then(|d| match period_of(Some(d), Granularity::Day) {
                    Dating::At(day) => Some(day),
                    _ => None,
                })
                .ok_or_else(|| {
                    at(line, format!("unparseable date '{date}' (expected YYYY-MM-DD)"))
                })?;
            let cell = record.get(total_col).unwrap_or("").trim();
            let total: u64 = cell.parse().map_err(|_| {
                at(line, format!("total_count '{cell}' is not a whole number of articles"))
            })?;
            if by_day.insert(day, total).is_some() {
                return Err(at(line, format!("the date {date} is given twice")));
            }
        }
        Ok(Denominator { by_day })
    }

    /// The sum of `total_count` over the days of a period, or `None` when
    /// the file gives none of them.
    pub fn total(&self, period: i64, g: Granularity) -> Option<u64> {
        let (first, end) = days(period, g);
        let mut days = self.by_day.range(first..end).peekable();
        days.peek()?;
        Some(days.map(|(_, n)| n).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, g: Granularity) -> String {
        match period_of(Some(date), g) {
            Dating::At(p) => label(p, g),
            other => format!("{other:?}"),
        }
    }

    /// ISO weeks checked against Python's `datetime.date(y, m, d).isocalendar()`
    /// (an independent implementation): 2024-01-01 is a Monday, (2024, 1);
    /// 2021-01-01 a Friday, (2020, 53); 2024-12-30 a Monday, (2025, 1);
    /// 2024-02-15 (2024, 7); 2020-12-31 (2020, 53); 2019-12-29 a Sunday,
    /// (2019, 52); 1969-12-31 (1970, 1).
    #[test]
    fn iso_weeks() {
        use Granularity::Week;
        let cases = [
            ("2024-01-01", "2024-W01"),
            ("2021-01-01", "2020-W53"),
            ("2024-12-30", "2025-W01"),
            ("2024-02-15", "2024-W07"),
            ("2020-12-31", "2020-W53"),
            ("2019-12-29", "2019-W52"),
            ("1969-12-31", "1970-W01"),
        ];
        for (date, week) in cases {
            assert_eq!(at(date, Week), week, "{date}");
        }
        // Monday and Sunday of one week are one period
        assert_eq!(period_of(Some("2024-04-15"), Week), period_of(Some("2024-04-21"), Week));
        assert_ne!(period_of(Some("2024-04-21"), Week), period_of(Some("2024-04-22"), Week));
    }

    #[test]
    fn every_granularity_names_its_period() {
        use Granularity::*;
        assert_eq!(at("2024-04-18", Day), "2024-04-18");
        assert_eq!(at("2024-04-18", Month), "2024-04");
        assert_eq!(at("2024-04-18", Quarter), "2024-Q2");
        assert_eq!(at("2024-03-31", Quarter), "2024-Q1");
        assert_eq!(at("2024-10-01", Quarter), "2024-Q4");
        assert_eq!(at("2024-04-18", Year), "2024");
        // a month counts in month, quarter and year; a year only in year
        assert_eq!(at("2024-05", Month), "2024-05");
        assert_eq!(at("2024-05", Quarter), "2024-Q2");
        assert_eq!(at("2024-05", Year), "2024");
        assert_eq!(at("2024-05", Day), "TooCoarse");
        assert_eq!(at("2024-05", Week), "TooCoarse");
        assert_eq!(at("2024", Quarter), "TooCoarse");
        assert_eq!(at("2024", Year), "2024");
        assert_eq!(period_of(None, Day), Dating::Undated);
    }

    /// 2024-02-28 + 1 = 2024-02-29 (a leap year), + 1 = 2024-03-01;
    /// 1970-01-01 is day 0; 2000-03-01 is day 11,017 (30 years of 365 days,
    /// 7 leap days 1972–1996, then January 31 + February 29 of 2000:
    /// 10,950 + 7 + 60 = 11,017).
    #[test]
    fn days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        let d = days_from_civil(2024, 2, 28);
        assert_eq!(civil_from_days(d + 1), (2024, 2, 29));
        assert_eq!(civil_from_days(d + 2), (2024, 3, 1));
        for day in -800_000..800_000i64 {
            let (y, m, dd) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, dd), day);
        }
    }

    #[test]
    fn a_period_s_days() {
        use Granularity::*;
        let day = |s: &str| match period_of(Some(s), Day) {
            Dating::At(d) => d,
            _ => unreachable!(),
        };
        let p = |s: &str, g| match period_of(Some(s), g) {
            Dating::At(p) => p,
            _ => unreachable!(),
        };
        // 2024-W07 is Monday 12 to Sunday 18 February
        assert_eq!(days(p("2024-02-15", Week), Week), (day("2024-02-12"), day("2024-02-19")));
        // February 2024 has 29 days; Q2 is April to June
        assert_eq!(days(p("2024-02", Month), Month), (day("2024-02-01"), day("2024-03-01")));
        assert_eq!(days(p("2024-05", Quarter), Quarter), (day("2024-04-01"), day("2024-07-01")));
        assert_eq!(days(p("2024", Year), Year), (day("2024-01-01"), day("2025-01-01")));
    }

    #[test]
    fn a_denominator_sums_its_days_per_period_and_names_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counts.csv");
        std::fs::write(
            &path,
            "date,count,total_count,ratio\n2024-01-31,1,100,0.01\n2024-02-01 00:00:00,2,250,0.008\n\
             2024-02-29,0,50,0\n",
        )
        .unwrap();
        let d = Denominator::load(&path).unwrap();
        let month = |s| match period_of(Some(s), Granularity::Month) {
            Dating::At(p) => p,
            _ => unreachable!(),
        };
        // January: 100; February: 250 + 50 = 300; March: no day given
        assert_eq!(d.total(month("2024-01"), Granularity::Month), Some(100));
        assert_eq!(d.total(month("2024-02"), Granularity::Month), Some(300));
        assert_eq!(d.total(month("2024-03"), Granularity::Month), None);
        for (bad, line, why) in [
            ("date,count,total_count\n2024-01-01,1,10\n2024-13-01,1,10\n", 3, "unparseable date"),
            ("date,count,total_count\n2024-01-01,1,ten\n", 2, "not a whole number"),
            ("date,count,total_count\n2024-01-01,1,1\n2024-01-01,1,1\n", 3, "given twice"),
            ("day,count\n2024-01-01,1\n", 1, "needs the columns"),
        ] {
            std::fs::write(&path, bad).unwrap();
            let e = Denominator::load(&path).unwrap_err().to_string();
            let want = format!("{}:{line}: ", path.display());
            assert!(e.starts_with(&want) && e.contains(why), "{e}");
        }
    }
}
