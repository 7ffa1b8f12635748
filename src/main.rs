//! The `syncplan` command line. Parses arguments, calls the library, prints once, and maps the
//! outcome to an exit code: 0 ok, 1 findings that fail the gate, 2 usage or input error.
//! The clap types and one module per command live in `src/cli/`.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, ColorChoice};

fn main() -> ExitCode {
    syncplan::output::install_interrupt_handler();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            };
        }
    };
    cli::QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let code = match cli::run(cli.command, color) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    };
    report_peak_rss();
    code
}

/// For benchmarks: with SYNCPLAN_REPORT_PEAK_RSS=1, print the process's peak RSS (Linux).
fn report_peak_rss() {
    if std::env::var_os("SYNCPLAN_REPORT_PEAK_RSS").is_none() {
        return;
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(l) = status.lines().find(|l| l.starts_with("VmHWM:"))
    {
        eprintln!("syncplan: peak RSS {}", l.trim_start_matches("VmHWM:").trim());
    }
}
