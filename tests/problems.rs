//! What a writer reads when something is wrong: each problem names its file and line, in the
//! words `src/diagnostics.rs` gives it.

mod common;

use common::{term, Site, CONFIG};

#[test]
fn config_problems_point_at_the_line_of_their_key() {
    let config =
        "title: 用語集\nbase_url: example.com\nlanguage: ja\npaginate: 0\nsumary_length: 3\n";
    let site = Site::with_config(config, &[("content/a.md", &term("アルファ", "", "本文。"))]);
    let run = site.build_fails();
    assert_eq!(
        run.problem_lines(),
        [
            "config.yaml:2: error: `base_url` must be an absolute URL such as `https://example.com/`, not `example.com`",
            "config.yaml:4: error: `paginate` must be at least 1",
            "config.yaml:5: warning: unknown key `sumary_length` (did you mean `summary_length`?)",
        ]
    );
}

#[test]
fn model_problems_point_at_the_line_of_their_key() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term("アルファ", "reading: あるふぁ\ntags: [\"!!!\"]", "本文。"),
        ),
        (
            "content/b.md",
            &term("ベータ", "reading: べーた\nslug: a", "本文。"),
        ),
    ]);
    let run = site.build_fails();
    assert_eq!(
        run.problem_lines(),
        [
            "content/a.md:4: error: tag or category `!!!` has no letters or digits, so it has no URL",
            "content/b.md:4: error: slug `a` is already used by content/a.md",
        ]
    );
}

#[test]
fn a_translation_on_a_site_of_one_language_is_named_as_such() {
    // Not "slug `ltv` is already used": the writer made a translation, and the site has
    // no second language yet.
    let site = Site::new(&[
        ("content/ltv.md", &term("顧客生涯価値", "", "本文。")),
        ("content/ltv.en.md", &term("Lifetime value", "", "Body.")),
    ]);
    let run = site.build_fails();
    assert_eq!(
        run.problem_lines(),
        ["content/ltv.en.md: error: this file is a `en` translation, but `en` is not in `languages` in config.yaml (languages: ja)"]
    );
    // A file name with a dot and its own slug is a term, as it always was.
    std::fs::remove_file(site.root().join("content/ltv.en.md")).unwrap();
    site.write(
        "content/node.js.md",
        &term("Node.js", "slug: nodejs", "本文。"),
    );
    site.build();
    assert!(site.out().join("terms/nodejs/index.html").is_file());
}

#[test]
fn check_lints_point_at_the_front_matter() {
    let site = Site::with_config(
        CONFIG,
        &[
            (
                "content/a.md",
                &term("アルファ", "reading: あるふぁ\naliases: [共有]", "本文。"),
            ),
            (
                "content/b.md",
                &term(
                    "ベータ",
                    "reading: べーた\naliases: [共有]\ntags: [x]",
                    "[[a]]",
                ),
            ),
        ],
    );
    let run = site.check();
    assert_eq!(
        run.problem_lines(),
        [
            "content/a.md:1: warning: the name `共有` is used by several terms (content/a.md, content/b.md): it is never auto-linked and [[共有]] is ambiguous",
            "content/a.md:1: warning: the term has no tags and no categories",
        ]
    );
}

#[test]
fn front_matter_value_problems_say_what_is_wrong_and_where() {
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "アルファ",
            "reading: あるふぁ\ndate: 2023-02-29\nredirect_from: [old/a]\nstatus: Completed",
            "本文。",
        ),
    )]);
    let run = site.build_fails();
    assert_eq!(
        run.problem_lines(),
        [
            "content/a.md:4: error: `date`: `2023-02-29` is not a date (there is no such day in that month): write YYYY-MM-DD or an RFC 3339 date-time such as 2024-04-01T10:00:00+09:00",
            "content/a.md:5: error: redirect_from `old/a` must be a site path starting with `/`",
            "content/a.md:6: warning: `status`: `Completed` is not a terminology status, so the term counts as preferred: write `preferred` or `deprecated`",
        ]
    );
}

#[test]
fn shortcode_syntax_problems_point_at_the_call() {
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "アルファ",
            "reading: あるふぁ",
            "本文。\n\n{{ callout(kind=\"note\", kind=\"x\") }}",
        ),
    )]);
    let run = site.build_fails();
    assert_eq!(
        run.problem_lines(),
        ["content/a.md:8: error: shortcode `callout`: `kind` is given twice"]
    );
}

#[test]
fn names_that_lead_nowhere_point_at_their_key() {
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "アルファ",
            "reading: あるふぁ\nrelated: [nobody]\nauthor: ghost",
            "本文。",
        ),
    )]);
    let run = site.build_fails();
    assert_eq!(
        run.problem_lines(),
        [
            "content/a.md:4: error: `related` names `nobody`, which is not a term",
            "content/a.md:5: error: `author` names `ghost`, which is not in `authors` in config.yaml",
        ]
    );
}

#[test]
fn a_redirect_onto_another_page_points_at_redirect_from() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term(
                "アルファ",
                "reading: あるふぁ\nredirect_from: [/terms/b/]",
                "本文。",
            ),
        ),
        ("content/b.md", &term("ベータ", "reading: べーた", "本文。")),
    ]);
    let run = site.build_fails();
    assert_eq!(
        run.problem_lines(),
        ["content/a.md:4: error: `redirect_from`: `/terms/b/` would be written to `terms/b/index.html`, which is already the page of term `b`"]
    );
}
