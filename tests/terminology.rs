//! Terminology (issue 13): deprecated terms, typed relations, sources, contextual backlinks,
//! the `check` warnings and errors they bring, and the CSV / SKOS / TBX exports, each parsed
//! with a real parser.
//!
//! Longer than 400 lines: one test binary per feature, as `tests/glossary.rs` is, since each
//! extra test file is one more link of the whole crate on a slow shared machine.

mod common;

use common::browser::{chromium, dump_dom, serve_dir};
use common::{assert_in_order, between, section, term, term_body, without_titles, Site};

/// A small data glossary: a broader/narrower chain (セグメント → 顧客データ基盤 → データ基盤),
/// a deprecated DMP superseded by 顧客データ基盤, a see-also, an abbreviation and sources.
/// Every term shares the tag `データ`, so without the rules DMP would be offered as related.
fn terms_site() -> Site {
    Site::new(&[
        (
            "content/data-platform.md",
            &term(
                "データ基盤",
                "reading: でーたきばん\ntags: [データ]\nrelated: [DMP]",
                "データを集めて使う仕組み。",
            ),
        ),
        (
            "content/cdp.md",
            &term(
                "顧客データ基盤",
                "slug: cdp\nreading: こきゃくでーたきばん\naliases: [CDP]\ntags: [データ]\nbroader: データ基盤\nsee_also: [crm]\nsources:\n  - {title: \"出典A\", url: \"https://example.org/a\"}\n  - {url: \"https://example.org/b\"}",
                "顧客の情報を一つにまとめる。",
            ),
        ),
        (
            "content/crm.md",
            &term(
                "CRM",
                "abbreviation_of: Customer Relationship Management\ntags: [データ]",
                "顧客との関係を管理する。",
            ),
        ),
        (
            "content/dmp.md",
            &term(
                "DMP",
                "status: deprecated\nsuperseded_by: 顧客データ基盤\ntags: [データ]",
                "広告向けの古い仕組み。",
            ),
        ),
        (
            "content/ad.md",
            &term(
                "広告運用",
                "reading: こうこくうんよう\ntags: [データ]",
                "前の文です。広告運用ではDMPで配信先を選びます。次の文です。\n\n詳しくは[[cdp]]を参照。",
            ),
        ),
        (
            "content/segment.md",
            &term(
                "セグメント",
                "broader: cdp\ntags: [データ]",
                "顧客を分けた集まり。",
            ),
        ),
    ])
}

// ---------------------------------------------------------------------------------------
// Pages

#[test]
fn a_deprecated_term_keeps_its_page_with_a_notice_linking_its_successor() {
    let site = terms_site();
    site.build();
    let html = site.page("terms/dmp/index.html");
    let notice = between(&html, "<aside class=\"deprecation-notice\"", "</aside>");
    assert!(notice.contains("非推奨"), "{notice}");
    assert!(
        notice.contains("href=\"/terms/cdp/\">顧客データ基盤</a>"),
        "{notice}"
    );
    assert_in_order(&html, &["deprecation-notice", "<h1>DMP</h1>"]);
    let preferred = site.page("terms/cdp/index.html");
    assert!(!preferred.contains("deprecation-notice"));
}

#[test]
fn the_notice_is_in_the_site_language() {
    let site = terms_site();
    site.write(
        "config.yaml",
        "title: Test\nbase_url: https://example.com/\nlanguage: en\n",
    );
    site.build();
    let html = site.page("terms/dmp/index.html");
    let notice = between(&html, "<aside class=\"deprecation-notice\"", "</aside>");
    assert!(notice.contains("Deprecated"), "{notice}");
    assert!(!notice.contains("非推奨"), "{notice}");
}

#[test]
fn deprecated_terms_are_marked_in_indexes_and_search_and_never_related() {
    let site = terms_site();
    site.build();
    let index = site.page("terms/index.html");
    let dmp_item = between(&index, "href=\"/terms/dmp/\"", "</li>");
    assert!(dmp_item.contains("badge-deprecated"), "{dmp_item}");
    let cdp_item = between(&index, "href=\"/terms/cdp/\"", "</li>");
    assert!(!cdp_item.contains("badge-deprecated"), "{cdp_item}");

    let search: serde_json::Value = serde_json::from_str(&site.page("search-index.json")).unwrap();
    for entry in search.as_array().unwrap() {
        let deprecated = entry["url"] == "/terms/dmp/";
        assert_eq!(
            entry.get("deprecated").and_then(|d| d.as_bool()),
            deprecated.then_some(true),
            "{entry}"
        );
    }
    assert!(site
        .page("search/index.html")
        .contains("data-deprecated-label=\"非推奨\""));

    // Every term shares the tag with DMP, and データ基盤 even lists it in `related`.
    for slug in ["data-platform", "cdp", "crm", "ad", "segment"] {
        let html = site.page(&format!("terms/{slug}/index.html"));
        if let Some(related) = section(&html, "related") {
            assert!(!related.contains("/terms/dmp/"), "{slug}: {related}");
        }
    }
}

#[test]
fn search_results_label_deprecated_terms_in_a_browser() {
    let Some(chromium) = chromium() else {
        return;
    };
    let site = terms_site();
    site.build();
    let port = serve_dir(&site.out());
    let dom = dump_dom(
        &chromium,
        &format!("http://127.0.0.1:{}/search/?q=DMP", port),
    );
    let results = between(&dom, "<ol class=\"search-list\">", "</ol>");
    let dmp = between(results, "href=\"/terms/dmp/\"", "</li>");
    assert!(
        dmp.contains("<span class=\"badge-deprecated\">非推奨</span>"),
        "{results}"
    );
    let dom = dump_dom(
        &chromium,
        &format!("http://127.0.0.1:{}/search/?q=CDP", port),
    );
    let results = between(&dom, "<ol class=\"search-list\">", "</ol>");
    assert!(results.contains("/terms/cdp/"), "{results}");
    assert!(!results.contains("badge-deprecated"), "{results}");
}

#[test]
fn broader_narrower_and_see_also_are_blocks_of_their_own() {
    let site = terms_site();
    site.build();
    let cdp = site.page("terms/cdp/index.html");
    let broader = section(&cdp, "broader").expect("broader block");
    assert!(broader.contains("上位概念"), "{broader}");
    assert!(
        broader.contains("href=\"/terms/data-platform/\""),
        "{broader}"
    );
    let narrower = section(&cdp, "narrower").expect("narrower block");
    assert!(narrower.contains("下位概念"), "{narrower}");
    assert!(narrower.contains("href=\"/terms/segment/\""), "{narrower}");
    let see_also = section(&cdp, "see-also").expect("see-also block");
    assert!(see_also.contains("href=\"/terms/crm/\""), "{see_also}");

    // Narrower is derived from the other terms' `broader`, one level at a time.
    let top = site.page("terms/data-platform/index.html");
    let narrower = section(&top, "narrower").expect("narrower block");
    assert!(narrower.contains("/terms/cdp/") && !narrower.contains("/terms/segment/"));
    assert!(section(&top, "broader").is_none());
    let leaf = site.page("terms/segment/index.html");
    assert!(section(&leaf, "broader").unwrap().contains("/terms/cdp/"));
    assert!(section(&leaf, "narrower").is_none() && section(&leaf, "see-also").is_none());
}

#[test]
fn abbreviation_of_follows_the_title_and_sources_follow_the_body() {
    let site = terms_site();
    site.build();
    let crm = site.page("terms/crm/index.html");
    let abbr = between(&crm, "<p class=\"abbreviation-of\">", "</p>");
    assert!(abbr.contains("Customer Relationship Management"), "{abbr}");
    assert_in_order(
        &crm,
        &["<h1>CRM</h1>", "class=\"abbreviation-of\"", "term-body"],
    );

    let cdp = site.page("terms/cdp/index.html");
    let sources = section(&cdp, "sources").expect("sources block");
    assert!(sources.contains("出典"), "{sources}");
    assert!(
        sources.contains("href=\"https://example.org/a\" rel=\"external noopener\">出典A</a>"),
        "{sources}"
    );
    // A source without a title shows its URL.
    assert!(sources.contains(">https://example.org/b</a>"), "{sources}");
    assert_in_order(&cdp, &["term-body", "class=\"sources\""]);
    assert!(!term_body(&cdp).contains("example.org"));
}

#[test]
fn backlinks_show_the_sentence_around_the_link_with_the_mention_marked() {
    let site = terms_site();
    site.build();
    // An auto-link: the sentence it is in, not the sentences around it.
    let dmp = site.page("terms/dmp/index.html");
    // (The linking term's summary is in the link's `title`, for previews.)
    let backlinks = without_titles(section(&dmp, "backlinks").expect("backlinks"));
    assert!(backlinks.contains("href=\"/terms/ad/\""), "{backlinks}");
    assert!(
        backlinks.contains("広告運用では<mark>DMP</mark>で配信先を選びます。"),
        "{backlinks}"
    );
    assert!(!backlinks.contains("前の文") && !backlinks.contains("次の文"));
    // A [[reference]]: the mention is the title the reader sees.
    let cdp = site.page("terms/cdp/index.html");
    let backlinks = section(&cdp, "backlinks").expect("backlinks");
    assert!(
        backlinks.contains("詳しくは<mark>顧客データ基盤</mark>を参照。"),
        "{backlinks}"
    );
}

#[test]
fn a_long_sentence_is_cut_around_the_link() {
    let long = "とても長い説明の文".repeat(20);
    let site = Site::new(&[
        ("content/a.md", &term("LTV", "tags: [x]", "顧客の価値。")),
        (
            "content/b.md",
            &term("ARPU", "tags: [x]", &format!("{long}LTV{long}")),
        ),
    ]);
    site.build();
    let html = site.page("terms/a/index.html");
    let backlinks = between(&html, "<section class=\"backlinks\"", "</section>");
    let context = between(backlinks, "<p>", "</p>");
    assert!(
        context.starts_with('…') && context.ends_with('…'),
        "{context}"
    );
    assert!(context.contains("<mark>LTV</mark>"), "{context}");
    let shown = context.replace("<mark>", "").replace("</mark>", "");
    assert!(shown.chars().count() <= 82, "{}", shown.chars().count());
}

#[test]
fn a_stated_relation_outweighs_a_shared_tag_in_related_terms() {
    // a and b share a tag no other term has (the strongest tag signal there is);
    // a names c as see-also and shares nothing else with it.
    let site = Site::new(&[
        (
            "content/a.md",
            &term("Alpha", "tags: [rare]\nsee_also: [c]", "x"),
        ),
        ("content/b.md", &term("Beta", "tags: [rare]", "x")),
        ("content/c.md", &term("Gamma", "", "x")),
        ("content/d.md", &term("Delta", "tags: [other]", "x")),
    ]);
    site.build();
    let html = site.page("terms/a/index.html");
    let related = section(&html, "related").expect("related");
    assert_in_order(related, &["/terms/c/", "/terms/b/"]);
}

#[test]
fn graph_json_has_broader_and_see_also_edges() {
    let site = terms_site();
    site.build();
    let (_, edges) = common::graph_edges(&site.page("graph.json"));
    let has = |s: &str, t: &str, k: &str| edges.contains(&(s.into(), t.into(), k.into()));
    assert!(has("cdp", "data-platform", "broader"), "{edges:?}");
    assert!(has("segment", "cdp", "broader"), "{edges:?}");
    assert!(has("cdp", "crm", "see_also"), "{edges:?}");
    assert!(!edges.iter().any(|e| e.2 == "narrower"));
}

#[test]
fn the_home_page_links_the_exports() {
    let site = terms_site();
    site.build();
    let home = site.page("index.html");
    let block = section(&home, "home-block downloads").expect("downloads block");
    assert!(block.contains("データとしてダウンロード"), "{block}");
    for file in ["glossary.csv", "glossary.skos.ttl", "glossary.tbx"] {
        assert!(block.contains(&format!("href=\"/{file}\"")), "{block}");
        assert!(site.exists(file), "{file}");
    }
}

// ---------------------------------------------------------------------------------------
// check warnings

#[test]
fn check_warns_where_a_preferred_term_links_a_deprecated_one() {
    let site = terms_site();
    site.write(
        "content/report.md",
        &term(
            "レポート",
            "reading: れぽーと\ntags: [データ]",
            "昔は[[DMP]]を使った。",
        ),
    );
    // The successor may mention the term it replaces without a warning.
    site.write(
        "content/cdp.md",
        &term(
            "顧客データ基盤",
            "slug: cdp\nreading: こきゃくでーたきばん\ntags: [データ]",
            "DMPに代わる仕組み。",
        ),
    );
    let run = site.check().expect(0);
    assert!(
        run.lines_with("content/cdp.md")
            .iter()
            .all(|l| !l.contains("deprecated term")),
        "{}",
        run.stderr
    );
    // ad.md: two front matter lines, so the body starts on line 7.
    let auto = run.lines_with("content/ad.md:7: warning: auto-links the deprecated term `DMP`");
    assert_eq!(auto.len(), 1, "{}", run.stderr);
    assert!(
        auto[0].contains("use `顧客データ基盤` instead"),
        "{}",
        auto[0]
    );
    let reference =
        run.lines_with("content/report.md:7: warning: references the deprecated term `DMP`");
    assert_eq!(reference.len(), 1, "{}", run.stderr);
    // The deprecated term itself and terms that link preferred ones are not warned.
    assert!(run
        .lines_with("content/dmp.md")
        .iter()
        .all(|l| !l.contains("deprecated term")));
    assert!(run
        .lines_with("content/segment.md")
        .iter()
        .all(|l| !l.contains("deprecated term")));
    // The auto-link still goes to the deprecated page, which points on.
    site.build();
    let ad = site.page("terms/ad/index.html");
    assert!(term_body(&ad).contains("href=\"/terms/dmp/\">DMP</a>"));
}

#[test]
fn the_new_keys_are_known_and_typos_get_a_hint() {
    let site = terms_site();
    let run = site.check().expect(0);
    assert!(run.lines_with("unknown key").is_empty(), "{}", run.stderr);
    site.write(
        "content/typo.md",
        &term("Typo", "see_als: [crm]\ntags: [x]", "x"),
    );
    let run = site.check().expect(0);
    let lines = run.lines_with("content/typo.md:3: warning: unknown key `see_als`");
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0].contains("did you mean `see_also`"), "{}", lines[0]);
}

// ---------------------------------------------------------------------------------------
// Errors

#[test]
fn a_relation_naming_no_term_is_an_error_at_its_key() {
    let site = Site::new(&[
        ("content/a.md", &term("Alpha", "tags: [x]", "x")),
        (
            "content/b.md",
            &term(
                "Beta",
                "tags: [x]\nsee_also: [Alpha, Nothing]\nbroader: Nowhere\nsuperseded_by: Nobody",
                "x",
            ),
        ),
    ]);
    let run = site.build_fails();
    for (line, key, name) in [
        (4, "see_also", "Nothing"),
        (5, "broader", "Nowhere"),
        (6, "superseded_by", "Nobody"),
    ] {
        let needle =
            format!("content/b.md:{line}: error: `{key}` names `{name}`, which is not a term");
        assert_eq!(run.lines_with(&needle).len(), 1, "{needle}\n{}", run.stderr);
    }
    assert_eq!(run.lines_with(": error: ").len(), 3, "{}", run.stderr);
}

#[test]
fn a_relation_naming_a_shared_name_is_an_error() {
    let site = Site::new(&[
        ("content/a.md", &term("Alpha", "aliases: [共有]", "x")),
        ("content/b.md", &term("Beta", "aliases: [共有]", "x")),
        ("content/c.md", &term("Gamma", "see_also: [共有]", "x")),
    ]);
    let run = site.build_fails();
    let lines = run.lines_with("content/c.md:3: error: `see_also` names `共有`, which could be");
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].contains("content/a.md or content/b.md"),
        "{}",
        lines[0]
    );
}

#[test]
fn a_broader_cycle_is_one_error_naming_every_file() {
    let site = Site::new(&[
        ("content/a.md", &term("Alpha", "broader: Beta", "x")),
        ("content/b.md", &term("Beta", "broader: Gamma", "x")),
        ("content/c.md", &term("Gamma", "broader: Alpha", "x")),
        ("content/d.md", &term("Delta", "broader: Alpha", "x")),
    ]);
    let run = site.build_fails();
    let errors = run.lines_with(": error: ");
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("`broader` makes a cycle"),
        "{}",
        errors[0]
    );
    for file in ["content/a.md", "content/b.md", "content/c.md"] {
        assert!(errors[0].contains(file), "{}", errors[0]);
    }
    assert!(!errors[0].contains("content/d.md"), "{}", errors[0]);
}

#[test]
fn superseded_by_itself_or_a_deprecated_term_is_an_error() {
    let site = Site::new(&[
        ("content/a.md", &term("Alpha", "superseded_by: a", "x")),
        ("content/b.md", &term("Beta", "status: deprecated", "x")),
        ("content/c.md", &term("Gamma", "superseded_by: Beta", "x")),
        ("content/d.md", &term("Delta", "status: obsolete", "x")),
    ]);
    let run = site.build_fails();
    assert_eq!(
        run.lines_with("content/a.md:3: error: `superseded_by` names this term itself")
            .len(),
        1,
        "{}",
        run.stderr
    );
    let c = run.lines_with("content/c.md:3: error: `superseded_by` names `content/b.md`");
    assert_eq!(c.len(), 1, "{}", run.stderr);
    assert!(c[0].contains("deprecated too"), "{}", c[0]);
    // Another workflow's status (Hugo's `status: Completed`) is a warning, not an error.
    let d = run.lines_with("content/d.md:3: warning: `status`");
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert!(d[0].contains("counts as preferred"), "{}", d[0]);
    assert!(
        run.lines_with("content/d.md:3: error").is_empty(),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Exports, each read back with a real parser

#[test]
fn csv_export_opens_as_utf8_with_bom_and_one_row_per_term_and_language() {
    let site = terms_site();
    site.write(
        "content/quote.md",
        &term(
            "A, \"quoted\" term",
            "reading: くおーと\naliases: [甲, 乙]\ntags: [データ]",
            "行1\n\n行2",
        ),
    );
    site.build();
    let bytes = std::fs::read(site.out().join("glossary.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    assert!(bytes.ends_with(b"\r\n") && !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "slug",
            "language",
            "title",
            "reading",
            "aliases",
            "tags",
            "categories",
            "status",
            "summary",
            "url"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    let row = |slug: &str| rows.iter().find(|r| &r[0] == slug).unwrap().clone();
    let dmp = row("dmp");
    assert_eq!((&dmp[1], &dmp[2], &dmp[7]), ("ja", "DMP", "deprecated"));
    assert_eq!(&dmp[9], "https://example.com/terms/dmp/");
    let cdp = row("cdp");
    assert_eq!(
        (&cdp[3], &cdp[4], &cdp[5], &cdp[7]),
        ("こきゃくでーたきばん", "CDP", "データ", "preferred")
    );
    let quote = row("quote");
    assert_eq!(&quote[2], "A, \"quoted\" term");
    assert_eq!(&quote[4], "甲;乙");
}

#[test]
fn skos_export_parses_as_turtle_with_concepts_labels_and_relations() {
    use oxttl::TurtleParser;
    let site = terms_site();
    site.build();
    let text = site.page("glossary.skos.ttl");
    let triples: Vec<(String, String, String)> = TurtleParser::new()
        .for_slice(text.as_bytes())
        .map(|t| {
            let t = t.unwrap_or_else(|e| panic!("invalid Turtle: {e}\n{text}"));
            (
                t.subject.to_string(),
                t.predicate.to_string(),
                t.object.to_string(),
            )
        })
        .collect();
    let skos = |local: &str| format!("<http://www.w3.org/2004/02/skos/core#{local}>");
    let term_iri = |slug: &str| format!("<https://example.com/terms/{slug}/>");
    let has = |s: &str, p: &str, o: &str| {
        triples.contains(&(s.to_string(), p.to_string(), o.to_string()))
    };
    let rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    let scheme = "<https://example.com/>";
    assert!(has(scheme, rdf_type, &skos("ConceptScheme")));
    let concepts: Vec<&(String, String, String)> = triples
        .iter()
        .filter(|t| t.1 == rdf_type && t.2 == skos("Concept"))
        .collect();
    assert_eq!(concepts.len(), 6);
    for (s, _, _) in concepts {
        assert!(has(s, &skos("inScheme"), scheme), "{s}");
    }
    let cdp = term_iri("cdp");
    assert!(has(&cdp, &skos("prefLabel"), "\"顧客データ基盤\"@ja"));
    assert!(has(&cdp, &skos("altLabel"), "\"CDP\"@ja"));
    assert!(has(
        &cdp,
        &skos("definition"),
        "\"顧客の情報を一つにまとめる。\"@ja"
    ));
    assert!(has(&cdp, &skos("broader"), &term_iri("data-platform")));
    assert!(has(&cdp, &skos("narrower"), &term_iri("segment")));
    assert!(has(&term_iri("data-platform"), &skos("narrower"), &cdp));
    assert!(has(&cdp, &skos("related"), &term_iri("crm")));
    let notes: Vec<&String> = triples
        .iter()
        .filter(|t| t.0 == term_iri("dmp") && t.1 == skos("note"))
        .map(|t| &t.2)
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("顧客データ基盤") && notes[0].ends_with("@ja"),
        "{}",
        notes[0]
    );
    assert!(!triples.iter().any(|t| t.0 == cdp && t.1 == skos("note")));
    let dct = |local: &str| format!("<http://purl.org/dc/terms/{local}>");
    assert!(has(&term_iri("dmp"), &dct("isReplacedBy"), &cdp));
    assert!(has(&cdp, &dct("source"), "<https://example.org/a>"));
}

#[test]
fn tbx_export_has_the_tbx_basic_structure() {
    let site = terms_site();
    site.build();
    let text = site.page("glossary.tbx");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let ns = "urn:iso:std:iso:30042:ed-2";
    let xml_ns = "http://www.w3.org/XML/1998/namespace";
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "tbx");
    assert_eq!(root.tag_name().namespace(), Some(ns));
    assert_eq!(root.attribute("type"), Some("TBX-Basic"));
    assert_eq!(root.attribute("style"), Some("dca"));
    assert_eq!(root.attribute((xml_ns, "lang")), Some("ja"));
    let child_names: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(child_names, ["tbxHeader", "text"]);
    let header = root.first_element_child().unwrap();
    assert!(header
        .descendants()
        .any(|n| n.has_tag_name((ns, "fileDesc"))));

    let entries: Vec<roxmltree::Node> = root
        .descendants()
        .filter(|n| n.has_tag_name((ns, "conceptEntry")))
        .collect();
    assert_eq!(entries.len(), 6);
    let mut ids = std::collections::HashSet::new();
    let allowed = [
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
    ];
    for entry in &entries {
        assert_eq!(entry.parent().map(|p| p.tag_name().name()), Some("body"));
        assert!(ids.insert(entry.attribute("id").expect("id")));
        let lang_secs: Vec<_> = entry
            .children()
            .filter(|n| n.has_tag_name((ns, "langSec")))
            .collect();
        assert_eq!(lang_secs.len(), 1);
        assert_eq!(lang_secs[0].attribute((xml_ns, "lang")), Some("ja"));
        for term_sec in lang_secs[0]
            .children()
            .filter(|n| n.has_tag_name((ns, "termSec")))
        {
            let first = term_sec.first_element_child().unwrap();
            assert!(first.has_tag_name((ns, "term")));
            let status: Vec<&str> = term_sec
                .children()
                .filter(|n| n.has_tag_name((ns, "termNote")))
                .filter(|n| n.attribute("type") == Some("administrativeStatus"))
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(status.len(), 1);
            assert!(allowed.contains(&status[0]), "{}", status[0]);
        }
    }
    // (entry term texts, their statuses) of one entry, by its preferred name.
    let terms_of = |title: &str| -> Vec<(String, String)> {
        let entry = entries
            .iter()
            .find(|e| {
                e.descendants()
                    .any(|n| n.has_tag_name((ns, "term")) && n.text() == Some(title))
            })
            .unwrap();
        entry
            .descendants()
            .filter(|n| n.has_tag_name((ns, "termSec")))
            .map(|s| {
                let text = |pred: &dyn Fn(&roxmltree::Node) -> bool| {
                    s.children()
                        .find(|n| pred(n))
                        .and_then(|n| n.text())
                        .unwrap_or("")
                        .to_string()
                };
                (
                    text(&|n| n.has_tag_name((ns, "term"))),
                    text(&|n| n.attribute("type") == Some("administrativeStatus")),
                )
            })
            .collect()
    };
    assert_eq!(
        terms_of("顧客データ基盤"),
        [
            (
                "顧客データ基盤".to_string(),
                "preferredTerm-admn-sts".to_string()
            ),
            ("CDP".to_string(), "admittedTerm-admn-sts".to_string()),
        ]
    );
    assert_eq!(
        terms_of("DMP"),
        [("DMP".to_string(), "deprecatedTerm-admn-sts".to_string())]
    );
    let cross_ref = root
        .descendants()
        .find(|n| n.attribute("type") == Some("crossReference"))
        .expect("a crossReference to the successor");
    assert_eq!(cross_ref.text(), Some("顧客データ基盤"));
    let target = cross_ref.attribute("target").unwrap();
    assert!(entries.iter().any(|e| e.attribute("id") == Some(target)));
    let definition = entries.iter().flat_map(|e| e.descendants()).find(|n| {
        n.attribute("type") == Some("definition")
            && n.text() == Some("顧客の情報を一つにまとめる。")
    });
    assert!(definition.is_some_and(|d| d.parent().unwrap().has_tag_name((ns, "langSec"))));
}
