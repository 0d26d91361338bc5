// Gallery helpers htmx does not cover: keyboard review in the large view, selection for bulk and compare.
(function () {
  "use strict";

  function typing(event) {
    const el = event.target;
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }

  const large = document.querySelector(".large-view");
  if (large) {
    // Say where we are and which keys work, once the page has settled (a live region ignores the first paint).
    setTimeout(function () {
      const legend = document.getElementById("shortcuts");
      if (legend && window.creative) window.creative.announce(legend.textContent.replace(/\s+/g, " ").trim());
    }, 600);
    document.addEventListener("keydown", function (event) {
      if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return;
      if (event.target.closest && event.target.closest("[role=slider]")) return;  // its arrows move the focal point
      if (typing(event)) {
        if (event.key === "Escape") event.target.blur();
        return;
      }
      const card = large.querySelector(".card");
      const click = function (selector) {
        const button = card && card.querySelector(selector);
        // Focus first, so after the card is rendered again focus returns to this button, not to <body>.
        if (button) { button.focus(); button.click(); event.preventDefault(); }
      };
      switch (event.key) {
        case "ArrowLeft": if (large.dataset.previous) window.location = large.dataset.previous; break;
        case "ArrowRight": if (large.dataset.next) window.location = large.dataset.next; break;
        case "Escape": window.location = large.dataset.gallery; break;  // #gen-<id>: the gallery focuses this card
        case "a": click("button.approve"); break;
        case "r": click("button.reject"); break;
        case "c": {
          const input = card && card.querySelector("input[name=comment]");
          if (input) { input.focus(); event.preventDefault(); }
          break;
        }
      }
    });
  }

  // Back from the large view (#gen-<id>): focus that card's image link, not the top of the page.
  const grid = document.getElementById("gallery-grid");
  if (grid && /^#gen-\d+$/.test(window.location.hash)) {
    const card = document.getElementById(window.location.hash.slice(1));
    if (card) {
      const target = card.querySelector("a.open") || card;
      target.focus({ preventScroll: true });
      card.scrollIntoView({ block: "center" });
    }
  }

  function picked() {
    return Array.from(document.querySelectorAll("input.pick:checked")).map(function (box) { return box.value; });
  }

  function updateCompare() {
    const link = document.getElementById("compare-selected");
    if (!link) return;
    const ids = picked();
    const ready = ids.length === 2;
    link.setAttribute("aria-disabled", ready ? "false" : "true");
    link.href = ready ? link.dataset.compareBase + "?a=" + ids[0] + "&b=" + ids[1] : link.dataset.compareBase;
  }

  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("pick")) updateCompare();
  });
  document.addEventListener("click", function (event) {
    if (event.target.matches("[data-select-all]")) {
      const boxes = document.querySelectorAll("input.pick");
      const all = Array.from(boxes).every(function (box) { return box.checked; });
      boxes.forEach(function (box) { box.checked = !all; });
      updateCompare();
    }
    if (event.target.id === "compare-selected" && event.target.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
    }
  });
})();
