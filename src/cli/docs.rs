//! `syncplan docs`: regenerates the generated docs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use syncplan::load;

use super::emit;

#[derive(clap::Args)]
pub struct Args {
    /// Directory to write into
    #[arg(long, default_value = "docs")]
    dir: PathBuf,
    /// Only compare; exit 1 when a generated file is stale
    #[arg(long)]
    check: bool,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    let mut stale = Vec::new();
    for (rel, content) in syncplan::docs::generated(Path::new(".")) {
        let p = a.dir.join(&rel);
        let current = std::fs::read_to_string(&p).unwrap_or_default();
        if current == content {
            continue;
        }
        if a.check {
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
