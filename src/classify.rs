//! Runs every rule on every change → findings with verdicts per side, sorted; the overall
//! verdict per side is the worst finding (`non-breaking` when there are none).

mod local;

pub use local::attach as attach_local;

use serde::Serialize;

use crate::diff::{Change, ChangeKind, Item};
use crate::local::validation::Validation;
use crate::local::{LocalReport, LocalVerdict};
use crate::model::{Location, type_shorthand};
use crate::rules::{self, Context, Tag, Verdict};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The app (its root relative to the path given) when a directory held several apps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    pub rule: &'static str,
    pub object_type: Option<String>,
    pub property: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub server: Verdict,
    pub client: Verdict,
    /// Under `--context local`: what the change needs in a local realm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalVerdict>,
    pub tags: Vec<Tag>,
    pub message: String,
    pub help: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
    pub location: Option<Location>,
    pub fingerprint: String,
    /// Set when a `syncplan.toml` `[[accept]]` entry waives the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Accepted>,
    /// The change the finding judges (not serialised; used by the planner).
    #[serde(skip)]
    pub change: Change,
}

/// A waiver from `syncplan.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accepted {
    pub reason: String,
    pub owner: String,
    pub expires: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Overall {
    pub server: Verdict,
    pub client: Verdict,
    /// Under `--context local`: the worst local verdict (`none` without findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalVerdict>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classified {
    pub findings: Vec<Finding>,
    pub verdict: Overall,
    /// Both sides' validation, when either is invalid (`classify::attach_local`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    /// Under `--context local`: schema versions and their findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalReport>,
}

/// Display value of one side of a change for reports.
fn show(item: &Option<Item>, kind: &ChangeKind, name: Option<&str>) -> serde_json::Value {
    use serde_json::Value;
    match item {
        None => Value::Null,
        Some(Item::Value(v)) => v.clone(),
        Some(Item::Type(t)) => match kind {
            ChangeKind::TypeRenamed { .. } => Value::String(t.name.clone()),
            _ => {
                let mut s = t.kind.to_string();
                if let Some(ns) = &t.namespace {
                    s.push_str(&format!(" ({ns})"));
                }
                Value::String(s)
            }
        },
        Some(Item::Property(p)) => match kind {
            ChangeKind::DefaultAdded | ChangeKind::DefaultChanged | ChangeKind::DefaultRemoved => {
                p.default.clone().unwrap_or(Value::Null)
            }
            ChangeKind::IndexAdded | ChangeKind::IndexRemoved => Value::Bool(p.indexed),
            ChangeKind::ClientNameChanged => Value::String(p.public_name().to_string()),
            ChangeKind::PropertyRenamed { .. } => {
                Value::String(name.map(str::to_string).unwrap_or_else(|| p.name.clone()))
            }
            _ => Value::String(type_shorthand(&p.ty, p.optional)),
        },
    }
}

/// FNV-1a 64 over the finding's identity. Stable across runs, formats and machines: it hashes
/// `rule`, `object_type`, `property`, `from`, `before`, `after` (compact JSON), separated by NUL.
pub fn fingerprint(rule: &str, f: &Finding) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    let parts = [
        rule.to_string(),
        f.object_type.clone().unwrap_or_default(),
        f.property.clone().unwrap_or_default(),
        f.from.clone().unwrap_or_default(),
        f.before.to_string(),
        f.after.to_string(),
    ];
    for part in parts {
        for b in part.as_bytes().iter().chain(std::iter::once(&0u8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

pub fn classify(changes: &[Change], ctx: &Context) -> Classified {
    let mut findings = Vec::new();
    let all = rules::Changes::new(changes);
    for c in changes {
        for rule in rules::ALL {
            if !(rule.applies)(c) {
                continue;
            }
            let d = (rule.describe)(c, &all);
            let (server, client) = rule.verdicts(ctx);
            let help = match d.help {
                Some(h) => format!("{} {h}", rule.action),
                None => rule.action.to_string(),
            };
            let old_name = c.from.as_deref();
            let mut f = Finding {
                app: None,
                rule: rule.id,
                object_type: c.object_type.clone(),
                property: c.property.clone(),
                from: c.from.clone(),
                server,
                client,
                local: rule.local_verdict(c, &all, ctx),
                tags: d.tags.unwrap_or_else(|| rule.tags.to_vec()),
                message: d.message,
                help,
                before: show(&c.old, &c.kind, old_name),
                after: show(&c.new, &c.kind, c.property.as_deref().or(c.object_type.as_deref())),
                location: c.location.clone(),
                fingerprint: String::new(),
                accepted: None,
                change: c.clone(),
            };
            f.tags.sort();
            f.fingerprint = fingerprint(rule.id, &f);
            findings.push(f);
        }
    }
    finish(findings)
}

/// Sorts findings and computes the overall verdict.
pub fn finish(mut findings: Vec<Finding>) -> Classified {
    findings.sort_by(|a, b| {
        (&a.app, &a.object_type, &a.property, a.rule).cmp(&(&b.app, &b.object_type, &b.property, b.rule))
    });
    let verdict = Overall {
        server: findings.iter().map(|f| f.server).max().unwrap_or(Verdict::NonBreaking),
        client: findings.iter().map(|f| f.client).max().unwrap_or(Verdict::NonBreaking),
        local: findings.iter().filter_map(|f| f.local).max(),
    };
    Classified {
        findings,
        verdict,
        validation: None,
        local: None,
    }
}
