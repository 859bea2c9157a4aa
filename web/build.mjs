// Bundle the dashboard into ../src/eventwire/api/static/ (app.js, app.css, index.html), minified.
// d3, topojson-client and the world outlines (world-atlas countries-110m) go into app.js: the page makes no
// request outside its own server. `node build.mjs --watch` rebuilds on change.
import * as esbuild from "esbuild";
import { copyFile, mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "eventwire", "api", "static");
const watch = process.argv.includes("--watch");

const copyHtml = {
  name: "copy-index-html",
  setup(build) {
    build.onEnd(async (result) => {
      if (!result.errors.length) await copyFile(join(here, "index.html"), join(out, "index.html"));
    });
  },
};

const options = {
  entryPoints: { app: join(here, "src", "main.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  loader: { ".json": "json" },
  outdir: out,
  entryNames: "[name]",
  legalComments: "eof",
  logLevel: "warning",
  metafile: true,
  plugins: [copyHtml],
};

await mkdir(out, { recursive: true });
// the stylesheet is its own entry (app.css), so that app.js and app.css can share the name "app"
const cssOptions = { ...options, entryPoints: { app: join(here, "style.css") }, plugins: [], format: undefined };

if (watch) {
  const [js, css] = await Promise.all([esbuild.context(options), esbuild.context(cssOptions)]);
  await Promise.all([js.watch(), css.watch()]);
  console.log(`watching; writing to ${out}`);
} else {
  const t0 = Date.now();
  await Promise.all([esbuild.build(options), esbuild.build(cssOptions)]);
  const sizes = await Promise.all(["app.js", "app.css", "index.html"].map(async (f) => [f, (await stat(join(out, f))).size]));
  console.log(`built ${sizes.map(([f, s]) => `${f} ${(s / 1024).toFixed(1)} KB`).join(", ")} in ${Date.now() - t0} ms -> ${out}`);
}
