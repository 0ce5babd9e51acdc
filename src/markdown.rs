//! Markdown bodies to HTML: references, auto-links, heading ids, Japanese emphasis, summary.
//!
//! One pass over pulldown-cmark's events per body. Everything a term page needs from its
//! body comes out of that pass: the HTML, the plain-text summary and the terms it points to.
//!
//! (Over 400 lines: about 440 of code and the tests. `render` is one pass over the events and
//! its helpers are read with it; `cjk_emphasis` is the piece to move out when it is next split.)

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::body_limits;
use crate::diagnostics::Problem;
use crate::model::autolink::AutoLinker;
use crate::model::lookup::{Resolution, TermLookup};
use crate::model::{Term, TermId};
use crate::text::{escape_html, is_cjk};

pub mod crossing;
pub mod link_context;
pub mod shortcodes;
use link_context::{LinkContext, LinkSpan};

/// What a body needs to know about the rest of the site.
pub struct BodyContext<'a> {
    pub lookup: &'a TermLookup,
    /// `None` when auto-linking is off for the site or for this term.
    pub autolinker: Option<&'a AutoLinker>,
    /// Every term of the site, by id: URLs and names for links.
    pub terms: &'a [Term],
    /// The term being rendered: never linked to itself.
    pub this: TermId,
    /// The file line of the body's first line, for error positions.
    pub first_line: usize,
    /// Renders shortcodes; `None` leaves `{{ … }}` as text.
    pub shortcodes: Option<&'a dyn shortcodes::Expander>,
    /// Other languages' terms, for `[[ref]]`s naming no term of this language (empty on a
    /// one-language site). Auto-links never use them.
    pub fallbacks: &'a [crossing::FallbackSite<'a>],
}

/// The result of rendering one body.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct RenderedBody {
    pub html: String,
    /// Plain text for the summary: the text before `<!-- more -->`, else the first paragraph.
    pub summary_source: String,
    /// Terms named by `[[…]]` references, in order, with duplicates.
    pub references: Vec<TermId>,
    /// Terms linked by auto-linking.
    pub mentions: Vec<TermId>,
    /// Problems with their file line. (Not kept in the build cache, which keeps only
    /// bodies without problems.)
    #[serde(skip)]
    pub problems: Vec<(usize, Problem)>,
    /// Per linked term (sorted by term): the sentence around the first link to it.
    pub contexts: Vec<LinkContext>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Renders one body.
pub fn render(src: &str, ctx: &BodyContext<'_>) -> RenderedBody {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let original_line =
        |offset: usize| ctx.first_line + line_starts.partition_point(|&s| s <= offset) - 1;
    let mut out = RenderedBody::default();
    // A table too large to parse in sane memory is refused before parsing.
    if let Some((offset, problem)) = body_limits::oversized_table(src) {
        out.problems.push((original_line(offset), problem));
        return out;
    }
    let expanded = match ctx.shortcodes.filter(|_| shortcodes::may_contain(src)) {
        Some(expander) => match shortcodes::expand(src, expander) {
            Ok(expanded) => Some(expanded),
            Err(errors) => {
                let errors = errors.into_iter().map(|(o, p)| (original_line(o), p));
                out.problems.extend(errors);
                return out;
            }
        },
        None => None,
    };
    let src = expanded.as_ref().map_or(src, |e| e.source.as_str());
    let line_of =
        |offset: usize| original_line(expanded.as_ref().map_or(offset, |e| e.original(offset)));
    let raw: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(src, options()).into_offset_iter().collect();
    let raw = cjk_emphasis::apply(raw, src);
    let mut depth = body_limits::DepthGuard::default();

    let mut events: Vec<Event<'_>> = Vec::with_capacity(raw.len() + 16);
    let mut summary = SummaryCollector::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(usize, String)> = None; // (index of Start event, text)
    let mut code_block = false;
    let mut link_depth = 0usize; // Markdown links and raw <a> elements
    let mut image_depth = 0usize;
    // Per open link: for a [[reference]] turned into raw HTML, the tag that closes it, and
    // for one that found its term, the term, the opening event and the line.
    let mut link_closers: Vec<Option<(Cow<'static, str>, Option<LinkSpan>)>> = Vec::new();
    let mut spans: Vec<LinkSpan> = Vec::new();
    // Text to show instead of a [[slug]] reference's own text (its title).
    let mut replacement: Option<String> = None;
    let mut linked: HashSet<TermId> = HashSet::new();

    for (event, range) in raw {
        if let Some(problem) = depth.observe(&event) {
            out.problems.push((line_of(range.start), problem));
        }
        // A [[slug]] reference's own text is replaced by the title: the summary and the
        // heading id must see the title too, so they observe it at the link's end instead.
        if replacement.is_none() || !matches!(event, Event::Text(_)) {
            summary.observe(&event);
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = heading.take() {
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let chosen = match id.take() {
                            Some(explicit) => ids.claim(explicit.to_string()),
                            None => ids.claim(heading_slug(&text)),
                        };
                        *id = Some(CowStr::from(chosen));
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                code_block = true;
                events.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                code_block = false;
                events.push(event);
            }
            Event::Start(Tag::Image { .. }) => {
                image_depth += 1;
                events.push(event);
            }
            Event::End(TagEnd::Image) => {
                image_depth = image_depth.saturating_sub(1);
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                link_depth += 1;
                match ctx.lookup.resolve(&dest_url) {
                    Resolution::Term(id) => {
                        let span = (id != ctx.this).then(|| LinkSpan {
                            target: id,
                            open: events.len(),
                            close: 0,
                            line: line_of(range.start),
                        });
                        link_closers.push(Some(("</a>".into(), span)));
                        if id != ctx.this {
                            out.references.push(id);
                        }
                        linked.insert(id);
                        events.push(Event::InlineHtml(CowStr::from(format!(
                            "<a class=\"term-ref\" href=\"{}\">",
                            escape_html(&ctx.terms[id].url)
                        ))));
                        // `[[ltv]]` shows the title `LTV`; `[[顧客生涯価値]]` shows the alias
                        // as written.
                        let target = &ctx.terms[id];
                        if !has_pothole && !target.names().any(|n| n == dest_url.trim()) {
                            replacement = Some(target.title.clone());
                        }
                    }
                    Resolution::Missing => {
                        if let Some(link) = crossing::resolve(ctx.fallbacks, &dest_url) {
                            link_closers.push(Some((link.close.into(), None)));
                            events.push(Event::InlineHtml(CowStr::from(link.open)));
                            if !has_pothole && !link.term.names().any(|n| n == dest_url.trim()) {
                                replacement = Some(link.term.title.clone());
                            }
                            continue;
                        }
                        link_closers.push(Some(("</span>".into(), None)));
                        out.problems.push((
                            line_of(range.start),
                            Problem::UnresolvedReference(dest_url.to_string()),
                        ));
                        events.push(Event::InlineHtml(
                            "<span class=\"term-ref-missing\">".into(),
                        ));
                    }
                    Resolution::Ambiguous(candidates) => {
                        link_closers.push(Some(("</span>".into(), None)));
                        let candidates = candidates
                            .iter()
                            .map(|&c| {
                                let t = &ctx.terms[c];
                                format!(
                                    "`{}` ({})",
                                    t.title,
                                    crate::diagnostics::display_path(&t.source)
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(" or ");
                        out.problems.push((
                            line_of(range.start),
                            Problem::AmbiguousReference {
                                target: dest_url.to_string(),
                                candidates,
                            },
                        ));
                        events.push(Event::InlineHtml(
                            "<span class=\"term-ref-missing\">".into(),
                        ));
                    }
                }
            }
            Event::Start(Tag::Link { .. }) => {
                link_closers.push(None);
                link_depth += 1;
                events.push(event);
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                if let Some(Some((closing, span))) = link_closers.pop() {
                    if let Some(title) = replacement.take() {
                        let text = Event::Text(CowStr::from(title));
                        summary.observe(&text);
                        if let (Some((_, h)), Event::Text(t)) = (heading.as_mut(), &text) {
                            h.push_str(t);
                        }
                        events.push(text);
                    }
                    if let Some(span) = span {
                        spans.push(LinkSpan {
                            close: events.len(),
                            ..span
                        });
                    }
                    events.push(Event::InlineHtml(CowStr::from(closing.into_owned())));
                } else {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::InlineHtml(ref html) | Event::Html(ref html) => {
                let h = html.trim_start().to_ascii_lowercase();
                if h.starts_with("<a ") || h.starts_with("<a>") {
                    link_depth += 1;
                } else if h.starts_with("</a") {
                    link_depth = link_depth.saturating_sub(1);
                }
                events.push(event);
            }
            Event::Text(text) => {
                if replacement.is_some() {
                    // The [[slug]] text is replaced by the title at the link's end.
                } else if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&text);
                    events.push(Event::Text(text));
                } else if let (Some(linker), false, 0, 0) =
                    (ctx.autolinker, code_block, link_depth, image_depth)
                {
                    let first = spans.len();
                    autolink_text(text, linker, ctx, &mut linked, &mut spans, &mut events);
                    for span in &mut spans[first..] {
                        span.line = line_of(range.start);
                        out.mentions.push(span.target);
                    }
                } else {
                    events.push(Event::Text(text));
                }
            }
            Event::Code(code) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&code);
                }
                events.push(Event::Code(code));
            }
            other => events.push(other),
        }
    }
    // References close in the order they end: sort by where they open, for the pass.
    spans.sort_by_key(|s| s.open);
    out.contexts = link_context::collect(&events, &spans);
    join_cjk_soft_breaks(&mut events);
    out.html.reserve(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.summary_source = summary.finish();
    if let Some(expanded) = &expanded {
        out.html = shortcodes::fill(&out.html, &expanded.fragments);
        let fragments = &expanded.fragments;
        out.summary_source = shortcodes::plain(&out.summary_source, fragments);
        for c in &mut out.contexts {
            c.before = shortcodes::plain(&c.before, fragments);
            c.after = shortcodes::plain(&c.after, fragments);
        }
    }
    // Bodies live until the last page is written: without the room reserved above (a
    // quarter of each body, ~90 MB at 100,000 terms).
    out.html.shrink_to_fit();
    out.summary_source.shrink_to_fit();
    out
}

/// Splits a text at the mentions of other terms and links the first mention of each; adds
/// a span (line still to be set) per link made.
fn autolink_text<'a>(
    text: CowStr<'a>,
    linker: &AutoLinker,
    ctx: &BodyContext<'_>,
    linked: &mut HashSet<TermId>,
    spans: &mut Vec<LinkSpan>,
    events: &mut Vec<Event<'a>>,
) {
    let mut last = 0;
    for m in linker.mentions(&text) {
        if m.term == ctx.this || linked.contains(&m.term) {
            continue;
        }
        linked.insert(m.term);
        if m.start > last {
            events.push(Event::Text(CowStr::from(text[last..m.start].to_string())));
        }
        spans.push(LinkSpan {
            target: m.term,
            open: events.len(),
            close: events.len() + 2,
            line: 0,
        });
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"term-auto\" href=\"{}\">",
            escape_html(&ctx.terms[m.term].url)
        ))));
        events.push(Event::Text(CowStr::from(text[m.start..m.end].to_string())));
        events.push(Event::InlineHtml("</a>".into()));
        last = m.end;
    }
    if last == 0 {
        events.push(Event::Text(text));
    } else if last < text.len() {
        events.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

/// A line break inside a Japanese paragraph is not a space: browsers would show one between
/// two kanji, so soft breaks between two CJK characters are dropped.
fn join_cjk_soft_breaks(events: &mut Vec<Event<'_>>) {
    let last_char = |e: &Event<'_>| match e {
        Event::Text(t) | Event::Code(t) => t.chars().next_back(),
        _ => None,
    };
    let first_char = |e: &Event<'_>| match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    };
    let mut keep = vec![true; events.len()];
    for i in 1..events.len().saturating_sub(1) {
        if matches!(events[i], Event::SoftBreak)
            && last_char(&events[i - 1]).is_some_and(is_cjk)
            && first_char(&events[i + 1]).is_some_and(is_cjk)
        {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    events.retain(|_| k.next().unwrap_or(true));
}

/// Heading id from heading text: lower-case, letters and digits of any script kept (Japanese
/// headings keep their words), spaces to `-`, other punctuation dropped.
pub fn heading_slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            s.push(c);
        } else if c.is_whitespace() && !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "section".into()
    } else {
        s
    }
}

/// Hands out heading ids unique within one page: `x`, `x-1`, `x-2`…
#[derive(Default)]
struct HeadingIds {
    used: HashMap<String, usize>,
}

impl HeadingIds {
    fn claim(&mut self, base: String) -> String {
        if !self.used.contains_key(&base) {
            self.used.insert(base.clone(), 0);
            return base;
        }
        loop {
            let n = self.used.get_mut(&base).map(|n| {
                *n += 1;
                *n
            });
            let candidate = format!("{base}-{}", n.unwrap_or(1));
            if !self.used.contains_key(&candidate) {
                self.used.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

/// Collects the plain text of a body for its summary: everything before `<!-- more -->`
/// (headings, code blocks and footnotes left out), and separately the first paragraph.
#[derive(Default)]
struct SummaryCollector {
    before_more: String,
    first_paragraph: Option<String>,
    in_first_paragraph: bool,
    found_more: bool,
    skip_depth: usize,
}

impl SummaryCollector {
    fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Heading { .. })
            | Event::Start(Tag::CodeBlock(_))
            | Event::Start(Tag::FootnoteDefinition(_)) => self.skip_depth += 1,
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::FootnoteDefinition) => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
                self.block_break();
            }
            Event::Start(Tag::Paragraph)
                if self.first_paragraph.is_none() && self.skip_depth == 0 =>
            {
                self.first_paragraph = Some(String::new());
                self.in_first_paragraph = true;
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => {
                // A paragraph that is only shortcodes (a figure) is not the summary.
                if self.in_first_paragraph
                    && self
                        .first_paragraph
                        .as_deref()
                        .is_some_and(shortcodes::is_only_placeholders)
                {
                    self.first_paragraph = None;
                }
                self.in_first_paragraph = false;
                self.block_break();
            }
            Event::Html(h) | Event::InlineHtml(h) if is_more_marker(h) => self.found_more = true,
            Event::Text(t) | Event::Code(t) if self.skip_depth == 0 => self.push(t),
            Event::SoftBreak | Event::HardBreak if self.skip_depth == 0 => self.push("\n"),
            _ => {}
        }
    }

    fn push(&mut self, t: &str) {
        if !self.found_more {
            self.before_more.push_str(t);
        }
        if self.in_first_paragraph {
            if let Some(p) = self.first_paragraph.as_mut() {
                p.push_str(t);
            }
        }
    }

    fn block_break(&mut self) {
        if !self.found_more && !self.before_more.ends_with('\n') {
            self.before_more.push('\n');
        }
    }

    fn finish(self) -> String {
        let text = if self.found_more {
            self.before_more
        } else {
            self.first_paragraph.unwrap_or_default()
        };
        crate::text::collapse_whitespace(&text)
    }
}

fn is_more_marker(html: &str) -> bool {
    let t = html.trim();
    t.strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim() == "more")
}

/// The fix for Japanese emphasis. CommonMark only opens `**` when it is "left-flanking": the
/// run must not be followed by punctuation unless preceded by whitespace or punctuation. Japanese
/// has no spaces, so `これは**「重要」**です` (a kana before, a bracket after) stays literal in
/// pulldown-cmark 0.13, which has no option for it.
///
/// We chose an event post-pass over a source pre-pass: pulldown-cmark has already decided
/// what is code, links, escapes and HTML, so only `**` runs it left as literal text are touched.
/// A leftover `**` pair becomes `<strong>` when both runs are in one block at the same inline
/// depth, the opener is not followed by whitespace, the closer is not preceded by it, and at
/// least one of the four characters around the runs is CJK. Escaped `\*\*` is never touched:
/// we only look at text whose source bytes are exactly the text (no escapes).
mod cjk_emphasis {
    use super::*;

    #[derive(Clone, Copy)]
    struct Run {
        event: usize,
        offset: usize,
        depth: usize,
        before: Option<char>,
        after: Option<char>,
    }

    pub fn apply<'a>(
        raw: Vec<(Event<'a>, Range<usize>)>,
        src: &'a str,
    ) -> Vec<(Event<'a>, Range<usize>)> {
        let raw = merge_literal_text(raw, src);
        let pairs = find_pairs(&raw, src);
        if pairs.is_empty() {
            return raw;
        }
        // Split points per event: (offset, is_opener).
        let mut splits: HashMap<usize, Vec<(usize, bool)>> = HashMap::new();
        for (open, close) in pairs {
            splits
                .entry(open.event)
                .or_default()
                .push((open.offset, true));
            splits
                .entry(close.event)
                .or_default()
                .push((close.offset, false));
        }
        let mut out = Vec::with_capacity(raw.len() + 8);
        for (i, (event, range)) in raw.into_iter().enumerate() {
            let Some(mut points) = splits.remove(&i) else {
                out.push((event, range));
                continue;
            };
            let Event::Text(text) = event else {
                out.push((event, range));
                continue;
            };
            points.sort();
            let mut last = 0;
            for (offset, opener) in points {
                if offset > last {
                    out.push((
                        Event::Text(CowStr::from(text[last..offset].to_string())),
                        range.start + last..range.start + offset,
                    ));
                }
                let r = range.start + offset..range.start + offset + 2;
                out.push(if opener {
                    (Event::Start(Tag::Strong), r)
                } else {
                    (Event::End(TagEnd::Strong), r)
                });
                last = offset + 2;
            }
            if last < text.len() {
                out.push((
                    Event::Text(CowStr::from(text[last..].to_string())),
                    range.start + last..range.end,
                ));
            }
        }
        out
    }

    /// pulldown-cmark hands out each leftover `*` as its own text event; joining adjacent
    /// literal text (same bytes as the source) lets us see `**` runs whole. Whether an event
    /// is literal is decided once per input event, so a long run of merges stays linear.
    fn merge_literal_text<'a>(
        raw: Vec<(Event<'a>, Range<usize>)>,
        src: &'a str,
    ) -> Vec<(Event<'a>, Range<usize>)> {
        let literal = |e: &Event<'_>, r: &Range<usize>| matches!(e, Event::Text(t) if src.get(r.clone()) == Some(&**t));
        let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(raw.len());
        let mut last_literal = false;
        for (event, range) in raw {
            let this_literal = literal(&event, &range);
            if let Some((last, last_range)) = out.last_mut() {
                if last_literal && this_literal && last_range.end == range.start {
                    last_range.end = range.end;
                    if let Some(joined) = src.get(last_range.clone()) {
                        *last = Event::Text(CowStr::Borrowed(joined));
                        continue;
                    }
                    last_range.end = range.start;
                }
            }
            last_literal = this_literal;
            out.push((event, range));
        }
        out
    }

    fn find_pairs(raw: &[(Event<'_>, Range<usize>)], src: &str) -> Vec<(Run, Run)> {
        let mut pairs = Vec::new();
        let mut pending: Option<Run> = None;
        let mut depth = 0usize;
        let mut in_code = false;
        for (i, (event, range)) in raw.iter().enumerate() {
            match event {
                Event::Start(tag) => {
                    if is_inline(tag) {
                        depth += 1;
                    } else {
                        pending = None;
                        in_code |= matches!(tag, Tag::CodeBlock(_));
                    }
                }
                Event::End(end) => {
                    if is_inline_end(end) {
                        depth = depth.saturating_sub(1);
                        if pending.is_some_and(|p| p.depth > depth) {
                            pending = None;
                        }
                    } else {
                        pending = None;
                        if matches!(end, TagEnd::CodeBlock) {
                            in_code = false;
                        }
                    }
                }
                Event::Text(text) if !in_code && src.get(range.clone()) == Some(&**text) => {
                    let prev_char = i
                        .checked_sub(1)
                        .and_then(|j| text_of(&raw[j].0))
                        .and_then(|t| t.chars().next_back());
                    let next_char = raw
                        .get(i + 1)
                        .and_then(|(e, _)| text_of(e))
                        .and_then(|t| t.chars().next());
                    for (offset, _) in text.match_indices("**") {
                        let before = text[..offset].chars().next_back().or(prev_char);
                        let after = text[offset + 2..].chars().next().or(next_char);
                        if before == Some('*') || after == Some('*') {
                            continue; // part of a longer run
                        }
                        let run = Run {
                            event: i,
                            offset,
                            depth,
                            before,
                            after,
                        };
                        match pending {
                            Some(open)
                                if open.depth == depth
                                    && !before.is_some_and(char::is_whitespace)
                                    && !(open.event == i && open.offset + 2 == offset)
                                    && [open.before, open.after, before, after]
                                        .into_iter()
                                        .flatten()
                                        .any(is_cjk) =>
                            {
                                pairs.push((open, run));
                                pending = None;
                            }
                            _ => {
                                pending = (!after.is_some_and(char::is_whitespace)
                                    && after.is_some())
                                .then_some(run);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        pairs
    }

    fn text_of<'e>(e: &'e Event<'_>) -> Option<&'e str> {
        match e {
            Event::Text(t) | Event::Code(t) => Some(t),
            _ => None,
        }
    }

    fn is_inline(tag: &Tag<'_>) -> bool {
        matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        )
    }

    fn is_inline_end(tag: &TagEnd) -> bool {
        matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders with no other terms known.
    fn render_plain(src: &str) -> String {
        let lookup = TermLookup::default();
        render(
            src,
            &BodyContext {
                lookup: &lookup,
                autolinker: None,
                terms: &[],
                this: usize::MAX,
                first_line: 1,
                shortcodes: None,
                fallbacks: &[],
            },
        )
        .html
    }

    #[test]
    fn japanese_emphasis_with_brackets() {
        let html = render_plain("これは**「重要」**です");
        assert!(html.contains("<strong>「重要」</strong>"), "{html}");
        // Plain CommonMark cases are unchanged.
        assert!(render_plain("a **b** c").contains("<strong>b</strong>"));
        // Escaped or code asterisks are left alone.
        let html = render_plain(r"これは\*\*「重要」\*\*です");
        assert!(!html.contains("<strong>"), "{html}");
        let html = render_plain("`これは**「重要」**です`");
        assert!(!html.contains("<strong>"), "{html}");
        // Two separate paragraphs never pair.
        let html = render_plain("これは**「\n\nです」**");
        assert!(!html.contains("<strong>"), "{html}");
    }

    #[test]
    fn heading_ids_are_unique_and_keep_japanese() {
        let html = render_plain("## LTVとは\n\n## LTVとは\n\n## Hello World!\n\n## 「」\n");
        assert!(html.contains(r#"<h2 id="ltvとは">"#), "{html}");
        assert!(html.contains(r#"<h2 id="ltvとは-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="hello-world">"#), "{html}");
        assert!(html.contains(r#"<h2 id="section">"#), "{html}");
    }

    #[test]
    fn summary_prefers_more_marker_then_first_paragraph() {
        let lookup = TermLookup::default();
        let ctx = BodyContext {
            lookup: &lookup,
            autolinker: None,
            terms: &[],
            this: 0,
            first_line: 1,
            shortcodes: None,
            fallbacks: &[],
        };
        let r = render("# 見出し\n\n最初の段落。\n続き。\n\n二番目。\n", &ctx);
        assert_eq!(r.summary_source, "最初の段落。続き。");
        let r = render("一。\n\n二。\n\n<!-- more -->\n\n三。\n", &ctx);
        assert_eq!(r.summary_source, "一。二。");
    }

    #[test]
    fn soft_breaks_between_japanese_lines_vanish() {
        let html = render_plain("日本語の\n文章です。\nEnglish\nwords");
        assert!(html.contains("日本語の文章です。"), "{html}");
        assert!(html.contains("English\nwords"), "{html}");
    }
}
