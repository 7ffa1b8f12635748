//! C# / .NET (`Realm` NuGet, source generator ≥ 10.18), https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/: `public partial class Task :
//! IRealmObject` with PascalCase properties mapped to the persisted names by `[MapTo]`, nullable
//! reference types on.

use super::{Case, Cx, Decl, Elem, Lit, Output, Shape, Style};
use crate::model::{Collection, ObjectType, Property, ScalarType};

pub(crate) static STYLE: Style = Style {
    comment: "//",
    keywords: crate::sdk::CSHARP.keywords,
    member_keywords: true,
    can_remap: true,
    escape: Some(("@", "")),
    // IRealmObject / generated members and System.Object methods.
    reserved_members: &[
        "Accessor",
        "BacklinksCount",
        "DynamicApi",
        "Equals",
        "Finalize",
        "GetHashCode",
        "GetType",
        "IsFrozen",
        "IsManaged",
        "IsValid",
        "MemberwiseClone",
        "ObjectSchema",
        "PropertyChanged",
        "Realm",
        "ToString",
    ],
    reserved_types: &[
        "Backlink",
        "BacklinkAttribute",
        "Boolean",
        "Byte",
        "DateTimeOffset",
        "Decimal128",
        "Double",
        "Guid",
        "IAsymmetricObject",
        "IDictionary",
        "IEmbeddedObject",
        "IList",
        "Indexed",
        "IndexedAttribute",
        "Int64",
        "IQueryable",
        "IRealmObject",
        "ISet",
        "MapTo",
        "MapToAttribute",
        "MongoDB",
        "Object",
        "ObjectId",
        "PrimaryKey",
        "PrimaryKeyAttribute",
        "Realm",
        "RealmInteger",
        "Realms",
        "RealmValue",
        "Single",
        "String",
        "System",
    ],
    case: Case::Pascal,
    persisted_members: false,
    quote_members: false,
    persisted_primary_key: false,
    dollar: false,
    digit_prefix: "_",
    member_not_class_name: true,
};

fn string_lit(s: &str) -> String {
    super::quoted(s, '"', &[], super::ctl_u4)
}

fn scalar(s: ScalarType) -> &'static str {
    crate::sdk::CSHARP.scalar(s)
}

fn element(cx: &Cx, elem: Elem, optional: bool) -> String {
    match elem {
        Elem::Scalar(ScalarType::Mixed) => "RealmValue".to_string(),
        Elem::Scalar(s) => format!("{}{}", scalar(s), if optional { "?" } else { "" }),
        Elem::Link(t) | Elem::Embedded(t) => format!("{}{}", cx.type_ident(t).code, if optional { "?" } else { "" }),
    }
}

fn literal(lit: &Lit, s: ScalarType) -> String {
    match lit {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) => i.to_string(),
        Lit::Float(f) if s == ScalarType::Float => format!("{f}f"),
        Lit::Float(f) => f.clone(),
        Lit::Str(v) => string_lit(v),
    }
}

pub(crate) fn property(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let mut d = Decl::default();
    let name = super::member_ident(cx, owner, p, &mut d);
    let shape = super::shape(cx.schema, p, &mut d);
    let pk = super::is_primary_key(owner, p, &mut d);
    let indexed = super::wants_index(owner, p, &shape, &mut d);
    let mut attrs = Vec::new();
    if pk {
        attrs.push("PrimaryKey".to_string());
    }
    if indexed {
        attrs.push("Indexed".to_string());
    }
    let line = match shape {
        Shape::Backlink {
            origin_type,
            origin_prop,
        } => {
            let origin = cx
                .origin_member(origin_type, origin_prop)
                .map(|i| i.code)
                .unwrap_or_else(|| super::fallback_ident(&STYLE, origin_prop));
            let class = cx.type_ident(origin_type).code;
            attrs.push(format!("Backlink(nameof({class}.{origin}))"));
            format!("public IQueryable<{class}> {} {{ get; }}", name.code)
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            let lit = super::default_literal(p, &shape, true, &mut d);
            match collection {
                Collection::List => {
                    format!("public IList<{}> {} {{ get; }}", element(cx, elem, optional), name.code)
                }
                Collection::Set => format!("public ISet<{}> {} {{ get; }}", element(cx, elem, optional), name.code),
                Collection::Dictionary => format!(
                    "public IDictionary<string, {}> {} {{ get; }}",
                    element(cx, elem, optional),
                    name.code
                ),
                Collection::Single => {
                    let ty = element(cx, elem, optional);
                    let init = match (&lit, elem) {
                        (Some(l), Elem::Scalar(s)) => format!(" = {};", literal(l, s)),
                        (None, Elem::Scalar(ScalarType::String | ScalarType::Data)) if !optional => {
                            " = null!;".to_string()
                        }
                        _ => String::new(),
                    };
                    format!("public {ty} {} {{ get; set; }}{init}", name.code)
                }
            }
        }
    };
    if name.bare != p.name {
        attrs.push(format!("MapTo({})", string_lit(&p.name)));
    }
    if !attrs.is_empty() {
        d.line(format!("[{}]", attrs.join(", ")));
    }
    d.line(line);
    d
}

pub(crate) fn generate(cx: &Cx) -> Output {
    let mut code = String::from(
        "// Generated by syncplan: Realm .NET object models (Realm ≥ 10.18 source generator).\n\n#nullable enable\n\n",
    );
    code.push_str(
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing MongoDB.Bson;\nusing Realms;\n",
    );
    let mut warnings = Vec::new();
    for t in cx.schema.types.values() {
        let class = cx.type_ident(&t.name);
        code.push('\n');
        if let Some(r) = &class.reason {
            let m = format!(
                "{r}: class `{}` keeps the persisted name \"{}\" through [MapTo]",
                class.bare, t.name
            );
            code.push_str(&super::comment_line("//", &m));
            code.push('\n');
            warnings.push((t.name.clone(), m));
        }
        if class.bare != t.name {
            code.push_str(&format!("[MapTo({})]\n", string_lit(&t.name)));
        }
        let iface = crate::sdk::CSHARP.base(t.kind);
        code.push_str(&format!("public partial class {} : {iface}\n{{\n", class.code));
        let mut first = true;
        for p in super::ordered(t) {
            if !first {
                code.push('\n');
            }
            first = false;
            property(cx, t, p).emit(&mut code, "    ", "//", &super::path(t, p), &mut warnings);
        }
        code.push_str("}\n");
    }
    Output { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::super::{Sdk, property_declaration};
    use crate::model::*;

    fn decl(p: Property) -> String {
        let mut s = Schema::new(Side::Client);
        let mut person = ObjectType::new("Person", ObjectKind::TopLevel);
        let dogs = Property::new(
            "dogs",
            PropertyType::Value {
                collection: Collection::List,
                element: Element::Object("Dog".into()),
            },
            false,
        );
        person.properties.insert("dogs".into(), dogs);
        s.types.insert("Person".into(), person);
        let mut t = ObjectType::new("Dog", ObjectKind::TopLevel);
        t.properties.insert(p.name.clone(), p.clone());
        s.types.insert("Dog".into(), t.clone());
        property_declaration(&s, &t, &p, Sdk::Csharp)
    }

    fn v(collection: Collection, element: Element) -> PropertyType {
        PropertyType::Value { collection, element }
    }

    #[test]
    fn shapes() {
        let string = Element::Scalar(ScalarType::String);
        assert_eq!(
            decl(Property::new("Tags", v(Collection::List, string.clone()), false)),
            "public IList<string> Tags { get; }"
        );
        assert_eq!(
            decl(Property::new("tags", v(Collection::List, string), false)),
            "[MapTo(\"tags\")]\npublic IList<string> Tags { get; }"
        );
        assert_eq!(
            decl(Property::new(
                "Owners",
                PropertyType::LinkingObjects {
                    object_type: "Person".into(),
                    property: "dogs".into()
                },
                false
            )),
            "[Backlink(nameof(Person.Dogs))]\npublic IQueryable<Person> Owners { get; }"
        );
        assert_eq!(
            decl(Property::new("Name", PropertyType::single(ScalarType::String), false)),
            "public string Name { get; set; } = null!;"
        );
        assert_eq!(
            decl(Property::new(
                "Friend",
                v(Collection::Single, Element::Object("Person".into())),
                true
            )),
            "public Person? Friend { get; set; }"
        );
        assert_eq!(
            decl(Property::new("Count", PropertyType::single(ScalarType::Counter), false)),
            "public RealmInteger<long> Count { get; set; }"
        );
        // A member cannot be named like its class.
        assert_eq!(
            decl(Property::new("dog", PropertyType::single(ScalarType::Mixed), true)),
            "// syncplan: \"dog\" clashes with another name once written in code: named `Dog_` in C#/.NET code, mapped to the persisted name \"dog\"\n[MapTo(\"dog\")]\npublic RealmValue Dog_ { get; set; }"
        );
    }

    #[test]
    fn primary_key() {
        let mut s = Schema::new(Side::Client);
        let mut t = ObjectType::new("Task", ObjectKind::TopLevel);
        let p = Property::new("_id", PropertyType::single(ScalarType::ObjectId), false);
        t.properties.insert("_id".into(), p.clone());
        t.primary_key = Some("_id".into());
        s.types.insert("Task".into(), t.clone());
        assert_eq!(
            property_declaration(&s, &t, &p, Sdk::Csharp),
            "[PrimaryKey, MapTo(\"_id\")]\npublic ObjectId Id { get; set; }"
        );
    }
}
