//! Parse-only floors for `syncplan infer` (benches/infer_bench.sh runs this next to `syncplan infer`
//! and the other tools): the same bytes, streamed from the file like `syncplan infer` does,
//! - `.bson`: each document walked with the `bson` crate's `RawDocument` iterator (every
//!   element's value read, nested documents and arrays recursed into);
//! - anything else: each line parsed by `serde_json` into `IgnoredAny`.
//!
//! Nothing is inferred: this is what reading and validating the input costs on one core.
//!
//! `cargo bench --bench infer_floor -- FILE...` prints one line per file:
//! `FILE<TAB>floor<TAB>documents<TAB>seconds`.

use std::io::{BufRead, BufReader, Read};
use std::time::Instant;

use bson::RawDocument;
use bson::raw::RawBsonRef;

fn walk(d: &RawDocument) -> Result<u64, String> {
    let mut n = 0;
    for el in d.iter() {
        let (_, v) = el.map_err(|e| e.to_string())?;
        n += 1;
        match v {
            RawBsonRef::Document(x) => n += walk(x)?,
            RawBsonRef::Array(a) => {
                for e in a {
                    match e.map_err(|e| e.to_string())? {
                        RawBsonRef::Document(x) => n += walk(x)?,
                        RawBsonRef::Array(x) => {
                            n += walk(RawDocument::from_bytes(x.as_bytes()).map_err(|e| e.to_string())?)?
                        }
                        _ => n += 1,
                    }
                }
            }
            _ => {}
        }
    }
    Ok(n)
}

fn run(f: &str) -> Result<(&'static str, u64), String> {
    let file = std::fs::File::open(f).map_err(|e| format!("{f}: {e}"))?;
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    let mut docs = 0u64;
    if f.ends_with(".bson") {
        loop {
            let mut len = [0u8; 4];
            match r.read_exact(&mut len) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(e.to_string()),
            }
            let n = i32::from_le_bytes(len) as usize;
            buf.clear();
            buf.extend_from_slice(&len);
            buf.resize(n.max(4), 0);
            r.read_exact(&mut buf[4..]).map_err(|e| e.to_string())?;
            walk(RawDocument::from_bytes(&buf).map_err(|e| e.to_string())?)?;
            docs += 1;
        }
        Ok(("bson RawDocument walk", docs))
    } else {
        loop {
            buf.clear();
            if r.read_until(b'\n', &mut buf).map_err(|e| e.to_string())? == 0 {
                break;
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let _: serde::de::IgnoredAny = serde_json::from_slice(&buf).map_err(|e| e.to_string())?;
            docs += 1;
        }
        Ok(("serde_json IgnoredAny", docs))
    }
}

fn main() -> Result<(), String> {
    let files: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        eprintln!("usage: cargo bench --bench infer_floor -- FILE...");
        return Ok(());
    }
    for f in files {
        let t = Instant::now();
        let (what, docs) = run(&f)?;
        println!("{f}\t{what}\t{docs}\t{:.3}", t.elapsed().as_secs_f64());
    }
    Ok(())
}
