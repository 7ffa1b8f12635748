//! Everyday commands on the real apps of `../shared/corpus` (issue 19, target 4: under 10 ms).
//!
//! For every real before/after pair in `corpus/real-world-pairs` it runs the release binary's
//! `diff`, `plan --sdk all` and `plan --sdk none`, and for every app in `corpus/real-world`
//! `validate` and `codegen --sdk all`; each command `EVERYDAY_RUNS` times (default 5), and reports
//! per command the median over the inputs of each input's median whole-process wall time, and the
//! slowest input's median. Inputs over the 10 ms target are listed.
//!
//! Run: `cargo bench --bench everyday` (`CORPUS=DIR` for another corpus directory).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const TARGET_MS: f64 = 10.0;

fn dirs(p: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median wall time in ms of `runs` runs, and the exit code of the last.
fn time(bin: &str, args: &[String], runs: usize) -> (f64, Option<i32>) {
    let mut times = Vec::new();
    let mut code = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let out = Command::new(bin).args(args).output();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        code = out.ok().and_then(|o| o.status.code());
    }
    (median(times), code)
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let runs: usize = std::env::var("EVERYDAY_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let corpus = std::env::var("CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let pairs = dirs(&corpus.join("real-world-pairs"));
    let apps = dirs(&corpus.join("real-world"));
    if pairs.is_empty() && apps.is_empty() {
        eprintln!("everyday: no corpus at {}", corpus.display());
        std::process::exit(2);
    }
    let s = |p: &Path| p.to_string_lossy().into_owned();
    type Cmd = (&'static str, Box<dyn Fn(&Path) -> Vec<String>>, bool);
    let commands: Vec<Cmd> = vec![
        (
            "diff OLD NEW",
            Box::new(move |p| {
                vec![
                    "diff".into(),
                    s(&p.join("before")),
                    s(&p.join("after")),
                    "--fail-on".into(),
                    "none".into(),
                ]
            }),
            true,
        ),
        (
            "plan OLD NEW --sdk all",
            Box::new(move |p| {
                vec![
                    "plan".into(),
                    s(&p.join("before")),
                    s(&p.join("after")),
                    "--sdk".into(),
                    "all".into(),
                ]
            }),
            true,
        ),
        (
            "plan OLD NEW --sdk none",
            Box::new(move |p| {
                vec![
                    "plan".into(),
                    s(&p.join("before")),
                    s(&p.join("after")),
                    "--sdk".into(),
                    "none".into(),
                ]
            }),
            true,
        ),
        ("validate APP", Box::new(move |p| vec!["validate".into(), s(p)]), false),
        (
            "codegen APP --sdk all",
            Box::new(move |p| vec!["codegen".into(), s(p), "--sdk".into(), "all".into()]),
            false,
        ),
    ];
    println!(
        "{} pairs, {} apps; whole-process wall time, median of {runs} runs per input",
        pairs.len(),
        apps.len()
    );
    println!();
    println!("| command | inputs | median (ms) | slowest input (ms) | over {TARGET_MS} ms |");
    println!("|---|---|---|---|---|");
    let mut over = Vec::new();
    for (name, args, on_pairs) in &commands {
        let inputs = if *on_pairs { &pairs } else { &apps };
        let mut medians = Vec::new();
        let mut slowest = (0.0f64, String::new());
        let mut n_over = 0;
        for input in inputs {
            let a = args(input);
            let (ms, code) = time(bin, &a, runs);
            if code == Some(2) || code.is_none() {
                // Input errors are reported but not timed against the target.
                eprintln!("everyday: {name} on {} exited {code:?}", input.display());
                continue;
            }
            let label = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if ms > TARGET_MS {
                n_over += 1;
                over.push(format!("{name}: {label} {ms:.1} ms"));
            }
            if ms > slowest.0 {
                slowest = (ms, label);
            }
            medians.push(ms);
        }
        println!(
            "| `{name}` | {} | {:.1} | {:.1} ({}) | {n_over} |",
            medians.len(),
            median(medians.clone()),
            slowest.0,
            slowest.1
        );
    }
    if !over.is_empty() {
        println!();
        println!("over {TARGET_MS} ms:");
        for o in over {
            println!("- {o}");
        }
    }
}
