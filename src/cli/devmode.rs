//! `syncplan devmode`.

use std::path::PathBuf;
use std::process::ExitCode;

use syncplan::load;
use syncplan::render;

use super::emit;

#[derive(clap::Args)]
pub struct Args {
    /// Client model (Realm JS ObjectSchema JSON/YAML), or any model syncplan loads
    client: PathBuf,
    /// Directory to write the app export into
    #[arg(short = 'o', long)]
    out: PathBuf,
    /// Development Mode database name
    #[arg(long, default_value = "devmode")]
    database: String,
    /// Write into a non-empty --out (replaces only the files syncplan writes)
    #[arg(long)]
    force: bool,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    let database = &a.database;
    if database.is_empty() || database.contains(['/', '\\', '.', ' ', '$', '"']) {
        return Err(format!(
            "invalid --database \"{database}\": a MongoDB database name cannot be empty or contain / \\ . space $ \""
        ));
    }
    let loaded = load::load_one(&a.client).map_err(|e| e.to_string())?;
    let report = syncplan::pipeline::validate(loaded);
    if report.has_errors() {
        emit(&render::validate_text(std::slice::from_ref(&report)));
        eprintln!("error: the model has validation errors; nothing was written");
        return Ok(ExitCode::from(1));
    }
    let files = syncplan::devmode::devmode(&report.loaded.schema, database);
    crate::cli::write_tree(&a.out, &files, a.force)?;
    emit(&format!(
        "wrote {} files to {}\n",
        files.len(),
        load::display_path(&a.out)
    ));
    Ok(ExitCode::SUCCESS)
}
