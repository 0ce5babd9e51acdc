//! Real glossaries written by others (`../shared/corpora/`, Hugo-style front matter): glossgen
//! must be strict about what is broken, lenient about what is merely different, and never
//! crash. Skips cleanly where the corpora are absent.

mod common;

use std::path::Path;

use common::{corpus, Site};

/// A site whose content/ is a copy of the corpus's Markdown files.
fn site_from(dir: &Path, skip: &[&str]) -> Site {
    let site = Site::new(&[]);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".md") && !skip.contains(&name.as_str()) {
            site.write_bytes(&format!("content/{name}"), &std::fs::read(&path).unwrap());
        }
    }
    site
}

#[test]
fn cncf_japanese_glossary_errors_name_the_broken_files_then_builds() {
    let Some(dir) = corpus("cncf-glossary-ja") else {
        return;
    };
    // As published: two documentation files without front matter, and one term whose
    // keys are capitalised (`Title:`), so it has no title.
    let site = site_from(&dir, &[]);
    let run = site.build_fails();
    for file in [
        "content/ANALYSIS.md",
        "content/SOURCE.md",
        "content/serverless.md",
    ] {
        assert!(
            run.stderr.contains(&format!("{file}:1: error")),
            "{file}\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("unknown key `Title` (did you mean `title`?)"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists(), "nothing written by a failed build");

    // Without them, the only errors are the Hugo site's own links (`/ja/service/`), which
    // lead to no page of a glossgen site at the root: each is named with its file and line.
    let site = site_from(&dir, &["ANALYSIS.md", "SOURCE.md", "serverless.md"]);
    let run = site.build_fails();
    let errors = run.lines_with(": error: ");
    assert!(errors.len() >= 10, "{}", run.stderr);
    for e in errors {
        assert!(
            e.starts_with("content/") && e.contains("link `/ja/") && e.contains("leads to no file"),
            "{e}"
        );
    }

    // Published under a path of its own, those links point elsewhere on the host, and the
    // rest builds: CRLF files, padded tag lists and capitalised keys are all fine.
    site.write(
        "config.yaml",
        "title: テスト用語集\nbase_url: https://example.com/glossary/\nlanguage: ja\n",
    );
    let run = site.build();
    assert!(run
        .stderr
        .contains("unknown key `category` (did you mean `categories`?)"));
    let pages = std::fs::read_dir(site.out().join("terms")).unwrap().count();
    assert!(pages >= 70, "{pages} term folders");
    let gateway = site.page("terms/api-gateway/index.html");
    assert!(
        gateway.contains("<h1>APIゲートウェイ</h1>"),
        "title as written"
    );
    assert!(gateway.contains("ネットワーキング"), "its tag is listed");
}

#[test]
fn kubernetes_glossary_with_shortcodes_builds_and_keeps_them_as_text() {
    let Some(dir) = corpus("k8s-2021-en") else {
        return;
    };
    let site = site_from(&dir, &["ANALYSIS.md", "SOURCE.md", "index.md"]);
    // Where it is published: its links into the rest of the documentation leave the site.
    site.write(
        "config.yaml",
        "title: Glossary\nbase_url: https://kubernetes.io/docs/reference/glossary/\nlanguage: en\n",
    );
    // One anchor pointed into upstream's single glossary page: on a page per term it
    // leads nowhere, and the link check says where.
    let run = site.build_fails();
    let errors = run.lines_with(": error: ");
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("content/upstream.md:17: error:")
            && errors[0].contains("no element with id `term-member`"),
        "{}",
        errors[0]
    );
    std::fs::remove_file(site.root().join("content/upstream.md")).unwrap();
    let run = site.build_with(&[]);
    // Hugo shortcodes are not glossgen syntax: they stay text, they never crash the build.
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pod = site.page("terms/pod/index.html");
    assert!(
        pod.contains("<h1>Pod</h1>"),
        "{}",
        &pod[..pod.len().min(400)]
    );
}
