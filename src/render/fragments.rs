//! Term cards rendered once per build and spliced into every page that shows them.
//!
//! A card (`card.html`) appeared about 120,000 times in a 10,000-term site (5 related terms
//! on each term page, 50 on each tag or category page) for 10,000 different cards. Each
//! is now rendered the first time a page asks for it, and later pages get the same HTML as
//! `card.rendered`. `card.html` sees the variables every page has, `card` and
//! `card_heading`; it cannot depend on the page it lands on.

use std::sync::{Mutex, OnceLock};

use tera::{Map, Value};

use crate::model::TermId;

/// The heading level of a card's title: `h2` where cards sit right under the page's `h1`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CardHeading {
    H2,
    H3,
}

impl CardHeading {
    pub fn tag(self) -> &'static str {
        match self {
            CardHeading::H2 => "h2",
            CardHeading::H3 => "h3",
        }
    }
}

/// How much of a card a list gives: all of it, or only what the built-in templates read
/// of it there (`rendered` in card lists; `title`, `url`, `aliases` and `context` in
/// backlinks). `Lean` is used when a page's template and `base.html` are the built-in ones:
/// copying each card's map to add `rendered` or `context` was ~7% of a 10k build (~110,000
/// listed cards, ~40,000 backlinks). A theme or site that replaces either template gets
/// whole cards.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CardForm {
    Whole,
    Lean,
}

/// Each term's card HTML, per heading level, made on first use. Only the HTML is kept: a
/// copy of the card's map with `rendered` in it, kept for every term and both levels, held
/// 290 MB at 100,000 terms; the map is put together when a page asks for the card and dropped
/// with the page.
pub struct CardFragments {
    rendered: Vec<[OnceLock<Value>; 2]>,
    /// The first error `card.html` gave, reported by the page that asked for the card.
    error: Mutex<Option<String>>,
}

impl CardFragments {
    pub fn new(terms: usize) -> CardFragments {
        CardFragments {
            rendered: (0..terms).map(|_| Default::default()).collect(),
            error: Mutex::new(None),
        }
    }

    /// The cards of `ids` (from `cards`, indexed by term), each with `rendered`: its HTML
    /// as `render(card, heading)` made it, once per term and heading.
    pub fn cards(
        &self,
        cards: &[Value],
        ids: impl IntoIterator<Item = TermId>,
        heading: CardHeading,
        form: CardForm,
        render: impl Fn(&Value, CardHeading) -> Result<String, String>,
    ) -> Value {
        let slot = usize::from(heading == CardHeading::H3);
        let list: Vec<Value> = ids
            .into_iter()
            .map(|id| {
                let card = &cards[id];
                let html = self.rendered[id][slot].get_or_init(|| match render(card, heading) {
                    Ok(html) => Value::safe_string(&html),
                    Err(e) => {
                        if let Ok(mut first) = self.error.lock() {
                            first.get_or_insert(e);
                        }
                        Value::none()
                    }
                });
                match form {
                    CardForm::Lean if !html.is_none() => rendered_only(html),
                    _ => with_rendered(card, html),
                }
            })
            .collect();
        Value::from(list)
    }

    /// The error of a card that could not be rendered, if any.
    pub fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}

/// A card of `rendered` alone (see [`CardForm::Lean`]).
fn rendered_only(html: &Value) -> Value {
    let mut map = Map::with_capacity(1);
    map.insert("rendered".into(), html.clone());
    Value::from(map)
}

/// `card` with `rendered` set to `html` (a safe string; the card as it is when `html` is
/// none, after an error). The HTML is shared, not copied: Tera strings are reference-counted.
fn with_rendered(card: &Value, html: &Value) -> Value {
    let Some(map) = card.as_map().filter(|_| !html.is_none()) else {
        return card.clone();
    };
    let mut map: Map = map.clone();
    map.insert("rendered".into(), html.clone());
    Value::from(map)
}
