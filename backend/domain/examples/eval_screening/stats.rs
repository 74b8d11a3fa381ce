//! Proportions with Wilson 95 % intervals, F1, percentiles.

/// `hits` out of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Proportion {
    pub hits: usize,
    pub total: usize,
}

/// The normal quantile for a two-sided 95 % interval.
const Z95: f64 = 1.959_964;

impl Proportion {
    pub fn new(hits: usize, total: usize) -> Self {
        Self { hits, total }
    }

    pub fn of<T>(items: &[T], hit: impl Fn(&T) -> bool) -> Self {
        Self { hits: items.iter().filter(|item| hit(item)).count(), total: items.len() }
    }

    pub fn rate(self) -> f64 {
        if self.total == 0 { 0.0 } else { self.hits as f64 / self.total as f64 }
    }

    /// The Wilson score interval: unlike the normal approximation it stays inside [0, 1] and is
    /// honest at 0 or n hits (683 of 683 gives a lower bound of 99.44 %).
    pub fn wilson(self) -> (f64, f64) {
        if self.total == 0 {
            return (0.0, 1.0);
        }
        let n = self.total as f64;
        let p = self.rate();
        let z2 = Z95 * Z95;
        let denominator = 1.0 + z2 / n;
        let center = (p + z2 / (2.0 * n)) / denominator;
        let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
        ((center - half).max(0.0), (center + half).min(1.0))
    }

    /// "97.3 % [96.1–98.2] (1,234/1,268)".
    pub fn with_interval(self) -> String {
        if self.total == 0 {
            return "n/a (0 queries)".to_string();
        }
        let (low, high) = self.wilson();
        format!(
            "{} [{}–{}] ({}/{})",
            percent(self.rate()),
            percent_bare(low),
            percent_bare(high),
            thousands(self.hits),
            thousands(self.total)
        )
    }
}

/// "97.3 %" with two decimals below 1 %, so small alert rates stay readable.
pub fn percent(rate: f64) -> String {
    format!("{} %", percent_bare(rate))
}

fn percent_bare(rate: f64) -> String {
    let value = rate * 100.0;
    if value != 0.0 && value < 1.0 { format!("{value:.2}") } else { format!("{value:.1}") }
}

/// "12,345".
pub fn thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Counts of a binary decision against labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    pub true_positive: usize,
    pub false_positive: usize,
    pub false_negative: usize,
    pub true_negative: usize,
}

impl Confusion {
    /// Confusion of `predicted >= threshold` against `labels`.
    pub fn at(scored: &[(f64, bool)], threshold: f64) -> Self {
        let mut confusion = Self::default();
        for &(score, label) in scored {
            match (score >= threshold, label) {
                (true, true) => confusion.true_positive += 1,
                (true, false) => confusion.false_positive += 1,
                (false, true) => confusion.false_negative += 1,
                (false, false) => confusion.true_negative += 1,
            }
        }
        confusion
    }

    pub fn precision(self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    pub fn recall(self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }

    pub fn f1(self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) }
    }

    pub fn total(self) -> usize {
        self.true_positive + self.false_positive + self.false_negative + self.true_negative
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 0.0 } else { numerator as f64 / denominator as f64 }
}

/// The threshold among `candidates` with the best F1 on `scored` (the lowest on ties).
pub fn best_f1_threshold(scored: &[(f64, bool)], candidates: impl Iterator<Item = f64>) -> (f64, Confusion) {
    let mut best = (0.0, Confusion::at(scored, 0.0));
    for threshold in candidates {
        let confusion = Confusion::at(scored, threshold);
        if confusion.f1() > best.1.f1() + 1e-12 {
            best = (threshold, confusion);
        }
    }
    best
}

/// The `p`-th percentile (0..=100) of sorted values, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_gives_the_documented_lower_bound_for_683_of_683() {
        let (low, high) = Proportion::new(683, 683).wilson();
        assert!((low - 0.9944).abs() < 0.0001, "{low}");
        assert!((high - 1.0).abs() < 1e-9);
    }
}
