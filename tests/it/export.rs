//! `syncplan export`: what it writes is checked by the real engines, not by reading it.
//! - SQLite DDL runs in SQLite (Python's sqlite3), then a document valid under the model is turned
//!   into rows by the library, inserted with foreign keys on, and read back;
//! - Sync Streams pass PowerSync's own validator (`@powersync/service-sync-rules`
//!   `SqlSyncRules.validate` against the generated source schema), the TypeScript client schema is
//!   constructed and `validate()`d by `@powersync/common` and type-checks against its types, and
//!   the Dart, Kotlin and Swift schemas parse with the tree-sitter grammars;
//! - traps the validator does not catch (`_id AS id` in every stream, quoted names) are checked here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use syncplan::diagnostic::{KINDS, Stage};
use syncplan::export::permissions::Permissions;
use syncplan::export::powersync::{self, PsSdk};
use syncplan::export::sqlite;
use syncplan::load;
use syncplan::model::{Collection, Element, ObjectKind, PropertyType, ScalarType, Schema};

use crate::support::{CRATE, node_dir, require_node};

const BIN: &str = env!("CARGO_BIN_EXE_syncplan");

fn fixture(p: &str) -> PathBuf {
    Path::new(CRATE).join("tests/export").join(p)
}

/// Every model the exporters must handle: each migrations example (both sides), the export
/// fixtures, and every app of the real-world corpus.
fn models() -> Vec<(String, PathBuf, Schema)> {
    let mut out = Vec::new();
    let ex = Path::new(CRATE).join("migrations-examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&ex)
        .expect("migrations-examples")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        // Local-realm examples (no sync, keyless types) are not synced apps to export.
        .filter(|p| !syncplan::catalog::example_is_local(p))
        .collect();
    dirs.sort();
    for d in dirs {
        for side in ["before", "after"] {
            let p = d.join(side);
            if let Ok(l) = load::load_one(&p) {
                let name = format!(
                    "{}/{side}",
                    d.file_name()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                );
                out.push((name, p, l.schema));
            }
        }
    }
    for f in ["flx_app", "pbs_app", "client_model.json"] {
        let p = fixture(f);
        let l = load::load_one(&p).unwrap_or_else(|e| panic!("{f}: {e}"));
        out.push((format!("fixture/{f}"), p, l.schema));
    }
    let corpus = Path::new(CRATE).join("../shared/corpus/real-world");
    let mut repos: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("the shared corpus is missing at {}: {e}", corpus.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    repos.sort();
    for r in repos {
        for l in load::load(&r).unwrap_or_default() {
            let root = PathBuf::from(&l.root);
            let name = format!("real/{}", root.strip_prefix(&corpus).unwrap_or(&root).display());
            out.push((name, root, l.schema));
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Documents valid under a model, for the row round trip

fn scalar_value(s: ScalarType, seed: usize) -> Value {
    match s {
        ScalarType::Bool => json!(seed.is_multiple_of(2)),
        ScalarType::Int | ScalarType::Counter => json!(seed as i64 * 1_000_003 - 7),
        ScalarType::Float | ScalarType::Double => json!(seed as f64 + 0.25),
        ScalarType::String => json!(format!("it's \"v{seed}\" ✓")),
        ScalarType::Data => json!({"$binary": {"base64": "AAEC/w==", "subType": "00"}}),
        ScalarType::Date => json!({"$date": format!("2024-01-0{}T03:04:05.678Z", 1 + seed % 9)}),
        ScalarType::Decimal128 => json!({"$numberDecimal": format!("{seed}.10")}),
        ScalarType::ObjectId => json!({"$oid": format!("65a1b2c3d4e5f6a7b8c9{:04x}", seed % 65536)}),
        ScalarType::Uuid => json!({"$uuid": format!("0f8fad5b-d9cb-469f-a165-70867728{:04x}", seed % 65536)}),
        ScalarType::Mixed => json!(format!("mixed {seed}")),
    }
}

fn key_value(schema: &Schema, ty: &str, seed: usize) -> Value {
    let t = &schema.types[ty];
    match t.primary_key.as_ref().and_then(|k| t.properties.get(k)).map(|p| &p.ty) {
        Some(PropertyType::Value {
            element: Element::Scalar(s),
            ..
        }) => scalar_value(*s, seed),
        _ => Value::Null,
    }
}

fn embedded_doc(schema: &Schema, ty: &str, seed: usize, depth: usize) -> Value {
    let mut o = serde_json::Map::new();
    if depth > 3 {
        return Value::Object(o);
    }
    for p in schema.types[ty].properties.values() {
        if let Some(v) = value(schema, &p.ty, p.optional, seed, depth + 1) {
            o.insert(p.name.clone(), v);
        }
    }
    Value::Object(o)
}

fn value(schema: &Schema, ty: &PropertyType, optional: bool, seed: usize, depth: usize) -> Option<Value> {
    let PropertyType::Value { collection, element } = ty else {
        return None;
    };
    let one = |i: usize| -> Value {
        match element {
            Element::Scalar(s) => scalar_value(*s, seed + i),
            Element::Object(o) => match schema.types.get(o) {
                Some(t) if t.kind == ObjectKind::Embedded => embedded_doc(schema, o, seed + i, depth),
                Some(_) => key_value(schema, o, 0),
                None => Value::Null,
            },
        }
    };
    Some(match collection {
        Collection::Single if optional && seed % 3 == 2 => Value::Null,
        Collection::Single => one(0),
        Collection::List => json!([one(0), one(1)]),
        Collection::Set => {
            // a set of links holds each target once
            if matches!(element, Element::Object(_)) {
                json!([one(0)])
            } else {
                json!([one(0), one(1)])
            }
        }
        Collection::Dictionary => json!({"a": one(0), "b.c": one(1)}),
    })
}

/// One document per top-level type (its key is `key_value(.., 0)`, the value links point at).
fn documents(schema: &Schema) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for t in schema
        .types
        .values()
        .filter(|t| t.kind != ObjectKind::Embedded && t.primary_key.is_some())
    {
        let mut o = serde_json::Map::new();
        for (i, p) in t.properties.values().enumerate() {
            let v = if t.primary_key.as_deref() == Some(p.name.as_str()) {
                Some(key_value(schema, &t.name, 0))
            } else {
                value(schema, &p.ty, p.optional, i, 0)
            };
            if let Some(v) = v {
                o.insert(p.name.clone(), v);
            }
        }
        out.push((t.name.clone(), Value::Object(o)));
    }
    out
}

fn run_sqlite(job: &Value) -> Value {
    let mut child = Command::new("python3")
        .arg(Path::new(CRATE).join("tests/support/sqlite_run.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is required to run the SQLite checks: {e}"));
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(job.to_string().as_bytes()).expect("write job");
    }
    let out = child.wait_with_output().expect("python3");
    assert!(
        out.status.success(),
        "sqlite runner failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("runner JSON")
}

/// The value SQLite gives back for a literal we inserted.
fn expected(literal: &str) -> Value {
    if literal == "NULL" {
        Value::Null
    } else if let Some(s) = literal.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Value::String(s.replace("''", "'"))
    } else if let Some(h) = literal.strip_prefix("X'").and_then(|s| s.strip_suffix('\'')) {
        Value::String(h.to_ascii_lowercase())
    } else if let Ok(i) = literal.parse::<i64>() {
        json!(i)
    } else {
        json!(literal.parse::<f64>().expect("numeric literal"))
    }
}

#[test]
fn sqlite_ddl_runs_and_documents_round_trip_through_rows() {
    struct Job {
        name: String,
        ddl: String,
        inserts: Vec<String>,
        queries: Vec<String>,
        expect: Vec<Vec<Value>>,
    }
    let mut jobs = Vec::new();
    for (name, _, schema) in models() {
        let ex = sqlite::export(&schema);
        let ddl = ex.files["schema.sql"].clone();
        let mut job = Job {
            name,
            ddl,
            inserts: Vec::new(),
            queries: Vec::new(),
            expect: Vec::new(),
        };
        for (ty, doc) in documents(&schema) {
            let rows = sqlite::rows(&schema, &ty, &doc).unwrap_or_else(|e| panic!("{}: {ty}: {e}\n{doc}", job.name));
            for row in rows {
                job.inserts.push(row.insert());
                let cond: Vec<String> = row
                    .values
                    .iter()
                    .filter(|(c, _)| ["id", "owner_id", "position", "key", "value", "target_id"].contains(&c.as_str()))
                    .map(|(c, v)| format!("\"{c}\" IS {v}"))
                    .collect();
                let cols: Vec<String> = row
                    .values
                    .iter()
                    .map(|(c, _)| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect();
                job.queries.push(format!(
                    "SELECT {} FROM \"{}\" WHERE {}",
                    cols.join(", "),
                    row.table.replace('"', "\"\""),
                    if cond.is_empty() {
                        "1".into()
                    } else {
                        cond.join(" AND ")
                    }
                ));
                job.expect.push(row.values.iter().map(|(_, v)| expected(v)).collect());
            }
        }
        jobs.push(job);
    }
    let input: Vec<Value> = jobs
        .iter()
        .map(|j| json!({"ddl": j.ddl, "inserts": j.inserts, "queries": j.queries}))
        .collect();
    let results = run_sqlite(&Value::Array(input));
    let results = results.as_array().expect("one result per job");
    assert_eq!(results.len(), jobs.len());
    for (job, r) in jobs.iter().zip(results) {
        let name = &job.name;
        assert_eq!(
            r["ok"],
            json!(true),
            "{name}: {}\n{}\n{}",
            r["error"],
            job.ddl,
            job.inserts.join("\n")
        );
        let got_all = r["results"].as_array().expect("results");
        for ((q, want), got) in job.queries.iter().zip(&job.expect).zip(got_all) {
            let rows = got.as_array().expect("rows");
            assert_eq!(rows.len(), 1, "{name}: {q}: {got}");
            let row = rows[0].as_array().expect("row");
            for (w, g) in want.iter().zip(row) {
                let same = match (w, g) {
                    (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
                    _ => w == g,
                };
                assert!(same, "{name}: {q}: wrote {w}, read {g}");
            }
        }
    }
    assert!(jobs.len() > 60, "only {} models checked", jobs.len());
}

#[test]
fn sqlite_refuses_values_it_cannot_carry() {
    let schema = load::load_one(&fixture("flx_app")).expect("fixture").schema;
    let mut doc = documents(&schema)
        .into_iter()
        .find(|(t, _)| t == "Task")
        .expect("Task")
        .1;
    doc["priority"] = json!("seven");
    let err = sqlite::rows(&schema, "Task", &doc).expect_err("a string in a long column is refused");
    assert!(err.contains("Task.priority"), "{err}");
    doc["priority"] = json!(7);
    doc["score"] = json!({"$numberDouble": "NaN"});
    let err = sqlite::rows(&schema, "Task", &doc).expect_err("NaN has no REAL form");
    assert!(err.contains("NaN"), "{err}");
    doc["score"] = json!(1.5);
    doc["_id"] = json!({"$oid": "not-hex"});
    assert!(sqlite::rows(&schema, "Task", &doc).is_err());
}

fn powersync_dir(name: &str, root: &Path, schema: &Schema) -> (tempfile::TempDir, syncplan::export::Export) {
    let _ = (name, root);
    let perms = Permissions::from_schema(schema);
    let ex = powersync::export(schema, &perms, &PsSdk::ALL);
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, body) in &ex.files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, body).expect("write");
    }
    (dir, ex)
}

/// Runs PowerSync's validators over every directory in one Node process (one JSON line each).
fn check_with_powersync(dirs: &[&Path]) -> Vec<Value> {
    let out = Command::new("node")
        .arg(node_dir().join("powersync-check.mjs"))
        .args(dirs)
        .current_dir(node_dir())
        .output()
        .expect("node");
    assert!(
        out.status.success(),
        "powersync-check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), dirs.len(), "one result per directory");
    lines
}

#[test]
fn powersync_streams_and_client_schemas_pass_powersyncs_own_validators() {
    require_node(&["@powersync/service-sync-rules", "@powersync/common", "typescript"]);
    let mut streams = 0;
    let exported: Vec<(String, Schema, tempfile::TempDir, syncplan::export::Export)> = models()
        .into_iter()
        .map(|(name, root, schema)| {
            let (dir, ex) = powersync_dir(&name, &root, &schema);
            (name, schema, dir, ex)
        })
        .collect();
    let dirs: Vec<&Path> = exported.iter().map(|(_, _, d, _)| d.path()).collect();
    let mut verify_jobs = Vec::new();
    let mut verify_js = Vec::new();
    fn dir_path<'a>(all: &'a [(String, Schema, tempfile::TempDir, syncplan::export::Export)], name: &str) -> &'a Path {
        all.iter()
            .find(|(n, ..)| n == name)
            .map(|(_, _, d, _)| d.path())
            .expect("dir")
    }
    let results = check_with_powersync(&dirs);
    for ((name, schema, _, ex), r) in exported.iter().zip(&results) {
        let problems: Vec<&Value> = r["sync"].as_array().expect("sync").iter().collect();
        assert!(
            problems.is_empty(),
            "{name}: PowerSync's validator reported {problems:?}\n{}",
            ex.files["powersync/sync-config.yaml"]
        );
        assert_eq!(
            r["client"],
            json!("ok"),
            "{name}: @powersync/common refused the client schema\n{}",
            ex.files["powersync/client/schema.ts"]
        );
        // Every non-embedded type is a client table, with the columns the library listed.
        let mut findings = Vec::new();
        let tables = powersync::tables(schema, &mut findings);
        let got: BTreeSet<String> = r["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .map(|t| t["name"].as_str().unwrap_or_default().to_string())
            .collect();
        let want: BTreeSet<String> = tables.iter().map(|t| t.name.clone()).collect();
        assert_eq!(got, want, "{name}");
        // Traps PowerSync's validator does not catch: every stream selects `_id AS id`, and every
        // collection name is double-quoted (unquoted names are lower-cased by PowerSync).
        let yaml = &ex.files["powersync/sync-config.yaml"];
        for q in yaml.lines().filter(|l| l.trim_start().starts_with("SELECT ")) {
            assert!(q.trim_start().starts_with("SELECT _id AS id"), "{name}: {q}");
            streams += 1;
        }
        for f in yaml.lines().filter(|l| l.trim_start().starts_with("FROM ")) {
            assert!(f.trim_start()[5..].starts_with('"'), "{name}: {f}");
        }
        assert!(!yaml.contains("bucket_definitions"), "{name}: one format per file");
        // The move: every step present, and the incomplete notice exactly when a stream is missing.
        let mv = &ex.files["powersync/MIGRATION.md"];
        for h in [
            "Prepare MongoDB",
            "Deploy the sync configuration",
            "upload handler",
            "Verify",
        ] {
            assert!(mv.contains(h), "{name}: MIGRATION.md lacks {h}");
        }
        assert_eq!(mv.contains("This export is incomplete"), ex.incomplete(), "{name}");
        verify_jobs.push((name.clone(), tables.clone(), ex.files["powersync/verify.sql"].clone()));
        verify_js.push(dir_path(&exported, name).join("powersync/verify.mongosh.js"));
    }
    // verify.sql runs on a database with the client tables; verify.mongosh.js parses.
    let jobs: Vec<Value> = verify_jobs
        .iter()
        .map(|(_, tables, sql)| {
            let ddl: String = tables
                .iter()
                .map(|t| {
                    let mut cols = vec!["\"id\" TEXT".to_string()];
                    cols.extend(t.columns.iter().map(|c| format!("\"{}\" {}", c.name, c.ty.name())));
                    format!("CREATE TABLE \"{}\" ({});\n", t.name, cols.join(", "))
                })
                .collect();
            json!({"ddl": ddl, "inserts": [], "queries": sql.lines().filter(|l| l.starts_with("SELECT")).collect::<Vec<_>>()})
        })
        .collect();
    for ((name, _, sql), r) in verify_jobs
        .iter()
        .zip(run_sqlite(&Value::Array(jobs)).as_array().expect("list"))
    {
        assert_eq!(r["ok"], json!(true), "{name}: verify.sql: {}\n{sql}", r["error"]);
    }
    for f in verify_js {
        let o = Command::new("node").arg("--check").arg(&f).output().expect("node");
        assert!(
            o.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(streams > 50, "only {streams} streams were validated");
}

#[test]
fn powersync_typescript_schema_type_checks_against_powersync_common() {
    let modules = require_node(&["@powersync/common", "typescript"]);
    let schema = load::load_one(&fixture("flx_app")).expect("fixture").schema;
    let perms = Permissions::from_schema(&schema);
    let ex = powersync::export(&schema, &perms, &[PsSdk::Ts]);
    let dir = Path::new(CRATE).join("target/powersync-tsc");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let link = dir.join("node_modules");
    if !link.exists() {
        #[cfg(unix)]
        std::os::unix::fs::symlink(&modules, &link).expect("symlink node_modules");
    }
    let ts = format!(
        "{}\n// Uses the schema the way an app does.\nexport function ownerOf(row: Database['Task']): string | null {{ return row.owner_id; }}\n",
        ex.files["powersync/client/schema.ts"]
    );
    std::fs::write(dir.join("schema.ts"), ts).expect("write");
    let out = Command::new("node")
        .arg(modules.join("typescript/bin/tsc"))
        .args([
            "--noEmit",
            "--strict",
            "--target",
            "es2020",
            "--module",
            "es2020",
            "--moduleResolution",
            "bundler",
            "--skipLibCheck",
            "schema.ts",
        ])
        .current_dir(&dir)
        .output()
        .expect("tsc");
    assert!(
        out.status.success(),
        "tsc rejected the PowerSync schema:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(feature = "sdk-sources")]
fn parses(lang: tree_sitter::Language, src: &str) -> Result<(), String> {
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang).map_err(|e| e.to_string())?;
    let tree = p.parse(src, None).ok_or("no tree")?;
    if tree.root_node().has_error() {
        return Err(format!("syntax error in:\n{src}\n{}", tree.root_node().to_sexp()));
    }
    Ok(())
}

#[cfg(feature = "sdk-sources")]
#[test]
fn powersync_dart_kotlin_swift_schemas_parse() {
    for (name, _root, schema) in models() {
        let perms = Permissions::from_schema(&schema);
        let ex = powersync::export(&schema, &perms, &[PsSdk::Dart, PsSdk::Kotlin, PsSdk::Swift]);
        let langs: [(&str, tree_sitter::Language); 3] = [
            ("powersync/client/schema.dart", tree_sitter_dart::LANGUAGE.into()),
            ("powersync/client/Schema.kt", tree_sitter_kotlin_ng::LANGUAGE.into()),
            ("powersync/client/Schema.swift", tree_sitter_swift::LANGUAGE.into()),
        ];
        for (file, lang) in langs {
            if let Err(e) = parses(lang, &ex.files[file]) {
                panic!("{name}: {file}: {e}");
            }
        }
    }
}

/// The ORM code describes the same tables: Room, Drift, GRDB and SwiftData parse with the real
/// grammars; SQLDelight's `.sq` runs in SQLite (its Kotlin type annotations removed) with its queries.
#[cfg(feature = "sdk-sources")]
#[test]
fn orm_code_parses_and_sqldelight_schema_runs() {
    use syncplan::export::orm::Orm;
    let mut jobs = Vec::new();
    let mut names = Vec::new();
    for (name, _, schema) in models() {
        let ex = syncplan::export::orm::export_with(&schema, &Orm::ALL);
        let langs: [(&str, tree_sitter::Language); 4] = [
            ("room/Entities.kt", tree_sitter_kotlin_ng::LANGUAGE.into()),
            ("drift/tables.dart", tree_sitter_dart::LANGUAGE.into()),
            ("grdb/Records.swift", tree_sitter_swift::LANGUAGE.into()),
            ("swiftdata/Models.swift", tree_sitter_swift::LANGUAGE.into()),
        ];
        for (file, lang) in langs {
            if let Err(e) = parses(lang, &ex.files[file]) {
                panic!("{name}: {file}: {e}");
            }
        }
        let sq = &ex.files["sqldelight/Schema.sq"];
        let (ddl, queries) = sq
            .split_once("\nselectAll")
            .map(|(d, q)| (d.to_string(), format!("selectAll{q}")))
            .unwrap_or((sq.clone(), String::new()));
        let ddl = ddl.replace(" AS kotlin.Boolean", "");
        let queries: Vec<String> = queries
            .lines()
            .filter(|l| l.starts_with("SELECT"))
            .map(str::to_string)
            .collect();
        jobs.push(json!({"ddl": ddl, "inserts": [], "queries": queries}));
        names.push(name);
    }
    let results = run_sqlite(&Value::Array(jobs));
    for (name, r) in names.iter().zip(results.as_array().expect("list")) {
        assert_eq!(r["ok"], json!(true), "{name}: SQLDelight schema: {}", r["error"]);
    }
}

/// Read rules become stream filters; a rule syncplan cannot translate leaves its stream out with
/// an error, never a stream that shows more than the rule allowed.
#[test]
fn powersync_translates_rules_and_refuses_what_it_cannot_translate() {
    let root = fixture("flx_app");
    let schema = load::load_one(&root).expect("fixture").schema;
    let (_dir, ex) = powersync_dir("flx", &root, &schema);
    let yaml = &ex.files["powersync/sync-config.yaml"];
    assert!(yaml.contains("WHERE \"owner_id\" = auth.user_id()"), "{yaml}");
    assert!(
        yaml.contains("(\"team\" = auth.parameter('team') OR \"team\" = 'public') AND \"visible\" = 1"),
        "{yaml}"
    );
    assert!(
        !yaml.contains("\"Profile\""),
        "Profile's per-user roles are not translated: {yaml}"
    );
    assert!(!yaml.contains("\"Event\""), "asymmetric types are upload-only: {yaml}");
    assert!(yaml.contains("base64(\"photo\") AS \"photo\""), "{yaml}");
    assert!(yaml.contains("\"id\" AS \"realm_id\""), "{yaml}");
    let ids: BTreeSet<(&str, &str)> = ex.findings.iter().map(|d| (d.id, d.path.as_str())).collect();
    assert!(ids.contains(&("export_read_rule_untranslated", "Profile")), "{ids:?}");
    assert!(ids.contains(&("export_write_rules_to_backend", "Task")), "{ids:?}");
    assert!(ids.contains(&("export_jwt_claim", "sync")), "{ids:?}");
    assert!(ex.incomplete());
    let ts = &ex.files["powersync/client/schema.ts"];
    assert!(ts.contains("insertOnly: true"), "{ts}");

    let root = fixture("pbs_app");
    let schema = load::load_one(&root).expect("fixture").schema;
    let (_dir, ex) = powersync_dir("pbs", &root, &schema);
    let yaml = &ex.files["powersync/sync-config.yaml"];
    assert!(
        yaml.contains("(\"_partition\" = auth.user_id() OR \"_partition\" = 'PUBLIC' OR \"_partition\" IS NULL)"),
        "{yaml}"
    );
    assert!(!ex.incomplete(), "{:?}", ex.findings);
}

#[test]
fn export_cli_exit_codes_and_out_directory() {
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("ps");
    let run = |args: &[&str]| Command::new(BIN).args(args).output().expect("run syncplan");
    let flx = fixture("flx_app");
    let pbs = fixture("pbs_app");
    // Incomplete (a rule left out): exit 1, files written all the same.
    let o = run(&[
        "export",
        "--to",
        "powersync",
        flx.to_str().expect("utf8"),
        "--out",
        target.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("export INCOMPLETE"));
    for f in [
        "powersync/sync-config.yaml",
        "powersync/source-schema.json",
        "powersync/client/schema.ts",
        "powersync/client/schema.dart",
        "powersync/client/Schema.kt",
        "powersync/client/Schema.swift",
    ] {
        assert!(target.join(f).is_file(), "{f}");
    }
    // A second run into the same directory needs --force.
    let o = run(&[
        "export",
        "--to",
        "powersync",
        flx.to_str().expect("utf8"),
        "--out",
        target.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    // Complete: exit 0; --sdk narrows the client files; JSON output.
    let o = run(&[
        "export",
        "--to",
        "powersync",
        pbs.to_str().expect("utf8"),
        "--sdk",
        "dart",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["complete"], json!(true));
    let files: BTreeSet<&str> = v["files"]
        .as_object()
        .expect("files")
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        files.contains("powersync/client/schema.dart") && !files.contains("powersync/client/schema.ts"),
        "{files:?}"
    );
    // ORMs: every one written beside schema.sql; an unknown ORM is a usage error.
    let orm_dir = out.path().join("orm");
    let o = run(&[
        "export",
        "--to",
        "sqlite",
        fixture("client_model.json").to_str().expect("utf8"),
        "--orm",
        "all",
        "-o",
        orm_dir.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "schema.sql",
        "room/Entities.kt",
        "sqldelight/Schema.sq",
        "drift/tables.dart",
        "grdb/Records.swift",
        "swiftdata/Models.swift",
    ] {
        assert!(orm_dir.join(f).is_file(), "{f}");
    }
    let o = run(&[
        "export",
        "--to",
        "sqlite",
        fixture("client_model.json").to_str().expect("utf8"),
        "--orm",
        "hibernate",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // SQLite to stdout; unknown SDK and missing input are usage/input errors.
    let o = run(&[
        "export",
        "--to",
        "sqlite",
        fixture("client_model.json").to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("CREATE TABLE \"Person\""));
    let o = run(&[
        "export",
        "--to",
        "powersync",
        pbs.to_str().expect("utf8"),
        "--sdk",
        "cobol",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["export", "--to", "sqlite", "no/such/model"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Every export finding id is raised by some model the tests export (the catalog holds no id that
/// nothing produces).
#[test]
fn every_export_finding_id_is_raised_somewhere() {
    let mut seen: BTreeSet<&'static str> = BTreeSet::new();
    for (_, _root, schema) in models() {
        let perms = Permissions::from_schema(&schema);
        for d in powersync::export(&schema, &perms, &[]).findings {
            seen.insert(d.id);
        }
        for d in sqlite::export(&schema).findings {
            seen.insert(d.id);
        }
    }
    let missing: Vec<&str> = KINDS
        .iter()
        .filter(|k| k.stage == Stage::Export && !seen.contains(k.id))
        .map(|k| k.id)
        .collect();
    assert!(missing.is_empty(), "export ids no test model raises: {missing:?}");
}

/// Snapshots: the SQLite DDL, the streams and the TypeScript client schema of every migrations
/// example (before side) and of the export fixtures, with the findings.
#[test]
fn export_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for (name, _root, schema) in models() {
        if !(name.ends_with("/before") || name.starts_with("fixture/") || name.starts_with("real/")) {
            continue;
        }
        let perms = Permissions::from_schema(&schema);
        let ps = powersync::export(&schema, &perms, &[PsSdk::Ts]);
        let sq = sqlite::export(&schema);
        let mut s = String::new();
        s.push_str("## findings (powersync)\n");
        for d in &ps.findings {
            s.push_str(&format!("{} {} {}: {}\n", d.severity, d.id, d.path, d.message));
        }
        s.push_str("\n## powersync/sync-config.yaml\n");
        s.push_str(&ps.files["powersync/sync-config.yaml"]);
        s.push_str("\n## powersync/client/schema.ts\n");
        s.push_str(&ps.files["powersync/client/schema.ts"]);
        s.push_str("\n## findings (sqlite)\n");
        for d in &sq.findings {
            s.push_str(&format!("{} {} {}: {}\n", d.severity, d.id, d.path, d.message));
        }
        s.push_str("\n## schema.sql\n");
        s.push_str(&sq.files["schema.sql"]);
        let key = name
            .trim_end_matches("/before")
            .replace(['/', '.', ' '], "_")
            .replace("__", "_");
        by_name.insert(format!("export__{key}"), s);
    }
    for (name, text) in by_name {
        settings.bind(|| insta::assert_snapshot!(name, text));
    }
}
