//! syncplan: load, validate, check, diff and plan Atlas Device Sync and Realm data models.
//!
//! The stages, each a module: [`input`] (documents) → [`load`] / [`source`] (files → [`model::Schema`])
//! → [`graph`] → [`validate`] / [`check`] → [`diff`] (neutral change facts) → [`rules`] /
//! [`classify`] (verdicts per side and context) → [`plan`] (typed steps) → [`render`] (text,
//! markdown, JSON, SARIF, …). docs/architecture.md gives the layers a test holds them to. Calls
//! that can fail on their inputs return [`Error`]; findings are never errors.
//! [`pipeline`] runs the comparison end to end, configuration and gate included, exactly as
//! `syncplan diff` does; the items re-exported at the crate root are the ones a library user
//! needs for that.
//!
//! Load two versions of a model and print the findings:
//!
//! ```
//! use syncplan::{Options, compare_models, load_one};
//!
//! let old = load_one("migrations-examples/property_type_changed/before".as_ref())?;
//! let new = load_one("migrations-examples/property_type_changed/after".as_ref())?;
//! let cmp = compare_models(old, new, &Options::default(), &syncplan::Config::default())?;
//! for f in &cmp.classified.findings {
//!     println!("{} {:?}.{:?}: server {}, client {}", f.rule, f.object_type, f.property, f.server, f.client);
//! }
//! assert!(cmp.fails(), "a type change is breaking, and breaking fails the default gate");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod catalog;
pub mod check;
pub mod classify;
pub mod codegen;
pub mod config;
pub mod devmode;
pub mod diagnostic;
pub mod diff;
pub mod docs;
#[warn(missing_docs)]
pub mod error;
pub mod export;
pub mod git;
pub mod graph;
pub mod history;
pub mod infer;
pub mod input;
pub mod load;
pub mod local;
pub mod mapping;
pub mod migrate;
pub mod model;
pub mod output;
#[warn(missing_docs)]
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod rules;
pub mod sdk;
pub mod source;
pub mod unread;
pub mod validate;

pub use classify::{Accepted, Classified, Finding};
pub use config::Config;
pub use error::Error;
pub use load::{Loaded, load, load_one};
pub use model::Schema;
pub use pipeline::{
    Comparison, ConfigSource, DeployContext, FailOn, Options, Side, compare, compare_models, load_config, load_sides,
};
pub use rules::{Context, Verdict};
