/** What the CLI tests share: running the CLI in-process, and reading a JSON schema's fields. */
import { main } from "../../src/cli/main.ts";

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(
    args,
    { write: (s: string) => (out += s) },
    { write: (s: string) => (err += s) },
  );
  return { code, out, err };
}

/** Every field name a JSON Schema's `properties` name, anywhere in it (sorted). */
export function schemaFields(schema: unknown): string[] {
  const named = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties") Object.keys(value as object).forEach((k) => named.add(k));
      walk(value);
    }
  };
  walk(schema);
  return [...named].sort();
}

/** The fields a Markdown page's tables document: rows that begin with `` | `name` | `` (sorted). */
export function documentedFields(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(/^\| `([A-Za-z0-9]+)` \|/gm)].map((m) => m[1]!))].sort();
}
