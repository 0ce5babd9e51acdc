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

/// A shortcode call that starts like one but does not follow the grammar (names and keys
/// boxed to keep [`super::Problem`] small).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShortcodeFault {
    NestedBody {
        name: Box<str>,
    },
    StrayEnd,
    UnclosedBody,
    ExpectedCloser {
        name: Box<str>,
        closer: &'static str,
    },
    ExpectedArgument {
        name: Box<str>,
    },
    ExpectedEquals {
        name: Box<str>,
        key: Box<str>,
    },
    BadValue {
        name: Box<str>,
        key: Box<str>,
    },
    RepeatedArgument {
        name: Box<str>,
        key: Box<str>,
    },
    ExpectedSeparator {
        name: Box<str>,
    },
}

impl From<ShortcodeFault> for super::Problem {
    fn from(fault: ShortcodeFault) -> Self {
        super::Problem::ShortcodeSyntax(fault)
    }
}

impl fmt::Display for ShortcodeFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ShortcodeFault::*;
        match self {
            NestedBody { name } => write!(
                f,
                "`{name}` opens a body inside another shortcode's body: body shortcodes cannot be nested"
            ),
            StrayEnd => write!(f, "`{{% end %}}` closes no shortcode"),
            UnclosedBody => write!(f, "this shortcode's body is never closed: add `{{% end %}}`"),
            ExpectedCloser { name, closer } => {
                write!(f, "shortcode `{name}`: expected `{closer}` after the arguments")
            }
            ExpectedArgument { name } => {
                write!(f, "shortcode `{name}`: expected an argument name or `)`")
            }
            ExpectedEquals { name, key } => {
                write!(f, "shortcode `{name}`: expected `=` after `{key}`")
            }
            BadValue { name, key } => write!(
                f,
                "shortcode `{name}`: the value of `{key}` must be a quoted string, a number, true or false"
            ),
            RepeatedArgument { name, key } => {
                write!(f, "shortcode `{name}`: `{key}` is given twice")
            }
            ExpectedSeparator { name } => {
                write!(f, "shortcode `{name}`: expected `,` or `)` between arguments")
            }
        }
    }
}

/// What is wrong with a front matter date (see `content::date::check_date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFault {
    YearDigits,
    DashAfterYear,
    MonthDigits,
    DashAfterMonth,
    DayDigits,
    NoSuchMonth,
    NoSuchDay,
    TimeSeparator,
    BadTime,
    EmptyFraction,
    BadOffset,
    TextAfterTime,
    TextAfterOffset,
}

impl fmt::Display for DateFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DateFault::*;
        let why = match self {
            YearDigits => "the year needs four digits",
            DashAfterYear => "expected `-` after the year",
            MonthDigits => "the month needs two digits",
            DashAfterMonth => "expected `-` after the month",
            DayDigits => "the day needs two digits",
            NoSuchMonth => "there is no such month",
            NoSuchDay => "there is no such day in that month",
            TimeSeparator => "expected `T` between the date and the time",
            BadTime => "the time must be HH:MM:SS, 00:00:00 to 23:59:60",
            EmptyFraction => "a fraction of a second needs digits after `.`",
            BadOffset => "the offset must be +HH:MM or -HH:MM",
            TextAfterTime => "unexpected text after the time",
            TextAfterOffset => "unexpected text after the offset",
        };
        f.write_str(why)
    }
}

/// What is wrong with a `redirect_from` path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectFault {
    NotSitePath,
    DotSegmentOrSpecial,
    TooLong { limit: usize },
}

impl fmt::Display for RedirectFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectFault::NotSitePath => write!(f, "must be a site path starting with `/`"),
            RedirectFault::DotSegmentOrSpecial => {
                write!(f, "must not contain `..`, `.`, `\\`, `?` or `#`")
            }
            RedirectFault::TooLong { limit } => write!(f, "is longer than {limit} bytes"),
        }
    }
}

/// What an output path is already used for (see `model::paths`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathOwner {
    /// A page or data file every build writes.
    BuiltFile,
    TermPage(String),
    TermAsset(String),
    /// The pages of a tag or category, by its name.
    TaxonomyPages(String),
    Redirect(String),
    StaticFile(String),
}

impl fmt::Display for PathOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathOwner::BuiltFile => write!(f, "a file every build writes"),
            PathOwner::TermPage(slug) => write!(f, "the page of term `{slug}`"),
            PathOwner::TermAsset(slug) => write!(f, "an asset of term `{slug}`"),
            PathOwner::TaxonomyPages(name) => write!(f, "the pages of `{name}`"),
            PathOwner::Redirect(slug) => write!(f, "a redirect of `{slug}`"),
            PathOwner::StaticFile(path) => write!(f, "the static file `{path}`"),
        }
    }
}

/// How a redirect's output path collides with a path the site already uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathConflict {
    Is(PathOwner),
    /// The path is a folder of the owner's files.
    FolderOf(PathOwner),
    /// The path lies below `dir`, which is the owner's file.
    InsideFile(String, PathOwner),
    /// The path lies below `dir/`, a folder the owner fills.
    InsideTree(String, PathOwner),
}

impl fmt::Display for PathConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathConflict::Is(owner) => write!(f, "is already {owner}"),
            PathConflict::FolderOf(owner) => write!(f, "is a folder holding {owner}"),
            PathConflict::InsideFile(dir, owner) => {
                write!(f, "lies inside `{dir}`, which is {owner}")
            }
            PathConflict::InsideTree(dir, owner) => {
                write!(f, "lies inside `{dir}/`, which holds {owner}")
            }
        }
    }
}
