//! A compact listing of a loaded model: types, collections, properties, links.

use crate::model::{Element, ObjectKind, PropertyType, Schema, type_shorthand};

pub fn render(schema: &Schema) -> String {
    let mut s = String::new();
    for t in schema.types.values() {
        let mut head = format!("  {} ({})", t.name, t.kind);
        if let Some(ns) = &t.namespace {
            head.push_str(&format!(" → {ns}"));
        }
        if let Some(pk) = &t.primary_key {
            head.push_str(&format!(", primary key {pk}"));
        }
        if let Some(u) = &t.unread {
            head.push_str(if u.body {
                "  [UNREAD: body not read, properties unknown]"
            } else {
                "  [INCOMPLETE: part not read]"
            });
        }
        s.push_str(&head);
        s.push('\n');
        let width = t.properties.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for p in t.properties.values() {
            let mut line = format!("    {:<width$}  {}", p.name, type_shorthand(&p.ty, p.optional));
            match &p.ty {
                PropertyType::Value {
                    element: Element::Object(target),
                    ..
                } => {
                    let what = match schema.kind_of(target) {
                        Some(ObjectKind::Embedded) => "embedded",
                        Some(_) => "link",
                        None => "unknown type",
                    };
                    line.push_str(&format!("  ({what})"));
                }
                PropertyType::LinkingObjects { .. } => line.push_str("  (backlink)"),
                _ => {}
            }
            if let Some(c) = &p.client_name {
                line.push_str(&format!("  [client name {c}]"));
            }
            if p.indexed && t.primary_key.as_deref() != Some(p.name.as_str()) {
                line.push_str("  [indexed]");
            }
            if let Some(d) = &p.default {
                line.push_str(&format!("  [default {d}]"));
            }
            s.push_str(&line);
            s.push('\n');
        }
    }
    if let Some(sync) = &schema.sync {
        let mode = match sync.mode {
            Some(crate::model::SyncMode::Flexible) => "flexible",
            Some(crate::model::SyncMode::Partition) => "partition",
            None => "unknown",
        };
        s.push_str(&format!("  sync: {mode}"));
        if let Some(db) = &sync.database_name {
            s.push_str(&format!(", database {db}"));
        }
        if !sync.queryable_fields.is_empty() {
            s.push_str(&format!(", queryable fields [{}]", sync.queryable_fields.join(", ")));
        }
        if let Some(k) = &sync.partition_key {
            s.push_str(&format!(", partition key {k}"));
        }
        if !sync.asymmetric_tables.is_empty() {
            s.push_str(&format!(", asymmetric [{}]", sync.asymmetric_tables.join(", ")));
        }
        s.push('\n');
    }
    s
}
