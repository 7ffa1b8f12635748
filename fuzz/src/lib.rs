//! Shared oracles of the fuzz targets: whatever a loader accepts is run through every later stage
//! the CLI runs on it, and the invariants that must hold for any model are asserted.
//!
//! What the CLI runs on an unvalidated model (`diff`, `plan`, `check`) must never panic on any
//! loaded model; what it runs only on a valid model (`devmode`, `codegen`) is exercised only when
//! validation reports no error.

use std::collections::BTreeMap;
use std::path::Path;

use syncplan::classify::Classified;
use syncplan::codegen::Sdk;
use syncplan::diagnostic::Severity;
use syncplan::diff::{DiffOptions, diff};
use syncplan::load::Loaded;
use syncplan::model::Schema;
use syncplan::plan::{PlanOptions, Strategy, plan};
use syncplan::render::report::ReportMeta;
use syncplan::rules::{Context, Verdict};

pub const DB: &str = "db";

pub const ALL_STRATEGIES: [Strategy; 4] = [
    Strategy::Auto,
    Strategy::PartnerCollection,
    Strategy::SchemaVersion,
    Strategy::TerminateResync,
];

/// `diff(a, b)`, then classify (the library pipeline's core), plan (every strategy in `strategies`) and render: no panic, the
/// verdict is the worst finding, every plan is acyclic and numbered 1..n, and the JSON report
/// re-parses.
pub fn diff_classify_plan(
    a: &Schema,
    b: &Schema,
    opts: &DiffOptions,
    ctx: &Context,
    strategies: &[Strategy],
) -> Classified {
    let c = syncplan::pipeline::classify_pair(a, b, &opts.renames, ctx);
    let worst =
        |f: fn(&syncplan::classify::Finding) -> Verdict| c.findings.iter().map(f).max().unwrap_or(Verdict::NonBreaking);
    assert_eq!(
        c.verdict.server,
        worst(|f| f.server),
        "server verdict is not the worst finding"
    );
    assert_eq!(
        c.verdict.client,
        worst(|f| f.client),
        "client verdict is not the worst finding"
    );
    let meta = ReportMeta {
        old: "old",
        new: "new",
        context: vec![],
    };
    let _ = syncplan::render::report::text(&c, &meta);
    let _ = syncplan::render::report::markdown(&c, &meta);
    let js = syncplan::render::report::json(&c, &meta);
    let v: serde_json::Value = serde_json::from_str(&js).expect("the JSON report parses");
    let again: serde_json::Value = serde_json::from_str(&v.to_string()).expect("re-serialised report parses");
    assert_eq!(v, again, "JSON report does not survive a round trip");
    for &strategy in strategies {
        let p = plan(
            &c,
            a,
            b,
            &PlanOptions {
                strategy: Some(strategy),
                schema_versioning: ctx.schema_versioning,
                database: None,
                ..Default::default()
            },
        );
        assert!(p.acyclic, "plan step graph has a cycle ({strategy:?})");
        for (i, st) in p.steps.iter().enumerate() {
            assert_eq!(st.number, i + 1, "plan steps are not numbered 1..n");
        }
        let client = syncplan::plan::client::instructions(&c, a, b, &Sdk::ALL, &p, strategy == Strategy::Auto);
        let _ = syncplan::render::plan::markdown(&c, &p, &client.markdown, &meta);
        let _ = syncplan::render::plan::text(&c, &p, &client.text, &meta);
        let _ = syncplan::render::plan::json(&c, &p, &client.json, &meta);
    }
    c
}

/// Runs a loaded model through validation, check, diff/classify/plan and, when it is valid,
/// Development Mode and codegen.
pub fn exercise(loaded: Loaded) {
    let schema = loaded.schema.clone();
    let report = syncplan::pipeline::validate(loaded);
    let _ = syncplan::render::validate_text(std::slice::from_ref(&report));
    let _ = syncplan::render::validate_json(std::slice::from_ref(&report));
    let _ = syncplan::render::model_summary(&schema);
    let _ = syncplan::graph::SchemaGraph::build(&schema).embedded_cycles();

    let same = diff(&schema, &schema, &DiffOptions::default());
    assert!(same.is_empty(), "diff(A, A) is not empty: {same:#?}");

    let empty = Schema::new(schema.side);
    let ctx = Context::default();
    diff_classify_plan(&empty, &schema, &DiffOptions::default(), &ctx, &[Strategy::Auto]);
    diff_classify_plan(
        &schema,
        &empty,
        &DiffOptions::default(),
        &ctx,
        &[Strategy::TerminateResync],
    );

    let projection = syncplan::devmode::server_projection(&schema, DB);
    let _ = syncplan::check::check(&projection, &schema);
    let _ = syncplan::check::check(&schema, &schema);
    diff_classify_plan(
        &projection,
        &schema,
        &DiffOptions::default(),
        &Context {
            development_mode: true,
            schema_versioning: true,
            local: false,
        },
        &[Strategy::PartnerCollection],
    );

    if report.has_errors() {
        return;
    }
    let _ = syncplan::devmode::devmode(&schema, DB);
    for sdk in Sdk::ALL {
        let _ = syncplan::codegen::generate(&schema, sdk);
        let _ = syncplan::codegen::warnings(&schema, sdk);
    }
}

/// True when every collection name (top-level type name) is one directory name. Other names
/// (`A/B`, `..`) cannot round-trip through an app export directory: `validate` refuses them
/// (`collection_name_invalid`), and the `realm_model` target asserts that it does.
pub fn collection_names_are_directory_names(schema: &Schema) -> bool {
    schema
        .types
        .values()
        .filter(|t| t.kind != syncplan::model::ObjectKind::Embedded)
        .all(|t| !t.name.is_empty() && t.name != "." && t.name != ".." && !t.name.contains(['/', '\\', '\0']))
}

/// `load(devmode(m)) == server_projection(m)` for a valid client model, through real files.
pub fn devmode_round_trip(schema: &Schema, dir: &Path) {
    let files = syncplan::devmode::devmode(schema, DB);
    let _ = std::fs::remove_dir_all(dir);
    write_files(dir, &files);
    let loaded = syncplan::load::load_one(dir).unwrap_or_else(|e| panic!("devmode output does not load: {e}"));
    let back = syncplan::devmode::without_locations(&loaded.schema);
    let expected = syncplan::devmode::server_projection(schema, DB);
    assert_eq!(back, expected, "load(devmode(m)) != server_projection(m)");
}

pub fn write_files(dir: &Path, files: &BTreeMap<String, String>) {
    for (rel, content) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create fuzz directory");
        }
        std::fs::write(p, content).expect("write fuzz file");
    }
}

/// True when validation reports no error for the model.
pub fn is_valid(loaded: &Loaded) -> bool {
    !syncplan::validate::validate(&loaded.schema)
        .iter()
        .chain(loaded.diagnostics.iter())
        .any(|d| d.severity == Severity::Error)
}

/// `syncplan infer` on one in-memory input (format detected from the content, as on the command
/// line), strict and with `--skip-invalid`, on one and two threads. Checks:
/// - nothing panics; a refused input has a message naming the file;
/// - one and two threads give the same model (the per-thread statistics merge exactly);
/// - a strict success is also a `--skip-invalid` success with the same model;
/// - every inferred app export loads back to the same object types.
pub fn infer_oracle(data: &[u8], scratch: &Path) {
    use syncplan::infer::{Options, infer_bytes};
    let run = |threads: usize, skip_invalid: bool| {
        let opts = Options {
            threads,
            skip_invalid,
            progress: false,
            ..Options::default()
        };
        infer_bytes(vec![("input.bin", "things", data.to_vec())], &opts)
    };
    let strict = run(1, false);
    let lax = run(1, true);
    let lax2 = run(2, true);
    match (&lax, &lax2) {
        (Ok(a), Ok(b)) => assert_eq!(
            syncplan::devmode::without_locations(&a.schema),
            syncplan::devmode::without_locations(&b.schema),
            "one and two threads infer different models"
        ),
        (Err(a), Err(b)) => assert_eq!(a, b, "one and two threads fail differently"),
        (a, b) => panic!("one thread: {:?}; two threads: {:?}", a.is_ok(), b.is_ok()),
    }
    match &strict {
        Ok(s) => {
            let l = lax.as_ref().unwrap_or_else(|e| panic!("strict succeeds, --skip-invalid fails: {e}"));
            assert_eq!(s.schema, l.schema, "strict and --skip-invalid differ on an input without bad documents");
            export_round_trip(s, scratch);
        }
        Err(e) => assert!(e.contains("input.bin"), "an error that does not name the file: {e}"),
    }
    if let Ok(l) = &lax {
        export_round_trip(l, scratch);
    }
}

fn export_round_trip(inf: &syncplan::infer::Inference, scratch: &Path) {
    let dir = scratch.join("export");
    let _ = std::fs::remove_dir_all(&dir);
    write_files(&dir, &inf.files);
    let loaded = syncplan::load::load_one(&dir).unwrap_or_else(|e| panic!("the inferred export does not load: {e}"));
    let back = syncplan::devmode::without_locations(&loaded.schema);
    let want = syncplan::devmode::without_locations(&inf.schema);
    assert_eq!(back.types, want.types, "the inferred export loads back to different types");
}

/// A scratch directory for the whole fuzzing process.
pub fn scratch() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir")).path()
}
