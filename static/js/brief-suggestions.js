// The new-brief form's "Use these models" (templates/creative/_suggestions.html): ticks exactly the suggested
// models in place, keeping what was typed; without scripts the link reloads the form with them ticked.
document.addEventListener("click", function (e) {
  const link = e.target.closest("[data-tick-models]");
  const form = link && link.closest("form");
  if (!form) return;
  e.preventDefault();
  const wanted = link.dataset.tickModels.split(" ").filter(Boolean);
  const boxes = Array.from(form.querySelectorAll('input[name="models"]'));
  boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
  // The estimate listens for changes on the form.
  if (boxes.length) boxes[0].dispatchEvent(new Event("change", { bubbles: true }));
  if (window.creative) window.creative.announce("Suggested models ticked.");
});
