//! Reading a path as it was at a git revision, with git itself: the blobs are written to a
//! temporary directory (never over the user's files) and loaded from there. Locations are then
//! relabelled `REV:path` so reports point at what the user named.

use crate::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::load::Loaded;

/// A materialised revision of a path; the temporary directory goes away on drop.
pub struct Snapshot {
    dir: PathBuf,
    /// Where the path's content sits inside `dir`.
    pub path: PathBuf,
    /// The prefix reports show instead of the temporary directory (`REV:` + repo-relative path).
    pub label: String,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| Error::Git(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Git(format!("git {}: {}", args.join(" "), err.trim())));
    }
    Ok(out.stdout)
}

/// Splits `REV:PATH` when REV names a commit in the repository around the current directory.
/// A plain path (or a `C:\` drive letter) is not a revision.
pub fn split_rev_path(arg: &str) -> Option<(String, String)> {
    let (rev, path) = arg.split_once(':')?;
    if rev.is_empty() || rev.len() == 1 && path.starts_with(['\\', '/']) {
        return None;
    }
    let cwd = std::env::current_dir().ok()?;
    git(
        &cwd,
        &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
    )
    .ok()?;
    Some((
        rev.to_string(),
        if path.is_empty() { ".".into() } else { path.to_string() },
    ))
}

/// How a path given with a revision is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathBase {
    /// Against the repository root, as git resolves `REV:PATH`; `REV:./PATH` and `REV:../PATH`
    /// are relative to the current directory, as in git.
    GitSpec,
    /// Against the current directory (`--against REV PATH`, where PATH names a working-tree path).
    CurrentDir,
}

/// Where a path is, as of a revision: the repository root, the path relative to it, and its
/// files at that revision (empty when it does not exist there).
struct Resolved {
    top: String,
    rel: String,
    files: Vec<String>,
}

/// The message when the current directory is not inside a git repository.
fn no_repository(rev: &str, path: &str) -> String {
    format!(
        "{rev}:{path}: the current directory is not inside a git repository, so there is no revision \"{rev}\" to read \
         (run syncplan from the repository's work tree, or compare two paths)"
    )
}

fn resolve(rev: &str, path: &str, base: PathBase) -> Result<Resolved, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| format!("current directory: {e}"))
        .map_err(Error::Git)?;
    let top = match git(&cwd, &["rev-parse", "--show-toplevel"]) {
        Ok(t) => String::from_utf8_lossy(&t).trim().to_string(),
        Err(_) => return Err(Error::Git(no_repository(rev, path))),
    };
    git(
        &cwd,
        &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| format!("\"{rev}\" is not a commit in this git repository"))
    .map_err(Error::Git)?;
    let prefix = String::from_utf8_lossy(&git(&cwd, &["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let path_fwd = path.replace('\\', "/");
    let from_cwd = base == PathBase::CurrentDir
        || path_fwd == "."
        || path_fwd == ".."
        || path_fwd.starts_with("./")
        || path_fwd.starts_with("../");
    // The path relative to the repository root, normalised (no `.`/`..`, forward slashes).
    let mut parts: Vec<String> = if from_cwd {
        prefix
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        Vec::new()
    };
    for seg in path_fwd.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Error::Git(format!("{path} leaves the git repository")));
                }
            }
            s => parts.push(s.to_string()),
        }
    }
    let rel = parts.join("/");
    let spec = if rel.is_empty() { ".".to_string() } else { rel.clone() };
    let listing = git(
        Path::new(&top),
        &["ls-tree", "-r", "-z", "--name-only", rev, "--", &spec],
    )?;
    let files: Vec<String> = listing
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect();
    Ok(Resolved { top, rel, files })
}

/// The `REV:path` label of a path (relative to the repository root).
fn label(rev: &str, rel: &str) -> String {
    format!("{rev}:{}", if rel.is_empty() { "." } else { rel })
}

/// Whether `path` exists at `rev`, and its `REV:path` label. Errors when there is no
/// repository or `rev` is not a commit.
pub fn exists_at(rev: &str, path: &str, base: PathBase) -> Result<(bool, String), Error> {
    let r = resolve(rev, path, base)?;
    Ok((!r.files.is_empty(), label(rev, &r.rel)))
}

/// Writes `path` as of `rev` into a temporary directory; `path` is relative to the current
/// directory (as for `--against`).
pub fn snapshot(rev: &str, path: &str) -> Result<Snapshot, Error> {
    snapshot_from(rev, path, PathBase::CurrentDir)
}

/// Writes `path` (resolved as `base` says) as of `rev` into a temporary directory.
pub fn snapshot_from(rev: &str, path: &str, base: PathBase) -> Result<Snapshot, Error> {
    let Resolved { top, rel, files } = resolve(rev, path, base)?;
    if files.is_empty() {
        return Err(Error::Git(format!("{path} does not exist at {rev}")));
    }
    let dir = std::env::temp_dir().join(format!(
        "syncplan-git-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
        .map_err(Error::Git)?;
    let snap = Snapshot {
        path: dir.join(&rel),
        dir: dir.clone(),
        label: label(rev, &rel),
    };
    for f in files {
        let blob = git(Path::new(&top), &["cat-file", "blob", &format!("{rev}:{f}")])?;
        let target = dir.join(&f);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: {e}", parent.display()))
                .map_err(Error::Git)?;
        }
        std::fs::write(&target, blob)
            .map_err(|e| format!("{}: {e}", target.display()))
            .map_err(Error::Git)?;
    }
    Ok(snap)
}

/// Replaces the temporary location prefix by the `REV:path` label in everything a model carries.
pub fn relabel(l: &mut Loaded, snap: &Snapshot) {
    let from = crate::load::display_path(&snap.path);
    let fix = |s: &mut String| {
        if let Some(rest) = s.strip_prefix(&from) {
            *s = format!("{}{rest}", snap.label);
        }
    };
    fix(&mut l.root);
    for d in &mut l.diagnostics {
        if let Some(loc) = &mut d.location {
            fix(&mut loc.file);
        }
    }
    for t in l.schema.types.values_mut() {
        if let Some(loc) = &mut t.location {
            fix(&mut loc.file);
        }
        for p in t.properties.values_mut() {
            if let Some(loc) = &mut p.location {
                fix(&mut loc.file);
            }
        }
    }
    if let Some(s) = &mut l.schema.sync
        && let Some(loc) = &mut s.location
    {
        fix(&mut loc.file);
    }
    if let Some(c) = &mut l.schema.source_config {
        for site in &mut c.sites {
            fix(&mut site.location.file);
        }
    }
}

/// Loads an input given as `REV:PATH` (PATH from the repository root, or from the current
/// directory when it starts with `./` or `../`, as in git) or as a plain path.
pub fn load_input(arg: &str) -> Result<Vec<Loaded>, Error> {
    match split_rev_path(arg) {
        Some((rev, path)) => load_at_from(&rev, &path, PathBase::GitSpec),
        None => {
            let p = Path::new(arg);
            if !p.exists()
                && let Some((rev, path)) = arg.split_once(':')
                && !rev.is_empty()
                && !(rev.len() == 1 && path.starts_with(['\\', '/']))
                && !in_repository()
            {
                return Err(Error::Git(no_repository(rev, path)));
            }
            Ok(crate::load::load(p)?)
        }
    }
}

/// The root of the git work tree around the current directory, if any.
pub fn toplevel() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let out = git(&cwd, &["rev-parse", "--show-toplevel"]).ok()?;
    Some(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// Whether the current directory is inside a git work tree.
pub fn in_repository() -> bool {
    std::env::current_dir()
        .ok()
        .is_some_and(|cwd| git(&cwd, &["rev-parse", "--show-toplevel"]).is_ok())
}

/// Loads `path` (relative to the current directory) as of `rev`.
pub fn load_at(rev: &str, path: &str) -> Result<Vec<Loaded>, Error> {
    load_at_from(rev, path, PathBase::CurrentDir)
}

/// Loads `path` (resolved as `base` says) as of `rev`.
pub fn load_at_from(rev: &str, path: &str, base: PathBase) -> Result<Vec<Loaded>, Error> {
    let snap = snapshot_from(rev, path, base)?;
    let mut all = crate::load::load(&snap.path).map_err(|mut e| {
        // Name the file as REV:PATH, not as the temporary checkout.
        let from = crate::load::display_path(&snap.path);
        e.file = e.file.replace(&from, &snap.label);
        e.message = e.message.replace(&from, &snap.label);
        Error::Load(e)
    })?;
    for l in &mut all {
        relabel(l, &snap);
    }
    Ok(all)
}

/// The points of a model's history under `path` (relative to the current directory), oldest first:
/// every tag reachable from `to` (and, with `from`, not before it) when the repository has tags,
/// otherwise every commit touching `path`. Each point is `(revision, label)`.
pub fn history_points(path: &str, from: Option<&str>, to: Option<&str>) -> Result<Vec<(String, String)>, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| format!("current directory: {e}"))
        .map_err(Error::Git)?;
    let to = to.unwrap_or("HEAD");
    let lines = |b: Vec<u8>| -> Vec<String> {
        String::from_utf8_lossy(&b)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let is_ancestor = |a: &str, b: &str| {
        Command::new("git")
            .arg("-C")
            .arg(&cwd)
            .args(["merge-base", "--is-ancestor", a, b])
            .status()
            .is_ok_and(|s| s.success())
    };
    let tags = lines(git(&cwd, &["tag", "--merged", to, "--sort=creatordate"])?);
    let tags: Vec<String> = tags
        .into_iter()
        .filter(|t| from.is_none_or(|f| is_ancestor(f, t)))
        .collect();
    if !tags.is_empty() {
        let mut out: Vec<(String, String)> = tags.into_iter().map(|t| (t.clone(), t)).collect();
        // The end of the range when it is not a tag itself.
        if to != "HEAD" && !out.iter().any(|(t, _)| t == to) {
            out.push((to.to_string(), to.to_string()));
        }
        return Ok(out);
    }
    let range = match from {
        Some(f) => format!("{f}..{to}"),
        None => to.to_string(),
    };
    let mut revs = lines(git(&cwd, &["rev-list", "--reverse", &range, "--", path])?);
    if let Some(f) = from {
        let f = lines(git(&cwd, &["rev-parse", "--verify", &format!("{f}^{{commit}}")])?);
        revs.splice(0..0, f);
    }
    Ok(revs
        .into_iter()
        .map(|r| {
            let short: String = r.chars().take(10).collect();
            (r, short)
        })
        .collect())
}
