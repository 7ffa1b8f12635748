//! `syncplan infer` on raw BSON (mongodump files: concatenated documents). First the document
//! walker against the `RawDocument` walker it replaced (same verdict, same statistics), then the
//! whole inference (see `syncplan_fuzz::infer_oracle`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::infer::{bson_walk, stats::CollStats};

fuzz_target!(|data: &[u8]| {
    let (mut fast, mut reference) = (CollStats::default(), CollStats::default());
    let a = bson_walk::walk_document(data, &mut fast, 0);
    let b = bson_walk::walk_document_reference(data, &mut reference, 0);
    assert_eq!(a.is_ok(), b.is_ok(), "fast walker: {a:?}; reference: {b:?}");
    if a.is_ok() {
        assert_eq!(fast.summary(), reference.summary(), "the walkers disagree");
    }
    syncplan_fuzz::infer_oracle(data, syncplan_fuzz::scratch());
});
