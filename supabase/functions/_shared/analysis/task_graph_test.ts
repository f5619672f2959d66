import { deepEqual, equal, throws } from "node:assert/strict";
import { task } from "./_event_fixtures.ts";
import { buildTaskGraph } from "./task_graph.ts";

Deno.test("buildTaskGraph() orders every task after its dependencies", () => {
  const tasks = [
    task("d", 1, { dependsOn: ["b", "c"] }),
    task("c", 1, { dependsOn: ["a"] }),
    task("b", 1, { dependsOn: ["a"] }),
    task("a", 1),
  ];
  const { data, error } = buildTaskGraph(tasks);
  equal(error, null);
  deepEqual(data?.order.map((i) => tasks[i].id), ["a", "c", "b", "d"]);
});

Deno.test("buildTaskGraph() names all three tasks of a 3-task cycle", () => {
  const { data, error } = buildTaskGraph([
    task("free", 1),
    task("b", 1, { dependsOn: ["a"] }),
    task("c", 1, { dependsOn: ["b"] }),
    task("a", 1, { dependsOn: ["c", "free"] }),
    task("after", 1, { dependsOn: ["c"] }),
  ]);
  equal(data, null);
  deepEqual(error, {
    code: "dependency_cycle",
    message: 'Cannot schedule tasks: dependency cycle: "b" depends on "a", ' +
      '"a" depends on "c", "c" depends on "b"',
    taskIds: ["b", "a", "c"],
  });
});

Deno.test("buildTaskGraph() reports a task that depends on itself", () => {
  const { error } = buildTaskGraph([task("a", 1, { dependsOn: ["a"] })]);
  deepEqual(error?.taskIds, ["a"]);
  equal(error?.code, "dependency_cycle");
});

Deno.test("buildTaskGraph() names the tasks with an unknown dependency", () => {
  const { data, error } = buildTaskGraph([
    task("a", 1),
    task("b", 1, { dependsOn: ["a", "ghost"] }),
    task("c", 1, { dependsOn: ["phantom"] }),
  ]);
  equal(data, null);
  deepEqual(error, {
    code: "unknown_dependency",
    message: 'Cannot schedule tasks: unknown dependency: "b" depends on "ghost", ' +
      '"c" depends on "phantom"',
    taskIds: ["b", "c"],
  });
});

Deno.test("buildTaskGraph() summarises long lists of unknown dependencies", () => {
  const tasks = Array.from({ length: 7 }, (_, i) => task(`t${i}`, 1, { dependsOn: ["x"] }));
  const { error } = buildTaskGraph(tasks);
  equal(error?.taskIds.length, 7);
  equal(error?.message.endsWith('"t4" depends on "x" and 2 more'), true);
});

Deno.test("buildTaskGraph() counts a repeated dependency once", () => {
  const { data } = buildTaskGraph([task("a", 1), task("b", 1, { dependsOn: ["a", "a"] })]);
  deepEqual(data?.predecessors, [[], [0]]);
  deepEqual(data?.successors, [[1], []]);
});

Deno.test("buildTaskGraph() throws on a duplicate task id", () => {
  throws(() => buildTaskGraph([task("a", 1), task("a", 2)]), RangeError);
});

Deno.test("buildTaskGraph() accepts an empty task list", () => {
  deepEqual(buildTaskGraph([]).data?.order, []);
});

Deno.test("buildTaskGraph() names every task of a long cycle but keeps the message short", () => {
  const tasks = Array.from(
    { length: 50 },
    (_, i) => task(`t${i}`, 1, { dependsOn: [`t${(i + 1) % 50}`] }),
  );
  const { error } = buildTaskGraph(tasks);
  equal(error?.taskIds.length, 50);
  equal(error?.message.endsWith('"t4" depends on "t5" and 45 more'), true);
});
