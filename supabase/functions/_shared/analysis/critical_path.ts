/** Critical-path scheduling of an event's remaining work. @module */
import { phaseOf } from "./_phase.ts";
import { MINUTE_MS, toIso, toMillis } from "./_time.ts";
import type { EventInput, EventPhase, TaskStatus } from "./schemas.ts";
import { buildTaskGraph, type DependencyError } from "./task_graph.ts";

/** All times are minutes after the anchor (`now`). */
export interface ScheduledTask {
  id: string;
  title: string;
  status: TaskStatus;
  phase: EventPhase;
  /** `durationMinutes`, or 0 for a done task. */
  remainingMinutes: number;
  earliestStart: number;
  earliestFinish: number;
  latestStart: number;
  latestFinish: number;
  slack: number;
  /** Zero slack and not done: any delay here delays the whole project. */
  critical: boolean;
}

export type TaskRiskReason = "blocked" | "overdue";

export interface AtRiskTask {
  id: string;
  title: string;
  status: TaskStatus;
  deadline: string | null;
  reasons: TaskRiskReason[];
}

export interface CriticalPathReport {
  /** The project start the minute offsets count from: `now`. */
  anchor: string;
  startsAt: string;
  /** When the last remaining task would finish if everything starts as early as it can. */
  projectedFinish: string;
  /** When the last remaining setup task would finish; null when no setup work remains. */
  projectedSetupFinish: string | null;
  /** Remaining setup work finishes by `startsAt` (true when none remains). */
  onTrack: boolean;
  /** Whole minutes from projected setup finish to `startsAt`; negative when late. */
  bufferMinutes: number | null;
  /** One chain of zero-slack tasks, in the order they must run. */
  criticalChain: string[];
  /** Every task, in input order. */
  tasks: ScheduledTask[];
  /** Critical tasks that are blocked, or past their deadline and not done, in run order. */
  atRisk: AtRiskTask[];
}

export type CriticalPathResult =
  | { data: CriticalPathReport; error: null }
  | { data: null; error: DependencyError };

/** Durations are whole minutes, so this only absorbs floating-point noise. */
const EPSILON = 1e-9;

/**
 * The critical-path method over the tasks' dependencies: a forward pass for earliest
 * start/finish, a backward pass from the projected finish for latest start/finish, and slack
 * as their difference.
 *
 * Choices: the remaining work is scheduled to start at `now` (the anchor), each task as soon
 * as its dependencies finish; a done task takes 0 minutes, an in-progress or blocked task its
 * full `durationMinutes` (progress within a task is not known). Phases are not anchored here
 * (that is the run of show's job); `onTrack` asks only whether the remaining setup work,
 * scheduled this way, finishes by `startsAt`.
 *
 * @example Two tasks in a row
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { criticalPath } from "./critical_path.ts";
 *
 * const { data } = criticalPath({
 *   id: "e1", name: "Show", startsAt: "2025-03-01T18:00:00Z", endsAt: "2025-03-01T20:00:00Z",
 *   tasks: [
 *     { id: "rig", title: "Rig lights", status: "todo", durationMinutes: 90, dependsOn: [] },
 *     { id: "focus", title: "Focus", status: "todo", durationMinutes: 30, dependsOn: ["rig"] },
 *   ],
 * }, new Date("2025-03-01T15:00:00Z"));
 * deepEqual(data?.criticalChain, ["rig", "focus"]);
 * equal(data?.bufferMinutes, 60);
 * ```
 */
export function criticalPath(event: EventInput, now: Date): CriticalPathResult {
  const { tasks } = event;
  const graph = buildTaskGraph(tasks);
  if (graph.error) return { data: null, error: graph.error };
  const { order, predecessors, successors } = graph.data;
  const count = tasks.length;
  const nowMs = now.getTime();

  const remaining = Float64Array.from(tasks, (t) => t.status === "done" ? 0 : t.durationMinutes);
  const earliestStart = new Float64Array(count);
  const earliestFinish = new Float64Array(count);
  let finish = 0;
  for (const i of order) {
    let start = 0;
    for (const p of predecessors[i]) if (earliestFinish[p] > start) start = earliestFinish[p];
    earliestStart[i] = start;
    earliestFinish[i] = start + remaining[i];
    if (earliestFinish[i] > finish) finish = earliestFinish[i];
  }

  const latestStart = new Float64Array(count);
  const latestFinish = new Float64Array(count);
  for (let k = count - 1; k >= 0; k--) {
    const i = order[k];
    let end = finish;
    for (const s of successors[i]) if (latestStart[s] < end) end = latestStart[s];
    latestFinish[i] = end;
    latestStart[i] = end - remaining[i];
  }

  const zeroSlack = (i: number) => Math.abs(latestStart[i] - earliestStart[i]) < EPSILON;
  const isCritical = (i: number) => tasks[i].status !== "done" && zeroSlack(i);

  let setupFinish: number | null = null;
  for (let i = 0; i < count; i++) {
    if (tasks[i].status === "done" || phaseOf(tasks[i]) !== "setup") continue;
    if (setupFinish === null || earliestFinish[i] > setupFinish) setupFinish = earliestFinish[i];
  }
  const startsAtMs = toMillis(event.startsAt) ?? NaN;
  const setupFinishMs = setupFinish === null ? null : nowMs + setupFinish * MINUTE_MS;

  const atRisk: AtRiskTask[] = [];
  for (const i of order) {
    if (!isCritical(i)) continue;
    const task = tasks[i];
    const reasons: TaskRiskReason[] = [];
    if (task.status === "blocked") reasons.push("blocked");
    const deadlineMs = toMillis(task.deadline);
    if (deadlineMs !== undefined && deadlineMs < nowMs) reasons.push("overdue");
    if (reasons.length > 0) {
      atRisk.push({
        id: task.id,
        title: task.title,
        status: task.status,
        deadline: task.deadline ?? null,
        reasons,
      });
    }
  }

  return {
    data: {
      anchor: toIso(nowMs),
      startsAt: event.startsAt,
      projectedFinish: toIso(nowMs + finish * MINUTE_MS),
      projectedSetupFinish: setupFinishMs === null ? null : toIso(setupFinishMs),
      onTrack: setupFinishMs === null || setupFinishMs <= startsAtMs,
      bufferMinutes: setupFinishMs === null
        ? null
        : Math.floor((startsAtMs - setupFinishMs) / MINUTE_MS),
      criticalChain: traceChain(order, predecessors, earliestStart, earliestFinish, zeroSlack)
        .filter(isCritical)
        .map((i) => tasks[i].id),
      tasks: tasks.map((task, i) => ({
        id: task.id,
        title: task.title,
        status: task.status,
        phase: phaseOf(task),
        remainingMinutes: remaining[i],
        earliestStart: earliestStart[i],
        earliestFinish: earliestFinish[i],
        latestStart: latestStart[i],
        latestFinish: latestFinish[i],
        slack: latestStart[i] - earliestStart[i],
        critical: isCritical(i),
      })),
      atRisk,
    },
    error: null,
  };
}

/**
 * Walks back from the zero-slack task that finishes last, each step to a zero-slack
 * dependency that finishes exactly when the current task starts. Where several qualify
 * (parallel critical paths), the one later in run order wins, so zero-minute milestones
 * between two tasks stay in the chain. Done tasks are walked through; the caller drops them.
 */
function traceChain(
  order: readonly number[],
  predecessors: readonly number[][],
  earliestStart: Float64Array,
  earliestFinish: Float64Array,
  zeroSlack: (i: number) => boolean,
): number[] {
  const position = new Uint32Array(order.length);
  order.forEach((taskIndex, k) => position[taskIndex] = k);

  let current = -1;
  for (const i of order) {
    if (zeroSlack(i) && (current === -1 || earliestFinish[i] >= earliestFinish[current])) {
      current = i;
    }
  }
  const chain: number[] = [];
  while (current !== -1) {
    chain.push(current);
    let previous = -1;
    for (const p of predecessors[current]) {
      if (!zeroSlack(p) || Math.abs(earliestFinish[p] - earliestStart[current]) >= EPSILON) {
        continue;
      }
      if (previous === -1 || position[p] > position[previous]) previous = p;
    }
    current = previous;
  }
  return chain.reverse();
}
