//! Hostile and malformed inputs: `syncplan validate` must refuse each one with exit code 2, print
//! nothing on stdout, and say on stderr what is wrong and where (file, and line:column when the
//! loader knows them). Every message is snapshotted in `snapshots/bad_input.snap`.
//!
//! Committed cases live in `tests/bad_input/` (one file or app directory per case); cases that
//! are huge, binary or need symlinks are generated in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

/// Committed cases and where the message must point: `Some(":line:col: ")` after the file name,
/// or `None` when the loader cannot know a position (YAML values carry none).
const COMMITTED: &[(&str, Option<&str>)] = &[
    (
        "app_malformed_relationship_ref",
        Some("/data_sources/mongodb-atlas/todo/Task/relationships.json:3:16: "),
    ),
    ("empty_file.json", Some(":1:1: ")),
    ("json_duplicate_key.json", Some(":6:9: ")),
    ("json_missing_colon.json", Some(":3:16: ")),
    // root object = level 1, then 100 nested arrays: the 100th `[` (level 101) is at column 132
    ("json_nesting_101.json", Some(":1:132: ")),
    ("json_string_not_closed_on_line.json", Some(":2:14: ")),
    ("json_trailing_comma.json", Some(":6:5: ")),
    ("json_two_documents.json", Some(":2:1: ")),
    ("json_unterminated_string.json", Some(":2:14: ")),
    ("not_a_model_number.json", Some(":1:1: ")),
    ("not_a_model_object.json", Some(":1:1: ")),
    ("realm_object_without_name.json", Some(":2:5: ")),
    ("realm_primary_key_missing_property.json", Some(":4:23: ")),
    ("realm_properties_not_object.json", Some(":5:23: ")),
    ("realm_shorthand_decimal.json", Some(":7:22: ")),
    ("realm_shorthand_empty_dictionary.json", Some(":7:21: ")),
    ("realm_shorthand_optional_list.json", Some(":7:23: ")),
    ("realm_type_declared_twice.json", Some(":3:5: ")),
    ("server_bson_type_number.json", Some(":6:31: ")),
    ("server_bson_type_only_null.json", Some(":6:30: ")),
    ("server_json_type_integer.json", Some(":6:23: ")),
    ("server_properties_not_object.json", Some(":4:19: ")),
    ("server_required_not_array.json", Some(":4:17: ")),
    ("server_root_bson_type_array.json", Some(":3:17: ")),
    ("server_unknown_bson_type.json", Some(":6:30: ")),
    ("yaml_alias_bomb.yaml", None),
    ("yaml_duplicate_key.yaml", Some(":2:1: ")),
    ("yaml_malformed.yaml", Some(":5:7: ")),
    ("yaml_nesting_101.yaml", None),
    ("yaml_tag.yaml", None),
];

/// What each message must say (a case-insensitive fragment), so a wrong reason fails even before
/// the snapshot is looked at.
const REASONS: &[(&str, &str)] = &[
    (
        "app_malformed_relationship_ref",
        "relationship ref \"User\" is malformed",
    ),
    ("empty_file.json", "end of file"),
    ("json_duplicate_key.json", "duplicate key \"name\""),
    ("json_missing_colon.json", "expected ':'"),
    ("json_nesting_101.json", "nesting deeper than 100"),
    ("json_string_not_closed_on_line.json", "unterminated string"),
    ("json_trailing_comma.json", "trailing comma"),
    ("json_two_documents.json", "end of document"),
    ("json_unterminated_string.json", "unterminated string"),
    ("not_a_model_number.json", "cannot tell what this file is"),
    ("not_a_model_object.json", "cannot tell what this file is"),
    ("realm_object_without_name.json", "no \"name\""),
    (
        "realm_primary_key_missing_property.json",
        "primaryKey \"id\" is not a property",
    ),
    ("realm_properties_not_object.json", "\"properties\" must be an object"),
    ("realm_shorthand_decimal.json", "decimal128"),
    ("realm_shorthand_empty_dictionary.json", "\"{}\""),
    ("realm_shorthand_optional_list.json", "\"int[]?\""),
    ("realm_type_declared_twice.json", "declared twice"),
    ("server_bson_type_number.json", "found a number"),
    ("server_bson_type_only_null.json", "only null"),
    ("server_json_type_integer.json", "\"integer\""),
    ("server_properties_not_object.json", "\"properties\" must be an object"),
    ("server_required_not_array.json", "\"required\" must be an array"),
    ("server_root_bson_type_array.json", "found \"array\""),
    ("server_unknown_bson_type.json", "unknown bsonType \"strin\""),
    ("yaml_alias_bomb.yaml", "invalid yaml"),
    ("yaml_duplicate_key.yaml", "duplicate"),
    ("yaml_malformed.yaml", "invalid yaml"),
    ("yaml_nesting_101.yaml", "nesting deeper than 100"),
    ("yaml_tag.yaml", "tags are not supported"),
    // generated
    ("generated_dir_without_app", "no App Services app found here"),
    ("generated_file_over_64_mib.json", "over the 64 MiB limit"),
    ("generated_missing_file.json", "no such file or directory"),
    ("generated_non_utf8.json", "invalid UTF-8"),
    (
        "generated_symlink_outside_app",
        "symlink points outside the app directory",
    ),
];

struct Case {
    name: String,
    path: PathBuf,
    /// The file the message must name (normalised), followed by `position` when known.
    names_file: String,
    position: Option<String>,
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn validate(path: &Path) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_syncplan"))
        .arg("validate")
        .arg(path)
        .output()
        .expect("run syncplan");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Replaces the varying prefixes (crate directory, temporary directory) by stable tokens.
struct Normalizer {
    replacements: Vec<(String, &'static str)>,
}

impl Normalizer {
    fn new(tmp: &Path) -> Self {
        let mut replacements = Vec::new();
        for (p, token) in [(tmp.to_path_buf(), "<tmp>"), (PathBuf::from(CRATE), "<crate>")] {
            let shown = p.to_string_lossy().replace('\\', "/");
            if let Ok(c) = std::fs::canonicalize(&p) {
                let c = c.to_string_lossy().replace('\\', "/");
                if c != shown {
                    replacements.push((c, token));
                }
            }
            replacements.push((shown, token));
        }
        // Longest first, so that a prefix of another path is not replaced half-way.
        replacements.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Normalizer { replacements }
    }
    fn apply(&self, s: &str) -> String {
        let mut s = s.replace('\\', "/");
        for (p, token) in &self.replacements {
            s = s.replace(p.as_str(), token);
        }
        s
    }
}

fn committed_dir() -> PathBuf {
    Path::new(CRATE).join("tests").join("bad_input")
}

fn committed_cases() -> Vec<Case> {
    let dir = committed_dir();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = COMMITTED.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every file in tests/bad_input/ needs an entry in COMMITTED (and vice versa)"
    );
    COMMITTED
        .iter()
        .map(|(name, pos)| {
            let path = dir.join(name);
            let shown = format!("<crate>/tests/bad_input/{name}");
            let (names_file, position) = match pos {
                // For an app directory the position string starts with the path inside it.
                Some(p) if p.starts_with('/') => {
                    let (inner, lc) = p.split_once(':').unwrap();
                    (format!("{shown}{inner}"), Some(format!(":{lc}")))
                }
                Some(p) => (shown, Some(p.to_string())),
                None => (shown, None),
            };
            Case {
                name: name.to_string(),
                path,
                names_file,
                position,
            }
        })
        .collect()
}

/// Writes the generated cases into `tmp`.
fn generated_cases(tmp: &Path) -> Vec<Case> {
    let mut cases = Vec::new();

    // Invalid UTF-8 (a Latin-1 "é") on line 2, after `    "title": "Caf`: column 18.
    let p = tmp.join("generated_non_utf8.json");
    std::fs::write(&p, b"{\n    \"title\": \"Caf\xe9\",\n    \"properties\": {}\n}\n").unwrap();
    cases.push(Case {
        name: "generated_non_utf8.json".into(),
        names_file: "<tmp>/generated_non_utf8.json".into(),
        position: Some(":2:18: ".into()),
        path: p,
    });

    // Over the size limit: sparse, nothing is actually written.
    let p = tmp.join("generated_file_over_64_mib.json");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(syncplan::load::MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    cases.push(Case {
        name: "generated_file_over_64_mib.json".into(),
        names_file: "<tmp>/generated_file_over_64_mib.json".into(),
        position: None,
        path: p,
    });

    // A directory with files but no app in it.
    let p = tmp.join("generated_dir_without_app");
    std::fs::create_dir_all(p.join("notes")).unwrap();
    std::fs::write(p.join("README.md"), "not an app\n").unwrap();
    std::fs::write(p.join("notes").join("schema.json"), "{}\n").unwrap();
    cases.push(Case {
        name: "generated_dir_without_app".into(),
        names_file: "<tmp>/generated_dir_without_app".into(),
        position: None,
        path: p,
    });

    // A path that does not exist.
    let p = tmp.join("generated_missing_file.json");
    cases.push(Case {
        name: "generated_missing_file.json".into(),
        names_file: "<tmp>/generated_missing_file.json".into(),
        position: None,
        path: p,
    });

    // An app whose schema.json is a symlink to a file outside the app directory.
    #[cfg(unix)]
    {
        let app = tmp.join("generated_symlink_outside_app");
        let coll = app.join("data_sources/mongodb-atlas/todo/Task");
        std::fs::create_dir_all(&coll).unwrap();
        let outside = tmp.join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(
            outside.join("secret.json"),
            r#"{"title": "Task", "bsonType": "object", "properties": {"_id": {"bsonType": "objectId"}}}"#,
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.join("secret.json"), coll.join("schema.json")).unwrap();
        cases.push(Case {
            name: "generated_symlink_outside_app".into(),
            names_file: "<tmp>/generated_symlink_outside_app/data_sources/mongodb-atlas/todo/Task/schema.json".into(),
            position: None,
            path: app,
        });
    }
    cases
}

#[test]
fn every_bad_input_is_refused_with_a_located_message() {
    let tmp = tempfile::tempdir().unwrap();
    let norm = Normalizer::new(tmp.path());
    let mut cases = committed_cases();
    cases.extend(generated_cases(tmp.path()));
    cases.sort_by(|a, b| a.name.cmp(&b.name));

    let mut combined = String::new();
    let mut failures = Vec::new();
    for case in &cases {
        let out = validate(&case.path);
        let stderr = norm.apply(&out.stderr);
        let mut problems = Vec::new();
        if out.code != Some(2) {
            problems.push(format!("exit code {:?}, expected 2", out.code));
        }
        if !out.stdout.is_empty() {
            problems.push(format!("stdout is not empty:\n{}", out.stdout));
        }
        if stderr.contains("panicked") {
            problems.push("panicked".to_string());
        }
        if !stderr.starts_with("error: ") || !stderr.ends_with('\n') || stderr.lines().count() != 1 {
            problems.push("stderr is not one `error: ...` line".to_string());
        }
        let expected_at = format!("error: {}{}", case.names_file, case.position.as_deref().unwrap_or(": "));
        if !stderr.starts_with(&expected_at) {
            problems.push(format!("message does not start with {expected_at:?}"));
        }
        match REASONS.iter().find(|(n, _)| *n == case.name) {
            Some((_, reason)) if stderr.to_lowercase().contains(&reason.to_lowercase()) => {}
            Some((_, reason)) => problems.push(format!("message does not say {reason:?}")),
            None => problems.push("no entry in REASONS".to_string()),
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n  stderr: {stderr}", case.name, problems.join("; ")));
        }
        combined.push_str(&format!("== {} ==\n{stderr}\n", case.name));
    }
    assert!(
        failures.is_empty(),
        "bad inputs handled wrongly:\n{}",
        failures.join("\n")
    );

    // The symlink case exists on unix only, and paths differ on Windows: snapshot on unix.
    #[cfg(unix)]
    {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!("bad_input", combined));
    }
}

/// Nothing may be read from outside the app: a relationships.json symlink is refused too, and a
/// symlinked directory is not followed while searching for apps.
#[cfg(unix)]
#[test]
fn symlinks_leaving_the_app_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("app");
    let coll = app.join("data_sources/mongodb-atlas/todo/Task");
    std::fs::create_dir_all(&coll).unwrap();
    std::fs::write(
        coll.join("schema.json"),
        r#"{"title": "Task", "bsonType": "object", "properties": {"_id": {"bsonType": "objectId"}}}"#,
    )
    .unwrap();
    std::fs::write(tmp.path().join("rels.json"), "{}").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("rels.json"), coll.join("relationships.json")).unwrap();
    let out = validate(&app);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("relationships.json"), "{}", out.stderr);
    assert!(out.stderr.contains("symlink points outside"), "{}", out.stderr);
    assert!(out.stdout.is_empty());

    // A symlink *inside* the app is fine.
    std::fs::remove_file(coll.join("relationships.json")).unwrap();
    std::fs::write(app.join("rels.json"), "{}").unwrap();
    std::os::unix::fs::symlink(app.join("rels.json"), coll.join("relationships.json")).unwrap();
    let out = validate(&app);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);

    // A symlinked data_sources directory pointing outside is refused.
    let other = tmp.path().join("other");
    std::fs::create_dir_all(other.join("data_sources/mongodb-atlas/todo/Task")).unwrap();
    std::fs::write(
        other.join("data_sources/mongodb-atlas/todo/Task/schema.json"),
        r#"{"title": "Task", "bsonType": "object", "properties": {"_id": {"bsonType": "objectId"}}}"#,
    )
    .unwrap();
    let app2 = tmp.path().join("app2");
    std::fs::create_dir_all(app2.join("sync")).unwrap();
    std::fs::write(app2.join("sync/config.json"), r#"{"type": "flexible"}"#).unwrap();
    std::os::unix::fs::symlink(other.join("data_sources"), app2.join("data_sources")).unwrap();
    let out = validate(&app2);
    assert_eq!(out.code, Some(2), "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("symlink points outside"), "{}", out.stderr);
}

/// The library refuses the same inputs with the same error the CLI prints.
#[test]
fn library_load_errors_match_the_cli() {
    for case in committed_cases() {
        let err = match syncplan::load::load(&case.path) {
            Ok(_) => panic!("{}: loaded without error", case.name),
            Err(e) => e,
        };
        let out = validate(&case.path);
        assert_eq!(out.stderr, format!("error: {err}\n"), "{}", case.name);
    }
}

/// JSON refuses nesting deeper than 100 levels; 100 levels are fine.
#[test]
fn json_nesting_limit_boundary() {
    use syncplan::load::json::{MAX_DEPTH, parse};
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
    let deep = "{\"a\": ".repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1);
    let e = parse(&deep).unwrap_err();
    assert!(e.message.contains("nesting deeper than 100"), "{}", e.message);
    assert_eq!(e.pos.line, 1);
    // Very deep input must not overflow the stack.
    let huge = "[".repeat(1_000_000);
    assert!(parse(&huge).is_err());
}

/// YAML must apply the same limit as JSON: 101 nested (empty) sequences are one level too deep.
#[test]

fn yaml_nesting_limit_matches_json() {
    use syncplan::load::json::MAX_DEPTH;
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(syncplan::load::yaml::parse(&ok).is_ok());
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(syncplan::load::json::parse(&deep).is_err());
    let e = syncplan::load::yaml::parse(&deep).expect_err("101 nested YAML sequences were accepted");
    assert!(e.message.contains("nesting deeper than 100"), "{}", e.message);
}

fn stderr_of(case: &str) -> String {
    let out = validate(&committed_dir().join(case));
    assert_eq!(out.code, Some(2), "{case}: {}", out.stderr);
    out.stderr
}

/// serde_yaml says "did not find expected ',' or '}' at line 5 column 7, while parsing a flow
/// mapping at line 4 column 8"; the second half points at the real mistake (the unclosed `{`).
#[test]

fn yaml_syntax_error_keeps_the_context_position() {
    let e = stderr_of("yaml_malformed.yaml");
    assert!(e.contains("flow mapping") && e.contains('4'), "{e}");
}

/// A string that runs into the end of its line is the common "forgot the closing quote" mistake.
#[test]

fn json_string_broken_by_newline_says_unterminated() {
    let e = stderr_of("json_string_not_closed_on_line.json");
    assert!(e.contains("unterminated") || e.contains("closing"), "{e}");
}

/// `int[]?` is an optional list, which Realm has not; the message should show the spelling that
/// exists (`int?[]`, nullable elements) instead of saying `"int[]" is not a type name`.
#[test]
fn optional_list_shorthand_suggests_nullable_elements() {
    let e = stderr_of("realm_shorthand_optional_list.json");
    assert!(e.contains("int?[]"), "{e}");
}

/// "repetition limit exceeded" does not tell the user that YAML aliases are the problem.
#[test]

fn yaml_alias_bomb_message_names_aliases() {
    let e = stderr_of("yaml_alias_bomb.yaml");
    // Look at the message only: the file name itself contains "alias".
    let message = e.split_once(".yaml").map(|(_, m)| m).unwrap_or(&e);
    assert!(message.to_lowercase().contains("alias"), "{e}");
}

/// The duplicate `name:` is on line 2; the message points at 1:1 (the start of the mapping).
#[test]

fn yaml_duplicate_key_points_at_the_duplicate() {
    let e = stderr_of("yaml_duplicate_key.yaml");
    assert!(e.contains("yaml_duplicate_key.yaml:2:"), "{e}");
}
