//! The build pipeline as a writer sees it: what `glossgen build` writes where, what a term
//! page carries, and how broken input is reported (issue 2 and the contract, sections 1–5).

mod common;

use common::{
    assert_same_tree, between, build_into, count, example_root, hrefs, leftovers, section, term,
    term_body, tree, Site, CONFIG,
};

const PREFIX_CONFIG: &str =
    "title: テスト用語集\nbase_url: https://example.com/glossary/\nlanguage: ja\n";

// ---------------------------------------------------------------------------------------
// Output layout and term pages

#[test]
fn every_contract_path_is_written() {
    let site = Site::new(&[(
        "content/ltv.md",
        &term(
            "LTV",
            "tags: [SEO]\ncategories: [指標]",
            "顧客が生涯にもたらす利益。",
        ),
    )]);
    site.build();
    for path in [
        "index.html",
        "terms/index.html",
        "terms/ltv/index.html",
        "tags/index.html",
        "tags/seo/index.html",
        "categories/index.html",
        "categories/指標/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "search-index.json",
        "graph.json",
    ] {
        assert!(site.exists(path), "{path} was not written");
    }
}

#[test]
fn search_index_has_the_contract_fields() {
    let site = Site::new(&[(
        "content/ltv.md",
        &term(
            "LTV",
            "aliases: [顧客生涯価値]\ntags: [SEO]",
            "顧客が生涯にもたらす利益。",
        ),
    )]);
    site.build();
    let json = site.page("search-index.json");
    assert!(json.trim_start().starts_with('['), "{json}");
    assert!(json.trim_end().ends_with(']'), "{json}");
    for needle in [
        "\"title\":\"LTV\"",
        "\"aliases\":[\"顧客生涯価値\"]",
        "\"reading\":",
        "\"url\":\"/terms/ltv/\"",
        "\"summary\":\"顧客が生涯にもたらす利益。\"",
        "\"tags\":[\"SEO\"]",
    ] {
        assert!(json.contains(needle), "missing {needle} in {json}");
    }
}

#[test]
fn graph_json_has_nodes_and_edges() {
    let site = Site::new(&[("content/ltv.md", &term("LTV", "tags: [SEO]", "本文。"))]);
    site.build();
    let json = site.page("graph.json");
    let (slugs, edges) = common::graph_edges(&json);
    assert_eq!(slugs, ["ltv"], "{json}");
    assert!(edges.is_empty(), "{json}");
    assert!(json.contains("\"tags\":[\"SEO\"]"), "{json}");
}

#[test]
fn term_page_has_one_h1_canonical_og_and_defined_term_jsonld() {
    let site = Site::with_config(
        PREFIX_CONFIG,
        &[(
            "content/ltv.md",
            &term(
                "LTV",
                "tags: [SEO]",
                "## 計算\n\n顧客が生涯にもたらす利益。",
            ),
        )],
    );
    site.build();
    let html = site.page("terms/ltv/index.html");
    assert_eq!(count(&html, "<h1"), 1, "{html}");
    assert!(
        html.contains("rel=\"canonical\" href=\"https://example.com/glossary/terms/ltv/\""),
        "{html}"
    );
    assert!(
        html.contains("property=\"og:title\" content=\"LTV"),
        "{html}"
    );
    let jsonld = between(&html, "<script type=\"application/ld+json\">", "</script>");
    assert!(jsonld.contains("\"@type\":\"DefinedTerm\""), "{jsonld}");
    assert!(jsonld.contains("\"@type\":\"DefinedTermSet\""), "{jsonld}");
    assert!(jsonld.contains("\"name\":\"LTV\""), "{jsonld}");
}

#[test]
fn base_url_path_prefix_is_on_every_term_and_tag_link() {
    let site = Site::with_config(
        PREFIX_CONFIG,
        &[
            (
                "content/ltv.md",
                &term(
                    "LTV",
                    "tags: [SEO, EC/eコマース]\ncategories: [指標]",
                    "[[cac]]と比べる。",
                ),
            ),
            (
                "content/cac.md",
                &term("CAC", "tags: [SEO]\ncategories: [指標]", "LTVと比べる。"),
            ),
        ],
    );
    site.build();
    let mut checked = 0;
    for (path, bytes) in tree(&site.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for piece in html.split("href=\"").skip(1) {
            let href = &piece[..piece.find('"').unwrap()];
            if href.contains("terms/") || href.contains("tags/") || href.contains("categories/") {
                checked += 1;
                assert!(
                    href.starts_with("/glossary/")
                        || href.starts_with("https://example.com/glossary/"),
                    "{path}: href {href} ignores the /glossary/ prefix"
                );
            }
        }
    }
    assert!(checked > 20, "only {checked} links checked");
    let json = site.page("search-index.json");
    assert!(json.contains("\"url\":\"/glossary/terms/ltv/\""), "{json}");
    let sitemap = site.page("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.com/glossary/terms/ltv/</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("<loc>https://example.com/terms/"),
        "{sitemap}"
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let site = Site::new(&[("content/ltv.md", &term("LTV", "tags: [SEO]", "本文。"))]);
    site.build_with(&["--base-url", "https://other.example/docs/"])
        .expect(0);
    let html = site.page("terms/ltv/index.html");
    assert!(
        html.contains("rel=\"canonical\" href=\"https://other.example/docs/terms/ltv/\""),
        "{html}"
    );
    assert!(html.contains("href=\"/docs/tags/seo/\""), "{html}");
}

// ---------------------------------------------------------------------------------------
// Tags and categories

#[test]
fn term_pages_footer_links_to_the_tag_and_category_lists_other_pages_show_them() {
    let site = Site::new(&[(
        "content/ltv.md",
        &term("LTV", "tags: [指標]\ncategories: [分析]", "本文。"),
    )]);
    site.build();
    let page = site.page("terms/ltv/index.html");
    let footer = between(&page, "<footer", "</footer>");
    assert!(footer.contains("href=\"/categories/\""), "{footer}");
    assert!(footer.contains("href=\"/tags/\""), "{footer}");
    assert!(!footer.contains("tag-cloud"), "{footer}");
    // The term's own tags are on the page itself.
    assert!(page.contains("href=\"/tags/指標/\""), "{page}");
    for other in ["index.html", "terms/index.html", "tags/指標/index.html"] {
        let html = site.page(other);
        let footer = between(&html, "<footer", "</footer>");
        assert!(footer.contains("href=\"/tags/指標/\""), "{other}: {footer}");
        assert!(
            footer.contains("href=\"/categories/分析/\""),
            "{other}: {footer}"
        );
    }
}

#[test]
fn unicode_tag_gets_unicode_folder_and_a_utf8_link_in_html_percent_encoded_in_the_sitemap() {
    let site = Site::new(&[(
        "content/ltv.md",
        &term("LTV", "tags: [EC/eコマース]", "本文。"),
    )]);
    site.build();
    assert!(site.exists("tags/ec-eコマース/index.html"));
    let html = site.page("terms/ltv/index.html");
    assert!(html.contains("href=\"/tags/ec-eコマース/\""), "{html}");
    let list = site.page("tags/index.html");
    assert!(list.contains("href=\"/tags/ec-eコマース/\""), "{list}");
    let sitemap = site.page("sitemap.xml");
    assert!(
        sitemap.contains("/tags/ec-e%E3%82%B3%E3%83%9E%E3%83%BC%E3%82%B9/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn tags_differing_in_case_and_width_are_one_tag() {
    let site = Site::new(&[
        ("content/a.md", &term("アルファ", "tags: [SEO]", "本文。")),
        ("content/b.md", &term("ベータ", "tags: [ｓｅｏ]", "本文。")),
    ]);
    site.build();
    let page = site.page("tags/seo/index.html");
    assert!(page.contains("href=\"/terms/a/\""), "{page}");
    assert!(page.contains("href=\"/terms/b/\""), "{page}");
    let tag_dirs: Vec<String> = tree(&site.out().join("tags"))
        .into_keys()
        .filter(|p| p != "index.html")
        .collect();
    assert_eq!(tag_dirs, vec!["seo/index.html".to_string()]);
}

#[test]
fn tag_page_lists_exactly_the_terms_with_that_tag() {
    let site = Site::new(&[
        ("content/a.md", &term("アルファ", "tags: [x]", "本文。")),
        ("content/b.md", &term("ベータ", "tags: [x, y]", "本文。")),
        ("content/c.md", &term("ガンマ", "tags: [y]", "本文。")),
    ]);
    site.build();
    let x = site.page("tags/x/index.html");
    assert!(x.contains("href=\"/terms/a/\""), "{x}");
    assert!(x.contains("href=\"/terms/b/\""), "{x}");
    assert!(!x.contains("href=\"/terms/c/\""), "{x}");
    let y = site.page("tags/y/index.html");
    assert!(!y.contains("href=\"/terms/a/\""), "{y}");
    assert!(y.contains("href=\"/terms/b/\""), "{y}");
    assert!(y.contains("href=\"/terms/c/\""), "{y}");
}

#[test]
fn category_page_lists_exactly_the_terms_in_that_category() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "categories: [指標]", "本文。"),
        ),
        (
            "content/b.md",
            &term("ベータ", "categories: [指標]", "本文。"),
        ),
        (
            "content/c.md",
            &term("ガンマ", "categories: [顧客]", "本文。"),
        ),
    ]);
    site.build();
    let page = site.page("categories/指標/index.html");
    assert!(page.contains("href=\"/terms/a/\""), "{page}");
    assert!(page.contains("href=\"/terms/b/\""), "{page}");
    assert!(!page.contains("href=\"/terms/c/\""), "{page}");
    let list = site.page("categories/index.html");
    assert!(list.contains("href=\"/categories/指標/\""), "{list}");
}

#[test]
fn tag_pages_are_paginated() {
    let config = format!("{CONFIG}paginate: 2\n");
    let files: Vec<(String, String)> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|s| {
            (
                format!("content/{s}.md"),
                term(&format!("term-{s}"), "tags: [x]", "本文。"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::with_config(&config, &refs);
    site.build();
    assert!(site.exists("tags/x/index.html"));
    assert!(site.exists("tags/x/page/2/index.html"));
    assert!(site.exists("tags/x/page/3/index.html"));
    assert!(!site.exists("tags/x/page/4/index.html"));
    let first = site.page("tags/x/index.html");
    assert!(first.contains("href=\"/tags/x/page/2/\""), "{first}");
    // Two cards on a full page, the fifth term alone on the last one.
    assert_eq!(count(&first, "<li class=\"card\">"), 2, "{first}");
    let last = site.page("tags/x/page/3/index.html");
    assert_eq!(count(&last, "<li class=\"card\">"), 1, "{last}");
}

// ---------------------------------------------------------------------------------------
// Related terms

/// A site where `t` has a hand-picked related term `m` (sharing nothing else), shares a rare
/// tag with `r` only, and shares only the common `用語集` (on four of five terms) with `c`.
/// `c` comes before `r` in site order (あ row before ら row), so a plain count of shared tags,
/// tie-broken by site order, would rank `c` first. `x` shares nothing with `t`.
fn related_site(config: &str) -> Site {
    Site::with_config(
        config,
        &[
            (
                "content/t.md",
                &term("ティー", "tags: [希少, 用語集]\nrelated: [m]", "本文。"),
            ),
            (
                "content/r.md",
                &term("ロー", "tags: [希少, 用語集]", "本文。"),
            ),
            ("content/c.md", &term("アイ", "tags: [用語集]", "本文。")),
            ("content/m.md", &term("エム", "tags: [用語集]", "本文。")),
            (
                "content/x.md",
                &term("エックス", "tags: [その他]", "本文。"),
            ),
        ],
    )
}

#[test]
fn related_lists_hand_picked_first_then_rare_tag_before_common_tag() {
    let site = related_site(CONFIG);
    site.build();
    let html = site.page("terms/t/index.html");
    let related = section(&html, "related").expect("a related section");
    // Hand-picked first, then the rare shared tag above the common one; nothing for `x`.
    // (A card links its term twice: title and "read more".)
    let mut links = hrefs(related);
    links.dedup();
    assert_eq!(links, ["/terms/m/", "/terms/r/", "/terms/c/"], "{related}");
}

#[test]
fn related_limit_is_respected() {
    let site = related_site(&format!("{CONFIG}related:\n  limit: 1\n"));
    site.build();
    let html = site.page("terms/t/index.html");
    let related = section(&html, "related").expect("a related section");
    assert_eq!(count(related, "<li class=\"card\">"), 1, "{related}");
    assert!(related.contains("href=\"/terms/m/\""), "{related}");
}

// ---------------------------------------------------------------------------------------
// Drafts and bundles

fn draft_site() -> Site {
    Site::new(&[
        (
            "content/pub.md",
            &term(
                "公開",
                "reading: こうかい\ntags: [x]\ndate: 2024-01-01",
                "本文。",
            ),
        ),
        (
            "content/secret.md",
            &term(
                "ヒミツ",
                "tags: [x, 下書きタグ]\ndate: 2024-02-01\ndraft: true",
                "下書きの本文。",
            ),
        ),
    ])
}

#[test]
fn draft_is_left_out_of_every_page_and_index() {
    let site = draft_site();
    site.build();
    assert!(!site.out().join("terms/secret").exists());
    // A tag only the draft carries has no page and is not listed.
    assert!(!site.out().join("tags/下書きタグ").exists());
    assert!(!site.page("tags/index.html").contains("下書きタグ"));
    for file in [
        "index.html",
        "terms/index.html",
        "tags/x/index.html",
        "search-index.json",
        "sitemap.xml",
        "atom.xml",
        "graph.json",
        "terms/pub/index.html",
    ] {
        let text = site.page(file);
        assert!(!text.contains("ヒミツ"), "{file} shows the draft:\n{text}");
        assert!(
            !text.contains("terms/secret/"),
            "{file} links the draft:\n{text}"
        );
    }
    // The tag count leaves the draft out too.
    let tag = site.page("tags/x/index.html");
    assert!(tag.contains("<li class=\"card\">"), "{tag}");
    assert_eq!(count(&tag, "<li class=\"card\">"), 1, "{tag}");
}

#[test]
fn drafts_flag_builds_the_draft() {
    let site = draft_site();
    site.build_with(&["--drafts"]).expect(0);
    let html = site.page("terms/secret/index.html");
    assert!(html.contains("<h1>ヒミツ</h1>"), "{html}");
    assert!(site
        .page("terms/index.html")
        .contains("href=\"/terms/secret/\""));
}

#[test]
fn bundle_assets_are_copied_next_to_the_term_page() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n";
    let site = Site::new(&[
        (
            "content/foo/index.md",
            &term("フー", "tags: [x]", "![図](pic.svg)"),
        ),
        ("content/foo/pic.svg", svg),
    ]);
    site.build();
    assert!(site.exists("terms/foo/index.html"));
    assert_eq!(site.page("terms/foo/pic.svg"), svg);
    assert!(site
        .page("terms/foo/index.html")
        .contains("src=\"pic.svg\""));
}

// ---------------------------------------------------------------------------------------
// Summaries and Markdown

#[test]
fn summary_is_cut_to_summary_length_characters() {
    let config = format!("{CONFIG}summary_length: 10\n");
    let site = Site::with_config(
        &config,
        &[(
            "content/a.md",
            &term(
                "アルファ",
                "",
                "あいうえおかきくけこさしすせそ。\n\n二段落目。",
            ),
        )],
    );
    site.build();
    let json = site.page("search-index.json");
    assert!(
        json.contains("\"summary\":\"あいうえおかきくけこ…\""),
        "{json}"
    );
}

#[test]
fn more_marker_ends_the_summary() {
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "アルファ",
            "",
            "前半の文。\n\n前半の二段落目。\n\n<!-- more -->\n\n後半の文。",
        ),
    )]);
    site.build();
    let json = site.page("search-index.json");
    let summary = between(&json, "\"summary\":\"", "\"");
    assert!(summary.contains("前半の文。"), "{json}");
    assert!(summary.contains("前半の二段落目。"), "{json}");
    assert!(!summary.contains("後半"), "{json}");
}

#[test]
fn description_wins_over_the_body() {
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "アルファ",
            "description: 手書きの説明。",
            "本文の最初の段落。",
        ),
    )]);
    site.build();
    let json = site.page("search-index.json");
    assert!(json.contains("\"summary\":\"手書きの説明。\""), "{json}");
    let html = site.page("terms/a/index.html");
    assert!(
        html.contains("name=\"description\" content=\"手書きの説明。\""),
        "{html}"
    );
}

#[test]
fn japanese_emphasis_around_brackets_is_strong() {
    let site = Site::new(&[(
        "content/a.md",
        &term("アルファ", "", "これは**「重要」**です"),
    )]);
    site.build();
    let body = term_body(&site.page("terms/a/index.html")).to_string();
    assert!(
        body.contains("これは<strong>「重要」</strong>です"),
        "{body}"
    );
}

#[test]
fn japanese_heading_gets_japanese_id_and_duplicates_are_numbered() {
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "アルファ",
            "",
            "## 料金の計算方法\n\n一つ目。\n\n## 料金の計算方法\n\n二つ目。",
        ),
    )]);
    site.build();
    let body = term_body(&site.page("terms/a/index.html")).to_string();
    assert!(body.contains("id=\"料金の計算方法\""), "{body}");
    assert!(body.contains("id=\"料金の計算方法-1\""), "{body}");
}

#[test]
fn bom_and_crlf_files_are_accepted() {
    let site = Site::new(&[]);
    site.write(
        "content/bom.md",
        "\u{feff}---\r\ntitle: ボム\r\ntags: [x]\r\n---\r\n\r\n最初の行。\r\n\r\n## 見出し\r\n",
    );
    site.build();
    let html = site.page("terms/bom/index.html");
    assert!(html.contains("<h1>ボム</h1>"), "{html}");
    assert!(html.contains("<p>最初の行。</p>"), "{html}");
    assert!(html.contains("<h2 id=\"見出し\">見出し</h2>"), "{html}");
    assert!(!html.contains('\r'), "a CR survived: {html:?}");
    assert!(site.exists("tags/x/index.html"));
}

#[test]
fn underscore_and_hidden_files_are_not_terms() {
    let site = Site::new(&[
        ("content/a.md", &term("アルファ", "", "本文。")),
        ("content/_partial.md", "---\ntitle: [broken\n"),
        ("content/.hidden.md", "not a term"),
        ("content/.git/notes.md", "not a term"),
    ]);
    site.build();
    assert!(site.exists("terms/a/index.html"));
    assert!(!site.out().join("terms/_partial").exists());
    assert!(!site.out().join("terms/.hidden").exists());
    assert!(!site.out().join("terms/notes").exists());
}

#[test]
fn redirect_from_paths_get_redirect_pages() {
    let site = Site::with_config(
        PREFIX_CONFIG,
        &[(
            "content/ltv.md",
            &term("LTV", "redirect_from: [/old/ltv/]", "本文。"),
        )],
    );
    site.build();
    let html = site.page("old/ltv/index.html");
    assert!(
        html.contains("https://example.com/glossary/terms/ltv/"),
        "{html}"
    );
}

#[test]
fn unknown_config_key_is_a_warning_with_a_hint() {
    let site = Site::with_config(
        &format!("{CONFIG}sumary_length: 3\n"),
        &[("content/a.md", &term("アルファ", "", "本文。"))],
    );
    let run = site.build();
    assert!(
        run.lines_with("config.yaml")
            .iter()
            .any(|l| l.contains("warning") && l.contains("summary_length")),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Minify, atomic writes, determinism

fn small_site(config: &str) -> Site {
    Site::with_config(
        config,
        &[
            (
                "content/ltv.md",
                &term(
                    "LTV",
                    "tags: [SEO]\ncategories: [指標]",
                    "[[cac]]と比べる。",
                ),
            ),
            (
                "content/cac.md",
                &term("CAC", "tags: [SEO]\ncategories: [指標]", "獲得コスト。"),
            ),
        ],
    )
}

#[test]
fn default_build_minifies_html() {
    let site = small_site(CONFIG);
    let root = site.root().to_path_buf();
    site.build_into(&root.join("min"), &[]).expect(0);
    site.build_into(&root.join("full"), &["--no-minify"])
        .expect(0);
    let min = std::fs::read_to_string(root.join("min/terms/ltv/index.html")).unwrap();
    let full = std::fs::read_to_string(root.join("full/terms/ltv/index.html")).unwrap();
    assert!(!min.contains("\n  <"), "{min}");
    assert!(
        min.len() < full.len(),
        "minified {} vs {}",
        min.len(),
        full.len()
    );
    assert!(min.contains("<h1>LTV</h1>"), "{min}");
}

#[test]
fn no_minify_flag_keeps_indentation() {
    let site = small_site(CONFIG);
    site.build();
    assert!(site.page("terms/ltv/index.html").contains("\n  <"));
}

#[test]
fn minify_false_in_config_keeps_indentation() {
    let site = small_site(&format!("{CONFIG}minify: false\n"));
    site.build_as_configured();
    assert!(site.page("terms/ltv/index.html").contains("\n  <"));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = small_site(CONFIG);
    site.build();
    let before = tree(&site.out());
    assert!(before.contains_key("terms/ltv/index.html"));
    site.write(
        "content/cac.md",
        "---\ntitle: CAC\nfoo: bar: baz\n---\n本文。\n",
    );
    site.build_fails();
    assert!(
        tree(&site.out()) == before,
        "the output changed after a failed build"
    );
    let leftovers = leftovers(site.root(), "public");
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn failed_render_leaves_previous_output_untouched() {
    let site = small_site(CONFIG);
    site.build();
    let before = tree(&site.out());
    // Valid template syntax, but it fails while rendering.
    site.write(
        "templates/term.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_variable.x }}{% endblock content %}",
    );
    let run = site.build_fails();
    assert!(run.stderr.contains("templates/term.html"), "{}", run.stderr);
    assert!(
        tree(&site.out()) == before,
        "the output changed after a failed build"
    );
    let leftovers = leftovers(site.root(), "public");
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn two_builds_are_byte_identical() {
    let mut files: Vec<(String, String)> = Vec::new();
    let names = [
        ("ltv", "LTV", "", "[[cac]]とCDPを比べる。"),
        ("cac", "CAC", "", "LTVと比べる獲得コスト。"),
        (
            "cdp",
            "CDP",
            "aliases: [顧客データプラットフォーム]",
            "データを集める。",
        ),
        ("data", "データ", "", "顧客データプラットフォームに集まる。"),
        ("nps", "NPS", "", "推奨度。LTVと相関する。"),
        ("churn", "チャーンレート", "", "解約率。CACとLTVに効く。"),
        (
            "kpi",
            "重要業績評価指標",
            "reading: じゅうようぎょうせきひょうかしひょう\naliases: [KPI]",
            "NPSもKPIになる。",
        ),
        ("roas", "ROAS", "", "広告費用対効果。"),
    ];
    for (i, (slug, title, front, body)) in names.iter().enumerate() {
        let tags = ["指標", "顧客", "広告", "用語集"];
        let front = format!(
            "{front}\ntags: [{}, {}, 用語集]\ncategories: [{}]\ndate: 2024-01-0{}",
            tags[i % 3],
            tags[(i + 1) % 3],
            if i % 2 == 0 { "指標" } else { "顧客" },
            i + 1
        );
        files.push((format!("content/{slug}.md"), term(title, &front, body)));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::new(&refs);
    let root = site.root().to_path_buf();
    for out in ["one", "two"] {
        site.build_into(&root.join(out), &[]).expect(0);
    }
    let files = tree(&root.join("one")).len();
    assert!(files > 20, "only {files} files");
    assert_same_tree(&root.join("one"), &root.join("two"));
}

// ---------------------------------------------------------------------------------------
// Errors

#[test]
fn yaml_error_names_file_and_line() {
    let site = Site::new(&[
        ("content/ok.md", &term("オーケー", "", "本文。")),
        (
            "content/bad.md",
            "---\ntitle: バッド\nfoo: bar: baz\ntags: [x]\n---\n本文。\n",
        ),
    ]);
    let run = site.build_fails();
    let lines = run.lines_with("content/bad.md");
    assert!(
        lines.iter().any(|l| l.starts_with("content/bad.md:3")),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_title_is_an_error_naming_the_file() {
    let site = Site::new(&[("content/notitle.md", "---\ntags: [x]\n---\n本文。\n")]);
    let run = site.build_fails();
    let lines = run.lines_with("content/notitle.md");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("error") && l.contains("title")),
        "{}",
        run.stderr
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    let site = Site::new(&[
        ("content/one.md", &term("ワン", "slug: same", "本文。")),
        ("content/two.md", &term("ツー", "slug: same", "本文。")),
    ]);
    let run = site.build_fails();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("content/one.md") && l.contains("content/two.md")),
        "{}",
        run.stderr
    );
}

#[test]
fn unsafe_slug_is_an_error() {
    let site = Site::new(&[("content/a.md", &term("アルファ", "slug: a/b", "本文。"))]);
    let run = site.build_fails();
    assert!(
        run.lines_with("content/a.md")
            .iter()
            .any(|l| l.contains("error") && l.contains("a/b")),
        "{}",
        run.stderr
    );
    assert!(!site.out().join("terms/a").exists());
}

#[test]
fn slug_with_dot_dot_is_an_error() {
    let site = Site::new(&[("content/a.md", &term("アルファ", "slug: ..", "本文。"))]);
    let run = site.build_fails();
    assert!(!run.lines_with("content/a.md").is_empty(), "{}", run.stderr);
}

#[test]
fn non_utf8_file_is_an_error_naming_it() {
    let site = Site::new(&[("content/ok.md", &term("オーケー", "", "本文。"))]);
    site.write_bytes("content/latin1.md", b"---\ntitle: caf\xe9\n---\nna\xefve\n");
    let run = site.build_fails();
    assert!(
        run.lines_with("content/latin1.md")
            .iter()
            .any(|l| l.contains("error")),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_file_is_an_error_naming_it() {
    let site = Site::new(&[
        ("content/ok.md", &term("オーケー", "", "本文。")),
        ("content/empty.md", ""),
    ]);
    let run = site.build_fails();
    assert!(
        run.lines_with("content/empty.md")
            .iter()
            .any(|l| l.contains("error")),
        "{}",
        run.stderr
    );
}

#[test]
fn unresolved_reference_names_file_and_line() {
    // Line 1 `---`, 2 title, 3 `---`, 4 blank, 5 text, 6 the reference.
    let site = Site::new(&[(
        "content/a.md",
        "---\ntitle: アルファ\n---\n\n本文。\nこれは[[nope]]です。\n",
    )]);
    let run = site.build_fails();
    assert!(
        run.lines_with("content/a.md:6")
            .iter()
            .any(|l| l.contains("error") && l.contains("nope")),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_author_is_an_error() {
    let site = Site::new(&[(
        "content/a.md",
        &term("アルファ", "author: nobody", "本文。"),
    )]);
    let run = site.build_fails();
    assert!(
        run.lines_with("content/a.md")
            .iter()
            .any(|l| l.contains("error") && l.contains("nobody")),
        "{}",
        run.stderr
    );
}

#[test]
fn known_author_is_shown() {
    let config = format!("{CONFIG}authors:\n  rick: {{ name: リック, bio: 編集者です。 }}\n");
    let site = Site::with_config(
        &config,
        &[("content/a.md", &term("アルファ", "author: rick", "本文。"))],
    );
    site.build();
    let html = site.page("terms/a/index.html");
    assert!(html.contains("リック"), "{html}");
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let site = Site::new(&[
        ("content/ok.md", &term("オーケー", "", "本文。")),
        ("content/notitle.md", "---\ntags: [x]\n---\n本文。\n"),
        (
            "content/badyaml.md",
            "---\ntitle: バッド\nfoo: bar: baz\n---\n本文。\n",
        ),
        (
            "content/badref.md",
            &term("参照", "reading: さんしょう", "[[nope]]を見よ。"),
        ),
        ("content/empty.md", ""),
    ]);
    let run = site.build_fails();
    for file in [
        "content/notitle.md",
        "content/badyaml.md",
        "content/badref.md",
        "content/empty.md",
    ] {
        assert!(
            run.lines_with(file).iter().any(|l| l.contains("error")),
            "{file} not reported:\n{}",
            run.stderr
        );
    }
    assert!(run.lines_with("content/ok.md").is_empty(), "{}", run.stderr);
}

#[test]
fn unknown_front_matter_key_is_a_warning_with_a_hint() {
    let site = Site::new(&[("content/a.md", &term("アルファ", "tag: [x]", "本文。"))]);
    let run = site.build();
    assert!(
        run.lines_with("content/a.md")
            .iter()
            .any(|l| l.contains("warning") && l.contains("did you mean `tags`")),
        "{}",
        run.stderr
    );
    assert!(site.exists("terms/a/index.html"));
}

#[test]
fn missing_config_is_an_error_mentioning_config_yaml() {
    let site = Site::new(&[("content/a.md", &term("アルファ", "", "本文。"))]);
    std::fs::remove_file(site.root().join("config.yaml")).unwrap();
    let run = site.build_fails();
    assert!(run.stderr.contains("config.yaml"), "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn unknown_cli_flag_is_a_usage_error() {
    let site = Site::new(&[("content/a.md", &term("アルファ", "", "本文。"))]);
    site.build_with(&["--no-such-flag"]).expect(2);
    assert!(!site.out().exists());
}

// ---------------------------------------------------------------------------------------
// static/, templates/, init, new

#[test]
fn site_static_files_are_copied_to_the_output_root() {
    let site = Site::new(&[
        ("content/a.md", &term("アルファ", "", "本文。")),
        ("static/favicon.svg", "<svg/>\n"),
        ("static/img/logo.txt", "logo\n"),
    ]);
    site.build();
    assert_eq!(site.page("favicon.svg"), "<svg/>\n");
    assert_eq!(site.page("img/logo.txt"), "logo\n");
}

#[test]
fn site_template_override_replaces_the_builtin_one() {
    let site = Site::new(&[
        ("content/a.md", &term("アルファ", "", "本文。")),
        (
            "templates/term.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">CUSTOM {{ term.title }}</p>{% endblock content %}",
        ),
    ]);
    site.build();
    let html = site.page("terms/a/index.html");
    assert!(
        html.contains("<p class=\"custom\">CUSTOM アルファ</p>"),
        "{html}"
    );
    assert!(!html.contains("class=\"prose term-body\""), "{html}");
}

/// The built-in templates get cards carrying only what they read; a writer's own template
/// must still see every field of the cards in `term.related`, `term.backlinks` and a tag
/// page's `terms`.
#[test]
fn overridden_templates_read_every_card_field() {
    let loop_over = |list: &str| {
        format!("{{% for card in {list} %}}<i class=\"c\">{{{{ card.title }}}} {{{{ card.url }}}} {{{{ card.summary }}}}</i>{{{{ card.rendered | safe }}}}{{% endfor %}}")
    };
    let backlinks = "{% for card in term.backlinks %}<b>{{ card.summary }} {{ card.slug }} {{ card.context.mention }}</b>{% endfor %}";
    let term_html = format!(
        "{{% extends \"base.html\" %}}{{% block content %}}{}{backlinks}{{% endblock content %}}",
        loop_over("term.related")
    );
    let tag_html = format!(
        "{{% extends \"base.html\" %}}{{% block content %}}{}{{% endblock content %}}",
        loop_over("terms")
    );
    let site = Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "tags: [共通]\nrelated: [b]", "本文。"),
        ),
        (
            "content/b.md",
            &term("ベータ", "tags: [共通]", "ベータの説明。"),
        ),
        ("templates/term.html", &term_html),
        ("templates/taxonomy_single.html", &tag_html),
    ]);
    site.build();
    let page = site.page("terms/a/index.html");
    assert!(
        page.contains("<i class=\"c\">ベータ /terms/b/ ベータの説明。</i>"),
        "{page}"
    );
    assert!(
        page.contains("<li class=\"card\"><h3><a href=\"/terms/b/\">ベータ</a>"),
        "{page}"
    );
    let tag = site.page("tags/共通/index.html");
    assert!(
        tag.contains("<i class=\"c\">アルファ /terms/a/ 本文。</i>"),
        "{tag}"
    );
    assert!(
        tag.contains("<li class=\"card\"><h2><a href=\"/terms/b/\">ベータ</a>"),
        "{tag}"
    );
}

#[test]
fn broken_template_override_is_an_error_naming_it() {
    let site = Site::new(&[
        ("content/a.md", &term("アルファ", "", "本文。")),
        (
            "templates/term.html",
            "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}",
        ),
    ]);
    let run = site.build_fails();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("templates/term.html") && l.contains("error")),
        "{}",
        run.stderr
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mysite");
    common::glossgen(["init".as_ref(), dir.as_os_str()]).expect(0);
    assert!(dir.join("config.yaml").is_file());
    build_into(&dir, &tmp.path().join("out"), &[]).expect(0);
    let terms = tmp.path().join("out/terms");
    let pages = std::fs::read_dir(&terms)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert!(pages >= 1, "no term pages in {}", terms.display());
}

#[test]
fn new_creates_a_term_file_that_builds() {
    let site = Site::new(&[("content/a.md", &term("アルファ", "", "本文。"))]);
    site.run("new", &["顧客体験", "--slug", "cx"]).expect(0);
    let file = std::fs::read_to_string(site.root().join("content/cx.md")).unwrap();
    assert!(file.starts_with("---\n"), "{file}");
    assert!(file.contains("顧客体験"), "{file}");
    site.build();
    assert!(site
        .page("terms/cx/index.html")
        .contains("<h1>顧客体験</h1>"));
}

// ---------------------------------------------------------------------------------------
// The example site in the repository

#[test]
fn example_site_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_into(example_root(), &out, &[]).expect(0);
    let pages = std::fs::read_dir(out.join("terms"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert!(pages >= 30, "only {pages} term pages");
    assert!(!out.join("terms/zero-party-data").exists());
    let search = std::fs::read_to_string(out.join("search-index.json")).unwrap();
    assert!(
        !search.contains("zero-party-data"),
        "the draft is in search-index.json"
    );
    assert!(
        !search.contains("\"title\":\"ゼロパーティデータ\""),
        "the draft is in search-index.json"
    );
}

#[test]
fn example_site_builds_identically_twice() {
    let tmp = tempfile::tempdir().unwrap();
    for out in ["one", "two"] {
        build_into(example_root(), &tmp.path().join(out), &[]).expect(0);
    }
    assert_same_tree(&tmp.path().join("one"), &tmp.path().join("two"));
}

#[test]
fn a_theme_card_is_rendered_once_per_term_and_heading_and_shown_in_every_list() {
    let site = Site::new(&[
        (
            "templates/card.html",
            "<li class=\"card\">{{ card_heading | default(value=\"h3\") }}:{{ card.title }}</li>",
        ),
        ("content/a.md", &term("A", "tags: [指標]", "本文。")),
        ("content/b.md", &term("B", "tags: [指標]", "本文。")),
        ("content/c.md", &term("C", "tags: [other]", "本文。")),
    ]);
    site.build();
    let term_page = site.page("terms/a/index.html");
    assert!(
        term_page.contains("<li class=\"card\">h3:B</li>"),
        "{term_page}"
    );
    let tag_page = site.page("tags/指標/index.html");
    assert!(
        tag_page.contains("<li class=\"card\">h2:A</li>"),
        "{tag_page}"
    );
    assert!(
        tag_page.contains("<li class=\"card\">h2:B</li>"),
        "{tag_page}"
    );
}
