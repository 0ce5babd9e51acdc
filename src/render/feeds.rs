//! Data files: sitemap.xml, atom.xml, robots.txt, search-index.json, graph.json.
//!
//! Written by hand rather than through templates: their formats are fixed by standards and
//! by the contract, not by a theme.

use std::fmt::Write as _;

use serde::Serialize;

use super::RenderInput;
use crate::reading::Derived;
use crate::text::escape_xml;

pub fn sitemap(input: &RenderInput<'_>, page_urls: &[String]) -> String {
    let base = &input.site.base;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in page_urls {
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc></url>",
            escape_xml(&base.absolute(url))
        );
    }
    for term in &input.model.terms {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            escape_xml(&base.absolute(&term.url))
        );
        if let Some(d) = term.updated.as_deref().or(term.date.as_deref()) {
            let _ = write!(out, "<lastmod>{}</lastmod>", escape_xml(d));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Atom feed of the 20 most recently updated terms.
pub fn atom(input: &RenderInput<'_>) -> String {
    let base = &input.site.base;
    let cfg = &input.site.config;
    let recent = super::recent(input.model, 20);
    let newest = recent
        .first()
        .and_then(|&i| {
            let t = &input.model.terms[i];
            t.updated.as_deref().or(t.date.as_deref())
        })
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(out, " xml:lang=\"{}\">", escape_xml(&cfg.language));
    let _ = writeln!(out, "  <title>{}</title>", escape_xml(&cfg.title));
    let _ = writeln!(out, "  <link href=\"{}\"/>", escape_xml(&base.full()));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" href=\"{}\"/>",
        escape_xml(&base.absolute(&format!("{}atom.xml", base.path)))
    );
    let _ = writeln!(out, "  <id>{}</id>", escape_xml(&base.full()));
    let _ = writeln!(out, "  <updated>{newest}</updated>");
    let _ = writeln!(out, "  <generator>glossgen</generator>");
    for id in recent {
        let t = &input.model.terms[id];
        let url = base.absolute(&t.url);
        let published = t.date.as_deref().map(rfc3339);
        let updated = t
            .updated
            .as_deref()
            .or(t.date.as_deref())
            .map(rfc3339)
            .unwrap_or_default();
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", escape_xml(&t.title));
        let _ = writeln!(out, "    <link href=\"{}\"/>", escape_xml(&url));
        let _ = writeln!(out, "    <id>{}</id>", escape_xml(&url));
        if let Some(p) = published {
            let _ = writeln!(out, "    <published>{p}</published>");
        }
        let _ = writeln!(out, "    <updated>{updated}</updated>");
        if let Some(author) = t.author.as_ref().and_then(|a| cfg.authors.get(a)) {
            let _ = writeln!(
                out,
                "    <author><name>{}</name></author>",
                escape_xml(&author.name)
            );
        }
        let _ = writeln!(
            out,
            "    <summary>{}</summary>",
            escape_xml(&input.summaries[id])
        );
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// A front-matter date as an RFC 3339 timestamp (midnight UTC for a plain date).
fn rfc3339(d: &str) -> String {
    if d.len() == 10 {
        format!("{d}T00:00:00Z")
    } else {
        d.replacen(' ', "T", 1)
    }
}

pub fn robots(input: &RenderInput<'_>) -> String {
    let base = &input.site.base;
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        base.absolute(&format!("{}sitemap.xml", base.path))
    )
}

#[derive(Serialize)]
struct SearchEntry<'a> {
    title: &'a str,
    /// Aliases, then the English name.
    aliases: Vec<&'a str>,
    reading: &'a str,
    url: &'a str,
    summary: &'a str,
    tags: Vec<&'a str>,
    /// Added to the contract's keys (left out when empty, to keep the index small):
    /// category names, and the derived hiragana readings of kanji titles and aliases
    /// (`readings`) and of kanji tags and categories (`tag_readings`). The search script
    /// matches kana and romaji queries against them; romaji is derived there, not stored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    categories: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    readings: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tag_readings: Vec<&'a str>,
    /// Present (and true) only for deprecated terms, to mark them in results.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deprecated: bool,
}

/// The distinct derived readings among `readings`, in order.
fn distinct_readings<'a>(readings: impl Iterator<Item = Option<&'a Derived>>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for d in readings.flatten() {
        if !out.contains(&d.reading.as_str()) {
            out.push(&d.reading);
        }
    }
    out
}

/// The search index, serialized entry by entry as it is written (never a list of every
/// entry: 30 MB at 100,000 terms, beside the 59 MB of JSON).
struct SearchEntries<'i, 'a>(&'i RenderInput<'a>);

impl Serialize for SearchEntries<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let input = self.0;
        serializer.collect_seq((0..input.model.terms.len()).map(|i| search_entry(input, i)))
    }
}

fn search_entry<'a>(input: &'a RenderInput<'_>, i: usize) -> SearchEntry<'a> {
    let tags = &input.model.tags.items;
    let cats = &input.model.categories.items;
    let t = &input.model.terms[i];
    SearchEntry {
        title: &t.title,
        aliases: t.names().skip(1).collect(),
        reading: t.reading.as_deref().unwrap_or(""),
        url: &t.url,
        summary: &input.summaries[i],
        tags: t.tags.iter().map(|&g| tags[g].name.as_str()).collect(),
        categories: t
            .categories
            .iter()
            .map(|&c| cats[c].name.as_str())
            .collect(),
        readings: distinct_readings(t.name_readings.iter().map(Option::as_ref)),
        tag_readings: distinct_readings(
            t.tags
                .iter()
                .map(|&g| tags[g].reading.as_ref())
                .chain(t.categories.iter().map(|&c| cats[c].reading.as_ref())),
        ),
        deprecated: t.relations.deprecated,
    }
}

pub fn search_index(input: &RenderInput<'_>) -> String {
    serde_json::to_string(&SearchEntries(input)).unwrap_or_else(|_| "[]".into())
}

/// [`search_index`] written to `out` as it is made.
pub fn write_search_index(
    input: &RenderInput<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer(out, &SearchEntries(input)).map_err(std::io::Error::other)
}

/// graph.json lives in [`super::graph`]; re-exported so callers keep one path for data files.
pub use super::graph::graph;
