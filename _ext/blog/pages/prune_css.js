// Prunes stylesheets to the selectors the site's pages and scripts can use (PurgeCSS, from the
// project's node_modules). Called by prune_css.py with one JSON argument on stdin:
// {"purgecss": path of the package, "css": [files], "content": [files], "out": [one file per css],
//  "safelist": [regexes], "greedy": [regexes]} and writes each pruned stylesheet to its "out" file
// (never over its own: MyST-NB, for one, refuses to copy its stylesheet over a changed file).
const fs = require("fs");
const job = JSON.parse(fs.readFileSync(0, "utf8"));
const { PurgeCSS } = require(job.purgecss);

(async () => {
  const results = await new PurgeCSS().purge({
    css: job.css,
    content: job.content,
    safelist: { standard: job.safelist.map((s) => new RegExp(s)), greedy: job.greedy.map((s) => new RegExp(s)) },
    fontFace: false,   // @font-face rules are cheap and the fonts are fetched only when used
    keyframes: true,
    variables: false,  // custom properties are read by scripts and by other stylesheets
  });
  if (results.length !== job.css.length) throw new Error(`pruned ${results.length} of ${job.css.length} stylesheets`);
  for (const result of results) fs.writeFileSync(job.out[job.css.indexOf(result.file)], result.css);
  process.stdout.write(JSON.stringify(results.map((r) => [r.file, r.css.length])));
})().catch((error) => { process.stderr.write(String(error.stack || error)); process.exit(1); });
