// The ✓ beside a checked formula opens and closes its proof (pages/proof_notes.py puts the
// checking cell in an <aside class="proof-note"> after the formula). The proof's state is the
// open state of its folded code (<details>), so the margin's own "Show the code" and the ✓ agree.
// A link to a proof (#check-…) opens it with its formula in view. From 1024 px the notes sit in
// the margin (checked-formulas.css); they are moved down where one would cover the one above.
(() => {
  const WIDE = window.matchMedia("(min-width: 1024px)");
  const GAP = 12; // px between two notes in the margin

  const noteOf = (id) => {
    const target = id && document.getElementById(id);
    return target ? target.closest(".proof-note") : null;
  };
  const foldOf = (note) => note.querySelector("details.hide");
  const handlesOf = (note) => [...document.querySelectorAll("a.formula-check[data-proof]")]
    .filter((a) => noteOf(a.dataset.proof) === note);

  const sync = (note) => {
    const open = Boolean(foldOf(note) && foldOf(note).open);
    handlesOf(note).forEach((a) => a.setAttribute("aria-expanded", String(open)));
  };

  // Margin notes in document order; each starts beside its formula or just below the one above.
  const place = () => {
    let below = -Infinity;
    for (const note of document.querySelectorAll(".proof-note")) {
      note.style.top = "";
      if (!WIDE.matches) continue;
      const natural = note.getBoundingClientRect().top + window.scrollY;
      const shift = Math.max(0, below - natural);
      if (shift) note.style.top = `${shift}px`;
      below = natural + shift + note.offsetHeight + GAP;
    }
  };

  const show = (note) => {
    const block = note.closest(".proof-block");
    if (!block) return;
    const top = block.getBoundingClientRect().top;
    // Keep the formula where the reader is looking; bring it back only if it left the screen.
    if (top < 0 || top > window.innerHeight * 0.6) block.querySelector(".checked-formula").scrollIntoView({ block: "start" });
  };

  const setOpen = (note, open) => {
    const fold = foldOf(note);
    if (fold && fold.open !== open) fold.open = open; // its toggle event syncs and places
    const hash = handlesOf(note)[0] ? "#" + handlesOf(note)[0].dataset.proof : "";
    if (open && hash && location.hash !== hash) history.replaceState(null, "", hash);
    if (!open && hash && location.hash === hash) history.replaceState(null, "", location.pathname + location.search);
  };

  const openFromHash = () => {
    const note = noteOf(decodeURIComponent(location.hash.slice(1)));
    if (!note) return;
    setOpen(note, true);
    const formula = note.closest(".proof-block").querySelector(".checked-formula");
    const reveal = () => formula.scrollIntoView({ block: "start" });
    // The browser scrolls to the fragment's target (the code, inside the note) on its own, once
    // when the page loads and again as the fonts and figures above change the layout: show the
    // formula after each of those.
    requestAnimationFrame(reveal);
    if (document.readyState !== "complete") window.addEventListener("load", () => requestAnimationFrame(reveal), { once: true });
    if (document.fonts) document.fonts.ready.then(() => requestAnimationFrame(reveal));
  };

  const start = () => {
    for (const a of document.querySelectorAll("a.formula-check[data-proof]")) {
      const note = noteOf(a.dataset.proof);
      if (!note) continue;
      a.setAttribute("role", "button");
      a.setAttribute("aria-controls", note.id);
      a.setAttribute("aria-expanded", "false");
      a.addEventListener("click", (event) => {
        event.preventDefault();
        const open = !(foldOf(note) && foldOf(note).open);
        setOpen(note, open);
        if (open) show(note);
      });
      // role=button: Space activates it, as it would a button.
      a.addEventListener("keydown", (event) => {
        if (event.key === " ") { event.preventDefault(); a.click(); }
      });
    }
    for (const note of document.querySelectorAll(".proof-note")) {
      const fold = foldOf(note);
      if (fold) fold.addEventListener("toggle", () => { sync(note); place(); });
    }
    openFromHash();
    place();
    window.addEventListener("hashchange", openFromHash);
    WIDE.addEventListener("change", place);
    let pending = null;
    window.addEventListener("resize", () => { cancelAnimationFrame(pending); pending = requestAnimationFrame(place); });
    window.addEventListener("load", place);
    if (document.fonts) document.fonts.ready.then(place);
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
