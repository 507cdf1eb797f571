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
