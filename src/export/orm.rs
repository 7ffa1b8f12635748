//! Entity code for SQLite ORMs (`syncplan export --to sqlite --orm ...`), rendered from the same
//! typed tables as `schema.sql` (`sqlite::plan_tables`), so every ORM describes the same tables:
//! - Room (Kotlin, `@Entity` data classes; Room creates its tables from them);
//! - SQLDelight (a `.sq` file: the DDL with Kotlin column types, and one query per table);
//! - Drift (Dart `Table` classes);
//! - GRDB (Swift records and a `DatabaseMigrator` migration that runs `schema.sql` verbatim);
//! - SwiftData (Swift `@Model` classes; SwiftData has no user-visible DDL, so it follows the Realm
//!   model: links are relationships, join tables are arrays of models).
//!
//! Sources: https://developer.android.com/training/data-storage/room/defining-data,
//! https://sqldelight.github.io/sqldelight/latest/android_sqlite/, https://drift.simonbinder.eu/dart_api/tables/,
//! https://swiftpackageindex.com/groue/grdb.swift/documentation/grdb/migrations,
//! https://developer.apple.com/documentation/swiftdata/model().

use super::Export;
use super::sqlite::{Holds, SqlColumn, SqlTable, SqlType};
use crate::model::ScalarType;

/// The ORMs `--orm` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Orm {
    Room,
    Sqldelight,
    Drift,
    Grdb,
    Swiftdata,
}

impl Orm {
    pub const ALL: [Orm; 5] = [Orm::Room, Orm::Sqldelight, Orm::Drift, Orm::Grdb, Orm::Swiftdata];

    pub fn name(self) -> &'static str {
        match self {
            Orm::Room => "room",
            Orm::Sqldelight => "sqldelight",
            Orm::Drift => "drift",
            Orm::Grdb => "grdb",
            Orm::Swiftdata => "swiftdata",
        }
    }

    pub fn parse(s: &str) -> Option<Orm> {
        Orm::ALL.into_iter().find(|o| o.name() == s)
    }

    pub fn file(self) -> &'static str {
        match self {
            Orm::Room => "room/Entities.kt",
            Orm::Sqldelight => "sqldelight/Schema.sq",
            Orm::Drift => "drift/tables.dart",
            Orm::Grdb => "grdb/Records.swift",
            Orm::Swiftdata => "swiftdata/Models.swift",
        }
    }
}

/// Each language's keywords: the SDK table's lists (codegen uses the same).
const KOTLIN_KEYWORDS: &[&str] = crate::sdk::KOTLIN.keywords;
const SWIFT_KEYWORDS: &[&str] = crate::sdk::SWIFT.keywords;
/// Dart words drift code cannot use as member names besides the SDK table's Dart keywords:
/// built-in identifiers and the members of drift's `Table`.
const DRIFT_RESERVED: &[&str] = &[
    "abstract",
    "as",
    "async",
    "covariant",
    "deferred",
    "dynamic",
    "export",
    "extension",
    "external",
    "factory",
    "get",
    "implements",
    "import",
    "interface",
    "late",
    "library",
    "mixin",
    "on",
    "operator",
    "part",
    "required",
    "set",
    "show",
    "static",
    "sync",
    "typedef",
    "hide",
    "of",
    "type",
    "tableName",
    "primaryKey",
    "uniqueKeys",
    "customConstraints",
    "withoutRowId",
    "isStrict",
    "dontWriteConstraints",
    "columns",
];

/// A lower-camel identifier from a column name (`owner_id` → `ownerId`), never empty, never
/// starting with a digit.
fn member(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if up && !out.is_empty() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            up = false;
        } else {
            up = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'f');
    }
    let mut cs = out.chars();
    match cs.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + cs.as_str(),
        None => "f".into(),
    }
}

/// An upper-camel type identifier.
fn type_name(name: &str) -> String {
    let m = member(name);
    let mut cs = m.chars();
    match cs.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
        None => "T".into(),
    }
}

fn ident(name: &str, keywords: &[&str]) -> String {
    let m = member(name);
    if keywords.contains(&m.as_str()) {
        format!("{m}_")
    } else {
        m
    }
}

fn kt_str(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$")
    )
}

fn swift_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn dart_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'").replace('$', "\\$"))
}

fn is_bool(c: &SqlColumn) -> bool {
    c.holds == Holds::Scalar(ScalarType::Bool)
}

fn kotlin_type(c: &SqlColumn) -> String {
    let t = if is_bool(c) {
        "Boolean"
    } else {
        match c.ty {
            SqlType::Integer => "Long",
            SqlType::Real => "Double",
            SqlType::Text | SqlType::Any => "String",
            SqlType::Blob => "ByteArray",
        }
    };
    if c.not_null { t.to_string() } else { format!("{t}?") }
}

fn swift_type(c: &SqlColumn) -> String {
    let t = if is_bool(c) {
        "Bool"
    } else {
        match c.ty {
            SqlType::Integer => "Int64",
            SqlType::Real => "Double",
            SqlType::Text | SqlType::Any => "String",
            SqlType::Blob => "Data",
        }
    };
    if c.not_null { t.to_string() } else { format!("{t}?") }
}

/// Columns a class can hold (a table whose every column name collides after sanitising keeps
/// distinct members by suffixing).
fn members<'a>(t: &'a SqlTable, keywords: &[&str]) -> Vec<(String, &'a SqlColumn)> {
    let mut used = std::collections::BTreeSet::new();
    t.columns
        .iter()
        .map(|c| {
            let mut m = ident(&c.name, keywords);
            while !used.insert(m.clone()) {
                m.push('_');
            }
            (m, c)
        })
        .collect()
}

fn class_names(tables: &[SqlTable], suffix: &str) -> std::collections::BTreeMap<String, String> {
    let mut used = std::collections::BTreeSet::new();
    tables
        .iter()
        .map(|t| {
            let mut n = format!("{}{suffix}", type_name(&t.name));
            while !used.insert(n.clone()) {
                n.push('_');
            }
            (t.name.clone(), n)
        })
        .collect()
}

/// The entity code for one ORM.
pub fn render(orm: Orm, tables: &[SqlTable], ddl: &str) -> String {
    match orm {
        Orm::Room => room(tables),
        Orm::Sqldelight => sqldelight(tables),
        Orm::Drift => drift(tables),
        Orm::Grdb => grdb(tables, ddl),
        Orm::Swiftdata => swiftdata(tables),
    }
}

fn room(tables: &[SqlTable]) -> String {
    let names = class_names(tables, "Entity");
    let mut s = String::from(
        "// Room entities generated by syncplan from the same tables as schema.sql. Room creates the tables\n\
         // from these classes (without the STRICT and CHECK constraints of schema.sql).\n\
         import androidx.room.ColumnInfo\nimport androidx.room.Entity\nimport androidx.room.ForeignKey\nimport androidx.room.Index\nimport androidx.room.PrimaryKey\n",
    );
    for t in tables {
        let class = &names[&t.name];
        let mut args = vec![format!("tableName = {}", kt_str(&t.name))];
        if !t.composite_key.is_empty() {
            args.push(format!(
                "primaryKeys = [{}]",
                t.composite_key.iter().map(|k| kt_str(k)).collect::<Vec<_>>().join(", ")
            ));
        }
        let fks: Vec<String> = t
            .columns
            .iter()
            .filter_map(|c| {
                let (target, on_delete) = c.references.as_ref()?;
                let entity = names.get(target)?;
                Some(format!(
                    "ForeignKey(entity = {entity}::class, parentColumns = [\"id\"], childColumns = [{}], onDelete = ForeignKey.{})",
                    kt_str(&c.name),
                    on_delete.replace(' ', "_")
                ))
            })
            .collect();
        if !fks.is_empty() {
            args.push(format!("foreignKeys = [{}]", fks.join(", ")));
        }
        let mut idx: Vec<String> = t.indexes.iter().map(|i| format!("Index({})", kt_str(i))).collect();
        idx.extend(
            t.columns
                .iter()
                .filter(|c| {
                    c.references.is_some() && !t.indexes.contains(&c.name) && t.composite_key.first() != Some(&c.name)
                })
                .map(|c| format!("Index({})", kt_str(&c.name))),
        );
        if !idx.is_empty() {
            args.push(format!("indexes = [{}]", idx.join(", ")));
        }
        s.push_str(&format!(
            "\n// {}\n@Entity({})\ndata class {class}(\n",
            t.source,
            args.join(", ")
        ));
        for (m, c) in members(t, KOTLIN_KEYWORDS) {
            let pk = if c.primary_key {
                if c.ty == SqlType::Integer && !c.not_null {
                    "@PrimaryKey(autoGenerate = true) "
                } else {
                    "@PrimaryKey "
                }
            } else {
                ""
            };
            let default = if c.primary_key && !c.not_null { " = null" } else { "" };
            s.push_str(&format!(
                "    {pk}@ColumnInfo(name = {}) val {m}: {}{default},\n",
                kt_str(&c.name),
                kotlin_type(c)
            ));
        }
        s.push_str(")\n");
    }
    s
}

fn sqldelight(tables: &[SqlTable]) -> String {
    let mut s = String::from("-- SQLDelight schema generated by syncplan from the same tables as schema.sql.\n");
    for t in tables {
        let mut lines: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                let ty = match (c.ty, is_bool(c)) {
                    (_, true) => "INTEGER AS kotlin.Boolean".to_string(),
                    (SqlType::Any, _) => "TEXT".to_string(),
                    (t, _) => t.name().to_string(),
                };
                let mut l = format!("  \"{}\" {ty}", c.name.replace('"', "\"\""));
                if c.not_null {
                    l.push_str(" NOT NULL");
                }
                if c.primary_key {
                    l.push_str(" PRIMARY KEY");
                }
                if let Some((target, on_delete)) = &c.references {
                    l.push_str(&format!(
                        " REFERENCES \"{}\"(\"id\") ON DELETE {on_delete}",
                        target.replace('"', "\"\"")
                    ));
                }
                l
            })
            .collect();
        if !t.composite_key.is_empty() {
            lines.push(format!(
                "  PRIMARY KEY ({})",
                t.composite_key
                    .iter()
                    .map(|k| format!("\"{k}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        s.push_str(&format!(
            "\nCREATE TABLE \"{}\" (\n{}\n);\n",
            t.name.replace('"', "\"\""),
            lines.join(",\n")
        ));
    }
    for t in tables {
        s.push_str(&format!(
            "\nselectAll{}:\nSELECT * FROM \"{}\";\n",
            type_name(&t.name),
            t.name.replace('"', "\"\"")
        ));
    }
    s
}

fn drift(tables: &[SqlTable]) -> String {
    let names = class_names(tables, "Table");
    let mut s = String::from(
        "// Drift tables generated by syncplan from the same tables as schema.sql.\nimport 'package:drift/drift.dart';\n",
    );
    for t in tables {
        let class = &names[&t.name];
        s.push_str(&format!(
            "\n// {}\n@DataClassName({})\nclass {class} extends Table {{\n  @override\n  String get tableName => {};\n\n  @override\n  bool get isStrict => true;\n",
            t.source,
            dart_str(&format!("{}Row", type_name(&t.name))),
            dart_str(&t.name)
        ));
        let dart: Vec<&str> = crate::sdk::DART
            .keywords
            .iter()
            .chain(DRIFT_RESERVED)
            .copied()
            .collect();
        let ms = members(t, &dart);
        for (m, c) in &ms {
            let (col_ty, builder) = if is_bool(c) {
                ("BoolColumn", "boolean()")
            } else {
                match c.ty {
                    SqlType::Integer => ("Int64Column", "int64()"),
                    SqlType::Real => ("RealColumn", "real()"),
                    SqlType::Text | SqlType::Any => ("TextColumn", "text()"),
                    SqlType::Blob => ("BlobColumn", "blob()"),
                }
            };
            let rowid = c.primary_key && c.ty == SqlType::Integer && !c.not_null;
            let (col_ty, builder) = if rowid {
                ("IntColumn", "integer()")
            } else {
                (col_ty, builder)
            };
            let mut chain = format!("{builder}.named({})", dart_str(&c.name));
            if rowid {
                chain.push_str(".autoIncrement()");
            } else if !c.not_null {
                chain.push_str(".nullable()");
            }
            if let Some((target, _)) = &c.references
                && let Some(tc) = names.get(target)
            {
                chain.push_str(&format!(".references({tc}, #id)"));
            }
            s.push_str(&format!("  {col_ty} get {m} => {chain}();\n"));
        }
        let key: Vec<String> = if t.composite_key.is_empty() {
            ms.iter()
                .filter(|(_, c)| c.primary_key)
                .map(|(m, _)| m.clone())
                .collect()
        } else {
            t.composite_key
                .iter()
                .filter_map(|k| ms.iter().find(|(_, c)| &c.name == k).map(|(m, _)| m.clone()))
                .collect()
        };
        let rowid_key = key.len() == 1
            && ms
                .iter()
                .any(|(m, c)| m == &key[0] && c.ty == SqlType::Integer && !c.not_null);
        if !key.is_empty() && !rowid_key {
            s.push_str(&format!(
                "\n  @override\n  Set<Column> get primaryKey => {{{}}};\n",
                key.join(", ")
            ));
        }
        s.push_str("}\n");
    }
    s
}

fn grdb(tables: &[SqlTable], ddl: &str) -> String {
    let names = class_names(tables, "Record");
    let mut s = String::from(
        "// GRDB records generated by syncplan. The migration runs schema.sql verbatim, so the tables are\n\
         // exactly the ones the export describes.\nimport GRDB\n\n",
    );
    let body: String = ddl
        .lines()
        .filter(|l| !l.starts_with("PRAGMA"))
        .map(|l| format!("            {}\n", l.replace('\\', "\\\\")))
        .collect();
    s.push_str(&format!(
        "func registerSyncplanMigration(_ migrator: inout DatabaseMigrator) {{\n    migrator.registerMigration(\"syncplan-schema\") {{ db in\n        try db.execute(sql: \"\"\"\n{body}            \"\"\")\n    }}\n}}\n"
    ));
    for t in tables {
        let class = &names[&t.name];
        s.push_str(&format!(
            "\n// {}\nstruct {class}: Codable, FetchableRecord, PersistableRecord {{\n    static let databaseTableName = {}\n",
            t.source,
            swift_str(&t.name)
        ));
        let ms = members(t, SWIFT_KEYWORDS);
        for (m, c) in &ms {
            s.push_str(&format!("    var {m}: {}\n", swift_type(c)));
        }
        s.push_str("\n    enum CodingKeys: String, CodingKey {\n");
        for (m, c) in &ms {
            s.push_str(&format!("        case {m} = {}\n", swift_str(&c.name)));
        }
        s.push_str("    }\n}\n");
    }
    s
}

fn swiftdata(tables: &[SqlTable]) -> String {
    let type_tables: Vec<&SqlTable> = tables.iter().filter(|t| !t.child).collect();
    let owned: Vec<SqlTable> = type_tables.iter().map(|t| (*t).clone()).collect();
    let names = class_names(&owned, "");
    let mut s = String::from(
        "// SwiftData models generated by syncplan. SwiftData keeps its own store (no user-visible DDL): links\n\
         // are relationships, to-many links arrays of models; JSON columns stay JSON text.\nimport Foundation\nimport SwiftData\n",
    );
    for t in &type_tables {
        let class = &names[&t.name];
        s.push_str(&format!("\n// {}\n@Model\nfinal class {class} {{\n", t.source));
        let ms = members(t, SWIFT_KEYWORDS);
        let mut init_args = Vec::new();
        for (m, c) in &ms {
            let (decl, arg_ty) = match &c.references {
                Some((target, _)) => {
                    let tc = names.get(target).cloned().unwrap_or_else(|| "String".into());
                    (
                        format!("    @Relationship(deleteRule: .nullify) var {m}: {tc}?\n"),
                        format!("{tc}?"),
                    )
                }
                None => {
                    let attr = if c.primary_key { "@Attribute(.unique) " } else { "" };
                    (format!("    {attr}var {m}: {}\n", swift_type(c)), swift_type(c))
                }
            };
            s.push_str(&decl);
            init_args.push((m.clone(), arg_ty));
        }
        for child in tables
            .iter()
            .filter(|c| c.child && c.source.split('.').next() == Some(t.name.as_str()))
        {
            let prop = child.source.split('.').nth(1).unwrap_or("items");
            let m = ident(prop, SWIFT_KEYWORDS);
            match child
                .columns
                .iter()
                .find(|c| c.name == "target_id")
                .and_then(|c| c.references.as_ref())
            {
                Some((target, _)) => {
                    let tc = names.get(target).cloned().unwrap_or_else(|| "String".into());
                    s.push_str(&format!(
                        "    @Relationship(deleteRule: .nullify) var {m}: [{tc}] = []\n"
                    ));
                }
                None => {
                    let v = child
                        .columns
                        .iter()
                        .find(|c| c.name == "value")
                        .map(swift_type)
                        .unwrap_or_else(|| "String".into());
                    s.push_str(&format!("    var {m}: [{v}] = []\n"));
                }
            }
        }
        s.push_str(&format!(
            "\n    init({}) {{\n",
            init_args
                .iter()
                .map(|(m, t)| format!("{m}: {t}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for (m, _) in &init_args {
            s.push_str(&format!("        self.{m} = {m}\n"));
        }
        s.push_str("    }\n}\n");
    }
    s
}

/// `schema.sql` plus the entity code of each ORM in `orms`, all from the same typed tables.
pub fn export_with(schema: &crate::model::Schema, orms: &[Orm]) -> Export {
    let mut ex = Export::default();
    let tables = super::sqlite::plan_tables(schema, &mut ex.findings);
    let ddl = super::sqlite::render_ddl(&tables);
    for &orm in orms {
        ex.files.insert(orm.file().to_string(), render(orm, &tables, &ddl));
    }
    ex.files.insert("schema.sql".to_string(), ddl);
    ex.finish()
}
