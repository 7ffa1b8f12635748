//! Portable SQLite DDL for a model (`syncplan export --to sqlite`).
//!
//! Choices, one per Realm construct (each documented in docs/export.md and named by a finding
//! where something is lost):
//! - one `STRICT` table per top-level or asymmetric type, named after the type; the primary key
//!   becomes `id` (`TEXT` for objectId/uuid/string/decimal keys, `INTEGER` for int keys); a type
//!   without a primary key gets `id INTEGER PRIMARY KEY` (the rowid);
//! - `bool` → `INTEGER CHECK (x IN (0, 1))`; int/long/counter → `INTEGER`; float/double → `REAL`;
//!   string → `TEXT`; data → `BLOB`; decimal → `TEXT` (decimal string); date → `TEXT` (ISO-8601
//!   UTC with milliseconds); objectId → `TEXT` (24 lower-case hex digits, checked); uuid → `TEXT`
//!   (lower-case dashed, checked); mixed → `ANY`;
//! - a required property is `NOT NULL`; an optional one is nullable;
//! - to-one link → a column holding the target's id, `REFERENCES target(id) ON DELETE SET NULL`,
//!   indexed; list of links → join table `(owner_id, position, target_id)`; set of links → join
//!   table `(owner_id, target_id)`; dictionary of links → `(owner_id, key, target_id)`;
//! - set of primitives → child table `(owner_id, value)` (uniqueness kept by the key); list of
//!   primitives, dictionary, embedded object and list of embedded objects → JSON `TEXT` checked
//!   with `json_valid`/`json_type`;
//! - LinkingObjects → no column (a query over the forward link; listed in a comment).
//!
//! Sources: https://www.sqlite.org/stricttables.html, https://www.sqlite.org/json1.html,
//! https://www.sqlite.org/foreignkeys.html.

use std::collections::BTreeSet;

use super::{Export, sql_ident, sql_string};
use crate::diagnostic::{Diagnostic, kinds};
use crate::model::{Collection, Element, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema};

/// The column a Realm primary key becomes, and its SQLite type.
pub fn key_type(t: &ObjectType) -> &'static str {
    match t.primary_key.as_ref().and_then(|k| t.properties.get(k)).map(|p| &p.ty) {
        Some(PropertyType::Value {
            element: Element::Scalar(ScalarType::Int | ScalarType::Counter),
            ..
        }) => "INTEGER",
        Some(_) => "TEXT",
        None => "INTEGER",
    }
}

/// The SQLite column type of a scalar, with its CHECK (for column `c`).
fn scalar_column(s: ScalarType, c: &str) -> (&'static str, Option<String>) {
    match s {
        ScalarType::Bool => ("INTEGER", Some(format!("{c} IN (0, 1)"))),
        ScalarType::Int | ScalarType::Counter => ("INTEGER", None),
        ScalarType::Float | ScalarType::Double => ("REAL", None),
        ScalarType::String => ("TEXT", None),
        ScalarType::Data => ("BLOB", None),
        ScalarType::Decimal128 => ("TEXT", None),
        ScalarType::Date => ("TEXT", None),
        ScalarType::ObjectId => ("TEXT", Some(format!("length({c}) = 24 AND NOT {c} GLOB '*[^0-9a-f]*'"))),
        ScalarType::Uuid => (
            "TEXT",
            Some(format!(
                "length({c}) = 36 AND {c} GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*'"
            )),
        ),
        ScalarType::Mixed => ("ANY", None),
    }
}

/// The column name of a property in the target table: the persisted name, except that a
/// property called `id` beside a differently named primary key becomes `realm_id`.
pub fn column_name(t: &ObjectType, p: &Property) -> String {
    if t.primary_key.as_deref() == Some(p.name.as_str()) {
        "id".to_string()
    } else if p.name == "id" {
        "realm_id".to_string()
    } else {
        p.name.clone()
    }
}

/// The tables of the model: top-level and asymmetric types, sorted by name.
pub fn tables(schema: &Schema) -> impl Iterator<Item = &ObjectType> {
    schema.types.values().filter(|t| t.kind != ObjectKind::Embedded)
}

/// Properties in table order: the primary key first, then by persisted name.
pub fn ordered(t: &ObjectType) -> Vec<&Property> {
    let mut v: Vec<&Property> = t.properties.values().collect();
    v.sort_by_key(|p| (t.primary_key.as_deref() != Some(p.name.as_str()), p.name.clone()));
    v
}

/// SQLite storage types used by the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    Integer,
    Real,
    Text,
    Blob,
    Any,
}

impl SqlType {
    pub fn name(self) -> &'static str {
        match self {
            SqlType::Integer => "INTEGER",
            SqlType::Real => "REAL",
            SqlType::Text => "TEXT",
            SqlType::Blob => "BLOB",
            SqlType::Any => "ANY",
        }
    }

    fn parse(s: &str) -> SqlType {
        match s {
            "INTEGER" => SqlType::Integer,
            "REAL" => SqlType::Real,
            "BLOB" => SqlType::Blob,
            "ANY" => SqlType::Any,
            _ => SqlType::Text,
        }
    }
}

/// What a column holds in Realm terms (ORMs pick their field type from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    Scalar(ScalarType),
    /// The id of a row of this table.
    Link(String),
    /// JSON text: an embedded object, a list or a dictionary.
    Json,
    /// A row number for ordered join tables.
    Position,
    /// A dictionary key.
    Key,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlColumn {
    pub name: String,
    pub ty: SqlType,
    pub not_null: bool,
    pub primary_key: bool,
    pub default: Option<String>,
    pub check: Option<String>,
    pub references: Option<(String, &'static str)>,
    pub holds: Holds,
}

/// One table of the export: a type's table, or a join/child table of a to-many property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlTable {
    pub name: String,
    /// The Realm type (or `Type.property` for join and child tables).
    pub source: String,
    pub columns: Vec<SqlColumn>,
    /// A composite primary key (join and child tables).
    pub composite_key: Vec<String>,
    pub indexes: Vec<String>,
    /// Backlink queries, listed as comments.
    pub backlinks: Vec<String>,
    pub child: bool,
}

fn col(name: &str, ty: SqlType, not_null: bool, holds: Holds) -> SqlColumn {
    SqlColumn {
        name: name.to_string(),
        ty,
        not_null,
        primary_key: false,
        default: None,
        check: None,
        references: None,
        holds,
    }
}

/// The tables of `schema` (type tables, then each one's join and child tables), with findings.
pub fn plan_tables(schema: &Schema, notes: &mut Vec<Diagnostic>) -> Vec<SqlTable> {
    let mut out = Vec::new();
    for t in tables(schema) {
        let mut table = SqlTable {
            name: t.name.clone(),
            source: t.name.clone(),
            columns: Vec::new(),
            composite_key: Vec::new(),
            indexes: Vec::new(),
            backlinks: Vec::new(),
            child: false,
        };
        let mut children = Vec::new();
        if t.primary_key.is_none() {
            let mut c = col("id", SqlType::Integer, false, Holds::Scalar(ScalarType::Int));
            c.primary_key = true;
            table.columns.push(c);
            notes.push(Diagnostic::new(
                &kinds::EXPORT_NO_PRIMARY_KEY,
                t.name.clone(),
                t.location.clone(),
                format!(
                    "`{}` has no primary key: its table gets `id INTEGER PRIMARY KEY`",
                    t.name
                ),
            ));
        }
        if t.kind == ObjectKind::Asymmetric {
            note(
                notes,
                (
                    t.name.clone(),
                    &kinds::EXPORT_ASYMMETRIC_INSERT_ONLY,
                    format!("`{}` is asymmetric: an ordinary table, used as an outbox", t.name),
                ),
            );
        }
        let owner_key = SqlType::parse(key_type(t));
        for p in ordered(t) {
            let name = column_name(t, p);
            let path = format!("{}.{}", t.name, p.name);
            let is_pk = t.primary_key.as_deref() == Some(p.name.as_str());
            if name != p.name && !is_pk {
                notes.push(Diagnostic::new(
                    &kinds::EXPORT_NAME_CHANGED,
                    path.clone(),
                    p.location.clone(),
                    format!("`{path}` is the column `{name}`: `id` is the table's key"),
                ));
            }
            let c = sql_ident(&name);
            let not_null = !p.optional || is_pk;
            match &p.ty {
                PropertyType::LinkingObjects { object_type, property } => {
                    let many = schema
                        .property(object_type, property)
                        .is_some_and(|op| op.ty.is_collection());
                    table.backlinks.push(if many {
                        format!(
                            "{}.{}: SELECT \"owner_id\" FROM {} WHERE \"target_id\" = :id",
                            t.name,
                            p.public_name(),
                            sql_ident(&format!("{object_type}_{property}")),
                        )
                    } else {
                        format!(
                            "{}.{}: SELECT * FROM {} WHERE {} = :id",
                            t.name,
                            p.public_name(),
                            sql_ident(object_type),
                            sql_ident(property)
                        )
                    });
                    note(
                        notes,
                        (
                            path.clone(),
                            &kinds::EXPORT_BACKLINK_AS_QUERY,
                            format!("`{path}` (backlink from {object_type}.{property}) has no column: it is a query"),
                        ),
                    );
                }
                PropertyType::Value {
                    collection: Collection::Single,
                    element: Element::Scalar(s),
                } => {
                    let (ty, check) = scalar_column(*s, &c);
                    let mut column = col(&name, SqlType::parse(ty), not_null, Holds::Scalar(*s));
                    column.primary_key = is_pk;
                    column.check = check;
                    table.columns.push(column);
                    note_scalar(notes, &path, *s);
                    if p.indexed && !is_pk {
                        table.indexes.push(name.clone());
                    }
                }
                PropertyType::Value {
                    collection: Collection::Single,
                    element: Element::Object(target),
                } => match schema.types.get(target) {
                    Some(tt) if tt.kind == ObjectKind::Embedded => {
                        let mut column = col(&name, SqlType::Text, false, Holds::Json);
                        column.check = Some(format!("{c} IS NULL OR json_type({c}) = 'object'"));
                        table.columns.push(column);
                        note(
                            notes,
                            (
                                path.clone(),
                                &kinds::EXPORT_NESTED_AS_JSON,
                                format!("`{path}` (embedded {target}) is a JSON object column"),
                            ),
                        );
                    }
                    Some(tt) => {
                        let mut column = col(&name, SqlType::parse(key_type(tt)), false, Holds::Link(target.clone()));
                        column.references = Some((target.clone(), "SET NULL"));
                        table.columns.push(column);
                        table.indexes.push(name.clone());
                    }
                    None => table
                        .columns
                        .push(col(&name, SqlType::Text, false, Holds::Link(target.clone()))),
                },
                PropertyType::Value { collection, element } => {
                    let target = match element {
                        Element::Object(o) => schema.types.get(o).filter(|tt| tt.kind != ObjectKind::Embedded),
                        Element::Scalar(_) => None,
                    };
                    let child_name = format!("{}_{}", t.name, name);
                    let mut owner = col("owner_id", owner_key, true, Holds::Link(t.name.clone()));
                    owner.references = Some((t.name.clone(), "CASCADE"));
                    match (collection, target, element) {
                        (_, Some(tt), _) => {
                            let mut cols = vec![owner];
                            let key = match collection {
                                Collection::List => {
                                    cols.push(col("position", SqlType::Integer, true, Holds::Position));
                                    vec!["owner_id".to_string(), "position".to_string()]
                                }
                                Collection::Set => vec!["owner_id".to_string(), "target_id".to_string()],
                                _ => {
                                    cols.push(col("key", SqlType::Text, true, Holds::Key));
                                    vec!["owner_id".to_string(), "key".to_string()]
                                }
                            };
                            let mut target_col = col(
                                "target_id",
                                SqlType::parse(key_type(tt)),
                                *collection != Collection::Dictionary,
                                Holds::Link(tt.name.clone()),
                            );
                            target_col.references = Some((tt.name.clone(), "CASCADE"));
                            cols.push(target_col);
                            children.push(SqlTable {
                                name: child_name,
                                source: path.clone(),
                                columns: cols,
                                composite_key: key,
                                indexes: Vec::new(),
                                backlinks: Vec::new(),
                                child: true,
                            });
                        }
                        (Collection::Set, None, Element::Scalar(s)) => {
                            let (ty, _) = scalar_column(*s, "\"value\"");
                            children.push(SqlTable {
                                name: child_name,
                                source: path.clone(),
                                columns: vec![owner, col("value", SqlType::parse(ty), !p.optional, Holds::Scalar(*s))],
                                composite_key: vec!["owner_id".to_string(), "value".to_string()],
                                indexes: Vec::new(),
                                backlinks: Vec::new(),
                                child: true,
                            });
                            note_scalar(notes, &path, *s);
                        }
                        _ => {
                            let json = if *collection == Collection::Dictionary {
                                "object"
                            } else {
                                "array"
                            };
                            let mut column = col(&name, SqlType::Text, true, Holds::Json);
                            column.default = Some(if json == "object" { "'{}'".into() } else { "'[]'".into() });
                            column.check = Some(format!("json_type({c}) = '{json}'"));
                            table.columns.push(column);
                            note(
                                notes,
                                (
                                    path.clone(),
                                    &kinds::EXPORT_NESTED_AS_JSON,
                                    format!(
                                        "`{path}` ({}) is a JSON {json} column",
                                        crate::model::type_shorthand(&p.ty, p.optional)
                                    ),
                                ),
                            );
                        }
                    }
                }
            }
        }
        out.push(table);
        out.extend(children);
    }
    out
}

/// The DDL of planned tables.
pub fn render_ddl(tables: &[SqlTable]) -> String {
    let mut ddl = String::new();
    ddl.push_str("-- SQLite DDL generated by syncplan from a Realm / App Services data model.\n");
    ddl.push_str("-- Needs SQLite 3.38+ (STRICT tables, JSON functions). Foreign keys are enforced only with\n");
    ddl.push_str("-- `PRAGMA foreign_keys = ON` on every connection.\n");
    ddl.push_str("PRAGMA foreign_keys = ON;\n");
    for t in tables {
        if !t.child {
            ddl.push('\n');
        }
        if !t.backlinks.is_empty() {
            ddl.push_str(&format!("-- Backlinks of {} (queries, no columns):\n", t.name));
            for b in &t.backlinks {
                ddl.push_str(&format!("--   {b}\n"));
            }
        }
        let mut lines: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                let mut l = format!("  {} {}", sql_ident(&c.name), c.ty.name());
                if c.not_null {
                    l.push_str(" NOT NULL");
                }
                if let Some(d) = &c.default {
                    l.push_str(&format!(" DEFAULT {d}"));
                }
                if c.primary_key {
                    l.push_str(" PRIMARY KEY");
                }
                if let Some((target, on_delete)) = &c.references {
                    l.push_str(&format!(
                        " REFERENCES {}(\"id\") ON DELETE {on_delete}",
                        sql_ident(target)
                    ));
                }
                if let Some(ch) = &c.check {
                    l.push_str(&format!(" CHECK ({ch})"));
                }
                l
            })
            .collect();
        if !t.composite_key.is_empty() {
            lines.push(format!(
                "  PRIMARY KEY ({})",
                t.composite_key
                    .iter()
                    .map(|k| sql_ident(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        ddl.push_str(&format!(
            "CREATE TABLE {} (\n{}\n) STRICT;\n",
            sql_ident(&t.name),
            lines.join(",\n")
        ));
        for i in &t.indexes {
            ddl.push_str(&index(&t.name, i));
            ddl.push('\n');
        }
    }
    ddl
}

/// `CREATE TABLE` statements (and indexes, join and child tables) for `schema` (with ORM entity
/// code from the same tables: `orm::export_with`).
pub fn export(schema: &Schema) -> Export {
    let mut ex = Export::default();
    let tables = plan_tables(schema, &mut ex.findings);
    ex.files.insert("schema.sql".to_string(), render_ddl(&tables));
    ex.finish()
}

fn index(table: &str, col: &str) -> String {
    format!(
        "CREATE INDEX {} ON {}({});",
        sql_ident(&format!("{table}_{col}_idx")),
        sql_ident(table),
        sql_ident(col)
    )
}

fn note(notes: &mut Vec<Diagnostic>, (path, kind, msg): (String, &crate::diagnostic::Kind, String)) {
    notes.push(Diagnostic::new(kind, path, None, msg));
}

fn note_scalar(notes: &mut Vec<Diagnostic>, path: &str, s: ScalarType) {
    match s {
        ScalarType::Decimal128 | ScalarType::Date | ScalarType::ObjectId | ScalarType::Uuid => {
            note(
                notes,
                (
                    path.to_string(),
                    &kinds::EXPORT_TYPE_AS_TEXT,
                    format!("`{path}` ({}) is TEXT", crate::mapping::realm_name(s)),
                ),
            );
        }
        ScalarType::Counter => {
            note(
                notes,
                (
                    path.to_string(),
                    &kinds::EXPORT_COUNTER_LAST_WRITE_WINS,
                    format!("`{path}` (counter) is a plain INTEGER"),
                ),
            );
        }
        _ => {}
    }
}

/// A literal SQL value for tests and data copies: text quoted, numbers as is.
pub fn literal(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "NULL".into(),
        serde_json::Value::Bool(b) => (if *b { "1" } else { "0" }).into(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => sql_string(s),
        other => sql_string(&other.to_string()),
    }
}

/// One row to insert: table and (column, SQL literal) pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub table: String,
    pub values: Vec<(String, String)>,
}

impl Row {
    pub fn insert(&self) -> String {
        let cols: Vec<String> = self.values.iter().map(|(c, _)| sql_ident(c)).collect();
        let vals: Vec<&str> = self.values.iter().map(|(_, v)| v.as_str()).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({});",
            sql_ident(&self.table),
            cols.join(", "),
            vals.join(", ")
        )
    }
}

/// The value of an Extended JSON scalar (canonical or relaxed) as the SQL literal of its column,
/// or why it cannot be stored there (a value is refused, never replaced).
pub fn scalar_literal(s: ScalarType, v: &serde_json::Value) -> Result<String, String> {
    use serde_json::Value;
    let wrapped = |key: &str| v.as_object().and_then(|o| o.get(key));
    let bad = || Err(format!("{v} is not a valid {}", crate::mapping::realm_name(s)));
    match s {
        ScalarType::Bool => v
            .as_bool()
            .map(|b| (if b { "1" } else { "0" }).to_string())
            .ok_or(())
            .or_else(|_| bad()),
        ScalarType::Int | ScalarType::Counter => {
            if let Some(i) = v.as_i64() {
                return Ok(i.to_string());
            }
            match wrapped("$numberLong")
                .or_else(|| wrapped("$numberInt"))
                .and_then(Value::as_str)
            {
                Some(t) if t.parse::<i64>().is_ok() => Ok(t.to_string()),
                _ => bad(),
            }
        }
        ScalarType::Float | ScalarType::Double => {
            if let Some(f) = v.as_f64() {
                return Ok(format!("{f:?}"));
            }
            match wrapped("$numberDouble").and_then(Value::as_str) {
                Some(t) => match t.parse::<f64>() {
                    Ok(f) if f.is_finite() => Ok(format!("{f:?}")),
                    _ => Err(format!("{t} has no SQLite REAL form (NaN and infinities are refused)")),
                },
                None => bad(),
            }
        }
        ScalarType::String => v.as_str().map(sql_string).ok_or(()).or_else(|_| bad()),
        ScalarType::Decimal128 => match wrapped("$numberDecimal").and_then(Value::as_str) {
            Some(t) => Ok(sql_string(t)),
            None => bad(),
        },
        ScalarType::Date => {
            let d = wrapped("$date");
            match d {
                Some(Value::String(t)) => Ok(sql_string(t)),
                _ => bad(),
            }
        }
        ScalarType::ObjectId => match wrapped("$oid").and_then(Value::as_str) {
            Some(h) if h.len() == 24 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Ok(sql_string(&h.to_ascii_lowercase()))
            }
            _ => bad(),
        },
        ScalarType::Uuid => match wrapped("$uuid").and_then(Value::as_str) {
            Some(u) if u.len() == 36 => Ok(sql_string(&u.to_ascii_lowercase())),
            _ => bad(),
        },
        ScalarType::Data => match wrapped("$binary").and_then(|b| b.get("base64")).and_then(Value::as_str) {
            Some(b64) => {
                let bytes = base64_decode(b64).ok_or_else(|| format!("{b64} is not base64"))?;
                Ok(format!(
                    "X'{}'",
                    bytes.iter().map(|b| format!("{b:02X}")).collect::<String>()
                ))
            }
            None => bad(),
        },
        ScalarType::Mixed => Ok(literal(v)),
    }
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The rows a document of `type_name` becomes (its table row, then join and child rows), or the
/// first value that cannot be carried.
pub fn rows(schema: &Schema, type_name: &str, doc: &serde_json::Value) -> Result<Vec<Row>, String> {
    use serde_json::Value;
    let t = schema
        .types
        .get(type_name)
        .ok_or_else(|| format!("no type {type_name}"))?;
    let obj = doc
        .as_object()
        .ok_or_else(|| format!("a {type_name} document must be an object"))?;
    let key = |tt: &ObjectType, v: &Value| -> Result<String, String> {
        let pk = tt.primary_key.as_ref().and_then(|k| tt.properties.get(k));
        match pk.map(|p| &p.ty) {
            Some(PropertyType::Value {
                element: Element::Scalar(s),
                ..
            }) => scalar_literal(*s, v),
            _ => Err(format!("{} has no primary key: links to it cannot be stored", tt.name)),
        }
    };
    let mut main = Row {
        table: t.name.clone(),
        values: Vec::new(),
    };
    let mut extra = Vec::new();
    let owner_id = match t.primary_key.as_ref().and_then(|k| obj.get(k)) {
        Some(v) => key(t, v)?,
        None if t.primary_key.is_none() => return Err(format!("{type_name} has no primary key")),
        None => return Err(format!("the {type_name} document has no primary key value")),
    };
    for p in ordered(t) {
        let col = column_name(t, p);
        let v = obj.get(&p.name).unwrap_or(&Value::Null);
        let path = format!("{type_name}.{}", p.name);
        match &p.ty {
            PropertyType::LinkingObjects { .. } => {}
            PropertyType::Value {
                collection: Collection::Single,
                element,
            } => {
                let lit = match (v, element) {
                    (Value::Null, _) => "NULL".to_string(),
                    (_, Element::Scalar(s)) => scalar_literal(*s, v).map_err(|e| format!("{path}: {e}"))?,
                    (_, Element::Object(o)) => match schema.types.get(o) {
                        Some(tt) if tt.kind == ObjectKind::Embedded => sql_string(&v.to_string()),
                        Some(tt) => key(tt, v).map_err(|e| format!("{path}: {e}"))?,
                        None => return Err(format!("{path}: link to unknown type {o}")),
                    },
                };
                main.values.push((col, lit));
            }
            PropertyType::Value { collection, element } => {
                let link = match element {
                    Element::Object(o) => schema.types.get(o).filter(|tt| tt.kind != ObjectKind::Embedded),
                    Element::Scalar(_) => None,
                };
                let child = format!("{}_{}", t.name, col);
                match (collection, link, element) {
                    (Collection::Dictionary, Some(tt), _) => {
                        for (k, x) in v.as_object().into_iter().flatten() {
                            let target = if x.is_null() {
                                "NULL".into()
                            } else {
                                key(tt, x).map_err(|e| format!("{path}: {e}"))?
                            };
                            extra.push(Row {
                                table: child.clone(),
                                values: vec![
                                    ("owner_id".into(), owner_id.clone()),
                                    ("key".into(), sql_string(k)),
                                    ("target_id".into(), target),
                                ],
                            });
                        }
                    }
                    (Collection::List, Some(tt), _) => {
                        for (i, x) in v.as_array().into_iter().flatten().enumerate() {
                            extra.push(Row {
                                table: child.clone(),
                                values: vec![
                                    ("owner_id".into(), owner_id.clone()),
                                    ("position".into(), i.to_string()),
                                    ("target_id".into(), key(tt, x).map_err(|e| format!("{path}: {e}"))?),
                                ],
                            });
                        }
                    }
                    (_, Some(tt), _) => {
                        for x in v.as_array().into_iter().flatten() {
                            extra.push(Row {
                                table: child.clone(),
                                values: vec![
                                    ("owner_id".into(), owner_id.clone()),
                                    ("target_id".into(), key(tt, x).map_err(|e| format!("{path}: {e}"))?),
                                ],
                            });
                        }
                    }
                    (Collection::Set, None, Element::Scalar(s)) => {
                        let mut seen = BTreeSet::new();
                        for x in v.as_array().into_iter().flatten() {
                            let lit = if x.is_null() {
                                "NULL".into()
                            } else {
                                scalar_literal(*s, x).map_err(|e| format!("{path}: {e}"))?
                            };
                            if seen.insert(lit.clone()) {
                                extra.push(Row {
                                    table: child.clone(),
                                    values: vec![("owner_id".into(), owner_id.clone()), ("value".into(), lit)],
                                });
                            }
                        }
                    }
                    _ => {
                        let empty = if *collection == Collection::Dictionary {
                            "{}"
                        } else {
                            "[]"
                        };
                        let text = if v.is_null() { empty.to_string() } else { v.to_string() };
                        main.values.push((col, sql_string(&text)));
                    }
                }
            }
        }
    }
    let mut all = vec![main];
    all.extend(extra);
    Ok(all)
}
