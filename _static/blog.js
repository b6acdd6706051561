// Blocks that scroll sideways (display formulas, code, cell outputs, tables) when they are
// wider than the column: each one that overflows gets a Tab stop (tabindex="0") and
// data-overflow="left", "right" or "left right", naming the edges where more of it is hidden;
// blog.css fades those edges. Kept up to date on scroll, on resize and once the fonts are in.
// (pydata-sphinx-theme gives some of these a tabindex too, by the same rule.)
(() => {
  const SCROLLERS = "div.math, div.math > .katex-display, pre, .cell_output > .output, .pst-scrollable-table-container";

  const update = (el) => {
    const hidden = el.scrollWidth - el.clientWidth;
    const style = getComputedStyle(el).overflowX;
    if (hidden <= 1 || !(style === "auto" || style === "scroll")) {
      if (el.hasAttribute("data-overflow")) {
        el.removeAttribute("data-overflow");
      }
      if (el.dataset.blogTabStop) {
        el.removeAttribute("tabindex");
        delete el.dataset.blogTabStop;
      }
      return;
    }
    const sides = [];
    if (el.scrollLeft > 1) sides.push("left");
    if (el.scrollLeft < hidden - 1) sides.push("right");
    const value = sides.join(" ");
    if (el.getAttribute("data-overflow") !== value) el.setAttribute("data-overflow", value);
    if (el.tabIndex < 0 || !el.hasAttribute("tabindex")) {
      el.tabIndex = 0;
      el.dataset.blogTabStop = "1";
    }
  };

  let scrollers = [];
  const updateAll = () => scrollers.forEach(update);

  const start = () => {
    scrollers = [...document.querySelectorAll(SCROLLERS)];
    scrollers.forEach((el) => el.addEventListener("scroll", () => update(el), { passive: true }));
    updateAll();
    let pending = null;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(updateAll);
    });
    if (document.fonts) document.fonts.ready.then(updateAll);
    window.addEventListener("load", updateAll);
    // Folded cells open later: measure their blocks when they do.
    document.querySelectorAll("details").forEach((d) => d.addEventListener("toggle", updateAll));
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
