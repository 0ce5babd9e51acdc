//! Glossary features (issue 3): the 五十音/A–Z index, term references, auto-linking,
//! backlinks, graph.json and `glossgen check`.

mod common;

use common::{
    assert_in_order, between, count, section, term, term_body, without_titles, Site, CONFIG,
};

// ---------------------------------------------------------------------------------------
// The terms index

/// Terms whose right order differs from code-point order in several ways: katakana and
/// hiragana readings mixed, a voiced initial (ガ) that belongs between か and き, Latin titles
/// of both cases, a digit title with a reading and one without.
fn index_site() -> Site {
    Site::new(&[
        ("content/survey.md", &term("アンケート", "", "本文。")),
        (
            "content/opinion.md",
            &term("意見", "reading: いけん", "本文。"),
        ),
        (
            "content/member.md",
            &term("会員", "reading: かいいん", "本文。"),
        ),
        ("content/guide.md", &term("ガイド", "", "本文。")),
        (
            "content/plan.md",
            &term("企画", "reading: きかく", "本文。"),
        ),
        (
            "content/three-c.md",
            &term("3C分析", "reading: さんしーぶんせき", "本文。"),
        ),
        (
            "content/market.md",
            &term("市場", "reading: しじょう", "本文。"),
        ),
        ("content/api.md", &term("api", "", "本文。")),
        ("content/nps.md", &term("NPS", "", "本文。")),
        ("content/e404.md", &term("404エラー", "", "本文。")),
    ])
}

fn index_link(slug: &str) -> String {
    format!("href=\"/terms/{slug}/\"")
}

#[test]
fn terms_index_orders_gojuon_then_latin_then_others() {
    let site = index_site();
    site.build();
    let html = site.page("terms/index.html");
    let list = between(&html, "<section", "</main>");
    let order: Vec<String> = [
        "survey", "opinion", "member", "guide", "plan", "three-c", "market", "api", "nps", "e404",
    ]
    .iter()
    .map(|s| index_link(s))
    .collect();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    assert_in_order(list, &order);
}

#[test]
fn terms_index_sections_have_ascii_ids_in_order() {
    let site = index_site();
    site.build();
    let html = site.page("terms/index.html");
    assert_in_order(
        &html,
        &[
            "<section class=\"index-group\" id=\"row-a\"",
            "<section class=\"index-group\" id=\"row-ka\"",
            "<section class=\"index-group\" id=\"row-sa\"",
            "<section class=\"index-group\" id=\"latin-a\"",
            "<section class=\"index-group\" id=\"latin-n\"",
            "<section class=\"index-group\" id=\"other\"",
        ],
    );
}

#[test]
fn terms_index_puts_each_term_in_its_row() {
    let site = index_site();
    site.build();
    let html = site.page("terms/index.html");
    let group =
        |id: &str| -> String { between(&html, &format!("id=\"{id}\""), "</section>").to_string() };
    let rows = [
        ("row-a", vec!["survey", "opinion"]),
        ("row-ka", vec!["member", "guide", "plan"]),
        ("row-sa", vec!["three-c", "market"]),
        ("latin-a", vec!["api"]),
        ("latin-n", vec!["nps"]),
        ("other", vec!["e404"]),
    ];
    for (id, slugs) in &rows {
        let g = group(id);
        assert_eq!(count(&g, "<li>"), slugs.len(), "{id}: {g}");
        for slug in slugs {
            assert!(g.contains(&index_link(slug)), "{slug} not in {id}: {g}");
        }
    }
}

/// The heading of the catch-all group is UI text: the theme's `index_others`, in the site's
/// language, overridable like every other string.
#[test]
fn terms_index_others_heading_comes_from_the_theme_strings() {
    let heading = |site: &Site| {
        let html = site.page("terms/index.html");
        between(&html, "<h2 id=\"other-heading\">", "</h2>").to_string()
    };
    let japanese = index_site();
    japanese.build();
    assert_eq!(heading(&japanese), "その他");

    let english = index_site();
    english.write(
        "config.yaml",
        &CONFIG.replace("language: ja", "language: en"),
    );
    english.build();
    assert_eq!(heading(&english), "#");

    let renamed = index_site();
    renamed.write("themes/default/i18n/ja.yaml", "index_others: 記号・数字\n");
    renamed.build();
    assert_eq!(heading(&renamed), "記号・数字");
}

#[test]
fn kanji_title_without_any_reading_is_a_warning_that_says_what_to_add() {
    // 龘 is in no reading dictionary entry; 顧客 is, so it needs no `reading:` line.
    let site = Site::new(&[
        ("content/kanji.md", &term("龘顧客", "", "本文。")),
        ("content/known.md", &term("顧客", "", "本文。")),
        ("content/kana.md", &term("カナ", "", "本文。")),
    ]);
    let run = site.build();
    let lines = run.lines_with("content/kanji.md");
    assert!(
        lines.iter().any(|l| l.contains("warning")
            && l.contains("`龘`")
            && l.contains("add `reading: <kana>`")),
        "{}",
        run.stderr
    );
    for quiet in ["content/kana.md", "content/known.md"] {
        assert!(run.lines_with(quiet).is_empty(), "{}", run.stderr);
    }
    assert!(site.exists("terms/kanji/index.html"));
}

#[test]
fn empty_reading_counts_as_missing() {
    let site = Site::new(&[(
        "content/kanji.md",
        "---\ntitle: ★顧客体験\nreading: \"\"\n---\n\n本文。\n",
    )]);
    let run = site.build();
    assert!(
        run.lines_with("content/kanji.md")
            .iter()
            .any(|l| l.contains("warning") && l.contains("reading")),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// References

fn reference_site(body: &str) -> Site {
    Site::new(&[
        (
            "content/cdp.md",
            &term(
                "顧客データプラットフォーム",
                "reading: こきゃくでーたぷらっとふぉーむ",
                "本文。",
            ),
        ),
        (
            "content/lifetime-value.md",
            &term(
                "顧客生涯価値",
                "reading: こきゃくしょうがいかち\naliases: [LTV]",
                "本文。",
            ),
        ),
        ("content/page.md", &term("ページ", "autolink: false", body)),
    ])
}

#[test]
fn slug_reference_shows_the_target_title() {
    let site = reference_site("詳しくは[[cdp]]を参照。");
    site.build();
    let body = without_titles(term_body(&site.page("terms/page/index.html")));
    assert!(
        body.contains("href=\"/terms/cdp/\">顧客データプラットフォーム</a>"),
        "{body}"
    );
}

#[test]
fn title_reference_links_to_the_term() {
    let site = reference_site("詳しくは[[顧客生涯価値]]を参照。");
    site.build();
    let body = without_titles(term_body(&site.page("terms/page/index.html")));
    assert!(
        body.contains("href=\"/terms/lifetime-value/\">顧客生涯価値</a>"),
        "{body}"
    );
}

#[test]
fn alias_reference_is_case_and_width_insensitive() {
    let site = reference_site("[[LTV]]と[[ltv]]と[[ＬＴＶ]]。");
    site.build();
    let body = without_titles(term_body(&site.page("terms/page/index.html")));
    assert_eq!(count(&body, "href=\"/terms/lifetime-value/\""), 3, "{body}");
    assert!(!body.contains("term-ref-missing"), "{body}");
}

#[test]
fn piped_reference_shows_the_label() {
    let site = reference_site("[[cdp|こちら]]を参照。");
    site.build();
    let body = without_titles(term_body(&site.page("terms/page/index.html")));
    assert!(body.contains("href=\"/terms/cdp/\">こちら</a>"), "{body}");
    assert!(!body.contains("顧客データプラットフォーム"), "{body}");
}

#[test]
fn slug_reference_in_a_heading_shows_only_the_title() {
    let site = reference_site("## [[cdp]]の使い方\n\n本文。");
    site.build();
    let body = without_titles(term_body(&site.page("terms/page/index.html")));
    assert!(
        body.contains("href=\"/terms/cdp/\">顧客データプラットフォーム</a>の使い方</h2>"),
        "{body}"
    );
}

#[test]
fn summary_shows_reference_titles_not_slugs() {
    let site = reference_site("詳しくは[[cdp]]を参照。");
    site.build();
    let json = site.page("search-index.json");
    assert!(
        json.contains("\"summary\":\"詳しくは顧客データプラットフォームを参照。\""),
        "{json}"
    );
}

#[test]
fn reference_to_a_shared_alias_is_ambiguous() {
    let site = Site::new(&[
        (
            "content/one.md",
            &term("ワン", "aliases: [共有名]", "本文。"),
        ),
        (
            "content/two.md",
            &term("ツー", "aliases: [共有名]", "本文。"),
        ),
        ("content/page.md", &term("ページ", "", "[[共有名]]を参照。")),
    ]);
    let run = site.build_fails();
    let lines = run.lines_with("content/page.md");
    assert!(
        lines.iter().any(|l| l.contains("ambiguous")
            && (l.contains("ワン") || l.contains("content/one.md"))
            && (l.contains("ツー") || l.contains("content/two.md"))),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Auto-linking

/// The term `cdp` (title CDP) and a term `page` with the given body.
fn autolink_site(body: &str) -> Site {
    Site::new(&[
        ("content/cdp.md", &term("CDP", "", "本文。")),
        ("content/page.md", &term("ページ", "", body)),
    ])
}

fn page_body(site: &Site) -> String {
    without_titles(term_body(&site.page("terms/page/index.html")))
}

#[test]
fn first_plain_mention_is_linked_and_the_second_is_not() {
    let site = autolink_site("CDPを使う。CDPは便利。");
    site.build();
    let body = page_body(&site);
    assert!(
        body.contains("<a class=\"term-auto\" href=\"/terms/cdp/\">CDP</a>を使う。CDPは便利。"),
        "{body}"
    );
    assert_eq!(count(&body, "term-auto"), 1, "{body}");
}

#[test]
fn longest_name_wins() {
    let site = Site::new(&[
        ("content/data.md", &term("データ", "", "本文。")),
        (
            "content/cdp.md",
            &term(
                "顧客データプラットフォーム",
                "reading: こきゃくでーたぷらっとふぉーむ",
                "本文。",
            ),
        ),
        (
            "content/page.md",
            &term("ページ", "", "顧客データプラットフォームはデータを集める。"),
        ),
    ]);
    site.build();
    let body = page_body(&site);
    assert!(
        body.contains("<a class=\"term-auto\" href=\"/terms/cdp/\">顧客データプラットフォーム</a>"),
        "{body}"
    );
    // The first plain データ is the one after は, not the one inside the longer name.
    assert!(
        body.contains("は<a class=\"term-auto\" href=\"/terms/data/\">データ</a>を集める"),
        "{body}"
    );
}

#[test]
fn headings_are_not_auto_linked() {
    let site = autolink_site("## CDPとは\n\n説明の文。");
    site.build();
    let body = page_body(&site);
    assert!(body.contains("CDPとは</h2>"), "{body}");
    assert!(!body.contains("term-auto"), "{body}");
}

#[test]
fn inline_code_is_not_auto_linked() {
    let site = autolink_site("設定は`CDP`と書く。");
    site.build();
    let body = page_body(&site);
    assert!(body.contains("<code>CDP</code>"), "{body}");
    assert!(!body.contains("term-auto"), "{body}");
}

#[test]
fn code_blocks_are_not_auto_linked() {
    let site = autolink_site("例:\n\n```\nCDP = 1\n```");
    site.build();
    let body = page_body(&site);
    assert!(body.contains("CDP = 1"), "{body}");
    assert!(!body.contains("term-auto"), "{body}");
}

#[test]
fn existing_links_are_not_auto_linked() {
    let site = autolink_site("[CDPの解説](https://example.org/)を読む。");
    site.build();
    let body = page_body(&site);
    assert!(
        body.contains("<a href=\"https://example.org/\">CDPの解説</a>"),
        "{body}"
    );
    assert!(!body.contains("term-auto"), "{body}");
}

#[test]
fn image_alt_text_is_not_auto_linked() {
    let site = autolink_site("![CDPの図](https://example.org/zu.png)");
    site.build();
    let body = page_body(&site);
    assert!(body.contains("alt=\"CDPの図\""), "{body}");
    assert!(!body.contains("term-auto"), "{body}");
}

#[test]
fn a_term_never_links_to_itself() {
    let site = autolink_site("本文。");
    site.write(
        "content/cdp.md",
        &term("CDP", "", "CDPとは顧客データの基盤。"),
    );
    site.build();
    let body = term_body(&site.page("terms/cdp/index.html")).to_string();
    assert!(body.contains("CDPとは"), "{body}");
    assert!(!body.contains("term-auto"), "{body}");
    assert!(!body.contains("href=\"/terms/cdp/\""), "{body}");
}

#[test]
fn latin_names_match_only_at_word_boundaries() {
    let site = Site::new(&[
        ("content/tam.md", &term("TAM", "", "本文。")),
        ("content/city.md", &term("シティ", "", "TAMPAという都市。")),
        (
            "content/size.md",
            &term("サイズ", "", "TAM（市場規模）を見る。"),
        ),
    ]);
    site.build();
    let city = term_body(&site.page("terms/city/index.html")).to_string();
    assert!(city.contains("TAMPA"), "{city}");
    assert!(!city.contains("term-auto"), "{city}");
    let size = without_titles(term_body(&site.page("terms/size/index.html")));
    assert!(
        size.contains("<a class=\"term-auto\" href=\"/terms/tam/\">TAM</a>（市場規模）"),
        "{size}"
    );
}

#[test]
fn one_character_names_are_not_auto_linked() {
    let site = Site::new(&[
        ("content/value.md", &term("値", "reading: あたい", "本文。")),
        ("content/page.md", &term("ページ", "", "この値は大きい。")),
    ]);
    site.build();
    let body = page_body(&site);
    assert!(body.contains("この値は大きい。"), "{body}");
    assert!(!body.contains("term-auto"), "{body}");
}

#[test]
fn a_name_shared_by_two_terms_is_not_auto_linked() {
    let site = Site::new(&[
        (
            "content/one.md",
            &term("ワン", "aliases: [共有名]", "本文。"),
        ),
        (
            "content/two.md",
            &term("ツー", "aliases: [共有名]", "本文。"),
        ),
        (
            "content/page.md",
            &term("ページ", "", "ここで共有名を使う。"),
        ),
    ]);
    site.build();
    let body = page_body(&site);
    assert!(body.contains("ここで共有名を使う。"), "{body}");
    assert!(!body.contains("term-auto"), "{body}");
}

#[test]
fn autolink_false_in_front_matter_turns_it_off_for_that_term_only() {
    let site = Site::new(&[
        ("content/cdp.md", &term("CDP", "", "本文。")),
        (
            "content/off.md",
            &term("オフ", "autolink: false", "CDPを使う。"),
        ),
        ("content/on.md", &term("オン", "", "CDPを使う。")),
    ]);
    site.build();
    let off = without_titles(term_body(&site.page("terms/off/index.html")));
    assert!(off.contains("CDPを使う。"), "{off}");
    assert!(!off.contains("term-auto"), "{off}");
    let on = without_titles(term_body(&site.page("terms/on/index.html")));
    assert!(
        on.contains("<a class=\"term-auto\" href=\"/terms/cdp/\">CDP</a>"),
        "{on}"
    );
}

#[test]
fn autolink_false_in_config_turns_it_off_site_wide() {
    let site = Site::with_config(
        &format!("{CONFIG}autolink: false\n"),
        &[
            ("content/cdp.md", &term("CDP", "", "オンを使う。")),
            ("content/on.md", &term("オン", "", "CDPを使う。[[cdp]]も。")),
        ],
    );
    site.build();
    let on = without_titles(term_body(&site.page("terms/on/index.html")));
    assert!(!on.contains("term-auto"), "{on}");
    // References still link.
    assert!(
        on.contains("class=\"term-ref\" href=\"/terms/cdp/\""),
        "{on}"
    );
    let cdp = term_body(&site.page("terms/cdp/index.html")).to_string();
    assert!(!cdp.contains("term-auto"), "{cdp}");
}

// ---------------------------------------------------------------------------------------
// Backlinks and graph.json

fn backlink_site() -> Site {
    Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "tags: [x]", "基本の用語。"),
        ),
        (
            "content/b.md",
            &term("ベータ", "tags: [x]", "[[a]]を参照する。"),
        ),
        (
            "content/d.md",
            &term("デルタ", "tags: [x]", "アルファに触れる。"),
        ),
        (
            "content/c.md",
            &term("ガンマ", "tags: [x]", "無関係の用語。"),
        ),
    ])
}

#[test]
fn backlinks_list_referencing_and_mentioning_terms_only() {
    let site = backlink_site();
    site.build();
    let html = site.page("terms/a/index.html");
    let back = section(&html, "backlinks").expect("a backlinks section");
    assert!(back.contains("href=\"/terms/b/\""), "{back}");
    assert!(back.contains("href=\"/terms/d/\""), "{back}");
    assert!(!back.contains("href=\"/terms/c/\""), "{back}");
    // C is referenced by nobody: no backlinks section at all.
    let c = site.page("terms/c/index.html");
    assert!(section(&c, "backlinks").is_none(), "{c}");
}

#[test]
fn graph_json_has_every_term_and_link_and_related_edges() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "tags: [x]\nrelated: [c]", "基本の用語。"),
        ),
        (
            "content/b.md",
            &term("ベータ", "tags: [x]", "[[a]]を参照する。"),
        ),
        (
            "content/c.md",
            &term("ガンマ", "tags: [y]", "無関係の用語。"),
        ),
    ]);
    site.build();
    let json = site.page("graph.json");
    let (slugs, edges) = common::graph_edges(&json);
    assert_eq!(slugs, ["a", "c", "b"], "site order (あ, が, べ): {json}");
    let has = |s: &str, t: &str, k: &str| edges.contains(&(s.into(), t.into(), k.into()));
    assert!(has("b", "a", "link"), "{json}");
    assert!(has("a", "c", "related"), "{json}");
    assert!(!has("c", "a", "link"), "{json}");
}

#[test]
fn graph_json_is_the_same_on_every_build() {
    let site = backlink_site();
    site.build();
    let first = site.page("graph.json");
    site.build();
    assert_eq!(site.page("graph.json"), first);
}

// ---------------------------------------------------------------------------------------
// glossgen check

#[test]
fn check_passes_a_good_site_and_writes_nothing() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "tags: [x]", "[[b]]を参照。"),
        ),
        (
            "content/b.md",
            &term("ベータ", "tags: [x]", "[[a]]を参照。"),
        ),
    ]);
    site.check().expect(0);
    assert!(!site.out().exists());
    let entries: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut entries = entries;
    entries.sort();
    assert_eq!(entries, vec!["config.yaml", "content"]);
}

#[test]
fn check_fails_on_an_unresolved_reference() {
    let site = Site::new(&[(
        "content/a.md",
        "---\ntitle: アルファ\ntags: [x]\n---\n\n[[nope]]を参照。\n",
    )]);
    let run = site.check().expect(1);
    assert!(
        run.lines_with("content/a.md:6")
            .iter()
            .any(|l| l.contains("error") && l.contains("nope")),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
}

#[test]
fn check_warns_about_a_term_without_tags_or_categories() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "tags: [x]", "[[b]]を参照。"),
        ),
        ("content/b.md", &term("ベータ", "", "[[a]]を参照。")),
    ]);
    let run = site.check().expect(0);
    assert!(
        run.lines_with("content/b.md")
            .iter()
            .any(|l| l.contains("warning") && l.contains("tags")),
        "{}",
        run.stderr
    );
    assert!(
        !run.lines_with("content/a.md")
            .iter()
            .any(|l| l.contains("tags")),
        "{}",
        run.stderr
    );
}

#[test]
fn check_warns_about_an_orphan() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "tags: [x]", "[[b]]を参照。"),
        ),
        (
            "content/b.md",
            &term("ベータ", "tags: [x]", "[[a]]を参照。"),
        ),
        (
            "content/lonely.md",
            &term("ロンリー", "tags: [x]", "誰とも関係しない。"),
        ),
    ]);
    let run = site.check().expect(0);
    assert!(
        run.lines_with("content/lonely.md")
            .iter()
            .any(|l| l.contains("warning") && l.contains("orphan")),
        "{}",
        run.stderr
    );
    assert!(
        !run.lines_with("content/a.md")
            .iter()
            .any(|l| l.contains("orphan")),
        "{}",
        run.stderr
    );
}
