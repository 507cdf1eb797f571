//! The ANL domains' `specials.json` (precomputed size, Pareto front, Nash, Kalai and social
//! welfare points) are reproduced by `accord analyze` on the imported domain.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vector(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("utilities")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-9)
}

#[test]
fn analyze_reproduces_the_anl_specials() {
    let dir = root().join("../shared/domains/geniusweb");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("geniusweb domains") {
        let domain = entry.expect("entry").path();
        let specials = domain.join("specials.json");
        if !specials.exists() {
            continue;
        }
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&specials).unwrap()).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["analyze", domain.to_str().unwrap(), "--json", "--distinct"])
            .output()
            .expect("run accord");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            domain.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let name = domain.display();
        assert_eq!(got["outcomes"], expected["size"], "{name}: size");
        // The Pareto front, as a set of utility vectors.
        let mut ours: Vec<Vec<f64>> = got["pareto"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| vector(&p["utilities"]))
            .collect();
        let mut theirs: Vec<Vec<f64>> = expected["pareto_front"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| vector(&p["utility"]))
            .collect();
        ours.sort_by(|a, b| a.partial_cmp(b).unwrap());
        theirs.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(ours.len(), theirs.len(), "{name}: Pareto front size");
        for (a, b) in ours.iter().zip(&theirs) {
            assert!(close(a, b), "{name}: Pareto point {a:?} vs {b:?}");
        }
        for (theirs, ours) in [
            ("nash", "nash"),
            ("kalai", "kalai"),
            ("social_welfare", "utilitarian"),
        ] {
            let a = vector(&got["solutions"][ours]["utilities"]);
            let b = vector(&expected[theirs]["utility"]);
            assert!(close(&a, &b), "{name}: {theirs} {a:?} vs {b:?}");
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} domains with specials.json");
}
