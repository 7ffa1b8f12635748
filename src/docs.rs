//! Generated documentation: every file here is build output of the code tables, written by
//! `syncplan docs` and compared by `tests/docs_fresh.rs`.

use std::collections::BTreeMap;

/// Relative path under `docs/` → content.
pub fn generated() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("mapping.md".to_string(), crate::mapping::render_markdown());
    m.insert("validation.md".to_string(), crate::diagnostic::render_markdown());
    m
}
