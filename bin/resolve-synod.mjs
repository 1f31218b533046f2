// Module hooks for a model's own TypeScript file when synod runs its compiled copy
// (src/compiled.ts, allowTypeScript): the file's `import ... from "synod"` gets that copy, so
// that the process holds one synod, not the compiled one and the sources as well.
let synod;

export function initialize(data) {
  synod = data.synod;
}

export async function resolve(specifier, context, next) {
  if (specifier === "synod") return { url: synod, shortCircuit: true };
  return next(specifier, context);
}
