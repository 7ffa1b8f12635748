//! The command line's types (clap) and one module per command. Each command parses nothing
//! itself: it turns its arguments into a library call, prints once, and returns the exit code.

pub mod change;
pub mod changelog;
pub mod check;
pub mod codegen;
pub mod completions;
pub mod devmode;
pub mod diff;
pub mod docs;
pub mod explain;
pub mod export;
pub mod history;
pub mod infer;
pub mod plan;
pub mod rules;
pub mod schema;
pub mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use syncplan::render::ci;

#[derive(Parser)]
#[command(
    name = "syncplan",
    version,
    about = "Plan Atlas Device Sync data-model changes: validate, check, diff and migrate App Services schemas and Realm object models",
    long_about = "syncplan reads the two sides of an Atlas Device Sync data model, the App Services schema \
(an app export directory or a schema.json) and the Realm client object model (Realm JS ObjectSchema JSON/YAML, or \
model classes in Swift, Objective-C, Kotlin, Java, JavaScript, TypeScript, Dart, C# or C++ source files), into one typed model. It validates each side, checks that the two agree, judges every change between two versions for \
the server schema and the client model, plans the migration, and generates client models.\n\n\
Exit codes: 0 ok, 1 findings that fail the gate (invalid model, inconsistency, breaking change), 2 usage or input error.",
    after_help = "Examples:\n  syncplan validate migrations-examples/scenario_todo/before\n  syncplan check app/ client-model.json\n  syncplan diff --against origin/main app/\n  syncplan plan old/ new/ --sdk swift,kotlin --format markdown"
)]
pub struct Cli {
    /// Colour the text output: auto (when stdout is a terminal and NO_COLOR is unset), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print nothing but errors: the exit code tells the result
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output formats shared by validate, check, diff and plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Human-readable, with a summary line
    Text,
    /// The documented JSON contract (`syncplan schema report|plan|validate|check` prints its JSON Schema)
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

#[derive(Subcommand)]
pub enum Command {
    /// Load a model (app export, schema.json, or Realm object model), list it, and report every validation finding
    #[command(long_about = "Loads PATH, auto-detected by content and layout:\n\
  - an App Services app export directory (data_sources/<service>/<db>/<collection>/schema.json + relationships.json, \
or the legacy services/<service>/rules/<db>.<coll>.json layout, with sync/config.json); a directory holding several \
apps is validated app by app;\n\
  - a single App Services schema.json (JSON or YAML);\n\
  - a Realm object model in the Realm JS ObjectSchema shape (JSON or YAML): [ {name, primaryKey, embedded, asymmetric, properties} ], \
{\"schema\": [...]} or {\"schemaVersion\": N, \"schema\": [...]};\n\
  - Realm model classes in SDK source: Swift (.swift), Objective-C (.m, .mm, .h), Kotlin (.kt), Java (.java), JavaScript (.js), TypeScript (.ts), Dart (.dart), \
C# (.cs) or C++ (.hpp, .h, .cpp), a file or a directory of them.\n\n\
Prints the object types, collections, properties and links, then every finding with its id, model path, file:line:column and help. \
Finding ids are listed in docs/validation.md.\n\nExit codes: 0 valid, 1 invalid model (an error-level finding), 2 cannot read or parse.")]
    Validate(validate::Args),
    /// Check client models against the server schema: every inconsistency that would stop sync or lose data
    #[command(
        long_about = "Compares the App Services schema (SERVER: app export or schema.json) with one or more client models \
(CLIENT...: Realm JS ObjectSchema JSON/YAML, or model classes in Swift, Objective-C, Kotlin, Java, JavaScript, TypeScript, \
Dart, C# or C++ source): synced types missing on the server, properties whose Realm type does not map to the server bsonType, optional vs \
required mismatches, different link targets, embedded vs top-level mismatches, mapTo names missing on the server, and \
(informational) server collections no client declares. With several clients, findings name the client they concern, \
where the clients disagree with each other comes in a section of its own, and one overall line ends the report. \
The server side goes first: a client model given as SERVER with an app export as CLIENT is refused.\n\n\
Exit codes: 0 consistent, 1 inconsistent (an error-level finding), 2 cannot read or parse."
    )]
    Check(check::Args),
    /// Write the App Services app export that Development Mode would create for a client model
    #[command(
        long_about = "Writes, under --out, the app export Development Mode would create for CLIENT: one collection per \
top-level or asymmetric type in --database (schema.json with title, bsonType, required, properties; relationships.json with \
ref/foreign_key/is_list; dotted keys for links inside embedded objects), data_sources/mongodb-atlas/config.json and \
sync/config.json (asymmetric types in asymmetric_tables).\n\nNothing is written when the model has validation errors. An existing \
non-empty --out is refused unless --force; with --force only the files syncplan writes are replaced (nothing is deleted).\n\n\
Exit codes: 0 written, 1 the model is invalid (nothing written), 2 usage or input error."
    )]
    Devmode(devmode::Args),
    /// Compare two versions of a data model and judge every change for the server schema and the client model
    #[command(
        long_about = "Lists every change between OLD and NEW (app export vs app export, Realm model vs Realm model, or a mix such as the server's current export vs a new client model) as a finding with a rule id, and the verdict if the change is made in the server-side App Services schema and in the client-side SDK model (non-breaking; needs-action: safe only after a backfill or data check; schema-versioning under --context schema-versioning; breaking). `syncplan rules` lists the catalog.\n\nEither side may be REV:PATH (PATH at a git revision), or use --against REV PATH. Renames are never guessed: pass --rename Old=New (object type) or --rename Type.old=Type.new (property). syncplan.toml (found upward from the current directory) sets defaults, per-rule levels and [[accept]] waivers.\n\nA side with a part that could not be read (an SDK source member or class the reader met but could not read) makes the comparison incomplete: every format says so first and lists the unread parts, changes that may only follow from them (a property \"removed\" that is in an unread part) are not reported, and the gate fails (every --fail-on but none), since no finding at or above it cannot be established.\n\nExit codes: 0 no finding at or above --fail-on (default needs-action; accepted findings excepted), 1 findings at or above it, an expired waiver or an incomplete comparison, 2 usage or input error."
    )]
    Diff(diff::Args),
    /// Ordered migration steps, runnable MongoDB artifacts and per-SDK client-model changes for a model change
    #[command(
        long_about = "Builds the plan that turns OLD into NEW: the findings of `syncplan diff`, then ordered steps \
(each with the side it acts on, what to do, why, preconditions, how to verify it, and whether it can lose data or force a \
client reset), with runnable mongosh scripts for backfills, conversions and checks, and, for breaking changes, the steps of \
the chosen strategy (partner collection, schema version, or terminate and re-enable Sync). --out DIR writes every artifact \
as a file: plan.md, plan.json, scripts/, server/ (schemas, triggers, functions), clients/.\n\n\
An incomplete comparison (a side with a part that could not be read) is said first in every format and in plan.md/plan.json.\n\n\
Exit codes: 0 plan printed, 1 with a gate asked for (--fail-on, or fail_on in syncplan.toml) and findings at or above it \
or an incomplete comparison, or an expired waiver, 2 usage or input error."
    )]
    Plan(plan::Args),
    /// Release notes for a model change (markdown): breaking changes first, grouped by object type
    #[command(
        long_about = "Prints release notes for the change from OLD to NEW as markdown: breaking changes first, then \
the other changes, grouped by object type, each with its verdict for the server schema and the client model.\n\n\
Exit codes: 0 notes printed, 1 with a gate asked for (--fail-on, or fail_on in syncplan.toml) and findings at or above it, \
or an expired waiver, 2 usage or input error."
    )]
    Changelog(changelog::Args),
    /// A local realm's model at every release (git tags, or commits), each transition's verdict, and the chained migration
    #[command(
        long_about = "Reconstructs the client model under PATH at every git tag reachable from --to (or, without tags, at \
every commit touching PATH), with its schema version, judges each transition as a local (non-synced) realm (none, bump, \
migration), flags releases that changed the model without a schemaVersion bump, and emits the chained migration from the \
oldest release to the newest for each --sdk, each step guarded by its version, so an app that skipped releases migrates \
correctly.\n\nExit codes: 0 every release bumped when it had to, 1 a release changed the model without a bump, 2 usage or input error."
    )]
    History(history::Args),
    /// Generate complete client model source for each SDK from a model (either side)
    #[command(
        long_about = "Generates the client object model of MODEL (an app export, schema.json or Realm model) for each \
requested SDK, like the App Services UI's \"SDK data models\" page, offline: Swift, Kotlin, JavaScript, TypeScript, \
Dart/Flutter, C#/.NET, C++ and Realm Java. With one SDK and no --out, the source is printed; with --out each SDK's file is written under \
DIR/<sdk>/. What an SDK cannot express is reported on stderr as a warning with the model path.\n\n\
Exit codes: 0 generated, 1 the model is invalid (nothing generated), 2 usage or input error."
    )]
    Codegen(codegen::Args),
    // About and exit codes come from `InferArgs`.
    Infer(infer::InferArgs),
    /// Translate the model for PowerSync or SQLite, naming everything that does not carry over
    Export(export::ExportArgs),
    /// List the rule catalog, or explain one rule
    #[command(
        long_about = "Without ID, lists every change rule of `syncplan diff` with its verdicts for the server schema and \
the client model; with ID, explains the rule (why, what to do, an example). `syncplan explain ID` also knows the \
validation and consistency ids and the tags.\n\n\
Exit codes: 0 listed or explained, 2 unknown rule id."
    )]
    Rules(rules::Args),
    /// Explain any id syncplan prints: a change rule, a validation or consistency finding, or a tag
    #[command(
        long_about = "Explains ID: a change rule of `syncplan diff` (verdicts, why, what to do, an example), a validation \
or consistency finding of `validate` and `check` (e.g. check_optionality_mismatch), or a tag (client-reset, needs-backfill, \
destructive, resync, data-dependent). Without ID, lists what can be explained and the tag legend.\n\n\
Exit codes: 0 explained, 2 unknown id."
    )]
    Explain(explain::Args),
    /// Print the JSON Schema of a JSON output (report, plan, validate, check) or of syncplan.toml (config)
    #[command(
        long_about = "Prints the JSON Schema (draft 2020-12) that a JSON output of syncplan follows: report \
(diff --format json), plan (plan --format json and plan.json), validate, check; or config, the schema of syncplan.toml.\n\n\
Exit codes: 0 printed, 2 unknown name."
    )]
    Schema(schema::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(long_about = "Prints the completion script for SHELL on stdout. For example:\n  \
syncplan completions bash > ~/.local/share/bash-completion/completions/syncplan\n  \
syncplan completions zsh > ~/.zfunc/_syncplan\n  \
syncplan completions fish > ~/.config/fish/completions/syncplan.fish\n\n\
Exit codes: 0 printed, 2 unknown shell.")]
    Completions(completions::Args),
    /// Print the man page (roff) on stdout
    #[command(long_about = "Prints the syncplan(1) man page in roff. For example:\n  \
syncplan man > ~/.local/share/man/man1/syncplan.1 && man syncplan\n\n\
Exit codes: 0 printed.")]
    Man,
    /// Regenerate syncplan's own generated docs (maintainers only; run from the source tree)
    #[command(hide = true)]
    Docs(docs::Args),
}

/// Runs one command; `Err` is a usage or input error (exit 2).
pub fn run(command: Command, color: bool) -> Result<ExitCode, String> {
    match command {
        Command::Validate(a) => validate::run(a, color),
        Command::Check(a) => check::run(a, color),
        Command::Devmode(a) => devmode::run(a),
        Command::Diff(a) => diff::run(a, color),
        Command::Plan(a) => plan::run(a, color),
        Command::Changelog(a) => changelog::run(a),
        Command::History(a) => history::run(a),
        Command::Codegen(a) => codegen::run(a),
        Command::Infer(a) => infer::execute(a),
        Command::Export(a) => export::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Completions(a) => completions::run(a),
        Command::Man => completions::man(),
        Command::Schema(a) => schema::run(a),
        Command::Docs(a) => docs::run(a),
    }
}

/// Set by `--quiet`: nothing but errors is printed.
pub static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints notes and warnings to stderr (not under `--quiet`; `error:` lines always).
pub fn note(s: &str) {
    if quiet() {
        let errors: String = s.split_inclusive('\n').filter(|l| l.starts_with("error")).collect();
        eprint!("{errors}");
    } else {
        eprint!("{s}");
    }
}

/// Prints to stdout (nothing under `--quiet`); a closed pipe is not an error.
pub fn emit(s: &str) {
    if quiet() {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

/// Exit 1 when `fail`, else 0.
pub fn gate(fail: bool) -> ExitCode {
    if fail { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The CI formats (SARIF, annotations, JUnit, single line) of a set of items, with paths relative
/// to the repository root (the current directory outside a repository), as code scanning and
/// workflow annotations expect whatever the step's `working-directory`.
pub fn ci_output(format: Output, suite: &str, rules: &[ci::RuleInfo], items: &[ci::Item]) -> Option<String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = syncplan::git::toplevel().unwrap_or_else(|| cwd.clone());
    let mut items = items.to_vec();
    // Single lines are for a terminal: paths as given there.
    if format != Output::Singleline {
        ci::rebase(&mut items, &root, &cwd);
    }
    let items = &items;
    match format {
        Output::Sarif => Some(ci::sarif_rooted(
            env!("CARGO_PKG_VERSION"),
            rules,
            items,
            Some(&ci::dir_uri(&root.canonicalize().unwrap_or(root))),
        )),
        Output::Github => Some(ci::github(items)),
        Output::Junit => Some(ci::junit(suite, items)),
        Output::Singleline => Some(ci::singleline(items)),
        Output::Text | Output::Json | Output::Markdown => None,
    }
}

/// For the command line: `write_tree`, with Ctrl-C turned into exit code 130 and a message.
pub fn write_tree(
    out: &std::path::Path,
    files: &std::collections::BTreeMap<String, String>,
    force: bool,
) -> Result<(), String> {
    match syncplan::output::write_tree(out, files, force) {
        Ok(syncplan::output::Written::Complete) => Ok(()),
        Ok(syncplan::output::Written::CompleteThenInterrupted) => {
            eprintln!(
                "syncplan: interrupted; the output in {} was completed first",
                syncplan::load::display_path(out)
            );
            std::process::exit(i32::from(syncplan::output::INTERRUPTED_EXIT));
        }
        Err(syncplan::output::WriteError::Interrupted(m)) => {
            eprintln!("syncplan: {m}");
            std::process::exit(i32::from(syncplan::output::INTERRUPTED_EXIT));
        }
        Err(syncplan::output::WriteError::Failed(m)) => Err(m),
    }
}

/// The exit code, leaving `comparison` (both models, the findings, the plan) to the operating
/// system: the process ends right after, and freeing a large comparison piece by piece cost about
/// 5 % of a 1,000-type `plan --sdk all` (docs/performance.md).
pub fn exit_without_freeing<T>(comparison: T, code: ExitCode) -> ExitCode {
    std::mem::forget(comparison);
    code
}
