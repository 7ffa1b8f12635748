//! JavaScript and TypeScript (`realm` v12+), https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/model-data/define-a-realm-object-model/: `class Task extends Realm.Object<Task>`
//! with a `static schema` object literal, and plain `ObjectSchema` objects (`const TaskSchema =
//! { name, properties }`, objects in a `schema: [...]` array). The literals are turned into the
//! same document tree the JSON loader reads and handed to the Realm JS loader (`source::realm_js`),
//! so both forms mean exactly the same. TypeScript field declarations are not read: the schema is
//! what Realm uses.

use std::collections::BTreeSet;

use tree_sitter::Node;

use super::common::{Escapes, Src, named, one_line, parse_number, preorder, quoted_body, unescape};
use crate::diagnostic::kinds;
use crate::input::value::{Node as Doc, Pos, Value};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: false,
    paren_interpolation: false,
    braced_unicode: true,
    short_unicode: true,
    hex: true,
    octal: false,
};

/// Why a piece of a schema literal could not be read.
struct NotLiteral<'t> {
    at: Node<'t>,
}

/// Removes TypeScript wrappers: `x as const`, `x satisfies ObjectSchema`, `(x)`, `x!`.
fn unwrap(n: Node) -> Node {
    let mut cur = n;
    while matches!(
        cur.kind(),
        "as_expression" | "satisfies_expression" | "parenthesized_expression" | "non_null_expression"
    ) {
        match named(cur).into_iter().next() {
            Some(c) => cur = c,
            None => break,
        }
    }
    cur
}

fn string(src: &Src, n: Node) -> Option<String> {
    match n.kind() {
        "string" => unescape(quoted_body(src.text(n))?, ESCAPES),
        "template_string" => {
            if named(n).iter().any(|c| c.kind() == "template_substitution") {
                return None;
            }
            unescape(quoted_body(src.text(n))?, ESCAPES)
        }
        _ => None,
    }
}

/// A property key: identifier, string or number.
fn key(src: &Src, k: Node) -> Option<String> {
    match k.kind() {
        "property_identifier" | "identifier" | "private_property_identifier" => Some(src.text(k).to_string()),
        "string" => string(src, k),
        "number" => Some(src.text(k).to_string()),
        _ => None,
    }
}

fn is_object_schema(src: &Src, n: Node) -> bool {
    let n = unwrap(n);
    if n.kind() != "object" {
        return false;
    }
    let mut name = false;
    let mut props = false;
    for p in named(n) {
        if p.kind() != "pair" {
            continue;
        }
        let (Some(k), Some(v)) = (p.child_by_field_name("key"), p.child_by_field_name("value")) else {
            continue;
        };
        match key(src, k).as_deref() {
            Some("name") => name = string(src, unwrap(v)).is_some(),
            Some("properties") => props = unwrap(v).kind() == "object",
            _ => {}
        }
    }
    name && props
}

/// A literal value as a document node.
fn value<'t>(src: &Src, n: Node<'t>) -> Result<Doc, NotLiteral<'t>> {
    let n = unwrap(n);
    let pos = src.pos(n);
    let v = match n.kind() {
        "string" | "template_string" => Value::String(string(src, n).ok_or(NotLiteral { at: n })?),
        "number" => match parse_number(src.text(n)) {
            Some(super::common::Lit::Int(i)) => Value::Number(i.to_string()),
            Some(super::common::Lit::Float(f)) => Value::Number(format!("{f:?}")),
            _ => return Err(NotLiteral { at: n }),
        },
        "unary_expression" => {
            let op = n.child_by_field_name("operator").map(|o| src.text(o));
            let arg = n.child_by_field_name("argument").ok_or(NotLiteral { at: n })?;
            match (op, value(src, arg)?.value) {
                (Some("-"), Value::Number(s)) if !s.starts_with('-') => Value::Number(format!("-{s}")),
                _ => return Err(NotLiteral { at: n }),
            }
        }
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        "array" => {
            let mut items = Vec::new();
            for c in named(n) {
                if c.kind() == "comment" {
                    continue;
                }
                items.push(value(src, c)?);
            }
            Value::Array(items)
        }
        "object" => {
            let mut entries = Vec::new();
            for p in named(n) {
                match p.kind() {
                    "comment" => {}
                    "pair" => {
                        let k = p.child_by_field_name("key").ok_or(NotLiteral { at: p })?;
                        let v = p.child_by_field_name("value").ok_or(NotLiteral { at: p })?;
                        let name = key(src, k).ok_or(NotLiteral { at: k })?;
                        entries.push((name, src.pos(k), value(src, v)?));
                    }
                    _ => return Err(NotLiteral { at: p }),
                }
            }
            Value::Object(entries)
        }
        _ => return Err(NotLiteral { at: n }),
    };
    Ok(Doc::new(v, pos))
}

/// An object schema literal as a document, dropping (and reporting) what is not a literal: a
/// non-literal `default` drops the default; anything else in a property drops the property;
/// anything else in the schema drops the schema.
fn schema_doc(src: &mut Src, n: Node) -> Option<Doc> {
    let n = unwrap(n);
    let schema_name = named(n)
        .into_iter()
        .filter(|p| p.kind() == "pair")
        .find(|p| p.child_by_field_name("key").and_then(|k| key(src, k)).as_deref() == Some("name"))
        .and_then(|p| p.child_by_field_name("value"))
        .and_then(|v| string(src, unwrap(v)))
        .unwrap_or_default();
    let mut entries = Vec::new();
    for p in named(n) {
        if p.kind() == "comment" {
            continue;
        }
        let kv = if p.kind() == "pair" {
            p.child_by_field_name("key")
                .zip(p.child_by_field_name("value"))
                .and_then(|(k, v)| key(src, k).map(|name| (name, k, v)))
        } else {
            None
        };
        let Some((name, k, v)) = kv else {
            unsupported(
                src,
                &schema_name,
                p,
                "is not a literal `key: value` entry; the object schema is left out",
            );
            return None;
        };
        if name == "properties" && unwrap(v).kind() == "object" {
            let mut props = Vec::new();
            for pp in named(unwrap(v)) {
                if pp.kind() == "comment" {
                    continue;
                }
                let pkv = if pp.kind() == "pair" {
                    pp.child_by_field_name("key")
                        .zip(pp.child_by_field_name("value"))
                        .and_then(|(k, v)| key(src, k).map(|name| (name, k, v)))
                } else {
                    None
                };
                let Some((pname, pk, pv)) = pkv else {
                    unsupported(
                        src,
                        &schema_name,
                        pp,
                        "is not a literal `name: type` entry; it is left out",
                    );
                    continue;
                };
                let path = format!("{schema_name}.{pname}");
                if let Some(d) = property_doc(src, &path, pv) {
                    props.push((pname, src.pos(pk), d));
                }
            }
            entries.push((name, src.pos(k), Doc::new(Value::Object(props), src.pos(unwrap(v)))));
            continue;
        }
        match value(src, v) {
            Ok(d) => entries.push((name, src.pos(k), d)),
            Err(e) => {
                let text = one_line(src.text(e.at));
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    if schema_name.is_empty() {
                        "schema".to_string()
                    } else {
                        schema_name.clone()
                    },
                    e.at,
                    format!("`{name}` of the object schema is not a literal (`{text}`); the object schema is left out"),
                );
                return None;
            }
        }
    }
    Some(Doc::new(Value::Object(entries), src.pos(n)))
}

fn unsupported(src: &mut Src, schema: &str, n: Node, what: &str) {
    let text = one_line(src.text(n));
    let path = if schema.is_empty() { "schema" } else { schema };
    src.report(
        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
        path,
        n,
        format!("`{text}` {what}"),
    );
}

/// One property's type: a literal, or an object whose non-literal `default` is dropped. Realm JS's
/// `presentation: "counter"` on an `int` is read as a counter.
fn property_doc(src: &mut Src, path: &str, v: Node) -> Option<Doc> {
    let v = unwrap(v);
    if v.kind() == "object" {
        let mut entries = Vec::new();
        for p in named(v) {
            if p.kind() == "comment" {
                continue;
            }
            let kv = if p.kind() == "pair" {
                p.child_by_field_name("key")
                    .zip(p.child_by_field_name("value"))
                    .and_then(|(k, val)| key(src, k).map(|name| (name, k, val)))
            } else {
                None
            };
            let Some((name, k, val)) = kv else {
                let text = one_line(src.text(p));
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    p,
                    format!("`{text}` is not a literal entry of the property; the property is left out"),
                );
                return None;
            };
            match value(src, val) {
                Ok(d) => entries.push((name, src.pos(k), d)),
                Err(_) if name == "default" => {
                    let why = if matches!(
                        unwrap(val).kind(),
                        "arrow_function" | "function_expression" | "function"
                    ) {
                        "a function (called for each new object), not a literal"
                    } else {
                        "not a literal"
                    };
                    src.not_literal(path, val, why)
                }
                Err(e) => {
                    let text = one_line(src.text(e.at));
                    src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        path,
                        e.at,
                        format!("`{name}` of the property is not a literal (`{text}`); the property is left out"),
                    );
                    return None;
                }
            }
        }
        let is = |entries: &[(String, Pos, Doc)], k: &str, want: &str| {
            entries.iter().any(|(n, _, d)| n == k && d.as_str() == Some(want))
        };
        if is(&entries, "presentation", "counter") && is(&entries, "type", "int") {
            entries.retain(|(n, _, _)| n != "presentation");
            for (n, _, d) in entries.iter_mut() {
                if n == "type" {
                    d.value = Value::String("counter".into());
                }
            }
        }
        return Some(Doc::new(Value::Object(entries), src.pos(v)));
    }
    match value(src, v) {
        Ok(d) => Some(d),
        Err(e) => {
            let text = one_line(src.text(e.at));
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                path,
                e.at,
                format!("the property type is not a literal (`{text}`); the property is left out"),
            );
            None
        }
    }
}

fn push<'t>(n: Node<'t>, schemas: &mut Vec<Node<'t>>, seen: &mut BTreeSet<usize>) {
    let n = unwrap(n);
    if seen.insert(n.start_byte()) {
        schemas.push(n);
    }
}

/// Whether the file imports or requires `realm` (or an `@realm/...` package).
fn imports_realm(src: &Src, nodes: &[Node]) -> bool {
    let is_realm = |s: &str| s == "realm" || s.starts_with("@realm/") || s == "realm-web";
    nodes.iter().any(|n| match n.kind() {
        "import_statement" => n
            .child_by_field_name("source")
            .and_then(|s| string(src, s))
            .is_some_and(|s| is_realm(&s)),
        "call_expression" => {
            n.child_by_field_name("function")
                .is_some_and(|f| src.text(f) == "require")
                && n.child_by_field_name("arguments")
                    .and_then(|a| named(a).into_iter().next())
                    .and_then(|s| string(src, s))
                    .is_some_and(|s| is_realm(&s))
        }
        _ => false,
    })
}

/// `extends Realm.Object`, `extends Object` (imported from realm), `extends Realm.Object<T>`.
fn extends_realm_object(src: &Src, class: Node) -> bool {
    named(class)
        .into_iter()
        .find(|c| c.kind() == "class_heritage")
        .is_some_and(|h| {
            preorder(h).into_iter().any(|c| {
                let t: String = src.text(c).split_whitespace().collect();
                matches!(c.kind(), "member_expression" | "identifier")
                    && matches!(t.as_str(), "Realm.Object" | "Object" | "RealmObject")
            })
        })
}

pub(super) fn read(src: &mut Src, root: Node) {
    let nodes = preorder(root);
    let realm_file = imports_realm(src, &nodes);
    let mut schemas: Vec<Node> = Vec::new();
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut declared: BTreeSet<String> = BTreeSet::new();
    let mut static_refs: Vec<(Node, String)> = Vec::new();
    for n in &nodes {
        match n.kind() {
            "class_declaration" | "class" => {
                let Some(body) = n.child_by_field_name("body") else {
                    continue;
                };
                let mut found = false;
                for m in named(body) {
                    if !matches!(m.kind(), "public_field_definition" | "field_definition") {
                        continue;
                    }
                    let is_static = super::common::all(m).iter().any(|c| c.kind() == "static");
                    let name = m
                        .child_by_field_name("name")
                        .or_else(|| m.child_by_field_name("property"));
                    if !is_static || name.map(|k| src.text(k)) != Some("schema") {
                        continue;
                    }
                    found = true;
                    match m.child_by_field_name("value") {
                        Some(v) if is_object_schema(src, v) => push(v, &mut schemas, &mut seen),
                        Some(v) if unwrap(v).kind() == "identifier" => {
                            static_refs.push((unwrap(v), src.text(unwrap(v)).to_string()))
                        }
                        Some(v) => {
                            let class = n.child_by_field_name("name").map(|c| src.text(c)).unwrap_or("class");
                            let class = class.to_string();
                            unsupported(
                                src,
                                &class,
                                v,
                                "is not an object schema literal (`{ name, properties }`); the class is left out",
                            );
                        }
                        None => {}
                    }
                }
                if !found && extends_realm_object(src, *n) {
                    let class = n
                        .child_by_field_name("name")
                        .map(|c| src.text(c))
                        .unwrap_or("class")
                        .to_string();
                    src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        &class,
                        n.child_by_field_name("name").unwrap_or(*n),
                        format!("class {class} extends Realm.Object without a `static schema`; the @realm/babel-plugin form (typed fields and decorators) is not read"),
                    );
                }
            }
            "variable_declarator" => {
                let (Some(name), Some(v)) = (n.child_by_field_name("name"), n.child_by_field_name("value")) else {
                    continue;
                };
                if !is_object_schema(src, v) {
                    continue;
                }
                let var = src.text(name).to_string();
                // `const TaskSchema = {...}`, `const Task: ObjectSchema = {...}`, `{...} satisfies
                // ObjectSchema`; other objects that merely have `name` and `properties` are not
                // taken for schemas.
                let typed = n
                    .child_by_field_name("type")
                    .is_some_and(|t| src.text(t).contains("ObjectSchema"))
                    || (v.kind() != "object" && src.text(v).contains("ObjectSchema"));
                if typed || var.to_ascii_lowercase().ends_with("schema") {
                    declared.insert(var);
                    push(v, &mut schemas, &mut seen);
                }
            }
            "pair" => {
                // `schema: [ { name, properties }, ... ]` (Realm.open / RealmProvider configs in a
                // file that imports realm)
                let is_schema_key = n
                    .child_by_field_name("key")
                    .and_then(|k| key(src, k))
                    .is_some_and(|k| k == "schema");
                if let (true, Some(v)) = (is_schema_key && realm_file, n.child_by_field_name("value"))
                    && unwrap(v).kind() == "array"
                {
                    for item in named(unwrap(v)) {
                        if is_object_schema(src, item) {
                            push(item, &mut schemas, &mut seen);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (n, name) in static_refs {
        if !declared.contains(&name) {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                &name,
                n,
                format!("`static schema = {name}` refers to `{name}`, which is not an object schema literal declared in this file nor in the other files read; it is not read"),
            );
            // Unless another file of this client declares it (see `common::build`).
            if let Some(d) = src.out.diagnostics.pop() {
                src.out.cross_file_refs.push((name, d));
            }
        }
    }
    src.out.schema_literals.extend(declared);
    schemas.sort_by_key(|n| n.start_byte());
    let file = src.out.file.clone();
    for s in schemas {
        let Some(doc) = schema_doc(src, s) else { continue };
        match crate::source::realm_js::load(&doc, &file) {
            Ok(loaded) => {
                src.out.diagnostics.extend(loaded.diagnostics);
                src.out.js_types.extend(loaded.schema.types.into_values());
            }
            Err(e) => {
                // The Realm JS loader refuses the schema (as it would refuse the same JSON):
                // reported at its place, this object schema left out.
                src.out.diagnostics.push(crate::diagnostic::Diagnostic::new(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    "schema",
                    Some(crate::model::Location {
                        file: e.file.clone(),
                        line: e.pos.line,
                        column: e.pos.column,
                        ..Default::default()
                    }),
                    format!(
                        "this object schema is not a valid Realm schema: {}; it is left out",
                        e.message
                    ),
                ));
            }
        }
    }
}
