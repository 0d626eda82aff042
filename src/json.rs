//! A small JSON reader and writer for the contract's documents and the spec files.
//!
//! Hand-written rather than serde_json for two reasons: a number keeps its text, so a decimal
//! never passes through f64 (`12345678901234567890.123` stays exact), and the wasm stays small
//! (serde's generic code and float formatting cost more than this whole module). Objects keep
//! their key order. Nesting and size are bounded, so hostile input cannot exhaust the stack.

use std::fmt;

/// A JSON value. Numbers are kept as their source text; objects keep key order.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// A syntax error with its 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    /// What was wrong, in English (`JsonError::message` says it in either language).
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    /// The error in `locale`: the English is `Display`'s. Only the command line asks for the
    /// Chinese, so the form package does not carry it.
    pub fn message(&self, locale: crate::Locale) -> String {
        if locale.is_en() {
            return self.to_string();
        }
        let what = match self.message {
            "unexpected text after the JSON value" => "JSON 值之后还有多余的内容",
            "expected a JSON value" => "此处应为一个 JSON 值",
            "nested too deeply" => "嵌套层数过多",
            "unexpected end of input" => "内容意外结束",
            "expected a string key" => "此处应为带引号的键名",
            "expected `:`" => "此处应为冒号（:）",
            "expected `,` or `}`" => "此处应为逗号（,）或右花括号（}）",
            "expected `,` or `]`" => "此处应为逗号（,）或右方括号（]）",
            "expected digits" => "此处应为数字",
            "expected digits after `.`" => "小数点后应为数字",
            "expected exponent digits" => "指数部分应为数字",
            "number too long" => "数字过长",
            "bad escape in string" => "字符串中的转义写法有误",
            "bad \\u escape" => "字符串中的 \\u 转义写法有误",
            "control character in string" => "字符串中有控制字符",
            "unterminated string" => "字符串没有结束引号",
            other => other,
        };
        format!("第{}行第{}列：{what}", self.line, self.column)
    }
}

impl Value {
    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(o) => o.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Inserts or replaces `key` in an object (no effect on other values).
    pub fn set(&mut self, key: &str, value: Value) {
        if let Value::Object(o) = self {
            match o.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => o.push((key.to_string(), value)),
            }
        }
    }

    /// A short name of the value's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        write(self, &mut s);
        f.write_str(&s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

/// Parses a JSON document (a leading byte-order mark is ignored).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut p = Parser { src: text.as_bytes(), at: 0, text };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.at < p.src.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    src: &'a [u8],
    at: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> JsonError {
        let before = self.text.get(..self.at.min(self.text.len())).unwrap_or("");
        // The line, and where it starts, line by line with the searcher the readers use anyway
        // (`rsplit` would link the reverse searcher, `rposition` and `matches` copies of their
        // own, and a loop over the bytes is unrolled into 2.5 KB in the speed build).
        let (mut line, mut rest) = (1usize, before);
        while let Some((_, after)) = rest.split_once('\n') {
            line = line.saturating_add(1);
            rest = after;
        }
        let start = before.len().saturating_sub(rest.len());
        let column = crate::value::char_count(before.get(start..).unwrap_or("")).saturating_add(1);
        JsonError { line, column, message }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.at).copied()
    }

    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn expect_word(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        let end = self.at.saturating_add(word.len());
        if self.src.get(self.at..end) == Some(word.as_bytes()) {
            self.at = end;
            Ok(v)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.expect_word("true", Value::Bool(true)),
            Some(b'f') => self.expect_word("false", Value::Bool(false)),
            Some(b'n') => self.expect_word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.bump();
        let mut out = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(out));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.bump();
            self.ws();
            let v = self.value(depth.saturating_add(1))?;
            // A repeated key: the last one wins, as in JavaScript.
            match out.iter_mut().find(|(k, _): &&mut (String, Value)| *k == key) {
                Some((_, slot)) => *slot = v,
                None => out.push((key, v)),
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(out));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.bump();
        let mut out = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Value::Array(out));
        }
        loop {
            self.ws();
            out.push(self.value(depth.saturating_add(1))?);
            self.ws();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(out));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        let digits = |p: &mut Self| {
            let s = p.at;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.bump();
            }
            p.at > s
        };
        if !digits(self) {
            return Err(self.error("expected digits"));
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !digits(self) {
                return Err(self.error("expected digits after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if !digits(self) {
                return Err(self.error("expected exponent digits"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or("");
        if text.len() > 200 {
            return Err(self.error("number too long"));
        }
        Ok(Value::Number(text.to_string()))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let end = self.at.saturating_add(4);
        let h = self.src.get(self.at..end).ok_or_else(|| self.error("bad \\u escape"))?;
        // Four hex digits exactly, by a loop: `u32::from_str_radix` is 0.5 KB of wasm, and it
        // also takes a sign (`\u+041`).
        let mut v = 0u32;
        for &b in h {
            v = (v << 4) | char::from(b).to_digit(16).ok_or_else(|| self.error("bad \\u escape"))?;
        }
        self.at = end;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.bump();
        let mut out = String::new();
        loop {
            // Copy the run of plain characters at once.
            let start = self.at;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.bump();
            }
            out.push_str(self.text.get(start..self.at).unwrap_or(""));
            match self.peek() {
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    let c = self.peek().ok_or_else(|| self.error("unterminated string"))?;
                    self.bump();
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair; a lone half becomes U+FFFD.
                                if self.src.get(self.at..self.at.saturating_add(2)) == Some(b"\\u") {
                                    self.at = self.at.saturating_add(2);
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        0x10000u32
                                            .saturating_add((hi.saturating_sub(0xD800)) << 10)
                                            .saturating_add(lo.saturating_sub(0xDC00))
                                    } else {
                                        0xFFFD
                                    }
                                } else {
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.error("bad escape in string")),
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }
}

/// `s` needs no escaping in a JSON string (nor a check for U+2028 and U+2029).
pub fn is_plain(s: &str) -> bool {
    s.as_bytes().iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\' && b != 0xE2)
}

/// Appends `s` as a JSON string.
pub fn escape(s: &str, out: &mut String) {
    // Most text needs no escaping: copy it whole.
    if is_plain(s) {
        out.reserve(s.len().saturating_add(2));
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c);
                out.push_str("\\u");
                for shift in [12u32, 8, 4, 0] {
                    let d = usize::try_from((n >> shift) & 0xF).unwrap_or(0);
                    out.push(char::from(HEX.get(d).copied().unwrap_or(b'0')));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a value as compact JSON.
pub fn write(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => escape(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, out);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, x)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                escape(k, out);
                out.push(':');
                write(x, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn escapes_line_separators_but_not_other_e2_characters() {
        let cases = [
            ("填报为“abc”—", "\"填报为“abc”—\""),
            ("a\u{2028}b\u{2029}“", "\"a\\u2028b\\u2029“\""),
            ("“\"\\\n\u{1}", "\"“\\\"\\\\\\n\\u0001\""),
            ("\u{E2}\u{2027}\u{202A}", "\"\u{E2}\u{2027}\u{202A}\""),
        ];
        for (text, want) in cases {
            let mut out = String::new();
            escape(text, &mut out);
            assert_eq!(out, want, "{text:?}");
            assert_eq!(parse(&out).unwrap(), Value::String(text.into()));
        }
    }

    #[test]
    fn round_trip_keeps_numbers_and_order() {
        let text = r#"{"b":12345678901234567890.123,"a":[1,-2.5e3,true,null,"x\"y\u00e9\ud83d\ude00"]}"#;
        let v = parse(text).unwrap();
        assert_eq!(v.get("b"), Some(&Value::Number("12345678901234567890.123".into())));
        let mut out = String::new();
        write(&v, &mut out);
        assert_eq!(out, r#"{"b":12345678901234567890.123,"a":[1,-2.5e3,true,null,"x\"yé😀"]}"#);
    }

    #[test]
    fn errors_and_limits() {
        assert_eq!(parse("{\n  \"a\": tru }").unwrap_err().to_string(), "expected a JSON value at line 2 column 8");
        assert!(parse(&"[".repeat(100)).unwrap_err().message.contains("nested too deeply"));
        for bad in
            ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"\u{1}\"", "nul", "1 2", r#""\u+041""#, r#""\u12"#, r#""\u12g4""#]
        {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse("\u{FEFF}[]").unwrap(), Value::Array(vec![]));
    }

    /// Every syntax error the reader gives has its Chinese (the command line's default).
    #[test]
    fn every_error_is_said_in_chinese() {
        use crate::Locale;
        assert_eq!(parse("{\n  \"a\": tru }").unwrap_err().message(Locale::ZhCn), "第2行第8列：此处应为一个 JSON 值");
        let deep = "[".repeat(100);
        let long = "1".repeat(201);
        let mut seen = Vec::new();
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{1:2}",
            "{\"a\":1 \"b\"}",
            "[1 2]",
            "-",
            "1.",
            "1e",
            "1.5e+",
            "01x",
            "\"\u{1}\"",
            "nul",
            "1 2",
            r#""\u+041""#,
            r#""\u12"#,
            r#""\u12g4""#,
            r#""\q""#,
            "\"abc",
            &deep,
            &long,
        ] {
            let e = parse(bad).unwrap_err();
            let zh = e.message(Locale::ZhCn);
            assert!(zh.starts_with(&format!("第{}行第{}列：", e.line, e.column)), "{bad:?}: {zh}");
            assert!(!zh.contains(e.message), "{bad:?}: `{}` has no Chinese", e.message);
            assert_eq!(e.message(Locale::En), e.to_string());
            seen.push(e.message);
        }
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 16, "every message of the reader is met: {seen:?}");
    }
}
