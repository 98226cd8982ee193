// Suggestions for commune fields: fills the <datalist> tied to each input marked data-commune.
// Without JavaScript the field still works: the server accepts a name or an INSEE code.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-commune]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      return;
    }
    var url = input.getAttribute("data-suggestions-url") || "/communes/suggestions/";
    var timer = null;
    var lastTerm = "";
    input.addEventListener("input", function () {
      var term = input.value.trim();
      if (term.length < 2 || term === lastTerm || /\(\d[\dAB]\d{3}\)$/.test(term)) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        lastTerm = term;
        fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              list.appendChild(option);
            });
          });
      }, 150);
    });
  });
})();
