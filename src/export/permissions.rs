//! The read and write permissions of an app export, as far as `export` needs them: the partition
//! permissions of partition-based sync, and the roles of each collection (current layout
//! `data_sources/<ds>/<db>/<coll>/rules.json` and `data_sources/<ds>/default_rule.json`; legacy layout
//! `services/<svc>/rules/<db>.<coll>.json` and the `flexible_sync.permissions` block of the service).
//!
//! Files that are missing are simply absent; a file that is present but not JSON is an error of
//! the caller's input (the message names the file).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// One role, normalised over the current (`apply_when`, `document_filters`) and legacy
/// (`applyWhen`) spellings.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub name: String,
    /// `None` or an empty object: the role applies to every user.
    pub apply_when: Option<Value>,
    pub read: Option<Value>,
    pub write: Option<Value>,
    pub filter_read: Option<Value>,
    pub filter_write: Option<Value>,
    /// Insert/delete/field-level rules, quoted in findings (they move to the backend).
    pub other_write_rules: Vec<String>,
}

impl Role {
    fn from_json(v: &Value) -> Option<Role> {
        let o = v.as_object()?;
        let filters = o.get("document_filters").and_then(Value::as_object);
        let mut other = Vec::new();
        for key in ["insert", "delete", "search"] {
            if let Some(x) = o.get(key)
                && key != "search"
            {
                other.push(format!("{key}: {x}"));
            }
        }
        for key in ["fields", "additional_fields"] {
            if let Some(f) = o.get(key).and_then(Value::as_object)
                && !f.is_empty()
            {
                other.push(format!("{key}: {}", Value::Object(f.clone())));
            }
        }
        Some(Role {
            name: o.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
            apply_when: o.get("apply_when").or_else(|| o.get("applyWhen")).cloned(),
            read: o.get("read").cloned(),
            write: o.get("write").cloned(),
            filter_read: filters.and_then(|f| f.get("read")).cloned(),
            filter_write: filters.and_then(|f| f.get("write")).cloned(),
            other_write_rules: other,
        })
    }

    /// Applies to every user (no `apply_when`, or an empty one).
    pub fn applies_always(&self) -> bool {
        match &self.apply_when {
            None => true,
            Some(Value::Object(o)) => o.is_empty(),
            Some(Value::Bool(true)) => true,
            _ => false,
        }
    }
}

/// The permissions read from one app export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Permissions {
    /// Partition-based sync: `permissions.read` / `permissions.write` of the partition config.
    pub partition_read: Option<Value>,
    pub partition_write: Option<Value>,
    /// Roles per collection name (`<db>.<coll>` and plain `<coll>` keys both resolve).
    pub collections: BTreeMap<String, Vec<Role>>,
    /// The default roles (default_rule.json, or flexible_sync `defaultRoles`).
    pub default_roles: Option<Vec<Role>>,
    /// Files read, for the report.
    pub files: Vec<String>,
}

impl Permissions {
    /// The roles that govern `database.collection`: its own, else the default roles.
    /// An empty list of roles is no information (`None`), not a denial.
    pub fn roles_for(&self, database: &str, collection: &str) -> Option<&[Role]> {
        self.collections
            .get(&format!("{database}.{collection}"))
            .or_else(|| self.collections.get(collection))
            .filter(|r| !r.is_empty())
            .or(self.default_roles.as_ref().filter(|r| !r.is_empty()))
            .map(Vec::as_slice)
    }

    /// Reads the permissions of the app export at `root` (a directory). A path that is a file
    /// (a single schema, a client model) has none.
    pub fn read(root: &Path) -> Result<Permissions, String> {
        let mut p = Permissions::default();
        if !root.is_dir() {
            return Ok(p);
        }
        // Partition permissions, current layout.
        if let Some(doc) = read_json(&root.join("sync/config.json"), &mut p.files)? {
            p.take_partition(doc.get("partition"));
            // The early Flexible Sync format kept its roles in sync/config.json.
            if let Some(perm) = doc.get("permissions") {
                p.take_flexible(perm);
            }
        }
        // Current layout: data_sources/<ds>/default_rule.json and <db>/<coll>/rules.json.
        for ds in dirs(&root.join("data_sources")) {
            if let Some(doc) = read_json(&ds.join("default_rule.json"), &mut p.files)? {
                p.default_roles = Some(roles(&doc));
            }
            for db in dirs(&ds) {
                let db_name = file_name(&db);
                for coll in dirs(&db) {
                    if let Some(doc) = read_json(&coll.join("rules.json"), &mut p.files)? {
                        let coll_name = doc
                            .get("collection")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .unwrap_or_else(|| file_name(&coll));
                        let database = doc
                            .get("database")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .unwrap_or_else(|| db_name.clone());
                        p.collections.insert(format!("{database}.{coll_name}"), roles(&doc));
                    }
                }
            }
        }
        // Legacy layout: services/<svc>/config.json and services/<svc>/rules/<db>.<coll>.json.
        for svc in dirs(&root.join("services")) {
            if let Some(doc) = read_json(&svc.join("config.json"), &mut p.files)? {
                let config = doc.get("config");
                if let Some(sync) = config.and_then(|c| c.get("sync")) {
                    p.take_partition(Some(sync));
                }
                if let Some(perm) = config
                    .and_then(|c| c.get("flexible_sync"))
                    .and_then(|f| f.get("permissions"))
                {
                    p.take_flexible(perm);
                }
            }
            let rules_dir = svc.join("rules");
            if let Ok(rd) = std::fs::read_dir(&rules_dir) {
                let mut files: Vec<_> = rd.flatten().map(|e| e.path()).collect();
                files.sort();
                for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
                    if let Some(doc) = read_json(f, &mut p.files)? {
                        let stem = f
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let key = match (
                            doc.get("database").and_then(Value::as_str),
                            doc.get("collection").and_then(Value::as_str),
                        ) {
                            (Some(d), Some(c)) => format!("{d}.{c}"),
                            _ => stem,
                        };
                        p.collections.insert(key, roles(&doc));
                    }
                }
            }
        }
        Ok(p)
    }

    /// `{"rules": {<collection>: [roles]}, "defaultRoles": [roles]}` (early Flexible Sync format).
    fn take_flexible(&mut self, perm: &Value) {
        // Empty lists say nothing (the roles may live in rules.json files): only non-empty ones count.
        if let Some(d) = perm.get("defaultRoles").and_then(Value::as_array)
            && !d.is_empty()
        {
            self.default_roles = Some(d.iter().filter_map(Role::from_json).collect());
        }
        if let Some(rules) = perm.get("rules").and_then(Value::as_object) {
            for (coll, list) in rules {
                if let Some(list) = list.as_array()
                    && !list.is_empty()
                {
                    self.collections
                        .insert(coll.clone(), list.iter().filter_map(Role::from_json).collect());
                }
            }
        }
    }

    fn take_partition(&mut self, partition: Option<&Value>) {
        if let Some(perm) = partition.and_then(|v| v.get("permissions")) {
            self.partition_read = perm.get("read").cloned();
            self.partition_write = perm.get("write").cloned();
        }
    }
}

fn roles(doc: &Value) -> Vec<Role> {
    doc.get("roles")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Role::from_json).collect())
        .unwrap_or_default()
}

fn dirs(p: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(p)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_json(path: &Path, files: &mut Vec<String>) -> Result<Option<Value>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    files.push(path.display().to_string());
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{}:{}:{}: not valid JSON: {e}", path.display(), e.line(), e.column()))
}
