//! The validation of both sides of a comparison, for `diff` and `plan`: a NEW model that
//! realm-core refuses to open must be reported as invalid, never judged as a list of safe changes.
//!
//! What realm-core refuses depends on how the realm is opened:
//! - synced (the default context): every `validate` error, and an embedded class nobody links to
//!   (realm-core rejects orphan embedded classes in the explicit additive mode synced realms use);
//! - local (`--context local`): a top-level class may have no primary key or one not named `_id`,
//!   and an unreachable embedded class opens; an asymmetric class is refused.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, kinds};
use crate::load::{InputKind, Loaded};
use crate::model::{ObjectKind, Side};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub object_types: usize,
    pub properties: usize,
    pub links: usize,
}

/// One side, in the shape of one model of `syncplan validate --format json` (without the model
/// itself).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideValidation {
    pub root: String,
    pub kind: InputKind,
    pub valid: bool,
    pub counts: Counts,
    pub summary: Summary,
    pub findings: Vec<Diagnostic>,
    /// A client model (realm-core opens it), not a server export (App Services deploys it).
    #[serde(skip)]
    pub client: bool,
}

impl SideValidation {
    fn refused_by(&self) -> &'static str {
        if self.client {
            "realm-core refuses to open it"
        } else {
            "App Services refuses to deploy it"
        }
    }
}

/// Both sides; present on a report when either side is invalid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    pub old: SideValidation,
    pub new: SideValidation,
}

impl Validation {
    pub fn new_invalid(&self) -> bool {
        !self.new.valid
    }
}

/// Ids that only a synced realm enforces (Device Sync's `_id` key on every top-level type).
const SYNC_ONLY: &[&str] = &[kinds::PRIMARY_KEY_MISSING.id, kinds::PRIMARY_KEY_NOT_ID.id];

/// Validates one side for the context it will be opened in.
pub fn validate_side(l: &Loaded, local: bool) -> SideValidation {
    // Validation only: what reading the model reported (an unread part of SDK source) makes the
    // comparison incomplete (`crate::unread`), not the model invalid.
    let mut findings = Vec::new();
    for mut d in crate::validate::validate(&l.schema) {
        if local && SYNC_ONLY.contains(&d.id) {
            continue;
        }
        if !local && l.schema.side == Side::Client && d.id == kinds::EMBEDDED_UNREACHABLE.id {
            d.severity = Severity::Error;
            d.message.push_str(
                " (a synced realm refuses to open it: realm-core rejects embedded classes nobody links to in additive mode)",
            );
        }
        findings.push(d);
    }
    if local {
        for t in l.schema.types.values().filter(|t| t.kind == ObjectKind::Asymmetric) {
            findings.push(Diagnostic::new(
                &kinds::ASYMMETRIC_IN_LOCAL_REALM,
                &t.name,
                t.location.clone(),
                format!("\"{}\" is asymmetric: a local realm cannot hold it", t.name),
            ));
        }
    }
    crate::diagnostic::sort(&mut findings);
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let counts = Counts {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        info: count(Severity::Info),
    };
    SideValidation {
        root: l.root.clone(),
        kind: l.kind,
        valid: counts.errors == 0,
        counts,
        summary: Summary {
            object_types: l.schema.types.len(),
            properties: l.schema.property_count(),
            links: l.schema.link_count(),
        },
        findings,
        client: l.schema.side == Side::Client,
    }
}

/// Both sides, or `None` when both are valid (the report then carries no validation block).
pub fn validate_pair(old: &Loaded, new: &Loaded, local: bool) -> Option<Validation> {
    let (o, n) = (validate_side(old, local), validate_side(new, local));
    if o.valid && n.valid {
        return None;
    }
    Some(Validation { old: o, new: n })
}

/// Text lines for a report: what is invalid, and why the changes are not judged.
pub fn text(v: &Validation) -> String {
    let mut s = String::new();
    for (label, side) in [("OLD", &v.old), ("NEW", &v.new)] {
        if side.valid {
            continue;
        }
        s.push_str(&format!(
            "\n{label} model {} is INVALID ({} error{}){}:\n",
            side.root,
            side.counts.errors,
            if side.counts.errors == 1 { "" } else { "s" },
            if label == "NEW" {
                format!(": {}, so none of its changes is safe", side.refused_by())
            } else {
                String::new()
            }
        ));
        for d in side.findings.iter().filter(|d| d.severity == Severity::Error) {
            let at = d.location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
            s.push_str(&format!(
                "  error[{}] {}: {}{at}\n    help: {}\n",
                d.id, d.path, d.message, d.help
            ));
        }
    }
    s
}

/// The same for markdown.
pub fn markdown(v: &Validation) -> String {
    let mut s = String::new();
    for (label, side) in [("OLD", &v.old), ("NEW", &v.new)] {
        if side.valid {
            continue;
        }
        s.push_str(&format!("\n### ⛔ {label} model `{}` is invalid\n\n", side.root));
        if label == "NEW" {
            s.push_str(&format!("{}, so none of its changes is safe.\n\n", side.refused_by()));
        }
        s.push_str("| id | subject | message |\n|---|---|---|\n");
        for d in side.findings.iter().filter(|d| d.severity == Severity::Error) {
            s.push_str(&format!(
                "| `{}` | `{}` | {} |\n",
                d.id,
                d.path.replace('|', "\\|"),
                d.message.replace('|', "\\|").replace('\n', " ")
            ));
        }
    }
    s
}
