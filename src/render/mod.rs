//! RENDER: reports → text / JSON. Renderers decide nothing; they print what earlier stages found.

pub mod ci;
pub mod local;
pub mod model_text;
pub mod plan;
pub mod report;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{InputKind, Loaded};
use crate::model::Schema;

/// Version of every JSON document syncplan prints; bumped only on incompatible changes.
pub const FORMAT_VERSION: u32 = 1;

/// `validate` result for one model (made by `pipeline::validate`).
pub struct ValidateReport {
    pub loaded: Loaded,
    /// Load and validation findings, sorted.
    pub findings: Vec<Diagnostic>,
}

impl ValidateReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|d| d.severity == Severity::Error)
    }
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    info: usize,
}

fn counts(d: &[Diagnostic]) -> Counts {
    Counts {
        errors: d.iter().filter(|x| x.severity == Severity::Error).count(),
        warnings: d.iter().filter(|x| x.severity == Severity::Warning).count(),
        info: d.iter().filter(|x| x.severity == Severity::Info).count(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn summary_line(d: &[Diagnostic]) -> String {
    let c = counts(d);
    format!(
        "{}, {}, {}",
        plural(c.errors, "error", "errors"),
        plural(c.warnings, "warning", "warnings"),
        plural(c.info, "info", "info")
    )
}

pub fn diagnostic_text(d: &Diagnostic) -> String {
    let at = d.location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
    format!(
        "  {}[{}] {}{at}\n    {}\n    help: {}\n",
        d.severity, d.id, d.path, d.message, d.help
    )
}

pub fn model_summary(s: &Schema) -> String {
    format!(
        "{}, {}, {}",
        plural(s.types.len(), "object type", "object types"),
        plural(s.property_count(), "property", "properties"),
        plural(s.link_count(), "link", "links")
    )
}

pub fn validate_text(reports: &[ValidateReport]) -> String {
    let mut s = String::new();
    for r in reports {
        s.push_str(&format!("{} ({})\n", r.loaded.root, r.loaded.kind));
        s.push_str(&format!("  {}\n\n", model_summary(&r.loaded.schema)));
        s.push_str(&model_text::render(&r.loaded.schema));
        if r.findings.is_empty() {
            s.push_str("\nno findings\n");
        } else {
            s.push_str("\nfindings:\n");
            for d in &r.findings {
                s.push_str(&diagnostic_text(d));
            }
        }
        s.push_str(&format!(
            "\nresult: {} ({})\n",
            if r.has_errors() { "invalid" } else { "valid" },
            summary_line(&r.findings)
        ));
        if reports.len() > 1 {
            s.push('\n');
        }
    }
    s
}

#[derive(Serialize)]
struct ModelJson<'a> {
    root: &'a str,
    kind: InputKind,
    valid: bool,
    counts: Counts,
    summary: SummaryJson,
    model: &'a Schema,
    findings: &'a [Diagnostic],
}

#[derive(Serialize)]
struct SummaryJson {
    object_types: usize,
    properties: usize,
    links: usize,
}

pub fn validate_json(reports: &[ValidateReport]) -> String {
    let models: Vec<ModelJson> = reports
        .iter()
        .map(|r| ModelJson {
            root: &r.loaded.root,
            kind: r.loaded.kind,
            valid: !r.has_errors(),
            counts: counts(&r.findings),
            summary: SummaryJson {
                object_types: r.loaded.schema.types.len(),
                properties: r.loaded.schema.property_count(),
                links: r.loaded.schema.link_count(),
            },
            model: &r.loaded.schema,
            findings: &r.findings,
        })
        .collect();
    let doc = serde_json::json!({
        "format_version": FORMAT_VERSION,
        "command": "validate",
        "valid": reports.iter().all(|r| !r.has_errors()),
        "models": models,
    });
    to_json(&doc)
}

pub fn to_json<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

pub struct CheckReport {
    pub server: Loaded,
    pub client: Loaded,
    pub findings: Vec<Diagnostic>,
    /// Validation errors on either side (reported as a count; `validate` shows them).
    pub server_invalid: usize,
    pub client_invalid: usize,
}

impl CheckReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|d| d.severity == Severity::Error)
    }
}

/// A `check` of one server against one or more clients: one report per client, and where the
/// clients disagree with each other (empty with one client).
pub struct CheckRun {
    pub reports: Vec<CheckReport>,
    /// Cross-client findings (`check_clients_*`).
    pub cross: Vec<Diagnostic>,
}

impl CheckRun {
    /// Whether any client is inconsistent with the server or the clients disagree (an error).
    pub fn has_errors(&self) -> bool {
        self.reports.iter().any(CheckReport::has_errors) || self.cross.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether several clients were checked.
    pub fn many(&self) -> bool {
        self.reports.len() > 1
    }

    fn summary(&self) -> String {
        let bad = self.reports.iter().filter(|r| r.has_errors()).count();
        format!(
            "{} ({} of {} clients inconsistent with the server; across clients: {})",
            if self.has_errors() {
                "inconsistent"
            } else {
                "consistent"
            },
            bad,
            self.reports.len(),
            summary_line(&self.cross)
        )
    }
}

/// `check` as text: one report per client; with several clients, then the cross-client section
/// and one overall result line.
pub fn check_run_text(run: &CheckRun) -> String {
    let mut s = run.reports.iter().map(check_text).collect::<Vec<_>>().join("\n");
    if run.many() {
        let names: Vec<&str> = run.reports.iter().map(|r| r.client.root.as_str()).collect();
        s.push_str(&format!("\nacross clients ({}):\n", names.join(", ")));
        if run.cross.is_empty() {
            s.push_str("  the clients agree\n");
        } else {
            for d in &run.cross {
                s.push_str(&diagnostic_text(d));
            }
        }
        s.push_str(&format!("\noverall: {}\n", run.summary()));
    }
    s
}

/// `check --format json`: one client's document, or with several clients
/// `{consistent, clients: [...], cross_client: {counts, findings}}`.
pub fn check_run_json(run: &CheckRun) -> String {
    if !run.many() {
        return run.reports.first().map(check_json).unwrap_or_default();
    }
    let docs: Vec<serde_json::Value> = run.reports.iter().map(check_value).collect();
    to_json(&serde_json::json!({
        "format_version": FORMAT_VERSION,
        "command": "check",
        "consistent": !run.has_errors(),
        "clients": docs,
        "cross_client": {"counts": counts(&run.cross), "findings": run.cross},
    }))
}

pub fn check_text(r: &CheckReport) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "server: {} ({}): {}\n",
        r.server.root,
        r.server.kind,
        model_summary(&r.server.schema)
    ));
    s.push_str(&format!(
        "client: {} ({}): {}\n",
        r.client.root,
        r.client.kind,
        model_summary(&r.client.schema)
    ));
    if r.findings.is_empty() {
        s.push_str("\nno inconsistencies\n");
    } else {
        s.push_str("\nfindings:\n");
        for d in &r.findings {
            s.push_str(&diagnostic_text(d));
        }
    }
    for (side, n, root) in [
        ("server", r.server_invalid, &r.server.root),
        ("client", r.client_invalid, &r.client.root),
    ] {
        if n > 0 {
            s.push_str(&format!(
                "\nnote: the {side} model has {} of its own; run `syncplan validate {root}`\n",
                plural(n, "validation error", "validation errors")
            ));
        }
    }
    if r.client.schema.incomplete {
        s.push_str(
            "\nnote: the client model was not read entirely (the unread parts are the source_* errors above); \
             only what was read is compared, and nothing that follows from an unread part is reported\n",
        );
    }
    s.push_str(&format!(
        "\nresult: {} ({})\n",
        if r.has_errors() { "inconsistent" } else { "consistent" },
        summary_line(&r.findings)
    ));
    s
}

pub fn check_json(r: &CheckReport) -> String {
    to_json(&check_value(r))
}

fn check_value(r: &CheckReport) -> serde_json::Value {
    let mut doc = serde_json::json!({
        "format_version": FORMAT_VERSION,
        "command": "check",
        "consistent": !r.has_errors(),
        "server": {"root": r.server.root, "kind": r.server.kind, "validation_errors": r.server_invalid},
        "client": {"root": r.client.root, "kind": r.client.kind, "validation_errors": r.client_invalid},
        "counts": counts(&r.findings),
        "findings": r.findings,
    });
    if r.client.schema.incomplete {
        // Only for a client with unread parts, so that other reports keep their shape.
        doc["client"]["incomplete"] = serde_json::Value::Bool(true);
    }
    doc
}

/// ANSI colours for text output: verdicts, finding levels and result lines. Off unless `on`.
pub fn colorize(text: &str, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    const RED: &str = "\x1b[1;31m";
    const YELLOW: &str = "\x1b[33m";
    const GREEN: &str = "\x1b[32m";
    const DIM: &str = "\x1b[2m";
    const RESET: &str = "\x1b[0m";
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let (body, nl) = line.strip_suffix('\n').map(|b| (b, "\n")).unwrap_or((line, ""));
        let t = body.trim_start();
        let color = if t.starts_with("BREAKING")
            || t.starts_with("error[")
            || t.starts_with("result: invalid")
            || t.starts_with("result: inconsistent")
            || t.starts_with("overall: inconsistent")
        {
            Some(RED)
        } else if t.starts_with("SCHEMA-VERSIONING") || t.starts_with("warning[") {
            Some(YELLOW)
        } else if t.starts_with("NON-BREAKING")
            || t.starts_with("result: valid")
            || t.starts_with("result: consistent")
            || t.starts_with("overall: consistent")
        {
            Some(GREEN)
        } else if t.starts_with("info[") || t.starts_with("help:") {
            Some(DIM)
        } else {
            None
        };
        match color {
            Some(c) => out.push_str(&format!("{c}{body}{RESET}{nl}")),
            None => out.push_str(line),
        }
    }
    out
}
