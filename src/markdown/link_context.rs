//! Contextual backlinks: for each term a body links to, the sentence around its first link,
//! so the linked term's "Referenced by" list can show how it is used.
//!
//! Computed from the events a body is rendered from, in one pass that only runs when the
//! body has links: no body is parsed again for its backlinks.

use std::collections::HashSet;

use pulldown_cmark::{Event, TagEnd};

use crate::model::TermId;
use crate::text::is_cjk;

/// About how many characters of text a context shows, mention included.
pub const CONTEXT_CHARS: usize = 80;

/// The text around one link, split so that a template can highlight the mention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LinkContext {
    pub target: TermId,
    /// The file line of the link, for messages about it.
    pub line: usize,
    /// Text before the mention; starts with `…` when cut inside the sentence.
    pub before: String,
    pub mention: String,
    /// Text after the mention; ends with `…` when cut inside the sentence.
    pub after: String,
}

/// One link in a body's output events: the events that open and close it.
#[derive(Debug, Clone, Copy)]
pub struct LinkSpan {
    pub target: TermId,
    pub open: usize,
    pub close: usize,
    pub line: usize,
}

/// The context of the first link to each target, sorted by target. `spans` must be in
/// event order.
pub fn collect(events: &[Event<'_>], spans: &[LinkSpan]) -> Vec<LinkContext> {
    let mut out: Vec<LinkContext> = Vec::new();
    if spans.is_empty() {
        return out;
    }
    let mut seen: HashSet<TermId> = HashSet::new();
    let mut block = String::new();
    let mut gap = false;
    // Links of the current block: (span, byte start, byte end) in `block`.
    let mut in_block: Vec<(LinkSpan, usize, Option<usize>)> = Vec::new();
    let mut next = spans.iter().peekable();
    let mut code_depth = 0usize;
    for (i, event) in events.iter().enumerate() {
        while let Some(span) = next.next_if(|s| s.open == i) {
            if seen.insert(span.target) {
                push_gap(&mut block, &mut gap, None);
                in_block.push((*span, block.len(), None));
            }
        }
        match event {
            Event::Text(t) | Event::Code(t) if code_depth == 0 => {
                push_gap(&mut block, &mut gap, t.chars().next());
                block.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => gap = true,
            Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(end) => {
                if matches!(end, TagEnd::CodeBlock) {
                    code_depth = code_depth.saturating_sub(1);
                }
                if is_block_end(end) {
                    flush(&mut block, &mut in_block, &mut out);
                    gap = false;
                }
            }
            _ => {}
        }
        for (span, _, end) in in_block.iter_mut() {
            if span.close == i && end.is_none() {
                *end = Some(block.len());
            }
        }
    }
    flush(&mut block, &mut in_block, &mut out);
    out.sort_by_key(|c| c.target);
    out
}

/// A pending line break becomes a space, except between two CJK characters.
fn push_gap(block: &mut String, gap: &mut bool, next: Option<char>) {
    if !*gap {
        return;
    }
    let prev = block.chars().next_back();
    match (prev, next) {
        (Some(p), Some(n)) if is_cjk(p) && is_cjk(n) => {}
        (Some(p), Some(_)) if !p.is_whitespace() => block.push(' '),
        _ => return,
    }
    *gap = false;
}

fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::FootnoteDefinition
    )
}

fn flush(
    block: &mut String,
    in_block: &mut Vec<(LinkSpan, usize, Option<usize>)>,
    out: &mut Vec<LinkContext>,
) {
    for (span, start, end) in in_block.drain(..) {
        let end = end.unwrap_or(block.len()).max(start);
        let (before, mention, after) = around(block, start, end, CONTEXT_CHARS);
        out.push(LinkContext {
            target: span.target,
            line: span.line,
            before,
            mention,
            after,
        });
    }
    block.clear();
}

/// Ends a sentence: always for the CJK full stops, and for `.!?` before whitespace.
fn ends_sentence(text: &str, byte: usize, c: char) -> bool {
    match c {
        '。' | '！' | '？' | '．' => true,
        '.' | '!' | '?' => text[byte + c.len_utf8()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace),
        _ => false,
    }
}

/// The sentence of `text` around `start..end`, cut to about `max` characters at character
/// boundaries (half the room before the mention, half after, unused room given to the other
/// side), with `…` where it was cut.
pub fn around(text: &str, start: usize, end: usize, max: usize) -> (String, String, String) {
    let sentence_start = text[..start]
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_sentence(text, i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let sentence_end = text[end..]
        .char_indices()
        .find(|&(i, c)| ends_sentence(text, end + i, c))
        .map_or(text.len(), |(i, c)| end + i + c.len_utf8());
    let before_all = text[sentence_start..start].trim_start();
    let after_all = text[end..sentence_end].trim_end();
    let mention = &text[start..end];
    let room = max.saturating_sub(mention.chars().count());
    let (have_before, have_after) = (before_all.chars().count(), after_all.chars().count());
    let mut take_before = have_before.min(room / 2);
    let take_after = have_after.min(room - take_before);
    take_before = have_before.min(room - take_after);
    let before = match before_all.char_indices().nth(have_before - take_before) {
        Some((cut, _)) if take_before < have_before => {
            format!("…{}", before_all[cut..].trim_start())
        }
        _ => before_all.to_string(),
    };
    let after = match after_all.char_indices().nth(take_after) {
        Some((cut, _)) => format!("{}…", after_all[..cut].trim_end()),
        None => after_all.to_string(),
    };
    (before, mention.to_string(), after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, mention: &str, max: usize) -> (String, String, String) {
        let start = text.find(mention).unwrap();
        around(text, start, start + mention.len(), max)
    }

    #[test]
    fn keeps_a_short_sentence_whole_and_drops_the_others() {
        let text = "前の文。顧客はLTVを見て判断する。次の文。";
        let (b, m, a) = split(text, "LTV", 80);
        assert_eq!(
            (b.as_str(), m.as_str(), a.as_str()),
            ("顧客は", "LTV", "を見て判断する。")
        );
        let text = "First one. We track LTV monthly. Next one.";
        let (b, _, a) = split(text, "LTV", 80);
        assert_eq!((b.as_str(), a.as_str()), ("We track ", " monthly."));
    }

    #[test]
    fn cuts_a_long_sentence_at_character_boundaries() {
        let long = "あ".repeat(100);
        let text = format!("{long}LTV{long}");
        let (b, m, a) = split(&text, "LTV", 80);
        assert_eq!(m, "LTV");
        assert!(b.starts_with('…') && a.ends_with('…'), "{b} {a}");
        let shown = b.chars().count() + a.chars().count() + m.chars().count();
        assert!(shown <= 80 + 2, "{shown}");
        // Room unused before the mention goes after it.
        let text = format!("LTV{long}");
        let (b, _, a) = split(&text, "LTV", 80);
        assert_eq!(b, "");
        assert_eq!(a.chars().count(), 77 + 1);
    }

    #[test]
    fn decimals_and_abbreviations_do_not_end_sentences() {
        let text = "Version 2.5 of the CDP is out";
        let (b, _, _) = split(text, "CDP", 80);
        assert_eq!(b, "Version 2.5 of the ");
    }
}
