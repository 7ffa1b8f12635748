//! `syncplan history`.

use std::process::ExitCode;

use super::{Output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
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
    /// Output format: text, json or markdown
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    let targets = syncplan::migrate::Target::parse_migration_list(&a.sdk)?;
    let h = syncplan::history::history(&a.path, a.from.as_deref(), a.to.as_deref())?;
    for note in &h.skipped {
        eprintln!("note: {note}");
    }
    let code = syncplan::migrate::render(&h.chained, &targets);
    emit(&match a.format {
        Output::Json => syncplan::history::json(&h, &code),
        Output::Markdown => syncplan::history::markdown(&h, &code),
        _ => syncplan::history::text(&h, &code),
    });
    Ok(gate(h.has_unbumped()))
}
