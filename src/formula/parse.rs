//! Tokenizer and recursive-descent parser for the formula language. A formula is parsed once,
//! when its spec loads; errors carry the character position so a spec author can find them.
//!
//! ```text
//! expr    := 'if' expr 'then' expr 'else' expr | or
//! or      := and ('or' and)*
//! and     := not ('and' not)*
//! not     := 'not' not | cmp
//! cmp     := add (('=='|'!='|'<'|'<='|'>'|'>='|'≥'|'≤'|'≠') add)?
//! add     := mul (('+'|'-') mul)*
//! mul     := unary (('*'|'/'|'×'|'÷') unary)*
//! unary   := '-' unary | primary
//! primary := number | "string" | true | false | name | name '.' name
//!          | name '(' [expr (',' expr)*] ')' | '(' expr ')'
//! ```

use std::fmt;

use rust_decimal::Decimal;

pub use super::BinOp;
use super::MAX_TREE_DEPTH;

/// Deepest nesting accepted: a bound on recursion for hostile specs.
pub const MAX_DEPTH: usize = 64;
/// Longest formula accepted, in characters.
pub const MAX_FORMULA_LEN: usize = 4000;

/// A parsed, not yet resolved, formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Num(Decimal, String),
    Str(String),
    Bool(bool),
    Name(String),
    Column(String, String),
    /// `reference.table.column`: a column of another form's table (for lookup).
    Path(String, String, String),
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    Call(String, Vec<Node>),
}

/// An AST node with its character position (0-based) in the formula.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub ast: Ast,
    pub pos: usize,
}

/// A syntax error: what was expected and where (character offset, 0-based).
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub pos: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.pos.saturating_add(1), self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    Str(String),
    Name(String),
    Op(&'static str),
    End,
}

struct Lexer {
    toks: Vec<(Tok, usize)>,
}

fn lex(src: &str) -> Result<Lexer, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0usize;
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        let start = i;
        if c.is_whitespace() {
            i = i.saturating_add(1);
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && at(i.saturating_add(1)).is_some_and(|d| d.is_ascii_digit())) {
            let mut s = String::new();
            while let Some(d) = at(i).filter(|d| d.is_ascii_digit() || *d == '.') {
                s.push(d);
                i = i.saturating_add(1);
            }
            toks.push((Tok::Num(s), start));
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut s = String::new();
            while let Some(d) = at(i).filter(|d| d.is_ascii_alphanumeric() || *d == '_') {
                s.push(d);
                i = i.saturating_add(1);
            }
            toks.push((Tok::Name(s), start));
            continue;
        }
        if c == '"' || c == '“' {
            let close = if c == '"' { '"' } else { '”' };
            let mut s = String::new();
            i = i.saturating_add(1);
            loop {
                match at(i) {
                    None => return Err(ParseError { pos: start, message: "unterminated string".into() }),
                    Some(d) if d == close => break,
                    Some(d) => s.push(d),
                }
                i = i.saturating_add(1);
            }
            i = i.saturating_add(1);
            toks.push((Tok::Str(s), start));
            continue;
        }
        let two: String = chars.iter().skip(i).take(2).collect();
        let op: Option<(&'static str, usize)> = match two.as_str() {
            "==" => Some(("==", 2)),
            "!=" => Some(("!=", 2)),
            "<=" => Some(("<=", 2)),
            ">=" => Some((">=", 2)),
            "&&" => Some(("and", 2)),
            "||" => Some(("or", 2)),
            _ => match c {
                '+' => Some(("+", 1)),
                '-' | '−' => Some(("-", 1)),
                '*' | '×' => Some(("*", 1)),
                '/' | '÷' => Some(("/", 1)),
                '(' => Some(("(", 1)),
                ')' => Some((")", 1)),
                ',' => Some((",", 1)),
                '.' => Some((".", 1)),
                '=' => Some(("==", 1)),
                '<' => Some(("<", 1)),
                '>' => Some((">", 1)),
                '≤' => Some(("<=", 1)),
                '≥' => Some((">=", 1)),
                '≠' => Some(("!=", 1)),
                '!' => Some(("not", 1)),
                _ => None,
            },
        };
        match op {
            Some((o, n)) => {
                toks.push((Tok::Op(o), start));
                i = i.saturating_add(n);
            }
            None => return Err(ParseError { pos: start, message: format!("unexpected character `{c}`") }),
        }
    }
    toks.push((Tok::End, chars.len()));
    Ok(Lexer { toks })
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    at: usize,
    depth: usize,
}

/// Parses a formula.
pub fn parse(src: &str) -> Result<Node, ParseError> {
    let n = src.chars().count();
    if n > MAX_FORMULA_LEN {
        return Err(ParseError {
            pos: 0,
            message: format!("formula too long ({n} characters; at most {MAX_FORMULA_LEN})"),
        });
    }
    let lexer = lex(src)?;
    let mut p = Parser { toks: lexer.toks, at: 0, depth: 0 };
    let node = p.expr()?;
    match p.peek() {
        Tok::End => {}
        t => return Err(p.error(format!("unexpected {} after the end of the formula", describe(&t)))),
    }
    if tree_depth(&node) > MAX_TREE_DEPTH {
        return Err(ParseError {
            pos: 0,
            message: format!(
                "formula too deep (more than {MAX_TREE_DEPTH} operations inside one another); split it into computed fields"
            ),
        });
    }
    Ok(node)
}

/// The number of levels of `node`'s tree, counted without recursion (the tree is not yet known
/// to be shallow).
fn tree_depth(node: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(node, 1usize)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        let d = d.saturating_add(1);
        match &n.ast {
            Ast::Neg(a) | Ast::Not(a) => stack.push((a, d)),
            Ast::Bin(_, a, b) => stack.extend([(&**a, d), (&**b, d)]),
            Ast::If(c, t, e) => stack.extend([(&**c, d), (&**t, d), (&**e, d)]),
            Ast::Call(_, args) => stack.extend(args.iter().map(|a| (a, d))),
            _ => {}
        }
    }
    deepest
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(s) => format!("number `{s}`"),
        Tok::Str(s) => format!("string \"{s}\""),
        Tok::Name(s) => format!("name `{s}`"),
        Tok::Op(o) => format!("`{o}`"),
        Tok::End => "end of formula".into(),
    }
}

impl Parser {
    fn peek(&self) -> Tok {
        self.toks.get(self.at).map_or(Tok::End, |(t, _)| t.clone())
    }

    fn pos(&self) -> usize {
        self.toks.get(self.at).map_or(0, |(_, p)| *p)
    }

    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    fn error(&self, message: String) -> ParseError {
        ParseError { pos: self.pos(), message }
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Name(ref n) if n == w) || matches!(self.peek(), Tok::Op(o) if o == w)
    }

    fn consume(&mut self, what: &str) -> Result<(), ParseError> {
        if self.is_word(what) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(format!("expected `{what}`, found {}", describe(&self.peek()))))
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("formula nested too deeply (more than {MAX_DEPTH} levels)")));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let pos = self.pos();
        let node = if self.is_word("if") {
            self.bump();
            let c = self.expr()?;
            self.consume("then")?;
            let t = self.expr()?;
            self.consume("else")?;
            let e = self.expr()?;
            Node { ast: Ast::If(Box::new(c), Box::new(t), Box::new(e)), pos }
        } else {
            self.or()?
        };
        self.depth = self.depth.saturating_sub(1);
        Ok(node)
    }

    fn or(&mut self) -> Result<Node, ParseError> {
        let mut left = self.and()?;
        while self.is_word("or") {
            let pos = self.pos();
            self.bump();
            let right = self.and()?;
            left = Node { ast: Ast::Bin(BinOp::Or, Box::new(left), Box::new(right)), pos };
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Node, ParseError> {
        let mut left = self.not()?;
        while self.is_word("and") {
            let pos = self.pos();
            self.bump();
            let right = self.not()?;
            left = Node { ast: Ast::Bin(BinOp::And, Box::new(left), Box::new(right)), pos };
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Node, ParseError> {
        if self.is_word("not") {
            let pos = self.pos();
            self.bump();
            self.enter()?;
            let inner = self.not()?;
            self.depth = self.depth.saturating_sub(1);
            return Ok(Node { ast: Ast::Not(Box::new(inner)), pos });
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Node, ParseError> {
        let left = self.add()?;
        let op = match self.peek() {
            Tok::Op("==") => BinOp::Eq,
            Tok::Op("!=") => BinOp::Ne,
            Tok::Op("<") => BinOp::Lt,
            Tok::Op("<=") => BinOp::Le,
            Tok::Op(">") => BinOp::Gt,
            Tok::Op(">=") => BinOp::Ge,
            _ => return Ok(left),
        };
        let pos = self.pos();
        self.bump();
        let right = self.add()?;
        if matches!(self.peek(), Tok::Op("==" | "!=" | "<" | "<=" | ">" | ">=")) {
            return Err(self.error("comparisons cannot be chained; use `and`".into()));
        }
        Ok(Node { ast: Ast::Bin(op, Box::new(left), Box::new(right)), pos })
    }

    fn add(&mut self) -> Result<Node, ParseError> {
        let mut left = self.mul()?;
        loop {
            let op = match self.peek() {
                Tok::Op("+") => BinOp::Add,
                Tok::Op("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            let pos = self.pos();
            self.bump();
            let right = self.mul()?;
            left = Node { ast: Ast::Bin(op, Box::new(left), Box::new(right)), pos };
        }
    }

    fn mul(&mut self) -> Result<Node, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Op("*") => BinOp::Mul,
                Tok::Op("/") => BinOp::Div,
                _ => return Ok(left),
            };
            let pos = self.pos();
            self.bump();
            let right = self.unary()?;
            left = Node { ast: Ast::Bin(op, Box::new(left), Box::new(right)), pos };
        }
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        if matches!(self.peek(), Tok::Op("-")) {
            let pos = self.pos();
            self.bump();
            self.enter()?;
            let inner = self.unary()?;
            self.depth = self.depth.saturating_sub(1);
            return Ok(Node { ast: Ast::Neg(Box::new(inner)), pos });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node, ParseError> {
        let pos = self.pos();
        match self.peek() {
            Tok::Num(text) => {
                self.bump();
                let value = Decimal::from_str_exact(&text)
                    .map_err(|_| ParseError { pos, message: format!("`{text}` is not a number") })?;
                Ok(Node { ast: Ast::Num(value, text), pos })
            }
            Tok::Str(s) => {
                self.bump();
                Ok(Node { ast: Ast::Str(s), pos })
            }
            Tok::Op("(") => {
                self.bump();
                let inner = self.expr()?;
                self.consume(")")?;
                Ok(inner)
            }
            Tok::Name(name) => {
                self.bump();
                match name.as_str() {
                    "true" => return Ok(Node { ast: Ast::Bool(true), pos }),
                    "false" => return Ok(Node { ast: Ast::Bool(false), pos }),
                    "if" | "then" | "else" | "and" | "or" | "not" => {
                        return Err(ParseError { pos, message: format!("`{name}` is a keyword, not a value") })
                    }
                    _ => {}
                }
                if matches!(self.peek(), Tok::Op("(")) {
                    self.bump();
                    let mut args = Vec::new();
                    if !matches!(self.peek(), Tok::Op(")")) {
                        loop {
                            args.push(self.expr()?);
                            if matches!(self.peek(), Tok::Op(",")) {
                                self.bump();
                                continue;
                            }
                            break;
                        }
                    }
                    self.consume(")")?;
                    return Ok(Node { ast: Ast::Call(name, args), pos });
                }
                if matches!(self.peek(), Tok::Op(".")) {
                    self.bump();
                    return match self.peek() {
                        Tok::Name(col) => {
                            self.bump();
                            if matches!(self.peek(), Tok::Op(".")) {
                                self.bump();
                                return match self.peek() {
                                    Tok::Name(last) => {
                                        self.bump();
                                        Ok(Node { ast: Ast::Path(name, col, last), pos })
                                    }
                                    t => Err(self.error(format!("expected a field name, found {}", describe(&t)))),
                                };
                            }
                            Ok(Node { ast: Ast::Column(name, col), pos })
                        }
                        t => Err(self.error(format!("expected a field name after `{name}.`, found {}", describe(&t)))),
                    };
                }
                Ok(Node { ast: Ast::Name(name), pos })
            }
            t => Err(self.error(format!("expected a value, found {}", describe(&t)))),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn precedence() {
        let n = parse("total_area / households * 100 >= 30").unwrap();
        let Ast::Bin(BinOp::Ge, left, _) = n.ast else { unreachable!() };
        let Ast::Bin(BinOp::Mul, div, _) = left.ast else { unreachable!() };
        assert!(matches!(div.ast, Ast::Bin(BinOp::Div, _, _)));
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("a + * b").unwrap_err();
        assert_eq!(e.pos, 4);
        let e = parse("(a + b").unwrap_err();
        assert_eq!(e.pos, 6);
        assert!(parse("1 < 2 < 3").is_err());
        let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).unwrap_err().message.contains("nested too deeply"));
        let e = parse("a ＄ b").unwrap_err();
        assert!(e.message.contains("unexpected character"));
    }

    #[test]
    fn chinese_operators() {
        // Same length, so positions agree too.
        assert_eq!(parse("a×b÷c≥1").unwrap(), parse("a*b/c≥1").unwrap());
        assert_eq!(parse("a ≥ 1").unwrap().ast, parse("a ≥ 1").unwrap().ast);
        assert!(matches!(parse("a×b÷c≥1").unwrap().ast, Ast::Bin(BinOp::Ge, _, _)));
    }
}
