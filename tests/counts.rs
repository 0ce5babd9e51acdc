//! Term counts in the UI take the singular in English ("1 term", "2 terms") and stay 件 in
//! Japanese: tag and category pages and lists, and the search's result count (in headless
//! Chromium; that part skips with a message when Chromium is absent).

mod common;

use common::browser::{chromium, dump_dom, serve_dir};
use common::*;

const EN_CONFIG: &str = "title: Counts\nbase_url: https://example.com/\nlanguage: en\n";

/// `solo` and the category `Single` hold one term; `pair` and `Double` two.
fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            "content/alpha.md",
            term(
                "Alpha",
                "tags: [solo, pair]\ncategories: [Single]",
                "Alpha body.",
            ),
        ),
        (
            "content/beta.md",
            term("Beta", "tags: [pair]\ncategories: [Double]", "Beta body."),
        ),
        (
            "content/gamma.md",
            term("Gamma", "categories: [Double]", "Gamma body."),
        ),
    ]
}

fn site(config: &str) -> Site {
    let files = files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Site::with_config(config, &borrowed)
}

/// The text of the first `<p class="taxonomy-count">` of a page.
fn taxonomy_count(html: &str) -> &str {
    between(html, "<p class=\"taxonomy-count\">", " &middot;")
}

#[test]
fn english_counts_take_the_singular_for_one_term() {
    let site = site(EN_CONFIG);
    site.build().expect(0);
    assert_eq!(taxonomy_count(&site.page("tags/solo/index.html")), "1 term");
    assert_eq!(
        taxonomy_count(&site.page("tags/pair/index.html")),
        "2 terms"
    );
    let tags = site.page("tags/index.html");
    assert!(
        tags.contains("solo</span> <span class=\"count\">1 term</span>"),
        "{tags}"
    );
    assert!(
        tags.contains("pair</span> <span class=\"count\">2 terms</span>"),
        "{tags}"
    );
    assert_eq!(count(&tags, "1 terms"), 0);
    let home = site.page("index.html");
    assert!(home.contains("1 term</span>"), "{home}");
    assert!(home.contains("2 terms</span>"), "{home}");
    assert_eq!(count(&home, "1 terms"), 0);
    let alpha = site.page("terms/alpha/index.html");
    assert_eq!(count(&alpha, "1 terms"), 0);
}

#[test]
fn japanese_counts_keep_one_form() {
    let site = site(CONFIG);
    site.build().expect(0);
    assert_eq!(taxonomy_count(&site.page("tags/solo/index.html")), "1件");
    assert_eq!(taxonomy_count(&site.page("tags/pair/index.html")), "2件");
}

/// The search's "Search results: N term(s)" line.
fn search_status(dom: &str) -> &str {
    between(dom, "<p class=\"search-status\">", "</p>")
}

#[test]
fn english_search_counts_take_the_singular_for_one_result() {
    let Some(chromium) = chromium() else {
        return;
    };
    let site = site(EN_CONFIG);
    let out = tempfile::tempdir().expect("temp dir");
    let base = format!("http://127.0.0.1:{}/", serve_dir(out.path()));
    build_into(site.root(), out.path(), &["--base-url", &base]).expect(0);
    let one = dump_dom(&chromium, &format!("{base}search/?q=gamma"));
    assert!(search_status(&one).ends_with(" 1 term"), "{one}");
    let two = dump_dom(&chromium, &format!("{base}search/?q=a"));
    let status = search_status(&two);
    assert!(
        status.ends_with(" terms") && !status.ends_with(" 1 terms"),
        "{status}"
    );
}
