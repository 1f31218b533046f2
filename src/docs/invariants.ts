/**
 * The invariant reference: one Markdown page per property of each protocol, with its statement,
 * why it matters, its definition (the predicate's own source), every model that verifies it (with
 * the counts of a run made while generating), and every variant that breaks it (what the variant
 * changes, and its shortest counterexample as a Mermaid sequence diagram and as numbered steps). Timings are left out
 * so that the pages only change when the code or the models do.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { loadModel, settingsOf, type LoadedModel } from "../app/load.ts";
import { describeFairness } from "../core/model.ts";
import { plural } from "../core/words.ts";
import {
  livenessName,
  type Invariant,
  type Protocol,
  type StatePredicate,
  type StepProperty,
} from "../core/protocol.ts";
import { checkModel, type CheckReport } from "../run.ts";
import { renderMermaid } from "../trace/mermaid.ts";
import { renderSteps } from "../trace/text.ts";
import { projectPath } from "../runtime/compiled.ts";
import { checkDocsFolder, DOCS_MANIFEST } from "../app/outputs.ts";

type Property = (Invariant<unknown> | StepProperty<unknown> | StatePredicate<unknown>) & {
  kind: "invariant" | "step" | "liveness";
  /** For a property a model states itself: the models that state it, in these words. */
  inModels?: Stated;
};

/**
 * A property the models state themselves (an `invariant`, `reachable` or `liveness` line),
 * once for every model that states it in the same words.
 */
interface Stated {
  readonly form: "invariant" | "reachable" | "liveness";
  readonly name: string;
  /** The line as written, from its keyword, after the comment lines right above it. */
  readonly line: string;
  /** The formula; for `liveness`, everything after the name. */
  readonly text: string;
  readonly models: LoadedModel[];
  readonly page: string;
}

/** The name a property goes by in models and results: `eventually decided` for liveness. */
const checkedAs = (property: Property): string =>
  property.inModels !== undefined
    ? property.inModels.name
    : property.kind === "liveness"
      ? `eventually ${property.id}`
      : property.id;

const STATED_TEXT: Record<Stated["form"], { short: string; long: string }> = {
  invariant: {
    short: "invariant",
    long: "an invariant stated in a model, checked in every reachable state",
  },
  reachable: {
    short: "witness",
    long: "a witness stated in a model (`reachable`): some reachable state must satisfy it",
  },
  liveness: {
    short: "liveness",
    long: "a liveness property stated in a model, checked on every fair run",
  },
};

const KIND_TEXT: Record<Property["kind"], { short: string; long: string }> = {
  invariant: { short: "invariant", long: "an invariant, checked in every reachable state" },
  step: { short: "step property", long: "a step property, checked on every step" },
  liveness: {
    short: "liveness",
    long: "a liveness property (`eventually`), checked on every fair run",
  },
};

interface Run {
  readonly loaded: LoadedModel;
  readonly report: CheckReport;
}

const n = (x: number) => x.toLocaleString("en-US");

function faults(loaded: LoadedModel): string {
  const f = loaded.model.faults;
  const parts = [
    f.drop > 0 ? `drop ${f.drop === Infinity ? "unlimited" : f.drop}` : null,
    f.duplicate > 0 ? `duplicate ${f.duplicate}` : null,
    f.crash > 0 ? `crash ${f.crash}` : null,
    f.restart > 0 ? `restart ${f.restart}` : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? "none" : parts.join(", ");
}

/** The model fields a protocol takes, from its settings: required, optional, its own. */
function fieldsOf(protocol: Protocol): string[] {
  const settings = settingsOf(protocol);
  const rules = Object.values(settings.fields);
  const list = (examples: readonly string[]) => examples.map((e) => `\`${e}\``).join(", ");
  const required = rules.filter((r) => r.required === true).map((r) => r.example);
  const optional = rules.filter((r) => r.required !== true).map((r) => r.example);
  const parts = [
    ...(required.length > 0 ? [`${list(required)} (required)`] : []),
    ...(optional.length > 0 ? [list(optional)] : []),
  ];
  const lines = [
    `Model fields: ${[...parts, `\`symmetry\` may name ${settings.symmetries.names.join(", ")}`].join("; ")}.`,
  ];
  // Its own fields as a list, one item each, after a blank line.
  if ((settings.own ?? []).length > 0) lines.push("");
  for (const own of settings.own ?? []) {
    const value = Array.isArray(own.default) ? own.default.join(", ") : String(own.default);
    lines.push(
      `- Its own field \`${own.name}\` (default ${value === "" ? "none" : value}): ${own.meaning}`,
    );
  }
  return lines;
}

const pageName = (protocol: string, property: Property) =>
  `${protocol}.${property.kind === "liveness" ? `eventually-${property.id}` : property.id}.md`;

/**
 * Checks every model and writes the reference into `out`, a new or empty folder or one synod
 * made (its manifest, {@link DOCS_MANIFEST}, lists what synod wrote there: pages no longer
 * generated are removed, and no other file is touched). Returns the files written. `check`
 * checks one model (a caller that has checked them already hands in the reports).
 */
export async function generateInvariantDocs(
  files: readonly string[],
  out: string,
  check: (loaded: LoadedModel) => CheckReport | Promise<CheckReport> = checkModel,
): Promise<string[]> {
  const models: LoadedModel[] = [];
  for (const file of files) models.push(await loadModel(file));
  const protocols = [
    ...new Map(models.map((loaded) => [loaded.protocol.name, loaded.protocol])).values(),
  ];
  // The folder is checked before any model is: a refusal comes at once, not after the checks.
  const before = checkDocsFolder(out, [
    "README.md",
    ...protocols.flatMap((protocol) => [
      ...properties(protocol, models).map((property) => pageName(protocol.name, property)),
      ...statedIn(protocol, models).map((stated) => stated.page),
    ]),
  ]);
  const runs: Run[] = [];
  for (const loaded of models) runs.push({ loaded, report: await check(loaded) });
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const index: string[] = [
    "# Invariant reference",
    "",
    "Generated by `synod docs` from the models each page lists: do not edit by hand.",
    "Each page states a property, says why it matters, shows its definition, lists the models that",
    "verify it (with the counts of the run that generated the page) and the variants that break it,",
    "with their shortest counterexamples.",
    "",
  ];
  for (const protocol of protocols) {
    index.push(
      `## Protocol \`${protocol.name}\``,
      "",
      protocol.summary,
      "",
      ...fieldsOf(protocol),
      "",
    );
    index.push("| property | kind | statement |", "| -------- | ---- | --------- |");
    for (const property of properties(protocol, models)) {
      const page = pageName(protocol.name, property);
      index.push(
        `| [\`${checkedAs(property)}\`](${page}) | ${KIND_TEXT[property.kind].short} | ${property.statement} |`,
      );
      const ofProtocol = runs.filter((r) => r.loaded.protocol.name === protocol.name);
      writeFileSync(join(out, page), propertyPage(protocol.name, property, ofProtocol));
      written.push(page);
    }
    index.push("");
    const stated = statedIn(protocol, models);
    if (stated.length > 0) {
      index.push(
        "Stated in the models themselves, as formulas (`invariant`, `reachable` and `liveness` lines):",
        "",
        "| property | kind | formula | stated in |",
        "| -------- | ---- | ------- | --------- |",
      );
    }
    for (const property of stated) {
      const ofModels = runs.filter((r) => property.models.includes(r.loaded));
      const modelNames = property.models.map((m) => `\`${m.model.name}\``).join(", ");
      index.push(
        `| [\`${property.form === "reachable" ? `reachable ${property.name}` : property.name}\`](${property.page}) | ${STATED_TEXT[property.form].short} | \`${property.text.replaceAll("|", "\\|")}\` | ${modelNames} |`,
      );
      writeFileSync(join(out, property.page), statedPage(protocol.name, property, ofModels));
      written.push(property.page);
    }
    if (stated.length > 0) index.push("");
  }
  writeFileSync(join(out, "README.md"), index.join("\n"));
  written.push("README.md");
  for (const stale of before.filter((name) => !written.includes(name))) {
    rmSync(join(out, stale));
  }
  writeFileSync(
    join(out, DOCS_MANIFEST),
    [
      "# Written by `synod docs`, which replaces or removes these files, and no others, when it",
      "# writes this folder again.",
      ...written,
      "",
    ].join("\n"),
  );
  return written;
}

/** The properties of a protocol that get a page. */
function properties(protocol: Protocol, models: readonly LoadedModel[]): Property[] {
  return [
    ...protocol.invariants.map((p) => ({ ...p, kind: "invariant" as const })),
    ...(protocol.steps ?? []).map((p) => ({ ...p, kind: "step" as const })),
    // A predicate gets a page once some model checks it (`check eventually …`).
    ...(protocol.predicates ?? [])
      .filter((p) => models.some((loaded) => loaded.liveness.includes(p)))
      .map((p) => ({ ...p, kind: "liveness" as const })),
  ];
}

/** The properties the models of a protocol state themselves, each once per wording. */
function statedIn(protocol: Protocol, models: readonly LoadedModel[]): Stated[] {
  const found: Stated[] = [];
  const taken = new Set(properties(protocol, models).map((p) => pageName(protocol.name, p)));
  for (const loaded of models.filter((m) => m.protocol.name === protocol.name)) {
    const { source } = loaded.model;
    for (const decl of loaded.model.properties) {
      const line = source.slice(decl.span.start, decl.span.end).trim();
      // The comment lines right above the property say what it is for: the page shows them.
      const above = source.slice(0, decl.span.start).split("\n").slice(0, -1);
      let first = above.length;
      while (first > 0 && above[first - 1]!.trim().startsWith("//")) first--;
      const comment = above.slice(first).map((l) => l.trim());
      const text =
        decl.form === "liveness"
          ? line.slice(line.indexOf(":") + 1).trim()
          : source.slice(decl.formula.span.start, decl.formula.span.end);
      const same = found.find(
        (s) => s.form === decl.form && s.name === decl.name.text && s.text === text,
      );
      if (same !== undefined) {
        same.models.push(loaded);
        continue;
      }
      // Two wordings under one name get a page each.
      const base = `${protocol.name}.${decl.form}-${decl.name.text}`;
      let page = `${base}.md`;
      for (let i = 2; taken.has(page); i++) page = `${base}-${i}.md`;
      taken.add(page);
      found.push({
        form: decl.form,
        name: decl.name.text,
        line: [...comment, line].join("\n"),
        text,
        models: [loaded],
        page,
      });
    }
  }
  return found;
}

/** The page of a property stated in models: a witness's, or as a protocol property's. */
function statedPage(protocol: string, stated: Stated, runs: readonly Run[]): string {
  if (stated.form !== "reachable") {
    const compiled = [...stated.models[0]!.invariants, ...stated.models[0]!.liveness].find(
      (p) => (stated.form === "liveness" ? livenessName(p) : p.id) === stated.name,
    )!;
    return propertyPage(protocol, { ...compiled, kind: stated.form, inModels: stated }, runs);
  }
  const lines = [
    `# \`reachable ${stated.name}\` (${protocol})`,
    "",
    `[Index](README.md) · ${STATED_TEXT.reachable.long}`,
    "",
    `**Statement.** \`${stated.text}\` holds in some reachable state.`,
    "",
    "**Why it matters.** A safety property that holds because nothing ever happens proves little: the witness shows that the model reaches such a state.",
    "",
    ...statedDefinition(stated),
    "",
  ];
  const witness = (r: Run) => r.report.witnesses.find((w) => w.id === stated.name);
  const reached = runs.filter((r) => witness(r)?.found === true);
  const never = runs.filter((r) => witness(r)?.found === false);
  lines.push("## Reached in", "");
  if (reached.length === 0) lines.push("No model reaches it.", "");
  else {
    lines.push(
      "| model | steps to the nearest such state | distinct states searched |",
      "| ----- | ------------------------------: | -----------------------: |",
    );
    for (const r of reached) {
      const w = witness(r)!;
      lines.push(`| \`${r.loaded.model.file}\` | ${w.steps} | ${n(w.distinctStates)} |`);
    }
    lines.push("");
  }
  if (never.length > 0) {
    lines.push("## Never reached in", "");
    for (const r of never) lines.push(`- \`${r.loaded.model.file}\``);
    lines.push("");
  }
  const unsearched = runs.filter((r) => witness(r) === undefined || witness(r)!.found === null);
  if (unsearched.length > 0) {
    lines.push(
      "## Not searched",
      "",
      "A witness is looked for once every invariant holds; in these models the check did not hold, or a limit stopped it:",
      "",
      ...unsearched.map((r) => `- \`${r.loaded.model.file}\``),
      "",
    );
  }
  return lines.join("\n");
}

/** Where a stated property's words come from: the line, and the models that state it. */
function statedDefinition(stated: Stated): string[] {
  const files = stated.models.map((m) => `\`${m.model.file}\``).join(", ");
  return [
    "## Definition",
    "",
    `Stated in ${stated.models.length === 1 ? "the model" : "each of the models"} ${files}, as a formula of the model language:`,
    "",
    "```",
    stated.line,
    "```",
  ];
}

function propertyPage(protocol: string, property: Property, runs: readonly Run[]): string {
  const definition =
    property.inModels === undefined
      ? predicateSource(protocolFiles(runs[0]!.loaded), property.id)
      : null;
  const formula =
    property.inModels === undefined && "formula" in property ? property.formula : undefined;
  const lines: string[] = [
    `# \`${checkedAs(property)}\` (${protocol})`,
    "",
    `[Index](README.md) · ${property.inModels === undefined ? KIND_TEXT[property.kind].long : STATED_TEXT[property.inModels.form].long}`,
    "",
    `**Statement.** ${property.statement}`,
    "",
    // A stated property's reason, if any, is the comment its definition shows.
    ...(property.inModels === undefined ? [`**Why it matters.** ${property.rationale}`, ""] : []),
    ...(property.inModels !== undefined
      ? statedDefinition(property.inModels)
      : definition === null
        ? [
            "## Definition",
            "",
            "The predicate's source was not found in the protocol's files (it is not written as an `id:` and a `holds:` line of an object literal).",
          ]
        : [
            "## Definition",
            "",
            `The predicate, from \`${definition.file}\`:`,
            "",
            "```ts",
            definition.text,
            "```",
          ]),
    "",
    ...(formula === undefined
      ? []
      : [
          "The same property as a formula of the model language (a model may state it as `invariant NAME: …`; test/lang/formulas.test.ts checks that the two agree in every reachable state of the models it lists):",
          "",
          "```",
          formula,
          "```",
          "",
        ]),
  ];
  const liveness = property.kind === "liveness";
  const checks = (r: Run) =>
    [
      ...r.loaded.invariants.map((p) => p.id),
      ...r.loaded.steps.map((p) => p.id),
      ...r.loaded.liveness.map(livenessName),
    ].includes(checkedAs(property));
  const verifying = runs.filter((r) => checks(r) && r.report.result.verdict === "ok");
  lines.push("## Verified by", "");
  if (verifying.length === 0) lines.push("No model in `models/` verifies it yet.", "");
  else {
    lines.push(
      `| model | distinct states | depth | faults |${liveness ? " fairness |" : ""}`,
      `| ----- | --------------: | ----: | ------ |${liveness ? " -------- |" : ""}`,
    );
    for (const r of verifying) {
      const res = r.report.result;
      lines.push(
        `| \`${r.loaded.model.file}\` | ${n(res.distinctStates)} | ${res.depth} | ${faults(r.loaded)} |${liveness ? ` ${describeFairness(r.loaded.model)} |` : ""}`,
      );
    }
    lines.push("");
  }
  const breaking = runs.filter((r) => r.report.result.violated === checkedAs(property));
  lines.push("## Broken by", "");
  if (breaking.length === 0) lines.push("No model in `models/` breaks it.", "");
  for (const r of breaking) {
    const steps = r.report.counterexample!;
    const variant = r.loaded.variant;
    const result = r.report.result;
    const lasso = result.loop === null ? null : { loop: result.loop, stutters: result.stutters };
    lines.push(
      `### ${variant === null ? (liveness ? `model \`${r.loaded.model.name}\`` : "the protocol itself") : `variant \`${variant.name}\``} (\`${r.loaded.model.file}\`)`,
      "",
    );
    if (variant !== null) lines.push(`**What it changes.** ${variant.changes}`, "");
    if (liveness) {
      lines.push(
        `**Faults:** ${faults(r.loaded)}. **Fairness:** ${describeFairness(r.loaded.model)}.`,
        "",
      );
    }
    const length =
      lasso === null
        ? `Shortest counterexample: ${steps.length - 1} steps.`
        : lasso.stutters
          ? `Counterexample: ${steps.length - 1} steps, then the run stutters forever.`
          : `Counterexample: ${plural(lasso.loop, "step")}, then a cycle of ${plural(steps.length - 1 - lasso.loop, "step")} repeated forever.`;
    lines.push(`**${length}** ${r.report.explanation}`, "");
    if (r.report.picture != null) lines.push("```", ...r.report.picture, "```", "");
    lines.push(
      "```mermaid",
      renderMermaid(steps, { violated: checkedAs(property), lasso }),
      "```",
      "",
      "The same run as numbered steps:",
      "",
      "```",
      renderSteps(steps, lasso),
      "```",
      "",
    );
  }
  return lines.join("\n");
}

const ROOT = projectPath();

/**
 * The files a protocol's properties are defined in: a built-in protocol's folder
 * (src/protocols/NAME/), or the folder of the user's protocol file, that file first, then
 * synod's own protocols' folders.
 */
export function protocolFiles(loaded: LoadedModel): string[] {
  const ref = loaded.model.protocol;
  const typescript = (folder: string) =>
    readdirSync(folder)
      .filter((f) => /\.[cm]?tsx?$/.test(f))
      .sort()
      .map((f) => join(folder, f));
  if (!ref.isFile) return typescript(join(ROOT, "src", "protocols", ref.name));
  const file = resolve(dirname(loaded.model.file), ref.name);
  // A protocol of the user's may reuse synod's own properties: they are looked for last.
  const protocols = join(ROOT, "src", "protocols");
  const builtIn = readdirSync(protocols, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => typescript(join(protocols, entry.name)));
  return [file, ...typescript(dirname(file)).filter((f) => f !== file), ...builtIn];
}

/**
 * The source text of a property's `holds`, read from the protocol's own files, so the page
 * shows exactly the code the checker runs; null if none of them defines it as synod's own
 * protocols do. Properties are object literals formatted by Prettier: `holds` runs from its
 * line to the next property of the literal.
 */
export function predicateSource(
  files: readonly string[],
  id: string,
): { file: string; text: string } | null {
  for (const path of files) {
    const lines = readFileSync(path, "utf8").split("\n");
    const at = lines.findIndex((line) => line.trim() === `id: "${id}",`);
    if (at < 0) continue;
    const start = lines.findIndex((line, i) => i > at && /^ {2}holds: /.test(line));
    if (start < 0) continue;
    let end = start + 1;
    while (end < lines.length && !/^ {2}[\w]+\??:( |$)|^ {2}\/\/|^};?$/.test(lines[end]!)) end++;
    const text = lines
      .slice(start, end)
      .map((line) => line.slice(2))
      .join("\n")
      .replace(/,$/, "");
    // synod's own files as the project names them; the user's relative to where synod runs.
    const inSynod = relative(ROOT, path);
    return { file: inSynod.startsWith("..") ? relative(process.cwd(), path) : inSynod, text };
  }
  return null;
}
