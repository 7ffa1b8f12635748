//! Every example pair in `migrations-examples/` (a directory with both `before/` and `after/`) →
//! its markdown plan, one test per example: the diff report and the ordered steps snapshotted as
//! `snapshots/examples__<dir>.snap`, the client changes for every SDK as
//! `snapshots/examples_clients__<dir>.snap`. Each test also checks that comparing each side with
//! itself gives no finding: a rule that fires on identical inputs is noise. Review changed
//! snapshots with `cargo insta review`.

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

/// The report part (findings and plan steps) and the client part (`### Client changes`, one
/// section per SDK) of an example's markdown plan, snapshotted apart: a change to one SDK's
/// snippets touches the client snapshots only, a change to a rule or the planner the reports.
fn check_example(n: &str) {
    let dir = Path::new("migrations-examples").join(n);
    for side in ["before", "after"] {
        let found = self_diff(&dir.join(side));
        assert!(
            found.is_empty(),
            "{n}/{side} compared with itself must give no finding:\n  {}",
            found.join("\n  ")
        );
    }
    let plan = syncplan::catalog::example_plan(&dir);
    assert!(!plan.starts_with("error:"), "{}: {plan}", dir.display());
    let (report, clients) = match plan.find("### Client changes") {
        Some(i) => plan.split_at(i),
        None => (plan.as_str(), ""),
    };
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(format!("examples__{n}"), report);
        if !clients.is_empty() {
            insta::assert_snapshot!(format!("examples_clients__{n}"), clients);
        }
    });
}

/// One test per example pair; `every_example_has_its_test` keeps the list equal to the directory.
macro_rules! examples {
    ($($name:ident),* $(,)?) => {
        mod each {
            $(
                #[test]
                fn $name() {
                    super::check_example(stringify!($name));
                }
            )*
        }
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

examples!(
    asymmetric_table_changed,
    client_max_offline_days_changed,
    client_name_remapped,
    constraint_loosened,
    constraint_tightened,
    default_value_added,
    default_value_changed,
    default_value_removed,
    development_mode_changed,
    index_added,
    index_removed,
    indexed_queryable_field_changed,
    local_client_name_remapped,
    local_collection_kind_changed,
    local_embedded_link_removed,
    local_index_changed,
    local_link_target_changed,
    local_made_embedded,
    local_made_optional,
    local_made_optional_and_indexed,
    local_made_required,
    local_made_required_and_indexed,
    local_made_top_level,
    local_made_top_level_with_key,
    local_persisted_name_changed,
    local_primary_key_added,
    local_primary_key_moved,
    local_primary_key_moved_to_new_property,
    local_primary_key_removed,
    local_primary_key_type_changed,
    local_property_added,
    local_property_removed,
    local_property_type_changed,
    local_type_added,
    local_type_removed,
    local_type_removed_with_link,
    object_type_added,
    object_type_collection_changed,
    object_type_kind_changed,
    object_type_removed,
    object_type_renamed,
    partition_key_changed,
    partition_permissions_changed,
    permission_changed,
    permission_queryable_field_removed,
    primary_key_changed,
    property_added_optional,
    property_added_required,
    property_made_optional,
    property_made_required,
    property_removed,
    property_renamed,
    property_type_changed,
    queryable_field_added,
    queryable_field_removed,
    recovery_mode_changed,
    relationship_changed,
    scenario_divtracker_id_objectid,
    scenario_divtracker_partition_required,
    scenario_partner_data_source,
    scenario_vfs_customer_relationships,
    scenario_vfs_embedded_list,
    sync_data_source_changed,
    sync_enabled,
    sync_mode_changed,
);

#[test]
fn every_example_has_its_test() {
    let dirs: Vec<String> = example_dirs().iter().map(|d| name(d)).collect();
    assert!(
        dirs.len() >= 26,
        "expected one example per rule plus scenarios, found {}",
        dirs.len()
    );
    let listed: Vec<String> = LISTED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        dirs, listed,
        "add the example to the examples! list in tests/it/examples.rs (sorted)"
    );
}

/// #13 item 11: every client-reset handler a plan ships has its manual fallback (whether a plan
/// may promise recovery is `plan::a_breaking_plan_never_promises_automatic_recovery`, which knows
/// the kinds of change).
#[test]
fn every_shipped_client_reset_handler_has_its_manual_fallback() {
    let mut sections = 0;
    for dir in example_dirs() {
        let report = syncplan::catalog::example_plan(&dir);
        for (i, _) in report.match_indices("**Client reset**") {
            let section = &report[i..];
            let end = section[3..].find("\n**").map_or(section.len(), |e| e + 3);
            let section = &section[..end];
            sections += 1;
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
    assert!(
        sections > 10,
        "only {sections} client-reset sections: the check would see nothing"
    );
}
