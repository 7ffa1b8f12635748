//! `syncplan infer` on raw BSON (mongodump files: concatenated documents): the document walker
//! alone, then the whole inference (see `syncplan_fuzz::infer_oracle`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::infer::{bson_walk, stats::CollStats};

fuzz_target!(|data: &[u8]| {
    let mut acc = CollStats::default();
    let _ = bson_walk::walk_document(data, &mut acc, 0);
    syncplan_fuzz::infer_oracle(data, syncplan_fuzz::scratch());
});
