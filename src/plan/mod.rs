//! PLAN: findings → ordered migration steps. Order comes from a dependency graph (petgraph) that
//! is topologically sorted with a deterministic tie-break (phase, then creation order), never from
//! a hand-written sequence. Each breaking change expands into the steps of the chosen strategy.

pub mod client;
pub mod data;
pub mod mongo;
mod partner;
pub mod sdk;
pub mod text;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::classify::{Classified, Finding};
use crate::diff::ChangeKind;
use crate::model::{Element, ObjectKind, Property, ScalarType, Schema, SyncMode};
use crate::rules::Verdict;
use mongo::Target;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Pick the least disruptive strategy that works for the change set.
    Auto,
    PartnerCollection,
    SchemaVersion,
    TerminateResync,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::Auto,
        Strategy::PartnerCollection,
        Strategy::SchemaVersion,
        Strategy::TerminateResync,
    ];

    /// The strategy named `name` (`partner-collection`, ...), as `as_str` spells it.
    pub fn parse(name: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Auto => "auto",
            Strategy::PartnerCollection => "partner-collection",
            Strategy::SchemaVersion => "schema-version",
            Strategy::TerminateResync => "terminate-resync",
        }
    }
}

/// The SDKs whose client models are among the inputs (#16.15: `plan` gives client changes for
/// those by default, not for all seven). A Realm JS `ObjectSchema` file counts as JavaScript.
pub fn detect_sdks(kinds: &[&crate::load::InputKind]) -> Vec<crate::sdk::Sdk> {
    use crate::load::InputKind;
    use crate::sdk::{Language, Sdk};
    let mut out: Vec<Sdk> = kinds
        .iter()
        .filter_map(|k| match k {
            // Objective-C models have no client-change renderer of their own (the Realm
            // Objective-C SDK is not the Swift SDK the table files its sources under).
            InputKind::SdkSource(Language::ObjectiveC) => None,
            InputKind::SdkSource(l) => Some(l.sdk()),
            InputKind::RealmModel => Some(Sdk::Js),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What a step acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepSide {
    ServerSchema,
    Data,
    SyncConfig,
    ClientApps,
    Verification,
}

/// Tie-break order between steps that do not depend on each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Prepare,
    Terminate,
    Data,
    Schema,
    Sync,
    Clients,
    Cleanup,
    Verify,
}

/// What a step does, as data (#13 item 1): a closed set of kinds with typed fields. The planner
/// sets the kind; the prose of a step (`action`, `details`, `verify` and the requirements among
/// its `preconditions`) is written from it by [`text`], so text, markdown, JSON and `--out` all
/// come from the same typed step. Serialised in the JSON plan as `"kind": {"name": ..., ...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
pub enum StepKind {
    /// Ship client apps with the new object model; `schema_version`: opening the synced realm at
    /// the new sync schema version.
    ShipClients { schema_version: bool },
    /// Ship a client-reset handler before Sync is terminated; `schema_change`: the plan has a
    /// breaking change to an object type, so automatic recovery falls through to the manual handler.
    ShipResetHandler { schema_change: bool },
    /// Make sure every client has a client-reset handler (no terminate).
    EnsureResetHandler,
    /// Terminate Sync (App Services UI).
    TerminateSync,
    /// Deploy the breaking schema changes while Sync is terminated (App Services UI).
    DeployBreaking,
    /// Re-enable Sync; `old_clients_blocked`: app versions on the old model cannot sync after it.
    ReenableSync { old_clients_blocked: bool },
    /// Deploy every breaking change in one draft: a new sync schema version.
    DeploySchemaVersion,
    /// Deploy schema changes of an app whose Sync is not enabled.
    DeployWithoutSync,
    /// Enable Sync once the schema and data are in place.
    EnableSync,
    /// Add a top-level type's collection schema.
    AddCollection { object_type: String },
    /// Deploy the additive changes to one collection schema (listed in its notes); `refill`: the
    /// last required field added, whose backfill is re-run after the deploy.
    DeployAdditive { collection: String, refill: Option<String> },
    /// Fill `field` of every `object_type` object (all owners and paths) with the parameter
    /// `param`; `added`: a new required field (else a field made required); `param_set`: a value
    /// was given.
    Backfill {
        object_type: String,
        field: String,
        param: String,
        added: bool,
        param_set: bool,
    },
    /// Convert `property` of every `object_type` object exactly (`from`/`to`: type shorthands).
    Convert {
        object_type: String,
        property: String,
        from: String,
        to: String,
    },
    /// Rename a field in every `object_type` object.
    RenameField {
        object_type: String,
        from: String,
        to: String,
    },
    /// A conversion with no exact automatic form: left to the user.
    ConvertByHand {
        object_type: String,
        property: String,
        from: String,
        to: String,
    },
    /// Re-key every document (`_id` type change) by reinsert and repoint the references;
    /// `left`: references the script cannot repoint (left to the user).
    Rekey {
        object_type: String,
        from: String,
        to: String,
        left: Vec<String>,
    },
    /// Re-key for a new primary key with no automatic form.
    RekeyByHand { object_type: String },
    /// Deploy the change of one property (no breaking deploy frame).
    DeployChange { path: String },
    /// Add a queryable field to the sync configuration.
    AddQueryableField { field: String },
    /// Ship clients that no longer subscribe on a queryable field, and wait.
    DropSubscriptions { field: String },
    /// Remove a queryable field from the sync configuration.
    RemoveQueryableField { field: String },
    /// Count and fix the documents that violate a tightened constraint.
    CheckConstraint {
        object_type: String,
        path: String,
        help: String,
    },
    /// Deploy a configuration change (`message`, `help`: the finding's).
    DeployConfiguration { message: String, help: String },
    /// Change the sync configuration while Sync is terminated.
    ChangeSyncConfiguration { message: String },
    /// Give every document a value in the new partition key.
    FillPartitionKey { field: String },
    /// Partition-based → Flexible Sync by the documented migration; its requirements are
    /// preconditions.
    MigratePartitionToFlexible {
        partition_key: String,
        permissions: Option<serde_json::Value>,
        key_queryable: bool,
        recovery_disabled: bool,
    },
    /// Flexible → partition-based Sync: refused (no new partition-based configurations).
    RefusedFlexibleToPartition,
    /// Move a type's data between the embedded and the top-level shape (by hand).
    MoveEmbedding {
        object_type: String,
        before: ObjectKind,
        after: ObjectKind,
    },
    /// Copy a type's documents to another collection (`cross_cluster`: another data source).
    CopyCollection {
        object_type: String,
        from: String,
        to: String,
        cross_cluster: bool,
    },
    /// The final check.
    Verify,
    /// Partner collection (`src/plan/partner.rs`): add the schema of `partner` (title `title`, in
    /// data source `data_source`), the new shape of `object_type` now in `collection`.
    PartnerSchema {
        object_type: String,
        title: String,
        collection: String,
        partner: String,
        data_source: String,
        /// How the partner collection gets the old one's permissions.
        rules: PartnerRules,
    },
    /// Partner collection: create the triggers `forward` (`collection` → `partner`) and `reverse`
    /// (`partner` → `collection`) and their functions, disabled.
    PartnerTriggers {
        collection: String,
        partner: String,
        forward: String,
        reverse: String,
    },
    /// Partner collection: enable the forward trigger before the copy.
    PartnerEnableForward {
        trigger: String,
        collection: String,
        partner: String,
    },
    /// Partner collection: copy `collection` into `partner` (values converted exactly or refused).
    PartnerCopy {
        object_type: String,
        collection: String,
        partner: String,
    },
    /// Partner collection: the copy script again, for the writes made during the copy.
    PartnerCatchUp { collection: String, partner: String },
    /// Partner collection: enable the reverse trigger.
    PartnerEnableReverse {
        trigger: String,
        collection: String,
        partner: String,
    },
    /// Partner collection: ship client apps with the new object model (when no other step does).
    PartnerShipClients { object_type: String },
    /// Partner collection: retire `collection` once no client uses the old version (breaking).
    PartnerRetire { object_type: String, collection: String },
    /// A finding whose rule has no recipe (a planner bug the tests rule out): left to the user.
    Unplanned { rule: String },
}

impl StepKind {
    /// Every kind's name (the JSON `kind.name`), in declaration order: the closed list documented
    /// in docs/json-plan.md.
    pub const NAMES: &'static [&'static str] = &[
        "ship-clients",
        "ship-reset-handler",
        "ensure-reset-handler",
        "terminate-sync",
        "deploy-breaking",
        "reenable-sync",
        "deploy-schema-version",
        "deploy-without-sync",
        "enable-sync",
        "add-collection",
        "deploy-additive",
        "backfill",
        "convert",
        "rename-field",
        "convert-by-hand",
        "rekey",
        "rekey-by-hand",
        "deploy-change",
        "add-queryable-field",
        "drop-subscriptions",
        "remove-queryable-field",
        "check-constraint",
        "deploy-configuration",
        "change-sync-configuration",
        "fill-partition-key",
        "migrate-partition-to-flexible",
        "refused-flexible-to-partition",
        "move-embedding",
        "copy-collection",
        "verify",
        "partner-schema",
        "partner-triggers",
        "partner-enable-forward",
        "partner-copy",
        "partner-catch-up",
        "partner-enable-reverse",
        "partner-ship-clients",
        "partner-retire",
        "unplanned",
    ];

    /// This kind's name (the JSON `kind.name`).
    pub fn name(&self) -> &'static str {
        use StepKind as K;
        let i = match self {
            K::ShipClients { .. } => 0,
            K::ShipResetHandler { .. } => 1,
            K::EnsureResetHandler => 2,
            K::TerminateSync => 3,
            K::DeployBreaking => 4,
            K::ReenableSync { .. } => 5,
            K::DeploySchemaVersion => 6,
            K::DeployWithoutSync => 7,
            K::EnableSync => 8,
            K::AddCollection { .. } => 9,
            K::DeployAdditive { .. } => 10,
            K::Backfill { .. } => 11,
            K::Convert { .. } => 12,
            K::RenameField { .. } => 13,
            K::ConvertByHand { .. } => 14,
            K::Rekey { .. } => 15,
            K::RekeyByHand { .. } => 16,
            K::DeployChange { .. } => 17,
            K::AddQueryableField { .. } => 18,
            K::DropSubscriptions { .. } => 19,
            K::RemoveQueryableField { .. } => 20,
            K::CheckConstraint { .. } => 21,
            K::DeployConfiguration { .. } => 22,
            K::ChangeSyncConfiguration { .. } => 23,
            K::FillPartitionKey { .. } => 24,
            K::MigratePartitionToFlexible { .. } => 25,
            K::RefusedFlexibleToPartition => 26,
            K::MoveEmbedding { .. } => 27,
            K::CopyCollection { .. } => 28,
            K::Verify => 29,
            K::PartnerSchema { .. } => 30,
            K::PartnerTriggers { .. } => 31,
            K::PartnerEnableForward { .. } => 32,
            K::PartnerCopy { .. } => 33,
            K::PartnerCatchUp { .. } => 34,
            K::PartnerEnableReverse { .. } => 35,
            K::PartnerShipClients { .. } => 36,
            K::PartnerRetire { .. } => 37,
            K::Unplanned { .. } => 38,
        };
        Self::NAMES[i]
    }
}

/// Where a partner collection's permissions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerRules {
    /// The old collection's `rules.json`, written for the partner collection (an artifact).
    Written,
    /// No `rules.json` of its own: the data source's `default_rule.json` applies to both.
    Default,
    /// Not known from the inputs (no app export, or a legacy rules file): copy them by hand.
    Copy,
}

/// A typed line of a step's details, written by [`text`].
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// Synced realms need no schemaVersion bump (ship step).
    SyncedNoSchemaVersion,
    /// A partition-based app keeps its partition value configuration (ship step).
    PartitionClients { key: String },
    /// A removal made in client models only; `subscriptions`: remove the type's subscriptions.
    ClientOnlyRemoval {
        what: String,
        type_removed: bool,
        object_type: String,
        subscriptions: bool,
    },
    /// An asymmetric type is write-only: drop its subscriptions (ship step).
    AsymmetricSubscriptions { object_type: String },
    /// A property removed in the breaking deploy.
    RemoveProperty { path: String },
    /// A type removed in the breaking deploy.
    RemoveType { object_type: String },
    /// A property added in an additive deploy.
    AddProperty {
        path: String,
        shown: String,
        required: bool,
    },
    /// An embedded type defined inline in an additive deploy.
    DefineEmbedded { object_type: String },
    /// A constraint change in an additive deploy.
    Constraint { path: String, message: String },
    /// Documents without a required field stop syncing.
    RequiredStopsSyncing,
    /// The backfilled field is the partition key.
    PartitionKeyFill { field: String },
    /// Values that cannot be carried exactly are refused.
    ValuesRefused,
    /// Partner schema: the fields `collection`'s subscriptions query on, to keep queryable for `title`.
    PartnerQueryable {
        collection: String,
        fields: Vec<String>,
        title: String,
    },
    /// Partner schema: `object_type.property` links to the partnered `target`, and keeps pointing
    /// at `collection`.
    PartnerIncomingLink {
        object_type: String,
        property: String,
        target: String,
        collection: String,
    },
    /// Partner copy: what has no exact automatic transform (`rule Type.property` or a field).
    PartnerLeftToYou { items: Vec<String> },
    /// Ship step: the new model's `object_type` syncs the partner collection `partner` (title `title`);
    /// old app versions keep syncing `collection`.
    PartnerClients {
        object_type: String,
        partner: String,
        title: String,
        collection: String,
    },
}

/// A draft step's detail lines: typed notes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lines(Vec<Note>);

impl Lines {
    pub(crate) fn note(&mut self, n: Note) {
        self.0.push(n);
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Note> {
        self.0.iter()
    }
}

/// A step while the plan is built: its kind and typed notes; the prose is written by [`text`]
/// when the plan is ordered.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub kind: StepKind,
    pub side: StepSide,
    pub details: Lines,
    pub why: Vec<String>,
    pub findings: Vec<String>,
    pub preconditions: Vec<String>,
    pub data_loss: bool,
    pub client_reset: bool,
    pub ui_only: bool,
    pub script: Option<String>,
    pub artifacts: Vec<String>,
    pub left_to_user: bool,
    pub data: Vec<data::DataOp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub number: usize,
    pub side: StepSide,
    /// What the step does, as data; the prose fields are written from it.
    pub kind: StepKind,
    /// What to do, one line.
    pub action: String,
    /// How, in more detail (markdown lines).
    pub details: Vec<String>,
    /// The findings it serves: `rule Type.property`.
    pub why: Vec<String>,
    /// Their fingerprints.
    pub findings: Vec<String>,
    /// Step numbers that must be done first, and other conditions.
    pub preconditions: Vec<String>,
    pub verify: String,
    pub data_loss: bool,
    pub client_reset: bool,
    /// Must be done in the App Services UI (breaking schema changes cannot be deployed by CLI or GitHub).
    pub ui_only: bool,
    /// A runnable `mongosh` script, when the step is a data operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// Files written under `--out` for this step.
    pub artifacts: Vec<String>,
    /// Part of the step has no exact automatic form and is left to the user: the plan is incomplete.
    pub left_to_user: bool,
    /// The typed data operations the step's script performs (collection owner + path + operation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<data::DataOp>,
}

#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    pub strategy: Option<Strategy>,
    pub schema_versioning: bool,
    /// Database for scripts when the models do not say.
    pub database: Option<String>,
    /// Values the user chose for named parameters (`[plan.params]` of syncplan.toml, then
    /// `--param NAME=VALUE`, see [`crate::config::plan_params`]): NAME is `Type.field` of a
    /// backfilled field, VALUE a mongosh literal.
    pub params: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// False when a step is left to the user (`left_to_user`): following the plan alone does not
    /// complete the migration.
    pub complete: bool,
    pub strategy: Strategy,
    pub strategy_reason: String,
    pub steps: Vec<Step>,
    /// Files for `--out`: relative path → content.
    #[serde(skip)]
    pub artifacts: BTreeMap<String, String>,
    /// False if the dependency graph had a cycle (a planner bug; tests assert it never happens).
    #[serde(skip)]
    pub acyclic: bool,
    /// Types moved to partner collections (partner-collection strategy).
    #[serde(skip)]
    pub partners: Vec<Partner>,
}

impl Plan {
    /// The named parameters the plan's scripts and functions take, set or not: every script that
    /// needs one names it (`// --param NAME` when set, `--param 'NAME=<...>'` when unset).
    pub fn params(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for text in self.artifacts.values() {
            let mut rest = text.as_str();
            while let Some(i) = rest.find("--param ") {
                rest = &rest[i + "--param ".len()..];
                let name = match rest.strip_prefix('\'') {
                    Some(q) => q.split('=').next().unwrap_or(""),
                    None => rest.lines().next().unwrap_or(""),
                };
                let name = name.trim();
                if !name.is_empty() && !name.contains('<') {
                    out.insert(name.to_string());
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub object_type: String,
    /// The partner schema's title (the new type name clients sync).
    pub title: String,
    pub collection: String,
    pub partner_collection: String,
}

struct Node {
    phase: Phase,
    seq: usize,
    step: Draft,
    /// A frame step that is dropped (its dependencies bridged) when no finding attached to it.
    drop_if_empty: bool,
}

/// What a step is found by when a later finding's step depends on it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Anchor {
    /// The step that creates a new type.
    AddType(String),
    /// The additive deploy that adds a property.
    AddProperty { object_type: String, property: String },
    /// The additive deploy of one collection schema.
    Additive(String),
    /// The step that makes sure every client has a client-reset handler.
    ResetHandler,
}

struct Builder<'a> {
    g: DiGraph<Node, ()>,
    old: &'a Schema,
    new: &'a Schema,
    opts: &'a PlanOptions,
    artifacts: BTreeMap<String, String>,
    /// Typed anchors for dependencies between steps made for different findings.
    anchors: BTreeMap<Anchor, NodeIndex>,
    partners: Vec<Partner>,
    g_old: crate::graph::SchemaGraph,
    g_new: crate::graph::SchemaGraph,
}

fn finding_ref(f: &Finding) -> String {
    let subject = match (&f.object_type, &f.property) {
        (Some(t), Some(p)) => format!("{t}.{p}"),
        (Some(t), None) => t.clone(),
        (None, Some(p)) => format!("sync.{p}"),
        (None, None) => "sync".into(),
    };
    format!("{} {subject}", f.rule)
}

impl<'a> Builder<'a> {
    /// A step of `kind`.
    fn typed(&mut self, phase: Phase, side: StepSide, kind: StepKind, fs: &[&Finding]) -> NodeIndex {
        let seq = self.g.node_count();
        let step = Draft {
            kind,
            side,
            details: Lines::default(),
            why: fs.iter().map(|f| finding_ref(f)).collect(),
            findings: fs.iter().map(|f| f.fingerprint.clone()).collect(),
            preconditions: vec![],
            data_loss: false,
            client_reset: false,
            ui_only: false,
            script: None,
            artifacts: vec![],
            left_to_user: false,
            data: vec![],
        };
        self.g.add_node(Node {
            phase,
            seq,
            step,
            drop_if_empty: false,
        })
    }

    fn s(&mut self, n: NodeIndex) -> &mut Draft {
        &mut self.g[n].step
    }

    fn dep(&mut self, before: NodeIndex, after: NodeIndex) {
        if before != after && self.g.find_edge(before, after).is_none() {
            self.g.add_edge(before, after, ());
        }
    }

    fn anchor(&self, a: &Anchor) -> Option<NodeIndex> {
        self.anchors.get(a).copied()
    }

    /// The first step set for `a` keeps it.
    fn set_anchor(&mut self, a: Anchor, n: NodeIndex) {
        self.anchors.entry(a).or_insert(n);
    }

    fn add_to(&mut self, n: NodeIndex, f: &Finding) {
        let r = finding_ref(f);
        let st = self.s(n);
        if !st.why.contains(&r) {
            st.why.push(r);
            st.findings.push(f.fingerprint.clone());
        }
    }

    /// Script target for an object type (from either model).
    fn target(&self, ty: &str) -> Target {
        let t = self.new.types.get(ty).or(self.old.types.get(ty));
        let ns = t.and_then(|t| t.namespace.clone());
        let sync_db = self.new.sync.as_ref().and_then(|s| s.database_name.clone()).or(self
            .old
            .sync
            .as_ref()
            .and_then(|s| s.database_name.clone()));
        match ns {
            Some(ns) => Target {
                data_source: if ns.data_source.is_empty() {
                    "mongodb-atlas".into()
                } else {
                    ns.data_source
                },
                database: if ns.database.is_empty() {
                    self.opts.database.clone().or(sync_db)
                } else {
                    Some(ns.database)
                },
                collection: if ns.collection.is_empty() {
                    ty.to_string()
                } else {
                    ns.collection
                },
            },
            None => Target {
                data_source: "mongodb-atlas".into(),
                database: self.opts.database.clone().or(sync_db),
                collection: ty.to_string(),
            },
        }
    }

    /// Where the objects of `ty` live now (the old model's graph when the type exists there).
    fn locations(&self, ty: &str) -> Vec<data::Location> {
        let in_old = data::locations(self.old, &self.g_old, ty);
        if in_old.is_empty() {
            data::locations(self.new, &self.g_new, ty)
        } else {
            in_old
        }
    }

    /// A data step: `op` on every document at every location of `ty` (all owners, all paths),
    /// one script block per owner collection and path. A backfill names its parameter `ty.field`.
    /// When the operation has no exact form, the step is left to the user and says so.
    fn data_step(&mut self, f: &Finding, kind: StepKind, ty: &str, op: data::Op) -> NodeIndex {
        let n = self.typed(Phase::Data, StepSide::Data, kind, &[f]);
        let ops: Vec<data::DataOp> = self
            .locations(ty)
            .into_iter()
            .map(|location| data::DataOp {
                location,
                op: op.clone(),
            })
            .collect();
        let field = match &op {
            data::Op::Convert { field, .. } | data::Op::Backfill { field, .. } => field.clone(),
            data::Op::Rename { from, .. } => from.clone(),
        };
        let param_name = format!("{ty}.{field}");
        let param_value = match &op {
            data::Op::Backfill { .. } => self.opts.params.get(&param_name).cloned(),
            _ => None,
        };
        let mut body = String::new();
        let mut first: Option<Target> = None;
        let mut manual = ops.is_empty();
        for d in &ops {
            let target = self.target(&d.location.owner);
            let param = matches!(op, data::Op::Backfill { .. }).then(|| mongo::Param {
                name: &param_name,
                value: param_value.as_deref(),
            });
            match mongo::data_block(&target, d, &d.location.display(&field), param.as_ref()) {
                Some(block) => body.push_str(&block),
                None => manual = true,
            }
            first.get_or_insert(target);
        }
        if let Some(target) = first
            && !body.is_empty()
        {
            self.script(
                n,
                &format!("{}-{}", slug(f.rule), slug(&param_name)),
                &target,
                &format!("{}{body}", mongo::DRY_RUN),
            );
        }
        if manual {
            self.s(n).left_to_user = true;
            self.s(n).data_loss = true;
        }
        if let StepKind::Backfill { param_set, .. } = &mut self.s(n).kind {
            *param_set = param_value.is_some();
        }
        self.s(n).data = ops;
        n
    }

    fn script(&mut self, n: NodeIndex, name: &str, target: &Target, body: &str) {
        let content = format!("{}\n{body}", mongo::prologue(target));
        let path = format!("scripts/{name}.js");
        self.artifacts.insert(path.clone(), content.clone());
        let st = self.s(n);
        st.script = Some(content);
        st.artifacts.push(path);
    }
}

fn key_type(s: &Schema, target: &str) -> Option<ScalarType> {
    let t = s.types.get(target)?;
    if t.kind == ObjectKind::Embedded {
        return None;
    }
    match t
        .primary_key
        .as_ref()
        .and_then(|k| t.properties.get(k))
        .and_then(|p| p.ty.element())
    {
        Some(Element::Scalar(x)) => Some(*x),
        _ => None,
    }
}

fn link_key(s: &Schema, p: &Property) -> Option<ScalarType> {
    match p.ty.element() {
        Some(Element::Object(t)) => key_type(s, t),
        _ => None,
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// Server-breaking findings that need a breaking-change route (queryable-field removals are
/// handled by ordering: clients drop the subscriptions first; Flexible → partition-based Sync is
/// refused, so no route carries it).
fn needs_route(f: &Finding) -> bool {
    (f.server == Verdict::Breaking && !matches!(f.change.kind, ChangeKind::QueryableFieldRemoved)
        || f.server == Verdict::SchemaVersioning)
        && !flx_to_pbs(f)
}

/// A change to the shape of an object type (not to sync, permissions or queryable fields): when
/// breaking, the docs exclude automatic client-reset recovery for it.
pub fn is_schema_change(k: &ChangeKind) -> bool {
    matches!(
        k,
        ChangeKind::TypeRemoved
            | ChangeKind::TypeRenamed { .. }
            | ChangeKind::TypeKindChanged { .. }
            | ChangeKind::TypeCollectionChanged
            | ChangeKind::PropertyRemoved
            | ChangeKind::PropertyRenamed { .. }
            | ChangeKind::PropertyTypeChanged
            | ChangeKind::RelationshipChanged
            | ChangeKind::MadeRequired
            | ChangeKind::MadeOptional
            | ChangeKind::PrimaryKeyChanged
    )
}

/// Where App Services says partition-based Sync is deprecated and disallowed for new Sync
/// configurations.
pub const PBS_DISALLOWED_URL: &str =
    "https://www.mongodb.com/docs/atlas/app-services/sync/data-access-patterns/partitions/";
/// The documented partition-based → Flexible Sync migration and its requirements.
pub const PBS_TO_FLX_URL: &str = "https://www.mongodb.com/docs/atlas/app-services/sync/migrate-sync-modes/";

/// The sync mode of a model (`None`: no sync configuration, or a client model).
fn sync_mode(s: &Schema) -> Option<SyncMode> {
    s.sync.as_ref().and_then(|c| c.mode)
}

fn mode_change_is(f: &Finding, from: &str, to: &str) -> bool {
    let is = |v: &Option<Item>, want: &str| matches!(v, Some(Item::Value(serde_json::Value::String(s))) if s == want);
    f.change.kind == ChangeKind::SyncModeChanged && is(&f.change.old, from) && is(&f.change.new, to)
}

/// Flexible Sync → partition-based Sync: refused (App Services allows no new partition-based
/// Sync configuration).
fn flx_to_pbs(f: &Finding) -> bool {
    mode_change_is(f, "flexible", "partition")
}

/// The partner-collection form exists for field-level changes of top-level collections that no
/// other type links to (a link into the partnered collection would itself have to change).
fn partner_fits(route: &[&Finding], new: &Schema) -> Result<(), String> {
    for f in route {
        let kind_ok = matches!(
            f.change.kind,
            ChangeKind::PropertyTypeChanged
                | ChangeKind::PropertyRenamed { .. }
                | ChangeKind::PrimaryKeyChanged
                | ChangeKind::MadeRequired
                | ChangeKind::MadeOptional
                | ChangeKind::RelationshipChanged
                | ChangeKind::PropertyRemoved
        );
        if !kind_ok || f.change.owner_kind != Some(ObjectKind::TopLevel) {
            return Err(format!("{} has no partner-collection form", finding_ref(f)));
        }
    }
    let partnered: BTreeSet<&str> = route.iter().filter_map(|f| f.object_type.as_deref()).collect();
    for t in new.types.values() {
        for p in t.properties.values() {
            if let Some(target) = p.ty.target()
                && partnered.contains(target)
                && !partnered.contains(t.name.as_str())
                && !matches!(p.ty, crate::model::PropertyType::LinkingObjects { .. })
            {
                return Err(format!(
                    "{}.{} links to {target}: moving {target} to a partner collection would change that link too",
                    t.name, p.name
                ));
            }
        }
    }
    Ok(())
}

fn schema_version_fits(route: &[&Finding], opts: &PlanOptions, new: &Schema) -> Result<(), String> {
    if !opts.schema_versioning {
        return Err("it needs --context schema-versioning".into());
    }
    if sync_mode(new) == Some(SyncMode::Partition) {
        return Err("sync schema versions exist only with Flexible Sync, and this app is partition-based".into());
    }
    match route.iter().find(|f| f.server != Verdict::SchemaVersioning) {
        Some(f) => Err(format!("{} stays breaking with schema versioning", finding_ref(f))),
        None => Ok(()),
    }
}

/// Partition-based → Flexible Sync, with nothing else needing a route: the dedicated migration.
fn pbs_to_flx(route: &[&Finding]) -> bool {
    !route.is_empty() && route.iter().all(|f| mode_change_is(f, "partition", "flexible"))
}

/// Picks the strategy and says why. A forced strategy that cannot carry the change set falls
/// back to terminate-resync, and the reason says so.
fn choose(findings: &[&Finding], opts: &PlanOptions, new: &Schema) -> (Strategy, String) {
    let route: Vec<&Finding> = findings.iter().copied().filter(|f| needs_route(f)).collect();
    if let Some(s) = opts.strategy.filter(|s| *s != Strategy::Auto) {
        let fits = match s {
            Strategy::PartnerCollection => partner_fits(&route, new),
            Strategy::SchemaVersion => schema_version_fits(&route, opts, new),
            Strategy::TerminateResync | Strategy::Auto => Ok(()),
        };
        return match fits {
            Ok(()) => (s, format!("chosen with --strategy {}", s.as_str())),
            Err(why) => (
                Strategy::TerminateResync,
                format!(
                    "--strategy {} cannot carry this change set ({why}); using terminate-resync instead",
                    s.as_str()
                ),
            ),
        };
    }
    if route.is_empty() {
        if findings.iter().any(|f| flx_to_pbs(f)) {
            return (
                Strategy::Auto,
                format!(
                    "Flexible → partition-based Sync is refused: App Services does not allow new partition-based Sync configurations ({PBS_DISALLOWED_URL}); nothing else needs a breaking-change route"
                ),
            );
        }
        return (
            Strategy::Auto,
            "no change needs a breaking-change route: every server change is additive (or handled by ordering)".into(),
        );
    }
    if route.iter().all(|f| recipe(f.rule) == Some(Recipe::Remove)) {
        return (
            Strategy::Auto,
            "only removals: the documented recommendation is to remove them from client models only and keep them in the \
server schema (non-breaking); this plan does that. To also remove them from the server, rerun with --strategy \
terminate-resync (or schema-version with schema versioning)"
                .into(),
        );
    }
    if pbs_to_flx(&route) {
        return (
            Strategy::Auto,
            "partition-based to Flexible Sync has a dedicated migration, used instead of terminating Sync".into(),
        );
    }
    if let Some(f) = route.iter().find(|f| recipe(f.rule) == Some(Recipe::SyncRoute)) {
        return (
            Strategy::TerminateResync,
            format!("{} can only be made with Sync terminated", finding_ref(f)),
        );
    }
    if schema_version_fits(&route, opts, new).is_ok() {
        return (
            Strategy::SchemaVersion,
            "every server-side breaking change is a schema-versioning change (removals, optional/required): one deploy creates a new schema version and old clients keep syncing theirs".into(),
        );
    }
    match partner_fits(&route, new) {
        Ok(()) => (
            Strategy::PartnerCollection,
            "the breaking changes are field-level changes of top-level collections that nothing else links to: a partner collection kept in step by triggers lets old and new clients sync side by side, with no terminate and no forced client reset".into(),
        ),
        Err(why) => (
            Strategy::TerminateResync,
            format!("{why}: terminate and re-enable Sync, with a client reset for every client"),
        ),
    }
}

pub fn plan(c: &Classified, old: &Schema, new: &Schema, opts: &PlanOptions) -> Plan {
    let fs: Vec<&Finding> = c.findings.iter().collect();
    let (strategy, reason) = choose(&fs, opts, new);
    let mut b = Builder {
        g: DiGraph::new(),
        old,
        new,
        opts,
        artifacts: BTreeMap::new(),
        anchors: BTreeMap::new(),
        partners: Vec::new(),
        g_old: crate::graph::SchemaGraph::build(old),
        g_new: crate::graph::SchemaGraph::build(new),
    };

    // Clients ship the NEW model once, after the server changes they rely on.
    let mut ship: Option<NodeIndex> = None;
    let client_facing: Vec<&Finding> = fs
        .iter()
        .copied()
        .filter(|f| {
            !matches!(
                f.change.kind,
                ChangeKind::QueryableFieldAdded
                    | ChangeKind::QueryableFieldRemoved
                    | ChangeKind::IndexedQueryableFieldChanged
                    | ChangeKind::TypeCollectionChanged
            ) && !flx_to_pbs(f)
        })
        .collect();
    if !client_facing.is_empty() {
        let n = b.typed(
            Phase::Clients,
            StepSide::ClientApps,
            StepKind::ShipClients { schema_version: false },
            &client_facing,
        );
        if strategy != Strategy::SchemaVersion {
            b.s(n).details.note(Note::SyncedNoSchemaVersion);
        }
        if sync_mode(old) == Some(SyncMode::Partition) && sync_mode(new) == Some(SyncMode::Partition) {
            // #13.5: a partition-based app stays partition-based on the client.
            let key = new
                .sync
                .as_ref()
                .and_then(|c| c.partition_key.clone())
                .unwrap_or_else(|| "_partition".into());
            b.s(n).details.note(Note::PartitionClients { key });
        }
        ship = Some(n);
    }
    let mut breaking: Vec<&Finding> = fs.iter().copied().filter(|f| needs_route(f)).collect();
    if strategy == Strategy::Auto {
        // Removals kept on the server and the PBS → FLX migration need no route (see `choose`).
        breaking.clear();
    }
    // Clients that only drop things (non-breaking for them) can ship before a terminate.
    let clients_first = client_facing.iter().all(|f| f.client == Verdict::NonBreaking);
    let any_reset = fs.iter().any(|f| {
        f.tags.contains(&crate::rules::Tag::ClientReset)
            && (f.server == Verdict::Breaking || f.client == Verdict::Breaking)
            && !flx_to_pbs(f)
    });

    // ---- strategy frame ----
    let mut frame_before_schema: Option<NodeIndex> = None; // what breaking schema deploys wait for
    let mut frame_after_schema: Option<NodeIndex> = None; // what follows breaking schema deploys
    let mut breaking_deploy: Option<NodeIndex> = None;
    // An app export whose Sync was never enabled (no sync configuration, or one not enabled): there
    // is nothing to terminate and no client to reset (#13.5): deploy, then enable Sync if NEW does.
    let sync_off = |s: &Schema| {
        s.side == crate::model::Side::Server
            && s.sync
                .as_ref()
                .is_none_or(|c| c.state.as_deref().is_some_and(|st| st != "enabled"))
    };
    let never_synced = sync_off(old);
    if !breaking.is_empty() && never_synced && matches!(strategy, Strategy::TerminateResync | Strategy::Auto) {
        let d = b.typed(
            Phase::Schema,
            StepSide::ServerSchema,
            StepKind::DeployWithoutSync,
            &breaking,
        );
        breaking_deploy = Some(d);
        if !sync_off(new) {
            let e = b.typed(Phase::Sync, StepSide::SyncConfig, StepKind::EnableSync, &breaking);
            b.s(e).ui_only = true;
            b.dep(d, e);
            if let Some(sh) = ship {
                b.dep(e, sh);
            }
        } else if let Some(sh) = ship {
            b.dep(d, sh);
        }
    } else if !breaking.is_empty() {
        match strategy {
            Strategy::TerminateResync | Strategy::Auto => {
                let h = b.typed(
                    Phase::Prepare,
                    StepSide::ClientApps,
                    StepKind::ShipResetHandler {
                        schema_change: fs.iter().any(|f| {
                            is_schema_change(&f.change.kind)
                                && (f.client == Verdict::Breaking || f.server == Verdict::Breaking)
                        }),
                    },
                    &breaking,
                );
                let t = b.typed(
                    Phase::Terminate,
                    StepSide::SyncConfig,
                    StepKind::TerminateSync,
                    &breaking,
                );
                b.s(t).client_reset = true;
                b.s(t).data_loss = true;
                b.s(t).ui_only = true;
                b.dep(h, t);
                let d = b.typed(Phase::Schema, StepSide::ServerSchema, StepKind::DeployBreaking, &[]);
                b.g[d].drop_if_empty = true;
                b.s(d).ui_only = true;
                let r = b.typed(
                    Phase::Sync,
                    StepSide::SyncConfig,
                    StepKind::ReenableSync {
                        old_clients_blocked: !clients_first,
                    },
                    &breaking,
                );
                b.s(r).client_reset = true;
                b.s(r).ui_only = true;
                b.dep(t, d);
                b.dep(d, r);
                frame_before_schema = Some(t);
                frame_after_schema = Some(r);
                breaking_deploy = Some(d);
                if let Some(sh) = ship {
                    if clients_first {
                        // Dropping fields or types is non-breaking for clients: ship that first.
                        b.dep(sh, t);
                    } else {
                        b.dep(r, sh);
                    }
                }
            }
            Strategy::SchemaVersion => {
                let d = b.typed(
                    Phase::Schema,
                    StepSide::ServerSchema,
                    StepKind::DeploySchemaVersion,
                    &breaking,
                );
                let v = match ship {
                    Some(sh) => sh,
                    None => b.typed(
                        Phase::Clients,
                        StepSide::ClientApps,
                        StepKind::ShipClients { schema_version: true },
                        &breaking,
                    ),
                };
                b.s(v).kind = StepKind::ShipClients { schema_version: true };
                b.s(v).client_reset = true;
                b.dep(d, v);
                frame_after_schema = Some(d);
                breaking_deploy = Some(d);
            }
            Strategy::PartnerCollection => {
                partner::partner(&mut b, &breaking, ship);
            }
        }
    }
    if any_reset && strategy == Strategy::Auto && breaking.is_empty() {
        // Client-side breaking changes only (e.g. a mapped rename on the client): still need a handler.
        let h = b.typed(
            Phase::Prepare,
            StepSide::ClientApps,
            StepKind::EnsureResetHandler,
            &fs.iter()
                .copied()
                .filter(|f| f.client == Verdict::Breaking && !flx_to_pbs(f))
                .collect::<Vec<_>>(),
        );
        b.set_anchor(Anchor::ResetHandler, h);
        if let Some(sh) = ship {
            b.dep(h, sh);
        }
    }

    // ---- per finding ----
    for f in &fs {
        per_finding(
            &mut b,
            f,
            strategy,
            ship,
            breaking_deploy,
            frame_before_schema,
            frame_after_schema,
        );
    }

    // A collection is re-keyed before any other data step on its documents: those steps list the
    // documents they refuse by `_id`, and the list must name the keys the documents keep
    // (random pairs, seed 54: a conversion inside an embedded type listed keys the re-key replaced).
    let rekeyed: Vec<(NodeIndex, String)> =
        b.g.node_indices()
            .filter_map(|n| match &b.g[n].step.kind {
                StepKind::Rekey { object_type, .. } => Some((n, object_type.clone())),
                _ => None,
            })
            .collect();
    for (r, ty) in rekeyed {
        let on_same: Vec<NodeIndex> =
            b.g.node_indices()
                .filter(|n| *n != r && b.g[*n].step.data.iter().any(|d| d.location.owner == ty))
                .collect();
        for n in on_same {
            b.dep(r, n);
        }
    }

    // Final verification.
    if !fs.is_empty() {
        let v = b.typed(Phase::Verify, StepSide::Verification, StepKind::Verify, &fs);
        let all: Vec<NodeIndex> = b.g.node_indices().filter(|n| *n != v).collect();
        for n in all {
            b.dep(n, v);
        }
    }
    order(b, strategy, reason)
}

/// How the planner serves the findings of one rule (#12 item 5): bound per rule id in one
/// registry row of [`RECIPES`], never by a catch-all over change kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipe {
    /// A new type: its collection schema, or defined inline in its owners' (embedded).
    AddType,
    /// A new property in the additive deploy; `required`: backfilled before it is deployed.
    AddProperty { required: bool },
    /// A removal: from client models only (auto, recommended), or in the breaking deploy.
    Remove,
    /// A change of a field's shape: its data converted, renamed, backfilled or re-keyed before
    /// the deploy of the change.
    ChangeField,
    /// A type renamed, changing kind or moving collection: part of the breaking deploy; its data
    /// moved where it has to.
    ChangeType,
    /// A queryable field added to the sync configuration.
    AddQueryableField,
    /// A queryable field removed, after the clients stop subscribing on it.
    RemoveQueryableField,
    /// A tightened constraint: the violating documents fixed before the additive deploy.
    TightenConstraint,
    /// A loosened constraint, in the additive deploy.
    LoosenConstraint,
    /// A configuration change deployed on its own.
    Configuration,
    /// A sync mode, partition key, indexed queryable field or data source change: its sync route.
    SyncRoute,
    /// Client-only: part of shipping the new client model.
    ClientOnly,
}

/// One row per rule, in catalog order: the array's length is the number of rules, so adding a
/// rule (a line in `rules!`) does not compile until its row is added here; a test checks that the
/// rows name the rules in order.
pub static RECIPES: [(&str, Recipe); crate::rules::MODULES.len()] = [
    ("object_type_added", Recipe::AddType),
    ("object_type_removed", Recipe::Remove),
    ("object_type_renamed", Recipe::ChangeType),
    ("object_type_kind_changed", Recipe::ChangeType),
    ("object_type_collection_changed", Recipe::ChangeType),
    ("asymmetric_table_changed", Recipe::ChangeType),
    ("property_added_optional", Recipe::AddProperty { required: false }),
    ("property_added_required", Recipe::AddProperty { required: true }),
    ("property_removed", Recipe::Remove),
    ("property_renamed", Recipe::ChangeField),
    ("property_type_changed", Recipe::ChangeField),
    ("relationship_changed", Recipe::ChangeField),
    ("property_made_required", Recipe::ChangeField),
    ("property_made_optional", Recipe::ChangeField),
    ("primary_key_changed", Recipe::ChangeField),
    ("default_value_added", Recipe::ClientOnly),
    ("default_value_changed", Recipe::ClientOnly),
    ("default_value_removed", Recipe::ClientOnly),
    ("index_added", Recipe::ClientOnly),
    ("index_removed", Recipe::ClientOnly),
    ("client_name_remapped", Recipe::ClientOnly),
    ("queryable_field_added", Recipe::AddQueryableField),
    ("queryable_field_removed", Recipe::RemoveQueryableField),
    ("indexed_queryable_field_changed", Recipe::SyncRoute),
    ("sync_mode_changed", Recipe::SyncRoute),
    ("partition_key_changed", Recipe::SyncRoute),
    ("sync_enabled", Recipe::Configuration),
    ("partition_permissions_changed", Recipe::Configuration),
    ("permission_changed", Recipe::Configuration),
    ("permission_queryable_field_removed", Recipe::Configuration),
    ("constraint_tightened", Recipe::TightenConstraint),
    ("constraint_loosened", Recipe::LoosenConstraint),
    ("recovery_mode_changed", Recipe::Configuration),
    ("client_max_offline_days_changed", Recipe::Configuration),
    ("development_mode_changed", Recipe::Configuration),
    ("sync_data_source_changed", Recipe::SyncRoute),
];

/// The recipe of a rule id (`None` only for an id that is not a rule).
pub fn recipe(rule: &str) -> Option<Recipe> {
    RECIPES.iter().find(|(id, _)| *id == rule).map(|(_, r)| *r)
}

/// Adds the steps one finding needs and links them into the graph.
#[allow(clippy::too_many_arguments)]
fn per_finding(
    b: &mut Builder,
    f: &Finding,
    strategy: Strategy,
    ship: Option<NodeIndex>,
    breaking_deploy: Option<NodeIndex>,
    terminate: Option<NodeIndex>,
    reenable: Option<NodeIndex>,
) {
    let ty = f.object_type.clone().unwrap_or_default();
    let prop = f.property.clone().unwrap_or_default();
    let path = if prop.is_empty() {
        ty.clone()
    } else {
        format!("{ty}.{prop}")
    };
    let is_partner = strategy == Strategy::PartnerCollection && needs_route(f);
    let Some(recipe) = recipe(f.rule) else {
        // Not a rule of the catalog (RECIPES has a row per rule): said, never skipped silently.
        let n = b.typed(
            Phase::Prepare,
            StepSide::Verification,
            StepKind::Unplanned {
                rule: f.rule.to_string(),
            },
            &[f],
        );
        b.s(n).left_to_user = true;
        return;
    };
    match recipe {
        Recipe::AddType => {
            let embedded = f.change.owner_kind == Some(ObjectKind::Embedded);
            let n = if embedded {
                // Embedded types live inline in their parents' schemas: part of that deploy.
                let n = additive_step(b, &ty, f, ship);
                b.s(n).details.note(Note::DefineEmbedded {
                    object_type: ty.clone(),
                });
                n
            } else {
                b.typed(
                    Phase::Schema,
                    StepSide::ServerSchema,
                    StepKind::AddCollection {
                        object_type: ty.clone(),
                    },
                    &[f],
                )
            };
            b.set_anchor(Anchor::AddType(ty.clone()), n);
            if let Some(sh) = ship {
                b.dep(n, sh);
            }
            // Properties that refer to the new type come after it.
            link_targets_after(b, &ty, n);
        }
        Recipe::AddProperty { required } => {
            let n = additive_step(b, &ty, f, ship);
            let shown = f
                .change
                .new_property()
                .map(|p| crate::model::type_shorthand(&p.ty, p.optional))
                .unwrap_or_default();
            b.s(n).details.note(Note::AddProperty {
                path: path.clone(),
                shown,
                required,
            });
            if required && let StepKind::DeployAdditive { refill, .. } = &mut b.s(n).kind {
                *refill = Some(path.clone());
            }
            b.set_anchor(
                Anchor::AddProperty {
                    object_type: ty.clone(),
                    property: prop.clone(),
                },
                n,
            );
            if let Some(p) = f.change.new_property() {
                if let Some(Element::Object(t)) = p.ty.element()
                    && let Some(a) = b.anchor(&Anchor::AddType(t.clone()))
                {
                    b.dep(a, n);
                }
                if required {
                    let bf = b.data_step(
                        f,
                        StepKind::Backfill {
                            object_type: ty.clone(),
                            field: prop.clone(),
                            param: path.clone(),
                            added: true,
                            param_set: false,
                        },
                        &ty,
                        data::Op::Backfill {
                            field: prop.clone(),
                            param: path.clone(),
                        },
                    );
                    b.s(bf).details.note(Note::RequiredStopsSyncing);
                    partition_warning(b, bf, &prop);
                    b.dep(bf, n);
                }
            }
            if let Some(sh) = ship {
                b.dep(n, sh);
            }
        }
        Recipe::Remove => {
            // Clients stop using it first; the server stops carrying it afterwards.
            let what = if f.change.kind == ChangeKind::TypeRemoved {
                format!("type {ty}")
            } else {
                path.clone()
            };
            if is_partner {
                return; // the partner collection simply omits the field
            }
            if strategy == Strategy::Auto && f.server != Verdict::NonBreaking {
                // Client-only removal: the server keeps carrying it.
                if let Some(sh) = ship {
                    let subscriptions = sync_mode(b.new) != Some(SyncMode::Partition);
                    b.s(sh).details.note(Note::ClientOnlyRemoval {
                        what,
                        type_removed: f.change.kind == ChangeKind::TypeRemoved,
                        object_type: ty.clone(),
                        subscriptions,
                    });
                }
                return;
            }
            // Part of the one breaking deploy (a draft): links to a removed type go before the type.
            if let Some(d) = breaking_deploy {
                b.add_to(d, f);
                b.s(d).data_loss = true;
                // Listed after the property removals (a link is removed before its target type).
                let note = if f.change.kind == ChangeKind::TypeRemoved {
                    Note::RemoveType {
                        object_type: ty.clone(),
                    }
                } else {
                    Note::RemoveProperty { path: path.clone() }
                };
                b.s(d).details.note(note);
            }
        }
        Recipe::ChangeField => {
            if is_partner {
                return;
            }
            // Data first: documents must fit the new schema before it is deployed.
            let mut rekeyed = None;
            let data = match (&f.change.kind, f.change.old_property(), f.change.new_property()) {
                (ChangeKind::MadeRequired, _, Some(_)) => Some((
                    StepKind::Backfill {
                        object_type: ty.clone(),
                        field: prop.clone(),
                        param: path.clone(),
                        added: false,
                        param_set: false,
                    },
                    data::Op::Backfill {
                        field: prop.clone(),
                        param: path.clone(),
                    },
                )),
                // A primary key whose type changes is a type change of `_id` (issue #15): re-keyed,
                // since `_id` cannot be updated in place.
                (ChangeKind::PropertyTypeChanged, Some(op), Some(np)) if op.name == "_id" && np.name == "_id" => {
                    rekeyed = Some(rekey_step(b, f, &ty, op, np, terminate));
                    None
                }
                // The key dropped by a change to embedded goes with the type's conversion (issue #15
                // reports it; the embedding steps move the objects).
                (ChangeKind::PrimaryKeyChanged, _, _) if f.change.owner_kind == Some(ObjectKind::Embedded) => None,
                (ChangeKind::PrimaryKeyChanged, _, _) => {
                    let op = f
                        .change
                        .old_property()
                        .cloned()
                        .or_else(|| b.old.property(&ty, &prop).cloned());
                    let np = f
                        .change
                        .new_property()
                        .cloned()
                        .or_else(|| b.new.property(&ty, &prop).cloned());
                    match (op, np) {
                        (Some(op), Some(np)) if op.name == "_id" && np.name == "_id" => {
                            rekeyed = Some(rekey_step(b, f, &ty, &op, &np, terminate));
                        }
                        _ => {
                            let n = b.typed(
                                Phase::Data,
                                StepSide::Data,
                                StepKind::RekeyByHand {
                                    object_type: ty.clone(),
                                },
                                &[f],
                            );
                            b.s(n).left_to_user = true;
                            b.s(n).data_loss = true;
                            rekeyed = Some(n);
                        }
                    }
                    None
                }
                (ChangeKind::PropertyRenamed { .. }, Some(op), Some(_)) => Some((
                    StepKind::RenameField {
                        object_type: ty.clone(),
                        from: op.name.clone(),
                        to: prop.clone(),
                    },
                    data::Op::Rename {
                        from: op.name.clone(),
                        to: prop.clone(),
                    },
                )),
                (ChangeKind::PropertyTypeChanged, Some(op), Some(np)) => {
                    match (
                        data::Shape::of(op, link_key(b.old, op)),
                        data::Shape::of(np, link_key(b.new, np)),
                    ) {
                        (Some(from), Some(to)) => Some((
                            StepKind::Convert {
                                object_type: ty.clone(),
                                property: prop.clone(),
                                from: crate::model::type_shorthand(&op.ty, op.optional),
                                to: crate::model::type_shorthand(&np.ty, np.optional),
                            },
                            data::Op::Convert {
                                field: prop.clone(),
                                from,
                                to,
                            },
                        )),
                        _ => {
                            let n = b.typed(
                                Phase::Data,
                                StepSide::Data,
                                StepKind::ConvertByHand {
                                    object_type: ty.clone(),
                                    property: prop.clone(),
                                    from: crate::model::type_shorthand(&op.ty, op.optional),
                                    to: crate::model::type_shorthand(&np.ty, np.optional),
                                },
                                &[f],
                            );
                            b.s(n).left_to_user = true;
                            b.s(n).data_loss = true;
                            if let Some(t) = terminate {
                                b.dep(t, n);
                            }
                            None
                        }
                    }
                }
                _ => None,
            };
            let d = match breaking_deploy {
                Some(d) => {
                    b.add_to(d, f);
                    d
                }
                None => {
                    let n = b.typed(
                        Phase::Schema,
                        StepSide::ServerSchema,
                        StepKind::DeployChange { path: path.clone() },
                        &[f],
                    );
                    if let Some(sh) = ship {
                        b.dep(n, sh);
                    }
                    n
                }
            };
            if let Some(n) = rekeyed {
                b.dep(n, d);
            }
            if let Some((kind, op)) = data {
                let n = b.data_step(f, kind, &ty, op);
                if !b.s(n).left_to_user {
                    b.s(n).details.note(Note::ValuesRefused);
                }
                if let Some(t) = terminate {
                    b.dep(t, n);
                }
                b.dep(n, d);
            }
        }
        Recipe::AddQueryableField => {
            let n = b.typed(
                Phase::Sync,
                StepSide::SyncConfig,
                StepKind::AddQueryableField { field: prop.clone() },
                &[f],
            );
            let field_add: Vec<NodeIndex> = b
                .anchors
                .iter()
                .filter(|(a, _)| matches!(a, Anchor::AddProperty { property, .. } if *property == prop))
                .map(|(_, v)| *v)
                .collect();
            for a in field_add {
                b.dep(a, n);
            }
            if let Some(sh) = ship {
                b.dep(n, sh);
            }
        }
        Recipe::RemoveQueryableField => {
            let c = b.typed(
                Phase::Prepare,
                StepSide::ClientApps,
                StepKind::DropSubscriptions { field: prop.clone() },
                &[f],
            );
            let n = b.typed(
                Phase::Cleanup,
                StepSide::SyncConfig,
                StepKind::RemoveQueryableField { field: prop.clone() },
                &[f],
            );
            b.s(n).client_reset = true;
            b.dep(c, n);
            if let Some(sh) = ship {
                b.dep(sh, n);
            }
        }
        Recipe::TightenConstraint => {
            let n = additive_step(b, &ty, f, ship);
            b.s(n).details.note(Note::Constraint {
                path: path.clone(),
                message: f.message.clone(),
            });
            let chk = b.typed(
                Phase::Data,
                StepSide::Data,
                StepKind::CheckConstraint {
                    object_type: ty.clone(),
                    path: path.clone(),
                    help: f.help.clone(),
                },
                &[f],
            );
            b.dep(chk, n);
        }
        Recipe::LoosenConstraint => {
            let n = additive_step(b, &ty, f, ship);
            b.s(n).details.note(Note::Constraint {
                path: path.clone(),
                message: f.message.clone(),
            });
        }
        Recipe::Configuration => {
            let phase = if f.change.kind == ChangeKind::PermissionQueryableFieldRemoved {
                Phase::Prepare
            } else {
                Phase::Sync
            };
            b.typed(
                phase,
                StepSide::SyncConfig,
                StepKind::DeployConfiguration {
                    message: f.message.clone(),
                    help: f.help.clone(),
                },
                &[f],
            );
        }
        Recipe::SyncRoute => {
            if flx_to_pbs(f) {
                // #13.5: App Services allows no new partition-based configuration: refused, with
                // the reason, and nothing else of the plan depends on it.
                let n = b.typed(
                    Phase::Sync,
                    StepSide::SyncConfig,
                    StepKind::RefusedFlexibleToPartition,
                    &[f],
                );
                b.s(n).left_to_user = true;
                return;
            }
            if strategy == Strategy::Auto && mode_change_is(f, "partition", "flexible") {
                pbs_to_flx_step(b, f, ship);
                return;
            }
            if let (Some(t), Some(r)) = (terminate, reenable) {
                let n = b.typed(
                    Phase::Sync,
                    StepSide::SyncConfig,
                    StepKind::ChangeSyncConfiguration {
                        message: f.message.clone(),
                    },
                    &[f],
                );
                b.s(n).ui_only = true;
                b.dep(t, n);
                b.dep(n, r);
                if f.change.kind == ChangeKind::PartitionKeyChanged {
                    let d = b.typed(
                        Phase::Data,
                        StepSide::Data,
                        StepKind::FillPartitionKey { field: prop.clone() },
                        &[f],
                    );
                    b.dep(t, d);
                    b.dep(d, n);
                }
            }
        }
        Recipe::ChangeType => {
            if let Some(d) = breaking_deploy {
                b.add_to(d, f);
            }
            if let ChangeKind::TypeKindChanged {
                after: ObjectKind::Asymmetric,
                ..
            } = &f.change.kind
                && let Some(sh) = ship
            {
                b.s(sh).details.note(Note::AsymmetricSubscriptions {
                    object_type: ty.clone(),
                });
            }
            if let ChangeKind::TypeKindChanged { before, after } = &f.change.kind
                && (*before == ObjectKind::Embedded || *after == ObjectKind::Embedded)
            {
                let n = b.typed(
                    Phase::Data,
                    StepSide::Data,
                    StepKind::MoveEmbedding {
                        object_type: ty.clone(),
                        before: *before,
                        after: *after,
                    },
                    &[f],
                );
                b.s(n).data_loss = true;
                if let Some(t) = terminate {
                    b.dep(t, n);
                }
                if let Some(d) = breaking_deploy {
                    b.dep(n, d);
                }
            }
            if f.change.kind == ChangeKind::TypeCollectionChanged
                && let (
                    Some(Item::Value(serde_json::Value::String(from))),
                    Some(Item::Value(serde_json::Value::String(to))),
                ) = (&f.change.old, &f.change.new)
            {
                let parts: Vec<&str> = to.split('/').collect();
                let src: Vec<&str> = from.split('/').collect();
                let n = b.typed(
                    Phase::Data,
                    StepSide::Data,
                    StepKind::CopyCollection {
                        object_type: ty.clone(),
                        from: from.clone(),
                        to: to.clone(),
                        cross_cluster: parts.len() == 3 && src.len() == 3 && src[0] != parts[0],
                    },
                    &[f],
                );
                if parts.len() == 3 && src.len() == 3 && src[0] != parts[0] {
                    // Another data source is another cluster: `$merge`/`$out` stay inside one
                    // deployment (#13.6). Copy as-is with full BSON fidelity, then transform on
                    // the destination; mongorestore is insert-only, so a re-run keeps what exists.
                    let sh = format!(
                        "#!/bin/sh\n# Copy {from} to {to}: another data source is another cluster, which $merge cannot reach.\n# SOURCE_URI and DEST_URI are the connection strings of the two clusters.\nset -eu\n: \"${{SOURCE_URI:?set SOURCE_URI}}\" \"${{DEST_URI:?set DEST_URI}}\"\ndir=$(mktemp -d)\nmongodump --uri \"$SOURCE_URI\" --db {sdb} --collection {scoll} --out \"$dir\"\nmongorestore --uri \"$DEST_URI\" --nsFrom {nsf} --nsTo {nst} \"$dir\"\n",
                        sdb = shell_quote(src[1]),
                        scoll = shell_quote(src[2]),
                        nsf = shell_quote(&format!("{}.{}", src[1], src[2])),
                        nst = shell_quote(&format!("{}.{}", parts[1], parts[2])),
                    );
                    let path = format!("scripts/move-{}.sh", slug(&ty));
                    b.artifacts.insert(path.clone(), sh);
                    b.s(n).artifacts.push(path);
                } else if parts.len() == 3 && src.len() == 3 {
                    let t = Target {
                        data_source: src[0].into(),
                        database: Some(src[1].into()),
                        collection: src[2].into(),
                    };
                    let body = format!(
                        "db.getSiblingDB(DATABASE).getCollection({}).aggregate([\n  {{ $match: {{}} }},\n  {{ $merge: {{ into: {{ db: {}, coll: {} }}, on: \"_id\", whenMatched: \"keepExisting\", whenNotMatched: \"insert\" }} }}\n]);\n",
                        mongo::js_str(src[2]),
                        mongo::js_str(parts[1]),
                        mongo::js_str(parts[2])
                    );
                    b.script(n, &format!("copy-{}", slug(&ty)), &t, &body);
                }
                if let Some(t) = terminate {
                    b.dep(t, n);
                }
                if let Some(d) = breaking_deploy {
                    b.dep(n, d);
                }
            }
        }
        Recipe::ClientOnly => {
            // Client-only: part of shipping the new client model.
        }
    }
}

use crate::diff::Item;

/// The primary key's type changes: documents are re-keyed by reinsert and every top-level field
/// holding their keys (single links, lists and sets of links) is repointed. References the script
/// cannot repoint (dictionaries, embedded objects, mixed) leave the step to the user.
fn rekey_step(
    b: &mut Builder,
    f: &Finding,
    ty: &str,
    op: &Property,
    np: &Property,
    terminate: Option<NodeIndex>,
) -> NodeIndex {
    let n = b.typed(
        Phase::Data,
        StepSide::Data,
        StepKind::Rekey {
            object_type: ty.to_string(),
            from: crate::model::type_shorthand(&op.ty, op.optional),
            to: crate::model::type_shorthand(&np.ty, np.optional),
            left: vec![],
        },
        &[f],
    );
    let target = b.target(ty);
    let mut refs = Vec::new();
    let mut manual = Vec::new();
    for t in b.old.types.values() {
        for p in t.properties.values() {
            let crate::model::PropertyType::Value {
                collection,
                element: Element::Object(x),
            } = &p.ty
            else {
                continue;
            };
            if x != ty {
                continue;
            }
            match (t.kind, collection) {
                (ObjectKind::Embedded, _) | (_, crate::model::Collection::Dictionary) => {
                    manual.push(format!("{}.{}", t.name, p.name))
                }
                (_, c) => refs.push(mongo::KeyRef {
                    target: b.target(&t.name),
                    field: p.name.clone(),
                    many: *c != crate::model::Collection::Single,
                }),
            }
        }
    }
    let shapes = data::Shape::of(op, None).zip(data::Shape::of(np, None));
    let script = shapes.and_then(|(from, to)| mongo::rekey(&target, &from, &to, &refs));
    match script {
        Some(sc) => {
            b.script(n, &format!("rekey-{}", slug(ty)), &target, &sc);
        }
        None => manual.push(format!("{ty}._id: no exact conversion")),
    }
    if !manual.is_empty() {
        b.s(n).left_to_user = true;
        b.s(n).data_loss = true;
        if let StepKind::Rekey { left, .. } = &mut b.s(n).kind {
            *left = manual;
        }
    }
    let fields: Vec<data::DataOp> = data::Shape::of(op, None)
        .zip(data::Shape::of(np, None))
        .map(|(from, to)| data::DataOp {
            location: data::Location {
                owner: ty.to_string(),
                path: vec![],
            },
            op: data::Op::Convert {
                field: "_id".into(),
                from,
                to,
            },
        })
        .into_iter()
        .collect();
    b.s(n).data = fields;
    if let Some(t) = terminate {
        b.dep(t, n);
    }
    n
}

/// Partition-based → Flexible Sync by the documented migration (#13.5): its requirements are the
/// step's preconditions; it keeps the synced data instead of terminating Sync.
fn pbs_to_flx_step(b: &mut Builder, f: &Finding, ship: Option<NodeIndex>) {
    let old_sync = b.old.sync.clone().unwrap_or_default();
    let key = old_sync.partition_key.clone().unwrap_or_else(|| "_partition".into());
    let key_queryable = b.new.sync.as_ref().is_some_and(|s| {
        s.queryable_fields.contains(&key) || s.collection_queryable_fields.values().any(|v| v.contains(&key))
    });
    let n = b.typed(
        Phase::Sync,
        StepSide::SyncConfig,
        StepKind::MigratePartitionToFlexible {
            partition_key: key,
            permissions: old_sync.partition_permissions.clone(),
            key_queryable,
            recovery_disabled: old_sync.recovery_mode_disabled == Some(true),
        },
        &[f],
    );
    b.s(n).ui_only = true;
    b.s(n).client_reset = true;
    if let Some(h) = b.anchor(&Anchor::ResetHandler) {
        b.dep(h, n);
    }
    if let Some(sh) = ship {
        b.dep(n, sh);
    }
}

/// One additive deploy per collection schema: the additions to it are listed in its details.
fn additive_step(b: &mut Builder, ty: &str, f: &Finding, ship: Option<NodeIndex>) -> NodeIndex {
    // The first owner collection (from the schema graph; embedded types live in their owners').
    let owner = data::locations(b.new, &b.g_new, ty)
        .first()
        .map(|l| l.owner.clone())
        .unwrap_or_else(|| ty.to_string());
    let n = match b.anchor(&Anchor::Additive(owner.clone())) {
        Some(n) => n,
        None => {
            let n = b.typed(
                Phase::Schema,
                StepSide::ServerSchema,
                StepKind::DeployAdditive {
                    collection: owner.clone(),
                    refill: None,
                },
                &[],
            );
            b.set_anchor(Anchor::Additive(owner.clone()), n);
            if let Some(sh) = ship {
                b.dep(n, sh);
            }
            n
        }
    };
    b.add_to(n, f);
    n
}

/// A backfill of the partition key moves documents between partitions.
fn partition_warning(b: &mut Builder, n: NodeIndex, field: &str) {
    let is_key = [b.old, b.new]
        .iter()
        .any(|s| s.sync.as_ref().and_then(|c| c.partition_key.as_deref()) == Some(field));
    if is_key {
        b.s(n).details.note(Note::PartitionKeyFill {
            field: field.to_string(),
        });
    }
}

/// Property additions that link to or embed `ty` come after its creation.
fn link_targets_after(b: &mut Builder, ty: &str, n: NodeIndex) {
    let hits: Vec<NodeIndex> = b
        .anchors
        .iter()
        .filter(|(a, _)| {
            matches!(a, Anchor::AddProperty { object_type, property }
                if b.new.property(object_type, property).and_then(|p| p.ty.target()) == Some(ty))
        })
        .map(|(_, v)| *v)
        .collect();
    for h in hits {
        b.dep(n, h);
    }
}

/// A POSIX shell single-quoted word.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Kahn's algorithm over the petgraph graph; ties broken by (phase, creation order).
fn order(mut b: Builder, strategy: Strategy, reason: String) -> Plan {
    // Drop empty frame steps, keeping their predecessors before their successors.
    while let Some(n) =
        b.g.node_indices()
            .find(|n| b.g[*n].drop_if_empty && b.g[*n].step.why.is_empty())
    {
        let preds: Vec<NodeIndex> = b.g.neighbors_directed(n, petgraph::Direction::Incoming).collect();
        let succs: Vec<NodeIndex> = b.g.neighbors_directed(n, petgraph::Direction::Outgoing).collect();
        for p in &preds {
            for s in &succs {
                if b.g.find_edge(*p, *s).is_none() {
                    b.g.add_edge(*p, *s, ());
                }
            }
        }
        b.g.remove_node(n);
    }
    let g = &b.g;
    let mut indeg: BTreeMap<NodeIndex, usize> = g.node_indices().map(|n| (n, 0)).collect();
    for e in g.edge_indices() {
        if let Some((_, t)) = g.edge_endpoints(e) {
            *indeg.entry(t).or_default() += 1;
        }
    }
    let mut heap: BinaryHeap<Reverse<(Phase, usize, NodeIndex)>> = BinaryHeap::new();
    for (n, d) in &indeg {
        if *d == 0 {
            heap.push(Reverse((g[*n].phase, g[*n].seq, *n)));
        }
    }
    let mut out: Vec<NodeIndex> = Vec::new();
    let mut done: BTreeSet<NodeIndex> = BTreeSet::new();
    while let Some(Reverse((_, _, n))) = heap.pop() {
        out.push(n);
        done.insert(n);
        for m in g.neighbors(n) {
            if let Some(d) = indeg.get_mut(&m) {
                *d -= 1;
                if *d == 0 {
                    heap.push(Reverse((g[m].phase, g[m].seq, m)));
                }
            }
        }
    }
    // A cycle would be a planner bug; keep the remaining steps in phase order rather than drop them.
    let mut rest: Vec<NodeIndex> = g.node_indices().filter(|n| !done.contains(n)).collect();
    let acyclic = rest.is_empty();
    rest.sort_by_key(|n| (g[*n].phase, g[*n].seq));
    out.extend(rest);
    let number: BTreeMap<NodeIndex, usize> = out.iter().enumerate().map(|(i, n)| (*n, i + 1)).collect();
    let mut steps = Vec::new();
    for n in &out {
        let d = &g[*n].step;
        // The prose is written from the kind and its notes (the planner never reads it).
        let prose = text::prose(d);
        let mut st = Step {
            number: number[n],
            side: d.side,
            kind: d.kind.clone(),
            action: prose.action,
            details: prose.details,
            why: d.why.clone(),
            findings: d.findings.clone(),
            preconditions: prose.preconditions,
            verify: prose.verify,
            data_loss: d.data_loss,
            client_reset: d.client_reset,
            ui_only: d.ui_only,
            script: d.script.clone(),
            artifacts: d.artifacts.clone(),
            left_to_user: d.left_to_user,
            data: d.data.clone(),
        };
        let mut pre: Vec<usize> = g
            .neighbors_directed(*n, petgraph::Direction::Incoming)
            .map(|m| number[&m])
            .collect();
        pre.sort_unstable();
        if pre.len() > 2 && pre.len() + 1 == out.len() {
            st.preconditions.insert(0, "after all other steps".to_string());
        } else if !pre.is_empty() {
            st.preconditions.insert(
                0,
                format!(
                    "after step{} {}",
                    if pre.len() > 1 { "s" } else { "" },
                    pre.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        steps.push(st);
    }
    Plan {
        complete: !steps.iter().any(|s| s.left_to_user),
        strategy,
        strategy_reason: reason,
        steps,
        artifacts: b.artifacts,
        acyclic,
        partners: b.partners,
    }
}
