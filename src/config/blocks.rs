//! `publisher:` and `blocks:` of config.yaml: what the reader blocks of term pages show.

use serde::Deserialize;

use super::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, Problem};

/// `publisher:` in config.yaml: the company box of term pages.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub url: Option<String>,
    /// Logo image URL or site path; shown with an empty `alt` (the name is beside it).
    #[serde(default)]
    pub logo: Option<String>,
}

/// `blocks:` in config.yaml: the reader blocks of term pages, each optional. Defaults keep
/// a term page light (about 1 KB of blocks at 10k terms): lists are capped, the series
/// block and CTA banners are opt-in.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlocksConfig {
    /// Every category as a banner, the term's own marked (capped at `series_limit`).
    pub series: bool,
    pub series_limit: usize,
    /// Terms with `featured: true`, on every term page (at most `featured_limit`).
    pub featured: bool,
    pub featured_limit: usize,
    /// The `publisher:` box (when `publisher:` is set).
    pub publisher: bool,
    /// The `english:` name beside the title.
    pub english: bool,
    /// Previous and next term in the term's first category.
    pub prev_next: bool,
    /// A table of contents when the body has at least `toc_min_headings` `##`/`###` headings.
    pub toc: bool,
    pub toc_min_headings: usize,
    /// Minutes to read: 500 Japanese characters or 200 English words a minute.
    pub reading_time: bool,
    /// The terms this one links to, and a link to it on the term map.
    pub neighbourhood: bool,
    /// CTA banners (ids of `extra.cta`) placed after the body of every term page.
    pub cta: Vec<String>,
}

impl Default for BlocksConfig {
    fn default() -> Self {
        BlocksConfig {
            // Off by default: 12 category banners are ~2 KB on every page (the footer lists
            // the categories already); sites of a glossary series turn it on.
            series: false,
            series_limit: 12,
            featured: true,
            featured_limit: 3,
            publisher: true,
            english: true,
            prev_next: true,
            toc: true,
            toc_min_headings: 3,
            reading_time: true,
            neighbourhood: true,
            cta: Vec::new(),
        }
    }
}

impl BlocksConfig {
    /// Every `blocks.cta` id must name a banner of `extra.cta` with `text` and `url`.
    pub(super) fn check(&self, extra: &serde_json::Value) -> Vec<Diagnostic> {
        self.cta
            .iter()
            .filter(|id| {
                let banner = &extra["cta"][id.as_str()];
                !(banner["text"].is_string() && banner["url"].is_string())
            })
            .map(|id| Diagnostic::error(CONFIG_FILE, Problem::MissingCtaBanner { id: id.clone() }))
            .collect()
    }
}
