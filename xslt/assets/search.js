/*
 * search.html: full-text search with facets over the Pagefind bundles in
 * pagefind/<lang>/ (pipeline/search.py writes one per language of the texts).
 *
 * The whole state is in the URL: search.html?q=…&person=pers-…&year=1951&sort=date
 * (a facet may repeat), so a search can be cited and the back button works.
 * A query is searched in the bundle of its script (Cyrillic: ru, Han: zh,
 * Hangul: ko, else the page language), whose language module stems or
 * segments it as that language. Nothing from the index or the query is ever
 * inserted as markup: text nodes only, and the <mark>s of an excerpt rebuilt.
 */
(function () {
  "use strict";

  var FACETS = [
    ["person", "Person"], ["place", "Place"], ["org", "Organisation"], ["year", "Year"],
    ["genre", "Genre"], ["language", "Language"], ["archive", "Archive or source"]
  ];
  var PAGE = 20;
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-q");
  var sortSelect = document.getElementById("search-sort");
  var facetsBox = document.getElementById("search-facets");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var labels = {};
  try {
    labels = JSON.parse(document.getElementById("search-labels").textContent);
  } catch (e) { labels = {}; }

  if (window.location.protocol === "file:") {
    document.getElementById("search-needs-server").hidden = false;
    form.hidden = true;
    document.querySelector(".search-layout").hidden = true;
    return;
  }

  var base = window.location.pathname.replace(/[^/]*$/, "");
  var bundles = {};
  var available = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function languageOf(query) {
    if (/[\u0400-\u052f]/.test(query)) return "ru";
    if (/[\u3400-\u9fff\uf900-\ufaff]/.test(query)) return "zh";
    if (/[\uac00-\ud7af]/.test(query)) return "ko";
    return document.documentElement.lang || "en";
  }

  function languages() {
    if (!available) {
      available = fetch(base + "pagefind/languages.json").then(function (r) {
        if (!r.ok) throw new Error("no search index (pagefind/languages.json): build the edition first");
        return r.json();
      });
    }
    return available;
  }

  function bundle(lang) {
    if (!bundles[lang]) {
      bundles[lang] = import(base + "pagefind/" + lang + "/pagefind.js").then(function (pf) {
        // the filters are loaded before the first search, which would otherwise report no counts
        return pf.options({ baseUrl: base, excerptLength: 30 }).then(function () {
          pf.init();
          return pf.filters();
        }).then(function () { return pf; });
      });
    }
    return bundles[lang];
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = { q: (params.get("q") || "").trim(), sort: params.get("sort") || "", filters: {} };
    FACETS.forEach(function (f) {
      var values = params.getAll(f[0]).filter(Boolean);
      if (values.length) state.filters[f[0]] = values;
    });
    return state;
  }

  function writeState(state, replace) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (f) {
      (state.filters[f[0]] || []).forEach(function (v) { params.append(f[0], v); });
    });
    if (state.sort) params.set("sort", state.sort);
    var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }

  function label(facet, value) {
    return labels[value] || value;
  }

  /* An excerpt is text with <mark>…</mark>: rebuild it as text nodes and marks. */
  function excerpt(html) {
    var p = el("p", "excerpt");
    var decoder = document.createElement("textarea");  // its content is text: decodes entities, runs nothing
    html.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (!part) return inMark;
      decoder.innerHTML = part;
      var text = decoder.value;
      p.appendChild(inMark ? el("mark", "", text) : document.createTextNode(text));
      return inMark;
    }, false);
    return p;
  }

  /* The passage: the last element with an id at or before the first matched word. */
  var PASSAGES = /^(p|li|h[1-6]|div|blockquote|td|dd|section|article)$/i;
  function passageUrl(data) {
    var url = data.url;
    var first = (data.locations || [])[0];
    if (first === undefined || !data.anchors) return url;
    var best = null;
    data.anchors.forEach(function (a) {
      if (a.location <= first && PASSAGES.test(a.element || "") && (!best || a.location >= best.location)) best = a;
    });
    return best ? url.replace(/#.*$/, "") + "#" + encodeURIComponent(best.id) : url;
  }

  function renderResult(data) {
    var li = el("li", "result");
    var h = el("h3");
    var a = el("a", "", (data.meta && data.meta.title) || data.url);
    a.href = passageUrl(data);
    h.appendChild(a);
    li.appendChild(h);
    var facts = [data.meta && data.meta.date, data.meta && data.meta.genre].filter(Boolean);
    if (facts.length) li.appendChild(el("p", "result-meta", facts.join(" · ")));
    if (data.excerpt) li.appendChild(excerpt(data.excerpt));
    return li;
  }

  function renderFacets(state, counts) {
    facetsBox.textContent = "";
    FACETS.forEach(function (f) {
      var name = f[0];
      var values = counts[name] || {};
      var chosen = state.filters[name] || [];
      var keys = Object.keys(values).filter(function (v) { return values[v] > 0 || chosen.indexOf(v) !== -1; });
      chosen.forEach(function (v) { if (keys.indexOf(v) === -1) keys.push(v); });
      if (!keys.length) return;
      keys.sort(function (x, y) {
        if (name === "year") return x < y ? -1 : 1;
        return (values[y] || 0) - (values[x] || 0) || label(name, x).localeCompare(label(name, y));
      });
      var fieldset = el("fieldset", "facet facet-" + name);
      fieldset.appendChild(el("legend", "", f[1]));
      var ul = el("ul");
      keys.forEach(function (v, i) {
        var id = "facet-" + name + "-" + i;
        var item = el("li");
        var box = el("input");
        box.type = "checkbox";
        box.id = id;
        box.name = name;
        box.value = v;
        box.checked = chosen.indexOf(v) !== -1;
        var lab = el("label", "", label(name, v) + " ");
        lab.htmlFor = id;
        lab.appendChild(el("span", "count", "(" + (values[v] || 0) + ")"));
        box.addEventListener("change", function () {
          var s = readState();
          var now = (s.filters[name] || []).filter(function (x) { return x !== v; });
          if (box.checked) now.push(v);
          if (now.length) s.filters[name] = now; else delete s.filters[name];
          writeState(s);
          run(s);
        });
        item.appendChild(box);
        item.appendChild(lab);
        ul.appendChild(item);
      });
      fieldset.appendChild(ul);
      facetsBox.appendChild(fieldset);
    });
  }

  var generation = 0;
  function run(state) {
    var mine = ++generation;
    input.value = state.q;
    sortSelect.value = state.sort;
    list.textContent = "";
    more.hidden = true;
    var hasFilters = Object.keys(state.filters).length > 0;
    status.textContent = "Searching…";
    languages().then(function (langs) {
      var wanted = state.q ? languageOf(state.q) : (document.documentElement.lang || "en");
      var lang = langs.indexOf(wanted) !== -1 ? wanted : (langs.indexOf("en") !== -1 ? "en" : langs[0]);
      return bundle(lang).then(function (pf) {
        var options = { filters: state.filters };
        if (state.sort === "date") options.sort = { date: "asc" };
        if (state.sort === "date-desc") options.sort = { date: "desc" };
        if (!state.q && !hasFilters) {
          return pf.filters().then(function (all) {
            if (mine !== generation) return;
            renderFacets(state, all);
            status.textContent = "Type words to search, or choose a person, place, organisation, year, genre, language or archive.";
          });
        }
        return pf.search(state.q || null, options).then(function (search) {
          if (mine !== generation) return;
          renderFacets(state, search.filters || {});
          var where = { en: "", ru: " in the Russian texts", zh: " in the Chinese texts", ko: " in the Korean texts" }[lang] || "";
          var what = state.q ? "“" + state.q + "”" : "the chosen facets";
          if (!search.results.length) {
            status.textContent = "No results for " + what + where + ".";
            return;
          }
          status.textContent = search.results.length + (search.results.length === 1 ? " result" : " results") +
            " for " + what + where + ".";
          var shown = 0;
          function page() {
            var slice = search.results.slice(shown, shown + PAGE);
            shown += slice.length;
            return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
              if (mine !== generation) return;
              items.forEach(function (d) { list.appendChild(renderResult(d)); });
              more.hidden = shown >= search.results.length;
            });
          }
          more.onclick = page;
          return page();
        });
      });
    }).catch(function (e) {
      if (mine === generation) status.textContent = "The search could not start: " + e.message;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var s = readState();
    s.q = input.value.trim();
    s.sort = sortSelect.value;
    writeState(s);
    run(s);
  });
  sortSelect.addEventListener("change", function () {
    var s = readState();
    s.sort = sortSelect.value;
    writeState(s);
    run(s);
  });
  window.addEventListener("popstate", function () { run(readState()); });
  run(readState());
})();
