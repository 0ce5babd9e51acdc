//! The graphs stage: which term links to which, and each term's related terms.

use std::path::Path;
use std::sync::Arc;

use super::bodies::Bodies;
use super::cache::{read_checked, write_checked};
use super::session::BuildSession;
use crate::config::SiteConfig;
use crate::markdown::link_context::LinkContext;
use crate::model::related::RelatedInputs;
use crate::model::{LinkGraph, RelatedGraph, SiteModel};
use crate::render::RenderInput;

pub(super) struct Graphs {
    pub(super) links: LinkGraph,
    pub(super) related: Arc<RelatedGraph>,
    /// What the related terms were computed from, to reuse them in a session.
    pub(super) related_key: u64,
}

impl BuildSession {
    /// Language `l`'s link graph of the bodies and related terms (the last build's, if
    /// their inputs are unchanged). `model_key` is the key of what the model was built from.
    pub(super) fn graphs(
        &mut self,
        l: usize,
        model: &SiteModel,
        model_key: u64,
        bodies: &Bodies,
        site: &SiteConfig,
        stored: Option<&Path>,
    ) -> Graphs {
        let links = LinkGraph::new(
            model.terms.len(),
            bodies
                .rendered
                .iter()
                .map(|b| (b.references.clone(), b.mentions.clone())),
        );
        let related_key = crate::hash::hash_of(&(model_key, &links.references, &links.mentions));
        let related = match self.languages[l].related.take() {
            Some((key, related)) if key == related_key => related,
            _ => Arc::new(stored_related(stored.map(|d| (d, l, related_key)), || {
                compute_related(model, &links, site)
            })),
        };
        Graphs {
            links,
            related,
            related_key,
        }
    }
}

impl Graphs {
    /// Everything the renderer reads; `html` and `contexts` come from `bodies`.
    pub(super) fn render_input<'a>(
        &'a self,
        site: &'a SiteConfig,
        model: &'a SiteModel,
        html: &'a [&'a str],
        bodies: &'a Bodies,
        contexts: &'a [&'a [LinkContext]],
    ) -> RenderInput<'a> {
        RenderInput {
            site,
            model,
            bodies: html,
            summaries: &bodies.summaries,
            links: &self.links,
            related: &self.related,
            contexts,
        }
    }
}

/// The related terms of language `l` from the build cache (`dir`), when they were stored for
/// the same inputs (`key`); else `compute`d and stored for the next build. A missing, stale
/// or corrupt file is computed anew: the cache only saves time.
fn stored_related(
    store: Option<(&Path, usize, u64)>,
    compute: impl FnOnce() -> RelatedGraph,
) -> RelatedGraph {
    let Some((dir, l, key)) = store else {
        return compute();
    };
    let path = dir.join(format!("{}{l}", super::cache::RELATED_PREFIX));
    if let Some((stored_key, graph)) = read_checked::<(u64, RelatedGraph)>(&path) {
        if stored_key == key {
            return graph;
        }
    }
    let graph = compute();
    let _ = write_checked(&path, &(key, &graph));
    graph
}

pub(super) fn compute_related(
    model: &SiteModel,
    links: &LinkGraph,
    site: &SiteConfig,
) -> RelatedGraph {
    let term_tags: Vec<Vec<usize>> = model.terms.iter().map(|t| t.tags.clone()).collect();
    let term_cats: Vec<Vec<usize>> = model.terms.iter().map(|t| t.categories.clone()).collect();
    let tag_postings: Vec<Vec<usize>> = model.tags.items.iter().map(|i| i.terms.clone()).collect();
    let cat_postings: Vec<Vec<usize>> = model
        .categories
        .items
        .iter()
        .map(|i| i.terms.clone())
        .collect();
    let manual: Vec<Vec<usize>> = model.terms.iter().map(|t| t.related.clone()).collect();
    let linked = links.neighbours();
    let stated = crate::model::relations::stated_neighbours(
        &model.terms.iter().map(|t| &t.relations).collect::<Vec<_>>(),
    );
    let excluded: Vec<bool> = model.terms.iter().map(|t| t.relations.deprecated).collect();
    RelatedGraph::compute(&RelatedInputs {
        term_count: model.terms.len(),
        term_tags: &term_tags,
        tag_postings: &tag_postings,
        term_categories: &term_cats,
        category_postings: &cat_postings,
        linked: &linked,
        manual: &manual,
        stated: &stated,
        excluded: &excluded,
        weights: &site.config.related.weights,
        limit: site.config.related.limit,
    })
}

impl BuildSession {
    /// The graphs stage for every language (see [`BuildSession::graphs`]).
    pub(super) fn graphs_of(
        &mut self,
        models: &super::languages::Models,
        bodies: &[Bodies],
        langs: &super::languages::Languages,
        run: &mut super::Run,
    ) -> Vec<Graphs> {
        // A one-shot build keeps the related terms in the build cache, if it has one (a
        // session keeps its own).
        let stored = run.cache.clone().filter(|_| self.one_shot);
        let all = (0..langs.codes.len())
            .map(|l| {
                let (model, key) = (&models.list[l], models.keys[l]);
                self.graphs(
                    l,
                    model,
                    key,
                    &bodies[l],
                    &langs.sites[l],
                    stored.as_deref(),
                )
            })
            .collect();
        run.lap("related", []);
        all
    }
}
