//! `accord import` / `accord export`, and `show` / `check` on foreign files, run as a process.

use crate::common;

use std::path::PathBuf;

use common::accord;

fn domains() -> PathBuf {
    common::root().join("../shared/domains")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-formats-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn import_export_import_through_the_command_line_is_byte_identical() {
    let dir = scratch("roundtrip");
    let travel = domains().join("genius/Travel");
    let first = dir.join("travel.toml");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "-o",
        first.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check = accord(&["check", first.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let exported = dir.join("genius");
    let out = accord(&[
        "export",
        "genius",
        first.to_str().unwrap(),
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(exported.join("travel_domain.xml").is_file());
    assert!(exported.join("travel_chox.xml").is_file());
    let out = accord(&["import", "genius", exported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), std::fs::read_to_string(&first).unwrap());
}

#[test]
fn geniusweb_import_and_export() {
    let dir = scratch("gw");
    let party = domains().join("geniusweb/Party");
    let files: Vec<String> = ["party.json", "party1.json", "party2.json"]
        .iter()
        .map(|f| party.join(f).display().to_string())
        .collect();
    let first = dir.join("party.toml");
    let mut args = vec!["import", "geniusweb"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", first.to_str().unwrap()]);
    let out = accord(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = accord(&[
        "export",
        "geniusweb",
        first.to_str().unwrap(),
        "-o",
        dir.join("gw").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let back = accord(&["import", "geniusweb", dir.join("gw").to_str().unwrap()]);
    assert_eq!(text(&back.stdout), std::fs::read_to_string(&first).unwrap());
}

#[test]
fn show_and_check_read_foreign_files_directly() {
    let out = accord(&["show", domains().join("genius/Laptop").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("laptop_buyer_utility"),
        "{}",
        text(&out.stdout)
    );
    let profile = domains().join("geniusweb/ANL2023_domain00/profileA.json");
    let out = accord(&["show", profile.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("6480 possible outcomes"),
        "{}",
        text(&out.stdout)
    );
    let out = accord(&[
        "check",
        domains().join("genius/KillerRobot").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn invalid_input_exits_1_with_file_line_and_reason() {
    let dealer = domains().join("genius/SecondHandCar");
    let out = accord(&["import", "genius", dealer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("car_dealer.xml:88: issue `Price`"), "{err}");
    let dir = scratch("bad");
    let bad = dir.join("bad.xml");
    std::fs::write(
        &bad,
        "<negotiation_template>\n<utility_space>\n</negotiation_template>\n",
    )
    .unwrap();
    let out = accord(&["show", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("bad.xml:3: not well-formed XML"),
        "{}",
        text(&out.stderr)
    );
    let pareto = domains().join("genius/ANAC2014_10issuesDiscountedwithRV/pareto.xml");
    let out = accord(&["import", "genius", pareto.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("pareto.xml:2: not XML"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(accord(&["import", "excel", "x"]).status.code(), Some(2));
    assert_eq!(accord(&["import", "genius"]).status.code(), Some(2));
    let travel = domains().join("genius/Travel");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "--real-steps",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        accord(&["export", "genius", "x.toml"]).status.code(),
        Some(2)
    );
}

#[test]
fn export_refuses_what_the_format_cannot_hold() {
    let dir = scratch("refuse");
    let toml = dir.join("s.toml");
    std::fs::write(
        &toml,
        r#"format = "accord/1"
[scenario]
id = "s"
title = "S"
[areas.a]
title = "A"
[issues.x]
area = "a"
title = "X"
options = [{ id = "p" }, { id = "q" }]
[parties.u]
name = "U"
walk_away = 0.2
[parties.u.weights]
x = 1
[parties.u.scores.x]
p = 1
q = 0
[[parties.u.interactions]]
when = { x = "p" }
bonus = 0.1
"#,
    )
    .unwrap();
    let out = accord(&[
        "export",
        "geniusweb",
        toml.to_str().unwrap(),
        "-o",
        dir.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("s.toml: party `u` has interactions"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn import_and_export_that_cannot_write_exit_1_naming_the_path_and_reason() {
    let dir = scratch("unwritable");
    // A path under a regular file: no user, not even root, can write there.
    let plain = dir.join("plain");
    std::fs::write(&plain, "not a folder").unwrap();
    let travel = domains().join("genius/Travel");

    let target = plain.join("travel.toml");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: cannot write: Not a directory",
            target.display()
        )),
        "{err}"
    );

    let scenario = dir.join("travel.toml");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "-o",
        scenario.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let folder = plain.join("out");
    let out = accord(&[
        "export",
        "genius",
        scenario.to_str().unwrap(),
        "-o",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: cannot create the folder: Not a directory",
            folder.display()
        )),
        "{err}"
    );
}
