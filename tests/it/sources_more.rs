#![cfg(feature = "sdk-sources")]
//! Client-model constructs of issue #14 for Swift (legacy and `@Persisted`), Dart, C# and C++,
//! each read as its SDK reads it: per construct, the fixture under `tests/sources/<sdk>/`, what
//! `validate` reads (types, persisted names, primary key) and a `check` against a hand-written
//! App Services schema that matches it.

use std::path::Path;

use serde_json::{Value, json};
use syncplan::diagnostic::Diagnostic;
use syncplan::model::{Collection, Element, PropertyType, Schema};

/// Loads a fixture (relative to the crate root, the working directory of integration tests).
fn read(rel: &str) -> syncplan::load::Loaded {
    syncplan::load::load_one(Path::new(rel)).unwrap_or_else(|e| panic!("{rel} does not load: {e}"))
}

/// A property as one line: `string?`, `Puppy[]`, `int{}`, `string<>`, `<- Kennel.residents`,
/// with ` pk` / ` indexed` appended.
fn sig(s: &Schema, ty: &str, prop: &str) -> String {
    let t = s
        .types
        .get(ty)
        .unwrap_or_else(|| panic!("no type {ty}: {:?}", s.types.keys().collect::<Vec<_>>()));
    let p = t
        .properties
        .get(prop)
        .unwrap_or_else(|| panic!("no property {ty}.{prop}: {:?}", t.properties.keys().collect::<Vec<_>>()));
    let q = if p.optional { "?" } else { "" };
    let mut out = match &p.ty {
        PropertyType::Value { collection, element } => {
            let e = match element {
                Element::Scalar(sc) => syncplan::mapping::realm_name(*sc).to_string(),
                Element::Object(o) => o.clone(),
            };
            match collection {
                Collection::Single => format!("{e}{q}"),
                Collection::List => format!("{e}{q}[]"),
                Collection::Set => format!("{e}{q}<>"),
                Collection::Dictionary => format!("{e}{q}{{}}"),
            }
        }
        PropertyType::LinkingObjects { object_type, property } => format!("<- {object_type}.{property}"),
    };
    if t.primary_key.as_deref() == Some(prop) {
        out.push_str(" pk");
    }
    if p.indexed {
        out.push_str(" indexed");
    }
    out
}

/// Asserts every `(type, property, signature)` and that each listed type has exactly the
/// listed properties.
fn expect(s: &Schema, rows: &[(&str, &str, &str)]) {
    for (t, p, want) in rows {
        assert_eq!(sig(s, t, p), *want, "{t}.{p}");
    }
    for (name, t) in &s.types {
        let listed: Vec<&str> = rows.iter().filter(|r| r.0 == name).map(|r| r.1).collect();
        if listed.is_empty() {
            continue;
        }
        let read: Vec<&str> = t.properties.keys().map(String::as_str).collect();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort();
        assert_eq!(read, listed_sorted, "properties of {name}");
    }
}

fn ids(ds: &[Diagnostic]) -> Vec<String> {
    ds.iter()
        .map(|d| format!("{} {}: {}", d.id, d.path, d.message))
        .collect()
}

/// Findings of the reader other than informational ones (defaults not read as literals).
fn reader_problems(l: &syncplan::load::Loaded) -> Vec<String> {
    ids(&l
        .diagnostics
        .iter()
        .filter(|d| d.id != "source_default_not_literal")
        .cloned()
        .collect::<Vec<_>>())
}

/// Writes an App Services export (`data_sources/mongodb-atlas/<db>/<title>/schema.json` and
/// `relationships.json`, flexible sync) and loads it.
fn server(collections: &[(&str, Value, Value)]) -> (tempfile::TempDir, syncplan::load::Loaded) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ds = tmp.path().join("data_sources/mongodb-atlas");
    let put = |p: &Path, v: &Value| {
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        let text = serde_json::to_string_pretty(v).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(p, text).unwrap_or_else(|e| panic!("{e}"));
    };
    put(
        &ds.join("config.json"),
        &json!({"name": "mongodb-atlas", "type": "mongodb-atlas", "config": {"clusterName": "Cluster0"}}),
    );
    for (title, schema, rels) in collections {
        let mut schema = schema.clone();
        schema["title"] = json!(title);
        schema["bsonType"] = json!("object");
        put(&ds.join(format!("app/{title}/schema.json")), &schema);
        put(&ds.join(format!("app/{title}/relationships.json")), rels);
    }
    put(
        &tmp.path().join("sync/config.json"),
        &json!({"type": "flexible", "state": "enabled", "database_name": "app", "service_name": "mongodb-atlas"}),
    );
    let loaded = syncplan::load::load_one(tmp.path()).unwrap_or_else(|e| panic!("server does not load: {e}"));
    (tmp, loaded)
}

fn link(source: &str, target: &str, list: bool) -> Value {
    json!({source: {"ref": format!("#/relationship/mongodb-atlas/app/{target}"), "source_key": source, "foreign_key": "_id", "is_list": list}})
}

/// `check` of the server against the client finds nothing.
fn check_clean(server: &syncplan::load::Loaded, client: &syncplan::load::Loaded) {
    let found = syncplan::check::check(&server.schema, &client.schema);
    assert!(found.is_empty(), "{:#?}", ids(&found));
}

// ------------------------------------------------------------------------------------------------
// Swift

#[test]
fn swift_legacy_models_read_as_realm_swift_reads_them() {
    let l = read("tests/sources/swift/Legacy");
    expect(
        &l.schema,
        &[
            // @objcMembers class, `dynamic var`, types from initialisers (`Int.min`,
            // `UUID.init().uuidString`), primaryKey() and indexedProperties() with `#keyPath`;
            // `var cachedLabel` is an Objective-C property (@objcMembers): in the schema.
            ("Kennel", "_id", "string pk"),
            ("Kennel", "name", "string indexed"),
            ("Kennel", "city", "string?"),
            ("Kennel", "openedAt", "date"),
            ("Kennel", "photo", "data?"),
            ("Kennel", "rating", "double"),
            ("Kennel", "capacity", "int"),
            ("Kennel", "floor", "int"),
            ("Kennel", "code", "string"),
            ("Kennel", "heated", "bool"),
            ("Kennel", "mood", "int"),
            ("Kennel", "residents", "Puppy[]"),
            ("Kennel", "cachedLabel", "string"),
            // `@objc dynamic var`, RealmOptional / RealmProperty, `let` collections, legacy
            // LinkingObjects, ignoredProperties(); `var scratch` (not @objc) and `@objc let kind`
            // (read-only) are not in the schema.
            ("Puppy", "_id", "objectId pk"),
            ("Puppy", "name", "string"),
            ("Puppy", "nickname", "string?"),
            ("Puppy", "born", "date?"),
            ("Puppy", "weight", "float"),
            ("Puppy", "chip", "data?"),
            ("Puppy", "collar", "Collar?"),
            ("Puppy", "bestFriend", "Puppy?"),
            ("Puppy", "age", "int?"),
            ("Puppy", "height", "double?"),
            ("Puppy", "extra", "mixed?"),
            ("Puppy", "toys", "string[]"),
            ("Puppy", "tags", "string<>"),
            ("Puppy", "scores", "int{}"),
            ("Puppy", "kennels", "<- Kennel.residents"),
            ("Collar", "color", "string"),
            ("Collar", "size", "int"),
        ],
    );
    assert_eq!(
        l.schema.types["Collar"].kind,
        syncplan::model::ObjectKind::Embedded,
        "EmbeddedObject"
    );
    assert_eq!(l.schema.types["Puppy"].properties["weight"].default, Some(json!(1.5)));
    assert!(reader_problems(&l).is_empty(), "{:#?}", reader_problems(&l));
    let (_tmp, srv) = server(&[
        (
            "Kennel",
            json!({"properties": {
                "_id": {"bsonType": "string"}, "name": {"bsonType": "string"}, "city": {"bsonType": "string"},
                "openedAt": {"bsonType": "date"}, "photo": {"bsonType": "binData"}, "rating": {"bsonType": "double"},
                "capacity": {"bsonType": "long"}, "heated": {"bsonType": "bool"}, "mood": {"bsonType": "long"},
                "floor": {"bsonType": "long"}, "code": {"bsonType": "string"}, "cachedLabel": {"bsonType": "string"},
                "residents": {"bsonType": "array", "items": {"bsonType": "objectId"}}},
                "required": ["_id", "name", "openedAt", "rating", "capacity", "heated", "mood", "floor", "code", "cachedLabel"]}),
            link("residents", "Puppy", true),
        ),
        (
            "Puppy",
            json!({"properties": {
                "_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}, "nickname": {"bsonType": "string"},
                "born": {"bsonType": "date"}, "weight": {"bsonType": "float"}, "chip": {"bsonType": "binData"},
                "collar": {"bsonType": "object", "title": "Collar",
                    "properties": {"color": {"bsonType": "string"}, "size": {"bsonType": "long"}},
                    "required": ["color", "size"]},
                "bestFriend": {"bsonType": "objectId"}, "age": {"bsonType": "long"}, "height": {"bsonType": "double"},
                "extra": {"bsonType": "mixed"},
                "toys": {"bsonType": "array", "items": {"bsonType": "string"}},
                "tags": {"bsonType": "array", "uniqueItems": true, "items": {"bsonType": "string"}},
                "scores": {"bsonType": "object", "additionalProperties": {"bsonType": "long"}}},
                "required": ["_id", "name", "weight"]}),
            link("bestFriend", "Puppy", false),
        ),
    ]);
    check_clean(&srv, &l);
}

#[test]
fn swift_initialisers_custom_persistable_and_enums() {
    let l = read("tests/sources/swift/Custom");
    expect(
        &l.schema,
        &[
            ("Shelter", "_id", "string pk"),
            ("Shelter", "createdAt", "date"),
            ("Shelter", "tags", "string[]"),
            ("Shelter", "volunteers", "Volunteer[]"),
            ("Shelter", "labels", "string<>"),
            ("Shelter", "counts", "int{}"),
            ("Shelter", "visits", "int"),
            ("Shelter", "rating", "double"),
            ("Shelter", "open", "bool"),
            ("Shelter", "motto", "string"),
            // PersistableEnum by its raw type; CustomPersistable by its PersistedType (typealias,
            // else `persistableValue`), FailableCustomPersistable to an embedded object.
            ("Shelter", "priority", "int"),
            ("Shelter", "contact", "string"),
            ("Shelter", "backup", "string?"),
            ("Shelter", "location", "CoordinatesEmbedded?"),
            ("Shelter", "slug", "string"),
            ("Volunteer", "_id", "objectId pk"),
            ("Volunteer", "name", "string"),
            ("CoordinatesEmbedded", "lat", "double"),
            ("CoordinatesEmbedded", "lon", "double"),
        ],
    );
    assert!(reader_problems(&l).is_empty(), "{:#?}", reader_problems(&l));
    let (_tmp, srv) = server(&[
        (
            "Shelter",
            json!({"properties": {
                "_id": {"bsonType": "string"}, "createdAt": {"bsonType": "date"},
                "tags": {"bsonType": "array", "items": {"bsonType": "string"}},
                "volunteers": {"bsonType": "array", "items": {"bsonType": "objectId"}},
                "labels": {"bsonType": "array", "uniqueItems": true, "items": {"bsonType": "string"}},
                "counts": {"bsonType": "object", "additionalProperties": {"bsonType": "long"}},
                "visits": {"bsonType": "long"}, "rating": {"bsonType": "double"}, "open": {"bsonType": "bool"},
                "motto": {"bsonType": "string"}, "priority": {"bsonType": "long"},
                "contact": {"bsonType": "string"}, "backup": {"bsonType": "string"},
                "location": {"bsonType": "object", "title": "CoordinatesEmbedded",
                    "properties": {"lat": {"bsonType": "double"}, "lon": {"bsonType": "double"}},
                    "required": ["lat", "lon"]},
                "slug": {"bsonType": "string"}},
                "required": ["_id", "createdAt", "visits", "rating", "open", "motto", "priority", "contact", "slug"]}),
            link("volunteers", "Volunteer", true),
        ),
        (
            "Volunteer",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}},
                "required": ["_id", "name"]}),
            json!({}),
        ),
    ]);
    check_clean(&srv, &l);
}

fn write(dir: &Path, rel: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    p
}

/// What cannot be read is a finding on the spot, never a silently empty class.
#[test]
fn swift_unreadable_parts_are_findings() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(
        tmp.path(),
        "Models.swift",
        "import RealmSwift\n\n\
         struct Secret: CustomPersistable {\n    // persisted type declared nowhere\n}\n\n\
         class Vault: Object {\n    @Persisted(primaryKey: true) var _id = ObjectId.generate()\n    @Persisted var secret: Secret\n}\n\n\
         @objcMembers class Drawer: Object {\n    var label = \"\"\n}\n\n\
         class Shelf: Object {\n    var label = \"\"\n}\n\n\
         class LockedDrawer: Drawer {\n    dynamic var code = 0\n}\n\n\
         class Entry: BaseEntry {\n    @Persisted var text = \"\"\n}\n\n\
         class Controller: UIViewController {\n    @objc dynamic var busy = false\n    @objc dynamic var items: [String] = []\n}\n",
    );
    let l = syncplan::load::load_one(&f).unwrap_or_else(|e| panic!("{e}"));
    let found = ids(&l.diagnostics);
    // No persisted type known for `Secret`: the type and the property using it are reported.
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("source_unresolved_type Secret:") && d.contains("CustomPersistable")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("source_unresolved_type Vault.secret:")),
        "{found:#?}"
    );
    assert!(!l.schema.types["Vault"].properties.contains_key("secret"));
    // @objcMembers makes `var label` an Objective-C property: RealmSwift persists it.
    expect(&l.schema, &[("Drawer", "label", "string")]);
    // A class whose members are all left out: reported and marked unread, never silently empty.
    assert!(
        found.iter().any(|d| d.starts_with("source_unread_type Shelf:")),
        "{found:#?}"
    );
    assert!(l.schema.types["Shelf"].unread.is_some());
    // A subclass whose base is no model class read, but which declares @Persisted properties:
    // said so; a plain Cocoa subclass is no model and no finding.
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("source_unresolved_type Entry:") && d.contains("`BaseEntry`")),
        "{found:#?}"
    );
    assert!(!l.schema.types.contains_key("Entry"));
    assert!(!found.iter().any(|d| d.contains("Controller")), "{found:#?}");
    assert!(!l.schema.types.contains_key("Controller"));
    for d in &l.diagnostics {
        let loc = d.location.as_ref().unwrap_or_else(|| panic!("no location: {d:?}"));
        assert!(loc.line > 0, "{d:?}");
    }
}

/// A class with `@Persisted` properties is read with that syntax only: RealmSwift ignores its
/// `@objc dynamic` properties (not persisted); a legacy class method there is reported as not read.
#[test]
fn swift_persisted_class_ignores_legacy_members() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(
        tmp.path(),
        "Mixed.swift",
        "import RealmSwift\n\nclass Note: Object {\n    @Persisted(primaryKey: true) var _id: ObjectId\n    @objc dynamic var legacy = \"\"\n    override static func primaryKey() -> String? { \"legacy\" }\n}\n",
    );
    let l = syncplan::load::load_one(&f).unwrap_or_else(|e| panic!("{e}"));
    expect(&l.schema, &[("Note", "_id", "objectId pk")]);
    let found = ids(&l.diagnostics);
    // Ignored by the SDK: not persisted, and nothing unread.
    assert!(!found.iter().any(|d| d.contains("Note.legacy")), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("source_unsupported_construct Note:") && d.contains("primaryKey()")),
        "{found:#?}"
    );
}

// ------------------------------------------------------------------------------------------------
// Dart

#[test]
fn dart_import_prefix_is_a_namespace() {
    let l = read("tests/sources/dart/lib/prefixed");
    expect(
        &l.schema,
        &[
            ("Kennel", "_id", "objectId pk"),
            ("Kennel", "name", "string indexed"),
            ("Kennel", "licence", "uuid"),
            ("Kennel", "fee", "decimal128?"),
            ("Kennel", "extra", "mixed?"),
            ("Kennel", "visitorIds", "objectId[]"),
            ("Kennel", "pups", "Pup[]"),
            ("Kennel", "spareCollar", "Collar?"),
            ("Pup", "_id", "objectId pk"),
            ("Pup", "name", "string"),
            ("Pup", "kennels", "<- Kennel.pups"),
            ("Collar", "colour", "string"),
        ],
    );
    assert_eq!(
        l.schema.types["Kennel"].properties["_id"].client_name.as_deref(),
        Some("id")
    );
    assert_eq!(l.schema.types["Collar"].kind, syncplan::model::ObjectKind::Embedded);
    assert!(l.diagnostics.is_empty(), "{:#?}", ids(&l.diagnostics));
    let (_tmp, srv) = server(&[
        (
            "Kennel",
            json!({"properties": {
                "_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}, "licence": {"bsonType": "uuid"},
                "fee": {"bsonType": "decimal"}, "extra": {"bsonType": "mixed"},
                "visitorIds": {"bsonType": "array", "items": {"bsonType": "objectId"}},
                "pups": {"bsonType": "array", "items": {"bsonType": "objectId"}},
                "spareCollar": {"bsonType": "object", "title": "Collar",
                    "properties": {"colour": {"bsonType": "string"}}, "required": ["colour"]}},
                "required": ["_id", "name", "licence"]}),
            link("pups", "Pup", true),
        ),
        (
            "Pup",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}},
                "required": ["_id", "name"]}),
            json!({}),
        ),
    ]);
    check_clean(&srv, &l);
}

// ------------------------------------------------------------------------------------------------
// C#

#[test]
fn csharp_nullable_context_comes_from_the_project() {
    // Classic woven base class: nullability annotations are ignored, `string` is optional unless
    // [Required].
    let classic = read("tests/sources/csharp/Classic");
    expect(
        &classic.schema,
        &[
            ("Kennel", "_id", "objectId pk"),
            ("Kennel", "Name", "string?"),
            ("Kennel", "City", "string"),
            ("Kennel", "Photo", "data?"),
            ("Kennel", "Capacity", "int"),
            ("Kennel", "Tags", "string?[]"),
        ],
    );
    assert!(reader_problems(&classic).is_empty(), "{:#?}", reader_problems(&classic));
    // App.csproj enables nullable reference types; `#nullable disable` / `restore` in a file;
    // Legacy.csproj (nearest to Adopter.cs) sets nothing: off.
    let app = read("tests/sources/csharp/App");
    expect(
        &app.schema,
        &[
            ("Shelter", "_id", "objectId pk"),
            ("Shelter", "Name", "string"),
            ("Shelter", "Motto", "string?"),
            ("Shelter", "Logo", "data"),
            ("Volunteer", "_id", "objectId pk"),
            ("Volunteer", "Name", "string?"),
            ("Volunteer", "Email", "string"),
            ("Donation", "_id", "objectId pk"),
            ("Donation", "Donor", "string"),
            ("Adopter", "_id", "objectId pk"),
            ("Adopter", "Name", "string?"),
            ("Adopter", "Phone", "string"),
        ],
    );
    // Every context was found in a project or a directive: nothing assumed.
    assert!(reader_problems(&app).is_empty(), "{:#?}", reader_problems(&app));
    let (_tmp, srv) = server(&[
        (
            "Shelter",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "Name": {"bsonType": "string"},
                "Motto": {"bsonType": "string"}, "Logo": {"bsonType": "binData"}},
                "required": ["_id", "Name", "Logo"]}),
            json!({}),
        ),
        (
            "Volunteer",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "Name": {"bsonType": "string"},
                "Email": {"bsonType": "string"}}, "required": ["_id", "Email"]}),
            json!({}),
        ),
        (
            "Donation",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "Donor": {"bsonType": "string"}},
                "required": ["_id", "Donor"]}),
            json!({}),
        ),
        (
            "Adopter",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "Name": {"bsonType": "string"},
                "Phone": {"bsonType": "string"}}, "required": ["_id", "Phone"]}),
            json!({}),
        ),
    ]);
    check_clean(&srv, &app);
}

/// No directive and no project file: nullable reference types are off (the C# default), and the
/// reader says so once.
#[test]
fn csharp_without_any_setting_nullable_is_off() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = "using Realms;\nusing MongoDB.Bson;\n\npublic partial class Pet : IRealmObject\n{\n    [PrimaryKey, MapTo(\"_id\")]\n    public ObjectId Id { get; set; }\n    public string Name { get; set; }\n    [Required]\n    public string Kind { get; set; }\n}\n";
    let f = write(tmp.path(), "src/Pet.cs", model);
    let l = syncplan::load::load_one(&f).unwrap_or_else(|e| panic!("{e}"));
    expect(
        &l.schema,
        &[
            ("Pet", "_id", "objectId pk"),
            ("Pet", "Name", "string?"),
            ("Pet", "Kind", "string"),
        ],
    );
    let found = ids(&l.diagnostics);
    assert!(
        found.len() == 1 && found[0].starts_with("source_nullable_context_assumed Pet:"),
        "{found:#?}"
    );
    // The same file under a project that enables it: `string` is required; nothing assumed.
    write(
        tmp.path(),
        "Pets.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><Nullable>enable</Nullable></PropertyGroup></Project>\n",
    );
    let l = syncplan::load::load_one(&f).unwrap_or_else(|e| panic!("{e}"));
    expect(
        &l.schema,
        &[
            ("Pet", "_id", "objectId pk"),
            ("Pet", "Name", "string"),
            ("Pet", "Kind", "string"),
        ],
    );
    assert!(l.diagnostics.is_empty(), "{:#?}", ids(&l.diagnostics));
    // A Directory.Build.props above a project that sets nothing decides.
    std::fs::remove_file(tmp.path().join("Pets.csproj")).unwrap_or_else(|e| panic!("{e}"));
    write(
        tmp.path(),
        "src/Pets.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
    );
    write(
        tmp.path(),
        "Directory.Build.props",
        "<Project><PropertyGroup><Nullable>enable</Nullable></PropertyGroup></Project>\n",
    );
    let l = syncplan::load::load_one(&f).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sig(&l.schema, "Pet", "Name"), "string");
}

// ------------------------------------------------------------------------------------------------
// C++

#[test]
fn cpp_variants_are_mixed_and_jni_glue_is_no_syntax_error() {
    let l = read("tests/sources/cpp/include/sensor.hpp");
    expect(
        &l.schema,
        &[
            ("Sensor", "_id", "objectId pk"),
            ("Sensor", "raw", "mixed?"),
            ("Sensor", "reading", "mixed?"),
            ("Sensor", "flag", "mixed?"),
            ("Sensor", "history", "mixed?[]"),
            ("Sensor", "extras", "mixed?{}"),
            ("Sensor", "label", "string"),
        ],
    );
    assert!(l.diagnostics.is_empty(), "{:#?}", ids(&l.diagnostics));
    let (_tmp, srv) = server(&[(
        "Sensor",
        json!({"properties": {
            "_id": {"bsonType": "objectId"}, "raw": {"bsonType": "mixed"}, "reading": {"bsonType": "mixed"},
            "flag": {"bsonType": "mixed"},
            "history": {"bsonType": "array", "items": {"bsonType": "mixed"}},
            "extras": {"bsonType": "object", "additionalProperties": {"bsonType": "mixed"}},
            "label": {"bsonType": "string"}},
            "required": ["_id", "label"]}),
        json!({}),
    )]);
    check_clean(&srv, &l);
}

/// A variant realm-cpp cannot store as mixed (a link or a collection among its alternatives) is
/// reported, and a real syntax error next to JNI glue is still one.
#[test]
fn cpp_variants_realm_cannot_store_are_reported() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(
        tmp.path(),
        "m.hpp",
        "#include <cpprealm/sdk.hpp>\nstruct Dog { realm::primary_key<int64_t> _id; };\nREALM_SCHEMA(Dog, _id)\n\
         struct Box {\n    realm::primary_key<int64_t> _id;\n    std::variant<std::monostate, Dog*> pet;\n    std::variant<int64_t, std::vector<int64_t>> many;\n};\n\
         REALM_SCHEMA(Box, _id, pet, many)\nextern \"C\" JNIEXPORT void JNICALL Java_a_B_c(JNIEnv* env) { int x = ; }\n",
    );
    let l = syncplan::load::load_one(&f).unwrap_or_else(|e| panic!("{e}"));
    let found = ids(&l.diagnostics);
    for p in ["Box.pet", "Box.many"] {
        assert!(
            found
                .iter()
                .any(|d| d.starts_with(&format!("source_unresolved_type {p}:")) && d.contains("mixed")),
            "{p}: {found:#?}"
        );
    }
    assert!(!l.schema.types["Box"].properties.contains_key("pet"));
}

// ------------------------------------------------------------------------------------------------
// Objective-C

#[test]
fn objc_models_read_as_realm_objc_reads_them() {
    let l = read("tests/sources/objc");
    assert_eq!(l.kind.to_string(), "SDK source (Objective-C)");
    expect(
        &l.schema,
        &[
            // Header properties + the class methods of Owner.m.
            ("Owner", "_id", "objectId pk"),
            ("Owner", "name", "string"),
            ("Owner", "email", "string? indexed"),
            ("Owner", "age", "int"),
            ("Owner", "verified", "bool"),
            ("Owner", "balance", "double"),
            ("Owner", "rating", "float"),
            ("Owner", "joinedAt", "date?"),
            ("Owner", "avatar", "data?"),
            ("Owner", "luckyNumber", "int?"),
            ("Owner", "height", "double?"),
            ("Owner", "credit", "decimal128?"),
            ("Owner", "deviceId", "uuid?"),
            ("Owner", "extra", "mixed?"),
            ("Owner", "favourite", "Pet?"),
            ("Owner", "pets", "Pet[]"),
            ("Owner", "nicknames", "string[]"),
            ("Owner", "badges", "int?<>"),
            ("Owner", "notes", "string?{}"),
            // Interface and implementation in one .m; RLMLinkingObjects from
            // +linkingObjectsProperties; RLMEmbeddedObject.
            ("Pet", "_id", "objectId pk"),
            ("Pet", "name", "string"),
            ("Pet", "tag", "Tag?"),
            ("Pet", "owners", "<- Owner.pets"),
            ("Tag", "label", "string"),
            // A subclass of a model class.
            ("Animal", "_id", "objectId pk"),
            ("Animal", "name", "string?"),
            ("Kitten", "_id", "objectId pk"),
            ("Kitten", "name", "string?"),
            ("Kitten", "whiskers", "int"),
        ],
    );
    assert!(!l.schema.types.contains_key("PetFormatter"));
    assert_eq!(l.schema.types["Tag"].kind, syncplan::model::ObjectKind::Embedded);
    assert!(l.diagnostics.is_empty(), "{:#?}", ids(&l.diagnostics));
    let (_tmp, srv) = server(&[
        (
            "Owner",
            json!({"properties": {
                "_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}, "email": {"bsonType": "string"},
                "age": {"bsonType": "long"}, "verified": {"bsonType": "bool"}, "balance": {"bsonType": "double"},
                "rating": {"bsonType": "float"}, "joinedAt": {"bsonType": "date"}, "avatar": {"bsonType": "binData"},
                "luckyNumber": {"bsonType": "long"}, "height": {"bsonType": "double"},
                "credit": {"bsonType": "decimal"}, "deviceId": {"bsonType": "uuid"}, "extra": {"bsonType": "mixed"},
                "favourite": {"bsonType": "objectId"},
                "pets": {"bsonType": "array", "items": {"bsonType": "objectId"}},
                "nicknames": {"bsonType": "array", "items": {"bsonType": "string"}},
                "badges": {"bsonType": "array", "uniqueItems": true, "items": {"bsonType": ["long", "null"]}},
                "notes": {"bsonType": "object", "additionalProperties": {"bsonType": ["string", "null"]}}},
                "required": ["_id", "name", "age", "verified", "balance", "rating"]}),
            {
                let mut r = link("favourite", "Pet", false);
                r["pets"] = link("pets", "Pet", true)["pets"].clone();
                r
            },
        ),
        (
            "Pet",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"},
                "tag": {"bsonType": "object", "title": "Tag", "properties": {"label": {"bsonType": "string"}},
                    "required": ["label"]}},
                "required": ["_id", "name"]}),
            json!({}),
        ),
        (
            "Animal",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}},
                "required": ["_id"]}),
            json!({}),
        ),
        (
            "Kitten",
            json!({"properties": {"_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"},
                "whiskers": {"bsonType": "long"}},
                "required": ["_id", "whiskers"]}),
            json!({}),
        ),
    ]);
    check_clean(&srv, &l);
}

/// Swift and Objective-C models of one app are one client (one SDK, one Realm file); a `.h`
/// without `@interface` stays C++; what cannot be read in Objective-C is a finding.
#[test]
fn objc_with_swift_is_one_client_and_unread_parts_are_findings() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        tmp.path(),
        "App/Note.swift",
        "import RealmSwift\n\nclass Note: Object {\n    @Persisted(primaryKey: true) var _id: ObjectId\n    @Persisted var author: Writer?\n}\n",
    );
    write(
        tmp.path(),
        "App/Writer.h",
        "#import <Realm/Realm.h>\n\n@interface Writer : RLMObject\n@property RLMObjectId *_id;\n@property NSNumber *score;\n@property RLMArray *drafts;\n@end\n",
    );
    let l = syncplan::load::load_one(&tmp.path().join("App")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.kind.to_string(), "SDK source (Swift)");
    expect(
        &l.schema,
        &[
            ("Note", "_id", "objectId pk"),
            ("Note", "author", "Writer?"),
            ("Writer", "_id", "objectId?"),
        ],
    );
    let found = ids(&l.diagnostics);
    for needle in [
        // No Writer.m: the class methods (primary key!) are not read, and that is said.
        "source_unsupported_construct Writer: the @implementation of Writer",
        "source_unresolved_type Writer.score: `score`: `NSNumber *` needs a protocol",
        "source_unresolved_type Writer.drafts: `drafts`: type `RLMArray` names no protocol",
    ] {
        assert!(found.iter().any(|d| d.starts_with(needle)), "{needle}: {found:#?}");
    }
    let header = write(tmp.path(), "Cpp/util.h", "#pragma once\nint add(int a, int b);\n");
    assert_eq!(
        syncplan::source::Language::of(&header).map(|l| l.refine(&header, "int add(int a, int b);")),
        Some(syncplan::source::Language::Cpp)
    );
}

/// Model inheritance (RealmSwift persists a subclass of a model class as its own type, the base's
/// properties first and its primary key inherited), across files, legacy and `@Persisted`.
#[test]
fn swift_model_inheritance() {
    let l = read("tests/sources/swift/Inheritance");
    expect(
        &l.schema,
        &[
            ("BaseRecord", "_id", "string pk"),
            ("BaseRecord", "createdAt", "date"),
            ("Bill", "_id", "string pk"),
            ("Bill", "createdAt", "date"),
            ("Bill", "amount", "double"),
            ("Bill", "lines", "string[]"),
            ("PaidBill", "_id", "string pk"),
            ("PaidBill", "createdAt", "date"),
            ("PaidBill", "amount", "double"),
            ("PaidBill", "lines", "string[]"),
            ("PaidBill", "paidAt", "date?"),
            ("Animal", "_id", "objectId pk"),
            ("Animal", "name", "string"),
            ("Cat", "_id", "objectId pk"),
            ("Cat", "name", "string"),
            ("Cat", "lives", "int"),
        ],
    );
    assert!(reader_problems(&l).is_empty(), "{:#?}", reader_problems(&l));
    let record = |extra: Value, required: &[&str]| {
        let mut props = json!({"_id": {"bsonType": "string"}, "createdAt": {"bsonType": "date"}});
        if let (Value::Object(p), Value::Object(e)) = (&mut props, extra) {
            p.extend(e);
        }
        let mut req = vec!["_id", "createdAt"];
        req.extend_from_slice(required);
        json!({"properties": props, "required": req})
    };
    let bill =
        json!({"amount": {"bsonType": "double"}, "lines": {"bsonType": "array", "items": {"bsonType": "string"}}});
    let mut paid = bill.clone();
    paid["paidAt"] = json!({"bsonType": "date"});
    let animal = json!({"properties": {"_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}}, "required": ["_id", "name"]});
    let mut cat = animal.clone();
    cat["properties"]["lives"] = json!({"bsonType": "long"});
    cat["required"] = json!(["_id", "name", "lives"]);
    let (_tmp, srv) = server(&[
        ("BaseRecord", record(json!({}), &[]), json!({})),
        ("Bill", record(bill, &["amount"]), json!({})),
        ("PaidBill", record(paid, &["amount"]), json!({})),
        ("Animal", animal, json!({})),
        ("Cat", cat, json!({})),
    ]);
    check_clean(&srv, &l);
}
