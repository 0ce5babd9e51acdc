//! Image dimensions from file headers, for `width`/`height` on `<img>` (so pages do not jump
//! while images load). PNG, JPEG, GIF and WebP through the `imagesize` crate, which reads only
//! the header; SVG from the root element's `width`/`height`, else its `viewBox`.

use std::path::Path;

/// Width and height in CSS pixels, or `None` for a file that is not a known image.
pub fn size_of_bytes(name: &str, bytes: &[u8]) -> Option<(u32, u32)> {
    if is_svg(name) {
        return svg_size(bytes);
    }
    let s = imagesize::blob_size(bytes).ok()?;
    Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?))
}

/// Like [`size_of_bytes`], reading from a file (only its header for raster formats).
pub fn size_of_file(path: &Path) -> Option<(u32, u32)> {
    let name = path.to_string_lossy();
    if is_svg(&name) {
        return svg_size(&std::fs::read(path).ok()?);
    }
    if !is_raster(&name) {
        return None;
    }
    let s = imagesize::size(path).ok()?;
    Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?))
}

fn ext_is(name: &str, exts: &[&str]) -> bool {
    let lower = name.to_ascii_lowercase();
    exts.iter().any(|e| lower.ends_with(e))
}

fn is_svg(name: &str) -> bool {
    ext_is(name, &[".svg"])
}

/// The formats read for sizes; any other file is left alone.
pub fn is_raster(name: &str) -> bool {
    ext_is(name, &[".png", ".jpg", ".jpeg", ".gif", ".webp"])
}

/// Whether a file name is an image we can size.
pub fn is_image(name: &str) -> bool {
    is_svg(name) || is_raster(name)
}

/// `width`/`height` of the `<svg>` element when both are plain numbers (or `px`), else the
/// `viewBox` size.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut found = None;
    crate::htmlscan::for_each_tag(bytes, |tag| {
        if found.is_some() || !tag.is("svg") {
            return;
        }
        let px = |v: Option<&str>| -> Option<f64> {
            let v = v?.trim();
            v.strip_suffix("px").unwrap_or(v).trim().parse::<f64>().ok()
        };
        let from_attrs = px(tag.attr("width").as_deref()).zip(px(tag.attr("height").as_deref()));
        let from_box = tag.attr("viewBox").and_then(|vb| {
            let n: Vec<f64> = vb
                .split([' ', ',', '\t', '\n'])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            (n.len() == 4).then(|| (n[2], n[3]))
        });
        found = Some(from_attrs.or(from_box));
    });
    let (w, h) = found??;
    let round = |x: f64| (x.is_finite() && x > 0.0 && x < 1e6).then(|| x.round() as u32);
    Some((round(w)?, round(h)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_from_attributes_or_view_box() {
        assert_eq!(
            size_of_bytes(
                "a.svg",
                br#"<?xml version="1.0"?><svg width="32px" height="16" viewBox="0 0 8 8"></svg>"#
            ),
            Some((32, 16))
        );
        assert_eq!(
            size_of_bytes(
                "a.SVG",
                br#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 120.4 60"/>"#
            ),
            Some((120, 60))
        );
        assert_eq!(size_of_bytes("a.svg", b"<svg></svg>"), None);
    }

    #[test]
    fn gif_header() {
        let gif = b"GIF89a\x03\x00\x02\x00\x00\x00\x00;";
        assert_eq!(size_of_bytes("a.gif", gif), Some((3, 2)));
        assert_eq!(size_of_bytes("a.txt", b"hello"), None);
    }
}
