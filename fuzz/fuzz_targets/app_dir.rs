//! App export directories: the input is split at NUL bytes into
//! `schema.json` (collection A), `relationships.json` (A), `sync/config.json`, `schema.json`
//! (collection B) and `services/mongodb-atlas/rules/db.C.json` (legacy layout); the parts that
//! are present are written into a scratch directory, which is loaded as an app and exercised.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const PARTS: [&str; 5] = [
    "data_sources/mongodb-atlas/db/A/schema.json",
    "data_sources/mongodb-atlas/db/A/relationships.json",
    "sync/config.json",
    "data_sources/mongodb-atlas/db/B/schema.json",
    "services/mongodb-atlas/rules/db.C.json",
];

fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir")).path()
}

fuzz_target!(|data: &[u8]| {
    let root = scratch().join("app");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("scratch dir");
    for (rel, part) in PARTS.iter().zip(data.split(|b| *b == 0)) {
        // An empty part means "no such file".
        if part.is_empty() {
            continue;
        }
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, part).expect("write");
    }
    let Ok(apps) = syncplan::load::load(&root) else { return };
    for loaded in apps {
        syncplan_fuzz::exercise(loaded);
    }
});
