//! `syncplan schema`.

use std::process::ExitCode;

use super::emit;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    which: SchemaWhich,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SchemaWhich {
    /// The `syncplan diff --format json` report
    Report,
    /// The `syncplan plan --format json` plan (plan.json)
    Plan,
    /// The `syncplan validate --format json` report
    Validate,
    /// The `syncplan check --format json` report
    Check,
    /// The syncplan.toml configuration file
    Config,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    match a.which {
        SchemaWhich::Report => emit(syncplan::catalog::REPORT_SCHEMA),
        SchemaWhich::Plan => emit(syncplan::catalog::PLAN_SCHEMA),
        SchemaWhich::Validate => emit(syncplan::catalog::VALIDATE_SCHEMA),
        SchemaWhich::Check => emit(syncplan::catalog::CHECK_SCHEMA),
        SchemaWhich::Config => emit(syncplan::catalog::CONFIG_SCHEMA),
    }
    Ok(ExitCode::SUCCESS)
}
