/* tiltak's work pages, progressive enhancement only: every form works without this file.
   - an error summary takes focus after a failed submit (so screen readers and keyboards start there);
   - a form marked data-warn-unsaved asks before the page is left with changes not yet sent;
   - a «select all» checkbox (data-select-all="NAME") ticks every checkbox named NAME;
   - a confirmation shown after a redirect («Lagret.», «Sendt inn: 5.») takes focus, so it is read out;
   - a group of checkboxes to pick several from (fieldset[data-picker]) gets a search box and a line saying what
     is picked;
   - a long text field with a limit (data-count-for) counts its characters as you type;
   - the entry page's context folds below the form on a narrow screen (details[data-fold-narrow]). */
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

  function focusMessage() {
    // After a redirect the page's confirmation is already in place when it loads, so a live region would not
    // be announced: it takes focus instead (unless an error summary, which comes first, has it).
    var message = document.querySelector("[data-message]");
    if (message && !document.querySelector("[data-error-summary]")) {
      message.focus();
    }
  }

  function picker(group) {
    // A group of checkboxes (the ministries sharing a measure): a search box that hides the choices it does not
    // match, and a line saying what is picked, read out when it changes.
    var choices = group.querySelectorAll("[data-choice]");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "ds-input web-picker-search";
    search.id = group.id + "-search";
    search.setAttribute("autocomplete", "off");
    search.setAttribute("aria-controls", group.id);
    var label = document.createElement("label");
    label.className = "ds-label";
    label.htmlFor = search.id;
    label.textContent = group.getAttribute("data-search-label") || "";
    var picked = document.createElement("p");
    picked.className = "ds-paragraph web-picked";
    picked.setAttribute("data-size", "sm");
    picked.setAttribute("aria-live", "polite");
    function showPicked() {
      var names = [];
      Array.prototype.forEach.call(choices, function (choice) {
        if (choice.querySelector("input").checked) {
          names.push(choice.querySelector("label").textContent);
        }
      });
      picked.textContent = (group.getAttribute("data-picked-label") || "") + " " +
        (names.length ? names.join(", ") : (group.getAttribute("data-none-label") || "–"));
    }
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().trim();
      Array.prototype.forEach.call(choices, function (choice) {
        choice.hidden = words !== "" && choice.textContent.toLowerCase().indexOf(words) === -1;
      });
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // not a submit: move to the first choice that matches
        event.preventDefault();
        var first = group.querySelector("[data-choice]:not([hidden]) input");
        if (first) {
          first.focus();
        }
      }
    });
    group.addEventListener("change", showPicked);
    var first = choices.length ? choices[0] : null;
    group.insertBefore(label, first);
    group.insertBefore(search, first);
    group.appendChild(picked);
    showPicked();
  }

  function counter(element) {
    var field = document.getElementById(element.getAttribute("data-count-for"));
    if (!field) {
      return;
    }
    var limit = parseInt(element.getAttribute("data-limit"), 10);
    var template = element.getAttribute("data-template") || "{count} / {limit}";
    var over = element.getAttribute("data-over") || "";
    // What a screen reader hears: the same words, a moment after typing stops (not at every key).
    var spoken = document.createElement("div");
    spoken.className = "web-sr-only";
    spoken.setAttribute("aria-live", "polite");
    element.parentNode.insertBefore(spoken, element.nextSibling);
    var timer = null;
    function update(announce) {
      var count = field.value.length;
      var text = template.replace("{count}", count.toLocaleString(document.documentElement.lang))
        .replace("{limit}", limit.toLocaleString(document.documentElement.lang));
      if (count > limit) {
        text += " " + over;
      }
      element.textContent = text;
      element.setAttribute("data-color", count > limit ? "danger" : "neutral");
      if (announce) {
        clearTimeout(timer);
        timer = setTimeout(function () { spoken.textContent = text; }, 1200);
      }
    }
    field.addEventListener("input", function () { update(true); });
    update(false);
  }

  function foldOnNarrowScreens() {
    if (!window.matchMedia("(max-width: 60rem)").matches) {
      return;
    }
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (details) {
      details.open = false;
    });
  }

  function start() {
    focusErrorSummary();
    focusMessage();
    document.querySelectorAll("fieldset[data-picker]").forEach(picker);
    document.querySelectorAll("[data-count-for]").forEach(counter);
    foldOnNarrowScreens();
    warnBeforeLeaving();
    selectAll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
