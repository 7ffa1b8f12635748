//! Swift (RealmSwift ≥ 10.10, `@Persisted` syntax), https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/: `class Dog: Object` /
//! `EmbeddedObject` / `AsymmetricObject`; `@Persisted(primaryKey: true)`, `@Persisted(indexed:
//! true)`, `@Persisted(originProperty: "dogs") var owners: LinkingObjects<Person>`; `List`,
//! `MutableSet`, `Map<String, T>`; optionals; `propertiesMapping()` and the underscored
//! `_realmObjectName()`; enums declared `PersistableEnum` (or legacy `RealmEnum`) by their raw
//! type; `CustomPersistable` / `FailableCustomPersistable` types by their `PersistedType`; types
//! inferred from initialisers (`= List<String>()`, `= ObjectId.generate()`, `= UUID().uuidString`,
//! literals). In a class with `@Persisted` properties, other stored properties are ignored, as by
//! the SDK. A class without any is read with the legacy (< 10.10) syntax: `@objc dynamic var`
//! (`dynamic var` in an `@objcMembers` class), `let list = List<Dog>()`, `RealmOptional<Int>()`,
//! `RealmProperty<Int?>()`, `LinkingObjects(fromType:property:)`, `primaryKey()`,
//! `indexedProperties()`, `ignoredProperties()`.

use std::collections::BTreeMap;

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, Subclass, child, named, preorder, quoted_body, unescape,
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

/// A scalar type name (the SDK table's names, Foundation's legacy ones).
fn scalar(name: &str) -> Option<ScalarType> {
    crate::sdk::SWIFT.scalar_named(name)
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

/// The name an extension or a type declaration gives (`extension RealmSwift.Foo` → `Foo`).
fn declared_name(src: &Src, n: Node) -> Option<String> {
    let name = n.child_by_field_name("name")?;
    match name.kind() {
        "user_type" => user_type(src, name).map(|(n, _)| n),
        _ => Some(ident(src.text(name))),
    }
}

/// The type a `CustomPersistable` / `FailableCustomPersistable` declaration persists as: its
/// `typealias PersistedType = T`, else the type of `persistableValue`, else the parameter of
/// `init(persistedValue:)`.
fn persisted_type_of(src: &Src, body: Node) -> Option<RawElem> {
    let as_elem = |t: Node| -> Option<RawElem> {
        let (name, args) = user_type(src, t)?;
        if !args.is_empty() {
            return None;
        }
        Some(match scalar(&name) {
            Some(s) => RawElem::Scalar(s),
            None => RawElem::Class(name),
        })
    };
    let members = named(body);
    for m in &members {
        if m.kind() == "typealias_declaration"
            && m.child_by_field_name("name").map(|n| src.text(n)) == Some("PersistedType")
            && let Some(t) = named(*m).into_iter().rev().find(|c| c.kind() != "modifiers")
        {
            return as_elem(t);
        }
    }
    for m in &members {
        if m.kind() == "property_declaration"
            && m.child_by_field_name("name").map(|n| src.text(n).trim()) == Some("persistableValue")
            && let Some(t) = child(*m, "type_annotation").and_then(|t| named(t).into_iter().next())
        {
            return as_elem(t);
        }
    }
    for m in &members {
        if m.kind() == "init_declaration"
            && let Some(p) = child(*m, "parameter")
            && p.child_by_field_name("name").map(|n| src.text(n)) == Some("persistedValue")
            && let Some(t) = named(p).into_iter().find(|c| c.kind() == "user_type")
        {
            return as_elem(t);
        }
    }
    None
}

pub(super) fn read(src: &mut Src, root: Node) {
    let nodes = preorder(root);
    let mut custom: Vec<(String, Node)> = Vec::new();
    for n in &nodes {
        match n.kind() {
            "class_declaration" => {
                let bases = inherits(src, *n);
                let kind = declaration_kind(src, *n);
                if kind == "enum"
                    && bases.iter().any(|b| b == "PersistableEnum" || b == "RealmEnum")
                    && let Some(raw) = bases.first().and_then(|b| scalar(b))
                    && let Some(name) = declared_name(src, *n)
                {
                    src.out.enums.insert(name, raw);
                }
                if bases
                    .iter()
                    .any(|b| b == "CustomPersistable" || b == "FailableCustomPersistable")
                    && let Some(name) = declared_name(src, *n)
                {
                    match n.child_by_field_name("body").and_then(|b| persisted_type_of(src, b)) {
                        Some(t) => {
                            src.out.type_aliases.insert(name, t);
                        }
                        None => custom.push((name, *n)),
                    }
                }
            }
            // A file-level `typealias Money = Decimal128` (never the `PersistedType` inside a type).
            "typealias_declaration" if n.parent().is_some_and(|p| p.kind() == "source_file") => {
                let name = n.child_by_field_name("name").map(|t| ident(src.text(t)));
                let target = named(*n)
                    .into_iter()
                    .rev()
                    .find(|c| c.kind() == "user_type")
                    .and_then(|t| user_type(src, t));
                if let (Some(name), Some((target, args))) = (name, target)
                    && args.is_empty()
                {
                    let elem = match scalar(&target) {
                        Some(s) => RawElem::Scalar(s),
                        None => RawElem::Class(target),
                    };
                    src.out.type_aliases.insert(name, elem);
                }
            }
            _ => {}
        }
    }
    // A custom-persistable type whose persisted type is declared elsewhere (another extension).
    for (name, n) in custom {
        if !src.out.type_aliases.contains_key(&name) {
            let at = n.child_by_field_name("name").unwrap_or(n);
            src.report(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                &name,
                at,
                format!("`{name}` is CustomPersistable but no `typealias PersistedType` (nor `persistableValue` type) is declared for it in the Swift files read; properties of this type are left out"),
            );
        }
    }
    for n in nodes {
        if n.kind() != "class_declaration" || declaration_kind(src, n) != "class" {
            continue;
        }
        // A subclass of another class: a model when its base is (resolved with the classes of
        // every file read, in `build`; RealmSwift persists it as its own type, the base's
        // properties first).
        let mut base: Option<String> = None;
        let first = inherits(src, n).into_iter().next();
        let kind = match first.as_deref().map(|b| (b, crate::sdk::SWIFT.kind_of_base(b))) {
            Some((_, Some(kind))) => kind,
            Some((b, None)) => {
                base = Some(b.to_string());
                ObjectKind::TopLevel
            }
            None => continue,
        };
        let Some(name_node) = n.child_by_field_name("name") else {
            continue;
        };
        let name = ident(src.text(name_node));
        let objc_members = has_attr(src, n, "objcMembers");
        let diagnostics_before = src.out.diagnostics.len();
        let mut class = RawClass {
            code_name: name.clone(),
            aliases: Vec::new(),
            persisted: None,
            kind,
            location: src.loc(name_node),
            props: Vec::new(),
        };
        let mut mapping: Option<BTreeMap<String, String>> = None;
        let members = n.child_by_field_name("body").map(named).unwrap_or_default();
        // RealmSwift reads a class either with the `@Persisted` syntax or, when no property is
        // `@Persisted`, with the legacy (`@objc dynamic`, `List<T>()`, `primaryKey()`) one.
        let modern = members
            .iter()
            .any(|m| m.kind() == "property_declaration" && has_attr(src, *m, "Persisted"));
        let mut legacy = Legacy::default();
        if !modern {
            for m in &members {
                if m.kind() == "function_declaration" {
                    legacy_function(src, &name, *m, &mut legacy);
                }
            }
        }
        for m in &members {
            match m.kind() {
                "property_declaration" => {
                    let p = if modern {
                        property(src, &name, *m)
                    } else {
                        legacy_property(src, &name, *m, objc_members, &legacy.ignored)
                    };
                    if let Some(p) = p {
                        class.props.push(p);
                    }
                }
                "function_declaration" => function(src, &name, *m, &mut class, &mut mapping, modern),
                _ => {}
            }
        }
        if let Some(base) = base {
            // The primary key of a subclass is its own `primaryKey()` override, else its base's.
            let primary_key = legacy.primary_key.as_ref().map(|(k, _)| k.clone());
            let unread = Legacy {
                primary_key: None,
                ..legacy
            };
            unread.apply(src, &name, &mut class);
            if let Some(map) = mapping {
                for (swift, persisted) in map {
                    if let Some(p) = class.props.iter_mut().find(|p| p.code_name == swift) {
                        p.persisted = Some(persisted);
                    }
                }
            }
            let diagnostics = src
                .out
                .diagnostics
                .split_off(diagnostics_before.min(src.out.diagnostics.len()));
            src.out.subclasses.push(Subclass {
                class,
                base,
                primary_key,
                modern,
                diagnostics,
            });
            continue;
        }
        if !modern {
            // A class where nothing is persisted although its body declares members is reported
            // (and marked unread) by the builder's safety net (`no_silent_empty_classes`).
            legacy.apply(src, &name, &mut class);
        }
        if let Some(map) = mapping {
            for (swift, persisted) in map {
                match class.props.iter_mut().find(|p| p.code_name == swift) {
                    Some(p) => p.persisted = Some(persisted),
                    None => src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        format!("{name}.{swift}"),
                        name_node,
                        format!("propertiesMapping() maps `{swift}`, which is not a persisted property of {name}"),
                    ),
                }
            }
        }
        src.out.classes.push(class);
    }
}

fn has_attr(src: &Src, n: Node, attr: &str) -> bool {
    child(n, "modifiers").is_some_and(|m| {
        named(m).into_iter().filter(|a| a.kind() == "attribute").any(|a| {
            named(a)
                .into_iter()
                .find_map(|t| user_type(src, t))
                .map(|(n, _)| n)
                .as_deref()
                == Some(attr)
        })
    })
}

/// What the legacy class methods declare: `primaryKey()`, `indexedProperties()`,
/// `ignoredProperties()`.
#[derive(Default)]
struct Legacy<'t> {
    primary_key: Option<(String, Node<'t>)>,
    indexed: Vec<(String, Node<'t>)>,
    ignored: Vec<String>,
}

impl Legacy<'_> {
    fn apply(&self, src: &mut Src, class: &str, out: &mut RawClass) {
        if let Some((pk, at)) = &self.primary_key {
            match out.props.iter_mut().find(|p| &p.code_name == pk) {
                Some(p) => p.primary_key = true,
                None => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    class,
                    *at,
                    format!("primaryKey() names `{pk}`, which is not a persisted property of {class}"),
                ),
            }
        }
        // A name that is no persisted property is ignored, as by RealmSwift.
        for (ix, _) in &self.indexed {
            if let Some(p) = out.props.iter_mut().find(|p| &p.code_name == ix) {
                p.indexed = true;
            }
        }
    }
}

/// The string literals a legacy class method returns (`return "id"`, `["a", "b"]`), or `None`
/// when its body returns anything else.
fn returned_strings<'t>(src: &Src, f: Node<'t>) -> Option<Vec<(String, Node<'t>)>> {
    let body = f.child_by_field_name("body")?;
    let nodes = preorder(body);
    let mut out = Vec::new();
    let mut inside_key_path: Option<std::ops::Range<usize>> = None;
    for n in &nodes {
        if inside_key_path.as_ref().is_some_and(|r| r.contains(&n.start_byte())) {
            continue;
        }
        match n.kind() {
            // `#keyPath(id)`, `#keyPath(Dog.id)`: the property's name.
            "key_path_string_expression" => {
                let t: String = src.text(*n).split_whitespace().collect();
                let inner = t.strip_prefix("#keyPath(").and_then(|t| t.strip_suffix(')'))?;
                out.push((ident(inner.rsplit('.').next().unwrap_or(inner)), *n));
                inside_key_path = Some(n.byte_range());
            }
            "line_string_literal" => match string(src, *n) {
                Some(Lit::Str(s)) => out.push((s, *n)),
                _ => return None,
            },
            "function_body" | "statements" | "control_transfer_statement" | "array_literal" | "line_str_text" => {}
            k if k.starts_with("line_str") || !n.is_named() => {}
            "nil_literal" => {}
            _ => return None,
        }
    }
    Some(out)
}

fn legacy_function<'t>(src: &mut Src, class: &str, f: Node<'t>, out: &mut Legacy<'t>) {
    let Some(name_node) = f.child_by_field_name("name") else {
        return;
    };
    let fname = src.text(name_node);
    if !matches!(fname, "primaryKey" | "indexedProperties" | "ignoredProperties") {
        return;
    }
    let Some(strings) = returned_strings(src, f) else {
        src.report(
            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
            class,
            name_node,
            format!("{fname}() does not return string literals; what it declares is not read"),
        );
        return;
    };
    match fname {
        "primaryKey" => match strings.as_slice() {
            [] => {}
            [(s, n)] => out.primary_key = Some((s.clone(), *n)),
            _ => src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                class,
                name_node,
                "primaryKey() returns more than one name; the primary key is not read",
            ),
        },
        "indexedProperties" => out.indexed = strings,
        _ => out.ignored = strings.into_iter().map(|(s, _)| s).collect(),
    }
}

/// `propertiesMapping()`, `_realmObjectName()` and the legacy class methods.
fn function(
    src: &mut Src,
    class: &str,
    f: Node,
    out: &mut RawClass,
    mapping: &mut Option<BTreeMap<String, String>>,
    modern: bool,
) {
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
        "primaryKey" | "indexedProperties" | "ignoredProperties" if modern => src.report(
            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
            class,
            name_node,
            format!(
                "{fname}() belongs to the legacy (< 10.10) model syntax and {class} declares @Persisted properties; it is not read: declare it with @Persisted(...)"
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
        // `1.5 as Float`
        "as_expression" => literal(src, v_expr(n)?),
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

/// The operand of `x as T`.
fn v_expr(n: Node) -> Option<Node> {
    n.child_by_field_name("expr").or_else(|| named(n).into_iter().next())
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
    // Without `@Persisted` in a class that has `@Persisted` properties (`@objc dynamic` ones
    // included): RealmSwift ignores it (`getProperties` never scans legacy members then).
    let persisted = persisted?;
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
        None => match value.and_then(|v| inferred(src, v)) {
            Some(Inferred::Backlink(..)) => {
                src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        path,
                        name_node,
                        "`LinkingObjects(fromType:property:)` is the legacy backlink syntax; with @Persisted declare `@Persisted(originProperty: \"...\") var x: LinkingObjects<T>`; the property is left out",
                    );
                return None;
            }
            Some(Inferred::Collection(t)) => {
                let mut p = RawProp::new(&name, t, loc);
                p.primary_key = flag("primaryKey");
                p.indexed = flag("indexed");
                return Some(p);
            }
            Some(Inferred::Value(t)) => t,
            None => {
                src.report(
                        &kinds::SOURCE_UNRESOLVED_TYPE,
                        path,
                        name_node,
                        format!("`{name}` has no type annotation and its initialiser does not tell the type; the property is left out"),
                    );
                return None;
            }
        },
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
/// `ObjectId.generate()`, `UUID()`, `Data()`, `Decimal128()` (also with arguments).
fn constructed(src: &Src, v: Node) -> Option<ScalarType> {
    if v.kind() != "call_expression" {
        return None;
    }
    let callee = named(v).into_iter().next()?;
    let text: String = src.text(callee).split_whitespace().collect();
    let text = text.strip_prefix("RealmSwift.").unwrap_or(&text);
    let text = text.strip_prefix("Foundation.").unwrap_or(text);
    let text = text.strip_suffix(".init").unwrap_or(text);
    let base = text.strip_suffix(".generate").unwrap_or(text);
    match scalar(base)? {
        s
        @ (ScalarType::Date | ScalarType::ObjectId | ScalarType::Uuid | ScalarType::Data | ScalarType::Decimal128) => {
            Some(s)
        }
        _ => None,
    }
}

/// What an initialiser tells about the property's type.
enum Inferred {
    /// A single value.
    Value(RawType),
    /// `List<T>()`, `MutableSet<T>()`, `Map<String, T>()`: a collection (never a default).
    Collection(RawType),
    /// Legacy `LinkingObjects(fromType: Person.self, property: "dogs")`.
    Backlink(String, String),
}

fn single(elem: RawElem, optional: bool) -> RawType {
    RawType::Value {
        collection: Collection::Single,
        elem,
        optional,
    }
}

/// The Realm generic types whose instance is the property (`List<Dog>`, `RealmOptional<Int>`,
/// `RealmProperty<Int?>`), written as a type annotation or constructed by the initialiser.
fn generic_type(src: &Src, t: Node) -> Option<Result<Inferred, String>> {
    let (name, args) = user_type(src, t)?;
    match (name.as_str(), args.as_slice()) {
        ("List" | "MutableSet" | "Map", [..]) if !args.is_empty() => Some(match type_of(src, t) {
            Ok(Shape::Value(t)) => Ok(Inferred::Collection(t)),
            Ok(Shape::Backlink(_)) => Err(format!("type `{}` is not a Realm property type", src.text(t))),
            Err(e) => Err(e),
        }),
        // Legacy numeric optionals: always nullable.
        ("RealmOptional", [a]) => Some(element(src, *a).map(|(e, _)| Inferred::Value(single(e, true)))),
        // `RealmProperty<Int?>` (nullable), `RealmProperty<AnyRealmValue>`.
        ("RealmProperty", [a]) => Some(element(src, *a).map(|(e, o)| Inferred::Value(single(e, o)))),
        _ => None,
    }
}

/// `LinkingObjects(fromType: Person.self, property: "dogs")` (also `LinkingObjects<Person>(...)`).
fn linking_objects(src: &Src, v: Node) -> Option<Option<(String, String)>> {
    let callee = named(v).into_iter().next()?;
    let is_lo = match (v.kind(), callee.kind()) {
        ("call_expression", "simple_identifier") => src.text(callee) == "LinkingObjects",
        ("constructor_expression", "user_type") => user_type(src, callee).is_some_and(|(n, _)| n == "LinkingObjects"),
        _ => false,
    };
    if !is_lo {
        return None;
    }
    let args = preorder(v).into_iter().find(|n| n.kind() == "value_arguments")?;
    let mut origin = None;
    let mut prop = None;
    for a in named(args) {
        let label = a.child_by_field_name("name").map(|l| src.text(l).trim().to_string());
        let Some(value) = a.child_by_field_name("value") else {
            continue;
        };
        match label.as_deref() {
            Some("fromType") => {
                let text: String = src.text(value).split_whitespace().collect();
                origin = text
                    .strip_suffix(".self")
                    .map(|t| ident(t.rsplit('.').next().unwrap_or(t)));
            }
            Some("property") => {
                if let Some(Lit::Str(p)) = string(src, value) {
                    prop = Some(p);
                }
            }
            _ => {}
        }
    }
    Some(origin.zip(prop))
}

/// The property type an initialiser tells: literals, `1.5 as Float`, `Date()`, `ObjectId.generate()`,
/// `UUID().uuidString`, `Date.now`, `Status.open` (an enum case), `List<T>()` and the other
/// Realm generics, legacy `LinkingObjects(fromType:property:)`.
fn inferred(src: &Src, v: Node) -> Option<Inferred> {
    let scalar_value = |s: ScalarType| Some(Inferred::Value(single(RawElem::Scalar(s), false)));
    if v.kind() == "as_expression" {
        let t = v.child_by_field_name("name").or_else(|| named(v).into_iter().last())?;
        let (e, o) = element(src, t).ok()?;
        return Some(Inferred::Value(single(e, o)));
    }
    match literal(src, v) {
        Some(Lit::Str(_)) => return scalar_value(ScalarType::String),
        Some(Lit::Int(_)) => return scalar_value(ScalarType::Int),
        Some(Lit::Float(_)) => return scalar_value(ScalarType::Double),
        Some(Lit::Bool(_)) => return scalar_value(ScalarType::Bool),
        Some(Lit::Null) => return None,
        None => {}
    }
    match v.kind() {
        "constructor_expression" => {
            if let Some(lo) = linking_objects(src, v) {
                return lo.map(|(o, p)| Inferred::Backlink(o, p));
            }
            let t = v.child_by_field_name("constructed_type")?;
            match generic_type(src, t) {
                Some(r) => r.ok(),
                None => {
                    let (name, args) = user_type(src, t)?;
                    if !args.is_empty() {
                        return None;
                    }
                    match scalar(&name)? {
                        s @ (ScalarType::Date
                        | ScalarType::ObjectId
                        | ScalarType::Uuid
                        | ScalarType::Data
                        | ScalarType::Decimal128) => scalar_value(s),
                        _ => None,
                    }
                }
            }
        }
        "call_expression" => {
            if let Some(lo) = linking_objects(src, v) {
                return lo.map(|(o, p)| Inferred::Backlink(o, p));
            }
            constructed(src, v).and_then(scalar_value)
        }
        "navigation_expression" => {
            let target = v.child_by_field_name("target")?;
            let suffix = v
                .child_by_field_name("suffix")
                .and_then(|s| s.child_by_field_name("suffix"))
                .map(|s| src.text(s))?;
            match target.kind() {
                // `UUID().uuidString`
                "call_expression" if suffix == "uuidString" && constructed(src, target) == Some(ScalarType::Uuid) => {
                    scalar_value(ScalarType::String)
                }
                "simple_identifier" => {
                    let t = ident(src.text(target));
                    match scalar(&t) {
                        // `Date.now`, `Date.distantPast`, `Int.min`, `Double.pi`: a static member
                        // of the type itself.
                        Some(s) => scalar_value(s),
                        // `Status.open`: an enum case, resolved (or reported) with the enums read.
                        None if t.starts_with(|c: char| c.is_ascii_uppercase()) => {
                            Some(Inferred::Value(single(RawElem::Class(t), false)))
                        }
                        None => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A property of a legacy model (no `@Persisted` in the class): `@objc dynamic var` (or
/// `dynamic var` in an `@objcMembers` class), `let list = List<Dog>()`, `RealmOptional<Int>()`,
/// `RealmProperty<Int?>()`, `LinkingObjects(fromType:property:)`.
///
/// As RealmSwift's schema discovery (`getLegacyProperties`) does: the generic members are always
/// managed; another stored property is in the schema when it is an Objective-C property
/// (`@objc`, `dynamic`, or any member of an `@objcMembers` class) that is not read-only (`let`);
/// other stored properties are implicitly ignored.
fn legacy_property(src: &mut Src, class: &str, n: Node, objc_members: bool, ignored: &[String]) -> Option<RawProp> {
    let modifiers = child(n, "modifiers");
    let words: Vec<&str> = modifiers
        .map(|m| src.text(m).split_whitespace().collect())
        .unwrap_or_default();
    if words.iter().any(|w| *w == "static" || *w == "class" || *w == "lazy") {
        return None;
    }
    let name_node = n.child_by_field_name("name")?;
    let name = ident(src.text(child(name_node, "simple_identifier").unwrap_or(name_node)));
    if ignored.contains(&name) || n.child_by_field_name("computed_value").is_some() {
        return None;
    }
    let path = format!("{class}.{name}");
    let is_let = child(n, "value_binding_pattern").is_some_and(|b| src.text(b).trim() == "let");
    let objc_property = (words.contains(&"dynamic") || has_attr(src, n, "objc") || objc_members)
        && !has_attr(src, n, "nonobjc")
        && !is_let;
    let value = n.child_by_field_name("value");
    let annotation_node = child(n, "type_annotation");
    let annotation = annotation_node.and_then(|t| named(t).into_iter().next());
    let loc = src.loc(name_node);
    let generic = match value.and_then(|v| inferred(src, v)) {
        Some(i @ (Inferred::Collection(_) | Inferred::Backlink(..))) => Some(Ok(i)),
        Some(i @ Inferred::Value(_))
            if value.is_some_and(|v| {
                v.kind() == "constructor_expression"
                    && v.child_by_field_name("constructed_type")
                        .and_then(|t| user_type(src, t))
                        .is_some_and(|(n, _)| n == "RealmOptional" || n == "RealmProperty")
            }) =>
        {
            Some(Ok(i))
        }
        _ => annotation.and_then(|t| generic_type(src, t)),
    };
    let managed_generic = generic.is_some();
    let ty = match generic {
        Some(Ok(Inferred::Backlink(origin_class, origin_prop))) => RawType::Backlink {
            origin_class,
            origin_prop,
        },
        Some(Ok(Inferred::Collection(t) | Inferred::Value(t))) => t,
        Some(Err(what)) => {
            src.report(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                path,
                name_node,
                format!("`{name}`: {what}; the property is left out"),
            );
            return None;
        }
        None => {
            if annotation
                .and_then(|t| user_type(src, t))
                .is_some_and(|(n, _)| n == "LinkingObjects")
            {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    name_node,
                    "LinkingObjects needs `LinkingObjects(fromType: T.self, property: \"...\")` with a string literal; the property is left out",
                );
                return None;
            }
            if !objc_property {
                // Not an Objective-C property (or read-only): RealmSwift ignores it.
                return None;
            }
            match annotation {
                Some(t) => match element(src, t) {
                    Ok((elem, optional)) => {
                        // `String!`: implicitly unwrapped, nullable.
                        let iuo = annotation_node.is_some_and(|a| src.text(a).trim_end().ends_with('!'));
                        single(elem, optional || iuo)
                    }
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
                None => match value.and_then(|v| inferred(src, v)) {
                    Some(Inferred::Value(t)) => t,
                    _ => {
                        src.report(
                            &kinds::SOURCE_UNRESOLVED_TYPE,
                            path,
                            name_node,
                            format!("`{name}` has no type annotation and its initialiser does not tell the type; the property is left out"),
                        );
                        return None;
                    }
                },
            }
        }
    };
    let is_single = matches!(
        ty,
        RawType::Value {
            collection: Collection::Single,
            ..
        }
    );
    let mut p = RawProp::new(&name, ty, loc);
    if is_single
        && !managed_generic
        && let Some(v) = value
    {
        let lit = literal(src, v);
        src.apply_default(&mut p, &path, v, lit);
    }
    Some(p)
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
