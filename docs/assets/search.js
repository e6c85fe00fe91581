/* Search in the header's box (overrides/partials/search.html) over the Pagefind index that
 * `kb search-index` builds from the built pages into search/.
 *
 * - Nothing of the index loads before the reader focuses the box, opens it or types.
 * - A query is split into the index's own words (search/words.js: the Chinese words the build
 *   segmented with jieba and the knowledge base's dictionary), so 开窗通风 meets 开窗 and 通风.
 * - Results come in Pagefind's order (editors' pages weigh less in the index), shown in the theme's
 *   result list; a measure is a sub-result opening at its row. A checklist's measures are indexed in
 *   parts (<page>?part=<n>, kb/publish/search.py), shown together as their page. Results load until
 *   PAGES_SHOWN pages are there; the first is shown as soon as it is loaded.
 * - Over file:// (the offline bundle) the browser refuses fetch: every index file is then a classic
 *   script <file>.js that hands its bytes to kbSearchChunk.
 * - On the opened page the words of the query (?h=) are highlighted.
 */
(function () {
  "use strict";
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var SEPARATORS = /[\s\u3000\-、。，．？！；：（）“”‘’《》〈〉【】…·,.!?;:()"']+/;
  var LONGEST_WORD = 20;  // the generated dictionary has long names (法律名称)
  var PAGES_SHOWN = 10;
  var SECTIONS_SHOWN = 5;
  var LOADED_AT_ONCE = 10;  // results loaded together while fewer than PAGES_SHOWN pages are shown
  var MOST_LOADED = 100;    // and no more than this many in all
  var PART = /\?part=\d+$/;  // a part of a checklist's measures (kb.publish.search.part_url)

  var box = document.querySelector("[data-kb-search]");
  highlight();
  if (!box) return;
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var translations = JSON.parse(document.getElementById("__config").textContent).translations;
  var base = new URL(box.getAttribute("data-kb-search"), location.href).href;
  var site = new URL("..", base).href;
  var fileUrls = location.protocol === "file:";
  var words = null;
  var waiting = {};
  var loading = null;
  var latest = 0;

  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("search: cannot load " + src)); };
      document.head.appendChild(tag);
    });
  }

  // Index files as scripts (file://): each calls kbSearchChunk(name, base64).
  window.kbSearchChunk = function (name, data) {
    var raw = atob(data);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    if (waiting[name]) waiting[name](bytes);
  };
  window.kbSearchFetch = function (url) {
    if (!fileUrls) return fetch(url);
    var name = new URL(url, location.href).href.split("?")[0].slice(base.length);
    return new Promise(function (resolve, reject) {
      waiting[name] = resolve;
      script(base + name + ".js").catch(reject);
    }).then(function (bytes) {
      return {
        ok: true,
        arrayBuffer: function () { return Promise.resolve(bytes.buffer); },
        json: function () { return Promise.resolve(JSON.parse(new TextDecoder().decode(bytes))); }
      };
    });
  };
  window.kbSearchWords = function (text) { words = new Set(text.split(" ")); };

  function load() {
    if (!loading) {
      loading = Promise.all([script(base + "pagefind.js"), script(base + "words.js")]).then(function () {
        // The index is filed under "en": a language Pagefind does not segment (kb/publish/search.py).
        return window.kbPagefind.createInstance({ basePath: base, baseUrl: "/", language: "en", noWorker: true });
      });
    }
    return loading;
  }

  // A Chinese run split into the fewest pieces, each an index word or a single character.
  function pieces(run) {
    var cost = [0], from = [0];
    for (var i = 1; i <= run.length; i++) {
      cost[i] = Infinity;
      for (var j = Math.max(0, i - LONGEST_WORD); j < i; j++) {
        var piece = run.slice(j, i);
        var step = piece.length === 1 ? 2 : (words.has(piece) ? 1 : Infinity);
        if (cost[j] + step < cost[i]) { cost[i] = cost[j] + step; from[i] = j; }
      }
    }
    var out = [];
    for (var end = run.length; end > 0; end = from[end]) out.unshift(run.slice(from[end], end));
    return out;
  }

  function terms(query) {
    var out = [];
    query.toLowerCase().split(SEPARATORS).forEach(function (part) {
      (part.match(RUNS) || []).forEach(function (run) {
        if (HAN.test(run)) out.push.apply(out, pieces(run)); else out.push(run);
      });
    });
    return out;
  }

  // The index separates Chinese words by spaces; the reader sees the text without them.
  function tidy(html) {
    var cjk = "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2026\u201c\u201d]";
    return html.replace(new RegExp("(" + cjk + ")((?:</?mark>)*) ((?:</?mark>)*)(?=" + cjk + ")", "g"), "$1$2$3");
  }

  // The page a result's URL belongs to: a part's page (kb.publish.search.page_of).
  function pageOf(url) {
    var parts = url.split("#");
    return parts[0].replace(PART, "") + (parts.length > 1 ? "#" + parts.slice(1).join("#") : "");
  }

  // Loaded results as pages, in order of their first result: the parts of one page become that page,
  // their sections its sections.
  function pagesOf(loaded) {
    var pages = [], byUrl = {};
    loaded.forEach(function (result) {
      var url = pageOf(result.url);
      var sections = result.sub_results.map(function (s) {
        return { url: pageOf(s.url), title: s.title, excerpt: s.excerpt };
      });
      if (byUrl[url]) {
        byUrl[url].sub_results = byUrl[url].sub_results.concat(sections);
      } else {
        byUrl[url] = { url: url, meta: result.meta, excerpt: result.excerpt, sub_results: sections };
        pages.push(byUrl[url]);
      }
    });
    return pages;
  }

  function link(url, query) {
    var parts = url.replace(/^\//, "").split("#");
    return site + parts[0] + "?h=" + encodeURIComponent(query) + (parts[1] ? "#" + parts[1] : "");
  }

  function entry(url, title, excerpt, query, isPage) {
    var a = document_link(url, query);
    a.innerHTML = '<article class="md-search-result__article md-typeset' + (isPage ? " md-search-result__article--document" : "") + '">' +
      (isPage ? '<div class="md-search-result__icon md-icon"></div><h1>' : "<h2>") + tidy(title) +
      (isPage ? "</h1>" : "</h2>") + "<p>" + tidy(excerpt) + "</p></article>";
    return a;
  }

  function document_link(url, query) {
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = link(url, query);
    return a;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function matched(excerpt) {
    var seen = new Set();
    excerpt.replace(/<mark>([^<]*)<\/mark>/g, function (_, word) { seen.add(word); });
    return seen.size;
  }

  // `busy`: more of the results are still loading (aria-busy tells assistive technology to wait).
  function show(pages, count, query, busy) {
    list.textContent = "";
    if (busy) list.setAttribute("aria-busy", "true");
    else list.removeAttribute("aria-busy");
    meta.textContent = count === 0 ? translations["search.result.none"]
      : count === 1 ? translations["search.result.one"]
        : translations["search.result.other"].replace("#", count);
    pages.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var title = escapeHtml(page.meta.title || page.url);
      item.appendChild(entry(page.url, title, page.excerpt, query, true));
      // Sections other than the page's own title, those with more of the query's words first.
      var sections = page.sub_results.filter(function (s) { return s.url !== page.url && s.title !== page.meta.title; })
        .map(function (s, i) { return { section: s, order: i, found: matched(s.excerpt) }; })
        .sort(function (a, b) { return b.found - a.found || a.order - b.order; })
        .map(function (s) { return s.section; });
      sections.slice(0, SECTIONS_SHOWN).forEach(function (section) {
        item.appendChild(entry(section.url, escapeHtml(section.title), section.excerpt, query, false));
      });
      if (sections.length > SECTIONS_SHOWN) {
        var more = document.createElement("p");
        more.className = "md-search-result__more";
        var rest = sections.length - SECTIONS_SHOWN;
        more.textContent = translations[rest === 1 ? "search.result.more.one" : "search.result.more.other"].replace("#", rest);
        item.appendChild(more);
      }
      list.appendChild(item);
    });
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.textContent = "";
      list.removeAttribute("aria-busy");
      meta.textContent = translations["search.result.placeholder"];
      return;
    }
    load().then(function (pagefind) {
      var split = terms(query).join(" ");
      return pagefind.search(split).then(function (found) {
        // Results are loaded (one fragment each) until PAGES_SHOWN pages are there; the first is shown as
        // soon as it is loaded. The count is of pages: those loaded, and each result not loaded as one.
        var results = found.results;
        var loaded = [];
        function count() { return pagesOf(loaded).length + results.length - loaded.length; }
        function more() {
          var pages = pagesOf(loaded);
          var next = results.slice(loaded.length, Math.min(loaded.length + LOADED_AT_ONCE, MOST_LOADED));
          if (pages.length >= PAGES_SHOWN || !next.length) return show(pages.slice(0, PAGES_SHOWN), count(), split);
          return Promise.all(next.map(function (result) { return result.data(); })).then(function (batch) {
            if (ticket !== latest) return null;
            loaded = loaded.concat(batch);
            return more();
          });
        }
        if (!results.length) return show([], 0, split);
        return results[0].data().then(function (first) {
          if (ticket !== latest) return null;
          loaded = [first];
          show(pagesOf(loaded), count(), split, results.length > 1);
          return more();
        });
      });
    }).catch(function (error) {
      list.removeAttribute("aria-busy");
      meta.textContent = translations["search.result.none"];
      console.error(error);
    });
  }

  // Focusing the box opens the search overlay (the theme shows results only while __search is checked).
  input.addEventListener("focus", function () {
    toggle.checked = true;
    load();
  });
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  input.form.addEventListener("reset", function () { setTimeout(run); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { load(); input.focus(); }
  });
  // The theme's shortcuts: f, s or / open search; Escape closes it.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName);
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[fs/]$/.test(event.key)) {
      event.preventDefault();
      toggle.checked = true;
      load();
      input.focus();
    }
  });

  // The words of the query that opened this page (?h=), marked in its article.
  function highlight() {
    var query = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!query || !article) return;
    var needles = query.split(" ").filter(function (w) { return w.length > 0; });
    if (!needles.length) return;
    var pattern = new RegExp(needles.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      var fragment = document.createDocumentFragment();
      var last = 0;
      text.replace(pattern, function (match, offset) {
        fragment.appendChild(document.createTextNode(text.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = match;
        fragment.appendChild(mark);
        last = offset + match.length;
      });
      fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
  }
})();
