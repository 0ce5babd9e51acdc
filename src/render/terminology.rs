//! Template values of a term page's terminology: deprecation and successor, broader /
//! narrower / see-also blocks, `abbreviation_of`, sources, and backlinks with the sentence
//! each linking term uses.

use tera::Value;

use super::values::object;
use super::Renderer;
use crate::model::lookup::Resolution;
use crate::model::TermId;

impl Renderer<'_> {
    /// Adds the terminology values to a term page's `term` value.
    pub(super) fn add_terminology(&self, id: TermId, term_value: Value) -> Value {
        let model = self.input.model;
        let term = &model.terms[id];
        let r = &term.relations;
        let cards = |ids: &[TermId]| self.shared.cards_of(ids.iter().copied());
        let abbreviation_of = term
            .abbreviation_of
            .as_deref()
            .map_or_else(Value::none, |text| {
                let url = match model.lookup.resolve(text) {
                    Resolution::Term(t) if t != id => Value::from(model.terms[t].url.as_str()),
                    _ => Value::none(),
                };
                object([("text", Value::from(text)), ("url", url)])
            });
        let sources: Vec<Value> = term
            .sources
            .iter()
            .map(|s| {
                object([
                    ("title", Value::from(s.title.as_deref().unwrap_or(&s.url))),
                    ("url", Value::from(s.url.as_str())),
                ])
            })
            .collect();
        let Some(mut map) = term_value.into_map() else {
            return Value::none();
        };
        let pairs = [
            ("deprecated", Value::from(r.deprecated)),
            (
                "superseded_by",
                r.superseded_by
                    .map_or_else(Value::none, |s| self.shared.cards[s].clone()),
            ),
            ("broader", cards(&r.broader)),
            ("narrower", cards(&r.narrower)),
            ("see_also", cards(&r.see_also)),
            ("abbreviation_of", abbreviation_of),
            ("sources", Value::from(sources)),
            ("backlinks", self.backlinks_with_context(id)),
        ];
        for (k, v) in pairs {
            map.insert(k.into(), v);
        }
        Value::from(map)
    }

    /// The cards of the terms linking to `id`, each with a `context`: the sentence around
    /// its first link here, as `before`, `mention`, `after` (none when unknown).
    fn backlinks_with_context(&self, id: TermId) -> Value {
        let incoming = &self.input.links.incoming[id];
        let list: Vec<Value> = incoming
            .iter()
            .map(|&from| {
                let card = &self.shared.cards[from];
                let contexts = self.input.contexts.get(from).copied().unwrap_or(&[]);
                let context = contexts
                    .binary_search_by_key(&id, |c| c.target)
                    .ok()
                    .map_or_else(Value::none, |i| {
                        let c = &contexts[i];
                        object([
                            ("before", Value::from(c.before.as_str())),
                            ("mention", Value::from(c.mention.as_str())),
                            ("after", Value::from(c.after.as_str())),
                        ])
                    });
                match card.as_map() {
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
}
