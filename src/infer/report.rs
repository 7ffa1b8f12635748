//! The `syncplan infer` report: text for people, JSON for tools. Prints what was decided; decides
//! nothing.

use std::fmt::Write as _;

use super::{Inference, Report};
use crate::model::{ObjectKind, type_shorthand};

pub fn json(inf: &Inference) -> String {
    let mut s = serde_json::to_string_pretty(&inf.report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn mb(b: u64) -> String {
    if b >= 10_000_000 {
        format!("{:.0} MB", b as f64 / 1e6)
    } else if b >= 1_000_000 {
        format!("{:.1} MB", b as f64 / 1e6)
    } else {
        format!("{:.1} kB", b as f64 / 1e3)
    }
}

pub fn text(inf: &Inference, stats: bool) -> String {
    let r: &Report = &inf.report;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Inferred {} collection{} (database \"{}\", data source \"{}\", embedded type titles: {})",
        r.collections.len(),
        if r.collections.len() == 1 { "" } else { "s" },
        r.database,
        r.data_source,
        match r.title_style {
            super::build::TitleStyle::Path => "path",
            super::build::TitleStyle::Field => "field",
        }
    );
    s.push('\n');
    s.push_str("Inputs\n");
    for i in &r.inputs {
        let sample = match (r.sample, r.seed) {
            (Some(k), Some(seed)) if i.documents > k => format!(", sample of {} (seed {seed})", i.used + i.invalid),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "  {}: {}{}, {} documents, {}{sample} → collection {}",
            i.file,
            i.format,
            if i.gzip { ", gzip" } else { "" },
            i.documents,
            mb(i.bytes),
            i.collection
        );
        if i.invalid > 0 {
            let _ = writeln!(s, "    {} invalid documents skipped:", i.invalid);
            for b in &i.bad_documents {
                let _ = writeln!(s, "      {b}");
            }
            if (i.bad_documents.len() as u64) < i.invalid {
                let _ = writeln!(s, "      … ({} more)", i.invalid - i.bad_documents.len() as u64);
            }
        }
    }
    for c in &r.collections {
        s.push('\n');
        let _ = writeln!(
            s,
            "{} (collection {}, {} documents)",
            c.title, c.collection, c.documents
        );
        type_lines(&mut s, inf, &c.title);
        for (name, path) in &c.embedded_types {
            let _ = writeln!(s, "{name} (embedded, at {}.{path})", c.collection);
            type_lines(&mut s, inf, name);
        }
    }
    if !r.relationships.is_empty() {
        s.push_str("\nRelationships (checked on the sample: field values found among the target's `_id` values)\n");
        for rel in &r.relationships {
            let _ = writeln!(
                s,
                "  {}.{} → {} ({}): {:.1}% of {} values ({} distinct) match{}",
                rel.collection,
                rel.path,
                rel.target_collection,
                rel.target_type,
                100.0 * rel.match_rate,
                rel.checked,
                rel.distinct_checked,
                if rel.proposed {
                    "; proposed as a link (relationships.json)"
                } else {
                    "; not proposed"
                }
            );
        }
    }
    let mut ds = r.decisions.clone();
    ds.sort_by_key(|d| d.level);
    let _ = writeln!(s, "\nDecisions to review ({})", ds.len());
    for d in &ds {
        let at = match (d.collection.is_empty(), d.path.is_empty()) {
            (true, _) => String::new(),
            (false, true) => format!("{} ", d.collection),
            (false, false) => format!("{}.{} ", d.collection, d.path),
        };
        let _ = writeln!(s, "  {:<7} {at}[{}] {}", d.level.to_string(), d.kind, d.message);
    }
    if r.validation.is_empty() {
        s.push_str("\nValidation: no findings (`syncplan validate` accepts the export)\n");
    } else {
        let _ = writeln!(s, "\nValidation ({} findings)", r.validation.len());
        for f in &r.validation {
            let _ = writeln!(s, "  {:<7} {} [{}] {}", f.level, f.path, f.id, f.message);
        }
    }
    if stats {
        for c in &r.collections {
            let _ = writeln!(s, "\nField statistics: {} ({} documents)", c.collection, c.documents);
            let w = c
                .fields
                .iter()
                .map(|f| f.path.chars().count())
                .max()
                .unwrap_or(4)
                .clamp(4, 48);
            let _ = writeln!(
                s,
                "  {:<w$}  {:>9}  {:<18}  {:<32}  EXAMPLES",
                "PATH", "PRESENCE", "REALM", "BSON TYPES SEEN"
            );
            for f in &c.fields {
                let hist: Vec<String> = f.types.iter().map(|(t, n)| format!("{t} {n}")).collect();
                let mut extra = String::new();
                if let Some(a) = &f.arrays {
                    let _ = write!(
                        extra,
                        " [arrays: {} ({} empty), avg length {:.1}, max {}]",
                        a.arrays, a.empty, a.average_length, a.max_length
                    );
                }
                if let Some(k) = &f.keys {
                    let _ = write!(
                        extra,
                        " [keys: {}{} distinct, avg presence {:.0}%, max {} per object]",
                        if k.collapsed { ">" } else { "" },
                        k.distinct,
                        100.0 * k.average_presence,
                        k.max_per_object
                    );
                }
                let _ = writeln!(
                    s,
                    "  {:<w$}  {:>8.1}%  {:<18}  {:<32}  {}{extra}",
                    f.path,
                    100.0 * f.presence,
                    f.realm,
                    hist.join(", "),
                    f.examples.join(", ")
                );
            }
        }
    }
    s
}

fn type_lines(s: &mut String, inf: &Inference, name: &str) {
    let Some(t) = inf.schema.types.get(name) else {
        return;
    };
    let w = t
        .properties
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for p in t.properties.values() {
        let mut note = String::new();
        if t.primary_key.as_deref() == Some(p.name.as_str()) {
            note.push_str("  primary key");
        }
        if let Some(target) = p.ty.target() {
            match inf.schema.kind_of(target) {
                Some(ObjectKind::Embedded) => note.push_str("  embedded"),
                Some(_) => note.push_str("  link"),
                None => {}
            }
        }
        let _ = writeln!(s, "  {:<w$}  {}{note}", p.name, type_shorthand(&p.ty, p.optional));
    }
}
