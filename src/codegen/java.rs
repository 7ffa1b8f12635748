//! Realm Java (`io.realm`, Java SDK 10.x): `public class Dog extends RealmObject` with public
//! fields, `@PrimaryKey`, `@Required`, `@Index`, `@RealmField`, `@RealmClass(name = ..., embedded =
//! true)`, `RealmList`/`RealmSet`/`RealmDictionary`, `@LinkingObjects`. Reference:
//! https://www.mongodb.com/docs/realm-sdks/java/latest/ (package `io.realm.annotations`).
//!
//! Nullability follows the SDK: primitives are required; boxed types, `String`, `Date`, `byte[]`,
//! `Decimal128`, `ObjectId`, `UUID` and `MutableRealmInteger` are nullable unless `@Required`, which
//! on a collection applies to its elements. Realm Java has no asymmetric objects: those types are
//! written as top-level classes, with a warning.

use super::{Case, Cx, Decl, Elem, Lit, Output, Shape, Style};
use crate::model::{Collection, ObjectKind, ObjectType, Property, ScalarType};

pub(crate) static STYLE: Style = Style {
    comment: "//",
    keywords: crate::sdk::JAVA.keywords,
    member_keywords: true,
    can_remap: true,
    escape: None,
    reserved_members: &[],
    reserved_types: &[
        "Boolean",
        "Byte",
        "Date",
        "Decimal128",
        "Double",
        "Float",
        "Ignore",
        "Index",
        "Integer",
        "LinkingObjects",
        "Long",
        "MutableRealmInteger",
        "Object",
        "ObjectId",
        "PrimaryKey",
        "RealmAny",
        "RealmClass",
        "RealmDictionary",
        "RealmField",
        "RealmList",
        "RealmModel",
        "RealmObject",
        "RealmResults",
        "RealmSet",
        "Required",
        "Short",
        "String",
        "UUID",
    ],
    case: Case::AsIs,
    persisted_members: false,
    quote_members: false,
    persisted_primary_key: false,
    dollar: false,
    digit_prefix: "_",
    member_not_class_name: false,
};

/// Every import the generated code may need: (simple name, fully qualified name).
const IMPORTS: &[(&str, &str)] = &[
    ("Date", "java.util.Date"),
    ("UUID", "java.util.UUID"),
    ("MutableRealmInteger", "io.realm.MutableRealmInteger"),
    ("RealmAny", "io.realm.RealmAny"),
    ("RealmDictionary", "io.realm.RealmDictionary"),
    ("RealmList", "io.realm.RealmList"),
    ("RealmObject", "io.realm.RealmObject"),
    ("RealmResults", "io.realm.RealmResults"),
    ("RealmSet", "io.realm.RealmSet"),
    ("Index", "io.realm.annotations.Index"),
    ("LinkingObjects", "io.realm.annotations.LinkingObjects"),
    ("PrimaryKey", "io.realm.annotations.PrimaryKey"),
    ("RealmClass", "io.realm.annotations.RealmClass"),
    ("RealmField", "io.realm.annotations.RealmField"),
    ("Required", "io.realm.annotations.Required"),
    ("Decimal128", "org.bson.types.Decimal128"),
    ("ObjectId", "org.bson.types.ObjectId"),
];

/// The field type of a single value: (required form, nullable form).
fn scalar(s: ScalarType) -> (&'static str, &'static str) {
    let boxed = crate::sdk::JAVA.scalar(s);
    let primitive = match s {
        ScalarType::Bool => "boolean",
        ScalarType::Int => "long",
        ScalarType::Float => "float",
        ScalarType::Double => "double",
        _ => boxed,
    };
    (primitive, boxed)
}

/// Whether the required form needs `@Required` (it is not a primitive).
fn needs_required(s: ScalarType) -> bool {
    !matches!(
        s,
        ScalarType::Bool | ScalarType::Int | ScalarType::Float | ScalarType::Double | ScalarType::Mixed
    )
}

fn string_lit(s: &str) -> String {
    super::quoted(s, '"', &[], super::ctl_u4)
}

fn long_lit(i: i64) -> String {
    format!("{i}L")
}

fn literal(lit: &Lit, s: ScalarType) -> String {
    match (s, lit) {
        (ScalarType::Float, Lit::Float(f)) => format!("{f}f"),
        (ScalarType::Float, Lit::Int(i)) => format!("{i}f"),
        (ScalarType::Double, Lit::Int(i)) => format!("{i}.0"),
        (_, Lit::Bool(b)) => b.to_string(),
        (_, Lit::Int(i)) => long_lit(*i),
        (_, Lit::Float(f)) => f.clone(),
        (_, Lit::Str(v)) => string_lit(v),
    }
}

/// A collection element type (always a reference type in Java generics).
fn element(cx: &Cx, elem: Elem) -> String {
    match elem {
        Elem::Scalar(s) => scalar(s).1.to_string(),
        Elem::Link(t) | Elem::Embedded(t) => cx.type_ident(t).code,
    }
}

pub(crate) fn property(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let mut d = Decl::default();
    let name = super::member_ident(cx, owner, p, &mut d);
    let shape = super::shape(cx.schema, p, &mut d);
    let pk = super::is_primary_key(owner, p, &mut d);
    let indexed = super::wants_index(owner, p, &shape, &mut d);
    let mut annotations: Vec<String> = Vec::new();
    if pk {
        annotations.push("@PrimaryKey".into());
    }
    if indexed {
        annotations.push("@Index".into());
    }
    if name.bare != p.name {
        annotations.push(format!("@RealmField({})", string_lit(&p.name)));
    }
    let decl = match shape {
        Shape::Backlink {
            origin_type,
            origin_prop,
        } => {
            let origin = cx
                .origin_member(origin_type, origin_prop)
                .map(|i| i.bare)
                .unwrap_or_else(|| origin_prop.to_string());
            annotations.push(format!("@LinkingObjects({})", string_lit(&origin)));
            format!(
                "public final RealmResults<{}> {} = null;",
                cx.type_ident(origin_type).code,
                name.code
            )
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            let lit = super::default_literal(p, &shape, false, &mut d);
            let required_elems = !optional && matches!(elem, Elem::Scalar(s) if s != ScalarType::Mixed);
            match collection {
                Collection::List | Collection::Set | Collection::Dictionary => {
                    let class = match collection {
                        Collection::List => "RealmList",
                        Collection::Set => "RealmSet",
                        _ => "RealmDictionary",
                    };
                    if required_elems {
                        annotations.push("@Required".into());
                    }
                    format!("public {class}<{}> {} = new {class}<>();", element(cx, elem), name.code)
                }
                Collection::Single => match elem {
                    Elem::Scalar(ScalarType::Counter) => {
                        let init = match &lit {
                            Some(Lit::Int(i)) => format!("MutableRealmInteger.valueOf({})", long_lit(*i)),
                            _ if optional => "MutableRealmInteger.ofNull()".to_string(),
                            _ => "MutableRealmInteger.valueOf(0L)".to_string(),
                        };
                        if !optional {
                            annotations.push("@Required".into());
                        }
                        format!("public final MutableRealmInteger {} = {init};", name.code)
                    }
                    Elem::Scalar(s) => {
                        let (req, opt) = scalar(s);
                        let ty = if optional { opt } else { req };
                        if !optional && needs_required(s) {
                            annotations.push("@Required".into());
                        }
                        match &lit {
                            Some(l) => format!("public {ty} {} = {};", name.code, literal(l, s)),
                            None => format!("public {ty} {};", name.code),
                        }
                    }
                    Elem::Link(t) | Elem::Embedded(t) => {
                        format!("public {} {};", cx.type_ident(t).code, name.code)
                    }
                },
            }
        }
    };
    for a in annotations {
        d.line(a);
    }
    d.line(decl);
    d
}

pub(crate) fn generate(cx: &Cx) -> Output {
    let mut body = String::new();
    let mut warnings = Vec::new();
    for t in cx.schema.types.values() {
        let class = cx.type_ident(&t.name);
        body.push('\n');
        if let Some(r) = &class.reason {
            let m = format!(
                "{r}: class `{}` keeps the persisted name \"{}\" through @RealmClass(name = ...)",
                class.bare, t.name
            );
            body.push_str(&super::comment_line("//", &m));
            body.push('\n');
            warnings.push((t.name.clone(), m));
        }
        if t.kind == ObjectKind::Asymmetric {
            let m = "Realm Java has no asymmetric objects (Data Ingest): generated as a top-level class";
            body.push_str(&super::comment_line("//", m));
            body.push('\n');
            warnings.push((t.name.clone(), m.to_string()));
        }
        let mut args = Vec::new();
        if class.bare != t.name {
            args.push(format!("name = {}", string_lit(&t.name)));
        }
        if t.kind == ObjectKind::Embedded {
            args.push("embedded = true".to_string());
        }
        if !args.is_empty() {
            body.push_str(&format!("@RealmClass({})\n", args.join(", ")));
        }
        body.push_str(&format!(
            "public class {} extends {} {{\n",
            class.code,
            crate::sdk::JAVA.base(t.kind)
        ));
        let mut first = true;
        for p in super::ordered(t) {
            if !first {
                body.push('\n');
            }
            first = false;
            property(cx, t, p).emit(&mut body, "    ", "//", &super::path(t, p), &mut warnings);
        }
        body.push_str("}\n");
    }
    let mut code = String::from(
        "// Generated by syncplan: Realm Java object models (io.realm, Java SDK 10.x).\n// Java allows one public top-level class per file: save each class as <ClassName>.java in your model package.\n\n",
    );
    let imports: Vec<&str> = IMPORTS
        .iter()
        .filter(|(simple, _)| super::uses_word(&body, simple))
        .map(|(_, fq)| *fq)
        .collect();
    for fq in &imports {
        code.push_str(&format!("import {fq};\n"));
    }
    code.push_str(&body);
    Output { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::super::Sdk;
    use crate::model::*;

    use super::super::testing::v;

    fn decl(ty: PropertyType, optional: bool) -> String {
        super::super::testing::tags(ty, optional, Sdk::Java)
    }

    #[test]
    fn shapes() {
        let string = Element::Scalar(ScalarType::String);
        assert_eq!(
            decl(v(Collection::List, string.clone()), false),
            "@Required\npublic RealmList<String> tags = new RealmList<>();"
        );
        assert_eq!(
            decl(v(Collection::Set, string), true),
            "public RealmSet<String> tags = new RealmSet<>();"
        );
        assert_eq!(
            decl(v(Collection::Dictionary, Element::Object("Dog".into())), true),
            "public RealmDictionary<Dog> tags = new RealmDictionary<>();"
        );
        assert_eq!(decl(PropertyType::single(ScalarType::Int), false), "public long tags;");
        assert_eq!(decl(PropertyType::single(ScalarType::Int), true), "public Long tags;");
        assert_eq!(
            decl(PropertyType::single(ScalarType::Date), false),
            "@Required\npublic Date tags;"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Counter), true),
            "public final MutableRealmInteger tags = MutableRealmInteger.ofNull();"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Mixed), true),
            "public RealmAny tags;"
        );
    }
}
