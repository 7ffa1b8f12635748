//! Guard tests for the rule catalog (`src/rules/`): the registry matches the files, every rule is
//! documented, fires on its own example in `migrations-examples/<id>/` and stays silent when a
//! model is compared with itself, every `ChangeKind` is judged by a rule, and the CLI surface
//! (`rules`, `schema report`, `diff --format json`, `--fail-on`, `--context`) keeps its contract.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use syncplan::classify::Finding;
use syncplan::diff::{Change, ChangeKind, Item, RenameVia};
use syncplan::load;
use syncplan::model::{Collection, Element, ObjectKind, Property, PropertyType, ScalarType};
use syncplan::rules::{ALL, Context, MODULES};

const CRATE: &str = env!("CARGO_MANIFEST_DIR");
const REAL_WORLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real-world");
const PAIRS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real-world-pairs");

/// Findings that an example may show besides its own rule, each for a reason:
/// - removing a queryable field that a role uses is also a queryable-field removal (its
///   subscription consequence), so that example shows both;
/// - a top-level type made embedded drops its key, and realm-core reports the key change too.
const EXTRA_FINDINGS: &[(&str, &str)] = &[
    ("permission_queryable_field_removed", "queryable_field_removed"),
    ("object_type_kind_changed", "primary_key_changed"),
];

/// Example sides that are invalid by design, with the validation id they must report: the
/// change they show is what makes them invalid.
const INVALID_BY_DESIGN: &[(&str, &str)] = &[
    (
        "migrations-examples/permission_queryable_field_removed/after",
        "permission_field_not_queryable",
    ),
    // The real Divtracker commit 65708d6347 fixes exactly this: its parent declared the
    // partition key required in sync/config.json while SymbolV2RealmModel left it optional.
    (
        "migrations-examples/scenario_divtracker_partition_required/before",
        "partition_key_not_required",
    ),
];

// ---------- helpers ----------

fn examples_root() -> PathBuf {
    Path::new(CRATE).join("migrations-examples")
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn dir_name(p: &Path) -> String {
    p.file_name().expect("directory name").to_string_lossy().into_owned()
}

/// Example directories holding both `before/` and `after/`, relative to the crate root (the cwd
/// of tests, so that reports show short paths).
fn example_pairs() -> Vec<PathBuf> {
    subdirs(&examples_root())
        .into_iter()
        .filter(|p| p.join("before").is_dir() && p.join("after").is_dir())
        .map(|p| Path::new("migrations-examples").join(dir_name(&p)))
        .collect()
}

/// `renames.txt` of an example: one `--rename` value per line.
fn hint_lines(dir: &Path) -> Vec<String> {
    match std::fs::read_to_string(dir.join("renames.txt")) {
        Ok(t) => t
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The library pipeline on an example pair: load → pair → diff (with its hints) → classify.
fn findings_of(dir: &Path) -> Vec<Finding> {
    syncplan::catalog::example_comparison(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .classified
        .findings
}

/// `rule subject` of each finding of a model compared with itself.
fn self_findings(schema: &syncplan::model::Schema) -> Vec<String> {
    syncplan::pipeline::classify_pair(schema, schema, &[], &Context::default())
        .findings
        .iter()
        .map(|f| format!("{} {:?}.{:?}", f.rule, f.object_type, f.property))
        .collect()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn syncplan(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_syncplan"))
        .args(args)
        .current_dir(CRATE)
        .output()
        .expect("run syncplan");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// `syncplan diff` on an example with its hints, plus extra arguments.
fn diff_cli(dir: &Path, extra: &[&str]) -> Run {
    let (b, a) = (dir.join("before"), dir.join("after"));
    let mut args: Vec<String> = vec![
        "diff".into(),
        b.to_string_lossy().into_owned(),
        a.to_string_lossy().into_owned(),
    ];
    for h in hint_lines(dir) {
        args.push("--rename".into());
        args.push(h);
    }
    if syncplan::catalog::example_is_local(dir) {
        args.extend(["--context".to_string(), "local".to_string()]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    syncplan(&args)
}

fn example(id: &str) -> PathBuf {
    Path::new("migrations-examples").join(id)
}

// ---------- (a)–(c) the registry ----------

#[test]
fn every_rule_file_is_registered_under_its_stem() {
    let mut stems: Vec<String> = std::fs::read_dir(Path::new(CRATE).join("src/rules"))
        .expect("src/rules")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .filter(|s| s != "mod")
        .collect();
    stems.sort();
    for s in &stems {
        assert!(
            MODULES.contains(&s.as_str()),
            "src/rules/{s}.rs is not in the `rules!` list of src/rules/mod.rs"
        );
    }
    assert_eq!(
        MODULES.len(),
        stems.len(),
        "`rules!` lists modules without a file: {MODULES:?} vs files {stems:?}"
    );
    assert_eq!(MODULES.len(), ALL.len());
    for (m, r) in MODULES.iter().zip(ALL) {
        assert_eq!(
            *m, r.id,
            "src/rules/{m}.rs declares id \"{}\"; the id must equal the file stem",
            r.id
        );
    }
}

#[test]
fn ids_are_unique_snake_case() {
    let mut seen = BTreeSet::new();
    for r in ALL {
        assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
        let ok = !r.id.is_empty()
            && r.id.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !r.id.starts_with('_')
            && !r.id.ends_with('_')
            && !r.id.contains("__");
        assert!(ok, "rule id \"{}\" is not snake_case", r.id);
        assert!(syncplan::rules::by_id(r.id).is_some_and(|b| std::ptr::eq(b, *r)));
    }
}

#[test]
fn every_rule_is_documented() {
    for r in ALL {
        for (what, text) in [
            ("summary", r.summary),
            ("why", r.why),
            ("action", r.action),
            ("development_mode", r.development_mode),
            ("reference", r.reference),
        ] {
            assert!(!text.trim().is_empty(), "rule {} has an empty {what}", r.id);
        }
        assert!(
            !r.summary.ends_with('.'),
            "rule {}: a summary is a phrase without a trailing period",
            r.id
        );
    }
}

// ---------- (d) examples ----------

#[test]
fn every_example_dir_is_a_rule_or_a_scenario() {
    let ids: BTreeSet<&str> = ALL.iter().map(|r| r.id).collect();
    for d in subdirs(&examples_root()) {
        let n = dir_name(&d);
        assert!(
            ids.contains(n.as_str()) || n.starts_with("scenario_") || n.starts_with("local_"),
            "migrations-examples/{n}/ is neither a rule id nor a scenario_* or local_* directory"
        );
    }
}

#[test]
fn every_rule_fires_on_its_own_example() {
    let mut missing = Vec::new();
    for r in ALL {
        let dir = example(r.id);
        if !Path::new(CRATE).join(&dir).join("before").is_dir() || !Path::new(CRATE).join(&dir).join("after").is_dir() {
            missing.push(format!("{}: no migrations-examples/{}/{{before,after}}/", r.id, r.id));
            continue;
        }
        let found = findings_of(&dir);
        if !found.iter().any(|f| f.rule == r.id) {
            let got: Vec<&str> = found.iter().map(|f| f.rule).collect();
            missing.push(format!("{}: does not fire on its example (findings: {got:?})", r.id));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_example_is_minimal() {
    let mut noisy = Vec::new();
    for r in ALL {
        let found = findings_of(&example(r.id));
        for f in &found {
            if f.rule != r.id && !EXTRA_FINDINGS.contains(&(r.id, f.rule)) {
                noisy.push(format!(
                    "{}: extra finding {} on {:?}.{:?}",
                    r.id, f.rule, f.object_type, f.property
                ));
            }
        }
    }
    assert!(
        noisy.is_empty(),
        "rule examples must show their own rule only:\n{}",
        noisy.join("\n")
    );
}

#[test]

fn kind_change_example_has_no_index_noise() {
    let found = findings_of(&example("object_type_kind_changed"));
    let rules: Vec<&str> = found.iter().map(|f| f.rule).collect();
    // The key dropped with the change to embedded is reported too (realm-core reports both).
    assert_eq!(rules, ["object_type_kind_changed", "primary_key_changed"]);
}

#[test]
fn every_example_side_is_valid() {
    for d in subdirs(&examples_root()) {
        for side in ["before", "after"] {
            let p = d.join(side);
            if !p.is_dir() {
                continue;
            }
            let rel = format!("migrations-examples/{}/{side}", dir_name(&d));
            // Local-realm examples validate as local realms (no `_id` key needed).
            let r = if syncplan::catalog::example_is_local(&d) {
                syncplan(&["validate", "--context", "local", &rel])
            } else {
                syncplan(&["validate", &rel])
            };
            if let Some((_, id)) = INVALID_BY_DESIGN.iter().find(|(p, _)| *p == rel) {
                assert_eq!(r.code, 1, "{rel} is invalid by design:\n{}{}", r.stdout, r.stderr);
                assert!(r.stdout.contains(id), "{rel} must report {id}:\n{}", r.stdout);
                continue;
            }
            assert_eq!(
                r.code, 0,
                "syncplan validate {rel} must report no error:\n{}{}",
                r.stdout, r.stderr
            );
        }
    }
}

// ---------- (e) silence on identical inputs ----------

#[test]
fn self_comparison_is_silent_on_examples_and_corpus() {
    let mut inputs: Vec<PathBuf> = Vec::new();
    for d in subdirs(&examples_root()) {
        inputs.extend(["before", "after"].iter().map(|s| d.join(s)).filter(|p| p.is_dir()));
    }
    let real_world = subdirs(Path::new(REAL_WORLD));
    assert!(real_world.len() >= 10, "the shared corpus is missing at {REAL_WORLD}");
    inputs.extend(real_world);
    let pairs = subdirs(Path::new(PAIRS));
    assert!(pairs.len() >= 30, "the shared corpus is missing at {PAIRS}");
    for p in pairs {
        inputs.push(p.join("before"));
        inputs.push(p.join("after"));
    }
    let mut noisy = Vec::new();
    let mut models = 0;
    for input in &inputs {
        let loaded = load::load(input).unwrap_or_else(|e| panic!("{e}"));
        for l in loaded {
            models += 1;
            let found = self_findings(&l.schema);
            if !found.is_empty() {
                noisy.push(format!("{}:\n  {}", l.root, found.join("\n  ")));
            }
        }
    }
    assert!(models > inputs.len() / 2, "too few models loaded: {models}");
    assert!(
        noisy.is_empty(),
        "a model compared with itself must give no finding:\n{}",
        noisy.join("\n")
    );
}

// ---------- (f) every ChangeKind is judged ----------

/// Compile-time guard: a new `ChangeKind` variant fails to compile here until it is added to
/// `all_changes` below.
fn listed(k: &ChangeKind) -> bool {
    match k {
        ChangeKind::TypeAdded
        | ChangeKind::TypeRemoved
        | ChangeKind::TypeRenamed { .. }
        | ChangeKind::TypeKindChanged { .. }
        | ChangeKind::TypeCollectionChanged
        | ChangeKind::PropertyAdded
        | ChangeKind::PropertyRemoved
        | ChangeKind::PropertyRenamed { .. }
        | ChangeKind::PropertyTypeChanged
        | ChangeKind::RelationshipChanged
        | ChangeKind::MadeRequired
        | ChangeKind::MadeOptional
        | ChangeKind::PrimaryKeyChanged
        | ChangeKind::DefaultAdded
        | ChangeKind::DefaultChanged
        | ChangeKind::DefaultRemoved
        | ChangeKind::IndexAdded
        | ChangeKind::IndexRemoved
        | ChangeKind::ClientNameChanged
        | ChangeKind::QueryableFieldAdded
        | ChangeKind::QueryableFieldRemoved
        | ChangeKind::IndexedQueryableFieldChanged
        | ChangeKind::SyncModeChanged
        | ChangeKind::PartitionKeyChanged
        | ChangeKind::SyncEnabled
        | ChangeKind::PartitionPermissionsChanged
        | ChangeKind::PermissionChanged
        | ChangeKind::PermissionQueryableFieldRemoved
        | ChangeKind::ConstraintTightened
        | ChangeKind::ConstraintLoosened
        | ChangeKind::RecoveryModeChanged
        | ChangeKind::ClientMaxOfflineDaysChanged
        | ChangeKind::DevelopmentModeChanged
        | ChangeKind::SyncDataSourceChanged => true,
    }
}

fn change(kind: ChangeKind, prop: Option<(Property, Property)>) -> Change {
    let (old, new) = match prop {
        Some((o, n)) => (Some(Item::Property(o)), Some(Item::Property(n))),
        None => (None, None),
    };
    Change {
        kind,
        object_type: Some("Task".into()),
        property: Some("summary".into()),
        from: None,
        old,
        new,
        owner_kind: Some(ObjectKind::TopLevel),
        location: None,
    }
}

/// One `Change` per variant (every `RenameVia`, every pair of distinct `ObjectKind`s, and both a
/// required and an optional added property).
fn all_changes() -> Vec<Change> {
    let s = |opt: bool| Property::new("summary", PropertyType::single(ScalarType::String), opt);
    let list = Property::new(
        "tags",
        PropertyType::Value {
            collection: Collection::List,
            element: Element::Scalar(ScalarType::String),
        },
        false,
    );
    let vias = [RenameVia::Hint, RenameVia::SameCollection, RenameVia::SameClientName];
    let kinds = [ObjectKind::TopLevel, ObjectKind::Embedded, ObjectKind::Asymmetric];
    let mut v = vec![
        change(ChangeKind::TypeAdded, None),
        change(ChangeKind::TypeRemoved, None),
    ];
    v.extend(vias.iter().map(|&via| change(ChangeKind::TypeRenamed { via }, None)));
    for &before in &kinds {
        for &after in &kinds {
            if before != after {
                v.push(change(ChangeKind::TypeKindChanged { before, after }, None));
            }
        }
    }
    v.push(change(ChangeKind::TypeCollectionChanged, None));
    for added in [s(true), s(false), list] {
        let mut c = change(ChangeKind::PropertyAdded, None);
        c.new = Some(Item::Property(added));
        v.push(c);
    }
    let mut removed = change(ChangeKind::PropertyRemoved, None);
    removed.old = Some(Item::Property(s(false)));
    v.push(removed);
    v.extend(
        vias.iter()
            .map(|&via| change(ChangeKind::PropertyRenamed { via }, Some((s(false), s(false))))),
    );
    for kind in [
        ChangeKind::PropertyTypeChanged,
        ChangeKind::RelationshipChanged,
        ChangeKind::MadeRequired,
        ChangeKind::MadeOptional,
        ChangeKind::PrimaryKeyChanged,
        ChangeKind::DefaultAdded,
        ChangeKind::DefaultChanged,
        ChangeKind::DefaultRemoved,
        ChangeKind::IndexAdded,
        ChangeKind::IndexRemoved,
        ChangeKind::ClientNameChanged,
        ChangeKind::QueryableFieldAdded,
        ChangeKind::QueryableFieldRemoved,
        ChangeKind::IndexedQueryableFieldChanged,
        ChangeKind::SyncModeChanged,
        ChangeKind::PartitionKeyChanged,
        ChangeKind::SyncEnabled,
        ChangeKind::PartitionPermissionsChanged,
        ChangeKind::PermissionChanged,
        ChangeKind::PermissionQueryableFieldRemoved,
        ChangeKind::ConstraintTightened,
        ChangeKind::ConstraintLoosened,
        ChangeKind::RecoveryModeChanged,
        ChangeKind::ClientMaxOfflineDaysChanged,
        ChangeKind::DevelopmentModeChanged,
        ChangeKind::SyncDataSourceChanged,
    ] {
        v.push(change(kind, Some((s(true), s(false)))));
    }
    v
}

#[test]
fn every_change_kind_is_judged_by_exactly_one_rule() {
    let changes = all_changes();
    // Every variant is represented: `listed` has one arm per variant (checked by the compiler), and
    // this count must equal its number of arms.
    assert!(changes.iter().all(|c| listed(&c.kind)));
    let variants: BTreeSet<String> = changes
        .iter()
        .map(|c| {
            format!("{:?}", c.kind)
                .split([' ', '{'])
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(variants.len(), 34, "one Change per ChangeKind variant: {variants:?}");
    for c in &changes {
        let claimed: Vec<&str> = ALL.iter().filter(|r| (r.applies)(c)).map(|r| r.id).collect();
        assert_eq!(
            claimed.len(),
            1,
            "{:?} must be judged by exactly one rule, got {claimed:?}",
            c.kind
        );
        let rule = ALL.iter().find(|r| r.id == claimed[0]).expect("rule");
        let d = (rule.describe)(c, &syncplan::rules::Changes::new(std::slice::from_ref(c)));
        assert!(
            !d.message.is_empty(),
            "{} gives an empty message for {:?}",
            rule.id,
            c.kind
        );
    }
    // And every rule judges some change kind.
    for r in ALL {
        assert!(
            changes.iter().any(|c| (r.applies)(c)),
            "rule {} applies to no ChangeKind",
            r.id
        );
    }
}

// ---------- (g) `syncplan rules` ----------

#[test]
fn rules_cli_lists_and_explains_every_rule() {
    let list = syncplan(&["rules"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    for r in ALL {
        assert!(
            list.stdout.lines().any(|l| l.split_whitespace().next() == Some(r.id)),
            "`syncplan rules` does not list {}",
            r.id
        );
        let one = syncplan(&["rules", r.id]);
        assert_eq!(one.code, 0, "syncplan rules {}: {}", r.id, one.stderr);
        assert!(
            one.stdout.contains(r.id),
            "`syncplan rules {}` does not name the rule",
            r.id
        );
        assert!(
            one.stdout.contains(&format!("example (migrations-examples/{}", r.id)),
            "`syncplan rules {}` shows no embedded example",
            r.id
        );
    }
    let json = syncplan(&["rules", "--format", "json"]);
    assert_eq!(json.code, 0);
    let v: Value = serde_json::from_str(&json.stdout).expect("rules --format json is JSON");
    let ids: Vec<&str> = v["rules"]
        .as_array()
        .expect("rules array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        ALL.iter().map(|r| r.id).collect::<Vec<_>>(),
        "JSON catalog order = `rules!` order"
    );

    let nope = syncplan(&["rules", "nope"]);
    assert_eq!(nope.code, 2, "an unknown rule is a usage error");
    assert!(nope.stdout.is_empty());
    assert!(
        nope.stderr.contains("nope"),
        "the error names the unknown id: {}",
        nope.stderr
    );
}

// ---------- (h) JSON report schema ----------

/// Validates `v` against the subset of JSON Schema used by docs/json-report.schema.json. Unknown
/// keywords and patterns are errors, so the checker cannot silently pass what it does not check.
fn check_schema(schema: &Value, root: &Value, v: &Value, path: &str, errs: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        errs.push(format!("{path}: schema node is not an object"));
        return;
    };
    for (key, s) in obj {
        match key.as_str() {
            "$schema" | "$id" | "title" | "description" | "$defs" => {}
            "$ref" => {
                let r = s.as_str().unwrap_or("");
                match r.strip_prefix("#/$defs/").and_then(|n| root["$defs"].get(n)) {
                    Some(target) => check_schema(target, root, v, path, errs),
                    None => errs.push(format!("{path}: unresolved $ref {r}")),
                }
            }
            "type" => {
                let types: Vec<&str> = match s {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                let ok = types.iter().any(|t| match *t {
                    "string" => v.is_string(),
                    "null" => v.is_null(),
                    "integer" => v.is_i64() || v.is_u64(),
                    "number" => v.is_number(),
                    "boolean" => v.is_boolean(),
                    "array" => v.is_array(),
                    "object" => v.is_object(),
                    other => {
                        errs.push(format!("{path}: unsupported type {other}"));
                        true
                    }
                });
                if !ok {
                    errs.push(format!("{path}: {v} is not of type {types:?}"));
                }
            }
            "required" => {
                if let Some(o) = v.as_object() {
                    for k in s.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !o.contains_key(k) {
                            errs.push(format!("{path}: missing required key \"{k}\""));
                        }
                    }
                }
            }
            "properties" => {
                if let (Some(o), Some(props)) = (v.as_object(), s.as_object()) {
                    for (k, sub) in props {
                        if let Some(x) = o.get(k) {
                            check_schema(sub, root, x, &format!("{path}.{k}"), errs);
                        }
                    }
                }
            }
            "additionalProperties" => {
                if s != &Value::Bool(false) {
                    errs.push(format!("{path}: only additionalProperties: false is supported"));
                } else if let Some(o) = v.as_object() {
                    let allowed = obj.get("properties").and_then(Value::as_object);
                    for k in o.keys() {
                        if !allowed.is_some_and(|a| a.contains_key(k)) {
                            errs.push(format!("{path}: unexpected key \"{k}\""));
                        }
                    }
                }
            }
            "items" => {
                if let Some(a) = v.as_array() {
                    for (i, x) in a.iter().enumerate() {
                        check_schema(s, root, x, &format!("{path}[{i}]"), errs);
                    }
                }
            }
            "enum" => {
                if !s.as_array().is_some_and(|a| a.contains(v)) {
                    errs.push(format!("{path}: {v} is not one of {s}"));
                }
            }
            "const" => {
                if s != v {
                    errs.push(format!("{path}: {v} is not the constant {s}"));
                }
            }
            "pattern" => {
                if let Some(text) = v.as_str() {
                    let ok = match s.as_str() {
                        Some("^[a-z_]+$") => {
                            !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        }
                        Some("^[0-9a-f]{16}$") => {
                            text.len() == 16 && text.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
                        }
                        other => {
                            errs.push(format!(
                                "{path}: pattern {other:?} is not supported by the test checker"
                            ));
                            true
                        }
                    };
                    if !ok {
                        errs.push(format!("{path}: \"{text}\" does not match {s}"));
                    }
                }
            }
            "minimum" => {
                if let (Some(x), Some(min)) = (v.as_f64(), s.as_f64())
                    && x < min
                {
                    errs.push(format!("{path}: {x} < minimum {min}"));
                }
            }
            other => errs.push(format!("{path}: keyword {other} is not supported by the test checker")),
        }
    }
}

fn report_schema() -> Value {
    let text = std::fs::read_to_string(Path::new(CRATE).join("docs/json-report.schema.json")).expect("schema file");
    serde_json::from_str(&text).expect("the report schema is JSON")
}

fn schema_errors(report: &Value) -> Vec<String> {
    let schema = report_schema();
    let mut errs = Vec::new();
    check_schema(&schema, &schema, report, "$", &mut errs);
    errs
}

#[test]
fn schema_checker_rejects_bad_reports() {
    let good = serde_json::json!({
        "format_version": 1, "old": "a", "new": "b", "context": [],
        "findings": [{
            "rule": "property_removed", "object_type": "Task", "property": "notes",
            "server": "breaking", "client": "non-breaking", "tags": ["destructive"],
            "message": "m", "help": "h", "before": "string?", "after": null,
            "location": {"file": "f", "line": 1, "column": 2}, "fingerprint": "0123456789abcdef"
        }],
        "verdict": {"server": "breaking", "client": "non-breaking"}
    });
    assert_eq!(schema_errors(&good), Vec::<String>::new());
    let bad = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        assert!(!schema_errors(&v).is_empty(), "the checker accepts {v}");
    };
    bad(&|v| v["extra"] = Value::Null);
    bad(&|v| v["format_version"] = 2.into());
    bad(&|v| v["context"] = serde_json::json!(["production"]));
    bad(&|v| v["findings"][0]["rule"] = "Property-Removed".into());
    bad(&|v| v["findings"][0]["fingerprint"] = "0123456789ABCDEF".into());
    bad(&|v| v["findings"][0]["server"] = "maybe".into());
    bad(&|v| v["findings"][0]["tags"] = serde_json::json!(["loud"]));
    bad(&|v| v["findings"][0]["location"]["line"] = 0.into());
    bad(&|v| v["findings"][0]["object_type"] = 3.into());
    bad(&|v| {
        v["findings"][0].as_object_mut().map(|o| o.remove("help"));
    });
    bad(&|v| {
        v["verdict"].as_object_mut().map(|o| o.remove("client"));
    });
}

#[test]
fn schema_report_prints_the_committed_schema() {
    let r = syncplan(&["schema", "report"]);
    assert_eq!(r.code, 0);
    let file = std::fs::read_to_string(Path::new(CRATE).join("docs/json-report.schema.json")).expect("schema file");
    assert_eq!(
        r.stdout, file,
        "`syncplan schema report` must print docs/json-report.schema.json exactly"
    );
}

// ---------- (h) + (i) JSON reports: schema, determinism, order ----------

type SortKey = (Option<String>, Option<String>, String);

fn sort_key(f: &Value) -> SortKey {
    let s = |k: &str| f[k].as_str().map(str::to_string);
    (s("object_type"), s("property"), s("rule").unwrap_or_default())
}

#[test]
fn json_reports_are_valid_deterministic_and_sorted() {
    let pairs = example_pairs();
    assert!(pairs.len() >= ALL.len());
    let mut problems = Vec::new();
    for dir in &pairs {
        let n = dir.display().to_string();
        let first = diff_cli(dir, &["--format", "json", "--fail-on", "none"]);
        let second = diff_cli(dir, &["--format", "json", "--fail-on", "none"]);
        assert_eq!(first.code, 0, "{n}: {}", first.stderr);
        if first.stdout != second.stdout {
            problems.push(format!("{n}: two runs print different JSON"));
        }
        let v: Value = serde_json::from_str(&first.stdout).unwrap_or_else(|e| panic!("{n}: not JSON: {e}"));
        for e in schema_errors(&v) {
            problems.push(format!("{n}: {e}"));
        }
        let keys: Vec<SortKey> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(sort_key)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if keys != sorted {
            problems.push(format!(
                "{n}: findings are not sorted by (object_type, property, rule): {keys:?}"
            ));
        }
        let fps: BTreeSet<&str> = v["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["fingerprint"].as_str())
            .collect();
        if fps.len() != keys.len() {
            problems.push(format!("{n}: duplicate fingerprints"));
        }
    }
    // A context value shows up in the report and still validates.
    let sv = diff_cli(
        &example("property_removed"),
        &["--format", "json", "--context", "schema-versioning,flexible"],
    );
    let v: Value = serde_json::from_str(&sv.stdout).expect("JSON");
    assert_eq!(v["context"], serde_json::json!(["flexible", "schema-versioning"]));
    problems.extend(schema_errors(&v));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------- (j) exit codes and contexts ----------

#[test]
fn fail_on_levels_map_to_exit_codes() {
    let breaking = example("property_type_changed");
    let server_only = example("property_removed");
    let additive = example("property_added_optional");
    let code = |dir: &Path, extra: &[&str]| diff_cli(dir, extra).code;

    assert_eq!(code(&breaking, &[]), 1, "a breaking change fails by default");
    assert_eq!(code(&breaking, &["--fail-on", "none"]), 0);
    assert_eq!(code(&breaking, &["--fail-on", "client-breaking"]), 1);
    assert_eq!(
        code(&server_only, &["--fail-on", "client-breaking"]),
        0,
        "property_removed is non-breaking for clients"
    );
    assert_eq!(code(&server_only, &["--fail-on", "server-breaking"]), 1);
    assert_eq!(code(&server_only, &[]), 1);
    assert_eq!(code(&additive, &[]), 0, "a non-breaking change passes by default");
    assert_eq!(code(&additive, &["--fail-on", "schema-versioning"]), 0);
    assert_eq!(
        code(&additive, &["--fail-on", "any"]),
        1,
        "--fail-on any fails on any finding"
    );

    let before = breaking.join("before");
    let same = syncplan(&[
        "diff",
        &before.to_string_lossy(),
        &before.to_string_lossy(),
        "--fail-on",
        "any",
    ]);
    assert_eq!(
        same.code, 0,
        "identical models never fail: {}{}",
        same.stdout, same.stderr
    );
    assert!(same.stdout.contains("no changes"), "{}", same.stdout);
}

#[test]
fn schema_versioning_context_changes_the_server_verdict() {
    let dir = example("property_removed");
    let plain = diff_cli(&dir, &["--format", "json", "--fail-on", "none"]);
    let v: Value = serde_json::from_str(&plain.stdout).expect("JSON");
    assert_eq!(v["findings"][0]["rule"], "property_removed");
    assert_eq!(v["findings"][0]["server"], "breaking");

    let sv = diff_cli(&dir, &["--format", "json", "--context", "schema-versioning"]);
    assert_eq!(
        sv.code, 1,
        "schema-versioning is above needs-action, so the default gate (needs-action) fails"
    );
    let sv_breaking = diff_cli(&dir, &["--context", "schema-versioning", "--fail-on", "breaking"]);
    assert_eq!(sv_breaking.code, 0, "schema-versioning is not breaking");
    let v: Value = serde_json::from_str(&sv.stdout).expect("JSON");
    assert_eq!(v["context"], serde_json::json!(["schema-versioning"]));
    assert_eq!(v["findings"][0]["server"], "schema-versioning");
    assert_eq!(v["findings"][0]["client"], "non-breaking");
    assert_eq!(
        v["verdict"],
        serde_json::json!({"server": "schema-versioning", "client": "non-breaking"})
    );
    assert_eq!(
        diff_cli(
            &dir,
            &["--context", "schema-versioning", "--fail-on", "schema-versioning"]
        )
        .code,
        1
    );

    // Rules whose server verdict stays breaking under schema versioning keep it.
    let renamed = diff_cli(
        &example("property_renamed"),
        &["--format", "json", "--context", "schema-versioning"],
    );
    assert_eq!(renamed.code, 1);
    let v: Value = serde_json::from_str(&renamed.stdout).expect("JSON");
    assert_eq!(v["findings"][0]["server"], "breaking");
}

// ---------- the catalog's view of its examples ----------

#[test]
fn rule_verdicts_match_their_examples() {
    // Each example report shows its rule with the catalog's default verdicts.
    for r in ALL {
        let found = findings_of(&example(r.id));
        let f = found
            .iter()
            .find(|f| f.rule == r.id)
            .unwrap_or_else(|| panic!("{} does not fire", r.id));
        assert_eq!((f.server, f.client), (r.server, r.client), "{}", r.id);
    }
}
