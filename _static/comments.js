// Loads giscus with the site's current colour mode and keeps it in step when the reader
// toggles light/dark (pydata-sphinx-theme sets data-theme on <html>).
(function () {
  const config = document.querySelector("script[data-repo][data-mapping]");
  if (!config) return;
  const GISCUS = "https://giscus.app";
  const mode = () => (document.documentElement.dataset.theme === "dark" ? "dark" : "light");

  const loader = document.createElement("script");
  loader.src = GISCUS + "/client.js";
  loader.crossOrigin = "anonymous";
  loader.async = true;
  for (const { name, value } of config.attributes) {
    if (name.startsWith("data-")) loader.setAttribute(name, value);
  }
  loader.setAttribute("data-theme", mode());
  config.after(loader);

  new MutationObserver(() => {
    const frame = document.querySelector("iframe.giscus-frame");
    if (frame && frame.contentWindow) {
      frame.contentWindow.postMessage({ giscus: { setConfig: { theme: mode() } } }, GISCUS);
    }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
})();
