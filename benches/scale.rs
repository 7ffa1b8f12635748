//! Scale benchmark for `syncplan diff` and `syncplan plan` (issues 4, 7 and 19).
//!
//! Two shapes, each as a pair of inputs (OLD, NEW) at the sizes of `SCALE_SIZES` (default
//! 100,1000,10000):
//!
//! - `app` (default): a generated App Services app export, the shape of issue 19. N collections,
//!   each with its own `data_sources/mongodb-atlas/db/TypeN/schema.json` and `relationships.json`
//!   (2·N + 1 files per side with `sync/config.json`): 20 properties, a to-one and a to-many
//!   relationship, and an embedded object with its own title (N embedded types). NEW changes 22% of
//!   the collections (one property each, rotating through removed / type changed / made optional /
//!   added optional / added required) and 4% of the embedded types (a property added, retyped,
//!   made optional or removed): about 0.26·N changes, 0.04·N of them inside embedded types.
//! - `realm-js` (`SCALE_SHAPE=realm-js`): the earlier Realm JS model, N object types × 20 properties,
//!   50 embedded types, about 0.3·N changes, none inside an embedded type.
//!
//! For each size it runs, one after the other and `SCALE_RUNS` times each (default 5; the median is
//! shown), the release binary's `plan --sdk all`, `plan --sdk none`, `diff`, and the read-and-parse
//! floor: this same benchmark binary re-run as `scale --floor DIR`, which reads every file of both
//! sides and parses it into `serde_json::Value` on one thread, nothing else. Times are whole-process
//! wall times; peak RSS is the process's own VmHWM (syncplan prints it when
//! SYNCPLAN_REPORT_PEAK_RSS=1). `SCALE_INSTR=1` also counts instructions of one run of each
//! command under `valgrind --tool=callgrind` (slow; stable on a loaded machine).
//!
//! Run: `cargo bench --bench scale` (e.g. `SCALE_SIZES=1000 SCALE_RUNS=9 cargo bench --bench scale`).
//! `SCALE_KEEP=1` keeps the generated inputs and prints where they are.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PROPS: usize = 20;

// ------------------------------------------------------------------------------------------------
// Shape `app`: an App Services app export

/// The change (if any) NEW makes to collection `i`: 22 of every 100 collections, rotating kinds.
fn collection_change(i: usize) -> usize {
    if i % 100 < 22 { (i / 100 + i) % 5 + 1 } else { 0 }
}

/// The change (if any) NEW makes to embedded type `i`: 4 of every 100.
fn embedded_change(i: usize) -> usize {
    if i % 25 == 7 { (i / 25) % 4 + 1 } else { 0 }
}

fn app_schema(i: usize, changed: bool) -> String {
    let kind = if changed { collection_change(i) } else { 0 };
    let ekind = if changed { embedded_change(i) } else { 0 };
    let mut props: Vec<String> = vec!["\"_id\": {\"bsonType\": \"objectId\"}".into()];
    let mut required: Vec<String> = vec!["_id".into()];
    for j in 0..PROPS - 4 {
        let name = format!("p{j}");
        let (ty, req) = match (j, kind) {
            (0, 1) => continue,         // removed
            (0, 2) => ("string", true), // type changed int → string
            (0, 3) => ("int", false),   // made optional
            _ if j % 4 == 1 => ("string", true),
            _ if j % 4 == 2 => ("double", false),
            _ if j % 4 == 3 => ("date", true),
            _ => ("int", true),
        };
        props.push(format!("\"{name}\": {{\"bsonType\": \"{ty}\"}}"));
        if req {
            required.push(name);
        }
    }
    if kind == 4 {
        props.push("\"addedOptional\": {\"bsonType\": \"string\"}".into());
    }
    if kind == 5 {
        props.push("\"addedRequired\": {\"bsonType\": \"double\"}".into());
        required.push("addedRequired".into());
    }
    props.push("\"owner_id\": {\"bsonType\": \"string\"}".into());
    required.push("owner_id".into());
    props.push("\"link\": {\"bsonType\": \"objectId\"}".into());
    props.push("\"links\": {\"bsonType\": \"array\", \"items\": {\"bsonType\": \"objectId\"}}".into());
    // The embedded object: street, city, zip, and a change in 4% of them.
    let mut eprops: Vec<String> = vec!["\"street\": {\"bsonType\": \"string\"}".into()];
    let mut ereq: Vec<&str> = vec!["street"];
    match ekind {
        1 => eprops.push("\"city\": {\"bsonType\": \"string\"}".into()), // zip removed below
        2 => eprops.push("\"city\": {\"bsonType\": \"int\"}".into()),    // type changed
        _ => eprops.push("\"city\": {\"bsonType\": \"string\"}".into()),
    }
    if ekind != 3 {
        ereq.push("city"); // 3: made optional
    }
    if ekind != 1 {
        eprops.push("\"zip\": {\"bsonType\": \"string\"}".into());
    }
    if ekind == 4 {
        eprops.push("\"country\": {\"bsonType\": \"string\"}".into()); // added optional
    }
    let ereq: Vec<String> = ereq.iter().map(|r| format!("\"{r}\"")).collect();
    props.push(format!(
        "\"address\": {{\n      \"bsonType\": \"object\",\n      \"title\": \"Address{i}\",\n      \"properties\": {{\n        {}\n      }},\n      \"required\": [{}]\n    }}",
        eprops.join(",\n        "),
        ereq.join(", ")
    ));
    let required: Vec<String> = required.iter().map(|r| format!("\"{r}\"")).collect();
    format!(
        "{{\n  \"title\": \"Type{i}\",\n  \"bsonType\": \"object\",\n  \"properties\": {{\n    {}\n  }},\n  \"required\": [{}]\n}}\n",
        props.join(",\n    "),
        required.join(", ")
    )
}

fn app_relationships(i: usize, n: usize) -> String {
    let target = (i + 1) % n;
    let many = (i + 7) % n;
    format!(
        "{{\n  \"link\": {{\n    \"ref\": \"#/relationship/mongodb-atlas/db/Type{target}\",\n    \"source_key\": \"link\",\n    \"foreign_key\": \"_id\",\n    \"is_list\": false\n  }},\n  \"links\": {{\n    \"ref\": \"#/relationship/mongodb-atlas/db/Type{many}\",\n    \"source_key\": \"links\",\n    \"foreign_key\": \"_id\",\n    \"is_list\": true\n  }}\n}}\n"
    )
}

const SYNC_CONFIG: &str = "{\n  \"type\": \"flexible\",\n  \"state\": \"enabled\",\n  \"development_mode_enabled\": false,\n  \"service_name\": \"mongodb-atlas\",\n  \"database_name\": \"db\",\n  \"queryable_fields_names\": [\"owner_id\"]\n}\n";

fn write_app(root: &Path, n: usize, changed: bool) -> std::io::Result<()> {
    for i in 0..n {
        let dir = root.join(format!("data_sources/mongodb-atlas/db/Type{i}"));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("schema.json"), app_schema(i, changed))?;
        std::fs::write(dir.join("relationships.json"), app_relationships(i, n))?;
    }
    std::fs::create_dir_all(root.join("sync"))?;
    std::fs::write(root.join("sync/config.json"), SYNC_CONFIG)
}

// ------------------------------------------------------------------------------------------------
// Shape `realm-js`: one Realm JS model file

fn realm_js_model(n: usize, changed: bool) -> String {
    let mut s = String::from("{\"schemaVersion\": 1, \"schema\": [\n");
    for i in 0..n {
        let _ = write!(
            s,
            "{{\"name\": \"Type{i}\", \"primaryKey\": \"_id\", \"properties\": {{\"_id\": \"objectId\""
        );
        for j in 0..PROPS - 3 {
            // Changes touch ~30% of types: one property each, rotating through the change kinds.
            let kind = if changed && i % 10 < 3 && j == 0 {
                (i / 10) % 5 + 1
            } else {
                0
            };
            match kind {
                1 => {} // removed
                2 => {
                    let _ = write!(s, ", \"p{j}\": \"string\"");
                } // type change int → string
                3 => {
                    let _ = write!(s, ", \"p{j}\": \"int?\"");
                } // made optional
                _ => {
                    let _ = write!(s, ", \"p{j}\": \"int\"");
                }
            }
            if kind == 4 {
                let _ = write!(s, ", \"added{j}\": \"string?\""); // added optional
            }
            if kind == 5 {
                let _ = write!(s, ", \"req{j}\": \"double\""); // added required
            }
        }
        let target = (i + 1) % n;
        let _ = writeln!(
            s,
            ", \"link\": \"Type{target}?\", \"links\": \"Type{target}[]\", \"addr\": \"Addr{}?\"}}}},",
            i % 50
        );
    }
    for k in 0..50.min(n) {
        let _ = writeln!(
            s,
            "{{\"name\": \"Addr{k}\", \"embedded\": true, \"properties\": {{\"street\": \"string\", \"city\": \"string?\"}}}},"
        );
    }
    s.truncate(s.trim_end_matches([',', '\n']).len());
    s.push_str("\n]}\n");
    s
}

// ------------------------------------------------------------------------------------------------
// The floor: read every file and parse it into serde_json::Value, nothing else

fn files_below(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            files_below(&e, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn floor(paths: &[String]) {
    let mut files = Vec::new();
    for p in paths {
        files_below(Path::new(p), &mut files);
    }
    let mut values = 0usize;
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            values += usize::from(!v.is_null());
            std::hint::black_box(&v);
        }
    }
    println!("{} files, {values} parsed", files.len());
    if let Ok(s) = std::fs::read_to_string("/proc/self/status")
        && let Some(l) = s.lines().find(|l| l.starts_with("VmHWM:"))
    {
        let kb = l.trim_start_matches("VmHWM:").trim();
        eprintln!("syncplan: peak RSS {kb}");
    }
}

// ------------------------------------------------------------------------------------------------
// Running and reporting

fn run(bin: &str, args: &[&str]) -> (f64, u64) {
    let t = Instant::now();
    let out = Command::new(bin)
        .args(args)
        .env("SYNCPLAN_REPORT_PEAK_RSS", "1")
        .output();
    let secs = t.elapsed().as_secs_f64();
    let Ok(out) = out else { return (secs, 0) };
    let err = String::from_utf8_lossy(&out.stderr);
    let rss = err
        .lines()
        .find_map(|l| l.strip_prefix("syncplan: peak RSS "))
        .and_then(|v| v.trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0);
    (secs, rss)
}

/// Instructions of one run under callgrind (`Collected : N` on its stderr).
fn instructions(bin: &str, args: &[&str]) -> Option<u64> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null", bin])
        .args(args)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.split("Collected : ").nth(1).and_then(|v| v.trim().parse().ok()))
}

/// Median time and largest peak RSS of `runs` runs.
fn measure(bin: &str, args: &[&str], runs: usize) -> (f64, u64) {
    let mut times = Vec::new();
    let mut rss = 0;
    for _ in 0..runs.max(1) {
        let (t, r) = run(bin, args);
        times.push(t);
        rss = rss.max(r);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], rss)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        floor(&args[i + 1..]);
        return;
    }
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let me = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sizes: Vec<usize> = std::env::var("SCALE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000, 10000]);
    let runs: usize = std::env::var("SCALE_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let app = std::env::var("SCALE_SHAPE").map(|s| s != "realm-js").unwrap_or(true);
    let instr = std::env::var_os("SCALE_INSTR").is_some_and(|v| v == "1");
    let dir = std::env::temp_dir().join(format!("syncplan-scale-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    println!(
        "shape: {}; whole-process wall time, median of {runs} runs; peak RSS the largest of them",
        if app { "app export" } else { "Realm JS model" }
    );
    println!();
    println!(
        "| types | findings | plan --sdk all (s) | MiB | plan --sdk none (s) | MiB | diff (s) | MiB | read+parse floor (s) | MiB | diff / floor |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut instr_rows = Vec::new();
    for n in sizes {
        let (old, new) = if app {
            let (o, nw) = (dir.join(format!("old-{n}")), dir.join(format!("new-{n}")));
            if let Err(e) = write_app(&o, n, false).and_then(|()| write_app(&nw, n, true)) {
                eprintln!("scale: cannot write inputs: {e}");
                return;
            }
            (o, nw)
        } else {
            let (o, nw) = (dir.join(format!("old-{n}.json")), dir.join(format!("new-{n}.json")));
            let _ = std::fs::write(&o, realm_js_model(n, false));
            let _ = std::fs::write(&nw, realm_js_model(n, true));
            (o, nw)
        };
        let (o, nw) = (old.to_string_lossy().into_owned(), new.to_string_lossy().into_owned());
        let findings = Command::new(bin)
            .args(["diff", &o, &nw, "--format", "json", "--fail-on", "none"])
            .output()
            .ok()
            .and_then(|out| serde_json::from_slice::<serde_json::Value>(&out.stdout).ok())
            .and_then(|v| v["findings"].as_array().map(|a| a.len()))
            .unwrap_or(0);
        let plan_all: Vec<&str> = vec!["plan", &o, &nw, "--format", "json", "--sdk", "all"];
        let plan_none: Vec<&str> = vec!["plan", &o, &nw, "--format", "json", "--sdk", "none"];
        let diff: Vec<&str> = vec!["diff", &o, &nw, "--format", "json", "--fail-on", "none"];
        let floor_args: Vec<&str> = vec!["--floor", &o, &nw];
        let (at, arss) = measure(bin, &plan_all, runs);
        let (pt, prss) = measure(bin, &plan_none, runs);
        let (dt, drss) = measure(bin, &diff, runs);
        let (ft, frss) = measure(&me, &floor_args, runs);
        let mib = |kb: u64| kb as f64 / 1024.0;
        println!(
            "| {n} | {findings} | {at:.3} | {:.1} | {pt:.3} | {:.1} | {dt:.3} | {:.1} | {ft:.3} | {:.1} | {:.2} |",
            mib(arss),
            mib(prss),
            mib(drss),
            mib(frss),
            dt / ft
        );
        if instr {
            let count = |b: &str, a: &[&str]| instructions(b, a).map(|c| c.to_string()).unwrap_or_else(|| "?".into());
            instr_rows.push(format!(
                "| {n} | {} | {} | {} | {} |",
                count(bin, &plan_all),
                count(bin, &plan_none),
                count(bin, &diff),
                count(&me, &floor_args)
            ));
        }
    }
    if instr {
        println!();
        println!("instructions (valgrind --tool=callgrind, one run each):");
        println!();
        println!("| types | plan --sdk all | plan --sdk none | diff | read+parse floor |");
        println!("|---|---|---|---|---|");
        for r in instr_rows {
            println!("{r}");
        }
    }
    if std::env::var_os("SCALE_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(Path::new(&dir));
    } else {
        eprintln!("inputs kept in {}", dir.display());
    }
}
