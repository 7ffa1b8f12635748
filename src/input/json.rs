//! A small strict JSON parser that records the line and column of every value and key.
//!
//! `serde_json` reports positions only for syntax errors; the model needs positions for every
//! finding ("Task.owner at schema.json:12:5"), so documents are parsed here. The parser enforces
//! the nesting limit and rejects duplicate keys (App Services would keep one of them silently).

use std::hash::BuildHasher;

use super::value::{Node, Pos, Value};

/// Nesting deeper than this is refused (objects and arrays both count).
pub const MAX_DEPTH: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        text,
        src: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        entries: Vec::new(),
        items: Vec::new(),
    };
    // A UTF-8 byte-order mark is tolerated.
    if p.src.starts_with(&[0xEF, 0xBB, 0xBF]) {
        p.i = 3;
    }
    p.skip_ws();
    let v = p.value(0)?;
    p.skip_ws();
    if p.i < p.src.len() {
        return Err(p.err("expected end of document after the top-level value"));
    }
    Ok(v)
}

struct Parser<'a> {
    /// The document; `src` is its bytes. Slices between ASCII delimiters are taken from `text`,
    /// which is UTF-8 already (no second check).
    text: &'a str,
    src: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
    /// Scratch stacks shared by all objects (arrays) being parsed: an object's entries are pushed
    /// here and moved out in one exactly sized vector when it closes, instead of growing a vector
    /// per object (four reallocations for a 20-key object).
    entries: Vec<(String, Pos, Node)>,
    items: Vec<Node>,
}

impl Parser<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.col,
        }
    }

    fn err(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if b & 0xC0 != 0x80 {
            // Count characters, not bytes: continuation bytes do not advance the column.
            self.col += 1;
        }
        Some(b)
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.src.get(self.i) {
            match b {
                b' ' | b'\t' | b'\r' => {
                    self.i += 1;
                    self.col += 1;
                }
                b'\n' => {
                    self.i += 1;
                    self.line += 1;
                    self.col = 1;
                }
                _ => break,
            }
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "end of file".to_string(),
            Some(b) if b.is_ascii_graphic() => format!("'{}'", b as char),
            Some(b) => format!("byte 0x{b:02x}"),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let mut n = self.value_at(depth)?;
        n.end = self.pos();
        Ok(n)
    }

    fn value_at(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let pos = self.pos();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Node::new(Value::String(self.string()?), pos)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err(format!("expected a JSON value, found {}", self.found()))),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Node, SyntaxError> {
        let pos = self.pos();
        if self.src[self.i..].starts_with(word.as_bytes()) {
            for _ in 0..word.len() {
                self.bump();
            }
            Ok(Node::new(v, pos))
        } else {
            Err(self.err(format!("expected a JSON value, found {}", self.found())))
        }
    }

    fn number(&mut self) -> Result<Node, SyntaxError> {
        let pos = self.pos();
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => {
                self.bump();
            }
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.bump();
                }
            }
            _ => return Err(self.err(format!("expected a digit, found {}", self.found()))),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err(format!("expected a digit after '.', found {}", self.found())));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.bump();
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err(format!("expected an exponent digit, found {}", self.found())));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.bump();
            }
        }
        // The slice is ASCII digits and signs only.
        Ok(Node::new(Value::Number(self.text[start..self.i].to_string()), pos))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.err(format!("expected a hex digit in \\u escape, found {}", self.found()))),
            };
            self.bump();
            v = v * 16 + u32::from(d);
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos();
        self.bump(); // opening quote
        // Fast path: a string without escapes is one slice of the document (almost every key and
        // value of a schema file). Columns count characters, as `bump` does.
        let start = self.i;
        let mut end = start;
        let mut chars = 0u32;
        while let Some(&b) = self.src.get(end) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            chars += u32::from(b & 0xC0 != 0x80);
            end += 1;
        }
        if self.src.get(end) == Some(&b'"') {
            // `start` follows a quote and `end` is at one: both are character boundaries.
            let s = self.text[start..end].to_string();
            self.i = end + 1;
            self.col += chars + 1;
            return Ok(s);
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            let b = match self.peek() {
                None => {
                    return Err(SyntaxError {
                        pos: open,
                        message: "unterminated string (no closing '\"' before end of file)".into(),
                    });
                }
                Some(b) => b,
            };
            match b {
                b'"' => {
                    self.bump();
                    break;
                }
                b'\\' => {
                    self.bump();
                    let e = self.peek();
                    let c = match e {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.bump();
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if self.peek() == Some(b'\\') && self.src.get(self.i + 1) == Some(&b'u') {
                                    self.bump();
                                    self.bump();
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return Err(self.err("invalid low surrogate in \\u escape"));
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    return Err(self.err("unpaired surrogate in \\u escape"));
                                }
                            } else if (0xDC00..0xE000).contains(&hi) {
                                return Err(self.err("unpaired surrogate in \\u escape"));
                            } else {
                                hi
                            };
                            let ch = char::from_u32(cp).ok_or_else(|| self.err("invalid \\u escape"))?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => {
                            return Err(self.err(format!("invalid escape '\\{}'", e.map(|b| b as char).unwrap_or(' '))));
                        }
                    };
                    self.bump();
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                b'\n' | b'\r' => {
                    return Err(SyntaxError {
                        pos: open,
                        message: "unterminated string: the line ends before the closing '\"' (strings cannot span lines; escape newlines as \\n)".into(),
                    });
                }
                0x00..=0x1F => {
                    return Err(self.err("control character inside a string (escape it)"));
                }
                _ => {
                    self.bump();
                    out.push(b);
                }
            }
        }
        String::from_utf8(out).map_err(|_| SyntaxError {
            pos: open,
            message: "string is not valid UTF-8".into(),
        })
    }

    fn depth_check(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            Err(self.err(format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        self.depth_check(depth)?;
        let pos = self.pos();
        self.bump();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Node::new(Value::Array(Vec::new()), pos));
        }
        let start = self.items.len();
        loop {
            self.skip_ws();
            if self.peek() == Some(b']') && self.items.len() > start {
                return Err(self.err("trailing comma before ']' (JSON allows none)"));
            }
            let v = self.value(depth)?;
            self.items.push(v);
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                }
                Some(b']') => {
                    self.bump();
                    let items: Vec<Node> = self.items.drain(start..).collect();
                    return Ok(Node::new(Value::Array(items), pos));
                }
                _ => return Err(self.err(format!("expected ',' or ']' in array, found {}", self.found()))),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        self.depth_check(depth)?;
        let pos = self.pos();
        self.bump();
        // Hashes of the keys seen so far, once an object has more than `LINEAR` keys: a linear scan
        // of the entries made objects with many keys quadratic; below that it is the cheaper check
        // (a schema's `properties` object has a few dozen keys).
        const LINEAR: usize = 32;
        let mut state: Option<std::hash::RandomState> = None;
        let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Node::new(Value::Object(Vec::new()), pos));
        }
        let start = self.entries.len();
        loop {
            self.skip_ws();
            let kpos = self.pos();
            let entries = &self.entries[start..];
            if self.peek() == Some(b'}') && !entries.is_empty() {
                return Err(self.err("trailing comma before '}' (JSON allows none)"));
            }
            if self.peek() != Some(b'"') {
                return Err(self.err(format!("expected a quoted key, found {}", self.found())));
            }
            let key = self.string()?;
            let entries = &self.entries[start..];
            let duplicate = if entries.len() < LINEAR {
                entries.iter().any(|(k, _, _)| *k == key)
            } else {
                let state = state.get_or_insert_with(std::hash::RandomState::new);
                if seen.is_empty() {
                    seen.extend(entries.iter().map(|(k, _, _)| state.hash_one(k.as_str())));
                }
                // A hash seen before is a duplicate only if the key itself was (collisions are rare).
                !seen.insert(state.hash_one(key.as_str())) && entries.iter().any(|(k, _, _)| *k == key)
            };
            if duplicate {
                return Err(SyntaxError {
                    pos: kpos,
                    message: format!("duplicate key \"{key}\""),
                });
            }
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.err(format!("expected ':' after key, found {}", self.found())));
            }
            self.bump();
            self.skip_ws();
            let v = self.value(depth)?;
            self.entries.push((key, kpos, v));
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                }
                Some(b'}') => {
                    self.bump();
                    let entries: Vec<(String, Pos, Node)> = self.entries.drain(start..).collect();
                    return Ok(Node::new(Value::Object(entries), pos));
                }
                _ => return Err(self.err(format!("expected ',' or '}}' in object, found {}", self.found()))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_carry_where_they_end() {
        let n = parse("{\n  \"a\": [1, \"xy\"],\n  \"b\": {\"c\": null}\n}").unwrap();
        let a = n.get("a").unwrap();
        // `[1, "xy"]` spans 2:8 up to (not including) 2:17.
        assert_eq!(
            (a.pos, a.end),
            (Pos { line: 2, column: 8 }, Pos { line: 2, column: 17 })
        );
        let xy = &a.as_array().unwrap()[1];
        assert_eq!(
            (xy.pos, xy.end),
            (Pos { line: 2, column: 12 }, Pos { line: 2, column: 16 })
        );
        let c = n.get("b").unwrap().get("c").unwrap();
        assert_eq!(c.end, Pos { line: 3, column: 18 });
        assert_eq!(n.end, Pos { line: 4, column: 2 });
    }

    #[test]
    fn positions_of_keys_and_values() {
        let n = parse("{\n  \"a\": [1, \"x\"],\n  \"b\": {\"c\": null}\n}").unwrap();
        assert_eq!(n.key_pos("b"), Pos { line: 3, column: 3 });
        let a = n.get("a").unwrap();
        assert_eq!(a.pos, Pos { line: 2, column: 8 });
        assert_eq!(a.as_array().unwrap()[1].pos, Pos { line: 2, column: 12 });
    }

    #[test]
    fn errors_carry_positions() {
        let e = parse("{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(e.pos, Pos { line: 3, column: 1 });
        assert!(e.message.contains("trailing comma"), "{}", e.message);
        let e = parse("{\"a\":1, \"a\":2}").unwrap_err();
        assert!(e.message.contains("duplicate key"));
        assert!(parse("[1] x").is_err());
        assert!(parse("\"abc").is_err());
        assert!(parse("01").is_err());
    }

    #[test]
    fn nesting_limit() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nesting deeper"));
    }

    #[test]
    fn escapes_and_unicode() {
        let n = parse(r#""a\u00e9\ud83d\ude00\n""#).unwrap();
        assert_eq!(n.as_str(), Some("aé😀\n"));
        let n = parse("{\"é\": 1, \"k\": 2}").unwrap();
        assert_eq!(n.key_pos("k"), Pos { line: 1, column: 10 });
    }
}
