//! Realm JS object model (JSON): bytes → JSON parser → Realm loader → every later stage, and for
//! a valid model the Development Mode round trip `load(devmode(m)) == server_projection(m)`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use syncplan::load::{json, realm_js};

fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir")).path()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(node) = json::parse(text) else { return };
    let Ok(loaded) = realm_js::load(&node, "model.json") else {
        return;
    };
    if syncplan_fuzz::is_valid(&loaded) {
        // `collection_name_invalid` must have refused any name that is not one directory name.
        assert!(
            syncplan_fuzz::collection_names_are_directory_names(&loaded.schema),
            "validate accepted a type name that cannot be a collection directory"
        );
        syncplan_fuzz::devmode_round_trip(&loaded.schema, &scratch().join("app"));
    }
    syncplan_fuzz::exercise(loaded);
});
