//! CI and review workflow: output formats (SARIF validated against the SARIF 2.1.0 schema),
//! git revisions as inputs, `syncplan.toml` (defaults, rule levels, waivers), `changelog`,
//! comment truncation, colour, and the documented GitHub workflow run against a real repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_syncplan");

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args).current_dir(dir).env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("syncplan runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, &[])
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn example(name: &str, side: &str) -> String {
    format!("migrations-examples/{name}/{side}")
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/sarif-2.1.0.json")).expect("schema parses");
    jsonschema::validator_for(&schema).expect("SARIF schema compiles")
}

fn assert_valid_sarif(v: &jsonschema::Validator, text: &str, what: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: SARIF invalid:\n{}", errors.join("\n"));
    doc
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0_for_every_command() {
    let v = sarif_validator();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("migrations-examples")
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("after").is_dir())
        .collect();
    dirs.sort();
    let mut results = 0;
    for d in &dirs {
        let (b, a) = (d.join("before"), d.join("after"));
        let (b, a) = (b.to_string_lossy(), a.to_string_lossy());
        let mut args = vec!["diff", &*b, &*a, "--format", "sarif", "--no-config"];
        let hints = std::fs::read_to_string(d.join("renames.txt")).unwrap_or_default();
        for h in hints.lines().filter(|l| !l.trim().is_empty()) {
            args.push("--rename");
            args.push(h.trim());
        }
        let out = run(&args);
        let doc = assert_valid_sarif(&v, &stdout(&out), &d.display().to_string());
        results += doc["runs"][0]["results"].as_array().map(Vec::len).unwrap_or(0);
        let plan = run(&["plan", &*b, &*a, "--format", "sarif", "--no-config", "--sdk", "none"]);
        if plan.status.code() == Some(0) {
            assert_valid_sarif(&v, &stdout(&plan), &format!("plan {}", d.display()));
        }
    }
    assert!(results >= dirs.len(), "every example should report at least one result");
    let val = run(&["validate", "/dev/null/nothing", "--format", "sarif"]);
    assert_eq!(val.status.code(), Some(2));
    let val = run(&[
        "validate",
        "../shared/corpus/real-world/cyzoox__xzacto-backend",
        "--format",
        "sarif",
    ]);
    let doc = assert_valid_sarif(&v, &stdout(&val), "validate");
    let levels: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["level"].as_str())
        .collect();
    assert!(levels.contains(&"error") && levels.contains(&"note"), "{levels:?}");
    let chk = run(&[
        "check",
        &example("scenario_todo", "before"),
        "migrations-examples/scenario_todo/client.json",
        "--format",
        "sarif",
    ]);
    assert_valid_sarif(&v, &stdout(&chk), "check");
}

#[test]
fn sarif_points_a_removed_property_at_its_line_in_the_new_file() {
    let out = run(&[
        "diff",
        &example("property_removed", "before"),
        &example("property_removed", "after"),
        "--format",
        "sarif",
        "--no-config",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let r = &doc["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "property_removed");
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "migrations-examples/property_removed/after/model.json"
    );
    // `notes` sat between `isComplete` and `owner_id`'s neighbour: the anchor is a line that exists in NEW.
    let line = loc["region"]["startLine"].as_u64().expect("line");
    let text = std::fs::read_to_string("migrations-examples/property_removed/after/model.json").expect("read");
    assert!(line as usize <= text.lines().count());
    assert!(
        r["partialFingerprints"]["syncplan/v1"]
            .as_str()
            .is_some_and(|f| f.len() == 16)
    );
}

#[test]
fn github_junit_and_singleline_formats() {
    let (b, a) = (
        example("property_type_changed", "before"),
        example("property_type_changed", "after"),
    );
    let gh = stdout(&run(&["diff", &b, &a, "--format", "github", "--no-config"]));
    let line = gh.lines().next().expect("one annotation");
    assert!(
        line.starts_with("::error file=migrations-examples/property_type_changed/after/model.json,line="),
        "{line}"
    );
    assert!(
        line.contains(",title=syncplan property_type_changed::Task.priority"),
        "{line}"
    );
    let ju = stdout(&run(&["diff", &b, &a, "--format", "junit", "--no-config"]));
    assert!(ju.starts_with("<?xml"));
    assert!(
        ju.contains("tests=\"1\" failures=\"1\"") && ju.contains("<failure type=\"property_type_changed\""),
        "{ju}"
    );
    let nb = stdout(&run(&[
        "diff",
        &example("property_added_optional", "before"),
        &example("property_added_optional", "after"),
        "--format",
        "junit",
        "--no-config",
    ]));
    assert!(nb.contains("failures=\"0\"") && nb.contains("<system-out>"), "{nb}");
    let sl = stdout(&run(&["diff", &b, &a, "--format", "singleline", "--no-config"]));
    assert!(
        sl.lines()
            .all(|l| l.contains(": error: property_type_changed: Task.priority: ")),
        "{sl}"
    );
    // validate and check support the same formats.
    let v = stdout(&run(&[
        "validate",
        "../shared/corpus/real-world/cyzoox__xzacto-backend",
        "--format",
        "github",
    ]));
    assert!(
        v.lines()
            .any(|l| l.starts_with("::error file=") && l.contains("required_field_missing")),
        "{v}"
    );
}

#[test]
fn markdown_comment_is_cut_to_fit_github() {
    let long = "x\n".repeat(40_000);
    let md = syncplan::render::ci::fit_comment(format!("## head\n\n<details>\n\n```js\n{long}"));
    assert!(md.len() < syncplan::render::ci::COMMENT_LIMIT, "{}", md.len());
    assert!(md.contains("Cut to fit GitHub's comment limit"));
    assert!(md.matches("```").count().is_multiple_of(2), "code fence closed");
    assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
    let short = syncplan::render::ci::fit_comment("## ok\n".to_string());
    assert_eq!(short, "## ok\n");
}

#[test]
fn color_is_off_unless_asked() {
    let (b, a) = (
        example("property_removed", "before"),
        example("property_removed", "after"),
    );
    let plain = stdout(&run(&["diff", &b, &a, "--no-config"]));
    assert!(!plain.contains('\x1b'), "not a terminal: no colour");
    let colored = stdout(&run(&["--color", "always", "diff", &b, &a, "--no-config"]));
    assert!(colored.contains("\x1b[1;31mBREAKING"), "{colored}");
    let never = stdout(&run(&["diff", &b, &a, "--color", "never", "--no-config"]));
    assert!(!never.contains('\x1b'));
}

#[test]
fn changelog_lists_breaking_changes_first_grouped_by_type() {
    let dir = tempfile::tempdir().expect("tmp");
    let before = r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "int", "b": "string"}},
                   {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId"}}]"#;
    let after = r#"[{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "string", "b": "string", "c": "int?"}},
                  {"name": "User", "primaryKey": "_id", "properties": {"_id": "objectId", "n": "string?"}}]"#;
    std::fs::write(dir.path().join("old.json"), before).expect("w");
    std::fs::write(dir.path().join("new.json"), after).expect("w");
    let out = run_in(dir.path(), &["changelog", "old.json", "new.json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let s = stdout(&out);
    let breaking = s.find("## Breaking changes").expect("breaking section");
    let other = s.find("## Other changes").expect("other section");
    assert!(breaking < other, "{s}");
    assert!(
        s[breaking..other].contains("### Task") && s[breaking..other].contains("Task.a changed from int to string"),
        "{s}"
    );
    assert!(
        s[other..].contains("### Task") && s[other..].contains("### User"),
        "{s}"
    );
}

// ---------------------------------------------------------------- git ----------------------

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
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
    for e in std::fs::read_dir(from).expect("read").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

const ITEM_SCHEMA: &str = "backend/data_sources/mongodb-atlas/todo/Item/schema.json";

/// A repository with `backend/` (an app export) committed on main, pushed to a bare `origin`,
/// and a branch that removes `Item.tags`.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let origin = tmp.path().join("origin.git");
    std::fs::create_dir_all(&origin).expect("mkdir");
    git(&origin, &["init", "--bare", "-q"]);
    let work = tmp.path().join("work");
    std::fs::create_dir_all(&work).expect("mkdir");
    git(&work, &["init", "-q"]);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations-examples/scenario_todo/before"),
        &work.join("backend"),
    );
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "base"]);
    git(&work, &["remote", "add", "origin", &origin.to_string_lossy()]);
    git(&work, &["push", "-q", "origin", "HEAD:main"]);
    git(&work, &["fetch", "-q", "origin"]);
    git(&work, &["checkout", "-q", "-b", "feature"]);
    let path = work.join(ITEM_SCHEMA);
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    v["properties"].as_object_mut().expect("properties").remove("tags");
    std::fs::write(&path, serde_json::to_string_pretty(&v).expect("ser")).expect("write");
    git(&work, &["commit", "-q", "-am", "drop tags"]);
    (tmp, work)
}

#[test]
fn git_revisions_as_inputs() {
    let (_tmp, work) = repo();
    let out = run_in(
        &work,
        &[
            "diff",
            "--against",
            "origin/main",
            "backend",
            "--format",
            "singleline",
            "--no-config",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let s = stdout(&out);
    assert!(s.starts_with(&format!("{ITEM_SCHEMA}:")), "{s}");
    assert!(
        s.contains("property_removed: Item.tags") && s.contains("was at origin/main:backend/"),
        "{s}"
    );
    // REV:PATH as a positional argument, on either side.
    let out = run_in(
        &work,
        &[
            "diff",
            "origin/main:backend",
            "backend",
            "--format",
            "json",
            "--no-config",
        ],
        &[],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["old"], "origin/main:backend");
    assert_eq!(doc["findings"][0]["rule"], "property_removed");
    let back = run_in(
        &work,
        &[
            "diff",
            "backend",
            "origin/main:backend",
            "--no-config",
            "--format",
            "singleline",
        ],
        &[],
    );
    assert!(stdout(&back).contains("property_added_optional: Item.tags"));
    // The working tree is untouched, and errors name the revision.
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(&work)
        .output()
        .expect("git");
    assert!(status.stdout.is_empty(), "{}", String::from_utf8_lossy(&status.stdout));
    let bad = run_in(&work, &["diff", "--against", "no-such-rev", "backend"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    let missing = run_in(&work, &["diff", "--against", "origin/main", "frontend"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    // A path on neither side is reported where the user has it (a path only missing at the
    // revision is an empty model: tests/it/cli.rs).
    assert!(String::from_utf8_lossy(&missing.stderr).contains("frontend: no such file or directory"));
}

fn fingerprint(work: &Path) -> String {
    let out = run_in(
        work,
        &[
            "diff",
            "--against",
            "origin/main",
            "backend",
            "--format",
            "json",
            "--no-config",
        ],
        &[],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    doc["findings"][0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string()
}

#[test]
fn config_waivers_levels_and_precedence() {
    let (_tmp, work) = repo();
    let fp = fingerprint(&work);
    let diff = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["diff", "--against", "origin/main", "backend", "--format", "json"];
        args.extend_from_slice(extra);
        run_in(&work, &args, env)
    };
    let toml = |body: &str| std::fs::write(work.join("syncplan.toml"), body).expect("write");
    // A waiver with an owner and an expiry turns the check green; the finding stays, marked.
    toml(&format!(
        "[[accept]]\nfingerprint = \"{fp}\"\nreason = \"never written\"\nowner = \"alice\"\nexpires = \"2099-01-01\"\n"
    ));
    let out = diff(&[], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["findings"][0]["accepted"]["owner"], "alice");
    assert_eq!(doc["config"]["problems"].as_array().map(Vec::len), Some(0));
    // Expired: fails, and says so.
    let out = diff(&[("SYNCPLAN_TODAY", "2099-01-02")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expired on 2099-01-01"));
    // Unknown rule id and an unused waiver are reported; the rule level applies.
    toml(
        "[rules]\nproperty_removed = \"warn\"\nno_such_rule = \"ignore\"\n\n[[accept]]\nfingerprint = \"0000000000000000\"\nreason = \"r\"\nowner = \"bob\"\nexpires = \"2099-01-01\"\n",
    );
    let out = diff(&[], &[]);
    assert_eq!(out.status.code(), Some(0), "warn never fails");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown rule id \"no_such_rule\"") && err.contains("matches no finding"),
        "{err}"
    );
    toml("[rules]\nproperty_removed = \"ignore\"\n");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&diff(&[], &[]))).expect("json");
    assert_eq!(
        doc["findings"].as_array().map(Vec::len),
        Some(0),
        "ignored rules are not reported"
    );
    // Defaults from the file; flags win.
    toml("fail_on = \"none\"\n");
    assert_eq!(diff(&[], &[]).status.code(), Some(0));
    assert_eq!(diff(&[], &["--fail-on", "breaking"]).status.code(), Some(1));
    assert_eq!(diff(&[], &["--no-config"]).status.code(), Some(1));
    // A broken config is an input error with the file and line.
    toml("fail_on = \n");
    let out = diff(&[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("syncplan.toml:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ------------------------------------------------ the documented workflow, run locally -------

/// The `run:` steps of the workflow in docs/ci.md, run in order like GitHub would, with the
/// job's `env` resolved. Returns the gate step's exit code.
fn run_workflow(work: &Path, accept_label: bool) -> i32 {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).expect("docs/ci.md");
    let start = doc.find("```yaml\nname: data-model").expect("workflow block") + "```yaml\n".len();
    let end = start + doc[start..].find("\n```").expect("block end");
    let wf: serde_yaml::Value = serde_yaml::from_str(&doc[start..end]).expect("workflow is YAML");
    let job = &wf["jobs"]["syncplan"];
    let bin_dir = Path::new(BIN).parent().expect("bin dir").to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let outputs = work.join("github_output");
    std::fs::write(&outputs, "").expect("outputs");
    let resolve = |expr: &str| -> String {
        let e = expr.trim_start_matches("${{").trim_end_matches("}}").trim();
        match e {
            "github.base_ref" => "main".into(),
            e if e.starts_with("contains(github.event.pull_request.labels") => accept_label.to_string(),
            "steps.judge.outputs.status" => std::fs::read_to_string(&outputs)
                .expect("outputs")
                .lines()
                .filter_map(|l| l.strip_prefix("status="))
                .next_back()
                .unwrap_or("")
                .to_string(),
            other => panic!("unexpected expression {other}"),
        }
    };
    let mut gate = -1;
    for step in job["steps"].as_sequence().expect("steps") {
        let Some(script) = step["run"].as_str() else { continue };
        if script.contains("# ci-test: skip") {
            continue;
        }
        let mut cmd = Command::new("bash");
        cmd.args(["-e", "-c", script])
            .current_dir(work)
            .env("PATH", &path)
            .env("GITHUB_OUTPUT", &outputs);
        for env in [&job["env"], &step["env"]] {
            if let Some(m) = env.as_mapping() {
                for (k, v) in m {
                    let (k, v) = (k.as_str().expect("key"), v.as_str().expect("value"));
                    cmd.env(
                        k,
                        if v.starts_with("${{") {
                            resolve(v)
                        } else {
                            v.to_string()
                        },
                    );
                }
            }
        }
        let out = cmd.output().expect("bash");
        let name = step["name"].as_str().unwrap_or("");
        if name == "Gate" {
            gate = out.status.code().unwrap_or(-1);
        } else {
            assert!(
                out.status.success(),
                "step {name} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    gate
}

#[test]
fn documented_workflow_annotates_comments_and_gates() {
    let (_tmp, work) = repo();
    assert_eq!(run_workflow(&work, false), 1, "a removed property fails the check");
    let sarif = std::fs::read_to_string(work.join("syncplan.sarif")).expect("sarif written");
    let doc = assert_valid_sarif(&sarif_validator(), &sarif, "workflow sarif");
    let r = &doc["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "property_removed");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        ITEM_SCHEMA
    );
    let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .expect("line") as usize;
    let text = std::fs::read_to_string(work.join(ITEM_SCHEMA)).expect("schema");
    let at = text.lines().nth(line - 1).expect("line exists");
    assert!(at.contains('"'), "the annotation sits on a property line: {at}");
    let comment = std::fs::read_to_string(work.join("syncplan-comment.md")).expect("comment written");
    assert!(comment.starts_with("## syncplan: BREAKING"), "verdict first");
    assert!(comment.contains("### Plan") && comment.contains("<details><summary>Swift</summary>"));
    // The label accepts the breaking change.
    assert_eq!(run_workflow(&work, true), 0);
    // So does a waiver with an owner and an expiry.
    let fp = fingerprint(&work);
    std::fs::write(
        work.join("syncplan.toml"),
        format!("[[accept]]\nfingerprint = \"{fp}\"\nreason = \"tags were never shipped\"\nowner = \"alice\"\nexpires = \"2099-12-31\"\n"),
    )
    .expect("write");
    assert_eq!(run_workflow(&work, false), 0);
}
