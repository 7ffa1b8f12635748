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
        // serde_yaml appends " at line X column Y" to its message; the position is reported apart.
        let msg = e.to_string();
        let msg = match msg.find(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        SyntaxError { pos, message: msg }
    })?;
    let node = convert(&v, 0)?;
    Ok(node)
}

fn convert(v: &serde_yaml::Value, depth: usize) -> Result<Node, SyntaxError> {
    if depth > MAX_DEPTH {
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
