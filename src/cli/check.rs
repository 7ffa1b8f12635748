//! `syncplan check`.

use std::process::ExitCode;

use syncplan::render::{self, CheckReport, ci};

use super::{Output, ci_output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
    /// Server side: App Services app export directory or schema.json (or REV:PATH)
    server: String,
    /// Client side: one or more Realm object models
    #[arg(required = true)]
    clients: Vec<String>,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

pub fn run(a: Args, color: bool) -> Result<ExitCode, String> {
    let server = syncplan::pipeline::load_one_input(&a.server)?;
    let clients = a
        .clients
        .iter()
        .map(|c| syncplan::pipeline::load_one_input(c))
        .collect::<Result<Vec<_>, _>>()?;
    let reports = syncplan::pipeline::check(&server, clients);
    let inconsistent = reports.iter().any(CheckReport::has_errors);
    let many = reports.len() > 1;
    let items: Vec<ci::Item> = reports
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
    let out = match a.format {
        Output::Text => render::colorize(
            &reports.iter().map(render::check_text).collect::<Vec<_>>().join("\n"),
            color,
        ),
        Output::Json if !many => reports.first().map(render::check_json).unwrap_or_default(),
        Output::Json => {
            let docs: Vec<serde_json::Value> = reports
                .iter()
                .filter_map(|r| serde_json::from_str(&render::check_json(r)).ok())
                .collect();
            render::to_json(
                &serde_json::json!({"format_version": render::FORMAT_VERSION, "command": "check", "consistent": !inconsistent, "clients": docs}),
            )
        }
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
