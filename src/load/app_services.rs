//! App Services side: app export directories (current and legacy layouts), single collection
//! schemas, `relationships.json` and the sync configuration → `model::Schema`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::value::{Node, Pos, Value};
use super::{
    InputKind, LoadError, Loaded, display_path, entry_span, io_message, location, permissions, read_document, span,
};
use crate::diagnostic::{Diagnostic, kinds};
use crate::mapping::{self, BsonLookup};
use crate::model::{
    Collection, Element, Namespace, ObjectKind, ObjectType, Permissions, Property, PropertyType, RuleSet, ScalarType,
    Schema, Side, SyncConfig, SyncMode,
};

/// Directories never searched for apps.
const SKIP_DIRS: &[&str] = &["node_modules", ".git", "target", ".build", "build", "Pods", ".gradle"];
const MAX_SEARCH_DEPTH: usize = 12;

/// JSON-Schema / App Services keywords allowed at schema level.
const KEYWORDS: &[&str] = &[
    "title",
    "bsonType",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "uniqueItems",
    "description",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "dependencies",
    "validate",
    "minItems",
    "maxItems",
    "additionalItems",
    "$schema",
    "anyOf",
    "allOf",
    "oneOf",
    "not",
    "default",
    "format",
    "$id",
    "$comment",
    "examples",
    "const",
    "definitions",
    "$ref",
];

/// Keywords that constrain a value beyond its type: kept in the model (`Property::constraints`),
/// because a document that violates them does not sync.
const CONSTRAINT_KEYWORDS: &[&str] = &[
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "validate",
];

/// The constraint keywords of a schema node, as JSON.
fn constraints_of(node: &Node) -> BTreeMap<String, serde_json::Value> {
    node.as_object()
        .unwrap_or(&[])
        .iter()
        .filter(|(k, _, _)| CONSTRAINT_KEYWORDS.contains(&k.as_str()))
        .map(|(k, _, v)| (k.clone(), v.to_json()))
        .collect()
}

/// The nearest of `candidates` to a misspelt `word` (Damerau-Levenshtein distance, case
/// ignored), if it is close enough to be a likely typo: at most 1 edit for short words, a third
/// of the length for longer ones.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let limit = (w.chars().count() / 3).max(1);
    let len = w.chars().count();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        // The distance is at least the difference in length: skip the computation for those.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (strsim::damerau_levenshtein(&w, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|c| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}

/// Finds app roots below `dir`: directories with `data_sources/`, `services/`, or `sync/config.json`.
/// A root's subdirectories are not searched further. Sorted.
pub fn find_app_roots(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut roots = Vec::new();
    walk(dir, 0, &mut roots)?;
    roots.sort();
    Ok(roots)
}

fn is_app_root(dir: &Path) -> bool {
    dir.join("data_sources").is_dir() || dir.join("services").is_dir() || dir.join("sync").join("config.json").is_file()
}

fn walk(dir: &Path, depth: usize, roots: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    if is_app_root(dir) {
        roots.push(dir.to_path_buf());
        return Ok(());
    }
    if depth >= MAX_SEARCH_DEPTH {
        return Ok(());
    }
    for entry in sorted_entries(dir)? {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if SKIP_DIRS.contains(&name.as_str()) || name.starts_with('.') {
            continue;
        }
        // Symlinked directories are not followed while searching.
        let is_dir = std::fs::symlink_metadata(&entry).map(|m| m.is_dir()).unwrap_or(false);
        if is_dir {
            walk(&entry, depth + 1, roots)?;
        }
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let rd = std::fs::read_dir(dir).map_err(|e| LoadError::new(display_path(dir), Pos::UNKNOWN, io_message(&e)))?;
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // Entries of one directory share their parent, so byte order of the whole path is the order
    // of their names, which `Path`'s component-wise comparison gives more slowly.
    v.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok(v)
}

fn subdirs(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(sorted_entries(dir)?.into_iter().filter(|p| p.is_dir()).collect())
}

/// A `name_not_utf8` warning for each of `dirs` whose last component is not UTF-8.
fn not_utf8(dirs: &[&Path], file: &Path, diags: &mut Vec<Diagnostic>) {
    for d in dirs {
        if d.file_name().is_some_and(|n| n.to_str().is_none()) {
            let lossy = file_name(d);
            let message = format!("{} is not valid UTF-8; read as {lossy:?}", display_path(d));
            if diags.iter().any(|x| x.message == message) {
                continue;
            }
            diags.push(Diagnostic::new(
                &kinds::NAME_NOT_UTF8,
                lossy.clone(),
                location(&display_path(file), Pos::UNKNOWN),
                message,
            ));
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Refuses a directory (or file) that is a symlink leaving the app root.
fn check_inside(path: &Path, root: &Path) -> Result<(), LoadError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.file_type().is_symlink() {
        return Ok(());
    }
    let target = std::fs::canonicalize(path).map_err(|e| {
        LoadError::new(
            display_path(path),
            Pos::UNKNOWN,
            format!("broken symlink: {}", io_message(&e)),
        )
    })?;
    let root_c =
        std::fs::canonicalize(root).map_err(|e| LoadError::new(display_path(root), Pos::UNKNOWN, io_message(&e)))?;
    if target.starts_with(&root_c) {
        Ok(())
    } else {
        Err(LoadError::new(
            display_path(path),
            Pos::UNKNOWN,
            format!(
                "symlink points outside the app directory (to {}); refusing to follow it",
                display_path(&target)
            ),
        ))
    }
}

/// One collection's raw documents before cross-collection resolution.
struct RawCollection {
    ns: Namespace,
    schema_file: String,
    schema: Node,
    rel_file: String,
    relationships: Option<Node>,
}

/// Loads an app export rooted at `root`.
pub fn load_app(root: &Path) -> Result<Loaded, LoadError> {
    let mut raws: Vec<RawCollection> = Vec::new();
    let mut kind = InputKind::AppExport;
    let mut sync: Option<SyncConfig> = None;
    let mut diags = Vec::new();
    // Rules per data source (default_rule.json) and per collection namespace (rules.json).
    let mut default_rules: BTreeMap<String, RuleSet> = BTreeMap::new();
    let mut coll_rules: Vec<(Namespace, RuleSet)> = Vec::new();

    // Current layout: data_sources/<svc>/<db>/<coll>/{schema,relationships}.json
    let ds = root.join("data_sources");
    check_inside(&ds, root)?;
    for svc in subdirs(&ds)? {
        check_inside(&svc, root)?;
        let default_rule = svc.join("default_rule.json");
        if default_rule.is_file() {
            let doc = read_document(&default_rule, Some(root))?;
            let set = permissions::rule_set(&doc, &display_path(&default_rule), &file_name(&svc), &mut diags);
            default_rules.insert(file_name(&svc), set);
        }
        for db in subdirs(&svc)? {
            check_inside(&db, root)?;
            for coll in subdirs(&db)? {
                check_inside(&coll, root)?;
                let rules_path = coll.join("rules.json");
                if rules_path.is_file() {
                    let doc = read_document(&rules_path, Some(root))?;
                    let ns = Namespace {
                        data_source: file_name(&svc),
                        database: file_name(&db),
                        collection: file_name(&coll),
                    };
                    let set = permissions::rule_set(&doc, &display_path(&rules_path), &ns.to_string(), &mut diags);
                    coll_rules.push((ns, set));
                }
                let schema_path = coll.join("schema.json");
                if !schema_path.exists() && std::fs::symlink_metadata(&schema_path).is_err() {
                    continue;
                }
                let schema = read_document(&schema_path, Some(root))?;
                let rel_path = coll.join("relationships.json");
                let relationships = if std::fs::symlink_metadata(&rel_path).is_ok() {
                    Some(read_document(&rel_path, Some(root))?)
                } else {
                    None
                };
                not_utf8(&[&svc, &db, &coll], &schema_path, &mut diags);
                raws.push(RawCollection {
                    ns: Namespace {
                        data_source: file_name(&svc),
                        database: file_name(&db),
                        collection: file_name(&coll),
                    },
                    schema_file: display_path(&schema_path),
                    schema,
                    rel_file: display_path(&rel_path),
                    relationships,
                });
            }
        }
    }

    // Legacy layout: services/<svc>/rules/<db>.<coll>.json, sync inside services/<svc>/config.json
    let mut legacy_synced: Option<String> = None;
    let services = root.join("services");
    check_inside(&services, root)?;
    for svc in subdirs(&services)? {
        check_inside(&svc, root)?;
        let rules = svc.join("rules");
        check_inside(&rules, root)?;
        if rules.is_dir() {
            for f in sorted_entries(&rules)? {
                if f.extension().and_then(|e| e.to_str()) != Some("json") {
                    continue;
                }
                kind = InputKind::LegacyAppExport;
                let doc = read_document(&f, Some(root))?;
                let shown = display_path(&f);
                let stem = f
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let (db_default, coll_default) = match stem.split_once('.') {
                    Some((d, c)) => (d.to_string(), c.to_string()),
                    None => (String::new(), stem.clone()),
                };
                let database = doc
                    .get("database")
                    .and_then(Node::as_str)
                    .map(str::to_string)
                    .unwrap_or(db_default);
                let collection = doc
                    .get("collection")
                    .and_then(Node::as_str)
                    .map(str::to_string)
                    .unwrap_or(coll_default);
                if doc.get("roles").is_some() {
                    let ns = Namespace {
                        data_source: file_name(&svc),
                        database: database.clone(),
                        collection: collection.clone(),
                    };
                    let mut set = permissions::rule_set(&doc, &shown, &ns.to_string(), &mut diags);
                    set.legacy = true;
                    coll_rules.push((ns, set));
                }
                let Some(schema) = doc.get("schema").cloned() else {
                    continue;
                };
                not_utf8(&[&svc, &f], &f, &mut diags);
                raws.push(RawCollection {
                    ns: Namespace {
                        data_source: file_name(&svc),
                        database,
                        collection,
                    },
                    schema_file: shown.clone(),
                    schema,
                    rel_file: shown,
                    relationships: doc.get("relationships").cloned(),
                });
            }
        }
        let cfg = svc.join("config.json");
        if cfg.is_file() {
            let doc = read_document(&cfg, Some(root))?;
            let shown = display_path(&cfg);
            if let Some(config) = doc.get("config") {
                if let Some(fs) = config.get("flexible_sync") {
                    sync = Some(parse_sync(fs, &shown, Some(SyncMode::Flexible))?);
                    legacy_synced = Some(file_name(&svc));
                } else if let Some(ps) = config.get("sync") {
                    sync = Some(parse_sync(ps, &shown, Some(SyncMode::Partition))?);
                    legacy_synced = Some(file_name(&svc));
                }
            }
        }
    }

    let sync_path = root.join("sync").join("config.json");
    // A symlinked `sync/` directory leaving the app is refused like `data_sources/` and `services/`.
    check_inside(&root.join("sync"), root)?;
    if std::fs::symlink_metadata(&sync_path).is_ok() {
        let doc = read_document(&sync_path, Some(root))?;
        sync = Some(parse_sync(&doc, &display_path(&sync_path), None)?);
    }

    // Titles are unique per data source (each service of a legacy export is one): the synced data
    // source's collections go first, so that its types keep their titles (see `build`).
    if let Some(synced) = sync.as_ref().and_then(|s| s.service_name.clone()).or(legacy_synced) {
        raws.sort_by_key(|r| r.ns.data_source != synced);
    }
    let mut schema = build(raws, &mut diags)?;
    if let Some(sync) = &sync {
        apply_asymmetric(&mut schema, sync);
    }
    schema.sync = sync;
    if !default_rules.is_empty() || !coll_rules.is_empty() {
        let mut perms = Permissions {
            default_rules,
            ..Default::default()
        };
        for (ns, set) in coll_rules {
            // Keyed by the object type of the collection, else by the namespace.
            let key = schema
                .types
                .values()
                .find(|t| t.namespace.as_ref() == Some(&ns))
                .map(|t| t.name.clone())
                .unwrap_or_else(|| ns.to_string());
            perms.collections.insert(key, set);
        }
        schema.permissions = Some(perms);
    }
    Ok(Loaded {
        schema,
        root: display_path(root),
        kind,
        diagnostics: diags,
    })
}

/// Loads a single collection schema file (`schema.json`, YAML, or a legacy rules file).
pub fn load_single_schema(node: &Node, file: &str) -> Result<Loaded, LoadError> {
    let (schema_node, relationships, ns) = if node.get("schema").is_some_and(|s| s.as_object().is_some()) {
        let database = node.get("database").and_then(Node::as_str).unwrap_or("").to_string();
        let collection = node.get("collection").and_then(Node::as_str).unwrap_or("").to_string();
        (
            node.get("schema").cloned().unwrap_or_else(|| node.clone()),
            node.get("relationships").cloned(),
            Namespace {
                data_source: String::new(),
                database,
                collection,
            },
        )
    } else {
        (
            node.clone(),
            None,
            Namespace {
                data_source: String::new(),
                database: String::new(),
                collection: String::new(),
            },
        )
    };
    let mut diags = Vec::new();
    let raw = RawCollection {
        ns,
        schema_file: file.to_string(),
        schema: schema_node,
        rel_file: file.to_string(),
        relationships,
    };
    let schema = build(vec![raw], &mut diags)?;
    Ok(Loaded {
        schema,
        root: file.to_string(),
        kind: InputKind::ServerSchema,
        diagnostics: diags,
    })
}

fn apply_asymmetric(schema: &mut Schema, sync: &SyncConfig) {
    for t in schema.types.values_mut() {
        if t.kind != ObjectKind::TopLevel {
            continue;
        }
        let coll = t.namespace.as_ref().map(|n| n.collection.as_str()).unwrap_or("");
        if sync.asymmetric_tables.iter().any(|a| a == coll || *a == t.name) {
            t.kind = ObjectKind::Asymmetric;
        }
    }
}

fn str_list(node: Option<&Node>, file: &str, what: &str) -> Result<Vec<String>, LoadError> {
    let Some(node) = node else { return Ok(Vec::new()) };
    if node.is_null() {
        return Ok(Vec::new());
    }
    let arr = node.as_array().ok_or_else(|| {
        LoadError::new(
            file,
            node.pos,
            format!("\"{what}\" must be an array of strings, found {}", node.kind_name()),
        )
    })?;
    arr.iter()
        .map(|n| {
            n.as_str().map(str::to_string).ok_or_else(|| {
                LoadError::new(
                    file,
                    n.pos,
                    format!("\"{what}\" must hold strings, found {}", n.kind_name()),
                )
            })
        })
        .collect()
}

/// Parses `sync/config.json` (or the legacy `flexible_sync`/`sync` block).
pub fn parse_sync(node: &Node, file: &str, mode_hint: Option<SyncMode>) -> Result<SyncConfig, LoadError> {
    if node.as_object().is_none() {
        return Err(LoadError::new(
            file,
            node.pos,
            format!("sync configuration must be an object, found {}", node.kind_name()),
        ));
    }
    let mut cfg = SyncConfig {
        location: span(file, node),
        ..Default::default()
    };
    cfg.mode = match node.get("type").and_then(Node::as_str) {
        Some("flexible") => Some(SyncMode::Flexible),
        Some("partition") => Some(SyncMode::Partition),
        Some(other) => {
            return Err(LoadError::new(
                file,
                node.key_pos("type"),
                format!("unknown sync type \"{other}\": expected \"flexible\" or \"partition\""),
            ));
        }
        None if node.get("partition").is_some() => Some(SyncMode::Partition),
        None if node.get("queryable_fields_names").is_some() => Some(SyncMode::Flexible),
        None => mode_hint,
    };
    cfg.state = node.get("state").and_then(Node::as_str).map(str::to_string);
    cfg.development_mode_enabled = node
        .get("development_mode_enabled")
        .and_then(Node::as_bool)
        .unwrap_or(false);
    cfg.service_name = node.get("service_name").and_then(Node::as_str).map(str::to_string);
    cfg.database_name = node.get("database_name").and_then(Node::as_str).map(str::to_string);
    cfg.queryable_fields = str_list(node.get("queryable_fields_names"), file, "queryable_fields_names")?;
    cfg.indexed_queryable_fields = str_list(
        node.get("indexed_queryable_fields_names"),
        file,
        "indexed_queryable_fields_names",
    )?;
    cfg.asymmetric_tables = str_list(node.get("asymmetric_tables"), file, "asymmetric_tables")?;
    if let Some(c) = node.get("collection_queryable_fields_names") {
        let entries = c.as_object().ok_or_else(|| {
            LoadError::new(
                file,
                c.pos,
                format!(
                    "\"collection_queryable_fields_names\" must be an object, found {}",
                    c.kind_name()
                ),
            )
        })?;
        for (k, _, v) in entries {
            cfg.collection_queryable_fields
                .insert(k.clone(), str_list(Some(v), file, k)?);
        }
    }
    if let Some(p) = node.get("partition") {
        cfg.partition_key = p.get("key").and_then(Node::as_str).map(str::to_string);
        cfg.partition_key_type = p.get("type").and_then(Node::as_str).map(str::to_string);
        cfg.partition_key_required = p.get("required").and_then(Node::as_bool);
        cfg.partition_permissions = p.get("permissions").map(Node::to_json);
    }
    cfg.flexible_permissions = node.get("permissions").map(Node::to_json);
    cfg.recovery_mode_disabled = node.get("is_recovery_mode_disabled").and_then(Node::as_bool);
    cfg.client_max_offline_days = node
        .get("client_max_offline_days")
        .filter(|n| !n.is_null())
        .map(Node::to_json);
    Ok(cfg)
}

/// Builds the model from raw collections: converts schemas, then resolves relationships.
fn build(raws: Vec<RawCollection>, diags: &mut Vec<Diagnostic>) -> Result<Schema, LoadError> {
    let mut schema = Schema::new(Side::Server);
    let mut embedded: BTreeMap<String, ObjectType> = BTreeMap::new();
    let mut by_ns: BTreeMap<(String, String, String), String> = BTreeMap::new();
    // (type name, relationships node, file)
    let mut pending: Vec<(String, Node, String)> = Vec::new();

    for raw in raws {
        let file = raw.schema_file.as_str();
        let node = &raw.schema;
        let Some(entries) = node.as_object() else {
            return Err(LoadError::new(
                file,
                node.pos,
                format!("a collection schema must be an object, found {}", node.kind_name()),
            ));
        };
        if entries.is_empty() {
            diags.push(Diagnostic::new(
                &kinds::SCHEMA_EMPTY,
                raw.ns.collection.clone(),
                span(file, node),
                format!("collection {} has an empty schema", raw.ns),
            ));
            continue;
        }
        match root_type(node, file)? {
            RootType::Object => {}
            RootType::Missing => diags.push(Diagnostic::new(
                &kinds::ROOT_BSON_TYPE_MISSING,
                type_name_hint(node, &raw.ns),
                span(file, node),
                "schema root has no \"bsonType\"; read as \"object\"",
            )),
        }
        let name = match node.get("title") {
            Some(t) => t
                .as_str()
                .ok_or_else(|| {
                    LoadError::new(
                        file,
                        t.pos,
                        format!("\"title\" must be a string, found {}", t.kind_name()),
                    )
                })?
                .to_string(),
            None => {
                let name = if raw.ns.collection.is_empty() {
                    "Unnamed".to_string()
                } else {
                    raw.ns.collection.clone()
                };
                diags.push(Diagnostic::new(
                    &kinds::TITLE_MISSING,
                    name.clone(),
                    span(file, node),
                    format!("schema has no \"title\"; using the collection name \"{name}\" as the type name"),
                ));
                name
            }
        };
        // One title namespace per data source (an Atlas service of a legacy `services/` export):
        // the same title in another data source is another type, keyed `Title@data_source`
        // (the synced data source, loaded first, keeps the plain title).
        let other_source = |t: &ObjectType| {
            !raw.ns.data_source.is_empty()
                && t.namespace
                    .as_ref()
                    .is_some_and(|n| !n.data_source.is_empty() && n.data_source != raw.ns.data_source)
        };
        let name = match schema.types.get(&name) {
            Some(existing) if other_source(existing) => format!("{name}@{}", raw.ns.data_source),
            _ => name,
        };
        if let Some(existing) = schema.types.get(&name) {
            let other = existing.location.as_ref().map(|l| l.file.clone()).unwrap_or_default();
            diags.push(Diagnostic::new(
                &kinds::DUPLICATE_TITLE,
                name.clone(),
                location(file, node.key_pos("title")),
                format!(
                    "title \"{name}\" is also used by {other}; this collection ({}) is left out of the model",
                    raw.ns
                ),
            ));
            continue;
        }
        let mut ctx = Ctx {
            file,
            diags,
            embedded: &mut embedded,
        };
        let mut ty = ObjectType::new(name.clone(), ObjectKind::TopLevel);
        ty.location = span(file, node);
        ty.properties = object_properties(node, &name, &mut ctx)?;
        ty.constraints = constraints_of(node);
        if ty.properties.contains_key("_id") {
            ty.primary_key = Some("_id".to_string());
        }
        if !raw.ns.collection.is_empty() {
            by_ns.insert(
                (
                    raw.ns.data_source.clone(),
                    raw.ns.database.clone(),
                    raw.ns.collection.clone(),
                ),
                name.clone(),
            );
            ty.namespace = Some(raw.ns.clone());
        }
        if let Some(rel) = raw.relationships {
            pending.push((name.clone(), rel, raw.rel_file.clone()));
        }
        schema.types.insert(name, ty);
    }
    for (name, t) in embedded {
        if schema.types.contains_key(&name) {
            diags.push(Diagnostic::new(
                &kinds::EMBEDDED_TITLE_CONFLICT,
                name.clone(),
                t.location.clone(),
                format!("embedded object title \"{name}\" is also a collection's title"),
            ));
            continue;
        }
        schema.types.insert(name, t);
    }
    for (owner, rel, file) in pending {
        resolve_relationships(&mut schema, &owner, &rel, &file, &by_ns, diags)?;
    }
    Ok(schema)
}

fn type_name_hint(node: &Node, ns: &Namespace) -> String {
    node.get("title")
        .and_then(Node::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| ns.collection.clone())
}

enum RootType {
    Object,
    Missing,
}

fn root_type(node: &Node, file: &str) -> Result<RootType, LoadError> {
    let key = if node.get("bsonType").is_some() {
        "bsonType"
    } else {
        "type"
    };
    match node.get(key) {
        None => Ok(RootType::Missing),
        Some(v) if v.as_str() == Some("object") => Ok(RootType::Object),
        Some(v) => Err(LoadError::new(
            file,
            v.pos,
            format!("the schema root must have \"{key}\": \"object\", found {}", describe(v)),
        )),
    }
}

fn describe(v: &Node) -> String {
    match &v.value {
        Value::String(s) => format!("\"{s}\""),
        _ => v.kind_name().to_string(),
    }
}

/// A field's path in findings (`Type.field`, `Type.field[]` for its elements), formatted only
/// when a finding needs it: most fields produce none.
#[derive(Clone, Copy)]
struct FieldPath<'a> {
    owner: &'a str,
    name: &'a str,
    items: bool,
}

impl FieldPath<'_> {
    fn text(self) -> String {
        let mut s = String::with_capacity(self.owner.len() + self.name.len() + 3);
        s.push_str(self.owner);
        s.push('.');
        s.push_str(self.name);
        if self.items {
            s.push_str("[]");
        }
        s
    }

    /// The name given to an embedded object type without a title.
    fn derived_name(self) -> String {
        format!("{}_{}", self.owner, self.name)
    }
}

struct Ctx<'a> {
    file: &'a str,
    diags: &'a mut Vec<Diagnostic>,
    embedded: &'a mut BTreeMap<String, ObjectType>,
}

fn object_properties(node: &Node, type_name: &str, ctx: &mut Ctx) -> Result<BTreeMap<String, Property>, LoadError> {
    let file = ctx.file;
    for (k, kpos, _) in node.as_object().unwrap_or(&[]) {
        if !KEYWORDS.contains(&k.as_str()) {
            let hint = match did_you_mean(k, KEYWORDS.iter().copied()) {
                Some(c) => format!("did you mean \"{c}\"?"),
                None => "a property belongs under \"properties\"".to_string(),
            };
            ctx.diags.push(Diagnostic::new(
                &kinds::STRAY_SCHEMA_KEY,
                format!("{type_name}.{k}"),
                location(file, *kpos),
                format!("\"{k}\" is not a schema keyword; it is ignored ({hint})"),
            ));
        }
    }
    let mut required: Vec<(&str, Pos)> = Vec::new();
    if let Some(r) = node.get("required") {
        let arr = r.as_array().ok_or_else(|| {
            LoadError::new(
                file,
                r.pos,
                format!("\"required\" must be an array of field names, found {}", r.kind_name()),
            )
        })?;
        required.reserve(arr.len());
        for n in arr {
            let s = n.as_str().ok_or_else(|| {
                LoadError::new(
                    file,
                    n.pos,
                    format!("\"required\" must hold field names (strings), found {}", n.kind_name()),
                )
            })?;
            required.push((s, n.pos));
        }
    }
    // Sorted name lists, not scans: a long `required` list and many properties made loading
    // quadratic; binary search in a sorted list of borrowed names neither hashes nor allocates
    // per name.
    let mut required_names: Vec<&str> = required.iter().map(|(r, _)| *r).collect();
    required_names.sort_unstable();
    let is_required = |n: &str| required_names.binary_search(&n).is_ok();
    let entries = match node.get("properties") {
        Some(p) => p.as_object().ok_or_else(|| {
            LoadError::new(
                file,
                p.pos,
                format!("\"properties\" must be an object, found {}", p.kind_name()),
            )
        })?,
        None => &[],
    };
    let mut declared: Vec<&str> = entries.iter().map(|(k, _, _)| k.as_str()).collect();
    declared.sort_unstable();
    // Collected in a vector and built into the map at once (the parser refused duplicate keys):
    // inserting one by one moved whole `Property` values around inside the tree's nodes.
    let mut props: Vec<(String, Property)> = Vec::with_capacity(entries.len());
    for (name, kpos, pnode) in entries {
        if let Some(mut prop) = property(name, *kpos, pnode, is_required(name), type_name, ctx)? {
            prop.location = entry_span(file, *kpos, pnode);
            props.push((name.clone(), prop));
        }
    }
    let props: BTreeMap<String, Property> = props.into_iter().collect();
    // Suggestions for misspelt required names: candidates listed once (only when a name is
    // missing), and at most `SUGGESTIONS` names get one, so a schema with thousands of stray
    // names stays linear.
    const SUGGESTIONS: usize = 32;
    let mut candidates: Option<Vec<&str>> = None;
    let mut suggestions_left = SUGGESTIONS;
    for &(r, pos) in &required {
        match props.get(r) {
            None if declared.binary_search(&r).is_err() => {
                let hint = if suggestions_left > 0 {
                    suggestions_left -= 1;
                    let candidates = candidates.get_or_insert_with(|| {
                        // `declared` is sorted, so the candidates are too.
                        declared.iter().copied().filter(|d| !is_required(d)).collect()
                    });
                    suggestion(r, candidates.iter().copied())
                } else {
                    String::new()
                };
                ctx.diags.push(Diagnostic::new(
                    &kinds::REQUIRED_FIELD_MISSING,
                    format!("{type_name}.{r}"),
                    location(file, pos),
                    format!("\"{r}\" is listed in \"required\" but has no entry in \"properties\"{hint}"),
                ))
            }
            Some(p) if p.ty.is_collection() => ctx.diags.push(Diagnostic::new(
                &kinds::REQUIRED_COLLECTION,
                format!("{type_name}.{r}"),
                location(file, pos),
                format!(
                    "\"{r}\" is a collection ({}) listed in \"required\"",
                    crate::model::type_shorthand(&p.ty, p.optional)
                ),
            )),
            _ => {}
        }
    }
    Ok(props)
}

/// The declared type of a schema node.
struct TypeSpec<'a> {
    name: std::borrow::Cow<'a, str>,
    nullable: bool,
    /// Position of the `bsonType`/`type` value (or of the node).
    pos: Pos,
    /// Read from JSON-Schema `type` rather than `bsonType`.
    json_type: bool,
}

fn type_spec<'a>(node: &'a Node, path: FieldPath, ctx: &mut Ctx) -> Result<TypeSpec<'a>, LoadError> {
    let file = ctx.file;
    let (key, json_type) = if node.get("bsonType").is_some() {
        ("bsonType", false)
    } else {
        ("type", true)
    };
    let Some(v) = node.get(key) else {
        let implied = if node.get("properties").is_some() || node.get("title").is_some() {
            "object"
        } else if node.get("items").is_some() {
            "array"
        } else if node.get("additionalProperties").is_some() {
            "object"
        } else {
            ctx.diags.push(Diagnostic::new(
                &kinds::TYPE_UNION,
                path.text(),
                span(file, node),
                "the field declares no \"bsonType\", so it accepts any type; read as \"mixed\"",
            ));
            "mixed"
        };
        return Ok(TypeSpec {
            name: std::borrow::Cow::Borrowed(implied),
            nullable: false,
            pos: node.pos,
            json_type: false,
        });
    };
    // The common case, one type name, is borrowed from the document.
    if let Value::String(s) = &v.value
        && s != "null"
    {
        return Ok(TypeSpec {
            name: std::borrow::Cow::Borrowed(s),
            nullable: false,
            pos: v.pos,
            json_type,
        });
    }
    let names: Vec<&str> = match &v.value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str().ok_or_else(|| {
                    LoadError::new(
                        file,
                        i.pos,
                        format!("\"{key}\" entries must be strings, found {}", i.kind_name()),
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(LoadError::new(
                file,
                v.pos,
                format!(
                    "\"{key}\" must be a string or an array of strings, found {}",
                    v.kind_name()
                ),
            ));
        }
    };
    let nullable = names.contains(&"null");
    let mut rest: Vec<&str> = names.into_iter().filter(|n| *n != "null").collect();
    rest.dedup();
    let name = match rest.len() {
        0 => {
            return Err(LoadError::new(
                file,
                v.pos,
                format!("\"{key}\" allows only null; a synced field needs a type"),
            ));
        }
        1 => std::borrow::Cow::Borrowed(rest[0]),
        _ => {
            ctx.diags.push(Diagnostic::new(
                &kinds::TYPE_UNION,
                path.text(),
                span(file, v),
                format!("\"{key}\" allows {}; read as \"mixed\"", rest.join(", ")),
            ));
            "mixed".into()
        }
    };
    Ok(TypeSpec {
        name,
        nullable,
        pos: v.pos,
        json_type,
    })
}

/// What a scalar type name means, after aliases. `None` = no Realm equivalent (reported).
fn scalar_of(spec: &TypeSpec, path: FieldPath, ctx: &mut Ctx) -> Result<Option<ScalarType>, LoadError> {
    let file = ctx.file;
    if spec.json_type {
        if let Some((_, s)) = mapping::JSON_TYPES.iter().find(|(j, _)| *j == spec.name) {
            ctx.diags.push(Diagnostic::new(
                &kinds::BSON_TYPE_NORMALIZED,
                path.text(),
                location(file, spec.pos),
                format!(
                    "JSON-Schema \"type\": \"{}\" read as Realm {}",
                    spec.name,
                    mapping::realm_name(*s)
                ),
            ));
            return Ok(Some(*s));
        }
        if spec.name == "null" {
            return Err(LoadError::new(
                file,
                spec.pos,
                "\"type\": \"null\" alone cannot be synced",
            ));
        }
        let hint = suggestion(&spec.name, ["object", "array", "string", "boolean", "number"]);
        return Err(LoadError::new(
            file,
            spec.pos,
            format!(
                "unknown JSON-Schema type \"{}\"{hint}: expected object, array, string, boolean, number (or use \"bsonType\")",
                spec.name
            ),
        ));
    }
    match mapping::from_bson(&spec.name) {
        BsonLookup::Exact(s) => Ok(Some(s)),
        BsonLookup::Alias(s, note) => {
            ctx.diags.push(Diagnostic::new(
                &kinds::BSON_TYPE_NORMALIZED,
                path.text(),
                location(file, spec.pos),
                note,
            ));
            Ok(Some(s))
        }
        BsonLookup::NoRealmEquivalent => {
            ctx.diags.push(Diagnostic::new(
                &kinds::BSON_TYPE_NO_REALM_EQUIVALENT,
                path.text(),
                location(file, spec.pos),
                format!(
                    "bsonType \"{}\" has no Realm equivalent; the field is left out of the model",
                    spec.name
                ),
            ));
            Ok(None)
        }
        BsonLookup::Unknown => {
            let accepted = mapping::accepted_bson_types();
            let hint = suggestion(&spec.name, accepted.split(", "));
            Err(LoadError::new(
                file,
                spec.pos,
                format!("unknown bsonType \"{}\"{hint}: expected one of {accepted}", spec.name),
            ))
        }
    }
}

fn property(
    name: &str,
    kpos: Pos,
    node: &Node,
    required: bool,
    owner: &str,
    ctx: &mut Ctx,
) -> Result<Option<Property>, LoadError> {
    let path = FieldPath {
        owner,
        name,
        items: false,
    };
    if node.as_object().is_none() {
        return Err(LoadError::new(
            ctx.file,
            node.pos,
            format!(
                "property \"{name}\" must be a schema object (e.g. {{\"bsonType\": \"string\"}}), found {}",
                node.kind_name()
            ),
        ));
    }
    let _ = kpos;
    unknown_keys(node, path, ctx);
    let spec = type_spec(node, path, ctx)?;
    let ty_and_opt = match &*spec.name {
        "object" => object_field(node, path, ctx)?.map(|(ty, elem_opt)| {
            let optional = match &ty {
                PropertyType::Value {
                    collection: Collection::Single,
                    ..
                } => !required || spec.nullable,
                _ => elem_opt,
            };
            (ty, optional)
        }),
        "array" => array_field(node, path, ctx)?,
        _ => scalar_of(&spec, path, ctx)?.map(|s| (PropertyType::single(s), !required || spec.nullable)),
    };
    Ok(ty_and_opt.map(|(ty, optional)| {
        let mut p = Property::new(name, ty, optional);
        p.stored_bson_type = node.get("bsonType").map(Node::to_json);
        p.constraints = constraints_of(node);
        // Element constraints of an array (`items.enum` ...), unless the element is an object type.
        if spec.name == "array"
            && let Some(items) = node.get("items")
            && p.ty.target().is_none()
        {
            for (k, v) in constraints_of(items) {
                p.constraints.insert(format!("items.{k}"), v);
            }
        }
        p
    }))
}

/// An `unknown_schema_key` finding for each key of a field's schema that is not a schema keyword
/// (a misspelt `"bsonType:"` would otherwise make the field silently untyped). Object fields
/// with `properties` are checked by `object_properties`, like the root.
fn unknown_keys(node: &Node, path: FieldPath, ctx: &mut Ctx) {
    let is_object_type = node
        .get("properties")
        .and_then(Node::as_object)
        .is_some_and(|p| !p.is_empty())
        || node.get("title").is_some();
    if is_object_type {
        return;
    }
    for (k, kpos, _) in node.as_object().unwrap_or(&[]) {
        if KEYWORDS.contains(&k.as_str()) {
            continue;
        }
        let hint = match did_you_mean(k, KEYWORDS.iter().copied()) {
            Some(c) => format!(" (did you mean \"{c}\"?)"),
            None => String::new(),
        };
        ctx.diags.push(Diagnostic::new(
            &kinds::UNKNOWN_SCHEMA_KEY,
            path.text(),
            location(ctx.file, *kpos),
            format!("\"{k}\" is not a schema keyword; it is ignored{hint}"),
        ));
    }
}

/// A `bsonType: object` field: an embedded object (has `properties`/`title`), a dictionary
/// (`additionalProperties`), or an untyped object.
fn object_field(node: &Node, path: FieldPath, ctx: &mut Ctx) -> Result<Option<(PropertyType, bool)>, LoadError> {
    let has_props = node
        .get("properties")
        .and_then(Node::as_object)
        .is_some_and(|p| !p.is_empty());
    if let Some(ap) = node.get("additionalProperties")
        && !has_props
        && node.get("title").is_none()
    {
        // Dictionary.
        return Ok(match &ap.value {
            Value::Bool(true) => Some((dict(Element::Scalar(ScalarType::Mixed)), true)),
            Value::Object(_) => element(ap, path, ctx)?.map(|(e, opt)| {
                let is_obj = matches!(e, Element::Object(_));
                (dict(e), opt || is_obj)
            }),
            Value::Bool(false) => {
                ctx.diags.push(Diagnostic::new(
                    &kinds::UNTYPED_OBJECT,
                    path.text(),
                    span(ctx.file, ap),
                    "object with \"additionalProperties\": false and no properties; read as a dictionary of mixed",
                ));
                Some((dict(Element::Scalar(ScalarType::Mixed)), true))
            }
            _ => {
                return Err(LoadError::new(
                    ctx.file,
                    ap.pos,
                    format!(
                        "\"additionalProperties\" must be a schema object or a boolean, found {}",
                        ap.kind_name()
                    ),
                ));
            }
        });
    }
    if has_props || node.get("title").is_some() {
        let tname = embedded_type(node, path, ctx)?;
        return Ok(Some((
            PropertyType::Value {
                collection: Collection::Single,
                element: Element::Object(tname),
            },
            true,
        )));
    }
    ctx.diags.push(Diagnostic::new(
        &kinds::UNTYPED_OBJECT,
        path.text(),
        span(ctx.file, node),
        "object field without \"properties\" or \"additionalProperties\"; read as a dictionary of mixed",
    ));
    Ok(Some((dict(Element::Scalar(ScalarType::Mixed)), true)))
}

fn dict(e: Element) -> PropertyType {
    PropertyType::Value {
        collection: Collection::Dictionary,
        element: e,
    }
}

fn array_field(node: &Node, path: FieldPath, ctx: &mut Ctx) -> Result<Option<(PropertyType, bool)>, LoadError> {
    let collection = if node.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
        Collection::Set
    } else {
        Collection::List
    };
    let Some(items) = node.get("items") else {
        ctx.diags.push(Diagnostic::new(
            &kinds::ITEMS_MISSING,
            path.text(),
            span(ctx.file, node),
            "array without \"items\"; read as a list of mixed",
        ));
        return Ok(Some((
            PropertyType::Value {
                collection,
                element: Element::Scalar(ScalarType::Mixed),
            },
            true,
        )));
    };
    if items.as_array().is_some() {
        ctx.diags.push(Diagnostic::new(
            &kinds::TYPE_UNION,
            path.text(),
            span(ctx.file, items),
            "tuple-form \"items\" (an array of schemas) has no Realm equivalent; read as a list of mixed",
        ));
        return Ok(Some((
            PropertyType::Value {
                collection,
                element: Element::Scalar(ScalarType::Mixed),
            },
            true,
        )));
    }
    Ok(element(items, path, ctx)?.map(|(e, opt)| (PropertyType::Value { collection, element: e }, opt)))
}

/// A collection element schema → element and element nullability.
fn element(node: &Node, path: FieldPath, ctx: &mut Ctx) -> Result<Option<(Element, bool)>, LoadError> {
    if node.as_object().is_none() {
        return Err(LoadError::new(
            ctx.file,
            node.pos,
            format!("element schema must be an object, found {}", node.kind_name()),
        ));
    }
    unknown_keys(node, FieldPath { items: true, ..path }, ctx);
    let spec = type_spec(node, path, ctx)?;
    match &*spec.name {
        "object" => {
            let has_props = node
                .get("properties")
                .and_then(Node::as_object)
                .is_some_and(|p| !p.is_empty());
            if has_props || node.get("title").is_some() {
                let t = embedded_type(node, path, ctx)?;
                Ok(Some((Element::Object(t), spec.nullable)))
            } else {
                ctx.diags.push(Diagnostic::new(
                    &kinds::UNTYPED_OBJECT,
                    path.text(),
                    span(ctx.file, node),
                    "collection of untyped objects; read as a collection of mixed",
                ));
                Ok(Some((Element::Scalar(ScalarType::Mixed), true)))
            }
        }
        "array" => {
            ctx.diags.push(Diagnostic::new(
                &kinds::BSON_TYPE_NO_REALM_EQUIVALENT,
                path.text(),
                location(ctx.file, spec.pos),
                "nested arrays have no Realm property type (only inside mixed); the field is left out of the model",
            ));
            Ok(None)
        }
        _ => Ok(scalar_of(&spec, path, ctx)?.map(|s| (Element::Scalar(s), spec.nullable || s == ScalarType::Mixed))),
    }
}

/// Registers an embedded object type from an inline object schema; returns its name.
fn embedded_type(node: &Node, path: FieldPath, ctx: &mut Ctx) -> Result<String, LoadError> {
    let name = match node.get("title") {
        Some(t) => t
            .as_str()
            .ok_or_else(|| {
                LoadError::new(
                    ctx.file,
                    t.pos,
                    format!("\"title\" must be a string, found {}", t.kind_name()),
                )
            })?
            .to_string(),
        None => {
            ctx.diags.push(Diagnostic::new(
                &kinds::EMBEDDED_TITLE_MISSING,
                path.text(),
                span(ctx.file, node),
                format!("embedded object without \"title\"; named \"{}\"", path.derived_name()),
            ));
            path.derived_name()
        }
    };
    let mut ty = ObjectType::new(name.clone(), ObjectKind::Embedded);
    ty.location = span(ctx.file, node);
    ty.properties = object_properties(node, &name, ctx)?;
    ty.constraints = constraints_of(node);
    match ctx.embedded.get(&name) {
        Some(existing) => {
            if !same_shape(existing, &ty) {
                let first = existing.location.clone().map(|l| l.to_string()).unwrap_or_default();
                ctx.diags.push(Diagnostic::new(
                    &kinds::EMBEDDED_TITLE_CONFLICT,
                    name.clone(),
                    span(ctx.file, node),
                    format!(
                        "embedded object \"{name}\" differs from its first definition at {first}; the first is used"
                    ),
                ));
            }
        }
        None => {
            ctx.embedded.insert(name.clone(), ty);
        }
    }
    Ok(name)
}

fn same_shape(a: &ObjectType, b: &ObjectType) -> bool {
    a.properties.len() == b.properties.len()
        && a.properties
            .iter()
            .zip(b.properties.iter())
            .all(|((ka, pa), (kb, pb))| ka == kb && pa.ty == pb.ty && pa.optional == pb.optional)
}

/// Parses `#/relationship/<data source>/<db>/<collection>`.
fn parse_ref(r: &str) -> Option<(String, String, String)> {
    let rest = r.strip_prefix("#/relationship/")?;
    let mut parts = rest.splitn(3, '/');
    let ds = parts.next()?.to_string();
    let db = parts.next()?.to_string();
    let coll = parts.next()?.to_string();
    if ds.is_empty() || db.is_empty() || coll.is_empty() {
        return None;
    }
    Some((ds, db, coll))
}

fn resolve_relationships(
    schema: &mut Schema,
    owner: &str,
    rel: &Node,
    file: &str,
    by_ns: &BTreeMap<(String, String, String), String>,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), LoadError> {
    let Some(entries) = rel.as_object() else {
        return Err(LoadError::new(
            file,
            rel.pos,
            format!(
                "relationships must be an object keyed by field, found {}",
                rel.kind_name()
            ),
        ));
    };
    for (key, kpos, entry) in entries {
        let path = format!("{owner}.{key}");
        let loc = entry_span(file, *kpos, entry);
        if entry.as_object().is_none() {
            return Err(LoadError::new(
                file,
                entry.pos,
                format!("relationship \"{key}\" must be an object, found {}", entry.kind_name()),
            ));
        }
        let Some(r) = entry.get("ref").and_then(Node::as_str) else {
            return Err(LoadError::new(
                file,
                entry.pos,
                format!("relationship \"{key}\" has no \"ref\" string"),
            ));
        };
        let legacy = entry.get("foreignKey").is_some() || entry.get("isList").is_some();
        if legacy {
            diags.push(Diagnostic::new(
                &kinds::RELATIONSHIP_LEGACY_KEYS,
                &path,
                loc.clone(),
                "uses \"foreignKey\"/\"isList\"",
            ));
        }
        let fk = entry
            .get("foreign_key")
            .or_else(|| entry.get("foreignKey"))
            .and_then(Node::as_str)
            .unwrap_or("_id");
        let is_list = entry
            .get("is_list")
            .or_else(|| entry.get("isList"))
            .and_then(Node::as_bool);
        if fk != "_id" {
            diags.push(Diagnostic::new(
                &kinds::RELATIONSHIP_FOREIGN_KEY_NOT_ID,
                &path,
                loc.clone(),
                format!("foreign_key is \"{fk}\""),
            ));
        }
        let target = match parse_ref(r) {
            None => {
                return Err(LoadError::new(
                    file,
                    entry.get("ref").map(|n| n.pos).unwrap_or(entry.pos),
                    format!(
                        "relationship ref \"{r}\" is malformed: expected #/relationship/<data source>/<database>/<collection>"
                    ),
                ));
            }
            Some(ns) => {
                // A single schema file has no data source: match on database/collection alone.
                let found = by_ns.get(&ns).cloned().or_else(|| {
                    by_ns
                        .iter()
                        .find(|((ds, db, c), _)| ds.is_empty() && *db == ns.1 && *c == ns.2)
                        .map(|(_, t)| t.clone())
                });
                match found {
                    Some(t) => t,
                    None => {
                        diags.push(Diagnostic::new(
                            &kinds::RELATIONSHIP_REF_DANGLING,
                            &path,
                            loc.clone(),
                            format!(
                                "ref \"{r}\" names a collection with no schema here; the field stays a plain value"
                            ),
                        ));
                        continue;
                    }
                }
            }
        };
        if key == "_id" {
            diags.push(Diagnostic::new(
                &kinds::RELATIONSHIP_ON_ID,
                &path,
                loc.clone(),
                "relationship on \"_id\"",
            ));
            continue;
        }
        let target_pk = schema
            .types
            .get(&target)
            .and_then(|t| t.properties.get("_id"))
            .and_then(|p| p.ty.element().cloned());
        // Walk the dotted path: a.b, a.[].b
        let segments: Vec<&str> = key.split('.').filter(|s| *s != "[]").collect();
        let mut ty_name = owner.to_string();
        let mut ok = true;
        for seg in &segments[..segments.len().saturating_sub(1)] {
            match schema
                .property(&ty_name, seg)
                .and_then(|p| p.ty.target())
                .map(str::to_string)
            {
                Some(next) if schema.kind_of(&next) == Some(ObjectKind::Embedded) => ty_name = next,
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        let leaf = segments.last().copied().unwrap_or(key.as_str());
        let prop = if ok {
            schema.types.get_mut(&ty_name).and_then(|t| t.properties.get_mut(leaf))
        } else {
            None
        };
        let Some(prop) = prop else {
            diags.push(Diagnostic::new(
                &kinds::RELATIONSHIP_FIELD_MISSING,
                &path,
                loc.clone(),
                format!("relationship key \"{key}\" names no field of {owner}"),
            ));
            continue;
        };
        let PropertyType::Value { collection, element } = &mut prop.ty else {
            continue;
        };
        if let Some(is_list) = is_list {
            let field_is_collection = *collection != Collection::Single;
            if is_list != field_is_collection {
                diags.push(Diagnostic::new(
                    &kinds::RELATIONSHIP_IS_LIST_MISMATCH,
                    &path,
                    loc.clone(),
                    format!(
                        "is_list is {is_list} but the field is {}",
                        if field_is_collection {
                            "a collection"
                        } else {
                            "a single value"
                        }
                    ),
                ));
            }
        }
        match (&*element, &target_pk) {
            (Element::Scalar(s), Some(Element::Scalar(pk))) if mapping::server_equivalent(*s, *pk) => {}
            (Element::Scalar(s), Some(Element::Scalar(pk))) => {
                diags.push(Diagnostic::new(
                    &kinds::RELATIONSHIP_TYPE_MISMATCH,
                    &path,
                    loc.clone(),
                    format!(
                        "field holds {} but {target}._id is {}",
                        mapping::bson_type(*s),
                        mapping::bson_type(*pk)
                    ),
                ));
            }
            // A second path to a link inside a shared embedded type: already resolved.
            (Element::Object(t), _) if *t == target => continue,
            (Element::Object(_), _) => {
                diags.push(Diagnostic::new(
                    &kinds::RELATIONSHIP_TYPE_MISMATCH,
                    &path,
                    loc.clone(),
                    "the field is an embedded object, not a primary-key value".to_string(),
                ));
                continue;
            }
            _ => {}
        }
        *element = Element::Object(target);
        if *collection == Collection::Dictionary {
            prop.optional = true;
        } else if *collection != Collection::Single {
            prop.optional = false;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_parse() {
        assert_eq!(
            parse_ref("#/relationship/mongodb-atlas/db/Coll"),
            Some(("mongodb-atlas".into(), "db".into(), "Coll".into()))
        );
        assert_eq!(parse_ref("#/relationship/x/y"), None);
        assert_eq!(parse_ref("Coll"), None);
    }
}
