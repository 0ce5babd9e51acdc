//! The bodies stage: every term's Markdown to HTML (reusing unchanged ones in a session),
//! and each term's summary.

use std::sync::Arc;

use rayon::prelude::*;

use super::languages::OtherLanguages;
use super::session::{BodyInputs, BuildSession, CachedBody};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::link_context::LinkContext;
use crate::markdown::shortcodes::{self, Expander};
use crate::markdown::{self, BodyContext, RenderedBody};
use crate::model::SiteModel;
use crate::render::shortcodes::ShortcodeTemplates;
use crate::render::theme::Theme;
use crate::text::cut_chars;

/// Every term's rendered body and summary, by term id.
pub(super) struct Bodies {
    pub(super) rendered: Vec<Arc<RenderedBody>>,
    pub(super) summaries: Vec<String>,
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
        diags: &mut Diagnostics,
    ) -> Bodies {
        let expander = theme.map(|t| ShortcodeTemplates::new(t, site));
        // Bodies with shortcodes depend on the shortcode templates and on `extra` (`cta`).
        let shortcodes_key = theme.map_or(0, |t| {
            crate::hash::hash_of(&(t.fingerprint, format!("{:?}", site.config.extra)))
        });
        let rendered = self.render_bodies(
            l,
            others,
            model,
            expander.as_ref().map(|e| e as &dyn Expander),
            shortcodes_key,
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
        }
    }

    /// Renders every body, reusing the previous result of a term whose body, settings and
    /// the site's names (which decide references and auto-links) are all unchanged.
    fn render_bodies(
        &mut self,
        l: usize,
        others: &OtherLanguages<'_>,
        model: &SiteModel,
        shortcodes: Option<&dyn Expander>,
        shortcodes_key: u64,
    ) -> Vec<Arc<RenderedBody>> {
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
                let ctx = BodyContext {
                    lookup: &model.lookup,
                    autolinker: term.autolink.then_some(&*model.autolinker),
                    terms: &model.terms,
                    this: id,
                    first_line: term.body_line,
                    shortcodes,
                    fallbacks: &others.sites,
                };
                let rendered = Arc::new(markdown::render(&term.body, &ctx));
                CachedBody { inputs, rendered }
            })
            .collect();
        let bodies = results.iter().map(|c| Arc::clone(&c.rendered)).collect();
        if !self.one_shot {
            self.languages[l].bodies = model
                .terms
                .iter()
                .map(|t| t.slug.clone())
                .zip(results)
                .collect();
        }
        bodies
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

impl BuildSession {
    /// The bodies stage for every language (see [`BuildSession::bodies`]).
    pub(super) fn bodies_of(
        &mut self,
        models: &super::languages::Models,
        langs: &super::languages::Languages,
        themes: &[Option<Theme>],
        run: &mut super::Run,
    ) -> Vec<Bodies> {
        let all = (0..langs.codes.len())
            .map(|l| {
                let others = models.others(l, &langs.codes);
                let (model, site, theme) = (&models.list[l], &langs.sites[l], themes[l].as_ref());
                self.bodies(l, &others, model, site, theme, &mut run.diags)
            })
            .collect();
        run.lap("markdown", []);
        all
    }
}
