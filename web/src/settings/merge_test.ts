import { deepEqual } from "node:assert/strict";
import { deepMerge, patchAt, valueAt } from "./merge.ts";

Deno.test("deepMerge() merges nested objects and replaces arrays and values", () => {
  deepEqual(
    deepMerge({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { c: [3] }, d: null }),
    { a: { b: 1, c: [3] }, d: null },
  );
});

Deno.test("patchAt() and valueAt() address the same dotted path", () => {
  const patch = patchAt("preferences.qualityThresholds.flagging", 5);
  deepEqual(patch, { preferences: { qualityThresholds: { flagging: 5 } } });
  deepEqual(valueAt(patch, "preferences.qualityThresholds.flagging"), 5);
  deepEqual(valueAt(patch, "preferences.missing.deeper"), undefined);
});

Deno.test("a burst of patches merged in order is the one write the burst makes", () => {
  const burst = [
    patchAt("assistant.conversation_history_retention_days", 3),
    patchAt("assistant.conversation_history_retention_days", 36),
    patchAt("preferences.rowsPerPage", 50),
    patchAt("assistant.conversation_history_retention_days", 365),
  ].reduce(deepMerge, {});
  deepEqual(burst, {
    assistant: { conversation_history_retention_days: 365 },
    preferences: { rowsPerPage: 50 },
  });
});
