//! The reader's pages in headless Chromium, on the example site: the term map draws nodes
//! and a click opens a term; no page overflows sideways at 375 px; no console errors.
//! Each check loads the built page in an iframe of a test-only wrapper page whose script
//! writes what it saw into the wrapper's DOM for `--dump-dom`. Skipped without Chromium.

mod common;

use common::browser::{chromium, console_messages, dump_dom, out_line, serve_example_site};

/// Opens the term map, waits for the layout, reports the nodes, follows a `?term=` focus
/// and clicks the first node.
const GRAPH: &str = r#"<!doctype html><meta charset="utf-8">
<iframe id="f" src="/graph/?term=ltv" width="1280" height="900"></iframe>
<pre id="out"></pre>
<script>
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
document.getElementById("f").addEventListener("load", async () => {
  const f = document.getElementById("f");
  await wait(2000);
  const d = f.contentDocument, w = f.contentWindow;
  const log = [];
  const nodes = d.querySelectorAll("svg#graph a.graph-node");
  log.push("nodes=" + nodes.length);
  log.push("edges=" + d.querySelectorAll("svg#graph line.graph-edge").length);
  log.push("labels=" + d.querySelectorAll("svg#graph a.graph-node text").length);
  const focus = d.querySelector("a.graph-node.is-focus");
  log.push("focus=" + (focus ? focus.getAttribute("data-slug") : ""));
  const inside = Array.from(nodes).every((a) => {
    const c = a.querySelector("circle").getBoundingClientRect();
    return c.left >= 0 && c.right <= d.documentElement.clientWidth;
  });
  log.push("inside=" + inside);
  // Search focuses a node.
  const q = d.getElementById("graph-q");
  q.value = "CAC";
  d.getElementById("graph-controls").dispatchEvent(new w.Event("submit", { cancelable: true }));
  await wait(1500);
  const searched = d.querySelector("a.graph-node.is-focus");
  log.push("searched=" + (searched ? searched.getAttribute("data-slug") : ""));
  log.push("query=" + w.location.search);
  // A category filter keeps only that category's terms.
  const cat = d.getElementById("graph-category");
  log.push("categories=" + (cat.options.length - 1));
  const target = d.querySelector("a.graph-node").getAttribute("href");
  log.push("target=" + target);
  d.querySelector("a.graph-node").dispatchEvent(new w.MouseEvent("click", { bubbles: true, cancelable: true }));
  await wait(2000);
  log.push("after=" + f.contentWindow.location.pathname);
  document.getElementById("out").textContent = log.join("\n");
}, { once: true });
</script>"#;

#[test]
fn term_map_draws_nodes_focuses_a_term_and_a_click_opens_it() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (out, base) = serve_example_site();
    std::fs::write(out.path().join("graph-test.html"), GRAPH).expect("wrapper");
    let dom = dump_dom(&chromium, &format!("{base}graph-test.html"));
    let nodes: usize = out_line(&dom, "nodes").parse().expect("count");
    assert!(nodes >= 10, "{dom}");
    assert!(
        out_line(&dom, "edges").parse::<usize>().expect("edges") > 0,
        "{dom}"
    );
    assert!(
        out_line(&dom, "labels").parse::<usize>().expect("labels") > 0,
        "{dom}"
    );
    assert_eq!(out_line(&dom, "focus"), "ltv", "{dom}");
    assert_eq!(out_line(&dom, "inside"), "true", "{dom}");
    assert_eq!(out_line(&dom, "searched"), "cac", "{dom}");
    assert_eq!(out_line(&dom, "query"), "?term=cac", "{dom}");
    assert!(out_line(&dom, "categories").parse::<usize>().expect("n") >= 2);
    let target = out_line(&dom, "target");
    assert!(target.starts_with("/terms/"), "{dom}");
    assert_eq!(out_line(&dom, "after"), target, "{dom}");
}

/// Loads each page at 375 px and reports its width against the viewport's, with the widest
/// element when it overflows.
const OVERFLOW: &str = r#"<!doctype html><meta charset="utf-8">
<iframe id="f" width="375" height="700"></iframe>
<pre id="out"></pre>
<script>
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const PAGES = PAGES_JSON;
(async () => {
  const f = document.getElementById("f");
  const log = [];
  for (const page of PAGES) {
    await new Promise((r) => { f.onload = r; f.src = page; });
    await wait(1200);
    const d = f.contentDocument;
    const width = d.documentElement.clientWidth;
    let widest = "";
    d.querySelectorAll("body *").forEach((e) => {
      const r = e.getBoundingClientRect();
      if (r.right > width + 1 && !widest) widest = e.tagName + "." + e.className;
    });
    log.push(page + "=" + d.documentElement.scrollWidth + "/" + width + " " + widest);
  }
  document.getElementById("out").textContent = log.join("\n");
})();
</script>"#;

/// Pages of the example site a reader visits: home, term, index, tag, search, term map.
fn reader_pages(out: &std::path::Path) -> Vec<String> {
    let tag = std::fs::read_dir(out.join("tags"))
        .expect("tags folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .min()
        .expect("a tag");
    vec![
        "/".to_string(),
        "/terms/ltv/".to_string(),
        "/terms/".to_string(),
        format!("/tags/{tag}/"),
        "/search/?q=ltv".to_string(),
        "/graph/".to_string(),
    ]
}

#[test]
fn no_page_overflows_sideways_at_375_px() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (out, base) = serve_example_site();
    let pages = reader_pages(out.path());
    let json = serde_json::to_string(&pages).expect("json");
    std::fs::write(
        out.path().join("overflow-test.html"),
        OVERFLOW.replace("PAGES_JSON", &json),
    )
    .expect("wrapper");
    let dom = dump_dom(&chromium, &format!("{base}overflow-test.html"));
    for page in &pages {
        let line = out_line(&dom, page);
        let (sizes, widest) = line.split_once(' ').unwrap_or((line, ""));
        let (scroll, client) = sizes.split_once('/').expect("sizes");
        assert_eq!(
            scroll, client,
            "{page} overflows at 375 px: {widest}\n{dom}"
        );
    }
}

#[test]
fn reader_pages_log_no_console_errors() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (out, base) = serve_example_site();
    for page in reader_pages(out.path()) {
        let url = format!("{}{}", base.trim_end_matches('/'), page);
        let messages = console_messages(&chromium, &url);
        assert!(messages.is_empty(), "{page}: {messages:#?}");
    }
}
