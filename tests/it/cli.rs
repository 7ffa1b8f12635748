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

// ------------------------------------------------------- #16.7, 8, 9 git revisions --------

#[test]
fn rev_path_resolves_from_the_repository_root_and_dot_slash_from_here() {
    let (_tmp, work) = repo();
    let sub = work.join("backend");
    // From a subdirectory, REV:PATH is from the root (as git resolves it)...
    let out = run_in(
        &sub,
        &["diff", "HEAD:backend", ".", "--no-config", "--fail-on", "none"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("property_removed"), "{}", stdout(&out));
    // ...and REV:./PATH from the current directory.
    let out = run_in(&sub, &["diff", "HEAD:./", ".", "--no-config", "--fail-on", "none"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("property_removed"), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("HEAD:backend → "), "{}", stdout(&out));
    // --against takes a working-tree path, relative to the current directory.
    let out = run_in(
        &sub,
        &["diff", "--against", "HEAD", ".", "--no-config", "--fail-on", "none"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("property_removed"), "{}", stdout(&out));
}

#[test]
fn a_side_missing_at_the_revision_is_an_empty_model_with_a_note() {
    let (_tmp, work) = repo();
    copy_dir(Path::new(&example("scenario_todo", "before")), &work.join("newapp"));
    let out = run_in(
        &work,
        &["diff", "--against", "HEAD", "newapp", "--no-config", "--format", "json"],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "adding types is not breaking: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("note: HEAD:newapp does not exist at HEAD: compared with an empty model"),
        "{}",
        stderr(&out)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        !rules.is_empty() && rules.iter().all(|r| *r == "object_type_added"),
        "{rules:?}"
    );
    // The same with REV:PATH as OLD.
    let out = run_in(&work, &["diff", "HEAD:newapp", "newapp", "--no-config"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn outside_a_repository_says_there_is_none() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(Path::new(&example("scenario_todo", "before")), &tmp.path().join("app"));
    for args in [
        &["diff", "--against", "HEAD", "app", "--no-config"][..],
        &["diff", "HEAD:app", "app", "--no-config"][..],
    ] {
        let out = run_in(
            tmp.path(),
            args,
            &[("GIT_CEILING_DIRECTORIES", &tmp.path().to_string_lossy())],
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("not inside a git repository"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

// ----------------------------------------------------------- #16.10 docs is for maintainers --

#[test]
fn docs_is_hidden_writes_only_in_the_project_and_never_over_a_users_file() {
    let help = stdout(&run(&["--help"]));
    assert!(!help.contains("\n  docs "), "docs is listed in the user help:\n{help}");
    // In a user's directory: refused, the user's file untouched.
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(tmp.path().join("docs")).expect("mkdir");
    let mine = tmp.path().join("docs/validation.md");
    std::fs::write(&mine, "my notes\n").expect("write");
    let out = run_in(tmp.path(), &["docs"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("syncplan source tree"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&mine).expect("read"), "my notes\n");
    // In something that looks like the project, a file syncplan did not generate needs --force.
    std::fs::write(tmp.path().join("Cargo.toml"), "[package]\nname = \"syncplan\"\n").expect("write");
    std::fs::create_dir_all(tmp.path().join("src/rules")).expect("mkdir");
    let out = run_in(tmp.path(), &["docs"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not overwritten") && stderr(&out).contains("validation.md"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&mine).expect("read"), "my notes\n");
    let out = run_in(tmp.path(), &["docs", "--force"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&mine)
            .expect("read")
            .starts_with("<!-- GENERATED by `syncplan docs`")
    );
    // Regenerating over generated files needs no --force.
    let out = run_in(tmp.path(), &["docs"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// ------------------------------------------------------ #16.17 check arguments swapped -------

#[test]
fn check_with_swapped_arguments_says_so() {
    let server = example("scenario_todo", "before");
    let client = format!("{CRATE}/migrations-examples/scenario_todo/client.json");
    let ok = run(&["check", &server, &client]);
    assert_ne!(ok.status.code(), Some(2), "{}", stderr(&ok));
    let out = run(&["check", &client, &server]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("the arguments look swapped"), "{err}");
    assert!(err.contains(&format!("syncplan check {server} {client}")), "{err}");
}

// ------------------------------------------------- #16.3 cross-client findings, one verdict --

#[test]
fn multi_client_check_has_a_cross_client_section_and_one_summary_line() {
    let server = example("scenario_todo", "before");
    let web = format!("{CRATE}/migrations-examples/scenario_todo/client.json");
    let tmp = tempfile::tempdir().expect("tmp");
    let ios = tmp.path().join("ios.json");
    let text = std::fs::read_to_string(&web).expect("read");
    // The iOS client declares the summary optional: the clients disagree.
    std::fs::write(
        &ios,
        text.replacen("\"summary\": \"string\"", "\"summary\": \"string?\"", 1),
    )
    .expect("write");
    let ios = ios.to_string_lossy().into_owned();
    let out = run(&["check", &server, &web, &ios, "--color", "never"]);
    let s = stdout(&out);
    let (per_client, cross) = s
        .split_once("\nacross clients (")
        .unwrap_or_else(|| panic!("no cross-client section:\n{s}"));
    assert!(
        !per_client.contains("check_clients_"),
        "cross-client finding under a client's heading:\n{s}"
    );
    assert!(cross.contains("check_clients_disagree_optionality"), "{s}");
    let last = s.lines().last().unwrap_or_default();
    assert!(last.starts_with("overall: inconsistent ("), "{s}");
    assert_eq!(s.matches("overall:").count(), 1, "{s}");
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["check", &server, &web, &ios, "--format", "json"]))).expect("json");
    assert_eq!(doc["consistent"], false);
    assert!(
        doc["cross_client"]["findings"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .starts_with("check_clients_"),
        "{doc:#}"
    );
    for c in doc["clients"].as_array().expect("clients") {
        for f in c["findings"].as_array().expect("findings") {
            assert!(
                !f["id"].as_str().unwrap_or_default().starts_with("check_clients_"),
                "{doc:#}"
            );
        }
    }
}

// ------------------------------------------------------------------ #16.2 waivers ---------

#[test]
fn accepted_findings_are_marked_in_every_format_and_counted_apart() {
    let (_tmp, work) = repo();
    // The template names the failing finding; filled in, it is a valid waiver.
    let out = run_in(
        &work,
        &["diff", "--against", "HEAD", "backend", "--accept-template"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let template = stdout(&out);
    assert!(
        template.contains("[[accept]]\n# property_removed Item.tags:"),
        "{template}"
    );
    let filled = template
        .replace("reason = \"\"", "reason = \"never written\"")
        .replace("owner = \"\"", "owner = \"alice\"")
        .replace("YYYY-MM-DD\"", "2099-01-01\"");
    // Unfilled, the file is refused; filled, the run passes.
    std::fs::write(work.join("syncplan.toml"), &template).expect("write");
    assert_eq!(
        run_in(&work, &["diff", "--against", "HEAD", "backend"], &[])
            .status
            .code(),
        Some(2)
    );
    std::fs::write(work.join("syncplan.toml"), &filled).expect("write");
    let diff = |format: &str| {
        run_in(
            &work,
            &[
                "diff",
                "--against",
                "HEAD",
                "backend",
                "--format",
                format,
                "--color",
                "never",
            ],
            &[],
        )
    };
    let text = diff("text");
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let t = stdout(&text);
    assert!(
        t.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("NON-BREAKING") && l.ends_with("1 finding (1 accepted)")),
        "{t}"
    );
    assert!(
        t.contains("accepted: never written (owner alice, until 2099-01-01)"),
        "{t}"
    );
    let md = stdout(&diff("markdown"));
    assert!(md.starts_with("## syncplan: NON-BREAKING"), "{md}");
    assert!(
        md.contains("1 of 1 findings accepted") && md.contains("`property_removed` (accepted)"),
        "{md}"
    );
    assert!(
        md.contains("accepted: never written (owner alice, until 2099-01-01)"),
        "{md}"
    );
    let js: serde_json::Value = serde_json::from_str(&stdout(&diff("json"))).expect("json");
    assert_eq!(js["findings"][0]["accepted"]["expires"], "2099-01-01");
    assert!(js["findings"][0]["fingerprint"].is_string());
    for (format, mark) in [
        ("singleline", "(accepted)"),
        ("github", "(accepted)"),
        (
            "junit",
            "<skipped message=\"accepted: never written (owner alice, until 2099-01-01)",
        ),
        ("sarif", "\"suppressions\""),
    ] {
        let s = stdout(&diff(format));
        assert!(s.contains(mark), "{format}:\n{s}");
    }
}

// ------------------------------------------------------------ #16.13 explain every id ------

#[test]
fn explain_knows_every_id_the_tool_prints_and_the_tag_legend() {
    let mut ids: Vec<&str> = syncplan::rules::ALL.iter().map(|r| r.id).collect();
    ids.extend(syncplan::diagnostic::KINDS.iter().map(|k| k.id));
    ids.extend(syncplan::catalog::TAGS.iter().map(|t| t.as_str()));
    for id in &ids {
        let out = run(&["explain", id]);
        assert_eq!(out.status.code(), Some(0), "explain {id}: {}", stderr(&out));
        assert!(stdout(&out).starts_with(*id), "explain {id}:\n{}", stdout(&out));
    }
    let s = stdout(&run(&["explain", "check_optionality_mismatch"]));
    assert!(s.contains("reported by: syncplan check"), "{s}");
    let legend = stdout(&run(&["explain"]));
    for t in syncplan::catalog::TAGS {
        assert!(legend.contains(t.as_str()), "{legend}");
    }
    let out = run(&["explain", "no_such_id"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown id \"no_such_id\""), "{}", stderr(&out));
}

// ------------------------------------------------------- #16.16 changelog paths relative ----

#[test]
fn changelog_paths_are_relative_to_the_repository_or_the_inputs() {
    let (old, new) = (
        example("property_removed", "before"),
        example("property_removed", "after"),
    );
    // Inside the repository (here: the crate's own), from a subdirectory.
    let out = run_in(
        &Path::new(CRATE).join("src"),
        &["changelog", &old, &new, "--no-config"],
        &[],
    );
    let s = stdout(&out);
    assert!(!s.contains(CRATE), "absolute path in the changelog:\n{s}");
    assert!(
        s.contains("`migrations-examples/property_removed/before/model.json` →"),
        "{s}"
    );
    // Outside any repository: relative to the directory holding both inputs.
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(Path::new(&old), &tmp.path().join("v1"));
    copy_dir(Path::new(&new), &tmp.path().join("v2"));
    let (o, n) = (tmp.path().join("v1"), tmp.path().join("v2"));
    let out = run_in(
        Path::new("/"),
        &["changelog", &o.to_string_lossy(), &n.to_string_lossy(), "--no-config"],
        &[("GIT_CEILING_DIRECTORIES", "/")],
    );
    let s = stdout(&out);
    assert!(
        !s.contains(&*tmp.path().to_string_lossy()),
        "absolute path in the changelog:\n{s}"
    );
    assert!(s.contains("(was at v1/model.json:"), "{s}");
}

// ------------------------------------------------------------------- #16.11 help ----------

const SUBCOMMANDS: &[&str] = &[
    "validate",
    "check",
    "devmode",
    "diff",
    "plan",
    "changelog",
    "codegen",
    "infer",
    "rules",
    "explain",
    "schema",
    "completions",
    "man",
];

#[test]
fn help_lists_every_client_language_and_every_command_its_exit_codes() {
    for args in [&["--help"][..], &["validate", "--help"][..], &["check", "--help"][..]] {
        let h = stdout(&run(args));
        for lang in [
            "Realm JS ObjectSchema",
            "Swift",
            "Kotlin",
            "JavaScript",
            "TypeScript",
            "Dart",
            "C#",
            "C++",
        ] {
            assert!(h.contains(lang), "{args:?} does not name {lang}:\n{h}");
        }
    }
    for c in SUBCOMMANDS {
        let out = run(&[c, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{c} --help: {}", stderr(&out));
        assert!(
            stdout(&out).contains("Exit codes:"),
            "{c} --help has no exit codes:\n{}",
            stdout(&out)
        );
    }
    let plan = stdout(&run(&["plan", "--help"]));
    for s in ["partner-collection: ", "schema-version: ", "terminate-resync: "] {
        assert!(plan.contains(s), "strategy {s} is not described:\n{plan}");
    }
}

#[test]
fn completions_man_page_short_flags_and_quiet() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("syncplan") && stdout(&out).contains("format"),
            "{shell}"
        );
    }
    let man = stdout(&run(&["man"]));
    assert!(man.starts_with(".ie \\n(.g") || man.contains(".TH syncplan"), "{man}");
    assert!(man.contains("validate") && man.contains("Exit codes"), "{man}");
    let (old, new) = (
        example("property_removed", "before"),
        example("property_removed", "after"),
    );
    let long = run(&["diff", &old, &new, "--no-config", "--format", "json"]);
    let short = run(&["diff", &old, &new, "--no-config", "-f", "json"]);
    assert_eq!(long.stdout, short.stdout);
    let tmp = tempfile::tempdir().expect("tmp");
    let out = run(&[
        "plan",
        &old,
        &new,
        "--no-config",
        "-o",
        &tmp.path().join("p").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(tmp.path().join("p/plan.md").is_file());
    // --quiet: the exit code tells; nothing on stdout, errors still on stderr.
    let q = run(&["diff", &old, &new, "--no-config", "--quiet"]);
    assert_eq!(q.status.code(), Some(1));
    assert!(
        q.stdout.is_empty() && q.stderr.is_empty(),
        "{}{}",
        stdout(&q),
        stderr(&q)
    );
    let q = run(&["-q", "diff", &old, "/no/such/dir", "--no-config"]);
    assert_eq!(q.status.code(), Some(2));
    assert!(stderr(&q).starts_with("error:"), "{}", stderr(&q));
}

// ------------------------------------------------------------ #16.18 rename patterns -------

#[test]
fn rename_patterns_expand_to_one_hint_per_matching_property() {
    let tmp = tempfile::tempdir().expect("tmp");
    let model = |suffix: &str| {
        let types: Vec<String> = ["A", "B", "C"]
            .iter()
            .map(|t| {
                format!(
                    r#"{{"name": "{t}", "primaryKey": "_id", "properties": {{"_id": "objectId", "owner{suffix}": "string?", "n": "int"}}}}"#
                )
            })
            .collect();
        format!("[{}]", types.join(", "))
    };
    let (old, new) = (tmp.path().join("old.json"), tmp.path().join("new.json"));
    std::fs::write(&old, model("_p")).expect("write");
    std::fs::write(&new, model("")).expect("write");
    let (old, new) = (old.to_string_lossy().into_owned(), new.to_string_lossy().into_owned());
    let rules = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["diff", &old, &new, "--no-config", "-f", "json", "--fail-on", "none"];
        a.extend_from_slice(args);
        let out = run(&a);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
        doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap_or_default(),
                    f["object_type"].as_str().unwrap_or_default()
                )
            })
            .collect()
    };
    // Without a hint: removed + added in each of the three types.
    assert_eq!(
        rules(&[]).iter().filter(|r| r.starts_with("property_removed")).count(),
        3
    );
    // One pattern, the same as three hints.
    let pattern = rules(&["--rename", "*.owner_p=*.owner"]);
    assert_eq!(
        pattern,
        ["property_renamed A", "property_renamed B", "property_renamed C"],
        "{pattern:?}"
    );
    let glob = rules(&["--rename", "*.*_p=*.*"]);
    assert_eq!(glob, pattern);
    let three = rules(&[
        "--rename",
        "A.owner_p=A.owner",
        "--rename",
        "B.owner_p=B.owner",
        "--rename",
        "C.owner_p=C.owner",
    ]);
    assert_eq!(three, pattern);
    // A pattern that matches nothing, or a malformed one, is an input error.
    for bad in ["*.nope=*.owner", "A*.owner_p=A*.owner", "*.owner_p=Task.owner"] {
        let out = run(&["diff", &old, &new, "--no-config", "--rename", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(&format!("--rename \"{bad}\"")),
            "{}",
            stderr(&out)
        );
    }
}

// ----------------------------------------------------- #16.5 a JSON Schema per output ------

fn schema_validator(name: &str) -> jsonschema::Validator {
    let out = run(&["schema", name]);
    assert_eq!(out.status.code(), Some(0), "schema {name}: {}", stderr(&out));
    let file = match name {
        "report" => "json-report.schema.json",
        "plan" => "json-plan.schema.json",
        "validate" => "json-validate.schema.json",
        "check" => "json-check.schema.json",
        _ => "syncplan-toml.schema.json",
    };
    let on_disk = std::fs::read_to_string(Path::new(CRATE).join("docs").join(file)).expect("schema file");
    assert_eq!(stdout(&out), on_disk, "`syncplan schema {name}` must print docs/{file}");
    let schema: serde_json::Value = serde_json::from_str(&on_disk).expect("schema parses");
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{file} does not compile: {e}"))
}

fn assert_valid(v: &jsonschema::Validator, doc: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
}

fn example_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(CRATE).join("migrations-examples"))
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before").is_dir() && p.join("after").is_dir())
        .collect();
    v.sort();
    v
}

#[test]
fn every_json_output_follows_its_published_schema() {
    let (report, plan, validate, check) = (
        schema_validator("report"),
        schema_validator("plan"),
        schema_validator("validate"),
        schema_validator("check"),
    );
    for d in example_dirs() {
        let (b, a) = (d.join("before"), d.join("after"));
        let (b, a) = (b.to_string_lossy(), a.to_string_lossy());
        let mut renames = Vec::new();
        if let Ok(t) = std::fs::read_to_string(d.join("renames.txt")) {
            for l in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
                renames.push("--rename".to_string());
                renames.push(l.to_string());
            }
        }
        let extra: Vec<&str> = renames.iter().map(String::as_str).collect();
        let mut args = vec!["diff", &*b, &*a, "--no-config", "-f", "json"];
        args.extend_from_slice(&extra);
        assert_valid(&report, &json_of(&args), &format!("diff {}", d.display()));
        let mut args = vec!["plan", &*b, &*a, "--no-config", "-f", "json", "--sdk", "all"];
        args.extend_from_slice(&extra);
        assert_valid(&plan, &json_of(&args), &format!("plan {}", d.display()));
        for side in [&b, &a] {
            assert_valid(
                &validate,
                &json_of(&["validate", side, "-f", "json"]),
                &format!("validate {side}"),
            );
        }
    }
    let server = example("scenario_todo", "before");
    let client = format!("{CRATE}/migrations-examples/scenario_todo/client.json");
    assert_valid(
        &check,
        &json_of(&["check", &server, &client, "-f", "json"]),
        "check, one client",
    );
    let doc = json_of(&["check", &server, &client, &client, "-f", "json"]);
    assert!(doc["cross_client"].is_object());
    assert_valid(&check, &doc, "check, two clients");
    // validate and check documents are not diff reports (the old claim), and each schema tells them apart.
    assert!(!report.is_valid(&doc) && !validate.is_valid(&doc));
}

#[test]
fn syncplan_toml_schema_accepts_the_documented_files_and_rejects_typos() {
    let v = schema_validator("config");
    let ci = std::fs::read_to_string(Path::new(CRATE).join("docs/ci.md")).expect("docs/ci.md");
    let start = ci.find("```toml\n").expect("a toml block in docs/ci.md") + "```toml\n".len();
    let block = &ci[start..start + ci[start..].find("```").expect("end of block")];
    let doc: serde_json::Value = toml::from_str(block).expect("the documented syncplan.toml parses");
    assert_valid(&v, &doc, "docs/ci.md syncplan.toml");
    for bad in [
        "fail_on = \"breakin\"\n",
        "contxt = [\"flexible\"]\n",
        "[rules]\nindex_added = \"off\"\n",
    ] {
        let doc: serde_json::Value = toml::from_str(bad).expect("toml");
        assert!(!v.is_valid(&doc), "accepted: {bad}");
    }
}

// ------------------------------------------ #16.6 CI paths relative to the repository root --

#[test]
fn annotation_and_sarif_paths_are_relative_to_the_repository_root() {
    let (_tmp, work) = repo();
    let sub = work.join("backend");
    let file = "backend/data_sources/mongodb-atlas/todo/Item/schema.json";
    // As with `working-directory: backend` in a workflow.
    let gh = stdout(&run_in(
        &sub,
        &["diff", "--against", "HEAD", ".", "--no-config", "-f", "github"],
        &[],
    ));
    assert!(gh.contains(&format!("file={file},")), "{gh}");
    let junit = stdout(&run_in(
        &sub,
        &["diff", "--against", "HEAD", ".", "--no-config", "-f", "junit"],
        &[],
    ));
    assert!(junit.contains(&format!("file=\"{file}:")), "{junit}");
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&run_in(
        &sub,
        &["diff", "--against", "HEAD", ".", "--no-config", "-f", "sarif"],
        &[],
    )))
    .expect("sarif");
    let loc = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(loc["uri"], file, "{sarif:#}");
    assert_eq!(loc["uriBaseId"], "SRCROOT");
    let root = sarif["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .expect("SRCROOT");
    let top = work.canonicalize().expect("canonical");
    assert_eq!(root, format!("file://{}/", top.to_string_lossy()));
    // The same from the root.
    let gh_root = stdout(&run_in(
        &work,
        &["diff", "--against", "HEAD", "backend", "--no-config", "-f", "github"],
        &[],
    ));
    assert_eq!(gh, gh_root);
}

// ------------------------------------------ #16.20 the documented commands print what's shown --

/// One `$ syncplan ...` command of a ```console block, its expected output lines (`...` stands
/// for any lines) and, when given as `[exit N]`, its exit code.
struct Documented {
    doc: &'static str,
    args: Vec<String>,
    expected: Vec<String>,
    exit: Option<i32>,
}

fn documented(doc: &'static str) -> Vec<Documented> {
    let text = std::fs::read_to_string(Path::new(CRATE).join(doc)).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("```console\n") {
        let body = &rest[i + "```console\n".len()..];
        let end = body
            .find("```\n")
            .unwrap_or_else(|| panic!("{doc}: unclosed console block"));
        for cmd in body[..end].split("$ ").filter(|c| !c.trim().is_empty()) {
            let mut lines = cmd.lines();
            let line = lines.next().unwrap_or_default();
            let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            assert_eq!(args.first().map(String::as_str), Some("syncplan"), "{doc}: {line}");
            let mut expected: Vec<String> = lines.map(str::to_string).collect();
            let mut exit = None;
            if let Some(last) = expected.last()
                && let Some(n) = last.strip_prefix("[exit ").and_then(|s| s.strip_suffix(']'))
            {
                exit = Some(n.parse().unwrap_or_else(|_| panic!("{doc}: {last}")));
                expected.pop();
            }
            out.push(Documented {
                doc,
                args: args[1..].to_vec(),
                expected,
                exit,
            });
        }
        rest = &body[end + 4..];
    }
    out
}

/// Whether `actual` matches `expected`, where a `...` line matches any run of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "..." => (0..=actual.len()).any(|k| matches(rest, &actual[k..])),
        Some((e, rest)) => actual.first().is_some_and(|a| a == e) && matches(rest, &actual[1..]),
    }
}

#[test]
fn documented_commands_print_the_documented_output() {
    let mut all = Vec::new();
    for doc in ["docs/getting-started.md", "docs/ci.md", "docs/json-report.md"] {
        let cmds = documented(doc);
        assert!(!cmds.is_empty(), "{doc} documents no command");
        all.extend(cmds);
    }
    let mut failures = Vec::new();
    for d in &all {
        let args: Vec<&str> = d.args.iter().map(String::as_str).collect();
        let out = run_in(Path::new(CRATE), &args, &[("NO_COLOR", "1")]);
        let text = stdout(&out);
        let actual: Vec<&str> = text.lines().collect();
        if !matches(&d.expected, &actual) {
            failures.push(format!(
                "{}: syncplan {}\n--- documented\n{}\n--- printed\n{text}",
                d.doc,
                args.join(" "),
                d.expected.join("\n")
            ));
        }
        if let Some(code) = d.exit
            && out.status.code() != Some(code)
        {
            failures.push(format!(
                "{}: syncplan {}: exit {:?}, documented {code}",
                d.doc,
                args.join(" "),
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
