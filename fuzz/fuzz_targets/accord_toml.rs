//! The accord/1 TOML reader on any text: `accord_model::parse` must never panic, and a
//! scenario it accepts must evaluate its plans without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = accord_model::parse(text);
    if let Some(scenario) = parsed.scenario {
        let _ = accord_model::evaluate_plans(&scenario, &[] as &[&str]);
    }
});
