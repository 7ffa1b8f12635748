//! The partner-collection strategy: a type whose change is breaking moves to a partner collection
//! kept in step with the old one by two database triggers, so old and new clients sync side by
//! side (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#partner-collections).

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{Builder, Partner, Phase, StepSide, data, link_key, mongo, partition_warning, slug};
use crate::classify::Finding;
use crate::diff::ChangeKind;
use crate::model::{Collection, ObjectKind, Property, PropertyType, ScalarType, Schema};
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
        let partner_target = Target {
            collection: partner.clone(),
            ..target.clone()
        };
        // Renamed properties: old name → new name.
        let renames: BTreeMap<String, String> = fs
            .iter()
            .filter(|f| matches!(f.change.kind, ChangeKind::PropertyRenamed { .. }))
            .filter_map(|f| Some((f.from.clone()?, f.property.clone()?)))
            .collect();
        let back: BTreeMap<String, String> = renames.iter().map(|(o, n)| (n.clone(), o.clone())).collect();
        let mut manual: Vec<String> = fs
            .iter()
            .filter(|f| matches!(f.change.kind, ChangeKind::RelationshipChanged))
            .map(|f| format!("{} {}", f.rule, f.property.clone().unwrap_or_default()))
            .collect();
        // Forward (old → partner) and reverse (partner → old): the fields both sides hold, each
        // carried exactly or refused.
        let fwd = direction(
            b,
            &ty,
            (b.old, b.new),
            &back,
            (&target, &partner_target),
            true,
            &mut manual,
        );
        let rev = direction(
            b,
            &ty,
            (b.new, b.old),
            &renames,
            (&partner_target, &target),
            false,
            &mut manual,
        );
        let changed: Vec<String> = fwd
            .fields
            .iter()
            .filter(|f| f.carry != mongo::Carry::Same || f.fill.is_some())
            .map(|f| f.to.clone())
            .collect();
        b.partners.push(Partner {
            object_type: ty.clone(),
            title: title.clone(),
            collection: target.collection.clone(),
            partner_collection: partner.clone(),
        });
        let copy_script = mongo::partner_copy(&fwd, &rev.id);
        let schema = b.step(
            Phase::Schema,
            StepSide::ServerSchema,
            format!("Add the schema of {partner} with title {title} (the new shape of {ty})"),
            &fs,
        );
        b.s(schema).details.push("Titles must be unique per synced data source, so the partner collection gets its own title; clients can keep their class name where the SDK maps class names (Kotlin `@PersistedName`, .NET `[MapTo]`, Dart `@MapTo`).".into());
        partner_schema(b, schema, &ty, &title, &target, &partner, &changed, &renames);
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
                "Create the two database triggers and their forward/reverse migration functions ({} ⇄ {partner}), disabled",
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
            (format!("functions/{fwd_name}.js"), mongo::partner_function(&fwd)),
            (format!("functions/{rev_name}.js"), mongo::partner_function(&rev)),
        ];
        for (p, c) in files {
            b.artifacts.insert(format!("server/{p}"), c);
            b.s(trig).artifacts.push(format!("server/{p}"));
        }
        b.s(trig).details.push("Each trigger covers insert, update, replace and delete, in order. A function writes only the fields both collections hold, field by field (`$set`/`$unset` of the fields an update names; every mapped field on insert and replace), converted on the server exactly or refused: a refused value stays on its side and is logged (`syncplan_refused`), never written as null or a default. A delete deletes the partner document. Fields only one side has are never written on the other.".into());
        b.s(trig).details.push("Echo: a function writes nothing when the other side already holds the converted values, so the other trigger's reaction to a write ends there (no write, no event). No marker field is needed in either schema.".into());
        b.s(trig).details.push("A live write of null or no value for a field the other side requires is refused, not filled: the trigger never writes a default.".into());
        b.s(trig).verify = "Both triggers exist (disabled).".into();
        let enable_fwd = b.step(
            Phase::Schema,
            StepSide::ServerSchema,
            format!(
                "Enable the forward trigger {fwd_name} ({} → {partner})",
                target.collection
            ),
            &fs,
        );
        b.s(enable_fwd).details.push(format!(
            "Enabled before the copy, so writes to {} during the copy reach {partner}.",
            target.collection
        ));
        b.s(enable_fwd).verify = format!(
            "Update a test document in {}; {partner} follows (once it holds the document).",
            target.collection
        );
        let pipe = b.step(
            Phase::Data,
            StepSide::Data,
            format!(
                "Copy {} into the partner collection {partner}: values converted exactly, documents with a value that cannot be carried refused and listed",
                target.collection
            ),
            &fs,
        );
        b.script(pipe, &format!("partner-{}-copy", slug(&ty)), &target, &copy_script);
        b.s(pipe).details.push(format!("The script is idempotent: it deletes {partner} documents whose source is gone, updates the documents already copied field by field (only the fields both sides hold, only exact values), and inserts the documents not copied yet; refused documents and values are listed."));
        for np in &changed {
            partition_warning(b, pipe, np);
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
        let catch = b.step(
            Phase::Data,
            StepSide::Data,
            format!(
                "Catch up: carry into {partner} the updates and deletes made in {} during the copy",
                target.collection
            ),
            &fs,
        );
        b.script(catch, &format!("partner-{}-catch-up", slug(&ty)), &target, &copy_script);
        b.s(catch).details.push(format!(
            "The copy script again, before any client writes to {partner}: it deletes partner documents whose source was deleted during the copy (no zombies), applies field by field the values changed since, and inserts what is missing. Run it again after any suspension of the forward trigger, before new clients write."
        ));
        b.s(catch).verify =
            "The script reports 0 partner documents whose source is gone and 0 to update field by field.".into();
        let enable_rev = b.step(
            Phase::Schema,
            StepSide::ServerSchema,
            format!(
                "Enable the reverse trigger {rev_name} ({partner} → {})",
                target.collection
            ),
            &fs,
        );
        b.s(enable_rev).verify =
            "Insert, update and delete a test document in each collection; the other follows.".into();
        b.dep(schema, trig);
        b.dep(trig, enable_fwd);
        b.dep(enable_fwd, pipe);
        b.dep(pipe, catch);
        b.dep(catch, enable_rev);
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
        b.dep(enable_rev, sw);
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

/// One direction's field map: every stored property of `ty` in `to_model` that `from_model`
/// also holds (under its old name when renamed: `names` maps a `to_model` name to the
/// `from_model` one), with its exact conversion or a refusal (noted in `manual`).
fn direction(
    b: &Builder,
    ty: &str,
    (src, dst): (&Schema, &Schema),
    names: &BTreeMap<String, String>,
    (from, to): (&Target, &Target),
    forward: bool,
    manual: &mut Vec<String>,
) -> mongo::Direction {
    let mut fields = Vec::new();
    let mut id = mongo::Carry::Refuse;
    let (Some(st), Some(dt)) = (src.types.get(ty), dst.types.get(ty)) else {
        return mongo::Direction {
            from: from.clone(),
            to: to.clone(),
            id,
            fields,
        };
    };
    for (name, tp) in &dt.properties {
        if matches!(tp.ty, PropertyType::LinkingObjects { .. }) {
            continue;
        }
        let sname = names.get(name).cloned().unwrap_or_else(|| name.clone());
        let Some(sp) = st.properties.get(&sname) else {
            continue; // only the other side has it: never written there
        };
        let carry = carry_of(src, dst, sp, tp);
        if name == "_id" {
            if carry == mongo::Carry::Refuse && forward {
                manual.push(format!("{ty}._id (no exact key conversion)"));
            }
            id = carry;
            continue;
        }
        if carry == mongo::Carry::Refuse && forward {
            manual.push(format!("{ty}.{name} (no exact conversion)"));
        }
        let single = matches!(
            tp.ty,
            PropertyType::Value {
                collection: Collection::Single,
                ..
            }
        );
        let required = single && !tp.optional;
        let fill = (forward && required && sp.optional).then(|| {
            let n = format!("{ty}.{name}");
            let v = b.opts.params.get(&n).cloned();
            (n, v)
        });
        let back = carry_of(dst, src, tp, sp);
        fields.push(mongo::FieldMap {
            from: sname,
            to: name.clone(),
            carry,
            back,
            required,
            fill,
        });
    }
    mongo::Direction {
        from: from.clone(),
        to: to.clone(),
        id,
        fields,
    }
}

/// How a value of `sp` (in `src`) is carried to `tp` (in `dst`).
fn carry_of(src: &Schema, dst: &Schema, sp: &Property, tp: &Property) -> mongo::Carry {
    if sp.ty == tp.ty {
        return match tp.ty.target() {
            Some(e) if dst.kind_of(e) == Some(ObjectKind::Embedded) && !same_embedded(src, dst, e, 0) => {
                mongo::Carry::Refuse
            }
            _ => mongo::Carry::Same,
        };
    }
    let shapes = data::Shape::of(sp, link_key(src, sp)).zip(data::Shape::of(tp, link_key(dst, tp)));
    match shapes {
        Some((a, b))
            if a.collection == b.collection
                && (a.scalar == b.scalar
                    || matches!(
                        (a.scalar, b.scalar),
                        (
                            ScalarType::Int | ScalarType::Counter,
                            ScalarType::Int | ScalarType::Counter
                        )
                    )) =>
        {
            mongo::Carry::Same
        }
        Some((a, b)) if data::value_conv("\"$$x\"", &a, &b, 0).is_some() => mongo::Carry::Convert(a, b),
        _ => mongo::Carry::Refuse,
    }
}

/// Whether embedded type `e` is stored the same way in both models (recursively).
fn same_embedded(a: &Schema, b: &Schema, e: &str, depth: usize) -> bool {
    let (Some(x), Some(y)) = (a.types.get(e), b.types.get(e)) else {
        return false;
    };
    if depth > 8 || x.properties.len() != y.properties.len() {
        return depth > 8;
    }
    x.properties.iter().all(|(n, p)| {
        y.properties.get(n).is_some_and(|q| {
            p.ty == q.ty
                && p.optional == q.optional
                && match p.ty.target() {
                    Some(t) if b.kind_of(t) == Some(ObjectKind::Embedded) => same_embedded(a, b, t, depth + 1),
                    _ => true,
                }
        })
    })
}

/// The partner collection's schema files, under the old collection's data source and database.
/// Fields that did not change keep the `bsonType` the old schema file gave them (an `int` stays
/// an `int`; the generated schema would say `long`), when that file can be read.
#[allow(clippy::too_many_arguments)]
fn partner_schema(
    b: &mut Builder,
    step: NodeIndex,
    ty: &str,
    title: &str,
    target: &Target,
    partner: &str,
    changed: &[String],
    renames: &BTreeMap<String, String>,
) {
    let Some(t) = b.new.types.get(ty) else { return };
    // The partner type plus what its schema file needs: embedded types it reaches and the
    // primary keys of the types it links to.
    let mut one = Schema::new(crate::model::Side::Server);
    let mut t2 = t.clone();
    t2.name = title.to_string();
    let mut stack: Vec<String> = t
        .properties
        .values()
        .filter_map(|p| p.ty.target().map(str::to_string))
        .collect();
    one.types.insert(title.to_string(), t2);
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
    // Unchanged fields: their bsonType in the old schema file.
    let old_types: BTreeMap<String, serde_json::Value> = b
        .old
        .types
        .get(ty)
        .and_then(|ot| {
            let file = &ot.location.as_ref()?.file;
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
            let props = v.get("properties")?.as_object()?;
            Some(
                ot.properties
                    .iter()
                    .filter(|(n, op)| {
                        !changed.contains(n)
                            && !renames.values().any(|r| r == *n)
                            && t.properties
                                .get(*n)
                                .is_some_and(|np| np.ty == op.ty && np.optional == op.optional)
                    })
                    .filter_map(|(n, _)| Some((n.clone(), props.get(n)?.get("bsonType")?.clone())))
                    .collect(),
            )
        })
        .unwrap_or_default();
    let default_ds = "data_sources/mongodb-atlas/";
    let ds = format!("data_sources/{}/", target.data_source);
    let files = crate::devmode::devmode(&one, &db);
    for (path, content) in files {
        if !path.contains(&format!("/{title}/")) {
            continue;
        }
        let out = path
            .replace(&format!("/{title}/"), &format!("/{partner}/"))
            .replacen(default_ds, &ds, 1);
        let mut content = content.replace(
            &format!("#/relationship/{}", default_ds.trim_start_matches("data_sources/")),
            &format!("#/relationship/{}", ds.trim_start_matches("data_sources/")),
        );
        if path.ends_with("schema.json")
            && !old_types.is_empty()
            && let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&content)
        {
            if let Some(props) = v.get_mut("properties").and_then(|p| p.as_object_mut()) {
                for (n, bt) in &old_types {
                    if let Some(p) = props.get_mut(n).and_then(|p| p.as_object_mut())
                        && p.contains_key("bsonType")
                    {
                        p.insert("bsonType".into(), bt.clone());
                    }
                }
            }
            content = crate::devmode::pretty(&v);
        }
        b.artifacts.insert(format!("server/{out}"), content.clone());
        b.s(step).artifacts.push(format!("server/{out}"));
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
