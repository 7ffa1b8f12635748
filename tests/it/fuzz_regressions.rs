//! Replays every input that once made a fuzz target fail (`tests/fuzz_regressions/<target>/`)
//! through the same checks the target makes (see `fuzz/src/lib.rs`), plus, for client models,
//! the command line: `devmode` and `plan --out` never write outside `--out`.

use std::path::{Path, PathBuf};
use std::process::Command;

use syncplan::classify::classify;
use syncplan::diagnostic::Severity;
use syncplan::diff::{DiffOptions, diff};
use syncplan::load::{Loaded, app_services, json, realm_js, yaml};
use syncplan::model::{ObjectKind, Schema};
use syncplan::plan::{PlanOptions, Strategy, plan};
use syncplan::rules::{Context, Verdict};

const CRATE: &str = env!("CARGO_MANIFEST_DIR");
const TARGETS: &[&str] = &[
    "app_schema_json",
    "app_schema_yaml",
    "realm_model",
    "realm_shorthand",
    "app_dir",
];

fn inputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(CRATE).join("tests/fuzz_regressions");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&root).unwrap() {
        let dir = e.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            TARGETS.contains(&target.as_str()),
            "unknown fuzz target directory {target}"
        );
        for f in std::fs::read_dir(&dir).unwrap() {
            out.push((target.clone(), f.unwrap().path()));
        }
    }
    out.sort();
    out
}

/// What every fuzz target checks on a loaded model.
fn check_model(label: &str, loaded: Loaded) {
    let a = &loaded.schema;
    let _ = syncplan::render::validate_text(&[syncplan::pipeline::validate(loaded.clone())]);
    let same = diff(a, a, &DiffOptions::default());
    assert!(same.is_empty(), "{label}: diff(A, A) is not empty: {same:#?}");
    let empty = Schema::new(a.side);
    for (x, y) in [(&empty, a), (a, &empty)] {
        let c = classify(&diff(x, y, &DiffOptions::default()), &Context::default());
        let worst = c
            .findings
            .iter()
            .map(|f| f.server)
            .max()
            .unwrap_or(Verdict::NonBreaking);
        assert_eq!(c.verdict.server, worst, "{label}");
        for strategy in [
            Strategy::Auto,
            Strategy::PartnerCollection,
            Strategy::SchemaVersion,
            Strategy::TerminateResync,
        ] {
            let p = plan(
                &c,
                x,
                y,
                &PlanOptions {
                    strategy: Some(strategy),
                    ..Default::default()
                },
            );
            assert!(p.acyclic, "{label}: plan has a cycle ({strategy:?})");
        }
    }
    let valid = !syncplan::validate::validate(a)
        .iter()
        .chain(loaded.diagnostics.iter())
        .any(|d| d.severity == Severity::Error);
    let dir_names = a
        .types
        .values()
        .filter(|t| t.kind != ObjectKind::Embedded)
        .all(|t| !t.name.is_empty() && t.name != "." && t.name != ".." && !t.name.contains(['/', '\\', '\0']));
    // `collection_name_invalid` refuses every name that is not one directory name.
    assert!(
        !valid || dir_names,
        "{label}: validate accepted a type name that cannot be a collection directory"
    );
    if valid {
        let tmp = tempfile::tempdir().unwrap();
        for (rel, content) in syncplan::devmode::devmode(a, "db") {
            let p = tmp.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, content).unwrap();
        }
        let back = syncplan::load::load_one(tmp.path()).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            syncplan::devmode::without_locations(&back.schema),
            syncplan::devmode::server_projection(a, "db"),
            "{label}: load(devmode(m)) != server_projection(m)"
        );
    }
}

/// Every path under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            if p.is_dir() && !p.is_symlink() {
                walk(base, &p, out);
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, dir, &mut v);
    v.sort();
    v
}

/// `syncplan devmode` and `syncplan plan --out` with the model: whatever the exit code, nothing
/// appears outside `--out`; a refusal says why.
fn check_cli_writes(label: &str, model: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let deep = tmp.path().join("a/b/c/d/e/f/g");
    std::fs::create_dir_all(&deep).unwrap();
    let empty = tmp.path().join("empty.json");
    std::fs::write(&empty, "[]").unwrap();
    let runs: [(&str, Vec<&std::ffi::OsStr>); 2] = [
        ("devmode", vec!["devmode".as_ref(), model.as_os_str(), "--out".as_ref()]),
        (
            "plan",
            vec!["plan".as_ref(), empty.as_os_str(), model.as_os_str(), "--out".as_ref()],
        ),
    ];
    for (cmd, args) in runs {
        let out = deep.join(cmd);
        let before: Vec<String> = tree(tmp.path());
        let o = Command::new(env!("CARGO_BIN_EXE_syncplan"))
            .args(&args)
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{label} {cmd}: {err}");
        let outside: Vec<String> = tree(tmp.path())
            .into_iter()
            .filter(|p| !before.contains(p) && !p.starts_with(&format!("a/b/c/d/e/f/g/{cmd}")))
            .collect();
        assert!(
            outside.is_empty(),
            "{label} {cmd}: wrote outside --out: {outside:?}\n{err}"
        );
        if o.status.code() == Some(2) {
            assert!(err.contains("refusing to write"), "{label} {cmd}: unclear error: {err}");
            assert!(!out.exists(), "{label} {cmd}: a refused run created --out");
        }
    }
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let all = inputs();
    assert!(!all.is_empty(), "no inputs under tests/fuzz_regressions/");
    for (target, path) in all {
        let label = format!("{target}/{}", path.file_name().unwrap().to_string_lossy());
        let bytes = std::fs::read(&path).unwrap();
        // The text targets ignore input that is not UTF-8, as the fuzz targets do.
        let text = std::str::from_utf8(&bytes).unwrap_or("\u{0}not UTF-8");
        match target.as_str() {
            "app_schema_json" | "app_schema_yaml" => {
                let node = if target == "app_schema_json" {
                    json::parse(text)
                } else {
                    yaml::parse(text)
                };
                if let Ok(loaded) = node
                    .map_err(|e| e.message)
                    .and_then(|n| app_services::load_single_schema(&n, "schema.json").map_err(|e| e.to_string()))
                {
                    check_model(&label, loaded);
                }
            }
            "realm_model" => {
                if let Ok(loaded) = json::parse(text)
                    .map_err(|e| e.message)
                    .and_then(|n| realm_js::load(&n, "model.json").map_err(|e| e.to_string()))
                {
                    check_model(&label, loaded);
                }
                check_cli_writes(&label, &path);
            }
            "realm_shorthand" => {
                if let Ok((ty, opt)) = realm_js::shorthand(text) {
                    let printed = syncplan::model::type_shorthand(&ty, opt);
                    assert_eq!(realm_js::shorthand(&printed), Ok((ty, opt)), "{label}");
                }
            }
            "app_dir" => {
                let tmp = tempfile::tempdir().unwrap();
                let parts = [
                    "data_sources/mongodb-atlas/db/A/schema.json",
                    "data_sources/mongodb-atlas/db/A/relationships.json",
                    "sync/config.json",
                    "data_sources/mongodb-atlas/db/B/schema.json",
                    "services/mongodb-atlas/rules/db.C.json",
                ];
                for (rel, part) in parts.iter().zip(bytes.split(|b| *b == 0)) {
                    if !part.is_empty() {
                        let p = tmp.path().join(rel);
                        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                        std::fs::write(p, part).unwrap();
                    }
                }
                if let Ok(apps) = syncplan::load::load(tmp.path()) {
                    for loaded in apps {
                        check_model(&label, loaded);
                    }
                }
            }
            other => panic!("no replay for target {other}"),
        }
    }
}
