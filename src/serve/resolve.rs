//! From a request path to a file of the served folder, with the rules of a static host
//! (index.html for folders, a slash redirect) and nothing outside the folder: no `..`, no
//! dot-files, no directory listings. Pure path logic, apart from looking at the folder.

use std::path::{Component, Path, PathBuf};

/// Where a request path leads inside the served folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: `Location` to send.
    Redirect(String),
    NotFound,
    /// A path that tries to leave the folder or is not a valid path at all.
    BadRequest,
}

/// Percent-decodes one path segment. `None` for a malformed escape.
fn percent_decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Splits a raw request path (no query) into decoded segments, or says why it is refused.
/// Empty segments (`//`) are skipped.
fn decode_segments(raw_path: &str) -> Result<Vec<(&str, String)>, Resolved> {
    if !raw_path.starts_with('/') || raw_path.contains('\\') {
        return Err(Resolved::BadRequest);
    }
    let mut segments = Vec::new();
    for raw in raw_path.split('/').filter(|s| !s.is_empty()) {
        let bytes = percent_decode(raw).ok_or(Resolved::BadRequest)?;
        let seg = String::from_utf8(bytes).map_err(|_| Resolved::BadRequest)?;
        if seg == "."
            || seg == ".."
            || seg.contains(['/', '\\', '\0'])
            || (cfg!(windows) && seg.contains(':'))
        {
            return Err(Resolved::BadRequest);
        }
        if seg.starts_with('.') {
            // Dot-files and dot-folders are never served (and not told apart from missing).
            return Err(Resolved::NotFound);
        }
        segments.push((raw, seg));
    }
    Ok(segments)
}

/// Maps a raw request path (percent-encoded, no query string) to a file below `root`.
pub fn resolve(root: &Path, raw_path: &str, query: Option<&str>) -> Resolved {
    let segments = match decode_segments(raw_path) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut path = root.to_path_buf();
    for (_, seg) in &segments {
        path.push(seg);
    }
    // Defence in depth: every component must be a plain name, and the real path (symlinks
    // resolved) must stay inside the real root.
    if path
        .strip_prefix(root)
        .map(|rel| rel.components().any(|c| !matches!(c, Component::Normal(_))))
        .unwrap_or(true)
    {
        return Resolved::BadRequest;
    }
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(_) => return Resolved::NotFound,
    };
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if real.starts_with(&real_root) => {}
        _ => return Resolved::NotFound,
    }
    let trailing_slash = raw_path.ends_with('/');
    if meta.is_dir() {
        if !trailing_slash {
            // Rebuilt from the segments, so `//host` can never become a protocol-relative URL.
            let mut location = String::from("/");
            for (raw, _) in &segments {
                location.push_str(raw);
                location.push('/');
            }
            if let Some(q) = query {
                location.push('?');
                location.push_str(q);
            }
            return Resolved::Redirect(location);
        }
        let index = path.join("index.html");
        if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound // no directory listings
        }
    } else if meta.is_file() && !trailing_slash {
        Resolved::File(path)
    } else {
        Resolved::NotFound
    }
}

/// `Content-Type` by file extension; text types carry `charset=utf-8`.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "glossgen-http-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("terms/ltv")).unwrap();
        std::fs::create_dir_all(dir.join("tags/指標")).unwrap();
        std::fs::create_dir_all(dir.join("empty")).unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        std::fs::write(dir.join("terms/ltv/index.html"), "ltv").unwrap();
        std::fs::write(dir.join("tags/指標/index.html"), "tag").unwrap();
        std::fs::write(dir.join("style.css"), "css").unwrap();
        std::fs::write(dir.join(".hidden"), "secret").unwrap();
        std::fs::write(dir.join(".git/config"), "secret").unwrap();
        dir
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        let root = site();
        assert_eq!(
            resolve(&root, "/terms/ltv/", None),
            Resolved::File(root.join("terms/ltv/index.html"))
        );
        assert_eq!(
            resolve(&root, "/terms/ltv", Some("a=1")),
            Resolved::Redirect("/terms/ltv/?a=1".into())
        );
        assert_eq!(
            resolve(&root, "//terms/ltv", None),
            Resolved::Redirect("/terms/ltv/".into())
        );
        assert_eq!(
            resolve(&root, "/tags/%E6%8C%87%E6%A8%99/", None),
            Resolved::File(root.join("tags/指標/index.html"))
        );
        assert_eq!(
            resolve(&root, "/style.css", None),
            Resolved::File(root.join("style.css"))
        );
        assert_eq!(resolve(&root, "/style.css/", None), Resolved::NotFound);
        assert_eq!(resolve(&root, "/empty/", None), Resolved::NotFound);
        assert_eq!(resolve(&root, "/nope", None), Resolved::NotFound);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn refuses_traversal_and_dot_files() {
        let root = site().join("terms");
        for bad in [
            "/../style.css",
            "/%2e%2e/style.css",
            "/%2E%2E/style.css",
            "/..%2fstyle.css",
            "/ltv/..%2F..%2Fstyle.css",
            "/..\\style.css",
            "/%5c..%5cstyle.css",
            "/ltv%00/",
            "/%zz",
            "/%ff/",
            "relative",
            "/./ltv/",
        ] {
            assert_eq!(resolve(&root, bad, None), Resolved::BadRequest, "{bad}");
        }
        let root = root.parent().unwrap();
        for hidden in ["/.hidden", "/.git/config", "/%2egit/config", "/terms/.x/"] {
            assert_eq!(resolve(root, hidden, None), Resolved::NotFound, "{hidden}");
        }
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn content_types_carry_charset_for_text() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
