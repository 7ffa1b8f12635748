//! The local-Realm part of a classified comparison: both sides' validation, the worst local
//! verdict, and the schema-version report (`crate::local` holds the verdicts and the data types).

use crate::classify::Classified;
use crate::diagnostic::{Diagnostic, Severity, kinds};
use crate::load::Loaded;
use crate::local::{LocalReport, LocalVerdict, VersionPair, VersionSide, VersionSource, validation};
use crate::model::Location;
use crate::rules::Context;

fn side_version(l: &Loaded, flag: Option<u64>) -> VersionSide {
    if let Some(v) = flag {
        return VersionSide {
            version: Some(v),
            source: VersionSource::Flag,
            at: None,
        };
    }
    if let Some(v) = l.schema.schema_version {
        return VersionSide {
            version: Some(v),
            source: VersionSource::Model,
            at: None,
        };
    }
    match l.schema.source_config.as_ref().and_then(|c| c.version()) {
        Some((v, sites)) if !sites.is_empty() => VersionSide {
            version: Some(v),
            source: VersionSource::Model,
            at: sites.first().map(|s| s.location.clone()),
        },
        Some((v, _)) => VersionSide {
            version: Some(v),
            source: VersionSource::Default,
            at: None,
        },
        None => VersionSide {
            version: None,
            source: VersionSource::Unknown,
            at: None,
        },
    }
}

/// Completes a classified comparison of one pair of models: the validation of both sides (when
/// either is invalid: an invalid NEW makes the client verdict breaking and the local one
/// `invalid`), and under `--context local` the worst local verdict and the schema-version report.
pub fn attach(c: &mut Classified, old: &Loaded, new: &Loaded, ctx: &Context, versions: Option<(u64, u64)>) {
    c.validation = validation::validate_pair(old, new, ctx.local);
    let new_invalid = c.validation.as_ref().is_some_and(|v| v.new_invalid());
    // realm-core refuses to open an invalid client model: none of its changes is safe there.
    if new_invalid && new.schema.side == crate::model::Side::Client {
        c.verdict.client = crate::rules::Verdict::Breaking;
    }
    if !ctx.local {
        return;
    }
    let worst = c
        .findings
        .iter()
        .filter(|f| f.accepted.is_none())
        .filter_map(|f| f.local)
        .max()
        .unwrap_or(LocalVerdict::None);
    let worst = if new_invalid { LocalVerdict::Invalid } else { worst };
    c.verdict.local = Some(worst);
    let pair = VersionPair {
        old: side_version(old, versions.map(|v| v.0)),
        new: side_version(new, versions.map(|v| v.1)),
    };
    let mut findings = Vec::new();
    let new_at = pair.new.at.clone().or_else(|| {
        (!new.root.is_empty()).then(|| Location {
            file: new.root.clone(),
            line: 0,
            column: 0,
            ..Default::default()
        })
    });
    if let (Some(o), Some(n)) = (pair.old.version, pair.new.version) {
        if n < o {
            findings.push(Diagnostic::new(
                &kinds::SCHEMA_VERSION_LOWERED,
                "schemaVersion",
                new_at.clone(),
                format!("schema version goes down from {o} to {n}: existing files fail to open"),
            ));
        } else if n == o && (LocalVerdict::Bump..=LocalVerdict::Migration).contains(&worst) {
            let why: Vec<String> = c
                .findings
                .iter()
                .filter(|f| f.accepted.is_none() && f.local.is_some_and(|l| l >= LocalVerdict::Bump))
                .take(3)
                .map(|f| f.message.clone())
                .collect();
            let set = match pair.new.source {
                VersionSource::Default => " (never set: the SDK default)".to_string(),
                _ => String::new(),
            };
            findings.push(Diagnostic::new(
                &kinds::SCHEMA_VERSION_NOT_BUMPED,
                "schemaVersion",
                new_at.clone(),
                format!(
                    "schema version is still {n}{set}, but the change {}: {}",
                    worst.words(),
                    why.join("; ")
                ),
            ));
        }
    }
    if let Some(cfg) = &new.schema.source_config {
        if pair.new.version.is_none() {
            for s in cfg.unresolved() {
                if let crate::model::SiteKind::Unresolved(name) = &s.kind {
                    findings.push(Diagnostic::new(
                        &kinds::SCHEMA_VERSION_UNRESOLVED,
                        "schemaVersion",
                        Some(s.location.clone()),
                        format!("schema version set from `{name}`, which syncplan cannot resolve to an integer"),
                    ));
                }
            }
        }
        for s in cfg.delete_flags() {
            if let crate::model::SiteKind::DeleteFlag(name) = &s.kind {
                findings.push(Diagnostic::new(
                    &kinds::DELETE_REALM_IF_MIGRATION_NEEDED,
                    "configuration",
                    Some(s.location.clone()),
                    format!(
                        "`{name}` deletes the realm file instead of migrating: in a release build users lose their data"
                    ),
                ));
            }
        }
    }
    crate::diagnostic::sort(&mut findings);
    c.local = Some(LocalReport {
        schema_version: pair,
        findings,
    });
}

impl Classified {
    /// Whether the comparison fails regardless of `--fail-on`: NEW is invalid, or a local
    /// schema-version error (unchanged version for a change that needs a bump, a lowered one).
    pub fn blocks_gate(&self) -> bool {
        self.validation.as_ref().is_some_and(|v| v.new_invalid())
            || self
                .local
                .as_ref()
                .is_some_and(|l| l.findings.iter().any(|d| d.severity == Severity::Error))
    }
}
