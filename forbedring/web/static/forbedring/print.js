/*
 * The summary page's "Print" button. The button is hidden until this script runs, so readers
 * without JavaScript see only the hint to press Ctrl+P. Kept in a file: the content security
 * policy allows no inline scripts.
 */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
