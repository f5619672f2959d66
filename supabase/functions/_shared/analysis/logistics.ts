/**
 * The logistics analyzer: readiness, blockers and batching over a sample list.
 *
 * @module
 */
import { type BatchingPlan, planBatches } from "./batching.ts";
import { type Blocker, findBlockers } from "./blockers.ts";
import { type ReadinessReport, readinessReport } from "./readiness.ts";
import type { LogisticsAnalysisType, Sample } from "./schemas.ts";

export {
  type BatchingPlan,
  type BatchTimeModel,
  DEFAULT_BATCH_TIME_MODEL,
  planBatches,
  type SampleBatch,
} from "./batching.ts";
export {
  type Blocker,
  type BlockerReasonCode,
  type BlockerSeverity,
  findBlockers,
} from "./blockers.ts";
export {
  type CategoryReadiness,
  type ReadinessReport,
  readinessReport,
  type ReadinessSummary,
} from "./readiness.ts";

export type LogisticsPart = "readiness" | "blockers" | "batching";

export interface LogisticsAnalysis {
  readiness?: ReadinessReport;
  blockers?: Blocker[];
  batching?: BatchingPlan;
}

const ALL_LOGISTICS_PARTS: readonly LogisticsPart[] = ["readiness", "blockers", "batching"];

/**
 * The parts an `analysisType` asks for: `"all"` means every part.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { logisticsPartsFor } from "./logistics.ts";
 *
 * equal(logisticsPartsFor("all").size, 3);
 * ```
 */
export function logisticsPartsFor(analysisType: LogisticsAnalysisType): Set<LogisticsPart> {
  return new Set(analysisType === "all" ? ALL_LOGISTICS_PARTS : [analysisType]);
}

/**
 * Runs the requested parts over `samples`; parts not asked for are absent from the result.
 * `now` is passed in so results are reproducible (the handler adds `cached`/`calculatedAt`).
 *
 * @example Readiness only
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { analyzeLogistics } from "./logistics.ts";
 *
 * const result = analyzeLogistics([], new Set(["readiness"]), new Date());
 * deepEqual(Object.keys(result), ["readiness"]);
 * ```
 */
export function analyzeLogistics(
  samples: readonly Sample[],
  parts: ReadonlySet<LogisticsPart>,
  now: Date,
): LogisticsAnalysis {
  const analysis: LogisticsAnalysis = {};
  if (parts.has("readiness")) analysis.readiness = readinessReport(samples);
  if (parts.has("blockers")) analysis.blockers = findBlockers(samples, now);
  if (parts.has("batching")) analysis.batching = planBatches(samples);
  return analysis;
}
