// Module hooks for a model's own TypeScript file (src/runtime/compiled.ts, allowTypeScript). The file's
// `import ... from "synod"` gets the synod that runs (so the process holds one synod, not two),
// and a package the file names that its own folder does not have (`immutable`, say, in a folder
// with no node_modules) is looked for where synod's own packages are.
let synod;
let home;

export function initialize(data) {
  synod = data.synod;
  home = data.home;
}

export async function resolve(specifier, context, next) {
  if (specifier === "synod") return next(synod, context);
  try {
    return await next(specifier, context);
  } catch (error) {
    const bare = !/^[./]|^[a-z]+:/i.test(specifier);
    if (!bare || error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    return next(specifier, { ...context, parentURL: home });
  }
}
