//! The library entry point: inputs + options + `syncplan.toml` → a gated, classified comparison.
//!
//! This is what `syncplan diff`, `plan` and `changelog` run, and what the catalog, the tests and
//! the fuzz targets call: pair the apps of a monorepo, diff each pair, classify every change,
//! apply the configuration's rule levels and `[[accept]]` waivers, and decide which findings fail
//! the gate. It neither prints nor exits; the renderers in [`crate::render`] turn the result into
//! text, markdown, JSON or CI formats.
//!
//! ```
//! use syncplan::pipeline::{self, Options};
//!
//! let old = syncplan::load::load_one("migrations-examples/property_added_optional/before".as_ref()).unwrap();
//! let new = syncplan::load::load_one("migrations-examples/property_added_optional/after".as_ref()).unwrap();
//! let cmp = pipeline::compare_models(old, new, &Options::default(), &Default::default()).unwrap();
//! assert!(!cmp.fails());
//! assert_eq!(cmp.classified.findings[0].rule, "property_added_optional");
//! ```

#![deny(missing_docs)]

use std::collections::BTreeSet;
use std::path::Path;

use crate::classify::{Accepted, Classified, Finding};
use crate::config::{self, Config, ConfigProblem, RuleLevel};
use crate::diff::{DiffOptions, RenameHint};
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::model::Schema;
use crate::render::report::{ConfigSection, ReportMeta};
use crate::rules::{Context, Verdict};

/// A deployment context (`--context`, `context = [...]` in `syncplan.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeployContext {
    /// The app runs with Development Mode on.
    DevelopmentMode,
    /// Breaking changes go through a schema version.
    SchemaVersioning,
    /// Flexible Sync.
    Flexible,
    /// Partition-based Sync.
    Partition,
    /// A local (non-synced) realm: every finding gets a local verdict (`crate::local`).
    Local,
}

impl DeployContext {
    /// Every context, in the order the command line lists them.
    pub const ALL: [DeployContext; 5] = [
        DeployContext::DevelopmentMode,
        DeployContext::SchemaVersioning,
        DeployContext::Flexible,
        DeployContext::Partition,
        DeployContext::Local,
    ];

    /// The name used on the command line and in `syncplan.toml`.
    pub fn name(self) -> &'static str {
        match self {
            DeployContext::DevelopmentMode => "development-mode",
            DeployContext::SchemaVersioning => "schema-versioning",
            DeployContext::Flexible => "flexible",
            DeployContext::Partition => "partition",
            DeployContext::Local => "local",
        }
    }

    /// The context named `s`, if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// The lowest level of finding that fails the run (`--fail-on`, `fail_on` in `syncplan.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FailOn {
    /// Any breaking finding, server or client.
    Breaking,
    /// A finding breaking for the server schema.
    ServerBreaking,
    /// A finding breaking for the client model.
    ClientBreaking,
    /// Any finding that is breaking or schema-versioning.
    SchemaVersioning,
    /// Any finding that is breaking, schema-versioning or needs an action first (a backfill or a
    /// data check): the default of `diff`.
    NeedsAction,
    /// Any finding at all.
    Any,
    /// Never fail.
    None,
    /// A change a local realm needs migration code for (implies the local context; its default gate).
    Migration,
    /// A change a local realm needs a schemaVersion bump for (implies the local context).
    Bump,
}

impl FailOn {
    /// Every level, in the order the command line lists them.
    pub const ALL: [FailOn; 9] = [
        FailOn::Breaking,
        FailOn::ServerBreaking,
        FailOn::ClientBreaking,
        FailOn::SchemaVersioning,
        FailOn::NeedsAction,
        FailOn::Any,
        FailOn::None,
        FailOn::Migration,
        FailOn::Bump,
    ];

    /// The name used on the command line and in `syncplan.toml`.
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Breaking => "breaking",
            FailOn::ServerBreaking => "server-breaking",
            FailOn::ClientBreaking => "client-breaking",
            FailOn::SchemaVersioning => "schema-versioning",
            FailOn::NeedsAction => "needs-action",
            FailOn::Any => "any",
            FailOn::None => "none",
            FailOn::Migration => "migration",
            FailOn::Bump => "bump",
        }
    }

    /// The level named `s`, if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == s)
    }

    /// Whether `f` is at or above this level.
    pub fn fails(self, f: &Finding) -> bool {
        match self {
            FailOn::Breaking => f.server == Verdict::Breaking || f.client == Verdict::Breaking,
            FailOn::ServerBreaking => f.server == Verdict::Breaking,
            FailOn::ClientBreaking => f.client == Verdict::Breaking,
            FailOn::SchemaVersioning => f.server.max(f.client) >= Verdict::SchemaVersioning,
            FailOn::NeedsAction => f.server.max(f.client) >= Verdict::NeedsAction,
            FailOn::Any => true,
            FailOn::None => false,
            FailOn::Migration => f.local >= Some(crate::local::LocalVerdict::Migration),
            FailOn::Bump => f.local >= Some(crate::local::LocalVerdict::Bump),
        }
    }
}

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource<'a> {
    /// `syncplan.toml` in this directory or the nearest parent; none found is an empty config.
    Discover(&'a Path),
    /// This file (it must exist).
    File(&'a Path),
    /// No configuration.
    Ignore,
}

/// Reads the configuration from `source`.
pub fn load_config(source: ConfigSource) -> Result<Config, Error> {
    match source {
        ConfigSource::Ignore => Ok(Config::default()),
        ConfigSource::File(p) => config::load(p),
        ConfigSource::Discover(start) => match config::find(start) {
            Some(p) => config::load(&p),
            None => Ok(Config::default()),
        },
    }
}

/// What to compare with, beyond the inputs. Empty fields take their value from the
/// configuration (command-line flags win over `syncplan.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Rename hints: `Old=New` (object type) or `Type.old=Type.new` (property).
    pub renames: Vec<String>,
    /// Deployment contexts.
    pub context: Vec<DeployContext>,
    /// The gate; `None` takes `fail_on` from the configuration, else [`FailOn::NeedsAction`]
    /// ([`FailOn::Migration`] under the local context).
    pub fail_on: Option<FailOn>,
    /// Local realm schema versions OLD and NEW (`--schema-version OLD:NEW`; implies the local
    /// context); `None` reads them from the models.
    pub schema_version: Option<(u64, u64)>,
}

/// One side of a comparison: the argument as the user gave it and the models it holds (several
/// for a directory of apps).
#[derive(Debug, Clone)]
pub struct Side {
    /// The path or `REV:PATH` given.
    pub arg: String,
    /// The models loaded from it.
    pub models: Vec<Loaded>,
    /// What the reader should know about this side (e.g. it did not exist at the revision).
    pub notes: Vec<String>,
}

impl Side {
    /// A side holding these models, without notes.
    pub fn new(arg: impl Into<String>, models: Vec<Loaded>) -> Self {
        Side {
            arg: arg.into(),
            models,
            notes: Vec::new(),
        }
    }
}

/// Loads OLD and NEW as given on the command line: two inputs (each a path or `REV:PATH`), or,
/// with `against`, one path compared with itself at that revision.
pub fn load_sides(inputs: &[String], against: Option<&str>) -> Result<(Side, Side), Error> {
    let (old_arg, new_arg) = match (against, inputs) {
        (Some(rev), [path]) => (format!("{rev}:{path}"), path.clone()),
        (Some(_), _) => {
            return Err(Error::Usage(
                "with --against, give one PATH (it is compared with itself at the revision)".into(),
            ));
        }
        (None, [old, new]) => (old.clone(), new.clone()),
        (None, _) => return Err(Error::Usage("give OLD and NEW, or --against REV PATH".into())),
    };
    // The old side at a revision may not exist yet (an app added in this change): it is then an
    // empty model, with a note.
    let old_at_rev = match against {
        Some(rev) => Some((rev.to_string(), new_arg.clone(), crate::git::PathBase::CurrentDir)),
        None => crate::git::split_rev_path(&old_arg).map(|(r, p)| (r, p, crate::git::PathBase::GitSpec)),
    };
    // The two sides load in parallel (OLD on a second thread). NEW's error goes first: a path
    // that exists on neither side is reported as missing where the user has it.
    let mut notes = Vec::new();
    let mut missing = None;
    let (news, olds) = std::thread::scope(|scope| {
        let old = scope.spawn(|| -> Result<_, Error> {
            Ok(match &old_at_rev {
                Some((rev, path, base)) => {
                    let (exists, label) = crate::git::exists_at(rev, path, *base)?;
                    if exists {
                        (crate::git::load_at_from(rev, path, *base)?, None)
                    } else {
                        (Vec::new(), Some((rev.clone(), label)))
                    }
                }
                None => (crate::git::load_input(&old_arg)?, None),
            })
        });
        let news = crate::git::load_input(&new_arg);
        let olds = old.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (news, olds)
    });
    let news = news?;
    let (olds, absent) = olds?;
    if let Some((rev, label)) = absent {
        notes.push(format!(
            "{label} does not exist at {rev}: compared with an empty model (everything in it is added)"
        ));
        missing = Some(label);
    }
    let olds = match (missing, news.as_slice()) {
        (Some(label), [like]) => vec![Loaded {
            schema: crate::model::Schema::new(like.schema.side),
            root: label,
            kind: like.kind,
            diagnostics: vec![],
        }],
        _ => olds,
    };
    Ok((
        Side {
            arg: old_arg,
            models: olds,
            notes,
        },
        Side::new(new_arg, news),
    ))
}

/// Two versions of one app: its name inside a monorepo (`None` when each side held one app),
/// then OLD and NEW.
pub type AppPair = (Option<String>, Loaded, Loaded);

/// A model change ready to report: the paired models, the findings (configuration applied) and
/// the gate.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The apps compared.
    pub pairs: Vec<AppPair>,
    /// Every finding, sorted, with `accepted` set on waived ones.
    pub classified: Classified,
    /// The context the rules judged in.
    pub ctx: Context,
    /// The context names given (sorted, deduplicated), for reports.
    pub ctx_names: Vec<&'static str>,
    /// What OLD is called in reports.
    pub old_label: String,
    /// What NEW is called in reports.
    pub new_label: String,
    /// The gate in force.
    pub fail_on: FailOn,
    /// Whether the gate was asked for (options or configuration) rather than defaulted.
    pub fail_on_given: bool,
    /// Fingerprints of the findings that fail the gate (waived findings never do).
    pub failing: BTreeSet<String>,
    /// Problems with the configuration itself (an expired waiver fails the run).
    pub problems: Vec<ConfigProblem>,
    /// The configuration file read, as displayed.
    pub config_path: Option<String>,
    /// What the reader should know about the inputs (printed as `note:` lines).
    pub notes: Vec<String>,
    /// Compared models with parts that could not be read (SDK sources): the comparison is
    /// incomplete ([`crate::unread`]).
    pub incomplete: Vec<crate::unread::Incomplete>,
    /// Changes left out because they may only follow from those unread parts.
    pub left_out: usize,
}

impl Comparison {
    /// What the report was made from.
    pub fn meta(&self) -> ReportMeta<'_> {
        ReportMeta {
            old: &self.old_label,
            new: &self.new_label,
            context: self.ctx_names.clone(),
        }
    }

    /// Whether the run fails: a finding at or above the gate, or an expired waiver.
    pub fn fails(&self) -> bool {
        !self.failing.is_empty() || self.config_fails() || self.incomplete_fails() || self.blocked()
    }

    /// Whether the comparison fails every gate but [`FailOn::None`] whatever its findings: NEW is
    /// invalid, or a local schema-version error (`crate::local`).
    pub fn blocked(&self) -> bool {
        self.classified.blocks_gate() && self.fail_on != FailOn::None
    }

    /// Whether an incomplete comparison fails the gate: it cannot establish that nothing is at or
    /// above the gate, so it fails every gate but [`FailOn::None`].
    pub fn incomplete_fails(&self) -> bool {
        !self.incomplete.is_empty() && self.fail_on != FailOn::None
    }

    /// The `incomplete` section of JSON reports, when a compared model has unread parts.
    pub fn incomplete_section(&self) -> Option<serde_json::Value> {
        (!self.incomplete.is_empty()).then(|| crate::unread::note_json(&self.incomplete, self.left_out))
    }

    /// The gate of `plan` and `changelog`, which print artifacts rather than judge: they fail
    /// only when a gate was asked for (`--fail-on` or `fail_on` in `syncplan.toml`) and a finding
    /// is at or above it, or when a waiver expired. `diff` uses [`Comparison::fails`], whose gate
    /// defaults to [`FailOn::NeedsAction`].
    pub fn fails_when_asked(&self) -> bool {
        (self.fail_on_given && (!self.failing.is_empty() || self.incomplete_fails())) || self.config_fails()
    }

    /// Whether the configuration itself fails the run (an expired waiver).
    pub fn config_fails(&self) -> bool {
        self.problems.iter().any(|p| p.fails)
    }

    /// The directory that absolute paths in reports are best shown relative to: the git
    /// repository around the current directory when both inputs are inside it, else the deepest
    /// directory holding both inputs. `None` when the inputs are relative (shown as given).
    pub fn path_base(&self) -> Option<String> {
        let (o, n) = (Path::new(&self.old_label), Path::new(&self.new_label));
        if !o.is_absolute() || !n.is_absolute() {
            return None;
        }
        if let Some(top) = crate::git::toplevel()
            && o.starts_with(&top)
            && n.starts_with(&top)
        {
            return Some(load::display_path(&top));
        }
        let mut common = o.parent()?.to_path_buf();
        while !n.starts_with(&common) {
            common = common.parent()?.to_path_buf();
        }
        (common.parent().is_some()).then(|| load::display_path(&common))
    }

    /// Whether this finding fails the gate.
    pub fn is_failing(&self, f: &Finding) -> bool {
        self.failing.contains(&f.fingerprint)
    }

    /// The `config` section of JSON reports, when a configuration was read or has problems.
    pub fn config_section(&self) -> Option<ConfigSection> {
        if self.problems.is_empty() && self.config_path.is_none() {
            return None;
        }
        Some(ConfigSection {
            path: self.config_path.clone(),
            problems: self.problems.clone(),
        })
    }

    /// Notes on the inputs, then config problems, as text lines (`note: …`, `error: FILE: …`),
    /// for stderr.
    pub fn problem_lines(&self) -> String {
        let notes: String = self.notes.iter().map(|n| format!("note: {n}\n")).collect();
        notes
            + &ConfigSection {
                path: self.config_path.clone(),
                problems: self.problems.clone(),
            }
            .lines()
    }
}

/// Compares two single models (no monorepo pairing, no git).
pub fn compare_models(old: Loaded, new: Loaded, options: &Options, config: &Config) -> Result<Comparison, Error> {
    let (old_arg, new_arg) = (old.root.clone(), new.root.clone());
    compare(
        Side::new(old_arg, vec![old]),
        Side::new(new_arg, vec![new]),
        options,
        config,
    )
}

/// Compares OLD with NEW: pairs their apps, diffs and classifies each pair, applies the
/// configuration's rule levels and waivers, and gates the findings.
pub fn compare(old: Side, new: Side, options: &Options, config: &Config) -> Result<Comparison, Error> {
    // Options win over the config file.
    let rename_args: &[String] = if options.renames.is_empty() {
        &config.rename
    } else {
        &options.renames
    };
    // Plain hints are checked up front; patterns are expanded per app pair below.
    for r in rename_args.iter().filter(|r| !is_rename_pattern(r)) {
        RenameHint::parse(r).map_err(Error::Usage)?;
    }
    let mut context: Vec<DeployContext> = if options.context.is_empty() {
        config
            .context
            .iter()
            .map(|c| DeployContext::parse(c).ok_or_else(|| format!("syncplan.toml: unknown context \"{c}\"")))
            .collect::<Result<_, _>>()
            .map_err(Error::Usage)?
    } else {
        options.context.clone()
    };
    let (fail_on, fail_on_given) = match (options.fail_on, &config.fail_on) {
        (Some(f), _) => (f, true),
        (None, Some(s)) => (
            FailOn::parse(s).ok_or_else(|| Error::Config(format!("syncplan.toml: unknown fail_on \"{s}\"")))?,
            true,
        ),
        // A local realm has no sync verdict to gate on: gate on what needs migration code.
        (None, None) if context.contains(&DeployContext::Local) || options.schema_version.is_some() => {
            (FailOn::Migration, false)
        }
        (None, None) => (FailOn::NeedsAction, false),
    };
    if (matches!(fail_on, FailOn::Migration | FailOn::Bump) || options.schema_version.is_some())
        && !context.contains(&DeployContext::Local)
    {
        context.push(DeployContext::Local);
    }
    let mut notes = old.notes;
    notes.extend(new.notes);
    let pairs = pair_apps(Path::new(&old.arg), old.models, Path::new(&new.arg), new.models);
    let (ctx, ctx_names) = contexts(&context)?;
    let mut findings = Vec::new();
    let mut incomplete = Vec::new();
    let mut left_out = 0;
    for (app, o, n) in &pairs {
        let hints = expand_renames(rename_args, &o.schema, &n.schema, pairs.len() == 1)?
            .iter()
            .map(|r| RenameHint::parse(r))
            .collect::<Result<Vec<_>, _>>()
            .map_err(Error::Usage)?;
        if pairs.len() == 1 {
            crate::diff::check_hints(&o.schema, &n.schema, &hints).map_err(Error::Usage)?;
        }
        let (classified, dropped) = classify_pair_counted(&o.schema, &n.schema, &hints, &ctx);
        left_out += dropped;
        incomplete.extend(crate::unread::of(o));
        incomplete.extend(crate::unread::of(n));
        for mut f in classified.findings {
            f.app = app.clone();
            findings.push(f);
        }
    }
    let applied = config::apply(config, findings);
    let mut failing = BTreeSet::new();
    let mut kept = Vec::new();
    for (mut f, level, waiver) in applied.findings {
        let gated = match level {
            RuleLevel::Error => true,
            RuleLevel::Warn | RuleLevel::Ignore => false,
            RuleLevel::Default => fail_on.fails(&f),
        };
        if let Some(w) = waiver {
            f.accepted = Some(Accepted {
                reason: w.reason,
                owner: w.owner,
                expires: w.expires,
            });
        } else if gated {
            failing.insert(f.fingerprint.clone());
        }
        kept.push(f);
    }
    let mut classified = crate::classify::finish(kept);
    if let [(_, o, n)] = pairs.as_slice() {
        crate::classify::attach_local(&mut classified, o, n, &ctx, options.schema_version);
    }
    let (old_label, new_label) = if pairs.len() == 1 {
        (pairs[0].1.root.clone(), pairs[0].2.root.clone())
    } else {
        (old.arg, new.arg)
    };
    Ok(Comparison {
        pairs,
        classified,
        ctx,
        ctx_names,
        old_label,
        new_label,
        fail_on,
        fail_on_given,
        failing,
        problems: applied.problems,
        config_path: config.path.as_ref().map(|p| load::display_path(p)),
        notes,
        incomplete,
        left_out,
    })
}

/// The core of every comparison: diff two schemas (with rename hints) and judge every change in
/// a context. No configuration, no gate: [`compare`] adds those.
pub fn classify_pair(old: &Schema, new: &Schema, renames: &[RenameHint], ctx: &Context) -> Classified {
    classify_pair_counted(old, new, renames, ctx).0
}

/// [`classify_pair`], and how many changes it left out because they may only follow from a part
/// of `old` or `new` that could not be read (a property "removed" that is in an unread part).
pub fn classify_pair_counted(old: &Schema, new: &Schema, renames: &[RenameHint], ctx: &Context) -> (Classified, usize) {
    let changes = crate::diff::diff(
        old,
        new,
        &DiffOptions {
            renames: renames.to_vec(),
        },
    );
    let (changes, left_out) = crate::unread::drop_follow_on(changes, old, new);
    (crate::classify::classify(&changes, ctx), left_out)
}

/// Whether a rename hint is a pattern (`*._p=*._`, `Task.old_*=Task.new_*`).
pub fn is_rename_pattern(hint: &str) -> bool {
    hint.contains('*')
}

/// `*` in a property pattern matches any run of characters; returns what it matched.
fn glob_capture<'a>(pattern: &str, name: &'a str) -> Option<&'a str> {
    match pattern.split_once('*') {
        None => (pattern == name).then_some(""),
        Some((pre, post)) => name
            .strip_prefix(pre)?
            .strip_suffix(post)
            .filter(|_| name.len() >= pre.len() + post.len()),
    }
}

/// Expands rename patterns into one `Type.old=Type.new` hint per property they match; other
/// hints pass unchanged. In a pattern the type may be `*` (every type with such a property on
/// both sides, same type name) and each property name may hold one `*`, which carries over:
/// `*._p=*._` renames `_p` to `_` in every type; `Task.old_*=Task.new_*` renames `old_a` to
/// `new_a`. A pattern that matches nothing is an error when `strict` (one app compared).
pub fn expand_renames(hints: &[String], old: &Schema, new: &Schema, strict: bool) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for h in hints {
        if !is_rename_pattern(h) {
            out.push(h.clone());
            continue;
        }
        let bad = || {
            format!(
                "--rename \"{h}\": a pattern renames properties: TYPE.OLD=TYPE.NEW where TYPE may be * (the same type on \
                 both sides) and OLD and NEW may each hold one * (what it matches carries over), e.g. *._p=*._"
            )
        };
        let (a, b) = h.split_once('=').ok_or_else(|| Error::Usage(bad()))?;
        let ((ta, pa), (tb, pb)) = (
            a.trim().split_once('.').ok_or_else(|| Error::Usage(bad()))?,
            b.trim().split_once('.').ok_or_else(|| Error::Usage(bad()))?,
        );
        if ta != tb || pa.matches('*').count() > 1 || pb.matches('*').count() != pa.matches('*').count() {
            return Err(Error::Usage(bad()));
        }
        if ta.contains('*') && ta != "*" {
            return Err(Error::Usage(bad()));
        }
        let before = out.len();
        for (name, t) in &old.types {
            if ta != "*" && ta != name.as_str() {
                continue;
            }
            let Some(nt) = new.types.get(name) else { continue };
            for p in t.properties.keys() {
                let Some(cap) = glob_capture(pa, p) else { continue };
                let to = pb.replacen('*', cap, 1);
                if &to != p && nt.properties.contains_key(&to) && !nt.properties.contains_key(p) {
                    out.push(format!("{name}.{p}={name}.{to}"));
                }
            }
        }
        if strict && out.len() == before {
            return Err(Error::Usage(format!(
                "--rename \"{h}\" matches no property that OLD has and NEW has under the new name"
            )));
        }
    }
    Ok(out)
}

/// Pairs the apps of OLD and NEW by their root relative to the path given. One app on each side
/// pairs directly; an app on one side only is compared with an empty model.
pub fn pair_apps(old: &Path, olds: Vec<Loaded>, new: &Path, news: Vec<Loaded>) -> Vec<AppPair> {
    if olds.len() == 1 && news.len() == 1 {
        let (o, n) = (olds.into_iter().next(), news.into_iter().next());
        if let (Some(o), Some(n)) = (o, n) {
            return vec![(None, o, n)];
        }
        return vec![];
    }
    let rel = |base: &Path, l: &Loaded| {
        let b = load::display_path(base);
        let r = l.root.strip_prefix(&b).unwrap_or(&l.root).trim_start_matches('/');
        if r.is_empty() { ".".to_string() } else { r.to_string() }
    };
    let mut map: std::collections::BTreeMap<String, (Option<Loaded>, Option<Loaded>)> = Default::default();
    for l in olds {
        let k = rel(old, &l);
        map.entry(k).or_default().0 = Some(l);
    }
    for l in news {
        let k = rel(new, &l);
        map.entry(k).or_default().1 = Some(l);
    }
    let empty = |like: &Loaded| Loaded {
        schema: crate::model::Schema::new(like.schema.side),
        root: "(none)".into(),
        kind: like.kind,
        diagnostics: vec![],
    };
    map.into_iter()
        .filter_map(|(k, (o, n))| match (o, n) {
            (Some(o), Some(n)) => Some((Some(k), o, n)),
            (Some(o), None) => {
                let e = empty(&o);
                Some((Some(k), o, e))
            }
            (None, Some(n)) => Some((Some(k), empty(&n), n)),
            (None, None) => None,
        })
        .collect()
}

/// The rules' context and the sorted context names.
fn contexts(context: &[DeployContext]) -> Result<(Context, Vec<&'static str>), Error> {
    let mut names: Vec<&'static str> = context.iter().map(|c| c.name()).collect();
    names.sort_unstable();
    names.dedup();
    if context.contains(&DeployContext::Flexible) && context.contains(&DeployContext::Partition) {
        return Err(Error::Usage(
            "--context flexible and partition exclude each other".into(),
        ));
    }
    let ctx = Context {
        development_mode: context.contains(&DeployContext::DevelopmentMode),
        schema_versioning: context.contains(&DeployContext::SchemaVersioning),
        local: context.contains(&DeployContext::Local),
    };
    Ok((ctx, names))
}

/// Loads one input (a path or `REV:PATH`) that must hold one model.
pub fn load_one_input(arg: &str) -> Result<Loaded, Error> {
    let mut all = crate::git::load_input(arg)?;
    if all.len() > 1 {
        let names: Vec<String> = all.iter().map(|l| l.root.clone()).collect();
        return Err(Error::Usage(format!(
            "{arg} holds {} apps; name one of them: {}",
            all.len(),
            names.join(", ")
        )));
    }
    all.pop().ok_or_else(|| Error::Usage(format!("{arg}: nothing to load")))
}

/// Refuses `check CLIENT SERVER`: the server argument holds a client model while a client
/// argument holds an App Services schema.
pub fn check_argument_order(server: &Loaded, clients: &[Loaded]) -> Result<(), Error> {
    use crate::model::Side as ModelSide;
    if server.schema.side != ModelSide::Client {
        return Ok(());
    }
    match clients.iter().find(|c| c.schema.side == ModelSide::Server) {
        Some(c) => Err(Error::Usage(format!(
            "the arguments look swapped: SERVER {} is a {} and CLIENT {} is an {}; `check` takes the server \
             side first: syncplan check {} {}",
            server.root, server.kind, c.root, c.kind, c.root, server.root
        ))),
        None => Ok(()),
    }
}

/// Validates one loaded model: its load findings and the validation rules, sorted.
pub fn validate(loaded: Loaded) -> crate::render::ValidateReport {
    let mut findings = loaded.diagnostics.clone();
    findings.extend(crate::validate::validate(&loaded.schema));
    crate::diagnostic::sort(&mut findings);
    crate::render::ValidateReport { loaded, findings }
}

/// Checks client models against a server model: per client, what reading it reported (warnings
/// and errors) and every inconsistency with the server; with several clients, where they
/// disagree with each other, in a section of its own.
pub fn check(server: &Loaded, clients: Vec<Loaded>) -> crate::render::CheckRun {
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::render::{CheckReport, CheckRun};
    let errs = |l: &Loaded| {
        validate(l.clone())
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    };
    let server_invalid = errs(server);
    let mut reports = Vec::new();
    for c in clients {
        let mut findings: Vec<Diagnostic> = c
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .cloned()
            .collect();
        findings.extend(crate::check::check(&server.schema, &c.schema));
        crate::diagnostic::sort(&mut findings);
        reports.push(CheckReport {
            server_invalid,
            client_invalid: errs(&c),
            server: server.clone(),
            client: c,
            findings,
        });
    }
    let mut cross = {
        let labelled: Vec<(String, &crate::model::Schema)> = reports
            .iter()
            .map(|r| (r.client.root.clone(), &r.client.schema))
            .collect();
        crate::check::compare_clients(&labelled)
    };
    crate::diagnostic::sort(&mut cross);
    CheckRun { reports, cross }
}
