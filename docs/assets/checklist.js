/*
 * Checklist tools: filter by phase, risk level and category (state kept in the URL),
 * tick measures (kept in localStorage per checklist and edition, keyed by measure id),
 * progress per category, CSV and plain-text exports, a printable copy, and a draft
 * work report built from the ticked measures. Runs in the page, offline, with no server.
 *
 * Material's instant navigation swaps pages without reloading, so setup runs on each
 * emission of its `document$` observable when present, and on DOMContentLoaded otherwise.
 */
(function () {
  "use strict";

  var RISK_ORDER = ["低", "中", "高"];
  var NUMERALS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

  /* 1 -> 一, 12 -> 十二, 23 -> 二十三: section numbers of a Chinese work report. */
  function chineseNumber(n) {
    if (n <= 10) return NUMERALS[n];
    if (n < 20) return "十" + NUMERALS[n % 10];
    var tens = NUMERALS[Math.floor(n / 10)] + "十";
    return n % 10 ? tens + NUMERALS[n % 10] : tens;
  }

  function storageKey(root) {
    return "kb-checklist:" + root.dataset.checklist + ":" + root.dataset.edition;
  }

  function load(root) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey(root)) || "{}");
      return { ticks: saved.ticks || {}, unit: saved.unit || "", date: saved.date || "", figures: saved.figures || {} };
    } catch (error) {
      return { ticks: {}, unit: "", date: "", figures: {} };
    }
  }

  function save(root, state) {
    try {
      window.localStorage.setItem(storageKey(root), JSON.stringify(state));
    } catch (error) {
      /* Private browsing or a full disk: ticks still work for this visit. */
    }
  }

  /* Ticks saved under an older edition of this checklist: ids are never reused, so a tick on
     an id that still exists may be carried over, but only when the user asks. */
  function olderEdition(root) {
    var prefix = "kb-checklist:" + root.dataset.checklist + ":";
    var found = null;
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i);
        if (key.indexOf(prefix) !== 0 || key === storageKey(root)) continue;
        var ticks = (JSON.parse(window.localStorage.getItem(key)) || {}).ticks || {};
        var count = Object.keys(ticks).length;
        if (count && (!found || key > found.key)) found = { key: key, edition: key.slice(prefix.length), ticks: ticks, count: count };
      }
    } catch (error) {
      return null;
    }
    return found;
  }

  function measureRows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr.kb-measure"));
  }

  function measureOf(row) {
    var cell = row.querySelector(".kb-col-measure");
    return {
      id: row.dataset.id,
      title: cell.querySelector("strong").textContent.trim(),
      detail: cell.querySelector("p").textContent.trim(),
      category: row.closest("table").dataset.categoryName,
      party: row.querySelector(".kb-col-party").textContent.replace(/\s+/g, " ").trim(),
      frequency: row.querySelector(".kb-col-frequency").textContent.trim(),
      phase: row.dataset.phase,
      risk: row.dataset.risk.split(" ").join("、"),
      done: row.querySelector("input.kb-tick").checked,
      visible: !row.hidden
    };
  }

  /* Filters: a measure shows when it matches the phase, the category, and applies at the
     chosen risk level (levels are cumulative, so 高 shows everything that applies at 高). */
  function applyFilters(root, form) {
    var phase = form.elements.phase.value;
    var risk = form.elements.risk.value;
    var category = form.elements.category.value;
    var shown = 0;
    measureRows().forEach(function (row) {
      var visible = (!phase || row.dataset.phase === phase) &&
        (!category || row.dataset.category === category) &&
        (!risk || row.dataset.risk.split(" ").indexOf(risk) >= 0);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    document.querySelectorAll("table.kb-measures").forEach(function (table) {
      table.querySelectorAll("tbody").forEach(function (body) {
        body.hidden = !body.querySelector("tr.kb-measure:not([hidden])");
      });
      var empty = !table.querySelector("tr.kb-measure:not([hidden])");
      table.hidden = empty;
      var heading = document.getElementById("cat-" + table.dataset.category);
      if (heading) heading.hidden = empty;
    });
    var parts = [phase || "全部阶段", risk ? risk + "风险" : "全部风险等级",
      category ? form.elements.category.selectedOptions[0].textContent : "全部类别"];
    form.querySelector(".kb-filter-state").textContent =
      "当前显示：" + parts.join(" · ") + "，共 " + shown + " 项措施。";
    root.querySelector(".kb-print-filter").textContent = parts.join(" · ");
    var params = new URLSearchParams();
    if (phase) params.set("phase", phase);
    if (risk) params.set("risk", risk);
    if (category) params.set("category", category);
    var query = params.toString();
    try {
      window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    } catch (error) {
      /* Some browsers refuse to rewrite file:// addresses; filtering still works. */
    }
  }

  function updateProgress(root, form) {
    var rows = measureRows().map(measureOf).filter(function (m) { return m.visible; });
    var done = rows.filter(function (m) { return m.done; }).length;
    var bar = form.querySelector("progress");
    bar.max = rows.length;
    bar.value = done;
    form.querySelector(".kb-progress-text").textContent = "已完成 " + done + " / " + rows.length;
    var list = form.querySelector(".kb-progress-categories");
    list.textContent = "";
    groupByCategory(rows).forEach(function (group) {
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

  function csvCell(value) {
    var text = String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function fileStem(root, state, what) {
    return [state.unit || root.dataset.sectorName, what, state.date].filter(Boolean).join("-");
  }

  /* CSV with a byte-order mark, so that Excel reads the Chinese text as UTF-8. */
  function exportCsv(root, state) {
    var lines = [
      ["单位名称", state.unit], ["检查日期", state.date], ["清单", root.dataset.sectorName + "检查清单"],
      ["版次", root.dataset.edition], [],
      ["编号", "措施", "具体做法", "类别", "责任方", "频次或时限", "阶段", "风险等级", "完成情况"]
    ];
    measureRows().map(measureOf).filter(function (m) { return m.visible; }).forEach(function (m) {
      lines.push([m.id, m.title, m.detail, m.category, m.party, m.frequency, m.phase, m.risk, m.done ? "已完成" : "未完成"]);
    });
    var text = "\ufeff" + lines.map(function (line) { return line.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    download(fileStem(root, state, "检查清单") + ".csv", text, "text/csv;charset=utf-8");
  }

  /* Plain-text self-check sheet: open items first, then the completed ones. */
  function selfCheckText(root, state) {
    var measures = measureRows().map(measureOf).filter(function (m) { return m.visible; });
    var open = measures.filter(function (m) { return !m.done; });
    var done = measures.filter(function (m) { return m.done; });
    var lines = [root.dataset.sectorName + "疫情防控自查表（清单版次 " + root.dataset.edition + "）",
      "单位：" + (state.unit || "（未填写）"), "日期：" + (state.date || "（未填写）"),
      "完成 " + done.length + " 项，未完成 " + open.length + " 项。", "",
      "一、未完成事项（" + open.length + " 项）"];
    open.forEach(function (m, i) {
      lines.push((i + 1) + ". [ ] " + m.id + " " + m.title + "（" + m.party + "；" + m.frequency + "）");
    });
    lines.push("", "二、已完成事项（" + done.length + " 项）");
    done.forEach(function (m, i) {
      lines.push((i + 1) + ". [x] " + m.id + " " + m.title);
    });
    return lines.join("\n") + "\n";
  }

  var FIGURES = [
    ["fig-people", "投入防控人员", "人"], ["fig-screened", "摸排登记人员", "人"],
    ["fig-places", "检查场所", "处"], ["fig-materials", "发放宣传品", "份"],
    ["fig-area", "消毒面积", "平方米"], ["fig-meetings", "召开会议", "次"]
  ];

  /* A work report in the numbered 一、二、三 structure: one section per category of ticked
     measures, then the figures the user typed, then what is still open. */
  function draftText(root, state) {
    var measures = measureRows().map(measureOf).filter(function (m) { return m.visible; });
    var done = measures.filter(function (m) { return m.done; });
    var open = measures.filter(function (m) { return !m.done; });
    var unit = state.unit || "本单位";
    var lines = ["关于" + unit + "疫情防控工作情况的汇报", ""];
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
    var figures = FIGURES.filter(function (f) { return state.figures[f[0]]; });
    if (figures.length) {
      number += 1;
      lines.push(chineseNumber(number) + "、主要数据");
      lines.push(figures.map(function (f) { return f[1] + " " + state.figures[f[0]] + " " + f[2]; }).join("，") + "。", "");
    }
    number += 1;
    lines.push(chineseNumber(number) + "、存在的问题和下一步打算");
    if (open.length) {
      lines.push("以下措施尚未落实，将明确责任人和完成时限：");
      open.forEach(function (m, i) { lines.push((i + 1) + ". " + m.title + "（" + m.party + "）"); });
    } else {
      lines.push("清单所列措施已全部落实，将继续保持，并根据风险等级变化及时调整。");
    }
    lines.push("", unit, state.date || "");
    return lines.join("\n") + "\n";
  }

  function setup() {
    var root = document.querySelector(".kb-checklist");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "true";
    var form = root.querySelector("form.kb-toolbar");
    var draft = root.querySelector(".kb-draft");
    var state = load(root);

    var params = new URLSearchParams(window.location.search);
    ["phase", "risk", "category"].forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
    });
    form.elements.unit.value = state.unit;
    form.elements.date.value = state.date;
    FIGURES.forEach(function (f) { draft.querySelector("[name='" + f[0] + "']").value = state.figures[f[0]] || ""; });
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
      applyFilters(root, form);
      updateProgress(root, form);
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
    document.querySelectorAll("table.kb-measures").forEach(function (table) {
      table.addEventListener("change", function (event) {
        if (!event.target.classList.contains("kb-tick")) return;
        var id = event.target.closest("tr.kb-measure").dataset.id;
        if (event.target.checked) state.ticks[id] = true; else delete state.ticks[id];
        save(root, state);
        updateProgress(root, form);
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
        measureRows().forEach(function (row) {
          if (older.ticks[row.dataset.id]) {
            state.ticks[row.dataset.id] = true;
            row.querySelector("input.kb-tick").checked = true;
          }
        });
        save(root, state);
        form.querySelector(".kb-older-edition").hidden = true;
        updateProgress(root, form);
      }
      if (action === "csv") exportCsv(root, state);
      if (action === "selfcheck") download(fileStem(root, state, "自查表") + ".txt", selfCheckText(root, state), "text/plain;charset=utf-8");
      if (action === "draft") {
        draft.hidden = false;
        draft.querySelector("textarea").value = draftText(root, state);
        draft.scrollIntoView({ block: "start" });
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
        updateProgress(root, form);
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
