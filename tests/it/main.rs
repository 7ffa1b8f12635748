//! The integration tests: one binary (one link), one module per area.

mod architecture;
mod bad_input;
mod catalog;
mod check;
mod ci;
mod cli;
mod codegen;
mod corpus;
mod devmode;
mod docs_fresh;
mod examples;
mod exec;
mod export;
mod fuzz_regressions;
mod infer;
mod java;
mod limits;
mod local;
mod plan;
mod properties;
mod server;
mod sources;
mod sources_more;
mod support;
mod validate_rules;
