//! The `syncplan` command line. Parses arguments, calls the library, prints once, and maps the
//! outcome to an exit code: 0 ok, 1 findings that fail the gate, 2 usage or input error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use syncplan::diff::{DiffOptions, RenameHint};
use syncplan::load;
use syncplan::plan::Strategy;
use syncplan::render::report::{self, ReportMeta};
use syncplan::render::{self, CheckReport, Format, ReportFormat, ValidateReport};
use syncplan::rules::Context;

#[derive(Parser)]
#[command(
    name = "syncplan",
    version,
    about = "Plan Atlas Device Sync data-model changes: validate, check, diff and migrate App Services schemas and Realm object models",
    long_about = "syncplan reads the two sides of an Atlas Device Sync data model, the App Services schema \
(an app export directory or a schema.json) and the Realm client object model (Realm JS ObjectSchema JSON/YAML), \
into one typed model. It validates each side, checks that the two agree, and writes what Development Mode would create.\n\n\
Exit codes: 0 ok, 1 findings that fail the gate (invalid model, inconsistency), 2 usage or input error.",
    after_help = "Examples:\n  syncplan validate migrations-examples/scenario_todo/before\n  syncplan check app/ client-model.json\n  syncplan devmode client-model.json --out generated-app --database todo"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// App export directory, schema file, or Realm model file
        path: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check a client model against the server schema: every inconsistency that would stop sync or lose data
    #[command(
        long_about = "Compares the App Services schema (SERVER: app export or schema.json) with a Realm client model \
(CLIENT): synced types missing on the server, properties whose Realm type does not map to the server bsonType, optional vs \
required mismatches, different link targets, embedded vs top-level mismatches, mapTo names missing on the server, and \
(informational) server collections no client declares.\n\nExit codes: 0 consistent, 1 inconsistent (an error-level finding), 2 cannot read or parse."
    )]
    Check {
        /// Server side: App Services app export directory or schema.json
        server: PathBuf,
        /// Client side: Realm object model (JSON/YAML)
        client: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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
        long_about = "Lists every change between OLD and NEW (app export vs app export, Realm model vs Realm model, or a mix such as the server's current export vs a new client model) as a finding with a rule id, and the verdict if the change is made in the server-side App Services schema and in the client-side SDK model (non-breaking, breaking, or schema-versioning under --context schema-versioning). `syncplan rules` lists the catalog.\n\nRenames are never guessed: pass --rename Old=New (object type) or --rename Type.old=Type.new (property).\n\nExit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or input error."
    )]
    Diff {
        /// The current version (app export directory, schema file, Realm model, or a directory holding one model file)
        old: PathBuf,
        /// The proposed version
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Rename hint: OLD=NEW for an object type, Type.old=Type.new for a property (repeatable)
        #[arg(long = "rename", value_name = "OLD=NEW")]
        renames: Vec<String>,
        /// Deployment context: development-mode, schema-versioning, flexible, partition (repeatable or comma-separated)
        #[arg(long, value_enum, value_delimiter = ',')]
        context: Vec<ContextArg>,
        /// Lowest level that fails the run (exit 1)
        #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
        fail_on: FailOn,
    },
    /// Ordered migration steps, runnable MongoDB artifacts and per-SDK client-model changes for a model change
    #[command(
        long_about = "Builds the plan that turns OLD into NEW: the findings of `syncplan diff`, then ordered steps \
(each with the side it acts on, what to do, why, preconditions, how to verify it, and whether it can lose data or force a \
client reset), with runnable mongosh scripts for backfills, conversions and checks, and, for breaking changes, the steps of \
the chosen strategy (partner collection, schema version, or terminate and re-enable Sync). --out DIR writes every artifact \
as a file: plan.md, plan.json, scripts/, server/ (schemas, triggers, functions), clients/.\n\n\
Exit codes: 0 plan printed, 2 usage or input error."
    )]
    Plan {
        /// The current version
        old: PathBuf,
        /// The proposed version
        new: PathBuf,
        /// SDKs to give client-model instructions for: swift, kotlin, js, ts, dart, csharp, cpp, all, or none (comma-separated)
        #[arg(long, value_delimiter = ',', default_value = "all")]
        sdk: Vec<String>,
        /// Strategy for breaking changes
        #[arg(long, value_enum, default_value_t = Strategy::Auto)]
        strategy: Strategy,
        #[arg(long, value_enum, value_delimiter = ',')]
        context: Vec<ContextArg>,
        #[arg(long = "rename", value_name = "OLD=NEW")]
        renames: Vec<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
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
}

impl ContextArg {
    fn name(self) -> &'static str {
        match self {
            ContextArg::DevelopmentMode => "development-mode",
            ContextArg::SchemaVersioning => "schema-versioning",
            ContextArg::Flexible => "flexible",
            ContextArg::Partition => "partition",
        }
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
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SchemaWhich {
    /// The `syncplan diff --format json` report
    Report,
}

fn fails(f: &syncplan::classify::Finding, level: FailOn) -> bool {
    use syncplan::rules::Verdict;
    match level {
        FailOn::Breaking => f.server == Verdict::Breaking || f.client == Verdict::Breaking,
        FailOn::ServerBreaking => f.server == Verdict::Breaking,
        FailOn::ClientBreaking => f.client == Verdict::Breaking,
        FailOn::SchemaVersioning => f.server != Verdict::NonBreaking || f.client != Verdict::NonBreaking,
        FailOn::Any => true,
        FailOn::None => false,
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
    };
    Ok((ctx, names))
}

fn main() -> ExitCode {
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
    let code = match run(cli) {
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

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Validate { path, format } => {
            let loaded = load::load(&path).map_err(|e| e.to_string())?;
            let reports: Vec<ValidateReport> = loaded.into_iter().map(ValidateReport::new).collect();
            emit(&match format {
                Format::Text => render::validate_text(&reports),
                Format::Json => render::validate_json(&reports),
            });
            Ok(gate(reports.iter().any(ValidateReport::has_errors)))
        }
        Command::Check { server, client, format } => {
            let s = load::load_one(&server).map_err(|e| e.to_string())?;
            let c = load::load_one(&client).map_err(|e| e.to_string())?;
            let findings = syncplan::check::check(&s.schema, &c.schema);
            let errs = |l: &load::Loaded| {
                ValidateReport::new(l.clone())
                    .findings
                    .iter()
                    .filter(|d| d.severity == syncplan::diagnostic::Severity::Error)
                    .count()
            };
            let report = CheckReport {
                server_invalid: errs(&s),
                client_invalid: errs(&c),
                server: s,
                client: c,
                findings,
            };
            emit(&match format {
                Format::Text => render::check_text(&report),
                Format::Json => render::check_json(&report),
            });
            Ok(gate(report.has_errors()))
        }
        Command::Devmode {
            client,
            out,
            database,
            force,
        } => devmode(&client, &out, &database, force),
        Command::Docs { dir, check } => docs(&dir, check),
        Command::Diff {
            old,
            new,
            format,
            renames,
            context,
            fail_on,
        } => {
            let olds = load::load(&old).map_err(|e| e.to_string())?;
            let news = load::load(&new).map_err(|e| e.to_string())?;
            let hints = renames
                .iter()
                .map(|r| RenameHint::parse(r))
                .collect::<Result<Vec<_>, _>>()?;
            let pairs = pair_apps(&old, olds, &new, news);
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
            let classified = syncplan::classify::finish(findings);
            let (old_root, new_root) = if pairs.len() == 1 {
                (pairs[0].1.root.clone(), pairs[0].2.root.clone())
            } else {
                (load::display_path(&old), load::display_path(&new))
            };
            let meta = ReportMeta {
                old: &old_root,
                new: &new_root,
                context: ctx_names,
            };
            emit(&match format {
                ReportFormat::Text => report::text(&classified, &meta),
                ReportFormat::Markdown => report::markdown(&classified, &meta),
                ReportFormat::Json => report::json(&classified, &meta),
            });
            Ok(gate(classified.findings.iter().any(|f| fails(f, fail_on))))
        }
        Command::Plan {
            old,
            new,
            sdk,
            strategy,
            context,
            renames,
            format,
            out,
            force,
            database,
        } => {
            let o = load::load_one(&old).map_err(|e| e.to_string())?;
            let n = load::load_one(&new).map_err(|e| e.to_string())?;
            let hints = renames
                .iter()
                .map(|r| RenameHint::parse(r))
                .collect::<Result<Vec<_>, _>>()?;
            syncplan::diff::check_hints(&o.schema, &n.schema, &hints)?;
            let (ctx, ctx_names) = contexts(&context)?;
            let sdks = syncplan::plan::client::parse_sdks(&sdk)?;
            let changes = syncplan::diff::diff(&o.schema, &n.schema, &DiffOptions { renames: hints });
            let classified = syncplan::classify::classify(&changes, &ctx);
            let opts = syncplan::plan::PlanOptions {
                strategy: Some(strategy),
                schema_versioning: ctx.schema_versioning,
                database,
            };
            let plan = syncplan::plan::plan(&classified, &o.schema, &n.schema, &opts);
            let client =
                syncplan::plan::client::instructions(&classified, &o.schema, &n.schema, &sdks, &plan, out.is_some());
            let meta = ReportMeta {
                old: &o.root,
                new: &n.root,
                context: ctx_names,
            };
            let md = syncplan::render::plan::markdown(&classified, &plan, &client.markdown, &meta);
            let js = syncplan::render::plan::json(&classified, &plan, &client.json, &meta);
            if let Some(dir) = out {
                let mut files = plan.artifacts.clone();
                files.extend(client.files.clone());
                files.insert("plan.md".into(), md.clone());
                files.insert("plan.json".into(), js.clone());
                write_tree(&dir, &files, force)?;
                eprintln!("wrote {} files to {}", files.len(), load::display_path(&dir));
            }
            emit(&match format {
                ReportFormat::Text => syncplan::render::plan::text(&classified, &plan, &client.text, &meta),
                ReportFormat::Markdown => md,
                ReportFormat::Json => js,
            });
            Ok(ExitCode::SUCCESS)
        }
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
                    write_tree(&dir, &files, force)?;
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
    write_tree(out, &files, force)?;
    emit(&format!("wrote {} files to {}\n", files.len(), load::display_path(out)));
    Ok(ExitCode::SUCCESS)
}

/// Writes `files` under `out`. A missing `out` is built in a temporary sibling directory and
/// renamed into place; an existing non-empty one needs `force`, and then each file is written
/// to a temporary name and renamed. Nothing that syncplan did not write is deleted.
fn write_tree(out: &Path, files: &std::collections::BTreeMap<String, String>, force: bool) -> Result<(), String> {
    let shown = load::display_path(out);
    let write_all = |base: &Path| -> Result<(), String> {
        for (rel, content) in files {
            let p = base.join(rel);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {}", load::display_path(parent), load::io_message(&e)))?;
            }
            let tmp = p.with_extension("json.syncplan-tmp");
            std::fs::write(&tmp, content)
                .map_err(|e| format!("{}: {}", load::display_path(&tmp), load::io_message(&e)))?;
            std::fs::rename(&tmp, &p).map_err(|e| format!("{}: {}", load::display_path(&p), load::io_message(&e)))?;
        }
        Ok(())
    };
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() && !force {
                return Err(format!(
                    "{shown} already exists and is not empty; pass --force to write into it (only syncplan's files are replaced)"
                ));
            }
            write_all(out)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = out
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: {}", load::display_path(parent), load::io_message(&e)))?;
            let name = out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "out".into());
            let tmp = parent.join(format!(".{name}.syncplan-tmp-{}", std::process::id()));
            let result = write_all(&tmp)
                .and_then(|_| std::fs::rename(&tmp, out).map_err(|e| format!("{shown}: {}", load::io_message(&e))));
            if result.is_err() {
                let _ = std::fs::remove_dir_all(&tmp);
            }
            result
        }
        Err(e) => Err(format!("{shown}: {}", load::io_message(&e))),
    }
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
