//! Generated documentation: every file here is build output of the code tables, written by
//! `syncplan docs` and compared by `tests/it/docs_fresh.rs`.

use std::collections::BTreeMap;

/// Relative path under `docs/` → content.
pub fn generated(root: &std::path::Path) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("rules/README.md".to_string(), crate::catalog::rules_readme());
    for r in crate::rules::ALL {
        m.insert(format!("rules/{}.md", r.id), crate::catalog::rule_page(r, root));
    }
    m.insert("mapping.md".to_string(), crate::mapping::render_markdown());
    m.insert("validation.md".to_string(), crate::diagnostic::render_markdown());
    m
}
