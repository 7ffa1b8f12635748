//! The App Services app export for an inferred model, written the way Development Mode writes one
//! (`devmode.rs`), but with the collections' own names and the chosen data source:
//! `data_sources/<ds>/<db>/<collection>/{schema,relationships}.json`, the data source config and a
//! Flexible Sync config (Development Mode off).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::devmode::pretty;
use crate::mapping;
use crate::model::{Collection, Element, ObjectKind, Property, PropertyType, ScalarType, Schema};

/// Files of the export keyed by relative path.
pub fn files(schema: &Schema, data_source: &str, database: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for (coll, v) in schemas(schema, data_source, database) {
        let dir = format!("data_sources/{data_source}/{database}/{coll}");
        files.insert(format!("{dir}/schema.json"), pretty(&v.0));
        files.insert(format!("{dir}/relationships.json"), pretty(&v.1));
    }
    files.insert(
        format!("data_sources/{data_source}/config.json"),
        pretty(&json!({
            "name": data_source,
            "type": "mongodb-atlas",
            "config": {"clusterName": "Cluster0", "readPreference": "primary", "wireProtocolEnabled": false},
            "version": 1
        })),
    );
    files.insert(
        "sync/config.json".into(),
        pretty(&json!({
            "type": "flexible",
            "state": "enabled",
            "development_mode_enabled": false,
            "service_name": data_source,
            "database_name": database,
            "client_max_offline_days": 30,
            "is_recovery_mode_disabled": false,
            "queryable_fields_names": []
        })),
    );
    files
}

/// Per collection: (schema.json, relationships.json).
pub fn schemas(schema: &Schema, data_source: &str, database: &str) -> BTreeMap<String, (Value, Value)> {
    let mut out = BTreeMap::new();
    for t in schema.types.values() {
        if t.kind == ObjectKind::Embedded {
            continue;
        }
        let coll = t
            .namespace
            .as_ref()
            .map(|n| n.collection.clone())
            .unwrap_or_else(|| t.name.clone());
        let mut w = Writer {
            schema,
            data_source,
            database,
            rels: Map::new(),
            stack: Vec::new(),
        };
        let mut root = w.object_schema(&t.name, "");
        if let Value::Object(m) = &mut root {
            m.insert("title".into(), Value::String(t.name.clone()));
        }
        out.insert(coll, (root, Value::Object(w.rels)));
    }
    out
}

struct Writer<'a> {
    schema: &'a Schema,
    data_source: &'a str,
    database: &'a str,
    rels: Map<String, Value>,
    stack: Vec<String>,
}

impl Writer<'_> {
    fn object_schema(&mut self, type_name: &str, prefix: &str) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        self.stack.push(type_name.to_string());
        if let Some(t) = self.schema.types.get(type_name) {
            for p in t.properties.values() {
                let PropertyType::Value { collection, element } = &p.ty else {
                    continue;
                };
                let Some(v) = self.field_schema(p, *collection, element, prefix) else {
                    continue;
                };
                if *collection == Collection::Single && !p.optional && !matches!(element, Element::Object(_)) {
                    required.push(Value::String(p.name.clone()));
                }
                props.insert(p.name.clone(), v);
            }
        }
        self.stack.pop();
        let mut m = Map::new();
        m.insert("bsonType".into(), json!("object"));
        m.insert("properties".into(), Value::Object(props));
        m.insert("required".into(), Value::Array(required));
        Value::Object(m)
    }

    fn field_schema(&mut self, p: &Property, collection: Collection, element: &Element, prefix: &str) -> Option<Value> {
        let elem = match element {
            Element::Scalar(s) => {
                let b = mapping::bson_type(*s);
                if collection != Collection::Single && p.optional && *s != ScalarType::Mixed {
                    json!({"bsonType": [b, "null"]})
                } else {
                    json!({"bsonType": b})
                }
            }
            Element::Object(target) => match self.schema.kind_of(target) {
                Some(ObjectKind::Embedded) => {
                    if self.stack.iter().any(|s| s == target) {
                        return None;
                    }
                    let sub = match collection {
                        Collection::Single => format!("{prefix}{}.", p.name),
                        _ => format!("{prefix}{}.[].", p.name),
                    };
                    let mut v = self.object_schema(target, &sub);
                    if let Value::Object(m) = &mut v {
                        m.insert("title".into(), Value::String(target.clone()));
                    }
                    v
                }
                _ => {
                    let t = self.schema.types.get(target);
                    let pk = t
                        .and_then(|t| t.primary_key.as_ref().and_then(|k| t.properties.get(k)))
                        .and_then(|k| k.ty.element().cloned());
                    let b = match pk {
                        Some(Element::Scalar(s)) => mapping::bson_type(s),
                        _ => "objectId",
                    };
                    let coll = t
                        .and_then(|t| t.namespace.as_ref())
                        .map(|n| n.collection.clone())
                        .unwrap_or_else(|| target.clone());
                    let key = format!("{prefix}{}", p.name);
                    self.rels.insert(
                        key.clone(),
                        json!({
                            "ref": format!("#/relationship/{}/{}/{coll}", self.data_source, self.database),
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
}
