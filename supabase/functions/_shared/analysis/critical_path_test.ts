import { deepEqual, equal } from "node:assert/strict";
import { eventWith, task } from "./_event_fixtures.ts";
import { criticalPath } from "./critical_path.ts";

/** Three hours before doors open. */
const NOW = new Date("2025-03-01T15:00:00.000Z");

// A(30) -> B(60) -> D(10) and A -> C(20) -> D: the chain is A, B, D (100 min); C has 40 slack.
const diamond = [
  task("A", 30),
  task("B", 60, { dependsOn: ["A"] }),
  task("C", 20, { dependsOn: ["A"] }),
  task("D", 10, { dependsOn: ["B", "C"] }),
];

Deno.test("criticalPath() computes earliest and latest starts and slack", () => {
  const { data, error } = criticalPath(eventWith(diamond), NOW);
  equal(error, null);
  deepEqual(
    data?.tasks.map((t) => [t.id, t.earliestStart, t.latestStart, t.slack, t.critical]),
    [
      ["A", 0, 0, 0, true],
      ["B", 30, 30, 0, true],
      ["C", 30, 70, 40, false],
      ["D", 90, 90, 0, true],
    ],
  );
  deepEqual(data?.tasks[2], {
    id: "C",
    title: "Task C",
    status: "todo",
    phase: "setup",
    remainingMinutes: 20,
    earliestStart: 30,
    earliestFinish: 50,
    latestStart: 70,
    latestFinish: 90,
    slack: 40,
    critical: false,
  });
});

Deno.test("criticalPath() returns the chain and the projected finish from now", () => {
  const { data } = criticalPath(eventWith(diamond), NOW);
  deepEqual(data?.criticalChain, ["A", "B", "D"]);
  equal(data?.anchor, "2025-03-01T15:00:00.000Z");
  equal(data?.projectedFinish, "2025-03-01T16:40:00.000Z");
  equal(data?.projectedSetupFinish, "2025-03-01T16:40:00.000Z");
  equal(data?.onTrack, true);
  equal(data?.bufferMinutes, 80);
});

Deno.test("criticalPath() is off track when setup finishes after startsAt", () => {
  const late = new Date("2025-03-01T17:00:00.000Z");
  const { data } = criticalPath(eventWith(diamond), late);
  equal(data?.onTrack, false);
  equal(data?.bufferMinutes, -40);
});

Deno.test("criticalPath() judges onTrack on setup work only", () => {
  const { data } = criticalPath(
    eventWith([task("rig", 60), task("walk", 600, { phase: "show", dependsOn: ["rig"] })]),
    NOW,
  );
  equal(data?.onTrack, true);
  equal(data?.projectedSetupFinish, "2025-03-01T16:00:00.000Z");
  equal(data?.projectedFinish, "2025-03-02T02:00:00.000Z");
  deepEqual(data?.criticalChain, ["rig", "walk"]);
});

Deno.test("criticalPath() gives done tasks 0 minutes and keeps them off the chain", () => {
  const { data } = criticalPath(
    eventWith([
      task("A", 30, { status: "done" }),
      task("B", 60, { dependsOn: ["A"] }),
      task("C", 20, { dependsOn: ["A"], status: "in_progress" }),
    ]),
    NOW,
  );
  deepEqual(data?.tasks.map((t) => [t.id, t.remainingMinutes, t.earliestStart]), [
    ["A", 0, 0],
    ["B", 60, 0],
    ["C", 20, 0],
  ]);
  deepEqual(data?.criticalChain, ["B"]);
  equal(data?.tasks[0].critical, false);
});

Deno.test("criticalPath() keeps zero-duration milestones on the chain", () => {
  const { data } = criticalPath(
    eventWith([
      task("load-in", 45),
      task("stage-ready", 0, { dependsOn: ["load-in"] }),
      task("sound-check", 30, { dependsOn: ["stage-ready"] }),
      task("doors", 0, { dependsOn: ["sound-check"] }),
      task("flowers", 10),
    ]),
    NOW,
  );
  deepEqual(data?.criticalChain, ["load-in", "stage-ready", "sound-check", "doors"]);
  equal(data?.tasks[4].slack, 65);
});

Deno.test("criticalPath() handles an event with no tasks or only done tasks", () => {
  for (const tasks of [[], [task("A", 30, { status: "done" as const })]]) {
    const { data } = criticalPath(eventWith(tasks), NOW);
    deepEqual(data?.criticalChain, []);
    equal(data?.projectedFinish, "2025-03-01T15:00:00.000Z");
    equal(data?.projectedSetupFinish, null);
    equal(data?.onTrack, true);
    equal(data?.bufferMinutes, null);
  }
});

Deno.test("criticalPath() lists blocked or overdue tasks that are critical", () => {
  const { data } = criticalPath(
    eventWith([
      task("A", 30, { status: "blocked", deadline: "2025-03-01T14:00:00.000Z" }),
      task("B", 60, { dependsOn: ["A"] }),
      task("side", 5, { status: "blocked", deadline: "2025-03-01T14:00:00.000Z" }),
      task("C", 10, { dependsOn: ["B"], deadline: "2025-03-01T16:00:00.000Z" }),
      task("done", 10, { status: "done", deadline: "2025-03-01T14:00:00.000Z" }),
    ]),
    NOW,
  );
  deepEqual(data?.atRisk, [
    {
      id: "A",
      title: "Task A",
      status: "blocked",
      deadline: "2025-03-01T14:00:00.000Z",
      reasons: ["blocked", "overdue"],
    },
  ]);
});

Deno.test("criticalPath() returns a cycle error naming the tasks", () => {
  const { data, error } = criticalPath(
    eventWith([
      task("a", 10, { dependsOn: ["c"] }),
      task("b", 10, { dependsOn: ["a"] }),
      task("c", 10, { dependsOn: ["b"] }),
    ]),
    NOW,
  );
  equal(data, null);
  equal(error?.code, "dependency_cycle");
  deepEqual(error?.taskIds, ["a", "c", "b"]);
});

Deno.test("criticalPath() returns an unknown dependency error", () => {
  const { data, error } = criticalPath(eventWith([task("a", 10, { dependsOn: ["zz"] })]), NOW);
  equal(data, null);
  equal(error?.code, "unknown_dependency");
  deepEqual(error?.taskIds, ["a"]);
});
