//! Shared test support: paths and the Node toolchain.
//!
//! Tests that run generated code under Node never skip silently: when `node` or the packages of
//! `tests/node/package.json` are missing they fail with the command that installs them
//! (`.ci/run` installs them before the tests run).

use std::path::{Path, PathBuf};
use std::process::Command;

pub const CRATE: &str = env!("CARGO_MANIFEST_DIR");

/// `tests/node`, where `npm ci --ignore-scripts` installs the packages the tests run against.
pub fn node_dir() -> PathBuf {
    Path::new(CRATE).join("tests/node")
}

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Panics with instructions unless `node` runs and every package in `packages` is installed in
/// `tests/node/node_modules`. Returns the `node_modules` directory.
pub fn require_node(packages: &[&str]) -> PathBuf {
    assert!(
        have("node"),
        "node is not installed: this test runs generated code under Node.js (install Node.js 20, then run \
         `npm ci --ignore-scripts --prefix tests/node`, or run .ci/run which does both)"
    );
    let modules = node_dir().join("node_modules");
    let missing: Vec<&&str> = packages
        .iter()
        .filter(|p| !modules.join(p).join("package.json").is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "Node packages {missing:?} are not installed in {}: run `npm ci --ignore-scripts --prefix tests/node` \
         (.ci/run does it)",
        modules.display()
    );
    modules
}
