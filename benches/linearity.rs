//! Linearity of loading and diffing huge single inputs (what `tests/it/limits.rs` once asserted
//! with timers, which failed on a loaded machine): each input is loaded (or diffed) at a base size
//! and at 4x that size, in process, best of `LIN_RUNS` runs (default 3); the ratio of the two
//! times is printed. Linear is 4x, quadratic 16x; the line is marked `SUPERLINEAR` above 10x.
//!
//! Also diff + classify + plan + all seven SDKs' client instructions when one type's properties or
//! whole types are all replaced (both quadratic once).
//!
//! Run: `cargo bench --bench linearity`.

use std::path::Path;
use std::time::{Duration, Instant};

use syncplan::diff::DiffOptions;

type Make = fn(usize) -> String;
/// An input of `n` names with a prefix (the two sides differ by prefix).
type Replace = fn(usize, &str) -> String;

fn required(n: usize) -> String {
    let names = (0..n).map(|i| format!("\"f{i}\"")).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"title": "T", "bsonType": "object", "properties": {{"_id": {{"bsonType": "objectId"}}}}, "required": ["_id",{names}]}}"#
    )
}

fn properties(n: usize) -> String {
    let props = (0..n)
        .map(|i| format!("\"f{i}\": {{\"bsonType\": \"string\"}}"))
        .collect::<Vec<_>>()
        .join(",");
    format!(r#"{{"title": "T", "bsonType": "object", "properties": {{"_id": {{"bsonType": "objectId"}}, {props}}}}}"#)
}

fn properties_and_required(n: usize) -> String {
    let props = (0..n)
        .map(|i| format!("\"f{i}\": {{\"bsonType\": \"string\"}}"))
        .collect::<Vec<_>>()
        .join(",");
    let names = (0..n).map(|i| format!("\"r{i}\"")).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"title": "T", "bsonType": "object", "properties": {{"_id": {{"bsonType": "objectId"}}, {props}}}, "required": [{names}]}}"#
    )
}

fn types(n: usize) -> String {
    let types = (0..n)
        .map(|i| format!(r#"{{"name": "T{i}", "primaryKey": "_id", "properties": {{"_id": "objectId"}}}}"#))
        .collect::<Vec<_>>()
        .join(",");
    format!("[{types}]")
}

fn enum_values(n: usize) -> String {
    let numbers = (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"title": "T", "bsonType": "object", "properties": {{"_id": {{"bsonType": "objectId"}}, "n": {{"bsonType": "int", "enum": [{numbers}]}}}}}}"#
    )
}

/// One object type whose `n` properties all differ between the two sides (`suffix`).
fn one_type(n: usize, ty: &str) -> String {
    let props = (0..n)
        .map(|i| format!("\"p{i}\": \"{ty}\""))
        .collect::<Vec<_>>()
        .join(",");
    format!(r#"[{{"name": "T", "primaryKey": "_id", "properties": {{"_id": "objectId", {props}}}}}]"#)
}

fn replaced_properties(n: usize, prefix: &str) -> String {
    let p = (0..n)
        .map(|i| format!("\"{prefix}{i}\": {{\"bsonType\": \"string\"}}"))
        .collect::<Vec<_>>()
        .join(",");
    format!(r#"{{"title": "T", "bsonType": "object", "properties": {{"_id": {{"bsonType": "objectId"}}, {p}}}}}"#)
}

fn replaced_types(n: usize, prefix: &str) -> String {
    let t = (0..n)
        .map(|i| {
            format!(
                r#"{{"name": "{prefix}{i}", "primaryKey": "_id", "properties": {{"_id": "objectId", "x": "string?"}}}}"#
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    format!("[{t}]")
}

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn row(what: &str, n: usize, t: [Duration; 2]) {
    let ratio = t[1].as_secs_f64() / t[0].as_secs_f64().max(1e-9);
    let mark = if ratio > 10.0 { "  SUPERLINEAR" } else { "" };
    println!(
        "| {what} | {n} | {:.4} | {:.4} | {ratio:.1}x{mark} |",
        t[0].as_secs_f64(),
        t[1].as_secs_f64()
    );
}

fn main() {
    let runs: usize = std::env::var("LIN_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let dir = std::env::temp_dir().join(format!("syncplan-linearity-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    println!("| input | base size | load at 1x (s) | load at 4x (s) | 4x / 1x |");
    println!("|---|---|---|---|---|");
    let cases: [(&str, Make, usize); 5] = [
        ("`required` list", required, 25_000),
        ("`properties` keys", properties, 10_000),
        ("`properties` keys and `required`", properties_and_required, 5_000),
        ("object types", types, 10_000),
        ("`enum` values", enum_values, 250_000),
    ];
    for (what, make, n) in cases {
        let mut t = [Duration::ZERO; 2];
        for (k, size) in [n, 4 * n].into_iter().enumerate() {
            let p = dir.join(format!("in-{size}.json"));
            let _ = std::fs::write(&p, make(size));
            t[k] = best(runs, || {
                if let Err(e) = syncplan::load::load_one(Path::new(&p)) {
                    eprintln!("{what} x{size}: {e}");
                }
            });
        }
        row(what, n, t);
    }
    // Diff of one type whose properties all change type (issue 7's quadratic case).
    let n = 2_000;
    let mut t = [Duration::ZERO; 2];
    for (k, size) in [n, 4 * n].into_iter().enumerate() {
        let (po, pn) = (
            dir.join(format!("old-{size}.json")),
            dir.join(format!("new-{size}.json")),
        );
        let _ = std::fs::write(&po, one_type(size, "int"));
        let _ = std::fs::write(&pn, one_type(size, "string"));
        let (Ok(o), Ok(nw)) = (syncplan::load::load_one(&po), syncplan::load::load_one(&pn)) else {
            eprintln!("one type x{size}: load failed");
            continue;
        };
        t[k] = best(runs, || {
            let changes = syncplan::diff::diff(&o.schema, &nw.schema, &DiffOptions::default());
            std::hint::black_box(changes);
        });
    }
    println!();
    println!("| diff / plan | base size | at 1x (s) | at 4x (s) | 4x / 1x |");
    println!("|---|---|---|---|---|");
    row("diff: one type, every property retyped", n, t);
    // diff, classify, plan and all seven SDKs' instructions when one type's properties, or whole
    // types, are all replaced (what `tests/it/limits.rs` `many_changes_are_all_planned` checks).
    let cases: [(&str, Replace, usize); 2] = [
        (
            "plan --sdk all: properties of one type replaced",
            replaced_properties,
            400,
        ),
        ("plan --sdk all: object types replaced", replaced_types, 150),
    ];
    for (what, make, n) in cases {
        let mut t = [Duration::ZERO; 2];
        for (k, size) in [n, 4 * n].into_iter().enumerate() {
            let (pa, pb) = (dir.join(format!("a-{size}.json")), dir.join(format!("b-{size}.json")));
            let _ = std::fs::write(&pa, make(size, "p"));
            let _ = std::fs::write(&pb, make(size, "q"));
            let (Ok(o), Ok(nw)) = (syncplan::load::load_one(&pa), syncplan::load::load_one(&pb)) else {
                eprintln!("{what} x{size}: load failed");
                continue;
            };
            t[k] = best(runs, || {
                let changes = syncplan::diff::diff(&o.schema, &nw.schema, &DiffOptions::default());
                let c = syncplan::classify::classify(&changes, &syncplan::rules::Context::default());
                let p = syncplan::plan::plan(&c, &o.schema, &nw.schema, &syncplan::plan::PlanOptions::default());
                let i = syncplan::plan::client::instructions(
                    &c,
                    &o.schema,
                    &nw.schema,
                    &syncplan::codegen::Sdk::ALL,
                    &p,
                    false,
                );
                std::hint::black_box(i);
            });
        }
        row(what, n, t);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
