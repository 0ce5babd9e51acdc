//! graph.json, format 2: a node table and index-based edges, so the file stays small at
//! 10,000 terms (slugs, tag and category names are written once, not per edge).
//!
//! ```json
//! {"format":2,"kinds":["link","related","broader","see_also"],
//!  "tags":["SEO"],"categories":["指標"],
//!  "nodes":[["ltv","LTV","/terms/ltv/",[0],[0]]],
//!  "edges":[[0,1,0,2.0],[0,2,1,0.4512]]}
//! ```
//! A node is `[slug, title, url, [tag index…], [category index…]]`; an edge is
//! `[source node, target node, kind index, score]` (score `null` for a hand-picked or stated
//! relation).

use std::fmt::Write as _;

use super::RenderInput;
use crate::model::taxonomy::TaxonomyKind;

/// Edge kinds, in the order of the `kinds` table (an edge's third field indexes it).
pub const KINDS: [&str; 4] = ["link", "related", "broader", "see_also"];

/// A JSON string literal (serde_json escaping).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn index_list(out: &mut String, ids: &[usize]) {
    out.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{id}");
    }
    out.push(']');
}

fn name_table(out: &mut String, key: &str, names: impl Iterator<Item = String>) {
    let _ = write!(out, "\"{key}\":[");
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quoted(&name));
    }
    out.push_str("],");
}

/// A score with at most four decimals, as JSON (`null` for none).
fn score(out: &mut String, s: Option<f64>) {
    match s.filter(|s| s.is_finite()) {
        Some(s) => {
            let v = (s * 10_000.0).round() / 10_000.0;
            let _ = write!(out, "{v}");
        }
        None => out.push_str("null"),
    }
}

/// graph.json: nodes in site order; edges by source, then kind (`link`, `related`,
/// `broader`, `see_also`), then target order (related: display order; stated relations: as
/// written).
pub fn graph(input: &RenderInput<'_>) -> String {
    let model = input.model;
    let mut out = String::with_capacity(64 * (model.terms.len() + 1));
    out.push_str("{\"format\":2,");
    name_table(&mut out, "kinds", KINDS.iter().map(|k| k.to_string()));
    for (key, kind) in [
        ("tags", TaxonomyKind::Tags),
        ("categories", TaxonomyKind::Categories),
    ] {
        let names = model.taxonomy(kind).items.iter().map(|i| i.name.clone());
        name_table(&mut out, key, names);
    }
    out.push_str("\"nodes\":[");
    for (i, t) in model.terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "[{},{},{},",
            quoted(&t.slug),
            quoted(&t.title),
            quoted(&t.url)
        );
        index_list(&mut out, &t.tags);
        out.push(',');
        index_list(&mut out, &t.categories);
        out.push(']');
    }
    out.push_str("],\"edges\":[");
    let mut first = true;
    let mut edge = |out: &mut String, from: usize, to: usize, kind: usize, s: Option<f64>| {
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(out, "[{from},{to},{kind},");
        score(out, s);
        out.push(']');
    };
    let links_weight = input.site.config.related.weights.links;
    for (from, term) in model.terms.iter().enumerate() {
        let mut linked: Vec<usize> = input.links.references[from]
            .iter()
            .chain(&input.links.mentions[from])
            .copied()
            .collect();
        linked.sort_unstable();
        linked.dedup();
        for to in linked {
            edge(&mut out, from, to, 0, Some(links_weight));
        }
        for r in &input.related.related[from] {
            edge(&mut out, from, r.term, 1, r.score);
        }
        for to in &term.relations.broader {
            edge(&mut out, from, *to, 2, None);
        }
        for to in &term.relations.see_also {
            edge(&mut out, from, *to, 3, None);
        }
    }
    out.push_str("]}");
    out
}
