//! Kotlin (`io.realm.kotlin`, SDK 1.x–3.x), facts §4.1.2: `class Dog : RealmObject` /
//! `EmbeddedRealmObject` / `AsymmetricRealmObject`; `@PrimaryKey`, `@Index`, `@FullText`,
//! `@PersistedName` (property and class), `@Ignore` / `@Transient`; `RealmList`, `RealmSet`,
//! `RealmDictionary`; `RealmInstant`, `ObjectId`/`BsonObjectId`, `RealmUUID`, `Decimal128`,
//! `RealmAny`, `MutableRealmInt`; `val owners: RealmResults<Person> by backlinks(Person::dogs)`.
//!
//! Kotlin needs an initialiser on every property, so an initialiser equal to the type's empty value
//! (`0`, `""`, `false`, `ObjectId()`, `RealmUUID.random()`, `realmListOf()`, ...) is not read as
//! a default; any other literal is.

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, child, named, parse_float, parse_number, preorder,
    quoted_body, unescape,
};
use crate::diagnostic::kinds;
use crate::model::{Collection, ObjectKind, ScalarType};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: true,
    paren_interpolation: false,
    braced_unicode: false,
    short_unicode: true,
    hex: false,
    octal: false,
};

fn scalar(name: &str) -> Option<ScalarType> {
    Some(match name {
        "Boolean" => ScalarType::Bool,
        "Byte" | "Short" | "Int" | "Long" | "Char" => ScalarType::Int,
        "Float" => ScalarType::Float,
        "Double" => ScalarType::Double,
        "String" => ScalarType::String,
        "ByteArray" => ScalarType::Data,
        "RealmInstant" => ScalarType::Date,
        "Decimal128" | "BsonDecimal128" => ScalarType::Decimal128,
        "ObjectId" | "BsonObjectId" => ScalarType::ObjectId,
        "RealmUUID" => ScalarType::Uuid,
        "RealmAny" => ScalarType::Mixed,
        "MutableRealmInt" => ScalarType::Counter,
        _ => return None,
    })
}

fn ident(s: &str) -> String {
    s.trim_matches('`').to_string()
}

/// The simple name of a `user_type` (`io.realm.kotlin.types.RealmList` → `RealmList`) and its
/// type arguments (the types inside the projections).
fn user_type<'t>(src: &Src, n: Node<'t>) -> Option<(String, Vec<Node<'t>>)> {
    if n.kind() != "user_type" {
        return None;
    }
    let parts = named(n);
    let name = parts.iter().rev().find(|c| c.kind() == "identifier")?;
    let args = parts
        .iter()
        .rev()
        .find(|c| c.kind() == "type_arguments")
        .map(|a| {
            named(*a)
                .into_iter()
                .filter_map(|p| {
                    if p.kind() == "type_projection" {
                        named(p).into_iter().next()
                    } else {
                        Some(p)
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Some((ident(src.text(*name)), args))
}

/// Annotations of a declaration: (simple name, first argument node).
fn annotations<'t>(src: &Src, n: Node<'t>) -> Vec<(String, Option<Node<'t>>)> {
    let Some(m) = child(n, "modifiers") else {
        return Vec::new();
    };
    named(m)
        .into_iter()
        .filter(|a| a.kind() == "annotation")
        .filter_map(|a| {
            let inner = named(a).into_iter().next()?;
            match inner.kind() {
                "user_type" => user_type(src, inner).map(|(n, _)| (n, None)),
                "constructor_invocation" => {
                    let t = child(inner, "user_type")?;
                    let arg = child(inner, "value_arguments")
                        .and_then(|v| child(v, "value_argument"))
                        .and_then(|v| named(v).into_iter().last());
                    user_type(src, t).map(|(n, _)| (n, arg))
                }
                _ => None,
            }
        })
        .collect()
}

fn string(src: &Src, n: Node) -> Option<String> {
    if n.kind() != "string_literal" {
        return None;
    }
    unescape(quoted_body(src.text(n))?, ESCAPES)
}

fn literal(src: &Src, n: Node) -> Option<Lit> {
    let text = src.text(n);
    match n.kind() {
        "string_literal" => string(src, n).map(Lit::Str),
        "number_literal" => parse_number(text),
        "float_literal" => parse_float(text).map(Lit::Float),
        "unary_expression" => {
            let op = n.child_by_field_name("operator").map(|o| src.text(o));
            let arg = n.child_by_field_name("argument")?;
            match op {
                Some("-") => literal(src, arg)?.negate(),
                _ => None,
            }
        }
        "navigation_expression" => match text {
            "Long.MIN_VALUE" => Some(Lit::Int(i64::MIN)),
            "Long.MAX_VALUE" => Some(Lit::Int(i64::MAX)),
            _ => None,
        },
        "call_expression" => {
            // RealmAny.create(x), MutableRealmInt.create(x)
            let callee = named(n).into_iter().next()?;
            if !matches!(src.text(callee), "RealmAny.create" | "MutableRealmInt.create") {
                return None;
            }
            let args = child(n, "value_arguments")?;
            let a = named(args);
            let [a] = a.as_slice() else { return None };
            literal(src, named(*a).into_iter().last()?)
        }
        _ => match text {
            "true" => Some(Lit::Bool(true)),
            "false" => Some(Lit::Bool(false)),
            "null" => Some(Lit::Null),
            _ => None,
        },
    }
}

/// Initialisers that only satisfy Kotlin's rule that every property has one.
fn is_required_initialiser(src: &Src, s: ScalarType, n: Node) -> bool {
    let text: String = src.text(n).split_whitespace().collect();
    match s {
        ScalarType::ObjectId => matches!(text.as_str(), "ObjectId()" | "BsonObjectId()" | "ObjectId.create()"),
        ScalarType::Uuid => text == "RealmUUID.random()",
        ScalarType::Date => text == "RealmInstant.from(0,0)",
        ScalarType::Data => text == "byteArrayOf()" || text == "ByteArray(0)",
        ScalarType::Decimal128 => matches!(text.as_str(), "Decimal128(\"0\")" | "BsonDecimal128(\"0\")"),
        _ => match literal(src, n) {
            Some(Lit::Int(0)) | Some(Lit::Bool(false)) => true,
            Some(Lit::Float(f)) => f == 0.0,
            Some(Lit::Str(s)) => s.is_empty(),
            _ => false,
        },
    }
}

pub(super) fn read(src: &mut Src, root: Node) {
    for n in preorder(root) {
        if n.kind() != "class_declaration" {
            continue;
        }
        let bases: Vec<String> = child(n, "delegation_specifiers")
            .map(|d| {
                preorder(d)
                    .into_iter()
                    .filter(|c| c.kind() == "user_type" && c.parent().is_some_and(|p| p.kind() != "type_projection"))
                    .filter_map(|c| user_type(src, c).map(|(n, _)| n))
                    .collect()
            })
            .unwrap_or_default();
        let kind = if bases.iter().any(|b| b == "RealmObject") {
            ObjectKind::TopLevel
        } else if bases.iter().any(|b| b == "EmbeddedRealmObject") {
            ObjectKind::Embedded
        } else if bases.iter().any(|b| b == "AsymmetricRealmObject") {
            ObjectKind::Asymmetric
        } else {
            continue;
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
        for (a, arg) in annotations(src, n) {
            if a == "PersistedName" {
                match arg.and_then(|v| string(src, v)) {
                    Some(s) => class.persisted = Some(s),
                    None => src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        &name,
                        name_node,
                        "@PersistedName without a string literal; the class name is used as the type name",
                    ),
                }
            }
        }
        if let Some(ctor) = child(n, "primary_constructor")
            && preorder(ctor).iter().any(|p| {
                p.kind() == "class_parameter"
                    && super::common::all(*p).iter().any(|c| matches!(c.kind(), "var" | "val"))
            })
        {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                &name,
                ctor,
                "properties declared in the primary constructor are not read (Realm model classes need an empty constructor)",
            );
        }
        if let Some(body) = child(n, "class_body") {
            for m in named(body) {
                if m.kind() == "property_declaration"
                    && let Some(p) = property(src, &name, m)
                {
                    class.props.push(p);
                }
            }
        }
        src.out.classes.push(class);
    }
}

fn property(src: &mut Src, class: &str, n: Node) -> Option<RawProp> {
    let decl = child(n, "variable_declaration")?;
    let name_node = child(decl, "identifier")?;
    let name = ident(src.text(name_node));
    let path = format!("{class}.{name}");
    let annotations = annotations(src, n);
    let has = |a: &str| annotations.iter().any(|(n, _)| n == a);
    if has("Ignore") || has("Transient") {
        return None;
    }
    let modifiers = child(n, "modifiers").map(|m| src.text(m)).unwrap_or("");
    if modifiers.split_whitespace().any(|w| w == "lateinit") {
        src.report(
            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
            path,
            name_node,
            "`lateinit` properties are rejected by the Realm Kotlin compiler plugin; the property is left out",
        );
        return None;
    }
    let init = named(n).into_iter().skip_while(|c| *c != decl).skip(1).find(|c| {
        !matches!(
            c.kind(),
            "getter" | "setter" | "property_delegate" | "line_comment" | "block_comment"
        )
    });
    if child(n, "getter").is_some() && init.is_none() {
        return None; // a custom getter without a backing field: not persisted (as by the SDK)
    }
    let delegate = child(n, "property_delegate");
    let Some(t) = named(decl).into_iter().find(|c| c.kind() != "identifier") else {
        src.report(
            &kinds::SOURCE_UNRESOLVED_TYPE,
            path,
            name_node,
            format!("`{name}` has no declared type; the property is left out"),
        );
        return None;
    };
    let loc = src.loc(name_node);
    if let Some(d) = delegate {
        let call = named(d).into_iter().next();
        let is_backlinks = call.is_some_and(|c| {
            c.kind() == "call_expression" && named(c).first().is_some_and(|f| src.text(*f) == "backlinks")
        });
        let results = user_type(src, t).filter(|(n, a)| n == "RealmResults" && a.len() == 1);
        let origin = call
            .and_then(|c| child(c, "value_arguments"))
            .and_then(|a| child(a, "value_argument"))
            .map(|a| src.text(a).to_string());
        match (is_backlinks, results, origin) {
            (true, Some((_, args)), Some(origin)) => {
                let (origin_class, origin_prop) = origin.split_once("::").unwrap_or(("", ""));
                let origin_type = user_type(src, args[0]).map(|(n, _)| n).unwrap_or_default();
                let origin_class = origin_class.rsplit('.').next().unwrap_or("").trim();
                if origin_class == origin_type && !origin_prop.is_empty() {
                    return Some(RawProp::new(
                        &name,
                        RawType::Backlink {
                            origin_class: ident(origin_class),
                            origin_prop: ident(origin_prop.trim()),
                        },
                        loc,
                    ));
                }
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    d,
                    format!(
                        "backlinks(`{origin}`) does not name a property of {origin_type}; the property is left out"
                    ),
                );
                return None;
            }
            (true, None, _) => return None, // the parent of an embedded object: not a schema property
            _ => {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    d,
                    "a delegated property other than `by backlinks(...)` is not read; the property is left out",
                );
                return None;
            }
        }
    }
    let ty = match type_of(src, t) {
        Ok(ty) => ty,
        Err(what) => {
            src.report(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                path,
                t,
                format!("`{name}`: {what}; the property is left out"),
            );
            return None;
        }
    };
    let mut p = RawProp::new(&name, ty, loc);
    for (a, arg) in &annotations {
        match a.as_str() {
            "PrimaryKey" => p.primary_key = true,
            "Index" | "FullText" => p.indexed = true,
            "PersistedName" => match arg.and_then(|v| string(src, v)) {
                Some(s) => p.persisted = Some(s),
                None => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &path,
                    name_node,
                    "@PersistedName without a string literal; the property name is used",
                ),
            },
            _ => {}
        }
    }

    if let Some(init) = init {
        match &p.ty {
            RawType::Value {
                collection: Collection::Single,
                elem: RawElem::Scalar(s),
                optional,
            } => {
                if *optional || !is_required_initialiser(src, *s, init) {
                    let lit = literal(src, init);
                    src.apply_default(&mut p, &path, init, lit);
                }
            }
            RawType::Value {
                collection: Collection::Single,
                ..
            } => {
                let lit = literal(src, init);
                src.apply_default(&mut p, &path, init, lit);
            }
            RawType::Value { collection, .. } => {
                let expected = match collection {
                    Collection::List => "realmListOf()",
                    Collection::Set => "realmSetOf()",
                    Collection::Dictionary => "realmDictionaryOf()",
                    Collection::Single => "null",
                };
                let text: String = src.text(init).split_whitespace().collect();
                if text != expected {
                    src.not_literal(
                        &path,
                        init,
                        "a collection initialiser (collections have no default value)",
                    );
                }
            }
            RawType::Backlink { .. } => {}
        }
    }
    Some(p)
}

fn element(src: &Src, t: Node) -> Result<(RawElem, bool), String> {
    let (inner, optional) = if t.kind() == "nullable_type" {
        (
            named(t).into_iter().next().ok_or("a nullable type without a type")?,
            true,
        )
    } else {
        (t, false)
    };
    match user_type(src, inner) {
        Some((name, args)) if args.is_empty() => Ok((
            match scalar(&name) {
                Some(s) => RawElem::Scalar(s),
                None => RawElem::Class(name),
            },
            optional,
        )),
        _ => Err(format!("type `{}` is not a Realm property type", src.text(t))),
    }
}

fn type_of(src: &Src, t: Node) -> Result<RawType, String> {
    if let Some((name, args)) = user_type(src, t)
        && !args.is_empty()
    {
        let collection = match (name.as_str(), args.len()) {
            ("RealmList", 1) => Collection::List,
            ("RealmSet", 1) => Collection::Set,
            ("RealmDictionary", 1) => Collection::Dictionary,
            _ => return Err(format!("type `{}` is not a Realm property type", src.text(t))),
        };
        let (elem, optional) = element(src, args[0])?;
        return Ok(RawType::Value {
            collection,
            elem,
            optional,
        });
    }
    let (elem, optional) = element(src, t)?;
    Ok(RawType::Value {
        collection: Collection::Single,
        elem,
        optional,
    })
}
