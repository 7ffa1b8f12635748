//! Dart / Flutter (`realm` / `realm_dart` v2+), https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/: `@RealmModel() class _Task { … }`
//! (the type is named without the `_`/`$` prefix), `@RealmModel(ObjectType.embeddedObject)` /
//! `ObjectType.asymmetricObject`; `@PrimaryKey()`, `@Indexed()`, `@MapTo('name')` (field and
//! class), `@Ignored()`, `@Backlink(#dogs) late Iterable<_Person> owners;`; `List`, `Set`,
//! `Map<String, T>`; `RealmValue`.

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, child, named, parse_float, parse_int, preorder,
    quoted_body, unescape,
};
use crate::diagnostic::kinds;
use crate::model::{Collection, ObjectKind, ScalarType};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: true,
    paren_interpolation: false,
    braced_unicode: true,
    short_unicode: true,
    hex: true,
    octal: false,
};

fn scalar(name: &str) -> Option<ScalarType> {
    crate::sdk::DART.scalar_named(name)
}

/// Annotations before a declaration: (name, arguments node).
fn annotations<'t>(src: &Src, n: Node<'t>) -> Vec<(String, Node<'t>, Option<Node<'t>>)> {
    named(n)
        .into_iter()
        .filter(|a| a.kind() == "annotation")
        .filter_map(|a| {
            let name = a.child_by_field_name("name")?;
            let name = src.text(name).rsplit('.').next().unwrap_or("").to_string();
            Some((name, a, child(a, "annotation_arguments")))
        })
        .collect()
}

/// The first argument of an annotation (after the open parenthesis).
fn first_arg<'t>(args: Option<Node<'t>>) -> Option<Node<'t>> {
    named(args?).into_iter().find(|c| c.kind() != "annotation_open_paren")
}

fn string(src: &Src, n: Node) -> Option<String> {
    if n.kind() != "string_literal" {
        return None;
    }
    let parts = named(n);
    let [one] = parts.as_slice() else { return None };
    if preorder(*one)
        .iter()
        .any(|c| c.kind().contains("template_substitution"))
    {
        return None;
    }
    unescape(quoted_body(src.text(*one))?, ESCAPES)
}

fn literal(src: &Src, n: Node) -> Option<Lit> {
    let text = src.text(n);
    match n.kind() {
        "string_literal" => string(src, n).map(Lit::Str),
        "decimal_integer_literal" | "hex_integer_literal" => parse_int(text).map(Lit::Int),
        "decimal_floating_point_literal" => parse_float(text).map(Lit::Float),
        "unary_expression" => {
            let parts = named(n);
            match parts.as_slice() {
                [op, v] if src.text(*op) == "-" => literal(src, *v)?.negate(),
                _ => None,
            }
        }
        "parenthesized_expression" => literal(src, named(n).into_iter().next()?),
        _ => match text {
            "true" => Some(Lit::Bool(true)),
            "false" => Some(Lit::Bool(false)),
            "null" => Some(Lit::Null),
            _ => None,
        },
    }
}

pub(super) fn read(src: &mut Src, root: Node) {
    for n in preorder(root) {
        if n.kind() != "class_declaration" {
            continue;
        }
        let anns = annotations(src, n);
        let Some((_, model_ann, model_args)) = anns.iter().find(|(a, _, _)| a == "RealmModel") else {
            continue;
        };
        let args_text = model_args.map(|a| src.text(a)).unwrap_or("");
        let kind = if args_text.contains("embeddedObject") {
            ObjectKind::Embedded
        } else if args_text.contains("asymmetricObject") {
            ObjectKind::Asymmetric
        } else {
            ObjectKind::TopLevel
        };
        let Some(name_node) = n.child_by_field_name("name") else {
            continue;
        };
        let code = src.text(name_node).to_string();
        let bare = code
            .strip_prefix('_')
            .or_else(|| code.strip_prefix('$'))
            .map(str::to_string);
        let mut class = RawClass {
            code_name: code.clone(),
            aliases: bare.iter().cloned().collect(),
            persisted: bare.clone(),
            kind,
            location: src.loc(name_node),
            props: Vec::new(),
        };
        if bare.is_none() {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                &code,
                *model_ann,
                format!("a @RealmModel class name must start with `_` or `$` (the generator names the type without it); `{code}` is read as the type name"),
            );
        }
        for (a, ann, args) in &anns {
            if a == "MapTo" {
                match first_arg(*args).and_then(|v| string(src, v)) {
                    Some(s) => class.persisted = Some(s),
                    None => src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        &code,
                        *ann,
                        "@MapTo without a string literal; the class name is used as the type name",
                    ),
                }
            }
        }
        let shown = class.persisted.clone().unwrap_or_else(|| code.clone());
        if let Some(body) = n.child_by_field_name("body") {
            for m in named(body) {
                if m.kind() == "member_declaration" {
                    member(src, &shown, m, &mut class.props);
                }
            }
        }
        src.out.classes.push(class);
    }
}

fn member(src: &mut Src, class: &str, m: Node, out: &mut Vec<RawProp>) {
    let Some(decl) = child(m, "declaration") else { return };
    let anns = annotations(src, m);
    let has = |a: &str| anns.iter().any(|(n, _, _)| n == a);
    if has("Ignored") {
        return;
    }
    if matches!(src.text(decl).split_whitespace().next(), Some("static" | "const")) {
        return;
    }
    let Some(list) = child(decl, "initialized_identifier_list") else {
        return;
    };
    let t = child(decl, "type");
    for item in named(list).into_iter().filter(|i| i.kind() == "initialized_identifier") {
        let Some(name_node) = item.child_by_field_name("name") else {
            continue;
        };
        let name = src.text(name_node).to_string();
        let path = format!("{class}.{name}");
        let Some(t) = t else {
            src.report(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                path,
                name_node,
                format!("`{name}` has no declared type; the property is left out"),
            );
            continue;
        };
        let loc = src.loc(name_node);
        let ty = if let Some((_, ann, args)) = anns.iter().find(|(a, _, _)| a == "Backlink") {
            let origin = first_arg(*args)
                .filter(|a| a.kind() == "symbol_literal")
                .map(|a| src.text(a).trim_start_matches('#').to_string());
            let target = type_parts(src, t).filter(|(n, args, _)| n == "Iterable" && args.len() == 1);
            match (origin, target) {
                (Some(origin_prop), Some((_, args, _))) => match type_parts(src, args[0]) {
                    Some((origin_class, a, _)) if a.is_empty() => RawType::Backlink {
                        origin_class,
                        origin_prop,
                    },
                    _ => {
                        unresolved(src, &path, t, &name);
                        continue;
                    }
                },
                _ => {
                    src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        path,
                        *ann,
                        "@Backlink needs a symbol (`#dogs`) and an `Iterable<_Origin>` type; the property is left out",
                    );
                    continue;
                }
            }
        } else {
            match type_of(src, t) {
                Some(ty) => ty,
                None => {
                    unresolved(src, &path, t, &name);
                    continue;
                }
            }
        };
        let mut p = RawProp::new(&name, ty, loc);
        for (a, ann, args) in &anns {
            match a.as_str() {
                "PrimaryKey" => p.primary_key = true,
                "Indexed" => p.indexed = true,
                "MapTo" => match first_arg(*args).and_then(|v| string(src, v)) {
                    Some(s) => p.persisted = Some(s),
                    None => src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        &path,
                        *ann,
                        "@MapTo without a string literal; the field name is used",
                    ),
                },
                _ => {}
            }
        }
        if let Some(v) = item.child_by_field_name("value") {
            let lit = literal(src, v);
            src.apply_default(&mut p, &path, v, lit);
        }
        out.push(p);
    }
}

fn unresolved(src: &mut Src, path: &str, t: Node, name: &str) {
    let text = src.text(t).to_string();
    src.report(
        &kinds::SOURCE_UNRESOLVED_TYPE,
        path,
        t,
        format!("`{name}`: type `{text}` is not a Realm property type; the property is left out"),
    );
}

/// A Dart type: simple name, type arguments, nullable.
fn type_parts<'t>(src: &Src, t: Node<'t>) -> Option<(String, Vec<Node<'t>>, bool)> {
    if t.kind() != "type" {
        return None;
    }
    let parts = named(t);
    // `prefix.Type`: an import prefix (`import 'package:realm/realm.dart' as realm;`) is the
    // namespace, the last identifier the type (Dart has no nested types).
    let name = parts.iter().rev().find(|c| c.kind() == "type_identifier")?;
    let args = parts
        .iter()
        .find(|c| c.kind() == "type_arguments")
        .map(|a| named(*a).into_iter().filter(|c| c.kind() == "type").collect())
        .unwrap_or_default();
    let nullable = super::common::all(t).iter().any(|c| c.kind() == "?");
    Some((
        src.text(*name).rsplit('.').next().unwrap_or("").to_string(),
        args,
        nullable,
    ))
}

fn element(src: &Src, t: Node) -> Option<(RawElem, bool)> {
    let (name, args, nullable) = type_parts(src, t)?;
    if !args.is_empty() {
        return None;
    }
    Some((
        match scalar(&name) {
            Some(s) => RawElem::Scalar(s),
            None => RawElem::Class(name),
        },
        nullable,
    ))
}

fn type_of(src: &Src, t: Node) -> Option<RawType> {
    let (name, args, _) = type_parts(src, t)?;
    if args.is_empty() {
        let (elem, optional) = element(src, t)?;
        return Some(RawType::Value {
            collection: Collection::Single,
            elem,
            optional,
        });
    }
    let collection = match (name.as_str(), args.len()) {
        ("List" | "RealmList", 1) => Collection::List,
        ("Set" | "RealmSet", 1) => Collection::Set,
        ("Map" | "RealmMap", 2) => {
            if type_parts(src, args[0]).map(|(n, _, _)| n).as_deref() != Some("String") {
                return None;
            }
            Collection::Dictionary
        }
        _ => return None,
    };
    let (elem, optional) = element(src, args[args.len() - 1])?;
    Some(RawType::Value {
        collection,
        elem,
        optional,
    })
}
