//! The only module that touches a YAML library. `serde_yaml` (archived upstream, published as
//! `0.9.34+deprecated`) decides what a document means; it gives positions for syntax errors but
//! not for values, so a second pass with `yaml-rust2`'s event parser (which marks every event's
//! line and column) attaches the position of every key and value. The two trees are matched
//! key by key and item by item; where they disagree (never seen, but the two libraries are
//! independent) a value keeps `Pos::UNKNOWN` and a finding names the file without a line, which
//! is what it did before. Replacing the YAML libraries means editing this file alone.

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
    let mut node = convert(&v, 0)?;
    if let Some(tree) = positions(text) {
        attach(&mut node, &tree);
    }
    Ok(node)
}

/// Where each node of the document starts, from the event parser.
#[derive(Debug)]
enum Marks {
    Scalar(Pos),
    Seq(Pos, Vec<Marks>),
    /// Entries: the key's text (scalar keys only), where the key starts, and the value.
    Map(Pos, Vec<(Option<String>, Pos, Marks)>),
}

impl Marks {
    fn pos(&self) -> Pos {
        match self {
            Marks::Scalar(p) | Marks::Seq(p, _) | Marks::Map(p, _) => *p,
        }
    }
}

/// A mapping key read but not yet paired with its value: its text (scalars only) and position.
type PendingKey = Option<(Option<String>, Pos)>;

#[derive(Default)]
struct MarkBuilder {
    /// Open containers; a map's pending key waits in the `Option`.
    stack: Vec<(Marks, PendingKey)>,
    done: Option<Marks>,
    /// The first document only: the loaders read one document per file.
    finished: bool,
}

impl MarkBuilder {
    fn push_value(&mut self, m: Marks) {
        match self.stack.last_mut() {
            None => {
                if !self.finished {
                    self.done = Some(m);
                    self.finished = true;
                }
            }
            Some((Marks::Seq(_, items), _)) => items.push(m),
            Some((Marks::Map(_, entries), pending)) => match pending.take() {
                Some((k, kp)) => entries.push((k, kp, m)),
                // A complex key (or an alias as key) has no text to match by.
                None => *pending = Some((None, m.pos())),
            },
            Some((Marks::Scalar(_), _)) => {}
        }
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for MarkBuilder {
    fn on_event(&mut self, ev: yaml_rust2::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::Event;
        let pos = Pos {
            line: mark.line() as u32,
            column: mark.col() as u32 + 1,
        };
        match ev {
            Event::Scalar(text, ..) => {
                // A mapping key records its text (the pending slot is empty when this is a key).
                if let Some((Marks::Map(..), pending @ None)) = self.stack.last_mut() {
                    *pending = Some((Some(text), pos));
                } else {
                    self.push_value(Marks::Scalar(pos));
                }
            }
            Event::Alias(_) => self.push_value(Marks::Scalar(pos)),
            Event::SequenceStart(..) => self.stack.push((Marks::Seq(pos, Vec::new()), None)),
            Event::MappingStart(..) => self.stack.push((Marks::Map(pos, Vec::new()), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((mut m, _)) = self.stack.pop() {
                    // A block collection's start event is marked after its first key or item:
                    // the collection starts where its first entry does.
                    let first = match &m {
                        Marks::Seq(_, items) => items.first().map(Marks::pos),
                        Marks::Map(_, entries) => entries.first().map(|e| e.1),
                        Marks::Scalar(_) => None,
                    };
                    if let (Some(f), Marks::Seq(p, _) | Marks::Map(p, _)) = (first, &mut m)
                        && (f.line, f.column) < (p.line, p.column)
                    {
                        *p = f;
                    }
                    self.push_value(m);
                }
            }
            _ => {}
        }
    }
}

/// The marks of the first document, or `None` when the event parser refuses the text.
fn positions(text: &str) -> Option<Marks> {
    let mut b = MarkBuilder::default();
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    parser.load(&mut b, false).ok()?;
    b.done
}

/// Copies positions from `m` onto `node`, matching mapping entries by key and sequence items by
/// index; a part that does not match keeps what it had.
fn attach(node: &mut Node, m: &Marks) {
    node.pos = m.pos();
    match (&mut node.value, m) {
        (Value::Array(items), Marks::Seq(_, marks)) if items.len() == marks.len() => {
            for (n, mk) in items.iter_mut().zip(marks) {
                attach(n, mk);
            }
        }
        (Value::Object(entries), Marks::Map(_, marks)) => {
            for (key, key_pos, value) in entries.iter_mut() {
                if let Some((_, kp, mk)) = marks.iter().find(|(k, _, _)| k.as_deref() == Some(key.as_str())) {
                    *key_pos = *kp;
                    attach(value, mk);
                }
            }
        }
        _ => {}
    }
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
    fn values_and_keys_carry_their_positions() {
        let text = "title: Dog\nproperties:\n  name:\n    bsonType: [string, \"null\"]\n  tags:\n    - a\n    - {x: 1}\nflow: {k: v}\n";
        let n = parse(text).unwrap();
        let at = |n: &Node| (n.pos.line, n.pos.column);
        assert_eq!(at(n.get("title").unwrap()), (1, 8));
        let name = n.get("properties").unwrap().get("name").unwrap();
        assert_eq!(at(name), (4, 5));
        let bson = name.get("bsonType").unwrap().as_array().unwrap();
        assert_eq!((at(&bson[0]), at(&bson[1])), ((4, 16), (4, 24)));
        let tags = n.get("properties").unwrap().get("tags").unwrap().as_array().unwrap();
        assert_eq!((at(&tags[0]), at(tags[1].get("x").unwrap())), ((6, 7), (7, 11)));
        assert_eq!(at(n.get("flow").unwrap().get("k").unwrap()), (8, 11));
        match &n.value {
            Value::Object(e) => assert_eq!(
                e.iter().map(|(_, p, _)| (p.line, p.column)).collect::<Vec<_>>(),
                [(1, 1), (2, 1), (8, 1)]
            ),
            _ => panic!("not a mapping"),
        }
    }

    #[test]
    fn anchors_and_aliases_keep_their_values() {
        let n = parse("a: &x {k: 1}\nb: *x\n").unwrap();
        assert_eq!(n.get("b").unwrap().get("k").unwrap().value, Value::Number("1".into()));
        assert_eq!(n.get("b").unwrap().pos.line, 2);
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
