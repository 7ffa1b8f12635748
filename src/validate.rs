//! VALIDATE: realm-core and App Services rules on one loaded model (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp).
//! Judges a single model; it never reads files.

use crate::diagnostic::{Diagnostic, kinds};
use crate::graph::SchemaGraph;
use crate::mapping;
use crate::model::{Collection, Element, Location, ObjectKind, Property, PropertyType, ScalarType, Schema, SyncMode};

/// Type names: 57 UTF-8 bytes; property names: 63 (realm-core limits).
pub const MAX_TYPE_NAME: usize = 57;
pub const MAX_PROPERTY_NAME: usize = 63;

/// Reserved in any capitalisation.
const RESERVED_ANY_CASE: &[&str] = &[
    "and",
    "asc",
    "ascending",
    "beginswith",
    "between",
    "contains",
    "desc",
    "descending",
    "distinct",
    "endswith",
    "falsepredicate",
    "inf",
    "infinity",
    "like",
    "limit",
    "nan",
    "nil",
    "null",
    "or",
    "sort",
    "subquery",
    "truepredicate",
];
/// Reserved exactly as written.
const RESERVED_EXACT: &[&str] = &[
    "ALL", "ANY", "B64", "FALSE", "IN", "NONE", "NOT", "SOME", "TRUE", "all", "any", "false", "in", "none", "not",
    "oid", "some", "true", "uuid",
];

pub fn is_reserved(name: &str) -> bool {
    RESERVED_EXACT.contains(&name) || RESERVED_ANY_CASE.contains(&name.to_ascii_lowercase().as_str())
}

fn loc(p: &Property) -> Option<Location> {
    p.location.clone()
}

/// All validation findings for one model, sorted.
pub fn validate(schema: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let partition = schema.sync.as_ref().and_then(|s| s.mode) == Some(SyncMode::Partition);
    for t in schema.types.values() {
        let tl = t.location.clone();
        if t.name.len() > MAX_TYPE_NAME {
            out.push(Diagnostic::new(
                &kinds::TYPE_NAME_TOO_LONG,
                &t.name,
                tl.clone(),
                format!("\"{}\" is {} bytes long (limit {MAX_TYPE_NAME})", t.name, t.name.len()),
            ));
        }
        if t.kind != ObjectKind::Embedded {
            let coll = t.namespace.as_ref().map_or(t.name.as_str(), |n| n.collection.as_str());
            if let Some(why) = collection_name_problem(coll) {
                out.push(Diagnostic::new(
                    &kinds::COLLECTION_NAME_INVALID,
                    &t.name,
                    tl.clone(),
                    format!("collection name {coll:?} {why}"),
                ));
            }
        }
        match t.kind {
            ObjectKind::Embedded => {
                if let Some(pk) = &t.primary_key {
                    out.push(Diagnostic::new(
                        &kinds::EMBEDDED_PRIMARY_KEY,
                        &t.name,
                        tl.clone(),
                        format!("embedded type declares primary key \"{pk}\""),
                    ));
                }
            }
            ObjectKind::TopLevel | ObjectKind::Asymmetric => {
                if t.kind == ObjectKind::Asymmetric && partition {
                    out.push(Diagnostic::new(
                        &kinds::ASYMMETRIC_NOT_FLEXIBLE,
                        &t.name,
                        tl.clone(),
                        "asymmetric type in a partition-based sync app",
                    ));
                }
                match &t.primary_key {
                    // Part of the type was not read (reported at load): the key may be in it.
                    None if t.unread.is_some() => {}
                    None => {
                        let hint = if t.properties.contains_key("_id") {
                            " (an `_id` property exists but is not the primary key)"
                        } else {
                            ""
                        };
                        out.push(Diagnostic::new(
                            &kinds::PRIMARY_KEY_MISSING,
                            &t.name,
                            tl.clone(),
                            format!("{} type \"{}\" has no primary key `_id`{hint}", t.kind, t.name),
                        ));
                    }
                    Some(pk) => {
                        if pk != "_id" {
                            out.push(Diagnostic::new(
                                &kinds::PRIMARY_KEY_NOT_ID,
                                format!("{}.{pk}", t.name),
                                t.properties.get(pk).and_then(loc).or(tl.clone()),
                                format!("primary key persists as \"{pk}\", but Device Sync needs \"_id\""),
                            ));
                        }
                        if let Some(p) = t.properties.get(pk) {
                            let ok = matches!(
                                &p.ty,
                                PropertyType::Value {
                                    collection: Collection::Single,
                                    element: Element::Scalar(s)
                                } if mapping::row(*s).primary_key
                            );
                            if !ok {
                                out.push(Diagnostic::new(
                                    &kinds::PRIMARY_KEY_TYPE_INVALID,
                                    format!("{}.{pk}", t.name),
                                    loc(p),
                                    format!("primary key is {}", crate::model::type_shorthand(&p.ty, p.optional)),
                                ));
                            }
                        }
                    }
                }
            }
        }
        for p in t.properties.values() {
            property_rules(schema, &t.name, p, &mut out);
        }
    }
    let g = SchemaGraph::build(schema);
    for cycle in g.embedded_cycles() {
        let first = cycle.first().cloned().unwrap_or_default();
        let l = schema.types.get(&first).and_then(|t| t.location.clone());
        out.push(Diagnostic::new(
            &kinds::EMBEDDED_CYCLE,
            &first,
            l,
            format!("embedded types form a cycle: {}", cycle.join(" → ")),
        ));
    }
    // With a part of the model unread, the link that embeds a type may be in that part.
    for name in g
        .unreachable_embedded(schema)
        .into_iter()
        .filter(|_| !schema.incomplete)
    {
        let l = schema.types.get(&name).and_then(|t| t.location.clone());
        out.push(Diagnostic::new(
            &kinds::EMBEDDED_UNREACHABLE,
            &name,
            l,
            format!("no top-level type embeds \"{name}\""),
        ));
    }
    sync_rules(schema, &mut out);
    partition_rules(schema, &mut out);
    queryable_count(schema, &mut out);
    permission_rules(schema, &mut out);
    crate::diagnostic::sort(&mut out);
    out
}

/// Whether the sync configuration is on (`state` other than "disabled") in `mode`.
fn sync_on(schema: &Schema, mode: SyncMode) -> Option<&crate::model::SyncConfig> {
    schema
        .sync
        .as_ref()
        .filter(|s| s.mode == Some(mode) && s.state.as_deref() != Some("disabled"))
}

/// The top-level and asymmetric types Sync serves: those of the linked data source (all of them
/// when the configuration or the model does not say which data source a type lives in).
fn synced_types<'a>(schema: &'a Schema, sync: &crate::model::SyncConfig) -> Vec<&'a crate::model::ObjectType> {
    schema
        .types
        .values()
        .filter(|t| t.kind != ObjectKind::Embedded)
        .filter(|t| match (&sync.service_name, &t.namespace) {
            (Some(svc), Some(ns)) if !ns.data_source.is_empty() => ns.data_source == *svc,
            _ => true,
        })
        .collect()
}

/// Partition-based sync: the partition key is a field of every synced collection, with the
/// configured type, required when the configuration says so.
fn partition_rules(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let Some(sync) = sync_on(schema, SyncMode::Partition) else {
        return;
    };
    let Some(key) = sync.partition_key.as_deref() else {
        return;
    };
    let want = sync
        .partition_key_type
        .as_deref()
        .and_then(|t| match mapping::from_bson(t) {
            mapping::BsonLookup::Exact(s) | mapping::BsonLookup::Alias(s, _) => Some(s),
            _ => None,
        });
    for t in synced_types(schema, sync) {
        let path = format!("{}.{key}", t.name);
        let Some(p) = t.properties.get(key) else {
            out.push(Diagnostic::new(
                &kinds::PARTITION_KEY_MISSING,
                path,
                t.location.clone(),
                format!(
                    "Sync partitions on \"{key}\" but {} has no field \"{key}\": its documents cannot be assigned to a partition",
                    t.name
                ),
            ));
            continue;
        };
        let single = match &p.ty {
            PropertyType::Value {
                collection: Collection::Single,
                element: Element::Scalar(s),
            } => Some(*s),
            _ => None,
        };
        if let Some(w) = want
            && single.map(|s| if s == ScalarType::Counter { ScalarType::Int } else { s }) != Some(w)
        {
            out.push(Diagnostic::new(
                &kinds::PARTITION_KEY_TYPE_MISMATCH,
                &path,
                loc(p),
                format!(
                    "the partition key is {} in sync/config.json but {} here",
                    sync.partition_key_type.as_deref().unwrap_or("?"),
                    crate::model::type_shorthand(&p.ty, p.optional)
                ),
            ));
        }
        if sync.partition_key_required == Some(true) && p.optional {
            out.push(Diagnostic::new(
                &kinds::PARTITION_KEY_NOT_REQUIRED,
                &path,
                loc(p),
                format!(
                    "sync/config.json declares the partition key \"{key}\" required, but {} does not list it in \"required\"",
                    t.name
                ),
            ));
        }
    }
}

/// The documented recommendation: at most 10 queryable fields apply to one collection.
pub const MAX_QUERYABLE_FIELDS: usize = 10;

/// The queryable fields (global and collection-level) that apply to a collection.
pub fn queryable_for<'a>(sync: &'a crate::model::SyncConfig, t: &crate::model::ObjectType) -> Vec<&'a str> {
    let coll = t.namespace.as_ref().map_or(t.name.as_str(), |n| n.collection.as_str());
    let mut v: Vec<&str> = sync.queryable_fields.iter().map(String::as_str).collect();
    for (c, fields) in &sync.collection_queryable_fields {
        if c == coll || *c == t.name {
            v.extend(fields.iter().map(String::as_str));
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

fn queryable_count(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let Some(sync) = sync_on(schema, SyncMode::Flexible) else {
        return;
    };
    // Asymmetric tables are top-level collections (the loader marks them `Asymmetric`).
    for a in &sync.asymmetric_tables {
        let known = schema.types.values().any(|t| {
            t.kind == ObjectKind::Asymmetric
                && (t.name == *a || t.namespace.as_ref().is_some_and(|n| n.collection == *a))
        });
        if !known {
            let embedded = schema.kind_of(a) == Some(ObjectKind::Embedded);
            out.push(Diagnostic::new(
                &kinds::ASYMMETRIC_TABLE_UNKNOWN,
                format!("sync.{a}"),
                sync.location.clone(),
                if embedded {
                    format!(
                        "asymmetric table \"{a}\" is an embedded type; only a top-level collection can be asymmetric"
                    )
                } else {
                    format!("asymmetric table \"{a}\" names no collection of this model")
                },
            ));
        }
    }
    for t in synced_types(schema, sync) {
        let q = queryable_for(sync, t);
        if q.len() > MAX_QUERYABLE_FIELDS {
            out.push(Diagnostic::new(
                &kinds::QUERYABLE_FIELDS_TOO_MANY,
                &t.name,
                sync.location.clone(),
                format!(
                    "{} queryable fields apply to {} (recommended: at most {MAX_QUERYABLE_FIELDS}): {}",
                    q.len(),
                    t.name,
                    q.join(", ")
                ),
            ));
        }
    }
}

/// Expansions a Sync-compatible rule expression may use.
const SYNC_EXPANSIONS: &[&str] = &["%%true", "%%false", "%%values", "%%environment", "%%user"];
/// Expansions that refer to the document (not allowed in `apply_when` under Sync).
const DOCUMENT_EXPANSIONS: &[&str] = &["%%root", "%%prevRoot", "%%prev", "%%this", "%%partition"];

/// What a rule expression refers to: document fields (top-level names), expansions, `%function`.
#[derive(Default)]
pub struct ExprRefs {
    pub fields: std::collections::BTreeSet<String>,
    pub expansions: std::collections::BTreeSet<String>,
    pub function: bool,
}

/// Walks a rule expression (a MongoDB-style query with `%` operators and `%%` expansions).
pub fn expr_refs(v: &serde_json::Value, refs: &mut ExprRefs) {
    let expansion = |s: &str| {
        let name = s.split('.').next().unwrap_or(s);
        name.to_string()
    };
    match v {
        serde_json::Value::String(s) if s.starts_with("%%") => {
            refs.expansions.insert(expansion(s));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| expr_refs(i, refs)),
        serde_json::Value::Object(m) => {
            for (k, val) in m {
                if k == "%function" {
                    refs.function = true;
                } else if k.starts_with("%%") {
                    refs.expansions.insert(expansion(k));
                } else if !k.starts_with('%') && !k.starts_with('$') {
                    let top = k.split('.').next().unwrap_or(k);
                    refs.fields.insert(top.to_string());
                }
                expr_refs(val, refs);
            }
        }
        _ => {}
    }
}

/// Under Flexible Sync, every role that applies to a synced collection must be Sync compatible.
fn permission_rules(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let Some(sync) = sync_on(schema, SyncMode::Flexible) else {
        return;
    };
    let Some(perms) = &schema.permissions else { return };
    for t in synced_types(schema, sync) {
        // A collection's own rules, else its data source's default rule.
        let set = perms.collections.get(&t.name).or_else(|| {
            let ds = t.namespace.as_ref().map(|n| n.data_source.as_str()).unwrap_or("");
            perms.default_rules.get(ds)
        });
        let Some(set) = set else { continue };
        let queryable = queryable_for(sync, t);
        for role in &set.roles {
            role_problems(&t.name, role, set.legacy, &queryable, out);
        }
    }
}

fn role_problems(ty: &str, role: &crate::model::Role, legacy: bool, queryable: &[&str], out: &mut Vec<Diagnostic>) {
    let subject = format!("{ty} role {}", role.name);
    let l = role.location.clone();
    let r = &role.raw;
    let mut problems: Vec<String> = Vec::new();
    let filters = r.get("document_filters");
    for side in ["read", "write"] {
        if !legacy && filters.and_then(|f| f.get(side)).is_none_or(serde_json::Value::is_null) {
            problems.push(format!("document_filters.{side} is not defined"));
        }
    }
    let mut exprs: Vec<(String, &serde_json::Value)> = Vec::new();
    for side in ["read", "write"] {
        if let Some(e) = filters.and_then(|f| f.get(side)) {
            exprs.push((format!("document_filters.{side}"), e));
        }
    }
    for k in ["insert", "delete"] {
        if let Some(e) = r.get(k) {
            exprs.push((k.to_string(), e));
        }
    }
    let mut not_queryable: std::collections::BTreeSet<String> = Default::default();
    for (what, e) in &exprs {
        let mut refs = ExprRefs::default();
        expr_refs(e, &mut refs);
        for f in &refs.fields {
            if !queryable.contains(&f.as_str()) {
                not_queryable.insert(format!("\"{f}\" (in {what})"));
            }
        }
        for x in &refs.expansions {
            if !SYNC_EXPANSIONS.contains(&x.as_str()) {
                problems.push(format!("{what} uses the expansion {x}"));
            }
        }
        if refs.function {
            problems.push(format!("{what} uses %function"));
        }
    }
    for k in ["read", "write"] {
        if let Some(v) = r.get(k)
            && !v.is_boolean()
        {
            problems.push(format!("the top-level \"{k}\" is not a boolean literal"));
        }
    }
    if let Some(fields) = r.get("fields").and_then(serde_json::Value::as_object) {
        if fields.contains_key("_id") {
            problems.push("a field-level permission is set on _id".into());
        }
        for (name, fp) in fields {
            for k in ["read", "write"] {
                if fp.get(k).is_some_and(|v| !v.is_boolean()) {
                    problems.push(format!(
                        "the field-level \"{k}\" of \"{name}\" is not a boolean literal"
                    ));
                }
            }
        }
    }
    if let Some(af) = r.get("additional_fields") {
        for k in ["read", "write"] {
            if af.get(k).is_some_and(|v| !v.is_boolean()) {
                problems.push(format!("additional_fields.{k} is not a boolean literal"));
            }
        }
    }
    if let Some(aw) = r.get("apply_when") {
        let mut refs = ExprRefs::default();
        expr_refs(aw, &mut refs);
        let doc: Vec<String> = refs
            .fields
            .iter()
            .map(|f| format!("the field \"{f}\""))
            .chain(
                refs.expansions
                    .iter()
                    .filter(|x| DOCUMENT_EXPANSIONS.contains(&x.as_str()))
                    .cloned(),
            )
            .collect();
        if !doc.is_empty() {
            problems.push(format!(
                "apply_when refers to the document ({}), but roles are assigned when the session starts",
                doc.join(", ")
            ));
        }
    }
    if !not_queryable.is_empty() {
        out.push(Diagnostic::new(
            &kinds::PERMISSION_FIELD_NOT_QUERYABLE,
            &subject,
            l.clone(),
            format!(
                "role \"{}\" refers to {}, which {} not queryable for {ty}",
                role.name,
                not_queryable.iter().cloned().collect::<Vec<_>>().join(", "),
                if not_queryable.len() == 1 { "is" } else { "are" }
            ),
        ));
    }
    problems.dedup();
    for m in problems {
        out.push(Diagnostic::new(
            &kinds::PERMISSION_NOT_SYNC_COMPATIBLE,
            &subject,
            l.clone(),
            format!("role \"{}\": {m}", role.name),
        ));
    }
}

fn property_rules(schema: &Schema, owner: &str, p: &Property, out: &mut Vec<Diagnostic>) {
    // Formatted only for a finding (most properties have none).
    let path = || format!("{owner}.{}", p.name);
    if p.name.len() > MAX_PROPERTY_NAME {
        out.push(Diagnostic::new(
            &kinds::PROPERTY_NAME_TOO_LONG,
            path(),
            loc(p),
            format!(
                "\"{}\" is {} bytes long (limit {MAX_PROPERTY_NAME})",
                p.name,
                p.name.len()
            ),
        ));
    }
    if is_reserved(&p.name) {
        out.push(Diagnostic::new(
            &kinds::RESERVED_FIELD_NAME,
            path(),
            loc(p),
            format!("\"{}\" is reserved", p.name),
        ));
    }
    match &p.ty {
        PropertyType::LinkingObjects { object_type, property } => {
            let problem = match schema.types.get(object_type) {
                None => Some(format!("objectType \"{object_type}\" is not declared")),
                Some(origin) => match origin
                    .properties
                    .values()
                    .find(|op| op.name == *property || op.public_name() == property)
                {
                    None => Some(format!("\"{object_type}\" has no property \"{property}\"")),
                    Some(op) => match &op.ty {
                        PropertyType::Value {
                            element: Element::Object(t),
                            collection,
                        } if t == owner && *collection != Collection::Dictionary => None,
                        PropertyType::Value {
                            element: Element::Object(t),
                            ..
                        } if t == owner => Some(format!(
                            "\"{object_type}.{property}\" is a dictionary; backlinks need a link or list/set of links"
                        )),
                        _ => Some(format!("\"{object_type}.{property}\" is not a link to \"{owner}\"")),
                    },
                },
            };
            if let Some(m) = problem {
                out.push(Diagnostic::new(&kinds::LINKING_OBJECTS_INVALID, path(), loc(p), m));
            }
        }
        PropertyType::Value { collection, element } => match element {
            Element::Object(target) => match schema.kind_of(target) {
                None => out.push(Diagnostic::new(
                    &kinds::LINK_TARGET_MISSING,
                    path(),
                    loc(p),
                    format!("refers to \"{target}\", which is not declared"),
                )),
                Some(kind) => {
                    if kind == ObjectKind::Asymmetric {
                        out.push(Diagnostic::new(
                            &kinds::LINK_TO_ASYMMETRIC,
                            path(),
                            loc(p),
                            format!("links to asymmetric type \"{target}\""),
                        ));
                    }
                    if kind == ObjectKind::Embedded && *collection == Collection::Set {
                        out.push(Diagnostic::new(
                            &kinds::EMBEDDED_SET,
                            path(),
                            loc(p),
                            format!("set of embedded \"{target}\""),
                        ));
                    }
                    if *collection == Collection::Single && !p.optional {
                        let what = if kind == ObjectKind::Embedded {
                            "embedded object"
                        } else {
                            "to-one link"
                        };
                        out.push(Diagnostic::new(
                            &kinds::TO_ONE_LINK_REQUIRED,
                            path(),
                            loc(p),
                            format!("{what} \"{target}\" is required"),
                        ));
                    }
                    if matches!(collection, Collection::List | Collection::Set) && p.optional {
                        out.push(Diagnostic::new(
                            &kinds::LINK_COLLECTION_NULLABLE,
                            path(),
                            loc(p),
                            format!(
                                "{} holds optional objects",
                                crate::model::type_shorthand(&p.ty, p.optional)
                            ),
                        ));
                    }
                    if p.indexed {
                        out.push(Diagnostic::new(
                            &kinds::INDEX_NOT_SUPPORTED,
                            path(),
                            loc(p),
                            format!("{} cannot be indexed", crate::model::type_shorthand(&p.ty, p.optional)),
                        ));
                    }
                    if *collection == Collection::Dictionary && !p.optional {
                        out.push(Diagnostic::new(
                            &kinds::DICTIONARY_LINK_REQUIRED,
                            path(),
                            loc(p),
                            format!("dictionary of \"{target}\" with required values"),
                        ));
                    }
                }
            },
            Element::Scalar(ScalarType::Mixed) if !p.optional => {
                out.push(Diagnostic::new(
                    &kinds::MIXED_REQUIRED,
                    path(),
                    loc(p),
                    "mixed property is required",
                ));
            }
            Element::Scalar(s) => {
                let is_pk = schema.types.get(owner).and_then(|t| t.primary_key.as_deref()) == Some(p.name.as_str());
                let indexable = match collection {
                    Collection::Single => mapping::row(*s).indexable,
                    Collection::List => *s == ScalarType::String,
                    _ => false,
                };
                if p.indexed && !is_pk && !indexable {
                    out.push(Diagnostic::new(
                        &kinds::INDEX_NOT_SUPPORTED,
                        path(),
                        loc(p),
                        format!("{} cannot be indexed", crate::model::type_shorthand(&p.ty, p.optional)),
                    ));
                }
            }
        },
    }
}

fn sync_rules(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let Some(sync) = &schema.sync else { return };
    let synced: Vec<_> = schema
        .types
        .values()
        .filter(|t| t.kind != ObjectKind::Embedded)
        .collect();
    let sl = sync.location.clone();
    for f in &sync.queryable_fields {
        let holders: Vec<&Property> = synced.iter().filter_map(|t| t.properties.get(f)).collect();
        if holders.is_empty() && !synced.is_empty() {
            out.push(Diagnostic::new(
                &kinds::QUERYABLE_FIELD_UNKNOWN,
                format!("sync.{f}"),
                sl.clone(),
                format!("queryable field \"{f}\" is in no synced collection"),
            ));
        }
        for p in holders {
            if !queryable_ok(schema, p) {
                out.push(Diagnostic::new(
                    &kinds::QUERYABLE_FIELD_NOT_ELIGIBLE,
                    format!("sync.{f}"),
                    sl.clone(),
                    format!(
                        "\"{f}\" is {} in some collection",
                        crate::model::type_shorthand(&p.ty, p.optional)
                    ),
                ));
                break;
            }
        }
    }
    for (coll, fields) in &sync.collection_queryable_fields {
        let t = synced
            .iter()
            .find(|t| t.namespace.as_ref().map(|n| &n.collection) == Some(coll) || t.name == *coll);
        for f in fields {
            let path = format!("sync.{coll}.{f}");
            match t.and_then(|t| t.properties.get(f)) {
                None if t.is_some() => out.push(Diagnostic::new(
                    &kinds::QUERYABLE_FIELD_UNKNOWN,
                    path,
                    sl.clone(),
                    format!("collection \"{coll}\" has no field \"{f}\""),
                )),
                None => out.push(Diagnostic::new(
                    &kinds::QUERYABLE_FIELD_UNKNOWN,
                    path,
                    sl.clone(),
                    format!("no synced collection \"{coll}\""),
                )),
                Some(p) if !queryable_ok(schema, p) => out.push(Diagnostic::new(
                    &kinds::QUERYABLE_FIELD_NOT_ELIGIBLE,
                    path,
                    sl.clone(),
                    format!("\"{f}\" is {}", crate::model::type_shorthand(&p.ty, p.optional)),
                )),
                Some(_) => {}
            }
        }
    }
    if !sync.indexed_queryable_fields.is_empty() {
        let mut problems = Vec::new();
        if sync.indexed_queryable_fields.len() > 1 {
            problems.push(format!(
                "{} indexed queryable fields (at most 1)",
                sync.indexed_queryable_fields.len()
            ));
        }
        for f in &sync.indexed_queryable_fields {
            if !sync.queryable_fields.contains(f) {
                problems.push(format!("\"{f}\" is not in queryable_fields_names"));
            }
            let mut seen: Option<Element> = None;
            for t in &synced {
                match t.properties.get(f).and_then(|p| p.ty.element()) {
                    None => problems.push(format!("\"{}\" has no field \"{f}\"", t.name)),
                    Some(e) => {
                        let allowed = matches!(
                            e,
                            Element::Scalar(
                                ScalarType::Int | ScalarType::String | ScalarType::ObjectId | ScalarType::Uuid
                            )
                        );
                        if !allowed {
                            problems.push(format!("\"{}.{f}\" is not int, string, objectId or uuid", t.name));
                        }
                        match &seen {
                            Some(prev) if prev != e => {
                                problems.push(format!("\"{f}\" has different types across collections"))
                            }
                            _ => seen = Some(e.clone()),
                        }
                    }
                }
            }
        }
        problems.dedup();
        for m in problems {
            out.push(Diagnostic::new(
                &kinds::INDEXED_QUERYABLE_FIELD_INVALID,
                "sync",
                sl.clone(),
                m,
            ));
        }
    }
}

/// Queryable fields: top-level scalars or arrays of scalars (links count: they store primary keys).
fn queryable_ok(schema: &Schema, p: &Property) -> bool {
    match &p.ty {
        PropertyType::Value {
            collection: Collection::Dictionary,
            ..
        } => false,
        PropertyType::Value {
            element: Element::Scalar(_),
            ..
        } => true,
        PropertyType::Value {
            element: Element::Object(t),
            ..
        } => schema.kind_of(t) != Some(ObjectKind::Embedded),
        PropertyType::LinkingObjects { .. } => false,
    }
}

/// Why `name` cannot be a MongoDB collection name or a directory of an app export, if it cannot.
pub fn collection_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name == "." || name == ".." {
        Some("is `.` or `..`: it cannot be a directory of the app export")
    } else if name.contains('$') {
        Some("contains `$`")
    } else if name.contains('\0') {
        Some("contains a NUL character")
    } else if name.contains('/') || name.contains('\\') {
        Some("contains a path separator (`/` or `\\`): it cannot be a directory of the app export")
    } else if name.starts_with("system.") {
        Some("starts with the reserved prefix `system.`")
    } else {
        None
    }
}
