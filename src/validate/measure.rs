//! The figures of `validation.csv`: precision, recall and F1 of framelens
//! against a gold standard, their bootstrap intervals, and Krippendorff's
//! alpha (nominal).
//!
//! * precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2tp / (2tp +
//!   fp + fn) (the harmonic mean of the two); undefined (an empty cell) when
//!   the denominator is 0.
//! * The 95% interval of each is a percentile bootstrap over units: each of
//!   [`RESAMPLES`] resamples draws as many units as were scored, with
//!   replacement, and the bounds are the 2.5% and 97.5% quantiles
//!   ([`crate::stats::quantile`]) of the figure over the resamples where it
//!   is defined.
//! * Krippendorff's alpha, nominal, any number of coders, missing values
//!   allowed ([`krippendorff_nominal`]).

use rand::{RngExt, SeedableRng};

use crate::stats::quantile;

/// Resamples of the bootstrap intervals of `validation.csv`.
pub const RESAMPLES: usize = 2000;

/// One scored unit: the gold code and framelens's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The coders' majority.
    pub gold: bool,
    /// Whether framelens finds the frame in the unit.
    pub framelens: bool,
}

/// The confusion counts of a list of scored units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold 1, framelens 1.
    pub tp: u64,
    /// Gold 0, framelens 1.
    pub fp: u64,
    /// Gold 1, framelens 0.
    pub fn_: u64,
    /// Gold 0, framelens 0.
    pub tn: u64,
}

impl Counts {
    /// Counts the pairs.
    pub fn of(pairs: impl IntoIterator<Item = Pair>) -> Counts {
        let mut c = Counts::default();
        for p in pairs {
            match (p.gold, p.framelens) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        c
    }

    /// tp / (tp + fp); NaN when framelens found no unit.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); NaN when the gold has no unit with the frame.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// 2tp / (2tp + fp + fn); NaN when neither has a unit with the frame.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { f64::NAN } else { a as f64 / b as f64 }
}

/// The 95% percentile-bootstrap intervals of precision, recall and F1 of
/// `pairs`: `resamples` resamples of `pairs.len()` units drawn with
/// replacement by ChaCha8 seeded with `seed`, on stream `stream` (one per
/// row of the table, so a row's interval depends on its own units only).
/// A figure undefined in a resample is left out of that figure's
/// quantiles; NaN bounds when it is never defined.
pub fn bootstrap(pairs: &[Pair], resamples: usize, seed: u64, stream: u64) -> [(f64, f64); 3] {
    let nan = (f64::NAN, f64::NAN);
    if pairs.is_empty() {
        return [nan; 3];
    }
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    let mut figures: [Vec<f64>; 3] = Default::default();
    for _ in 0..resamples {
        let c = Counts::of((0..pairs.len()).map(|_| pairs[rng.random_range(0..pairs.len())]));
        for (all, x) in figures.iter_mut().zip([c.precision(), c.recall(), c.f1()]) {
            if !x.is_nan() {
                all.push(x);
            }
        }
    }
    figures.map(|mut xs| {
        xs.sort_by(f64::total_cmp);
        (quantile(&xs, 0.025), quantile(&xs, 0.975))
    })
}

/// Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing
/// Krippendorff's Alpha-Reliability", section C): `units[u][c]` is coder
/// `c`'s value for unit `u`, `None` when missing.
///
/// Only *pairable* values count: those of units with at least two values.
/// Each unit u with m_u values adds 1 / (m_u − 1) to the coincidence
/// o_ck for each ordered pair of its values (c, k) from two different
/// coders. With n_c = Σ_k o_ck and n = Σ_c n_c,
///
/// alpha = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k.
///
/// NaN when it is undefined: fewer than two pairable values, or a single
/// value throughout (no expected disagreement).
pub fn krippendorff_nominal(units: &[Vec<Option<u32>>]) -> f64 {
    // the values as 0..k
    let mut values: Vec<u32> = units.iter().flatten().flatten().copied().collect();
    values.sort_unstable();
    values.dedup();
    let k = values.len();
    let index = |v: u32| values.binary_search(&v).expect("a value seen");
    let mut o = vec![0.0f64; k * k];
    for unit in units {
        let coded: Vec<usize> = unit.iter().flatten().map(|&v| index(v)).collect();
        let m = coded.len();
        if m < 2 {
            continue;
        }
        let w = 1.0 / (m - 1) as f64;
        for (i, &a) in coded.iter().enumerate() {
            for (j, &b) in coded.iter().enumerate() {
                if i != j {
                    o[a * k + b] += w;
                }
            }
        }
    }
    let n_c: Vec<f64> = (0..k).map(|c| (0..k).map(|j| o[c * k + j]).sum()).collect();
    let n: f64 = n_c.iter().sum();
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..k {
        for j in 0..k {
            if c != j {
                observed += o[c * k + j];
                expected += n_c[c] * n_c[j];
            }
        }
    }
    if n < 2.0 || expected == 0.0 {
        return f64::NAN;
    }
    1.0 - (n - 1.0) * observed / expected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn alpha_of_krippendorffs_own_worked_example() {
        // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
        // Annenberg School for Communication, University of Pennsylvania,
        // section C, "Nominal data, any number of observers, missing data":
        // the reliability data matrix, observers A-D by units 1-12 (None:
        // missing). Published answer: alpha (nominal) = 0.743.
        let table: [[Option<u32>; 12]; 4] = {
            const X: Option<u32> = None;
            let s = Some;
            [
                [s(1), s(2), s(3), s(3), s(2), s(1), s(4), s(1), s(2), X, X, X],
                [s(1), s(2), s(3), s(3), s(2), s(2), s(4), s(1), s(2), s(5), X, s(3)],
                [X, s(3), s(3), s(3), s(2), s(3), s(4), s(2), s(2), s(5), s(1), X],
                [s(1), s(2), s(3), s(3), s(2), s(4), s(4), s(1), s(2), s(5), s(1), X],
            ]
        };
        let units: Vec<Vec<Option<u32>>> =
            (0..12).map(|u| table.iter().map(|coder| coder[u]).collect()).collect();
        let alpha = krippendorff_nominal(&units);
        assert_eq!(format!("{alpha:.3}"), "0.743");
        // by hand, as the paper does: unit 12 has one value and is not
        // pairable; n_1..n_5 = 9, 13, 10, 5, 3 (n = 40, Σ n_c² = 384).
        // Disagreeing ordered pairs, each weighted 1/(m_u − 1) = 1/3: unit 2
        // (2,2,3,2) 6/3 = 2, unit 6 (1,2,3,4) 12/3 = 4, unit 8 (1,1,2,1)
        // 6/3 = 2; Σ_{c≠k} o_ck = 8. Σ_{c≠k} n_c n_k = 40² − 384 = 1216.
        // alpha = 1 − 39 · 8 / 1216 = 1 − 312/1216
        assert!(close(alpha, 1.0 - 312.0 / 1216.0), "{alpha}");
    }

    #[test]
    fn alpha_is_undefined_without_variation_or_pairs() {
        let same = vec![vec![Some(1), Some(1)], vec![Some(1), Some(1)]];
        assert!(krippendorff_nominal(&same).is_nan());
        let lone = vec![vec![Some(1), None], vec![None, Some(0)]];
        assert!(krippendorff_nominal(&lone).is_nan());
        // perfect agreement with variation is 1
        let perfect = vec![vec![Some(1), Some(1)], vec![Some(0), Some(0)]];
        assert!(close(krippendorff_nominal(&perfect), 1.0));
    }

    #[test]
    fn precision_recall_f1_and_their_undefined_cases() {
        let c = Counts { tp: 5, fp: 2, fn_: 1, tn: 6 };
        assert!(close(c.precision(), 5.0 / 7.0));
        assert!(close(c.recall(), 5.0 / 6.0));
        // 2·5 / (2·5 + 2 + 1) = 10/13
        assert!(close(c.f1(), 10.0 / 13.0));
        let none = Counts { tn: 3, ..Counts::default() };
        assert!(none.precision().is_nan() && none.recall().is_nan() && none.f1().is_nan());
    }

    #[test]
    fn bootstrap_of_perfect_agreement_is_one_and_is_seeded() {
        // every resample of units all tp or tn has precision = recall = F1 = 1
        // (or undefined, when it draws no tp: left out)
        let pairs: Vec<Pair> =
            (0..10).map(|i| Pair { gold: i % 2 == 0, framelens: i % 2 == 0 }).collect();
        assert_eq!(bootstrap(&pairs, 200, 7, 0), [(1.0, 1.0); 3]);
        let mixed: Vec<Pair> =
            (0..12).map(|i| Pair { gold: i % 3 != 0, framelens: i % 2 == 0 }).collect();
        let a = bootstrap(&mixed, 300, 7, 3);
        assert_eq!(a, bootstrap(&mixed, 300, 7, 3));
        assert_ne!(a, bootstrap(&mixed, 300, 8, 3));
        for (lo, hi) in a {
            assert!((0.0..=1.0).contains(&lo) && lo <= hi && hi <= 1.0);
        }
    }
}
