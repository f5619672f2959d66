/** How ready the samples for a shoot are. @module */
import { compareText } from "./_compare.ts";
import { roundTo1 } from "./_time.ts";
import type { Sample, SampleStatus } from "./schemas.ts";

/** A sample counts as ready once it is on set or already shot (the product's formula). */
const READY_STATUSES: ReadonlySet<SampleStatus> = new Set<SampleStatus>(["on_set", "shot"]);

export interface ReadinessSummary {
  total: number;
  ready: number;
  /** `ready / total * 100`, one decimal; 0 when there is nothing to count. */
  percent: number;
}

export interface CategoryReadiness extends ReadinessSummary {
  category: string;
}

export interface ReadinessReport extends ReadinessSummary {
  /** Every status is present, zero when no sample has it. */
  byStatus: Record<SampleStatus, number>;
  heroes: ReadinessSummary;
  /** Every category, least ready first; ties by category name. */
  leastReadyCategories: CategoryReadiness[];
}

function summary(total: number, ready: number): ReadinessSummary {
  return { total, ready, percent: total === 0 ? 0 : roundTo1((ready / total) * 100) };
}

/**
 * Readiness of a sample list: `(on_set + shot) / total * 100`, overall, for hero pieces, and
 * per category. A `returned` sample counts in the total but not as ready, as the formula says.
 *
 * @example 3 on set and 2 shot out of 10
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { readinessReport } from "./readiness.ts";
 *
 * const statuses = ["on_set", "on_set", "on_set", "shot", "shot"] as const;
 * const samples = Array.from({ length: 10 }, (_, i) => ({
 *   id: `s${i}`, name: `Sample ${i}`, category: "tops", isHero: false,
 *   status: statuses[i] ?? "requested",
 * }));
 * equal(readinessReport(samples).percent, 50);
 * ```
 */
export function readinessReport(samples: readonly Sample[]): ReadinessReport {
  const byStatus: Record<SampleStatus, number> = {
    requested: 0,
    in_transit: 0,
    awaiting: 0,
    on_set: 0,
    shot: 0,
    returned: 0,
  };
  const categories = new Map<string, { total: number; ready: number }>();
  let ready = 0;
  let heroTotal = 0;
  let heroReady = 0;

  for (const sample of samples) {
    const isReady = READY_STATUSES.has(sample.status);
    byStatus[sample.status] += 1;
    if (isReady) ready += 1;
    if (sample.isHero) {
      heroTotal += 1;
      if (isReady) heroReady += 1;
    }
    const category = categories.get(sample.category) ?? { total: 0, ready: 0 };
    category.total += 1;
    if (isReady) category.ready += 1;
    categories.set(sample.category, category);
  }

  const leastReadyCategories = [...categories]
    .map(([category, counts]) => ({ category, ...summary(counts.total, counts.ready) }))
    .sort((a, b) => a.percent - b.percent || compareText(a.category, b.category));

  return {
    ...summary(samples.length, ready),
    byStatus,
    heroes: summary(heroTotal, heroReady),
    leastReadyCategories,
  };
}
