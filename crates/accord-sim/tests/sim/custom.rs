//! The tournament's hook for strategies the caller builds (`Tournament::with_custom`,
//! `run_job_with`): a custom entry plays exactly as the strategy the caller returns, beside
//! built-in ones, and the results name it as the line-up gives it.

use accord_sim::tournament::{Config, Entry, Tournament, check, check_with};
use accord_sim::{SimError, strategy};

fn toy() -> accord_model::Scenario {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml");
    accord_model::parse(&std::fs::read_to_string(path).unwrap())
        .scenario
        .unwrap()
}

const MINE: &str = "ext:mine";

fn tournaments(protocol: &str) -> (Tournament, Tournament) {
    let custom = format!(
        "scenarios = [\"toy\"]\nlineups = [[\"{MINE}\", \"conceder\"], [\"linear\", \"aspiration\"]]\n\
         protocol = \"{protocol}\"\nrounds = 30\nrepetitions = 2\nseed = 9\n"
    );
    // The same tournament with the custom entry played by the built-in it stands for.
    let builtin = custom.replace(MINE, "boulware:e=0.3");
    let toy = toy();
    let t = Tournament::with_custom(
        Config::from_toml(&custom).unwrap(),
        &custom,
        std::slice::from_ref(&toy),
        &[MINE.to_string()],
    )
    .unwrap();
    let b = Tournament::new(
        Config::from_toml(&builtin).unwrap(),
        &builtin,
        std::slice::from_ref(&toy),
    )
    .unwrap();
    (t, b)
}

#[test]
fn a_custom_entry_plays_as_the_strategy_the_caller_builds() {
    for protocol in ["sao", "single-text", "drafted-then-ratified"] {
        let (t, b) = tournaments(protocol);
        let jobs = t.jobs();
        assert_eq!(jobs, b.jobs());
        let mut asked = 0;
        for job in &jobs {
            let custom = t.needs_caller(job);
            // Line-up 0 seats `mine`; line-up 1 is built-in only.
            assert_eq!(custom, job.lineup == 0, "{protocol} job {}", job.index);
            let mut line = t
                .run_job_with(job, |p, name| {
                    assert_eq!(name, MINE);
                    assert!(p < t.arenas()[0].sim.compiled().parties.len());
                    asked += 1;
                    strategy::parse("boulware:e=0.3").unwrap().build()
                })
                .unwrap();
            let mut expected = b.run_job(job).unwrap();
            // A job's seed is of its line-up's names (`ext:mine` here, the built-in there);
            // these strategies draw nothing from it, so the negotiations are the same.
            assert_eq!(line.seed, t.seed_of(job));
            expected.seed = line.seed;
            expected.tournament = line.tournament.clone();
            expected.settings = line.settings.clone();
            if custom {
                assert!(line.strategies.values().any(|s| s == MINE), "{protocol}");
                for s in line.strategies.values_mut() {
                    if s == MINE {
                        *s = "boulware:e=0.3".to_string();
                    }
                }
            } else {
                assert_eq!(
                    t.run_job(job).unwrap(),
                    line,
                    "{protocol}: run_job of built-ins"
                );
            }
            assert_eq!(line, expected, "{protocol} job {}", job.index);
        }
        assert!(asked > 0, "{protocol}");
    }
}

#[test]
fn seats_follow_the_rotation_and_non_negotiators_hold_the_first_entry() {
    let (t, _) = tournaments("sao");
    let sim = &t.arenas()[0].sim;
    let parties = sim.compiled().parties.len();
    for job in t.jobs().iter().filter(|j| j.lineup == 0) {
        let seats = t.seats(job);
        assert_eq!(seats.len(), parties);
        let first = &seats[sim.negotiators()[0]];
        let expect_mine = job.rotation == 0;
        assert_eq!(matches!(first, Entry::Custom(n) if n == MINE), expect_mine);
        for p in (0..parties).filter(|p| !sim.negotiators().contains(p)) {
            assert_eq!(seats[p], &Entry::Custom(MINE.to_string()));
        }
    }
}

#[test]
fn an_entry_not_declared_custom_is_an_unknown_strategy() {
    let text = format!("scenarios = [\"toy\"]\nlineups = [[\"{MINE}\", \"conceder\"]]\n");
    let config = Config::from_toml(&text).unwrap();
    assert!(matches!(check(&config), Err(SimError::Strategy { .. })));
    let (_, lineups, _) = check_with(&config, &[MINE.to_string()]).unwrap();
    assert_eq!(lineups[0][0], Entry::Custom(MINE.to_string()));
    assert_eq!(lineups[0][1].to_string(), "conceder");
}
