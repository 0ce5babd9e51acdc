/* glossgen default theme: the term map (graph/ page). No dependencies; loaded with `defer`.
   Reads graph.json (format 2: node table, index-based edges), draws at most MAX_NODES
   nodes with a Fruchterman-Reingold force layout in SVG: the best-connected terms, or the
   neighbourhood of the term being looked at (`?term=slug`, the search box), within the tag and
   category filters. Each node is a link, so a click or Enter opens its term. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-graph");
  var svg = document.getElementById("graph");
  if (!url || !svg || !window.fetch) return;
  var NS = "http://www.w3.org/2000/svg";
  var MAX_NODES = 120; // drawn at once: a 10k-term site shows a neighbourhood or a sample
  var MAX_LABELS = 60; // beyond this only the focused term and its neighbours are labelled
  var form = document.getElementById("graph-controls");
  var query = document.getElementById("graph-q");
  var titles = document.getElementById("graph-titles");
  var tagSelect = document.getElementById("graph-tag");
  var catSelect = document.getElementById("graph-category");
  var status = document.getElementById("graph-status");
  var data = null;
  var adj = []; // per node: neighbour indices (either direction, any kind)
  var bySlug = {};
  var focus = -1;

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  function init(g) {
    data = g;
    var n = g.nodes.length;
    for (var i = 0; i < n; i++) { adj.push([]); bySlug[g.nodes[i][0]] = i; }
    g.edges.forEach(function (e) {
      if (e[0] !== e[1] && adj[e[0]] && adj[e[1]]) { adj[e[0]].push(e[1]); adj[e[1]].push(e[0]); }
    });
    g.tags.forEach(function (name, i) { option(tagSelect, String(i), name); });
    g.categories.forEach(function (name, i) { option(catSelect, String(i), name); });
    g.nodes.forEach(function (node) { option(titles, node[1], node[0]); });
    form.hidden = false;
    fromHash();
    window.addEventListener("hashchange", fromHash);
    window.addEventListener("resize", debounce(draw, 200));
  }

  function debounce(f, ms) {
    var t = 0;
    return function () { clearTimeout(t); t = setTimeout(f, ms); };
  }

  // The term to centre on: `?term=slug` (term pages link so), else `#slug`.
  function fromHash() {
    var slug = "";
    try { slug = new URLSearchParams(location.search).get("term") || ""; } catch (e) { slug = ""; }
    if (!slug) slug = decodeURIComponent(location.hash.replace(/^#/, ""));
    focus = Object.prototype.hasOwnProperty.call(bySlug, slug) ? bySlug[slug] : -1;
    draw();
  }

  function passes(i) {
    var node = data.nodes[i];
    var tag = tagSelect.value, cat = catSelect.value;
    if (tag !== "" && node[3].indexOf(Number(tag)) < 0) return false;
    if (cat !== "" && node[4].indexOf(Number(cat)) < 0) return false;
    return true;
  }

  // The nodes to draw: breadth-first from the focused term, else the best connected.
  function choose() {
    var picked = [];
    if (focus >= 0) {
      var seen = {};
      var queue = [focus];
      seen[focus] = true;
      while (queue.length && picked.length < MAX_NODES) {
        var i = queue.shift();
        if (i === focus || passes(i)) picked.push(i);
        adj[i].forEach(function (j) { if (!seen[j]) { seen[j] = true; queue.push(j); } });
      }
      return picked;
    }
    for (var k = 0; k < data.nodes.length; k++) if (passes(k)) picked.push(k);
    picked.sort(function (a, b) { return adj[b].length - adj[a].length || a - b; });
    return picked.slice(0, MAX_NODES);
  }

  // Fruchterman-Reingold in a w × h box; deterministic start (a sunflower spiral).
  function layout(ids, edges, w, h) {
    var n = ids.length;
    var pos = ids.map(function (_, i) {
      var r = Math.sqrt(i + 0.5) / Math.sqrt(n) * Math.min(w, h) * 0.45;
      var a = i * 2.399963;
      return { x: w / 2 + r * Math.cos(a), y: h / 2 + r * Math.sin(a), dx: 0, dy: 0 };
    });
    var k = Math.sqrt((w * h) / Math.max(n, 1)) * 0.9;
    var temp = Math.min(w, h) / 8;
    for (var step = 0; step < 220; step++) {
      pos.forEach(function (p) { p.dx = 0; p.dy = 0; });
      for (var a = 0; a < n; a++) {
        for (var b = a + 1; b < n; b++) {
          var dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
          var d2 = Math.max(dx * dx + dy * dy, 0.01);
          var f = (k * k) / d2;
          pos[a].dx += dx * f; pos[a].dy += dy * f;
          pos[b].dx -= dx * f; pos[b].dy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var p = pos[e[0]], q = pos[e[1]];
        var dx = p.x - q.x, dy = p.y - q.y;
        var d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
        var f = d / k;
        p.dx -= dx * f; p.dy -= dy * f;
        q.dx += dx * f; q.dy += dy * f;
      });
      pos.forEach(function (p) {
        // A weak pull to the centre keeps unconnected terms on screen.
        p.dx += (w / 2 - p.x) * 0.005; p.dy += (h / 2 - p.y) * 0.005;
        var len = Math.max(Math.sqrt(p.dx * p.dx + p.dy * p.dy), 0.01);
        var move = Math.min(len, temp);
        p.x = Math.min(w - 16, Math.max(16, p.x + (p.dx / len) * move));
        p.y = Math.min(h - 16, Math.max(16, p.y + (p.dy / len) * move));
      });
      temp *= 0.97;
    }
    return pos;
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  function draw() {
    if (!data) return;
    var ids = choose();
    var local = {};
    ids.forEach(function (id, i) { local[id] = i; });
    var edges = [];
    var seen = {};
    data.edges.forEach(function (e) {
      var a = local[e[0]], b = local[e[1]];
      if (a === undefined || b === undefined || a === b) return;
      var key = a < b ? a + "-" + b : b + "-" + a;
      if (!seen[key]) { seen[key] = true; edges.push([a, b, e[2]]); }
    });
    var w = Math.max(svg.clientWidth || 800, 280);
    // Phones get a taller box; labels only where they fit (about one per 10 px of width).
    var h = Math.round(Math.max(360, Math.min(w * (w < 600 ? 1.2 : 0.7), 700)));
    var labels = Math.min(MAX_LABELS, Math.floor(w / 10));
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var pos = layout(ids, edges, w, h);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var lines = el("g", { "class": "graph-edges", "aria-hidden": "true" }, svg);
    edges.forEach(function (e) {
      el("line", {
        x1: pos[e[0]].x.toFixed(1), y1: pos[e[0]].y.toFixed(1),
        x2: pos[e[1]].x.toFixed(1), y2: pos[e[1]].y.toFixed(1),
        "class": "graph-edge kind-" + data.kinds[e[2]]
      }, lines);
    });
    var near = {};
    if (focus >= 0) adj[focus].forEach(function (j) { near[j] = true; });
    var nodes = el("g", { "class": "graph-nodes" }, svg);
    ids.forEach(function (id, i) {
      var node = data.nodes[id];
      var a = el("a", { href: node[2], "class": "graph-node" + (id === focus ? " is-focus" : ""), "data-slug": node[0] }, nodes);
      el("title", {}, a).textContent = node[1];
      var r = Math.min(4 + Math.sqrt(adj[id].length) * 1.5, 12);
      el("circle", { cx: pos[i].x.toFixed(1), cy: pos[i].y.toFixed(1), r: r.toFixed(1) }, a);
      if (ids.length <= labels || id === focus || near[id]) {
        var t = el("text", { x: (pos[i].x + r + 3).toFixed(1), y: (pos[i].y + 4).toFixed(1) }, a);
        t.textContent = node[1];
      }
    });
    status.textContent = status.getAttribute("data-showing") + ": " + ids.length + " / " + data.nodes.length;
  }

  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return -1;
    var partial = -1;
    for (var i = 0; i < data.nodes.length; i++) {
      var title = data.nodes[i][1].toLowerCase(), slug = data.nodes[i][0].toLowerCase();
      if (title === q || slug === q) return i;
      if (partial < 0 && (title.indexOf(q) >= 0 || slug.indexOf(q) >= 0)) partial = i;
    }
    return partial;
  }

  function search(ev) {
    if (ev) ev.preventDefault();
    var i = find(query.value);
    if (i < 0) return;
    focus = i;
    if (history.replaceState) history.replaceState(null, "", "?term=" + encodeURIComponent(data.nodes[i][0]));
    draw();
  }

  form.addEventListener("submit", search);
  query.addEventListener("change", search);
  tagSelect.addEventListener("change", draw);
  catSelect.addEventListener("change", draw);
  fetch(url, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (g) { if (g && g.format === 2) init(g); })
    .catch(function () { status.textContent = ""; });
})();
