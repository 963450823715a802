// The overview's filters in the static export (no server to filter): rows not matching the chosen ministry and
// status (read from the address, as the form sends them) are hidden. On the live site the server has already
// filtered, so this changes nothing (and the pager's links already carry the filters). Progressive enhancement: without JavaScript the live form works as it is.
(function () {
  "use strict";
  var form = document.querySelector("form[data-filter-table]");
  if (!form) { return; }
  var table = document.getElementById(form.getAttribute("data-filter-table"));
  var params = new URLSearchParams(window.location.search);
  var ministry = params.get("departement") || "";
  var grade = params.get("status") || "";
  if (!table || (!ministry && !grade)) { return; }
  var ministrySelect = form.querySelector("select[name=departement]");
  var gradeSelect = form.querySelector("select[name=status]");
  if (ministrySelect) { ministrySelect.value = ministry; }
  if (gradeSelect) { gradeSelect.value = grade; }
  var shown = 0;
  Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
    var ministries = (row.getAttribute("data-ministries") || "").split(" ");
    var match = (!ministry || ministries.indexOf(ministry) >= 0) && (!grade || row.getAttribute("data-grade") === grade);
    row.hidden = !match;
    if (match) { shown += 1; }
  });
  // A long round's overview is in pages (site/_pager.html): in the static export the filter applies to the rows
  // of this page, and goes along to the other pages (on the live site the server's links already carry it).
  if (form.hasAttribute("data-carry-filters")) {
    var chosen = new URLSearchParams();
    if (ministry) { chosen.set("departement", ministry); }
    if (grade) { chosen.set("status", grade); }
    Array.prototype.forEach.call(document.querySelectorAll(".site-pager a[href]"), function (link) {
      link.setAttribute("href", link.getAttribute("href").split("?")[0] + "?" + chosen.toString());
    });
  }
  var count = document.getElementById("overview-count");
  if (count && count.hasAttribute("data-template")) {
    var template = shown === 1 && count.hasAttribute("data-template-one") ? "data-template-one" : "data-template";
    count.textContent = count.getAttribute(template).replace("{n}", String(shown));
  }
}());
