// A table wider than the screen scrolls inside its .table-responsive box: the box then joins the tab order, as a
// region named after the table's caption, so that keyboard users can scroll it too (WCAG 2.1.1). A box that does
// not scroll stays out of the tab order.
(function () {
  "use strict";
  function update() {
    var boxes = document.querySelectorAll(".table-responsive");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tableau défilant");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 100);
  });
  update();
})();
