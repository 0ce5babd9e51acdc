/* glossgen default theme: client-side search. No dependencies; loaded with `defer`. */
(function () {
  "use strict";

  // NFKC, lower case, katakana -> hiragana, runs of white space -> one space.
  // NFKC also turns half-width katakana (ｺｷｬｸ) into full width.
  function norm(s) {
    if (s == null) return "";
    s = String(s);
    if (s.normalize) s = s.normalize("NFKC");
    s = s.toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
    return s.replace(/\s+/g, " ").trim();
  }

  // Romaji -> hiragana, Hepburn and kunrei (and the usual IME spellings). The index stores
  // kana readings once; a romaji query is turned into kana here instead of storing romaji.
  var ROW = { k: "かきくけこ", s: "さしすせそ", t: "たちつてと", n: "なにぬねの", h: "はひふへほ",
              m: "まみむめも", r: "らりるれろ", g: "がぎぐげご", z: "ざじずぜぞ", d: "だぢづでど",
              b: "ばびぶべぼ", p: "ぱぴぷぺぽ" };
  var VOWELS = "aiueo";
  var ROMAJI = { a: "あ", i: "い", u: "う", e: "え", o: "お", ya: "や", yu: "ゆ", yo: "よ",
                 ye: "いぇ", wa: "わ", wi: "うぃ", we: "うぇ", wo: "を", shi: "し", chi: "ち",
                 tsu: "つ", fu: "ふ", ji: "じ", "-": "ー", nn: "ん", "n'": "ん",
                 fa: "ふぁ", fi: "ふぃ", fe: "ふぇ", fo: "ふぉ", va: "ゔぁ", vi: "ゔぃ", vu: "ゔ",
                 ve: "ゔぇ", vo: "ゔぉ", she: "しぇ", che: "ちぇ", je: "じぇ", thi: "てぃ",
                 dhi: "でぃ" };
  Object.keys(ROW).forEach(function (c) {
    for (var v = 0; v < 5; v++) ROMAJI[c + VOWELS[v]] = ROW[c][v];
    // Yōon: kya, sya, tya, …: the い-column kana + small ゃゅょ.
    ["a", "u", "o"].forEach(function (v, n) { ROMAJI[c + "y" + v] = ROW[c][1] + "ゃゅょ"[n]; });
  });
  // Hepburn spellings that differ from kunrei (si, ti, tu, hu, zi are in the rows above).
  ROMAJI.shi = "し"; ROMAJI.chi = "ち"; ROMAJI.tsu = "つ"; ROMAJI.fu = "ふ"; ROMAJI.ji = "じ";
  [["sh", "し"], ["ch", "ち"], ["j", "じ"], ["cy", "ち"], ["jy", "じ"]].forEach(function (p) {
    ["a", "u", "o"].forEach(function (v, n) { ROMAJI[p[0] + v] = p[1] + "ゃゅょ"[n]; });
  });
  var MACRON = { "ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou",
                 "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "ou" };

  // Hiragana for a romaji string, or "" when it is not romaji. A trailing, incomplete
  // syllable ("kokyak") is dropped so that typing narrows the results step by step.
  function toKana(q) {
    q = String(q).toLowerCase().replace(/[āīūēōâîûêô]/g, function (c) { return MACRON[c]; });
    if (!/^[a-z'\-]+$/.test(q) || !/[aiueo]/.test(q)) return "";
    var out = "";
    var i = 0;
    while (i < q.length) {
      var c = q[i];
      var next = q[i + 1] || "";
      // Doubled consonant (kk, tt, tch): small っ.
      if (c !== "n" && VOWELS.indexOf(c) < 0 && (next === c || (c === "t" && next === "c"))) {
        out += "っ";
        i += 1;
        continue;
      }
      var hit = "";
      for (var len = 3; len > 0 && !hit; len--) {
        var part = q.substr(i, len);
        if (part.length === len && ROMAJI.hasOwnProperty(part)) hit = part;
      }
      if (hit) { out += ROMAJI[hit]; i += hit.length; continue; }
      // n before a consonant or at the end: ん (kanri, shinbun, kan).
      if (c === "n" && (next === "" || (VOWELS.indexOf(next) < 0 && next !== "y"))) {
        out += "ん";
        i += 1;
        continue;
      }
      if (q.length - i <= 2) break; // incomplete last syllable
      return "";
    }
    return out;
  }

  // Vowel (0..4) of a hiragana, small ゃゅょ included; -1 for anything else.
  var VOWEL_ROWS = ["あかさたなはまやらわがざだばぱぁゃゎ", "いきしちにひみりぎじぢびぴぃ",
                    "うくすつぬふむゆるぐずづぶぷぅゅゔ", "えけせてねへめれげぜでべぺぇ",
                    "おこそとのほもよろをごぞどぼぽぉょ"];
  function vowelOf(c) {
    for (var v = 0; v < 5; v++) if (VOWEL_ROWS[v].indexOf(c) >= 0) return v;
    return -1;
  }

  // Loose form of a kana string for matching readings: ー and a repeated vowel after a kana
  // of that vowel are dropped, as is う after an お-vowel kana, so こうこく, こおこく, こーこく,
  // kōkoku, koukoku and kokoku all meet; ぢ/づ/を fold to じ/ず/お (kunrei/Hepburn kana).
  function loose(s) {
    var out = "";
    var prev = -1;
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if (c === "ぢ") c = "じ";
      else if (c === "づ") c = "ず";
      else if (c === "を") c = "お";
      var pure = "あいうえお".indexOf(c);
      if (c === "ー" && prev >= 0) continue;
      if (pure >= 0 && prev >= 0 && (pure === prev || (prev === 4 && pure === 2))) continue;
      out += c;
      prev = vowelOf(c);
    }
    return out;
  }

  function hasKana(s) { return /[\u3041-\u3096]/.test(s); }

  // For tests and other scripts: the conversions the search uses.
  window.glossgenSearch = { norm: norm, toKana: toKana, loose: loose };

  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  if (!input || !results) return;

  var meta = document.querySelector('meta[name="glossgen-base"]');
  var base = meta && meta.content ? meta.content : "/";
  var entries = null; // normalised index, once loaded
  var timer = 0;

  function list(v) {
    if (Array.isArray(v)) return v;
    return v == null || v === "" ? [] : [v];
  }

  function looseAll(arr) {
    return arr.filter(hasKana).map(loose);
  }

  function prepare(raw) {
    return raw.map(function (e) {
      var aliases = list(e.aliases);
      var names = [norm(e.title), norm(e.reading)].concat(aliases.map(norm), list(e.readings).map(norm));
      var tags = list(e.tags).concat(list(e.categories)).map(norm);
      return {
        e: { title: String(e.title || ""), url: String(e.url || ""), summary: String(e.summary || ""),
             reading: String(e.reading || ""), aliases: aliases.map(String), deprecated: e.deprecated === true },
        title: norm(e.title),
        aliases: aliases.map(norm),
        names: names.filter(Boolean),
        looseNames: looseAll(names),
        tags: tags,
        looseTags: looseAll(tags.concat(list(e.tag_readings).map(norm))),
        summary: norm(e.summary)
      };
    });
  }

  function some(arr, f) {
    for (var i = 0; i < arr.length; i++) if (f(arr[i])) return true;
    return false;
  }

  // One query part in its spellings: as typed, and as loose kana (from kana, or from
  // romaji) for matching readings.
  function spellings(p) {
    var kana = hasKana(p) ? p : toKana(p);
    return { plain: p, loose: kana ? loose(kana) : "" };
  }

  function starts(n, p) { return n.indexOf(p) === 0; }
  function contains(n, p) { return n.indexOf(p) !== -1; }
  function matches(plain, looseList, q, test) {
    return some(plain, function (n) { return test(n, q.plain); }) ||
      (q.loose !== "" && some(looseList, function (n) { return test(n, q.loose); }));
  }

  // Rank of one query part in one entry: 1 prefix of a name or its reading, 2 substring of
  // one, 3 tag or category (or its reading), 4 summary; -1 no match.
  function partRank(x, q) {
    if (matches(x.names, x.looseNames, q, starts)) return 1;
    if (matches(x.names, x.looseNames, q, contains)) return 2;
    if (matches(x.tags, x.looseTags, q, contains)) return 3;
    if (contains(x.summary, q.plain)) return 4;
    return -1;
  }

  // The whole query is a name, or the reading of one: listed first.
  function isExact(x, q) {
    return x.title === q.plain || x.aliases.indexOf(q.plain) !== -1 ||
      (q.loose !== "" && x.looseNames.indexOf(q.loose) !== -1);
  }

  function search(q) {
    var nq = norm(q);
    if (!nq) return [];
    var parts = nq.split(" ").map(spellings);
    var whole = spellings(nq);
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
      hits.push({ x: x, score: isExact(x, whole) ? 0 : sum });
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
    var suffix = (found.length === 1 && results.getAttribute("data-count-suffix-one")) ||
      results.getAttribute("data-count-suffix") || "";
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
