//! C# / .NET (`Realm` NuGet), https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/: `public partial class Dog : IRealmObject` /
//! `IEmbeddedObject` / `IAsymmetricObject` (or the classic `RealmObject` bases); auto-properties;
//! `[PrimaryKey]`, `[MapTo("name")]` (property and class), `[Indexed]`, `[Ignored]`, `[Required]`,
//! `[Backlink(nameof(Person.Dogs))] IQueryable<Person>`; `IList`, `ISet`, `IDictionary<string, T>`;
//! `RealmValue`, `RealmInteger<T>`.
//!
//! Nullability of `string` and `byte[]` follows the nullable context in source-generated classes
//! (`IRealmObject`, ...): a `#nullable` directive in the file, else `<Nullable>` in the nearest
//! `.csproj` (or a `Directory.Build.props` above it), else off, the C# default (reported once per
//! file where it matters). Off, `string` is optional unless `[Required]`. The classic woven bases
//! (`RealmObject`, ...) ignore nullability annotations: always as off.

use std::path::Path;

use tree_sitter::Node;

use super::common::{
    Escapes, Lit, RawClass, RawElem, RawProp, RawType, Src, child, named, parse_float, parse_int, preorder,
    quoted_body, unescape,
};
use crate::diagnostic::kinds;
use crate::model::{Collection, ScalarType};

const ESCAPES: Escapes = Escapes {
    dollar_interpolation: false,
    paren_interpolation: false,
    braced_unicode: false,
    short_unicode: true,
    hex: true,
    octal: false,
};

fn scalar(name: &str) -> Option<ScalarType> {
    crate::sdk::CSHARP.scalar_named(name)
}

/// Whether a scalar is a reference type whose nullability follows the nullable context.
fn is_reference(s: ScalarType) -> bool {
    matches!(s, ScalarType::String | ScalarType::Data)
}

/// Attributes of a declaration: (simple name without `Attribute`, node, argument nodes).
fn attributes<'t>(src: &Src, n: Node<'t>) -> Vec<(String, Node<'t>, Vec<Node<'t>>)> {
    named(n)
        .into_iter()
        .filter(|l| l.kind() == "attribute_list")
        .flat_map(named)
        .filter(|a| a.kind() == "attribute")
        .filter_map(|a| {
            let name = a.child_by_field_name("name")?;
            let simple = src.text(name).rsplit('.').next().unwrap_or("");
            let simple = simple.strip_suffix("Attribute").unwrap_or(simple).to_string();
            let args = child(a, "attribute_argument_list")
                .map(|l| {
                    named(l)
                        .into_iter()
                        .filter(|x| x.kind() == "attribute_argument")
                        .filter_map(|x| named(x).into_iter().last())
                        .collect()
                })
                .unwrap_or_default();
            Some((simple, a, args))
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
        "integer_literal" => parse_int(text).map(Lit::Int),
        "real_literal" => parse_float(text).map(Lit::Float),
        "boolean_literal" => Some(Lit::Bool(text == "true")),
        "null_literal" => Some(Lit::Null),
        "prefix_unary_expression" => {
            let parts = super::common::all(n);
            match parts.as_slice() {
                [op, v] if src.text(*op) == "-" => literal(src, *v)?.negate(),
                _ => None,
            }
        }
        "parenthesized_expression" => literal(src, named(n).into_iter().next()?),
        _ => None,
    }
}

/// The nullable (annotation) context at `before`: `Some(true)` on, `Some(false)` off, `None` when
/// neither a `#nullable` directive nor a project file sets it (then it is off, the C# default).
fn nullable_context(src: &Src, root: Node, before: usize) -> Option<bool> {
    let mut state = None;
    for n in preorder(root) {
        if n.start_byte() > before {
            break;
        }
        if n.kind() == "preproc_nullable" {
            let words: Vec<&str> = src.text(n).split_whitespace().collect();
            // `#nullable enable|disable|restore [annotations|warnings]`: only the annotation
            // context decides nullability.
            if words.contains(&"warnings") {
                continue;
            }
            if words.contains(&"enable") {
                state = Some(true);
            } else if words.contains(&"disable") {
                state = Some(false);
            } else if words.contains(&"restore") {
                state = None;
            }
        }
    }
    state.or_else(|| project_nullable(Path::new(&src.out.file)))
}

/// The `<Nullable>` value of a project file's text: `Some(true)` for `enable`/`annotations`.
fn nullable_setting(p: &Path) -> Option<Option<bool>> {
    let meta = std::fs::metadata(p).ok()?;
    if meta.len() > 1024 * 1024 {
        return None;
    }
    let text = std::fs::read_to_string(p).ok()?;
    let Some(start) = text.find("<Nullable>").map(|i| i + "<Nullable>".len()) else {
        return Some(None);
    };
    let end = text[start..].find("</Nullable>")? + start;
    let v = text[start..end].trim().to_ascii_lowercase();
    Some(Some(v == "enable" || v == "annotations"))
}

/// The project's nullable context for a file: `<Nullable>` of the nearest `.csproj` in the file's
/// folder or above (nearest wins), else of a `Directory.Build.props` at or above that project;
/// a project that sets nothing is off. `None` when no project file is found.
fn project_nullable(file: &Path) -> Option<bool> {
    let mut dir = file.parent();
    let mut in_project = false;
    for _ in 0..32 {
        let Some(d) = dir else { break };
        let shown = if d.as_os_str().is_empty() { Path::new(".") } else { d };
        let Ok(rd) = std::fs::read_dir(shown) else { break };
        let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        if !in_project && let Some(p) = files.iter().find(|p| p.extension().is_some_and(|e| e == "csproj")) {
            in_project = true;
            if let Some(Some(v)) = nullable_setting(p) {
                return Some(v);
            }
        }
        if let Some(p) = files
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == "Directory.Build.props"))
            && let Some(Some(v)) = nullable_setting(p)
        {
            return Some(v);
        }
        dir = d.parent();
    }
    in_project.then_some(false)
}

pub(super) fn read(src: &mut Src, root: Node) {
    let mut assumed_reported = false;
    for n in preorder(root) {
        if n.kind() != "class_declaration" {
            continue;
        }
        let bases: Vec<String> = child(n, "base_list")
            .map(|b| {
                named(b)
                    .into_iter()
                    .map(|t| src.text(t).rsplit('.').next().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        // The classic base classes are woven by Fody, which ignores nullability annotations:
        // `string` is optional unless `[Required]` whatever the context. The source generator
        // (`IRealmObject`, ...) honours them.
        let first = bases.first().map(String::as_str).unwrap_or("");
        let classic = crate::sdk::CSHARP.legacy_bases.contains(&first);
        let Some(kind) = crate::sdk::CSHARP.kind_of_base(first) else {
            continue;
        };
        let Some(name_node) = n.child_by_field_name("name") else {
            continue;
        };
        let name = src.text(name_node).trim_start_matches('@').to_string();
        let mut class = RawClass {
            code_name: name.clone(),
            aliases: Vec::new(),
            persisted: None,
            kind,
            location: src.loc(name_node),
            props: Vec::new(),
        };
        for (a, node, args) in attributes(src, n) {
            if a == "MapTo" {
                match args.first().and_then(|v| string(src, *v)) {
                    Some(s) => class.persisted = Some(s),
                    None => src.report(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        &name,
                        node,
                        "[MapTo] without a string literal; the class name is used as the type name",
                    ),
                }
            }
        }
        let context = if classic {
            Some(false)
        } else {
            nullable_context(src, root, n.start_byte())
        };
        let mut assumption_used = false;
        if let Some(body) = n.child_by_field_name("body") {
            for m in named(body) {
                if m.kind() == "property_declaration"
                    && let Some((p, used)) = property(src, &name, m, context)
                {
                    assumption_used |= used;
                    class.props.push(p);
                }
            }
        }
        if context.is_none() && assumption_used && !assumed_reported {
            assumed_reported = true;
            src.report(
                &kinds::SOURCE_NULLABLE_CONTEXT_ASSUMED,
                &name,
                name_node,
                "no `#nullable` directive and no .csproj `<Nullable>` setting found: nullable reference types are off (the C# default), so `string` and `byte[]` without `[Required]` were read as optional",
            );
        }
        src.out.classes.push(class);
    }
}

/// A property and whether its optionality rested on the assumed nullable context.
fn property(src: &mut Src, class: &str, n: Node, context: Option<bool>) -> Option<(RawProp, bool)> {
    let name_node = n.child_by_field_name("name")?;
    let name = src.text(name_node).trim_start_matches('@').to_string();
    let path = format!("{class}.{name}");
    let modifiers: Vec<&str> = named(n)
        .into_iter()
        .filter(|c| c.kind() == "modifier")
        .map(|c| src.text(c))
        .collect();
    if modifiers.contains(&"static") {
        return None;
    }
    let attrs = attributes(src, n);
    let has = |a: &str| attrs.iter().any(|(n, _, _)| n == a);
    if has("Ignored") {
        return None;
    }
    // Only auto-properties are persisted: `{ get; set; }` (collections and backlinks: `{ get; }`).
    let accessors = n.child_by_field_name("accessors")?;
    let decls: Vec<Node> = named(accessors)
        .into_iter()
        .filter(|a| a.kind() == "accessor_declaration")
        .collect();
    if decls.iter().any(|a| {
        a.child_by_field_name("body").is_some()
            || named(*a)
                .iter()
                .any(|c| c.kind() == "block" || c.kind() == "arrow_expression_clause")
    }) {
        return None;
    }
    let has_set = decls.iter().any(|a| {
        let t = src.text(*a);
        t.contains("set") || t.contains("init")
    });
    let t = n.child_by_field_name("type")?;
    let required_attr = has("Required");
    let loc = src.loc(name_node);
    let mut used_assumption = false;
    let ty = if let Some((_, attr, args)) = attrs.iter().find(|(a, _, _)| a == "Backlink") {
        let origin_prop = args.first().and_then(|a| match a.kind() {
            "invocation_expression" if src.text(*a).starts_with("nameof") => {
                let inner = src.text(*a);
                let inside = inner
                    .strip_prefix("nameof")?
                    .trim()
                    .strip_prefix('(')?
                    .strip_suffix(')')?;
                Some(inside.rsplit('.').next()?.trim().to_string())
            }
            _ => string(src, *a),
        });
        let origin_class = generic(src, t)
            .filter(|(n, a)| n == "IQueryable" && a.len() == 1)
            .and_then(|(_, a)| simple_name(src, a[0]));
        match (origin_class, origin_prop) {
            (Some(origin_class), Some(origin_prop)) => RawType::Backlink {
                origin_class,
                origin_prop,
            },
            _ => {
                src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    path,
                    *attr,
                    "[Backlink] needs nameof(Origin.Property) (or a string) and an IQueryable<Origin> type; the property is left out",
                );
                return None;
            }
        }
    } else {
        match type_of(src, t, context, required_attr, &mut used_assumption) {
            Ok(ty) => ty,
            Err(what) => {
                src.report(
                    &kinds::SOURCE_UNRESOLVED_TYPE,
                    path,
                    t,
                    format!("`{name}`: {what}; the property is left out"),
                );
                return None;
            }
        }
    };
    let single = matches!(
        ty,
        RawType::Value {
            collection: Collection::Single,
            ..
        }
    );
    if single && !has_set {
        return None; // a get-only scalar is not persisted
    }
    let mut p = RawProp::new(&name, ty, loc);
    for (a, node, args) in &attrs {
        match a.as_str() {
            "PrimaryKey" => p.primary_key = true,
            "Indexed" => p.indexed = true,
            "MapTo" => match args.first().and_then(|v| string(src, *v)) {
                Some(s) => p.persisted = Some(s),
                None => src.report(
                    &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                    &path,
                    *node,
                    "[MapTo] without a string literal; the property name is used",
                ),
            },
            _ => {}
        }
    }
    if let Some(v) = n.child_by_field_name("value") {
        let silenced = v.kind() == "postfix_unary_expression" && src.text(v).replace(' ', "") == "null!";
        if !silenced {
            let lit = literal(src, v);
            src.apply_default(&mut p, &path, v, lit);
        }
    }
    Some((p, used_assumption))
}

/// The last simple name of a type (`MongoDB.Bson.ObjectId` → `ObjectId`); `None` for generics.
fn simple_name(src: &Src, t: Node) -> Option<String> {
    match t.kind() {
        "identifier" | "predefined_type" => Some(src.text(t).trim_start_matches('@').to_string()),
        "qualified_name" => simple_name(src, t.child_by_field_name("name")?),
        _ => None,
    }
}

/// A generic type's simple name and arguments (`IList<string>`; also qualified).
fn generic<'t>(src: &Src, t: Node<'t>) -> Option<(String, Vec<Node<'t>>)> {
    match t.kind() {
        "generic_name" => {
            let name = child(t, "identifier")?;
            let args = child(t, "type_argument_list").map(named).unwrap_or_default();
            Some((src.text(name).to_string(), args))
        }
        "qualified_name" => generic(src, t.child_by_field_name("name")?),
        _ => None,
    }
}

/// A value or element type: (element, optional).
fn element(
    src: &Src,
    t: Node,
    context: Option<bool>,
    required_attr: bool,
    used_assumption: &mut bool,
) -> Result<(RawElem, bool), String> {
    let (inner, question) = if t.kind() == "nullable_type" {
        (
            t.child_by_field_name("type").ok_or("a nullable type without a type")?,
            true,
        )
    } else {
        (t, false)
    };
    if inner.kind() == "array_type" {
        let el = inner.child_by_field_name("type").map(|e| src.text(e));
        if el != Some("byte") {
            return Err(format!(
                "type `{}` is not a Realm property type (use IList<T>)",
                src.text(t)
            ));
        }
        return Ok((
            RawElem::Scalar(ScalarType::Data),
            reference_optional(question, context, required_attr, used_assumption),
        ));
    }
    if let Some((g, args)) = generic(src, inner) {
        if g == "RealmInteger" && args.len() == 1 {
            return Ok((RawElem::Scalar(ScalarType::Counter), question));
        }
        return Err(format!("type `{}` is not a Realm property type", src.text(t)));
    }
    let name = simple_name(src, inner).ok_or_else(|| format!("type `{}` is not a Realm property type", src.text(t)))?;
    if name == "DateTime" {
        return Err("`DateTime` is rejected by the Realm .NET SDK (use DateTimeOffset)".into());
    }
    match scalar(&name) {
        Some(s) if is_reference(s) => Ok((
            RawElem::Scalar(s),
            reference_optional(question, context, required_attr, used_assumption),
        )),
        Some(s) => Ok((RawElem::Scalar(s), question)),
        None if name == "object" || name == "dynamic" => Err(format!("type `{name}` is not a Realm property type")),
        None => Ok((RawElem::Class(name), question)),
    }
}

fn reference_optional(question: bool, context: Option<bool>, required_attr: bool, used_assumption: &mut bool) -> bool {
    match context {
        Some(true) => question,
        Some(false) => !required_attr,
        None => {
            if !question && !required_attr {
                *used_assumption = true;
            }
            !required_attr
        }
    }
}

fn type_of(
    src: &Src,
    t: Node,
    context: Option<bool>,
    required_attr: bool,
    used_assumption: &mut bool,
) -> Result<RawType, String> {
    if let Some((g, args)) = generic(src, t)
        && g != "RealmInteger"
    {
        let collection = match (g.as_str(), args.len()) {
            ("IList", 1) => Collection::List,
            ("ISet", 1) => Collection::Set,
            ("IDictionary", 2) => {
                if simple_name(src, args[0]).as_deref() != Some("string")
                    && simple_name(src, args[0]).as_deref() != Some("String")
                {
                    return Err(format!("`{}`: Realm dictionaries have string keys", src.text(t)));
                }
                Collection::Dictionary
            }
            _ => return Err(format!("type `{}` is not a Realm property type", src.text(t))),
        };
        let (elem, optional) = element(src, args[args.len() - 1], context, required_attr, used_assumption)?;
        return Ok(RawType::Value {
            collection,
            elem,
            optional,
        });
    }
    let (elem, optional) = element(src, t, context, required_attr, used_assumption)?;
    Ok(RawType::Value {
        collection: Collection::Single,
        elem,
        optional,
    })
}
