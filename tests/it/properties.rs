//! Property tests (proptest) over random valid Realm JS-style models.
//!
//! The strategy builds `Schema` values the Realm JS loader would produce from a valid object
//! model: top-level and asymmetric types with an `_id` primary key of a primary-key type,
//! properties of every shape (scalars of every type, optional or not, lists/sets/dictionaries
//! of scalars with nullable or required elements, to-one links, lists/sets/dictionaries of
//! links, embedded objects single/list/dictionary, backlinks, `mapTo` names, defaults,
//! indexes), links only to existing top-level types, embedded types all reachable and acyclic.
//! Every generated model is checked to be valid and to survive a trip through Realm JS JSON text
//! and the real loader, so the strategy cannot drift away from what users write.
//!
//! Case counts are kept small (see `CASES`) so the file runs in well under 20 s.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use serde_json::{Map, Value, json};
use syncplan::classify::{Classified, classify};
use syncplan::devmode::{devmode, server_projection, without_locations};
use syncplan::diagnostic::Severity;
use syncplan::diff::{DiffOptions, diff};
use syncplan::mapping;
use syncplan::model::{Collection, Element, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema, Side};
use syncplan::plan::{PlanOptions, StepSide, Strategy as PlanStrategy, plan};
use syncplan::render::report::ReportMeta;
use syncplan::rules::{Context, Verdict};

const DB: &str = "db";
/// Cases per property (the file's run time on 2 cores stays well under 20 s).
const CASES: u32 = 256;

const SCALARS: [ScalarType; 12] = ScalarType::ALL;
const PK_TYPES: [ScalarType; 4] = [
    ScalarType::ObjectId,
    ScalarType::String,
    ScalarType::Int,
    ScalarType::Uuid,
];

// ---------------------------------------------------------------------------------------------
// The strategy: raw numbers, resolved into a valid model by `build`.

#[derive(Debug, Clone)]
enum RawElem {
    Scalar(usize),
    /// To a top-level type (by index).
    Link(usize),
    /// To an embedded type (by index; only types after the owner, so embedding is acyclic).
    Embed(usize),
}

#[derive(Debug, Clone)]
struct RawProp {
    name: usize,
    collection: usize,
    elem: RawElem,
    optional: bool,
    indexed: bool,
    default: Option<i32>,
    map_to: bool,
}

#[derive(Debug, Clone)]
struct RawType {
    asymmetric: bool,
    pk: usize,
    props: Vec<RawProp>,
    /// Backlinks: (origin type, which of its links to this type).
    backlinks: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct RawModel {
    top: Vec<RawType>,
    embedded: Vec<RawType>,
}

fn raw_prop() -> impl Strategy<Value = RawProp> {
    let elem = prop_oneof![
        6 => (0..SCALARS.len()).prop_map(RawElem::Scalar),
        2 => (0usize..8).prop_map(RawElem::Link),
        2 => (0usize..8).prop_map(RawElem::Embed),
    ];
    (
        0usize..10,
        0usize..4,
        elem,
        any::<bool>(),
        any::<bool>(),
        proptest::option::weighted(0.2, -5i32..5),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(name, collection, elem, optional, indexed, default, map_to)| RawProp {
            name,
            collection,
            elem,
            optional,
            indexed,
            default,
            map_to,
        })
}

fn raw_type() -> impl Strategy<Value = RawType> {
    (
        proptest::bool::weighted(0.15),
        0..PK_TYPES.len(),
        proptest::collection::vec(raw_prop(), 0..6),
        proptest::collection::vec((0usize..8, 0usize..4), 0..2),
    )
        .prop_map(|(asymmetric, pk, props, backlinks)| RawType {
            asymmetric,
            pk,
            props,
            backlinks,
        })
}

fn raw_model() -> impl Strategy<Value = RawModel> {
    (
        proptest::collection::vec(raw_type(), 1..5),
        proptest::collection::vec(raw_type(), 0..3),
    )
        .prop_map(|(top, embedded)| RawModel { top, embedded })
}

fn top_name(i: usize) -> String {
    format!("T{i}")
}
fn emb_name(i: usize) -> String {
    format!("E{i}")
}

/// Resolves a raw model into a valid client model.
fn build(raw: &RawModel) -> Schema {
    let mut s = Schema::new(Side::Client);
    // Link targets: top-level (not asymmetric) types only.
    let linkable: Vec<usize> = (0..raw.top.len()).filter(|i| !raw.top[*i].asymmetric).collect();
    let n_emb = raw.embedded.len();
    let mut reached: BTreeSet<usize> = BTreeSet::new();
    let add_props = |t: &mut ObjectType, r: &RawType, emb_from: usize, is_asym: bool, reached: &mut BTreeSet<usize>| {
        for rp in &r.props {
            let name = format!("f{}", rp.name);
            if t.properties.contains_key(&name) {
                continue;
            }
            let mut collection = [
                Collection::Single,
                Collection::List,
                Collection::Set,
                Collection::Dictionary,
            ][rp.collection];
            let (element, optional, indexed) = match rp.elem {
                RawElem::Link(i) if !linkable.is_empty() && !is_asym => {
                    let target = top_name(linkable[i % linkable.len()]);
                    // Realm: to-one links and dictionary values are optional, list/set elements not.
                    let optional = matches!(collection, Collection::Single | Collection::Dictionary);
                    (Element::Object(target), optional, false)
                }
                RawElem::Embed(i) if emb_from < n_emb => {
                    let j = emb_from + i % (n_emb - emb_from);
                    reached.insert(j);
                    if collection == Collection::Set {
                        collection = Collection::List;
                    }
                    let optional = matches!(collection, Collection::Single | Collection::Dictionary);
                    (Element::Object(emb_name(j)), optional, false)
                }
                RawElem::Scalar(i) | RawElem::Link(i) | RawElem::Embed(i) => {
                    let sc = SCALARS[i % SCALARS.len()];
                    if sc == ScalarType::Counter {
                        collection = Collection::Single;
                    }
                    let optional = rp.optional || sc == ScalarType::Mixed;
                    let indexable = collection == Collection::Single && mapping::row(sc).indexable;
                    (Element::Scalar(sc), optional, rp.indexed && indexable)
                }
            };
            let mut p = Property::new(name.clone(), PropertyType::Value { collection, element }, optional);
            p.indexed = indexed;
            if let (
                Some(d),
                PropertyType::Value {
                    collection: Collection::Single,
                    element: Element::Scalar(ScalarType::Int | ScalarType::Double | ScalarType::Mixed),
                },
            ) = (rp.default, &p.ty)
            {
                p.default = Some(json!(d));
            }
            if rp.map_to {
                p.client_name = Some(format!("{name}Js"));
            }
            t.properties.insert(name, p);
        }
    };
    for (i, r) in raw.top.iter().enumerate() {
        let kind = if r.asymmetric {
            ObjectKind::Asymmetric
        } else {
            ObjectKind::TopLevel
        };
        let mut t = ObjectType::new(top_name(i), kind);
        t.properties.insert(
            "_id".into(),
            Property::new("_id", PropertyType::single(PK_TYPES[r.pk]), false),
        );
        t.primary_key = Some("_id".into());
        add_props(&mut t, r, 0, r.asymmetric, &mut reached);
        s.types.insert(t.name.clone(), t);
    }
    for (i, r) in raw.embedded.iter().enumerate() {
        let mut t = ObjectType::new(emb_name(i), ObjectKind::Embedded);
        add_props(&mut t, r, i + 1, false, &mut reached);
        s.types.insert(t.name.clone(), t);
    }
    // Every embedded type is reachable: an unreached one is embedded by the first top-level type
    // (types embedded only by unreached types become reached through it too).
    for i in 0..n_emb {
        let reachable = reached_from_top(&s).contains(&emb_name(i));
        if !reachable {
            let t = s.types.get_mut(&top_name(0)).expect("T0");
            let name = format!("e{i}");
            t.properties.insert(
                name.clone(),
                Property::new(
                    name,
                    PropertyType::Value {
                        collection: Collection::Single,
                        element: Element::Object(emb_name(i)),
                    },
                    true,
                ),
            );
        }
    }
    // Backlinks to existing links (to-one, list or set).
    for (i, r) in raw.top.iter().enumerate() {
        let owner = top_name(i);
        for (origin_i, which) in &r.backlinks {
            let origin = top_name(origin_i % raw.top.len());
            let links: Vec<String> = s.types[&origin]
                .properties
                .values()
                .filter(|p| {
                    matches!(&p.ty, PropertyType::Value { collection, element: Element::Object(t) }
                        if *t == owner && *collection != Collection::Dictionary)
                })
                .map(|p| p.name.clone())
                .collect();
            if links.is_empty() {
                continue;
            }
            let link = &links[which % links.len()];
            let name = format!("back_{origin}_{link}");
            let ty = PropertyType::LinkingObjects {
                object_type: origin,
                property: link.clone(),
            };
            s.types
                .get_mut(&owner)
                .expect("owner")
                .properties
                .insert(name.clone(), Property::new(name, ty, false));
        }
    }
    s
}

fn reached_from_top(s: &Schema) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&ObjectType> = s.types.values().filter(|t| t.kind != ObjectKind::Embedded).collect();
    while let Some(t) = stack.pop() {
        for p in t.properties.values() {
            if let PropertyType::Value {
                element: Element::Object(x),
                ..
            } = &p.ty
                && s.kind_of(x) == Some(ObjectKind::Embedded)
                && seen.insert(x.clone())
            {
                stack.push(&s.types[x]);
            }
        }
    }
    seen
}

pub(crate) fn model() -> impl Strategy<Value = Schema> {
    raw_model().prop_map(|r| build(&r))
}

// ---------------------------------------------------------------------------------------------
// Realm JS text: the generated model written as an ObjectSchema list and loaded back.

fn realm_js_json(s: &Schema) -> String {
    let mut list = Vec::new();
    for t in s.types.values() {
        let mut props = Map::new();
        for p in t.properties.values() {
            let mut o = Map::new();
            match &p.ty {
                PropertyType::LinkingObjects { object_type, property } => {
                    o.insert("type".into(), json!("linkingObjects"));
                    o.insert("objectType".into(), json!(object_type));
                    o.insert("property".into(), json!(property));
                }
                PropertyType::Value { collection, element } => {
                    let base = match element {
                        Element::Scalar(sc) => mapping::realm_name(*sc).to_string(),
                        Element::Object(x) => x.clone(),
                    };
                    match collection {
                        Collection::Single => {
                            if matches!(element, Element::Object(_)) {
                                o.insert("type".into(), json!("object"));
                                o.insert("objectType".into(), json!(base));
                            } else {
                                o.insert("type".into(), json!(base));
                                o.insert("optional".into(), json!(p.optional));
                            }
                        }
                        c => {
                            let word = match c {
                                Collection::List => "list",
                                Collection::Set => "set",
                                _ => "dictionary",
                            };
                            o.insert("type".into(), json!(word));
                            o.insert("objectType".into(), json!(base));
                            o.insert("optional".into(), json!(p.optional));
                        }
                    }
                }
            }
            if p.indexed {
                o.insert("indexed".into(), json!(true));
            }
            if let Some(d) = &p.default {
                o.insert("default".into(), d.clone());
            }
            if p.client_name.is_some() {
                o.insert("mapTo".into(), json!(p.name));
            }
            props.insert(p.public_name().to_string(), Value::Object(o));
        }
        let mut o = Map::new();
        o.insert("name".into(), json!(t.name));
        if let Some(pk) = &t.primary_key {
            o.insert("primaryKey".into(), json!(pk));
        }
        match t.kind {
            ObjectKind::Embedded => {
                o.insert("embedded".into(), json!(true));
            }
            ObjectKind::Asymmetric => {
                o.insert("asymmetric".into(), json!(true));
            }
            ObjectKind::TopLevel => {}
        }
        o.insert("properties".into(), Value::Object(props));
        list.push(Value::Object(o));
    }
    serde_json::to_string_pretty(&Value::Array(list)).expect("serialise")
}

fn load_text(dir: &std::path::Path, name: &str, text: &str) -> syncplan::load::Loaded {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write model");
    syncplan::load::load_one(&p).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn write_tree(dir: &std::path::Path, files: &BTreeMap<String, String>) {
    for (rel, content) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, content).expect("write");
    }
}

fn worst(c: &Classified, f: fn(&syncplan::classify::Finding) -> Verdict) -> Verdict {
    c.findings.iter().map(f).max().unwrap_or(Verdict::NonBreaking)
}

/// The rule id `diff(B, A)` reports for a finding of `diff(A, B)`.
fn mirrored_rule(rule: &str) -> &str {
    match rule {
        "object_type_added" => "object_type_removed",
        "object_type_removed" => "object_type_added",
        "property_added_optional" | "property_added_required" => "property_removed",
        "property_removed" => "property_added_*",
        "property_made_required" => "property_made_optional",
        "property_made_optional" => "property_made_required",
        "default_value_added" => "default_value_removed",
        "default_value_removed" => "default_value_added",
        "index_added" => "index_removed",
        "index_removed" => "index_added",
        other => other,
    }
}

fn normalised_rule(rule: &str) -> &str {
    match rule {
        "property_added_optional" | "property_added_required" => "property_added_*",
        other => other,
    }
}

/// Two models equal as models: the same after dropping positions and computed backlinks (which
/// are not persisted, so `diff` deliberately does not report them; see docs/robustness.md).
fn model_eq(a: &Schema, b: &Schema) -> bool {
    let strip = |s: &Schema| {
        let mut s = without_locations(s);
        for t in s.types.values_mut() {
            t.properties
                .retain(|_, p| !matches!(p.ty, PropertyType::LinkingObjects { .. }));
        }
        s
    };
    strip(a) == strip(b)
}

/// A pair: B is A itself, A with a few edits, or an independent model.
fn pair() -> impl Strategy<Value = (Schema, Schema)> {
    (
        raw_model(),
        raw_model(),
        0u8..3,
        proptest::collection::vec(any::<(u8, u8)>(), 1..6),
    )
        .prop_map(|(ra, rb, how, edits)| {
            let a = build(&ra);
            let b = match how {
                0 => a.clone(),
                1 => {
                    let mut rb = ra.clone();
                    for (what, at) in edits {
                        let t = usize::from(at) % rb.top.len();
                        if what % 8 == 7 {
                            let copy = rb.top[t].clone();
                            rb.top.push(copy);
                            continue;
                        }
                        let props = &mut rb.top[t].props;
                        let i = usize::from(at) % props.len().max(1);
                        match what % 8 {
                            0 if !props.is_empty() => {
                                props.remove(i);
                            }
                            1 if !props.is_empty() => props[i].optional = !props[i].optional,
                            2 if !props.is_empty() => props[i].indexed = !props[i].indexed,
                            3 if !props.is_empty() => props[i].default = props[i].default.map_or(Some(1), |_| None),
                            4 if !props.is_empty() => props[i].map_to = !props[i].map_to,
                            5 => props.truncate(1),
                            _ => props.push(RawProp {
                                name: usize::from(at) % 10,
                                collection: usize::from(what) % 4,
                                elem: RawElem::Scalar(usize::from(at) % SCALARS.len()),
                                optional: at % 2 == 0,
                                indexed: false,
                                default: None,
                                map_to: false,
                            }),
                        }
                    }
                    build(&rb)
                }
                _ => build(&rb),
            };
            (a, b)
        })
}

pub(crate) fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(CASES)
    }
}

proptest! {
    #![proptest_config(config())]

    /// The strategy only makes valid models, and they are what the Realm JS loader reads from
    /// the same model written as JSON.
    #[test]
    fn generated_models_are_valid_realm_js_models(a in model()) {
        let errors: Vec<String> = syncplan::validate::validate(&a)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("[{}] {}: {}", d.id, d.path, d.message))
            .collect();
        prop_assert!(errors.is_empty(), "generated model is invalid: {errors:#?}\n{a:#?}");
        let tmp = tempfile::tempdir().unwrap();
        let text = realm_js_json(&a);
        let loaded = load_text(tmp.path(), "model.json", &text);
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        prop_assert_eq!(without_locations(&loaded.schema), a);
    }

    /// diff(A, A) is empty.
    #[test]
    fn diff_of_a_model_with_itself_is_empty(a in model()) {
        let changes = diff(&a, &a, &DiffOptions::default());
        prop_assert!(changes.is_empty(), "{changes:#?}");
    }

    /// diff(A, B) is empty iff A and B are equal as models (positions and backlinks aside).
    #[test]
    fn diff_is_empty_iff_the_models_are_equal((a, b) in pair()) {
        let changes = diff(&a, &b, &DiffOptions::default());
        prop_assert_eq!(changes.is_empty(), model_eq(&a, &b), "changes: {:#?}", changes);
    }

    /// load(devmode(A)) == server_projection(A).
    #[test]
    fn devmode_loads_back_as_the_server_projection(a in model()) {
        let tmp = tempfile::tempdir().unwrap();
        write_tree(tmp.path(), &devmode(&a, DB));
        let loaded = syncplan::load::load_one(tmp.path()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        prop_assert_eq!(without_locations(&loaded.schema), server_projection(&a, DB));
    }

    /// The verdict of each side is the worst finding, in every context.
    #[test]
    fn verdict_is_the_worst_finding((a, b) in pair(), dev in any::<bool>(), sv in any::<bool>()) {
        let c = classify(&diff(&a, &b, &DiffOptions::default()), &Context { development_mode: dev, schema_versioning: sv, local: false });
        prop_assert_eq!(c.verdict.server, worst(&c, |f| f.server));
        prop_assert_eq!(c.verdict.client, worst(&c, |f| f.client));
        if c.findings.is_empty() {
            prop_assert_eq!(c.verdict.server, Verdict::NonBreaking);
            prop_assert_eq!(c.verdict.client, Verdict::NonBreaking);
        }
    }

    /// Swapping A and B turns every addition into a removal and back; other rules map to
    /// themselves, on the same type and property.
    #[test]
    fn swapping_the_models_mirrors_every_rule((a, b) in pair()) {
        let ctx = Context::default();
        let key = |f: &syncplan::classify::Finding, rule: &str| {
            // The primary-key rule names the new key when there is one: side-dependent.
            let property = if f.rule == "primary_key_changed" { None } else { f.property.clone() };
            (rule.to_string(), f.object_type.clone(), property)
        };
        let fwd = classify(&diff(&a, &b, &DiffOptions::default()), &ctx);
        let bwd = classify(&diff(&b, &a, &DiffOptions::default()), &ctx);
        let mut f: Vec<_> = fwd.findings.iter().map(|x| key(x, mirrored_rule(x.rule))).collect();
        let mut r: Vec<_> = bwd.findings.iter().map(|x| key(x, normalised_rule(x.rule))).collect();
        f.sort();
        r.sort();
        prop_assert_eq!(f, r);
    }

    /// Additive-only pairs (B = A plus optional properties on top-level types and new top-level
    /// types): the plan's server-schema steps name every added path, and devmode(B) is devmode(A)
    /// plus exactly those additions.
    #[test]
    fn additive_plans_name_every_addition_and_devmode_grows_by_exactly_them(
        a in model(),
        adds in proptest::collection::vec((any::<u8>(), 0..SCALARS.len(), any::<bool>()), 1..5),
        new_types in 0usize..3,
    ) {
        let mut b = a.clone();
        let tops: Vec<String> = a.types.values().filter(|t| t.kind == ObjectKind::TopLevel).map(|t| t.name.clone()).collect();
        let mut added_props: BTreeSet<(String, String)> = BTreeSet::new();
        for (at, sc, link) in adds {
            if tops.is_empty() {
                break;
            }
            let owner = &tops[usize::from(at) % tops.len()];
            let name = format!("added{at}");
            let ty = if link {
                PropertyType::Value { collection: Collection::Single, element: Element::Object(tops[usize::from(at) / 7 % tops.len()].clone()) }
            } else {
                let s = SCALARS[sc];
                PropertyType::single(if s == ScalarType::Counter { ScalarType::Int } else { s })
            };
            b.types.get_mut(owner).unwrap().properties.insert(name.clone(), Property::new(name.clone(), ty, true));
            added_props.insert((owner.clone(), name));
        }
        let mut added_types = BTreeSet::new();
        for i in 0..new_types {
            let name = format!("New{i}");
            let mut t = ObjectType::new(name.clone(), ObjectKind::TopLevel);
            t.properties.insert("_id".into(), Property::new("_id", PropertyType::single(ScalarType::ObjectId), false));
            t.properties.insert("label".into(), Property::new("label", PropertyType::single(ScalarType::String), true));
            t.primary_key = Some("_id".into());
            b.types.insert(name.clone(), t);
            added_types.insert(name);
        }
        let c = classify(&diff(&a, &b, &DiffOptions::default()), &Context::default());
        let p = plan(&c, &a, &b, &PlanOptions { strategy: Some(PlanStrategy::Auto), ..Default::default() });
        prop_assert!(p.acyclic);
        let server_text: Vec<String> = p.steps.iter().filter(|s| s.side == StepSide::ServerSchema)
            .flat_map(|s| std::iter::once(s.action.clone()).chain(s.details.iter().cloned())).collect();
        for (t, prop) in &added_props {
            let path = format!("{t}.{prop}");
            prop_assert!(server_text.iter().any(|l| l.starts_with(&format!("add {path}:"))), "no step adds {path}: {server_text:#?}");
        }
        for t in &added_types {
            prop_assert!(server_text.iter().any(|l| l == &format!("Add the collection schema for {t}")), "no step adds {t}: {server_text:#?}");
        }
        // devmode(B) less the additions == devmode(A).
        let parse = |files: BTreeMap<String, String>| -> BTreeMap<String, Value> {
            files.into_iter().map(|(k, v)| (k, serde_json::from_str(&v).unwrap())).collect()
        };
        let da = parse(devmode(&a, DB));
        let mut db = parse(devmode(&b, DB));
        let dir = |t: &str| format!("data_sources/mongodb-atlas/{DB}/{t}/");
        for t in &added_types {
            let before = db.len();
            db.retain(|k, _| !k.starts_with(&dir(t)));
            prop_assert_eq!(before - db.len(), 2, "devmode(B) has schema.json and relationships.json for {}", t);
        }
        for (t, prop) in &added_props {
            let schema = db.get_mut(&format!("{}schema.json", dir(t))).unwrap();
            prop_assert!(schema["properties"].as_object_mut().unwrap().remove(prop).is_some(), "{t}.{prop} not in devmode(B)");
            let req = schema["required"].as_array_mut().unwrap();
            req.retain(|r| r != prop);
            if let Some(rels) = db.get_mut(&format!("{}relationships.json", dir(t))) {
                rels.as_object_mut().unwrap().remove(prop);
            }
        }
        prop_assert_eq!(da, db);
    }

    /// Reports are deterministic: two runs give the same bytes, and the JSON report survives a
    /// serde_json round trip.
    #[test]
    fn reports_are_deterministic_and_json_round_trips((a, b) in pair()) {
        let meta = ReportMeta { old: "old", new: "new", context: vec![] };
        let run = || {
            let c = classify(&diff(&a, &b, &DiffOptions::default()), &Context::default());
            let p = plan(&c, &a, &b, &PlanOptions { strategy: Some(PlanStrategy::Auto), ..Default::default() });
            let client = syncplan::plan::client::instructions(&c, &a, &b, &[syncplan::codegen::Sdk::Ts], &p, false);
            (
                syncplan::render::report::json(&c, &meta),
                syncplan::render::report::text(&c, &meta),
                syncplan::render::plan::json(&c, &p, &client.json, &meta),
            )
        };
        let first = run();
        prop_assert_eq!(&first, &run());
        for js in [&first.0, &first.2] {
            let v: Value = serde_json::from_str(js).unwrap();
            let again: Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
            prop_assert_eq!(&v, &again);
            let pretty: Value = serde_json::from_str(&serde_json::to_string_pretty(&v).unwrap()).unwrap();
            prop_assert_eq!(&v, &pretty);
        }
    }
}

/// The CLI prints byte-identical `diff --format json` output across runs, and the output
/// round-trips through serde_json (a handful of generated pairs: each run is a process).
#[test]
fn cli_diff_json_is_byte_identical_across_runs() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..4 {
        let (a, b) = pair().new_tree(&mut runner).unwrap().current();
        let (pa, pb) = (
            tmp.path().join(format!("a{i}.json")),
            tmp.path().join(format!("b{i}.json")),
        );
        std::fs::write(&pa, realm_js_json(&a)).unwrap();
        std::fs::write(&pb, realm_js_json(&b)).unwrap();
        let run = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_syncplan"))
                .args(["diff", "--format", "json", "--fail-on", "none"])
                .arg(&pa)
                .arg(&pb)
                .output()
                .unwrap()
        };
        let (x, y) = (run(), run());
        assert!(x.status.success(), "{}", String::from_utf8_lossy(&x.stderr));
        assert_eq!(x.stdout, y.stdout, "two runs differ");
        let v: Value = serde_json::from_slice(&x.stdout).unwrap();
        let again: Value = serde_json::from_str(&serde_json::to_string_pretty(&v).unwrap()).unwrap();
        assert_eq!(v, again);
    }
}
