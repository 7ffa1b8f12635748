//! Where an app sets its local Realm `schemaVersion`, and whether it asks the SDK to delete the
//! file instead of migrating, read from SDK source.
//!
//! Each file is parsed with its language's tree-sitter grammar; the reader then walks the tree's
//! tokens (leaves, comments left out) for the configuration forms each SDK documents:
//! - Swift `Realm.Configuration(schemaVersion: 3)`, `config.schemaVersion = 3`; Objective-C
//!   `config.schemaVersion = 3;`;
//! - Kotlin SDK and Realm Java (Java or Kotlin) `RealmConfiguration.Builder(...).schemaVersion(3)`;
//! - JS/TS `schemaVersion: 3` in a configuration object, `<RealmProvider schemaVersion={3}>`;
//! - Dart `Configuration.local([...], schemaVersion: 3)`;
//! - C# `SchemaVersion = 3`;
//! - C++ `config.set_schema_version(3)`.
//!
//! A version may be a named constant (`const val DB_VERSION = 5L`, `static let schema: UInt64 = 4`):
//! names are resolved against integer constants declared in the files read; what cannot be
//! resolved is reported, never guessed. Delete-instead flags: Swift/JS `deleteRealmIfMigrationNeeded`
//! set to true, Kotlin/Java `.deleteRealmIfMigrationNeeded()`, Dart `shouldDeleteIfMigrationNeeded:
//! true`, C# `ShouldDeleteIfMigrationNeeded = true`, C++ `set_schema_mode(...reset_file)`.

pub use crate::model::{Site, SiteKind, SourceConfig};

#[cfg(feature = "sdk-sources")]
pub use reader::read;

#[cfg(feature = "sdk-sources")]
mod reader {
    use std::collections::BTreeMap;

    use super::{Site, SiteKind, SourceConfig};
    use crate::model::Location;
    use crate::source::Language;
    use crate::source::common::{parse, parse_int, preorder};

    /// One token: a leaf of the syntax tree outside comments.
    struct Tok<'a> {
        text: &'a str,
        line: u32,
        column: u32,
    }

    fn tokens<'a>(tree: &tree_sitter::Tree, text: &'a str) -> Vec<Tok<'a>> {
        let mut out = Vec::new();
        let mut in_comment: Vec<std::ops::Range<usize>> = Vec::new();
        for n in preorder(tree.root_node()) {
            if n.kind().contains("comment") {
                in_comment.push(n.byte_range());
                continue;
            }
            if n.child_count() > 0 || in_comment.iter().any(|r| r.contains(&n.start_byte())) {
                continue;
            }
            let Some(t) = text.get(n.byte_range()) else { continue };
            let t = t.trim();
            if t.is_empty() {
                continue;
            }
            let p = n.start_position();
            out.push(Tok {
                text: t,
                line: p.row as u32 + 1,
                column: p.column as u32 + 1,
            });
        }
        out
    }

    fn is_ident(s: &str) -> bool {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    fn number(s: &str) -> Option<u64> {
        if !s.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        parse_int(s).and_then(|v| u64::try_from(v).ok())
    }

    /// The separators allowed between the version key and its value, per language.
    fn version_forms(language: Language) -> (&'static [&'static str], &'static [&'static str]) {
        // (keys, separators)
        match language {
            Language::Swift => (&["schemaVersion"], &[":", "="]),
            Language::ObjectiveC => (&["schemaVersion"], &["="]),
            Language::Kotlin | Language::Java => (&["schemaVersion"], &["("]),
            Language::JavaScript | Language::TypeScript => (&["schemaVersion"], &[":", "=", "{"]),
            Language::Dart => (&["schemaVersion"], &[":"]),
            Language::CSharp => (&["SchemaVersion"], &["="]),
            Language::Cpp => (&["set_schema_version"], &["("]),
        }
    }

    const DECLARATION_WORDS: &[&str] = &[
        "var",
        "let",
        "val",
        "func",
        "fun",
        "public",
        "private",
        "internal",
        "protected",
        "get",
        "set",
    ];

    struct FileScan {
        /// (key token index) → value expression tokens, kind.
        versions: Vec<(Location, String)>,
        flags: Vec<(Location, String)>,
        constants: Vec<(String, u64)>,
    }

    fn scan(language: Language, file: &str, text: &str) -> Option<FileScan> {
        let tree = parse(language, text)?;
        let toks = tokens(&tree, text);
        let mut out = FileScan {
            versions: vec![],
            flags: vec![],
            constants: vec![],
        };
        let at = |t: &Tok| Location {
            file: file.to_string(),
            line: t.line,
            column: t.column,
            ..Default::default()
        };
        let (keys, seps) = version_forms(language);
        for (i, t) in toks.iter().enumerate() {
            let next = |k: usize| toks.get(i + k).map(|t| t.text).unwrap_or("");
            let prev = if i > 0 { toks[i - 1].text } else { "" };
            // Integer constants: NAME [: Type] = NUMBER.
            if is_ident(t.text) {
                let value = if next(1) == "=" {
                    number(next(2))
                } else if next(1) == ":" && is_ident(next(2)) && next(3) == "=" {
                    number(next(4))
                } else {
                    None
                };
                if let Some(v) = value {
                    out.constants.push((t.text.to_string(), v));
                }
            }
            if keys.contains(&t.text) && !DECLARATION_WORDS.contains(&prev) {
                let mut k = 1;
                let mut seen_sep = false;
                while k <= 2 && seps.contains(&next(k)) {
                    seen_sep = true;
                    k += 1;
                }
                // `config.schemaVersion = 3` but not `schemaVersion == 3` or a read.
                if !seen_sep || next(k) == "=" {
                    continue;
                }
                let v = next(k);
                if let Some(n) = number(v) {
                    out.versions.push((at(t), n.to_string()));
                } else if is_ident(v) {
                    // A dotted path: `RealmSchemaVersion.drive`, `Constants.DB_VERSION`.
                    let mut name = v.to_string();
                    let mut j = k;
                    while next(j + 1) == "." && is_ident(next(j + 2)) {
                        name = next(j + 2).to_string();
                        j += 2;
                    }
                    // A type annotation (`schemaVersion: UInt64`) is a declaration, not a setting.
                    if matches!(next(j + 1), "=" | "{") && next(k - 1) == ":" {
                        continue;
                    }
                    out.versions.push((at(t), format!("@{name}")));
                }
            }
            let flag = match (language, t.text) {
                (Language::Swift | Language::JavaScript | Language::TypeScript, "deleteRealmIfMigrationNeeded") => {
                    matches!(next(1), ":" | "=") && matches!(next(2), "true")
                }
                (Language::Kotlin | Language::Java, "deleteRealmIfMigrationNeeded") => prev == "." && next(1) == "(",
                (Language::ObjectiveC, "deleteRealmIfMigrationNeeded") => {
                    next(1) == "=" && matches!(next(2), "YES" | "true")
                }
                (Language::Dart, "shouldDeleteIfMigrationNeeded") => next(1) == ":" && next(2) == "true",
                (Language::CSharp, "ShouldDeleteIfMigrationNeeded") => next(1) == "=" && next(2) == "true",
                (Language::Cpp, "soft_reset_file" | "hard_reset_file") => {
                    toks[i.saturating_sub(8)..i].iter().any(|x| x.text == "set_schema_mode")
                }
                _ => false,
            };
            if flag {
                out.flags.push((at(t), t.text.to_string()));
            }
        }
        Some(out)
    }

    /// Reads every file given (path shown in locations, language, text).
    pub fn read(files: &[(String, Language, String)], whole_app: bool) -> SourceConfig {
        let scans: Vec<FileScan> = files
            .iter()
            .filter(|(_, _, text)| {
                text.contains("chemaVersion")
                    || text.contains("schema_version")
                    || text.contains("IfMigrationNeeded")
                    || text.contains("reset_file")
            })
            .filter_map(|(f, l, t)| scan(*l, f, t))
            .collect();
        // Constants: a name declared with one value everywhere.
        let mut constants: BTreeMap<&str, Option<u64>> = BTreeMap::new();
        for s in &scans {
            for (n, v) in &s.constants {
                constants
                    .entry(n.as_str())
                    .and_modify(|e| {
                        if *e != Some(*v) {
                            *e = None;
                        }
                    })
                    .or_insert(Some(*v));
            }
        }
        let mut sites = Vec::new();
        for s in &scans {
            for (loc, v) in &s.versions {
                let kind = match v.strip_prefix('@') {
                    Some(name) => match constants.get(name) {
                        Some(Some(n)) => SiteKind::Version(*n),
                        _ => SiteKind::Unresolved(name.to_string()),
                    },
                    None => v
                        .parse()
                        .map(SiteKind::Version)
                        .unwrap_or(SiteKind::Unresolved(v.clone())),
                };
                sites.push(Site {
                    kind,
                    location: loc.clone(),
                });
            }
            for (loc, f) in &s.flags {
                sites.push(Site {
                    kind: SiteKind::DeleteFlag(f.clone()),
                    location: loc.clone(),
                });
            }
        }
        sites.sort_by(|a, b| a.location.cmp(&b.location));
        SourceConfig { sites, whole_app }
    }
}
