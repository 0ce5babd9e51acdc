//! Hugo references in a term body rewritten into glossgen syntax: the Kubernetes
//! `glossary_tooltip` shortcode and Markdown links to other terms become `[[slug|text]]`,
//! `{{< note >}}` becomes the `callout` shortcode, any other shortcode stays visible text (escaped so
//! nothing renders it). Works line by line so every finding keeps its source line.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::{Captures, Regex};

/// The terms being imported, keyed the way upstream matches `term_id`: the file stem,
/// case-insensitively.
#[derive(Debug, Default)]
pub struct TermIndex {
    /// Lower-cased stem → (slug, title).
    by_stem: BTreeMap<String, (String, String)>,
    /// `https://host` (no trailing `/`) that root-relative links into the rest of the source
    /// site are made absolute against; `None`: such links become plain text.
    pub source_url: Option<String>,
}

impl TermIndex {
    pub fn insert(&mut self, slug: &str, title: &str) {
        self.by_stem
            .insert(slug.to_lowercase(), (slug.to_string(), title.to_string()));
    }

    /// The slug and title of the term whose file stem is `name`, ignoring case.
    pub fn find(&self, name: &str) -> Option<(&str, &str)> {
        self.by_stem
            .get(&name.trim().to_lowercase())
            .map(|(s, t)| (s.as_str(), t.as_str()))
    }
}

/// What converting one text found, each with its 1-based line in the source file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Findings {
    /// References turned into `[[slug|text]]`.
    pub converted: usize,
    /// References naming no term: (line, what was written).
    pub unresolved: Vec<(usize, String)>,
    /// Shortcodes glossgen has no equivalent for: (line, name).
    pub shortcodes: Vec<(usize, String)>,
    /// Links into the rest of the source site: (line, as written, what it became).
    pub site_links: Vec<(usize, String, String)>,
}

/// Rewrites a body whose first line is file line `first_line`.
pub fn convert_body(body: &str, first_line: usize, terms: &TermIndex) -> (String, Findings) {
    let mut found = Findings::default();
    let mut out = String::with_capacity(body.len() + 64);
    let mut fence: Option<&str> = None;
    let mut in_note = false;
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line_no = first_line + i;
        let trimmed = line.trim();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        if let Some(after) = strip_opening_note(rest.trim_start()) {
            in_note = true;
            rest = after;
            out.push_str(CALLOUT_OPEN);
        }
        let mut closes = false;
        if in_note {
            if let Some(before) = strip_closing_note(rest) {
                closes = true;
                rest = before;
            }
        }
        out.push_str(&convert_line(rest, line_no, terms, &mut found));
        if closes {
            out.push_str(CALLOUT_CLOSE);
            in_note = false;
        }
    }
    (out, found)
}

/// What `{{< note >}}` … `{{< /note >}}` become: the default theme's `callout` shortcode
/// (CONTRACT §8), on the lines the note was on, so error lines still match the source.
const CALLOUT_OPEN: &str = "{% callout(kind=\"note\") %}";
const CALLOUT_CLOSE: &str = "{% end %}";

/// `{{< note >}}` at the start of `text`: what follows it.
fn strip_opening_note(text: &str) -> Option<&str> {
    static OPEN: OnceLock<Regex> = OnceLock::new();
    let re = OPEN.get_or_init(|| Regex::new(r"^\{\{[<%]\s*note\s*[%>]\}\}").expect("regex"));
    re.find(text).map(|m| &text[m.end()..])
}

/// A line ending with `{{< /note >}}`: the text before it.
fn strip_closing_note(line: &str) -> Option<&str> {
    static CLOSE: OnceLock<Regex> = OnceLock::new();
    let re =
        CLOSE.get_or_init(|| Regex::new(r"\{\{[<%]\s*/\s*note\s*[%>]\}\}\s*$").expect("regex"));
    re.find(line).map(|m| &line[..m.start()])
}

/// Shortcodes and Markdown links, outside code spans.
fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?x)
            (?P<sc>\{\{[<%]\s*(?P<name>/?\s*[A-Za-z_][\w-]*)(?P<args>.*?)[%>]\}\})
            | (?P<link>(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\((?P<dest>[^()\s]+)\))
            "#,
        )
        .expect("regex")
    })
}

/// `key="value"` pairs of a shortcode, keys lower-cased.
fn attributes(args: &str) -> BTreeMap<String, String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r#"(\w+)\s*=\s*"([^"]*)""#).expect("regex"));
    re.captures_iter(args)
        .map(|c| (c[1].to_lowercase(), c[2].to_string()))
        .collect()
}

/// Converts one line; whatever starts inside a code span (between backticks) is left alone.
fn convert_line(line: &str, line_no: usize, terms: &TermIndex, found: &mut Findings) -> String {
    let spans = code_spans(line);
    let in_code = |at: usize| spans.iter().any(|&(a, b)| a <= at && at < b);
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for c in pattern().captures_iter(line) {
        let whole = c.get(0).expect("match");
        if in_code(whole.start()) {
            continue;
        }
        out.push_str(&line[last..whole.start()]);
        if c.name("sc").is_some() {
            out.push_str(&shortcode(&c, line_no, terms, found));
        } else {
            out.push_str(&link(&c, line_no, terms, found));
        }
        last = whole.end();
    }
    out.push_str(&line[last..]);
    out
}

/// Byte ranges of the line's code spans: text between a run of backticks and the next run
/// of the same length.
fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    let mut open: Option<(usize, usize)> = None;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        let run = i - start;
        match open {
            Some((at, len)) if len == run => {
                spans.push((at, i));
                open = None;
            }
            None => open = Some((start, run)),
            Some(_) => {}
        }
    }
    spans
}

fn shortcode(c: &Captures, line_no: usize, terms: &TermIndex, found: &mut Findings) -> String {
    let name: String = c["name"].chars().filter(|c| !c.is_whitespace()).collect();
    if !name.eq_ignore_ascii_case("glossary_tooltip") {
        found.shortcodes.push((line_no, name));
        return escape_shortcode(&c[0]);
    }
    let attrs = attributes(&c["args"]);
    let term_id = attrs.get("term_id").map(String::as_str).unwrap_or("");
    let text = attrs
        .get("text")
        .map(|t| t.trim())
        .filter(|t| !t.is_empty());
    match terms.find(term_id) {
        Some((slug, _)) => {
            found.converted += 1;
            wikilink(slug, text)
        }
        None => {
            found.unresolved.push((line_no, c[0].to_string()));
            text.unwrap_or(term_id).to_string()
        }
    }
}

/// `[[slug|text]]`, or `[[slug]]` (glossgen shows the title) without text.
fn wikilink(slug: &str, text: Option<&str>) -> String {
    match text {
        Some(t) => format!("[[{slug}|{}]]", t.replace(['|', ']'], " ")),
        None => format!("[[{slug}]]"),
    }
}

/// Backslash-escapes the braces and angle brackets, so Markdown shows `{{< x >}}` as written
/// and no shortcode syntax ever sees it.
pub fn escape_shortcode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for ch in text.chars() {
        if matches!(ch, '{' | '}' | '<' | '>' | '%') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Where a Markdown link leads, seen from a glossary.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another term, by its slug.
    Term(String),
    /// Looks like a term (`/slug/`, `#term-slug`) but names none.
    MissingTerm,
    /// A page of the rest of the source site.
    Site,
    /// Left as it is (external, mail, in-page anchor).
    Keep,
}

/// Classifies a link destination as written in a Hugo glossary.
pub fn classify(dest: &str, terms: &TermIndex) -> LinkTarget {
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("mailto:")
        || lower.starts_with("//")
    {
        return LinkTarget::Keep;
    }
    let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if let Some(id) = fragment.strip_prefix("term-") {
        // The anchors of upstream's single glossary page (`glossary/?all=true#term-pod`).
        if path.is_empty() || path.trim_end_matches('/').ends_with("/glossary") {
            return by_name(id, terms);
        }
    }
    if path.is_empty() {
        return LinkTarget::Keep;
    }
    let rooted = path.starts_with('/');
    let mut segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    if rooted && segments.len() == 2 && is_language_code(segments[0]) {
        segments.remove(0);
    }
    match segments.as_slice() {
        [one] => {
            let name = one.strip_suffix(".md").unwrap_or(one);
            match terms.find(name) {
                Some((slug, _)) => LinkTarget::Term(slug.to_string()),
                None if rooted && terms.source_url.is_some() => LinkTarget::Site,
                None => LinkTarget::MissingTerm,
            }
        }
        _ => LinkTarget::Site,
    }
}

fn by_name(name: &str, terms: &TermIndex) -> LinkTarget {
    match terms.find(name) {
        Some((slug, _)) => LinkTarget::Term(slug.to_string()),
        None => LinkTarget::MissingTerm,
    }
}

/// `ja`, `en`, `pt-br`, `zh-cn`: a Hugo language folder.
pub fn is_language_code(segment: &str) -> bool {
    let (main, region) = segment.split_once('-').unwrap_or((segment, "xx"));
    (2..=3).contains(&main.len())
        && main.chars().all(|c| c.is_ascii_lowercase())
        && (2..=4).contains(&region.len())
        && region.chars().all(|c| c.is_ascii_alphabetic())
}

fn link(c: &Captures, line_no: usize, terms: &TermIndex, found: &mut Findings) -> String {
    let whole = &c[0];
    if !c["bang"].is_empty() {
        return whole.to_string();
    }
    let text = c["text"].trim();
    let dest = &c["dest"];
    match classify(dest, terms) {
        LinkTarget::Keep => whole.to_string(),
        LinkTarget::Term(slug) => {
            found.converted += 1;
            wikilink(&slug, (!text.is_empty()).then_some(text))
        }
        LinkTarget::MissingTerm => {
            found.unresolved.push((line_no, whole.to_string()));
            text.to_string()
        }
        LinkTarget::Site => {
            let became = match (&terms.source_url, dest.starts_with('/')) {
                (Some(host), true) => format!("[{text}]({host}{dest})"),
                _ => text.to_string(),
            };
            found
                .site_links
                .push((line_no, whole.to_string(), became.clone()));
            became
        }
    }
}

/// A `short_description` as plain text (glossgen's `description` is not Markdown): references
/// become their text, shortcodes stay visible.
pub fn plain_description(text: &str, line_no: usize, terms: &TermIndex) -> (String, Findings) {
    let mut found = Findings::default();
    let out = pattern().replace_all(text, |c: &Captures| {
        if c.name("link").is_some() {
            return c["text"].trim().to_string();
        }
        let name: String = c["name"].chars().filter(|c| !c.is_whitespace()).collect();
        if !name.eq_ignore_ascii_case("glossary_tooltip") {
            found.shortcodes.push((line_no, name));
            return c[0].to_string();
        }
        let attrs = attributes(&c["args"]);
        let term_id = attrs.get("term_id").map(String::as_str).unwrap_or("");
        let target = terms.find(term_id);
        if target.is_none() {
            found.unresolved.push((line_no, c[0].to_string()));
        }
        match (attrs.get("text").map(|t| t.trim()), target) {
            (Some(t), _) if !t.is_empty() => t.to_string(),
            (_, Some((_, title))) => title.to_string(),
            _ => term_id.to_string(),
        }
    });
    (out.into_owned(), found)
}

#[cfg(test)]
#[path = "references_tests.rs"]
mod tests;
