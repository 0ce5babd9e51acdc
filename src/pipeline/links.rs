//! Link-clean output: every `href`/`src`/`action` inside the site must lead to a file of the
//! output, and every `#fragment` to an `id` on its target page, or the build fails.
//!
//! Each page is scanned once, as its bytes come out of the minifier, on the rendering
//! thread ([`SiteFiles::process`]); the same pass gives `<img>` tags their `width`/`height`
//! and `loading="lazy"`. What needs other pages (their ids) waits for [`verify`], one
//! hash lookup per link: the whole check is linear in the size of the output.
//! Templates are not special: any page's links, from any template, are checked alike.
//!
//! (Just over 400 lines: the per-page scan and the whole-site check share the link
//! classification and the id tables, and are read together.)

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::BaseUrl;
use crate::htmlscan::for_each_tag;
use crate::images;
use crate::model::SiteModel;
use crate::render::{assets::Assets, theme, Page};

/// Data files every build writes beside the pages (see `extras`).
const DATA_FILES: &[&str] = &[
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "search-index.json",
    "graph.json",
    "_redirects",
    "_headers",
];

/// FNV-1a for the path sets: short keys, looked up once per link of every page, where
/// SipHash's protection against crafted keys buys nothing.
#[derive(Default)]
pub(super) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastHash = std::hash::BuildHasherDefault<Fnv>;

/// Where a non-page file of the output comes from: for image sizes.
enum FileSource {
    Generated,
    Path(PathBuf),
    Bytes(&'static [u8]),
}

/// What the check knows of the output before it is written.
pub(super) struct SiteFiles<'a> {
    pages: HashSet<&'a str, FastHash>,
    others: HashMap<String, FileSource, FastHash>,
    /// Every language's theme assets: each language has its own theme, and a page asks its
    /// own for a hashed file, so a file made for one language may be linked from another.
    assets: Vec<&'a Assets>,
    base_full: String,
    base_path: String,
    sizes: Mutex<HashMap<String, Option<(u32, u32)>>>,
    collect_external: bool,
}

/// What one page links to and which ids it has (kept in the build cache with the page).
#[derive(Default, Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct PageLinks {
    /// Sorted.
    pub(super) ids: Vec<Box<str>>,
    /// (link as written, target page, id) for every link with a fragment to a page.
    pub(super) anchors: Vec<(Box<str>, Box<str>, String)>,
    /// (link as written, path it leads to) for links to no known file.
    pub(super) missing: Vec<(Box<str>, String)>,
    /// External `http(s)` URLs (without fragment), when asked for.
    pub(super) external: Vec<String>,
}

/// An `<img>` tag: where its name ends, its `src`, which of the attributes we add it has.
#[derive(Default)]
struct Img {
    at: usize,
    src: Option<String>,
    width: bool,
    height: bool,
    loading: bool,
}

enum Resolved {
    /// Not checkable here: `mailto:`, a path outside `base_url`'s path, an empty href.
    Skip,
    External(String),
    /// A path relative to the output root, and a fragment.
    Internal(String, Option<String>),
    /// `..` above the site's root.
    Outside,
}

impl<'a> SiteFiles<'a> {
    pub(super) fn new(
        pages: &'a [Page],
        theme: &'a theme::Theme,
        model: &SiteModel,
        root: &Path,
        base: &BaseUrl,
        collect_external: bool,
    ) -> SiteFiles<'a> {
        let mut others: HashMap<String, FileSource, FastHash> = DATA_FILES
            .iter()
            .chain(crate::render::exports::EXPORT_FILES.iter())
            .map(|n| (n.to_string(), FileSource::Generated))
            .collect();
        for (rel, src) in &theme.static_files {
            let key = rel.to_string_lossy().replace('\\', "/");
            let source = match src {
                theme::StaticSource::Builtin(b) => FileSource::Bytes(b),
                theme::StaticSource::File(p) => FileSource::Path(p.clone()),
            };
            others.insert(key, source);
        }
        for (rel, path) in theme::list_files(&root.join("static")) {
            others.insert(rel, FileSource::Path(path));
        }
        for term in &model.terms {
            if let Some(dir) = &term.bundle_dir {
                for asset in &term.assets {
                    let key = format!(
                        "terms/{}/{}",
                        term.slug,
                        asset.to_string_lossy().replace('\\', "/")
                    );
                    others.insert(key, FileSource::Path(root.join(dir).join(asset)));
                }
            }
        }
        SiteFiles {
            pages: pages.iter().map(|p| p.output.as_str()).collect(),
            others,
            assets: vec![&theme.assets],
            base_full: base.full(),
            base_path: base.path.clone(),
            sizes: Mutex::new(HashMap::new()),
            collect_external,
        }
    }

    /// A file the site has besides those [`SiteFiles::new`] knows: another language's
    /// bundle asset (`en/terms/ltv/chart.png`), or with no source, a generated data file
    /// (`en/atom.xml`).
    pub(super) fn add_file(&mut self, rel: String, path: Option<PathBuf>) {
        let source = path.map_or(FileSource::Generated, FileSource::Path);
        self.others.insert(rel, source);
    }

    /// Another language's theme assets: a page of that language may link a file made there.
    pub(super) fn add_assets(&mut self, assets: &'a Assets) {
        self.assets.push(assets);
    }

    fn asset(&self, path: &str) -> Option<crate::render::assets::HashedAsset> {
        self.assets.iter().find_map(|a| a.by_output(path))
    }

    fn is_file(&self, path: &str) -> bool {
        self.pages.contains(path) || self.others.contains_key(path) || self.asset(path).is_some()
    }

    /// Scans one rendered page: its ids and links, and `<img>` sizes put in.
    pub(super) fn process(&self, output: &str, html: Vec<u8>) -> (Vec<u8>, PageLinks) {
        let mut links = PageLinks::default();
        let mut imgs: Vec<Img> = Vec::new();
        {
            let mut raw_links: Vec<Cow<'_, str>> = Vec::new();
            for_each_tag(&html, |tag| {
                let link_attr = if tag.is("a") || tag.is("link") || tag.is("area") {
                    "href"
                } else if tag.is("form") {
                    "action"
                } else {
                    "src"
                };
                let is_a = tag.is("a");
                let mut img = tag.is("img").then(|| Img {
                    at: tag.name_end,
                    ..Img::default()
                });
                // One pass over the attributes: most tags have none of interest.
                for a in tag.attrs {
                    if a.is("id") || (is_a && a.is("name")) {
                        links.ids.push(a.value().into());
                    } else if a.is(link_attr) {
                        raw_links.push(a.value());
                    }
                    if let Some(img) = &mut img {
                        if a.is("src") {
                            img.src = Some(a.value().into_owned());
                        } else if a.is("width") {
                            img.width = true;
                        } else if a.is("height") {
                            img.height = true;
                        } else if a.is("loading") {
                            img.loading = true;
                        }
                    }
                }
                imgs.extend(img);
            });
            raw_links.sort_unstable();
            raw_links.dedup();
            for raw in &raw_links {
                self.classify(output, raw, &mut links);
            }
        }
        links.ids.sort_unstable();
        links.ids.dedup();
        // A fragment on this same page (the skip link's `#main`, a table of contents) is
        // checked now, so 100,000 pages do not keep one entry each for `verify`.
        let ids = &links.ids;
        links.anchors.retain(|(_, page, id)| {
            &**page != output
                || (id != "top" && ids.binary_search_by(|x| (**x).cmp(id.as_str())).is_err())
        });
        let html = if imgs.is_empty() {
            html
        } else {
            self.size_images(output, html, &imgs)
        };
        (html, links)
    }

    fn classify(&self, output: &str, raw: &str, links: &mut PageLinks) {
        match self.resolve(output, raw) {
            Resolved::Skip => {}
            Resolved::External(url) => {
                if self.collect_external {
                    links.external.push(url);
                }
            }
            Resolved::Outside => links.missing.push((raw.into(), raw.to_string())),
            Resolved::Internal(path, fragment) => {
                let page = if self.pages.contains(path.as_str()) {
                    Some(path)
                } else if self.is_file(&path) {
                    None
                } else {
                    let index = format!("{}/index.html", path.trim_end_matches('/'));
                    if self.pages.contains(index.as_str()) {
                        Some(index)
                    } else {
                        links.missing.push((raw.into(), path));
                        return;
                    }
                };
                if let (Some(page), Some(id)) = (page, fragment.filter(|f| !f.is_empty())) {
                    links
                        .anchors
                        .push((raw.into(), page.into(), percent_decode(&id)));
                }
            }
        }
    }

    /// Where a link leads, relative to the output root.
    fn resolve(&self, output: &str, raw: &str) -> Resolved {
        let v = raw.trim();
        let (no_fragment, fragment) = match v.split_once('#') {
            Some((a, f)) => (a, Some(f.to_string())),
            None => (v, None),
        };
        let path = no_fragment.split('?').next().unwrap_or("");
        let dir = output.rfind('/').map_or("", |i| &output[..=i]);
        let rel = if path.is_empty() {
            if v.is_empty() {
                return Resolved::Skip;
            }
            return Resolved::Internal(output.to_string(), fragment);
        } else if has_scheme(path) {
            let lower = path.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                return Resolved::Skip;
            }
            match strip_prefix_ci(path, &self.base_full) {
                Some(rest) => rest.to_string(),
                None => return Resolved::External(no_fragment.to_string()),
            }
        } else if path.starts_with("//") {
            return Resolved::External(format!("https:{no_fragment}"));
        } else if let Some(rest) = path.strip_prefix(self.base_path.as_str()) {
            rest.to_string()
        } else if path.starts_with('/') {
            return Resolved::Skip;
        } else {
            format!("{dir}{path}")
        };
        // Most links are plain paths: no `.` segment to resolve, nothing to decode.
        let plain = !rel.starts_with('.') && !rel.contains("/.") && !rel.contains('%');
        let resolved = if plain {
            Some(rel)
        } else {
            remove_dot_segments(&rel).map(|p| percent_decode(&p))
        };
        match resolved {
            Some(mut p) => {
                if p.is_empty() || p.ends_with('/') {
                    p.push_str("index.html");
                }
                Resolved::Internal(p, fragment)
            }
            None => Resolved::Outside,
        }
    }

    /// Puts `width`/`height` (when the file is known and the tag has neither) and
    /// `loading="lazy"` (on all but the first image) into each `<img>`.
    fn size_images(&self, output: &str, html: Vec<u8>, imgs: &[Img]) -> Vec<u8> {
        let mut out = Vec::with_capacity(html.len() + imgs.len() * 40);
        let mut copied = 0;
        for (n, img) in imgs.iter().enumerate() {
            let mut extra = String::new();
            if !img.width && !img.height {
                if let Some((w, h)) = img.src.as_deref().and_then(|s| self.size_of(output, s)) {
                    extra.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
                }
            }
            if n > 0 && !img.loading {
                extra.push_str(" loading=\"lazy\"");
            }
            out.extend_from_slice(&html[copied..img.at]);
            out.extend_from_slice(extra.as_bytes());
            copied = img.at;
        }
        out.extend_from_slice(&html[copied..]);
        out
    }

    fn size_of(&self, output: &str, src: &str) -> Option<(u32, u32)> {
        let Resolved::Internal(path, _) = self.resolve(output, src) else {
            return None;
        };
        if !images::is_image(&path) {
            return None;
        }
        let sizes = || self.sizes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = sizes().get(&path) {
            return *known;
        }
        let size = match (self.asset(&path), self.others.get(&path)) {
            (Some(asset), _) => images::size_of_bytes(&path, &asset.bytes),
            (None, Some(FileSource::Path(p))) => images::size_of_file(p),
            (None, Some(FileSource::Bytes(b))) => images::size_of_bytes(&path, b),
            _ => None,
        };
        sizes().insert(path, size);
        size
    }
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Resolves `.` and `..` segments; `None` when `..` climbs above the root.
fn remove_dot_segments(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for seg in &segments {
        match *seg {
            "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    if matches!(segments.last(), Some(&"." | &"..")) {
        out.push("");
    }
    Some(out.join("/"))
}

/// `%E3%81%82` → `あ`; a malformed escape stays as written.
pub(super) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
