//! What the six language readers share: parsing, the classes they found (in code names), literal
//! values, findings, and the builder that turns the classes of one client into a `Schema`.

use std::collections::BTreeMap;

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use tree_sitter::{Node, ParseOptions, ParseState, Parser, Tree};

use super::Language;
use crate::diagnostic::{Diagnostic, Kind, kinds};
use crate::input::value::Pos;
use crate::input::{InputKind, LoadError, Loaded};
use crate::model::{
    Collection, Element, Location, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema, Side,
};

// ------------------------------------------------------------------------------------------------
// What a reader finds

/// A model class as written in code: names are code names until `build` resolves them.
#[derive(Debug, Clone)]
pub(crate) struct RawClass {
    /// The class name in code (Dart: `_Task`).
    pub code_name: String,
    /// Other code names the class answers to (Dart: `Task` for `_Task`).
    pub aliases: Vec<String>,
    /// The persisted (schema) name when the code remaps it (`@MapTo`, `@PersistedName`, ...).
    pub persisted: Option<String>,
    pub kind: ObjectKind,
    pub location: Location,
    pub props: Vec<RawProp>,
}

#[derive(Debug, Clone)]
pub(crate) struct RawProp {
    /// The member name in code.
    pub code_name: String,
    /// The persisted name when the code remaps it.
    pub persisted: Option<String>,
    pub ty: RawType,
    pub primary_key: bool,
    pub indexed: bool,
    pub default: Option<serde_json::Value>,
    pub location: Location,
}

impl RawProp {
    pub fn new(code_name: impl Into<String>, ty: RawType, location: Location) -> Self {
        RawProp {
            code_name: code_name.into(),
            persisted: None,
            ty,
            primary_key: false,
            indexed: false,
            default: None,
            location,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawElem {
    Scalar(ScalarType),
    /// A class by its code name (a link or an embedded object, or an enum stored as a scalar).
    Class(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawType {
    Value {
        collection: Collection,
        elem: RawElem,
        /// Nullable value, or nullable elements for collections.
        optional: bool,
    },
    Backlink {
        origin_class: String,
        /// The origin member by code name (or persisted name).
        origin_prop: String,
    },
}

/// Everything one file gave.
#[derive(Debug)]
pub(crate) struct FileModels {
    pub language: Language,
    pub file: String,
    pub classes: Vec<RawClass>,
    /// JavaScript/TypeScript: object schemas are read by the Realm JS loader, already built.
    pub js_types: Vec<ObjectType>,
    /// Enums a model may store (Swift `PersistableEnum`, C++ `enum class`): code name → scalar.
    pub enums: BTreeMap<String, ScalarType>,
    pub diagnostics: Vec<Diagnostic>,
    /// JavaScript/TypeScript: names of the object schema literals this file declares.
    pub schema_literals: std::collections::BTreeSet<String>,
    /// JavaScript/TypeScript: references to an object schema literal not declared in this file,
    /// each with the finding to report if no other file of the client declares it either.
    pub cross_file_refs: Vec<(String, Diagnostic)>,
    /// Types stored as another type (Swift `typealias`, the `PersistedType` of a
    /// `CustomPersistable`): code name → the type it is stored as.
    pub type_aliases: BTreeMap<String, RawElem>,
    /// Classes deriving from another class (Swift model inheritance), resolved in `build`.
    pub subclasses: Vec<Subclass>,
}

/// A class that derives from `base`: a model class (of the base's kind, the base's properties
/// first) when the base resolves to one in the files read.
#[derive(Debug, Clone)]
pub(crate) struct Subclass {
    /// The class with its own members only.
    pub class: RawClass,
    pub base: String,
    /// Its own primary-key override (legacy `primaryKey()`), else the base's key.
    pub primary_key: Option<String>,
    /// It declares Realm properties itself (`@Persisted`): plainly meant as a model.
    pub modern: bool,
    /// The reader's findings on its members, kept until the class turns out to be a model.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileModels {
    pub fn has_models(&self) -> bool {
        !self.classes.is_empty() || !self.js_types.is_empty()
    }
}

/// One file being read: its text and what was found so far.
pub(crate) struct Src<'a> {
    pub text: &'a str,
    pub out: FileModels,
}

impl<'a> Src<'a> {
    pub fn text(&self, n: Node) -> &'a str {
        self.text.get(n.byte_range()).unwrap_or("")
    }

    /// 1-based line and column (in characters) of the node's start.
    pub fn pos(&self, n: Node) -> Pos {
        let start = n.start_byte().min(self.text.len());
        let line_start = self
            .text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map(|i| i + 1)
            .unwrap_or(0);
        let column = self.text.get(line_start..start).map(|s| s.chars().count()).unwrap_or(0) as u32 + 1;
        Pos {
            line: n.start_position().row as u32 + 1,
            column,
        }
    }

    pub fn loc(&self, n: Node) -> Location {
        let p = self.pos(n);
        Location {
            file: self.out.file.clone(),
            line: p.line,
            column: p.column,
            ..Default::default()
        }
    }

    pub fn report(&mut self, kind: &Kind, path: impl Into<String>, n: Node, message: impl Into<String>) {
        let loc = self.loc(n);
        self.out
            .diagnostics
            .push(Diagnostic::new(kind, path, Some(loc), message));
    }

    /// The trust rule for a class the reader recognises as a Realm model but whose body it cannot
    /// read: push the class (with the properties it did read, usually none) and call this; the
    /// type is kept, marked unread, and the finding names the construct met.
    pub fn unread_type(&mut self, class: &str, n: Node, construct: &str) {
        self.report(
            &kinds::SOURCE_UNREAD_TYPE,
            class,
            n,
            format!("the body of model class `{class}` could not be read ({construct}); its properties are unknown"),
        );
    }

    /// Reports an initialiser that is not read as a default.
    pub fn not_literal(&mut self, path: &str, n: Node, why: &str) {
        let text = one_line(self.text(n));
        self.report(
            &kinds::SOURCE_DEFAULT_NOT_LITERAL,
            path,
            n,
            format!("initialiser `{text}` is {why}: not read as a default value"),
        );
    }

    /// Applies an initialiser to a single scalar property: a literal becomes the default, `null`
    /// none, anything else an info finding.
    pub fn apply_default(&mut self, prop: &mut RawProp, path: &str, init: Node, lit: Option<Lit>) {
        let s = match &prop.ty {
            RawType::Value {
                collection: Collection::Single,
                elem: RawElem::Scalar(s),
                ..
            } => *s,
            RawType::Value {
                collection: Collection::Single,
                elem: RawElem::Class(_),
                ..
            } => {
                // A link (`null` only), or an enum or alias whose type is resolved (or reported)
                // later: only a non-literal initialiser is worth a note.
                if lit.is_none() {
                    self.not_literal(path, init, "not a literal");
                }
                return;
            }
            _ => {
                if !matches!(lit, Some(Lit::Null)) {
                    self.not_literal(
                        path,
                        init,
                        "a collection initialiser (collections have no default value)",
                    );
                }
                return;
            }
        };
        match lit {
            None => self.not_literal(path, init, "not a literal"),
            Some(l) => match default_value(&l, s) {
                Ok(v) => prop.default = v,
                Err(why) => self.not_literal(path, init, &why),
            },
        }
    }
}

/// Text on one line, shortened for messages.
pub(crate) fn one_line(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 60 {
        let cut: String = flat.chars().take(57).collect();
        format!("{cut}...")
    } else {
        flat
    }
}

// ------------------------------------------------------------------------------------------------
// Literals

/// A literal initialiser or argument.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

impl Lit {
    fn describe(&self) -> &'static str {
        match self {
            Lit::Str(_) => "a string",
            Lit::Int(_) => "an integer",
            Lit::Float(_) => "a floating-point number",
            Lit::Bool(_) => "a boolean",
            Lit::Null => "null",
        }
    }

    /// The negated number (`-1`), if a number.
    pub fn negate(self) -> Option<Lit> {
        match self {
            Lit::Int(i) => i.checked_neg().map(Lit::Int),
            Lit::Float(f) => Some(Lit::Float(-f)),
            _ => None,
        }
    }
}

/// The default value of a `s` property from a literal: `Ok(None)` for null.
pub(crate) fn default_value(lit: &Lit, s: ScalarType) -> Result<Option<serde_json::Value>, String> {
    use serde_json::Value as J;
    let float = |f: f64| serde_json::Number::from_f64(f).map(J::Number);
    let v = match (lit, s) {
        (Lit::Null, _) => return Ok(None),
        (Lit::Bool(b), ScalarType::Bool | ScalarType::Mixed) => Some(J::Bool(*b)),
        (Lit::Int(i), ScalarType::Int | ScalarType::Counter | ScalarType::Mixed) => Some(J::from(*i)),
        (Lit::Int(i), ScalarType::Float | ScalarType::Double) => float(*i as f64),
        (Lit::Float(f), ScalarType::Float | ScalarType::Double | ScalarType::Mixed) => float(*f),
        (Lit::Str(t), ScalarType::String | ScalarType::Mixed) => Some(J::String(t.clone())),
        _ => None,
    };
    match v {
        Some(v) => Ok(Some(v)),
        None => Err(format!(
            "{} that does not fit a {} property",
            lit.describe(),
            crate::mapping::realm_name(s)
        )),
    }
}

/// An integer literal's text: decimal, hex (`0x`), binary (`0b`), octal (`0o`), with `_` or `'`
/// separators and type suffixes (`L`, `u`, `l`, `ll`, `i64`) removed.
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let t: String = text.chars().filter(|c| *c != '_' && *c != '\'').collect();
    let t = t.trim_end_matches(['L', 'l', 'U', 'u']);
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b, 2)
    } else if let Some(o) = t.strip_prefix("0o") {
        (o, 8)
    } else {
        (t, 10)
    };
    if digits.is_empty() {
        return None;
    }
    i64::from_str_radix(digits, radix).ok()
}

/// A floating-point literal's text, with `_` separators and `f`/`d`/`m` suffixes removed.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let t: String = text.chars().filter(|c| *c != '_' && *c != '\'').collect();
    let t = t.trim_end_matches(['f', 'F', 'd', 'D', 'm', 'M']);
    let f: f64 = t.parse().ok()?;
    f.is_finite().then_some(f)
}

/// A number literal: integer when it has no `.`/exponent (and is not hex with `e` digits).
pub(crate) fn parse_number(text: &str) -> Option<Lit> {
    let lower = text.to_ascii_lowercase();
    let hex = lower.starts_with("0x");
    let floaty = !hex && (lower.contains('.') || lower.contains('e') || lower.ends_with('f') || lower.ends_with('d'));
    if floaty {
        parse_float(text).map(Lit::Float)
    } else {
        parse_int(text).map(Lit::Int)
    }
}

/// Which escapes and interpolations a language's quoted strings have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Escapes {
    /// `$name` / `${...}` interpolate (Kotlin, Dart); `\$` escapes a dollar.
    pub dollar_interpolation: bool,
    /// `\(...)` interpolates (Swift).
    pub paren_interpolation: bool,
    /// `\u{1F600}` (Swift, JS, Dart).
    pub braced_unicode: bool,
    /// `\uXXXX` (JS, Kotlin, C#, Dart, C++).
    pub short_unicode: bool,
    /// `\xHH` (JS, Dart, C++, C#).
    pub hex: bool,
    /// `\NNN` octal (C++).
    pub octal: bool,
}

/// The value of a string literal's body (between the quotes), or `None` when it interpolates or
/// uses an escape the reader does not know.
pub(crate) fn unescape(body: &str, e: Escapes) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && e.dollar_interpolation {
            if chars
                .peek()
                .is_some_and(|n| *n == '{' || n.is_alphabetic() || *n == '_')
            {
                return None;
            }
            out.push('$');
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let n = chars.next()?;
        match n {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            '`' => out.push('`'),
            '$' => out.push('$'),
            '?' => out.push('?'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            'a' => out.push('\u{7}'),
            '(' if e.paren_interpolation => return None,
            '0'..='7' if e.octal => {
                let mut v = n.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v)?);
            }
            '0' => out.push('\0'),
            'u' if e.braced_unicode && chars.peek() == Some(&'{') => {
                chars.next();
                let mut hex = String::new();
                loop {
                    let d = chars.next()?;
                    if d == '}' {
                        break;
                    }
                    hex.push(d);
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            'u' if e.short_unicode => {
                let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                if hex.len() != 4 {
                    return None;
                }
                let v = u32::from_str_radix(&hex, 16).ok()?;
                out.push(char::from_u32(v)?);
            }
            'x' if e.hex => {
                let mut hex = String::new();
                while hex.len() < 2 {
                    match chars.peek() {
                        Some(d) if d.is_ascii_hexdigit() => {
                            hex.push(*d);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The body of a quoted literal `"..."` / `'...'` (`None` for raw, triple-quoted or prefixed forms).
pub(crate) fn quoted_body(text: &str) -> Option<&str> {
    let q = text.chars().next()?;
    if !matches!(q, '"' | '\'' | '`') || text.len() < 2 || !text.ends_with(q) {
        return None;
    }
    let body = &text[1..text.len() - 1];
    if body.starts_with(q) && body.ends_with(q) && body.len() >= 2 && text.len() >= 6 {
        return None; // """...""" / '''...'''
    }
    Some(body)
}

// ------------------------------------------------------------------------------------------------
// Trees

pub(crate) fn grammar(language: Language) -> tree_sitter::Language {
    match language {
        Language::Swift => tree_sitter_swift::LANGUAGE.into(),
        Language::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
        Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Language::Dart => tree_sitter_dart::LANGUAGE.into(),
        Language::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
        Language::Cpp => tree_sitter_cpp::LANGUAGE.into(),
        Language::Java => tree_sitter_java::LANGUAGE.into(),
        Language::ObjectiveC => tree_sitter_objc::LANGUAGE.into(),
    }
}

/// How long a grammar may take over one file: 3 s plus 1 s per 64 KiB.
fn parse_time_limit(text: &str) -> Duration {
    Duration::from_secs(3) + Duration::from_secs((text.len() / (64 * 1024)) as u64)
}

/// The syntax tree, or `None` when the grammar cannot be loaded or gives no tree in time.
///
/// Guards against grammar bugs: the text always ends with a newline (the Kotlin grammar's
/// scanner loops forever on a file ending in an annotation name, e.g. one cut short), and the
/// parse runs on its own thread, abandoned when it outlives the time limit (a scanner loop never
/// returns to the parser's cancellation check).
pub(crate) fn parse(language: Language, text: &str) -> Option<Tree> {
    let limit = parse_time_limit(text);
    let mut owned = text.to_string();
    if !owned.ends_with('\n') {
        owned.push('\n');
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(format!("syncplan-parse-{}", language.name()))
        .spawn(move || {
            let mut parser = Parser::new();
            if parser.set_language(&grammar(language)).is_err() {
                let _ = tx.send(None);
                return;
            }
            let started = Instant::now();
            let mut progress = |_: &ParseState| {
                if started.elapsed() > limit {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            };
            let bytes = owned.as_bytes();
            let mut input = |offset: usize, _: tree_sitter::Point| bytes.get(offset..).unwrap_or_default();
            let tree = parser.parse_with_options(
                &mut input,
                None,
                Some(ParseOptions::new().progress_callback(&mut progress)),
            );
            let _ = tx.send(tree);
        });
    if worker.is_err() {
        return None;
    }
    rx.recv_timeout(limit + Duration::from_secs(1)).ok().flatten()
}

/// Named children.
pub(crate) fn named(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

/// All children (named and anonymous).
pub(crate) fn all(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.children(&mut c).collect()
}

/// The first named child of a kind.
pub(crate) fn child<'t>(n: Node<'t>, kind: &str) -> Option<Node<'t>> {
    named(n).into_iter().find(|c| c.kind() == kind)
}

/// Every node of the tree below `root` (included), in document order; iterative, so deep trees
/// cannot overflow the stack.
pub(crate) fn preorder(root: Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    loop {
        out.push(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return out;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// The first ERROR or MISSING node not excused by `tolerated`.
fn first_problem<'t>(root: Node<'t>, tolerated: &dyn Fn(Node) -> bool) -> Option<Node<'t>> {
    if !root.has_error() {
        return None;
    }
    preorder(root)
        .into_iter()
        .find(|n| (n.is_error() || n.is_missing()) && !tolerated(*n))
}

/// A cheap test before parsing in a folder walk: the words a model file of the language must
/// contain somewhere.
pub(crate) fn may_hold_models(language: Language, text: &str) -> bool {
    language.may_hold_models(text)
}

/// A part of a file the grammar could not parse, blanked out so that the rest of the file reads.
#[derive(Debug, Clone)]
pub(crate) struct Blanked {
    /// Byte range in the file.
    pub range: std::ops::Range<usize>,
    /// The text that was blanked (one line, shortened).
    pub text: String,
    /// Only statement noise (`;`) was removed: nothing of the model is lost.
    pub noise: bool,
}

/// Languages whose readers recover member by member from a parse error (Kotlin, Java): a broken
/// member must never lose its class or the rest of the file.
fn recovers(language: Language) -> bool {
    matches!(language, Language::Kotlin | Language::Java)
}

/// The last leaf below `n` (the token where the grammar gave up).
fn last_leaf(n: Node) -> Node {
    let mut cur = n;
    while let Some(c) = cur.child(cur.child_count().saturating_sub(1)) {
        cur = c;
    }
    cur
}

/// Error recovery by blanking: while the tree has an error, the line where the grammar gave up is
/// replaced by spaces (a lone `;` of statement noise only that `;`), so byte offsets and line
/// numbers stay the same, and the file is parsed again. Stops at a line that declares a class (the
/// class itself is broken) or after 32 rounds. Returns the patched text and what was blanked.
fn recover(language: Language, text: &str) -> Option<(String, Vec<Blanked>)> {
    let mut owned = text.to_string();
    let mut blanked = Vec::new();
    for _ in 0..32 {
        let tree = parse(language, &owned)?;
        let root = tree.root_node();
        let Some(p) = first_problem(root, &|_| false) else {
            break;
        };
        let leaf = if p.is_missing() { p } else { last_leaf(p) };
        let at = leaf.start_byte().min(owned.len());
        // A `;` where the grammar gave up (the last token, or the next one): statement noise.
        let after = leaf.end_byte().min(owned.len());
        let next_semicolon = owned[after..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .filter(|(_, c)| *c == ';')
            .map(|(i, _)| after + i);
        let (range, noise) = if leaf.kind() == ";" && !p.is_missing() {
            (leaf.byte_range(), true)
        } else if let Some(i) = next_semicolon.filter(|_| !p.is_missing()) {
            (i..i + 1, true)
        } else {
            let start = owned[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let end = owned[at..].find('\n').map(|i| at + i).unwrap_or(owned.len());
            let line = &owned[start..end];
            let words: Vec<&str> = line.split(|c: char| !c.is_alphanumeric() && c != '_').collect();
            // A class header (or a line of it naming a Realm base) is never blanked: the class
            // would be lost; the syntax error is then reported for the file as before.
            let header = words.iter().any(|w| {
                matches!(
                    *w,
                    "class"
                        | "interface"
                        | "object"
                        | "RealmObject"
                        | "EmbeddedRealmObject"
                        | "AsymmetricRealmObject"
                        | "RealmModel"
                        | "RealmClass"
                        | "PersistedName"
                )
            });
            if line.trim().is_empty() || header {
                break;
            }
            let indent = line.len() - line.trim_start().len();
            (start + indent..end, false)
        };
        if range.is_empty() || !owned.is_char_boundary(range.start) || !owned.is_char_boundary(range.end) {
            break;
        }
        blanked.push(Blanked {
            range: range.clone(),
            text: one_line(&owned[range.clone()]),
            noise,
        });
        let spaces: String = owned[range.clone()]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        // Keep the byte length: multi-byte characters become as many spaces as they have bytes.
        let pad = " ".repeat(range.len().saturating_sub(spaces.len()));
        owned.replace_range(range, &format!("{spaces}{pad}"));
    }
    if blanked.is_empty() {
        None
    } else {
        Some((owned, blanked))
    }
}

/// Reports a member the grammar could not parse (blanked by `recover`): the class is read
/// without it. (One place, so that an "unread" marker can replace the id later.)
fn report_unread(src: &mut Src, root: Node, language: Language, b: &Blanked) {
    let mut subject = None;
    for n in preorder(root) {
        if n.kind() == "class_declaration"
            && n.start_byte() <= b.range.start
            && b.range.end <= n.end_byte()
            && let Some(name) = n.child_by_field_name("name")
        {
            subject = Some(src.text(name).trim_matches('`').to_string());
        }
    }
    // Members of the model classes read matter. A line blanked outside them matters only where a
    // model may hide (the file may hold models and names Realm): it may have been a class header,
    // and the class would then be lost without a word. Elsewhere (a view model, a top-level
    // function) it changes no model.
    let subject = match subject {
        Some(s) if src.out.classes.iter().any(|c| c.code_name == s) => s,
        Some(_) => return,
        None => {
            let text = src.text;
            if !(may_hold_models(language, text)
                && (text.to_ascii_lowercase().contains("realm") || text.contains("RLM")))
            {
                return;
            }
            let file = src.out.file.clone();
            file.rsplit('/').next().unwrap_or(&file).to_string()
        }
    };
    let file = src.out.file.clone();
    let before = src.text.get(..b.range.start).unwrap_or("");
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) as u32 + 1;
    src.out.diagnostics.push(Diagnostic::new(
        &kinds::SOURCE_SYNTAX_ERROR,
        subject,
        Some(Location {
            file,
            line,
            column,
            ..Default::default()
        }),
        format!(
            "the {language} grammar cannot parse `{}`; this member is not read (the rest of the class and file is)",
            b.text
        ),
    ));
}

/// A language's part of reading a file: its walk over the syntax tree, and the parse problems its
/// grammar reports on valid code (tolerated). `source::reader` gives each language's; this module
/// uses no language's module.
pub(crate) struct Reader {
    pub read: ReadFn,
    pub tolerated: ToleratedFn,
}

/// A language's walk over a file's syntax tree.
pub(crate) type ReadFn = fn(&mut Src, Node);
/// Whether a parse problem is one the language's grammar reports on valid code.
pub(crate) type ToleratedFn = fn(Node, &str) -> bool;

/// Parses and reads one file with `reader`, the reader of `language`.
pub(crate) fn read_file(language: Language, reader: &Reader, file: &str, text: &str) -> FileModels {
    let recovered = if recovers(language) && may_hold_models(language, text) {
        recover(language, text)
    } else {
        None
    };
    let text: &str = recovered.as_ref().map(|(t, _)| t.as_str()).unwrap_or(text);
    let mut src = Src {
        text,
        out: FileModels {
            language,
            file: file.to_string(),
            classes: Vec::new(),
            js_types: Vec::new(),
            enums: BTreeMap::new(),
            diagnostics: Vec::new(),
            type_aliases: BTreeMap::new(),
            subclasses: Vec::new(),
            schema_literals: Default::default(),
            cross_file_refs: Vec::new(),
        },
    };
    let Some(tree) = parse(language, text) else {
        src.out.diagnostics.push(Diagnostic::new(
            &kinds::SOURCE_SYNTAX_ERROR,
            file,
            Some(Location {
                file: file.to_string(),
                line: 1,
                column: 1,
                ..Default::default()
            }),
            format!(
                "the {language} grammar gave no syntax tree for this file within {} s (broken syntax?); no model is read from it",
                parse_time_limit(text).as_secs()
            ),
        ));
        return src.out;
    };
    let root = tree.root_node();
    (reader.read)(&mut src, root);
    if let Some((_, blanked)) = &recovered {
        for b in blanked.iter().filter(|b| !b.noise) {
            report_unread(&mut src, root, language, b);
        }
    }
    no_silent_empty_classes(&mut src, root);
    // A parse problem makes the model incomplete only where a model may hide: in a file that gave
    // models, or that may hold some and names Realm at all (a model class needs its SDK's import:
    // `import RealmSwift`, `using Realms;`, `io.realm`, `"realm"`, `REALM_SCHEMA`, `<Realm/Realm.h>`
    // or an `RLMObject` base). A SwiftUI view with `ObservableObject` and syntax newer than the
    // grammar is no unread part of the model.
    let names_realm = || text.to_ascii_lowercase().contains("realm") || text.contains("RLM");
    if src.out.has_models() || (may_hold_models(language, text) && names_realm()) {
        let tolerated = |n: Node| (reader.tolerated)(n, text);
        if let Some(p) = first_problem(root, &tolerated) {
            let what = if p.is_missing() {
                format!("a missing `{}`", p.kind())
            } else {
                format!("`{}`", one_line(src.text(p)))
            };
            // Named after the enclosing class when there is one, else after the file.
            let mut subject = None;
            let mut cur = p.parent();
            while let Some(n) = cur {
                if matches!(n.kind(), "class_declaration" | "struct_specifier" | "class_specifier")
                    && let Some(name) = n.child_by_field_name("name")
                {
                    subject = Some(src.text(name).trim_matches('`').to_string());
                    break;
                }
                cur = n.parent();
            }
            let subject = subject.unwrap_or_else(|| file.rsplit('/').next().unwrap_or(file).to_string());
            src.report(
                &kinds::SOURCE_SYNTAX_ERROR,
                subject,
                p,
                format!(
                    "the {language} grammar cannot parse {what} here; models in this file may be read incompletely"
                ),
            );
        }
    }
    src.out
}

/// Member declarations that may hold a persisted property, by grammar (C# fields are never
/// persisted; Dart and JavaScript readers report what they skip themselves).
fn member_kinds(language: Language) -> &'static [&'static str] {
    match language {
        Language::Swift | Language::Kotlin | Language::CSharp => &["property_declaration"],
        Language::Cpp | Language::Java => &["field_declaration"],
        _ => &[],
    }
}

/// A member no SDK persists whatever its syntax: ignored, static or constant, or computed (a
/// getter or accessor with a body and no backing field).
fn never_persisted(src: &Src, m: Node) -> bool {
    let text = src.text(m);
    let words = text.split(|c: char| !(c.is_alphanumeric() || c == '@' || c == '_' || c == '['));
    let marked = words.into_iter().any(|w| {
        matches!(
            w,
            "@Ignore" | "@Ignored" | "@Transient" | "[Ignored" | "static" | "const" | "constexpr" | "transient"
        )
    });
    let computed = m.child_by_field_name("computed_value").is_some()
        || named(m)
            .iter()
            .any(|c| matches!(c.kind(), "getter" | "arrow_expression_clause"))
        || m.child_by_field_name("accessors")
            .is_some_and(|a| src.text(a).contains("=>") || src.text(a).contains("return"));
    marked || computed
}

/// The trust rule's safety net: a model class whose body declares members but gave no property
/// and no finding was read in a syntax the reader does not know (e.g. legacy Realm Swift
/// `@objcMembers` classes): it is kept, marked unread, never reported as an empty model.
fn no_silent_empty_classes(src: &mut Src, root: Node) {
    let silent: Vec<(String, u32, u32)> = src
        .out
        .classes
        .iter()
        .filter(|c| c.props.is_empty())
        .filter(|c| {
            let member = format!("{}.", c.code_name);
            !src.out
                .diagnostics
                .iter()
                .any(|d| d.path == c.code_name || d.path.starts_with(&member))
        })
        .map(|c| (c.code_name.clone(), c.location.line, c.location.column))
        .collect();
    for (class, line, column) in silent {
        // The byte offset of the class name (location columns count characters).
        let Some(line_start) = src
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1) as usize)
            .map(str::len)
            .try_fold(0usize, |a, l| a.checked_add(l))
        else {
            continue;
        };
        let rest = src.text.get(line_start..).unwrap_or("");
        let offset = line_start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map(|(i, _)| i)
                .unwrap_or(0);
        let Some(at) = root.descendant_for_byte_range(offset, offset) else {
            continue;
        };
        // The enclosing class, then its body's direct members (and one level of wrappers).
        let mut cur = Some(at);
        while let Some(n) = cur {
            if n.child_by_field_name("name")
                .is_some_and(|m| m.start_byte() <= offset && offset < m.end_byte().max(offset + 1))
                && n.kind() != at.kind()
            {
                break;
            }
            cur = n.parent();
        }
        let Some(class_node) = cur else { continue };
        let kinds = member_kinds(src.out.language);
        let members: Vec<Node> = named(class_node)
            .into_iter()
            .filter(|b| b.kind().ends_with("body") || b.kind().ends_with("declaration_list"))
            .flat_map(named)
            .filter(|m| kinds.contains(&m.kind()) && !never_persisted(src, *m))
            .collect();
        if let Some(first) = members.first() {
            let what = format!(
                "it declares {} member(s) such as `{}`, in no property syntax this reader knows",
                members.len(),
                one_line(src.text(*first))
            );
            src.unread_type(&class, class_node, &what);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Building the schema

/// Realm JS semantics: mixed and to-one links are always optional, dictionary values that are
/// objects too.
fn normalize_optional(prop: &mut Property) {
    match &prop.ty {
        PropertyType::Value {
            collection: Collection::Single | Collection::Dictionary,
            element: Element::Object(_),
        }
        | PropertyType::Value {
            element: Element::Scalar(ScalarType::Mixed),
            ..
        } => prop.optional = true,
        _ => {}
    }
}

fn at(l: &Location) -> String {
    l.to_string()
}

/// The trust rule: a reader never drops a member or a class silently; it reports one of
/// `crate::diagnostic::UNREAD_IDS` on the class (`Dog`) or the member (`Dog.name`). This marks what those
/// findings name (paths in persisted names) as unread, or the whole model as incomplete when a
/// finding names no type (a syntax error between classes).
pub(crate) fn mark_unread(schema: &mut Schema, diags: &[Diagnostic]) {
    for d in diags.iter().filter(|d| crate::diagnostic::UNREAD_IDS.contains(&d.id)) {
        schema.incomplete = true;
        // Findings on a file (a syntax error outside any class) name no type.
        let file = d.location.as_ref().map(|l| l.file.as_str()).unwrap_or("");
        if d.path == file || Some(d.path.as_str()) == file.rsplit('/').next() {
            continue;
        }
        let (class, member) = match d.path.split_once('.') {
            Some((c, m)) if schema.types.contains_key(c) => (c, Some(m)),
            _ => (d.path.as_str(), None),
        };
        let Some(t) = schema.types.get_mut(class) else {
            continue; // a file-level finding: the model as a whole is incomplete
        };
        let u = t.unread.get_or_insert_with(Default::default);
        match member {
            // A member the reader did read (e.g. only its name mapping was not): still unsure.
            Some(m) if !u.members.iter().any(|x| x == m) => u.members.push(m.to_string()),
            Some(_) => {}
            None if d.id == kinds::SOURCE_UNREAD_TYPE.id => u.body = true,
            None => u.unnamed = true,
        }
    }
}

/// The schema of one client from the classes of its files.
pub(crate) fn build(language: Language, root: &str, files: Vec<FileModels>) -> Result<Loaded, LoadError> {
    let mut schema = Schema::new(Side::Client);
    let mut diags = Vec::new();
    let mut classes: Vec<RawClass> = Vec::new();
    let mut enums: BTreeMap<String, ScalarType> = BTreeMap::new();
    let mut type_aliases: BTreeMap<String, RawElem> = BTreeMap::new();
    let mut subclasses: Vec<Subclass> = Vec::new();
    // A reference unresolved in its file is read when another file of the client declares it.
    let literals: std::collections::BTreeSet<String> =
        files.iter().flat_map(|f| f.schema_literals.iter().cloned()).collect();
    for f in files {
        for (k, v) in f.type_aliases {
            type_aliases.entry(k).or_insert(v);
        }
        subclasses.extend(f.subclasses);
        diags.extend(f.diagnostics);
        diags.extend(
            f.cross_file_refs
                .into_iter()
                .filter(|(name, _)| !literals.contains(name))
                .map(|(_, d)| d),
        );
        classes.extend(f.classes);
        for (k, v) in f.enums {
            enums.entry(k).or_insert(v);
        }
        for t in f.js_types {
            if let Some(prev) = schema.types.get(&t.name) {
                let first = prev.location.as_ref().map(at).unwrap_or_default();
                let (file, pos) = loc_pos(t.location.as_ref());
                return Err(LoadError::new(
                    file,
                    pos,
                    format!("object type \"{}\" is declared twice (first at {first})", t.name),
                ));
            }
            schema.types.insert(t.name.clone(), t);
        }
    }
    inherit(&mut classes, subclasses, &mut diags);
    // Code name → index; persisted names must be unique too.
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in classes.iter().enumerate() {
        if let Some(j) = by_code.get(c.code_name.as_str()) {
            return Err(LoadError::new(
                &c.location.file,
                Pos {
                    line: c.location.line,
                    column: c.location.column,
                },
                format!(
                    "model class `{}` is declared twice (first at {})",
                    c.code_name,
                    at(&classes[*j].location)
                ),
            ));
        }
        by_code.insert(&c.code_name, i);
    }
    let mut alias_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in classes.iter().enumerate() {
        for a in &c.aliases {
            if !by_code.contains_key(a.as_str()) {
                alias_of.entry(a.as_str()).or_insert(i);
            }
        }
    }
    let persisted = |c: &RawClass| c.persisted.clone().unwrap_or_else(|| c.code_name.clone());
    let lookup = |code: &str| by_code.get(code).or_else(|| alias_of.get(code)).copied();
    // The readers name findings by code names (`Pond.depth`); the model by persisted ones.
    for d in diags.iter_mut() {
        let (class, prop) = match d.path.split_once('.') {
            Some((c, p)) => (c, Some(p)),
            None => (d.path.as_str(), None),
        };
        let Some(c) = lookup(class).map(|i| &classes[i]) else {
            continue;
        };
        let prop = prop.map(|p| {
            c.props
                .iter()
                .find(|rp| rp.code_name == p)
                .and_then(|rp| rp.persisted.clone())
                .unwrap_or_else(|| p.to_string())
        });
        d.path = match prop {
            Some(p) => format!("{}.{p}", persisted(c)),
            None => persisted(c),
        };
    }
    for c in &classes {
        let name = persisted(c);
        if let Some(prev) = schema.types.get(&name) {
            let first = prev.location.as_ref().map(at).unwrap_or_default();
            return Err(LoadError::new(
                &c.location.file,
                Pos {
                    line: c.location.line,
                    column: c.location.column,
                },
                format!("object type \"{name}\" is declared twice (first at {first})"),
            ));
        }
        let mut t = ObjectType::new(&name, c.kind);
        t.location = Some(c.location.clone());
        let mut pk: Option<&RawProp> = None;
        let mut by_public: BTreeMap<String, String> = BTreeMap::new();
        for rp in &c.props {
            let pname = rp.persisted.clone().unwrap_or_else(|| rp.code_name.clone());
            let path = format!("{name}.{pname}");
            let unresolved = |what: &str, diags: &mut Vec<Diagnostic>| {
                diags.push(Diagnostic::new(
                    &kinds::SOURCE_UNRESOLVED_TYPE,
                    &path,
                    Some(rp.location.clone()),
                    format!(
                        "`{}`: type `{what}` is not a Realm type nor a model class declared in the {language} files read (a type alias, an enum or a class from elsewhere?); the property is left out",
                        rp.code_name
                    ),
                ));
            };
            let (ty, optional) = match &rp.ty {
                RawType::Value {
                    collection,
                    elem,
                    optional,
                } => {
                    let element = match elem {
                        RawElem::Scalar(s) => Element::Scalar(*s),
                        RawElem::Class(code) => match resolve_class(code, &lookup, &enums, &type_aliases) {
                            Some(Ok(i)) => Element::Object(persisted(&classes[i])),
                            Some(Err(s)) => Element::Scalar(s),
                            None => {
                                unresolved(code, &mut diags);
                                continue;
                            }
                        },
                    };
                    (
                        PropertyType::Value {
                            collection: *collection,
                            element,
                        },
                        *optional,
                    )
                }
                RawType::Backlink {
                    origin_class,
                    origin_prop,
                } => {
                    let Some(i) = lookup(origin_class) else {
                        unresolved(origin_class, &mut diags);
                        continue;
                    };
                    let origin = &classes[i];
                    let prop = origin
                        .props
                        .iter()
                        .find(|p| &p.code_name == origin_prop)
                        .or_else(|| origin.props.iter().find(|p| p.persisted.as_ref() == Some(origin_prop)))
                        .map(|p| p.persisted.clone().unwrap_or_else(|| p.code_name.clone()))
                        .unwrap_or_else(|| origin_prop.clone());
                    (
                        PropertyType::LinkingObjects {
                            object_type: persisted(origin),
                            property: prop,
                        },
                        false,
                    )
                }
            };
            let mut p = Property::new(&pname, ty, optional);
            if pname != rp.code_name {
                p.client_name = Some(rp.code_name.clone());
            }
            p.indexed = rp.indexed;
            p.default = rp.default.clone();
            p.location = Some(rp.location.clone());
            normalize_optional(&mut p);
            if let Some(existing) = t.properties.get(&pname) {
                diags.push(Diagnostic::new(
                    &kinds::DUPLICATE_PROPERTY_NAME,
                    &path,
                    Some(rp.location.clone()),
                    format!(
                        "`{}` and `{}` both persist as \"{pname}\"",
                        rp.code_name,
                        existing.public_name()
                    ),
                ));
                continue;
            }
            if rp.primary_key {
                if let Some(first) = pk {
                    return Err(LoadError::new(
                        &rp.location.file,
                        Pos {
                            line: rp.location.line,
                            column: rp.location.column,
                        },
                        format!(
                            "`{}` has two primary keys: `{}` (at {}) and `{}`",
                            c.code_name,
                            first.code_name,
                            at(&first.location),
                            rp.code_name
                        ),
                    ));
                }
                pk = Some(rp);
                t.primary_key = Some(pname.clone());
            }
            by_public.insert(rp.code_name.clone(), pname.clone());
            t.properties.insert(pname, p);
        }
        // realm-core: a public name must not equal another property's persisted name.
        for (public, persisted) in &by_public {
            if public != persisted
                && let Some(other) = t.properties.get(public)
            {
                diags.push(Diagnostic::new(
                    &kinds::DUPLICATE_PROPERTY_NAME,
                    format!("{name}.{public}"),
                    other.location.clone(),
                    format!(
                        "`{public}` is the code name of the property persisted as \"{persisted}\" and also the persisted name of another property"
                    ),
                ));
            }
        }
        schema.types.insert(name, t);
    }
    crate::diagnostic::sort(&mut diags);
    mark_unread(&mut schema, &diags);
    Ok(Loaded {
        schema,
        root: root.to_string(),
        kind: InputKind::SdkSource(language),
        diagnostics: diags,
    })
}

/// Model inheritance: each subclass whose base is a model class (transitively) becomes a model
/// class of the base's kind with the base's properties first; a subclass that declares Realm
/// properties but whose base is no model class read is a finding.
fn inherit(classes: &mut Vec<RawClass>, mut pending: Vec<Subclass>, diags: &mut Vec<Diagnostic>) {
    loop {
        let mut progressed = false;
        let mut rest = Vec::new();
        for sub in pending {
            let Some(base) = classes.iter().find(|c| c.code_name == sub.base) else {
                rest.push(sub);
                continue;
            };
            let mut props = base.props.clone();
            let mut class = sub.class;
            props.append(&mut class.props);
            if let Some(pk) = &sub.primary_key {
                for p in props.iter_mut() {
                    p.primary_key = &p.code_name == pk;
                }
                if !props.iter().any(|p| &p.code_name == pk) {
                    diags.push(Diagnostic::new(
                        &kinds::SOURCE_UNSUPPORTED_CONSTRUCT,
                        &class.code_name,
                        Some(class.location.clone()),
                        format!(
                            "primaryKey() names `{pk}`, which is not a persisted property of {} (nor of its base class {})",
                            class.code_name, sub.base
                        ),
                    ));
                }
            }
            class.props = props;
            class.kind = base.kind;
            diags.extend(sub.diagnostics);
            classes.push(class);
            progressed = true;
        }
        pending = rest;
        if !progressed || pending.is_empty() {
            break;
        }
    }
    for sub in pending {
        if sub.modern {
            diags.push(Diagnostic::new(
                &kinds::SOURCE_UNRESOLVED_TYPE,
                &sub.class.code_name,
                Some(sub.class.location.clone()),
                format!(
                    "{} declares Realm model properties but derives from `{}`, which is not a model class declared in the files read; {} is left out",
                    sub.class.code_name, sub.base, sub.class.code_name
                ),
            ));
        }
    }
}

/// A class code name as a model class (its index) or a stored scalar (an enum, or an alias of a
/// scalar), following type aliases (a bounded chain).
fn resolve_class(
    code: &str,
    lookup: &dyn Fn(&str) -> Option<usize>,
    enums: &BTreeMap<String, ScalarType>,
    type_aliases: &BTreeMap<String, RawElem>,
) -> Option<Result<usize, ScalarType>> {
    let mut code = code;
    for _ in 0..8 {
        if let Some(i) = lookup(code) {
            return Some(Ok(i));
        }
        if let Some(s) = enums.get(code) {
            return Some(Err(*s));
        }
        match type_aliases.get(code)? {
            RawElem::Scalar(s) => return Some(Err(*s)),
            RawElem::Class(next) => code = next,
        }
    }
    None
}

fn loc_pos(l: Option<&Location>) -> (String, Pos) {
    match l {
        Some(l) => (
            l.file.clone(),
            Pos {
                line: l.line,
                column: l.column,
            },
        ),
        None => (String::new(), Pos::UNKNOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_file(language: Language, file: &str, text: &str) -> FileModels {
        super::read_file(language, &crate::source::reader(language), file, text)
    }

    const C: Escapes = Escapes {
        dollar_interpolation: true,
        paren_interpolation: false,
        braced_unicode: true,
        short_unicode: true,
        hex: true,
        octal: false,
    };

    /// Inputs on which a grammar's scanner never returns, unless guarded (see `parse`).
    #[test]
    fn runaway_grammar_inputs_are_parsed() {
        for text in [
            "class A : RealmObject {\n    var r: Double = 4.5\n    @P",
            "class A : RealmObject {\n  var r: Double = 4.5\n  @PersistedName(\"x",
            "// RealmObject\nvar r: Double = 4.5\n@P",
        ] {
            let started = Instant::now();
            let models = read_file(Language::Kotlin, "A.kt", text);
            assert!(started.elapsed() < Duration::from_secs(10), "{text:?}");
            assert!(
                models.diagnostics.iter().any(|d| d.id == "source_syntax_error"),
                "{text:?}: {:?}",
                models.diagnostics
            );
        }
    }

    /// The safety net, independent of what each reader learns to read: a model class pushed with
    /// no property and no finding, whose body declares members, is reported and kept unread; an
    /// empty body, or members no SDK persists (ignored, static, computed), is not.
    #[test]
    fn a_model_class_with_members_but_no_property_is_unread() {
        for (language, text, expect) in [
            (
                Language::Swift,
                "class Dog: Object {\n    var name = \"\"\n    var age = 0\n}\n",
                true,
            ),
            (Language::Swift, "class Dog: Object {\n}\n", false),
            (
                Language::Swift,
                "class Dog: Object {\n    static let shared = 1\n    var total: Int { 1 }\n}\n",
                false,
            ),
            (
                Language::Kotlin,
                "class Dog : RealmObject {\n    @Ignore var a: String = \"\"\n    val b: Int get() = 1\n}\n",
                false,
            ),
            (
                Language::Kotlin,
                "class Dog : RealmObject {\n    var a: Depth = Depth()\n}\n",
                true,
            ),
            (
                Language::CSharp,
                "class Dog : IRealmObject\n{\n    [Ignored] public string A { get; set; } = \"\";\n    public int B => 1;\n    public int C { get { return 1; } }\n}\n",
                false,
            ),
        ] {
            let Some(tree) = parse(language, text) else {
                panic!("no tree for {text:?}");
            };
            let mut src = Src {
                text,
                out: FileModels {
                    language,
                    file: "Dog.src".into(),
                    classes: Vec::new(),
                    js_types: Vec::new(),
                    enums: BTreeMap::new(),
                    diagnostics: Vec::new(),
                    schema_literals: Default::default(),
                    cross_file_refs: Vec::new(),
                    type_aliases: BTreeMap::new(),
                    subclasses: Vec::new(),
                },
            };
            src.out.classes.push(RawClass {
                code_name: "Dog".into(),
                aliases: Vec::new(),
                persisted: None,
                kind: ObjectKind::TopLevel,
                location: Location {
                    file: "Dog.src".into(),
                    line: 1,
                    column: 7,
                    ..Default::default()
                },
                props: Vec::new(),
            });
            no_silent_empty_classes(&mut src, tree.root_node());
            let found: Vec<(&str, &str)> = src.out.diagnostics.iter().map(|d| (d.id, d.path.as_str())).collect();
            if expect {
                assert_eq!(found, [("source_unread_type", "Dog")], "{text:?}");
                let built = build(language, "Dog.src", vec![src.out]);
                let Ok(loaded) = built else {
                    panic!("{text:?} does not build");
                };
                assert!(loaded.schema.incomplete);
                assert!(loaded.schema.types["Dog"].unread.as_ref().is_some_and(|u| u.body));
            } else {
                assert!(found.is_empty(), "{text:?}: {found:?}");
            }
        }
    }

    #[test]
    fn literals() {
        assert_eq!(parse_int("42L"), Some(42));
        assert_eq!(parse_int("0x1F"), Some(31));
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_float("1.25f"), Some(1.25));
        assert_eq!(parse_number("1e3"), Some(Lit::Float(1000.0)));
        assert_eq!(parse_number("7"), Some(Lit::Int(7)));
        assert_eq!(unescape(r#"a\"b\$c"#, C).as_deref(), Some("a\"b$c"));
        assert_eq!(unescape("x $y", C), None);
        assert_eq!(unescape("x ${y}", C), None);
        assert_eq!(unescape("cost: 5$", C).as_deref(), Some("cost: 5$"));
        assert_eq!(unescape(r"\u{1F600}\u0041", C).as_deref(), Some("\u{1F600}A"));
        assert_eq!(quoted_body("\"ab\""), Some("ab"));
        assert_eq!(quoted_body("\"\"\"ab\"\"\""), None);
        assert_eq!(
            default_value(&Lit::Int(1), ScalarType::Double),
            Ok(serde_json::Number::from_f64(1.0).map(serde_json::Value::Number))
        );
        assert!(default_value(&Lit::Str("x".into()), ScalarType::Int).is_err());
        assert_eq!(default_value(&Lit::Null, ScalarType::Int), Ok(None));
    }
}
