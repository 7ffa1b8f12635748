//! Client-model instructions for every requested SDK: a closed set of client edits derived from
//! the findings, rendered by one renderer per SDK (`plan/sdk/*.rs`) whose `match` over
//! `ClientEdit` has no catch-all arm, so a new edit kind cannot be forgotten in one SDK.

use std::collections::BTreeMap;

use serde_json::json;

pub use super::sdk::edit::{
    ClientEdit, EditCx, MigrationNeeds, SdkGuide, class_block, conversion_note, kind_word, touched,
};
pub use super::sdk::guide;
use crate::classify::Classified;
use crate::codegen::{self, Sdk};
use crate::diff::ChangeKind;
use crate::model::{Schema, SyncMode};
use crate::plan::Plan;
use crate::rules::Verdict;

pub fn parse_sdks(list: &[String]) -> Result<Vec<Sdk>, String> {
    Sdk::parse_list(list, &Sdk::ALL)
}

/// The client edits of a change set, in finding order.
pub fn edits<'a>(c: &'a Classified, old: &'a Schema, new: &'a Schema) -> Vec<(ClientEdit<'a>, Vec<&'a str>)> {
    let mut out: Vec<(ClientEdit<'a>, Vec<&'a str>)> = Vec::new();
    let ty_old = |n: &Option<String>| n.as_deref().and_then(|n| old.types.get(n));
    let ty_new = |n: &Option<String>| n.as_deref().and_then(|n| new.types.get(n));
    for f in &c.findings {
        let ch = &f.change;
        let fp = vec![f.fingerprint.as_str()];
        let prop_new = || ty_new(&ch.object_type).and_then(|t| f.property.as_deref().and_then(|p| t.properties.get(p)));
        let old_owner = || {
            let name = match &ch.kind {
                ChangeKind::PropertyRenamed { .. } => ch.object_type.as_ref(),
                _ => ch.object_type.as_ref(),
            };
            name.and_then(|n| old.types.get(n)).or_else(|| {
                // The owner may have been renamed as well.
                c.findings
                    .iter()
                    .find(|g| {
                        matches!(g.change.kind, ChangeKind::TypeRenamed { .. }) && g.object_type == ch.object_type
                    })
                    .and_then(|g| g.from.as_deref())
                    .and_then(|n| old.types.get(n))
            })
        };
        let old_prop = |name: &str| old_owner().and_then(|t| t.properties.get(name));
        let e = match &ch.kind {
            ChangeKind::TypeAdded => ty_new(&ch.object_type).map(|ty| ClientEdit::AddType { ty }),
            ChangeKind::TypeRemoved => ty_old(&ch.object_type).map(|ty| ClientEdit::RemoveType { ty }),
            ChangeKind::TypeRenamed { .. } => {
                match (ch.from.as_ref().and_then(|n| old.types.get(n)), ty_new(&ch.object_type)) {
                    (Some(from), Some(to)) => Some(ClientEdit::RenameType { from, to }),
                    _ => None,
                }
            }
            ChangeKind::TypeKindChanged { .. } => match (ty_old(&ch.object_type), ty_new(&ch.object_type)) {
                (Some(before), Some(after)) => Some(ClientEdit::ChangeTypeKind { before, after }),
                _ => None,
            },
            ChangeKind::PropertyAdded => match (ty_new(&ch.object_type), prop_new()) {
                (Some(owner), Some(prop)) => Some(ClientEdit::AddProperty { owner, prop }),
                _ => None,
            },
            ChangeKind::PropertyRemoved => match (old_owner(), f.property.as_deref().and_then(old_prop)) {
                (Some(owner), Some(prop)) => Some(ClientEdit::RemoveProperty { owner, prop }),
                _ => None,
            },
            ChangeKind::PropertyRenamed { .. } => {
                match (
                    ty_new(&ch.object_type),
                    ch.from.as_deref().and_then(old_prop),
                    prop_new(),
                ) {
                    (Some(owner), Some(before), Some(after)) => {
                        Some(ClientEdit::RenameProperty { owner, before, after })
                    }
                    _ => None,
                }
            }
            ChangeKind::PropertyTypeChanged
            | ChangeKind::RelationshipChanged
            | ChangeKind::MadeRequired
            | ChangeKind::MadeOptional
            | ChangeKind::DefaultAdded
            | ChangeKind::DefaultChanged
            | ChangeKind::DefaultRemoved
            | ChangeKind::IndexAdded
            | ChangeKind::IndexRemoved => {
                let before = ch.old_property().and_then(|p| old_prop(&p.name)).or(ch.old_property());
                match (ty_new(&ch.object_type), before, prop_new()) {
                    (Some(owner), Some(before), Some(after)) => {
                        Some(ClientEdit::ChangeProperty { owner, before, after })
                    }
                    _ => None,
                }
            }
            ChangeKind::ClientNameChanged => {
                match (
                    ty_new(&ch.object_type),
                    f.property.as_deref().and_then(old_prop),
                    prop_new(),
                ) {
                    (Some(owner), Some(before), Some(after)) => Some(ClientEdit::RemapName { owner, before, after }),
                    _ => None,
                }
            }
            ChangeKind::PrimaryKeyChanged => match (old_owner(), ty_new(&ch.object_type)) {
                (Some(before), Some(after)) => Some(ClientEdit::ChangePrimaryKey { before, after }),
                _ => None,
            },
            ChangeKind::QueryableFieldRemoved => f
                .property
                .as_deref()
                .map(|field| ClientEdit::DropSubscriptions { field }),
            ChangeKind::SyncModeChanged | ChangeKind::PartitionKeyChanged => {
                Some(ClientEdit::ChangeSyncConfiguration {
                    message: f.message.as_str(),
                    from: sync_mode(old),
                    to: sync_mode(new),
                    partition_key: new.sync.as_ref().and_then(|s| s.partition_key.as_deref()),
                })
            }
            ChangeKind::QueryableFieldAdded
            | ChangeKind::IndexedQueryableFieldChanged
            | ChangeKind::TypeCollectionChanged
            // Server-side settings, permissions and constraints: no client model edit.
            | ChangeKind::SyncEnabled
            | ChangeKind::PartitionPermissionsChanged
            | ChangeKind::PermissionChanged
            | ChangeKind::PermissionQueryableFieldRemoved
            | ChangeKind::ConstraintTightened
            | ChangeKind::ConstraintLoosened
            | ChangeKind::RecoveryModeChanged
            | ChangeKind::ClientMaxOfflineDaysChanged
            | ChangeKind::DevelopmentModeChanged
            | ChangeKind::SyncDataSourceChanged => None,
        };
        if let Some(e) = e {
            // Several findings on one property (type and default, say) share one edit.
            if let Some(last) = out.last_mut()
                && same_target(&last.0, &e)
            {
                last.1.extend(fp);
                continue;
            }
            out.push((e, fp));
        }
    }
    out
}

/// The sync mode of a model (`None`: no sync configuration).
fn sync_mode(s: &Schema) -> Option<SyncMode> {
    s.sync.as_ref().and_then(|c| c.mode)
}

/// What a client-reset handler can do with unsynced changes on the route of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recovery {
    /// A breaking schema change: every automatic mode falls back to the manual handler.
    Manual,
    /// Client Recovery is off in the sync configuration: recover-or-discard discards.
    Discard,
    /// No breaking schema change: a recovering handler keeps unsynced changes.
    Recover,
}

impl Recovery {
    fn name(self) -> &'static str {
        match self {
            Recovery::Manual => "manual",
            Recovery::Discard => "discard",
            Recovery::Recover => "recover",
        }
    }
}

fn same_target(a: &ClientEdit, b: &ClientEdit) -> bool {
    match (a, b) {
        (
            ClientEdit::ChangeProperty {
                owner: o1, after: a1, ..
            },
            ClientEdit::ChangeProperty {
                owner: o2, after: a2, ..
            },
        ) => o1.name == o2.name && a1.name == a2.name,
        _ => false,
    }
}

/// Rendered instructions for all requested SDKs.
#[derive(Default)]
pub struct ClientOut {
    /// (SDK display name, text)
    pub text: Vec<(String, String)>,
    pub markdown: Vec<(String, String)>,
    pub json: serde_json::Value,
    /// `clients/<sdk>/<file>` → generated model of NEW.
    pub files: BTreeMap<String, String>,
}

/// `with_files`: also generate each SDK's complete model of NEW (for `--out`).
pub fn instructions(
    c: &Classified,
    old: &Schema,
    new: &Schema,
    sdks: &[Sdk],
    plan: &Plan,
    with_files: bool,
) -> ClientOut {
    let mut edits = edits(c, old, new);
    // A change the plan refuses (Flexible → partition-based Sync) gets no client edit.
    let refused: Vec<&str> = plan
        .steps
        .iter()
        .filter(|s| s.kind == crate::plan::StepKind::RefusedFlexibleToPartition)
        .flat_map(|s| s.findings.iter().map(String::as_str))
        .collect();
    edits.retain(|(_, fps)| fps.is_empty() || !fps.iter().all(|f| refused.contains(f)));
    // Partner collections: the changed type's new shape is a new synced type for clients.
    if !plan.partners.is_empty() {
        let owner_of = |e: &ClientEdit| -> Option<String> {
            match e {
                ClientEdit::ChangeProperty { owner, .. }
                | ClientEdit::RenameProperty { owner, .. }
                | ClientEdit::RemoveProperty { owner, .. }
                | ClientEdit::AddProperty { owner, .. }
                | ClientEdit::RemapName { owner, .. } => Some(owner.name.clone()),
                ClientEdit::ChangePrimaryKey { after, .. } => Some(after.name.clone()),
                _ => None,
            }
        };
        let mut kept = Vec::new();
        let mut fps_by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for (e, fps) in edits {
            match owner_of(&e).filter(|o| plan.partners.iter().any(|p| &p.object_type == o)) {
                Some(o) => fps_by.entry(o).or_default().extend(fps),
                None => kept.push((e, fps)),
            }
        }
        for p in &plan.partners {
            if let (Some(before), Some(after)) = (old.types.get(&p.object_type), new.types.get(&p.object_type)) {
                let fps = fps_by.remove(&p.object_type).unwrap_or_default();
                kept.push((
                    ClientEdit::AdoptPartnerType {
                        before,
                        after,
                        title: &p.title,
                    },
                    fps,
                ));
            }
        }
        edits = kept;
    }
    // New types are declared before the properties that use them.
    edits.sort_by_key(|(e, _)| !matches!(e, ClientEdit::AddType { .. }));
    let mut names: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for f in &c.findings {
        if let Some(t) = &f.object_type {
            names.insert(t);
        }
        if let Some(t) = &f.from {
            names.insert(t);
        }
    }
    let (old_part, mut new_part) = (touched(old, &names), touched(new, &names));
    // Partner collections: the new model syncs the changed type under its partner title.
    for p in &plan.partners {
        if let Some(mut t) = new_part.types.remove(&p.object_type) {
            t.name = p.title.clone();
            new_part.types.insert(p.title.clone(), t);
            for t in new_part.types.values_mut() {
                for q in t.properties.values_mut() {
                    if let crate::model::PropertyType::Value {
                        element: crate::model::Element::Object(target),
                        ..
                    } = &mut q.ty
                        && *target == p.object_type
                    {
                        *target = p.title.clone();
                    }
                }
            }
        }
    }
    let partnered_names: Vec<&str> = plan.partners.iter().map(|p| p.object_type.as_str()).collect();
    // Client model changes an existing realm file cannot take (realm-core rejects them in
    // additive mode): the new version must start from a fresh file.
    let schema_breaking = c.findings.iter().any(|f| {
        f.client == Verdict::Breaking
            && !crate::local::server_only(&f.change.kind)
            && !refused.contains(&f.fingerprint.as_str())
            && !f.object_type.as_deref().is_some_and(|t| partnered_names.contains(&t))
            && !matches!(
                f.change.kind,
                ChangeKind::PropertyRenamed { .. } | ChangeKind::TypeRenamed { .. }
            )
    });
    // Under `--context local` with no sync configuration on either side the realms are local
    // only: nothing syncs, so there is no client reset and no file to download again (deleting a
    // local realm file deletes the user's data). The local sections (schema version, migration)
    // are the instructions.
    let local_only = c.local.is_some() && old.sync.is_none() && new.sync.is_none();
    let plan_resets = !local_only && plan.steps.iter().any(|s| s.client_reset);
    // Any breaking change to an object type (renames and partnered types too): the docs exclude
    // automatic client-reset recovery for breaking changes. A renamed type or property opens fine
    // in an existing file (realm-core adds the new name) but is still a breaking schema change for
    // Sync (#13 item 11: https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/).
    let breaking_schema_change = c.findings.iter().any(|f| {
        crate::plan::is_schema_change(&f.change.kind)
            && (f.client == Verdict::Breaking || f.server == Verdict::Breaking)
    });
    // The sync route (#13 item 5). The client-reset handler goes into the app versions in use,
    // configured for the sync mode they open with now (OLD's; NEW's when OLD has none); a realm file
    // is deleted and reopened by the new app version, with NEW's mode.
    let (old_mode, new_mode) = (sync_mode(old), sync_mode(new));
    let handler_partition = old_mode.or(new_mode) == Some(SyncMode::Partition);
    let new_partition = new_mode.or(old_mode) == Some(SyncMode::Partition);
    // The documented partition-based → Flexible Sync migration: it changes no schema, resets every
    // client once, and the docs ask for a handler that recovers unsynced changes
    // (https://www.mongodb.com/docs/atlas/app-services/sync/migrate-sync-modes/).
    let pbs_to_flx = old_mode == Some(SyncMode::Partition)
        && new_mode == Some(SyncMode::Flexible)
        && c.findings
            .iter()
            .any(|f| f.change.kind == ChangeKind::SyncModeChanged && !refused.contains(&f.fingerprint.as_str()));
    let recovery_off = new
        .sync
        .as_ref()
        .or(old.sync.as_ref())
        .and_then(|s| s.recovery_mode_disabled)
        == Some(true);
    // Only a breaking *schema* change rules out automatic recovery
    // (https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/).
    let recovery = if schema_breaking || breaking_schema_change {
        Recovery::Manual
    } else if recovery_off {
        Recovery::Discard
    } else {
        Recovery::Recover
    };
    let mut needs = MigrationNeeds::default();
    for (e, _) in &edits {
        match e {
            ClientEdit::RenameProperty { owner, before, after } => {
                needs.renames.push((&owner.name, &before.name, after))
            }
            ClientEdit::ChangeProperty { owner, before, after } if before.ty != after.ty => needs.conversions.push((
                &owner.name,
                &after.name,
                crate::model::type_shorthand(&before.ty, before.optional),
                crate::model::type_shorthand(&after.ty, after.optional),
            )),
            _ => {}
        }
    }
    let mut out = ClientOut {
        json: json!({}),
        ..Default::default()
    };
    if edits.is_empty() && !plan_resets {
        return out;
    }
    // One SDK's section: its edits, migration notes and model diff (independent of the others).
    let render = |&sdk: &Sdk| -> SdkOut {
        let g = guide(sdk);
        let cx = EditCx::new(&old_part, &new_part, sdk);
        let mut md = String::new();
        let mut items = Vec::new();
        for (i, (e, fps)) in edits.iter().enumerate() {
            let body = super::sdk::edit(g, e, &cx);
            md.push_str(&format!("{}. {body}\n\n", i + 1));
            items.push(json!({"edit": e.kind(), "findings": fps, "instructions": body}));
        }
        // Local realms need a version bump only when the persisted schema of a file changes.
        let needs_version = edits.iter().any(|(e, _)| match e {
            ClientEdit::ChangeProperty { before, after, .. } => {
                before.ty != after.ty || before.optional != after.optional || before.indexed != after.indexed
            }
            ClientEdit::RemoveType { ty } => ty.kind != crate::model::ObjectKind::Asymmetric,
            ClientEdit::RemoveProperty { .. }
            | ClientEdit::AddProperty { .. }
            | ClientEdit::RenameProperty { .. }
            | ClientEdit::RenameType { .. }
            | ClientEdit::ChangeTypeKind { .. }
            | ClientEdit::ChangePrimaryKey { .. } => true,
            ClientEdit::AddType { .. }
            | ClientEdit::RemapName { .. }
            | ClientEdit::DropSubscriptions { .. }
            | ClientEdit::ChangeSyncConfiguration { .. }
            | ClientEdit::AdoptPartnerType { .. } => false,
        });
        let version = if needs_version {
            Some(g.schema_version(&needs))
        } else {
            None
        };
        if let Some(v) = &version {
            md.push_str(&format!("**Local (non-synced) realms** of these types: {v}\n\n"));
        }
        let sync_version = if plan.strategy == crate::plan::Strategy::SchemaVersion {
            Some(super::sdk::sync_schema_version(sdk))
        } else {
            None
        };
        if let Some(v) = &sync_version {
            md.push_str(&format!("**Sync schema version**: {v}\n\n"));
        }
        let discard = if schema_breaking && !local_only && plan.strategy != crate::plan::Strategy::SchemaVersion {
            super::sdk::discard_realm(sdk, new_partition)
        } else {
            None
        };
        if let Some(d) = &discard {
            md.push_str(&format!(
                "**Existing synced realm files**: a file written with the old model fails to open with the new one (a schema error before any sync session starts, so no client-reset handler runs). On the first launch of this version, delete it and let it download again (unsynced changes in it are lost):\n\n{d}\n\n"
            ));
        }
        // A partition-based app has no clients in an SDK without Partition-Based Sync (Flutter,
        // C++), unless it is migrating to Flexible Sync (they join afterwards).
        let no_clients = handler_partition && !pbs_to_flx && super::sdk::open_config(sdk, true).is_none();
        let reset = if plan_resets && !no_clients {
            Some(super::sdk::client_reset(sdk, handler_partition))
        } else {
            None
        };
        if plan_resets && no_clients {
            md.push_str(&format!(
                "**Partition-Based Sync**: {}: no app of this SDK syncs with this partition-based app, so none needs a client-reset handler.\n\n",
                sdk.row().snippets.no_partition
            ));
        }
        if let Some(r) = &reset {
            // #13.11: a breaking schema change (renames included) rules out automatic recovery;
            // nothing else does.
            let why = match recovery {
                Recovery::Manual => "breaking schema changes make every automatic client-reset mode fall back to the manual path: unsynced changes are lost unless the manual handler recovers them; ship a handler".to_string(),
                Recovery::Discard => "Client Recovery is off in the sync configuration (`is_recovery_mode_disabled`), so a recover-or-discard handler discards unsynced changes; turn Client Recovery on before the reset to keep them. Ship a handler".to_string(),
                Recovery::Recover if pbs_to_flx && super::sdk::open_config(sdk, true).is_none() => format!(
                    "apps of this SDK sync with this app only after the partition-based → Flexible Sync migration ({}), with a Flexible Sync configuration. The plan makes no breaking schema change, so a handler that recovers unsynced changes (recover-or-discard, below, with Client Recovery on in the sync configuration) keeps them through a later client reset; ship it with that configuration",
                    crate::plan::PBS_TO_FLX_URL
                ),
                Recovery::Recover if pbs_to_flx => format!(
                    "the partition-based → Flexible Sync migration resets every client once when the backend migrates ({}). It changes no schema, so a handler that recovers unsynced changes (recover-or-discard, below, with Client Recovery on in the sync configuration) keeps them, writes made during the migration's first stage included. Ship it in every app version in use before the migration starts, on the partition-based configuration the app opens with now",
                    crate::plan::PBS_TO_FLX_URL
                ),
                Recovery::Recover => "this plan makes no breaking schema change, so a handler that recovers unsynced changes (recover-or-discard, below, with Client Recovery on in the sync configuration) re-applies them after the reset (https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/); ship a handler".to_string(),
            };
            md.push_str(&format!("**Client reset**: {why}:\n\n{r}\n\n"));
        }
        // The declarers already hold the identifiers of both parts for this SDK.
        let (old_src, new_src) = (cx.old_decl.generate(), cx.new_decl.generate());
        let diff = similar::TextDiff::from_lines(&old_src, &new_src)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{}", sdk.file_name()), &format!("b/{}", sdk.file_name()))
            .to_string();
        if !diff.is_empty() {
            md.push_str(&format!(
                "Generated model of the changed types, old → new (`syncplan codegen --sdk {}` writes the whole file):\n\n```diff\n{}```\n",
                sdk.name(),
                diff
            ));
        }
        let mut files = Vec::new();
        if with_files {
            files.push((
                format!("clients/{}/{}", sdk.name(), sdk.file_name()),
                codegen::generate(new, sdk),
            ));
        }
        // The model diff above shows only the changed types; `--out` gets the complete model of NEW
        // (#13 item 11: it used to be overwritten by the changed types alone).
        drop(new_src);
        let json = json!({
            "sdk": sdk.display(),
            "edits": items,
            "schema_version": version,
            "sync_schema_version": sync_version,
            "discard_realm": discard,
            "client_reset": reset,
            "client_reset_recovery": reset.as_ref().map(|_| recovery.name()),
            "model_diff": diff,
        });
        SdkOut { md, json, files }
    };
    for (sdk, r) in sdks.iter().zip(in_parallel(sdks, render)) {
        // Later entries win, as when `--out` and the model diff name the same file.
        out.files.extend(r.files);
        out.json[sdk.name()] = r.json;
        out.text.push((sdk.display().to_string(), r.md.clone()));
        out.markdown.push((sdk.display().to_string(), r.md));
    }
    out
}

/// What `instructions` renders for one SDK.
struct SdkOut {
    md: String,
    json: serde_json::Value,
    /// (path, content), in insertion order.
    files: Vec<(String, String)>,
}

/// `f` over `items` on up to `available_parallelism` threads (each SDK's section is independent
/// and they cost about the same); results in the order of `items`.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, f(item)));
        }
        done
    };
    let mut all: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        all
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}
