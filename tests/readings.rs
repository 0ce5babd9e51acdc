//! Derived readings as a writer and a reader see them: 五十音 order of kanji tags and titles
//! without `reading:`, the search index, `new`, `check`, and ambiguous references.

mod common;

use common::*;

/// Tags of the example site, given in code-point-ish order, and the same tags in 五十音 order
/// of their readings (いんふるえんさー, くちこみ, こきゃくでーた, じぎょうけいかく, しゅうえき,
/// ぶんせき, ようごしゅう), Latin last.
const TAGS: &str =
    "tags: [事業計画, 分析, 収益, 口コミ, 用語集, 顧客データ, SEO, インフルエンサー]";
const TAGS_IN_ORDER: [&str; 8] = [
    "インフルエンサー",
    "口コミ",
    "顧客データ",
    "事業計画",
    "収益",
    "分析",
    "用語集",
    "SEO",
];

#[test]
fn tags_page_lists_kanji_tags_in_gojuon_order() {
    let site = Site::new(&[("content/ltv.md", &term("LTV", TAGS, "本文。"))]);
    site.build();
    let list = site.page("tags/index.html");
    let names: Vec<String> = TAGS_IN_ORDER
        .iter()
        .map(|t| format!("<span class=\"series-name\">{t}</span>"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_in_order(&list, &names);
    // The footer's tag list (on every page but term pages) uses the same order.
    let home = site.page("index.html");
    let footer = between(&home, "<footer", "</footer>");
    assert_in_order(footer, &["口コミ", "事業計画", "分析", "SEO"]);
}

#[test]
fn kanji_titles_without_reading_sort_and_group_by_derived_reading() {
    let site = Site::new(&[
        ("content/ltv.md", &term("顧客生涯価値", "", "本文。")),
        ("content/exit.md", &term("離脱率", "", "本文。")),
        ("content/aov.md", &term("客単価", "", "本文。")),
        ("content/cb.md", &term("越境EC", "", "本文。")),
        ("content/cart.md", &term("カート", "", "本文。")),
        // The writer's reading wins over the derived one (こきゃく…).
        ("content/own.md", &term("顧客体験", "reading: わ", "本文。")),
    ]);
    let run = site.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let index = site.page("terms/index.html");
    // えっきょう < かーと < きゃくたんか < こきゃく… < りだつりつ < わ
    assert_in_order(
        &index,
        &[
            "id=\"row-a\"",
            "/terms/cb/",
            "id=\"row-ka\"",
            "/terms/cart/",
            "/terms/aov/",
            "/terms/ltv/",
            "id=\"row-ra\"",
            "/terms/exit/",
            "id=\"row-wa\"",
            "/terms/own/",
        ],
    );
    assert!(!index.contains("id=\"other\""), "{index}");
}

#[test]
fn search_index_carries_kana_readings_of_kanji_names_tags_and_categories() {
    let site = Site::new(&[(
        "content/ltv.md",
        &term(
            "LTV",
            "aliases: [顧客生涯価値, Lifetime Value]\ntags: [収益, SaaS]\ncategories: [指標用語集]",
            "本文。",
        ),
    )]);
    site.build();
    let index: serde_json::Value =
        serde_json::from_str(&site.page("search-index.json")).expect("JSON");
    let entry = &index[0];
    assert_eq!(
        entry["readings"],
        serde_json::json!(["こきゃくしょうがいかち"])
    );
    assert_eq!(
        entry["tag_readings"],
        serde_json::json!(["しゅうえき", "しひょうようごしゅう"])
    );
    assert_eq!(entry["categories"], serde_json::json!(["指標用語集"]));
    // Contract keys are unchanged.
    assert_eq!(entry["tags"], serde_json::json!(["収益", "SaaS"]));
    assert_eq!(entry["reading"], "");
}

#[test]
fn new_writes_the_derived_reading() {
    let site = Site::new(&[]);
    let run = site
        .run("new", &["顧客生涯価値", "--slug", "ltv"])
        .expect(0);
    let text = std::fs::read_to_string(site.root().join("content/ltv.md")).expect("written");
    assert!(
        text.contains("\nreading: こきゃくしょうがいかち\n"),
        "{text}\n{}",
        run.stderr
    );
    // A title read partly by guess says so; the file still builds.
    site.run("new", &["直帰率", "--slug", "bounce"]).expect(0);
    let text = std::fs::read_to_string(site.root().join("content/bounce.md")).expect("written");
    assert!(text.contains("# a guess: check it"), "{text}");
    site.build();
}

#[test]
fn check_lists_guessed_readings_with_the_reading_it_uses() {
    let site = Site::new(&[(
        "content/bounce.md",
        &term(
            "直帰率",
            "aliases: [直帰, 龘値]\ntags: [直帰分析, 指標]",
            "本文。",
        ),
    )]);
    let run = site.check().expect(0);
    let lines = run.lines_with("content/bounce.md");
    let said = |what: &str, name: &str| {
        lines.iter().any(|l| {
            l.contains("warning")
                && l.contains(&format!("the {what} `{name}` is read `"))
                && l.contains("a guess")
        })
    };
    assert!(said("title", "直帰率"), "{}", run.stderr);
    assert!(said("alias", "直帰"), "{}", run.stderr);
    // A kanji with no reading at all stays as written in the reading.
    assert!(
        run.stderr.contains("`龘値` is read `龘ち`"),
        "{}",
        run.stderr
    );
    assert!(said("tag", "直帰分析"), "{}", run.stderr);
    assert!(!said("tag", "指標"), "{}", run.stderr);
    assert!(
        run.stderr.contains("add `reading: <kana>`"),
        "{}",
        run.stderr
    );
    // A reading given by the writer is not second-guessed.
    site.write(
        "content/bounce.md",
        &term("直帰率", "reading: ちょっきりつ", "本文。"),
    );
    let run = site.check().expect(0);
    assert!(!run.stderr.contains("a guess"), "{}", run.stderr);
}

#[test]
fn a_slug_that_is_also_another_terms_name_is_ambiguous_in_build_and_check() {
    let site = Site::new(&[
        ("content/テスト.md", &term("テスト", "", "本文。")),
        (
            "content/load.md",
            &term("負荷テスト", "aliases: [テスト]", "本文。"),
        ),
        ("content/memo.md", &term("メモ", "", "[[テスト]]を見る。")),
    ]);
    for run in [site.build_fails(), site.check().expect(1)] {
        let line = run
            .lines_with("content/memo.md")
            .into_iter()
            .find(|l| l.contains("error") && l.contains("ambiguous"))
            .unwrap_or_else(|| panic!("no ambiguity error:\n{}", run.stderr))
            .to_string();
        assert!(line.contains("content/テスト.md"), "{line}");
        assert!(line.contains("content/load.md"), "{line}");
    }
}
