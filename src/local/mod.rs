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

// ---------------------------------------------------------------- report: versions ----
// (Attaching them to a classified comparison is `classify::local`; their text is `render::local`.)

use crate::diagnostic::Diagnostic;
use crate::model::Location;

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

/// Parses `--schema-version OLD:NEW`.
pub fn parse_versions(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("--schema-version \"{s}\": expected OLD:NEW, two integers ≥ 0 (e.g. 3:4)");
    let (a, b) = s.split_once(':').ok_or_else(bad)?;
    Ok((
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    ))
}
