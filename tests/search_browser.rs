//! The theme's search in a real browser (headless Chromium) on the example site: kanji names
//! are found by their kana reading, by romaji (Hepburn and kunrei, long vowels in any
//! spelling) and by half-width katakana. Skips with a message when Chromium is absent.

mod common;

use std::path::Path;

use common::browser::{chromium, dump_dom, serve_example_site};
use common::*;

/// Term URLs of the search results, in the order shown.
fn result_urls(dom: &str) -> Vec<String> {
    let list = between(dom, "<ol class=\"search-list\">", "</ol>");
    list.split("class=\"result-title\" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn search_finds_kanji_names_by_kana_romaji_and_half_width_katakana() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (_site, base) = serve_example_site();

    // LTV, CAC, CRM and CDP have kanji aliases starting with 顧客 (こきゃく); 顧客満足度 is a
    // title. All are name matches, so they come before NPS, which only has a 顧客… tag.
    let customer = ["ltv", "cac", "crm", "cdp", "csat"];
    for query in ["こきゃく", "コキャク", "ｺｷｬｸ", "kokyaku", "KOKYAKU"] {
        let dom = dump_dom(&chromium, &format!("{base}search/?q={query}"));
        let urls = result_urls(&dom);
        let nps = urls.iter().position(|u| u == "/terms/nps/");
        for slug in customer {
            let at = urls.iter().position(|u| *u == format!("/terms/{slug}/"));
            assert!(at.is_some(), "{query}: no {slug} in {urls:?}");
            assert!(
                at < nps || nps.is_none(),
                "{query}: {slug} after NPS: {urls:?}"
            );
        }
        assert!(nps.is_some(), "{query}: tag readings match too: {urls:?}");
    }
    // Hepburn, kunrei and long vowels: 直帰率 (ちょっきりつ), 顧客生涯価値 (…しょうがい…).
    for (query, slug) in [
        ("chokkiritsu", "bounce-rate"),
        ("tyokkiritu", "bounce-rate"),
        ("shougai", "ltv"),
        ("shōgai", "ltv"),
        ("syogai", "ltv"),
        ("ekkyou", "cross-border-ec"),
        ("ekkyo", "cross-border-ec"),
    ] {
        let urls = result_urls(&dump_dom(&chromium, &format!("{base}search/?q={query}")));
        assert!(
            urls.contains(&format!("/terms/{slug}/")),
            "{query}: no {slug} in {urls:?}"
        );
    }
    // An exact name comes first.
    let urls = result_urls(&dump_dom(&chromium, &format!("{base}search/?q=LTV")));
    assert_eq!(urls.first().map(String::as_str), Some("/terms/ltv/"));
}

#[test]
fn romaji_conversion_in_the_theme_script() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        repo.join("themes/default/static/glossgen.js"),
        dir.path().join("glossgen.js"),
    )
    .expect("copy script");
    let cases: &[(&str, &str)] = &[
        ("kokyaku", "こきゃく"),
        ("shiharai", "しはらい"),
        ("siharai", "しはらい"),
        ("chokkiritsu", "ちょっきりつ"),
        ("tyokkiritu", "ちょっきりつ"),
        ("jyouhou", "じょうほう"),
        ("zyouhou", "じょうほう"),
        ("fukyuu", "ふきゅう"),
        ("hukyuu", "ふきゅう"),
        ("kanri", "かんり"),
        ("shinbun", "しんぶん"),
        ("kan'i", "かんい"),
        ("matcha", "まっちゃ"),
        ("kōkoku", "こうこく"),
        ("kokyak", "こきゃ"),
        ("ltv", ""),
    ];
    let loose: &[(&str, &str)] = &[
        ("こうこく", "ここく"),
        ("こおこく", "ここく"),
        ("こーこく", "ここく"),
        ("ちょっきりつ", "ちょっきりつ"),
        ("ぢづを", "じずお"),
    ];
    let mut page = String::from("<!doctype html><meta charset=utf-8><script src=glossgen.js></script><pre id=out></pre><script>var g = window.glossgenSearch, r = [];\n");
    for (q, _) in cases {
        page.push_str(&format!("r.push(g.toKana({q:?}));\n"));
    }
    for (q, _) in loose {
        page.push_str(&format!("r.push(g.loose({q:?}));\n"));
    }
    page.push_str("r.push(g.norm('ｺｷｬｸ'));\ndocument.getElementById('out').textContent = r.join('|');</script>");
    std::fs::write(dir.path().join("t.html"), page).expect("write page");
    let dom = dump_dom(
        &chromium,
        &format!("file://{}", dir.path().join("t.html").display()),
    );
    let got = between(&dom, "<pre id=\"out\">", "</pre>");
    let want: Vec<&str> = cases
        .iter()
        .chain(loose)
        .map(|(_, w)| *w)
        .chain(["こきゃく"])
        .collect();
    assert_eq!(got, want.join("|"));
}
