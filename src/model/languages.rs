//! Several languages (CONTRACT §6). Each language is a full [`SiteModel`] built from its own
//! files; what crosses languages is small and explicit: which slugs exist in which language
//! ([`TranslationIndex`], for hreflang, the switcher and the sitemap) and, in `markdown`, the
//! fallback lookup for references.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{SiteModel, TaxonomyKind, TermId};
use crate::config::SiteConfig;
use crate::content::TermSource;
use crate::diagnostics::{display_path, Diagnostic, Problem};

/// The site's language codes: the default `language` first, then `languages:` in order.
/// Index 0 is always the default language.
pub fn codes(site: &SiteConfig) -> Vec<String> {
    std::iter::once(site.config.language.clone())
        .chain(site.config.languages.iter().map(|l| l.code.clone()))
        .collect()
}

/// The configuration one language's site is built with: the default language's is the
/// site's own; a further language's has its code, title and description, and its pages
/// under `<base>/<code>/`, so every URL its pages, feed and search index make is its own.
pub fn site_for(site: &SiteConfig, index: usize) -> SiteConfig {
    let mut own = site.clone();
    let Some(language) = index
        .checked_sub(1)
        .and_then(|i| site.config.languages.get(i))
    else {
        return own;
    };
    own.config.language = language.code.clone();
    if let Some(title) = &language.title {
        own.config.title = title.clone();
    }
    if let Some(description) = &language.description {
        own.config.description = description.clone();
    }
    own.base.path = format!("{}{}/", site.base.path, language.code);
    own
}

/// Sorts the sources into one list per language (in [`codes`] order). A file named like a
/// translation (`ltv.en.md`) into a language not configured is an error naming the file, and
/// is left out, unless its front matter gives its own `slug`: then it is a term of the
/// default language whose file name holds a dot (`node.js.md` with `slug: nodejs`).
pub fn split_sources(
    sources: Vec<Arc<TermSource>>,
    codes: &[String],
) -> (Vec<Vec<Arc<TermSource>>>, Vec<Diagnostic>) {
    let mut split: Vec<Vec<Arc<TermSource>>> = vec![Vec::new(); codes.len()];
    let mut diags = Vec::new();
    for src in sources {
        let index = match src.file.language() {
            None => Some(0),
            Some(code) => codes
                .iter()
                .skip(1)
                .position(|c| c == code)
                .map(|i| i + 1)
                .or_else(|| src.front.slug.is_some().then_some(0)),
        };
        match index {
            Some(i) => split[i].push(src),
            None => diags.push(Diagnostic::error(
                src.path().clone(),
                Problem::TranslationLanguageNotConfigured {
                    code: src.file.language().unwrap_or_default().to_string(),
                    known: codes.join(", "),
                },
            )),
        }
    }
    (split, diags)
}

/// Which term (by slug) and which tag and category exist in which language.
#[derive(Debug, Default)]
pub struct TranslationIndex {
    /// Per lower-cased slug, per language (in [`codes`] order): the term's id there.
    terms: HashMap<String, Vec<Option<TermId>>>,
    /// Per language: the slugs of its tags and of its categories.
    items: Vec<[HashSet<String>; 2]>,
}

impl TranslationIndex {
    /// From each language's model, in [`codes`] order.
    pub fn new(models: &[&SiteModel]) -> Self {
        let mut terms: HashMap<String, Vec<Option<TermId>>> = HashMap::new();
        for (lang, model) in models.iter().enumerate() {
            for (id, term) in model.terms.iter().enumerate() {
                let ids = terms
                    .entry(term.slug.to_lowercase())
                    .or_insert_with(|| vec![None; models.len()]);
                ids[lang] = Some(id);
            }
        }
        let items = models
            .iter()
            .map(|m| {
                [TaxonomyKind::Tags, TaxonomyKind::Categories]
                    .map(|k| m.taxonomy(k).items.iter().map(|i| i.slug.clone()).collect())
            })
            .collect();
        TranslationIndex { terms, items }
    }

    /// The term of that slug in each language, in [`codes`] order.
    pub fn term(&self, slug: &str) -> Option<&[Option<TermId>]> {
        self.terms.get(&slug.to_lowercase()).map(Vec::as_slice)
    }

    /// Whether language `lang` has a tag or category of that slug.
    pub fn has_item(&self, lang: usize, kind: TaxonomyKind, slug: &str) -> bool {
        let k = match kind {
            TaxonomyKind::Tags => 0,
            TaxonomyKind::Categories => 1,
        };
        self.items.get(lang).is_some_and(|i| i[k].contains(slug))
    }

    /// `check`'s translation coverage: per term, every language it is missing in (a warning
    /// on a file that has it, naming the file to add), and every translation whose original
    /// (the default language's term) was updated after it, by `updated`, else `date`.
    pub fn coverage(&self, models: &[&SiteModel], codes: &[String]) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for ids in self.terms.values() {
            let Some((first_lang, first_id)) = ids
                .iter()
                .enumerate()
                .find_map(|(l, id)| id.map(|id| (l, id)))
            else {
                continue;
            };
            let first = &models[first_lang].terms[first_id];
            for (lang, id) in ids.iter().enumerate() {
                match id {
                    None => diags.push(Diagnostic::warning(
                        first.source.clone(),
                        Problem::MissingTranslation {
                            code: codes[lang].clone(),
                            file: display_path(&translation_path(&first.source, lang, codes)),
                        },
                    )),
                    Some(id) if lang > 0 => {
                        if let Some(original) = ids[0].map(|o| &models[0].terms[o]) {
                            let translation = &models[lang].terms[*id];
                            diags.extend(outdated(original, translation));
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        diags
    }
}

/// The warning for a translation last changed before its original, if it was.
fn outdated(original: &super::Term, translation: &super::Term) -> Option<Diagnostic> {
    let day = |t: &super::Term| {
        let d = t.updated.as_deref().or(t.date.as_deref())?;
        Some(d.get(..10).unwrap_or(d).to_string())
    };
    let (o, t) = (day(original)?, day(translation)?);
    (t < o).then(|| {
        Diagnostic::warning(
            original.source.clone(),
            Problem::OutdatedTranslation {
                file: display_path(&translation.source).into(),
                translated: t.into(),
                original: o.into(),
            },
        )
    })
}

/// Where the file of a term in language `lang` goes, beside `source` (in any language):
/// `content/ltv.md` → `content/ltv.en.md`, `content/ltv.en.md` → `content/ltv.md`.
fn translation_path(source: &Path, lang: usize, codes: &[String]) -> PathBuf {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let stem = match crate::content::walk::translation_code(stem) {
        Some(code) if codes.iter().any(|c| c == code) => &stem[..stem.len() - code.len() - 1],
        _ => stem,
    };
    let file = match lang {
        0 => format!("{stem}.md"),
        l => format!("{stem}.{}.md", codes[l]),
    };
    source.with_file_name(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_paths_swap_the_code() {
        let codes = vec!["ja".to_string(), "en".to_string()];
        assert_eq!(
            translation_path(Path::new("content/a/ltv.md"), 1, &codes),
            Path::new("content/a/ltv.en.md")
        );
        assert_eq!(
            translation_path(Path::new("content/ltv.en.md"), 0, &codes),
            Path::new("content/ltv.md")
        );
        assert_eq!(
            translation_path(Path::new("content/b/index.md"), 1, &codes),
            Path::new("content/b/index.en.md")
        );
    }

    #[test]
    fn further_languages_live_under_their_code() {
        let (site, _) = crate::config::parse(
            "title: 用語集\nbase_url: https://a.b/g/\nlanguage: ja\nlanguages: { en: { title: Glossary } }\n",
        )
        .unwrap();
        assert_eq!(site_for(&site, 0).base.path, "/g/");
        let en = site_for(&site, 1);
        assert_eq!(en.base.path, "/g/en/");
        assert_eq!(en.config.title, "Glossary");
        assert_eq!(en.config.language, "en");
        assert_eq!(codes(&site), vec!["ja", "en"]);
    }
}
