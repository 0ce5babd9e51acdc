//! How deeply HTML elements nest, measured without recursion.
//!
//! The HTML minifiers we use recurse once per nested element and overflow a thread's stack at
//! a few hundred levels (623 nested `>` in a body was enough). Writers never need more than a
//! few dozen, so bodies deeper than [`MAX_BODY_NESTING`] are refused with the line where the
//! limit is crossed, and a page deeper than [`MAX_MINIFY_NESTING`] (a theme could do that) is
//! written unminified instead of crashing.
//!
//! The scanner is a small state machine over bytes, fed in pieces (a Markdown HTML block comes
//! as several events). It keeps a stack of open element names, treats void elements as leaves,
//! pops to the matching element on a closing tag (stray closing tags are ignored, as browsers
//! do), and applies the common implied end tags (`<p>` after `<p>`, `<li>` after `<li>`…) so
//! ordinary HTML is not over-counted. Comments, `<!…>` and `<script>`/`<style>` content are
//! skipped.

mod elements;

use std::collections::HashMap;

use elements::{breaks_out_of_foreign, implied_end_of, is_foreign, VOID};

/// Deepest element nesting a term body may have (Markdown blocks and inline markup, plus raw
/// HTML). Far above real writing, far below what overflows the minifier.
pub const MAX_BODY_NESTING: usize = 100;

/// Pages nested deeper than this are not minified (a safety net: bodies are already limited).
pub const MAX_MINIFY_NESTING: usize = 256;

/// Longest element name remembered; longer names are cut (they are never real elements).
const MAX_NAME: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just after `<`.
    Open,
    /// In a tag's name; `closing` for `</…`.
    Name {
        closing: bool,
    },
    /// After the name, up to `>`; `quote` is the open attribute quote, if any.
    Attrs {
        closing: bool,
        quote: Option<u8>,
    },
    /// In `<!-- … -->`: how many `-` were just seen.
    Comment {
        dashes: u8,
    },
    /// In `<!doctype …>`, `<![CDATA[…`, `<?…>`: up to `>`.
    Bang,
    /// In `<script>`/`<style>` content: how many bytes of `</script` matched so far.
    Raw {
        matched: usize,
    },
}

/// Running measure of element depth over HTML fed in pieces.
#[derive(Debug)]
pub struct HtmlNesting {
    state: State,
    name: String,
    last_slash: bool,
    raw_end: &'static str,
    /// Open elements, innermost last, as ids into `names`.
    stack: Vec<usize>,
    /// Element names seen, by id, and back; per id, how many are open.
    names: Vec<String>,
    ids: HashMap<String, usize>,
    counts: Vec<usize>,
    /// Open `<svg>` and `<math>` elements, inside which `<x/>` closes itself.
    foreign_open: usize,
    max: usize,
    /// Deepest since the last [`HtmlNesting::take_peak`].
    peak: usize,
}

impl Default for HtmlNesting {
    fn default() -> Self {
        HtmlNesting {
            state: State::Text,
            name: String::new(),
            last_slash: false,
            raw_end: "",
            stack: Vec::new(),
            names: Vec::new(),
            ids: HashMap::new(),
            counts: Vec::new(),
            foreign_open: 0,
            max: 0,
            peak: 0,
        }
    }
}

impl HtmlNesting {
    /// The deepest nesting of a whole document.
    pub fn max_depth(html: &str) -> usize {
        let mut n = HtmlNesting::default();
        n.feed(html);
        n.max
    }

    /// Elements open now.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The deepest nesting since the last call (or the start): a piece of HTML may open and
    /// close many levels at once.
    pub fn take_peak(&mut self) -> usize {
        std::mem::replace(&mut self.peak, self.stack.len())
    }

    /// Reads more HTML.
    pub fn feed(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Text and raw-text content matter only at the next `<`: skip to it in one go
            // (most of a page is text; this keeps the scan several times faster than minifying).
            let rest = &bytes[i..];
            let skip = match self.state {
                State::Text | State::Raw { matched: 0 } => rest.iter().position(|&b| b == b'<'),
                State::Attrs { quote: Some(q), .. } => rest.iter().position(|&b| b == q),
                State::Attrs { quote: None, .. } => {
                    let to = rest.iter().position(|&b| matches!(b, b'>' | b'"' | b'\''));
                    // The bytes skipped decide whether the tag ends in `/`.
                    let span = &rest[..to.unwrap_or(rest.len())];
                    if let Some(&last) = span.iter().rev().find(|b| !b.is_ascii_whitespace()) {
                        self.last_slash = last == b'/';
                    }
                    to
                }
                _ => Some(0),
            };
            match skip {
                Some(n) => i += n,
                None => return,
            }
            self.step(bytes[i]);
            i += 1;
        }
    }

    fn step(&mut self, b: u8) {
        self.state = match self.state {
            State::Text if b == b'<' => State::Open,
            State::Text => State::Text,
            State::Open => match b {
                b'/' => {
                    self.name.clear();
                    State::Name { closing: true }
                }
                b'!' | b'?' => State::Bang,
                b if b.is_ascii_alphabetic() => {
                    self.name.clear();
                    self.name.push(b.to_ascii_lowercase() as char);
                    State::Name { closing: false }
                }
                b'<' => State::Open,
                _ => State::Text,
            },
            State::Name { closing } => match b {
                b'>' => self.tag_end(closing),
                b if b.is_ascii_whitespace() || b == b'/' => {
                    self.last_slash = b == b'/';
                    State::Attrs {
                        closing,
                        quote: None,
                    }
                }
                b => {
                    if closing && self.name.is_empty() && !b.is_ascii_alphabetic() {
                        State::Bang // `</ 3>`: a bogus comment to browsers
                    } else {
                        if self.name.len() < MAX_NAME {
                            self.name.push(b.to_ascii_lowercase() as char);
                        }
                        State::Name { closing }
                    }
                }
            },
            State::Attrs {
                closing,
                quote: Some(q),
            } => State::Attrs {
                closing,
                quote: (b != q).then_some(q),
            },
            State::Attrs {
                closing,
                quote: None,
            } => match b {
                b'>' => self.tag_end(closing),
                b'"' | b'\'' => State::Attrs {
                    closing,
                    quote: Some(b),
                },
                b => {
                    if !b.is_ascii_whitespace() {
                        self.last_slash = b == b'/';
                    }
                    State::Attrs {
                        closing,
                        quote: None,
                    }
                }
            },
            State::Bang if b == b'-' => State::Comment { dashes: 1 },
            State::Bang if b == b'>' => State::Text,
            State::Bang => State::Bang,
            // `<!-` then not `-`: treat as `<!…>`; after `<!--`, look for `-->`.
            State::Comment { dashes } => match (b, dashes) {
                (b'-', d) => State::Comment {
                    dashes: d.saturating_add(1),
                },
                (b'>', d) if d >= 4 => State::Text, // `<!--` + `-->`: counted from the start
                _ if dashes == 1 => State::Bang,
                _ => State::Comment { dashes: 2 },
            },
            State::Raw { matched } => {
                let want = self.raw_end.as_bytes();
                if matched == want.len() {
                    // `</script` seen: close the element at the tag's end.
                    if b == b'>' {
                        let id = self.id_of(self.raw_end.trim_start_matches("</"));
                        self.close(id);
                        State::Text
                    } else {
                        State::Raw { matched }
                    }
                } else if want.get(matched) == Some(&b.to_ascii_lowercase()) {
                    State::Raw {
                        matched: matched + 1,
                    }
                } else {
                    State::Raw {
                        matched: usize::from(b == b'<'),
                    }
                }
            }
        };
    }

    /// At `>`: opens or closes the element named so far.
    fn tag_end(&mut self, closing: bool) -> State {
        let self_closing = std::mem::take(&mut self.last_slash);
        let skip = self.name.is_empty() || (!closing && VOID.contains(&self.name.as_str()));
        let raw_end = match self.name.as_str() {
            "script" => Some("</script"),
            "style" => Some("</style"),
            _ => None,
        };
        let id = if skip { None } else { Some(self.intern()) };
        self.name.clear();
        let Some(id) = id else {
            return State::Text;
        };
        if closing {
            self.close(id);
            return State::Text;
        }
        // `<div/>` opens a div in HTML (the slash means nothing there); only SVG and MathML
        // elements close themselves, and the full minifier parses it that way too. An HTML
        // element such as `<div/>` inside `<svg>` breaks out of it and opens (HTML5 parsing):
        // counted as open here without closing the `<svg>`, which can only overestimate.
        let name = self.names[id].as_str();
        let foreign = is_foreign(name);
        if self_closing && (foreign || (self.foreign_open > 0 && !breaks_out_of_foreign(name))) {
            return State::Text;
        }
        self.implied_end(id);
        self.foreign_open += usize::from(foreign);
        self.counts[id] += 1;
        self.stack.push(id);
        self.max = self.max.max(self.stack.len());
        self.peak = self.peak.max(self.stack.len());
        match raw_end {
            Some(end) => {
                self.raw_end = end;
                State::Raw { matched: 0 }
            }
            None => State::Text,
        }
    }

    /// The id of the current name; allocates only for a name not seen before.
    fn intern(&mut self) -> usize {
        if let Some(&id) = self.ids.get(self.name.as_str()) {
            return id;
        }
        let id = self.names.len();
        self.names.push(self.name.clone());
        self.ids.insert(self.name.clone(), id);
        self.counts.push(0);
        id
    }

    fn id_of(&mut self, name: &str) -> usize {
        let saved = std::mem::replace(&mut self.name, name.to_string());
        let id = self.intern();
        self.name = saved;
        id
    }

    /// Elements whose end tag may be left out, closed by the next sibling's start tag.
    fn implied_end(&mut self, opening: usize) {
        let closes = implied_end_of(&self.names[opening]);
        if closes.is_empty() {
            return;
        }
        while let Some(&top) = self.stack.last() {
            if !closes.contains(&self.names[top].as_str()) {
                break;
            }
            self.pop();
            if top == opening {
                break;
            }
        }
    }

    /// Pops to the innermost open element `id`; an element not open is ignored. Each pop
    /// undoes one push, so this stays linear over a whole document.
    fn close(&mut self, id: usize) {
        if self.counts.get(id).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(top) = self.pop() {
            if top == id {
                break;
            }
        }
    }

    fn pop(&mut self) -> Option<usize> {
        let top = self.stack.pop()?;
        if let Some(n) = self.counts.get_mut(top) {
            *n = n.saturating_sub(1);
        }
        if self.names.get(top).is_some_and(|n| is_foreign(n)) {
            self.foreign_open = self.foreign_open.saturating_sub(1);
        }
        Some(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nested_elements_not_void_or_siblings() {
        assert_eq!(
            HtmlNesting::max_depth("<div><p>a<br>b<img src=x/></p></div>"),
            2
        );
        assert_eq!(HtmlNesting::max_depth(&"<div/>".repeat(300)), 300);
        let svg = format!("<svg>{}</svg>", "<path d=x/>".repeat(300));
        assert_eq!(HtmlNesting::max_depth(&svg), 1);
        // HTML elements break out of SVG: `<div/>` opens there as everywhere in HTML.
        let breakout = format!("<svg>{}", "<div/>".repeat(300));
        assert_eq!(HtmlNesting::max_depth(&breakout), 301);
        assert_eq!(HtmlNesting::max_depth("<p>a<p>b<p>c"), 1);
        assert_eq!(
            HtmlNesting::max_depth("<ul><li>a<li>b</ul><ul><li>c</ul>"),
            2
        );
        assert_eq!(HtmlNesting::max_depth(&"<div>".repeat(700)), 700);
        assert_eq!(HtmlNesting::max_depth(&"<div></b>".repeat(700)), 700);
        assert_eq!(HtmlNesting::max_depth(&"<div></div>".repeat(700)), 1);
    }

    #[test]
    fn skips_comments_doctype_script_and_quoted_brackets() {
        let html = "<!doctype html><!-- <div><div> --><script>if (a<b) { '<div>' }</script><p title=\"<div>\">x</p>";
        assert_eq!(HtmlNesting::max_depth(html), 1);
        let mut n = HtmlNesting::default();
        n.feed("<div\n class=x>");
        n.feed("<section>");
        assert_eq!(n.depth(), 2);
        n.feed("</div>");
        assert_eq!(n.depth(), 0);
        assert_eq!(n.take_peak(), 2);
        assert_eq!(n.take_peak(), 0);
    }
}
