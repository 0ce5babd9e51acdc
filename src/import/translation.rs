//! `import hugo SRC DEST --lang CODE` into an existing glossgen site whose default language
//! is another: SRC becomes that language's translation (CONTRACT §6). Files are paired with
//! the site's terms by stem (`pod.md` → `pod.ja.md` beside the site's `pod.md`), the code is
//! added to `languages:` in config.yaml, and references to terms the import lacks are kept
//! as `[[slug|text]]` when the site has them, so they link the default language's page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::references::TermIndex;
use super::ImportError;

/// What the existing site says about itself and its terms.
pub struct TargetSite {
    pub default_language: String,
    config_text: String,
    /// Whether `languages:` already lists the code.
    has_language: bool,
    /// Lower-cased slug of each default-language term → where its file is (relative to the
    /// site root) and its title.
    terms: HashMap<String, (PathBuf, String, String)>,
}

impl TargetSite {
    pub fn read(dest: &Path, lang: &str) -> Result<TargetSite, ImportError> {
        let (site, _) = crate::config::load(dest).map_err(|errors| {
            ImportError::BadSiteConfig(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let config_text = std::fs::read_to_string(dest.join(crate::config::CONFIG_FILE))
            .map_err(super::io(dest))?;
        let (sources, _) = crate::content::load(dest);
        let terms = sources
            .iter()
            .filter(|s| s.file.language().is_none())
            .map(|s| {
                let title = s.front.title.clone().unwrap_or_default();
                (
                    s.slug.to_lowercase(),
                    (s.file.path.clone(), s.slug.clone(), title),
                )
            })
            .collect();
        Ok(TargetSite {
            has_language: site.config.languages.iter().any(|l| l.code == lang),
            default_language: site.config.language,
            config_text,
            terms,
        })
    }

    /// Adds the site's terms to the names references may use; the import's own terms,
    /// inserted after, take precedence.
    pub fn add_terms(&self, index: &mut TermIndex) {
        let mut sorted: Vec<&(PathBuf, String, String)> = self.terms.values().collect();
        sorted.sort();
        for (_, slug, title) in sorted {
            index.insert(slug, title);
        }
    }

    /// Where the translation of the term `stem` goes: beside the site's file of that slug
    /// (a bundle's `index.<code>.md`), else `content/<stem>.<code>.md`.
    pub fn translation_file(&self, stem: &str, lang: &str) -> PathBuf {
        match self.terms.get(&stem.to_lowercase()) {
            Some((path, _, _)) if path.file_name().is_some_and(|n| n == "index.md") => {
                path.with_file_name(format!("index.{lang}.md"))
            }
            Some((path, _, _)) => path.with_file_name(format!("{stem}.{lang}.md")),
            None => PathBuf::from("content").join(format!("{stem}.{lang}.md")),
        }
    }

    /// config.yaml with `lang` added to `languages:`; `None` when it is there already.
    pub fn config_with(&self, lang: &str) -> Result<Option<String>, ImportError> {
        if self.has_language {
            return Ok(None);
        }
        add_language(&self.config_text, lang)
            .map(Some)
            .ok_or(ImportError::FlowLanguages)
    }
}

/// Adds `lang: {}` under a block `languages:` key, or a new `languages:` key at the end.
/// `None` for a `languages:` written in flow style (`{ en: … }`), left to the writer.
fn add_language(config: &str, lang: &str) -> Option<String> {
    let lines: Vec<&str> = config.lines().collect();
    let Some(at) = lines.iter().position(|l| l.starts_with("languages:")) else {
        let mut out = config.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("languages:\n  {lang}: {{}}\n"));
        return Some(out);
    };
    let after = lines[at]["languages:".len()..].trim();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let indent = lines
        .get(at + 1)
        .map(|l| &l[..l.len() - l.trim_start().len()])
        .filter(|i| !i.is_empty())
        .unwrap_or("  ");
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out.insert(at + 1, format!("{indent}{lang}: {{}}"));
    Some(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::add_language;

    #[test]
    fn languages_are_added_to_config_yaml() {
        assert_eq!(
            add_language("title: x\nlanguage: en", "ja").as_deref(),
            Some("title: x\nlanguage: en\nlanguages:\n  ja: {}\n")
        );
        assert_eq!(
            add_language("languages:\n    fr: {}\ntitle: x\n", "ja").as_deref(),
            Some("languages:\n    ja: {}\n    fr: {}\ntitle: x\n")
        );
        assert_eq!(add_language("languages: { fr: {} }\n", "ja"), None);
    }
}
