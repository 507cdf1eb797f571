//! The `note` of an imported scenario: where it came from and how the models differ.
//!
//! The note depends only on what an import → export → import round trip keeps (file names,
//! weights, the grid), so the round trip stays byte-identical. Observations about a particular
//! file (a repaired quirk, an UNCERTAIN profile) are warnings instead.

use std::fmt::Write as _;

use crate::draft::Draft;

fn files(d: &Draft) -> String {
    let profiles: Vec<String> = d
        .parties
        .iter()
        .map(|p| {
            let file = d
                .sources
                .iter()
                .find(|(id, _, _)| *id == p.source)
                .map_or("?", |(_, title, _)| title.as_str());
            format!("`{file}` (party `{}`)", p.id)
        })
        .collect();
    let domain = d
        .sources
        .iter()
        .find(|(id, _, _)| *id == d.domain_source)
        .map_or("?", |(_, title, _)| title.as_str());
    format!(
        "domain `{domain}`; profiles {}",
        if profiles.is_empty() {
            "none".to_owned()
        } else {
            profiles.join(", ")
        }
    )
}

fn weight_sums(d: &Draft) -> String {
    d.parties
        .iter()
        .filter(|p| !p.weights.is_empty())
        .map(|p| {
            let sum: f64 = p.weights.iter().map(|(_, w)| w).sum();
            format!("`{}` {}", p.id, (sum * 1e9).round() / 1e9)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The note of a Genius import.
pub fn genius(d: &Draft, real_steps: Option<usize>, nonlinear: bool) -> String {
    let mut n = format!("Imported from Genius XML: {}.\n\n", files(d));
    n.push_str(
        "Differences between the models: Genius computes a party's utility as \
         min(1, sum of weight * evaluation) with the weights exactly as written; accord divides \
         by the sum of the weights and does not clamp. The two agree when a party's weights sum \
         to 1 and differ by the factor 1/sum otherwise. Discrete evaluations were divided by \
         the largest evaluation of their issue, as Genius does; linear evaluators became \
         curves (clamped to [0, 1], as in Genius). Reservation values became walk-away values; \
         discount factors outside (0, 1) mean no discount, as in Genius.",
    );
    let sums = weight_sums(d);
    if !sums.is_empty() {
        let _ = write!(n, " Weight sums: {sums}.");
    }
    if let Some(steps) = real_steps {
        let _ = write!(
            n,
            "\n\nReal issues are sampled on a grid of {steps} points (Genius's default is 21)."
        );
    }
    let maps = maps(d);
    if !maps.is_empty() {
        let _ = write!(
            n,
            "\n\nEvaluations below 0 or reservation values outside [0, 1] were imported by an \
             exact positive affine map of the party's Genius utility U = sum of weight * \
             evaluation (unclamped) and of its reservation value, which leaves its preferences, \
             the frontier, the agreements and the Nash and Kalai-Smorodinsky points unchanged: \
             {maps}."
        );
    }
    let priced: Vec<&str> = d
        .parties
        .iter()
        .filter_map(|p| p.priced.as_deref())
        .collect();
    if !priced.is_empty() {
        let _ = write!(
            n,
            "\n\nPrice evaluators (early Genius `type=\"price\"`, EvaluatorPrice): the price's \
             evaluation depends on the cost of the items chosen on the other issues, which an \
             additive profile cannot express. Imported exactly over the price grid: the price \
             score is the linear part or the clamp's value at each grid point, and interactions \
             add the items' costs and the corrections where the clamp binds, weighted by the \
             price's weight over the weight sum: {}.",
            priced.join("; ")
        );
    }
    if nonlinear {
        n.push_str(
            "\n\nNonlinear (hyper-rectangle) profiles: each rectangle became an interaction \
             whose bonus is utility * ufun weight / maxutility; Genius also clamps the total at \
             1, accord does not.",
        );
    }
    n
}

/// The note of a GeniusWeb import.
pub fn geniusweb(d: &Draft) -> String {
    let mut n = format!("Imported from GeniusWeb JSON: {}.\n\n", files(d));
    n.push_str(
        "Differences between the models: GeniusWeb computes sum of weight * utility with \
         weights that must sum to 1; accord divides by their sum, which changes nothing when \
         they do. Value utilities are used as given. A reservation bid became the walk-away \
         value it implies (its utility; 0 without one). GeniusWeb has no discount factor.",
    );
    let sums = weight_sums(d);
    if !sums.is_empty() {
        let _ = write!(n, " Weight sums: {sums}.");
    }
    let maps = maps(d);
    if !maps.is_empty() {
        let _ = write!(
            n,
            "\n\nValue utilities outside [0, 1] were imported by an exact positive affine map \
             of the party's GeniusWeb utility U = sum of weight * utility, which leaves its \
             preferences, the frontier, the agreements and the Nash and Kalai-Smorodinsky \
             points unchanged: {maps}."
        );
    }
    n
}

/// Each rescaled party's map, `party: u = (U - low) / (high - low)`, joined by `; `.
fn maps(d: &Draft) -> String {
    d.parties
        .iter()
        .filter_map(|p| {
            p.rescaled
                .map(|(low, high)| format!("`{}`: u = (U - {low}) / ({high} - {low})", p.id))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
