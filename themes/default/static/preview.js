/* glossgen default theme: hover and focus previews of links to terms. No dependencies;
   loaded with `defer`. The title, reading and summary come from search-index.json, fetched
   once on first use: pages do not carry the summaries of the terms they link to. */
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute("data-index");
  if (!indexUrl || !window.fetch) return;
  var entries = null; // url -> {title, reading, summary}
  var loading = null;
  var box = null;
  var current = null; // the link whose preview shows
  var hideTimer = 0;
  var lastPointer = "mouse";

  function load() {
    if (!loading) {
      loading = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .catch(function () { return []; })
        .then(function (list) {
          entries = {};
          (list || []).forEach(function (e) { entries[e.url] = e; });
          return entries;
        });
    }
    return loading;
  }

  // The path of a same-site link (without #fragment and query), or "".
  function pathOf(a) {
    if (!a.href || a.target === "_blank") return "";
    try {
      var u = new URL(a.href, location.href);
      return u.origin === location.origin ? u.pathname : "";
    } catch (e) { return ""; }
  }

  function termLink(node) {
    var a = node && node.closest ? node.closest("a[href]") : null;
    if (!a || (box && box.contains(a))) return null;
    var path = pathOf(a);
    if (!path || path === location.pathname) return null;
    // Known terms only (any same-site link until the index has arrived).
    return !entries || entries[path] ? a : null;
  }

  // Shows the preview of `a` once the index says it is a term.
  function maybeShow(a) {
    if (entries) { show(a); return; }
    current = a;
    load().then(function () { if (current === a && entries[pathOf(a)]) show(a); });
  }

  function ensureBox() {
    if (box) return box;
    box = document.createElement("div");
    box.id = "term-preview";
    box.className = "term-preview";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("mouseleave", function () { scheduleHide(); });
    document.body.appendChild(box);
    return box;
  }

  function fill(a, e) {
    var b = ensureBox();
    b.textContent = "";
    var title = document.createElement("p");
    title.className = "term-preview-title";
    title.textContent = e ? e.title : a.textContent;
    b.appendChild(title);
    if (e && e.reading && e.reading !== e.title) {
      var reading = document.createElement("p");
      reading.className = "term-preview-reading";
      reading.textContent = e.reading;
      b.appendChild(reading);
    }
    var summary = (e && e.summary) || a.getAttribute("data-preview") || "";
    if (summary) {
      var p = document.createElement("p");
      p.className = "term-preview-summary";
      p.textContent = summary;
      b.appendChild(p);
    }
  }

  // Below the link, or above it when there is no room; always inside the viewport.
  function place(a) {
    var b = box;
    var r = a.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = document.documentElement.clientHeight;
    b.style.maxWidth = Math.min(352, vw - 16) + "px";
    var w = b.offsetWidth;
    var h = b.offsetHeight;
    var left = Math.max(8, Math.min(r.left, vw - w - 8));
    var top = r.bottom + 6;
    if (top + h > vh - 8 && r.top - h - 6 >= 8) top = r.top - h - 6;
    b.style.left = Math.round(left + window.scrollX) + "px";
    b.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(a) {
    clearTimeout(hideTimer);
    // The native tooltip would repeat the summary: keep it as data instead.
    if (a.hasAttribute("title")) {
      a.setAttribute("data-preview", a.getAttribute("title"));
      a.removeAttribute("title");
    }
    if (current && current !== a) current.removeAttribute("aria-describedby");
    current = a;
    var render = function () {
      if (current !== a) return;
      fill(a, entries && entries[pathOf(a)]);
      box.hidden = false;
      a.setAttribute("aria-describedby", "term-preview");
      place(a);
    };
    render();
  }

  function hide() {
    clearTimeout(hideTimer);
    if (box) box.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  document.addEventListener("pointerdown", function (ev) { lastPointer = ev.pointerType || "mouse"; }, true);
  document.addEventListener("mouseover", function (ev) {
    if (lastPointer === "touch") return;
    var a = termLink(ev.target);
    if (a) maybeShow(a);
  });
  document.addEventListener("mouseout", function (ev) {
    if (current && termLink(ev.target) === current && !current.contains(ev.relatedTarget)) scheduleHide();
  });
  document.addEventListener("focusin", function (ev) {
    var a = termLink(ev.target);
    if (a) maybeShow(a); else if (current && !(box && box.contains(ev.target))) hide();
  });
  document.addEventListener("focusout", function (ev) {
    if (current && ev.target === current) scheduleHide();
  });
  document.addEventListener("keydown", function (ev) {
    if ((ev.key === "Escape" || ev.key === "Esc") && current) hide();
  });
  // Touch: the first tap on a term link previews it, a second tap follows it.
  document.addEventListener("click", function (ev) {
    if (lastPointer !== "touch") return;
    var a = termLink(ev.target);
    if (a && (current !== a || !box || box.hidden)) {
      ev.preventDefault();
      if (entries) { show(a); return; }
      // Not known yet whether it is a term: preview it if it is, else follow it.
      current = a;
      load().then(function () {
        if (entries[pathOf(a)]) show(a); else location.href = a.href;
      });
    } else if (!a && current && !(box && box.contains(ev.target))) {
      hide();
    }
  }, true);
  window.addEventListener("resize", function () { if (current) place(current); });
})();
