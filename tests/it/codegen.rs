#![cfg(feature = "sdk-sources")]
//! Client model code generation (`syncplan::codegen`) for the Realm SDKs (Java included):
//! - snapshots of every SDK's output for one rich model (`tests/codegen/rich_model.json`, every
//!   property shape) in `snapshots/codegen__<sdk>.snap`, and of the warnings;
//! - every generated file parses with a real tree-sitter grammar (no ERROR or MISSING node), for
//!   the rich model, a hostile model (keywords, odd names, invalid constructs) and every Realm
//!   model under `migrations-examples/`;
//! - the TypeScript output type-checks against the real `realm` v12 typings with `tsc`, when
//!   `node` and `npm` are installed (skipped with a note otherwise).

use std::path::{Path, PathBuf};
use std::process::Command;

use syncplan::codegen::{self, Sdk};
use syncplan::model::Schema;

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn load(path: &Path) -> Schema {
    match syncplan::load::load_file(path) {
        Ok(l) => l.schema,
        Err(e) => panic!("cannot load {}: {e}", path.display()),
    }
}

fn rich() -> Schema {
    load(&Path::new(CRATE).join("tests/codegen/rich_model.json"))
}

fn hostile() -> Schema {
    load(&Path::new(CRATE).join("tests/codegen/hostile_model.json"))
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn snapshots_of_the_rich_model() {
    let schema = rich();
    for sdk in Sdk::ALL {
        snapshot(&format!("codegen__{}", sdk.name()), &codegen::generate(&schema, sdk));
    }
}

#[test]
fn warnings_of_the_rich_model() {
    let schema = rich();
    let mut text = String::new();
    for sdk in Sdk::ALL {
        text.push_str(&format!("== {} ({})\n", sdk.display(), sdk.file_name()));
        for (path, message) in codegen::warnings(&schema, sdk) {
            text.push_str(&format!("{path}: {message}\n"));
        }
    }
    snapshot("codegen__warnings", &text);
}

#[test]
fn generation_is_deterministic_and_warnings_match_the_comments() {
    for schema in [rich(), hostile()] {
        for sdk in Sdk::ALL {
            let code = codegen::generate(&schema, sdk);
            assert_eq!(code, codegen::generate(&schema.clone(), sdk), "{sdk:?}");
            for (path, message) in codegen::warnings(&schema, sdk) {
                let one_line: String = message.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                let shown = one_line.trim_end().trim_end_matches('\\');
                assert!(
                    code.contains(shown),
                    "{sdk:?}: warning for {path} not in the code: {message}"
                );
            }
        }
    }
}

#[test]
fn property_declarations_appear_in_the_generated_code() {
    let schema = rich();
    for sdk in Sdk::ALL {
        let code = codegen::generate(&schema, sdk);
        for t in schema.types.values() {
            for p in t.properties.values() {
                let decl = codegen::property_declaration(&schema, t, p, sdk);
                assert!(!decl.is_empty() && !decl.ends_with('\n'));
                for line in decl.lines() {
                    assert!(
                        code.lines().any(|l| l.trim_start() == line),
                        "{sdk:?} {}.{}: line {line:?} not in the generated code",
                        t.name,
                        p.name
                    );
                }
            }
        }
    }
}

#[test]
fn sdk_names() {
    let names: Vec<&str> = Sdk::ALL.iter().map(|s| s.name()).collect();
    assert_eq!(names, ["swift", "kotlin", "js", "ts", "dart", "csharp", "cpp", "java"]);
    assert_eq!(Sdk::Java.file_name(), "Models.java");
    assert_eq!(Sdk::Dart.file_name(), "models.dart");
    assert_eq!(Sdk::Csharp.display(), "C#/.NET");
    assert_eq!(serde_json::to_string(&Sdk::Csharp).ok().as_deref(), Some("\"csharp\""));
}

#[test]
fn hostile_names_are_renamed_and_warned() {
    let schema = hostile();
    let dart = codegen::warnings(&schema, Sdk::Dart);
    assert!(
        dart.iter()
            .any(|(p, m)| p == "List.class" && m.contains("reserved word")),
        "{dart:#?}"
    );
    assert!(
        dart.iter().any(|(p, m)| p == "List" && m.contains("@MapTo")),
        "{dart:#?}"
    );
    let cpp = codegen::warnings(&schema, Sdk::Cpp);
    assert!(
        cpp.iter()
            .any(|(p, m)| p == "List.class" && m.contains("persisted name changes")),
        "{cpp:#?}"
    );
    assert!(cpp.iter().any(|(p, _)| p == "class.selfLinks"), "{cpp:#?}");
    let ts = codegen::warnings(&schema, Sdk::Ts);
    assert!(
        ts.iter().any(|(p, m)| p == "List.keys" && m.contains("mapped")),
        "{ts:#?}"
    );
    for sdk in Sdk::ALL {
        let w = codegen::warnings(&schema, sdk);
        assert!(
            w.iter()
                .any(|(p, m)| p == "List.badSet" && m.contains("generated as a list")),
            "{sdk:?}"
        );
        assert!(
            w.iter().any(|(p, m)| p == "List.missing" && m.contains("not declared")),
            "{sdk:?}"
        );
        assert!(
            w.iter().any(|(p, _)| p == "Date.when"),
            "{sdk:?}: primary key on an embedded type"
        );
    }
    let swift = codegen::generate(&schema, Sdk::Swift);
    assert!(swift.contains("@Persisted var `class`: String"), "{swift}");
    assert!(
        swift.contains("override class func _realmObjectName() -> String? {\n        \"List\"\n    }"),
        "{swift}"
    );
    let kotlin = codegen::generate(&schema, Sdk::Kotlin);
    assert!(kotlin.contains("var `fun`: String = \"\""), "{kotlin}");
    let csharp = codegen::generate(&schema, Sdk::Csharp);
    assert!(
        csharp.contains("public partial class @class : IRealmObject"),
        "{csharp}"
    );
}

// ------------------------------------------------------------------------------------------------
// Parsing with real grammars

fn language(sdk: Sdk) -> tree_sitter::Language {
    match sdk {
        Sdk::Swift => tree_sitter_swift::LANGUAGE.into(),
        Sdk::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
        Sdk::Js => tree_sitter_javascript::LANGUAGE.into(),
        Sdk::Ts => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Sdk::Dart => tree_sitter_dart::LANGUAGE.into(),
        Sdk::Csharp => tree_sitter_c_sharp::LANGUAGE.into(),
        Sdk::Cpp => tree_sitter_cpp::LANGUAGE.into(),
        Sdk::Java => tree_sitter_java::LANGUAGE.into(),
    }
}

/// The first ERROR or MISSING node, as "line:col: kind `text`".
fn first_problem(node: tree_sitter::Node, src: &str) -> Option<String> {
    if node.is_error() || node.is_missing() {
        let p = node.start_position();
        let text = src
            .get(node.byte_range())
            .unwrap_or("")
            .chars()
            .take(80)
            .collect::<String>();
        let what = if node.is_missing() {
            format!("MISSING {}", node.kind())
        } else {
            "ERROR".to_string()
        };
        return Some(format!("{}:{}: {what} `{text}`", p.row + 1, p.column + 1));
    }
    if !node.has_error() {
        return None;
    }
    let mut cursor = node.walk();
    let children: Vec<tree_sitter::Node> = node.children(&mut cursor).collect();
    children.into_iter().find_map(|c| first_problem(c, src))
}

fn assert_parses(sdk: Sdk, what: &str, code: &str) {
    let mut parser = tree_sitter::Parser::new();
    if let Err(e) = parser.set_language(&language(sdk)) {
        panic!("{sdk:?}: grammar not loadable: {e}");
    }
    let Some(tree) = parser.parse(code, None) else {
        panic!("{sdk:?}: no parse tree for {what}");
    };
    let root = tree.root_node();
    if let Some(problem) = first_problem(root, code) {
        let numbered: String = code
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{:4} {l}\n", i + 1))
            .collect();
        panic!("{} ({what}) does not parse: {problem}\n{numbered}", sdk.display());
    }
    assert!(!root.has_error());
}

/// Every JSON/YAML file under `migrations-examples/` that `load::detect` calls a Realm model.
fn realm_model_examples() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")) {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(CRATE).join("migrations-examples"), &mut files);
    files
        .into_iter()
        .filter(|p| {
            syncplan::load::read_document(p, None)
                .ok()
                .is_some_and(|n| syncplan::load::detect(&n) == Some(syncplan::load::InputKind::RealmModel))
        })
        .collect()
}

#[test]
fn generated_code_parses_with_real_grammars() {
    let mut models = vec![
        ("rich_model.json".to_string(), rich()),
        ("hostile_model.json".to_string(), hostile()),
    ];
    let examples = realm_model_examples();
    assert!(!examples.is_empty(), "no Realm model under migrations-examples/");
    for p in examples {
        let shown = p.strip_prefix(CRATE).unwrap_or(&p).display().to_string();
        // A model the loader refuses is the loader tests' business, not codegen's.
        if let Ok(l) = syncplan::load::load_file(&p) {
            models.push((shown, l.schema));
        }
    }
    // SYNCPLAN_CODEGEN_DUMP=<dir> writes every generated file there, for reading them.
    let dump = std::env::var_os("SYNCPLAN_CODEGEN_DUMP").map(PathBuf::from);
    for (what, schema) in &models {
        for sdk in Sdk::ALL {
            let code = codegen::generate(schema, sdk);
            if let Some(dir) = &dump {
                let name = format!("{}.{}", what.replace(['/', '\\'], "_"), sdk.file_name());
                let _ = std::fs::create_dir_all(dir);
                let _ = std::fs::write(dir.join(name), &code);
            }
            assert_parses(sdk, what, &code);
        }
    }
}

/// The parse check has teeth: each grammar reports broken code.
#[test]
fn the_grammars_reject_broken_code() {
    let schema = rich();
    for sdk in Sdk::ALL {
        let code = codegen::generate(&schema, sdk);
        // Drop the last closing brace of the file.
        let Some(cut) = code.rfind('}') else {
            panic!("{sdk:?}: no brace in the generated code");
        };
        let broken = format!("{}{}", &code[..cut], &code[cut + 1..]);
        let mut parser = tree_sitter::Parser::new();
        if let Err(e) = parser.set_language(&language(sdk)) {
            panic!("{sdk:?}: {e}");
        }
        let Some(tree) = parser.parse(&broken, None) else {
            panic!("{sdk:?}: no tree");
        };
        assert!(
            first_problem(tree.root_node(), &broken).is_some(),
            "{sdk:?} accepted broken code"
        );
    }
}

#[test]
fn an_empty_schema_still_gives_valid_files() {
    let schema = Schema::new(syncplan::model::Side::Client);
    for sdk in Sdk::ALL {
        assert_parses(sdk, "empty schema", &codegen::generate(&schema, sdk));
        assert!(codegen::warnings(&schema, sdk).is_empty());
    }
}

// ------------------------------------------------------------------------------------------------
// TypeScript against the real `realm` typings

#[test]
fn typescript_output_type_checks_against_realm_12() {
    let modules = crate::support::require_node(&["realm", "typescript"]);
    let dir = Path::new(CRATE).join("target/tsc-check");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    // tsc resolves `realm` from the nearest node_modules upwards: point one at tests/node's.
    let link = dir.join("node_modules");
    if !link.exists() {
        #[cfg(unix)]
        if let Err(e) = std::os::unix::fs::symlink(&modules, &link) {
            panic!("cannot link {} to {}: {e}", link.display(), modules.display());
        }
    }
    let tsc = modules.join("typescript/bin/tsc");
    for (file, schema) in [("models.ts", rich()), ("hostile.ts", hostile_compilable())] {
        if let Err(e) = std::fs::write(dir.join(file), codegen::generate(&schema, Sdk::Ts)) {
            panic!("cannot write {file}: {e}");
        }
        // Only the model file and what it imports: no ambient `@types/*` (tests/node holds an old
        // @types/node for another package, which conflicts with TypeScript's own lib).
        let config = format!(
            "{{\"compilerOptions\": {{\"noEmit\": true, \"strict\": true, \"target\": \"es2020\", \"moduleResolution\": \"node\", \"esModuleInterop\": true, \"experimentalDecorators\": true, \"types\": []}}, \"files\": [\"{file}\"]}}\n"
        );
        let config_file = format!("tsconfig.{file}.json");
        if let Err(e) = std::fs::write(dir.join(&config_file), config) {
            panic!("cannot write {config_file}: {e}");
        }
        let out = Command::new("node")
            .arg(&tsc)
            .args(["-p", &config_file])
            .current_dir(&dir)
            .output();
        match out {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!(
                "tsc rejected {} ({}):\n{}{}",
                file,
                dir.display(),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => panic!("cannot run tsc: {e}"),
        }
    }
}

/// The JavaScript output is valid for node itself (`node --check` on an ES module).
#[test]
fn javascript_output_passes_node_check() {
    crate::support::require_node(&[]);
    let dir = Path::new(CRATE).join("target/tsc-check");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    for (file, schema) in [("models.mjs", rich()), ("hostile.mjs", hostile())] {
        let path = dir.join(file);
        if let Err(e) = std::fs::write(&path, codegen::generate(&schema, Sdk::Js)) {
            panic!("cannot write {}: {e}", path.display());
        }
        match Command::new("node").arg("--check").arg(&path).output() {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!("node --check rejected {file}:\n{}", String::from_utf8_lossy(&o.stderr)),
            Err(e) => panic!("cannot run node: {e}"),
        }
    }
}

/// The hostile model less what cannot compile in any language (references to undeclared types).
fn hostile_compilable() -> Schema {
    let mut s = hostile();
    if let Some(t) = s.types.get_mut("List") {
        t.properties.remove("missing");
        t.properties.remove("dangling");
    }
    s
}

/// The code inside the first fenced block of `md`.
fn fenced(md: &str) -> &str {
    let start = md
        .find("```")
        .map(|i| i + md[i..].find('\n').unwrap_or(0) + 1)
        .unwrap_or(0);
    let end = md[start..].find("\n```").map_or(md.len(), |e| start + e);
    &md[start..end]
}

/// #13 item 11: every SDK's client-reset handler parses with its grammar, for Flexible Sync and
/// partition-based apps, and carries the manual fallback the docs require (a breaking change makes
/// every automatic mode fall back to it): Swift's sync error handler with
/// `SyncSession.immediatelyHandleError`, C++'s sync error handler, the others' fallback callback.
#[test]
fn client_reset_handlers_parse_and_carry_the_manual_fallback() {
    use syncplan::plan::sdk::client_reset;
    for sdk in Sdk::ALL {
        for partition in [false, true] {
            let md = client_reset(sdk, partition);
            let code = fenced(&md)
                .replace("\"<partition value>\"", "\"p\"")
                .replace("<partition value>", "\"p\"");
            // Statements: C++ and Java need a function around them.
            let unit = match sdk {
                Sdk::Cpp => format!("void open(realm::user user) {{\n{code}\n}}\n"),
                Sdk::Java => format!("class Open {{\n  void open(User user) {{\n{code}\n  }}\n}}\n"),
                _ => code.clone(),
            };
            assert_parses(sdk, &format!("client reset (partition: {partition})"), &unit);
            let fallback = match sdk {
                Sdk::Swift => "SyncSession.immediatelyHandleError(clientResetToken",
                Sdk::Cpp => "set_error_handler(",
                Sdk::Kotlin | Sdk::Java => "onManualResetFallback(",
                Sdk::Dart => "onManualResetFallback:",
                Sdk::Csharp => "ManualResetFallback =",
                Sdk::Js | Sdk::Ts => "onFallback:",
            };
            assert!(code.contains(fallback), "{sdk:?}: no manual fallback in\n{code}");
        }
    }
}

/// The clientfix review: every SDK's "open the synced realm" snippet (Flexible Sync, and
/// partition-based where the SDK has it) and its realm-file deletion, for both sync modes, parse
/// with the SDK's grammar.
#[test]
fn open_and_discard_snippets_parse_for_both_sync_modes() {
    use syncplan::plan::sdk::{discard_realm, open_config};
    let mut partition_forms = 0;
    for sdk in Sdk::ALL {
        for partition in [false, true] {
            let mut snippets = Vec::new();
            if let Some(open) = open_config(sdk, partition) {
                snippets.push(("open", open.to_string()));
                partition_forms += usize::from(partition);
            }
            if let Some(md) = discard_realm(sdk, partition) {
                snippets.push(("discard", fenced(&md).to_string()));
            }
            for (what, code) in snippets {
                let code = code
                    .replace("\"<partition value>\"", "\"p\"")
                    .replace("<partition value>", "\"p\"");
                let unit = match sdk {
                    Sdk::Cpp => format!("void open(realm::user user) {{\n{code}\n}}\n"),
                    Sdk::Java => format!("class Open {{\n  void open(User user) {{\n{code}\n  }}\n}}\n"),
                    Sdk::Csharp => format!("class Open {{\n  void M(User user) {{\n{code}\n  }}\n}}\n"),
                    Sdk::Dart => format!("void open(User user) {{\n{code}\n}}\n"),
                    _ => code.clone(),
                };
                assert_parses(sdk, &format!("{what} (partition: {partition})"), &unit);
            }
        }
    }
    // Swift, Kotlin, JS, TS, .NET and Java open partition-based realms; Flutter and C++ do not.
    assert_eq!(partition_forms, 6);
}
