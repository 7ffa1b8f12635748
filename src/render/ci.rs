//! CI formats shared by `validate`, `check`, `diff` and `plan`: SARIF 2.1.0 (GitHub code
//! scanning), GitHub workflow annotations, JUnit XML and one grep-friendly line per finding.
//! Every command maps its findings to `Item`s; these renderers decide nothing.

use serde_json::json;

use crate::model::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn sarif(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
    fn github(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        }
    }
}

/// One finding as CI formats see it.
#[derive(Debug, Clone)]
pub struct Item {
    pub rule: String,
    pub level: Level,
    /// `Task.priority`, `Task`, `sync.owner_id`.
    pub subject: String,
    pub message: String,
    pub help: String,
    pub location: Option<Location>,
    pub fingerprint: Option<String>,
    /// Set when a config `[[accept]]` entry waives the finding: the justification.
    pub accepted: Option<String>,
}

/// What SARIF says about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub summary: String,
    pub help: String,
    pub tags: Vec<String>,
}

/// A path as a repository-relative URI (forward slashes, no leading `./`).
fn uri(file: &str) -> String {
    let f = file.replace('\\', "/");
    let f = f.trim_start_matches("./").to_string();
    if let Ok(cwd) = std::env::current_dir() {
        let c = cwd.to_string_lossy().replace('\\', "/");
        if let Some(rest) = f.strip_prefix(&format!("{c}/")) {
            return rest.to_string();
        }
    }
    f
}

/// Rewrites every item's location to a path relative to `root` (the repository root), with
/// forward slashes, so annotations attach whatever the working directory of the CI step.
/// Relative paths are taken from `cwd`; `REV:path` labels and paths outside `root` stay as given.
pub fn rebase(items: &mut [Item], root: &std::path::Path, cwd: &std::path::Path) {
    use std::path::{Component, Path, PathBuf};
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for it in items {
        let Some(loc) = &mut it.location else { continue };
        let p = Path::new(&loc.file);
        let abs = if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
        if !abs.exists() {
            continue; // a `REV:path` label, or a file that is gone
        }
        let abs = abs.canonicalize().unwrap_or_else(|_| {
            abs.components().fold(PathBuf::new(), |mut acc, c| {
                match c {
                    Component::ParentDir => {
                        acc.pop();
                    }
                    Component::CurDir => {}
                    c => acc.push(c),
                }
                acc
            })
        });
        if let Ok(rel) = abs.strip_prefix(&root) {
            loc.file = rel.to_string_lossy().replace('\\', "/");
        }
    }
}

/// A directory as a `file://` URI ending in `/` (for SARIF `originalUriBaseIds`).
pub fn dir_uri(dir: &std::path::Path) -> String {
    let mut p = dir.to_string_lossy().replace('\\', "/");
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    let enc: String = p
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '%' => "%25".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!("file://{enc}")
}

pub fn sarif(tool_version: &str, rules: &[RuleInfo], items: &[Item]) -> String {
    sarif_rooted(tool_version, rules, items, None)
}

/// SARIF with every artifact location relative to `%SRCROOT%` (`uriBaseId`), declared in
/// `originalUriBaseIds` as `root_uri` (the repository root) when given.
pub fn sarif_rooted(tool_version: &str, rules: &[RuleInfo], items: &[Item], root_uri: Option<&str>) -> String {
    let rule_index = |id: &str| rules.iter().position(|r| r.id == id);
    let results: Vec<serde_json::Value> = items
        .iter()
        .map(|it| {
            let mut r = json!({
                "ruleId": it.rule,
                "level": it.level.sarif(),
                "message": {"text": format!("{}: {}", it.subject, it.message)},
            });
            if let Some(i) = rule_index(&it.rule) {
                r["ruleIndex"] = json!(i);
            }
            if let Some(l) = &it.location {
                let mut phys = json!({"artifactLocation": {"uri": uri(&l.file)}});
                if root_uri.is_some() {
                    phys["artifactLocation"]["uriBaseId"] = json!("SRCROOT");
                }
                if l.line > 0 {
                    phys["region"] = json!({"startLine": l.line, "startColumn": l.column.max(1)});
                    // SARIF's end column is exclusive, as syncplan's spans are.
                    if l.end_line >= l.line && l.end_column > 0 {
                        phys["region"]["endLine"] = json!(l.end_line);
                        phys["region"]["endColumn"] = json!(l.end_column);
                    }
                }
                r["locations"] = json!([{"physicalLocation": phys}]);
            }
            if let Some(fp) = &it.fingerprint {
                r["partialFingerprints"] = json!({"syncplan/v1": fp});
            }
            if let Some(reason) = &it.accepted {
                r["suppressions"] = json!([{"kind": "external", "justification": reason}]);
            }
            r
        })
        .collect();
    let rules_json: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.help, "markdown": r.help},
                "properties": {"tags": r.tags},
            })
        })
        .collect();
    let mut doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "syncplan",
                "version": tool_version,
                "informationUri": "https://github.com/syncplan/syncplan",
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    if let Some(root) = root_uri {
        doc["runs"][0]["originalUriBaseIds"] = json!({"SRCROOT": {"uri": root}});
    }
    super::to_json(&doc)
}

/// Escapes a workflow-command property value (`%`, CR, LF, `:`, `,`).
fn gh_prop(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Escapes a workflow-command message (`%`, CR, LF).
fn gh_msg(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// `::error file=…,line=…,col=…,title=…::message`, one line per finding.
pub fn github(items: &[Item]) -> String {
    let mut out = String::new();
    for it in items {
        let mut props = Vec::new();
        if let Some(l) = &it.location {
            props.push(format!("file={}", gh_prop(&uri(&l.file))));
            if l.line > 0 {
                props.push(format!("line={}", l.line));
                props.push(format!("col={}", l.column.max(1)));
            }
        }
        let accepted = if it.accepted.is_some() { " (accepted)" } else { "" };
        props.push(format!("title={}", gh_prop(&format!("syncplan {}{accepted}", it.rule))));
        let level = if it.accepted.is_some() { Level::Note } else { it.level };
        out.push_str(&format!(
            "::{} {}::{}\n",
            level.github(),
            props.join(","),
            gh_msg(&format!("{}: {} (help: {})", it.subject, it.message, it.help))
        ));
    }
    out
}

fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML: one test case per finding; findings at `Level::Error` (not accepted) fail.
pub fn junit(suite: &str, items: &[Item]) -> String {
    let failures = items
        .iter()
        .filter(|i| i.level == Level::Error && i.accepted.is_none())
        .count();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!(
        "<testsuites name=\"syncplan\" tests=\"{}\" failures=\"{failures}\">\n",
        items.len()
    ));
    s.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n",
        xml(suite),
        items.len()
    ));
    for it in items {
        let at = it.location.as_ref().map(|l| l.to_string()).unwrap_or_default();
        s.push_str(&format!(
            "    <testcase classname=\"syncplan.{}\" name=\"{}\"",
            xml(&it.rule),
            xml(&it.subject)
        ));
        if !at.is_empty() {
            s.push_str(&format!(" file=\"{}\"", xml(&uri(&at))));
        }
        s.push('>');
        let body = format!("{}\nhelp: {}\nat: {at}", it.message, it.help);
        match (&it.accepted, it.level) {
            (Some(reason), _) => s.push_str(&format!("<skipped message=\"accepted: {}\"/>", xml(reason))),
            (None, Level::Error) => s.push_str(&format!(
                "<failure type=\"{}\" message=\"{}\">{}</failure>",
                xml(&it.rule),
                xml(&it.message),
                xml(&body)
            )),
            (None, _) => s.push_str(&format!("<system-out>{}</system-out>", xml(&body))),
        }
        s.push_str("</testcase>\n");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

/// `file:line:col: level: rule: subject: message` (grep-friendly).
pub fn singleline(items: &[Item]) -> String {
    let mut s = String::new();
    for it in items {
        let at = it
            .location
            .as_ref()
            .map(|l| l.to_string())
            .unwrap_or_else(|| "-".into());
        let accepted = if it.accepted.is_some() { " (accepted)" } else { "" };
        s.push_str(&format!(
            "{at}: {}: {}{accepted}: {}: {}\n",
            it.level.sarif(),
            it.rule,
            it.subject,
            it.message.replace('\n', " ")
        ));
    }
    s
}

/// GitHub's limit for an issue or pull-request comment body.
pub const COMMENT_LIMIT: usize = 65_536;

/// Cuts a markdown comment to fit GitHub's limit, at a line boundary, with a note.
pub fn fit_comment(md: String) -> String {
    let budget = COMMENT_LIMIT - 400;
    if md.len() <= budget {
        return md;
    }
    let mut cut = budget;
    while !md.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = md[..cut].rfind('\n').unwrap_or(cut);
    let head = &md[..cut];
    // Close an open code fence or <details> so the rest of the page renders.
    let mut tail = String::new();
    if head.matches("```").count() % 2 == 1 {
        tail.push_str("\n```");
    }
    let open = head
        .matches("<details>")
        .count()
        .saturating_sub(head.matches("</details>").count());
    for _ in 0..open {
        tail.push_str("\n</details>");
    }
    format!(
        "{head}{tail}\n\n---\n_Cut to fit GitHub's comment limit: {} more characters. The full report is `syncplan … --format markdown` (or the workflow's artifact)._\n",
        md.len() - cut
    )
}

/// `[app] Type.property`, `Type`, `sync.property`: what a diff finding is about.
pub fn finding_subject(f: &crate::classify::Finding) -> String {
    let app = f.app.as_ref().map(|a| format!("[{a}] ")).unwrap_or_default();
    app + &match (&f.object_type, &f.property) {
        (Some(t), Some(p)) => format!("{t}.{p}"),
        (Some(t), None) => t.clone(),
        (None, Some(p)) => format!("sync.{p}"),
        (None, None) => "sync".into(),
    }
}

/// Diff findings as CI items: those in `failing` (fingerprints) are errors, other breaking ones
/// warnings, the rest notes; waived ones carry their waiver.
pub fn finding_items(findings: &[crate::classify::Finding], failing: &std::collections::BTreeSet<String>) -> Vec<Item> {
    use crate::rules::Verdict;
    findings
        .iter()
        .map(|f| {
            let level = if failing.contains(&f.fingerprint) {
                Level::Error
            } else if f.server.max(f.client) >= Verdict::NeedsAction {
                Level::Warning
            } else {
                Level::Note
            };
            Item {
                rule: f.rule.to_string(),
                level,
                subject: finding_subject(f),
                message: match f.local {
                    Some(l) => format!("{} [server: {}, client: {}, local: {l}]", f.message, f.server, f.client),
                    None => format!("{} [server: {}, client: {}]", f.message, f.server, f.client),
                },
                help: f.help.clone(),
                location: f.location.clone(),
                fingerprint: Some(f.fingerprint.clone()),
                accepted: f
                    .accepted
                    .as_ref()
                    .map(|a| format!("{} (owner {}, until {})", a.reason, a.owner, a.expires)),
            }
        })
        .collect()
}

/// The validation errors of an invalid side and the local schema-version findings of a
/// comparison (`crate::local`), as CI items.
pub fn comparison_items(c: &crate::classify::Classified) -> Vec<Item> {
    let mut items = Vec::new();
    if let Some(v) = &c.validation {
        items.extend(diagnostic_items(
            v.new
                .findings
                .iter()
                .filter(|d| d.severity == crate::diagnostic::Severity::Error),
        ));
    }
    if let Some(l) = &c.local {
        items.extend(diagnostic_items(l.findings.iter()));
    }
    items
}

/// The rule catalog as SARIF rules.
pub fn catalog_rules() -> Vec<RuleInfo> {
    crate::rules::ALL
        .iter()
        .map(|r| RuleInfo {
            id: r.id.to_string(),
            summary: r.summary.to_string(),
            help: format!("{}\n\n{}\n\nReference: {}", r.why, r.action, r.reference),
            tags: r.tags.iter().map(|t| t.as_str().to_string()).collect(),
        })
        .collect()
}

fn diag_level(s: crate::diagnostic::Severity) -> Level {
    match s {
        crate::diagnostic::Severity::Error => Level::Error,
        crate::diagnostic::Severity::Warning => Level::Warning,
        crate::diagnostic::Severity::Info => Level::Note,
    }
}

/// Validation and consistency diagnostics as CI items.
pub fn diagnostic_items<'a>(diags: impl Iterator<Item = &'a crate::diagnostic::Diagnostic>) -> Vec<Item> {
    diags
        .map(|d| Item {
            rule: d.id.to_string(),
            level: diag_level(d.severity),
            subject: d.path.clone(),
            message: d.message.clone(),
            help: d.help.clone(),
            location: d.location.clone(),
            fingerprint: None,
            accepted: None,
        })
        .collect()
}

/// The validation and consistency ids as SARIF rules.
pub fn diagnostic_rules() -> Vec<RuleInfo> {
    crate::diagnostic::KINDS
        .iter()
        .map(|k| RuleInfo {
            id: k.id.to_string(),
            summary: k.summary.to_string(),
            help: k.help.to_string(),
            tags: vec![],
        })
        .collect()
}

/// The markdown comment of `validate` and `check`: verdict, then a findings table.
pub fn diagnostic_markdown(title: &str, verdict: &str, items: &[Item]) -> String {
    let mut s = format!("## syncplan {title}: {verdict}\n\n");
    if items.is_empty() {
        s.push_str("No findings.\n");
        return s;
    }
    s.push_str("| level | id | subject | message | location |\n|---|---|---|---|---|\n");
    for it in items {
        s.push_str(&format!(
            "| {} | `{}` | `{}` | {} | {} |\n",
            it.level.sarif(),
            it.rule,
            it.subject.replace('|', "\\|"),
            it.message.replace('|', "\\|"),
            it.location.as_ref().map(|l| format!("`{l}`")).unwrap_or_default()
        ));
    }
    fit_comment(s)
}

/// The unread parts as CI items (SARIF, GitHub, JUnit, one line each): errors when the
/// incomplete comparison fails the gate, else warnings.
pub fn unread_items(inc: &[crate::unread::Incomplete], fails_gate: bool) -> Vec<Item> {
    let level = if fails_gate { Level::Error } else { Level::Warning };
    inc.iter()
        .flat_map(|i| diagnostic_items(i.parts.iter()))
        .map(|mut it| {
            it.level = level;
            it.message = format!("{} (the comparison is incomplete)", it.message);
            it
        })
        .collect()
}

/// SARIF rules for the unread-part ids (to append to the rule catalog's).
pub fn unread_rules() -> Vec<RuleInfo> {
    diagnostic_rules()
        .into_iter()
        .filter(|r| crate::unread::IDS.contains(&r.id.as_str()))
        .collect()
}
