//! C++ (`realm-cpp` v1/v2), https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/: `struct Dog { … };` plus `REALM_SCHEMA(Dog, _id, …)`,
//! `REALM_EMBEDDED_SCHEMA(...)`, `REALM_ASYMMETRIC_SCHEMA(...)`: the members named in the macro
//! are the properties. `realm::primary_key<T>`, `std::optional<T>`, `std::vector`, `std::set`,
//! `std::map<std::string, T>`, `Dog*` links, `realm::linking_objects<&Person::dog>`,
//! `realm::object_id`, `realm::uuid`, `realm::decimal128`, `realm::mixed`,
//! `std::chrono::time_point<std::chrono::system_clock>`, `std::vector<uint8_t>`, `enum class`
//! members (stored as int). C++ has no remapping, index or float.

use std::collections::BTreeMap;

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, named, parse_number, preorder, quoted_body, unescape,
};
use crate::diagnostic::kinds;
use crate::model::{Collection, ScalarType};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: false,
    paren_interpolation: false,
    braced_unicode: false,
    short_unicode: true,
    hex: true,
    octal: true,
};

/// JNI export macros (`JNIEXPORT jstring JNICALL Java_...(...)`), which the grammar cannot
/// expand: an error among them is not a syntax error of the model.
const JNI_MACROS: &[&str] = &["JNIEXPORT", "JNICALL", "JNIIMPORT"];

/// Problems that are not syntax errors of the model: the `;` the SDK's documentation leaves out
/// after a schema macro, and errors inside `extern "C"` blocks or around JNI export macros
/// (native glue that shares a header with the models).
pub(super) fn tolerated_problem(n: Node, text: &str) -> bool {
    let words = |m: Node| -> bool {
        text.get(m.byte_range()).is_some_and(|t| {
            t.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| JNI_MACROS.contains(&w))
        })
    };
    if n.is_error() {
        if words(n) {
            return true;
        }
        let mut cur = n.parent();
        while let Some(p) = cur {
            match p.kind() {
                "linkage_specification" => return true,
                "declaration" | "function_definition" if words(p) => return true,
                "struct_specifier" | "class_specifier" => return false,
                _ => {}
            }
            cur = p.parent();
        }
        return false;
    }
    if !n.is_missing() || n.kind() != ";" {
        return false;
    }
    let Some(stmt) = n.parent() else { return false };
    stmt.kind() == "expression_statement"
        && named(stmt)
            .first()
            .and_then(|c| c.child_by_field_name("function"))
            .and_then(|f| text.get(f.byte_range()))
            .is_some_and(|f| f.starts_with("REALM_"))
}

fn compact(s: &str) -> String {
    s.split_whitespace().collect()
}

fn scalar(name: &str) -> Option<ScalarType> {
    let n = name.strip_prefix("::").unwrap_or(name);
    let n = n.strip_prefix("realm::").unwrap_or(n);
    let cpp = &crate::sdk::CPP;
    cpp.scalar_named(n).or_else(|| cpp.scalar_named(&format!("realm::{n}")))
}

/// A structured view of a C++ type: `ns::name<args>` with `*` when it is a pointer.
#[derive(Debug)]
struct Ty<'t> {
    /// Full name without template arguments, compacted (`std::vector`, `realm::primary_key`).
    name: String,
    /// Template arguments (type descriptors or expressions).
    args: Vec<Node<'t>>,
    pointer: bool,
    /// The whole type text, compacted.
    text: String,
}

fn ty<'t>(src: &Src, t: Node<'t>, pointer: bool) -> Ty<'t> {
    // Descend `qualified_identifier` names to find a template.
    let mut scope = String::new();
    let mut cur = t;
    while cur.kind() == "qualified_identifier" {
        if let Some(s) = cur.child_by_field_name("scope") {
            scope.push_str(&compact(src.text(s)));
            scope.push_str("::");
        }
        match cur.child_by_field_name("name") {
            Some(n) => cur = n,
            None => break,
        }
    }
    let (name, args) = if cur.kind() == "template_type" {
        let n = cur.child_by_field_name("name").map(|n| src.text(n)).unwrap_or("");
        let args = cur.child_by_field_name("arguments").map(named).unwrap_or_default();
        (format!("{scope}{n}"), args)
    } else {
        (format!("{scope}{}", compact(src.text(cur))), Vec::new())
    };
    Ty {
        name,
        args,
        pointer,
        text: compact(src.text(t)),
    }
}

/// A template argument that is a type (`type_descriptor`), as a `Ty`.
fn arg_ty<'t>(src: &Src, a: Node<'t>) -> Option<Ty<'t>> {
    if a.kind() != "type_descriptor" {
        return None;
    }
    let t = a.child_by_field_name("type")?;
    let pointer = a
        .child_by_field_name("declarator")
        .is_some_and(|d| d.kind() == "abstract_pointer_declarator");
    Some(ty(src, t, pointer))
}

fn element(src: &Src, t: &Ty) -> Result<(RawElem, bool), String> {
    if t.pointer {
        if !t.args.is_empty() {
            return Err(format!("type `{}*` is not a Realm property type", t.text));
        }
        // Links are nullable pointers; the model's optional rules (to-one and dictionary values
        // optional, list and set elements not) apply in `build`.
        return Ok((
            RawElem::Class(t.name.rsplit("::").next().unwrap_or("").to_string()),
            false,
        ));
    }
    if let Some(s) = scalar(&t.text) {
        return Ok((RawElem::Scalar(s), false));
    }
    if matches!(t.name.as_str(), "std::optional" | "optional") && t.args.len() == 1 {
        let inner = arg_ty(src, t.args[0]).ok_or_else(|| format!("type `{}` is not a Realm property type", t.text))?;
        let (e, _) = element(src, &inner)?;
        return Ok((e, true));
    }
    if matches!(t.name.as_str(), "std::variant" | "variant") && !t.args.is_empty() {
        return variant(src, t).map(|s| (RawElem::Scalar(s), true));
    }
    if t.text == "float" {
        return Err("the C++ SDK has no float property type (use double)".into());
    }
    if t.args.is_empty() && !t.text.contains("::") && t.text.chars().all(|c| c.is_alphanumeric() || c == '_') {
        // A struct (link) is always a pointer; a bare name may be an `enum class` (stored as int).
        return Ok((RawElem::Class(t.text.clone()), false));
    }
    Err(format!("type `{}` is not a Realm property type", t.text))
}

/// realm-cpp stores a `std::variant` as mixed when every alternative is `std::monostate` or a
/// primitive (a scalar, not a link or a collection): its `MixedPersistableConcept`;
/// `realm::mixed` is one such variant.
fn variant(src: &Src, t: &Ty) -> Result<ScalarType, String> {
    for a in &t.args {
        let Some(alt) = arg_ty(src, *a) else {
            return Err(format!("`{}`: a variant alternative is not a type", t.text));
        };
        if matches!(alt.text.as_str(), "std::monostate" | "monostate") {
            continue;
        }
        let scalar_alt = !alt.pointer
            && (scalar(&alt.text).is_some_and(|s| s != ScalarType::Mixed)
                // an `enum class` (stored as int)
                || src.out.enums.contains_key(&alt.text)
                || (matches!(alt.name.as_str(), "std::optional" | "optional")
                    && alt.args.len() == 1
                    && arg_ty(src, alt.args[0]).is_some_and(|i| !i.pointer && scalar(&i.text).is_some())));
        if !scalar_alt {
            return Err(format!(
                "`{}` holds `{}`: realm-cpp stores a std::variant as mixed only when every alternative is std::monostate or a scalar type",
                t.text,
                if alt.pointer {
                    format!("{}*", alt.text)
                } else {
                    alt.text.clone()
                }
            ));
        }
    }
    Ok(ScalarType::Mixed)
}

/// `using Name = T;` / `typedef T Name;` of a scalar or a mixed-compatible variant.
fn alias(src: &mut Src, n: Node) {
    let (name, t) = match n.kind() {
        "alias_declaration" => {
            let name = n.child_by_field_name("name");
            let t = n
                .child_by_field_name("type")
                .and_then(|d| d.child_by_field_name("type").map(|t| (t, d)));
            match (name, t) {
                (Some(name), Some((t, d))) => {
                    let pointer = d
                        .child_by_field_name("declarator")
                        .is_some_and(|d| d.kind() == "abstract_pointer_declarator");
                    (name, ty(src, t, pointer))
                }
                _ => return,
            }
        }
        "type_definition" => {
            let (Some(t), Some(d)) = (n.child_by_field_name("type"), n.child_by_field_name("declarator")) else {
                return;
            };
            if d.kind() != "type_identifier" {
                return;
            }
            (d, ty(src, t, false))
        }
        _ => return,
    };
    if t.pointer {
        return;
    }
    let name = src.text(name).to_string();
    let s = if matches!(t.name.as_str(), "std::variant" | "variant") && !t.args.is_empty() {
        variant(src, &t).ok()
    } else {
        scalar(&t.text)
    };
    if let Some(s) = s {
        src.out.type_aliases.insert(name, RawElem::Scalar(s));
    }
}

enum Member {
    Value(RawType, bool),
    Backlink(RawType),
}

fn member_type(src: &Src, t: &Ty) -> Result<Member, String> {
    let short = t.name.strip_prefix("realm::").unwrap_or(&t.name);
    match (short, t.args.as_slice()) {
        ("primary_key", [a]) => {
            let inner = arg_ty(src, *a).ok_or_else(|| format!("type `{}` is not a Realm property type", t.text))?;
            let (elem, optional) = element(src, &inner)?;
            return Ok(Member::Value(
                RawType::Value {
                    collection: Collection::Single,
                    elem,
                    optional,
                },
                true,
            ));
        }
        ("linking_objects", [a]) => {
            let target = src.text(*a).trim().trim_start_matches('&').trim().to_string();
            let Some((class, prop)) = target.rsplit_once("::") else {
                return Err(format!("`{}`: the backlink needs `&Origin::member`", t.text));
            };
            let class = class.rsplit("::").next().unwrap_or(class).trim().to_string();
            return Ok(Member::Backlink(RawType::Backlink {
                origin_class: class,
                origin_prop: prop.trim().to_string(),
            }));
        }
        _ => {}
    }
    if scalar(&t.text).is_none() && !t.pointer {
        let collection = match (t.name.as_str(), t.args.len()) {
            ("std::vector", 1) => Some(Collection::List),
            ("std::set", 1) => Some(Collection::Set),
            ("std::map", 2) => Some(Collection::Dictionary),
            _ => None,
        };
        if let Some(collection) = collection {
            if collection == Collection::Dictionary
                && arg_ty(src, t.args[0]).map(|k| k.text).as_deref() != Some("std::string")
            {
                return Err(format!("`{}`: Realm maps have std::string keys", t.text));
            }
            let el = arg_ty(src, t.args[t.args.len() - 1])
                .ok_or_else(|| format!("type `{}` is not a Realm property type", t.text))?;
            let (elem, optional) = element(src, &el)?;
            return Ok(Member::Value(
                RawType::Value {
                    collection,
                    elem,
                    optional,
                },
                false,
            ));
        }
    }
    let (elem, optional) = element(src, t)?;
    Ok(Member::Value(
        RawType::Value {
            collection: Collection::Single,
            elem,
            optional,
        },
        false,
    ))
}

fn literal(src: &Src, n: Node) -> Option<Lit> {
    let text = src.text(n);
    match n.kind() {
        "number_literal" => parse_number(text),
        "string_literal" => {
            if named(n).iter().any(|c| c.kind() == "raw_string_literal") {
                return None;
            }
            unescape(quoted_body(text)?, ESCAPES).map(Lit::Str)
        }
        "true" => Some(Lit::Bool(true)),
        "false" => Some(Lit::Bool(false)),
        "null" | "nullptr" => Some(Lit::Null),
        "identifier" => match text {
            "INT64_MIN" => Some(Lit::Int(i64::MIN)),
            "INT64_MAX" => Some(Lit::Int(i64::MAX)),
            _ => None,
        },
        "unary_expression" => {
            let op = n.child_by_field_name("operator").map(|o| src.text(o));
            let arg = n.child_by_field_name("argument")?;
            match op {
                Some("-") => literal(src, arg)?.negate(),
                _ => None,
            }
        }
        "initializer_list" => {
            let items = named(n);
            match items.as_slice() {
                [one] => literal(src, *one),
                [] => None,
                _ => None,
            }
        }
        "call_expression" => {
            // `int64_t(42)`, `std::string("x")`, `double(1.5)`, `realm::mixed(...)`
            let f = n.child_by_field_name("function").map(|f| compact(src.text(f)))?;
            let args = n.child_by_field_name("arguments").map(named)?;
            let [a] = args.as_slice() else { return None };
            let v = literal(src, *a)?;
            match (f.as_str(), &v) {
                ("int64_t" | "std::int64_t", Lit::Int(_)) | ("double", Lit::Float(_)) => Some(v),
                ("std::string", Lit::Str(_)) => Some(v),
                ("realm::mixed" | "mixed", _) => Some(v),
                _ => None,
            }
        }
        "parenthesized_expression" => literal(src, named(n).into_iter().next()?),
        _ => None,
    }
}

/// A field of a struct: (name node, type, pointer, default value node).
struct Field<'t> {
    name: Node<'t>,
    ty: Node<'t>,
    pointer: bool,
    value: Option<Node<'t>>,
}

fn fields<'t>(src: &Src, body: Node<'t>) -> BTreeMap<String, Field<'t>> {
    let mut out = BTreeMap::new();
    for f in named(body) {
        if f.kind() != "field_declaration" {
            continue;
        }
        let Some(t) = f.child_by_field_name("type") else {
            continue;
        };
        if src.text(f).trim_start().starts_with("static") {
            continue;
        }
        let value = f.child_by_field_name("default_value");
        let mut c = f.walk();
        for d in f.children_by_field_name("declarator", &mut c) {
            let (name, pointer) = match d.kind() {
                "field_identifier" => (d, false),
                "pointer_declarator" => match d.child_by_field_name("declarator") {
                    Some(n) if n.kind() == "field_identifier" => (n, true),
                    _ => continue,
                },
                _ => continue,
            };
            out.insert(
                src.text(name).to_string(),
                Field {
                    name,
                    ty: t,
                    pointer,
                    value,
                },
            );
        }
    }
    out
}

pub(super) fn read(src: &mut Src, root: Node) {
    let nodes = preorder(root);
    let mut structs: BTreeMap<String, Node> = BTreeMap::new();
    for n in &nodes {
        match n.kind() {
            "struct_specifier" | "class_specifier" => {
                if let (Some(name), Some(body)) = (n.child_by_field_name("name"), n.child_by_field_name("body")) {
                    structs.entry(src.text(name).to_string()).or_insert(body);
                }
            }
            "alias_declaration" | "type_definition" => alias(src, *n),
            "enum_specifier" => {
                if let (Some(name), Some(_)) = (n.child_by_field_name("name"), n.child_by_field_name("body")) {
                    let name = src.text(name).to_string();
                    src.out.enums.insert(name, ScalarType::Int);
                }
            }
            _ => {}
        }
    }
    for n in nodes {
        if n.kind() != "call_expression" {
            continue;
        }
        let Some(f) = n.child_by_field_name("function") else {
            continue;
        };
        let Some(kind) = crate::sdk::CPP.kind_of_base(src.text(f)) else {
            continue;
        };
        let args = n.child_by_field_name("arguments").map(named).unwrap_or_default();
        let Some((first, members)) = args.split_first() else {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                src.text(f).to_string(),
                f,
                "a schema macro without a struct name",
            );
            continue;
        };
        let sname = src.text(*first).to_string();
        let Some(body) = structs.get(&sname).copied() else {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                &sname,
                *first,
                format!(
                    "{} names `{sname}`, which is not a struct declared in this file; it is left out",
                    src.text(f)
                ),
            );
            continue;
        };
        let fields = fields(src, body);
        let name_node = body
            .parent()
            .and_then(|s| s.child_by_field_name("name"))
            .unwrap_or(*first);
        let mut class = RawClass {
            code_name: sname.clone(),
            aliases: Vec::new(),
            persisted: None,
            kind,
            location: src.loc(name_node),
            props: Vec::new(),
        };
        for m in members {
            let mname = src.text(*m).to_string();
            let path = format!("{sname}.{mname}");
            let Some(field) = fields.get(&mname) else {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    *m,
                    format!("the schema macro names `{mname}`, which is not a data member of {sname}; it is left out"),
                );
                continue;
            };
            let t = ty(src, field.ty, field.pointer);
            let (raw, pk) = match member_type(src, &t) {
                Ok(Member::Value(r, pk)) => (r, pk),
                Ok(Member::Backlink(r)) => (r, false),
                Err(what) => {
                    src.report(
                        &kinds::SOURCE_UNRESOLVED_TYPE,
                        path,
                        field.ty,
                        format!("`{mname}`: {what}; the property is left out"),
                    );
                    continue;
                }
            };
            let mut p = RawProp::new(&mname, raw, src.loc(field.name));
            p.primary_key = pk;
            if let Some(v) = field.value {
                let lit = literal(src, v);
                src.apply_default(&mut p, &path, v, lit);
            }
            class.props.push(p);
        }
        src.out.classes.push(class);
    }
}
