//! A one-pass scanner for the start tags of an HTML page and their attributes: what the
//! link check and the image sizes need, in time linear in the page, without building a tree.
//!
//! It follows the HTML tokenizer where our pages can differ: unquoted attribute values (the
//! minifier removes quotes), comments, `<!doctype>`, and the raw text of `<script>`,
//! `<style>`, `<textarea>` and `<title>`, which holds no tags. Character references in
//! attribute values are decoded (`&amp;`, `&quot;`, numeric ones, …).

use std::borrow::Cow;

/// One attribute of a start tag.
#[derive(Clone, Copy)]
pub struct Attr<'a> {
    /// As written; compare with `eq_ignore_ascii_case`.
    pub name: &'a [u8],
    /// As written, character references not decoded: see [`Attr::value`].
    pub raw: &'a [u8],
}

impl<'a> Attr<'a> {
    /// The value with character references decoded.
    pub fn value(&self) -> Cow<'a, str> {
        decode(self.raw)
    }

    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }
}

/// One start tag of a page `'h`.
pub struct Tag<'t, 'h> {
    /// As written; compare with `eq_ignore_ascii_case`.
    pub name: &'h [u8],
    /// Offset just after the tag name: where attributes can be inserted.
    pub name_end: usize,
    pub attrs: &'t [Attr<'h>],
}

impl<'h> Tag<'_, 'h> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    pub fn attr(&self, name: &str) -> Option<Cow<'h, str>> {
        self.attrs.iter().find(|a| a.is(name)).map(Attr::value)
    }
}

/// The next `byte` at or after `from`.
fn find_byte(hay: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, hay.get(from..)?).map(|p| p + from)
}

/// Where the raw text of a `<script>`-like element ends: the next `</name`, any case.
fn raw_text_end(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = find_byte(html, i, b'<') {
        let after = p + 2;
        if html.get(p + 1) == Some(&b'/')
            && html
                .get(after..after + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return p;
        }
        i = p + 1;
    }
    html.len()
}

/// The elements whose content is raw text, holding no tags.
fn is_raw_text(name: &[u8]) -> bool {
    // Length first: almost every tag is ruled out without comparing a byte.
    matches!(name.len(), 5 | 6 | 8)
        && [&b"script"[..], b"style", b"textarea", b"title"]
            .iter()
            .any(|raw| name.eq_ignore_ascii_case(raw))
}

/// Calls `on_tag` for every start tag of `html`, in document order.
pub fn for_each_tag<'h>(html: &'h [u8], mut on_tag: impl FnMut(&Tag<'_, 'h>)) {
    let comment_end = memchr::memmem::Finder::new(b"-->");
    let mut i = 0;
    // One buffer for the attributes of every tag: most pages have hundreds of tags.
    let mut attrs: Vec<Attr<'h>> = Vec::new();
    while let Some(lt) = find_byte(html, i, b'<') {
        i = lt;
        match html.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => {}
            Some(b'!') if html.get(i + 2..i + 4) == Some(b"--") => {
                i = html
                    .get(i + 4..)
                    .and_then(|rest| comment_end.find(rest))
                    .map_or(html.len(), |e| i + 4 + e + 3);
                continue;
            }
            // An end tag, `<!doctype …>`, `<?…>`: nothing we need, up to the next `>`.
            Some(b'!' | b'?' | b'/') => {
                i = find_byte(html, i + 1, b'>').map_or(html.len(), |e| e + 1);
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        let name_start = i + 1;
        let mut j = name_start;
        while j < html.len() && !is_space(html[j]) && html[j] != b'>' && html[j] != b'/' {
            j += 1;
        }
        let name = &html[name_start..j];
        let end = parse_attrs(html, j, &mut attrs);
        on_tag(&Tag {
            name,
            name_end: j,
            attrs: &attrs,
        });
        i = if is_raw_text(name) {
            raw_text_end(html, end, name)
        } else {
            end
        };
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Attributes from `j` to the end of the tag, into `attrs`; returns the offset after `>`.
fn parse_attrs<'h>(html: &'h [u8], mut j: usize, attrs: &mut Vec<Attr<'h>>) -> usize {
    attrs.clear();
    loop {
        while j < html.len() && (is_space(html[j]) || html[j] == b'/') {
            j += 1;
        }
        if j >= html.len() {
            return j;
        }
        if html[j] == b'>' {
            return j + 1;
        }
        let start = j;
        j += 1;
        while j < html.len() && !is_space(html[j]) && !matches!(html[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        let name = &html[start..j];
        let mut k = j;
        while k < html.len() && is_space(html[k]) {
            k += 1;
        }
        if html.get(k) != Some(&b'=') {
            attrs.push(Attr { name, raw: b"" });
            continue;
        }
        k += 1;
        while k < html.len() && is_space(html[k]) {
            k += 1;
        }
        let (raw, next) = match html.get(k) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = find_byte(html, k + 1, q).unwrap_or(html.len());
                (
                    &html[(k + 1).min(close)..close],
                    (close + 1).min(html.len()),
                )
            }
            _ => {
                let mut e = k;
                while e < html.len() && !is_space(html[e]) && html[e] != b'>' {
                    e += 1;
                }
                (&html[k..e], e)
            }
        };
        attrs.push(Attr { name, raw });
        j = next;
    }
}

/// Decodes the character references an attribute value can hold.
fn decode(raw: &[u8]) -> Cow<'_, str> {
    // `from_utf8` first: its all-ASCII fast path beats the lossy conversion's.
    let text = match std::str::from_utf8(raw) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(raw),
    };
    if memchr::memchr(b'&', raw).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.find(';').filter(|&s| s <= 10);
        let decoded = semi.and_then(|s| {
            let name = &rest[1..s];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => match name.strip_prefix('#') {
                    Some(n) => match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    }
                    .and_then(char::from_u32),
                    None => None,
                },
            };
            c.map(|c| (c, s))
        });
        match decoded {
            Some((c, s)) => {
                out.push(c);
                rest = &rest[s + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        for_each_tag(html.as_bytes(), |t| {
            out.push((
                String::from_utf8_lossy(t.name).into_owned(),
                t.attrs
                    .iter()
                    .map(|a| {
                        (
                            String::from_utf8_lossy(a.name).into_owned(),
                            a.value().into_owned(),
                        )
                    })
                    .collect(),
            ));
        });
        out
    }

    #[test]
    fn reads_quoted_unquoted_and_bare_attributes() {
        let t =
            tags("<!doctype html><a href=/x/ id='a b' hidden class=\"c\">t</a><img src=i.png/>");
        assert_eq!(t[0].0, "a");
        assert_eq!(
            t[0].1,
            vec![
                ("href".into(), "/x/".into()),
                ("id".into(), "a b".into()),
                ("hidden".into(), String::new()),
                ("class".into(), "c".into())
            ]
        );
        // Unquoted: the value runs to white space or `>`, a `/` included (as in browsers).
        assert_eq!(t[1].1, vec![("src".into(), "i.png/".into())]);
    }

    #[test]
    fn skips_comments_and_raw_text_and_decodes_references() {
        let html = "<!-- <a href=no> --><script>if (a<b) { x = '<a href=no>' }</script><style>a>b{}</style><a href=\"/s/?q=a&amp;b=&#x3042;\">";
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["script", "style", "a"]);
        assert_eq!(t[2].1[0].1, "/s/?q=a&b=あ");
    }

    #[test]
    fn ends_raw_text_at_its_own_end_tag_in_any_case() {
        let html = "<SCRIPT>a</b> <a href=no> </scriptx </SCRIPT><Title><a href=no></TITLE><IMG SRC=x.png>";
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["SCRIPT", "Title", "IMG"]);
        assert_eq!(t[2].1, vec![("SRC".into(), "x.png".into())]);
    }

    #[test]
    fn skips_end_tags_doctype_and_comments_whatever_they_hold() {
        let html = "<!DOCTYPE html></p x=\"<a href=no>\"><!----><!-- a -- b <a href=no> --><!-->x--><?pi <a href=no>?><b id=\"a>b\" c='>'>< a href=no><3";
        let t = tags(html);
        // An end tag or `<?…>` ends at its first `>`, quotes or not (as in browsers).
        let names: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["b"]);
        assert_eq!(
            t[0].1,
            vec![("id".into(), "a>b".into()), ("c".into(), ">".into())]
        );
    }

    #[test]
    fn decodes_references_only_where_written() {
        let t = tags("<a href=/s/?a=1&amp;b=2&amp c=&unknown; d=&#xZZ; e=&#39;>");
        let values: Vec<&str> = t[0].1.iter().map(|a| a.1.as_str()).collect();
        assert_eq!(values, ["/s/?a=1&b=2&amp", "&unknown;", "&#xZZ;", "'"]);
        assert_eq!(decode(b"\xff&lt;"), "\u{fffd}<");
        assert_eq!(decode(b"\xffa"), "\u{fffd}a");
    }

    #[test]
    fn survives_truncated_markup() {
        for html in ["<a href=\"x", "<a", "<", "<a href=", "<!--", "<script>"] {
            let _ = tags(html);
        }
    }
}
