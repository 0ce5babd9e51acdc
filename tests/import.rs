//! `glossgen import hugo`: real Hugo glossaries (`../shared/corpora/`, skipped where absent)
//! become glossgen sites that build, with every reference that resolved upstream still a
//! link, and a report naming everything else. Plus what it refuses to do to DEST and SRC.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{corpus, import_hugo, term_body, tree, Site};
use regex::Regex;

/// Files the corpora hold that are not terms (REPORT.md, recommendation 3).
fn is_source_term(name: &str) -> bool {
    name.ends_with(".md")
        && !name.starts_with('_')
        && !["index.md", "search.md", "SOURCE.md", "ANALYSIS.md"].contains(&name)
}

/// A source term: file name, text with LF, the 0-based line index where the body starts.
struct Source {
    name: String,
    text: String,
    body_from: usize,
}

fn sources(dir: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !is_source_term(&name) {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(&name))
            .unwrap()
            .replace("\r\n", "\n");
        let body_from = text
            .lines()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.trim_end() == "---")
            .map_or(0, |(i, _)| i + 1);
        out.push(Source {
            name,
            text,
            body_from,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// References counted straight from the source text: (resolvable ones in bodies, every
/// unresolvable one as `file:line`). A reference resolves when the file it names exists,
/// ignoring case, as upstream matches it.
fn count_references(srcs: &[Source]) -> (usize, Vec<String>) {
    let stems: BTreeSet<String> = srcs
        .iter()
        .map(|s| s.name.trim_end_matches(".md").to_lowercase())
        .collect();
    let tooltip = Regex::new(r#"\{\{<\s*glossary_tooltip[^}]*?term_id\s*=\s*"([^"]+)""#).unwrap();
    // `[text](/slug/)`, `[text](/ja/slug/#anchor)`; not images.
    let link = Regex::new(r"(!?)\[[^\]]*\]\((?:/[a-z]{2})?/([^/)#?]+)/?(?:#[^)]*)?\)").unwrap();
    let anchor = Regex::new(r"\]\(#term-([^)]+)\)").unwrap();
    let (mut resolvable, mut unresolvable) = (0, Vec::new());
    for s in srcs {
        for (i, line) in s.text.lines().enumerate() {
            let names = tooltip
                .captures_iter(line)
                .chain(anchor.captures_iter(line))
                .map(|c| c[1].to_lowercase())
                .chain(
                    link.captures_iter(line)
                        .filter(|c| c[1].is_empty())
                        .map(|c| c[2].to_lowercase()),
                )
                .collect::<Vec<_>>();
            for name in names {
                if !stems.contains(&name) {
                    unresolvable.push(format!("{}:{}", s.name, i + 1));
                } else if i >= s.body_from {
                    resolvable += 1;
                }
            }
        }
    }
    unresolvable.sort();
    (resolvable, unresolvable)
}

/// The `file:line` entries of one section of import-report.md, sorted.
fn report_section(report: &str, title: &str) -> Vec<String> {
    let start = report
        .find(&format!("## {title}"))
        .unwrap_or_else(|| panic!("no section {title}:\n{report}"));
    let rest = &report[start + 3..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    let mut items: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .map(|l| l[..l.find('`').unwrap()].to_string())
        .collect();
    items.sort();
    items
}

/// Distinct lower-cased values of a front-matter list key (any capitalisation, single value
/// or list, blanks dropped), over all sources.
fn distinct_values(srcs: &[Source], keys: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in srcs {
        let front = s
            .text
            .split("\n---")
            .next()
            .unwrap()
            .trim_start_matches("---");
        let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
        let Some(map) = yaml.as_mapping() else {
            continue;
        };
        for (k, v) in map {
            if !keys.contains(&k.as_str().unwrap().to_lowercase().as_str()) {
                continue;
            }
            let values = match v {
                serde_yaml::Value::Sequence(seq) => seq.clone(),
                other => vec![other.clone()],
            };
            for v in values.iter().filter_map(|v| v.as_str()) {
                if !v.trim().is_empty() {
                    out.insert(v.trim().to_lowercase());
                }
            }
        }
    }
    out
}

/// Imports a corpus into a new site and builds it (drafts included), checking everything the
/// issue asks; returns the site and the report for corpus-specific checks.
fn import_and_build(name: &str, extra: &[&str]) -> Option<(Site, String)> {
    let dir = corpus(name)?;
    let before = tree(&dir);
    // An empty folder becomes a new site.
    let imported = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    import_hugo(&dir, imported.root(), extra).expect(0);
    assert_eq!(tree(&dir), before, "the source is never modified");
    let run = imported.build_with(&["--drafts"]).expect(0);
    let srcs = sources(&dir);
    for s in &srcs {
        let slug = s.name.trim_end_matches(".md");
        assert!(
            imported.exists(&format!("terms/{slug}/index.html")),
            "{name}: no page for {}",
            s.name
        );
    }
    let (resolvable, unresolvable) = count_references(&srcs);
    let links: usize = srcs
        .iter()
        .map(|s| {
            let page = imported.page(&format!(
                "terms/{}/index.html",
                s.name.trim_end_matches(".md")
            ));
            term_body(&page).matches("class=\"term-ref\"").count()
        })
        .sum();
    assert_eq!(links, resolvable, "{name}: term-to-term links");
    let report = std::fs::read_to_string(imported.root().join("import-report.md")).unwrap();
    assert_eq!(
        report_section(&report, "Unresolvable references"),
        unresolvable,
        "{name}"
    );
    let tags = distinct_values(&srcs, &["tags"]).len();
    let categories = distinct_values(&srcs, &["category", "categories"]).len();
    assert!(
        run.stderr
            .contains(&format!(" {tags} tags, {categories} categories")),
        "{name}: {tags} tags, {categories} categories expected:\n{}",
        run.stderr
    );
    // Without drafts it builds too: no reference leads to a missing page.
    imported.build_with(&[]).expect(0);
    Some((imported, report))
}

#[test]
fn cncf_english_imports_and_builds_with_its_links_and_taxonomies() {
    let Some((site, report)) = import_and_build("cncf-glossary-en", &[]) else {
        return;
    };
    let nodes = site.page("terms/nodes/index.html");
    assert!(
        nodes.contains("href=\"/terms/virtual-machine/\""),
        "a /slug/ link"
    );
    assert!(nodes.contains("/tags/infrastructure/") && nodes.contains("/categories/concept/"));
    for skipped in [
        "`_index.md`",
        "`_TEMPLATE.md`",
        "`search.md`",
        "`SOURCE.md`",
    ] {
        assert!(report.contains(skipped), "{skipped}\n{report}");
    }
    assert_eq!(report_section(&report, "Unknown shortcodes").len(), 7);
    let container = site.page("terms/container/index.html");
    assert!(
        container.contains("{{% sign-language-section meUtsFU7ndo %}}"),
        "visible as written"
    );
}

#[test]
fn cncf_japanese_imports_and_builds() {
    let Some((site, report)) = import_and_build("cncf-glossary-ja", &["--lang", "ja"]) else {
        return;
    };
    let serverless = site.page("terms/serverless/index.html");
    assert!(
        serverless.contains("サーバーレス"),
        "a capitalised `Title:` is the title"
    );
    assert!(report.contains("`serverless.md`: key `Title` read as `title`"));
    assert!(
        report.contains("`nodes.md`: `status`"),
        "Completed is kept under extra"
    );
    let config = std::fs::read_to_string(site.root().join("config.yaml")).unwrap();
    assert!(config.contains("language: ja"));
}

#[test]
fn kubernetes_english_imports_with_site_links_made_absolute() {
    let Some((site, report)) =
        import_and_build("k8s-2021-en", &["--source-url", "https://kubernetes.io/"])
    else {
        return;
    };
    let pod = site.page("terms/pod/index.html");
    assert!(
        pod.contains("href=\"/terms/deployment/\""),
        "a tooltip without text"
    );
    let upstream = site.page("terms/upstream/index.html");
    assert!(upstream.contains("href=\"/terms/member/\""), "#term-member");
    let addons = site.page("terms/addons/index.html");
    assert!(addons
        .contains("href=\"https://kubernetes.io/docs/concepts/cluster-administration/addons/\""));
    assert!(
        report_section(&report, "Links into the source site").contains(&"addons.md:16".to_string())
    );
    let rc = site.page("terms/replication-controller/index.html");
    assert!(
        rc.contains("<div class=\"callout callout-note\""),
        "the note is a callout"
    );
}

#[test]
fn kubernetes_japanese_imports_and_lists_english_only_references() {
    let Some((_, report)) = import_and_build("k8s-2021-ja", &[]) else {
        return;
    };
    assert!(report.contains("- language: ja (guessed"), "{report}");
}

#[test]
fn kubernetes_japanese_later_terms_list_device_as_unresolvable() {
    let Some((site, report)) = import_and_build("k8s-ja-later", &[]) else {
        return;
    };
    let unresolved = report_section(&report, "Unresolvable references");
    let device = report
        .lines()
        .find(|l| l.contains("term_id=\"device\""))
        .unwrap_or_else(|| panic!("device not listed:\n{report}"));
    assert!(unresolved.iter().any(|u| device.contains(u.as_str())));
    let watch = site.page("terms/watch/index.html");
    assert!(watch.contains("/tags/api-verb/"), "a tag with a space");
    // Without --source-url, links into the rest of kubernetes.io are plain text, listed.
    assert!(!report_section(&report, "Links into the source site").is_empty());
}

const HUGO_TERM: &str = "---\ntitle: Pod\nid: pod\ntags:\n- core\n---\nA pod.\n";

#[test]
fn a_non_empty_folder_that_is_not_a_site_is_refused() {
    let src = Site::new(&[("pod.md", HUGO_TERM)]);
    let dest = Site::new(&[("notes.txt", "mine")]);
    std::fs::remove_file(dest.root().join("config.yaml")).unwrap();
    let run = import_hugo(src.root(), dest.root(), &[]).expect(2);
    assert!(
        run.stderr.contains("is not a glossgen site"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(dest.root()).len(), 1, "nothing written");
}

#[test]
fn into_an_existing_site_existing_files_are_named_and_never_overwritten() {
    let src = Site::new(&[("pod.md", HUGO_TERM), ("node.md", HUGO_TERM)]);
    let dest = Site::new(&[("content/pod.md", "---\ntitle: Mine\n---\nMine.\n")]);
    let before = tree(dest.root());
    let run = import_hugo(src.root(), dest.root(), &[]).expect(2);
    assert!(run.stderr.contains("content/pod.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("content/node.md"), "{}", run.stderr);
    assert_eq!(tree(dest.root()), before, "nothing written");

    std::fs::remove_file(dest.root().join("content/pod.md")).unwrap();
    import_hugo(src.root(), dest.root(), &[]).expect(0);
    let config = std::fs::read_to_string(dest.root().join("config.yaml")).unwrap();
    assert_eq!(config, common::CONFIG, "the site's config is kept");
    dest.build();
    assert!(dest.exists("terms/node/index.html"));
}

#[test]
fn lang_into_an_existing_site_adds_a_translation_paired_by_stem() {
    let src = Site::new(&[
        ("pod.md", HUGO_TERM),
        (
            "node.md",
            "---\ntitle: Node\n---\nRuns {{< glossary_tooltip text=\"pods\" term_id=\"pod\" >}} and {{< glossary_tooltip text=\"kubelets\" term_id=\"kubelet\" >}}.\n",
        ),
    ]);
    let dest = Site::new(&[
        (
            "content/pod.md",
            &common::term("ポッド", "reading: ぽっど", "ポッドです。"),
        ),
        (
            "content/core/kubelet.md",
            &common::term("kubelet", "", "ノードのエージェントです。"),
        ),
    ]);
    import_hugo(src.root(), dest.root(), &["--lang", "en"]).expect(0);
    assert!(dest.root().join("content/pod.en.md").is_file());
    assert!(dest.root().join("content/node.en.md").is_file());
    assert!(dest.root().join("import-report.en.md").is_file());
    let config = std::fs::read_to_string(dest.root().join("config.yaml")).unwrap();
    assert!(config.ends_with("languages:\n  en: {}\n"), "{config}");
    dest.build();
    let node = dest.page("en/terms/node/index.html");
    assert!(
        node.contains("href=\"/en/terms/pod/\""),
        "in its own language"
    );
    assert!(
        node.contains("href=\"/terms/kubelet/\" hreflang=\"ja\""),
        "a term only the site's language has"
    );
    let pod = dest.page("en/terms/pod/index.html");
    assert!(pod.contains("hreflang=\"ja\" href=\"https://example.com/terms/pod/\""));
    // Again: the files exist now, and nothing is overwritten.
    import_hugo(src.root(), dest.root(), &["--lang", "en"]).expect(2);
}

/// `EN` imported into a new site, then `JA --lang ja` into it: both build, every ja page
/// links its en original with hreflang, and ja references to terms that exist only in
/// English lead to the English pages.
fn bilingual_import(en: &str, ja: &str) {
    let (Some(en_dir), Some(ja_dir)) = (corpus(en), corpus(ja)) else {
        return;
    };
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    import_hugo(&en_dir, site.root(), &[]).expect(0);
    import_hugo(&ja_dir, site.root(), &["--lang", "ja"]).expect(0);
    site.build_with(&["--drafts"]).expect(0);
    site.build_with(&[]).expect(0);
    site.build_with(&["--drafts"]).expect(0);
    let en_stems: BTreeSet<String> = sources(&en_dir)
        .iter()
        .map(|s| s.name.trim_end_matches(".md").to_string())
        .collect();
    let ja_srcs = sources(&ja_dir);
    let ja_stems: BTreeSet<String> = ja_srcs
        .iter()
        .map(|s| s.name.trim_end_matches(".md").to_lowercase())
        .collect();
    let tooltip = Regex::new(r#"\{\{<\s*glossary_tooltip[^}]*?term_id\s*=\s*"([^"]+)""#).unwrap();
    let (mut paired, mut crossing) = (0, 0);
    for s in &ja_srcs {
        let stem = s.name.trim_end_matches(".md");
        let page = site.page(&format!("ja/terms/{stem}/index.html"));
        if en_stems.contains(stem) {
            let link = format!("hreflang=\"en\" href=\"https://example.com/terms/{stem}/\"");
            assert!(page.contains(&link), "{ja}: {stem} lacks {link}");
            paired += 1;
        }
        let body = term_body(&page);
        for c in s
            .text
            .lines()
            .skip(s.body_from)
            .flat_map(|l| tooltip.captures_iter(l))
        {
            let id = c[1].to_lowercase();
            let Some(en_stem) = en_stems.iter().find(|e| e.to_lowercase() == id) else {
                continue;
            };
            if ja_stems.contains(&id) {
                continue;
            }
            let href = format!("href=\"/terms/{en_stem}/\" hreflang=\"en\"");
            assert!(body.contains(&href), "{ja}: {stem} lacks {href}");
            crossing += 1;
        }
    }
    assert!(paired > 0, "{ja}: no page paired with its original");
    eprintln!("{ja}: {paired} pages paired, {crossing} references to English-only terms");
}

#[test]
fn cncf_english_then_japanese_make_one_bilingual_site() {
    bilingual_import("cncf-glossary-en", "cncf-glossary-ja");
}

#[test]
fn kubernetes_english_then_japanese_make_one_bilingual_site() {
    bilingual_import("k8s-2021-en", "k8s-2021-ja");
}

#[test]
fn lang_sets_a_new_sites_language_and_bad_codes_are_usage_errors() {
    let src = Site::new(&[("pod.md", HUGO_TERM)]);
    let dest = src.root().parent().unwrap().join(format!(
        "glossgen-import-{}",
        src.root().file_name().unwrap().to_string_lossy()
    ));
    import_hugo(src.root(), &dest, &["--lang", "Japanese"]).expect(2);
    assert!(!dest.exists());
    import_hugo(src.root(), &dest, &["--lang", "en"]).expect(0);
    let config = std::fs::read_to_string(dest.join("config.yaml")).unwrap();
    std::fs::remove_dir_all(&dest).unwrap();
    assert!(config.contains("language: en"), "{config}");
}

#[test]
fn a_destination_inside_the_source_is_refused() {
    let src = Site::new(&[("pod.md", HUGO_TERM)]);
    let before = tree(src.root());
    import_hugo(src.root(), &src.root().join("out"), &[]).expect(2);
    assert_eq!(tree(src.root()), before);
}
