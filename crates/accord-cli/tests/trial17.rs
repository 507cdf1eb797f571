//! A new user's trial of issue 17 (the Gulf of Lurra fisheries scenario, with an observer, a
//! partial draft and a party whose name ends in s): what it found, fixed and pinned.

use crate::common::{accord_env, stderr, stdout};

const FISH: &str = "crates/accord-cli/tests/data/fisheries.toml";

/// Runs `accord` at 100 columns.
fn run(args: &[&str]) -> std::process::Output {
    accord_env(args, &[("COLUMNS", "100")])
}

/// Runs `accord` at 100 columns and returns its standard output (it must succeed).
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "accord {args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Naming the observer among the negotiators is a usage error, wherever parties are chosen.
#[test]
fn an_observer_named_as_a_negotiator_is_refused() {
    for args in [
        &["analyze", FISH, "--quiet", "--parties", "rfc,norland"][..],
        &[
            "analyze",
            FISH,
            "--quiet",
            "--json",
            "--parties",
            "rfc,norland",
        ][..],
        &["evaluate", FISH, "--parties", "rfc"][..],
        &["evaluate", FISH, "--json", "--parties", "norland,rfc"][..],
        &["simulate", FISH, "--party", "rfc,norland"][..],
        &["simulate", FISH, "--strategy", "rfc=boulware"][..],
        &[
            "simulate",
            FISH,
            "--protocol",
            "drafted-then-ratified",
            "--drafters",
            "rfc,norland",
        ][..],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "accord {args:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains("`rfc`"), "accord {args:?}: {err}");
        assert!(
            err.contains("observer") || err.contains("no preferences"),
            "accord {args:?}: {err}"
        );
        assert!(stdout(&o).is_empty(), "accord {args:?}: {}", stdout(&o));
    }
}
