//! Embeds the rule examples (`migrations-examples/<id>/{before,after}/...`) into the binary so that
//! `syncplan rules ID` can show them anywhere.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, base, out);
        } else if p.is_file() {
            let rel = p.strip_prefix(base).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            out.push((rel, p));
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let ex = root.join("migrations-examples");
    println!("cargo:rerun-if-changed=migrations-examples");
    let mut code = String::from("pub static EXAMPLES: &[Example] = &[\n");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&ex)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for d in dirs {
        let name = d
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = write!(code, "    Example {{ name: {name:?}, ");
        for side in ["before", "after"] {
            let mut v = Vec::new();
            files(&d.join(side), &d.join(side), &mut v);
            let _ = write!(code, "{side}: &[");
            for (rel, p) in v {
                let _ = write!(code, "({rel:?}, include_str!({:?})), ", p.to_string_lossy());
            }
            let _ = write!(code, "], ");
        }
        let renames = d.join("renames.txt");
        if renames.is_file() {
            let _ = write!(code, "renames: Some(include_str!({:?})), ", renames.to_string_lossy());
        } else {
            code.push_str("renames: None, ");
        }
        code.push_str("},\n");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("examples.rs");
    let _ = std::fs::write(out, code);
}
