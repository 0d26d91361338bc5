// Drag a box on the product photo: the four numbers of the plain form follow, so it works without this too.
(function () {
  const figure = document.querySelector("[data-reference-box]");
  if (!figure) return;
  const img = figure.querySelector("img");
  const frame = figure.querySelector(".box-frame");
  const form = document.getElementById("reference-box-form");
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const clamp = (v) => Math.min(1, Math.max(0, v));
  function show() {
    const [x0, y0, x1, y1] = ["x0", "y0", "x1", "y1"].map((n) => parseFloat(field(n).value) || 0);
    Object.assign(frame.style, {
      left: `${x0 * 100}%`, top: `${y0 * 100}%`, width: `${(x1 - x0) * 100}%`, height: `${(y1 - y0) * 100}%`,
    });
  }
  function at(event) {
    const r = img.getBoundingClientRect();
    return [clamp((event.clientX - r.left) / r.width), clamp((event.clientY - r.top) / r.height)];
  }
  let start = null;
  img.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    start = at(event);
    img.setPointerCapture(event.pointerId);
  });
  img.addEventListener("pointermove", (event) => {
    if (!start) return;
    const [x, y] = at(event);
    field("x0").value = Math.min(start[0], x).toFixed(4);
    field("y0").value = Math.min(start[1], y).toFixed(4);
    field("x1").value = Math.max(start[0], x).toFixed(4);
    field("y1").value = Math.max(start[1], y).toFixed(4);
    show();
  });
  img.addEventListener("pointerup", () => { start = null; });
  form.addEventListener("input", show);
  show();
})();
