import assert from "node:assert/strict";
import { assertListSize, listContextId, MAX_ANALYSIS_ITEMS, pick } from "./analyzer.ts";
import { HttpError } from "./errors.ts";

Deno.test("assertListSize() allows the limit and refuses one more with 413", () => {
  assertListSize("list", new Array(MAX_ANALYSIS_ITEMS));
  assertListSize("list", undefined);
  assert.throws(
    () => assertListSize("list", new Array(MAX_ANALYSIS_ITEMS + 1)),
    (error: HttpError) => error.status === 413 && error.detail.includes('"list"'),
  );
});

Deno.test("listContextId() is stable across key order and differs by content", async () => {
  const a = await listContextId([{ id: "1", status: "shot" }]);
  const b = await listContextId([{ status: "shot", id: "1" }]);
  const c = await listContextId([{ id: "1", status: "on_set" }]);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.match(a, /^list:[0-9a-f]{64}$/);
  assert.match(await listContextId({}, "stored"), /^stored:/);
});

Deno.test("pick() keeps only the asked keys that are present", () => {
  assert.deepEqual(pick({ a: 1, b: 2, c: undefined }, ["a", "c", "d"]), { a: 1 });
});
