//! No byte sequence panics the readers, and exports of accord-native scenarios read back with
//! the same utilities.

use accord_formats::{
    ImportOptions, InputFile, export_genius, export_geniusweb, import_genius, import_geniusweb,
};
use accord_model::{OptionIx, PointPreferences};
use proptest::prelude::*;

fn file(name: &str, bytes: Vec<u8>) -> InputFile {
    InputFile {
        name: name.to_owned(),
        bytes,
        from_folder: false,
    }
}

const DOMAIN: &str = r#"<negotiation_template><utility_space><objective index="0" name="D">
<issue index="1" name="A" type="discrete"><item value="x"/><item value="y &amp; z"/></issue>
<issue index="2" name="N" type="integer" lowerbound="0" upperbound="4"/>
</objective></utility_space></negotiation_template>"#;

const PROFILE: &str = r#"<utility_space><objective index="0">
<issue index="1" type="discrete"><item value="x" evaluation="2"/><item value="y &amp; z" evaluation="8"/></issue>
<issue index="2" type="integer" lowerbound="0" upperbound="4"><evaluator slope="0.3" offset="0.1"/></issue>
<weight index="1" value="0.6"/><weight index="2" value="0.4"/>
</objective><reservation value="0.25"/><discount_factor value="0.9"/></utility_space>"#;

const GW_PROFILE: &str = r#"{"LinearAdditiveUtilitySpace": {"name": "p",
 "issueUtilities": {"A": {"DiscreteValueSetUtilities": {"valueUtilities": {"x": 0.2, "y": 1}}},
                    "N": {"numberutils": {"lowValue": 0, "lowUtility": 1, "highValue": 2, "highUtility": 0}}},
 "issueWeights": {"A": 0.7, "N": 0.3},
 "domain": {"name": "d", "issuesValues": {"A": {"values": ["x", "y"]}, "N": {"range": {"low": 0, "high": 2, "step": 0.5}}}},
 "reservationBid": {"issuevalues": {"A": "y", "N": 1}}}}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let options = ImportOptions::default();
        let _ = import_genius(&[file("a.xml", bytes.clone())], &options);
        let _ = import_geniusweb(&[file("a.json", bytes)], &options);
    }

    #[test]
    fn mutated_files_never_panic(
        at in 0usize..2000,
        cut in 0usize..60,
        insert in proptest::collection::vec(any::<u8>(), 0..12),
        which in 0usize..3,
    ) {
        let base = [DOMAIN, PROFILE, GW_PROFILE][which].as_bytes();
        let at = at % (base.len() + 1);
        let end = (at + cut).min(base.len());
        let mut bytes = base[..at].to_vec();
        bytes.extend(&insert);
        bytes.extend(&base[end..]);
        let options = ImportOptions::default();
        if which == 2 {
            let _ = import_geniusweb(&[file("p.json", bytes)], &options);
        } else {
            let (d, p) = if which == 0 { (bytes, PROFILE.as_bytes().to_vec()) } else { (DOMAIN.as_bytes().to_vec(), bytes) };
            let _ = import_genius(&[file("d.xml", d), file("p.xml", p)], &options);
        }
    }
}

#[test]
fn the_small_files_import_with_their_formulas() {
    let options = ImportOptions::default();
    let g = import_genius(
        &[file("d.xml", DOMAIN.into()), file("p.xml", PROFILE.into())],
        &options,
    )
    .unwrap();
    let s = &g.scenario;
    let p = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(0));
    // y & z scores 8/8, x scores 2/8; N scores clamp01(0.1 + 0.3 n).
    for a in 0..2 {
        for n in 0..5 {
            let e_a = [0.25, 1.0][a];
            let e_n = (0.1 + 0.3 * n as f64).clamp(0.0, 1.0);
            let u = p.utility(&[OptionIx::from_usize(a), OptionIx::from_usize(n)]);
            assert!((u - (0.6 * e_a + 0.4 * e_n)).abs() < 1e-12);
        }
    }
    assert_eq!(s.parties()[0].walk_away().midpoint(), 0.25);
    assert_eq!(s.parties()[0].discount(), Some(0.9));
    let w = import_geniusweb(&[file("p.json", GW_PROFILE.into())], &options).unwrap();
    let s = &w.scenario;
    let p = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(0));
    // Reservation bid (y, 1): 0.7 * 1 + 0.3 * 0.5.
    assert!((p.walk_away() - 0.85).abs() < 1e-12);
    assert_eq!(s.issues()[1].option_count(), 5);
}

/// An accord-native scenario (weights not summing to 1, a discrete issue whose best score is 1,
/// an integer grid scored by a clamped line, a real grid scored linearly): export then import
/// gives the same utilities on every outcome, in both formats.
#[test]
fn native_scenarios_export_with_the_same_utilities() {
    let toml = r#"format = "accord/1"
[scenario]
id = "native"
title = "Native"
[areas.a]
title = "A"
[issues.colour]
area = "a"
title = "Colour"
options = [{ id = "red", label = "Red" }, { id = "blue" }, { id = "green", label = "Green" }]
[issues.count]
area = "a"
title = "Count"
range = { min = 1, max = 6, step = 1 }
[issues.share]
area = "a"
title = "Share"
range = { min = 0, max = 0.5, step = 0.025 }
[parties.east]
name = "East"
walk_away = 0.4
discount = 0.95
[parties.east.weights]
colour = 3
count = 2
share = 5
[parties.east.scores.colour]
red = 1
blue = 0.25
green = 0
[parties.east.scores.count]
curve = [[1, 0.2], [4, 1], [6, 1]]
[parties.east.scores.share]
curve = [[0, 0], [0.5, 1]]
[parties.west]
name = "West"
walk_away = 0
[parties.west.weights]
colour = 1
share = 1
[parties.west.scores.colour]
red = 0
blue = 1
green = 0.5
[parties.west.scores.share]
curve = [[0, 1], [0.5, 0.1]]
"#;
    let s = accord_model::parse(toml).scenario.expect("valid");
    let options = ImportOptions::default();
    for genius in [true, false] {
        let exported = if genius {
            export_genius(&s)
        } else {
            export_geniusweb(&s)
        }
        .unwrap();
        let files: Vec<InputFile> = exported
            .files
            .iter()
            .map(|(n, t)| file(n, t.clone().into_bytes()))
            .collect();
        let back = if genius {
            import_genius(&files, &options)
        } else {
            import_geniusweb(&files, &options)
        }
        .unwrap_or_else(|e| panic!("{e}"));
        let t = &back.scenario;
        assert_eq!(t.issues().len(), 3);
        for party in s.party_ixs() {
            let a = PointPreferences::midpoint(&s, party);
            let b = PointPreferences::midpoint(t, party);
            for c in 0..3 {
                for n in 0..6 {
                    for x in 0..21 {
                        let o = [c, n, x].map(OptionIx::from_usize);
                        assert!(
                            (a.utility(&o) - b.utility(&o)).abs() < 1e-9,
                            "genius={genius} {party:?} {o:?}: {} vs {}",
                            a.utility(&o),
                            b.utility(&o)
                        );
                    }
                }
            }
        }
        // Genius keeps the walk-away value and the discount; GeniusWeb implies the walk-away by
        // a reservation bid (the outcome of least utility at or above it).
        let east = t.find_party("east").unwrap();
        if genius {
            assert_eq!(t.party(east).walk_away().midpoint(), 0.4);
            assert_eq!(t.party(east).discount(), Some(0.95));
        } else {
            assert!(t.party(east).walk_away().midpoint() >= 0.4);
        }
    }
}
