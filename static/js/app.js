// Behaviour every page shares, in a file rather than inline so the Content-Security-Policy can forbid inline scripts.

// Forms that fail validation answer 422 with their partial re-rendered: swap it, do not drop it.
document.addEventListener("htmx:beforeSwap", function (e) {
  if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
});

// A push over the websocket for a part that has a request of ours in flight waits for our answer, which renders
// it afresh: swapped now, the part would leave our request's form detached and the answer would land nowhere.
document.addEventListener("htmx:oobBeforeSwap", function (e) {
  const target = e.detail.target;
  if (target && target.querySelector && target.querySelector(".htmx-request")) { e.detail.shouldSwap = false; }
});

// <select data-autosubmit> sends its form as soon as it changes (the gallery's filters).
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]")) { e.target.form.submit(); }
});

// <button data-confirm="question"> asks before it submits.
document.addEventListener("click", function (e) {
  const button = e.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) { e.preventDefault(); }
});

// Accessibility (issue 20): one polite live region (#announcer in base.html), focus that survives every swap
// (our own requests and re-renders pushed by others over the websocket), and focus on the first invalid field.
window.creative = (function () {
  "use strict";

  // --- The live region: messages close together are read as one sentence, not cut off by the next.
  let queued = [];
  let flushTimer = null;
  function announce(text) {
    if (!text) return;
    queued.push(text.trim());
    if (flushTimer) return;
    flushTimer = setTimeout(function () {
      const region = document.getElementById("announcer");
      if (region) {
        region.textContent = "";
        // A fresh text node, so screen readers read a repeated message again.
        region.appendChild(document.createTextNode(queued.join(" ")));
      }
      queued = [];
      flushTimer = null;
    }, 150);
  }

  // Progress and arriving images change many times a minute: say it at most every 8 seconds.
  let progressText = null;
  let progressTimer = null;
  let lastProgressAt = 0;
  let progressSaid = null;
  function announceProgress(text, urgent) {
    if (text === progressSaid && !progressTimer) return;  // a push that changed nothing here is not news
    progressText = text;
    const wait = urgent ? 0 : Math.max(0, lastProgressAt + 8000 - Date.now());
    if (progressTimer) clearTimeout(progressTimer);
    progressTimer = setTimeout(function () {
      lastProgressAt = Date.now();
      if (progressText !== progressSaid) announce(progressText);
      progressSaid = progressText;
      progressTimer = null;
    }, wait);
  }

  // --- Focus: where it was, as something that still names the element after its card is rendered again.
  function addressOf(el) {
    if (!el || el === document.body || el === document.documentElement || !el.isConnected) return null;
    if (el.id) return { id: el.id };
    const holder = el.parentElement && el.parentElement.closest("[id]");
    if (!holder) return null;
    let selector = el.tagName.toLowerCase();
    ["aria-label", "name", "value", "href"].forEach(function (attr) {
      const value = el.getAttribute(attr);
      if (value) selector += "[" + attr + '="' + CSS.escape(value) + '"]';
    });
    const matches = Array.from(holder.querySelectorAll(selector));
    return { holder: holder.id, selector: selector, index: Math.max(0, matches.indexOf(el)) };
  }

  function find(address) {
    if (address.id) return document.getElementById(address.id);
    const holder = document.getElementById(address.holder);
    if (!holder) return null;
    const matches = holder.querySelectorAll(address.selector);
    // The control is gone (a Retry button after the retry): the card itself, which has tabindex=-1.
    return matches[address.index] || matches[0] || holder;
  }

  function focusLost() {
    const active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  let focusBeforeSwap = null;
  function rememberFocus() {
    if (!focusLost()) focusBeforeSwap = addressOf(document.activeElement);
  }
  function restoreFocus() {
    const address = focusBeforeSwap;
    focusBeforeSwap = null;
    if (!address || !focusLost()) return;
    const el = find(address);
    if (el) el.focus({ preventScroll: true });
  }

  function focusFirstInvalid(root) {
    // An error shown next to a field it names (data-for): a field kept by hx-preserve lost its new attributes.
    (root || document).querySelectorAll("[role=alert][data-for]").forEach(function (alert) {
      const field = document.getElementById(alert.dataset.for);
      if (field) { field.setAttribute("aria-invalid", "true"); field.setAttribute("aria-describedby", alert.id); }
    });
    const field = (root || document).querySelector("[aria-invalid=true]");
    if (field) { field.focus(); return true; }
    return false;
  }

  // --- What a swap changed, to say it: decisions on cards, new images, progress, exports, bulk results.
  function cardState(card) {
    return { latest: card.dataset.latest || "", images: card.querySelectorAll(".thumb img").length };
  }
  function snapshot(root) {
    const cards = {};
    const exports = {};
    const scope = root && root.isConnected ? root : document;
    const within = function (selector) {
      const found = Array.from(scope.querySelectorAll(selector));
      if (scope.matches && scope.matches(selector)) found.unshift(scope);
      return found;
    };
    within(".card[id]").forEach(function (card) { cards[card.id] = cardState(card); });
    within("[id^=export-][data-status]").forEach(function (item) { exports[item.id] = item.dataset.status; });
    return { cards: cards, exports: exports };
  }

  let before = { cards: {}, exports: {} };
  let bulkRunning = false;  // from the bulk request until its answer is read: cards are summed up, not read one by one
  let bulkAnswered = false;
  const me = function () { return document.body.dataset.user || ""; };

  function cardLabel(card) {
    const heading = document.getElementById(card.id + "-title");
    return heading ? heading.textContent.replace(/\s+/g, " ").trim() : card.id;
  }

  function describeChanges() {
    let arrived = 0;
    Object.keys(before.cards).forEach(function (id) {
      const card = document.getElementById(id);
      if (!card) return;
      const now = cardState(card);
      arrived += Math.max(0, now.images - before.cards[id].images);
      if (now.latest && now.latest !== before.cards[id].latest && !bulkRunning) {
        let who = card.dataset.latestAuthor || "Someone";
        if (who === me()) who = "You";
        announce(who + " " + (card.dataset.latestVerb || "reviewed") + " " + cardLabel(card) + ".");
      }
    });
    document.querySelectorAll(".card[id]").forEach(function (card) {
      if (!(card.id in before.cards) && before.grid) arrived += card.querySelectorAll(".thumb img").length;
    });
    Object.keys(before.exports).forEach(function (id) {
      const item = document.getElementById(id);
      if (item && item.dataset.status !== before.exports[id]) announceExport(item);
    });
    document.querySelectorAll("[id^=export-][data-status]").forEach(function (item) {
      if (!(item.id in before.exports) && before.exportList) announceExport(item);
    });
    const count = document.querySelector("[data-testid=progress-count]");
    if (before.progress && count) {
      const status = document.getElementById("brief-status");
      const text = (arrived ? arrived + " new image" + (arrived === 1 ? "" : "s") + ". " : "") + count.textContent.trim() +
        (status ? ", " + status.textContent.trim() : "") + ".";
      announceProgress(text, status && status.textContent.trim() !== before.status);
    } else if (arrived) {
      announceProgress(arrived + " new image" + (arrived === 1 ? "" : "s") + ".", false);
    }
  }

  function announceExport(item) {
    const name = item.id.replace("export-", "Export ");
    const status = item.dataset.status;
    if (status === "done") announce(name + " finished: the zip is ready to download.");
    else if (status === "failed") announce(name + " failed.");
    else announce(name + " started.");
  }

  // Until the changes are described, the first look at each card wins: our own answer and a push over the
  // websocket can both swap one card before either settles.
  let finishTimer = null;
  let swappedId = null;
  function beforeSwap(target) {
    rememberFocus();
    const part = snapshot(target);
    before.cards = Object.assign(part.cards, before.cards);
    before.exports = Object.assign(part.exports, before.exports);
    if (target && target.id) swappedId = target.id;
    if (target && target.id === "bulk-status") bulkAnswered = true;
    // A swapped element may be replaced again before htmx settles it, and then its afterSettle never reaches
    // the document: finish shortly anyway.
    if (finishTimer) clearTimeout(finishTimer);
    finishTimer = setTimeout(function () { finish(null); }, 60);
    if (target && target.id === "gallery-grid") before.grid = true;
    if (target && target.id === "export-list") before.exportList = true;
    if (target && target.id === "brief-progress") {
      before.progress = true;
      const status = document.getElementById("brief-status");
      before.status = status ? status.textContent.trim() : "";
    }
  }

  function finish(target) {
    if (finishTimer) { clearTimeout(finishTimer); finishTimer = null; }
    if (!target && swappedId) target = document.getElementById(swappedId);
    swappedId = null;
    const status = document.getElementById("bulk-status");
    afterSwap(target);
    if (bulkAnswered && status) {
      announce(status.textContent);
      bulkRunning = bulkAnswered = false;
    }
  }

  function afterSwap(target) {
    describeChanges();
    before = { cards: {}, exports: {} };
    if (target && target.isConnected && focusFirstInvalid(target)) { focusBeforeSwap = null; return; }
    restoreFocus();
  }

  // Our own requests: the target is swapped, then settled.
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail.elt && e.detail.elt.id === "bulk-form") bulkRunning = true;
  });
  document.addEventListener("htmx:beforeSwap", function (e) { beforeSwap(e.detail.target); });
  document.addEventListener("htmx:oobBeforeSwap", function (e) { beforeSwap(e.detail.target); });
  document.addEventListener("htmx:afterSettle", function (e) {
    let target = e.detail.target;
    // After an outerHTML swap the target is the element that left; its successor has the same id.
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    finish(target);
  });
  // Pushes over the websocket: every out-of-band part of one message, then one look at what changed.
  document.addEventListener("htmx:wsBeforeMessage", function () { rememberFocus(); });
  document.addEventListener("htmx:wsAfterMessage", function () { finish(null); });
  document.addEventListener("htmx:responseError", function (e) {
    announce("That did not work (" + e.detail.xhr.status + "). Please try again.");
  });

  // A skip link moves the keyboard too, not only the scroll position.
  document.addEventListener("click", function (e) {
    const link = e.target.closest && e.target.closest(".skip-link");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target) { e.preventDefault(); target.focus(); target.scrollIntoView({ block: "start" }); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // A page that failed validation: start on the first field to correct.
    focusFirstInvalid(document.getElementById("main"));
  });

  return { announce: announce };
})();
