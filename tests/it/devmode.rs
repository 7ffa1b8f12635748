//! Development Mode output, round trip: for a client model `m`,
//! `load(devmode(m)) == server_projection(m)` (without source positions), on every Realm model in
//! `migrations-examples/` and on inline models covering every property shape. Plus the
//! `syncplan devmode` command: what it writes, what it refuses, and that it never deletes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use syncplan::diagnostic::Severity;
use syncplan::load::{InputKind, detect, load_one, read_document};
use syncplan::model::{Collection, Element, ObjectKind, PropertyType, ScalarType, Schema};

const CRATE: &str = env!("CARGO_MANIFEST_DIR");
const DB: &str = "db";

// ---------------------------------------------------------------------------------------------
// Harness

/// A line diff of two texts (longest common subsequence), `-` left only, `+` right only.
fn line_diff(left: &str, right: &str) -> String {
    let a: Vec<&str> = left.lines().collect();
    let b: Vec<&str> = right.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {:>4}: {}\n", j + 1, b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {:>4}: {}\n", i + 1, a[i]));
            i += 1;
        }
    }
    out
}

fn write_files(dir: &Path, files: &BTreeMap<String, String>) {
    for (rel, content) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
}

/// Generates the Development Mode export of `schema`, loads it back and compares it with the
/// server projection. Returns a description of what went wrong.
fn round_trip(label: &str, schema: &Schema) -> Result<(), String> {
    let files = syncplan::devmode::devmode(schema, DB);
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &files);
    let loaded = load_one(tmp.path()).map_err(|e| format!("{label}: devmode output does not load: {e}"))?;
    if loaded.kind != InputKind::AppExport {
        return Err(format!("{label}: devmode output loads as {:?}", loaded.kind));
    }
    let mut problems = Vec::new();
    if !loaded.diagnostics.is_empty() {
        problems.push(format!(
            "loading devmode output reported:\n{}",
            loaded
                .diagnostics
                .iter()
                .map(|d| format!("  [{}] {}: {}", d.id, d.path, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    let back = syncplan::devmode::without_locations(&loaded.schema);
    let expected = syncplan::devmode::server_projection(schema, DB);
    if back != expected {
        problems.push(format!(
            "load(devmode(m)) != server_projection(m)  (- projection, + loaded back):\n{}",
            line_diff(&format!("{expected:#?}"), &format!("{back:#?}"))
        ));
    }
    let errors: Vec<String> = syncplan::validate::validate(&loaded.schema)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("  [{}] {}: {}", d.id, d.path, d.message))
        .collect();
    if !errors.is_empty() {
        problems.push(format!("the loaded-back model is invalid:\n{}", errors.join("\n")));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{label}:\n{}", problems.join("\n")))
    }
}

fn client_model(json: &str) -> Schema {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("model.json");
    std::fs::write(&p, json).unwrap();
    let loaded = load_one(&p).unwrap_or_else(|e| panic!("inline model does not load: {e}\n{json}"));
    assert_eq!(loaded.kind, InputKind::RealmModel);
    let errors: Vec<_> = syncplan::validate::validate(&loaded.schema)
        .into_iter()
        .chain(loaded.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "inline model is invalid: {errors:#?}\n{json}");
    loaded.schema
}

// ---------------------------------------------------------------------------------------------
// Every Realm model in migrations-examples/

/// Realm model files anywhere under `migrations-examples/` (app export internals skipped).
fn example_models() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                // Files of an app export are server documents, never client models; local-realm
                // examples (keyless types) are no synced models for Development Mode.
                if !matches!(name.as_str(), "data_sources" | "services" | "sync")
                    && !syncplan::catalog::example_is_local(&p)
                {
                    walk(&p, out);
                }
            } else if name.ends_with(".json") || name.ends_with(".yaml") || name.ends_with(".yml") {
                let node = read_document(&p, None).unwrap_or_else(|e| panic!("{e}"));
                if detect(&node) == Some(InputKind::RealmModel) {
                    out.push(p);
                }
            }
        }
    }
    let root = Path::new(CRATE).join("migrations-examples");
    let mut out = Vec::new();
    walk(&root, &mut out);
    assert!(
        out.iter().any(|p| p.ends_with("scenario_todo/client.json")),
        "scenario_todo/client.json not found among {out:?}"
    );
    out
}

#[test]
fn every_example_model_round_trips() {
    let mut failures = Vec::new();
    for path in example_models() {
        let label = path.strip_prefix(CRATE).unwrap_or(&path).display().to_string();
        let loaded = match load_one(&path) {
            Ok(l) => l,
            Err(e) => {
                failures.push(format!("{label}: does not load: {e}"));
                continue;
            }
        };
        if let Err(e) = round_trip(&label, &loaded.schema) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The committed scenario_todo/before is exactly what devmode makes of its client.json.
#[test]
fn scenario_todo_before_is_the_devmode_output_of_its_client() {
    let dir = Path::new(CRATE).join("migrations-examples/scenario_todo");
    let client = load_one(&dir.join("client.json")).unwrap();
    let files = syncplan::devmode::devmode(&client.schema, "todo");
    for (rel, content) in &files {
        let committed = std::fs::read_to_string(dir.join("before").join(rel))
            .unwrap_or_else(|e| panic!("scenario_todo/before/{rel}: {e}"));
        assert_eq!(
            &committed, content,
            "scenario_todo/before/{rel} differs from devmode output"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Inline models: every property shape

/// (label, model). Each model is valid; together they cover every `PropertyType` shape.
const SHAPES: &[(&str, &str)] = &[
    (
        "required scalars",
        r#"[{"name": "T", "primaryKey": "_id", "properties": {
            "_id": "objectId", "b": "bool", "i": "int", "f": "float", "d": "double", "s": "string",
            "bin": "data", "when": "date", "dec": "decimal128", "objid": "objectId", "u": "uuid", "c": "counter"
        }}]"#,
    ),
    (
        "optional scalars",
        r#"[{"name": "T", "primaryKey": "_id", "properties": {
            "_id": "objectId", "b": "bool?", "i": "int?", "f": "float?", "d": "double?", "s": "string?",
            "bin": "data?", "when": "date?", "dec": "decimal128?", "objid": "objectId?", "u": "uuid?",
            "c": "counter?", "m": "mixed"
        }}]"#,
    ),
    (
        "lists of scalars",
        r#"[{"name": "T", "primaryKey": "_id", "properties": {
            "_id": "objectId", "li": "int[]", "ls": "string[]", "ld": "double[]", "lbin": "data[]",
            "lm": "mixed[]", "lc": "counter[]", "ldate": "date[]", "luuid": "uuid[]", "ldec": "decimal128[]"
        }}]"#,
    ),
    (
        "lists of optional scalars",
        r#"[{"name": "T", "primaryKey": "_id", "properties": {
            "_id": "objectId", "li": "int?[]", "ls": "string?[]", "lf": "float?[]", "loid": "objectId?[]"
        }}]"#,
    ),
    (
        "sets of scalars",
        r#"[{"name": "T", "primaryKey": "_id", "properties": {
            "_id": "objectId", "si": "int<>", "ss": "string<>", "sso": "string?<>", "sm": "mixed<>", "sb": "bool<>"
        }}]"#,
    ),
    (
        "dictionaries of scalars",
        r#"[{"name": "T", "primaryKey": "_id", "properties": {
            "_id": "objectId", "di": "int{}", "ds": "string{}", "dso": "string?{}", "dm": "mixed{}", "ddate": "date?{}"
        }}]"#,
    ),
    (
        "object-form collections",
        r#"[{"name": "T", "primaryKey": "_id", "properties": {
            "_id": "objectId",
            "l": {"type": "list", "objectType": "int"},
            "lo": {"type": "list", "objectType": "string", "optional": true},
            "s": {"type": "set", "objectType": "uuid"},
            "d": {"type": "dictionary", "objectType": "double", "optional": true}
        }}]"#,
    ),
    (
        "to-one link",
        r#"[
            {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner": "User?"}},
            {"name": "User", "primaryKey": "_id", "properties": {"_id": "string"}}
        ]"#,
    ),
    (
        "to-one link in object form",
        r#"[
            {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId",
                "owner": {"type": "object", "objectType": "User"}}},
            {"name": "User", "primaryKey": "_id", "properties": {"_id": "int"}}
        ]"#,
    ),
    (
        "list, set and dictionary of links",
        r#"[
            {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId",
                "many": "User[]", "unique": "User<>", "byName": "User{}"}},
            {"name": "User", "primaryKey": "_id", "properties": {"_id": "uuid"}}
        ]"#,
    ),
    (
        "self link",
        r#"[{"name": "Node", "primaryKey": "_id", "properties": {"_id": "objectId", "parent": "Node?", "children": "Node[]"}}]"#,
    ),
    (
        "embedded object",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "address": "Address?"}},
            {"name": "Address", "embedded": true, "properties": {"street": "string", "city": "string?", "zip": "int"}}
        ]"#,
    ),
    (
        "list of embedded objects",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "addresses": "Address[]"}},
            {"name": "Address", "embedded": true, "properties": {"street": "string"}}
        ]"#,
    ),
    (
        "dictionary of embedded objects",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "places": "Address{}"}},
            {"name": "Address", "embedded": true, "properties": {"street": "string"}}
        ]"#,
    ),
    (
        "nested embedded objects",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "address": "Address?"}},
            {"name": "Address", "embedded": true, "properties": {"street": "string", "geo": "Point?", "history": "Point[]"}},
            {"name": "Point", "embedded": true, "properties": {"type": "string", "coordinates": "double[]"}}
        ]"#,
    ),
    (
        "link inside an embedded object",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "pet": "Pet?"}},
            {"name": "Pet", "embedded": true, "properties": {"name": "string", "favoriteToy": "Toy?", "toys": "Toy[]"}},
            {"name": "Toy", "primaryKey": "_id", "properties": {"_id": "objectId"}}
        ]"#,
    ),
    (
        "link inside a list of embedded objects",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "pets": "Pet[]"}},
            {"name": "Pet", "embedded": true, "properties": {"name": "string", "favoriteToy": "Toy?"}},
            {"name": "Toy", "primaryKey": "_id", "properties": {"_id": "string"}}
        ]"#,
    ),
    (
        "link inside a dictionary of embedded objects",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "pets": "Pet{}"}},
            {"name": "Pet", "embedded": true, "properties": {"name": "string", "favoriteToy": "Toy?"}},
            {"name": "Toy", "primaryKey": "_id", "properties": {"_id": "objectId"}}
        ]"#,
    ),
    (
        "link inside an embedded object inside a list of embedded objects",
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "pets": "Pet[]"}},
            {"name": "Pet", "embedded": true, "properties": {"collar": "Collar?"}},
            {"name": "Collar", "embedded": true, "properties": {"maker": "Company?"}},
            {"name": "Company", "primaryKey": "_id", "properties": {"_id": "objectId"}}
        ]"#,
    ),
    (
        "linkingObjects",
        r#"[
            {"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner": "User?"}},
            {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId",
                "tasks": {"type": "linkingObjects", "objectType": "Task", "property": "owner"}}}
        ]"#,
    ),
    (
        "mapTo, indexed and default",
        r#"[{"name": "T", "primaryKey": "id", "properties": {
            "id": {"type": "objectId", "mapTo": "_id"},
            "displayName": {"type": "string", "mapTo": "display_name", "indexed": true},
            "count": {"type": "int", "default": 5},
            "search": {"type": "string", "indexed": "full-text", "optional": true},
            "when": {"type": "date", "indexed": true, "default": "2024-01-01T00:00:00Z"}
        }}]"#,
    ),
    (
        "asymmetric type with embedded objects",
        r#"[
            {"name": "Reading", "asymmetric": true, "primaryKey": "_id", "properties": {
                "_id": "uuid", "at": "date", "where": "Place?", "samples": "Sample[]", "device": "Device?"}},
            {"name": "Place", "embedded": true, "properties": {"lat": "double", "lng": "double"}},
            {"name": "Sample", "embedded": true, "properties": {"value": "double", "unit": "string?"}},
            {"name": "Device", "primaryKey": "_id", "properties": {"_id": "string"}}
        ]"#,
    ),
    (
        "primary key types",
        r#"[
            {"name": "A", "primaryKey": "_id", "properties": {"_id": "int"}},
            {"name": "B", "primaryKey": "_id", "properties": {"_id": "string"}},
            {"name": "C", "primaryKey": "_id", "properties": {"_id": "uuid"}},
            {"name": "D", "primaryKey": "_id", "properties": {"_id": "objectId?"}},
            {"name": "L", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "A?", "b": "B[]", "c": "C<>", "d": "D{}"}}
        ]"#,
    ),
    (
        "unreachable embedded type is dropped",
        r#"[
            {"name": "T", "primaryKey": "_id", "properties": {"_id": "objectId"}},
            {"name": "Orphan", "embedded": true, "properties": {"x": "int"}}
        ]"#,
    ),
    (
        "schemaVersion wrapper",
        r#"{"schemaVersion": 7, "schema": [{"name": "T", "primaryKey": "_id", "properties": {"_id": "objectId", "n": "int"}}]}"#,
    ),
];

/// The comparison is not vacuous: a different database, or a dropped property, is noticed.
#[test]
fn round_trip_comparison_notices_differences() {
    let schema = client_model(SHAPES[7].1);
    let files = syncplan::devmode::devmode(&schema, DB);
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &files);
    let back = syncplan::devmode::without_locations(&load_one(tmp.path()).unwrap().schema);
    assert_eq!(back.types.len(), 2);
    assert_eq!(back, syncplan::devmode::server_projection(&schema, DB));
    assert_ne!(back, syncplan::devmode::server_projection(&schema, "other"));
    let mut fewer = schema.clone();
    fewer.types.get_mut("Task").unwrap().properties.remove("owner");
    assert_ne!(back, syncplan::devmode::server_projection(&fewer, DB));
    let d = line_diff("a\nb\nc\n", "a\nc\nd\n");
    assert_eq!(d, "-    2: b\n+    3: d\n");
}

#[test]
fn every_property_shape_round_trips() {
    let mut failures = Vec::new();
    for (label, json) in SHAPES {
        let schema = client_model(json);
        if let Err(e) = round_trip(label, &schema) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The inline models above really cover every shape the model can express.
#[test]
fn inline_models_cover_every_shape() {
    let mut scalars = std::collections::BTreeSet::new();
    let mut shapes = std::collections::BTreeSet::new();
    let mut kinds = std::collections::BTreeSet::new();
    let mut facets = std::collections::BTreeSet::new();
    for (_, json) in SHAPES {
        let schema = client_model(json);
        for t in schema.types.values() {
            kinds.insert(format!("{}", t.kind));
            for p in t.properties.values() {
                if p.client_name.is_some() {
                    facets.insert("mapTo");
                }
                if p.indexed {
                    facets.insert("indexed");
                }
                if p.default.is_some() {
                    facets.insert("default");
                }
                match &p.ty {
                    PropertyType::LinkingObjects { .. } => {
                        shapes.insert("linkingObjects".to_string());
                    }
                    PropertyType::Value { collection, element } => {
                        let what = match element {
                            Element::Scalar(s) => {
                                scalars.insert((*s, p.optional && *collection == Collection::Single));
                                if *collection != Collection::Single && p.optional && *s != ScalarType::Mixed {
                                    shapes.insert(format!("{collection:?} of optional scalar"));
                                }
                                "scalar".to_string()
                            }
                            Element::Object(target) => match schema.kind_of(target) {
                                Some(ObjectKind::Embedded) if t.kind == ObjectKind::Embedded => {
                                    "embedded in embedded".to_string()
                                }
                                Some(ObjectKind::Embedded) => "embedded".to_string(),
                                _ if t.kind == ObjectKind::Embedded => "link in embedded".to_string(),
                                _ => "link".to_string(),
                            },
                        };
                        shapes.insert(format!("{collection:?} of {what}"));
                    }
                }
            }
        }
    }
    let all_scalars = [
        ScalarType::Bool,
        ScalarType::Int,
        ScalarType::Float,
        ScalarType::Double,
        ScalarType::String,
        ScalarType::Data,
        ScalarType::Date,
        ScalarType::Decimal128,
        ScalarType::ObjectId,
        ScalarType::Uuid,
        ScalarType::Counter,
    ];
    for s in all_scalars {
        for optional in [false, true] {
            assert!(
                scalars.contains(&(s, optional)),
                "no single {s:?} with optional={optional}"
            );
        }
    }
    assert!(scalars.contains(&(ScalarType::Mixed, true)), "no mixed");
    for shape in [
        "Single of scalar",
        "List of scalar",
        "Set of scalar",
        "Dictionary of scalar",
        "List of optional scalar",
        "Set of optional scalar",
        "Dictionary of optional scalar",
        "Single of link",
        "List of link",
        "Set of link",
        "Dictionary of link",
        "Single of embedded",
        "List of embedded",
        "Dictionary of embedded",
        "Single of embedded in embedded",
        "List of embedded in embedded",
        "Single of link in embedded",
        "List of link in embedded",
        "linkingObjects",
    ] {
        assert!(
            shapes.contains(shape),
            "no inline model has a {shape:?}; shapes: {shapes:?}"
        );
    }
    for kind in ["top-level", "embedded", "asymmetric"] {
        assert!(kinds.contains(kind), "no {kind} type");
    }
    for facet in ["mapTo", "indexed", "default"] {
        assert!(facets.contains(facet), "no {facet}");
    }
}

/// An embedded type used from several places (two fields, two collections) with a link inside:
/// every path gets its relationship, and loading resolves each without complaint.
#[test]

fn shared_embedded_type_with_a_link_round_trips() {
    let schema = client_model(
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "pet": "Pet?", "pets": "Pet[]"}},
            {"name": "Shelter", "primaryKey": "_id", "properties": {"_id": "objectId", "resident": "Pet?"}},
            {"name": "Pet", "embedded": true, "properties": {"name": "string", "favoriteToy": "Toy?"}},
            {"name": "Toy", "primaryKey": "_id", "properties": {"_id": "objectId"}}
        ]"#,
    );
    if let Err(e) = round_trip("shared embedded type", &schema) {
        panic!("{e}");
    }
}

/// The relationship keys of links inside embedded objects are dotted paths (facts §2.4).
#[test]
fn devmode_writes_dotted_relationship_keys() {
    let schema = client_model(
        r#"[
            {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "pet": "Pet?", "pets": "Pet[]", "best": "Toy?"}},
            {"name": "Pet", "embedded": true, "properties": {"favoriteToy": "Toy?", "toys": "Toy[]"}},
            {"name": "Toy", "primaryKey": "_id", "properties": {"_id": "string"}}
        ]"#,
    );
    let files = syncplan::devmode::devmode(&schema, "zoo");
    let rels: serde_json::Value = serde_json::from_str(
        files
            .get("data_sources/mongodb-atlas/zoo/Person/relationships.json")
            .expect("Person relationships"),
    )
    .unwrap();
    let keys: Vec<&str> = rels.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "best",
            "pet.favoriteToy",
            "pet.toys",
            "pets.[].favoriteToy",
            "pets.[].toys"
        ]
    );
    assert_eq!(rels["pet.toys"]["is_list"], true);
    assert_eq!(rels["pets.[].favoriteToy"]["is_list"], false);
    assert_eq!(rels["best"]["ref"], "#/relationship/mongodb-atlas/zoo/Toy");
    assert_eq!(rels["best"]["foreign_key"], "_id");
    let person: serde_json::Value =
        serde_json::from_str(&files["data_sources/mongodb-atlas/zoo/Person/schema.json"]).unwrap();
    assert_eq!(person["title"], "Person");
    assert_eq!(
        person["properties"]["best"]["bsonType"], "string",
        "a link stores the target's _id type"
    );
    assert_eq!(person["properties"]["pet"]["title"], "Pet");
    assert!(
        !files.keys().any(|k| k.contains("/Pet/")),
        "embedded types get no collection: {:?}",
        files.keys()
    );
}

// ---------------------------------------------------------------------------------------------
// CLI

fn syncplan(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_syncplan"))
        .args(args)
        .output()
        .expect("run syncplan")
}

fn devmode_cli(model: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["devmode".as_ref(), model.as_os_str(), "--out".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    syncplan(&args)
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn todo_client() -> PathBuf {
    Path::new(CRATE).join("migrations-examples/scenario_todo/client.json")
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
fn cli_devmode_writes_the_app_export() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("nested/generated");
    let o = devmode_cli(&todo_client(), &out_dir, &["--database", "todo"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("wrote"), "{}", show(&o));
    let client = load_one(&todo_client()).unwrap();
    let expected: BTreeMap<String, Vec<u8>> = syncplan::devmode::devmode(&client.schema, "todo")
        .into_iter()
        .map(|(k, v)| (k, v.into_bytes()))
        .collect();
    assert_eq!(tree(&out_dir), expected, "written files differ from devmode()");
    // No temporary directory is left next to the output.
    let siblings: Vec<String> = std::fs::read_dir(tmp.path().join("nested"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings, ["generated"]);
    // What it wrote validates and is consistent with the client.
    let o = syncplan(&["check".as_ref(), out_dir.as_os_str(), todo_client().as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    // The default database is "devmode".
    let out2 = tmp.path().join("default-db");
    let o = devmode_cli(&todo_client(), &out2, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        out2.join("data_sources/mongodb-atlas/devmode/Item/schema.json")
            .is_file()
    );
}

#[test]
fn cli_devmode_refuses_a_non_empty_out_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let o = devmode_cli(&todo_client(), &out_dir, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    std::fs::write(out_dir.join("NOTES.md"), "mine\n").unwrap();
    let item = out_dir.join("data_sources/mongodb-atlas/devmode/Item/schema.json");
    std::fs::write(&item, "{}\n").unwrap();
    let before = tree(&out_dir);

    let o = devmode_cli(&todo_client(), &out_dir, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(o.stdout.is_empty(), "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("--force") && stderr.contains("not empty"), "{stderr}");
    assert_eq!(tree(&out_dir), before, "a refused run changed the output directory");

    // --force rewrites syncplan's files and keeps everything else.
    let o = devmode_cli(&todo_client(), &out_dir, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let after = tree(&out_dir);
    assert_eq!(
        after.get("NOTES.md").map(Vec::as_slice),
        Some(&b"mine\n"[..]),
        "unrelated file lost"
    );
    assert_ne!(
        std::fs::read_to_string(&item).unwrap(),
        "{}\n",
        "Item/schema.json was not rewritten"
    );
    let client = load_one(&todo_client()).unwrap();
    for (rel, content) in syncplan::devmode::devmode(&client.schema, "devmode") {
        assert_eq!(after.get(&rel), Some(&content.into_bytes()), "{rel}");
    }
    assert!(
        !after.keys().any(|k| k.contains("syncplan-tmp")),
        "temporary files left: {:?}",
        after.keys()
    );

    // An empty existing directory needs no --force.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = devmode_cli(&todo_client(), &empty, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
}

#[test]
fn cli_devmode_writes_nothing_for_an_invalid_model() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("cycle.json");
    std::fs::write(
        &model,
        r#"[
    {"name": "Root", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "A?"}},
    {"name": "A", "embedded": true, "properties": {"b": "B?"}},
    {"name": "B", "embedded": true, "properties": {"a": "A?"}}
]
"#,
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let o = devmode_cli(&model, &out_dir, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("embedded_cycle"),
        "{}",
        show(&o)
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("nothing was written"),
        "{}",
        show(&o)
    );
    assert!(!out_dir.exists(), "{} was created", out_dir.display());
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["cycle.json"], "something was written next to --out");

    // A model that cannot be read: exit 2, nothing written.
    let o = devmode_cli(&tmp.path().join("missing.json"), &out_dir, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(!out_dir.exists());
    // An invalid database name: exit 2, nothing written.
    let o = devmode_cli(&todo_client(), &out_dir, &["--database", "my.db"]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(!out_dir.exists());
}

#[test]
fn cli_devmode_output_is_byte_identical_across_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        let o = devmode_cli(&todo_client(), dir, &["--database", "todo"]);
        assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(!ta.is_empty());
    assert_eq!(ta, tb);
    // And a --force rerun into the same directory rewrites the same bytes.
    let o = devmode_cli(&todo_client(), &a, &["--database", "todo", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert_eq!(tree(&a), tb);
}
