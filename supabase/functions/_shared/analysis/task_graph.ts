/** The dependency graph of an event's tasks, in an order that respects `dependsOn`. @module */
import type { EventTask } from "./schemas.ts";

/**
 * An expected failure of the dependency data, reported to the caller as a 422 rather than
 * thrown: `taskIds` names the tasks at fault (for a cycle, the tasks in the cycle in
 * "depends on" order; for an unknown dependency, the tasks that reference it).
 */
export interface DependencyError {
  code: "dependency_cycle" | "unknown_dependency";
  message: string;
  taskIds: string[];
}

export interface TaskGraph {
  /** Task indices such that every task comes after the tasks it depends on. */
  order: number[];
  /** `predecessors[i]`: indices of the tasks task `i` depends on, without repeats. */
  predecessors: number[][];
  /** `successors[i]`: indices of the tasks that depend on task `i`. */
  successors: number[][];
}

export type TaskGraphResult =
  | { data: TaskGraph; error: null }
  | { data: null; error: DependencyError };

type GraphTask = Pick<EventTask, "id" | "dependsOn">;

/** How many offending pairs a message spells out before summarising the rest. */
const MESSAGE_LIMIT = 5;

function unknownDependencyError(tasks: readonly GraphTask[], index: Map<string, number>) {
  const pairs: string[] = [];
  const taskIds: string[] = [];
  for (const task of tasks) {
    const missing = task.dependsOn.filter((dependency) => !index.has(dependency));
    if (missing.length === 0) continue;
    taskIds.push(task.id);
    for (const dependency of missing) pairs.push(`"${task.id}" depends on "${dependency}"`);
  }
  if (taskIds.length === 0) return null;
  const shown = pairs.slice(0, MESSAGE_LIMIT).join(", ");
  const more = pairs.length > MESSAGE_LIMIT ? ` and ${pairs.length - MESSAGE_LIMIT} more` : "";
  const error: DependencyError = {
    code: "unknown_dependency",
    message: `Cannot schedule tasks: unknown dependency: ${shown}${more}`,
    taskIds,
  };
  return error;
}

/**
 * Finds one cycle among the tasks Kahn's algorithm could not order. Every such task still
 * has an unordered predecessor, so walking predecessors from any of them must loop.
 */
function cycleError(
  tasks: readonly GraphTask[],
  predecessors: number[][],
  ordered: Uint8Array,
): DependencyError {
  const start = ordered.indexOf(0);
  const positionInWalk = new Map<number, number>();
  const walk: number[] = [];
  let current = start;
  while (!positionInWalk.has(current)) {
    positionInWalk.set(current, walk.length);
    walk.push(current);
    current = predecessors[current].find((p) => ordered[p] === 0) as number;
  }
  const cycle = walk.slice(positionInWalk.get(current));
  // Start at the task listed first in the input, so the same data names the cycle the same way.
  const first = cycle.indexOf(cycle.reduce((a, b) => Math.min(a, b)));
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  const ids = rotated.map((i) => tasks[i].id);
  const links = ids.slice(0, MESSAGE_LIMIT)
    .map((id, k) => `"${id}" depends on "${ids[(k + 1) % ids.length]}"`);
  const more = ids.length > MESSAGE_LIMIT ? ` and ${ids.length - MESSAGE_LIMIT} more` : "";
  return {
    code: "dependency_cycle",
    message: `Cannot schedule tasks: dependency cycle: ${links.join(", ")}${more}`,
    taskIds: ids,
  };
}

/**
 * Builds the graph and a dependency-respecting order (Kahn's algorithm, deterministic: tasks
 * without dependencies in input order, then each task once its last dependency is placed).
 * Repeated entries in `dependsOn` count once. An unknown dependency or a cycle is returned as
 * `error`, never thrown.
 *
 * Throws a `RangeError` on a duplicate task id: the request schema rejects those, so reaching
 * here with one is a programming error.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { buildTaskGraph } from "./task_graph.ts";
 *
 * const { data } = buildTaskGraph([
 *   { id: "hang", dependsOn: ["rig"] },
 *   { id: "rig", dependsOn: [] },
 * ]);
 * deepEqual(data?.order, [1, 0]);
 * ```
 */
export function buildTaskGraph(tasks: readonly GraphTask[]): TaskGraphResult {
  const index = new Map<string, number>();
  tasks.forEach((task, i) => {
    if (index.has(task.id)) {
      throw new RangeError(`Cannot build task graph: duplicate id "${task.id}"`);
    }
    index.set(task.id, i);
  });

  const unknown = unknownDependencyError(tasks, index);
  if (unknown) return { data: null, error: unknown };

  const predecessors = tasks.map((task) =>
    [...new Set(task.dependsOn)].map((id) => index.get(id) as number)
  );
  const successors: number[][] = tasks.map(() => []);
  const waitingOn = new Uint32Array(tasks.length);
  predecessors.forEach((preds, i) => {
    waitingOn[i] = preds.length;
    for (const p of preds) successors[p].push(i);
  });

  const order: number[] = [];
  for (let i = 0; i < tasks.length; i++) if (waitingOn[i] === 0) order.push(i);
  // `order` doubles as the FIFO queue: tasks are appended as their last dependency is placed.
  for (let head = 0; head < order.length; head++) {
    for (const next of successors[order[head]]) {
      waitingOn[next] -= 1;
      if (waitingOn[next] === 0) order.push(next);
    }
  }

  if (order.length < tasks.length) {
    const ordered = new Uint8Array(tasks.length);
    for (const i of order) ordered[i] = 1;
    return { data: null, error: cycleError(tasks, predecessors, ordered) };
  }
  return { data: { order, predecessors, successors }, error: null };
}
