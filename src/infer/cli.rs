//! `syncplan infer` command-line arguments and entry point.

use std::path::PathBuf;
use std::process::ExitCode;

/// Infer an App Services schema by sampling documents (mongoexport JSON, JSON arrays, mongodump .bson)
#[derive(clap::Args, Debug)]
pub struct InferArgs {
    /// Input files (`-` for stdin)
    pub inputs: Vec<PathBuf>,
}

pub fn execute(args: InferArgs) -> Result<ExitCode, String> {
    let _ = args;
    Err("infer is not available yet".into())
}
