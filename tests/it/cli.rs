//! The command line as a user meets it: one gate rule for every command, git revisions and
//! repositories, the maintainer-only `docs` command, help, completions and man page, `explain`,
//! swapped `check` arguments, rename patterns, and the documented commands of the guides.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_syncplan");
const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args).current_dir(dir).env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("syncplan runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(CRATE), args, &[])
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example(name: &str, side: &str) -> String {
    format!("{CRATE}/migrations-examples/{name}/{side}")
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A git repository with `backend/` (the scenario_todo app export) committed, then a working
/// change that removes `Item.tags`.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let work = tmp.path().join("work");
    std::fs::create_dir_all(&work).expect("mkdir");
    git(&work, &["init", "-q"]);
    copy_dir(
        &Path::new(CRATE).join("migrations-examples/scenario_todo/before"),
        &work.join("backend"),
    );
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "base"]);
    let path = work.join("backend/data_sources/mongodb-atlas/todo/Item/schema.json");
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    v["properties"].as_object_mut().expect("properties").remove("tags");
    std::fs::write(&path, serde_json::to_string_pretty(&v).expect("ser")).expect("write");
    (tmp, work)
}

// ------------------------------------------------------------------ #16.4 one gate rule ------

#[test]
fn every_change_command_gates_the_same_way() {
    let (old, new) = (
        example("property_removed", "before"),
        example("property_removed", "after"),
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let cfg = tmp.path().join("syncplan.toml");
    std::fs::write(&cfg, "fail_on = \"breaking\"\n").expect("write");
    let cfg = cfg.to_string_lossy().into_owned();
    for cmd in ["diff", "plan", "changelog"] {
        // --fail-on given: every command fails on a breaking change...
        let out = run(&[cmd, &old, &new, "--no-config", "--fail-on", "breaking"]);
        assert_eq!(out.status.code(), Some(1), "{cmd} --fail-on breaking: {}", stderr(&out));
        // ...and passes with --fail-on none.
        let out = run(&[cmd, &old, &new, "--no-config", "--fail-on", "none"]);
        assert_eq!(out.status.code(), Some(0), "{cmd} --fail-on none: {}", stderr(&out));
        // fail_on from syncplan.toml counts as asked for.
        let out = run(&[cmd, &old, &new, "--config", &cfg]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{cmd} with fail_on in syncplan.toml: {}",
            stderr(&out)
        );
    }
    // No gate asked for: diff defaults to breaking; plan and changelog print and pass.
    assert_eq!(run(&["diff", &old, &new, "--no-config"]).status.code(), Some(1));
    assert_eq!(run(&["plan", &old, &new, "--no-config"]).status.code(), Some(0));
    assert_eq!(run(&["changelog", &old, &new, "--no-config"]).status.code(), Some(0));
}
