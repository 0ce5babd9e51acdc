//! The glossary as data: `glossary.csv` (spreadsheets), `glossary.skos.ttl` (SKOS, for
//! vocabulary tools and the web of data) and `glossary.tbx` (TBX-Basic, ISO 30042, for
//! translation tools), written with every build.
//!
//! Every export iterates over the site's languages ([`Renderer::languages`]). A site has one
//! language today; with several, one term gains a CSV row, a label and a `langSec` per
//! language, and stays one SKOS concept and one TBX `conceptEntry`.
//!
//! (Just over 400 lines: three formats over the same per-term values, read side by side.)

use std::fmt::Write;

use super::Renderer;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::{SiteModel, Term, TermId};
use crate::text::escape_html;

/// Export file names, in the order they are written.
pub const EXPORT_FILES: [&str; 3] = ["glossary.csv", "glossary.skos.ttl", "glossary.tbx"];

impl<'r> Renderer<'r> {
    /// The site's languages, first the main one.
    pub fn languages(&self) -> Vec<&str> {
        match &self.languages {
            Some(links) => links.codes.iter().map(String::as_str).collect(),
            None => vec![self.input.site.config.language.as_str()],
        }
    }

    /// Term `id` of this renderer's language in `lang`: the model it is in, the term and
    /// its summary; `None` when it has no translation there.
    fn in_language(&self, id: TermId, lang: &str) -> Option<(&SiteModel, &Term, &str)> {
        let own = self.input.model;
        let here = || (own, &own.terms[id], self.input.summaries[id].as_str());
        let Some(links) = &self.languages else {
            return (lang == self.input.site.config.language).then(here);
        };
        let l = links.codes.iter().position(|c| c == lang)?;
        if l == links.current {
            return Some(here());
        }
        let other = links
            .index
            .term(&own.terms[id].slug)?
            .get(l)
            .copied()
            .flatten()?;
        let model = links.models.get(l)?;
        let summary = links.summaries.get(l)?.get(other)?;
        Some((model, &model.terms[other], summary.as_str()))
    }

    /// A term's names in `lang`: title, then aliases; none when it has no translation there.
    fn names_in(&self, id: TermId, lang: &str) -> Vec<&str> {
        self.in_language(id, lang)
            .map(|(_, t, _)| t.names().collect())
            .unwrap_or_default()
    }

    /// A term's summary in `lang` ("" without a translation there).
    fn summary_in(&self, id: TermId, lang: &str) -> &str {
        self.in_language(id, lang).map_or("", |(_, _, s)| s)
    }

    /// Makes export `index` of [`EXPORT_FILES`], handing its text to `spill` in blocks of
    /// about [`SPILL_AT`] bytes as it goes: written straight to its file, an export is never
    /// whole in memory (at 100,000 terms the CSV, SKOS and TBX are 50, 49 and 86 MB).
    pub fn export(&self, index: usize, spill: Spill<'_>) {
        match index {
            0 => self.csv(spill),
            1 => self.skos(spill),
            _ => self.tbx(spill),
        }
    }

    /// glossary.csv: UTF-8 with a BOM (so Excel reads Japanese right), CRLF rows, RFC 4180
    /// quoting; one row per term and language.
    fn csv(&self, spill: Spill<'_>) {
        let model = self.input.model;
        let mut out = String::from("\u{feff}");
        let header = [
            "slug",
            "language",
            "title",
            "reading",
            "aliases",
            "tags",
            "categories",
            "status",
            "summary",
            "url",
        ];
        csv_row(&mut out, header.iter().map(|s| s.to_string()));
        let names = |model: &SiteModel, kind: TaxonomyKind, ids: &[usize]| {
            ids.iter()
                .map(|&i| model.taxonomy(kind).items[i].name.as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        for id in 0..model.terms.len() {
            for lang in self.languages() {
                let Some((m, t, summary)) = self.in_language(id, lang) else {
                    continue;
                };
                csv_row(
                    &mut out,
                    [
                        t.slug.clone(),
                        lang.to_string(),
                        t.title.clone(),
                        t.reading.clone().unwrap_or_default(),
                        t.aliases.join(";"),
                        names(m, TaxonomyKind::Tags, &t.tags),
                        names(m, TaxonomyKind::Categories, &t.categories),
                        status(t).to_string(),
                        summary.to_string(),
                        self.input.site.base.absolute(&t.url),
                    ],
                );
            }
            spill_if_big(&mut out, spill);
        }
        spill(&mut out);
    }

    /// glossary.skos.ttl: one `skos:ConceptScheme`, a `skos:Concept` per term.
    fn skos(&self, spill: Spill<'_>) {
        let model = self.input.model;
        let base = &self.input.site.base;
        let cfg = &self.input.site.config;
        let scheme = iri(&base.full());
        let concept = |t: TermId| iri(&base.absolute(&model.terms[t].url));
        let mut out = String::new();
        out.push_str("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n");
        out.push_str("@prefix dct: <http://purl.org/dc/terms/> .\n\n");
        let _ = writeln!(out, "{scheme} a skos:ConceptScheme ;");
        let _ = writeln!(
            out,
            "    dct:title {}@{} .",
            literal(&cfg.title),
            lang_tag(&cfg.language)
        );
        for (id, t) in model.terms.iter().enumerate() {
            let r = &t.relations;
            let mut props: Vec<String> = vec![format!("skos:inScheme {scheme}")];
            let translated = |l: &&str| self.in_language(id, l).is_some();
            for lang in self.languages().into_iter().filter(translated) {
                let tag = lang_tag(lang);
                let names = self.names_in(id, lang);
                if let Some((first, rest)) = names.split_first() {
                    props.push(format!("skos:prefLabel {}@{tag}", literal(first)));
                    for alias in rest {
                        props.push(format!("skos:altLabel {}@{tag}", literal(alias)));
                    }
                }
                let summary = self.summary_in(id, lang);
                if !summary.is_empty() {
                    props.push(format!("skos:definition {}@{tag}", literal(summary)));
                }
                if r.deprecated {
                    props.push(format!(
                        "skos:note {}@{tag}",
                        literal(&self.deprecation_note(t))
                    ));
                }
            }
            for (prop, ids) in [
                ("skos:broader", &r.broader),
                ("skos:narrower", &r.narrower),
                ("skos:related", &r.see_also),
            ] {
                props.extend(ids.iter().map(|&u| format!("{prop} {}", concept(u))));
            }
            if let Some(next) = r.superseded_by {
                props.push(format!("dct:isReplacedBy {}", concept(next)));
            }
            for s in &t.sources {
                props.push(format!("dct:source {}", iri(&s.url)));
            }
            let _ = write!(out, "\n{} a skos:Concept ;\n    ", concept(id));
            out.push_str(&props.join(" ;\n    "));
            out.push_str(" .\n");
            spill_if_big(&mut out, spill);
        }
        spill(&mut out);
    }

    /// "Deprecated: use X instead", in the theme's words.
    fn deprecation_note(&self, t: &Term) -> String {
        let model = self.input.model;
        match t.relations.superseded_by {
            Some(next) => format!(
                "{} {} {}",
                self.t("deprecated_notice"),
                self.t("deprecated_use"),
                model.terms[next].title
            ),
            None => self.t("deprecated_notice"),
        }
    }

    /// glossary.tbx: TBX-Basic (ISO 30042:2019, DCA style). One `conceptEntry` per term, a
    /// `langSec` per language; the title is the preferred term, aliases admitted terms, and
    /// every name of a deprecated term is a deprecated term.
    fn tbx(&self, spill: Spill<'_>) {
        let model = self.input.model;
        let cfg = &self.input.site.config;
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            concat!(
                "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"",
                " type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{}\">"
            ),
            escape_html(&lang_tag(&cfg.language))
        );
        let _ = writeln!(
            out,
            concat!(
                "  <tbxHeader>\n    <fileDesc>\n",
                "      <titleStmt>\n        <title>{}</title>\n      </titleStmt>\n",
                "      <sourceDesc>\n        <p>{}</p>\n      </sourceDesc>\n",
                "    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>"
            ),
            escape_html(&cfg.title),
            escape_html(&self.input.site.base.full())
        );
        for (id, t) in model.terms.iter().enumerate() {
            self.tbx_entry(&mut out, id, t);
            spill_if_big(&mut out, spill);
        }
        out.push_str("    </body>\n  </text>\n</tbx>\n");
        spill(&mut out);
    }

    fn tbx_entry(&self, out: &mut String, id: TermId, t: &Term) {
        let r = &t.relations;
        let _ = writeln!(out, "      <conceptEntry id=\"{}\">", tbx_id(&t.slug));
        if let Some(next) = r.superseded_by {
            let n = &self.input.model.terms[next];
            let _ = writeln!(
                out,
                "        <ref type=\"crossReference\" target=\"{}\">{}</ref>",
                tbx_id(&n.slug),
                escape_html(&n.title)
            );
        }
        let _ = writeln!(
            out,
            "        <xref type=\"externalCrossReference\" target=\"{}\">{}</xref>",
            escape_html(&self.input.site.base.absolute(&t.url)),
            escape_html(&t.title)
        );
        for lang in self.languages() {
            if self.in_language(id, lang).is_none() {
                continue; // not translated: a langSec needs at least one term
            }
            let _ = writeln!(
                out,
                "        <langSec xml:lang=\"{}\">",
                escape_html(&lang_tag(lang))
            );
            let summary = self.summary_in(id, lang);
            if !summary.is_empty() {
                let _ = writeln!(
                    out,
                    "          <descrip type=\"definition\">{}</descrip>",
                    escape_html(summary)
                );
            }
            for (i, name) in self.names_in(id, lang).into_iter().enumerate() {
                let status = match (r.deprecated, i) {
                    (true, _) => "deprecatedTerm-admn-sts",
                    (false, 0) => "preferredTerm-admn-sts",
                    (false, _) => "admittedTerm-admn-sts",
                };
                let _ = writeln!(
                    out,
                    "          <termSec>\n            <term>{}</term>",
                    escape_html(name)
                );
                if i == 0 && t.abbreviation_of.is_some() {
                    out.push_str(
                        "            <termNote type=\"termType\">abbreviation</termNote>\n",
                    );
                }
                let _ = writeln!(
                    out,
                    concat!(
                        "            <termNote type=\"administrativeStatus\">{}</termNote>\n",
                        "          </termSec>"
                    ),
                    status
                );
            }
            out.push_str("        </langSec>\n");
        }
        out.push_str("      </conceptEntry>\n");
    }
}

/// Receives an export's text as it is made, and empties the buffer it is given.
pub type Spill<'s> = &'s mut dyn FnMut(&mut String);

/// How much text an export gathers before handing it on.
pub const SPILL_AT: usize = 1 << 20;

fn spill_if_big(out: &mut String, spill: Spill<'_>) {
    if out.len() >= SPILL_AT {
        spill(out);
    }
}

fn status(t: &Term) -> &'static str {
    if t.relations.deprecated {
        "deprecated"
    } else {
        "preferred"
    }
}

/// One CSV row: every field quoted (RFC 4180: quotes doubled), CRLF at the end.
fn csv_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    }
    out.push_str("\r\n");
}

/// A Turtle string literal, with the escapes Turtle requires.
fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Turtle IRI reference; characters Turtle forbids in IRIs are percent-encoded.
fn iri(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('<');
    for c in s.chars() {
        if c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out.push('>');
    out
}

/// A BCP 47 tag from the configured language (`ja`, `en-US`): letters, digits and `-` only.
fn lang_tag(lang: &str) -> String {
    let tag: String = lang
        .chars()
        .map(|c| if c == '_' { '-' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if tag.is_empty() {
        "und".into()
    } else {
        tag
    }
}

/// An XML ID for a term: `t-` and the slug, characters an XML name cannot hold written as
/// `_xHHHH_` (slugs may hold any Unicode letter or digit).
fn tbx_id(slug: &str) -> String {
    let mut out = String::from("t-");
    for c in slug.chars() {
        let name_char = c.is_ascii_alphanumeric()
            || c == '-'
            || matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
                | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{3001}'..='\u{D7FF}'
                | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}');
        if name_char {
            out.push(c);
        } else {
            let _ = write!(out, "_x{:04X}_", c as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_each_format() {
        assert_eq!(literal("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(iri("https://x/a b>"), "<https://x/a%20b%3E>");
        assert_eq!(lang_tag("en_US"), "en-US");
        assert_eq!(tbx_id("顧客_cdp²"), "t-顧客_x005F_cdp_x00B2_");
        let mut row = String::new();
        csv_row(&mut row, ["a,b".to_string(), "say \"hi\"".to_string()]);
        assert_eq!(row, "\"a,b\",\"say \"\"hi\"\"\"\r\n");
    }
}
