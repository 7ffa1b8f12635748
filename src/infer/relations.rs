//! Relationship proposals: fields holding ObjectIds, UUIDs or strings whose values are another
//! collection's `_id` values. Both sides are coordinated hash samples
//! (`stats::RefSample`), so the check runs in bounded memory on any input size: the match rate is
//! measured on the values whose hash falls below both samples' thresholds.

use std::collections::BTreeMap;

use serde::Serialize;

use super::stats::{BType, CollStats, ObjStats, RefSample, ValueStats};

/// A field becomes a link when at least this fraction of its (checked) values are `_id`s of the
/// target collection.
pub const LINK_MIN_RATE: f64 = 0.8;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relationship {
    pub collection: String,
    /// Field path (`customer.userId`, `friends.[]` for list elements).
    pub path: String,
    pub target_collection: String,
    pub target_type: String,
    /// Value kind compared: objectId, uuid or string.
    pub value_type: &'static str,
    /// Occurrences checked and matched.
    pub checked: u64,
    pub matched: u64,
    pub distinct_checked: u64,
    pub distinct_matched: u64,
    pub match_rate: f64,
    /// Written to relationships.json (the best target at or above the threshold).
    pub proposed: bool,
    pub is_list: bool,
}

pub struct Coll<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub stats: &'a CollStats,
}

fn single_type(vs: &ValueStats) -> Option<BType> {
    let mut found = None;
    for t in [BType::ObjectId, BType::Uuid, BType::String] {
        if vs.has(t) {
            if found.is_some() {
                return None;
            }
            found = Some(t);
        }
    }
    let others: u64 = vs.count() - vs.types[BType::Null as usize] - found.map_or(0, |t| vs.types[t as usize]);
    if others > 0 { None } else { found }
}

/// Candidate fields of one collection: (path, value type, sample, is_list).
fn candidates<'a>(o: &'a ObjStats, path: &str, out: &mut Vec<(String, BType, &'a RefSample, bool)>) {
    for f in &o.fields {
        let p = if path.is_empty() {
            f.name.to_string()
        } else {
            format!("{path}.{}", f.name)
        };
        visit(&f.value, &p, false, out);
    }
}

fn visit<'a>(vs: &'a ValueStats, p: &str, in_list: bool, out: &mut Vec<(String, BType, &'a RefSample, bool)>) {
    if let (Some(r), Some(t)) = (vs.refs.as_deref(), single_type(vs)) {
        out.push((p.to_string(), t, r, in_list));
    }
    if let Some(o) = vs.object.as_deref() {
        candidates(o, p, out);
    }
    if let Some(a) = vs.array.as_deref() {
        visit(&a.elem, &format!("{p}.[]"), true, out);
    }
}

fn id_type(c: &CollStats) -> Option<BType> {
    let f = c.root.fields.iter().find(|f| &*f.name == "_id")?;
    single_type(&f.value)
}

/// Every (field, target) pair with at least one match, best first per field; `proposed` marks
/// the links to write.
pub fn find(colls: &[Coll<'_>]) -> Vec<Relationship> {
    let mut all = Vec::new();
    for a in colls {
        let mut cands = Vec::new();
        candidates(&a.stats.root, "", &mut cands);
        for (path, t, sample, is_list) in cands {
            if path == "_id" {
                continue;
            }
            let mut found: Vec<Relationship> = Vec::new();
            for b in colls {
                if std::ptr::eq(a, b) || id_type(b.stats) != Some(t) || b.stats.ids.map.is_empty() {
                    continue;
                }
                let th = sample.threshold.min(b.stats.ids.threshold);
                let (mut checked, mut matched, mut dc, mut dm) = (0u64, 0u64, 0u64, 0u64);
                for (h, n) in &sample.map {
                    if *h >= th {
                        continue;
                    }
                    checked += n;
                    dc += 1;
                    if b.stats.ids.map.contains_key(h) {
                        matched += n;
                        dm += 1;
                    }
                }
                if matched == 0 {
                    continue;
                }
                found.push(Relationship {
                    collection: a.name.to_string(),
                    path: path.clone(),
                    target_collection: b.name.to_string(),
                    target_type: b.title.to_string(),
                    value_type: t.name(),
                    checked,
                    matched,
                    distinct_checked: dc,
                    distinct_matched: dm,
                    match_rate: matched as f64 / checked as f64,
                    proposed: false,
                    is_list,
                });
            }
            found.sort_by(|x, y| {
                y.match_rate
                    .total_cmp(&x.match_rate)
                    .then(y.matched.cmp(&x.matched))
                    .then(x.target_collection.cmp(&y.target_collection))
            });
            if let Some(best) = found.first_mut()
                && best.match_rate >= LINK_MIN_RATE
            {
                best.proposed = true;
            }
            all.extend(found);
        }
    }
    all
}

/// The proposed links as the builder wants them: (collection, path) → target type.
pub fn links(rels: &[Relationship]) -> BTreeMap<(String, String), String> {
    rels.iter()
        .filter(|r| r.proposed)
        .map(|r| ((r.collection.clone(), r.path.clone()), r.target_type.clone()))
        .collect()
}
