//! Client side: a Realm JS `ObjectSchema` list (JSON or YAML) → `model::Schema`.
//!
//! Accepted top-level shapes: `[ObjectSchema, ...]`, `{"schema": [...]}`,
//! `{"schemaVersion": N, "schema": [...]}`, or one `ObjectSchema`. Property types are shorthand
//! strings (`"string?"`, `"int[]"`, `"Dog<>"`, `"float{}"`) or objects (`type`, `objectType`,
//! `optional`, `indexed`, `mapTo`, `default`, `property`).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, kinds};
use crate::input::value::{Node, Pos, Value};
use crate::input::{InputKind, LoadError, Loaded, entry_span, location, span};
use crate::mapping;
use crate::model::{Collection, Element, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema, Side};

pub fn load(node: &Node, file: &str) -> Result<Loaded, LoadError> {
    let mut schema = Schema::new(Side::Client);
    let mut diags = Vec::new();
    let single = std::slice::from_ref(node);
    let list: &[Node] = if let Some(a) = node.as_array() {
        a
    } else if let Some(s) = node.get("schema") {
        let a = s.as_array().ok_or_else(|| {
            LoadError::new(
                file,
                s.pos,
                format!("\"schema\" must be an array of object schemas, found {}", s.kind_name()),
            )
        })?;
        if let Some(v) = node.get("schemaVersion") {
            let n = match &v.value {
                Value::Number(n) => n.parse::<u64>().ok(),
                _ => None,
            };
            schema.schema_version = Some(n.ok_or_else(|| {
                LoadError::new(
                    file,
                    v.pos,
                    format!(
                        "\"schemaVersion\" must be a non-negative integer, found {}",
                        v.kind_name()
                    ),
                )
            })?);
        }
        a
    } else {
        single
    };
    for obj in list {
        let t = object_schema(obj, file, &mut diags)?;
        if let Some(prev) = schema.types.get(&t.name) {
            let at = prev.location.as_ref().map(|l| l.to_string()).unwrap_or_default();
            return Err(LoadError::new(
                file,
                obj.pos,
                format!("object type \"{}\" is declared twice (first at {at})", t.name),
            ));
        }
        schema.types.insert(t.name.clone(), t);
    }
    Ok(Loaded {
        schema,
        root: file.to_string(),
        kind: InputKind::RealmModel,
        diagnostics: diags,
    })
}

fn object_schema(node: &Node, file: &str, diags: &mut Vec<Diagnostic>) -> Result<ObjectType, LoadError> {
    if node.as_object().is_none() {
        return Err(LoadError::new(
            file,
            node.pos,
            format!(
                "expected an object schema ({{\"name\": ..., \"properties\": {{...}}}}), found {}",
                node.kind_name()
            ),
        ));
    }
    let name = match node.get("name") {
        Some(n) => n.as_str().ok_or_else(|| {
            LoadError::new(
                file,
                n.pos,
                format!("\"name\" must be a string, found {}", n.kind_name()),
            )
        })?,
        None => return Err(LoadError::new(file, node.pos, "object schema has no \"name\"")),
    };
    if name.is_empty() {
        return Err(LoadError::new(file, node.key_pos("name"), "object type name is empty"));
    }
    let flag = |k: &str| -> Result<bool, LoadError> {
        match node.get(k) {
            None => Ok(false),
            Some(v) => v.as_bool().ok_or_else(|| {
                LoadError::new(
                    file,
                    v.pos,
                    format!("\"{k}\" must be true or false, found {}", v.kind_name()),
                )
            }),
        }
    };
    let embedded = flag("embedded")?;
    let asymmetric = flag("asymmetric")?;
    if embedded && asymmetric {
        return Err(LoadError::new(
            file,
            node.key_pos("asymmetric"),
            format!("\"{name}\" cannot be both embedded and asymmetric"),
        ));
    }
    let kind = if embedded {
        ObjectKind::Embedded
    } else if asymmetric {
        ObjectKind::Asymmetric
    } else {
        ObjectKind::TopLevel
    };
    let mut ty = ObjectType::new(name, kind);
    ty.location = span(file, node);
    let props = match node.get("properties") {
        Some(p) => p.as_object().ok_or_else(|| {
            LoadError::new(
                file,
                p.pos,
                format!("\"properties\" must be an object, found {}", p.kind_name()),
            )
        })?,
        None => {
            return Err(LoadError::new(
                file,
                node.pos,
                format!("object schema \"{name}\" has no \"properties\""),
            ));
        }
    };
    let mut by_public: BTreeMap<String, String> = BTreeMap::new();
    for (pname, kpos, pnode) in props {
        let mut prop = property(pname, pnode, file)?;
        prop.location = entry_span(file, *kpos, pnode);
        by_public.insert(pname.clone(), prop.name.clone());
        if let Some(existing) = ty.properties.get(&prop.name) {
            diags.push(Diagnostic::new(
                &kinds::DUPLICATE_PROPERTY_NAME,
                format!("{name}.{}", prop.name),
                location(file, *kpos),
                format!(
                    "\"{pname}\" and \"{}\" both persist as \"{}\"",
                    existing.public_name(),
                    prop.name
                ),
            ));
            continue;
        }
        ty.properties.insert(prop.name.clone(), prop);
    }
    // realm-core: a public name (alias) must not equal another property's persisted name.
    for (public, persisted) in &by_public {
        if public != persisted && ty.properties.contains_key(public) {
            let other = &ty.properties[public];
            diags.push(Diagnostic::new(
                &kinds::DUPLICATE_PROPERTY_NAME,
                format!("{name}.{public}"),
                other.location.clone(),
                format!("\"{public}\" is the SDK name of the property persisted as \"{persisted}\" and also the persisted name of another property"),
            ));
        }
    }
    if let Some(pk) = node.get("primaryKey") {
        let pk_name = pk.as_str().ok_or_else(|| {
            LoadError::new(
                file,
                pk.pos,
                format!("\"primaryKey\" must be a property name, found {}", pk.kind_name()),
            )
        })?;
        match by_public.get(pk_name) {
            // A primary key is always indexed; `indexed` records only explicit indexes.
            Some(persisted) => ty.primary_key = Some(persisted.clone()),
            None => {
                return Err(LoadError::new(
                    file,
                    pk.pos,
                    format!("primaryKey \"{pk_name}\" is not a property of \"{name}\""),
                ));
            }
        }
    }
    Ok(ty)
}

fn property(public: &str, node: &Node, file: &str) -> Result<Property, LoadError> {
    let (ty, optional) = match &node.value {
        Value::String(s) => {
            shorthand(s).map_err(|m| LoadError::new(file, node.pos, format!("property \"{public}\": {m}")))?
        }
        Value::Object(_) => object_form(public, node, file)?,
        _ => {
            return Err(LoadError::new(
                file,
                node.pos,
                format!(
                    "property \"{public}\" must be a type string (\"string?\", \"int[]\") or an object with \"type\", found {}",
                    node.kind_name()
                ),
            ));
        }
    };
    let mut prop = Property::new(public, ty, optional);
    if let Value::Object(_) = &node.value {
        if let Some(m) = node.get("mapTo") {
            let persisted = m.as_str().ok_or_else(|| {
                LoadError::new(
                    file,
                    m.pos,
                    format!("\"mapTo\" must be a string, found {}", m.kind_name()),
                )
            })?;
            if persisted != public {
                prop.name = persisted.to_string();
                prop.client_name = Some(public.to_string());
            }
        }
        if let Some(i) = node.get("indexed") {
            prop.indexed = match &i.value {
                Value::Bool(b) => *b,
                Value::String(s) if s == "full-text" => true,
                _ => {
                    return Err(LoadError::new(
                        file,
                        i.pos,
                        format!(
                            "\"indexed\" must be true, false or \"full-text\", found {}",
                            i.kind_name()
                        ),
                    ));
                }
            };
        }
        if let Some(d) = node.get("default") {
            prop.default = Some(d.to_json());
        }
    }
    // Realm JS: mixed and to-one links are always optional; dictionary values that are objects too.
    normalize_optional(&mut prop);
    Ok(prop)
}

fn normalize_optional(prop: &mut Property) {
    match &prop.ty {
        PropertyType::Value {
            collection: Collection::Single | Collection::Dictionary,
            element: Element::Object(_),
        } => prop.optional = true,
        PropertyType::Value {
            element: Element::Scalar(ScalarType::Mixed),
            ..
        } => prop.optional = true,
        _ => {}
    }
}

fn element_of(name: &str) -> Element {
    match mapping::from_realm_js(name) {
        Some(s) => Element::Scalar(s),
        None => Element::Object(name.to_string()),
    }
}

const RESERVED_TYPE_WORDS: &[&str] = &["list", "set", "dictionary", "object", "linkingObjects"];

fn check_base(base: &str) -> Result<(), String> {
    if base.is_empty() {
        return Err("the element type must be specified (e.g. \"mixed{}\", not \"{}\")".into());
    }
    if RESERVED_TYPE_WORDS.contains(&base) {
        return Err(format!("\"{base}\" needs the object form with \"objectType\""));
    }
    if base == "decimal" {
        return Err("unknown type \"decimal\": did you mean \"decimal128\"?".into());
    }
    let valid = base.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && base
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    if !valid {
        return Err(format!("\"{base}\" is not a type name"));
    }
    Ok(())
}

/// Parses a Realm JS shorthand type: `T`, `T?`, `T[]`, `T?[]`, `T<>`, `T?<>`, `T{}`, `T?{}`.
pub fn shorthand(s: &str) -> Result<(PropertyType, bool), String> {
    for suffix in ["[]?", "<>?", "{}?"] {
        if let Some(base) = s.strip_suffix(suffix) {
            return Err(format!(
                "cannot parse type \"{s}\": a collection itself cannot be optional (it is empty instead); for nullable elements write \"{base}?{}\"",
                &suffix[..2]
            ));
        }
    }
    let (rest, collection) = if let Some(r) = s.strip_suffix("[]") {
        (r, Collection::List)
    } else if let Some(r) = s.strip_suffix("<>") {
        (r, Collection::Set)
    } else if let Some(r) = s.strip_suffix("{}") {
        (r, Collection::Dictionary)
    } else {
        (s, Collection::Single)
    };
    let (base, optional) = match rest.strip_suffix('?') {
        Some(b) => (b, true),
        None => (rest, false),
    };
    check_base(base).map_err(|m| format!("cannot parse type \"{s}\": {m}"))?;
    Ok((
        PropertyType::Value {
            collection,
            element: element_of(base),
        },
        optional,
    ))
}

fn object_form(public: &str, node: &Node, file: &str) -> Result<(PropertyType, bool), LoadError> {
    let err = |pos: Pos, m: String| LoadError::new(file, pos, format!("property \"{public}\": {m}"));
    let ty = node
        .get("type")
        .ok_or_else(|| err(node.pos, "object form needs \"type\"".into()))?;
    let ty_s = ty
        .as_str()
        .ok_or_else(|| err(ty.pos, format!("\"type\" must be a string, found {}", ty.kind_name())))?;
    let optional = match node.get("optional") {
        None => None,
        Some(o) => Some(o.as_bool().ok_or_else(|| {
            err(
                o.pos,
                format!("\"optional\" must be true or false, found {}", o.kind_name()),
            )
        })?),
    };
    let object_type = match node.get("objectType") {
        None => None,
        Some(o) => Some(o.as_str().ok_or_else(|| {
            err(
                o.pos,
                format!("\"objectType\" must be a string, found {}", o.kind_name()),
            )
        })?),
    };
    let need_ot = |what: &str| -> Result<&str, LoadError> {
        let ot = object_type.ok_or_else(|| err(ty.pos, format!("type \"{what}\" needs \"objectType\"")))?;
        // objectType may itself carry `?` (optional elements) in lenient inputs.
        Ok(ot)
    };
    let coll = |c: Collection| -> Result<(PropertyType, bool), LoadError> {
        let ot = need_ot(ty_s)?;
        let (base, q) = match ot.strip_suffix('?') {
            Some(b) => (b, true),
            None => (ot, false),
        };
        check_base(base).map_err(|m| err(node.key_pos("objectType"), m))?;
        Ok((
            PropertyType::Value {
                collection: c,
                element: element_of(base),
            },
            optional.unwrap_or(false) || q,
        ))
    };
    match ty_s {
        "list" => coll(Collection::List),
        "set" => coll(Collection::Set),
        "dictionary" => coll(Collection::Dictionary),
        "object" => {
            let ot = need_ot("object")?;
            check_base(ot).map_err(|m| err(node.key_pos("objectType"), m))?;
            Ok((
                PropertyType::Value {
                    collection: Collection::Single,
                    element: element_of(ot),
                },
                true,
            ))
        }
        "linkingObjects" => {
            let ot = need_ot("linkingObjects")?;
            let p = node.get("property").and_then(Node::as_str).ok_or_else(|| {
                err(
                    node.pos,
                    "type \"linkingObjects\" needs \"property\" (the link in objectType)".into(),
                )
            })?;
            Ok((
                PropertyType::LinkingObjects {
                    object_type: ot.to_string(),
                    property: p.to_string(),
                },
                false,
            ))
        }
        other => {
            let (t, q) = shorthand(other).map_err(|m| err(ty.pos, m))?;
            Ok((t, optional.unwrap_or(false) || q))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthand_forms() {
        let (t, o) = shorthand("string?").unwrap();
        assert_eq!(t, PropertyType::single(ScalarType::String));
        assert!(o);
        let (t, o) = shorthand("int?[]").unwrap();
        assert_eq!(
            t,
            PropertyType::Value {
                collection: Collection::List,
                element: Element::Scalar(ScalarType::Int)
            }
        );
        assert!(o);
        let (t, _) = shorthand("Dog<>").unwrap();
        assert_eq!(
            t,
            PropertyType::Value {
                collection: Collection::Set,
                element: Element::Object("Dog".into())
            }
        );
        let (t, _) = shorthand("float{}").unwrap();
        assert_eq!(
            t,
            PropertyType::Value {
                collection: Collection::Dictionary,
                element: Element::Scalar(ScalarType::Float)
            }
        );
        assert!(shorthand("{}").is_err());
        assert!(shorthand("int[]?").is_err());
        assert!(shorthand("int[][]").is_err());
        assert!(shorthand("decimal").is_err());
        assert!(shorthand("").is_err());
        assert!(shorthand("list").is_err());
    }
}
