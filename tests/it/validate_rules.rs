//! One minimal input per diagnostic id (load, validate and check stages): each test is named after
//! the id it triggers and asserts the id, the model path and, for JSON inputs, the file and line.
//! `every_diagnostic_id_has_a_test` fails when an id is added to `diagnostic::KINDS` without a
//! test here.

use std::collections::BTreeMap;
use std::path::Path;

use syncplan::diagnostic::{Diagnostic, KINDS, Stage};
use syncplan::model::{Collection, Element, ObjectKind, ObjectType, Property, PropertyType, Schema, Side};

/// Every id with a test below (the test is named after the id).
const COVERED: &[&str] = &[
    // load
    "bson_type_normalized",
    "root_bson_type_missing",
    "title_missing",
    "embedded_title_missing",
    "bson_type_no_realm_equivalent",
    "type_union",
    "stray_schema_key",
    "items_missing",
    "untyped_object",
    "required_field_missing",
    "required_collection",
    "schema_empty",
    "relationship_ref_dangling",
    "relationship_field_missing",
    "relationship_foreign_key_not_id",
    "relationship_is_list_mismatch",
    "relationship_type_mismatch",
    "relationship_on_id",
    "relationship_legacy_keys",
    "embedded_title_conflict",
    "duplicate_title",
    "source_unresolved_type",
    "source_unsupported_construct",
    "source_syntax_error",
    "source_default_not_literal",
    "source_nullable_context_assumed",
    "source_unread_type",
    // validate
    "embedded_cycle",
    "embedded_unreachable",
    "embedded_set",
    "link_to_asymmetric",
    "link_target_missing",
    "primary_key_missing",
    "primary_key_not_id",
    "primary_key_type_invalid",
    "embedded_primary_key",
    "to_one_link_required",
    "dictionary_link_required",
    "mixed_required",
    "link_collection_nullable",
    "linking_objects_invalid",
    "type_name_too_long",
    "name_not_utf8",
    "collection_name_invalid",
    "property_name_too_long",
    "reserved_field_name",
    "asymmetric_not_flexible",
    "index_not_supported",
    "duplicate_property_name",
    "queryable_field_unknown",
    "queryable_field_not_eligible",
    "indexed_queryable_field_invalid",
    // check
    "check_type_missing_on_server",
    "check_property_missing_on_server",
    "check_property_type_mismatch",
    "check_optionality_mismatch",
    "check_link_target_mismatch",
    "check_kind_mismatch",
    "check_primary_key_mismatch",
    "check_collection_not_in_client",
    "check_property_not_in_client",
    "check_element_nullability",
    // check: clients against each other
    "check_clients_type_missing",
    "check_clients_property_missing",
    "check_clients_disagree_type",
    "check_clients_disagree_optionality",
    "check_clients_disagree_kind",
    "check_clients_disagree_primary_key",
    "check_clients_mapped_name_differs",
    "check_name_near_miss",
    "check_partition_key_type",
    // server side (issue #17, #16 item 14)
    "unknown_schema_key",
    "role_shape_unknown",
    "partition_key_missing",
    "partition_key_type_mismatch",
    "partition_key_not_required",
    "queryable_fields_too_many",
    "permission_field_not_queryable",
    "permission_not_sync_compatible",
    "asymmetric_table_unknown",
];

// ---------------------------------------------------------------------------------------------
// Harness

/// Files of one input, relative to a temporary directory.
type Files<'a> = &'a [(&'a str, &'a str)];

fn write_files(dir: &Path, files: Files) {
    for (rel, content) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
}

/// Load findings plus validation findings, as `syncplan validate` reports them.
fn findings_of(dir: &Path, target: &str) -> Vec<Diagnostic> {
    let loaded = syncplan::load::load_one(&dir.join(target)).unwrap_or_else(|e| panic!("input does not load: {e}"));
    let mut d = loaded.diagnostics.clone();
    d.extend(syncplan::validate::validate(&loaded.schema));
    d
}

/// 1-based line of the first line of `content` containing `needle`.
fn line_of(content: &str, needle: &str) -> u32 {
    content
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("needle {needle:?} not in the input")) as u32
        + 1
}

/// Asserts that `id` was reported at `path`; `at` = (file, needle): the location must be in that
/// file, on the line holding the needle. Returns the finding.
fn expect(found: &[Diagnostic], files: Files, id: &str, path: &str, at: Option<(&str, &str)>) -> Diagnostic {
    assert!(COVERED.contains(&id), "{id} is tested but not listed in COVERED");
    let kind = KINDS
        .iter()
        .find(|k| k.id == id)
        .unwrap_or_else(|| panic!("{id} is not in diagnostic::KINDS"));
    let all = || {
        found
            .iter()
            .map(|d| format!("  [{}] {} at {:?}: {}", d.id, d.path, d.location, d.message))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let d = found
        .iter()
        .find(|d| d.id == id && d.path == path)
        .unwrap_or_else(|| panic!("no [{id}] at {path}; findings:\n{}", all()))
        .clone();
    assert_eq!(d.severity, kind.severity, "{id}: severity differs from KINDS");
    assert_eq!(d.help, kind.help, "{id}: help differs from KINDS");
    assert!(!d.message.is_empty(), "{id}: empty message");
    if let Some((file, needle)) = at {
        let content = files
            .iter()
            .find(|(f, _)| *f == file)
            .unwrap_or_else(|| panic!("no input file {file}"))
            .1;
        let loc = d
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("[{id}] {path} has no location"));
        assert!(
            loc.file.replace('\\', "/").ends_with(file),
            "[{id}] {path}: location file {} is not {file}",
            loc.file
        );
        assert_eq!(
            loc.line,
            line_of(content, needle),
            "[{id}] {path}: wrong line (expected the line of {needle:?}) in {loc}"
        );
        assert!(loc.column > 0, "[{id}] {path}: no column in {loc}");
    }
    d
}

/// Loads `files[0]` (a single model file) and expects `id` at `path`, located on the needle's line.
fn one_file(files: Files, id: &str, path: &str, needle: Option<&str>) -> Diagnostic {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let found = findings_of(tmp.path(), files[0].0);
    expect(&found, files, id, path, needle.map(|n| (files[0].0, n)))
}

/// Loads the app export made of `files` and expects `id` at `path`.
fn app(files: Files, id: &str, path: &str, at: Option<(&str, &str)>) -> Diagnostic {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let found = findings_of(tmp.path(), "");
    expect(&found, files, id, path, at)
}

/// `check(server, client)` with the server schema in `server.json` and the client in `client.json`.
fn check(server: &str, client: &str, id: &str, path: &str, at: Option<(&str, &str)>) -> Diagnostic {
    let files: Files = &[("server.json", server), ("client.json", client)];
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let s = syncplan::load::load_one(&tmp.path().join("server.json")).unwrap();
    let c = syncplan::load::load_one(&tmp.path().join("client.json")).unwrap();
    let found = syncplan::check::check(&s.schema, &c.schema);
    expect(&found, files, id, path, at)
}

fn ids(found: &[Diagnostic]) -> Vec<&str> {
    found.iter().map(|d| d.id).collect()
}

// ---------------------------------------------------------------------------------------------
// Coverage

#[test]
fn every_diagnostic_id_has_a_test() {
    let source = include_str!("validate_rules.rs");
    let mut missing = Vec::new();
    for k in KINDS {
        if !matches!(k.stage, Stage::Load | Stage::Validate | Stage::Check) {
            continue;
        }
        if !COVERED.contains(&k.id) {
            missing.push(format!("{} (not in COVERED)", k.id));
        } else if !source.contains(&format!("fn {}()", k.id)) {
            missing.push(format!("{} (no test named `fn {}()`)", k.id, k.id));
        }
    }
    for id in COVERED {
        if !KINDS.iter().any(|k| k.id == *id) {
            missing.push(format!("{id} is in COVERED but not in KINDS"));
        }
    }
    assert!(
        missing.is_empty(),
        "diagnostic ids without a test:\n{}",
        missing.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Negative: clean models have no findings

const CLEAN_CLIENT: &str = r##"{
    "schemaVersion": 3,
    "schema": [
        {
            "name": "Task",
            "primaryKey": "_id",
            "properties": {
                "_id": "objectId",
                "summary": {"type": "string", "indexed": true},
                "isComplete": {"type": "bool", "default": false},
                "priority": "int?",
                "owner": "User?",
                "tags": "string[]",
                "labels": "string<>",
                "meta": "mixed{}",
                "address": "Address?",
                "history": "Address[]"
            }
        },
        {
            "name": "User",
            "primaryKey": "_id",
            "properties": {
                "_id": "string",
                "name": {"type": "string", "mapTo": "display_name"},
                "tasks": {"type": "linkingObjects", "objectType": "Task", "property": "owner"}
            }
        },
        {
            "name": "Address",
            "embedded": true,
            "properties": {"street": "string", "city": "string?"}
        },
        {
            "name": "Event",
            "asymmetric": true,
            "primaryKey": "_id",
            "properties": {"_id": "uuid", "at": "date", "where": "Address?"}
        }
    ]
}
"##;

#[test]
fn clean_client_model_has_no_findings() {
    let files: Files = &[("model.json", CLEAN_CLIENT)];
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let found = findings_of(tmp.path(), "model.json");
    assert!(found.is_empty(), "{found:#?}");
    let loaded = syncplan::load::load_one(&tmp.path().join("model.json")).unwrap();
    assert_eq!(loaded.schema.types.len(), 4);
    assert_eq!(loaded.schema.schema_version, Some(3));
}

const CLEAN_TASK: &str = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id", "summary"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "summary": {"bsonType": "string"},
        "owner": {"bsonType": "string"},
        "tags": {"bsonType": "array", "items": {"bsonType": "string"}},
        "address": {
            "bsonType": "object",
            "title": "Address",
            "required": ["street"],
            "properties": {"street": {"bsonType": "string"}}
        }
    }
}
"##;
const CLEAN_TASK_RELS: &str = r##"{
    "owner": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "source_key": "owner",
        "foreign_key": "_id",
        "is_list": false
    }
}
"##;
const CLEAN_USER: &str = r##"{
    "title": "User",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {
        "_id": {"bsonType": "string"},
        "name": {"bsonType": "string"}
    }
}
"##;
const CLEAN_SYNC: &str = r##"{
    "type": "flexible",
    "state": "enabled",
    "development_mode_enabled": false,
    "service_name": "mongodb-atlas",
    "database_name": "todo",
    "queryable_fields_names": ["owner"],
    "indexed_queryable_fields_names": [],
    "collection_queryable_fields_names": {"Task": ["summary"]}
}
"##;

fn clean_app() -> Vec<(&'static str, &'static str)> {
    vec![
        ("data_sources/mongodb-atlas/todo/Task/schema.json", CLEAN_TASK),
        (
            "data_sources/mongodb-atlas/todo/Task/relationships.json",
            CLEAN_TASK_RELS,
        ),
        ("data_sources/mongodb-atlas/todo/User/schema.json", CLEAN_USER),
        ("data_sources/mongodb-atlas/todo/User/relationships.json", "{}\n"),
        ("sync/config.json", CLEAN_SYNC),
    ]
}

#[test]
fn clean_app_export_has_no_findings() {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &clean_app());
    let found = findings_of(tmp.path(), "");
    assert!(found.is_empty(), "{found:#?}");
    let loaded = syncplan::load::load_one(tmp.path()).unwrap();
    let owner = loaded.schema.property("Task", "owner").unwrap();
    assert_eq!(owner.ty.target(), Some("User"), "the relationship makes owner a link");
}

#[test]
fn clean_pair_is_consistent() {
    let server = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id", "name"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string"},
        "count": {"bsonType": "long"}
    }
}
"##;
    let client = r##"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "int?"}}]"##;
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("s.json", server), ("c.json", client)]);
    let s = syncplan::load::load_one(&tmp.path().join("s.json")).unwrap();
    let c = syncplan::load::load_one(&tmp.path().join("c.json")).unwrap();
    assert!(syncplan::check::check(&s.schema, &c.schema).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Load stage (App Services schemas)

#[test]
fn bson_type_normalized() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "count": {"bsonType": "int"},
        "done": {"type": "boolean"}
    }
}
"##;
    let files: Files = &[("schema.json", s)];
    one_file(files, "bson_type_normalized", "Task.count", Some("\"count\""));
    one_file(files, "bson_type_normalized", "Task.done", Some("\"done\""));
}

#[test]
fn root_bson_type_missing() {
    let s = r##"{
    "title": "Task",
    "properties": {
        "_id": {"bsonType": "objectId"}
    }
}
"##;
    one_file(&[("schema.json", s)], "root_bson_type_missing", "Task", Some("{"));
}

#[test]
fn title_missing() {
    let s = r##"{
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"}
    }
}
"##;
    let files: Files = &[("data_sources/mongodb-atlas/todo/Tasks/schema.json", s)];
    app(
        files,
        "title_missing",
        "Tasks",
        Some(("data_sources/mongodb-atlas/todo/Tasks/schema.json", "{")),
    );
    // A single file has no collection name to fall back on.
    one_file(&[("schema.json", s)], "title_missing", "Unnamed", Some("{"));
}

#[test]
fn embedded_title_missing() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "address": {
            "bsonType": "object",
            "properties": {"street": {"bsonType": "string"}}
        }
    }
}
"##;
    let d = one_file(
        &[("schema.json", s)],
        "embedded_title_missing",
        "Task.address",
        Some("\"address\""),
    );
    assert!(d.message.contains("Task_address"), "{}", d.message);
}

#[test]
fn bson_type_no_realm_equivalent() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "pattern": {"bsonType": "regex"}
    }
}
"##;
    one_file(
        &[("schema.json", s)],
        "bson_type_no_realm_equivalent",
        "Task.pattern",
        Some("\"pattern\""),
    );
}

#[test]
fn type_union() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "value": {"bsonType": ["string", "long"]},
        "anything": {"description": "no type at all"}
    }
}
"##;
    let files: Files = &[("schema.json", s)];
    one_file(files, "type_union", "Task.value", Some("\"value\""));
    one_file(files, "type_union", "Task.anything", Some("\"anything\""));
}

#[test]
fn stray_schema_key() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"}
    },
    "userAvatar": {"bsonType": "string"}
}
"##;
    one_file(
        &[("schema.json", s)],
        "stray_schema_key",
        "Task.userAvatar",
        Some("\"userAvatar\""),
    );
}

#[test]
fn items_missing() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "tags": {"bsonType": "array"}
    }
}
"##;
    one_file(&[("schema.json", s)], "items_missing", "Task.tags", Some("\"tags\""));
}

#[test]
fn untyped_object() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "meta": {"bsonType": "object"}
    }
}
"##;
    one_file(&[("schema.json", s)], "untyped_object", "Task.meta", Some("\"meta\""));
}

#[test]
fn required_field_missing() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": [
        "_id",
        "ghost"
    ],
    "properties": {
        "_id": {"bsonType": "objectId"}
    }
}
"##;
    one_file(
        &[("schema.json", s)],
        "required_field_missing",
        "Task.ghost",
        Some("\"ghost\""),
    );
}

#[test]
fn required_collection() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": [
        "_id",
        "tags"
    ],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "labels": {"bsonType": "array", "items": {"bsonType": "string"}},
        "tags": {"bsonType": "array", "items": {"bsonType": "string"}}
    }
}
"##;
    one_file(
        &[("schema.json", s)],
        "required_collection",
        "Task.tags",
        Some("        \"tags\""),
    );
}

#[test]
fn schema_empty() {
    let files: Files = &[
        ("data_sources/mongodb-atlas/todo/Task/schema.json", CLEAN_TASK),
        ("data_sources/mongodb-atlas/todo/Empty/schema.json", "{}\n"),
    ];
    app(
        files,
        "schema_empty",
        "Empty",
        Some(("data_sources/mongodb-atlas/todo/Empty/schema.json", "{}")),
    );
}

const TASK_WITH_OWNER: &str = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "owner": {"bsonType": "string"},
        "owners": {"bsonType": "array", "items": {"bsonType": "string"}}
    }
}
"##;
const TASK_SCHEMA: &str = "data_sources/mongodb-atlas/todo/Task/schema.json";
const TASK_RELS: &str = "data_sources/mongodb-atlas/todo/Task/relationships.json";
const USER_SCHEMA: &str = "data_sources/mongodb-atlas/todo/User/schema.json";

/// Task (with `owner`: string, `owners`: string[]) and User (`_id`: string) plus Task's relationships.
fn relationship_app(rels: &'static str) -> [(&'static str, &'static str); 3] {
    [
        (TASK_SCHEMA, TASK_WITH_OWNER),
        (TASK_RELS, rels),
        (USER_SCHEMA, CLEAN_USER),
    ]
}

#[test]
fn relationship_ref_dangling() {
    let rels = r##"{
    "owner": {
        "ref": "#/relationship/mongodb-atlas/todo/Person",
        "foreign_key": "_id",
        "is_list": false
    }
}
"##;
    app(
        &relationship_app(rels),
        "relationship_ref_dangling",
        "Task.owner",
        Some((TASK_RELS, "\"owner\"")),
    );
}

#[test]
fn relationship_field_missing() {
    let rels = r##"{
    "assignee": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "foreign_key": "_id",
        "is_list": false
    }
}
"##;
    app(
        &relationship_app(rels),
        "relationship_field_missing",
        "Task.assignee",
        Some((TASK_RELS, "\"assignee\"")),
    );
}

#[test]
fn relationship_foreign_key_not_id() {
    let rels = r##"{
    "owner": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "foreign_key": "name",
        "is_list": false
    }
}
"##;
    app(
        &relationship_app(rels),
        "relationship_foreign_key_not_id",
        "Task.owner",
        Some((TASK_RELS, "\"owner\"")),
    );
}

#[test]
fn relationship_is_list_mismatch() {
    let rels = r##"{
    "owner": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "foreign_key": "_id",
        "is_list": true
    },
    "owners": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "foreign_key": "_id",
        "is_list": false
    }
}
"##;
    let files = relationship_app(rels);
    app(
        &files,
        "relationship_is_list_mismatch",
        "Task.owner",
        Some((TASK_RELS, "\"owner\"")),
    );
    app(
        &files,
        "relationship_is_list_mismatch",
        "Task.owners",
        Some((TASK_RELS, "\"owners\"")),
    );
}

#[test]
fn relationship_type_mismatch() {
    // User._id is a string; Task.count is a long.
    let task = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "count": {"bsonType": "long"}
    }
}
"##;
    let rels = r##"{
    "count": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "foreign_key": "_id",
        "is_list": false
    }
}
"##;
    let files: Files = &[(TASK_SCHEMA, task), (TASK_RELS, rels), (USER_SCHEMA, CLEAN_USER)];
    let d = app(
        files,
        "relationship_type_mismatch",
        "Task.count",
        Some((TASK_RELS, "\"count\"")),
    );
    assert!(
        d.message.contains("long") && d.message.contains("string"),
        "{}",
        d.message
    );
}

#[test]
fn relationship_on_id() {
    let rels = r##"{
    "_id": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "foreign_key": "_id",
        "is_list": false
    }
}
"##;
    app(
        &relationship_app(rels),
        "relationship_on_id",
        "Task._id",
        Some((TASK_RELS, "\"_id\": {")),
    );
}

#[test]
fn relationship_legacy_keys() {
    let rels = r##"{
    "owner": {
        "ref": "#/relationship/mongodb-atlas/todo/User",
        "foreignKey": "_id",
        "isList": false
    }
}
"##;
    let files = relationship_app(rels);
    app(
        &files,
        "relationship_legacy_keys",
        "Task.owner",
        Some((TASK_RELS, "\"owner\"")),
    );
    // The legacy keys are still honoured: owner became a link.
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &files);
    let l = syncplan::load::load_one(tmp.path()).unwrap();
    assert_eq!(l.schema.property("Task", "owner").unwrap().ty.target(), Some("User"));
}

#[test]
fn embedded_title_conflict() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "home": {
            "bsonType": "object",
            "title": "Address",
            "properties": {"street": {"bsonType": "string"}}
        },
        "work": {
            "bsonType": "object",
            "title": "Address",
            "properties": {"city": {"bsonType": "string"}}
        }
    }
}
"##;
    one_file(
        &[("schema.json", s)],
        "embedded_title_conflict",
        "Address",
        Some("\"work\""),
    );
    // An embedded object titled like a collection conflicts too.
    let task = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "owner": {
            "bsonType": "object",
            "title": "User",
            "properties": {"name": {"bsonType": "string"}}
        }
    }
}
"##;
    let files: Files = &[(TASK_SCHEMA, task), (USER_SCHEMA, CLEAN_USER)];
    app(
        files,
        "embedded_title_conflict",
        "User",
        Some((TASK_SCHEMA, "\"owner\"")),
    );
}

#[test]
fn duplicate_title() {
    let other = r##"{
    "bsonType": "object",
    "title": "Task",
    "properties": {
        "_id": {"bsonType": "objectId"}
    }
}
"##;
    let files: Files = &[
        (TASK_SCHEMA, CLEAN_TASK),
        ("data_sources/mongodb-atlas/todo/TaskCopy/schema.json", other),
    ];
    app(
        files,
        "duplicate_title",
        "Task",
        Some(("data_sources/mongodb-atlas/todo/TaskCopy/schema.json", "\"title\"")),
    );
}

// ---------------------------------------------------------------------------------------------
// Validate stage

#[test]
fn embedded_cycle() {
    let m = r##"[
    {"name": "Root", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "A?"}},
    {"name": "A", "embedded": true, "properties": {
        "b": "B?"
    }},
    {"name": "B", "embedded": true, "properties": {
        "a": "A?"
    }}
]
"##;
    let d = one_file(&[("model.json", m)], "embedded_cycle", "A", Some("\"name\": \"A\""));
    assert!(d.message.contains('A') && d.message.contains('B'), "{}", d.message);
    // A type embedding itself is a cycle too.
    let m = r##"[
    {"name": "Root", "primaryKey": "_id", "properties": {"_id": "objectId", "n": "Node?"}},
    {"name": "Node", "embedded": true, "properties": {"children": "Node[]"}}
]
"##;
    one_file(
        &[("model.json", m)],
        "embedded_cycle",
        "Node",
        Some("\"name\": \"Node\""),
    );
}

#[test]
fn embedded_cycle_through_a_link_is_not_a_cycle() {
    // Links to top-level types are stored as primary keys: they break the embedding path.
    let m = r##"[
    {"name": "Root", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "A?"}},
    {"name": "A", "embedded": true, "properties": {"root": "Root?"}}
]
"##;
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("model.json", m)]);
    let found = findings_of(tmp.path(), "model.json");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn embedded_unreachable() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId"}},
    {"name": "Orphan", "embedded": true, "properties": {"x": "int"}}
]
"##;
    one_file(
        &[("model.json", m)],
        "embedded_unreachable",
        "Orphan",
        Some("\"name\": \"Orphan\""),
    );
}

#[test]
fn embedded_set() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "stops": "Stop<>"
    }},
    {"name": "Stop", "embedded": true, "properties": {"x": "int"}}
]
"##;
    one_file(&[("model.json", m)], "embedded_set", "Task.stops", Some("\"stops\""));
}

#[test]
fn link_to_asymmetric() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "log": "Log?"
    }},
    {"name": "Log", "asymmetric": true, "primaryKey": "_id", "properties": {"_id": "objectId"}}
]
"##;
    one_file(&[("model.json", m)], "link_to_asymmetric", "Task.log", Some("\"log\""));
}

#[test]
fn link_target_missing() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "owner": "User?"
    }}
]
"##;
    one_file(
        &[("model.json", m)],
        "link_target_missing",
        "Task.owner",
        Some("\"owner\""),
    );
}

#[test]
fn primary_key_missing() {
    let m = r##"[
    {"name": "Task", "properties": {
        "_id": "objectId"
    }}
]
"##;
    let d = one_file(
        &[("model.json", m)],
        "primary_key_missing",
        "Task",
        Some("\"name\": \"Task\""),
    );
    assert!(d.message.contains("is not the primary key"), "{}", d.message);
    // A property's finding spans its entry: from the key to the end of its value (exclusive).
    let m = "[\n  {\"name\": \"Task\", \"primaryKey\": \"_id\", \"properties\": {\n    \"_id\": \"objectId\",\n    \"owner\": \"Persn\"\n  }}\n]\n";
    let d = one_file(&[("model.json", m)], "link_target_missing", "Task.owner", None);
    let loc = d.location.expect("a location");
    assert_eq!(
        (loc.line, loc.column, loc.end_line, loc.end_column),
        (4, 5, 4, 21),
        "{loc:?}"
    );
    // YAML inputs carry positions too (the same place as in JSON: the type's `name` key).
    let y = "# tasks\n- name: Task\n  properties:\n    title: string\n";
    let d = one_file(&[("model.yaml", y)], "primary_key_missing", "Task", None);
    let loc = d.location.expect("a YAML finding names its file");
    assert!(loc.file.ends_with("model.yaml"), "{loc}");
    assert_eq!((loc.line, loc.column), (2, 3), "{loc}");
}

#[test]
fn primary_key_not_id() {
    let m = r##"[
    {"name": "Task", "primaryKey": "id", "properties": {
        "id": "objectId"
    }}
]
"##;
    one_file(&[("model.json", m)], "primary_key_not_id", "Task.id", Some("\"id\":"));
    // A mapTo'd `_id` is fine: the persisted name is what counts.
    let ok = r##"[{"name": "Task", "primaryKey": "id", "properties": {"id": {"type": "objectId", "mapTo": "_id"}}}]"##;
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("model.json", ok)]);
    let found = findings_of(tmp.path(), "model.json");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn primary_key_type_invalid() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "double"
    }}
]
"##;
    one_file(
        &[("model.json", m)],
        "primary_key_type_invalid",
        "Task._id",
        Some("\"_id\": \"double\""),
    );
}

#[test]
fn embedded_primary_key() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "Address?"}},
    {"name": "Address", "embedded": true, "primaryKey": "street", "properties": {
        "street": "string"
    }}
]
"##;
    one_file(
        &[("model.json", m)],
        "embedded_primary_key",
        "Address",
        Some("\"name\": \"Address\""),
    );
}

#[test]
fn to_one_link_required() {
    // Realm JS makes to-one links optional by itself; a server schema can require one.
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id", "address"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "address": {
            "bsonType": "object",
            "title": "Address",
            "properties": {"street": {"bsonType": "string"}}
        }
    }
}
"##;
    one_file(
        &[("schema.json", s)],
        "to_one_link_required",
        "Task.address",
        Some("\"address\": {"),
    );
}

#[test]
fn dictionary_link_required() {
    // Both loaders make dictionary-of-object values optional (Realm JS `Dog{}`, and a server
    // dictionary of links/embedded objects), so no file can produce this: build the model.
    let mut task = ObjectType::new("Task", ObjectKind::TopLevel);
    task.primary_key = Some("_id".into());
    task.properties.insert(
        "_id".into(),
        Property::new(
            "_id",
            PropertyType::single(syncplan::model::ScalarType::ObjectId),
            false,
        ),
    );
    task.properties.insert(
        "dogs".into(),
        Property::new(
            "dogs",
            PropertyType::Value {
                collection: Collection::Dictionary,
                element: Element::Object("Dog".into()),
            },
            false,
        ),
    );
    let mut dog = ObjectType::new("Dog", ObjectKind::TopLevel);
    dog.primary_key = Some("_id".into());
    dog.properties.insert(
        "_id".into(),
        Property::new(
            "_id",
            PropertyType::single(syncplan::model::ScalarType::ObjectId),
            false,
        ),
    );
    let mut schema = Schema::new(Side::Client);
    schema.types = BTreeMap::from([("Task".into(), task), ("Dog".into(), dog)]);
    let found = syncplan::validate::validate(&schema);
    expect(&found, &[], "dictionary_link_required", "Task.dogs", None);
    // Optional values are fine.
    schema
        .types
        .get_mut("Task")
        .unwrap()
        .properties
        .get_mut("dogs")
        .unwrap()
        .optional = true;
    assert!(syncplan::validate::validate(&schema).is_empty());
}

#[test]
fn mixed_required() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id", "any"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "any": {"bsonType": "mixed"}
    }
}
"##;
    one_file(&[("schema.json", s)], "mixed_required", "Task.any", Some("\"any\":"));
}

#[test]
fn linking_objects_invalid() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner": "User?"}},
    {"name": "User", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "missing": {"type": "linkingObjects", "objectType": "Task", "property": "assignee"},
        "wrong": {"type": "linkingObjects", "objectType": "Task", "property": "_id"},
        "nowhere": {"type": "linkingObjects", "objectType": "Project", "property": "owner"}
    }}
]
"##;
    let files: Files = &[("model.json", m)];
    one_file(files, "linking_objects_invalid", "User.missing", Some("\"missing\""));
    one_file(files, "linking_objects_invalid", "User.wrong", Some("\"wrong\""));
    one_file(files, "linking_objects_invalid", "User.nowhere", Some("\"nowhere\""));
}

#[test]
fn type_name_too_long() {
    let name = "T".repeat(58);
    let ok = "U".repeat(57);
    let m = format!(
        "[\n    {{\"name\": \"{name}\", \"primaryKey\": \"_id\", \"properties\": {{\"_id\": \"objectId\"}}}},\n    \
         {{\"name\": \"{ok}\", \"primaryKey\": \"_id\", \"properties\": {{\"_id\": \"objectId\"}}}}\n]\n"
    );
    let files: Files = &[("model.json", &m)];
    one_file(files, "type_name_too_long", &name, Some(&name));
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let found = findings_of(tmp.path(), "model.json");
    assert_eq!(ids(&found), ["type_name_too_long"], "57 bytes is the limit: {found:#?}");
}

#[test]
fn collection_name_invalid() {
    // A client model: Development Mode would name the collection after the type.
    for (name, why) in [
        ("a/b", "path separator"),
        ("..\\\\x", "path separator"),
        ("pay$", "`$`"),
        ("system.users", "`system.`"),
    ] {
        let m = format!(
            "[\n    {{\"name\": \"{name}\", \"primaryKey\": \"_id\", \"properties\": {{\"_id\": \"objectId\"}}}},\n    \
             {{\"name\": \"Fine_1\", \"primaryKey\": \"_id\", \"properties\": {{\"_id\": \"objectId\"}}}},\n    \
             {{\"name\": \"In/Line\", \"embedded\": true, \"properties\": {{\"x\": \"int\"}}}}\n]\n"
        );
        let files: Files = &[("model.json", &m)];
        let shown = name.replace("\\\\", "\\");
        let d = one_file(files, "collection_name_invalid", &shown, Some(name));
        assert!(d.message.contains(why), "{name}: {}", d.message);
        let tmp = tempfile::tempdir().unwrap();
        write_files(tmp.path(), files);
        // Embedded types have no collection: "In/Line" is fine.
        let found = findings_of(tmp.path(), "model.json");
        let bad: Vec<&str> = found
            .iter()
            .filter(|d| d.id == "collection_name_invalid")
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(bad, [shown.as_str()], "{name}");
    }
    // A server schema: the collection is the directory, whatever the title says.
    let files: Files = &[(
        "data_sources/mongodb-atlas/db/system.jobs/schema.json",
        r#"{"title": "Job", "bsonType": "object", "properties": {"_id": {"bsonType": "objectId"}}}"#,
    )];
    let d = app(files, "collection_name_invalid", "Job", None);
    assert!(d.message.contains("\"system.jobs\""), "{}", d.message);
}

#[test]
fn property_name_too_long() {
    // 64 bytes; the limit counts UTF-8 bytes, so 32 two-byte characters are 64 bytes too.
    let long = "p".repeat(64);
    let wide = "é".repeat(32);
    let ok = "q".repeat(63);
    let m = format!(
        "[\n    {{\"name\": \"Task\", \"primaryKey\": \"_id\", \"properties\": {{\n        \"_id\": \"objectId\",\n        \
         \"{long}\": \"int\",\n        \"{wide}\": \"int\",\n        \"{ok}\": \"int\"\n    }}}}\n]\n"
    );
    let files: Files = &[("model.json", &m)];
    one_file(files, "property_name_too_long", &format!("Task.{long}"), Some(&long));
    one_file(files, "property_name_too_long", &format!("Task.{wide}"), Some(&wide));
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let found = findings_of(tmp.path(), "model.json");
    assert_eq!(found.len(), 2, "63 bytes is the limit: {found:#?}");
}

#[test]
fn reserved_field_name() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "LIMIT": "int",
        "uuid": "uuid",
        "Uuid": "uuid",
        "title": "string"
    }}
]
"##;
    let files: Files = &[("model.json", m)];
    one_file(files, "reserved_field_name", "Task.LIMIT", Some("\"LIMIT\""));
    one_file(files, "reserved_field_name", "Task.uuid", Some("\"uuid\": \"uuid\""));
    // `uuid` is reserved in exactly that case only.
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let found = findings_of(tmp.path(), "model.json");
    assert_eq!(found.len(), 2, "{found:#?}");
}

#[test]
fn asymmetric_not_flexible() {
    let log = r##"{
    "title": "Log",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"}
    }
}
"##;
    let sync = r##"{
    "type": "partition",
    "state": "enabled",
    "partition": {"key": "_partition", "type": "string"},
    "asymmetric_tables": ["Log"]
}
"##;
    let files: Files = &[
        ("data_sources/mongodb-atlas/db/Log/schema.json", log),
        ("sync/config.json", sync),
    ];
    app(
        files,
        "asymmetric_not_flexible",
        "Log",
        Some(("data_sources/mongodb-atlas/db/Log/schema.json", "{")),
    );
}

#[test]
fn index_not_supported() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "score": {"type": "double", "indexed": true},
        "name": {"type": "string", "indexed": true},
        "tags": {"type": "list", "objectType": "string", "indexed": true},
        "ids": {"type": "set", "objectType": "int", "indexed": true}
    }}
]
"##;
    let files: Files = &[("model.json", m)];
    one_file(files, "index_not_supported", "Task.score", Some("\"score\""));
    one_file(files, "index_not_supported", "Task.ids", Some("\"ids\""));
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let found = findings_of(tmp.path(), "model.json");
    assert_eq!(found.len(), 2, "string and list of string are indexable: {found:#?}");
}

#[test]
fn duplicate_property_name() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "name": "string",
        "title": {"type": "string", "mapTo": "name"}
    }}
]
"##;
    one_file(
        &[("model.json", m)],
        "duplicate_property_name",
        "Task.name",
        Some("\"title\""),
    );
}

fn sync_app(sync: &'static str) -> [(&'static str, &'static str); 3] {
    [
        (TASK_SCHEMA, CLEAN_TASK),
        (USER_SCHEMA, CLEAN_USER),
        ("sync/config.json", sync),
    ]
}

#[test]
fn queryable_field_unknown() {
    let sync = r##"{
    "type": "flexible",
    "queryable_fields_names": ["nope"],
    "collection_queryable_fields_names": {"Task": ["ghost"], "Nothing": ["x"]}
}
"##;
    let files = sync_app(sync);
    app(
        &files,
        "queryable_field_unknown",
        "sync.nope",
        Some(("sync/config.json", "{")),
    );
    app(
        &files,
        "queryable_field_unknown",
        "sync.Task.ghost",
        Some(("sync/config.json", "{")),
    );
    app(
        &files,
        "queryable_field_unknown",
        "sync.Nothing.x",
        Some(("sync/config.json", "{")),
    );
}

#[test]
fn queryable_field_not_eligible() {
    let sync = r##"{
    "type": "flexible",
    "queryable_fields_names": ["address", "tags", "owner"]
}
"##;
    let files = sync_app(sync);
    app(
        &files,
        "queryable_field_not_eligible",
        "sync.address",
        Some(("sync/config.json", "{")),
    );
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &files);
    let found = findings_of(tmp.path(), "");
    assert_eq!(
        ids(&found),
        ["queryable_field_not_eligible"],
        "arrays of scalars and links are eligible: {found:#?}"
    );
}

#[test]
fn indexed_queryable_field_invalid() {
    // `summary` is not queryable and not in User; two indexed fields are one too many.
    let sync = r##"{
    "type": "flexible",
    "queryable_fields_names": ["owner"],
    "indexed_queryable_fields_names": ["summary", "owner"]
}
"##;
    let d = app(
        &sync_app(sync),
        "indexed_queryable_field_invalid",
        "sync",
        Some(("sync/config.json", "{")),
    );
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &sync_app(sync));
    let found = findings_of(tmp.path(), "");
    let messages: Vec<&str> = found
        .iter()
        .filter(|d| d.id == "indexed_queryable_field_invalid")
        .map(|d| d.message.as_str())
        .collect();
    assert!(messages.iter().any(|m| m.contains("at most 1")), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("\"summary\" is not in queryable_fields_names")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("\"User\" has no field \"summary\"")),
        "{messages:?}"
    );
    assert!(!d.message.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Check stage (a minimal case each; tests/it/check.rs has the details)

const SERVER_TASK: &str = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id", "name"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string"},
        "count": {"bsonType": "long"},
        "tags": {"bsonType": "array", "items": {"bsonType": "string"}}
    }
}
"##;

#[test]
fn check_type_missing_on_server() {
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "int?", "tags": "string[]"}},
    {"name": "Note", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]
"##;
    check(
        SERVER_TASK,
        client,
        "check_type_missing_on_server",
        "Note",
        Some(("client.json", "\"name\": \"Note\"")),
    );
}

#[test]
fn check_property_missing_on_server() {
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId", "name": "string", "count": "int?", "tags": "string[]",
        "extra": "string?"
    }}
]
"##;
    check(
        SERVER_TASK,
        client,
        "check_property_missing_on_server",
        "Task.extra",
        Some(("client.json", "\"extra\"")),
    );
}

#[test]
fn check_property_type_mismatch() {
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId", "name": "string", "tags": "string[]",
        "count": "string?"
    }}
]
"##;
    check(
        SERVER_TASK,
        client,
        "check_property_type_mismatch",
        "Task.count",
        Some(("client.json", "\"count\"")),
    );
}

#[test]
fn check_optionality_mismatch() {
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId", "count": "int?", "tags": "string[]",
        "name": "string?"
    }}
]
"##;
    check(
        SERVER_TASK,
        client,
        "check_optionality_mismatch",
        "Task.name",
        Some(("client.json", "\"name\": \"string?\"")),
    );
}

#[test]
fn check_link_target_mismatch() {
    let server = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "address": {"bsonType": "object", "title": "Address", "properties": {"street": {"bsonType": "string"}}}
    }
}
"##;
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "address": "Place?"
    }},
    {"name": "Place", "embedded": true, "properties": {"street": "string?"}}
]
"##;
    check(
        server,
        client,
        "check_link_target_mismatch",
        "Task.address",
        Some(("client.json", "\"address\"")),
    );
}

#[test]
fn check_kind_mismatch() {
    let server = r##"{
    "title": "Task",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "address": {"bsonType": "object", "title": "Address", "properties": {"street": {"bsonType": "string"}}}
    }
}
"##;
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "address": "Address?"}},
    {"name": "Address", "primaryKey": "_id", "properties": {"_id": "objectId", "street": "string?"}}
]
"##;
    check(
        server,
        client,
        "check_kind_mismatch",
        "Address",
        Some(("client.json", "\"name\": \"Address\"")),
    );
}

#[test]
fn check_primary_key_mismatch() {
    let client = r##"[
    {"name": "Task", "properties": {"_id": "objectId", "name": "string", "count": "int?", "tags": "string[]"}}
]
"##;
    check(
        SERVER_TASK,
        client,
        "check_primary_key_mismatch",
        "Task",
        Some(("client.json", "\"name\": \"Task\"")),
    );
}

#[test]
fn check_collection_not_in_client() {
    let client = r##"[{"name": "Other", "primaryKey": "_id", "properties": {"_id": "objectId"}}]"##;
    check(
        SERVER_TASK,
        client,
        "check_collection_not_in_client",
        "Task",
        Some(("server.json", "{")),
    );
}

#[test]
fn check_property_not_in_client() {
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "tags": "string[]"}}
]
"##;
    check(
        SERVER_TASK,
        client,
        "check_property_not_in_client",
        "Task.count",
        Some(("server.json", "\"count\"")),
    );
}

#[test]
fn check_element_nullability() {
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId", "name": "string", "count": "int?",
        "tags": "string?[]"
    }}
]
"##;
    check(
        SERVER_TASK,
        client,
        "check_element_nullability",
        "Task.tags",
        Some(("client.json", "\"tags\"")),
    );
}

// ---------------------------------------------------------------------------------------------
// realm-core rules (facts §5.3) the validator misses today

fn realm_findings(m: &str) -> Vec<Diagnostic> {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("model.json", m)]);
    findings_of(tmp.path(), "model.json")
}

/// Core: "lists and sets of objects can't be nullable". Accepting `User?[]` also breaks the
/// devmode round trip (the server schema cannot say the elements are nullable).
#[test]
fn link_collection_nullable() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "many": "User?[]",
        "few": {"type": "set", "objectType": "User", "optional": true}
    }},
    {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]
"##;
    let found = realm_findings(m);
    for path in ["Task.many", "Task.few"] {
        assert!(
            found.iter().any(|d| d.path == path
                && d.id == "link_collection_nullable"
                && d.severity == syncplan::diagnostic::Severity::Error),
            "no error at {path}: {found:#?}"
        );
    }
}

/// Core: only int, bool, date, string, objectId, uuid, mixed (and lists of string) are indexable;
/// an indexed link is refused ("cannot be indexed").
#[test]

fn indexed_link_is_not_supported() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "owner": {"type": "object", "objectType": "User", "indexed": true}
    }},
    {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]
"##;
    let found = realm_findings(m);
    expect(
        &found,
        &[("model.json", m)],
        "index_not_supported",
        "Task.owner",
        Some(("model.json", "\"owner\"")),
    );
}

/// Core: an alias (public name) equal to another property's persisted name is an error. Here
/// `b` is the public name of the property persisted as `c`, and `a` persists as `b`.
#[test]

fn alias_equal_to_another_persisted_name_is_a_duplicate() {
    let m = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId",
        "a": {"type": "int", "mapTo": "b"},
        "b": {"type": "int", "mapTo": "c"}
    }}
]
"##;
    let found = realm_findings(m);
    assert!(
        found.iter().any(|d| d.id == "duplicate_property_name"),
        "no duplicate_property_name: {found:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Load: client models read from SDK source code (`syncplan::source`)

#[cfg(feature = "sdk-sources")]
#[test]
fn source_unresolved_type() {
    let swift = r##"import RealmSwift
import Billing

// `Money` is declared in another module, not in the files read.
class Invoice: Object {
    @Persisted(primaryKey: true) var _id: ObjectId
    @Persisted var total: Money
}
"##;
    let d = one_file(
        &[("Invoice.swift", swift)],
        "source_unresolved_type",
        "Invoice.total",
        Some("var total: Money"),
    );
    assert!(d.message.contains("Money"), "{}", d.message);
}

#[cfg(feature = "sdk-sources")]
#[test]
fn source_unsupported_construct() {
    let kotlin = r##"import io.realm.kotlin.types.RealmObject

class Frog : RealmObject {
    var name: String = ""
    lateinit var species: String
}
"##;
    one_file(
        &[("Frog.kt", kotlin)],
        "source_unsupported_construct",
        "Frog.species",
        Some("lateinit var species"),
    );
}

#[cfg(feature = "sdk-sources")]
#[test]
fn source_syntax_error() {
    let cs = r##"#nullable enable
using Realms;

public partial class Dog : IRealmObject
{
    public string Name { get; set; } = "";
    public int Age { get; set; } = = 3;
}
"##;
    one_file(&[("Dog.cs", cs)], "source_syntax_error", "Dog", Some("= = 3"));
    // Outside any class: named after the file.
    let swift = "import RealmSwift\nclass Dog: Object {\n    @Persisted var name: String\n}\nlet = = 1\n";
    one_file(
        &[("Dog.swift", swift)],
        "source_syntax_error",
        "Dog.swift",
        Some("let = = 1"),
    );
}

#[cfg(feature = "sdk-sources")]
#[test]
fn source_default_not_literal() {
    let kotlin = r##"import io.realm.kotlin.types.RealmObject
import io.realm.kotlin.types.RealmInstant

class Frog : RealmObject {
    var name: String = "Kermit"
    var bornAt: RealmInstant = RealmInstant.now()
}
"##;
    let found = {
        let tmp = tempfile::tempdir().unwrap();
        write_files(tmp.path(), &[("Frog.kt", kotlin)]);
        findings_of(tmp.path(), "Frog.kt")
    };
    expect(
        &found,
        &[("Frog.kt", kotlin)],
        "source_default_not_literal",
        "Frog.bornAt",
        Some(("Frog.kt", "RealmInstant.now()")),
    );
    // The literal one is read as a default, without a finding.
    assert!(!found.iter().any(|d| d.path == "Frog.name"), "{found:#?}");
}

#[cfg(feature = "sdk-sources")]
#[test]
fn source_nullable_context_assumed() {
    let cs = r##"using Realms;

public partial class Dog : IRealmObject
{
    public string Name { get; set; }
}
"##;
    one_file(
        &[("Dog.cs", cs)],
        "source_nullable_context_assumed",
        "Dog",
        Some("partial class Dog"),
    );
}

// ---------------------------------------------------------------------------------------------
// Check: clients against each other (`check::compare_clients`)

/// Loads every file as one client (labelled by its file name) and compares them.
fn clients(files: Files, id: &str, path: &str, at: Option<(&str, &str)>) -> Diagnostic {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let loaded: Vec<(String, Schema)> = files
        .iter()
        .map(|(f, _)| {
            let l = syncplan::load::load_one(&tmp.path().join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            (f.to_string(), l.schema)
        })
        .collect();
    let refs: Vec<(String, &Schema)> = loaded.iter().map(|(l, s)| (l.clone(), s)).collect();
    let found = syncplan::check::compare_clients(&refs);
    // The same models compared with themselves agree.
    for (l, s) in &loaded {
        let same = syncplan::check::compare_clients(&[(l.clone(), s), (format!("{l} again"), s)]);
        assert!(same.is_empty(), "{l} disagrees with itself: {same:#?}");
    }
    expect(&found, files, id, path, at)
}

const CLIENT_TASK: &str = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "int?"}}
]
"##;

#[test]
fn check_clients_type_missing() {
    let other = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "int?"}},
    {"name": "Note", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]
"##;
    clients(
        &[("web.json", CLIENT_TASK), ("ios.json", other)],
        "check_clients_type_missing",
        "Note",
        Some(("ios.json", "\"name\": \"Note\"")),
    );
}

#[test]
fn check_clients_property_missing() {
    let other = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string", "count": "int?",
        "extra": "string?"}}
]
"##;
    clients(
        &[("web.json", CLIENT_TASK), ("ios.json", other)],
        "check_clients_property_missing",
        "Task.extra",
        Some(("ios.json", "\"extra\"")),
    );
}

#[test]
fn check_clients_disagree_type() {
    let other = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "name": "string",
        "count": "double?"}}
]
"##;
    let d = clients(
        &[("web.json", CLIENT_TASK), ("ios.json", other)],
        "check_clients_disagree_type",
        "Task.count",
        Some(("ios.json", "\"count\"")),
    );
    assert!(
        d.message.contains("double?") && d.message.contains("int?"),
        "{}",
        d.message
    );
}

#[test]
fn check_clients_disagree_optionality() {
    let other = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "count": "int?",
        "name": "string?"}}
]
"##;
    clients(
        &[("web.json", CLIENT_TASK), ("ios.json", other)],
        "check_clients_disagree_optionality",
        "Task.name",
        Some(("ios.json", "\"name\": \"string?\"")),
    );
}

#[test]
fn check_clients_disagree_kind() {
    let a = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "place": "Place?"}},
    {"name": "Place", "embedded": true, "properties": {"city": "string"}}
]
"##;
    let b = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "place": "Place?"}},
    {"name": "Place", "primaryKey": "_id", "properties": {"_id": "objectId", "city": "string"}}
]
"##;
    clients(
        &[("web.json", a), ("ios.json", b)],
        "check_clients_disagree_kind",
        "Place",
        Some(("ios.json", "\"name\": \"Place\"")),
    );
}

#[test]
fn check_clients_disagree_primary_key() {
    let other = r##"[
    {"name": "Task", "primaryKey": "name", "properties": {"_id": "objectId", "name": "string", "count": "int?"}}
]
"##;
    clients(
        &[("web.json", CLIENT_TASK), ("ios.json", other)],
        "check_clients_disagree_primary_key",
        "Task",
        Some(("ios.json", "\"name\": \"Task\"")),
    );
}

/// Read from SDK sources: Swift persists `firstName` as declared, Kotlin maps it to
/// `first_name`: the two apps sync different fields.
#[cfg(feature = "sdk-sources")]
#[test]
fn check_clients_mapped_name_differs() {
    let swift = r##"import RealmSwift

class Person: Object {
    @Persisted(primaryKey: true) var _id: ObjectId
    @Persisted var firstName: String
}
"##;
    let kotlin = r##"import io.realm.kotlin.types.RealmObject
import io.realm.kotlin.types.annotations.PersistedName
import io.realm.kotlin.types.annotations.PrimaryKey
import org.mongodb.kbson.ObjectId

class Person : RealmObject {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
    @PersistedName("first_name")
    var firstName: String = ""
}
"##;
    let d = clients(
        &[("Person.swift", swift), ("Person.kt", kotlin)],
        "check_clients_mapped_name_differs",
        "Person.first_name",
        Some(("Person.kt", "var firstName")),
    );
    assert!(d.message.contains("first_name"), "{}", d.message);
    // Not also reported as two missing properties.
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("Person.swift", swift), ("Person.kt", kotlin)]);
    let s = syncplan::load::load_one(&tmp.path().join("Person.swift"))
        .unwrap()
        .schema;
    let k = syncplan::load::load_one(&tmp.path().join("Person.kt")).unwrap().schema;
    let found = syncplan::check::compare_clients(&[("swift".into(), &s), ("kotlin".into(), &k)]);
    assert!(
        !found.iter().any(|d| d.id == "check_clients_property_missing"),
        "{found:#?}"
    );
}

#[cfg(unix)]
#[test]
fn name_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let coll = tmp
        .path()
        .join("data_sources/mongodb-atlas")
        .join(std::ffi::OsStr::from_bytes(b"sh\xf6p"))
        .join("items");
    std::fs::create_dir_all(&coll).unwrap();
    let schema = r#"{"title": "Item", "bsonType": "object", "properties": {"_id": {"bsonType": "objectId"}}}"#;
    std::fs::write(coll.join("schema.json"), schema).unwrap();
    let other = coll.parent().unwrap().join("tags");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("schema.json"), schema.replace("Item", "Tag")).unwrap();
    let found = findings_of(tmp.path(), "");
    // Once for the database directory, not once per collection in it.
    let hits: Vec<&Diagnostic> = found.iter().filter(|d| d.id == "name_not_utf8").collect();
    assert_eq!(hits.len(), 1, "{found:#?}");
    let d = expect(&found, &[("schema.json", schema)], "name_not_utf8", "sh\u{fffd}p", None);
    assert!(d.message.contains("is not valid UTF-8"), "{}", d.message);
    assert!(
        d.location
            .as_ref()
            .is_some_and(|l| l.file.ends_with("items/schema.json")),
        "{:?}",
        d.location
    );
}

// ---------------------------------------------------------------------------------------------
// Trust: unread parts and near-miss names

/// A Realm model class whose members are in no syntax the reader knows is kept, marked unread,
/// with an error naming the construct; no `primary_key_missing` follows from its missing body.
#[cfg(feature = "sdk-sources")]
#[test]
fn source_unread_type() {
    let swift = r##"import RealmSwift

class Ledger: Object {
    var total = 0
    var owner: String = ""
}
"##;
    let d = one_file(
        &[("Ledger.swift", swift)],
        "source_unread_type",
        "Ledger",
        Some("class Ledger"),
    );
    assert!(d.message.contains("var total = 0"), "{}", d.message);
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("Ledger.swift", swift)]);
    let found = findings_of(tmp.path(), "Ledger.swift");
    assert!(!found.iter().any(|d| d.id == "primary_key_missing"), "{found:#?}");
}

#[test]
fn check_name_near_miss() {
    let server = r##"{
    "title": "TimeSheet",
    "bsonType": "object",
    "required": ["_id"],
    "properties": {"_id": {"bsonType": "objectId"}}
}
"##;
    let client = r##"[
    {"name": "Timesheet", "primaryKey": "_id", "properties": {"_id": "objectId"}}
]
"##;
    let d = check(
        server,
        client,
        "check_name_near_miss",
        "Timesheet",
        Some(("client.json", "\"Timesheet\"")),
    );
    assert!(
        d.message.contains("\"Timesheet\"") && d.message.contains("\"TimeSheet\""),
        "{}",
        d.message
    );
}

// ---------------------------------------------------------------------------------------------
// Server side: misspellings, partition key, queryable fields, permissions

#[test]
fn unknown_schema_key() {
    let s = r##"{
    "title": "Task",
    "bsonType": "object",
    "properties": {
        "_id": {"bsonType": "objectId"},
        "owner": {"bsonType:": "string"}
    }
}
"##;
    let d = one_file(
        &[("schema.json", s)],
        "unknown_schema_key",
        "Task.owner",
        Some("\"bsonType:\""),
    );
    assert!(d.message.contains("did you mean \"bsonType\"?"), "{}", d.message);
}

#[test]
fn role_shape_unknown() {
    let rules = r##"{
    "database": "todo",
    "collection": "Task",
    "roles": [
        {"name": "owner", "read": "yes"}
    ]
}
"##;
    let files = [
        (TASK_SCHEMA, CLEAN_TASK),
        ("data_sources/mongodb-atlas/todo/Task/rules.json", rules),
    ];
    let d = app(
        &files,
        "role_shape_unknown",
        "mongodb-atlas/todo/Task",
        Some(("data_sources/mongodb-atlas/todo/Task/rules.json", "\"read\"")),
    );
    assert!(d.message.contains("role \"owner\""), "{}", d.message);
}

const PBS_SYNC: &str = r##"{
    "type": "partition",
    "state": "enabled",
    "service_name": "mongodb-atlas",
    "partition": {"key": "owner", "type": "string", "required": true}
}
"##;

#[test]
fn partition_key_missing() {
    let files = sync_app(PBS_SYNC);
    // User has no `owner` field.
    app(&files, "partition_key_missing", "User.owner", Some((USER_SCHEMA, "{")));
}

#[test]
fn partition_key_type_mismatch() {
    let sync = r##"{
    "type": "partition",
    "partition": {"key": "name", "type": "objectId", "required": false}
}
"##;
    let files = sync_app(sync);
    app(
        &files,
        "partition_key_type_mismatch",
        "User.name",
        Some((USER_SCHEMA, "\"name\"")),
    );
}

#[test]
fn partition_key_not_required() {
    let files = sync_app(PBS_SYNC);
    // `owner` is declared on Task but not listed in `required`.
    let d = app(
        &files,
        "partition_key_not_required",
        "Task.owner",
        Some((TASK_SCHEMA, "\"owner\"")),
    );
    assert!(d.message.contains("required"), "{}", d.message);
    // Required there: no finding.
    let required = CLEAN_TASK.replace(
        r#""required": ["_id", "summary"]"#,
        r#""required": ["_id", "summary", "owner"]"#,
    );
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[(TASK_SCHEMA, &required), ("sync/config.json", PBS_SYNC)]);
    let found = findings_of(tmp.path(), "");
    assert!(!ids(&found).iter().any(|i| i.starts_with("partition_key")), "{found:?}");
}

#[test]
fn queryable_fields_too_many() {
    let sync = r##"{
    "type": "flexible",
    "queryable_fields_names": ["summary", "owner", "tags", "a1", "a2", "a3", "a4", "a5", "a6"],
    "collection_queryable_fields_names": {"Task": ["b1", "b2"]}
}
"##;
    let files = sync_app(sync);
    let d = app(
        &files,
        "queryable_fields_too_many",
        "Task",
        Some(("sync/config.json", "{")),
    );
    assert!(d.message.starts_with("11 queryable fields"), "{}", d.message);
    let found = {
        let tmp = tempfile::tempdir().unwrap();
        write_files(tmp.path(), &files);
        findings_of(tmp.path(), "")
    };
    // User has the 9 global ones only.
    assert!(
        !found
            .iter()
            .any(|d| d.id == "queryable_fields_too_many" && d.path == "User"),
        "{found:?}"
    );
}

const FLX_OWNER: &str = r##"{
    "type": "flexible",
    "state": "enabled",
    "service_name": "mongodb-atlas",
    "queryable_fields_names": ["owner"]
}
"##;
const TASK_RULES: &str = "data_sources/mongodb-atlas/todo/Task/rules.json";

#[test]
fn permission_field_not_queryable() {
    let rules = r##"{
    "roles": [
        {
            "name": "mine",
            "apply_when": {},
            "document_filters": {
                "read": {"owner": "%%user.id"},
                "write": {"owner": "%%user.id", "summary": {"$exists": true}}
            },
            "read": true,
            "write": true
        }
    ]
}
"##;
    let files = [
        (TASK_SCHEMA, CLEAN_TASK),
        ("sync/config.json", FLX_OWNER),
        (TASK_RULES, rules),
    ];
    let d = app(
        &files,
        "permission_field_not_queryable",
        "Task role mine",
        Some((TASK_RULES, "        {")),
    );
    assert!(
        d.message.contains("\"summary\" (in document_filters.write)"),
        "{}",
        d.message
    );
    assert!(!d.message.contains("\"owner\""), "owner is queryable: {}", d.message);
}

#[test]
fn permission_not_sync_compatible() {
    let rules = r##"{
    "roles": [
        {
            "name": "bad",
            "apply_when": {"owner": "%%user.id"},
            "document_filters": {"read": {"owner": "%%root.owner"}},
            "read": {"owner": "%%user.id"},
            "fields": {"_id": {"read": true}}
        }
    ]
}
"##;
    let files = [
        (TASK_SCHEMA, CLEAN_TASK),
        ("sync/config.json", FLX_OWNER),
        (TASK_RULES, rules),
    ];
    app(
        &files,
        "permission_not_sync_compatible",
        "Task role bad",
        Some((TASK_RULES, "        {")),
    );
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &files);
    let found = findings_of(tmp.path(), "");
    let msgs: Vec<&str> = found
        .iter()
        .filter(|d| d.id == "permission_not_sync_compatible")
        .map(|d| d.message.as_str())
        .collect();
    for want in [
        "document_filters.write is not defined",
        "uses the expansion %%root",
        "top-level \"read\" is not a boolean",
        "field-level permission is set on _id",
        "apply_when refers to the document (the field \"owner\")",
    ] {
        assert!(msgs.iter().any(|m| m.contains(want)), "missing {want:?} in {msgs:#?}");
    }
    // The same role without Sync: no finding.
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[(TASK_SCHEMA, CLEAN_TASK), (TASK_RULES, rules)]);
    let found = findings_of(tmp.path(), "");
    assert!(!ids(&found).iter().any(|i| i.starts_with("permission_")), "{found:?}");
}

#[test]
fn asymmetric_table_unknown() {
    let sync = r##"{
    "type": "flexible",
    "asymmetric_tables": ["Address", "Ghost"]
}
"##;
    let files = sync_app(sync);
    let d = app(
        &files,
        "asymmetric_table_unknown",
        "sync.Address",
        Some(("sync/config.json", "{")),
    );
    assert!(d.message.contains("embedded type"), "{}", d.message);
    app(
        &files,
        "asymmetric_table_unknown",
        "sync.Ghost",
        Some(("sync/config.json", "{")),
    );
}

#[test]
fn check_partition_key_type() {
    let sync = r##"{
    "type": "partition",
    "state": "enabled",
    "partition": {"key": "_partition", "type": "string", "permissions": {"read": true, "write": true}}
}
"##;
    let client = r##"[
    {"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId", "summary": "string", "owner": "string?", "tags": "string[]",
        "address": "Address?", "_partition": "int"
    }},
    {"name": "Address", "embedded": true, "properties": {"street": "string"}},
    {"name": "User", "primaryKey": "_id", "properties": {"_id": "string", "name": "string?"}}
]
"##;
    let files: Files = &[
        (TASK_SCHEMA, CLEAN_TASK),
        (USER_SCHEMA, CLEAN_USER),
        ("sync/config.json", sync),
        ("client.json", client),
    ];
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), files);
    let s = syncplan::load::load_one(tmp.path()).unwrap();
    let c = syncplan::load::load_one(&tmp.path().join("client.json")).unwrap();
    let found = syncplan::check::check(&s.schema, &c.schema);
    let d = expect(
        &found,
        files,
        "check_partition_key_type",
        "Task._partition",
        Some(("client.json", "\"_partition\": \"int\"")),
    );
    assert!(d.message.contains("string"), "{}", d.message);
    // The right type, or no such property, is no finding.
    let fixed = client.replace("\"_partition\": \"int\"", "\"_partition\": \"string\"");
    std::fs::write(tmp.path().join("client.json"), &fixed).unwrap();
    let c = syncplan::load::load_one(&tmp.path().join("client.json")).unwrap();
    let found = syncplan::check::check(&s.schema, &c.schema);
    assert!(!ids(&found).contains(&"check_partition_key_type"), "{found:?}");
}
