//! LOAD: files → `model::Schema` plus load diagnostics. The only stage that can fail; every
//! failure is a `LoadError` with file, line and column (exit code 2). This module finds what a
//! path holds and hands it to its reader: app exports and server schemas here, Realm JS models and
//! SDK source in `crate::source`; both read documents through `crate::input`.

pub mod app_services;
pub mod permissions;

use std::path::{Path, PathBuf};

// The documents layer (`crate::input`) and the Realm JS reader (`crate::source::realm_js`), under
// the paths the rest of the code base has always used.
pub use crate::input::{
    InputKind, LoadError, Loaded, MAX_FILE_BYTES, display_path, entry_span, io_message, join, json, location,
    parse_document, read_document, read_text, span, value, yaml,
};
pub use crate::source::realm_js;
use value::{Node, Pos};

/// Loads every model under `path`: one per app root in a directory (a monorepo of backends gives
/// several), or the single file.
pub fn load(path: &Path) -> Result<Vec<Loaded>, LoadError> {
    let shown = display_path(path);
    let meta = std::fs::metadata(path).map_err(|e| LoadError::new(&shown, Pos::UNKNOWN, io_message(&e)))?;
    if meta.is_dir() {
        let roots = app_services::find_app_roots(path)?;
        if roots.is_empty() {
            // A directory holding exactly one model file (e.g. `before/model.json`).
            let models = model_files(path)?;
            if models.len() == 1 {
                return load_file(&models[0]).map(|l| vec![l]);
            }
            if models.len() > 1 {
                let names: Vec<String> = models.iter().map(|m| display_path(m)).collect();
                return Err(LoadError::new(
                    shown,
                    Pos::UNKNOWN,
                    format!(
                        "no app export here, and several model files; name one of them: {}",
                        names.join(", ")
                    ),
                ));
            }
            if let Some(l) = crate::source::load_dir(path)? {
                return Ok(vec![l]);
            }
            return Err(LoadError::new(
                shown,
                Pos::UNKNOWN,
                "no App Services app found here: expected data_sources/<service>/<db>/<collection>/schema.json, \
                 services/<service>/rules/, or sync/config.json below this directory",
            ));
        }
        roots.iter().map(|r| app_services::load_app(r)).collect()
    } else {
        load_file(path).map(|l| vec![l])
    }
}

/// JSON/YAML files directly inside `dir`, sorted.
fn model_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let rd = std::fs::read_dir(dir).map_err(|e| LoadError::new(display_path(dir), Pos::UNKNOWN, io_message(&e)))?;
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| TOOLING_FILES.contains(&n))
        })
        .collect();
    v.sort();
    Ok(v)
}

/// Project files that are never data models (a JS/TS project root holds them next to its sources).
const TOOLING_FILES: &[&str] = &[
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "jsconfig.json",
    "composer.json",
    "app.json",
    ".eslintrc.json",
    ".prettierrc.json",
    "pubspec.yaml",
    "pubspec.lock",
    "analysis_options.yaml",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// Loads exactly one model; a directory holding several apps is an error naming them.
pub fn load_one(path: &Path) -> Result<Loaded, LoadError> {
    let mut all = load(path)?;
    if all.len() > 1 {
        let names: Vec<String> = all.iter().map(|l| l.root.clone()).collect();
        return Err(LoadError::new(
            display_path(path),
            Pos::UNKNOWN,
            format!(
                "this directory holds {} apps; name one of them: {}",
                all.len(),
                names.join(", ")
            ),
        ));
    }
    // `load` never returns an empty list (it errors instead).
    all.pop()
        .ok_or_else(|| LoadError::new(display_path(path), Pos::UNKNOWN, "nothing to load"))
}

/// A single file: an App Services schema or a Realm object model, told apart by shape.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    if crate::source::is_source_file(path) {
        return crate::source::load_file(path);
    }
    if let Some(message) = crate::source::unsupported_language(path) {
        return Err(LoadError::new(display_path(path), Pos::UNKNOWN, message));
    }
    let node = read_document(path, None)?;
    let shown = display_path(path);
    match detect(&node) {
        Some(InputKind::RealmModel) => realm_js::load(&node, &shown),
        Some(_) => app_services::load_single_schema(&node, &shown),
        None => Err(LoadError::new(
            shown,
            node.pos,
            format!(
                "cannot tell what this file is: expected an App Services schema (an object with \"properties\"), \
                 or a Realm object model (an array of object schemas, or {{\"schema\": [...]}}); found {}",
                node.kind_name()
            ),
        )),
    }
}

/// Tells a Realm object model from an App Services schema by its shape.
pub fn detect(node: &Node) -> Option<InputKind> {
    if node.as_array().is_some() {
        return Some(InputKind::RealmModel);
    }
    node.as_object()?;
    if node.get("schema").and_then(Node::as_array).is_some() {
        return Some(InputKind::RealmModel);
    }
    // A single Realm ObjectSchema: `name` plus `properties` whose values are strings or have `type`.
    if node.get("name").and_then(Node::as_str).is_some()
        && node.get("bsonType").is_none()
        && node.get("title").is_none()
    {
        return Some(InputKind::RealmModel);
    }
    // Legacy rules file or plain schema.
    if node.get("schema").is_some_and(|s| s.as_object().is_some())
        || node.get("properties").is_some()
        || node.get("bsonType").is_some()
        || node.get("title").is_some()
    {
        return Some(InputKind::ServerSchema);
    }
    None
}
