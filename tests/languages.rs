//! Several languages (CONTRACT §6): a Japanese glossary with English translations of part
//! of its terms, built by the real binary and checked from the output.

mod common;

use common::{assert_in_order, assert_same_tree, build_into, term, Site};

const CONFIG: &str = "title: テスト用語集\nbase_url: https://example.com/\nlanguage: ja\nlanguages:\n  en: { title: Test Glossary, description: A glossary for tests. }\n";

/// ja: ltv, cdp, kpi, widget (a bundle); en: ltv, cdp, attribution, widget.
fn bilingual() -> Site {
    Site::with_config(
        CONFIG,
        &[
            (
                "content/ltv.md",
                &term(
                    "顧客生涯価値",
                    "reading: こきゃくしょうがいかち\ntags: [指標]\ndate: 2024-05-01\nupdated: 2024-06-01",
                    "一人の顧客がもたらす利益の総額です。[[cdp]] のデータから計算します。",
                ),
            ),
            (
                "content/ltv.en.md",
                &term(
                    "Customer Lifetime Value",
                    "tags: [metrics]\ndate: 2024-05-10",
                    "The total profit one customer brings. Tracked against a [[kpi]] and computed from [[cdp]] data.",
                ),
            ),
            (
                "content/cdp.md",
                &term(
                    "顧客データプラットフォーム",
                    "reading: こきゃくでーたぷらっとふぉーむ\ntags: [基盤]",
                    "顧客データを統合する基盤です。[[attribution]] の分析にも使います。",
                ),
            ),
            (
                "content/cdp.en.md",
                &term(
                    "Customer Data Platform",
                    "tags: [platform]",
                    "A system that unifies customer data.",
                ),
            ),
            (
                "content/kpi.md",
                &term(
                    "重要業績評価指標",
                    "reading: じゅうようぎょうせきひょうかしひょう\ntags: [指標]",
                    "目標の達成度を測る指標です。Attribution とは別の考え方です。",
                ),
            ),
            (
                "content/attribution.en.md",
                &term(
                    "Attribution",
                    "tags: [metrics]",
                    "Giving credit for a conversion to the touchpoints before it.",
                ),
            ),
            (
                "content/widget/index.md",
                &term("ウィジェット", "reading: うぃじぇっと", "小さな部品です。"),
            ),
            (
                "content/widget/index.en.md",
                &term("Widget", "", "A small component."),
            ),
            ("content/widget/pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ],
    )
}

#[test]
fn each_language_is_a_full_glossary_and_the_default_keeps_its_paths() {
    let site = bilingual();
    site.build();
    for page in [
        "index.html",
        "terms/index.html",
        "terms/ltv/index.html",
        "terms/kpi/index.html",
        "tags/指標/index.html",
        "search/index.html",
        "search-index.json",
        "atom.xml",
        "404.html",
        "en/index.html",
        "en/terms/index.html",
        "en/terms/ltv/index.html",
        "en/terms/attribution/index.html",
        "en/tags/index.html",
        "en/tags/metrics/index.html",
        "en/categories/index.html",
        "en/search/index.html",
        "en/search-index.json",
        "en/atom.xml",
        "en/404.html",
        "en/terms/widget/pic.svg",
        "terms/widget/pic.svg",
    ] {
        assert!(site.exists(page), "missing {page}");
    }
    assert!(
        !site.exists("en/terms/kpi/index.html"),
        "kpi has no English page"
    );
    assert!(!site.exists("terms/attribution/index.html"));
    assert!(
        !site.exists("en/tags/指標/index.html"),
        "tags are per language"
    );
    assert!(
        !site.exists("en/sitemap.xml"),
        "one sitemap for all languages"
    );

    let en = site.page("en/terms/ltv/index.html");
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(en.contains("Customer Lifetime Value | Test Glossary"));
    assert!(en.contains("<meta property=\"og:locale\" content=\"en_US\">"));
    assert!(en.contains("<meta property=\"og:locale:alternate\" content=\"ja_JP\">"));
    assert!(en.contains("\"inLanguage\":\"en\""), "JSON-LD inLanguage");
    assert!(
        en.contains("href=\"/en/tags/metrics/\""),
        "own tags, own paths"
    );
    let ja = site.page("terms/ltv/index.html");
    assert!(ja.contains("<html lang=\"ja\">"));
    assert!(ja.contains("\"inLanguage\":\"ja\""));
    assert!(ja.contains("<meta property=\"og:locale:alternate\" content=\"en_US\">"));
}

#[test]
fn translations_link_each_other_with_hreflang_and_a_switcher() {
    let site = bilingual();
    site.build();
    let alternates = [
        "<link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.com/terms/ltv/\">",
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/en/terms/ltv/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.com/terms/ltv/\">",
    ];
    for page in ["terms/ltv/index.html", "en/terms/ltv/index.html"] {
        let html = site.page(page);
        for link in alternates {
            assert!(html.contains(link), "{page} lacks {link}");
        }
    }
    let ja = site.page("terms/ltv/index.html");
    let switch = common::between(&ja, "class=\"lang-switch\"", "</nav>");
    assert!(switch.contains("<a href=\"/en/terms/ltv/\" hreflang=\"en\" lang=\"en\">English</a>"));
    assert!(switch.contains("<span aria-current=\"true\" lang=\"ja\">日本語</span>"));
    let en = site.page("en/terms/ltv/index.html");
    assert!(en.contains("<a href=\"/terms/ltv/\" hreflang=\"ja\" lang=\"ja\">日本語</a>"));

    // A term in one language only has no alternates and no switcher.
    let kpi = site.page("terms/kpi/index.html");
    assert!(!kpi.contains("hreflang=\"en\""), "kpi is not translated");
    assert!(!kpi.contains("lang-switch"));
    // Home, index, search and taxonomy lists: the same page in the other language.
    for (page, other) in [
        ("index.html", "href=\"/en/\" hreflang=\"en\""),
        ("terms/index.html", "href=\"/en/terms/\" hreflang=\"en\""),
        ("tags/index.html", "href=\"/en/tags/\" hreflang=\"en\""),
        ("en/search/index.html", "href=\"/search/\" hreflang=\"ja\""),
    ] {
        assert!(site.page(page).contains(other), "{page} lacks {other}");
    }
    // A tag of one language has no counterpart.
    assert!(!site.page("tags/指標/index.html").contains("lang-switch"));
}

#[test]
fn sitemap_lists_every_language_with_xhtml_alternates() {
    let site = bilingual();
    site.build();
    let xml = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is XML");
    let xhtml = "http://www.w3.org/1999/xhtml";
    let urls: Vec<(String, Vec<(String, String)>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let loc = u
                .children()
                .find(|c| c.has_tag_name("loc"))
                .and_then(|c| c.text())
                .unwrap_or_default()
                .to_string();
            let links = u
                .children()
                .filter(|c| c.has_tag_name((xhtml, "link")))
                .map(|l| {
                    assert_eq!(l.attribute("rel"), Some("alternate"));
                    (
                        l.attribute("hreflang").unwrap_or_default().to_string(),
                        l.attribute("href").unwrap_or_default().to_string(),
                    )
                })
                .collect();
            (loc, links)
        })
        .collect();
    let find = |loc: &str| {
        urls.iter()
            .find(|(l, _)| l == loc)
            .map(|(_, links)| links.clone())
            .unwrap_or_else(|| panic!("{loc} not in sitemap:\n{xml}"))
    };
    let expected = vec![
        (
            "ja".to_string(),
            "https://example.com/terms/ltv/".to_string(),
        ),
        (
            "x-default".to_string(),
            "https://example.com/terms/ltv/".to_string(),
        ),
        (
            "en".to_string(),
            "https://example.com/en/terms/ltv/".to_string(),
        ),
    ];
    assert_eq!(find("https://example.com/terms/ltv/"), expected);
    assert_eq!(find("https://example.com/en/terms/ltv/"), expected);
    assert!(find("https://example.com/terms/kpi/").is_empty());
    assert!(find("https://example.com/en/terms/attribution/").is_empty());
    assert_eq!(find("https://example.com/en/").len(), 3);
    // Tag URLs are percent-encoded in XML.
    find("https://example.com/tags/%E6%8C%87%E6%A8%99/");
}

#[test]
fn index_search_and_feed_are_per_language() {
    let site = bilingual();
    site.build();
    assert_in_order(
        &site.page("en/terms/index.html"),
        &[
            "Attribution",
            "Customer Data Platform",
            "Customer Lifetime Value",
            "Widget",
        ],
    );
    assert_in_order(
        &site.page("terms/index.html"),
        &[
            "ウィジェット",
            "顧客生涯価値",
            "顧客データプラットフォーム",
            "重要業績評価指標",
        ],
    );
    let en_index = site.page("en/search-index.json");
    assert!(en_index.contains("Customer Lifetime Value") && en_index.contains("/en/terms/ltv/"));
    assert!(!en_index.contains("顧客生涯価値"));
    let ja_index = site.page("search-index.json");
    assert!(ja_index.contains("顧客生涯価値") && !ja_index.contains("Customer Lifetime Value"));
    let feed = site.page("en/atom.xml");
    assert!(feed.contains("xml:lang=\"en\""));
    assert!(feed.contains("<title>Test Glossary</title>"));
    assert!(feed.contains("https://example.com/en/terms/ltv/"));
    assert!(!feed.contains("<title>重要業績評価指標</title>"));
    assert!(!feed.contains("<id>https://example.com/terms/kpi/</id>"));
    let graph = site.page("en/graph.json");
    assert!(graph.contains("Attribution") && !graph.contains("重要業績評価指標"));
}

#[test]
fn references_fall_back_across_languages_but_auto_links_do_not() {
    let site = bilingual();
    site.build();
    let en = site.page("en/terms/ltv/index.html");
    let body = common::term_body(&en);
    // [[kpi]] exists only in Japanese: a crossing link with hreflang and a badge.
    assert!(
        body.contains("href=\"/terms/kpi/\" hreflang=\"ja\" lang=\"ja\">重要業績評価指標<span class=\"lang-badge\""),
        "{body}"
    );
    // [[cdp]] exists in English: it stays in English.
    assert!(body.contains("href=\"/en/terms/cdp/\""), "{body}");
    let ja = site.page("terms/cdp/index.html");
    assert!(ja.contains("href=\"/en/terms/attribution/\" hreflang=\"en\""));
    // The word "Attribution" in a Japanese body is not auto-linked to the English term.
    let kpi = site.page("terms/kpi/index.html");
    assert!(!common::term_body(&kpi).contains("/en/terms/attribution/"));
    // Backlinks stay in their language: the English cdp page lists the English ltv page.
    let cdp_en = site.page("en/terms/cdp/index.html");
    assert!(cdp_en.contains("href=\"/en/terms/ltv/\""));
    assert!(!cdp_en.contains("href=\"/terms/ltv/\""));
}

#[test]
fn check_reports_translation_coverage() {
    let site = bilingual();
    let run = site.check().expect(0);
    let missing = run.lines_with("no `en` translation yet");
    assert_eq!(missing.len(), 1, "{}", run.stderr);
    assert!(missing[0].contains("content/kpi.md") && missing[0].contains("content/kpi.en.md"));
    let missing_ja = run.lines_with("no `ja` translation yet");
    assert_eq!(missing_ja.len(), 1, "{}", run.stderr);
    assert!(missing_ja[0].contains("content/attribution.md"));
    let old = run.lines_with("is older than this original");
    assert_eq!(old.len(), 1, "{}", run.stderr);
    assert!(old[0].contains("content/ltv.en.md") && old[0].contains("2024-05-10"));
}

#[test]
fn bad_language_input_is_reported() {
    let site = Site::with_config(
        CONFIG,
        &[
            ("content/a.md", &term("あ", "", "本文")),
            ("content/a.fr.md", &term("A", "", "body")),
            ("content/b.en.md", &term("B", "slug: a", "body")),
            ("content/c.en.md", &term("C", "slug: a", "body")),
        ],
    );
    let run = site.build_fails();
    let fr = run.lines_with("content/a.fr.md");
    assert!(
        fr.iter()
            .any(|l| l.contains("`fr`") && l.contains("not in `languages`")),
        "{}",
        run.stderr
    );
    assert!(
        run.lines_with("content/c.en.md")
            .iter()
            .any(|l| l.contains("slug `a` is already used by content/b.en.md")),
        "{}",
        run.stderr
    );
    assert!(run.lines_with("content/a.md").is_empty(), "{}", run.stderr);

    let site = Site::with_config(
        "title: x\nbase_url: https://example.com/\nlanguage: ja\nlanguages: { xx: {} }\n",
        &[("content/a.md", &term("あ", "", "本文"))],
    );
    let run = site.build_fails();
    assert!(
        run.stderr.contains("`xx`") && run.stderr.contains("known: ja, en"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_base_path_prefixes_every_language() {
    let site = bilingual();
    site.write(
        "config.yaml",
        &CONFIG.replace("https://example.com/", "https://example.com/glossary/"),
    );
    site.build();
    let en = site.page("en/terms/ltv/index.html");
    assert!(en.contains("href=\"/glossary/en/tags/metrics/\""));
    assert!(en.contains("hreflang=\"ja\" href=\"https://example.com/glossary/terms/ltv/\""));
    assert!(en.contains("href=\"/glossary/terms/kpi/\" hreflang=\"ja\""));
}

#[test]
fn data_exports_hold_every_language() {
    let site = bilingual();
    site.build();
    assert!(
        !site.exists("en/glossary.csv"),
        "one set of exports, at the root"
    );
    let csv = site.page("glossary.csv");
    assert!(csv.contains("\"ltv\",\"ja\",\"顧客生涯価値\""), "{csv}");
    assert!(
        csv.contains("\"ltv\",\"en\",\"Customer Lifetime Value\""),
        "{csv}"
    );
    assert!(csv.contains("https://example.com/en/terms/ltv/"));
    assert!(!csv.contains("\"kpi\",\"en\""), "kpi has no English row");
    let skos = site.page("glossary.skos.ttl");
    assert!(skos.contains("skos:prefLabel \"Customer Lifetime Value\"@en"));
    assert!(skos.contains("skos:prefLabel \"顧客生涯価値\"@ja"));
    let tbx = site.page("glossary.tbx");
    let doc = roxmltree::Document::parse(&tbx).expect("TBX is XML");
    let ltv = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("conceptEntry") && n.attribute("id").is_some_and(|i| i.contains("ltv"))
        })
        .expect("ltv entry");
    let langs: Vec<&str> = ltv
        .children()
        .filter(|n| n.has_tag_name("langSec"))
        .filter_map(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "lang")))
        .collect();
    assert_eq!(langs, ["ja", "en"]);
    // A langSec holds at least one term: the untranslated kpi has only its Japanese one.
    for sec in doc.descendants().filter(|n| n.has_tag_name("langSec")) {
        assert!(sec.descendants().any(|n| n.has_tag_name("term")));
    }
    // The English home page links the shared exports at the root.
    assert!(site
        .page("en/index.html")
        .contains("href=\"/glossary.csv\""));
}

#[test]
fn each_language_writes_dates_its_own_way() {
    let site = bilingual();
    site.build();
    let ja = site.page("terms/ltv/index.html");
    assert!(ja.contains(">2024年5月1日</time>"), "{ja}");
    assert!(ja.contains(">2024年6月1日</time>"), "{ja}");
    let en = site.page("en/terms/ltv/index.html");
    assert!(
        en.contains("datetime=\"2024-05-10\">May 10, 2024</time>"),
        "{en}"
    );
}

/// The summary line's `(N files)`: how many files a build wrote.
fn files_written(stderr: &str) -> usize {
    let at = stderr.find(" files)").expect("summary line");
    let start = stderr[..at].rfind('(').expect("(") + 1;
    stderr[start..at].parse().expect("a count")
}

#[cfg(unix)]
#[test]
fn a_second_unchanged_build_keeps_every_file_of_every_language() {
    use common::{file_stamps, rewritten_since};
    let site = bilingual();
    site.build();
    let before = file_stamps(&site.out());
    assert!(before.contains_key("en/terms/ltv/index.html"));
    assert!(before.contains_key("en/terms/widget/pic.svg"));
    site.build();
    assert_eq!(rewritten_since(&before, &site.out()), Vec::<String>::new());
}

#[test]
fn cached_builds_equal_fresh_ones_after_edits_in_either_language() {
    let site = bilingual();
    let cache = site.root().join(".glossgen-cache");
    let cache = cache.to_str().expect("a UTF-8 temp path");
    // A build with the page cache over the last output, against a fresh one in a clean
    // folder; gives how many files the cached build wrote.
    let cached_equals_fresh = |what: &str| {
        let run = build_into(site.root(), &site.out(), &["--cache-dir", cache]).expect(0);
        let clean = tempfile::tempdir().unwrap();
        let fresh = clean.path().join("out");
        build_into(site.root(), &fresh, &[]).expect(0);
        println!("{what}");
        assert_same_tree(&site.out(), &fresh);
        files_written(&run.stderr)
    };
    let all = cached_equals_fresh("first build");
    site.write(
        "content/ltv.en.md",
        &term(
            "Customer Lifetime Value",
            "tags: [metrics]\ndate: 2024-05-10",
            "The EDITED total profit one customer brings. Tracked against a [[kpi]] and computed from [[cdp]] data.",
        ),
    );
    let written = cached_equals_fresh("an English term edited");
    // Pages that do not show the edit come from the cache: fewer files are written.
    assert!(written < all, "{written} of {all} files written");
    site.write(
        "content/cdp.md",
        &term(
            "顧客データプラットフォーム",
            "reading: こきゃくでーたぷらっとふぉーむ\ntags: [基盤]",
            "顧客データを一つにまとめる基盤です。[[attribution]] の分析にも使います。",
        ),
    );
    cached_equals_fresh("a Japanese term edited");
    site.write(
        "content/kpi.en.md",
        &term(
            "Key Performance Indicator",
            "tags: [metrics]",
            "A measure of progress.",
        ),
    );
    cached_equals_fresh("a translation added");
    let ja = site.page("terms/kpi/index.html");
    assert!(
        ja.contains("hreflang=\"en\" href=\"https://example.com/en/terms/kpi/\""),
        "{ja}"
    );
    // The English LTV page's [[kpi]] now stays in English: no longer a crossing link.
    let en = common::term_body(&site.page("en/terms/ltv/index.html")).to_string();
    assert!(en.contains("href=\"/en/terms/kpi/\""), "{en}");
    assert!(!en.contains("lang-badge"), "{en}");
}
