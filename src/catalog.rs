//! The rule catalog as text, JSON and generated markdown (`docs/rules/`), and the JSON Schema of
//! the diff report. Everything here is derived from `rules::ALL` and the example pairs.

use std::path::Path;

use crate::rules::{ALL, Context, Rule};

/// One example pair embedded at build time (`build.rs`).
pub struct Example {
    pub name: &'static str,
    pub before: &'static [(&'static str, &'static str)],
    pub after: &'static [(&'static str, &'static str)],
    /// `renames.txt`: one `--rename` value per line.
    pub renames: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

pub fn example(name: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.name == name)
}

/// JSON Schema (draft 2020-12) of `syncplan diff --format json`.
pub const REPORT_SCHEMA: &str = include_str!("../docs/json-report.schema.json");
/// `syncplan schema plan`: the JSON Schema of `syncplan plan --format json`.
pub const PLAN_SCHEMA: &str = include_str!("../docs/json-plan.schema.json");
/// `syncplan schema validate`: the JSON Schema of `syncplan validate --format json`.
pub const VALIDATE_SCHEMA: &str = include_str!("../docs/json-validate.schema.json");
/// `syncplan schema check`: the JSON Schema of `syncplan check --format json`.
pub const CHECK_SCHEMA: &str = include_str!("../docs/json-check.schema.json");
/// `syncplan schema config`: the JSON Schema of `syncplan.toml`.
pub const CONFIG_SCHEMA: &str = include_str!("../docs/syncplan-toml.schema.json");

const SV: Context = Context {
    development_mode: false,
    schema_versioning: true,
    local: false,
};

fn tags(r: &Rule) -> String {
    r.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
}

pub fn list_text() -> String {
    let w = ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut s = format!(
        "{:<w$}  {:<14}  {:<14}  {:<22}  summary\n",
        "rule", "server", "client", "server (schema-vers.)"
    );
    for r in ALL {
        let (svs, _) = r.verdicts(&SV);
        s.push_str(&format!(
            "{:<w$}  {:<14}  {:<14}  {:<22}  {}\n",
            r.id,
            r.server.as_str(),
            r.client.as_str(),
            svs.as_str(),
            r.summary
        ));
    }
    s.push_str(
        "\n`syncplan rules ID` explains one rule. Contexts: development-mode changes no verdict (see each rule); \
flexible/partition only decide which sync rules can fire.\n",
    );
    s
}

fn rule_value(r: &Rule) -> serde_json::Value {
    let (svs, cvs) = r.verdicts(&SV);
    serde_json::json!({
        "id": r.id,
        "summary": r.summary,
        "server": r.server,
        "client": r.client,
        "contexts": {
            "default": {"server": r.server, "client": r.client},
            "schema-versioning": {"server": svs, "client": cvs},
            "development-mode": {"server": r.server, "client": r.client, "note": r.development_mode},
        },
        "tags": r.tags,
        "why": r.why,
        "action": r.action,
        "reference": r.reference,
    })
}

pub fn list_json() -> String {
    let v: Vec<serde_json::Value> = ALL.iter().map(|r| rule_value(r)).collect();
    crate::render::to_json(&serde_json::json!({"format_version": crate::render::FORMAT_VERSION, "rules": v}))
}

pub fn rule_json(r: &Rule) -> String {
    crate::render::to_json(&rule_value(r))
}

fn verdict_table(r: &Rule) -> String {
    let (svs, cvs) = r.verdicts(&SV);
    format!(
        "| context | server schema | client model |\n|---|---|---|\n| default | {} | {} |\n| schema-versioning | {} | {} |\n| development-mode | {} | {} |\n",
        r.server, r.client, svs, cvs, r.server, r.client
    )
}

fn files_block(files: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for (rel, content) in files {
        let lang = if rel.ends_with(".json") {
            "json"
        } else if rel.ends_with(".yaml") || rel.ends_with(".yml") {
            "yaml"
        } else {
            ""
        };
        s.push_str(&format!("`{rel}`\n\n```{lang}\n{}\n```\n\n", content.trim_end()));
    }
    s
}

/// Example files: (relative path, content).
type Files = Vec<(&'static str, &'static str)>;

/// Files that differ between the two sides (by path and content), and the unchanged ones.
fn changed_files(e: &Example) -> (Files, Files, Vec<&'static str>) {
    let same: Vec<&'static str> = e
        .before
        .iter()
        .filter(|b| e.after.contains(b))
        .map(|(p, _)| *p)
        .collect();
    let before = e.before.iter().filter(|(p, _)| !same.contains(p)).copied().collect();
    let after = e.after.iter().filter(|(p, _)| !same.contains(p)).copied().collect();
    (before, after, same)
}

/// `syncplan rules ID`.
pub fn explain(r: &Rule) -> String {
    let mut s = format!("{}: {}\n\n", r.id, r.summary);
    let (svs, _) = r.verdicts(&SV);
    s.push_str(&format!(
        "server schema: {}   client model: {}   (server with schema versioning: {})\n",
        r.server, r.client, svs
    ));
    if !r.tags.is_empty() {
        s.push_str(&format!("tags: {}\n", tags(r)));
    }
    s.push_str(&format!(
        "\nwhy:\n  {}\n\nwhat to do:\n  {}\n\ndevelopment mode:\n  {}\n\nreference:\n  {}\n",
        r.why, r.action, r.development_mode, r.reference
    ));
    if let Some(e) = example(r.id) {
        let (before, after, _) = changed_files(e);
        s.push_str(&format!(
            "\nexample (migrations-examples/{}, changed files only):\n\n--- before ---\n",
            e.name
        ));
        for (rel, c) in &before {
            s.push_str(&format!("{rel}:\n{}\n", c.trim_end()));
        }
        s.push_str("\n--- after ---\n");
        for (rel, c) in &after {
            s.push_str(&format!("{rel}:\n{}\n", c.trim_end()));
        }
        if let Some(r) = e.renames {
            s.push_str(&format!(
                "\nrename hints (--rename): {}\n",
                r.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
    }
    s
}

/// The rename hints of an example directory (`renames.txt`), checked against both models.
pub fn example_hints(
    dir: &Path,
    old: &crate::model::Schema,
    new: &crate::model::Schema,
) -> Result<Vec<crate::diff::RenameHint>, String> {
    let hints = match std::fs::read_to_string(dir.join("renames.txt")) {
        Ok(t) => t
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(crate::diff::RenameHint::parse)
            .collect::<Result<Vec<_>, _>>()?,
        Err(_) => Vec::new(),
    };
    crate::diff::check_hints(old, new, &hints)?;
    Ok(hints)
}

/// The markdown diff report of an example directory, as in `snapshots/`. A load error or a bad
/// rename hint is reported in place of the report (never silently dropped).
pub fn example_report(dir: &Path) -> Option<String> {
    let c = match example_comparison(dir) {
        Ok(c) => c,
        Err(e) => return Some(format!("error: {e}\n")),
    };
    Some(crate::render::report::markdown(&c.classified, &c.meta()))
}

/// The rename hints of an example directory (`renames.txt`), one per line.
fn example_renames(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("renames.txt"))
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// An example directory's `before` and `after` through the library pipeline, with its rename
/// hints, in the default context (`local` for a local-realm example, see [`example_is_local`])
/// and without configuration.
pub fn example_comparison(dir: &Path) -> Result<crate::pipeline::Comparison, String> {
    let o = crate::load::load_one(&dir.join("before")).map_err(|e| e.to_string())?;
    let n = crate::load::load_one(&dir.join("after")).map_err(|e| e.to_string())?;
    let options = crate::pipeline::Options {
        renames: example_renames(dir),
        context: if example_is_local(dir) {
            vec![crate::pipeline::DeployContext::Local]
        } else {
            vec![]
        },
        ..Default::default()
    };
    Ok(crate::pipeline::compare_models(o, n, &options, &Default::default())?)
}

/// The markdown plan of an example directory (findings, ordered steps, client changes for every
/// SDK), as in `snapshots/`. A load error or a bad rename hint is reported in its place.
pub fn example_plan(dir: &Path) -> String {
    let c = match example_comparison(dir) {
        Ok(c) => c,
        Err(e) => return format!("error: {e}\n"),
    };
    let Some((_, o, n)) = c.pairs.first() else {
        return "error: nothing to compare\n".to_string();
    };
    let plan = crate::plan::plan(
        &c.classified,
        &o.schema,
        &n.schema,
        &crate::plan::PlanOptions::default(),
    );
    let client = crate::plan::client::instructions(
        &c.classified,
        &o.schema,
        &n.schema,
        &crate::codegen::Sdk::ALL,
        &plan,
        false,
    );
    crate::render::plan::markdown(&c.classified, &plan, &client.markdown, &c.meta())
}

/// An example judged as a local (non-synced) realm: its directory is named `local_*` or holds a
/// `context.txt` that says `local`.
pub fn example_is_local(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("local_"))
        || std::fs::read_to_string(dir.join("context.txt")).is_ok_and(|s| s.trim() == "local")
}

/// `docs/rules/README.md`.
pub fn rules_readme() -> String {
    let mut s =
        String::from("<!-- GENERATED by `syncplan docs` from src/rules/. Do not edit by hand. -->\n# Rule catalog\n\n");
    s.push_str(
        "Each change between two model versions is judged twice: if made in the **server-side App Services schema** \
and if made in the **client-side SDK model** (the two columns of MongoDB's *Update Your Data Model* table). \
`schema-versioning` applies only under `--context schema-versioning`. `needs-action` sits between non-breaking and \
schema-versioning: the change is safe only after an action syncplan cannot see (a backfill or a data check), so the default \
`--fail-on needs-action` gate fails on it until it is accepted in `syncplan.toml`.\n\n",
    );
    s.push_str("| rule | server | client | server (schema-versioning) | tags | summary |\n|---|---|---|---|---|---|\n");
    for r in ALL {
        let (svs, _) = r.verdicts(&SV);
        s.push_str(&format!(
            "| [`{0}`]({0}.md) | {1} | {2} | {3} | {4} | {5} |\n",
            r.id,
            r.server,
            r.client,
            svs,
            tags(r),
            r.summary
        ));
    }
    s.push_str("\nTags: `client-reset` (clients reset), `needs-backfill` (existing documents must be updated), `destructive` \
(data stops syncing or is lost), `resync` (the server re-inserts the collection's documents), `data-dependent` (depends on \
the data or on what clients query).\n");
    s
}

/// `docs/rules/<id>.md`; `root` is the crate root holding `migrations-examples/`.
pub fn rule_page(r: &Rule, root: &Path) -> String {
    let mut s = format!(
        "<!-- GENERATED by `syncplan docs` from src/rules/{}.rs. Do not edit by hand. -->\n# `{}`\n\n{}\n\n",
        r.id, r.id, r.summary
    );
    s.push_str(&verdict_table(r));
    if !r.tags.is_empty() {
        s.push_str(&format!(
            "\nTags: {}\n",
            r.tags
                .iter()
                .map(|t| format!("`{}`", t.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    s.push_str(&format!(
        "\n## Why\n\n{}\n\n## What to do\n\n{}\n\n## Development Mode\n\n{}\n\n## Reference\n\n{}\n",
        r.why, r.action, r.development_mode, r.reference
    ));
    if let Some(e) = example(r.id) {
        s.push_str(&format!("\n## Example (`migrations-examples/{}`)\n\n", e.name));
        let (before, after, same) = changed_files(e);
        if !same.is_empty() {
            s.push_str(&format!(
                "Unchanged files not shown: {}.\n\n",
                same.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        s.push_str("### Before\n\n");
        s.push_str(&files_block(&before));
        s.push_str("### After\n\n");
        s.push_str(&files_block(&after));
        if let Some(r) = e.renames {
            s.push_str(&format!(
                "Rename hints (`renames.txt`, passed as `--rename`):\n\n```\n{}\n```\n\n",
                r.trim_end()
            ));
        }
        let dir = if root == Path::new(".") {
            Path::new("migrations-examples").join(e.name)
        } else {
            root.join("migrations-examples").join(e.name)
        };
        if let Some(rep) = example_report(&dir) {
            s.push_str("### Report\n\n");
            // Demote the report's headings below this page's.
            s.push_str(
                &rep.replace("\n### ", "\n#### ")
                    .replacen("## syncplan", "#### syncplan", 1),
            );
        }
    }
    s
}

/// What a finding tag means (shown by `syncplan explain`). Exhaustive: a new tag must be
/// described here.
pub fn tag_meaning(t: crate::rules::Tag) -> &'static str {
    use crate::rules::Tag;
    match t {
        Tag::ClientReset => "clients must (or, for some devices, will) perform a client reset",
        Tag::NeedsBackfill => "existing documents must be updated (backfilled or converted) or they stop syncing",
        Tag::Destructive => "data stops syncing or is lost",
        Tag::Resync => "the server re-reads and re-inserts the collection's documents (a brief halt of sync)",
        Tag::DataDependent => {
            "the impact depends on the data or on what clients do (e.g. which subscriptions they use)"
        }
    }
}

/// Every tag, in legend order.
pub const TAGS: [crate::rules::Tag; 5] = [
    crate::rules::Tag::ClientReset,
    crate::rules::Tag::NeedsBackfill,
    crate::rules::Tag::Destructive,
    crate::rules::Tag::Resync,
    crate::rules::Tag::DataDependent,
];

/// The tag legend: one line per tag.
pub fn tag_legend() -> String {
    let mut s = String::from("tags:\n");
    for t in TAGS {
        s.push_str(&format!("  {:<15} {}\n", t.as_str(), tag_meaning(t)));
    }
    s
}

/// `syncplan explain` without an id: what can be explained, and the tag legend.
pub fn explain_index() -> String {
    format!(
        "syncplan explain ID explains any id syncplan prints:\n  \
         - a change rule of `syncplan diff` ({} rules; `syncplan rules` lists them),\n  \
         - a validation or consistency finding of `validate` and `check` ({} ids; docs/validation.md lists them),\n  \
         - a tag.\n\n{}",
        ALL.len(),
        crate::diagnostic::KINDS.len(),
        tag_legend()
    )
}

/// `syncplan explain ID`: a rule, a validation/consistency id, or a tag; `None` when unknown.
pub fn explain_id(id: &str) -> Option<String> {
    if let Some(r) = crate::rules::by_id(id) {
        let mut s = explain(r);
        if !r.tags.is_empty() {
            s.push('\n');
            s.push_str(&tag_legend());
        }
        return Some(s);
    }
    if let Some(k) = crate::diagnostic::KINDS.iter().find(|k| k.id == id) {
        let stage = match k.stage {
            crate::diagnostic::Stage::Load => "reading the model (validate, check, diff, plan)",
            crate::diagnostic::Stage::Validate => "syncplan validate",
            crate::diagnostic::Stage::Check => "syncplan check",
            crate::diagnostic::Stage::Export => "syncplan export",
            crate::diagnostic::Stage::Local => "syncplan diff / plan / history under --context local",
        };
        return Some(format!(
            "{}: {}\n\nlevel: {}   reported by: {stage}\n\nwhat to do:\n  {}\n",
            k.id, k.summary, k.severity, k.help
        ));
    }
    TAGS.iter()
        .find(|t| t.as_str() == id)
        .map(|&t| format!("{} (tag): {}\n\n{}", t.as_str(), tag_meaning(t), tag_legend()))
}
