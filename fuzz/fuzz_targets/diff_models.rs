//! Structure-aware: two models built directly as `Schema` values from small name pools (so that
//! they share types and properties), in the shapes the loaders produce, then
//! - `diff(A, A)` and `diff(B, B)` are empty;
//! - `diff(A, B)` (with rename hints that name something) classifies without panic, the verdict
//!   is the worst finding, every strategy's plan is acyclic and numbered, and reports render;
//! - every change pairs up with its mirror in `diff(B, A)` when no hint is given.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use syncplan::diff::{ChangeKind, DiffOptions, RenameHint, check_hints, diff};
use syncplan::model::{
    Collection, Element, Namespace, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema, Side,
    SyncConfig, SyncMode,
};
use syncplan::rules::Context;

const TYPES: [&str; 6] = ["A", "B", "Dog", "Person", "Addr", "Ev"];
const PROPS: [&str; 8] = ["_id", "name", "age", "owner", "tags", "x", "y", "addr"];
const SCALARS: [ScalarType; 12] = ScalarType::ALL;

#[derive(Arbitrary, Debug)]
enum FElem {
    Scalar(u8),
    Object(u8),
    Backlink(u8, u8),
}

#[derive(Arbitrary, Debug)]
struct FProp {
    name: u8,
    client_name: Option<u8>,
    collection: u8,
    elem: FElem,
    optional: bool,
    indexed: bool,
    default: Option<i8>,
}

#[derive(Arbitrary, Debug)]
struct FType {
    name: u8,
    kind: u8,
    /// Index of the primary-key property among `props`.
    pk: Option<u8>,
    collection: Option<u8>,
    props: Vec<FProp>,
}

#[derive(Arbitrary, Debug)]
struct FSync {
    partition: bool,
    queryable: Vec<u8>,
    indexed: Vec<u8>,
    per_collection: Vec<(u8, Vec<u8>)>,
    asymmetric: Vec<u8>,
    partition_key: Option<(u8, bool)>,
}

#[derive(Arbitrary, Debug)]
struct FModel {
    server: bool,
    types: Vec<FType>,
    sync: Option<FSync>,
}

/// A rename hint: a type rename `from=to`, or with `props` a property rename.
#[derive(Arbitrary, Debug)]
struct FHint {
    from: u8,
    to: u8,
    props: Option<(u8, u8)>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    a: FModel,
    b: FModel,
    hints: Vec<FHint>,
    development_mode: bool,
    schema_versioning: bool,
}

fn pick<T: Copy>(pool: &[T], i: u8) -> T {
    pool[usize::from(i) % pool.len()]
}

fn build(m: &FModel) -> Schema {
    let side = if m.server { Side::Server } else { Side::Client };
    let mut s = Schema::new(side);
    for ft in &m.types {
        let name = pick(&TYPES, ft.name);
        if s.types.contains_key(name) {
            continue;
        }
        let kind = match ft.kind % 3 {
            0 => ObjectKind::TopLevel,
            1 => ObjectKind::Embedded,
            _ => ObjectKind::Asymmetric,
        };
        let mut t = ObjectType::new(name, kind);
        for fp in &ft.props {
            let pname = pick(&PROPS, fp.name);
            if t.properties.contains_key(pname) {
                continue;
            }
            let collection = match fp.collection % 4 {
                0 => Collection::Single,
                1 => Collection::List,
                2 => Collection::Set,
                _ => Collection::Dictionary,
            };
            let ty = match fp.elem {
                FElem::Scalar(i) => {
                    let sc = pick(&SCALARS, i);
                    // The server loader never produces counters.
                    let sc = if m.server && sc == ScalarType::Counter {
                        ScalarType::Int
                    } else {
                        sc
                    };
                    PropertyType::Value {
                        collection,
                        element: Element::Scalar(sc),
                    }
                }
                FElem::Object(i) => PropertyType::Value {
                    collection,
                    element: Element::Object(pick(&TYPES, i).to_string()),
                },
                // Backlinks are client-only.
                FElem::Backlink(_, _) if m.server => PropertyType::single(ScalarType::String),
                FElem::Backlink(ti, pi) => PropertyType::LinkingObjects {
                    object_type: pick(&TYPES, ti).to_string(),
                    property: pick(&PROPS, pi).to_string(),
                },
            };
            let mut p = Property::new(pname, ty, fp.optional);
            if !m.server {
                p.indexed = fp.indexed;
                p.default = fp.default.map(|d| serde_json::json!(d));
                if let Some(c) = fp.client_name {
                    let c = format!("{}_{}", pick(&PROPS, c), "c");
                    p.client_name = Some(c);
                }
            }
            t.properties.insert(pname.to_string(), p);
        }
        if kind != ObjectKind::Embedded {
            if let Some(i) = ft.pk
                && !t.properties.is_empty()
            {
                let k = t.properties.keys().nth(usize::from(i) % t.properties.len()).cloned();
                t.primary_key = k;
            }
            if m.server {
                // The server loader: `_id` is the primary key; every collection has a namespace.
                t.primary_key = t.properties.contains_key("_id").then(|| "_id".to_string());
                t.namespace = Some(Namespace {
                    data_source: "mongodb-atlas".into(),
                    database: "db".into(),
                    collection: ft
                        .collection
                        .map(|c| pick(&TYPES, c).to_string())
                        .unwrap_or_else(|| name.to_string()),
                });
            }
        }
        s.types.insert(name.to_string(), t);
    }
    if m.server
        && let Some(fs) = &m.sync
    {
        let props = |v: &[u8]| v.iter().map(|i| pick(&PROPS, *i).to_string()).collect::<Vec<_>>();
        s.sync = Some(SyncConfig {
            mode: Some(if fs.partition {
                SyncMode::Partition
            } else {
                SyncMode::Flexible
            }),
            queryable_fields: props(&fs.queryable),
            indexed_queryable_fields: props(&fs.indexed),
            collection_queryable_fields: fs
                .per_collection
                .iter()
                .map(|(c, f)| (pick(&TYPES, *c).to_string(), props(f)))
                .collect(),
            asymmetric_tables: fs.asymmetric.iter().map(|i| pick(&TYPES, *i).to_string()).collect(),
            partition_key: fs.partition_key.map(|(k, _)| pick(&PROPS, k).to_string()),
            partition_key_type: fs.partition_key.map(|_| "string".to_string()),
            partition_key_required: fs.partition_key.map(|(_, r)| r),
            ..Default::default()
        });
    }
    s
}

/// The change kind `diff(B, A)` reports for a change of `diff(A, B)`.
fn mirror(k: &ChangeKind) -> ChangeKind {
    match k {
        ChangeKind::TypeAdded => ChangeKind::TypeRemoved,
        ChangeKind::TypeRemoved => ChangeKind::TypeAdded,
        ChangeKind::PropertyAdded => ChangeKind::PropertyRemoved,
        ChangeKind::PropertyRemoved => ChangeKind::PropertyAdded,
        ChangeKind::MadeRequired => ChangeKind::MadeOptional,
        ChangeKind::MadeOptional => ChangeKind::MadeRequired,
        ChangeKind::DefaultAdded => ChangeKind::DefaultRemoved,
        ChangeKind::DefaultRemoved => ChangeKind::DefaultAdded,
        ChangeKind::IndexAdded => ChangeKind::IndexRemoved,
        ChangeKind::IndexRemoved => ChangeKind::IndexAdded,
        ChangeKind::QueryableFieldAdded => ChangeKind::QueryableFieldRemoved,
        ChangeKind::QueryableFieldRemoved => ChangeKind::QueryableFieldAdded,
        ChangeKind::TypeKindChanged { before, after } => ChangeKind::TypeKindChanged {
            before: *after,
            after: *before,
        },
        other => other.clone(),
    }
}

fuzz_target!(|input: Input| {
    let (a, b) = (build(&input.a), build(&input.b));
    for s in [&a, &b] {
        let same = diff(s, s, &DiffOptions::default());
        assert!(same.is_empty(), "diff(A, A) is not empty: {same:#?}");
        let _ = syncplan::validate::validate(s);
    }
    let ctx = Context {
        development_mode: input.development_mode,
        schema_versioning: input.schema_versioning,
        local: false,
    };
    let hints: Vec<RenameHint> = input
        .hints
        .iter()
        .map(
            |FHint {
                 from: f,
                 to: t,
                 props: p,
             }| match p {
                None => RenameHint::Type {
                    from: pick(&TYPES, *f).into(),
                    to: pick(&TYPES, *t).into(),
                },
                Some((pf, pt)) => RenameHint::Property {
                    ty_from: pick(&TYPES, *f).into(),
                    from: pick(&PROPS, *pf).into(),
                    ty_to: pick(&TYPES, *t).into(),
                    to: pick(&PROPS, *pt).into(),
                },
            },
        )
        .collect();
    let hints = if check_hints(&a, &b, &hints).is_ok() {
        hints
    } else {
        vec![]
    };
    syncplan_fuzz::diff_classify_plan(
        &a,
        &b,
        &DiffOptions { renames: hints },
        &ctx,
        &syncplan_fuzz::ALL_STRATEGIES,
    );
    let _ = syncplan::check::check(&a, &b);

    // Symmetry, without hints: every change of diff(A, B) has its mirror in diff(B, A).
    let forward = diff(&a, &b, &DiffOptions::default());
    let backward = diff(&b, &a, &DiffOptions::default());
    let renamed = |cs: &[syncplan::diff::Change]| {
        cs.iter().any(|c| {
            matches!(
                c.kind,
                ChangeKind::TypeRenamed { .. } | ChangeKind::PropertyRenamed { .. }
            )
        })
    };
    if renamed(&forward) || renamed(&backward) {
        // Renames name the new side; their mirrors name the other one.
        return;
    }
    let key = |k: ChangeKind, c: &syncplan::diff::Change| {
        // These name "the new value, else the old one": a side-dependent choice.
        let property = match k {
            ChangeKind::PrimaryKeyChanged
            | ChangeKind::PartitionKeyChanged
            | ChangeKind::IndexedQueryableFieldChanged => None,
            _ => c.property.clone(),
        };
        (k, c.object_type.clone(), property)
    };
    let mut f: Vec<_> = forward.iter().map(|c| key(mirror(&c.kind), c)).collect();
    let mut r: Vec<_> = backward.iter().map(|c| key(c.kind.clone(), c)).collect();
    f.sort();
    r.sort();
    assert_eq!(f, r, "diff(B, A) is not the mirror of diff(A, B)");
});
