import assert from "node:assert/strict";
import { deepMerge, type JsonObject } from "./merge.ts";

const cases: Array<{ name: string; base: JsonObject; patch: JsonObject; expected: JsonObject }> = [
  { name: "empty patch keeps the base", base: { a: 1 }, patch: {}, expected: { a: 1 } },
  { name: "a scalar replaces", base: { a: 1, b: 2 }, patch: { a: 3 }, expected: { a: 3, b: 2 } },
  {
    name: "objects merge key by key, at any depth",
    base: { n: { toast: true, c: { errors: true, alerts: true } } },
    patch: { n: { c: { alerts: false } } },
    expected: { n: { toast: true, c: { errors: true, alerts: false } } },
  },
  {
    name: "an array replaces the whole array",
    base: { range: [0, 10] },
    patch: { range: [3] },
    expected: { range: [3] },
  },
  {
    name: "null replaces an object",
    base: { t: { a: 1 } },
    patch: { t: null },
    expected: { t: null },
  },
  {
    name: "an object replaces a scalar",
    base: { t: null },
    patch: { t: { a: 1 } },
    expected: { t: { a: 1 } },
  },
  { name: "new keys are added", base: {}, patch: { k: { a: [1] } }, expected: { k: { a: [1] } } },
];

for (const { name, base, patch, expected } of cases) {
  Deno.test(`deepMerge(): ${name}`, () => {
    const before = structuredClone(base);
    assert.deepEqual(deepMerge(base, patch), expected);
    assert.deepEqual(base, before, "the base is not changed");
  });
}
