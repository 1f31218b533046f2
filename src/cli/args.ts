/**
 * Each subcommand's options, read strictly: an option of another subcommand, or none at all, is
 * a mistake with a hint (exit 2), and numbers are whole decimal numbers, nothing else.
 */
import { parseArgs } from "node:util";

/** A mistake on the command line: printed as `synod: <message>` and a hint, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** An option: a flag, or one that takes a value (shown as `--name VALUE` in hints). */
export interface OptionSpec {
  readonly type: "boolean" | "string";
  /** For a string option, what its value is, as usage shows it: `N`, `FILE`, `DIR`. */
  readonly value?: string;
}

/** The options every subcommand takes. */
const COMMON: Record<string, OptionSpec> = {
  help: { type: "boolean" },
  debug: { type: "boolean" },
};

/** How a subcommand's options print in a hint: `--json, --max-states N, …`. */
export function describeOptions(options: Record<string, OptionSpec>): string {
  return Object.entries(options)
    .map(([name, spec]) => `--${name}${spec.type === "string" ? ` ${spec.value ?? "VALUE"}` : ""}`)
    .join(", ");
}

/** Reads a subcommand's arguments: its positionals and its options, strictly. */
export function parseCommand<const O extends Record<string, OptionSpec>>(
  command: string,
  args: readonly string[],
  options: O,
): {
  positionals: string[];
  values: { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string } & {
    help?: boolean;
    debug?: boolean;
  };
} {
  const all = { ...COMMON, ...options };
  // `--max-states -5` is a (wrong) number, not an option: read it as `--max-states=-5`.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.replace(/^--/, "");
    const next = args[i + 1];
    if (all[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else joined.push(args[i]!);
  }
  try {
    const parsed = parseArgs({
      args: joined,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(all).map(([name, spec]) => [name, { type: spec.type }]),
      ),
    });
    return parsed as never;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-[^']*)'/.exec((error as Error).message)?.[1] ?? "";
    const known = describeOptions(options);
    const takes = known === "" ? "it takes no options" : `its options: ${known}`;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(
        `\`${command}\` has no option ${option.split("=")[0]}`,
        `${takes} (\`synod --help\` lists every command's).`,
      );
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = option.replace(/^-+/, "").split(/[ =]/)[0]!;
      const spec = all[name];
      throw new UsageError(
        spec?.type === "string"
          ? `${option.split(" ")[0]} needs a value`
          : `--${name} takes no value`,
        spec?.type === "string"
          ? `write \`--${name} ${spec.value ?? "VALUE"}\`.`
          : `write \`--${name}\` alone.`,
      );
    }
    throw new UsageError((error as Error).message, `${takes}.`);
  }
}

/**
 * A whole number given to an option: decimal digits only (not `0x2`, `1e3`, ` 2` or `2.0`),
 * between `least` and `most`; null when the option is absent.
 */
export function wholeNumber(
  option: string,
  text: string | undefined,
  least = 1,
  most = Number.MAX_SAFE_INTEGER,
): number | null {
  if (text === undefined) return null;
  const shown = JSON.stringify(text);
  if (!/^-?[0-9]+$/.test(text)) {
    throw new UsageError(
      `--${option} takes a whole number, not ${shown}`,
      `write it in decimal digits, e.g. \`--${option} ${Math.max(least, Math.min(most, 10))}\`.`,
    );
  }
  const n = Number(text);
  if (n < least || n > most) {
    throw new UsageError(
      n < least
        ? `--${option} takes a whole number of at least ${least}, not ${text}`
        : `--${option} takes at most ${most.toLocaleString("en-US")}, not ${text}`,
      n < least ? `give ${least} or more.` : `give ${most.toLocaleString("en-US")} or fewer.`,
    );
  }
  return n;
}
