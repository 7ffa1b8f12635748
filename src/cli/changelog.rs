//! `syncplan changelog`.

use std::process::ExitCode;

use super::change::ChangeArgs;
use super::{emit, gate};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    change: ChangeArgs,
}

pub fn run(a: Args) -> Result<ExitCode, String> {
    let p = a.change.compare()?;
    // A compared model with unread parts: the release notes say first that they are incomplete.
    emit(
        &(syncplan::unread::note_markdown(&p.incomplete, p.left_out)
            + &syncplan::render::report::changelog_relative(&p.classified, &p.meta(), p.path_base().as_deref())),
    );
    super::note(&p.problem_lines());
    Ok(gate(p.fails_when_asked()))
}
