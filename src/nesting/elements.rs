//! What HTML says about elements, as far as nesting depth needs it: which have no content,
//! which close implicitly, and which leave SVG/MathML. Kept apart from the scanner so the
//! lists read as the specification's lists.

/// Elements that never have content or an end tag.
pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The open elements that an `opening` start tag closes when they are innermost (the end
/// tags HTML lets a writer leave out: `<p>` before a block, `<li>` before `<li>`…).
pub(super) fn implied_end_of(opening: &str) -> &'static [&'static str] {
    match opening {
        "p" | "div" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "blockquote" | "pre" | "section" => &["p"],
        "li" => &["li", "p"],
        "dt" | "dd" => &["dt", "dd", "p"],
        "td" | "th" => &["td", "th"],
        "tr" => &["td", "th", "tr"],
        "option" => &["option"],
        _ => &[],
    }
}

pub(super) fn is_foreign(name: &str) -> bool {
    name == "svg" || name == "math"
}

/// HTML start tags that end SVG or MathML content (the HTML5 "breakout" list; `font` only
/// with some attributes, counted here always).
pub(super) fn breaks_out_of_foreign(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "font"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}
