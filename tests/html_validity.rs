//! The example site's pages are valid HTML and say the same thing minified or not.
//!
//! Validity: the W3C Nu HTML Checker (npm `vnu-jar`, run with Java) reports no error on any
//! page of either build. It skips with a message where Java or vnu.jar is absent; CI
//! (`.ci/run`) installs both. Sameness: each page is parsed with html5ever, and the trees
//! (elements, attributes, text with whitespace runs made one space) must be equal.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_example_site, html_files};
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Builds the example site minified and not: (temp folder, minified output, full output).
fn both_builds() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (min, full) = (dir.path().join("min"), dir.path().join("full"));
    build_example_site(&min, &[]);
    build_example_site(&full, &["--no-minify"]);
    (dir, min, full)
}

/// vnu.jar: `$GLOSSGEN_VNU_JAR`, else the global npm package's; `None` when Java or the jar
/// is missing.
fn vnu_jar() -> Option<PathBuf> {
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        return None;
    }
    if let Some(jar) = std::env::var_os("GLOSSGEN_VNU_JAR") {
        return Some(PathBuf::from(jar)).filter(|p| p.is_file());
    }
    let root = Command::new("npm").args(["root", "-g"]).output().ok()?;
    let root = String::from_utf8_lossy(&root.stdout).trim().to_string();
    Some(Path::new(&root).join("vnu-jar/build/dist/vnu.jar")).filter(|p| p.is_file())
}

/// One representative of every kind of page (and the paginated pages beyond the first).
const PAGE_KINDS: &[&str] = &[
    "index.html",
    "404.html",
    "search/index.html",
    "terms/index.html",
    "terms/ltv/index.html",
    "tags/index.html",
    "categories/index.html",
    "tags/指標/index.html",
    "tags/指標/page/2/index.html",
];

#[test]
fn every_page_of_the_example_site_is_valid_html_minified_or_not() {
    let Some(jar) = vnu_jar() else {
        eprintln!(
            "SKIPPED: the Nu HTML Checker needs java and vnu.jar (npm install -g vnu-jar, or set GLOSSGEN_VNU_JAR)"
        );
        return;
    };
    let (_dir, min, full) = both_builds();
    let mut files = Vec::new();
    for out in [&min, &full] {
        let pages = html_files(out);
        for kind in PAGE_KINDS {
            assert!(pages.iter().any(|p| p == kind), "{kind} is checked");
        }
        assert!(
            pages.iter().any(|p| p.starts_with("old/")),
            "a redirect page is checked"
        );
        files.extend(pages.iter().map(|p| out.join(p)));
    }
    let run = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("run java");
    let report =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors in {} pages:\n{report}",
        files.len()
    );
}

#[test]
fn minified_pages_parse_to_the_same_tree_and_text_as_unminified_ones() {
    let (_dir, min, full) = both_builds();
    let pages = html_files(&full);
    assert_eq!(pages, html_files(&min), "same pages");
    assert!(pages.len() > 50, "{} pages", pages.len());
    let (mut min_bytes, mut full_bytes) = (0, 0);
    for page in &pages {
        let a = std::fs::read_to_string(min.join(page)).unwrap();
        let b = std::fs::read_to_string(full.join(page)).unwrap();
        min_bytes += a.len();
        full_bytes += b.len();
        let (tree_a, tree_b) = (outline(&a), outline(&b));
        if tree_a != tree_b {
            let at = first_difference(&tree_a, &tree_b);
            panic!(
                "{page}: minified and unminified differ after {:?}\nminified:   {:?}\nunminified: {:?}",
                tree_a.get(at.saturating_sub(80)..at).unwrap_or(""),
                tree_a.get(at..at + 120).unwrap_or(&tree_a[at..]),
                tree_b.get(at..at + 120).unwrap_or(&tree_b[at..]),
            );
        }
    }
    assert!(
        min_bytes < full_bytes,
        "minified {min_bytes} bytes, unminified {full_bytes}"
    );
}

fn first_difference(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// The page as parsed by an HTML5 parser, written out as one string: elements with their
/// attributes (sorted), text with each whitespace run made one space, comments. Hashed
/// asset names (`style.0123456789.css`) differ, as the CSS is minified too: they are masked.
fn outline(html: &str) -> String {
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
    let mut out = String::new();
    write_node(&dom.document, &mut out);
    let hashed = regex::Regex::new(r"\.[0-9a-f]{10}\.(css|js|svg)").unwrap();
    hashed.replace_all(&out, ".HASH.$1").into_owned()
}

fn write_node(node: &Handle, out: &mut String) {
    match &node.data {
        NodeData::Element { name, attrs, .. } => {
            let mut attrs: Vec<String> = attrs
                .borrow()
                .iter()
                .map(|a| format!("{}={:?}", a.name.local, a.value.to_string()))
                .collect();
            attrs.sort();
            out.push_str(&format!("<{} {}>", name.local, attrs.join(" ")));
        }
        NodeData::Text { contents } => {
            let text = contents.borrow();
            let mut last_space = false;
            for c in text.chars() {
                let space = c.is_ascii_whitespace();
                if !(space && last_space) {
                    out.push(if space { ' ' } else { c });
                }
                last_space = space;
            }
        }
        NodeData::Comment { contents } => out.push_str(&format!("<!--{contents}-->")),
        _ => {}
    }
    for child in node.children.borrow().iter() {
        write_node(child, out);
    }
    if let NodeData::Element { name, .. } = &node.data {
        out.push_str(&format!("</{}>", name.local));
    }
}
