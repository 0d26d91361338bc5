// Focal point editor: click an image, or focus it and press the arrow keys, to move the point export crops keep
// in frame. Works on any .focal-point[data-focal-url] laid over an <img> inside a positioned parent, including
// cards swapped in later over the websocket (the listeners are on the document).
(function () {
  "use strict";

  var STEP = 0.05, BIG_STEP = 0.2;

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    if (headers) {
      try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { /* fall through */ }
    }
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function say(text) {
    if (window.creative) { window.creative.announce(text); }
  }

  function describe(point) {
    return Math.round(point.x * 100) + "% across, " + Math.round(point.y * 100) + "% down";
  }

  // Where the click falls on the picture itself, as fractions; the <img> may be cropped by
  // object-fit: cover, so the rendered picture can be larger than its box.
  function pointOnImage(event, overlay) {
    var img = overlay.parentElement.querySelector("img");
    var box = (img || overlay).getBoundingClientRect();
    var width = box.width, height = box.height, left = box.left, top = box.top;
    if (img && img.naturalWidth && getComputedStyle(img).objectFit === "cover") {
      var scale = Math.max(box.width / img.naturalWidth, box.height / img.naturalHeight);
      width = img.naturalWidth * scale;
      height = img.naturalHeight * scale;
      left = box.left + (box.width - width) / 2;
      top = box.top + (box.height - height) / 2;
    }
    var clamp = function (v) { return Math.min(1, Math.max(0, v)); };
    return { x: clamp((event.clientX - left) / width), y: clamp((event.clientY - top) / height) };
  }

  function save(overlay, point) {
    var body = new URLSearchParams({ x: point.x.toFixed(4), y: point.y.toFixed(4) });
    var id = overlay.id;
    var hadFocus = document.activeElement === overlay;
    overlay.classList.add("saving");
    fetch(overlay.dataset.focalUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).then(function (response) {
      return response.text().then(function (html) {
        if (!response.ok) { throw new Error(html); }
        overlay.outerHTML = html;
        // The marker came back as new markup: keep the keyboard where it was.
        var fresh = document.getElementById(id);
        if (hadFocus && fresh) { fresh.focus({ preventScroll: true }); }
        say("Focal point set at " + describe(point) + ".");
      });
    }).catch(function () {
      overlay.classList.remove("saving");
      overlay.title = "Could not save the focal point; try again.";
      say("Could not save the focal point; try again.");
    });
  }

  document.addEventListener("click", function (event) {
    var overlay = event.target.closest(".focal-point[data-focal-url]");
    if (!overlay) { return; }
    event.preventDefault();
    event.stopPropagation();
    save(overlay, pointOnImage(event, overlay));
  }, true);

  // Arrow keys move the marker at once and save after a short pause, so holding a key sends one request.
  var pending = null;
  document.addEventListener("keydown", function (event) {
    var overlay = event.target.closest && event.target.closest(".focal-point[data-focal-url]");
    if (!overlay || event.metaKey || event.ctrlKey || event.altKey) { return; }
    var marker = overlay.querySelector(".focal-marker");
    var point = { x: parseFloat(marker.dataset.x) || 0.5, y: parseFloat(marker.dataset.y) || 0.5 };
    var step = event.shiftKey ? BIG_STEP : STEP;
    var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation();
      say("Focal point at " + describe(point) + ".");
      return;
    }
    if (!moves[event.key]) { return; }
    event.preventDefault();
    event.stopPropagation();
    var clamp = function (v) { return Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000; };
    point = { x: clamp(point.x + moves[event.key][0]), y: clamp(point.y + moves[event.key][1]) };
    marker.dataset.x = point.x.toFixed(3);
    marker.dataset.y = point.y.toFixed(3);
    marker.style.left = (point.x * 100) + "%";
    marker.style.top = (point.y * 100) + "%";
    overlay.setAttribute("aria-valuenow", String(Math.round(point.x * 100)));
    overlay.setAttribute("aria-valuetext", describe(point));
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(function () { pending = null; save(document.getElementById(overlay.id) || overlay, point); }, 400);
  }, true);
})();
