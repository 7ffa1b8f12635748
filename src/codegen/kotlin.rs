//! Kotlin (`io.realm.kotlin`, Kotlin SDK 1.x–3.x), https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/define-realm-object-model/.

use super::{Case, Cx, Decl, Elem, Lit, Output, Shape, Style};
use crate::model::{Collection, ObjectKind, ObjectType, Property, ScalarType};

pub(crate) static STYLE: Style = Style {
    comment: "//",
    keywords: crate::sdk::KOTLIN.keywords,
    member_keywords: true,
    can_remap: true,
    escape: Some(("`", "`")),
    // (Names made only of underscores, reserved in Kotlin, never reach here: see `sanitize`.)
    reserved_members: &[],
    reserved_types: &[
        "Any",
        "AsymmetricRealmObject",
        "Boolean",
        "ByteArray",
        "Decimal128",
        "Double",
        "EmbeddedRealmObject",
        "Float",
        "Index",
        "Int",
        "Long",
        "MutableRealmInt",
        "Nothing",
        "ObjectId",
        "PersistedName",
        "PrimaryKey",
        "RealmAny",
        "RealmDictionary",
        "RealmInstant",
        "RealmList",
        "RealmObject",
        "RealmResults",
        "RealmSet",
        "RealmUUID",
        "String",
        "Unit",
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
    ("backlinks", "io.realm.kotlin.ext.backlinks"),
    ("realmDictionaryOf", "io.realm.kotlin.ext.realmDictionaryOf"),
    ("realmListOf", "io.realm.kotlin.ext.realmListOf"),
    ("realmSetOf", "io.realm.kotlin.ext.realmSetOf"),
    ("RealmResults", "io.realm.kotlin.query.RealmResults"),
    ("AsymmetricRealmObject", "io.realm.kotlin.types.AsymmetricRealmObject"),
    ("EmbeddedRealmObject", "io.realm.kotlin.types.EmbeddedRealmObject"),
    ("MutableRealmInt", "io.realm.kotlin.types.MutableRealmInt"),
    ("RealmAny", "io.realm.kotlin.types.RealmAny"),
    ("RealmDictionary", "io.realm.kotlin.types.RealmDictionary"),
    ("RealmInstant", "io.realm.kotlin.types.RealmInstant"),
    ("RealmList", "io.realm.kotlin.types.RealmList"),
    ("RealmObject", "io.realm.kotlin.types.RealmObject"),
    ("RealmSet", "io.realm.kotlin.types.RealmSet"),
    ("RealmUUID", "io.realm.kotlin.types.RealmUUID"),
    ("Index", "io.realm.kotlin.types.annotations.Index"),
    ("PersistedName", "io.realm.kotlin.types.annotations.PersistedName"),
    ("PrimaryKey", "io.realm.kotlin.types.annotations.PrimaryKey"),
    ("Decimal128", "org.mongodb.kbson.Decimal128"),
    ("ObjectId", "org.mongodb.kbson.ObjectId"),
];

fn scalar(s: ScalarType) -> &'static str {
    crate::sdk::KOTLIN.scalar(s)
}

/// The initialiser of a required scalar without a default (Kotlin needs one for every property).
fn zero(s: ScalarType) -> &'static str {
    match s {
        ScalarType::Bool => "false",
        ScalarType::Int => "0",
        ScalarType::Float => "0.0f",
        ScalarType::Double => "0.0",
        ScalarType::String => "\"\"",
        ScalarType::Data => "byteArrayOf()",
        ScalarType::Date => "RealmInstant.from(0, 0)",
        ScalarType::Decimal128 => "Decimal128(\"0\")",
        ScalarType::ObjectId => "ObjectId()",
        ScalarType::Uuid => "RealmUUID.random()",
        ScalarType::Mixed => "null",
        ScalarType::Counter => "MutableRealmInt.create(0)",
    }
}

fn string_lit(s: &str) -> String {
    super::quoted(s, '"', &['$'], super::ctl_u4)
}

fn int_lit(i: i64) -> String {
    if i == i64::MIN {
        "Long.MIN_VALUE".to_string()
    } else {
        i.to_string()
    }
}

fn literal(lit: &Lit, s: ScalarType) -> String {
    match (s, lit) {
        (ScalarType::Mixed, Lit::Bool(b)) => format!("RealmAny.create({b})"),
        (ScalarType::Mixed, Lit::Int(i)) if *i == i64::MIN => "RealmAny.create(Long.MIN_VALUE)".to_string(),
        (ScalarType::Mixed, Lit::Int(i)) => format!("RealmAny.create({i}L)"),
        (ScalarType::Mixed, Lit::Float(f)) => format!("RealmAny.create({f})"),
        (ScalarType::Mixed, Lit::Str(v)) => format!("RealmAny.create({})", string_lit(v)),
        (ScalarType::Counter, Lit::Int(i)) => format!("MutableRealmInt.create({})", int_lit(*i)),
        (ScalarType::Float, Lit::Float(f)) => format!("{f}f"),
        (_, Lit::Bool(b)) => b.to_string(),
        (_, Lit::Int(i)) => int_lit(*i),
        (_, Lit::Float(f)) => f.clone(),
        (_, Lit::Str(v)) => string_lit(v),
    }
}

fn element(cx: &Cx, elem: Elem, optional: bool, dictionary: bool) -> String {
    match elem {
        Elem::Scalar(ScalarType::Mixed) => "RealmAny?".to_string(),
        Elem::Scalar(s) => format!("{}{}", scalar(s), if optional { "?" } else { "" }),
        Elem::Link(t) | Elem::Embedded(t) => {
            format!("{}{}", cx.type_ident(t).code, if dictionary { "?" } else { "" })
        }
    }
}

pub(crate) fn property(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let mut d = Decl::default();
    let name = super::member_ident(cx, owner, p, &mut d);
    let shape = super::shape(cx.schema, p, &mut d);
    let pk = super::is_primary_key(owner, p, &mut d);
    let indexed = super::wants_index(owner, p, &shape, &mut d);
    if pk {
        d.line("@PrimaryKey");
    }
    if indexed {
        d.line("@Index");
    }
    if name.bare != p.name {
        d.line(format!("@PersistedName({})", string_lit(&p.name)));
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
            let class = cx.type_ident(origin_type).code;
            d.line(format!(
                "val {}: RealmResults<{class}> by backlinks({class}::{origin})",
                name.code
            ));
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            if let (ObjectKind::Asymmetric, Elem::Link(t)) = (owner.kind, elem)
                && cx.schema.kind_of(t) == Some(ObjectKind::TopLevel)
            {
                d.warn(format!(
                    "the Kotlin SDK documents asymmetric objects as linking only to embedded objects; \"{t}\" is top-level"
                ));
            }
            let lit = super::default_literal(p, &shape, true, &mut d);
            let (ty, init) = match collection {
                Collection::List => (
                    format!("RealmList<{}>", element(cx, elem, optional, false)),
                    "realmListOf()".to_string(),
                ),
                Collection::Set => (
                    format!("RealmSet<{}>", element(cx, elem, optional, false)),
                    "realmSetOf()".to_string(),
                ),
                Collection::Dictionary => (
                    format!("RealmDictionary<{}>", element(cx, elem, optional, true)),
                    "realmDictionaryOf()".to_string(),
                ),
                Collection::Single => match elem {
                    Elem::Scalar(s) => {
                        let opt = optional || s == ScalarType::Mixed;
                        let ty = format!("{}{}", scalar(s), if opt { "?" } else { "" });
                        let init = match &lit {
                            Some(l) => literal(l, s),
                            None if opt => "null".to_string(),
                            None => zero(s).to_string(),
                        };
                        (ty, init)
                    }
                    Elem::Link(t) | Elem::Embedded(t) => (format!("{}?", cx.type_ident(t).code), "null".to_string()),
                },
            };
            d.line(format!("var {}: {ty} = {init}", name.code));
        }
    }
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
                "{r}: class `{}` keeps the persisted name \"{}\" through @PersistedName (Kotlin SDK ≥ 1.8.0)",
                class.bare, t.name
            );
            body.push_str(&super::comment_line("//", &m));
            body.push('\n');
            body.push_str(&format!("@PersistedName({})\n", string_lit(&t.name)));
            warnings.push((t.name.clone(), m));
        }
        let base = crate::sdk::KOTLIN.base(t.kind);
        body.push_str(&format!("class {} : {base} {{\n", class.code));
        for p in super::ordered(t) {
            property(cx, t, p).emit(&mut body, "    ", "//", &super::path(t, p), &mut warnings);
        }
        body.push_str("}\n");
    }
    let mut code = String::from("// Generated by syncplan: Realm Kotlin object models (io.realm.kotlin).\n\n");
    let imports: Vec<&str> = IMPORTS
        .iter()
        .filter(|(simple, _)| super::uses_word(&body, simple))
        .map(|(_, fq)| *fq)
        .collect();
    for fq in &imports {
        code.push_str(&format!("import {fq}\n"));
    }
    code.push_str(&body);
    Output { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::super::{Sdk, property_declaration};
    use crate::model::*;

    use super::super::testing::v;

    fn decl(ty: PropertyType, optional: bool) -> String {
        super::super::testing::tags(ty, optional, Sdk::Kotlin)
    }

    #[test]
    fn shapes() {
        let string = Element::Scalar(ScalarType::String);
        assert_eq!(
            decl(v(Collection::List, string.clone()), false),
            "var tags: RealmList<String> = realmListOf()"
        );
        assert_eq!(
            decl(v(Collection::Set, string), true),
            "var tags: RealmSet<String?> = realmSetOf()"
        );
        assert_eq!(
            decl(v(Collection::Dictionary, Element::Object("Dog".into())), true),
            "var tags: RealmDictionary<Dog?> = realmDictionaryOf()"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Mixed), true),
            "var tags: RealmAny? = null"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Counter), false),
            "var tags: MutableRealmInt = MutableRealmInt.create(0)"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Date), false),
            "var tags: RealmInstant = RealmInstant.from(0, 0)"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Int), true),
            "var tags: Long? = null"
        );
    }

    #[test]
    fn mapping_and_backlink() {
        let mut s = Schema::new(Side::Client);
        let mut person = ObjectType::new("Person", ObjectKind::TopLevel);
        let mut dogs = Property::new(
            "dogs",
            PropertyType::Value {
                collection: Collection::List,
                element: Element::Object("Dog".into()),
            },
            false,
        );
        dogs.client_name = Some("pets".into());
        person.properties.insert("dogs".into(), dogs.clone());
        s.types.insert("Person".into(), person.clone());
        let mut dog = ObjectType::new("Dog", ObjectKind::TopLevel);
        let owners = Property::new(
            "owners",
            PropertyType::LinkingObjects {
                object_type: "Person".into(),
                property: "dogs".into(),
            },
            false,
        );
        dog.properties.insert("owners".into(), owners.clone());
        s.types.insert("Dog".into(), dog.clone());
        assert_eq!(
            property_declaration(&s, &person, &dogs, Sdk::Kotlin),
            "@PersistedName(\"dogs\")\nvar pets: RealmList<Dog> = realmListOf()"
        );
        assert_eq!(
            property_declaration(&s, &dog, &owners, Sdk::Kotlin),
            "val owners: RealmResults<Person> by backlinks(Person::pets)"
        );
    }
}
