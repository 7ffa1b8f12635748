//! App Services collection schema (YAML): bytes → YAML adapter → loader picked by shape → every
//! later stage.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::load::{InputKind, app_services, detect, realm_js, yaml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(node) = yaml::parse(text) else { return };
    let loaded = match detect(&node) {
        Some(InputKind::RealmModel) => realm_js::load(&node, "model.yaml"),
        _ => app_services::load_single_schema(&node, "schema.yaml"),
    };
    if let Ok(loaded) = loaded {
        syncplan_fuzz::exercise(loaded);
    }
});
