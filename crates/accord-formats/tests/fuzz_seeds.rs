//! The fuzz targets' bodies (`fuzz/fuzz_targets/`) as a normal test, on a stable toolchain: every
//! committed seed (`fuzz/seeds/<target>/`), every crash the fuzzers found (`fuzz/regressions/
//! <target>/`, one file per crash, kept as a regression test) and the seed corpus
//! `fuzz/seeds.sh` builds from `../shared` (each scenario file; each Genius and GeniusWeb folder
//! joined with the line `--8<--`) go through the same calls, which must return, never panic.

use std::path::{Path, PathBuf};

use accord_formats::{ImportOptions, InputFile, import_genius, import_geniusweb};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    repo().join("../shared")
}

/// The body of `fuzz_targets/accord_toml.rs`.
fn accord_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(scenario) = accord_model::parse(text).scenario {
        let _ = accord_model::evaluate_plans(&scenario, &[] as &[&str]);
    }
}

/// The bodies of `fuzz_targets/genius_xml.rs` and `geniusweb_json.rs`.
fn genius_xml(data: &[u8]) {
    let _ = import_genius(
        &InputFile::split_joined(data, "xml"),
        &ImportOptions::default(),
    );
}

fn geniusweb_json(data: &[u8]) {
    let _ = import_geniusweb(
        &InputFile::split_joined(data, "json"),
        &ImportOptions::default(),
    );
}

/// The files of a folder (not recursive), sorted.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Every folder under `dir` (itself included).
fn folders(dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(dir.to_owned());
    let mut subs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    subs.sort();
    for s in subs {
        folders(&s, out);
    }
}

/// A folder's files with this extension joined as one fuzz input (as `fuzz/seeds.sh` does).
fn joined(dir: &Path, ext: &str) -> Option<Vec<u8>> {
    let parts: Vec<Vec<u8>> = files_in(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    (!parts.is_empty()).then(|| parts.join(&b"\n--8<--\n"[..]))
}

/// The committed inputs of a target: its seeds and its regressions.
fn committed(target: &str) -> Vec<Vec<u8>> {
    let fuzz = repo().join("fuzz");
    ["seeds", "regressions"]
        .iter()
        .flat_map(|kind| files_in(&fuzz.join(kind).join(target)))
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

#[test]
fn accord_toml_target_runs_its_seeds() {
    let mut inputs = committed("accord_toml");
    assert!(!inputs.is_empty(), "fuzz/seeds/accord_toml has seeds");
    let mut dirs = Vec::new();
    for d in [
        repo().join("examples"),
        shared().join("scenarios"),
        shared().join("cases"),
    ] {
        folders(&d, &mut dirs);
    }
    for d in dirs {
        for f in files_in(&d) {
            if f.extension().is_some_and(|e| e == "toml") {
                inputs.push(std::fs::read(f).unwrap());
            }
        }
    }
    assert!(inputs.len() > 5, "{} inputs", inputs.len());
    for input in &inputs {
        accord_toml(input);
    }
}

#[test]
fn genius_xml_target_runs_its_seeds() {
    let mut inputs = committed("genius_xml");
    assert!(!inputs.is_empty(), "fuzz/seeds/genius_xml has seeds");
    let mut dirs = Vec::new();
    folders(&shared().join("domains/genius"), &mut dirs);
    folders(&shared().join("cases/interop"), &mut dirs);
    inputs.extend(dirs.iter().filter_map(|d| joined(d, "xml")));
    assert!(inputs.len() > 20, "{} inputs", inputs.len());
    for input in &inputs {
        genius_xml(input);
    }
}

#[test]
fn geniusweb_json_target_runs_its_seeds() {
    let mut inputs = committed("geniusweb_json");
    assert!(!inputs.is_empty(), "fuzz/seeds/geniusweb_json has seeds");
    let mut dirs = Vec::new();
    folders(&shared().join("domains/geniusweb"), &mut dirs);
    inputs.extend(dirs.iter().filter_map(|d| joined(d, "json")));
    assert!(inputs.len() > 3, "{} inputs", inputs.len());
    for input in &inputs {
        geniusweb_json(input);
    }
}

/// The joined form splits back into the files, named in order, read as from a folder.
#[test]
fn a_joined_input_splits_into_its_files() {
    let files = InputFile::split_joined(b"<a/>\n--8<--\n<b/>\n--8<--\n", "xml");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["f0.xml", "f1.xml", "f2.xml"]);
    assert_eq!(files[0].bytes, b"<a/>");
    assert_eq!(files[1].bytes, b"<b/>");
    assert!(files[2].bytes.is_empty());
    assert!(files.iter().all(|f| f.from_folder));
    let many = "x\n--8<--\n".repeat(40);
    assert_eq!(InputFile::split_joined(many.as_bytes(), "json").len(), 16);
}
