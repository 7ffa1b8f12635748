//! Plan reports: text, markdown and JSON (documented in docs/json-plan.md).

use serde::Serialize;

use crate::classify::{Classified, Finding, Overall};
use crate::plan::{Plan, Step, StepSide};
use crate::render::report::ReportMeta;

fn side(s: StepSide) -> &'static str {
    match s {
        StepSide::ServerSchema => "server schema",
        StepSide::Data => "data in Atlas",
        StepSide::SyncConfig => "sync config",
        StepSide::ClientApps => "client apps",
        StepSide::Verification => "verification",
    }
}

fn flags(s: &Step) -> Vec<&'static str> {
    let mut v = Vec::new();
    if s.data_loss {
        v.push("can lose data");
    }
    if s.client_reset {
        v.push("forces a client reset");
    }
    if s.ui_only {
        v.push("App Services UI only");
    }
    v
}

pub fn text(c: &Classified, p: &Plan, client: &[(String, String)], meta: &ReportMeta) -> String {
    let mut s = super::report::text(c, meta);
    s.push_str(&format!(
        "\nstrategy: {} ({})\n\nsteps:\n",
        p.strategy.as_str(),
        p.strategy_reason
    ));
    for st in &p.steps {
        s.push_str(&format!("\n  {}. [{}] {}\n", st.number, side(st.side), st.action));
        let f = flags(st);
        if !f.is_empty() {
            s.push_str(&format!("     ! {}\n", f.join(", ")));
        }
        for d in &st.details {
            s.push_str(&format!("     {d}\n"));
        }
        for pre in &st.preconditions {
            s.push_str(&format!("     precondition: {pre}\n"));
        }
        if !st.why.is_empty() {
            s.push_str(&format!("     why: {}\n", st.why.join("; ")));
        }
        if !st.verify.is_empty() {
            s.push_str(&format!("     verify: {}\n", st.verify));
        }
        if let Some(sc) = &st.script {
            s.push_str("     script:\n");
            for l in sc.lines() {
                s.push_str(&format!("       {l}\n"));
            }
        }
    }
    for (sdk, body) in client {
        s.push_str(&format!("\n== client changes: {sdk} ==\n{body}\n"));
    }
    s
}

pub fn markdown(c: &Classified, p: &Plan, client: &[(String, String)], meta: &ReportMeta) -> String {
    let mut s = super::report::markdown(c, meta);
    s.push_str(&format!(
        "\n### Plan\n\nStrategy: **{}**: {}\n",
        p.strategy.as_str(),
        p.strategy_reason
    ));
    if p.steps.is_empty() {
        s.push_str("\nNothing to do.\n");
    }
    for st in &p.steps {
        s.push_str(&format!("\n{}. **[{}]** {}", st.number, side(st.side), st.action));
        let f = flags(st);
        if !f.is_empty() {
            s.push_str(&format!(" ⚠️ _{}_", f.join(", ")));
        }
        s.push('\n');
        for d in &st.details {
            s.push_str(&format!("   - {d}\n"));
        }
        for pre in &st.preconditions {
            s.push_str(&format!("   - precondition: {pre}\n"));
        }
        if !st.why.is_empty() {
            s.push_str(&format!(
                "   - why: {}\n",
                st.why.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        if !st.verify.is_empty() {
            s.push_str(&format!("   - verify: {}\n", st.verify));
        }
        if !st.artifacts.is_empty() {
            s.push_str(&format!(
                "   - files: {}\n",
                st.artifacts
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(sc) = &st.script {
            s.push_str(&format!(
                "\n   <details><summary>mongosh script</summary>\n\n   ```js\n{}   ```\n   </details>\n",
                indent(sc, "   ")
            ));
        }
    }
    if !client.is_empty() {
        s.push_str("\n### Client changes\n");
        for (sdk, body) in client {
            s.push_str(&format!("\n<details><summary>{sdk}</summary>\n\n{body}\n</details>\n"));
        }
    }
    s
}

fn indent(s: &str, pre: &str) -> String {
    s.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{pre}{l}\n")
            }
        })
        .collect()
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    format_version: u32,
    old: &'a str,
    new: &'a str,
    context: &'a [&'static str],
    findings: &'a [Finding],
    verdict: Overall,
    strategy: &'static str,
    strategy_reason: &'a str,
    steps: &'a [Step],
    client_changes: &'a serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    validation: Option<&'a crate::local::validation::Validation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    local: Option<&'a crate::local::LocalReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<&'a super::report::ConfigSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete: Option<&'a serde_json::Value>,
}

pub fn json(c: &Classified, p: &Plan, client_changes: &serde_json::Value, meta: &ReportMeta) -> String {
    json_with_config(c, p, client_changes, meta, None)
}

/// `syncplan plan --format json`; `config` (the file read and its problems) goes last.
pub fn json_with_config(
    c: &Classified,
    p: &Plan,
    client_changes: &serde_json::Value,
    meta: &ReportMeta,
    config: Option<&super::report::ConfigSection>,
) -> String {
    json_with_sections(c, p, client_changes, meta, config, None)
}

/// `syncplan plan --format json` with the `config` section and, when a compared model has parts
/// that could not be read, the `incomplete` section (`crate::unread::note_json`).
pub fn json_with_sections(
    c: &Classified,
    p: &Plan,
    client_changes: &serde_json::Value,
    meta: &ReportMeta,
    config: Option<&super::report::ConfigSection>,
    incomplete: Option<&serde_json::Value>,
) -> String {
    super::to_json(&JsonPlan {
        format_version: super::FORMAT_VERSION,
        old: meta.old,
        new: meta.new,
        context: &meta.context,
        findings: &c.findings,
        verdict: c.verdict,
        strategy: p.strategy.as_str(),
        strategy_reason: &p.strategy_reason,
        steps: &p.steps,
        client_changes,
        validation: c.validation.as_ref(),
        local: c.local.as_ref(),
        config,
        incomplete,
    })
}
