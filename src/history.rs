//! HISTORY: a local realm's model at every release (git tag, or every commit touching the model),
//! each transition judged under `--context local`, releases that changed the model without a
//! schema-version bump flagged, and the chained migration from the oldest version to the newest
//! (each step guarded by its own version, so an app that skipped releases migrates correctly).

use serde::Serialize;

use crate::classify::Classified;
use crate::diff::DiffOptions;
use crate::load::Loaded;
use crate::local::LocalVerdict;
use crate::migrate::LocalPlan;
use crate::rules::Context;

/// One release of the model.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    pub rev: String,
    pub label: String,
    pub schema_version: Option<u64>,
    pub object_types: usize,
}

/// One step from a release to the next.
#[derive(Debug, Clone, Serialize)]
pub struct Transition {
    pub from: String,
    pub to: String,
    pub verdict: LocalVerdict,
    /// The model changed in a way that needs a bump, but the version did not go up.
    pub not_bumped: bool,
    /// `rule subject` of every finding.
    pub changes: Vec<String>,
    #[serde(skip)]
    pub classified: Classified,
    #[serde(skip)]
    pub plan: LocalPlan,
}

#[derive(Debug, Clone, Serialize)]
pub struct History {
    pub path: String,
    pub releases: Vec<Release>,
    pub transitions: Vec<Transition>,
    /// The migration from the oldest release to the newest.
    pub chained: LocalPlan,
    /// Releases left out because the model could not be read there (`label: reason`).
    #[serde(skip)]
    pub skipped: Vec<String>,
}

impl History {
    /// Whether a release changed the model without the bump it needed.
    pub fn has_unbumped(&self) -> bool {
        self.transitions.iter().any(|t| t.not_bumped)
    }
}

/// Judges one transition between two loaded releases.
pub fn transition(old: &Loaded, new: &Loaded) -> Classified {
    let ctx = Context {
        local: true,
        ..Context::default()
    };
    let changes = crate::diff::diff(&old.schema, &new.schema, &DiffOptions::default());
    let mut c = crate::classify::classify(&changes, &ctx);
    crate::classify::attach_local(&mut c, old, new, &ctx, None);
    c
}

fn version_of(c: &Classified, new_side: bool) -> Option<u64> {
    c.local.as_ref().and_then(|l| {
        if new_side {
            l.schema_version.new.version
        } else {
            l.schema_version.old.version
        }
    })
}

/// Builds the history from releases already loaded (oldest first).
pub fn from_releases(path: &str, loaded: Vec<(String, String, Loaded)>) -> History {
    let mut releases = Vec::new();
    let mut transitions = Vec::new();
    for (i, (rev, label, l)) in loaded.iter().enumerate() {
        let version = if i == 0 {
            loaded
                .get(1)
                .map(|(_, _, n)| version_of(&transition(l, n), false))
                .unwrap_or_else(|| version_of(&transition(l, l), false))
        } else {
            let (_, _, prev) = &loaded[i - 1];
            let c = transition(prev, l);
            let v = version_of(&c, true);
            let plan = crate::migrate::plan(&c);
            let verdict = c.verdict.local.unwrap_or(LocalVerdict::None);
            let not_bumped = c.local.as_ref().is_some_and(|r| {
                r.findings
                    .iter()
                    .any(|d| d.id == crate::diagnostic::kinds::SCHEMA_VERSION_NOT_BUMPED.id)
            });
            transitions.push(Transition {
                from: loaded[i - 1].1.clone(),
                to: label.clone(),
                verdict,
                not_bumped,
                changes: c
                    .findings
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {}{}",
                            f.rule,
                            f.object_type.as_deref().unwrap_or(""),
                            f.property.as_deref().map(|p| format!(".{p}")).unwrap_or_default()
                        )
                    })
                    .collect(),
                classified: c,
                plan,
            });
            v
        };
        releases.push(Release {
            rev: rev.clone(),
            label: label.clone(),
            schema_version: version,
            object_types: l.schema.types.len(),
        });
    }
    let steps: Vec<LocalPlan> = transitions
        .iter()
        .filter(|t| t.verdict >= LocalVerdict::Bump)
        .map(|t| t.plan.clone())
        .collect();
    let chained = LocalPlan::chained(steps);
    History {
        path: path.to_string(),
        releases,
        transitions,
        chained,
        skipped: Vec::new(),
    }
}

/// Loads `path` at every release in the range and builds its history.
pub fn history(path: &str, from: Option<&str>, to: Option<&str>) -> Result<History, crate::error::Error> {
    let points = crate::git::history_points(path, from, to)?;
    let mut loaded = Vec::new();
    let mut skipped = Vec::new();
    for (rev, label) in points {
        // A release where the model does not exist yet (or cannot be read) is skipped, and said so.
        match crate::git::load_at(&rev, path) {
            Ok(mut all) if all.len() == 1 => {
                if let Some(l) = all.pop() {
                    loaded.push((rev, label, l));
                }
            }
            Ok(all) => {
                return Err(crate::error::Error::Usage(format!(
                    "{path} at {label} holds {} models; name one",
                    all.len()
                )));
            }
            Err(e) => skipped.push(format!("{label}: {e} (skipped)")),
        }
    }
    if loaded.is_empty() {
        return Err(crate::error::Error::Usage(format!(
            "{path}: no release in the range holds a model"
        )));
    }
    let mut h = from_releases(path, loaded);
    h.skipped = skipped;
    Ok(h)
}

/// The history as text.
pub fn text(h: &History, code: &[(crate::migrate::Target, String)]) -> String {
    let mut s = format!("{}: {} releases\n\n", h.path, h.releases.len());
    for r in &h.releases {
        let v = r
            .schema_version
            .map(|v| v.to_string())
            .unwrap_or_else(|| "unknown".into());
        s.push_str(&format!(
            "  {:<14} schemaVersion {v:<8} {} types\n",
            r.label, r.object_types
        ));
    }
    s.push('\n');
    for t in &h.transitions {
        let flag = if t.not_bumped {
            "  ← CHANGED THE MODEL WITHOUT A BUMP"
        } else {
            ""
        };
        s.push_str(&format!(
            "  {} → {}: {} ({}){flag}\n",
            t.from,
            t.to,
            t.verdict,
            t.verdict.words()
        ));
        for c in &t.changes {
            s.push_str(&format!("      {c}\n"));
        }
    }
    s.push_str(&crate::migrate::text(&h.chained, code));
    s
}

/// The history as markdown.
pub fn markdown(h: &History, code: &[(crate::migrate::Target, String)]) -> String {
    let mut s = format!(
        "## syncplan history: `{}`\n\n| release | schemaVersion | types |\n|---|---|---|\n",
        h.path
    );
    for r in &h.releases {
        let v = r
            .schema_version
            .map(|v| v.to_string())
            .unwrap_or_else(|| "unknown".into());
        s.push_str(&format!("| `{}` | {v} | {} |\n", r.label, r.object_types));
    }
    s.push_str("\n| transition | local | bumped | changes |\n|---|---|---|---|\n");
    for t in &h.transitions {
        s.push_str(&format!(
            "| `{}` → `{}` | `{}` | {} | {} |\n",
            t.from,
            t.to,
            t.verdict,
            if t.not_bumped { "⛔ no" } else { "yes" },
            t.changes.join("; ").replace('|', "\\|")
        ));
    }
    s.push_str(&crate::migrate::markdown(&h.chained, code));
    s
}

/// The history as JSON.
pub fn json(h: &History, code: &[(crate::migrate::Target, String)]) -> String {
    crate::render::to_json(&serde_json::json!({
        "format_version": crate::render::FORMAT_VERSION,
        "command": "history",
        "path": h.path,
        "releases": h.releases,
        "transitions": h.transitions,
        "migration": crate::migrate::json(&h.chained, code),
    }))
}
