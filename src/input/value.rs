//! A parsed JSON/YAML document with source positions.
//!
//! Both the JSON parser (`json.rs`) and the YAML adapter (`yaml.rs`) produce this tree, so the
//! loaders that turn documents into the model never see `serde_json`/`serde_yaml` types.

/// A 1-based line/column position in a source file. `line == 0` means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const UNKNOWN: Pos = Pos { line: 0, column: 0 };
    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Numbers keep their source text so that `1` and `1.0` stay distinguishable.
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Keys in source order. Duplicate keys are rejected by the parsers.
    Object(Vec<(String, Pos, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Just past the value's last character (exclusive, as SARIF's `endColumn`); unknown for
    /// values the parser did not read from text (YAML values, trees built from SDK source).
    pub end: Pos,
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Self {
        Node {
            value,
            pos,
            end: Pos::UNKNOWN,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// Position of the key `key` in this object (falls back to the object's own position).
    pub fn key_pos(&self, key: &str) -> Pos {
        match &self.value {
            Value::Object(entries) => entries
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, p, _)| *p)
                .unwrap_or(self.pos),
            _ => self.pos,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Pos, Node)]> {
        match &self.value {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// A short name of the JSON kind, for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Converts to a `serde_json::Value` (used for default values and report `before`/`after`).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => {
                serde_json::from_str::<serde_json::Value>(n).unwrap_or_else(|_| serde_json::Value::String(n.clone()))
            }
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(a) => serde_json::Value::Array(a.iter().map(Node::to_json).collect()),
            Value::Object(o) => serde_json::Value::Object(o.iter().map(|(k, _, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// Depth of the deepest nesting (a scalar has depth 0).
    pub fn depth(&self) -> usize {
        match &self.value {
            Value::Array(a) => 1 + a.iter().map(Node::depth).max().unwrap_or(0),
            Value::Object(o) => 1 + o.iter().map(|(_, _, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }
}
