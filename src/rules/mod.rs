//! CLASSIFY: the rule catalog. Each rule judges one kind of `diff::Change` and gives a verdict
//! for the server-side App Services schema and for the client-side SDK model (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference).
//!
//! Adding a rule: one file `src/rules/<id>.rs` with `pub static RULE`, one line in `rules!` below,
//! one example pair `migrations-examples/<id>/{before,after}`, then `cargo insta review` and
//! `syncplan docs`. Guard tests in `tests/it/catalog.rs` enforce all of it. Ids are public: never
//! rename one.

use serde::Serialize;

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::diff::{Change, ChangeKind};
use crate::model::PropertyType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    NonBreaking,
    /// Safe only after an action the tool cannot see: a backfill or a data check (existing
    /// documents that do not satisfy the new schema stop syncing until they are fixed).
    NeedsAction,
    /// Breaking without schema versioning; with it, the server creates a new schema version.
    SchemaVersioning,
    Breaking,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NonBreaking => "non-breaking",
            Verdict::NeedsAction => "needs-action",
            Verdict::SchemaVersioning => "schema-versioning",
            Verdict::Breaking => "breaking",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tag {
    /// Clients must (or, for some devices, will) perform a client reset.
    ClientReset,
    /// Existing documents must be updated (backfilled or converted) or they stop syncing.
    NeedsBackfill,
    /// Data stops syncing or is lost.
    Destructive,
    /// The server re-reads and re-inserts the collection's documents (a brief halt of sync).
    Resync,
    /// The impact depends on the data or on what clients do (e.g. which subscriptions they use).
    DataDependent,
}

impl Tag {
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::ClientReset => "client-reset",
            Tag::NeedsBackfill => "needs-backfill",
            Tag::Destructive => "destructive",
            Tag::Resync => "resync",
            Tag::DataDependent => "data-dependent",
        }
    }
}

/// The deployment context that can change verdicts (`--context`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    pub development_mode: bool,
    pub schema_versioning: bool,
    /// `--context local`: the model is a local (non-synced) realm; every finding gets a local
    /// verdict (`crate::local`).
    pub local: bool,
}

/// What a rule says about one change.
pub struct Describe {
    pub message: String,
    /// Extra help beyond the rule's action (e.g. a rename hint).
    pub help: Option<String>,
    /// Tags for this finding (defaults to the rule's tags when `None`).
    pub tags: Option<Vec<Tag>>,
}

impl Describe {
    pub fn msg(message: impl Into<String>) -> Self {
        Describe {
            message: message.into(),
            help: None,
            tags: None,
        }
    }
}

pub struct Rule {
    pub id: &'static str,
    pub summary: &'static str,
    /// Verdict when the change is made in the server-side App Services schema.
    pub server: Verdict,
    /// Verdict when the change is made in the client-side SDK object model.
    pub client: Verdict,
    /// Server verdict under `--context schema-versioning` (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference, second table).
    pub server_schema_versioning: Verdict,
    pub tags: &'static [Tag],
    /// Why, in markdown, with the reasoning from the facts.
    pub why: &'static str,
    /// What to do.
    pub action: &'static str,
    /// Under `--context development-mode`.
    pub development_mode: &'static str,
    /// Sources (facts sections and published pages).
    pub reference: &'static str,
    pub applies: fn(&Change) -> bool,
    pub describe: fn(&Change, &Changes<'_>) -> Describe,
}

/// Every change of one diff, as the rules' descriptions see it, with the indexes they share
/// (built once, on first use, so that describing n changes stays linear in n).
pub struct Changes<'a> {
    pub all: &'a [Change],
    removed: OnceCell<Removed<'a>>,
}

/// Removed types and properties, indexed for the rename hints.
#[derive(Default)]
pub struct Removed<'a> {
    /// Removed object types, in diff order.
    pub types: Vec<&'a str>,
    /// Renamed types: new name → old name.
    pub renamed_from: HashMap<&'a str, &'a str>,
    /// Removed properties per object type, in name order.
    pub properties: HashMap<&'a str, Vec<&'a str>>,
    /// Removed properties per (object type, property type, optional), in name order.
    pub by_type: HashMap<(&'a str, &'a PropertyType, bool), Vec<&'a str>>,
}

impl<'a> Changes<'a> {
    pub fn new(all: &'a [Change]) -> Self {
        Changes {
            all,
            removed: OnceCell::new(),
        }
    }

    pub fn removed(&self) -> &Removed<'a> {
        self.removed.get_or_init(|| {
            let mut r = Removed::default();
            for c in self.all {
                match &c.kind {
                    ChangeKind::TypeRemoved => r.types.extend(c.object_type.as_deref()),
                    ChangeKind::TypeRenamed { .. } => {
                        if let (Some(to), Some(from)) = (c.object_type.as_deref(), c.from.as_deref()) {
                            r.renamed_from.entry(to).or_insert(from);
                        }
                    }
                    ChangeKind::PropertyRemoved => {
                        let (Some(t), Some(n)) = (c.object_type.as_deref(), c.property.as_deref()) else {
                            continue;
                        };
                        r.properties.entry(t).or_default().push(n);
                        if let Some(p) = c.old_property() {
                            r.by_type.entry((t, &p.ty, p.optional)).or_default().push(n);
                        }
                    }
                    _ => {}
                }
            }
            for v in r.properties.values_mut().chain(r.by_type.values_mut()) {
                v.sort_unstable();
            }
            r
        })
    }
}

impl Rule {
    pub fn verdicts(&self, ctx: &Context) -> (Verdict, Verdict) {
        let server = if ctx.schema_versioning {
            self.server_schema_versioning
        } else {
            self.server
        };
        (server, self.client)
    }

    /// The local-realm verdict of one change this rule judges (realm-core's behaviour per
    /// change kind, `crate::local::verdict`), under `--context local`; `None` otherwise.
    pub fn local_verdict(&self, c: &Change, all: &Changes<'_>, ctx: &Context) -> Option<crate::local::LocalVerdict> {
        ctx.local.then(|| crate::local::verdict(c, all.all))
    }
}

macro_rules! rules {
    ($($id:ident,)*) => {
        $(pub mod $id;)*
        /// The catalog, in this order everywhere it is listed. The only registration.
        pub static ALL: &[&Rule] = &[$(&$id::RULE),*];
        /// File stems of the rule modules (guard test: equal to each rule's id).
        pub static MODULES: &[&str] = &[$(stringify!($id)),*];
    };
}

rules! {
    object_type_added,
    object_type_removed,
    object_type_renamed,
    object_type_kind_changed,
    object_type_collection_changed,
    asymmetric_table_changed,
    property_added_optional,
    property_added_required,
    property_removed,
    property_renamed,
    property_type_changed,
    relationship_changed,
    property_made_required,
    property_made_optional,
    primary_key_changed,
    default_value_added,
    default_value_changed,
    default_value_removed,
    index_added,
    index_removed,
    client_name_remapped,
    queryable_field_added,
    queryable_field_removed,
    indexed_queryable_field_changed,
    sync_mode_changed,
    partition_key_changed,
    sync_enabled,
    partition_permissions_changed,
    permission_changed,
    permission_queryable_field_removed,
    constraint_tightened,
    constraint_loosened,
    recovery_mode_changed,
    client_max_offline_days_changed,
    development_mode_changed,
    sync_data_source_changed,
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

// ---- helpers shared by rule files ----

/// `Type.prop` or `Type` for messages.
pub fn subject(c: &Change) -> String {
    match (&c.object_type, &c.property) {
        (Some(t), Some(p)) => format!("{t}.{p}"),
        (Some(t), None) => t.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => "sync configuration".into(),
    }
}

pub fn shorthand_old(c: &Change) -> String {
    c.old_property()
        .map(|p| crate::model::type_shorthand(&p.ty, p.optional))
        .unwrap_or_default()
}

pub fn shorthand_new(c: &Change) -> String {
    c.new_property()
        .map(|p| crate::model::type_shorthand(&p.ty, p.optional))
        .unwrap_or_default()
}

/// Whether the owner of the change is an embedded type.
pub fn in_embedded(c: &Change) -> bool {
    c.owner_kind == Some(crate::model::ObjectKind::Embedded)
}

/// For an addition that keeps the SDK name of a removed property (`from`): the persisted name
/// changed, so the stored values do not follow (realm-core: a removal plus an addition).
pub fn persisted_name_note(c: &Change) -> String {
    match (&c.kind, c.from.as_deref()) {
        (ChangeKind::PropertyAdded, Some(old)) => format!(
            " (new persisted name for the SDK name of removed `{old}`: the stored values stay under `{old}` and do not follow)"
        ),
        _ => String::new(),
    }
}
