//! Small text operations shared by the stages: escaping, CJK detection, cutting by characters.

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Characters of scripts written without spaces between words (and their punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation 「」。、
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' // full-width forms, half-width katakana
        | '\u{20000}'..='\u{2FA1F}')
}

/// Folds every run of whitespace to one space, or to nothing between two CJK characters
/// (a line break inside a Japanese sentence is not a word gap). Trims both ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !(prev_cjk && is_cjk(c)) {
                out.push(' ');
            }
            gap = false;
        }
        out.push(c);
    }
    out
}

/// Cuts `s` to at most `max` characters (not bytes), adding `…` when it was cut, so Japanese
/// summaries are as long as English ones on screen and never split a character.
pub fn cut_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((byte, _)) => {
            let mut out = s[..byte].trim_end().to_string();
            out.push('…');
            out
        }
    }
}

/// Percent-encodes one URL path segment (UTF-8), leaving unreserved ASCII as is.
pub fn percent_encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len() * 3);
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One URL path segment as an IRI segment, for links in HTML: letters and digits of any
/// script stay as they are (`体験` is 6 bytes, `%E4%BD%93%E9%A8%93` 18; browsers encode
/// on request), everything else is percent-encoded as in [`percent_encode_segment`].
/// XML outputs (sitemap, feed) and HTTP headers keep [`percent_encode_segment`].
pub fn iri_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for c in segment.chars() {
        if !c.is_ascii() && c.is_alphanumeric() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            out.push_str(&percent_encode_segment(c.encode_utf8(&mut buf)));
        }
    }
    out
}

/// Percent-encodes a path, segment by segment, keeping the `/` separators.
pub fn percent_encode_path(path: &str) -> String {
    path.split('/')
        .map(percent_encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Escapes text for XML (feeds, sitemap).
pub fn escape_xml(s: &str) -> String {
    escape_html(s).replace("&#39;", "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_characters_not_bytes() {
        assert_eq!(cut_chars("顧客生涯価値とは", 4), "顧客生涯…");
        assert_eq!(cut_chars("短い", 4), "短い");
        assert_eq!(cut_chars("abcd", 4), "abcd");
        assert_eq!(cut_chars("ab cd", 3), "ab…");
    }

    #[test]
    fn whitespace_between_japanese_vanishes() {
        assert_eq!(
            collapse_whitespace(" 日本\n語 and\n  English "),
            "日本語 and English"
        );
    }

    #[test]
    fn iri_segments_keep_letters_and_encode_the_rest() {
        assert_eq!(iri_segment("ec-eコマース"), "ec-eコマース");
        assert_eq!(iri_segment("体験"), "体験");
        assert_eq!(iri_segment("a b/c・d?"), "a%20b%2Fc%E3%83%BBd%3F");
        assert_eq!(iri_segment("\u{202e}x"), "%E2%80%AEx");
    }

    #[test]
    fn percent_encoding_of_unicode_segments() {
        assert_eq!(
            percent_encode_segment("ec-eコマース"),
            "ec-e%E3%82%B3%E3%83%9E%E3%83%BC%E3%82%B9"
        );
        assert_eq!(percent_encode_path("/tags/a b/"), "/tags/a%20b/");
    }
}
