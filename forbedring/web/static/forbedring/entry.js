// Data entry page (measures/entry.html). The page works without this script; it only helps:
// it moves focus to the summary of problems, makes the summary's links focus their field, and
// warns before leaving a page with typed but unsaved numbers.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const summary =
    document.getElementById("conflict-summary") || document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    for (const link of summary.querySelectorAll("a[href^='#']")) {
      link.addEventListener("click", (event) => {
        const target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        event.preventDefault();
        // A fieldset (a row's problem) is not focusable: focus its first field instead.
        const field = target.matches("input, select, textarea")
          ? target
          : target.querySelector("input:not([type=hidden]), select, textarea");
        const shown = target.closest("fieldset") || target;
        shown.scrollIntoView({ block: "start" });
        if (field) field.focus({ preventScroll: true });
      });
    }
  }

  const form = document.querySelector("form.entry-form");
  if (!form) return;
  let unsaved = false;
  form.addEventListener("input", () => {
    unsaved = true;
  });
  form.addEventListener("submit", () => {
    unsaved = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
