//! CHECK: is a client model consistent with the server schema? Lists every disagreement that
//! would stop sync or lose data (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/). Judges two loaded models; never reads files.

use crate::diagnostic::{Diagnostic, kinds};
use crate::mapping;
use crate::model::{Collection, Element, ObjectKind, Property, PropertyType, ScalarType, Schema, type_shorthand};

fn at(p: &Property) -> String {
    p.location
        .as_ref()
        .map(|l| format!(" (server: {l})"))
        .unwrap_or_default()
}

/// Two names that are the same thing spelled differently: equal ignoring case and `_`, else one
/// edit apart (names of 5+ characters) or two (8+): `username`/`userName`, `TimeSheet`/`Timesheet`,
/// `colour`/`color`. Short names (`id`/`ip`) never are.
pub fn near_miss(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    if code_key(a) == code_key(b) {
        return true;
    }
    let shortest = a.chars().count().min(b.chars().count());
    let limit = match shortest {
        0..=4 => return false,
        5..=7 => 1,
        _ => 2,
    };
    edit_distance(a, b) <= limit
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps) of
/// the lowercased names.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase())
}

/// Pairs the names of one side that have no exact match with those of the other side that have
/// none either, when each has exactly one near miss on the other side: `(client, server)`.
fn near_pairs<'a>(client: &[&'a str], server: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let candidates = |name: &str, others: &[&'a str]| -> Vec<&'a str> {
        others.iter().copied().filter(|o| near_miss(name, o)).collect()
    };
    client
        .iter()
        .filter_map(|c| match candidates(c, server).as_slice() {
            [s] if candidates(s, client).len() == 1 => Some((*c, *s)),
            _ => None,
        })
        .collect()
}

fn near_message(what: &str, client: &str, server: &str, server_at: Option<&crate::model::Location>) -> String {
    let how = if client.to_lowercase() == server.to_lowercase() {
        "differ only in case".to_string()
    } else if code_key(client) == code_key(server) {
        "differ only in case and `_`".to_string()
    } else {
        match edit_distance(client, server) {
            1 => "are one letter apart".to_string(),
            n => format!("are {n} letters apart"),
        }
    };
    let at = server_at.map(|l| format!(" (server: {l})")).unwrap_or_default();
    format!(
        "client {what} \"{client}\" and server {what} \"{server}\"{at} {how}; names match exactly in Device Sync, so these are two different {what} names there: use one spelling"
    )
}

pub fn check(server: &Schema, client: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    partition_key_in_clients(server, client, &mut out);
    // Types with no exact match on the other side that are near misses of each other: one
    // finding naming both instead of a "missing on server" and a "not in client".
    let type_pairs = {
        let c: Vec<&str> = client
            .types
            .keys()
            .filter(|n| !server.types.contains_key(*n))
            .map(String::as_str)
            .collect();
        let s: Vec<&str> = server
            .types
            .keys()
            .filter(|n| !client.types.contains_key(*n))
            .map(String::as_str)
            .collect();
        near_pairs(&c, &s)
    };
    for (c, s) in &type_pairs {
        let (Some(ct), Some(st)) = (client.types.get(*c), server.types.get(*s)) else {
            continue;
        };
        out.push(Diagnostic::new(
            &kinds::CHECK_NAME_NEAR_MISS,
            *c,
            ct.location.clone(),
            near_message("type", c, s, st.location.as_ref()),
        ));
    }
    for ct in client.types.values() {
        if type_pairs.iter().any(|(c, _)| *c == ct.name) {
            continue;
        }
        let Some(st) = server.types.get(&ct.name) else {
            out.push(Diagnostic::new(
                &kinds::CHECK_TYPE_MISSING_ON_SERVER,
                &ct.name,
                ct.location.clone(),
                format!("{} type \"{}\" has no schema on the server", ct.kind, ct.name),
            ));
            continue;
        };
        if st.kind != ct.kind {
            out.push(Diagnostic::new(
                &kinds::CHECK_KIND_MISMATCH,
                &ct.name,
                ct.location.clone(),
                format!("client: {}, server: {}", ct.kind, st.kind),
            ));
        }
        // A client key that was not read (the type is marked unread) is no mismatch to report.
        let key_unread = ct.primary_key.is_none() && ct.unread.is_some();
        if ct.kind != ObjectKind::Embedded
            && st.kind != ObjectKind::Embedded
            && ct.primary_key != st.primary_key
            && !key_unread
        {
            out.push(Diagnostic::new(
                &kinds::CHECK_PRIMARY_KEY_MISMATCH,
                &ct.name,
                ct.location.clone(),
                format!(
                    "client primary key: {}, server: {}",
                    ct.primary_key.as_deref().unwrap_or("none"),
                    st.primary_key.as_deref().unwrap_or("none")
                ),
            ));
        }
        let prop_pairs = {
            let c: Vec<&str> = ct
                .properties
                .values()
                .filter(|p| {
                    !matches!(p.ty, PropertyType::LinkingObjects { .. }) && !st.properties.contains_key(&p.name)
                })
                .map(|p| p.name.as_str())
                .collect();
            let s: Vec<&str> = st
                .properties
                .values()
                .filter(|p| !ct.properties.contains_key(&p.name) && !ct.may_lack(&p.name))
                .map(|p| p.name.as_str())
                .collect();
            near_pairs(&c, &s)
        };
        for (c, s) in &prop_pairs {
            let (Some(cp), Some(sp)) = (ct.properties.get(*c), st.properties.get(*s)) else {
                continue;
            };
            let mut message = near_message("property", c, s, sp.location.as_ref());
            if let Some(code) = &cp.client_name {
                message.push_str(&format!(
                    " (the client's `{code}` persists as \"{c}\" through its name mapping)"
                ));
            }
            out.push(Diagnostic::new(
                &kinds::CHECK_NAME_NEAR_MISS,
                format!("{}.{c}", ct.name),
                cp.location.clone(),
                message,
            ));
        }
        for cp in ct.properties.values() {
            if matches!(cp.ty, PropertyType::LinkingObjects { .. }) {
                continue; // computed on the client; never on the server
            }
            if prop_pairs.iter().any(|(c, _)| *c == cp.name) {
                continue;
            }
            let path = format!("{}.{}", ct.name, cp.name);
            let Some(sp) = st.properties.get(&cp.name) else {
                let msg = match &cp.client_name {
                    Some(cn) => format!(
                        "\"{cn}\" persists as \"{}\" (mapTo), which the server schema of {} lacks",
                        cp.name, st.name
                    ),
                    None => format!("the server schema of {} has no field \"{}\"", st.name, cp.name),
                };
                out.push(Diagnostic::new(
                    &kinds::CHECK_PROPERTY_MISSING_ON_SERVER,
                    path,
                    cp.location.clone(),
                    msg,
                ));
                continue;
            };
            // Every MongoDB document has an `_id`: a server schema that leaves the primary key out of
            // `required` still stores one, so that difference alone is not an inconsistency.
            let pk_exempt = st.primary_key.as_deref() == Some(sp.name.as_str()) && sp.optional && !cp.optional;
            compare_property(&path, cp, sp, pk_exempt, &mut out);
        }
        for sp in st.properties.values() {
            // A field the client may declare in a part that was not read is not "missing".
            if !ct.properties.contains_key(&sp.name)
                && !ct.may_lack(&sp.name)
                && !prop_pairs.iter().any(|(_, s)| *s == sp.name)
            {
                let req = if !sp.optional && !sp.ty.is_collection() {
                    " (required on the server)"
                } else {
                    ""
                };
                out.push(Diagnostic::new(
                    &kinds::CHECK_PROPERTY_NOT_IN_CLIENT,
                    format!("{}.{}", ct.name, sp.name),
                    sp.location.clone(),
                    format!("server field \"{}\"{req} is not declared by the client", sp.name),
                ));
            }
        }
    }
    for st in server.types.values() {
        if st.kind != ObjectKind::Embedded
            && !client.types.contains_key(&st.name)
            && !type_pairs.iter().any(|(_, s)| *s == st.name)
        {
            let ns = st.namespace.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
            out.push(Diagnostic::new(
                &kinds::CHECK_COLLECTION_NOT_IN_CLIENT,
                &st.name,
                st.location.clone(),
                format!("server type \"{}\"{ns} is not declared by this client", st.name),
            ));
        }
    }
    crate::diagnostic::sort(&mut out);
    out
}

fn scalar_eq(a: ScalarType, b: ScalarType) -> bool {
    mapping::server_equivalent(a, b)
}

fn compare_property(path: &str, cp: &Property, sp: &Property, pk_exempt: bool, out: &mut Vec<Diagnostic>) {
    let (
        PropertyType::Value {
            collection: cc,
            element: ce,
        },
        PropertyType::Value {
            collection: sc,
            element: se,
        },
    ) = (&cp.ty, &sp.ty)
    else {
        return;
    };
    let shown = |p: &Property| type_shorthand(&p.ty, p.optional);
    if cc != sc {
        out.push(Diagnostic::new(
            &kinds::CHECK_PROPERTY_TYPE_MISMATCH,
            path,
            cp.location.clone(),
            format!("client: {}, server: {}{}", shown(cp), shown(sp), at(sp)),
        ));
        return;
    }
    match (ce, se) {
        (Element::Scalar(a), Element::Scalar(b)) if scalar_eq(*a, *b) => {}
        (Element::Object(a), Element::Object(b)) if a == b => {}
        (Element::Object(a), Element::Object(b)) => {
            out.push(Diagnostic::new(
                &kinds::CHECK_LINK_TARGET_MISMATCH,
                path,
                cp.location.clone(),
                format!("client refers to {a}, server to {b}{}", at(sp)),
            ));
            return;
        }
        (Element::Object(a), Element::Scalar(b)) => {
            out.push(Diagnostic::new(
                &kinds::CHECK_PROPERTY_TYPE_MISMATCH,
                path,
                cp.location.clone(),
                format!(
                    "client: link/embedded {a}, server: plain {} field with no relationship{}",
                    mapping::bson_type(*b),
                    at(sp)
                ),
            ));
            return;
        }
        _ => {
            out.push(Diagnostic::new(
                &kinds::CHECK_PROPERTY_TYPE_MISMATCH,
                path,
                cp.location.clone(),
                format!("client: {}, server: {}{}", shown(cp), shown(sp), at(sp)),
            ));
            return;
        }
    }
    let is_object = matches!(ce, Element::Object(_));
    let is_mixed = matches!(ce, Element::Scalar(ScalarType::Mixed));
    if *cc == Collection::Single {
        if !is_object && !is_mixed && !pk_exempt && cp.optional != sp.optional {
            let side = |o: bool| if o { "optional" } else { "required" };
            out.push(Diagnostic::new(
                &kinds::CHECK_OPTIONALITY_MISMATCH,
                path,
                cp.location.clone(),
                format!("client: {}, server: {}{}", side(cp.optional), side(sp.optional), at(sp)),
            ));
        }
    } else if !is_object && !is_mixed && cp.optional && !sp.optional {
        out.push(Diagnostic::new(
            &kinds::CHECK_ELEMENT_NULLABILITY,
            path,
            cp.location.clone(),
            format!(
                "client elements are nullable ({}); the server schema allows only {}",
                shown(cp),
                shown(sp)
            ),
        ));
    }
}

// ------------------------------------------------------------------------------------------------
// Clients against each other

/// A client label with what it says about one thing, grouped by what it says (in first-seen
/// order): `[(value, [labels])]`.
fn groups<'a, V: PartialEq + Clone>(items: &[(&'a str, V)]) -> Vec<(V, Vec<&'a str>)> {
    let mut out: Vec<(V, Vec<&'a str>)> = Vec::new();
    for (label, v) in items {
        match out.iter_mut().find(|(g, _)| g == v) {
            Some((_, labels)) => labels.push(label),
            None => out.push((v.clone(), vec![label])),
        }
    }
    out
}

fn describe_groups<V>(groups: &[(V, Vec<&str>)], shown: impl Fn(&V) -> String) -> String {
    groups
        .iter()
        .map(|(v, labels)| format!("{} in {}", shown(v), labels.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// How code names are compared across SDK conventions (`firstName`, `FirstName`, `first_name`).
fn code_key(s: &str) -> String {
    s.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// The synced shape of a value property: collection, element (counters as ints: both are a
/// `long` on the server) and, where it can differ, nullability.
fn synced_shape(p: &Property) -> Option<(Collection, Element, Option<bool>)> {
    let PropertyType::Value { collection, element } = &p.ty else {
        return None;
    };
    let element = match element {
        Element::Scalar(ScalarType::Counter) => Element::Scalar(ScalarType::Int),
        e => e.clone(),
    };
    let nullability = match &element {
        Element::Object(_) | Element::Scalar(ScalarType::Mixed) => None,
        _ => Some(p.optional),
    };
    Some((*collection, element, nullability))
}

/// Where several client models (`(label, schema)`, e.g. one per SDK) disagree with each other:
/// object types or properties some clients lack, kinds, primary keys, property types,
/// optionality, and properties named alike in code but persisted under different names. Backlinks,
/// indexes and defaults are client-local and not compared. Fewer than two clients: nothing.
pub fn compare_clients(clients: &[(String, &Schema)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if clients.len() < 2 {
        return out;
    }
    let mut names: Vec<&str> = clients
        .iter()
        .flat_map(|(_, s)| s.types.keys().map(String::as_str))
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let having: Vec<(&str, &crate::model::ObjectType)> = clients
            .iter()
            .filter_map(|(l, s)| s.types.get(name).map(|t| (l.as_str(), t)))
            .collect();
        let lacking: Vec<&str> = clients
            .iter()
            .filter(|(_, s)| !s.types.contains_key(name))
            .map(|(l, _)| l.as_str())
            .collect();
        let Some((_, first)) = having.first() else { continue };
        if !lacking.is_empty() && having.iter().any(|(_, t)| t.kind != ObjectKind::Embedded) {
            let by: Vec<&str> = having.iter().map(|(l, _)| *l).collect();
            out.push(Diagnostic::new(
                &kinds::CHECK_CLIENTS_TYPE_MISSING,
                name,
                first.location.clone(),
                format!(
                    "{} type \"{name}\" is declared in {} but not in {}",
                    first.kind,
                    by.join(", "),
                    lacking.join(", ")
                ),
            ));
        }
        if having.len() < 2 {
            continue;
        }
        let kinds_seen = groups(&having.iter().map(|(l, t)| (*l, t.kind)).collect::<Vec<_>>());
        if kinds_seen.len() > 1 {
            let other = having.iter().find(|(_, t)| t.kind != kinds_seen[0].0).map(|(_, t)| *t);
            out.push(Diagnostic::new(
                &kinds::CHECK_CLIENTS_DISAGREE_KIND,
                name,
                other.and_then(|t| t.location.clone()),
                describe_groups(&kinds_seen, |k| k.to_string()),
            ));
        }
        if having.iter().all(|(_, t)| t.kind != ObjectKind::Embedded) {
            // A client whose key was not read (its type is marked unread) says nothing here.
            let pks = groups(
                &having
                    .iter()
                    .filter(|(_, t)| t.primary_key.is_some() || t.unread.is_none())
                    .map(|(l, t)| (*l, t.primary_key.clone()))
                    .collect::<Vec<_>>(),
            );
            if pks.len() > 1 {
                let other = having.iter().find(|(_, t)| t.primary_key != pks[0].0).map(|(_, t)| *t);
                out.push(Diagnostic::new(
                    &kinds::CHECK_CLIENTS_DISAGREE_PRIMARY_KEY,
                    name,
                    other.and_then(|t| t.location.clone()),
                    describe_groups(&pks, |k| match k {
                        Some(k) => format!("primary key \"{k}\""),
                        None => "no primary key".to_string(),
                    }),
                ));
            }
        }
        compare_properties(name, &having, &mut out);
    }
    crate::diagnostic::sort(&mut out);
    out
}

fn compare_properties(name: &str, having: &[(&str, &crate::model::ObjectType)], out: &mut Vec<Diagnostic>) {
    let synced = |p: &&Property| !matches!(p.ty, PropertyType::LinkingObjects { .. });
    let mut props: Vec<&str> = having
        .iter()
        .flat_map(|(_, t)| t.properties.values().filter(synced).map(|p| p.name.as_str()))
        .collect();
    props.sort_unstable();
    props.dedup();
    // Properties named alike in code but persisted differently: reported once per pair.
    let mut mapped: std::collections::BTreeSet<(String, String)> = std::collections::BTreeSet::new();
    for pname in props {
        let path = format!("{name}.{pname}");
        let with: Vec<(&str, &Property)> = having
            .iter()
            .filter_map(|(l, t)| t.properties.get(pname).filter(synced).map(|p| (*l, p)))
            .collect();
        let Some((_, first)) = with.first() else { continue };
        let mut lacking = Vec::new();
        for (label, t) in having {
            // Present, or possibly in a part of that client that could not be read.
            if t.properties.get(pname).is_some_and(|p| synced(&p)) || t.may_lack(pname) {
                continue;
            }
            // Same code name (across conventions), another persisted name, which the first
            // client does not have: the two clients sync different fields.
            let key = code_key(first.public_name());
            let twin = t.properties.values().filter(synced).find(|q| {
                q.name != pname
                    && code_key(q.public_name()) == key
                    && having
                        .iter()
                        .filter(|(_, ot)| ot.properties.contains_key(pname))
                        .all(|(_, ot)| !ot.properties.contains_key(&q.name))
            });
            match twin {
                Some(q) => {
                    let pair = if pname < q.name.as_str() {
                        (pname.to_string(), q.name.clone())
                    } else {
                        (q.name.clone(), pname.to_string())
                    };
                    if mapped.insert(pair) {
                        let firsts: Vec<&str> = with.iter().map(|(l, _)| *l).collect();
                        out.push(Diagnostic::new(
                            &kinds::CHECK_CLIENTS_MAPPED_NAME_DIFFERS,
                            format!("{name}.{}", q.name),
                            q.location.clone(),
                            format!(
                                "`{}` persists as \"{pname}\" in {} but `{}` persists as \"{}\" in {label}",
                                first.public_name(),
                                firsts.join(", "),
                                q.public_name(),
                                q.name
                            ),
                        ));
                    }
                }
                None => lacking.push(*label),
            }
        }
        let mapped_here = mapped.iter().any(|(a, b)| a == pname || b == pname);
        if !lacking.is_empty() && !mapped_here {
            let by: Vec<String> = with
                .iter()
                .map(|(l, p)| format!("{l} ({})", type_shorthand(&p.ty, p.optional)))
                .collect();
            out.push(Diagnostic::new(
                &kinds::CHECK_CLIENTS_PROPERTY_MISSING,
                &path,
                first.location.clone(),
                format!(
                    "\"{pname}\" is declared in {} but not in {}",
                    by.join(", "),
                    lacking.join(", ")
                ),
            ));
        }
        if with.len() < 2 {
            continue;
        }
        #[allow(clippy::type_complexity)]
        let shapes: Vec<(&str, Option<(Collection, Element, Option<bool>)>)> =
            with.iter().map(|(l, p)| (*l, synced_shape(p))).collect();
        let types = groups(
            &shapes
                .iter()
                .map(|(l, s)| (*l, s.as_ref().map(|(c, e, _)| (*c, e.clone()))))
                .collect::<Vec<_>>(),
        );
        let shown = |p: &Property| type_shorthand(&p.ty, p.optional);
        let by_label = |label: &str| with.iter().find(|(l, _)| *l == label).map(|(_, p)| *p);
        if types.len() > 1 {
            let other = types.get(1).and_then(|(_, ls)| ls.first()).and_then(|l| by_label(l));
            out.push(Diagnostic::new(
                &kinds::CHECK_CLIENTS_DISAGREE_TYPE,
                &path,
                other.and_then(|p| p.location.clone()),
                types
                    .iter()
                    .map(|(_, labels)| {
                        let p = labels.first().and_then(|l| by_label(l));
                        format!("{} in {}", p.map(shown).unwrap_or_default(), labels.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
            continue;
        }
        let nulls = groups(
            &shapes
                .iter()
                .filter_map(|(l, s)| s.as_ref().and_then(|(_, _, n)| n.map(|n| (*l, n))))
                .collect::<Vec<_>>(),
        );
        if nulls.len() > 1 {
            let single = with.iter().all(|(_, p)| !p.ty.is_collection());
            let what = |o: &bool| match (single, *o) {
                (true, true) => "optional".to_string(),
                (true, false) => "required".to_string(),
                (false, true) => "nullable elements".to_string(),
                (false, false) => "non-null elements".to_string(),
            };
            let other = nulls.get(1).and_then(|(_, ls)| ls.first()).and_then(|l| by_label(l));
            out.push(Diagnostic::new(
                &kinds::CHECK_CLIENTS_DISAGREE_OPTIONALITY,
                &path,
                other.and_then(|p| p.location.clone()),
                describe_groups(&nulls, what),
            ));
        }
    }
}

/// Partition-based sync writes the partition value into the partition key field of every object a
/// client syncs: a client that declares that field itself with another type writes values the
/// partition cannot hold. (Where the server schema has the field, the ordinary type check covers
/// it; this covers the field a server schema leaves out.)
fn partition_key_in_clients(server: &Schema, client: &Schema, out: &mut Vec<Diagnostic>) {
    let Some(sync) = server
        .sync
        .as_ref()
        .filter(|s| s.mode == Some(crate::model::SyncMode::Partition))
    else {
        return;
    };
    let Some(key) = sync.partition_key.as_deref() else {
        return;
    };
    let expected = match sync.partition_key_type.as_deref() {
        Some("string") | None => ScalarType::String,
        Some("int") | Some("long") => ScalarType::Int,
        Some("objectId") => ScalarType::ObjectId,
        Some("uuid") => ScalarType::Uuid,
        Some(_) => return,
    };
    for t in client.types.values().filter(|t| t.kind != ObjectKind::Embedded) {
        if server.property(&t.name, key).is_some() {
            continue;
        }
        let Some(p) = t.properties.get(key) else { continue };
        let fits = matches!(
            &p.ty,
            PropertyType::Value { collection: Collection::Single, element: Element::Scalar(s) } if *s == expected
        );
        if !fits {
            out.push(Diagnostic::new(
                &kinds::CHECK_PARTITION_KEY_TYPE,
                format!("{}.{}", t.name, p.name),
                p.location.clone(),
                format!(
                    "the client declares the partition key `{key}` as {} but Sync partitions on a {} key",
                    type_shorthand(&p.ty, p.optional),
                    mapping::realm_name(expected)
                ),
            ));
        }
    }
}
