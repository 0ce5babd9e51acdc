//! The grammar of one shortcode call: `{{ name(key="value", n=3, flag=true) }}` inline,
//! `{% name(…) %}` opening a body, `{% end %}` closing it. A `{` that does not start like a
//! call is text; one that does but is malformed is a [`ShortcodeFault`].

use std::ops::Range;

use crate::diagnostics::{Problem, ShortcodeFault};

/// An argument's value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// One invocation found by the scan: where it is and what it names.
pub(super) struct Call {
    pub(super) range: Range<usize>,
    pub(super) name: String,
    pub(super) args: Vec<(String, ArgValue)>,
    pub(super) kind: CallKind,
}

#[derive(PartialEq)]
pub(super) enum CallKind {
    Inline,
    Open,
    End,
}

/// Parses the shortcode starting at `at` (a `{`). `Ok(None)`: not a shortcode at all (a
/// `{` that is just text); an error: it starts like one (`{{ name(`) but is malformed.
pub(super) fn parse_call(src: &str, at: usize) -> Result<Option<Call>, Problem> {
    let rest = &src[at..];
    let (closer, body) = if rest.starts_with("{{") {
        ("}}", false)
    } else if rest.starts_with("{%") {
        ("%}", true)
    } else {
        return Ok(None);
    };
    let mut cur = Cursor { s: rest, i: 2 };
    cur.skip_ws();
    let name = cur.ident();
    if name.is_empty() {
        return Ok(None);
    }
    cur.skip_ws();
    if body && name == "end" && cur.eat(closer) {
        return Ok(Some(Call {
            range: at..at + cur.i,
            name,
            args: Vec::new(),
            kind: CallKind::End,
        }));
    }
    if !cur.eat("(") {
        return Ok(None);
    }
    let args = parse_args(&mut cur, &name)?;
    cur.skip_ws();
    if !cur.eat(closer) {
        return Err(ShortcodeFault::ExpectedCloser {
            name: name.into(),
            closer,
        }
        .into());
    }
    let kind = if body {
        CallKind::Open
    } else {
        CallKind::Inline
    };
    Ok(Some(Call {
        range: at..at + cur.i,
        name,
        args,
        kind,
    }))
}

/// `key="value", n=3, flag=true)` up to and including the closing parenthesis.
fn parse_args(cur: &mut Cursor<'_>, name: &str) -> Result<Vec<(String, ArgValue)>, Problem> {
    let mut args: Vec<(String, ArgValue)> = Vec::new();
    let fault = |fault: ShortcodeFault| Err(fault.into());
    loop {
        cur.skip_ws();
        if cur.eat(")") {
            return Ok(args);
        }
        let key = cur.ident();
        if key.is_empty() {
            return fault(ShortcodeFault::ExpectedArgument { name: name.into() });
        }
        let at_key = |name: &str, key: &str| (Box::<str>::from(name), Box::<str>::from(key));
        cur.skip_ws();
        if !cur.eat("=") {
            let (name, key) = at_key(name, &key);
            return fault(ShortcodeFault::ExpectedEquals { name, key });
        }
        cur.skip_ws();
        let Some(value) = cur.value() else {
            let (name, key) = at_key(name, &key);
            return fault(ShortcodeFault::BadValue { name, key });
        };
        if args.iter().any(|(k, _)| *k == key) {
            let (name, key) = at_key(name, &key);
            return fault(ShortcodeFault::RepeatedArgument { name, key });
        }
        args.push((key, value));
        cur.skip_ws();
        if !cur.eat(",") && !cur.s[cur.i..].starts_with(')') {
            return fault(ShortcodeFault::ExpectedSeparator { name: name.into() });
        }
    }
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn skip_ws(&mut self) {
        let rest = &self.s[self.i..];
        self.i += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }

    fn eat(&mut self, token: &str) -> bool {
        let ok = self.s[self.i..].starts_with(token);
        if ok {
            self.i += token.len();
        }
        ok
    }

    fn ident(&mut self) -> String {
        let rest = &self.s[self.i..];
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        self.i += len;
        rest[..len].to_string()
    }

    fn value(&mut self) -> Option<ArgValue> {
        let rest = &self.s[self.i..];
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let mut text = String::new();
            let mut escaped = false;
            for (i, c) in rest.char_indices().skip(1) {
                match c {
                    _ if escaped => {
                        text.push(c);
                        escaped = false;
                    }
                    '\\' => escaped = true,
                    '\n' => return None,
                    _ if c == quote => {
                        self.i += i + c.len_utf8();
                        return Some(ArgValue::Str(text));
                    }
                    _ => text.push(c),
                }
            }
            return None;
        }
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
            .count();
        let word = &rest[..len];
        let value = match word {
            "true" => ArgValue::Bool(true),
            "false" => ArgValue::Bool(false),
            _ => match word.parse::<i64>() {
                Ok(n) => ArgValue::Int(n),
                Err(_) => ArgValue::Float(word.parse::<f64>().ok().filter(|f| f.is_finite())?),
            },
        };
        self.i += len;
        Some(value)
    }
}
