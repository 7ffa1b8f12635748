//! INFER: an App Services schema (and so Realm client models) from the documents already in a
//! collection, the way Compass's schema view and the App Services "Generate Schema" sampler do,
//! but offline, on mongodump/mongoexport files of any size, with every rule written down
//! (docs/inference.md) and every decision reported.
//!
//! Pipeline: `input` (detect, decompress, frame, sample) → `bson_walk` / `ejson` (walk each
//! document into `stats`, one accumulator per thread, merged) → `relations` (`_id` matches
//! between collections) → `build` (the rules: `model::Schema` + decisions + field report) →
//! `export` (app export files) and `report` (text or JSON).

pub mod bson_walk;
pub mod build;
pub mod ejson;
pub mod export;
pub mod input;
#[cfg(feature = "mongodb")]
pub mod live;
pub mod relations;
pub mod report;
pub mod sample;
pub mod stats;

use std::collections::BTreeMap;
use std::io::Read;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::model::Schema;
use build::{Builder, CollectionIn, Decision, FieldReport, Level, TitleStyle};
use input::{BadDoc, Format, InputRead, ReadOptions};
use relations::Relationship;
use stats::CollStats;

/// Everything `syncplan infer` can be told, less where the documents come from.
#[derive(Debug, Clone)]
pub struct Options {
    pub sample: Option<u64>,
    pub seed: u64,
    pub skip_invalid: bool,
    pub threads: usize,
    pub progress: bool,
    pub title_style: TitleStyle,
    pub database: String,
    pub data_source: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sample: None,
            seed: 0,
            skip_invalid: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            progress: false,
            title_style: TitleStyle::Path,
            database: "inferred".into(),
            data_source: crate::devmode::DATA_SOURCE.into(),
        }
    }
}

/// One input stream and the collection it holds.
pub struct NamedInput {
    /// As shown in messages (`orders.bson`, `-`).
    pub file: String,
    pub collection: String,
    pub reader: Box<dyn Read + Send>,
    /// Bytes, when known (for progress).
    pub size: Option<u64>,
}

/// What was read from one input.
pub struct CollectionRead {
    pub file: String,
    pub collection: String,
    pub read: InputRead,
}

/// The inferred model, its app export and the report.
pub struct Inference {
    pub schema: Schema,
    /// App export files keyed by relative path.
    pub files: BTreeMap<String, String>,
    pub report: Report,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub database: String,
    pub data_source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    pub title_style: TitleStyle,
    pub inputs: Vec<InputReport>,
    pub collections: Vec<CollectionReport>,
    pub relationships: Vec<Relationship>,
    pub decisions: Vec<Decision>,
    /// `syncplan validate` findings on the inferred model.
    pub validation: Vec<Finding>,
    /// The schema.json written per collection.
    pub schemas: BTreeMap<String, serde_json::Value>,
}

impl Report {
    /// Error-level decisions or validation findings: the export needs editing before use.
    pub fn has_errors(&self) -> bool {
        self.decisions.iter().any(|d| d.level == Level::Error) || self.validation.iter().any(|f| f.level == "error")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InputReport {
    pub file: String,
    pub collection: String,
    pub format: Format,
    pub gzip: bool,
    pub bytes: u64,
    pub documents: u64,
    /// Documents the schema was inferred from (the sample, less invalid ones).
    pub used: u64,
    pub invalid: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bad_documents: Vec<BadDoc>,
    /// Plain JSON numbers (relaxed Extended JSON): int32/int64/double told apart by syntax only.
    pub plain_numbers: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CollectionReport {
    pub collection: String,
    pub title: String,
    pub documents: u64,
    pub fields: Vec<FieldReport>,
    /// Embedded types created for this collection: (name, path).
    pub embedded_types: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub level: &'static str,
    pub id: &'static str,
    pub path: String,
    pub message: String,
}

/// Reads every input (each one a collection).
pub fn read_all(inputs: Vec<NamedInput>, opts: &Options) -> Result<Vec<CollectionRead>, String> {
    let ro = ReadOptions {
        sample: opts.sample,
        seed: opts.seed,
        skip_invalid: opts.skip_invalid,
        threads: opts.threads.max(1),
        progress: opts.progress,
        all_ids: inputs.len() > 1,
    };
    let mut out = Vec::new();
    for (i, inp) in inputs.into_iter().enumerate() {
        let mut ro = ro.clone();
        // Each input has its own stream of random numbers.
        ro.seed = stats::fmix64(opts.seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let read = input::read_input(&inp.file, inp.reader, inp.size, &ro)?;
        out.push(CollectionRead {
            file: inp.file,
            collection: inp.collection,
            read,
        });
    }
    Ok(out)
}

/// Applies the rules to what was read.
pub fn infer(reads: Vec<CollectionRead>, opts: &Options) -> Inference {
    // Inputs naming the same collection are one collection.
    let mut by_coll: BTreeMap<String, (CollStats, u64)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut inputs = Vec::new();
    let mut pre_decisions = Vec::new();
    for r in reads {
        inputs.push(InputReport {
            file: r.file.clone(),
            collection: r.collection.clone(),
            format: r.read.format,
            gzip: r.read.gzip,
            bytes: r.read.bytes,
            documents: r.read.documents,
            used: r.read.used,
            invalid: r.read.invalid,
            bad_documents: r.read.bad.clone(),
            plain_numbers: r.read.stats.plain_numbers,
        });
        if r.read.stats.plain_numbers > 0 {
            pre_decisions.push(Decision {
                level: Level::Warning,
                kind: "relaxed_json",
                collection: r.collection.clone(),
                path: String::new(),
                message: format!(
                    "{}: {} plain JSON numbers (relaxed Extended JSON): int32, int64 and double are told apart by \
                     syntax only (a long that fits 32 bits reads as int, a double written without a fraction as an \
                     integer); export with `mongoexport --jsonFormat=canonical` or use mongodump to keep BSON types",
                    r.file, r.read.stats.plain_numbers
                ),
            });
        }
        if r.read.invalid > 0 {
            pre_decisions.push(Decision {
                level: Level::Warning,
                kind: "invalid_documents",
                collection: r.collection.clone(),
                path: String::new(),
                message: format!(
                    "{}: {} invalid document{} skipped (--skip-invalid); the schema ignores them",
                    r.file,
                    r.read.invalid,
                    if r.read.invalid == 1 { "" } else { "s" }
                ),
            });
        }
        if let Some(k) = opts.sample
            && r.read.documents > k
        {
            pre_decisions.push(Decision {
                level: Level::Info,
                kind: "sampled",
                collection: r.collection.clone(),
                path: String::new(),
                message: format!(
                    "{}: a uniform random sample of {k} of {} documents (seed {}); fields rarer than about 1 in {k} may \
                     be missing",
                    r.file, r.read.documents, opts.seed
                ),
            });
        }
        if r.read.used == 0 {
            pre_decisions.push(Decision {
                level: Level::Warning,
                kind: "no_documents",
                collection: r.collection.clone(),
                path: String::new(),
                message: format!("{}: no documents to infer from; no type is written for it", r.file),
            });
        }
        match by_coll.get_mut(&r.collection) {
            Some((s, n)) => {
                pre_decisions.push(Decision {
                    level: Level::Info,
                    kind: "inputs_merged",
                    collection: r.collection.clone(),
                    path: String::new(),
                    message: format!("{} is read as more documents of collection `{}`", r.file, r.collection),
                });
                s.merge(r.read.stats);
                *n += r.read.used;
            }
            None => {
                order.push(r.collection.clone());
                by_coll.insert(r.collection, (r.read.stats, r.read.used));
            }
        }
    }
    // Titles: singular PascalCase of the collection name, unique.
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for c in &order {
        let base = build::type_name_for_collection(c);
        let mut t = base.clone();
        let mut i = 2;
        while taken.contains(&t) {
            t = format!("{base}{i}");
            i += 1;
        }
        if t != base {
            pre_decisions.push(Decision {
                level: Level::Info,
                kind: "title_renamed",
                collection: c.clone(),
                path: String::new(),
                message: format!("type `{t}`: `{base}` is already another collection's type"),
            });
        }
        taken.insert(t.clone());
        titles.insert(c.clone(), t);
    }
    let colls: Vec<relations::Coll<'_>> = order
        .iter()
        .filter_map(|c| {
            Some(relations::Coll {
                name: c,
                title: titles.get(c)?,
                stats: &by_coll.get(c)?.0,
            })
        })
        .collect();
    let mut rels = relations::find(&colls);
    let links = relations::links(&rels);
    let mut b = Builder::new(opts.title_style, &opts.database, &opts.data_source, &links);
    for t in titles.values() {
        b.reserve(t);
    }
    for c in &order {
        let (Some((s, _)), Some(title)) = (by_coll.get(c), titles.get(c)) else {
            continue;
        };
        if s.root.count == 0 {
            continue;
        }
        b.collection(&CollectionIn {
            collection: c.clone(),
            title: title.clone(),
            root: &s.root,
        });
    }
    let built = b.finish();
    let mut schema = built.schema;
    // A proposal the builder could not apply (e.g. inside a dictionary) is only a candidate.
    for r in &mut rels {
        if r.proposed {
            let applied = applied_link(&schema, &titles, r);
            r.proposed = applied;
        }
    }
    schema.sync = Some(crate::model::SyncConfig {
        mode: Some(crate::model::SyncMode::Flexible),
        state: Some("enabled".into()),
        development_mode_enabled: false,
        service_name: Some(opts.data_source.clone()),
        database_name: Some(opts.database.clone()),
        ..Default::default()
    });
    let mut decisions = pre_decisions;
    decisions.extend(built.decisions);
    for r in &rels {
        decisions.push(Decision {
            level: Level::Info,
            kind: if r.proposed {
                "relationship"
            } else {
                "relationship_candidate"
            },
            collection: r.collection.clone(),
            path: r.path.clone(),
            message: format!(
                "{:.1}% of the checked values ({} of {}, {} distinct) are `_id`s of `{}`: {}",
                100.0 * r.match_rate,
                r.matched,
                r.checked,
                r.distinct_checked,
                r.target_collection,
                if r.proposed {
                    format!("a link to `{}` (relationships.json)", r.target_type)
                } else if r.match_rate >= relations::LINK_MIN_RATE {
                    "not written (another target matches better, or the field is not a plain value)".to_string()
                } else {
                    format!("not proposed (below {:.0}%)", 100.0 * relations::LINK_MIN_RATE)
                }
            ),
        });
    }
    let validation = crate::validate::validate(&schema)
        .into_iter()
        .map(|d| Finding {
            level: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
            id: d.id,
            path: d.path.clone(),
            message: d.message.clone(),
        })
        .collect();
    let files = export::files(&schema, &opts.data_source, &opts.database);
    let schemas = export::schemas(&schema, &opts.data_source, &opts.database)
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect();
    let mut fields = built.fields;
    let collections = order
        .iter()
        .filter(|c| {
            schema
                .types
                .values()
                .any(|t| t.namespace.as_ref().is_some_and(|n| &n.collection == *c))
        })
        .map(|c| CollectionReport {
            collection: c.clone(),
            title: titles.get(c).cloned().unwrap_or_default(),
            documents: by_coll.get(c).map_or(0, |x| x.1),
            fields: fields.remove(c).unwrap_or_default(),
            embedded_types: built
                .embedded
                .iter()
                .filter(|(_, (coll, _))| coll == c)
                .map(|(n, (_, p))| (n.clone(), p.clone()))
                .collect(),
        })
        .collect();
    let report = Report {
        database: opts.database.clone(),
        data_source: opts.data_source.clone(),
        sample: opts.sample,
        seed: opts.sample.map(|_| opts.seed),
        title_style: opts.title_style,
        inputs,
        collections,
        relationships: rels,
        decisions,
        validation,
        schemas,
    };
    Inference { schema, files, report }
}

/// Whether the model has the link a relationship proposes.
fn applied_link(schema: &Schema, titles: &BTreeMap<String, String>, r: &Relationship) -> bool {
    let Some(title) = titles.get(&r.collection) else {
        return false;
    };
    let mut ty = title.clone();
    let segs: Vec<&str> = r.path.split('.').collect();
    let mut i = 0;
    while i < segs.len() {
        let Some(p) = schema.property(&ty, segs[i]) else {
            return false;
        };
        let is_list_elem = segs.get(i + 1) == Some(&"[]");
        let last = i + 1 == segs.len() || (is_list_elem && i + 2 == segs.len());
        match p.ty.target() {
            Some(t) if last => return t == r.target_type,
            Some(t) => ty = t.to_string(),
            None => return false,
        }
        i += if is_list_elem { 2 } else { 1 };
    }
    false
}

/// Convenience for tests and embedding: infer from in-memory inputs `(file name, collection, bytes)`.
pub fn infer_bytes(inputs: Vec<(&str, &str, Vec<u8>)>, opts: &Options) -> Result<Inference, String> {
    let named = inputs
        .into_iter()
        .map(|(f, c, b)| NamedInput {
            file: f.to_string(),
            collection: c.to_string(),
            size: Some(b.len() as u64),
            reader: Box::new(std::io::Cursor::new(b)),
        })
        .collect();
    let reads = read_all(named, opts)?;
    Ok(infer(reads, opts))
}
