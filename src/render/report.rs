//! Diff reports: text, markdown (the pull-request comment and the snapshot format) and JSON
//! (the public contract documented in docs/json-report.md).

use serde::Serialize;

use crate::classify::{Classified, Finding};
use crate::rules::Verdict;

/// What the report was made from.
pub struct ReportMeta<'a> {
    pub old: &'a str,
    pub new: &'a str,
    pub context: Vec<&'static str>,
}

/// The verdict line. Findings accepted by a `syncplan.toml` waiver do not count towards it; they
/// are counted apart.
fn headline(c: &Classified) -> String {
    let open = || c.findings.iter().filter(|f| f.accepted.is_none());
    let (server, client) = if accepted_count(c) == 0 {
        (c.verdict.server, c.verdict.client)
    } else {
        (
            open().map(|f| f.server).max().unwrap_or(Verdict::NonBreaking),
            open().map(|f| f.client).max().unwrap_or(Verdict::NonBreaking),
        )
    };
    let word = match server.max(client) {
        Verdict::Breaking => "BREAKING",
        Verdict::SchemaVersioning => "SCHEMA-VERSIONING",
        Verdict::NeedsAction => "NEEDS-ACTION",
        Verdict::NonBreaking => "NON-BREAKING",
    };
    format!("{word} (server: {server}, client: {client})")
}

fn accepted_count(c: &Classified) -> usize {
    c.findings.iter().filter(|f| f.accepted.is_some()).count()
}

/// `, 3 findings` or `, 3 findings (1 accepted)`.
fn count_line(c: &Classified) -> String {
    let n = c.findings.len();
    let mut s = format!(", {n} finding{}", if n == 1 { "" } else { "s" });
    let a = accepted_count(c);
    if a > 0 {
        s.push_str(&format!(" ({a} accepted)"));
    }
    s
}

/// `accepted: REASON (owner OWNER, until EXPIRES)`.
fn accepted_line(a: &crate::classify::Accepted) -> String {
    format!("accepted: {} (owner {}, until {})", a.reason, a.owner, a.expires)
}

fn subject(f: &Finding) -> String {
    let app = f.app.as_ref().map(|a| format!("[{a}] ")).unwrap_or_default();
    app + &match (&f.object_type, &f.property) {
        (Some(t), Some(p)) => format!("{t}.{p}"),
        (Some(t), None) => t.clone(),
        (None, Some(p)) => format!("sync.{p}"),
        (None, None) => "sync".into(),
    }
}

fn tags(f: &Finding) -> String {
    f.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
}

pub fn text(c: &Classified, meta: &ReportMeta) -> String {
    let mut s = format!("{} → {}\n{}{}\n", meta.old, meta.new, headline(c), count_line(c));
    if !meta.context.is_empty() {
        s.push_str(&format!("context: {}\n", meta.context.join(", ")));
    }
    s.push_str(&crate::render::local::text(c));
    if let Some(v) = &c.validation {
        s.push_str(&crate::local::validation::text(v));
    }
    for f in &c.findings {
        let local = f.local.map(|l| format!(", local: {l}")).unwrap_or_default();
        s.push_str(&format!(
            "\n  {}  {}  [server: {}, client: {}{local}]\n",
            f.rule,
            subject(f),
            f.server,
            f.client
        ));
        s.push_str(&format!("    {}\n", f.message));
        if let Some(l) = f.local {
            s.push_str(&format!("    local realm: {}\n", l.words()));
        }
        if !f.tags.is_empty() {
            s.push_str(&format!("    tags: {}\n", tags(f)));
        }
        if let Some(l) = &f.location {
            s.push_str(&format!("    at {l}\n"));
        }
        s.push_str(&format!("    help: {}\n", f.help));
        if let Some(a) = &f.accepted {
            s.push_str(&format!("    {}\n", accepted_line(a)));
        }
    }
    if c.findings.is_empty() {
        s.push_str("\nno changes\n");
    }
    s
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Breaking => "🔴 breaking",
        Verdict::SchemaVersioning => "🟠 schema-versioning",
        Verdict::NeedsAction => "🟡 needs-action",
        Verdict::NonBreaking => "🟢 non-breaking",
    }
}

pub fn markdown(c: &Classified, meta: &ReportMeta) -> String {
    let mut s = format!("## syncplan: {}\n\n", headline(c));
    if accepted_count(c) > 0 {
        s.push_str(&format!(
            "{} of {} findings accepted in syncplan.toml (not counted in the verdict).\n\n",
            accepted_count(c),
            c.findings.len()
        ));
    }
    s.push_str(&format!("`{}` → `{}`", meta.old, meta.new));
    if !meta.context.is_empty() {
        s.push_str(&format!(" · context: {}", meta.context.join(", ")));
    }
    s.push_str("\n\n");
    s.push_str(&format!(
        "| side | verdict |\n|---|---|\n| server schema | {} |\n| client model | {} |\n\n",
        icon(c.verdict.server),
        icon(c.verdict.client)
    ));
    s.push_str(&crate::render::local::markdown(c));
    if let Some(v) = &c.validation {
        s.push_str(&crate::local::validation::markdown(v));
        s.push('\n');
    }
    if c.findings.is_empty() {
        s.push_str("No changes.\n");
        return s;
    }
    s.push_str("| rule | subject | server | client | tags |\n|---|---|---|---|---|\n");
    for f in &c.findings {
        s.push_str(&format!(
            "| `{}`{} | `{}` | {} | {} | {} |\n",
            f.rule,
            if f.accepted.is_some() { " (accepted)" } else { "" },
            md_escape(&subject(f)),
            f.server,
            f.client,
            md_escape(&tags(f))
        ));
    }
    s.push_str("\n### Findings\n");
    for f in &c.findings {
        s.push_str(&format!(
            "\n**`{}`** `{}`: {}\n",
            f.rule,
            md_escape(&subject(f)),
            md_escape(&f.message)
        ));
        if let Some(l) = &f.location {
            s.push_str(&format!("- at `{l}`\n"));
        }
        if let Some(l) = f.local {
            s.push_str(&format!("- local realm: `{l}`: {}\n", l.words()));
        }
        s.push_str(&format!("- what to do: {}\n", md_escape(&f.help)));
        if let Some(a) = &f.accepted {
            s.push_str(&format!("- {}\n", md_escape(&accepted_line(a))));
        }
    }
    s
}

/// `[[accept]]` entries, ready to paste into `syncplan.toml`, for the given findings (those that
/// fail the gate): fingerprint filled in, reason, owner and expiry left to fill.
pub fn accept_template(findings: &[&Finding]) -> String {
    if findings.is_empty() {
        return "# No finding fails the gate: nothing to accept.\n".to_string();
    }
    let mut s = format!(
        "# {} finding{} fail{} the gate. Paste the entries you accept into syncplan.toml and fill in\n\
         # reason, owner and expires (YYYY-MM-DD); syncplan refuses the file until expires is a date.\n",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        if findings.len() == 1 { "s" } else { "" },
    );
    for f in findings {
        s.push_str(&format!(
            "\n[[accept]]\n# {} {}: {}\nfingerprint = \"{}\"\nreason = \"\"\nowner = \"\"\nexpires = \"YYYY-MM-DD\"\n",
            f.rule,
            subject(f),
            f.message.replace('\n', " "),
            f.fingerprint
        ));
    }
    s
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    old: &'a str,
    new: &'a str,
    context: &'a [&'static str],
    findings: &'a [Finding],
    verdict: crate::classify::Overall,
    #[serde(skip_serializing_if = "Option::is_none")]
    validation: Option<&'a crate::local::validation::Validation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    local: Option<&'a crate::local::LocalReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<&'a ConfigSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete: Option<&'a serde_json::Value>,
}

/// The `config` section of JSON reports: the `syncplan.toml` read and its problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigSection {
    /// The configuration file read, as displayed.
    pub path: Option<String>,
    /// Problems with it (an expired waiver fails the run).
    pub problems: Vec<crate::config::ConfigProblem>,
}

impl ConfigSection {
    /// Config problems as text lines (`error: FILE: message`), for stderr next to human formats.
    pub fn lines(&self) -> String {
        let at = self.path.as_deref().unwrap_or("syncplan.toml");
        self.problems
            .iter()
            .map(|p| format!("{}: {at}: {}\n", if p.fails { "error" } else { "warning" }, p.message))
            .collect()
    }
}

/// `syncplan diff --format json` without a configuration section.
pub fn json(c: &Classified, meta: &ReportMeta) -> String {
    json_with_config(c, meta, None)
}

/// `syncplan diff --format json`; `config` (the file read and its problems) goes last.
pub fn json_with_config(c: &Classified, meta: &ReportMeta, config: Option<&ConfigSection>) -> String {
    json_with_sections(c, meta, config, None)
}

/// `syncplan diff --format json` with the `config` section and, when a compared model has parts
/// that could not be read, the `incomplete` section (`crate::unread::note_json`).
pub fn json_with_sections(
    c: &Classified,
    meta: &ReportMeta,
    config: Option<&ConfigSection>,
    incomplete: Option<&serde_json::Value>,
) -> String {
    super::to_json(&JsonReport {
        format_version: super::FORMAT_VERSION,
        old: meta.old,
        new: meta.new,
        context: &meta.context,
        findings: &c.findings,
        verdict: c.verdict,
        validation: c.validation.as_ref(),
        local: c.local.as_ref(),
        config,
        incomplete,
    })
}

/// `syncplan changelog`: release notes for a model change, breaking changes first, grouped by
/// object type.
/// [`changelog`] with every path under `base` (a directory, e.g. the repository root) shown
/// relative to it, so release notes carry no machine-specific absolute paths.
pub fn changelog_relative(c: &Classified, meta: &ReportMeta, base: Option<&str>) -> String {
    let text = changelog(c, meta);
    match base {
        Some(b) if !b.is_empty() => {
            let prefix = format!("{}/", b.trim_end_matches('/'));
            text.replace(&prefix, "")
        }
        _ => text,
    }
}

pub fn changelog(c: &Classified, meta: &ReportMeta) -> String {
    let mut s = String::from("# Data model changes\n\n");
    s.push_str(&format!(
        "`{}` → `{}`: server schema {}, client model {}.\n",
        meta.old, meta.new, c.verdict.server, c.verdict.client
    ));
    if c.findings.is_empty() {
        s.push_str("\nNo changes.\n");
        return s;
    }
    // 2 breaking (or schema-versioning), 1 needs an action first, 0 other.
    let tier = |f: &Finding| match f.server.max(f.client) {
        Verdict::Breaking | Verdict::SchemaVersioning => 2,
        Verdict::NeedsAction => 1,
        Verdict::NonBreaking => 0,
    };
    for (title, want) in [
        ("Breaking changes", 2),
        ("Changes that need an action first (backfill or data check)", 1),
        ("Other changes", 0),
    ] {
        let pick = want > 0;
        let group: Vec<&Finding> = c.findings.iter().filter(|f| tier(f) == want).collect();
        if group.is_empty() {
            continue;
        }
        s.push_str(&format!("\n## {title}\n"));
        let mut by_type: std::collections::BTreeMap<String, Vec<&Finding>> = std::collections::BTreeMap::new();
        for f in group {
            let key = match (&f.app, &f.object_type) {
                (Some(a), Some(t)) => format!("{t} ({a})"),
                (Some(a), None) => format!("Sync configuration ({a})"),
                (None, Some(t)) => t.clone(),
                (None, None) => "Sync configuration".into(),
            };
            by_type.entry(key).or_default().push(f);
        }
        for (ty, fs) in by_type {
            s.push_str(&format!("\n### {ty}\n\n"));
            for f in fs {
                let accepted = f
                    .accepted
                    .as_ref()
                    .map(|a| format!(" (accepted: {})", a.reason))
                    .unwrap_or_default();
                let verdict = if pick {
                    format!(" (server: {}, client: {})", f.server, f.client)
                } else {
                    String::new()
                };
                s.push_str(&format!("- {}{verdict}{accepted}\n", f.message));
            }
        }
    }
    s
}
