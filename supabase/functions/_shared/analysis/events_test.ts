import { deepEqual, equal } from "node:assert/strict";
import { eventWith, task } from "./_event_fixtures.ts";
import { analyzeEvent, eventPartsFor, fullEventAnalysis } from "./events.ts";

const NOW = new Date("2025-03-01T15:00:00.000Z");

Deno.test("eventPartsFor() expands all into every part", () => {
  deepEqual([...eventPartsFor("all")], ["critical_path", "staffing", "run_of_show"]);
  deepEqual([...eventPartsFor("run_of_show")], ["run_of_show"]);
});

Deno.test("analyzeEvent() returns only the parts asked for", () => {
  const event = eventWith([task("rig", 60)], {
    staffing: { required: { rigger: 2 }, assigned: [] },
  });
  const all = analyzeEvent(event, eventPartsFor("all"), NOW);
  equal(all.error, null);
  deepEqual(Object.keys(all.data ?? {}), ["criticalPath", "staffing", "runOfShow"]);
  deepEqual(all.data?.staffing, [{ role: "rigger", required: 2, assigned: 0, gap: 2 }]);

  const staffingOnly = analyzeEvent(event, new Set(["staffing"]), NOW);
  deepEqual(Object.keys(staffingOnly.data ?? {}), ["staffing"]);
});

Deno.test("analyzeEvent() returns the dependency error and no data", () => {
  const event = eventWith([task("a", 5, { dependsOn: ["a"] })]);
  const result = analyzeEvent(event, eventPartsFor("all"), NOW);
  equal(result.data, null);
  equal(result.error?.code, "dependency_cycle");
});

Deno.test("analyzeEvent() skips dependency checks when the critical path is not asked for", () => {
  const event = eventWith([task("a", 5, { dependsOn: ["ghost"] })]);
  const result = analyzeEvent(event, new Set(["run_of_show"]), NOW);
  equal(result.error, null);
  deepEqual(result.data?.runOfShow?.blocks[0].taskIds, ["a"]);
});

Deno.test("fullEventAnalysis() computes every part of a valid event", () => {
  const event = eventWith([task("b", 15), task("a", 30, { dependsOn: ["b"] })], {
    staffing: { required: { dresser: 2 }, assigned: [] },
  });
  const full = fullEventAnalysis(event, NOW);
  deepEqual(full, { ...analyzeEvent(event, eventPartsFor("all"), NOW).data });
  deepEqual(full.criticalPath?.criticalChain, ["b", "a"]);
  equal(full.dependencyError, undefined);
});

Deno.test("fullEventAnalysis() keeps staffing and run of show when the graph has a cycle", () => {
  const event = eventWith([
    task("a", 30, { dependsOn: ["b"] }),
    task("b", 15, { dependsOn: ["a"] }),
  ], {
    staffing: { required: { dresser: 2 }, assigned: [] },
  });
  const full = fullEventAnalysis(event, NOW);
  const rest = analyzeEvent(event, new Set(["staffing", "run_of_show"]), NOW).data;
  equal(full.criticalPath, undefined);
  equal(full.dependencyError?.code, "dependency_cycle");
  deepEqual([...full.dependencyError!.taskIds].sort(), ["a", "b"]);
  deepEqual(full.staffing, rest?.staffing);
  deepEqual(full.runOfShow, rest?.runOfShow);
});
