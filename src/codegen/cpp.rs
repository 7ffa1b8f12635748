//! C++ (`realm-cpp` v1/v2), https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/: `struct Task { … }; REALM_SCHEMA(Task, _id, …)` inside
//! `namespace realm`. C++ has no property or class remapping, no index API, no float and no
//! counter: those are warned.
//!
//! Order: `realm::linking_objects<&Person::dog>` needs `Person` and its schema macro first (the
//! template `static_assert`s that `managed<Person>` exists), so types are sorted by name but a
//! backlink's origin type always comes before the type holding the backlink. Links are pointers,
//! for which the forward declarations at the top suffice.

use std::collections::{BTreeMap, BTreeSet};

use super::{Case, Cx, Decl, Elem, Lit, Output, Shape, Style};
use crate::model::{Collection, ObjectType, Property, PropertyType, ScalarType};

pub(crate) static STYLE: Style = Style {
    comment: "//",
    keywords: crate::sdk::CPP.keywords,
    member_keywords: true,
    can_remap: false,
    escape: None,
    // Names used by the code REALM_SCHEMA expands to (`managed<T>` members) and type names a
    // member would shadow inside the struct.
    reserved_members: &[
        "detach",
        "freeze",
        "get_realm",
        "int64_t",
        "is_frozen",
        "is_invalidated",
        "m_obj",
        "m_rbool_query",
        "m_realm",
        "managed_pointers",
        "observe",
        "prepare_for_query",
        "realm",
        "schema",
        "std",
        "thaw",
        "uint8_t",
    ],
    // Names `namespace realm` already declares.
    reserved_types: &[
        "App",
        "db",
        "db_config",
        "decimal128",
        "int64_t",
        "link",
        "linking_objects",
        "managed",
        "mixed",
        "object",
        "object_id",
        "primary_key",
        "rbool",
        "realm",
        "results",
        "std",
        "uint8_t",
        "user",
        "uuid",
    ],
    case: Case::AsIs,
    persisted_members: true,
    quote_members: false,
    persisted_primary_key: false,
    dollar: false,
    digit_prefix: "_",
    member_not_class_name: false,
};

/// Control characters as octal escapes (a hex escape would swallow following hex digits).
fn ctl(c: u32) -> String {
    if c < 0x80 {
        format!("\\{c:03o}")
    } else {
        format!("\\u{c:04x}")
    }
}

fn string_lit(s: &str) -> String {
    super::quoted(s, '"', &[], ctl)
}

fn scalar(s: ScalarType, d: &mut Decl) -> &'static str {
    match s {
        ScalarType::Float => d.warn("C++ has no float type: generated as double, which persists as double, not float"),
        ScalarType::Counter => {
            d.warn("C++ has no counter type: generated as int64_t (concurrent increments are not merged)")
        }
        _ => {}
    }
    crate::sdk::CPP.scalar(s)
}

fn element(cx: &Cx, elem: Elem, optional: bool, d: &mut Decl) -> String {
    match elem {
        Elem::Scalar(ScalarType::Mixed) => "realm::mixed".to_string(),
        Elem::Scalar(s) if optional => format!("std::optional<{}>", scalar(s, d)),
        Elem::Scalar(s) => scalar(s, d).to_string(),
        Elem::Link(t) | Elem::Embedded(t) => format!("{}*", cx.type_ident(t).code),
    }
}

fn literal(lit: &Lit, s: ScalarType) -> String {
    let mixed = s == ScalarType::Mixed;
    match lit {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) if *i == i64::MIN => "INT64_MIN".to_string(),
        Lit::Int(i) if mixed => format!("int64_t({i})"),
        Lit::Int(i) => i.to_string(),
        Lit::Float(f) => f.clone(),
        Lit::Str(v) if mixed => format!("std::string({})", string_lit(v)),
        Lit::Str(v) => string_lit(v),
    }
}

pub(crate) fn property(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let mut d = Decl::default();
    let name = super::member_ident(cx, owner, p, &mut d);
    if let Some(c) = &p.client_name {
        d.warn(format!(
            "client name \"{c}\" (mapTo) cannot be expressed: C++ has no property remapping, the member uses the persisted name"
        ));
    }
    let shape = super::shape(cx.schema, p, &mut d);
    let pk = super::is_primary_key(owner, p, &mut d);
    if super::wants_index(owner, p, &shape, &mut d) {
        d.warn("C++ has no index API: the index is left out");
    }
    let line = match shape {
        Shape::Backlink {
            origin_type,
            origin_prop,
        } => {
            if origin_type == owner.name {
                d.warn("a backlink to its own type cannot be declared in C++ (the type is incomplete there)");
            }
            let origin = cx
                .origin_member(origin_type, origin_prop)
                .map(|i| i.code)
                .unwrap_or_else(|| super::fallback_ident(&STYLE, origin_prop));
            format!(
                "realm::linking_objects<&{}::{origin}> {};",
                cx.type_ident(origin_type).code,
                name.code
            )
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            let lit = super::default_literal(p, &shape, true, &mut d);
            match collection {
                Collection::List => format!("std::vector<{}> {};", element(cx, elem, optional, &mut d), name.code),
                Collection::Set => format!("std::set<{}> {};", element(cx, elem, optional, &mut d), name.code),
                Collection::Dictionary => format!(
                    "std::map<std::string, {}> {};",
                    element(cx, elem, optional, &mut d),
                    name.code
                ),
                Collection::Single => match elem {
                    Elem::Link(_) | Elem::Embedded(_) => {
                        format!("{} {} = nullptr;", element(cx, elem, false, &mut d), name.code)
                    }
                    Elem::Scalar(s) => {
                        let mut ty = element(cx, elem, optional, &mut d);
                        if pk {
                            ty = format!("realm::primary_key<{ty}>");
                        }
                        match &lit {
                            Some(l) => format!("{ty} {} = {};", name.code, literal(l, s)),
                            None => format!("{ty} {};", name.code),
                        }
                    }
                },
            }
        }
    };
    d.line(line);
    d
}

/// Types sorted by name, except that a backlink's origin comes before the type holding it.
/// Cycles cannot be ordered: the rest follows by name (and is warned about).
fn order<'a>(cx: &Cx<'a>) -> (Vec<&'a ObjectType>, BTreeSet<String>) {
    let mut deps: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for t in cx.schema.types.values() {
        let set = deps.entry(t.name.as_str()).or_default();
        for p in t.properties.values() {
            if let PropertyType::LinkingObjects { object_type, .. } = &p.ty
                && object_type != &t.name
                && cx.schema.types.contains_key(object_type)
            {
                set.insert(object_type.as_str());
            }
        }
    }
    // Kahn's algorithm, always taking the smallest ready name.
    let mut waiting: BTreeMap<&str, usize> = deps.iter().map(|(n, ds)| (*n, ds.len())).collect();
    let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (n, ds) in &deps {
        for d in ds {
            dependents.entry(*d).or_default().push(*n);
        }
    }
    let mut ready: BTreeSet<&str> = waiting.iter().filter(|(_, c)| **c == 0).map(|(n, _)| *n).collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    while let Some(n) = ready.pop_first() {
        done.insert(n);
        if let Some(t) = cx.schema.types.get(n) {
            out.push(t);
        }
        for d in dependents.get(n).map(Vec::as_slice).unwrap_or_default() {
            if let Some(c) = waiting.get_mut(d) {
                *c = c.saturating_sub(1);
                if *c == 0 {
                    ready.insert(d);
                }
            }
        }
    }
    let mut cyclic = BTreeSet::new();
    for t in cx.schema.types.values() {
        if !done.contains(t.name.as_str()) {
            cyclic.insert(t.name.clone());
            out.push(t);
        }
    }
    (out, cyclic)
}

pub(crate) fn generate(cx: &Cx) -> Output {
    let mut code = String::from("// Generated by syncplan: Realm C++ object models (realm-cpp).\n\n#pragma once\n\n");
    code.push_str("#include <cpprealm/sdk.hpp>\n\n");
    code.push_str("#include <chrono>\n#include <cstdint>\n#include <map>\n#include <optional>\n#include <set>\n#include <string>\n#include <vector>\n\n");
    code.push_str("namespace realm {\n");
    let mut warnings = Vec::new();
    let (types, cyclic) = order(cx);
    if !types.is_empty() {
        code.push('\n');
    }
    for t in &types {
        code.push_str(&format!("struct {};\n", cx.type_ident(&t.name).code));
    }
    for t in types {
        let class = cx.type_ident(&t.name);
        code.push('\n');
        let mut type_warnings = Vec::new();
        if let Some(r) = &class.reason {
            type_warnings.push(format!(
                "{r}: struct `{}`; C++ has no class remapping, so the persisted type name changes",
                class.bare
            ));
        }
        if cyclic.contains(&t.name) {
            type_warnings.push(
                "backlinks in a cycle of types cannot be ordered for C++ (each origin must be declared first)"
                    .to_string(),
            );
        }
        if t.properties.is_empty() {
            type_warnings.push("the C++ schema macros need at least one property".to_string());
        }
        for m in type_warnings {
            code.push_str(&super::comment_line("//", &m));
            code.push('\n');
            warnings.push((t.name.clone(), m));
        }
        code.push_str(&format!("struct {} {{\n", class.code));
        let mut members = vec![class.code.clone()];
        for p in super::ordered(t) {
            members.push(cx.member(t, p).code.clone());
            property(cx, t, p).emit(&mut code, "    ", "//", &super::path(t, p), &mut warnings);
        }
        code.push_str("};\n");
        let mac = crate::sdk::CPP.base(t.kind);
        // The macro expansion ends in a declaration; the `;` after it is an empty declaration
        // (valid since C++11) that lets tools without the macro (tree-sitter, IDEs) parse the file.
        code.push_str(&format!("{mac}({});\n", members.join(", ")));
    }
    code.push_str("\n}  // namespace realm\n");
    Output { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::super::{Sdk, generate};
    use crate::model::*;

    use super::super::testing::v;

    fn decl(p: Property) -> String {
        super::super::testing::decl(p, Sdk::Cpp)
    }

    #[test]
    fn shapes() {
        let string = Element::Scalar(ScalarType::String);
        assert_eq!(
            decl(Property::new("tags", v(Collection::List, string), false)),
            "std::vector<std::string> tags;"
        );
        assert_eq!(
            decl(Property::new(
                "dogs",
                v(Collection::Dictionary, Element::Object("Dog".into())),
                true
            )),
            "std::map<std::string, Dog*> dogs;"
        );
        assert_eq!(
            decl(Property::new(
                "n",
                v(Collection::Set, Element::Scalar(ScalarType::Int)),
                true
            )),
            "std::set<std::optional<int64_t>> n;"
        );
        assert_eq!(
            decl(Property::new(
                "dog",
                v(Collection::Single, Element::Object("Dog".into())),
                true
            )),
            "Dog* dog = nullptr;"
        );
        let mut mapped = Property::new("display_name", PropertyType::single(ScalarType::String), false);
        mapped.client_name = Some("displayName".into());
        assert_eq!(
            decl(mapped),
            "// syncplan: client name \"displayName\" (mapTo) cannot be expressed: C++ has no property remapping, the member uses the persisted name\nstd::string display_name;"
        );
        let mut s = Property::new("s", PropertyType::single(ScalarType::String), false);
        s.default = Some(serde_json::json!("a\u{1}1\"b"));
        assert_eq!(decl(s), "std::string s = \"a\\0011\\\"b\";");
    }

    #[test]
    fn backlink_origin_comes_first() {
        let mut s = Schema::new(Side::Client);
        let mut a = ObjectType::new("A", ObjectKind::TopLevel);
        a.properties.insert(
            "owners".into(),
            Property::new(
                "owners",
                PropertyType::LinkingObjects {
                    object_type: "B".into(),
                    property: "a".into(),
                },
                false,
            ),
        );
        s.types.insert("A".into(), a);
        let mut b = ObjectType::new("B", ObjectKind::TopLevel);
        b.properties.insert(
            "a".into(),
            Property::new(
                "a",
                PropertyType::Value {
                    collection: Collection::Single,
                    element: Element::Object("A".into()),
                },
                true,
            ),
        );
        s.types.insert("B".into(), b);
        let code = generate(&s, Sdk::Cpp);
        let pb = code.find("struct B {").unwrap_or(usize::MAX);
        let pa = code.find("struct A {").unwrap_or(0);
        assert!(pb < pa, "{code}");
        assert!(code.contains("realm::linking_objects<&B::a> owners;"), "{code}");
        assert!(code.contains("REALM_SCHEMA(B, a);"), "{code}");
    }

    #[test]
    fn cyclic_backlinks_are_warned() {
        let mut s = Schema::new(Side::Client);
        for (name, other) in [("A", "B"), ("B", "A")] {
            let mut t = ObjectType::new(name, ObjectKind::TopLevel);
            t.properties.insert(
                "link".into(),
                Property::new(
                    "link",
                    PropertyType::Value {
                        collection: Collection::Single,
                        element: Element::Object(other.into()),
                    },
                    true,
                ),
            );
            t.properties.insert(
                "back".into(),
                Property::new(
                    "back",
                    PropertyType::LinkingObjects {
                        object_type: other.into(),
                        property: "link".into(),
                    },
                    false,
                ),
            );
            s.types.insert(name.into(), t);
        }
        let w = super::super::warnings(&s, Sdk::Cpp);
        assert_eq!(w.iter().filter(|(_, m)| m.contains("cycle")).count(), 2, "{w:?}");
        let code = generate(&s, Sdk::Cpp);
        assert!(code.find("struct A {") < code.find("struct B {"), "{code}");
    }
}
