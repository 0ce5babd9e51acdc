//! `_redirects` and `_headers`: files that Netlify and Cloudflare Pages read from the root of
//! a deploy to answer real 301s for `redirect_from` paths and to set response headers.
//! Other hosts serve them as two small text files; `host_files: false` leaves them out.

use super::RenderInput;
use crate::text::percent_encode_path;

/// A policy the default theme satisfies: no inline script or style, everything from the
/// site itself, images also from `https:` and `data:` (term bodies may show remote images).
/// JSON-LD (`<script type="application/ld+json">`) is data, not script: CSP does not apply.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// For HTML and data files, whose URLs never change: always revalidate, so a deploy is seen
/// at once and no page asks for a hashed asset of an older deploy.
pub const SHORT_CACHE: &str = "public, max-age=0, must-revalidate";

/// For content-hashed assets: a new content gets a new name, so a name is cached for good.
pub const LONG_CACHE: &str = "public, max-age=31536000, immutable";

/// One `old new 301` line per `redirect_from` path, with the base path, percent-encoded.
pub fn redirects(input: &RenderInput<'_>) -> String {
    let base = &input.site.base.path;
    let mut out = String::from(
        "# glossgen: one line per redirect_from (read by Netlify and Cloudflare Pages)\n",
    );
    for term in &input.model.terms {
        for from in &term.redirect_from {
            let trimmed = from.trim_matches('/');
            let old = if trimmed.is_empty() || trimmed.ends_with(".html") {
                format!("{base}{}", percent_encode_path(trimmed))
            } else {
                format!("{base}{}/", percent_encode_path(trimmed))
            };
            out.push_str(&format!("{old} {} 301\n", term.url));
        }
    }
    out
}

/// Security headers for every path, short caching for pages and data files, long caching for
/// each hashed asset (`hashed`: output paths). Cache-Control is never set twice for one path:
/// both hosts join the values of rules that match the same path.
pub fn headers(base_path: &str, hashed: &[String]) -> String {
    let mut out =
        String::from("# glossgen: response headers (read by Netlify and Cloudflare Pages)\n");
    out.push_str(&format!(
        "{base_path}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n"
    ));
    let pages = [
        "",
        "index.html",
        "404.html",
        "terms/*",
        "tags/*",
        "categories/*",
        "search/*",
        "search-index.json",
        "graph.json",
        "sitemap.xml",
        "atom.xml",
    ];
    for p in pages {
        out.push_str(&format!("{base_path}{p}\n  Cache-Control: {SHORT_CACHE}\n"));
    }
    let mut hashed: Vec<&String> = hashed.iter().collect();
    hashed.sort();
    for h in hashed {
        out.push_str(&format!(
            "{base_path}{}\n  Cache-Control: {LONG_CACHE}\n",
            percent_encode_path(h)
        ));
    }
    out
}
