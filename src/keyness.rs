//! Keyness: does an outlet use an item more or less than the other outlets
//! together? (SPEC §7)
//!
//! * **G2** is Dunning's log-likelihood over the full 2×2 table (the "4-term"
//!   form, AntConc's default; quanteda's `textstat_keyness(measure = "lr",
//!   correction = "none")`), signed positive when the outlet uses the item
//!   more than expected;
//! * **p** is the chance of a G2 at least this large under no difference
//!   (chi-square, 1 degree of freedom);
//! * **log ratio** (Hardie 2014) is the binary log of the ratio of relative
//!   frequencies: +1 means twice as frequent in the outlet. When either count
//!   is zero, the same small amount ε = 0.5 / (Nₐ + N_b) is added to *both*
//!   relative frequencies: log2((a/Nₐ + ε) / (b/N_b + ε)); when both counts
//!   are non-zero, ε = 0. So the ratio is above 1 exactly when the outlet's
//!   rate is above the rest's, and its sign always agrees with G2's (an
//!   outlet with no hits never shows a positive log ratio). Replacing only
//!   the zero count by 0.5, as before, gave a small outlet with no hits a
//!   *higher* rate than the rest's real one. When both counts are zero it is 0.

/// The keyness of one item in one outlet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Keyness {
    /// Signed 4-term log-likelihood G2.
    pub g2: f64,
    /// p-value of |G2| under chi-square with 1 df.
    pub p_value: f64,
    /// log2 of the ratio of relative frequencies; NaN when a corpus is empty.
    pub log_ratio: f64,
}

/// Keyness of an item seen `a` times in a target of `c` tokens and `b` times
/// in a reference of `d` tokens.
///
/// # Examples
/// ```
/// let k = framelens::keyness::keyness(10, 1000, 20, 9000);
/// assert!((k.g2 - 12.13).abs() < 0.01);
/// assert!((k.log_ratio - 4.5f64.log2()).abs() < 1e-9);
/// ```
pub fn keyness(a: u64, c: u64, b: u64, d: u64) -> Keyness {
    let (af, bf, cf, df) = (a as f64, b as f64, c as f64, d as f64);
    let n = cf + df;
    // which rate is higher, compared exactly: a/c against b/d
    let order = (u128::from(a) * u128::from(d)).cmp(&(u128::from(b) * u128::from(c)));
    let log_ratio = if c == 0 || d == 0 {
        f64::NAN
    } else if order == std::cmp::Ordering::Equal {
        0.0
    } else {
        let eps = if a == 0 || b == 0 { 0.5 / n } else { 0.0 };
        ((af / cf + eps) / (bf / df + eps)).log2()
    };
    if n == 0.0 || c == 0 || d == 0 {
        return Keyness { g2: 0.0, p_value: 1.0, log_ratio };
    }
    let item = af + bf;
    let rest = n - item;
    let cells = [
        (af, cf * item / n),
        (bf, df * item / n),
        (cf - af, cf * rest / n),
        (df - bf, df * rest / n),
    ];
    let g2: f64 =
        2.0 * cells.iter().map(|&(o, e)| if o > 0.0 { o * (o / e).ln() } else { 0.0 }).sum::<f64>();
    // equal rates: no difference, whatever rounding left in the sum
    let g2 = if order == std::cmp::Ordering::Equal { 0.0 } else { g2.max(0.0) };
    let p_value = chi2_1df_survival(g2);
    let sign = if order == std::cmp::Ordering::Less { -1.0 } else { 1.0 };
    Keyness { g2: sign * g2, p_value, log_ratio }
}

/// P(X ≥ x) for X ~ chi-square with 1 df: erfc(√(x/2)).
pub fn chi2_1df_survival(x: f64) -> f64 {
    if x <= 0.0 { 1.0 } else { libm::erfc((x / 2.0).sqrt()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// a=10 of c=1000, b=20 of d=9000. Expected: E = 3, 27, 997, 8973;
    /// G2 = 2·(10 ln(10/3) + 20 ln(20/27) + 990 ln(990/997) + 8980 ln(8980/8973))
    ///    = 2·(12.0397 − 6.0021 − 6.9754 + 7.0028) = 12.130;
    /// log ratio = log2(0.01 / 0.002222) = log2(4.5) = 2.1699; p ≈ 0.0005.
    #[test]
    fn over_use_worked_by_hand() {
        let k = keyness(10, 1000, 20, 9000);
        assert!(close(k.g2, 12.130, 0.002), "{k:?}");
        assert!(close(k.log_ratio, 2.16993, 1e-4), "{k:?}");
        assert!(k.p_value > 0.00045 && k.p_value < 0.00055, "{k:?}");
    }

    /// a=0 of c=1000, b=20 of d=9000. E = 2, 18, 998, 8982;
    /// G2 = 2·(0 + 20 ln(20/18) + 1000 ln(1000/998) + 8980 ln(8980/8982))
    ///    = 2·(2.10721 + 2.00200 − 1.99976) = 4.2189, signed negative;
    /// log ratio: a count is zero, so ε = 0.5 / (1000 + 9000) = 0.00005 is added
    /// to both rates: log2((0 + 0.00005) / (20/9000 + 0.00005))
    ///    = log2(0.00005 / 0.00227222) = log2(0.0220049) = −5.5060.
    #[test]
    fn zero_count_worked_by_hand() {
        let k = keyness(0, 1000, 20, 9000);
        assert!(close(k.g2, -4.2189, 0.001), "{k:?}");
        assert!(close(k.log_ratio, -5.50603, 1e-4), "{k:?}");
    }

    /// The fixture row `north,punish` (tests/fixtures/frames): 1 hit in 34
    /// tokens against south's 0 in 3. Today's rule (0.5 for the zero) gave
    /// log2((1/34)/(0.5/3)) = log2(0.17647) = −2.5025 beside a positive G2.
    /// Now ε = 0.5 / 37 = 0.0135135: log2((0.0294118 + 0.0135135) / 0.0135135)
    ///    = log2(74/34 + 1) = log2(3.17647) = +1.6674; south's row is −1.6674.
    /// G2: E = 34/37 = 0.918919 and 3/37 = 0.081081 for the item, 33.081081 and
    /// 2.918919 for the rest; G2 = 2·(1 ln(1/0.918919) + 33 ln(33/33.081081)
    ///    + 3 ln(3/2.918919)) = 2·(0.084557 − 0.080982 + 0.082197) = 0.1715 (+).
    #[test]
    fn zero_in_the_rest_worked_by_hand() {
        let k = keyness(1, 34, 0, 3);
        assert!(close(k.log_ratio, 1.66742, 1e-4), "{k:?}");
        assert!(close(k.g2, 0.1715, 0.001), "{k:?}");
        let k = keyness(0, 3, 1, 34);
        assert!(close(k.log_ratio, -1.66742, 1e-4), "{k:?}");
        assert!(k.g2 < 0.0, "{k:?}");
    }

    #[test]
    fn no_difference_and_degenerate_tables() {
        let k = keyness(5, 1000, 10, 2000);
        assert!(
            close(k.g2, 0.0, 1e-9) && close(k.log_ratio, 0.0, 1e-9) && close(k.p_value, 1.0, 1e-9)
        );
        let k = keyness(0, 1000, 0, 2000);
        assert_eq!((k.g2, k.p_value, k.log_ratio), (0.0, 1.0, 0.0));
        let k = keyness(3, 1000, 0, 0);
        assert_eq!((k.g2, k.p_value), (0.0, 1.0));
        assert!(k.log_ratio.is_nan());
    }

    /// Known chi-square quantiles: 3.841 → 0.05, 6.635 → 0.01, 10.828 → 0.001.
    #[test]
    fn p_values_match_chi_square_tables() {
        assert!(close(chi2_1df_survival(3.841459), 0.05, 1e-6));
        assert!(close(chi2_1df_survival(6.634897), 0.01, 1e-6));
        assert!(close(chi2_1df_survival(10.827566), 0.001, 1e-7));
        assert_eq!(chi2_1df_survival(0.0), 1.0);
    }

    #[test]
    fn symmetric_tables_give_opposite_signs() {
        let a = keyness(30, 1000, 10, 1000);
        let b = keyness(10, 1000, 30, 1000);
        assert!(close(a.g2, -b.g2, 1e-9) && close(a.log_ratio, -b.log_ratio, 1e-9));
        assert!(a.g2 > 0.0);
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// The log ratio never contradicts G2: wherever G2 is not zero,
        /// both have the same sign (SPEC §7).
        #[test]
        fn log_ratio_has_the_sign_of_g2(
            c in 1u64..2_000_000,
            d in 1u64..2_000_000,
            a_share in 0.0f64..=1.0,
            b_share in 0.0f64..=1.0,
            small in any::<bool>(),
        ) {
            // counts from 0 to the corpus size; often small, where zeros are
            let (a, b) = if small {
                ((a_share * 5.0) as u64 % (c + 1), (b_share * 5.0) as u64 % (d + 1))
            } else {
                ((a_share * c as f64) as u64, (b_share * d as f64) as u64)
            };
            let k = keyness(a, c, b, d);
            prop_assert!(k.log_ratio.is_finite(), "{:?}", k);
            if k.g2 != 0.0 {
                prop_assert_eq!(k.g2.signum(), k.log_ratio.signum(), "a={} c={} b={} d={}: {:?}", a, c, b, d, k);
                prop_assert!(k.log_ratio != 0.0, "{:?}", k);
            }
        }
    }
}
