/** Picking the best assets with some variety across looks and shot types. @module */
import { compareText } from "./_compare.ts";
import { lookShotKey } from "./_shot_type.ts";
import type { QualityScore } from "./quality.ts";

export interface Select {
  id: string;
  score: number;
  lookId: string | null;
  shotType: string | null;
}

export interface SelectOptions {
  /** How many selects at most. */
  topN: number;
  /** How many selects at most per (look, shot type); default 2. */
  capPerGroup?: number;
}

export const DEFAULT_CAP_PER_GROUP = 2;

function assertCount(name: string, value: number) {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`Cannot pick selects: "${name}" must be a positive integer`);
  }
}

/**
 * The `topN` highest-scoring assets that are not rejected (ties by id), taking at most
 * `capPerGroup` from any one (look, shot type) group. Assets without a look or shot type
 * group together under the missing value, so untagged assets cannot crowd out the rest.
 * The cap is strict: with too little variety fewer than `topN` come back.
 *
 * @example The cap keeps a third "L1 front" out
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { pickSelects } from "./selects.ts";
 *
 * const scored = [90, 80, 70].map((score, i) => ({
 *   assetId: `a${i}`, lookId: "L1", shotType: "front", status: "pending" as const, score,
 *   factors: { technical: score, composition: score, brand: null },
 * }));
 * deepEqual(pickSelects(scored, { topN: 3 }).map((s) => s.id), ["a0", "a1"]);
 * ```
 */
export function pickSelects(scored: readonly QualityScore[], options: SelectOptions): Select[] {
  const { topN, capPerGroup = DEFAULT_CAP_PER_GROUP } = options;
  assertCount("topN", topN);
  assertCount("capPerGroup", capPerGroup);

  const candidates = scored
    .filter((asset) => asset.status !== "rejected")
    .sort((a, b) => b.score - a.score || compareText(a.assetId, b.assetId));

  const taken = new Map<string, number>();
  const selects: Select[] = [];
  for (const asset of candidates) {
    if (selects.length === topN) break;
    const key = lookShotKey(asset.lookId, asset.shotType);
    const count = taken.get(key) ?? 0;
    if (count >= capPerGroup) continue;
    taken.set(key, count + 1);
    selects.push({
      id: asset.assetId,
      score: asset.score,
      lookId: asset.lookId,
      shotType: asset.shotType,
    });
  }
  return selects;
}
