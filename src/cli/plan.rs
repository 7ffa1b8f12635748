//! `syncplan plan`.

use std::path::PathBuf;
use std::process::ExitCode;

use syncplan::load;
use syncplan::plan::Strategy;
use syncplan::render::{self, ci};
use syncplan::unread;

use super::change::ChangeArgs;
use super::{Output, ci_output, emit, gate};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    change: ChangeArgs,
    /// SDKs to give client-model instructions for: swift, kotlin, js, ts, dart, csharp, cpp, java, all, or none (comma-separated).
    /// Default: the SDKs of the client models given as OLD/NEW (none for server exports, with a hint)
    #[arg(long, value_delimiter = ',')]
    sdk: Vec<String>,
    /// Strategy for breaking changes
    #[arg(long, default_value = "auto", value_parser = strategy_parser())]
    strategy: Strategy,
    #[arg(short = 'f', long, value_enum, default_value_t = Output::Text)]
    format: Output,
    /// Write every artifact under this directory
    #[arg(short = 'o', long)]
    out: Option<PathBuf>,
    /// Write into a non-empty --out (replaces only the files syncplan writes)
    #[arg(long)]
    force: bool,
    /// Database name for scripts when the models do not say (server exports do)
    #[arg(long)]
    database: Option<String>,
    /// Value of a named parameter of the scripts, as a mongosh literal (repeatable): the fill
    /// value of a backfilled field is `Type.field`, e.g. --param 'Task.priority=NumberLong(3)'.
    /// Wins over `[plan.params]` of syncplan.toml; a name the plan does not take is an error.
    /// A script whose parameter is unset refuses to run and says which one to set
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
}

/// The strategies, each with what it does.
fn strategy_parser() -> impl clap::builder::TypedValueParser<Value = Strategy> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new("auto").help("Pick the least disruptive strategy that works for the change set"),
        PossibleValue::new("partner-collection").help(
            "Keep the old collection; write the new shape to a partner collection kept in step by a database \
             trigger, then move clients over (no client reset)",
        ),
        PossibleValue::new("schema-version").help(
            "Bump the schema version: old clients keep syncing on the old version while new clients use the new \
             one (Flexible Sync with schema versioning)",
        ),
        PossibleValue::new("terminate-resync")
            .help("Terminate Sync, change the schema, re-enable Sync: every client resets (the last resort)"),
    ])
    .map(|s| Strategy::parse(&s).unwrap_or(Strategy::Auto))
}

pub fn run(a: Args, color: bool) -> Result<ExitCode, String> {
    let mut p = a.change.compare()?;
    if p.pairs.len() != 1 {
        return Err("plan works on one app at a time: name the app directory inside the monorepo".into());
    }
    if p.ctx.local {
        return local_plan(&p, &a.sdk, a.format, a.out, a.force, color);
    }
    let (_, o, n) = &p.pairs[0];
    let sdks = if a.sdk.is_empty() {
        let detected = syncplan::plan::detect_sdks(&[&o.kind, &n.kind]);
        if detected.is_empty() {
            eprintln!(
                "hint: no client model among the inputs, so no per-SDK client changes: add --sdk swift,kotlin,js,ts,dart,csharp,cpp (or all)"
            );
        }
        detected
    } else {
        syncplan::plan::client::parse_sdks(&a.sdk)?
    };
    let mut params = std::collections::BTreeMap::new();
    for kv in &a.params {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(format!(
                "--param {kv}: expected NAME=VALUE (e.g. Task.priority=NumberLong(3))"
            ));
        };
        params.insert(k.trim().to_string(), v.to_string());
    }
    // Parameters: `[plan.params]` of syncplan.toml, then the flags (which win). The names a plan
    // takes come from a first plan without values.
    let config = a.change.load_config()?;
    let mut opts = syncplan::plan::PlanOptions {
        strategy: Some(a.strategy),
        schema_versioning: p.ctx.schema_versioning,
        database: a.database,
        params: Default::default(),
    };
    let known = syncplan::plan::plan(&p.classified, &o.schema, &n.schema, &opts).params();
    let (merged, errors, param_problems) = syncplan::config::plan_params(&config, &params, &known);
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    opts.params = merged;
    let plan = syncplan::plan::plan(&p.classified, &o.schema, &n.schema, &opts);
    p.problems.extend(param_problems);
    let client =
        syncplan::plan::client::instructions(&p.classified, &o.schema, &n.schema, &sdks, &plan, a.out.is_some());
    let meta = p.meta();
    // A compared model with unread parts: said first (text, plan.md), in place (JSON), as items.
    let (inc, left_out) = (&p.incomplete, p.left_out);
    let md =
        unread::note_markdown(inc, left_out) + &render::plan::markdown(&p.classified, &plan, &client.markdown, &meta);
    let js = render::plan::json_with_sections(
        &p.classified,
        &plan,
        &client.json,
        &meta,
        p.config_section().as_ref(),
        p.incomplete_section().as_ref(),
    );
    if let Some(dir) = a.out {
        let mut files = plan.artifacts.clone();
        files.extend(client.files.clone());
        files.insert("plan.md".into(), md.clone());
        files.insert("plan.json".into(), js.clone());
        crate::cli::write_tree(&dir, &files, a.force)?;
        super::note(&format!(
            "wrote {} files to {}\n",
            files.len(),
            load::display_path(&dir)
        ));
    }
    emit(&match a.format {
        Output::Text => render::colorize(
            &(unread::note_text(inc, left_out) + &render::plan::text(&p.classified, &plan, &client.text, &meta)),
            color,
        ),
        Output::Markdown => ci::fit_comment(md),
        Output::Json => js,
        f => {
            let mut items = ci::finding_items(&p.classified.findings, &p.failing);
            items.extend(ci::comparison_items(&p.classified));
            items.extend(syncplan::render::ci::unread_items(
                inc,
                p.fail_on_given && p.incomplete_fails(),
            ));
            let mut rules = ci::catalog_rules();
            rules.extend(ci::diagnostic_rules());
            if !inc.is_empty() {
                rules.extend(syncplan::render::ci::unread_rules());
            }
            ci_output(f, "syncplan plan", &rules, &items).unwrap_or_default()
        }
    });
    eprint!("{}", p.problem_lines());
    let code = gate(p.fails_when_asked());
    Ok(super::exit_without_freeing(p, code))
}

/// `plan --context local`: the report and the per-SDK migration code of a local realm.
fn local_plan(
    p: &syncplan::pipeline::Comparison,
    sdk: &[String],
    format: Output,
    out: Option<PathBuf>,
    force: bool,
    color: bool,
) -> Result<ExitCode, String> {
    use syncplan::migrate;
    let targets = migrate::Target::parse_migration_list(sdk)?;
    let lp = migrate::plan(&p.classified);
    let code = migrate::render(&lp, &targets);
    let meta = p.meta();
    let (inc, left_out) = (&p.incomplete, p.left_out);
    let md = unread::note_markdown(inc, left_out)
        + &render::report::markdown(&p.classified, &meta)
        + &migrate::markdown(&lp, &code);
    let js = migrate::json_report(&p.classified, &meta, &lp, &code);
    if let Some(dir) = out {
        let mut files = std::collections::BTreeMap::new();
        for (t, c) in &code {
            files.insert(format!("migrations/{}", t.migration_file()), c.clone());
        }
        files.insert("plan.md".into(), md.clone());
        files.insert("plan.json".into(), js.clone());
        crate::cli::write_tree(&dir, &files, force)?;
        eprintln!("wrote {} files to {}", files.len(), load::display_path(&dir));
    }
    emit(&match format {
        Output::Text => render::colorize(
            &(unread::note_text(inc, left_out)
                + &render::report::text(&p.classified, &meta)
                + &migrate::text(&lp, &code)),
            color,
        ),
        Output::Markdown => ci::fit_comment(md),
        Output::Json => js,
        f => {
            let mut items = ci::finding_items(&p.classified.findings, &p.failing);
            items.extend(ci::comparison_items(&p.classified));
            items.extend(syncplan::render::ci::unread_items(
                inc,
                p.fail_on_given && p.incomplete_fails(),
            ));
            let mut rules = ci::catalog_rules();
            rules.extend(ci::diagnostic_rules());
            if !inc.is_empty() {
                rules.extend(syncplan::render::ci::unread_rules());
            }
            ci_output(f, "syncplan plan", &rules, &items).unwrap_or_default()
        }
    });
    super::note(&p.problem_lines());
    Ok(gate(p.fails_when_asked()))
}
