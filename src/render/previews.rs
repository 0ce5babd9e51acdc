//! Hover and focus previews of term links: without JavaScript a link to a term carries the
//! term's summary in `title`; the theme's `preview.js` turns that into an accessible preview
//! with the title and reading from `search-index.json` (one shared, cached file).
//!
//! Body HTML is rendered before summaries exist (a summary may come from a body), so the
//! `title` of the links a body makes is added here, when its page is rendered.

use std::collections::HashMap;

use crate::model::TermId;
use crate::text::escape_html;

/// The classes of the links bodies make to terms (references and auto-links).
const BODY_LINKS: [&str; 2] = ["<a class=\"term-ref\"", "<a class=\"term-auto\""];
const HREF: &str = " href=\"";

/// `html` with ` title="summary"` added to every body link to a term that has a summary
/// (before `href`, so the link text still follows the URL). `ids` maps a term's escaped URL
/// (as written in `href`) to its id.
pub fn titled_links(html: &str, ids: &HashMap<String, TermId>, summaries: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut rest = html;
    while let Some(tag_end) = BODY_LINKS
        .iter()
        .filter_map(|open| rest.find(open).map(|at| at + open.len()))
        .min()
    {
        out.push_str(&rest[..tag_end]);
        rest = &rest[tag_end..];
        let Some(after) = rest.strip_prefix(HREF) else {
            continue;
        };
        let Some(href_len) = after.find('"') else {
            continue;
        };
        let summary = ids
            .get(&after[..href_len])
            .and_then(|&id| summaries.get(id))
            .filter(|s| !s.is_empty());
        if let Some(summary) = summary {
            out.push_str(" title=\"");
            out.push_str(&escape_html(summary));
            out.push('"');
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_summary_to_term_links_only() {
        let ids = HashMap::from([("/terms/a/".to_string(), 0), ("/terms/b/".to_string(), 1)]);
        let summaries = vec!["A は \"指標\"".to_string(), String::new()];
        let html = "<p><a class=\"term-ref\" href=\"/terms/a/\">A</a> <a href=\"/terms/a/\">x</a> <a class=\"term-auto\" href=\"/terms/b/\">B</a></p>";
        assert_eq!(
            titled_links(html, &ids, &summaries),
            "<p><a class=\"term-ref\" title=\"A は &quot;指標&quot;\" href=\"/terms/a/\">A</a> <a href=\"/terms/a/\">x</a> <a class=\"term-auto\" href=\"/terms/b/\">B</a></p>"
        );
    }
}
