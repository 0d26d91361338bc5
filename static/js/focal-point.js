// Focal point editor: click an image to move the point export crops keep in frame.
// Works on any .focal-point[data-focal-url] laid over an <img> inside a positioned parent,
// including cards swapped in later over the websocket (the listener is on the document).
(function () {
  "use strict";

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    if (headers) {
      try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { /* fall through */ }
    }
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
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

  document.addEventListener("click", function (event) {
    var overlay = event.target.closest(".focal-point[data-focal-url]");
    if (!overlay) { return; }
    event.preventDefault();
    event.stopPropagation();
    var point = pointOnImage(event, overlay);
    var body = new URLSearchParams({ x: point.x.toFixed(4), y: point.y.toFixed(4) });
    overlay.classList.add("saving");
    fetch(overlay.dataset.focalUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).then(function (response) {
      return response.text().then(function (html) {
        if (!response.ok) { throw new Error(html); }
        overlay.outerHTML = html;
      });
    }).catch(function () {
      overlay.classList.remove("saving");
      overlay.title = "Could not save the focal point; try again.";
    });
  }, true);
})();
