//! Shared helpers for the integration tests: write a small site into a temporary folder, run
//! the real `glossgen` binary on it, read what it wrote.
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

pub mod browser;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A minimal Japanese site config with a root base URL.
pub const CONFIG: &str = "title: テスト用語集\nbase_url: https://example.com/\nlanguage: ja\n";

/// A term file: `title`, further front matter lines (may be empty), then the body.
pub fn term(title: &str, front: &str, body: &str) -> String {
    let mut s = format!("---\ntitle: {title}\n");
    for line in front.lines().filter(|l| !l.trim().is_empty()) {
        s.push_str(line);
        s.push('\n');
    }
    s.push_str("---\n\n");
    s.push_str(body);
    s.push('\n');
    s
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole stderr unless the run exited with `code`.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}, got {}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        );
        self
    }

    /// The `file:line: error: …` and `…: warning: …` lines of stderr, in the order printed:
    /// compare them whole, as a writer reads them.
    pub fn problem_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .collect()
    }

    /// The stderr lines that mention `needle`.
    pub fn lines_with(&self, needle: &str) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(needle)).collect()
    }
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Runs `glossgen ARGS…` and captures its exit code and output.
pub fn glossgen<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Run::from(
        Command::cargo_bin("glossgen")
            .expect("the glossgen binary")
            .args(args)
            .output()
            .expect("run glossgen"),
    )
}

/// Runs `glossgen ARGS…`, killed after `limit`: a hang shows as a failed test, not a stuck
/// suite. (No timing is asserted: the limit is generous.)
pub fn glossgen_within<I, S>(limit: std::time::Duration, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Run::from(
        Command::cargo_bin("glossgen")
            .expect("the glossgen binary")
            .args(args)
            .timeout(limit)
            .output()
            .expect("run glossgen"),
    )
}

/// A site in a temporary folder; the folder is removed when the value is dropped.
pub struct Site {
    pub dir: TempDir,
}

impl Site {
    /// A site with [`CONFIG`] (unless `files` holds a `config.yaml`) and the given files.
    pub fn new(files: &[(&str, &str)]) -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        if !files.iter().any(|(p, _)| *p == "config.yaml") {
            site.write("config.yaml", CONFIG);
        }
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// A site with the given config.yaml text and files.
    pub fn with_config(config: &str, files: &[(&str, &str)]) -> Site {
        let site = Site::new(files);
        site.write("config.yaml", config);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder, `public/` under the root.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// The arguments `CMD --root ROOT EXTRA…`: every command a test runs on a site is
    /// spelt here, whether run to completion ([`Site::run`]) or kept running (serve).
    pub fn args(&self, cmd: &str, extra: &[&str]) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> =
            vec![cmd.into(), "--root".into(), self.root().into()];
        args.extend(extra.iter().map(Into::into));
        args
    }

    /// `glossgen CMD --root ROOT EXTRA…`.
    pub fn run(&self, cmd: &str, extra: &[&str]) -> Run {
        glossgen(self.args(cmd, extra))
    }

    /// `glossgen build --root ROOT --no-minify EXTRA…` (output: `public/` under the root).
    pub fn build_with(&self, extra: &[&str]) -> Run {
        let args: Vec<&str> = std::iter::once("--no-minify")
            .chain(extra.iter().copied())
            .collect();
        self.run("build", &args)
    }

    /// `build` as a writer runs it (minified unless config.yaml says otherwise), which must
    /// succeed.
    pub fn build_as_configured(&self) -> Run {
        self.run("build", &[]).expect(0)
    }

    /// `glossgen build --root ROOT --output OUT EXTRA…` into a folder outside the site.
    pub fn build_into(&self, out: &Path, extra: &[&str]) -> Run {
        build_into(self.root(), out, extra)
    }

    /// `build --no-minify`, which must succeed.
    pub fn build(&self) -> Run {
        self.build_with(&[]).expect(0)
    }

    /// `build --no-minify`, which must fail with exit 1.
    pub fn build_fails(&self) -> Run {
        self.build_with(&[]).expect(1)
    }

    /// `glossgen CMD --root ROOT` (minified, as a writer runs it), killed after `limit`.
    pub fn run_within(&self, limit: std::time::Duration, cmd: &str) -> Run {
        glossgen_within(limit, self.args(cmd, &[]))
    }

    /// `glossgen check --root ROOT`.
    pub fn check(&self) -> Run {
        self.run("check", &[])
    }

    /// A file of the built site (relative to the output folder), as text.
    pub fn page(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Whether the built site has a file at `rel`.
    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }
}

/// `glossgen build --root ROOT --output OUT EXTRA…` (minified, as a writer runs it), for
/// sites that are not a [`Site`] (the example site, a folder made by `init`).
pub fn build_into(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "build".into(),
        "--root".into(),
        root.into(),
        "--output".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(Into::into));
    glossgen(args)
}

/// The repository's example site: config.yaml and content/ at the crate root.
pub fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary as a [`std::process::Command`], for tests that keep it running (serve) or
/// run several at once.
pub fn glossgen_command() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_glossgen"))
}

/// How many times `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The `href="…"` values of `html`, in document order: what a list of links leads to.
pub fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Asserts that two folders hold the same files with the same bytes. On a difference it
/// names every file only in one of them and every file that differs, with the first line
/// that does.
pub fn assert_same_tree(actual: &Path, expected: &Path) {
    let a = tree(actual);
    let b = tree(expected);
    let mut problems = Vec::new();
    for path in a.keys().filter(|p| !b.contains_key(*p)) {
        problems.push(format!("only in {}: {path}", actual.display()));
    }
    for path in b.keys().filter(|p| !a.contains_key(*p)) {
        problems.push(format!("only in {}: {path}", expected.display()));
    }
    for (path, bytes) in a
        .iter()
        .filter(|(p, bytes)| b.get(*p).is_some_and(|o| o != *bytes))
    {
        let (left, right) = (
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[path]),
        );
        let first = left
            .lines()
            .zip(right.lines())
            .position(|(l, r)| l != r)
            .map_or_else(
                || "lengths differ".to_string(),
                |i| format!("line {}", i + 1),
            );
        problems.push(format!("{path} differs ({first})"));
    }
    assert!(
        problems.is_empty(),
        "{} and {} differ:\n{}",
        actual.display(),
        expected.display(),
        problems.join("\n")
    );
}

/// Every file below `dir` as (path relative to `dir` with `/`, bytes), sorted by path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The text of `html` from the first `start` to the first `end` after it (neither included).
/// Panics when `start` is missing; runs to the end when `end` is.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"))
        + start.len();
    let rest = &html[from..];
    match rest.find(end) {
        Some(to) => &rest[..to],
        None => rest,
    }
}

/// The rendered body of a term page (the default theme's `prose term-body` block), without
/// the header, the related and backlinks sections.
pub fn term_body(html: &str) -> &str {
    let from = html
        .find("class=\"prose term-body\">")
        .unwrap_or_else(|| panic!("no term body in:\n{html}"));
    let rest = &html[from..];
    let end = ["<section class=", "</article>"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// A named `<section class="NAME" …>…</section>` of a page, or `None` when the page has none.
pub fn section<'a>(html: &'a str, class: &str) -> Option<&'a str> {
    let marker = format!("<section class=\"{class}\"");
    let from = html.find(&marker)?;
    let rest = &html[from..];
    let end = rest
        .find("</section>")
        .map_or(rest.len(), |i| i + "</section>".len());
    Some(&rest[..end])
}

/// Positions of each needle in `haystack`; panics naming the first one missing.
pub fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("`{n}` not found in:\n{haystack}"))
        })
        .collect()
}

/// Asserts the needles appear in `haystack` in the given order (first occurrences).
pub fn assert_in_order(haystack: &str, needles: &[&str]) {
    let pos = positions(haystack, needles);
    for i in 1..pos.len() {
        assert!(
            pos[i - 1] < pos[i],
            "`{}` should come before `{}` in:\n{haystack}",
            needles[i - 1],
            needles[i]
        );
    }
}

/// Runs `glossgen ARGS…` in the folder `cwd` with extra environment variables.
pub fn glossgen_in<I, S>(cwd: &Path, env: &[(&str, &std::ffi::OsStr)], args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::cargo_bin("glossgen").expect("the glossgen binary");
    cmd.current_dir(cwd).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().expect("run glossgen"))
}

/// What glossgen keeps beside an output folder `name` in `dir` other than its lock file:
/// staging and old folders, which must not outlive a build.
pub fn leftovers(dir: &Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.glossgen-");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix) && !n.ends_with("-lock"))
        .collect()
}

/// A corpus of `../shared/corpora/` (or of the folder `GLOSSGEN_CORPORA` names, for a
/// checkout elsewhere), or `None` (with a printed message) where it is absent, so that tests
/// using it skip cleanly.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let base = std::env::var_os("GLOSSGEN_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
        PathBuf::from,
    );
    let dir = base.join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} not present", dir.display());
        None
    }
}

/// `glossgen import hugo SRC DEST EXTRA…`.
pub fn import_hugo(src: &Path, dest: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<std::ffi::OsString> =
        vec!["import".into(), "hugo".into(), src.into(), dest.into()];
    args.extend(extra.iter().map(Into::into));
    glossgen(args)
}

/// `html` without `title="…"` attributes: term links carry the linked term's summary there
/// (for previews); tests of what a link leads to and shows compare without it.
pub fn without_titles(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" title=\"") {
        out.push_str(&rest[..at]);
        let value = &rest[at + " title=\"".len()..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// Builds the example site in the repository (`content/`, `config.yaml`) into `out`, with
/// extra arguments (`--no-minify`); panics unless the build succeeds.
pub fn build_example_site(out: &Path, extra: &[&str]) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "build".as_ref(),
        "--root".as_ref(),
        repo.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    glossgen(args).expect(0);
}

/// The `.html` files below `dir`, as paths relative to it with `/`, sorted.
pub fn html_files(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

/// graph.json (format 2) read back: node slugs in order, and each edge as
/// `(source slug, target slug, kind)`.
#[allow(dead_code)]
pub fn graph_edges(json: &str) -> (Vec<String>, Vec<(String, String, String)>) {
    let g: serde_json::Value = serde_json::from_str(json).expect("graph.json is JSON");
    assert_eq!(g["format"], 2, "{json}");
    let slugs: Vec<String> = g["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n[0].as_str().expect("slug").to_string())
        .collect();
    let kinds = g["kinds"].as_array().expect("kinds");
    let at = |v: &serde_json::Value| v.as_u64().expect("index") as usize;
    let edges = g["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                slugs[at(&e[0])].clone(),
                slugs[at(&e[1])].clone(),
                kinds[at(&e[2])].as_str().expect("kind").to_string(),
            )
        })
        .collect();
    (slugs, edges)
}

/// [`build_into`] run in the site folder with extra environment variables; must succeed.
pub fn build_into_with_env(root: &Path, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "build".into(),
        "--root".into(),
        root.into(),
        "--output".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    glossgen_in(root, &env, args).expect(0)
}

/// Per file below `dir`: (mtime, inode), to tell which files a later build rewrote.
#[cfg(unix)]
pub fn file_stamps(dir: &Path) -> BTreeMap<String, (std::time::SystemTime, u64)> {
    use std::os::unix::fs::MetadataExt;
    tree(dir)
        .into_keys()
        .map(|rel| {
            let meta = std::fs::metadata(dir.join(&rel)).unwrap();
            (rel, (meta.modified().unwrap(), meta.ino()))
        })
        .collect()
}

/// The files below `dir` that are new or rewritten since `before` was taken, sorted.
#[cfg(unix)]
pub fn rewritten_since(
    before: &BTreeMap<String, (std::time::SystemTime, u64)>,
    dir: &Path,
) -> Vec<String> {
    file_stamps(dir)
        .into_iter()
        .filter(|(rel, stamp)| before.get(rel) != Some(stamp))
        .map(|(rel, _)| rel)
        .collect()
}
