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
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    match a.which {
        SchemaWhich::Report => emit(syncplan::catalog::REPORT_SCHEMA),
    }
    Ok(ExitCode::SUCCESS)
}
