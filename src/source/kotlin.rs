//! Kotlin (`io.realm.kotlin`, SDK 1.x–3.x, and its community forks under renamed packages such as
//! `io.github.xilinjia.krdb`: recognised by the class shapes, never by the package), https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/define-realm-object-model/:
//! `class Dog : RealmObject` / `EmbeddedRealmObject` / `AsymmetricRealmObject`; `@PrimaryKey`,
//! `@Index`, `@FullText`, `@PersistedName` (property and class), `@Ignore` / `@Transient`;
//! `RealmList`, `RealmSet`, `RealmDictionary`; `RealmInstant`, `ObjectId`/`BsonObjectId`,
//! `RealmUUID`, `Decimal128`, `RealmAny`, `MutableRealmInt`;
//! `val owners: RealmResults<Person> by backlinks(Person::dogs)`. Properties may be declared in the
//! primary constructor (`class Dog(var name: String = "") : RealmObject`), and their type may be
//! inferred from the initialiser (`var id = ObjectId()`, `var tags = realmListOf<String>()`,
//! `var rate = 0.0`).
//!
//! The legacy Realm Java API used from Kotlin (`io.realm` imports, `open class Dog : RealmObject()`,
//! or `@RealmClass class Dog : RealmModel`) is read with Realm Java's annotations (`@Required`,
//! `@RealmField`, `@RealmClass(name = ..., embedded = true, fieldNamingPolicy = ...)`,
//! `@LinkingObjects`) and types (`Date`, `UUID`, `MutableRealmInteger`); a non-null Kotlin type is
//! required (the Kotlin compiler marks it `@NotNull`, which Realm Java reads as `@Required`), and
//! the elements of a `RealmList` of values are nullable unless `@Required`.
//!
//! Kotlin needs an initialiser on every property, so an initialiser equal to the type's empty value
//! (`0`, `""`, `false`, `ObjectId()`, `RealmUUID.random()`, `realmListOf()`, ...) is not read as
//! a default; any other literal is.

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, child, named, parse_float, parse_number, preorder,
    quoted_body, unescape,
};
use super::java::NamingPolicy;
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

/// A Realm Java type name as written in Kotlin (legacy API).
fn legacy_scalar(name: &str) -> Option<ScalarType> {
    crate::sdk::JAVA.scalar_named(name).or(match name {
        "Int" => Some(ScalarType::Int),
        "ByteArray" => Some(ScalarType::Data),
        _ => None,
    })
}

fn scalar(name: &str) -> Option<ScalarType> {
    crate::sdk::KOTLIN.scalar_named(name)
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

/// One annotation: simple name and arguments (`name = value` gives the name).
struct Ann<'t> {
    name: String,
    args: Vec<(Option<String>, Node<'t>)>,
}

impl<'t> Ann<'t> {
    /// The first unnamed argument, or the one named by one of `keys`.
    fn arg(&self, keys: &[&str]) -> Option<Node<'t>> {
        self.args
            .iter()
            .find(|(k, _)| k.as_deref().is_none_or(|k| keys.contains(&k)))
            .map(|(_, v)| *v)
    }
    fn named(&self, key: &str) -> Option<Node<'t>> {
        self.args
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, v)| *v)
    }
}

/// Annotations of a declaration (`@field:Required` counts as `Required`).
fn annotations<'t>(src: &Src, n: Node<'t>) -> Vec<Ann<'t>> {
    let Some(m) = child(n, "modifiers") else {
        return Vec::new();
    };
    named(m)
        .into_iter()
        .filter(|a| a.kind() == "annotation")
        .filter_map(|a| {
            let inner = named(a).into_iter().find(|c| c.kind() != "use_site_target")?;
            match inner.kind() {
                "user_type" => user_type(src, inner).map(|(n, _)| Ann {
                    name: n,
                    args: Vec::new(),
                }),
                "constructor_invocation" => {
                    let t = child(inner, "user_type")?;
                    let args = child(inner, "value_arguments")
                        .map(|v| {
                            named(v)
                                .into_iter()
                                .filter(|a| a.kind() == "value_argument")
                                .filter_map(|a| {
                                    let parts = named(a);
                                    let value = *parts.last()?;
                                    let key = (parts.len() > 1 && parts[0].kind() == "identifier")
                                        .then(|| src.text(parts[0]).to_string());
                                    Some((key, value))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    user_type(src, t).map(|(n, _)| Ann { name: n, args })
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
            if !matches!(
                src.text(callee),
                "RealmAny.create" | "MutableRealmInt.create" | "MutableRealmInteger.valueOf"
            ) {
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
        ScalarType::Uuid => text == "RealmUUID.random()" || text == "UUID.randomUUID()",
        ScalarType::Date => matches!(text.as_str(), "RealmInstant.from(0,0)" | "Date(0)"),
        ScalarType::Counter => matches!(
            text.as_str(),
            "MutableRealmInt.create(0)" | "MutableRealmInteger.valueOf(0)" | "MutableRealmInteger.valueOf(0L)"
        ),
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

/// Whether the file imports the legacy Realm Java API (`io.realm.*` outside `io.realm.kotlin`).
fn legacy_imports(src: &Src, root: Node) -> bool {
    let mut imports = Vec::new();
    for n in named(root) {
        match n.kind() {
            "import" => imports.push(n),
            "import_list" => imports.extend(named(n).into_iter().filter(|c| c.kind() == "import")),
            _ => {}
        }
    }
    imports.iter().any(|n| {
        let path: String = src.text(*n).trim_start_matches("import").split_whitespace().collect();
        path.starts_with("io.realm.") && !path.starts_with("io.realm.kotlin.")
    })
}

/// What a class needs while its members are read.
struct ClassCx {
    name: String,
    /// The legacy Realm Java API (annotations and types of `io.realm`).
    legacy: bool,
    /// Realm Java `fieldNamingPolicy` of the class.
    policy: Option<NamingPolicy>,
}

/// A property declared in the class body or in the primary constructor.
struct Member<'t> {
    /// The node holding the modifiers (annotations).
    decl: Node<'t>,
    name_node: Node<'t>,
    ty: Option<Node<'t>>,
    init: Option<Node<'t>>,
    getter: bool,
    delegate: Option<Node<'t>>,
}

fn is_type_node(n: Node) -> bool {
    matches!(
        n.kind(),
        "user_type" | "nullable_type" | "function_type" | "parenthesized_type" | "not_nullable_type"
    )
}

fn body_member<'t>(n: Node<'t>) -> Option<Member<'t>> {
    let decl = child(n, "variable_declaration")?;
    let name_node = child(decl, "identifier")?;
    let ty = named(decl).into_iter().find(|c| c.kind() != "identifier");
    let init = named(n).into_iter().skip_while(|c| *c != decl).skip(1).find(|c| {
        !matches!(
            c.kind(),
            "getter" | "setter" | "property_delegate" | "line_comment" | "block_comment"
        )
    });
    Some(Member {
        decl: n,
        name_node,
        ty,
        init,
        getter: child(n, "getter").is_some(),
        delegate: child(n, "property_delegate"),
    })
}

fn parameter_member<'t>(p: Node<'t>) -> Option<Member<'t>> {
    let parts = named(p);
    let name_node = *parts.iter().find(|c| c.kind() == "identifier")?;
    let ty = parts.iter().copied().find(|c| is_type_node(*c));
    let init = ty.and_then(|t| parts.iter().copied().skip_while(|c| *c != t).nth(1));
    Some(Member {
        decl: p,
        name_node,
        ty,
        init,
        getter: false,
        delegate: None,
    })
}

pub(super) fn read(src: &mut Src, root: Node) {
    let file_legacy = legacy_imports(src, root);
    for n in preorder(root) {
        if n.kind() != "class_declaration" {
            continue;
        }
        // (simple name, written as a constructor call `RealmObject()`)
        let bases: Vec<(String, bool)> = child(n, "delegation_specifiers")
            .map(|d| {
                preorder(d)
                    .into_iter()
                    .filter(|c| c.kind() == "user_type" && c.parent().is_some_and(|p| p.kind() != "type_projection"))
                    .filter_map(|c| {
                        let invoked = c.parent().is_some_and(|p| p.kind() == "constructor_invocation");
                        user_type(src, c).map(|(n, _)| (n, invoked))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let has = |b: &str| bases.iter().any(|(n, _)| n == b);
        let Some(name_node) = n.child_by_field_name("name") else {
            continue;
        };
        let name = ident(src.text(name_node));
        let anns = annotations(src, n);
        if let Some(m) = anns.iter().find(|a| a.name == "RealmModule")
            && ["classNamingPolicy", "fieldNamingPolicy"].iter().any(|k| {
                m.named(k).is_some_and(|v| {
                    !matches!(
                        NamingPolicy::parse(src.text(v)),
                        Some(None | Some(NamingPolicy::Identity))
                    )
                })
            })
        {
            src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                &name,
                name_node,
                "@RealmModule naming policies (classNamingPolicy / fieldNamingPolicy) are not applied: the persisted names of the module's classes are read without them",
            );
        }
        let legacy = has("RealmModel")
            || bases.iter().any(|(b, invoked)| b == "RealmObject" && *invoked)
            || (file_legacy && has("RealmObject"));
        let mut persisted = None;
        let mut policy = None;
        let kind = if legacy {
            let realm_class = anns.iter().find(|a| a.name == "RealmClass");
            if !has("RealmObject") && realm_class.is_none() {
                continue; // Realm Java only reads `@RealmClass` classes (RealmObject carries it)
            }
            let mut kind = ObjectKind::TopLevel;
            if let Some(rc) = realm_class {
                if rc.named("embedded").is_some_and(|e| src.text(e) == "true") {
                    kind = ObjectKind::Embedded;
                }
                if let Some(v) = rc.arg(&["value", "name"]) {
                    match string(src, v) {
                        Some(s) if !s.is_empty() => persisted = Some(s),
                        Some(_) => {}
                        None => src.report(
                            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                            &name,
                            name_node,
                            "@RealmClass name is not a string literal; the class name is used as the type name",
                        ),
                    }
                }
                if let Some(p) = rc.named("fieldNamingPolicy") {
                    match NamingPolicy::parse(src.text(p)) {
                        Some(pol) => policy = pol,
                        None => src.report(
                            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                            &name,
                            name_node,
                            "fieldNamingPolicy is not a RealmNamingPolicy constant; field names are read unchanged",
                        ),
                    }
                }
            }
            kind
        } else if let Some(kind) = bases.iter().find_map(|(b, _)| crate::sdk::KOTLIN.kind_of_base(b)) {
            kind
        } else {
            continue;
        };
        if !legacy {
            for a in &anns {
                if a.name == "PersistedName" {
                    match a.arg(&["name"]).and_then(|v| string(src, v)) {
                        Some(s) => persisted = Some(s),
                        None => src.report(
                            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                            &name,
                            name_node,
                            "@PersistedName without a string literal; the class name is used as the type name",
                        ),
                    }
                }
            }
        }
        let cx = ClassCx {
            name: name.clone(),
            legacy,
            policy,
        };
        let mut class = RawClass {
            code_name: name.clone(),
            aliases: Vec::new(),
            persisted,
            kind,
            location: src.loc(name_node),
            props: Vec::new(),
        };
        let body = child(n, "class_body").or_else(|| child(n, "enum_class_body"));
        if let Some(ctor) = child(n, "primary_constructor") {
            let params: Vec<Node> = preorder(ctor)
                .into_iter()
                .filter(|p| p.kind() == "class_parameter")
                .collect();
            let empty_ctor = body.is_some_and(|b| {
                named(b).into_iter().any(|m| {
                    m.kind() == "secondary_constructor"
                        && child(m, "function_value_parameters").is_some_and(|p| named(p).is_empty())
                })
            });
            for p in params {
                let is_property = super::common::all(p).iter().any(|c| matches!(c.kind(), "var" | "val"));
                let Some(m) = parameter_member(p) else { continue };
                if m.init.is_none() && !empty_ctor {
                    let pname = ident(src.text(m.name_node));
                    src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        format!("{name}.{pname}"),
                        m.name_node,
                        format!(
                            "constructor parameter `{pname}` has no default value, so Kotlin generates no empty constructor, which Realm needs to create objects (give every parameter a default, or declare `constructor()`)"
                        ),
                    );
                }
                if is_property && let Some(prop) = property(src, &cx, m) {
                    class.props.push(prop);
                }
            }
        }
        if let Some(body) = body {
            // Members inside an ERROR node of the body (statement noise the grammar does not
            // know) are still members of the class.
            let mut members = Vec::new();
            for m in named(body) {
                if m.kind() == "ERROR" {
                    members.extend(named(m).into_iter().filter(|c| c.kind() == "property_declaration"));
                } else if m.kind() == "property_declaration" {
                    members.push(m);
                }
            }
            for m in members {
                if let Some(mem) = body_member(m)
                    && let Some(p) = property(src, &cx, mem)
                {
                    class.props.push(p);
                }
            }
        }
        src.out.classes.push(class);
    }
}

/// The type of a property without a declared type, from its initialiser (`ObjectId()`,
/// `RealmInstant.now()`, `realmListOf<String>()`, `0.0`, ...).
fn infer(src: &Src, init: Node, legacy: bool, required: bool) -> Result<RawType, String> {
    let single = |s: ScalarType| {
        Ok(RawType::Value {
            collection: Collection::Single,
            elem: RawElem::Scalar(s),
            optional: s == ScalarType::Mixed,
        })
    };
    let cannot = || {
        Err(format!(
            "has no declared type and its type cannot be inferred from `{}`",
            super::common::one_line(src.text(init))
        ))
    };
    match init.kind() {
        "string_literal" => single(ScalarType::String),
        "number_literal" => single(ScalarType::Int),
        "float_literal" => {
            let t = src.text(init);
            let hex = t.starts_with("0x") || t.starts_with("0X");
            if !hex && (t.ends_with('f') || t.ends_with('F')) {
                single(ScalarType::Float)
            } else {
                single(ScalarType::Double)
            }
        }
        "unary_expression" => match init.child_by_field_name("argument") {
            Some(a) if matches!(a.kind(), "number_literal" | "float_literal") => infer(src, a, legacy, required),
            _ => cannot(),
        },
        "boolean_literal" => single(ScalarType::Bool),
        "identifier" if matches!(src.text(init), "true" | "false") => single(ScalarType::Bool),
        "call_expression" => {
            let Some(callee) = named(init).into_iter().next() else {
                return cannot();
            };
            let callee_text: String = src.text(callee).split_whitespace().collect();
            let type_args: Vec<Node> = child(init, "type_arguments")
                .map(|a| {
                    named(a)
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
            let collection = match (callee_text.as_str(), legacy) {
                ("realmListOf", false) | ("RealmList", true) => Some(Collection::List),
                ("realmSetOf", false) | ("RealmSet", true) => Some(Collection::Set),
                ("realmDictionaryOf", false) | ("RealmDictionary", true) => Some(Collection::Dictionary),
                _ => None,
            };
            if let Some(collection) = collection {
                let [arg] = type_args.as_slice() else {
                    return Err(format!(
                        "has no declared type and `{}` names no element type",
                        super::common::one_line(src.text(init))
                    ));
                };
                let (elem, nullable) = element(src, *arg, legacy)?;
                let optional = match (&elem, legacy) {
                    (RawElem::Scalar(ScalarType::Mixed), _) => true,
                    (RawElem::Scalar(_), true) => !required,
                    (RawElem::Class(_), true) => false,
                    (_, false) => nullable,
                };
                return Ok(RawType::Value {
                    collection,
                    elem,
                    optional,
                });
            }
            let s = match (callee_text.as_str(), legacy) {
                ("ObjectId" | "BsonObjectId" | "ObjectId.create" | "ObjectId.invoke", _) => ScalarType::ObjectId,
                ("RealmInstant.now" | "RealmInstant.from", false) => ScalarType::Date,
                ("Date", true) => ScalarType::Date,
                ("RealmUUID.random" | "RealmUUID.from", false) => ScalarType::Uuid,
                ("UUID.randomUUID" | "UUID.fromString", true) => ScalarType::Uuid,
                ("Decimal128" | "BsonDecimal128", _) => ScalarType::Decimal128,
                ("MutableRealmInt.create", false) => ScalarType::Counter,
                ("MutableRealmInteger.valueOf" | "MutableRealmInteger.ofNull", true) => ScalarType::Counter,
                ("byteArrayOf" | "ByteArray", _) => ScalarType::Data,
                _ => return cannot(),
            };
            single(s)
        }
        _ => cannot(),
    }
}

fn property(src: &mut Src, cx: &ClassCx, m: Member) -> Option<RawProp> {
    let class = cx.name.as_str();
    let name_node = m.name_node;
    let name = ident(src.text(name_node));
    let path = format!("{class}.{name}");
    let annotations = annotations(src, m.decl);
    let has = |a: &str| annotations.iter().any(|x| x.name == a);
    if has("Ignore") || has("Transient") {
        return None;
    }
    let modifiers = child(m.decl, "modifiers").map(|x| src.text(x)).unwrap_or("");
    let words: Vec<&str> = modifiers.split_whitespace().collect();
    if words.contains(&"const") {
        return None; // a compile-time constant has no backing field in the object
    }
    if words.contains(&"lateinit") && !cx.legacy {
        src.report(
            &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
            path,
            name_node,
            "`lateinit` properties are rejected by the Realm Kotlin compiler plugin; the property is left out",
        );
        return None;
    }
    let init = m.init;
    if m.getter && init.is_none() {
        return None; // a custom getter without a backing field: not persisted (as by the SDK)
    }
    let required = cx.legacy && has("Required");
    let loc = src.loc(name_node);
    if cx.legacy
        && let Some(lo) = annotations.iter().find(|a| a.name == "LinkingObjects")
    {
        let origin_prop = lo.arg(&["value"]).and_then(|v| string(src, v));
        let inner = m.ty.map(|t| {
            if t.kind() == "nullable_type" {
                named(t).into_iter().next().unwrap_or(t)
            } else {
                t
            }
        });
        let origin = inner
            .and_then(|t| user_type(src, t))
            .filter(|(n, a)| n == "RealmResults" && a.len() == 1)
            .and_then(|(_, a)| user_type(src, a[0]))
            .filter(|(_, a)| a.is_empty())
            .map(|(n, _)| n);
        return match (origin_prop, origin) {
            (Some(prop), Some(origin_class)) => Some(RawProp::new(
                &name,
                RawType::Backlink {
                    origin_class,
                    origin_prop: prop,
                },
                loc,
            )),
            _ => {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    name_node,
                    "@LinkingObjects needs a string literal field name and a RealmResults<T> type; the property is left out",
                );
                None
            }
        };
    }
    if let Some(d) = m.delegate {
        let Some(t) = m.ty else {
            src.report(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                path,
                name_node,
                format!("`{name}` has no declared type; the property is left out"),
            );
            return None;
        };
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
    let ty = match (m.ty, init) {
        (Some(t), _) => type_of(src, t, cx.legacy, required),
        (None, Some(i)) => infer(src, i, cx.legacy, required),
        (None, None) => Err(format!("`{name}` has no declared type")),
    };
    let ty = match ty {
        Ok(ty) => ty,
        Err(what) => {
            let at = m.ty.unwrap_or(name_node);
            let what = if what.starts_with('`') {
                what
            } else if what.starts_with("has ") {
                format!("`{name}` {what}")
            } else {
                format!("`{name}`: {what}")
            };
            src.report(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                path,
                at,
                format!("{what}; the property is left out"),
            );
            return None;
        }
    };
    let mut p = RawProp::new(&name, ty, loc);
    for a in &annotations {
        match a.name.as_str() {
            "PrimaryKey" => p.primary_key = true,
            "Index" | "FullText" => p.indexed = true,
            "PersistedName" if !cx.legacy => match a.arg(&["name"]).and_then(|v| string(src, v)) {
                Some(s) => p.persisted = Some(s),
                None => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &path,
                    name_node,
                    "@PersistedName without a string literal; the property name is used",
                ),
            },
            "RealmField" if cx.legacy => match a.arg(&["value", "name"]).and_then(|v| string(src, v)) {
                Some(s) if !s.is_empty() => p.persisted = Some(s),
                _ => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &path,
                    name_node,
                    "@RealmField without a string literal name; the property name is used",
                ),
            },
            _ => {}
        }
    }
    if p.persisted.is_none()
        && let Some(policy) = cx.policy
    {
        let internal = policy.apply(&name);
        if internal != name {
            p.persisted = Some(internal);
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
            RawType::Value { .. } => {
                let empty_call = init.kind() == "call_expression"
                    && named(init).first().is_some_and(|f| {
                        matches!(
                            src.text(*f),
                            "realmListOf"
                                | "realmSetOf"
                                | "realmDictionaryOf"
                                | "RealmList"
                                | "RealmSet"
                                | "RealmDictionary"
                        )
                    })
                    && child(init, "value_arguments").is_some_and(|a| named(a).is_empty());
                if !empty_call && literal(src, init) != Some(Lit::Null) {
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

fn element(src: &Src, t: Node, legacy: bool) -> Result<(RawElem, bool), String> {
    let (inner, optional) = if t.kind() == "nullable_type" {
        (
            named(t).into_iter().next().ok_or("a nullable type without a type")?,
            true,
        )
    } else {
        (t, false)
    };
    let scalar_of = if legacy { legacy_scalar } else { scalar };
    match user_type(src, inner) {
        Some((name, args)) if args.is_empty() => Ok((
            match scalar_of(&name) {
                Some(s) => RawElem::Scalar(s),
                None => RawElem::Class(name),
            },
            optional,
        )),
        _ => Err(format!("type `{}` is not a Realm property type", src.text(t))),
    }
}

/// The declared type. Legacy Realm Java: `@Required` makes a value (or a list's values) required,
/// and list values are nullable without it whatever the Kotlin type argument says.
fn type_of(src: &Src, t: Node, legacy: bool, required: bool) -> Result<RawType, String> {
    let inner = if legacy && t.kind() == "nullable_type" {
        // `RealmList<String>?`: the collection itself is never null in Realm Java.
        named(t).into_iter().next().unwrap_or(t)
    } else {
        t
    };
    if let Some((name, args)) = user_type(src, inner)
        && !args.is_empty()
    {
        let collection = match (name.as_str(), args.len()) {
            ("RealmList", 1) => Collection::List,
            ("RealmSet", 1) => Collection::Set,
            ("RealmDictionary", 1) => Collection::Dictionary,
            _ => return Err(format!("type `{}` is not a Realm property type", src.text(t))),
        };
        let (elem, nullable) = element(src, args[0], legacy)?;
        let optional = match (&elem, legacy) {
            (RawElem::Scalar(ScalarType::Mixed), _) => true,
            (RawElem::Scalar(_), true) => !required,
            (RawElem::Class(_), true) => false,
            (_, false) => nullable,
        };
        return Ok(RawType::Value {
            collection,
            elem,
            optional,
        });
    }
    let (elem, optional) = element(src, t, legacy)?;
    Ok(RawType::Value {
        collection: Collection::Single,
        optional: optional && !required,
        elem,
    })
}
