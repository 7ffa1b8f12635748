//! The server side of a synced data model (issue #17) and the `needs-action` verdict tier and
//! did-you-mean of issue #16 (items 1 and 14): the tier in every output format and as the default
//! gate, the real pairs of the shared corpus, constraints in the model, misspellings.

use std::path::Path;
use std::process::{Command, Output};

use syncplan::classify::classify;
use syncplan::diff::{self, DiffOptions};
use syncplan::load::load_one;
use syncplan::rules::{Context, Verdict};

const BIN: &str = env!("CARGO_BIN_EXE_syncplan");
const CRATE: &str = env!("CARGO_MANIFEST_DIR");
const PAIRS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real-world-pairs");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(CRATE)
        .env("NO_COLOR", "1")
        .output()
        .expect("syncplan runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn example(name: &str) -> (String, String) {
    (
        format!("migrations-examples/{name}/before"),
        format!("migrations-examples/{name}/after"),
    )
}

/// `rule` of each finding between two inputs (default context).
fn rules_between(before: &Path, after: &Path) -> Vec<(String, Verdict, Verdict)> {
    let o = load_one(before).unwrap_or_else(|e| panic!("{e}"));
    let n = load_one(after).unwrap_or_else(|e| panic!("{e}"));
    let changes = diff::diff(&o.schema, &n.schema, &DiffOptions::default());
    classify(&changes, &Context::default())
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.server, f.client))
        .collect()
}

fn validate_ids(dir: &Path) -> Vec<(String, String)> {
    let l = load_one(dir).unwrap_or_else(|e| panic!("{e}"));
    let mut d = l.diagnostics.clone();
    d.extend(syncplan::validate::validate(&l.schema));
    d.into_iter().map(|d| (d.id.to_string(), d.path)).collect()
}

// ---------- #16 item 1: the needs-action tier ----------

#[test]
fn needs_action_sits_between_non_breaking_and_schema_versioning() {
    assert!(Verdict::NonBreaking < Verdict::NeedsAction);
    assert!(Verdict::NeedsAction < Verdict::SchemaVersioning);
    assert!(Verdict::SchemaVersioning < Verdict::Breaking);
    assert_eq!(Verdict::NeedsAction.as_str(), "needs-action");
    let r = syncplan::rules::by_id("property_added_required").expect("rule");
    assert_eq!(r.server, Verdict::NeedsAction);
    assert_eq!(r.client, Verdict::NonBreaking);
}

#[test]
fn needs_action_is_the_default_gate_and_can_be_lowered() {
    let (b, a) = example("property_added_required");
    let default = run(&["diff", &b, &a, "--no-config"]);
    assert_eq!(default.status.code(), Some(1), "{}", out(&default));
    let text = out(&default);
    assert!(
        text.contains("NEEDS-ACTION (server: needs-action, client: non-breaking)"),
        "{text}"
    );
    let explicit = run(&["diff", &b, &a, "--no-config", "--fail-on", "needs-action"]);
    assert_eq!(explicit.status.code(), Some(1));
    let lowered = run(&["diff", &b, &a, "--no-config", "--fail-on", "breaking"]);
    assert_eq!(lowered.status.code(), Some(0), "{}", out(&lowered));
    // A non-breaking change passes the default gate.
    let (b2, a2) = example("property_added_optional");
    assert_eq!(run(&["diff", &b2, &a2, "--no-config"]).status.code(), Some(0));
    // syncplan.toml can set it too.
    let tmp = tempfile::tempdir().expect("tmp");
    let cfg = tmp.path().join("syncplan.toml");
    std::fs::write(&cfg, "fail_on = \"breaking\"\n").expect("write");
    let via_config = run(&["diff", &b, &a, "--config", &cfg.to_string_lossy()]);
    assert_eq!(
        via_config.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&via_config.stderr)
    );
}

#[test]
fn needs_action_shows_in_every_format() {
    let (b, a) = example("property_added_required");
    let fmt = |f: &str| out(&run(&["diff", &b, &a, "--no-config", "--format", f]));
    let md = fmt("markdown");
    assert!(md.contains("## syncplan: NEEDS-ACTION"), "{md}");
    assert!(md.contains("🟡 needs-action"), "{md}");
    assert!(md.contains("| needs-action | non-breaking |"), "{md}");

    let json: serde_json::Value = serde_json::from_str(&fmt("json")).expect("JSON");
    assert_eq!(json["verdict"]["server"], "needs-action");
    assert_eq!(json["findings"][0]["server"], "needs-action");
    // The published report schema accepts it (a real JSON Schema validator).
    let schema: serde_json::Value = serde_json::from_str(&out(&run(&["schema", "report"]))).expect("schema is JSON");
    let v = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    // Gated (default): an error; below the gate: a warning, never a note.
    let sarif: serde_json::Value = serde_json::from_str(&fmt("sarif")).expect("SARIF");
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "error");
    let lowered = out(&run(&[
        "diff",
        &b,
        &a,
        "--no-config",
        "--format",
        "sarif",
        "--fail-on",
        "breaking",
    ]));
    let sarif: serde_json::Value = serde_json::from_str(&lowered).expect("SARIF");
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
    assert!(
        sarif["runs"][0]["results"][0]["message"]["text"]
            .as_str()
            .is_some_and(|m| m.contains("server: needs-action")),
        "{sarif}"
    );

    let gh = fmt("github");
    assert!(
        gh.starts_with("::error ") && gh.contains("server: needs-action"),
        "{gh}"
    );
    let junit = fmt("junit");
    assert!(
        junit.contains("failures=\"1\"") && junit.contains("server: needs-action"),
        "{junit}"
    );
    let sl = fmt("singleline");
    assert!(
        sl.contains(": error: property_added_required: ") && sl.contains("needs-action"),
        "{sl}"
    );

    let changelog = out(&run(&["changelog", &b, &a, "--no-config"]));
    assert!(
        changelog.contains("## Changes that need an action first"),
        "{changelog}"
    );
}

// ---------- #16 item 14: did-you-mean ----------

#[test]
fn did_you_mean_bson_type_key_and_required() {
    use syncplan::load::app_services::did_you_mean;
    assert_eq!(did_you_mean("strng", ["string", "int", "bool"]), Some("string"));
    assert_eq!(did_you_mean("owmer", ["owner", "summary"]), Some("owner"));
    assert_eq!(did_you_mean("bsonType:", ["bsonType", "type"]), Some("bsonType"));
    assert_eq!(
        did_you_mean("propertes", ["properties", "required"]),
        Some("properties")
    );
    assert_eq!(did_you_mean("zzz", ["string", "int"]), None, "no far-fetched guess");

    let tmp = tempfile::tempdir().expect("tmp");
    let bad = tmp.path().join("schema.json");
    std::fs::write(
        &bad,
        r#"{"title": "Task", "bsonType": "object", "properties": {"_id": {"bsonType": "objectId"}, "owner": {"bsonType": "strng"}}}"#,
    )
    .expect("write");
    let r = run(&["validate", &bad.to_string_lossy()]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("unknown bsonType \"strng\" (did you mean \"string\"?)"),
        "{err}"
    );

    std::fs::write(
        &bad,
        r#"{"title": "Task", "bsonType": "object", "required": ["_id", "owmer"], "propertes": {},
            "properties": {"_id": {"bsonType": "objectId"}, "owner": {"bsonType:": "string"}}}"#,
    )
    .expect("write");
    let r = run(&["validate", &bad.to_string_lossy()]);
    let text = out(&r);
    assert!(
        text.contains(
            "\"owmer\" is listed in \"required\" but has no entry in \"properties\" (did you mean \"owner\"?)"
        ),
        "{text}"
    );
    assert!(text.contains("warning[unknown_schema_key] Task.owner"), "{text}");
    assert!(
        text.contains("\"bsonType:\" is not a schema keyword; it is ignored (did you mean \"bsonType\"?)"),
        "{text}"
    );
    assert!(
        text.contains("\"propertes\" is not a schema keyword; it is ignored (did you mean \"properties\"?)"),
        "{text}"
    );
}

// ---------- constraints ----------

#[test]
fn constraints_are_loaded_into_the_model() {
    let tmp = tempfile::tempdir().expect("tmp");
    let p = tmp.path().join("schema.json");
    std::fs::write(
        &p,
        r#"{"title": "Task", "bsonType": "object", "validate": {"%%this.a": {"$gt": 0}},
            "properties": {"_id": {"bsonType": "objectId"},
              "status": {"bsonType": "string", "enum": ["open", "done"], "pattern": "^[a-z]+$", "minLength": 1, "maxLength": 10},
              "n": {"bsonType": "int", "minimum": 0, "maximum": 9, "validate": {"$gt": 0}},
              "tags": {"bsonType": "array", "uniqueItems": true, "minItems": 1, "maxItems": 3, "items": {"bsonType": "string", "maxLength": 5}}}}"#,
    )
    .expect("write");
    let l = load_one(&p).expect("loads");
    let t = &l.schema.types["Task"];
    assert!(t.constraints.contains_key("validate"));
    let status = &t.properties["status"].constraints;
    assert_eq!(status["enum"], serde_json::json!(["open", "done"]));
    assert_eq!(status["pattern"], "^[a-z]+$");
    assert_eq!(status["minLength"], 1);
    assert_eq!(status["maxLength"], 10);
    let n = &t.properties["n"].constraints;
    assert_eq!((n["minimum"].as_i64(), n["maximum"].as_i64()), (Some(0), Some(9)));
    assert!(n.contains_key("validate"));
    let tags = &t.properties["tags"];
    assert_eq!(
        tags.ty.collection(),
        Some(syncplan::model::Collection::Set),
        "uniqueItems is the set type"
    );
    assert_eq!(tags.constraints["minItems"], 1);
    assert_eq!(tags.constraints["maxItems"], 3);
    assert_eq!(tags.constraints["items.maxLength"], 5);
    // Model JSON shows them; a property without constraints shows no key (output unchanged).
    let json = serde_json::to_value(&l.schema).expect("model JSON");
    assert_eq!(
        json["types"]["Task"]["properties"]["status"]["constraints"]["maxLength"],
        10
    );
    assert!(json["types"]["Task"]["properties"]["_id"].get("constraints").is_none());
}

#[test]
fn constraint_direction() {
    use serde_json::json;
    use syncplan::diff::{ChangeKind, constraint_change};
    let m = |v: serde_json::Value| -> std::collections::BTreeMap<String, serde_json::Value> {
        serde_json::from_value(v).expect("map")
    };
    let cases = [
        (
            json!({}),
            json!({"maxLength": 5}),
            Some(ChangeKind::ConstraintTightened),
        ),
        (json!({"maxLength": 5}), json!({}), Some(ChangeKind::ConstraintLoosened)),
        (
            json!({"maxLength": 5}),
            json!({"maxLength": 4}),
            Some(ChangeKind::ConstraintTightened),
        ),
        (
            json!({"maxLength": 5}),
            json!({"maxLength": 9}),
            Some(ChangeKind::ConstraintLoosened),
        ),
        (
            json!({"minimum": 1}),
            json!({"minimum": 0}),
            Some(ChangeKind::ConstraintLoosened),
        ),
        (
            json!({"minimum": 1}),
            json!({"minimum": 2}),
            Some(ChangeKind::ConstraintTightened),
        ),
        (
            json!({"enum": ["a", "b"]}),
            json!({"enum": ["a", "b", "c"]}),
            Some(ChangeKind::ConstraintLoosened),
        ),
        (
            json!({"enum": ["a", "b"]}),
            json!({"enum": ["a"]}),
            Some(ChangeKind::ConstraintTightened),
        ),
        (
            json!({"pattern": "^a"}),
            json!({"pattern": "^b"}),
            Some(ChangeKind::ConstraintTightened),
        ),
        (
            json!({"items.maxItems": 3}),
            json!({"items.maxItems": 2}),
            Some(ChangeKind::ConstraintTightened),
        ),
        (json!({"maxLength": 5}), json!({"maxLength": 5}), None),
        // Looser on one keyword, tighter on another: tightened (some document may fail).
        (
            json!({"maxLength": 5, "minLength": 0}),
            json!({"maxLength": 9, "minLength": 1}),
            Some(ChangeKind::ConstraintTightened),
        ),
    ];
    for (a, b, want) in cases {
        assert_eq!(constraint_change(&m(a.clone()), &m(b.clone())), want, "{a} → {b}");
    }
}

#[test]
fn constraint_tightened_is_needs_action_with_a_count_query() {
    let (b, a) = example("constraint_tightened");
    let r = run(&["diff", &b, &a, "--no-config", "--format", "json"]);
    assert_eq!(r.status.code(), Some(1), "needs-action fails the default gate");
    let v: serde_json::Value = serde_json::from_str(&out(&r)).expect("JSON");
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "constraint_tightened");
    assert_eq!(f["server"], "needs-action");
    let help = f["help"].as_str().expect("help");
    assert!(
        help.contains(r#"db.getCollection("Task").countDocuments({ $nor: [ { $jsonSchema: {"properties":{"summary":{"maxLength":100,"minLength":1}}} } ] })"#),
        "{help}"
    );
    // The query's schema, run by an independent JSON Schema engine on documents (MongoDB's
    // `$jsonSchema` follows draft 4 for these keywords): it accepts exactly the documents the new
    // constraint accepts, so `$nor` counts the violating ones.
    let start = help.find("$jsonSchema: ").expect("schema") + "$jsonSchema: ".len();
    let end = help[start..].find(" } ] })").expect("end") + start;
    let schema: serde_json::Value = serde_json::from_str(&help[start..end]).expect("schema JSON");
    let v = jsonschema::validator_for(&schema).expect("compiles");
    for (doc, ok) in [
        (serde_json::json!({"summary": "ok"}), true),
        (serde_json::json!({"summary": "x".repeat(100)}), true),
        (serde_json::json!({"summary": "x".repeat(101)}), false),
        (serde_json::json!({"summary": ""}), false),
        (serde_json::json!({"other": 1}), true),
    ] {
        assert_eq!(v.is_valid(&doc), ok, "{doc}");
    }
    let (b, a) = example("constraint_loosened");
    let r = run(&["diff", &b, &a, "--no-config"]);
    assert_eq!(r.status.code(), Some(0), "{}", out(&r));
}

// ---------- the real pairs named in #17 ----------

fn pair(name: &str) -> std::path::PathBuf {
    let p = Path::new(PAIRS).join(name);
    assert!(p.is_dir(), "the shared corpus is missing at {}", p.display());
    p
}

#[test]
fn real_pair_partition_key_required_in_config_optional_in_schema() {
    // Divtracker 65708d6347: sync/config.json says `_p` is required, SymbolV2RealmModel left it
    // optional (the commit fixes it), and the read rule gains `null`.
    let p = pair("anton-plebanovich__DivtrackerRealm__65708d6347");
    let before = validate_ids(&p.join("before"));
    assert!(
        before.contains(&("partition_key_not_required".into(), "SymbolV2RealmModel._p".into())),
        "{before:?}"
    );
    let after = validate_ids(&p.join("after"));
    assert!(
        !after.iter().any(|(id, _)| id.starts_with("partition_key")),
        "{after:?}"
    );
    let found = rules_between(&p.join("before"), &p.join("after"));
    assert!(
        found.contains(&(
            "partition_permissions_changed".into(),
            Verdict::NeedsAction,
            Verdict::NonBreaking
        )),
        "{found:?}"
    );
    let text = out(&run(&[
        "diff",
        &p.join("before").to_string_lossy(),
        &p.join("after").to_string_lossy(),
        "--no-config",
    ]));
    assert!(text.contains(r#""%in":["%%user.id","P","2",null]"#), "{text}");
}

#[test]
fn real_pair_partition_key_removed_from_every_schema() {
    // Divtracker f457f969f1: `_p` removed from all ten v2 schemas while Sync still partitions on it.
    let p = pair("anton-plebanovich__DivtrackerRealm__f457f969f1");
    let after = validate_ids(&p.join("after"));
    let missing: Vec<&String> = after
        .iter()
        .filter(|(id, _)| id == "partition_key_missing")
        .map(|(_, path)| path)
        .collect();
    assert_eq!(missing.len(), 10, "{after:?}");
    assert!(missing.iter().all(|p| p.ends_with("._p")));
    let r = run(&["validate", &p.join("after").to_string_lossy()]);
    assert_eq!(r.status.code(), Some(1), "an invalid export fails validate");
    let found = rules_between(&p.join("before"), &p.join("after"));
    let rules: Vec<&str> = found.iter().map(|(r, _, _)| r.as_str()).collect();
    assert!(
        rules.contains(&"partition_key_changed"),
        "required true → false: {rules:?}"
    );
    assert!(rules.contains(&"partition_permissions_changed"), "{rules:?}");
}

#[test]
fn real_pair_sync_enabled_for_the_first_time_is_not_breaking() {
    // aleaves cd8acf09aa: sync/config.json gets its first partition configuration.
    let p = pair("megawattfs__aleaves-realm__cd8acf09aa");
    let found = rules_between(&p.join("before"), &p.join("after"));
    let sync: Vec<_> = found.iter().filter(|(r, _, _)| r.starts_with("sync_")).collect();
    assert_eq!(
        sync,
        vec![&("sync_enabled".to_string(), Verdict::NonBreaking, Verdict::NonBreaking)],
        "{found:?}"
    );
}

#[test]
fn sync_enabled_when_the_old_export_has_no_sync_config() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (b, a) = example("sync_enabled");
    copy_dir(&Path::new(CRATE).join(&b), &tmp.path().join("before"));
    std::fs::remove_file(tmp.path().join("before/sync/config.json")).expect("rm");
    let found = rules_between(&tmp.path().join("before"), &Path::new(CRATE).join(&a));
    assert_eq!(
        found,
        vec![("sync_enabled".to_string(), Verdict::NonBreaking, Verdict::NonBreaking)]
    );
    // And the other way round (Sync configuration gone) is not called "enabled".
    let back = rules_between(&Path::new(CRATE).join(&a), &tmp.path().join("before"));
    assert!(!back.iter().any(|(r, _, _)| r == "sync_enabled"), "{back:?}");
}

// ---------- sync settings and permissions ----------

#[test]
fn sync_settings_and_permission_examples_give_their_verdicts() {
    for (name, server, client) in [
        ("sync_enabled", "non-breaking", "non-breaking"),
        ("recovery_mode_changed", "non-breaking", "non-breaking"),
        ("client_max_offline_days_changed", "non-breaking", "non-breaking"),
        ("development_mode_changed", "non-breaking", "non-breaking"),
        ("sync_data_source_changed", "breaking", "breaking"),
        ("partition_permissions_changed", "needs-action", "non-breaking"),
        ("permission_changed", "needs-action", "non-breaking"),
    ] {
        let (b, a) = example(name);
        let v: serde_json::Value = serde_json::from_str(&out(&run(&[
            "diff",
            &b,
            &a,
            "--no-config",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])))
        .expect("JSON");
        assert_eq!(v["findings"].as_array().map(Vec::len), Some(1), "{name}: {v}");
        assert_eq!(v["findings"][0]["rule"], name);
        assert_eq!(v["findings"][0]["server"], server, "{name}");
        assert_eq!(v["findings"][0]["client"], client, "{name}");
    }
}

#[test]
fn removing_a_queryable_field_a_role_uses_is_breaking() {
    let (b, a) = example("permission_queryable_field_removed");
    let v: serde_json::Value = serde_json::from_str(&out(&run(&[
        "diff",
        &b,
        &a,
        "--no-config",
        "--format",
        "json",
        "--fail-on",
        "none",
    ])))
    .expect("JSON");
    let f = v["findings"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["rule"] == "permission_queryable_field_removed"))
        .expect("finding");
    assert_eq!(f["server"], "breaking");
    assert!(
        f["message"].as_str().is_some_and(|m| m.contains("role(s) owner")),
        "{f}"
    );
    // Removing a queryable field no role uses is only the subscription change.
    let tmp = tempfile::tempdir().expect("tmp");
    for side in ["before", "after"] {
        copy_dir(
            &Path::new(CRATE).join(format!("migrations-examples/permission_queryable_field_removed/{side}")),
            &tmp.path().join(side),
        );
        let rules = tmp
            .path()
            .join(side)
            .join("data_sources/mongodb-atlas/todo/Task/rules.json");
        let mut doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&rules).expect("rules")).expect("JSON");
        let read = doc["roles"][0]["document_filters"]["read"]
            .as_object_mut()
            .expect("read filter");
        assert!(read.remove("isComplete").is_some());
        std::fs::write(&rules, doc.to_string()).expect("write");
    }
    let found = rules_between(&tmp.path().join("before"), &tmp.path().join("after"));
    let rules: Vec<&str> = found.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(rules, ["queryable_field_removed"], "{found:?}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let t = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), &t).expect("copy");
        }
    }
}

#[test]
fn unknown_role_shapes_are_findings_not_crashes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let (b, _) = example("permission_changed");
    copy_dir(&Path::new(CRATE).join(&b), root);
    let rules = root.join("data_sources/mongodb-atlas/todo/Task/rules.json");
    for bad in [r#"{"roles": "all"}"#, r#"{"roles": [1, null, {"read": 3}]}"#, "[]"] {
        std::fs::write(&rules, bad).expect("write");
        let r = run(&["validate", &root.to_string_lossy()]);
        let text = out(&r);
        assert!(
            text.contains("role_shape_unknown"),
            "{bad}: {text}{}",
            String::from_utf8_lossy(&r.stderr)
        );
        assert_ne!(r.status.code(), Some(2), "{bad}: must not be an input error");
    }
    // A default rule applies to collections without their own rules.json.
    std::fs::remove_file(&rules).expect("rm");
    std::fs::write(
        root.join("data_sources/mongodb-atlas/default_rule.json"),
        r#"{"roles": [{"name": "all", "apply_when": {}, "read": true, "write": true}]}"#,
    )
    .expect("write");
    let text = out(&run(&["validate", &root.to_string_lossy()]));
    assert!(
        text.contains("permission_not_sync_compatible") && text.contains("document_filters.read is not defined"),
        "{text}"
    );
}
