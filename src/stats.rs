//! Article-level statistics of `outlet_tests.csv` (SPEC §11): each outlet
//! against the rest of the corpus, for each frame and entity.
//!
//! * [`wilson`]: the Wilson score 95% interval of a share (articles with
//!   the item / articles);
//! * [`Bootstrap`]: a percentile bootstrap 95% interval of `per_1k`,
//!   resampling the outlet's *articles* (not its tokens, which are not
//!   independent: Lijffijt et al. 2016), with a seeded generator;
//! * [`presence_test`]: the 2×2 table of articles with / without the item,
//!   outlet / rest: two-sided Fisher's exact test when any expected cell is
//!   below 5, else Pearson's chi-square without continuity correction;
//! * [`benjamini_hochberg`]: q-values over the whole table;
//! * [`log_odds`]: the weighted log-odds ratio with an informative Dirichlet
//!   prior (Monroe, Colaresi & Quinn 2008), and its z-score.
//!
//! The special functions are few: the chi-square p-value is
//! [`crate::keyness::chi2_1df_survival`] (`erfc`, as for G2), and Fisher's
//! hypergeometric probabilities use `lgamma` from `libm`.

use rand::{RngExt, SeedableRng};

use crate::model::{ArticleResult, Id};

/// The normal quantile of 97.5%: the z of a two-sided 95% interval
/// (`scipy.stats.norm.ppf(0.975)`).
pub const Z_95: f64 = 1.959_963_984_540_054;

/// Resamples of the bootstrap intervals.
pub const BOOTSTRAP_RESAMPLES: usize = 2000;

/// The seed of the bootstrap's generator (ChaCha8, `rand` 0.10); outlet `o`
/// (in id order) draws from stream `o` of it, so each outlet's interval
/// depends on nothing but its own articles, whatever the thread count.
pub const BOOTSTRAP_SEED: u64 = 20;

/// The Wilson score interval of `k` successes in `n` trials at normal
/// quantile `z`: centre (p̂ + z²/2n) / (1 + z²/n), half-width
/// z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²). NaN for `n = 0`.
///
/// # Examples
/// ```
/// let (lo, hi) = framelens::stats::wilson(3, 4, framelens::stats::Z_95);
/// assert!((lo - 0.300642).abs() < 1e-6 && (hi - 0.954413).abs() < 1e-6);
/// ```
pub fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// ln(n!)
fn ln_factorial(n: u64) -> f64 {
    libm::lgamma(n as f64 + 1.0)
}

/// Two-sided Fisher's exact test of the 2×2 table `[[a, b], [c, d]]`: the
/// sum of the hypergeometric probabilities (margins fixed) of every table
/// no more probable than the one observed (with R's and SciPy's relative
/// tolerance of 10⁻⁷ for ties).
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (row1, col1, n) = (a + b, a + c, a + b + c + d);
    let row2 = n - row1;
    let fixed =
        ln_factorial(row1) + ln_factorial(row2) + ln_factorial(col1) + ln_factorial(n - col1)
            - ln_factorial(n);
    // P(x) for x in the top-left cell
    let ln_p = |x: u64| {
        fixed
            - ln_factorial(x)
            - ln_factorial(row1 - x)
            - ln_factorial(col1 - x)
            - ln_factorial(row2 + x - col1)
    };
    let lo = col1.saturating_sub(row2);
    let hi = row1.min(col1);
    let observed = ln_p(a);
    let limit = observed + (1.0 + 1e-7f64).ln();
    let p: f64 = (lo..=hi).map(ln_p).filter(|&l| l <= limit).map(f64::exp).sum();
    p.min(1.0)
}

/// Pearson's chi-square of the 2×2 table `[[a, b], [c, d]]` without
/// continuity correction, and its p-value (1 df). `(0, 1)` when a margin is 0.
pub fn pearson_chi2(a: u64, b: u64, c: u64, d: u64) -> (f64, f64) {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let n = a + b + c + d;
    let (r1, r2, c1, c2) = (a + b, c + d, a + c, b + d);
    if r1 == 0.0 || r2 == 0.0 || c1 == 0.0 || c2 == 0.0 {
        return (0.0, 1.0);
    }
    let chi2 = n * (a * d - b * c).powi(2) / (r1 * r2 * c1 * c2);
    (chi2, crate::keyness::chi2_1df_survival(chi2))
}

/// Which test [`presence_test`] ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Test {
    /// Fisher's exact test (some expected cell below 5).
    Fisher,
    /// Pearson's chi-square without continuity correction.
    ChiSquare,
}

impl Test {
    /// The name written in `outlet_tests.csv`: `fisher` or `chi2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Test::Fisher => "fisher",
            Test::ChiSquare => "chi2",
        }
    }
}

/// The test of article presence: `with`/`articles` of the outlet against
/// `rest_with`/`rest_articles` of all other outlets together. Fisher's
/// exact test when any expected cell (row total × column total / n) is
/// below 5, else Pearson's chi-square. `None` when either side has no
/// article (a corpus of one outlet).
pub fn presence_test(
    with: u64,
    articles: u64,
    rest_with: u64,
    rest_articles: u64,
) -> Option<(f64, Test)> {
    if articles == 0 || rest_articles == 0 {
        return None;
    }
    let (a, b, c, d) = (with, articles - with, rest_with, rest_articles - rest_with);
    let n = (articles + rest_articles) as f64;
    let cols = [(a + c) as f64, (b + d) as f64];
    let rows = [articles as f64, rest_articles as f64];
    let small = rows.iter().any(|r| cols.iter().any(|c| r * c / n < 5.0));
    Some(if small {
        (fisher_exact(a, b, c, d), Test::Fisher)
    } else {
        (pearson_chi2(a, b, c, d).1, Test::ChiSquare)
    })
}

/// Benjamini–Hochberg q-values: for the p-value of rank i (ascending) of m,
/// min over j ≥ i of p₍ⱼ₎ · m / j, capped at 1. NaN p-values (no test) are
/// left out of m and get a NaN q-value.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]).then(i.cmp(&j)));
    let m = order.len() as f64;
    let mut q = vec![f64::NAN; p.len()];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m / (rank + 1) as f64);
        q[i] = running;
    }
    q
}

/// The weighted log-odds ratio with an informative Dirichlet prior (Monroe,
/// Colaresi & Quinn 2008, eq. 16 and 18) of an item seen `y_i` times in `n_i`
/// tokens (the outlet) and `y_j` times in `n_j` (the rest), with prior
/// `alpha_w` (the item's count in the whole corpus) and `alpha_0` (the
/// corpus's tokens):
///
/// δ = ln((y_i + α_w) / (n_i + α₀ − y_i − α_w)) − ln((y_j + α_w) / (n_j + α₀ − y_j − α_w)),
/// σ² = 1/(y_i + α_w) + 1/(y_j + α_w); returns (δ, δ/σ). NaN when the item
/// is never seen (α_w = 0).
pub fn log_odds(y_i: u64, n_i: u64, y_j: u64, n_j: u64, alpha_w: u64, alpha_0: u64) -> (f64, f64) {
    if alpha_w == 0 {
        return (f64::NAN, f64::NAN);
    }
    let (yi, ni, yj, nj, aw, a0) =
        (y_i as f64, n_i as f64, y_j as f64, n_j as f64, alpha_w as f64, alpha_0 as f64);
    let delta = ((yi + aw) / (ni + a0 - yi - aw)).ln() - ((yj + aw) / (nj + a0 - yj - aw)).ln();
    let sigma = (1.0 / (yi + aw) + 1.0 / (yj + aw)).sqrt();
    (delta, delta / sigma)
}

/// The `q`-quantile of sorted values by linear interpolation between order
/// statistics (R's type 7, NumPy's default): h = (n − 1)·q, value at ⌊h⌋
/// plus (h − ⌊h⌋) times the step to the next.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// One article as the bootstrap sees it: its tokens and its non-zero item
/// counts (frames first, then entities).
#[derive(Clone, Debug, Default)]
struct Sample {
    tokens: u64,
    counts: Vec<(u32, u32)>,
}

/// The articles of each outlet, kept for the bootstrap: tokens and non-zero
/// counts only (a few bytes per article and item found), in the order the
/// sink receives them (corpus order, the same for any thread count).
#[derive(Clone, Debug, Default)]
pub struct Bootstrap {
    frames: usize,
    items: usize,
    outlets: std::collections::BTreeMap<String, Vec<Sample>>,
}

impl Bootstrap {
    /// An empty collection for `frames` frames and `entities` entities.
    pub fn new(frames: usize, entities: usize) -> Bootstrap {
        Bootstrap { frames, items: frames + entities, outlets: Default::default() }
    }

    /// Keeps one article.
    pub fn add(&mut self, r: &ArticleResult) {
        let mut counts: Vec<(u32, u32)> = Vec::new();
        let items = r
            .frame_hits
            .iter()
            .map(|h| h.item.get())
            .chain(r.mentions.iter().map(|m| self.frames as u32 + m.item.get()));
        let mut all: Vec<u32> = items.collect();
        all.sort_unstable();
        for i in all {
            match counts.last_mut() {
                Some((j, n)) if *j == i => *n += 1,
                _ => counts.push((i, 1)),
            }
        }
        let sample = Sample { tokens: r.tokens as u64, counts };
        self.outlets.entry(r.meta.outlet.clone()).or_default().push(sample);
    }

    /// The 95% percentile interval of `per_1k` (1000 × hits / tokens of the
    /// resampled articles) of every item in every outlet, outlets by id:
    /// `[outlet][item] = (lo, hi)`. Each of `resamples` resamples draws as
    /// many articles as the outlet has, with replacement; the bounds are
    /// the 2.5% and 97.5% quantiles ([`quantile`]) of the resampled rates (a
    /// resample of no tokens has no rate and is left out).
    ///
    /// The resamples of an outlet are cut into tasks of [`RESAMPLES_PER_TASK`],
    /// task `t` of outlet `o` drawing from stream `o · 2³² + t` of the
    /// generator seeded with `seed`; the tasks run on up to `jobs` threads,
    /// and the intervals are the same whatever their number. An item the
    /// outlet never has is 0 in every resample: its interval is [0, 0]
    /// without drawing for it.
    pub fn intervals(&self, resamples: usize, seed: u64, jobs: usize) -> Vec<Vec<(f64, f64)>> {
        let outlets: Vec<Outlet> = self.outlets.values().map(|s| Outlet::new(s)).collect();
        let tasks: Vec<(usize, u64, usize)> = (0..outlets.len())
            .flat_map(|o| {
                let n = resamples.div_ceil(RESAMPLES_PER_TASK);
                (0..n).map(move |t| {
                    let size = RESAMPLES_PER_TASK.min(resamples - t * RESAMPLES_PER_TASK);
                    (o, ((o as u64) << 32) + t as u64, size)
                })
            })
            .collect();
        let run = |&(o, stream, size): &(usize, u64, usize)| {
            let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(stream);
            outlets[o].resample(size, &mut rng)
        };
        // task i on thread i % jobs; each result kept at its task's place
        let jobs = jobs.clamp(1, tasks.len().max(1));
        let mut done: Vec<Option<Rates>> =
            std::iter::repeat_with(|| None).take(tasks.len()).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..jobs)
                .map(|w| {
                    let (tasks, run) = (&tasks, &run);
                    scope.spawn(move || {
                        (w..tasks.len())
                            .step_by(jobs)
                            .map(|i| (i, run(&tasks[i])))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                for (i, rates) in h.join().expect("a bootstrap thread panicked") {
                    done[i] = Some(rates);
                }
            }
        });
        let mut done = done.into_iter().map(|r| r.expect("every task ran"));
        outlets
            .iter()
            .map(|outlet| {
                let mut rates = Rates { kept: 0, by_item: vec![Vec::new(); outlet.present.len()] };
                for _ in 0..resamples.div_ceil(RESAMPLES_PER_TASK) {
                    let task = done.next().expect("a task per outlet and chunk");
                    rates.kept += task.kept;
                    for (all, some) in rates.by_item.iter_mut().zip(task.by_item) {
                        all.extend(some);
                    }
                }
                let absent = if rates.kept > 0 { (0.0, 0.0) } else { (f64::NAN, f64::NAN) };
                let mut out = vec![absent; self.items];
                for (&item, mut r) in outlet.present.iter().zip(rates.by_item) {
                    r.sort_by(f64::total_cmp);
                    out[item as usize] = (quantile(&r, 0.025), quantile(&r, 0.975));
                }
                out
            })
            .collect()
    }
}

/// Resamples a bootstrap task draws at most (see [`Bootstrap::intervals`]).
pub const RESAMPLES_PER_TASK: usize = 250;

/// One outlet's articles for the bootstrap, with the items found in them
/// numbered from 0 (`present`: the item of each number, ascending), laid
/// out side by side for the draws: article `k` has `tokens[k]` tokens and
/// the counts `counts[ends[k]..ends[k + 1]]`, as (number in `present`,
/// count).
struct Outlet {
    present: Vec<u32>,
    tokens: Vec<u64>,
    ends: Vec<usize>,
    counts: Vec<(u32, u32)>,
}

/// The rates of one task's resamples, per present item, and how many
/// resamples had tokens.
struct Rates {
    kept: usize,
    by_item: Vec<Vec<f64>>,
}

impl Outlet {
    fn new(samples: &[Sample]) -> Outlet {
        let mut present: Vec<u32> =
            samples.iter().flat_map(|s| s.counts.iter().map(|&(i, _)| i)).collect();
        present.sort_unstable();
        present.dedup();
        let number = |i: u32| present.binary_search(&i).expect("a present item") as u32;
        let mut ends = vec![0];
        let mut counts = Vec::new();
        for s in samples {
            counts.extend(s.counts.iter().map(|&(i, c)| (number(i), c)));
            ends.push(counts.len());
        }
        let tokens = samples.iter().map(|s| s.tokens).collect();
        Outlet { present, tokens, ends, counts }
    }

    /// `size` resamples, drawn with `rng`.
    fn resample(&self, size: usize, rng: &mut rand::rngs::ChaCha8Rng) -> Rates {
        let n = self.tokens.len();
        let mut rates =
            Rates { kept: 0, by_item: vec![Vec::with_capacity(size); self.present.len()] };
        let mut hits = vec![0u64; self.present.len()];
        for _ in 0..size {
            if n == 0 {
                break;
            }
            hits.iter_mut().for_each(|h| *h = 0);
            let mut tokens = 0u64;
            for _ in 0..n {
                let k = rng.random_range(0..n);
                tokens += self.tokens[k];
                for &(i, c) in &self.counts[self.ends[k]..self.ends[k + 1]] {
                    hits[i as usize] += u64::from(c);
                }
            }
            if tokens == 0 {
                continue;
            }
            rates.kept += 1;
            for (item, &h) in rates.by_item.iter_mut().zip(&hits) {
                item.push(h as f64 * 1000.0 / tokens as f64);
            }
        }
        rates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Reference values from statsmodels 0.15.0,
    /// `proportion_confint(k, n, alpha=0.05, method="wilson")`.
    #[test]
    fn wilson_matches_statsmodels() {
        let cases = [
            (3, 4, 0.30064184258240184, 0.9544127391902995),
            (0, 5, 0.0, 0.43448246478317487),
            (10, 10, 0.7224672001371106, 1.0),
            (7, 20, 0.18119182410108203, 0.5671457233147638),
            (1, 4, 0.0455872608097006, 0.6993581574175982),
        ];
        for (k, n, lo, hi) in cases {
            let (l, h) = wilson(k, n, Z_95);
            assert!(close(l, lo, 1e-12) && close(h, hi, 1e-12), "{k}/{n}: {l} {h}");
        }
        assert!(wilson(0, 0, Z_95).0.is_nan());
        // by hand, 3 of 4: p = 0.75, z² = 3.841459; denominator 1 + 3.841459/4
        // = 1.960365; centre (0.75 + 0.480182)/1.960365 = 0.627527; half-width
        // 1.959964/1.960365 · √(0.1875/4 + 3.841459/64) = 0.999796 · 0.326952
        // = 0.326885: 0.300642 … 0.954412
        let (l, h) = wilson(3, 4, Z_95);
        assert!(close(l, 0.300642, 2e-6) && close(h, 0.954412, 2e-6));
    }

    /// Reference values from SciPy 1.17.1, `scipy.stats.fisher_exact(table)[1]`
    /// (two-sided). By hand, [[3, 1], [1, 3]]: margins 4, 4, 4, 4 of 8;
    /// P(x) = C(4,x)·C(4,4−x)/C(8,4) = 1, 16, 36, 16, 1 over 70; tables no more
    /// likely than x = 3 (16/70): x = 0, 1, 3, 4, so p = 34/70 = 0.485714.
    #[test]
    fn fisher_matches_scipy() {
        let cases = [
            ((3, 1, 1, 3), 0.48571428571428565),
            ((1, 9, 11, 3), 0.0027594561852200836),
            ((0, 5, 5, 0), 0.007936507936507938),
            ((3, 1, 2, 2), 1.0),
            ((0, 4, 2, 2), 0.4285714285714286),
            ((8, 2, 1, 5), 0.034965034965034975),
        ];
        for ((a, b, c, d), want) in cases {
            let p = fisher_exact(a, b, c, d);
            assert!(close(p, want, 1e-10), "{a} {b} {c} {d}: {p}");
        }
        assert!(close(fisher_exact(3, 1, 1, 3), 34.0 / 70.0, 1e-12));
        // a margin of zero: one table is possible, p = 1
        assert!(close(fisher_exact(0, 4, 0, 4), 1.0, 1e-12));
    }

    /// Reference values from SciPy 1.17.1,
    /// `scipy.stats.chi2_contingency(table, correction=False)`. By hand,
    /// [[20, 30], [40, 10]]: n(ad − bc)² / (r1 r2 c1 c2) = 100 · (200 − 1200)²
    /// / (50 · 50 · 60 · 40) = 10⁸ / 6·10⁶ = 16.6667.
    #[test]
    fn chi_square_matches_scipy() {
        let (chi2, p) = pearson_chi2(20, 30, 40, 10);
        assert!(close(chi2, 16.666666666666668, 1e-9) && close(p, 4.455709060405612e-05, 1e-12));
        let (chi2, p) = pearson_chi2(12, 38, 25, 25);
        assert!(close(chi2, 7.250107250107249, 1e-9) && close(p, 0.007089677768050164, 1e-12));
    }

    #[test]
    fn presence_test_picks_fisher_below_five_expected() {
        // [[20, 30], [40, 10]]: smallest expected 50 · 40 / 100 = 20: chi-square
        let (p, t) = presence_test(20, 50, 40, 50).unwrap();
        assert_eq!(t, Test::ChiSquare);
        assert!(close(p, 4.455709060405612e-05, 1e-12));
        // [[3, 1], [1, 3]]: expected 2 everywhere: Fisher
        assert_eq!(presence_test(3, 4, 1, 4).unwrap().1, Test::Fisher);
        // one outlet: no rest to compare with
        assert_eq!(presence_test(3, 4, 0, 0), None);
    }

    /// Reference values from statsmodels 0.15.0,
    /// `multipletests([0.01, 0.04, 0.03, 0.20, 0.005], method="fdr_bh")[1]`.
    /// By hand: sorted 0.005, 0.01, 0.03, 0.04, 0.20 times 5/rank: 0.025,
    /// 0.025, 0.05, 0.05, 0.20, already monotone.
    #[test]
    fn benjamini_hochberg_matches_statsmodels() {
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.20, 0.005]);
        let want = [0.025, 0.05, 0.05, 0.2, 0.025];
        for (g, w) in q.iter().zip(want) {
            assert!(close(*g, w, 1e-12), "{q:?}");
        }
        // a step-up: 0.04 at rank 2 of 2 gives 0.04; 0.03 at rank 1 gives
        // min(0.06, 0.04) = 0.04; the NaN is not counted
        let q = benjamini_hochberg(&[0.03, f64::NAN, 0.04]);
        assert!(close(q[0], 0.04, 1e-12) && q[1].is_nan() && close(q[2], 0.04, 1e-12));
    }

    /// y_i = 10 of n_i = 1000 against y_j = 20 of n_j = 9000: α_w = 30,
    /// α₀ = 10000. δ = ln(40/10960) − ln(50/18950) = −5.613128 + 5.937536
    /// = 0.324408; σ² = 1/40 + 1/50 = 0.045, z = 0.324408/0.212132 = 1.529274
    /// (the same formula evaluated in Python: 0.32440809869435583,
    /// 1.5292744430574252).
    #[test]
    fn log_odds_by_hand() {
        let (d, z) = log_odds(10, 1000, 20, 9000, 30, 10000);
        assert!(close(d, 0.32440809869435583, 1e-12) && close(z, 1.5292744430574252, 1e-12));
        let (d2, z2) = log_odds(20, 9000, 10, 1000, 30, 10000);
        assert!(close(d2, -d, 1e-12) && close(z2, -z, 1e-12), "swapped sides flip the sign");
        assert!(log_odds(0, 10, 0, 10, 0, 20).0.is_nan());
    }

    /// NumPy 2: `np.percentile([1, 2, …, 10], [2.5, 97.5])` = 1.225, 9.775:
    /// h = 9 · 0.025 = 0.225, 1 + 0.225 · (2 − 1).
    #[test]
    fn quantile_is_numpy_s_linear() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!(close(quantile(&v, 0.025), 1.225, 1e-12));
        assert!(close(quantile(&v, 0.975), 9.775, 1e-12));
        assert_eq!(quantile(&[4.0], 0.5), 4.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    fn article(outlet: &str, tokens: usize, frame_hits: usize) -> ArticleResult {
        use crate::model::{FrameId, PatternId, Span, Voice};
        ArticleResult {
            meta: crate::model::ArticleMeta { outlet: outlet.into(), ..Default::default() },
            chars: 0,
            tokens,
            tokens_own: tokens,
            sentences: 1,
            cuts: Vec::new(),
            sha256: String::new(),
            mentions: Vec::new(),
            frame_hits: (0..frame_hits)
                .map(|_| crate::model::Found {
                    item: FrameId(0),
                    pattern: PatternId(0),
                    voice: Voice::Own,
                    sentence: 0,
                    span: Span::new(0, 1),
                    context: None,
                })
                .collect(),
        }
    }

    /// Two articles of 100 tokens with 1 and 3 hits (rates 10 and 30 per
    /// 1,000): a resample of two is both first (rate 10, chance 1/4), one of
    /// each (20, 1/2) or both second (30, 1/4). Of 2,000 resamples about 500
    /// are 10, so the 2.5% quantile (between the 50th and 51st smallest) is
    /// 10 and the 97.5% one is 30, by hand. Articles of one rate give that
    /// rate at both ends, and an outlet of one article its own rate.
    #[test]
    fn bootstrap_by_hand() {
        let mut b = Bootstrap::new(1, 0);
        b.add(&article("a", 100, 1));
        b.add(&article("a", 100, 3));
        for k in 0..4 {
            b.add(&article("b", 50 + 10 * k, 2));
        }
        b.add(&article("c", 40, 2));
        let i = b.intervals(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, 1);
        assert_eq!(i[0][0], (10.0, 30.0));
        assert_eq!(i[2][0], (50.0, 50.0));
        // b: rates 2/50 … 2/80 per article; every resample's rate lies
        // between the smallest and the largest article rate
        let (lo, hi) = i[1][0];
        assert!((25.0..=40.0).contains(&lo) && lo < hi && hi <= 40.0, "{lo} {hi}");
        // the same seed gives the same intervals, on any number of threads
        for jobs in [1, 2, 3, 16] {
            assert_eq!(b.intervals(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, jobs), i, "{jobs}");
        }
        // another seed draws other resamples: b's bounds move
        assert_ne!(b.intervals(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED + 1, 2)[1][0], i[1][0]);
    }

    /// An item an outlet never has is 0 in every resample: [0, 0], unless
    /// no resample has tokens, where there is no rate at all.
    #[test]
    fn an_absent_item_is_zero_and_an_outlet_without_tokens_has_no_rate() {
        let mut b = Bootstrap::new(2, 0);
        b.add(&article("a", 100, 1));
        b.add(&article("a", 100, 3));
        b.add(&article("z", 0, 0));
        let i = b.intervals(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, 2);
        assert_eq!(i[0], [(10.0, 30.0), (0.0, 0.0)], "frame 1 is never hit");
        assert!(i[1].iter().all(|(lo, hi)| lo.is_nan() && hi.is_nan()), "{:?}", i[1]);
    }
}
