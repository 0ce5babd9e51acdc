//! Content-hashed assets: `asset_url(path="style.css")` in a template gives the URL of
//! `style.<hash>.css`, a copy of the file named after its content, so a CDN or browser may
//! cache it forever and a changed file gets a new name.
//!
//! A path is looked up in the site's `static/` first, then in the theme's static files, so a
//! site overrides a theme asset (the favicon) by putting a file of the same name in `static/`.
//! Files are hashed on first use and remembered for the rest of the build; only files some
//! page asks for get a hashed copy (a site's `static/` may hold large files no page names).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::theme::StaticSource;

/// One hashed copy: where it goes (relative to the output root) and its bytes.
#[derive(Debug, Clone)]
pub struct HashedAsset {
    pub output: String,
    pub bytes: Arc<Vec<u8>>,
}

#[derive(Default)]
struct State {
    base_path: String,
    minify: bool,
    /// Logical path (`style.css`) → hashed copy.
    made: BTreeMap<String, HashedAsset>,
}

/// Hands out hashed asset URLs during a build; see the module documentation.
pub struct Assets {
    site_static: PathBuf,
    theme_static: BTreeMap<PathBuf, StaticSource>,
    state: Mutex<State>,
}

/// A 64-bit FNV-1a hash: stable across Rust versions and platforms, unlike `DefaultHasher`,
/// so a file keeps its name from one machine to the next.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `dir/name.ext` → `dir/name.<hash>.ext` (the hash goes before the last extension).
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", stable_hash(bytes));
    let hash = hash.get(..10).unwrap_or(&hash);
    let (dir, file) = match path.rfind('/') {
        Some(i) => path.split_at(i + 1),
        None => ("", path),
    };
    match file.rfind('.') {
        Some(dot) if dot > 0 => format!("{dir}{}.{hash}{}", &file[..dot], &file[dot..]),
        _ => format!("{dir}{file}.{hash}"),
    }
}

impl Assets {
    pub fn new(root: &Path, theme_static: BTreeMap<PathBuf, StaticSource>) -> Assets {
        Assets {
            site_static: root.join("static"),
            theme_static,
            state: Mutex::new(State {
                minify: true,
                base_path: "/".into(),
                ..State::default()
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the map half-updated: inserts are single calls.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets what URLs start with and whether CSS is minified; call before rendering.
    pub fn configure(&self, base_path: &str, minify: bool) {
        let mut s = self.state();
        s.base_path = base_path.to_string();
        s.minify = minify;
    }

    /// The URL path of the hashed copy of `path` (relative to the static folders).
    pub fn url(&self, path: &str) -> Result<String, String> {
        let logical = normalise(path)?;
        let mut state = self.state();
        if let Some(made) = state.made.get(&logical) {
            return Ok(format!(
                "{}{}",
                state.base_path,
                crate::text::percent_encode_path(&made.output)
            ));
        }
        let mut bytes = self.read(&logical)?;
        if state.minify && logical.ends_with(".css") {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                bytes = crate::css::minify_css(text).into_bytes();
            }
        }
        let output = hashed_name(&logical, &bytes);
        let url = format!(
            "{}{}",
            state.base_path,
            crate::text::percent_encode_path(&output)
        );
        state.made.insert(
            logical,
            HashedAsset {
                output,
                bytes: Arc::new(bytes),
            },
        );
        Ok(url)
    }

    fn read(&self, logical: &str) -> Result<Vec<u8>, String> {
        let in_site = self.site_static.join(logical);
        if in_site.is_file() {
            return std::fs::read(&in_site)
                .map_err(|e| format!("cannot read static/{logical}: {e}"));
        }
        match self.theme_static.get(Path::new(logical)) {
            Some(StaticSource::Builtin(bytes)) => Ok(bytes.to_vec()),
            Some(StaticSource::File(p)) => {
                std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
            }
            None => Err(format!(
                "asset_url: no file `{logical}` in static/ or in the theme's static files"
            )),
        }
    }

    /// The static files (logical paths) hashed copies were handed out for so far.
    pub fn requested(&self) -> Vec<String> {
        self.state().made.keys().cloned().collect()
    }

    /// Every hashed copy handed out so far, by output path.
    pub fn made(&self) -> Vec<HashedAsset> {
        self.state().made.values().cloned().collect()
    }

    /// The hashed copy written at `output`, if one was made.
    pub fn by_output(&self, output: &str) -> Option<HashedAsset> {
        self.state()
            .made
            .values()
            .find(|a| a.output == output)
            .cloned()
    }
}

/// `/img/logo.png` → `img/logo.png`; refuses `..` and empty paths.
fn normalise(path: &str) -> Result<String, String> {
    let trimmed = path.trim().trim_start_matches('/');
    let ok = !trimmed.is_empty()
        && Path::new(trimmed)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(trimmed.replace('\\', "/"))
    } else {
        Err(format!("asset_url: `{path}` is not a path inside static/"))
    }
}

/// Registers `asset_url(path=…)` on a Tera instance.
pub fn register(tera: &mut tera::Tera, assets: &Arc<Assets>) {
    let assets = Arc::clone(assets);
    tera.register_function(
        "asset_url",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            assets.url(path).map_err(tera::Error::message)
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_goes_before_the_extension_and_follows_the_content() {
        let a = hashed_name("img/logo.png", b"one");
        assert!(a.starts_with("img/logo.") && a.ends_with(".png"), "{a}");
        assert_eq!(a.len(), "img/logo..png".len() + 10);
        assert_eq!(a, hashed_name("img/logo.png", b"one"));
        assert_ne!(a, hashed_name("img/logo.png", b"two"));
        assert!(hashed_name("LICENSE", b"x").starts_with("LICENSE."));
    }

    #[test]
    fn site_static_wins_and_css_is_minified() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/favicon.svg"), "<svg/>").unwrap();
        let mut theme = BTreeMap::new();
        theme.insert(
            PathBuf::from("favicon.svg"),
            StaticSource::Builtin(b"<svg>theme</svg>"),
        );
        theme.insert(
            PathBuf::from("style.css"),
            StaticSource::Builtin(b"a {\n  color: red;\n}\n"),
        );
        let assets = Assets::new(dir.path(), theme);
        assets.configure("/g/", true);
        let icon = assets.url("favicon.svg").unwrap();
        assert_eq!(
            icon,
            format!("/g/{}", hashed_name("favicon.svg", b"<svg/>"))
        );
        let css = assets.url("/style.css").unwrap();
        let made = assets.made();
        let style = made.iter().find(|a| css.ends_with(&a.output)).unwrap();
        assert_eq!(style.bytes.as_slice(), b"a{color:red}");
        assert!(assets.url("../secret").is_err());
        assert!(assets.url("missing.png").is_err());
    }
}
