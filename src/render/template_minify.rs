//! Minification of the theme's HTML templates, once, when the theme is loaded.
//!
//! Minifying every rendered page cost about 40% of a build (a 10,000-term site: 2.1 s of
//! 5.3 s) and the one-pass minifier wrote invalid HTML (`&LTb>`, `action=/x/><label`).
//! What a minifier removes from our pages is almost all the templates' own indentation, so
//! we remove that from the template text instead, and pages are written as rendered.
//!
//! Only whitespace in text (outside tags, outside `<pre>`, `<textarea>`, `<script>`,
//! `<style>`, `<noscript>` and the other raw-text elements, outside Tera tags) changes: a run of whitespace that holds line breaks keeps
//! just its line breaks (so Tera's error lines still match the file), and a run without one
//! becomes one space. HTML treats all these runs alike, so the reader sees the same page.
//! Quotes around literal attribute values of letters, digits, `-` and `_` are dropped
//! (`class="chip"` → `class=chip`), which HTML reads as the same value.

/// The template text with its indentation removed; see the module comment for the rules.
pub fn minify_template(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) => {
                out.push_str(&squeeze_text(&source[text_start..i]));
                let end = tera_tag_end(bytes, i);
                out.push_str(&source[i..end]);
                i = end;
                text_start = end;
            }
            b'<' if starts_tag(bytes, i + 1) => {
                out.push_str(&squeeze_text(&source[text_start..i]));
                let tag_end = html_tag_end(bytes, i);
                out.push_str(&unquote_attributes(&source[i..tag_end]));
                let end = match raw_text_element(&source[i..tag_end]) {
                    Some(name) => raw_text_end(source, tag_end, name),
                    None => tag_end,
                };
                out.push_str(&source[tag_end..end]);
                i = end;
                text_start = end;
            }
            _ => i += 1,
        }
    }
    out.push_str(&squeeze_text(&source[text_start..]));
    out
}

/// A text run with each whitespace run reduced to its line breaks, or to one space.
fn squeeze_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<usize> = None; // line breaks in the current whitespace run
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            let breaks = pending.get_or_insert(0);
            if c == '\n' {
                *breaks += 1;
            }
            continue;
        }
        flush_whitespace(&mut out, pending.take());
        out.push(c);
    }
    flush_whitespace(&mut out, pending);
    out
}

fn flush_whitespace(out: &mut String, run: Option<usize>) {
    match run {
        Some(0) => out.push(' '),
        Some(n) => out.extend(std::iter::repeat_n('\n', n)),
        None => {}
    }
}

/// The tag with the quotes dropped around literal attribute values made only of ASCII
/// letters, digits, `-` and `_` (`class="chip"` → `class=chip`), where a space or the tag's
/// `>` follows. Values with Tera in them, and comments, keep their quotes.
fn unquote_attributes(tag: &str) -> String {
    if tag.starts_with("<!") {
        return tag.to_string();
    }
    let bytes = tag.as_bytes();
    let mut out = String::with_capacity(tag.len());
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) {
            i = tera_tag_end(bytes, i);
            continue;
        }
        if bytes[i] == b'"' || bytes[i] == b'\'' {
            let quote = bytes[i];
            let close = bytes[i + 1..]
                .iter()
                .position(|&b| b == quote)
                .map_or(bytes.len(), |p| i + 1 + p);
            let value = &bytes[(i + 1).min(close)..close];
            let after = bytes.get(close + 1);
            let plain = !value.is_empty()
                && value
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_');
            if quote == b'"'
                && i > 0
                && bytes[i - 1] == b'='
                && plain
                && after.is_some_and(|b| *b == b'>' || b.is_ascii_whitespace())
            {
                out.push_str(&tag[copied..i]);
                out.push_str(&tag[i + 1..close]);
                copied = close + 1;
            }
            i = close + 1;
            continue;
        }
        i += 1;
    }
    out.push_str(tag.get(copied..).unwrap_or(""));
    out
}

/// `<` starts a tag (or comment, doctype, end tag) when a letter, `/` or `!` follows.
fn starts_tag(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at)
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!')
}

/// Index after the Tera tag starting at `start` (`{{`, `{%` or `{#`), skipping quoted
/// strings inside it; the end of the text when it is not closed (Tera then reports it).
fn tera_tag_end(bytes: &[u8], start: usize) -> usize {
    let close = match bytes[start + 1] {
        b'{' => b'}',
        b'%' => b'%',
        _ => b'#',
    };
    let mut i = start + 2;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if close != b'#' && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if b == close && bytes.get(i + 1) == Some(&b'}') => return i + 2,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Index after the HTML tag (or comment) starting at `start`: its `>` outside quotes and
/// outside Tera tags.
fn html_tag_end(bytes: &[u8], start: usize) -> usize {
    if bytes[start..].starts_with(b"<!--") {
        return find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
    }
    let mut i = start + 1;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) {
            i = tera_tag_end(bytes, i);
            continue;
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The elements whose content is kept exactly as written: preformatted text, and what a
/// parser may read as raw text (`<noscript>` is raw text where scripting is on).
const RAW_TEXT: &[&str] = &[
    "pre", "textarea", "script", "style", "noscript", "iframe", "noembed", "noframes", "xmp",
];

/// The name of a raw-text element when `tag` opens one.
fn raw_text_element(tag: &str) -> Option<&'static str> {
    let name: String = tag
        .strip_prefix('<')?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    RAW_TEXT.iter().copied().find(|r| *r == name)
}

/// Index after the `</name>` that closes a raw-text element whose content starts at `from`.
fn raw_text_end(source: &str, from: usize, name: &str) -> usize {
    let lower = source[from..].to_ascii_lowercase();
    let close = format!("</{name}");
    match lower.find(&close) {
        Some(p) => html_tag_end(source.as_bytes(), from + p),
        None => source.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::minify_template;

    #[test]
    fn indentation_goes_and_line_breaks_stay() {
        let t = "<ul>\n    <li>a</li>\n    <li>b</li>\n</ul>\n";
        assert_eq!(minify_template(t), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    }

    #[test]
    fn spaces_between_words_become_one() {
        assert_eq!(minify_template("<p>a   b\t c</p>"), "<p>a b c</p>");
        assert_eq!(minify_template("<a>x</a> <a>y</a>"), "<a>x</a> <a>y</a>");
    }

    #[test]
    fn attribute_values_and_tera_tags_are_untouched_but_plain_quotes_go() {
        let t = "<meta name=\"viewport\" content=\"a,  b\">  {{ x  |  f(s=\"  \") }}  {% if a  %}<b  class='x  y'>{% endif %}";
        assert_eq!(
            minify_template(t),
            "<meta name=viewport content=\"a,  b\"> {{ x  |  f(s=\"  \") }} {% if a  %}<b  class='x  y'>{% endif %}"
        );
    }

    #[test]
    fn quotes_stay_where_the_value_or_what_follows_needs_them() {
        for t in [
            "<a href=\"/x/\">",
            "<a class=\"a b\">",
            "<a class=\"\">",
            "<a class=\"{{ c }}\">",
            "<a class=\"x\"{% if y %} id=\"y\"{% endif %}>",
            "<input class=\"x\"/>",
            "<a title=\"x>y\">",
        ] {
            assert_eq!(minify_template(t), t, "{t}");
        }
        assert_eq!(
            minify_template("<li class=\"card\" id=\"c-1\">"),
            "<li class=card id=c-1>"
        );
    }

    #[test]
    fn tera_strings_holding_delimiters_do_not_end_the_tag() {
        let t = "{{ \"}}  \" }}   x";
        assert_eq!(minify_template(t), "{{ \"}}  \" }} x");
    }

    #[test]
    fn raw_text_elements_keep_their_whitespace() {
        let t = "<pre>\n  a\n    b</pre>\n  <script>\n  var a  = 1;\n</script>  <textarea> x  </textarea>";
        assert_eq!(
            minify_template(t),
            "<pre>\n  a\n    b</pre>\n<script>\n  var a  = 1;\n</script> <textarea> x  </textarea>"
        );
    }

    #[test]
    fn comments_and_text_with_lone_angle_brackets() {
        let t = "<!-- a  <b>  -->  1 < 2  and  3 > 2";
        assert_eq!(minify_template(t), "<!-- a  <b>  --> 1 < 2 and 3 > 2");
    }

    #[test]
    fn unclosed_constructs_do_not_panic() {
        for t in [
            "{{ x",
            "<a href=\"x",
            "<pre>  a",
            "<!-- x",
            "{% if",
            "<",
            "{",
        ] {
            let out = minify_template(t);
            assert!(out.len() <= t.len(), "{t:?} -> {out:?}");
        }
    }
}
