// stance report: small progressive enhancements. Data reaches the page only through
// textContent and attributes set with setAttribute, never as markup.
(function () {
  "use strict";
  var doc = document;

  // -- highlight details: shown on hover and focus (CSS does that alone), placed by the
  //    script so that they stay inside the window; Escape dismisses them.
  function place(mark, x) {
    var tip = mark.querySelector(".tip");
    if (!tip) return;
    mark.classList.remove("closed");
    tip.classList.add("placed");
    var rects = mark.getClientRects();
    var r = rects[0];
    if (x !== undefined) {
      for (var i = 0; i < rects.length; i++) {
        if (x >= rects[i].left && x <= rects[i].right) { r = rects[i]; }
      }
    }
    if (!r) return;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var vw = doc.documentElement.clientWidth, vh = doc.documentElement.clientHeight;
    var left = Math.max(8, Math.min(r.left, vw - w - 8));
    // below the whole statement, else above it, else below the line under the pointer
    var all = mark.getBoundingClientRect();
    var top = all.bottom + 2;
    if (top + h > vh - 8) top = all.top - h - 2 >= 8 ? all.top - h - 2 : r.bottom + 2;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function unplace(mark) {
    var tip = mark.querySelector(".tip");
    if (tip) { tip.classList.remove("placed"); tip.style.left = ""; tip.style.top = ""; }
    mark.classList.remove("closed");
  }
  doc.querySelectorAll("mark.st").forEach(function (mark) {
    mark.addEventListener("mouseenter", function (e) { place(mark, e.clientX); });
    mark.addEventListener("mouseleave", function () { if (doc.activeElement !== mark) unplace(mark); });
    mark.addEventListener("focus", function () { place(mark); });
    mark.addEventListener("blur", function () { unplace(mark); });
  });
  doc.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    doc.querySelectorAll("mark.st").forEach(function (m) { m.classList.add("closed"); });
  });
  window.addEventListener("scroll", function () {
    var a = doc.activeElement;
    if (a && a.matches && a.matches("mark.st")) place(a);
  }, { passive: true });
  // "#" links in the statement table take the keyboard to the highlight
  doc.querySelectorAll("a.goto").forEach(function (a) {
    a.addEventListener("click", function () {
      var target = doc.getElementById(a.getAttribute("href").slice(1));
      if (target) setTimeout(function () { target.focus(); }, 0);
    });
  });

  // -- statement tables: filter by actor and label, sort by column
  function rowsOf(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }
  function refilter(tableId) {
    var table = doc.getElementById(tableId);
    if (!table) return;
    var actor = doc.querySelector('.f-actor[data-table="' + tableId + '"]').value;
    var label = doc.querySelector('.f-label[data-table="' + tableId + '"]').value;
    var rows = rowsOf(table), shown = 0;
    rows.forEach(function (tr) {
      var ok = (!actor || tr.getAttribute("data-actor") === actor) &&
               (!label || tr.getAttribute("data-label") === label);
      tr.classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    var count = doc.getElementById(tableId + "-count");
    if (count) count.textContent = shown + " of " + rows.length + " statements shown";
  }
  doc.querySelectorAll("select.f-actor, select.f-label").forEach(function (sel) {
    sel.addEventListener("change", function () { refilter(sel.getAttribute("data-table")); });
  });
  doc.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th button").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var th = btn.parentNode, key = btn.getAttribute("data-key");
        var num = btn.getAttribute("data-type") === "num";
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        table.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var rows = rowsOf(table);
        rows.sort(function (a, b) {
          var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key);
          var c = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          if (c === 0) c = parseFloat(a.getAttribute("data-n")) - parseFloat(b.getAttribute("data-n"));
          return dir * c;
        });
        var body = table.tBodies[0];
        rows.forEach(function (tr) { body.appendChild(tr); });
      });
    });
  });

  // -- corpus page: the article list, paginated and filtered in the page
  var dataNode = doc.getElementById("corpus-data");
  if (!dataNode) { doc.body.setAttribute("data-ready", "1"); return; }
  var data = JSON.parse(dataNode.textContent);
  var LABELS = data.labels, names = data.names, articles = data.articles;
  var PAGE = 50, page = 0, matches = articles;
  var list = doc.getElementById("article-list");
  var fActor = doc.getElementById("fa-actor"), fLabel = doc.getElementById("fa-label");
  var fText = doc.getElementById("fa-text");

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function badge(label, extra) {
    return el("span", "badge lab-" + label, extra === undefined ? label : label + " " + extra);
  }
  function actorName(code) { return names[code] ? names[code] + " (" + code + ")" : code; }
  function statementsList(a, id) {
    var ol = el("ol", "art-statements");
    ol.id = id;
    if (a[7] === null) {
      ol.appendChild(el("li", "lab-neutral", "This page leaves out the text of this article's " +
        "statements to stay quick to open; they are in statements.jsonl (article_id " + a[0] + ")."));
      return ol;
    }
    a[7].forEach(function (s) {
      var label = LABELS[s[0]];
      var li = el("li", "lab-" + label);
      var who = el("div", "who");
      who.appendChild(badge(label));
      var speaker = (s[2] || "unknown speaker") + (s[3] ? ", " + actorName(s[3]) : "");
      var about = s[4].length ? "; about " + s[4].map(actorName).join(", ") : "";
      who.appendChild(doc.createTextNode(" confidence " + s[1].toFixed(2) + " · " + speaker + about));
      li.appendChild(who);
      li.appendChild(el("div", "said", s[5]));
      ol.appendChild(li);
    });
    return ol;
  }
  function item(a, k) {
    var li = el("li");
    var head = el("div", "art-head");
    head.appendChild(el("span", "art-date", a[1] || "no date"));
    head.appendChild(el("span", "art-title", a[2] || a[0]));
    if (a[3]) head.appendChild(el("span", "muted", a[3]));
    li.appendChild(head);
    var line = el("div", "art-line");
    var counts = el("span", "art-counts");
    a[5].forEach(function (n, i) { if (n) counts.appendChild(badge(LABELS[i], n)); });
    line.appendChild(counts);
    var total = a[5].reduce(function (x, y) { return x + y; }, 0);
    var id = "art-st-" + (page * PAGE + k);
    var btn = el("button", "art-toggle", "Show " + total + " statement" + (total === 1 ? "" : "s"));
    btn.type = "button";
    btn.setAttribute("aria-expanded", "false");
    btn.setAttribute("aria-controls", id);
    line.appendChild(btn);
    if (a[4]) {
      var link = el("a", null, "original");
      link.setAttribute("href", a[4]);
      link.setAttribute("rel", "noopener noreferrer");
      line.appendChild(link);
    }
    li.appendChild(line);
    btn.addEventListener("click", function () {
      var open = btn.getAttribute("aria-expanded") === "true";
      var shown = doc.getElementById(id);
      if (open) { if (shown) shown.remove(); }
      else { li.appendChild(statementsList(a, id)); }
      btn.setAttribute("aria-expanded", open ? "false" : "true");
      btn.textContent = (open ? "Show " : "Hide ") + total + " statement" + (total === 1 ? "" : "s");
    });
    return li;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(matches.length / PAGE));
    page = Math.min(page, pages - 1);
    list.replaceChildren();
    var frag = doc.createDocumentFragment();
    matches.slice(page * PAGE, page * PAGE + PAGE).forEach(function (a, k) { frag.appendChild(item(a, k)); });
    list.appendChild(frag);
    doc.getElementById("fa-count").textContent = matches.length + " of " + articles.length + " articles";
    doc.getElementById("fa-page").textContent = "page " + (page + 1) + " of " + pages;
    doc.getElementById("fa-prev").disabled = page === 0;
    doc.getElementById("fa-next").disabled = page >= pages - 1;
  }
  function refilterArticles() {
    var actor = fActor.value, li = LABELS.indexOf(fLabel.value), text = fText.value.trim().toLowerCase();
    matches = articles.filter(function (a) {
      return (!actor || a[6].indexOf(actor) >= 0) && (li < 0 || a[5][li] > 0) &&
        (!text || (a[2] || "").toLowerCase().indexOf(text) >= 0 || String(a[0]).toLowerCase().indexOf(text) >= 0);
    });
    page = 0;
    render();
  }
  fActor.addEventListener("change", refilterArticles);
  fLabel.addEventListener("change", refilterArticles);
  fText.addEventListener("input", refilterArticles);
  doc.getElementById("fa-prev").addEventListener("click", function () { page--; render(); });
  doc.getElementById("fa-next").addEventListener("click", function () { page++; render(); });
  doc.querySelectorAll("a.pick-actor").forEach(function (a) {
    a.addEventListener("click", function () {
      fActor.value = a.getAttribute("data-actor");
      refilterArticles();
    });
  });
  render();
  doc.body.setAttribute("data-ready", "1");
})();
