//! The generated docs under `docs/` (rule pages, mapping table, validation findings) are build
//! output of the code: they must equal what `syncplan docs` writes now. Regenerate them with
//! `cargo run -- docs` after changing a rule, an example, the mapping or a diagnostic.

use std::path::Path;

const FIX: &str = "run `cargo run -- docs` and commit the result";

#[test]
fn generated_docs_are_current() {
    // cwd is the crate root under `cargo test`, as for `cargo run -- docs`.
    let generated = syncplan::docs::generated(Path::new("."));
    assert!(generated.contains_key("rules/README.md"));
    let mut stale = Vec::new();
    for (rel, content) in &generated {
        let path = Path::new("docs").join(rel);
        match std::fs::read_to_string(&path) {
            Ok(current) if current == *content => {}
            Ok(current) => {
                let line = current
                    .lines()
                    .zip(content.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| current.lines().count().min(content.lines().count()))
                    + 1;
                stale.push(format!(
                    "docs/{rel} differs from the generated text (first at line {line})"
                ));
            }
            Err(e) => stale.push(format!("docs/{rel} cannot be read ({e})")),
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated docs; {FIX}:\n  {}",
        stale.join("\n  ")
    );
}

#[test]
fn no_orphan_rule_pages() {
    let generated = syncplan::docs::generated(Path::new("."));
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir("docs/rules").expect("docs/rules exists; run `cargo run -- docs`") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if !generated.contains_key(&format!("rules/{name}")) {
            orphans.push(format!("docs/rules/{name}"));
        }
    }
    assert!(
        orphans.is_empty(),
        "pages for rules that no longer exist; delete them: {}",
        orphans.join(", ")
    );
}
