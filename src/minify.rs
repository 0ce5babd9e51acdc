//! HTML minification of rendered pages.
//!
//! Minification is the costliest stage of a build (measured at 10,000 terms: about two
//! thirds of the time with minify-html's full parser, which runs at ~60 MB/s per core here).
//! Our pages come from our own templates and pulldown-cmark, so the one-pass minifier of
//! the same project (minify-html-onepass, ~150 MB/s, output as small or smaller) handles
//! them; a page it rejects (a theme override with unusual HTML) goes through the full
//! minify-html parser instead, which accepts anything. Inline JavaScript is never minified:
//! our pages carry only JSON-LD, and JS minification is not proven safe on it.

use crate::nesting::{HtmlNesting, MAX_MINIFY_NESTING};

/// Minifies one page. Both minifiers recurse once per nested element, so a page nested
/// deeper than [`MAX_MINIFY_NESTING`] is written as it is instead (bodies are already limited
/// to far less; this guards against themes).
pub fn minify_page(html: String) -> Vec<u8> {
    if HtmlNesting::max_depth(&html) > MAX_MINIFY_NESTING {
        return html.into_bytes();
    }
    let original = html.into_bytes();
    let mut bytes = original.clone();
    let onepass = minify_html_onepass::Cfg {
        minify_css: false,
        minify_js: false,
    };
    match minify_html_onepass::in_place(&mut bytes, &onepass) {
        Ok(len) => {
            bytes.truncate(len);
            bytes
        }
        // A panic inside the full minifier (it also minifies CSS, which a body's raw
        // `<style>` controls) must not end the build: the page is then written as it is.
        Err(_) => std::panic::catch_unwind(|| minify_html::minify(&original, &full_config()))
            .unwrap_or_else(|_| original.clone()),
    }
}

fn full_config() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_whitespace_and_keeps_text_and_json_ld() {
        let page = "<!doctype html>\n<html lang=\"ja\">\n  <body>\n    <p>顧客  生涯価値</p>\n    <script type=\"application/ld+json\">{\"name\": \"LTV\"}</script>\n  </body>\n</html>\n";
        let out = String::from_utf8(minify_page(page.to_string())).unwrap();
        assert!(out.len() < page.len());
        assert!(!out.contains("\n  <"), "{out}");
        assert!(out.contains("顧客"), "{out}");
        assert!(
            out.contains("{\"name\": \"LTV\"}"),
            "JSON-LD untouched: {out}"
        );
    }

    #[test]
    fn pages_nested_too_deeply_are_left_as_they_are() {
        let page = format!(
            "<body>{}x{}</body>",
            "<div>".repeat(5_000),
            "</div>".repeat(5_000)
        );
        assert_eq!(minify_page(page.clone()), page.into_bytes());
    }

    #[test]
    fn pages_the_fast_path_rejects_go_through_the_full_minifier() {
        // A stray closing tag: the one-pass minifier refuses the page (checked here, so the
        // test keeps exercising the fallback); the full parser accepts and minifies it.
        let page = "<div>\n   <p>a</span>\n   </div></div>\n";
        let onepass = minify_html_onepass::Cfg {
            minify_css: false,
            minify_js: false,
        };
        assert!(minify_html_onepass::in_place(&mut page.as_bytes().to_vec(), &onepass).is_err());
        let out = minify_page(page.to_string());
        assert_eq!(out, minify_html::minify(page.as_bytes(), &full_config()));
        assert!(out.len() < page.len());
    }
}
