//! Themes: the built-in default theme, and the site's overrides of it file by file.
//!
//! Lookup order for every file: the site's `templates/` (templates only), then the site's
//! `themes/<theme>/`, then the built-in default theme compiled into the binary. A writer
//! needs no `themes/` folder at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use super::assets::{self, Assets};

use crate::diagnostics::{Diagnostic, Problem};

/// The templates every theme provides (the built-in one has them all).
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "term.html",
    "terms.html",
    "taxonomy_list.html",
    "taxonomy_single.html",
    "search.html",
    "404.html",
    "redirect.html",
    "card.html",
];

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The built-in default theme: (path inside the theme, bytes).
pub const BUILTIN: &[(&str, &[u8])] = builtin!(
    "templates/base.html",
    "templates/index.html",
    "templates/term.html",
    "templates/terms.html",
    "templates/taxonomy_list.html",
    "templates/taxonomy_single.html",
    "templates/search.html",
    "templates/404.html",
    "templates/redirect.html",
    "templates/card.html",
    "templates/graph.html",
    "templates/shortcodes/callout.html",
    "templates/shortcodes/figure.html",
    "templates/shortcodes/cta.html",
    "static/style.css",
    "static/glossgen.js",
    "static/preview.js",
    "static/graph.js",
    "static/favicon.svg",
    "i18n/ja.yaml",
    "i18n/en.yaml",
);

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Builtin(&'static [u8]),
    File(PathBuf),
}

/// A theme ready to render with: compiled templates, UI strings, static files.
pub struct Theme {
    pub tera: Tera,
    /// UI strings for the site's language.
    pub strings: BTreeMap<String, String>,
    /// Output path (relative to the output root) → source. Sorted for deterministic copying.
    pub static_files: BTreeMap<PathBuf, StaticSource>,
    /// A hash of every template and UI string: pages must be re-rendered when it changes.
    pub fingerprint: u64,
    /// Content-hashed copies of static files, handed out by the templates' `asset_url`.
    pub assets: Arc<Assets>,
    /// The templates that are the built-in theme's own (no theme or site file replaces
    /// them): what they read of a page's values is known (see `fragments::CardForm`).
    pub builtin_templates: std::collections::BTreeSet<String>,
}

impl Theme {
    /// Whether `name` is the built-in theme's own template.
    pub fn is_builtin(&self, name: &str) -> bool {
        self.builtin_templates.contains(name)
    }
}

fn builtin_file(path: &str) -> Option<&'static [u8]> {
    BUILTIN.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}

/// Loads the theme named in config for `language`, with the site's overrides.
pub fn load(root: &Path, theme: &str, language: &str) -> Result<Theme, Vec<Diagnostic>> {
    load_minified(root, theme, language, false)
}

/// [`load`], with the HTML templates' indentation removed when `minify` is on (see
/// [`super::template_minify`]): pages are then written as rendered, with no minifier pass.
pub fn load_minified(
    root: &Path,
    theme: &str,
    language: &str,
    minify: bool,
) -> Result<Theme, Vec<Diagnostic>> {
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(vec![Diagnostic::error(
            crate::config::CONFIG_FILE,
            Problem::ThemeNotFound(theme.to_string()),
        )]);
    }
    let mut errors = Vec::new();

    // Static files: built-in, then theme folder; the site's static/ is copied by the writer.
    let mut static_files = BTreeMap::new();
    for (path, bytes) in BUILTIN {
        if let Some(rel) = path.strip_prefix("static/") {
            static_files.insert(PathBuf::from(rel), StaticSource::Builtin(bytes));
        }
    }
    for (rel, path) in list_files(&theme_dir.join("static")) {
        static_files.insert(PathBuf::from(rel), StaticSource::File(path));
    }
    let assets = Arc::new(Assets::new(root, static_files.clone()));

    // Templates: built-in, then theme folder, then site templates/ (later wins).
    let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for (path, bytes) in BUILTIN {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            sources.insert(
                name.to_string(),
                (PathBuf::from(format!("(built-in theme)/{path}")), text),
            );
        }
    }
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        for (name, path) in list_files(&dir) {
            if !name.ends_with(".html") && !name.ends_with(".xml") && !name.ends_with(".txt") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    sources.insert(name, (rel, text));
                }
                Err(e) => errors.push(Diagnostic::error(rel, Problem::CannotRead(e.to_string()))),
            }
        }
    }
    let mut tera = Tera::new();
    assets::register(&mut tera, &assets);
    tera.autoescape_on(vec![".html", ".xml"]);
    // All at once, so inheritance resolves. On failure, find the file to blame: the built-in
    // templates are known to be good, so try each of the site's templates alone among them.
    let compiled: Vec<(&str, std::borrow::Cow<str>)> = sources
        .iter()
        .map(|(n, (_, t))| {
            let text = if minify && n.ends_with(".html") {
                super::template_minify::minify_template(t).into()
            } else {
                std::borrow::Cow::Borrowed(t.as_str())
            };
            (n.as_str(), text)
        })
        .collect();
    if let Err(e) = tera.add_raw_templates(compiled.iter().map(|(n, t)| (*n, t.as_ref()))) {
        if minify {
            // Errors are found and reported on the templates as written (same lines, same
            // text); minifying only changes whitespace in text, so this is not expected.
            return load_minified(root, theme, language, false);
        }
        let message = tera_message(&e);
        let builtin: Vec<(String, String)> = BUILTIN
            .iter()
            .filter_map(|(p, b)| {
                Some((
                    p.strip_prefix("templates/")?.to_string(),
                    String::from_utf8_lossy(b).into_owned(),
                ))
            })
            .collect();
        let mut blamed = false;
        for (name, (path, text)) in sources
            .iter()
            .filter(|(_, (p, _))| !p.starts_with("(built-in theme)"))
        {
            let mut probe = Tera::new();
            assets::register(&mut probe, &assets);
            let mut set: Vec<(&str, &str)> = builtin
                .iter()
                .filter(|(n, _)| n != name)
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            set.push((name.as_str(), text.as_str()));
            if let Err(e) = probe.add_raw_templates(set) {
                errors.push(Diagnostic::error(
                    path.clone(),
                    Problem::TemplateSyntax(tera_message(&e)),
                ));
                blamed = true;
            }
        }
        if !blamed {
            errors.push(Diagnostic::error(
                "templates",
                Problem::TemplateSyntax(message),
            ));
        }
    }

    // UI strings: built-in English, then built-in language, then theme folder's.
    let lang = language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_lowercase();
    let mut strings = BTreeMap::new();
    let mut merge = |bytes: &[u8], origin: PathBuf| match serde_yaml::from_slice::<
        BTreeMap<String, String>,
    >(bytes)
    {
        Ok(map) => strings.extend(map),
        Err(e) => errors.push(Diagnostic::error(origin, Problem::Yaml(e.to_string()))),
    };
    for name in ["en", lang.as_str()] {
        let file = format!("i18n/{name}.yaml");
        if let Some(bytes) = builtin_file(&file) {
            merge(bytes, PathBuf::from(format!("(built-in theme)/{file}")));
        }
        let over = theme_dir.join(&file);
        if let Ok(bytes) = std::fs::read(&over) {
            merge(
                &bytes,
                over.strip_prefix(root).unwrap_or(&over).to_path_buf(),
            );
        }
    }

    if errors.is_empty() {
        let fingerprint = crate::hash::hash_of(&(&sources, &strings, minify));
        let builtin_templates = sources
            .iter()
            .filter(|(_, (path, _))| path.starts_with("(built-in theme)"))
            .map(|(name, _)| name.clone())
            .collect();
        Ok(Theme {
            tera,
            strings,
            static_files,
            fingerprint,
            assets,
            builtin_templates,
        })
    } else {
        Err(errors)
    }
}

/// Tera's error with its causes, on one line each.
pub fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    msg
}

/// Files below `dir` as (path relative to `dir` with `/`, full path), sorted, hidden skipped.
pub fn list_files(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some((
                rel.to_string_lossy().replace('\\', "/"),
                e.path().to_path_buf(),
            ))
        })
        .collect()
}
