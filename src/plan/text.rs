//! The prose of a plan step, written from its typed kind and notes (#13 item 1): the planner
//! decides with kinds and typed data and never reads these strings; `action`, `details`,
//! `verify` and the requirement preconditions of every step come from here, so the text, markdown
//! and JSON renderings and `plan.md`/`plan.json` under `--out` all say the same thing.

use super::{Draft, Note, PBS_DISALLOWED_URL, PBS_TO_FLX_URL, StepKind};
use crate::model::ObjectKind;

/// A step's prose: what to do, the detail lines in order, how to verify, and the preconditions
/// its kind adds (requirements, parameters to set).
pub struct Prose {
    pub action: String,
    pub details: Vec<String>,
    pub verify: String,
    pub preconditions: Vec<String>,
}

/// The action line of a kind.
pub fn action(kind: &StepKind) -> String {
    use StepKind as K;
    match kind {
        K::ShipClients { schema_version: false } => {
            "Ship client apps with the new object model (see the per-SDK changes)".into()
        }
        K::ShipClients { schema_version: true } => {
            "Ship client apps with the new object model, opening the synced realm with the new schema version".into()
        }
        K::ShipResetHandler { .. } => "Ship a client-reset handler in every client app before Sync is terminated".into(),
        K::EnsureResetHandler => "Make sure every client has a client-reset handler".into(),
        K::TerminateSync => "Terminate Sync in the App Services UI".into(),
        K::DeployBreaking => "Deploy the breaking schema changes in the App Services UI".into(),
        K::ReenableSync { .. } => "Re-enable Sync".into(),
        K::DeploySchemaVersion => {
            "Deploy all breaking changes in one draft: the server creates a new schema version".into()
        }
        K::DeployWithoutSync => {
            "Deploy the schema changes (Sync is not enabled: nothing to terminate, no client reset)".into()
        }
        K::EnableSync => "Enable Sync with the new configuration, after the schema and the data are in place".into(),
        K::AddCollection { object_type } => format!("Add the collection schema for {object_type}"),
        K::DeployAdditive { collection, .. } => format!("Deploy the additive changes to the {collection} schema"),
        K::Backfill {
            object_type,
            field,
            added: true,
            ..
        } => format!("Backfill {object_type}.{field} in every existing {object_type} object"),
        K::Backfill {
            object_type,
            field,
            added: false,
            ..
        } => format!("Backfill {object_type}.{field} where it is missing or null"),
        K::Convert {
            object_type,
            property,
            from,
            to,
        } => format!("Convert {object_type}.{property} in every {object_type} object ({from} → {to})"),
        K::RenameField { object_type, from, to } => {
            format!("Rename the field {from} to {to} in every {object_type} object")
        }
        K::ConvertByHand {
            object_type,
            property,
            from,
            to,
        } => format!("Convert {object_type}.{property} from {from} to {to} (no exact automatic form: left to you)"),
        K::Rekey {
            object_type, from, to, ..
        } => format!("Re-key every {object_type} document (_id: {from} → {to}) and repoint every reference to it"),
        K::RekeyByHand { object_type } => {
            format!("Re-key every {object_type} document for the new primary key (left to you)")
        }
        K::DeployChange { path } => format!("Deploy the change of {path}"),
        K::AddQueryableField { field } => format!("Add the queryable field {field} to sync/config.json"),
        K::DropSubscriptions { field } => {
            format!("Ship clients whose subscriptions no longer query on {field}, and wait until devices have updated")
        }
        K::RemoveQueryableField { field } => format!("Remove the queryable field {field} from sync/config.json"),
        K::CheckConstraint { object_type, path, .. } => format!(
            "Count and fix the {object_type} documents that violate the new constraint on {path} before deploying it"
        ),
        K::DeployConfiguration { message, .. } => format!("Deploy the configuration change: {message}"),
        K::ChangeSyncConfiguration { message } => {
            format!("Change the sync configuration ({message}) while Sync is terminated")
        }
        K::FillPartitionKey { field } => {
            format!("Give every document of every synced collection a value in the new partition key {field}")
        }
        K::MigratePartitionToFlexible { .. } => {
            "Migrate the app from Partition-Based Sync to Flexible Sync with the dedicated migration in the App Services UI"
                .into()
        }
        K::RefusedFlexibleToPartition => "Refused: Flexible Sync cannot be changed to Partition-Based Sync".into(),
        K::MoveEmbedding {
            object_type,
            before,
            after,
        } => format!("Move the {object_type} data from its {before} shape to the {after} shape (by hand)"),
        K::CopyCollection {
            object_type, from, to, ..
        } => format!("Copy the {object_type} documents from {from} to {to}"),
        K::Verify => "Verify: run `syncplan check` of the deployed app export against each client model, and watch Device Sync logs for a day".into(),
        K::PartnerSchema {
            object_type,
            title,
            partner,
            ..
        } => format!("Add the schema of {partner} with title {title} (the new shape of {object_type})"),
        K::PartnerTriggers { collection, partner, .. } => format!(
            "Create the two database triggers and their forward/reverse migration functions ({collection} ⇄ {partner}), disabled"
        ),
        K::PartnerEnableForward {
            trigger,
            collection,
            partner,
        } => format!("Enable the forward trigger {trigger} ({collection} → {partner})"),
        K::PartnerCopy { collection, partner, .. } => format!(
            "Copy {collection} into the partner collection {partner}: values converted exactly, documents with a value that cannot be carried refused and listed"
        ),
        K::PartnerCatchUp { collection, partner } => {
            format!("Catch up: carry into {partner} the updates and deletes made in {collection} during the copy")
        }
        K::PartnerEnableReverse {
            trigger,
            collection,
            partner,
        } => format!("Enable the reverse trigger {trigger} ({partner} → {collection})"),
        K::PartnerShipClients { .. } => "Ship client apps with the new object model".into(),
        K::PartnerRetire { collection, .. } => format!(
            "Retire {collection}: when no client uses the old version, delete the triggers and the old schema (a breaking change: clients still on the old version are reset)"
        ),
        K::Unplanned { rule } => format!("Plan the {rule} finding by hand: the planner has no recipe for it"),
    }
}

/// The detail lines a kind always has, before its notes.
fn fixed_details(d: &Draft) -> Vec<String> {
    use StepKind as K;
    match &d.kind {
        K::ShipClients { schema_version: true } => vec!["Each app sets the new sync `schemaVersion` (per-SDK sections). On first open it migrates: the SDK deletes local tables and re-downloads; unsynced changes are carried over only where client-reset recovery can apply them to the new schema version, so those a breaking change touches are lost unless the manual handler recovers them. Apps on the old version keep syncing the old view until they upgrade.".into()],
        K::ShipResetHandler { schema_change: true } => vec!["Terminating Sync forces every client through a client reset; with a breaking change automatic recovery falls through to the manual handler. Unsynced local changes are discarded unless the handler recovers them.".into()],
        K::ShipResetHandler { schema_change: false } => vec!["Terminating Sync forces every client through a client reset. The plan changes no object type, so a handler that recovers unsynced changes (recover-or-discard, with Client Recovery on in the sync configuration) keeps them; without such a handler they are discarded.".into()],
        K::TerminateSync => vec!["Device Sync → Terminate Sync. Wait until devices have uploaded what they can: changes not uploaded before this point are lost or must be recovered by the client-reset handler.".into()],
        K::DeployBreaking => {
            vec!["Breaking changes cannot be deployed with the App Services CLI or GitHub auto-deploy.".into()]
        }
        K::ReenableSync { old_clients_blocked } => {
            let mut v = vec!["Every client performs a client reset on its next connection and re-downloads its data.".to_string()];
            if *old_clients_blocked {
                v.push("App versions that still declare the old model cannot sync from here until they update: plan a forced upgrade (minimum app version) for this moment.".into());
            }
            v
        }
        K::DeploySchemaVersion => vec![
            "Each breaking deploy bumps the app's sync schema version (`GET /apps/{id}/sync/schemas/versions`); one draft creates one version. Clients still on the previous version keep syncing it.".into(),
            "Sync schema versions never got a published docs page: try the deploy on a staging app first.".into(),
        ],
        K::DeployWithoutSync => vec!["Without Sync the data lives in Atlas and in each device's local realm: clients migrate their local realms with a `schemaVersion` bump and migration (per-SDK sections).".into()],
        K::AddCollection { .. } => vec!["Additive: deploy with the App Services CLI (`appservices push`) or GitHub. The server re-reads the collection's documents into Sync (a brief halt).".into()],
        K::DeployAdditive { .. } => vec!["Additive: deploy with the App Services CLI (`appservices push`) or GitHub. The server re-inserts the collection's documents into Sync (a brief halt).".into()],
        K::Rekey { left, .. } => {
            let mut v = Vec::new();
            if d.script.is_some() {
                v.push("Each document is inserted with its new key, every reference is repointed, then the old document is deleted; a re-run resumes where it stopped. Keys that do not convert exactly are refused and listed with the documents that reference them.".into());
            }
            if !left.is_empty() {
                v.push(format!("Left to you: {}.", left.join(", ")));
            }
            v
        }
        K::RemoveQueryableField { .. } => {
            vec!["Devices still subscribing on the field have their session dropped and client-reset.".into()]
        }
        K::AddQueryableField { .. } => {
            vec!["Devices can subscribe on it once they have caught up past this point in sync history.".into()]
        }
        K::CheckConstraint { help, .. } | K::DeployConfiguration { help, .. } => vec![help.clone()],
        K::FillPartitionKey { field } => vec![format!(
            "For each synced collection: `db.<collection>.updateMany({{ {field}: {{ $exists: false }} }}, {{ $set: {{ {field}: <partition value> }} }})` with the partition each document belongs to."
        )],
        K::MigratePartitionToFlexible {
            partition_key,
            permissions,
            key_queryable,
            ..
        } => {
            let mut v = vec![format!(
                "The documented migration ({PBS_TO_FLX_URL}) keeps the synced data instead of terminating Sync: Device Sync → Migrate to Flexible Sync; commit it once it completes (it can be cancelled while it runs and reverted for a while after)."
            )];
            let perms = permissions
                .as_ref()
                .map(|p| format!(" (OLD: `{}`)", serde_json::to_string(p).unwrap_or_default()))
                .unwrap_or_default();
            v.push(format!("Permissions: the migration translates the partition-based read/write permissions{perms} into rules; review the generated roles (`rules.json`) against them before committing."));
            if !key_queryable {
                v.push(format!("The partition key `{partition_key}` must stay queryable: migrated clients get one subscription per type (`flx_migrated_<Type>`) on their partition value. NEW's sync configuration does not list it: add `{partition_key}` to `queryable_fields_names`."));
            }
            v.push("Partition-based clients keep working after the migration with no code change (the SDK subscribes for them); move client code to Flexible Sync configurations and subscriptions in a later release.".into());
            v
        }
        K::RefusedFlexibleToPartition => vec![
            format!("App Services does not allow new partition-based Sync configurations: Partition-Based Sync is deprecated and disallowed for new Sync configurations ({PBS_DISALLOWED_URL}). Terminating Flexible Sync and re-enabling it as partition-based is not possible."),
            "Keep Flexible Sync: give the documents a queryable field holding the partition value and have clients subscribe on it (the shape a partition-based app has after the documented migration); remove the `partition` block from NEW's sync/config.json.".into(),
        ],
        K::MoveEmbedding { object_type: ty, after, .. } => vec![if *after == ObjectKind::Embedded {
            format!(
                "For each document that links to {ty} (by `_id`), replace the link with a copy of the {ty} document without `_id` (a `$lookup` + `$set` + `$merge` pipeline per parent collection); drop the link's relationships.json entry and the {ty} collection schema."
            )
        } else {
            format!(
                "Copy every embedded {ty} into its own collection with a new `_id`, and replace the embedded value in the parent with that `_id` (add a relationships.json entry)."
            )
        }],
        K::CopyCollection {
            from,
            to,
            cross_cluster: true,
            ..
        } => vec![format!("{from} and {to} are in different data sources (clusters): `$merge` cannot cross them. The script copies with `mongodump`/`mongorestore` (full BSON fidelity; insert-only, so documents already in {to} are kept); writes made after the dump need a second run or a live migration (Atlas live migration or mongosync).")],
        K::PartnerSchema {
            collection,
            partner,
            rules,
            ..
        } => vec![
            "Titles must be unique per synced data source, so the partner collection gets its own title; clients can keep their class name where the SDK maps class names (Kotlin `@PersistedName`, .NET `[MapTo]`, Dart `@MapTo`).".into(),
            match rules {
                super::PartnerRules::Written => format!("{partner} gets the same rules (permissions) as {collection}: its `rules.json` is written with the same roles (in the files of this step)."),
                super::PartnerRules::Default => format!("{collection} has no `rules.json` of its own: the data source's default rules (`default_rule.json`) apply to {partner} as they do to {collection}."),
                super::PartnerRules::Copy => format!("Give {partner} the same rules (permissions) as {collection}: copy its `rules.json` (or its default rules) to the {partner} directory."),
            },
        ],
        K::PartnerTriggers { .. } => vec![
            "Each trigger covers insert, update, replace and delete, in order. A function writes only the fields both collections hold, field by field (`$set`/`$unset` of the fields an update names; every mapped field on insert and replace), converted on the server exactly or refused: a refused value stays on its side and is logged (`syncplan_refused`), never written as null or a default. A delete deletes the partner document. Fields only one side has are never written on the other.".into(),
            "Echo: a function writes nothing when the other side already holds the converted values, so the other trigger's reaction to a write ends there (no write, no event). No marker field is needed in either schema.".into(),
            "A live write of null or no value for a field the other side requires is refused, not filled: the trigger never writes a default.".into(),
        ],
        K::PartnerEnableForward { collection, partner, .. } => vec![format!(
            "Enabled before the copy, so writes to {collection} during the copy reach {partner}."
        )],
        K::PartnerCopy { partner, .. } => vec![format!("The script is idempotent: it deletes {partner} documents whose source is gone, updates the documents already copied field by field (only the fields both sides hold, only exact values), and inserts the documents not copied yet; refused documents and values are listed.")],
        K::PartnerCatchUp { partner, .. } => vec![format!(
            "The copy script again, before any client writes to {partner}: it deletes partner documents whose source was deleted during the copy (no zombies), applies field by field the values changed since, and inserts what is missing. Run it again after any suspension of the forward trigger, before new clients write."
        )],
        K::PartnerRetire { collection, .. } => vec![format!(
            "Deleting the {collection} schema is a breaking change: with Sync enabled, clients still syncing it go through a client reset and their unsynced changes to it are lost. Do it only when analytics show no session on an old app version; until then keep both collections and the triggers."
        )],
        K::ShipClients { schema_version: false }
        | K::EnsureResetHandler
        | K::EnableSync
        | K::Backfill { .. }
        | K::Convert { .. }
        | K::RenameField { .. }
        | K::ConvertByHand { .. }
        | K::RekeyByHand { .. }
        | K::DeployChange { .. }
        | K::DropSubscriptions { .. }
        | K::ChangeSyncConfiguration { .. }
        | K::CopyCollection { .. }
        | K::Verify
        | K::PartnerEnableReverse { .. }
        | K::PartnerShipClients { .. }
        | K::Unplanned { .. } => vec![],
    }
}

/// One note as a line.
fn note(n: &Note) -> String {
    match n {
        Note::SyncedNoSchemaVersion => "Synced realms need no `schemaVersion` bump or migration block; apps that also keep local (non-synced) realms of these types bump `schemaVersion` and migrate (per-SDK sections).".into(),
        Note::PartitionClients { key } => format!("The app uses Partition-Based Sync: clients keep opening each synced realm with a partition-based configuration and its partition value (the value of `{key}` of the documents it holds); no Flexible Sync configuration or subscriptions."),
        Note::ClientOnlyRemoval {
            what,
            type_removed: true,
            object_type,
            subscriptions,
        } => format!(
            "{what} is removed from client models only; the server schema keeps it (recommended: non-breaking; its documents stay in Atlas).{}",
            if *subscriptions {
                format!(" Remove the clients' subscriptions on {object_type} in the same release.")
            } else {
                String::new()
            }
        ),
        Note::ClientOnlyRemoval { what, .. } => format!(
            "{what} is removed from client models only; the server schema keeps it (recommended: non-breaking; the field stays in Atlas and is filled with an empty value for objects new clients create)."
        ),
        Note::AsymmetricSubscriptions { object_type } => format!(
            "Remove every subscription and query on {object_type} in the same release: asymmetric types are write-only."
        ),
        Note::RemoveProperty { path } => format!("remove {path} (the field stays in Atlas documents)"),
        Note::RemoveType { object_type } => {
            format!("then remove type {object_type} (its documents stop syncing; they stay in Atlas)")
        }
        Note::AddProperty { path, shown, required } => {
            format!("add {path}: {shown}{}", if *required { " (required)" } else { "" })
        }
        Note::DefineEmbedded { object_type } => {
            format!("define the embedded object type {object_type} (inline where it is embedded)")
        }
        Note::Constraint { path, message } => format!("{path}: {message}"),
        Note::RequiredStopsSyncing => "Documents without the field stop syncing once it is required (and count toward the 100,000 unsynced-document limit).".into(),
        Note::PartitionKeyFill { field } => format!("`{field}` is the partition key: the fill value decides which partition (and so which users) each document belongs to. Choose it deliberately; documents moved out of a partition disappear from its clients."),
        Note::ValuesRefused => "Values that cannot be carried exactly are refused: they stay as they are and the script lists their documents; fix them, then run the script again.".into(),
        Note::PartnerQueryable { collection, fields, title } => format!(
            "Queryable fields used on {collection}: {}; keep them queryable for {title} (sync/config.json) so the new clients' subscriptions are valid.",
            fields.join(", ")
        ),
        Note::PartnerIncomingLink {
            object_type,
            property,
            target,
            collection,
        } => format!(
            "{object_type}.{property} links to {target}: it keeps pointing at {collection} unless it changes too (itself a breaking relationship change)."
        ),
        Note::PartnerLeftToYou { items } => {
            format!("No exact automatic transform for: {}; this part is left to you.", items.join(", "))
        }
        Note::PartnerClients {
            object_type,
            partner,
            title,
            collection,
        } => format!(
            "The new model's {object_type} syncs the partner collection {partner} (title {title}): rename the class, or keep the class name and map it to {title} where the SDK can (Kotlin `@PersistedName`, .NET `[MapTo]`, Dart `@MapTo`). New versions subscribe to {title} with the queries they had on {object_type}. Old app versions keep syncing {collection}."
        ),
    }
}

/// Where a line goes within a step: the kind's lines and other notes first (in the order they
/// were added), then, in a deploy, type definitions and property additions; in the breaking
/// deploy, property removals (by path), then type removals (a link goes before its target type).
fn rank(n: &Note) -> (u8, String) {
    match n {
        Note::DefineEmbedded { .. } => (1, String::new()),
        Note::AddProperty { .. } => (2, String::new()),
        Note::RemoveProperty { path } => (3, path.clone()),
        Note::RemoveType { object_type } => (4, object_type.clone()),
        _ => (0, String::new()),
    }
}

/// The verify line of a kind (empty when it has none).
fn verify(d: &Draft) -> String {
    use StepKind as K;
    let script = d.script.is_some();
    match &d.kind {
        K::ShipClients { schema_version: false } => "The new app versions open their synced realm without a schema error and sync (check the App Services logs for schema errors).".into(),
        K::ShipClients { schema_version: true } => {
            "Upgraded clients reconnect on the new version (logs show no BAD_SCHEMA_VERSION, error 235).".into()
        }
        K::ShipResetHandler { .. } => "Every app version in use has the handler (see the per-SDK client-reset code).".into(),
        K::EnsureResetHandler => "Every app version in use has the handler.".into(),
        K::TerminateSync => "Sync shows as terminated.".into(),
        K::DeployBreaking | K::DeployWithoutSync => {
            "The schema page shows the new schema without validation errors.".into()
        }
        K::ReenableSync { .. } => {
            "Sync is enabled and the initial sync finished (Device Sync page); clients reconnect.".into()
        }
        K::DeploySchemaVersion => "The Sync Models page lists the new schema version.".into(),
        K::EnableSync => "Device Sync shows Sync enabled and the initial sync finished.".into(),
        K::AddCollection { object_type } => format!("`syncplan validate` of the app export lists {object_type}."),
        K::DeployAdditive {
            refill: Some(path), ..
        } => format!(
            "The schema has {path}; re-run the backfill script (it is idempotent) to fill documents written in the meantime: it reports 0 failing documents."
        ),
        K::DeployAdditive { collection, .. } => format!(
            "The deployed {collection} schema has these additions (`syncplan check` against the new client model passes)."
        ),
        K::Backfill { .. } | K::Convert { .. } | K::RenameField { .. } if script => {
            "The script reports 0 refused documents and 0 documents to change when run again.".into()
        }
        K::Rekey { .. } if script => {
            "The script reports 0 refused keys and 0 documents to re-key when run again.".into()
        }
        K::AddQueryableField { .. } => "The Device Sync configuration lists the field.".into(),
        K::DropSubscriptions { .. } => "Usage analytics show no app versions that subscribe on the field.".into(),
        K::RemoveQueryableField { .. } => "No client-reset spike in the logs after the change.".into(),
        K::CheckConstraint { .. } => "The count returns 0.".into(),
        K::DeployConfiguration { .. } => "The deployed app configuration shows the change.".into(),
        K::ChangeSyncConfiguration { .. } => "sync/config.json shows the new setting.".into(),
        K::FillPartitionKey { field } => format!("No document lacks {field}."),
        K::MigratePartitionToFlexible { .. } => {
            "Device Sync shows Flexible Sync and the migration committed; migrated clients reconnect.".into()
        }
        K::RefusedFlexibleToPartition => "NEW's sync/config.json keeps `\"type\": \"flexible\"`.".into(),
        K::MoveEmbedding { .. } => "Spot-check converted documents; `syncplan check` of the new schema against the new client model passes.".into(),
        K::CopyCollection { .. } => "Both collections hold the same number of documents.".into(),
        K::Verify => "`syncplan check` exits 0; no schema errors or unsynced-document growth in the logs.".into(),
        K::PartnerSchema { title, .. } => format!("`syncplan validate` of the app export lists {title}."),
        K::PartnerTriggers { .. } => "Both triggers exist (disabled).".into(),
        K::PartnerEnableForward { collection, partner, .. } => {
            format!("Update a test document in {collection}; {partner} follows (once it holds the document).")
        }
        K::PartnerCopy { collection, partner, .. } => {
            format!("{partner} holds every {collection} document except the refused ones the script lists.")
        }
        K::PartnerCatchUp { .. } => {
            "The script reports 0 partner documents whose source is gone and 0 to update field by field.".into()
        }
        K::PartnerEnableReverse { .. } => {
            "Insert, update and delete a test document in each collection; the other follows.".into()
        }
        K::PartnerRetire { .. } => "No sessions use the old type (Device Sync logs).".into(),
        K::Backfill { .. }
        | K::Convert { .. }
        | K::RenameField { .. }
        | K::Rekey { .. }
        | K::ConvertByHand { .. }
        | K::RekeyByHand { .. }
        | K::DeployChange { .. }
        | K::PartnerShipClients { .. }
        | K::Unplanned { .. } => String::new(),
    }
}

/// The preconditions a kind adds: the documented requirements of a route, a parameter to set.
fn preconditions(kind: &StepKind) -> Vec<String> {
    match kind {
        StepKind::Backfill {
            param,
            param_set: false,
            ..
        } => vec![format!(
            "set --param '{param}=<value>' (the script refuses to run until it is set)"
        )],
        StepKind::MigratePartitionToFlexible { recovery_disabled, .. } => {
            let mut v = vec![
                "the linked Atlas cluster runs MongoDB 5.0 or later on an M10 or larger tier, with storage auto-scaling and a time-based oplog window enabled".to_string(),
                "every app version in use runs at least the minimum SDK for the migration: Swift 10.40.0, Kotlin 1.9.0, Node.js and React Native 11.10.0, .NET 11.1.0, Java 10.16.0 (older versions cannot sync after the migration)".into(),
                "every app version in use has a client-reset handler that recovers unsynced changes: clients reset when the backend migrates, and writes made during the migration's first stage are lost unless the handler recovers them".into(),
                "Development Mode is off (partition-based clients creating tables on the migrated backend through Development Mode behave unexpectedly)".into(),
            ];
            if *recovery_disabled {
                v.push("client recovery is enabled on the server (`is_recovery_mode_disabled: false`): it is disabled in OLD, so unsynced changes would be lost".into());
            }
            v
        }
        _ => vec![],
    }
}

/// The prose of a draft step.
pub(crate) fn prose(d: &Draft) -> Prose {
    let mut lines: Vec<(u8, String, String)> = fixed_details(d).into_iter().map(|l| (0, String::new(), l)).collect();
    for n in d.details.iter() {
        let (r, key) = rank(n);
        lines.push((r, key, note(n)));
    }
    // Stable: lines of equal rank keep the order they were added in.
    lines.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut pre = preconditions(&d.kind);
    pre.extend(d.preconditions.iter().cloned());
    Prose {
        action: action(&d.kind),
        details: lines.into_iter().map(|(_, _, t)| t).collect(),
        verify: verify(d),
        preconditions: pre,
    }
}
