//! `syncplan.toml`: project defaults (context, fail_on, rename hints), per-rule level overrides
//! and `[[accept]]` waivers bound to finding fingerprints. Found by walking up from the current
//! directory, or given with `--config FILE`; command-line flags win over it.
//!
//! ```toml
//! context = ["schema-versioning"]
//! fail_on = "breaking"
//! rename = ["Task.summary=Task.title"]
//!
//! [rules]
//! index_added = "ignore"        # default | ignore | warn | error
//!
//! [[accept]]
//! fingerprint = "3f0c9a1d2b7e4c55"
//! reason = "the field was never written by clients"
//! owner = "alice@example.com"
//! expires = "2026-12-31"
//!
//! [plan.params]                 # named parameters of `syncplan plan` (--param NAME=VALUE wins)
//! "Task.owner_id" = "user-1"    # a string
//! "Task.priority" = { mongosh = "NumberLong(3)" }   # any mongosh literal
//! ```

use crate::error::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::classify::Finding;

pub const FILE_NAME: &str = "syncplan.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// The rule's own verdicts decide.
    Default,
    /// The finding is not reported.
    Ignore,
    /// Reported, never fails the run.
    Warn,
    /// Always fails the run.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    pub fingerprint: String,
    pub reason: String,
    pub owner: String,
    /// `YYYY-MM-DD`; the waiver stops applying after this day.
    pub expires: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub context: Vec<String>,
    pub fail_on: Option<String>,
    #[serde(default)]
    pub rename: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    #[serde(default)]
    pub accept: Vec<Accept>,
    /// `[plan]`: defaults of `syncplan plan`.
    #[serde(default)]
    pub plan: PlanConfig,
    /// Where it was read from (for messages).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// `[plan]` of `syncplan.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    /// `[plan.params]`: values of the plan's named parameters (`Type.field` of a backfilled
    /// field), as mongosh literals. In the file a TOML string is a string value, an integer, float
    /// or boolean is that literal, a date-time is `new Date("...")`, and `{ mongosh = "..." }`
    /// is any mongosh literal as written (`NumberLong(3)`, `ObjectId("...")`).
    #[serde(default, deserialize_with = "params_de")]
    pub params: BTreeMap<String, String>,
}

fn params_de<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    use serde::de::Error;
    let raw = BTreeMap::<String, toml::Value>::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (k, v) in raw {
        let lit = match v {
            toml::Value::String(s) => serde_json::to_string(&s).map_err(D::Error::custom)?,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) if f.is_finite() => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Datetime(dt) => format!(
                "new Date({})",
                serde_json::to_string(&dt.to_string()).map_err(D::Error::custom)?
            ),
            toml::Value::Table(t) if t.len() == 1 && matches!(t.get("mongosh"), Some(toml::Value::String(_))) => {
                match t.get("mongosh") {
                    Some(toml::Value::String(s)) if !s.trim().is_empty() => s.clone(),
                    _ => return Err(D::Error::custom(format!("[plan.params] \"{k}\": `mongosh` is empty"))),
                }
            }
            _ => {
                return Err(D::Error::custom(format!(
                    "[plan.params] \"{k}\": give a string, a number, a boolean, a date-time or {{ mongosh = \"<mongosh literal>\" }}"
                )));
            }
        };
        out.insert(k, lit);
    }
    Ok(out)
}

/// The parameters of a plan: the file's `[plan.params]`, then `--param NAME=VALUE` flags, which
/// win. Returns the merged values, and the problems of names the plan does not use (`known`): an
/// unknown flag is an error (the caller exits 2), an unknown file entry a config problem (the file
/// may serve other plans), each with a did-you-mean.
pub fn plan_params(
    c: &Config,
    flags: &BTreeMap<String, String>,
    known: &std::collections::BTreeSet<String>,
) -> (BTreeMap<String, String>, Vec<String>, Vec<ConfigProblem>) {
    let hint = |name: &str| {
        let near = crate::load::app_services::did_you_mean(name, known.iter().map(String::as_str))
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        let list = if known.is_empty() {
            "this plan has no parameters".to_string()
        } else {
            format!(
                "its parameters: {}",
                known.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
            )
        };
        format!("{near}; {list}")
    };
    let mut errors = Vec::new();
    let mut problems = Vec::new();
    for name in c.plan.params.keys() {
        if !known.contains(name) && !flags.contains_key(name) {
            problems.push(ConfigProblem {
                kind: "unknown_param",
                message: format!(
                    "[plan.params] names \"{name}\", which this plan does not use{}",
                    hint(name)
                ),
                fails: false,
            });
        }
    }
    for name in flags.keys() {
        if !known.contains(name) {
            errors.push(format!(
                "--param {name}: this plan has no parameter \"{name}\"{}",
                hint(name)
            ));
        }
    }
    let mut merged = c.plan.params.clone();
    merged.extend(flags.iter().map(|(k, v)| (k.clone(), v.clone())));
    (merged, errors, problems)
}

/// A problem with the configuration itself, reported next to the findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigProblem {
    /// `accept_expired` (fails the run), `accept_unused`, `unknown_rule`, `unknown_param`.
    pub kind: &'static str,
    pub message: String,
    pub fails: bool,
}

/// `syncplan.toml` in `start` or the nearest parent directory.
pub fn find(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let p = d.join(FILE_NAME);
        if p.is_file() {
            return Some(p);
        }
        dir = d.parent();
    }
    None
}

/// Reads and checks `syncplan.toml`: a file that cannot be read is a load error, one that does
/// not hold a valid configuration a config error (both name the file, and the line when known).
pub fn load(path: &Path) -> Result<Config, Error> {
    let text = crate::load::read_text(path, None)?;
    parse(path, &text).map_err(Error::Config)
}

fn parse(path: &Path, text: &str) -> Result<Config, String> {
    let mut c: Config = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                format!(":{line}")
            })
            .unwrap_or_default();
        format!("{}{at}: invalid config: {}", path.display(), e.message())
    })?;
    for a in &c.accept {
        if parse_date(&a.expires).is_none() {
            return Err(format!(
                "{}: invalid config: accept entry {}: expires \"{}\" is not a YYYY-MM-DD date",
                path.display(),
                a.fingerprint,
                a.expires
            ));
        }
    }
    c.path = Some(path.to_path_buf());
    Ok(c)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.split('-');
    let (y, m, d) = (
        it.next()?.parse::<i64>().ok()?,
        it.next()?.parse::<i64>().ok()?,
        it.next()?.parse::<i64>().ok()?,
    );
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) || s.len() != 10 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Today (UTC) in days since 1970-01-01; `SYNCPLAN_TODAY=YYYY-MM-DD` overrides it (for tests).
pub fn today() -> i64 {
    if let Some(d) = std::env::var("SYNCPLAN_TODAY").ok().and_then(|s| parse_date(&s)) {
        return d;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64 / 86_400)
        .unwrap_or(0)
}

/// What the config did to a set of findings.
pub struct Applied {
    /// Kept findings with their level override and, when waived, the accept entry.
    pub findings: Vec<(Finding, RuleLevel, Option<Accept>)>,
    pub problems: Vec<ConfigProblem>,
}

/// Applies rule levels and waivers. Expired waivers do not apply and fail the run; unknown
/// rule ids and waivers that match nothing are reported.
pub fn apply(c: &Config, findings: Vec<Finding>) -> Applied {
    let mut problems = Vec::new();
    for id in c.rules.keys() {
        if crate::rules::by_id(id).is_none() {
            problems.push(ConfigProblem {
                kind: "unknown_rule",
                message: format!("[rules] names an unknown rule id \"{id}\" (`syncplan rules` lists them)"),
                fails: false,
            });
        }
    }
    let today = today();
    let mut used = vec![false; c.accept.len()];
    let mut out = Vec::new();
    for f in findings {
        let level = c.rules.get(f.rule).copied().unwrap_or(RuleLevel::Default);
        if level == RuleLevel::Ignore {
            continue;
        }
        let mut waiver = None;
        for (i, a) in c.accept.iter().enumerate() {
            if a.fingerprint == f.fingerprint {
                used[i] = true;
                if parse_date(&a.expires).is_some_and(|d| d >= today) {
                    waiver = Some(a.clone());
                }
            }
        }
        out.push((f, level, waiver));
    }
    for (i, a) in c.accept.iter().enumerate() {
        let expired = parse_date(&a.expires).is_some_and(|d| d < today);
        if expired {
            problems.push(ConfigProblem {
                kind: "accept_expired",
                message: format!(
                    "accept entry {} (owner {}) expired on {}: renew it or fix the change",
                    a.fingerprint, a.owner, a.expires
                ),
                fails: true,
            });
        } else if !used[i] {
            problems.push(ConfigProblem {
                kind: "accept_unused",
                message: format!(
                    "accept entry {} (owner {}) matches no finding: remove it",
                    a.fingerprint, a.owner
                ),
                fails: false,
            });
        }
    }
    Applied {
        findings: out,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_params_are_mongosh_literals() {
        let c: Config = toml::from_str(
            "[plan.params]\n\"A.s\" = \"x\\\"y\"\n\"A.i\" = 3\n\"A.b\" = true\n\"A.d\" = 2025-01-01T00:00:00Z\n\"A.l\" = { mongosh = \"NumberLong(3)\" }\n",
        )
        .expect("parses");
        let p = &c.plan.params;
        assert_eq!(p["A.s"], "\"x\\\"y\"");
        assert_eq!(p["A.i"], "3");
        assert_eq!(p["A.b"], "true");
        assert_eq!(p["A.d"], "new Date(\"2025-01-01T00:00:00Z\")");
        assert_eq!(p["A.l"], "NumberLong(3)");
        assert!(toml::from_str::<Config>("[plan.params]\n\"A.x\" = [1]\n").is_err());
        assert!(toml::from_str::<Config>("[plan]\nparam = {}\n").is_err());
        let known = ["A.field".to_string()].into_iter().collect();
        let flags = [("A.feild".to_string(), "1".to_string())].into_iter().collect();
        let (merged, errors, problems) = plan_params(&c, &flags, &known);
        assert!(errors[0].contains("did you mean \"A.field\"?"), "{errors:?}");
        assert_eq!(problems.len(), 5);
        assert_eq!(merged["A.feild"], "1");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2026-11-24"), Some(20_781));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("26-1-1"), None);
    }
}
