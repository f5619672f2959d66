/**
 * The events optimizer: critical path, staffing and run of show for one event.
 *
 * @module
 */
import { criticalPath, type CriticalPathReport } from "./critical_path.ts";
import { runOfShow, type RunOfShowDraft } from "./run_of_show.ts";
import type { EventInput, EventsAnalysisType } from "./schemas.ts";
import { type StaffingGap, staffingReport } from "./staffing.ts";
import type { DependencyError } from "./task_graph.ts";

export {
  type AtRiskTask,
  criticalPath,
  type CriticalPathReport,
  type CriticalPathResult,
  type ScheduledTask,
  type TaskRiskReason,
} from "./critical_path.ts";
export { runOfShow, type RunOfShowBlock, type RunOfShowDraft } from "./run_of_show.ts";
export { type StaffingGap, staffingReport } from "./staffing.ts";
export { buildTaskGraph, type DependencyError, type TaskGraph } from "./task_graph.ts";

export type EventPart = "critical_path" | "staffing" | "run_of_show";

export interface EventAnalysis {
  criticalPath?: CriticalPathReport;
  staffing?: StaffingGap[];
  runOfShow?: RunOfShowDraft;
}

export type EventAnalysisResult =
  | { data: EventAnalysis; error: null }
  | { data: null; error: DependencyError };

const ALL_EVENT_PARTS: readonly EventPart[] = ["critical_path", "staffing", "run_of_show"];

/**
 * The parts an `analysisType` asks for: `"all"` means every part.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { eventPartsFor } from "./events.ts";
 *
 * deepEqual([...eventPartsFor("staffing")], ["staffing"]);
 * ```
 */
export function eventPartsFor(analysisType: EventsAnalysisType): Set<EventPart> {
  return new Set(analysisType === "all" ? ALL_EVENT_PARTS : [analysisType]);
}

/**
 * Runs the requested parts for `event`. Only the critical path can fail (a dependency cycle
 * or an unknown dependency); then the whole result is that `error` and `data` is null, so a
 * caller never caches or shows a half answer. Staffing and run of show never fail.
 *
 * @example Staffing only
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { analyzeEvent } from "./events.ts";
 *
 * const event = {
 *   id: "e1", name: "Show", startsAt: "2025-03-01T18:00:00Z", endsAt: "2025-03-01T20:00:00Z",
 *   tasks: [],
 * };
 * deepEqual(analyzeEvent(event, new Set(["staffing"]), new Date()), {
 *   data: { staffing: [] },
 *   error: null,
 * });
 * ```
 */
export function analyzeEvent(
  event: EventInput,
  parts: ReadonlySet<EventPart>,
  now: Date,
): EventAnalysisResult {
  const analysis: EventAnalysis = {};
  if (parts.has("critical_path")) {
    const { data, error } = criticalPath(event, now);
    if (error) return { data: null, error };
    analysis.criticalPath = data;
  }
  if (parts.has("staffing")) analysis.staffing = staffingReport(event.staffing);
  if (parts.has("run_of_show")) analysis.runOfShow = runOfShow(event, now);
  return { data: analysis, error: null };
}

/** Every part of an event's analysis, with the dependency error when the task graph has one. */
export interface FullEventAnalysis extends EventAnalysis {
  dependencyError?: DependencyError;
}

/**
 * Every part at once, each computed once: what the events optimizer caches. A dependency
 * cycle (or an unknown dependency) only breaks the critical path, so staffing and the run of
 * show are still given, and the error is kept beside them for those who ask for the critical
 * path. This is not `analyzeEvent`'s half answer: the error is part of the result, and a
 * caller that asks for the critical path gets it instead of the other parts.
 *
 * @example A cycle keeps the other parts
 * ```ts
 * import { equal, ok } from "node:assert/strict";
 * import { fullEventAnalysis } from "./events.ts";
 *
 * const full = fullEventAnalysis({
 *   id: "e1", name: "Show", startsAt: "2025-03-01T18:00:00Z", endsAt: "2025-03-01T20:00:00Z",
 *   tasks: [{ id: "a", title: "A", status: "todo", durationMinutes: 5, dependsOn: ["a"] }],
 * }, new Date("2025-03-01T12:00:00Z"));
 * equal(full.dependencyError?.code, "dependency_cycle");
 * equal(full.criticalPath, undefined);
 * ok(full.runOfShow);
 * ```
 */
export function fullEventAnalysis(event: EventInput, now: Date): FullEventAnalysis {
  const { data, error } = criticalPath(event, now);
  const full: FullEventAnalysis = error ? { dependencyError: error } : { criticalPath: data };
  full.staffing = staffingReport(event.staffing);
  full.runOfShow = runOfShow(event, now);
  return full;
}
