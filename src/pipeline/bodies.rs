//! The bodies stage: every term's Markdown to HTML (reusing unchanged ones in a session),
//! and each term's summary.

use std::sync::Arc;

use rayon::prelude::*;

use super::cache::BodyStore;
use super::languages::OtherLanguages;
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
    /// Renders language `l`'s bodies and their summaries; a body's problems go to `diags`.
    /// `others`: the other languages, where references fall back to.
    pub(super) fn bodies(
        &mut self,
        l: usize,
        others: &OtherLanguages<'_>,
        model: &SiteModel,
        site: &SiteConfig,
        theme: Option<&Theme>,
        (stored, diags): (Option<&BodyStore>, &mut Diagnostics),
    ) -> Bodies {
        let expander = theme.map(|t| ShortcodeTemplates::new(t, site));
        // Bodies with shortcodes depend on the shortcode templates and on `extra` (`cta`).
        let shortcodes_key = theme.map_or(0, |t| {
            crate::hash::hash_of(&(t.fingerprint, format!("{:?}", site.config.extra)))
        });
        let (rendered, edited) = self.render_bodies(
            (l, others),
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

    /// Renders every body, reusing the previous result of a term whose body, settings and
    /// the site's names (which decide references and auto-links) are all unchanged, else
    /// the build cache's body of the same inputs. Gives the bodies, and (after a session's
    /// first build) the terms whose body was rendered.
    fn render_bodies(
        &mut self,
        (l, others): (usize, &OtherLanguages<'_>),
        model: &SiteModel,
        shortcodes: Option<&dyn Expander>,
        shortcodes_key: u64,
        stored: Option<&BodyStore>,
    ) -> (Vec<Arc<RenderedBody>>, Vec<TermId>) {
        let cache = &self.languages[l].bodies;
        let results: Vec<CachedBody> = model
            .terms
            .par_iter()
            .enumerate()
            .map(|(id, term)| {
                let inputs = BodyInputs {
                    // Term ids, URLs and names (of every language, where references fall
                    // back): references and auto-links depend on them all.
                    names: others.names,
                    body: Arc::clone(&term.body),
                    autolink: term.autolink,
                    first_line: term.body_line,
                    shortcodes: if shortcodes::may_contain(&term.body) {
                        shortcodes_key
                    } else {
                        0
                    },
                };
                if let Some(hit) = cache.get(&term.slug).filter(|c| c.inputs == inputs) {
                    return hit.clone();
                }
                let key = stored.map(|s| (s, inputs.key(l, id)));
                if let Some((store, key)) = key {
                    if let Some(rendered) = store.get(key) {
                        store.keep(key, &rendered);
                        return CachedBody { inputs, rendered };
                    }
                }
                let ctx = BodyContext {
                    lookup: &model.lookup,
                    autolinker: term.autolink.then(|| model.autolinker.get()),
                    terms: &model.terms,
                    this: id,
                    first_line: term.body_line,
                    shortcodes,
                    fallbacks: &others.sites,
                };
                let rendered = Arc::new(markdown::render(&term.body, &ctx));
                if let Some((store, key)) = key {
                    store.keep(key, &rendered);
                }
                CachedBody { inputs, rendered }
            })
            .collect();
        let bodies = results.iter().map(|c| Arc::clone(&c.rendered)).collect();
        let edited = edited(cache, model, &results);
        if !self.one_shot {
            self.languages[l].bodies = model
                .terms
                .iter()
                .map(|t| t.slug.clone())
                .zip(results)
                .collect();
        }
        (bodies, edited)
    }
}

/// The terms whose body is not the one `cache` (a session's last build) had; none after
/// no build.
fn edited(
    cache: &std::collections::HashMap<String, CachedBody>,
    model: &SiteModel,
    results: &[CachedBody],
) -> Vec<TermId> {
    if cache.is_empty() {
        return Vec::new();
    }
    (0..model.terms.len())
        .filter(|&id| {
            let old = cache.get(&model.terms[id].slug);
            !old.is_some_and(|c| Arc::ptr_eq(&c.rendered, &results[id].rendered))
        })
        .collect()
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

impl BuildSession {
    /// The rendered bodies kept by the build cache, in a one-shot build that uses one (a
    /// session keeps its own).
    fn stored_bodies(&self, run: &super::Run) -> Option<BodyStore> {
        let dir = run.cache.as_deref().filter(|_| self.one_shot)?;
        Some(BodyStore::open(dir))
    }

    /// The bodies stage for every language (see [`BuildSession::bodies`]).
    pub(super) fn bodies_of(
        &mut self,
        models: &super::languages::Models,
        langs: &super::languages::Languages,
        themes: &[Option<Theme>],
        run: &mut super::Run,
    ) -> Vec<Bodies> {
        let stored = self.stored_bodies(run);
        let all: Vec<Bodies> = (0..langs.codes.len())
            .map(|l| {
                let others = models.others(l, &langs.codes);
                let (model, site, theme) = (&models.list[l], &langs.sites[l], themes[l].as_ref());
                let kept = (stored.as_ref(), &mut run.diags);
                self.bodies(l, &others, model, site, theme, kept)
            })
            .collect();
        self.edited = all.iter().map(|b: &Bodies| b.edited.clone()).collect();
        if let Some(store) = stored {
            // Written while the pages are described; the session waits for it when dropped.
            self.saving = Some(std::thread::spawn(move || store.save()));
        }
        run.lap("markdown", []);
        all
    }
}
