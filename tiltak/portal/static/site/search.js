// Search in the static export: the page loads a prebuilt index (sok/indeks.js, window.tiltakSearchIndex) and this
// script finds every measure whose title, plan text or narratives (or a title or plan text an earlier round
// published, «o») hold every word of the query (?q=…), showing
// the matches highlighted. Text is put in with textContent, never as HTML.
(function () {
  "use strict";
  var MAX_LENGTH = 200, MAX_WORDS = 8, MAX_RESULTS = 50, SNIPPET = 240;
  var index = window.tiltakSearchIndex;
  var section = document.getElementById("search-results");
  var list = document.getElementById("search-list");
  var status = document.getElementById("search-status");
  if (!index || !section || !list || !status) { return; }
  var script = document.querySelector("script[src$='" + index.self.split("/").pop() + "']");
  var root = script ? script.src.slice(0, script.src.length - index.self.length) : "/";
  var asFiles = /\.html$/.test(window.location.pathname);
  var contentLang = section.getAttribute("data-lang-content");
  var query = (new URLSearchParams(window.location.search).get("q") || "").slice(0, MAX_LENGTH);
  query = query.replace(/\s+/g, " ").trim();
  var input = document.getElementById("q");
  if (input) { input.value = query; }
  var words = [];
  (query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || []).forEach(function (w) {
    if (words.indexOf(w) < 0 && words.length < MAX_WORDS) { words.push(w); }
  });
  if (!words.length) { return; }

  function contains(text, word) { return (text || "").toLowerCase().indexOf(word) >= 0; }

  function highlighted(parent, text) {
    var lower = text.toLowerCase(), at = 0;
    while (at < text.length) {
      var next = -1, word = "";
      words.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i >= 0 && (next < 0 || i < next || (i === next && w.length > word.length))) { next = i; word = w; }
      });
      if (next < 0) { parent.appendChild(document.createTextNode(text.slice(at))); break; }
      if (next > at) { parent.appendChild(document.createTextNode(text.slice(at, next))); }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + word.length);
      parent.appendChild(mark);
      at = next + word.length;
    }
  }

  function excerpt(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (text.length <= SNIPPET) { return text; }
    var lower = text.toLowerCase(), first = text.length;
    words.forEach(function (w) { var i = lower.indexOf(w); if (i >= 0 && i < first) { first = i; } });
    var start = Math.max(0, first - SNIPPET / 3);
    return (start ? "… " : "") + text.slice(start, start + SNIPPET) + (start + SNIPPET < text.length ? " …" : "");
  }

  var hits = index.items.filter(function (item) {
    var all = [item.t, item.x].concat(item.r, item.o || []).join(" ");
    return words.every(function (w) { return contains(all, w); });
  });
  var shown = hits.slice(0, MAX_RESULTS);
  shown.forEach(function (item) {
    var li = document.createElement("li");
    var heading = document.createElement("h3");
    heading.className = "ds-heading";
    heading.setAttribute("data-size", "xs");
    var link = document.createElement("a");
    link.className = "ds-link";
    link.href = root + item.u + (asFiles && /\/$/.test(item.u) ? "index.html" : "");
    link.appendChild(document.createTextNode(item.n + " "));
    var title = document.createElement("span");
    if (contentLang) { title.lang = contentLang; }
    highlighted(title, item.t);
    link.appendChild(title);
    heading.appendChild(link);
    li.appendChild(heading);
    var plan = document.createElement("p");
    plan.className = "ds-paragraph";
    plan.setAttribute("data-size", "sm");
    plan.textContent = item.p;
    li.appendChild(plan);
    var source = item.r.slice().reverse().find(function (r) {
      return words.some(function (w) { return contains(r, w); });
    }) || item.x;
    if (source) {
      var snippet = document.createElement("p");
      snippet.className = "ds-paragraph";
      if (contentLang) { snippet.lang = contentLang; }
      highlighted(snippet, excerpt(source));
      li.appendChild(snippet);
    }
    list.appendChild(li);
  });
  status.textContent = hits.length ? section.getAttribute("data-count").replace("{n}", String(hits.length))
    : section.getAttribute("data-empty");
}());
