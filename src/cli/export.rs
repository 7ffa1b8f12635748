//! `syncplan export`: the data model for PowerSync or plain SQLite.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use syncplan::diagnostic::Severity;
use syncplan::export::orm::Orm;
use syncplan::export::powersync::PsSdk;
use syncplan::export::{self, Export};
use syncplan::load;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// PowerSync: Sync Streams from the sync configuration and permissions, client schemas per SDK
    Powersync,
    /// Portable SQLite DDL (STRICT tables, foreign keys, join tables, JSON columns)
    Sqlite,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Findings on stderr; files under --out, or printed when there is no --out
    Text,
    /// {"target", "complete", "files": {path: contents}, "findings": [...]}
    Json,
}

#[derive(Args)]
#[command(
    long_about = "Translates a Device Sync / Realm data model for the engine you move to, and names every \
point that does not carry over as a finding (id, severity, model path, help; `syncplan explain ID` or \
docs/validation.md).\n\n\
--to powersync: APP is an App Services app export (or any model). Writes powersync/sync-config.yaml (Sync Streams, \
edition 3: one stream per collection, `_id AS id`, explicit columns, the read permission as the WHERE clause: \
partition rules of partition-based sync, the document filters of Flexible Sync roles), powersync/source-schema.json \
(the MongoDB collections the streams read, for offline validation) and powersync/client/<schema> for each --sdk \
(ts, dart, kotlin, swift). A rule that cannot be translated leaves its stream out with an error finding: a stream is \
never written that could show a user documents the rule hid. CLIENTS (optional) are checked against APP first.\n\n\
--to sqlite: MODEL is any model (app export, schema.json, Realm model or SDK source). Writes schema.sql: one STRICT \
table per top-level type, foreign keys for links, join tables for to-many links, child tables for sets, JSON columns \
for lists, dictionaries and embedded objects (docs/export.md lists every choice); with --orm, the entity code of \
Room, SQLDelight, Drift, GRDB or SwiftData for the same tables.\n\n\
Exit codes: 0 exported completely, 1 incomplete (an error finding: a part was left out), 2 usage or input error."
)]
pub struct ExportArgs {
    /// The engine to translate for
    #[arg(long, value_enum)]
    pub to: Target,
    /// The model: an app export directory, schema.json, Realm model or SDK source
    pub model: PathBuf,
    /// Client models to check against MODEL first (powersync)
    pub clients: Vec<PathBuf>,
    /// PowerSync client SDKs: ts, dart, kotlin, swift, or all (comma-separated)
    #[arg(long, value_delimiter = ',', default_value = "all")]
    pub sdk: Vec<String>,
    /// SQLite ORMs to write entity code for: room, sqldelight, drift, grdb, swiftdata, or all (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub orm: Vec<String>,
    /// Write the files under this directory
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Write into a non-empty --out (replaces only the files syncplan writes)
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
    pub format: ExportFormat,
}

fn parse_sdks(list: &[String]) -> Result<Vec<PsSdk>, String> {
    let mut out = Vec::new();
    for s in list
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if s == "all" {
            out.extend(PsSdk::ALL);
        } else if s == "none" {
        } else {
            out.push(PsSdk::parse(s).ok_or_else(|| {
                format!("unknown PowerSync SDK \"{s}\": expected ts, dart, kotlin, swift, all or none")
            })?);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn parse_orms(list: &[String]) -> Result<Vec<Orm>, String> {
    let mut out = Vec::new();
    for s in list
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if s == "all" {
            out.extend(Orm::ALL);
        } else {
            out.push(Orm::parse(s).ok_or_else(|| {
                format!("unknown ORM \"{s}\": expected room, sqldelight, drift, grdb, swiftdata or all")
            })?);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

pub fn run(args: ExportArgs) -> Result<ExitCode, String> {
    let loaded = load::load_one(&args.model).map_err(|e| e.to_string())?;
    if loaded.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        for d in loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            eprintln!("error[{}]: {}: {}", d.id, d.path, d.message);
        }
        return Err(format!(
            "{}: the model does not load cleanly; nothing exported",
            args.model.display()
        ));
    }
    let result: Export = match args.to {
        Target::Sqlite => export::orm::export_with(&loaded.schema, &parse_orms(&args.orm)?),
        Target::Powersync => {
            for c in &args.clients {
                let client = load::load_one(c).map_err(|e| e.to_string())?;
                let found = syncplan::check::check(&loaded.schema, &client.schema);
                let errors = found.iter().filter(|d| d.severity == Severity::Error).count();
                if errors > 0 {
                    eprintln!(
                        "warning: {} disagrees with {} ({errors} error findings; run `syncplan check`): the export follows {}",
                        c.display(),
                        args.model.display(),
                        args.model.display()
                    );
                }
            }
            let perms = export::permissions::Permissions::from_schema(&loaded.schema);
            let sdks = parse_sdks(&args.sdk)?;
            export::powersync::export(&loaded.schema, &perms, &sdks)
        }
    };
    let complete = !result.incomplete();
    match args.format {
        ExportFormat::Json => {
            let v = serde_json::json!({
                "target": match args.to { Target::Powersync => "powersync", Target::Sqlite => "sqlite" },
                "complete": complete,
                "files": result.files,
                "findings": result.findings,
            });
            println!("{}", serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?);
        }
        ExportFormat::Text => {
            for d in &result.findings {
                eprintln!("{}[{}]: {}: {}", d.severity, d.id, d.path, d.message);
            }
            if args.out.is_none() {
                if result.files.len() == 1 {
                    for body in result.files.values() {
                        print!("{body}");
                    }
                } else {
                    for (path, body) in &result.files {
                        println!("==> {path} <==\n{body}");
                    }
                }
            }
        }
    }
    if let Some(dir) = &args.out {
        crate::cli::write_tree(dir, &result.files, args.force)?;
        eprintln!("wrote {} files to {}", result.files.len(), load::display_path(dir));
    }
    let errors = result.findings.iter().filter(|d| d.severity == Severity::Error).count();
    eprintln!(
        "{}: {} findings ({} errors){}",
        if complete {
            "export complete"
        } else {
            "export INCOMPLETE"
        },
        result.findings.len(),
        errors,
        if complete {
            ""
        } else {
            "; the parts named by error findings were left out"
        }
    );
    Ok(if complete { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
