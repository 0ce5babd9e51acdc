/* glossgen default theme: client-side search. No dependencies; loaded with `defer`. */
(function () {
  "use strict";

  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  if (!input || !results) return;

  var meta = document.querySelector('meta[name="glossgen-base"]');
  var base = meta && meta.content ? meta.content : "/";
  var entries = null; // normalised index, once loaded
  var timer = 0;

  // NFKC, lower case, katakana -> hiragana, runs of white space -> one space.
  function norm(s) {
    if (s == null) return "";
    s = String(s);
    if (s.normalize) s = s.normalize("NFKC");
    s = s.toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
    return s.replace(/\s+/g, " ").trim();
  }

  function list(v) {
    if (Array.isArray(v)) return v;
    return v == null || v === "" ? [] : [v];
  }

  function prepare(raw) {
    return raw.map(function (e) {
      var aliases = list(e.aliases);
      var tags = list(e.tags);
      return {
        e: { title: String(e.title || ""), url: String(e.url || ""), summary: String(e.summary || ""),
             reading: String(e.reading || ""), aliases: aliases.map(String), deprecated: e.deprecated === true },
        title: norm(e.title),
        aliases: aliases.map(norm),
        reading: norm(e.reading),
        tags: tags.map(norm),
        summary: norm(e.summary)
      };
    });
  }

  function some(arr, f) {
    for (var i = 0; i < arr.length; i++) if (f(arr[i])) return true;
    return false;
  }

  // Rank of one query part in one entry: 1 prefix of title/alias/reading,
  // 2 substring of title/alias/reading, 3 tag, 4 summary; -1 no match.
  function partRank(x, p) {
    var names = [x.title, x.reading].concat(x.aliases);
    if (some(names, function (n) { return n && n.indexOf(p) === 0; })) return 1;
    if (some(names, function (n) { return n.indexOf(p) !== -1; })) return 2;
    if (some(x.tags, function (t) { return t.indexOf(p) !== -1; })) return 3;
    if (x.summary.indexOf(p) !== -1) return 4;
    return -1;
  }

  function search(q) {
    var nq = norm(q);
    if (!nq) return [];
    var parts = nq.split(" ");
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var x = entries[i];
      var sum = 0;
      for (var j = 0; j < parts.length; j++) {
        var r = partRank(x, parts[j]);
        if (r < 0) { sum = -1; break; }
        sum += r;
      }
      if (sum < 0) continue;
      var exact = x.title === nq || x.aliases.indexOf(nq) !== -1;
      hits.push({ x: x, score: exact ? 0 : sum });
    }
    hits.sort(function (a, b) {
      return a.score - b.score || a.x.e.title.localeCompare(b.x.e.title, document.documentElement.lang || undefined);
    });
    return hits.map(function (h) { return h.x.e; });
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }

  function safeUrl(u) {
    return /^\s*(javascript|data|vbscript):/i.test(u) ? "#" : u;
  }

  function render(q) {
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!entries || !norm(q)) return;
    var found = search(q);
    if (!found.length) {
      results.appendChild(el("p", "search-empty", results.getAttribute("data-no-results") || ""));
      return;
    }
    var label = results.getAttribute("data-results-label") || "";
    var suffix = results.getAttribute("data-count-suffix") || "";
    results.appendChild(el("p", "search-status", (label ? label + ": " : "") + found.length + suffix));
    var ol = el("ol", "search-list");
    found.forEach(function (e) {
      var li = el("li");
      var a = el("a", "result-title", e.title);
      a.href = safeUrl(e.url);
      li.appendChild(a);
      if (e.deprecated) {
        li.className = "deprecated";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "badge-deprecated", results.getAttribute("data-deprecated-label") || "deprecated"));
      }
      var meta = e.aliases.slice();
      if (e.reading && e.reading !== e.title) meta.push(e.reading);
      if (meta.length) li.appendChild(el("p", "result-meta", meta.join(" / ")));
      if (e.summary) li.appendChild(el("p", "result-summary", e.summary));
      ol.appendChild(li);
    });
    results.appendChild(ol);
  }

  function updateUrl(q) {
    if (!window.history || !history.replaceState) return;
    try {
      var url = new URL(window.location.href);
      if (q.trim()) url.searchParams.set("q", q);
      else url.searchParams.delete("q");
      history.replaceState(history.state, "", url.toString());
    } catch (err) { /* file:// or old browser: ignore */ }
  }

  function run() {
    var q = input.value;
    render(q);
    updateUrl(q);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  var initial = "";
  try { initial = new URLSearchParams(window.location.search).get("q") || ""; } catch (err) { initial = ""; }
  if (initial) input.value = initial;

  input.addEventListener("input", function (ev) {
    if (ev.isComposing) return; // wait for the IME to commit
    schedule();
  });
  input.addEventListener("compositionend", schedule);
  if (input.form) {
    input.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      run();
    });
  }

  fetch(base + "search-index.json", { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (data) {
      entries = prepare(Array.isArray(data) ? data : []);
      if (input.value) render(input.value);
    })
    .catch(function (err) {
      if (window.console) console.warn("glossgen: cannot load search index:", err);
    });
})();
