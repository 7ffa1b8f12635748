//! `syncplan diff`.

use std::process::ExitCode;

use syncplan::render::{self, ci, report};
use syncplan::unread;

use super::change::ChangeArgs;
use super::{Output, ci_output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    change: ChangeArgs,
    #[arg(short = 'f', long, value_enum, default_value_t = Output::Text)]
    format: Output,
    /// Instead of the report, print a ready `[[accept]]` entry for each finding that fails the gate
    #[arg(long)]
    accept_template: bool,
}

pub fn run(a: Args, color: bool) -> Result<ExitCode, String> {
    let p = a.change.compare()?;
    let meta = p.meta();
    if a.accept_template {
        let failing: Vec<&syncplan::Finding> = p.classified.findings.iter().filter(|f| p.is_failing(f)).collect();
        emit(&report::accept_template(&failing));
        super::note(&p.problem_lines());
        return Ok(gate(p.fails()));
    }
    // A compared model with unread parts: said first (text, Markdown), in place (JSON), as items.
    let (inc, left_out) = (&p.incomplete, p.left_out);
    let out = match a.format {
        Output::Text => render::colorize(
            &(unread::note_text(inc, left_out) + &report::text(&p.classified, &meta)),
            color,
        ),
        Output::Json => report::json_with_sections(
            &p.classified,
            &meta,
            p.config_section().as_ref(),
            p.incomplete_section().as_ref(),
        ),
        Output::Markdown => {
            ci::fit_comment(unread::note_markdown(inc, left_out) + &report::markdown(&p.classified, &meta))
        }
        f => {
            let mut items = ci::finding_items(&p.classified.findings, &p.failing);
            items.extend(ci::comparison_items(&p.classified));
            items.extend(syncplan::render::ci::unread_items(inc, p.incomplete_fails()));
            let mut rules = ci::catalog_rules();
            rules.extend(ci::diagnostic_rules());
            if !inc.is_empty() {
                rules.extend(syncplan::render::ci::unread_rules());
            }
            ci_output(f, "syncplan diff", &rules, &items).unwrap_or_default()
        }
    };
    emit(&out);
    super::note(&p.problem_lines());
    let code = gate(p.fails());
    Ok(super::exit_without_freeing(p, code))
}
