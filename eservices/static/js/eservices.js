/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so screen readers announce it (GOV.UK pattern).
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a");
        if (!link) { return; }
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) { return; }
        event.preventDefault();
        var legendOrLabel = input.closest("fieldset") ? input.closest("fieldset").querySelector("legend")
          : document.querySelector("label[for='" + input.id + "']");
        (legendOrLabel || input).scrollIntoView();
        input.focus({ preventScroll: true });
      });
    }
    // A second click on a submit button within a second is ignored; the server
    // deduplicates anyway, this only spares the resident a confusing reload.
    document.querySelectorAll("[data-prevent-double-click]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (button.dataset.clicked) { event.preventDefault(); return; }
        button.dataset.clicked = "1";
        setTimeout(function () { delete button.dataset.clicked; }, 1000);
      });
    });
  });
})();
