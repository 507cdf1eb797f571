//! A cancelled analysis stops early and says so.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::common::*;
use accord_analysis::{AnalysisError, Method, Options, analyze, analyze_with_progress};
use accord_model::Cancel;

/// Three parties over 6 issues of 10 options (1e6 outcomes), walk-aways 0.3: enumeration
/// walks a few hundred chunks.
fn scenario() -> accord_model::Scenario {
    let issues = vec![(10, false); 6];
    let party = |k: u32| PartySpec {
        signatory: true,
        walk_away: 3,
        weights: (0..6).map(|i| (1 + (i + k) % 4, false)).collect(),
        scores: (0..6)
            .map(|i| {
                (0..10)
                    .map(|o| ((o * 7 + i as usize * 3 + k as usize * 5) % 11) as u32)
                    .collect()
            })
            .collect(),
        red_lines: Vec::new(),
        interactions: Vec::new(),
    };
    parse(&to_toml(&Spec {
        issues,
        parties: (0..3).map(party).collect(),
    }))
}

#[test]
fn a_cancel_before_the_start_computes_nothing() {
    let s = scenario();
    let cancel = Cancel::new();
    cancel.cancel();
    let options = Options {
        method: Method::Enumerate,
        cancel,
        ..Options::default()
    };
    assert!(matches!(
        analyze(&s, &options),
        Err(AnalysisError::Cancelled)
    ));
}

#[test]
fn a_cancel_during_enumeration_skips_the_chunks_not_yet_started() {
    let s = scenario();
    // Uncancelled: every chunk reports.
    let whole = AtomicU64::new(0);
    let total = AtomicU64::new(0);
    let options = Options {
        method: Method::Enumerate,
        count: true,
        ..Options::default()
    };
    let done = analyze_with_progress(&s, &options, &|_, t| {
        whole.fetch_add(1, Ordering::Relaxed);
        total.store(t, Ordering::Relaxed);
    });
    assert!(done.is_ok());
    let chunks = whole.load(Ordering::Relaxed);
    assert!(chunks >= 100, "{chunks} chunks");
    // Cancelled at the first finished chunk: only the chunks already running finish.
    let cancel = Cancel::new();
    let reported = AtomicU64::new(0);
    let options = Options {
        cancel: cancel.clone(),
        ..options
    };
    let stopped = analyze_with_progress(&s, &options, &|_, _| {
        reported.fetch_add(1, Ordering::Relaxed);
        cancel.cancel();
    });
    assert!(matches!(stopped, Err(AnalysisError::Cancelled)));
    let after = reported.load(Ordering::Relaxed);
    let threads = rayon::current_num_threads() as u64;
    assert!(
        after <= 2 * threads,
        "{after} of {chunks} chunks ran after a cancel ({threads} threads)"
    );
}

/// `parties` signatories over `issues` issues of `options` options, with an interaction each
/// (so improvements are found by enumeration, not by merge), and a draft `d` at option 0
/// everywhere.
fn with_draft(issues: usize, options: usize, parties: u32) -> accord_model::Scenario {
    let party = |k: u32| PartySpec {
        signatory: true,
        walk_away: 2,
        weights: (0..issues)
            .map(|i| (1 + (i as u32 + k) % 4, false))
            .collect(),
        scores: (0..issues)
            .map(|i| {
                (0..options)
                    .map(|o| ((o * 7 + i * 3 + k as usize * 5) % 11) as u32)
                    .collect()
            })
            .collect(),
        red_lines: Vec::new(),
        interactions: vec![((0, 1), (1, 1), 5)],
    };
    let mut text = to_toml(&Spec {
        issues: vec![(options, false); issues],
        parties: (0..parties).map(party).collect(),
    });
    text += "[plans.d]\ntitle = \"D\"\n[plans.d.terms]\n";
    for i in 0..issues {
        text += &format!("i{i} = \"o0\"\n");
    }
    parse(&text)
}

/// Runs `search` with a flag set from another thread as soon as it starts, and fails when it
/// has not returned within a minute: an uncancelled search here walks billions of outcomes.
fn stops_when_cancelled<T: Send + 'static>(
    search: impl FnOnce(Cancel) -> Result<T, AnalysisError> + Send + 'static,
) {
    let cancel = Cancel::new();
    let (tx, rx) = std::sync::mpsc::channel();
    let flag = cancel.clone();
    std::thread::spawn(move || {
        let _ = tx.send(search(flag).err());
    });
    std::thread::sleep(std::time::Duration::from_millis(20));
    cancel.cancel();
    let answer = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("a cancelled search did not stop within a minute");
    assert!(
        matches!(answer, Some(AnalysisError::Cancelled)),
        "{answer:?}"
    );
}

#[test]
fn improvements_and_amendments_stop_when_cancelled() {
    use accord_analysis::amend::{amendments, amendments_cancellable};
    use accord_analysis::improve::{improvements, improvements_cancellable};
    // Small: uncancelled they answer; cancelled before the start they compute nothing.
    let small = with_draft(4, 4, 3);
    let d = small.find_plan("d").unwrap();
    assert!(improvements(&small, d, 3).is_ok());
    assert!(amendments(&small, d, 2).is_ok());
    let cancelled = Cancel::new();
    cancelled.cancel();
    assert!(matches!(
        improvements_cancellable(&small, d, 3, &cancelled),
        Err(AnalysisError::Cancelled)
    ));
    assert!(matches!(
        amendments_cancellable(&small, d, 2, &cancelled),
        Err(AnalysisError::Cancelled)
    ));
    // Large (9^10 = 3.5e9 outcomes, enumerated): a cancel while it runs stops it.
    let large = with_draft(10, 9, 3);
    stops_when_cancelled(move |cancel| {
        let d = large.find_plan("d").unwrap();
        improvements_cancellable(&large, d, 3, &cancel)
    });
}
