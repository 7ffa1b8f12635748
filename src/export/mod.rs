//! EXPORT: the data model translated for the engines teams move to after Device Sync (PowerSync,
//! plain SQLite), with every lossy or manual point named as a finding.
//!
//! Each exporter takes the loaded model (and, for PowerSync, the app's permissions) and returns
//! files plus findings. Nothing here writes files or prints: the command line does that through
//! `output::write_tree`. A finding of `error` severity means the export is incomplete: a part of the
//! model could not be translated and was left out (never guessed); the command exits 1 then.
//!
//! Public sources: PowerSync's MongoDB type mapping (https://docs.powersync.com/sync/types),
//! client schema (https://docs.powersync.com/client-sdks/reference), Sync Streams
//! (https://docs.powersync.com/sync/streams/overview), the migration guide from Atlas Device Sync
//! (https://docs.powersync.com/migration-guides/atlas-device-sync); SQLite's STRICT tables and
//! JSON functions (https://www.sqlite.org/stricttables.html, https://www.sqlite.org/json1.html).

pub mod orm;
pub mod permissions;
pub mod powersync;
pub mod sqlite;

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};

/// What an exporter produced: files keyed by relative path, and findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    pub files: BTreeMap<String, String>,
    pub findings: Vec<Diagnostic>,
}

impl Export {
    /// True when some part of the model could not be translated (an `error` finding).
    pub fn incomplete(&self) -> bool {
        self.findings.iter().any(|d| d.severity == Severity::Error)
    }

    fn finish(mut self) -> Self {
        crate::diagnostic::sort(&mut self.findings);
        self
    }
}

/// Quotes an SQL identifier (`"name"`, inner quotes doubled).
pub fn sql_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes an SQL string literal.
pub fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
