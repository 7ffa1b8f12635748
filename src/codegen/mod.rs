//! CODEGEN: complete client model source for the Realm SDKs (Swift, Kotlin, JS/TS, Dart, C#, C++, Java) from a `model::Schema`, offline
//! (what the App Services UI "SDK data models" page produces), with warnings for whatever an SDK
//! cannot express.
//!
//! Sources: https://www.mongodb.com/docs/atlas/device-sdks/ (cheat-sheet) and https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/–https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/ (per-SDK forms). Every generator:
//! - writes the types sorted by name (C++: backlink origins first, see `cpp.rs`), the primary key
//!   first and then the properties in the model's order (sorted by persisted name);
//! - keeps the **persisted** names (the sync identity) and remaps SDK-side names where the SDK
//!   can (`propertiesMapping`, `@PersistedName`, `mapTo`, `@MapTo`, `[MapTo]`);
//! - never fails: what cannot be expressed is written with the nearest type, a `// syncplan:`
//!   comment and a warning.
//!
//! Nothing here trusts the schema content: names are sanitised into identifiers, strings are
//! escaped for each language, and comments are kept on one line.

pub mod cpp;
pub mod csharp;
pub mod dart;
pub mod java;
pub mod js;
pub mod kotlin;
pub mod swift;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::mapping;
use crate::model::{Collection, Element, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema};

/// The client SDKs models can be generated for (JS and TS share one generator): the SDK table's enum.
pub use crate::sdk::Sdk;

/// A complete model source file for `sdk`. Deterministic: types sorted by name (C++: backlink
/// origins before their targets), primary key first, then the model's property order.
pub fn generate(schema: &Schema, sdk: Sdk) -> String {
    render(schema, sdk).code
}

/// The declaration of one property exactly as `generate` writes it inside its class: one or more
/// lines (`// syncplan:` comments for warnings, annotations, the member), without indentation
/// and without a trailing newline. Swift's `propertiesMapping()` is class-level and not included.
pub fn property_declaration(schema: &Schema, owner: &ObjectType, p: &Property, sdk: Sdk) -> String {
    Declarer::new(schema, sdk).property(owner, p)
}

/// `property_declaration` for many properties of one schema: computes the identifiers of the
/// whole schema once (the planner renders hundreds of declarations per SDK).
pub struct Declarer<'a> {
    cx: Cx<'a>,
}

impl<'a> Declarer<'a> {
    pub fn new(schema: &'a Schema, sdk: Sdk) -> Self {
        Declarer {
            cx: Cx::new(schema, sdk),
        }
    }

    pub fn property(&self, owner: &ObjectType, p: &Property) -> String {
        let cx = &self.cx;
        let decl = match cx.sdk {
            Sdk::Swift => swift::property(cx, owner, p),
            Sdk::Kotlin => kotlin::property(cx, owner, p),
            Sdk::Js => js::schema_entry(cx, owner, p),
            Sdk::Ts => js::ts_field(cx, owner, p),
            Sdk::Dart => dart::property(cx, owner, p),
            Sdk::Csharp => csharp::property(cx, owner, p),
            Sdk::Cpp => cpp::property(cx, owner, p),
            Sdk::Java => java::property(cx, owner, p),
        };
        decl.text(cx.style.comment)
    }

    /// This declarer for another SDK (sharing the identifiers when the SDKs name alike).
    pub fn for_sdk(&self, sdk: Sdk) -> Declarer<'a> {
        Declarer {
            cx: self.cx.for_sdk(sdk),
        }
    }

    /// The complete model source file, exactly as `generate` writes it, with the identifiers
    /// already computed for the declarations (no second pass over the schema).
    pub fn generate(&self) -> String {
        render_with(&self.cx).code
    }
}

/// What the generator could not express for `sdk` (or had to rename), as (model path, message):
/// the path is `Type` or `Type.persistedProperty`. Sorted and deduplicated.
pub fn warnings(schema: &Schema, sdk: Sdk) -> Vec<(String, String)> {
    render(schema, sdk).warnings
}

/// What one generator run produced.
pub(crate) struct Output {
    pub code: String,
    pub warnings: Vec<(String, String)>,
}

fn render(schema: &Schema, sdk: Sdk) -> Output {
    render_with(&Cx::new(schema, sdk))
}

fn render_with(cx: &Cx) -> Output {
    let mut out = match cx.sdk {
        Sdk::Swift => swift::generate(cx),
        Sdk::Kotlin => kotlin::generate(cx),
        Sdk::Js | Sdk::Ts => js::generate(cx),
        Sdk::Dart => dart::generate(cx),
        Sdk::Csharp => csharp::generate(cx),
        Sdk::Cpp => cpp::generate(cx),
        Sdk::Java => java::generate(cx),
    };
    out.warnings.sort();
    out.warnings.dedup();
    out
}

// ------------------------------------------------------------------------------------------------
// Declarations and warnings

/// One rendered property: warnings (written as comments above it) and the declaration lines.
#[derive(Debug, Default)]
pub(crate) struct Decl {
    pub warnings: Vec<String>,
    pub lines: Vec<String>,
}

impl Decl {
    pub fn warn(&mut self, m: impl Into<String>) {
        self.warnings.push(m.into());
    }
    pub fn line(&mut self, l: impl Into<String>) {
        self.lines.push(l.into());
    }
    /// The comment lines followed by the declaration lines.
    pub fn all_lines(&self, comment: &str) -> Vec<String> {
        let mut v: Vec<String> = self.warnings.iter().map(|w| comment_line(comment, w)).collect();
        v.extend(self.lines.iter().cloned());
        v
    }
    pub fn text(&self, comment: &str) -> String {
        self.all_lines(comment).join("\n")
    }
    /// Writes the declaration indented, and records its warnings under `path`.
    pub fn emit(self, out: &mut String, indent: &str, comment: &str, path: &str, warnings: &mut Vec<(String, String)>) {
        for l in self.all_lines(comment) {
            out.push_str(indent);
            out.push_str(&l);
            out.push('\n');
        }
        warnings.extend(self.warnings.into_iter().map(|w| (path.to_string(), w)));
    }
}

/// A one-line comment (`// syncplan: ...`) that cannot break out of the comment: newlines become
/// spaces, and a trailing backslash (a C/C++ line splice) is dropped.
pub(crate) fn comment_line(prefix: &str, text: &str) -> String {
    let one: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let trimmed = one.trim_end().trim_end_matches('\\');
    format!("{prefix} syncplan: {trimmed}")
}

/// The member identifier of `p`, with a warning when it differs from the model's name for a
/// reason other than the SDK's naming convention.
pub(crate) fn member_ident<'c>(cx: &'c Cx, owner: &ObjectType, p: &Property, d: &mut Decl) -> Cow<'c, Ident> {
    let id = cx.member(owner, p);
    if let Some(r) = &id.reason {
        if cx.style.can_remap {
            d.warn(format!(
                "{r}: named `{}` in {} code, mapped to the persisted name \"{}\"",
                id.bare,
                cx.sdk.display(),
                p.name
            ));
        } else {
            d.warn(format!(
                "{r}: renamed to `{}`; {} has no property remapping, so the persisted name changes",
                id.bare,
                cx.sdk.display()
            ));
        }
    }
    id
}

/// `Type.property` (persisted names) for warnings.
pub(crate) fn path(owner: &ObjectType, p: &Property) -> String {
    format!("{}.{}", owner.name, p.name)
}

// ------------------------------------------------------------------------------------------------
// Shapes: what a property is, after the SDK-independent corrections

/// The element of a value property as the generators see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Elem<'a> {
    Scalar(ScalarType),
    /// A link to a top-level (or undeclared, or asymmetric) type.
    Link(&'a str),
    Embedded(&'a str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape<'a> {
    Value {
        collection: Collection,
        elem: Elem<'a>,
        /// Nullable value (single) or nullable elements (collections), normalised: links and
        /// mixed are optional, dictionary values that are objects are optional, list/set
        /// elements that are objects are not.
        optional: bool,
    },
    Backlink {
        origin_type: &'a str,
        origin_prop: &'a str,
    },
}

/// The shape to generate, with the SDK-independent problems found on the way (a set of embedded
/// objects becomes a list, counters inside collections become ints, ...).
pub(crate) fn shape<'a>(schema: &'a Schema, p: &'a Property, d: &mut Decl) -> Shape<'a> {
    match &p.ty {
        PropertyType::LinkingObjects { object_type, property } => {
            match schema.types.get(object_type) {
                None => d.warn(format!("backlink origin type \"{object_type}\" is not declared")),
                Some(t) => {
                    if origin_property(t, property).is_none() {
                        d.warn(format!("backlink origin \"{object_type}.{property}\" is not declared"));
                    }
                }
            }
            Shape::Backlink {
                origin_type: object_type,
                origin_prop: property,
            }
        }
        PropertyType::Value { collection, element } => {
            let mut collection = *collection;
            let mut optional = p.optional;
            let elem = match element {
                Element::Scalar(ScalarType::Counter) if collection != Collection::Single => {
                    d.warn("counters are not allowed inside collections: generated with int elements");
                    Elem::Scalar(ScalarType::Int)
                }
                Element::Scalar(s) => {
                    if *s == ScalarType::Mixed {
                        optional = true;
                    }
                    Elem::Scalar(*s)
                }
                Element::Object(t) => {
                    let kind = schema.kind_of(t);
                    match kind {
                        None => d.warn(format!("refers to \"{t}\", which is not declared")),
                        Some(ObjectKind::Asymmetric) => {
                            d.warn(format!("links to asymmetric type \"{t}\", which no SDK allows"))
                        }
                        _ => {}
                    }
                    match collection {
                        Collection::Single | Collection::Dictionary => optional = true,
                        Collection::List | Collection::Set => {
                            if optional {
                                d.warn("list and set elements that are objects cannot be null: generated non-null");
                            }
                            optional = false;
                        }
                    }
                    if kind == Some(ObjectKind::Embedded) {
                        if collection == Collection::Set {
                            d.warn("a set of embedded objects is not allowed (\"Set semantics are not applicable to embedded objects\"): generated as a list");
                            collection = Collection::List;
                        }
                        Elem::Embedded(t)
                    } else {
                        Elem::Link(t)
                    }
                }
            };
            Shape::Value {
                collection,
                elem,
                optional,
            }
        }
    }
}

/// The origin property of a backlink: by persisted or public name.
pub(crate) fn origin_property<'a>(origin: &'a ObjectType, name: &str) -> Option<&'a Property> {
    origin
        .properties
        .get(name)
        .or_else(|| origin.properties.values().find(|op| op.public_name() == name))
}

/// Properties in generation order: the primary key first, then the model's order.
pub(crate) fn ordered(t: &ObjectType) -> Vec<&Property> {
    let pk = t.primary_key.as_deref();
    let mut v: Vec<&Property> = t.properties.values().filter(|p| Some(p.name.as_str()) == pk).collect();
    v.extend(t.properties.values().filter(|p| Some(p.name.as_str()) != pk));
    v
}

/// Whether `p` is the primary key to declare (embedded types cannot have one: warned, dropped).
pub(crate) fn is_primary_key(owner: &ObjectType, p: &Property, d: &mut Decl) -> bool {
    if owner.primary_key.as_deref() != Some(p.name.as_str()) {
        return false;
    }
    if owner.kind == ObjectKind::Embedded {
        d.warn("embedded types cannot have a primary key: the primary key is left out");
        return false;
    }
    match &p.ty {
        PropertyType::Value {
            collection: Collection::Single,
            element: Element::Scalar(s),
        } if mapping::row(*s).primary_key => {}
        _ => d.warn(format!(
            "\"{}\" is not a valid primary key type (int, string, objectId, uuid)",
            crate::model::type_shorthand(&p.ty, p.optional)
        )),
    }
    true
}

/// Whether to write an index annotation for `p` (not for the primary key, which is always
/// indexed; not where the type cannot be indexed, with a warning).
pub(crate) fn wants_index(owner: &ObjectType, p: &Property, shape: &Shape, d: &mut Decl) -> bool {
    if !p.indexed || owner.primary_key.as_deref() == Some(p.name.as_str()) {
        return false;
    }
    match shape {
        Shape::Value {
            collection: Collection::Single,
            elem: Elem::Scalar(s),
            ..
        } if mapping::row(*s).indexable => true,
        _ => {
            d.warn(format!(
                "\"{}\" cannot be indexed: the index is left out",
                crate::model::type_shorthand(&p.ty, p.optional)
            ));
            false
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Default values

/// A default value the generators can write as a literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Bool(bool),
    Int(i64),
    /// Always contains `.` or `e` (Rust's `{:?}` for f64).
    Float(String),
    Str(String),
}

/// The default of `p` as a literal for its scalar type, or `None` (no default, or one that cannot
/// be carried over: warned). `literal_mixed`: whether the SDK can write a mixed default.
pub(crate) fn default_literal(p: &Property, shape: &Shape, literal_mixed: bool, d: &mut Decl) -> Option<Lit> {
    let v = p.default.as_ref()?;
    let s = match shape {
        Shape::Value {
            collection: Collection::Single,
            elem: Elem::Scalar(s),
            ..
        } => *s,
        _ => {
            if !v.is_null() {
                d.warn("default values are only supported on single scalar values: the default is left out");
            }
            return None;
        }
    };
    if v.is_null() {
        if !p.optional {
            d.warn("default null on a required property: the default is left out");
        }
        return None;
    }
    let as_float = |v: &serde_json::Value| v.as_f64().map(|f| Lit::Float(format!("{f:?}")));
    let lit = match s {
        ScalarType::Bool => v.as_bool().map(Lit::Bool),
        ScalarType::Int | ScalarType::Counter => v.as_i64().map(Lit::Int),
        ScalarType::Float | ScalarType::Double => as_float(v),
        ScalarType::String => v.as_str().map(|s| Lit::Str(s.to_string())),
        ScalarType::Mixed if literal_mixed => match v {
            serde_json::Value::Bool(b) => Some(Lit::Bool(*b)),
            serde_json::Value::Number(n) => n.as_i64().map(Lit::Int).or_else(|| as_float(v)),
            serde_json::Value::String(s) => Some(Lit::Str(s.clone())),
            _ => None,
        },
        _ => {
            d.warn(format!(
                "default {v} for a {} property cannot be written as a literal: the default is left out",
                mapping::realm_name(s)
            ));
            return None;
        }
    };
    if lit.is_none() {
        d.warn(format!(
            "default {v} does not fit a {} property: the default is left out",
            mapping::realm_name(s)
        ));
    }
    lit
}

// ------------------------------------------------------------------------------------------------
// String literals

/// A double-quoted string literal with C-family escapes; `extra` lists further characters to
/// escape with a backslash (`$` in Kotlin). Non-ASCII text is kept as is (all six languages read
/// UTF-8 sources); control characters use `ctl` (e.g. `\u{1}` in Swift).
pub(crate) fn quoted(s: &str, quote: char, extra: &[char], ctl: fn(u32) -> String) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote || extra.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&ctl(c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

pub(crate) fn ctl_u4(c: u32) -> String {
    if c <= 0xFFFF {
        format!("\\u{c:04x}")
    } else {
        // Only reachable for supplementary control characters, which do not exist; keep valid.
        "?".to_string()
    }
}

pub(crate) fn ctl_braced(c: u32) -> String {
    format!("\\u{{{c:x}}}")
}

// ------------------------------------------------------------------------------------------------
// Naming: identifiers for types and members, unique and valid, remapped where the SDK can

/// How one SDK names things.
pub(crate) struct Style {
    /// Line-comment prefix.
    pub comment: &'static str,
    /// Words that cannot be identifiers as they are.
    pub keywords: &'static [&'static str],
    /// Whether `keywords` also apply to members (not in JS/TS, where any property name is allowed).
    pub member_keywords: bool,
    /// Whether a member can get a persisted name different from its code name.
    pub can_remap: bool,
    /// Escape for keywords (`` ` `` ... `` ` ``, `@`): `None` renames them instead.
    pub escape: Option<(&'static str, &'static str)>,
    /// Member names the SDK's base class or generated code already uses: renamed.
    pub reserved_members: &'static [&'static str],
    /// Type names the generated code uses for SDK types: a model type of that name is renamed.
    pub reserved_types: &'static [&'static str],
    pub case: Case,
    /// Member names come from the persisted name (C++: no remapping) instead of the public one.
    pub persisted_members: bool,
    /// JS/TS: any member name can be written (quoted when not an identifier).
    pub quote_members: bool,
    /// JS/TS: the primary key keeps its persisted name (a `mapTo` on it does not line up, https://www.mongodb.com/docs/atlas/device-sdks/).
    pub persisted_primary_key: bool,
    /// Identifiers may contain `$` (JS/TS).
    pub dollar: bool,
    /// Prefix for names that would start with a digit.
    pub digit_prefix: &'static str,
    /// C#: a member cannot be named like its class.
    pub member_not_class_name: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    AsIs,
    /// C#: `owner_id` → `OwnerId`.
    Pascal,
    /// Dart: `_id` → `id` (a leading underscore makes a Dart member library-private).
    NoLeadingUnderscore,
}

/// A name in generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ident {
    /// As written in code (escaped or quoted where needed).
    pub code: String,
    /// The identifier itself (no escape): what mappings, `nameof`, `#symbol` refer to.
    pub bare: String,
    /// Why it differs from the model's name for a reason other than the SDK's convention.
    pub reason: Option<String>,
}

pub(crate) struct Cx<'a> {
    pub schema: &'a Schema,
    pub sdk: Sdk,
    pub style: &'static Style,
    /// The identifiers, shared by the contexts of SDKs with one style (JavaScript and TypeScript).
    names: Arc<Names<'a>>,
}

/// One type's members: property name → the schema's property of that name and its identifier.
type Members<'a> = HashMap<&'a str, (Option<&'a Property>, Ident), NameHash>;

/// Identifiers, keyed by names borrowed from the schema (no key is copied; hashed, as the
/// planner looks members up hundreds of thousands of times on a large model).
struct Names<'a> {
    types: HashMap<&'a str, Ident, NameHash>,
    /// type → property → the schema's property of that name and its identifier.
    members: HashMap<&'a str, Members<'a>, NameHash>,
}

impl<'a> Cx<'a> {
    pub fn new(schema: &'a Schema, sdk: Sdk) -> Self {
        let style = style_of(sdk);
        let hash = NameHash::new();
        let names: Vec<(&str, Candidate)> = schema
            .types
            .keys()
            .map(|n| (n.as_str(), type_candidate(style, n)))
            .collect();
        let mut types = HashMap::with_capacity_and_hasher(names.len(), hash);
        assign(style, names, None, |k, i| {
            types.insert(k, i);
        });
        let mut members = HashMap::with_capacity_and_hasher(schema.types.len(), hash);
        for t in schema.types.values() {
            let taken = if style.member_not_class_name {
                types.get(t.name.as_str()).map(|i: &Ident| i.bare.as_str())
            } else {
                None
            };
            let props: Vec<(&str, Candidate)> = t
                .properties
                .iter()
                .map(|(n, p)| (n.as_str(), member_candidate(style, t, p)))
                .collect();
            let mut m = HashMap::with_capacity_and_hasher(props.len(), hash);
            let own = schema.types.get(&t.name);
            assign(style, props, taken, |k, i| {
                m.insert(k, (own.and_then(|o| o.properties.get(k)), i));
            });
            members.insert(t.name.as_str(), m);
        }
        Cx {
            schema,
            sdk,
            style,
            names: Arc::new(Names { types, members }),
        }
    }

    /// This context for another SDK: the identifiers are shared when the SDKs name things alike
    /// (JavaScript and TypeScript), and computed otherwise.
    pub fn for_sdk(&self, sdk: Sdk) -> Cx<'a> {
        if std::ptr::eq(style_of(sdk), self.style) {
            Cx {
                schema: self.schema,
                sdk,
                style: self.style,
                names: Arc::clone(&self.names),
            }
        } else {
            Cx::new(self.schema, sdk)
        }
    }

    /// The class identifier of a model type (also for undeclared types a property refers to).
    pub fn type_ident(&self, name: &str) -> Ident {
        self.names
            .types
            .get(name)
            .cloned()
            .unwrap_or_else(|| type_candidate(self.style, name).ident(self.style))
    }

    /// The member identifier of a property (also for a property not in the schema).
    pub fn member(&self, owner: &ObjectType, p: &Property) -> Cow<'_, Ident> {
        match self
            .names
            .members
            .get(owner.name.as_str())
            .and_then(|m| m.get(p.name.as_str()))
        {
            Some((Some(q), ident)) if std::ptr::eq(*q, p) || *q == p => Cow::Borrowed(ident),
            _ => Cow::Owned(member_candidate(self.style, owner, p).ident(self.style)),
        }
    }

    /// The member identifier of the origin of a backlink, when declared.
    pub fn origin_member(&self, origin_type: &str, origin_prop: &str) -> Option<Ident> {
        let t = self.schema.types.get(origin_type)?;
        let p = origin_property(t, origin_prop)?;
        Some(self.member(t, p).into_owned())
    }
}

/// A proposed name before uniqueness: the bare identifier, whether it is a keyword to escape,
/// and why it differs from the model's name (if not for convention).
struct Candidate {
    bare: String,
    escaped: bool,
    reason: Option<String>,
}

impl Candidate {
    fn ident(self, style: &Style) -> Ident {
        let code = if self.escaped {
            match style.escape {
                Some((pre, post)) => format!("{pre}{}{post}", self.bare),
                None => self.bare.clone(),
            }
        } else if style.quote_members && !is_ident(&self.bare, true) {
            quoted(&self.bare, '"', &[], ctl_u4)
        } else {
            self.bare.clone()
        };
        Ident {
            code,
            bare: self.bare,
            reason: self.reason,
        }
    }
}

/// ASCII identifier: a letter or `_` (or `$`), then letters, digits, `_` (or `$`).
pub(crate) fn is_ident(s: &str, dollar: bool) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '_' || (dollar && c == '$');
    s.chars().next().is_some_and(|c| ok(c) && !c.is_ascii_digit()) && s.chars().all(ok)
}

/// A valid identifier from any text: other characters become `_`; a name made only of
/// underscores (reserved or a wildcard in several languages) becomes `unnamed`; a leading digit
/// gets the style's prefix. `trim_leading`: drop leading underscores (Dart members).
fn sanitize(s: &str, style: &Style, trim_leading: bool) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || (style.dollar && c == '$') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut out = if trim_leading {
        mapped.trim_start_matches('_').to_string()
    } else {
        mapped
    };
    if out.chars().all(|c| c == '_') {
        out = "unnamed".to_string();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, style.digit_prefix);
    }
    out
}

fn all_underscores(s: &str) -> bool {
    s.chars().all(|c| c == '_')
}

fn pascal(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut cs = part.chars();
        if let Some(f) = cs.next() {
            out.extend(f.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    out
}

/// Whether `word` is in `list` (`contains`, with the length and first byte compared before the
/// bytes: every name of a model is checked against a hundred keywords per SDK).
fn listed(list: &[&str], word: &str) -> bool {
    let (len, first) = (word.len(), word.as_bytes().first());
    list.iter()
        .any(|k| k.len() == len && k.as_bytes().first() == first && *k == word)
}

/// Applies reserved words and keywords to a sanitised name.
fn finish(
    style: &Style,
    mut bare: String,
    reserved: &[&str],
    keywords: bool,
    mut reason: Option<String>,
    shown: &str,
) -> Candidate {
    if listed(reserved, &bare) {
        reason = Some(format!("\"{shown}\" clashes with a name the SDK uses"));
        bare.push('_');
    }
    let mut escaped = false;
    if keywords && listed(style.keywords, &bare) {
        if style.escape.is_some() {
            escaped = true;
        } else {
            reason = Some(format!("\"{shown}\" is a reserved word"));
            bare.push('_');
        }
    }
    Candidate { bare, escaped, reason }
}

fn type_candidate(style: &Style, name: &str) -> Candidate {
    let bare = sanitize(name, style, false);
    let reason = (bare != name).then(|| format!("\"{name}\" is not a valid type name"));
    finish(style, bare, style.reserved_types, true, reason, name)
}

fn member_candidate(style: &Style, owner: &ObjectType, p: &Property) -> Candidate {
    let is_pk = owner.primary_key.as_deref() == Some(p.name.as_str());
    let base = if style.persisted_members || (style.persisted_primary_key && is_pk) {
        p.name.as_str()
    } else {
        p.public_name()
    };
    if style.quote_members {
        return finish(
            style,
            base.to_string(),
            style.reserved_members,
            style.member_keywords,
            None,
            base,
        );
    }
    let conventional = match style.case {
        Case::AsIs => base.to_string(),
        Case::Pascal => pascal(base),
        Case::NoLeadingUnderscore => base.trim_start_matches('_').to_string(),
    };
    let valid = is_ident(&conventional, style.dollar) && !all_underscores(&conventional);
    let bare = if valid {
        conventional
    } else {
        sanitize(&conventional, style, style.case == Case::NoLeadingUnderscore)
    };
    let reason = (!valid).then(|| format!("\"{base}\" is not a valid identifier"));
    finish(style, bare, style.reserved_members, style.member_keywords, reason, base)
}

/// Makes the candidates unique: names that need no change are placed first, so a remapped name
/// (`_id` → `id`) never takes the name of a property that has it naturally. `taken` is a name
/// already in use; each key and its identifier go to `out`.
fn assign<'k>(
    style: &Style,
    cands: Vec<(&'k str, Candidate)>,
    taken: Option<&str>,
    mut out: impl FnMut(&'k str, Ident),
) {
    let mut used: HashSet<String, NameHash> = HashSet::with_capacity_and_hasher(cands.len() + 1, NameHash::new());
    if let Some(t) = taken {
        used.insert(t.to_string());
    }
    let (natural, changed): (Vec<_>, Vec<_>) = cands.into_iter().partition(|(k, c)| c.bare == *k);
    for (k, mut c) in natural.into_iter().chain(changed) {
        if used.contains(&c.bare) {
            while used.contains(&c.bare) {
                c.bare.push('_');
            }
            c.reason = Some(format!("\"{k}\" clashes with another name once written in code"));
        }
        used.insert(c.bare.clone());
        out(k, c.ident(style));
    }
}

/// The naming style of an SDK.
fn style_of(sdk: Sdk) -> &'static Style {
    match sdk {
        Sdk::Swift => &swift::STYLE,
        Sdk::Kotlin => &kotlin::STYLE,
        Sdk::Js | Sdk::Ts => &js::STYLE,
        Sdk::Dart => &dart::STYLE,
        Sdk::Csharp => &csharp::STYLE,
        Sdk::Cpp => &cpp::STYLE,
        Sdk::Java => &java::STYLE,
    }
}

/// Hashing for the identifier maps: multiply-rotate over 8-byte words (names are short; SipHash
/// was a tenth of `plan --sdk all`), seeded per process from the standard library's random keys
/// so that a crafted model cannot aim at collisions.
#[derive(Clone, Copy)]
struct NameHash(u64);

impl NameHash {
    fn new() -> Self {
        use std::hash::BuildHasher as _;
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        NameHash(*SEED.get_or_init(|| std::hash::RandomState::new().hash_one(0x5eed_u64)))
    }
}

impl std::hash::BuildHasher for NameHash {
    type Hasher = NameHasher;
    fn build_hasher(&self) -> NameHasher {
        NameHasher(self.0)
    }
}

struct NameHasher(u64);

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn finish(&self) -> u64 {
        // A final mix so that the low bits the table uses depend on every input bit.
        let x = self.0 ^ (self.0 >> 29);
        x.wrapping_mul(0xbf_58_47_6d_1c_e4_e5_b9) ^ (x >> 32)
    }
}

/// A valid identifier for a name that is not in the schema (an undeclared backlink origin): the
/// generated code then does not compile, which the warning already says, but it still parses.
pub(crate) fn fallback_ident(style: &Style, s: &str) -> String {
    let bare = if is_ident(s, style.dollar) && !all_underscores(s) {
        s.to_string()
    } else {
        sanitize(s, style, false)
    };
    finish(style, bare, &[], true, None, s).ident(style).code
}

/// Whether `word` occurs in `text` as a whole identifier (for import lists).
pub(crate) fn uses_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// Fixtures shared by the generators' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Sdk, property_declaration};
    use crate::model::*;

    /// A schema holding an empty top-level `Dog` and a `Task` with the one property `p`.
    pub(crate) fn schema_with(p: &Property) -> (Schema, ObjectType) {
        let mut s = Schema::new(Side::Client);
        s.types
            .insert("Dog".into(), ObjectType::new("Dog", ObjectKind::TopLevel));
        let mut t = ObjectType::new("Task", ObjectKind::TopLevel);
        t.properties.insert(p.name.clone(), p.clone());
        s.types.insert("Task".into(), t.clone());
        (s, t)
    }

    /// The declaration of `p` as a property of `Task` (see `schema_with`).
    pub(crate) fn decl(p: Property, sdk: Sdk) -> String {
        let (s, t) = schema_with(&p);
        property_declaration(&s, &t, &p, sdk)
    }

    /// The declaration of a property `tags` of type `ty`.
    pub(crate) fn tags(ty: PropertyType, optional: bool, sdk: Sdk) -> String {
        decl(Property::new("tags", ty, optional), sdk)
    }

    pub(crate) fn v(collection: Collection, element: Element) -> PropertyType {
        PropertyType::Value { collection, element }
    }
}
