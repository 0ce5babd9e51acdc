//! References that cross languages: `[[ref]]` in a translation that names a term existing
//! only in another language links to that language's page, marked with `hreflang` and a
//! small badge so the reader knows the link leaves their language (CONTRACT §6).

use crate::model::lookup::{Resolution, TermLookup};
use crate::model::Term;
use crate::text::escape_html;

/// Another language's terms, searched when a reference names no term of the page's own
/// language. Listed in fallback order: the default language, then `languages:` order.
#[derive(Clone, Copy)]
pub struct FallbackSite<'a> {
    pub code: &'a str,
    pub lookup: &'a TermLookup,
    pub terms: &'a [Term],
}

/// A reference resolved in another language.
pub struct CrossingLink<'a> {
    /// `<a class="term-ref term-ref-crossing" href="…" hreflang="en">`.
    pub open: String,
    /// The badge, then `</a>`.
    pub close: String,
    pub term: &'a Term,
}

/// The first fallback language with exactly one term of that name.
pub fn resolve<'a>(fallbacks: &[FallbackSite<'a>], target: &str) -> Option<CrossingLink<'a>> {
    fallbacks.iter().find_map(|site| {
        let Resolution::Term(id) = site.lookup.resolve(target) else {
            return None;
        };
        let term = site.terms.get(id)?;
        let code = escape_html(site.code);
        Some(CrossingLink {
            open: format!(
                "<a class=\"term-ref term-ref-crossing\" href=\"{}\" hreflang=\"{code}\" lang=\"{code}\">",
                escape_html(&term.url)
            ),
            close: format!(
                "<span class=\"lang-badge\" aria-hidden=\"true\">{}</span></a>",
                code.to_uppercase()
            ),
            term,
        })
    })
}
