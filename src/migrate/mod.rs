//! MIGRATE: the migration code a local (non-synced) realm needs for a model change, per SDK.
//!
//! The steps are typed data built from the classified findings (`plan`), each judged by
//! `crate::local`; the renderers (`sdk.rs`) turn them into each SDK's own API: Swift
//! `migrationBlock`, Kotlin `AutomaticSchemaMigration`, Realm Java `RealmMigration` (Manual mode:
//! the schema edits too), JS/TS `onMigration`, Dart `migrationCallback`, C# `MigrationCallback`, and
//! for C++ the version with a statement of what cannot be migrated (no callback there).
//!
//! Rules every renderer keeps:
//! - one callback, its steps guarded by the old schema version (`old < NEW`), so that a file of any
//!   older version runs exactly the steps it needs;
//! - old objects are read by **persisted** name from the old realm (built from the file's schema);
//! - a value the code cannot convert is counted and reported at run time, never replaced by a
//!   default in silence;
//! - what the generator cannot write is listed as a manual step, and the plan says it is
//!   incomplete.

mod sdk;

use serde::Serialize;

use crate::classify::Classified;
use crate::diff::{ChangeKind, Item};
use crate::local::LocalVerdict;
use crate::model::{Collection, Element, PropertyType, ScalarType};

pub use sdk::{Target, render};

/// One step of a local migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Keep the values of a property whose persisted name changed (a `--rename` hint, or the same
    /// SDK name over a new persisted name).
    Rename {
        class: String,
        from: String,
        to: String,
        /// The scalar type when the property is a single scalar (SDKs without a rename helper copy
        /// the value, which needs the type); `None` otherwise.
        scalar: Option<ScalarType>,
        optional: bool,
    },
    /// Convert the stored values of a single scalar whose type changed (realm-core recreated the
    /// column empty before the callback).
    Convert {
        class: String,
        property: String,
        from: ScalarType,
        to: ScalarType,
        /// The new property is optional (a value that cannot be converted may stay null there, and
        /// is still counted).
        optional: bool,
    },
    /// Optional → required: realm-core recreates the column; copy every non-null value back and
    /// count the nulls (they read the type's default afterwards).
    Require {
        class: String,
        property: String,
        scalar: ScalarType,
    },
    /// The primary key moved, was added, or changed type: the open fails on duplicate values.
    /// The code counts duplicates and stops the migration with their number (the file stays
    /// untouched), so the app can fix the data first.
    UniqueKey { class: String, property: String },
    /// Needs a migration function to exist (nullability and an index change in one step), even an
    /// empty one.
    NeedsCallback { reason: String },
    /// What the generator cannot write: the user must.
    Manual { what: String },
}

/// The migration of one model change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalPlan {
    /// The file's version before (`None` when unknown).
    pub old_version: Option<u64>,
    /// The version to set.
    pub new_version: u64,
    /// The worst local verdict.
    pub verdict: LocalVerdict,
    pub steps: Vec<Step>,
    /// True when a step is left to the user (`Manual`).
    pub incomplete: bool,
    /// Realm Java's schema edits (Manual mode rebuilds every change), in order.
    #[serde(skip)]
    pub java: Vec<String>,
    /// A chained migration (`history`): one plan per version step, oldest first, each guarded by
    /// its own version. Empty for a single step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<LocalPlan>,
}

impl LocalPlan {
    /// The guarded blocks to render: the chain, or this plan alone.
    pub fn blocks(&self) -> Vec<LocalPlan> {
        if self.chain.is_empty() {
            vec![self.clone()]
        } else {
            self.chain.clone()
        }
    }

    /// One migration over several version steps (oldest first), each step guarded by its version.
    pub fn chained(plans: Vec<LocalPlan>) -> LocalPlan {
        let old_version = plans.first().and_then(|p| p.old_version);
        let new_version = plans.last().map(|p| p.new_version).unwrap_or(0);
        let verdict = plans.iter().map(|p| p.verdict).max().unwrap_or(LocalVerdict::None);
        let steps: Vec<Step> = plans.iter().flat_map(|p| p.steps.clone()).collect();
        let incomplete = plans.iter().any(|p| p.incomplete);
        LocalPlan {
            old_version,
            new_version,
            verdict,
            steps,
            incomplete,
            java: vec![],
            chain: plans,
        }
    }
}

fn single_scalar(ty: &PropertyType) -> Option<ScalarType> {
    match ty {
        PropertyType::Value {
            collection: Collection::Single,
            element: Element::Scalar(s),
        } => Some(match s {
            ScalarType::Counter => ScalarType::Int,
            s => *s,
        }),
        _ => None,
    }
}

/// Whether a generated conversion exists between two scalars.
pub fn convertible(from: ScalarType, to: ScalarType) -> bool {
    use ScalarType as S;
    matches!(
        (from, to),
        (S::Int, S::String)
            | (S::Int, S::Double)
            | (S::Int, S::Float)
            | (S::Double, S::Int)
            | (S::Float, S::Double)
            | (S::Double, S::String)
            | (S::String, S::Int)
            | (S::String, S::Double)
            | (S::Bool, S::String)
            | (S::ObjectId, S::String)
            | (S::String, S::ObjectId)
    )
}

/// The local migration plan of a classified comparison made under `--context local`.
pub fn plan(c: &Classified) -> LocalPlan {
    let verdict = c.verdict.local.unwrap_or(LocalVerdict::None);
    let versions = c.local.as_ref().map(|l| &l.schema_version);
    let old_version = versions.and_then(|v| v.old.version);
    let new_version = match (old_version, versions.and_then(|v| v.new.version)) {
        (Some(o), Some(n)) if n > o => n,
        (Some(o), _) if verdict >= LocalVerdict::Bump => o + 1,
        (_, Some(n)) => n,
        (None, None) => u64::from(verdict >= LocalVerdict::Bump),
        (Some(o), None) => o,
    };
    let mut steps = Vec::new();
    let mut renamed_keys = std::collections::BTreeSet::new();
    for f in c.findings.iter().filter(|f| f.accepted.is_none()) {
        let ch = &f.change;
        let class = ch.object_type.clone().unwrap_or_default();
        let prop = ch.property.clone().unwrap_or_default();
        let subject = format!("{class}.{prop}");
        match &ch.kind {
            ChangeKind::PropertyRenamed { .. } => {
                if let Some(np) = ch.new_property() {
                    steps.push(Step::Rename {
                        class: class.clone(),
                        from: ch.from.clone().unwrap_or_default(),
                        to: prop.clone(),
                        scalar: single_scalar(&np.ty),
                        optional: np.optional,
                    });
                }
            }
            ChangeKind::PropertyAdded if ch.from.is_some() => {
                if let Some(np) = ch.new_property() {
                    steps.push(Step::Rename {
                        class: class.clone(),
                        from: ch.from.clone().unwrap_or_default(),
                        to: prop.clone(),
                        scalar: single_scalar(&np.ty),
                        optional: np.optional,
                    });
                }
            }
            ChangeKind::PropertyTypeChanged => {
                let (Some(op), Some(np)) = (ch.old_property(), ch.new_property()) else {
                    continue;
                };
                match (single_scalar(&op.ty), single_scalar(&np.ty)) {
                    (Some(a), Some(b)) if convertible(a, b) => steps.push(Step::Convert {
                        class: class.clone(),
                        property: prop.clone(),
                        from: a,
                        to: b,
                        optional: np.optional,
                    }),
                    _ => steps.push(Step::Manual {
                        what: format!(
                            "{subject}: {} → {}: realm-core recreates the column empty; copy or convert the values yourself (syncplan generates scalar conversions only)",
                            crate::model::type_shorthand(&op.ty, op.optional),
                            crate::model::type_shorthand(&np.ty, np.optional)
                        ),
                    }),
                }
                if prop == "_id" && renamed_keys.insert(class.clone()) {
                    steps.push(Step::UniqueKey {
                        class: class.clone(),
                        property: prop.clone(),
                    });
                }
            }
            ChangeKind::RelationshipChanged => steps.push(Step::Manual {
                what: format!(
                    "{subject}: the link changed ({} → {}): realm-core recreates the column, so every link is lost; set the new links yourself",
                    crate::rules::shorthand_old(ch),
                    crate::rules::shorthand_new(ch)
                ),
            }),
            ChangeKind::MadeRequired => {
                match ch.new_property().and_then(|p| single_scalar(&p.ty)) {
                    Some(s) if s != ScalarType::Mixed => steps.push(Step::Require {
                        class: class.clone(),
                        property: prop.clone(),
                        scalar: s,
                    }),
                    _ => steps.push(Step::Manual {
                        what: format!("{subject}: made required: realm-core recreates the column empty; copy the values back yourself"),
                    }),
                }
            }
            ChangeKind::MadeOptional | ChangeKind::IndexAdded | ChangeKind::IndexRemoved
                if f.local == Some(LocalVerdict::Migration) =>
            {
                let reason = format!(
                    "{subject}: nullability and index change in one step: without a migration function the open fails on a stale column key"
                );
                if !steps.iter().any(|s| matches!(s, Step::NeedsCallback { reason: r } if *r == reason)) {
                    steps.push(Step::NeedsCallback { reason });
                }
            }
            ChangeKind::PrimaryKeyChanged if f.local == Some(LocalVerdict::Migration) => {
                let key = match &ch.new {
                    Some(Item::Value(serde_json::Value::String(s))) => {
                        s.split(':').next().unwrap_or_default().trim().to_string()
                    }
                    _ => prop.clone(),
                };
                if renamed_keys.insert(class.clone()) {
                    steps.push(Step::UniqueKey {
                        class: class.clone(),
                        property: key,
                    });
                }
            }
            ChangeKind::TypeRenamed { .. } => steps.push(Step::Manual {
                what: format!(
                    "{class} (was {}): a class is matched by its persisted name, so the new class starts empty and the old rows stay behind; copy the objects over",
                    ch.from.as_deref().unwrap_or("")
                ),
            }),
            ChangeKind::TypeKindChanged { .. } if f.local == Some(LocalVerdict::Migration) => steps.push(Step::Manual {
                what: format!(
                    "{class}: top-level → embedded: every object needs exactly one parent; delete the objects no one links to and copy those linked more than once, or the open fails (or, where the SDK resolves it, they are deleted / cloned)"
                ),
            }),
            _ => {}
        }
    }
    let incomplete = steps.iter().any(|s| matches!(s, Step::Manual { .. }));
    LocalPlan {
        old_version,
        new_version,
        verdict,
        steps,
        incomplete,
        java: sdk::java_edits(c),
        chain: vec![],
    }
}

/// What to do, in order, around the code (ship order and what to test).
pub fn instructions(p: &LocalPlan) -> Vec<String> {
    let mut v = Vec::new();
    if p.verdict == LocalVerdict::None {
        v.push("No schemaVersion bump and no migration are needed: ship the model change as it is.".to_string());
        return v;
    }
    if p.verdict == LocalVerdict::Invalid {
        v.push("The new model cannot be opened as a local realm: fix it first (see the validation findings).".into());
        return v;
    }
    let from = p.old_version.map(|o| format!(" (from {o})")).unwrap_or_default();
    v.push(format!(
        "Set schemaVersion to {}{from} in every place that opens this realm (a second open site with another version fails).",
        p.new_version
    ));
    if p.steps.is_empty() {
        v.push("realm-core keeps every stored value: the bump is all this change needs (Realm Java still rebuilds the schema in its migration).".into());
    } else {
        v.push("Ship the migration below in the same release as the model change; keep the steps of earlier versions (each is guarded by its version).".into());
    }
    if p.incomplete {
        v.push(
            "INCOMPLETE: the TODO steps are not generated; without them the listed values are lost or the open fails."
                .into(),
        );
    }
    v.push("Test before release: open a copy of a real file written by the previous release with the new build, and check the counts the migration prints (values it could not convert) and that the open succeeds.".into());
    v.push("Never ship deleteRealmIfMigrationNeeded / shouldDeleteIfMigrationNeeded in a release build: it deletes the users' data instead.".into());
    v
}

/// The local migration section of a plan, in markdown.
pub fn markdown(p: &LocalPlan, code: &[(Target, String)]) -> String {
    let mut s = format!("\n### Local migration (schema version {})\n\n", p.new_version);
    for (i, line) in instructions(p).iter().enumerate() {
        s.push_str(&format!("{}. {line}\n", i + 1));
    }
    if p.verdict >= LocalVerdict::Bump {
        for (t, c) in code {
            s.push_str(&format!("\n#### {}\n\n```{}\n{c}```\n", t.name(), t.fence()));
        }
    }
    s
}

/// The same as text.
pub fn text(p: &LocalPlan, code: &[(Target, String)]) -> String {
    let mut s = format!("\nLocal migration (schema version {}):\n", p.new_version);
    for (i, line) in instructions(p).iter().enumerate() {
        s.push_str(&format!("  {}. {line}\n", i + 1));
    }
    if p.verdict >= LocalVerdict::Bump {
        for (t, c) in code {
            s.push_str(&format!("\n--- {} ---\n{c}", t.name()));
        }
    }
    s
}

/// The JSON of a local plan with its code.
pub fn json(p: &LocalPlan, code: &[(Target, String)]) -> serde_json::Value {
    let code: serde_json::Map<String, serde_json::Value> = code
        .iter()
        .map(|(t, c)| (t.name().to_string(), serde_json::Value::String(c.clone())))
        .collect();
    serde_json::json!({
        "old_schema_version": p.old_version,
        "schema_version": p.new_version,
        "verdict": p.verdict,
        "steps": p.steps,
        "incomplete": p.incomplete,
        "instructions": instructions(p),
        "code": code,
    })
}

/// `plan --context local --format json`: the diff report plus `"migration"`.
pub fn json_report(
    c: &Classified,
    meta: &crate::render::report::ReportMeta,
    p: &LocalPlan,
    code: &[(Target, String)],
) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        format_version: u32,
        old: &'a str,
        new: &'a str,
        context: &'a [&'static str],
        findings: &'a [crate::classify::Finding],
        verdict: crate::classify::Overall,
        #[serde(skip_serializing_if = "Option::is_none")]
        validation: Option<&'a crate::local::validation::Validation>,
        #[serde(skip_serializing_if = "Option::is_none")]
        local: Option<&'a crate::local::LocalReport>,
        migration: serde_json::Value,
    }
    crate::render::to_json(&Doc {
        format_version: crate::render::FORMAT_VERSION,
        old: meta.old,
        new: meta.new,
        context: &meta.context,
        findings: &c.findings,
        verdict: c.verdict,
        validation: c.validation.as_ref(),
        local: c.local.as_ref(),
        migration: json(p, code),
    })
}
