#!/usr/bin/env node
// Launcher. It runs the compiled copy of synod that `npm ci` builds (dist/) if that copy matches
// the sources as they are now, and otherwise the TypeScript sources themselves, through tsx: an
// edit takes effect at the next run either way (src/runtime/compiled.ts). SYNOD_SOURCES=1 runs the
// sources in any case.

// React (under the Ink UI) runs its much slower development build unless told otherwise.
process.env.NODE_ENV ??= "production";
const dist =
  process.env.SYNOD_SOURCES === "1"
    ? null
    : await import("../dist/src/runtime/compiled.js")
        .then(({ compiledUrl }) => compiledUrl(new URL("../src/cli/main.ts", import.meta.url).href))
        .catch(() => null);
if (dist === null) (await import("tsx/esm/api")).register();
const module = (path) =>
  dist === null ? new URL(`../src/${path}.ts`, import.meta.url) : new URL(`../${path}.js`, dist);
// A reader that stops early (`synod check … | head`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
// Search workers take longer to start than the rest of the command line takes to load: start
// them first (src/cli/early.ts).
const { startWorkersEarly } = await import(module("cli/early"));
startWorkersEarly(process.argv.slice(2));
const { main } = await import(module("cli/main"));
process.exitCode = await main(process.argv.slice(2));
