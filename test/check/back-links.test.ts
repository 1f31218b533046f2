import { describe, expect, it } from "vitest";
import { BackLinks, EntryLinks } from "../../src/check/back-links.ts";

describe("BackLinks", () => {
  it("gives back every parent and step, in four bits or not, in under two bytes a state", () => {
    // Parents mostly creep up by 0 to 3 (as in a breadth-first search), with jumps of 15 or
    // more, drops, and some more initial states (-1) among them; steps mostly under 12, some up
    // to 40, a few huge.
    const n = 1_000_000;
    const parents = new Int32Array(n);
    const steps = new Int32Array(n);
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let parent = -1;
    for (let i = 0; i < n; i++) {
      const r = random();
      if (i < 3 || r < 0.001) parent = -1;
      else if (r < 0.002) parent += 15 + Math.floor(random() * 100_000);
      else if (r < 0.003) parent = Math.floor(parent / 2);
      else parent += Math.floor(random() * 4);
      if (i >= 3 && parent < 0) parent = 0;
      parents[i] = parent;
      const s = random();
      steps[i] =
        s < 0.01
          ? 15 + Math.floor(random() * 1_000_000)
          : s < 0.04
            ? Math.floor(random() * 41)
            : Math.floor(random() * 12);
    }
    const links = new BackLinks();
    for (let i = 0; i < n; i++) links.append(parents[i]!, steps[i]!);
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      if (links.parent(i) !== parents[i] || links.step(i) !== steps[i]) wrong++;
    }
    expect([links.size, wrong]).toEqual([n, 0]);
    // A byte a state, a page at a time, plus the blocks' parents and the values that did not fit.
    expect(links.bytes).toBeLessThan(1.7 * n);
  });

  it("keeps a worker's parent references whole, and its steps in a byte or not", () => {
    const n = 200_000;
    const links = new EntryLinks();
    const parent = (i: number) => (i % 7 === 0 ? -1 : (i * 2654435761) | 0);
    const step = (i: number) => (i % 100 === 0 ? 255 + i : i % 40);
    for (let i = 0; i < n; i++) links.append(parent(i), step(i));
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      if (links.parent(i) !== parent(i) || links.step(i) !== step(i)) wrong++;
    }
    expect([links.size, wrong]).toEqual([n, 0]);
  });
});
