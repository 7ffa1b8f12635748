//! syncplan: load, validate, check, diff and plan Atlas Device Sync data models.
//!
//! Pipeline: `load` (files → `model::Schema`) → `graph` → `validate` / `check` → `render`.

pub mod catalog;
pub mod check;
pub mod classify;
pub mod codegen;
pub mod config;
pub mod devmode;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod git;
pub mod graph;
pub mod history;
pub mod infer;
pub mod load;
pub mod local;
pub mod mapping;
pub mod migrate;
pub mod model;
pub mod output;
pub mod plan;
pub mod render;
pub mod rules;
pub mod source;
pub mod validate;
