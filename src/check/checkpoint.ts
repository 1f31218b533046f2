/**
 * Checkpoint files: a search's snapshot (snapshot.ts) on disk, to resume after an interrupt, a
 * time limit or a crash (TLC's `-checkpoint` and `-recover`).
 *
 * A checkpoint is one file, `DIR/checkpoint.synodck`: the bytes `SYNODCK1`, a header's length
 * (4 bytes, little-endian), the header (JSON: what wrote it, for which model, the counts, and
 * where each array is), then the arrays, each at a multiple of 8 bytes. It is written to a file
 * of its own name with `.tmp` added, flushed to the disk, and renamed over the last one: a crash
 * while writing leaves the previous checkpoint whole.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Checkpointer, SearchSnapshot } from "./snapshot.ts";

export const CHECKPOINT_FILE = "checkpoint.synodck";
const MAGIC = "SYNODCK1";
const FORMAT = 1;

/** What a checkpoint must match to be resumed: the model it is of, and the synod that wrote it. */
export interface CheckpointIdentity {
  /** A hash of the model file, the code it names and the options that change its states. */
  readonly model: string;
  /** synod's version and a hash of its sources. */
  readonly synod: string;
}

/** A checkpoint that cannot be read or resumed, and why (a user's mistake: exit 2). */
export class CheckpointError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "CheckpointError";
  }
}

type Section = Uint8Array | Int32Array | Uint32Array;
const KINDS = { u8: Uint8Array, i32: Int32Array, u32: Uint32Array } as const;
type Kind = keyof typeof KINDS;
const kindOf = (array: Section): Kind =>
  array instanceof Uint8Array ? "u8" : array instanceof Int32Array ? "i32" : "u32";

interface Header {
  readonly format: number;
  readonly identity: CheckpointIdentity;
  readonly model: string;
  readonly written: string;
  readonly counts: {
    readonly distinct: number;
    readonly expanded: number;
    readonly generated: number;
    readonly depth: number;
    readonly levelEnd: number;
    readonly initialCount: number;
    readonly seconds: number;
    readonly frontier: number;
  };
  readonly store: { exact: boolean; indexed: boolean; size: number };
  readonly links: { size: number; lastParent: number };
  readonly liveness: number | null;
  /** Arrays of the system's numbering of values (`shared.0`, …), or null. */
  readonly shared: number | null;
  readonly sections: Record<string, { kind: Kind; offset: number; length: number }>;
}

/** Writes a snapshot into `folder` (made if missing), replacing the checkpoint there. */
export function writeCheckpoint(
  folder: string,
  snapshot: SearchSnapshot,
  identity: CheckpointIdentity,
  modelFile: string,
): void {
  mkdirSync(folder, { recursive: true });
  const { store, frontier } = snapshot;
  const arrays: Record<string, Section> = {
    fingerprints: store.fingerprints,
    roots: store.roots,
    "links.bytes": store.links.bytes,
    "links.blockParents": store.links.blockParents,
    "links.bigParents": store.links.bigParents,
    "links.bigSteps": store.links.bigSteps,
    frontier: frontier.bytes,
  };
  if (store.numbers !== null) arrays["numbers"] = store.numbers;
  if (store.encodings !== null) arrays["encodings"] = store.encodings;
  if (store.offsets !== null) arrays["offsets"] = store.offsets;
  if (snapshot.graph !== null) {
    arrays["graph.start"] = snapshot.graph.start;
    arrays["graph.target"] = snapshot.graph.target;
    arrays["graph.instance"] = snapshot.graph.instance;
  }
  snapshot.satisfied?.forEach((bits, k) => (arrays[`satisfied.${k}`] = bits));
  snapshot.shared?.forEach((words, k) => (arrays[`shared.${k}`] = words));

  const sections: Header["sections"] = {};
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    sections[name] = { kind: kindOf(array), offset, length: array.length };
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  const header: Header = {
    format: FORMAT,
    identity,
    model: modelFile,
    written: new Date().toISOString(),
    counts: {
      distinct: store.size,
      expanded: snapshot.expanded,
      generated: snapshot.generated,
      depth: snapshot.depth,
      levelEnd: snapshot.levelEnd,
      initialCount: snapshot.initialCount,
      seconds: snapshot.seconds,
      frontier: frontier.length,
    },
    store: { exact: store.exact, indexed: store.indexed, size: store.size },
    links: { size: store.links.size, lastParent: store.links.lastParent },
    liveness: snapshot.satisfied?.length ?? null,
    shared: snapshot.shared?.length ?? null,
    sections,
  };
  const json = Buffer.from(JSON.stringify(header));
  const lead = Buffer.alloc(MAGIC.length + 4);
  lead.write(MAGIC, 0, "latin1");
  lead.writeUInt32LE(json.length, MAGIC.length);
  // The arrays start at a multiple of 8 bytes.
  const pad = (8 - ((lead.length + json.length) % 8)) % 8;

  const target = join(folder, CHECKPOINT_FILE);
  const temporary = `${target}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    writeAll(fd, lead);
    writeAll(fd, json);
    writeAll(fd, new Uint8Array(pad));
    for (const array of Object.values(arrays)) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      writeAll(fd, bytes);
      writeAll(fd, new Uint8Array((8 - (bytes.length % 8)) % 8));
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
  // The rename itself reaches the disk with the folder's entry.
  const dir = openSync(folder, "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** A checkpoint's summary, without its arrays: for messages. */
export interface CheckpointSummary {
  readonly model: string;
  readonly written: string;
  readonly distinct: number;
  readonly depth: number;
}

/** Reads the checkpoint in `folder`, refusing one of another model or another synod. */
export function readCheckpoint(
  folder: string,
  identity: CheckpointIdentity,
): { snapshot: SearchSnapshot; summary: CheckpointSummary } {
  const file = join(folder, CHECKPOINT_FILE);
  if (!existsSync(file)) {
    throw new CheckpointError(
      `--resume ${folder}: there is no checkpoint in it (no ${CHECKPOINT_FILE})`,
      "give the folder a run wrote with --checkpoint DIR.",
    );
  }
  const bytes = readFileSync(file);
  const broken = (why: string): never => {
    throw new CheckpointError(
      `--resume ${folder}: the checkpoint is damaged: ${why}`,
      "it cannot be resumed; run the check again (with --checkpoint to keep its progress).",
    );
  };
  if (bytes.length < MAGIC.length + 4 || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) {
    broken("it does not start as a synod checkpoint does");
  }
  const length = bytes.readUInt32LE(MAGIC.length);
  let header: Header;
  try {
    header = JSON.parse(bytes.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + length));
  } catch {
    return broken("its header is not JSON");
  }
  if (header.format !== FORMAT) broken(`it is in format ${header.format}, not ${FORMAT}`);
  if (header.identity.synod !== identity.synod) {
    throw new CheckpointError(
      `--resume ${folder}: the checkpoint was written by another version of synod (${header.identity.synod.split("+")[0]}, sources ${header.identity.synod.split("+")[1] ?? "?"}), not this one (${identity.synod.split("+")[0]}, sources ${identity.synod.split("+")[1] ?? "?"})`,
      "a search resumes only in the synod that began it, whose states it numbers; run the check again.",
    );
  }
  if (header.identity.model !== identity.model) {
    throw new CheckpointError(
      `--resume ${folder}: the checkpoint is of another model (${header.model}, or it, its code or --exact changed since)`,
      "resume a checkpoint with the model and options that wrote it; or run the check again.",
    );
  }
  const base = Math.ceil((MAGIC.length + 4 + length) / 8) * 8;
  const section = <K extends Kind>(name: string): InstanceType<(typeof KINDS)[K]> => {
    const where = header.sections[name] ?? broken(`it has no ${name}`);
    const Kind = KINDS[where.kind];
    const start = base + where.offset;
    const end = start + where.length * Kind.BYTES_PER_ELEMENT;
    if (end > bytes.length) broken(`it ends before its ${name} (was it cut short?)`);
    // Copied into an aligned buffer of its own.
    const copy = new Kind(where.length);
    new Uint8Array(copy.buffer).set(bytes.subarray(start, end));
    return copy as InstanceType<(typeof KINDS)[K]>;
  };
  const optional = <K extends Kind>(name: string) =>
    header.sections[name] === undefined ? null : section<K>(name);
  const { counts } = header;
  const snapshot: SearchSnapshot = {
    store: {
      exact: header.store.exact,
      indexed: header.store.indexed,
      size: header.store.size,
      fingerprints: section<"u32">("fingerprints"),
      numbers: optional<"i32">("numbers"),
      roots: section<"u32">("roots"),
      links: {
        size: header.links.size,
        lastParent: header.links.lastParent,
        bytes: section<"u8">("links.bytes"),
        blockParents: section<"i32">("links.blockParents"),
        bigParents: section<"i32">("links.bigParents"),
        bigSteps: section<"i32">("links.bigSteps"),
      },
      encodings: optional<"i32">("encodings"),
      offsets: optional<"i32">("offsets"),
    },
    frontier: { bytes: section<"u8">("frontier"), length: counts.frontier },
    expanded: counts.expanded,
    generated: counts.generated,
    depth: counts.depth,
    levelEnd: counts.levelEnd,
    initialCount: counts.initialCount,
    seconds: counts.seconds,
    graph:
      header.sections["graph.start"] === undefined
        ? null
        : {
            start: section<"i32">("graph.start"),
            target: section<"i32">("graph.target"),
            instance: section<"i32">("graph.instance"),
          },
    satisfied:
      header.liveness === null
        ? null
        : Array.from({ length: header.liveness }, (_, k) => section<"u8">(`satisfied.${k}`)),
    shared:
      header.shared === null
        ? null
        : Array.from({ length: header.shared }, (_, k) => section<"i32">(`shared.${k}`)),
  };
  return {
    snapshot,
    summary: {
      model: header.model,
      written: header.written,
      distinct: counts.distinct,
      depth: counts.depth,
    },
  };
}

/**
 * Checks a folder for `--checkpoint` before the search: new, empty, or holding only a checkpoint
 * (synod replaces it). Returns a reason to refuse it, or null.
 */
export function checkpointFolderProblem(folder: string): string | null {
  if (!existsSync(folder)) return null;
  if (!statSync(folder).isDirectory()) return "it is a file, not a folder";
  const others = readdirSync(folder).filter(
    (name) => name !== CHECKPOINT_FILE && name !== `${CHECKPOINT_FILE}.tmp`,
  );
  return others.length === 0
    ? null
    : `it holds files that are not synod's checkpoint (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", …" : ""})`;
}

/** Settings of checkpoints, as data (they cross to the live panel's search thread). */
export interface CheckpointSettings {
  readonly folder: string;
  /** Milliseconds between two periodic checkpoints. */
  readonly everyMs: number;
  readonly identity: CheckpointIdentity;
  readonly modelFile: string;
}

/**
 * A search's checkpoints into a folder: one every `everyMs`, and one when a limit or an
 * interrupt stops it (the search decides that). `written` hears of each.
 */
export function folderCheckpointer(
  settings: CheckpointSettings,
  written: (snapshot: SearchSnapshot) => void = () => {},
): Checkpointer {
  let last = performance.now();
  return {
    due: () => performance.now() - last >= settings.everyMs,
    write: (snapshot) => {
      writeCheckpoint(settings.folder, snapshot, settings.identity, settings.modelFile);
      last = performance.now();
      written(snapshot);
    },
  };
}
