//! SOURCE: client models read straight from SDK source code (Swift, Kotlin, JavaScript/TypeScript,
//! Dart, C#, C++, Objective-C) into the same `model::Schema` the Realm JS JSON/YAML loader produces.
//!
//! Every file is parsed with the language's real tree-sitter grammar (never with regular
//! expressions); each language module walks the syntax tree for the model declarations its SDK
//! documents (https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/define-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/model-data/define-a-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/) and hands the classes it found to one shared builder
//! (`common.rs`), which resolves class names to persisted type names, applies the persisted-name
//! mappings and the optional rules (to-one links and mixed are always optional), and checks for
//! duplicates. What a reader cannot resolve is reported as a Load finding (`source_*` ids) with
//! file and line, never guessed.
//!
//! `is_source_file` knows the extensions in every build; reading them needs the default-on cargo
//! feature `sdk-sources` (the grammars).

use std::path::{Path, PathBuf};

use crate::input::value::Pos;
use crate::input::{LoadError, Loaded, display_path, io_message};

#[cfg(feature = "sdk-sources")]
mod common;
#[cfg(feature = "sdk-sources")]
mod cpp;
#[cfg(feature = "sdk-sources")]
mod csharp;
#[cfg(feature = "sdk-sources")]
mod dart;
#[cfg(feature = "sdk-sources")]
mod java;
#[cfg(feature = "sdk-sources")]
mod js;
#[cfg(feature = "sdk-sources")]
mod kotlin;
#[cfg(feature = "sdk-sources")]
mod objc;
pub mod realm_js;
#[cfg(feature = "sdk-sources")]
mod swift;
pub mod version;

/// The language of an SDK source file: a source of one row of the SDK table.
pub use crate::sdk::Language;

impl Language {
    /// JavaScript and TypeScript files of one client belong together (one SDK, `realm`), and so do
    /// Swift and Objective-C files (one SDK, realm-cocoa, one Realm file), and Java and Kotlin
    /// files (an Android module mixes them; Realm Java is used from both).
    #[cfg(feature = "sdk-sources")]
    fn family(self) -> Language {
        match self {
            Language::TypeScript => Language::JavaScript,
            Language::Java => Language::Kotlin,
            Language::ObjectiveC => Language::Swift,
            l => l,
        }
    }
}

/// Source files of languages with no Realm model reader, by extension: (extension, language).
const UNSUPPORTED: &[(&str, &str)] = &[
    ("py", "Python"),
    ("rb", "Ruby"),
    ("go", "Go"),
    ("rs", "Rust"),
    ("php", "PHP"),
    ("scala", "Scala"),
    ("groovy", "Groovy"),
    ("kts", "Kotlin script"),
    ("vb", "Visual Basic"),
    ("fs", "F#"),
    ("lua", "Lua"),
    ("ex", "Elixir"),
    ("exs", "Elixir"),
    ("clj", "Clojure"),
    ("hs", "Haskell"),
    ("c", "C"),
    ("jsx", "JSX"),
    ("tsx", "TSX"),
    ("cjs", "CommonJS"),
    ("xml", "XML"),
    ("plist", "property list"),
    ("gradle", "Gradle"),
];

/// For a file in a programming language syncplan cannot read models from: the message to give
/// (never "invalid JSON").
pub fn unsupported_language(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let (_, name) = UNSUPPORTED.iter().find(|(e, _)| *e == ext)?;
    Some(format!(
        "not a supported client language ({name} `.{ext}` file); supported: {}",
        supported_inputs()
    ))
}

/// Every client input syncplan reads, for messages and help.
pub fn supported_inputs() -> &'static str {
    "Realm JS object models (.json, .yaml, .yml), Swift (.swift), Kotlin (.kt), JavaScript (.js, .mjs), \
TypeScript (.ts), Dart (.dart), C# (.cs), C++ (.hpp, .h, .cpp, .cc, .hh), Objective-C (.m, .mm, .h), Java (.java)"
}

/// Whether `path` is an SDK source file by its extension (in every build, with or without the
/// `sdk-sources` feature).
pub fn is_source_file(path: &Path) -> bool {
    Language::of(path).is_some()
}

/// Directories never walked into: dependencies, build output, VCS and tool folders (and every
/// hidden directory: `.git`, `.build`, `.gradle`, `.dart_tool`, ...).
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "build",
    "dist",
    "target",
    "out",
    "bin",
    "obj",
    "Pods",
    "Carthage",
    "DerivedData",
];

/// Deepest folder nesting walked (guards against pathological trees).
const MAX_DEPTH: usize = 64;

/// Every SDK source file below `dir`, sorted, outside the skipped directories. Symlinked
/// directories are not followed.
fn source_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
        let rd = std::fs::read_dir(dir).map_err(|e| LoadError::new(display_path(dir), Pos::UNKNOWN, io_message(&e)))?;
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if meta.is_dir() {
                if depth < MAX_DEPTH && !name.starts_with('.') && !SKIPPED_DIRS.contains(&name) {
                    walk(&p, depth + 1, out)?;
                }
            } else if is_source_file(&p) && !is_generated(name) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, 0, &mut out)?;
    Ok(out)
}

/// Files a generator writes next to the models (Dart `*.realm.dart` / `*.g.dart` parts, type
/// declaration files): never model declarations themselves.
fn is_generated(name: &str) -> bool {
    name.ends_with(".realm.dart") || name.ends_with(".g.dart") || name.ends_with(".d.ts")
}

/// Reads the Realm model classes of one source file. A file without any is an error (it was named
/// as a model).
#[cfg(feature = "sdk-sources")]
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let shown = display_path(path);
    let Some(language) = Language::of(path) else {
        return Err(LoadError::new(shown, Pos::UNKNOWN, "not an SDK source file"));
    };
    let text = crate::input::read_text(path, None)?;
    let language = language.refine(path, &text);
    let models = common::read_file(language, &reader(language), &shown, &text);
    if !models.has_models() {
        let first = models
            .diagnostics
            .first()
            .or(models.cross_file_refs.first().map(|(_, d)| d))
            .map(|d| format!(" ({}: {})", d.id, d.message))
            .unwrap_or_default();
        return Err(LoadError::new(
            shown,
            Pos::UNKNOWN,
            format!("no Realm model classes found in this {language} file{first}"),
        ));
    }
    let mut loaded = common::build(language, &shown, vec![models])?;
    let config = version::read(&[(shown, language, text)], false);
    loaded.schema.source_config = (!config.sites.is_empty()).then_some(config);
    Ok(loaded)
}

/// Walks a folder for the Realm model classes of one client: every source file of one language
/// (JavaScript and TypeScript count as one). `None` when the folder holds no Realm model; an
/// error when it holds models in two languages.
#[cfg(feature = "sdk-sources")]
pub fn load_dir(path: &Path) -> Result<Option<Loaded>, LoadError> {
    let shown = display_path(path);
    let files = source_files(path)?;
    let mut read: Vec<(PathBuf, common::FileModels)> = Vec::new();
    for f in files {
        let Some(language) = Language::of(&f) else { continue };
        let text = crate::input::read_text(&f, Some(path))?;
        let language = language.refine(&f, &text);
        if !common::may_hold_models(language, &text) {
            continue;
        }
        let models = common::read_file(language, &reader(language), &display_path(&f), &text);
        if models.has_models() || !models.diagnostics.is_empty() || !models.cross_file_refs.is_empty() {
            read.push((f, models));
        }
    }
    let mut families: Vec<(Language, &Path)> = Vec::new();
    for (f, m) in &read {
        if m.has_models() && !families.iter().any(|(l, _)| *l == m.language.family()) {
            families.push((m.language.family(), f));
        }
    }
    match families.len() {
        0 => Ok(None),
        1 => {
            let family = families[0].0;
            let mut language = family;
            let mut parts = Vec::new();
            for (_, m) in read {
                if m.language.family() == family {
                    if m.language == Language::TypeScript && m.has_models() {
                        language = Language::TypeScript;
                    }
                    // Java models (alone, or with Kotlin ones): the Realm Java SDK.
                    if m.language == Language::Java && m.has_models() {
                        language = Language::Java;
                    }
                    parts.push(m);
                }
            }
            if family == Language::Swift
                && parts
                    .iter()
                    .filter(|m| m.has_models())
                    .all(|m| m.language == Language::ObjectiveC)
            {
                language = Language::ObjectiveC;
            }
            let mut loaded = common::build(language, &shown, parts)?;
            // The schema version is set in configuration code, which need not hold a model.
            let mut texts = Vec::new();
            for f in source_files(path)? {
                let Some(l) = Language::of(&f) else { continue };
                if l.family() == family {
                    texts.push((display_path(&f), l, crate::input::read_text(&f, Some(path))?));
                }
            }
            loaded.schema.source_config = Some(version::read(&texts, true));
            Ok(Some(loaded))
        }
        _ => {
            let named: Vec<String> = families
                .iter()
                .map(|(l, f)| {
                    let l = match *l {
                        Language::JavaScript => "JavaScript/TypeScript",
                        Language::Kotlin => "Kotlin/Java",
                        l => l.name(),
                    };
                    format!("{l} ({})", display_path(f))
                })
                .collect();
            Err(LoadError::new(
                shown,
                Pos::UNKNOWN,
                format!(
                    "this folder holds Realm models in several languages: {}; name each client's folder (or file) on its own",
                    named.join(", ")
                ),
            ))
        }
    }
}

#[cfg(not(feature = "sdk-sources"))]
fn no_feature(path: &Path, language: Option<Language>) -> LoadError {
    let what = language
        .map(|l| format!("{l} source"))
        .unwrap_or_else(|| "SDK source".to_string());
    LoadError::new(
        display_path(path),
        Pos::UNKNOWN,
        format!(
            "{what} files cannot be read: this build of syncplan lacks the `sdk-sources` feature (build it with the default features)"
        ),
    )
}

/// Without the `sdk-sources` feature: always an error saying so.
#[cfg(not(feature = "sdk-sources"))]
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    Err(no_feature(path, Language::of(path)))
}

/// Without the `sdk-sources` feature: `None` for a folder without source files, else an error
/// saying that the build cannot read them.
#[cfg(not(feature = "sdk-sources"))]
pub fn load_dir(path: &Path) -> Result<Option<Loaded>, LoadError> {
    match source_files(path)?.first() {
        None => Ok(None),
        Some(f) => Err(no_feature(path, Language::of(f))),
    }
}

/// The reader of `language`: its tree walk and the parse problems it tolerates.
#[cfg(feature = "sdk-sources")]
pub(crate) fn reader(language: Language) -> common::Reader {
    let none = |_: tree_sitter::Node, _: &str| false;
    let (read, tolerated): (common::ReadFn, common::ToleratedFn) = match language {
        Language::Swift => (swift::read, none),
        Language::Kotlin => (kotlin::read, none),
        Language::JavaScript | Language::TypeScript => (js::read, none),
        Language::Dart => (dart::read, none),
        Language::CSharp => (csharp::read, none),
        Language::Cpp => (cpp::read, cpp::tolerated_problem),
        Language::Java => (java::read, none),
        Language::ObjectiveC => (objc::read, objc::tolerated_problem),
    };
    common::Reader { read, tolerated }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        for (f, l) in [
            ("a/Task.swift", Language::Swift),
            ("Task.kt", Language::Kotlin),
            ("m.js", Language::JavaScript),
            ("m.mjs", Language::JavaScript),
            ("m.ts", Language::TypeScript),
            ("m.dart", Language::Dart),
            ("M.cs", Language::CSharp),
            ("m.hpp", Language::Cpp),
            ("m.h", Language::Cpp),
            ("m.cpp", Language::Cpp),
            ("m.cc", Language::Cpp),
            ("m.hh", Language::Cpp),
            ("Dog.java", Language::Java),
            ("Dog.m", Language::ObjectiveC),
            ("Dog.mm", Language::ObjectiveC),
        ] {
            assert_eq!(Language::of(Path::new(f)), Some(l), "{f}");
            assert!(is_source_file(Path::new(f)));
        }
        for f in ["model.json", "model.yaml", "README", "a.rs"] {
            assert!(!is_source_file(Path::new(f)), "{f}");
        }
        for f in ["models.py", "dog.rb", "main.GO"] {
            let m = unsupported_language(Path::new(f)).unwrap_or_default();
            assert!(m.starts_with("not a supported client language"), "{f}: {m}");
            assert!(m.contains("Java (.java)") && m.contains("Swift (.swift)"), "{m}");
        }
        for f in ["Dog.java", "model.json", "schema.yaml", "README"] {
            assert_eq!(unsupported_language(Path::new(f)), None, "{f}");
        }
        assert!(is_generated("models.realm.dart"));
        assert!(!is_generated("models.dart"));
    }

    #[cfg(not(feature = "sdk-sources"))]
    #[test]
    fn without_the_feature_sources_are_an_error() {
        let e = load_file(Path::new("Models/Task.swift"))
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("`sdk-sources` feature"), "{e}");
        assert!(e.contains("Swift"), "{e}");
    }
}
