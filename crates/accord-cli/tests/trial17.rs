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

/// The what-ifs of the trial: a walk-away set, a red line removed and one added, a term
/// opened.
const WHAT_IFS: [&str; 8] = [
    "--set",
    "parties.sudmark.walk_away=0.4",
    "--remove-red-line",
    "eastport:split=historic",
    "--add-red-line",
    "norland:monitoring=logbooks",
    "--open-term",
    "facilitator_text:fund",
];

/// Every line of people's output that is not a table fits in `width` display columns.
fn assert_prose_fits(out: &str, width: usize) {
    for line in out.lines() {
        let table = line.starts_with(['┌', '│', '╞', '├', '└']);
        assert!(
            table || unicode_width(line) <= width,
            "a line wider than {width}: {line:?}\n{out}"
        );
    }
}

fn unicode_width(line: &str) -> usize {
    line.chars().count()
}

/// `show` says which what-ifs changed the scenario, does not call the changed preferences "as
/// written", and says a term opened by `--open-term` was opened by it, not by the draft.
#[test]
fn show_says_what_the_what_ifs_changed() {
    let mut args = vec!["show", FISH];
    args.extend(WHAT_IFS);
    let out = ok(&args);
    for w in [
        "what-if: Sudmark's walk-away set to 0.4",
        "what-if: Eastport Islands' red line",
        "what-if: Norland (our ministry)'s red line",
        "what-if: Facilitator's single negotiating text",
    ] {
        assert!(out.contains(w), "no {w:?}:\n{out}");
    }
    assert!(!out.contains("as written"), "{out}");
    assert!(
        out.contains("Transition fund for fishing communities: open (opened by the what-if"),
        "{out}"
    );
    // The north–south draft leaves the fund open itself.
    assert_eq!(
        out.matches("open (left open by the draft)").count(),
        1,
        "{out}"
    );
    assert_prose_fits(&out, 100);
    // Without what-ifs: as written, no what-if line.
    let plain = ok(&["show", FISH]);
    assert!(plain.contains("weights and scores as written"), "{plain}");
    assert!(!plain.contains("what-if"), "{plain}");
}

/// What-if lines wrap to the terminal like the other prose.
#[test]
fn what_if_lines_wrap_to_columns() {
    for command in [
        &["evaluate", FISH][..],
        &["analyze", FISH, "--quiet"][..],
        &["robustness", FISH, "--samples", "200"][..],
        &["simulate", FISH, "--rounds", "10", "--seed", "1"][..],
    ] {
        let mut args = command.to_vec();
        args.extend(WHAT_IFS);
        let out = ok(&args);
        assert!(out.contains("what-if: Eastport Islands' red line"), "{out}");
        assert_prose_fits(&out, 100);
    }
}

/// People's tables speak the scenario's words: party names, plan and issue titles, option
/// labels, solution names; no id but where the user typed it.
#[test]
fn improve_amend_and_evaluate_speak_in_labels() {
    let ids = [
        "north_south",
        "facilitator_text",
        "island_counter",
        "tac:",
        "split:",
        "fund:",
        "monitoring:",
        "westerholm",
        "eastport",
        "by nash",
        "by kalai",
    ];
    let improve = ok(&["improve", FISH, "--plan", "north_south", "--top", "2"]);
    let amend = ok(&["amend", FISH, "--plan", "north_south", "--samples", "100"]);
    let mut args = vec!["evaluate", FISH, "--add-red-line", "sudmark:split=equal"];
    args.extend(["--parties", "norland,sudmark,eastport"]);
    let evaluate = ok(&args);
    for out in [&improve, &amend, &evaluate] {
        for id in ids {
            assert!(!out.contains(id), "{id:?} in people's output:\n{out}");
        }
        assert_prose_fits(out, 100);
    }
    assert!(improve.contains("Norland–Sudmark draft"), "{improve}");
    assert!(improve.contains("120 → 140"), "{improve}");
    assert!(improve.contains("Kalai–Smorodinsky"), "{improve}");
    assert!(amend.contains("Eastport"), "{amend}");
    assert!(
        evaluate.contains("crosses a red line of Sudmark: Allocation key among the four states"),
        "{evaluate}"
    );
    assert!(
        evaluate.contains("not signatories for this run (--parties): Westerholm"),
        "{evaluate}"
    );
}

/// The text nodes of an SVG.
fn svg_texts(path: &std::path::Path) -> Vec<String> {
    let svg = std::fs::read_to_string(path).unwrap();
    svg.split("</text>")
        .filter_map(|part| part.rsplit_once('>').map(|(_, t)| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The plots speak the scenario's words and record the what-ifs (a caption line each);
/// `--plot` refuses a file not named .svg.
#[test]
fn plots_are_in_words_record_what_ifs_and_need_svg() {
    let dir = tempfile::tempdir().unwrap();
    let frontier = dir.path().join("frontier.svg");
    let offers = dir.path().join("offers.svg");
    let (f, o) = (frontier.display().to_string(), offers.display().to_string());
    let mut args = vec!["analyze", FISH, "--quiet", "--plot", &f];
    args.extend(&WHAT_IFS[..4]);
    ok(&args);
    let texts = svg_texts(&frontier);
    for want in [
        "utility of Sudmark",
        "Norland–Sudmark draft (monitoring left open)",
        "Egalitarian",
        "what-if: Sudmark&apos;s walk-away set to 0.4 (--set parties.sudmark.walk_away=0.4)",
    ] {
        assert!(texts.iter().any(|t| t == want), "no {want:?} in {texts:?}");
    }
    for id in ["north_south", "utility of sudmark", "nash"] {
        assert!(!texts.iter().any(|t| t.contains(id)), "{id} in {texts:?}");
    }
    let mut args = vec![
        "simulate", FISH, "--rounds", "10", "--seed", "1", "--plot", &o,
    ];
    args.extend(&WHAT_IFS[..2]);
    ok(&args);
    let texts = svg_texts(&offers);
    assert!(
        texts.iter().any(|t| t.starts_with("Gulf of Lurra cod")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("what-if: ")),
        "{texts:?}"
    );
    // Without what-ifs, no caption.
    ok(&[
        "simulate", FISH, "--rounds", "10", "--seed", "1", "--plot", &o,
    ]);
    assert!(!svg_texts(&offers).iter().any(|t| t.starts_with("what-if")));

    for args in [
        &["analyze", FISH, "--quiet", "--plot", "y.png"][..],
        &["simulate", FISH, "--rounds", "5", "--plot", "x.pdf"][..],
        &["simulate", FISH, "--rounds", "5", "--plot", "x"][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "accord {args:?}");
        assert!(stderr(&out).contains(".svg"), "{}", stderr(&out));
    }
    assert!(!crate::common::root().join("y.png").exists());
}

/// The drafted-then-ratified story says what the drafters agreed on before anyone votes, even
/// when the round they agreed in is left out; a trace with what-ifs starts with them.
#[test]
fn the_story_shows_the_agreed_draft_and_the_trace_its_what_ifs() {
    let out = ok(&[
        "simulate",
        FISH,
        "--protocol",
        "drafted-then-ratified",
        "--strategy",
        "boulware",
        "--rounds",
        "30",
        "--seed",
        "1",
    ]);
    let agreed = out
        .find("The drafters agree on a text: ")
        .unwrap_or_else(|| panic!("no agreed draft:\n{out}"));
    let votes = out.find("Ratification:").unwrap();
    assert!(agreed < votes, "{out}");
    let text = &out[agreed..votes];
    assert!(text.contains("Four-week spring closure"), "{out}");
    assert!(text.contains("Historic catches"), "{out}");

    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t.jsonl");
    let t = trace.display().to_string();
    let mut args = vec![
        "simulate", FISH, "--rounds", "5", "--seed", "1", "--trace", &t,
    ];
    args.extend(&WHAT_IFS[..2]);
    ok(&args);
    let text = std::fs::read_to_string(&trace).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["stage"], "what-if");
    assert_eq!(first["what_if"][0]["target"], "parties.sudmark.walk_away");
    assert!(text.lines().skip(1).all(|l| !l.contains("what-if")));
    // Without what-ifs, no such line.
    ok(&[
        "simulate", FISH, "--rounds", "5", "--seed", "1", "--trace", &t,
    ]);
    let text = std::fs::read_to_string(&trace).unwrap();
    assert!(!text.contains("what-if"), "{text}");
}

/// Small things: the Nash products shown rank the agreements (four parties make them small);
/// robustness says a partial draft's utility is the midpoint of its range.
#[test]
fn nash_products_show_their_ranking_and_partial_utilities_are_explained() {
    let out = ok(&["analyze", FISH, "--quiet"]);
    let products: Vec<String> = out
        .lines()
        .filter(|l| l.contains("Nash product"))
        .flat_map(|l| {
            l.split('┆')
                .skip(1)
                .map(|c| c.trim().trim_end_matches('│').trim().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(products.len(), 5, "{out}");
    let values: Vec<f64> = products.iter().map(|p| p.parse().unwrap()).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{products:?}");
    assert!(values.windows(2).any(|w| w[0] > w[1]), "{products:?}");
    assert!(products.iter().all(|p| p.len() >= 7), "{products:?}");

    let out = ok(&[
        "robustness",
        FISH,
        "--plan",
        "north_south",
        "--samples",
        "200",
    ]);
    assert!(out.contains("the midpoint of its"), "{out}");
    let out = ok(&[
        "robustness",
        FISH,
        "--plan",
        "island_counter",
        "--samples",
        "200",
    ]);
    assert!(!out.contains("midpoint"), "{out}");
}

/// Naming only non-signatories would make every draft an agreement: refused.
#[test]
fn parties_without_a_signatory_are_refused() {
    let o = run(&[
        "evaluate",
        "examples/toy-border.toml",
        "--parties",
        "mediator",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("signatory"), "{}", stderr(&o));
}
