/** Grouping sample handling into per-category batches, and the time that saves. @module */
import { compareText } from "./_compare.ts";
import { toMillis } from "./_time.ts";
import type { Sample, SampleStatus } from "./schemas.ts";

/**
 * The time model behind the savings estimate. Handling samples one by one costs
 * `perBatchSetupMinutes + perItemMinutes` for each sample (every sample gets its own trip,
 * unpacking, paperwork); a batch of n costs `perBatchSetupMinutes + n * perItemMinutes`.
 * A batch of n therefore saves `(n - 1) * perBatchSetupMinutes`.
 */
export interface BatchTimeModel {
  perItemMinutes: number;
  perBatchSetupMinutes: number;
}

export const DEFAULT_BATCH_TIME_MODEL: Readonly<BatchTimeModel> = Object.freeze({
  perItemMinutes: 5,
  perBatchSetupMinutes: 15,
});

export interface SampleBatch {
  category: string;
  /** Heroes first, then earliest shoot date (undated last), then id. */
  sampleIds: string[];
  itemCount: number;
  heroCount: number;
  minutesOneByOne: number;
  minutesBatched: number;
  estimatedMinutesSaved: number;
}

export interface BatchingPlan {
  timeModel: BatchTimeModel;
  /** Batches holding heroes first (most heroes first), then larger batches, then category. */
  batches: SampleBatch[];
  itemCount: number;
  minutesOneByOne: number;
  minutesBatched: number;
  estimatedMinutesSaved: number;
}

/** Shot and returned samples need no more handling on this shoot. */
const DONE_STATUSES: ReadonlySet<SampleStatus> = new Set<SampleStatus>(["shot", "returned"]);

function resolveTimeModel(overrides: Partial<BatchTimeModel>): BatchTimeModel {
  // `??` rather than spread, so an explicit `undefined` still gets the default.
  const model: BatchTimeModel = {
    perItemMinutes: overrides.perItemMinutes ?? DEFAULT_BATCH_TIME_MODEL.perItemMinutes,
    perBatchSetupMinutes: overrides.perBatchSetupMinutes ??
      DEFAULT_BATCH_TIME_MODEL.perBatchSetupMinutes,
  };
  for (const [key, value] of Object.entries(model)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Cannot plan batches: "${key}" must be a non-negative number`);
    }
  }
  return model;
}

/** Heroes first, then earliest shoot date (undated last), then id. */
function orderWithinBatch(group: readonly Sample[]): Sample[] {
  // Parse each shoot date once rather than in every comparison.
  const keyed = group.map((sample) => ({
    sample,
    shootMs: toMillis(sample.shootDate) ?? Infinity,
  }));
  keyed.sort((a, b) =>
    Number(b.sample.isHero) - Number(a.sample.isHero) ||
    (a.shootMs === b.shootMs ? 0 : a.shootMs < b.shootMs ? -1 : 1) ||
    compareText(a.sample.id, b.sample.id)
  );
  return keyed.map((entry) => entry.sample);
}

/**
 * Batches the samples that still need handling (not `shot` or `returned`) by category,
 * heroes first, with the minutes saved under `timeModel` (defaults: 5 min per item, 15 min
 * setup per batch; see {@linkcode BatchTimeModel}).
 *
 * @example Three tops in one batch save two setups
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { planBatches } from "./batching.ts";
 *
 * const tops = ["a", "b", "c"].map((id) => ({
 *   id, name: id, category: "tops", status: "requested" as const, isHero: false,
 * }));
 * equal(planBatches(tops).estimatedMinutesSaved, 30);
 * ```
 */
export function planBatches(
  samples: readonly Sample[],
  timeModel: Partial<BatchTimeModel> = {},
): BatchingPlan {
  const model = resolveTimeModel(timeModel);
  const byCategory = new Map<string, Sample[]>();
  for (const sample of samples) {
    if (DONE_STATUSES.has(sample.status)) continue;
    const group = byCategory.get(sample.category);
    if (group) group.push(sample);
    else byCategory.set(sample.category, [sample]);
  }

  const batches: SampleBatch[] = [];
  for (const [category, unordered] of byCategory) {
    const group = orderWithinBatch(unordered);
    const itemCount = group.length;
    const minutesOneByOne = itemCount * (model.perBatchSetupMinutes + model.perItemMinutes);
    const minutesBatched = model.perBatchSetupMinutes + itemCount * model.perItemMinutes;
    batches.push({
      category,
      sampleIds: group.map((sample) => sample.id),
      itemCount,
      heroCount: group.filter((sample) => sample.isHero).length,
      minutesOneByOne,
      minutesBatched,
      estimatedMinutesSaved: minutesOneByOne - minutesBatched,
    });
  }
  batches.sort((a, b) =>
    b.heroCount - a.heroCount || b.itemCount - a.itemCount || compareText(a.category, b.category)
  );

  const sum = (pick: (batch: SampleBatch) => number) =>
    batches.reduce((total, batch) => total + pick(batch), 0);
  return {
    timeModel: model,
    batches,
    itemCount: sum((batch) => batch.itemCount),
    minutesOneByOne: sum((batch) => batch.minutesOneByOne),
    minutesBatched: sum((batch) => batch.minutesBatched),
    estimatedMinutesSaved: sum((batch) => batch.estimatedMinutesSaved),
  };
}
