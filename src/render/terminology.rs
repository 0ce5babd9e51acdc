//! Template values of a term page's terminology: deprecation and successor, broader /
//! narrower / see-also blocks, `abbreviation_of`, sources, and backlinks with the sentence
//! each linking term uses.

use tera::{Map, Value};

use super::fragments::CardForm;
use super::term_view::TermView;
use super::values::object;

/// Adds the terminology values to a term page's `term` value.
pub(super) fn add_terminology(view: &TermView, map: &mut Map) {
    let site = &view.site;
    let abbreviation_of = view
        .abbreviation_of
        .map_or_else(Value::none, |(text, url)| {
            object([
                ("text", Value::from(text)),
                ("url", super::values::opt_str(url)),
            ])
        });
    let sources: Vec<Value> = view
        .sources
        .iter()
        .map(|s| {
            object([
                ("title", Value::from(s.title.as_deref().unwrap_or(&s.url))),
                ("url", Value::from(s.url.as_str())),
            ])
        })
        .collect();
    let pairs = [
        ("deprecated", Value::from(view.deprecated)),
        ("superseded_by", site.card(view.superseded_by)),
        ("broader", site.cards(&view.broader)),
        ("narrower", site.cards(&view.narrower)),
        ("see_also", site.cards(&view.see_also)),
        ("abbreviation_of", abbreviation_of),
        ("sources", Value::from(sources)),
    ];
    for (k, v) in pairs {
        map.insert(k.into(), v);
    }
}

/// The cards of the terms linking to the term, each with a `context`: the sentence around
/// its first link here, as `before`, `mention`, `after` (none when unknown). With the
/// built-in term page, only the card fields it reads ([`CardForm::Lean`]).
pub(super) fn backlinks_value(view: &TermView) -> Value {
    let lean = view.site.card_form == CardForm::Lean;
    let list: Vec<Value> = view
        .backlinks
        .iter()
        .map(|(from, context)| {
            let card = &view.site.shared.cards[from.index];
            let context = context.map_or_else(Value::none, |[before, mention, after]| {
                object([
                    ("before", Value::from(before)),
                    ("mention", Value::from(mention)),
                    ("after", Value::from(after)),
                ])
            });
            match card.as_map() {
                Some(m) if lean => {
                    let field =
                        |k: &'static str| m.get(&k.into()).cloned().unwrap_or_else(Value::none);
                    object([
                        ("title", field("title")),
                        ("url", field("url")),
                        ("aliases", field("aliases")),
                        ("context", context),
                    ])
                }
                Some(m) => {
                    let mut m = m.clone();
                    m.insert("context".into(), context);
                    Value::from(m)
                }
                None => card.clone(),
            }
        })
        .collect();
    Value::from(list)
}
