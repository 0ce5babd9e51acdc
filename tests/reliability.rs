//! Hostile inputs (issue 8): none may crash, hang or be accepted wrong. Each test runs the
//! real binary, minifying as a writer's build does, under a generous time limit so that a
//! regression shows as a failure rather than a stuck suite.

mod common;

use std::time::Duration;

use common::{term, Run, Site};

/// Far above what each case takes now; far below what the old code took (or a stack overflow).
const LIMIT: Duration = Duration::from_secs(60);

fn one_term(body: &str) -> Site {
    Site::new(&[("content/x.md", &term("X", "", body))])
}

/// Both `build` (minified) and `check` refuse the site with exit 1, naming the file; returns
/// the `check` run.
fn refused(site: &Site, needle: &str) -> Run {
    for cmd in ["build", "check"] {
        let run = site.run_within(LIMIT, cmd).expect(1);
        assert!(
            run.lines_with(needle)
                .iter()
                .any(|l| l.starts_with("content/")),
            "`{cmd}`: no line names a file and says `{needle}`:\n{}",
            run.stderr
        );
    }
    site.run_within(LIMIT, "check")
}

#[test]
fn deep_nesting_is_an_error_with_file_and_line_not_a_crash() {
    let quotes = format!("{} deep\n", ">".repeat(700));
    let mut lists = String::new();
    for level in 0..400 {
        lists.push_str(&format!("{}- item\n", "  ".repeat(level)));
    }
    let html = format!("{}x{}\n", "<div>".repeat(700), "</div>".repeat(700));
    let emphasis = format!("{}x{}\n", "*a ".repeat(700), " a*".repeat(700));
    // `<div/>` opens a div in HTML; a stray `</b>` sends the page to the full minifier.
    let slashed = format!("{}</b>\n", "<div/>".repeat(3_000));
    for body in [quotes, lists, html, emphasis, slashed] {
        let site = one_term(&format!("intro\n\n{body}"));
        let run = refused(&site, "nest more than 100 deep");
        // The body starts on line 5 (`---`, title, `---`, blank); the nesting on line 7, and
        // the list crosses the limit some fifty levels (lines) down.
        let error = run.lines_with("nest more than").join("\n");
        let line: usize = common::between(&error, "content/x.md:", ":")
            .parse()
            .unwrap_or(0);
        assert!((7..=407).contains(&line), "line {line}:\n{}", run.stderr);
        assert!(!site.out().exists(), "nothing written");
    }
}

#[test]
fn nesting_under_the_limit_builds_and_minifies() {
    let site = one_term(&format!("{} deep\n", ">".repeat(60)));
    site.run_within(LIMIT, "build").expect(0);
    let page = site.page("terms/x/index.html");
    assert_eq!(page.matches("<blockquote>").count(), 60);
    assert!(!page.contains("\n  <"), "minified");
}

#[test]
fn impossible_dates_and_multibyte_times_are_refused_with_the_line() {
    for date in ["2023-02-30", "2024-+1-01", "\"2024-01-01T00:00:0日\""] {
        let site = Site::new(&[(
            "content/x.md",
            &term("X", &format!("tags: [a]\ndate: {date}"), "body"),
        )]);
        let run = refused(&site, "is not a date");
        assert!(
            run.stderr.contains("content/x.md:4:"),
            "{date}: line of `date`:\n{}",
            run.stderr
        );
    }
}

#[test]
fn underscore_folders_and_files_are_not_published() {
    let site = Site::new(&[
        ("content/a.md", &term("A", "", "body")),
        ("content/_drafts/x.md", &term("Draft", "", "secret")),
        ("content/_notes.md", &term("Notes", "", "secret")),
        ("content/b/_old/y.md", &term("Old", "", "secret")),
    ]);
    site.build();
    assert!(site.exists("terms/a/index.html"));
    for slug in ["x", "_notes", "notes", "y"] {
        assert!(!site.exists(&format!("terms/{slug}/index.html")), "{slug}");
    }
    assert!(!site.page("search-index.json").contains("secret"));
}

#[cfg(unix)]
#[test]
fn symlinked_content_is_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, term("Secret", "", "passwords")).unwrap();
    let site = Site::new(&[("content/a.md", &term("A", "", "body"))]);
    std::fs::create_dir_all(site.root().join("content/bundle")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("content/bundle/index.md")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("content/link.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/dir")).unwrap();
    site.build();
    let published = common::tree(&site.out());
    assert!(published.contains_key("terms/a/index.html"));
    for (path, bytes) in &published {
        assert!(
            !String::from_utf8_lossy(bytes).contains("passwords"),
            "{path} shows the linked file"
        );
    }
    for slug in ["bundle", "link", "secret"] {
        assert!(!site.exists(&format!("terms/{slug}/index.html")), "{slug}");
    }
}

#[test]
fn names_too_long_for_a_file_system_are_found_by_check() {
    let tag = "長".repeat(90); // 270 bytes
    let cases = [
        (format!("tags: [{tag}]"), "`tags`"),
        (format!("categories: [{tag}]"), "`categories`"),
        (format!("slug: {}", "a".repeat(256)), "`slug`"),
        (
            format!("redirect_from: [/old/{}/]", "b".repeat(256)),
            "`redirect_from`",
        ),
    ];
    for (front, key) in cases {
        let site = Site::new(&[("content/x.md", &term("X", &front, "body"))]);
        let run = refused(&site, "file systems allow 255");
        assert!(run.stderr.contains(key), "{front}:\n{}", run.stderr);
        assert!(!run.stderr.contains("staging"), "{}", run.stderr);
    }
}

#[test]
fn redirects_onto_reserved_paths_are_found_by_check() {
    let reserved = [
        "/robots.txt",
        "/sitemap.xml",
        "/atom.xml",
        "/graph.json",
        "/search-index.json",
        "/style.css",
        "/favicon.ico",
        "/terms/",
        "/tags/",
        "/tags/seo/page/2/",
        "/terms/y/",
        "/",
    ];
    for from in reserved {
        let site = Site::new(&[
            (
                "content/x.md",
                &term("X", &format!("tags: [seo]\nredirect_from: [{from}]"), "b"),
            ),
            ("content/y.md", &term("Y", "", "body")),
            ("static/favicon.ico", "icon"),
        ]);
        let run = refused(&site, "`redirect_from`");
        assert!(run.stderr.contains(from), "{from}:\n{}", run.stderr);
    }
    // Two terms redirecting from one path: the second (in site order) is named.
    let site = Site::new(&[
        ("content/x.md", &term("X", "redirect_from: [/old/]", "b")),
        ("content/y.md", &term("Y", "redirect_from: [/OLD/]", "b")),
    ]);
    let run = refused(&site, "is already a redirect of `x`");
    assert!(run.stderr.contains("content/y.md"), "{}", run.stderr);
    // A renamed term's old URL is fine.
    let site = Site::new(&[(
        "content/x.md",
        &term("X", "redirect_from: [/terms/old-x/]", "b"),
    )]);
    site.build();
    assert!(site.exists("terms/old-x/index.html"));
}

#[test]
fn many_unmatched_underscores_render_in_linear_time() {
    let site = one_term(&"_a ".repeat(1_000_000));
    site.run_within(LIMIT, "build").expect(0);
    assert!(site.page("terms/x/index.html").contains("_a _a _a"));
}

#[test]
fn a_huge_title_is_refused_quickly() {
    let title = "語".repeat(30_000);
    let site = Site::new(&[
        ("content/x.md", &term(&title, "", "body")),
        ("content/y.md", &term("Y", "", "body")),
    ]);
    let run = refused(&site, "names are limited to 200");
    assert!(run.stderr.contains("content/x.md:2:"), "{}", run.stderr);
}

#[test]
fn a_huge_table_is_refused_before_it_is_built() {
    let mut body = format!("{}|\n{}|\n", "|h".repeat(5_000), "|-".repeat(5_000));
    body.push_str(&"|x|\n".repeat(2_000));
    let run = refused(&one_term(&body), "tables are limited to");
    assert!(run.stderr.contains("content/x.md:6:"), "{}", run.stderr);
    // Many tables, each under the column limit, padding to millions of cells together.
    let table = format!(
        "{}|\n{}|\n{}\n",
        "|h".repeat(1_000),
        "|-".repeat(1_000),
        "|x|\n".repeat(248)
    );
    refused(&one_term(&table.repeat(20)), "tables are limited to");
    // An ordinary table still works.
    let site = one_term("| a | b |\n|---|---|\n| 1 | 2 |\n");
    site.run_within(LIMIT, "build").expect(0);
    // (`<table tabindex=0>`: wide tables scroll by keyboard.)
    assert!(site.page("terms/x/index.html").contains("<table"));
}

#[test]
fn long_lists_are_refused_and_the_footer_lists_at_most_24_categories() {
    // One term in 10,000 categories made 10,000 pages each showing its 10,000 names.
    let many: Vec<String> = (0..21).map(|i| format!("c{i}")).collect();
    let front = format!("tags: [a]\ncategories: [{}]", many.join(", "));
    let run = refused(
        &Site::new(&[("content/x.md", &term("X", &front, "body"))]),
        "`categories` has 21 entries",
    );
    assert!(run.stderr.contains("content/x.md:4:"), "{}", run.stderr);
    // Many terms with a category each: the footer (of every page but term pages, which link
    // to the lists) stays the same small size.
    let files: Vec<(String, String)> = (0..30)
        .map(|i| {
            let front = format!("categories: [分類{i:02}]");
            (
                format!("content/t{i}.md"),
                term(&format!("T{i}"), &front, "b"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::new(&files);
    site.build();
    let page = site.page("index.html");
    let footer = common::between(&page, "class=\"footer-categories\">", "</section>");
    assert_eq!(footer.matches("<li>").count(), 24, "{footer}");
    assert!(footer.contains("href=\"/categories/\""), "{footer}");
    assert!(site.page("categories/index.html").matches("分類").count() >= 30);
}
