//! syncplan: load, validate, check, diff and plan Atlas Device Sync data models.
//!
//! Pipeline: `load` (files → `model::Schema`) → `graph` → `validate` / `check` → `render`.

pub mod check;
pub mod devmode;
pub mod diagnostic;
pub mod docs;
pub mod graph;
pub mod load;
pub mod mapping;
pub mod model;
pub mod render;
pub mod validate;
pub mod diff;
pub mod rules;
pub mod classify;
pub mod catalog;
pub mod plan;
