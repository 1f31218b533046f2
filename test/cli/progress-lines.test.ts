/** Progress lines without the live panel: one every 30 s at most, none for a short run. */
import { expect, it } from "vitest";
import { progressLines } from "../../src/cli/progress-lines.ts";

it("says where a long run is every 30 seconds, and nothing before", () => {
  let now = 0;
  const said: string[] = [];
  const note = progressLines<number>(
    (text) => said.push(text),
    (walks) => `${now / 1000} s: ${walks} walks`,
    30_000,
    () => now,
  );
  for (now = 0; now <= 95_000; now += 5_000) note(now / 100);
  expect(said).toEqual([
    "synod: progress after 30 s: 300 walks",
    "synod: progress after 60 s: 600 walks",
    "synod: progress after 90 s: 900 walks",
  ]);
});
