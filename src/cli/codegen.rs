//! `syncplan codegen`.

use std::path::PathBuf;
use std::process::ExitCode;

use syncplan::load;
use syncplan::render;

use super::emit;

#[derive(clap::Args)]
pub struct Args {
    /// The model to generate from
    model: PathBuf,
    /// SDKs: swift, kotlin, js, ts, dart, csharp, cpp, java, or all (comma-separated)
    #[arg(long, value_delimiter = ',', default_value = "all")]
    sdk: Vec<String>,
    /// Write the files under this directory (DIR/<sdk>/<file>)
    #[arg(short = 'o', long)]
    out: Option<PathBuf>,
    /// Write into a non-empty --out (replaces only the files syncplan writes)
    #[arg(long)]
    force: bool,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    let sdks = syncplan::plan::client::parse_sdks(&a.sdk)?;
    let loaded = load::load_one(&a.model).map_err(|e| e.to_string())?;
    let report = syncplan::pipeline::validate(loaded);
    if report.has_errors() {
        emit(&render::validate_text(std::slice::from_ref(&report)));
        eprintln!("error: the model has validation errors; nothing was generated");
        return Ok(ExitCode::from(1));
    }
    let schema = &report.loaded.schema;
    for &s in &sdks {
        for (path, msg) in syncplan::codegen::warnings(schema, s) {
            super::note(&format!("warning: {}: {path}: {msg}\n", s.name()));
        }
    }
    match a.out {
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
            crate::cli::write_tree(&dir, &files, a.force)?;
            emit(&format!(
                "wrote {} files to {}\n",
                files.len(),
                load::display_path(&dir)
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
