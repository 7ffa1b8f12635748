//! PowerSync configuration and client schemas from a Device Sync data model
//! (`syncplan export --to powersync`).
//!
//! Server side: one Sync Stream (edition 3) per synced collection, `SELECT _id AS id, <columns>
//! FROM "<db>"."<collection>" AS "<Type>"` with an explicit column list (binary selected as
//! `base64(...)`), filtered by the app's read permission:
//! - partition-based sync: the partition read rule (`%%partition` against `%%user.id`, literals,
//!   `$in` lists, `%%user.custom_data.x`) becomes a `WHERE` on the partition key; a rule that lets
//!   every user read every partition becomes a subscription parameter;
//! - Flexible Sync: the collection's role (or the default role) that applies to every user; its
//!   `document_filters.read` (equalities, `$in`, `$exists`, `%%user.id`) becomes the `WHERE`.
//!
//! A rule syncplan cannot translate leaves the stream out with an error finding (never a stream
//! that could show a user documents the rule would have hidden). Write rules are quoted as
//! findings: they move to the backend's upload handler.
//!
//! Client side: one `Table` per top-level type and an insert-only one per asymmetric type, with
//! PowerSync's three column types (text, integer, real), in the TypeScript, Dart, Kotlin and Swift
//! APIs. `_id` becomes the implicit `id`.
//!
//! Sources: https://docs.powersync.com/sync/types, https://docs.powersync.com/sync/streams/overview,
//! https://docs.powersync.com/sync/streams/parameters, https://docs.powersync.com/sync/advanced/client-id,
//! https://docs.powersync.com/sync/advanced/case-sensitivity, https://docs.powersync.com/client-sdks/reference.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::permissions::{Permissions, Role};
use super::{Export, sql_ident, sql_string};
use crate::diagnostic::{Diagnostic, kinds};
use crate::model::{Collection, Element, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema, SyncMode};

/// The client SDKs a PowerSync schema can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PsSdk {
    Ts,
    Dart,
    Kotlin,
    Swift,
}

impl PsSdk {
    pub const ALL: [PsSdk; 4] = [PsSdk::Ts, PsSdk::Dart, PsSdk::Kotlin, PsSdk::Swift];

    pub fn name(self) -> &'static str {
        match self {
            PsSdk::Ts => "ts",
            PsSdk::Dart => "dart",
            PsSdk::Kotlin => "kotlin",
            PsSdk::Swift => "swift",
        }
    }

    pub fn parse(s: &str) -> Option<PsSdk> {
        PsSdk::ALL.into_iter().find(|k| k.name() == s)
    }

    fn file(self) -> &'static str {
        match self {
            PsSdk::Ts => "powersync/client/schema.ts",
            PsSdk::Dart => "powersync/client/schema.dart",
            PsSdk::Kotlin => "powersync/client/Schema.kt",
            PsSdk::Swift => "powersync/client/Schema.swift",
        }
    }
}

/// PowerSync's client column types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnType {
    Text,
    Integer,
    Real,
}

impl ColumnType {
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Integer => "integer",
            ColumnType::Real => "real",
        }
    }
}

/// One client column: its name in PowerSync, the source field, the type and how it is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub field: String,
    pub ty: ColumnType,
    pub base64: bool,
    pub indexed: bool,
}

/// One client table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub object_type: String,
    pub insert_only: bool,
    pub columns: Vec<Column>,
}

/// Characters PowerSync refuses in table, column and index names.
pub fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && !n
            .chars()
            .any(|c| matches!(c, '"' | '\'' | '%' | ',' | '.' | '#' | '[' | ']') || c.is_whitespace())
}

fn sanitize(n: &str) -> String {
    let s: String = n
        .chars()
        .map(|c| {
            if matches!(c, '"' | '\'' | '%' | ',' | '.' | '#' | '[' | ']') || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}

fn key_column_type(t: &ObjectType) -> ColumnType {
    match t.primary_key.as_ref().and_then(|k| t.properties.get(k)).map(|p| &p.ty) {
        Some(PropertyType::Value {
            element: Element::Scalar(ScalarType::Int | ScalarType::Counter),
            ..
        }) => ColumnType::Integer,
        _ => ColumnType::Text,
    }
}

/// The client tables of a model, with the findings the mapping raises.
pub fn tables(schema: &Schema, findings: &mut Vec<Diagnostic>) -> Vec<Table> {
    let partition_key = schema
        .sync
        .as_ref()
        .filter(|s| s.mode == Some(SyncMode::Partition))
        .and_then(|s| s.partition_key.clone());
    let mut out = Vec::new();
    for t in schema.types.values().filter(|t| t.kind != ObjectKind::Embedded) {
        let name = sanitize(&t.name);
        if name != t.name {
            findings.push(Diagnostic::new(
                &kinds::EXPORT_NAME_CHANGED,
                t.name.clone(),
                t.location.clone(),
                format!("type `{}` is the table `{name}`", t.name),
            ));
        }
        if t.primary_key.is_none() {
            findings.push(Diagnostic::new(
                &kinds::EXPORT_NO_PRIMARY_KEY,
                t.name.clone(),
                t.location.clone(),
                format!("`{}` has no primary key: PowerSync rows need an `id`", t.name),
            ));
        }
        if t.kind == ObjectKind::Asymmetric {
            findings.push(Diagnostic::new(
                &kinds::EXPORT_ASYMMETRIC_INSERT_ONLY,
                t.name.clone(),
                t.location.clone(),
                format!("`{}` is an insert-only table", t.name),
            ));
        }
        let mut columns = Vec::new();
        let mut used: BTreeSet<String> = BTreeSet::new();
        for p in t.properties.values() {
            if t.primary_key.as_deref() == Some(p.name.as_str()) {
                continue;
            }
            let path = format!("{}.{}", t.name, p.name);
            let Some((ty, base64)) = column_of(schema, t, p, &path, findings) else {
                continue;
            };
            let mut cname = if p.name == "id" {
                "realm_id".to_string()
            } else {
                sanitize(&p.name)
            };
            while used.contains(&cname) {
                cname.push('_');
            }
            if cname != p.name {
                findings.push(Diagnostic::new(
                    &kinds::EXPORT_NAME_CHANGED,
                    path.clone(),
                    p.location.clone(),
                    format!("`{path}` is the column `{cname}`"),
                ));
            }
            used.insert(cname.clone());
            columns.push(Column {
                name: cname,
                field: p.name.clone(),
                ty,
                base64,
                indexed: p.indexed,
            });
        }
        if let Some(pk) = &partition_key
            && t.kind == ObjectKind::TopLevel
            && !t.properties.contains_key(pk)
            && !used.contains(pk)
        {
            columns.push(Column {
                name: sanitize(pk),
                field: pk.clone(),
                ty: ColumnType::Text,
                base64: false,
                indexed: false,
            });
        }
        out.push(Table {
            name,
            object_type: t.name.clone(),
            insert_only: t.kind == ObjectKind::Asymmetric,
            columns,
        });
    }
    findings.push(Diagnostic::new(
        &kinds::EXPORT_CONSTRAINTS_NOT_ENFORCED,
        "schema",
        None,
        "required properties, defaults and key types are not enforced by the PowerSync client schema",
    ));
    out
}

fn column_of(
    schema: &Schema,
    _t: &ObjectType,
    p: &Property,
    path: &str,
    findings: &mut Vec<Diagnostic>,
) -> Option<(ColumnType, bool)> {
    let note = |findings: &mut Vec<Diagnostic>, kind, msg: String| {
        findings.push(Diagnostic::new(kind, path.to_string(), p.location.clone(), msg));
    };
    match &p.ty {
        PropertyType::LinkingObjects { object_type, property } => {
            note(
                findings,
                &kinds::EXPORT_BACKLINK_AS_QUERY,
                if schema
                    .property(object_type, property)
                    .is_some_and(|op| op.ty.is_collection())
                {
                    format!(
                        "`{path}` is a query: SELECT * FROM {} WHERE <id> IN (SELECT value FROM json_each({}))",
                        sql_ident(object_type),
                        sql_ident(property)
                    )
                } else {
                    format!(
                        "`{path}` is a query: SELECT * FROM {} WHERE {} = <id>",
                        sql_ident(object_type),
                        sql_ident(property)
                    )
                },
            );
            None
        }
        PropertyType::Value {
            collection: Collection::Single,
            element: Element::Scalar(s),
        } => Some(match s {
            ScalarType::Bool | ScalarType::Int => (ColumnType::Integer, false),
            ScalarType::Counter => {
                note(
                    findings,
                    &kinds::EXPORT_COUNTER_LAST_WRITE_WINS,
                    format!("`{path}` (counter) is a plain integer column"),
                );
                (ColumnType::Integer, false)
            }
            ScalarType::Float | ScalarType::Double => (ColumnType::Real, false),
            ScalarType::String => (ColumnType::Text, false),
            ScalarType::Data => {
                note(
                    findings,
                    &kinds::EXPORT_BINARY_AS_BASE64,
                    format!("`{path}` (data) is selected as base64 text"),
                );
                (ColumnType::Text, true)
            }
            ScalarType::Mixed => {
                note(
                    findings,
                    &kinds::EXPORT_MIXED_UNTYPED,
                    format!("`{path}` (mixed) is a text column"),
                );
                (ColumnType::Text, false)
            }
            ScalarType::Decimal128 | ScalarType::Date | ScalarType::ObjectId | ScalarType::Uuid => {
                note(
                    findings,
                    &kinds::EXPORT_TYPE_AS_TEXT,
                    format!("`{path}` ({}) is text", crate::mapping::realm_name(*s)),
                );
                (ColumnType::Text, false)
            }
        }),
        PropertyType::Value {
            collection: Collection::Single,
            element: Element::Object(target),
        } => match schema.types.get(target) {
            Some(tt) if tt.kind != ObjectKind::Embedded => Some((key_column_type(tt), false)),
            _ => {
                note(
                    findings,
                    &kinds::EXPORT_NESTED_AS_JSON,
                    format!("`{path}` (embedded {target}) is JSON text"),
                );
                Some((ColumnType::Text, false))
            }
        },
        PropertyType::Value { .. } => {
            note(
                findings,
                &kinds::EXPORT_NESTED_AS_JSON,
                format!(
                    "`{path}` ({}) is JSON text",
                    crate::model::type_shorthand(&p.ty, p.optional)
                ),
            );
            Some((ColumnType::Text, false))
        }
    }
}

/// What a stream needs from a read rule: the `WHERE` clause and whether it takes a client
/// parameter.
struct Filter {
    clause: Option<String>,
    client_parameter: bool,
    /// The same rule as a MongoDB filter, `%%user.id` kept as is (for the verify counts).
    mongo: Option<Value>,
}

/// Translates one value a rule compares a field with; `key_numeric` casts the user id.
fn operand(v: &Value, findings: &mut Vec<(String, String)>, numeric: bool) -> Result<Option<String>, String> {
    Ok(Some(match v {
        Value::Null => return Ok(None),
        Value::String(s) if s == "%%user.id" => {
            if numeric {
                "CAST(auth.user_id() AS INTEGER)".into()
            } else {
                "auth.user_id()".into()
            }
        }
        Value::String(s) if s.starts_with("%%user.custom_data.") || s.starts_with("%%user.data.") => {
            let claim = s.rsplit('.').next().unwrap_or_default();
            if claim.is_empty() || !claim.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("cannot read {s} from a JWT claim"));
            }
            findings.push((s.clone(), claim.to_string()));
            format!("auth.parameter({})", sql_string(claim))
        }
        Value::String(s) if s.starts_with('%') => return Err(format!("the expansion {s} has no PowerSync equivalent")),
        Value::String(s) => sql_string(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => (if *b { "1" } else { "0" }).into(),
        other => return Err(format!("cannot compare with {other}")),
    }))
}

/// `field <op> value` for one rule entry.
fn condition(field_sql: &str, v: &Value, claims: &mut Vec<(String, String)>, numeric: bool) -> Result<String, String> {
    let eq = |o: Option<String>| match o {
        None => format!("{field_sql} IS NULL"),
        Some(x) => format!("{field_sql} = {x}"),
    };
    match v {
        Value::Object(o) if o.len() == 1 => {
            let (op, arg) = o
                .iter()
                .next()
                .map(|(k, v)| (k.as_str(), v))
                .unwrap_or(("", &Value::Null));
            match op {
                "$in" | "%in" => {
                    let items = arg
                        .as_array()
                        .ok_or_else(|| format!("{op} needs a list, found {arg}"))?;
                    if items.is_empty() {
                        return Err(format!("{op} with an empty list matches nothing"));
                    }
                    let parts: Result<Vec<String>, String> =
                        items.iter().map(|i| operand(i, claims, numeric).map(eq)).collect();
                    let parts = parts?;
                    Ok(if parts.len() == 1 {
                        parts.into_iter().next().unwrap_or_default()
                    } else {
                        format!("({})", parts.join(" OR "))
                    })
                }
                "$eq" | "%eq" => operand(arg, claims, numeric).map(eq),
                "$exists" | "%exists" => match arg {
                    Value::Bool(true) => Ok(format!("{field_sql} IS NOT NULL")),
                    Value::Bool(false) => Ok(format!("{field_sql} IS NULL")),
                    _ => Err(format!("$exists with {arg}")),
                },
                other => Err(format!("the operator {other} is not translated")),
            }
        }
        Value::Object(_) | Value::Array(_) => Err(format!("cannot translate {v}")),
        _ => operand(v, claims, numeric).map(eq),
    }
}

/// A document filter (`{"owner_id": "%%user.id", ...}`) as a conjunction; `None` = every document.
fn document_filter(f: &Value, claims: &mut Vec<(String, String)>) -> Result<Option<String>, String> {
    match f {
        Value::Bool(true) => Ok(None),
        Value::Bool(false) => Err("a filter that matches no document".into()),
        Value::Object(o) if o.is_empty() => Ok(None),
        Value::Object(o) => {
            if o.len() == 1
                && let Some(v) = o.get("%%true")
            {
                return if v == &Value::Bool(true) {
                    Ok(None)
                } else {
                    Err(format!("cannot translate {f}"))
                };
            }
            let mut parts = Vec::new();
            for (field, v) in o {
                if field.starts_with('%') || field.starts_with('$') || field.contains('.') {
                    return Err(format!("the condition on `{field}` is not translated"));
                }
                parts.push(condition(&sql_ident(field), v, claims, false)?);
            }
            Ok(Some(parts.join(" AND ")))
        }
        other => Err(format!("cannot translate {other}")),
    }
}

fn is_true(v: &Option<Value>) -> bool {
    matches!(v, Some(Value::Bool(true)))
}

/// The read filter of a Flexible Sync collection from its roles.
fn flexible_filter(roles: &[Role], claims: &mut Vec<(String, String)>) -> Result<Option<Filter>, String> {
    let Some(role) = roles.first() else {
        return Ok(None);
    };
    if !role.applies_always() {
        return Err(format!(
            "role `{}` applies only when {} (roles chosen per user are not translated)",
            role.name,
            role.apply_when.clone().unwrap_or(Value::Null)
        ));
    }
    let reads = is_true(&role.read) || is_true(&role.write);
    if !reads {
        if matches!(role.read, None | Some(Value::Bool(false))) && matches!(role.write, None | Some(Value::Bool(false)))
        {
            return Ok(None);
        }
        return Err(format!(
            "role `{}` has read/write expressions ({} / {})",
            role.name,
            role.read.clone().unwrap_or(Value::Null),
            role.write.clone().unwrap_or(Value::Null)
        ));
    }
    let f = if is_true(&role.read) {
        role.filter_read.clone()
    } else {
        role.filter_write.clone()
    };
    let f_json = f.clone();
    let clause = match f {
        None => None,
        Some(f) => document_filter(&f, claims)?,
    };
    Ok(Some(Filter {
        mongo: Some(f_json.unwrap_or(Value::Object(Default::default()))),
        clause,
        client_parameter: false,
    }))
}

/// The read filter of partition-based sync from the partition read rule.
fn partition_filter(
    key: &str,
    numeric: bool,
    read: &Value,
    claims: &mut Vec<(String, String)>,
) -> Result<Option<Filter>, String> {
    let field = sql_ident(key);
    match read {
        Value::Bool(true) => Ok(Some(Filter {
            clause: Some(format!(
                "{field} = {}",
                if numeric {
                    "CAST(subscription.parameter('partition') AS INTEGER)"
                } else {
                    "subscription.parameter('partition')"
                }
            )),
            client_parameter: true,
            mongo: None,
        })),
        Value::Bool(false) => Ok(None),
        Value::Object(o) if o.len() == 1 && o.contains_key("%%partition") => {
            let v = o.get("%%partition").unwrap_or(&Value::Null);
            let mut m = serde_json::Map::new();
            m.insert(key.to_string(), v.clone());
            Ok(Some(Filter {
                clause: Some(condition(&field, v, claims, numeric)?),
                client_parameter: false,
                mongo: Some(Value::Object(m)),
            }))
        }
        other => Err(format!("the partition read rule {other} is not translated")),
    }
}

/// Sync Streams, client schemas and the source schema the streams expect, for `sdks`.
pub fn export(schema: &Schema, permissions: &Permissions, sdks: &[PsSdk]) -> Export {
    let mut ex = Export::default();
    let tables = tables(schema, &mut ex.findings);
    let sync = schema.sync.as_ref();
    let mode = sync.and_then(|s| s.mode);
    let partition_key = sync
        .and_then(|s| s.partition_key.clone())
        .unwrap_or_else(|| "_partition".into());
    let partition_numeric = matches!(sync.and_then(|s| s.partition_key_type.as_deref()), Some("int" | "long"));
    let mut streams = String::new();
    let mut stream_names: BTreeSet<String> = BTreeSet::new();
    let mut claims: Vec<(String, String)> = Vec::new();
    let mut default_db: Option<String> = None;
    let mut streamed: BTreeMap<String, Option<Value>> = BTreeMap::new();
    for table in &tables {
        let Some(t) = schema.types.get(&table.object_type) else {
            continue;
        };
        if table.insert_only {
            continue;
        }
        let (db, coll) = match &t.namespace {
            Some(ns) => (ns.database.clone(), ns.collection.clone()),
            None => (String::new(), t.name.clone()),
        };
        if default_db.is_none() && !db.is_empty() {
            default_db = Some(db.clone());
        }
        let path = t.name.clone();
        let filter: Result<Option<Filter>, String> = match mode {
            Some(SyncMode::Partition) => match &permissions.partition_read {
                Some(read) => partition_filter(&partition_key, partition_numeric, read, &mut claims),
                None => {
                    ex.findings.push(Diagnostic::new(
                        &kinds::EXPORT_NO_READ_RULE,
                        path.clone(),
                        t.location.clone(),
                        format!("no partition read permission found for `{}`: no stream written", t.name),
                    ));
                    continue;
                }
            },
            _ => match permissions.roles_for(t) {
                Some(roles) => {
                    for r in roles {
                        write_rule_findings(&mut ex.findings, &path, t, r);
                    }
                    flexible_filter(roles, &mut claims)
                }
                None => {
                    ex.findings.push(Diagnostic::new(
                        &kinds::EXPORT_NO_READ_RULE,
                        path.clone(),
                        t.location.clone(),
                        format!(
                            "no read permission found for `{}` ({}): no stream written",
                            t.name,
                            if db.is_empty() {
                                coll.clone()
                            } else {
                                format!("{db}.{coll}")
                            }
                        ),
                    ));
                    continue;
                }
            },
        };
        let filter = match filter {
            Ok(Some(f)) => f,
            Ok(None) => {
                ex.findings.push(Diagnostic::new(
                    &kinds::EXPORT_NOT_READABLE,
                    path.clone(),
                    t.location.clone(),
                    format!("no role lets a user read `{}`: no stream", t.name),
                ));
                continue;
            }
            Err(why) => {
                ex.findings.push(Diagnostic::new(
                    &kinds::EXPORT_READ_RULE_UNTRANSLATED,
                    path.clone(),
                    t.location.clone(),
                    format!("`{}`: {why}; no stream written", t.name),
                ));
                continue;
            }
        };
        streamed.insert(table.name.clone(), filter.mongo.clone());
        if mode == Some(SyncMode::Flexible) {
            ex.findings.push(Diagnostic::new(
                &kinds::EXPORT_SUBSCRIPTIONS_WIDENED,
                path.clone(),
                t.location.clone(),
                format!("the stream for `{}` syncs every document the user may read", t.name),
            ));
        }
        if filter.client_parameter {
            ex.findings.push(Diagnostic::new(
                &kinds::EXPORT_CLIENT_PARAMETER,
                path.clone(),
                t.location.clone(),
                format!(
                    "the stream for `{}` takes the partition as a subscription parameter",
                    t.name
                ),
            ));
        }
        let mut stream = sanitize(&t.name)
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
        while !stream_names.insert(stream.clone()) {
            stream.push('_');
        }
        let mut select = vec!["_id AS id".to_string()];
        for c in &table.columns {
            let src = sql_ident(&c.field);
            let expr = if c.base64 {
                format!("base64({src})")
            } else {
                src.clone()
            };
            if c.base64 || c.name != c.field {
                select.push(format!("{expr} AS {}", sql_ident(&c.name)));
            } else {
                select.push(expr);
            }
        }
        let from = if db.is_empty() {
            sql_ident(&coll)
        } else {
            format!("{}.{}", sql_ident(&db), sql_ident(&coll))
        };
        let alias = if table.name != coll {
            format!(" AS {}", sql_ident(&table.name))
        } else {
            String::new()
        };
        streams.push_str(&format!(
            "  {stream}:\n    auto_subscribe: {}\n",
            !filter.client_parameter
        ));
        if filter.client_parameter {
            streams.push_str("    accept_potentially_dangerous_queries: true\n");
        }
        streams.push_str("    query: |\n");
        streams.push_str(&format!("      SELECT {}\n", select.join(", ")));
        streams.push_str(&format!("      FROM {from}{alias}\n"));
        if let Some(w) = &filter.clause {
            streams.push_str(&format!("      WHERE {w}\n"));
        }
    }
    if mode == Some(SyncMode::Partition)
        && let Some(w) = &permissions.partition_write
    {
        ex.findings.push(Diagnostic::new(
            &kinds::EXPORT_WRITE_RULES_TO_BACKEND,
            "sync",
            None,
            format!("partition write rule {w} moves to the backend"),
        ));
    }
    for (expansion, claim) in claims.into_iter().collect::<BTreeSet<_>>() {
        ex.findings.push(Diagnostic::new(
            &kinds::EXPORT_JWT_CLAIM,
            "sync",
            None,
            format!("{expansion} is read from the JWT claim `{claim}`"),
        ));
    }
    let mut yaml = String::from(
        "# PowerSync Sync Streams generated by syncplan from the Device Sync configuration and permissions.\n\
         # https://docs.powersync.com/sync/streams/overview\n",
    );
    yaml.push_str("config:\n  edition: 3\n");
    if streams.is_empty() {
        yaml.push_str("streams: {}\n");
    } else {
        yaml.push_str("streams:\n");
        yaml.push_str(&streams);
    }
    ex.files.insert("powersync/sync-config.yaml".into(), yaml);
    ex.files.insert(
        "powersync/source-schema.json".into(),
        source_schema(schema, default_db.as_deref().unwrap_or("")),
    );
    for sdk in sdks {
        ex.files.insert(sdk.file().into(), client_schema(&tables, *sdk));
    }
    let (js, sql) = verify_scripts(schema, &tables, &streamed);
    ex.files.insert("powersync/verify.mongosh.js".into(), js);
    ex.files.insert("powersync/verify.sql".into(), sql);
    let steps = move_steps(schema, &ex, &tables, sdks);
    let incomplete = ex.incomplete();
    ex.files
        .insert("powersync/MIGRATION.md".into(), render_move(&steps, incomplete));
    ex.finish()
}

fn write_rule_findings(findings: &mut Vec<Diagnostic>, path: &str, t: &ObjectType, r: &Role) {
    let mut rules = Vec::new();
    if let Some(w) = &r.write
        && w != &Value::Bool(false)
    {
        rules.push(format!("write: {w}"));
    }
    if let Some(w) = &r.filter_write
        && w != &Value::Bool(false)
    {
        rules.push(format!("document_filters.write: {w}"));
    }
    rules.extend(r.other_write_rules.iter().cloned());
    if !rules.is_empty() {
        findings.push(Diagnostic::new(
            &kinds::EXPORT_WRITE_RULES_TO_BACKEND,
            path.to_string(),
            t.location.clone(),
            format!("role `{}`: {} moves to the backend", r.name, rules.join(", ")),
        ));
    }
}

/// The MongoDB source schema the streams read, in the shape of PowerSync's `StaticSchema`
/// (`[{name: <db>, tables: [{name, columns: [{name, sqlite_type, internal_type}]}]}]`), so the
/// streams can be validated offline against it.
pub fn source_schema(schema: &Schema, default_db: &str) -> String {
    let mut dbs: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for t in schema.types.values().filter(|t| t.kind != ObjectKind::Embedded) {
        let (db, coll) = match &t.namespace {
            Some(ns) => (ns.database.clone(), ns.collection.clone()),
            None => (default_db.to_string(), t.name.clone()),
        };
        let mut cols = Vec::new();
        for p in t.properties.values() {
            let (sqlite, internal) = match &p.ty {
                PropertyType::LinkingObjects { .. } => continue,
                PropertyType::Value {
                    collection: Collection::Single,
                    element: Element::Scalar(s),
                } => match s {
                    ScalarType::String => ("text", "String"),
                    ScalarType::ObjectId => ("text", "ObjectId"),
                    ScalarType::Uuid => ("text", "UUID"),
                    ScalarType::Date => ("text", "Date"),
                    ScalarType::Decimal128 => ("text", "Decimal"),
                    ScalarType::Bool => ("integer", "Boolean"),
                    ScalarType::Int | ScalarType::Counter => ("integer", "Long"),
                    ScalarType::Float | ScalarType::Double => ("real", "Double"),
                    ScalarType::Data => ("blob", "Binary"),
                    ScalarType::Mixed => ("text", "String"),
                },
                PropertyType::Value {
                    collection: Collection::Single,
                    element: Element::Object(o),
                } => match schema.types.get(o) {
                    Some(tt) if tt.kind != ObjectKind::Embedded => match key_column_type(tt) {
                        ColumnType::Integer => ("integer", "Long"),
                        _ => ("text", "ObjectId"),
                    },
                    _ => ("text", "Object"),
                },
                PropertyType::Value {
                    collection: Collection::Dictionary,
                    ..
                } => ("text", "Object"),
                PropertyType::Value { .. } => ("text", "Array"),
            };
            cols.push(serde_json::json!({"name": p.name, "sqlite_type": sqlite, "internal_type": internal}));
        }
        if let Some(pk) = schema
            .sync
            .as_ref()
            .filter(|s| s.mode == Some(SyncMode::Partition))
            .and_then(|s| s.partition_key.clone())
            && !t.properties.contains_key(&pk)
        {
            cols.push(serde_json::json!({"name": pk, "sqlite_type": "text", "internal_type": "String"}));
        }
        dbs.entry(db)
            .or_default()
            .push(serde_json::json!({"name": coll, "columns": cols}));
    }
    let v: Vec<Value> = dbs
        .into_iter()
        .map(|(name, tables)| serde_json::json!({"name": name, "tables": tables}))
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({"default_schema": default_db, "schemas": v}))
        .unwrap_or_default();
    s.push('\n');
    s
}

fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn dart_str(s: &str) -> String {
    format!(
        "'{}'",
        s.replace('\\', "\\\\")
            .replace('\'', "\\'")
            .replace('$', "\\$")
            .replace('\n', "\\n")
    )
}

fn kt_str(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('$', "\\$")
            .replace('\n', "\\n")
    )
}

fn swift_str(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
    )
}

/// The client schema for one SDK.
pub fn client_schema(tables: &[Table], sdk: PsSdk) -> String {
    let mut s = String::new();
    match sdk {
        PsSdk::Ts => {
            s.push_str("// PowerSync client schema generated by syncplan. `id` (the MongoDB `_id`) is implicit.\n");
            s.push_str(
                "// Import from your platform package (@powersync/web, @powersync/react-native, @powersync/node),\n",
            );
            s.push_str("// which re-exports these names from @powersync/common.\n");
            s.push_str("import { column, Schema, Table } from '@powersync/common';\n\n");
            s.push_str("export const AppSchema = new Schema({\n");
            for t in tables {
                s.push_str(&format!("  {}: new Table(\n    {{\n", js_str(&t.name)));
                for c in &t.columns {
                    s.push_str(&format!("      {}: column.{},\n", js_str(&c.name), c.ty.name()));
                }
                s.push_str("    },\n    {");
                let idx: Vec<&Column> = t.columns.iter().filter(|c| c.indexed).collect();
                let mut opts = Vec::new();
                if !idx.is_empty() {
                    opts.push(format!(
                        " indexes: {{ {} }}",
                        idx.iter()
                            .map(|c| format!("{}: [{}]", js_str(&format!("by_{}", c.name)), js_str(&c.name)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                if t.insert_only {
                    opts.push(" insertOnly: true".into());
                }
                s.push_str(&opts.join(","));
                s.push_str(" }\n  ),\n");
            }
            s.push_str("});\n\nexport type Database = (typeof AppSchema)['types'];\n");
        }
        PsSdk::Dart => {
            s.push_str("// PowerSync client schema generated by syncplan. `id` (the MongoDB `_id`) is implicit.\n");
            s.push_str("import 'package:powersync/powersync.dart';\n\n");
            s.push_str("const schema = Schema([\n");
            for t in tables {
                let ctor = if t.insert_only { "Table.insertOnly" } else { "Table" };
                s.push_str(&format!("  {ctor}({}, [\n", dart_str(&t.name)));
                for c in &t.columns {
                    s.push_str(&format!("    Column.{}({}),\n", c.ty.name(), dart_str(&c.name)));
                }
                s.push_str("  ]");
                let idx: Vec<&Column> = t.columns.iter().filter(|c| c.indexed).collect();
                if !idx.is_empty() && !t.insert_only {
                    s.push_str(", indexes: [\n");
                    for c in idx {
                        s.push_str(&format!(
                            "    Index({}, [IndexedColumn({})]),\n",
                            dart_str(&format!("by_{}", c.name)),
                            dart_str(&c.name)
                        ));
                    }
                    s.push_str("  ]");
                }
                s.push_str("),\n");
            }
            s.push_str("]);\n");
        }
        PsSdk::Kotlin => {
            s.push_str("// PowerSync client schema generated by syncplan. `id` (the MongoDB `_id`) is implicit.\n");
            s.push_str("import com.powersync.db.schema.Column\nimport com.powersync.db.schema.Index\nimport com.powersync.db.schema.IndexedColumn\nimport com.powersync.db.schema.Schema\nimport com.powersync.db.schema.Table\n\n");
            s.push_str("val AppSchema: Schema = Schema(\n    listOf(\n");
            for t in tables {
                let ctor = if t.insert_only { "Table.insertOnly" } else { "Table" };
                s.push_str(&format!(
                    "        {ctor}(\n            name = {},\n            columns = listOf(\n",
                    kt_str(&t.name)
                ));
                for c in &t.columns {
                    s.push_str(&format!(
                        "                Column.{}({}),\n",
                        c.ty.name(),
                        kt_str(&c.name)
                    ));
                }
                s.push_str("            ),\n");
                let idx: Vec<&Column> = t.columns.iter().filter(|c| c.indexed).collect();
                if !idx.is_empty() && !t.insert_only {
                    s.push_str("            indexes = listOf(\n");
                    for c in idx {
                        s.push_str(&format!(
                            "                Index({}, listOf(IndexedColumn.ascending({}))),\n",
                            kt_str(&format!("by_{}", c.name)),
                            kt_str(&c.name)
                        ));
                    }
                    s.push_str("            ),\n");
                }
                s.push_str("        ),\n");
            }
            s.push_str("    ),\n)\n");
        }
        PsSdk::Swift => {
            s.push_str("// PowerSync client schema generated by syncplan. `id` (the MongoDB `_id`) is implicit.\n");
            s.push_str("import PowerSync\n\n");
            s.push_str("let AppSchema = Schema(tables: [\n");
            for t in tables {
                s.push_str(&format!(
                    "    Table(\n        name: {},\n        columns: [\n",
                    swift_str(&t.name)
                ));
                for c in &t.columns {
                    s.push_str(&format!("            .{}({}),\n", c.ty.name(), swift_str(&c.name)));
                }
                s.push_str("        ]");
                let idx: Vec<&Column> = t.columns.iter().filter(|c| c.indexed).collect();
                if !idx.is_empty() && !t.insert_only {
                    s.push_str(",\n        indexes: [\n");
                    for c in idx {
                        s.push_str(&format!(
                            "            Index(name: {}, columns: [IndexedColumn.ascending({})]),\n",
                            swift_str(&format!("by_{}", c.name)),
                            swift_str(&c.name)
                        ));
                    }
                    s.push_str("        ]");
                }
                if t.insert_only {
                    s.push_str(",\n        insertOnly: true");
                }
                s.push_str("\n    ),\n");
            }
            s.push_str("])\n");
        }
    }
    s
}

/// One step of the move from Device Sync to PowerSync (rendered by `render_move`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveStep {
    /// Enable change-stream pre- and post-images on each synced collection (MongoDB 6.0+).
    PrepareMongo { collections: Vec<(String, String)> },
    /// Deploy the generated sync config; lists the streams.
    DeploySyncConfig {
        streams: Vec<String>,
        left_out: Vec<String>,
    },
    /// Issue JWTs whose `sub` is the old App Services user id, with these extra claims.
    ReplaceAuth { claims: Vec<String> },
    /// The backend's upload handler: per table, the conversions back to BSON and the write rules.
    UploadHandler {
        tables: Vec<(String, Vec<(String, &'static str)>)>,
        write_rules: Vec<String>,
    },
    /// Per SDK: the schema file, opening the database, the Realm code to remove.
    Clients { files: Vec<String> },
    /// Copy objects that only exist in a device's Realm file before deleting it.
    CopyLocalData { tables: Vec<String> },
    /// Atlas Triggers stay: they now fire on the backend's writes.
    Triggers,
    /// Counts per collection and per user, in MongoDB and on a client.
    Verify { files: Vec<String> },
}

/// How the backend turns a client column back into the BSON the App Services schema expects.
fn back_to_bson(schema: &Schema, p: &Property) -> &'static str {
    match &p.ty {
        PropertyType::Value {
            collection: Collection::Single,
            element: Element::Scalar(s),
        } => match s {
            ScalarType::Bool => "integer 0/1 → Boolean",
            ScalarType::Int | ScalarType::Counter => "integer → Int64 (Int32 where the schema says int)",
            ScalarType::Float | ScalarType::Double => "real → Double",
            ScalarType::String => "text → String",
            ScalarType::Data => "base64 text → Binary",
            ScalarType::Date => "ISO-8601 text → Date",
            ScalarType::Decimal128 => "decimal text → Decimal128",
            ScalarType::ObjectId => "24-hex text → ObjectId",
            ScalarType::Uuid => "dashed text → UUID (Binary subtype 4)",
            ScalarType::Mixed => "text → the value's original type (record it beside the column)",
        },
        PropertyType::Value {
            collection: Collection::Single,
            element: Element::Object(o),
        } if schema.kind_of(o) != Some(ObjectKind::Embedded) => "target id text → the target's _id type",
        PropertyType::Value {
            collection: Collection::Single,
            ..
        } => "JSON text → embedded document",
        PropertyType::Value {
            collection: Collection::Dictionary,
            ..
        } => "JSON text → document",
        _ => "JSON text → array",
    }
}

/// The ordered move for an exported model.
pub fn move_steps(schema: &Schema, ex: &Export, tables: &[Table], sdks: &[PsSdk]) -> Vec<MoveStep> {
    let yaml = ex.files.get("powersync/sync-config.yaml").cloned().unwrap_or_default();
    let streams: Vec<String> = yaml
        .lines()
        .filter(|l| {
            l.starts_with("  ") && !l.starts_with("   ") && l.trim_end().ends_with(':') && !l.contains("edition")
        })
        .map(|l| l.trim().trim_end_matches(':').to_string())
        .collect();
    let left_out: Vec<String> = ex
        .findings
        .iter()
        .filter(|d| d.id == kinds::EXPORT_READ_RULE_UNTRANSLATED.id || d.id == kinds::EXPORT_NO_READ_RULE.id)
        .map(|d| d.path.clone())
        .collect();
    let collections: Vec<(String, String)> = schema
        .types
        .values()
        .filter(|t| t.kind != ObjectKind::Embedded)
        .filter_map(|t| t.namespace.as_ref().map(|n| (n.database.clone(), n.collection.clone())))
        .collect();
    let claims: Vec<String> = ex
        .findings
        .iter()
        .filter(|d| d.id == kinds::EXPORT_JWT_CLAIM.id)
        .map(|d| d.message.clone())
        .collect();
    let write_rules: Vec<String> = ex
        .findings
        .iter()
        .filter(|d| d.id == kinds::EXPORT_WRITE_RULES_TO_BACKEND.id)
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect();
    let upload: Vec<(String, Vec<(String, &'static str)>)> = tables
        .iter()
        .filter_map(|t| {
            let ot = schema.types.get(&t.object_type)?;
            let mut cols = vec![(
                "id → _id".to_string(),
                match ot.primary_key.as_ref().and_then(|k| ot.properties.get(k)) {
                    Some(p) => back_to_bson(schema, p),
                    None => "generate an ObjectId",
                },
            )];
            for c in &t.columns {
                if let Some(p) = ot.properties.get(&c.field) {
                    cols.push((
                        if c.name == c.field {
                            c.name.clone()
                        } else {
                            format!("{} → {}", c.name, c.field)
                        },
                        back_to_bson(schema, p),
                    ));
                }
            }
            Some((t.name.clone(), cols))
        })
        .collect();
    vec![
        MoveStep::PrepareMongo { collections },
        MoveStep::DeploySyncConfig { streams, left_out },
        MoveStep::ReplaceAuth { claims },
        MoveStep::UploadHandler {
            tables: upload,
            write_rules,
        },
        MoveStep::Clients {
            files: sdks.iter().map(|s| s.file().to_string()).collect(),
        },
        MoveStep::CopyLocalData {
            tables: tables
                .iter()
                .filter(|t| !t.insert_only)
                .map(|t| t.name.clone())
                .collect(),
        },
        MoveStep::Triggers,
        MoveStep::Verify {
            files: vec!["powersync/verify.mongosh.js".into(), "powersync/verify.sql".into()],
        },
    ]
}

/// The move as markdown (powersync/MIGRATION.md).
pub fn render_move(steps: &[MoveStep], incomplete: bool) -> String {
    let mut s = String::from("# Moving this app from Atlas Device Sync to PowerSync\n\n");
    s.push_str(
        "Generated by `syncplan export --to powersync`. Follow the steps in order. Sources: \
https://docs.powersync.com/migration-guides/atlas-device-sync, https://docs.powersync.com/sync/streams/overview, \
https://docs.powersync.com/configuration/app-backend/client-side-integration.\n\n",
    );
    if incomplete {
        s.push_str(
            "**This export is incomplete**: the error findings name the parts that were left out (their streams \
are not in sync-config.yaml). Write them by hand before step 2.\n\n",
        );
    }
    for (i, step) in steps.iter().enumerate() {
        let n = i + 1;
        match step {
            MoveStep::PrepareMongo { collections } => {
                s.push_str(&format!(
                    "## {n}. Prepare MongoDB\n\nPowerSync replicates through change streams (MongoDB 6.0 or later) \
with post-images. Enable them on every synced collection (PowerSync can also configure this itself):\n\n```js\n"
                ));
                for (db, c) in collections {
                    s.push_str(&format!(
                        "db.getSiblingDB({}).runCommand({{ collMod: {}, changeStreamPreAndPostImages: {{ enabled: true }} }});\n",
                        js_str(db),
                        js_str(c)
                    ));
                }
                s.push_str("```\n\n");
            }
            MoveStep::DeploySyncConfig { streams, left_out } => {
                s.push_str(&format!("## {n}. Deploy the sync configuration\n\nDeploy `powersync/sync-config.yaml` (Sync Streams, edition 3) \
to your PowerSync instance. Streams: {}.", if streams.is_empty() { "none".to_string() } else { streams.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ") }));
                if !left_out.is_empty() {
                    s.push_str(&format!(
                        " Left out (write by hand): {}.",
                        left_out.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                s.push_str("\n\n");
            }
            MoveStep::ReplaceAuth { claims } => {
                s.push_str(&format!("## {n}. Replace App Services authentication\n\nIssue JWTs from your auth provider whose `sub` is the \
user id App Services used (`%%user.id`), so the streams' `auth.user_id()` filters select the same documents."));
                if !claims.is_empty() {
                    s.push_str(" The streams also read these claims:\n\n");
                    for c in claims {
                        s.push_str(&format!("- {c}\n"));
                    }
                }
                s.push_str("\n\n");
            }
            MoveStep::UploadHandler { tables, write_rules } => {
                s.push_str(&format!("## {n}. Write the backend's upload handler\n\nClients upload `PUT`/`PATCH`/`DELETE` operations through \
`uploadData()`; your backend writes them to MongoDB. Convert each column back to the BSON type the App Services schema expects:\n\n"));
                for (t, cols) in tables {
                    s.push_str(&format!(
                        "- `{t}`: {}\n",
                        cols.iter()
                            .map(|(c, how)| format!("`{c}` ({how})"))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                if !write_rules.is_empty() {
                    s.push_str("\nEnforce the write rules Device Sync enforced (PowerSync has no declarative write rules):\n\n");
                    for r in write_rules {
                        s.push_str(&format!("- {r}\n"));
                    }
                }
                s.push('\n');
            }
            MoveStep::Clients { files } => {
                s.push_str(&format!("## {n}. Change each client\n\nAdd the PowerSync SDK and the generated schema ({}), open the \
PowerSync database and connect it with a connector (`fetchCredentials` returns the JWT, `uploadData` calls your backend), then \
replace Realm queries with SQL over the tables (embedded objects and lists are JSON text: query them with `json_extract` / \
`json_each`). Stop opening the Realm.\n\n", if files.is_empty() { "none requested: `--sdk`".to_string() } else { files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ") }));
            }
            MoveStep::CopyLocalData { tables } => {
                s.push_str(&format!("## {n}. Copy what only the device holds\n\nDevice Sync servers are gone: writes a device made after its \
last successful sync exist only in its Realm file. On the first start of the new version, before deleting the Realm file, read \
the objects of {} from the Realm and insert those missing from the PowerSync tables (they upload through `uploadData`). Objects of \
local-only Realm types (not in this model) need the same copy into local-only tables (`localOnly: true`).\n\n",
                    tables.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")));
            }
            MoveStep::Triggers => {
                s.push_str(&format!("## {n}. Atlas Triggers\n\nDatabase triggers keep running: they now fire on the backend's writes \
instead of Device Sync's. Review any trigger that tells sync writes apart (for example by `updateDescription` fields or the \
user in the change event).\n\n"));
            }
            MoveStep::Verify { files } => {
                s.push_str(&format!("## {n}. Verify\n\nCompare counts per collection and per user: run `{}` in mongosh \
(`mongosh \"$URI\" --eval 'var userId = \"<id>\"' {}`) and `{}` on a client's PowerSync database signed in as that user; \
the numbers must match for every stream.\n", files.first().map(String::as_str).unwrap_or(""), files.first().map(String::as_str).unwrap_or(""), files.get(1).map(String::as_str).unwrap_or("")));
            }
        }
    }
    s
}

/// `%%user.id` → the script's `userId`; `%in`/`%eq`/`%exists` → their `$` operators. `None` when the
/// rule uses something a count cannot reproduce (a JWT claim).
fn mongo_filter_js(v: &Value) -> Option<String> {
    fn walk(v: &Value) -> Option<Value> {
        Some(match v {
            Value::String(s) if s == "%%user.id" => Value::String("\u{0}USER\u{0}".into()),
            Value::String(s) if s.starts_with("%%") => return None,
            Value::Object(o) => {
                let mut m = serde_json::Map::new();
                for (k, x) in o {
                    let k = match k.as_str() {
                        "%in" => "$in".to_string(),
                        "%eq" => "$eq".to_string(),
                        "%exists" => "$exists".to_string(),
                        k if k.starts_with('%') => return None,
                        k => k.to_string(),
                    };
                    m.insert(k, walk(x)?);
                }
                Value::Object(m)
            }
            Value::Array(a) => Value::Array(a.iter().map(walk).collect::<Option<Vec<_>>>()?),
            Value::Bool(true) => Value::Object(Default::default()),
            other => other.clone(),
        })
    }
    let w = walk(v)?;
    Some(w.to_string().replace("\"\\u0000USER\\u0000\"", "userId"))
}

/// Count scripts for the verify step: mongosh (per streamed collection, with the stream's rule
/// as the filter for the given user) and SQL on the client database.
pub fn verify_scripts(
    schema: &Schema,
    tables: &[Table],
    streamed: &BTreeMap<String, Option<Value>>,
) -> (String, String) {
    let mut js = String::from(
        "// Documents each synced collection holds for one user (the stream's rule as the filter).\n\
// mongosh \"$URI\" --eval 'var userId = \"<user id>\"' verify.mongosh.js\n\
if (typeof userId === 'undefined') { print('set userId: --eval \\'var userId = \"...\"\\''); quit(2); }\n",
    );
    let mut sql = String::from("-- Row counts on a client's PowerSync database (signed in as the same user).\n");
    for t in tables.iter().filter(|t| streamed.contains_key(&t.name)) {
        let Some(ot) = schema.types.get(&t.object_type) else {
            continue;
        };
        let Some(ns) = &ot.namespace else { continue };
        let coll = format!(
            "db.getSiblingDB({}).getCollection({})",
            js_str(&ns.database),
            js_str(&ns.collection)
        );
        match streamed.get(&t.name).and_then(|f| f.as_ref()).map(mongo_filter_js) {
            Some(Some(filter)) => js.push_str(&format!(
                "print({} + ': ' + {coll}.countDocuments({filter}));\n",
                js_str(&t.name)
            )),
            _ => js.push_str(&format!(
                "print({} + ': not counted here (the stream takes a client parameter or a JWT claim); total ' + {coll}.countDocuments({{}}));\n",
                js_str(&t.name)
            )),
        }
        sql.push_str(&format!(
            "SELECT {} AS tbl, count(*) FROM {};\n",
            sql_string(&t.name),
            sql_ident(&t.name)
        ));
    }
    (js, sql)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_powersync_refuses_are_detected() {
        for bad in ["a.b", "a b", "a'b", "a\"b", "a%b", "a,b", "a#b", "a[b", "a]b", ""] {
            assert!(!valid_name(bad), "{bad:?}");
            assert!(valid_name(&sanitize(bad)), "{bad:?} -> {}", sanitize(bad));
        }
        assert!(valid_name("owner_id"));
    }

    #[test]
    fn partition_rules_become_filters() {
        let mut claims = Vec::new();
        let f = partition_filter(
            "_partition",
            false,
            &serde_json::json!({"%%partition": {"%in": ["%%user.id", "P", null]}}),
            &mut claims,
        );
        let f = f.ok().flatten().map(|f| f.clause);
        assert_eq!(
            f,
            Some(Some(
                "(\"_partition\" = auth.user_id() OR \"_partition\" = 'P' OR \"_partition\" IS NULL)".into()
            ))
        );
        let f = partition_filter("p", true, &serde_json::json!({"%%partition": "%%user.id"}), &mut claims);
        assert_eq!(
            f.ok().flatten().and_then(|f| f.clause),
            Some("\"p\" = CAST(auth.user_id() AS INTEGER)".into())
        );
        assert!(
            partition_filter(
                "p",
                false,
                &serde_json::json!({"%%partition": {"%function": "x"}}),
                &mut claims
            )
            .is_err()
        );
    }
}
