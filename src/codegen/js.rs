//! JavaScript and TypeScript (`realm` v12+), https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/model-data/define-a-realm-object-model/: `class Task extends Realm.Object<Task>`
//! with a `static schema` (`Realm.ObjectSchema`); TS adds the field declarations (`name!: string;`).
//! The keys of `properties` are the JS names; `mapTo` carries the persisted name.

use super::{Case, Cx, Decl, Elem, Lit, Output, Shape, Style};
use crate::mapping;
use crate::model::{Collection, ObjectKind, ObjectType, Property, ScalarType};

pub(crate) static STYLE: Style = Style {
    comment: "//",
    // Words that cannot name a class (members may use any name).
    keywords: crate::sdk::JS.keywords,
    member_keywords: false,
    can_remap: true,
    escape: None,
    // `Realm.Object` members (realm v12 `Object.d.ts`).
    reserved_members: &[
        "__proto__",
        "_objectId",
        "_objectKey",
        "addListener",
        "constructor",
        "entries",
        "getPropertyType",
        "isValid",
        "keys",
        "linkingObjects",
        "linkingObjectsCount",
        "objectSchema",
        "removeAllListeners",
        "removeListener",
        "toJSON",
    ],
    reserved_types: &[
        "Array",
        "ArrayBuffer",
        "BigInt",
        "Boolean",
        "Date",
        "Error",
        "Function",
        "JSON",
        "Map",
        "Math",
        "Number",
        "Object",
        "Promise",
        "Realm",
        "schema",
        "Set",
        "String",
        "Symbol",
    ],
    case: Case::AsIs,
    persisted_members: false,
    quote_members: true,
    persisted_primary_key: true,
    dollar: true,
    digit_prefix: "_",
    member_not_class_name: false,
};

fn string_lit(s: &str) -> String {
    super::quoted(s, '"', &[], super::ctl_u4)
}

fn literal(lit: &Lit) -> String {
    match lit {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) => i.to_string(),
        Lit::Float(f) => f.clone(),
        Lit::Str(s) => string_lit(s),
    }
}

/// The Realm JS type name of an element (`int`, `Dog`).
fn realm_element(elem: Elem) -> String {
    match elem {
        Elem::Scalar(s) => mapping::realm_name(s).to_string(),
        Elem::Link(t) | Elem::Embedded(t) => t.to_string(),
    }
}

/// The schema entry of one property: `name: "string",` or `name: { type: ..., ... },`.
pub(crate) fn schema_entry(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let mut d = Decl::default();
    let name = super::member_ident(cx, owner, p, &mut d);
    let shape = super::shape(cx.schema, p, &mut d);
    let pk = super::is_primary_key(owner, p, &mut d);
    if pk && p.client_name.is_some() && name.bare == p.name {
        d.warn(format!(
            "Realm JS looks the primary key up by its JS name but core by its persisted name, so a remapped key does not line up: the key is named \"{}\" (its client name \"{}\" is left out)",
            p.name,
            p.public_name()
        ));
    }
    let indexed = super::wants_index(owner, p, &shape, &mut d);
    let default = super::default_literal(p, &shape, true, &mut d);
    let map_to = (name.bare != p.name).then(|| string_lit(&p.name));
    let value = match shape {
        Shape::Backlink {
            origin_type,
            origin_prop,
        } => {
            // realm-js passes `property` to core unchanged and core looks the origin up by its
            // persisted name (`property_for_name`), so a remapped origin is named as persisted.
            let origin = cx
                .schema
                .types
                .get(origin_type)
                .and_then(|t| super::origin_property(t, origin_prop))
                .map(|op| op.name.clone())
                .unwrap_or_else(|| origin_prop.to_string());
            let mut parts = vec![
                "type: \"linkingObjects\"".to_string(),
                format!("objectType: {}", string_lit(origin_type)),
                format!("property: {}", string_lit(&origin)),
            ];
            if let Some(m) = &map_to {
                parts.push(format!("mapTo: {m}"));
            }
            format!("{{ {} }}", parts.join(", "))
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            let scalar_elem = matches!(elem, Elem::Scalar(s) if s != ScalarType::Mixed);
            if map_to.is_none() && !indexed && default.is_none() {
                let base = realm_element(elem);
                let q = match elem {
                    Elem::Scalar(_) if optional && scalar_elem => "?",
                    Elem::Link(_) | Elem::Embedded(_) if collection == Collection::Single => "?",
                    _ => "",
                };
                let suffix = match collection {
                    Collection::Single => "",
                    Collection::List => "[]",
                    Collection::Set => "<>",
                    Collection::Dictionary => "{}",
                };
                string_lit(&format!("{base}{q}{suffix}"))
            } else {
                let mut parts = Vec::new();
                match (collection, elem) {
                    (Collection::Single, Elem::Scalar(ScalarType::Counter)) => {
                        parts.push("type: \"int\"".to_string());
                        parts.push("presentation: \"counter\"".to_string());
                    }
                    (Collection::Single, Elem::Scalar(s)) => {
                        parts.push(format!("type: {}", string_lit(mapping::realm_name(s))))
                    }
                    (Collection::Single, _) => {
                        parts.push("type: \"object\"".to_string());
                        parts.push(format!("objectType: {}", string_lit(&realm_element(elem))));
                    }
                    (c, _) => {
                        let kind = match c {
                            Collection::Set => "set",
                            Collection::Dictionary => "dictionary",
                            _ => "list",
                        };
                        parts.push(format!("type: \"{kind}\""));
                        parts.push(format!("objectType: {}", string_lit(&realm_element(elem))));
                    }
                }
                if optional && scalar_elem {
                    parts.push("optional: true".to_string());
                }
                if indexed {
                    parts.push("indexed: true".to_string());
                }
                if let Some(l) = &default {
                    parts.push(format!("default: {}", literal(l)));
                }
                if let Some(m) = &map_to {
                    parts.push(format!("mapTo: {m}"));
                }
                format!("{{ {} }}", parts.join(", "))
            }
        }
    };
    d.line(format!("{}: {value},", name.code));
    d
}

fn ts_scalar(s: ScalarType) -> &'static str {
    crate::sdk::TS.scalar(s)
}

/// The TypeScript field declaration (`tags!: Realm.List<string>;`), with the warnings of the
/// property (the schema entry in `generate` carries no comments in TS).
pub(crate) fn ts_field(cx: &Cx, owner: &ObjectType, p: &Property) -> Decl {
    let entry = schema_entry(cx, owner, p);
    let mut d = Decl {
        warnings: entry.warnings,
        lines: Vec::new(),
    };
    let name = cx.member(owner, p);
    let mut scratch = Decl::default();
    let line = match super::shape(cx.schema, p, &mut scratch) {
        Shape::Backlink { origin_type, .. } => {
            format!("{}!: Realm.Results<{}>;", name.code, cx.type_ident(origin_type).code)
        }
        Shape::Value {
            collection,
            elem,
            optional,
        } => {
            let base = match elem {
                Elem::Scalar(s) => ts_scalar(s).to_string(),
                Elem::Link(t) | Elem::Embedded(t) => cx.type_ident(t).code,
            };
            let nullable_elem = optional && elem != Elem::Scalar(ScalarType::Mixed);
            let el = if nullable_elem {
                format!("{base} | null")
            } else {
                base.clone()
            };
            match collection {
                Collection::Single if nullable_elem => format!("{}?: {base};", name.code),
                Collection::Single => format!("{}!: {base};", name.code),
                Collection::List => format!("{}!: Realm.List<{el}>;", name.code),
                Collection::Set => format!("{}!: Realm.Set<{el}>;", name.code),
                Collection::Dictionary => format!("{}!: Realm.Dictionary<{el}>;", name.code),
            }
        }
    };
    d.line(line);
    d
}

pub(crate) fn generate(cx: &Cx) -> Output {
    let ts = cx.sdk == super::Sdk::Ts;
    let mut code = format!(
        "// Generated by syncplan: Realm {} object models (realm ≥ 12).\n\nimport Realm from \"realm\";\n",
        if ts { "TypeScript" } else { "JavaScript" }
    );
    let mut warnings = Vec::new();
    let mut classes = Vec::new();
    for t in cx.schema.types.values() {
        let class = cx.type_ident(&t.name);
        code.push('\n');
        if let Some(r) = &class.reason {
            let m = format!("{r}: class `{}`; the schema name stays \"{}\"", class.bare, t.name);
            code.push_str(&super::comment_line("//", &m));
            code.push('\n');
            warnings.push((t.name.clone(), m));
        }
        let props = super::ordered(t);
        if ts {
            code.push_str(&format!("export class {0} extends Realm.Object<{0}> {{\n", class.code));
            for p in &props {
                ts_field(cx, t, p).emit(&mut code, "  ", "//", &super::path(t, p), &mut warnings);
            }
            if !props.is_empty() {
                code.push('\n');
            }
            code.push_str("  static schema: Realm.ObjectSchema = {\n");
        } else {
            code.push_str(&format!("export class {} extends Realm.Object {{\n", class.code));
            code.push_str("  static schema = {\n");
        }
        code.push_str(&format!("    name: {},\n", string_lit(&t.name)));
        match t.kind {
            ObjectKind::Embedded => code.push_str("    embedded: true,\n"),
            ObjectKind::Asymmetric => code.push_str("    asymmetric: true,\n"),
            ObjectKind::TopLevel => {}
        }
        if let Some(pk) = t.primary_key.as_ref().and_then(|k| t.properties.get(k))
            && t.kind != ObjectKind::Embedded
        {
            code.push_str(&format!("    primaryKey: {},\n", string_lit(&cx.member(t, pk).bare)));
        }
        code.push_str("    properties: {\n");
        for p in &props {
            let d = schema_entry(cx, t, p);
            if ts {
                let mut quiet = d;
                quiet.warnings.clear();
                quiet.emit(&mut code, "      ", "//", "", &mut Vec::new());
            } else {
                d.emit(&mut code, "      ", "//", &super::path(t, p), &mut warnings);
            }
        }
        code.push_str("    },\n  };\n}\n");
        classes.push(class.code);
    }
    code.push_str(&format!("\nexport const schema = [{}];\n", classes.join(", ")));
    Output { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::super::{Sdk, property_declaration};
    use crate::model::*;

    use super::super::testing::{decl, v};

    #[test]
    fn shapes() {
        let string = Element::Scalar(ScalarType::String);
        let tags = Property::new("tags", v(Collection::List, string.clone()), false);
        assert_eq!(decl(tags.clone(), Sdk::Ts), "tags!: Realm.List<string>;");
        assert_eq!(decl(tags, Sdk::Js), "tags: \"string[]\",");
        let opt = Property::new("tags", v(Collection::List, Element::Scalar(ScalarType::Int)), true);
        assert_eq!(decl(opt.clone(), Sdk::Ts), "tags!: Realm.List<number | null>;");
        assert_eq!(decl(opt, Sdk::Js), "tags: \"int?[]\",");
        let dog = Property::new("dog", v(Collection::Single, Element::Object("Dog".into())), true);
        assert_eq!(decl(dog.clone(), Sdk::Ts), "dog?: Dog;");
        assert_eq!(decl(dog, Sdk::Js), "dog: \"Dog?\",");
        let mut mapped = Property::new("display_name", PropertyType::single(ScalarType::String), false);
        mapped.client_name = Some("displayName".into());
        mapped.indexed = true;
        assert_eq!(
            decl(mapped.clone(), Sdk::Js),
            "displayName: { type: \"string\", indexed: true, mapTo: \"display_name\" },"
        );
        assert_eq!(decl(mapped, Sdk::Ts), "displayName!: string;");
        let mut counter = Property::new("n", PropertyType::single(ScalarType::Counter), false);
        assert_eq!(decl(counter.clone(), Sdk::Js), "n: \"counter\",");
        counter.default = Some(serde_json::json!(3));
        assert_eq!(
            decl(counter, Sdk::Js),
            "n: { type: \"int\", presentation: \"counter\", default: 3 },"
        );
        let odd = Property::new("first name", PropertyType::single(ScalarType::Bool), false);
        assert_eq!(decl(odd.clone(), Sdk::Ts), "\"first name\"!: boolean;");
        assert_eq!(decl(odd, Sdk::Js), "\"first name\": \"bool\",");
    }

    #[test]
    fn backlink_names_the_persisted_origin() {
        let mut s = Schema::new(Side::Client);
        let mut person = ObjectType::new("Person", ObjectKind::TopLevel);
        let mut dogs = Property::new("dogs", v(Collection::List, Element::Object("Dog".into())), false);
        dogs.client_name = Some("pets".into());
        person.properties.insert("dogs".into(), dogs);
        s.types.insert("Person".into(), person);
        let mut dog = ObjectType::new("Dog", ObjectKind::TopLevel);
        let owners = Property::new(
            "owners",
            PropertyType::LinkingObjects {
                object_type: "Person".into(),
                property: "pets".into(),
            },
            false,
        );
        dog.properties.insert("owners".into(), owners.clone());
        s.types.insert("Dog".into(), dog.clone());
        assert_eq!(
            property_declaration(&s, &dog, &owners, Sdk::Js),
            "owners: { type: \"linkingObjects\", objectType: \"Person\", property: \"dogs\" },"
        );
        assert_eq!(
            property_declaration(&s, &dog, &owners, Sdk::Ts),
            "owners!: Realm.Results<Person>;"
        );
    }
}
