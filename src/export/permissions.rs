//! The read and write permissions of an app export, as `export` needs them, taken from the
//! loaded model (the loader reads the files): the partition permissions of partition-based sync,
//! the roles of each collection (`rules.json`, legacy rules files), the data source's
//! `default_rule.json`, and the early Flexible Sync `permissions` block of the sync configuration.

use serde_json::Value;
use std::collections::BTreeMap;

use crate::model::{ObjectType, Schema};

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

/// The permissions of one model, normalised for the exporter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Permissions {
    /// Partition-based sync: `permissions.read` / `permissions.write` of the partition config.
    pub partition_read: Option<Value>,
    pub partition_write: Option<Value>,
    /// Roles per object type name (or collection namespace, or collection name).
    pub collections: BTreeMap<String, Vec<Role>>,
    /// Default roles per data source (`default_rule.json`).
    pub default_roles: BTreeMap<String, Vec<Role>>,
    /// The early Flexible Sync `defaultRoles`.
    pub flexible_default_roles: Option<Vec<Role>>,
}

impl Permissions {
    /// The roles that govern `t`: its own rules, else its data source's default rule, else the
    /// early Flexible Sync defaults. An empty list of roles is no information (`None`), not a denial.
    pub fn roles_for(&self, t: &ObjectType) -> Option<&[Role]> {
        let ns = t.namespace.as_ref();
        let own = [
            Some(t.name.clone()),
            ns.map(|n| n.to_string()),
            ns.map(|n| format!("{}.{}", n.database, n.collection)),
            ns.map(|n| n.collection.clone()),
        ];
        own.iter()
            .flatten()
            .find_map(|k| self.collections.get(k).filter(|r| !r.is_empty()))
            .or_else(|| {
                ns.and_then(|n| self.default_roles.get(&n.data_source))
                    .filter(|r| !r.is_empty())
            })
            .or(self.flexible_default_roles.as_ref().filter(|r| !r.is_empty()))
            .map(Vec::as_slice)
    }

    /// The permissions the loader read into `schema` (`Schema::permissions`, the sync
    /// configuration's partition and early Flexible Sync blocks).
    pub fn from_schema(schema: &Schema) -> Permissions {
        let mut p = Permissions::default();
        if let Some(sync) = &schema.sync {
            if let Some(perm) = &sync.partition_permissions {
                p.partition_read = perm.get("read").cloned();
                p.partition_write = perm.get("write").cloned();
            }
            if let Some(perm) = &sync.flexible_permissions {
                p.take_flexible(perm);
            }
        }
        if let Some(perms) = &schema.permissions {
            for (key, set) in &perms.collections {
                let roles: Vec<Role> = set.roles.iter().filter_map(|r| Role::from_json(&r.raw)).collect();
                if !roles.is_empty() {
                    p.collections.insert(key.clone(), roles);
                }
            }
            for (ds, set) in &perms.default_rules {
                p.default_roles.insert(
                    ds.clone(),
                    set.roles.iter().filter_map(|r| Role::from_json(&r.raw)).collect(),
                );
            }
        }
        p
    }

    /// `{"rules": {<collection>: [roles]}, "defaultRoles": [roles]}` (early Flexible Sync format).
    fn take_flexible(&mut self, perm: &Value) {
        // Empty lists say nothing (the roles may live in rules.json files): only non-empty ones count.
        if let Some(d) = perm.get("defaultRoles").and_then(Value::as_array)
            && !d.is_empty()
        {
            self.flexible_default_roles = Some(d.iter().filter_map(Role::from_json).collect());
        }
        if let Some(rules) = perm.get("rules").and_then(Value::as_object) {
            for (coll, list) in rules {
                if let Some(list) = list.as_array()
                    && !list.is_empty()
                {
                    self.collections
                        .entry(coll.clone())
                        .or_insert_with(|| list.iter().filter_map(Role::from_json).collect());
                }
            }
        }
    }
}
