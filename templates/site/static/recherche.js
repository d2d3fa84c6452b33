/* Search without a server: filters the list already in the page (which stays usable without JS). */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var keys = items.map(function (li) { return fold(li.getAttribute("data-search") || ""); });
  function run() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var found = 0;
    items.forEach(function (li, i) {
      var hit = words.every(function (w) { return keys[i].indexOf(w) !== -1; });
      li.hidden = !hit;
      if (hit) { found += 1; }
    });
    var template = list.getAttribute(found === 1 ? "data-found-one" : "data-found-other");
    status.textContent = template.replace("{count}", String(found));
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; run(); }
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
}());
