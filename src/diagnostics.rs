//! Problems found in a site, with the file (and line) they come from.
//!
//! Every stage reports into a [`Diagnostics`] list instead of stopping at the first problem,
//! so a writer sees all broken terms of a glossary in one run. `main` prints them and picks
//! the exit code; library code never prints.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// What is wrong. The message reads as the second half of `file:line: error: …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("the file is empty")]
    EmptyFile,
    #[error("the file is not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
    #[error("no front matter: a term file must start with a line `---`, then YAML, then `---`")]
    NoFrontMatter,
    #[error("the front matter is not closed: no second `---` line")]
    UnclosedFrontMatter,
    #[error("invalid YAML: {0}")]
    Yaml(String),
    #[error("missing required key `title`")]
    MissingTitle,
    #[error("`{key}`: {message}")]
    InvalidValue { key: &'static str, message: String },
    #[error(
        "slug `{0}` is not allowed: use only letters, digits, `-` and `_` (no `/`, `.`, spaces)"
    )]
    UnsafeSlug(String),
    #[error("slug `{slug}` is already used by {other}")]
    DuplicateSlug { slug: String, other: String },
    #[error("unknown key `{key}`{hint}")]
    UnknownKey { key: String, hint: DidYouMean },
    #[error("reference [[{0}]] names no term")]
    UnresolvedReference(String),
    #[error("reference [[{target}]] is ambiguous: it could be {candidates}")]
    AmbiguousReference { target: String, candidates: String },
    #[error("`related` names `{0}`, which is not a term")]
    UnknownRelated(String),
    #[error("`author` names `{0}`, which is not in `authors` in config.yaml")]
    UnknownAuthor(String),
    #[error("redirect_from `{path}` {message}")]
    BadRedirect { path: String, message: String },
    #[error("the title starts with a kanji or symbol and there is no `reading`: the term is listed under “others” in the index; add `reading: <kana>`")]
    MissingReading,
    /// An output folder whose replacement would destroy something else.
    #[error("refusing to write the site to `{output}`: it {reason}; the output folder is replaced on every build")]
    UnsafeOutput { output: String, reason: String },
    #[error("refusing to replace `{output}`: it is not empty and was not written by glossgen (it has no `{marker}` file); empty it, choose another folder, or pass --force")]
    ForeignOutput {
        output: String,
        marker: &'static str,
    },
    /// The lock, leftovers or swap of the output folder failed.
    #[error("cannot replace the output folder: {0}")]
    OutputSwap(String),
    /// A bug: the build panicked (`serve` reports it and keeps watching).
    #[error("the build crashed (a bug in glossgen, please report it): {0}")]
    BuildPanicked(String),
    #[error("no reading for the title `{title}`: no dictionary reading for {unread}, so the term is listed under “others” in the index; add `reading: <kana>` (the whole title in kana)")]
    UnreadableTitle { title: String, unread: String },
    #[error("{0}")]
    UnsureReading(Box<GuessedReading>),
    #[error("`{key}` names `{name}`, which is not a term")]
    UnknownRelation { key: &'static str, name: String },
    #[error("`{key}` names `{name}`, which could be {candidates}")]
    AmbiguousRelation {
        key: &'static str,
        // Boxed strings keep `Problem` as small as before these variants.
        name: Box<str>,
        candidates: Box<str>,
    },
    #[error("`broader` makes a cycle: {0}")]
    BroaderCycle(String),
    #[error("`superseded_by` names this term itself")]
    SupersededBySelf,
    #[error(
        "`superseded_by` names `{0}`, which is deprecated too: name the term that replaces it"
    )]
    SupersededByDeprecated(String),
    /// `advice` is ": use `X` instead" when the deprecated term names a successor.
    #[error("{how} the deprecated term `{deprecated}`{advice}")]
    LinksToDeprecated {
        how: &'static str,
        deprecated: Box<str>,
        advice: Box<str>,
    },
    #[error("elements nest more than {limit} deep here (block quotes, lists, emphasis or HTML inside one another): flatten the structure")]
    TooDeeplyNested { limit: usize },
    #[error("the title or an alias is {chars} characters long; names are limited to {limit}")]
    NameTooLong { chars: usize, limit: usize },
    #[error("tables here have {cells} cells ({columns} columns; rows shorter than the header are padded to its width); tables are limited to {max_columns} columns, and a body's tables to {max_cells} cells (one per byte of the body, at least 10,000)")]
    TableTooLarge {
        cells: usize,
        columns: usize,
        max_cells: usize,
        max_columns: usize,
    },
    #[error(
        "`{key}`: `{value}` makes a file or folder name {bytes} bytes long; file systems allow 255"
    )]
    PathSegmentTooLong {
        key: &'static str,
        value: String,
        bytes: usize,
    },
    #[error(
        "`{key}` has {count} entries; at most {limit} are allowed (each is shown on many pages)"
    )]
    TooManyValues {
        key: &'static str,
        count: usize,
        limit: usize,
    },
    /// Only `redirect_from` writes files at paths a writer chooses.
    #[error("`redirect_from`: `{value}` {conflict}")]
    ReservedPath { value: String, conflict: String },
    #[error("{0}")]
    Other(String),
    #[error("page {page}: link `{link}` leads to no file of the site")]
    BrokenLink { page: String, link: String },
    #[error("{0}")]
    BrokenAnchor(Box<BrokenAnchor>),
    /// `reason` ends with the pages the link is on.
    #[error("external link `{url}` {reason}")]
    DeadExternalLink { url: String, reason: String },
    #[error("unknown shortcode `{name}`: there is no templates/shortcodes/{name}.html in the site or theme (shipped: {known})")]
    UnknownShortcode { name: String, known: String },
    #[error("shortcode `{name}` needs the argument `{argument}`")]
    ShortcodeMissingArgument { name: String, argument: String },
    #[error("shortcode `{name}`: {message}")]
    ShortcodeTemplate { name: String, message: String },
    #[error("{0}")]
    ShortcodeSyntax(String),
    /// `languages:` in config.yaml names a language glossgen has no UI strings for.
    #[error("`languages`: `{code}` is not a language with built-in UI strings (known: {known}); add themes/<theme>/i18n/{code}.yaml or use one of those")]
    UnknownLanguage { code: String, known: String },
    /// A `<stem>.<code>.md` translation whose code is not in `languages:`.
    #[error("this file is a `{code}` translation, but `{code}` is not in `languages` in config.yaml (languages: {known})")]
    TranslationLanguageNotConfigured { code: String, known: String },
    /// `check`: a term with no translation in a language (a warning, for translators).
    #[error("no `{code}` translation yet (add {file})")]
    MissingTranslation { code: String, file: String },
    /// `check`: a translation older than its original, by `updated`/`date`.
    #[error("the translation {file} ({translated}) is older than this original ({original}): it may need updating")]
    OutdatedTranslation {
        // Boxed strings keep `Problem` as small as before this variant.
        file: Box<str>,
        translated: Box<str>,
        original: Box<str>,
    },
}

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

/// A " (did you mean `x`?)" suffix, empty when nothing is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidYouMean(pub Option<&'static str>);

impl fmt::Display for DidYouMean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(k) => write!(f, " (did you mean `{k}`?)"),
            None => Ok(()),
        }
    }
}

impl DidYouMean {
    /// The closest known key within a small edit distance, for typos such as `tag` or `titel`.
    pub fn closest(key: &str, known: &[&'static str]) -> Self {
        let key = key.to_lowercase();
        let best = known
            .iter()
            .map(|k| (edit_distance(&key, k), *k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3) && *d < k.len())
            .min();
        DidYouMean(best.map(|(_, k)| k))
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, as the writer knows it (`content/metrics/ltv.md`).
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub problem: Problem,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            problem,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, problem)
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: {}", self.problem)
    }
}

/// Paths print with `/` on every platform so messages are the same in CI logs everywhere.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The problems of one run, in a stable order (by file, then line) for readable output.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file, line, column, severity: the order they are printed in.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_cached_key(|d| {
            (
                d.file.clone(),
                d.line,
                d.column,
                d.severity,
                d.problem.to_string(),
            )
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        let known = ["title", "tags", "categories", "aliases"];
        assert_eq!(DidYouMean::closest("tag", &known).0, Some("tags"));
        assert_eq!(DidYouMean::closest("titel", &known).0, Some("title"));
        assert_eq!(
            DidYouMean::closest("Category", &known).0,
            Some("categories")
        );
        assert_eq!(DidYouMean::closest("zzzzzz", &known).0, None);
    }

    #[test]
    fn display_has_file_line_and_severity() {
        let d = Diagnostic::error("content/a.md", Problem::MissingTitle).at(3, 5);
        assert_eq!(
            d.to_string(),
            "content/a.md:3:5: error: missing required key `title`"
        );
    }
}
