#!/usr/bin/env node
// Launcher: runs synod's TypeScript sources directly through tsx, so an edit takes effect at the
// next run and model files can name TypeScript variants (search workers may run the compiled
// copy that `npm ci` builds, while it matches the sources: src/compiled.ts).
import { register } from "tsx/esm/api";

// React (under the Ink UI) runs its much slower development build unless told otherwise.
process.env.NODE_ENV ??= "production";
register();
// Search workers take longer to start than the rest of the command line takes to load: start
// them first (src/cli/early.ts).
const { startWorkersEarly } = await import("../src/cli/early.ts");
startWorkersEarly(process.argv.slice(2));
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
