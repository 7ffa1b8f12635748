//! LOCAL: what a change means for a local (non-synced) Realm file, as realm-core 14.14 behaves in
//! its `Automatic` schema mode (every SDK but Realm Java, which uses `Manual`).
//!
//! The verdict per change kind follows realm-core's measured behaviour on real files with data
//! (realm-core `object_store.cpp`: `apply_non_migration_changes` at the same version,
//! `apply_pre_migration_changes` / `apply_post_migration_changes` after a bump):
//! - `none`: opens without a `schemaVersion` bump (added classes, index changes, added unreachable
//!   embedded classes, code-side renames through `mapTo` / `@PersistedName` / `[MapTo]`);
//! - `bump`: needs a higher `schemaVersion`; realm-core keeps every stored value NEW still has;
//! - `migration`: needs a bump and migration code: without it stored values are lost or changed
//!   (realm-core recreates the column for a type, collection-kind or link-target change and for
//!   optional → required; a persisted-name change is a removal plus an addition), or the open
//!   fails (duplicate primary-key values, top-level → embedded with orphans or shared children);
//! - `invalid`: NEW itself cannot be opened (e.g. an asymmetric class in a local realm).
//!
//! Facts (diff) stay neutral; this module is the judgement for the local context only. The rule
//! catalog calls [`verdict`] for every finding under `--context local`.

pub mod validation;

use serde::Serialize;

use crate::diff::{Change, ChangeKind, Item};
use crate::model::ObjectKind;

/// The local verdict of one finding, or the worst of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocalVerdict {
    /// Opens without a `schemaVersion` bump.
    None,
    /// Needs a `schemaVersion` bump; every stored value NEW still has is kept.
    Bump,
    /// Needs a bump and migration code (values would be lost or changed, or the open fails).
    Migration,
    /// NEW cannot be opened as a local realm at all.
    Invalid,
}

impl LocalVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            LocalVerdict::None => "none",
            LocalVerdict::Bump => "bump",
            LocalVerdict::Migration => "migration",
            LocalVerdict::Invalid => "invalid",
        }
    }

    /// The verdict in words, for text and markdown.
    pub fn words(self) -> &'static str {
        match self {
            LocalVerdict::None => "opens without a schemaVersion bump",
            LocalVerdict::Bump => "needs a schemaVersion bump",
            LocalVerdict::Migration => "needs a schemaVersion bump and migration code",
            LocalVerdict::Invalid => "the new model cannot be opened",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            LocalVerdict::None,
            LocalVerdict::Bump,
            LocalVerdict::Migration,
            LocalVerdict::Invalid,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

impl std::fmt::Display for LocalVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn same_property(a: &Change, b: &Change) -> bool {
    a.object_type == b.object_type && a.property == b.property
}

/// The local verdict of one change, given every change of the diff (some verdicts depend on a
/// second change to the same property or type).
pub fn verdict(c: &Change, all: &[Change]) -> LocalVerdict {
    use LocalVerdict as V;
    match &c.kind {
        // A new class (top-level, or embedded even when nobody links to it yet) opens at the same
        // version (non-mig: AddTable, AddInitialProperties). An asymmetric one cannot exist locally.
        ChangeKind::TypeAdded => match c.new_type().map(|t| t.kind) {
            Some(ObjectKind::Asymmetric) => V::Invalid,
            _ => V::None,
        },
        // A class left out of the model is not a change for realm-core (RemoveTable is never
        // requested on open); a link to it is reported as its own removed property.
        ChangeKind::TypeRemoved => V::None,
        // Classes are matched by persisted name: a new name is a new, empty table and the old
        // table's rows stay behind. Only migration code can move them.
        ChangeKind::TypeRenamed { .. } => V::Migration,
        ChangeKind::TypeKindChanged { before, after } => match (before, after) {
            (_, ObjectKind::Asymmetric) => V::Invalid,
            // Embedded → top-level without a key keeps every value (L25); with a new key the
            // primary-key finding says migration (L25b).
            (ObjectKind::Embedded, ObjectKind::TopLevel) => V::Bump,
            // Top-level → embedded: fails on an object with no parent or several (L22w–L24), or
            // deletes/clones them when the SDK resolves it (L22r, L24r). Safe only for data where
            // every object has exactly one parent (L22), which a model cannot show.
            _ => V::Migration,
        },
        ChangeKind::TypeCollectionChanged => V::None,
        ChangeKind::PropertyAdded => {
            if c.from.is_some() {
                // The same SDK name over a new persisted name: a removal plus an addition for
                // realm-core; the values stay under the old column, which is dropped (L28).
                V::Migration
            } else {
                V::Bump
            }
        }
        ChangeKind::PropertyRemoved => V::Bump,
        // A rename hint: the values follow only through the SDK's rename call (or a copy).
        ChangeKind::PropertyRenamed { .. } => V::Migration,
        // Type, collection kind, link target (L04–L06, L11–L15, L18): `replace_column`.
        ChangeKind::PropertyTypeChanged | ChangeKind::RelationshipChanged => V::Migration,
        // `make_property_required` recreates the column: every value is lost (L08, L10).
        ChangeKind::MadeRequired => V::Migration,
        ChangeKind::MadeOptional => {
            // Nullability and an index change of the same property in one step fail on a stale
            // column key without a migration function (L42, L43).
            let index_too = all
                .iter()
                .any(|o| matches!(o.kind, ChangeKind::IndexAdded | ChangeKind::IndexRemoved) && same_property(o, c));
            if index_too { V::Migration } else { V::Bump }
        }
        ChangeKind::PrimaryKeyChanged => {
            let removed = matches!(&c.new, Some(Item::Value(serde_json::Value::Null)) | None);
            if removed {
                // Keyless afterwards: `set_primary_key(nullptr)` keeps the values (L19).
                V::Bump
            } else {
                // Moved or added: the new key must be unique at once (L16, L17, L20, L25b).
                V::Migration
            }
        }
        ChangeKind::DefaultAdded | ChangeKind::DefaultChanged | ChangeKind::DefaultRemoved => V::None,
        ChangeKind::IndexAdded | ChangeKind::IndexRemoved => {
            // With a nullability change of the same property: see MadeOptional (L42–L44).
            let nullability_too = all
                .iter()
                .any(|o| matches!(o.kind, ChangeKind::MadeOptional | ChangeKind::MadeRequired) && same_property(o, c));
            if nullability_too { V::Migration } else { V::None }
        }
        ChangeKind::ClientNameChanged => V::None,
        // Server-side settings (sync, permissions, App Services schema constraints) do not
        // touch a local file.
        ChangeKind::QueryableFieldAdded
        | ChangeKind::QueryableFieldRemoved
        | ChangeKind::IndexedQueryableFieldChanged
        | ChangeKind::SyncModeChanged
        | ChangeKind::PartitionKeyChanged
        | ChangeKind::SyncEnabled
        | ChangeKind::PartitionPermissionsChanged
        | ChangeKind::PermissionChanged
        | ChangeKind::PermissionQueryableFieldRemoved
        | ChangeKind::ConstraintTightened
        | ChangeKind::ConstraintLoosened
        | ChangeKind::RecoveryModeChanged
        | ChangeKind::ClientMaxOfflineDaysChanged
        | ChangeKind::DevelopmentModeChanged
        | ChangeKind::SyncDataSourceChanged => V::None,
    }
}

/// Changes that exist only on the server (sync configuration, permissions, App Services schema
/// constraints, the collection a type maps to): a local realm file never sees them. Exhaustive,
/// so that a new change kind must be judged here.
pub fn server_only(k: &ChangeKind) -> bool {
    match k {
        ChangeKind::TypeCollectionChanged
        | ChangeKind::QueryableFieldAdded
        | ChangeKind::QueryableFieldRemoved
        | ChangeKind::IndexedQueryableFieldChanged
        | ChangeKind::SyncModeChanged
        | ChangeKind::PartitionKeyChanged
        | ChangeKind::SyncEnabled
        | ChangeKind::PartitionPermissionsChanged
        | ChangeKind::PermissionChanged
        | ChangeKind::PermissionQueryableFieldRemoved
        | ChangeKind::ConstraintTightened
        | ChangeKind::ConstraintLoosened
        | ChangeKind::RecoveryModeChanged
        | ChangeKind::ClientMaxOfflineDaysChanged
        | ChangeKind::DevelopmentModeChanged
        | ChangeKind::SyncDataSourceChanged => true,
        ChangeKind::TypeAdded
        | ChangeKind::TypeRemoved
        | ChangeKind::TypeRenamed { .. }
        | ChangeKind::TypeKindChanged { .. }
        | ChangeKind::PropertyAdded
        | ChangeKind::PropertyRemoved
        | ChangeKind::PropertyRenamed { .. }
        | ChangeKind::PropertyTypeChanged
        | ChangeKind::RelationshipChanged
        | ChangeKind::MadeRequired
        | ChangeKind::MadeOptional
        | ChangeKind::PrimaryKeyChanged
        | ChangeKind::DefaultAdded
        | ChangeKind::DefaultChanged
        | ChangeKind::DefaultRemoved
        | ChangeKind::IndexAdded
        | ChangeKind::IndexRemoved
        | ChangeKind::ClientNameChanged => false,
    }
}

/// The SDKs whose local migration behaviour differs (reference: each SDK's source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocalSdk {
    Swift,
    Kotlin,
    /// Realm Java (`io.realm`): local files open in realm-core's `Manual` mode.
    Java,
    Js,
    Dart,
    Csharp,
    Cpp,
}

impl LocalSdk {
    pub const ALL: [LocalSdk; 7] = [
        LocalSdk::Swift,
        LocalSdk::Kotlin,
        LocalSdk::Java,
        LocalSdk::Js,
        LocalSdk::Dart,
        LocalSdk::Csharp,
        LocalSdk::Cpp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LocalSdk::Swift => "swift",
            LocalSdk::Kotlin => "kotlin",
            LocalSdk::Java => "java",
            LocalSdk::Js => "js",
            LocalSdk::Dart => "dart",
            LocalSdk::Csharp => "csharp",
            LocalSdk::Cpp => "cpp",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ts" | "typescript" | "javascript" => Some(LocalSdk::Js),
            "c#" | "dotnet" | "net" => Some(LocalSdk::Csharp),
            "c++" => Some(LocalSdk::Cpp),
            "objc" | "objective-c" => Some(LocalSdk::Swift),
            _ => LocalSdk::ALL.into_iter().find(|x| x.name() == s),
        }
    }
}

/// What one change needs in one SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SdkVerdict {
    pub verdict: LocalVerdict,
    /// The SDK has no migration callback, so a change that needs code cannot be migrated in it
    /// (C++); the values are lost or the open fails.
    pub cannot_migrate: bool,
}

/// The verdict of a change in one SDK, on top of realm-core's:
/// - Realm Java opens local files in `Manual` mode: every schema change, even an added class or
///   index, must be rebuilt in its `RealmMigration`, so anything but `none` on an unchanged
///   model is `migration`, and `none` changes (added class, index, ...) are `migration` too,
///   except those that change nothing in the file (a code-side rename, a default).
/// - C++ sets a version but has no migration callback: `migration` stays `migration`, marked as
///   impossible in that SDK.
pub fn sdk_verdict(sdk: LocalSdk, c: &Change, all: &[Change]) -> SdkVerdict {
    let core = verdict(c, all);
    match sdk {
        LocalSdk::Java => {
            let file_change = !(matches!(
                c.kind,
                ChangeKind::ClientNameChanged
                    | ChangeKind::DefaultAdded
                    | ChangeKind::DefaultChanged
                    | ChangeKind::DefaultRemoved
                    | ChangeKind::TypeRemoved
            ) || server_only(&c.kind));
            let verdict = if core == LocalVerdict::Invalid {
                core
            } else if file_change {
                LocalVerdict::Migration
            } else {
                core
            };
            SdkVerdict {
                verdict,
                cannot_migrate: false,
            }
        }
        LocalSdk::Cpp => SdkVerdict {
            verdict: core,
            cannot_migrate: core == LocalVerdict::Migration,
        },
        _ => SdkVerdict {
            verdict: core,
            cannot_migrate: false,
        },
    }
}

// ---------------------------------------------------------------- report: versions, gate ----

use crate::classify::Classified;
use crate::diagnostic::{Diagnostic, Severity, kinds};
use crate::load::Loaded;
use crate::model::Location;
use crate::rules::Context;

/// Where a schema version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionSource {
    /// `--schema-version OLD:NEW`.
    Flag,
    /// Read from the model (Realm JS JSON `schemaVersion`) or from SDK source.
    Model,
    /// A whole app folder that sets no version: the SDK default, 0.
    Default,
    /// Not found (one file read, or an expression that could not be resolved).
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionSide {
    pub version: Option<u64>,
    pub source: VersionSource,
    /// Where the source sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// The local part of a report: the schema versions and what they mean for the change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalReport {
    pub schema_version: VersionPair,
    /// `schema_version_*` and `delete_realm_if_migration_needed` findings.
    pub findings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionPair {
    pub old: VersionSide,
    pub new: VersionSide,
}

fn side_version(l: &Loaded, flag: Option<u64>) -> VersionSide {
    if let Some(v) = flag {
        return VersionSide {
            version: Some(v),
            source: VersionSource::Flag,
            at: None,
        };
    }
    if let Some(v) = l.schema.schema_version {
        return VersionSide {
            version: Some(v),
            source: VersionSource::Model,
            at: None,
        };
    }
    match l.schema.source_config.as_ref().and_then(|c| c.version()) {
        Some((v, sites)) if !sites.is_empty() => VersionSide {
            version: Some(v),
            source: VersionSource::Model,
            at: sites.first().map(|s| s.location.clone()),
        },
        Some((v, _)) => VersionSide {
            version: Some(v),
            source: VersionSource::Default,
            at: None,
        },
        None => VersionSide {
            version: None,
            source: VersionSource::Unknown,
            at: None,
        },
    }
}

/// Parses `--schema-version OLD:NEW`.
pub fn parse_versions(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("--schema-version \"{s}\": expected OLD:NEW, two integers ≥ 0 (e.g. 3:4)");
    let (a, b) = s.split_once(':').ok_or_else(bad)?;
    Ok((
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    ))
}

/// Completes a classified comparison of one pair of models: the validation of both sides (when
/// either is invalid: an invalid NEW makes the client verdict breaking and the local one
/// `invalid`), and under `--context local` the worst local verdict and the schema-version report.
pub fn attach(c: &mut Classified, old: &Loaded, new: &Loaded, ctx: &Context, versions: Option<(u64, u64)>) {
    c.validation = validation::validate_pair(old, new, ctx.local);
    let new_invalid = c.validation.as_ref().is_some_and(|v| v.new_invalid());
    // realm-core refuses to open an invalid client model: none of its changes is safe there.
    if new_invalid && new.schema.side == crate::model::Side::Client {
        c.verdict.client = crate::rules::Verdict::Breaking;
    }
    if !ctx.local {
        return;
    }
    let worst = c
        .findings
        .iter()
        .filter(|f| f.accepted.is_none())
        .filter_map(|f| f.local)
        .max()
        .unwrap_or(LocalVerdict::None);
    let worst = if new_invalid { LocalVerdict::Invalid } else { worst };
    c.verdict.local = Some(worst);
    let pair = VersionPair {
        old: side_version(old, versions.map(|v| v.0)),
        new: side_version(new, versions.map(|v| v.1)),
    };
    let mut findings = Vec::new();
    let new_at = pair.new.at.clone().or_else(|| {
        (!new.root.is_empty()).then(|| Location {
            file: new.root.clone(),
            line: 0,
            column: 0,
        })
    });
    if let (Some(o), Some(n)) = (pair.old.version, pair.new.version) {
        if n < o {
            findings.push(Diagnostic::new(
                &kinds::SCHEMA_VERSION_LOWERED,
                "schemaVersion",
                new_at.clone(),
                format!("schema version goes down from {o} to {n}: existing files fail to open"),
            ));
        } else if n == o && (LocalVerdict::Bump..=LocalVerdict::Migration).contains(&worst) {
            let why: Vec<String> = c
                .findings
                .iter()
                .filter(|f| f.accepted.is_none() && f.local.is_some_and(|l| l >= LocalVerdict::Bump))
                .take(3)
                .map(|f| f.message.clone())
                .collect();
            let set = match pair.new.source {
                VersionSource::Default => " (never set: the SDK default)".to_string(),
                _ => String::new(),
            };
            findings.push(Diagnostic::new(
                &kinds::SCHEMA_VERSION_NOT_BUMPED,
                "schemaVersion",
                new_at.clone(),
                format!(
                    "schema version is still {n}{set}, but the change {}: {}",
                    worst.words(),
                    why.join("; ")
                ),
            ));
        }
    }
    if let Some(cfg) = &new.schema.source_config {
        if pair.new.version.is_none() {
            for s in cfg.unresolved() {
                if let crate::source::version::SiteKind::Unresolved(name) = &s.kind {
                    findings.push(Diagnostic::new(
                        &kinds::SCHEMA_VERSION_UNRESOLVED,
                        "schemaVersion",
                        Some(s.location.clone()),
                        format!("schema version set from `{name}`, which syncplan cannot resolve to an integer"),
                    ));
                }
            }
        }
        for s in cfg.delete_flags() {
            if let crate::source::version::SiteKind::DeleteFlag(name) = &s.kind {
                findings.push(Diagnostic::new(
                    &kinds::DELETE_REALM_IF_MIGRATION_NEEDED,
                    "configuration",
                    Some(s.location.clone()),
                    format!(
                        "`{name}` deletes the realm file instead of migrating: in a release build users lose their data"
                    ),
                ));
            }
        }
    }
    crate::diagnostic::sort(&mut findings);
    c.local = Some(LocalReport {
        schema_version: pair,
        findings,
    });
}

impl Classified {
    /// Whether the comparison fails regardless of `--fail-on`: NEW is invalid, or a local
    /// schema-version error (unchanged version for a change that needs a bump, a lowered one).
    pub fn blocks_gate(&self) -> bool {
        self.validation.as_ref().is_some_and(|v| v.new_invalid())
            || self
                .local
                .as_ref()
                .is_some_and(|l| l.findings.iter().any(|d| d.severity == Severity::Error))
    }
}

/// Text for a report's local section.
pub fn text(c: &Classified) -> String {
    let mut s = String::new();
    if let Some(v) = c.verdict.local {
        s.push_str(&format!("local realm: {} ({})\n", v.as_str().to_uppercase(), v.words()));
    }
    if let Some(l) = &c.local {
        let show = |v: &VersionSide| match v.version {
            Some(n) => format!(
                "{n}{}",
                match v.source {
                    VersionSource::Flag => " (--schema-version)".to_string(),
                    VersionSource::Default => " (not set: SDK default)".to_string(),
                    VersionSource::Model => v.at.as_ref().map(|a| format!(" (at {a})")).unwrap_or_default(),
                    VersionSource::Unknown => String::new(),
                }
            ),
            None => "unknown (pass --schema-version OLD:NEW)".into(),
        };
        s.push_str(&format!(
            "schema version: {} → {}\n",
            show(&l.schema_version.old),
            show(&l.schema_version.new)
        ));
        for d in &l.findings {
            let at = d.location.as_ref().map(|l| format!("\n    at {l}")).unwrap_or_default();
            s.push_str(&format!(
                "  {}[{}] {}{at}\n    help: {}\n",
                d.severity, d.id, d.message, d.help
            ));
        }
    }
    s
}

/// Markdown for a report's local section.
pub fn markdown(c: &Classified) -> String {
    let mut s = String::new();
    if let Some(v) = c.verdict.local {
        s.push_str(&format!("**Local realm:** `{}`: {}.\n\n", v, v.words()));
    }
    if let Some(l) = &c.local {
        let show = |v: &VersionSide| v.version.map(|n| n.to_string()).unwrap_or_else(|| "unknown".into());
        s.push_str(&format!(
            "Schema version: {} → {}\n\n",
            show(&l.schema_version.old),
            show(&l.schema_version.new)
        ));
        for d in &l.findings {
            let at = d.location.as_ref().map(|l| format!(" at `{l}`")).unwrap_or_default();
            s.push_str(&format!(
                "- **{}** `{}`: {}{at}\n",
                d.severity,
                d.id,
                d.message.replace('\n', " ")
            ));
        }
        if !l.findings.is_empty() {
            s.push('\n');
        }
    }
    s
}
