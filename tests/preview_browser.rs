//! Hover and focus previews of term links (`preview.js`) in headless Chromium, on the example
//! site. The built page is loaded in an iframe of a test-only wrapper page whose script
//! focuses, hovers and presses Esc, then writes what the reader would see into the wrapper's
//! DOM for `--dump-dom`. Skipped when Chromium is absent.

mod common;

use common::browser::{chromium, dump_dom, out_line, serve_example_site};

const WRAPPER: &str = r#"<!doctype html><meta charset="utf-8">
<iframe id="f" src="/terms/cross-sell/" width="375" height="600"></iframe>
<pre id="out"></pre>
<script>
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
document.getElementById("f").addEventListener("load", async () => {
  const f = document.getElementById("f");
  const d = f.contentDocument, w = f.contentWindow;
  const log = [];
  const box = () => d.getElementById("term-preview");
  const report = (name, a) => {
    const b = box();
    const r = b ? b.getBoundingClientRect() : null;
    log.push(name + ".href=" + new URL(a.href).pathname);
    log.push(name + ".shown=" + !!(b && !b.hidden));
    log.push(name + ".describedby=" + a.getAttribute("aria-describedby"));
    log.push(name + ".role=" + (b && b.getAttribute("role")));
    log.push(name + ".text=" + (b ? b.textContent : ""));
    log.push(name + ".inside=" + !!(r && r.left >= 0 && r.right <= d.documentElement.clientWidth && r.width > 0));
    log.push(name + ".title=" + a.hasAttribute("title"));
  };
  const links = d.querySelectorAll("a.term-ref, a.term-auto");
  log.push("start=" + w.location.pathname);
  log.push("links=" + links.length);
  const first = links[0];
  first.focus();
  await wait(800);
  report("focus", first);
  first.dispatchEvent(new w.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  log.push("esc.shown=" + !box().hidden);
  log.push("esc.describedby=" + first.getAttribute("aria-describedby"));
  first.blur();
  const second = links[links.length - 1];
  second.dispatchEvent(new w.MouseEvent("mouseover", { bubbles: true }));
  await wait(300);
  report("hover", second);
  second.dispatchEvent(new w.MouseEvent("mouseout", { bubbles: true }));
  await wait(400);
  // A backlink has no `title` (its sentence is shown): the preview comes from the index.
  const back = d.querySelector(".backlinks a[href]");
  back.dispatchEvent(new w.MouseEvent("mouseover", { bubbles: true }));
  await wait(300);
  report("backlink", back);
  back.dispatchEvent(new w.MouseEvent("mouseout", { bubbles: true }));
  await wait(400);
  // Touch: the first tap previews, the second follows the link.
  const tapped = links[0];
  const tap = () => {
    tapped.dispatchEvent(new w.PointerEvent("pointerdown", { pointerType: "touch", bubbles: true }));
    tapped.click();
  };
  tap();
  await wait(300);
  log.push("tap1.shown=" + !box().hidden);
  log.push("tap1.path=" + w.location.pathname);
  tap();
  await wait(1500);
  log.push("tap2.path=" + f.contentWindow.location.pathname);
  document.getElementById("out").textContent = log.join("\n");
}, { once: true });
</script>"#;

#[test]
fn focus_and_hover_show_the_summary_and_esc_closes_it() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (out, base) = serve_example_site();
    std::fs::write(out.path().join("preview-test.html"), WRAPPER).expect("wrapper");
    let index: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("search-index.json")).expect("index"),
    )
    .expect("index json");
    let entry = |url: &str| {
        index
            .iter()
            .find(|e| e["url"] == url)
            .unwrap_or_else(|| panic!("{url} not in the index"))
            .clone()
    };

    let dom = dump_dom(&chromium, &format!("{base}preview-test.html"));
    assert!(
        out_line(&dom, "links").parse::<usize>().expect("count") > 1,
        "{dom}"
    );
    for how in ["focus", "hover", "backlink"] {
        let e = entry(out_line(&dom, &format!("{how}.href")));
        let text = out_line(&dom, &format!("{how}.text"));
        let title = e["title"].as_str().expect("title");
        let summary = e["summary"].as_str().expect("summary");
        assert!(text.starts_with(title), "{how}: {text} / {title}");
        assert!(text.contains(summary), "{how}: {text} / {summary}");
        if let Some(reading) = e["reading"]
            .as_str()
            .filter(|r| !r.is_empty() && *r != title)
        {
            assert!(text.contains(reading), "{how}: {text} / {reading}");
        }
        assert_eq!(out_line(&dom, &format!("{how}.shown")), "true", "{dom}");
        assert_eq!(
            out_line(&dom, &format!("{how}.describedby")),
            "term-preview"
        );
        assert_eq!(out_line(&dom, &format!("{how}.role")), "tooltip");
        assert_eq!(out_line(&dom, &format!("{how}.inside")), "true", "{dom}");
        // The native tooltip would repeat the preview: the script moves `title` away.
        assert_eq!(out_line(&dom, &format!("{how}.title")), "false");
    }
    assert_eq!(out_line(&dom, "esc.shown"), "false", "{dom}");
    assert_eq!(out_line(&dom, "esc.describedby"), "null", "{dom}");
    assert_eq!(out_line(&dom, "start"), "/terms/cross-sell/", "{dom}");
    assert_eq!(out_line(&dom, "tap1.shown"), "true", "{dom}");
    assert_eq!(out_line(&dom, "tap1.path"), "/terms/cross-sell/", "{dom}");
    assert_eq!(
        out_line(&dom, "tap2.path"),
        out_line(&dom, "focus.href"),
        "{dom}"
    );

    // The page does not carry the linked terms' summaries: the script reads them from the
    // one shared index (checked above), so body links have no `title`.
    let page =
        std::fs::read_to_string(out.path().join("terms/cross-sell/index.html")).expect("page");
    let body = page
        .split("<div class=\"prose term-body\">")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("body");
    assert!(body.contains("href=\"/terms/ltv/\""), "no link to LTV");
    assert!(
        !body.contains(" title="),
        "a body link carries a title: {body}"
    );
}
