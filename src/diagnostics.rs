//! Problems found in a site, with the file (and line) they come from.
//!
//! Every stage reports into a [`Diagnostics`] list instead of stopping at the first problem,
//! so a writer sees all broken terms of a glossary in one run. `main` prints them and picks
//! the exit code; library code never prints.
//!
//! Every message a writer can read is worded here, in [`Problem`]'s variants and the
//! `Display` of their details (`details.rs`); stages only say which problem, with its data.

mod details;
mod did_you_mean;
mod report;

pub use details::{
    BaseUrlFault, BrokenAnchor, DateFault, GuessedReading, PathConflict, PathOwner, RedirectFault,
    ShortcodeFault,
};
pub use did_you_mean::DidYouMean;
pub use report::{display_path, Diagnostic, Diagnostics};

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
    /// A value of the wrong shape for its key, where no more specific variant fits;
    /// `message` says what the key takes.
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
    #[error("redirect_from `{path}` {fault}")]
    BadRedirect { path: String, fault: RedirectFault },
    #[error("`{key}`: `{value}` is not a date ({fault}): write YYYY-MM-DD or an RFC 3339 date-time such as 2024-04-01T10:00:00+09:00")]
    InvalidDate {
        key: &'static str,
        value: String,
        fault: DateFault,
    },
    /// A warning: the term is treated as preferred.
    #[error("`status`: `{0}` is not a terminology status, so the term counts as preferred: write `preferred` or `deprecated`")]
    UnknownStatus(String),
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
    #[error("`redirect_from`: `{value}` would be written to `{output}`, which {conflict}")]
    ReservedPath {
        value: String,
        output: String,
        conflict: Box<PathConflict>,
    },
    /// A file or folder the build needs could not be read; carries the system's reason.
    #[error("cannot read: {0}")]
    CannotRead(String),
    /// A file of the site could not be written (disk full, permissions).
    #[error("cannot write: {0}")]
    CannotWrite(String),
    #[error("no config.yaml in {root}: create one with `glossgen init DIR`, or write a file with at least\n    title: My Glossary\n    base_url: https://example.com/")]
    NoConfig { root: String },
    #[error("config.yaml must be a mapping of `key: value` lines")]
    ConfigNotMapping,
    #[error("{0}")]
    BadBaseUrl(BaseUrlFault),
    #[error("`{key}` must be at least 1")]
    ZeroCount { key: &'static str },
    #[error("theme `{0}` not found: there is no themes/{0}/ folder (use `theme: default` for the built-in theme)")]
    ThemeNotFound(String),
    /// A template that does not parse, or whose inheritance does not resolve.
    #[error("template error: {0}")]
    TemplateSyntax(String),
    /// A template that parses but fails on one page (an unknown variable, a bad filter).
    #[error("rendering {page} failed: {message}")]
    TemplateRender { page: String, message: String },
    #[error("no content/ folder: put one Markdown file per term in content/")]
    NoContentFolder,
    #[error("tag or category `{0}` has no letters or digits, so it has no URL")]
    NameWithoutUrl(String),
    /// Two pages (or a page and a redirect) whose paths differ only in case or not at all.
    #[error("two pages would be written to {0}")]
    OutputCollision(String),
    /// `check` lint.
    #[error("the term has no tags and no categories")]
    NoTaxonomy,
    /// `check` lint.
    #[error("orphan: no other term references or mentions this term, and it references none")]
    Orphan,
    #[error("shortcode `{0}`: a shortcode used with a body must output `{{{{ body | safe }}}}` exactly once")]
    ShortcodeBodyNotOnce(String),
    /// `check` lint: `files` lists every term file using the name.
    #[error("the name `{name}` is used by several terms ({files}): it is never auto-linked and [[{name}]] is ambiguous")]
    SharedName { name: String, files: String },
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
    ShortcodeSyntax(ShortcodeFault),
    #[error(
        "`blocks.cta` names `{id}`, but config.yaml has no `extra.cta.{id}` with `text` and `url`"
    )]
    MissingCtaBanner { id: String },
    /// `retry` is the command again with a free `--slug`.
    #[error("{path} already exists: choose another slug with `--slug`, e.g. `{retry}`")]
    TermFileExists { path: String, retry: String },
    #[error("cannot derive an ASCII slug from `{title}`: give one with `--slug`, e.g. `glossgen new \"{title}\" --slug my-term`")]
    NoAsciiSlug { title: String },
    /// `languages:` in config.yaml names a language glossgen has no UI strings for.
    #[error("`languages`: `{code}` is not a language with built-in UI strings (known: {known}); add themes/<theme>/i18n/{code}.yaml or use one of those")]
    UnknownLanguage { code: String, known: String },
    /// The build cache's folder holds files that are not glossgen's.
    #[error("the build cache's folder holds files glossgen did not write, so no cache is kept there: set `cache_dir` (or `--cache-dir`) to a folder of its own, or build with `--no-cache`")]
    CacheFolderNotOurs,
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
