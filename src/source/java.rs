//! Realm Java (`io.realm`, the legacy Java SDK, 10.x), read from `.java` files with the
//! tree-sitter Java grammar. What the annotation processor treats as a model, as documented in
//! the Realm Java API reference (https://www.mongodb.com/docs/realm-sdks/java/latest/):
//!
//! - `class Dog extends RealmObject`, or `@RealmClass class Dog implements RealmModel`;
//!   `@RealmClass(embedded = true)` makes it embedded; `@RealmClass("x")` / `@RealmClass(name = "x")`
//!   renames the class, `@RealmClass(fieldNamingPolicy = RealmNamingPolicy.X)` every field.
//! - Every field is persisted except `static` and `transient` ones and those marked `@Ignore`.
//! - `@PrimaryKey`, `@Index`, `@Required`, `@RealmField("x")` / `@RealmField(name = "x")`,
//!   `@LinkingObjects("field") final RealmResults<Person> owners`.
//! - Types: `boolean`, `byte`/`short`/`int`/`long`, `float`, `double` (primitives: required) and their
//!   boxed forms, `String`, `Date`, `byte[]`, `Decimal128`, `ObjectId`, `UUID`, `MutableRealmInteger`
//!   (nullable unless `@Required`; also as primary key: "String, Byte, Short, Integer, Long, ObjectId
//!   and UUID are also allowed, and further permitted to have null as a primary key value");
//!   `RealmAny` (always nullable); a model class (a to-one link, nullable); `RealmList<T>`,
//!   `RealmSet<T>`, `RealmDictionary<T>` (elements nullable unless `@Required`; object elements never).

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, all, named, parse_float, parse_number, preorder,
    quoted_body, unescape,
};
use crate::diagnostic::kinds;
use crate::model::{Collection, ObjectKind, ScalarType};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: false,
    paren_interpolation: false,
    braced_unicode: false,
    short_unicode: true,
    hex: false,
    octal: true,
};

/// A reference type the SDK stores, by simple name: (scalar, nullable without `@Required`).
pub(crate) fn boxed_scalar(name: &str) -> Option<ScalarType> {
    crate::sdk::JAVA.scalar_named(name)
}

fn primitive(src: &Src, n: Node) -> Option<ScalarType> {
    match n.kind() {
        "boolean_type" => Some(ScalarType::Bool),
        "integral_type" => match src.text(n) {
            "char" => None,
            _ => Some(ScalarType::Int),
        },
        "floating_point_type" => match src.text(n) {
            "float" => Some(ScalarType::Float),
            _ => Some(ScalarType::Double),
        },
        _ => None,
    }
}

/// `RealmNamingPolicy` of Realm Java: how a Java name becomes the internal name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamingPolicy {
    Identity,
    CamelCase,
    PascalCase,
    LowerCaseWithUnderscores,
}

impl NamingPolicy {
    pub(crate) fn parse(text: &str) -> Option<Option<NamingPolicy>> {
        Some(match text.rsplit('.').next()?.trim() {
            "NO_POLICY" => None,
            "IDENTITY" => Some(NamingPolicy::Identity),
            "CAMEL_CASE" => Some(NamingPolicy::CamelCase),
            "PASCAL_CASE" => Some(NamingPolicy::PascalCase),
            "LOWER_CASE_WITH_UNDERSCORES" => Some(NamingPolicy::LowerCaseWithUnderscores),
            _ => return None,
        })
    }

    /// The internal name of `name` under this policy (the word rules of the `RealmNamingPolicy`
    /// reference: words split at `_` and `$`, at a lower-to-upper case switch, before the last of
    /// several capitals followed by a lower-case letter; a leading Hungarian `m` before a capital
    /// is dropped).
    pub fn apply(self, name: &str) -> String {
        if self == NamingPolicy::Identity {
            return name.to_string();
        }
        let words = words(name);
        let cap = |w: &str| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect::<String>(),
                None => String::new(),
            }
        };
        match self {
            NamingPolicy::Identity => name.to_string(),
            NamingPolicy::CamelCase => words
                .iter()
                .enumerate()
                .map(|(i, w)| if i == 0 { w.to_lowercase() } else { cap(w) })
                .collect(),
            NamingPolicy::PascalCase => words.iter().map(|w| cap(w)).collect(),
            NamingPolicy::LowerCaseWithUnderscores => {
                words.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join("_")
            }
        }
    }
}

fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    // Hungarian notation: `mFirstName` → `FirstName`.
    let start = if chars.len() > 1 && chars[0] == 'm' && chars[1].is_uppercase() {
        1
    } else {
        0
    };
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for i in start..chars.len() {
        let c = chars[i];
        if c == '_' || c == '$' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(&prev) = cur.chars().last().as_ref() {
            let lower_to_upper = prev.is_lowercase() && c.is_uppercase();
            let caps_then_lower =
                prev.is_uppercase() && c.is_uppercase() && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if lower_to_upper || caps_then_lower {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// One annotation: simple name, the single unnamed argument, and named arguments.
struct Annotation<'t> {
    name: String,
    value: Option<Node<'t>>,
    pairs: Vec<(String, Node<'t>)>,
    node: Node<'t>,
}

fn annotations<'t>(src: &Src, decl: Node<'t>) -> Vec<Annotation<'t>> {
    let Some(m) = named(decl).into_iter().find(|c| c.kind() == "modifiers") else {
        return Vec::new();
    };
    named(m)
        .into_iter()
        .filter(|a| matches!(a.kind(), "annotation" | "marker_annotation"))
        .filter_map(|a| {
            let name = a.child_by_field_name("name")?;
            let simple = src.text(name).rsplit('.').next().unwrap_or("").trim().to_string();
            let mut value = None;
            let mut pairs = Vec::new();
            if let Some(args) = a.child_by_field_name("arguments") {
                for arg in named(args) {
                    if arg.kind() == "element_value_pair" {
                        if let (Some(k), Some(v)) = (arg.child_by_field_name("key"), arg.child_by_field_name("value")) {
                            pairs.push((src.text(k).to_string(), v));
                        }
                    } else if !matches!(arg.kind(), "line_comment" | "block_comment") {
                        value = Some(arg);
                    }
                }
            }
            Some(Annotation {
                name: simple,
                value,
                pairs,
                node: a,
            })
        })
        .collect()
}

impl<'t> Annotation<'t> {
    /// `@A(x)` or `@A(value = x)` / `@A(name = x)`.
    fn arg(&self, keys: &[&str]) -> Option<Node<'t>> {
        self.value.or_else(|| {
            self.pairs
                .iter()
                .find(|(k, _)| keys.contains(&k.as_str()))
                .map(|(_, v)| *v)
        })
    }
    fn pair(&self, key: &str) -> Option<Node<'t>> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
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
        "decimal_integer_literal" | "hex_integer_literal" | "octal_integer_literal" | "binary_integer_literal" => {
            let t = text.trim_end_matches(['l', 'L']);
            if n.kind() == "octal_integer_literal" && t.len() > 1 {
                i64::from_str_radix(&t.replace('_', "")[1..], 8).ok().map(Lit::Int)
            } else {
                parse_number(t)
            }
        }
        "decimal_floating_point_literal" => parse_float(text).map(Lit::Float),
        "true" => Some(Lit::Bool(true)),
        "false" => Some(Lit::Bool(false)),
        "null_literal" => Some(Lit::Null),
        "unary_expression" => {
            let op = n.child_by_field_name("operator").map(|o| src.text(o));
            let arg = n.child_by_field_name("operand")?;
            match op {
                Some("-") if src.text(arg).trim_end_matches(['l', 'L']) == "9223372036854775808" => {
                    Some(Lit::Int(i64::MIN))
                }
                Some("-") => literal(src, arg)?.negate(),
                Some("+") => literal(src, arg),
                _ => None,
            }
        }
        "parenthesized_expression" => literal(src, named(n).into_iter().next()?),
        _ => None,
    }
}

/// The simple name of a class type node and its type arguments.
fn class_type<'t>(src: &Src, n: Node<'t>) -> Option<(String, Vec<Node<'t>>)> {
    match n.kind() {
        "type_identifier" => Some((src.text(n).to_string(), Vec::new())),
        "scoped_type_identifier" => {
            let last = named(n).into_iter().rev().find(|c| c.kind() == "type_identifier")?;
            Some((src.text(last).to_string(), Vec::new()))
        }
        "generic_type" => {
            let parts = named(n);
            let base = parts.iter().find(|c| c.kind() != "type_arguments")?;
            let (name, _) = class_type(src, *base)?;
            let args = parts
                .iter()
                .find(|c| c.kind() == "type_arguments")
                .map(|a| {
                    named(*a)
                        .into_iter()
                        .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
                        .collect()
                })
                .unwrap_or_default();
            Some((name, args))
        }
        "annotated_type" => class_type(src, *named(n).last()?),
        _ => None,
    }
}

pub(super) fn read(src: &mut Src, root: Node) {
    for n in preorder(root) {
        if n.kind() != "class_declaration" {
            continue;
        }
        read_class(src, n);
    }
}

/// A `@RealmModule` with a naming policy renames the persisted names of its classes; syncplan does
/// not apply module policies (the module may list classes of other files): say so at the module.
fn module_policy(src: &mut Src, n: Node, anns: &[Annotation]) {
    let Some(m) = anns.iter().find(|a| a.name == "RealmModule") else {
        return;
    };
    // Any policy but NO_POLICY / IDENTITY (or one not read) may rename.
    let changes = |key: &str| {
        m.pair(key).is_some_and(|v| {
            !matches!(
                NamingPolicy::parse(src.text(v)),
                Some(None | Some(NamingPolicy::Identity))
            )
        })
    };
    if !(changes("classNamingPolicy") || changes("fieldNamingPolicy")) {
        return;
    }
    let Some(name_node) = n.child_by_field_name("name") else {
        return;
    };
    let name = src.text(name_node).to_string();
    src.report(
        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
        &name,
        name_node,
        "@RealmModule naming policies (classNamingPolicy / fieldNamingPolicy) are not applied: the persisted names of the module's classes are read without them",
    );
}

fn read_class(src: &mut Src, n: Node) {
    let extends_realm_object = n
        .child_by_field_name("superclass")
        .and_then(|s| named(s).into_iter().next())
        .and_then(|t| class_type(src, t))
        .is_some_and(|(name, _)| crate::sdk::JAVA.kind_of_base(&name).is_some());
    let implements_model = n
        .child_by_field_name("interfaces")
        .map(|i| {
            preorder(i)
                .into_iter()
                .filter(|c| matches!(c.kind(), "type_identifier" | "scoped_type_identifier" | "generic_type"))
                .filter_map(|c| class_type(src, c))
                .any(|(name, _)| name == "RealmModel")
        })
        .unwrap_or(false);
    let anns = annotations(src, n);
    module_policy(src, n, &anns);
    let realm_class = anns.iter().find(|a| a.name == "RealmClass");
    let Some(name_node) = n.child_by_field_name("name") else {
        return;
    };
    let name = src.text(name_node).to_string();
    if !extends_realm_object && !implements_model {
        return;
    }
    if implements_model && !extends_realm_object && realm_class.is_none() {
        // Realm Java's annotation processor only sees `@RealmClass` classes (RealmObject carries
        // it, inherited): this is not a model class.
        return;
    }
    let mut kind = ObjectKind::TopLevel;
    let mut persisted = None;
    let mut policy: Option<NamingPolicy> = None;
    if let Some(rc) = realm_class {
        if let Some(e) = rc.pair("embedded") {
            match src.text(e) {
                "true" => kind = ObjectKind::Embedded,
                "false" => {}
                other => {
                    let m = format!(
                        "@RealmClass(embedded = {other}) is not a boolean literal; the class is read as a top-level type"
                    );
                    src.report(&kinds::SOURCE_UNSUPPORTED_CONSTRUCT, &name, e, m);
                }
            }
        }
        if let Some(v) = rc.arg(&["value", "name"]) {
            match string(src, v) {
                Some(s) if !s.is_empty() => persisted = Some(s),
                Some(_) => {}
                None => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &name,
                    v,
                    "@RealmClass name is not a string literal; the class name is used as the type name",
                ),
            }
        }
        if let Some(p) = rc.pair("fieldNamingPolicy") {
            match NamingPolicy::parse(src.text(p)) {
                Some(pol) => policy = pol,
                None => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &name,
                    p,
                    "fieldNamingPolicy is not a RealmNamingPolicy constant; field names are read unchanged",
                ),
            }
        }
    }
    let mut class = RawClass {
        code_name: name.clone(),
        aliases: Vec::new(),
        persisted,
        kind,
        location: src.loc(name_node),
        props: Vec::new(),
    };
    if let Some(body) = n.child_by_field_name("body") {
        for m in named(body) {
            match m.kind() {
                "field_declaration" => field(src, &name, policy, m, &mut class.props),
                "ERROR" => {
                    let text = super::common::one_line(src.text(m));
                    src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        &name,
                        m,
                        format!(
                            "a member the Java grammar cannot parse (`{text}`) is not read; the class may be incomplete"
                        ),
                    );
                }
                _ => {}
            }
        }
    }
    src.out.classes.push(class);
}

fn modifier_words<'a>(src: &Src<'a>, decl: Node) -> Vec<&'a str> {
    named(decl)
        .into_iter()
        .find(|c| c.kind() == "modifiers")
        .map(|m| {
            all(m)
                .into_iter()
                .filter(|c| !c.is_named())
                .map(|c| src.text(c))
                .collect()
        })
        .unwrap_or_default()
}

/// The element of a collection or a single value: (element, nullable before `@Required`).
fn element(src: &Src, t: Node) -> Result<(RawElem, bool), String> {
    if let Some(s) = primitive(src, t) {
        return Ok((RawElem::Scalar(s), false));
    }
    if t.kind() == "array_type" {
        let elem = t.child_by_field_name("element");
        let dims = t
            .child_by_field_name("dimensions")
            .map(|d| src.text(d).replace(char::is_whitespace, ""));
        if elem.is_some_and(|e| src.text(e) == "byte") && dims.as_deref() == Some("[]") {
            return Ok((RawElem::Scalar(ScalarType::Data), true));
        }
        return Err(format!(
            "type `{}` is not a Realm field type (only byte[] is)",
            src.text(t)
        ));
    }
    match class_type(src, t) {
        Some((name, args)) if args.is_empty() => Ok(match boxed_scalar(&name) {
            Some(s) => (RawElem::Scalar(s), true),
            None => (RawElem::Class(name), true),
        }),
        _ => Err(format!("type `{}` is not a Realm field type", src.text(t))),
    }
}

fn field(src: &mut Src, class: &str, policy: Option<NamingPolicy>, n: Node, out: &mut Vec<RawProp>) {
    let words = modifier_words(src, n);
    if words.iter().any(|w| *w == "static" || *w == "transient") {
        return;
    }
    let anns = annotations(src, n);
    let has = |a: &str| anns.iter().any(|x| x.name == a);
    if has("Ignore") {
        return;
    }
    let Some(t) = n.child_by_field_name("type") else {
        return;
    };
    let mut c = n.walk();
    let declarators: Vec<Node> = n.children_by_field_name("declarator", &mut c).collect();
    for d in declarators {
        let Some(name_node) = d.child_by_field_name("name") else {
            continue;
        };
        let name = src.text(name_node).to_string();
        let path = format!("{class}.{name}");
        if d.child_by_field_name("dimensions").is_some() {
            src.report(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                &path,
                name_node,
                format!("`{name}`: C-style array declarators are not read; the field is left out"),
            );
            continue;
        }
        if let Some(p) = property(src, policy, &anns, t, d, name_node, &name, &path) {
            out.push(p);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn property(
    src: &mut Src,
    policy: Option<NamingPolicy>,
    anns: &[Annotation],
    t: Node,
    declarator: Node,
    name_node: Node,
    name: &str,
    path: &str,
) -> Option<RawProp> {
    let has = |a: &str| anns.iter().any(|x| x.name == a);
    let required = has("Required");
    let loc = src.loc(name_node);
    let mut persisted = None;
    if let Some(rf) = anns.iter().find(|a| a.name == "RealmField") {
        match rf.arg(&["value", "name"]).and_then(|v| string(src, v)) {
            Some(s) if !s.is_empty() => persisted = Some(s),
            _ => src.report(
                &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                path,
                rf.node,
                "@RealmField without a string literal name; the field name is used",
            ),
        }
    }
    if persisted.is_none()
        && let Some(p) = policy
    {
        let internal = p.apply(name);
        if internal != name {
            persisted = Some(internal);
        }
    }
    // Backlinks.
    if let Some(lo) = anns.iter().find(|a| a.name == "LinkingObjects") {
        let origin_prop = lo.arg(&["value"]).and_then(|v| string(src, v));
        let origin = class_type(src, t).filter(|(n, a)| n == "RealmResults" && a.len() == 1);
        return match (origin_prop, origin) {
            (Some(prop), Some((_, args))) => match class_type(src, args[0]) {
                Some((origin_class, a)) if a.is_empty() => {
                    let mut p = RawProp::new(
                        name,
                        RawType::Backlink {
                            origin_class,
                            origin_prop: prop,
                        },
                        loc,
                    );
                    p.persisted = persisted;
                    Some(p)
                }
                _ => {
                    src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        path,
                        t,
                        "@LinkingObjects on a RealmResults whose element is not a model class; the field is left out",
                    );
                    None
                }
            },
            _ => {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    name_node,
                    "@LinkingObjects needs a string literal field name and a RealmResults<T> type; the field is left out",
                );
                None
            }
        };
    }
    let ty = match class_type(src, t) {
        Some((cname, args)) if !args.is_empty() => {
            let collection = match (cname.as_str(), args.len()) {
                ("RealmList", 1) => Collection::List,
                ("RealmSet", 1) => Collection::Set,
                ("RealmDictionary", 1) => Collection::Dictionary,
                _ => {
                    src.report(
                        &kinds::SOURCE_UNRESOLVED_TYPE,
                        path,
                        t,
                        format!(
                            "`{name}`: type `{}` is not a Realm field type; the field is left out",
                            src.text(t)
                        ),
                    );
                    return None;
                }
            };
            match element(src, args[0]) {
                Ok((elem, nullable)) => {
                    let optional = match elem {
                        RawElem::Class(_) => false,
                        RawElem::Scalar(ScalarType::Mixed) => true,
                        RawElem::Scalar(_) => nullable && !required,
                    };
                    RawType::Value {
                        collection,
                        elem,
                        optional,
                    }
                }
                Err(what) => {
                    src.report(
                        &kinds::SOURCE_UNRESOLVED_TYPE,
                        path,
                        t,
                        format!("`{name}`: {what}; the field is left out"),
                    );
                    return None;
                }
            }
        }
        _ => match element(src, t) {
            Ok((elem, nullable)) => RawType::Value {
                collection: Collection::Single,
                optional: match elem {
                    RawElem::Class(_) => true,
                    _ => nullable && !required,
                },
                elem,
            },
            Err(what) => {
                src.report(
                    &kinds::SOURCE_UNRESOLVED_TYPE,
                    path,
                    t,
                    format!("`{name}`: {what}; the field is left out"),
                );
                return None;
            }
        },
    };
    let mut p = RawProp::new(name, ty, loc);
    p.persisted = persisted;
    p.primary_key = has("PrimaryKey");
    p.indexed = has("Index");
    if let Some(init) = declarator.child_by_field_name("value") {
        match &p.ty {
            RawType::Value {
                collection: Collection::Single,
                elem: RawElem::Scalar(s),
                optional,
            } => {
                let lit = if *s == ScalarType::Counter {
                    counter_literal(src, init)
                } else {
                    literal(src, init)
                };
                // A counter field is final, so always initialised: `valueOf(0)` on a required
                // counter is its empty value, not a chosen default (as in Kotlin).
                let empty_counter = *s == ScalarType::Counter && !*optional && lit == Some(Lit::Int(0));
                if !empty_counter {
                    src.apply_default(&mut p, path, init, lit);
                }
            }
            RawType::Value {
                collection: Collection::Single,
                ..
            } => {
                let lit = literal(src, init);
                src.apply_default(&mut p, path, init, lit);
            }
            RawType::Value { .. } => {
                // `new RealmList<>()` only creates the (always non-null) collection.
                let is_new_empty = init.kind() == "object_creation_expression"
                    && init
                        .child_by_field_name("arguments")
                        .is_some_and(|a| named(a).is_empty());
                if !is_new_empty && literal(src, init) != Some(Lit::Null) {
                    src.not_literal(
                        path,
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

/// `MutableRealmInteger.valueOf(5)` / `.ofNull()`.
fn counter_literal(src: &Src, n: Node) -> Option<Lit> {
    if n.kind() != "method_invocation" {
        return None;
    }
    let object = n.child_by_field_name("object").map(|o| src.text(o))?;
    let method = n.child_by_field_name("name").map(|o| src.text(o))?;
    if object.rsplit('.').next() != Some("MutableRealmInteger") {
        return None;
    }
    let args = named(n.child_by_field_name("arguments")?);
    match (method, args.as_slice()) {
        ("ofNull", []) => Some(Lit::Null),
        ("valueOf", [a]) => match literal(src, *a)? {
            Lit::Int(i) => Some(Lit::Int(i)),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_policies() {
        use NamingPolicy::*;
        assert_eq!(LowerCaseWithUnderscores.apply("firstName"), "first_name");
        assert_eq!(LowerCaseWithUnderscores.apply("mFirstName"), "first_name");
        assert_eq!(LowerCaseWithUnderscores.apply("URLValue"), "url_value");
        assert_eq!(CamelCase.apply("first_name"), "firstName");
        assert_eq!(CamelCase.apply("$First$Name"), "firstName");
        assert_eq!(PascalCase.apply("firstName"), "FirstName");
        assert_eq!(Identity.apply("mFirstName"), "mFirstName");
        assert_eq!(NamingPolicy::parse("RealmNamingPolicy.NO_POLICY"), Some(None));
        assert_eq!(NamingPolicy::parse("RealmNamingPolicy.BOGUS"), None);
    }
}
