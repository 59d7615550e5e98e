/*
 * Enhancements for the edition's static pages. Every page is complete without
 * this script; it only filters lists and highlights aligned passages. No
 * fetch(): pages are also read from file://, where browsers refuse it, so the
 * data comes from the pages' own data- attributes.
 */
(function () {
  "use strict";

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  function fold(text) {
    // case- and accent-insensitive matching ("Kaesong" finds "KAESONG", "Gaeseong" …)
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* Index: filter the rows of table#documents by person, place, org, year, words. */
  function initDocumentFilter() {
    var form = document.getElementById("filters");
    var table = document.getElementById("documents");
    if (!form || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.getElementById("filter-count");
    var empty = document.getElementById("no-results");
    var controls = form.querySelectorAll("[data-filter]");

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = true;
        Array.prototype.forEach.call(controls, function (control) {
          var kind = control.getAttribute("data-filter");
          var value = control.value.trim();
          if (!ok || !value) return;
          if (kind === "text") {
            ok = fold(row.textContent).indexOf(fold(value)) !== -1;
          } else {
            ok = words(row.getAttribute("data-" + kind)).indexOf(value) !== -1;
          }
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " documents";
      if (empty) empty.hidden = shown !== 0;
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    // "reset" fires before the controls are cleared
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });

    // index.html?person=pers-stalin (also from file://) preselects a filter
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(controls, function (control) {
      var value = params.get(control.name);
      if (value !== null) control.value = value;
    });
    apply();
  }

  /* Registers: show only the entries whose forms contain the typed text. */
  function initEntryFilter() {
    var input = document.querySelector("[data-filter-entries]");
    if (!input) return;
    var box = document.getElementById(input.getAttribute("data-filter-entries"));
    if (!box) return;
    var entries = Array.prototype.slice.call(box.querySelectorAll(".entry"));
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      entries.forEach(function (entry) {
        entry.hidden = query !== "" && fold(entry.getAttribute("data-search")).indexOf(query) === -1;
      });
    });
    var form = input.form;
    if (form) form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  /* Document: aligned passages (data-corresp) light up together. */
  function initAlignment() {
    var aligned = document.querySelectorAll("[data-corresp]");
    if (!aligned.length) return;

    function partners(el) {
      var list = [el];
      words(el.getAttribute("data-corresp")).forEach(function (id) {
        var other = document.getElementById(id);
        if (other) list.push(other);
      });
      return list;
    }

    function mark(el, on) {
      partners(el).forEach(function (node) { node.classList.toggle("is-aligned", on); });
    }

    Array.prototype.forEach.call(aligned, function (el) {
      // top-level parts correspond as wholes; highlighting a whole column is noise
      if (el.classList.contains("part")) return;
      el.addEventListener("mouseenter", function () { mark(el, true); });
      el.addEventListener("mouseleave", function () { mark(el, false); });
      el.addEventListener("focusin", function () { mark(el, true); });
      el.addEventListener("focusout", function () { mark(el, false); });
    });

    function flash() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (!target) return;
      target.classList.remove("is-target");
      void target.offsetWidth; // restart the animation
      target.classList.add("is-target");
    }
    window.addEventListener("hashchange", flash);
    flash();
  }

  /* Document: on a phone, read one column at a time (both / original / translation). */
  function initViewSwitch() {
    var box = document.querySelector(".view-switch");
    var parallel = document.querySelector(".parallel");
    if (!box || !parallel) return;
    var choices = [["both", "Side by side"]];
    Array.prototype.forEach.call(parallel.querySelectorAll(":scope > .part"), function (part) {
      var type = part.classList.contains("type-original") ? "original" : "translation";
      if (choices.some(function (c) { return c[0] === type; })) return;
      var label = part.querySelector(".part-label");
      choices.push([type, label ? label.textContent.replace(/\s+/g, " ").trim() : type]);
    });
    var buttons = choices.map(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = choice[1];
      button.setAttribute("aria-pressed", choice[0] === "both" ? "true" : "false");
      button.addEventListener("click", function () {
        parallel.setAttribute("data-show", choice[0]);
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      });
      box.appendChild(button);
      return button;
    });
    box.hidden = false;
    box.classList.add("is-ready");
  }

  function init() {
    initDocumentFilter();
    initEntryFilter();
    initAlignment();
    initViewSwitch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
