//! The import check of docs/architecture.md: the library's top-level modules form no cycle, and
//! every `crate::` path points at a module in the same or a lower layer of the table there. A new
//! module must be placed in a layer before the tests pass. (`super::` never leaves a top-level
//! module in this code base: its files reach other modules through `crate::`.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::CRATE;

/// `layer → modules` from the fenced block after `## Layers` in docs/architecture.md.
fn layers() -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string(Path::new(CRATE).join("docs/architecture.md")).unwrap();
    let start = doc
        .find("## Layers")
        .expect("docs/architecture.md has a `## Layers` section");
    let block = &doc[start..];
    let open = block.find("```text\n").expect("a ```text block under ## Layers") + "```text\n".len();
    let close = open + block[open..].find("```").unwrap();
    block[open..close]
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(_, mods)| mods.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// Top-level module of each `src/` file (`src/plan/sdk/js.rs` → `plan`; `lib.rs` and the
/// binary's `main.rs`/`cli/` are left out: they sit above every layer).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main" | "cli")).then_some(name)
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Code without its unit tests (the `#[cfg(test)] mod tests` block, last in a file, as clippy's
/// `items_after_test_module` keeps it) and without comments (line and doc comments; string
/// contents stay, which at worst adds an edge, never hides one).
fn code(text: &str) -> String {
    let text = text.find("#[cfg(test)]\nmod tests").map_or(text, |i| &text[..i]);
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Module → the top-level modules it names through `crate::X` (and `use crate::{X, ..}`).
fn edges(known: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(CRATE).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let Some(m) = module_of(rel) else { continue };
        let text = code(&std::fs::read_to_string(&f).unwrap());
        let mut i = 0;
        while let Some(k) = text[i..].find("crate::") {
            let at = i + k + "crate::".len();
            let before = text[..i + k].chars().last();
            i = at;
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `syncplan_crate::`, not ours
            }
            let name: String = text[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if known.contains(&name) && name != m {
                out.entry(m.clone()).or_default().insert(name);
            }
        }
        // `use crate::{a, b::c}` groups.
        let mut j = 0;
        while let Some(k) = text[j..].find("crate::{") {
            let at = j + k + "crate::{".len();
            j = at;
            let mut depth = 1;
            let mut end = at;
            for (n, c) in text[at..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = at + n;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let mut depth = 0;
            let mut head = String::new();
            for c in text[at..end].chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let name = head.trim().split("::").next().unwrap_or("").to_string();
                        if known.contains(&name) && name != m {
                            out.entry(m.clone()).or_default().insert(name);
                        }
                        head.clear();
                        continue;
                    }
                    _ => {}
                }
                head.push(c);
            }
            let name = head.trim().split("::").next().unwrap_or("").to_string();
            if known.contains(&name) && name != m {
                out.entry(m.clone()).or_default().insert(name);
            }
        }
    }
    out
}

fn known_modules() -> BTreeSet<String> {
    let src = Path::new(CRATE).join("src");
    std::fs::read_dir(&src)
        .unwrap()
        .flatten()
        .filter_map(|e| module_of(Path::new(&e.file_name())))
        .collect()
}

#[test]
fn every_module_is_in_a_layer_and_imports_only_downwards() {
    let layers = layers();
    let mut layer_of: BTreeMap<String, usize> = BTreeMap::new();
    for (i, mods) in layers.iter().enumerate() {
        for m in mods {
            assert!(layer_of.insert(m.clone(), i).is_none(), "{m} is in two layers");
        }
    }
    let known = known_modules();
    let missing: Vec<&String> = known.iter().filter(|m| !layer_of.contains_key(*m)).collect();
    assert!(
        missing.is_empty(),
        "modules missing from docs/architecture.md ## Layers: {missing:?}"
    );
    let stale: Vec<&String> = layer_of.keys().filter(|m| !known.contains(*m)).collect();
    assert!(
        stale.is_empty(),
        "docs/architecture.md ## Layers names modules that do not exist: {stale:?}"
    );
    let mut upward = Vec::new();
    for (from, tos) in edges(&known) {
        for to in tos {
            if layer_of[&to] > layer_of[&from] {
                upward.push(format!(
                    "{from} (layer {}) → {to} (layer {})",
                    layer_of[&from], layer_of[&to]
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the layers of docs/architecture.md:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_modules_form_no_cycle() {
    let known = known_modules();
    let g = edges(&known);
    // Kahn's algorithm: whatever cannot be removed lies on a cycle.
    let mut indeg: BTreeMap<&String, usize> = known.iter().map(|m| (m, 0)).collect();
    for tos in g.values() {
        for t in tos {
            *indeg.get_mut(t).unwrap() += 1;
        }
    }
    let mut ready: Vec<&String> = indeg.iter().filter(|(_, d)| **d == 0).map(|(m, _)| *m).collect();
    let mut removed = BTreeSet::new();
    while let Some(m) = ready.pop() {
        removed.insert(m.clone());
        for t in g.get(m).into_iter().flatten() {
            let d = indeg.get_mut(t).unwrap();
            *d -= 1;
            if *d == 0 {
                ready.push(t);
            }
        }
    }
    let cyclic: Vec<String> = known
        .iter()
        .filter(|m| !removed.contains(*m))
        .map(|m| {
            format!(
                "{m} → {:?}",
                g.get(m)
                    .map(|t| t.iter().filter(|x| !removed.contains(*x)).collect::<Vec<_>>())
            )
        })
        .collect();
    assert!(cyclic.is_empty(), "module cycles:\n{}", cyclic.join("\n"));
}

/// The library neither parses command lines nor prints nor exits: clap lives in `src/cli/`, and
/// the only output outside it is the Ctrl-C handler's last line (`output.rs`, which must exit the
/// process) and `infer`'s progress line on a terminal (`infer/input.rs`).
#[test]
fn the_library_has_no_clap_and_prints_only_where_said() {
    let src = Path::new(CRATE).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let allowed_output = ["output.rs", "infer/input.rs"];
    let mut bad = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if rel == "main.rs" || rel.starts_with("cli/") {
            continue;
        }
        let text = code(&std::fs::read_to_string(&f).unwrap());
        if text.contains("clap::") {
            bad.push(format!("{rel}: uses clap"));
        }
        let prints = ["println!", "eprintln!", "print!(", "eprint!(", "process::exit"]
            .iter()
            .any(|p| text.contains(p));
        if prints && !allowed_output.contains(&rel.as_str()) {
            bad.push(format!("{rel}: prints or exits"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
