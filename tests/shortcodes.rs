//! Shortcodes in term bodies (CONTRACT §8): what a reader sees on the built page, and the
//! errors a writer sees with file and line.

mod common;

use common::{term, term_body, Site};

const CTA_CONFIG: &str = "title: テスト用語集\nbase_url: https://example.com/\nlanguage: ja\nextra:\n  cta:\n    trial:\n      text: 無料で試す\n      url: https://shop.example.org/trial\n      image: /banner.png\n";

#[test]
fn callout_figure_and_cta_expand_on_the_term_page() {
    let site = Site::with_config(
        CTA_CONFIG,
        &[
            (
                "content/ltv/index.md",
                &term(
                    "LTV",
                    "",
                    "前書き。\n\n{% callout(kind=\"warning\") %}\n**大事**: [[cac]]と比べる。\n{% end %}\n\n{{ figure(src=\"chart.png\", alt=\"推移\", caption=\"LTVの推移\") }}\n\n{{ cta(id=\"trial\") }}\n",
                ),
            ),
            ("content/cac.md", &term("CAC", "", "顧客獲得コスト。")),
        ],
    );
    site.write_bytes("content/ltv/chart.png", b"\x89PNG\r\n\x1a\n");
    site.write_bytes("static/banner.png", b"\x89PNG\r\n\x1a\n");
    site.build();
    let html = site.page("terms/ltv/index.html");
    let body = term_body(&html);
    assert!(
        body.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-label\">注意</p>"),
        "{body}"
    );
    // The body is Markdown, with references, inside the callout.
    assert!(body.contains("<strong>大事</strong>"), "{body}");
    assert!(body.contains("href=\"/terms/cac/\""), "{body}");
    assert!(
        !body.contains("<p><div"),
        "a block is not put inside a paragraph: {body}"
    );
    assert!(
        body.contains("<figure class=\"figure\"><img src=\"chart.png\" alt=\"推移\""),
        "{body}"
    );
    assert!(
        body.contains("<figcaption>LTVの推移</figcaption>"),
        "{body}"
    );
    assert!(
        body.contains("<a class=\"cta-link\" href=\"https://shop.example.org/trial\">"),
        "{body}"
    );
    assert!(
        body.contains("<span class=\"cta-text\">無料で試す</span>"),
        "{body}"
    );
    assert!(!body.contains("{{") && !body.contains("{%"), "{body}");
    // The figure's image resolves: the link check passes.
    site.check().expect(0);
}

#[test]
fn nothing_is_expanded_in_code() {
    let site = Site::new(&[(
        "content/a.md",
        &term(
            "A",
            "",
            "Write `{{ figure(src=\"x.png\") }}` like this:\n\n```\n{% callout() %}\nx\n{% end %}\n```\n\n    {{ nope() }}\n",
        ),
    )]);
    site.build();
    let body = term_body(&site.page("terms/a/index.html")).to_string();
    assert!(
        body.contains("<code>{{ figure(src=\"x.png\") }}</code>"),
        "{body}"
    );
    assert!(body.contains("{% callout() %}"), "{body}");
    assert!(body.contains("{{ nope() }}"), "{body}");
    assert!(!body.contains("<figure"), "{body}");
}

#[test]
fn unknown_shortcode_and_missing_argument_are_errors_with_file_and_line() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term("A", "", "一行目。\n\n{{ banner(id=\"x\") }}\n"),
        ),
        (
            "content/b.md",
            &term(
                "B",
                "",
                "{% callout() %}\n本文\n{% end %}\n\n{{ figure(alt=\"図\") }}\n",
            ),
        ),
        (
            "content/c.md",
            &term("C", "", "{{ cta(id=\"nowhere\") }}\n"),
        ),
    ]);
    let run = site.build_fails();
    // term() puts `---`, title, `---` and a blank line before the body (body line 1 = file line 5).
    assert_eq!(run.lines_with("content/a.md:7:").len(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown shortcode `banner`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("callout, cta, figure"),
        "{}",
        run.stderr
    );
    let b = run.lines_with("content/b.md:9:");
    assert_eq!(b.len(), 1, "{}", run.stderr);
    assert!(
        b[0].contains("shortcode `figure` needs the argument `src`"),
        "{}",
        run.stderr
    );
    let c = run.lines_with("content/c.md:5:");
    assert!(
        c.iter()
            .any(|l| l.contains("no `extra.cta.nowhere` in config.yaml")),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_and_nested_shortcodes_are_errors() {
    let site = Site::new(&[
        ("content/a.md", &term("A", "", "x\n\n{{ figure(src=) }}\n")),
        (
            "content/b.md",
            &term(
                "B",
                "",
                "{% callout() %}\n{% callout() %}\nx\n{% end %}\n{% end %}\n",
            ),
        ),
        (
            "content/c.md",
            &term("C", "", "{% callout() %}\nnever closed\n"),
        ),
    ]);
    let run = site.build_fails();
    assert!(
        run.lines_with("content/a.md:7:")[0].contains("must be a quoted string"),
        "{}",
        run.stderr
    );
    assert!(
        run.lines_with("content/b.md:6:")[0].contains("cannot be nested"),
        "{}",
        run.stderr
    );
    assert!(
        run.lines_with("content/c.md:5:")[0].contains("never closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_site_overrides_and_adds_shortcode_templates() {
    let site = Site::new(&[
        (
            "content/a.md",
            &term(
                "A",
                "",
                "{{ figure(src=\"/x.png\", alt=\"x\") }}\n\n{{ kbd(keys=\"Ctrl+C\") }} で止める。\n\n{% callout() %}\n{{ kbd(keys=\"Esc\") }} で閉じる。\n{% end %}\n",
            ),
        ),
        ("templates/shortcodes/figure.html", "<p class=\"my-figure\">{{ alt }}</p>"),
        ("templates/shortcodes/kbd.html", "<kbd>{{ keys }}</kbd>"),
    ]);
    site.build();
    let body = term_body(&site.page("terms/a/index.html")).to_string();
    assert!(body.contains("<p class=\"my-figure\">x</p>"), "{body}");
    assert!(
        body.contains("<p><kbd>Ctrl+C</kbd> で止める。</p>"),
        "{body}"
    );
    // One level: inline shortcodes inside a body shortcode are expanded.
    assert!(
        body.contains("<p><kbd>Esc</kbd> で閉じる。</p>\n</div>"),
        "{body}"
    );
    // The summary skips the figure's paragraph and shows the text of inline shortcodes.
    let index = site.page("search-index.json");
    assert!(
        index.contains("\"summary\":\"Ctrl+C で止める。\""),
        "{index}"
    );
}

#[test]
fn shortcode_output_keeps_the_content_security_policy() {
    let site = Site::with_config(
        CTA_CONFIG,
        &[(
            "content/a.md",
            &term(
                "A",
                "",
                "{% callout() %}\nx\n{% end %}\n\n{{ cta(id=\"trial\") }}\n",
            ),
        )],
    );
    site.write_bytes("static/banner.png", b"\x89PNG\r\n\x1a\n");
    site.build();
    let body = term_body(&site.page("terms/a/index.html")).to_string();
    for inline in ["style=", "<script", "onclick", "javascript:"] {
        assert!(!body.contains(inline), "{inline} in {body}");
    }
}
