/*
 * The prevention calendar's current month, chosen from the reader's own clock: the home page and each
 * guide page carry all twelve months hidden ([data-calendar-now]) and this script shows the month it is
 * now; the calendar page marks that month. Computed in the browser because an offline bundle is opened
 * for months after it was built. Runs on each page of Material's instant navigation (document$) and on
 * DOMContentLoaded otherwise.
 */
(function () {
  "use strict";

  function showCurrentMonth() {
    var month = String(new Date().getMonth() + 1);
    document.querySelectorAll("[data-calendar-now] [data-month]").forEach(function (section) {
      section.hidden = section.getAttribute("data-month") !== month;
    });
    document.querySelectorAll(".kb-calendar [data-month]").forEach(function (section) {
      var current = section.getAttribute("data-month") === month;
      section.classList.toggle("kb-calendar-current", current);
      if (current) section.setAttribute("aria-current", "date");
      else section.removeAttribute("aria-current");
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(showCurrentMonth);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showCurrentMonth);
  } else {
    showCurrentMonth();
  }
})();
