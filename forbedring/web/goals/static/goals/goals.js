// The local goal form: once a national goal is chosen, show only its indicators (and any
// indicator already ticked, so a wrong choice stays visible with its error). Without
// JavaScript every indicator shows under its goal; the server checks the choice either way.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_national_goal");
  const choices = document.getElementById("id_indicators");
  if (!select || !choices) return;
  // Django renders each goal's indicators as a <div> led by a <label> with the goal's name,
  // the same text as the goal's option in the select.
  const groups = Array.from(choices.children).map((group) => ({
    group,
    name: (group.querySelector(":scope > label:not([for])")?.textContent || "").trim(),
  }));
  const note = document.getElementById("indicator-filter-note");
  const show = () => {
    const chosen = select.value ? select.options[select.selectedIndex].text.trim() : "";
    for (const { group, name } of groups) {
      group.hidden = chosen !== "" && name !== chosen && !group.querySelector("input:checked");
    }
    if (note) note.hidden = chosen === "";
  };
  select.addEventListener("change", show);
  show();
});
