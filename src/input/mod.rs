//! INPUT: the documents layer under every reader. Reading a file (size limit, symlinks kept
//! inside the app, UTF-8 with the position of a bad byte), parsing it into a positioned tree
//! (`json.rs`, `yaml.rs` → `value::Node`), the one load error type, and what a reader returns
//! (`Loaded`). `crate::load` (app exports, server schemas) and `crate::source` (SDK source,
//! Realm JS models) both build on it; it knows neither.

pub mod json;
pub mod value;
pub mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::{Location, Schema};
use value::{Node, Pos};

/// Files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Input that cannot be read or parsed (exit code 2). Nothing is written when one occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl LoadError {
    pub fn new(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        LoadError {
            file: file.into(),
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pos.is_known() {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.pos.line, self.pos.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

/// What kind of input a path held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// `data_sources/<svc>/<db>/<coll>/schema.json` layout (config version 20210101+).
    AppExport,
    /// `services/<svc>/rules/<db>.<coll>.json` layout (config version 20180301).
    LegacyAppExport,
    /// One App Services collection schema (JSON or YAML).
    ServerSchema,
    /// A Realm JS `ObjectSchema` list (JSON or YAML).
    RealmModel,
    /// Model classes read from SDK source code (`src/source/`): Swift, Kotlin, JS/TS, Dart, C#, C++.
    SdkSource(crate::sdk::Language),
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputKind::AppExport => "App Services app export",
            InputKind::LegacyAppExport => "App Services app export (legacy services/ layout)",
            InputKind::ServerSchema => "App Services schema",
            InputKind::RealmModel => "Realm object model",
            InputKind::SdkSource(language) => return write!(f, "SDK source ({language})"),
        })
    }
}

/// One loaded model with what the loader had to say about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub schema: Schema,
    /// The app root or the file, as given (relative paths stay relative).
    pub root: String,
    pub kind: InputKind,
    pub diagnostics: Vec<Diagnostic>,
}

/// Display form of a path (forward slashes, as given).
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

pub fn location(file: &str, pos: Pos) -> Option<Location> {
    Some(Location {
        file: file.to_string(),
        line: pos.line,
        column: pos.column,
        end_line: 0,
        end_column: 0,
    })
}

/// The span of an object entry: from its key to the end of its value (when the parser knows it).
pub fn entry_span(file: &str, key: Pos, value: &Node) -> Option<Location> {
    Some(Location {
        file: file.to_string(),
        line: key.line,
        column: key.column,
        end_line: value.end.line,
        end_column: value.end.column,
    })
}

/// The span of a parsed value: where it starts and, when the parser knows, where it ends.
pub fn span(file: &str, node: &Node) -> Option<Location> {
    Some(Location {
        file: file.to_string(),
        line: node.pos.line,
        column: node.pos.column,
        end_line: node.end.line,
        end_column: node.end.column,
    })
}

/// Reads a file as UTF-8 text with the size limit; `root`, when given, is the directory the file
/// must stay inside (symlinks leaving it are refused).
pub fn read_text(path: &Path, root: Option<&Path>) -> Result<String, LoadError> {
    let shown = display_path(path);
    let meta = std::fs::symlink_metadata(path).map_err(|e| LoadError::new(&shown, Pos::UNKNOWN, io_message(&e)))?;
    if meta.file_type().is_symlink()
        && let Some(root) = root
    {
        let target = std::fs::canonicalize(path)
            .map_err(|e| LoadError::new(&shown, Pos::UNKNOWN, format!("broken symlink: {}", io_message(&e))))?;
        let root = std::fs::canonicalize(root)
            .map_err(|e| LoadError::new(display_path(root), Pos::UNKNOWN, io_message(&e)))?;
        if !target.starts_with(&root) {
            return Err(LoadError::new(
                &shown,
                Pos::UNKNOWN,
                format!(
                    "symlink points outside the app directory (to {}); refusing to follow it",
                    display_path(&target)
                ),
            ));
        }
    }
    let meta = std::fs::metadata(path).map_err(|e| LoadError::new(&shown, Pos::UNKNOWN, io_message(&e)))?;
    if meta.is_dir() {
        return Err(LoadError::new(
            &shown,
            Pos::UNKNOWN,
            "expected a file, found a directory",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(
            &shown,
            Pos::UNKNOWN,
            format!(
                "file is {} bytes, over the {} MiB limit",
                meta.len(),
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| LoadError::new(&shown, Pos::UNKNOWN, io_message(&e)))?;
    String::from_utf8(bytes).map_err(|e| {
        let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = ok.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let col_bytes = ok.iter().rev().take_while(|&&b| b != b'\n').count();
        let col = String::from_utf8_lossy(&ok[ok.len() - col_bytes..]).chars().count() as u32 + 1;
        LoadError::new(
            &shown,
            Pos { line, column: col },
            format!("invalid UTF-8 at byte offset {}", e.utf8_error().valid_up_to()),
        )
    })
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Parses a document: YAML for `.yaml`/`.yml`, JSON otherwise.
pub fn parse_document(path: &Path, text: &str) -> Result<Node, LoadError> {
    let shown = display_path(path);
    let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    let r = if is_yaml { yaml::parse(text) } else { json::parse(text) };
    r.map_err(|e| {
        let what = if is_yaml { "invalid YAML" } else { "invalid JSON" };
        LoadError::new(shown, e.pos, format!("{what}: {}", e.message))
    })
}

pub fn read_document(path: &Path, root: Option<&Path>) -> Result<Node, LoadError> {
    let text = read_text(path, root)?;
    parse_document(path, &text)
}

/// Joins a root and a relative path for display.
pub fn join(root: &Path, rel: &str) -> PathBuf {
    root.join(rel)
}
