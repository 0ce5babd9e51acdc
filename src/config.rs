//! `config.yaml`: what a site says about itself.
//!
//! (Over 400 lines: every key config.yaml may hold is declared here with its default and its
//! check, so the schema reads in one place; `languages:` has its own module.)

mod base_url;

pub use base_url::BaseUrl;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, DidYouMean, Problem};

mod blocks;
pub use blocks::{BlocksConfig, Publisher};
mod languages;
use languages::read_languages;
pub use languages::{LanguageConfig, BUILTIN_LANGUAGES};

pub const CONFIG_FILE: &str = "config.yaml";

/// Keys config.yaml may hold; anything else is a warning with a "did you mean".
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "output_dir",
    "minify",
    "summary_length",
    "paginate",
    "autolink",
    "related",
    "authors",
    "extra",
    "host_files",
    "publisher",
    "blocks",
    "cache_dir",
    "languages",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub output_dir: PathBuf,
    pub minify: bool,
    pub summary_length: usize,
    pub paginate: usize,
    pub autolink: bool,
    pub related: RelatedConfig,
    pub authors: BTreeMap<String, Author>,
    pub extra: serde_json::Value,
    /// Write `_redirects` and `_headers` for Netlify and Cloudflare Pages.
    pub host_files: bool,
    /// The company box on term pages (`publisher:`).
    pub publisher: Option<Publisher>,
    /// Which reader blocks term pages show (`blocks:`).
    pub blocks: BlocksConfig,
    /// The persistent build cache, relative to the site root; `.glossgen-cache` when unset.
    pub cache_dir: Option<PathBuf>,
    /// `languages:` as written; read into [`Config::languages`] by [`parse`].
    #[serde(rename = "languages")]
    pub languages_written: serde_yaml::Value,
    /// Further languages besides `language`, in the order of `languages:`.
    #[serde(skip)]
    pub languages: Vec<LanguageConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: String::new(),
            language: "en".into(),
            theme: "default".into(),
            output_dir: PathBuf::from("public"),
            minify: true,
            summary_length: 120,
            paginate: 50,
            autolink: true,
            related: RelatedConfig::default(),
            authors: BTreeMap::new(),
            extra: serde_json::Value::Object(Default::default()),
            host_files: true,
            publisher: None,
            blocks: BlocksConfig::default(),
            cache_dir: None,
            languages_written: serde_yaml::Value::Null,
            languages: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelatedConfig {
    pub limit: usize,
    pub weights: RelatedWeights,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        RelatedConfig {
            limit: 5,
            weights: RelatedWeights::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelatedWeights {
    pub tags: f64,
    pub categories: f64,
    pub links: f64,
    /// A stated relation (`broader`, narrower, `see_also`, `superseded_by`), scaled by the
    /// highest IDF a tag can have, so that with a weight at least `tags` it outweighs any
    /// one shared tag.
    pub relations: f64,
}

impl Default for RelatedWeights {
    fn default() -> Self {
        RelatedWeights {
            tags: 1.0,
            categories: 0.5,
            links: 2.0,
            relations: 2.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct Author {
    pub name: String,
    #[serde(default)]
    pub bio: String,
}

/// A loaded, checked configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub config: Config,
    pub base: BaseUrl,
}

/// Reads `config.yaml` from `root`. Returns the config and any warnings, or the errors.
pub fn load(root: &Path) -> Result<(SiteConfig, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![Diagnostic::error(
                CONFIG_FILE,
                Problem::NoConfig {
                    root: root.display().to_string(),
                },
            )])
        }
        Err(e) => {
            return Err(vec![Diagnostic::error(
                CONFIG_FILE,
                Problem::CannotRead(e.to_string()),
            )])
        }
    };
    parse(&text)
}

/// Parses config text; split from [`load`] so tests need no files.
pub fn parse(text: &str) -> Result<(SiteConfig, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Line 1 for a key that is missing (or only defaulted): the file as a whole is at fault.
    let line_of = |key: &str| yaml_key_line(text, key).unwrap_or(1);
    let yaml_error = |e: serde_yaml::Error| {
        let d = Diagnostic::error(CONFIG_FILE, Problem::Yaml(strip_location(&e)));
        match e.location() {
            Some(l) => d.at(l.line(), l.column()),
            None => d,
        }
    };
    let mut warnings = Vec::new();
    let raw: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| vec![yaml_error(e)])?;
    if let serde_yaml::Value::Mapping(map) = &raw {
        for key in map.keys() {
            let key = key.as_str().unwrap_or_default();
            if !KNOWN_KEYS.contains(&key) {
                let problem = Problem::UnknownKey {
                    key: key.to_string(),
                    hint: DidYouMean::closest(key, KNOWN_KEYS),
                };
                warnings.push(Diagnostic::warning(CONFIG_FILE, problem).at_line(line_of(key)));
            }
        }
    } else if !raw.is_null() {
        return Err(vec![Diagnostic::error(
            CONFIG_FILE,
            Problem::ConfigNotMapping,
        )
        .at_line(1)]);
    }
    let mut config: Config = if raw.is_null() {
        Config::default()
    } else {
        serde_yaml::from_str(text).map_err(|e| vec![yaml_error(e)])?
    };
    let mut errors = Vec::new();
    match read_languages(&config.languages_written, &config.language) {
        Ok(languages) => config.languages = languages,
        Err(e) => errors.extend(e.into_iter().map(|d| d.at_line(line_of("languages")))),
    }
    let base = match BaseUrl::parse(&config.base_url) {
        Ok(b) => Some(b),
        Err(m) => {
            let problem = Problem::BadBaseUrl(m);
            errors.push(Diagnostic::error(CONFIG_FILE, problem).at_line(line_of("base_url")));
            None
        }
    };
    for (key, count) in [
        ("paginate", config.paginate),
        ("summary_length", config.summary_length),
    ] {
        if count == 0 {
            let d = Diagnostic::error(CONFIG_FILE, Problem::ZeroCount { key });
            errors.push(d.at_line(line_of(key)));
        }
    }
    let blocks_line = line_of("blocks");
    errors.extend(
        config
            .blocks
            .check(&config.extra)
            .into_iter()
            .map(|d| d.at_line(blocks_line)),
    );
    match base {
        Some(base) if errors.is_empty() => Ok((SiteConfig { config, base }, warnings)),
        // The warnings too: a writer fixing the errors sees the whole list in one run.
        _ => Err(errors.into_iter().chain(warnings).collect()),
    }
}

/// The 1-based line of a top-level `key:` in YAML text, for pointing at it in messages.
pub fn yaml_key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// serde_yaml appends "at line L column C" to its messages; we print the location ourselves.
pub fn strip_location(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_warn_with_hint() {
        let (_, warnings) = parse("title: x\nbase_url: https://a.b/\nsumary_length: 3\n").unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0]
            .to_string()
            .contains("did you mean `summary_length`"));
    }

    #[test]
    fn yaml_errors_carry_line() {
        let errs = parse("title: x\nbase_url: [unclosed\n").unwrap_err();
        assert!(errs[0].line.is_some());
    }
}
