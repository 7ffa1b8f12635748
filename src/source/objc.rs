//! Objective-C (Realm Objective-C, the `Realm` framework of realm-cocoa): `@interface Dog :
//! RLMObject` (or `RLMEmbeddedObject`, `RLMAsymmetricObject`) with `@property` declarations, and
//! the class methods of its `@implementation` (in the same file or the sibling `.m`/`.mm` of a
//! header): `+primaryKey`, `+requiredProperties`, `+indexedProperties`, `+ignoredProperties`,
//! `+linkingObjectsProperties`.
//!
//! Types as the SDK reads them: `BOOL`/`bool`, integer types (`NSInteger`, `int`, `long`,
//! `int64_t`, ...), `float`, `double`/`CGFloat` are required; `NSString *`, `NSDate *`,
//! `NSData *`, `RLMObjectId *`, `RLMDecimal128 *`, `NSUUID *` and `NSNumber<RLMInt> *` (also
//! `RLMBool`, `RLMFloat`, `RLMDouble`) are optional unless named in `+requiredProperties`;
//! `id<RLMValue>` is mixed; a model class pointer is a link; `RLMArray<Dog *><Dog>`,
//! `RLMSet<...><...>` and `RLMDictionary<NSString *, V *><RLMString, V>` take their element from
//! the protocol (the second angle brackets); `RLMLinkingObjects` is a backlink declared by
//! `+linkingObjectsProperties`. `readonly` properties are not persisted.

use std::collections::BTreeMap;
use std::path::Path;

use tree_sitter::Node;

use super::common::{
    Escapes, RawClass, RawElem, RawProp, RawType, Src, Subclass, child, named, preorder, quoted_body, unescape,
};
use crate::diagnostic::kinds;
use crate::model::{Collection, ObjectKind, ScalarType};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: false,
    paren_interpolation: false,
    braced_unicode: false,
    short_unicode: true,
    hex: true,
    octal: true,
};

/// A required scalar written as a C type.
fn primitive(name: &str) -> Option<ScalarType> {
    Some(match name {
        "BOOL" | "bool" => ScalarType::Bool,
        "NSInteger" | "NSUInteger" | "int" | "long" | "short" | "longlong" | "int8_t" | "int16_t" | "int32_t"
        | "int64_t" | "char" => ScalarType::Int,
        "float" => ScalarType::Float,
        "double" | "CGFloat" => ScalarType::Double,
        _ => return None,
    })
}

/// An object type (`NSString *`): nullable unless required.
fn object_scalar(name: &str) -> Option<ScalarType> {
    Some(match name {
        "NSString" => ScalarType::String,
        "NSDate" => ScalarType::Date,
        "NSData" => ScalarType::Data,
        "RLMObjectId" => ScalarType::ObjectId,
        "RLMDecimal128" => ScalarType::Decimal128,
        "NSUUID" => ScalarType::Uuid,
        _ => return None,
    })
}

/// The protocols that name a collection's element or an `NSNumber`'s type.
fn protocol_scalar(name: &str) -> Option<ScalarType> {
    Some(match name {
        "RLMString" => ScalarType::String,
        "RLMInt" => ScalarType::Int,
        "RLMBool" => ScalarType::Bool,
        "RLMFloat" => ScalarType::Float,
        "RLMDouble" => ScalarType::Double,
        "RLMDate" => ScalarType::Date,
        "RLMData" => ScalarType::Data,
        "RLMDecimal128" => ScalarType::Decimal128,
        "RLMObjectId" => ScalarType::ObjectId,
        "RLMUUID" => ScalarType::Uuid,
        "RLMValue" => ScalarType::Mixed,
        _ => return None,
    })
}

/// What an `@implementation` declares in its class methods.
#[derive(Default)]
struct Methods {
    primary_key: Option<String>,
    required: Vec<String>,
    indexed: Vec<String>,
    ignored: Vec<String>,
    /// Backlink property → (origin class, origin property).
    linking: BTreeMap<String, (String, String)>,
    /// Methods whose value could not be read: (method, line).
    unread: Vec<String>,
}

/// The class methods of `@implementation <class>` in a tree.
fn methods(src_text: &str, root: Node, class: &str) -> Option<Methods> {
    let text = |n: Node| src_text.get(n.byte_range()).unwrap_or("");
    let str_of = |n: Node| -> Option<String> {
        if n.kind() != "string_literal" {
            return None;
        }
        let t = text(n);
        unescape(quoted_body(t.strip_prefix('@').unwrap_or(t))?, ESCAPES)
    };
    let imp = preorder(root)
        .into_iter()
        .find(|n| n.kind() == "class_implementation" && child(*n, "identifier").is_some_and(|i| text(i) == class))?;
    let mut out = Methods::default();
    for m in preorder(imp).into_iter().filter(|n| n.kind() == "method_definition") {
        if !text(m).trim_start().starts_with('+') {
            continue;
        }
        let Some(name) = child(m, "identifier").map(text) else {
            continue;
        };
        if !matches!(
            name,
            "primaryKey"
                | "requiredProperties"
                | "indexedProperties"
                | "ignoredProperties"
                | "linkingObjectsProperties"
        ) {
            continue;
        }
        let Some(ret) = preorder(m).into_iter().find(|n| n.kind() == "return_statement") else {
            out.unread.push(name.to_string());
            continue;
        };
        let Some(value) = named(ret).into_iter().next() else {
            out.unread.push(name.to_string());
            continue;
        };
        let strings = |v: Node| -> Option<Vec<String>> {
            if v.kind() != "array_literal" {
                return None;
            }
            named(v).into_iter().map(str_of).collect()
        };
        match name {
            "primaryKey" => match value.kind() {
                "string_literal" => out.primary_key = str_of(value),
                "nil" | "null" => {}
                _ if text(value) == "nil" => {}
                _ => out.unread.push(name.to_string()),
            },
            "linkingObjectsProperties" => {
                let mut ok = value.kind() == "dictionary_literal";
                for pair in named(value).into_iter().filter(|p| p.kind() == "dictionary_pair") {
                    let parts = named(pair);
                    let key = parts.first().and_then(|k| str_of(*k));
                    let msg = parts.get(1).filter(|m| m.kind() == "message_expression");
                    let origin = msg.and_then(|m| {
                        let inner = named(*m);
                        let class = inner
                            .iter()
                            .find(|c| c.kind() == "field_expression" || c.kind() == "message_expression")
                            .map(|c| {
                                let t: String = text(*c).split_whitespace().collect();
                                t.trim_start_matches('[')
                                    .trim_end_matches(']')
                                    .trim_end_matches(".class")
                                    .trim_end_matches("class")
                                    .trim()
                                    .to_string()
                            })?;
                        let prop = inner.iter().rev().find_map(|c| str_of(*c))?;
                        Some((class, prop))
                    });
                    match (key, origin) {
                        (Some(k), Some(o)) => {
                            out.linking.insert(k, o);
                        }
                        _ => ok = false,
                    }
                }
                if !ok {
                    out.unread.push(name.to_string());
                }
            }
            _ => match strings(value) {
                Some(v) => match name {
                    "requiredProperties" => out.required = v,
                    "indexedProperties" => out.indexed = v,
                    _ => out.ignored = v,
                },
                None => out.unread.push(name.to_string()),
            },
        }
    }
    Some(out)
}

/// The implementation of `class`: in this file, else in the `.m`/`.mm` next to a header.
fn implementation(src: &Src, root: Node, class: &str) -> Option<Methods> {
    if let Some(m) = methods(src.text, root, class) {
        return Some(m);
    }
    let path = Path::new(&src.out.file);
    if path.extension().and_then(|e| e.to_str()) != Some("h") {
        return None;
    }
    for ext in ["m", "mm"] {
        let sibling = path.with_extension(ext);
        let Ok(meta) = std::fs::metadata(&sibling) else {
            continue;
        };
        if meta.len() > 4 * 1024 * 1024 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&sibling) else {
            continue;
        };
        let mut parser = tree_sitter::Parser::new();
        if parser
            .set_language(&super::common::grammar(super::Language::ObjectiveC))
            .is_err()
        {
            return None;
        }
        let tree = parser.parse(&text, None)?;
        if let Some(m) = methods(&text, tree.root_node(), class) {
            return Some(m);
        }
    }
    None
}

/// A property's declared type: the type node and whether the declarator is a pointer.
fn declared<'t>(decl: Node<'t>) -> Option<(Node<'t>, Node<'t>, bool)> {
    let parts = named(decl);
    let ty = parts
        .iter()
        .find(|c| {
            matches!(
                c.kind(),
                "type_identifier"
                    | "primitive_type"
                    | "typedefed_specifier"
                    | "generic_specifier"
                    | "sized_type_specifier"
            )
        })
        .copied()?;
    let declarator = parts.iter().find(|c| c.kind() == "struct_declarator").copied()?;
    let pointer = named(declarator).iter().any(|c| c.kind() == "pointer_declarator");
    let name = preorder(declarator).into_iter().find(|c| c.kind() == "identifier")?;
    Some((ty, name, pointer))
}

enum Declared {
    Value(RawType),
    /// A collection whose elements follow `+requiredProperties` (nullable unless named there).
    Collection(Collection, RawElem),
    Backlink,
}

fn property_type(src: &Src, ty: Node, pointer: bool) -> Result<Declared, String> {
    let single = |elem: RawElem, optional: bool| {
        Declared::Value(RawType::Value {
            collection: Collection::Single,
            elem,
            optional,
        })
    };
    let compact: String = src.text(ty).split_whitespace().collect();
    let unknown = || format!("type `{}` is not a Realm property type", src.text(ty));
    match ty.kind() {
        "primitive_type" | "sized_type_specifier" | "type_identifier" | "typedefed_specifier" if !pointer => {
            if let Some(s) = primitive(&compact) {
                return Ok(single(RawElem::Scalar(s), false));
            }
            // `id<RLMValue>`
            if compact == "id<RLMValue>" {
                return Ok(single(RawElem::Scalar(ScalarType::Mixed), true));
            }
            Err(unknown())
        }
        "type_identifier" => {
            let name = src.text(ty).trim();
            if name == "RLMLinkingObjects" {
                return Ok(Declared::Backlink);
            }
            if let Some(s) = object_scalar(name) {
                return Ok(single(RawElem::Scalar(s), true));
            }
            if name == "NSNumber" {
                return Err("`NSNumber *` needs a protocol naming its type (`NSNumber<RLMInt> *`)".into());
            }
            if matches!(name, "RLMArray" | "RLMSet" | "RLMDictionary") {
                return Err(format!(
                    "type `{name}` names no protocol for its elements (write `{name}<Dog *><Dog>`, with `RLM_COLLECTION_TYPE(Dog)`)"
                ));
            }
            if name.starts_with("NS") || name.starts_with("RLM") {
                return Err(unknown());
            }
            Ok(single(RawElem::Class(name.to_string()), true))
        }
        "generic_specifier" if pointer => {
            let name = child(ty, "type_identifier").map(|n| src.text(n)).unwrap_or("");
            let names = named(ty).into_iter().filter(|c| c.kind() == "type_name");
            // The protocols (second angle brackets) tell Realm the element type; the generic
            // arguments (with `*`) are for the compiler only.
            let protocols: Vec<String> = names
                .filter(|t| !named(*t).iter().any(|c| c.kind() == "abstract_pointer_declarator"))
                .map(|t| src.text(t).trim().to_string())
                .collect();
            let elem = |p: &str| match protocol_scalar(p) {
                Some(s) => RawElem::Scalar(s),
                None => RawElem::Class(p.to_string()),
            };
            match (name, protocols.as_slice()) {
                ("NSNumber", [p]) => match protocol_scalar(p) {
                    Some(s @ (ScalarType::Int | ScalarType::Bool | ScalarType::Float | ScalarType::Double)) => {
                        Ok(single(RawElem::Scalar(s), true))
                    }
                    _ => Err(unknown()),
                },
                ("RLMArray", [p]) => Ok(Declared::Collection(Collection::List, elem(p))),
                ("RLMSet", [p]) => Ok(Declared::Collection(Collection::Set, elem(p))),
                ("RLMDictionary", [k, v]) if k == "RLMString" => {
                    Ok(Declared::Collection(Collection::Dictionary, elem(v)))
                }
                ("RLMArray" | "RLMSet" | "RLMDictionary", []) => Err(format!(
                    "`{}` names no protocol for its elements (write `RLMArray<Dog *><Dog>`, with `RLM_COLLECTION_TYPE(Dog)`)",
                    src.text(ty)
                )),
                _ => Err(unknown()),
            }
        }
        _ => Err(unknown()),
    }
}

/// `RLM_COLLECTION_TYPE(Dog)` / `RLM_ARRAY_TYPE(Dog)` are written without a `;` (the macro
/// declares a protocol): not a syntax error.
pub(super) fn tolerated_problem(n: Node, text: &str) -> bool {
    if !n.is_missing() || n.kind() != ";" {
        return false;
    }
    let mut prev = n.prev_sibling();
    while let Some(p) = prev {
        if p.kind() == "macro_type_specifier" || p.kind() == "ERROR" || p.kind() == "expression_statement" {
            let t = text.get(p.byte_range()).unwrap_or("").trim_start();
            return t.starts_with("RLM_COLLECTION_TYPE") || t.starts_with("RLM_ARRAY_TYPE");
        }
        if !p.is_extra() {
            return false;
        }
        prev = p.prev_sibling();
    }
    n.parent().and_then(|p| text.get(p.byte_range())).is_some_and(|t| {
        t.trim_start().starts_with("RLM_COLLECTION_TYPE") || t.trim_start().starts_with("RLM_ARRAY_TYPE")
    })
}

pub(super) fn read(src: &mut Src, root: Node) {
    for n in preorder(root) {
        if n.kind() != "class_interface" {
            continue;
        }
        let Some(superclass) = n.child_by_field_name("superclass") else {
            continue;
        };
        // A subclass of another class: a model when its base is one (resolved in `build`; the
        // Objective-C SDK persists it with the base's properties first).
        let mut base: Option<String> = None;
        let kind = match src.text(superclass) {
            "RLMObject" => ObjectKind::TopLevel,
            "RLMEmbeddedObject" => ObjectKind::Embedded,
            "RLMAsymmetricObject" => ObjectKind::Asymmetric,
            "NSObject" | "RLMObjectBase" => continue,
            other => {
                base = Some(other.to_string());
                ObjectKind::TopLevel
            }
        };
        let Some(name_node) = child(n, "identifier") else {
            continue;
        };
        let diagnostics_before = src.out.diagnostics.len();
        let name = src.text(name_node).to_string();
        let methods = match implementation(src, root, &name) {
            Some(m) => m,
            None => {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &name,
                    name_node,
                    format!("the @implementation of {name} is neither in this file nor in the .m next to it: its +primaryKey, +requiredProperties, +indexedProperties, +ignoredProperties and +linkingObjectsProperties are not read"),
                );
                Methods::default()
            }
        };
        for m in &methods.unread {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                &name,
                name_node,
                format!("+{m} of {name} does not return literals; what it declares is not read"),
            );
        }
        let mut class = RawClass {
            code_name: name.clone(),
            aliases: Vec::new(),
            persisted: None,
            kind,
            location: src.loc(name_node),
            props: Vec::new(),
        };
        for p in named(n).into_iter().filter(|c| c.kind() == "property_declaration") {
            let readonly = child(p, "property_attributes_declaration").is_some_and(|a| {
                src.text(a)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == "readonly")
            });
            let Some(decl) = child(p, "struct_declaration") else {
                continue;
            };
            let Some((ty, pname_node, pointer)) = declared(decl) else {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &name,
                    p,
                    "a @property the reader cannot take apart; it is left out",
                );
                continue;
            };
            let pname = src.text(pname_node).to_string();
            if methods.ignored.contains(&pname) {
                continue;
            }
            let path = format!("{name}.{pname}");
            let required = methods.required.contains(&pname);
            let raw = match property_type(src, ty, pointer) {
                Ok(Declared::Backlink) => match methods.linking.get(&pname) {
                    Some((origin_class, origin_prop)) => RawType::Backlink {
                        origin_class: origin_class.clone(),
                        origin_prop: origin_prop.clone(),
                    },
                    None => {
                        src.report(
                            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                            path,
                            pname_node,
                            format!("`{pname}` is RLMLinkingObjects but +linkingObjectsProperties of {name} does not declare it; the property is left out"),
                        );
                        continue;
                    }
                },
                // `readonly` properties are not persisted (RLMLinkingObjects is always readonly).
                _ if readonly => continue,
                Ok(Declared::Value(RawType::Value {
                    collection,
                    elem,
                    optional,
                })) => RawType::Value {
                    collection,
                    optional: optional && !required,
                    elem,
                },
                Ok(Declared::Value(t)) => t,
                Ok(Declared::Collection(collection, elem)) => RawType::Value {
                    collection,
                    optional: matches!(elem, RawElem::Scalar(_)) && !required,
                    elem,
                },
                Err(what) => {
                    src.report(
                        &kinds::SOURCE_UNRESOLVED_TYPE,
                        path,
                        ty,
                        format!("`{pname}`: {what}; the property is left out"),
                    );
                    continue;
                }
            };
            let mut prop = RawProp::new(&pname, raw, src.loc(pname_node));
            prop.primary_key = methods.primary_key.as_deref() == Some(pname.as_str());
            prop.indexed = methods.indexed.contains(&pname);
            class.props.push(prop);
        }
        if let Some(base) = base {
            // Realm types among its properties: plainly meant as a model.
            let modern = named(n)
                .into_iter()
                .filter(|c| c.kind() == "property_declaration")
                .any(|p| src.text(p).contains("RLM"));
            let diagnostics = src
                .out
                .diagnostics
                .split_off(diagnostics_before.min(src.out.diagnostics.len()));
            src.out.subclasses.push(Subclass {
                class,
                base,
                primary_key: methods.primary_key.clone(),
                modern,
                diagnostics,
            });
            continue;
        }
        // A primary key that is no persisted property: the SDK throws; the key is not read.
        if let Some(missing) = methods
            .primary_key
            .as_ref()
            .filter(|pk| !class.props.iter().any(|c| &&c.code_name == pk))
        {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                &name,
                name_node,
                format!("+primaryKey names `{missing}`, which is not a persisted @property of {name}"),
            );
        }
        src.out.classes.push(class);
    }
}
