import assert from "node:assert/strict";
import { changedPaths, diffSettings, sameJson } from "./diff.ts";

Deno.test("diffSettings() of equal documents is empty, whatever the key order", () => {
  const diff = diffSettings({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 });
  assert.deepEqual(diff, { added: [], removed: [], changed: [] });
});

Deno.test("diffSettings() names nested paths with before and after", () => {
  const diff = diffSettings(
    { preferences: { qualityThresholds: { flagging: 6, autoApproval: 8 }, theme: "dark" } },
    { preferences: { qualityThresholds: { flagging: 5, autoApproval: 8 }, rowsPerPage: 50 } },
  );
  assert.deepEqual(diff.changed, [
    { path: "preferences.qualityThresholds.flagging", before: 6, after: 5 },
  ]);
  assert.deepEqual(diff.removed, [{ path: "preferences.theme", value: "dark" }]);
  assert.deepEqual(diff.added, [{ path: "preferences.rowsPerPage", value: 50 }]);
  assert.deepEqual(changedPaths(diff), [
    "preferences.qualityThresholds.flagging",
    "preferences.rowsPerPage",
    "preferences.theme",
  ]);
});

Deno.test("diffSettings() treats a changed list as one change and a type change as a change", () => {
  const diff = diffSettings({ kit_order: ["a", "b"], tier: null }, {
    kit_order: ["b", "a"],
    tier: ["x"],
  });
  assert.deepEqual(diff.changed, [
    { path: "kit_order", before: ["a", "b"], after: ["b", "a"] },
    { path: "tier", before: null, after: ["x"] },
  ]);
});

Deno.test("sameJson() compares deeply and tells null, 0 and false apart", () => {
  assert.ok(sameJson({ a: [{ b: 1 }] }, { a: [{ b: 1 }] }));
  assert.ok(!sameJson(null, 0));
  assert.ok(!sameJson(false, 0));
  assert.ok(!sameJson([1], { 0: 1 }));
  assert.ok(!sameJson({ a: 1 }, { a: 1, b: 2 }));
});
