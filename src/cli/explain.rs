//! `syncplan explain`.

use std::process::ExitCode;

use super::emit;

#[derive(clap::Args)]
pub struct Args {
    /// A rule id, a validation or consistency id, or a tag; without it, what can be explained
    id: Option<String>,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    match a.id {
        None => emit(&syncplan::catalog::explain_index()),
        Some(id) => emit(&syncplan::catalog::explain_id(&id).ok_or_else(|| {
            format!("unknown id \"{id}\": not a rule, a validation or consistency id, or a tag (`syncplan explain` lists what it knows)")
        })?),
    }
    Ok(ExitCode::SUCCESS)
}
