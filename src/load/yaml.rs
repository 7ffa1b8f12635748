//! The only module that touches `serde_yaml` (archived upstream, published as
//! `0.9.34+deprecated`). Replacing the YAML library means editing this file alone.
//!
//! `serde_yaml` gives positions for syntax errors but not for values, so values parsed from YAML
//! carry `Pos::UNKNOWN` and findings in YAML files name the file without a line.

use super::json::{MAX_DEPTH, SyntaxError};
use super::value::{Node, Pos, Value};

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let v: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let pos = e
            .location()
            .map(|l| Pos {
                line: l.line() as u32,
                column: l.column() as u32,
            })
            .unwrap_or(Pos::UNKNOWN);
        let msg = e.to_string();
        // serde_yaml appends " at line X column Y" to its message; that position is reported
        // apart, but any further context ("while parsing a flow mapping at line 4 column 8") stays.
        let mut msg = match (msg.find(" at line "), pos.is_known()) {
            (Some(i), true) => {
                let rest = &msg[i + " at line ".len()..];
                let after = rest.find(',').map(|j| &rest[j..]).unwrap_or("");
                format!("{}{after}", &msg[..i])
            }
            _ => msg,
        };
        let mut pos = pos;
        if msg.contains("repetition limit exceeded") {
            msg = "YAML aliases expand beyond the repetition limit (a possible alias bomb); the file is refused".into();
        }
        if let Some(key) = msg
            .strip_prefix("duplicate entry with key ")
            .map(|k| k.trim_matches('"').to_string())
            && let Some(p) = second_key_line(text, &key, pos)
        {
            pos = p;
        }
        SyntaxError { pos, message: msg }
    })?;
    let node = convert(&v, 0)?;
    Ok(node)
}

/// serde_yaml reports a duplicate key at the start of its mapping; find the second `key:` line
/// after that point instead (the one to fix).
fn second_key_line(text: &str, key: &str, from: Pos) -> Option<Pos> {
    let mut seen = 0;
    let quoted = format!("\"{key}\"");
    for (i, line) in text.lines().enumerate() {
        let n = i as u32 + 1;
        if n < from.line {
            continue;
        }
        let t = line.trim_start().trim_start_matches("- ");
        let hit = [key, quoted.as_str()]
            .iter()
            .any(|k| t.strip_prefix(k).is_some_and(|r| r.trim_start().starts_with(':')));
        if hit {
            seen += 1;
            if seen == 2 {
                let col = line.len() - line.trim_start().len() + 1;
                return Some(Pos {
                    line: n,
                    column: col as u32,
                });
            }
        }
    }
    None
}

fn convert(v: &serde_yaml::Value, depth: usize) -> Result<Node, SyntaxError> {
    // `depth` counts enclosing containers; a container here is one level deeper still.
    let is_container = matches!(v, serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_));
    if depth + usize::from(is_container) > MAX_DEPTH {
        return Err(SyntaxError {
            pos: Pos::UNKNOWN,
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
        });
    }
    let value = match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(*b),
        serde_yaml::Value::Number(n) => Value::Number(n.to_string()),
        serde_yaml::Value::String(s) => Value::String(s.clone()),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.iter().map(|i| convert(i, depth + 1)).collect::<Result<_, _>>()?)
        }
        serde_yaml::Value::Mapping(m) => {
            let mut entries: Vec<(String, Pos, Node)> = Vec::with_capacity(m.len());
            for (k, val) in m {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    _ => {
                        return Err(SyntaxError {
                            pos: Pos::UNKNOWN,
                            message: "mapping keys must be strings".into(),
                        });
                    }
                };
                entries.push((key, Pos::UNKNOWN, convert(val, depth + 1)?));
            }
            Value::Object(entries)
        }
        serde_yaml::Value::Tagged(t) => {
            return Err(SyntaxError {
                pos: Pos::UNKNOWN,
                message: format!("YAML tags are not supported (found tag {})", t.tag),
            });
        }
    };
    Ok(Node::new(value, Pos::UNKNOWN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mappings_and_reports_error_positions() {
        let n = parse("a: [1, x]\nb: {c: null}\n").unwrap();
        assert_eq!(n.get("a").unwrap().as_array().unwrap().len(), 2);
        let e = parse("a: [1,\nb: 2\n  c: : :\n").unwrap_err();
        assert!(e.pos.is_known(), "{e:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&s).is_err());
    }
}
