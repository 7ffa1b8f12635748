//! DIFF: two models → neutral facts (`Change`s). No verdicts here: rules judge (`rules/`).
//!
//! Identity: object types by name (the `title`), properties by persisted name. Renames are paired
//! only from explicit evidence: a `--rename` hint, the same collection under a new title, or the
//! same client name over a new persisted name. Never guessed from similarity.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{
    Collection, Element, Location, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema, Side,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RenameVia {
    /// A `--rename` hint.
    Hint,
    /// Same collection, new `title`.
    SameCollection,
    /// Same client (SDK) name, new persisted name.
    SameClientName,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    TypeAdded,
    TypeRemoved,
    TypeRenamed {
        via: RenameVia,
    },
    TypeKindChanged {
        before: ObjectKind,
        after: ObjectKind,
    },
    TypeCollectionChanged,
    PropertyAdded,
    PropertyRemoved,
    PropertyRenamed {
        via: RenameVia,
    },
    /// Scalar type, collection kind, element type, link target, to-one vs to-many, embedded vs link.
    PropertyTypeChanged,
    /// The field's stored value is the same but it gained, lost or retargeted a relationship
    /// (objectId field ⇄ link), so the Realm property type changes.
    RelationshipChanged,
    MadeRequired,
    MadeOptional,
    PrimaryKeyChanged,
    DefaultAdded,
    DefaultChanged,
    DefaultRemoved,
    IndexAdded,
    IndexRemoved,
    ClientNameChanged,
    QueryableFieldAdded,
    QueryableFieldRemoved,
    IndexedQueryableFieldChanged,
    SyncModeChanged,
    PartitionKeyChanged,
    /// Sync configured for the first time (no mode before, partition or flexible after).
    SyncEnabled,
    /// Partition-based sync `partition.permissions` (read/write rules) changed.
    PartitionPermissionsChanged,
    /// A role of `rules.json`/`default_rule.json` added, removed or changed (per collection).
    PermissionChanged,
    /// A queryable field removed while a role in NEW still refers to it.
    PermissionQueryableFieldRemoved,
    /// A constraint added or tightened (or changed so that it may reject more documents).
    ConstraintTightened,
    /// A constraint removed or loosened.
    ConstraintLoosened,
    /// `is_recovery_mode_disabled` changed.
    RecoveryModeChanged,
    ClientMaxOfflineDaysChanged,
    DevelopmentModeChanged,
    /// The linked data source (`service_name`) Sync runs on changed.
    SyncDataSourceChanged,
}

/// One side of a change, for rules and reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Type(ObjectType),
    Property(Property),
    Value(serde_json::Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The object type concerned (new name for renames); `None` for app-wide sync settings.
    pub object_type: Option<String>,
    /// Persisted property name (new name for renames).
    pub property: Option<String>,
    /// Old name, for renames.
    pub from: Option<String>,
    pub old: Option<Item>,
    pub new: Option<Item>,
    /// Kind of the owning type (after the change, or before it for removals).
    pub owner_kind: Option<ObjectKind>,
    pub location: Option<Location>,
}

impl Change {
    fn new(kind: ChangeKind, object_type: Option<&str>, property: Option<&str>) -> Self {
        Change {
            kind,
            object_type: object_type.map(str::to_string),
            property: property.map(str::to_string),
            from: None,
            old: None,
            new: None,
            owner_kind: None,
            location: None,
        }
    }
    pub fn old_property(&self) -> Option<&Property> {
        match &self.old {
            Some(Item::Property(p)) => Some(p),
            _ => None,
        }
    }
    pub fn new_property(&self) -> Option<&Property> {
        match &self.new {
            Some(Item::Property(p)) => Some(p),
            _ => None,
        }
    }
    pub fn old_type(&self) -> Option<&ObjectType> {
        match &self.old {
            Some(Item::Type(t)) => Some(t),
            _ => None,
        }
    }
    pub fn new_type(&self) -> Option<&ObjectType> {
        match &self.new {
            Some(Item::Type(t)) => Some(t),
            _ => None,
        }
    }
}

/// A rename hint: `Old=New` (object type) or `Type.old=Type.new` (property).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameHint {
    Type {
        from: String,
        to: String,
    },
    Property {
        ty_from: String,
        from: String,
        ty_to: String,
        to: String,
    },
}

impl RenameHint {
    pub fn parse(s: &str) -> Result<Self, String> {
        let (a, b) = s
            .split_once('=')
            .ok_or_else(|| format!("--rename \"{s}\": expected OLD=NEW or Type.old=Type.new"))?;
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() {
            return Err(format!("--rename \"{s}\": both sides must be named"));
        }
        match (a.split_once('.'), b.split_once('.')) {
            (None, None) => Ok(RenameHint::Type {
                from: a.into(),
                to: b.into(),
            }),
            (Some((ta, pa)), Some((tb, pb)))
                if !ta.is_empty() && !pa.is_empty() && !tb.is_empty() && !pb.is_empty() =>
            {
                Ok(RenameHint::Property {
                    ty_from: ta.into(),
                    from: pa.into(),
                    ty_to: tb.into(),
                    to: pb.into(),
                })
            }
            _ => Err(format!(
                "--rename \"{s}\": a property rename names the type on both sides (Type.old=Type.new)"
            )),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    pub renames: Vec<RenameHint>,
}

/// Drops what only one side can express when the two models come from different sides
/// (server export vs client model), so that a mixed diff reports real model changes only.
fn comparable(s: &Schema, other_side: Side) -> std::borrow::Cow<'_, Schema> {
    if s.side == other_side {
        if s.side == Side::Server && s.types.values().any(pk_listed_optional) {
            // Every MongoDB document has an `_id`: listing it in `required` or not changes nothing.
            let mut s = s.clone();
            for t in s.types.values_mut() {
                if let Some(pk) = t.primary_key.clone()
                    && let Some(p) = t.properties.get_mut(&pk)
                {
                    p.optional = false;
                }
            }
            return std::borrow::Cow::Owned(s);
        }
        return std::borrow::Cow::Borrowed(s);
    }
    let mut s = s.clone();
    for t in s.types.values_mut() {
        t.namespace = None;
        t.properties
            .retain(|_, p| !matches!(p.ty, PropertyType::LinkingObjects { .. }));
        for p in t.properties.values_mut() {
            p.client_name = None;
            p.indexed = false;
            p.default = None;
            p.constraints.clear();
            if let PropertyType::Value {
                element: Element::Scalar(s @ ScalarType::Counter),
                ..
            } = &mut p.ty
            {
                *s = ScalarType::Int;
            }
            // Element nullability of scalar collections cannot be read from a server schema.
            if let PropertyType::Value {
                collection,
                element: Element::Scalar(sc),
            } = &p.ty
                && *collection != Collection::Single
                && *sc != ScalarType::Mixed
            {
                p.optional = false;
            }
        }
        // A server schema that leaves `_id` out of `required` still stores one in every document.
        if let Some(pk) = t.primary_key.clone()
            && let Some(p) = t.properties.get_mut(&pk)
        {
            p.optional = false;
        }
    }
    for t in s.types.values_mut() {
        t.constraints.clear();
    }
    s.sync = None;
    s.permissions = None;
    std::borrow::Cow::Owned(s)
}

fn pk_listed_optional(t: &ObjectType) -> bool {
    t.primary_key
        .as_ref()
        .and_then(|k| t.properties.get(k))
        .is_some_and(|p| p.optional)
}

/// Errors for hints that name nothing (never ignored silently).
pub fn check_hints(old: &Schema, new: &Schema, hints: &[RenameHint]) -> Result<(), String> {
    for h in hints {
        match h {
            RenameHint::Type { from, to } => {
                if !old.types.contains_key(from) {
                    return Err(format!("--rename {from}={to}: OLD has no object type \"{from}\""));
                }
                if !new.types.contains_key(to) {
                    return Err(format!("--rename {from}={to}: NEW has no object type \"{to}\""));
                }
            }
            RenameHint::Property {
                ty_from,
                from,
                ty_to,
                to,
            } => {
                if old.property(ty_from, from).is_none() {
                    return Err(format!(
                        "--rename {ty_from}.{from}={ty_to}.{to}: OLD has no property {ty_from}.{from}"
                    ));
                }
                if new.property(ty_to, to).is_none() {
                    return Err(format!(
                        "--rename {ty_from}.{from}={ty_to}.{to}: NEW has no property {ty_to}.{to}"
                    ));
                }
            }
        }
    }
    Ok(())
}

pub fn diff(old: &Schema, new: &Schema, opts: &DiffOptions) -> Vec<Change> {
    let (old, new) = (comparable(old, new.side), comparable(new, old.side));
    let (old, new): (&Schema, &Schema) = (&old, &new);
    let mut out = Vec::new();

    // ---- pair object types ----
    let mut pairs: Vec<(String, String, Option<RenameVia>)> = Vec::new();
    let mut old_left: BTreeSet<&String> = old.types.keys().collect();
    let mut new_left: BTreeSet<&String> = new.types.keys().collect();
    for h in &opts.renames {
        if let RenameHint::Type { from, to } = h
            && old_left.contains(from)
            && new_left.contains(to)
        {
            old_left.remove(from);
            new_left.remove(to);
            pairs.push((from.clone(), to.clone(), Some(RenameVia::Hint)));
        }
    }
    for name in old.types.keys() {
        if old_left.contains(name) && new_left.contains(name) {
            old_left.remove(name);
            new_left.remove(name);
            pairs.push((name.clone(), name.clone(), None));
        }
    }
    // Same collection under a new title.
    for o in old_left.clone() {
        let Some(ons) = &old.types[o].namespace else { continue };
        let hit = new_left
            .iter()
            .find(|n| new.types[**n].namespace.as_ref() == Some(ons))
            .map(|n| (*n).clone());
        if let Some(n) = hit {
            old_left.remove(o);
            new_left.remove(&n);
            pairs.push((o.clone(), n, Some(RenameVia::SameCollection)));
        }
    }
    for o in &old_left {
        let t = &old.types[*o];
        let mut c = Change::new(ChangeKind::TypeRemoved, Some(o), None);
        c.old = Some(Item::Type(t.clone()));
        c.owner_kind = Some(t.kind);
        c.location = t.location.clone();
        out.push(c);
    }
    for n in &new_left {
        let t = &new.types[*n];
        let mut c = Change::new(ChangeKind::TypeAdded, Some(n), None);
        c.new = Some(Item::Type(t.clone()));
        c.owner_kind = Some(t.kind);
        c.location = t.location.clone();
        out.push(c);
    }
    let type_map: BTreeMap<String, String> = pairs.iter().map(|(o, n, _)| (o.clone(), n.clone())).collect();
    for (o, n, via) in &pairs {
        let (ot, nt) = (&old.types[o], &new.types[n]);
        if let Some(via) = via {
            let mut c = Change::new(ChangeKind::TypeRenamed { via: *via }, Some(n), None);
            c.from = Some(o.clone());
            c.old = Some(Item::Type(ot.clone()));
            c.new = Some(Item::Type(nt.clone()));
            c.owner_kind = Some(nt.kind);
            c.location = nt.location.clone();
            out.push(c);
        }
        let cx = Cx {
            old,
            new,
            type_map: &type_map,
            opts,
        };
        diff_type(ot, nt, &cx, &mut out);
    }
    diff_sync(old, new, &mut out);
    diff_permissions(old, new, &type_map, &mut out);
    out.sort_by(|a, b| (&a.object_type, &a.property, &a.kind).cmp(&(&b.object_type, &b.property, &b.kind)));
    out
}

struct Cx<'a> {
    old: &'a Schema,
    new: &'a Schema,
    type_map: &'a BTreeMap<String, String>,
    opts: &'a DiffOptions,
}

/// What a field stores on the server: a scalar, or for a link the target's primary-key scalar.
/// `None` for embedded objects (stored inline) and unresolvable targets.
fn stored(e: &Element, s: &Schema) -> Option<ScalarType> {
    match e {
        Element::Scalar(ScalarType::Counter) => Some(ScalarType::Int),
        Element::Scalar(x) => Some(*x),
        Element::Object(t) => {
            let t = s.types.get(t)?;
            if t.kind == ObjectKind::Embedded {
                return None;
            }
            match t
                .primary_key
                .as_ref()
                .and_then(|k| t.properties.get(k))
                .and_then(|p| p.ty.element())
            {
                Some(Element::Scalar(ScalarType::Counter)) => Some(ScalarType::Int),
                Some(Element::Scalar(x)) => Some(*x),
                _ => None,
            }
        }
    }
}

fn diff_type(ot: &ObjectType, nt: &ObjectType, cx: &Cx, out: &mut Vec<Change>) {
    let (type_map, opts) = (cx.type_map, cx.opts);
    let name = nt.name.as_str();
    let base = |kind: ChangeKind| {
        let mut c = Change::new(kind, Some(name), None);
        c.owner_kind = Some(nt.kind);
        c.location = nt.location.clone();
        c
    };
    if ot.kind != nt.kind {
        let mut c = base(ChangeKind::TypeKindChanged {
            before: ot.kind,
            after: nt.kind,
        });
        c.old = Some(Item::Type(ot.clone()));
        c.new = Some(Item::Type(nt.clone()));
        out.push(c);
    }
    if let (Some(a), Some(b)) = (&ot.namespace, &nt.namespace)
        && a != b
        && ot.name == nt.name
    {
        let mut c = base(ChangeKind::TypeCollectionChanged);
        c.old = Some(Item::Value(serde_json::Value::String(a.to_string())));
        c.new = Some(Item::Value(serde_json::Value::String(b.to_string())));
        out.push(c);
    }
    // Primary key: name or type.
    let pk_desc = |t: &ObjectType| {
        t.primary_key.as_ref().map(|k| {
            let ty = t
                .properties
                .get(k)
                .map(|p| crate::model::type_shorthand(&p.ty, false))
                .unwrap_or_default();
            format!("{k}: {ty}")
        })
    };
    let (opk, npk) = (pk_desc(ot), pk_desc(nt));
    // Which property is the key (or whether there is one). A key whose type changes is a type
    // change of that property, as realm-core reports it (`ChangePropertyType`); a key gained or
    // lost together with a top-level ↔ embedded change is reported too (realm-core reports and
    // rejects both).
    let pk_changed = ot.primary_key != nt.primary_key;
    if pk_changed {
        let mut c = base(ChangeKind::PrimaryKeyChanged);
        c.property = nt.primary_key.clone().or(ot.primary_key.clone());
        c.old = Some(Item::Value(
            opk.map(serde_json::Value::String).unwrap_or(serde_json::Value::Null),
        ));
        c.new = Some(Item::Value(
            npk.map(serde_json::Value::String).unwrap_or(serde_json::Value::Null),
        ));
        if let Some(p) = c
            .property
            .as_ref()
            .and_then(|k| nt.properties.get(k).or(ot.properties.get(k)))
        {
            c.location = p.location.clone();
        }
        out.push(c);
    }
    if let Some(kind) = constraint_change(&ot.constraints, &nt.constraints) {
        let mut c = base(kind);
        c.old = Some(Item::Value(constraint_value(&ot.constraints, None)));
        c.new = Some(Item::Value(constraint_value(&nt.constraints, Some(nt))));
        out.push(c);
    }
    let pk_names: BTreeSet<&String> = ot.primary_key.iter().chain(nt.primary_key.iter()).collect();

    // ---- pair properties ----
    let mut old_left: BTreeSet<&String> = ot.properties.keys().collect();
    let mut new_left: BTreeSet<&String> = nt.properties.keys().collect();
    let mut pairs: Vec<(&Property, &Property, Option<RenameVia>)> = Vec::new();
    for h in &opts.renames {
        if let RenameHint::Property {
            ty_from,
            from,
            ty_to,
            to,
        } = h
        {
            let type_matches = *ty_to == nt.name && (*ty_from == ot.name || type_map.get(ty_from) == Some(&nt.name));
            if type_matches && old_left.contains(from) && new_left.contains(to) {
                old_left.remove(from);
                new_left.remove(to);
                pairs.push((&ot.properties[from], &nt.properties[to], Some(RenameVia::Hint)));
            }
        }
    }
    for k in ot.properties.keys() {
        if old_left.contains(k) && new_left.contains(k) {
            old_left.remove(k);
            new_left.remove(k);
            pairs.push((&ot.properties[k], &nt.properties[k], None));
        }
    }
    // Same client name, new persisted name (a `mapTo` added, changed or dropped): for realm-core a
    // removal plus an addition (the values stay under the old persisted name). Reported as such,
    // with the old persisted name as `from` on the addition.
    // Indexed by client name (each old property takes the first unpaired new one, in name order).
    let mut by_client_name: BTreeMap<&str, std::collections::VecDeque<&String>> = BTreeMap::new();
    let mut same_client_name: BTreeMap<&str, &str> = BTreeMap::new();
    for n in &new_left {
        by_client_name
            .entry(nt.properties[*n].public_name())
            .or_default()
            .push_back(n);
    }
    for o in old_left.clone() {
        let op = &ot.properties[o];
        let hit = by_client_name.get_mut(op.public_name()).and_then(|q| q.pop_front());
        if let Some(n) = hit {
            same_client_name.insert(n.as_str(), o.as_str());
        }
    }
    let mut anchors: Option<Vec<((u32, u32), &str)>> = None;
    for o in old_left {
        let p = &ot.properties[o];
        if matches!(p.ty, PropertyType::LinkingObjects { .. }) || pk_changed && pk_names.contains(o) {
            continue;
        }
        let mut c = base(ChangeKind::PropertyRemoved);
        c.property = Some(o.clone());
        c.old = Some(Item::Property(p.clone()));
        // Point where the property was, in NEW: at the property that followed it (or preceded
        // it) and is still there, else at the owning type; the message names the old line.
        let survivors = anchors.get_or_insert_with(|| survivors(ot, nt));
        c.location = removal_anchor(survivors, nt, p).or(c.location).or(p.location.clone());
        out.push(c);
    }
    for n in new_left {
        let p = &nt.properties[n];
        if matches!(p.ty, PropertyType::LinkingObjects { .. }) || pk_changed && pk_names.contains(n) {
            continue;
        }
        let mut c = base(ChangeKind::PropertyAdded);
        c.property = Some(n.clone());
        c.from = same_client_name.get(n.as_str()).map(|o| o.to_string());
        c.new = Some(Item::Property(p.clone()));
        c.location = p.location.clone().or(c.location);
        out.push(c);
    }
    for (op, np, via) in pairs {
        if pk_changed && pk_names.contains(&np.name) {
            continue;
        }
        let mk = |kind: ChangeKind| {
            let mut c = base(kind);
            c.property = Some(np.name.clone());
            c.old = Some(Item::Property(op.clone()));
            c.new = Some(Item::Property(np.clone()));
            c.location = np.location.clone().or(nt.location.clone());
            c
        };
        if let Some(via) = via {
            let mut c = mk(ChangeKind::PropertyRenamed { via });
            c.from = Some(op.name.clone());
            out.push(c);
        }
        diff_property(op, np, cx, &mk, out);
    }
}

/// The NEW location of the surviving property next to a removed one (by OLD file position).
/// The properties of OLD still in NEW, by their position in OLD's file (sorted).
fn survivors<'a>(ot: &'a ObjectType, nt: &ObjectType) -> Vec<((u32, u32), &'a str)> {
    let mut v: Vec<((u32, u32), &str)> = ot
        .properties
        .values()
        .filter(|p| nt.properties.contains_key(&p.name))
        .filter_map(|p| p.location.as_ref().map(|l| ((l.line, l.column), p.name.as_str())))
        .collect();
    v.sort_unstable();
    v
}

fn removal_anchor(survivors: &[((u32, u32), &str)], nt: &ObjectType, removed: &Property) -> Option<Location> {
    let at = removed.location.as_ref().filter(|l| l.line > 0)?;
    let here = (at.line, at.column);
    // The first survivor after the removed property, else the last one before it.
    let after = survivors.partition_point(|(x, _)| *x <= here);
    let next = survivors.get(after).filter(|(x, _)| *x > here);
    let before = survivors.partition_point(|(x, _)| *x < here);
    let prev = before.checked_sub(1).and_then(|i| survivors.get(i));
    let pick = next.or(prev)?;
    nt.properties.get(pick.1).and_then(|p| p.location.clone())
}

/// Element equality across a type rename (`Dog` renamed to `Hound` is the same target).
fn same_element(a: &Element, b: &Element, type_map: &BTreeMap<String, String>) -> bool {
    match (a, b) {
        (Element::Scalar(x), Element::Scalar(y)) => x == y,
        (Element::Object(x), Element::Object(y)) => x == y || type_map.get(x) == Some(y),
        _ => false,
    }
}

fn diff_property(op: &Property, np: &Property, cx: &Cx, mk: &dyn Fn(ChangeKind) -> Change, out: &mut Vec<Change>) {
    let type_map = cx.type_map;
    let type_same = match (&op.ty, &np.ty) {
        (
            PropertyType::Value {
                collection: c1,
                element: e1,
            },
            PropertyType::Value {
                collection: c2,
                element: e2,
            },
        ) => {
            if c1 != c2 {
                false
            } else if same_element(e1, e2, type_map) {
                true
            } else {
                // objectId field ⇄ link, or link retargeted with the same stored key type: only the
                // relationship changed. Anything else is a type change.
                let (s1, s2) = (stored(e1, cx.old), stored(e2, cx.new));
                let relationship_only = s1.is_some() && s1 == s2;
                if relationship_only {
                    out.push(mk(ChangeKind::RelationshipChanged));
                    return;
                }
                false
            }
        }
        (PropertyType::LinkingObjects { .. }, PropertyType::LinkingObjects { .. }) => true,
        _ => false,
    };
    if !type_same {
        out.push(mk(ChangeKind::PropertyTypeChanged));
        return;
    }
    if op.optional != np.optional {
        out.push(mk(if np.optional {
            ChangeKind::MadeOptional
        } else {
            ChangeKind::MadeRequired
        }));
    }
    match (&op.default, &np.default) {
        (None, Some(_)) => out.push(mk(ChangeKind::DefaultAdded)),
        (Some(_), None) => out.push(mk(ChangeKind::DefaultRemoved)),
        (Some(a), Some(b)) if a != b => out.push(mk(ChangeKind::DefaultChanged)),
        _ => {}
    }
    if op.indexed != np.indexed {
        out.push(mk(if np.indexed {
            ChangeKind::IndexAdded
        } else {
            ChangeKind::IndexRemoved
        }));
    }
    if op.name == np.name && op.client_name != np.client_name {
        out.push(mk(ChangeKind::ClientNameChanged));
    }
    if let Some(kind) = constraint_change(&op.constraints, &np.constraints) {
        let mut c = mk(kind);
        c.old = Some(Item::Value(constraint_value(&op.constraints, None)));
        c.new = Some(Item::Value(constraint_value(
            &np.constraints,
            cx.new.types.get(c.object_type.as_deref().unwrap_or("")),
        )));
        out.push(c);
    }
}

/// `{"constraints": {...}}` (and the collection, for the count query of the rule's help).
fn constraint_value(c: &BTreeMap<String, serde_json::Value>, owner: Option<&ObjectType>) -> serde_json::Value {
    let mut v = serde_json::json!({ "constraints": c });
    if let Some(ns) = owner.and_then(|t| t.namespace.as_ref()) {
        v["collection"] = serde_json::Value::String(ns.collection.clone());
    }
    v
}

/// Whether the constraints got stricter (some document valid before may be invalid now), looser
/// (every document valid before stays valid), or did not change. A change whose direction
/// cannot be proven (a new `pattern`, a changed `validate` expression) counts as stricter.
pub fn constraint_change(
    old: &BTreeMap<String, serde_json::Value>,
    new: &BTreeMap<String, serde_json::Value>,
) -> Option<ChangeKind> {
    if old == new {
        return None;
    }
    let tighter = new.iter().any(|(k, nv)| match old.get(k) {
        None => true,
        Some(ov) => ov != nv && !looser_value(k, ov, nv),
    });
    Some(if tighter {
        ChangeKind::ConstraintTightened
    } else {
        ChangeKind::ConstraintLoosened
    })
}

/// Whether keyword `k` changing from `ov` to `nv` accepts every value it accepted before.
fn looser_value(k: &str, ov: &serde_json::Value, nv: &serde_json::Value) -> bool {
    let key = k.strip_prefix("items.").unwrap_or(k);
    let num = |v: &serde_json::Value| v.as_f64();
    match key {
        "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties" => {
            matches!((num(ov), num(nv)), (Some(a), Some(b)) if b <= a)
        }
        "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties" => {
            matches!((num(ov), num(nv)), (Some(a), Some(b)) if b >= a)
        }
        "enum" => match (ov.as_array(), nv.as_array()) {
            (Some(a), Some(b)) => a.iter().all(|x| b.contains(x)),
            _ => false,
        },
        _ => false,
    }
}

fn diff_sync(old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    let none = crate::model::SyncConfig::default();
    let (a, b) = match (&old.sync, &new.sync) {
        (Some(a), Some(b)) => (a, b),
        // A model without a sync configuration compared with one that has it: only the first
        // configuration of Sync is a change (an export without sync/config.json says nothing).
        (None, Some(b)) if b.mode.is_some() && old.side == Side::Server && !old.types.is_empty() => (&none, b),
        _ => return,
    };
    let loc = b.location.clone();
    let val = |v: serde_json::Value| Some(Item::Value(v));
    let push = |out: &mut Vec<Change>, kind, ty: Option<&str>, prop: Option<&str>, o, n| {
        let mut c = Change::new(kind, ty, prop);
        c.old = o;
        c.new = n;
        c.location = loc.clone();
        out.push(c);
    };
    if a.mode.is_none() && b.mode.is_some() {
        // Sync configured for the first time: there were no synced clients, and the new
        // configuration's details (queryable fields, partition key) are part of this one change.
        push(
            out,
            ChangeKind::SyncEnabled,
            None,
            None,
            val(serde_json::Value::Null),
            val(serde_json::json!(b.mode)),
        );
        return;
    }
    if a.service_name != b.service_name && a.mode.is_some() {
        push(
            out,
            ChangeKind::SyncDataSourceChanged,
            None,
            None,
            val(serde_json::json!(a.service_name)),
            val(serde_json::json!(b.service_name)),
        );
    }
    if a.recovery_mode_disabled.unwrap_or(false) != b.recovery_mode_disabled.unwrap_or(false) {
        push(
            out,
            ChangeKind::RecoveryModeChanged,
            None,
            None,
            val(serde_json::json!(a.recovery_mode_disabled.unwrap_or(false))),
            val(serde_json::json!(b.recovery_mode_disabled.unwrap_or(false))),
        );
    }
    // An export without the setting says nothing about it (the server default applies).
    if a.client_max_offline_days.is_some()
        && b.client_max_offline_days.is_some()
        && a.client_max_offline_days != b.client_max_offline_days
    {
        push(
            out,
            ChangeKind::ClientMaxOfflineDaysChanged,
            None,
            None,
            val(a.client_max_offline_days.clone().unwrap_or(serde_json::Value::Null)),
            val(b.client_max_offline_days.clone().unwrap_or(serde_json::Value::Null)),
        );
    }
    if a.development_mode_enabled != b.development_mode_enabled {
        push(
            out,
            ChangeKind::DevelopmentModeChanged,
            None,
            None,
            val(serde_json::json!(a.development_mode_enabled)),
            val(serde_json::json!(b.development_mode_enabled)),
        );
    }
    if a.mode != b.mode {
        push(
            out,
            ChangeKind::SyncModeChanged,
            None,
            None,
            val(serde_json::json!(a.mode)),
            val(serde_json::json!(b.mode)),
        );
    }
    if a.mode != b.mode {
        // Queryable fields of one mode mean nothing in the other: the mode change says it all.
        return;
    }
    if a.partition_key != b.partition_key
        || a.partition_key_type != b.partition_key_type
        || a.partition_key_required != b.partition_key_required
    {
        let pk = |c: &crate::model::SyncConfig| serde_json::json!({"key": c.partition_key, "type": c.partition_key_type, "required": c.partition_key_required});
        push(
            out,
            ChangeKind::PartitionKeyChanged,
            None,
            b.partition_key.as_deref().or(a.partition_key.as_deref()),
            val(pk(a)),
            val(pk(b)),
        );
    }
    if a.partition_permissions != b.partition_permissions && (a.partition_key.is_some() || b.partition_key.is_some()) {
        push(
            out,
            ChangeKind::PartitionPermissionsChanged,
            None,
            None,
            val(a.partition_permissions.clone().unwrap_or(serde_json::Value::Null)),
            val(b.partition_permissions.clone().unwrap_or(serde_json::Value::Null)),
        );
    }
    let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<String>>();
    let (qa, qb) = (set(&a.queryable_fields), set(&b.queryable_fields));
    for f in qb.difference(&qa) {
        push(
            out,
            ChangeKind::QueryableFieldAdded,
            None,
            Some(f),
            None,
            val(serde_json::json!("global")),
        );
    }
    for f in qa.difference(&qb) {
        push(
            out,
            ChangeKind::QueryableFieldRemoved,
            None,
            Some(f),
            val(serde_json::json!("global")),
            None,
        );
    }
    // Collection-level queryable fields, reported on the object type that owns the collection.
    let owner = |s: &Schema, coll: &str| {
        s.types
            .values()
            .find(|t| t.namespace.as_ref().map(|n| n.collection.as_str()) == Some(coll))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| coll.to_string())
    };
    let colls: BTreeSet<&String> = a
        .collection_queryable_fields
        .keys()
        .chain(b.collection_queryable_fields.keys())
        .collect();
    for coll in colls {
        let fa = a
            .collection_queryable_fields
            .get(coll)
            .map(|v| set(v))
            .unwrap_or_default();
        let fb = b
            .collection_queryable_fields
            .get(coll)
            .map(|v| set(v))
            .unwrap_or_default();
        for f in fb.difference(&fa) {
            let ty = owner(new, coll);
            push(
                out,
                ChangeKind::QueryableFieldAdded,
                Some(&ty),
                Some(f),
                None,
                val(serde_json::json!("collection")),
            );
        }
        for f in fa.difference(&fb) {
            let ty = owner(old, coll);
            push(
                out,
                ChangeKind::QueryableFieldRemoved,
                Some(&ty),
                Some(f),
                val(serde_json::json!("collection")),
                None,
            );
        }
    }
    if set(&a.indexed_queryable_fields) != set(&b.indexed_queryable_fields) {
        push(
            out,
            ChangeKind::IndexedQueryableFieldChanged,
            None,
            b.indexed_queryable_fields
                .first()
                .or(a.indexed_queryable_fields.first())
                .map(String::as_str),
            val(serde_json::json!(a.indexed_queryable_fields)),
            val(serde_json::json!(b.indexed_queryable_fields)),
        );
    }
}

/// Roles per collection (and per data-source default) compared by name; and queryable fields
/// removed while a role of NEW still refers to them.
fn diff_permissions(old: &Schema, new: &Schema, type_map: &BTreeMap<String, String>, out: &mut Vec<Change>) {
    // An export without any rules file says nothing about permissions (older exports, or rules
    // kept elsewhere): roles are compared only when both sides have them.
    if let (Some(pa), Some(pb)) = (&old.permissions, &new.permissions) {
        diff_roles(pa, pb, new, type_map, out);
    }
    if let Some(pb) = &new.permissions {
        queryable_used_by_roles(old, new, pb, out);
    }
}

/// (object type, label, OLD rule set, NEW rule set) of each collection and data-source default.
type RuleSetPairs<'a> = Vec<(
    Option<String>,
    String,
    Option<&'a crate::model::RuleSet>,
    Option<&'a crate::model::RuleSet>,
)>;

fn diff_roles(
    pa: &crate::model::Permissions,
    pb: &crate::model::Permissions,
    new: &Schema,
    type_map: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let mut sets: RuleSetPairs = Vec::new();
    let keys: BTreeSet<&String> = pa.collections.keys().chain(pb.collections.keys()).collect();
    for k in keys {
        // A renamed type keeps its rules under the new name.
        let before = pa.collections.get(k).or_else(|| {
            type_map
                .iter()
                .find(|(_, n)| *n == k)
                .and_then(|(o, _)| pa.collections.get(o))
        });
        if !pb.collections.contains_key(k) && type_map.get(k).is_some_and(|n| pb.collections.contains_key(n)) {
            continue;
        }
        sets.push((Some(k.clone()), k.clone(), before, pb.collections.get(k)));
    }
    let ds: BTreeSet<&String> = pa.default_rules.keys().chain(pb.default_rules.keys()).collect();
    for d in ds {
        sets.push((
            None,
            format!("default_rule.{d}"),
            pa.default_rules.get(d),
            pb.default_rules.get(d),
        ));
    }
    for (ty, label, a, b) in sets {
        let roles = |s: Option<&crate::model::RuleSet>| -> BTreeMap<String, serde_json::Value> {
            s.map(|s| s.roles.iter().map(|r| (r.name.clone(), r.raw.clone())).collect())
                .unwrap_or_default()
        };
        let (ra, rb) = (roles(a), roles(b));
        let names: BTreeSet<&String> = ra.keys().chain(rb.keys()).collect();
        for n in names {
            let (x, y) = (ra.get(n), rb.get(n));
            if x == y {
                continue;
            }
            let mut c = Change::new(ChangeKind::PermissionChanged, ty.as_deref(), None);
            c.property = Some(match &ty {
                Some(_) => format!("roles.{n}"),
                None => format!("{label}.roles.{n}"),
            });
            c.old = Some(Item::Value(x.cloned().unwrap_or(serde_json::Value::Null)));
            c.new = Some(Item::Value(y.cloned().unwrap_or(serde_json::Value::Null)));
            c.owner_kind = ty.as_deref().and_then(|t| new.kind_of(t));
            c.location = b
                .and_then(|s| s.roles.iter().find(|r| r.name == *n).and_then(|r| r.location.clone()))
                .or_else(|| b.and_then(|s| s.location.clone()));
            out.push(c);
        }
    }
}

/// Queryable fields removed while a role of NEW still refers to them.
fn queryable_used_by_roles(old: &Schema, new: &Schema, pb: &crate::model::Permissions, out: &mut Vec<Change>) {
    let (Some(sa), Some(sb)) = (&old.sync, &new.sync) else {
        return;
    };
    if sb.mode != Some(crate::model::SyncMode::Flexible) || sa.mode != sb.mode {
        return;
    }
    for t in new.types.values().filter(|t| t.kind != ObjectKind::Embedded) {
        let Some(set) = pb.collections.get(&t.name).or_else(|| {
            let ds = t.namespace.as_ref().map(|n| n.data_source.as_str()).unwrap_or("");
            pb.default_rules.get(ds)
        }) else {
            continue;
        };
        let before = old
            .types
            .get(&t.name)
            .map(|ot| crate::validate::queryable_for(sa, ot))
            .unwrap_or_default();
        let after = crate::validate::queryable_for(sb, t);
        for f in before.iter().filter(|f| !after.contains(f)) {
            let users: Vec<&str> = set
                .roles
                .iter()
                .filter(|r| {
                    let mut refs = crate::validate::ExprRefs::default();
                    if let Some(df) = r.raw.get("document_filters") {
                        crate::validate::expr_refs(df, &mut refs);
                    }
                    for k in ["insert", "delete"] {
                        if let Some(e) = r.raw.get(k) {
                            crate::validate::expr_refs(e, &mut refs);
                        }
                    }
                    refs.fields.contains(*f)
                })
                .map(|r| r.name.as_str())
                .collect();
            if users.is_empty() {
                continue;
            }
            let mut c = Change::new(ChangeKind::PermissionQueryableFieldRemoved, Some(&t.name), Some(f));
            c.old = Some(Item::Value(serde_json::json!("queryable")));
            c.new = Some(Item::Value(serde_json::json!({ "roles": users })));
            c.owner_kind = Some(t.kind);
            c.location = sb.location.clone();
            out.push(c);
        }
    }
}
