#![cfg(feature = "sdk-sources")]
//! Client models read straight from SDK source code (`syncplan::source`):
//! - round trip: for every Realm model under `migrations-examples/` and `tests/codegen/rich_model.json`,
//!   `codegen::generate` for each SDK, read back, equals the original model once the facets the SDK
//!   cannot express (what `codegen::warnings` reports, and each SDK's naming convention) are
//!   normalised;
//! - hand-written, idiomatic model files per SDK under `tests/sources/<sdk>/` (written the way each
//!   SDK's documentation shows models): what is read from them is snapshotted in
//!   `snapshots/sources__<sdk>.snap` (the model listing plus the findings);
//! - folders: language detection, skipped directories, a folder mixing languages is an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use syncplan::codegen::{self, Sdk};
use syncplan::model::{Collection, Element, Property, PropertyType, ScalarType, Schema};

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn load(path: &Path) -> Schema {
    match syncplan::load::load_file(path) {
        Ok(l) => l.schema,
        Err(e) => panic!("cannot load {}: {e}", path.display()),
    }
}

/// Every JSON/YAML file under `migrations-examples/` that is a Realm model, plus the rich model.
fn models() -> Vec<(String, Schema)> {
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
    let mut out = vec![(
        "tests/codegen/rich_model.json".to_string(),
        load(&Path::new(CRATE).join("tests/codegen/rich_model.json")),
    )];
    for p in files {
        let is_realm = syncplan::load::read_document(&p, None)
            .ok()
            .is_some_and(|n| syncplan::load::detect(&n) == Some(syncplan::load::InputKind::RealmModel));
        if !is_realm {
            continue;
        }
        if let Ok(l) = syncplan::load::load_file(&p) {
            let shown = p.strip_prefix(CRATE).unwrap_or(&p).display().to_string();
            out.push((shown, l.schema));
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Normalising a model to what an SDK can express

fn pascal(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut cs = part.chars();
        if let Some(f) = cs.next() {
            out.extend(f.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    out
}

/// The text between the first pair of backticks after `marker`.
fn ticked_after<'a>(msg: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &msg[msg.find(marker)? + marker.len()..];
    let start = rest.find('`')? + 1;
    let end = rest[start..].find('`')? + start;
    Some(&rest[start..end])
}

fn map_scalars(p: &mut Property, f: impl Fn(ScalarType, Collection) -> ScalarType) {
    if let PropertyType::Value {
        collection,
        element: Element::Scalar(s),
    } = &mut p.ty
    {
        *s = f(*s, *collection);
    }
}

/// Locations and versions never survive a round trip: cleared on both sides.
fn strip(s: &mut Schema) {
    s.schema_version = None;
    for t in s.types.values_mut() {
        t.location = None;
        for p in t.properties.values_mut() {
            p.location = None;
        }
    }
}

/// The model `sdk` can express, as the reader reads it back.
fn expressible(original: &Schema, sdk: Sdk) -> Schema {
    let warnings = codegen::warnings(original, sdk);
    let mut s = original.clone();
    strip(&mut s);
    // Backlinks name their origin by persisted name once read.
    let origins: BTreeMap<(String, String), String> = s
        .types
        .values()
        .flat_map(|t| {
            t.properties
                .values()
                .map(move |p| ((t.name.clone(), p.public_name().to_string()), p.name.clone()))
        })
        .collect();
    for t in s.types.values_mut() {
        let pk = t.primary_key.clone();
        for p in t.properties.values_mut() {
            if let PropertyType::LinkingObjects { object_type, property } = &mut p.ty
                && let Some(persisted) = origins.get(&(object_type.clone(), property.clone()))
            {
                *property = persisted.clone();
            }
            if pk.as_deref() == Some(p.name.as_str()) {
                p.indexed = false; // a primary key is indexed anyway; no SDK writes both
            }
            if p.default.as_ref().is_some_and(|d| d.is_null()) {
                p.default = None;
            }
            let numeric_float = matches!(
                p.ty,
                PropertyType::Value {
                    collection: Collection::Single,
                    element: Element::Scalar(ScalarType::Float | ScalarType::Double),
                }
            );
            if numeric_float && let Some(f) = p.default.as_ref().and_then(|d| d.as_f64()) {
                p.default = serde_json::Number::from_f64(f).map(serde_json::Value::Number);
            }
        }
    }
    // What the generator warned about.
    let mut client_names: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
    let mut prop_renames: Vec<(String, String, String)> = Vec::new();
    let mut type_renames: Vec<(String, String)> = Vec::new();
    for (path, msg) in &warnings {
        if msg.contains("generated as a top-level class")
            && let Some(t) = s.types.get_mut(path)
        {
            t.kind = syncplan::model::ObjectKind::TopLevel;
        }
        let Some((tn, pn)) = path.split_once('.') else {
            if let Some(new) = ticked_after(msg, "struct ")
                && msg.contains("no class remapping")
            {
                type_renames.push((path.clone(), new.to_string()));
            }
            continue;
        };
        let Some(t) = s.types.get_mut(tn) else { continue };
        if msg.contains("primary key is left out") {
            t.primary_key = None;
        }
        let Some(p) = t.properties.get_mut(pn) else { continue };
        if msg.contains("the default is left out") {
            p.default = None;
        }
        if msg.contains("no counter type") || msg.contains("counters are not allowed inside collections") {
            map_scalars(p, |s, _| if s == ScalarType::Counter { ScalarType::Int } else { s });
        }
        if msg.contains("no float type") {
            map_scalars(p, |s, _| if s == ScalarType::Float { ScalarType::Double } else { s });
        }
        if msg.contains("index is left out") {
            p.indexed = false;
        }
        if msg.contains("generated as a list")
            && let PropertyType::Value { collection, .. } = &mut p.ty
        {
            *collection = Collection::List;
        }
        if msg.contains("cannot be null: generated non-null") {
            p.optional = false;
        }
        if msg.contains("(its client name") || msg.contains("the member uses the persisted name") {
            client_names.insert((tn.to_string(), pn.to_string()), None);
        }
        if msg.contains("mapped to the persisted name")
            && let Some(new) = ticked_after(msg, "named ")
        {
            client_names.insert((tn.to_string(), pn.to_string()), Some(new.to_string()));
        }
        if msg.contains("persisted name changes")
            && let Some(new) = ticked_after(msg, "renamed to ")
        {
            prop_renames.push((tn.to_string(), pn.to_string(), new.to_string()));
        }
    }
    // Each SDK's naming convention for the code name.
    for t in s.types.values_mut() {
        let pk = t.primary_key.clone();
        for p in t.properties.values_mut() {
            let key = (t.name.clone(), p.name.clone());
            let code = match client_names.get(&key) {
                Some(explicit) => explicit.clone(),
                None => Some(match sdk {
                    Sdk::Dart => p.public_name().trim_start_matches('_').to_string(),
                    Sdk::Csharp => pascal(p.public_name()),
                    Sdk::Cpp => p.name.clone(),
                    Sdk::Js | Sdk::Ts if pk.as_deref() == Some(p.name.as_str()) => p.name.clone(),
                    _ => p.public_name().to_string(),
                }),
            };
            p.client_name = code.filter(|c| *c != p.name);
            if sdk == Sdk::Java
                && !p.optional
                && p.default.as_ref().is_some_and(|d| d.as_i64() == Some(0))
                && matches!(
                    p.ty,
                    PropertyType::Value {
                        collection: Collection::Single,
                        element: Element::Scalar(ScalarType::Counter),
                    }
                )
            {
                // A Java counter field is final and initialised: `valueOf(0)` is its empty value.
                p.default = None;
            }
            if sdk == Sdk::Kotlin && !p.optional {
                // Kotlin needs an initialiser: the empty value is not a default.
                let zero = p
                    .default
                    .as_ref()
                    .is_some_and(|d| d.as_f64() == Some(0.0) || d.as_str() == Some("") || d.as_bool() == Some(false));
                if zero {
                    p.default = None;
                }
            }
        }
    }
    for (tn, old, new) in prop_renames {
        let Some(t) = s.types.get_mut(&tn) else { continue };
        if let Some(mut p) = t.properties.remove(&old) {
            p.name = new.clone();
            p.client_name = None;
            t.properties.insert(new.clone(), p);
        }
        if t.primary_key.as_deref() == Some(old.as_str()) {
            t.primary_key = Some(new.clone());
        }
        for t in s.types.values_mut() {
            for p in t.properties.values_mut() {
                if let PropertyType::LinkingObjects { object_type, property } = &mut p.ty
                    && *object_type == tn
                    && *property == old
                {
                    *property = new.clone();
                }
            }
        }
    }
    for (old, new) in type_renames {
        if let Some(mut t) = s.types.remove(&old) {
            t.name = new.clone();
            s.types.insert(new.clone(), t);
        }
        for t in s.types.values_mut() {
            for p in t.properties.values_mut() {
                match &mut p.ty {
                    PropertyType::Value {
                        element: Element::Object(o),
                        ..
                    } if *o == old => *o = new.clone(),
                    PropertyType::LinkingObjects { object_type, .. } if *object_type == old => {
                        *object_type = new.clone()
                    }
                    _ => {}
                }
            }
        }
    }
    s
}

fn listing(s: &Schema) -> String {
    let mut out = String::new();
    for t in s.types.values() {
        out.push_str(&format!("{} {:?} pk={:?}\n", t.name, t.kind, t.primary_key));
        for p in t.properties.values() {
            out.push_str(&format!(
                "  {} client={:?} {} indexed={} default={:?}\n",
                p.name,
                p.client_name,
                syncplan::model::type_shorthand(&p.ty, p.optional),
                p.indexed,
                p.default
            ));
        }
    }
    out
}

#[test]
fn generated_code_reads_back_as_the_same_model() {
    let all = models();
    assert!(all.len() > 10, "too few models: {}", all.len());
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let mut failures = Vec::new();
    for (i, (what, schema)) in all.iter().enumerate() {
        for sdk in Sdk::ALL {
            let code = codegen::generate(schema, sdk);
            let dir = tmp.path().join(format!("{i}-{}", sdk.name()));
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
            let file = dir.join(sdk.file_name());
            std::fs::write(&file, &code).unwrap_or_else(|e| panic!("{e}"));
            let loaded = match syncplan::source::load_file(&file) {
                Ok(l) => l,
                Err(e) => {
                    failures.push(format!("{what} / {}: does not load: {e}\n{code}", sdk.name()));
                    continue;
                }
            };
            let mut back = loaded.schema.clone();
            strip(&mut back);
            let expected = expressible(schema, sdk);
            if back != expected {
                let diff = similar_lines(&listing(&expected), &listing(&back));
                failures.push(format!(
                    "{what} / {}: differs (- expected, + read back):\n{diff}",
                    sdk.name()
                ));
            }
            let unexpected: Vec<String> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.id.starts_with("source_") && d.id != "source_default_not_literal")
                .map(|d| format!("[{}] {} {:?}: {}", d.id, d.path, d.location, d.message))
                .collect();
            if !unexpected.is_empty() {
                failures.push(format!("{what} / {}: findings:\n{}", sdk.name(), unexpected.join("\n")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} round trips failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn similar_lines(a: &str, b: &str) -> String {
    let al: Vec<&str> = a.lines().collect();
    let bl: Vec<&str> = b.lines().collect();
    let mut out = String::new();
    for l in &al {
        if !bl.contains(l) {
            out.push_str(&format!("- {l}\n"));
        }
    }
    for l in &bl {
        if !al.contains(l) {
            out.push_str(&format!("+ {l}\n"));
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Hand-written models, as each SDK's documentation writes them

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// What `load` reads from a folder: the input kind, the model listing and every finding.
fn read_folder(rel: &str) -> String {
    // Relative to the crate root (the working directory of integration tests), so that the
    // locations in the snapshot do not depend on where the repository is checked out.
    let loaded = match syncplan::load::load_one(Path::new(rel)) {
        Ok(l) => l,
        Err(e) => panic!("{rel} does not load: {e}"),
    };
    let mut s = format!("{} ({})\n\nmodel:\n", loaded.root, loaded.kind);
    s.push_str(&syncplan::render::model_text::render(&loaded.schema));
    s.push_str("\nfindings:\n");
    if loaded.diagnostics.is_empty() {
        s.push_str("  none\n");
    }
    for d in &loaded.diagnostics {
        let at = d.location.as_ref().map(|l| l.to_string()).unwrap_or_default();
        s.push_str(&format!(
            "  [{}] {} {} at {at}: {}\n",
            d.severity, d.id, d.path, d.message
        ));
    }
    let mut validation = syncplan::validate::validate(&loaded.schema);
    syncplan::diagnostic::sort(&mut validation);
    s.push_str("\nvalidation:\n");
    if validation.is_empty() {
        s.push_str("  none\n");
    }
    for d in &validation {
        s.push_str(&format!("  [{}] {} {}: {}\n", d.severity, d.id, d.path, d.message));
    }
    s
}

/// The folder of an SDK's hand-written client (Java: `app/`, next to the matching `server/` export).
fn client_folder(sdk: &str) -> String {
    match sdk {
        "java" => "tests/sources/java/app".to_string(),
        _ => format!("tests/sources/{sdk}"),
    }
}

#[test]
fn hand_written_models_per_sdk() {
    for sdk in ["swift", "kotlin", "js", "ts", "dart", "csharp", "cpp", "java"] {
        let text = read_folder(&client_folder(sdk));
        snapshot(&format!("sources__{sdk}"), &text);
    }
}

// ------------------------------------------------------------------------------------------------
// Folders, errors, several clients

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
}

const SWIFT_TASK: &str = "import RealmSwift\n\nclass Task: Object {\n    @Persisted(primaryKey: true) var _id: ObjectId\n    @Persisted var name: String\n}\n";
const KOTLIN_TASK: &str =
    "import io.realm.kotlin.types.RealmObject\n\nclass Task : RealmObject {\n    var name: String = \"\"\n}\n";

#[test]
fn a_folder_mixing_languages_is_an_error() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(tmp.path(), "ios/Task.swift", SWIFT_TASK);
    write(tmp.path(), "android/Task.kt", KOTLIN_TASK);
    let e = match syncplan::load::load(tmp.path()) {
        Ok(l) => panic!("loaded {} models from a mixed folder", l.len()),
        Err(e) => e,
    };
    assert!(e.message.contains("several languages"), "{e}");
    assert!(e.message.contains("Swift") && e.message.contains("Kotlin"), "{e}");
    // Each client folder on its own loads.
    let ios = syncplan::load::load_one(&tmp.path().join("ios")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ios.kind.to_string(), "SDK source (Swift)");
    assert!(ios.schema.types.contains_key("Task"));
}

#[test]
fn skipped_folders_and_files_without_models() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(tmp.path(), "app/node_modules/lib/Task.swift", SWIFT_TASK);
    write(tmp.path(), "app/.build/Task.swift", SWIFT_TASK);
    write(
        tmp.path(),
        "app/Sources/View.swift",
        "import SwiftUI\nstruct V: View { var body: some View { Text(\"x\") } }\n",
    );
    // No model anywhere that is walked: not a client folder.
    let e = match syncplan::load::load(&tmp.path().join("app")) {
        Ok(_) => panic!("a folder without models loaded"),
        Err(e) => e,
    };
    assert!(e.message.contains("no App Services app found"), "{e}");
    // A source file named explicitly but holding no model is an error too.
    let e = match syncplan::load::load_file(&tmp.path().join("app/Sources/View.swift")) {
        Ok(_) => panic!("a file without models loaded"),
        Err(e) => e,
    };
    assert!(e.message.contains("no Realm model classes"), "{e}");
}

#[test]
fn loading_is_deterministic() {
    for sdk in ["swift", "kotlin", "js", "ts", "dart", "csharp", "cpp", "java"] {
        let a = read_folder(&client_folder(sdk));
        let b = read_folder(&client_folder(sdk));
        assert_eq!(a, b, "{sdk}");
    }
}

/// One model written for every SDK: the clients agree with each other, except where an SDK
/// cannot express the model (Dart and C++ have no float, so those properties become double; C++
/// cannot remap the keyword-named properties).
#[test]
fn clients_generated_from_one_model_agree() {
    let schema = load(&Path::new(CRATE).join("tests/codegen/rich_model.json"));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut loaded = Vec::new();
    for sdk in Sdk::ALL {
        let file = tmp.path().join(sdk.name()).join(sdk.file_name());
        write(
            tmp.path(),
            &format!("{}/{}", sdk.name(), sdk.file_name()),
            &codegen::generate(&schema, sdk),
        );
        let l = syncplan::load::load_one(&file).unwrap_or_else(|e| panic!("{sdk:?}: {e}"));
        loaded.push((sdk.name().to_string(), l.schema));
    }
    let all: Vec<(String, &Schema)> = loaded.iter().map(|(l, s)| (l.clone(), s)).collect();
    let found = syncplan::check::compare_clients(&all);
    let shown: Vec<String> = found
        .iter()
        .map(|d| format!("[{}] {}: {}", d.id, d.path, d.message))
        .collect();
    for d in &found {
        match d.id {
            // floatReq, floatOpt, weight
            "check_clients_disagree_type" => {
                assert!(
                    d.message.contains("float") && d.message.contains("dart, cpp"),
                    "{shown:#?}"
                )
            }
            // C++ cannot remap, so the keywords `class` and `default` persist as `class_`, `default_`
            "check_clients_mapped_name_differs" => {
                assert!(d.path.ends_with('_') && d.message.ends_with("in cpp"), "{shown:#?}")
            }
            // Realm Java has no asymmetric objects: `Reading` is generated as a top-level class
            "check_clients_disagree_kind" => {
                assert!(
                    d.path == "Reading" && d.message.ends_with("top-level in java"),
                    "{shown:#?}"
                )
            }
            _ => panic!("{shown:#?}"),
        }
    }
    assert_eq!(found.len(), 6, "{shown:#?}");
    let others: Vec<(String, &Schema)> = all
        .iter()
        .filter(|(l, _)| l != "dart" && l != "cpp" && l != "java")
        .map(|(l, s)| (l.clone(), *s))
        .collect();
    let found = syncplan::check::compare_clients(&others);
    assert!(found.is_empty(), "{found:#?}");
}

/// `check` of a server against a client read from Swift source finds what it finds against the
/// same client as Realm JS JSON.
#[test]
fn check_against_a_source_client_matches_the_json_client() {
    let root = Path::new(CRATE).join("migrations-examples/scenario_todo");
    let server = syncplan::load::load_one(&root.join("before")).unwrap_or_else(|e| panic!("{e}"));
    let client = syncplan::load::load_one(&root.join("client.json")).unwrap_or_else(|e| panic!("{e}"));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for sdk in [Sdk::Swift, Sdk::Kotlin, Sdk::Ts, Sdk::Csharp, Sdk::Java] {
        write(tmp.path(), sdk.file_name(), &codegen::generate(&client.schema, sdk));
        let source = syncplan::load::load_one(&tmp.path().join(sdk.file_name())).unwrap_or_else(|e| panic!("{e}"));
        let strip = |ds: Vec<syncplan::diagnostic::Diagnostic>| -> Vec<(String, String)> {
            ds.into_iter()
                .filter(|d| d.id != "check_property_missing_on_server" || !d.message.contains("mapTo"))
                .map(|d| (d.id.to_string(), d.path))
                .collect()
        };
        let a = strip(syncplan::check::check(&server.schema, &client.schema));
        let b = strip(syncplan::check::check(&server.schema, &source.schema));
        assert_eq!(a, b, "{sdk:?}");
    }
}

/// Every file a reader can be handed, cut short at many places: never a panic, and every
/// finding has a file and a line.
#[test]
#[ignore = "slow on 2 cores: Kotlin truncations hit the grammar hang guard, whose abandoned parser threads keep spinning; run with `cargo test --test sources -- --ignored`"]
fn truncated_sources_never_panic_and_findings_have_locations() {
    let mut inputs: Vec<(String, String)> = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        for p in rd.filter_map(|e| e.ok().map(|e| e.path())) {
            if p.is_dir() {
                walk(&p, out);
            } else if syncplan::source::is_source_file(&p) {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(CRATE).join("tests/sources"), &mut files);
    files.sort();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("x").to_string();
        inputs.push((name, std::fs::read_to_string(&f).unwrap_or_default()));
    }
    let hostile = load(&Path::new(CRATE).join("tests/codegen/hostile_model.json"));
    for sdk in Sdk::ALL {
        inputs.push((sdk.file_name().to_string(), codegen::generate(&hostile, sdk)));
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (i, (name, text)) in inputs.iter().enumerate() {
        let cuts: Vec<usize> = (0..=16).map(|k| text.len() * k / 16).collect();
        for cut in cuts {
            let mut end = cut.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let path = tmp.path().join(format!("{i}-{cut}-{name}"));
            std::fs::write(&path, &text[..end]).unwrap_or_else(|e| panic!("{e}"));
            if let Ok(l) = syncplan::source::load_file(&path) {
                for d in &l.diagnostics {
                    let loc = d
                        .location
                        .as_ref()
                        .unwrap_or_else(|| panic!("{name}: no location: {d:?}"));
                    assert!(!loc.file.is_empty() && loc.line > 0, "{name}: {d:?}");
                }
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Trust: what a reader met but could not read makes the model incomplete, never silently

fn load_files(files: &[(&str, &str)]) -> syncplan::load::Loaded {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (rel, text) in files {
        write(tmp.path(), rel, text);
    }
    let target = if files.len() == 1 {
        tmp.path().join(files[0].0)
    } else {
        tmp.path().to_path_buf()
    };
    syncplan::load::load_one(&target).unwrap_or_else(|e| panic!("{e}"))
}

/// A syntax error inside a class marks that class (its unread members cannot be named); no
/// `primary_key_missing` follows; the error is error-level.
#[test]
fn a_syntax_error_in_a_class_marks_it_incomplete() {
    let cs = "#nullable enable\nusing Realms;\n\npublic partial class Dog : IRealmObject\n{\n    public string Name { get; set; } = \"\";\n    public int Age { get; set; } = = 3;\n}\n";
    let l = load_files(&[("Dog.cs", cs)]);
    assert!(l.schema.incomplete);
    let dog = &l.schema.types["Dog"];
    assert!(dog.unread.as_ref().is_some_and(|u| u.unnamed), "{dog:?}");
    assert!(
        l.diagnostics
            .iter()
            .any(|d| d.id == "source_syntax_error" && d.severity == syncplan::diagnostic::Severity::Error),
        "{:#?}",
        l.diagnostics
    );
    let v = syncplan::validate::validate(&l.schema);
    assert!(!v.iter().any(|d| d.id == "primary_key_missing"), "{v:#?}");
}

/// A syntax error between classes names no type: the model as a whole is incomplete.
#[test]
fn a_syntax_error_outside_classes_marks_the_model_incomplete() {
    let swift =
        "import RealmSwift\nclass Dog: Object {\n    @Persisted(primaryKey: true) var _id: ObjectId\n}\nlet = = 1\n";
    let l = load_files(&[("Dog.swift", swift)]);
    assert!(l.schema.incomplete);
    assert!(l.schema.types["Dog"].unread.is_none(), "{:?}", l.schema.types["Dog"]);
}

/// Legacy Realm Swift models (`@objcMembers`, `@objc dynamic`) are either read or reported:
/// never an empty type without a finding.
#[test]
fn legacy_swift_models_are_never_silently_empty() {
    let swift = r#"import RealmSwift

@objcMembers class Dog: Object {
    dynamic var _id = ObjectId.generate()
    dynamic var name = ""
}

class Cat: Object {
    @objc dynamic var name = ""
    let toys = List<String>()
}
"#;
    let l = load_files(&[("Pets.swift", swift)]);
    for name in ["Dog", "Cat"] {
        let t = &l.schema.types[name];
        let reported = l
            .diagnostics
            .iter()
            .any(|d| d.severity == syncplan::diagnostic::Severity::Error && d.path.split('.').next() == Some(name));
        assert!(
            !t.properties.is_empty() || (t.unread.is_some() && reported),
            "{name}: {t:?}\n{:#?}",
            l.diagnostics
        );
    }
}

/// Per language: a member the reader cannot read marks its type, and `validate` is not valid.
#[test]
fn unread_members_mark_their_type_in_every_language() {
    for (file, text, ty, member) in [
        (
            "Pond.kt",
            "import io.realm.kotlin.types.RealmObject\nclass Pond : RealmObject {\n    var _id: String = \"\"\n    var depth: Depth? = null\n}\n",
            "Pond",
            "depth",
        ),
        (
            "Pond.swift",
            "import RealmSwift\nclass Pond: Object {\n    @Persisted(primaryKey: true) var _id: ObjectId\n    @Persisted var depth: Depth\n}\n",
            "Pond",
            "depth",
        ),
        (
            "Pond.cs",
            "#nullable enable\nusing Realms;\npublic partial class Pond : IRealmObject\n{\n    [PrimaryKey] public string Id { get; set; } = \"\";\n    public Depth? Depth { get; set; }\n}\n",
            "Pond",
            "Depth",
        ),
        (
            "pond.dart",
            "import 'package:realm/realm.dart';\npart 'pond.realm.dart';\n@RealmModel()\nclass _Pond {\n  @PrimaryKey()\n  late ObjectId id;\n  late Depth depth;\n}\n",
            "Pond",
            "depth",
        ),
    ] {
        let l = load_files(&[(file, text)]);
        let t = &l.schema.types[ty];
        assert!(
            t.unread.as_ref().is_some_and(|u| u.members.iter().any(|m| m == member)),
            "{file}: {t:?}\n{:#?}",
            l.diagnostics
        );
        assert!(l.schema.incomplete, "{file}");
        let report = syncplan::pipeline::validate(l);
        assert!(report.has_errors(), "{file}: an incomplete model is not valid");
    }
}

/// JavaScript/TypeScript: `static schema = readingSchema` whose literal another file of the same
/// client declares is read there, so the model is complete; with no file declaring it, it is an
/// unread part.
#[test]
fn a_schema_literal_declared_in_another_file_is_not_unread() {
    let reading = "import Realm, { ObjectSchema } from \"realm\";\nexport const readingSchema: ObjectSchema = {\n  name: \"Reading\",\n  primaryKey: \"_id\",\n  properties: { _id: \"objectId\", value: \"double\" },\n};\n";
    let model = "import Realm from \"realm\";\nimport { readingSchema } from \"./Reading\";\nexport class Reading extends Realm.Object<Reading> {\n  static schema = readingSchema;\n}\n";
    let task = "import Realm from \"realm\";\nexport class Task extends Realm.Object<Task> {\n  static schema = { name: \"Task\", primaryKey: \"_id\", properties: { _id: \"objectId\" } };\n}\n";
    let l = load_files(&[("src/Reading.ts", reading), ("src/Model.ts", model)]);
    assert!(!l.schema.incomplete, "{:#?}", l.diagnostics);
    assert!(l.diagnostics.is_empty(), "{:#?}", l.diagnostics);
    assert!(l.schema.types.contains_key("Reading"));
    let l = load_files(&[("src/Task.ts", task), ("src/Model.ts", model)]);
    assert!(l.schema.incomplete);
    assert!(
        l.diagnostics
            .iter()
            .any(|d| d.id == "source_unsupported_construct" && d.path == "readingSchema"),
        "{:#?}",
        l.diagnostics
    );
}

/// A file that names no Realm at all (a SwiftUI view model with `ObservableObject`) and does not
/// parse is no unread part of the model: the client read from the folder stays complete.
#[test]
fn a_parse_problem_in_a_file_without_realm_leaves_the_model_complete() {
    let view = "import SwiftUI\n\nfinal class ViewModel: ObservableObject {\n    @Published var name = \"\"\n    func go() { let = = 1 }\n}\n";
    let l = load_files(&[("Models/Task.swift", SWIFT_TASK), ("Views/ViewModel.swift", view)]);
    assert!(!l.schema.incomplete, "{:#?}", l.diagnostics);
    assert!(l.diagnostics.is_empty(), "{:#?}", l.diagnostics);
    // The same problem in a file that imports RealmSwift may hide a model: incomplete.
    let realm_view = view.replace("import SwiftUI", "import RealmSwift");
    let l = load_files(&[
        ("Models/Task.swift", SWIFT_TASK),
        ("Views/ViewModel.swift", &realm_view),
    ]);
    assert!(l.schema.incomplete, "{:#?}", l.diagnostics);
    assert!(
        l.diagnostics.iter().any(|d| d.id == "source_syntax_error"),
        "{:#?}",
        l.diagnostics
    );
}
