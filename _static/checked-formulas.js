// Following a check mark to a folded cell unfolds it (every <details> around and inside it).
(() => {
  function unfold() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    target.querySelectorAll("details").forEach((d) => { d.open = true; });
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", unfold);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", unfold);
  else unfold();
})();
