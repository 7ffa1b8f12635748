//! Swift (RealmSwift ≥ 10.10, `@Persisted` syntax), facts §4.1.1: `class Dog: Object` /
//! `EmbeddedObject` / `AsymmetricObject`; `@Persisted(primaryKey: true)`, `@Persisted(indexed:
//! true)`, `@Persisted(originProperty: "dogs") var owners: LinkingObjects<Person>`; `List`,
//! `MutableSet`, `Map<String, T>`; optionals; `propertiesMapping()` and the underscored
//! `_realmObjectName()`; enums declared `PersistableEnum`. Stored properties without `@Persisted`
//! are ignored, as by the SDK; the legacy `@objc dynamic` syntax is reported, not read.

use std::collections::BTreeMap;

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, child, named, preorder, quoted_body, unescape,
};
use crate::diagnostic::kinds;
use crate::model::{Collection, ObjectKind, ScalarType};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: false,
    paren_interpolation: true,
    braced_unicode: true,
    short_unicode: false,
    hex: false,
    octal: false,
};

fn scalar(name: &str) -> Option<ScalarType> {
    Some(match name {
        "Bool" => ScalarType::Bool,
        "Int" | "Int8" | "Int16" | "Int32" | "Int64" => ScalarType::Int,
        "Float" => ScalarType::Float,
        "Double" => ScalarType::Double,
        "String" => ScalarType::String,
        "Data" => ScalarType::Data,
        "Date" => ScalarType::Date,
        "Decimal128" => ScalarType::Decimal128,
        "ObjectId" => ScalarType::ObjectId,
        "UUID" => ScalarType::Uuid,
        "AnyRealmValue" => ScalarType::Mixed,
        _ => return None,
    })
}

/// A bare identifier (without the backticks of an escaped keyword).
fn ident(s: &str) -> String {
    s.trim_matches('`').to_string()
}

/// The last simple name of a `user_type` (`RealmSwift.List` → `List`) and its type arguments.
fn user_type<'t>(src: &Src, n: Node<'t>) -> Option<(String, Vec<Node<'t>>)> {
    if n.kind() != "user_type" {
        return None;
    }
    let parts = named(n);
    let name = parts.iter().rev().find(|c| c.kind() == "type_identifier")?;
    let args = parts
        .iter()
        .rev()
        .find(|c| c.kind() == "type_arguments")
        .map(|a| named(*a))
        .unwrap_or_default();
    Some((ident(src.text(*name)), args))
}

fn declaration_kind(src: &Src, n: Node) -> String {
    n.child_by_field_name("declaration_kind")
        .map(|k| src.text(k).to_string())
        .unwrap_or_default()
}

fn inherits(src: &Src, n: Node) -> Vec<String> {
    named(n)
        .into_iter()
        .filter(|c| c.kind() == "inheritance_specifier")
        .filter_map(|c| {
            named(c)
                .into_iter()
                .find_map(|t| user_type(src, t))
                .map(|(name, _)| name)
        })
        .collect()
}

pub(super) fn read(src: &mut Src, root: Node) {
    let nodes = preorder(root);
    for n in &nodes {
        if n.kind() == "class_declaration" && declaration_kind(src, *n) == "enum" {
            let bases = inherits(src, *n);
            if bases.iter().any(|b| b == "PersistableEnum")
                && let Some(raw) = bases.first().and_then(|b| scalar(b))
                && let Some(name) = n.child_by_field_name("name")
            {
                let name = ident(src.text(name));
                src.out.enums.insert(name, raw);
            }
        }
    }
    for n in nodes {
        if n.kind() != "class_declaration" || declaration_kind(src, n) != "class" {
            continue;
        }
        let kind = match inherits(src, n).first().map(String::as_str) {
            Some("Object") => ObjectKind::TopLevel,
            Some("EmbeddedObject") => ObjectKind::Embedded,
            Some("AsymmetricObject") => ObjectKind::Asymmetric,
            _ => continue,
        };
        let Some(name_node) = n.child_by_field_name("name") else {
            continue;
        };
        let name = ident(src.text(name_node));
        let mut class = RawClass {
            code_name: name.clone(),
            aliases: Vec::new(),
            persisted: None,
            kind,
            location: src.loc(name_node),
            props: Vec::new(),
        };
        let mut mapping: Option<BTreeMap<String, String>> = None;
        if let Some(body) = n.child_by_field_name("body") {
            for m in named(body) {
                match m.kind() {
                    "property_declaration" => {
                        if let Some(p) = property(src, &name, m) {
                            class.props.push(p);
                        }
                    }
                    "function_declaration" => function(src, &name, m, &mut class, &mut mapping),
                    _ => {}
                }
            }
        }
        if let Some(map) = mapping {
            for (swift, persisted) in map {
                match class.props.iter_mut().find(|p| p.code_name == swift) {
                    Some(p) => p.persisted = Some(persisted),
                    None => src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        format!("{name}.{swift}"),
                        name_node,
                        format!("propertiesMapping() maps `{swift}`, which is not a @Persisted property of {name}"),
                    ),
                }
            }
        }
        src.out.classes.push(class);
    }
}

/// `propertiesMapping()`, `_realmObjectName()` and the legacy class methods.
fn function(src: &mut Src, class: &str, f: Node, out: &mut RawClass, mapping: &mut Option<BTreeMap<String, String>>) {
    let Some(name_node) = f.child_by_field_name("name") else {
        return;
    };
    let fname = src.text(name_node);
    match fname {
        "propertiesMapping" => {
            let body = f.child_by_field_name("body");
            let dict = body.and_then(|b| preorder(b).into_iter().find(|n| n.kind() == "dictionary_literal"));
            let mut map = BTreeMap::new();
            let mut ok = dict.is_some();
            if let Some(d) = dict {
                let keys: Vec<Node> = named(d);
                // key, value, key, value ... (fields `key` / `value`)
                let mut it = keys.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    match (string(src, k), string(src, v)) {
                        (Some(Lit::Str(k)), Some(Lit::Str(v))) => {
                            map.insert(k, v);
                        }
                        _ => ok = false,
                    }
                }
            }
            if ok {
                *mapping = Some(map);
            } else {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    class,
                    name_node,
                    "propertiesMapping() does not return a dictionary literal of string literals; its mappings are not read",
                );
            }
        }
        "_realmObjectName" => {
            let lit = f
                .child_by_field_name("body")
                .and_then(|b| preorder(b).into_iter().find(|n| n.kind() == "line_string_literal"))
                .and_then(|s| string(src, s));
            match lit {
                Some(Lit::Str(s)) => out.persisted = Some(s),
                _ => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    class,
                    name_node,
                    "_realmObjectName() does not return a string literal; the class name is used as the type name",
                ),
            }
        }
        "primaryKey" | "indexedProperties" | "ignoredProperties" => src.report(
            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
            class,
            name_node,
            format!(
                "{fname}() belongs to the legacy (< 10.10) model syntax, which is not read; declare it with @Persisted(...)"
            ),
        ),
        _ => {}
    }
}

/// A `line_string_literal` without interpolation.
fn string(src: &Src, n: Node) -> Option<Lit> {
    if n.kind() != "line_string_literal" || named(n).iter().any(|c| c.kind() == "interpolated_expression") {
        return None;
    }
    unescape(quoted_body(src.text(n))?, ESCAPES).map(Lit::Str)
}

/// A literal initialiser (`.int(5)` etc. for `AnyRealmValue`).
fn literal(src: &Src, n: Node) -> Option<Lit> {
    match n.kind() {
        "line_string_literal" => string(src, n),
        "integer_literal" => super::common::parse_int(src.text(n)).map(Lit::Int),
        "real_literal" => super::common::parse_float(src.text(n)).map(Lit::Float),
        "boolean_literal" => Some(Lit::Bool(src.text(n) == "true")),
        "nil_literal" => Some(Lit::Null),
        "prefix_expression" => {
            let op = n.child_by_field_name("operation").map(|o| src.text(o));
            let target = n.child_by_field_name("target")?;
            match op {
                Some("-") => literal(src, target)?.negate(),
                Some(".") if src.text(target) == "none" => Some(Lit::Null),
                _ => None,
            }
        }
        "call_expression" => {
            // `.int(5)`, `.string("x")`, `.bool(true)`, `.double(0.5)`, `.float(1)`
            let callee = named(n).into_iter().next()?;
            if callee.kind() != "prefix_expression" {
                return None;
            }
            let case = src.text(callee.child_by_field_name("target")?);
            let args = child(n, "call_suffix").and_then(|s| child(s, "value_arguments"))?;
            let arg = named(args);
            let [a] = arg.as_slice() else { return None };
            let v = literal(src, a.child_by_field_name("value")?)?;
            match (case, &v) {
                ("int", Lit::Int(_)) | ("bool", Lit::Bool(_)) | ("string", Lit::Str(_)) => Some(v),
                ("double" | "float", Lit::Float(_)) => Some(v),
                ("double" | "float", Lit::Int(i)) => Some(Lit::Float(*i as f64)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `@Persisted(...)` arguments as label → value node.
fn persisted_args<'t>(src: &Src, attr: Node<'t>) -> BTreeMap<String, Node<'t>> {
    let mut out = BTreeMap::new();
    let parts = named(attr);
    let mut label: Option<String> = None;
    for p in parts.into_iter().skip(1) {
        if p.kind() == "simple_identifier" && label.is_none() {
            label = Some(src.text(p).to_string());
        } else if let Some(l) = label.take() {
            out.insert(l, p);
        }
    }
    out
}

fn property(src: &mut Src, class: &str, n: Node) -> Option<RawProp> {
    let modifiers = child(n, "modifiers");
    let attrs: Vec<Node> = modifiers
        .map(|m| named(m).into_iter().filter(|a| a.kind() == "attribute").collect())
        .unwrap_or_default();
    let attr_name = |a: &Node| named(*a).into_iter().find_map(|t| user_type(src, t)).map(|(n, _)| n);
    let persisted = attrs
        .iter()
        .find(|a| attr_name(a).as_deref() == Some("Persisted"))
        .copied();
    let name_node = n.child_by_field_name("name")?;
    let name = ident(src.text(child(name_node, "simple_identifier").unwrap_or(name_node)));
    let path = format!("{class}.{name}");
    let Some(persisted) = persisted else {
        let objc = attrs.iter().any(|a| attr_name(a).as_deref() == Some("objc"));
        let dynamic = modifiers.is_some_and(|m| src.text(m).split_whitespace().any(|w| w == "dynamic"));
        if objc && dynamic {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                path,
                name_node,
                "`@objc dynamic` is the legacy (< 10.10) property syntax, which is not read; use @Persisted",
            );
        }
        return None;
    };
    if modifiers.is_some_and(|m| src.text(m).split_whitespace().any(|w| w == "static" || w == "class")) {
        return None;
    }
    if n.child_by_field_name("computed_value").is_some() {
        src.report(
            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
            path,
            name_node,
            "a computed property cannot be @Persisted; it is left out",
        );
        return None;
    }
    let args = persisted_args(src, persisted);
    let flag = |k: &str| args.get(k).is_some_and(|v| src.text(*v) == "true");
    let value = n.child_by_field_name("value");
    let annotation = child(n, "type_annotation").and_then(|t| named(t).into_iter().next());
    let loc = src.loc(name_node);
    let ty = match annotation {
        Some(t) => match type_of(src, t) {
            Ok(Shape::Backlink(origin)) => {
                let Some(origin_prop) = args.get("originProperty").and_then(|v| string(src, *v)) else {
                    src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        path,
                        name_node,
                        "LinkingObjects needs @Persisted(originProperty: \"...\") with a string literal; the property is left out",
                    );
                    return None;
                };
                let Lit::Str(origin_prop) = origin_prop else {
                    return None;
                };
                RawType::Backlink {
                    origin_class: origin,
                    origin_prop,
                }
            }
            Ok(Shape::Value(t)) => t,
            Err(what) => {
                src.report(
                    &kinds::SOURCE_UNRESOLVED_TYPE,
                    path,
                    t,
                    format!("`{name}`: {what}; the property is left out"),
                );
                return None;
            }
        },
        None => {
            let inferred = value.and_then(|v| match literal(src, v) {
                Some(Lit::Str(_)) => Some(ScalarType::String),
                Some(Lit::Int(_)) => Some(ScalarType::Int),
                Some(Lit::Float(_)) => Some(ScalarType::Double),
                Some(Lit::Bool(_)) => Some(ScalarType::Bool),
                _ => constructed(src, v),
            });
            match inferred {
                Some(s) => RawType::Value {
                    collection: Collection::Single,
                    elem: RawElem::Scalar(s),
                    optional: false,
                },
                None => {
                    src.report(
                        &kinds::SOURCE_UNRESOLVED_TYPE,
                        path,
                        name_node,
                        format!("`{name}` has no type annotation and its initialiser does not tell the type; the property is left out"),
                    );
                    return None;
                }
            }
        }
    };
    let mut p = RawProp::new(&name, ty, loc);
    p.primary_key = flag("primaryKey");
    p.indexed = flag("indexed");
    if let Some(v) = value {
        let lit = literal(src, v);
        src.apply_default(&mut p, &path, v, lit);
    }
    Some(p)
}

/// The type of an initialiser that constructs a Realm scalar: `Date()`, `ObjectId()`,
/// `ObjectId.generate()`, `UUID()`, `Data()`, `Decimal128()`.
fn constructed(src: &Src, v: Node) -> Option<ScalarType> {
    if v.kind() != "call_expression" {
        return None;
    }
    let callee = named(v).into_iter().next()?;
    let text: String = src.text(callee).split_whitespace().collect();
    let base = text.strip_suffix(".generate").unwrap_or(&text);
    match scalar(base)? {
        s
        @ (ScalarType::Date | ScalarType::ObjectId | ScalarType::Uuid | ScalarType::Data | ScalarType::Decimal128) => {
            Some(s)
        }
        _ => None,
    }
}

enum Shape {
    Value(RawType),
    /// `LinkingObjects<Origin>`.
    Backlink(String),
}

/// A single value or collection element: scalar or class, and whether optional.
fn element(src: &Src, t: Node) -> Result<(RawElem, bool), String> {
    let (inner, optional) = if t.kind() == "optional_type" {
        (
            t.child_by_field_name("wrapped").ok_or("an optional without a type")?,
            true,
        )
    } else {
        (t, false)
    };
    let Some((name, args)) = user_type(src, inner) else {
        return Err(format!("type `{}` is not a Realm property type", src.text(t)));
    };
    if !args.is_empty() {
        return Err(format!("type `{}` is not a Realm property type", src.text(t)));
    }
    Ok((
        match scalar(&name) {
            Some(s) => RawElem::Scalar(s),
            None => RawElem::Class(name),
        },
        optional,
    ))
}

fn type_of(src: &Src, t: Node) -> Result<Shape, String> {
    let unknown = || format!("type `{}` is not a Realm property type", src.text(t));
    if t.kind() == "user_type"
        && let Some((name, args)) = user_type(src, t)
        && !args.is_empty()
    {
        let collection = match (name.as_str(), args.as_slice()) {
            ("List", [_]) => Collection::List,
            ("MutableSet", [_]) => Collection::Set,
            ("Map", [k, _]) => {
                if user_type(src, *k).map(|(n, _)| n).as_deref() != Some("String") {
                    return Err(format!("`{}`: Realm maps have String keys", src.text(t)));
                }
                Collection::Dictionary
            }
            ("LinkingObjects", [o]) => {
                let (origin, _) = user_type(src, *o).ok_or_else(unknown)?;
                return Ok(Shape::Backlink(origin));
            }
            _ => return Err(unknown()),
        };
        let (elem, optional) = element(src, args[args.len() - 1])?;
        return Ok(Shape::Value(RawType::Value {
            collection,
            elem,
            optional,
        }));
    }
    let (elem, optional) = element(src, t)?;
    Ok(Shape::Value(RawType::Value {
        collection: Collection::Single,
        elem,
        optional,
    }))
}
