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
    if s.left_to_user {
        v.push("left to you: no exact automatic form");
    }
    v
}

/// A step's findings, listed once: a step that serves every finding (shipping clients, the final
/// check) says so instead of repeating each id (#16.15). JSON keeps the full lists.
fn why(st: &Step, c: &Classified, fmt: impl Fn(&str) -> String) -> Vec<String> {
    if st.why.len() > 1 && st.findings.len() == c.findings.len() {
        vec![format!("all {} findings above", st.why.len())]
    } else {
        st.why.iter().map(|w| fmt(w)).collect()
    }
}

/// The plan's completeness, said before the steps: a step left to the user means following the
/// plan alone does not finish the migration.
fn incomplete(p: &Plan) -> Option<String> {
    let left: Vec<String> = p
        .steps
        .iter()
        .filter(|s| s.left_to_user)
        .map(|s| s.number.to_string())
        .collect();
    (!p.complete).then(|| {
        format!(
            "INCOMPLETE: step{} {} {} left to you (no exact automatic form); the plan does not finish the migration without {}.",
            if left.len() > 1 { "s" } else { "" },
            left.join(", "),
            if left.len() > 1 { "are" } else { "is" },
            if left.len() > 1 { "them" } else { "it" }
        )
    })
}

pub fn text(c: &Classified, p: &Plan, client: &[(String, String)], meta: &ReportMeta) -> String {
    let mut s = super::report::text(c, meta);
    s.push_str(&format!(
        "\nstrategy: {} ({})\n",
        p.strategy.as_str(),
        p.strategy_reason
    ));
    if let Some(i) = incomplete(p) {
        s.push_str(&format!("\n{i}\n"));
    }
    s.push_str("\nsteps:\n");
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
            s.push_str(&format!("     why: {}\n", why(st, c, |w| w.to_string()).join("; ")));
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
    if let Some(i) = incomplete(p) {
        s.push_str(&format!("\n**{i}**\n"));
    }
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
            s.push_str(&format!("   - why: {}\n", why(st, c, |w| format!("`{w}`")).join(", ")));
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
    complete: bool,
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
        complete: p.complete,
        steps: &p.steps,
        client_changes,
        validation: c.validation.as_ref(),
        local: c.local.as_ref(),
        config,
        incomplete,
    })
}
