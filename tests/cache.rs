//! The persistent build cache (`.glossgen-cache/`) and unchanged files: a cached build must
//! give the same site as a fresh build in a clean folder after any kind of edit, whatever
//! state the cache is in, and must leave files whose bytes did not change untouched.

mod common;

use std::path::Path;

use common::{build_into_with_env, file_stamps, rewritten_since, term, tree, Run, Site};

/// A build with the cache where `glossgen build` keeps it by default, `.glossgen-cache` at
/// the site root, or without it when `extra` says `--no-cache`.
fn build_into(root: &Path, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Run {
    build_into_with_env(root, out, extra, env)
}

fn site() -> Site {
    Site::with_config(
        "title: 用語集\nbase_url: https://example.com/g/\nlanguage: ja\n",
        &[
            (
                "content/ltv.md",
                &term(
                    "LTV",
                    "tags: [指標]\naliases: [顧客生涯価値]",
                    "顧客が生む利益の合計。\n\n## 詳しく\n\n[[cac]]と比べる。",
                ),
            ),
            (
                "content/cac.md",
                &term("CAC", "tags: [指標]", "顧客獲得単価。"),
            ),
            ("content/churn.md", &term("チャーン", "", "解約率。")),
            ("static/note.txt", "メモ"),
            ("templates/404.html", "<p>見つかりません</p>"),
        ],
    )
}

/// A cached build into `public/`, then a fresh one (`--no-cache`) into a clean folder: both
/// must be the same, byte for byte. Returns how many files the cached build wrote.
fn assert_cached_equals_fresh(site: &Site, what: &str, env: &[(&str, &str)]) -> usize {
    let run = build_into(site.root(), &site.out(), &[], env);
    let clean = tempfile::tempdir().unwrap();
    let fresh = clean.path().join("out");
    build_into(site.root(), &fresh, &["--no-cache"], env);
    let (a, b) = (tree(&site.out()), tree(&fresh));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: same files"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{what}: {path} differs from a fresh build"
        );
    }
    files_written(&run.stderr)
}

/// The `(N files)` of glossgen's summary line.
fn files_written(stderr: &str) -> usize {
    let at = stderr.find(" files)").expect("summary line");
    let start = stderr[..at].rfind('(').expect("(") + 1;
    stderr[start..at].parse().expect("a count")
}

#[test]
fn cached_builds_equal_fresh_builds_after_every_kind_of_edit() {
    let site = site();
    let all = assert_cached_equals_fresh(&site, "first build", &[]);
    assert!(
        site.root().join(".glossgen-cache/manifest").is_file(),
        "the cache is kept"
    );
    let again = assert_cached_equals_fresh(&site, "unchanged", &[]);
    assert!(
        again < all,
        "an unchanged site renders no page: {again} of {all}"
    );
    let edits: &[(&str, &str, &str)] = &[
        (
            "body",
            "content/cac.md",
            &term("CAC", "tags: [指標]", "顧客獲得単価。広告費で割る。"),
        ),
        (
            "mention",
            "content/churn.md",
            &term("チャーン", "", "解約率。CACにも効く。"),
        ),
        (
            "title",
            "content/cac.md",
            &term("顧客獲得単価", "tags: [指標]", "顧客獲得単価。"),
        ),
        (
            "alias",
            "content/churn.md",
            &term("チャーン", "aliases: [churn]", "解約率。"),
        ),
        (
            "tags",
            "content/churn.md",
            &term("チャーン", "tags: [指標, 解約]", "解約率。"),
        ),
        (
            "new term",
            "content/arpu.md",
            &term("ARPU", "tags: [指標]", "[[ltv]]の材料。"),
        ),
        (
            "template",
            "templates/404.html",
            "<p>ページがありません</p>",
        ),
        ("static file", "static/note.txt", "新しいメモ"),
        (
            "config",
            "config.yaml",
            "title: 新しい用語集\nbase_url: https://example.com/g/\nlanguage: ja\n",
        ),
    ];
    for (what, path, text) in edits {
        site.write(path, text);
        assert_cached_equals_fresh(&site, what, &[]);
    }
    std::fs::remove_file(site.root().join("content/arpu.md")).unwrap();
    assert_cached_equals_fresh(&site, "deleted term", &[]);
    let other = [("GLOSSGEN_TEST_VERSION", "99.0.0")];
    let after_upgrade = assert_cached_equals_fresh(&site, "glossgen version", &other);
    assert!(after_upgrade >= all, "another version's cache is not used");
}

#[test]
fn a_corrupt_or_truncated_cache_still_gives_a_correct_build() {
    let site = site();
    assert_cached_equals_fresh(&site, "first build", &[]);
    let cache = site.root().join(".glossgen-cache");
    // A stored page cut in half (it is also the output's file: both are rebuilt).
    let page = std::fs::read_dir(cache.join("pages"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let bytes = std::fs::read(&page).unwrap();
    std::fs::write(&page, &bytes[..bytes.len() / 2]).unwrap();
    assert_cached_equals_fresh(&site, "truncated page", &[]);
    // The rendered bodies, in shards: one cut short, then one byte changed in each, then two
    // swapped (each whole, under the other's name), then another glossgen's.
    let shards = || {
        let mut all: Vec<_> = std::fs::read_dir(cache.join("body-shards"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        all.sort();
        assert!(all.len() >= 2, "the bodies are in shards: {all:?}");
        all
    };
    let first = shards()[0].clone();
    let bytes = std::fs::read(&first).unwrap();
    std::fs::write(&first, &bytes[..bytes.len() / 2]).unwrap();
    assert_cached_equals_fresh(&site, "truncated body shard", &[]);
    // A body's `<p>` made `<q>`: still a readable file, only the checksum tells.
    for shard in shards() {
        let mut bytes = std::fs::read(&shard).unwrap();
        if let Some(at) = bytes.windows(3).position(|w| w == b"<p>") {
            bytes[at + 1] = b'q';
            std::fs::write(&shard, &bytes).unwrap();
        }
    }
    assert_cached_equals_fresh(&site, "corrupt body shards", &[]);
    let all = shards();
    let (a, b) = (
        std::fs::read(&all[0]).unwrap(),
        std::fs::read(&all[1]).unwrap(),
    );
    std::fs::write(&all[0], &b).unwrap();
    std::fs::write(&all[1], &a).unwrap();
    assert_cached_equals_fresh(&site, "swapped body shards", &[]);
    let other = [("GLOSSGEN_TEST_VERSION", "99.0.0")];
    assert_cached_equals_fresh(&site, "bodies of another version", &other);
    let manifest = cache.join("manifest");
    let text = std::fs::read(&manifest).unwrap();
    std::fs::write(&manifest, &text[..text.len() / 2]).unwrap();
    assert_cached_equals_fresh(&site, "truncated manifest", &[]);
    std::fs::write(&manifest, "garbage\n{}").unwrap();
    assert_cached_equals_fresh(&site, "corrupt manifest", &[]);
    std::fs::remove_dir_all(&cache).unwrap();
    assert_cached_equals_fresh(&site, "no cache", &[]);
}

#[test]
fn unchanged_files_keep_their_mtime_and_a_body_edit_rewrites_only_what_shows_it() {
    let site = site();
    build_into(site.root(), &site.out(), &[], &[]);
    let before = file_stamps(&site.out());
    build_into(site.root(), &site.out(), &[], &[]);
    assert_eq!(rewritten_since(&before, &site.out()), Vec::<String>::new());
    // Without the cache too: files are compared with the previous output.
    build_into(site.root(), &site.out(), &["--no-cache"], &[]);
    assert_eq!(rewritten_since(&before, &site.out()), Vec::<String>::new());

    // Below the summary (the first paragraph): only LTV's page shows it.
    site.write(
        "content/ltv.md",
        &term(
            "LTV",
            "tags: [指標]\naliases: [顧客生涯価値]",
            "顧客が生む利益の合計。\n\n## 詳しく\n\n[[cac]]と比べる。長く見る。",
        ),
    );
    build_into(site.root(), &site.out(), &[], &[]);
    assert_eq!(
        rewritten_since(&before, &site.out()),
        ["terms/ltv/index.html"]
    );
}

#[test]
fn a_body_edit_rewrites_one_shard_of_the_stored_bodies() {
    let site = site();
    build_into(site.root(), &site.out(), &[], &[]);
    let shards = site.root().join(".glossgen-cache/body-shards");
    let before = file_stamps(&shards);
    build_into(site.root(), &site.out(), &[], &[]);
    assert_eq!(rewritten_since(&before, &shards), Vec::<String>::new());
    site.write("content/churn.md", &term("チャーン", "", "解約の率。"));
    build_into(site.root(), &site.out(), &[], &[]);
    let changed = rewritten_since(&before, &shards);
    assert!(
        changed.len() <= 2,
        "the edited body's old and new shard: {changed:?}"
    );
    assert!(!changed.is_empty(), "the new body is kept");
}

#[test]
fn init_keeps_the_cache_out_of_git_and_its_site_builds_with_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    common::glossgen(["init".as_ref(), dir.as_os_str()]).expect(0);
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/.glossgen-cache/"), "{ignore}");
    // None with `--no-cache`; at the site root by default; where config.yaml says.
    build_into(&dir, &dir.join("public"), &["--no-cache"], &[]);
    assert!(!dir.join(".glossgen-cache").exists());
    build_into(&dir, &dir.join("public"), &[], &[]);
    assert!(dir.join(".glossgen-cache/manifest").is_file());
    let config = std::fs::read_to_string(dir.join("config.yaml")).unwrap();
    std::fs::write(
        dir.join("config.yaml"),
        format!("{config}\ncache_dir: .cache/gg\n"),
    )
    .unwrap();
    build_into(&dir, &dir.join("public"), &[], &[]);
    assert!(dir.join(".cache/gg/manifest").is_file());
}

#[test]
fn terms_with_the_same_body_keep_their_own_rendering_in_the_cache() {
    // Auto-linking never links a term to itself, so the same text renders differently
    // in each term: the stored bodies must not be shared between them.
    let body = "AアとBビーの違い。";
    let site = Site::with_config(
        "title: 用語集\nbase_url: https://example.com/g/\nlanguage: ja\nautolink: true\n",
        &[
            ("content/a.md", &term("Aア", "", body)),
            ("content/b.md", &term("Bビー", "", body)),
        ],
    );
    assert_cached_equals_fresh(&site, "first build", &[]);
    assert_cached_equals_fresh(&site, "from the cache", &[]);
    let a = std::fs::read_to_string(site.out().join("terms/a/index.html")).unwrap();
    assert!(a.contains("href=\"/g/terms/b/\""), "A's body links B");
}

#[test]
fn a_summary_edit_rewrites_the_pages_showing_the_summary_and_leaves_the_others() {
    let site = site();
    build_into(site.root(), &site.out(), &[], &[]);
    let before = file_stamps(&site.out());
    // CAC's first paragraph is its summary: on its card (LTV links it and shares the tag).
    site.write(
        "content/cac.md",
        &term("CAC", "tags: [指標]", "顧客ひとりの獲得にかかる費用。"),
    );
    build_into(site.root(), &site.out(), &[], &[]);
    let changed = rewritten_since(&before, &site.out());
    for page in ["terms/cac/index.html", "tags/指標/index.html"] {
        assert!(changed.iter().any(|c| c == page), "{page} in {changed:?}");
    }
    // Churn shows nothing of CAC; nor do the static file and the not-found page.
    for page in ["terms/churn/index.html", "note.txt", "404.html"] {
        assert!(!changed.iter().any(|c| c == page), "{page} in {changed:?}");
    }
}

#[test]
fn a_cache_folder_holding_the_writers_files_keeps_them() {
    let site = site();
    // A writer points the cache at a folder of their own, whose files have the names of
    // the cache's.
    let theirs = [
        ("pages/draft.md", "下書き"),
        ("pages/0123abcd", "a file with a hex-like name"),
        ("manifest", "my manifest"),
        ("bodies", "my bodies"),
        ("related-0", "my related"),
        ("body-shards/00", "my shard"),
        ("readme.txt", "メモ"),
    ];
    for (rel, text) in theirs {
        site.write(&format!("notes/{rel}"), text);
    }
    let notes = site.root().join("notes");
    let args = ["--cache-dir", notes.to_str().expect("UTF-8 temp path")];
    let run = build_into_with_env(site.root(), &site.out(), &args, &[]);
    assert!(
        run.stderr.contains(
            "notes: warning: the build cache's folder holds files glossgen did not write"
        ),
        "{}",
        run.stderr
    );
    site.write("content/cac.md", &term("CAC", "tags: [指標]", "獲得単価。"));
    build_into_with_env(site.root(), &site.out(), &args, &[]);
    for (rel, text) in theirs {
        assert_eq!(
            std::fs::read_to_string(notes.join(rel)).unwrap(),
            text,
            "{rel}"
        );
    }
    assert!(!notes.join("CACHEDIR.TAG").exists());
    // The default folder is glossgen's, and says so.
    build_into(site.root(), &site.out(), &[], &[]);
    let tag = std::fs::read_to_string(site.root().join(".glossgen-cache/CACHEDIR.TAG")).unwrap();
    assert!(
        tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"),
        "{tag}"
    );
}

#[test]
fn stored_related_terms_are_used_only_for_the_inputs_they_were_computed_from() {
    let site = site();
    assert_cached_equals_fresh(&site, "first build", &[]);
    let related = site.root().join(".glossgen-cache").join("related-0");
    let before = std::fs::read(&related).expect("related terms stored");
    // A new link makes チャーン related to CAC: the stored list is stale from now on.
    site.write(
        "content/churn.md",
        &term("チャーン", "", "解約率。[[cac]]と合わせて見る。"),
    );
    assert_cached_equals_fresh(&site, "a new link", &[]);
    assert_ne!(std::fs::read(&related).unwrap(), before, "stored anew");
    // The old list put back (whole, checksum and all): its inputs differ, it is not used.
    std::fs::write(&related, &before).unwrap();
    assert_cached_equals_fresh(&site, "stale related terms", &[]);
    let mut bytes = std::fs::read(&related).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&related, &bytes).unwrap();
    assert_cached_equals_fresh(&site, "corrupt related terms", &[]);
}
