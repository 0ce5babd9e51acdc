//! `glossgen import hugo SRC DEST`: turns a Hugo-style glossary folder into a glossgen site.
//! Front matter is mapped ([`hugo`]), references rewritten ([`references`]) and everything that
//! could not be carried over as is goes into `import-report.md` ([`report`]). SRC is only
//! read; in DEST nothing that exists is ever overwritten.

pub mod hugo;
pub mod references;
pub mod report;
pub mod translation;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::model::lookup::name_key;
use references::{convert_body, TermIndex};
use report::Report;

/// What `glossgen import hugo` was asked to do.
#[derive(Debug, Clone)]
pub struct HugoImport {
    pub src: PathBuf,
    pub dest: PathBuf,
    /// The site's language when DEST is new.
    pub lang: Option<String>,
    /// The source site's address, for links into the rest of it.
    pub source_url: Option<String>,
}

/// Why an import did nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}: no such folder")]
    NoSource(PathBuf),
    #[error("{0} is not empty and is not a glossgen site (it has no config.yaml): import into a new or empty folder, or into a glossgen site")]
    NotASite(PathBuf),
    #[error("{0} is inside the source folder, which an import never modifies: choose a destination outside it")]
    DestInsideSource(PathBuf),
    #[error("the destination's config.yaml has errors: {0}")]
    BadSiteConfig(String),
    #[error("config.yaml writes `languages:` in flow style (`{{ … }}`): add the language there by hand, then import again")]
    FlowLanguages,
    #[error("--lang `{0}` is not a language code such as `en`, `ja` or `pt-br`")]
    BadLanguage(String),
    #[error("--source-url `{0}` is not an http:// or https:// address")]
    BadSourceUrl(String),
    #[error("these files already exist in {dest} and would be overwritten (nothing was written; move them away first): {files}")]
    WouldOverwrite { dest: PathBuf, files: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ImportError {
    /// 1 when reading or writing failed, 2 for a refused request (a usage error).
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportError::Io { .. } => 1,
            _ => 2,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ImportError + '_ {
    move |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Runs the import: everything is checked and converted first, then written.
pub fn import_hugo(opts: &HugoImport) -> Result<Report, ImportError> {
    if let Some(lang) = &opts.lang {
        if !references::is_language_code(lang) {
            return Err(ImportError::BadLanguage(lang.clone()));
        }
    }
    let source_url = match &opts.source_url {
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
            Some(u.trim_end_matches('/').to_string())
        }
        Some(u) => return Err(ImportError::BadSourceUrl(u.clone())),
        None => None,
    };
    if !opts.src.is_dir() {
        return Err(ImportError::NoSource(opts.src.clone()));
    }
    let new_site = dest_is_new(opts)?;
    let mut report = Report {
        source: opts.src.display().to_string(),
        ..Report::default()
    };
    let pages = read_pages(&opts.src, &mut report)?;
    let mut terms = TermIndex::default();
    terms.source_url = source_url;
    // `--lang` into a site of another default language: the import is a translation.
    let target = match (&opts.lang, new_site) {
        (Some(lang), false) => Some(translation::TargetSite::read(&opts.dest, lang)?)
            .filter(|t| t.default_language != *lang),
        _ => None,
    };
    if let Some(t) = &target {
        t.add_terms(&mut terms);
    }
    let mut taken = BTreeSet::new();
    for page in &pages {
        terms.insert(&page.stem, &page.title);
        taken.insert(name_key(&page.stem));
        taken.insert(name_key(&page.title));
    }
    let is_taken = |name: &str| taken.contains(&name_key(name));
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for page in &pages {
        let text = convert_page(page, &terms, &is_taken, &mut report);
        let file = match (&target, &opts.lang) {
            (Some(t), Some(lang)) => t.translation_file(&page.stem, lang),
            _ => PathBuf::from("content").join(format!("{}.md", page.stem)),
        };
        files.push((file, text));
    }
    report.terms = pages.len();
    let (language, guessed) = match &opts.lang {
        Some(l) => (l.clone(), false),
        None => (guess_language(&pages).to_string(), true),
    };
    report.language = language.clone();
    report.language_guessed = guessed && new_site;
    let mut config = None;
    if new_site {
        files.push(("config.yaml".into(), new_config(&language)));
    } else if let (Some(t), Some(lang)) = (&target, &opts.lang) {
        report.language = format!(
            "{lang} (a translation of the site's {})",
            t.default_language
        );
        report.language_guessed = false;
        config = t.config_with(lang)?;
    } else {
        report.language = "(the site's own)".into();
        report.language_guessed = false;
    }
    // A translation's report sits beside the original import's.
    report.file = match (&target, &opts.lang) {
        (Some(_), Some(lang)) => format!("import-report.{lang}.md"),
        _ => "import-report.md".into(),
    };
    files.push((PathBuf::from(&report.file), report.to_markdown()));
    write_all(&opts.dest, &files)?;
    if let Some(config) = config {
        let path = opts.dest.join(crate::config::CONFIG_FILE);
        std::fs::write(&path, config).map_err(io(&path))?;
    }
    Ok(report)
}

/// Whether DEST is to become a new site (absent or empty) rather than an existing one;
/// refuses a non-empty folder that is not a site, and a destination inside SRC.
fn dest_is_new(opts: &HugoImport) -> Result<bool, ImportError> {
    let dest = &opts.dest;
    if let (Ok(src), Some(d)) = (opts.src.canonicalize(), nearest_existing(dest)) {
        if d.starts_with(&src) {
            return Err(ImportError::DestInsideSource(dest.clone()));
        }
    }
    if !dest.exists() {
        return Ok(true);
    }
    if !dest.is_dir() {
        return Err(ImportError::NotASite(dest.clone()));
    }
    let empty = std::fs::read_dir(dest).map_err(io(dest))?.next().is_none();
    if empty {
        return Ok(true);
    }
    if !dest.join("config.yaml").is_file() {
        return Err(ImportError::NotASite(dest.clone()));
    }
    Ok(false)
}

/// The path itself or its nearest existing ancestor, canonicalised.
fn nearest_existing(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.ancestors().find_map(|a| a.canonicalize().ok())
}

/// The term pages of SRC (top level, by file name); everything else goes to the report.
fn read_pages(src: &Path, report: &mut Report) -> Result<Vec<hugo::Page>, ImportError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(src)
        .map_err(io(src))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let mut pages = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        report.files_read += 1;
        let skip = |why: &str| (name.clone(), why.to_string());
        if path.is_dir() {
            report
                .skipped
                .push(skip("a folder: only the top level is read"));
            continue;
        }
        let Some(stem) = name.strip_suffix(".md") else {
            report.skipped.push(skip("not a Markdown file"));
            continue;
        };
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let Ok(text) = String::from_utf8(bytes) else {
            report.skipped.push(skip("not UTF-8"));
            continue;
        };
        match hugo::read_page(stem, &text) {
            Ok(page) => pages.push(page),
            Err(why) => report.skipped.push(skip(&why)),
        }
    }
    Ok(pages)
}

/// One term file in glossgen form, its findings added to the report.
fn convert_page(
    page: &hugo::Page,
    terms: &TermIndex,
    taken: &dyn Fn(&str) -> bool,
    report: &mut Report,
) -> String {
    let file = format!("{}.md", page.stem);
    let mapped = hugo::map_front_matter(page, terms, taken);
    let (body, found) = convert_body(&page.body, page.body_line, terms);
    for f in [&mapped.description_findings, &found] {
        report.converted += f.converted;
        for (line, what) in &f.unresolved {
            report.unresolved.push((file.clone(), *line, what.clone()));
        }
        for (line, name) in &f.shortcodes {
            report.shortcodes.push((file.clone(), *line, name.clone()));
        }
        for (line, was, became) in &f.site_links {
            report
                .site_links
                .push((file.clone(), *line, was.clone(), became.clone()));
        }
    }
    for key in &mapped.moved_to_extra {
        report.moved_to_extra.push((file.clone(), key.clone()));
    }
    for note in &mapped.notes {
        report.notes.push((file.clone(), note.clone()));
    }
    let yaml = serde_yaml::to_string(&mapped.front).unwrap_or_default();
    let mut text = format!("---\n{yaml}---\n{body}");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// `ja` when most pages are written in Japanese, else `en`.
fn guess_language(pages: &[hugo::Page]) -> &'static str {
    let japanese = pages
        .iter()
        .filter(|p| p.body.chars().any(is_japanese) || p.title.chars().any(is_japanese))
        .count();
    if japanese * 2 > pages.len() {
        "ja"
    } else {
        "en"
    }
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

fn new_config(language: &str) -> String {
    let title = if language == "ja" {
        "用語集"
    } else {
        "Glossary"
    };
    format!(
        "# Written by `glossgen import hugo`: set base_url to where the site will be published.\ntitle: {title}\nbase_url: https://example.com/\nlanguage: {language}\n"
    )
}

/// Writes every file under `dest`, after checking that none of them exists.
fn write_all(dest: &Path, files: &[(PathBuf, String)]) -> Result<(), ImportError> {
    let existing: Vec<String> = files
        .iter()
        .filter(|(rel, _)| dest.join(rel).exists())
        .map(|(rel, _)| rel.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(ImportError::WouldOverwrite {
            dest: dest.to_path_buf(),
            files: existing.join(", "),
        });
    }
    for (rel, text) in files {
        let path = dest.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    Ok(())
}
