//! `check(server, client)`: each kind of disagreement between an App Services schema and a Realm
//! client model, the differences that must *not* be reported, and the `syncplan check` command.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use syncplan::diagnostic::{Diagnostic, Severity};
use syncplan::model::Schema;

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn load_text(name: &str, text: &str) -> Schema {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join(name);
    std::fs::write(&p, text).unwrap();
    syncplan::load::load_one(&p)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .schema
}

/// The server side: one App Services collection schema per string (titles name the types).
fn server(schemas: &[&str]) -> Schema {
    let tmp = tempfile::tempdir().unwrap();
    for (i, s) in schemas.iter().enumerate() {
        let dir = tmp.path().join(format!("data_sources/mongodb-atlas/db/C{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("schema.json"), s).unwrap();
    }
    syncplan::load::load_one(tmp.path()).unwrap().schema
}

fn client(json: &str) -> Schema {
    load_text("client.json", json)
}

fn run(server: &Schema, client: &Schema) -> Vec<Diagnostic> {
    syncplan::check::check(server, client)
}

fn list(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(|d| format!("  {}[{}] {}: {}", d.severity, d.id, d.path, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Exactly these (id, path) findings, in any order.
fn assert_findings(found: &[Diagnostic], expected: &[(&str, &str)]) {
    let mut got: Vec<(&str, &str)> = found.iter().map(|d| (d.id, d.path.as_str())).collect();
    got.sort();
    let mut want = expected.to_vec();
    want.sort();
    assert_eq!(got, want, "findings:\n{}", list(found));
}

fn get<'a>(found: &'a [Diagnostic], id: &str, path: &str) -> &'a Diagnostic {
    found
        .iter()
        .find(|d| d.id == id && d.path == path)
        .unwrap_or_else(|| panic!("no [{id}] {path}; findings:\n{}", list(found)))
}

const TASK: &str = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id", "name"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string"},
        "count": {"bsonType": "long"}
    }
}"#;

const TASK_CLIENT: &str =
    r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "int?"}}]"#;

#[test]
fn consistent_models_have_no_findings() {
    assert_findings(&run(&server(&[TASK]), &client(TASK_CLIENT)), &[]);
}

#[test]
fn type_missing_on_server() {
    let c = client(
        r#"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "int?"}},
    {"name": "Note", "primaryKey": "_id", "properties": {"_id": "objectId", "text": "string"}}
]"#,
    );
    let found = run(&server(&[TASK]), &c);
    assert_findings(&found, &[("check_type_missing_on_server", "Note")]);
    let d = &found[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("Note"), "{}", d.message);
    let loc = d.location.as_ref().expect("client location");
    assert_eq!(loc.line, 3, "the client's Note object: {loc}");
}

#[test]
fn property_missing_on_server() {
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {
    "_id": "objectId", "name": "string", "count": "int?",
    "due": "date?"
}}]"#,
    );
    let found = run(&server(&[TASK]), &c);
    assert_findings(&found, &[("check_property_missing_on_server", "Task.due")]);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].location.as_ref().unwrap().line, 3);
    assert!(found[0].message.contains("\"due\""), "{}", found[0].message);
}

#[test]
fn mapped_property_missing_on_server_mentions_map_to() {
    // The client calls it `title` and persists it as `label`; the server has `name` only.
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {
    "_id": "objectId", "name": "string", "count": "int?",
    "title": {"type": "string?", "mapTo": "label"}
}}]"#,
    );
    let found = run(&server(&[TASK]), &c);
    assert_findings(&found, &[("check_property_missing_on_server", "Task.label")]);
    let m = &found[0].message;
    assert!(m.contains("mapTo") && m.contains("title") && m.contains("label"), "{m}");
}

#[test]
fn mapped_property_present_on_server_is_consistent() {
    // `summary` in code, `name` in the database: what counts is the persisted name.
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {
    "_id": "objectId", "count": "int?",
    "summary": {"type": "string", "mapTo": "name"}
}}]"#,
    );
    assert_findings(&run(&server(&[TASK]), &c), &[]);
}

#[test]
fn property_type_mismatch() {
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {
    "_id": "objectId", "name": "string",
    "count": "string?"
}}]"#,
    );
    let found = run(&server(&[TASK]), &c);
    assert_findings(&found, &[("check_property_type_mismatch", "Task.count")]);
    let d = &found[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("string?") && d.message.contains("int?"),
        "{}",
        d.message
    );
    assert!(d.message.contains("server:"), "{}", d.message);
    assert_eq!(d.location.as_ref().unwrap().line, 3);
}

#[test]
fn collection_shape_mismatch() {
    let s = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "tags": {"bsonType": "array", "items": {"bsonType": "string"}},
        "flags": {"bsonType": "object", "additionalProperties": {"bsonType": "bool"}}
    }
}"#;
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "tags": "string<>", "flags": "bool[]"}}]"#,
    );
    assert_findings(
        &run(&server(&[s]), &c),
        &[
            ("check_property_type_mismatch", "Task.tags"),
            ("check_property_type_mismatch", "Task.flags"),
        ],
    );
}

#[test]
fn counter_is_a_long_on_the_server() {
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "counter?"}}]"#,
    );
    assert_findings(&run(&server(&[TASK]), &c), &[]);
}

#[test]
fn int_bson_type_is_a_realm_int() {
    let s = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id", "n"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "n": {"bsonType": "int"},
        "m": {"bsonType": "long"}
    }
}"#;
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "n": "int", "m": "counter?"}}]"#,
    );
    assert_findings(&run(&server(&[s]), &c), &[]);
}

#[test]
fn optionality_mismatch_both_ways() {
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {
    "_id": "objectId",
    "name": "string?",
    "count": "int"
}}]"#,
    );
    let found = run(&server(&[TASK]), &c);
    assert_findings(
        &found,
        &[
            ("check_optionality_mismatch", "Task.name"),
            ("check_optionality_mismatch", "Task.count"),
        ],
    );
    let name = get(&found, "check_optionality_mismatch", "Task.name");
    assert!(
        name.message.contains("client: optional, server: required"),
        "{}",
        name.message
    );
    let count = get(&found, "check_optionality_mismatch", "Task.count");
    assert!(
        count.message.contains("client: required, server: optional"),
        "{}",
        count.message
    );
    assert_eq!(name.location.as_ref().unwrap().line, 3);
}

#[test]
fn optional_id_on_the_server_is_not_a_mismatch() {
    // Every MongoDB document has an `_id`: leaving it out of `required` is not an inconsistency.
    let s = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["name"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string"}
    }
}"#;
    let c = client(r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string"}}]"#);
    assert_findings(&run(&server(&[s]), &c), &[]);
}

const PERSON_WITH_ADDRESS: &str = r#"{
    "title": "Person",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "address": {
            "bsonType": "object",
            "title": "Address",
            "properties": {"street": {"bsonType": "string"}}
        }
    }
}"#;

#[test]
fn link_target_mismatch() {
    let c = client(
        r#"[
    {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId",
        "address": "Location?"}},
    {"name": "Location", "embedded": true, "properties": {"street": "string?"}}
]"#,
    );
    let found = run(&server(&[PERSON_WITH_ADDRESS]), &c);
    let d = get(&found, "check_link_target_mismatch", "Person.address");
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("Location") && d.message.contains("Address"),
        "{}",
        d.message
    );
    assert_eq!(d.location.as_ref().unwrap().line, 3);
    // Location itself is a type the server does not know.
    assert_findings(
        &found,
        &[
            ("check_link_target_mismatch", "Person.address"),
            ("check_type_missing_on_server", "Location"),
        ],
    );
}

#[test]
fn link_target_mismatch_between_collections() {
    let task = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {"_id": {"bsonType": "objectId"}, "owner": {"bsonType": "objectId"}}
}"#;
    let user = r#"{"title": "User", "bsonType": "object", "required": ["_id"], "properties": {"_id": {"bsonType": "objectId"}}}"#;
    let team = r#"{"title": "Team", "bsonType": "object", "required": ["_id"], "properties": {"_id": {"bsonType": "objectId"}}}"#;
    let tmp = tempfile::tempdir().unwrap();
    for (name, s) in [("Task", task), ("User", user), ("Team", team)] {
        let dir = tmp.path().join(format!("data_sources/mongodb-atlas/db/{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("schema.json"), s).unwrap();
    }
    std::fs::write(
        tmp.path().join("data_sources/mongodb-atlas/db/Task/relationships.json"),
        r##"{"owner": {"ref": "#/relationship/mongodb-atlas/db/User", "foreign_key": "_id", "is_list": false}}"##,
    )
    .unwrap();
    let s = syncplan::load::load_one(tmp.path()).unwrap().schema;
    let c = client(
        r#"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner": "Team?"}},
    {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId"}},
    {"name": "Team", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]"#,
    );
    assert_findings(&run(&s, &c), &[("check_link_target_mismatch", "Task.owner")]);
}

#[test]
fn client_link_without_server_relationship() {
    // The server stores the owner's _id but declares no relationship: not a link there.
    let task = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {"_id": {"bsonType": "objectId"}, "owner": {"bsonType": "objectId"}}
}"#;
    let user = r#"{"title": "User", "bsonType": "object", "required": ["_id"], "properties": {"_id": {"bsonType": "objectId"}}}"#;
    let c = client(
        r#"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner": "User?"}},
    {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]"#,
    );
    let found = run(&server(&[task, user]), &c);
    assert_findings(&found, &[("check_property_type_mismatch", "Task.owner")]);
    let m = &found[0].message;
    assert!(m.contains("no relationship") && m.contains("objectId"), "{m}");
}

#[test]
fn embedded_versus_top_level_kind_mismatch() {
    let c = client(
        r#"[
    {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "address": "Address?"}},
    {"name": "Address", "primaryKey": "_id", "properties": {"_id": "objectId", "street": "string?"}}
]"#,
    );
    let found = run(&server(&[PERSON_WITH_ADDRESS]), &c);
    let d = get(&found, "check_kind_mismatch", "Address");
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("client: top-level") && d.message.contains("server: embedded"),
        "{}",
        d.message
    );
    assert_eq!(d.location.as_ref().unwrap().line, 3);
}

#[test]
fn asymmetric_kind_mismatch() {
    // The server lists Log in asymmetric_tables; the client declares a plain top-level type.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data_sources/mongodb-atlas/db/Log");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("schema.json"),
        r#"{"title": "Log", "bsonType": "object", "required": ["_id"], "properties": {"_id": {"bsonType": "objectId"}}}"#,
    )
    .unwrap();
    std::fs::create_dir_all(tmp.path().join("sync")).unwrap();
    std::fs::write(
        tmp.path().join("sync/config.json"),
        r#"{"type": "flexible", "asymmetric_tables": ["Log"]}"#,
    )
    .unwrap();
    let s = syncplan::load::load_one(tmp.path()).unwrap().schema;
    let c = client(r#"[{"name": "Log", "primaryKey": "_id", "properties": {"_id": "objectId"}}]"#);
    let found = run(&s, &c);
    assert_findings(&found, &[("check_kind_mismatch", "Log")]);
    assert!(found[0].message.contains("server: asymmetric"), "{}", found[0].message);
    let c = client(r#"[{"name": "Log", "asymmetric": true, "primaryKey": "_id", "properties": {"_id": "objectId"}}]"#);
    assert_findings(&run(&s, &c), &[]);
}

#[test]
fn primary_key_mismatch() {
    let c = client(r#"[{"name": "Task", "properties": {"_id": "objectId", "name": "string", "count": "int?"}}]"#);
    let found = run(&server(&[TASK]), &c);
    assert_findings(&found, &[("check_primary_key_mismatch", "Task")]);
    assert!(
        found[0].message.contains("client primary key: none, server: _id"),
        "{}",
        found[0].message
    );
}

#[test]
fn collection_not_in_client_is_info() {
    let user = r#"{"title": "User", "bsonType": "object", "required": ["_id"], "properties": {"_id": {"bsonType": "string"}}}"#;
    let found = run(&server(&[TASK, user]), &client(TASK_CLIENT));
    assert_findings(&found, &[("check_collection_not_in_client", "User")]);
    let d = &found[0];
    assert_eq!(d.severity, Severity::Info);
    assert!(
        d.message.contains("mongodb-atlas/db/C1"),
        "names the namespace: {}",
        d.message
    );
    assert!(d.location.as_ref().unwrap().file.ends_with("C1/schema.json"));
}

#[test]
fn embedded_server_type_not_in_client_is_not_reported() {
    // Embedded types have no collection; the client simply does not use the field.
    let c = client(r#"[{"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId"}}]"#);
    let found = run(&server(&[PERSON_WITH_ADDRESS]), &c);
    assert_findings(&found, &[("check_property_not_in_client", "Person.address")]);
}

#[test]
fn property_not_in_client_is_info() {
    let c = client(r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "count": "int?"}}]"#);
    let found = run(&server(&[TASK]), &c);
    assert_findings(&found, &[("check_property_not_in_client", "Task.name")]);
    let d = &found[0];
    assert_eq!(d.severity, Severity::Info);
    assert!(d.message.contains("required on the server"), "{}", d.message);
    let loc = d.location.as_ref().unwrap();
    assert!(loc.file.ends_with("schema.json"), "the server's field: {loc}");
    assert_eq!(loc.line, 7);
}

#[test]
fn element_nullability_is_info() {
    let s = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "scores": {"bsonType": "array", "items": {"bsonType": "long"}},
        "nullable": {"bsonType": "array", "items": {"bsonType": ["long", "null"]}}
    }
}"#;
    let c = client(
        r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId",
    "scores": "int?[]",
    "nullable": "int?[]"
}}]"#,
    );
    let found = run(&server(&[s]), &c);
    assert_findings(&found, &[("check_element_nullability", "Task.scores")]);
    assert_eq!(found[0].severity, Severity::Info);
    assert_eq!(found[0].location.as_ref().unwrap().line, 2);
}

#[test]
fn linking_objects_are_client_only() {
    let user = r#"{"title": "User", "bsonType": "object", "required": ["_id"], "properties": {"_id": {"bsonType": "string"}}}"#;
    let task = r#"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {"_id": {"bsonType": "objectId"}, "owner": {"bsonType": "string"}}
}"#;
    let tmp = tempfile::tempdir().unwrap();
    for (name, s) in [("Task", task), ("User", user)] {
        let dir = tmp.path().join(format!("data_sources/mongodb-atlas/db/{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("schema.json"), s).unwrap();
    }
    std::fs::write(
        tmp.path().join("data_sources/mongodb-atlas/db/Task/relationships.json"),
        r##"{"owner": {"ref": "#/relationship/mongodb-atlas/db/User", "foreign_key": "_id", "is_list": false}}"##,
    )
    .unwrap();
    let s = syncplan::load::load_one(tmp.path()).unwrap().schema;
    let c = client(
        r#"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner": "User?"}},
    {"name": "User", "primaryKey": "_id", "properties": {"_id": "string",
        "tasks": {"type": "linkingObjects", "objectType": "Task", "property": "owner"}}}
]"#,
    );
    assert_findings(&run(&s, &c), &[]);
}

// ---------------------------------------------------------------------------------------------
// CLI

fn cli(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_syncplan"))
        .args(args)
        .output()
        .expect("run syncplan")
}

fn todo() -> (PathBuf, PathBuf) {
    let dir = Path::new(CRATE).join("migrations-examples/scenario_todo");
    (dir.join("before"), dir.join("client.json"))
}

fn show(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn cli_check_consistent_pair_exits_0() {
    let (s, c) = todo();
    let o = cli(&[Path::new("check"), &s, &c]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("result: consistent"),
        "{}",
        show(&o)
    );
    assert!(o.stderr.is_empty(), "{}", show(&o));
}

#[test]
fn cli_check_inconsistent_pair_exits_1() {
    let (s, _) = todo();
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("client.json");
    // Item.summary made optional, a property the server lacks, and a type the server lacks.
    std::fs::write(
        &c,
        r#"[
    {"name": "Item", "primaryKey": "_id", "properties": {"_id": "objectId", "owner_id": "string",
        "summary": "string?", "isComplete": "bool", "priority": "int?"}},
    {"name": "Note", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]"#,
    )
    .unwrap();
    let o = cli(&[Path::new("check"), &s, &c]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    for id in [
        "check_optionality_mismatch",
        "check_property_missing_on_server",
        "check_type_missing_on_server",
    ] {
        assert!(stdout.contains(id), "{id} missing:\n{stdout}");
    }
    assert!(stdout.contains("result: inconsistent"), "{stdout}");

    // Info findings alone do not fail the gate: a client declaring a subset is consistent.
    let subset = tmp.path().join("subset.json");
    std::fs::write(
        &subset,
        r#"[{"name": "User", "primaryKey": "_id", "properties": {"_id": "string", "name": "string"}}]"#,
    )
    .unwrap();
    let o = cli(&[Path::new("check"), &s, &subset]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("check_collection_not_in_client"),
        "{}",
        show(&o)
    );
}

#[test]
fn cli_check_missing_file_exits_2() {
    let (s, c) = todo();
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope.json");
    for args in [[&s, &missing], [&missing, &c]] {
        let o = cli(&[Path::new("check"), args[0], args[1]]);
        assert_eq!(o.status.code(), Some(2), "{}", show(&o));
        assert!(o.stdout.is_empty(), "{}", show(&o));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains("nope.json") && stderr.contains("no such file"),
            "{stderr}"
        );
    }
}

#[test]
fn cli_check_json_format() {
    let (s, c) = todo();
    let o = cli(&[Path::new("check"), &s, &c, Path::new("--format"), Path::new("json")]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&o)));
    for key in ["format_version", "command", "consistent", "findings"] {
        assert!(v.get(key).is_some(), "no {key:?} in {v:#}");
    }
    assert_eq!(v["command"], "check");
    assert_eq!(v["consistent"], true);
    assert!(v["format_version"].is_u64());
    assert_eq!(v["findings"], serde_json::json!([]));

    // An inconsistent pair: consistent false, findings with id/severity/path/message/help.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("client.json");
    std::fs::write(
        &bad,
        r#"[{"name": "User", "primaryKey": "_id", "properties": {"_id": "string", "name": "int"}}]"#,
    )
    .unwrap();
    let o = cli(&[Path::new("check"), &s, &bad, Path::new("--format"), Path::new("json")]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["consistent"], false);
    let findings = v["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["id"] == "check_property_type_mismatch")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], "User.name");
    assert!(f["message"].is_string() && f["help"].is_string());
    assert_eq!(f["location"]["line"], 1);
}

// ---------------------------------------------------------------------------------------------
// Trust: near-miss names and clients read from source with parts left unread

#[test]
fn near_miss_names() {
    use syncplan::check::near_miss;
    for (a, b) in [
        ("username", "userName"),
        ("TimeSheet", "Timesheet"),
        ("owner_id", "ownerId"),
        ("colour", "color"),
        ("description", "descripton"),
        ("createdAt", "craetedAt"),
        ("_id", "id"),
    ] {
        assert!(near_miss(a, b), "{a} / {b}");
        assert!(near_miss(b, a), "{b} / {a}");
    }
    for (a, b) in [
        ("id", "ip"),
        ("name", "game"),
        ("title", "tile"),
        ("status", "statuses"),
        ("createdAt", "updatedAt"),
        ("username", "username"),
    ] {
        assert!(!near_miss(a, b), "{a} / {b}");
    }
}

#[test]
fn near_miss_type_is_one_finding_naming_both() {
    let s = server(&[r#"{"title": "TimeSheet", "bsonType": "object", "required": ["_id"],
        "properties": {"_id": {"bsonType": "objectId"}}}"#]);
    let c = client(r#"[{"name": "Timesheet", "primaryKey": "_id", "properties": {"_id": "objectId"}}]"#);
    let found = run(&s, &c);
    assert_findings(&found, &[("check_name_near_miss", "Timesheet")]);
    let d = get(&found, "check_name_near_miss", "Timesheet");
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("\"Timesheet\"") && d.message.contains("\"TimeSheet\"") && d.message.contains("case"),
        "{}",
        d.message
    );
}

#[test]
fn near_miss_property_is_one_finding_naming_both() {
    let s = server(&[
        r#"{"title": "User", "bsonType": "object", "required": ["_id", "userName"],
        "properties": {"_id": {"bsonType": "objectId"}, "userName": {"bsonType": "string"},
                       "colour": {"bsonType": "string"}}}"#,
    ]);
    let c = client(
        r#"[{"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId", "username": "string", "color": "string?"}}]"#,
    );
    let found = run(&s, &c);
    assert_findings(
        &found,
        &[
            ("check_name_near_miss", "User.username"),
            ("check_name_near_miss", "User.color"),
        ],
    );
    let d = get(&found, "check_name_near_miss", "User.color");
    assert!(
        d.message.contains("\"color\"") && d.message.contains("\"colour\"") && d.message.contains("one letter"),
        "{}",
        d.message
    );
}

/// Two server names near one client name: no guess, the plain findings stay.
#[test]
fn ambiguous_near_misses_are_not_paired() {
    let s = server(&[r#"{"title": "Task", "bsonType": "object", "required": ["_id"],
        "properties": {"_id": {"bsonType": "objectId"}, "label1": {"bsonType": "string"}, "label2": {"bsonType": "string"}}}"#]);
    let c =
        client(r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "label3": "string?"}}]"#);
    assert_findings(
        &run(&s, &c),
        &[
            ("check_property_missing_on_server", "Task.label3"),
            ("check_property_not_in_client", "Task.label1"),
            ("check_property_not_in_client", "Task.label2"),
        ],
    );
}

#[cfg(feature = "sdk-sources")]
const INVOICE_SWIFT: &str = r#"import RealmSwift

class Invoice: Object {
    @Persisted(primaryKey: true) var _id: ObjectId
    @Persisted var total: Money
    @Persisted var note: String
}

class Ledger: Object {
    var balance = 0
}
"#;

#[cfg(feature = "sdk-sources")]
const INVOICE_SERVER: &str = r#"{"title": "Invoice", "bsonType": "object", "required": ["_id", "note", "total"],
    "properties": {"_id": {"bsonType": "objectId"}, "note": {"bsonType": "string"}, "total": {"bsonType": "decimal"}}}"#;

#[cfg(feature = "sdk-sources")]
const LEDGER_SERVER: &str = r#"{"title": "Ledger", "bsonType": "object", "required": ["_id", "balance"],
    "properties": {"_id": {"bsonType": "objectId"}, "balance": {"bsonType": "long"}}}"#;

/// The client model read from source marks what it could not read; `check` raises nothing that
/// only follows from the missing parts (the unread parts themselves are load errors).
#[cfg(feature = "sdk-sources")]
#[test]
fn unread_parts_raise_no_follow_on_findings() {
    let loaded = {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("Invoice.swift");
        std::fs::write(&p, INVOICE_SWIFT).unwrap();
        syncplan::load::load_one(&p).unwrap()
    };
    let c = &loaded.schema;
    assert!(c.incomplete);
    let invoice = &c.types["Invoice"];
    assert_eq!(
        invoice.unread.as_ref().map(|u| u.members.clone()),
        Some(vec!["total".to_string()])
    );
    assert!(invoice.properties.contains_key("note") && !invoice.properties.contains_key("total"));
    let ledger = &c.types["Ledger"];
    assert!(ledger.unread.as_ref().is_some_and(|u| u.body), "{ledger:?}");
    let unread: Vec<(&str, &str)> = loaded.diagnostics.iter().map(|d| (d.id, d.path.as_str())).collect();
    assert_eq!(
        unread,
        [
            ("source_unresolved_type", "Invoice.total"),
            ("source_unread_type", "Ledger")
        ]
    );
    assert!(loaded.diagnostics.iter().all(|d| d.severity == Severity::Error));
    // No "total not in client", no primary key mismatch on the unread Ledger, nothing on its fields.
    assert_findings(&run(&server(&[INVOICE_SERVER, LEDGER_SERVER]), c), &[]);
    // JSON: the markers are there for an incomplete model only.
    let json = serde_json::to_value(c).unwrap();
    assert_eq!(json["incomplete"], true);
    assert_eq!(json["types"]["Ledger"]["unread"]["body"], true);
    assert_eq!(
        json["types"]["Invoice"]["unread"]["members"],
        serde_json::json!(["total"])
    );
    let complete = serde_json::to_value(client(TASK_CLIENT)).unwrap();
    assert!(complete.get("incomplete").is_none(), "{complete:#}");
    assert!(complete["types"]["Task"].get("unread").is_none(), "{complete:#}");
}

/// `syncplan check` with a client that has unread parts: never "consistent", each unread part an
/// error with file:line, exit 1, in text and JSON.
#[cfg(feature = "sdk-sources")]
#[test]
fn cli_check_with_unread_client_parts_is_inconsistent() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, schema) in [("Invoice", INVOICE_SERVER), ("Ledger", LEDGER_SERVER)] {
        let dir = tmp.path().join(format!("app/data_sources/mongodb-atlas/db/{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("schema.json"), schema).unwrap();
    }
    let swift = tmp.path().join("Invoice.swift");
    std::fs::write(&swift, INVOICE_SWIFT).unwrap();
    let app = tmp.path().join("app");
    let o = cli(&[Path::new("check"), &app, &swift]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("result: inconsistent"), "{}", show(&o));
    assert!(!out.contains("result: consistent"), "{}", show(&o));
    assert!(
        out.contains("error[source_unresolved_type] Invoice.total at ") && out.contains("Invoice.swift:5:"),
        "{}",
        show(&o)
    );
    assert!(
        out.contains("error[source_unread_type] Ledger at ") && out.contains("Invoice.swift:9:"),
        "{}",
        show(&o)
    );
    let o = cli(&[
        Path::new("check"),
        &app,
        &swift,
        Path::new("--format"),
        Path::new("json"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["consistent"], false);
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert_eq!(ids, ["source_unresolved_type", "source_unread_type"], "{v:#}");
    assert_eq!(v["client"]["incomplete"], true, "{v:#}");
    let o = cli(&[Path::new("check"), &app, &swift]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("note: the client model was not read entirely"),
        "{}",
        show(&o)
    );
}

/// `diff` and `plan` with a side that has an unread part: every format says the comparison is
/// incomplete and lists the part; a property "removed" only because it was not read is not
/// reported; the diff gate fails (unless --fail-on none), the plan's only with --fail-on.
#[cfg(feature = "sdk-sources")]
#[test]
fn cli_diff_and_plan_with_an_unread_side_say_the_comparison_is_incomplete() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("Old.swift");
    let new = tmp.path().join("New.swift");
    std::fs::write(
        &old,
        INVOICE_SWIFT
            .replace("var total: Money", "var total: Decimal128")
            .replace("class Ledger: Object {\n    var balance = 0\n}\n", ""),
    )
    .unwrap();
    std::fs::write(
        &new,
        INVOICE_SWIFT
            .replace("class Ledger: Object {\n    var balance = 0\n}\n", "")
            .replace("var note: String", "var note: String\n    @Persisted var due: Date?"),
    )
    .unwrap();
    let run_with = |extra: &[&str]| {
        let mut args: Vec<&Path> = vec![Path::new("diff"), &old, &new];
        args.extend(extra.iter().map(Path::new));
        cli(&args)
    };
    // Text: the note first, the unread part with file:line, no false removal; exit 1.
    let o = run_with(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("note: the comparison is incomplete"), "{}", show(&o));
    assert!(
        out.contains("error[source_unresolved_type] Invoice.total at ") && out.contains("New.swift:5:20"),
        "{}",
        show(&o)
    );
    assert!(out.contains("1 change that may only follow"), "{}", show(&o));
    assert!(!out.contains("property_removed"), "{}", show(&o));
    assert!(out.contains("property_added_optional"), "{}", show(&o));
    // --fail-on none: the note stays, the gate does not fail.
    let o = run_with(&["--fail-on", "none"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("the comparison is incomplete"));
    // JSON.
    let o = run_with(&["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&o)));
    assert_eq!(v["incomplete"]["changes_not_reported"], 1, "{v:#}");
    assert_eq!(
        v["incomplete"]["models"][0]["parts"][0]["id"], "source_unresolved_type",
        "{v:#}"
    );
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "property_removed"),
        "{v:#}"
    );
    // Markdown and SARIF.
    let o = run_with(&["--format", "markdown"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("> **Note:** the comparison is incomplete"),
        "{}",
        show(&o)
    );
    let o = run_with(&["--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&o)));
    let results = v["runs"][0]["results"].as_array().unwrap();
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "source_unresolved_type")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(r["level"], "error");
    assert!(r["ruleIndex"].is_u64(), "{r:#}");
    // Plan: the note in text and JSON; exit 0 unless --fail-on.
    let o = cli(&[Path::new("plan"), &old, &new]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("note: the comparison is incomplete"),
        "{}",
        show(&o)
    );
    let o = cli(&[
        Path::new("plan"),
        &old,
        &new,
        Path::new("--fail-on"),
        Path::new("breaking"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let o = cli(&[Path::new("plan"), &old, &new, Path::new("--format"), Path::new("json")]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&o)));
    assert_eq!(v["incomplete"]["changes_not_reported"], 1, "{v:#}");
    // Changelog (Markdown) and the one-line CI format say it too.
    let o = cli(&[Path::new("changelog"), &old, &new]);
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("> **Note:** the comparison is incomplete"),
        "{}",
        show(&o)
    );
    let o = run_with(&["--format", "singleline"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("source_unresolved_type"),
        "{}",
        show(&o)
    );
    // A complete pair: no note, no key.
    let o = cli(&[Path::new("diff"), &old, &old, Path::new("--format"), Path::new("json")]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.get("incomplete").is_none(), "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// Legacy `services/` exports: one title namespace per service (data source)

fn legacy_rules(db: &str, coll: &str, title: &str, field: &str, bson: &str) -> String {
    format!(
        r#"{{"database": "{db}", "collection": "{coll}", "roles": [],
    "schema": {{"title": "{title}", "bsonType": "object", "required": ["_id"],
        "properties": {{"_id": {{"bsonType": "objectId"}}, "{field}": {{"bsonType": "{bson}"}}}}}}}}"#
    )
}

fn write_all(root: &Path, files: &[(&str, String)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn legacy_services_have_one_title_namespace_each() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_all(
        root,
        &[
            (
                "services/analytics/config.json",
                r#"{"name": "analytics", "type": "mongodb-atlas", "config": {}}"#.to_string(),
            ),
            (
                "services/analytics/rules/reports.User.json",
                legacy_rules("reports", "User", "User", "visits", "long"),
            ),
            (
                "services/mongodb-atlas/config.json",
                r#"{"name": "mongodb-atlas", "type": "mongodb-atlas",
                    "config": {"flexible_sync": {"state": "enabled", "database_name": "app", "queryable_fields_names": []}}}"#
                    .to_string(),
            ),
            (
                "services/mongodb-atlas/rules/app.User.json",
                legacy_rules("app", "User", "User", "name", "string"),
            ),
        ],
    );
    let loaded = syncplan::load::load_one(root).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !loaded.diagnostics.iter().any(|d| d.id == "duplicate_title"),
        "{:#?}",
        loaded.diagnostics
    );
    let s = &loaded.schema;
    let names: Vec<&str> = s.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["User", "User@analytics"]);
    // The synced service keeps the plain title (although `analytics` sorts first).
    let synced = &s.types["User"];
    assert_eq!(
        synced.namespace.as_ref().map(|n| n.data_source.as_str()),
        Some("mongodb-atlas")
    );
    assert!(synced.properties.contains_key("name"));
    let other = &s.types["User@analytics"];
    assert_eq!(
        other.namespace.as_ref().map(|n| n.to_string()).as_deref(),
        Some("analytics/reports/User")
    );
    assert!(other.properties.contains_key("visits"));
    // A client of the synced service is consistent with it.
    let c = client(r#"[{"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string?"}}]"#);
    let found = run(s, &c);
    assert!(found.iter().all(|d| d.severity != Severity::Error), "{}", list(&found));

    // The same title twice in one service (two databases) is still a duplicate.
    write_all(
        root,
        &[(
            "services/mongodb-atlas/rules/other.User.json",
            legacy_rules("other", "User", "User", "name", "string"),
        )],
    );
    let loaded = syncplan::load::load_one(root).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.id == "duplicate_title" && d.path == "User"),
        "{:#?}",
        loaded.diagnostics
    );
}
