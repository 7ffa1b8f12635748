//! `syncplan check`.

use std::process::ExitCode;

use syncplan::render::{self, ci};

use super::{Output, ci_output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
    /// Server side: App Services app export directory or schema.json (or REV:PATH)
    server: String,
    /// Client side: one or more Realm object models
    #[arg(required = true)]
    clients: Vec<String>,
    #[arg(short = 'f', long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

pub fn run(a: Args, color: bool) -> Result<ExitCode, String> {
    let server = syncplan::pipeline::load_one_input(&a.server)?;
    let clients = a
        .clients
        .iter()
        .map(|c| syncplan::pipeline::load_one_input(c))
        .collect::<Result<Vec<_>, _>>()?;
    syncplan::pipeline::check_argument_order(&server, &clients)?;
    let run = syncplan::pipeline::check(&server, clients);
    let inconsistent = run.has_errors();
    let many = run.many();
    let mut items: Vec<ci::Item> = run
        .reports
        .iter()
        .flat_map(|r| {
            let label = r.client.root.clone();
            ci::diagnostic_items(r.findings.iter()).into_iter().map(move |mut it| {
                if many {
                    it.subject = format!("[{label}] {}", it.subject);
                }
                it
            })
        })
        .collect();
    items.extend(ci::diagnostic_items(run.cross.iter()).into_iter().map(|mut it| {
        it.subject = format!("[across clients] {}", it.subject);
        it
    }));
    let out = match a.format {
        Output::Text => render::colorize(&render::check_run_text(&run), color),
        Output::Json => render::check_run_json(&run),
        Output::Markdown => ci::diagnostic_markdown(
            "check",
            if inconsistent { "inconsistent" } else { "consistent" },
            &items,
        ),
        f => ci_output(f, "syncplan check", &ci::diagnostic_rules(), &items).unwrap_or_default(),
    };
    emit(&out);
    Ok(gate(inconsistent))
}
