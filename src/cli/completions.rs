//! `syncplan completions SHELL` (clap_complete) and `syncplan man` (clap_mangen).

use std::process::ExitCode;

use clap::CommandFactory;

#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete in
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "syncplan", &mut out);
    super::emit(&String::from_utf8_lossy(&out));
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode, String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(super::Cli::command())
        .render(&mut out)
        .map_err(|e| format!("man page: {e}"))?;
    super::emit(&String::from_utf8_lossy(&out));
    Ok(ExitCode::SUCCESS)
}
