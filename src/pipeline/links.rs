//! Link-clean output: every `href`/`src`/`action` inside the site must lead to a file of the
//! output, and every `#fragment` to an `id` on its target page, or the build fails.
//!
//! Each page is scanned once, as its bytes come out of the minifier, on the rendering
//! thread ([`SiteFiles::process`]); the same pass gives `<img>` tags their `width`/`height`
//! and `loading="lazy"`. What needs other pages (their ids) waits for [`verify`], one
//! hash lookup per link: the whole check is linear in the size of the output.
//! Templates are not special: any page's links, from any template, are checked alike.
//! Where a link leads, as a string, is [`resolve`]'s.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::BaseUrl;
use crate::htmlscan::{for_each_tag, Tag};
use crate::images;
use crate::model::SiteModel;
use crate::render::{assets::Assets, theme, Page};
use resolve::{percent_decode, LinkBase, Resolved};

mod resolve;

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
    base: LinkBase,
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
            base: LinkBase {
                full: base.full(),
                path: base.path.clone(),
            },
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
            let mut raw_links = RawLinks::new();
            for_each_tag(&html, |tag| {
                scan_tag(tag, &mut links.ids, &mut raw_links, &mut imgs);
            });
            links.ids.sort_unstable();
            links.ids.dedup();
            self.classify_all(output, raw_links.unique(), &mut links);
        }
        let html = if imgs.is_empty() {
            html
        } else {
            self.size_images(output, html, &imgs)
        };
        (html, links)
    }

    /// Classifies each distinct link of page `output` (whose ids are in `links` already),
    /// and leaves the lists in `links` in the order of the links as written, sorted.
    fn classify_all(&self, output: &str, raw_links: Vec<Cow<'_, str>>, links: &mut PageLinks) {
        let mut external = Vec::new();
        // One buffer for the paths of every link.
        let mut path = String::new();
        for raw in &raw_links {
            self.classify(output, raw, &mut path, links, &mut external);
        }
        // Each link adds to one list at most, so ordering by link orders each list.
        links.missing.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        links.anchors.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        external.sort_unstable_by(|a, b| a.0.cmp(b.0));
        links.external = external.into_iter().map(|(_, url)| url).collect();
    }

    fn classify<'r>(
        &self,
        output: &str,
        raw: &'r str,
        path: &mut String,
        links: &mut PageLinks,
        external: &mut Vec<(&'r str, String)>,
    ) {
        match self.base.resolve(output, raw, path) {
            Resolved::Skip => {}
            Resolved::External(url) => {
                if self.collect_external {
                    external.push((raw, url));
                }
            }
            Resolved::Outside => links.missing.push((raw.into(), raw.to_string())),
            Resolved::Internal(fragment) => {
                let index;
                let page = if self.pages.contains(path.as_str()) {
                    Some(path.as_str())
                } else if self.is_file(path) {
                    None
                } else {
                    index = format!("{}/index.html", path.trim_end_matches('/'));
                    if self.pages.contains(index.as_str()) {
                        Some(index.as_str())
                    } else {
                        links.missing.push((raw.into(), path.clone()));
                        return;
                    }
                };
                let (Some(page), Some(id)) = (page, fragment.filter(|f| !f.is_empty())) else {
                    return;
                };
                let id = percent_decode(id);
                // A fragment on this same page (the skip link's `#main`, a table of
                // contents) is checked now, so 100,000 pages do not keep one entry each
                // for `verify`.
                let here = page == output
                    && (id == "top"
                        || links
                            .ids
                            .binary_search_by(|x| (**x).cmp(id.as_str()))
                            .is_ok());
                if !here {
                    links.anchors.push((raw.into(), page.into(), id));
                }
            }
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
        let mut path = String::new();
        let Resolved::Internal(_) = self.base.resolve(output, src, &mut path) else {
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

/// The links of one page, each distinct one once: a page writes the same link many times
/// (the navigation's, a tag's, a related term's), and each is resolved once.
struct RawLinks<'h> {
    seen: HashSet<&'h [u8], FastHash>,
    /// Decoded, in the order first written.
    values: Vec<Cow<'h, str>>,
}

impl<'h> RawLinks<'h> {
    fn new() -> Self {
        RawLinks {
            // Room for a page's distinct links, so that the set is seldom grown.
            seen: HashSet::with_capacity_and_hasher(64, FastHash::default()),
            values: Vec::with_capacity(64),
        }
    }

    fn add(&mut self, attr: &crate::htmlscan::Attr<'h>) {
        if self.seen.insert(attr.raw) {
            self.values.push(attr.value());
        }
    }

    /// Each distinct decoded link once.
    fn unique(self) -> Vec<Cow<'h, str>> {
        let mut values = self.values;
        // Distinct as written is distinct decoded, unless decoding changed one (`&amp;`,
        // bytes that are not UTF-8).
        if values.iter().any(|v| matches!(v, Cow::Owned(_))) {
            values.sort_unstable();
            values.dedup();
        }
        values
    }
}

/// What one start tag adds to its page's ids, links and images.
fn scan_tag<'h>(
    tag: &Tag<'_, 'h>,
    ids: &mut Vec<Box<str>>,
    raw_links: &mut RawLinks<'h>,
    imgs: &mut Vec<Img>,
) {
    // By the name's length first: most tags are none of these, ruled out at once.
    let (link_attr, is_a, is_img) = match tag.name.len() {
        1 if tag.is("a") => ("href", true, false),
        3 if tag.is("img") => ("src", false, true),
        4 if tag.is("link") || tag.is("area") => ("href", false, false),
        4 if tag.is("form") => ("action", false, false),
        _ => ("src", false, false),
    };
    let mut img = is_img.then(|| Img {
        at: tag.name_end,
        ..Img::default()
    });
    // One pass over the attributes: most tags have none of interest.
    for a in tag.attrs {
        if a.is("id") || (is_a && a.is("name")) {
            ids.push(a.value().into());
        } else if a.is(link_attr) {
            raw_links.add(a);
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
}
