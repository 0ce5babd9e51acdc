//! `languages:` in config.yaml (CONTRACT §6): the site's further languages, in order.

use serde::Deserialize;

use super::{strip_location, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Problem};

/// Languages whose UI strings are built into the default theme (`themes/default/i18n/`).
pub const BUILTIN_LANGUAGES: &[&str] = &["ja", "en"];

/// One further language of the site (`languages:` in config.yaml), in the order written:
/// references fall back through the languages in that order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageConfig {
    #[serde(skip)]
    pub code: String,
    /// The site's title in this language; default: the site's title.
    pub title: Option<String>,
    pub description: Option<String>,
}

/// `languages: { en: { title: … }, … }` in the order written. Each code must have built-in
/// UI strings and differ from the default `language`.
pub(super) fn read_languages(
    written: &serde_yaml::Value,
    default: &str,
) -> Result<Vec<LanguageConfig>, Vec<Diagnostic>> {
    let err = |p: Problem| Diagnostic::error(CONFIG_FILE, p);
    let map = match written {
        serde_yaml::Value::Null => return Ok(Vec::new()),
        serde_yaml::Value::Mapping(m) => m,
        _ => {
            return Err(vec![err(Problem::InvalidValue {
                key: "languages",
                message: "must be a mapping of language codes, e.g. `languages: { en: { title: My Glossary } }`".into(),
            })])
        }
    };
    let mut languages = Vec::new();
    let mut errors = Vec::new();
    for (code, value) in map {
        let code = match code {
            serde_yaml::Value::String(c) => c.trim().to_string(),
            other => format!("{other:?}"),
        };
        if !BUILTIN_LANGUAGES.contains(&code.as_str()) {
            errors.push(err(Problem::UnknownLanguage {
                known: BUILTIN_LANGUAGES.join(", "),
                code,
            }));
            continue;
        }
        if code == default {
            errors.push(err(Problem::InvalidValue {
                key: "languages",
                message: format!(
                    "`{code}` is the default `language`; list only the further languages"
                ),
            }));
            continue;
        }
        let mut language: LanguageConfig = if value.is_null() {
            LanguageConfig::default()
        } else {
            match serde_yaml::from_value(value.clone()) {
                Ok(l) => l,
                Err(e) => {
                    errors.push(err(Problem::InvalidValue {
                        key: "languages",
                        message: format!("`{code}`: {}", strip_location(&e)),
                    }));
                    continue;
                }
            }
        };
        language.code = code;
        languages.push(language);
    }
    if errors.is_empty() {
        Ok(languages)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn languages_keep_their_order_and_unknown_codes_are_errors() {
        let (site, _) = parse(
            "title: x\nbase_url: https://a.b/\nlanguage: ja\nlanguages:\n  en: { title: X }\n",
        )
        .unwrap();
        assert_eq!(site.config.languages.len(), 1);
        assert_eq!(site.config.languages[0].code, "en");
        assert_eq!(site.config.languages[0].title.as_deref(), Some("X"));
        let errs = parse("title: x\nbase_url: https://a.b/\nlanguage: ja\nlanguages: { xx: {} }\n")
            .unwrap_err();
        let text = errs[0].to_string();
        assert!(text.contains("`xx`") && text.contains("ja, en"), "{text}");
        assert!(
            parse("title: x\nbase_url: https://a.b/\nlanguage: ja\nlanguages: { ja: {} }\n")
                .is_err()
        );
    }
}
