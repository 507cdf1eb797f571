//! The interop cases of `../shared/cases/interop` (read from there, never copied), each with
//! the right values of `../shared/cases/README.md`.

use std::path::{Path, PathBuf};

use accord_formats::{Foreign, ImportOptions, Imported, import};
use accord_model::{OptionIx, PartyIx, PointPreferences, Scenario};

fn case(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/cases/interop")
        .join(rel)
}

fn genius(paths: &[PathBuf]) -> Imported {
    import(Foreign::Genius, paths, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{paths:?}: {e}"))
}

fn party(s: &Scenario, id: &str) -> PartyIx {
    let k = s
        .parties()
        .iter()
        .position(|p| p.id().as_str() == id)
        .unwrap_or_else(|| panic!("no party {id}"));
    PartyIx::from_usize(k)
}

fn utility(s: &Scenario, p: PartyIx, options: &[usize]) -> f64 {
    let ix: Vec<OptionIx> = options.iter().map(|&k| OptionIx::from_usize(k)).collect();
    PointPreferences::midpoint(s, p).utility(&ix)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn a_profile_without_objective_is_read_by_index() {
    let imported = genius(&[case("profile-without-objective")]);
    let s = &imported.scenario;
    let a = party(s, "heir_a");
    for (o, want) in [
        ([0, 0], 1.0),
        ([0, 1], 0.875),
        ([1, 0], 0.4375),
        ([1, 1], 0.3125),
    ] {
        let u = utility(s, a, &o);
        assert!(close(u, want), "heir_a {o:?}: {u} != {want}");
    }
    assert_eq!(s.parties()[a.index()].walk_away().midpoint(), 0.3);
    // heir_b wraps its weights in an objective and its reservation outside it.
    let b = party(s, "heir_b");
    assert!(close(utility(s, b, &[1, 1]), 1.0));
    assert!(close(utility(s, b, &[0, 0]), 0.4 * 0.5 + 0.6 * 0.25));
    assert_eq!(s.parties()[b.index()].walk_away().midpoint(), 0.2);
}

#[test]
fn every_layout_reads_the_same_profile() {
    let dir = std::env::temp_dir().join(format!("accord-layouts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let domain = case("profile-without-objective/estate_domain.xml");
    let house = r#"<issue index="2" name="house" type="discrete"><item value="first" evaluation="4"/><item value="second" evaluation="1"/></issue>"#;
    let boat = r#"<issue index="3" name="boat" type="discrete"><item value="first" evaluation="2"/><item value="second" evaluation="1"/></issue>"#;
    let (wh, wb) = (
        r#"<weight index="2" value="0.75"/>"#,
        r#"<weight index="3" value="0.25"/>"#,
    );
    let r = r#"<reservation value="0.3"/>"#;
    let layouts = [
        // flat, weights after their issues
        format!("<utility_space>{house}{wh}{boat}{wb}{r}</utility_space>"),
        // wrapped in an objective, reservation inside
        format!(
            r#"<utility_space><objective index="1">{wh}{wb}{house}{boat}{r}</objective></utility_space>"#
        ),
        // nested objectives, weights in another objective than their issue
        format!(
            r#"<utility_space><objective index="1"><objective index="4">{boat}{wh}</objective>{house}<objective index="5">{wb}</objective></objective>{r}</utility_space>"#
        ),
    ];
    let mut reference: Option<Vec<f64>> = None;
    for (k, text) in layouts.iter().enumerate() {
        let p = dir.join(format!("layout{k}.xml"));
        std::fs::write(&p, text).unwrap();
        let imported = genius(&[domain.clone(), p]);
        let s = &imported.scenario;
        let a = PartyIx::from_usize(0);
        let us: Vec<f64> = [[0, 0], [0, 1], [1, 0], [1, 1]]
            .iter()
            .map(|o| utility(s, a, o))
            .collect();
        assert!(close(us[1], 0.875), "layout {k}: {us:?}");
        assert_eq!(s.parties()[0].walk_away().midpoint(), 0.3, "layout {k}");
        match &reference {
            None => reference = Some(us),
            Some(r) => assert_eq!(r, &us, "layout {k}"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_results_log_in_a_folder_is_skipped_with_a_warning() {
    let dir = case("folder-with-results-log");
    let imported = genius(std::slice::from_ref(&dir));
    let ids: Vec<&str> = imported
        .scenario
        .parties()
        .iter()
        .map(|p| p.id().as_str())
        .collect();
    assert_eq!(ids, ["heir_b", "heir_c"]);
    let skipped: Vec<_> = imported
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("skipped"))
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", imported.warnings);
    assert!(skipped[0].file.ends_with("session-log.xml"));
    assert!(
        skipped[0].message.contains("<Tournament>"),
        "{}",
        skipped[0]
    );
    // Named on its own, the log is refused: it is not a domain or a profile.
    let e = import(
        Foreign::Genius,
        &[dir.join("estate_domain.xml"), dir.join("session-log.xml")],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("session-log.xml"), "{e}");
}

#[test]
fn excludes_rectangles_pay_when_any_issue_lies_outside() {
    let imported = genius(&[case("nonlinear-excludes")]);
    let s = &imported.scenario;
    let p = party(s, "profile-1");
    let table = [
        [1.0, 1.0, 1.0, 1.0],
        [0.5, 0.5, 1.0, 1.0],
        [0.0, 0.0, 0.5, 0.5],
        [0.5, 0.5, 0.5, 0.5],
    ];
    for (x1, row) in table.iter().enumerate() {
        for (x2, want) in row.iter().enumerate() {
            let u = utility(s, p, &[x1, x2]);
            assert!(close(u, *want), "profile-1 ({x1}, {x2}): {u} != {want}");
        }
    }
    assert_eq!(s.parties()[p.index()].walk_away().midpoint(), 0.2);
    let q = party(s, "profile-2");
    assert!(close(utility(s, q, &[0, 3]), 1.0) && close(utility(s, q, &[3, 1]), 0.0));
}

#[test]
fn latin1_and_utf16_files_decode_like_utf8() {
    let latin1 = genius(&[case("encodings/latin1")]);
    let utf16 = genius(&[case("encodings/utf16")]);
    for imported in [&latin1, &utf16] {
        let s = &imported.scenario;
        let issue = &s.issues()[0];
        assert_eq!(issue.title(), "Größe");
        let labels: Vec<String> = issue.options().map(|o| issue.option_label(o)).collect();
        assert_eq!(labels, ["süß", "crème brûlée"]);
        assert_eq!(s.issues()[1].option_label(OptionIx::from_usize(1)), "groß");
        let g = party(s, "guest");
        // (süß, groß): 0.5 · 4/4 + 0.5 · 3/3.
        assert!(close(utility(s, g, &[0, 1]), 1.0));
        assert!(close(utility(s, g, &[1, 0]), 0.5 * 0.25 + 0.5 / 3.0));
    }
    assert_eq!(latin1.toml, utf16.toml);
}

#[test]
fn duplicate_roles_are_named_in_a_warning() {
    let domains = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/domains/genius");
    let party = genius(&[domains.join("Party")]);
    let dups: Vec<&str> = party
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("duplicate roles"))
        .map(|w| w.message.as_str())
        .collect();
    // party1 and party2 each come as the profile, a copy and three UNCERTAIN copies; party7
    // and party9 have identical utilities.
    assert_eq!(dups.len(), 3, "{dups:?}");
    assert!(dups[2].contains("`party7_utility.xml`") && dups[2].contains("`party9_utility.xml`"));
    assert!(dups[2].contains("identical utilities"), "{}", dups[2]);
    for side in ["party1", "party2"] {
        let w = dups
            .iter()
            .find(|m| m.contains(&format!("`{side}_utility.xml`")))
            .unwrap_or_else(|| panic!("{side}: {dups:?}"));
        for variant in ["_u10", "_u20", "_u50"] {
            assert!(w.contains(&format!("`{side}_utility{variant}.xml`")), "{w}");
        }
        assert!(w.contains("UNCERTAIN"), "{w}");
        assert!(!w.contains("party3"), "{w}");
    }
    // Distinct sides with numbered names are not duplicates.
    let grid = genius(&[
        domains.join("SmartEnergyGrid_Grandma/Smart_Energy_Grid.xml"),
        domains.join("SmartEnergyGrid_Grandma/Smart_Energy_Grid_util1.xml"),
        domains.join("SmartEnergyGrid_Grandma/Smart_Energy_Grid_util2.xml"),
        domains.join("SmartEnergyGrid_Grandma/Smart_Energy_Grid_util3.xml"),
    ]);
    assert!(
        !grid
            .warnings
            .iter()
            .any(|w| w.message.starts_with("duplicate roles")),
        "{:?}",
        grid.warnings
    );
}
