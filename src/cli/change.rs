//! The arguments `diff`, `plan` and `changelog` share, and the library call they make.

use std::path::PathBuf;

use syncplan::pipeline::{self, Comparison, ConfigSource, DeployContext, FailOn, Options};

/// The two versions to compare, deployment context and gate, shared by diff, plan and changelog.
#[derive(clap::Args)]
pub struct ChangeArgs {
    /// OLD then NEW (each a path or REV:PATH); with --against, only PATH (compared with itself at REV)
    #[arg(value_name = "OLD NEW | PATH", num_args = 1..=2, required = true)]
    pub inputs: Vec<String>,
    /// Compare PATH in the working tree with PATH at this git revision (e.g. origin/main)
    #[arg(long, value_name = "REV")]
    pub against: Option<String>,
    /// Rename hint: OLD=NEW for an object type, Type.old=Type.new for a property, or a pattern: *._p=*._ renames _p to _ in every type, Task.old_*=Task.new_* carries the * over (repeatable)
    #[arg(long = "rename", value_name = "OLD=NEW")]
    pub renames: Vec<String>,
    /// Deployment context: development-mode, schema-versioning, flexible, partition, local (a local, non-synced realm: verdicts none/bump/migration; repeatable or comma-separated)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub context: Vec<ContextArg>,
    /// Local realm schema versions OLD:NEW (e.g. 3:4); default: read from the models / SDK source (implies --context local)
    #[arg(long, value_name = "OLD:NEW")]
    pub schema_version: Option<String>,
    /// Lowest level that fails the run (exit 1); default from syncplan.toml, else needs-action for diff and none for plan and
    /// changelog (needs-action: a change safe only after a backfill or data check fails the gate until it is accepted in
    /// syncplan.toml, because syncplan cannot see that the action was done)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Configuration file (default: syncplan.toml in the current directory or a parent)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any syncplan.toml
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ContextArg {
    DevelopmentMode,
    SchemaVersioning,
    Flexible,
    Partition,
    Local,
}

impl From<ContextArg> for DeployContext {
    fn from(c: ContextArg) -> Self {
        match c {
            ContextArg::DevelopmentMode => DeployContext::DevelopmentMode,
            ContextArg::SchemaVersioning => DeployContext::SchemaVersioning,
            ContextArg::Flexible => DeployContext::Flexible,
            ContextArg::Partition => DeployContext::Partition,
            ContextArg::Local => DeployContext::Local,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOnArg {
    /// Any breaking finding, server or client
    Breaking,
    /// A finding breaking for the server schema
    ServerBreaking,
    /// A finding breaking for the client model
    ClientBreaking,
    /// Any finding that is breaking or schema-versioning
    SchemaVersioning,
    /// Any finding that is breaking, schema-versioning or needs an action first (backfill, data check): the default
    NeedsAction,
    /// Any finding at all
    Any,
    /// Never fail
    None,
    /// A change a local realm needs migration code for (implies --context local; its default gate)
    Migration,
    /// A change a local realm needs a schemaVersion bump for (implies --context local)
    Bump,
}

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> Self {
        match f {
            FailOnArg::Breaking => FailOn::Breaking,
            FailOnArg::ServerBreaking => FailOn::ServerBreaking,
            FailOnArg::ClientBreaking => FailOn::ClientBreaking,
            FailOnArg::SchemaVersioning => FailOn::SchemaVersioning,
            FailOnArg::NeedsAction => FailOn::NeedsAction,
            FailOnArg::Any => FailOn::Any,
            FailOnArg::None => FailOn::None,
            FailOnArg::Migration => FailOn::Migration,
            FailOnArg::Bump => FailOn::Bump,
        }
    }
}

impl ChangeArgs {
    /// The configuration these arguments name (`--config`, `--no-config`, or `syncplan.toml`
    /// found from the current directory).
    pub fn load_config(&self) -> Result<syncplan::config::Config, String> {
        let cwd = std::env::current_dir().ok();
        let source = match (&self.config, self.no_config, &cwd) {
            (_, true, _) => ConfigSource::Ignore,
            (Some(p), false, _) => ConfigSource::File(p),
            (None, false, Some(d)) => ConfigSource::Discover(d),
            (None, false, None) => ConfigSource::Ignore,
        };
        Ok(pipeline::load_config(source)?)
    }

    /// Reads the configuration and the inputs, then runs the library's comparison.
    pub fn compare(&self) -> Result<Comparison, String> {
        let config = self.load_config()?;
        let (old, new) = pipeline::load_sides(&self.inputs, self.against.as_deref())?;
        let options = Options {
            renames: self.renames.clone(),
            context: self.context.iter().map(|&c| c.into()).collect(),
            fail_on: self.fail_on.map(Into::into),
            schema_version: self
                .schema_version
                .as_deref()
                .map(syncplan::local::parse_versions)
                .transpose()?,
        };
        Ok(pipeline::compare(old, new, &options, &config)?)
    }
}
