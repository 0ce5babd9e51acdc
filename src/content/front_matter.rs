//! Splitting a term file into YAML front matter and Markdown body, and reading the front matter.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

pub use super::date::check_date;
use super::limits::{check_redirect, list_limits};
pub use super::limits::{segment_too_long, MAX_NAME_CHARS, MAX_SEGMENT_BYTES};
use super::terminology::{check_status, TerminologyKeys, RELATION_KEYS, TERMINOLOGY_KEYS};
use super::walk::ContentFile;
use super::yaml_values::{opt_string, string_list};
use crate::config::{strip_location, yaml_key_line};
use crate::diagnostics::{Diagnostic, DidYouMean, Problem};

/// Front matter keys of the contract, for unknown-key warnings.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "slug",
    "reading",
    "aliases",
    "tags",
    "categories",
    "date",
    "updated",
    "description",
    "related",
    "draft",
    "featured",
    "author",
    "redirect_from",
    "weight",
    "extra",
    "autolink",
    "english",
];

/// The front matter as written. Lists accept a single string too, and drop empty entries, so
/// that `tags: seo` and `tags: ["seo", ""]` mean what the writer meant.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FrontMatter {
    #[serde(default, deserialize_with = "opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub reading: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub categories: Vec<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub updated: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub related: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub featured: bool,
    #[serde(default, deserialize_with = "opt_string")]
    pub author: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub redirect_from: Vec<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    /// `autolink: false` turns auto-linking off for this one term's body.
    #[serde(default)]
    pub autolink: Option<bool>,
    /// The English name shown beside the title (`en_name` is accepted too).
    #[serde(default, alias = "en_name", deserialize_with = "opt_string")]
    pub english: Option<String>,
    /// `status`, `superseded_by`, `see_also`, `broader`, `abbreviation_of`, `sources`.
    #[serde(flatten)]
    pub terminology: TerminologyKeys,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_yaml::Value>,
}

/// A term file after loading: front matter read, body not yet rendered.
#[derive(Debug, Clone)]
pub struct TermSource {
    pub file: ContentFile,
    pub front: FrontMatter,
    /// The slug after NFKC normalisation and checking.
    pub slug: String,
    /// The Markdown body, CRLF already turned into LF. Shared, so caches and the model
    /// hold it without copies.
    pub body: Arc<str>,
    /// A hash of the front matter's YAML text: equal hashes, equal front matter.
    pub front_hash: u64,
    /// The file line the body's first line is on (1-based), for error positions.
    pub body_line: usize,
    /// The file line of each [`RELATION_KEYS`] key, in that order (1 when absent), for
    /// pointing at a relation that names no term.
    pub relation_lines: [usize; 3],
    /// File lines of the keys that later stages' problems point at.
    pub key_lines: KeyLines,
}

/// File lines (1-based; 1, the opening `---`, when the key is absent) of front matter keys
/// whose problems are only found once all terms are loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyLines {
    pub title: usize,
    pub slug: usize,
    pub tags: usize,
    pub categories: usize,
    pub related: usize,
    pub author: usize,
    pub redirect_from: usize,
}

impl TermSource {
    pub fn path(&self) -> &PathBuf {
        &self.file.path
    }
}

/// Reads one term file. Any problem is reported against `file.path`; a file with an error
/// yields no source.
pub fn parse_file(file: ContentFile, bytes: &[u8]) -> (Option<TermSource>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let path = file.path.clone();
    let err = |p: Problem| Diagnostic::error(path.clone(), p);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return (
                None,
                vec![err(Problem::NotUtf8(e.valid_up_to())).at_line(line)],
            );
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return (None, vec![err(Problem::EmptyFile)]);
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    };
    let (yaml, body, body_line) = match split(&text) {
        Ok(parts) => parts,
        Err(p) => return (None, vec![err(p).at_line(1)]),
    };
    let front: FrontMatter = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        match serde_yaml::from_str(yaml) {
            Ok(f) => f,
            Err(e) => {
                let d = err(Problem::Yaml(strip_location(&e)));
                // YAML line 1 is file line 2: the opening `---` comes first.
                let d = match e.location() {
                    Some(l) => d.at(l.line() + 1, l.column()),
                    None => d.at_line(1),
                };
                return (None, vec![d]);
            }
        }
    };
    for key in front.unknown.keys() {
        diags.push(
            Diagnostic::warning(
                path.clone(),
                Problem::UnknownKey {
                    key: key.clone(),
                    hint: DidYouMean::closest(key, &[KNOWN_KEYS, &TERMINOLOGY_KEYS].concat()),
                },
            )
            .at_line(key_line(yaml, key)),
        );
    }
    let mut ok = true;
    if front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        diags.push(err(Problem::MissingTitle).at_line(1));
        ok = false;
    }
    for (key, names) in [
        ("title", front.title.as_slice()),
        ("aliases", front.aliases.as_slice()),
    ] {
        if let Some(chars) = names
            .iter()
            .map(|n| n.chars().count())
            .find(|&c| c > MAX_NAME_CHARS)
        {
            let problem = Problem::NameTooLong {
                chars,
                limit: MAX_NAME_CHARS,
            };
            diags.push(err(problem).at_line(key_line(yaml, key)));
            ok = false;
        }
    }
    for (key, list, limit) in list_limits(&front) {
        if list.len() > limit {
            let problem = Problem::TooManyValues {
                key,
                count: list.len(),
                limit,
            };
            diags.push(err(problem).at_line(key_line(yaml, key)));
            ok = false;
        }
    }
    for (key, value) in [("date", &front.date), ("updated", &front.updated)] {
        if let Some(v) = value {
            if let Err(fault) = check_date(v) {
                let value = v.clone();
                let problem = Problem::InvalidDate { key, value, fault };
                diags.push(err(problem).at_line(key_line(yaml, key)));
                ok = false;
            }
        }
    }
    let raw_slug = front
        .slug
        .clone()
        .unwrap_or_else(|| file.default_slug.clone());
    let slug: String = raw_slug.trim().nfkc().collect();
    if !is_safe_slug(&slug) {
        let d = err(Problem::UnsafeSlug(raw_slug.clone()));
        diags.push(match front.slug {
            Some(_) => d.at_line(key_line(yaml, "slug")),
            None => d,
        });
        ok = false;
    }
    if slug.len() > MAX_SEGMENT_BYTES {
        // Without `slug:`, the file name is the slug (NFKC can make it longer than on disk).
        let d = err(segment_too_long("slug", &raw_slug, &slug));
        diags.push(match front.slug {
            Some(_) => d.at_line(key_line(yaml, "slug")),
            None => d,
        });
        ok = false;
    }
    for from in &front.redirect_from {
        if let Some(segment) = from.split('/').find(|s| s.len() > MAX_SEGMENT_BYTES) {
            let problem = segment_too_long("redirect_from", from, segment);
            diags.push(err(problem).at_line(key_line(yaml, "redirect_from")));
            ok = false;
            continue;
        }
        if let Err(fault) = check_redirect(from) {
            diags.push(
                err(Problem::BadRedirect {
                    path: from.clone(),
                    fault,
                })
                .at_line(key_line(yaml, "redirect_from")),
            );
            ok = false;
        }
    }
    // A status of another workflow (Hugo glossaries carry `status: Completed`) is a warning:
    // the term is treated as preferred, as an unknown key would be ignored.
    if let Err(p) = check_status(front.terminology.status.as_deref()) {
        diags.push(Diagnostic::warning(path.clone(), p).at_line(key_line(yaml, "status")));
    }
    let relation_lines = RELATION_KEYS.map(|k| key_line(yaml, k));
    let source = ok.then(|| TermSource {
        file,
        front,
        slug,
        body: Arc::from(body),
        front_hash: crate::hash::hash_of(yaml),
        body_line,
        relation_lines,
        key_lines: KeyLines {
            title: key_line(yaml, "title"),
            slug: key_line(yaml, "slug"),
            tags: key_line(yaml, "tags"),
            categories: key_line(yaml, "categories"),
            related: key_line(yaml, "related"),
            author: key_line(yaml, "author"),
            redirect_from: key_line(yaml, "redirect_from"),
        },
    });
    (source, diags)
}

/// Splits `---\nYAML\n---\nbody`. Returns the YAML, the body and the body's first line number.
fn split(text: &str) -> Result<(&str, &str, usize), Problem> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Problem::NoFrontMatter);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            return Ok((yaml, body, line_no + 1));
        }
        offset += line.len();
    }
    Err(Problem::UnclosedFrontMatter)
}

/// The file line of a top-level key in the front matter, for pointing at it in messages.
/// Line 1 (the opening `---`) when the key is absent.
fn key_line(yaml: &str, key: &str) -> usize {
    // YAML line 1 is file line 2.
    yaml_key_line(yaml, key).map_or(1, |l| l + 1)
}

/// Slugs become one URL path segment: Unicode letters and digits, `-` and `_`, nothing else.
pub fn is_safe_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> ContentFile {
        ContentFile {
            path: PathBuf::from(format!("content/{name}.md")),
            default_slug: name.into(),
            assets: vec![],
            bundle_dir: None,
        }
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = "\u{feff}---\r\ntitle: 顧客\r\ntags: seo\r\n---\r\n本文\r\n";
        let (src, diags) = parse_file(file("a"), text.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        let src = src.unwrap();
        assert_eq!(src.front.title.as_deref(), Some("顧客"));
        assert_eq!(src.front.tags, vec!["seo"]);
        assert_eq!(&*src.body, "本文\n");
        assert_eq!(src.body_line, 5);
    }

    #[test]
    fn yaml_error_line_is_file_relative() {
        let text = "---\ntitle: a\ntags: [x\n---\n";
        let (src, diags) = parse_file(file("a"), text.as_bytes());
        assert!(src.is_none());
        assert!(matches!(diags[0].problem, Problem::Yaml(_)));
        assert!(diags[0].line.unwrap() >= 3, "{:?}", diags[0]);
    }

    #[test]
    fn unknown_key_warns_with_line_and_hint() {
        let text = "---\ntitle: a\ntag: [x]\n---\n";
        let (src, diags) = parse_file(file("a"), text.as_bytes());
        assert!(src.is_some());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, Some(3));
        assert!(diags[0].to_string().contains("did you mean `tags`"));
    }

    #[test]
    fn slugs_and_dates_are_checked() {
        assert!(is_safe_slug("顧客データ_cdp-1"));
        assert!(!is_safe_slug("a/b"));
        assert!(!is_safe_slug(".."));
        assert!(!is_safe_slug("a b"));
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2024-02-29T10:00:00+09:00").is_ok());
        assert!(check_date("2024-13-01").is_err());
        assert!(check_date("yesterday").is_err());
    }
}
