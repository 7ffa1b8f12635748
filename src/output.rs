//! Writing `--out` trees (`devmode`, `plan --out`, `infer --out`) and what Ctrl-C does meanwhile.
//!
//! The rules, tested in tests/it/limits.rs:
//! - no path may leave `--out` (file names come from type, collection and database names);
//! - a missing `--out` is built in a temporary sibling directory and renamed into place;
//! - an existing non-empty `--out` needs `--force`; then every file is first written to a
//!   temporary name beside its target, and only when all of them are written are they renamed
//!   over their targets; nothing syncplan did not write is deleted;
//! - a failure or a Ctrl-C before the renames removes every temporary file and leaves `--out` as
//!   it was; a Ctrl-C during the renames (a few system calls) lets them finish, so `--out` holds
//!   either the old files or all of the new ones.
//!
//! Ctrl-C anywhere else stops the process at once with exit code 130: nothing has been written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

use crate::input::{display_path, io_message};

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED_EXIT: u8 = 130;

const IDLE: u8 = 0;
const WRITING: u8 = 1;
const INTERRUPTED: u8 = 2;
const EXITING: u8 = 3;

static STATE: AtomicU8 = AtomicU8::new(IDLE);

/// Installs the Ctrl-C handler (once per process; later calls do nothing).
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(on_interrupt);
}

fn on_interrupt() {
    match STATE.compare_exchange(IDLE, EXITING, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => {
            eprintln!("syncplan: interrupted; nothing was written");
            std::process::exit(i32::from(INTERRUPTED_EXIT));
        }
        // Writing: `write_tree` rolls back or finishes, then reports.
        Err(WRITING) => {
            let _ = STATE.compare_exchange(WRITING, INTERRUPTED, Ordering::SeqCst, Ordering::SeqCst);
        }
        Err(_) => {}
    }
}

/// Whether Ctrl-C arrived while `write_tree` was running.
fn interrupted() -> bool {
    STATE.load(Ordering::SeqCst) == INTERRUPTED
}

/// How `write_tree` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// Ctrl-C before the output was complete: nothing was left behind.
    Interrupted(String),
    Failed(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Interrupted(m) | WriteError::Failed(m) => f.write_str(m),
        }
    }
}

/// Outcome of a completed write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Complete,
    /// Ctrl-C arrived during the final renames: they were finished first.
    CompleteThenInterrupted,
}

/// Guards the WRITING state: back to IDLE however `write_tree` ends.
struct Writing;

impl Writing {
    fn enter() -> Result<Writing, WriteError> {
        match STATE.compare_exchange(IDLE, WRITING, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => Ok(Writing),
            // The handler is exiting the process right now.
            Err(_) => Err(WriteError::Interrupted("interrupted; nothing was written".into())),
        }
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        let _ = STATE.compare_exchange(WRITING, IDLE, Ordering::SeqCst, Ordering::SeqCst);
        let _ = STATE.compare_exchange(INTERRUPTED, IDLE, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// For tests (`SYNCPLAN_TEST_INTERRUPT_AFTER=N`): behave as if Ctrl-C arrived after N temporary
/// files were written.
fn simulated_interrupt_after() -> Option<usize> {
    std::env::var("SYNCPLAN_TEST_INTERRUPT_AFTER").ok()?.parse().ok()
}

/// Writes `files` (relative path → content) under `out`; see the module documentation.
pub fn write_tree(out: &Path, files: &BTreeMap<String, String>, force: bool) -> Result<Written, WriteError> {
    let fail = |m: String| WriteError::Failed(m);
    let shown = display_path(out);
    if let Some(rel) = files.keys().find(|rel| {
        Path::new(rel)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    }) {
        return Err(fail(format!(
            "refusing to write {rel:?}: the path would leave {shown} (a type, collection or database name holds '..', '/' or an absolute path); nothing was written"
        )));
    }
    let guard = Writing::enter()?;
    let simulate = simulated_interrupt_after();
    let result = match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() && !force {
                return Err(fail(format!(
                    "{shown} already exists and is not empty; pass --force to write into it (only syncplan's files are replaced)"
                )));
            }
            into_existing(out, files, simulate)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => into_new(out, files, simulate),
        Err(e) => Err(fail(format!("{shown}: {}", io_message(&e)))),
    };
    let late = interrupted();
    drop(guard);
    result?;
    Ok(if late {
        Written::CompleteThenInterrupted
    } else {
        Written::Complete
    })
}

fn interrupted_now(written: usize, simulate: Option<usize>) -> bool {
    if simulate.is_some_and(|n| written >= n) {
        let _ = STATE.compare_exchange(WRITING, INTERRUPTED, Ordering::SeqCst, Ordering::SeqCst);
    }
    interrupted()
}

const ROLLED_BACK: &str = "interrupted; nothing was written";

/// A missing `out`: everything goes to a temporary sibling that is renamed into place.
fn into_new(out: &Path, files: &BTreeMap<String, String>, simulate: Option<usize>) -> Result<(), WriteError> {
    let shown = display_path(out);
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| WriteError::Failed(format!("{}: {}", display_path(parent), io_message(&e))))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = parent.join(format!(".{name}.syncplan-tmp-{}", std::process::id()));
    let mut written = 0;
    let mut step = || -> Result<(), WriteError> {
        for (rel, content) in files {
            let p = tmp.join(rel);
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| WriteError::Failed(format!("{}: {}", display_path(dir), io_message(&e))))?;
            }
            std::fs::write(&p, content)
                .map_err(|e| WriteError::Failed(format!("{}: {}", display_path(&p), io_message(&e))))?;
            written += 1;
            if interrupted_now(written, simulate) {
                return Err(WriteError::Interrupted(ROLLED_BACK.into()));
            }
        }
        std::fs::rename(&tmp, out).map_err(|e| WriteError::Failed(format!("{shown}: {}", io_message(&e))))
    };
    let result = step();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// An existing `out` (with `--force`): all temporaries first, then all renames.
fn into_existing(out: &Path, files: &BTreeMap<String, String>, simulate: Option<usize>) -> Result<(), WriteError> {
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let mut phase1 = |temps: &mut Vec<(PathBuf, PathBuf)>| -> Result<(), WriteError> {
        for (rel, content) in files {
            let p = out.join(rel);
            if p.is_dir() {
                return Err(WriteError::Failed(format!(
                    "{}: is a directory, where syncplan writes a file",
                    display_path(&p)
                )));
            }
            if let Some(dir) = p.parent() {
                // Remember the directories this write creates, to remove them on rollback.
                let mut missing = Vec::new();
                let mut d = Some(dir);
                while let Some(x) = d {
                    if x == out || x.exists() {
                        break;
                    }
                    missing.push(x.to_path_buf());
                    d = x.parent();
                }
                std::fs::create_dir_all(dir)
                    .map_err(|e| WriteError::Failed(format!("{}: {}", display_path(dir), io_message(&e))))?;
                created_dirs.extend(missing);
            }
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let tmp = p.with_file_name(format!(".{name}.syncplan-tmp-{}", std::process::id()));
            std::fs::write(&tmp, content).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                WriteError::Failed(format!("{}: {}", display_path(&p), io_message(&e)))
            })?;
            temps.push((tmp, p));
            if interrupted_now(temps.len(), simulate) {
                return Err(WriteError::Interrupted(ROLLED_BACK.into()));
            }
        }
        Ok(())
    };
    if let Err(e) = phase1(&mut temps) {
        for (tmp, _) in &temps {
            let _ = std::fs::remove_file(tmp);
        }
        // Deepest first; only directories this write created, and only if empty.
        created_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in created_dirs {
            let _ = std::fs::remove_dir(d);
        }
        return Err(e);
    }
    // Phase 2: renames; a Ctrl-C now is deferred until they are done.
    let mut error = None;
    for (tmp, p) in &temps {
        if error.is_some() {
            let _ = std::fs::remove_file(tmp);
            continue;
        }
        if let Err(e) = std::fs::rename(tmp, p) {
            let _ = std::fs::remove_file(tmp);
            error = Some(WriteError::Failed(format!("{}: {}", display_path(p), io_message(&e))));
        }
    }
    error.map_or(Ok(()), Err)
}
