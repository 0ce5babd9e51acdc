//! Details of problems too large to keep inline in [`super::Problem`], with their wording.

use std::fmt;

/// A link whose `#fragment` names no `id` of its target page (boxed: four strings would
/// make every [`Problem`] larger).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenAnchor {
    pub page: String,
    pub link: String,
    pub target: String,
    pub id: String,
}

impl fmt::Display for BrokenAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "page {}: link `{}`: {} has no element with id `{}`",
            self.page, self.link, self.target, self.id
        )
    }
}

/// A derived reading `check` is unsure of (boxed in [`Problem`] to keep diagnostics small).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuessedReading {
    /// "title", "alias", "tag" or "category".
    pub what: &'static str,
    pub name: String,
    pub reading: String,
    /// How to confirm or correct it, starting with "; ", or empty.
    pub advice: &'static str,
}

impl fmt::Display for GuessedReading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} `{}` is read `{}`, a guess: part of it is not in the reading dictionary{}",
            self.what, self.name, self.reading, self.advice
        )
    }
}

/// Why a `base_url` (from config.yaml or `--base-url`) cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlFault {
    Missing,
    /// Neither `scheme://host/…` nor a path starting with `/`.
    NotAbsolute(String),
    QueryOrFragment(String),
}

impl fmt::Display for BaseUrlFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaseUrlFault::Missing => {
                write!(
                    f,
                    "`base_url` is required, e.g. `base_url: https://example.com/`"
                )
            }
            BaseUrlFault::NotAbsolute(raw) => write!(
                f,
                "`base_url` must be an absolute URL such as `https://example.com/`, not `{raw}`"
            ),
            BaseUrlFault::QueryOrFragment(raw) => write!(
                f,
                "`base_url` must not contain a query, fragment or space: `{raw}`"
            ),
        }
    }
}
