//! `serve` rebuilds through a `BuildSession`, which re-renders only the pages whose inputs
//! changed. Its output after any sequence of edits must equal a fresh full build of the
//! same files, byte for byte: these tests edit a site step by step and compare.

use std::path::{Path, PathBuf};

use glossgen::pipeline::BuildSession;
use glossgen::{build, BuildOptions};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    // Two writes within one mtime tick must still be seen as a change.
    bump_mtime(&root.join(rel));
}

fn bump_mtime(path: &Path) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    let now = std::time::SystemTime::now() + std::time::Duration::from_secs(rand_secs());
    f.set_modified(now).unwrap();
}

fn rand_secs() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

mod common;

use common::assert_same_tree;

fn term(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{front}\n---\n{body}\n")
}

/// Runs the session, then a fresh build, and asserts both trees are identical.
fn assert_same_as_fresh(session: &mut BuildSession, root: &Path, fresh_out: &Path) -> usize {
    let report = session.build().expect("session build");
    let mut opts = BuildOptions::new(root);
    opts.output = Some(fresh_out.to_path_buf());
    build(&opts).expect("fresh build");
    assert_same_tree(session.options().output.as_ref().unwrap(), fresh_out);
    report.rendered
}

#[test]
fn edits_give_the_same_site_as_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "config.yaml",
        "title: 用語集\nbase_url: https://example.com/g/\nlanguage: ja\n",
    );
    write(
        &root,
        "content/ltv.md",
        &term(
            "LTV",
            "aliases: [顧客生涯価値]\ntags: [指標, 用語集]\ncategories: [メトリクス]",
            "LTVはCACと比べる指標です。",
        ),
    );
    write(
        &root,
        "content/cac.md",
        &term(
            "CAC",
            "aliases: [顧客獲得コスト]\ntags: [指標, 用語集]\ncategories: [メトリクス]",
            "顧客獲得コストのこと。",
        ),
    );
    write(
        &root,
        "content/churn.md",
        &term(
            "チャーンレート",
            "tags: [用語集]",
            "解約率。[[ltv]]に効く。",
        ),
    );
    let mut opts = BuildOptions::new(&root);
    opts.output = Some(tmp.path().join("serve-out"));
    let mut session = BuildSession::new(opts);
    let fresh = tmp.path().join("fresh");

    let all = assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(all > 5);

    // A body edit that changes nothing another page shows re-renders one page.
    write(
        &root,
        "content/churn.md",
        &term(
            "チャーンレート",
            "tags: [用語集]",
            "解約率。[[ltv]]に効く。\n\n## 補足\n\n追記。",
        ),
    );
    assert_eq!(assert_same_as_fresh(&mut session, &root, &fresh), 1);

    // The same with the watcher's hint of which file changed (serve passes it on).
    write(
        &root,
        "content/churn.md",
        &term(
            "チャーンレート",
            "tags: [用語集]",
            "解約率。[[ltv]]に効く。\n\n## 補足\n\n追記を直した。",
        ),
    );
    session.files_changed([PathBuf::from("content/churn.md")]);
    assert_eq!(assert_same_as_fresh(&mut session, &root, &fresh), 1);

    // A body edit that adds a mention changes backlinks and related terms elsewhere.
    write(
        &root,
        "content/churn.md",
        &term(
            "チャーンレート",
            "tags: [用語集]",
            "解約率。[[ltv]]とCACに効く。",
        ),
    );
    let n = assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(n > 1 && n < all, "{n} of {all}");

    // A title change moves the term in the index and renames links everywhere.
    write(&root, "content/cac.md", &term("顧客獲得単価", "reading: こきゃくかくとくたんか\naliases: [CAC]\ntags: [指標]\ncategories: [メトリクス]", "顧客獲得コストのこと。"));
    assert_same_as_fresh(&mut session, &root, &fresh);

    // A new term, a removed term (its page must disappear), a new tag.
    write(
        &root,
        "content/nps.md",
        &term(
            "NPS",
            "tags: [ロイヤルティ]",
            "推奨度の指標。LTVとも関係する。",
        ),
    );
    std::fs::remove_file(root.join("content/churn.md")).unwrap();
    assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(!session
        .options()
        .output
        .as_ref()
        .unwrap()
        .join("terms/churn/index.html")
        .exists());

    // A broken edit fails and leaves the last good output; fixing it recovers.
    write(&root, "content/nps.md", "---\ntitle: [broken\n---\n");
    assert!(session.build().is_err());
    assert!(session
        .options()
        .output
        .as_ref()
        .unwrap()
        .join("terms/nps/index.html")
        .exists());
    write(
        &root,
        "content/nps.md",
        &term("NPS", "tags: [ロイヤルティ]", "推奨度の指標。"),
    );
    assert_same_as_fresh(&mut session, &root, &fresh);

    // Config and template changes re-render everything.
    write(
        &root,
        "templates/404.html",
        "<!doctype html><title>404</title><h1>{{ t.page_not_found }}</h1>",
    );
    assert_same_as_fresh(&mut session, &root, &fresh);
    write(
        &root,
        "config.yaml",
        "title: 新しい用語集\nbase_url: https://example.com/g/\nlanguage: ja\n",
    );
    let n = assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(n >= all - 2, "{n}");
}

#[test]
fn terminology_edits_give_the_same_site_as_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "config.yaml",
        "title: 用語集\nbase_url: https://example.com/\nlanguage: ja\n",
    );
    write(
        &root,
        "content/cdp.md",
        &term("CDP", "tags: [データ]", "顧客データの基盤。"),
    );
    write(
        &root,
        "content/dmp.md",
        &term("DMP", "tags: [データ]", "古い基盤。"),
    );
    write(
        &root,
        "content/ad.md",
        &term(
            "広告",
            "tags: [データ]\ndescription: 広告の説明。",
            "前置き。広告ではDMPを使う。",
        ),
    );
    let mut opts = BuildOptions::new(&root);
    opts.output = Some(tmp.path().join("serve-out"));
    let mut session = BuildSession::new(opts);
    let fresh = tmp.path().join("fresh");
    assert_same_as_fresh(&mut session, &root, &fresh);

    // Deprecating a term changes its page, the cards and the exports elsewhere.
    write(
        &root,
        "content/dmp.md",
        &term(
            "DMP",
            "tags: [データ]\nsuperseded_by: CDP\nbroader: CDP",
            "古い基盤。",
        ),
    );
    assert!(assert_same_as_fresh(&mut session, &root, &fresh) > 1);

    // Rewording the sentence around a link changes the linked term's backlink context.
    write(
        &root,
        "content/ad.md",
        &term(
            "広告",
            "tags: [データ]\ndescription: 広告の説明。",
            "前置き。今の広告でもDMPを使うことがある。",
        ),
    );
    assert!(assert_same_as_fresh(&mut session, &root, &fresh) >= 2);

    // Text added in another paragraph moves the link but changes no context (nor the
    // summary: it comes from `description`).
    write(
        &root,
        "content/ad.md",
        &term(
            "広告",
            "tags: [データ]\ndescription: 広告の説明。",
            "追記。\n\n前置き。今の広告でもDMPを使うことがある。",
        ),
    );
    assert_eq!(assert_same_as_fresh(&mut session, &root, &fresh), 1);
}

#[test]
fn hashed_assets_and_the_link_check_follow_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "config.yaml",
        "title: 用語集\nbase_url: https://example.com/g/\nlanguage: ja\n",
    );
    write(&root, "content/a.md", &term("A", "", "[to b](../b/#part)"));
    write(
        &root,
        "content/b.md",
        &term("B", "", "## Part {#part}\n\n本文。"),
    );
    let mut opts = BuildOptions::new(&root);
    opts.output = Some(tmp.path().join("serve-out"));
    let mut session = BuildSession::new(opts);
    let fresh = tmp.path().join("fresh");
    assert_same_as_fresh(&mut session, &root, &fresh);

    // A new stylesheet: a new hashed name, the old one gone, as in a fresh build.
    write(
        &root,
        "themes/default/static/style.css",
        "body { color: teal; }\n",
    );
    assert_same_as_fresh(&mut session, &root, &fresh);

    // B loses the id that A (not re-rendered) links to: the session still sees it.
    write(&root, "content/b.md", &term("B", "", "## Other\n\n本文。"));
    let failure = session.build().expect_err("a broken anchor");
    let text: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("content/a.md") && t.contains("no element with id `part`")),
        "{text:?}"
    );
}

#[test]
fn shortcode_templates_and_cta_config_edits_re_render_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let config = |text: &str| {
        format!(
            "title: 用語集\nbase_url: https://example.com/g/\nlanguage: ja\nextra:\n  cta:\n    trial:\n      text: {text}\n      url: https://shop.example.org/\n"
        )
    };
    write(&root, "config.yaml", &config("試す"));
    write(
        &root,
        "content/a.md",
        &term(
            "A",
            "",
            "{{ cta(id=\"trial\") }}\n\n{{ note(text=\"一\") }}",
        ),
    );
    write(&root, "content/b.md", &term("B", "", "本文。"));
    write(
        &root,
        "templates/shortcodes/note.html",
        "<p class=\"n1\">{{ text }}</p>",
    );
    let mut opts = BuildOptions::new(&root);
    opts.output = Some(tmp.path().join("serve-out"));
    let mut session = BuildSession::new(opts);
    let fresh = tmp.path().join("fresh");
    assert_same_as_fresh(&mut session, &root, &fresh);
    let page = tmp.path().join("serve-out/terms/a/index.html");
    let read = || std::fs::read_to_string(&page).unwrap();

    write(
        &root,
        "templates/shortcodes/note.html",
        "<p class=\"n2\">{{ text }}</p>",
    );
    session.files_changed([PathBuf::from("templates/shortcodes/note.html")]);
    assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(read().contains("n2"), "{}", read());

    write(&root, "config.yaml", &config("今すぐ試す"));
    session.files_changed([PathBuf::from("config.yaml")]);
    assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(read().contains("今すぐ試す"));

    // A's link to B carries B's summary (for previews): editing B's summary re-renders A.
    write(&root, "content/a.md", &term("A", "", "[[b]]を見る。"));
    assert_same_as_fresh(&mut session, &root, &fresh);
    write(&root, "content/b.md", &term("B", "", "新しい要約。"));
    assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(read().contains("新しい要約。"), "{}", read());
}

/// Page templates that show every value they are given (Tera's dump of the context).
const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "term.html",
    "terms.html",
    "taxonomy_list.html",
    "taxonomy_single.html",
    "search.html",
    "404.html",
    "redirect.html",
];

/// The front matter of the edited term, one line per key, and for every key a line that
/// changes its value. Keys missing here make the test fail: a new key must be added.
const BASE_FRONT: &[(&str, &str, &str)] = &[
    ("title", "title: LTV", "title: 顧客生涯価値"),
    ("slug", "slug: ltv", "slug: ltv2"),
    (
        "reading",
        "reading: えるてぃーぶい",
        "reading: らいふたいむばりゅー",
    ),
    ("aliases", "aliases: [Lifetime Value]", "aliases: [CLV]"),
    ("tags", "tags: [指標]", "tags: [指標, 収益]"),
    ("categories", "categories: [マーケ]", "categories: [営業]"),
    ("date", "date: 2024-01-01", "date: 2024-01-02"),
    ("updated", "updated: 2024-02-01", "updated: 2024-03-01"),
    (
        "description",
        "description: 説明。",
        "description: 別の説明。",
    ),
    ("related", "related: [churn]", "related: [cac]"),
    ("draft", "draft: false", "draft: true"),
    ("featured", "featured: false", "featured: true"),
    ("author", "author: rick", "author: ann"),
    (
        "redirect_from",
        "redirect_from: [/old/ltv/]",
        "redirect_from: [/old/ltv2/]",
    ),
    ("weight", "weight: 1", "weight: 2"),
    ("extra", "extra: {note: a}", "extra: {note: b}"),
    ("autolink", "autolink: true", "autolink: false"),
    (
        "english",
        "english: Customer Lifetime Value",
        "english: Lifetime Value",
    ),
    ("status", "status: preferred", "status: deprecated"),
    ("superseded_by", "", "superseded_by: churn"),
    ("see_also", "see_also: [churn]", "see_also: [cac]"),
    ("broader", "broader: [cac]", "broader: [churn]"),
    ("abbreviation_of", "", "abbreviation_of: churn"),
    (
        "sources",
        "sources: [{title: S, url: 'https://example.com/s'}]",
        "sources: [{title: T, url: 'https://example.com/s'}]",
    ),
];

#[test]
fn every_front_matter_value_a_template_can_show_re_renders_the_pages_showing_it() {
    let known: Vec<&str> = glossgen::content::front_matter::KNOWN_KEYS
        .iter()
        .chain(&glossgen::content::terminology::TERMINOLOGY_KEYS)
        .copied()
        .collect();
    for key in &known {
        assert!(
            BASE_FRONT.iter().any(|(k, _, _)| k == key),
            "add `{key}` to BASE_FRONT"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "config.yaml",
        "title: 用語集\nbase_url: https://example.com/g/\nlanguage: ja\npaginate: 1\nauthors:\n  rick: { name: Rick }\n  ann: { name: Ann }\n",
    );
    for name in PAGE_TEMPLATES {
        write(&root, &format!("templates/{name}"), "{{ __tera_context }}");
    }
    write(
        &root,
        "content/churn.md",
        &term("チャーン", "tags: [指標]", "LTVとCACの話。"),
    );
    write(
        &root,
        "content/cac.md",
        &term("CAC", "categories: [マーケ]", "獲得単価。LTVと比べる。"),
    );
    let front = |changed: Option<&str>| -> String {
        let lines: Vec<&str> = BASE_FRONT
            .iter()
            .map(|(k, base, new)| if Some(*k) == changed { *new } else { *base })
            .filter(|l| !l.is_empty())
            .collect();
        lines.join("\n")
    };
    let body = "長く使う顧客の価値。\n\n## 詳しく\n\nチャーンと関係する。";
    let ltv = |changed: Option<&str>| format!("---\n{}\n---\n{body}\n", front(changed));
    write(&root, "content/ltv.md", &ltv(None));
    let mut opts = BuildOptions::new(&root);
    opts.output = Some(tmp.path().join("serve-out"));
    let mut session = BuildSession::new(opts);
    let fresh = tmp.path().join("fresh");
    assert_same_as_fresh(&mut session, &root, &fresh);
    for (key, _, _) in BASE_FRONT {
        write(&root, "content/ltv.md", &ltv(Some(key)));
        let rendered = assert_same_as_fresh(&mut session, &root, &fresh);
        assert!(rendered >= 1, "editing `{key}` re-rendered nothing");
        write(&root, "content/ltv.md", &ltv(None));
        assert_same_as_fresh(&mut session, &root, &fresh);
    }
}

#[test]
fn two_language_edits_give_the_same_site_as_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "config.yaml",
        "title: 用語集\nbase_url: https://example.com/g/\nlanguage: ja\nlanguages:\n  en: { title: Glossary }\n",
    );
    write(
        &root,
        "content/ltv.md",
        &term(
            "顧客生涯価値",
            "tags: [指標]",
            "顧客が生む利益。[[cac]]と比べる。",
        ),
    );
    write(
        &root,
        "content/ltv.en.md",
        &term(
            "Lifetime Value",
            "tags: [metrics]",
            "Profit from one customer. See [[cac]].",
        ),
    );
    write(
        &root,
        "content/cac.md",
        &term("顧客獲得単価", "", "獲得の費用。"),
    );
    let out = tmp.path().join("out");
    let fresh = tmp.path().join("fresh");
    let mut opts = BuildOptions::new(&root);
    opts.output = Some(out.clone());
    let mut session = BuildSession::new(opts);
    let all = assert_same_as_fresh(&mut session, &root, &fresh);

    // An English body: English pages only, in place.
    write(
        &root,
        "content/ltv.en.md",
        &term(
            "Lifetime Value",
            "tags: [metrics]",
            "All profit from one customer. See [[cac]].",
        ),
    );
    let rendered = assert_same_as_fresh(&mut session, &root, &fresh);
    assert!(rendered < all / 2, "{rendered} of {all}");
    // A Japanese title the English page's crossing [[cac]] shows.
    write(
        &root,
        "content/cac.md",
        &term("獲得単価", "", "獲得の費用。"),
    );
    assert_same_as_fresh(&mut session, &root, &fresh);
    // A translation added, then removed: hreflang links on both sides follow.
    write(
        &root,
        "content/cac.en.md",
        &term("Acquisition Cost", "", "What a customer costs."),
    );
    assert_same_as_fresh(&mut session, &root, &fresh);
    std::fs::remove_file(root.join("content/cac.en.md")).unwrap();
    assert_same_as_fresh(&mut session, &root, &fresh);
    // A UI string of the English theme only.
    write(&root, "themes/default/i18n/en.yaml", "home: Start page\n");
    assert_same_as_fresh(&mut session, &root, &fresh);
    let en = std::fs::read_to_string(out.join("en/terms/ltv/index.html")).unwrap();
    assert!(en.contains("Start page"), "{en}");
}
