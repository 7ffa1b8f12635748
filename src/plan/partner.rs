//! The partner-collection strategy: a type whose change is breaking moves to a partner collection
//! kept in step with the old one by two database triggers, so old and new clients sync side by
//! side (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#partner-collections).

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{Builder, Partner, Phase, StepSide, data, link_key, mongo, partition_warning, slug};
use crate::classify::Finding;
use crate::diff::ChangeKind;
use crate::model::{Element, ObjectKind, Property, ScalarType, Schema};
use mongo::Target;

/// The partner-collection strategy for each affected top-level collection.
pub(super) fn partner(b: &mut Builder, breaking: &[&Finding], ship: Option<NodeIndex>) {
    let mut by_type: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in breaking {
        if let Some(t) = &f.object_type {
            by_type.entry(t.clone()).or_default().push(f);
        }
    }
    for (ty, fs) in by_type {
        let target = b.target(&ty);
        let partner = format!("{}_v2", target.collection);
        let title = format!("{ty}V2");
        // Forward (old → partner) and reverse (partner → old) operations, exact or refused.
        let mut fwd: Vec<data::WithParam> = Vec::new();
        let mut rev: Vec<data::WithParam> = Vec::new();
        let mut fwd_unset: Vec<String> = Vec::new();
        let mut rev_unset: Vec<String> = Vec::new();
        let mut id_fwd = "id".to_string();
        let mut id_rev = "id".to_string();
        let mut manual = Vec::new();
        let mut changed: Vec<Property> = Vec::new();
        let param = |b: &Builder, name: String| {
            let v = b.opts.params.get(&name).cloned();
            Some((name, v))
        };
        for f in &fs {
            let prop = f.property.clone().unwrap_or_default();
            let (op, np) = (
                f.change
                    .old_property()
                    .cloned()
                    .or_else(|| b.old.property(&ty, &prop).cloned()),
                f.change
                    .new_property()
                    .cloned()
                    .or_else(|| b.new.property(&ty, &prop).cloned()),
            );
            match &f.change.kind {
                ChangeKind::PropertyRemoved => fwd_unset.push(prop.clone()),
                ChangeKind::PropertyRenamed { .. } => {
                    let from = f.from.clone().unwrap_or_default();
                    fwd.push((
                        data::Op::Rename {
                            from: from.clone(),
                            to: prop.clone(),
                        },
                        None,
                    ));
                    rev.push((
                        data::Op::Rename {
                            from: prop.clone(),
                            to: from,
                        },
                        None,
                    ));
                }
                ChangeKind::PropertyTypeChanged | ChangeKind::PrimaryKeyChanged => {
                    let shapes = match (&op, &np) {
                        (Some(op), Some(np)) => data::Shape::of(op, link_key(b.old, op))
                            .zip(data::Shape::of(np, link_key(b.new, np)))
                            .map(|s| (s, op.clone(), np.clone())),
                        _ => None,
                    };
                    let Some(((from, to), op, np)) = shapes else {
                        manual.push(format!("{} {}", f.rule, prop));
                        continue;
                    };
                    fwd.push((
                        data::Op::Convert {
                            field: prop.clone(),
                            from,
                            to,
                        },
                        None,
                    ));
                    rev.push((
                        data::Op::Convert {
                            field: prop.clone(),
                            from: to,
                            to: from,
                        },
                        None,
                    ));
                    changed.push(np.clone());
                    if prop == "_id" {
                        id_fwd = js_conv_id(&np);
                        id_rev = js_conv_id(&op);
                    }
                }
                ChangeKind::MadeRequired => {
                    let v = param(b, format!("{ty}.{prop}"));
                    fwd.push((
                        data::Op::Backfill {
                            field: prop.clone(),
                            param: format!("{ty}.{prop}"),
                        },
                        v,
                    ));
                    if let Some(np) = np {
                        changed.push(np);
                    }
                }
                ChangeKind::MadeOptional => {
                    // The old collection still requires the field: new clients' nulls need a value
                    // on the way back, which the user chooses.
                    let name = format!("{ty}.{prop} (old collection)");
                    let v = param(b, name.clone());
                    rev.push((
                        data::Op::Backfill {
                            field: prop.clone(),
                            param: name,
                        },
                        v,
                    ));
                }
                ChangeKind::RelationshipChanged => manual.push(format!("{} {}", f.rule, prop)),
                _ => {}
            }
        }
        // Fields only the partner has are never written back to the old collection.
        for p in b
            .new
            .types
            .get(&ty)
            .map(|t| t.properties.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if b.old.property(&ty, &p).is_none()
                && !rev
                    .iter()
                    .any(|(o, _)| matches!(o, data::Op::Rename { from, .. } if *from == p))
            {
                rev_unset.push(p);
            }
        }
        let fwd_t = mongo::transform(&fwd, &fwd_unset);
        let rev_t = mongo::transform(&rev, &rev_unset);
        if fwd_t.manual || rev_t.manual {
            manual.push("a conversion with no exact form".into());
        }
        b.partners.push(Partner {
            object_type: ty.clone(),
            title: title.clone(),
            collection: target.collection.clone(),
            partner_collection: partner.clone(),
        });
        let pipe = b.step(
            Phase::Data,
            StepSide::Data,
            format!(
                "Copy {} into the partner collection {partner}: values converted exactly, documents with a value that cannot be carried refused and listed",
                target.collection
            ),
            &fs,
        );
        let partner_target = Target {
            collection: partner.clone(),
            ..target.clone()
        };
        let script = mongo::partner_copy(&target, &partner, &fwd_t);
        b.script(pipe, &format!("partner-{}-copy", slug(&ty)), &target, &script);
        b.s(pipe).details.push(format!("Run it once before the triggers are enabled and again after (it is the catch-up): documents already in {partner} are kept as the triggers left them."));
        for np in &changed {
            partition_warning(b, pipe, &np.name);
        }
        b.s(pipe).verify = format!(
            "{partner} holds every {} document except the refused ones the script lists.",
            target.collection
        );
        if !manual.is_empty() {
            b.s(pipe).left_to_user = true;
            b.s(pipe).data_loss = true;
            b.s(pipe).details.push(format!(
                "No exact automatic transform for: {}; this part is left to you.",
                manual.join(", ")
            ));
        }
        let fwd_stages: Vec<String> =
            std::iter::once(format!("{{ $match: {{ $nor: [{{ $expr: {} }}] }} }}", fwd_t.refused))
                .chain(fwd_t.stages.iter().cloned())
                .collect();
        let rev_stages: Vec<String> =
            std::iter::once(format!("{{ $match: {{ $nor: [{{ $expr: {} }}] }} }}", rev_t.refused))
                .chain(rev_t.stages.iter().cloned())
                .collect();
        let schema = b.step(
            Phase::Schema,
            StepSide::ServerSchema,
            format!("Add the schema of {partner} with title {title} (the new shape of {ty})"),
            &fs,
        );
        b.s(schema).details.push("Titles must be unique per synced data source, so the partner collection gets its own title; clients can keep their class name where the SDK maps class names (Kotlin `@PersistedName`, .NET `[MapTo]`, Dart `@MapTo`).".into());
        if let Some(t) = b.new.types.get(&ty) {
            // The partner type plus what its schema file needs: embedded types it reaches and the
            // primary keys of the types it links to.
            let mut one = Schema::new(crate::model::Side::Server);
            let mut t2 = t.clone();
            t2.name = title.clone();
            let mut stack: Vec<String> = t
                .properties
                .values()
                .filter_map(|p| p.ty.target().map(str::to_string))
                .collect();
            one.types.insert(title.clone(), t2);
            while let Some(n) = stack.pop() {
                if one.types.contains_key(&n) || n == ty {
                    continue;
                }
                if let Some(e) = b.new.types.get(&n) {
                    if e.kind == ObjectKind::Embedded {
                        stack.extend(e.properties.values().filter_map(|p| p.ty.target().map(str::to_string)));
                    }
                    one.types.insert(n.clone(), e.clone());
                }
            }
            let db = target.database.clone().unwrap_or_else(|| "DATABASE".into());
            let files = crate::devmode::devmode(&one, &db);
            for (path, content) in files {
                if path.contains(&format!("/{title}/")) {
                    let out = path.replace(&format!("/{title}/"), &format!("/{partner}/"));
                    b.artifacts.insert(format!("server/{out}"), content);
                    b.s(schema).artifacts.push(format!("server/{out}"));
                }
            }
        }
        b.s(schema).verify = format!("`syncplan validate` of the app export lists {title}.");
        // New clients sync the partner collection: it needs the old one's permissions, queryable
        // fields and the clients' subscriptions, or they see nothing and their writes are denied.
        b.s(schema).details.push(format!(
            "Give {partner} the same rules (permissions) as {}: copy its `rules.json` (or its default rules) to the {partner} directory.",
            target.collection
        ));
        let queryable: Vec<String> = b
            .old
            .sync
            .as_ref()
            .map(|sc| {
                let mut v = sc.queryable_fields.clone();
                v.extend(sc.indexed_queryable_fields.iter().cloned());
                v.extend(
                    sc.collection_queryable_fields
                        .get(&target.collection)
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
                v.extend(sc.collection_queryable_fields.get(&ty).into_iter().flatten().cloned());
                v.sort();
                v.dedup();
                v
            })
            .unwrap_or_default();
        if !queryable.is_empty() {
            b.s(schema).details.push(format!(
                "Queryable fields used on {}: {}; keep them queryable for {title} (sync/config.json) so the new clients' subscriptions are valid.",
                target.collection,
                queryable.join(", ")
            ));
        }
        // Incoming links cannot follow the type to its partner collection.
        for t in b.new.types.values() {
            for p in t.properties.values() {
                if p.ty.target() == Some(ty.as_str())
                    && t.name != ty
                    && !matches!(p.ty, crate::model::PropertyType::LinkingObjects { .. })
                {
                    let line = format!(
                        "{}.{} links to {ty}: it keeps pointing at {} unless it changes too (itself a breaking relationship change).",
                        t.name, p.name, target.collection
                    );
                    b.s(schema).details.push(line);
                }
            }
        }
        let trig = b.step(
            Phase::Schema,
            StepSide::ServerSchema,
            format!(
                "Create the two database triggers and their forward/reverse migration functions ({} ⇄ {partner})",
                target.collection
            ),
            &fs,
        );
        let fwd_name = format!("migrate{}To{}", camel(&target.collection), camel(&partner));
        let rev_name = format!("migrate{}To{}", camel(&partner), camel(&target.collection));
        let files = [
            (
                format!("triggers/{fwd_name}.json"),
                mongo::trigger_config(&fwd_name, &target, &fwd_name, true),
            ),
            (
                format!("triggers/{rev_name}.json"),
                mongo::trigger_config(&rev_name, &partner_target, &rev_name, true),
            ),
            (
                format!("functions/{fwd_name}.js"),
                mongo::migration_function(&target, &partner, &fwd_stages, &id_fwd, &mongo::params_prelude(&fwd_t)),
            ),
            (
                format!("functions/{rev_name}.js"),
                mongo::migration_function(
                    &partner_target,
                    &target.collection,
                    &rev_stages,
                    &id_rev,
                    &mongo::params_prelude(&rev_t),
                ),
            ),
        ];
        for (p, c) in files {
            b.artifacts.insert(format!("server/{p}"), c);
            b.s(trig).artifacts.push(format!("server/{p}"));
        }
        b.s(trig).details.push("Each trigger covers insert, update, replace and delete; each function deletes the partner document on delete and otherwise transforms and `$merge`s the changed document.".into());
        b.s(trig)
            .details
            .push("They are created disabled: enable them right after the initial copy.".into());
        b.s(trig).details.push("Test on staging that a write does not bounce between the triggers: a round trip that is not byte-identical (int ↔ long, field order) raises a new event; add a trigger `match` expression that skips the function's own writes if it does.".into());
        b.s(trig).verify = "Both triggers exist (disabled).".into();
        let enable = b.step(
            Phase::Schema,
            StepSide::ServerSchema,
            format!("Enable the two triggers ({} ⇄ {partner})", target.collection),
            &fs,
        );
        b.s(enable).verify = "Insert, update and delete a test document in each collection; the other follows.".into();
        let catch = b.step(
            Phase::Data,
            StepSide::Data,
            format!(
                "Catch up: copy into {partner} the {} documents written during the initial copy",
                target.collection
            ),
            &fs,
        );
        b.script(
            catch,
            &format!("partner-{}-catch-up", slug(&ty)),
            &target,
            &mongo::partner_copy(&target, &partner, &fwd_t),
        );
        b.s(catch).details.push(
            "The copy script again: documents already in the partner collection are kept as the triggers left them; documents refused are listed again.".into(),
        );
        b.s(catch).verify = format!("{partner} and {} hold the same number of documents.", target.collection);
        b.dep(schema, trig);
        b.dep(trig, pipe);
        b.dep(pipe, enable);
        b.dep(enable, catch);
        let sw = match ship {
            Some(sh) => sh,
            None => b.step(
                Phase::Clients,
                StepSide::ClientApps,
                "Ship client apps with the new object model",
                &fs,
            ),
        };
        b.s(sw).details.push(format!(
            "The new model's {ty} syncs the partner collection {partner} (title {title}): rename the class, or keep the class name and map it to {title} where the SDK can (Kotlin `@PersistedName`, .NET `[MapTo]`, Dart `@MapTo`). New versions subscribe to {title} with the queries they had on {ty}. Old app versions keep syncing {}.",
            target.collection
        ));
        b.dep(catch, sw);
        let retire = b.step(
            Phase::Cleanup,
            StepSide::ServerSchema,
            format!(
                "Retire {}: when no client uses the old version, delete the triggers and the old schema (a breaking change: clients still on the old version are reset)",
                target.collection
            ),
            &fs,
        );
        b.s(retire).data_loss = true;
        // Removing a synced schema is itself a breaking change (with Sync on, every client that
        // still syncs it is reset): planned as such, never as a cleanup.
        // (Not `client_reset`: that flag asks the new clients for a reset handler; the clients
        // reset here are old app versions, which cannot ship one.)
        b.s(retire).ui_only = true;
        b.s(retire).details.push(format!(
            "Deleting the {} schema is a breaking change: with Sync enabled, clients still syncing it go through a client reset and their unsynced changes to it are lost. Do it only when analytics show no session on an old app version; until then keep both collections and the triggers.",
            target.collection
        ));
        b.s(retire).verify = "No sessions use the old type (Device Sync logs).".into();
        b.dep(sw, retire);
    }
}

fn camel(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// JS expression converting the trigger's document key to the partner collection's `_id` type.
fn js_conv_id(target: &Property) -> String {
    match target.ty.element() {
        Some(Element::Scalar(ScalarType::String)) => "id.toString()".into(),
        Some(Element::Scalar(ScalarType::ObjectId)) => "new BSON.ObjectId(id.toString())".into(),
        Some(Element::Scalar(ScalarType::Int)) => "BSON.Long.fromString(id.toString())".into(),
        _ => "id".into(),
    }
}
