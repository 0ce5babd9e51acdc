//! Limits on front matter values: each keeps a file system, a page or the build's time sane
//! whatever a writer (or a fuzzer) puts in a term file.

use super::front_matter::FrontMatter;
use crate::diagnostics::{Problem, RedirectFault};

/// Longest title or alias, in characters. Names are searched for in every body (auto-links),
/// and a name of tens of thousands of characters made building that search take many seconds;
/// no real term name comes near this.
pub const MAX_NAME_CHARS: usize = 200;

/// Longest file or folder name most file systems allow, in bytes.
pub const MAX_SEGMENT_BYTES: usize = 255;

/// Most entries per list key. A term's categories and aliases are shown on its card, and the
/// card on every page of each of its categories: 10,000 categories on one term made 10,000
/// pages of 10,000 names (29 s, 1.8 GB). Far above what a glossary term needs.
pub fn list_limits(front: &FrontMatter) -> [(&'static str, &Vec<String>, usize); 5] {
    [
        ("aliases", &front.aliases, 50),
        ("categories", &front.categories, 20),
        ("tags", &front.tags, 100),
        ("related", &front.related, 100),
        ("redirect_from", &front.redirect_from, 100),
    ]
}

/// The problem for a value whose file or folder name (`segment`) would be too long.
pub fn segment_too_long(key: &'static str, value: &str, segment: &str) -> Problem {
    let mut short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        short.push('…');
    }
    Problem::PathSegmentTooLong {
        key,
        value: short,
        bytes: segment.len(),
    }
}

/// Longest `redirect_from` path, in bytes: with the output folder, well under any PATH_MAX.
const MAX_REDIRECT_BYTES: usize = 1024;

/// A `redirect_from` path becomes a folder of the output: a site path, no `..`, bounded.
pub fn check_redirect(path: &str) -> Result<(), RedirectFault> {
    if !path.starts_with('/') {
        return Err(RedirectFault::NotSitePath);
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") || path.contains(['\\', '?', '#']) {
        return Err(RedirectFault::DotSegmentOrSpecial);
    }
    if path.len() > MAX_REDIRECT_BYTES {
        return Err(RedirectFault::TooLong {
            limit: MAX_REDIRECT_BYTES,
        });
    }
    Ok(())
}
