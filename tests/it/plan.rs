//! The planner: every example under every strategy gives an acyclic, consistently numbered plan
//! whose order respects the dependency rules, and `--out` writes parseable artifacts.

use std::path::{Path, PathBuf};
use std::process::Command;

use syncplan::classify::{Classified, classify};
use syncplan::diff::{DiffOptions, diff};
use syncplan::load::load_one;
use syncplan::plan::{Plan, PlanOptions, StepSide, Strategy, plan};
use syncplan::rules::Context;

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("migrations-examples")
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before").is_dir() && p.join("after").is_dir())
        .collect();
    v.sort();
    v
}

fn run(dir: &Path, strategy: Strategy, schema_versioning: bool) -> (Classified, Plan) {
    let o = load_one(&dir.join("before")).expect("before loads");
    let n = load_one(&dir.join("after")).expect("after loads");
    let hints = syncplan::catalog::example_hints(dir, &o.schema, &n.schema).expect("hints");
    let c = classify(
        &diff(&o.schema, &n.schema, &DiffOptions { renames: hints }),
        &Context {
            development_mode: false,
            schema_versioning,
            local: false,
        },
    );
    let p = plan(
        &c,
        &o.schema,
        &n.schema,
        &PlanOptions {
            strategy: Some(strategy),
            schema_versioning,
            database: None,
            ..Default::default()
        },
    );
    (c, p)
}

fn pos(p: &Plan, pred: impl Fn(&syncplan::plan::Step) -> bool) -> Option<usize> {
    p.steps.iter().position(pred)
}

#[test]
fn every_plan_is_acyclic_numbered_and_covers_every_finding() {
    let strategies = [
        Strategy::Auto,
        Strategy::PartnerCollection,
        Strategy::SchemaVersion,
        Strategy::TerminateResync,
    ];
    for dir in examples() {
        for s in strategies {
            let (c, p) = run(&dir, s, s == Strategy::SchemaVersion);
            let name = format!("{} --strategy {}", dir.display(), s.as_str());
            assert!(p.acyclic, "{name}: the step graph has a cycle");
            for (i, st) in p.steps.iter().enumerate() {
                assert_eq!(st.number, i + 1, "{name}: step numbers must be 1..n");
                for pre in &st.preconditions {
                    if let Some(list) = pre.strip_prefix("after step").map(|r| r.trim_start_matches('s').trim()) {
                        for n in list.split(", ").filter_map(|x| x.parse::<usize>().ok()) {
                            assert!(n < st.number, "{name}: step {} depends on later step {n}", st.number);
                        }
                    }
                }
            }
            // Every finding is served by at least one step (or is client-only and served by shipping).
            for f in &c.findings {
                assert!(
                    p.steps.iter().any(|st| st.findings.contains(&f.fingerprint)),
                    "{name}: finding {} {:?}.{:?} has no step",
                    f.rule,
                    f.object_type,
                    f.property
                );
            }
            // The verification step comes last.
            if !p.steps.is_empty() {
                assert_eq!(p.steps.last().map(|s| s.side), Some(StepSide::Verification), "{name}");
            }
        }
    }
}

#[test]
fn backfill_comes_before_the_required_field_is_deployed() {
    let (_, p) = run(
        Path::new("migrations-examples/property_added_required"),
        Strategy::Auto,
        false,
    );
    let backfill = pos(&p, |s| s.side == StepSide::Data && s.action.starts_with("Backfill")).expect("backfill step");
    let deploy = pos(&p, |s| {
        s.side == StepSide::ServerSchema && s.details.iter().any(|d| d.ends_with("(required)"))
    })
    .expect("deploy");
    let ship = pos(&p, |s| s.side == StepSide::ClientApps).expect("ship");
    assert!(backfill < deploy && deploy < ship, "{:#?}", p.steps);
    let script = p.steps[backfill].script.as_deref().expect("script");
    assert!(
        script.contains("updateMany") && script.contains("PARAM === undefined") && script.contains("countDocuments"),
        "{script}"
    );
}

#[test]
fn terminate_route_is_handler_terminate_deploy_reenable_ship() {
    let (_, p) = run(
        Path::new("migrations-examples/property_type_changed"),
        Strategy::TerminateResync,
        false,
    );
    let idx = |needle: &str| {
        pos(&p, |s| s.action.contains(needle)).unwrap_or_else(|| panic!("no step {needle}: {:#?}", p.steps))
    };
    let handler = idx("client-reset handler");
    let terminate = idx("Terminate Sync");
    let convert = idx("Convert");
    let deploy = idx("Deploy the breaking schema changes");
    let reenable = idx("Re-enable Sync");
    let ship = idx("Ship client apps");
    assert!(handler < terminate && terminate < convert && convert < deploy && deploy < reenable && reenable < ship);
    assert!(p.steps[terminate].data_loss && p.steps[terminate].client_reset && p.steps[terminate].ui_only);
}

#[test]
fn subscriptions_are_dropped_before_the_queryable_field_goes() {
    let (_, p) = run(
        Path::new("migrations-examples/queryable_field_removed"),
        Strategy::Auto,
        false,
    );
    let drop = pos(&p, |s| {
        s.side == StepSide::ClientApps && s.action.contains("no longer query")
    })
    .expect("client step");
    let remove = pos(&p, |s| {
        s.side == StepSide::SyncConfig && s.action.starts_with("Remove the queryable field")
    })
    .expect("sync step");
    assert!(drop < remove);
    assert!(p.steps[remove].client_reset);
}

#[test]
fn a_new_type_is_created_before_the_property_that_links_to_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let before = r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId"}}]"#;
    let after = r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner": "User?"}},
                   {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId"}}]"#;
    for (side, text) in [("before", before), ("after", after)] {
        std::fs::create_dir_all(dir.path().join(side)).expect("mkdir");
        std::fs::write(dir.path().join(side).join("model.json"), text).expect("write");
    }
    let (_, p) = run(dir.path(), Strategy::Auto, false);
    let ty = pos(&p, |s| s.action.contains("collection schema for User")).expect("type step");
    let link = pos(&p, |s| s.details.iter().any(|d| d.contains("add Task.owner"))).expect("property step");
    assert!(ty < link, "{:#?}", p.steps);
}

#[test]
fn removals_only_are_kept_on_the_server_by_default() {
    let (_, p) = run(Path::new("migrations-examples/property_removed"), Strategy::Auto, false);
    assert_eq!(p.strategy, Strategy::Auto);
    assert!(!p.steps.iter().any(|s| s.ui_only || s.client_reset), "{:#?}", p.steps);
    assert!(
        p.steps
            .iter()
            .any(|s| s.details.iter().any(|d| d.contains("removed from client models only")))
    );
}

#[test]
fn schema_versioning_context_picks_schema_version_for_removals_and_optionality() {
    let (_, p) = run(
        Path::new("migrations-examples/property_made_required"),
        Strategy::Auto,
        true,
    );
    assert_eq!(p.strategy, Strategy::SchemaVersion, "{}", p.strategy_reason);
}

/// `plan --out` writes every artifact; scripts and functions parse as JavaScript (node is
/// required), JSON files parse, and a second run into the same directory needs --force.
#[test]
fn out_directory_artifacts_parse() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    crate::support::require_node(&[]);
    let has_node = true;
    for dir in examples() {
        let out = tempfile::tempdir().expect("tempdir");
        let target = out.path().join("plan");
        let mut args: Vec<String> = vec![
            "plan".into(),
            dir.join("before").to_string_lossy().into_owned(),
            dir.join("after").to_string_lossy().into_owned(),
            "--out".into(),
            target.to_string_lossy().into_owned(),
            "--strategy".into(),
            "partner-collection".into(),
        ];
        if let Ok(h) = std::fs::read_to_string(dir.join("renames.txt")) {
            for l in h.lines().filter(|l| !l.trim().is_empty()) {
                args.push("--rename".into());
                args.push(l.trim().into());
            }
        }
        let r = Command::new(bin).args(&args).output().expect("runs");
        assert_eq!(
            r.status.code(),
            Some(0),
            "{}: {}",
            dir.display(),
            String::from_utf8_lossy(&r.stderr)
        );
        let files = walk(&target);
        assert!(files.iter().any(|f| f.ends_with("plan.json")) && files.iter().any(|f| f.ends_with("plan.md")));
        for f in &files {
            let text = std::fs::read_to_string(f).expect("utf-8");
            if f.extension().is_some_and(|e| e == "json") {
                serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            }
            if has_node && f.extension().is_some_and(|e| e == "js") {
                let c = Command::new("node").arg("--check").arg(f).output().expect("node");
                assert!(
                    c.status.success(),
                    "{} does not parse:\n{}",
                    f.display(),
                    String::from_utf8_lossy(&c.stderr)
                );
            }
        }
        let again = Command::new(bin).args(&args).output().expect("runs");
        assert_eq!(
            again.status.code(),
            Some(2),
            "a non-empty --out must be refused without --force"
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// #13 (10): a step left to the user (here a relationship change, which has no automatic
/// partner-collection transform) makes the plan say it is incomplete in every format.
#[test]
fn a_step_left_to_the_user_marks_the_plan_incomplete_in_every_format() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let dir = "migrations-examples/relationship_changed";
    let out = |format: &str| {
        let o = Command::new(bin)
            .args([
                "plan",
                &format!("{dir}/before"),
                &format!("{dir}/after"),
                "--sdk",
                "none",
                "--format",
                format,
            ])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let js: serde_json::Value = serde_json::from_str(&out("json")).expect("json");
    assert_eq!(js["complete"], serde_json::json!(false));
    let left: Vec<&serde_json::Value> = js["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["left_to_user"] == serde_json::json!(true))
        .collect();
    assert_eq!(left.len(), 1, "{js:#}");
    for f in ["text", "markdown"] {
        let t = out(f);
        assert!(t.contains("INCOMPLETE: step "), "{f}: {t}");
    }
    // A complete plan says nothing of the kind.
    let (_, p) = run(
        Path::new("migrations-examples/property_type_changed"),
        Strategy::TerminateResync,
        false,
    );
    assert!(p.complete);
}

/// #13 (4): the retire step deleted a schema while Sync is on without saying it resets clients,
/// and the partner collection got no permissions or subscription instructions.
#[test]
fn partner_retire_is_planned_as_breaking_and_the_partner_gets_permissions() {
    let (_, p) = run(
        Path::new("migrations-examples/property_type_changed"),
        Strategy::PartnerCollection,
        false,
    );
    assert_eq!(p.strategy, Strategy::PartnerCollection);
    let retire = p
        .steps
        .iter()
        .find(|s| s.action.starts_with("Retire"))
        .expect("retire step");
    assert!(
        retire.data_loss && retire.action.contains("a breaking change"),
        "{retire:#?}"
    );
    assert!(
        retire.details.iter().any(|d| d.contains("breaking change")),
        "{retire:#?}"
    );
    let schema = p
        .steps
        .iter()
        .find(|s| s.action.starts_with("Add the schema of"))
        .expect("schema step");
    assert!(schema.details.iter().any(|d| d.contains("rules.json")), "{schema:#?}");
    let ship = p.steps.iter().find(|s| s.side == StepSide::ClientApps).expect("ship");
    assert!(
        ship.details.iter().any(|d| d.contains("subscribe to TaskV2")),
        "{ship:#?}"
    );
}

/// #16 (15): `plan` gave instructions for all seven SDKs by default. It now defaults to the SDKs
/// of the client models among the inputs, or none with a hint; a step serving every finding says
/// so once instead of repeating each id.
#[test]
fn plan_defaults_to_the_detected_sdks_and_groups_findings_once() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let run = |dir: &str, format: &str| {
        Command::new(bin)
            .args([
                "plan",
                &format!("{dir}/before"),
                &format!("{dir}/after"),
                "--format",
                format,
            ])
            .output()
            .expect("runs")
    };
    let js: serde_json::Value =
        serde_json::from_slice(&run("migrations-examples/property_type_changed", "json").stdout).expect("json");
    let sdks: Vec<&String> = js["client_changes"].as_object().expect("object").keys().collect();
    assert_eq!(sdks, ["js"], "a Realm JS model pair gives the JS instructions only");
    let server = run("migrations-examples/scenario_divtracker_id_objectid", "json");
    let js: serde_json::Value = serde_json::from_slice(&server.stdout).expect("json");
    assert_eq!(
        js["client_changes"],
        serde_json::json!({}),
        "server exports: no SDK by default"
    );
    assert!(String::from_utf8_lossy(&server.stderr).contains("--sdk"), "with a hint");
    let text =
        String::from_utf8_lossy(&run("migrations-examples/scenario_vfs_embedded_list", "text").stdout).into_owned();
    assert!(text.contains("why: all 5 findings above"), "{text}");
    assert!(!text.contains("why: property_added_optional"), "{text}");
}

/// #13 (5): an app whose Sync was never enabled got "ship a client-reset handler, terminate Sync".
/// Without a sync configuration there is nothing to terminate: deploy, and no client reset.
#[test]
fn an_app_without_sync_is_not_told_to_terminate_sync() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = Path::new("migrations-examples/scenario_divtracker_id_objectid");
    for side in ["before", "after"] {
        copy(&src.join(side), &tmp.path().join(side));
        std::fs::remove_dir_all(tmp.path().join(side).join("sync")).expect("no sync config");
    }
    let (_, p) = run(tmp.path(), Strategy::TerminateResync, false);
    let actions: Vec<&str> = p.steps.iter().map(|s| s.action.as_str()).collect();
    assert!(
        !actions
            .iter()
            .any(|a| a.contains("Terminate") || a.contains("client-reset")),
        "{actions:#?}"
    );
    assert!(p.steps.iter().all(|s| !s.client_reset), "{actions:#?}");
    assert!(
        actions.iter().any(|a| a.contains("Sync is not enabled")),
        "{actions:#?}"
    );
    // With the sync configuration, the same change terminates Sync.
    let (_, p) = run(src, Strategy::TerminateResync, false);
    assert!(p.steps.iter().any(|s| s.action.contains("Terminate Sync")));
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// #13 (6): moving a collection to another data source (cluster) `$merge`d it on the same
/// connection. Now the move goes by mongodump/mongorestore between the two clusters.
#[test]
fn a_move_to_another_cluster_goes_by_export_and_import() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = Path::new("migrations-examples/object_type_collection_changed");
    copy(&src.join("before"), &tmp.path().join("before"));
    copy(&src.join("after"), &tmp.path().join("after"));
    let after = tmp.path().join("after");
    std::fs::rename(
        after.join("data_sources/mongodb-atlas"),
        after.join("data_sources/cluster2"),
    )
    .expect("rename");
    for f in ["data_sources/cluster2/config.json", "sync/config.json"] {
        let t = std::fs::read_to_string(after.join(f)).expect("read");
        let t = t
            .replace("\"name\": \"mongodb-atlas\"", "\"name\": \"cluster2\"")
            .replace("\"service_name\": \"mongodb-atlas\"", "\"service_name\": \"cluster2\"");
        std::fs::write(after.join(f), t).expect("write");
    }
    let (_, p) = run(tmp.path(), Strategy::TerminateResync, false);
    let copy_step = p
        .steps
        .iter()
        .find(|s| s.action.starts_with("Copy the Task documents"))
        .expect("copy step");
    assert!(
        copy_step.script.is_none(),
        "no mongosh $merge across clusters: {copy_step:#?}"
    );
    let sh = &p.artifacts[&copy_step.artifacts[0]];
    assert!(
        sh.contains("mongodump") && sh.contains("mongorestore --uri \"$DEST_URI\""),
        "{sh}"
    );
    assert!(!sh.contains("aggregate("), "{sh}");
    let c = Command::new("sh").arg("-n").arg("-c").arg(sh).output().expect("sh");
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    // Within one cluster the copy stays a $merge.
    let (_, p) = run(src, Strategy::TerminateResync, false);
    let copy_step = p
        .steps
        .iter()
        .find(|s| s.action.starts_with("Copy the Task documents"))
        .expect("copy step");
    assert!(copy_step.script.as_deref().is_some_and(|s| s.contains("$merge")));
}

/// `plan --out` writes each SDK's complete model of NEW, not only the types the change touches.
#[test]
fn out_writes_complete_client_models() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations-examples/scenario_vfs_embedded_list");
    let new = syncplan::load::load_one(&dir.join("after")).expect("loads").schema;
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("plan");
    let o = Command::new(bin)
        .args(["plan", "--sdk", "swift,ts"])
        .arg(dir.join("before"))
        .arg(dir.join("after"))
        .arg("--out")
        .arg(&target)
        .output()
        .expect("run");
    assert!(o.status.code() != Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    for (sdk, file) in [("swift", "Models.swift"), ("ts", "models.ts")] {
        let p = target.join("clients").join(sdk).join(file);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        for t in new.types.keys() {
            assert!(
                text.contains(t.as_str()),
                "{}: type {t} missing from the written model",
                p.display()
            );
        }
    }
}

/// A partner collection's client snippet is the generated class of the new shape, never an empty
/// model (JS/TS used to print `export const schema = [];`).
#[test]
fn partner_snippets_hold_the_generated_class() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations-examples/property_type_changed");
    let o = Command::new(bin)
        .args(["plan", "--strategy", "partner-collection", "--sdk", "js,ts"])
        .arg(dir.join("before"))
        .arg(dir.join("after"))
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("changes shape by moving to the partner collection"),
        "{text}"
    );
    assert!(!text.contains("export const schema = [];"), "{text}");
    assert!(text.contains("name: \"TaskV2\""), "{text}");
}

/// Plans `before` → `after` (two directories) under `strategy`.
fn run_pair(before: &Path, after: &Path, strategy: Strategy, schema_versioning: bool) -> (Classified, Plan) {
    let tmp = tempfile::tempdir().expect("tmp");
    copy(before, &tmp.path().join("before"));
    copy(after, &tmp.path().join("after"));
    run(tmp.path(), strategy, schema_versioning)
}

fn all_text(p: &Plan) -> String {
    let mut s = p.strategy_reason.clone();
    for st in &p.steps {
        s.push('\n');
        s.push_str(&st.action);
        for d in st.details.iter().chain(&st.preconditions) {
            s.push('\n');
            s.push_str(d);
        }
        s.push('\n');
        s.push_str(&st.verify);
    }
    s
}

/// #13 (5): partition-based → Flexible Sync goes by the documented migration, with its
/// requirements as preconditions (cluster, SDK minimum versions, a recovering client-reset
/// handler, Development Mode off), the permissions translated and the partition key queryable.
#[test]
fn pbs_to_flx_goes_by_the_documented_migration_and_its_requirements() {
    let (_, p) = run(
        Path::new("migrations-examples/sync_mode_changed"),
        Strategy::Auto,
        false,
    );
    let m = p
        .steps
        .iter()
        .find(|s| {
            s.action
                .contains("Migrate the app from Partition-Based Sync to Flexible Sync")
        })
        .unwrap_or_else(|| panic!("no migration step: {:#?}", p.steps));
    let pre = m.preconditions.join("\n");
    for needle in [
        "MongoDB 5.0",
        "M10",
        "Swift 10.40.0",
        "Kotlin 1.9.0",
        "Node.js and React Native 11.10.0",
        ".NET 11.1.0",
        "Java 10.16.0",
        "client-reset handler that recovers unsynced changes",
        "Development Mode is off",
    ] {
        assert!(pre.contains(needle), "missing requirement {needle:?}:\n{pre}");
    }
    let details = m.details.join("\n");
    assert!(details.contains(syncplan::plan::PBS_TO_FLX_URL), "{details}");
    assert!(details.contains("Permissions: the migration translates"), "{details}");
    assert!(details.contains("`_partition` must stay queryable"), "{details}");
    assert!(m.client_reset && m.ui_only);
    assert!(!all_text(&p).contains("Terminate Sync"), "{:#?}", p.steps);
    // The handler step comes before the migration.
    let h = pos(&p, |s| s.action.contains("client-reset handler")).expect("handler step");
    let mi = pos(&p, |s| s.action.contains("Migrate the app")).expect("migration");
    assert!(h < mi);
}

/// #13 (5): Flexible → partition-based Sync was planned as terminate/re-enable; App Services
/// allows no new partition-based configuration, so the plan refuses it with the reason.
#[test]
fn flexible_to_partition_based_is_refused_with_the_reason() {
    let ex = Path::new("migrations-examples/sync_mode_changed");
    for strategy in [Strategy::Auto, Strategy::TerminateResync] {
        let (_, p) = run_pair(&ex.join("after"), &ex.join("before"), strategy, false);
        let text = all_text(&p);
        assert!(!p.complete, "{text}");
        let refused = p
            .steps
            .iter()
            .find(|s| s.action.starts_with("Refused"))
            .unwrap_or_else(|| panic!("no refusal: {text}"));
        assert!(refused.left_to_user);
        assert!(
            refused
                .details
                .iter()
                .any(|d| d.contains(syncplan::plan::PBS_DISALLOWED_URL)),
            "{refused:#?}"
        );
        assert!(
            !text.contains("Terminate Sync") && !text.contains("Re-enable Sync"),
            "{text}"
        );
        assert!(!text.contains("Migrate the app"), "{text}");
        assert!(
            !p.steps.iter().any(|s| s.side == StepSide::ClientApps),
            "no client step ships a partition-based configuration: {text}"
        );
        // Nor do the per-SDK client changes.
        let (c, _) = run_pair(&ex.join("after"), &ex.join("before"), strategy, false);
        let o = load_one(&ex.join("after")).expect("loads").schema;
        let n = load_one(&ex.join("before")).expect("loads").schema;
        let client = syncplan::plan::client::instructions(&c, &o, &n, &syncplan::codegen::Sdk::ALL, &p, false);
        assert_eq!(client.json, serde_json::json!({}), "{:?}", client.markdown);
    }
}

/// #13 (5): a partition-based app stays partition-based on the client: the ship step says to keep
/// the partition value configuration, no step speaks of subscriptions, and sync schema versions
/// (a Flexible Sync feature) are not offered.
#[test]
fn a_partition_based_app_stays_partition_based_on_the_client() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = Path::new("migrations-examples/partition_permissions_changed/before");
    copy(src, &tmp.path().join("before"));
    copy(src, &tmp.path().join("after"));
    let note = tmp.path().join("before/data_sources/mongodb-atlas/todo/Note");
    std::fs::create_dir_all(&note).expect("mkdir");
    std::fs::write(note.join("relationships.json"), "{}").expect("write");
    std::fs::write(
        note.join("schema.json"),
        r#"{"bsonType": "object", "title": "Note", "required": ["_id", "owner_id"],
            "properties": {"_id": {"bsonType": "objectId"}, "owner_id": {"bsonType": "string"}, "text": {"bsonType": "string"}}}"#,
    )
    .expect("write");
    let (c, p) = run(tmp.path(), Strategy::Auto, false);
    assert!(
        c.findings.iter().any(|f| f.rule == "object_type_removed"),
        "{:#?}",
        c.findings
    );
    let text = all_text(&p);
    assert!(
        !text.contains("subscribe") && !text.contains("subscriptions on"),
        "{text}"
    );
    let ship = p.steps.iter().find(|s| s.side == StepSide::ClientApps).expect("ship");
    assert!(
        ship.details
            .iter()
            .any(|d| d.contains("partition-based configuration and its partition value")),
        "{ship:#?}"
    );
    let (_, p) = run(tmp.path(), Strategy::SchemaVersion, true);
    assert_eq!(p.strategy, Strategy::TerminateResync, "{}", p.strategy_reason);
    assert!(
        p.strategy_reason.contains("only with Flexible Sync"),
        "{}",
        p.strategy_reason
    );
}

/// #13 (11): a plan for a breaking change never promises automatic recovery of unsynced changes
/// (object and property renames included: the docs exclude recovery for breaking changes); it
/// says they are lost unless the manual handler recovers them.
#[test]
fn a_breaking_plan_never_promises_automatic_recovery() {
    let mut checked = 0;
    for dir in examples() {
        for s in [Strategy::Auto, Strategy::TerminateResync, Strategy::PartnerCollection] {
            let (c, p) = run(&dir, s, false);
            let breaking = c.findings.iter().any(|f| {
                syncplan::plan::is_schema_change(&f.change.kind)
                    && (f.client == syncplan::rules::Verdict::Breaking
                        || f.server == syncplan::rules::Verdict::Breaking)
            });
            if !breaking {
                continue;
            }
            let o = load_one(&dir.join("before")).expect("loads").schema;
            let n = load_one(&dir.join("after")).expect("loads").schema;
            let client = syncplan::plan::client::instructions(&c, &o, &n, &syncplan::codegen::Sdk::ALL, &p, false);
            let text = format!(
                "{}\n{}",
                all_text(&p),
                client.markdown.iter().map(|(_, b)| b.as_str()).collect::<String>()
            );
            let name = format!("{} --strategy {}", dir.display(), s.as_str());
            assert!(
                !text.contains("recover their unsynced changes automatically")
                    && !text.contains("a handler that recovers unsynced changes"),
                "{name} promises automatic recovery:\n{text}"
            );
            if text.contains("**Client reset**") {
                assert!(
                    text.contains("unsynced changes are lost unless the manual handler recovers them"),
                    "{name}:\n{text}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "only {checked} plans had a client-reset section");
}

/// Named parameters from `syncplan.toml` (`[plan.params]`): the file's value reaches the script,
/// the flag wins over it, a name the plan does not take is a warning with a did-you-mean in the
/// file and an error (exit 2) as a flag, and a script whose parameter is set nowhere still refuses.
#[test]
fn plan_params_come_from_syncplan_toml_and_the_flag_wins() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations-examples/property_added_required");
    let tmp = tempfile::tempdir().expect("tmp");
    let cfg = tmp.path().join("syncplan.toml");
    let plan = |extra: &[&str]| {
        let o = Command::new(bin)
            .args(["plan", "--sdk", "none", "-f", "json", "--config"])
            .arg(&cfg)
            .arg(dir.join("before"))
            .arg(dir.join("after"))
            .args(extra)
            .output()
            .expect("runs");
        let js: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
        let scripts: String = js["steps"]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s["script"].as_str()).collect())
            .unwrap_or_default();
        (
            o.status.code(),
            js,
            scripts,
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    std::fs::write(
        &cfg,
        "[plan.params]\n\"Task.priority\" = { mongosh = \"NumberLong(3)\" }\n",
    )
    .expect("write");
    let (code, _, scripts, _) = plan(&[]);
    assert_eq!(code, Some(0));
    assert!(scripts.contains("const PARAM = NumberLong(3);"), "{scripts}");
    let (_, _, scripts, _) = plan(&["--param", "Task.priority=NumberLong(7)"]);
    assert!(
        scripts.contains("const PARAM = NumberLong(7);") && !scripts.contains("NumberLong(3)"),
        "{scripts}"
    );
    // Typed TOML values: a string is a string literal.
    std::fs::write(&cfg, "[plan.params]\n\"Task.priority\" = \"high\"\n").expect("write");
    let (_, _, scripts, _) = plan(&[]);
    assert!(scripts.contains("const PARAM = \"high\";"), "{scripts}");
    // A misspelt name in the file: reported with a did-you-mean, the script stays unset and refuses.
    std::fs::write(&cfg, "[plan.params]\n\"Task.priorty\" = 3\n").expect("write");
    let (code, js, scripts, stderr) = plan(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("did you mean \"Task.priority\"?"), "{stderr}");
    let problems = js["config"]["problems"].as_array().expect("problems");
    assert!(
        problems
            .iter()
            .any(|p| p["kind"] == "unknown_param" && p["message"].as_str().is_some_and(|m| m.contains("Task.priorty"))),
        "{problems:?}"
    );
    assert!(
        scripts.contains("const PARAM = undefined;") && scripts.contains("PARAM === undefined"),
        "{scripts}"
    );
    // A misspelt flag is an error.
    let (code, _, _, stderr) = plan(&["--param", "Task.priorty=3"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("did you mean \"Task.priority\"?"), "{stderr}");
    // A value TOML cannot say as a literal is refused with the file and line.
    std::fs::write(&cfg, "[plan.params]\n\"Task.priority\" = [1, 2]\n").expect("write");
    let (code, _, _, stderr) = plan(&[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("syncplan.toml:") && stderr.contains("mongosh"),
        "{stderr}"
    );
}

/// #13 (1): plan as data. Every step of every plan (every example, every strategy) carries a kind
/// from the closed, documented list; its JSON `kind.name` is that kind's name; the action is
/// written from the kind (never the other way round); docs/json-plan.md and the plan's JSON
/// Schema list exactly the kinds there are.
#[test]
fn every_step_has_a_documented_kind_and_its_prose_comes_from_it() {
    use syncplan::plan::StepKind;
    let names = StepKind::NAMES;
    let mut seen = std::collections::BTreeSet::new();
    for dir in examples() {
        for s in [
            Strategy::Auto,
            Strategy::PartnerCollection,
            Strategy::SchemaVersion,
            Strategy::TerminateResync,
        ] {
            let (_, p) = run(&dir, s, s == Strategy::SchemaVersion);
            for st in &p.steps {
                let js = serde_json::to_value(st).expect("serialises");
                let name = js["kind"]["name"].as_str().expect("kind.name");
                assert_eq!(name, st.kind.name(), "{}: {js}", dir.display());
                assert!(names.contains(&name), "{name} is not in StepKind::NAMES");
                assert_eq!(syncplan::plan::text::action(&st.kind), st.action, "{}", dir.display());
                seen.insert(st.kind.name());
            }
        }
    }
    assert!(seen.len() >= 20, "only {} kinds seen: {seen:?}", seen.len());
    let doc = std::fs::read_to_string("docs/json-plan.md").expect("docs/json-plan.md");
    let section = &doc[doc.find("## Step kinds").expect("a Step kinds section")..];
    let section = &section[..section[3..].find("\n## ").map(|i| i + 3).unwrap_or(section.len())];
    let documented: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .skip(1) // the header row
        .collect();
    assert_eq!(
        documented, names,
        "docs/json-plan.md lists the kinds in declaration order"
    );
    let schema: serde_json::Value = serde_json::from_str(syncplan::catalog::PLAN_SCHEMA).expect("schema parses");
    let en: Vec<&str> = schema["$defs"]["step"]["properties"]["kind"]["properties"]["name"]["enum"]
        .as_array()
        .expect("enum")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(en, names);
}

/// Text, markdown, JSON and `--out` (plan.md, plan.json) show the same typed steps: the same
/// actions in the same order.
#[test]
fn every_rendering_comes_from_the_same_typed_steps() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations-examples/scenario_vfs_embedded_list");
    let out = tempfile::tempdir().expect("tmp");
    let target = out.path().join("plan");
    let run = |format: &str, extra: &[&std::ffi::OsStr]| {
        let o = Command::new(bin)
            .args(["plan", "--sdk", "none", "--color", "never", "-f", format])
            .arg(dir.join("before"))
            .arg(dir.join("after"))
            .args(extra)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let js: serde_json::Value = serde_json::from_str(&run("json", &[])).expect("json");
    let text = run("text", &[]);
    let md = run("markdown", &["--out".as_ref(), target.as_os_str()]);
    let out_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("plan.json")).expect("plan.json")).expect("json");
    let out_md = std::fs::read_to_string(target.join("plan.md")).expect("plan.md");
    assert_eq!(js["steps"], out_json["steps"]);
    let steps = js["steps"].as_array().expect("steps");
    assert!(steps.len() > 2);
    let (mut t, mut m, mut o) = (0, 0, 0);
    for st in steps {
        let action = st["action"].as_str().expect("action");
        assert!(st["kind"]["name"].is_string(), "{st}");
        // In order: each action is found after the previous one.
        t += text[t..].find(action).unwrap_or_else(|| panic!("text lacks {action}")) + action.len();
        m += md[m..]
            .find(action)
            .unwrap_or_else(|| panic!("markdown lacks {action}"))
            + action.len();
        o += out_md[o..]
            .find(action)
            .unwrap_or_else(|| panic!("plan.md lacks {action}"))
            + action.len();
    }
}

/// #12 (5): every rule is bound to its plan recipe by one registry row, in catalog order (the
/// array's length is the rule count, so a new rule does not compile without its row), and no
/// finding of any example is left unplanned.
#[test]
fn every_rule_has_a_plan_recipe_row() {
    let ids: Vec<&str> = syncplan::rules::ALL.iter().map(|r| r.id).collect();
    let rows: Vec<&str> = syncplan::plan::RECIPES.iter().map(|(id, _)| *id).collect();
    assert_eq!(rows, ids, "RECIPES names the rules in catalog order");
    for id in ids {
        assert!(syncplan::plan::recipe(id).is_some(), "{id}");
    }
    assert!(syncplan::plan::recipe("no_such_rule").is_none());
    for dir in examples() {
        let (_, p) = run(&dir, Strategy::Auto, false);
        assert!(
            !p.steps.iter().any(|s| s.kind.name() == "unplanned"),
            "{}: {:#?}",
            dir.display(),
            p.steps
        );
    }
}

/// The per-SDK client instructions of a plan for the example pair (or pair) under `dir`, with
/// every SDK's markdown and JSON.
fn client_for(dir: &Path, strategy: Strategy) -> (Plan, syncplan::plan::client::ClientOut) {
    let (c, p) = run(dir, strategy, false);
    let o = load_one(&dir.join("before")).expect("loads").schema;
    let n = load_one(&dir.join("after")).expect("loads").schema;
    let client = syncplan::plan::client::instructions(&c, &o, &n, &syncplan::codegen::Sdk::ALL, &p, false);
    (p, client)
}

/// What only a Flexible Sync app writes in client code, in any SDK.
const FLEXIBLE_ONLY: [&str; 8] = [
    "flexibleSyncConfiguration",
    "flexible: true",
    "FlexibleSyncConfiguration",
    "initialSubscriptions",
    "Configuration.flexibleSync",
    "flexible_sync_configuration",
    "subscriptions",
    "Subscriptions",
];

/// #13 (5, 11) and the clientfix review, defect 1: a plan whose changes are all sync configuration
/// (partition-based → Flexible Sync, partition key, data source) changes no schema, so no client
/// section says that breaking schema changes rule out automatic recovery, none tells the user to
/// delete the realm file, and the handler it ships recovers unsynced changes (JSON
/// `client_reset_recovery: "recover"`). The PBS → FLX migration is the documented one: its handler goes
/// into the app versions in use, on their partition-based configuration, before the migration.
#[test]
fn sync_configuration_changes_keep_unsynced_changes_and_the_realm_file() {
    for name in ["sync_mode_changed", "partition_key_changed", "sync_data_source_changed"] {
        let dir = Path::new("migrations-examples").join(name);
        let (p, client) = client_for(&dir, Strategy::Auto);
        assert!(p.steps.iter().any(|s| s.client_reset), "{name}: {:#?}", p.steps);
        let mut handlers = 0;
        for (sdk, md) in &client.markdown {
            for wrong in [
                "breaking schema changes make every automatic",
                "**Existing synced realm files**",
                "deleteRealm",
                "deleteFiles",
                "deleteFile(",
                "DeleteRealm",
                "set_path(",
            ] {
                assert!(!md.contains(wrong), "{name} / {sdk}: says {wrong:?}:\n{md}");
            }
            if md.contains("**Client reset**") {
                assert!(
                    md.contains("a handler that recovers unsynced changes"),
                    "{name} / {sdk}:\n{md}"
                );
                handlers += 1;
            }
        }
        assert!(handlers >= 6, "{name}: only {handlers} SDKs ship a handler");
        for sdk in syncplan::codegen::Sdk::ALL {
            let js = &client.json[sdk.name()];
            assert!(js["discard_realm"].is_null(), "{name} / {sdk:?}: {js}");
            if !js["client_reset"].is_null() {
                assert_eq!(js["client_reset_recovery"], "recover", "{name} / {sdk:?}");
            }
        }
    }
    // The partition-based → Flexible Sync migration: the documented route, before it starts, on
    // the configuration the apps open with now (partition-based), no client code change needed.
    let (_, client) = client_for(Path::new("migrations-examples/sync_mode_changed"), Strategy::Auto);
    let kotlin = &client.json["kotlin"];
    let reset = kotlin["client_reset"].as_str().expect("a Kotlin handler");
    assert!(
        reset.contains("SyncConfiguration.Builder(user, <partition value>, schema)"),
        "{reset}"
    );
    assert!(reset.contains("RecoverOrDiscardUnsyncedChangesStrategy"), "{reset}");
    let md = &client.markdown.iter().find(|(s, _)| s == "Kotlin").expect("Kotlin").1;
    assert!(md.contains(syncplan::plan::PBS_TO_FLX_URL), "{md}");
    assert!(md.contains("before the migration starts"), "{md}");
    assert!(md.contains("needs no client code change"), "{md}");
}

/// The clientfix review, defect 2: a partition-based app (partition key changed, NEW partition-based)
/// is told to open each realm with its partition value in every SDK that has Partition-Based Sync,
/// never a Flexible Sync configuration or subscriptions; Flutter and C++ (Flexible Sync only) say
/// that no app of theirs syncs with it and ship no handler.
#[test]
fn a_partition_based_app_opens_with_its_partition_value_in_every_sdk() {
    let (_, client) = client_for(Path::new("migrations-examples/partition_key_changed"), Strategy::Auto);
    for (sdk, md) in &client.markdown {
        for flx in FLEXIBLE_ONLY {
            assert!(!md.contains(flx), "{sdk}: {flx:?} in a partition-based app:\n{md}");
        }
    }
    let md = |sdk: &str| {
        client
            .markdown
            .iter()
            .find(|(s, _)| s == sdk)
            .map(|(_, m)| m.as_str())
            .unwrap_or_else(|| panic!("no {sdk} section"))
    };
    for (sdk, open) in [
        ("Swift", "user.configuration(partitionValue: <partition value>)"),
        ("Kotlin", "SyncConfiguration.Builder(user, <partition value>, schema)"),
        ("JavaScript", "sync: { user, partitionValue: \"<partition value>\" }"),
        ("TypeScript", "sync: { user, partitionValue: \"<partition value>\" }"),
        ("C#/.NET", "new PartitionSyncConfiguration(\"<partition value>\", user)"),
        ("Java", "new SyncConfiguration.Builder(user, \"<partition value>\")"),
    ] {
        let m = md(sdk);
        assert!(m.contains(open), "{sdk}: no {open:?}:\n{m}");
        assert!(m.contains("the value of `owner_id`"), "{sdk}:\n{m}");
    }
    for (sdk, key) in [("Dart/Flutter", "dart"), ("C++", "cpp")] {
        let m = md(sdk);
        assert!(
            m.contains("no app of this SDK syncs with this partition-based app"),
            "{sdk}:\n{m}"
        );
        assert!(!m.contains("**Client reset**"), "{sdk}:\n{m}");
        assert!(client.json[key]["client_reset"].is_null(), "{sdk}");
    }
}

/// The clientfix review, defects 2 and 3: a breaking schema change in a partition-based app keeps
/// the manual-fallback wording, and the realm file to delete is opened with the partition-based
/// configuration (Swift used to build a Flexible Sync one); Client Recovery turned off in the sync
/// configuration makes a sync-only plan say the handler discards (`client_reset_recovery: "discard"`).
#[test]
fn partition_based_schema_changes_and_recovery_off_are_said_as_they_are() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = Path::new("migrations-examples/partition_permissions_changed/before");
    copy(src, &tmp.path().join("before"));
    copy(src, &tmp.path().join("after"));
    let schema = tmp
        .path()
        .join("after/data_sources/mongodb-atlas/todo/Task/schema.json");
    let text = std::fs::read_to_string(&schema).expect("read");
    std::fs::write(
        &schema,
        text.replacen(
            r#""isComplete": {
            "bsonType": "bool""#,
            r#""isComplete": {
            "bsonType": "string""#,
            1,
        ),
    )
    .expect("write");
    let (c, client) = {
        let (c, p) = run(tmp.path(), Strategy::TerminateResync, false);
        let o = load_one(&tmp.path().join("before")).expect("loads").schema;
        let n = load_one(&tmp.path().join("after")).expect("loads").schema;
        let client = syncplan::plan::client::instructions(&c, &o, &n, &syncplan::codegen::Sdk::ALL, &p, false);
        (c, client)
    };
    assert!(
        c.findings.iter().any(|f| f.rule == "property_type_changed"),
        "{:#?}",
        c.findings
    );
    let swift = &client.json["swift"];
    let discard = swift["discard_realm"].as_str().expect("Swift deletes the old file");
    assert!(discard.contains("user.configuration(partitionValue:"), "{discard}");
    assert!(!discard.contains("flexibleSyncConfiguration"), "{discard}");
    assert_eq!(swift["client_reset_recovery"], "manual");
    let swift_md = &client.markdown[0].1;
    assert!(
        swift_md.contains("breaking schema changes make every automatic"),
        "{swift_md}"
    );
    // Flutter and C++ have no partition-based apps: nothing to delete, no handler.
    for key in ["dart", "cpp"] {
        assert!(
            client.json[key]["discard_realm"].is_null(),
            "{key}: {}",
            client.json[key]
        );
        assert!(
            client.json[key]["client_reset"].is_null(),
            "{key}: {}",
            client.json[key]
        );
    }

    // Client Recovery off (is_recovery_mode_disabled) on a sync-only change.
    let tmp = tempfile::tempdir().expect("tmp");
    let ex = Path::new("migrations-examples/partition_key_changed");
    copy(&ex.join("before"), &tmp.path().join("before"));
    copy(&ex.join("after"), &tmp.path().join("after"));
    let cfg = tmp.path().join("after/sync/config.json");
    let text = std::fs::read_to_string(&cfg).expect("read");
    std::fs::write(
        &cfg,
        text.replacen(
            "\"database_name\"",
            "\"is_recovery_mode_disabled\": true,\n    \"database_name\"",
            1,
        ),
    )
    .expect("write");
    let (_, client) = client_for(tmp.path(), Strategy::Auto);
    let kotlin = &client.json["kotlin"];
    assert_eq!(kotlin["client_reset_recovery"], "discard", "{kotlin}");
    let md = &client.markdown.iter().find(|(s, _)| s == "Kotlin").expect("Kotlin").1;
    assert!(md.contains("Client Recovery is off"), "{md}");
    assert!(!md.contains("a handler that recovers unsynced changes"), "{md}");
}

/// The clientfix review, defect 3: under `--context local` (client models with no sync
/// configuration) the realms are local only, so no client section tells the user to delete the
/// realm file ("let it download again": a local file has nowhere to download from, and deleting it
/// deletes the user's data) or to ship a client-reset handler; the local schema-version section
/// is there instead.
#[test]
fn local_only_realms_get_no_sync_advice() {
    let mut checked = 0;
    for dir in examples()
        .into_iter()
        .filter(|d| syncplan::catalog::example_is_local(d))
    {
        let report = syncplan::catalog::example_plan(&dir);
        if !report.contains("### Client changes") {
            continue;
        }
        let clients = &report[report.find("### Client changes").unwrap_or(0)..];
        for wrong in [
            "**Existing synced realm files**",
            "**Client reset**",
            "flexibleSyncConfiguration",
            "clientResetHandler",
            "ClientResetHandler",
            "syncClientResetStrategy",
        ] {
            assert!(!clients.contains(wrong), "{}: {wrong:?}:\n{clients}", dir.display());
        }
        if clients.contains("**Local (non-synced) realms**") {
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} local examples had a local section");
}

/// The "ship a client-reset handler" step says that automatic recovery falls through to the
/// manual handler only when the plan has a breaking change to an object type (`schema_change`);
/// for a sync-configuration-only change (partition key, sync mode, data source) it says, like the
/// client sections, that a recovering handler keeps unsynced changes.
#[test]
fn the_reset_handler_step_says_manual_fallback_only_for_schema_changes() {
    use syncplan::plan::StepKind;
    let (mut with_schema, mut sync_only) = (0, Vec::new());
    for dir in examples() {
        for s in [Strategy::Auto, Strategy::TerminateResync] {
            let (c, p) = run(&dir, s, false);
            let breaking = c.findings.iter().any(|f| {
                syncplan::plan::is_schema_change(&f.change.kind)
                    && (f.client == syncplan::rules::Verdict::Breaking
                        || f.server == syncplan::rules::Verdict::Breaking)
            });
            let name = format!("{} --strategy {}", dir.display(), s.as_str());
            for st in &p.steps {
                let StepKind::ShipResetHandler { schema_change } = st.kind else {
                    continue;
                };
                assert_eq!(schema_change, breaking, "{name}: {st:#?}");
                let text = st.details.join("\n");
                assert_eq!(
                    text.contains("falls through to the manual handler"),
                    breaking,
                    "{name}: {text}"
                );
                assert_eq!(
                    text.contains("a handler that recovers unsynced changes"),
                    !breaking,
                    "{name}: {text}"
                );
                if breaking {
                    with_schema += 1;
                } else {
                    sync_only.push(name.clone());
                }
            }
        }
    }
    assert!(
        with_schema > 10,
        "only {with_schema} schema-change plans ship a handler"
    );
    for must in [
        "partition_key_changed --strategy auto",
        "sync_mode_changed --strategy terminate-resync",
    ] {
        assert!(
            sync_only.iter().any(|n| n.ends_with(must)),
            "{must} has no sync-only reset-handler step: {sync_only:?}"
        );
    }
}

/// #13 (1): the partner-collection strategy's steps are typed: their kinds come in the order the
/// route takes, with the type, collections, title and trigger names the plan's `partners` and
/// artifacts hold, and no step carries prose the kind did not write.
#[test]
fn partner_steps_are_typed_kinds() {
    use syncplan::plan::StepKind;
    let dir = Path::new("migrations-examples/property_type_changed");
    let (_, p) = run(dir, Strategy::PartnerCollection, false);
    let partner = p.partners.first().expect("a partner collection");
    let names: Vec<&str> = p.steps.iter().map(|s| s.kind.name()).collect();
    let at = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .unwrap_or_else(|| panic!("no {n}: {names:?}"))
    };
    let order = [
        "partner-schema",
        "partner-triggers",
        "partner-enable-forward",
        "partner-copy",
        "partner-catch-up",
        "partner-enable-reverse",
        "ship-clients",
        "partner-retire",
    ];
    for w in order.windows(2) {
        assert!(at(w[0]) < at(w[1]), "{} before {}: {names:?}", w[0], w[1]);
    }
    for st in &p.steps {
        match &st.kind {
            StepKind::PartnerSchema {
                object_type,
                title,
                collection,
                partner: pc,
                ..
            } => {
                assert_eq!(
                    (object_type, title, collection, pc),
                    (
                        &partner.object_type,
                        &partner.title,
                        &partner.collection,
                        &partner.partner_collection
                    )
                );
                assert!(st.verify.contains(title.as_str()), "{st:#?}");
            }
            StepKind::PartnerTriggers { forward, reverse, .. } => {
                for t in [forward, reverse] {
                    assert!(
                        st.artifacts.contains(&format!("server/triggers/{t}.json")),
                        "{t}: {:?}",
                        st.artifacts
                    );
                    assert!(p.artifacts.contains_key(&format!("server/functions/{t}.js")), "{t}");
                }
            }
            StepKind::PartnerEnableForward { trigger, .. } | StepKind::PartnerEnableReverse { trigger, .. } => {
                assert!(st.action.contains(trigger.as_str()), "{st:#?}");
                assert!(p.artifacts.contains_key(&format!("server/triggers/{trigger}.json")));
            }
            StepKind::PartnerCopy { partner: pc, .. } | StepKind::PartnerCatchUp { partner: pc, .. } => {
                assert_eq!(pc, &partner.partner_collection);
                assert!(st.script.is_some(), "{st:#?}");
            }
            StepKind::ShipClients { .. } => {
                assert!(
                    st.details
                        .iter()
                        .any(|d| d.contains(&format!("syncs the partner collection {}", partner.partner_collection))),
                    "{st:#?}"
                );
            }
            _ => {}
        }
        assert!(!st.action.is_empty(), "{st:#?}");
    }
}

/// #13 item 4: the partner collection gets the old collection's permissions as a written
/// `rules.json` (same roles, the partner's name), not an instruction to copy them by hand.
#[test]
fn the_partner_collection_gets_the_old_collections_rules() {
    let dir = Path::new("migrations-examples/scenario_partner_data_source");
    let (_, p) = run(dir, Strategy::PartnerCollection, false);
    let path = "server/data_sources/atlas-eu/tasks/Task_v2/rules.json";
    let written: serde_json::Value =
        serde_json::from_str(p.artifacts.get(path).expect("the partner's rules.json is written")).unwrap();
    let old: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("before/data_sources/atlas-eu/tasks/Task/rules.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written["collection"], "Task_v2");
    assert_eq!(written["database"], "tasks");
    assert!(old["roles"].as_array().is_some_and(|r| !r.is_empty()));
    assert_eq!(written["roles"], old["roles"], "the same roles, unchanged");
    let step = p
        .steps
        .iter()
        .find(|s| s.artifacts.iter().any(|a| a == path))
        .expect("the partner-schema step lists it");
    assert!(
        step.details
            .iter()
            .any(|d| d.contains("is written with the same roles")),
        "{:?}",
        step.details
    );
    assert!(!step.details.iter().any(|d| d.contains("copy its `rules.json`")));
}
