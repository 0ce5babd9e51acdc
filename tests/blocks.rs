//! The reader blocks of term pages (`blocks:` and `publisher:` in config.yaml): glossary
//! series, featured terms, publisher box, CTA banners, English name, previous/next,
//! table of contents, reading time, neighbourhood; the term map page; the home page.

mod common;

use common::{between, section, term, Site};

const CONFIG: &str =
    "title: テスト用語集\nbase_url: https://example.com/\nlanguage: ja\nminify: false\n";

const CTA: &str = "extra:\n  cta:\n    consult:\n      text: 無料で相談する\n      url: https://company.example/contact/\n";

fn site(extra_config: &str) -> Site {
    let config = format!("{CONFIG}{extra_config}");
    Site::with_config(
        &config,
        &[
            (
                "content/ltv.md",
                &term(
                    "LTV",
                    "english: Customer Lifetime Value\naliases: [顧客生涯価値]\ncategories: [指標用語集]\nfeatured: true\nweight: 1",
                    "LTVは顧客生涯価値です。[[cac]]と比べます。\n\n## 計算方法\n\n式です。\n\n```\nLTV = 平均購入単価 × 購入頻度 × 継続期間\n```\n\n## 使い方\n\n本文。\n\n### 注意点\n\n本文。",
                ),
            ),
            (
                "content/cac.md",
                &term(
                    "CAC",
                    "en_name: Customer Acquisition Cost\ncategories: [指標用語集]\nweight: 2",
                    "顧客獲得コスト。",
                ),
            ),
            (
                "content/arpu.md",
                &term("ARPU", "categories: [指標用語集]\nweight: 3", "平均収益。"),
            ),
            (
                "content/ugc.md",
                &term(
                    "UGC",
                    "categories: [ソーシャル用語集]\nfeatured: true",
                    "ユーザー生成コンテンツ。",
                ),
            ),
        ],
    )
}

#[test]
fn series_lists_every_category_and_marks_the_current_one() {
    let s = site("blocks:\n  series: true\n");
    s.build();
    let html = s.page("terms/cac/index.html");
    let series = section(&html, "series").expect("series block");
    assert!(
        series.contains("指標用語集") && series.contains("ソーシャル用語集"),
        "{series}"
    );
    let current = between(series, "aria-current=\"true\"", "</a>");
    assert!(current.contains("指標用語集"), "{series}");
    assert_eq!(series.matches("aria-current").count(), 1, "{series}");
}

#[test]
fn english_name_shows_beside_the_title_not_among_the_aliases() {
    let s = site("");
    s.build();
    let html = s.page("terms/ltv/index.html");
    let h1 = between(&html, "<h1>", "</h1>");
    assert!(
        h1.contains("<span class=\"term-english\" lang=\"en\">Customer Lifetime Value</span>"),
        "{h1}"
    );
    let names = between(&html, "<dl class=\"term-names\">", "</dl>");
    assert!(!names.contains("Customer Lifetime Value"), "{names}");
    // `en_name` is the same key; the English name is also a name links and search find.
    assert!(s
        .page("terms/cac/index.html")
        .contains(">Customer Acquisition Cost</span>"));
    assert!(s
        .page("search-index.json")
        .contains("Customer Acquisition Cost"));
}

#[test]
fn featured_terms_show_on_other_term_pages_and_not_on_their_own() {
    let s = site("");
    s.build();
    let arpu = s.page("terms/arpu/index.html");
    let featured = section(&arpu, "featured-terms").expect("featured block");
    assert!(
        featured.contains("/terms/ltv/") && featured.contains("/terms/ugc/"),
        "{featured}"
    );
    let ltv = s.page("terms/ltv/index.html");
    let own = section(&ltv, "featured-terms").expect("featured block");
    assert!(!own.contains("/terms/ltv/"), "{own}");
}

#[test]
fn previous_and_next_follow_the_category_order() {
    let s = site("");
    s.build();
    let cac = s.page("terms/cac/index.html");
    let nav = between(&cac, "<nav class=\"term-nav\"", "</nav>");
    assert!(nav.contains("rel=\"prev\" href=\"/terms/ltv/\""), "{nav}");
    assert!(nav.contains("rel=\"next\" href=\"/terms/arpu/\""), "{nav}");
    let ltv = s.page("terms/ltv/index.html");
    let nav = between(&ltv, "<nav class=\"term-nav\"", "</nav>");
    assert!(
        !nav.contains("rel=\"prev\""),
        "first in its category: {nav}"
    );
    // The only term of its category has no neighbours.
    assert!(!s
        .page("terms/ugc/index.html")
        .contains("class=\"term-nav\""));
}

#[test]
fn long_terms_get_a_table_of_contents_and_every_term_a_reading_time() {
    let s = site("");
    s.build();
    let ltv = s.page("terms/ltv/index.html");
    let toc = between(&ltv, "<nav class=\"toc\"", "</nav>");
    for (id, title) in [
        ("計算方法", "計算方法"),
        ("使い方", "使い方"),
        ("注意点", "注意点"),
    ] {
        assert!(
            toc.contains(&format!("href=\"#{id}\">{title}</a>")),
            "{toc}"
        );
    }
    assert!(ltv.contains("読了目安: 1分"), "reading time");
    // Three headings are the default minimum: a short term has no contents box.
    assert!(!s.page("terms/cac/index.html").contains("class=\"toc\""));
}

#[test]
fn code_blocks_can_be_scrolled_by_keyboard() {
    let s = site("");
    s.build();
    let ltv = s.page("terms/ltv/index.html");
    assert!(
        ltv.contains("<pre tabindex=\"0\" role=\"group\" aria-label=\"コード\">"),
        "{ltv}"
    );
}

#[test]
fn neighbourhood_lists_the_links_and_points_to_the_term_map() {
    let s = site("");
    s.build();
    let ltv = s.page("terms/ltv/index.html");
    let block = section(&ltv, "neighbourhood").expect("neighbourhood block");
    assert!(block.contains("href=\"/terms/cac/\""), "{block}");
    assert!(block.contains("href=\"/graph/?term=ltv\""), "{block}");
}

#[test]
fn publisher_and_cta_banners_come_from_config() {
    let s = site(&format!(
        "publisher:\n  name: 株式会社サンプル\n  description: 架空の会社です。\n  url: https://company.example/about/\nblocks:\n  cta: [consult]\n{CTA}"
    ));
    s.build();
    for page in ["terms/ltv/index.html", "terms/ugc/index.html"] {
        let html = s.page(page);
        let publisher = between(&html, "<aside class=\"publisher-box\"", "</aside>");
        assert!(publisher.contains(">株式会社サンプル</a>"), "{publisher}");
        assert!(publisher.contains("架空の会社です。"), "{publisher}");
        let cta = between(&html, "<div class=\"cta-banners\">", "</a>");
        assert!(
            cta.contains("href=\"https://company.example/contact/\""),
            "{cta}"
        );
        assert!(cta.contains("無料で相談する"), "{cta}");
    }
}

#[test]
fn a_cta_banner_missing_from_extra_is_a_config_error() {
    let s = site("blocks:\n  cta: [nothing]\n");
    let run = s.build_fails();
    assert!(
        run.stderr.contains("config.yaml") && run.stderr.contains("extra.cta.nothing"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_block_can_be_turned_off() {
    let s = site(&format!(
        "publisher:\n  name: 株式会社サンプル\nblocks:\n  series: false\n  featured: false\n  publisher: false\n  english: false\n  prev_next: false\n  toc: false\n  reading_time: false\n  neighbourhood: false\n{CTA}"
    ));
    s.build();
    let ltv = s.page("terms/ltv/index.html");
    for absent in [
        "class=\"series\"",
        "class=\"featured-terms\"",
        "publisher-box",
        "term-english",
        "class=\"term-nav\"",
        "class=\"toc\"",
        "読了目安",
        "class=\"neighbourhood\"",
        "cta-banners",
    ] {
        assert!(!ltv.contains(absent), "{absent} still shown");
    }
}

#[test]
fn unknown_block_keys_are_errors_with_the_key() {
    let s = site("blocks:\n  serie: true\n");
    let run = s.build_fails();
    assert!(run.stderr.contains("serie"), "{}", run.stderr);
}

#[test]
fn home_page_does_not_repeat_featured_cards_under_recent() {
    let s = Site::with_config(
        CONFIG,
        &[
            (
                "content/a.md",
                &term("アルファ", "featured: true\ndate: 2025-01-02", "本文。"),
            ),
            (
                "content/b.md",
                &term("ベータ", "date: 2025-01-01", "本文。"),
            ),
        ],
    );
    s.build();
    let home = s.page("index.html");
    let featured = between(&home, "id=\"home-featured\"", "</section>");
    assert!(featured.contains("/terms/a/"), "{home}");
    let recent_block = between(&home, "id=\"home-recent\"", "</section>");
    assert!(!recent_block.contains("/terms/a/"), "{recent_block}");
    assert!(recent_block.contains("/terms/b/"), "{recent_block}");
    // The home's categories block and the footer's are two landmarks with different names.
}

#[test]
fn term_map_page_loads_graph_json_with_its_script() {
    let s = site("");
    s.build();
    let html = s.page("graph/index.html");
    assert!(html.contains("<h1>用語マップ</h1>"), "{html}");
    assert!(html.contains("data-graph=\"/graph.json\""), "{html}");
    let script = format!("graph.{}", between(&html, "<script src=\"/graph.", "\""));
    assert!(script.ends_with(".js"), "{script}");
    assert!(s.exists(&script), "{script} not written");
    assert!(
        html.contains("href=\"/graph/\" aria-current=\"page\""),
        "nav link"
    );
}

#[test]
fn series_is_off_by_default() {
    let s = site("");
    s.build();
    assert!(section(&s.page("terms/cac/index.html"), "series").is_none());
}
