//! Every example pair in `migrations-examples/` (a directory with both `before/` and `after/`) →
//! its markdown plan (the diff report, the ordered steps and the client changes for every SDK),
//! snapshotted as `snapshots/examples__<dir>.snap`. The same loop checks
//! that comparing each side with itself gives no finding: a rule that fires on identical inputs is
//! noise. Review changed snapshots with `cargo insta review`.

use std::path::{Path, PathBuf};

use syncplan::classify::classify;
use syncplan::diff::{DiffOptions, diff};
use syncplan::load::load_one;
use syncplan::rules::Context;

/// Example directories that hold a pair, sorted, relative to the crate root (the cwd of tests).
fn example_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("migrations-examples")
        .expect("migrations-examples/ is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.join("before").is_dir() && p.join("after").is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn name(dir: &Path) -> String {
    dir.file_name().expect("directory name").to_string_lossy().into_owned()
}

/// Findings of one side compared with itself, as `rule subject` lines.
fn self_diff(side: &Path) -> Vec<String> {
    let loaded = load_one(side).unwrap_or_else(|e| panic!("{} does not load: {e}", side.display()));
    let changes = diff(&loaded.schema, &loaded.schema, &DiffOptions::default());
    classify(&changes, &Context::default())
        .findings
        .iter()
        .map(|f| format!("{} {:?}.{:?}: {}", f.rule, f.object_type, f.property, f.message))
        .collect()
}

#[test]
fn example_reports() {
    let dirs = example_dirs();
    assert!(
        dirs.len() >= 26,
        "expected one example per rule plus scenarios, found {}",
        dirs.len()
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();

    let mut noisy = Vec::new();
    let mut changed = Vec::new();
    for dir in &dirs {
        let n = name(dir);
        for side in ["before", "after"] {
            let found = self_diff(&dir.join(side));
            if !found.is_empty() {
                noisy.push(format!("{n}/{side} compared with itself:\n  {}", found.join("\n  ")));
            }
        }
        let report = syncplan::catalog::example_plan(dir);
        assert!(!report.starts_with("error:"), "{}: {report}", dir.display());
        // Check every example before failing, so that one run lists (and writes) every change.
        let snapshot = format!("examples__{n}");
        if std::panic::catch_unwind(|| insta::assert_snapshot!(snapshot, report)).is_err() {
            changed.push(n);
        }
    }
    assert!(
        noisy.is_empty(),
        "self-comparison must give no finding:\n{}",
        noisy.join("\n")
    );
    assert!(
        changed.is_empty(),
        "reports differ from their snapshots (review with `cargo insta review`): {changed:?}"
    );
}

/// #13 item 11: no plan promises automatic recovery of unsynced changes when the change is
/// breaking for the client model (renames included: every automatic client-reset mode then falls
/// back to the manual path), and every client-reset handler a plan ships has its manual fallback.
#[test]
fn no_plan_promises_automatic_recovery_for_a_breaking_client_change() {
    for dir in example_dirs() {
        let report = syncplan::catalog::example_plan(&dir);
        let header = report.lines().next().unwrap_or_default();
        if report.contains("recover their unsynced changes automatically") {
            assert!(
                header.contains("client: non-breaking"),
                "{}: promises automatic recovery under {header}",
                dir.display()
            );
        }
        for (i, _) in report.match_indices("**Client reset**") {
            let section = &report[i..];
            let end = section[3..].find("\n**").map_or(section.len(), |e| e + 3);
            let section = &section[..end];
            let fallback = [
                "SyncSession.immediatelyHandleError",
                "set_error_handler(",
                "onManualResetFallback",
                "ManualResetFallback",
                "onFallback:",
            ];
            assert!(
                fallback.iter().any(|f| section.contains(f)),
                "{}: a client-reset handler without its manual fallback:\n{section}",
                dir.display()
            );
        }
    }
}
