//! Accessibility audit: axe-core (installed from npm by `.ci/run`) run inside the system
//! Chromium on the example site's home, term, search and term-map pages, at 375 and
//! 1280 px. No violation of impact `serious` or `critical` may remain.
//!
//! axe is looked for at `$AXE_CORE_JS`, else `.ci/node_modules/axe-core/axe.min.js`. Without
//! it (or without Chromium) the test prints SKIPPED, unless `GLOSSGEN_REQUIRE_AXE` is set, as
//! CI does, so the audit never silently skips there.

mod common;

use std::path::PathBuf;

use common::browser::{chromium, run_chromium, serve_example_site};

fn axe_script() -> Option<PathBuf> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/node_modules/axe-core/axe.min.js")
        });
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("GLOSSGEN_REQUIRE_AXE").is_none(),
        "axe-core not found at {} (npm install --prefix .ci axe-core@4)",
        path.display()
    );
    println!("SKIPPED: axe-core not found at {}", path.display());
    None
}

/// Loads each page in an iframe of the given width, injects axe, writes one line per page:
/// `page=[[rule, impact, node count, first target], …]`.
const AUDIT: &str = r#"<!doctype html><meta charset="utf-8">
<iframe id="f" width="WIDTH" height="800"></iframe>
<pre id="out"></pre>
<script>
const PAGES = PAGES_JSON;
(async () => {
  const f = document.getElementById("f");
  const log = [];
  for (const page of PAGES) {
    await new Promise((r) => { f.onload = r; f.src = page; });
    await new Promise((r) => setTimeout(r, 1500));
    const d = f.contentDocument, w = f.contentWindow;
    await new Promise((r) => { const s = d.createElement("script"); s.src = "/axe.min.js"; s.onload = r; d.head.appendChild(s); });
    const result = await w.axe.run(d, { resultTypes: ["violations"] });
    const found = result.violations.map((v) => [v.id, v.impact, v.nodes.length, String(v.nodes[0].target)]);
    log.push(page + "=" + JSON.stringify(found));
  }
  document.getElementById("out").textContent = log.join("\n");
})();
</script>"#;

const PAGES: [&str; 4] = ["/", "/terms/ltv/", "/search/?q=ltv", "/graph/"];

#[test]
fn axe_finds_no_serious_or_critical_violations() {
    let Some(chromium) = chromium() else {
        return;
    };
    let Some(axe) = axe_script() else {
        return;
    };
    let (out, base) = serve_example_site();
    std::fs::copy(&axe, out.path().join("axe.min.js")).expect("copy axe");
    let pages = serde_json::to_string(&PAGES).expect("json");
    let mut serious = Vec::new();
    for width in ["375", "1280"] {
        let name = format!("audit-{width}.html");
        let page = AUDIT.replace("PAGES_JSON", &pages).replace("WIDTH", width);
        std::fs::write(out.path().join(&name), page).expect("wrapper");
        let run = run_chromium(
            &chromium,
            &format!("{base}{name}"),
            &["--virtual-time-budget=60000", "--dump-dom"],
        );
        let dom = String::from_utf8_lossy(&run.stdout).into_owned();
        for page in PAGES {
            let line = common::browser::out_line(&dom, page);
            let found: Vec<(String, String, usize, String)> =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            for v in found {
                println!("{width}px {page}: {} ({}) ×{} at {}", v.0, v.1, v.2, v.3);
                if v.1 == "serious" || v.1 == "critical" {
                    serious.push(format!("{width}px {page}: {v:?}"));
                }
            }
        }
    }
    assert!(serious.is_empty(), "{serious:#?}");
}
