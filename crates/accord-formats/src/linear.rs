//! Genius's linear evaluators as `accord/1` curves, and back.
//!
//! Genius scores an integer issue by `clamp01(offset + slope * (x - lowerbound))` and a real
//! issue by `clamp01(parameter0 + parameter1 * x)`. A clamped line is piecewise linear, so it is
//! an `accord/1` curve exactly: a point at each end of the range and one at each place
//! strictly inside where the line crosses 0 or 1. The exporter finds the line back ([`fit`]),
//! choosing the shortest decimals that rebuild the very same curve, so that import → export →
//! import is byte-identical.

use accord_model::utility::curve_at;

/// Which form the line has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Form {
    /// Integer issues: `offset + slope * (x - lowerbound)`.
    Shifted {
        /// The evaluator's lower bound.
        lower: f64,
    },
    /// Real issues: `parameter0 + parameter1 * x`.
    Plain,
}

impl Form {
    fn at(self, slope: f64, offset: f64, x: f64) -> f64 {
        match self {
            Form::Shifted { lower } => offset + slope * (x - lower),
            Form::Plain => offset + slope * x,
        }
    }

    /// Where the line reaches `y`.
    fn reaches(self, slope: f64, offset: f64, y: f64) -> f64 {
        match self {
            Form::Shifted { lower } => lower + (y - offset) / slope,
            Form::Plain => (y - offset) / slope,
        }
    }
}

/// The curve of `clamp01(line)` over `[lo, hi]` (see the module docs).
pub fn curve(form: Form, slope: f64, offset: f64, lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let clamp = |y: f64| y.clamp(0.0, 1.0);
    let mut points = vec![(lo, clamp(form.at(slope, offset, lo)))];
    if slope != 0.0 {
        let mut kinks: Vec<(f64, f64)> = [0.0, 1.0]
            .into_iter()
            .map(|y| (form.reaches(slope, offset, y), y))
            .filter(|(x, _)| x.is_finite() && *x > lo && *x < hi)
            .collect();
        kinks.sort_by(|a, b| a.0.total_cmp(&b.0));
        points.extend(kinks);
    }
    points.push((hi, clamp(form.at(slope, offset, hi))));
    points
}

/// A line `(slope, offset)` whose [`curve`] over `[lo, hi]` scores every point of `grid` as
/// `points` does (within 1e-12), preferring the shortest decimals that rebuild `points` bit for
/// bit. `None` when no clamped line fits.
pub fn fit(
    form: Form,
    points: &[(f64, f64)],
    grid: &[f64],
    lo: f64,
    hi: f64,
) -> Option<(f64, f64)> {
    let mut candidates: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if y0 != y1 {
            let slope = (y1 - y0) / (x1 - x0);
            let offset = match form {
                Form::Shifted { lower } => y0 - slope * (x0 - lower),
                Form::Plain => y0 - slope * x0,
            };
            candidates.push((slope, offset));
        }
    }
    if candidates.is_empty() {
        candidates.push((0.0, points.first().map_or(0.0, |p| p.1)));
    }
    let fits = |slope: f64, offset: f64| {
        let c = curve(form, slope, offset, lo, hi);
        grid.iter()
            .all(|&x| (curve_at(&c, x) - curve_at(points, x)).abs() <= 1e-12)
    };
    for &(slope, offset) in &candidates {
        if !fits(slope, offset) {
            continue;
        }
        for digits in 1..=17 {
            for odigits in 1..=17 {
                let s = round_to(slope, digits);
                let o = round_to(offset, odigits);
                if curve(form, s, o, lo, hi) == points {
                    return Some((s, o));
                }
            }
        }
        return Some((slope, offset));
    }
    None
}

/// `x` rounded to `digits` significant digits.
fn round_to(x: f64, digits: usize) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{:.*e}", digits - 1, x).parse().unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamped_lines_become_curves_and_back() {
        // IntegerDomain prof1 "price": 0.3 at -5, reaches 1 at 3.75.
        let form = Form::Shifted { lower: -5.0 };
        let c = curve(form, 0.08, 0.3, -5.0, 5.0);
        assert_eq!(c.len(), 3);
        assert_eq!(c[0], (-5.0, 0.3));
        assert!((c[1].0 - 3.75).abs() < 1e-12 && c[1].1 == 1.0);
        assert_eq!(c[2], (5.0, 1.0));
        let grid: Vec<f64> = (-5..=5).map(f64::from).collect();
        assert_eq!(fit(form, &c, &grid, -5.0, 5.0), Some((0.08, 0.3)));
        // 2nd hand car price: 3.4 - 0.00015 x, clamped to 1 below 16000.
        let c = curve(Form::Plain, -0.00015, 3.4, 13000.0, 22666.0);
        assert_eq!(c.len(), 3);
        let grid: Vec<f64> = (0..21).map(|k| 13000.0 + k as f64 * 483.3).collect();
        assert_eq!(
            fit(Form::Plain, &c, &grid, 13000.0, 22666.0),
            Some((-0.00015, 3.4))
        );
        // A flat line.
        let c = curve(Form::Plain, 0.0, 0.25, 0.0, 1.0);
        assert_eq!(c, vec![(0.0, 0.25), (1.0, 0.25)]);
        assert_eq!(
            fit(Form::Plain, &c, &[0.0, 1.0], 0.0, 1.0),
            Some((0.0, 0.25))
        );
        // Not a clamped line: a peak.
        let peak = [(0.0, 0.0), (5.0, 1.0), (10.0, 0.0)];
        let grid: Vec<f64> = (0..=10).map(f64::from).collect();
        assert_eq!(fit(Form::Plain, &peak, &grid, 0.0, 10.0), None);
    }
}
