//! The `syncplan` command line. Parses arguments, calls the library, prints once, and maps the
//! outcome to an exit code: 0 ok, 1 findings that fail the gate, 2 usage or input error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use syncplan::classify::{Accepted, Classified, Finding};
use syncplan::config::{self, Config, ConfigProblem, RuleLevel};
use syncplan::diff::{DiffOptions, RenameHint};
use syncplan::load;
use syncplan::plan::Strategy;
use syncplan::render::ci::{self, Item, Level, RuleInfo};
use syncplan::render::report::{self, ReportMeta};
use syncplan::render::{self, CheckReport, Format, ValidateReport};
use syncplan::rules::{Context, Verdict};

#[derive(Parser)]
#[command(
    name = "syncplan",
    version,
    about = "Plan Atlas Device Sync data-model changes: validate, check, diff and migrate App Services schemas and Realm object models",
    long_about = "syncplan reads the two sides of an Atlas Device Sync data model, the App Services schema \
(an app export directory or a schema.json) and the Realm client object model (Realm JS ObjectSchema JSON/YAML), \
into one typed model. It validates each side, checks that the two agree, judges every change between two versions for \
the server schema and the client model, plans the migration, and generates client models.\n\n\
Exit codes: 0 ok, 1 findings that fail the gate (invalid model, inconsistency, breaking change), 2 usage or input error.",
    after_help = "Examples:\n  syncplan validate migrations-examples/scenario_todo/before\n  syncplan check app/ client-model.json\n  syncplan diff --against origin/main app/\n  syncplan plan old/ new/ --sdk swift,kotlin --format markdown"
)]
struct Cli {
    /// Colour the text output: auto (when stdout is a terminal and NO_COLOR is unset), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output formats shared by validate, check, diff and plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Output {
    /// Human-readable, with a summary line
    Text,
    /// The documented JSON contract (`syncplan schema report`)
    Json,
    /// A pull-request comment: verdict first, findings table, plan, collapsible sections (fits GitHub's limit)
    Markdown,
    /// SARIF 2.1.0 for GitHub code scanning
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=...,line=...::`)
    Github,
    /// JUnit XML, one test case per finding
    Junit,
    /// One grep-friendly line per finding
    Singleline,
}

/// The two versions to compare, deployment context and gate, shared by diff, plan and changelog.
#[derive(Args)]
struct ChangeArgs {
    /// OLD then NEW (each a path or REV:PATH); with --against, only PATH (compared with itself at REV)
    #[arg(value_name = "OLD NEW | PATH", num_args = 1..=2, required = true)]
    inputs: Vec<String>,
    /// Compare PATH in the working tree with PATH at this git revision (e.g. origin/main)
    #[arg(long, value_name = "REV")]
    against: Option<String>,
    /// Rename hint: OLD=NEW for an object type, Type.old=Type.new for a property (repeatable)
    #[arg(long = "rename", value_name = "OLD=NEW")]
    renames: Vec<String>,
    /// Deployment context: development-mode, schema-versioning, flexible, partition, local (a local, non-synced realm; repeatable or comma-separated)
    #[arg(long, value_enum, value_delimiter = ',')]
    context: Vec<ContextArg>,
    /// Local realm schema versions OLD:NEW (e.g. 3:4); default: read from the models / SDK source (implies --context local)
    #[arg(long, value_name = "OLD:NEW")]
    schema_version: Option<String>,
    /// Lowest level that fails the run (exit 1); default from syncplan.toml, else breaking
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Configuration file (default: syncplan.toml in the current directory or a parent)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore any syncplan.toml
    #[arg(long)]
    no_config: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Load a model (app export, schema.json, or Realm object model), list it, and report every validation finding
    #[command(long_about = "Loads PATH, auto-detected by content and layout:\n\
  - an App Services app export directory (data_sources/<service>/<db>/<collection>/schema.json + relationships.json, \
or the legacy services/<service>/rules/<db>.<coll>.json layout, with sync/config.json); a directory holding several \
apps is validated app by app;\n\
  - a single App Services schema.json (JSON or YAML);\n\
  - a Realm object model in the Realm JS ObjectSchema shape (JSON or YAML): [ {name, primaryKey, embedded, asymmetric, properties} ], \
{\"schema\": [...]} or {\"schemaVersion\": N, \"schema\": [...]}.\n\n\
Prints the object types, collections, properties and links, then every finding with its id, model path, file:line:column and help. \
Finding ids are listed in docs/validation.md.\n\nExit codes: 0 valid, 1 invalid model (an error-level finding), 2 cannot read or parse.")]
    Validate {
        /// App export directory, schema file, or Realm model file (or REV:PATH)
        path: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
        /// `local`: validate as a local (non-synced) realm (no `_id` primary key needed; asymmetric types refused)
        #[arg(long, value_enum, value_delimiter = ',')]
        context: Vec<ContextArg>,
    },
    /// Check client models against the server schema: every inconsistency that would stop sync or lose data
    #[command(
        long_about = "Compares the App Services schema (SERVER: app export or schema.json) with one or more client models \
(CLIENT...): synced types missing on the server, properties whose Realm type does not map to the server bsonType, optional vs \
required mismatches, different link targets, embedded vs top-level mismatches, mapTo names missing on the server, and \
(informational) server collections no client declares. With several clients, findings name the client they concern.\n\n\
Exit codes: 0 consistent, 1 inconsistent (an error-level finding), 2 cannot read or parse."
    )]
    Check {
        /// Server side: App Services app export directory or schema.json (or REV:PATH)
        server: String,
        /// Client side: one or more Realm object models
        #[arg(required = true)]
        clients: Vec<String>,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
    },
    /// Write the App Services app export that Development Mode would create for a client model
    #[command(
        long_about = "Writes, under --out, the app export Development Mode would create for CLIENT: one collection per \
top-level or asymmetric type in --database (schema.json with title, bsonType, required, properties; relationships.json with \
ref/foreign_key/is_list; dotted keys for links inside embedded objects), data_sources/mongodb-atlas/config.json and \
sync/config.json (asymmetric types in asymmetric_tables).\n\nNothing is written when the model has validation errors. An existing \
non-empty --out is refused unless --force; with --force only the files syncplan writes are replaced (nothing is deleted).\n\n\
Exit codes: 0 written, 1 the model is invalid (nothing written), 2 usage or input error."
    )]
    Devmode {
        /// Client model (Realm JS ObjectSchema JSON/YAML), or any model syncplan loads
        client: PathBuf,
        /// Directory to write the app export into
        #[arg(long)]
        out: PathBuf,
        /// Development Mode database name
        #[arg(long, default_value = "devmode")]
        database: String,
        /// Write into a non-empty --out (replaces only the files syncplan writes)
        #[arg(long)]
        force: bool,
    },
    /// Compare two versions of a data model and judge every change for the server schema and the client model
    #[command(
        long_about = "Lists every change between OLD and NEW (app export vs app export, Realm model vs Realm model, or a mix such as the server's current export vs a new client model) as a finding with a rule id, and the verdict if the change is made in the server-side App Services schema and in the client-side SDK model (non-breaking, breaking, or schema-versioning under --context schema-versioning). `syncplan rules` lists the catalog.\n\nEither side may be REV:PATH (PATH at a git revision), or use --against REV PATH. Renames are never guessed: pass --rename Old=New (object type) or --rename Type.old=Type.new (property). syncplan.toml (found upward from the current directory) sets defaults, per-rule levels and [[accept]] waivers.\n\nExit codes: 0 no finding at or above --fail-on (accepted findings excepted), 1 findings at or above it or an expired waiver, 2 usage or input error."
    )]
    Diff {
        #[command(flatten)]
        change: ChangeArgs,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
    },
    /// Ordered migration steps, runnable MongoDB artifacts and per-SDK client-model changes for a model change
    #[command(
        long_about = "Builds the plan that turns OLD into NEW: the findings of `syncplan diff`, then ordered steps \
(each with the side it acts on, what to do, why, preconditions, how to verify it, and whether it can lose data or force a \
client reset), with runnable mongosh scripts for backfills, conversions and checks, and, for breaking changes, the steps of \
the chosen strategy (partner collection, schema version, or terminate and re-enable Sync). --out DIR writes every artifact \
as a file: plan.md, plan.json, scripts/, server/ (schemas, triggers, functions), clients/.\n\n\
Exit codes: 0 plan printed, 1 with --fail-on given and findings at or above it, 2 usage or input error."
    )]
    Plan {
        #[command(flatten)]
        change: ChangeArgs,
        /// SDKs to give client-model instructions for: swift, kotlin, js, ts, dart, csharp, cpp, all, or none (comma-separated)
        #[arg(long, value_delimiter = ',', default_value = "all")]
        sdk: Vec<String>,
        /// Strategy for breaking changes
        #[arg(long, value_enum, default_value_t = Strategy::Auto)]
        strategy: Strategy,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
        /// Write every artifact under this directory
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write into a non-empty --out (replaces only the files syncplan writes)
        #[arg(long)]
        force: bool,
        /// Database name for scripts when the models do not say (server exports do)
        #[arg(long)]
        database: Option<String>,
    },
    /// A local realm's model at every release (git tags, or commits), each transition's verdict, and the chained migration
    #[command(
        long_about = "Reconstructs the client model under PATH at every git tag reachable from --to (or, without tags, at \
every commit touching PATH), with its schema version, judges each transition as a local (non-synced) realm (none, bump, \
migration), flags releases that changed the model without a schemaVersion bump, and emits the chained migration from the \
oldest release to the newest for each --sdk, each step guarded by its version, so an app that skipped releases migrates \
correctly.\n\nExit codes: 0 every release bumped when it had to, 1 a release changed the model without a bump, 2 usage or input error."
    )]
    History {
        /// The client model (SDK source folder or file, or a Realm JS model), relative to the repository
        path: String,
        /// SDKs to write the chained migration for: swift, kotlin, java, js, ts, dart, csharp, cpp, all, none
        #[arg(long, value_delimiter = ',', default_value = "all")]
        sdk: Vec<String>,
        /// The oldest revision to include (default: the first tag or commit)
        #[arg(long, value_name = "REV")]
        from: Option<String>,
        /// The newest revision to include (default: HEAD)
        #[arg(long, value_name = "REV")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
    },
    /// Release notes for a model change (markdown): breaking changes first, grouped by object type
    Changelog {
        #[command(flatten)]
        change: ChangeArgs,
    },
    /// Generate complete client model source for each SDK from a model (either side)
    #[command(
        long_about = "Generates the client object model of MODEL (an app export, schema.json or Realm model) for each \
requested SDK, like the App Services UI's \"SDK data models\" page, offline: Swift, Kotlin, JavaScript, TypeScript, \
Dart/Flutter, C#/.NET and C++. With one SDK and no --out, the source is printed; with --out each SDK's file is written under \
DIR/<sdk>/. What an SDK cannot express is reported on stderr as a warning with the model path.\n\n\
Exit codes: 0 generated, 1 the model is invalid (nothing generated), 2 usage or input error."
    )]
    Codegen {
        /// The model to generate from
        model: PathBuf,
        /// SDKs: swift, kotlin, js, ts, dart, csharp, cpp, or all (comma-separated)
        #[arg(long, value_delimiter = ',', default_value = "all")]
        sdk: Vec<String>,
        /// Write the files under this directory (DIR/<sdk>/<file>)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write into a non-empty --out (replaces only the files syncplan writes)
        #[arg(long)]
        force: bool,
    },
    /// Infer an App Services schema by sampling existing documents
    Infer(syncplan::infer::cli::InferArgs),
    /// List the rule catalog, or explain one rule
    Rules {
        /// A rule id (see `syncplan rules`)
        id: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a JSON Schema of a JSON output
    Schema {
        #[arg(value_enum)]
        which: SchemaWhich,
    },
    /// Regenerate the generated docs (docs/mapping.md, docs/validation.md, ...)
    Docs {
        /// Directory to write into
        #[arg(long, default_value = "docs")]
        dir: PathBuf,
        /// Only compare; exit 1 when a generated file is stale
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ContextArg {
    DevelopmentMode,
    SchemaVersioning,
    Flexible,
    Partition,
    Local,
}

impl ContextArg {
    fn name(self) -> &'static str {
        match self {
            ContextArg::DevelopmentMode => "development-mode",
            ContextArg::SchemaVersioning => "schema-versioning",
            ContextArg::Flexible => "flexible",
            ContextArg::Partition => "partition",
            ContextArg::Local => "local",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        [
            ContextArg::DevelopmentMode,
            ContextArg::SchemaVersioning,
            ContextArg::Flexible,
            ContextArg::Partition,
            ContextArg::Local,
        ]
        .into_iter()
        .find(|c| c.name() == s)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    /// Any breaking finding, server or client
    Breaking,
    /// A finding breaking for the server schema
    ServerBreaking,
    /// A finding breaking for the client model
    ClientBreaking,
    /// Any finding that is breaking or schema-versioning
    SchemaVersioning,
    /// Any finding at all
    Any,
    /// Never fail
    None,
    /// A change a local realm needs migration code for (implies --context local)
    Migration,
    /// A change a local realm needs a schemaVersion bump for (implies --context local)
    Bump,
}

impl FailOn {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "breaking" => FailOn::Breaking,
            "server-breaking" => FailOn::ServerBreaking,
            "client-breaking" => FailOn::ClientBreaking,
            "schema-versioning" => FailOn::SchemaVersioning,
            "any" => FailOn::Any,
            "none" => FailOn::None,
            "migration" => FailOn::Migration,
            "bump" => FailOn::Bump,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SchemaWhich {
    /// The `syncplan diff --format json` report
    Report,
}

fn fails(f: &Finding, level: FailOn) -> bool {
    match level {
        FailOn::Breaking => f.server == Verdict::Breaking || f.client == Verdict::Breaking,
        FailOn::ServerBreaking => f.server == Verdict::Breaking,
        FailOn::ClientBreaking => f.client == Verdict::Breaking,
        FailOn::SchemaVersioning => f.server != Verdict::NonBreaking || f.client != Verdict::NonBreaking,
        FailOn::Any => true,
        FailOn::None => false,
        FailOn::Migration => f.local >= Some(syncplan::local::LocalVerdict::Migration),
        FailOn::Bump => f.local >= Some(syncplan::local::LocalVerdict::Bump),
    }
}

/// Pairs the apps of OLD and NEW by their root relative to the path given. One app on each side
/// pairs directly; an app on one side only is compared with an empty model.
fn pair_apps(
    old: &Path,
    olds: Vec<load::Loaded>,
    new: &Path,
    news: Vec<load::Loaded>,
) -> Vec<(Option<String>, load::Loaded, load::Loaded)> {
    if olds.len() == 1 && news.len() == 1 {
        let (o, n) = (olds.into_iter().next(), news.into_iter().next());
        if let (Some(o), Some(n)) = (o, n) {
            return vec![(None, o, n)];
        }
        return vec![];
    }
    let rel = |base: &Path, l: &load::Loaded| {
        let b = load::display_path(base);
        let r = l.root.strip_prefix(&b).unwrap_or(&l.root).trim_start_matches('/');
        if r.is_empty() { ".".to_string() } else { r.to_string() }
    };
    let mut map: std::collections::BTreeMap<String, (Option<load::Loaded>, Option<load::Loaded>)> = Default::default();
    for l in olds {
        let k = rel(old, &l);
        map.entry(k).or_default().0 = Some(l);
    }
    for l in news {
        let k = rel(new, &l);
        map.entry(k).or_default().1 = Some(l);
    }
    let empty = |like: &load::Loaded| load::Loaded {
        schema: syncplan::model::Schema::new(like.schema.side),
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

fn contexts(context: &[ContextArg]) -> Result<(Context, Vec<&'static str>), String> {
    let mut names: Vec<&'static str> = context.iter().map(|c| c.name()).collect();
    names.sort_unstable();
    names.dedup();
    if context.contains(&ContextArg::Flexible) && context.contains(&ContextArg::Partition) {
        return Err("--context flexible and partition exclude each other".into());
    }
    let ctx = Context {
        development_mode: context.contains(&ContextArg::DevelopmentMode),
        schema_versioning: context.contains(&ContextArg::SchemaVersioning),
        local: context.contains(&ContextArg::Local),
    };
    Ok((ctx, names))
}

fn main() -> ExitCode {
    syncplan::output::install_interrupt_handler();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let code = match run(cli.command, color) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    };
    report_peak_rss();
    code
}

/// For benchmarks: with SYNCPLAN_REPORT_PEAK_RSS=1, print the process's peak RSS (Linux).
fn report_peak_rss() {
    if std::env::var_os("SYNCPLAN_REPORT_PEAK_RSS").is_none() {
        return;
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(l) = status.lines().find(|l| l.starts_with("VmHWM:"))
    {
        eprintln!("syncplan: peak RSS {}", l.trim_start_matches("VmHWM:").trim());
    }
}

/// Prints to stdout; a closed pipe is not an error.
fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn gate(fail: bool) -> ExitCode {
    if fail { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Loads one input (a path or REV:PATH) that must hold one model.
fn load_one_input(arg: &str) -> Result<load::Loaded, String> {
    let mut all = syncplan::git::load_input(arg)?;
    if all.len() > 1 {
        let names: Vec<String> = all.iter().map(|l| l.root.clone()).collect();
        return Err(format!(
            "{arg} holds {} apps; name one of them: {}",
            all.len(),
            names.join(", ")
        ));
    }
    all.pop().ok_or_else(|| format!("{arg}: nothing to load"))
}

// ---------------------------------------------------------------- validate / check ----------

fn diag_level(s: syncplan::diagnostic::Severity) -> Level {
    match s {
        syncplan::diagnostic::Severity::Error => Level::Error,
        syncplan::diagnostic::Severity::Warning => Level::Warning,
        syncplan::diagnostic::Severity::Info => Level::Note,
    }
}

fn diag_items<'a>(diags: impl Iterator<Item = &'a syncplan::diagnostic::Diagnostic>) -> Vec<Item> {
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

fn diag_rules() -> Vec<RuleInfo> {
    syncplan::diagnostic::KINDS
        .iter()
        .map(|k| RuleInfo {
            id: k.id.to_string(),
            summary: k.summary.to_string(),
            help: k.help.to_string(),
            tags: vec![],
        })
        .collect()
}

fn diag_markdown(title: &str, verdict: &str, items: &[Item]) -> String {
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
    ci::fit_comment(s)
}

fn ci_output(format: Output, suite: &str, rules: &[RuleInfo], items: &[Item]) -> Option<String> {
    match format {
        Output::Sarif => Some(ci::sarif(env!("CARGO_PKG_VERSION"), rules, items)),
        Output::Github => Some(ci::github(items)),
        Output::Junit => Some(ci::junit(suite, items)),
        Output::Singleline => Some(ci::singleline(items)),
        Output::Text | Output::Json | Output::Markdown => None,
    }
}

fn validate(path: &str, format: Output, color: bool, local: bool) -> Result<ExitCode, String> {
    let loaded = syncplan::git::load_input(path)?;
    let reports: Vec<ValidateReport> = loaded
        .into_iter()
        .map(|l| {
            if local {
                let findings = syncplan::local::validation::validate_side(&l, true).findings;
                ValidateReport { loaded: l, findings }
            } else {
                ValidateReport::new(l)
            }
        })
        .collect();
    let invalid = reports.iter().any(ValidateReport::has_errors);
    let items = diag_items(reports.iter().flat_map(|r| r.findings.iter()));
    let out = match format {
        Output::Text => render::colorize(&render::validate_text(&reports), color),
        Output::Json => render::validate_json(&reports),
        Output::Markdown => diag_markdown("validate", if invalid { "invalid" } else { "valid" }, &items),
        f => ci_output(f, "syncplan validate", &diag_rules(), &items).unwrap_or_default(),
    };
    emit(&out);
    Ok(gate(invalid))
}

fn check(server: &str, clients: &[String], format: Output, color: bool) -> Result<ExitCode, String> {
    let s = load_one_input(server)?;
    let errs = |l: &load::Loaded| {
        ValidateReport::new(l.clone())
            .findings
            .iter()
            .filter(|d| d.severity == syncplan::diagnostic::Severity::Error)
            .count()
    };
    let server_invalid = errs(&s);
    let mut reports = Vec::new();
    for c in clients {
        let c = load_one_input(c)?;
        // What reading the client said (e.g. SDK source it could not resolve), then the check.
        let mut findings: Vec<syncplan::diagnostic::Diagnostic> = c
            .diagnostics
            .iter()
            .filter(|d| d.severity != syncplan::diagnostic::Severity::Info)
            .cloned()
            .collect();
        findings.extend(syncplan::check::check(&s.schema, &c.schema));
        syncplan::diagnostic::sort(&mut findings);
        reports.push(CheckReport {
            server_invalid,
            client_invalid: errs(&c),
            server: s.clone(),
            client: c,
            findings,
        });
    }
    // Several clients: where they disagree with each other (reported with the first client).
    if reports.len() > 1 {
        let cross = {
            let labelled: Vec<(String, &syncplan::model::Schema)> = reports
                .iter()
                .map(|r| (r.client.root.clone(), &r.client.schema))
                .collect();
            syncplan::check::compare_clients(&labelled)
        };
        if let Some(first) = reports.first_mut() {
            first.findings.extend(cross);
            syncplan::diagnostic::sort(&mut first.findings);
        }
    }
    let inconsistent = reports.iter().any(CheckReport::has_errors);
    let many = reports.len() > 1;
    let items: Vec<Item> = reports
        .iter()
        .flat_map(|r| {
            let label = r.client.root.clone();
            diag_items(r.findings.iter()).into_iter().map(move |mut it| {
                if many {
                    it.subject = format!("[{label}] {}", it.subject);
                }
                it
            })
        })
        .collect();
    let out = match format {
        Output::Text => render::colorize(
            &reports.iter().map(render::check_text).collect::<Vec<_>>().join("\n"),
            color,
        ),
        Output::Json if !many => reports.first().map(render::check_json).unwrap_or_default(),
        Output::Json => {
            let docs: Vec<serde_json::Value> = reports
                .iter()
                .filter_map(|r| serde_json::from_str(&render::check_json(r)).ok())
                .collect();
            render::to_json(
                &serde_json::json!({"format_version": render::FORMAT_VERSION, "command": "check", "consistent": !inconsistent, "clients": docs}),
            )
        }
        Output::Markdown => diag_markdown(
            "check",
            if inconsistent { "inconsistent" } else { "consistent" },
            &items,
        ),
        f => ci_output(f, "syncplan check", &diag_rules(), &items).unwrap_or_default(),
    };
    emit(&out);
    Ok(gate(inconsistent))
}

// ---------------------------------------------------------------- diff / plan / changelog ----

/// A model change ready to report: findings (config applied), the loaded sides, the gate.
struct Prepared {
    pairs: Vec<(Option<String>, load::Loaded, load::Loaded)>,
    classified: Classified,
    ctx: Context,
    ctx_names: Vec<&'static str>,
    old_label: String,
    new_label: String,
    /// Finding fingerprints that fail the gate.
    failing: std::collections::BTreeSet<String>,
    problems: Vec<ConfigProblem>,
    config_path: Option<String>,
}

impl Prepared {
    fn meta(&self) -> ReportMeta<'_> {
        ReportMeta {
            old: &self.old_label,
            new: &self.new_label,
            context: self.ctx_names.clone(),
        }
    }
    fn fails(&self) -> bool {
        !self.failing.is_empty() || self.problems.iter().any(|p| p.fails) || self.classified.blocks_gate()
    }
    fn items(&self) -> Vec<Item> {
        self.classified
            .findings
            .iter()
            .map(|f| {
                let level = if self.failing.contains(&f.fingerprint) {
                    Level::Error
                } else if f.server == Verdict::Breaking || f.client == Verdict::Breaking {
                    Level::Warning
                } else {
                    Level::Note
                };
                Item {
                    rule: f.rule.to_string(),
                    level,
                    subject: subject(f),
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
            .chain(
                self.classified
                    .validation
                    .iter()
                    .flat_map(|v| diag_items(v.new.findings.iter())),
            )
            .chain(self.classified.local.iter().flat_map(|l| diag_items(l.findings.iter())))
            .collect()
    }
    /// Config problems as text lines (stderr for human formats).
    fn problem_lines(&self) -> String {
        let at = self.config_path.as_deref().unwrap_or("syncplan.toml");
        self.problems
            .iter()
            .map(|p| format!("{}: {at}: {}\n", if p.fails { "error" } else { "warning" }, p.message))
            .collect()
    }
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

fn catalog_rules() -> Vec<RuleInfo> {
    syncplan::rules::ALL
        .iter()
        .map(|r| RuleInfo {
            id: r.id.to_string(),
            summary: r.summary.to_string(),
            help: format!("{}\n\n{}\n\nReference: {}", r.why, r.action, r.reference),
            tags: r.tags.iter().map(|t| t.as_str().to_string()).collect(),
        })
        .collect()
}

fn prepare(a: &ChangeArgs) -> Result<Prepared, String> {
    // Configuration: --config, else syncplan.toml upward from the current directory.
    let config: Config = if a.no_config {
        Config::default()
    } else {
        match &a.config {
            Some(p) => config::load(p)?,
            None => match std::env::current_dir().ok().and_then(|d| config::find(&d)) {
                Some(p) => config::load(&p)?,
                None => Config::default(),
            },
        }
    };
    // Inputs: OLD NEW, or --against REV PATH.
    let (old_arg, new_arg) = match (&a.against, a.inputs.as_slice()) {
        (Some(rev), [path]) => (format!("{rev}:{path}"), path.clone()),
        (Some(_), _) => {
            return Err("with --against, give one PATH (it is compared with itself at the revision)".into());
        }
        (None, [old, new]) => (old.clone(), new.clone()),
        (None, _) => return Err("give OLD and NEW, or --against REV PATH".into()),
    };
    let olds = match &a.against {
        Some(rev) => syncplan::git::load_at(rev, &new_arg)?,
        None => syncplan::git::load_input(&old_arg)?,
    };
    let news = syncplan::git::load_input(&new_arg)?;
    // Flags win over the config file.
    let rename_args: Vec<&String> = if a.renames.is_empty() {
        config.rename.iter().collect()
    } else {
        a.renames.iter().collect()
    };
    let hints = rename_args
        .iter()
        .map(|r| RenameHint::parse(r))
        .collect::<Result<Vec<_>, _>>()?;
    let mut context: Vec<ContextArg> = if a.context.is_empty() {
        config
            .context
            .iter()
            .map(|c| ContextArg::parse(c).ok_or_else(|| format!("syncplan.toml: unknown context \"{c}\"")))
            .collect::<Result<_, _>>()?
    } else {
        a.context.clone()
    };
    let versions = a
        .schema_version
        .as_deref()
        .map(syncplan::local::parse_versions)
        .transpose()?;
    let fail_on = match (a.fail_on, &config.fail_on) {
        (Some(f), _) => f,
        (None, Some(s)) => FailOn::parse(s).ok_or_else(|| format!("syncplan.toml: unknown fail_on \"{s}\""))?,
        // A local realm has no sync verdict to gate on: gate on what needs migration code.
        (None, None) if context.contains(&ContextArg::Local) || versions.is_some() => FailOn::Migration,
        (None, None) => FailOn::Breaking,
    };
    if (matches!(fail_on, FailOn::Migration | FailOn::Bump) || versions.is_some())
        && !context.contains(&ContextArg::Local)
    {
        context.push(ContextArg::Local);
    }
    let pairs = pair_apps(Path::new(&old_arg), olds, Path::new(&new_arg), news);
    if pairs.len() == 1 {
        syncplan::diff::check_hints(&pairs[0].1.schema, &pairs[0].2.schema, &hints)?;
    }
    let (ctx, ctx_names) = contexts(&context)?;
    let mut findings = Vec::new();
    for (app, o, n) in &pairs {
        let changes = syncplan::diff::diff(&o.schema, &n.schema, &DiffOptions { renames: hints.clone() });
        for mut f in syncplan::classify::classify(&changes, &ctx).findings {
            f.app = app.clone();
            findings.push(f);
        }
    }
    let applied = config::apply(&config, findings);
    let mut failing = std::collections::BTreeSet::new();
    let mut kept = Vec::new();
    for (mut f, level, waiver) in applied.findings {
        let gated = match level {
            RuleLevel::Error => true,
            RuleLevel::Warn | RuleLevel::Ignore => false,
            RuleLevel::Default => fails(&f, fail_on),
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
    let mut classified = syncplan::classify::finish(kept);
    if let [(_, o, n)] = pairs.as_slice() {
        syncplan::local::attach(&mut classified, o, n, &ctx, versions);
    }
    let (old_label, new_label) = if pairs.len() == 1 {
        (pairs[0].1.root.clone(), pairs[0].2.root.clone())
    } else {
        (old_arg.clone(), new_arg.clone())
    };
    Ok(Prepared {
        pairs,
        classified,
        ctx,
        ctx_names,
        old_label,
        new_label,
        failing,
        problems: applied.problems,
        config_path: config.path.as_ref().map(|p| load::display_path(p)),
    })
}

/// Adds the config problems to a JSON document (as `"config"`), when there are any.
fn with_config(json: String, p: &Prepared) -> String {
    if p.problems.is_empty() && p.config_path.is_none() {
        return json;
    }
    match serde_json::from_str::<serde_json::Value>(&json) {
        Ok(mut v) => {
            v["config"] = serde_json::json!({"path": p.config_path, "problems": p.problems});
            render::to_json(&v)
        }
        Err(_) => json,
    }
}

fn diff(change: &ChangeArgs, format: Output, color: bool) -> Result<ExitCode, String> {
    let p = prepare(change)?;
    let meta = p.meta();
    let out = match format {
        Output::Text => render::colorize(&report::text(&p.classified, &meta), color),
        Output::Json => with_config(report::json(&p.classified, &meta), &p),
        Output::Markdown => ci::fit_comment(report::markdown(&p.classified, &meta)),
        f => ci_output(f, "syncplan diff", &catalog_rules(), &p.items()).unwrap_or_default(),
    };
    emit(&out);
    eprint!("{}", p.problem_lines());
    Ok(gate(p.fails()))
}

#[allow(clippy::too_many_arguments)]
fn plan(
    change: &ChangeArgs,
    sdk: &[String],
    strategy: Strategy,
    format: Output,
    out: Option<PathBuf>,
    force: bool,
    database: Option<String>,
    color: bool,
) -> Result<ExitCode, String> {
    let p = prepare(change)?;
    if p.pairs.len() != 1 {
        return Err("plan works on one app at a time: name the app directory inside the monorepo".into());
    }
    if p.ctx.local {
        return local_plan(&p, change, sdk, format, out, force, color);
    }
    let (_, o, n) = &p.pairs[0];
    let sdks = syncplan::plan::client::parse_sdks(sdk)?;
    let opts = syncplan::plan::PlanOptions {
        strategy: Some(strategy),
        schema_versioning: p.ctx.schema_versioning,
        database,
    };
    let plan = syncplan::plan::plan(&p.classified, &o.schema, &n.schema, &opts);
    let client = syncplan::plan::client::instructions(&p.classified, &o.schema, &n.schema, &sdks, &plan, out.is_some());
    let meta = p.meta();
    let md = syncplan::render::plan::markdown(&p.classified, &plan, &client.markdown, &meta);
    let js = with_config(
        syncplan::render::plan::json(&p.classified, &plan, &client.json, &meta),
        &p,
    );
    if let Some(dir) = out {
        let mut files = plan.artifacts.clone();
        files.extend(client.files.clone());
        files.insert("plan.md".into(), md.clone());
        files.insert("plan.json".into(), js.clone());
        syncplan::output::write_tree_cli(&dir, &files, force)?;
        eprintln!("wrote {} files to {}", files.len(), load::display_path(&dir));
    }
    emit(&match format {
        Output::Text => render::colorize(
            &syncplan::render::plan::text(&p.classified, &plan, &client.text, &meta),
            color,
        ),
        Output::Markdown => ci::fit_comment(md),
        Output::Json => js,
        f => ci_output(f, "syncplan plan", &catalog_rules(), &p.items()).unwrap_or_default(),
    });
    eprint!("{}", p.problem_lines());
    // A plan fails only when asked to (--fail-on) or when a waiver expired.
    let gated = change.fail_on.is_some() && !p.failing.is_empty();
    Ok(gate(gated || p.problems.iter().any(|x| x.fails)))
}

/// `plan --context local`: the report and the per-SDK migration code of a local realm.
fn local_plan(
    p: &Prepared,
    change: &ChangeArgs,
    sdk: &[String],
    format: Output,
    out: Option<PathBuf>,
    force: bool,
    color: bool,
) -> Result<ExitCode, String> {
    use syncplan::migrate;
    let targets = migrate::Target::parse_list(sdk)?;
    let lp = migrate::plan(&p.classified);
    let code = migrate::render(&lp, &targets);
    let meta = p.meta();
    let md = report::markdown(&p.classified, &meta) + &migrate::markdown(&lp, &code);
    let js = migrate::json_report(&p.classified, &meta, &lp, &code);
    if let Some(dir) = out {
        let mut files = std::collections::BTreeMap::new();
        for (t, c) in &code {
            files.insert(format!("migrations/{}", t.file_name()), c.clone());
        }
        files.insert("plan.md".into(), md.clone());
        files.insert("plan.json".into(), js.clone());
        syncplan::output::write_tree_cli(&dir, &files, force)?;
        eprintln!("wrote {} files to {}", files.len(), load::display_path(&dir));
    }
    emit(&match format {
        Output::Text => render::colorize(
            &(report::text(&p.classified, &meta) + &migrate::text(&lp, &code)),
            color,
        ),
        Output::Markdown => ci::fit_comment(md),
        Output::Json => js,
        f => ci_output(f, "syncplan plan", &catalog_rules(), &p.items()).unwrap_or_default(),
    });
    eprint!("{}", p.problem_lines());
    let gated = change.fail_on.is_some() && !p.failing.is_empty();
    Ok(gate(gated || p.problems.iter().any(|x| x.fails)))
}

fn changelog(change: &ChangeArgs) -> Result<ExitCode, String> {
    let p = prepare(change)?;
    emit(&syncplan::render::report::changelog(&p.classified, &p.meta()));
    eprint!("{}", p.problem_lines());
    Ok(ExitCode::SUCCESS)
}

fn run(command: Command, color: bool) -> Result<ExitCode, String> {
    match command {
        Command::History {
            path,
            sdk,
            from,
            to,
            format,
        } => {
            let targets = syncplan::migrate::Target::parse_list(&sdk)?;
            let h = syncplan::history::history(&path, from.as_deref(), to.as_deref())?;
            let code = syncplan::migrate::render(&h.chained, &targets);
            emit(&match format {
                Output::Json => syncplan::history::json(&h, &code),
                Output::Markdown => syncplan::history::markdown(&h, &code),
                _ => syncplan::history::text(&h, &code),
            });
            Ok(gate(h.has_unbumped()))
        }
        Command::Validate { path, format, context } => {
            validate(&path, format, color, context.contains(&ContextArg::Local))
        }
        Command::Check {
            server,
            clients,
            format,
        } => check(&server, &clients, format, color),
        Command::Devmode {
            client,
            out,
            database,
            force,
        } => devmode(&client, &out, &database, force),
        Command::Docs { dir, check } => docs(&dir, check),
        Command::Diff { change, format } => diff(&change, format, color),
        Command::Plan {
            change,
            sdk,
            strategy,
            format,
            out,
            force,
            database,
        } => plan(&change, &sdk, strategy, format, out, force, database, color),
        Command::Changelog { change } => changelog(&change),
        Command::Codegen { model, sdk, out, force } => {
            let sdks = syncplan::plan::client::parse_sdks(&sdk)?;
            let loaded = load::load_one(&model).map_err(|e| e.to_string())?;
            let report = ValidateReport::new(loaded);
            if report.has_errors() {
                emit(&render::validate_text(std::slice::from_ref(&report)));
                eprintln!("error: the model has validation errors; nothing was generated");
                return Ok(ExitCode::from(1));
            }
            let schema = &report.loaded.schema;
            for &s in &sdks {
                for (path, msg) in syncplan::codegen::warnings(schema, s) {
                    eprintln!("warning: {}: {path}: {msg}", s.name());
                }
            }
            match out {
                None if sdks.len() == 1 => emit(&syncplan::codegen::generate(schema, sdks[0])),
                None => {
                    for &s in &sdks {
                        emit(&format!(
                            "// ===== {} ({}) =====\n{}\n",
                            s.display(),
                            s.file_name(),
                            syncplan::codegen::generate(schema, s)
                        ));
                    }
                }
                Some(dir) => {
                    let files: std::collections::BTreeMap<String, String> = sdks
                        .iter()
                        .map(|&s| {
                            (
                                format!("{}/{}", s.name(), s.file_name()),
                                syncplan::codegen::generate(schema, s),
                            )
                        })
                        .collect();
                    syncplan::output::write_tree_cli(&dir, &files, force)?;
                    emit(&format!(
                        "wrote {} files to {}\n",
                        files.len(),
                        load::display_path(&dir)
                    ));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Infer(args) => syncplan::infer::cli::execute(args),
        Command::Rules { id, format } => {
            match id {
                None => emit(&match format {
                    Format::Text => syncplan::catalog::list_text(),
                    Format::Json => syncplan::catalog::list_json(),
                }),
                Some(id) => {
                    let rule = syncplan::rules::by_id(&id)
                        .ok_or_else(|| format!("unknown rule \"{id}\"; `syncplan rules` lists them"))?;
                    emit(&match format {
                        Format::Text => syncplan::catalog::explain(rule),
                        Format::Json => syncplan::catalog::rule_json(rule),
                    });
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { which } => {
            match which {
                SchemaWhich::Report => emit(syncplan::catalog::REPORT_SCHEMA),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn devmode(client: &Path, out: &Path, database: &str, force: bool) -> Result<ExitCode, String> {
    if database.is_empty() || database.contains(['/', '\\', '.', ' ', '$', '"']) {
        return Err(format!(
            "invalid --database \"{database}\": a MongoDB database name cannot be empty or contain / \\ . space $ \""
        ));
    }
    let loaded = load::load_one(client).map_err(|e| e.to_string())?;
    let report = ValidateReport::new(loaded);
    if report.has_errors() {
        emit(&render::validate_text(std::slice::from_ref(&report)));
        eprintln!("error: the model has validation errors; nothing was written");
        return Ok(ExitCode::from(1));
    }
    let files = syncplan::devmode::devmode(&report.loaded.schema, database);
    syncplan::output::write_tree_cli(out, &files, force)?;
    emit(&format!("wrote {} files to {}\n", files.len(), load::display_path(out)));
    Ok(ExitCode::SUCCESS)
}

fn docs(dir: &Path, check: bool) -> Result<ExitCode, String> {
    let mut stale = Vec::new();
    for (rel, content) in syncplan::docs::generated(Path::new(".")) {
        let p = dir.join(&rel);
        let current = std::fs::read_to_string(&p).unwrap_or_default();
        if current == content {
            continue;
        }
        if check {
            stale.push(load::display_path(&p));
        } else {
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {}", load::display_path(parent), load::io_message(&e)))?;
            }
            std::fs::write(&p, content).map_err(|e| format!("{}: {}", load::display_path(&p), load::io_message(&e)))?;
            emit(&format!("wrote {}\n", load::display_path(&p)));
        }
    }
    if !stale.is_empty() {
        eprintln!("stale generated docs (run `syncplan docs`): {}", stale.join(", "));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
