//! Property test (#13): random pairs of models, the plan executed on documents of OLD gives
//! documents valid under NEW (or refused and listed).
//!
//! A seeded xorshift generator builds an OLD model (a few top-level types with an `objectId`,
//! `string` or `int` key, embedded types, scalar / optional / list / set / dictionary / embedded /
//! link fields) and a NEW one by random changes (add, remove, retype, make required or optional,
//! rename with a hint, list → set, a change inside an embedded type, a key retype). Each pair is
//! planned with every strategy that applies to it; the plan's scripts run on adversarial
//! documents of OLD through the mongosh shim ([`crate::exec::verify`]: every document valid
//! under NEW or refused and listed, unchanged fields unchanged, a second run changes nothing), and
//! a partner-collection plan's triggers also run ([`crate::partner`]).
//!
//! `SYNCPLAN_RANDOM_PAIRS=n` runs n pairs (default 24, to keep the suite fast; 64 or more to search), `SYNCPLAN_RANDOM_SEED=s` changes the seed;
//! a failure names the seed of its pair and both models, to replay it alone with
//! `SYNCPLAN_RANDOM_SEED=<seed> SYNCPLAN_RANDOM_PAIRS=1`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::{Value, json};
use syncplan::diff::RenameHint;
use syncplan::plan::Strategy;

use crate::exec;

/// xorshift64* (Vigna): small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const SCALARS: &[&str] = &["bool", "int", "double", "string", "date", "objectId"];

#[derive(Debug, Clone, PartialEq)]
struct Field {
    name: String,
    /// Realm JS type syntax: `int`, `string?`, `int[]`, `string<>`, `double{}`, `E0?`, `T1[]`.
    ty: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Type {
    name: String,
    embedded: bool,
    fields: Vec<Field>,
}

fn scalar_base(ty: &str) -> Option<(&str, &str)> {
    let base = ty.trim_end_matches(['?', '[', ']', '<', '>', '{', '}']);
    let suffix = &ty[base.len()..];
    SCALARS.contains(&base).then_some((base, suffix))
}

fn model(types: &[Type]) -> String {
    let schema: Vec<Value> = types
        .iter()
        .map(|t| {
            let props: serde_json::Map<String, Value> =
                t.fields.iter().map(|f| (f.name.clone(), json!(f.ty))).collect();
            let mut o = json!({"name": t.name, "properties": props});
            if t.embedded {
                o["embedded"] = json!(true);
            } else {
                o["primaryKey"] = json!("_id");
            }
            o
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "schema": schema })).expect("json")
}

fn old_model(r: &mut Rng) -> Vec<Type> {
    let tops = 1 + r.below(3);
    let embs = r.below(3);
    let mut types = Vec::new();
    let mut n = 0;
    let field = |r: &mut Rng, me: usize, embedded: bool, n: &mut usize| -> Field {
        *n += 1;
        let name = format!("f{n}");
        let s = *r.pick(SCALARS);
        let ty = match r.below(12) {
            0..=3 => s.to_string(),
            4 | 5 => format!("{s}?"),
            6 => format!("{s}[]"),
            7 => format!("{s}<>"),
            8 => format!("{s}{{}}"),
            9 if embs > 0 => {
                // An embedded type: from a top-level type any, from E_i only E_j with j > i
                // (no embedding cycle).
                let from = if embedded { me + 1 } else { 0 };
                if from < embs {
                    let e = from + r.below(embs - from);
                    if r.chance(50) {
                        format!("E{e}?")
                    } else {
                        format!("E{e}[]")
                    }
                } else {
                    s.to_string()
                }
            }
            10 if !embedded && tops > 1 => {
                let t = r.below(tops);
                if r.chance(50) {
                    format!("T{t}?")
                } else {
                    format!("T{t}[]")
                }
            }
            _ => s.to_string(),
        };
        Field { name, ty }
    };
    for i in 0..tops {
        let key = *r.pick(&["objectId", "objectId", "string", "int"]);
        let mut fields = vec![Field {
            name: "_id".into(),
            ty: key.into(),
        }];
        for _ in 0..(2 + r.below(4)) {
            fields.push(field(r, i, false, &mut n));
        }
        types.push(Type {
            name: format!("T{i}"),
            embedded: false,
            fields,
        });
    }
    for i in 0..embs {
        let fields = (0..(1 + r.below(3))).map(|_| field(r, i, true, &mut n)).collect();
        types.push(Type {
            name: format!("E{i}"),
            embedded: true,
            fields,
        });
    }
    // Every embedded type has an owner.
    for i in 0..embs {
        let e = format!("E{i}");
        let used = types
            .iter()
            .any(|t| t.fields.iter().any(|f| f.ty.trim_end_matches(['?', '[', ']']) == e));
        if !used {
            types[0].fields.push(Field {
                name: format!("own{i}"),
                ty: format!("{e}?"),
            });
        }
    }
    types
}

/// Applies 1 to 3 random changes; returns NEW, the rename hints and what was done.
fn changed(r: &mut Rng, old: &[Type]) -> (Vec<Type>, Vec<RenameHint>, Vec<String>) {
    let mut new = old.to_vec();
    let mut renames = Vec::new();
    let mut log = Vec::new();
    let mut k = 0;
    for _ in 0..(1 + r.below(3)) {
        let ti = r.below(new.len());
        let t = &mut new[ti];
        let candidates: Vec<usize> = (0..t.fields.len()).filter(|&i| t.fields[i].name != "_id").collect();
        if candidates.is_empty() {
            continue;
        }
        let fi = *r.pick(&candidates);
        let f = t.fields[fi].clone();
        let tname = t.name.clone();
        match r.below(9) {
            0 => {
                k += 1;
                let s = *r.pick(SCALARS);
                t.fields.push(Field {
                    name: format!("added{k}"),
                    ty: format!("{s}?"),
                });
                log.push(format!("add {tname}.added{k}: {s}?"));
            }
            1 if t.fields.len() > 2 => {
                t.fields.remove(fi);
                log.push(format!("remove {tname}.{}", f.name));
            }
            2 | 7 => {
                if let Some((base, suffix)) = scalar_base(&f.ty) {
                    let to = *r.pick(SCALARS);
                    if to != base {
                        t.fields[fi].ty = format!("{to}{suffix}");
                        log.push(format!("retype {tname}.{}: {} → {}", f.name, f.ty, t.fields[fi].ty));
                    }
                }
            }
            3 => {
                if let Some((base, "?")) = scalar_base(&f.ty) {
                    t.fields[fi].ty = base.to_string();
                    log.push(format!("make required {tname}.{}", f.name));
                }
            }
            4 => {
                if let Some((base, "")) = scalar_base(&f.ty) {
                    t.fields[fi].ty = format!("{base}?");
                    log.push(format!("make optional {tname}.{}", f.name));
                }
            }
            5 if !t.embedded => {
                let to = format!("{}_renamed", f.name);
                t.fields[fi].name = to.clone();
                renames.push(RenameHint::Property {
                    ty_from: tname.clone(),
                    from: f.name.clone(),
                    ty_to: tname.clone(),
                    to: to.clone(),
                });
                log.push(format!("rename {tname}.{} → {to}", f.name));
            }
            6 => {
                if let Some((base, "[]")) = scalar_base(&f.ty) {
                    t.fields[fi].ty = format!("{base}<>");
                    log.push(format!("list → set {tname}.{}", f.name));
                }
            }
            _ if !t.embedded && r.chance(30) => {
                let k = &mut t.fields[0];
                let to = if k.ty == "objectId" { "string" } else { "objectId" };
                log.push(format!("retype key {tname}._id: {} → {to}", k.ty));
                k.ty = to.into();
            }
            _ => {}
        }
    }
    (new, renames, log)
}

fn load(text: &str) -> syncplan::model::Schema {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("model.json");
    std::fs::write(&path, text).expect("write");
    syncplan::load::load_one(&path).expect("generated model loads").schema
}

/// Pairs that fail today because of planner defects outside the partner strategy, each with the
/// defect (seed, strategy as requested, why). The test asserts they still fail, so an entry is
/// removed when its defect is fixed.
/// Seeds that found a defect, fixed since: 41 (optional → required with a type change: nulls and
/// absent values were carried as if exact), 54 (a conversion inside an embedded type listed the
/// refused documents by the keys a later re-key replaced), 1001 (an int → objectId key made the partner copy
/// throw), 2036 (a gap in the partner test oracle).
const REGRESSION_SEEDS: &[u64] = &[41, 54, 1001, 2036];

const KNOWN: &[(u64, &str, &str)] = &[];

#[test]
fn random_pairs_plans_executed_on_documents_of_old_give_documents_valid_under_new() {
    let n: u64 = std::env::var("SYNCPLAN_RANDOM_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let base: u64 = std::env::var("SYNCPLAN_RANDOM_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(13);
    let mut failures = Vec::new();
    let mut ran = 0;
    let mut partner_ran = 0;
    // The default range, plus the seeds that once found a defect (kept as regressions whatever
    // the range; KNOWN ones must still fail until fixed).
    let mut seeds: Vec<u64> = (base..base + n).collect();
    for s in REGRESSION_SEEDS.iter().copied().chain(KNOWN.iter().map(|k| k.0)) {
        if !seeds.contains(&s) {
            seeds.push(s);
        }
    }
    for seed in seeds {
        let mut r = Rng::new(seed);
        let old = old_model(&mut r);
        let (new, renames, log) = changed(&mut r, &old);
        if new == old {
            continue;
        }
        let (ot, nt) = (model(&old), model(&new));
        let (o, nw) = (load(&ot), load(&nt));
        let params = exec::fill_params(&o, &nw);
        let refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut chosen = Vec::new();
        for s in [
            Strategy::Auto,
            Strategy::TerminateResync,
            Strategy::PartnerCollection,
            Strategy::SchemaVersion,
        ] {
            let cs = exec::case_of(
                &format!("seed {seed} --strategy {} ({})", s.as_str(), log.join("; ")),
                o.clone(),
                nw.clone(),
                renames.clone(),
                s,
                &refs,
            );
            // A forced strategy that does not fit falls back to terminate-resync, and the one
            // auto picks is planned the same when forced: run each plan once.
            if (s != Strategy::Auto && cs.plan.strategy != s) || chosen.contains(&cs.plan.strategy) {
                continue;
            }
            chosen.push(cs.plan.strategy);
            if exec::scripts(&cs.plan).is_empty() && cs.plan.partners.is_empty() {
                continue;
            }
            let res = catch_unwind(AssertUnwindSafe(|| {
                if !exec::scripts(&cs.plan).is_empty() {
                    exec::verify(&cs);
                }
                if !cs.plan.partners.is_empty() && cs.plan.complete {
                    crate::partner::verify(&cs);
                }
            }));
            ran += 1;
            partner_ran += usize::from(!cs.plan.partners.is_empty() && cs.plan.complete);
            if let Some((_, _, why)) = KNOWN.iter().find(|(k, st, _)| *k == seed && *st == s.as_str()) {
                if res.is_ok() {
                    failures.push(format!(
                        "{}: a known failure now passes: remove it from KNOWN ({why})",
                        cs.name
                    ));
                } else {
                    eprintln!("known planner defect, seed {seed} --strategy {}: {why}", s.as_str());
                }
                continue;
            }
            if let Err(e) = res {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}\n  {msg}\n  OLD: {ot}\n  NEW: {nt}", cs.name));
            }
        }
    }
    eprintln!("random pairs: {n} pairs, {ran} plans executed ({partner_ran} with partner triggers)");
    assert!(
        failures.is_empty(),
        "{} of {ran} plans failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(ran as u64 >= n / 2, "only {ran} plans had something to execute");
    assert!(partner_ran > 0 || n < 8, "no plan ran partner triggers");
}
