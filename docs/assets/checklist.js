/*
 * Checklist tools: filter by situation (routine only, or routine plus the response measures of one
 * trigger), category and disease (state kept in the URL); tick measures (kept in localStorage per
 * checklist and edition, keyed by measure id); progress per category; CSV and plain-text exports; a
 * printable copy; and a draft work report built from the ticked measures. Runs offline, no server.
 *
 * The page embeds its measures, columns, vocabularies and draft figures once as JSON
 * (#kb-checklist-data, written by kb/core/checklist.py); this script reads them from there and never
 * reads the rendered table back. Historical measures (2020 practice) are shown in their own section,
 * cannot be ticked and never enter progress, exports or drafts.
 *
 * A long checklist is split into numbered pages. Each page holds its own measures in full and an
 * index of every current measure (id, codes, page), so that filters, progress and ticks count the
 * whole checklist; an export loads the other pages' measures from one classic script
 * (data-records, kb.core.checklist.records_script), which also loads over file://.
 *
 * Material's instant navigation swaps pages without reloading, so setup runs on each emission of
 * its `document$` observable when present, and on DOMContentLoaded otherwise.
 */
(function () {
  "use strict";

  var DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  var UNITS = ["", "十", "百", "千"];

  /* Section numbers of a Chinese work report: 1 一, 10 十, 12 十二, 20 二十, 100 一百, 101 一百零一,
     110 一百一十, 1005 一千零五, 10000 一万. */
  function chineseNumber(n) {
    n = Math.floor(Number(n));
    if (!isFinite(n) || n < 0) return String(n);
    if (n === 0) return DIGITS[0];
    if (n >= 10000) {
      var high = Math.floor(n / 10000);
      var low = n % 10000;
      return chineseNumber(high) + "万" + (low ? (low < 1000 ? "零" : "") + belowTenThousand(low, true) : "");
    }
    return belowTenThousand(n, false);
  }

  function belowTenThousand(n, inner) {
    var out = "";
    var zero = false;
    for (var place = 3; place >= 0; place -= 1) {
      var digit = Math.floor(n / Math.pow(10, place)) % 10;
      if (digit === 0) {
        if (out) zero = true;
        continue;
      }
      if (zero) out += DIGITS[0];
      zero = false;
      /* 十二, not 一十二, when ten is the leading place of the whole number. */
      if (!(place === 1 && digit === 1 && !out && !inner)) out += DIGITS[digit];
      out += UNITS[place];
    }
    return out;
  }

  function pageData() {
    var node = document.getElementById("kb-checklist-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function storageKey(root) {
    return "kb-checklist:" + root.dataset.checklist + ":" + root.dataset.edition;
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* Saved state, checked field by field: a value of the wrong type (another tool's data, a hand edit,
     an old format) is reset instead of breaking the page. */
  function load(root) {
    var saved = {};
    try {
      saved = JSON.parse(window.localStorage.getItem(storageKey(root)) || "{}");
    } catch (error) {
      saved = {};
    }
    if (!isPlainObject(saved)) saved = {};
    var ticks = {};
    if (isPlainObject(saved.ticks)) {
      Object.keys(saved.ticks).forEach(function (id) { if (saved.ticks[id] === true) ticks[id] = true; });
    }
    var figures = {};
    if (isPlainObject(saved.figures)) {
      Object.keys(saved.figures).forEach(function (name) {
        if (typeof saved.figures[name] === "string" || typeof saved.figures[name] === "number") figures[name] = String(saved.figures[name]);
      });
    }
    return {
      ticks: ticks,
      unit: typeof saved.unit === "string" ? saved.unit : "",
      date: typeof saved.date === "string" ? saved.date : "",
      figures: figures
    };
  }

  function save(root, state) {
    try {
      window.localStorage.setItem(storageKey(root), JSON.stringify(state));
    } catch (error) {
      /* Private browsing or a full disk: ticks still work for this visit. */
    }
  }

  /* Editions compare part by part as numbers: 1.10 comes after 1.9 (as text it would not). */
  function compareEditions(a, b) {
    var x = String(a).split("."), y = String(b).split(".");
    for (var i = 0; i < Math.max(x.length, y.length); i += 1) {
      var difference = (parseInt(x[i], 10) || 0) - (parseInt(y[i], 10) || 0);
      if (difference) return difference < 0 ? -1 : 1;
    }
    return 0;
  }

  /* Ticks saved under an older edition of this checklist: ids are never reused, so a tick on
     an id that still exists may be carried over, but only when the user asks. Ticks of a newer
     edition (a newer bundle opened on the same computer) are not offered to an older one. */
  function olderEdition(root) {
    var prefix = "kb-checklist:" + root.dataset.checklist + ":";
    var found = null;
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i);
        if (key.indexOf(prefix) !== 0 || key === storageKey(root)) continue;
        var edition = key.slice(prefix.length);
        if (compareEditions(edition, root.dataset.edition) >= 0) continue;
        var saved = JSON.parse(window.localStorage.getItem(key));
        var ticks = isPlainObject(saved) && isPlainObject(saved.ticks) ? saved.ticks : {};
        var count = Object.keys(ticks).filter(function (id) { return ticks[id] === true; }).length;
        if (count && (!found || compareEditions(edition, found.edition) > 0)) found = { key: key, edition: edition, ticks: ticks, count: count };
      }
    } catch (error) {
      return null;
    }
    return found;
  }

  /* Rows of current measures (routine and response); historical rows have no tick. */
  function measureRows() {
    return Array.prototype.slice.call(document.querySelectorAll("table.kb-measures:not(.kb-historical) tr.kb-measure"));
  }

  /* The checklist's current measures in page order, from the index: [id, status, trigger, category,
     diseases, page]. */
  function entries(data) {
    return data.index.map(function (e) {
      return { id: e[0], codes: { status: e[1], trigger: e[2], category: e[3], diseases: e[4] }, page: e[5] };
    });
  }

  function filters(form) {
    return { situation: form.elements.situation.value, category: form.elements.category.value, disease: form.elements.disease.value };
  }

  function shownEntries(data, form) {
    var f = filters(form);
    return data.entries.filter(function (e) { return matches(e.codes, f.situation, f.category, f.disease); });
  }

  function measureOf(record, state) {
    return {
      record: record,
      id: record.id,
      title: record.title,
      detail: record.detail,
      category: record.category,
      party: record.party + (record.role ? " " + record.role : ""),
      frequency: record.frequency,
      done: Boolean(state.ticks[record.id])
    };
  }

  /* Every record of the checklist by id, then callback(records): this page's own when it is the only
     page, else those of the records script, added to the page once. */
  function withRecords(data, root, callback) {
    if (data.pages === 1) return callback(data.byId);
    var loaded = window.kbChecklistRecords && window.kbChecklistRecords[data.sector];
    function byId(list) {
      var found = {};
      list.forEach(function (m) { found[m.id] = m; });
      return found;
    }
    if (loaded) return callback(byId(loaded));
    var script = document.createElement("script");
    script.src = root.dataset.records;
    script.onload = function () { callback(byId(window.kbChecklistRecords[data.sector])); };
    script.onerror = function () {
      root.querySelector(".kb-filter-state").textContent = "其他页的措施未能载入，请重新打开本页后再导出。";
    };
    document.head.appendChild(script);
  }

  /* A measure shows when it is routine, or a response measure of the chosen situation; it belongs to
     the chosen category; and it concerns the chosen disease (untagged measures concern every disease). */
  function matches(codes, situation, category, disease) {
    var bySituation = codes.status === "routine" ||
      (codes.status === "response" && situation && (situation === "all" || codes.trigger === situation));
    var byCategory = !category || codes.category === category;
    var byDisease = !disease || !codes.diseases.length || codes.diseases.indexOf(disease) >= 0;
    return bySituation && byCategory && byDisease;
  }

  function applyFilters(data, root, form) {
    var f = filters(form);
    var situation = f.situation, category = f.category, disease = f.disease;
    var here = 0;
    measureRows().forEach(function (row) {
      var visible = matches(data.byId[row.dataset.id].codes, situation, category, disease);
      row.hidden = !visible;
      if (visible) here += 1;
    });
    var shown = shownEntries(data, form);
    document.querySelectorAll("table.kb-measures:not(.kb-historical)").forEach(function (table) {
      var empty = !table.querySelector("tr.kb-measure:not([hidden])");
      table.hidden = empty;
      var heading = document.getElementById("cat-" + table.dataset.category);
      if (heading) heading.hidden = empty;
    });
    var parts = [form.elements.situation.selectedOptions[0].textContent,
      category ? form.elements.category.selectedOptions[0].textContent : "全部类别",
      disease ? form.elements.disease.selectedOptions[0].textContent : "全部疾病"];
    form.querySelector(".kb-filter-state").textContent = "当前显示：" + parts.join(" · ") + "，共 " + shown.length + " 项措施" +
      (data.pages > 1 ? "，本页 " + here + " 项。" : "。");
    root.querySelector(".kb-print-filter").textContent = parts.join(" · ");
    var params = new URLSearchParams();
    if (situation) params.set("situation", situation);
    if (category) params.set("category", category);
    if (disease) params.set("disease", disease);
    var query = params.toString();
    updatePager(shown, query);
    try {
      window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    } catch (error) {
      /* Some browsers refuse to rewrite file:// addresses; filtering still works. */
    }
  }

  /* The page links keep the filters and say how many of the shown measures each page holds. */
  function updatePager(shown, query) {
    var counts = {};
    shown.forEach(function (e) { counts[e.page] = (counts[e.page] || 0) + 1; });
    document.querySelectorAll(".kb-pager a[data-page]").forEach(function (link) {
      link.search = query ? "?" + query : "";
      link.querySelector(".kb-pager-count").textContent = "（" + (counts[link.dataset.page] || 0) + " 项）";
    });
  }

  function updateProgress(data, form, state) {
    var measures = shownEntries(data, form).map(function (e) {
      return { category: data.categories[e.codes.category], done: Boolean(state.ticks[e.id]) };
    });
    var done = measures.filter(function (m) { return m.done; }).length;
    var bar = form.querySelector("progress");
    bar.max = measures.length;
    bar.value = done;
    form.querySelector(".kb-progress-text").textContent = "已完成 " + done + " / " + measures.length;
    var list = form.querySelector(".kb-progress-categories");
    list.textContent = "";
    groupByCategory(measures).forEach(function (group) {
      var item = document.createElement("li");
      var doneHere = group.measures.filter(function (m) { return m.done; }).length;
      item.textContent = group.name + "：" + doneHere + " / " + group.measures.length;
      list.appendChild(item);
    });
    measureRows().forEach(function (row) {
      row.classList.toggle("is-done", row.querySelector("input.kb-tick").checked);
    });
  }

  function groupByCategory(measures) {
    var groups = [];
    measures.forEach(function (m) {
      var group = groups.filter(function (g) { return g.name === m.category; })[0];
      if (!group) {
        group = { name: m.category, measures: [] };
        groups.push(group);
      }
      group.measures.push(m);
    });
    return groups;
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  /* The one formula rule (kb/core/safety.py CSV_FORMULA_PREFIXES, passed in the page data): a text cell
     starting with one of these gets a leading apostrophe, so spreadsheets show it as text. */
  function csvCell(data, value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (text && data.formulaPrefixes.indexOf(text.charAt(0)) >= 0) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function fileStem(root, state, what) {
    return [state.unit || root.dataset.sectorName, what, state.date].filter(Boolean).join("-");
  }

  function visibleMeasures(data, form, state, records) {
    return shownEntries(data, form).map(function (e) { return measureOf(records[e.id], state); });
  }

  /* CSV with a byte-order mark, so that Excel reads the Chinese text as UTF-8; the columns are the
     static download's columns plus 完成情况. */
  function exportCsv(data, root, state, measures) {
    var lines = [
      ["单位名称", state.unit], ["检查日期", state.date], ["清单", root.dataset.sectorName + "检查清单"],
      ["版次", root.dataset.edition], [],
      data.columns.map(function (c) { return c.label; })
    ];
    measures.forEach(function (m) {
      lines.push(data.columns.map(function (c) {
        return c.key === "done" ? (m.done ? "已完成" : "未完成") : m.record[c.key];
      }));
    });
    var text = "\ufeff" + lines.map(function (line) {
      return line.map(function (cell) { return csvCell(data, cell); }).join(",");
    }).join("\r\n") + "\r\n";
    download(fileStem(root, state, "检查清单") + ".csv", text, "text/csv;charset=utf-8");
  }

  /* Plain-text self-check sheet: open items first, then the completed ones. */
  function selfCheckText(data, root, state, measures) {
    var open = measures.filter(function (m) { return !m.done; });
    var done = measures.filter(function (m) { return m.done; });
    var lines = [root.dataset.sectorName + "传染病防控自查表（清单版次 " + root.dataset.edition + "）",
      "单位：" + (state.unit || "（未填写）"), "日期：" + (state.date || "（未填写）"),
      "筛选：" + root.querySelector(".kb-print-filter").textContent,
      "完成 " + done.length + " 项，未完成 " + open.length + " 项。", "",
      "一、未完成事项（" + open.length + " 项）"];
    open.forEach(function (m, i) {
      lines.push((i + 1) + ". [ ] " + m.id + " " + m.title + "（" + m.record.status + "；" + m.party + "；" + m.frequency + "）");
    });
    lines.push("", "二、已完成事项（" + done.length + " 项）");
    done.forEach(function (m, i) {
      lines.push((i + 1) + ". [x] " + m.id + " " + m.title);
    });
    return lines.join("\n") + "\n";
  }

  /* A work report in the numbered 一、二、三 structure: one section per category of ticked
     measures, then the figures the user typed, then what is still open. */
  function draftText(data, root, state, measures) {
    var done = measures.filter(function (m) { return m.done; });
    var open = measures.filter(function (m) { return !m.done; });
    var unit = state.unit || "本单位";
    var lines = ["关于" + unit + "传染病防控工作情况的汇报", ""];
    lines.push((state.date ? state.date + "，" : "") + unit + "对照《" + root.dataset.sectorName + "检查清单》（" +
      root.dataset.edition + " 版）开展自查，已落实措施 " + done.length + " 项，尚有 " + open.length +
      " 项待落实。现将有关情况汇报如下：", "");
    var number = 0;
    groupByCategory(done).forEach(function (group) {
      number += 1;
      lines.push(chineseNumber(number) + "、" + group.name);
      group.measures.forEach(function (m, i) {
        lines.push("（" + chineseNumber(i + 1) + "）" + m.title + "。" + m.detail);
      });
      lines.push("");
    });
    var figures = data.figures.filter(function (f) { return state.figures[f.name]; });
    if (figures.length) {
      number += 1;
      lines.push(chineseNumber(number) + "、主要数据");
      lines.push(figures.map(function (f) { return f.label + " " + state.figures[f.name] + " " + f.unit; }).join("，") + "。", "");
    }
    number += 1;
    lines.push(chineseNumber(number) + "、存在的问题和下一步打算");
    if (open.length) {
      lines.push("以下措施尚未落实，将明确责任人和完成时限：");
      open.forEach(function (m, i) { lines.push((i + 1) + ". " + m.title + "（" + m.party + "）"); });
    } else {
      lines.push("清单所列措施已全部落实，将继续保持，并在出现病例或聚集性疫情时按应急处置措施处置。");
    }
    lines.push("", unit, state.date || "");
    return lines.join("\n") + "\n";
  }

  function setup() {
    var root = document.querySelector(".kb-checklist");
    if (!root || root.dataset.ready) return;
    var data = pageData();
    if (!data) return;
    root.dataset.ready = "true";
    data.byId = {};
    data.measures.forEach(function (m) { data.byId[m.id] = m; });
    data.entries = entries(data);
    var form = root.querySelector("form.kb-toolbar");
    var draft = root.querySelector(".kb-draft");
    var state = load(root);

    var params = new URLSearchParams(window.location.search);
    ["situation", "category", "disease"].forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
    });
    form.elements.unit.value = state.unit;
    form.elements.date.value = state.date;
    data.figures.forEach(function (f) { draft.querySelector("[name='" + f.name + "']").value = state.figures[f.name] || ""; });
    measureRows().forEach(function (row) {
      row.querySelector("input.kb-tick").checked = Boolean(state.ticks[row.dataset.id]);
    });
    root.querySelector(".kb-print-url").textContent = window.location.href.split("?")[0].split("#")[0];
    var older = Object.keys(state.ticks).length ? null : olderEdition(root);
    if (older) {
      var notice = form.querySelector(".kb-older-edition");
      notice.querySelector(".kb-older-name").textContent = older.edition;
      notice.querySelector(".kb-older-count").textContent = older.count;
      notice.hidden = false;
    }
    form.hidden = false;

    function refresh() {
      root.querySelector(".kb-print-unit").textContent = form.elements.unit.value;
      root.querySelector(".kb-print-date").textContent = form.elements.date.value;
      applyFilters(data, root, form);
      updateProgress(data, form, state);
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "unit" || event.target.name === "date") {
        state[event.target.name] = event.target.value;
        save(root, state);
      }
      refresh();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    /* Listeners sit on this page's tables, which instant navigation replaces with the page. */
    document.querySelectorAll("table.kb-measures:not(.kb-historical)").forEach(function (table) {
      table.addEventListener("change", function (event) {
        if (!event.target.classList.contains("kb-tick")) return;
        var id = event.target.closest("tr.kb-measure").dataset.id;
        if (event.target.checked) state.ticks[id] = true; else delete state.ticks[id];
        save(root, state);
        updateProgress(data, form, state);
      });
    });
    draft.addEventListener("change", function (event) {
      if (event.target.name && event.target.name.indexOf("fig-") === 0) {
        state.figures[event.target.name] = event.target.value;
        save(root, state);
      }
    });
    root.addEventListener("click", function (event) {
      var action = event.target.dataset && event.target.dataset.action;
      if (!action) return;
      state.unit = form.elements.unit.value;
      state.date = form.elements.date.value;
      if (action === "print") window.print();
      if (action === "carry-over" && older) {
        data.entries.forEach(function (e) { if (older.ticks[e.id] === true) state.ticks[e.id] = true; });
        measureRows().forEach(function (row) { row.querySelector("input.kb-tick").checked = Boolean(state.ticks[row.dataset.id]); });
        save(root, state);
        form.querySelector(".kb-older-edition").hidden = true;
        updateProgress(data, form, state);
      }
      if (action === "csv" || action === "selfcheck" || action === "draft") {
        withRecords(data, root, function (records) {
          var measures = visibleMeasures(data, form, state, records);
          if (action === "csv") exportCsv(data, root, state, measures);
          if (action === "selfcheck") download(fileStem(root, state, "自查表") + ".txt", selfCheckText(data, root, state, measures), "text/plain;charset=utf-8");
          if (action === "draft") {
            draft.hidden = false;
            draft.querySelector("textarea").value = draftText(data, root, state, measures);
            draft.scrollIntoView({ block: "start" });
          }
        });
      }
      if (action === "copy-draft") {
        var area = draft.querySelector("textarea");
        area.select();
        if (navigator.clipboard) navigator.clipboard.writeText(area.value).catch(function () { document.execCommand("copy"); });
        else document.execCommand("copy");
      }
      if (action === "download-draft") {
        download(fileStem(root, state, "工作汇报草稿") + ".txt", draft.querySelector("textarea").value, "text/plain;charset=utf-8");
      }
      if (action === "reset" && window.confirm("清除本清单的全部勾选记录？此操作不能撤销。")) {
        state.ticks = {};
        save(root, state);
        measureRows().forEach(function (row) { row.querySelector("input.kb-tick").checked = false; });
        updateProgress(data, form, state);
      }
    });
    refresh();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }

  /* Exposed for the tests of the pure helpers. */
  window.kbChecklist = { chineseNumber: chineseNumber };
})();
