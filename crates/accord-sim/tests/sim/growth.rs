//! Issue 18: a tournament job's seed is of what the job is, not of its number, so a results
//! file of a smaller tournament (fewer line-ups, fewer repetitions) is the larger one's in
//! part, and [`Tournament::resume`] matches its lines to the larger one's jobs.

use accord_sim::SimError;
use accord_sim::tournament::{Config, Tournament, job_seed};

fn toy() -> accord_model::Scenario {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml");
    accord_model::parse(&std::fs::read_to_string(path).unwrap())
        .scenario
        .unwrap()
}

fn tournament(lineups: &str, extra: &str) -> Tournament {
    let text = format!(
        "scenarios = [\"toy\"]\nlineups = [{lineups}]\nrounds = 20\nrepetitions = 2\nseed = 5\n\
         sample_preferences = true\n{extra}"
    );
    Tournament::new(
        Config::from_toml(&text).unwrap(),
        &text,
        std::slice::from_ref(&toy()),
    )
    .unwrap()
}

const AB: &str = "[\"boulware\", \"conceder\"]";
const CD: &str = "[\"linear\", \"aspiration\"]";

#[test]
fn a_jobs_seed_and_result_do_not_depend_on_its_position() {
    let small = tournament(AB, "");
    let large = tournament(&format!("{CD}, {AB}"), "");
    let mut matched = 0;
    for job in small.jobs() {
        // The same job in the larger tournament: line-up 1 there, a later number.
        let there = large
            .jobs()
            .into_iter()
            .find(|j| j.lineup == 1 && j.rotation == job.rotation && j.repetition == job.repetition)
            .unwrap();
        assert_ne!(there.index, job.index);
        assert_eq!(small.seed_of(&job), large.seed_of(&there));
        let (a, b) = (small.run_job(&job).unwrap(), large.run_job(&there).unwrap());
        assert_eq!(a.seed, b.seed);
        assert_eq!(
            (a.utilities, a.rounds, a.terms),
            (b.utilities, b.rounds, b.terms)
        );
        assert_eq!(a.settings, b.settings);
        assert_ne!(a.tournament, b.tournament, "the job sets differ");
        matched += 1;
    }
    // 1 line-up × 2 rotations × 2 repetitions.
    assert_eq!(matched, 4);
    // Every job of a tournament has its own seed.
    let seeds: std::collections::BTreeSet<u64> =
        large.jobs().iter().map(|j| large.seed_of(j)).collect();
    assert_eq!(seeds.len(), large.jobs().len());
}

/// The hash is pinned: the same on every platform and in every build (fixed-width integers,
/// little-endian), so a results file written anywhere grows anywhere.
#[test]
fn job_seeds_are_pinned() {
    assert_eq!(
        job_seed(5, "toy", &["boulware", "conceder"], 1, 0),
        job_seed(
            5,
            "toy",
            &["boulware".to_string(), "conceder".to_string()],
            1,
            0
        )
    );
    let pinned = job_seed(5, "toy", &["boulware", "conceder"], 1, 0);
    // Computed by hand from the documented hash (a Python reimplementation gives the same).
    assert_eq!(pinned, 0x7c79_86fc_cfc5_bc9a, "{pinned:#018x}");
    // Each part of a job's identity moves its seed.
    for other in [
        job_seed(6, "toy", &["boulware", "conceder"], 1, 0),
        job_seed(5, "toy2", &["boulware", "conceder"], 1, 0),
        job_seed(5, "toy", &["conceder", "boulware"], 1, 0),
        job_seed(5, "toy", &["boulware", "conceder", "linear"], 1, 0),
        job_seed(5, "toy", &["boulwareconceder"], 1, 0),
        job_seed(5, "toy", &["boulware", "conceder"], 0, 0),
        job_seed(5, "toy", &["boulware", "conceder"], 1, 1),
    ] {
        assert_ne!(other, pinned);
    }
}

#[test]
fn resume_matches_lines_of_a_smaller_tournament_and_refuses_others() {
    let small = tournament(AB, "");
    let lines = small.run_chunk(&small.jobs()).unwrap();
    let large = tournament(&format!("{CD}, {AB}"), "");
    let fresh = large.run_chunk(&large.jobs()).unwrap();
    let r = large.resume(lines.as_bytes(), (0, 1)).unwrap();
    assert!(!r.in_order, "renumbered");
    assert_eq!(r.done.len(), 4);
    let fresh: Vec<&str> = fresh.lines().collect();
    for (j, line) in &r.done {
        assert_eq!(line, fresh[*j], "job {j}: the line a fresh run writes");
    }
    // The larger tournament's own file is in order as it is.
    let own = large.run_chunk(&large.jobs()).unwrap();
    let r = large.resume(own.as_bytes(), (0, 1)).unwrap();
    assert!(r.in_order);
    assert_eq!(r.done.len(), 8);
    // Line-up AB gone: refused, naming the strategies no line-up lists.
    match tournament(CD, "").resume(lines.as_bytes(), (0, 1)) {
        Err(SimError::LineupGone { missing, .. }) => {
            assert_eq!(missing, ["boulware", "conceder"])
        }
        other => panic!("{other:?}"),
    }
    // Other settings: refused, naming them.
    match tournament(AB, "rotate = false\ntime_limit = 5.0\n").resume(lines.as_bytes(), (0, 1)) {
        Err(SimError::OtherSettings(keys)) => assert_eq!(keys, ["rotate", "time_limit"]),
        other => panic!("{other:?}"),
    }
    // Into shard 1 of 2 of the larger tournament: the first line is job 2 there, shard 0's.
    match large.resume(lines.as_bytes(), (1, 2)) {
        Err(SimError::OtherShard {
            line: 1,
            job: 2,
            shard: (1, 2),
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_line_up_listed_twice_is_refused() {
    let text = format!(
        "scenarios = [\"toy\"]\nlineups = [{AB}, {CD}, [\"boulware\", \"conceder:e=0.5\"], {AB}]\n"
    );
    let config = Config::from_toml(&text).unwrap();
    match accord_sim::tournament::check(&config) {
        Err(
            e @ SimError::RepeatedLineup {
                first: 0, again: 3, ..
            },
        ) => {
            assert!(e.to_string().contains("raise `repetitions`"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

/// `consult = { toy = "north" }` and `consult = { toy = ["north"] }` say the same: equal
/// configurations, equal fingerprints and settings digests (a file written under one grows under
/// the other); another party is another setting.
#[test]
fn one_consulted_party_digests_the_same_as_a_list_of_it() {
    let config = |consult: &str| {
        Config::from_toml(&format!(
            "scenarios = [\"toy\"]\nlineups = []\nprotocol = \"drafted\"\n[consult]\ntoy = {consult}\n"
        ))
        .unwrap()
    };
    let (one, list, other) = (
        config("\"north\""),
        config("[\"north\"]"),
        config("[\"south\"]"),
    );
    assert_eq!(one, list);
    assert_eq!(one.fingerprint(), list.fingerprint());
    assert_eq!(one.settings(), list.settings());
    assert!(one.settings().contains_key("consult"));
    assert_ne!(one.settings()["consult"], other.settings()["consult"]);
}
