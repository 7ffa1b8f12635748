//! Dart / Flutter (`realm` / `realm_dart` v2+), https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/: `@RealmModel() class _Task { … }`
//! with `part 'models.realm.dart';` (the generator writes `class Task extends _Task`).

use super::{Case, Cx, Decl, Elem, Lit, Output, Shape, Style};
use crate::model::{Collection, ObjectType, Property, ScalarType};

pub(crate) static STYLE: Style = Style {
    comment: "//",
    // Reserved words, plus `await`/`yield` (reserved in async/generator bodies).
    keywords: crate::sdk::DART.keywords,
    member_keywords: true,
    can_remap: true,
    escape: None,
    // RealmObjectBase / generated-class members.
    reserved_members: &[
        "accessor",
        "changes",
        "changesFor",
        "dynamic",
        "freeze",
        "getBacklinks",
        "handle",
        "hashCode",
        "isFrozen",
        "isManaged",
        "isValid",
        "noSuchMethod",
        "objectSchema",
        "parent",
        "realm",
        "runtimeType",
        "schema",
        "toEJson",
        "toString",
    ],
    // Names the generated classes (`Task` from `_Task`) must not take.
    reserved_types: &[
        "AsymmetricObject",
        "Backlink",
        "bool",
        "DateTime",
        "Decimal128",
        "double",
        "dynamic",
        "EmbeddedObject",
        "Function",
        "Ignored",
        "Indexed",
        "int",
        "Iterable",
        "List",
        "Map",
        "MapTo",
        "Never",
        "Null",
        "num",
        "Object",
        "ObjectId",
        "ObjectType",
        "PrimaryKey",
        "Realm",
        "RealmModel",
        "RealmObject",
        "RealmValue",
        "Set",
        "String",
        "Type",
        "Uint8List",
        "Uuid",
    ],
    case: Case::NoLeadingUnderscore,
    persisted_members: false,
    quote_members: false,
    persisted_primary_key: false,
    dollar: false,
    digit_prefix: "n",
    member_not_class_name: false,
};

fn string_lit(s: &str) -> String {
    super::quoted(s, '\'', &['$'], super::ctl_braced)
}

/// The model class of a type: `_` + the generated class name.
fn class(cx: &Cx, t: &str) -> String {
    format!("_{}", cx.type_ident(t).bare)
}

fn scalar(s: ScalarType, d: &mut Decl) -> &'static str {
    match s {
        ScalarType::Float => d.warn("Dart has no float type: generated as double, which persists as double, not float"),
        ScalarType::Counter => {
            d.warn("Dart has no counter type: generated as int (concurrent increments are not merged)")
        }
        _ => {}
    }
    crate::sdk::DART.scalar(s)
}

fn element(cx: &Cx, elem: Elem, optional: bool, d: &mut Decl) -> String {
    match elem {
        Elem::Scalar(ScalarType::Mixed) => "RealmValue".to_string(),
        Elem::Scalar(s) => format!("{}{}", scalar(s, d), if optional { "?" } else { "" }),
        Elem::Link(t) | Elem::Embedded(t) => format!("{}{}", class(cx, t), if optional { "?" } else { "" }),
    }
}

fn literal(lit: &Lit) -> String {
    match lit {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) => i.to_string(),
        Lit::Float(f) => f.clone(),
        Lit::Str(s) => string_lit(s),
    }
}

pub(crate) fn property(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let mut d = Decl::default();
    let name = super::member_ident(cx, owner, p, &mut d);
    let shape = super::shape(cx.schema, p, &mut d);
    let pk = super::is_primary_key(owner, p, &mut d);
    let indexed = super::wants_index(owner, p, &shape, &mut d);
    if pk {
        d.line("@PrimaryKey()");
    }
    if indexed {
        d.line("@Indexed()");
    }
    if name.bare != p.name {
        d.line(format!("@MapTo({})", string_lit(&p.name)));
    }
    match shape {
        Shape::Backlink {
            origin_type,
            origin_prop,
        } => {
            let origin = cx
                .origin_member(origin_type, origin_prop)
                .map(|i| i.code)
                .unwrap_or_else(|| super::fallback_ident(&STYLE, origin_prop));
            d.line(format!("@Backlink(#{origin})"));
            d.line(format!("late Iterable<{}> {};", class(cx, origin_type), name.code));
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            // Dart: mixed defaults would need a const RealmValue; not written.
            let lit = super::default_literal(p, &shape, false, &mut d);
            let line = match collection {
                Collection::List => format!("late List<{}> {};", element(cx, elem, optional, &mut d), name.code),
                Collection::Set => format!("late Set<{}> {};", element(cx, elem, optional, &mut d), name.code),
                Collection::Dictionary => format!(
                    "late Map<String, {}> {};",
                    element(cx, elem, optional, &mut d),
                    name.code
                ),
                Collection::Single => {
                    let nullable = optional && elem != Elem::Scalar(ScalarType::Mixed);
                    let ty = element(cx, elem, nullable, &mut d);
                    match (&lit, nullable) {
                        (Some(l), _) => format!("{ty} {} = {};", name.code, literal(l)),
                        (None, true) => format!("{ty} {};", name.code),
                        (None, false) => format!("late {ty} {};", name.code),
                    }
                }
            };
            d.line(line);
        }
    }
    d
}

pub(crate) fn generate(cx: &Cx) -> Output {
    let mut body = String::new();
    let mut warnings = Vec::new();
    for t in cx.schema.types.values() {
        let ident = cx.type_ident(&t.name);
        body.push('\n');
        if let Some(r) = &ident.reason {
            let m = format!(
                "{r}: class `{}` keeps the persisted name \"{}\" through @MapTo",
                ident.bare, t.name
            );
            body.push_str(&super::comment_line("//", &m));
            body.push('\n');
            warnings.push((t.name.clone(), m));
        }
        body.push_str(crate::sdk::DART.base(t.kind));
        body.push('\n');
        if ident.bare != t.name {
            body.push_str(&format!("@MapTo({})\n", string_lit(&t.name)));
        }
        body.push_str(&format!("class {} {{\n", class(cx, &t.name)));
        for p in super::ordered(t) {
            property(cx, t, p).emit(&mut body, "  ", "//", &super::path(t, p), &mut warnings);
        }
        body.push_str("}\n");
    }
    let mut code = String::from("// Generated by syncplan: Realm Dart/Flutter object models (realm ≥ 2).\n\n");
    if super::uses_word(&body, "Uint8List") {
        code.push_str("import 'dart:typed_data';\n\n");
    }
    code.push_str("import 'package:realm/realm.dart';\n\npart 'models.realm.dart';\n");
    code.push_str(&body);
    Output { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::super::{Sdk, property_declaration};
    use crate::model::*;

    use super::super::testing::{schema_with, v};

    fn decl(p: Property) -> String {
        super::super::testing::decl(p, Sdk::Dart)
    }

    #[test]
    fn shapes() {
        let string = Element::Scalar(ScalarType::String);
        assert_eq!(
            decl(Property::new("tags", v(Collection::List, string), false)),
            "late List<String> tags;"
        );
        assert_eq!(
            decl(Property::new(
                "dogs",
                v(Collection::Dictionary, Element::Object("Dog".into())),
                true
            )),
            "late Map<String, _Dog?> dogs;"
        );
        assert_eq!(
            decl(Property::new(
                "dog",
                v(Collection::Single, Element::Object("Dog".into())),
                true
            )),
            "_Dog? dog;"
        );
        assert_eq!(
            decl(Property::new("any", PropertyType::single(ScalarType::Mixed), true)),
            "late RealmValue any;"
        );
        assert_eq!(
            decl(Property::new("class", PropertyType::single(ScalarType::Int), false)),
            "// syncplan: \"class\" is a reserved word: named `class_` in Dart/Flutter code, mapped to the persisted name \"class\"\n@MapTo('class')\nlate int class_;"
        );
        let mut d = Property::new("n", PropertyType::single(ScalarType::String), true);
        d.default = Some(serde_json::json!("it's $x"));
        assert_eq!(decl(d), "String? n = 'it\\'s \\$x';");
    }

    #[test]
    fn primary_key_maps_underscore() {
        let p = Property::new("_id", PropertyType::single(ScalarType::ObjectId), false);
        let (mut s, mut t) = schema_with(&p);
        t.primary_key = Some("_id".into());
        s.types.insert("Task".into(), t.clone());
        assert_eq!(
            property_declaration(&s, &t, &p, Sdk::Dart),
            "@PrimaryKey()\n@MapTo('_id')\nlate ObjectId id;"
        );
    }
}
