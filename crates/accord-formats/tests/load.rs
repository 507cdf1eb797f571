//! `load`: a scenario file of any supported format, told apart by its path, with typed errors
//! that name the path and the operating system's reason.

use std::path::{Path, PathBuf};

use accord_formats::{Error, Foreign, ImportOptions, Loaded, import, load, sniff};
use accord_model::whatif::WhatIf;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn domains() -> PathBuf {
    root().join("../shared/domains")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-load-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn formats_are_told_apart_by_the_path() {
    assert_eq!(
        sniff(&domains().join("genius/Travel")),
        Some(Foreign::Genius)
    );
    assert_eq!(
        sniff(&domains().join("geniusweb/Party")),
        Some(Foreign::Geniusweb)
    );
    assert_eq!(sniff(Path::new("a/domain.XML")), Some(Foreign::Genius));
    assert_eq!(sniff(Path::new("a/profile.json")), Some(Foreign::Geniusweb));
    assert_eq!(sniff(&root().join("examples/toy-border.toml")), None);
}

#[test]
fn an_accord_file_and_a_genius_folder_load_alike() {
    let toy = load(&root().join("examples/toy-border.toml")).unwrap();
    assert!(toy.name.ends_with("toy-border.toml"));
    assert!(toy.warnings.is_empty());
    assert!(!toy.has_errors());

    let dir = domains().join("genius/SmartPhone");
    let mut phone = load(&dir).unwrap();
    // The same text as an explicit import, and its warnings returned (not printed).
    let imported = import(Foreign::Genius, &[&dir], &ImportOptions::default()).unwrap();
    assert_eq!(phone.text, imported.toml);
    assert_eq!(phone.warnings, imported.warnings);
    assert!(
        phone
            .warnings
            .iter()
            .any(|w| w.message.contains("bare `&`"))
    );
    let scenario = phone.scenario(&[]).unwrap();
    assert_eq!(scenario.parties().len(), imported.scenario.parties().len());
}

/// A Genius domain and a profile that disagree on an issue's type (line 4 of the profile).
const MISMATCHED_DOMAIN: &str = "<negotiation_template>
<utility_space>
<objective index=\"0\" name=\"d\">
<issue index=\"1\" name=\"x\" type=\"discrete\"><item index=\"1\" value=\"a\"/><item index=\"2\" value=\"b\"/></issue>
</objective>
</utility_space>
</negotiation_template>
";
const MISMATCHED_PROFILE: &str = "<utility_space>
<objective index=\"0\" name=\"d\">
<weight index=\"1\" value=\"1\"/>
<issue index=\"1\" name=\"x\" type=\"real\"><evaluator ftype=\"linear\" parameter0=\"0\" parameter1=\"1\"/></issue>
</objective>
</utility_space>
";

#[test]
fn unreadable_files_name_the_path_and_the_reason() {
    let missing = Path::new("no/such/file.toml");
    let e = load(missing).unwrap_err();
    assert!(
        matches!(e, Error::Open { ref path, .. } if path == missing),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("no/such/file.toml: cannot open: "),
        "{e}"
    );
    assert!(std::error::Error::source(&e).is_some());

    let dir = scratch("unreadable");
    let latin1 = dir.join("latin1.toml");
    std::fs::write(&latin1, b"format = \"accord/1\"\n# caf\xe9\n").unwrap();
    match load(&latin1).unwrap_err() {
        Error::NotUtf8 { path, offset } => {
            assert_eq!(path, latin1);
            assert_eq!(offset, 25);
        }
        other => panic!("expected NotUtf8, got {other:?}"),
    }

    let big = dir.join("big.toml");
    let mut bytes = b"format = \"accord/1\"\n".to_vec();
    bytes.resize(accord_model::parse::limits::MAX_FILE_BYTES + 1, b'#');
    std::fs::write(&big, bytes).unwrap();
    let e = load(&big).unwrap_err();
    assert!(matches!(e, Error::TooLarge { .. }), "{e:?}");
    assert!(e.to_string().contains("larger than 16777216 bytes"), "{e}");

    // A foreign file that cannot be converted: file, line and reason.
    let genius = dir.join("genius");
    std::fs::create_dir_all(&genius).unwrap();
    std::fs::write(genius.join("domain.xml"), MISMATCHED_DOMAIN).unwrap();
    std::fs::write(genius.join("profile.xml"), MISMATCHED_PROFILE).unwrap();
    let e = load(&genius).unwrap_err();
    match &e {
        Error::Format(f) => {
            assert_eq!(f.line, Some(4), "{e}");
            assert!(f.file.ends_with("profile.xml"), "{e}");
            assert!(f.reason.contains("real in the profile but discrete"), "{e}");
        }
        other => panic!("expected a format error, got {other:?}"),
    }
}

#[test]
fn a_valid_scenario_comes_out_with_its_what_ifs_or_says_why_not() {
    let mut toy = load(&root().join("examples/toy-border.toml")).unwrap();
    let lowered = toy
        .scenario(&[WhatIf::set("parties.west.walk_away=0.1").unwrap()])
        .unwrap();
    let west = lowered.resolve_party("west").unwrap();
    assert_eq!(lowered.party(west).walk_away().midpoint(), 0.1);

    let mut toy = load(&root().join("examples/toy-border.toml")).unwrap();
    match toy.scenario(&[
        WhatIf::set("parties.west.walk_away=2").unwrap(),
        WhatIf::set("parties.nobody.walk_away=0.1").unwrap(),
    ]) {
        Err(Error::WhatIf { errors, .. }) => {
            assert_eq!(errors.len(), 2);
            assert_eq!(errors[1].message, "unknown party `nobody`");
        }
        other => panic!("expected what-if errors, got {other:?}"),
    }

    let mut bad = Loaded::from_text("bad.toml", "format = \"accord/1\"\n[scenario\n");
    assert!(bad.has_errors());
    match bad.scenario(&[]) {
        Err(e @ Error::Invalid { .. }) => {
            assert_eq!(
                e.to_string(),
                "bad.toml: the scenario is not valid (1 error)"
            )
        }
        other => panic!("expected an invalid scenario, got {other:?}"),
    }
}

#[test]
fn an_export_that_cannot_be_written_names_the_folder() {
    let dir = scratch("export");
    let plain = dir.join("plain");
    std::fs::write(&plain, "not a folder").unwrap();
    let mut travel = load(&domains().join("genius/Travel")).unwrap();
    let scenario = travel.scenario(&[]).unwrap();
    let exported = accord_formats::export_genius(&scenario).unwrap();

    let mut written = Vec::new();
    exported
        .write_to(&dir.join("out"), |p| written.push(p.to_path_buf()))
        .unwrap();
    assert_eq!(written.len(), exported.files.len());
    assert!(written.iter().all(|p| p.is_file()));

    let e = exported.write_to(&plain.join("out"), |_| {}).unwrap_err();
    assert!(matches!(e, Error::CreateDir { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with(&format!(
            "{}: cannot create the folder: ",
            plain.join("out").display()
        )),
        "{e}"
    );
}
