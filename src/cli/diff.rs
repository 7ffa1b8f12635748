//! `syncplan diff`.

use std::process::ExitCode;

use syncplan::render::{self, ci, report};

use super::change::ChangeArgs;
use super::{Output, ci_output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    change: ChangeArgs,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

pub fn run(a: Args, color: bool) -> Result<ExitCode, String> {
    let p = a.change.compare()?;
    let meta = p.meta();
    let out = match a.format {
        Output::Text => render::colorize(&report::text(&p.classified, &meta), color),
        Output::Json => report::json_with_config(&p.classified, &meta, p.config_section().as_ref()),
        Output::Markdown => ci::fit_comment(report::markdown(&p.classified, &meta)),
        f => ci_output(
            f,
            "syncplan diff",
            &ci::catalog_rules(),
            &ci::finding_items(&p.classified.findings, &p.failing),
        )
        .unwrap_or_default(),
    };
    emit(&out);
    eprint!("{}", p.problem_lines());
    Ok(gate(p.fails()))
}
