/** A draft run of show: setup, show and teardown blocks around the event window. @module */
import { phaseOf } from "./_phase.ts";
import { MINUTE_MS, toIso, toMillis } from "./_time.ts";
import type { EventInput, EventPhase, EventTask } from "./schemas.ts";
import { buildTaskGraph } from "./task_graph.ts";

export interface RunOfShowBlock {
  phase: EventPhase;
  start: string;
  end: string;
  /** Sum of the block's task durations: one crew doing them one after another. */
  durationMinutes: number;
  /** In dependency order when the dependencies are valid, otherwise input order. */
  taskIds: string[];
  overrun: boolean;
  overrunMinutes: number;
}

export interface RunOfShowDraft {
  /** Minutes between `startsAt` and `endsAt`. */
  showWindowMinutes: number;
  /** Always three blocks: setup, show, teardown (an empty phase has a 0-minute block). */
  blocks: RunOfShowBlock[];
}

const PHASES: readonly EventPhase[] = ["setup", "show", "teardown"];

/**
 * Lays the tasks out by phase (no phase means setup), anchored on the event window: setup
 * runs backwards from `startsAt`, the show runs from `startsAt`, teardown starts at `endsAt`.
 * Block lengths are the plain sum of task durations, done tasks included, since this is the
 * plan for the day.
 *
 * Overruns: the show overruns by however much its tasks exceed `endsAt - startsAt`. Setup
 * overruns when its remaining (not done) work no longer fits between `now` and `startsAt`,
 * by the minutes that do not fit: finished setup work does not count against the clock.
 * Teardown has no end bound in the data, so it never overruns.
 *
 * @example A show that runs 30 minutes long
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { runOfShow } from "./run_of_show.ts";
 *
 * const draft = runOfShow({
 *   id: "e1", name: "Show", startsAt: "2025-03-01T18:00:00Z", endsAt: "2025-03-01T19:00:00Z",
 *   tasks: [{ id: "walk", title: "Walk", status: "todo", durationMinutes: 90, dependsOn: [],
 *     phase: "show" }],
 * }, new Date("2025-03-01T12:00:00Z"));
 * equal(draft.blocks[1].overrunMinutes, 30);
 * ```
 */
export function runOfShow(event: EventInput, now: Date): RunOfShowDraft {
  const startsAtMs = toMillis(event.startsAt) ?? NaN;
  const endsAtMs = toMillis(event.endsAt) ?? NaN;
  const showWindowMinutes = (endsAtMs - startsAtMs) / MINUTE_MS;

  const graph = buildTaskGraph(event.tasks);
  const ordered: readonly EventTask[] = graph.data
    ? graph.data.order.map((i) => event.tasks[i])
    : event.tasks;
  const byPhase = new Map<EventPhase, EventTask[]>(PHASES.map((phase) => [phase, []]));
  for (const task of ordered) byPhase.get(phaseOf(task))?.push(task);

  const minutesOf = (tasks: readonly EventTask[]) =>
    tasks.reduce((sum, task) => sum + task.durationMinutes, 0);
  const block = (
    phase: EventPhase,
    startMs: number,
    durationMinutes: number,
    overrunMinutes: number,
  ): RunOfShowBlock => ({
    phase,
    start: toIso(startMs),
    end: toIso(startMs + durationMinutes * MINUTE_MS),
    durationMinutes,
    taskIds: (byPhase.get(phase) ?? []).map((task) => task.id),
    overrun: overrunMinutes > 0,
    overrunMinutes,
  });

  const setupTasks = byPhase.get("setup") ?? [];
  const setupMinutes = minutesOf(setupTasks);
  const setupLeft = minutesOf(setupTasks.filter((task) => task.status !== "done"));
  const minutesUntilStart = Math.max(0, (startsAtMs - now.getTime()) / MINUTE_MS);
  const showMinutes = minutesOf(byPhase.get("show") ?? []);

  return {
    showWindowMinutes,
    blocks: [
      block(
        "setup",
        startsAtMs - setupMinutes * MINUTE_MS,
        setupMinutes,
        Math.ceil(Math.max(0, setupLeft - minutesUntilStart)),
      ),
      block(
        "show",
        startsAtMs,
        showMinutes,
        Math.ceil(Math.max(0, showMinutes - showWindowMinutes)),
      ),
      block("teardown", endsAtMs, minutesOf(byPhase.get("teardown") ?? []), 0),
    ],
  };
}
