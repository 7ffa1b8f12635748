//! App Services collection schema (JSON): bytes → JSON parser → schema loader → every later stage.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::load::{InputKind, app_services, detect, json, realm_js};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(node) = json::parse(text) else { return };
    // The server loader on anything that parses (a `properties`-less object is still a schema),
    // and whatever `load_file` would pick by shape.
    if let Ok(loaded) = app_services::load_single_schema(&node, "schema.json") {
        syncplan_fuzz::exercise(loaded);
    }
    if detect(&node) == Some(InputKind::RealmModel)
        && let Ok(loaded) = realm_js::load(&node, "model.json")
    {
        syncplan_fuzz::exercise(loaded);
    }
});
