//! Limits on a Markdown body that keep any input's cost linear and its nesting bounded.
//!
//! - Nesting: elements (Markdown blocks, inline markup, raw HTML) deeper than
//!   [`MAX_BODY_NESTING`] are refused; the minifiers recurse once per level.
//! - Tables: a GFM table row with fewer cells than the header is padded to the header's width,
//!   so a 5,000-column header over 2,000 one-character rows makes ten million cells from a few
//!   kilobytes (23 s and 5.5 GB before this limit). Tables are measured on the source, before
//!   pulldown-cmark builds anything, and refused over [`MAX_TABLE_COLUMNS`] columns, or when
//!   the body's tables have more cells than its bytes (at least [`MIN_CELL_BUDGET`] allowed):
//!   written-out cells take two bytes each, so only padding can exceed that, and the work
//!   stays linear in the size of the body.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::Problem;
use crate::nesting::HtmlNesting;
pub use crate::nesting::MAX_BODY_NESTING;

pub const MAX_TABLE_COLUMNS: usize = 1_000;
pub const MIN_CELL_BUDGET: usize = 10_000;

/// The first table over the limits: the byte offset of its delimiter row and the problem.
/// Over-estimates (every line up to the next blank line counts as a row), never under.
pub fn oversized_table(src: &str) -> Option<(usize, Problem)> {
    let budget = src.len().max(MIN_CELL_BUDGET);
    let mut cells_before = 0; // in the body's earlier tables
    let mut offset = 0;
    let mut table: Option<(usize, usize, usize)> = None; // (offset, columns, rows)
    for line in src.split_inclusive('\n') {
        let inner = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        let blank = inner.trim().is_empty();
        if let Some((at, columns, rows)) = table {
            if blank {
                cells_before += columns * (rows + 1);
                table = None;
            } else {
                let cells = cells_before + columns * (rows + 2);
                if cells > budget {
                    return Some((at, too_large(cells, columns, budget)));
                }
                table = Some((at, columns, rows + 1));
            }
        } else if let Some(columns) = delimiter_row_columns(inner) {
            if columns > MAX_TABLE_COLUMNS {
                return Some((offset, too_large(columns, columns, budget)));
            }
            table = Some((offset, columns, 0));
        }
        offset += line.len();
    }
    None
}

fn too_large(cells: usize, columns: usize, budget: usize) -> Problem {
    Problem::TableTooLarge {
        cells,
        columns,
        max_cells: budget,
        max_columns: MAX_TABLE_COLUMNS,
    }
}

/// `| --- | :-: |`: the number of columns, when the line is a table's delimiter row.
fn delimiter_row_columns(line: &str) -> Option<usize> {
    let line = line.trim();
    if !line.contains('|') || !line.contains('-') {
        return None;
    }
    if !line
        .bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
    {
        return None;
    }
    let columns = line
        .trim_matches('|')
        .split('|')
        .filter(|cell| cell.contains('-'))
        .count();
    (columns > 0).then_some(columns)
}

/// Tracks nesting over a body's events; reports the first event that goes too deep.
///
/// Markdown's own elements are fed to the same HTML scanner as the raw HTML between them, as
/// the tags they render to: the scanner then sees the page's real structure, where `</p>`
/// closing a paragraph also ends an `<svg>` opened inside it, and what follows it is HTML.
#[derive(Default)]
pub struct DepthGuard {
    html: HtmlNesting,
    reported: bool,
}

impl DepthGuard {
    /// Takes the next event; `Some(problem)` the first time the limit is crossed.
    pub fn observe(&mut self, event: &Event<'_>) -> Option<Problem> {
        match event {
            Event::Start(tag) => match start_tag(tag) {
                Some(name) => self.html.feed(name),
                None => return None,
            },
            Event::End(tag) => match end_tag(*tag) {
                Some(name) => self.html.feed(name),
                None => return None,
            },
            Event::Html(h) | Event::InlineHtml(h) => self.html.feed(h),
            _ => return None,
        }
        if self.reported || self.html.take_peak() <= MAX_BODY_NESTING {
            return None;
        }
        self.reported = true;
        Some(Problem::TooDeeplyNested {
            limit: MAX_BODY_NESTING,
        })
    }
}

/// The HTML start tag a Markdown element renders to, if it has one with content.
fn start_tag(tag: &Tag<'_>) -> Option<&'static str> {
    end_tag(tag.to_end()).map(|end| match end {
        "</p>" => "<p>",
        "</h1>" => "<h1>",
        "</blockquote>" => "<blockquote>",
        "</pre>" => "<pre>",
        "</ol>" => "<ol>",
        "</ul>" => "<ul>",
        "</li>" => "<li>",
        "</dl>" => "<dl>",
        "</dt>" => "<dt>",
        "</dd>" => "<dd>",
        "</table>" => "<table>",
        "</thead>" => "<thead>",
        "</tr>" => "<tr>",
        "</td>" => "<td>",
        "</em>" => "<em>",
        "</strong>" => "<strong>",
        "</del>" => "<del>",
        "</sup>" => "<sup>",
        "</sub>" => "<sub>",
        "</a>" => "<a>",
        _ => "<div>",
    })
}

/// The HTML end tag of a Markdown element; `None` for those that render no element around
/// content (raw HTML blocks, front matter) or a void one (images).
fn end_tag(tag: TagEnd) -> Option<&'static str> {
    Some(match tag {
        TagEnd::Paragraph => "</p>",
        TagEnd::Heading(_) => "</h1>",
        TagEnd::BlockQuote(_) => "</blockquote>",
        TagEnd::CodeBlock => "</pre>",
        TagEnd::List(true) => "</ol>",
        TagEnd::List(false) => "</ul>",
        TagEnd::Item => "</li>",
        TagEnd::DefinitionList => "</dl>",
        TagEnd::DefinitionListTitle => "</dt>",
        TagEnd::DefinitionListDefinition => "</dd>",
        TagEnd::Table => "</table>",
        TagEnd::TableHead => "</thead>",
        TagEnd::TableRow => "</tr>",
        TagEnd::TableCell => "</td>",
        TagEnd::Emphasis => "</em>",
        TagEnd::Strong => "</strong>",
        TagEnd::Strikethrough => "</del>",
        TagEnd::Superscript => "</sup>",
        TagEnd::Subscript => "</sub>",
        TagEnd::Link => "</a>",
        TagEnd::FootnoteDefinition => "</div>",
        TagEnd::HtmlBlock | TagEnd::Image | TagEnd::MetadataBlock(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_long_tables_are_found_small_ones_pass() {
        let small = "| a | b |\n|---|:-:|\n| 1 | 2 |\n";
        assert!(oversized_table(small).is_none());
        let header = "|a".repeat(2_000);
        let delim = "|-".repeat(2_000);
        let wide = format!("text\n\n{header}|\n{delim}|\n|x|\n");
        let (at, problem) = oversized_table(&wide).expect("too wide");
        assert_eq!(at, "text\n\n".len() + header.len() + 2);
        assert!(matches!(
            problem,
            Problem::TableTooLarge { columns: 2_000, .. }
        ));
        let rows = "|x|\n".repeat(1_000);
        let long = format!("{}|\n{}|\n{rows}", "|a".repeat(500), "|-".repeat(500));
        assert!(oversized_table(&long).is_some());
        // Many tables, each small enough, add up.
        let one = format!(
            "{}|\n{}|\n{}\n",
            "|a".repeat(50),
            "|-".repeat(50),
            "|x|\n".repeat(50)
        );
        assert!(oversized_table(&one).is_none());
        assert!(oversized_table(&one.repeat(10)).is_some());
        // Written-out cells always fit: two bytes each.
        let full = format!(
            "{}|\n{}|\n{}",
            "|a".repeat(200),
            "|-".repeat(200),
            format!("{}|\n", "|x".repeat(200)).repeat(200)
        );
        assert!(oversized_table(&full).is_none());
        // Not a delimiter row: text, a thematic break, a setext underline.
        assert!(oversized_table("a - b | c\n---\n***\n").is_none());
    }
}
