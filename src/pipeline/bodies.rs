//! The bodies stage: every term's Markdown to HTML (reusing unchanged ones in a session),
//! and each term's summary.

use std::sync::Arc;

use rayon::prelude::*;

use super::cache::BodyStore;
use super::session::{BodyInputs, BuildSession, CachedBody};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::link_context::LinkContext;
use crate::markdown::shortcodes::{self, Expander};
use crate::markdown::{self, BodyContext, RenderedBody};
use crate::model::{SiteModel, TermId};
use crate::render::shortcodes::ShortcodeTemplates;
use crate::render::theme::Theme;
use crate::text::cut_chars;

/// Every term's rendered body and summary, by term id.
pub(super) struct Bodies {
    pub(super) rendered: Vec<Arc<RenderedBody>>,
    pub(super) summaries: Vec<String>,
    /// In a session's later builds: the terms whose body was rendered again (edited).
    pub(super) edited: Vec<TermId>,
}

impl Bodies {
    pub(super) fn html(&self) -> Vec<&str> {
        self.rendered.iter().map(|b| b.html.as_str()).collect()
    }

    /// Per term: the sentence around its first link to each term it links to.
    pub(super) fn contexts(&self) -> Vec<&[LinkContext]> {
        self.rendered
            .iter()
            .map(|b| b.contexts.as_slice())
            .collect()
    }
}

impl BuildSession {
    /// Renders the bodies and their summaries; a body's problems go to `diags`.
    pub(super) fn bodies(
        &mut self,
        model: &SiteModel,
        site: &SiteConfig,
        theme: Option<&Theme>,
        stored: Option<BodyStore>,
        diags: &mut Diagnostics,
    ) -> Bodies {
        let expander = theme.map(|t| ShortcodeTemplates::new(t, site));
        // Bodies with shortcodes depend on the shortcode templates and on `extra` (`cta`).
        let shortcodes_key = theme.map_or(0, |t| {
            crate::hash::hash_of(&(t.fingerprint, format!("{:?}", site.config.extra)))
        });
        let (rendered, edited) = self.render_bodies(
            model,
            expander.as_ref().map(|e| e as &dyn Expander),
            shortcodes_key,
            stored,
        );
        for (term, body) in model.terms.iter().zip(&rendered) {
            for (line, problem) in &body.problems {
                diags.push(Diagnostic::error(term.source.clone(), problem.clone()).at_line(*line));
            }
        }
        let summaries = summaries(model, &rendered, site.config.summary_length);
        Bodies {
            rendered,
            summaries,
            edited,
        }
    }

    /// The rendered bodies kept by the build cache, in a one-shot build that uses one (a
    /// session keeps its own).
    pub(super) fn stored_bodies(&self, run: &super::Run, site: &SiteConfig) -> Option<BodyStore> {
        let dir = run.cache_dir(site).filter(|_| self.one_shot)?;
        Some(BodyStore::open(&dir))
    }

    /// Renders every body, reusing the previous result of a term whose body, settings and
    /// the site's names (which decide references and auto-links) are all unchanged. Gives
    /// the bodies, and (after a session's first build) the terms whose body was rendered.
    fn render_bodies(
        &mut self,
        model: &SiteModel,
        shortcodes: Option<&dyn Expander>,
        shortcodes_key: u64,
        stored: Option<BodyStore>,
    ) -> (Vec<Arc<RenderedBody>>, Vec<TermId>) {
        let cache = &self.bodies;
        let results: Vec<(CachedBody, u64)> = model
            .terms
            .par_iter()
            .enumerate()
            .map(|(id, term)| {
                let inputs = BodyInputs {
                    // Term ids, URLs and names: references and auto-links depend on them all.
                    names: model.names_hash,
                    body: Arc::clone(&term.body),
                    autolink: term.autolink,
                    first_line: term.body_line,
                    shortcodes: if shortcodes::may_contain(&term.body) {
                        shortcodes_key
                    } else {
                        0
                    },
                };
                let key = stored.as_ref().map_or(0, |_| inputs.key(id));
                if let Some(hit) = cache.get(&term.slug).filter(|c| c.inputs == inputs) {
                    return (hit.clone(), key);
                }
                if let Some(rendered) = stored.as_ref().and_then(|s| s.get(key)) {
                    return (CachedBody { inputs, rendered }, key);
                }
                let ctx = BodyContext {
                    lookup: &model.lookup,
                    autolinker: term.autolink.then_some(&*model.autolinker),
                    terms: &model.terms,
                    this: id,
                    first_line: term.body_line,
                    shortcodes,
                    fallbacks: &[],
                };
                let rendered = Arc::new(markdown::render(&term.body, &ctx));
                (CachedBody { inputs, rendered }, key)
            })
            .collect();
        if let Some(store) = stored {
            let list: Vec<(u64, Arc<RenderedBody>)> = results
                .iter()
                .map(|(c, key)| (*key, Arc::clone(&c.rendered)))
                .collect();
            let save = move || store.save(list.iter().map(|(key, b)| (*key, &**b)));
            self.saving = Some(std::thread::spawn(save));
        }
        let results: Vec<CachedBody> = results.into_iter().map(|r| r.0).collect();
        let bodies = results.iter().map(|c| Arc::clone(&c.rendered)).collect();
        let edited = if self.bodies.is_empty() {
            Vec::new()
        } else {
            (0..model.terms.len())
                .filter(|&id| {
                    let old = self.bodies.get(&model.terms[id].slug);
                    !old.is_some_and(|c| Arc::ptr_eq(&c.rendered, &results[id].rendered))
                })
                .collect()
        };
        if !self.one_shot {
            self.bodies = model
                .terms
                .iter()
                .map(|t| t.slug.clone())
                .zip(results)
                .collect();
        }
        (bodies, edited)
    }
}

/// Each term's summary: its `description`, else the start of its body's text.
fn summaries(model: &SiteModel, bodies: &[Arc<RenderedBody>], length: usize) -> Vec<String> {
    model
        .terms
        .iter()
        .zip(bodies)
        .map(|(t, b)| match &t.description {
            Some(d) => crate::text::collapse_whitespace(d),
            None => cut_chars(&b.summary_source, length),
        })
        .collect()
}
