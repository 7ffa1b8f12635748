//! `syncplan plan`.

use std::path::PathBuf;
use std::process::ExitCode;

use syncplan::load;
use syncplan::plan::Strategy;
use syncplan::render::{self, ci};

use super::change::ChangeArgs;
use super::{Output, ci_output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    change: ChangeArgs,
    /// SDKs to give client-model instructions for: swift, kotlin, js, ts, dart, csharp, cpp, java, all, or none (comma-separated)
    #[arg(long, value_delimiter = ',', default_value = "all")]
    sdk: Vec<String>,
    /// Strategy for breaking changes
    #[arg(long, value_enum, default_value_t = Strategy::Auto)]
    strategy: Strategy,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
    /// Write every artifact under this directory
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write into a non-empty --out (replaces only the files syncplan writes)
    #[arg(long)]
    force: bool,
    /// Database name for scripts when the models do not say (server exports do)
    #[arg(long)]
    database: Option<String>,
}

pub fn run(a: Args, color: bool) -> Result<ExitCode, String> {
    let p = a.change.compare()?;
    if p.pairs.len() != 1 {
        return Err("plan works on one app at a time: name the app directory inside the monorepo".into());
    }
    let (_, o, n) = &p.pairs[0];
    let sdks = syncplan::plan::client::parse_sdks(&a.sdk)?;
    let opts = syncplan::plan::PlanOptions {
        strategy: Some(a.strategy),
        schema_versioning: p.ctx.schema_versioning,
        database: a.database,
    };
    let plan = syncplan::plan::plan(&p.classified, &o.schema, &n.schema, &opts);
    let client =
        syncplan::plan::client::instructions(&p.classified, &o.schema, &n.schema, &sdks, &plan, a.out.is_some());
    let meta = p.meta();
    let md = render::plan::markdown(&p.classified, &plan, &client.markdown, &meta);
    let js = render::plan::json_with_config(&p.classified, &plan, &client.json, &meta, p.config_section().as_ref());
    if let Some(dir) = a.out {
        let mut files = plan.artifacts.clone();
        files.extend(client.files.clone());
        files.insert("plan.md".into(), md.clone());
        files.insert("plan.json".into(), js.clone());
        syncplan::output::write_tree_cli(&dir, &files, a.force)?;
        eprintln!("wrote {} files to {}", files.len(), load::display_path(&dir));
    }
    emit(&match a.format {
        Output::Text => render::colorize(&render::plan::text(&p.classified, &plan, &client.text, &meta), color),
        Output::Markdown => ci::fit_comment(md),
        Output::Json => js,
        f => ci_output(
            f,
            "syncplan plan",
            &ci::catalog_rules(),
            &ci::finding_items(&p.classified.findings, &p.failing),
        )
        .unwrap_or_default(),
    });
    eprint!("{}", p.problem_lines());
    Ok(gate(p.fails_when_asked()))
}
