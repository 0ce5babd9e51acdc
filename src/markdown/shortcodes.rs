//! Shortcodes in term bodies (CONTRACT §8): `{{ name(key="value", n=3) }}` inline and
//! `{% name(key="value") %}Markdown body{% end %}` with a body.
//!
//! One linear scan over the source, skipping code spans and code blocks. Each invocation is
//! replaced by a placeholder before the Markdown pass, so a body stays in the body's own
//! Markdown pass (references, auto-links, heading ids and line numbers work inside it); the
//! placeholders are swapped for the templates' HTML afterwards. Inline shortcodes may appear
//! inside a body; a body shortcode inside another body is an error (one level only).
//! Templates are rendered by the caller through [`Expander`]: this module knows no Tera.
//! The grammar of one call (`name(key=value, …)`) is [`syntax`]'s.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

mod syntax;

pub use syntax::ArgValue;
use syntax::{parse_call, Call, CallKind};

use crate::diagnostics::{Problem, ShortcodeFault};

/// Renders one shortcode. For a body shortcode, `body` is a marker the template output must
/// contain exactly once where the body goes.
pub trait Expander: Sync {
    fn expand(
        &self,
        name: &str,
        args: &[(String, ArgValue)],
        body: Option<&str>,
    ) -> Result<String, Problem>;
}

/// Stands for a body in a template's output while the body is rendered elsewhere.
pub const BODY_MARKER: &str = "\u{E002}";
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The source with placeholders, the HTML each placeholder stands for, and a map back to
/// the original offsets for error lines.
#[derive(Debug, Default)]
pub struct Expanded {
    pub source: String,
    pub fragments: Vec<String>,
    /// (offset in `source`, offset in the original, inside a placeholder), sorted.
    segments: Vec<(usize, usize, bool)>,
}

impl Expanded {
    /// The original offset of an offset in the expanded source.
    pub fn original(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= offset);
        match i.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(_, orig, true)) => orig,
            Some(&(new, orig, false)) => orig + (offset - new),
            None => offset,
        }
    }
}

/// Whether a body may hold shortcodes at all (a cheap test before any work).
pub fn may_contain(src: &str) -> bool {
    src.contains("{{") || src.contains("{%")
}

/// Finds and renders the shortcodes of `src`. Errors carry their offset in `src`.
pub fn expand(src: &str, expander: &dyn Expander) -> Result<Expanded, Vec<(usize, Problem)>> {
    let calls = scan(src)?;
    let mut out = Expanded {
        source: String::with_capacity(src.len()),
        ..Expanded::default()
    };
    let mut errors = Vec::new();
    // The open body's template output after the body, to place at its `{% end %}`.
    let mut open: Option<String> = None;
    let mut last = 0;
    for call in calls {
        out.segments.push((out.source.len(), last, false));
        out.source.push_str(&src[last..call.range.start]);
        let html = match call.kind {
            CallKind::Inline => expander.expand(&call.name, &call.args, None),
            CallKind::Open => expander
                .expand(&call.name, &call.args, Some(BODY_MARKER))
                .and_then(|html| split_at_body(&call.name, html))
                .map(|(head, tail)| {
                    open = Some(tail);
                    head
                }),
            CallKind::End => Ok(open.take().unwrap_or_default()),
        };
        let html = html.unwrap_or_else(|p| {
            errors.push((call.range.start, p));
            String::new()
        });
        out.segments
            .push((out.source.len(), call.range.start, true));
        // A body's ends are blocks of their own; an inline shortcode stays where it is.
        let block = call.kind != CallKind::Inline;
        if block {
            out.source.push_str("\n\n");
        }
        out.source
            .push_str(&format!("{OPEN}{}{CLOSE}", out.fragments.len()));
        if block {
            out.source.push_str("\n\n");
        }
        out.fragments.push(html);
        last = call.range.end;
    }
    out.segments.push((out.source.len(), last, false));
    out.source.push_str(&src[last..]);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn split_at_body(name: &str, html: String) -> Result<(String, String), Problem> {
    let mut parts = html.split(BODY_MARKER);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(head), Some(tail), None) => Ok((head.to_string(), tail.to_string())),
        _ => Err(Problem::ShortcodeBodyNotOnce(name.to_string())),
    }
}

/// Puts the shortcodes' HTML in place of their placeholders; a placeholder that is a whole
/// paragraph loses the paragraph (a figure or callout is a block of its own).
pub fn fill(html: &str, fragments: &[String]) -> String {
    let mut out =
        String::with_capacity(html.len() + fragments.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let fragment = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|i| fragments.get(i))
            .filter(|_| after[digits..].starts_with(CLOSE));
        let Some(fragment) = fragment else {
            out.push_str(&rest[..start + OPEN.len_utf8()]);
            rest = after;
            continue;
        };
        let mut head = &rest[..start];
        let mut tail = &after[digits + CLOSE.len_utf8()..];
        if head.ends_with("<p>") && tail.starts_with("</p>") {
            head = &head[..head.len() - 3];
            tail = &tail[4..];
        }
        out.push_str(head);
        out.push_str(fragment);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Plain text (the summary, link contexts) with each placeholder replaced by the text of
/// its shortcode's HTML.
pub fn plain(text: &str, fragments: &[String]) -> String {
    let texts: Vec<String> = fragments.iter().map(|f| text_of_html(f)).collect();
    crate::text::collapse_whitespace(&fill(text, &texts))
}

/// The text of an HTML fragment: tags dropped, the five escapes decoded.
fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Whether `text` holds placeholders and nothing else but white space.
pub fn is_only_placeholders(text: &str) -> bool {
    text.contains(OPEN)
        && text
            .chars()
            .all(|c| c == OPEN || c == CLOSE || c.is_ascii_digit() || c.is_whitespace())
}

/// Byte ranges of code spans and code blocks, sorted.
fn code_ranges(src: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new(src).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start.start..range.end.max(start.end));
                }
            }
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// Finds every shortcode outside code, checking that bodies open and close in pairs.
fn scan(src: &str) -> Result<Vec<Call>, Vec<(usize, Problem)>> {
    let code = code_ranges(src);
    let mut code_i = 0;
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut open_at: Option<usize> = None;
    let mut pos = 0;
    while let Some(found) = src[pos..].find('{') {
        let at = pos + found;
        while code.get(code_i).is_some_and(|r| r.end <= at) {
            code_i += 1;
        }
        if let Some(r) = code.get(code_i).filter(|r| r.start <= at) {
            pos = r.end;
            continue;
        }
        match parse_call(src, at) {
            Ok(None) => pos = at + 1,
            Ok(Some(call)) => {
                pos = call.range.end;
                match (&call.kind, open_at) {
                    (CallKind::Open, Some(_)) => errors.push((
                        at,
                        ShortcodeFault::NestedBody {
                            name: call.name.as_str().into(),
                        }
                        .into(),
                    )),
                    (CallKind::Open, None) => open_at = Some(at),
                    (CallKind::End, None) => errors.push((at, ShortcodeFault::StrayEnd.into())),
                    (CallKind::End, Some(_)) => open_at = None,
                    (CallKind::Inline, _) => {}
                }
                calls.push(call);
            }
            Err(problem) => {
                errors.push((at, problem));
                pos = at + 1;
            }
        }
    }
    if let Some(at) = open_at {
        errors.push((at, ShortcodeFault::UnclosedBody.into()));
    }
    if errors.is_empty() {
        Ok(calls)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Expander for Echo {
        fn expand(
            &self,
            name: &str,
            args: &[(String, ArgValue)],
            body: Option<&str>,
        ) -> Result<String, Problem> {
            Ok(format!(
                "<{name} {}>{}</{name}>",
                args.len(),
                body.unwrap_or("")
            ))
        }
    }

    #[test]
    fn finds_inline_and_body_shortcodes_outside_code() {
        let src =
            "a {{ x(k=\"v\", n=3) }} `{{ y() }}`\n\n```\n{{ z() }}\n```\n{% b() %}\nin\n{% end %}";
        let e = expand(src, &Echo).expect("expands");
        assert_eq!(e.fragments.len(), 3);
        assert!(e.source.contains("`{{ y() }}`"));
        assert!(e.source.contains("{{ z() }}"));
        assert_eq!(e.fragments[0], "<x 2></x>");
        assert_eq!(e.fragments[1], "<b 0>");
        assert_eq!(e.fragments[2], "</b>");
    }

    #[test]
    fn plain_braces_are_text_and_bad_calls_are_errors() {
        assert!(expand("a { b } {{ not a call }} {%%}", &Echo).is_ok());
        let errs = expand("{{ x(k=) }}", &Echo).expect_err("malformed");
        assert_eq!(errs[0].0, 0);
        assert!(expand("{% a() %}{% b() %}x{% end %}{% end %}", &Echo).is_err());
        assert!(expand("{% a() %} never closed", &Echo).is_err());
        assert!(expand("{% end %}", &Echo).is_err());
    }

    #[test]
    fn fill_unwraps_paragraphs_and_maps_offsets_back() {
        let e = expand("x\n{{ a() }}\ny {{ b() }}", &Echo).expect("expands");
        let html = format!("<p>{OPEN}0{CLOSE}</p><p>y {OPEN}1{CLOSE}</p>");
        assert_eq!(fill(&html, &e.fragments), "<a 0></a><p>y <b 0></b></p>");
        let tail = e.source.rfind('y').expect("y");
        assert_eq!(e.original(tail), "x\n{{ a() }}\n".len());
        let fragments = ["<kbd>Ctrl&amp;C</kbd>".to_string()];
        assert_eq!(
            plain(&format!("a {OPEN}0{CLOSE}b"), &fragments),
            "a Ctrl&C b"
        );
    }
}
