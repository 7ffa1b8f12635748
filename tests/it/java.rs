#![cfg(feature = "sdk-sources")]
//! Realm Java as a client language, and the Kotlin constructs of real apps (issue #14):
//! - every construct of `tests/sources/java/app` (Realm Java), `tests/sources/kotlin_constructs/app`
//!   (primary-constructor properties, inferred types, statement noise, a renamed-package fork, a
//!   member the grammar cannot parse) and `tests/sources/kotlin_legacy/app` (the Realm Java API used
//!   from Kotlin) is read as its SDK reads it: type, optionality, persisted name, primary key;
//! - each client is `check`ed against a matching server export next to it (`server/`), and a
//!   changed server shows the construct matters;
//! - Java in `diff`, `plan --sdk java` and `codegen --sdk java` (the generated Java compiles with
//!   `javac` against the Realm Java API declarations of `tests/java_api/`);
//! - a client file in a language syncplan does not read is refused as such, never as invalid JSON.

use std::path::Path;
use std::process::{Command, Output};

use syncplan::model::{ObjectKind, Schema, type_shorthand};

const BIN: &str = env!("CARGO_BIN_EXE_syncplan");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run syncplan: {e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn load(rel: &str) -> syncplan::load::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    syncplan::load::load_one(&path).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `Type.prop` as `shorthand [client=code] [indexed] [default=...]`.
fn describe(s: &Schema, ty: &str, prop: &str) -> String {
    let t = s
        .types
        .get(ty)
        .unwrap_or_else(|| panic!("no type {ty}: {:?}", s.types.keys()));
    let p = t
        .properties
        .get(prop)
        .unwrap_or_else(|| panic!("no {ty}.{prop}: {:?}", t.properties.keys()));
    let mut out = type_shorthand(&p.ty, p.optional);
    if let Some(c) = &p.client_name {
        out.push_str(&format!(" client={c}"));
    }
    if p.indexed {
        out.push_str(" indexed");
    }
    if let Some(d) = &p.default {
        out.push_str(&format!(" default={d}"));
    }
    out
}

fn expect(s: &Schema, ty: &str, cases: &[(&str, &str)]) {
    let t = s.types.get(ty).unwrap_or_else(|| panic!("no type {ty}"));
    let mut missing = Vec::new();
    for (prop, want) in cases {
        let got = describe(s, ty, prop);
        if got != *want {
            missing.push(format!("{ty}.{prop}: expected `{want}`, read `{got}`"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    let mut listed: Vec<&str> = cases.iter().map(|(p, _)| *p).collect();
    listed.sort();
    let read: Vec<&str> = t.properties.keys().map(String::as_str).collect();
    assert_eq!(read, listed, "{ty}: properties read");
}

#[test]
fn realm_java_constructs_are_read_as_the_sdk_reads_them() {
    let l = load("tests/sources/java/app");
    assert_eq!(l.kind.to_string(), "SDK source (Java)");
    let s = &l.schema;
    let names: Vec<&str> = s.types.keys().map(String::as_str).collect();
    // `Helpers implements RealmModel` without @RealmClass and the plain `Formatter` are no models.
    assert_eq!(names, ["Address", "Dog", "Human", "user_profile"]);
    let dog = &s.types["Dog"];
    assert_eq!(dog.kind, ObjectKind::TopLevel);
    assert_eq!(dog.primary_key.as_deref(), Some("_id"));
    // static, transient and @Ignore fields are not persisted.
    expect(
        s,
        "Dog",
        &[
            ("_id", "objectId"),
            ("age", "int?"),
            ("barks", "counter"),
            ("birthday", "date?"),
            ("breed", "string? indexed"),
            ("chipId", "objectId?"),
            ("color_name", "string? client=color"),
            ("extra", "mixed?"),
            ("flags", "int"),
            ("goodBoy", "bool default=true"),
            ("height", "float default=0.5"),
            ("legs", "int default=4"),
            ("length", "double?"),
            ("name", "string default=\"\""),
            ("owner_ref", "Human? client=owner"),
            ("photo", "data?"),
            ("price", "decimal128?"),
            ("rank", "int"),
            ("registered", "date"),
            ("score", "double"),
            ("tag", "uuid?"),
            ("vaccinated", "bool?"),
            ("walkers", "linkingObjects(Human.dogs)"),
            ("weightGrams", "int"),
        ],
    );
    // @RealmClass(name = "Human"); @RealmField("_id") on the primary key.
    assert_eq!(s.types["Human"].primary_key.as_deref(), Some("_id"));
    expect(
        s,
        "Human",
        &[
            ("_id", "string client=id"),
            ("dogs", "Dog[]"),
            ("dogsByName", "Dog?{}"),
            ("home", "Address?"),
            ("luckyNumbers", "int?[]"),
            ("nicknames", "string[]"),
            ("previous", "Address[]"),
            ("ratings", "double?{}"),
            ("tags", "string?<>"),
        ],
    );
    assert_eq!(s.types["Address"].kind, ObjectKind::Embedded);
    expect(
        s,
        "Address",
        &[
            ("city", "string? default=\"Oslo\""),
            ("number", "int"),
            ("street", "string?"),
        ],
    );
    // fieldNamingPolicy = LOWER_CASE_WITH_UNDERSCORES (Hungarian `m` dropped); @RealmField wins.
    assert_eq!(s.types["user_profile"].primary_key.as_deref(), Some("_id"));
    expect(
        s,
        "user_profile",
        &[
            ("EMAIL", "string? client=email"),
            ("_id", "int client=mUserId"),
            ("display_name", "string? client=displayName"),
            ("first_name", "string? client=mFirstName"),
        ],
    );
}

#[test]
fn realm_java_client_checks_against_its_server() {
    let o = run(&["check", "tests/sources/java/server", "tests/sources/java/app"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("result: consistent (0 errors"), "{out}");
    // The constructs matter: a server that requires the boxed `Integer age`, and stores `legs` as a
    // string, is inconsistent with the Java model on exactly those fields.
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sources/java/server"),
        tmp.path(),
    );
    let schema = tmp.path().join("data_sources/mongodb-atlas/pets/Dog/schema.json");
    let original = std::fs::read_to_string(&schema).unwrap_or_else(|e| panic!("{e}"));
    let changed = original
        .replace("\"required\": [\"_id\",", "\"required\": [\"_id\", \"age\",")
        .replace(
            "\"legs\": {\"bsonType\": \"long\"}",
            "\"legs\": {\"bsonType\": \"string\"}",
        );
    assert_ne!(original, changed);
    std::fs::write(&schema, changed).unwrap_or_else(|e| panic!("{e}"));
    let server = syncplan::load::load_one(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
    let client = load("tests/sources/java/app");
    let found: Vec<(String, String)> = syncplan::check::check(&server.schema, &client.schema)
        .into_iter()
        .filter(|d| !d.id.starts_with("source_"))
        .map(|d| (d.id.to_string(), d.path))
        .collect();
    assert_eq!(
        found,
        [
            ("check_optionality_mismatch".to_string(), "Dog.age".to_string()),
            ("check_property_type_mismatch".to_string(), "Dog.legs".to_string()),
        ],
        "{found:?}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            std::fs::create_dir_all(&dest).unwrap_or_else(|e| panic!("{e}"));
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn kotlin_constructs_of_real_apps_are_read() {
    let l = load("tests/sources/kotlin_constructs/app");
    let s = &l.schema;
    assert_eq!(s.types["Dog"].primary_key.as_deref(), Some("_id"));
    // Constructor properties with defaults, inferred types; `label` has only a getter; the
    // `;` after the getter and `;;` are noise, not errors.
    expect(
        s,
        "Dog",
        &[
            ("_id", "objectId"),
            ("age", "int default=3"),
            ("born", "date"),
            ("breed", "string? indexed"),
            ("chip", "objectId"),
            ("good", "bool default=true"),
            ("height", "float"),
            ("lastWalk", "date?"),
            ("legs", "int default=4"),
            ("motto", "string default=\"woof\""),
            ("name", "string"),
            ("nicknames", "string?<>"),
            ("rate", "double"),
            ("scores", "double{}"),
            ("tags", "string[]"),
            ("toys", "int"),
            ("trail", "float default=1.5"),
            ("weight", "int"),
        ],
    );
    // The `io.github.xilinjia.krdb` fork: same shapes, other package.
    assert_eq!(s.types["Owner"].primary_key.as_deref(), Some("_id"));
    expect(
        s,
        "Owner",
        &[
            ("_id", "objectId client=id"),
            ("address", "Address?"),
            ("dogs", "Dog[]"),
            ("fullName", "string"),
            ("visits", "int"),
        ],
    );
    assert_eq!(s.types["Address"].kind, ObjectKind::Embedded);
    expect(s, "Run", &[("_id", "objectId"), ("length", "double")]);
    // The member the grammar cannot parse is an unread finding with file:line; the class keeps
    // the others, and the next class of the file is read.
    expect(
        s,
        "Kennel",
        &[("_id", "objectId"), ("city", "string"), ("name", "string")],
    );
    let unread: Vec<String> = l
        .diagnostics
        .iter()
        .filter(|d| d.id.starts_with("source_") && d.id != "source_default_not_literal")
        .map(|d| {
            format!(
                "{} {} {}: {}",
                d.id,
                d.path,
                d.location.as_ref().map(|l| l.to_string()).unwrap_or_default(),
                d.message
            )
        })
        .collect();
    assert_eq!(unread.len(), 1, "{unread:#?}");
    assert!(
        unread[0].starts_with("source_syntax_error Kennel ")
            && unread[0]
                .contains("tests/sources/kotlin_constructs/app/src/main/kotlin/com/example/kennel/Kennel.kt:12:5:")
            && unread[0].contains("`var capacity: Int = = 10`"),
        "{unread:#?}"
    );
}

#[test]
fn kotlin_constructs_check_against_their_server() {
    let o = run(&[
        "check",
        "tests/sources/kotlin_constructs/server",
        "tests/sources/kotlin_constructs/app",
    ]);
    let out = text(&o);
    // The unread member makes the result incomplete: never "consistent", exit 1.
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(!out.contains("result: consistent"), "{out}");
    // Everything matches except the one member that could not be read.
    for line in out.lines().filter(|l| l.contains('[') && l.contains("] ")) {
        assert!(line.contains("] Kennel"), "{out}");
    }
    assert!(out.contains("source_syntax_error] Kennel at tests/sources/kotlin_constructs/app/src/main/kotlin/com/example/kennel/Kennel.kt:12:5"), "{out}");
}

#[test]
fn realm_java_api_from_kotlin_is_read_with_its_rules() {
    let l = load("tests/sources/kotlin_legacy/app");
    let s = &l.schema;
    // Only the note that `Date()` (creation time) is not a literal default.
    let found: Vec<String> = l.diagnostics.iter().map(|d| format!("{} {}", d.id, d.path)).collect();
    assert_eq!(found, ["source_default_not_literal Pet.born"]);
    expect(
        s,
        "Pet",
        &[
            ("_id", "objectId"),
            ("age", "int"),
            ("born", "date"),
            ("codes", "string[]"),
            ("friendOf", "linkingObjects(Pet.friends)"),
            ("friends", "Pet[]"),
            ("home", "Home?"),
            ("name", "string"),
            ("nickname", "string?"),
            ("owner_name", "string? client=ownerName"),
            ("species", "string indexed default=\"cat\""),
            ("tags", "string?[]"),
            ("weight", "double?"),
        ],
    );
    assert_eq!(s.types["Home"].kind, ObjectKind::Embedded);
    expect(
        s,
        "vet_clinic",
        &[
            ("_id", "int client=clinicId"),
            ("main_phone", "string? client=mainPhone"),
            ("open_hours", "int client=openHours default=8"),
        ],
    );
    let o = run(&[
        "check",
        "tests/sources/kotlin_legacy/server",
        "tests/sources/kotlin_legacy/app",
    ]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("no inconsistencies"), "{out}");
}

fn write(dir: &Path, rel: &str, text: &str) -> String {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    p.to_string_lossy().into_owned()
}

#[test]
fn a_constructor_parameter_without_default_is_reported_and_still_read() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(
        tmp.path(),
        "Cat.kt",
        "import io.realm.kotlin.types.RealmObject\n\nclass Cat(var name: String, var lives: Int = 9) : RealmObject\n",
    );
    let l = syncplan::load::load_one(Path::new(&f)).unwrap_or_else(|e| panic!("{e}"));
    expect(&l.schema, "Cat", &[("lives", "int default=9"), ("name", "string")]);
    let messages: Vec<&str> = l.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("`name` has no default value, so Kotlin generates no empty constructor"),
        "{messages:?}"
    );
    // A secondary empty constructor is the other way to give Realm one.
    let f = write(
        tmp.path(),
        "Cat2.kt",
        "import io.realm.kotlin.types.RealmObject\n\nclass Cat(var name: String) : RealmObject {\n    constructor() : this(\"\")\n}\n",
    );
    let l = syncplan::load::load_one(Path::new(&f)).unwrap_or_else(|e| panic!("{e}"));
    assert!(l.diagnostics.is_empty(), "{:#?}", l.diagnostics);
}

#[test]
fn a_broken_java_member_never_loses_the_class() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(
        tmp.path(),
        "Dog.java",
        "import io.realm.RealmObject;\n\npublic class Dog extends RealmObject {\n    public String name;\n    public int age = = 3;\n    public long weight;\n}\n",
    );
    let l = syncplan::load::load_one(Path::new(&f)).unwrap_or_else(|e| panic!("{e}"));
    expect(&l.schema, "Dog", &[("name", "string?"), ("weight", "int")]);
    let found: Vec<String> = l
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d.id,
                d.path,
                d.location.as_ref().map(|l| l.line).unwrap_or(0)
            )
        })
        .collect();
    assert_eq!(found, ["source_syntax_error Dog 5"]);
}

#[test]
fn unsupported_client_languages_are_named_never_invalid_json() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, body) in [
        ("main.go", "package main\n\ntype Dog struct{ Name string }\n"),
        ("models.py", "class Dog(Object):\n    name = 'x'\n"),
        ("dog.rb", "class Dog < Realm::Object\nend\n"),
    ] {
        let f = write(tmp.path(), name, body);
        let o = run(&["check", "tests/sources/java/server", &f]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {out}");
        assert!(out.contains("not a supported client language"), "{name}: {out}");
        assert!(
            out.contains("supported: ") && out.contains("Java (.java)"),
            "{name}: {out}"
        );
        assert!(!out.contains("invalid JSON"), "{name}: {out}");
    }
    // A `.java` file is read as Java, never as JSON.
    let f = write(
        tmp.path(),
        "Task.java",
        "import io.realm.RealmObject;\nimport io.realm.annotations.PrimaryKey;\nimport org.bson.types.ObjectId;\n\npublic class Task extends RealmObject {\n    @PrimaryKey public ObjectId _id;\n    public String name;\n}\n",
    );
    let o = run(&["validate", &f]);
    let out = text(&o);
    assert!(
        out.contains("SDK source (Java)") && !out.contains("invalid JSON"),
        "{out}"
    );
}

const TASK_V1: &str = "import io.realm.RealmObject;\nimport io.realm.annotations.PrimaryKey;\nimport io.realm.annotations.Required;\nimport org.bson.types.ObjectId;\n\npublic class Task extends RealmObject {\n    @PrimaryKey @Required public ObjectId _id;\n    @Required public String name;\n}\n";

#[test]
fn java_in_diff_plan_and_codegen() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let old = write(tmp.path(), "old/Task.java", TASK_V1);
    let new = write(
        tmp.path(),
        "new/Task.java",
        &TASK_V1.replace(
            "    @Required public String name;\n",
            "    @Required public String name;\n    public Integer priority;\n",
        ),
    );
    let o = run(&["diff", &old, &new]);
    let out = text(&o);
    assert!(out.contains("Task.priority"), "{out}");
    let o = run(&["plan", &old, &new, "--sdk", "java"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("```java\npublic Long priority;\n```"), "{out}");
    assert!(out.contains("RealmConfiguration.Builder()"), "{out}");
    // codegen --sdk java, read back as Java.
    let o = run(&["codegen", "tests/codegen/rich_model.json", "--sdk", "java"]);
    let code = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        code.starts_with("// Generated by syncplan: Realm Java object models"),
        "{code}"
    );
    let f = write(tmp.path(), "gen/Models.java", &code);
    let l = syncplan::load::load_one(Path::new(&f)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.kind.to_string(), "SDK source (Java)");
    assert!(l.schema.types.contains_key("AllTypes"));
}

#[test]
fn a_module_naming_policy_is_said_not_applied() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(tmp.path(), "m/Task.java", TASK_V1);
    write(
        tmp.path(),
        "m/AppModule.java",
        "import io.realm.annotations.RealmModule;\nimport io.realm.annotations.RealmNamingPolicy;\n\n@RealmModule(allClasses = true, fieldNamingPolicy = RealmNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)\npublic class AppModule {}\n",
    );
    let l = syncplan::load::load_one(&tmp.path().join("m")).unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<String> = l
        .diagnostics
        .iter()
        .map(|d| format!("{} {}: {}", d.id, d.path, d.message))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("source_unsupported_construct AppModule: @RealmModule naming policies"),
        "{found:#?}"
    );
}

/// An Android module mixes Java and Kotlin files: one client (the Realm Java SDK used from both).
#[test]
fn java_and_kotlin_files_of_one_module_are_one_client() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(tmp.path(), "app/src/main/java/Task.java", TASK_V1);
    write(
        tmp.path(),
        "app/src/main/java/Tag.kt",
        "import io.realm.RealmObject\nimport io.realm.annotations.PrimaryKey\n\nopen class Tag : RealmObject() {\n    @PrimaryKey var _id: String = \"\"\n    var tasks: io.realm.RealmList<Task> = io.realm.RealmList()\n}\n",
    );
    let l = syncplan::load::load_one(&tmp.path().join("app")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.kind.to_string(), "SDK source (Java)");
    expect(&l.schema, "Tag", &[("_id", "string"), ("tasks", "Task[]")]);
    expect(&l.schema, "Task", &[("_id", "objectId"), ("name", "string")]);
}

/// Java fixtures cut short at many places (and with one byte dropped): never a panic, every
/// finding has a file and a line.
#[test]
fn truncated_java_never_panics_and_findings_have_locations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sources/java/app/src/main/java/com/example/pets");
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{e}"));
        for k in 1..24 {
            let mut cut = text.len() * k / 24;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            for (i, variant) in [
                text[..cut].to_string(),
                format!("{}{}", &text[..cut], &text[(cut + 1).min(text.len())..]),
            ]
            .iter()
            .enumerate()
            {
                let path = tmp.path().join(format!("{k}-{i}-Dog.java"));
                std::fs::write(&path, variant).unwrap_or_else(|e| panic!("{e}"));
                if let Ok(l) = syncplan::source::load_file(&path) {
                    for d in &l.diagnostics {
                        let loc = d.location.as_ref().unwrap_or_else(|| panic!("no location: {d:?}"));
                        assert!(!loc.file.is_empty() && loc.line > 0, "{d:?}");
                    }
                }
            }
        }
    }
}

/// The generated classes, one file each (`ClassName.java`, the import block repeated): Java allows
/// one public top-level class per file, as the generated header says.
fn split_classes(code: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = code.lines().collect();
    let imports: String = lines
        .iter()
        .filter(|l| l.starts_with("import "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(rest) = l.strip_prefix("public class ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            .collect();
        let mut start = i;
        while start > 0 && (lines[start - 1].starts_with('@') || lines[start - 1].starts_with("//")) {
            start -= 1;
        }
        let end = (i..lines.len()).find(|j| lines[*j] == "}").unwrap_or(lines.len() - 1);
        out.push((name, format!("{imports}\n{}\n", lines[start..=end].join("\n"))));
    }
    out
}

/// `javac` type-checks the generated Java against declarations of the Realm Java API written from
/// its reference (`tests/java_api/`, see its README): literal types (`Long x = 5L`), generic
/// arguments, annotation arguments and `final` initialisers, for the rich model, the hostile model
/// and the example models. The Realm jars are on no registry reachable here, so Realm's own
/// annotation processor does not run.
#[test]
fn generated_java_compiles_with_javac() {
    let javac_ok = Command::new("javac")
        .arg("-version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        javac_ok,
        "javac is not installed: this test compiles the generated Java (apt-get install openjdk-17-jdk-headless)"
    );
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut api: Vec<String> = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().and_then(|x| x.to_str()) == Some("java") {
                out.push(p.to_string_lossy().into_owned());
            }
        }
    }
    walk(&crate_dir.join("tests/java_api"), &mut api);
    let mut models: Vec<(String, Schema)> = Vec::new();
    for rel in ["tests/codegen/rich_model.json", "tests/codegen/hostile_model.json"] {
        models.push((rel.to_string(), load(rel).schema));
    }
    // The hostile model without its two dangling references (they cannot compile in any SDK).
    if let Some(t) = models[1].1.types.get_mut("List") {
        t.properties.remove("missing");
        t.properties.remove("dangling");
    }
    for rel in [
        "migrations-examples/scenario_todo/client.json",
        "migrations-examples/scenario_vfs_embedded_list/after",
    ] {
        let l = syncplan::load::load_one(&crate_dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        models.push((rel.to_string(), l.schema));
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for (i, (what, schema)) in models.iter().enumerate() {
        let code = syncplan::codegen::generate(schema, syncplan::codegen::Sdk::Java);
        let dir = tmp.path().join(format!("m{i}"));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let mut files = api.clone();
        let classes = split_classes(&code);
        assert_eq!(classes.len(), schema.types.len(), "{what}: classes split\n{code}");
        for (name, text) in classes {
            let f = write(&dir, &format!("{name}.java"), &text);
            files.push(f);
        }
        let out = Command::new("javac")
            .arg("-d")
            .arg(dir.join("classes"))
            .arg("-Xlint:none")
            .args(&files)
            .output()
            .unwrap_or_else(|e| panic!("javac: {e}"));
        if !out.status.success() {
            failures.push(format!("{what}:\n{}\n{code}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A line the Kotlin grammar cannot parse outside the model classes (a view model, a top-level
/// function) changes no model: the models are read, and nothing is said about that line.
#[test]
fn a_broken_line_outside_the_models_is_not_a_model_finding() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(
        tmp.path(),
        "Screen.kt",
        "import io.realm.kotlin.types.RealmObject\nimport io.realm.kotlin.types.annotations.PrimaryKey\n\nclass ScreenModel {\n    val state = = 3\n}\n\nclass Note : RealmObject {\n    @PrimaryKey var _id: String = \"\"\n    var text: String = \"\"\n}\n",
    );
    let l = syncplan::load::load_one(Path::new(&f)).unwrap_or_else(|e| panic!("{e}"));
    expect(&l.schema, "Note", &[("_id", "string"), ("text", "string")]);
    assert!(l.diagnostics.is_empty(), "{:#?}", l.diagnostics);
}
