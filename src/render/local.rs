//! The local-Realm section of a report: local verdict, schema versions and their findings.

use crate::classify::Classified;
use crate::local::VersionSide;
use crate::local::VersionSource;

/// Text for a report's local section.
pub fn text(c: &Classified) -> String {
    let mut s = String::new();
    if let Some(v) = c.verdict.local {
        s.push_str(&format!("local realm: {} ({})\n", v.as_str().to_uppercase(), v.words()));
    }
    if let Some(l) = &c.local {
        let show = |v: &VersionSide| match v.version {
            Some(n) => format!(
                "{n}{}",
                match v.source {
                    VersionSource::Flag => " (--schema-version)".to_string(),
                    VersionSource::Default => " (not set: SDK default)".to_string(),
                    VersionSource::Model => v.at.as_ref().map(|a| format!(" (at {a})")).unwrap_or_default(),
                    VersionSource::Unknown => String::new(),
                }
            ),
            None => "unknown (pass --schema-version OLD:NEW)".into(),
        };
        s.push_str(&format!(
            "schema version: {} → {}\n",
            show(&l.schema_version.old),
            show(&l.schema_version.new)
        ));
        for d in &l.findings {
            let at = d.location.as_ref().map(|l| format!("\n    at {l}")).unwrap_or_default();
            s.push_str(&format!(
                "  {}[{}] {}{at}\n    help: {}\n",
                d.severity, d.id, d.message, d.help
            ));
        }
    }
    s
}

/// Markdown for a report's local section.
pub fn markdown(c: &Classified) -> String {
    let mut s = String::new();
    if let Some(v) = c.verdict.local {
        s.push_str(&format!("**Local realm:** `{}`: {}.\n\n", v, v.words()));
    }
    if let Some(l) = &c.local {
        let show = |v: &VersionSide| v.version.map(|n| n.to_string()).unwrap_or_else(|| "unknown".into());
        s.push_str(&format!(
            "Schema version: {} → {}\n\n",
            show(&l.schema_version.old),
            show(&l.schema_version.new)
        ));
        for d in &l.findings {
            let at = d.location.as_ref().map(|l| format!(" at `{l}`")).unwrap_or_default();
            s.push_str(&format!(
                "- **{}** `{}`: {}{at}\n",
                d.severity,
                d.id,
                d.message.replace('\n', " ")
            ));
        }
        if !l.findings.is_empty() {
            s.push('\n');
        }
    }
    s
}
