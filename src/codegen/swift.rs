//! Swift (RealmSwift ≥10.10, `@Persisted` syntax), https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/.

use super::{Case, Cx, Decl, Elem, Lit, Output, Shape, Style};
use crate::model::{Collection, ObjectType, Property, ScalarType};

pub(crate) static STYLE: Style = Style {
    comment: "//",
    keywords: crate::sdk::SWIFT.keywords,
    member_keywords: true,
    can_remap: true,
    escape: Some(("`", "`")),
    // NSObject / RealmSwift.Object members, and words backticks do not rescue.
    reserved_members: &[
        "className",
        "debugDescription",
        "deinit",
        "description",
        "freeze",
        "hash",
        "hashValue",
        "init",
        "isFrozen",
        "isInvalidated",
        "isSameObject",
        "objectSchema",
        "observe",
        "Protocol",
        "realm",
        "self",
        "Self",
        "thaw",
        "Type",
    ],
    reserved_types: &[
        "Any",
        "AnyObject",
        "AnyRealmValue",
        "Array",
        "AsymmetricObject",
        "Bool",
        "Data",
        "Date",
        "Decimal128",
        "Dictionary",
        "Double",
        "EmbeddedObject",
        "Float",
        "Int",
        "LinkingObjects",
        "List",
        "Map",
        "MutableSet",
        "Object",
        "ObjectId",
        "Optional",
        "Persisted",
        "Protocol",
        "Realm",
        "Self",
        "Set",
        "String",
        "Type",
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

fn scalar(s: ScalarType, d: &mut Decl) -> &'static str {
    if s == ScalarType::Counter {
        d.warn("Swift has no counter type: generated as Int (concurrent increments are not merged)");
    }
    crate::sdk::SWIFT.scalar(s)
}

/// The element type inside a collection or a single value.
fn element(cx: &Cx, elem: Elem, optional: bool, d: &mut Decl) -> String {
    let (base, may_be_optional) = match elem {
        Elem::Scalar(s) => (scalar(s, d).to_string(), s != ScalarType::Mixed),
        Elem::Link(t) | Elem::Embedded(t) => (cx.type_ident(t).code, true),
    };
    if optional && may_be_optional {
        format!("{base}?")
    } else {
        base
    }
}

fn literal(lit: &Lit, mixed: bool) -> String {
    let plain = match lit {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) => i.to_string(),
        Lit::Float(f) => f.clone(),
        Lit::Str(s) => super::quoted(s, '"', &[], super::ctl_braced),
    };
    if !mixed {
        return plain;
    }
    match lit {
        Lit::Bool(_) => format!(".bool({plain})"),
        Lit::Int(_) => format!(".int({plain})"),
        Lit::Float(_) => format!(".double({plain})"),
        Lit::Str(_) => format!(".string({plain})"),
    }
}

pub(crate) fn property(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let mut d = Decl::default();
    let name = super::member_ident(cx, owner, p, &mut d);
    let shape = super::shape(cx.schema, p, &mut d);
    let pk = super::is_primary_key(owner, p, &mut d);
    let mut indexed = super::wants_index(owner, p, &shape, &mut d);
    match shape {
        Shape::Backlink {
            origin_type,
            origin_prop,
        } => {
            let origin = cx
                .origin_member(origin_type, origin_prop)
                .map(|i| i.bare)
                .unwrap_or_else(|| origin_prop.to_string());
            d.line(format!(
                "@Persisted(originProperty: {}) var {}: LinkingObjects<{}>",
                super::quoted(&origin, '"', &[], super::ctl_braced),
                name.code,
                cx.type_ident(origin_type).code
            ));
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            if indexed && elem == Elem::Scalar(ScalarType::Mixed) {
                d.warn("Swift cannot index AnyRealmValue: the index is left out");
                indexed = false;
            }
            let ty = match collection {
                Collection::Single => element(cx, elem, optional, &mut d),
                Collection::List => format!("List<{}>", element(cx, elem, optional, &mut d)),
                Collection::Set => format!("MutableSet<{}>", element(cx, elem, optional, &mut d)),
                Collection::Dictionary => format!("Map<String, {}>", element(cx, elem, optional, &mut d)),
            };
            let init = super::default_literal(p, &shape, true, &mut d)
                .map(|l| format!(" = {}", literal(&l, elem == Elem::Scalar(ScalarType::Mixed))))
                .unwrap_or_default();
            let attr = if pk {
                "@Persisted(primaryKey: true)"
            } else if indexed {
                "@Persisted(indexed: true)"
            } else {
                "@Persisted"
            };
            d.line(format!("{attr} var {}: {ty}{init}", name.code));
        }
    }
    d
}

pub(crate) fn generate(cx: &Cx) -> Output {
    let mut code = String::from("// Generated by syncplan: Realm Swift object models (RealmSwift ≥ 10.10).\n\n");
    code.push_str("import Foundation\nimport RealmSwift\n");
    let mut warnings = Vec::new();
    for t in cx.schema.types.values() {
        let class = cx.type_ident(&t.name);
        code.push('\n');
        if let Some(r) = &class.reason {
            let m = format!(
                "{r}: class `{}` keeps the persisted name \"{}\" through `_realmObjectName()`, an underscored (unofficial) RealmSwift API",
                class.bare, t.name
            );
            code.push_str(&super::comment_line("//", &m));
            code.push('\n');
            warnings.push((t.name.clone(), m));
        }
        let base = crate::sdk::SWIFT.base(t.kind);
        code.push_str(&format!("class {}: {base} {{\n", class.code));
        let mut mapping = Vec::new();
        for p in super::ordered(t) {
            let d = property(cx, t, p);
            let m = cx.member(t, p);
            if m.bare != p.name {
                mapping.push((m.bare.clone(), p.name.clone()));
            }
            d.emit(&mut code, "    ", "//", &super::path(t, p), &mut warnings);
        }
        if class.reason.is_some() {
            code.push_str(&format!(
                "\n    override class func _realmObjectName() -> String? {{\n        {}\n    }}\n",
                super::quoted(&t.name, '"', &[], super::ctl_braced)
            ));
        }
        if !mapping.is_empty() {
            code.push_str("\n    override class func propertiesMapping() -> [String: String] {\n        [\n");
            for (swift, persisted) in mapping {
                code.push_str(&format!(
                    "            {}: {},\n",
                    super::quoted(&swift, '"', &[], super::ctl_braced),
                    super::quoted(&persisted, '"', &[], super::ctl_braced)
                ));
            }
            code.push_str("        ]\n    }\n");
        }
        code.push_str("}\n");
    }
    Output { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::super::{Sdk, property_declaration};
    use crate::model::*;

    fn decl(ty: PropertyType, optional: bool) -> String {
        let mut s = Schema::new(Side::Client);
        let mut dog = ObjectType::new("Dog", ObjectKind::TopLevel);
        dog.properties.insert(
            "name".into(),
            Property::new("name", PropertyType::single(ScalarType::String), false),
        );
        s.types.insert("Dog".into(), dog);
        let mut t = ObjectType::new("Task", ObjectKind::TopLevel);
        let p = Property::new("tags", ty, optional);
        t.properties.insert("tags".into(), p.clone());
        s.types.insert("Task".into(), t.clone());
        property_declaration(&s, &t, &p, Sdk::Swift)
    }

    fn v(collection: Collection, element: Element) -> PropertyType {
        PropertyType::Value { collection, element }
    }

    #[test]
    fn shapes() {
        let string = Element::Scalar(ScalarType::String);
        assert_eq!(
            decl(v(Collection::List, string.clone()), false),
            "@Persisted var tags: List<String>"
        );
        assert_eq!(
            decl(v(Collection::Set, string.clone()), true),
            "@Persisted var tags: MutableSet<String?>"
        );
        assert_eq!(
            decl(v(Collection::Dictionary, Element::Object("Dog".into())), true),
            "@Persisted var tags: Map<String, Dog?>"
        );
        assert_eq!(
            decl(v(Collection::Single, Element::Object("Dog".into())), true),
            "@Persisted var tags: Dog?"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Mixed), true),
            "@Persisted var tags: AnyRealmValue"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Int), true),
            "@Persisted var tags: Int?"
        );
        assert_eq!(
            decl(PropertyType::single(ScalarType::Counter), false),
            "// syncplan: Swift has no counter type: generated as Int (concurrent increments are not merged)\n@Persisted var tags: Int"
        );
    }

    #[test]
    fn primary_key_keyword_and_mapping() {
        let mut s = Schema::new(Side::Client);
        let mut t = ObjectType::new("Task", ObjectKind::TopLevel);
        let mut id = Property::new("_id", PropertyType::single(ScalarType::ObjectId), false);
        id.client_name = Some("id".into());
        t.properties.insert("_id".into(), id.clone());
        let kw = Property::new("default", PropertyType::single(ScalarType::String), false);
        t.properties.insert("default".into(), kw.clone());
        t.primary_key = Some("_id".into());
        s.types.insert("Task".into(), t.clone());
        assert_eq!(
            property_declaration(&s, &t, &id, Sdk::Swift),
            "@Persisted(primaryKey: true) var id: ObjectId"
        );
        assert_eq!(
            property_declaration(&s, &t, &kw, Sdk::Swift),
            "@Persisted var `default`: String"
        );
        let code = super::super::generate(&s, Sdk::Swift);
        assert!(code.contains("override class func propertiesMapping() -> [String: String] {\n        [\n            \"id\": \"_id\",\n        ]\n    }"), "{code}");
    }
}
