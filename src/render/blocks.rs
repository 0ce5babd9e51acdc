//! The reader blocks of term pages (`blocks:` in config.yaml): glossary series, featured
//! terms, publisher box, CTA banners, English name, previous/next in the category, table of
//! contents, reading time, neighbourhood. Site-wide parts are built once per build
//! ([`BlockData::build`]); per-term parts are cheap lookups, so no loop runs over all terms
//! per page.

use std::borrow::Cow;

use tera::{Map, Value};

use super::term_view::TermView;
use super::values::{object, SharedValues};
use crate::config::Config;
use crate::model::{LinkGraph, SiteModel, TermId};

/// How many terms the neighbourhood block lists (the term map shows the rest).
pub const NEIGHBOURHOOD_LIMIT: usize = 8;

/// Block values shared by every term page, and the previous/next term of each term.
pub struct BlockData {
    /// Category values for the series banners (most used first, capped), by category id:
    /// as is, and marked `current` (made once here, not copied on every term page).
    pub(super) series: Vec<(usize, Value, Value)>,
    pub(super) featured: Vec<TermId>,
    pub(super) publisher: Value,
    pub(super) cta: Value,
    /// Per term: (previous, next) in its first category's order.
    pub(super) neighbours: Vec<(Option<TermId>, Option<TermId>)>,
}

impl BlockData {
    /// `category_order`: per category, its terms in display order.
    pub fn build(
        model: &SiteModel,
        cfg: &Config,
        shared: &SharedValues,
        category_order: &[Vec<TermId>],
    ) -> BlockData {
        let b = &cfg.blocks;
        let mut series: Vec<usize> = (0..model.categories.items.len()).collect();
        series.sort_by_key(|&i| (std::cmp::Reverse(model.categories.items[i].terms.len()), i));
        series.truncate(b.series_limit);
        series.sort_unstable();
        let series = series
            .into_iter()
            .map(|i| {
                let item = &shared.category_items[i];
                let mark = |current: bool| with(item, "current", Value::from(current));
                (i, mark(false), mark(true))
            })
            .collect();
        let featured = super::featured(model).collect();
        let publisher = match &cfg.publisher {
            Some(p) if b.publisher => Value::from_serializable(p),
            _ => Value::none(),
        };
        let cta = Value::from(
            b.cta
                .iter()
                .map(|id| Value::from_serializable(&cfg.extra["cta"][id.as_str()]))
                .collect::<Vec<_>>(),
        );
        let mut neighbours = vec![(None, None); model.terms.len()];
        if b.prev_next {
            for (cat, ids) in category_order.iter().enumerate() {
                for (i, &t) in ids.iter().enumerate() {
                    // Only the term's first category decides, so each term gets one pair.
                    if model.terms[t].categories.first() != Some(&cat) {
                        continue;
                    }
                    let prev = i.checked_sub(1).map(|p| ids[p]);
                    neighbours[t] = (prev, ids.get(i + 1).copied());
                }
            }
        }
        BlockData {
            series,
            featured,
            publisher,
            cta,
            neighbours,
        }
    }
}

/// Adds the enabled blocks to a term page's `term` value (`term.blocks`, `term.english`).
/// (`term.content` is made keyboard-scrollable by `term_value`, see [`keyboard_scrollable`].)
pub(super) fn add_blocks(view: &TermView, map: &mut Map) {
    let site = &view.site;
    let b = &site.site.config.blocks;
    let data = site.blocks;
    let english = view.english.filter(|_| b.english);
    map.insert("english".into(), super::values::opt_str(english));
    let mut blocks = Map::new();
    if b.series && !data.series.is_empty() {
        let list = view.series.iter().map(|(s, current)| {
            let (_, plain, marked) = &data.series[s.index];
            if *current {
                marked.clone()
            } else {
                plain.clone()
            }
        });
        blocks.insert("series".into(), Value::from(list.collect::<Vec<_>>()));
    }
    if b.featured {
        blocks.insert("featured".into(), site.cards(&view.featured_cards));
    }
    blocks.insert("publisher".into(), data.publisher.clone());
    blocks.insert("cta".into(), data.cta.clone());
    if b.prev_next {
        blocks.insert("previous".into(), site.card(view.previous));
        blocks.insert("next".into(), site.card(view.next));
    }
    let body = view.body;
    if b.toc {
        let toc = table_of_contents(body);
        if toc.len() >= b.toc_min_headings.max(1) {
            blocks.insert("toc".into(), Value::from(toc));
        }
    }
    if b.reading_time {
        blocks.insert("reading_minutes".into(), Value::from(reading_minutes(body)));
    }
    if b.neighbourhood {
        blocks.insert("links_to".into(), site.cards(&view.links_to));
        let graph = format!(
            "{}graph/?term={}",
            site.site.base.path,
            crate::text::percent_encode_segment(view.slug)
        );
        blocks.insert("graph_url".into(), Value::from(graph));
    }
    map.insert("blocks".into(), Value::from(blocks));
}

/// The terms `id` links to (references and mentions), in site order, capped.
pub(super) fn links_to(links: &LinkGraph, id: TermId) -> Vec<TermId> {
    let mut ids: Vec<TermId> = links.references[id]
        .iter()
        .chain(&links.mentions[id])
        .copied()
        .filter(|&t| t != id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.truncate(NEIGHBOURHOOD_LIMIT);
    ids
}

/// The home page's recently updated terms, leaving out the featured ones (shown just above),
/// so no card appears twice.
pub fn recent_not_featured(model: &SiteModel, n: usize) -> Vec<TermId> {
    let mut ids = super::recent(model, n + model.terms.iter().filter(|t| t.featured).count());
    ids.retain(|&t| !model.terms[t].featured);
    ids.truncate(n);
    ids
}

/// Code blocks and tables scroll sideways inside themselves on phones: `tabindex="0"` lets
/// a keyboard scroll them (axe `scrollable-region-focusable`), and a code block gets a name.
/// Most bodies have neither: they are returned as they are, without a copy.
pub fn keyboard_scrollable<'h>(html: &'h str, code_label: impl FnOnce() -> String) -> Cow<'h, str> {
    let has = |needle: &str| memchr::memmem::find(html.as_bytes(), needle.as_bytes()).is_some();
    if !has("<pre>") && !has("<table>") {
        return Cow::Borrowed(html);
    }
    let label = crate::text::escape_html(&code_label());
    Cow::Owned(
        html.replace(
            "<pre>",
            &format!("<pre tabindex=\"0\" role=\"group\" aria-label=\"{label}\">"),
        )
        .replace("<table>", "<table tabindex=\"0\">"),
    )
}

/// A copy of the map `v` with `key` set.
fn with(v: &Value, key: &'static str, extra: Value) -> Value {
    let mut m = v.as_map().cloned().unwrap_or_default();
    m.insert(key.into(), extra);
    Value::from(m)
}

/// The `##` and `###` headings of a rendered body: `{level, id, title}` (title as HTML
/// text, already escaped by the Markdown renderer).
pub fn table_of_contents(html: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = memchr::memmem::find(rest.as_bytes(), b"<h") {
        rest = &rest[start + 2..];
        let level = match rest.as_bytes().first() {
            Some(b'2') => 2,
            Some(b'3') => 3,
            _ => continue,
        };
        let Some(open) = rest.strip_prefix(if level == 2 { "2 id=\"" } else { "3 id=\"" }) else {
            continue;
        };
        let Some(id_end) = open.find('"') else { break };
        let id = &open[..id_end];
        let after = &open[id_end..];
        let Some(gt) = after.find('>') else { break };
        let close = if level == 2 { "</h2>" } else { "</h3>" };
        let Some(end) = after.find(close) else { break };
        if gt < end {
            let title = strip_tags(&after[gt + 1..end]);
            out.push(object([
                ("level", Value::from(level)),
                ("id", Value::from(id)),
                ("title", Value::safe_string(title.trim())),
            ]));
        }
        rest = &after[end.min(after.len())..];
    }
    out
}

/// Text of an HTML fragment without its tags (entities kept).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Japanese characters read per minute, and English words.
const CHARS_PER_MINUTE: usize = 500;
const WORDS_PER_MINUTE: usize = 200;

/// Minutes to read a rendered body (at least 1): Japanese counted in characters (kana and
/// kanji), other text in words. One pass over the HTML, skipping tags, with no copy: it runs
/// once per term page.
pub fn reading_minutes(html: &str) -> usize {
    let mut japanese = 0;
    let mut words = 0;
    let mut in_word = false;
    let mut in_tag = false;
    for c in html.chars() {
        if in_tag {
            in_tag = c != '>';
            continue;
        }
        if c == '<' || c == '>' {
            in_tag = c == '<';
            continue;
        }
        let (is_japanese, word_char) = if c.is_ascii() {
            (false, c.is_ascii_alphanumeric())
        } else {
            let ja = matches!(c as u32,
                0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xff66..=0xff9f);
            (ja, !ja && c.is_alphanumeric())
        };
        japanese += usize::from(is_japanese);
        if word_char && !in_word {
            words += 1;
        }
        in_word = word_char;
    }
    let per_minute_x100 = japanese * 100 / CHARS_PER_MINUTE + words * 100 / WORDS_PER_MINUTE;
    per_minute_x100.div_ceil(100).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_lists_h2_and_h3_with_ids_and_plain_titles() {
        let html = "<p>x</p><h2 id=\"a\">A <a href=\"/t/\">link</a></h2><h3 id=\"b\">B</h3><h4 id=\"c\">C</h4><h2>no id</h2>";
        let toc = table_of_contents(html);
        let field = |i: usize, k: &'static str| {
            toc[i]
                .as_map()
                .and_then(|m| m.get(&k.into()))
                .map(|v| v.to_string())
        };
        assert_eq!(toc.len(), 2);
        assert_eq!(field(0, "id").as_deref(), Some("a"));
        assert_eq!(field(0, "title").as_deref(), Some("A link"));
        assert_eq!(field(1, "level").as_deref(), Some("3"));
    }

    #[test]
    fn reading_time_counts_japanese_characters_and_english_words() {
        assert_eq!(reading_minutes("<p>短い。</p>"), 1);
        let ja = format!("<p>{}</p>", "あ".repeat(1200));
        assert_eq!(reading_minutes(&ja), 3);
        let en = format!("<p>{}</p>", "word ".repeat(450));
        assert_eq!(reading_minutes(&en), 3);
    }
}
