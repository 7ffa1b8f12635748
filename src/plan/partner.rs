//! The partner-collection strategy: a type whose change is breaking moves to a partner collection
//! kept in step with the old one by two database triggers, so old and new clients sync side by
//! side (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#partner-collections).
//! Its steps are typed (`StepKind::Partner*`, `Note::Partner*`); their prose is written by `text`.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{
    Builder, Note, Partner, PartnerRules, Phase, StepKind, StepSide, data, link_key, mongo, partition_warning, slug,
};
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
        let schema = b.typed(
            Phase::Schema,
            StepSide::ServerSchema,
            StepKind::PartnerSchema {
                object_type: ty.clone(),
                title: title.clone(),
                collection: target.collection.clone(),
                partner: partner.clone(),
                data_source: target.data_source.clone(),
                rules: PartnerRules::Copy,
            },
            &fs,
        );
        partner_schema(b, schema, &ty, &title, &target, &partner, &changed, &renames);
        let rules = partner_rules(b, schema, &ty, &target, &partner);
        if let StepKind::PartnerSchema { rules: r, .. } = &mut b.s(schema).kind {
            *r = rules;
        }
        // New clients sync the partner collection: it needs the old one's permissions, queryable
        // fields and the clients' subscriptions, or they see nothing and their writes are denied.
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
            b.s(schema).details.note(Note::PartnerQueryable {
                collection: target.collection.clone(),
                fields: queryable,
                title: title.clone(),
            });
        }
        // Incoming links cannot follow the type to its partner collection.
        let mut incoming = Vec::new();
        for t in b.new.types.values() {
            for p in t.properties.values() {
                if p.ty.target() == Some(ty.as_str())
                    && t.name != ty
                    && !matches!(p.ty, crate::model::PropertyType::LinkingObjects { .. })
                {
                    incoming.push(Note::PartnerIncomingLink {
                        object_type: t.name.clone(),
                        property: p.name.clone(),
                        target: ty.clone(),
                        collection: target.collection.clone(),
                    });
                }
            }
        }
        for n in incoming {
            b.s(schema).details.note(n);
        }
        let fwd_name = format!("migrate{}To{}", camel(&target.collection), camel(&partner));
        let rev_name = format!("migrate{}To{}", camel(&partner), camel(&target.collection));
        let trig = b.typed(
            Phase::Schema,
            StepSide::ServerSchema,
            StepKind::PartnerTriggers {
                collection: target.collection.clone(),
                partner: partner.clone(),
                forward: fwd_name.clone(),
                reverse: rev_name.clone(),
            },
            &fs,
        );
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
        let enable_fwd = b.typed(
            Phase::Schema,
            StepSide::ServerSchema,
            StepKind::PartnerEnableForward {
                trigger: fwd_name,
                collection: target.collection.clone(),
                partner: partner.clone(),
            },
            &fs,
        );
        let pipe = b.typed(
            Phase::Data,
            StepSide::Data,
            StepKind::PartnerCopy {
                object_type: ty.clone(),
                collection: target.collection.clone(),
                partner: partner.clone(),
            },
            &fs,
        );
        b.script(pipe, &format!("partner-{}-copy", slug(&ty)), &target, &copy_script);
        for np in &changed {
            partition_warning(b, pipe, np);
        }
        if !manual.is_empty() {
            b.s(pipe).left_to_user = true;
            b.s(pipe).data_loss = true;
            b.s(pipe).details.note(Note::PartnerLeftToYou { items: manual });
        }
        let catch = b.typed(
            Phase::Data,
            StepSide::Data,
            StepKind::PartnerCatchUp {
                collection: target.collection.clone(),
                partner: partner.clone(),
            },
            &fs,
        );
        b.script(catch, &format!("partner-{}-catch-up", slug(&ty)), &target, &copy_script);
        let enable_rev = b.typed(
            Phase::Schema,
            StepSide::ServerSchema,
            StepKind::PartnerEnableReverse {
                trigger: rev_name,
                collection: target.collection.clone(),
                partner: partner.clone(),
            },
            &fs,
        );
        b.dep(schema, trig);
        b.dep(trig, enable_fwd);
        b.dep(enable_fwd, pipe);
        b.dep(pipe, catch);
        b.dep(catch, enable_rev);
        let sw = match ship {
            Some(sh) => sh,
            None => b.typed(
                Phase::Clients,
                StepSide::ClientApps,
                StepKind::PartnerShipClients {
                    object_type: ty.clone(),
                },
                &fs,
            ),
        };
        b.s(sw).details.note(Note::PartnerClients {
            object_type: ty.clone(),
            partner: partner.clone(),
            title: title.clone(),
            collection: target.collection.clone(),
        });
        b.dep(enable_rev, sw);
        let retire = b.typed(
            Phase::Cleanup,
            StepSide::ServerSchema,
            StepKind::PartnerRetire {
                object_type: ty.clone(),
                collection: target.collection.clone(),
            },
            &fs,
        );
        b.s(retire).data_loss = true;
        // Removing a synced schema is itself a breaking change (with Sync on, every client that
        // still syncs it is reset): planned as such, never as a cleanup.
        // (Not `client_reset`: that flag asks the new clients for a reset handler; the clients
        // reset here are old app versions, which cannot ship one.)
        b.s(retire).ui_only = true;
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
    // Unchanged fields keep the bsonType their schema file spells (`int` stays `int`; the model
    // maps both `int` and `long` to a Realm int, and Development Mode writes `long`).
    let old_types: BTreeMap<String, serde_json::Value> = b
        .old
        .types
        .get(ty)
        .map(|ot| {
            ot.properties
                .iter()
                .filter(|(n, op)| {
                    !changed.contains(n)
                        && !renames.values().any(|r| r == *n)
                        && t.properties
                            .get(*n)
                            .is_some_and(|np| np.ty == op.ty && np.optional == op.optional)
                })
                .filter_map(|(n, op)| Some((n.clone(), op.stored_bson_type.clone()?)))
                .collect()
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

/// The partner collection's permissions: the old collection's roles written as its `rules.json`
/// (an artifact of `step`), or the data source's default rules, which apply to it unchanged.
fn partner_rules(b: &mut Builder, step: NodeIndex, ty: &str, target: &Target, partner: &str) -> PartnerRules {
    let Some(perms) = b.old.permissions.as_ref() else {
        return PartnerRules::Copy;
    };
    let own = perms
        .collections
        .get(ty)
        .or_else(|| perms.collections.get(&target.collection));
    match own {
        Some(set) if !set.legacy => {
            let db = target.database.clone().unwrap_or_else(|| "DATABASE".into());
            let rules = serde_json::json!({
                "collection": partner,
                "database": db,
                "roles": set.roles.iter().map(|r| r.raw.clone()).collect::<Vec<_>>(),
            });
            let path = format!("server/data_sources/{}/{db}/{partner}/rules.json", target.data_source);
            b.artifacts.insert(path.clone(), crate::devmode::pretty(&rules));
            b.s(step).artifacts.push(path);
            PartnerRules::Written
        }
        Some(_) => PartnerRules::Copy,
        None if perms.default_rules.contains_key(&target.data_source) => PartnerRules::Default,
        None => PartnerRules::Copy,
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
