/** The longest searches of the shipped models, beside models.test.ts: see models-shared.ts. */
import { expect, it } from "vitest";
import { checked, expectMet, LONG } from "./models-shared.ts";

it("the long models are among those the suite checks", () => {
  expect(LONG.filter((file) => !checked.includes(file))).toEqual([]);
});

it.each(LONG)("%s", expectMet);
