//! Scale benchmark for `syncplan diff` and `syncplan plan` (issues 4 and 7).
//!
//! Generates a pair of Realm JS models with N object types × 20 properties (plus links and
//! embedded objects) and ~0.3·N changes, runs the release binary on them, and prints
//! whole-process wall time and peak RSS (read by the binary itself from /proc/self/status when
//! SYNCPLAN_REPORT_PEAK_RSS=1). Run: `cargo bench --bench scale` (sizes via SCALE_SIZES=100,1000).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const PROPS: usize = 20;

fn model(n: usize, changed: bool) -> String {
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

fn run(bin: &str, args: &[&str]) -> (f64, u64, usize) {
    let t = Instant::now();
    let out = Command::new(bin)
        .args(args)
        .env("SYNCPLAN_REPORT_PEAK_RSS", "1")
        .output();
    let secs = t.elapsed().as_secs_f64();
    let Ok(out) = out else { return (secs, 0, 0) };
    let err = String::from_utf8_lossy(&out.stderr);
    let rss = err
        .lines()
        .find_map(|l| l.strip_prefix("syncplan: peak RSS "))
        .and_then(|v| v.trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0);
    (secs, rss, out.stdout.len())
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_syncplan");
    let sizes: Vec<usize> = std::env::var("SCALE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000, 10000]);
    let dir = std::env::temp_dir().join(format!("syncplan-scale-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    println!(
        "| object types | properties | findings | diff (s) | diff peak RSS (MB) | plan --sdk none (s) | peak RSS (MB) | plan --sdk swift (s) | plan, all 7 SDKs (s) | peak RSS (MB) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let old = dir.join(format!("old-{n}.json"));
        let new = dir.join(format!("new-{n}.json"));
        let _ = std::fs::write(&old, model(n, false));
        let _ = std::fs::write(&new, model(n, true));
        let (o, nw) = (old.to_string_lossy().into_owned(), new.to_string_lossy().into_owned());
        let findings = Command::new(bin)
            .args(["diff", &o, &nw, "--format", "json"])
            .output()
            .ok()
            .and_then(|out| serde_json::from_slice::<serde_json::Value>(&out.stdout).ok())
            .and_then(|v| v["findings"].as_array().map(|a| a.len()))
            .unwrap_or(0);
        // Best of 3 runs for time; RSS of the last.
        let best = |args: &[&str]| {
            let mut b = (f64::MAX, 0u64);
            for _ in 0..3 {
                let (t, r, _) = run(bin, args);
                if t < b.0 {
                    b.0 = t;
                }
                b.1 = r;
            }
            b
        };
        let (dt, drss) = best(&["diff", &o, &nw, "--format", "json", "--fail-on", "none"]);
        let (pt, prss) = best(&["plan", &o, &nw, "--format", "json", "--sdk", "none"]);
        let (st, _) = best(&["plan", &o, &nw, "--format", "json", "--sdk", "swift"]);
        let (at, arss) = best(&["plan", &o, &nw, "--format", "json"]);
        let props = n * (PROPS + 2) + 50.min(n) * 2;
        println!(
            "| {n} | {props} | {findings} | {dt:.3} | {:.1} | {pt:.3} | {:.1} | {st:.3} | {at:.3} | {:.1} |",
            drss as f64 / 1024.0,
            prss as f64 / 1024.0,
            arss as f64 / 1024.0
        );
    }
    if std::env::var_os("SCALE_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(Path::new(&dir));
    } else {
        eprintln!("inputs kept in {}", dir.display());
    }
}
