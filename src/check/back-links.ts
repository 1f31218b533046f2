/**
 * How the one-thread search first reached each stored state: its parent's number, and the step,
 * as the position of the state among its parent's successors in the order the system emits them.
 * A counterexample is rebuilt from these by replay (explorer.ts, `pathTo` and `replay`).
 *
 * They take about one byte per state, not eight. States are numbered breadth-first, in the order
 * they are found, so the parents of successive states never go down: each parent is kept as its
 * difference from the one before, in four bits (it is mostly 0, 1 or 2), and the parent of each
 * block's first state in full. A step's position takes the byte's other four bits (a state has
 * about eight successors in the message-set Paxos; in the default model, 3% of the new states
 * came at position 15 or later). A value that does not fit is marked 15 and kept, with its
 * state's number, in a list of its own (numbers only grow, so a lookup is a binary search).
 * Reading a parent adds up the differences from its block's start: only a counterexample's replay
 * reads them.
 */
import { readSync, writeSync } from "node:fs";
import { grown } from "./grown.ts";
import type { Spill } from "./spill.ts";

/** States per page: pages are added as the search grows, and never copied. */
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
/** States per block: a block's first parent is kept in full. */
const BLOCK_BITS = 8;
/** In four bits, "look in the list". */
const ESCAPE = 15;
/** Marks a page that is in the file. */
const ON_DISK = new Uint8Array(0);

/** Values that did not fit in four bits, by state number (appended in increasing order). */
class Exceptions {
  private numbers = new Int32Array(256);
  private values = new Int32Array(256);
  size = 0;

  add(number: number, value: number): void {
    if (this.size === this.numbers.length) {
      this.numbers = grown(this.numbers);
      this.values = grown(this.values);
    }
    this.numbers[this.size] = number;
    this.values[this.size++] = value;
  }

  get(number: number): number {
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.numbers[middle]! < number) low = middle + 1;
      else high = middle;
    }
    if (this.numbers[low] !== number) throw new Error(`back-links: no exception for ${number}`);
    return this.values[low]!;
  }

  get bytes(): number {
    return this.numbers.byteLength + this.values.byteLength;
  }

  /** Numbers, then values, for a checkpoint. */
  save(): Int32Array {
    const saved = new Int32Array(2 * this.size);
    saved.set(this.numbers.subarray(0, this.size));
    saved.set(this.values.subarray(0, this.size), this.size);
    return saved;
  }

  /** Restores what {@link save} gave. */
  restore(saved: Int32Array): void {
    const n = saved.length / 2;
    this.numbers = new Int32Array(Math.max(256, n));
    this.values = new Int32Array(this.numbers.length);
    this.numbers.set(saved.subarray(0, n));
    this.values.set(saved.subarray(n));
    this.size = n;
  }
}

/** Back-links as a checkpoint keeps them (see `BackLinks.save`). */
export interface SavedLinks {
  readonly size: number;
  readonly lastParent: number;
  /** A byte per state: the parent's difference and the step, as in the pages. */
  readonly bytes: Uint8Array;
  readonly blockParents: Int32Array;
  readonly bigParents: Int32Array;
  readonly bigSteps: Int32Array;
}

export class BackLinks {
  /**
   * Per state, a byte: the parent's difference in the low four bits, the step in the high. Once
   * the store spills (`spillTo`), each page filled goes to a file, and only a replay reads it.
   */
  private readonly pages: Uint8Array[] = [];
  private fd = -1;
  /** The page last read from the file, and its number. */
  private read: Uint8Array | null = null;
  private readPage = -1;
  private blockParents = new Int32Array(64);
  private readonly bigParents = new Exceptions();
  private readonly bigSteps = new Exceptions();
  private lastParent = -1;
  size = 0;

  /** Records the next state's parent (-1 for an initial state) and step. */
  append(parent: number, step: number): void {
    const index = this.size++;
    const offset = index & (PAGE - 1);
    if (offset === 0) this.newPage();
    let delta = 0;
    if ((index & ((1 << BLOCK_BITS) - 1)) === 0) {
      const block = index >>> BLOCK_BITS;
      if (block === this.blockParents.length) this.blockParents = grown(this.blockParents);
      this.blockParents[block] = parent;
    } else {
      delta = parent - this.lastParent;
      if (delta < 0 || delta >= ESCAPE) {
        delta = ESCAPE;
        this.bigParents.add(index, parent);
      }
    }
    this.lastParent = parent;
    let position = step;
    if (step < 0 || step >= ESCAPE) {
      position = ESCAPE;
      this.bigSteps.add(index, step);
    }
    this.pages[index >>> PAGE_BITS]![offset] = delta | (position << 4);
  }

  /** From now on, pages filled go to disk. */
  spillTo(spill: Spill): void {
    if (this.fd < 0) this.fd = spill.open("back-links");
  }

  /** Starts a page: the last one goes to disk if the links spill, and its memory is reused. */
  private newPage(): void {
    const last = this.pages.length - 1;
    if (this.fd < 0 || last < 0) {
      this.pages.push(new Uint8Array(PAGE));
      return;
    }
    const full = this.pages[last]!;
    writeSync(this.fd, full, 0, PAGE, last * PAGE);
    this.pages[last] = ON_DISK;
    this.pages.push(full);
  }

  /** Page `i`, read from the file if it is there. */
  private page(i: number): Uint8Array {
    const page = this.pages[i]!;
    if (page !== ON_DISK) return page;
    if (this.readPage !== i) {
      this.read ??= new Uint8Array(PAGE);
      readSync(this.fd, this.read, 0, PAGE, i * PAGE);
      this.readPage = i;
    }
    return this.read!;
  }

  /** Everything, for a checkpoint. */
  save(): SavedLinks {
    const bytes = new Uint8Array(this.size);
    this.pages.forEach((_, i) => {
      const start = i * PAGE;
      bytes.set(this.page(i).subarray(0, Math.min(PAGE, this.size - start)), start);
    });
    return {
      size: this.size,
      lastParent: this.lastParent,
      bytes,
      blockParents: this.blockParents.slice(0, Math.ceil(this.size / (1 << BLOCK_BITS))),
      bigParents: this.bigParents.save(),
      bigSteps: this.bigSteps.save(),
    };
  }

  /** Back-links as a checkpoint saved them. */
  static restore(saved: SavedLinks): BackLinks {
    const links = new BackLinks();
    for (let start = 0; start < saved.size; start += PAGE) {
      const page = new Uint8Array(PAGE);
      page.set(saved.bytes.subarray(start, Math.min(saved.size, start + PAGE)));
      links.pages.push(page);
    }
    links.blockParents = new Int32Array(Math.max(64, saved.blockParents.length * 2));
    links.blockParents.set(saved.blockParents);
    links.bigParents.restore(saved.bigParents);
    links.bigSteps.restore(saved.bigSteps);
    links.lastParent = saved.lastParent;
    links.size = saved.size;
    return links;
  }

  /** State `index`'s parent's number, or -1 for an initial state. */
  parent(index: number): number {
    const blockStart = (index >>> BLOCK_BITS) << BLOCK_BITS;
    let parent = this.blockParents[index >>> BLOCK_BITS]!;
    // A block lies within one page.
    const page = this.page(index >>> PAGE_BITS);
    for (let i = blockStart + 1; i <= index; i++) {
      const delta = page[i & (PAGE - 1)]! & 15;
      parent = delta === ESCAPE ? this.bigParents.get(i) : parent + delta;
    }
    return parent;
  }

  /** The position of state `index` among its parent's successors. */
  step(index: number): number {
    const step = this.page(index >>> PAGE_BITS)[index & (PAGE - 1)]! >>> 4;
    return step === ESCAPE ? this.bigSteps.get(index) : step;
  }

  /** Bytes held. */
  get bytes(): number {
    return (
      this.pages.filter((page) => page !== ON_DISK).length * PAGE +
      this.blockParents.byteLength +
      this.bigParents.bytes +
      this.bigSteps.bytes
    );
  }
}

/**
 * A parallel search worker's back-links: per entry, the parent's reference (which worker keeps
 * it, and under which number: parallel-protocol.ts) in four bytes, and the step in one. A
 * worker's entries' parents belong to any worker, so they are kept whole. In pages, like
 * {@link BackLinks}: no array is copied as it grows, and no more than a page is unused.
 */
export class EntryLinks {
  private readonly parents: Int32Array[] = [];
  private readonly steps: Uint8Array[] = [];
  private readonly bigSteps = new Exceptions();
  size = 0;

  append(parent: number, step: number): void {
    const index = this.size++;
    const offset = index & (PAGE - 1);
    if (offset === 0) {
      this.parents.push(new Int32Array(PAGE));
      this.steps.push(new Uint8Array(PAGE));
    }
    const page = index >>> PAGE_BITS;
    this.parents[page]![offset] = parent;
    if (step >= 0 && step < 255) {
      this.steps[page]![offset] = step;
    } else {
      this.steps[page]![offset] = 255;
      this.bigSteps.add(index, step);
    }
  }

  parent(index: number): number {
    return this.parents[index >>> PAGE_BITS]![index & (PAGE - 1)]!;
  }

  step(index: number): number {
    const step = this.steps[index >>> PAGE_BITS]![index & (PAGE - 1)]!;
    return step === 255 ? this.bigSteps.get(index) : step;
  }
}
