//! `syncplan infer` on Extended JSON (mongoexport lines, canonical and relaxed, and JSON arrays):
//! the line walker alone, then the whole inference (see `syncplan_fuzz::infer_oracle`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::infer::{ejson, stats::CollStats};

fuzz_target!(|data: &[u8]| {
    let mut acc = CollStats::default();
    let _ = ejson::walk_document(data, &mut acc, 0);
    syncplan_fuzz::infer_oracle(data, syncplan_fuzz::scratch());
});
