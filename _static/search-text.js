// Search results show the article's own words. Sphinx's search (searchtools.js) makes each
// result's snippet from the page's [role=main] text, which here also holds the theme's header
// buttons ("System Settings Light Dark"), every formula twice (KaTeX's drawn spans and its MathML)
// and the proofs' code. The snippet is taken from the article alone, each formula once (its
// MathML text), without code, proofs, tags or navigation. Loaded on the search page only.
(() => {
  if (typeof Search === "undefined" || !Search.htmlToText) return; // a top-level const, not on window
  const NOT_THE_ARTICLE = [
    ".headerlink", "script", "style", "nav", "header", "footer", ".bd-header-article", "h1",
    ".katex-html", "annotation", ".proof-note", ".formula-check", ".formula-count", ".visually-hidden",
    ".cell_input", ".post-meta__facts", ".post-meta__tags", ".series-nav", ".cite-this-post",
    ".blog-comments", "details.hide", ".eqno",
  ].join(", ");
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(NOT_THE_ARTICLE).forEach((el) => el.remove());
    const main = (anchor && page.querySelector(`article ${anchor}`))
      || page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    return main ? main.textContent.replace(/\s+/g, " ").trim() : "";
  };
})();
