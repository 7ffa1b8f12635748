//! Issue #15: local (non-synced) realms. The client column agrees with realm-core (an invalid NEW
//! is reported as invalid; a key's type change is a type change; a key lost with a change to
//! embedded is reported; a persisted-name change is a removal plus an addition), `--context
//! local` verdicts per change kind as realm-core 14.14 behaves, and the schema version read from
//! SDK source.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::support::CRATE;

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

/// Writes `model.json` files for OLD and NEW (Realm JS ObjectSchema JSON) in a temporary folder.
fn pair(old: &str, new: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (o, n) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&o, old).expect("write old");
    std::fs::write(&n, new).expect("write new");
    (dir, o, n)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", r.stdout, r.stderr))
}

fn rules(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}.{}",
                f["rule"].as_str().unwrap_or(""),
                f["object_type"].as_str().unwrap_or(""),
                f["property"].as_str().unwrap_or("")
            )
        })
        .collect()
}

const TASK: &str =
    r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": "string"}}]}"#;

// ------------------------------------------------------------------ 1. the client column ----

/// NEW models realm-core refuses to open in a synced realm, with the validation id each gives.
const INVALID_NEW: &[(&str, &str, &str)] = &[
    (
        "an embedded class nobody links to",
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": "string"}},
           {"name": "Note", "embedded": true, "properties": {"text": "string"}}]}"#,
        "embedded_unreachable",
    ),
    (
        "a primary key not named _id",
        r#"{"schema": [{"name": "Task", "primaryKey": "code", "properties": {"_id": "objectId", "code": "string", "title": "string"}}]}"#,
        "primary_key_not_id",
    ),
    (
        "a link to a removed class",
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": "string", "owner": "Person?"}}]}"#,
        "link_target_missing",
    ),
    (
        "a link to an asymmetric class",
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": "string", "log": "Log?"}},
           {"name": "Log", "asymmetric": true, "primaryKey": "_id", "properties": {"_id": "objectId"}}]}"#,
        "link_to_asymmetric",
    ),
    (
        "a top-level class without a primary key",
        r#"{"schema": [{"name": "Task", "properties": {"_id": "objectId", "title": "string"}}]}"#,
        "primary_key_missing",
    ),
    (
        "a cycle through embedded objects",
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": "string", "a": "A?"}},
           {"name": "A", "embedded": true, "properties": {"b": "B?"}},
           {"name": "B", "embedded": true, "properties": {"a": "A?"}}]}"#,
        "embedded_cycle",
    ),
    (
        "a set of embedded objects",
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": "string", "tags": "Tag<>"}},
           {"name": "Tag", "embedded": true, "properties": {"name": "string"}}]}"#,
        "embedded_set",
    ),
];

#[test]
fn an_invalid_new_model_is_reported_invalid_in_every_format_and_fails() {
    for (what, new, id) in INVALID_NEW {
        let (_d, o, n) = pair(TASK, new);
        let r = syncplan(&["diff", s(&o), s(&n), "--format", "json"]);
        assert_eq!(r.code, 1, "{what}: an invalid NEW fails the run\n{}", r.stdout);
        let v = json(&r);
        assert_eq!(v["validation"]["new"]["valid"], Value::Bool(false), "{what}");
        assert_eq!(v["validation"]["old"]["valid"], Value::Bool(true), "{what}");
        let ids: Vec<&str> = v["validation"]["new"]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|d| d["severity"] == "error")
            .filter_map(|d| d["id"].as_str())
            .collect();
        assert!(ids.contains(id), "{what}: expected {id} among {ids:?}");
        // Not judged safe: the client verdict is breaking whatever the findings say.
        assert_eq!(v["verdict"]["client"], "breaking", "{what}");
        let text = syncplan(&["diff", s(&o), s(&n)]);
        assert_eq!(text.code, 1);
        assert!(
            text.stdout.contains("NEW model") && text.stdout.contains("is INVALID"),
            "{what}: {}",
            text.stdout
        );
        assert!(text.stdout.contains(id), "{what}: {}", text.stdout);
        let md = syncplan(&["diff", s(&o), s(&n), "--format", "markdown"]);
        assert!(
            md.stdout.contains("is invalid") && md.stdout.contains(id),
            "{what}: {}",
            md.stdout
        );
        let sarif = syncplan(&["diff", s(&o), s(&n), "--format", "sarif"]);
        assert!(sarif.stdout.contains(id), "{what}: SARIF names {id}");
        let plan = syncplan(&["plan", s(&o), s(&n), "--format", "json", "--sdk", "none"]);
        assert_eq!(
            json(&plan)["validation"]["new"]["valid"],
            Value::Bool(false),
            "{what}: plan"
        );
    }
}

#[test]
fn a_valid_pair_has_no_validation_block() {
    let (_d, o, n) = pair(TASK, TASK);
    let v = json(&syncplan(&["diff", s(&o), s(&n), "--format", "json"]));
    assert!(v.get("validation").is_none());
    assert!(v.get("local").is_none());
    assert!(v["verdict"].get("local").is_none());
}

#[test]
fn local_realms_need_no_id_key_but_refuse_asymmetric_types() {
    let keyless = r#"{"schema": [{"name": "Task", "properties": {"title": "string"}}]}"#;
    let (_d, o, n) = pair(keyless, keyless);
    let r = syncplan(&["diff", s(&o), s(&n), "--context", "local", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(json(&r).get("validation").is_none());
    let r = syncplan(&["validate", "--context", "local", s(&n)]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = syncplan(&["validate", s(&n)]);
    assert_eq!(r.code, 1, "a synced realm needs the `_id` key");

    let asym = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": "string"}},
        {"name": "Log", "asymmetric": true, "primaryKey": "_id", "properties": {"_id": "objectId"}}]}"#;
    let (_d, o, n) = pair(TASK, asym);
    let r = syncplan(&["diff", s(&o), s(&n), "--context", "local", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v = json(&r);
    assert_eq!(v["verdict"]["local"], "invalid");
    assert!(
        v["validation"]["new"]["findings"]
            .to_string()
            .contains("asymmetric_in_local_realm")
    );
}

#[test]
fn a_primary_key_type_change_is_a_property_type_change() {
    let new =
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "string", "title": "string"}}]}"#;
    let (_d, o, n) = pair(TASK, new);
    let v = json(&syncplan(&[
        "diff",
        s(&o),
        s(&n),
        "--format",
        "json",
        "--fail-on",
        "none",
    ]));
    assert_eq!(rules(&v), ["property_type_changed Task._id"]);
}

#[test]
fn a_key_lost_with_a_change_to_embedded_is_reported() {
    let old = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "Address?"}},
        {"name": "Address", "primaryKey": "_id", "properties": {"_id": "objectId", "street": "string"}}]}"#;
    let new = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "Address?"}},
        {"name": "Address", "embedded": true, "properties": {"street": "string"}}]}"#;
    let (_d, o, n) = pair(old, new);
    let v = json(&syncplan(&[
        "diff",
        s(&o),
        s(&n),
        "--format",
        "json",
        "--fail-on",
        "none",
    ]));
    assert_eq!(
        rules(&v),
        ["object_type_kind_changed Address.", "primary_key_changed Address._id"]
    );
    // And back: embedded → top-level gaining a key.
    let v = json(&syncplan(&[
        "diff",
        s(&n),
        s(&o),
        "--format",
        "json",
        "--fail-on",
        "none",
    ]));
    assert_eq!(
        rules(&v),
        ["object_type_kind_changed Address.", "primary_key_changed Address._id"]
    );
}

#[test]
fn a_persisted_name_change_is_a_removal_plus_an_addition() {
    let old = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": {"type": "string", "mapTo": "name"}}}]}"#;
    let new = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "title": {"type": "string", "mapTo": "title_v2"}}}]}"#;
    let (_d, o, n) = pair(old, new);
    let v = json(&syncplan(&[
        "diff",
        s(&o),
        s(&n),
        "--format",
        "json",
        "--fail-on",
        "none",
    ]));
    assert_eq!(
        rules(&v),
        ["property_removed Task.name", "property_added_required Task.title_v2"]
    );
    let added = &v["findings"][1];
    assert_eq!(added["from"], "name");
    let msg = added["message"].as_str().unwrap_or("");
    assert!(msg.contains("do not follow"), "{msg}");
    // Not a client-breaking rename: no rename finding at all, and locally it needs migration code.
    let v = json(&syncplan(&[
        "diff",
        s(&o),
        s(&n),
        "--format",
        "json",
        "--context",
        "local",
        "--fail-on",
        "none",
    ]));
    assert_eq!(v["findings"][1]["local"], "migration");
    assert_eq!(v["findings"][0]["local"], "bump");
}

// ------------------------------------------------------------ 2. --context local verdicts ----

use syncplan::local::LocalVerdict;

/// Every row of the table "realm-core behaviour per change kind" (realm-core 14.14, real files
/// with data), as a migrations-examples pair, with the local verdict realm-core's behaviour gives.
/// Data-dependent rows (a key move with distinct values, top-level → embedded where every object has
/// one parent) take the verdict of the worst data: a model cannot show the data.
const ROWS: &[(&str, &str, LocalVerdict)] = &[
    ("local_property_added", "L01, L02, L38-L40", LocalVerdict::Bump),
    ("local_property_removed", "L03", LocalVerdict::Bump),
    ("local_property_type_changed", "L04-L06", LocalVerdict::Migration),
    ("local_collection_kind_changed", "L11-L13, L15", LocalVerdict::Migration),
    ("local_link_target_changed", "L14", LocalVerdict::Migration),
    ("local_made_optional", "L07, L09, L21", LocalVerdict::Bump),
    ("local_made_required", "L08, L10", LocalVerdict::Migration),
    ("local_primary_key_moved", "L16, L16b", LocalVerdict::Migration),
    (
        "local_primary_key_moved_to_new_property",
        "L17",
        LocalVerdict::Migration,
    ),
    ("local_primary_key_type_changed", "L18, L18b", LocalVerdict::Migration),
    ("local_primary_key_removed", "L19", LocalVerdict::Bump),
    ("local_primary_key_added", "L20, L20b", LocalVerdict::Migration),
    ("local_made_embedded", "L22-L24", LocalVerdict::Migration),
    ("local_made_top_level", "L25", LocalVerdict::Bump),
    ("local_made_top_level_with_key", "L25b", LocalVerdict::Migration),
    ("local_client_name_remapped", "L27", LocalVerdict::None),
    ("local_persisted_name_changed", "L28", LocalVerdict::Migration),
    ("local_index_changed", "L29-L32", LocalVerdict::None),
    ("local_type_added", "L33, L36", LocalVerdict::None),
    ("local_type_removed", "L35", LocalVerdict::None),
    ("local_type_removed_with_link", "L34, L41", LocalVerdict::Bump),
    ("local_embedded_link_removed", "L37", LocalVerdict::Bump),
    ("local_made_optional_and_indexed", "L42, L43", LocalVerdict::Migration),
    ("local_made_required_and_indexed", "L44", LocalVerdict::Migration),
];

fn example(dir: &str) -> (String, String) {
    let d = Path::new("migrations-examples").join(dir);
    (
        d.join("before").to_string_lossy().into_owned(),
        d.join("after").to_string_lossy().into_owned(),
    )
}

#[test]
fn every_row_of_the_realm_core_table_has_its_local_verdict() {
    let mut wrong = Vec::new();
    for (dir, row, want) in ROWS {
        let (b, a) = example(dir);
        let r = syncplan(&[
            "diff",
            &b,
            &a,
            "--context",
            "local",
            "--format",
            "json",
            "--fail-on",
            "none",
        ]);
        assert_eq!(r.code, 0, "{dir}: {}{}", r.stdout, r.stderr);
        let v = json(&r);
        let got = v["verdict"]["local"].as_str().unwrap_or("(absent)").to_string();
        if got != want.as_str() {
            wrong.push(format!("{dir} ({row}): expected {want}, got {got}: {:?}", rules(&v)));
        }
        // Every finding carries a local verdict, and the report's is the worst of them.
        let findings = v["findings"].as_array().expect("findings");
        assert!(
            findings.iter().all(|f| f["local"].is_string()),
            "{dir}: a finding without a local verdict"
        );
        let worst = findings
            .iter()
            .filter_map(|f| LocalVerdict::parse(f["local"].as_str().unwrap_or("")))
            .max()
            .unwrap_or(LocalVerdict::None);
        assert_eq!(worst.as_str(), got, "{dir}");
        // The examples bump the version when the change needs it: no version finding.
        assert_eq!(v["local"]["findings"], serde_json::json!([]), "{dir}");
    }
    assert!(
        wrong.is_empty(),
        "local verdicts that disagree with realm-core:\n{}",
        wrong.join("\n")
    );
    // Every local example is in the table.
    let dirs: Vec<String> = std::fs::read_dir(Path::new(CRATE).join("migrations-examples"))
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("local_"))
        .collect();
    for d in dirs {
        assert!(
            ROWS.iter().any(|(r, _, _)| *r == d),
            "migrations-examples/{d} is not in ROWS"
        );
    }
}

#[test]
fn top_level_to_asymmetric_is_invalid_locally() {
    // L26: "Asymmetric table 'Tag' not allowed in a local Realm".
    let old = r#"{"schema": [{"name": "Tag", "primaryKey": "_id", "properties": {"_id": "objectId"}}]}"#;
    let new =
        r#"{"schema": [{"name": "Tag", "asymmetric": true, "primaryKey": "_id", "properties": {"_id": "objectId"}}]}"#;
    let (_d, o, n) = pair(old, new);
    let r = syncplan(&["diff", s(&o), s(&n), "--context", "local", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v = json(&r);
    assert_eq!(v["verdict"]["local"], "invalid");
    assert_eq!(v["findings"][0]["local"], "invalid");
}

#[test]
fn local_text_and_markdown_say_the_verdict_in_words() {
    let (b, a) = example("local_property_type_changed");
    let t = syncplan(&["diff", &b, &a, "--context", "local"]);
    assert!(
        t.stdout
            .contains("local realm: MIGRATION (needs a schemaVersion bump and migration code)"),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("local: migration]"), "{}", t.stdout);
    assert!(t.stdout.contains("schema version: 1 → 2"), "{}", t.stdout);
    let m = syncplan(&["diff", &b, &a, "--context", "local", "--format", "markdown"]);
    assert!(
        m.stdout
            .contains("**Local realm:** `migration`: needs a schemaVersion bump and migration code."),
        "{}",
        m.stdout
    );
}

#[test]
fn fail_on_migration_and_bump_gate_ci() {
    let (b, a) = example("local_property_added");
    // bump only: passes --fail-on migration (the default under --context local), fails --fail-on bump.
    assert_eq!(syncplan(&["diff", &b, &a, "--context", "local"]).code, 0);
    assert_eq!(syncplan(&["diff", &b, &a, "--fail-on", "migration"]).code, 0);
    assert_eq!(syncplan(&["diff", &b, &a, "--fail-on", "bump"]).code, 1);
    let (b, a) = example("local_made_required");
    assert_eq!(syncplan(&["diff", &b, &a, "--fail-on", "migration"]).code, 1);
    assert_eq!(syncplan(&["diff", &b, &a, "--context", "local"]).code, 1);
    let (b, a) = example("local_index_changed");
    assert_eq!(syncplan(&["diff", &b, &a, "--fail-on", "bump"]).code, 0);
    // --fail-on migration implies the local context.
    let v = json(&syncplan(&[
        "diff",
        &b,
        &a,
        "--fail-on",
        "migration",
        "--format",
        "json",
    ]));
    assert_eq!(v["context"], serde_json::json!(["local"]));
}

#[test]
fn per_sdk_verdicts_java_needs_code_for_everything_cpp_cannot_migrate() {
    use syncplan::local::{LocalSdk, sdk_verdict};
    let load = |p: &str| syncplan::load::load_one(Path::new(CRATE).join(p).as_path()).expect("loads");
    for (dir, _, want) in ROWS {
        let (b, a) = example(dir);
        let (o, n) = (load(&b), load(&a));
        let changes = syncplan::diff::diff(&o.schema, &n.schema, &Default::default());
        for c in &changes {
            let core = syncplan::local::verdict(c, &changes);
            let java = sdk_verdict(LocalSdk::Java, c, &changes);
            let cpp = sdk_verdict(LocalSdk::Cpp, c, &changes);
            let swift = sdk_verdict(LocalSdk::Swift, c, &changes);
            assert_eq!(swift.verdict, core, "{dir}");
            assert_eq!(cpp.verdict, core, "{dir}");
            assert_eq!(cpp.cannot_migrate, core == LocalVerdict::Migration, "{dir}");
            // Realm Java (Manual mode): an added class, a new index, an added field: code too.
            if !matches!(
                c.kind,
                syncplan::diff::ChangeKind::ClientNameChanged | syncplan::diff::ChangeKind::TypeRemoved
            ) {
                assert_eq!(java.verdict, LocalVerdict::Migration, "{dir}: {:?}", c.kind);
            } else {
                assert_eq!(java.verdict, core, "{dir}");
            }
        }
        let _ = want;
    }
}

// ----------------------------------------------------- 3. schema version from SDK source ----

/// One SDK's app: a model file (with `{EXTRA}` where a new property goes) and a configuration file
/// (with `{V}` for the version), the line of the configuration that sets the version, and the
/// delete-instead flag it sets, if any.
struct SdkApp {
    sdk: &'static str,
    model: (&'static str, &'static str),
    extra: &'static str,
    config: (&'static str, &'static str),
    version_line: u32,
    delete_flag: Option<&'static str>,
}

const APPS: &[SdkApp] = &[
    SdkApp {
        sdk: "swift",
        model: (
            "Models/Task.swift",
            "import RealmSwift\n\nclass Task: Object {\n    @Persisted(primaryKey: true) var _id: ObjectId\n    @Persisted var title = \"\"\n    {EXTRA}\n}\n",
        ),
        extra: "@Persisted var note: String?",
        config: (
            "App/Store.swift",
            "import RealmSwift\n\n// schemaVersion: 99 in a comment is not a setting\nlet config = Realm.Configuration(\n    schemaVersion: {V},\n    deleteRealmIfMigrationNeeded: true\n)\n",
        ),
        version_line: 5,
        delete_flag: Some("deleteRealmIfMigrationNeeded"),
    },
    SdkApp {
        sdk: "kotlin",
        model: (
            "src/Task.kt",
            "import io.realm.kotlin.types.RealmObject\nimport io.realm.kotlin.types.annotations.PrimaryKey\nimport org.mongodb.kbson.ObjectId\n\nclass Task : RealmObject {\n    @PrimaryKey\n    var _id: ObjectId = ObjectId()\n    var title: String = \"\"\n    {EXTRA}\n}\n",
        ),
        extra: "var note: String? = null",
        config: (
            "src/Db.kt",
            "import io.realm.kotlin.RealmConfiguration\n\nconst val DB_VERSION = {V}L\n\nval config = RealmConfiguration.Builder(schema = setOf(Task::class))\n    .schemaVersion(DB_VERSION)\n    .deleteRealmIfMigrationNeeded()\n    .build()\n",
        ),
        version_line: 6,
        delete_flag: Some("deleteRealmIfMigrationNeeded"),
    },
    SdkApp {
        sdk: "java",
        model: (
            "src/main/java/Task.java",
            "import io.realm.RealmObject;\nimport io.realm.annotations.PrimaryKey;\nimport org.bson.types.ObjectId;\n\npublic class Task extends RealmObject {\n    @PrimaryKey\n    private ObjectId _id;\n    private String title;\n    {EXTRA}\n}\n",
        ),
        extra: "private String note;",
        config: (
            "src/main/java/App.java",
            "import io.realm.RealmConfiguration;\n\npublic class App {\n    static final long SCHEMA_VERSION = {V};\n    RealmConfiguration config = new RealmConfiguration.Builder()\n        .schemaVersion(SCHEMA_VERSION)\n        .deleteRealmIfMigrationNeeded()\n        .build();\n}\n",
        ),
        version_line: 6,
        delete_flag: Some("deleteRealmIfMigrationNeeded"),
    },
    SdkApp {
        sdk: "js",
        model: (
            "src/Task.js",
            "import Realm from \"realm\";\n\nexport class Task extends Realm.Object {\n  static schema = {\n    name: \"Task\",\n    primaryKey: \"_id\",\n    properties: { _id: \"objectId\", title: \"string\", {EXTRA} },\n  };\n}\n",
        ),
        extra: "note: \"string?\"",
        config: (
            "src/App.js",
            "import { RealmProvider } from \"@realm/react\";\nimport { Task } from \"./Task\";\n\nexport const App = () => (\n  <RealmProvider schema={[Task]} schemaVersion={{V}}>\n    <Main />\n  </RealmProvider>\n);\n",
        ),
        version_line: 5,
        delete_flag: None,
    },
    SdkApp {
        sdk: "ts",
        model: (
            "src/Task.ts",
            "import Realm, { ObjectSchema } from \"realm\";\n\nexport class Task extends Realm.Object<Task> {\n  static schema: ObjectSchema = {\n    name: \"Task\",\n    primaryKey: \"_id\",\n    properties: { _id: \"objectId\", title: \"string\", {EXTRA} },\n  };\n}\n",
        ),
        extra: "note: \"string?\"",
        config: (
            "src/db.ts",
            "import Realm from \"realm\";\nimport { Task } from \"./Task\";\n\nexport const SCHEMA_VERSION = {V};\nexport const open = () =>\n  Realm.open({ schema: [Task], schemaVersion: SCHEMA_VERSION, deleteRealmIfMigrationNeeded: true });\n",
        ),
        version_line: 6,
        delete_flag: Some("deleteRealmIfMigrationNeeded"),
    },
    SdkApp {
        sdk: "dart",
        model: (
            "lib/task.dart",
            "import 'package:realm/realm.dart';\n\npart 'task.realm.dart';\n\n@RealmModel()\nclass _Task {\n  @PrimaryKey()\n  @MapTo('_id')\n  late ObjectId id;\n  late String title;\n  {EXTRA}\n}\n",
        ),
        extra: "String? note;",
        config: (
            "lib/main.dart",
            "import 'package:realm/realm.dart';\n\nfinal config = Configuration.local(\n  [Task.schema],\n  schemaVersion: {V},\n  shouldDeleteIfMigrationNeeded: true,\n);\n",
        ),
        version_line: 5,
        delete_flag: Some("shouldDeleteIfMigrationNeeded"),
    },
    SdkApp {
        sdk: "csharp",
        model: (
            "Models/Task.cs",
            "#nullable enable\nusing MongoDB.Bson;\nusing Realms;\n\npublic partial class Task : IRealmObject\n{\n    [PrimaryKey]\n    [MapTo(\"_id\")]\n    public ObjectId Id { get; set; }\n    public string Title { get; set; } = \"\";\n    {EXTRA}\n}\n",
        ),
        extra: "public string? Note { get; set; }",
        config: (
            "Db.cs",
            "using Realms;\n\npublic static class Db\n{\n    public const ulong Version = {V};\n    public static RealmConfiguration Config => new RealmConfiguration(\"app.realm\")\n    {\n        SchemaVersion = Version,\n        ShouldDeleteIfMigrationNeeded = true,\n    };\n}\n",
        ),
        version_line: 8,
        delete_flag: Some("ShouldDeleteIfMigrationNeeded"),
    },
    SdkApp {
        sdk: "cpp",
        model: (
            "include/models.hpp",
            "#pragma once\n#include <cpprealm/sdk.hpp>\n\nnamespace realm {\nstruct Task {\n    realm::primary_key<realm::object_id> _id;\n    std::string title;\n    {EXTRA}\n};\nREALM_SCHEMA(Task, _id, title{EXTRA_NAME})\n}\n",
        ),
        extra: "std::optional<std::string> note;",
        config: (
            "src/main.cpp",
            "#include \"models.hpp\"\n\nint main() {\n    realm::db_config config;\n    config.set_schema_version({V});\n    auto db = realm::db(config);\n}\n",
        ),
        version_line: 5,
        delete_flag: None,
    },
];

/// Writes one version of an app: with or without the new property, at schema version `v`.
fn write_app(root: &Path, app: &SdkApp, with_extra: bool, v: u64) {
    let model = app
        .model
        .1
        .replace("{EXTRA}", if with_extra { app.extra } else { "" })
        .replace("{EXTRA_NAME}", if with_extra { ", note" } else { "" });
    let config = app.config.1.replace("{V}", &v.to_string());
    for (rel, text) in [(app.model.0, model), (app.config.0, config)] {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
}

#[test]
fn the_schema_version_is_read_from_every_sdk_and_an_unchanged_one_is_an_error_at_its_line() {
    for app in APPS {
        let dir = tempfile::tempdir().expect("tempdir");
        let (old, new, bumped) = (
            dir.path().join("old"),
            dir.path().join("new"),
            dir.path().join("bumped"),
        );
        write_app(&old, app, false, 3);
        write_app(&new, app, true, 3);
        write_app(&bumped, app, true, 4);
        let sdk = app.sdk;

        // Same version, a property added: the crash users ship.
        let r = syncplan(&["diff", s(&old), s(&new), "--context", "local", "--format", "json"]);
        assert_eq!(r.code, 1, "{sdk}: {}{}", r.stdout, r.stderr);
        let v = json(&r);
        assert_eq!(v["verdict"]["local"], "bump", "{sdk}");
        assert_eq!(
            v["local"]["schema_version"]["old"]["version"], 3,
            "{sdk}: {}",
            v["local"]
        );
        assert_eq!(v["local"]["schema_version"]["new"]["version"], 3, "{sdk}");
        let findings = v["local"]["findings"].as_array().expect("local findings");
        let err = findings
            .iter()
            .find(|d| d["id"] == "schema_version_not_bumped")
            .unwrap_or_else(|| panic!("{sdk}: no schema_version_not_bumped in {findings:?}"));
        assert_eq!(err["severity"], "error");
        let file = err["location"]["file"].as_str().unwrap_or("");
        assert!(file.ends_with(app.config.0), "{sdk}: at {file}");
        assert_eq!(err["location"]["line"], app.version_line, "{sdk}: {err}");
        match app.delete_flag {
            Some(flag) => {
                let w = findings
                    .iter()
                    .find(|d| d["id"] == "delete_realm_if_migration_needed")
                    .unwrap_or_else(|| panic!("{sdk}: the delete flag is not reported: {findings:?}"));
                assert_eq!(w["severity"], "warning");
                assert!(w["message"].as_str().unwrap_or("").contains(flag), "{sdk}: {w}");
            }
            None => assert!(
                !findings.iter().any(|d| d["id"] == "delete_realm_if_migration_needed"),
                "{sdk}: {findings:?}"
            ),
        }

        // Bumped: no error (a bump-only change passes the default gate).
        let r = syncplan(&["diff", s(&old), s(&bumped), "--context", "local", "--format", "json"]);
        let v = json(&r);
        assert_eq!(v["local"]["schema_version"]["new"]["version"], 4, "{sdk}");
        assert!(
            !v["local"]["findings"].to_string().contains("schema_version_not_bumped"),
            "{sdk}: {}",
            v["local"]
        );
        assert_eq!(r.code, 0, "{sdk}: {}", r.stdout);

        // --schema-version wins over the source.
        let r = syncplan(&["diff", s(&old), s(&new), "--schema-version", "3:5", "--format", "json"]);
        let v = json(&r);
        assert_eq!(v["local"]["schema_version"]["new"]["source"], "flag", "{sdk}");
        assert_eq!(r.code, 0, "{sdk}");
    }
}

#[test]
fn a_lowered_version_and_an_unresolvable_one_are_reported() {
    let app = &APPS[0];
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    write_app(&old, app, false, 5);
    write_app(&new, app, false, 4);
    let r = syncplan(&["diff", s(&old), s(&new), "--context", "local", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert!(
        json(&r)["local"]["findings"]
            .to_string()
            .contains("schema_version_lowered")
    );

    // A version from an expression syncplan cannot evaluate: said so, never guessed.
    let swift = "import RealmSwift\nlet config = Realm.Configuration(schemaVersion: currentVersion())\n";
    std::fs::write(new.join("App/Store.swift"), swift).expect("write");
    let r = syncplan(&["diff", s(&old), s(&new), "--context", "local", "--format", "json"]);
    let v = json(&r);
    assert_eq!(
        v["local"]["schema_version"]["new"]["version"],
        Value::Null,
        "{}",
        v["local"]
    );
    assert!(
        v["local"]["findings"].to_string().contains("schema_version_unresolved"),
        "{}",
        v["local"]
    );
}

#[test]
fn an_app_that_sets_no_version_is_at_zero() {
    let app = &APPS[0];
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    write_app(&old, app, false, 0);
    write_app(&new, app, true, 0);
    // Drop the configurations: no version set anywhere means 0 in every SDK.
    std::fs::remove_file(old.join(app.config.0)).expect("rm");
    std::fs::remove_file(new.join(app.config.0)).expect("rm");
    let v = json(&syncplan(&[
        "diff",
        s(&old),
        s(&new),
        "--context",
        "local",
        "--format",
        "json",
    ]));
    assert_eq!(v["local"]["schema_version"]["new"]["source"], "default");
    assert!(v["local"]["findings"].to_string().contains("schema_version_not_bumped"));
}

// ------------------------------------------------------------ 4. migration code per SDK ----

use syncplan::migrate::Target;

fn grammar(t: Target) -> Option<tree_sitter::Language> {
    Some(match t {
        Target::Swift => tree_sitter_swift::LANGUAGE.into(),
        Target::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
        Target::Js => tree_sitter_javascript::LANGUAGE.into(),
        Target::Ts => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Target::Dart => tree_sitter_dart::LANGUAGE.into(),
        Target::Csharp => tree_sitter_c_sharp::LANGUAGE.into(),
        Target::Cpp => tree_sitter_cpp::LANGUAGE.into(),
        Target::Java => tree_sitter_java::LANGUAGE.into(),
    })
}

fn first_error(node: tree_sitter::Node, src: &str) -> Option<String> {
    if node.is_error() || node.is_missing() {
        let p = node.start_position();
        let text: String = src.get(node.byte_range()).unwrap_or("").chars().take(60).collect();
        return Some(format!(
            "{}:{}: {} `{text}`",
            p.row + 1,
            p.column + 1,
            if node.is_missing() { "MISSING" } else { "ERROR" }
        ));
    }
    if !node.has_error() {
        return None;
    }
    let mut c = node.walk();
    let children: Vec<tree_sitter::Node> = node.children(&mut c).collect();
    children.into_iter().find_map(|n| first_error(n, src))
}

/// The local plan and each SDK's code for one example.
fn local_code(dir: &str) -> (syncplan::migrate::LocalPlan, Vec<(Target, String)>) {
    let (b, a) = example(dir);
    let load = |p: &str| syncplan::load::load_one(Path::new(CRATE).join(p).as_path()).expect("loads");
    let (o, n) = (load(&b), load(&a));
    let ctx = syncplan::rules::Context {
        local: true,
        ..Default::default()
    };
    let changes = syncplan::diff::diff(&o.schema, &n.schema, &Default::default());
    let mut c = syncplan::classify::classify(&changes, &ctx);
    syncplan::classify::attach_local(&mut c, &o, &n, &ctx, None);
    let p = syncplan::migrate::plan(&c);
    let code = syncplan::migrate::render(&p, &Target::ALL);
    (p, code)
}

#[test]
fn migration_code_parses_with_each_sdk_grammar_and_is_snapshotted() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();
    let mut changed = Vec::new();
    for (dir, _, want) in ROWS {
        let (p, code) = local_code(dir);
        assert_eq!(p.verdict, *want, "{dir}");
        let mut all = format!("{}\n", serde_json::to_string_pretty(&p).expect("plan JSON"));
        for (t, c) in &code {
            if let Some(g) = grammar(*t) {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(&g).expect("grammar");
                let tree = parser.parse(c, None).expect("tree");
                if let Some(e) = first_error(tree.root_node(), c) {
                    let numbered: String = c
                        .lines()
                        .enumerate()
                        .map(|(i, l)| format!("{:4} {l}\n", i + 1))
                        .collect();
                    panic!("{dir} / {}: does not parse: {e}\n{numbered}", t.name());
                }
            }
            all.push_str(&format!("\n==== {} ====\n{c}", t.name()));
        }
        let name = format!("local__{dir}");
        if std::panic::catch_unwind(|| insta::assert_snapshot!(name, all)).is_err() {
            changed.push(dir.to_string());
        }
    }
    assert!(
        changed.is_empty(),
        "local migration code differs from its snapshots: {changed:?}"
    );
}

#[test]
fn migration_code_guards_steps_by_the_old_version_and_counts_what_it_cannot_convert() {
    let (p, code) = local_code("local_property_type_changed");
    assert_eq!((p.old_version, p.new_version), (Some(1), 2));
    assert!(!p.incomplete);
    let get = |t: Target| {
        code.iter()
            .find(|(x, _)| *x == t)
            .map(|(_, c)| c.as_str())
            .unwrap_or("")
    };
    assert!(get(Target::Swift).contains("if oldSchemaVersion < 2 {"));
    assert!(get(Target::Swift).contains("unconverted[\"Person.age\", default: 0] += 1"));
    assert!(get(Target::Kotlin).contains("if (oldVersion < 2L) {"));
    assert!(get(Target::Js).contains("if (oldRealm.schemaVersion < 2) {"));
    assert!(get(Target::Dart).contains("if (oldSchemaVersion < 2) {"));
    assert!(get(Target::Csharp).contains("if (oldSchemaVersion < 2)"));
    assert!(get(Target::Java).contains("if (oldVersion < 2) {"));
    // C++: the version, and a clear statement of what cannot be migrated.
    let cpp = get(Target::Cpp);
    assert!(cpp.contains("config.set_schema_version(2);"));
    assert!(
        cpp.contains("no migration callback") && cpp.contains("Person.age changed type: every value is lost"),
        "{cpp}"
    );
    // A rename uses the SDK's helper where there is one, and copies the value where there is none.
    let (_, code) = local_code("local_persisted_name_changed");
    let get = |t: Target| {
        code.iter()
            .find(|(x, _)| *x == t)
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    };
    assert!(
        get(Target::Swift).contains("migration.renameProperty(onType: \"Person\", from: \"name\", to: \"full_name\")")
    );
    assert!(get(Target::Dart).contains("migration.renameProperty('Person', 'name', 'full_name');"));
    assert!(get(Target::Csharp).contains("migration.RenameProperty(\"Person\", \"name\", \"full_name\");"));
    assert!(get(Target::Java).contains("schema.get(\"Person\").renameField(\"name\", \"full_name\");"));
    assert!(get(Target::Kotlin).contains("newObject.set(\"full_name\", oldObject.getValue<String>(\"name\"))"));
    assert!(get(Target::Js).contains("newObject[\"full_name\"] = oldObject[\"name\"];"));
    // Realm Java rebuilds even an added class (Manual mode).
    let (_, code) = local_code("local_type_added");
    let java = code
        .iter()
        .find(|(t, _)| *t == Target::Java)
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    assert!(java.contains("schema.create(\"Tag\")"), "{java}");
    // A plan with a step left to the user says it is incomplete.
    let (p, code) = local_code("local_made_embedded");
    assert!(p.incomplete);
    assert!(
        code.iter()
            .all(|(_, c)| c.contains("TODO (not generated, the migration is incomplete without it)"))
    );
}

#[test]
fn typescript_migration_type_checks_against_realm() {
    let modules = crate::support::require_node(&["realm", "typescript"]);
    let dir = Path::new(CRATE).join("target/tsc-local");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let link = dir.join("node_modules");
    if !link.exists() {
        #[cfg(unix)]
        std::os::unix::fs::symlink(&modules, &link).expect("link node_modules");
    }
    let mut files = Vec::new();
    for (d, _, _) in ROWS {
        let (_, code) = local_code(d);
        let ts = code
            .iter()
            .find(|(t, _)| *t == Target::Ts)
            .map(|(_, c)| c.clone())
            .expect("ts");
        let f = format!("{d}.ts");
        std::fs::write(dir.join(&f), ts).expect("write");
        files.push(f);
    }
    let out = Command::new("node")
        .arg(modules.join("typescript/bin/tsc"))
        .args([
            "--noEmit",
            "--strict",
            // Check the generated files, not the typings of the packages (@types/node vs lib.dom).
            "--skipLibCheck",
            "--target",
            "es2020",
            "--moduleResolution",
            "node",
            "--esModuleInterop",
        ])
        .args(&files)
        .current_dir(&dir)
        .output()
        .expect("run tsc");
    assert!(
        out.status.success(),
        "tsc rejected the generated migrations:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn plan_context_local_prints_the_migration_in_every_format() {
    let (b, a) = example("local_made_required");
    let r = syncplan(&[
        "plan",
        &b,
        &a,
        "--context",
        "local",
        "--sdk",
        "swift,java",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["migration"]["schema_version"], 2);
    assert_eq!(v["migration"]["steps"][0]["kind"], "require");
    assert!(
        v["migration"]["code"]["swift"]
            .as_str()
            .unwrap_or("")
            .contains("migrationBlock")
    );
    assert!(
        v["migration"]["code"]["java"]
            .as_str()
            .unwrap_or("")
            .contains("setRequired(\"nickname\", true)")
    );
    let md = syncplan(&[
        "plan",
        &b,
        &a,
        "--context",
        "local",
        "--sdk",
        "kotlin",
        "--format",
        "markdown",
    ]);
    assert!(
        md.stdout.contains("### Local migration (schema version 2)") && md.stdout.contains("AutomaticSchemaMigration")
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let r = syncplan(&["plan", &b, &a, "--context", "local", "--sdk", "all", "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in [
        "plan.md",
        "plan.json",
        "migrations/Migration.swift",
        "migrations/LocalMigration.java",
        "migrations/local_config.hpp",
    ] {
        assert!(out.join(f).is_file(), "{f} not written");
    }
}

// ------------------------------------------------------------------------ 5. history ----

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn release(dir: &Path, tag: &str, version: u64, props: &str) {
    let model = format!(
        r#"{{"schemaVersion": {version}, "schema": [{{"name": "Task", "primaryKey": "_id", "properties": {{"_id": "objectId", {props}}}}}]}}"#
    );
    std::fs::write(dir.join("model.json"), model).expect("write");
    git(dir, &["add", "model.json"]);
    git(dir, &["commit", "-q", "-m", tag]);
    git(dir, &["tag", tag]);
}

fn history_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q"]);
    release(dir.path(), "v1.0", 1, r#""title": "string""#);
    // A property added, version bumped.
    release(dir.path(), "v1.1", 2, r#""title": "string", "priority": "int""#);
    // A type change shipped without a bump: the crash.
    release(dir.path(), "v1.2", 2, r#""title": "string", "priority": "string""#);
    // Bumped again, a property added.
    release(
        dir.path(),
        "v2.0",
        3,
        r#""title": "string", "priority": "string", "note": "string?""#,
    );
    dir
}

fn history(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_syncplan"))
        .arg("history")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run syncplan");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

#[test]
fn history_lists_every_release_flags_the_missing_bump_and_chains_the_migration() {
    let repo = history_repo();
    let r = history(
        repo.path(),
        &["model.json", "--sdk", "swift,kotlin", "--format", "json"],
    );
    assert_eq!(r.code, 1, "a release without its bump fails: {}{}", r.stdout, r.stderr);
    let v = json(&r);
    let labels: Vec<&str> = v["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .filter_map(|r| r["label"].as_str())
        .collect();
    assert_eq!(labels, ["v1.0", "v1.1", "v1.2", "v2.0"]);
    let versions: Vec<Value> = v["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["schema_version"].clone())
        .collect();
    assert_eq!(
        versions,
        [Value::from(1), Value::from(2), Value::from(2), Value::from(3)]
    );
    let t = v["transitions"].as_array().expect("transitions");
    let summary: Vec<(String, String, bool)> = t
        .iter()
        .map(|t| {
            (
                format!(
                    "{}→{}",
                    t["from"].as_str().unwrap_or(""),
                    t["to"].as_str().unwrap_or("")
                ),
                t["verdict"].as_str().unwrap_or("").to_string(),
                t["not_bumped"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("v1.0→v1.1".to_string(), "bump".to_string(), false),
            ("v1.1→v1.2".to_string(), "migration".to_string(), true),
            ("v1.2→v2.0".to_string(), "bump".to_string(), false),
        ]
    );
    // One chained callback, each step guarded by its own version, to the newest version.
    let swift = v["migration"]["code"]["swift"].as_str().unwrap_or("");
    assert!(swift.contains("schemaVersion: 3,"), "{swift}");
    assert!(swift.contains("if oldSchemaVersion < 2 {"), "{swift}");
    assert!(swift.contains("if oldSchemaVersion < 3 {"), "{swift}");
    assert_eq!(swift.matches("migrationBlock").count(), 1);
    assert!(
        swift.contains("unconverted[\"Task.priority\", default: 0] += 1"),
        "{swift}"
    );
    let kotlin = v["migration"]["code"]["kotlin"].as_str().unwrap_or("");
    assert!(
        kotlin.contains("if (oldVersion < 2L) {") && kotlin.contains("if (oldVersion < 3L) {"),
        "{kotlin}"
    );

    // --from / --to narrow the range.
    let r = history(
        repo.path(),
        &[
            "model.json",
            "--from",
            "v1.2",
            "--to",
            "v2.0",
            "--sdk",
            "none",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(v["releases"].as_array().map(Vec::len), Some(2));
    // Text says it in words.
    let r = history(repo.path(), &["model.json", "--sdk", "none"]);
    assert!(r.stdout.contains("CHANGED THE MODEL WITHOUT A BUMP"), "{}", r.stdout);
}

#[test]
fn history_without_tags_walks_the_commits_touching_the_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q"]);
    for (v, props) in [(1, r#""title": "string""#), (2, r#""title": "string?""#)] {
        let model = format!(
            r#"{{"schemaVersion": {v}, "schema": [{{"name": "Task", "primaryKey": "_id", "properties": {{"_id": "objectId", {props}}}}}]}}"#
        );
        std::fs::write(dir.path().join("model.json"), model).expect("write");
        git(dir.path(), &["add", "model.json"]);
        git(dir.path(), &["commit", "-q", "-m", "model"]);
        // A commit that does not touch the model is not a point.
        std::fs::write(dir.path().join(format!("other{v}.txt")), "x").expect("write");
        git(dir.path(), &["add", "."]);
        git(dir.path(), &["commit", "-q", "-m", "other"]);
    }
    let v = json(&history(
        dir.path(),
        &["model.json", "--sdk", "none", "--format", "json"],
    ));
    assert_eq!(v["releases"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["transitions"][0]["verdict"], "bump");
}

// ----------------------------------------------------------------------- 6. properties ----

use proptest::prelude::*;

fn loaded(s: syncplan::model::Schema, root: &str) -> syncplan::load::Loaded {
    syncplan::load::Loaded {
        schema: s,
        root: root.into(),
        kind: syncplan::load::InputKind::RealmModel,
        diagnostics: vec![],
    }
}

proptest! {
    #![proptest_config(super::properties::config())]

    /// A model compared with itself as a local realm needs nothing: verdict `none`, no finding,
    /// no version finding.
    #[test]
    fn a_model_against_itself_is_none(m in super::properties::model()) {
        let (a, b) = (loaded(m.clone(), "a"), loaded(m, "b"));
        let c = syncplan::history::transition(&a, &b);
        prop_assert!(c.findings.is_empty());
        // A model a local realm cannot hold (an asymmetric type, a validation error) is `invalid`
        // on both sides; any other model needs nothing.
        let invalid = c.validation.as_ref().is_some_and(|v| v.new_invalid());
        let want = if invalid { LocalVerdict::Invalid } else { LocalVerdict::None };
        prop_assert_eq!(c.verdict.local, Some(want));
        prop_assert!(c.local.as_ref().is_some_and(|l| l.findings.is_empty()));
    }

    /// History over three releases judges each transition exactly as diffing the two releases
    /// does, and its chained migration carries the worst of them, guarded once per step that needs
    /// a bump. (Diffing the ends alone can give another verdict: see the next test.)
    #[test]
    fn history_over_three_releases_agrees_with_diffing_each_step(
        a in super::properties::model(),
        b in super::properties::model(),
        c in super::properties::model(),
    ) {
        let rel = vec![
            ("r1".to_string(), "r1".to_string(), loaded(a.clone(), "r1")),
            ("r2".to_string(), "r2".to_string(), loaded(b.clone(), "r2")),
            ("r3".to_string(), "r3".to_string(), loaded(c.clone(), "r3")),
        ];
        let h = syncplan::history::from_releases("model", rel);
        prop_assert_eq!(h.transitions.len(), 2);
        let ab = syncplan::history::transition(&loaded(a, "r1"), &loaded(b.clone(), "r2"));
        let bc = syncplan::history::transition(&loaded(b, "r2"), &loaded(c, "r3"));
        prop_assert_eq!(Some(h.transitions[0].verdict), ab.verdict.local);
        prop_assert_eq!(Some(h.transitions[1].verdict), bc.verdict.local);
        let worst = ab.verdict.local.max(bc.verdict.local).unwrap_or(LocalVerdict::None);
        let bumps = [ab.verdict.local, bc.verdict.local].iter().filter(|v| **v >= Some(LocalVerdict::Bump)).count();
        if bumps > 0 {
            prop_assert_eq!(h.chained.verdict, worst);
        }
        prop_assert_eq!(h.chained.chain.len(), bumps);
    }
}

/// Why "history over three versions equals diffing the ends" cannot hold: a file that skips a
/// release sees the combined difference. Dropping a property then re-adding it with another type
/// is bump + bump step by step, but a type change (migration) for a file opened at the end.
#[test]
fn diffing_the_ends_can_differ_from_the_steps() {
    let v1 = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "x": "int"}}]}"#;
    let v2 = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId"}}]}"#;
    let v3 = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "x": "string"}}]}"#;
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |n: &str, t: &str| {
        let p = dir.path().join(n);
        std::fs::write(&p, t).expect("write");
        p
    };
    let (a, b, c) = (write("1.json", v1), write("2.json", v2), write("3.json", v3));
    let verdict = |o: &Path, n: &Path| {
        json(&syncplan(&[
            "diff",
            s(o),
            s(n),
            "--context",
            "local",
            "--format",
            "json",
            "--fail-on",
            "none",
        ]))["verdict"]["local"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(verdict(&a, &b), "bump");
    assert_eq!(verdict(&b, &c), "bump");
    assert_eq!(verdict(&a, &c), "migration");
}
