// glossgen serve: live reload and the build-error overlay.
// Injected into HTML responses by `glossgen serve` only; never part of `glossgen build` output.
(function () {
  "use strict";
  if (window.__glossgenLive) return;
  window.__glossgenLive = true;

  var OVERLAY_ID = "glossgen-error-overlay";
  var pageBuild = null; // the build this page was served from: the first `hello` says

  function hide() {
    var el = document.getElementById(OVERLAY_ID);
    if (el) el.parentNode.removeChild(el);
  }

  function location_of(e) {
    var s = e.file || "";
    if (e.line) s += ":" + e.line + (e.column ? ":" + e.column : "");
    return s;
  }

  function show(status) {
    hide();
    var errors = (status && status.errors) || [];
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483647;overflow:auto;" +
      "margin:0;padding:2.5em 2em;box-sizing:border-box;background:rgba(24,24,27,.95);" +
      "color:#f4f4f5;font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "white-space:pre-wrap;word-break:break-word;text-align:left";

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.title = "Dismiss (Esc)";
    close.setAttribute("aria-label", "Dismiss");
    close.style.cssText =
      "position:absolute;top:.75em;right:1em;font:inherit;font-size:22px;line-height:1;" +
      "padding:.1em .45em;background:transparent;color:inherit;border:1px solid #71717a;" +
      "border-radius:4px;cursor:pointer";
    close.onclick = hide;
    box.appendChild(close);

    var head = document.createElement("div");
    head.style.cssText = "color:#f87171;font-weight:bold;margin-bottom:1em";
    head.textContent =
      "glossgen: the build failed with " + errors.length + " error(s). " +
      (status.built ? "Still serving the last good build." : "Nothing built yet.");
    box.appendChild(head);

    errors.forEach(function (e) {
      var row = document.createElement("div");
      row.className = "glossgen-error";
      var where = document.createElement("span");
      where.style.color = "#7dd3fc";
      where.textContent = location_of(e);
      row.appendChild(where);
      row.appendChild(document.createTextNode(": " + (e.severity || "error") + ": " + e.message));
      box.appendChild(row);
    });
    (document.body || document.documentElement).appendChild(box);
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hide();
  });

  if (!window.EventSource) return;
  var source = new EventSource("/__glossgen/events");

  // Sent on every (re)connection: the current build and its errors.
  source.addEventListener("hello", function (ev) {
    var s = JSON.parse(ev.data);
    if (pageBuild === null) {
      pageBuild = s.build;
    } else if (s.build !== pageBuild && s.ok) {
      // Rebuilt (or the server restarted) while we were disconnected.
      location.reload();
      return;
    }
    if (s.ok) hide();
    else show(s);
  });

  source.addEventListener("reload", function () {
    location.reload();
  });

  // A failed build. (EventSource also fires `error` itself when the connection drops:
  // those events carry no data and are left to its automatic reconnection.)
  source.addEventListener("error", function (ev) {
    if (!ev.data) return;
    try {
      show(JSON.parse(ev.data));
    } catch (_) {}
  });
})();
