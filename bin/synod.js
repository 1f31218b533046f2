#!/usr/bin/env node
// Launcher: runs synod's TypeScript sources directly through tsx, so `npx synod` works right
// after `npm ci` with no build step, and model files can name TypeScript variants.
import { register } from "tsx/esm/api";

// React (under the Ink UI) runs its much slower development build unless told otherwise.
process.env.NODE_ENV ??= "production";
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
