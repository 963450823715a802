/* tiltak's work pages, progressive enhancement only: every form works without this file.
   - an error summary takes focus after a failed submit (so screen readers and keyboards start there);
   - a form marked data-warn-unsaved asks before the page is left with changes not yet sent;
   - a «select all» checkbox (data-select-all="NAME") ticks every checkbox named NAME. */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function warnBeforeLeaving() {
    var forms = document.querySelectorAll("form[data-warn-unsaved]");
    if (!forms.length) {
      return;
    }
    var dirty = false;
    var leavingByForm = false;
    // A page shown again after a refusal holds text that is not saved: it counts as changed from the start.
    if (document.querySelector("[data-error-summary]")) {
      dirty = true;
    }
    forms.forEach(function (form) {
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("change", function () { dirty = true; });
      form.addEventListener("submit", function () { leavingByForm = true; });
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !leavingByForm) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  function selectAll() {
    document.querySelectorAll("[data-select-all]").forEach(function (box) {
      var name = box.getAttribute("data-select-all");
      var form = box.form || document;
      box.hidden = false;
      if (box.parentElement) {
        box.parentElement.hidden = false;
      }
      box.addEventListener("change", function () {
        form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (item) {
          if (!item.disabled) {
            item.checked = box.checked;
          }
        });
      });
    });
  }

  function start() {
    focusErrorSummary();
    warnBeforeLeaving();
    selectAll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
