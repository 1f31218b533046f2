/**
 * When a one-thread search under `--max-memory` moves its visited set and its frontier to disk,
 * and where: a directory of its own in the system's temporary directory, removed when the search
 * ends (or the process exits).
 *
 * The memory limit is on the resident size of the whole process, which the state table and the
 * frontier drive but do not make alone (code, the heap, the back-links). So the decision is
 * taken on the resident size itself: a part that is about to take `bytes` more spills if the
 * process would then pass {@link SPILL_AT} of the limit. The rest of the limit is headroom for
 * what keeps growing in memory (the back-links, a byte a state) and for garbage not yet collected.
 */
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The share of `--max-memory` past which a growing table or frontier goes to disk. */
export const SPILL_AT = 0.6;

export class Spill {
  private dir: string | null = null;
  private readonly files: number[] = [];
  private readonly onExit = (): void => this.dispose();

  constructor(
    /** Resident bytes the process must stay under. */
    readonly maxMemory: number,
    private readonly resident: () => number = () => process.memoryUsage.rss(),
    /**
     * The smallest state table that spills, in slots (4 MB plain): each spill merges the table
     * into the whole file on disk, so a table much smaller makes the merges' cost grow with the
     * square of the states.
     */
    readonly tableFrom = 1 << 19,
  ) {}

  /** True if taking `bytes` more would bring the process past its share of the limit. */
  due(bytes: number): boolean {
    return this.resident() + bytes > SPILL_AT * this.maxMemory;
  }

  /** A new file in the spill directory, for reading and writing; its descriptor. */
  open(name: string): number {
    if (this.dir === null) {
      this.dir = mkdtempSync(join(tmpdir(), "synod-spill-"));
      process.once("exit", this.onExit);
    }
    // Numbered: two queues (the frontier, the states pending) each have a file.
    const fd = openSync(join(this.dir, `${this.files.length}-${name}`), "w+");
    this.files.push(fd);
    return fd;
  }

  /** The directory, once a file was opened in it (for messages), else null. */
  get directory(): string | null {
    return this.dir;
  }

  /** Closes every file and removes the directory. */
  dispose(): void {
    for (const fd of this.files.splice(0)) closeSync(fd);
    if (this.dir !== null) {
      rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
      process.removeListener("exit", this.onExit);
    }
  }
}
