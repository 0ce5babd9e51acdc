//! The terminology keys of front matter (`status`, `superseded_by`, `see_also`, `broader`,
//! `abbreviation_of`, `sources`): their types and the checks a single file allows. Names
//! are resolved to terms later, by the model.

use serde::{Deserialize, Deserializer};

use super::yaml_values::{opt_string, string_list};
use crate::diagnostics::Problem;

/// The keys of [`TerminologyKeys`], for unknown-key hints.
pub const TERMINOLOGY_KEYS: [&str; 6] = [
    "status",
    "superseded_by",
    "see_also",
    "broader",
    "abbreviation_of",
    "sources",
];

/// Front matter keys that name other terms: a name that resolves to no term is an error at
/// the key's line.
pub const RELATION_KEYS: [&str; 3] = ["superseded_by", "see_also", "broader"];

/// The terminology keys as written; part of [`FrontMatter`](super::FrontMatter).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TerminologyKeys {
    /// `preferred` (the default) or `deprecated`; see [`check_status`].
    #[serde(default, deserialize_with = "opt_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub superseded_by: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub see_also: Vec<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub broader: Vec<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub abbreviation_of: Option<String>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
}

/// A citation under a term's body (`sources: [{title, url}]`). A missing title shows the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    #[serde(default, deserialize_with = "opt_string")]
    pub title: Option<String>,
    #[serde(deserialize_with = "required_string")]
    pub url: String,
}

fn required_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match opt_string(d)? {
        Some(s) => Ok(s),
        None => Err(serde::de::Error::custom("expected a non-empty string")),
    }
}

/// `status` is `preferred` (also when absent) or `deprecated`.
pub fn check_status(status: Option<&str>) -> Result<(), Problem> {
    match status {
        None | Some("preferred") | Some("deprecated") => Ok(()),
        Some(other) => Err(Problem::UnknownStatus(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_need_a_url_and_take_no_other_keys() {
        let ok: Vec<SourceRef> =
            serde_yaml::from_str("- {title: A, url: 'https://a'}\n- url: https://b\n").unwrap();
        assert_eq!(ok[0].title.as_deref(), Some("A"));
        assert_eq!(
            (ok[1].title.as_deref(), ok[1].url.as_str()),
            (None, "https://b")
        );
        assert!(serde_yaml::from_str::<Vec<SourceRef>>("- {title: A}\n").is_err());
        assert!(serde_yaml::from_str::<Vec<SourceRef>>("- {url: '', title: A}\n").is_err());
        assert!(serde_yaml::from_str::<Vec<SourceRef>>("- {url: x, href: y}\n").is_err());
    }

    #[test]
    fn status_is_preferred_or_deprecated() {
        assert!(check_status(None).is_ok());
        assert!(check_status(Some("deprecated")).is_ok());
        assert!(check_status(Some("obsolete")).is_err());
    }
}
