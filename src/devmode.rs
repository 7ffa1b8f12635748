//! Development Mode: the App Services app export that Device Sync's Development Mode would
//! create from a client model (https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/#development-mode ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/create-a-schema/): one collection per top-level/asymmetric type
//! in the chosen database, `relationships.json` per collection, asymmetric tables in the sync
//! config.
//!
//! Architecture invariant: `load(devmode(m)) == server_projection(m)` (tested on every example).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::mapping;
use crate::model::{
    Collection, Element, Namespace, ObjectKind, Property, PropertyType, ScalarType, Schema, Side, SyncConfig, SyncMode,
};

pub const DATA_SOURCE: &str = "mongodb-atlas";

/// Files of the app export, keyed by relative path (forward slashes), pretty JSON (4 spaces,
/// like the App Services CLI).
pub fn devmode(schema: &Schema, database: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut asymmetric = Vec::new();
    for t in schema.types.values() {
        if t.kind == ObjectKind::Embedded {
            continue;
        }
        if t.kind == ObjectKind::Asymmetric {
            asymmetric.push(t.name.clone());
        }
        let dir = format!("data_sources/{DATA_SOURCE}/{database}/{}", t.name);
        let mut rels = Map::new();
        let mut stack = Vec::new();
        let mut root = object_schema(schema, &t.name, "", database, &mut rels, &mut stack);
        if let Value::Object(m) = &mut root {
            m.insert("title".into(), Value::String(t.name.clone()));
        }
        files.insert(format!("{dir}/schema.json"), pretty(&root));
        files.insert(format!("{dir}/relationships.json"), pretty(&Value::Object(rels)));
    }
    files.insert(
        format!("data_sources/{DATA_SOURCE}/config.json"),
        pretty(&json!({
            "name": DATA_SOURCE,
            "type": "mongodb-atlas",
            "config": {"clusterName": "Cluster0", "readPreference": "primary", "wireProtocolEnabled": false},
            "version": 1
        })),
    );
    let mut sync = json!({
        "type": "flexible",
        "state": "enabled",
        "development_mode_enabled": true,
        "service_name": DATA_SOURCE,
        "database_name": database,
        "client_max_offline_days": 30,
        "is_recovery_mode_disabled": false,
        "queryable_fields_names": []
    });
    if !asymmetric.is_empty() {
        sync["asymmetric_tables"] = json!(asymmetric);
    }
    files.insert("sync/config.json".into(), pretty(&sync));
    files
}

pub fn pretty(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    // Serialising a `Value` into memory cannot fail.
    let _ = serde::Serialize::serialize(v, &mut ser);
    buf.push(b'\n');
    String::from_utf8(buf).unwrap_or_default()
}

/// The object schema of `type_name`; links found on the way go to `rels` under `prefix`.
/// `stack` guards against embedded cycles (validation reports them; here they are cut).
fn object_schema(
    schema: &Schema,
    type_name: &str,
    prefix: &str,
    database: &str,
    rels: &mut Map<String, Value>,
    stack: &mut Vec<String>,
) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    stack.push(type_name.to_string());
    if let Some(t) = schema.types.get(type_name) {
        for p in t.properties.values() {
            let PropertyType::Value { collection, element } = &p.ty else {
                continue;
            };
            let Some(v) = field_schema(schema, p, *collection, element, prefix, database, rels, stack) else {
                continue;
            };
            if *collection == Collection::Single && !p.optional && !matches!(element, Element::Object(_)) {
                required.push(Value::String(p.name.clone()));
            }
            props.insert(p.name.clone(), v);
        }
    }
    stack.pop();
    let mut m = Map::new();
    m.insert("bsonType".into(), json!("object"));
    m.insert("properties".into(), Value::Object(props));
    m.insert("required".into(), Value::Array(required));
    Value::Object(m)
}

#[allow(clippy::too_many_arguments)]
fn field_schema(
    schema: &Schema,
    p: &Property,
    collection: Collection,
    element: &Element,
    prefix: &str,
    database: &str,
    rels: &mut Map<String, Value>,
    stack: &mut Vec<String>,
) -> Option<Value> {
    let elem = match element {
        Element::Scalar(s) => {
            let b = mapping::bson_type(*s);
            // Nullable collection elements: ["T", "null"]; single values use `required`.
            if collection != Collection::Single && p.optional && *s != ScalarType::Mixed {
                json!({"bsonType": [b, "null"]})
            } else {
                json!({"bsonType": b})
            }
        }
        Element::Object(target) => match schema.kind_of(target) {
            Some(ObjectKind::Embedded) => {
                if stack.iter().any(|s| s == target) {
                    return None;
                }
                let sub = match collection {
                    Collection::Single => format!("{prefix}{}.", p.name),
                    _ => format!("{prefix}{}.[].", p.name),
                };
                let mut v = object_schema(schema, target, &sub, database, rels, stack);
                if let Value::Object(m) = &mut v {
                    m.insert("title".into(), Value::String(target.clone()));
                }
                v
            }
            _ => {
                let pk = schema
                    .types
                    .get(target)
                    .and_then(|t| t.primary_key.as_ref().and_then(|k| t.properties.get(k)))
                    .and_then(|k| k.ty.element().cloned());
                let b = match pk {
                    Some(Element::Scalar(s)) => mapping::bson_type(s),
                    _ => "objectId",
                };
                let key = format!("{prefix}{}", p.name);
                rels.insert(
                    key.clone(),
                    json!({
                        "ref": format!("#/relationship/{DATA_SOURCE}/{database}/{target}"),
                        "source_key": key,
                        "foreign_key": "_id",
                        "is_list": collection != Collection::Single
                    }),
                );
                json!({"bsonType": b})
            }
        },
    };
    Some(match collection {
        Collection::Single => elem,
        Collection::List => json!({"bsonType": "array", "items": elem}),
        Collection::Set => json!({"bsonType": "array", "uniqueItems": true, "items": elem}),
        Collection::Dictionary => json!({"bsonType": "object", "additionalProperties": elem}),
    })
}

/// What of a client model the server schema can carry: the model `load(devmode(m))` gives back.
/// Drops backlinks, client names, indexes, defaults and embedded types no top-level type reaches;
/// `counter` becomes `int`; namespaces and the sync config are those Development Mode writes.
pub fn server_projection(schema: &Schema, database: &str) -> Schema {
    let g = crate::graph::SchemaGraph::build(schema);
    let unreachable = g.unreachable_embedded(schema);
    let mut out = Schema::new(Side::Server);
    let mut asymmetric = Vec::new();
    for t in schema.types.values() {
        if unreachable.contains(&t.name) {
            continue;
        }
        let mut t = t.clone();
        t.location = None;
        if t.kind != ObjectKind::Embedded {
            t.namespace = Some(Namespace {
                data_source: DATA_SOURCE.into(),
                database: database.into(),
                collection: t.name.clone(),
            });
            t.primary_key = t.properties.contains_key("_id").then(|| "_id".to_string());
        }
        if t.kind == ObjectKind::Asymmetric {
            asymmetric.push(t.name.clone());
        }
        t.properties
            .retain(|_, p| !matches!(p.ty, PropertyType::LinkingObjects { .. }));
        for p in t.properties.values_mut() {
            p.client_name = None;
            p.indexed = false;
            p.default = None;
            p.location = None;
            if let PropertyType::Value {
                element: Element::Scalar(s @ ScalarType::Counter),
                ..
            } = &mut p.ty
            {
                *s = ScalarType::Int;
            }
        }
        out.types.insert(t.name.clone(), t);
    }
    out.sync = Some(SyncConfig {
        mode: Some(SyncMode::Flexible),
        state: Some("enabled".into()),
        development_mode_enabled: true,
        service_name: Some(DATA_SOURCE.into()),
        database_name: Some(database.into()),
        asymmetric_tables: asymmetric,
        // What the written sync/config.json says (see the template above).
        recovery_mode_disabled: Some(false),
        client_max_offline_days: Some(serde_json::json!(30)),
        ..Default::default()
    });
    out
}

/// A copy without provenance (source positions, the stored `bsonType` spelling), for comparing
/// models.
pub fn without_locations(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    for t in s.types.values_mut() {
        t.location = None;
        for p in t.properties.values_mut() {
            p.location = None;
            p.stored_bson_type = None;
        }
    }
    if let Some(sync) = &mut s.sync {
        sync.location = None;
    }
    s
}
