//! Template values built once per build and shared by every page.
//!
//! Tera 2 values are reference-counted, so a card or the tag list built here is handed to
//! thousands of page contexts by cloning a pointer, never by copying the data.

use rayon::prelude::*;
use tera::{Map, Value};

use crate::model::taxonomy::{ItemId, TaxonomyKind};
use crate::model::{SiteModel, TermId};
use crate::text::iri_segment;

/// Builds a template map from `(key, value)` pairs.
pub fn object<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let mut map = Map::with_capacity(N);
    for (k, v) in pairs {
        map.insert(k.into(), v);
    }
    Value::from(map)
}

pub fn opt_str(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

pub fn str_list(items: &[String]) -> Value {
    Value::from(
        items
            .iter()
            .map(|s| Value::from(s.as_str()))
            .collect::<Vec<_>>(),
    )
}

/// URL path of a taxonomy item's first page, as an IRI (for HTML: see [`iri_segment`]).
pub fn item_url(base_path: &str, kind: TaxonomyKind, slug: &str) -> String {
    format!("{base_path}{}/{}/", kind.dir(), iri_segment(slug))
}

/// Everything shared: per-term cards, per-item taxonomy values.
pub struct SharedValues {
    pub cards: Vec<Value>,
    pub tag_items: Vec<Value>,
    pub category_items: Vec<Value>,
    pub all_tags: Value,
    pub all_categories: Value,
}

impl SharedValues {
    pub fn build(model: &SiteModel, base_path: &str, summaries: &[String]) -> SharedValues {
        let items = |kind: TaxonomyKind| -> Vec<Value> {
            model
                .taxonomy(kind)
                .items
                .iter()
                .map(|item| {
                    object([
                        ("name", Value::from(item.name.as_str())),
                        ("slug", Value::from(item.slug.as_str())),
                        ("url", Value::from(item_url(base_path, kind, &item.slug))),
                        ("count", Value::from(item.terms.len())),
                    ])
                })
                .collect()
        };
        let tag_items = items(TaxonomyKind::Tags);
        let category_items = items(TaxonomyKind::Categories);
        let pick = |ids: &[ItemId], all: &[Value]| {
            Value::from(ids.iter().map(|&i| all[i].clone()).collect::<Vec<_>>())
        };
        // In parallel: the renderer is made on the main thread before the pages, and the
        // cards were half of that (~20 ms at 10k terms).
        let cards = model
            .terms
            .par_iter()
            .zip(summaries)
            .map(|(t, summary)| {
                object([
                    ("slug", Value::from(t.slug.as_str())),
                    ("title", Value::from(t.title.as_str())),
                    ("reading", Value::from(t.reading.as_deref().unwrap_or(""))),
                    ("aliases", str_list(&t.aliases)),
                    ("url", Value::from(t.url.as_str())),
                    ("summary", Value::from(summary.as_str())),
                    ("categories", pick(&t.categories, &category_items)),
                    ("tags", pick(&t.tags, &tag_items)),
                    ("deprecated", Value::from(t.relations.deprecated)),
                ])
            })
            .collect();
        SharedValues {
            cards,
            all_tags: Value::from(tag_items.clone()),
            all_categories: Value::from(category_items.clone()),
            tag_items,
            category_items,
        }
    }

    pub fn cards_of(&self, ids: impl IntoIterator<Item = TermId>) -> Value {
        Value::from(
            ids.into_iter()
                .map(|i| self.cards[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    pub fn items(&self, kind: TaxonomyKind) -> &[Value] {
        match kind {
            TaxonomyKind::Tags => &self.tag_items,
            TaxonomyKind::Categories => &self.category_items,
        }
    }
}
