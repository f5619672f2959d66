import assert from "node:assert/strict";
import { fullEventAnalysis } from "./handler.ts";

const event = (dependsOnB: string[]) => ({
  id: "e1",
  name: "Show",
  startsAt: "2030-01-01T18:00:00Z",
  endsAt: "2030-01-01T20:00:00Z",
  tasks: [
    { id: "a", title: "A", status: "todo" as const, durationMinutes: 30, dependsOn: ["b"] },
    { id: "b", title: "B", status: "todo" as const, durationMinutes: 15, dependsOn: dependsOnB },
  ],
  staffing: { required: { dresser: 2 }, assigned: [] },
});
const now = new Date("2030-01-01T12:00:00Z");

Deno.test("fullEventAnalysis() computes every part of a valid event", () => {
  const full = fullEventAnalysis(event([]), now);
  assert.deepEqual(full.criticalPath?.criticalChain, ["b", "a"]);
  assert.equal(full.staffing?.[0].gap, 2);
  assert.ok(full.runOfShow);
  assert.equal(full.dependencyError, undefined);
});

Deno.test("fullEventAnalysis() keeps staffing and run of show when the graph has a cycle", () => {
  const full = fullEventAnalysis(event(["a"]), now);
  assert.equal(full.criticalPath, undefined);
  assert.equal(full.dependencyError?.code, "dependency_cycle");
  assert.deepEqual([...full.dependencyError!.taskIds].sort(), ["a", "b"]);
  assert.equal(full.staffing?.[0].gap, 2);
  assert.ok(full.runOfShow);
});
