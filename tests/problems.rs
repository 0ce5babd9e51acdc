//! What a writer reads when something is wrong: each problem names its file and line, in the
//! words `src/diagnostics.rs` gives it.

mod common;

use common::{term, Site, CONFIG};

/// The `error:`/`warning:` lines of a run's stderr, in order.
fn problem_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

#[test]
fn config_problems_point_at_the_line_of_their_key() {
    let config =
        "title: 用語集\nbase_url: example.com\nlanguage: ja\npaginate: 0\nsumary_length: 3\n";
    let site = Site::with_config(config, &[("content/a.md", &term("アルファ", "", "本文。"))]);
    let run = site.build_fails();
    assert_eq!(
        problem_lines(&run.stderr),
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
        problem_lines(&run.stderr),
        [
            "content/a.md:4: error: tag or category `!!!` has no letters or digits, so it has no URL",
            "content/b.md:4: error: slug `a` is already used by content/a.md",
        ]
    );
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
        problem_lines(&run.stderr),
        [
            "content/a.md:1: warning: the name `共有` is used by several terms (content/a.md, content/b.md): it is never auto-linked and [[共有]] is ambiguous",
            "content/a.md:1: warning: the term has no tags and no categories",
        ]
    );
}
