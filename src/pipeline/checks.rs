//! Checks on the whole site that no single file can see: output paths that collide, and the
//! glossary lint of `glossgen check`. (Where the output may go: [`super::location`].)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, GuessedReading, Problem};
use crate::markdown::link_context::LinkContext;
use crate::model::{LinkGraph, SiteModel};
use crate::render;

/// Glossary lint for `check`: terms with no tags or categories, orphans, shared names,
/// guessed readings.
pub(super) fn lint(model: &SiteModel, links: &LinkGraph, diags: &mut Diagnostics) {
    unsure_readings(model, diags);
    for (id, t) in model.terms.iter().enumerate() {
        if t.tags.is_empty() && t.categories.is_empty() {
            diags.push(Diagnostic::warning(t.source.clone(), Problem::NoTaxonomy).at_line(1));
        }
        if links.references[id].is_empty()
            && links.mentions[id].is_empty()
            && links.incoming[id].is_empty()
        {
            diags.push(Diagnostic::warning(t.source.clone(), Problem::Orphan).at_line(1));
        }
    }
    let mut shared: Vec<(&str, &[usize])> = model.lookup.shared_names().collect();
    shared.sort();
    for (name, ids) in shared {
        let files: Vec<String> = ids
            .iter()
            .map(|&i| crate::diagnostics::display_path(&model.terms[i].source))
            .collect();
        diags.push(
            Diagnostic::warning(
                model.terms[ids[0]].source.clone(),
                Problem::SharedName {
                    name: name.to_string(),
                    files: files.join(", "),
                },
            )
            .at_line(1),
        );
    }
}

/// Names whose derived reading is a guess, with the reading the site uses, so a writer can
/// confirm or override it. Tags and categories are reported once, on their first term.
fn unsure_readings(model: &SiteModel, diags: &mut Diagnostics) {
    let warn = |file: &Path, what, name: &str, d: &crate::reading::Derived, advice| {
        Diagnostic::warning(
            file,
            Problem::UnsureReading(Box::new(GuessedReading {
                what,
                name: name.to_string(),
                reading: d.reading.clone(),
                advice,
            })),
        )
    };
    for t in &model.terms {
        for (i, (name, d)) in t.names().zip(&t.name_readings).enumerate() {
            // An unreadable title already has its own warning (in `build` too).
            if let Some(d) = d.as_ref().filter(|d| d.unsure && (d.complete || i > 0)) {
                let (what, advice) = if i == 0 {
                    ("title", "; add `reading: <kana>` to confirm or correct it")
                } else {
                    ("alias", "; search matches it by this reading")
                };
                diags.push(warn(&t.source, what, name, d, advice));
            }
        }
    }
    for (tax, what) in [(&model.tags, "tag"), (&model.categories, "category")] {
        for item in &tax.items {
            let (Some(d), Some(&first)) = (&item.reading, item.terms.first()) else {
                continue;
            };
            if d.unsure {
                let file = &model.terms[first].source;
                let advice = "; it sorts and is searched by this reading";
                diags.push(warn(file, what, &item.name, d, advice));
            }
        }
    }
}

/// `check`: a preferred term whose body references or auto-links a deprecated one is
/// warned at the link's line, with the successor to use instead.
pub(super) fn lint_deprecated_links(
    model: &SiteModel,
    links: &LinkGraph,
    contexts: &[&[LinkContext]],
    diags: &mut Diagnostics,
) {
    for (id, t) in model.terms.iter().enumerate() {
        if t.relations.deprecated {
            continue;
        }
        for (how, targets) in [
            ("references", &links.references[id]),
            ("auto-links", &links.mentions[id]),
        ] {
            for &to in targets {
                let target = &model.terms[to];
                // The successor may tell its predecessor's story.
                if !target.relations.deprecated || target.relations.superseded_by == Some(id) {
                    continue;
                }
                let advice = target
                    .relations
                    .superseded_by
                    .map(|n| format!(": use `{}` instead", model.terms[n].title))
                    .unwrap_or_default();
                let line = contexts[id]
                    .binary_search_by_key(&to, |c| c.target)
                    .map_or(t.body_line, |i| contexts[id][i].line);
                diags.push(
                    Diagnostic::warning(
                        t.source.clone(),
                        Problem::LinksToDeprecated {
                            how,
                            deprecated: target.title.as_str().into(),
                            advice: advice.into(),
                        },
                    )
                    .at_line(line),
                );
            }
        }
    }
}

/// Two pages may not claim one output path (a `redirect_from` onto a real page, say).
pub(super) fn check_collisions(model: &SiteModel, pages: &[render::Page], diags: &mut Diagnostics) {
    let mut seen: HashMap<String, &render::Page> = HashMap::new();
    for page in pages {
        let key = page.output.to_lowercase();
        if let Some(first) = seen.get(&key) {
            let file = match (&page.kind, &first.kind) {
                (render::PageKind::Redirect { term }, _)
                | (_, render::PageKind::Redirect { term }) => model.terms[*term].source.clone(),
                _ => PathBuf::from("content"),
            };
            diags.push(Diagnostic::error(
                file,
                Problem::OutputCollision(page.output.clone()),
            ));
        } else {
            seen.insert(key, page);
        }
    }
}
