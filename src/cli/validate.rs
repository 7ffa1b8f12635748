//! `syncplan validate`.

use std::process::ExitCode;

use syncplan::render::{self, ValidateReport, ci};

use super::{Output, ci_output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
    /// App export directory, schema file, or Realm model file (or REV:PATH)
    path: String,
    /// Output format
    #[arg(short = 'f', long, value_enum, default_value_t = Output::Text)]
    format: Output,
    /// `local`: validate as a local (non-synced) realm (no `_id` primary key needed; asymmetric types refused)
    #[arg(long, value_enum, value_delimiter = ',')]
    context: Vec<super::change::ContextArg>,
}

pub fn run(a: Args, color: bool) -> Result<ExitCode, String> {
    let loaded = syncplan::git::load_input(&a.path)?;
    let local = a.context.contains(&super::change::ContextArg::Local);
    let reports: Vec<ValidateReport> = loaded
        .into_iter()
        .map(|l| {
            if local {
                let findings = syncplan::local::validation::validate_side(&l, true).findings;
                ValidateReport { loaded: l, findings }
            } else {
                syncplan::pipeline::validate(l)
            }
        })
        .collect();
    let invalid = reports.iter().any(ValidateReport::has_errors);
    let items = ci::diagnostic_items(reports.iter().flat_map(|r| r.findings.iter()));
    let out = match a.format {
        Output::Text => render::colorize(&render::validate_text(&reports), color),
        Output::Json => render::validate_json(&reports),
        Output::Markdown => ci::diagnostic_markdown("validate", if invalid { "invalid" } else { "valid" }, &items),
        f => ci_output(f, "syncplan validate", &ci::diagnostic_rules(), &items).unwrap_or_default(),
    };
    emit(&out);
    Ok(gate(invalid))
}
