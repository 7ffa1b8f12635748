//! `syncplan rules`.

use std::process::ExitCode;

use super::emit;

#[derive(clap::Args)]
pub struct Args {
    /// A rule id (see `syncplan rules`)
    id: Option<String>,
    #[arg(short = 'f', long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    match a.id {
        None => emit(&match a.format {
            Format::Text => syncplan::catalog::list_text(),
            Format::Json => syncplan::catalog::list_json(),
        }),
        Some(id) => {
            let rule = syncplan::rules::by_id(&id)
                .ok_or_else(|| format!("unknown rule \"{id}\"; `syncplan rules` lists them (`syncplan explain {id}` also knows validation and check ids)"))?;
            emit(&match a.format {
                Format::Text => syncplan::catalog::explain(rule),
                Format::Json => syncplan::catalog::rule_json(rule),
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--format` of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}
