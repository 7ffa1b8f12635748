//! Real App Services exports (`../shared/corpus`) must all load: App Services accepted every one of
//! them, so a load error (exit code 2) is a loader bug. Validation may report findings, but a
//! server model checked against itself must be consistent, and the CLI must never crash on them.

use std::path::{Path, PathBuf};
use std::process::Command;

use syncplan::diagnostic::Severity;
use syncplan::load::{self, Loaded};

const REAL_WORLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real-world");
const PAIRS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real-world-pairs");

fn corpus_dir(p: &str) -> PathBuf {
    let p = PathBuf::from(p);
    assert!(
        p.is_dir(),
        "the shared corpus is missing: expected a directory at {} (CI checks out ../shared beside the repository)",
        p.display()
    );
    p
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// Every real-world app directory (one per source repository).
fn real_world_apps() -> Vec<PathBuf> {
    let apps = subdirs(&corpus_dir(REAL_WORLD));
    assert!(
        apps.len() >= 10,
        "expected the 11 real-world repositories, found {}",
        apps.len()
    );
    apps
}

/// Every `before/` and `after/` of the history pairs.
fn pair_sides() -> Vec<PathBuf> {
    let pairs = subdirs(&corpus_dir(PAIRS));
    assert!(
        pairs.len() >= 30,
        "expected the 35 history pairs, found {}",
        pairs.len()
    );
    let mut out = Vec::new();
    for pair in pairs {
        for side in ["before", "after"] {
            let p = pair.join(side);
            assert!(p.is_dir(), "{} has no {side}/", pair.display());
            out.push(p);
        }
    }
    out
}

fn all_inputs() -> Vec<PathBuf> {
    let mut v = real_world_apps();
    v.extend(pair_sides());
    v
}

/// Every `schema.json` below `dir` (the files an app export's collections are read from).
fn schema_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            schema_files(&p, out);
        } else if p.file_name().is_some_and(|n| n == "schema.json")
            && p.parent()
                .and_then(Path::parent)
                .and_then(Path::parent)
                .and_then(Path::parent)
                .is_some_and(|ds| ds.file_name().is_some_and(|n| n == "data_sources"))
        {
            out.push(p);
        }
    }
}

fn load_ok(path: &Path) -> Vec<Loaded> {
    match load::load(path) {
        Ok(l) => l,
        Err(e) => panic!("{}: real export failed to load (exit 2): {e}", path.display()),
    }
}

#[test]
fn every_real_export_loads() {
    let mut failures = Vec::new();
    let mut types = 0;
    for path in all_inputs() {
        match load::load(&path) {
            Ok(loaded) => {
                assert!(!loaded.is_empty(), "{}: load returned no model", path.display());
                types += loaded.iter().map(|l| l.schema.types.len()).sum::<usize>();
            }
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "real exports that failed to load:\n{}",
        failures.join("\n")
    );
    assert!(
        types > 100,
        "suspiciously few object types loaded from the corpus: {types}"
    );
}

/// App discovery must not miss an app: every `data_sources/<svc>/<db>/<coll>/schema.json` lies
/// below one of the roots `load` found.
#[test]
fn app_discovery_covers_every_schema_file() {
    let mut seen = 0;
    for path in all_inputs() {
        let roots: Vec<PathBuf> = load_ok(&path).iter().map(|l| PathBuf::from(&l.root)).collect();
        let mut files = Vec::new();
        schema_files(&path, &mut files);
        seen += files.len();
        for f in files {
            assert!(
                roots.iter().any(|r| f.starts_with(r)),
                "{} is below none of the loaded app roots {roots:?}",
                f.display()
            );
        }
    }
    assert!(seen > 80, "found only {seen} schema.json files in the corpus");
}

#[test]
fn every_real_export_validates_without_panicking() {
    for path in all_inputs() {
        for l in load_ok(&path) {
            // Findings are allowed (real apps have real problems); every one must name a known id.
            for d in syncplan::validate::validate(&l.schema).iter().chain(&l.diagnostics) {
                assert!(
                    syncplan::diagnostic::KINDS
                        .iter()
                        .any(|k| k.id == d.id && k.severity == d.severity),
                    "{}: finding with an undeclared id/severity: {d:?}",
                    l.root
                );
                assert!(!d.path.is_empty(), "{}: finding without a model path: {d:?}", l.root);
            }
        }
    }
}

#[test]
fn a_server_model_is_consistent_with_itself() {
    let mut problems = Vec::new();
    for path in all_inputs() {
        for l in load_ok(&path) {
            let findings = syncplan::check::check(&l.schema, &l.schema);
            for d in findings.iter().filter(|d| d.severity == Severity::Error) {
                problems.push(format!("{}: [{}] {}: {}", l.root, d.id, d.path, d.message));
            }
            // Identical models have no difference at all, not even informational ones.
            for d in findings.iter().filter(|d| d.severity != Severity::Error) {
                problems.push(format!("{}: non-error [{}] {}: {}", l.root, d.id, d.path, d.message));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "check(server, server) reported errors:\n{}",
        problems.join("\n")
    );
}

#[test]
fn cli_validate_never_fails_to_load_a_real_export() {
    for path in real_world_apps() {
        let out = Command::new(env!("CARGO_BIN_EXE_syncplan"))
            .arg("validate")
            .arg(&path)
            .output()
            .expect("run syncplan");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stderr.contains("panicked"),
            "{}: syncplan panicked:\n{stderr}",
            path.display()
        );
        match out.status.code() {
            Some(0 | 1) => {}
            other => panic!(
                "{}: exit status {other:?} (expected 0 or 1)\nstderr:\n{stderr}",
                path.display()
            ),
        }
        assert!(
            stdout.contains("result: valid") || stdout.contains("result: invalid"),
            "{}: no result line in the report:\n{stdout}",
            path.display()
        );
        assert_eq!(
            out.status.code() == Some(1),
            stdout.contains("result: invalid"),
            "{}: exit code and report disagree:\n{stdout}",
            path.display()
        );
    }
}
